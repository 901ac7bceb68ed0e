//! A time-series chart with its axes, as CloudWatch draws one: the window chosen as the x-range
//! (not the span of the data), time labels in UTC (the sandbox's clock) or, as CloudWatch's
//! time zone setting offers, in the learner's local time, a value scale from zero to a round
//! top, the unit, and gaps where a period has no datapoint.

use kumo_sim::Timestamp;
use yew::prelude::*;

/// The chart's size in its own units, and the plot area inside the axes' labels.
const W: f64 = 680.0;
pub const H: f64 = 200.0;
pub const SHORT_H: f64 = 120.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 24.0;

/// The smallest of 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^k that is at least `max` (1 when there
/// is nothing): a top the half-way grid line divides into a round number too.
pub fn round_top(max: f64) -> f64 {
    // Nothing, a negative peak or NaN: a scale of one.
    if max.is_nan() || max <= 0.0 || max.is_infinite() {
        return 1.0;
    }
    let mut unit = 10f64.powf(max.log10().floor());
    loop {
        for m in [1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0] {
            if m * unit >= max * (1.0 - 1e-12) {
                return m * unit;
            }
        }
        unit *= 10.0;
    }
}

/// Tick times across `[t0, t1]` ms: a step of 1 min to 1 day that gives four to eight ticks,
/// on whole steps of UTC.
pub fn time_ticks(t0: u64, t1: u64) -> Vec<u64> {
    const STEPS_MIN: [u64; 12] = [1, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880];
    let span = t1.saturating_sub(t0).max(1);
    let step = STEPS_MIN.iter().map(|m| m * 60_000).find(|s| span / s <= 8).unwrap_or(span.div_ceil(6).max(1));
    let mut t = t0.div_ceil(step) * step;
    let mut out = Vec::new();
    while t <= t1 && out.len() < 16 {
        out.push(t);
        t += step;
    }
    out
}

/// The points in runs without a gap: a run ends where the next point is more than one and a
/// half periods later.
pub fn runs(points: &[(Timestamp, f64)], period_ms: u64) -> Vec<Vec<(Timestamp, f64)>> {
    let mut out: Vec<Vec<(Timestamp, f64)>> = Vec::new();
    for &p in points {
        match out.last_mut() {
            Some(run) if run.last().is_some_and(|l| p.0.0.saturating_sub(l.0.0) * 2 <= period_ms * 3) => run.push(p),
            _ => out.push(vec![p]),
        }
    }
    out
}

/// A value for an axis label: two decimals at most, k and M for large ones.
pub fn short_value(v: f64) -> String {
    let a = v.abs();
    let (x, suffix) = if a >= 1e6 {
        (v / 1e6, "M")
    } else if a >= 1e4 {
        (v / 1e3, "k")
    } else {
        (v, "")
    };
    let mut text = format!("{x:.2}");
    if text.contains('.') {
        text = text.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    if text == "-0" {
        text = "0".into();
    }
    format!("{text}{suffix}")
}

/// `HH:MM` in UTC, or `MM-DD` when the window is longer than two days; on an elapsed-time
/// axis, `H:MM` since its start.
fn time_label(t: u64, long: bool, elapsed: Option<u64>) -> String {
    if let Some(t0) = elapsed {
        let m = t.saturating_sub(t0) / 60_000;
        return format!("{}:{:02}", m / 60, m % 60);
    }
    let (_, mo, d, h, mi, _, _) = Timestamp(t).civil();
    if long { format!("{mo:02}-{d:02}") } else { format!("{h:02}:{mi:02}") }
}

pub struct Series<'a> {
    pub points: &'a [(Timestamp, f64)],
    pub class: &'static str,
}

/// A second value axis at the right (a percentage beside a rate, as CloudWatch draws a
/// metric on its right axis): its unit, its top, and the series drawn against it.
pub struct RightAxis<'a> {
    pub unit: &'a str,
    pub top: f64,
    pub series: Vec<Series<'a>>,
}

/// What a chart shows. `span` is the window in ms (the x-range, whatever the data covers),
/// `period_ms` the spacing of the points (a longer silence is a gap).
pub struct Chart<'a> {
    pub id: &'a str,
    pub label: String,
    pub span: std::ops::Range<u64>,
    pub period_ms: u64,
    pub unit: &'a str,
    pub series: Vec<Series<'a>>,
    /// The left axis's top at least this (a limit drawn as a rule must fit).
    pub at_least: f64,
    /// Height in the chart's units: [`H`], or [`SHORT_H`] for a chart under another (the page's
    /// style sheet gives each its aspect ratio; the page's CSP allows no inline style).
    pub height: f64,
    /// Horizontal rules at values of the left axis (a baseline, a limit), by class.
    pub rules: Vec<(f64, &'static str)>,
    pub right: Option<RightAxis<'a>>,
    /// Vertical marks at times (where credits ran out), by class, with a title.
    pub marks: Vec<(u64, &'static str, String)>,
    /// The pointer's time, drawn as a cursor line.
    pub cursor: Option<u64>,
    /// Time since the window's start on the axis (a what-if curve), not the virtual clock.
    pub elapsed: bool,
    /// The learner's local time (its offset from UTC, in minutes east) instead of UTC.
    pub local_offset_min: Option<i32>,
}

/// The browser's offset from UTC at `t` (ms since the epoch), in minutes east: what a chart in
/// local time shifts its labels by. A reading of the page's settings, never of the clock, and
/// only for display: the world stays in UTC. Natively (tests) there is none.
pub fn local_offset_min(t: u64) -> i32 {
    #[cfg(target_arch = "wasm32")]
    {
        -(js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(t as f64)).get_timezone_offset() as i32)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = t;
        0
    }
}

/// `UTC+09:00`, `UTC-05:30`.
fn utc_offset(min: i32) -> String {
    let sign = if min < 0 { '-' } else { '+' };
    format!("UTC{sign}{:02}:{:02}", min.abs() / 60, min.abs() % 60)
}

/// The chart's time zone switch, as CloudWatch's graphs have one: UTC or local time.
pub fn time_zone_switch(lang: crate::i18n::Lang, id: &str, local: &UseStateHandle<bool>) -> Html {
    let flip = {
        let local = local.clone();
        Callback::from(move |_: MouseEvent| local.set(!*local))
    };
    html! {
        <button class="speed" id={id.to_string()} aria-pressed={local.to_string()} onclick={flip}>{ crate::i18n::tr(lang, "chart.local") }</button>
    }
}

fn right_margin(has_right: bool) -> f64 {
    if has_right { 40.0 } else { RIGHT }
}

/// The time under a point `fraction` (0–1) across a chart's drawn width, clamped to the
/// window `span`: what a pointer over the chart reads.
pub fn time_at(span: &std::ops::Range<u64>, has_right: bool, fraction: f64) -> u64 {
    let pw = W - LEFT - right_margin(has_right);
    let f = ((fraction * W - LEFT) / pw).clamp(0.0, 1.0);
    let (t0, t1) = (span.start, span.end.max(span.start));
    t0 + (f * (t1 - t0) as f64) as u64
}

/// The chart `c` describes, as SVG, with its units and time zone above it.
pub fn draw(lang: crate::i18n::Lang, c: &Chart<'_>) -> Html {
    let (t0, t1) = (c.span.start, c.span.end.max(c.span.start));
    let h = c.height;
    let window_ms = t1 - t0;
    let max = c.series.iter().flat_map(|s| s.points.iter().map(|p| p.1)).fold(c.at_least, f64::max);
    let top = round_top(max);
    let right_margin = right_margin(c.right.is_some());
    let (pw, ph) = (W - LEFT - right_margin, h - TOP - BOTTOM);
    let x = |t: u64| LEFT + (t.saturating_sub(t0)) as f64 / (t1 - t0).max(1) as f64 * pw;
    let y_of = |v: f64, top: f64| TOP + ph - (v / top).clamp(0.0, 1.0) * ph;
    let y = |v: f64| y_of(v, top);
    let long = window_ms > 2 * 86_400_000;
    // Local time: ticks on whole local steps, labels in local time (the offset at the window's
    // start; a change of summer time inside the window is not drawn).
    let shift = i64::from(c.local_offset_min.unwrap_or(0)) * 60_000;
    let shifted = |t: u64| t.saturating_add_signed(shift);
    let unshifted = |t: u64| t.saturating_add_signed(-shift);
    let px = |v: f64| format!("{v:.1}");
    let lines = |series: &[Series<'_>], top: f64| -> Vec<Html> {
        series
            .iter()
            .flat_map(|s| {
                runs(s.points, c.period_ms).into_iter().map(move |run| {
                    let pts: Vec<String> =
                        run.iter().map(|(t, v)| format!("{:.1},{:.1}", x(t.0), y_of(*v, top))).collect();
                    if pts.len() == 1 {
                        let (cx, cy) = (x(run[0].0.0), y_of(run[0].1, top));
                        html! { <circle class={s.class} cx={px(cx)} cy={px(cy)} r="2.5" /> }
                    } else {
                        html! { <polyline class={s.class} points={pts.join(" ")} /> }
                    }
                })
            })
            .collect()
    };
    let (x0, x1) = (LEFT.to_string(), (W - right_margin).to_string());
    let (y0, y1) = (TOP.to_string(), (TOP + ph).to_string());
    // The units and the time zone above the chart, in the page's text (inside the drawing they
    // would shrink with it on a phone).
    html! { <>
        <div class="chart-units" id={format!("{}-units", c.id)}>
            <span class="unit">{ c.unit }</span>
            <span class="tz">{ match (c.elapsed, c.local_offset_min) {
                (true, _) => crate::i18n::tr(lang, "chart.elapsed"),
                (false, Some(min)) => format!("{} ({})", crate::i18n::tr(lang, "chart.local"), utc_offset(min)),
                (false, None) => crate::i18n::tr(lang, "chart.utc"),
            } }</span>
            if let Some(r) = &c.right {
                <span class="unit right">{ r.unit }</span>
            }
        </div>
        <svg class={classes!("chart", "axes", (h < H).then_some("short"))} id={c.id.to_string()} viewBox={format!("0 0 {W} {h}")} role="img" aria-label={c.label.clone()}>
            { for [0.0, 0.5, 1.0].iter().map(|f| {
                let v = top * f;
                html! { <>
                    <line class="grid" x1={x0.clone()} x2={x1.clone()} y1={px(y(v))} y2={px(y(v))} />
                    <text class="tick y" x={(LEFT - 4.0).to_string()} y={px(y(v) + 3.5)}>{ short_value(v) }</text>
                    if let Some(r) = &c.right {
                        <text class="tick right" x={(W - right_margin + 4.0).to_string()} y={px(y(v) + 3.5)}>{ short_value(r.top * f) }</text>
                    }
                </> }
            }) }
            { for time_ticks(shifted(t0), shifted(t1)).into_iter().map(unshifted).map(|t| html! { <>
                <line class="grid" x1={px(x(t))} x2={px(x(t))} y1={y0.clone()} y2={y1.clone()} />
                // A label at the right edge ends there instead of being cut.
                <text class={if x(t) > W - right_margin - 20.0 { "tick x end" } else { "tick x" }} x={px(x(t))} y={(h - 8.0).to_string()}>{ time_label(shifted(t), long, c.elapsed.then(|| shifted(t0))) }</text>
            </> }) }
            { for c.rules.iter().map(|(v, class)| html! {
                <line class={*class} x1={x0.clone()} x2={x1.clone()} y1={px(y(*v))} y2={px(y(*v))} />
            }) }
            { for lines(&c.series, top) }
            if let Some(r) = &c.right {
                { for lines(&r.series, r.top) }
            }
            { for c.marks.iter().filter(|(t, _, _)| (t0..=t1).contains(t)).map(|(t, class, title)| html! {
                <line class={*class} x1={px(x(*t))} x2={px(x(*t))} y1={y0.clone()} y2={y1.clone()}><title>{ title.clone() }</title></line>
            }) }
            if let Some(t) = c.cursor {
                <line class="cursor" x1={px(x(t))} x2={px(x(t))} y1={y0.clone()} y2={y1.clone()} />
            }
        </svg>
    </> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_value_axis_tops_at_a_round_number() {
        assert_eq!(round_top(0.0), 1.0);
        assert_eq!(round_top(100.0), 100.0);
        assert_eq!(round_top(101.0), 150.0);
        assert_eq!(round_top(3000.0), 3000.0);
        assert_eq!(round_top(3001.0), 4000.0);
        assert_eq!(round_top(3.2), 4.0);
        assert_eq!(round_top(0.021), 0.025);
        assert_eq!(round_top(f64::NAN), 1.0);
    }

    #[test]
    fn the_time_axis_has_whole_steps_across_the_window() {
        let h = 3_600_000;
        let ticks = time_ticks(10 * h + 1, 16 * h);
        assert_eq!(ticks, (11..=16).map(|i| i * h).collect::<Vec<_>>());
        assert!(time_ticks(0, 7 * 24 * h).len() <= 8);
        assert_eq!(time_ticks(0, 60_000), vec![0, 60_000]);
    }

    #[test]
    fn a_missing_period_is_a_gap() {
        let p = |m: u64, v: f64| (Timestamp(m * 60_000), v);
        let r = runs(&[p(0, 1.0), p(1, 2.0), p(5, 3.0), p(6, 4.0)], 60_000);
        assert_eq!(r.len(), 2);
        assert_eq!(r[1].len(), 2);
    }

    #[test]
    fn the_pointer_reads_the_time_inside_the_plot_area() {
        let span = 1_000..61_000;
        assert_eq!(time_at(&span, false, 0.0), 1_000, "left of the plot area: its start");
        assert_eq!(time_at(&span, true, 1.0), 61_000);
        let mid = (LEFT + (W - LEFT - RIGHT) / 2.0) / W;
        assert_eq!(time_at(&span, false, mid), 31_000);
    }

    #[test]
    fn offsets_read_as_utc_plus_or_minus() {
        assert_eq!(utc_offset(540), "UTC+09:00");
        assert_eq!(utc_offset(-330), "UTC-05:30");
        assert_eq!(utc_offset(0), "UTC+00:00");
    }

    #[test]
    fn axis_values_read_short() {
        assert_eq!(short_value(0.0), "0");
        assert_eq!(short_value(50.0), "50");
        assert_eq!(short_value(2.5), "2.5");
        assert_eq!(short_value(25_000.0), "25k");
        assert_eq!(short_value(3_000_000.0), "3M");
    }
}
