//! The instance settings that ModifyInstanceAttribute changes, on the detail view: instance
//! type (stopped, EBS-backed only: INS-02), shutdown behavior and EBS optimization.

use kumo_sim::Command;
use kumo_sim::catalog::{INSTANCE_TYPES, RootDeviceType};
use kumo_sim::command::InstanceAttributeChange;
use kumo_sim::ec2::{Instance, InstanceState};
use kumo_sim::ec2::{Request, api};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::i18n::{Lang, tr};
use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    pub instance: Instance,
    pub on_action: Callback<Action>,
}

#[component(InstanceSettings)]
pub fn instance_settings(props: &Props) -> Html {
    let lang = props.lang;
    let i = &props.instance;
    let ty = use_state(|| i.instance_type.clone());
    let on_ty = {
        let ty = ty.clone();
        Callback::from(move |e: Event| ty.set(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    let change = |c: InstanceAttributeChange| {
        let (on, id) = (props.on_action.clone(), i.id.to_string());
        Callback::from(move |_: MouseEvent| {
            on.emit(Action::Form(Command::from(Request::ModifyInstanceAttribute(
                api::ModifyInstanceAttribute::change(id.clone(), c.clone()),
            ))))
        })
    };
    let resize = {
        let (on, id, ty) = (props.on_action.clone(), i.id.to_string(), ty.clone());
        Callback::from(move |_: MouseEvent| {
            on.emit(Action::Form(Command::from(Request::ModifyInstanceAttribute(
                api::ModifyInstanceAttribute::change(id.clone(), InstanceAttributeChange::InstanceType((*ty).clone())),
            ))))
        })
    };
    let live = i.state != InstanceState::Terminated;
    // The form stays usable in every state: AWS's refusal (IncorrectInstanceState) teaches why.
    let resizable = i.state == InstanceState::Stopped && i.root_device_type == RootDeviceType::Ebs;
    let behavior = i.shutdown_behavior.as_str();
    let other = if behavior == "stop" { "terminate" } else { "stop" };
    html! {
        <div class="inline-form" id="instance-settings">
            <strong>{ tr(lang, "settings.title") }</strong>
            <label>{ tr(lang, "detail.type") }{ " " }
                <select id="resize-type" key={i.instance_type.clone()} onchange={on_ty}>
                    { for INSTANCE_TYPES.iter().map(|t| html! {
                        <option value={t.name} selected={*ty == t.name}>{ t.name }</option>
                    }) }
                </select>
            </label>
            <button id="resize-apply" disabled={!live} onclick={resize}>{ tr(lang, "settings.resize") }</button>
            <button id="toggle-shutdown-behavior" disabled={!live}
                onclick={change(InstanceAttributeChange::InstanceInitiatedShutdownBehavior(other.into()))}>
                { tr(lang, "settings.shutdown").replace("{v}", behavior) }
            </button>
            <button id="toggle-ebs-optimized" disabled={!live}
                onclick={change(InstanceAttributeChange::EbsOptimized(!i.ebs_optimized))}>
                { if i.ebs_optimized { tr(lang, "settings.ebs_optimized.off") } else { tr(lang, "settings.ebs_optimized.on") } }
            </button>
            <small>{ if resizable { tr(lang, "settings.hint.ready") } else { tr(lang, "settings.hint") } }</small>
        </div>
    }
}
