//! A typed request → the `aws …` line that means it. Forms echo these lines in the terminal,
//! so clicking teaches the CLI; `parse(unparse(cmd)) == cmd` is property-tested.

use kumo_sim::Command;
use kumo_sim::command::{Filter, InstanceAttributeChange, Tag, TagSpecification};

use crate::lexer::quote;

/// Shorthand-quotes a value when it holds characters that shorthand treats specially.
fn sh_value(v: &str) -> String {
    let special = v.is_empty() || v.contains([',', '=', '[', ']', '{', '}', '\'', '"', '\\']) || v.trim() != v;
    if special { format!("\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\"")) } else { v.to_string() }
}

fn tag_specs(out: &mut Vec<String>, specs: &[TagSpecification]) {
    if !specs.is_empty() {
        out.push("--tag-specifications".into());
        for spec in specs {
            out.push(format!("ResourceType={},Tags={}", sh_value(&spec.resource_type), tags(&spec.tags)));
        }
    }
}

fn filters(out: &mut Vec<String>, filters: &[Filter]) {
    if filters.is_empty() {
        return;
    }
    out.push("--filters".into());
    for f in filters {
        let values: Vec<String> = f.values.iter().map(|v| sh_value(v)).collect();
        out.push(format!("Name={},Values=[{}]", sh_value(&f.name), values.join(",")));
    }
}

fn tags(tags: &[Tag]) -> String {
    let items: Vec<String> =
        tags.iter().map(|t| format!("{{Key={},Value={}}}", sh_value(&t.key), sh_value(&t.value))).collect();
    format!("[{}]", items.join(","))
}

fn list(out: &mut Vec<String>, name: &str, items: &[String]) {
    if !items.is_empty() {
        out.push(format!("--{name}"));
        out.extend(items.iter().cloned());
    }
}

/// `--NAME Value=V`: a ModifyInstanceAttribute structure with one `Value` member.
fn value_arg(w: &mut Vec<String>, name: &str, value: &str) {
    w.push(format!("--{name}"));
    w.push(format!("Value={value}"));
}

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

fn flag(out: &mut Vec<String>, name: &str, v: Option<bool>) {
    match v {
        Some(true) => out.push(format!("--{name}")),
        Some(false) => out.push(format!("--{}", crate::spec::negative_flag(name))),
        None => {}
    }
}

/// The words of the line that means `cmd`: `aws ec2 <operation> …`, or `sim disk …` for what
/// happens inside an instance (not an AWS API).
pub fn words(cmd: &Command) -> Vec<String> {
    let mut w: Vec<String> = vec!["aws".into(), "ec2".into()];
    match cmd {
        Command::CreateVolume(v) => {
            w.push("create-volume".into());
            opt(&mut w, "availability-zone", &v.availability_zone);
            num(&mut w, "size", v.size_gib);
            opt(&mut w, "volume-type", &v.volume_type);
            num(&mut w, "iops", v.iops);
            num(&mut w, "throughput", v.throughput_mibps);
            flag(&mut w, "encrypted", v.encrypted);
            opt(&mut w, "kms-key-id", &v.kms_key_id);
            opt(&mut w, "snapshot-id", &v.snapshot_id);
            tag_specs(&mut w, &v.tag_specifications);
        }
        Command::AttachVolume { volume_id, instance_id, device } => {
            w.push("attach-volume".into());
            opt(&mut w, "volume-id", &Some(volume_id.clone()));
            opt(&mut w, "instance-id", &Some(instance_id.clone()));
            opt(&mut w, "device", &Some(device.clone()));
        }
        Command::DetachVolume { volume_id, instance_id, device, force } => {
            w.push("detach-volume".into());
            opt(&mut w, "volume-id", &Some(volume_id.clone()));
            opt(&mut w, "instance-id", instance_id);
            opt(&mut w, "device", device);
            if *force {
                w.push("--force".into());
            }
        }
        Command::DeleteVolume { volume_id } => {
            w.push("delete-volume".into());
            opt(&mut w, "volume-id", &Some(volume_id.clone()));
        }
        Command::ModifyVolume { volume_id, spec } => {
            w.push("modify-volume".into());
            opt(&mut w, "volume-id", &Some(volume_id.clone()));
            num(&mut w, "size", spec.size_gib);
            opt(&mut w, "volume-type", &spec.volume_type);
            num(&mut w, "iops", spec.iops);
            num(&mut w, "throughput", spec.throughput_mibps);
        }
        Command::DescribeVolumes { volume_ids, filters: f } => {
            w.push("describe-volumes".into());
            list(&mut w, "volume-ids", volume_ids);
            filters(&mut w, f);
        }
        Command::CreateSnapshot { volume_id, description, tag_specifications } => {
            w.push("create-snapshot".into());
            opt(&mut w, "volume-id", &Some(volume_id.clone()));
            opt(&mut w, "description", description);
            tag_specs(&mut w, tag_specifications);
        }
        Command::DescribeSnapshots { snapshot_ids, owner_ids, restorable_by_user_ids, filters: f } => {
            w.push("describe-snapshots".into());
            list(&mut w, "snapshot-ids", snapshot_ids);
            list(&mut w, "owner-ids", owner_ids);
            list(&mut w, "restorable-by-user-ids", restorable_by_user_ids);
            filters(&mut w, f);
        }
        Command::CopySnapshot {
            source_snapshot_id,
            source_region,
            description,
            encrypted,
            kms_key_id,
            tag_specifications,
        } => {
            w.push("copy-snapshot".into());
            opt(&mut w, "source-snapshot-id", &Some(source_snapshot_id.clone()));
            opt(&mut w, "source-region", &Some(source_region.clone()));
            opt(&mut w, "description", description);
            if *encrypted {
                w.push("--encrypted".into());
            }
            opt(&mut w, "kms-key-id", kms_key_id);
            tag_specs(&mut w, tag_specifications);
        }
        Command::ModifySnapshotAttribute { snapshot_id, add, remove } => {
            w.push("modify-snapshot-attribute".into());
            opt(&mut w, "snapshot-id", &Some(snapshot_id.clone()));
            permission(&mut w, "create-volume-permission", add, remove);
        }
        Command::DescribeSnapshotAttribute { snapshot_id, attribute } => {
            w.push("describe-snapshot-attribute".into());
            opt(&mut w, "snapshot-id", &Some(snapshot_id.clone()));
            opt(&mut w, "attribute", &Some(attribute.clone()));
        }
        Command::ResetSnapshotAttribute { snapshot_id, attribute } => {
            w.push("reset-snapshot-attribute".into());
            opt(&mut w, "snapshot-id", &Some(snapshot_id.clone()));
            opt(&mut w, "attribute", &Some(attribute.clone()));
        }
        Command::DeleteSnapshot { snapshot_id } => {
            w.push("delete-snapshot".into());
            opt(&mut w, "snapshot-id", &Some(snapshot_id.clone()));
        }
        Command::CreateImage { instance_id, name, description, no_reboot, tag_specifications } => {
            w.push("create-image".into());
            opt(&mut w, "instance-id", &Some(instance_id.clone()));
            opt(&mut w, "name", &Some(name.clone()));
            opt(&mut w, "description", description);
            if *no_reboot {
                w.push("--no-reboot".into());
            }
            tag_specs(&mut w, tag_specifications);
        }
        Command::RegisterImage { name, root_device_name, block_device_mappings, tag_specifications } => {
            w.push("register-image".into());
            opt(&mut w, "name", &Some(name.clone()));
            opt(&mut w, "root-device-name", &Some(root_device_name.clone()));
            if !block_device_mappings.is_empty() {
                w.push("--block-device-mappings".into());
                for m in block_device_mappings {
                    let mut ebs = vec![format!("SnapshotId={}", sh_value(&m.snapshot_id))];
                    if let Some(n) = m.volume_size_gib {
                        ebs.push(format!("VolumeSize={n}"));
                    }
                    if let Some(t) = &m.volume_type {
                        ebs.push(format!("VolumeType={}", sh_value(t)));
                    }
                    if let Some(n) = m.iops {
                        ebs.push(format!("Iops={n}"));
                    }
                    if let Some(d) = m.delete_on_termination {
                        ebs.push(format!("DeleteOnTermination={d}"));
                    }
                    w.push(format!("DeviceName={},Ebs={{{}}}", sh_value(&m.device), ebs.join(",")));
                }
            }
            tag_specs(&mut w, tag_specifications);
        }
        Command::CopyImage { source_image_id, source_region, name, description } => {
            w.push("copy-image".into());
            opt(&mut w, "source-image-id", &Some(source_image_id.clone()));
            opt(&mut w, "source-region", &Some(source_region.clone()));
            opt(&mut w, "name", &Some(name.clone()));
            opt(&mut w, "description", description);
        }
        Command::DeregisterImage { image_id } => {
            w.push("deregister-image".into());
            opt(&mut w, "image-id", &Some(image_id.clone()));
        }
        Command::ModifyImageAttribute { image_id, add, remove } => {
            w.push("modify-image-attribute".into());
            opt(&mut w, "image-id", &Some(image_id.clone()));
            permission(&mut w, "launch-permission", add, remove);
        }
        Command::DescribeImageAttribute { image_id, attribute } => {
            w.push("describe-image-attribute".into());
            opt(&mut w, "image-id", &Some(image_id.clone()));
            opt(&mut w, "attribute", &Some(attribute.clone()));
        }
        Command::ResetImageAttribute { image_id, attribute } => {
            w.push("reset-image-attribute".into());
            opt(&mut w, "image-id", &Some(image_id.clone()));
            opt(&mut w, "attribute", &Some(attribute.clone()));
        }
        Command::ModifyInstanceEventStartTime { instance_id, instance_event_id, not_before } => {
            w.push("modify-instance-event-start-time".into());
            opt(&mut w, "instance-id", &Some(instance_id.clone()));
            opt(&mut w, "instance-event-id", &Some(instance_event_id.clone()));
            opt(&mut w, "not-before", &Some(crate::render::iso(*not_before)));
        }
        Command::ModifyInstanceMaintenanceOptions { instance_id, auto_recovery } => {
            w.push("modify-instance-maintenance-options".into());
            opt(&mut w, "instance-id", &Some(instance_id.clone()));
            opt(&mut w, "auto-recovery", &Some(auto_recovery.clone()));
        }
        Command::Sts(_) | Command::Iam(_) | Command::Sns(_) | Command::CloudWatch(_) => {
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
        Command::RunInstances(r) => {
            w.push("run-instances".into());
            opt(&mut w, "image-id", &r.image_id);
            opt(&mut w, "instance-type", &r.instance_type);
            if (r.min_count, r.max_count) != (1, 1) {
                w.push("--count".into());
                w.push(if r.min_count == r.max_count {
                    r.min_count.to_string()
                } else {
                    format!("{}:{}", r.min_count, r.max_count)
                });
            }
            opt(&mut w, "key-name", &r.key_name);
            if let Some(az) = &r.availability_zone {
                w.push("--placement".into());
                w.push(format!("AvailabilityZone={}", sh_value(az)));
            }
            opt(&mut w, "subnet-id", &r.subnet_id);
            tag_specs(&mut w, &r.tag_specifications);
            opt(&mut w, "user-data", &r.user_data);
            flag(&mut w, "disable-api-termination", r.disable_api_termination);
            flag(&mut w, "disable-api-stop", r.disable_api_stop);
            if let Some(b) = r.instance_initiated_shutdown_behavior {
                w.push("--instance-initiated-shutdown-behavior".into());
                w.push(b.as_str().into());
            }
            flag(&mut w, "ebs-optimized", r.ebs_optimized);
        }
        Command::DescribeInstances { instance_ids, filters: f } => {
            w.push("describe-instances".into());
            list(&mut w, "instance-ids", instance_ids);
            filters(&mut w, f);
        }
        Command::DescribeInstanceStatus { instance_ids, filters: f, include_all_instances } => {
            w.push("describe-instance-status".into());
            list(&mut w, "instance-ids", instance_ids);
            filters(&mut w, f);
            if *include_all_instances {
                w.push("--include-all-instances".into());
            }
        }
        Command::StartInstances { instance_ids } => {
            w.push("start-instances".into());
            list(&mut w, "instance-ids", instance_ids);
        }
        Command::StopInstances { instance_ids, force } => {
            w.push("stop-instances".into());
            list(&mut w, "instance-ids", instance_ids);
            if *force {
                w.push("--force".into());
            }
        }
        Command::RebootInstances { instance_ids } => {
            w.push("reboot-instances".into());
            list(&mut w, "instance-ids", instance_ids);
        }
        Command::TerminateInstances { instance_ids } => {
            w.push("terminate-instances".into());
            list(&mut w, "instance-ids", instance_ids);
        }
        Command::ModifyInstanceAttribute { instance_id, change } => {
            w.push("modify-instance-attribute".into());
            w.push("--instance-id".into());
            w.push(instance_id.clone());
            match change {
                // Each is a `Value=…` structure (AttributeValue / AttributeBooleanValue).
                InstanceAttributeChange::InstanceType(t) => value_arg(&mut w, "instance-type", &sh_value(t)),
                InstanceAttributeChange::DisableApiTermination(b) => {
                    value_arg(&mut w, "disable-api-termination", &b.to_string())
                }
                InstanceAttributeChange::DisableApiStop(b) => value_arg(&mut w, "disable-api-stop", &b.to_string()),
                InstanceAttributeChange::InstanceInitiatedShutdownBehavior(s) => {
                    value_arg(&mut w, "instance-initiated-shutdown-behavior", &sh_value(s))
                }
                InstanceAttributeChange::EbsOptimized(b) => value_arg(&mut w, "ebs-optimized", &b.to_string()),
                InstanceAttributeChange::UserData(u) => value_arg(&mut w, "user-data", &sh_value(u)),
                InstanceAttributeChange::DeleteOnTermination(mappings) => {
                    w.push("--block-device-mappings".into());
                    for (device, flag) in mappings {
                        w.push(format!("DeviceName={},Ebs={{DeleteOnTermination={flag}}}", sh_value(device)));
                    }
                }
            }
        }
        Command::DescribeImages { image_ids, owners, executable_users, filters: f } => {
            w.push("describe-images".into());
            list(&mut w, "image-ids", image_ids);
            list(&mut w, "owners", owners);
            list(&mut w, "executable-users", executable_users);
            filters(&mut w, f);
        }
        Command::DescribeInstanceTypes { instance_types, filters: f } => {
            w.push("describe-instance-types".into());
            list(&mut w, "instance-types", instance_types);
            filters(&mut w, f);
        }
        Command::DescribeRegions { region_names } => {
            w.push("describe-regions".into());
            list(&mut w, "region-names", region_names);
        }
        Command::CreateKeyPair { key_name, key_type, key_format, tag_specifications } => {
            w.push("create-key-pair".into());
            opt(&mut w, "key-name", &Some(key_name.clone()));
            opt(&mut w, "key-type", key_type);
            opt(&mut w, "key-format", key_format);
            tag_specs(&mut w, tag_specifications);
        }
        Command::ImportKeyPair { key_name, public_key_material, tag_specifications } => {
            w.push("import-key-pair".into());
            opt(&mut w, "key-name", &Some(key_name.clone()));
            w.push("--public-key-material".into());
            w.push(kumo_sim::crypto::base64(public_key_material));
            tag_specs(&mut w, tag_specifications);
        }
        Command::DescribeKeyPairs { key_names, key_pair_ids, filters: f, include_public_key } => {
            w.push("describe-key-pairs".into());
            list(&mut w, "key-names", key_names);
            list(&mut w, "key-pair-ids", key_pair_ids);
            filters(&mut w, f);
            if *include_public_key {
                w.push("--include-public-key".into());
            }
        }
        Command::DeleteKeyPair { key_name, key_pair_id } => {
            w.push("delete-key-pair".into());
            opt(&mut w, "key-name", key_name);
            opt(&mut w, "key-pair-id", key_pair_id);
        }
        Command::DescribeAvailabilityZones { zone_names } => {
            w.push("describe-availability-zones".into());
            list(&mut w, "zone-names", zone_names);
        }
    }
    w
}

/// The full, shell-quoted line for a command.
pub fn line(cmd: &Command) -> String {
    words(cmd).iter().map(|w| quote(w)).collect::<Vec<_>>().join(" ")
}

/// `--launch-permission` / `--create-volume-permission` in shorthand: `Add=[{UserId=…},{Group=all}],Remove=[…]`.
fn permission(w: &mut Vec<String>, param: &str, add: &[String], remove: &[String]) {
    let items = |list: &[String]| {
        list.iter()
            .map(|p| if p == "all" { "{Group=all}".to_string() } else { format!("{{UserId={}}}", sh_value(p)) })
            .collect::<Vec<_>>()
            .join(",")
    };
    let mut parts = Vec::new();
    if !add.is_empty() {
        parts.push(format!("Add=[{}]", items(add)));
    }
    if !remove.is_empty() {
        parts.push(format!("Remove=[{}]", items(remove)));
    }
    if !parts.is_empty() {
        w.push(format!("--{param}"));
        w.push(parts.join(","));
    }
}

/// The `--pattern` word of a workload, as `sim workload set` reads it (steady is the default).
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
