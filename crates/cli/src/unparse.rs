//! A typed request → the `aws …` line that means it. Forms echo these lines in the terminal,
//! so clicking teaches the CLI; `parse(unparse(cmd)) == cmd` is property-tested.

use kumo_sim::Command;

use crate::lexer::quote;

fn opt(out: &mut Vec<String>, name: &str, v: &Option<String>) {
    if let Some(v) = v {
        out.push(format!("--{name}"));
        out.push(v.clone());
    }
}

fn num(out: &mut Vec<String>, name: &str, v: Option<u32>) {
    if let Some(n) = v {
        out.push(format!("--{name}"));
        out.push(n.to_string());
    }
}

/// The words of the line that means `cmd`: `aws ec2 <operation> …`, or `sim disk …` for what
/// happens inside an instance (not an AWS API).
pub fn words(cmd: &Command) -> Vec<String> {
    let mut w: Vec<String> = vec!["aws".into(), "ec2".into()];
    match cmd {
        Command::Ec2(_) | Command::Sts(_) | Command::Iam(_) | Command::Sns(_) | Command::CloudWatch(_) => {
            if let Some((service, op, rest)) = crate::by_model::words(cmd) {
                w[1] = service.into();
                w.push(op);
                w.extend(rest);
            }
        }
        Command::SandboxSetWorkload { volume_id, workload } => {
            w = vec!["sim".into(), "workload".into()];
            match workload {
                Some(wl) => {
                    w.push("set".into());
                    opt(&mut w, "volume-id", &Some(volume_id.clone()));
                    num(&mut w, "read-iops", Some(wl.read_iops));
                    num(&mut w, "write-iops", Some(wl.write_iops));
                    num(&mut w, "io-size-kib", Some(wl.io_size_kib));
                    if wl.sequential {
                        w.push("--sequential".into());
                    }
                    // Patterns are written relative to the moment they were set.
                    if let Some(p) = pattern_words(&wl.pattern) {
                        w.push("--pattern".into());
                        w.push(p);
                    }
                }
                None => {
                    w.push("clear".into());
                    opt(&mut w, "volume-id", &Some(volume_id.clone()));
                }
            }
        }
        Command::SandboxSetCpuLoad { instance_id, load } => {
            w = vec!["sim".into(), "cpu".into()];
            match load {
                Some(l) => {
                    w.push("set".into());
                    opt(&mut w, "instance-id", &Some(instance_id.clone()));
                    w.push("--percent".into());
                    w.push(format!("{}", l.percent));
                    if let Some(p) = pattern_words(&l.pattern) {
                        w.push("--pattern".into());
                        w.push(p);
                    }
                }
                None => {
                    w.push("clear".into());
                    opt(&mut w, "instance-id", &Some(instance_id.clone()));
                }
            }
        }
        Command::SandboxSetNetworkLoad { instance_id, mbps } => {
            w = vec!["sim".into(), "network".into()];
            match mbps {
                Some(m) => {
                    w.push("set".into());
                    opt(&mut w, "instance-id", &Some(instance_id.clone()));
                    w.push("--mbps".into());
                    w.push(format!("{m}"));
                }
                None => {
                    w.push("clear".into());
                    opt(&mut w, "instance-id", &Some(instance_id.clone()));
                }
            }
        }
        Command::SandboxFailHardware { instance_id } => {
            w = vec!["sim".into(), "fault".into(), "hardware".into(), instance_id.clone()];
        }
        Command::SandboxSetCapacity { instance_type, zone, available } => {
            w = vec![
                "sim".into(),
                "fault".into(),
                "capacity".into(),
                instance_type.clone(),
                zone.clone(),
                if *available { "back" } else { "out" }.into(),
            ];
        }
        Command::SandboxScheduleEvent { instance_id, code, in_hours } => {
            w = vec![
                "sim".into(),
                "fault".into(),
                "event".into(),
                instance_id.clone(),
                code.clone(),
                format!("{in_hours}h"),
            ];
        }
        Command::GuestWriteFile { instance_id, device, path, content } => {
            w = vec!["sim".into(), "disk".into(), "write".into(), instance_id.clone(), path.clone(), content.clone()];
            opt(&mut w, "device", device);
        }
        Command::GuestRemoveFile { instance_id, device, path } => {
            w = vec!["sim".into(), "disk".into(), "rm".into(), instance_id.clone(), path.clone()];
            opt(&mut w, "device", device);
        }
    }
    w
}

/// The full, shell-quoted line for a command.
pub fn line(cmd: &Command) -> String {
    words(cmd).iter().map(|w| quote(w)).collect::<Vec<_>>().join(" ")
}

fn pattern_words(p: &kumo_sim::ec2::performance::Pattern) -> Option<String> {
    use kumo_sim::ec2::performance::Pattern;
    // In the largest unit that divides it, as a learner would type it.
    let d = |m: kumo_sim::Millis| match m.0 / 1000 {
        s if s > 0 && s % 3600 == 0 => format!("{}h", s / 3600),
        s if s > 0 && s % 60 == 0 => format!("{}m", s / 60),
        s => format!("{s}s"),
    };
    match *p {
        Pattern::Steady => None,
        Pattern::Daily { from_hour, to_hour } => Some(format!("daily:{from_hour}-{to_hour}")),
        // The line is written when the request is made: a batch starting now or later.
        Pattern::Batch { duration, .. } => Some(format!("batch:0s+{}", d(duration))),
        Pattern::Spikes { every, duration, .. } => Some(format!("spikes:{}/{}", d(every), d(duration))),
    }
}
