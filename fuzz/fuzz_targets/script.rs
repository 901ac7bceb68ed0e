//! A script file given to `kumo`: mode detection, then every line in the mode it chose.
#![no_main]

use kumo_cli::Session;
use kumo_cli::script::{self, Mode};
use kumo_sim::Profile;
use libfuzzer_sys::fuzz_target;

/// As many lines as `cli_lines` runs: the runner's own reading of a file is what is fuzzed.
const MAX_LINES: usize = 12;

fuzz_target!(|data: &[u8]| {
    let text = kumo_fuzz::text(data);
    let text: String = text.split_inclusive('\n').take(MAX_LINES).collect();
    let mode = script::detect_mode(&text).unwrap_or(Mode::Transcript);
    let mut session = Session::new(43, Profile::Current);
    // Each piece of the transcript is emitted when its line has run: the time between two
    // pieces is one line's.
    let mut last = std::time::Instant::now();
    let mut sink = |piece: &str| {
        if last.elapsed() > kumo_fuzz::MAX_LINE_TIME {
            eprintln!("a line took {} ms, before: {piece}", last.elapsed().as_millis());
            std::process::abort();
        }
        last = std::time::Instant::now();
        Ok(())
    };
    script::run(&mut session, &text, mode, &mut sink).expect("a sink that never fails");
});
