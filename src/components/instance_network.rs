//! An instance's network as its EBS traffic sees it (STO-04), on the detail view: whether EBS
//! has bandwidth of its own, and, where it shares the network, a sandbox-only form for the
//! guest's other traffic, which takes from what EBS gets.

use kumo_sim::Command;
use kumo_sim::ec2::Instance;
use kumo_sim::ec2::instance_ebs::{NetworkShare, dedicated, shared_network};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::i18n::{Lang, tr};
use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    pub instance: Instance,
    pub on_action: Callback<Action>,
}

/// The sentence about a shared network: its size (the sandbox's figure for AWS's label), the
/// other traffic, and what is left for EBS. The volume panel says the same.
pub fn shared_text(lang: Lang, n: &NetworkShare) -> String {
    tr(lang, "net.shared")
        .replace("{label}", n.network_performance)
        .replace("{mbps}", &format!("{:.0}", n.network_mbps))
        .replace("{other}", &format!("{:.0}", n.other_mbps))
        .replace("{left}", &format!("{:.1}", n.ebs_bytes_per_sec / 1e6))
}

#[component(InstanceNetwork)]
pub fn instance_network(props: &Props) -> Html {
    let lang = props.lang;
    let i = &props.instance;
    let mbps = use_state(|| "200".to_string());
    let id = i.id.to_string();
    let apply = {
        let (mbps, on, id) = (mbps.clone(), props.on_action.clone(), id.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let m = mbps.trim().parse::<f64>().ok().filter(|m| m.is_finite()).unwrap_or(0.0).max(0.0);
            on.emit(Action::Form(Command::SandboxSetNetworkLoad { instance_id: id.clone(), mbps: Some(m) }));
        })
    };
    let clear = {
        let (on, id) = (props.on_action.clone(), id.clone());
        Callback::from(move |_: MouseEvent| {
            on.emit(Action::Form(Command::SandboxSetNetworkLoad { instance_id: id.clone(), mbps: None }))
        })
    };
    let share = shared_network(i);
    html! {
        <div class="cpu" id="instance-network">
            <h3>{ tr(lang, "net.title") }</h3>
            if let Some(bw) = dedicated(i) {
                <p id="net-dedicated">{
                    tr(lang, "net.dedicated")
                        .replace("{base}", &format!("{:.0}", bw.baseline_mbps))
                        .replace("{max}", &format!("{:.0}", bw.max_mbps))
                }</p>
            } else if let Some(n) = &share {
                <p id="net-shared">{ shared_text(lang, n) }</p>
            }
            if share.is_some() {
                <form class="inline-form sandbox-box" id="net-form" onsubmit={apply}>
                    <strong>{ tr(lang, "net.load") }</strong>
                    <label>{ "Mbps" }<input id="net-mbps" type="number" min="0" max="100000" value={(*mbps).clone()}
                        oninput={{ let m = mbps.clone(); Callback::from(move |e: InputEvent| m.set(e.target_unchecked_into::<HtmlInputElement>().value())) }} /></label>
                    <button id="net-apply" type="submit">{ tr(lang, "perf.apply") }</button>
                    <button id="net-clear" type="button" class="secondary" onclick={clear}>{ tr(lang, "perf.clear") }</button>
                </form>
            }
        </div>
    }
}
