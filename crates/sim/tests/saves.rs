//! Saves that no sequence of requests could make are refused on load, with a reason, instead
//! of being half-loaded: each case below was once accepted.

#![cfg(not(target_arch = "wasm32"))]

use kumo_sim::ec2::Request;
use kumo_sim::ec2::api::{AttachVolume, CreateVolume, Placement, RunInstances};
use kumo_sim::ids::AccountId;
use kumo_sim::save::LoadError;
use kumo_sim::{Command, Millis, Profile, Region, Reply, Scope, Sim, catalog};
use serde_json::Value;

/// A running instance with two data volumes attached at /dev/sdf and /dev/sdg.
fn world() -> Sim {
    let mut sim = Sim::new(5, Profile::Current);
    let scope = Scope::new(AccountId::learner(), Region::UsEast1);
    let image = catalog::public_images(Region::UsEast1)[0].id.to_string();
    let Reply::Reservation(r) = sim
        .apply(
            &scope,
            Command::from(Request::RunInstances(RunInstances {
                image_id: Some(image),
                instance_type: Some("t3.micro".into()),
                min_count: 1,
                max_count: 1,
                placement: Some(Placement { availability_zone: Some("us-east-1a".into()), tenancy: None }),
                ..RunInstances::default()
            })),
        )
        .unwrap()
    else {
        panic!()
    };
    sim.advance(Millis::from_secs(60));
    let instance = r.instances[0].id.to_string();
    for device in ["/dev/sdf", "/dev/sdg"] {
        let spec = CreateVolume { availability_zone: Some("us-east-1a".into()), size: Some(10), ..Default::default() };
        let Reply::Volume(v) = sim.apply(&scope, Command::from(Request::CreateVolume(spec))).unwrap() else { panic!() };
        sim.advance(Millis::from_secs(30));
        let attach = Command::from(Request::AttachVolume(AttachVolume {
            volume_id: v.id.to_string(),
            instance_id: instance.clone(),
            device: device.into(),
        }));
        sim.apply(&scope, attach).unwrap();
        sim.advance(Millis::from_secs(30));
    }
    sim.check_invariants().unwrap();
    sim
}

/// The volumes of us-east-1 of the learner's account in a saved world.
fn volumes(save: &mut Value) -> Vec<&mut Value> {
    let regions = &mut save["sim"]["world"]["accounts"][AccountId::learner().to_string()]["regions"];
    let vols = regions["us-east-1"]["volumes"].as_object_mut().expect("volumes by id");
    vols.values_mut().collect()
}

fn refused(save: &Value) -> String {
    match Sim::load(&save.to_string()) {
        Err(LoadError::Inconsistent(why)) => why,
        Err(other) => other.to_string(),
        Ok(_) => panic!("a save no request could make was loaded"),
    }
}

fn data_volumes(save: &mut Value) -> Vec<&mut Value> {
    volumes(save).into_iter().filter(|v| v["attachment"]["device"] != "/dev/xvda").collect()
}

#[test]
fn the_untouched_save_loads() {
    let sim = world();
    assert_eq!(Sim::load(&sim.save()).unwrap(), sim);
}

#[test]
fn a_clock_past_the_year_9999_is_refused() {
    let mut save: Value = serde_json::from_str(&world().save()).unwrap();
    // Year 584,556,019: the instant the issue found a save at.
    save["sim"]["now"] = Value::from(18_446_744_073_709_000_000u64);
    assert!(refused(&save).contains("9999"), "{}", refused(&save));
}

#[test]
fn two_volumes_at_one_device_are_refused() {
    let mut save: Value = serde_json::from_str(&world().save()).unwrap();
    for v in data_volumes(&mut save) {
        v["attachment"]["device"] = Value::from("/dev/sdf");
    }
    assert!(refused(&save).contains("a second volume at /dev/sdf"), "{}", refused(&save));
}

#[test]
fn a_volume_of_size_zero_or_of_an_unknown_type_is_refused() {
    let clean: Value = serde_json::from_str(&world().save()).unwrap();
    let mut zero = clean.clone();
    data_volumes(&mut zero)[0]["size_gib"] = Value::from(0);
    assert!(refused(&zero).contains("0 GiB is outside gp2"), "{}", refused(&zero));
    let mut bogus = clean;
    data_volumes(&mut bogus)[0]["volume_type"] = Value::from("Bogus");
    assert!(refused(&bogus).contains("unknown volume type \"Bogus\""), "{}", refused(&bogus));
}

#[test]
fn advancing_stops_at_the_last_instant_so_the_world_still_loads() {
    let mut sim = Sim::new(1, Profile::Current);
    for _ in 0..1000 {
        sim.advance(Millis::from_secs(10 * 365 * 86_400));
    }
    assert_eq!(sim.now(), kumo_sim::sim::LAST_INSTANT);
    assert!(Sim::load(&sim.save()).is_ok());
}
