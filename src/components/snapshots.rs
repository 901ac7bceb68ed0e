//! The Snapshots page: the live table (progress while pending, each snapshot's own
//! incremental size), restoring a snapshot into a new volume, and deleting.

use kumo_sim::Command;
use kumo_sim::ec2::snapshots::{Snapshot, SnapshotState};
use kumo_sim::ec2::volumes::VolumeSpec;
use kumo_sim::storage::BLOCK_BYTES;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::format;
use crate::i18n::{Lang, tr};
use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
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
                on.emit(Action::Form(Command::CreateVolume(VolumeSpec {
                    availability_zone: Some((*zone).clone()),
                    snapshot_id: Some(id),
                    ..VolumeSpec::default()
                })));
            }
        })
    };
    let delete = {
        let (selected, on) = (selected.clone(), on.clone());
        let question = tr(lang, "snap.delete.confirm");
        Callback::from(move |_: MouseEvent| {
            let Some(id) = (*selected).clone() else { return };
            let ok = web_sys::window()
                .and_then(|w| w.confirm_with_message(&format!("{question} {id}?")).ok())
                .unwrap_or(false);
            if ok {
                on.emit(Action::Form(Command::DeleteSnapshot { snapshot_id: id }));
            }
        })
    };
    let none = selected.is_none();
    html! {
        <section class="snapshots">
            <div class="toolbar">
                <h2>{ tr(lang, "snap.title") }{ format!(" ({})", props.snapshots.len()) }</h2>
                <label class="inline">{ tr(lang, "col.az") }
                    <select id="restore-zone" onchange={on_zone}>
                        { for props.zones.iter().map(|z| html! { <option value={z.clone()} selected={*zone == *z}>{ z }</option> }) }
                    </select>
                </label>
                <button id="snap-restore" disabled={none} onclick={restore}>{ tr(lang, "snap.restore") }</button>
                <button id="snap-delete" class="danger" disabled={none} onclick={delete}>{ tr(lang, "snap.delete") }</button>
            </div>
            <p class="hint">{ tr(lang, "snap.incremental") }</p>
            { crate::components::notice(&props.notice) }
            if props.snapshots.is_empty() {
                <p class="empty" id="snapshots-empty">{ tr(lang, "snap.empty") }</p>
            } else {
                <table id="snapshots-table">
                    <thead><tr>
                        <th></th>
                        <th>{ tr(lang, "col.name") }</th>
                        <th>{ tr(lang, "snap.col.id") }</th>
                        <th>{ tr(lang, "snap.col.volume") }</th>
                        <th>{ tr(lang, "vol.col.size") }</th>
                        <th>{ tr(lang, "snap.col.state") }</th>
                        <th>{ tr(lang, "snap.col.incremental") }</th>
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
                                    <td class="when">{ format::short_time(s.start_time) }</td>
                                    <td>{ &s.description }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            }
        </section>
    }
}
