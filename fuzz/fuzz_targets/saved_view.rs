//! The page's saved view (`kumo.view` in localStorage): any text restores or is refused, and
//! what a restore leaves saves and restores to the same view.
#![no_main]

use kumo::state::Model;
use kumo::view_state::{restore, save};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = kumo_fuzz::text(data);
    let fresh = || Model::new(kumo_cli::Session::new(1, kumo_sim::Profile::Current), kumo::i18n::Lang::En);
    let mut model = fresh();
    if restore(&mut model, &text).is_ok() {
        let mut again = fresh();
        restore(&mut again, &save(&model)).expect("a saved view restores");
        assert_eq!(again.terminal, model.terminal);
        assert_eq!(again.history, model.history);
        assert_eq!((again.speed, again.page, again.wide_terminal), (model.speed, model.page, model.wide_terminal));
    }
});
