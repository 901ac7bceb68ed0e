//! The terminate confirmation dialog. It takes the focus when it opens (on Cancel, the safe
//! choice) and Escape closes it (caught at the page's root, `crate::app`), as a modal dialog should.

use yew::prelude::*;

use crate::i18n::tr;
use crate::state::{Action, Model};

pub fn view(model: &Model, on: &Callback<Action>) -> Html {
    let Some(ids) = &model.confirm_terminate else { return html! {} };
    let lang = model.lang;
    html! {
        <div class="modal-backdrop">
            <div class="modal" role="dialog" aria-modal="true" id="confirm-terminate">
                <h2>{ tr(lang, "confirm.terminate.title") }</h2>
                <p>{ tr(lang, "confirm.terminate.body") }</p>
                <ul>{ for ids.iter().map(|id| html! { <li><code>{ id }</code></li> }) }</ul>
                <div class="buttons">
                    <button class="secondary" id="confirm-cancel" onclick={on.reform(|_: MouseEvent| Action::CancelTerminate)}>{ tr(lang, "confirm.cancel") }</button>
                    <button id="confirm-terminate-ok" class="danger" onclick={on.reform(|_: MouseEvent| Action::ConfirmTerminate)}>{ tr(lang, "confirm.terminate.ok") }</button>
                </div>
            </div>
        </div>
    }
}
