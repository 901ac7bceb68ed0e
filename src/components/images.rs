//! The AMIs page: the account's own images and those shared with it, with their state, how
//! they were made (crash-consistent when made without a reboot), and who may launch them;
//! copy to another Region, share with the partner account or publicly, deregister.

use kumo_sim::Command;
use kumo_sim::Region;
use kumo_sim::ec2::images::{Image, ImageOrigin, ImageState};
use kumo_sim::ec2::{Request, api};
use kumo_sim::ids::AccountId;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::format;
use crate::i18n::{Lang, tr};
use crate::state::Action;

/// ModifyImageAttribute granting launch permission to one grantee.
fn grant_launch(image_id: String, who: api::Permission) -> Command {
    let launch_permission = Some(api::PermissionChanges { add: Some(vec![who]), remove: None });
    Command::from(Request::ModifyImageAttribute(api::ModifyImageAttribute {
        image_id,
        launch_permission,
        ..Default::default()
    }))
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    pub region: Region,
    pub account: AccountId,
    /// Images of this Region the account owns or may launch.
    pub images: Vec<Image>,
    pub notice: Option<String>,
    pub on_action: Callback<Action>,
}

fn origin(lang: Lang, i: &Image) -> String {
    match &i.origin {
        ImageOrigin::Instance { instance_id, crash_consistent } => {
            let mut s = format!("{} {instance_id}", tr(lang, "ami.from_instance"));
            if *crash_consistent {
                s.push_str(&format!(" · {}", tr(lang, "ami.crash_consistent")));
            }
            s
        }
        ImageOrigin::Registered => tr(lang, "ami.registered"),
        ImageOrigin::Copied { source_region, source_image_id } => {
            format!("{} {source_image_id} ({source_region})", tr(lang, "ami.copied_from"))
        }
    }
}

fn visibility(lang: Lang, i: &Image) -> String {
    if i.public {
        tr(lang, "ami.public")
    } else if i.launch_users.is_empty() {
        tr(lang, "ami.private")
    } else {
        format!(
            "{} {}",
            tr(lang, "ami.shared_with"),
            i.launch_users.iter().map(|a| a.to_string()).collect::<Vec<_>>().join(", ")
        )
    }
}

#[component(Images)]
pub fn images(props: &Props) -> Html {
    let lang = props.lang;
    let on = props.on_action.clone();
    let selected = use_state(|| None::<String>);
    let to_region = use_state(|| Region::ApNortheast1.code().to_string());
    let copy_name = use_state(String::new);
    let chosen = props.images.iter().find(|i| Some(i.id.to_string()) == *selected).cloned();
    let own = chosen.as_ref().is_some_and(|i| i.owner == props.account);
    let emit = |make: Box<dyn Fn(String) -> Command>| crate::components::for_selected(&selected, &on, make);
    let partner = crate::components::other_account(&props.account);
    let share = {
        let p = partner.to_string();
        emit(Box::new(move |id| grant_launch(id, api::Permission { user_id: Some(p.clone()), group: None })))
    };
    let publish = emit(Box::new(|id| grant_launch(id, api::Permission { user_id: None, group: Some("all".into()) })));
    let reset = emit(Box::new(|id| {
        Command::from(Request::ResetImageAttribute(api::ImageAttribute {
            image_id: id,
            attribute: "launchPermission".into(),
        }))
    }));
    let deregister = crate::components::confirm_selected(&selected, &on, tr(lang, "ami.deregister.confirm"), |id| {
        Command::from(Request::DeregisterImage(api::DeregisterImage { image_id: id }))
    });
    let on_region = {
        let to_region = to_region.clone();
        Callback::from(move |e: Event| to_region.set(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    let on_copy_name = {
        let copy_name = copy_name.clone();
        Callback::from(move |e: InputEvent| copy_name.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    // CopyImage runs in the destination Region: the page switches there, then sends it.
    let copy = {
        let (selected, to_region, copy_name, on) = (selected.clone(), to_region.clone(), copy_name.clone(), on.clone());
        let source = props.region;
        let images = props.images.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(id) = (*selected).clone() else { return };
            let Some(dest) = Region::from_code(&to_region) else { return };
            let default_name =
                images.iter().find(|i| i.id.as_str() == id).map(|i| format!("{}-{}", i.name, dest.code()));
            let name = if copy_name.trim().is_empty() {
                default_name.unwrap_or_default()
            } else {
                copy_name.trim().to_string()
            };
            on.emit(Action::SetRegion(dest));
            on.emit(Action::Form(Command::from(Request::CopyImage(api::CopyImage {
                source_image_id: id,
                source_region: source.code().to_string(),
                name,
                description: None,
            }))));
        })
    };
    let none = chosen.is_none();
    html! {
        <>
            <section class="images">
                <div class="toolbar">
                    <h2>{ tr(lang, "ami.title") }{ format!(" ({})", props.images.len()) }</h2>
                    <button id="ami-share" disabled={!own} onclick={share}>{ format!("{} {}", tr(lang, "ami.share_with"), partner) }</button>
                    <button id="ami-public" disabled={!own} onclick={publish}>{ tr(lang, "ami.make_public") }</button>
                    <button id="ami-private" disabled={!own} onclick={reset}>{ tr(lang, "ami.make_private") }</button>
                    <button id="ami-deregister" class="danger" disabled={!own} onclick={deregister}>{ tr(lang, "ami.deregister") }</button>
                </div>
                <p class="hint">{ tr(lang, "ami.hint") }</p>
                { crate::components::notice(&props.notice) }
                if props.images.is_empty() {
                    <p class="empty" id="images-empty">{ tr(lang, "ami.empty") }</p>
                } else {
                    <table id="images-table">
                        <thead><tr>
                            <th></th>
                            <th>{ tr(lang, "col.name") }</th>
                            <th>{ tr(lang, "ami.col.id") }</th>
                            <th>{ tr(lang, "ami.col.state") }</th>
                            <th>{ tr(lang, "ami.col.owner") }</th>
                            <th>{ tr(lang, "ami.col.visibility") }</th>
                            <th>{ tr(lang, "ami.col.source") }</th>
                            <th>{ tr(lang, "ami.col.created") }</th>
                        </tr></thead>
                        <tbody>
                            { for props.images.iter().map(|i| {
                                let id = i.id.to_string();
                                let checked = *selected == Some(id.clone());
                                let pick = {
                                    let (selected, id) = (selected.clone(), id.clone());
                                    Callback::from(move |_: Event| selected.set(Some(id.clone())))
                                };
                                let class = if i.state == ImageState::Available { "state running" } else { "state transit" };
                                html! {
                                    <tr class={classes!(checked.then_some("selected"))} data-id={id.clone()}>
                                        <td><input type="radio" name="image" class="select" checked={checked} onchange={pick} aria-label={id.clone()} /></td>
                                        <td class="name">{ &i.name }</td>
                                        <td><code>{ &id }</code></td>
                                        <td><span class={class}>{ i.state.as_str() }</span></td>
                                        <td>{ if i.owner == props.account { tr(lang, "ami.owner.you") } else { i.owner.to_string() } }</td>
                                        <td>{ visibility(lang, i) }</td>
                                        <td>{ origin(lang, i) }</td>
                                        <td class="when">{ format::short_time(i.creation_time) }</td>
                                    </tr>
                                }
                            }) }
                        </tbody>
                    </table>
                }
            </section>
            if !none {
                <form class="launch" id="copy-image-form" onsubmit={copy}>
                    <h2>{ tr(lang, "ami.copy.title") }</h2>
                    <label>{ tr(lang, "ami.copy.region") }
                        <select id="copy-region" onchange={on_region}>
                            { crate::components::other_regions(props.region, &to_region) }
                        </select>
                        <small>{ tr(lang, "ami.copy.hint") }</small>
                    </label>
                    <label>{ tr(lang, "ami.copy.name") }
                        <input id="copy-name" type="text" value={(*copy_name).clone()} oninput={on_copy_name} />
                    </label>
                    <button id="ami-copy" type="submit" class="primary">{ tr(lang, "ami.copy.submit") }</button>
                </form>
            }
        </>
    }
}
