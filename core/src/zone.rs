//! Day and month boundaries in a time zone, without knowing where the zone's rules come from.
//!
//! `core/` must not bundle a time zone database (the widget asks the browser's `Intl` instead),
//! so analysis takes any [`Zone`]. Every `chrono::TimeZone` is one: `Utc`, `FixedOffset`, and
//! `chrono_tz::Tz` on the command line.

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc};

use crate::model::YearMonth;

/// A calendar: which local day an instant falls on, and when a local day starts.
pub trait Zone {
    /// The local calendar date of an instant.
    fn date_of(&self, t: DateTime<Utc>) -> NaiveDate;

    /// The first instant of a local day. Days are 23, 24 or 25 hours long around DST changes;
    /// where midnight does not exist (a DST gap at midnight) the day starts at the first local
    /// time that does.
    fn start_of_day(&self, date: NaiveDate) -> DateTime<Utc>;

    /// The first instant after the local day.
    fn end_of_day(&self, date: NaiveDate) -> DateTime<Utc> {
        match date.succ_opt() {
            Some(next) => self.start_of_day(next),
            None => DateTime::<Utc>::MAX_UTC,
        }
    }

    /// The local month an instant falls in.
    fn month_of(&self, t: DateTime<Utc>) -> YearMonth {
        YearMonth::of(self.date_of(t))
    }

    /// The first instant of a local month.
    fn start_of_month(&self, month: YearMonth) -> DateTime<Utc> {
        self.start_of_day(month.first_day())
    }
}

impl<Tz: TimeZone> Zone for Tz {
    fn date_of(&self, t: DateTime<Utc>) -> NaiveDate {
        t.with_timezone(self).date_naive()
    }

    fn start_of_day(&self, date: NaiveDate) -> DateTime<Utc> {
        let midnight = date.and_hms_opt(0, 0, 0).unwrap_or(NaiveDateTime::MIN);
        first_existing_local(self, midnight)
    }
}

/// The earliest instant at or after a local time: the local time itself when it exists once,
/// its first occurrence when it exists twice, or the end of the gap when a DST jump skips it.
fn first_existing_local<Tz: TimeZone>(tz: &Tz, local: NaiveDateTime) -> DateTime<Utc> {
    // Gaps are at most a few hours; step through them a quarter of an hour at a time.
    let mut probe = local;
    for _ in 0..(4 * 26) {
        match tz.from_local_datetime(&probe) {
            LocalResult::Single(t) => return t.with_timezone(&Utc),
            LocalResult::Ambiguous(earliest, _) => return earliest.with_timezone(&Utc),
            LocalResult::None => probe += Duration::minutes(15),
        }
    }
    // No zone has a gap this long; fall back to reading the local time as UTC.
    Utc.from_utc_datetime(&local)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::{America::New_York, America::Sao_Paulo, Europe::Berlin};

    fn hours(zone: &impl Zone, y: i32, m: u32, d: u32) -> i64 {
        let date = NaiveDate::from_ymd_opt(y, m, d).expect("valid date");
        (zone.end_of_day(date) - zone.start_of_day(date)).num_hours()
    }

    #[test]
    fn dst_days_have_23_and_25_hours() {
        assert_eq!(hours(&Berlin, 2026, 3, 29), 23);
        assert_eq!(hours(&Berlin, 2026, 10, 25), 25);
        assert_eq!(hours(&Berlin, 2026, 8, 22), 24);
        assert_eq!(hours(&New_York, 2026, 3, 8), 23);
        assert_eq!(hours(&New_York, 2026, 11, 1), 25);
        assert_eq!(hours(&Utc, 2026, 3, 29), 24);
    }

    #[test]
    fn a_day_whose_midnight_is_skipped_starts_at_one() {
        // Brazil moved clocks from 00:00 to 01:00 on 2018-11-04.
        let date = NaiveDate::from_ymd_opt(2018, 11, 4).expect("valid date");
        let start = Sao_Paulo.start_of_day(date);
        assert_eq!(start.to_rfc3339(), "2018-11-04T03:00:00+00:00");
        assert_eq!(Sao_Paulo.date_of(start), date);
    }

    #[test]
    fn month_boundaries_follow_the_zone() {
        let t: DateTime<Utc> = "2026-08-31T23:30:00Z".parse().expect("valid");
        assert_eq!(Utc.month_of(t).to_string(), "2026-08");
        assert_eq!(Berlin.month_of(t).to_string(), "2026-09");
        assert_eq!(New_York.month_of(t).to_string(), "2026-08");
    }
}
