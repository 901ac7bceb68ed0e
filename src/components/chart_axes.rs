//! A time-series chart with its axes, as CloudWatch draws one: the window chosen as the x-range
//! (not the span of the data), time labels in UTC (the sandbox's clock), a value scale from
//! zero to a round top, the unit, and gaps where a period has no datapoint.

use kumo_sim::Timestamp;
use yew::prelude::*;

/// The chart's size in its own units, and the plot area inside the axes' labels.
const W: f64 = 680.0;
const H: f64 = 200.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 18.0;
const BOTTOM: f64 = 24.0;

/// The smallest of 1, 2, 2.5, 5 × 10^k that is at least `max` (1 when there is nothing).
pub fn round_top(max: f64) -> f64 {
    // Nothing, a negative peak or NaN: a scale of one.
    if max.is_nan() || max <= 0.0 || max.is_infinite() {
        return 1.0;
    }
    let mut unit = 10f64.powf(max.log10().floor());
    loop {
        for m in [1.0, 2.0, 2.5, 5.0] {
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

/// `HH:MM` in UTC, or `MM-DD` when the window is longer than two days.
fn time_label(t: u64, long: bool) -> String {
    let (_, mo, d, h, mi, _, _) = Timestamp(t).civil();
    if long { format!("{mo:02}-{d:02}") } else { format!("{h:02}:{mi:02}") }
}

pub struct Series<'a> {
    pub points: &'a [(Timestamp, f64)],
    pub class: &'static str,
}

/// The chart of `series` over the window `span` (ms), with `period_ms` for the gaps; `unit`
/// labels the value axis (CloudWatch's unit name).
pub fn chart(
    lang: crate::i18n::Lang,
    id: &str,
    label: String,
    span: std::ops::Range<u64>,
    period_ms: u64,
    unit: &str,
    series: &[Series<'_>],
) -> Html {
    let (t0, t1) = (span.start, span.end.max(span.start));
    let window_ms = t1 - t0;
    let max = series.iter().flat_map(|s| s.points.iter().map(|p| p.1)).fold(0.0, f64::max);
    let top = round_top(max);
    let (pw, ph) = (W - LEFT - RIGHT, H - TOP - BOTTOM);
    let x = |t: u64| LEFT + (t.saturating_sub(t0)) as f64 / (t1 - t0).max(1) as f64 * pw;
    let y = |v: f64| TOP + ph - (v / top).clamp(0.0, 1.0) * ph;
    let long = window_ms > 2 * 86_400_000;
    let lines: Vec<Html> = series
        .iter()
        .flat_map(|s| {
            runs(s.points, period_ms).into_iter().map(move |run| {
                let pts: Vec<String> = run.iter().map(|(t, v)| format!("{:.1},{:.1}", x(t.0), y(*v))).collect();
                if pts.len() == 1 {
                    let (cx, cy) = (x(run[0].0.0), y(run[0].1));
                    html! { <circle class={s.class} cx={format!("{cx:.1}")} cy={format!("{cy:.1}")} r="2.5" /> }
                } else {
                    html! { <polyline class={s.class} points={pts.join(" ")} /> }
                }
            })
        })
        .collect();
    html! {
        <svg class="chart axes" id={id.to_string()} viewBox={format!("0 0 {W} {H}")} role="img" aria-label={label}>
            { for [0.0, 0.5, 1.0].iter().map(|f| {
                let v = top * f;
                html! { <>
                    <line class="grid" x1={LEFT.to_string()} x2={(W - RIGHT).to_string()} y1={format!("{:.1}", y(v))} y2={format!("{:.1}", y(v))} />
                    <text class="tick y" x={(LEFT - 4.0).to_string()} y={format!("{:.1}", y(v) + 3.5)}>{ short_value(v) }</text>
                </> }
            }) }
            { for time_ticks(t0, t1).into_iter().map(|t| html! { <>
                <line class="grid" x1={format!("{:.1}", x(t))} x2={format!("{:.1}", x(t))} y1={TOP.to_string()} y2={(TOP + ph).to_string()} />
                // A label at the right edge ends there instead of being cut.
                <text class={if x(t) > W - RIGHT - 20.0 { "tick x end" } else { "tick x" }} x={format!("{:.1}", x(t))} y={(H - 8.0).to_string()}>{ time_label(t, long) }</text>
            </> }) }
            <text class="unit" x="4" y="11">{ unit }</text>
            <text class="unit utc" x={(W - RIGHT).to_string()} y="11">{ crate::i18n::tr(lang, "chart.utc") }</text>
            { for lines }
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_value_axis_tops_at_a_round_number() {
        assert_eq!(round_top(0.0), 1.0);
        assert_eq!(round_top(100.0), 100.0);
        assert_eq!(round_top(101.0), 200.0);
        assert_eq!(round_top(3.2), 5.0);
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
    fn axis_values_read_short() {
        assert_eq!(short_value(0.0), "0");
        assert_eq!(short_value(50.0), "50");
        assert_eq!(short_value(2.5), "2.5");
        assert_eq!(short_value(25_000.0), "25k");
        assert_eq!(short_value(3_000_000.0), "3M");
    }
}
