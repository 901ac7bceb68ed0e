//! Benchmark: 10,000 terminal lines (launch, describe, stop, start, reboot, terminate, advance)
//! through one session in-process, and through the native `kumo` binary as a script.
//! Run with `cargo bench -p kumo-cli`.

// Benchmarks measure real time on purpose; the simulator itself never does.
#![allow(clippy::disallowed_methods)]

use std::time::Instant;

use kumo_cli::{Session, script};
use kumo_sim::Profile;

/// One cycle of ten lines; 1,000 cycles make the 10,000-line script.
const CYCLE: &[&str] = &[
    "aws ec2 run-instances --image-id {ami:al2023} --instance-type t3.micro --tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=w}]' --output text",
    "sim advance 30s",
    "aws ec2 describe-instances --filters Name=tag:Name,Values=w Name=instance-state-name,Values=running",
    "aws ec2 stop-instances --instance-ids {i:w}",
    "sim advance 2m",
    "aws ec2 start-instances --instance-ids {i:w}",
    "aws ec2 describe-instance-status --instance-ids {i:w}",
    "aws ec2 reboot-instances --instance-ids {i:w}",
    "aws ec2 terminate-instances --instance-ids {i:w}",
    "sim advance 10m",
];

fn main() {
    let lines: Vec<&str> = CYCLE.iter().copied().cycle().take(10_000).collect();
    let text = lines.join("\n") + "\n";

    let mut best = f64::MAX;
    let mut bytes = 0;
    for _ in 0..5 {
        let mut session = Session::new(1, Profile::Current);
        let t = Instant::now();
        let out = script::transcript(&mut session, &text);
        best = best.min(t.elapsed().as_secs_f64());
        bytes = out.len();
    }
    println!(
        "in-process: 10,000 lines in {:.1} ms (best of 5), {:.0} lines/s, {} bytes of transcript",
        best * 1000.0,
        10_000.0 / best,
        bytes
    );

    // The same lines with the change feed followed (`sim changes on`): every change described.
    let mut best_feed = f64::MAX;
    for _ in 0..5 {
        let mut session = Session::new(1, Profile::Current);
        session.sim.follow_changes(true);
        let t = Instant::now();
        let _ = script::transcript(&mut session, &text);
        best_feed = best_feed.min(t.elapsed().as_secs_f64());
    }
    println!("in-process with the change feed followed: 10,000 lines in {:.1} ms (best of 5)", best_feed * 1000.0);

    let path = std::env::temp_dir().join("kumo-bench-10000.txt");
    if std::fs::write(&path, &text).is_ok() {
        let mut best = f64::MAX;
        for _ in 0..5 {
            let t = Instant::now();
            let status = std::process::Command::new(env!("CARGO_BIN_EXE_kumo")).arg("--quiet").arg(&path).status();
            if !status.is_ok_and(|s| s.success()) {
                println!("native binary: failed to run");
                return;
            }
            best = best.min(t.elapsed().as_secs_f64());
        }
        println!(
            "native `kumo --quiet` binary: 10,000 lines in {:.1} ms (best of 5, process start included)",
            best * 1000.0
        );
    }
}
