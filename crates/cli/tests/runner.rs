//! The native `kumo` runner as a learner runs it: through pipes, with files to load and save.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

fn kumo() -> Command {
    Command::new(env!("CARGO_BIN_EXE_kumo"))
}

fn run(args: &[&str], stdin: &str) -> std::process::Output {
    let mut child =
        kumo().args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn a_reader_that_stops_reading_ends_the_runner_quietly() {
    let dir = std::env::temp_dir().join(format!("kumo-runner-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let script = dir.join("long.txt");
    std::fs::write(&script, "aws ec2 describe-images --owners amazon\n".repeat(2_000)).unwrap();
    let mut child = kumo().arg(&script).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    // The reader is dropped here, as `head -1` exits after one line.
    let out = child.wait_with_output().unwrap();
    assert_eq!(first, "$ aws ec2 describe-images --owners amazon\n");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(141), "{stderr}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_script_mixing_prompts_and_plain_lines_is_refused_unless_the_mode_is_named() {
    let out = run(&[], "sim clock\n$ sim clock\n");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--transcript"));
    assert!(out.stdout.is_empty());

    let plain = run(&["--plain"], "sim clock\n$ sim clock\n");
    assert_eq!(String::from_utf8_lossy(&plain.stdout).matches("$ sim clock").count(), 2);

    let transcript = run(&["--transcript"], "$ sim clock\nold output\n");
    let text = String::from_utf8_lossy(&transcript.stdout).to_string();
    assert_eq!(text.matches("$ ").count(), 1, "{text}");
    assert!(!text.contains("old output"), "{text}");
}

#[test]
fn a_saved_session_loads_again_with_its_world() {
    let dir = std::env::temp_dir().join(format!("kumo-save-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("world.json");
    let file = file.to_str().unwrap();
    let made = run(
        &["--save", file],
        "aws ec2 run-instances --image-id {ami:al2023} --instance-type t3.micro --tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=web}]'\nsim advance 1m\n",
    );
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let again = run(&["--load", file], "aws ec2 describe-instances --output text\n");
    let text = String::from_utf8_lossy(&again.stdout).to_string();
    assert!(text.contains("running") && text.contains("web"), "{text}");

    std::fs::write(dir.join("broken.json"), "{\"format\":\"kumo-session\"").unwrap();
    let broken = run(&["--load", dir.join("broken.json").to_str().unwrap()], "sim clock\n");
    assert_eq!(broken.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&broken.stderr).contains("cannot load"));
    std::fs::remove_dir_all(&dir).ok();
}
