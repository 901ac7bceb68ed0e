//! A volume's performance panel on the Volumes page: its limits and burst bucket now, the
//! guest's workload (sandbox-only form), and live charts of burst balance and IOPS, and of
//! throughput, over a chosen window, drawn as plain SVG from the volume's history (STO-05…07).

use kumo_sim::Command;
use kumo_sim::Timestamp;
use kumo_sim::cloudwatch::{AlarmSpec, MetricAlarm};
use kumo_sim::ec2::performance::{Performance, SeriesPoint, Workload};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::chart_axes::{Chart, RightAxis, Series, draw, local_offset_min, time_at, time_zone_switch};
use crate::format;
use crate::i18n::{Lang, tr};
use crate::state::Action;

/// The chart's data for (volume id, window in seconds): the performance now and the series.
pub type Source = Callback<(String, u64), Option<(Performance, Vec<SeriesPoint>)>>;

/// Chart windows: 15 min, 1 h, 6 h, 1 day, 1 week.
const WINDOWS: [(u64, &str); 5] = [(900, "15m"), (3600, "1h"), (21_600, "6h"), (86_400, "1d"), (604_800, "1w")];

/// Points a chart's series has across its window (app.rs asks Sim::volume_series for these).
pub const SERIES_POINTS: u64 = 160;

/// Workload patterns the forms offer (volume I/O, instance CPU), in the terminal's
/// `--pattern` syntax (the terminal takes any hours and durations).
const PATTERNS: [(&str, &str); 4] = [
    ("steady", "perf.pattern.steady"),
    ("daily:9-18", "perf.pattern.daily"),
    ("batch:0m+1h", "perf.pattern.batch"),
    ("spikes:1h/5m", "perf.pattern.spikes"),
];

/// The `<option>`s of [`PATTERNS`], `chosen` selected.
pub fn pattern_options(lang: Lang, chosen: &str) -> Html {
    PATTERNS
        .iter()
        .map(|(value, key)| html! { <option value={*value} selected={chosen == *value}>{ tr(lang, key) }</option> })
        .collect()
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    pub volume_id: String,
    pub volume_name: Option<String>,
    pub source: Source,
    /// SNS topics a burst-balance alarm may notify; the alarms on this volume.
    pub topics: Vec<String>,
    pub alarms: Vec<MetricAlarm>,
    pub metric_period: u32,
    pub on_action: Callback<Action>,
}

/// The alarm AWS suggests for gp2, st1 and sc1: BurstBalance below a threshold (EC2UG
/// ebs-io-characteristics), notifying a topic on ALARM and on OK.
fn burst_alarm(volume_id: &str, name: &str, period_secs: u32, threshold: f64, topic: Option<String>) -> AlarmSpec {
    let actions: Vec<String> = topic.into_iter().collect();
    AlarmSpec {
        name: format!("{name}-burst-balance-low"),
        description: None,
        namespace: "AWS/EBS".into(),
        metric_name: "BurstBalance".into(),
        dimensions: vec![("VolumeId".into(), volume_id.to_string())],
        statistic: "Minimum".into(),
        period_secs,
        evaluation_periods: 1,
        datapoints_to_alarm: None,
        threshold,
        comparison: "LessThanThreshold".into(),
        actions_enabled: true,
        alarm_actions: actions.clone(),
        ok_actions: actions,
        insufficient_data_actions: Vec::new(),
    }
}

fn polyline(points: &[(f64, f64)]) -> String {
    points.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect::<Vec<_>>().join(" ")
}

/// A row-sized chart of the last hour: burst balance (blue, 0–100 %) and delivered IOPS
/// (green, scaled to the hour's peak), so many volumes can be compared at a glance.
pub fn sparkline(lang: Lang, series: &[SeriesPoint]) -> Html {
    const SW: f64 = 120.0;
    const SH: f64 = 26.0;
    let (Some(first), Some(last)) = (series.first(), series.last()) else { return html! {} };
    let span = (last.at.0 as f64 - first.at.0 as f64).max(1.0);
    let x = |t: Timestamp| (t.0 as f64 - first.at.0 as f64) / span * SW;
    let peak = series.iter().map(|s| s.delivered_iops).fold(0.0, f64::max).max(1.0);
    let balance: Vec<(f64, f64)> =
        series.iter().filter_map(|s| s.balance.map(|b| (x(s.at), SH - 1.0 - b / 100.0 * (SH - 2.0)))).collect();
    let iops: Vec<(f64, f64)> =
        series.iter().map(|s| (x(s.at), SH - 1.0 - s.delivered_iops / peak * (SH - 2.0))).collect();
    let title = format!(
        "{}: {} · {}: {:.0}",
        tr(lang, "perf.legend.balance"),
        last.balance.map_or_else(|| "–".to_string(), |b| format!("{b:.1} %")),
        tr(lang, "perf.legend.delivered"),
        last.delivered_iops
    );
    html! {
        <svg class="spark" viewBox={format!("0 0 {SW} {SH}")} preserveAspectRatio="none" role="img" aria-label={title.clone()}>
            <title>{ title }</title>
            <polyline points={polyline(&iops)} class="delivered" />
            <polyline points={polyline(&balance)} class="balance" />
        </svg>
    }
}

/// How long from `now` to `t`, in words the learner reads at a glance.
fn until(lang: Lang, now: Timestamp, t: Timestamp) -> String {
    let secs = t.since(now).as_secs_f64();
    let text = if secs < 90.0 {
        format!("{secs:.0} s")
    } else if secs < 5400.0 {
        format!("{:.0} min", secs / 60.0)
    } else {
        format!("{:.1} h", secs / 3600.0)
    };
    format!("{} ({})", format::time(t), tr(lang, "perf.in").replace("{d}", &text))
}

#[component(VolumePerformance)]
pub fn volume_performance(props: &Props) -> Html {
    let lang = props.lang;
    let window = use_state(|| 3600u64);
    // The time under the pointer, for the hover read-out.
    let hover = use_state(|| None::<u64>);
    // UTC (the sandbox's clock) unless the learner asks for local time.
    let local = use_state(|| false);
    let read = use_state(|| "3000".to_string());
    let write = use_state(|| "0".to_string());
    let io = use_state(|| "16".to_string());
    let pattern = use_state(|| "steady".to_string());
    let sequential = use_state(|| false);
    let threshold = use_state(|| "20".to_string());
    let notify = use_state(String::new);
    let Some((p, series)) = props.source.emit((props.volume_id.clone(), *window)) else { return html! {} };
    let now = series.last().map_or(Timestamp(0), |s| s.at);
    let field = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| state.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let apply = {
        let (read, write, io, on, id) =
            (read.clone(), write.clone(), io.clone(), props.on_action.clone(), props.volume_id.clone());
        let (pattern, sequential) = (pattern.clone(), sequential.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let n = |s: &str| s.trim().parse::<u32>().unwrap_or(0);
            // The presets always parse; a failure would leave the workload steady.
            let pattern = kumo_cli::sandbox::parse_pattern(&pattern, now).unwrap_or_default();
            on.emit(Action::Form(Command::SandboxSetWorkload {
                volume_id: id.clone(),
                workload: Some(Workload {
                    read_iops: n(&read),
                    write_iops: n(&write),
                    io_size_kib: n(&io).max(1),
                    pattern,
                    sequential: *sequential,
                }),
            }));
        })
    };
    let clear = {
        let (on, id) = (props.on_action.clone(), props.volume_id.clone());
        Callback::from(move |_: MouseEvent| {
            on.emit(Action::Form(Command::SandboxSetWorkload { volume_id: id.clone(), workload: None }))
        })
    };
    // The window that ends now is the x-range, whatever part of it the volume has existed
    // for; the points are evenly spaced across it (Sim::volume_series).
    let span = now.0.saturating_sub(*window * 1000)..now.0;
    let period_ms = (*window * 1000 / (SERIES_POINTS - 1)).max(1);
    let of = |f: fn(&SeriesPoint) -> Option<f64>| -> Vec<(Timestamp, f64)> {
        series.iter().filter_map(|s| f(s).map(|v| (s.at, v))).collect()
    };
    let (balance, delivered, demand) = (of(|s| s.balance), of(|s| Some(s.delivered_iops)), of(|s| Some(s.demand_iops)));
    let mibps = of(|s| Some(s.delivered_mibps));
    // Where the bucket ran dry inside the window: the first point at 0 after one above it.
    let ran_out = series
        .windows(2)
        .find(|w| w[0].balance.is_some_and(|b| b > 0.0) && w[1].balance == Some(0.0))
        .map(|w| w[1].at.0);
    // IOPS on the left axis up to burst, demand or delivered; balance on the right, 0–100 %.
    let iops_chart = Chart {
        id: "perf-chart",
        label: tr(lang, "perf.chart"),
        span: span.clone(),
        period_ms,
        unit: "IOPS",
        series: vec![Series { points: &demand, class: "demand" }, Series { points: &delivered, class: "delivered" }],
        at_least: f64::from(p.burst_iops.unwrap_or(p.baseline_iops)).max(p.iops_limit),
        height: crate::components::chart_axes::H,
        rules: vec![(f64::from(p.baseline_iops), "baseline")],
        right: (p.credit_cap > 0.0).then(|| RightAxis {
            unit: "%",
            top: 100.0,
            series: vec![Series { points: &balance, class: "balance" }],
        }),
        marks: ran_out.map(|t| (t, "ran-out", tr(lang, "perf.ran_out"))).into_iter().collect(),
        cursor: *hover,
        elapsed: false,
        local_offset_min: local.then(|| local_offset_min(now.0)),
    };
    // Throughput: what was delivered, against the limit now (and st1/sc1's baseline).
    let mut tp_rules = vec![(p.throughput_limit_mibps, "limit")];
    tp_rules.extend(p.baseline_mibps.map(|b| (b, "baseline")));
    let tp_chart = Chart {
        id: "perf-tp-chart",
        label: tr(lang, "perf.tp_chart"),
        span,
        period_ms,
        unit: "MiB/s",
        series: vec![Series { points: &mibps, class: "mibps" }],
        at_least: p.throughput_limit_mibps,
        height: crate::components::chart_axes::SHORT_H,
        rules: tp_rules,
        right: None,
        marks: Vec::new(),
        cursor: *hover,
        elapsed: false,
        local_offset_min: local.then(|| local_offset_min(now.0)),
    };
    let credit_unit = tr(lang, if p.baseline_mibps.is_some() { "perf.credits.mib" } else { "perf.credits.io" });
    let runs_out = p.credits_run_out_at.map(|t| until(lang, now, t));
    let full = p.credits_full_at.map(|t| until(lang, now, t));
    html! {
        <section class="perf" id="volume-performance">
            <h3>{ tr(lang, "perf.title") }{ " " }<code>{ &p.volume_id }</code></h3>
            <div class="perf-figures">
                if let (Some(base), Some(burst)) = (p.baseline_mibps, p.burst_mibps) {
                    <span id="perf-hdd">{ tr(lang, "perf.baseline") }{ ": " }<strong>{ format!("{base:.1} MiB/s") }</strong>
                        { " · " }{ tr(lang, "perf.burst") }{ ": " }<strong>{ format!("{burst:.1} MiB/s") }</strong></span>
                } else {
                    <span>{ tr(lang, "perf.baseline") }{ ": " }<strong>{ p.baseline_iops }</strong>{ " IOPS" }</span>
                    <span>{ tr(lang, "perf.burst") }{ ": " }<strong>{ p.burst_iops.map_or_else(|| "–".to_string(), |b| b.to_string()) }</strong></span>
                }
                <span>{ tr(lang, "perf.throughput") }{ ": " }<strong>{ format!("{:.1} MiB/s", p.throughput_limit_mibps) }</strong></span>
                if p.credit_cap > 0.0 {
                    <span id="perf-balance">{ "BurstBalance: " }<strong>{ format!("{:.1} %", p.burst_balance_percent) }</strong>{ format!(" ({:.0} {credit_unit})", p.credits) }</span>
                }
                <span id="perf-delivered">{ tr(lang, "perf.delivered") }{ ": " }<strong>{ format!("{:.0} / {:.0} IOPS", p.delivered_iops, p.demand_iops) }</strong>{ format!(" · {:.1} MiB/s", p.delivered_mibps) }</span>
            </div>
            if let Some(t) = runs_out {
                <p class="perf-note warn" id="perf-runs-out">{ tr(lang, "perf.runs_out") }{ " " }{ t }</p>
            }
            if let Some(t) = full {
                <p class="perf-note" id="perf-full">{ tr(lang, "perf.full_at") }{ " " }{ t }</p>
            }
            if !p.active {
                <p class="perf-note">{ tr(lang, "perf.inactive") }</p>
            }
            if let Some(l) = &p.instance_limit {
                <p class="perf-note" id="perf-instance">{
                    tr(lang, "perf.instance")
                        .replace("{iops}", &format!("{:.0}", l.iops))
                        .replace("{mbps}", &format!("{:.0}", l.bytes_per_sec * 8.0 / 1e6))
                        .replace("{base_iops}", &format!("{:.0}", l.bandwidth.baseline_iops))
                        .replace("{base_mbps}", &format!("{:.0}", l.bandwidth.baseline_mbps))
                }</p>
            }
            if let Some(n) = &p.network_share {
                <p class="perf-note" id="perf-shared">{ crate::components::instance_network::shared_text(lang, n) }</p>
            } else if p.shared_network {
                <p class="perf-note" id="perf-shared">{ tr(lang, "perf.instance.shared") }</p>
            }
            if let Some(cap) = p.instance_cap_iops {
                <p class="perf-note warn" id="perf-instance-cap">{ tr(lang, "perf.instance.capped").replace("{iops}", &format!("{cap:.0}")) }</p>
            }
            <div class="perf-windows">
                { for WINDOWS.iter().map(|(secs, label)| {
                    let (w, secs) = (window.clone(), *secs);
                    html! { <button class={classes!("speed", (*window == secs).then_some("active"))} onclick={Callback::from(move |_: MouseEvent| w.set(secs))}>{ *label }</button> }
                }) }
                { time_zone_switch(lang, "perf-local-time", &local) }
            </div>
            <div class="chart-hover" onmousemove={{
                    let (hover, span, right) = (hover.clone(), iops_chart.span.clone(), iops_chart.right.is_some());
                    Callback::from(move |e: MouseEvent| {
                        // The element under the pointer, then its chart's box (Yew delegates events
                        // to the app's root, so the current target is not the chart).
                        let el = e.target_unchecked_into::<web_sys::Element>();
                        let Some(r) = el.closest(".chart-hover").ok().flatten().map(|el| el.get_bounding_client_rect()) else {
                            return;
                        };
                        if r.width() > 0.0 {
                            hover.set(Some(time_at(&span, right, (f64::from(e.client_x()) - r.left()) / r.width())));
                        }
                    })
                }}
                onmouseleave={{ let hover = hover.clone(); Callback::from(move |_: MouseEvent| hover.set(None)) }}>
                { draw(lang, &iops_chart) }
            </div>
            if let Some(s) = hover.and_then(|t| series.iter().min_by_key(|s| s.at.0.abs_diff(t))) {
                <p class="chart-readout" id="perf-readout">
                    { format!("{} · {}: {} · {}: {:.0} · {}: {:.0}",
                        format::time(s.at),
                        tr(lang, "perf.legend.balance"),
                        s.balance.map_or_else(|| "–".to_string(), |b| format!("{b:.1} %")),
                        tr(lang, "perf.legend.delivered"),
                        s.delivered_iops,
                        tr(lang, "perf.legend.demand"),
                        s.demand_iops) }
                </p>
            }
            <p class="chart-legend">
                <span class="key balance">{ tr(lang, "perf.legend.balance") }</span>
                <span class="key delivered">{ tr(lang, "perf.legend.delivered") }</span>
                <span class="key demand">{ tr(lang, "perf.legend.demand") }</span>
                <span class="key baseline">{ tr(lang, "perf.legend.baseline") }</span>
                if ran_out.is_some() {
                    <span class="key ran-out" id="perf-ran-out">{ tr(lang, "perf.ran_out") }</span>
                }
            </p>
            { draw(lang, &tp_chart) }
            <p class="chart-legend">
                <span class="key mibps">{ tr(lang, "perf.legend.mibps") }</span>
                <span class="key limit">{ tr(lang, "perf.legend.tp_limit") }</span>
            </p>
            if p.credit_cap > 0.0 {
                <form class="inline-form" id="burst-alarm-form" onsubmit={{
                    let (threshold, notify, on) = (threshold.clone(), notify.clone(), props.on_action.clone());
                    let topics = props.topics.clone();
                    let (id, period) = (props.volume_id.clone(), props.metric_period);
                    let name = props.volume_name.clone().unwrap_or_else(|| props.volume_id.clone());
                    let make = move |t: f64, topic: Option<String>| burst_alarm(&id, &name, period, t, topic);
                    Callback::from(move |e: SubmitEvent| {
                        e.prevent_default();
                        let t = threshold.trim().parse::<f64>().unwrap_or(20.0);
                        // The chosen topic, else the first one, else none.
                        let topic = if notify.is_empty() { topics.first().cloned() } else { Some((*notify).clone()).filter(|n| n != "-") };
                        let request = kumo_sim::cloudwatch::Request::PutMetricAlarm((&make(t, topic)).into());
                        on.emit(Action::Form(kumo_sim::Command::CloudWatch(Box::new(request))));
                    })
                }}>
                    <strong>{ tr(lang, "perf.alarm") }</strong>
                    <label>{ tr(lang, "perf.alarm.below") }<input id="alarm-threshold" type="number" min="0" max="100" value={(*threshold).clone()} oninput={field(&threshold)} />{ " %" }</label>
                    <label>{ tr(lang, "perf.alarm.notify") }
                        <select id="alarm-topic" onchange={{
                            let notify = notify.clone();
                            Callback::from(move |e: Event| notify.set(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value()))
                        }}>
                            { for props.topics.iter().map(|t| html! { <option value={t.clone()} selected={*notify == *t}>{ t.rsplit(':').next().unwrap_or_default() }</option> }) }
                            <option value="-" selected={*notify == "-" || props.topics.is_empty()}>{ tr(lang, "perf.alarm.none") }</option>
                        </select>
                    </label>
                    <button id="alarm-create" type="submit">{ tr(lang, "perf.alarm.create") }</button>
                    { for props.alarms.iter().map(|a| html! {
                        <span class="alarm-state" data-alarm={a.spec.name.clone()}>
                            <code>{ &a.spec.name }</code>{ " " }<strong>{ a.state.as_str() }</strong>
                        </span>
                    }) }
                    if props.topics.is_empty() {
                        <small>{ tr(lang, "perf.alarm.no_topics") }</small>
                    }
                </form>
            }
            <form class="inline-form sandbox-box" id="workload-form" onsubmit={apply}>
                <strong>{ tr(lang, "perf.workload") }</strong>
                <label>{ tr(lang, "perf.read") }<input id="wl-read" type="number" min="0" value={(*read).clone()} oninput={field(&read)} /></label>
                <label>{ tr(lang, "perf.write") }<input id="wl-write" type="number" min="0" value={(*write).clone()} oninput={field(&write)} /></label>
                <label>{ tr(lang, "perf.io") }<input id="wl-io" type="number" min="1" value={(*io).clone()} oninput={field(&io)} /></label>
                <label>{ tr(lang, "perf.pattern") }
                    <select id="wl-pattern" onchange={{
                        let pattern = pattern.clone();
                        Callback::from(move |e: Event| pattern.set(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value()))
                    }}>
                        { pattern_options(lang, &pattern) }
                    </select>
                </label>
                <label><input id="wl-sequential" type="checkbox" checked={*sequential} onchange={{
                    let sequential = sequential.clone();
                    Callback::from(move |e: Event| sequential.set(e.target_unchecked_into::<HtmlInputElement>().checked()))
                }} />{ tr(lang, "perf.sequential") }</label>
                <button id="wl-apply" type="submit">{ tr(lang, "perf.apply") }</button>
                <button id="wl-clear" type="button" class="secondary" onclick={clear}>{ tr(lang, "perf.clear") }</button>
                <small>{ tr(lang, "perf.workload.hint") }</small>
            </form>
        </section>
    }
}
