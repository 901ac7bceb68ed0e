//! An instance's CPU on its detail view: utilization now and, on T2/T3, its CPU credits
//! (and surplus credits in Unlimited mode), with a sandbox-only form for the guest's load.

use kumo_sim::Command;
use kumo_sim::ec2::cpu::{CpuCredits, CpuLoad};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::i18n::{Lang, tr};
use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    pub instance_id: String,
    pub now: kumo_sim::Timestamp,
    /// (utilization %, credit balance, surplus balance, load) now.
    pub cpu: Option<(f64, f64, f64, Option<CpuLoad>)>,
    pub credits: Option<CpuCredits>,
    pub on_action: Callback<Action>,
}

#[component(InstanceCpu)]
pub fn instance_cpu(props: &Props) -> Html {
    let lang = props.lang;
    let percent = use_state(|| "100".to_string());
    let pattern = use_state(|| "steady".to_string());
    let Some((util, credits, surplus, load)) = props.cpu else { return html! {} };
    let apply = {
        let (percent, pattern, on, id, now) =
            (percent.clone(), pattern.clone(), props.on_action.clone(), props.instance_id.clone(), props.now);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let p = percent.trim().parse::<f64>().unwrap_or(0.0).clamp(0.0, 100.0);
            let pattern = kumo_cli::sandbox::parse_pattern(&pattern, now).unwrap_or_default();
            on.emit(Action::Form(Command::SandboxSetCpuLoad {
                instance_id: id.clone(),
                load: Some(CpuLoad { percent: p, pattern }),
            }));
        })
    };
    let clear = {
        let (on, id) = (props.on_action.clone(), props.instance_id.clone());
        Callback::from(move |_: MouseEvent| {
            on.emit(Action::Form(Command::SandboxSetCpuLoad { instance_id: id.clone(), load: None }))
        })
    };
    html! {
        <div class="cpu" id="instance-cpu">
            <h3>{ tr(lang, "cpu.title") }</h3>
            <p id="cpu-figures">
                { "CPUUtilization: " }<strong>{ format!("{util:.1} %") }</strong>
                if let Some(c) = props.credits {
                    { " · CPUCreditBalance: " }<strong>{ format!("{credits:.1}") }</strong>{ format!(" / {:.0}", c.max) }
                    if c.unlimited_by_default {
                        { " · CPUSurplusCreditBalance: " }<strong>{ format!("{surplus:.1}") }</strong>
                    }
                    { " · " }{ tr(lang, if c.unlimited_by_default { "cpu.unlimited" } else { "cpu.standard" }).replace("{n}", &format!("{}", c.per_hour)) }
                }
            </p>
            <form class="inline-form sandbox-box" id="cpu-form" onsubmit={apply}>
                <strong>{ tr(lang, "cpu.load") }</strong>
                <label>{ "%" }<input id="cpu-percent" type="number" min="0" max="100" value={(*percent).clone()}
                    oninput={{ let p = percent.clone(); Callback::from(move |e: InputEvent| p.set(e.target_unchecked_into::<HtmlInputElement>().value())) }} /></label>
                <label>{ tr(lang, "perf.pattern") }
                    <select id="cpu-pattern" onchange={{ let p = pattern.clone(); Callback::from(move |e: Event| p.set(e.target_unchecked_into::<HtmlSelectElement>().value())) }}>
                        { crate::components::volume_performance::pattern_options(lang, &pattern) }
                    </select>
                </label>
                <button id="cpu-apply" type="submit">{ tr(lang, "perf.apply") }</button>
                <button id="cpu-clear" type="button" class="secondary" onclick={clear}>{ tr(lang, "perf.clear") }</button>
                if let Some(l) = load {
                    <small>{ tr(lang, "cpu.asked").replace("{p}", &format!("{:.0}", l.percent)) }</small>
                }
            </form>
        </div>
    }
}
