//! The detail view of one instance, with its settings and protection switches. Its state
//! actions are the table's: opening the detail selects its instance alone, so that what the
//! Instance state buttons act on is what the detail shows (`Action::ShowDetail`).

use kumo_sim::Command;
use kumo_sim::command::InstanceAttributeChange;
use kumo_sim::ec2::response::{private_dns, public_dns};
use kumo_sim::ec2::{InstanceState, ipv4};
use kumo_sim::ec2::{Request, api};
use kumo_sim::ids::InstanceId;
use yew::prelude::*;

use crate::components::instances_table::{state_class, status_text};
use crate::format;
use crate::i18n::tr;
use crate::state::{Action, DetailTab, Model};

pub fn view(model: &Model, on: &Callback<Action>) -> Html {
    let Some(id) = &model.detail else { return html! {} };
    let lang = model.lang;
    let scope = model.session.scope();
    let Some(i) = model.session.sim.world().instance(&scope, &InstanceId::from(id.clone())) else {
        return html! {};
    };
    let now = model.session.now();
    let region = scope.region;
    let cost = i.cost_so_far(region, now);
    let dash = || tr(lang, "detail.none");
    let onoff = |b: bool| if b { tr(lang, "detail.on") } else { tr(lang, "detail.off") };
    let form = |c: Command| on.reform(move |_: MouseEvent| Action::Form(c.clone()));
    let toggle = |change: InstanceAttributeChange| {
        form(Command::from(Request::ModifyInstanceAttribute(api::ModifyInstanceAttribute::change(id.clone(), change))))
    };
    let rows: Vec<(String, Html)> = vec![
        (tr(lang, "detail.state"), html! { <span class={state_class(i.state)}>{ i.state.as_str() }</span> }),
        (tr(lang, "detail.type"), html! { &i.instance_type }),
        (tr(lang, "detail.az"), html! { &i.availability_zone }),
        (
            tr(lang, "detail.public_ip"),
            html! { <span id="detail-public-ip">{ i.public_ip.map(ipv4).unwrap_or_else(dash) }</span> },
        ),
        (tr(lang, "detail.private_ip"), html! { i.private_ip.map(ipv4).unwrap_or_else(dash) }),
        (tr(lang, "detail.public_dns"), html! { public_dns(region, i.public_ip) }),
        (tr(lang, "detail.ami"), html! { i.image_id.as_str() }),
        (
            tr(lang, "detail.arn"),
            html! { <code id="detail-arn">{ kumo_sim::ec2::views::instance_arn(i, region) }</code> },
        ),
        (
            tr(lang, "detail.host"),
            html! { <span id="detail-host" title={tr(lang, "detail.host.hint")}>{ i.host_id.as_ref().map(|h| h.to_string()).unwrap_or_else(dash) }</span> },
        ),
        (tr(lang, "detail.root_device"), html! { format!("{} ({})", i.root_device_name, i.root_device_type.as_str()) }),
        (tr(lang, "detail.volume"), html! { i.root_volume.as_ref().map(|v| v.to_string()).unwrap_or_else(dash) }),
        (tr(lang, "detail.key"), html! { i.key_name.clone().unwrap_or_else(dash) }),
        (tr(lang, "detail.launch_time"), html! { format::time(i.launch_time) }),
        (
            tr(lang, "detail.reason"),
            html! { { if i.state_transition_reason.is_empty() { dash() } else { i.state_transition_reason.clone() } } },
        ),
        (tr(lang, "detail.status_checks"), html! { status_text(lang, i) }),
        (tr(lang, "detail.ebs_optimized"), html! { onoff(i.ebs_optimized) }),
        (tr(lang, "detail.cost"), html! { <span id="detail-cost">{ format::usd(cost) }</span> }),
    ];
    let live = i.state != InstanceState::Terminated;
    let tab = model.detail_tab;
    // A protection switch: its state and the button that flips it.
    let protection = |label: &str, id: &'static str, on_now: bool, flip: InstanceAttributeChange| {
        html! { <>
            <dt>{ tr(lang, label) }</dt>
            <dd>
                { onoff(on_now) }{ " " }
                <button class="link" id={id} disabled={!live} onclick={toggle(flip)}>
                    { if on_now { tr(lang, "detail.disable") } else { tr(lang, "detail.enable") } }
                </button>
            </dd>
        </> }
    };
    let alarms: Vec<kumo_sim::cloudwatch::MetricAlarm> = model
        .session
        .sim
        .world()
        .region(&scope)
        .map(|rs| rs.alarms.values().filter(|a| a.instance_id().as_ref() == Some(&i.id)).cloned().collect())
        .unwrap_or_default();
    html! {
        <section class="detail" id="instance-detail">
            <div class="toolbar">
                <h2>{ tr(lang, "detail.title") }{ ": " }<code>{ id }</code>{ i.name().map(|n| format!(" ({n})")).unwrap_or_default() }</h2>
                <button class="secondary" onclick={on.reform(|_: MouseEvent| Action::ShowDetail(None))}>{ tr(lang, "action.close") }</button>
            </div>
            <div class="tabs detail-tabs" role="tablist" aria-label={tr(lang, "detail.tabs")}>
                { for DetailTab::ALL.iter().map(|&t| html! {
                    <button role="tab" id={format!("detail-tab-{}", t.code())} aria-selected={(t == tab).to_string()}
                        aria-controls={format!("detail-panel-{}", t.code())}
                        class={classes!("tab", (t == tab).then_some("active"))}
                        onclick={on.reform(move |_: MouseEvent| Action::DetailTab(t))}>{ tr(lang, &t.label_key()) }</button>
                }) }
            </div>
            <div role="tabpanel" class="detail-panel" id="detail-panel-details" aria-labelledby="detail-tab-details" hidden={tab != DetailTab::Details}>
                <dl>
                    { for rows.into_iter().map(|(k, v)| html! { <><dt>{ k }</dt><dd>{ v }</dd></> }) }
                    { protection("detail.termination_protection", "toggle-termination-protection", i.disable_api_termination,
                        InstanceAttributeChange::DisableApiTermination(!i.disable_api_termination)) }
                    { protection("detail.stop_protection", "toggle-stop-protection", i.disable_api_stop,
                        InstanceAttributeChange::DisableApiStop(!i.disable_api_stop)) }
                </dl>
            </div>
            <div role="tabpanel" class="detail-panel" id="detail-panel-status" aria-labelledby="detail-tab-status" hidden={tab != DetailTab::Status}>
                { crate::components::instance_events::view(lang, i, now, model.session.sim.profile().limits().recoveries_per_day, on) }
                { crate::components::instance_alarms::view(lang, i, region.code(), &alarms, on) }
                if live {
                    <crate::components::instance_events::FaultBox lang={lang} instance_id={id.clone()}
                        instance_type={i.instance_type.clone()} zone={i.availability_zone.clone()}
                        running={i.state == InstanceState::Running}
                        capacity_out={model.session.sim.world().region(&scope).is_some_and(|r| r.capacity_out.contains(&format!("{}/{}", i.instance_type, i.availability_zone)))}
                        on_action={on.clone()} />
                }
            </div>
            <div role="tabpanel" class="detail-panel" id="detail-panel-monitoring" aria-labelledby="detail-tab-monitoring" hidden={tab != DetailTab::Monitoring}>
                if i.state == InstanceState::Running {
                    <crate::components::instance_cpu::InstanceCpu lang={lang} instance_id={id.clone()} now={now}
                        cpu={model.session.sim.cpu_now_of(&scope, &i.id)} credits={kumo_sim::ec2::cpu::credits_of(&i.instance_type)}
                        on_action={on.clone()} />
                }
                if i.state == InstanceState::Running {
                    <crate::components::instance_network::InstanceNetwork lang={lang} instance={i.clone()} on_action={on.clone()} />
                }
                if i.state != InstanceState::Running {
                    <p class="empty">{ tr(lang, "detail.monitoring.not_running") }</p>
                }
            </div>
            <div role="tabpanel" class="detail-panel" id="detail-panel-security" aria-labelledby="detail-tab-security" hidden={tab != DetailTab::Security}>
                <dl>
                    <dt>{ tr(lang, "detail.owner") }</dt><dd>{ i.owner.as_str() }</dd>
                    <dt>{ tr(lang, "detail.security_groups") }</dt>
                    <dd id="detail-security-group"><code>{ i.security_group.0.as_str() }</code>{ format!(" ({})", i.security_group.1) }</dd>
                    <dt>{ tr(lang, "detail.key") }</dt><dd>{ i.key_name.clone().unwrap_or_else(dash) }</dd>
                </dl>
                <p class="muted">{ tr(lang, "detail.security.note") }</p>
            </div>
            <div role="tabpanel" class="detail-panel" id="detail-panel-networking" aria-labelledby="detail-tab-networking" hidden={tab != DetailTab::Networking}>
                <dl>
                    <dt>{ tr(lang, "detail.public_ip") }</dt><dd>{ i.public_ip.map(ipv4).unwrap_or_else(dash) }</dd>
                    <dt>{ tr(lang, "detail.public_dns") }</dt><dd>{ public_dns(region, i.public_ip) }</dd>
                    <dt>{ tr(lang, "detail.private_ip") }</dt><dd>{ i.private_ip.map(ipv4).unwrap_or_else(dash) }</dd>
                    <dt>{ tr(lang, "detail.private_dns") }</dt><dd>{ private_dns(region, i.private_ip) }</dd>
                    <dt>{ tr(lang, "detail.vpc") }</dt><dd>{ i.vpc_id.as_str() }</dd>
                    <dt>{ tr(lang, "detail.subnet") }</dt><dd id="detail-subnet">{ i.subnet_id.as_str() }</dd>
                    <dt>{ tr(lang, "detail.az") }</dt><dd>{ &i.availability_zone }</dd>
                    <dt>{ tr(lang, "detail.eni") }</dt><dd>{ i.network_interface_id.as_str() }</dd>
                    <dt>{ tr(lang, "detail.mac") }</dt><dd>{ &i.mac_address }</dd>
                    <dt>{ tr(lang, "detail.mtu") }</dt><dd>{ tr(lang, "detail.mtu.value") }</dd>
                </dl>
            </div>
            <div role="tabpanel" class="detail-panel" id="detail-panel-storage" aria-labelledby="detail-tab-storage" hidden={tab != DetailTab::Storage}>
                { storage(model, i, on) }
                if live && i.root_device_type == kumo_sim::catalog::RootDeviceType::Ebs {
                    <CreateImageForm lang={lang} instance_id={id.clone()} on_action={on.clone()} />
                }
            </div>
            <div role="tabpanel" class="detail-panel" id="detail-panel-tags" aria-labelledby="detail-tab-tags" hidden={tab != DetailTab::Tags}>
                <crate::components::tags::Tags lang={lang} resource_id={id.clone()} tags={i.tags.clone()} on_action={on.clone()} />
            </div>
            <div role="tabpanel" class="detail-panel" id="detail-panel-settings" aria-labelledby="detail-tab-settings" hidden={tab != DetailTab::Settings}>
                if live {
                    <crate::components::instance_settings::InstanceSettings lang={lang} instance={i.clone()} on_action={on.clone()} />
                }
            </div>
        </section>
    }
}

/// The instance's disks: its EBS volumes (with DeleteOnTermination) and its instance store.
fn storage(model: &Model, i: &kumo_sim::ec2::Instance, on: &Callback<Action>) -> Html {
    let lang = model.lang;
    let scope = model.session.scope();
    let world = model.session.sim.world();
    let volumes: Vec<kumo_sim::ec2::Volume> = world
        .region(&scope)
        .map(|rs| {
            rs.volumes
                .values()
                .filter(|v| v.attachment.as_ref().is_some_and(|a| a.instance_id == i.id))
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    let store = kumo_sim::catalog::instance_type(&i.instance_type).and_then(|t| t.instance_store);
    html! {
        <table class="storage" id="instance-storage">
            <thead><tr>
                <th>{ tr(lang, "detail.storage.device") }</th>
                <th>{ tr(lang, "detail.storage.kind") }</th>
                <th>{ tr(lang, "vol.col.size") }</th>
                <th>{ tr(lang, "detail.storage.dot") }</th>
                <th>{ tr(lang, "detail.storage.used") }</th>
            </tr></thead>
            <tbody>
                if i.root_disk.is_some() {
                    <tr><td><code>{ &i.root_device_name }</code></td><td>{ tr(lang, "detail.storage.instance_store_root") }</td><td>{ "10" }</td><td>{ tr(lang, "detail.on") }</td>
                        <td>{ i.root_disk.as_ref().map(|d| format!("{} MiB", d.used_blocks / 2)).unwrap_or_default() }</td></tr>
                }
                { for volumes.iter().map(|v| {
                    let a = v.attachment.as_ref();
                    // DeleteOnTermination changes through the instance's block-device mappings.
                    let flip = a.map(|a| {
                        let change = kumo_sim::command::InstanceAttributeChange::DeleteOnTermination(vec![(a.device.clone(), !a.delete_on_termination)]);
                        let id = i.id.to_string();
                        on.reform(move |_: MouseEvent| Action::Form(Command::from(Request::ModifyInstanceAttribute(api::ModifyInstanceAttribute::change(id.clone(), change.clone())))))
                    });
                    html! { <tr>
                        <td><code>{ a.map(|a| a.device.clone()).unwrap_or_default() }</code></td>
                        <td>{ format!("EBS {} · {}", v.volume_type, v.id) }</td>
                        <td>{ v.size_gib }</td>
                        <td>
                            { if a.is_some_and(|a| a.delete_on_termination) { tr(lang, "detail.on") } else { tr(lang, "detail.off") } }{ " " }
                            if let Some(flip) = flip {
                                <button class="link dot-toggle" onclick={flip}>{ tr(lang, "settings.change") }</button>
                            }
                        </td>
                        <td>{ format!("{} MiB", v.disk.used_blocks / 2) }</td>
                    </tr> }
                }) }
                { for i.instance_store.iter().enumerate().map(|(n, d)| html! { <tr>
                    <td><code>{ format!("ephemeral{n}") }</code></td>
                    <td>{ tr(lang, "detail.storage.instance_store") }</td>
                    <td>{ store.map(|s| s.size_gb.to_string()).unwrap_or_default() }</td>
                    <td>{ tr(lang, "detail.on") }</td>
                    <td>{ format!("{} MiB", d.used_blocks / 2) }</td>
                </tr> }) }
            </tbody>
        </table>
    }
}

#[derive(Properties, PartialEq)]
pub struct CreateImageProps {
    pub lang: crate::i18n::Lang,
    pub instance_id: String,
    pub on_action: Callback<Action>,
}

/// CreateImage from this instance: a name, and whether to skip the reboot (AMI-07).
#[component(CreateImageForm)]
pub fn create_image_form(props: &CreateImageProps) -> Html {
    let lang = props.lang;
    let name = use_state(String::new);
    let no_reboot = use_state(|| false);
    let on_name = {
        let name = name.clone();
        Callback::from(move |e: InputEvent| name.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().value()))
    };
    let on_no_reboot = {
        let no_reboot = no_reboot.clone();
        Callback::from(move |e: Event| no_reboot.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().checked()))
    };
    let submit = {
        let (name, no_reboot, on, id) =
            (name.clone(), no_reboot.clone(), props.on_action.clone(), props.instance_id.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            on.emit(Action::Form(Command::from(Request::CreateImage(api::CreateImage {
                instance_id: id.clone(),
                name: name.trim().to_string(),
                no_reboot: Some(*no_reboot),
                ..Default::default()
            }))));
        })
    };
    html! {
        <form class="inline-form" id="create-image-form" onsubmit={submit}>
            <strong>{ tr(lang, "ami.create.title") }</strong>
            <input id="image-name" type="text" maxlength="128" placeholder={tr(lang, "ami.create.name")} value={(*name).clone()} oninput={on_name} />
            <label class="check"><input id="image-no-reboot" type="checkbox" checked={*no_reboot} onchange={on_no_reboot} />{ tr(lang, "ami.create.no_reboot") }</label>
            <button id="image-create" type="submit">{ tr(lang, "ami.create.submit") }</button>
            <small>{ tr(lang, "ami.create.hint") }</small>
        </form>
    }
}
