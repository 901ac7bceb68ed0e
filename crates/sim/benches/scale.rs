//! Benchmark: the cost of one request and of one event over world sizes of 100, 1,000,
//! 10,000 and 100,000 resources. A request or an event touches what it changed, so these
//! costs stay flat as the world grows; building the world (booting its instances) is
//! O(N log N). Run with `cargo bench -p kumo-sim --bench scale`; `KUMO_SCALE_MAX=10000`
//! stops at a size.
//!
//! A world of N resources: N/5 running t3.micro instances (each with its root gp2 volume)
//! spread over the Region's six zones, and 3N/5 more gp2 volumes, available.

// Benchmarks measure real time on purpose; the simulator itself never does.
#![allow(clippy::disallowed_methods)]

use std::time::Instant;

use kumo_sim::ec2::Request;
use kumo_sim::ec2::api::{
    AttachVolume, CreateSnapshot, CreateVolume, DescribeInstances, DetachVolume, InstanceIds, Placement, RunInstances,
    StopInstances,
};
use kumo_sim::ids::AccountId;
use kumo_sim::{Command, Millis, Profile, Region, Reply, Scope, Sim, catalog};

const ZONES: [&str; 6] = ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"];

struct World {
    sim: Sim,
    scope: Scope,
    instances: Vec<String>,
    volumes: Vec<(String, &'static str)>,
}

fn ms_since(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

fn ec2(sim: &mut Sim, scope: &Scope, r: Request) -> Reply {
    match sim.apply(scope, Command::from(r)) {
        Ok(reply) => reply,
        Err(e) => panic!("{e:?}"),
    }
}

/// Builds a world of `n` resources and reports how long booting its instances took.
fn build(n: usize) -> World {
    let mut sim = Sim::new(11, Profile::Current);
    let scope = Scope::new(AccountId::learner(), Region::UsEast1);
    let image = catalog::public_images(Region::UsEast1)[0].id.to_string();
    let mut instances = Vec::new();
    let t = Instant::now();
    let count = n / 5;
    let mut zone = 0;
    while instances.len() < count {
        let batch = (count - instances.len()).min(20) as i64;
        let reply = ec2(
            &mut sim,
            &scope,
            Request::RunInstances(RunInstances {
                image_id: Some(image.clone()),
                instance_type: Some("t3.micro".into()),
                min_count: batch,
                max_count: batch,
                placement: Some(Placement { availability_zone: Some(ZONES[zone % 6].into()), tenancy: None }),
                ..RunInstances::default()
            }),
        );
        zone += 1;
        let Reply::Reservation(r) = reply else { panic!("launch") };
        instances.extend(r.instances.iter().map(|i| i.id.to_string()));
    }
    let launched = ms_since(t);
    let t = Instant::now();
    let fired = sim.advance(Millis::from_secs(600)).len();
    let booted = ms_since(t);
    println!(
        "  boot {count} instances: launch {launched:.1} ms ({:.1} µs each), {fired} events in {booted:.1} ms ({:.1} µs/event)",
        launched * 1000.0 / count.max(1) as f64,
        booted * 1000.0 / fired.max(1) as f64
    );
    let mut volumes = Vec::new();
    let t = Instant::now();
    for k in 0..n * 3 / 5 {
        let zone = ZONES[k % 6];
        let reply = ec2(
            &mut sim,
            &scope,
            Request::CreateVolume(CreateVolume {
                availability_zone: Some(zone.into()),
                size: Some(8),
                volume_type: Some("gp2".into()),
                ..CreateVolume::default()
            }),
        );
        let Reply::Volume(v) = reply else { panic!("volume") };
        volumes.push((v.id.to_string(), zone));
    }
    sim.advance(Millis::from_secs(60));
    println!(
        "  create {} volumes: {:.1} ms ({:.1} µs each)",
        volumes.len(),
        ms_since(t),
        ms_since(t) * 1000.0 / volumes.len().max(1) as f64
    );
    World { sim, scope, instances, volumes }
}

/// The median of `reps` timings of `f`, in microseconds.
fn median_us(reps: usize, mut f: impl FnMut(usize)) -> f64 {
    let mut times: Vec<f64> = (0..reps)
        .map(|k| {
            let t = Instant::now();
            f(k);
            t.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn main() {
    let max: usize = std::env::var("KUMO_SCALE_MAX").ok().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    println!("size | list-topics | describe one instance | create-snapshot | attach+detach | stop one | its events");
    let mut rows = Vec::new();
    for n in [100, 1_000, 10_000, 100_000].into_iter().filter(|&n| n <= max) {
        println!("-- {n} resources");
        let mut w = build(n);
        let scope = w.scope.clone();
        let reps = 41;
        let topics = median_us(reps, |_| {
            let _ = w.sim.apply(&scope, Command::Sns(kumo_sim::sns::Request::ListTopics(Default::default())));
        });
        let describe = median_us(reps, |k| {
            let id = w.instances[k * 7 % w.instances.len()].clone();
            let _ = ec2(
                &mut w.sim,
                &scope,
                Request::DescribeInstances(DescribeInstances {
                    instance_ids: Some(vec![id]),
                    ..DescribeInstances::default()
                }),
            );
        });
        let snapshot = median_us(reps, |k| {
            let id = w.volumes[k * 11 % w.volumes.len()].0.clone();
            let _ = ec2(
                &mut w.sim,
                &scope,
                Request::CreateSnapshot(CreateSnapshot { volume_id: id, ..CreateSnapshot::default() }),
            );
        });
        // A volume of the instance's zone: instances were launched in batches of 20 per zone.
        let attach = median_us(reps, |k| {
            let i = (k * 17) % w.instances.len();
            let instance = w.instances[i].clone();
            let zone = ZONES[i / 20 % 6];
            let Some((volume, _)) = w.volumes.iter().skip(k).find(|(_, z)| *z == zone).cloned() else { return };
            let _ = ec2(
                &mut w.sim,
                &scope,
                Request::AttachVolume(AttachVolume {
                    device: "/dev/sdf".into(),
                    instance_id: instance,
                    volume_id: volume.clone(),
                }),
            );
            w.sim.advance(Millis::from_secs(5));
            let _ = ec2(
                &mut w.sim,
                &scope,
                Request::DetachVolume(DetachVolume { volume_id: volume, ..DetachVolume::default() }),
            );
            w.sim.advance(Millis::from_secs(60));
        });
        let mut events = Vec::new();
        let stop = median_us(reps, |k| {
            let id = w.instances[(k * 13 + 3) % w.instances.len()].clone();
            let _ = ec2(
                &mut w.sim,
                &scope,
                Request::StopInstances(StopInstances { instance_ids: vec![id.clone()], force: None }),
            );
            // The stop's events (stopping → stopped), then the start's (pending → running and
            // the status checks), timed per event.
            let t = Instant::now();
            let mut fired = w.sim.advance(Millis::from_secs(120)).len();
            let _ = ec2(&mut w.sim, &scope, Request::StartInstances(InstanceIds { instance_ids: vec![id] }));
            fired += w.sim.advance(Millis::from_secs(600)).len();
            events.push(t.elapsed().as_secs_f64() * 1e6 / fired.max(1) as f64);
        });
        events.sort_by(f64::total_cmp);
        let event = events[events.len() / 2];
        println!(
            "  µs: list-topics {topics:.1}, describe {describe:.1}, create-snapshot {snapshot:.1}, attach+detach {attach:.1}, stop {stop:.1}, per event {event:.1}"
        );
        rows.push((n, topics, describe, snapshot, attach, stop, event));
    }
    println!("\nmedian µs per request or event:");
    for (n, a, b, c, d, e, f) in rows {
        println!("{n:>7} | {a:>8.1} | {b:>8.1} | {c:>8.1} | {d:>8.1} | {e:>8.1} | {f:>8.1}");
    }
}
