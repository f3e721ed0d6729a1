//! Upptime's `history/summary.json`: one entry per monitored site, with the minutes it was
//! down on each day (`dailyMinutesDown`). Each site becomes a component and each day's minutes
//! recorded downtime; incidents come from elsewhere.
//!
//! A site's data begins at its `startTime`, which Upptime keeps in `history/<slug>.yml` beside
//! `summary.json` (not at its first day with downtime: a site down 10 minutes in 30 days was up
//! the other 29). Without that file, the file's first date is taken, with a warning.
//! Each site is read on its own: one that cannot be read is reported and the others are kept.

#![allow(
    clippy::disallowed_types,
    clippy::disallowed_methods,
    reason = "read natively only (report-gen, feature `upptime`): the size rules are the widget's wasm's"
)]

use std::collections::BTreeMap;

use crate::json::Reader;
use candor_core::{Component, ComponentStatus, RecordedDowntime};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use serde::Deserialize;

use crate::{Issue, Records};

#[derive(Deserialize)]
struct Site {
    slug: Option<String>,
    name: Option<String>,
    status: Option<String>,
    /// `null` is read as no downtime recorded, as a missing key is.
    #[serde(default, rename = "dailyMinutesDown")]
    daily_minutes_down: Option<BTreeMap<String, serde_json::Value>>,
}

/// Upptime's slug of a site's name: lowercase, runs of anything but letters and digits as one
/// `-` (what Upptime itself writes when `slug` is not given in `.upptimerc.yml`).
fn slug_of(name: &str) -> String {
    let mut slug = String::new();
    for c in name.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// The keys every Upptime site has.
const SITE_KEYS: [&str; 3] = ["slug", "url", "status"];

/// A JSON array of objects at least one of which has Upptime's `slug`, `url` and `status`
/// (the others are then sites that cannot be read, reported as such).
pub fn looks_like_upptime(text: &str) -> bool {
    let Ok(mut r) = Reader::new(text.as_bytes()) else {
        return false;
    };
    let mut any_site = false;
    let read = r.array(&mut |r| {
        if r.found() != "an object" {
            return r.skip();
        }
        let mut keys = [false; SITE_KEYS.len()];
        r.object(&mut |r, key| {
            if let Some(i) = SITE_KEYS.iter().position(|k| *k == key) {
                keys[i] = true;
            }
            r.skip()
        })?;
        any_site |= keys.iter().all(|k| *k);
        Ok(())
    });
    read.is_ok() && r.end().is_ok() && any_site
}

/// The most minutes a day can hold (a day has at most 25 hours).
const MAX_DAY_MINUTES: f64 = 1500.0;

/// A site's `history/<slug>.yml`, given its slug: the name to call it by in messages and its
/// text, or `None` where there is no such file.
pub type SiteFile<'a> = dyn FnMut(&str) -> Option<(String, String)> + 'a;

/// Reads `summary.json` (its text `text`), and each site's `startTime` from its
/// `history/<slug>.yml`, which `site_file` gives; days without an offset are read in `zone`.
pub fn read(text: &str, zone: chrono_tz::Tz, site_file: &mut SiteFile<'_>) -> Records {
    let mut parsed = Records {
        kind: Some("summary".into()),
        ..Records::default()
    };
    let sites = match sites_of(text) {
        Ok(sites) => sites,
        Err(issue) => {
            parsed.issues.push(issue);
            return parsed;
        }
    };
    let mut read: Vec<(usize, Site)> = Vec::new();
    for (index, (line, site)) in sites.into_iter().enumerate() {
        match serde_json::from_str::<Site>(site) {
            Ok(site) => read.push((index, site)),
            Err(err) => {
                let mut message = err.to_string();
                if let Some(at) = message.rfind(" at line ") {
                    message.truncate(at);
                }
                parsed.issues.push(
                    Issue::error(format!(
                        "this site cannot be read ({message}); it is left out, the others are read"
                    ))
                    .at(Some(line + err.line() - 1), None)
                    .field(format!("[{index}]")),
                );
            }
        }
    }
    // The file's first date: where a site's data begins when its start is unknown.
    let first_date = (read.iter())
        .flat_map(|(_, s)| s.daily_minutes_down.iter().flatten().map(|(d, _)| d))
        .filter_map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .min();
    let first_instant = first_date.and_then(|d| {
        zone.from_local_datetime(&d.and_hms_opt(0, 0, 0)?)
            .earliest()
            .map(|t| t.with_timezone(&Utc))
    });
    let mut unknown_start: Vec<String> = Vec::new();
    let mut slugs: Vec<String> = Vec::new();
    for (index, mut site) in read {
        let given = match (site.slug.take(), site.name.as_deref().map(slug_of)) {
            (Some(slug), _) if !slug.trim().is_empty() => slug,
            (_, Some(from_name)) if !from_name.is_empty() => {
                parsed.issues.push(
                    Issue::warning(format!(
                        "a site without `slug`: its slug is made from its name, `{from_name}`"
                    ))
                    .field(format!("[{index}].slug")),
                );
                from_name
            }
            _ => {
                parsed.issues.push(
                    Issue::error(
                        "a site with neither `slug` nor `name` cannot be named; it is left out, \
                         the others are read",
                    )
                    .field(format!("[{index}]")),
                );
                continue;
            }
        };
        let mut slug = given.clone();
        if slugs.contains(&slug) {
            let mut n = 2;
            while slugs.contains(&format!("{given}-{n}")) {
                n += 1;
            }
            slug = format!("{given}-{n}");
            parsed.issues.push(
                Issue::warning(format!(
                    "an earlier site has this slug too: this one is kept apart as `{slug}`"
                ))
                .field(format!("[{index}].slug"))
                .found(given.as_str())
                .allowed("one site per slug"),
            );
        }
        slugs.push(slug.clone());
        let status = match site.status.as_deref() {
            Some("up") | None => None,
            Some("down") => Some(ComponentStatus::MajorOutage),
            Some("degraded") => Some(ComponentStatus::DegradedPerformance),
            Some(other) => {
                parsed.issues.push(
                    Issue::error("not an Upptime status")
                        .field(format!("[{index}].status"))
                        .found(other)
                        .allowed("up, down, degraded"),
                );
                None
            }
        }
        .or(Some(ComponentStatus::Operational));
        for (date, minutes) in site.daily_minutes_down.iter().flatten() {
            let field = || format!("[{index}].dailyMinutesDown.{date}");
            let Ok(day) = NaiveDate::parse_from_str(date, "%Y-%m-%d") else {
                parsed.issues.push(
                    Issue::error("not a date")
                        .field(field())
                        .found(date.as_str())
                        .allowed("YYYY-MM-DD"),
                );
                continue;
            };
            // A number written as text ("5") is that number, as a person reads it.
            let number = minutes.as_f64().or_else(|| {
                let text = minutes.as_str()?.trim();
                let m = text.parse::<f64>().ok().filter(|m| m.is_finite())?;
                parsed.issues.push(
                    Issue::warning("a number written as text: read as that number")
                        .field(field())
                        .found(minutes.to_string())
                        .allowed("a number from 0 to 1500"),
                );
                Some(m)
            });
            let minutes = match number {
                Some(m) if (0.0..=MAX_DAY_MINUTES).contains(&m) => m,
                // Less than nothing down: nothing down.
                Some(m) if m < 0.0 => {
                    parsed.issues.push(
                        Issue::warning("fewer minutes than none: counted as no downtime")
                            .field(field())
                            .found(minutes.to_string())
                            .allowed("a number from 0 to 1500"),
                    );
                    0.0
                }
                // A number too large for a day (or for a float): the whole day down.
                Some(m) if m > MAX_DAY_MINUTES => {
                    parsed.issues.push(
                        Issue::warning(
                            "more minutes than a day has: counted as the whole day down",
                        )
                        .field(field())
                        .found(minutes.to_string())
                        .allowed("a number from 0 to 1500"),
                    );
                    MAX_DAY_MINUTES
                }
                _ => {
                    parsed.issues.push(
                        Issue::error("not a number of minutes in a day")
                            .field(field())
                            .found(minutes.to_string())
                            .allowed("a number from 0 to 1500"),
                    );
                    continue;
                }
            };
            parsed.dataset.recorded_downtime.push(RecordedDowntime {
                component_id: slug.clone(),
                date: day,
                minutes,
            });
        }
        let since = match start_time(site_file, &given) {
            Ok(start) => Some(start),
            Err(None) => {
                unknown_start.push(slug.clone());
                first_instant
            }
            Err(Some(issue)) => {
                parsed.issues.push(issue.field(format!("[{index}]")));
                first_instant
            }
        };
        parsed.dataset.components.push(Component {
            until: None,
            name: site.name.unwrap_or_else(|| slug.clone()),
            id: slug,
            group: None,
            position: Some(index as i64),
            status,
            since,
        });
    }
    if !unknown_start.is_empty() {
        let from = first_date.map_or("no date (the file has none)".to_string(), |d| d.to_string());
        parsed.issues.push(Issue::warning(format!(
            "the start of {} is unknown (no `startTime` in history/<slug>.yml beside this file): \
             their data is taken to begin on the file's first date, {from}",
            unknown_start
                .iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    parsed
}

/// Each site's text, with the line it starts on.
fn sites_of(text: &str) -> Result<Vec<(usize, &str)>, Issue> {
    let located = |err: crate::json::JsonError| {
        let issue = Issue::error(err.message).at(Some(err.line), Some(err.column));
        match err.field.is_empty() {
            true => issue,
            false => issue.field(err.field),
        }
    };
    let mut r = Reader::new(text.as_bytes()).map_err(located)?;
    let mut sites = Vec::new();
    r.array(&mut |r| {
        let start = r.mark();
        r.skip()?;
        let end = r.mark();
        let line = text[..start].matches('\n').count() + 1;
        sites.push((line, &text[start..end]));
        Ok(())
    })
    .map_err(located)?;
    r.end().map_err(located)?;
    Ok(sites)
}

/// A site's `startTime` from its `<slug>.yml`: `Err(None)` when there is no such file or it has
/// none, `Err(Some(_))` when it cannot be read.
fn start_time(site_file: &mut SiteFile<'_>, slug: &str) -> Result<DateTime<Utc>, Option<Issue>> {
    let Some((file, text)) = site_file(slug) else {
        return Err(None);
    };
    let unreadable = |found: &str| {
        Some(
            Issue::warning(format!(
                "{file}: `startTime` is not a time; the site's start is taken as unknown"
            ))
            .found(found)
            .allowed("ISO 8601 (2022-06-20T13:03:11Z) or JavaScript's date text"),
        )
    };
    let value: serde_yaml_ng::Value = match serde_yaml_ng::from_str(&text) {
        Ok(value) => value,
        Err(_) => return Err(unreadable("YAML that cannot be read")),
    };
    let start = match value.get("startTime") {
        None | Some(serde_yaml_ng::Value::Null) => return Err(None),
        Some(serde_yaml_ng::Value::String(s)) => s.clone(),
        Some(other) => return Err(unreadable(&format!("{other:?}"))),
    };
    parse_start_time(&start).ok_or_else(|| unreadable(&start))
}

/// ISO 8601 (`2022-06-20T13:03:11.000Z`), or JavaScript's `Date.toString()` text, which
/// Upptime wrote in its early versions: `Mon Jun 20 2022 13:03:11 GMT+0000 (Coordinated
/// Universal Time)`.
pub fn parse_start_time(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.with_timezone(&Utc));
    }
    let without_name = text.split(" (").next().unwrap_or(text).trim();
    DateTime::parse_from_str(without_name, "%a %b %d %Y %H:%M:%S GMT%z")
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn import_text(text: &str) -> Records {
        read(text, chrono_tz::UTC, &mut |_| None)
    }

    #[test]
    fn what_a_person_reads_past_is_read_with_a_warning() {
        let text = r#"[
          {"name": "Status Page", "url": "https://a", "status": "up",
           "dailyMinutesDown": {"2026-08-01": "5", "2026-08-02": -3}},
          {"name": "B", "url": "https://b", "slug": "b", "status": "up", "dailyMinutesDown": null},
          {"url": "https://c", "status": "up"}
        ]"#;
        let p = import_text(text);
        let ids: Vec<_> = p.dataset.components.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(
            ids,
            ["status-page", "b"],
            "a slug from the name; null is no downtime"
        );
        let minutes: Vec<f64> = (p.dataset.recorded_downtime.iter())
            .map(|r| r.minutes)
            .collect();
        assert_eq!(
            minutes,
            [5.0, 0.0],
            "text read as its number; below zero as none"
        );
        let errors: Vec<_> = (p.issues.iter())
            .filter(|i| i.severity == crate::Severity::Error)
            .map(|i| i.field.clone().unwrap_or_default())
            .collect();
        assert_eq!(errors, ["[2]"], "only the site with neither slug nor name");
        assert_eq!(slug_of("  Hacker News (HN) "), "hacker-news-hn");
    }

    #[test]
    fn each_site_becomes_a_component_with_its_daily_downtime() {
        let text = r#"[
          {"name": "API", "url": "https://api.example.com", "slug": "api", "status": "down",
           "uptime": "99.10%", "dailyMinutesDown": {"2026-08-01": 12, "2026-08-02": 0.5}},
          {"name": "Web", "url": "https://example.com", "slug": "web", "status": "up"}
        ]"#;
        assert!(looks_like_upptime(text));
        let p = import_text(text);
        // Without history/<slug>.yml the start is the file's first date, and says so.
        assert_eq!(p.issues.len(), 1, "{:?}", p.issues);
        assert!(p.issues[0].message.contains("`api`, `web` is unknown"));
        let ids: Vec<_> = p.dataset.components.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["api", "web"]);
        assert_eq!(
            p.dataset.components[0].status,
            Some(ComponentStatus::MajorOutage)
        );
        let first = "2026-08-01T00:00:00Z".parse().ok();
        assert!(p.dataset.components.iter().all(|c| c.since == first));
        let days: Vec<_> = p
            .dataset
            .recorded_downtime
            .iter()
            .map(|r| (r.date.to_string(), r.minutes))
            .collect();
        assert_eq!(
            days,
            [("2026-08-01".into(), 12.0), ("2026-08-02".into(), 0.5)]
        );
    }

    #[test]
    fn impossible_minutes_and_dates_are_errors() {
        let p = import_text(
            r#"[{"url": "u", "slug": "api", "status": "up",
                "dailyMinutesDown": {"2026-08-01": -3, "August 2": 1}}]"#,
        );
        let fields: Vec<_> = p.issues.iter().filter_map(|i| i.field.as_deref()).collect();
        assert_eq!(
            fields,
            [
                "[0].dailyMinutesDown.2026-08-01",
                "[0].dailyMinutesDown.August 2"
            ]
        );
        assert!(!looks_like_upptime(r#"[{"id": 1}]"#));
    }

    #[test]
    fn a_site_that_cannot_be_read_is_reported_and_the_others_kept() {
        let text = r#"[
          {"url": "u", "slug": "api", "status": "up", "dailyMinutesDown": {"2026-08-01": 1e400}},
          {"url": "u", "slug": 7, "status": "up"},
          {"url": "u", "slug": "web", "status": "up", "dailyMinutesDown": {"2026-08-02": 3}}
        ]"#;
        assert!(looks_like_upptime(text));
        let p = import_text(text);
        let ids: Vec<_> = p.dataset.components.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["web"], "{:?}", p.issues);
        assert_eq!(p.issues[0].field.as_deref(), Some("[0]"));
        assert_eq!(p.issues[0].line, Some(2));
        assert_eq!(p.issues[1].field.as_deref(), Some("[1]"));
        assert_eq!(p.issues[1].line, Some(3));
    }

    #[test]
    fn two_sites_with_one_slug_are_kept_apart() {
        let p = import_text(
            r#"[{"url": "a", "slug": "api", "status": "up", "dailyMinutesDown": {"2026-08-01": 5}},
                {"url": "b", "slug": "api", "status": "up", "dailyMinutesDown": {"2026-08-01": 7}}]"#,
        );
        let ids: Vec<_> = p.dataset.components.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["api", "api-2"]);
        let recorded: Vec<_> = (p.dataset.recorded_downtime.iter())
            .map(|r| (r.component_id.as_str(), r.minutes))
            .collect();
        assert_eq!(recorded, [("api", 5.0), ("api-2", 7.0)]);
        assert_eq!(p.issues[0].field.as_deref(), Some("[1].slug"));
    }

    #[test]
    fn start_times_read_in_both_of_upptimes_shapes() {
        for text in [
            "2022-06-20T13:03:11.000Z",
            "Mon Jun 20 2022 13:03:11 GMT+0000 (Coordinated Universal Time)",
            "Mon Jun 20 2022 15:03:11 GMT+0200 (Central European Summer Time)",
        ] {
            assert_eq!(
                parse_start_time(text).map(|t| t.to_rfc3339()).as_deref(),
                Some("2022-06-20T13:03:11+00:00"),
                "{text}"
            );
        }
        assert_eq!(parse_start_time("last June"), None);
    }
}
