//! The CloudWatch page: pick a metric that has reported (AWS/EBS per volume), a statistic, a
//! period and a window, and see its datapoints charted; below, every alarm of the Region
//! with its state and recent history.

use kumo_sim::Timestamp;
use kumo_sim::cloudwatch::{AlarmState, Datapoint, MetricAlarm, MetricId};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::components::chart_axes::{Chart, Series, draw, local_offset_min, time_zone_switch};
use crate::format;
use crate::i18n::{Lang, tr};

/// What the page asks of the world: (metric, statistic, period s, window s) → datapoints.
pub type Query = Callback<(MetricId, String, u32, u64), Vec<Datapoint>>;

const STATISTICS: [&str; 5] = ["Average", "Sum", "Minimum", "Maximum", "SampleCount"];
const PERIODS: [u32; 4] = [60, 300, 900, 3600];
const WINDOWS: [(u64, &str); 4] = [(3600, "1h"), (21_600, "6h"), (86_400, "1d"), (604_800, "1w")];

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    pub metrics: Vec<MetricId>,
    pub alarms: Vec<MetricAlarm>,
    pub query: Query,
    /// The world's time: the chart's window ends here.
    pub now: Timestamp,
}

/// The metric a chart opens on, as CloudWatch's console leads with the useful one:
/// BurstBalance for a gp2 volume, CPUUtilization for an instance, else the first.
fn preferred(metrics: &[MetricId]) -> usize {
    ["BurstBalance", "CPUUtilization"].iter().find_map(|name| metrics.iter().position(|m| m.1 == *name)).unwrap_or(0)
}

fn value_of(d: &Datapoint, stat: &str) -> f64 {
    match stat {
        "Sum" => d.sum,
        "Minimum" => d.minimum,
        "Maximum" => d.maximum,
        "SampleCount" => d.sample_count,
        _ => d.sum / d.sample_count.max(1.0),
    }
}

fn label(m: &MetricId) -> String {
    let dims = m.2.iter().map(|(_, v)| v.as_str()).collect::<Vec<_>>().join(",");
    format!("{} · {} · {dims}", m.0, m.1)
}

#[component(CloudWatchPage)]
pub fn cloudwatch_page(props: &Props) -> Html {
    let lang = props.lang;
    let metric = use_state(|| preferred(&props.metrics));
    let stat = use_state(|| "Average".to_string());
    let period = use_state(|| 300u32);
    // UTC (the sandbox's clock) unless the learner asks for local time.
    let local = use_state(|| false);
    let window = use_state(|| 21_600u64);
    let select = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: Event| state.set(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    let on_metric = {
        let metric = metric.clone();
        Callback::from(move |e: Event| {
            metric.set(e.target_unchecked_into::<HtmlSelectElement>().value().parse().unwrap_or(0))
        })
    };
    let on_period = {
        let period = period.clone();
        Callback::from(move |e: Event| {
            period.set(e.target_unchecked_into::<HtmlSelectElement>().value().parse().unwrap_or(300))
        })
    };
    let chosen = props.metrics.get(*metric).or(props.metrics.first()).cloned();
    let data: Vec<Datapoint> =
        chosen.clone().map(|m| props.query.emit((m, (*stat).clone(), *period, *window))).unwrap_or_default();
    let unit = data.first().map(|d| d.unit.clone());
    let points: Vec<(Timestamp, f64)> = data.iter().map(|d| (d.timestamp, value_of(d, &stat))).collect();
    let top = points.iter().map(|p| p.1).fold(0.0, f64::max);
    html! {
        <section class="cloudwatch">
            <h2>{ tr(lang, "cw.title") }</h2>
            if props.metrics.is_empty() {
                <p class="empty" id="metrics-empty">{ tr(lang, "cw.no_metrics") }</p>
            } else {
                <div class="inline-form">
                    <select id="cw-metric" onchange={on_metric}>
                        { for props.metrics.iter().enumerate().map(|(n, m)| html! { <option value={n.to_string()} selected={n == *metric}>{ label(m) }</option> }) }
                    </select>
                    <select id="cw-stat" onchange={select(&stat)}>
                        { for STATISTICS.iter().map(|s| html! { <option value={*s} selected={*stat == *s}>{ *s }</option> }) }
                    </select>
                    <select id="cw-period" onchange={on_period}>
                        { for PERIODS.iter().map(|p| html! { <option value={p.to_string()} selected={*period == *p}>{ format!("{p} s") }</option> }) }
                    </select>
                    { for WINDOWS.iter().map(|(secs, l)| {
                        let (win, secs) = (window.clone(), *secs);
                        html! { <button class={classes!("speed", (*window == secs).then_some("active"))} onclick={Callback::from(move |_: MouseEvent| win.set(secs))}>{ *l }</button> }
                    }) }
                    { time_zone_switch(lang, "cw-local-time", &local) }
                </div>
                { draw(lang, &Chart {
                    id: "cw-chart",
                    label: tr(lang, "cw.chart"),
                    span: props.now.0.saturating_sub(*window * 1000)..props.now.0,
                    period_ms: u64::from(*period) * 1000,
                    unit: unit.as_deref().unwrap_or(""),
                    series: vec![Series { points: &points, class: "balance" }],
                    at_least: 0.0,
                    height: crate::components::chart_axes::H,
                    rules: Vec::new(),
                    right: None,
                    marks: Vec::new(),
                    cursor: None,
                    elapsed: false,
                    local_offset_min: local.then(|| local_offset_min(props.now.0)),
                }) }
                <p class="chart-legend muted" id="cw-summary">
                    { format!("{} {} · {} · {} {:.2}", points.len(), tr(lang, if points.len() == 1 { "cw.datapoint" } else { "cw.datapoints" }), *stat, tr(lang, "cw.max"), top) }
                </p>
            }
            <h3>{ tr(lang, "cw.alarms") }</h3>
            if props.alarms.is_empty() {
                <p class="muted">{ tr(lang, "cw.no_alarms") }</p>
            } else {
                <div class="scroll-x"><table id="cw-alarms">
                    <thead><tr>
                        <th>{ tr(lang, "alarms.name") }</th>
                        <th>{ tr(lang, "alarms.state") }</th>
                        <th>{ tr(lang, "cw.reason") }</th>
                        <th>{ tr(lang, "cw.history") }</th>
                    </tr></thead>
                    <tbody>
                        { for props.alarms.iter().map(|a| html! { <tr>
                            <td><code>{ &a.spec.name }</code><br /><small class="muted">{ format!("{} {}", a.spec.namespace, a.spec.metric_name) }</small></td>
                            <td><span class={match a.state { AlarmState::Ok => "state running", AlarmState::Alarm => "state terminated", AlarmState::InsufficientData => "state transit" }}>{ a.state.as_str() }</span></td>
                            <td class="wrap">{ &a.state_reason }</td>
                            <td class="wrap">
                                { for a.history.iter().rev().take(5).map(|h| html! { <div><small>{ format!("{} {}", format::short_time(h.timestamp), h.summary) }</small></div> }) }
                            </td>
                        </tr> }) }
                    </tbody>
                </table></div>
            }
        </section>
    }
}
