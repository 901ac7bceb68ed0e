//! The embeddable gp2 explorer (`?widget=gp2&size=100&iops=3000&io=16&profile=classic&lang=ja`):
//! size, demand, I/O size and era in; burst duration, refill time and a chart out. Bad URL
//! parameters give a clear message, never a blank page.

use kumo_sim::ec2::performance::{Gp2Explained, explain_gp2};
use kumo_sim::{Profile, Timestamp};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::components::chart_axes::{Chart, RightAxis, Series, draw};
use crate::i18n::{Lang, tr};

/// The explorer's inputs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gp2Params {
    pub size_gib: u32,
    pub iops: u32,
    pub io_kib: u32,
    pub profile: Profile,
}

impl Default for Gp2Params {
    fn default() -> Gp2Params {
        Gp2Params { size_gib: 100, iops: 3000, io_kib: 16, profile: Profile::Current }
    }
}

/// A URL parameter the widget could not use.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// Not a whole number in `lo..=hi`.
    Range {
        name: String,
        value: String,
        lo: u32,
        hi: u32,
    },
    Profile {
        value: String,
    },
    Unknown {
        name: String,
    },
}

impl Problem {
    /// The problem in the learner's language.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Problem::Range { name, value, lo, hi } => tr(lang, "widget.err.range")
                .replace("{p}", &format!("{name}={value}"))
                .replace("{lo}", &lo.to_string())
                .replace("{hi}", &hi.to_string()),
            Problem::Profile { value } => tr(lang, "widget.err.profile").replace("{p}", &format!("profile={value}")),
            Problem::Unknown { name } => tr(lang, "widget.err.unknown").replace("{p}", name),
        }
    }
}

/// Reads `size`, `iops`, `io` and `profile` from URL parameters (`lang` is the app's); every
/// problem is reported, none is guessed around.
pub fn parse_params(pairs: &[(String, String)]) -> Result<Gp2Params, Vec<Problem>> {
    let mut p = Gp2Params::default();
    let mut problems = Vec::new();
    let number = |name: &str, v: &str, lo: u32, hi: u32, problems: &mut Vec<Problem>| match v.parse::<u32>() {
        Ok(n) if (lo..=hi).contains(&n) => Some(n),
        _ => {
            problems.push(Problem::Range { name: name.into(), value: v.into(), lo, hi });
            None
        }
    };
    for (k, v) in pairs {
        match k.as_str() {
            "size" => p.size_gib = number("size", v, 1, 16_384, &mut problems).unwrap_or(p.size_gib),
            "iops" => p.iops = number("iops", v, 0, 64_000, &mut problems).unwrap_or(p.iops),
            "io" => p.io_kib = number("io", v, 1, 16_384, &mut problems).unwrap_or(p.io_kib),
            "profile" => match Profile::from_name(v) {
                Some(pr) => p.profile = pr,
                None => problems.push(Problem::Profile { value: v.clone() }),
            },
            "widget" | "lang" => {}
            other => problems.push(Problem::Unknown { name: other.to_string() }),
        }
    }
    if problems.is_empty() { Ok(p) } else { Err(problems) }
}

/// `1 h 23 min`, `33 min 20 s`, `30 s` (in Japanese `1時間23分`, …), from the catalogs.
pub fn duration(lang: Lang, secs: f64) -> String {
    let s = secs.round() as u64;
    let (key, a, b) = match s {
        0..90 => ("dur.s", s, 0),
        90..5400 => ("dur.min_s", s / 60, s % 60),
        _ => ("dur.h_min", s / 3600, s % 3600 / 60),
    };
    tr(lang, key).replace("{a}", &a.to_string()).replace("{b}", &b.to_string())
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    pub params: Result<Gp2Params, Vec<Problem>>,
}

#[component(Gp2Widget)]
pub fn gp2_widget(props: &Props) -> Html {
    let lang = props.lang;
    let state = use_state(|| props.params.clone().unwrap_or_default());
    let p = *state;
    let e: Gp2Explained = explain_gp2(p.profile.limits(), p.size_gib, p.iops, p.io_kib);
    let set = |f: fn(&mut Gp2Params, u32)| {
        let state = state.clone();
        Callback::from(move |ev: InputEvent| {
            if let Ok(n) = ev.target_unchecked_into::<HtmlInputElement>().value().parse::<u32>() {
                let mut next = *state;
                f(&mut next, n);
                state.set(next);
            }
        })
    };
    let on_profile = {
        let state = state.clone();
        Callback::from(move |ev: Event| {
            let mut next = *state;
            next.profile =
                Profile::from_name(&ev.target_unchecked_into::<HtmlSelectElement>().value()).unwrap_or(next.profile);
            state.set(next);
        })
    };
    // Chart: two hours, or the burst plus a quarter; balance falls linearly, IOPS step down.
    let horizon = e.burst_secs.map_or(3600.0, |b| (b * 1.25).max(600.0));
    let ms = |secs: f64| Timestamp((secs * 1000.0) as u64);
    let end = ms(horizon);
    type Points = Vec<(Timestamp, f64)>;
    let (balance, iops): (Points, Points) = match e.burst_secs {
        Some(b) => (
            vec![(ms(0.0), 100.0), (ms(b), 0.0), (end, 0.0)],
            vec![(ms(0.0), e.bursting.0), (ms(b), e.bursting.0), (ms(b), e.after.0), (end, e.after.0)],
        ),
        None => (vec![(ms(0.0), 100.0), (end, 100.0)], vec![(ms(0.0), e.bursting.0), (end, e.bursting.0)]),
    };
    let chart = Chart {
        id: "w-chart",
        label: tr(lang, "perf.chart"),
        span: 0..end.0,
        // The curve's points are its corners: no gaps between them.
        period_ms: end.0.max(1),
        unit: "IOPS",
        series: vec![Series { points: &iops, class: "delivered" }],
        at_least: f64::from(e.baseline_iops),
        height: crate::components::chart_axes::H,
        rules: vec![(f64::from(e.baseline_iops), "baseline")],
        right: Some(RightAxis { unit: "%", top: 100.0, series: vec![Series { points: &balance, class: "balance" }] }),
        marks: Vec::new(),
        cursor: None,
        elapsed: true,
        local_offset_min: None,
    };
    html! {
        <main class="widget" id="gp2-widget">
            <h1>{ tr(lang, "widget.title") }</h1>
            if let Err(problems) = &props.params {
                <div class="notice error" id="widget-errors">
                    <strong>{ tr(lang, "widget.bad_params") }</strong>
                    <ul>{ for problems.iter().map(|p| html! { <li>{ p.text(lang) }</li> }) }</ul>
                </div>
            }
            <form class="inline-form" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <label>{ tr(lang, "widget.size") }<input id="w-size" type="number" min="1" max="16384" value={p.size_gib.to_string()} oninput={set(|p, n| p.size_gib = n.clamp(1, 16_384))} /></label>
                <label>{ tr(lang, "widget.iops") }<input id="w-iops" type="number" min="0" max="64000" value={p.iops.to_string()} oninput={set(|p, n| p.iops = n.min(64_000))} /></label>
                <label>{ tr(lang, "perf.io") }<input id="w-io" type="number" min="1" max="16384" value={p.io_kib.to_string()} oninput={set(|p, n| p.io_kib = n.clamp(1, 16_384))} /></label>
                <label>{ tr(lang, "widget.profile") }
                    <select id="w-profile" onchange={on_profile}>
                        { for Profile::ALL.iter().map(|pr| html! { <option value={pr.name()} selected={*pr == p.profile}>{ pr.name() }</option> }) }
                    </select>
                </label>
            </form>
            <div class="perf-figures">
                <span>{ tr(lang, "perf.baseline") }{ ": " }<strong id="w-baseline">{ e.baseline_iops }</strong>{ " IOPS" }</span>
                <span>{ tr(lang, "perf.burst") }{ ": " }<strong>{ e.burst_iops.map_or_else(|| "–".into(), |b| b.to_string()) }</strong></span>
                <span>{ tr(lang, "widget.while") }{ ": " }<strong>{ format!("{:.0} IOPS · {:.1} MiB/s", e.bursting.0, e.bursting.1) }</strong></span>
                <span>{ tr(lang, "widget.after") }{ ": " }<strong>{ format!("{:.0} IOPS · {:.1} MiB/s", e.after.0, e.after.1) }</strong></span>
            </div>
            <p class="perf-note warn" id="w-duration">
                { match e.burst_secs {
                    Some(b) => tr(lang, "widget.lasts").replace("{d}", &duration(lang, b)),
                    None => tr(lang, "widget.never"),
                } }
            </p>
            <p class="perf-note" id="w-refill">{ tr(lang, "widget.refill").replace("{d}", &duration(lang, e.refill_secs)) }</p>
            { draw(lang, &chart) }
            <p class="chart-legend">
                <span class="key balance">{ tr(lang, "perf.legend.balance") }</span>
                <span class="key delivered">{ tr(lang, "perf.legend.delivered") }</span>
                <span class="key baseline">{ tr(lang, "perf.legend.baseline") }</span>
                <span class="muted">{ format!(" · 0–{}", duration(lang, horizon)) }</span>
            </p>
        </main>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(q: &[(&str, &str)]) -> Vec<(String, String)> {
        q.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn url_parameters_are_read_and_every_problem_is_reported() {
        let p = parse_params(&pairs(&[("widget", "gp2"), ("size", "250"), ("iops", "2000"), ("profile", "classic")]))
            .unwrap();
        assert_eq!(p, Gp2Params { size_gib: 250, iops: 2000, io_kib: 16, profile: Profile::Classic });
        let e = parse_params(&pairs(&[("size", "0"), ("iops", "lots"), ("profile", "2012"), ("colour", "red")]))
            .unwrap_err();
        assert_eq!(e.len(), 4, "{e:?}");
        assert_eq!(e[0], Problem::Range { name: "size".into(), value: "0".into(), lo: 1, hi: 16_384 });
        assert_eq!(e[2], Problem::Profile { value: "2012".into() });
        assert_eq!(e[3], Problem::Unknown { name: "colour".into() });
        assert!(e[0].text(Lang::En).starts_with("size=0") && e[0].text(Lang::Ja).starts_with("size=0"));
        assert_eq!(parse_params(&[]).unwrap(), Gp2Params::default());
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(Lang::En, 2000.0), "33 min 20 s");
        assert_eq!(duration(Lang::En, 54_000.0), "15 h 0 min");
        assert_eq!(duration(Lang::En, 30.0), "30 s");
        assert_eq!(duration(Lang::Ja, 2000.0), "33分20秒");
        assert_eq!(duration(Lang::Ja, 54_000.0), "15時間0分");
    }
}
