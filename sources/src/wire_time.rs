//! How instants and dates are read from JSON documents (the feed, Statuspage's API): instants as
//! RFC 3339 read by hand (what chrono's `parse_from_rfc3339` accepts, checked against it in the
//! tests), dates as `YYYY-MM-DD`.
//!
//! chrono's own `Deserialize` goes through its general format parser (strftime items, RFC 2822
//! and all), and even its dedicated RFC 3339 parser cost the widget's wasm 3.5 KB. They are
//! read on [`crate::json::Reader`], like the documents they are in. Writing is left to chrono's
//! `Serialize`, so the output is unchanged.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};

use crate::json::{self, Reader};

/// An RFC 3339 instant (`2026-08-22T14:05:00Z`, `2013-09-01T06:50:31.000-07:00`) in a JSON
/// string, in UTC.
pub fn instant(r: &mut Reader<'_>) -> json::Result<DateTime<Utc>> {
    let start = r.mark();
    let text = r.string()?;
    parse_instant(&text).map_err(|e| r.error_at(start, e.to_string()))
}

/// [`instant`], or `null`.
pub fn optional_instant(r: &mut Reader<'_>) -> json::Result<Option<DateTime<Utc>>> {
    if r.null()? {
        return Ok(None);
    }
    instant(r).map(Some)
}

/// A `YYYY-MM-DD` date in a JSON string, or `null`.
pub fn optional_date(r: &mut Reader<'_>) -> json::Result<Option<NaiveDate>> {
    if r.null()? {
        return Ok(None);
    }
    let start = r.mark();
    let text = r.string()?;
    match parse_date(&text) {
        Some(date) => Ok(Some(date)),
        None => Err(r.error_at(
            start,
            format!("`{text}` is not a date: expected YYYY-MM-DD"),
        )),
    }
}

/// Why a text is not an RFC 3339 instant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an RFC 3339 instant such as 2026-08-22T14:05:00Z")]
pub struct BadInstant(pub String);

/// An RFC 3339 instant, in UTC: `YYYY-MM-DD`, `T` (or `t` or a space), `HH:MM:SS` with any
/// fraction, and `Z` or an offset `±HH:MM`. What chrono's `parse_from_rfc3339` accepts, read by
/// hand: chrono's parser cost the widget 3.5 KB.
pub fn parse_instant(text: &str) -> Result<DateTime<Utc>, BadInstant> {
    read_instant(text.as_bytes()).ok_or_else(|| BadInstant(text.to_string()))
}

fn read_instant(b: &[u8]) -> Option<DateTime<Utc>> {
    let digits = |at: usize, n: usize| -> Option<u32> {
        let field = b.get(at..at + n)?;
        field.iter().try_fold(0u32, |acc, &d| {
            d.is_ascii_digit().then(|| acc * 10 + u32::from(d - b'0'))
        })
    };
    let sep = |at: usize, c: u8| b.get(at) == Some(&c);
    if !(sep(4, b'-') && sep(7, b'-') && matches!(b.get(10), Some(b'T' | b't' | b' '))) {
        return None;
    }
    if !(sep(13, b':') && sep(16, b':')) {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(digits(0, 4)? as i32, digits(5, 2)?, digits(8, 2)?)?;
    let (hour, minute, second) = (digits(11, 2)?, digits(14, 2)?, digits(17, 2)?);
    let mut at = 19;
    let mut nanos = 0u32;
    if sep(at, b'.') {
        at += 1;
        let start = at;
        while let Some(d) = b.get(at).filter(|d| d.is_ascii_digit()) {
            if at - start < 9 {
                nanos = nanos * 10 + u32::from(d - b'0');
            }
            at += 1;
        }
        if at == start {
            return None;
        }
        nanos *= 10u32.pow(9u32.saturating_sub((at - start) as u32));
    }
    let offset_seconds = match b.get(at)? {
        b'Z' | b'z' if at + 1 == b.len() => 0,
        sign @ (b'+' | b'-') if at + 6 == b.len() && sep(at + 3, b':') => {
            let (h, m) = (digits(at + 1, 2)?, digits(at + 4, 2)?);
            if h > 23 || m > 59 {
                return None;
            }
            let seconds = i64::from(h * 3600 + m * 60);
            if *sign == b'-' {
                -seconds
            } else {
                seconds
            }
        }
        _ => return None,
    };
    // A leap second, as chrono keeps it: the 59th second, over a billion nanoseconds.
    let (second, nanos) = if second == 60 {
        (59, nanos + 1_000_000_000)
    } else {
        (second, nanos)
    };
    let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)?;
    let local = date.and_time(time);
    let utc = local.checked_sub_signed(chrono::Duration::seconds(offset_seconds))?;
    Some(utc.and_utc())
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
// chrono's RFC 3339 parser is what the reader here is checked against.
#[allow(clippy::disallowed_methods)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Record {
        at: DateTime<Utc>,
        end: Option<DateTime<Utc>>,
        day: Option<NaiveDate>,
    }

    fn read(json: &str) -> json::Result<Record> {
        let mut r = Reader::new(json.as_bytes())?;
        let mut record = Record {
            at: DateTime::UNIX_EPOCH,
            end: None,
            day: None,
        };
        json::fields!(r, {
            "at" (required) => record.at = instant(r)?,
            "end" => record.end = optional_instant(r)?,
            "day" => record.day = optional_date(r)?,
        })?;
        r.end()?;
        Ok(record)
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
            "2013-09-01T06:50:31.000-07:00",
            "2026-08-22t14:05:00z",
            "2026-08-22 14:05:00.123456789123+05:30",
            "2016-12-31T23:59:60Z",
            "0001-01-01T00:00:00+23:59",
            "9999-12-31T23:59:59-23:59",
        ] {
            let ours = parse_instant(text).expect(text);
            let chronos = DateTime::parse_from_rfc3339(text).expect(text);
            assert_eq!(ours, chronos, "{text}");
        }
        for text in [
            "",
            "2026-08-22",
            "2026-08-22T14:05Z",
            "2026-08-22T14:05:00",
            "2026-08-22T14:05:00.Z",
            "2026-08-22T14:05:00+0200",
            "2026-08-22T14:05:00+24:00",
            "2026-08-22T14:05:00Zx",
            "2026-02-30T14:05:00Z",
            "2026-08-22T25:05:00Z",
            "+2026-08-22T14:05:00Z",
            "2026-8-22T14:05:00Z",
            "２026-08-22T14:05:00Z",
        ] {
            assert!(parse_instant(text).is_err(), "{text}");
            assert!(
                DateTime::parse_from_rfc3339(text).is_err(),
                "chrono agrees: {text}"
            );
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
