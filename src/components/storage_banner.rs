//! The banner shown when a saved world could not be loaded (kept for download), when the
//! browser refuses storage, when an autosave was refused (the storage is full), or when
//! another tab of the sandbox saved its world over this one's.

use yew::prelude::*;

use crate::i18n::tr;
use crate::state::{Action, Model};
use crate::storage;

pub fn view(model: &Model, on: &Callback<Action>) -> Html {
    let lang = model.lang;
    if !model.storage_available {
        return html! { <div class="banner warn">{ tr(lang, "storage.unavailable") }</div> };
    }
    if model.other_tab {
        let on_take = on.clone();
        let take = Callback::from(move |_: MouseEvent| {
            if let Some(text) = storage::get(storage::SESSION_KEY) {
                on_take.emit(Action::TakeOtherTab(text));
            }
        });
        let session = model.session.clone();
        let download =
            Callback::from(move |_: MouseEvent| storage::download("kumo-world-this-tab.json", &session.save()));
        return html! {
            <div class="banner warn" id="other-tab" role="alert">
                <p>{ tr(lang, "storage.other_tab") }</p>
                <button id="other-tab-take" onclick={take}>{ tr(lang, "storage.other_tab.take") }</button>
                <button id="other-tab-keep" class="secondary" onclick={on.reform(|_: MouseEvent| Action::KeepThisTab)}>{ tr(lang, "storage.other_tab.keep") }</button>
                <button id="other-tab-download" class="secondary" onclick={download}>{ tr(lang, "storage.other_tab.download") }</button>
            </div>
        };
    }
    if model.save_failed && model.storage_problem.is_none() {
        let session = model.session.clone();
        let download = Callback::from(move |_: MouseEvent| storage::download("kumo-world.json", &session.save()));
        return html! {
            <div class="banner error" id="save-failed">
                <p>{ tr(lang, "storage.save_failed") }</p>
                <button id="save-failed-download" onclick={download}>{ tr(lang, "storage.download") }</button>
            </div>
        };
    }
    let Some(problem) = &model.storage_problem else { return html! {} };
    let text = problem.saved_text.clone();
    let download = Callback::from(move |_: MouseEvent| storage::download("kumo-saved-world.json", &text));
    html! {
        <div class="banner error" id="storage-problem">
            <p>{ tr(lang, "storage.broken") }</p>
            <p class="detail"><code>{ &problem.message }</code></p>
            <button id="storage-download" onclick={download}>{ tr(lang, "storage.download") }</button>
            <button class="secondary" onclick={on.reform(|_: MouseEvent| Action::DiscardBrokenSave)}>{ tr(lang, "storage.discard") }</button>
        </div>
    }
}
