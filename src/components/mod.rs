//! The pieces of the page, one per file. Stateless views are functions of the model;
//! parts with their own input state (terminal, launch form) are components.

pub mod chart_axes;
pub mod clock_bar;
pub mod cloudwatch_page;
pub mod columns;
pub mod confirm;
pub mod events_page;
pub mod gp2_widget;
pub mod header;
pub mod images;
pub mod instance_alarms;
pub mod instance_cpu;
pub mod instance_detail;
pub mod instance_events;
pub mod instance_network;
pub mod instance_settings;
pub mod instances_table;
pub mod key_pairs;
pub mod launch_form;
pub mod nav;
pub mod snapshots;
pub mod sns_page;
pub mod storage_banner;
pub mod tags;
pub mod terminal;
pub mod volume_performance;
pub mod volumes;

use yew::prelude::*;

/// Like [`for_selected`], after the browser's confirmation `question` (followed by the id).
pub fn confirm_selected(
    selected: &UseStateHandle<Option<String>>,
    on: &Callback<crate::state::Action>,
    question: String,
    make: impl Fn(String) -> kumo_sim::Command + 'static,
) -> Callback<MouseEvent> {
    let (selected, on) = (selected.clone(), on.clone());
    Callback::from(move |_: MouseEvent| {
        let Some(id) = (*selected).clone() else { return };
        let ok =
            web_sys::window().and_then(|w| w.confirm_with_message(&format!("{question} {id}?")).ok()).unwrap_or(false);
        if ok {
            on.emit(crate::state::Action::Form(make(id)));
        }
    })
}

/// `<option>`s for every Region but `current`, `chosen` selected: the target of a copy.
pub fn other_regions(current: kumo_sim::Region, chosen: &str) -> Html {
    kumo_sim::Region::ALL
        .iter()
        .filter(|r| **r != current)
        .map(|r| html! { <option value={r.code()} selected={chosen == r.code()}>{ r.code() }</option> })
        .collect()
}

/// A button's handler that sends the request `make` builds for the selected row, if any.
pub fn for_selected(
    selected: &UseStateHandle<Option<String>>,
    on: &Callback<crate::state::Action>,
    make: impl Fn(String) -> kumo_sim::Command + 'static,
) -> Callback<MouseEvent> {
    let (selected, on) = (selected.clone(), on.clone());
    Callback::from(move |_: MouseEvent| {
        if let Some(id) = (*selected).clone() {
            on.emit(crate::state::Action::Form(make(id)));
        }
    })
}

/// The other of the world's two accounts: whom sharing shares with.
pub fn other_account(account: &kumo_sim::ids::AccountId) -> kumo_sim::ids::AccountId {
    use kumo_sim::ids::AccountId;
    if *account == AccountId::partner() { AccountId::learner() } else { AccountId::partner() }
}

/// The last failed request of a form, above a page's table.
pub fn notice(text: &Option<String>) -> Html {
    match text {
        Some(t) => html! { <div class="notice error" id="notice"><pre>{ t }</pre></div> },
        None => html! {},
    }
}
