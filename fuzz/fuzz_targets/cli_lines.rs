//! Lines typed at the terminal, run one after another on a fresh world: the lexer, the
//! `aws` and `sim` parsers, shorthand and JSON values, and every operation they reach; and
//! Tab completion of each line, before it runs.
#![no_main]

use kumo_cli::Session;
use kumo_sim::Profile;
use libfuzzer_sys::fuzz_target;

/// Enough lines for a create, a change and a describe of what was created.
const MAX_LINES: usize = 12;

fuzz_target!(|data: &[u8]| {
    let text = kumo_fuzz::text(data);
    let mut session = Session::new(43, Profile::Current);
    for line in text.lines().take(MAX_LINES) {
        let line = line.strip_prefix("$ ").unwrap_or(line);
        let completion = kumo_cli::complete::complete(&session, line);
        let _ = completion.apply(line);
        kumo_fuzz::within_line_time(line, || session.run_line(line));
    }
});
