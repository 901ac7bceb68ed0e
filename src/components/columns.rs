//! Column preferences of a table, as the console's gear offers them: which attribute columns a
//! table shows, chosen per table and kept with the page's view (view_state.rs). The name and
//! id columns always show: a row without them names nothing.

use std::collections::BTreeSet;

use yew::prelude::*;

use crate::i18n::{Lang, tr};
use crate::state::Action;

/// A column that can be hidden: its key within the table and its header's catalog key.
pub struct Column {
    pub key: &'static str,
    pub label: &'static str,
}

/// The key a hidden column is kept under: `TABLE.COLUMN`.
pub fn hidden_key(table: &str, column: &str) -> String {
    format!("{table}.{column}")
}

/// Whether `table`'s `column` shows.
pub fn shown(hidden: &BTreeSet<String>, table: &str, column: &str) -> bool {
    !hidden.contains(&hidden_key(table, column))
}

/// The Preferences disclosure: a checkbox per column (a `<details>`, so it opens and closes
/// by keyboard with no state of its own).
pub fn preferences(
    lang: Lang,
    table: &str,
    columns: &[Column],
    hidden: &BTreeSet<String>,
    on: &Callback<Action>,
) -> Html {
    html! {
        <details class="prefs" id={format!("{table}-prefs")}>
            <summary>{ tr(lang, "prefs.title") }</summary>
            <fieldset>
                <legend>{ tr(lang, "prefs.columns") }</legend>
                { for columns.iter().map(|c| {
                    let key = hidden_key(table, c.key);
                    let toggle = { let key = key.clone(); on.reform(move |_: Event| Action::ToggleColumn(key.clone())) };
                    html! {
                        <label class="check">
                            <input type="checkbox" id={format!("col-{table}-{}", c.key)} checked={!hidden.contains(&key)} onchange={toggle} />
                            { tr(lang, c.label) }
                        </label>
                    }
                }) }
            </fieldset>
        </details>
    }
}
