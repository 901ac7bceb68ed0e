//! The EC2/EBS/SNS workload of `kumo_cli::workload` in headless Chromium. In the test command
//! it runs once at N = 200 (1,256 CLI lines, every one succeeding) and prints its calls per
//! second; `scripts/bench-browser` builds it in release with `KUMO_BENCH_SIZES=200,1000,10000`
//! and so makes it the benchmark to set beside the native one (`cargo bench -p kumo-cli
//! --bench workload`, the same lines). Budget: within 3× of native.

#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The calls the workload makes at N instances: a topic and a subscription, RunInstances by
/// 20, a volume, an attachment, a snapshot and two describes per instance, a tenth stopped and
/// started, 100 publishes and 100 listings, terminations by 50.
fn calls(n: usize) -> usize {
    2 + n.div_ceil(20) + 5 * n + 2 * n.div_ceil(10) + 200 + n.div_ceil(50)
}

#[wasm_bindgen_test]
fn the_workload_runs_in_the_browser() {
    let perf = web_sys::window().and_then(|w| w.performance()).expect("the page's performance clock");
    let mut now = || perf.now() / 1000.0;
    // Chosen when the test is built: the benchmark's sizes, or one small run.
    let sizes: Vec<usize> = option_env!("KUMO_BENCH_SIZES")
        .unwrap_or("200")
        .split(',')
        .map(|s| s.trim().parse().expect("KUMO_BENCH_SIZES: numbers separated by commas"))
        .collect();
    if sizes.len() > 1 {
        // One unmeasured run first: the engine compiles the module in tiers, and the first
        // calls run on its quick baseline code.
        kumo_cli::workload::run(200, &mut now).expect("the workload's lines all succeed");
    }
    console_log!("    N |   calls | seconds | calls/s  (headless Chromium)");
    for n in sizes {
        let t = kumo_cli::workload::run(n, &mut now).expect("the workload's lines all succeed");
        assert_eq!(t.calls, calls(n), "the workload's calls at N = {n}");
        console_log!("{n:>5} | {:>7} | {:>7.2} | {:>7.0}", t.calls, t.secs, t.per_sec());
    }
}
