//! Benchmark: the cost of advancing time is per event, not per simulated second.
//! Run with `cargo bench -p kumo-sim`.

// Benchmarks measure real time on purpose; the simulator itself never does.
#![allow(clippy::disallowed_methods)]

use std::time::Instant;

use kumo_sim::ec2::Request;
use kumo_sim::ec2::api::{AttachVolume, CreateVolume, Placement, RunInstances};
use kumo_sim::ids::AccountId;
use kumo_sim::{Command, Millis, Profile, Region, Scope, Sim, catalog};

fn world_with(instances: u32) -> Sim {
    let mut sim = Sim::new(7, Profile::Current);
    let scope = Scope::new(AccountId::learner(), Region::UsEast1);
    let image = catalog::public_images(Region::UsEast1)[0].id.to_string();
    for _ in 0..instances / 20 {
        let _ = sim.apply(
            &scope,
            Command::from(Request::RunInstances(RunInstances {
                image_id: Some(image.clone()),
                instance_type: Some("t3.micro".into()),
                min_count: 20,
                max_count: 20,
                ..RunInstances::default()
            })),
        );
    }
    sim
}

fn time<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let t = Instant::now();
    let out = f();
    (out, t.elapsed().as_secs_f64() * 1000.0)
}

fn main() {
    let mut sim = world_with(1000);
    let (fired, ms) = time(|| sim.advance(Millis::from_hours(1)));
    println!(
        "1,000 instances booting: {} events in {ms:.2} ms ({:.2} µs/event)",
        fired.len(),
        ms * 1000.0 / fired.len() as f64
    );

    let (fired, ms) = time(|| sim.advance(Millis::from_hours(24 * 30)));
    println!("then 30 quiet days: {} events in {ms:.3} ms", fired.len());

    let (fired, ms) = time(|| sim.advance(Millis::from_hours(24 * 300)));
    println!("then 300 quiet days: {} events in {ms:.3} ms", fired.len());

    // One volume per instance: every volume is on its own (its instance's EBS bandwidth is
    // never the limit); then 20 volumes per m5.large, which share its bandwidth (STO-04).
    gp2_volumes(1);
    gp2_volumes(20);

    let (text, ms) = time(|| sim.save());
    println!("save 1,000 instances: {} bytes in {ms:.2} ms", text.len());
    let (loaded, ms) = time(|| Sim::load(&text));
    println!("load 1,000 instances (with invariant check): ok={} in {ms:.2} ms", loaded.is_ok());
}

/// 1,000 gp2 volumes (1,000 / `per_instance` instances) bursting under constant workloads:
/// each bucket empties at a computed instant; 30 and then 300 further days cost nothing more.
fn gp2_volumes(per_instance: usize) {
    use CreateVolume;
    use kumo_sim::ec2::performance::Workload;
    let mut sim = Sim::new(9, Profile::Current);
    let scope = Scope::new(AccountId::learner(), Region::UsEast1);
    let image = catalog::public_images(Region::UsEast1)[0].id.to_string();
    let mut instances = Vec::new();
    println!("-- 1,000 gp2 volumes, {per_instance} per m5.large instance");
    for _ in 0..(1000 / per_instance).div_ceil(20) {
        match sim.apply(
            &scope,
            Command::from(Request::RunInstances(RunInstances {
                image_id: Some(image.clone()),
                instance_type: Some("m5.large".into()),
                min_count: 20.min(1000 / per_instance as i64),
                max_count: 20.min(1000 / per_instance as i64),
                placement: Some(Placement { availability_zone: Some("us-east-1a".into()), tenancy: None }),
                ..RunInstances::default()
            })),
        ) {
            Ok(kumo_sim::Reply::Reservation(r)) => instances.extend(r.instances.iter().map(|i| i.id.to_string())),
            other => panic!("launch: {other:?}"),
        }
    }
    sim.advance(Millis::from_secs(300));
    let mut volumes = Vec::new();
    for (n, inst) in instances.iter().enumerate() {
        for d in 0..per_instance as u8 {
            let size = 20 + ((n * per_instance + usize::from(d)) % 900) as u32;
            let Ok(kumo_sim::Reply::Volume(v)) = sim.apply(
                &scope,
                Command::from(Request::CreateVolume(CreateVolume {
                    availability_zone: Some("us-east-1a".into()),
                    size: Some(size.into()),
                    volume_type: Some("gp2".into()),
                    ..CreateVolume::default()
                })),
            ) else {
                panic!("volume")
            };
            volumes.push((v.id.to_string(), inst.clone(), format!("/dev/sd{}", (b'f' + d) as char)));
        }
    }
    sim.advance(Millis::from_secs(60));
    for (v, i, dev) in &volumes {
        let _ = sim.apply(
            &scope,
            Command::from(Request::AttachVolume(AttachVolume {
                volume_id: v.clone(),
                instance_id: i.clone(),
                device: dev.clone(),
            })),
        );
    }
    sim.advance(Millis::from_secs(60));
    for (v, _, _) in &volumes {
        let w = Workload {
            read_iops: 2500,
            write_iops: 500,
            io_size_kib: 16,
            pattern: Default::default(),
            sequential: false,
        };
        let _ = sim.apply(&scope, Command::SandboxSetWorkload { volume_id: v.clone(), workload: Some(w) });
    }
    let (fired, ms) = time(|| sim.advance(Millis::from_hours(24 * 30)));
    println!("1,000 bursting gp2 volumes, 30 days: {} events in {ms:.2} ms", fired.len());
    let (fired, ms) = time(|| sim.advance(Millis::from_hours(24 * 300)));
    println!("then 300 more days: {} events in {ms:.3} ms", fired.len());
    // Daily cycles (09:00-18:00 UTC): two switches a day and one exhaustion a day per volume.
    for (v, _, _) in &volumes {
        let w = Workload {
            read_iops: 2500,
            write_iops: 500,
            io_size_kib: 16,
            pattern: kumo_sim::ec2::performance::Pattern::Daily { from_hour: 9, to_hour: 18 },
            sequential: false,
        };
        let _ = sim.apply(&scope, Command::SandboxSetWorkload { volume_id: v.clone(), workload: Some(w) });
    }
    let (fired, ms) = time(|| sim.advance(Millis::from_hours(24 * 30)));
    println!("1,000 gp2 volumes with daily cycles, 30 days: {} events in {ms:.2} ms", fired.len());
    // The same number of switches spread over 300 days: the cost follows the events.
    for (v, _, _) in &volumes {
        let w = Workload {
            read_iops: 2500,
            write_iops: 500,
            io_size_kib: 16,
            pattern: kumo_sim::ec2::performance::Pattern::Spikes {
                start: sim.now(),
                every: Millis::from_hours(240),
                duration: Millis::from_hours(90),
            },
            sequential: false,
        };
        let _ = sim.apply(&scope, Command::SandboxSetWorkload { volume_id: v.clone(), workload: Some(w) });
    }
    let (fired, ms) = time(|| sim.advance(Millis::from_hours(24 * 300)));
    println!("the same volumes, one cycle every 10 days, 300 days: {} events in {ms:.2} ms", fired.len());

    // A week of BurstBalance at 1-minute samples, in 1-hour periods (CloudWatch returns at
    // most 1,440 datapoints per call, so a week at 1 minute takes 7 calls; this is one).
    let end = sim.now();
    let start = kumo_sim::Timestamp(end.0 - 7 * 24 * 3_600_000);
    let q = kumo_sim::cloudwatch::MetricQuery {
        namespace: "AWS/EBS".into(),
        metric_name: "BurstBalance".into(),
        dimensions: vec![("VolumeId".into(), volumes[0].0.clone())],
        start,
        end,
        period_secs: 3600,
        statistics: vec!["Average".into()],
    };
    let request = kumo_sim::cloudwatch::Request::GetMetricStatistics((&q).into());
    let (r, ms) = time(|| sim.apply(&scope, Command::CloudWatch(Box::new(request))));
    let n = match r {
        Ok(kumo_sim::Reply::CloudWatch(kumo_sim::cloudwatch::Response::Statistics(s))) => s.datapoints.len(),
        _ => 0,
    };
    println!("1 week of BurstBalance (10,080 one-minute samples) in {n} hourly datapoints: {ms:.2} ms");
    let id = kumo_sim::ids::VolumeId::from(volumes[0].0.clone());
    let (p, ms) = time(|| sim.volume_performance(&scope, &id));
    println!("one volume's performance now: {ms:.4} ms (credits {:.0})", p.map_or(-1.0, |p| p.credits));
}
