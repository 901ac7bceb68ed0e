//! Benchmark: the model-driven CLI's parsing alone — seven EC2 lines of the `lines` benchmark,
//! 1,000 times each, words to request (lexing done beforehand). Run with `cargo bench -p
//! kumo-cli --bench parse`.

// Benchmarks measure real time on purpose; the simulator itself never does.
#![allow(clippy::disallowed_methods)]
use std::time::Instant;
fn main() {
    let lines = [
        "ec2 run-instances --image-id ami-0deadf80cbc559291 --instance-type t3.micro --tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=w}]' --output text",
        "ec2 describe-instances --filters Name=tag:Name,Values=w Name=instance-state-name,Values=running",
        "ec2 stop-instances --instance-ids i-0123456789abcdef0",
        "ec2 start-instances --instance-ids i-0123456789abcdef0",
        "ec2 describe-instance-status --instance-ids i-0123456789abcdef0",
        "ec2 reboot-instances --instance-ids i-0123456789abcdef0",
        "ec2 terminate-instances --instance-ids i-0123456789abcdef0",
    ];
    let words: Vec<Vec<String>> =
        lines.iter().map(|l| kumo_cli::lexer::split(l).expect("a benchmark line lexes")).collect();
    let _ = kumo_cli::parse::parse_aws(&words[0]);
    let mut best = f64::MAX;
    for _ in 0..5 {
        let t = Instant::now();
        for _ in 0..1000 {
            for w in &words {
                let _ = std::hint::black_box(kumo_cli::parse::parse_aws(w));
            }
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!("7,000 parses: {:.1} ms", best * 1000.0);
}
