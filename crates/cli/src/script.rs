//! Runs a script of lines through one session and prints the transcript: `$ line`, then what
//! the line printed, then `[exit N]` when it failed. Lessons, benchmarks and transcript tests
//! all drive the simulator this way.

use std::fmt::Write as _;
use std::io;

use crate::session::Session;

/// How the lines of a script file are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Every line is a command (a leading `$ ` is allowed and dropped).
    Plain,
    /// A transcript: only `$ ` lines are commands; the lines between them are the output
    /// they printed last time, and are skipped.
    Transcript,
}

/// Why a script was not run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ambiguous {
    /// 1-based numbers of the first line that starts with `$ ` and the first that does not.
    pub dollar_line: usize,
    pub plain_line: usize,
}

impl std::fmt::Display for Ambiguous {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the script mixes '$ ' lines (line {}) with plain command lines (line {}): \
             run it with --transcript to run only the '$ ' lines, or with --plain to run every line",
            self.dollar_line, self.plain_line
        )
    }
}

/// The mode a script reads in when none was asked for: plain, unless it mixes `$ ` lines
/// with other command lines, which could be a transcript (whose output lines must not run)
/// or a script with stray prompts. Guessing either way runs the wrong lines, so it is refused.
pub fn detect_mode(text: &str) -> Result<Mode, Ambiguous> {
    let mut dollar = None;
    let mut plain = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if trimmed.starts_with("$ ") {
            dollar.get_or_insert(i + 1);
        } else {
            plain.get_or_insert(i + 1);
        }
    }
    match (dollar, plain) {
        (Some(dollar_line), Some(plain_line)) => Err(Ambiguous { dollar_line, plain_line }),
        _ => Ok(Mode::Plain),
    }
}

/// Runs every command line of `script` read in `mode`, handing each piece of the transcript
/// to `emit` as soon as it exists, so a long script never holds its whole transcript.
/// `#` lines and blank lines are copied as they are. Stops at the first error `emit` returns.
pub fn run(
    session: &mut Session,
    script: &str,
    mode: Mode,
    emit: &mut dyn FnMut(&str) -> io::Result<()>,
) -> io::Result<()> {
    let mut piece = String::new();
    for line in script.lines() {
        piece.clear();
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            piece.push_str(line);
            piece.push('\n');
            emit(&piece)?;
            continue;
        }
        let command = match (mode, trimmed.strip_prefix("$ ")) {
            (_, Some(command)) => command,
            (Mode::Plain, None) => trimmed,
            (Mode::Transcript, None) => continue,
        };
        let _ = writeln!(piece, "$ {command}");
        let outcome = session.run_line(command);
        piece.push_str(&outcome.stdout);
        piece.push_str(&outcome.stderr);
        // Keep every `$ ` line at the start of a line, whatever the output ended with.
        if !piece.ends_with('\n') {
            piece.push('\n');
        }
        if outcome.exit != 0 {
            let _ = writeln!(piece, "[exit {}]", outcome.exit);
        }
        emit(&piece)?;
    }
    Ok(())
}

/// Runs every line of `script` as a plain script and returns the whole transcript.
pub fn transcript(session: &mut Session, script: &str) -> String {
    let mut out = String::new();
    let _ = run(session, script, Mode::Plain, &mut |piece| {
        out.push_str(piece);
        Ok(())
    });
    out
}

/// A `# key: value` line of a transcript's header (the comment lines it starts with).
pub fn header<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    text.lines().take_while(|l| l.starts_with('#')).find_map(|l| l.strip_prefix(&format!("# {key}: ")))
}

/// The session a transcript starts in: its `# seed: N` (default 1) and `# profile:` (default
/// `current`).
pub fn session_for(text: &str) -> Session {
    let seed = header(text, "seed").and_then(|s| s.trim().parse().ok()).unwrap_or(1);
    let profile = header(text, "profile")
        .and_then(|p| kumo_sim::Profile::from_name(p.trim()))
        .unwrap_or(kumo_sim::Profile::Current);
    let mut session = Session::new(seed, profile);
    session.lang = lang_of(text);
    session
}

/// The language a `# lang: en|ja` header asks for; English without one.
pub fn lang_of(text: &str) -> crate::words::Lang {
    header(text, "lang").and_then(|l| crate::words::Lang::from_code(l.trim())).unwrap_or_default()
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

#[cfg(test)]
mod tests {
    use super::*;
    use kumo_sim::Profile;

    #[test]
    fn a_script_of_only_dollar_lines_or_only_plain_lines_is_plain() {
        assert_eq!(detect_mode("$ sim clock\n# note\n$ help\n"), Ok(Mode::Plain));
        assert_eq!(detect_mode("sim clock\n\nhelp\n"), Ok(Mode::Plain));
    }

    #[test]
    fn a_script_mixing_dollar_and_plain_lines_is_refused_with_both_line_numbers() {
        let err = detect_mode("sim clock\n$ help\n").unwrap_err();
        assert_eq!(err, Ambiguous { dollar_line: 2, plain_line: 1 });
        assert!(err.to_string().contains("--transcript"));
    }

    #[test]
    fn transcript_mode_skips_the_recorded_output() {
        let mut s = Session::new(1, Profile::Current);
        let mut out = String::new();
        run(&mut s, "$ sim clock\n2026-04-01T00:00:00Z\n$ bogus\n", Mode::Transcript, &mut |p| {
            out.push_str(p);
            Ok(())
        })
        .unwrap();
        assert_eq!(out.matches("$ ").count(), 2, "{out}");
        assert!(out.contains("[exit 127]"), "{out}");
        assert!(!out.contains("$ 2026"), "{out}");
    }

    #[test]
    fn plain_mode_runs_every_line_and_an_emit_error_stops_the_run() {
        let mut s = Session::new(1, Profile::Current);
        let mut pieces = 0;
        let r = run(&mut s, "sim clock\nsim clock\nsim clock\n", Mode::Plain, &mut |_| {
            pieces += 1;
            if pieces == 2 { Err(io::Error::from(io::ErrorKind::BrokenPipe)) } else { Ok(()) }
        });
        assert_eq!(pieces, 2);
        assert_eq!(r.unwrap_err().kind(), io::ErrorKind::BrokenPipe);
    }
}
