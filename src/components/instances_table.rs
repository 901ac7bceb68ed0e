//! The Instances page: action toolbar and the live table of the Region's instances.

use kumo_sim::Command;
use kumo_sim::ec2::{CheckStatus, Instance, InstanceState, ipv4};
use kumo_sim::ec2::{Request, api};
use yew::prelude::*;

use crate::components::columns::{self, Column};
use crate::format;
use crate::i18n::{Lang, tr};
use crate::state::{Action, Model};

/// CSS class of a state badge: green running, amber transitions, grey stopped, red terminated.
pub fn state_class(s: InstanceState) -> &'static str {
    match s {
        InstanceState::Running => "state running",
        InstanceState::Pending | InstanceState::Stopping | InstanceState::ShuttingDown => "state transit",
        InstanceState::Stopped => "state stopped",
        InstanceState::Terminated => "state terminated",
    }
}

pub fn status_text(lang: Lang, i: &Instance) -> String {
    match i.instance_status {
        CheckStatus::Initializing => tr(lang, "status.initializing"),
        CheckStatus::Ok => tr(lang, "status.ok"),
        CheckStatus::NotApplicable => tr(lang, "status.na"),
        CheckStatus::Impaired => tr(lang, "status.impaired"),
    }
}

/// The table's key in the column preferences, and the columns a learner may hide (the name
/// and the id always show), in the table's order.
const TABLE: &str = "instances";
const COLUMNS: &[Column] = &[
    Column { key: "state", label: "col.state" },
    Column { key: "type", label: "col.type" },
    Column { key: "status", label: "col.status" },
    Column { key: "az", label: "col.az" },
    Column { key: "public_ip", label: "col.public_ip" },
    Column { key: "private_ip", label: "col.private_ip" },
    Column { key: "launch_time", label: "col.launch_time" },
];

pub fn view(model: &Model, on: &Callback<Action>) -> Html {
    let lang = model.lang;
    let scope = model.session.scope();
    let instances: Vec<Instance> = model
        .session
        .sim
        .world()
        .region(&scope)
        .map(|rs| rs.instances_in_launch_order().into_iter().cloned().collect())
        .unwrap_or_default();
    let selected = model.selected_ids();
    let act = |make: fn(Vec<String>) -> Command| {
        let ids = selected.clone();
        on.reform(move |_: MouseEvent| Action::Form(make(ids.clone())))
    };
    // An action is offered when it applies to one of the selected instances at least. Stop
    // stays offered for a pending instance: EC2 refuses it with IncorrectInstanceState ("never
    // reached the 'running' state", aws-reference.md §B1), which the learner should meet (the
    // browser test `stop_needs_running_and_errors_show_awss_code`). Start on a running
    // instance would be a no-op, and on any other state that error again: offered for stopped
    // ones only.
    let states: Vec<InstanceState> =
        instances.iter().filter(|i| selected.iter().any(|s| s == i.id.as_str())).map(|i| i.state).collect();
    let applies = |ok: &[InstanceState]| states.iter().any(|s| ok.contains(s));
    use InstanceState::{Pending, Running, Stopped, Stopping};
    let can_start = applies(&[Stopped]);
    let can_stop = applies(&[Pending, Running]);
    let can_reboot = applies(&[Running]);
    let can_terminate = applies(&[Pending, Running, Stopping, Stopped]);
    let none = selected.is_empty();
    let show = |key: &str| columns::shown(&model.hidden_columns, TABLE, key);
    let terminate = {
        let ids = selected.clone();
        on.reform(move |_: MouseEvent| Action::AskTerminate(ids.clone()))
    };
    html! {
        <section class="instances">
            <div class="toolbar">
                <h2>{ tr(lang, "instances.title") }{ format!(" ({})", instances.len()) }</h2>
                <span class="count">{ if none { String::new() } else { format!("{} {}", selected.len(), tr(lang, "instances.selected")) } }</span>
                <button id="btn-start" disabled={!can_start} onclick={act(|ids| Command::from(Request::StartInstances(api::InstanceIds { instance_ids: ids })))}>{ tr(lang, "action.start") }</button>
                <button id="btn-stop" disabled={!can_stop} onclick={act(|ids| Command::from(Request::StopInstances(api::StopInstances { instance_ids: ids, force: None })))}>{ tr(lang, "action.stop") }</button>
                <button id="btn-reboot" disabled={!can_reboot} onclick={act(|ids| Command::from(Request::RebootInstances(api::InstanceIds { instance_ids: ids })))}>{ tr(lang, "action.reboot") }</button>
                <button id="btn-terminate" class="danger" disabled={!can_terminate} onclick={terminate}>{ tr(lang, "action.terminate") }</button>
                { columns::preferences(lang, TABLE, COLUMNS, &model.hidden_columns, on) }
            </div>
            if let Some(notice) = &model.notice {
                <div class="notice error" id="notice">
                    <strong>{ tr(lang, "notice.error") }</strong>
                    <pre>{ notice }</pre>
                    <button class="link" onclick={on.reform(|_: MouseEvent| Action::DismissNotice)}>{ "×" }</button>
                </div>
            }
            if instances.is_empty() {
                <p class="empty" id="instances-empty">{ tr(lang, "instances.empty") }</p>
            } else {
                <table id="instances-table">
                    <thead><tr>
                        <th><span class="visually-hidden">{ tr(lang, "col.select") }</span></th>
                        <th>{ tr(lang, "col.name") }</th>
                        <th>{ tr(lang, "col.id") }</th>
                        { for COLUMNS.iter().filter(|c| show(c.key)).map(|c| html! { <th>{ tr(lang, c.label) }</th> }) }
                    </tr></thead>
                    <tbody>
                        { for instances.iter().map(|i| row(model, on, i)) }
                    </tbody>
                </table>
            }
        </section>
    }
}

fn row(model: &Model, on: &Callback<Action>, i: &Instance) -> Html {
    let id = i.id.to_string();
    let checked = model.selected.contains(&id);
    let toggle = {
        let id = id.clone();
        on.reform(move |_: Event| Action::ToggleSelect(id.clone()))
    };
    let open = {
        let id = id.clone();
        on.reform(move |e: MouseEvent| {
            e.prevent_default();
            Action::ShowDetail(Some(id.clone()))
        })
    };
    let dash = || "–".to_string();
    let cell = |key: &str| -> Html {
        match key {
            "state" => html! { <td><span class={state_class(i.state)}>{ i.state.as_str() }</span></td> },
            "type" => html! { <td>{ &i.instance_type }</td> },
            "status" => html! { <td>{ status_text(model.lang, i) }</td> },
            "az" => html! { <td>{ &i.availability_zone }</td> },
            "public_ip" => html! { <td class="ip">{ i.public_ip.map(ipv4).unwrap_or_else(dash) }</td> },
            "private_ip" => html! { <td class="ip">{ i.private_ip.map(ipv4).unwrap_or_else(dash) }</td> },
            // "launch_time", the last of COLUMNS.
            _ => html! { <td class="when">{ format::short_time(i.launch_time) }</td> },
        }
    };
    html! {
        <tr class={classes!(checked.then_some("selected"))} data-id={id.clone()}>
            <td><input type="checkbox" class="select" checked={checked} onchange={toggle} aria-label={id.clone()} /></td>
            <td class="name">{ i.name().unwrap_or("–") }</td>
            <td><a href="#" class="instance-link" onclick={open}>{ &id }</a></td>
            { for COLUMNS.iter().filter(|c| columns::shown(&model.hidden_columns, TABLE, c.key)).map(|c| cell(c.key)) }
        </tr>
    }
}
