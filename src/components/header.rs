//! The header: product name, Region and account selectors, language switch, export and
//! import of the world as a file, reset.

use kumo_sim::Region;
use kumo_sim::ids::AccountId;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::i18n::{Lang, tr};
use crate::state::{Action, Model};

pub fn view(model: &Model, on: &Callback<Action>) -> Html {
    let lang = model.lang;
    let on_region = on.reform(|e: Event| {
        let code = e.target_unchecked_into::<HtmlSelectElement>().value();
        Action::SetRegion(Region::from_code(&code).unwrap_or(Region::UsEast1))
    });
    let on_account = on
        .reform(|e: Event| Action::SetAccount(AccountId::from(e.target_unchecked_into::<HtmlSelectElement>().value())));
    let set_lang = |l: Lang| on.reform(move |_: MouseEvent| Action::SetLang(l));
    let confirm_text = tr(lang, "header.reset.confirm");
    let on_reset = {
        let on = on.clone();
        Callback::from(move |_: MouseEvent| {
            let ok = web_sys::window().and_then(|w| w.confirm_with_message(&confirm_text).ok()).unwrap_or(false);
            if ok {
                on.emit(Action::ResetWorld);
            }
        })
    };
    let on_import = {
        let on = on.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<web_sys::HtmlInputElement>();
            let on = on.clone();
            crate::storage::read_file(&input, move |text| on.emit(Action::ImportWorld(text)));
        })
    };
    let on_export = {
        let session = model.session.clone();
        Callback::from(move |_: MouseEvent| crate::storage::download("kumo-world.json", &session.save()))
    };
    // Keyed by the current value: a select the learner has touched ignores later changes of
    // `selected`, so a change made elsewhere (the AMI copy form) renders a fresh one.
    let region = model.session.region;
    let account = model.session.account.clone();
    html! {
        <header class="top">
            <div class="brand">
                <span class="logo">{ "雲" }</span>
                <h1 class="name">{ tr(lang, "app.title") }</h1>
                <span class="tagline">{ tr(lang, "app.tagline") }</span>
            </div>
            <div class="controls">
                <label>{ tr(lang, "header.region") }
                    <select id="region-select" key={region.code()} onchange={on_region}>
                        { for Region::ALL.iter().map(|r| html! {
                            <option value={r.code()} selected={*r == region}>{ r.code() }</option>
                        }) }
                    </select>
                </label>
                <label>{ tr(lang, "header.account") }
                    <select id="account-select" key={account.to_string()} onchange={on_account}>
                        <option value={AccountId::learner().to_string()} selected={account == AccountId::learner()}>
                            { format!("{} · {}", AccountId::learner(), tr(lang, "header.account.learner")) }
                        </option>
                        <option value={AccountId::partner().to_string()} selected={account == AccountId::partner()}>
                            { format!("{} · {}", AccountId::partner(), tr(lang, "header.account.partner")) }
                        </option>
                    </select>
                </label>
                <span class="lang" role="group" aria-label={tr(lang, "header.language")}>
                    <button id="lang-en" class={classes!((lang == Lang::En).then_some("active"))} onclick={set_lang(Lang::En)}>{ "English" }</button>
                    <button id="lang-ja" class={classes!((lang == Lang::Ja).then_some("active"))} onclick={set_lang(Lang::Ja)}>{ "日本語" }</button>
                </span>
                <button id="export-world" class="secondary" title={tr(lang, "header.export.hint")} onclick={on_export}>{ tr(lang, "header.export") }</button>
                <label class="file-button secondary" title={tr(lang, "header.import.hint")}>{ tr(lang, "header.import") }
                    <input id="import-file" type="file" accept=".json,application/json" onchange={on_import} />
                </label>
                <button id="reset-world" class="secondary" onclick={on_reset}>{ tr(lang, "header.reset") }</button>
            </div>
        </header>
    }
}
