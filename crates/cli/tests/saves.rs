//! Worlds saved by earlier versions still load: a save written before st1/sc1 throughput
//! credits, instance EBS bandwidth, SNS and instance metrics existed (version 1, kept in
//! tests/fixtures) loads, passes the invariant check and keeps running.

#![cfg(not(target_arch = "wasm32"))]

use kumo_cli::session::Session;

#[test]
fn a_session_saved_before_this_version_loads_and_runs() {
    let text = include_str!("fixtures/session-v1.json");
    let mut s = Session::load(text).expect("the old save loads");
    s.sim.check_invariants().unwrap();
    for line in ["sim volume {vol:data}", "sim volume {vol:logs}", "sim advance 2d", "aws sns list-topics"] {
        let out = s.run_line(line);
        assert_eq!(out.exit, 0, "{line}: {}", out.stderr);
    }
    // The st1 volume now has a throughput-credit bucket, never more than full.
    let out = s.run_line("sim volume {vol:logs}");
    assert!(out.stdout.contains("\"BurstBalancePercent\""), "{}", out.stdout);
    s.sim.check_invariants().unwrap();
    let again = Session::load(&s.save()).expect("saved again, it loads again");
    assert_eq!(again.save(), s.save());
}

/// The learner's files are saved with the session (an old save loads with an empty home); a
/// tree no `sim file` command could have made is refused as damaged, not half-loaded.
#[test]
fn the_learners_files_are_saved_and_a_damaged_tree_is_refused() {
    let old = Session::load(include_str!("fixtures/session-v1.json")).expect("the old save loads");
    assert_eq!(old.files, kumo_cli::files::home());
    let mut s = Session::new(3, kumo_sim::Profile::Current);
    assert_eq!(s.run_line("sim file write notes/todo.txt 'snapshot the data volume'").exit, 0);
    let again = Session::load(&s.save()).expect("it loads");
    assert_eq!(again.files.read("/home/learner/notes/todo.txt"), Ok("snapshot the data volume"));
    let damaged = s.save().replace("\"/home/learner/notes/todo.txt\"", "\"todo.txt\"");
    assert!(matches!(Session::load(&damaged), Err(kumo_sim::save::LoadError::Damaged(m)) if m.contains("todo.txt")));
}
