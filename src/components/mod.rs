//! The pieces of the page, one per file. Stateless views are functions of the model;
//! parts with their own input state (terminal, launch form) are components.

pub mod clock_bar;
pub mod confirm;
pub mod events_page;
pub mod header;
pub mod images;
pub mod instance_alarms;
pub mod instance_detail;
pub mod instance_events;
pub mod instance_settings;
pub mod instances_table;
pub mod key_pairs;
pub mod launch_form;
pub mod nav;
pub mod snapshots;
pub mod storage_banner;
pub mod terminal;
pub mod volumes;

use yew::prelude::*;

/// The last failed request of a form, above a page's table.
pub fn notice(text: &Option<String>) -> Html {
    match text {
        Some(t) => html! { <div class="notice error" id="notice"><pre>{ t }</pre></div> },
        None => html! {},
    }
}
