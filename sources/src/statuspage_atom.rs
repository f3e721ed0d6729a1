//! Statuspage's `history.atom` and `history.rss`: the page's latest incidents (25 on
//! Statuspage), each entry one incident whose content is an HTML list of its updates, newest
//! first: `<p><small>Aug <var>21</var>, <var>00:37</var> UTC</small><br><strong>Resolved</strong>
//! - text</p>`.
//!
//! - The updates' times carry no year: each takes the year that puts it at or before the
//!   update after it (the newest: at or before the entry's `updated`/`published`, RSS
//!   `pubDate`), so that a December update before a January one falls in the year before.
//! - An incident starts at its first update and ends at its last `Resolved` (or `Completed`)
//!   update; without one it is open. An entry whose updates are `Scheduled`, `In progress`,
//!   `Verifying` or `Completed` is a maintenance, scheduled for the window its
//!   `THIS IS A SCHEDULED EVENT` line gives, else for its first update.
//! - The feed gives no impact: each incident is read as `none` with a warning that
//!   `candor.toml` settles (`impact = ...`); nor components.
//! - The feed is a window: it says nothing of the time before its oldest entry.
//! - Times in another zone than UTC (a page set to its own zone writes `PDT`, `CET`, ...) are
//!   read as UTC with a warning: the feed names the zone only by its abbreviation.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use quick_xml::events::Event;

use candor_core::{Dataset, Impact, Incident, IncidentUpdate, Maintenance, Page, UpdateStatus};

use crate::vendor::instant_text;
use crate::{Issue, Records};

/// Whether a text is an Atom or RSS feed of a Statuspage page's history: XML with a `<feed`
/// or `<rss` element whose entries hold Statuspage's update list (`data-var='date'`), or whose
/// links point at `/incidents/`.
pub fn looks_like(text: &str) -> bool {
    let head = text.trim_start();
    head.starts_with('<')
        && (text.contains("<feed") || text.contains("<rss"))
        && (text.contains("data-var=&#39;date&#39;")
            || text.contains("data-var='date'")
            || text.contains("data-var=&quot;date&quot;")
            || text.contains("data-var=\"date\"")
            || text.contains("/incidents/"))
}

/// One `<entry>` or `<item>`, its fields as text (entities resolved).
#[derive(Debug, Default)]
struct Entry {
    line: usize,
    id: Option<String>,
    title: Option<String>,
    link: Option<String>,
    published: Option<String>,
    updated: Option<String>,
    content: Option<String>,
}

/// The page's name and address, and its entries, as the XML gives them.
#[derive(Debug, Default)]
struct Feed {
    title: Option<String>,
    link: Option<String>,
    entries: Vec<Entry>,
}

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map_or(1, |s| s.matches('\n').count() + 1)
}

// An `Issue` is built once per feed that is not XML, where its size does not matter.
#[allow(clippy::result_large_err)]
fn read_feed(text: &str) -> Result<Feed, Issue> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut feed = Feed::default();
    let mut path: Vec<String> = Vec::new();
    let mut raw = String::new();
    let mut entry: Option<Entry> = None;
    loop {
        let at = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|err| {
            let offset = reader.error_position() as usize;
            Issue::error(format!("not well-formed XML: {err}"))
                .at(Some(line_of(text, offset)), None)
                .allowed("an Atom or RSS feed")
        })?;
        match event {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                if matches!(name.as_str(), "entry" | "item") {
                    entry = Some(Entry {
                        line: line_of(text, at),
                        ..Entry::default()
                    });
                }
                link_of(&e, &name, entry.as_mut(), &mut feed);
                path.push(name);
                raw.clear();
            }
            Event::Empty(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                link_of(&e, &name, entry.as_mut(), &mut feed);
            }
            Event::Text(t) => raw.push_str(&t.decode().unwrap_or_default()),
            Event::GeneralRef(r) => {
                raw.push('&');
                raw.push_str(&r.decode().unwrap_or_default());
                raw.push(';');
            }
            Event::CData(c) => {
                let content = String::from_utf8_lossy(&c).into_owned();
                raw.push_str(&quick_xml::escape::escape(&content));
            }
            Event::End(_) => {
                let name = path.pop().unwrap_or_default();
                let value = quick_xml::escape::unescape(&raw)
                    .map(|c| c.into_owned())
                    .unwrap_or_else(|_| raw.clone());
                let value = value.trim().to_string();
                raw.clear();
                match (entry.as_mut(), name.as_str()) {
                    (Some(_), "entry" | "item") => {
                        if let Some(done) = entry.take() {
                            feed.entries.push(done);
                        }
                    }
                    (Some(e), "id" | "guid") => e.id = Some(value),
                    (Some(e), "title") => e.title = Some(value),
                    (Some(e), "link") if !value.is_empty() => e.link = Some(value),
                    (Some(e), "published" | "pubDate") => e.published = Some(value),
                    (Some(e), "updated") => e.updated = Some(value),
                    (Some(e), "content" | "description") => e.content = Some(value),
                    (None, "title") if feed.title.is_none() => feed.title = Some(value),
                    (None, "link") if feed.link.is_none() && !value.is_empty() => {
                        feed.link = Some(value)
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(feed)
}

/// An Atom `<link rel="alternate" href>`: the entry's incident page, or the page's address.
fn link_of(
    e: &quick_xml::events::BytesStart<'_>,
    name: &str,
    entry: Option<&mut Entry>,
    feed: &mut Feed,
) {
    if name != "link" {
        return;
    }
    let attr = |key: &str| {
        e.try_get_attribute(key)
            .ok()
            .flatten()
            .and_then(|a| a.unescape_value().ok())
            .map(|v| v.into_owned())
    };
    let Some(href) = attr("href") else { return };
    if attr("rel").is_some_and(|r| r != "alternate") {
        return;
    }
    match entry {
        Some(entry) => entry.link = Some(href),
        None if feed.link.is_none() => feed.link = Some(href),
        None => {}
    }
}

/// HTML as plain text: tags out, entities resolved, spaces collapsed.
fn plain(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn month(word: &str) -> Option<u32> {
    let word = word.get(..3)?.to_ascii_lowercase();
    MONTHS.iter().position(|m| *m == word).map(|k| k as u32 + 1)
}

/// `HH:MM` as hours and minutes.
fn clock(word: &str) -> Option<(u32, u32)> {
    let (h, m) = word.split_once(':')?;
    let (h, m) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some((h, m))
}

/// A time without a year: month, day, hour, minute.
#[derive(Debug, Clone, Copy)]
struct Yearless {
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
}

impl Yearless {
    /// The latest year that puts it at or before `reference` (a day's leeway for clocks), else
    /// the year after.
    fn place(self, reference: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let at = |year: i32| {
            NaiveDate::from_ymd_opt(year, self.month, self.day)?
                .and_hms_opt(self.hour, self.minute, 0)
                .map(|t| t.and_utc())
        };
        let latest = reference + Duration::days(1);
        let year = reference.year();
        [year + 1, year, year - 1, year - 2]
            .into_iter()
            .filter_map(at)
            .find(|t| *t <= latest)
            .or_else(|| at(year + 1))
    }

    /// The year that puts it nearest to `reference`.
    fn nearest(self, reference: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let year = reference.year();
        (year - 1..=year + 1)
            .filter_map(|y| {
                NaiveDate::from_ymd_opt(y, self.month, self.day)?
                    .and_hms_opt(self.hour, self.minute, 0)
                    .map(|t| t.and_utc())
            })
            .min_by_key(|t| (*t - reference).num_seconds().abs())
    }
}

/// `Aug 21, 00:37 UTC` (the text of an update's `<small>`): the time, and its zone's name.
fn yearless(text: &str) -> Option<(Yearless, String)> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let [m, d, t, rest @ ..] = words.as_slice() else {
        return None;
    };
    let (hour, minute) = clock(t)?;
    let zone = rest.first().map_or("UTC".to_string(), |z| z.to_string());
    Some((
        Yearless {
            month: month(m)?,
            day: d.parse().ok()?,
            hour,
            minute,
        },
        zone,
    ))
}

/// RFC 2822 as RSS writes it: `Thu, 21 Aug 2026 00:37:20 +0000`.
fn rfc2822(text: &str) -> Option<DateTime<Utc>> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let words = match words.first() {
        Some(w) if w.ends_with(',') => &words[1..],
        _ => &words[..],
    };
    let [d, m, y, t, zone, ..] = words else {
        return None;
    };
    let mut hms = t.split(':');
    let (h, mi) = (hms.next()?.parse().ok()?, hms.next()?.parse().ok()?);
    let s = hms.next().map_or(Some(0), |s| s.parse().ok())?;
    let local = NaiveDate::from_ymd_opt(y.parse().ok()?, month(m)?, d.parse().ok()?)?
        .and_hms_opt(h, mi, s)?;
    let offset = match *zone {
        "GMT" | "UTC" | "UT" | "Z" => 0,
        z if z.len() == 5 && (z.starts_with('+') || z.starts_with('-')) => {
            let hh: i64 = z.get(1..3)?.parse().ok()?;
            let mm: i64 = z.get(3..5)?.parse().ok()?;
            let secs = hh * 3600 + mm * 60;
            if z.starts_with('-') {
                -secs
            } else {
                secs
            }
        }
        _ => return None,
    };
    Some(local.and_utc() - Duration::seconds(offset))
}

fn entry_time(text: &str) -> Option<DateTime<Utc>> {
    instant_text(text).or_else(|| rfc2822(text))
}

/// Reads a `history.atom` or `history.rss`.
pub fn read(text: &str) -> Records {
    let kind = if text.contains("<rss") {
        "history_rss"
    } else {
        "history_atom"
    };
    let feed = match read_feed(text) {
        Ok(f) => f,
        Err(issue) => {
            return Records {
                issues: vec![issue],
                kind: Some(kind.into()),
                ..Records::default()
            }
        }
    };
    let mut issues = Vec::new();
    let name = feed.title.as_deref().map(|t| {
        t.trim_end_matches(" - Incident History")
            .trim_end_matches(" Status - Incident History")
            .to_string()
    });
    let mut data = Dataset {
        page: Page {
            name,
            url: feed.link.clone(),
            time_zone: None,
        },
        ..Dataset::default()
    };
    let mut other_zones: Vec<String> = Vec::new();
    for (k, e) in feed.entries.iter().enumerate() {
        let field = format!("entry[{k}]");
        let reference = e
            .updated
            .as_deref()
            .and_then(entry_time)
            .or_else(|| e.published.as_deref().and_then(entry_time));
        let id = (e.link.as_deref())
            .and_then(|l| {
                l.rsplit_once("/incidents/")
                    .map(|(_, id)| id.trim_end_matches('/').to_string())
            })
            .filter(|id| !id.is_empty())
            .or_else(|| e.id.clone());
        let (Some(id), Some(reference)) = (id, reference) else {
            issues.push(
                Issue::error("an entry without an id or a time (`updated`, `published`, `pubDate`): left out")
                    .at(Some(e.line), None)
                    .field(field),
            );
            continue;
        };
        let html = e.content.clone().unwrap_or_default();
        let mut updates: Vec<IncidentUpdate> = Vec::new();
        let mut window: Option<(Yearless, Option<(u32, u32)>)> = None;
        let mut newer = reference;
        for paragraph in html.split("<p>").map(plain).filter(|p| !p.is_empty()) {
            if let Some(rest) = paragraph.strip_prefix("THIS IS A SCHEDULED EVENT") {
                // `Aug 27, 16:00 - 20:00 UTC`
                let (from, to) = rest.split_once(" - ").unwrap_or((rest, ""));
                if let Some((start, _)) = yearless(from) {
                    window = Some((start, clock(to.split_whitespace().next().unwrap_or(""))));
                }
                continue;
            }
            let Some((when, zone)) = yearless(&paragraph) else {
                continue;
            };
            if zone != "UTC" && zone != "GMT" && !other_zones.contains(&zone) {
                other_zones.push(zone.clone());
            }
            let Some(at) = when.place(newer) else {
                continue;
            };
            newer = at;
            // After the time and its zone: `Resolved - text`.
            let rest = paragraph
                .split_once(&format!(" {zone} "))
                .map_or("", |(_, r)| r);
            let (word, body) = rest.split_once(" - ").unwrap_or((rest, ""));
            updates.push(IncidentUpdate {
                at,
                status: UpdateStatus::parse(word),
                body: body.to_string(),
            });
        }
        updates.reverse();
        // The window is placed nearest the first update (it is announced ahead, not years).
        let window = window.and_then(|(start, end)| {
            let s = start.nearest(updates.first().map_or(reference, |u| u.at))?;
            let end = end.and_then(|(h, m)| {
                let same_day = s.date_naive().and_hms_opt(h, m, 0)?.and_utc();
                Some(if same_day < s {
                    same_day + Duration::days(1)
                } else {
                    same_day
                })
            });
            Some((s, end))
        });
        let title = e.title.clone().unwrap_or_else(|| id.clone());
        let maintenance = updates.iter().any(|u| {
            matches!(
                u.status,
                UpdateStatus::Scheduled
                    | UpdateStatus::InProgress
                    | UpdateStatus::Verifying
                    | UpdateStatus::Completed
            )
        }) || window.is_some();
        let last_status = updates.last().map(|u| u.status.clone());
        if maintenance {
            let (start, until) =
                window.unwrap_or((updates.first().map_or(reference, |u| u.at), None));
            data.maintenances.push(Maintenance {
                id,
                title,
                status: last_status.unwrap_or(UpdateStatus::Scheduled),
                scheduled_for: start,
                scheduled_until: until,
                component_ids: Vec::new(),
                updates,
                url: e.link.clone(),
            });
            continue;
        }
        let Some(start) = updates.first().map(|u| u.at) else {
            issues.push(
                Issue::error(format!(
                    "incident `{id}`: no update with a time in its content: left out"
                ))
                .at(Some(e.line), None)
                .field(format!("{field}.content"))
                .allowed(
                    "Statuspage's list of updates, each `Mon D, HH:MM UTC` then `Status - text`",
                ),
            );
            continue;
        };
        let end = (updates.iter().rev())
            .find(|u| matches!(u.status, UpdateStatus::Resolved | UpdateStatus::Completed))
            .map(|u| u.at);
        let status = match &last_status {
            Some(UpdateStatus::Postmortem) if end.is_some() => UpdateStatus::Postmortem,
            Some(s) => s.clone(),
            None => UpdateStatus::Investigating,
        };
        issues.push(
            Issue::warning(format!(
                "incident `{id}`: the feed gives no impact: read as `none` (no downtime); give it \
                 in candor.toml (`[incidents.\"{id}\"]` `impact = ...`)"
            ))
            .at(Some(e.line), None)
            .field(format!("{field}.content"))
            .incident(&id)
            .settled_by("impact"),
        );
        data.incidents.push(Incident {
            title: title.into(),
            status,
            created_at: Some(start),
            updates: updates.into_boxed_slice(),
            url: e.link.clone().map(Into::into),
            ..Incident::new(&id, Impact::None, start, end)
        });
    }
    if !other_zones.is_empty() {
        issues.push(Issue::warning(format!(
            "update times in {}: the feed names the zone only by its abbreviation, so they are \
             read as UTC; read the page's API (incidents.json) for exact times",
            other_zones.join(", ")
        )));
    }
    data.covered_from = (data.incidents.iter().map(|i| i.start))
        .chain(data.maintenances.iter().map(|m| m.scheduled_for))
        .min();
    Records {
        dataset: data,
        issues,
        kind: Some(kind.into()),
        ..Records::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ATOM: &str = include_str!("../tests/fixtures/statuspage-atom/history.atom");
    const RSS: &str = include_str!("../tests/fixtures/statuspage-atom/history.rss");

    #[test]
    fn updates_take_the_year_that_puts_them_before_the_next_across_a_year_end() {
        let r = read(ATOM);
        let d = &r.dataset;
        assert_eq!(d.page.name.as_deref(), Some("Example"));
        // In the feed's order, newest first.
        let i = &d.incidents[1];
        assert_eq!(&*i.id, "abc123");
        // Dec 31 23:50, then Jan 1 00:20 in an entry updated in January 2027.
        assert_eq!(i.start.to_rfc3339(), "2026-12-31T23:50:00+00:00");
        assert_eq!(
            i.end.map(|t| t.to_rfc3339()).as_deref(),
            Some("2027-01-01T00:20:00+00:00")
        );
        let statuses: Vec<&str> = i.updates.iter().map(|u| u.status.as_str()).collect();
        assert_eq!(statuses, ["investigating", "resolved"]);
        assert_eq!(i.updates[1].body, "Fixed & verified.");
        assert!(d.incidents[0].is_open());
        let m = &d.maintenances[0];
        assert_eq!(m.scheduled_for.to_rfc3339(), "2026-12-20T16:00:00+00:00");
        assert_eq!(
            m.scheduled_until.map(|t| t.to_rfc3339()).as_deref(),
            Some("2026-12-20T20:00:00+00:00")
        );
        assert_eq!(
            d.covered_from.map(|t| t.to_rfc3339()).as_deref(),
            Some("2026-12-20T16:00:00+00:00")
        );
        // One warning per incident: the feed has no impact.
        assert_eq!(r.issues.len(), 2);
        assert!(looks_like(ATOM));
    }

    #[test]
    fn rss_items_read_the_same_with_rfc_2822_dates() {
        let r = read(RSS);
        let i = &r.dataset.incidents[0];
        assert_eq!(i.start.to_rfc3339(), "2026-08-20T17:05:00+00:00");
        assert_eq!(
            i.end.map(|t| t.to_rfc3339()).as_deref(),
            Some("2026-08-21T00:37:00+00:00")
        );
        assert!(looks_like(RSS));
        assert_eq!(
            rfc2822("Thu, 21 Aug 2026 02:37:20 +0200")
                .map(|t| t.to_rfc3339())
                .as_deref(),
            Some("2026-08-21T00:37:20+00:00")
        );
    }

    #[test]
    fn xml_that_is_not_well_formed_is_one_located_error() {
        let r = read("<?xml version=\"1.0\"?>\n<feed><entry></feed>");
        assert_eq!(r.issues.len(), 1);
        assert_eq!(r.issues[0].severity, crate::Severity::Error);
        assert_eq!(r.issues[0].line, Some(2));
    }
}
