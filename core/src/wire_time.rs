//! How instants and dates are read from JSON documents (the feed, Statuspage's API): instants as
//! RFC 3339 through chrono's dedicated parser, dates as `YYYY-MM-DD`.
//!
//! chrono's own `Deserialize` goes through its general format parser (strftime items, RFC 2822
//! and all), which was a large part of chrono's share of the widget's wasm. Writing is left to
//! chrono's `Serialize`, so the output is unchanged.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer};

/// An RFC 3339 instant (`2026-08-22T14:05:00Z`, `2013-09-01T06:50:31.000-07:00`), in UTC.
pub fn instant<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime<Utc>, D::Error> {
    let text = String::deserialize(deserializer)?;
    parse_instant(&text).map_err(D::Error::custom)
}

/// [`instant`], or `null`. Fields using it need `#[serde(default)]` to allow them to be absent.
pub fn optional_instant<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<DateTime<Utc>>, D::Error> {
    match Option::<String>::deserialize(deserializer)? {
        Some(text) => parse_instant(&text).map(Some).map_err(D::Error::custom),
        None => Ok(None),
    }
}

/// A `YYYY-MM-DD` date, or `null`. Fields using it need `#[serde(default)]`.
pub fn optional_date<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<NaiveDate>, D::Error> {
    match Option::<String>::deserialize(deserializer)? {
        Some(text) => parse_date(&text).map(Some).ok_or_else(|| {
            D::Error::custom(format!("`{text}` is not a date: expected YYYY-MM-DD"))
        }),
        None => Ok(None),
    }
}

/// An RFC 3339 instant, in UTC.
pub fn parse_instant(text: &str) -> Result<DateTime<Utc>, chrono::ParseError> {
    DateTime::parse_from_rfc3339(text).map(|t| t.with_timezone(&Utc))
}

/// `YYYY-MM-DD`: a four-digit year, a month and a day of one or two digits.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let mut fields = text.splitn(3, '-');
    let year = fields.next().filter(|y| y.len() == 4)?;
    let year = number(year)?;
    let month = number(fields.next().filter(|m| (1..=2).contains(&m.len()))?)?;
    let day = number(fields.next().filter(|d| (1..=2).contains(&d.len()))?)?;
    NaiveDate::from_ymd_opt(year as i32, month, day)
}

/// `YYYY-MM-DD HH:MM[:SS]`, the date and time apart by spaces or a `T`; no zone.
pub fn parse_date_time(text: &str) -> Option<NaiveDateTime> {
    let split = text.find([' ', 'T'])?;
    let date = parse_date(&text[..split])?;
    let time = text[split..].trim_start_matches([' ', 'T']);
    let mut fields = time.split(':');
    let mut next = || number(fields.next().filter(|f| (1..=2).contains(&f.len()))?);
    let hour = next()?;
    let minute = next()?;
    let second = match fields.next() {
        Some(s) if (1..=2).contains(&s.len()) => number(s)?,
        Some(_) => return None,
        None => 0,
    };
    if fields.next().is_some() {
        return None;
    }
    Some(date.and_time(NaiveTime::from_hms_opt(hour, minute, second)?))
}

/// Digits only (no sign, no spaces), as a number.
fn number(digits: &str) -> Option<u32> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Debug)]
    struct Record {
        #[serde(deserialize_with = "instant")]
        at: DateTime<Utc>,
        #[serde(default, deserialize_with = "optional_instant")]
        end: Option<DateTime<Utc>>,
        #[serde(default, deserialize_with = "optional_date")]
        day: Option<NaiveDate>,
    }

    fn read(json: &str) -> Result<Record, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn instants_are_rfc_3339_in_any_offset() {
        let r = read(r#"{"at": "2013-09-01T06:50:31.000-07:00", "end": null}"#).expect("valid");
        assert_eq!(r.at.to_rfc3339(), "2013-09-01T13:50:31+00:00");
        assert_eq!(r.end, None);
        assert_eq!(r.day, None);
        let r = read(r#"{"at": "2026-08-22T14:05:00Z", "end": "2026-08-22T15:00:00.5Z"}"#)
            .expect("valid");
        assert_eq!(r.at.to_rfc3339(), "2026-08-22T14:05:00+00:00");
        assert_eq!(
            r.end
                .map(|t| t.timestamp_millis() - r.at.timestamp_millis()),
            Some(3_300_500)
        );
    }

    #[test]
    fn instants_read_as_chrono_reads_them() {
        for text in [
            "2026-08-22T14:05:00Z",
            "2026-03-29T01:30:00+01:00",
            "2020-02-29T23:59:59.999Z",
        ] {
            let ours = parse_instant(text).expect("valid");
            let chronos: DateTime<Utc> = text.parse().expect("valid");
            assert_eq!(ours, chronos, "{text}");
        }
    }

    #[test]
    fn a_bad_instant_or_date_is_an_error_naming_the_field() {
        let err = read(r#"{"at": "yesterday"}"#).expect_err("not an instant");
        assert!(err.to_string().contains("line 1"), "{err}");
        assert!(read(r#"{"at": "2026-08-22"}"#).is_err());
        assert!(read(r#"{"at": 1}"#).is_err());
        let err =
            read(r#"{"at": "2026-08-22T14:05:00Z", "day": "22.08.2026"}"#).expect_err("not a date");
        assert!(
            err.to_string().contains("`22.08.2026` is not a date"),
            "{err}"
        );
    }

    #[test]
    fn dates_are_year_month_day() {
        assert_eq!(
            parse_date("2026-08-22"),
            NaiveDate::from_ymd_opt(2026, 8, 22)
        );
        assert_eq!(parse_date("2026-8-2"), NaiveDate::from_ymd_opt(2026, 8, 2));
        for bad in [
            "2026-02-30",
            "26-08-22",
            "2026-08",
            "2026-08-22x",
            "+2026-08-22",
            "2026-08--2",
            "",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn date_times_without_a_zone_take_a_space_or_a_t() {
        let expected = NaiveDate::from_ymd_opt(2013, 9, 1).and_then(|d| d.and_hms_opt(6, 50, 31));
        assert_eq!(parse_date_time("2013-09-01 06:50:31"), expected);
        assert_eq!(parse_date_time("2013-09-01T06:50:31"), expected);
        assert_eq!(parse_date_time("2013-09-01  06:50:31"), expected);
        assert_eq!(
            parse_date_time("2013-09-01 06:50"),
            NaiveDate::from_ymd_opt(2013, 9, 1).and_then(|d| d.and_hms_opt(6, 50, 0))
        );
        for bad in [
            "2013-09-01",
            "2013-09-01 6",
            "2013-09-01 06:50:31:00",
            "2013-09-01 25:00",
            "noon",
        ] {
            assert_eq!(parse_date_time(bad), None, "{bad}");
        }
    }
}
