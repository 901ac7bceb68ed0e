//! The launch form: AMI, type, count, Availability Zone, key pair, Name tag, protections.
//! Submitting builds a RunInstances command, which the terminal echoes as its `aws` line.

use kumo_sim::catalog::{self, INSTANCE_TYPES, RootDeviceType};
use kumo_sim::command::{Tag, TagSpecification};
use kumo_sim::ec2::Request;
use kumo_sim::ec2::api::{Placement, RunInstances};
use kumo_sim::{Command, Region};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::i18n::{Lang, tr};
use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    pub region: Region,
    pub key_pairs: Vec<String>,
    /// Available custom images the account may launch here: (id, name).
    pub custom_images: Vec<(String, String)>,
    pub on_action: Callback<Action>,
}

/// The images the form offers: the catalogue's, then the account's own and shared ones.
fn choices(lang: Lang, region: Region, custom: &[(String, String)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = catalog::public_images(region)
        .iter()
        .map(|im| {
            let root = match im.root_device_type {
                RootDeviceType::Ebs => tr(lang, "launch.root.ebs"),
                RootDeviceType::InstanceStore => tr(lang, "launch.root.instance_store"),
            };
            (im.id.to_string(), format!("{} — {} ({})", im.description, im.id, root))
        })
        .collect();
    out.extend(
        custom.iter().map(|(id, name)| (id.clone(), format!("{name} — {id} ({})", tr(lang, "launch.custom_image")))),
    );
    out
}

#[derive(Clone, PartialEq)]
struct Fields {
    name: String,
    image: usize,
    instance_type: String,
    count: String,
    zone: String,
    key: String,
    termination_protection: bool,
    stop_protection: bool,
}

/// Builds the request the form stands for. Only what the learner chose is sent, so the echoed
/// `aws` line is as short as the one they would type.
fn command(images: &[(String, String)], f: &Fields) -> Command {
    let image = images.get(f.image).or(images.first());
    let count = f.count.trim().parse::<i64>().unwrap_or(1);
    let name = f.name.trim();
    Command::from(Request::RunInstances(RunInstances {
        image_id: image.map(|i| i.0.clone()),
        instance_type: Some(f.instance_type.clone()),
        min_count: count,
        max_count: count,
        key_name: (!f.key.is_empty()).then(|| f.key.clone()),
        placement: (!f.zone.is_empty()).then(|| Placement { availability_zone: Some(f.zone.clone()), tenancy: None }),
        tag_specifications: (!name.is_empty()).then(|| {
            vec![TagSpecification {
                resource_type: "instance".into(),
                tags: vec![Tag { key: "Name".into(), value: name.to_string() }],
            }]
        }),
        disable_api_termination: f.termination_protection.then_some(true),
        disable_api_stop: f.stop_protection.then_some(true),
        ..RunInstances::default()
    }))
}

#[component(LaunchForm)]
pub fn launch_form(props: &Props) -> Html {
    let lang = props.lang;
    let fields = use_state(|| Fields {
        name: String::new(),
        image: 0,
        instance_type: "t3.micro".into(),
        count: "1".into(),
        zone: String::new(),
        key: String::new(),
        termination_protection: false,
        stop_protection: false,
    });
    let images = choices(lang, props.region, &props.custom_images);
    let set = |apply: fn(&mut Fields, String)| {
        let fields = fields.clone();
        Callback::from(move |e: Event| {
            let value = match e.target_dyn_into::<HtmlSelectElement>() {
                Some(s) => s.value(),
                None => e.target_unchecked_into::<HtmlInputElement>().value(),
            };
            let mut f = (*fields).clone();
            apply(&mut f, value);
            fields.set(f);
        })
    };
    let on_name = {
        let fields = fields.clone();
        Callback::from(move |e: InputEvent| {
            let mut f = (*fields).clone();
            f.name = e.target_unchecked_into::<HtmlInputElement>().value();
            fields.set(f);
        })
    };
    let check = |apply: fn(&mut Fields, bool)| {
        let fields = fields.clone();
        Callback::from(move |e: Event| {
            let mut f = (*fields).clone();
            apply(&mut f, e.target_unchecked_into::<HtmlInputElement>().checked());
            fields.set(f);
        })
    };
    let submit = {
        let fields = fields.clone();
        let on = props.on_action.clone();
        let images = images.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            on.emit(Action::Form(command(&images, &fields)));
            // As the console's wizard starts over: a second click is not a second "web".
            let mut f = (*fields).clone();
            f.name.clear();
            fields.set(f);
        })
    };
    let f = (*fields).clone();
    html! {
        <form class="launch" id="launch-form" onsubmit={submit}>
            <h2>{ tr(lang, "launch.title") }</h2>
            <label>{ tr(lang, "launch.name") }
                <input id="launch-name" type="text" maxlength="256" value={f.name.clone()} placeholder={tr(lang, "launch.name.placeholder")} oninput={on_name} />
            </label>
            <label>{ tr(lang, "launch.ami") }
                <select id="launch-ami" onchange={set(|f, v| f.image = v.parse().unwrap_or(0))}>
                    { for images.iter().enumerate().map(|(n, (_, label))| {
                        html! { <option value={n.to_string()} selected={n == f.image}>{ label }</option> }
                    }) }
                </select>
            </label>
            <label>{ tr(lang, "launch.type") }
                <select id="launch-type" onchange={set(|f, v| f.instance_type = v)}>
                    { for INSTANCE_TYPES.iter().map(|t| html! {
                        <option value={t.name} selected={t.name == f.instance_type}>
                            { format!("{} — {} vCPU, {} MiB{}", t.name, t.vcpus, t.memory_mib,
                                t.instance_store.map(|s| format!(", {}×{} GB {}", s.disks, s.size_gb, tr(lang, "launch.instance_store"))).unwrap_or_default()) }
                        </option>
                    }) }
                </select>
            </label>
            <label>{ tr(lang, "launch.count") }
                <input id="launch-count" type="number" min="1" max="20" value={f.count.clone()} onchange={set(|f, v| f.count = v)} />
            </label>
            <label>{ tr(lang, "launch.az") }
                <select id="launch-az" onchange={set(|f, v| f.zone = v)}>
                    <option value="" selected={f.zone.is_empty()}>{ tr(lang, "launch.az.any") }</option>
                    { for props.region.zones().iter().map(|z| html! {
                        <option value={z.name} selected={z.name == f.zone}>{ z.name }</option>
                    }) }
                </select>
            </label>
            <label>{ tr(lang, "launch.key") }
                <select id="launch-key" onchange={set(|f, v| f.key = v)}>
                    <option value="" selected={f.key.is_empty()}>{ tr(lang, "launch.key.none") }</option>
                    { for props.key_pairs.iter().map(|k| html! { <option value={k.clone()} selected={*k == f.key}>{ k }</option> }) }
                </select>
                <small>{ tr(lang, "launch.key.hint") }</small>
            </label>
            <label class="check"><input id="launch-termination-protection" type="checkbox" checked={f.termination_protection} onchange={check(|f, b| f.termination_protection = b)} />{ tr(lang, "launch.termination_protection") }</label>
            <label class="check"><input id="launch-stop-protection" type="checkbox" checked={f.stop_protection} onchange={check(|f, b| f.stop_protection = b)} />{ tr(lang, "launch.stop_protection") }</label>
            <button id="launch-submit" type="submit" class="primary">{ tr(lang, "launch.submit") }</button>
        </form>
    }
}
