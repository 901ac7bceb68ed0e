//! Virtual time: the only clock the simulation knows.

use serde::{Deserialize, Serialize};

/// A point on the virtual clock: milliseconds since the Unix epoch (UTC).
///
/// The simulator never reads the wall clock; a world starts at [`Timestamp::WORLD_START`]
/// and only [`crate::Sim::advance`] moves it forward.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
pub struct Timestamp(pub u64);

impl Timestamp {
    /// 2026-04-01T00:00:00Z: the fixed epoch every new world starts at, so that transcripts
    /// and lessons show the same dates on every machine.
    pub const WORLD_START: Timestamp = Timestamp(1_775_001_600_000);

    pub fn millis(self) -> u64 {
        self.0
    }

    pub fn plus(self, d: Millis) -> Timestamp {
        Timestamp(self.0.saturating_add(d.0))
    }

    /// Time elapsed from `earlier` to `self`, zero when `earlier` is later.
    pub fn since(self, earlier: Timestamp) -> Millis {
        Millis(self.0.saturating_sub(earlier.0))
    }

    /// The instant of a UTC civil date and time (the inverse of [`Timestamp::civil`]); `None`
    /// for dates before 1970 or out of range fields.
    pub fn from_civil(y: i64, m: u32, d: u32, h: u32, mi: u32, s: u32) -> Option<Timestamp> {
        if !(1..=12).contains(&m) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
            return None;
        }
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let mp = i64::from(if m > 2 { m - 3 } else { m + 9 });
        let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        let days = era * 146_097 + doe - 719_468;
        let secs = days * 86_400 + i64::from(h) * 3600 + i64::from(mi) * 60 + i64::from(s);
        u64::try_from(secs).ok().and_then(|s| s.checked_mul(1000)).map(Timestamp)
    }

    /// Broken-down UTC civil time `(year, month, day, hour, minute, second, millisecond)`.
    ///
    /// Uses Howard Hinnant's days-to-civil algorithm, which is exact for the proleptic
    /// Gregorian calendar; it lives here because every front end needs dates.
    /// ISO 8601 with an explicit UTC offset and no fraction, as the AWS CLI v2 prints
    /// timestamp members (`2026-04-01T00:00:00+00:00`).
    pub fn iso8601(self) -> String {
        let (y, mo, d, h, mi, s, _) = self.civil();
        format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}+00:00")
    }

    /// `2026-04-01T00:00:00.000Z`: how DescribeImages has CreationDate (a string member, so
    /// the CLI prints it as EC2 sent it).
    pub fn iso8601_z(self) -> String {
        let (y, mo, d, h, mi, s, ms) = self.civil();
        format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{ms:03}Z")
    }

    /// Like [`Timestamp::iso8601`], with milliseconds when there are any
    /// (`…:56.384000+00:00`), as the CLI prints timestamps EC2 returns with a fraction.
    pub fn iso8601_ms(self) -> String {
        let (y, mo, d, h, mi, s, ms) = self.civil();
        if ms == 0 { self.iso8601() } else { format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{ms:03}000+00:00") }
    }

    pub fn civil(self) -> (i64, u32, u32, u32, u32, u32, u32) {
        let ms = self.0;
        let secs = ms / 1000;
        let days = (secs / 86_400) as i64;
        let rem = secs % 86_400;
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let y = yoe + era * 400;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let y = if m <= 2 { y + 1 } else { y };
        (y, m, d, (rem / 3600) as u32, ((rem % 3600) / 60) as u32, (rem % 60) as u32, (ms % 1000) as u32)
    }
}

/// A span of virtual time in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
pub struct Millis(pub u64);

impl Millis {
    pub const fn from_secs(s: u64) -> Millis {
        Millis(s * 1000)
    }
    pub const fn from_mins(m: u64) -> Millis {
        Millis(m * 60_000)
    }
    pub const fn from_hours(h: u64) -> Millis {
        Millis(h * 3_600_000)
    }
    pub fn as_secs_f64(self) -> f64 {
        self.0 as f64 / 1000.0
    }
}

impl std::ops::Add for Millis {
    type Output = Millis;
    fn add(self, rhs: Millis) -> Millis {
        Millis(self.0.saturating_add(rhs.0))
    }
}

impl From<std::time::Duration> for Millis {
    fn from(d: std::time::Duration) -> Self {
        Millis(u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
    }
}

/// A timestamp parameter as the AWS CLI takes it (botocore's `parse_timestamp`): seconds
/// since the epoch (`1775001600`, `1775001600.5`), or ISO 8601 — a date, then optionally `T`
/// (or a space) and `HH:MM`, `:SS`, a fraction, and `Z` or an offset (`+09:00`, `-0500`).
/// Without an offset the time is UTC, the sandbox's only zone.
pub fn parse(text: &str) -> Option<Timestamp> {
    let t = text.trim();
    if let Ok(secs) = t.parse::<f64>() {
        return (0.0..1e14).contains(&secs).then(|| Timestamp((secs * 1000.0).round() as u64));
    }
    let (date, rest) = match t.find(['T', 't', ' ']) {
        Some(i) => (&t[..i], &t[i + 1..]),
        None => (t, ""),
    };
    let mut d = date.split('-');
    let (y, m, day) = (d.next()?.parse().ok()?, d.next()?.parse().ok()?, d.next()?.parse().ok()?);
    if d.next().is_some() {
        return None;
    }
    // The zone: Z, or ±HH:MM / ±HHMM / ±HH after the time.
    let (time, offset_secs) = if let Some(time) = rest.strip_suffix(['Z', 'z']) {
        (time, 0i64)
    } else if let Some(i) = rest.rfind(['+', '-']) {
        let (time, zone) = rest.split_at(i);
        let sign = if zone.starts_with('-') { -1 } else { 1 };
        let digits: String = zone[1..].chars().filter(|c| *c != ':').collect();
        if !(digits.len() == 2 || digits.len() == 4) || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let hours: i64 = digits[..2].parse().ok()?;
        let minutes: i64 = if digits.len() == 4 { digits[2..].parse().ok()? } else { 0 };
        (time, sign * (hours * 3600 + minutes * 60))
    } else {
        (rest, 0)
    };
    let (hms, fraction) = time.split_once('.').unwrap_or((time, ""));
    let mut c = hms.split(':');
    let (h, mi, sec) = if hms.is_empty() {
        (0, 0, 0)
    } else {
        let h = c.next()?.parse().ok()?;
        let mi = c.next()?.parse().ok()?;
        let sec = c.next().map_or(Some(0), |s| s.parse().ok())?;
        if c.next().is_some() {
            return None;
        }
        (h, mi, sec)
    };
    if !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let ms: u64 = format!("{fraction:0<3}")[..3].parse().ok()?;
    let base = Timestamp::from_civil(y, m, day, h, mi, sec)?;
    let millis = i64::try_from(base.0).ok()?.checked_sub(offset_secs * 1000)?;
    u64::try_from(millis).ok().map(|t| Timestamp(t + ms))
}

/// A response's timestamp member as the AWS CLI v2 prints it ([`Timestamp::iso8601`]), for
/// `#[serde(serialize_with = "crate::time::serialize_iso8601")]`.
pub fn serialize_iso8601<S: serde::Serializer>(t: &Timestamp, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&t.iso8601())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_timestamps_as_the_aws_cli_takes_them() {
        let t = |s: &str| parse(s).map(|t| t.iso8601_z());
        assert_eq!(t("2026-04-02T10:00:00Z").as_deref(), Some("2026-04-02T10:00:00.000Z"));
        assert_eq!(t("2026-04-02T10:00:00+00:00").as_deref(), Some("2026-04-02T10:00:00.000Z"));
        assert_eq!(t("2026-04-02T19:00:00+09:00").as_deref(), Some("2026-04-02T10:00:00.000Z"));
        assert_eq!(t("2026-04-02T05:00-0500").as_deref(), Some("2026-04-02T10:00:00.000Z"));
        assert_eq!(t("2026-04-02 10:00:00.25").as_deref(), Some("2026-04-02T10:00:00.250Z"));
        assert_eq!(t("2026-04-02").as_deref(), Some("2026-04-02T00:00:00.000Z"));
        assert_eq!(t("1775001600").as_deref(), Some("2026-04-01T00:00:00.000Z"));
        for bad in ["yesterday", "2026-13-01", "2026-04-02T25:00", "2026-04-02T10:00:00+9", "", "-5", "1e300"] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn world_start_is_april_first_2026() {
        assert_eq!(Timestamp::WORLD_START.civil(), (2026, 4, 1, 0, 0, 0, 0));
    }

    #[test]
    fn civil_handles_leap_days_and_time_of_day() {
        // 2028-02-29T13:27:35.016Z
        let t = Timestamp(1_835_443_655_016);
        assert_eq!(t.civil(), (2028, 2, 29, 13, 27, 35, 16));
        assert_eq!(Timestamp(0).civil(), (1970, 1, 1, 0, 0, 0, 0));
        assert_eq!(Timestamp::from_civil(2028, 2, 29, 13, 27, 35), Some(Timestamp(1_835_443_655_000)));
        assert_eq!(Timestamp::from_civil(2026, 4, 1, 0, 0, 0), Some(Timestamp::WORLD_START));
        assert_eq!(Timestamp::from_civil(1969, 12, 31, 0, 0, 0), None);
        assert_eq!(Timestamp::from_civil(2026, 13, 1, 0, 0, 0), None);
    }
}
