//! Runs a script of lines through one session and prints the transcript: `$ line`, then what
//! the line printed, then `[exit N]` when it failed. Lessons, benchmarks and transcript tests
//! all drive the simulator this way.

use crate::session::Session;

/// Runs every line of `script`; `#` lines and blank lines are copied as they are.
pub fn transcript(session: &mut Session, script: &str) -> String {
    let mut out = String::new();
    for line in script.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let command = trimmed.strip_prefix("$ ").unwrap_or(trimmed);
        out.push_str(&format!("$ {command}\n"));
        let outcome = session.run_line(command);
        let text = outcome.text();
        out.push_str(&text);
        // Keep every `$ ` line at the start of a line, whatever the output ended with.
        if !text.is_empty() && !text.ends_with('\n') {
            out.push('\n');
        }
        if outcome.exit != 0 {
            out.push_str(&format!("[exit {}]\n", outcome.exit));
        }
    }
    out
}

/// The command lines of a transcript file: its `$ ` lines (and comments, to keep them).
pub fn script_of_transcript(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        if line.starts_with("$ ") || line.starts_with('#') {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// A transcript file gives its `$ ` lines; a plain script is used as it is.
pub fn script_of_transcript_or_plain(text: &str) -> String {
    if text.lines().any(|l| l.starts_with("$ ")) { script_of_transcript(text) } else { text.to_string() }
}
