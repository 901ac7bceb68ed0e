//! The Key pairs page: create (the private key is offered once), import a public key, list
//! and delete. Key pairs are per Region, like everything on this page.

use kumo_sim::Command;
use kumo_sim::ec2::key_pairs::KeyPair;
use kumo_sim::ec2::{Request, api};
use kumo_sim::input::Blob;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::format;
use crate::i18n::{Lang, tr};
use crate::state::{Action, NewKey};
use crate::storage;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    pub region: String,
    pub pairs: Vec<KeyPair>,
    pub new_key: Option<NewKey>,
    pub notice: Option<String>,
    pub on_action: Callback<Action>,
}

#[component(KeyPairs)]
pub fn key_pairs(props: &Props) -> Html {
    let lang = props.lang;
    let on = props.on_action.clone();
    let name = use_state(String::new);
    let key_type = use_state(|| "rsa".to_string());
    let import_name = use_state(String::new);
    let import_key = use_state(String::new);

    let text_input = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| state.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let on_type = {
        let key_type = key_type.clone();
        Callback::from(move |e: Event| key_type.set(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    let on_import_key = {
        let import_key = import_key.clone();
        Callback::from(move |e: InputEvent| import_key.set(e.target_unchecked_into::<HtmlTextAreaElement>().value()))
    };
    let create = {
        let (name, key_type, on) = (name.clone(), key_type.clone(), on.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            on.emit(Action::Form(Command::from(Request::CreateKeyPair(api::CreateKeyPair {
                key_name: name.trim().to_string(),
                key_type: (*key_type != "rsa").then(|| (*key_type).clone()),
                ..Default::default()
            }))));
        })
    };
    let import = {
        let (import_name, import_key, on) = (import_name.clone(), import_key.clone(), on.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            on.emit(Action::Form(Command::from(Request::ImportKeyPair(api::ImportKeyPair {
                key_name: import_name.trim().to_string(),
                public_key_material: Blob(import_key.trim().as_bytes().to_vec()),
                tag_specifications: None,
            }))));
        })
    };
    let delete = |pair: &KeyPair| {
        let name = pair.name.clone();
        let question = format!("{} {}?", tr(lang, "keys.delete.confirm"), pair.name);
        let on = on.clone();
        Callback::from(move |_: MouseEvent| {
            let ok = web_sys::window().and_then(|w| w.confirm_with_message(&question).ok()).unwrap_or(false);
            if ok {
                on.emit(Action::Form(Command::from(Request::DeleteKeyPair(api::DeleteKeyPair {
                    key_name: Some(name.clone()),
                    key_pair_id: None,
                }))));
            }
        })
    };
    html! {
        <>
            if let Some(key) = &props.new_key {
                { new_key_panel(lang, key, &on) }
            }
            <section class="key-pairs">
                <div class="toolbar">
                    <h2>{ tr(lang, "keys.title") }{ format!(" ({}) · {}", props.pairs.len(), props.region) }</h2>
                </div>
                <p class="hint">{ tr(lang, "keys.regional") }</p>
                { crate::components::notice(&props.notice) }
                if props.pairs.is_empty() {
                    <p class="empty" id="key-pairs-empty">{ tr(lang, "keys.empty") }</p>
                } else {
                    <table id="key-pairs-table">
                        <thead><tr>
                            <th>{ tr(lang, "keys.col.name") }</th>
                            <th>{ tr(lang, "keys.col.type") }</th>
                            <th>{ tr(lang, "keys.col.id") }</th>
                            <th>{ tr(lang, "keys.col.fingerprint") }</th>
                            <th>{ tr(lang, "keys.col.created") }</th>
                            <th></th>
                        </tr></thead>
                        <tbody>
                            { for props.pairs.iter().map(|k| html! {
                                <tr data-name={k.name.clone()}>
                                    <td class="name">{ &k.name }</td>
                                    <td>{ k.key_type.as_str() }</td>
                                    <td><code>{ k.id.as_str() }</code></td>
                                    <td><code class="fingerprint">{ &k.fingerprint }</code></td>
                                    <td class="when">{ format::short_time(k.create_time) }</td>
                                    <td><button class="danger" onclick={delete(k)}>{ tr(lang, "keys.delete") }</button></td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                }
            </section>
            <form class="launch" id="create-key-form" onsubmit={create}>
                <h2>{ tr(lang, "keys.create.title") }</h2>
                <label>{ tr(lang, "keys.col.name") }
                    <input id="key-name" type="text" maxlength="255" value={(*name).clone()} oninput={text_input(&name)} />
                </label>
                <label>{ tr(lang, "keys.col.type") }
                    <select id="key-type" onchange={on_type}>
                        <option value="rsa" selected={*key_type == "rsa"}>{ "RSA" }</option>
                        <option value="ed25519" selected={*key_type == "ed25519"}>{ "ED25519" }</option>
                    </select>
                </label>
                <button id="key-create" type="submit" class="primary">{ tr(lang, "keys.create.submit") }</button>
            </form>
            <form class="launch" id="import-key-form" onsubmit={import}>
                <h2>{ tr(lang, "keys.import.title") }</h2>
                <label>{ tr(lang, "keys.col.name") }
                    <input id="import-key-name" type="text" maxlength="255" value={(*import_name).clone()} oninput={text_input(&import_name)} />
                </label>
                <label class="wide">{ tr(lang, "keys.import.material") }
                    <textarea id="import-key-material" rows="3" spellcheck="false" placeholder="ssh-ed25519 AAAA… you@laptop"
                        value={(*import_key).clone()} oninput={on_import_key} />
                    <small>{ tr(lang, "keys.import.hint") }</small>
                </label>
                <button id="key-import" type="submit" class="primary">{ tr(lang, "keys.import.submit") }</button>
            </form>
        </>
    }
}

fn new_key_panel(lang: Lang, key: &NewKey, on: &Callback<Action>) -> Html {
    let (name, material) = (key.name.clone(), key.material.clone());
    let download = Callback::from(move |_: MouseEvent| storage::download(&format!("{name}.pem"), &material));
    html! {
        <section class="new-key" id="new-key">
            <h2>{ tr(lang, "keys.new.title") }{ ": " }{ &key.name }</h2>
            <p>{ tr(lang, "keys.new.once") }</p>
            <pre class="material">{ &key.material }</pre>
            <div class="toolbar">
                <button id="key-download" class="primary" onclick={download}>{ tr(lang, "keys.new.download") }</button>
                <button class="secondary" onclick={on.reform(|_: MouseEvent| Action::DismissNewKey)}>{ tr(lang, "action.close") }</button>
            </div>
        </section>
    }
}
