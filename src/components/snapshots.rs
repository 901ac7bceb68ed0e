//! The Snapshots page: the live table (progress while pending, each snapshot's own
//! incremental size, who may use it), restoring a snapshot into a new volume, sharing it
//! with the partner account or publicly, copying it to another Region, and deleting.

use kumo_sim::Command;
use kumo_sim::Region;
use kumo_sim::ec2::snapshots::{Snapshot, SnapshotState};
use kumo_sim::ec2::{Request, api};
use kumo_sim::ids::AccountId;
use kumo_sim::storage::BLOCK_BYTES;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::format;
use crate::i18n::{Lang, tr};
use crate::state::Action;

/// ModifySnapshotAttribute granting create-volume permission to one grantee.
fn grant_volumes(snapshot_id: String, who: api::Permission) -> Command {
    let create_volume_permission = Some(api::PermissionChanges { add: Some(vec![who]), remove: None });
    Command::from(Request::ModifySnapshotAttribute(api::ModifySnapshotAttribute {
        snapshot_id,
        create_volume_permission,
        ..Default::default()
    }))
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    pub region: Region,
    pub account: AccountId,
    /// For each snapshot's storage charges so far.
    pub now: kumo_sim::Timestamp,
    pub zones: Vec<String>,
    /// Each snapshot with its progress in percent.
    pub snapshots: Vec<(Snapshot, u32)>,
    pub notice: Option<String>,
    pub on_action: Callback<Action>,
}

fn mib(blocks: u64) -> String {
    format!("{:.1} MiB", (blocks * BLOCK_BYTES) as f64 / 1_048_576.0)
}

#[component(Snapshots)]
pub fn snapshots(props: &Props) -> Html {
    let lang = props.lang;
    let on = props.on_action.clone();
    let selected = use_state(|| None::<String>);
    let zone = use_state(|| props.zones.first().cloned().unwrap_or_default());
    let on_zone = {
        let zone = zone.clone();
        Callback::from(move |e: Event| zone.set(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    let restore = {
        let (selected, zone, on) = (selected.clone(), zone.clone(), on.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(id) = (*selected).clone() {
                on.emit(Action::Form(Command::from(Request::CreateVolume(api::CreateVolume {
                    availability_zone: Some((*zone).clone()),
                    snapshot_id: Some(id),
                    ..Default::default()
                }))));
            }
        })
    };
    let delete = crate::components::confirm_selected(&selected, &on, tr(lang, "snap.delete.confirm"), |id| {
        Command::from(Request::DeleteSnapshot(api::DeleteSnapshot { snapshot_id: id }))
    });
    let chosen = props.snapshots.iter().find(|(s, _)| Some(s.id.to_string()) == *selected).map(|(s, _)| s.clone());
    let own = chosen.as_ref().is_some_and(|s| s.owner == props.account);
    let emit = |make: Box<dyn Fn(String) -> Command>| crate::components::for_selected(&selected, &on, make);
    let partner = crate::components::other_account(&props.account);
    let share = {
        let p = partner.to_string();
        emit(Box::new(move |id| grant_volumes(id, api::Permission { user_id: Some(p.clone()), group: None })))
    };
    let publish = emit(Box::new(|id| grant_volumes(id, api::Permission { user_id: None, group: Some("all".into()) })));
    let reset = emit(Box::new(|id| {
        Command::from(Request::ResetSnapshotAttribute(api::SnapshotAttribute {
            snapshot_id: id,
            attribute: "createVolumePermission".into(),
        }))
    }));
    let to_region = use_state(|| Region::ApNortheast1.code().to_string());
    let encrypt = use_state(|| false);
    let on_region = {
        let to_region = to_region.clone();
        Callback::from(move |e: Event| to_region.set(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    let on_encrypt = {
        let encrypt = encrypt.clone();
        Callback::from(move |e: Event| encrypt.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().checked()))
    };
    // CopySnapshot runs in the destination Region: the page switches there, then sends it.
    let copy = {
        let (selected, to_region, encrypt, on) = (selected.clone(), to_region.clone(), encrypt.clone(), on.clone());
        let source = props.region;
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(id) = (*selected).clone() else { return };
            let Some(dest) = Region::from_code(&to_region) else { return };
            on.emit(Action::SetRegion(dest));
            on.emit(Action::Form(Command::from(Request::CopySnapshot(api::CopySnapshot {
                source_snapshot_id: id,
                source_region: source.code().to_string(),
                encrypted: encrypt.then_some(true),
                ..Default::default()
            }))));
        })
    };
    let none = selected.is_none();
    html! {
        <>
        <section class="snapshots">
            <div class="toolbar">
                <h2>{ tr(lang, "snap.title") }{ format!(" ({})", props.snapshots.len()) }</h2>
                <label class="inline">{ tr(lang, "col.az") }
                    <select id="restore-zone" onchange={on_zone}>
                        { for props.zones.iter().map(|z| html! { <option value={z.clone()} selected={*zone == *z}>{ z }</option> }) }
                    </select>
                </label>
                <button id="snap-restore" disabled={none} onclick={restore}>{ tr(lang, "snap.restore") }</button>
                <button id="snap-share" disabled={!own} onclick={share}>{ format!("{} {}", tr(lang, "ami.share_with"), partner) }</button>
                <button id="snap-public" disabled={!own} onclick={publish}>{ tr(lang, "ami.make_public") }</button>
                <button id="snap-private" disabled={!own} onclick={reset}>{ tr(lang, "ami.make_private") }</button>
                <button id="snap-delete" class="danger" disabled={!own} onclick={delete}>{ tr(lang, "snap.delete") }</button>
            </div>
            <p class="hint">{ tr(lang, "snap.incremental") }</p>
            { crate::components::notice(&props.notice) }
            if props.snapshots.is_empty() {
                <p class="empty" id="snapshots-empty">{ tr(lang, "snap.empty") }</p>
            } else {
                <div class="scroll-x"><table id="snapshots-table">
                    <thead><tr>
                        <th></th>
                        <th>{ tr(lang, "col.name") }</th>
                        <th>{ tr(lang, "snap.col.id") }</th>
                        <th>{ tr(lang, "snap.col.volume") }</th>
                        <th>{ tr(lang, "vol.col.size") }</th>
                        <th>{ tr(lang, "snap.col.state") }</th>
                        <th>{ tr(lang, "snap.col.incremental") }</th>
                        <th>{ tr(lang, "ami.col.owner") }</th>
                        <th>{ tr(lang, "snap.col.permissions") }</th>
                        <th>{ tr(lang, "col.cost") }</th>
                        <th>{ tr(lang, "snap.col.started") }</th>
                        <th>{ tr(lang, "snap.col.description") }</th>
                    </tr></thead>
                    <tbody>
                        { for props.snapshots.iter().map(|(s, progress)| {
                            let id = s.id.to_string();
                            let checked = *selected == Some(id.clone());
                            let pick = {
                                let (selected, id) = (selected.clone(), id.clone());
                                Callback::from(move |_: Event| selected.set(Some(id.clone())))
                            };
                            let class = if s.state == SnapshotState::Completed { "state running" } else { "state transit" };
                            html! {
                                <tr class={classes!(checked.then_some("selected"))} data-id={id.clone()}>
                                    <td><input type="radio" name="snapshot" class="select" checked={checked} onchange={pick} aria-label={id.clone()} /></td>
                                    <td class="name">{ s.name().unwrap_or("–") }</td>
                                    <td><code>{ &id }</code></td>
                                    <td><code>{ s.volume_id.as_str() }</code></td>
                                    <td>{ format!("{} GiB", s.volume_size_gib) }</td>
                                    <td><span class={class}>{ s.state.as_str() }</span>{ format!(" {progress}%") }</td>
                                    <td>{ mib(s.incremental_blocks) }</td>
                                    <td>{ if s.owner == props.account { tr(lang, "ami.owner.you") } else { s.owner.to_string() } }</td>
                                    <td>{ permissions(lang, s) }</td>
                                    <td>{ if s.owner == props.account { format::usd(s.cost_so_far(props.region, props.now)) } else { "–".into() } }</td>
                                    <td class="when">{ format::short_time(s.start_time) }</td>
                                    <td>{ &s.description }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table></div>
            }
        </section>
        if !none {
            <form class="launch" id="copy-snapshot-form" onsubmit={copy}>
                <h2>{ tr(lang, "snap.copy.title") }</h2>
                <label>{ tr(lang, "ami.copy.region") }
                    <select id="snap-copy-region" onchange={on_region}>
                        { crate::components::other_regions(props.region, &to_region) }
                    </select>
                    <small>{ tr(lang, "snap.copy.hint") }</small>
                </label>
                <label class="check"><input id="snap-copy-encrypt" type="checkbox" checked={*encrypt} onchange={on_encrypt} />{ tr(lang, "snap.copy.encrypt") }</label>
                <button id="snap-copy" type="submit" class="primary">{ tr(lang, "snap.copy.submit") }</button>
            </form>
        }
        </>
    }
}

/// Who may create volumes from it: the owner only, listed accounts, or everyone.
fn permissions(lang: Lang, s: &Snapshot) -> String {
    if s.public {
        tr(lang, "ami.public")
    } else if s.volume_users.is_empty() {
        tr(lang, "ami.private")
    } else {
        format!(
            "{} {}",
            tr(lang, "ami.shared_with"),
            s.volume_users.iter().map(|a| a.to_string()).collect::<Vec<_>>().join(", ")
        )
    }
}
