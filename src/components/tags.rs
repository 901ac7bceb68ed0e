//! A resource's tags, as the console's Tags tab lists them, with its Manage tags: add a tag
//! (CreateTags, which overwrites a key the resource has) and remove one (DeleteTags by key and
//! value, so a tag changed meanwhile stays).

use kumo_sim::Command;
use kumo_sim::ec2::Request;
use kumo_sim::ec2::api::{CreateTags, DeleteTags, Tag, TagToDelete};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::i18n::{Lang, tr};
use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    pub resource_id: String,
    pub tags: Vec<Tag>,
    pub on_action: Callback<Action>,
}

#[component(Tags)]
pub fn tags(props: &Props) -> Html {
    let lang = props.lang;
    let key = use_state(String::new);
    let value = use_state(String::new);
    let field = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| state.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let add = {
        let (key, value, on, id) = (key.clone(), value.clone(), props.on_action.clone(), props.resource_id.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            // EC2 judges the key (empty, too long, `aws:`): its error shows above the table.
            let tag = Tag { key: key.trim().to_string(), value: (*value).clone() };
            on.emit(Action::Form(Command::from(Request::CreateTags(CreateTags {
                resources: vec![id.clone()],
                tags: vec![tag],
            }))));
            key.set(String::new());
            value.set(String::new());
        })
    };
    let remove = |t: &Tag| {
        let (on, id, t) = (props.on_action.clone(), props.resource_id.clone(), t.clone());
        Callback::from(move |_: MouseEvent| {
            on.emit(Action::Form(Command::from(Request::DeleteTags(DeleteTags {
                resources: vec![id.clone()],
                tags: Some(vec![TagToDelete { key: Some(t.key.clone()), value: Some(t.value.clone()) }]),
            }))))
        })
    };
    html! {
        <div class="tags">
            if props.tags.is_empty() {
                <p class="empty">{ tr(lang, "tags.none") }</p>
            } else {
                <div class="scroll-x"><table id="resource-tags">
                    <thead><tr>
                        <th>{ tr(lang, "tags.key") }</th>
                        <th>{ tr(lang, "tags.value") }</th>
                        <th><span class="visually-hidden">{ tr(lang, "tags.actions") }</span></th>
                    </tr></thead>
                    <tbody>
                        { for props.tags.iter().map(|t| html! { <tr>
                            <td><code>{ &t.key }</code></td>
                            <td>{ &t.value }</td>
                            <td><button class="link" aria-label={format!("{} {}", tr(lang, "tags.remove"), t.key)} onclick={remove(t)}>{ tr(lang, "tags.remove") }</button></td>
                        </tr> }) }
                    </tbody>
                </table></div>
            }
            <form class="inline-form" id="tag-form" onsubmit={add}>
                <label>{ tr(lang, "tags.key") }{ " " }<input id="tag-key" type="text" maxlength="128" required=true value={(*key).clone()} oninput={field(&key)} /></label>
                <label>{ tr(lang, "tags.value") }{ " " }<input id="tag-value" type="text" maxlength="256" value={(*value).clone()} oninput={field(&value)} /></label>
                <button id="tag-add" type="submit">{ tr(lang, "tags.add") }</button>
                <small>{ tr(lang, "tags.hint") }</small>
            </form>
        </div>
    }
}
