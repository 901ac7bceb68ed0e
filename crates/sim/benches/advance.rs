//! Benchmark: the cost of advancing time is per event, not per simulated second.
//! Run with `cargo bench -p kumo-sim`.

// Benchmarks measure real time on purpose; the simulator itself never does.
#![allow(clippy::disallowed_methods)]

use std::time::Instant;

use kumo_sim::command::RunInstances;
use kumo_sim::ids::AccountId;
use kumo_sim::{Command, Millis, Profile, Region, Scope, Sim, catalog};

fn world_with(instances: u32) -> Sim {
    let mut sim = Sim::new(7, Profile::Current);
    let scope = Scope::new(AccountId::learner(), Region::UsEast1);
    let image = catalog::public_images(Region::UsEast1)[0].id.to_string();
    for _ in 0..instances / 20 {
        let _ = sim.apply(
            &scope,
            Command::RunInstances(RunInstances {
                image_id: Some(image.clone()),
                instance_type: Some("t3.micro".into()),
                min_count: 20,
                max_count: 20,
                ..RunInstances::default()
            }),
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

    let (text, ms) = time(|| sim.save());
    println!("save 1,000 instances: {} bytes in {ms:.2} ms", text.len());
    let (loaded, ms) = time(|| Sim::load(&text));
    println!("load 1,000 instances (with invariant check): ok={} in {ms:.2} ms", loaded.is_ok());
}
