//! Parameter values: the AWS CLI's shorthand and JSON.
#![no_main]

use kumo_cli::shorthand;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = kumo_fuzz::text(data);
    let _ = shorthand::parse_value(&text);
    if let Err(e) = shorthand::parse_shorthand(&text) {
        // The message puts a caret under the position; it must be printable for any input.
        let _ = e.to_string();
    }
});
