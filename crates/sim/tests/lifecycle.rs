//! Scenario tests of the EC2 instance lifecycle against shared/docs/aws-reference.md §B1–B3.

mod common;

use common::World;
use kumo_sim::command::Filter;
use kumo_sim::ec2::Request;
use kumo_sim::ec2::api::{self, Placement, RunInstances};
use kumo_sim::ec2::{CheckStatus, InstanceState};
use kumo_sim::{ApiError, Command, Millis, Reply};

#[test]
fn launch_goes_pending_then_running_then_passes_status_checks() {
    let mut w = World::new(1);
    let id = w.launch("al2023", "t3.micro", "web", 1).remove(0);
    let i = w.get(&id);
    assert_eq!(i.state, InstanceState::Pending);
    assert!(i.private_ip.is_some(), "the private address is there from the start");
    assert!(i.public_ip.is_none(), "the public address comes with the boot");
    assert_eq!(i.billing.running_since, None, "pending is not billed");
    w.advance_secs(30);
    let i = w.get(&id);
    assert_eq!(i.state, InstanceState::Running);
    assert!(i.public_ip.is_some());
    assert_eq!(i.instance_status, CheckStatus::Initializing);
    w.advance_secs(200);
    assert_eq!(w.get(&id).instance_status, CheckStatus::Ok);
}

#[test]
fn stopping_a_pending_instance_is_refused_with_awss_message() {
    let mut w = World::new(2);
    let id = w.launch("al2023", "t3.micro", "web", 1).remove(0);
    let e = w.stop(&id).unwrap_err();
    assert_eq!(e.code(), "IncorrectInstanceState");
    assert_eq!(
        e.to_string(),
        format!("Instance '{id}' cannot be stopped as it has never reached the 'running' state.")
    );
}

#[test]
fn stop_start_changes_public_ip_and_host_but_keeps_private_ip() {
    let mut w = World::new(3);
    let id = w.launch_running("al2023", "t3.micro", "web");
    let before = w.get(&id);
    let Ok(Reply::StoppingInstances(ch)) = w.stop(&id) else { panic!() };
    assert_eq!((ch[0].previous.code(), ch[0].current.code()), (16, 64));
    w.advance_secs(90);
    let stopped = w.get(&id);
    assert_eq!(stopped.state, InstanceState::Stopped);
    assert_eq!(stopped.public_ip, None);
    assert_eq!(stopped.state_reason.as_ref().map(|r| r.code.as_str()), Some("Client.UserInitiatedShutdown"));
    // Stopping a stopped instance is a successful no-op.
    let Ok(Reply::StoppingInstances(ch)) = w.stop(&id) else { panic!() };
    assert_eq!((ch[0].previous, ch[0].current), (InstanceState::Stopped, InstanceState::Stopped));
    let Ok(Reply::StartingInstances(ch)) = w.start(&id) else { panic!() };
    assert_eq!((ch[0].previous.code(), ch[0].current.code()), (80, 0));
    w.advance_secs(60);
    let after = w.get(&id);
    assert_eq!(after.state, InstanceState::Running);
    assert_eq!(after.private_ip, before.private_ip);
    assert_ne!(after.public_ip, before.public_ip);
    assert_ne!(after.host_id, before.host_id);
    assert!(after.launch_time > before.launch_time, "LaunchTime is the last start");
}

#[test]
fn reboot_keeps_running_host_and_addresses() {
    let mut w = World::new(4);
    let id = w.launch_running("ubuntu", "t3.small", "db");
    let before = w.get(&id);
    assert_eq!(w.reboot(&id), Ok(Reply::Empty));
    assert_eq!(w.get(&id).state, InstanceState::Running, "there is no rebooting state");
    w.advance_secs(120);
    let after = w.get(&id);
    assert_eq!(after.state, InstanceState::Running);
    assert_eq!(
        (after.public_ip, after.private_ip, after.host_id.clone()),
        (before.public_ip, before.private_ip, before.host_id)
    );
    assert_eq!(after.billing.running_since, before.billing.running_since, "reboot starts no new billing period");
}

#[test]
fn instance_store_backed_instances_cannot_stop_or_start() {
    let mut w = World::new(5);
    let e = w.apply(Command::from(Request::RunInstances(RunInstances {
        image_id: Some(w.image("amzn-ami-hvm")),
        instance_type: Some("t3.micro".into()),
        min_count: 1,
        max_count: 1,
        ..RunInstances::default()
    })));
    assert_eq!(e.unwrap_err().code(), "InvalidParameterCombination");
    let id = w.launch_running("amzn-ami-hvm", "m3.medium", "old");
    let e = w.stop(&id).unwrap_err();
    assert_eq!(e.code(), "UnsupportedOperation");
    assert_eq!(
        e.to_string(),
        format!("The instance '{id}' does not have an 'ebs' root device type and cannot be stopped.")
    );
    assert_eq!(w.start(&id).unwrap_err().code(), "UnsupportedOperation");
    assert_eq!(w.get(&id).root_volume, None);
    assert!(w.reboot(&id).is_ok());
}

#[test]
fn termination_protection_refuses_and_spares_the_protected_zone() {
    let mut w = World::new(6);
    let a = w.launch("al2023", "t3.micro", "a", 1).remove(0);
    w.advance_secs(60);
    w.apply(Command::from(Request::ModifyInstanceAttribute(api::ModifyInstanceAttribute {
        disable_api_termination: Some(api::BooleanValue { value: Some(true) }),
        ..api::ModifyInstanceAttribute::of(a.clone())
    })))
    .unwrap();
    let zone_a = w.get(&a).availability_zone;
    // One more instance in the protected instance's zone, one in another zone.
    let mut other_zone = None;
    let mut same_zone = None;
    for n in 0..40 {
        let id = w.launch("al2023", "t3.micro", &format!("x{n}"), 1).remove(0);
        let z = w.get(&id).availability_zone;
        if z == zone_a && same_zone.is_none() {
            same_zone = Some(id);
        } else if z != zone_a && other_zone.is_none() {
            other_zone = Some(id);
        }
        if same_zone.is_some() && other_zone.is_some() {
            break;
        }
    }
    let (same, other) = (same_zone.unwrap(), other_zone.unwrap());
    let e = w.terminate(&[&a, &same, &other]).unwrap_err();
    assert_eq!(e.code(), "OperationNotPermitted");
    assert_eq!(
        e.to_string(),
        format!(
            "The instance '{a}' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again."
        )
    );
    assert_eq!(w.get(&a).state, InstanceState::Running);
    assert_ne!(w.get(&same).state, InstanceState::ShuttingDown, "same zone as the protected one: spared");
    assert_eq!(w.get(&other).state, InstanceState::ShuttingDown, "other zone: terminated");
}

#[test]
fn stop_protection_blocks_stop_and_terminate() {
    let mut w = World::new(7);
    let id = w.launch_running("al2023", "t3.micro", "web");
    w.apply(Command::from(Request::ModifyInstanceAttribute(api::ModifyInstanceAttribute {
        disable_api_stop: Some(api::BooleanValue { value: Some(true) }),
        ..api::ModifyInstanceAttribute::of(id.clone())
    })))
    .unwrap();
    let e = w.stop(&id).unwrap_err();
    assert_eq!(e.code(), "OperationNotPermitted");
    assert!(e.to_string().contains("'disableApiStop'"));
    assert_eq!(w.terminate(&[&id]).unwrap_err().code(), "OperationNotPermitted");
}

#[test]
fn terminated_instances_stay_visible_about_an_hour_and_lose_their_root_volume() {
    let mut w = World::new(8);
    let id = w.launch_running("al2023", "t3.micro", "web");
    let vol = w.get(&id).root_volume.unwrap();
    let Ok(Reply::TerminatingInstances(ch)) = w.terminate(&[&id]) else { panic!() };
    assert_eq!((ch[0].previous.code(), ch[0].current.code()), (16, 32));
    w.advance_secs(60);
    let i = w.get(&id);
    assert_eq!(i.state, InstanceState::Terminated);
    assert!(i.private_ip.is_none() && i.public_ip.is_none());
    assert!(
        !w.sim.world().region(&w.scope).unwrap().volumes.contains_key(&vol),
        "DeleteOnTermination root volume deleted"
    );
    // Idempotent.
    let Ok(Reply::TerminatingInstances(ch)) = w.terminate(&[&id]) else { panic!() };
    assert_eq!((ch[0].previous.code(), ch[0].current.code()), (48, 48));
    // Rebooting a terminated instance is ignored, starting it is refused.
    assert_eq!(w.reboot(&id), Ok(Reply::Empty));
    assert_eq!(w.start(&id).unwrap_err().code(), "IncorrectInstanceState");
    w.advance_secs(3500);
    assert!(w.exists(&id));
    w.advance_secs(200);
    assert!(!w.exists(&id));
    assert_eq!(w.stop(&id).unwrap_err().code(), "InvalidInstanceID.NotFound");
}

#[test]
fn unknown_and_malformed_ids_are_reported_like_aws() {
    let mut w = World::new(9);
    let e = w.stop("i-123").unwrap_err();
    assert_eq!((e.code(), e.to_string()), ("InvalidInstanceID.Malformed", "Invalid id: \"i-123\"".to_string()));
    let e = w.terminate(&["i-0123456789abcdef0", "i-0123456789abcdef1"]).unwrap_err();
    assert_eq!(e.code(), "InvalidInstanceID.NotFound");
    assert_eq!(e.to_string(), "The instance IDs 'i-0123456789abcdef0, i-0123456789abcdef1' do not exist");
    let e = w.apply(Command::from(Request::RunInstances(RunInstances {
        image_id: Some("ami-0123456789abcdef0".into()),
        min_count: 1,
        max_count: 1,
        ..RunInstances::default()
    })));
    assert_eq!(e.unwrap_err().to_string(), "The image id '[ami-0123456789abcdef0]' does not exist");
    let e = w.apply(Command::from(Request::RunInstances(RunInstances {
        image_id: Some("ami-xyz".into()),
        min_count: 1,
        max_count: 1,
        ..RunInstances::default()
    })));
    assert_eq!(e.unwrap_err().code(), "InvalidAMIID.Malformed");
}

#[test]
fn start_refuses_in_between_states_and_is_a_no_op_when_running() {
    let mut w = World::new(10);
    let id = w.launch_running("al2023", "t3.micro", "web");
    let Ok(Reply::StartingInstances(ch)) = w.start(&id) else { panic!() };
    assert_eq!((ch[0].previous, ch[0].current), (InstanceState::Running, InstanceState::Running));
    w.stop(&id).unwrap();
    let e = w.start(&id).unwrap_err();
    assert_eq!(e.to_string(), format!("The instance '{id}' is not in a state from which it can be started."));
    assert_eq!(w.reboot(&id).unwrap_err().code(), "IncorrectInstanceState");
}

#[test]
fn resizing_needs_a_stopped_ebs_backed_instance() {
    let mut w = World::new(11);
    let id = w.launch_running("al2023", "t3.micro", "web");
    let change = |t: &str| {
        Command::from(Request::ModifyInstanceAttribute(api::ModifyInstanceAttribute {
            instance_type: Some(api::StringValue { value: Some(t.into()) }),
            ..api::ModifyInstanceAttribute::of(id.clone())
        }))
    };
    let e = w.apply(change("m5.large")).unwrap_err();
    assert_eq!(
        (e.code(), e.to_string()),
        ("IncorrectInstanceState", format!("The instance '{id}' is not in the 'stopped' state."))
    );
    w.stop(&id).unwrap();
    w.advance_secs(90);
    assert_eq!(w.apply(change("m5.nope")).unwrap_err().code(), "InvalidInstanceAttributeValue");
    w.apply(change("m5.large")).unwrap();
    w.start(&id).unwrap();
    w.advance_secs(60);
    let i = w.get(&id);
    assert_eq!((i.instance_type.as_str(), i.id.as_str()), ("m5.large", id.as_str()));
}

#[test]
fn describe_filters_select_by_state_name_tag_and_zone() {
    let mut w = World::new(12);
    let web = w.launch_running("al2023", "t3.micro", "web");
    let db = w.launch_running("ubuntu", "t3.small", "db");
    w.stop(&db).unwrap();
    let ids = |w: &mut World, filters: Vec<Filter>| -> Vec<String> {
        match w.apply(Command::from(Request::DescribeInstances(api::DescribeInstances {
            instance_ids: None,
            filters: Some(filters),
        }))) {
            Ok(Reply::Reservations(rs)) => {
                rs.iter().flat_map(|r| r.instances.iter().map(|i| i.id.to_string())).collect()
            }
            other => panic!("{other:?}"),
        }
    };
    let f = |name: &str, values: &[&str]| Filter {
        name: name.into(),
        values: values.iter().map(|v| v.to_string()).collect(),
    };
    assert_eq!(ids(&mut w, vec![f("instance-state-name", &["running"])]), vec![web.clone()]);
    assert_eq!(ids(&mut w, vec![f("tag:Name", &["d*"])]), vec![db.clone()]);
    let zone = w.get(&web).availability_zone;
    assert!(ids(&mut w, vec![f("availability-zone", &[&zone])]).contains(&web));
    assert_eq!(
        ids(&mut w, vec![f("instance-id", &[&db]), f("instance-state-name", &["stopping", "stopped"])]),
        vec![db.clone()]
    );
    assert_eq!(
        w.apply(Command::from(Request::DescribeInstances(api::DescribeInstances {
            instance_ids: None,
            filters: Some(vec![f("bogus", &["x"])]),
        })))
        .unwrap_err()
        .code(),
        "InvalidParameterValue"
    );
}

#[test]
fn billing_counts_running_seconds_with_a_one_minute_minimum_per_start() {
    let mut w = World::new(13);
    let id = w.launch_running("al2023", "t3.micro", "web");
    let since = w.get(&id).billing.running_since.unwrap();
    w.stop(&id).unwrap();
    let billed = w.get(&id).billing.billed_ms;
    assert_eq!(billed, w.sim.now().since(since).0.max(60_000));
    assert!(billed >= 60_000);
    w.advance_secs(3600);
    assert_eq!(w.get(&id).billing.billed_ms, billed, "stopped instances are not billed");
    w.start(&id).unwrap();
    w.advance_secs(30);
    let started = w.get(&id).billing.running_since.unwrap();
    w.advance_secs(7200);
    let now = w.sim.now();
    let report = w.sim.world().cost(&w.scope.account, now);
    let expected_ms = billed + now.since(started).0;
    let instance = report.lines.iter().find(|l| l.item == "t3.micro").unwrap();
    assert!((instance.quantity - expected_ms as f64 / 1000.0).abs() < 1e-6);
    assert!((instance.usd - expected_ms as f64 / 3_600_000.0 * 0.0104).abs() < 1e-9);
    // The 8 GiB gp3 root volume is billed from launch, running or not: $0.08 per GiB-month.
    let ebs = report.lines.iter().find(|l| l.item == "EBS gp3").unwrap();
    let hours = now.since(w.get(&id).launch_time.min(since)).0 as f64 / 3_600_000.0;
    assert!(ebs.quantity >= 8.0 * (hours - 1.0) && ebs.quantity <= 8.0 * (hours + 1.0), "{}", ebs.quantity);
    assert!((ebs.usd - ebs.quantity / 730.0 * 0.08).abs() < 1e-12);
}

#[test]
fn key_pairs_subnets_types_and_zones_are_validated() {
    let mut w = World::new(14);
    let base = RunInstances {
        image_id: Some(w.image("al2023")),
        instance_type: Some("t3.micro".into()),
        min_count: 1,
        max_count: 1,
        ..RunInstances::default()
    };
    let run = |w: &mut World, r: RunInstances| w.apply(Command::from(Request::RunInstances(r))).unwrap_err();
    let e = run(&mut w, RunInstances { key_name: Some("mykey".into()), ..base.clone() });
    assert_eq!((e.code(), e.to_string()), ("InvalidKeyPair.NotFound", "The key pair 'mykey' does not exist".into()));
    assert_eq!(
        run(&mut w, RunInstances { instance_type: Some("t9.huge".into()), ..base.clone() }).code(),
        "InvalidParameterValue"
    );
    let e = run(
        &mut w,
        RunInstances {
            placement: Some(Placement { availability_zone: Some("us-east-1z".into()), tenancy: None }),
            ..base.clone()
        },
    );
    assert_eq!(e.to_string(), "Invalid availability zone: [us-east-1z]");
    assert_eq!(
        run(&mut w, RunInstances { subnet_id: Some("subnet-0123456789abcdef0".into()), ..base.clone() }).code(),
        "InvalidSubnetID.NotFound"
    );
    assert_eq!(
        run(&mut w, RunInstances { min_count: 3, max_count: 2, ..base.clone() }).code(),
        "InvalidParameterValue"
    );
    assert_eq!(run(&mut w, RunInstances { image_id: None, ..base.clone() }).code(), "MissingParameter");
    let e = run(&mut w, RunInstances { instance_type: None, ..base });
    assert!(e.to_string().contains("m1.small"), "{e}");
}

#[test]
fn accounts_do_not_see_each_others_instances() {
    let mut w = World::new(15);
    let id = w.launch_running("al2023", "t3.micro", "web");
    w.scope.account = kumo_sim::ids::AccountId::partner();
    assert_eq!(w.stop(&id).unwrap_err().code(), "InvalidInstanceID.NotFound");
    w.scope.account = kumo_sim::ids::AccountId::learner();
    w.scope.region = kumo_sim::Region::ApNortheast1;
    assert_eq!(w.stop(&id).unwrap_err().code(), "InvalidInstanceID.NotFound", "ids are regional");
}

#[test]
fn errors_change_nothing() {
    let mut w = World::new(16);
    let id = w.launch_running("al2023", "t3.micro", "web");
    let before = w.sim.save();
    let _ = w.stop("i-123");
    let _ = w.start(&id);
    let _ = w.apply(Command::from(Request::RunInstances(RunInstances {
        image_id: Some("ami-0000000000000000a".into()),
        min_count: 1,
        max_count: 1,
        ..RunInstances::default()
    })));
    // A no-op start does not change the world either.
    assert_eq!(w.sim.save(), before);
    let _ = ApiError::MissingParameter("x".into());
}

#[test]
fn a_full_subnet_refuses_more_instances() {
    let mut w = World::new(17);
    let image = w.image("al2023");
    // Invariants are checked once at the end: checking 4,091 instances after each call is slow.
    let launch = |w: &mut World, n: u32| {
        let scope = w.scope.clone();
        w.sim.apply(
            &scope,
            Command::from(Request::RunInstances(RunInstances {
                image_id: Some(image.clone()),
                instance_type: Some("t3.micro".into()),
                min_count: n.into(),
                max_count: n.into(),
                placement: Some(Placement { availability_zone: Some("us-east-1a".into()), tenancy: None }),
                ..RunInstances::default()
            })),
        )
    };
    // 4,091 usable addresses in a /20: 204 launches of 20 and one of 11 fill it.
    for _ in 0..204 {
        launch(&mut w, 20).unwrap();
    }
    launch(&mut w, 11).unwrap();
    let e = launch(&mut w, 1).unwrap_err();
    assert_eq!(e.code(), "InsufficientFreeAddressesInSubnet");
    w.sim.check_invariants().unwrap();
}

#[test]
fn snapshots_are_incremental_and_restore_the_content_of_their_moment() {
    let mut w = World::new(18);
    let id = w.launch_running("al2023", "t3.micro", "db");
    let root = w.get(&id).root_volume.unwrap().to_string();
    let snap = |w: &mut World| match w.apply(Command::from(Request::CreateSnapshot(api::CreateSnapshot {
        volume_id: root.clone(),
        ..Default::default()
    }))) {
        Ok(Reply::Snapshot { snapshot, .. }) => snapshot.id.to_string(),
        other => panic!("{other:?}"),
    };
    let write = |w: &mut World, path: &str| {
        w.apply(Command::GuestWriteFile {
            instance_id: id.clone(),
            device: None,
            path: path.into(),
            content: "x".into(),
        })
        .unwrap();
    };
    let first = snap(&mut w);
    write(&mut w, "/data/after-first");
    write(&mut w, "/data/also-after-first");
    w.advance_secs(300);
    let second = snap(&mut w);
    let third = snap(&mut w);
    w.advance_secs(300);
    let rs = w.sim.world().region(&w.scope).unwrap();
    let blocks = |s: &str| rs.snapshots.values().find(|x| x.id.as_str() == s).unwrap().incremental_blocks;
    assert!(blocks(&first) > 3000, "the first snapshot holds the whole OS");
    assert_eq!(blocks(&second), 2, "the second holds the two files written since");
    assert_eq!(blocks(&third), 0, "nothing changed since the second");
    // Restoring the first gives the volume as it was then.
    let Ok(Reply::Volume(v)) = w.apply(Command::from(Request::CreateVolume(api::CreateVolume {
        availability_zone: Some(w.get(&id).availability_zone),
        snapshot_id: Some(first),
        ..Default::default()
    }))) else {
        panic!()
    };
    let rs = w.sim.world().region(&w.scope).unwrap();
    let restored = &rs.volumes[&v.id].disk;
    assert!(restored.read("/etc/os-release").is_ok());
    assert!(restored.read("/data/after-first").is_err());
    assert!(restored.read("/etc/ssh/ssh_host_ed25519_key").is_ok(), "host keys made at first boot are in it (AMI-08)");
}

#[test]
fn failed_hardware_survives_a_reboot_and_is_left_behind_by_stop_start() {
    let mut w = World::new(19);
    let id = w.launch_running("amzn-ami-hvm", "m3.medium", "old");
    // m3.medium has instance store: no automatic recovery for it.
    w.apply(Command::SandboxFailHardware { instance_id: id.clone() }).unwrap();
    assert_eq!(w.get(&id).system_status, CheckStatus::Impaired);
    w.reboot(&id).unwrap();
    w.advance_secs(600);
    assert_eq!(w.get(&id).system_status, CheckStatus::Impaired, "a reboot stays on the failed host");
    let id = w.launch_running("al2023", "t3.micro", "web");
    w.set_auto_recovery(&id, "disabled").unwrap();
    w.apply(Command::SandboxFailHardware { instance_id: id.clone() }).unwrap();
    let host = w.get(&id).host_id;
    w.stop(&id).unwrap();
    w.advance_secs(120);
    w.start(&id).unwrap();
    w.advance_secs(400);
    let i = w.get(&id);
    assert_eq!((i.system_status, i.hardware_failed), (CheckStatus::Ok, false));
    assert_ne!(i.host_id, host, "stop/start moved it to healthy hardware");
}

#[test]
fn automatic_recovery_keeps_the_instance_and_stops_after_three_a_day() {
    let mut w = World::new(20);
    let id = w.launch_running("al2023", "t3.micro", "web");
    let before = w.get(&id);
    for n in 0..3 {
        w.apply(Command::SandboxFailHardware { instance_id: id.clone() }).unwrap();
        w.advance_secs(900);
        let i = w.get(&id);
        assert_eq!(i.system_status, CheckStatus::Ok, "recovery {n}");
        assert_eq!(
            (i.private_ip, i.public_ip, i.root_volume.clone()),
            (before.private_ip, before.public_ip, before.root_volume.clone())
        );
        assert_ne!(i.host_id, before.host_id);
    }
    w.apply(Command::SandboxFailHardware { instance_id: id.clone() }).unwrap();
    w.advance_secs(3600);
    assert_eq!(w.get(&id).system_status, CheckStatus::Impaired, "the fourth failure in a day is not recovered");
    assert_eq!(w.get(&id).recoveries.len(), 3);
}

#[test]
fn scheduled_events_happen_and_only_instance_reboots_can_move() {
    let mut w = World::new(21);
    let id = w.launch_running("al2023", "t3.micro", "web");
    w.apply(Command::SandboxScheduleEvent { instance_id: id.clone(), code: "system-reboot".into(), in_hours: 24 })
        .unwrap();
    w.apply(Command::SandboxScheduleEvent { instance_id: id.clone(), code: "instance-reboot".into(), in_hours: 48 })
        .unwrap();
    let events = w.get(&id).scheduled_events;
    let later = w.sim.now().plus(Millis::from_hours(72));
    let e = w
        .apply(Command::from(Request::ModifyInstanceEventStartTime(api::ModifyInstanceEventStartTime {
            instance_id: id.clone(),
            instance_event_id: events[0].id.clone(),
            not_before: later,
        })))
        .unwrap_err();
    assert_eq!(e.code(), "UnsupportedOperation", "a system reboot cannot be rescheduled");
    w.apply(Command::from(Request::ModifyInstanceEventStartTime(api::ModifyInstanceEventStartTime {
        instance_id: id.clone(),
        instance_event_id: events[1].id.clone(),
        not_before: later,
    })))
    .unwrap();
    let too_late = w.sim.now().plus(Millis::from_hours(24 * 30));
    assert!(
        w.apply(Command::from(Request::ModifyInstanceEventStartTime(api::ModifyInstanceEventStartTime {
            instance_id: id.clone(),
            instance_event_id: events[1].id.clone(),
            not_before: too_late,
        })))
        .is_err()
    );
    w.advance_secs(25 * 3600);
    let i = w.get(&id);
    assert!(i.scheduled_events[0].completed_at.is_some() && i.scheduled_events[1].completed_at.is_none());
    assert_eq!(i.state, InstanceState::Running);
    w.apply(Command::SandboxScheduleEvent { instance_id: id.clone(), code: "instance-stop".into(), in_hours: 1 })
        .unwrap();
    w.advance_secs(2 * 3600);
    assert_eq!(w.get(&id).state, InstanceState::Stopped, "an instance-stop event stops the instance");
}

#[test]
fn capacity_can_run_out_for_launches_and_for_starts() {
    let mut w = World::new(22);
    let id = w.launch_running("al2023", "t3.micro", "web");
    let zone = w.get(&id).availability_zone;
    w.stop(&id).unwrap();
    w.advance_secs(120);
    w.apply(Command::SandboxSetCapacity { instance_type: "t3.micro".into(), zone: zone.clone(), available: false })
        .unwrap();
    let e = w.start(&id).unwrap_err();
    assert_eq!(e.code(), "InsufficientInstanceCapacity", "a stopped instance holds no capacity");
    assert!(e.to_string().contains(&format!("capacity in the Availability Zone you requested ({zone})")));
    let e = w.apply(Command::from(Request::RunInstances(RunInstances {
        image_id: Some(w.image("al2023")),
        instance_type: Some("t3.micro".into()),
        min_count: 1,
        max_count: 1,
        placement: Some(Placement { availability_zone: Some(zone.clone()), tenancy: None }),
        ..RunInstances::default()
    })));
    assert_eq!(e.unwrap_err().code(), "InsufficientInstanceCapacity");
    // Without a zone, EC2 finds one that has capacity.
    let ids = w.launch("al2023", "t3.micro", "elsewhere", 3);
    assert!(ids.iter().all(|i| w.get(i).availability_zone != zone));
    w.apply(Command::SandboxSetCapacity { instance_type: "t3.micro".into(), zone, available: true }).unwrap();
    assert!(w.start(&id).is_ok());
}

#[test]
fn per_resource_storage_costs_add_up_to_the_account_report() {
    let mut w = World::new(15);
    let id = w.launch_running("al2023", "t3.micro", "web");
    let root = w.get(&id).root_volume.clone().unwrap().to_string();
    w.advance_secs(3 * 3600);
    // A change of size and type closes one billing period and opens another.
    w.apply(Command::from(Request::ModifyVolume(api::ModifyVolume {
        volume_id: root.clone(),
        size: Some(20),
        volume_type: Some("io1".into()),
        iops: Some(1000),
        throughput: None,
    })))
    .unwrap();
    w.apply(Command::from(Request::CreateSnapshot(api::CreateSnapshot {
        volume_id: root.clone(),
        ..Default::default()
    })))
    .unwrap();
    w.advance_secs(48 * 3600);
    let now = w.sim.now();
    let region = w.scope.region;
    let rs = w.sim.world().region(&w.scope).unwrap();
    let per_resource: f64 = rs.volumes.values().map(|v| v.cost_so_far(region, now)).sum::<f64>()
        + rs.snapshots.values().map(|s| s.cost_so_far(region, now)).sum::<f64>();
    let report = w.sim.world().cost(&w.scope.account, now);
    let storage: f64 = report.lines.iter().filter(|l| l.item.starts_with("EBS")).map(|l| l.usd).sum();
    assert!(per_resource > 0.0);
    assert!((per_resource - storage).abs() < 1e-9, "{per_resource} vs {storage}");
}
