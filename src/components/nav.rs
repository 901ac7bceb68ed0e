//! The page tabs under the clock bar.

use yew::prelude::*;

use crate::i18n::tr;
use crate::state::{Action, Model, Page};

pub fn view(model: &Model, on: &Callback<Action>) -> Html {
    let tab = |page: Page, id: &'static str, key: &str| {
        html! {
            <button id={id} class={classes!("tab", (model.page == page).then_some("active"))}
                onclick={on.reform(move |_: MouseEvent| Action::Navigate(page))}>{ tr(model.lang, key) }</button>
        }
    };
    html! {
        <nav class="tabs">
            { tab(Page::Instances, "nav-instances", "nav.instances") }
            { tab(Page::Images, "nav-images", "nav.images") }
            { tab(Page::Volumes, "nav-volumes", "nav.volumes") }
            { tab(Page::Snapshots, "nav-snapshots", "nav.snapshots") }
            { tab(Page::KeyPairs, "nav-key-pairs", "nav.key_pairs") }
            { tab(Page::Events, "nav-events", "nav.events") }
            { tab(Page::CloudWatch, "nav-cloudwatch", "nav.cloudwatch") }
            { tab(Page::Sns, "nav-sns", "nav.sns") }
        </nav>
    }
}
