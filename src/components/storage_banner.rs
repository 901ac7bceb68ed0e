//! The banner shown when a saved world could not be loaded (kept for download), when the
//! browser refuses storage, or when an autosave was refused (the storage is full).

use yew::prelude::*;

use crate::i18n::tr;
use crate::state::{Action, Model};
use crate::storage;

pub fn view(model: &Model, on: &Callback<Action>) -> Html {
    let lang = model.lang;
    if !model.storage_available {
        return html! { <div class="banner warn">{ tr(lang, "storage.unavailable") }</div> };
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
