//! Benchmark: the EC2/EBS/SNS workload of `kumo_cli::workload` at N = 200, 1,000 and 10,000
//! instances, natively: calls per second and the process's peak memory (budget: 1,000
//! calls/s at N = 10,000). `scripts/bench-browser` runs the same workload in headless
//! Chromium. Run with `cargo bench -p kumo-cli --bench workload`; `KUMO_WORKLOAD_MAX=1000`
//! stops at a size.

// Benchmarks measure real time on purpose; the simulator itself never does.
#![allow(clippy::disallowed_methods)]

use std::time::Instant;

use kumo_cli::{Session, workload};
use kumo_sim::Profile;

/// The process's peak resident memory so far, in MiB (Linux's VmHWM).
fn peak_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(str::to_string))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|k| k.parse::<f64>().ok()))
        .map_or(f64::NAN, |kib| kib / 1024.0)
}

fn main() {
    let max: usize = std::env::var("KUMO_WORKLOAD_MAX").ok().and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let start = Instant::now();
    let mut now = || start.elapsed().as_secs_f64();
    println!("    N |   calls | seconds | calls/s | peak MiB");
    for n in [200, 1_000, 10_000].into_iter().filter(|&n| n <= max) {
        let t = workload::run(n, &mut now).unwrap_or_else(|e| panic!("{e}"));
        println!("{n:>5} | {:>7} | {:>7.2} | {:>7.0} | {:>8.1}", t.calls, t.secs, t.per_sec(), peak_mib());
    }
    // CreateKeyPair (a 2,048-bit RSA key): made during the request, and made ahead as the
    // page does while idle (Sim::prepare_key), then taken by the request.
    let mut s = Session::new(3, Profile::Current);
    let t = Instant::now();
    let out = s.run_line("aws ec2 create-key-pair --key-name bench --query KeyFingerprint --output text");
    assert!(out.exit == 0, "{}", out.stderr);
    let inline = t.elapsed().as_secs_f64() * 1000.0;
    let t = Instant::now();
    s.sim.prepare_key();
    let ahead = t.elapsed().as_secs_f64() * 1000.0;
    let t = Instant::now();
    let out = s.run_line("aws ec2 create-key-pair --key-name bench2 --query KeyFingerprint --output text");
    assert!(out.exit == 0, "{}", out.stderr);
    let taken = t.elapsed().as_secs_f64() * 1000.0;
    println!(
        "create-key-pair (RSA 2048): {inline:.1} ms made during the request; {taken:.2} ms with the key made ahead ({ahead:.1} ms of idle time)"
    );
}
