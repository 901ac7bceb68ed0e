//! Small display helpers shared by the views.

use kumo_sim::Timestamp;

/// `2026-04-01 09:30:05 UTC`.
pub fn time(t: Timestamp) -> String {
    let (y, mo, d, h, mi, s, _) = t.civil();
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02} UTC")
}

/// US dollars with enough digits for per-second charges.
pub fn usd(v: f64) -> String {
    // A sum of nothing can be -0.0, which would print as "$-0.000000".
    let v = if v == 0.0 { 0.0 } else { v };
    if v < 0.01 { format!("${v:.6}") } else { format!("${v:.4}") }
}

/// `04-01 09:30:05`: compact enough for a table column.
pub fn short_time(t: Timestamp) -> String {
    let (_, mo, d, h, mi, s, _) = t.civil();
    format!("{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn no_negative_zero_dollars() {
        assert_eq!(super::usd(-0.0), "$0.000000");
        assert_eq!(super::usd(0.5), "$0.5000");
    }
}
