//! The terminal's word splitting, and its inverse: any words it splits out, quoted and
//! joined again, split back to the same words.
#![no_main]

use kumo_cli::lexer;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = kumo_fuzz::text(data);
    if let Ok(words) = lexer::split(&text) {
        let line = words.iter().map(|w| lexer::quote(w)).collect::<Vec<_>>().join(" ");
        assert_eq!(lexer::split(&line).as_ref(), Ok(&words), "quoted line: {line}");
    }
});
