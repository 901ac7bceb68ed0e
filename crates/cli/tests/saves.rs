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
