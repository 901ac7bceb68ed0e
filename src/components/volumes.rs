//! The Volumes page: create EBS volumes, attach them to instances in the same zone, detach,
//! grow or change type, delete; the live table shows states as they move.

use kumo_sim::Command;
use kumo_sim::command::{Tag, TagSpecification};
use kumo_sim::ec2::{Instance, InstanceState, Volume, VolumeState};
use kumo_sim::ec2::{Request, api};
use kumo_sim::limits::VolumeTypeLimits;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::components::columns::{self, Column};
use crate::format;
use crate::i18n::{Lang, tr};
use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    pub zones: Vec<String>,
    pub volume_types: Vec<String>,
    pub volumes: Vec<Volume>,
    pub instances: Vec<Instance>,
    /// For each volume's storage charges so far.
    pub region: kumo_sim::Region,
    pub now: kumo_sim::Timestamp,
    /// The selected volume's performance and chart data.
    pub performance: crate::components::volume_performance::Source,
    /// SNS topics an alarm on a volume may notify, and the Region's alarms.
    pub topics: Vec<String>,
    pub alarms: Vec<kumo_sim::cloudwatch::MetricAlarm>,
    /// The period of EBS metrics in this profile (60 or 300 s).
    pub metric_period: u32,
    pub notice: Option<String>,
    /// The tables' hidden columns (components::columns).
    pub hidden_columns: std::collections::BTreeSet<String>,
    pub on_action: Callback<Action>,
}

/// The table's key in the column preferences, and the columns a learner may hide (the name
/// and the id always show), in the table's order.
const TABLE: &str = "volumes";
const COLUMNS: &[Column] = &[
    Column { key: "type", label: "vol.col.type" },
    Column { key: "size", label: "vol.col.size" },
    Column { key: "iops", label: "vol.col.iops" },
    Column { key: "state", label: "vol.col.state" },
    Column { key: "activity", label: "vol.col.activity" },
    Column { key: "az", label: "col.az" },
    Column { key: "attached", label: "vol.col.attached" },
    Column { key: "created", label: "vol.col.created" },
    Column { key: "cost", label: "col.cost" },
];

fn state_class(v: &Volume) -> &'static str {
    match v.state {
        VolumeState::Available => "state stopped",
        VolumeState::InUse => "state running",
        VolumeState::Creating | VolumeState::Deleting => "state transit",
    }
}

fn input_value(e: &Event) -> String {
    match e.target_dyn_into::<HtmlSelectElement>() {
        Some(s) => s.value(),
        None => e.target_unchecked_into::<HtmlInputElement>().value(),
    }
}

#[component(Volumes)]
pub fn volumes(props: &Props) -> Html {
    let lang = props.lang;
    let on = props.on_action.clone();
    let selected = use_state(|| None::<String>);
    let zone = use_state(|| props.zones.first().cloned().unwrap_or_default());
    let vtype = use_state(|| "gp3".to_string());
    let size = use_state(|| "8".to_string());
    let iops = use_state(String::new);
    let name = use_state(String::new);
    let encrypted = use_state(|| false);
    let attach_to = use_state(String::new);
    let device = use_state(|| "/dev/sdf".to_string());
    let new_size = use_state(String::new);
    let new_type = use_state(String::new);

    let set = |h: &UseStateHandle<String>| {
        let h = h.clone();
        Callback::from(move |e: Event| h.set(input_value(&e)))
    };
    let on_name = {
        let name = name.clone();
        Callback::from(move |e: InputEvent| name.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let on_encrypted = {
        let encrypted = encrypted.clone();
        Callback::from(move |e: Event| encrypted.set(e.target_unchecked_into::<HtmlInputElement>().checked()))
    };
    let create = {
        let (zone, vtype, size, iops, name, encrypted, on) =
            (zone.clone(), vtype.clone(), size.clone(), iops.clone(), name.clone(), encrypted.clone(), on.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let name = name.trim().to_string();
            on.emit(Action::Form(Command::from(Request::CreateVolume(api::CreateVolume {
                availability_zone: Some((*zone).clone()),
                size: size.trim().parse().ok(),
                volume_type: Some((*vtype).clone()),
                iops: iops.trim().parse().ok(),
                encrypted: (*encrypted).then_some(true),
                tag_specifications: (!name.is_empty()).then(|| {
                    vec![TagSpecification {
                        resource_type: "volume".into(),
                        tags: vec![Tag { key: "Name".into(), value: name }],
                    }]
                }),
                ..Default::default()
            }))));
        })
    };
    let chosen = props.volumes.iter().find(|v| Some(v.id.to_string()) == *selected).cloned();
    let act = |make: fn(String) -> Command| {
        let (selected, on) = (selected.clone(), on.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(id) = (*selected).clone() {
                on.emit(Action::Form(make(id)));
            }
        })
    };
    let delete = crate::components::confirm_selected(&selected, &on, tr(lang, "vol.delete.confirm"), |id| {
        Command::from(Request::DeleteVolume(api::DeleteVolume { volume_id: id }))
    });
    let attach = {
        let (selected, attach_to, device, on) = (selected.clone(), attach_to.clone(), device.clone(), on.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(id) = (*selected).clone() {
                on.emit(Action::Form(Command::from(Request::AttachVolume(api::AttachVolume {
                    volume_id: id,
                    instance_id: (*attach_to).clone(),
                    device: device.trim().to_string(),
                }))));
            }
        })
    };
    let modify = {
        let (selected, new_size, new_type, on) = (selected.clone(), new_size.clone(), new_type.clone(), on.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(id) = (*selected).clone() {
                on.emit(Action::Form(Command::from(Request::ModifyVolume(api::ModifyVolume {
                    volume_id: id,
                    size: new_size.trim().parse().ok(),
                    volume_type: (!new_type.is_empty()).then(|| (*new_type).clone()),
                    ..Default::default()
                }))));
            }
        })
    };
    let candidates: Vec<&Instance> = chosen
        .as_ref()
        .map(|v| {
            props
                .instances
                .iter()
                .filter(|i| i.availability_zone == v.availability_zone)
                .filter(|i| matches!(i.state, InstanceState::Running | InstanceState::Stopped))
                .collect()
        })
        .unwrap_or_default();
    let none = chosen.is_none();
    let show = |key: &str| columns::shown(&props.hidden_columns, TABLE, key);
    html! {
        <>
            <section class="volumes">
                <div class="toolbar">
                    <h2>{ tr(lang, "vol.title") }{ format!(" ({})", props.volumes.len()) }</h2>
                    <button id="vol-snapshot" disabled={none} onclick={act(|id| Command::from(Request::CreateSnapshot(api::CreateSnapshot { volume_id: id, ..Default::default() })))}>{ tr(lang, "vol.snapshot") }</button>
                    <button id="vol-detach" disabled={none} onclick={act(|id| Command::from(Request::DetachVolume(api::DetachVolume { volume_id: id, ..Default::default() })))}>{ tr(lang, "vol.detach") }</button>
                    <button id="vol-delete" class="danger" disabled={none} onclick={delete}>{ tr(lang, "vol.delete") }</button>
                    { columns::preferences(lang, TABLE, COLUMNS, &props.hidden_columns, &on) }
                </div>
                { crate::components::notice(&props.notice) }
                if props.volumes.is_empty() {
                    <p class="empty" id="volumes-empty">{ tr(lang, "vol.empty") }</p>
                } else {
                    <div class="scroll-x"><table id="volumes-table">
                        <thead><tr>
                            <th></th>
                            <th>{ tr(lang, "col.name") }</th>
                            <th>{ tr(lang, "vol.col.id") }</th>
                            { for COLUMNS.iter().filter(|c| show(c.key)).map(|c| html! { <th>{ tr(lang, c.label) }</th> }) }
                        </tr></thead>
                        <tbody>
                            { for props.volumes.iter().map(|v| {
                                let id = v.id.to_string();
                                let checked = *selected == Some(id.clone());
                                let pick = {
                                    let (selected, id) = (selected.clone(), id.clone());
                                    Callback::from(move |_: Event| selected.set(Some(id.clone())))
                                };
                                let attached = v.attachment.as_ref().map(|a| format!("{} ({}, {})", a.instance_id, a.device, a.state.as_str())).unwrap_or_else(|| "–".into());
                                let modification = v.modification.as_ref().filter(|m| m.state.as_str() != "completed").map(|m| format!(" · {}", m.state.as_str())).unwrap_or_default();
                                let cell = |key: &str| -> Html {
                                    match key {
                                        "type" => html! { <td>{ &v.volume_type }{ if v.encrypted { format!(" · {}", tr(lang, "vol.encrypted")) } else { String::new() } }</td> },
                                        "size" => html! { <td>{ format!("{} GiB", v.size_gib) }</td> },
                                        "iops" => html! { <td>{ v.iops.map(|i| i.to_string()).unwrap_or_else(|| "–".into()) }</td> },
                                        "state" => html! { <td><span class={state_class(v)}>{ v.state.as_str() }</span>{ modification.clone() }</td> },
                                        "activity" => html! { <td class="spark-cell">{ props.performance.emit((id.clone(), 3600)).map(|(_, s)| crate::components::volume_performance::sparkline(lang, &s)).unwrap_or_default() }</td> },
                                        "az" => html! { <td>{ &v.availability_zone }</td> },
                                        "attached" => html! { <td class="ip">{ attached.clone() }</td> },
                                        "created" => html! { <td class="when">{ format::short_time(v.create_time) }</td> },
                                        // "cost", the last of COLUMNS.
                                        _ => html! { <td>{ format::usd(v.cost_so_far(props.region, props.now)) }</td> },
                                    }
                                };
                                html! {
                                    <tr class={classes!(checked.then_some("selected"))} data-id={id.clone()}>
                                        <td><input type="radio" name="volume" class="select" checked={checked} onchange={pick} aria-label={id.clone()} /></td>
                                        <td class="name">{ v.name().unwrap_or("–") }</td>
                                        <td><code>{ &id }</code></td>
                                        { for COLUMNS.iter().filter(|c| show(c.key)).map(|c| cell(c.key)) }
                                    </tr>
                                }
                            }) }
                        </tbody>
                    </table></div>
                }
            </section>
            if let Some(v) = &chosen {
                <crate::components::volume_performance::VolumePerformance lang={lang} volume_id={v.id.to_string()}
                    volume_name={v.name().map(str::to_string)}
                    source={props.performance.clone()} topics={props.topics.clone()} metric_period={props.metric_period}
                    alarms={props.alarms.iter().filter(|a| a.spec.namespace == "AWS/EBS" && a.spec.dimensions.iter().any(|(n, val)| n == "VolumeId" && *val == v.id.as_str())).cloned().collect::<Vec<_>>()}
                    on_action={on.clone()} />
            }
            if let Some(v) = &chosen {
                <form class="launch" id="attach-form" onsubmit={attach}>
                    <h2>{ tr(lang, "vol.attach.title") }{ ": " }<code>{ v.id.as_str() }</code></h2>
                    <label>{ tr(lang, "vol.attach.instance") }
                        <select id="attach-instance" onchange={set(&attach_to)}>
                            <option value="" selected={attach_to.is_empty()}>{ tr(lang, "vol.attach.choose") }</option>
                            { for candidates.iter().map(|i| html! {
                                <option value={i.id.to_string()} selected={*attach_to == i.id.to_string()}>
                                    { format!("{} {} ({})", i.id, i.name().unwrap_or(""), i.state.as_str()) }
                                </option>
                            }) }
                        </select>
                        <small>{ tr(lang, "vol.attach.same_zone") }</small>
                    </label>
                    <label>{ tr(lang, "vol.attach.device") }
                        <input id="attach-device" type="text" value={(*device).clone()} onchange={set(&device)} />
                    </label>
                    <button id="vol-attach" type="submit" class="primary">{ tr(lang, "vol.attach") }</button>
                </form>
                <form class="launch" id="modify-form" onsubmit={modify}>
                    <h2>{ tr(lang, "vol.modify.title") }</h2>
                    <label>{ tr(lang, "vol.col.size") }
                        <input id="modify-size" type="number" min="1" placeholder={v.size_gib.to_string()} value={(*new_size).clone()} onchange={set(&new_size)} />
                    </label>
                    <label>{ tr(lang, "vol.col.type") }
                        <select id="modify-type" onchange={set(&new_type)}>
                            <option value="" selected={new_type.is_empty()}>{ v.volume_type.clone() }</option>
                            { for props.volume_types.iter().map(|t| html! { <option value={t.clone()} selected={*new_type == *t}>{ t }</option> }) }
                        </select>
                    </label>
                    <button id="vol-modify" type="submit" class="primary">{ tr(lang, "vol.modify") }</button>
                </form>
            }
            <form class="launch" id="create-volume-form" onsubmit={create}>
                <h2>{ tr(lang, "vol.create.title") }</h2>
                <label>{ tr(lang, "col.name") }
                    <input id="vol-name" type="text" value={(*name).clone()} oninput={on_name} />
                </label>
                <label>{ tr(lang, "col.az") }
                    <select id="vol-zone" onchange={set(&zone)}>
                        { for props.zones.iter().map(|z| html! { <option value={z.clone()} selected={*zone == *z}>{ z }</option> }) }
                    </select>
                </label>
                <label>{ tr(lang, "vol.col.type") }
                    <select id="vol-type" onchange={set(&vtype)}>
                        { for props.volume_types.iter().map(|t| html! { <option value={t.clone()} selected={*vtype == *t}>{ t }</option> }) }
                    </select>
                </label>
                <label>{ tr(lang, "vol.col.size") }
                    <input id="vol-size" type="number" min="1" value={(*size).clone()} onchange={set(&size)} />
                </label>
                <label>{ tr(lang, "vol.create.iops") }
                    <input id="vol-iops" type="number" min="0" value={(*iops).clone()} onchange={set(&iops)} />
                    <small>{ tr(lang, "vol.create.iops.hint") }</small>
                </label>
                <label class="check"><input id="vol-encrypted" type="checkbox" checked={*encrypted} onchange={on_encrypted} />{ tr(lang, "vol.create.encrypted") }</label>
                <button id="vol-create" type="submit" class="primary">{ tr(lang, "vol.create.submit") }</button>
            </form>
        </>
    }
}

/// The volume types a profile offers, for the forms.
pub fn type_names(types: &[VolumeTypeLimits]) -> Vec<String> {
    types.iter().map(|t| t.name.to_string()).collect()
}
