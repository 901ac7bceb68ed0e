//! A saved session, as read back from the browser's storage or an imported file: it loads
//! or is refused with a reason, and what loads saves and loads again to the same text.
#![no_main]

use kumo_cli::Session;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = kumo_fuzz::text(data);
    if let Ok(session) = Session::load(&text) {
        let saved = session.save();
        let again = Session::load(&saved).expect("a session Kumo saved loads");
        assert_eq!(again.save(), saved, "save → load → save changed the session");
    }
});
