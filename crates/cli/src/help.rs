//! Help texts of the terminal: what it runs, and a synopsis of each modelled operation.

use crate::spec::{self, Kind, Operation};

pub fn overview() -> String {
    "This terminal runs:\n\
     \x20 aws ec2 <operation> [parameters]   the AWS CLI, against the simulated world ('aws ec2 help')\n\
     \x20 sim <subcommand>                   sandbox commands: advance time, clock, reset ('sim help')\n\
     \x20 clear                              clear the screen\n\
     Global options: --region, --output json|text|table, --profile learner|partner.\n\
     In aws and sim lines, {i:NAME}, {vol:NAME} and {snap:NAME} stand for the id of the\n\
     instance, volume or snapshot tagged Name=NAME,\n\
     and {ami:PREFIX} for the catalogue image whose name starts with PREFIX.\n"
        .to_string()
}

pub fn sim() -> String {
    "sim advance <duration>      move the virtual clock forward (90s, 5m, 2h, 1d, 1h30m)\n\
     sim next                    jump to the next scheduled event\n\
     sim clock                   show the virtual time, seed and limit profile\n\
     sim events                  list scheduled events\n\
     sim cost                    charges of the current account so far, per item and per resource\n\
     sim snapshots               each snapshot's own (incremental) and full size\n\
     sim fault hardware INSTANCE the instance's host fails (sandbox only)\n\
     sim fault capacity TYPE ZONE out|back\n\
     \x20                           a type runs out of capacity in a zone, or gets it back\n\
     sim fault event INSTANCE CODE [IN]\n\
     \x20                           AWS schedules an event (instance-reboot, system-reboot, …)\n\
     sim workload set --volume-id V --read-iops N [--write-iops N] [--io-size-kib K] [--sequential]\n\
     \x20                           the guest's I/O on a volume (sim workload clear --volume-id V)\n\
     sim volume VOLUME           the volume's IOPS and throughput limits, burst credits, demand\n\
     sim inbox [N]               mail SNS sent to email subscriptions (N: read one)\n\
     sim cpu set --instance-id I --percent N [--pattern P]\n\
     \x20                           the guest's CPU load (sim cpu clear --instance-id I)\n\
     sim cpu INSTANCE            its CPU utilization and, on T2/T3, CPU credits\n\
     sim network set --instance-id I --mbps N\n\
     \x20                           the guest's other network traffic, which EBS shares on an\n\
     \x20                           instance without dedicated EBS bandwidth (sim network clear …)\n\
     sim disk info|ls|cat INSTANCE [PATH] [--device D]\n\
     \x20                           look at an instance's disks (root, ephemeral0, …)\n\
     sim disk write|rm INSTANCE PATH [TEXT] [--device D]\n\
     \x20                           act as a process inside the running instance\n\
     sim reset [--seed N] [--profile classic|current]\n\
     \x20                           start a fresh world\n"
        .to_string()
}

fn synopsis(service: &str, op: &Operation) -> String {
    let mut out = format!("aws {service} {}\n", op.name);
    for p in op.params {
        let shape = match p.kind {
            Kind::Str => format!("--{} <value>", p.name),
            Kind::Blob => format!("--{} <base64>", p.name),
            Kind::Int => format!("--{} <integer>", p.name),
            Kind::Float => format!("--{} <double>", p.name),
            Kind::StrList => format!("--{} <value> [<value> ...]", p.name),
            Kind::Bool => format!("--{} | --{}", p.name, crate::spec::negative_flag(p.name)),
            Kind::Struct(m) | Kind::Map(m) => {
                format!("--{} {}", p.name, m.iter().map(|k| format!("{k}=<value>")).collect::<Vec<_>>().join(","))
            }
            Kind::StructList(m) => {
                format!("--{} {} ...", p.name, m.iter().map(|k| format!("{k}=<value>")).collect::<Vec<_>>().join(","))
            }
        };
        if p.required {
            out.push_str(&format!("  {shape}\n"));
        } else {
            out.push_str(&format!("  [{shape}]\n"));
        }
    }
    if op.dry_run {
        out.push_str("  [--dry-run | --no-dry-run]\n");
    }
    out
}

pub fn aws(service: Option<&str>, operation: Option<&Operation>) -> String {
    match (service, operation) {
        (service, Some(op)) => format!("{}\n{}", op.summary, synopsis(service.unwrap_or("ec2"), op)),
        (Some(name), None) => {
            let Some(svc) = spec::service(name) else { return format!("aws: unknown service {name}\n") };
            let mut out = format!("aws {} operations in this sandbox:\n", svc.name);
            // The column is as wide as the longest operation name, as in `aws ec2 help`'s list.
            let width = svc.operations.iter().map(|op| op.name.len()).max().unwrap_or(0);
            for op in svc.operations {
                out.push_str(&format!("  {:<width$} {}\n", op.name, op.summary));
            }
            out
        }
        (None, None) => format!(
            "aws <command> <subcommand> [parameters]\nAvailable services in this sandbox: {}\n",
            spec::SERVICES.iter().map(|s| s.name).collect::<Vec<_>>().join(", ")
        ),
    }
}
