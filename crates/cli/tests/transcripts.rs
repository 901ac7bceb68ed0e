//! Transcript tests: every `tests/transcripts/*.txt` file is a script of `$ command` lines with
//! the expected output under each. Run with `UPDATE_EXPECT=1` to rewrite the files from what
//! the session prints now (then read the diff before committing).
//!
//! A file may start with `# seed: N`, `# profile: classic|current` and `# lang: en|ja` lines.

use std::path::{Path, PathBuf};

use kumo_cli::script;

fn files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/transcripts");
    let mut list: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("transcripts directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    list.sort();
    list
}

fn first_difference(expected: &str, actual: &str) -> String {
    for (n, (e, a)) in expected.lines().zip(actual.lines()).enumerate() {
        if e != a {
            return format!("line {}:\n  expected: {e}\n  actual:   {a}", n + 1);
        }
    }
    format!("lengths differ: expected {} lines, got {}", expected.lines().count(), actual.lines().count())
}

#[test]
fn transcripts_match() {
    let update = std::env::var("UPDATE_EXPECT").is_ok_and(|v| v == "1");
    let mut failures = Vec::new();
    let list = files();
    assert!(list.len() >= 8, "expected the transcript files, found {}", list.len());
    for path in list {
        let expected = std::fs::read_to_string(&path).expect("readable transcript");
        let mut session = script::session_for(&expected);
        // Line by line, so that the world's invariants are checked after every step.
        let mut actual = String::new();
        for line in script::script_of_transcript(&expected).lines() {
            actual.push_str(&script::transcript(&mut session, line));
            if let Err(e) = session.sim.check_invariants() {
                panic!("{}: invariant broken after `{line}`: {e}", path.display());
            }
            if let Err(e) = session.sim.check_reconciled() {
                panic!("{}: not reconciled after `{line}`: {e}", path.display());
            }
        }
        if actual != expected {
            if update {
                std::fs::write(&path, &actual).expect("writable transcript");
            } else {
                failures.push(format!("{}: {}", path.display(), first_difference(&expected, &actual)));
            }
        }
    }
    assert!(failures.is_empty(), "transcripts differ (UPDATE_EXPECT=1 regenerates):\n{}", failures.join("\n"));
}
