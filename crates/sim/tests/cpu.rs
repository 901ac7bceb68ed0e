//! CPU credits against EC2UG burstable-credits-baseline-concepts: a t2.micro's launch
//! credits last 30 / (1 − 0.1) minutes at 100 % (exact to the millisecond), then it is held
//! to its 10 % baseline; a t3.micro at 100 % runs up surplus at (2 − 0.2) credits a minute
//! up to 288 and repays it at 12 an hour; a fixed-performance m5.large has no credits.

#![cfg(not(target_arch = "wasm32"))]

use kumo_sim::ec2::cpu::CpuLoad;
use kumo_sim::ec2::{Request, api};
use kumo_sim::ids::{AccountId, InstanceId};
use kumo_sim::{Command, Millis, Profile, Region, Reply, Scope, Sim, catalog};

fn launch(sim: &mut Sim, scope: &Scope, ty: &str) -> InstanceId {
    let image = catalog::public_images(Region::UsEast1)[0].id.to_string();
    let Reply::Reservation(r) =
        sim.apply(scope, Request::RunInstances(api::RunInstances::one(image, ty)).into()).unwrap()
    else {
        panic!()
    };
    sim.advance(Millis::from_secs(120));
    r.instances[0].id.clone()
}

fn load(sim: &mut Sim, scope: &Scope, id: &InstanceId, percent: f64) {
    let load = (percent > 0.0).then_some(CpuLoad { percent, pattern: Default::default() });
    sim.apply(scope, Command::SandboxSetCpuLoad { instance_id: id.to_string(), load }).unwrap();
}

#[test]
fn t2_standard_spends_its_launch_credits_then_holds_its_baseline() {
    let mut sim = Sim::new(1, Profile::Current);
    let scope = Scope::new(AccountId::learner(), Region::UsEast1);
    let id = launch(&mut sim, &scope, "t2.micro");
    let (_, credits, ..) = sim.cpu_now_of(&scope, &id).unwrap();
    assert!(credits > 30.0 && credits < 30.3, "30 launch credits plus a little earned idle: {credits}");
    load(&mut sim, &scope, &id, 100.0);
    // 1 vCPU at 100 % spends 1 credit a minute and earns 6 an hour.
    let rate = 6.0 / 3600.0 - 1.0 / 60.0;
    let ms = (credits / -rate * 1000.0).ceil() as u64;
    sim.advance(Millis(ms - 1));
    assert_eq!(sim.cpu_now_of(&scope, &id).unwrap().0, 100.0);
    sim.advance(Millis(1));
    let (util, credits, ..) = sim.cpu_now_of(&scope, &id).unwrap();
    assert_eq!((util, credits), (10.0, 0.0), "held to the 10 % baseline with no credits");
    sim.check_invariants().unwrap();
}

#[test]
fn t3_unlimited_runs_up_surplus_and_repays_it() {
    let mut sim = Sim::new(2, Profile::Current);
    let scope = Scope::new(AccountId::learner(), Region::UsEast1);
    let id = launch(&mut sim, &scope, "t3.micro");
    load(&mut sim, &scope, &id, 100.0);
    sim.advance(Millis::from_mins(100));
    let (util, credits, surplus, _) = sim.cpu_now_of(&scope, &id).unwrap();
    assert_eq!((util, credits), (100.0, 0.0));
    // 2 vCPUs spend 2 a minute, 0.2 earned: 1.8 a minute of surplus, less what the idle
    // first two minutes had accrued.
    assert!((surplus - 180.0).abs() < 0.5, "{surplus}");
    sim.advance(Millis::from_hours(2));
    assert_eq!(sim.cpu_now_of(&scope, &id).unwrap().2, 288.0, "surplus stops at the 288 cap");
    load(&mut sim, &scope, &id, 0.0);
    sim.advance(Millis::from_hours(12));
    let surplus = sim.cpu_now_of(&scope, &id).unwrap().2;
    assert!((surplus - 144.0).abs() < 1e-6, "repaid at 12 an hour: {surplus}");
    sim.check_invariants().unwrap();
}

#[test]
fn fixed_performance_types_run_at_what_they_are_asked() {
    let mut sim = Sim::new(3, Profile::Current);
    let scope = Scope::new(AccountId::learner(), Region::UsEast1);
    let id = launch(&mut sim, &scope, "m5.large");
    load(&mut sim, &scope, &id, 73.0);
    sim.advance(Millis::from_hours(48));
    assert_eq!(sim.cpu_now_of(&scope, &id).unwrap().0, 73.0);
    assert!(kumo_sim::ec2::cpu::credits_of("m5.large").is_none());
}
