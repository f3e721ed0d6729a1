//! Dates, numbers, relative times and lists in the viewer's language through the browser's
//! `Intl`, and the viewer's (or the `time-zone` attribute's) time zone as a core [`Zone`]. No
//! locale or zone data is bundled: the browser has it.

use std::cell::{OnceCell, RefCell};

use candor_core::{YearMonth, Zone};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::format::{self, Unit};
use crate::i18n::Lang;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Intl)]
    type DateTimeFormat;
    #[wasm_bindgen(constructor, js_namespace = Intl, catch)]
    fn new(locale: &JsValue, options: &Object) -> Result<DateTimeFormat, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn format(this: &DateTimeFormat, ms: f64) -> Result<String, JsValue>;
    #[wasm_bindgen(method, js_name = resolvedOptions)]
    fn resolved_options(this: &DateTimeFormat) -> Object;

    #[wasm_bindgen(js_namespace = Intl)]
    type NumberFormat;
    #[wasm_bindgen(constructor, js_namespace = Intl, catch)]
    fn new(locale: &str, options: &Object) -> Result<NumberFormat, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn format(this: &NumberFormat, n: f64) -> Result<String, JsValue>;

    #[wasm_bindgen(js_namespace = Intl)]
    type RelativeTimeFormat;
    #[wasm_bindgen(constructor, js_namespace = Intl, catch)]
    fn new(locale: &str, options: &Object) -> Result<RelativeTimeFormat, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn format(this: &RelativeTimeFormat, n: f64, unit: &str) -> Result<String, JsValue>;

    #[wasm_bindgen(js_namespace = Intl)]
    type PluralRules;
    #[wasm_bindgen(constructor, js_namespace = Intl, catch)]
    fn new(locale: &str) -> Result<PluralRules, JsValue>;
    #[wasm_bindgen(method)]
    fn select(this: &PluralRules, n: f64) -> String;

    #[wasm_bindgen(js_namespace = Intl)]
    type ListFormat;
    #[wasm_bindgen(constructor, js_namespace = Intl, catch)]
    fn new(locale: &str, options: &Object) -> Result<ListFormat, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn format(this: &ListFormat, list: &Array) -> Result<String, JsValue>;
}

fn options(pairs: &[(&str, &str)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    o
}

fn resolved(format: &DateTimeFormat, field: &str) -> Option<String> {
    Reflect::get(&format.resolved_options(), &JsValue::from_str(field))
        .ok()
        .and_then(|v| v.as_string())
}

fn millis(t: DateTime<Utc>) -> f64 {
    t.timestamp_millis() as f64
}

fn date_millis(date: NaiveDate) -> f64 {
    millis(Utc.from_utc_datetime(&date.and_time(chrono::NaiveTime::MIN)))
}

/// The browser's own locale and time zone.
fn browser_defaults() -> (String, String) {
    let format = DateTimeFormat::new(&JsValue::UNDEFINED, &Object::new()).ok();
    let get = |field| format.as_ref().and_then(|f| resolved(f, field));
    (
        get("locale").unwrap_or_else(|| "en".into()),
        get("timeZone").unwrap_or_else(|| "UTC".into()),
    )
}

/// A zone's calendar from the browser: local dates of instants, and where local days start.
#[derive(Debug)]
pub struct IntlZone {
    name: String,
    parts: Option<DateTimeFormat>,
    /// Sorted by date. (A sorted Vec, not a HashMap: one less hash table in the wasm.)
    day_starts: RefCell<Vec<(NaiveDate, DateTime<Utc>)>>,
}

impl std::fmt::Debug for DateTimeFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Intl.DateTimeFormat")
    }
}

impl IntlZone {
    /// The named IANA zone, or `None` when the browser does not know it.
    pub fn new(name: &str) -> Option<IntlZone> {
        let parts = DateTimeFormat::new(
            &JsValue::from_str("en-US"),
            &options(&[
                ("timeZone", name),
                ("hourCycle", "h23"),
                ("year", "numeric"),
                ("month", "numeric"),
                ("day", "numeric"),
                ("hour", "numeric"),
                ("minute", "numeric"),
                ("second", "numeric"),
            ]),
        )
        .ok()?;
        let name = resolved(&parts, "timeZone").unwrap_or_else(|| name.to_string());
        Some(IntlZone {
            name,
            parts: Some(parts),
            day_starts: RefCell::default(),
        })
    }

    /// UTC without the browser: where no zone can be had, and before any `Intl` object is made.
    fn utc() -> IntlZone {
        IntlZone {
            name: "UTC".into(),
            parts: None,
            day_starts: RefCell::default(),
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The local wall-clock time of an instant, read as if it were UTC.
    fn local(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        // `en-US` with every field numeric and a 23-hour clock: "9/5/2026, 14:05:33", the
        // six numbers in that order whatever stands between them. (Read from the text, not
        // through `formatToParts`: one string back from JS instead of an array of objects.)
        let text = self.parts.as_ref()?.format(millis(t)).ok()?;
        let mut numbers = (text.split(|c: char| !c.is_ascii_digit()))
            .filter(|digits| !digits.is_empty())
            .map(|digits| digits.parse::<i64>().ok());
        let mut fields = [0i64; 6];
        for field in &mut fields {
            *field = numbers.next()??;
        }
        if numbers.next().is_some() {
            return None;
        }
        let [month, day, year, hour, minute, second] = fields;
        let date = NaiveDate::from_ymd_opt(year as i32, month as u32, day as u32)?;
        let time =
            chrono::NaiveTime::from_hms_opt((hour % 24) as u32, minute as u32, second as u32)?;
        // Sub-second precision is the instant's own: zones differ by whole seconds.
        let millis = t.timestamp_subsec_millis();
        Some(
            Utc.from_utc_datetime(&date.and_time(time))
                + chrono::Duration::milliseconds(i64::from(millis)),
        )
    }
}

impl Zone for IntlZone {
    fn date_of(&self, t: DateTime<Utc>) -> NaiveDate {
        self.local(t).unwrap_or(t).date_naive()
    }

    fn start_of_day(&self, date: NaiveDate) -> DateTime<Utc> {
        let found = self
            .day_starts
            .borrow()
            .binary_search_by_key(&date, |(d, _)| *d);
        match found {
            Ok(i) => self.day_starts.borrow()[i].1,
            Err(i) => {
                let start = first_instant_of(self, date);
                self.day_starts.borrow_mut().insert(i, (date, start));
                start
            }
        }
    }
}

/// The first instant whose local date is `date`: local midnight where it exists, the end of the
/// DST gap where midnight is skipped. Found from the zone's offset, then checked; where the
/// check fails (a gap), by bisection over the day's possible first instants.
fn first_instant_of(zone: &IntlZone, date: NaiveDate) -> DateTime<Utc> {
    let midnight_as_utc = Utc.from_utc_datetime(&date.and_time(chrono::NaiveTime::MIN));
    let is_on_or_after = |t: DateTime<Utc>| zone.date_of(t) >= date;
    let one_ms = chrono::Duration::milliseconds(1);
    let mut guess = midnight_as_utc;
    for _ in 0..2 {
        let offset = zone.local(guess).map(|l| l - guess).unwrap_or_default();
        guess = midnight_as_utc - offset;
    }
    if is_on_or_after(guess) && !is_on_or_after(guess - one_ms) {
        return guess;
    }
    // No zone is more than 15 hours from UTC: the day starts within this window. Bisect on
    // whole milliseconds, the browser's resolution.
    let at = |ms: i64| DateTime::from_timestamp_millis(ms).unwrap_or(midnight_as_utc);
    let middle = midnight_as_utc.timestamp_millis();
    let (mut low, mut high) = (middle - 15 * 3_600_000, middle + 15 * 3_600_000);
    while high - low > 1 {
        let mid = low + (high - low) / 2;
        if is_on_or_after(at(mid)) {
            high = mid;
        } else {
            low = mid;
        }
    }
    at(high)
}

/// Everything the views write through `Intl`, for one locale and zone. Each `Intl` object is
/// made the first time it is used: a constructor can take milliseconds on a visitor's first
/// load (fourteen of them took 20 to 85 ms in one task, measured by `cargo xtask
/// bench-widget`'s cold loads), so the first render ("Loading") makes none of the views', the
/// render that first shows data makes those of the rows, and the history's come with it, a
/// task later.
#[derive(Debug)]
pub struct Formats {
    pub lang: Lang,
    pub locale: String,
    pub zone: IntlZone,
    date: OnceCell<DateTimeFormat>,
    date_time: OnceCell<DateTimeFormat>,
    month_year: OnceCell<DateTimeFormat>,
    month_short: OnceCell<DateTimeFormat>,
    percent: OnceCell<Option<NumberFormat>>,
    relative: OnceCell<Option<RelativeTimeFormat>>,
    plural: OnceCell<Option<PluralRules>>,
    list: OnceCell<Option<ListFormat>>,
    units: OnceCell<Vec<(Unit, NumberFormat)>>,
}

impl std::fmt::Debug for NumberFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Intl.NumberFormat")
    }
}
impl std::fmt::Debug for RelativeTimeFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Intl.RelativeTimeFormat")
    }
}
impl std::fmt::Debug for PluralRules {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Intl.PluralRules")
    }
}
impl std::fmt::Debug for ListFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Intl.ListFormat")
    }
}

impl Formats {
    /// For a locale and a zone as the attributes give them; an unknown locale or zone falls back
    /// to the browser's own.
    pub fn new(locale: Option<&str>, time_zone: Option<&str>) -> Formats {
        let (default_locale, default_zone) = browser_defaults();
        let zone = time_zone
            .and_then(IntlZone::new)
            .or_else(|| IntlZone::new(&default_zone))
            .unwrap_or_else(IntlZone::utc);
        let locale = locale
            .and_then(|l| {
                let f = DateTimeFormat::new(&JsValue::from_str(l), &Object::new()).ok()?;
                resolved(&f, "locale")
            })
            .unwrap_or(default_locale);
        Formats::with(locale, zone)
    }

    /// For the render before any data, which writes only the loading notice: the language of
    /// the `locale` attribute, else the browser's (`navigator.language`), and no `Intl` object.
    pub fn before_data(locale: Option<&str>) -> Formats {
        let locale = locale.map(str::to_string).or_else(|| {
            let navigator = js_sys::Reflect::get(&js_sys::global(), &"navigator".into()).ok()?;
            js_sys::Reflect::get(&navigator, &"language".into())
                .ok()?
                .as_string()
        });
        let zone = IntlZone::utc();
        Formats::with(locale.unwrap_or_else(|| "en".into()), zone)
    }

    fn with(locale: String, zone: IntlZone) -> Formats {
        Formats {
            lang: Lang::of(&locale),
            locale,
            zone,
            date: OnceCell::new(),
            date_time: OnceCell::new(),
            month_year: OnceCell::new(),
            month_short: OnceCell::new(),
            percent: OnceCell::new(),
            relative: OnceCell::new(),
            plural: OnceCell::new(),
            list: OnceCell::new(),
            units: OnceCell::new(),
        }
    }

    /// A `DateTimeFormat` of the locale with `pairs` as its options.
    fn dtf(&self, pairs: &[(&str, &str)]) -> DateTimeFormat {
        DateTimeFormat::new(&JsValue::from_str(&self.locale), &options(pairs))
            .or_else(|_| DateTimeFormat::new(&JsValue::UNDEFINED, &Object::new()))
            .unwrap_or_else(|_| JsValue::NULL.unchecked_into())
    }

    /// "22 Aug 2026" (in the viewer's language) for a calendar date.
    pub fn date(&self, date: NaiveDate) -> String {
        let f = self.date.get_or_init(|| {
            self.dtf(&[
                ("timeZone", "UTC"),
                ("day", "numeric"),
                ("month", "short"),
                ("year", "numeric"),
            ])
        });
        f.format(date_millis(date))
            .unwrap_or_else(|_| crate::format::iso_date(date))
    }

    /// "22 Aug 2026, 14:05 CEST": an instant in the zone, with the zone named.
    pub fn date_time(&self, t: DateTime<Utc>) -> String {
        let f = self.date_time.get_or_init(|| {
            self.dtf(&[
                ("timeZone", &self.zone.name),
                ("day", "numeric"),
                ("month", "short"),
                ("year", "numeric"),
                ("hour", "numeric"),
                ("minute", "2-digit"),
                ("timeZoneName", "short"),
            ])
        });
        f.format(millis(t))
            .unwrap_or_else(|_| crate::format::iso_instant(t))
    }

    /// "August 2026".
    pub fn month_year(&self, month: YearMonth) -> String {
        let f = (self.month_year).get_or_init(|| {
            self.dtf(&[("timeZone", "UTC"), ("month", "long"), ("year", "numeric")])
        });
        f.format(date_millis(month.first_day()))
            .unwrap_or_else(|_| month.to_string())
    }

    /// "Aug".
    pub fn month_short(&self, month: YearMonth) -> String {
        let f =
            (self.month_short).get_or_init(|| self.dtf(&[("timeZone", "UTC"), ("month", "short")]));
        f.format(date_millis(month.first_day()))
            .unwrap_or_else(|_| month.to_string())
    }

    /// "99.31 %" in the locale's way, cut to two decimals (see [`format::display_percent`]).
    pub fn percent(&self, p: f64) -> String {
        let shown = format::display_percent(p);
        let f = self.percent.get_or_init(|| {
            let pairs = [("style", "percent"), ("maximumFractionDigits", "2")];
            NumberFormat::new(&self.locale, &options(&pairs)).ok()
        });
        f.as_ref()
            .and_then(|f| f.format(shown / 100.0).ok())
            .unwrap_or_else(|| format!("{}%", shown as i64))
    }

    /// "2 minutes ago", "yesterday", "in 3 hours".
    pub fn relative(&self, seconds_ago: f64) -> String {
        let (value, unit) = format::relative(seconds_ago);
        let f = self.relative.get_or_init(|| {
            RelativeTimeFormat::new(&self.locale, &options(&[("numeric", "auto")])).ok()
        });
        f.as_ref()
            .and_then(|f| f.format(value, unit).ok())
            .unwrap_or_else(|| format!("{} {unit}", value as i64))
    }

    /// "2 hr, 5 min" in the locale's units.
    pub fn duration(&self, minutes: f64) -> String {
        let mut out = String::new();
        for (n, unit) in format::duration_parts(minutes) {
            let units = self.units.get_or_init(|| {
                [Unit::Day, Unit::Hour, Unit::Minute]
                    .into_iter()
                    .filter_map(|u| {
                        let pairs = [
                            ("style", "unit"),
                            ("unit", u.intl_name()),
                            ("unitDisplay", "short"),
                        ];
                        let f = NumberFormat::new(&self.locale, &options(&pairs)).ok()?;
                        Some((u, f))
                    })
                    .collect()
            });
            let part = units
                .iter()
                .find(|(u, _)| *u == unit)
                .and_then(|(_, f)| f.format(n as f64).ok())
                .unwrap_or_else(|| format!("{n} {}", unit.intl_name()));
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&part);
        }
        out
    }

    /// Whether `n` takes the singular form in this language.
    pub fn is_one(&self, n: usize) -> bool {
        let plural = (self.plural).get_or_init(|| PluralRules::new(&self.locale).ok());
        plural
            .as_ref()
            .map_or(n == 1, |p| p.select(n as f64) == "one")
    }

    /// "API, Web and Database".
    pub fn list(&self, items: &[String]) -> String {
        let array: Array = items.iter().map(|s| JsValue::from_str(s)).collect();
        let f = self.list.get_or_init(|| {
            ListFormat::new(&self.locale, &options(&[("type", "conjunction")])).ok()
        });
        f.as_ref()
            .and_then(|f| f.format(&array).ok())
            .unwrap_or_else(|| {
                items.iter().fold(String::new(), |mut out, item| {
                    if !out.is_empty() {
                        out.push_str(", ");
                    }
                    out.push_str(item);
                    out
                })
            })
    }

    pub fn incidents(&self, n: usize) -> String {
        self.lang.incidents(n, self.is_one(n))
    }

    pub fn updates(&self, n: usize) -> String {
        self.lang.updates(n, self.is_one(n))
    }
}
