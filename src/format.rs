//! Small display helpers shared by the views.

use kumo_sim::Timestamp;

/// `2026-04-01 09:30:05 UTC`.
pub fn time(t: Timestamp) -> String {
    let (y, mo, d, h, mi, s, _) = t.civil();
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02} UTC")
}

/// US dollars as the billing console shows nothing owed (`$0.00`), with enough digits for
/// per-second charges below a cent, four decimals up to a dollar and cents above, with
/// thousands separators.
pub fn usd(v: f64) -> String {
    // A sum of nothing can be -0.0, and sums of charges leave float dust around zero.
    if v.abs() < 0.000_000_5 || !v.is_finite() {
        return "$0.00".to_string();
    }
    let sign = if v < 0.0 { "-" } else { "" };
    let a = v.abs();
    if a < 0.01 {
        return format!("{sign}${a:.6}");
    }
    if a < 1.0 {
        return format!("{sign}${a:.4}");
    }
    let cents = format!("{a:.2}");
    let (whole, frac) = cents.split_once('.').unwrap_or((&cents, "00"));
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}${grouped}.{frac}")
}

/// `04-01 09:30:05`: compact enough for a table column.
pub fn short_time(t: Timestamp) -> String {
    let (_, mo, d, h, mi, s, _) = t.civil();
    format!("{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn dollars_read_as_the_billing_console_shows_them() {
        assert_eq!(super::usd(-0.0), "$0.00");
        assert_eq!(super::usd(0.0), "$0.00");
        assert_eq!(super::usd(-1e-12), "$0.00");
        assert_eq!(super::usd(0.000347), "$0.000347");
        assert_eq!(super::usd(0.5), "$0.5000");
        assert_eq!(super::usd(12.346), "$12.35");
        assert_eq!(super::usd(1234567.891), "$1,234,567.89");
        assert_eq!(super::usd(-3.5), "-$3.50");
    }
}
