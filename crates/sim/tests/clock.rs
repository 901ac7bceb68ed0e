//! The clock, the queue and save/load: determinism, bounds, cost per event.

mod common;

use common::World;
use kumo_sim::save::LoadError;
use kumo_sim::{Millis, Profile, Sim};

#[test]
fn advancing_fires_events_in_time_order_and_lands_on_the_deadline() {
    let mut w = World::new(21);
    w.launch("al2023", "t3.micro", "a", 3);
    let start = w.sim.now();
    let fired = w.sim.advance(Millis::from_secs(600));
    assert!(fired.windows(2).all(|p| (p[0].at, p[0].seq) < (p[1].at, p[1].seq)));
    assert_eq!(w.sim.now(), start.plus(Millis::from_secs(600)));
    assert_eq!(fired.iter().filter(|e| e.event.name() == "InstanceRunning").count(), 3);
    w.sim.check_invariants().unwrap();
}

#[test]
fn next_event_jumps_exactly_to_it() {
    let mut w = World::new(22);
    w.launch("al2023", "t3.micro", "a", 1);
    let at = w.sim.next_event_at().unwrap();
    let fired = w.sim.advance_to_next_event();
    assert_eq!(w.sim.now(), at);
    assert_eq!(fired.len(), 1);
}

#[test]
fn advance_takes_std_durations_too() {
    let mut sim = Sim::new(1, Profile::Current);
    let start = sim.now();
    sim.advance(std::time::Duration::from_secs(90));
    assert_eq!(sim.now(), start.plus(Millis(90_000)));
}

#[test]
fn a_quiet_year_costs_nothing_to_advance() {
    let mut sim = Sim::new(1, Profile::Current);
    let fired = sim.advance(Millis::from_hours(24 * 365));
    assert!(fired.is_empty());
    assert_eq!(sim.next_event_at(), None);
}

#[test]
fn save_then_load_gives_the_same_world_and_the_same_future() {
    let mut w = World::new(23);
    w.launch("al2023", "t3.micro", "a", 2);
    w.advance_secs(5);
    let text = w.sim.save();
    let mut restored = Sim::load(&text).unwrap();
    assert_eq!(restored, w.sim);
    w.sim.advance(Millis::from_secs(3600));
    restored.advance(Millis::from_secs(3600));
    assert_eq!(restored.save(), w.sim.save());
}

#[test]
fn broken_saves_are_reported_clearly() {
    assert!(matches!(Sim::load("{"), Err(LoadError::NotJson(_))));
    assert!(matches!(Sim::load("{\"format\":\"other\"}"), Err(LoadError::WrongFormat(_))));
    assert_eq!(
        Sim::load("{\"format\":\"kumo-world\",\"version\":99}"),
        Err(LoadError::UnsupportedVersion { found: 99 })
    );
    assert!(matches!(Sim::load("{\"format\":\"kumo-world\",\"version\":1,\"sim\":{}}"), Err(LoadError::Damaged(_))));
    // A well-formed save whose contents break an invariant is refused too.
    let mut w = World::new(24);
    w.launch("al2023", "t3.micro", "a", 1);
    let text = w.sim.save().replace("\"state\":\"pending\"", "\"state\":\"stopped\"");
    assert!(matches!(Sim::load(&text), Err(LoadError::Inconsistent(_))), "{:?}", Sim::load(&text).err());
}

#[test]
fn same_seed_same_ids_different_seed_different_ids() {
    let ids = |seed| World::new(seed).launch("al2023", "t3.micro", "a", 2);
    assert_eq!(ids(5), ids(5));
    assert_ne!(ids(5), ids(6));
}
