//! Formatting decisions that do not depend on the browser: how a percentage is rounded, which
//! units a duration is shown in, which unit a relative time uses, how many bars fit. The browser's
//! `Intl` (see `intl`) then writes the numbers and dates in the viewer's language.

/// The percentage shown for an uptime: cut (not rounded) to two decimals, so that 99.999% never
/// reads as a perfect 100%.
pub fn display_percent(p: f64) -> f64 {
    if !p.is_finite() {
        return 0.0;
    }
    (p.clamp(0.0, 100.0) * 100.0).floor() / 100.0
}

/// `2026-08-22`, as `datetime` and `data-date` attributes take a date. Written by hand: chrono's
/// `Display` would bring its formatting machinery into the wasm for this.
pub fn iso_date(date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let mut s = String::with_capacity(20);
    match date.year() {
        year @ 0..=9999 => push_digits(&mut s, year as u32, 4),
        year => s.push_str(&year.to_string()),
    }
    for n in [date.month(), date.day()] {
        s.push('-');
        push_digits(&mut s, n, 2);
    }
    s
}

/// `2026-08-22T14:05:00Z`, as `datetime` attributes take an instant (to the second).
pub fn iso_instant(t: chrono::DateTime<chrono::Utc>) -> String {
    use chrono::Timelike;
    let mut s = iso_date(t.date_naive());
    for (sep, n) in [('T', t.hour()), (':', t.minute()), (':', t.second())] {
        s.push(sep);
        push_digits(&mut s, n, 2);
    }
    s.push('Z');
    s
}

fn push_digits(s: &mut String, n: u32, width: u32) {
    for place in (0..width).rev() {
        let digit = n / 10u32.pow(place) % 10;
        s.push(char::from(b'0' + digit as u8));
    }
}

/// A unit of a duration as `Intl.NumberFormat` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Day,
    Hour,
    Minute,
}

impl Unit {
    pub fn intl_name(self) -> &'static str {
        match self {
            Unit::Day => "day",
            Unit::Hour => "hour",
            Unit::Minute => "minute",
        }
    }
}

/// A duration as its two largest non-zero units ("2 h 5 min", "3 d 4 h"); under a minute
/// counts as one minute, so an incident never lasts "0 min".
pub fn duration_parts(minutes: f64) -> Vec<(u64, Unit)> {
    let total = if minutes.is_finite() {
        minutes.round().max(1.0) as u64
    } else {
        1
    };
    let parts = [
        (total / 1440, Unit::Day),
        (total % 1440 / 60, Unit::Hour),
        (total % 60, Unit::Minute),
    ];
    let first = parts.iter().position(|(n, _)| *n > 0).unwrap_or(2);
    parts[first..]
        .iter()
        .take(2)
        .filter(|(n, _)| *n > 0)
        .copied()
        .collect()
}

/// The value and unit for `Intl.RelativeTimeFormat` of an instant `seconds_ago` in the past
/// (negative values: in the future).
pub fn relative(seconds_ago: f64) -> (f64, &'static str) {
    let s = -seconds_ago;
    let a = seconds_ago.abs();
    if a < 45.0 {
        (0.0, "second")
    } else if a < 45.0 * 60.0 {
        ((s / 60.0).round(), "minute")
    } else if a < 22.0 * 3600.0 {
        ((s / 3600.0).round(), "hour")
    } else {
        ((s / 86400.0).round(), "day")
    }
}

/// Incidents that started within this many seconds also show how long ago they were.
pub const RECENT_SECS: f64 = 7.0 * 86400.0;

/// How many day bars a row shows at a width in CSS pixels: the requested number where they fit
/// at least 3 px apart, and on narrow screens 30 (under 400 px) or 60 (under 640 px).
pub fn shown_days(requested: u32, width_px: f64) -> u32 {
    if width_px <= 0.0 || !width_px.is_finite() {
        return requested;
    }
    let by_breakpoint = if width_px < 400.0 {
        30
    } else if width_px < 640.0 {
        60
    } else {
        u32::MAX
    };
    let by_room = (width_px / 3.0).floor().max(7.0) as u32;
    requested.min(by_breakpoint).min(by_room).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::disallowed_methods)] // chrono is the reference here, natively
    fn iso_dates_and_instants_are_what_chrono_writes() {
        use chrono::{DateTime, NaiveDate, Utc};
        for (y, m, d) in [(2026, 8, 22), (1, 1, 1), (9999, 12, 31), (2024, 2, 29)] {
            let date = NaiveDate::from_ymd_opt(y, m, d).expect("valid");
            assert_eq!(iso_date(date), date.to_string());
        }
        let far = NaiveDate::from_ymd_opt(10000, 1, 1).expect("valid");
        assert_eq!(iso_date(far), "10000-01-01");
        let t: DateTime<Utc> = "2026-08-02T03:04:05.678Z".parse().expect("valid");
        assert_eq!(iso_instant(t), "2026-08-02T03:04:05Z");
        assert_eq!(
            DateTime::parse_from_rfc3339(&iso_instant(t)).expect("RFC 3339"),
            "2026-08-02T03:04:05Z"
                .parse::<DateTime<Utc>>()
                .expect("valid")
        );
    }

    #[test]
    fn percentages_are_cut_not_rounded() {
        assert_eq!(display_percent(99.999), 99.99);
        assert_eq!(display_percent(99.3149), 99.31);
        assert_eq!(display_percent(100.0), 100.0);
        assert_eq!(display_percent(-3.0), 0.0);
        assert_eq!(display_percent(f64::NAN), 0.0);
    }

    #[test]
    fn durations_show_their_two_largest_units() {
        assert_eq!(duration_parts(125.0), [(2, Unit::Hour), (5, Unit::Minute)]);
        assert_eq!(duration_parts(45.0), [(45, Unit::Minute)]);
        assert_eq!(duration_parts(0.2), [(1, Unit::Minute)]);
        assert_eq!(
            duration_parts(3.0 * 1440.0 + 4.0 * 60.0 + 7.0),
            [(3, Unit::Day), (4, Unit::Hour)]
        );
        // A zero in the second place is left out rather than shown as "0 h".
        assert_eq!(duration_parts(1440.0 + 5.0), [(1, Unit::Day)]);
        assert_eq!(duration_parts(120.0), [(2, Unit::Hour)]);
    }

    #[test]
    fn relative_times_pick_a_readable_unit() {
        assert_eq!(relative(10.0), (0.0, "second"));
        assert_eq!(relative(120.0), (-2.0, "minute"));
        assert_eq!(relative(3.0 * 3600.0), (-3.0, "hour"));
        assert_eq!(relative(3.0 * 86400.0), (-3.0, "day"));
        assert_eq!(relative(-7200.0), (2.0, "hour"));
    }

    #[test]
    fn narrow_screens_show_fewer_bars() {
        assert_eq!(shown_days(90, 900.0), 90);
        assert_eq!(shown_days(90, 500.0), 60);
        assert_eq!(shown_days(90, 320.0), 30);
        assert_eq!(shown_days(14, 320.0), 14);
        assert_eq!(shown_days(365, 900.0), 300);
        assert_eq!(shown_days(90, 0.0), 90);
    }
}
