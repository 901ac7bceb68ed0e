//! The gp2 burst bucket against the formulas of aws-reference.md §A1 and §A3, in both
//! profiles, and the st1/sc1 throughput buckets against EC2UG hdd-vols: burst duration from
//! a full bucket and refill time from an empty one, exact to the millisecond; the balance
//! never leaves [0, cap]; detached volumes do no I/O.

#![cfg(not(target_arch = "wasm32"))]

use kumo_sim::cloudwatch::MetricQuery;
use kumo_sim::ec2::performance::{Workload, gp2_baseline};
use kumo_sim::ec2::{Request, api};
use kumo_sim::event::Event;
use kumo_sim::ids::{AccountId, VolumeId};
use kumo_sim::{Command, Millis, Profile, Region, Reply, Scope, Sim, Timestamp, catalog};

struct Bench {
    sim: Sim,
    scope: Scope,
    instance: String,
}

fn bench(profile: Profile) -> Bench {
    bench_on(profile, "m5.large")
}

/// A running instance of `instance_type` in us-east-1a to attach volumes to.
fn bench_on(profile: Profile, instance_type: &str) -> Bench {
    let mut sim = Sim::new(3, profile);
    let scope = Scope::new(AccountId::learner(), Region::UsEast1);
    let image = catalog::public_images(Region::UsEast1)[0].id.to_string();
    let r = sim
        .apply(
            &scope,
            Request::RunInstances(api::RunInstances {
                placement: Some(api::Placement { availability_zone: Some("us-east-1a".into()), tenancy: None }),
                ..api::RunInstances::one(image, instance_type)
            })
            .into(),
        )
        .unwrap();
    let Reply::Reservation(r) = r else { panic!() };
    sim.advance(Millis::from_secs(120));
    Bench { sim, scope, instance: r.instances[0].id.to_string() }
}

/// GetMetricStatistics of one volume's AWS/EBS metric at one-minute periods.
fn ebs_stats(id: &VolumeId, metric: &str, start: Timestamp, end: Timestamp, statistics: &[&str]) -> MetricQuery {
    MetricQuery {
        namespace: "AWS/EBS".into(),
        metric_name: metric.into(),
        dimensions: vec![("VolumeId".into(), id.to_string())],
        start,
        end,
        period_secs: 60,
        statistics: statistics.iter().map(|s| s.to_string()).collect(),
    }
}

impl Bench {
    /// The datapoints of a query, as GetMetricStatistics computes them.
    fn datapoints(&self, q: &MetricQuery) -> Result<Vec<kumo_sim::cloudwatch::Datapoint>, kumo_sim::ApiError> {
        self.sim.get_metric_statistics(&self.scope, q).map(|(_, points)| points)
    }
}

impl Bench {
    fn attached_gp2(&mut self, size: u32, device: &str) -> VolumeId {
        self.attached("gp2", size, device)
    }

    fn attached(&mut self, volume_type: &str, size: u32, device: &str) -> VolumeId {
        self.attached_with(volume_type, size, None, device)
    }

    fn attached_with(&mut self, volume_type: &str, size: u32, iops: Option<u32>, device: &str) -> VolumeId {
        let Reply::Volume(v) = self
            .sim
            .apply(
                &self.scope,
                Request::CreateVolume(api::CreateVolume {
                    availability_zone: Some("us-east-1a".into()),
                    size: Some(size.into()),
                    volume_type: Some(volume_type.into()),
                    iops: iops.map(i64::from),
                    ..api::CreateVolume::default()
                })
                .into(),
            )
            .unwrap()
        else {
            panic!()
        };
        self.sim.advance(Millis::from_secs(30));
        self.sim
            .apply(
                &self.scope,
                Request::AttachVolume(api::AttachVolume {
                    volume_id: v.id.to_string(),
                    instance_id: self.instance.clone(),
                    device: device.into(),
                })
                .into(),
            )
            .unwrap();
        self.sim.advance(Millis::from_secs(30));
        v.id
    }

    fn workload(&mut self, id: &VolumeId, iops: u32, io: u32) {
        self.workload_of(id, iops, io, false)
    }

    fn workload_of(&mut self, id: &VolumeId, iops: u32, io: u32, sequential: bool) {
        let w = (iops > 0).then_some(Workload {
            read_iops: iops,
            write_iops: 0,
            io_size_kib: io,
            pattern: Default::default(),
            sequential,
        });
        self.sim.apply(&self.scope, Command::SandboxSetWorkload { volume_id: id.to_string(), workload: w }).unwrap();
        self.sim.check_invariants().unwrap();
        self.sim.check_reconciled().unwrap();
    }
}

#[test]
fn burst_duration_and_refill_time_match_the_formulas_in_both_profiles() {
    for profile in Profile::ALL {
        let limits = profile.limits();
        let cap = limits.gp2_credit_cap as f64;
        for (n, size) in [1u32, 20, 33, 34, 100, 250, 500, 999].into_iter().enumerate() {
            let mut b = bench(profile);
            let id = b.attached_gp2(size, &format!("/dev/sd{}", (b'f' + n as u8) as char));
            let baseline = f64::from(gp2_baseline(limits, size));
            b.workload(&id, 3000, 16);
            let start = b.sim.now();
            // Spend = burst − baseline per second (EC2UG general-purpose).
            let expected = Millis((cap / (3000.0 - baseline) * 1000.0).ceil() as u64);
            let perf = b.sim.volume_performance(&b.scope, &id).unwrap();
            assert_eq!(perf.delivered_iops, 3000.0, "{profile:?} {size} GiB bursts");
            assert_eq!(perf.credits_run_out_at, Some(start.plus(expected)), "{profile:?} {size} GiB");
            let fired = b.sim.advance(expected);
            assert!(
                fired
                    .iter()
                    .any(|e| matches!(&e.event, Event::VolumeCreditsExhausted { volume_id, .. } if *volume_id == id)),
                "{profile:?} {size} GiB: the bucket empties at {expected:?}"
            );
            let perf = b.sim.volume_performance(&b.scope, &id).unwrap();
            assert_eq!((perf.credits, perf.delivered_iops), (0.0, baseline), "{profile:?} {size} GiB at baseline");
            // Refill from empty with no demand: cap / baseline seconds.
            b.workload(&id, 0, 16);
            let refill = Millis((cap / baseline * 1000.0).ceil() as u64);
            let perf = b.sim.volume_performance(&b.scope, &id).unwrap();
            assert_eq!(perf.credits_full_at, Some(b.sim.now().plus(refill)), "{profile:?} {size} GiB refill");
            b.sim.advance(Millis(refill.0 / 2));
            let half = b.sim.volume_performance(&b.scope, &id).unwrap().credits;
            assert!((half - cap / 2.0).abs() <= baseline, "{profile:?} {size} GiB half way: {half}");
            b.sim.advance(Millis::from_hours(48));
            assert_eq!(b.sim.volume_performance(&b.scope, &id).unwrap().credits, cap, "capped at 5.4 million");
        }
    }
}

#[test]
fn volumes_at_or_above_3000_baseline_never_burst_and_detached_volumes_do_no_io() {
    let mut b = bench(Profile::Current);
    let big = b.attached_gp2(1000, "/dev/sdf");
    b.workload(&big, 5000, 16);
    let perf = b.sim.volume_performance(&b.scope, &big).unwrap();
    assert_eq!((perf.burst_iops, perf.delivered_iops, perf.credits_run_out_at), (None, 3000.0, None));
    let small = b.attached_gp2(100, "/dev/sdg");
    b.workload(&small, 3000, 16);
    b.sim.advance(Millis::from_secs(600));
    b.sim
        .apply(
            &b.scope,
            Request::DetachVolume(api::DetachVolume { volume_id: small.to_string(), ..Default::default() }).into(),
        )
        .unwrap();
    b.sim.advance(Millis::from_secs(60));
    let perf = b.sim.volume_performance(&b.scope, &small).unwrap();
    assert!(!perf.active && perf.delivered_iops == 0.0, "detached: no I/O");
    assert!(perf.credits > 0.0 && perf.credits < 5_400_000.0);
    assert_eq!(perf.credits_run_out_at, None, "no exhaustion is pending while detached");
    b.sim.check_invariants().unwrap();
    b.sim.check_reconciled().unwrap();
}

#[test]
fn burst_balance_is_reported_only_while_attached() {
    let mut b = bench(Profile::Current);
    let id = b.attached_gp2(100, "/dev/sdf");
    b.workload(&id, 3000, 16);
    b.sim.advance(Millis::from_secs(600));
    let attached_until = b.sim.now();
    b.sim
        .apply(
            &b.scope,
            Request::DetachVolume(api::DetachVolume { volume_id: id.to_string(), ..Default::default() }).into(),
        )
        .unwrap();
    b.sim.advance(Millis::from_secs(3600));
    let query = |start, end| ebs_stats(&id, "BurstBalance", start, end, &["Average"]);
    let datapoints = b.datapoints(&query(attached_until.plus(Millis::from_secs(120)), b.sim.now())).unwrap();
    assert!(datapoints.is_empty(), "no BurstBalance while detached: {datapoints:?}");
    let start = Timestamp(attached_until.0 - 600_000);
    let datapoints = b.datapoints(&query(start, attached_until)).unwrap();
    assert_eq!(datapoints.len(), 10, "one per minute while attached");
    let last = datapoints.last().unwrap();
    // 10 minutes at 2,700 credits a second spent: 5.4M − 1.62M = 70 % left.
    assert!((last.sum - 70.0).abs() < 0.6, "{}", last.sum);
}

#[test]
fn a_burst_balance_alarm_fires_when_the_balance_crosses_its_threshold() {
    use kumo_sim::cloudwatch::{AlarmSpec, AlarmState};
    let mut b = bench(Profile::Current);
    let id = b.attached_gp2(100, "/dev/sdf");
    let spec = AlarmSpec {
        name: "burst-low".into(),
        description: None,
        namespace: "AWS/EBS".into(),
        metric_name: "BurstBalance".into(),
        dimensions: vec![("VolumeId".into(), id.to_string())],
        statistic: "Average".into(),
        period_secs: 60,
        evaluation_periods: 1,
        datapoints_to_alarm: None,
        threshold: 20.0,
        comparison: "LessThanThreshold".into(),
        actions_enabled: true,
        alarm_actions: vec![],
        ok_actions: vec![],
        insufficient_data_actions: vec![],
    };
    let put = kumo_sim::cloudwatch::Request::PutMetricAlarm((&spec).into());
    b.sim.apply(&b.scope, Command::CloudWatch(Box::new(put))).unwrap();
    let state = |b: &mut Bench| b.sim.world().region(&b.scope).unwrap().alarms.values().next().unwrap().state;
    b.sim.advance(Millis::from_secs(120));
    assert_eq!(state(&mut b), AlarmState::Ok);
    // 100 GiB at 3,000 IOPS spends 2,700 credits a second: 20 % is left after 1,600 s, and
    // one 60 s period below it later the alarm fires.
    b.workload(&id, 3000, 16);
    b.sim.advance(Millis::from_secs(1650));
    assert_eq!(state(&mut b), AlarmState::Ok, "not yet one period below 20 %");
    b.sim.advance(Millis::from_secs(20));
    assert_eq!(state(&mut b), AlarmState::Alarm);
    b.sim.check_invariants().unwrap();
    b.sim.check_reconciled().unwrap();
    // With no demand the bucket refills at 300 a second: back above 20 % after 1,080,000 credits.
    b.workload(&id, 0, 16);
    b.sim.advance(Millis::from_secs(3700));
    assert_eq!(state(&mut b), AlarmState::Ok);
    b.sim.check_invariants().unwrap();
    b.sim.check_reconciled().unwrap();
}

#[test]
fn st1_and_sc1_spend_throughput_credits_at_the_documented_rates() {
    // EC2UG hdd-vols: per TiB, st1 earns 40 MiB/s and bursts to 250 (cap 500); sc1 earns 12
    // and bursts to 80 (cap 250); the bucket holds 1 TiB of credits per TiB.
    let table: [(&str, u32, f64, f64); 6] = [
        ("st1", 1024, 40.0, 250.0),
        ("st1", 2048, 80.0, 500.0),
        ("st1", 500, 500.0 / 1024.0 * 40.0, 500.0 / 1024.0 * 250.0),
        ("sc1", 1024, 12.0, 80.0),
        ("sc1", 4096, 48.0, 250.0),
        ("sc1", 16_384, 192.0, 250.0),
    ];
    for (n, (ty, size, base, burst)) in table.into_iter().enumerate() {
        // An m5.8xlarge sustains 850 MB/s to EBS, more than any of these volumes can move,
        // so the volume's own model shows alone.
        let mut b = bench_on(Profile::Current, "m5.8xlarge");
        let id = b.attached(ty, size, &format!("/dev/sd{}", (b'f' + n as u8) as char));
        let cap = f64::from(size) * 1024.0;
        let p = b.sim.volume_performance(&b.scope, &id).unwrap();
        assert_eq!((p.credits, p.credit_cap, p.burst_balance_percent), (cap, cap, 100.0), "{ty} {size}: starts full");
        assert_eq!((p.baseline_mibps, p.burst_mibps), (Some(base), Some(burst)), "{ty} {size} GiB");
        // A sequential 1 MiB scan asking for more than the burst gets the burst while credits last.
        b.workload_of(&id, 1000, 1024, true);
        let start = b.sim.now();
        let p = b.sim.volume_performance(&b.scope, &id).unwrap();
        assert!((p.delivered_mibps - burst).abs() < 1e-9, "{ty} {size}: {} MiB/s", p.delivered_mibps);
        let expected = Millis((cap / (burst - base) * 1000.0).ceil() as u64);
        assert_eq!(p.credits_run_out_at, Some(start.plus(expected)), "{ty} {size} GiB runs out");
        b.sim.advance(expected);
        let p = b.sim.volume_performance(&b.scope, &id).unwrap();
        assert_eq!(p.credits, 0.0);
        assert!((p.delivered_mibps - base).abs() < 1e-9, "{ty} {size}: held at baseline {}", p.delivered_mibps);
        b.workload(&id, 0, 1024);
        let refill = Millis((cap / base * 1000.0).ceil() as u64);
        let p = b.sim.volume_performance(&b.scope, &id).unwrap();
        assert_eq!(p.credits_full_at, Some(b.sim.now().plus(refill)), "{ty} {size} GiB refills");
        b.sim.check_invariants().unwrap();
        b.sim.check_reconciled().unwrap();
    }
}

#[test]
fn small_random_io_on_hdd_costs_a_whole_mebibyte_and_sequential_io_is_merged() {
    let mut b = bench(Profile::Current);
    let id = b.attached("st1", 1024, "/dev/sdf");
    // Random 16 KiB reads: each counts as 1 MiB, so 250 MiB/s of credits buys 250 reads a
    // second, under 4 MiB/s of data (EC2UG hdd-vols "Inefficiency of small read/writes").
    b.workload_of(&id, 5000, 16, false);
    let p = b.sim.volume_performance(&b.scope, &id).unwrap();
    assert_eq!(p.delivered_iops, 250.0);
    assert!((p.delivered_mibps - 250.0 * 16.0 / 1024.0).abs() < 1e-9);
    // Sequential, the same reads are merged into 1 MiB units: 5,000 a second is 78 MiB/s.
    b.workload_of(&id, 5000, 16, true);
    let p = b.sim.volume_performance(&b.scope, &id).unwrap();
    assert_eq!(p.delivered_iops, 5000.0);
    // On gp2, merged sequential 16 KiB I/Os count 1/16 of an I/O credit each.
    let g = b.attached_gp2(100, "/dev/sdg");
    b.workload_of(&g, 6000, 16, true);
    let p = b.sim.volume_performance(&b.scope, &g).unwrap();
    assert_eq!(p.delivered_iops, 6000.0, "merged: 375 units a second, under the burst");
    b.workload_of(&g, 6000, 16, false);
    assert_eq!(b.sim.volume_performance(&b.scope, &g).unwrap().delivered_iops, 3000.0);
}

#[test]
fn an_instance_holds_its_volumes_to_its_ebs_bandwidth_after_its_30_minutes() {
    use kumo_sim::ids::InstanceId;
    // t3.micro (EC2UG ebs-optimized): up to 11,800 IOPS and 2,085 Mbps for 30 minutes,
    // 500 IOPS and 87 Mbps sustained. A 1,000 GiB gp2 volume (3,000 IOPS baseline, no
    // credits spent) asked for 3,000 IOPS: the instance's I/O allowance of 30 minutes ×
    // (11,800 − 500) lasts 20,340,000 / (3,000 − 500) = 8,136 s, then the volume gets 500.
    let mut b = bench_on(Profile::Current, "t3.micro");
    let id = b.attached("gp2", 1000, "/dev/sdf");
    let instance = InstanceId::from(b.instance.clone());
    b.workload(&id, 3000, 16);
    let start = b.sim.now();
    assert_eq!(b.sim.volume_performance(&b.scope, &id).unwrap().delivered_iops, 3000.0);
    let limit = b.sim.instance_ebs_limit(&b.scope, &instance).unwrap();
    assert_eq!((limit.iops, limit.io_credits), (11_800.0, 20_340_000.0));
    b.sim.advance(Millis(8_136_000 - 1));
    assert_eq!(b.sim.volume_performance(&b.scope, &id).unwrap().delivered_iops, 3000.0, "still within the allowance");
    let fired = b.sim.advance(Millis(1));
    assert!(fired.iter().any(|e| matches!(&e.event, Event::InstanceEbsCreditsExhausted { .. })));
    assert_eq!(b.sim.now(), start.plus(Millis(8_136_000)));
    assert_eq!(
        b.sim.volume_performance(&b.scope, &id).unwrap().delivered_iops,
        500.0,
        "held to the instance's 500 IOPS"
    );
    // With no I/O the allowance comes back at the baseline rate, and with it the speed.
    b.workload(&id, 0, 16);
    b.sim.advance(Millis::from_hours(2));
    b.workload(&id, 3000, 16);
    assert_eq!(b.sim.volume_performance(&b.scope, &id).unwrap().delivered_iops, 3000.0);
    b.sim.check_invariants().unwrap();
    b.sim.check_reconciled().unwrap();
}

#[test]
fn volumes_that_ask_for_more_than_their_instance_has_share_it() {
    // Two gp3 volumes provisioned at 7,000 IOPS on a t3.micro (11,800 at most): each gets the
    // same share, 5,900.
    let mut b = bench_on(Profile::Current, "t3.micro");
    let ids: Vec<VolumeId> =
        ["/dev/sdf", "/dev/sdg"].into_iter().map(|d| b.attached_with("gp3", 100, Some(7000), d)).collect();
    b.workload(&ids[0], 7000, 16);
    assert_eq!(b.sim.volume_performance(&b.scope, &ids[0]).unwrap().delivered_iops, 7000.0, "alone it fits");
    b.workload(&ids[1], 7000, 16);
    for id in &ids {
        let p = b.sim.volume_performance(&b.scope, id).unwrap();
        assert!((p.delivered_iops - 5900.0).abs() < 1e-6, "{}", p.delivered_iops);
    }
    // Detached, the other volume has the instance to itself again.
    b.sim
        .apply(
            &b.scope,
            Request::DetachVolume(api::DetachVolume { volume_id: ids[1].to_string(), ..Default::default() }).into(),
        )
        .unwrap();
    b.sim.advance(Millis::from_secs(30));
    assert_eq!(b.sim.volume_performance(&b.scope, &ids[0]).unwrap().delivered_iops, 7000.0);
    b.sim.check_invariants().unwrap();
    b.sim.check_reconciled().unwrap();
}

#[test]
fn without_dedicated_bandwidth_ebs_gets_what_the_other_traffic_leaves_of_the_network() {
    // STO-04. A t2.micro ("Low to Moderate": the sandbox's 300 Mbps = 37.5 MB/s) with two
    // 1,000 GiB gp2 volumes each asked for 3,000 IOPS of 64 KiB (196.6 MB/s): they split the
    // network evenly, 18.75 MB/s = 286.1 IOPS each; 200 Mbps of other traffic leaves 12.5 MB/s,
    // 95.4 IOPS each; 300 Mbps or more leaves nothing.
    let mut b = bench_on(Profile::Current, "t2.micro");
    let ids: Vec<VolumeId> = ["/dev/sdf", "/dev/sdg"].into_iter().map(|d| b.attached_gp2(1000, d)).collect();
    for id in &ids {
        b.workload(id, 3000, 64);
    }
    let delivered = |b: &Bench| -> Vec<f64> {
        ids.iter().map(|id| b.sim.volume_performance(&b.scope, id).unwrap().delivered_iops).collect()
    };
    let each = |mbps: f64| mbps * 1e6 / 8.0 / 2.0 / 65_536.0;
    for got in delivered(&b) {
        assert!((got - each(300.0)).abs() < 1e-6, "{got}");
    }
    let network = |b: &mut Bench, mbps: Option<f64>| {
        b.sim.apply(&b.scope, Command::SandboxSetNetworkLoad { instance_id: b.instance.clone(), mbps }).unwrap();
        b.sim.check_invariants().unwrap();
        b.sim.check_reconciled().unwrap();
    };
    network(&mut b, Some(200.0));
    for got in delivered(&b) {
        assert!((got - each(100.0)).abs() < 1e-6, "{got}");
    }
    network(&mut b, Some(450.0));
    assert_eq!(delivered(&b), vec![0.0, 0.0]);
    network(&mut b, None);
    for got in delivered(&b) {
        assert!((got - each(300.0)).abs() < 1e-6, "{got}");
    }
    let refused =
        b.sim.apply(&b.scope, Command::SandboxSetNetworkLoad { instance_id: b.instance.clone(), mbps: Some(-1.0) });
    assert!(refused.is_err());
}

#[test]
fn ebs_optimization_on_an_m3_xlarge_is_unaffected_by_other_traffic_and_charged() {
    // m3.xlarge: EBS optimization optional (EC2UG ebs-optimized: 500 Mbps, 4,000 IOPS), for
    // $0.05 an hour; off, EBS shares the "High" network (the sandbox's 1,000 Mbps).
    let mut b = bench_on(Profile::Current, "m3.xlarge");
    let id = b.attached_gp2(1000, "/dev/sdf");
    b.workload(&id, 3000, 64);
    b.sim
        .apply(&b.scope, Command::SandboxSetNetworkLoad { instance_id: b.instance.clone(), mbps: Some(800.0) })
        .unwrap();
    let delivered = |b: &Bench| b.sim.volume_performance(&b.scope, &id).unwrap().delivered_iops;
    assert!((delivered(&b) - 200.0 * 1e6 / 8.0 / 65_536.0).abs() < 1e-6, "{}", delivered(&b));
    let on = |b: &mut Bench| {
        b.sim.apply(
            &b.scope,
            Request::ModifyInstanceAttribute(api::ModifyInstanceAttribute {
                ebs_optimized: Some(api::BooleanValue { value: Some(true) }),
                ..api::ModifyInstanceAttribute::of(b.instance.clone())
            })
            .into(),
        )
    };
    assert_eq!(on(&mut b).unwrap_err().code(), "IncorrectInstanceState", "changed only while stopped");
    b.sim
        .apply(
            &b.scope,
            Request::StopInstances(api::StopInstances { instance_ids: vec![b.instance.clone()], force: None }).into(),
        )
        .unwrap();
    b.sim.advance(Millis::from_secs(120));
    on(&mut b).unwrap();
    b.sim
        .apply(&b.scope, Request::StartInstances(api::InstanceIds { instance_ids: vec![b.instance.clone()] }).into())
        .unwrap();
    b.sim.advance(Millis::from_secs(60));
    let started = b.sim.now();
    assert!((delivered(&b) - 500.0 * 1e6 / 8.0 / 65_536.0).abs() < 1e-6, "{}", delivered(&b));
    b.sim
        .apply(&b.scope, Command::SandboxSetNetworkLoad { instance_id: b.instance.clone(), mbps: Some(5000.0) })
        .unwrap();
    assert!((delivered(&b) - 500.0 * 1e6 / 8.0 / 65_536.0).abs() < 1e-6, "dedicated: other traffic does not matter");
    b.sim.advance(Millis::from_hours(2));
    let fee = |b: &Bench| {
        let report = b.sim.world().cost(&b.scope.account, b.sim.now());
        report.lines.iter().find(|l| l.item == "EBS-optimized m3.xlarge").map(|l| (l.quantity, l.usd))
    };
    let (secs, usd) = fee(&b).expect("the fee is a line of its own");
    // Charged from the start that turned it on (the status checks' minute included).
    let expected = b.sim.now().since(started).as_secs_f64() + 60.0;
    assert!((secs - expected).abs() < 60.0, "{secs} vs {expected}");
    assert!((usd - secs / 3600.0 * 0.05).abs() < 1e-9);
    b.sim.check_invariants().unwrap();
    b.sim.check_reconciled().unwrap();
}

#[test]
fn a_stopped_instance_earns_its_ebs_allowance_back_at_its_baseline() {
    use kumo_sim::ids::InstanceId;
    let mut b = bench_on(Profile::Current, "t3.micro");
    let id = b.attached("gp2", 1000, "/dev/sdf");
    let instance = InstanceId::from(b.instance.clone());
    b.workload(&id, 3000, 16);
    b.sim.advance(Millis::from_hours(3));
    assert_eq!(b.sim.instance_ebs_limit(&b.scope, &instance).unwrap().io_credits, 0.0);
    b.sim
        .apply(
            &b.scope,
            Request::StopInstances(api::StopInstances { instance_ids: vec![b.instance.clone()], force: None }).into(),
        )
        .unwrap();
    b.sim.advance(Millis::from_secs(120));
    let stopped_at = b.sim.now();
    b.sim.advance(Millis::from_hours(2));
    let since = b.sim.now().since(stopped_at).as_secs_f64();
    b.sim
        .apply(&b.scope, Request::StartInstances(api::InstanceIds { instance_ids: vec![b.instance.clone()] }).into())
        .unwrap();
    b.sim.advance(Millis::from_secs(60));
    let l = b.sim.instance_ebs_limit(&b.scope, &instance).unwrap();
    // Earned at the 500 IOPS baseline while stopped (about 2 hours), and since the start
    // (the volume's workload runs again, spending it).
    assert!(l.io_credits > 500.0 * since * 0.95 - 3000.0 * 60.0, "{}", l.io_credits);
    assert!(l.io_credits <= 500.0 * (since + 200.0), "{}", l.io_credits);
    b.sim.check_invariants().unwrap();
    b.sim.check_reconciled().unwrap();
}

#[test]
fn get_metric_data_answers_30_days_at_one_minute_where_get_metric_statistics_refuses() {
    use kumo_sim::cloudwatch::MetricDataQuery;
    let mut b = bench(Profile::Current);
    let id = b.attached_gp2(100, "/dev/sdf");
    b.workload(&id, 100, 16);
    b.sim.advance(Millis::from_secs(20 * 86_400));
    let end = b.sim.now();
    let start = Timestamp(end.0 - 30 * 86_400_000);
    let stats = ebs_stats(&id, "VolumeReadOps", start, end, &["Sum"]);
    let refused = b.datapoints(&stats).unwrap_err();
    assert_eq!(refused.code(), "InvalidParameterCombination");
    assert!(refused.to_string().contains("exceeds the limit of 1440"), "{refused}");

    let query = MetricDataQuery {
        id: "r".into(),
        label: None,
        namespace: "AWS/EBS".into(),
        metric_name: "VolumeReadOps".into(),
        dimensions: vec![("VolumeId".into(), id.to_string())],
        period_secs: 60,
        stat: "Sum".into(),
        return_data: true,
        expression: None,
    };
    let results = b.sim.get_metric_data(&b.scope, &[query], start, end).unwrap();
    // One-minute datapoints are kept 15 days (BC-CloudWatch GetMetricData), newest first.
    let r = &results[0];
    assert_eq!(r.timestamps.len(), 15 * 1440, "{}", r.timestamps.len());
    assert!(r.timestamps.windows(2).all(|w| w[0] > w[1]));
    assert!(r.values.iter().all(|v| (*v - 6000.0).abs() < 1e-6), "100 IOPS for a minute is 6,000 reads");
}

/// The defect this pins: a 200 GiB gp2 volume asked for 2,000 IOPS × 256 KiB sequential ran
/// out at 3 h 45 min, then CloudWatch said 0 % and 128 MiB/s while `sim volume` said 95 % and
/// 250 MiB/s. Now both read one computation, every ten minutes for 20 hours: empty, the
/// volume moves its 600 baseline IOPS × 256 KiB = 150 MiB/s and its balance stays at 0 %.
#[test]
fn sim_volume_and_cloudwatch_agree_before_and_after_the_credits_run_out() {
    // On an m5.8xlarge (850 MB/s sustained to EBS), no instance limit is in the way.
    let mut b = bench_on(Profile::Current, "m5.8xlarge");
    let id = b.attached_gp2(200, "/dev/sdf");
    b.workload_of(&id, 2000, 256, true);
    let stat = |b: &mut Bench, metric: &str, start: Timestamp, end: Timestamp| {
        let q = ebs_stats(&id, metric, start, end, &["Sum", "Average"]);
        b.datapoints(&q).unwrap()
    };
    let mut ran_out = None;
    for step in 1..=120 {
        b.sim.advance(Millis::from_secs(600));
        let now = b.sim.now();
        let perf = b.sim.volume_performance(&b.scope, &id).unwrap();
        // The last whole minute: bytes read in it and the balance at its end.
        let minute = Timestamp(now.0 - 60_000);
        let bytes = stat(&mut b, "VolumeReadBytes", minute, now);
        let balance = stat(&mut b, "BurstBalance", minute, now);
        let cw_mibps = bytes[0].sum / 60.0 / 1_048_576.0;
        assert!(
            (cw_mibps - perf.delivered_mibps).abs() < 0.01,
            "step {step}: CloudWatch {cw_mibps} MiB/s, sim volume {}",
            perf.delivered_mibps
        );
        assert!(
            (balance[0].sum - perf.burst_balance_percent).abs() < 0.5,
            "step {step}: CloudWatch {} %, sim volume {} %",
            balance[0].sum,
            perf.burst_balance_percent
        );
        if perf.credits == 0.0 {
            ran_out.get_or_insert(step);
            assert_eq!(perf.delivered_mibps, 150.0, "step {step}: baseline 600 IOPS × 256 KiB");
            assert_eq!(perf.burst_balance_percent, 0.0);
        } else {
            assert_eq!(perf.delivered_mibps, 250.0, "step {step}: bursting at the 250 MiB/s limit");
        }
    }
    // 5.4 M credits at 1,000 − 600 a second: 13,500 s, so empty from the 23rd ten minutes on.
    assert_eq!(ran_out, Some(23));
}
