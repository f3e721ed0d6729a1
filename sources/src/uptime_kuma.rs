//! Uptime Kuma: a status page's `/api/status-page/<slug>` (its pinned `incident`, or
//! `incidents`, its `publicGroupList` of monitors, its `maintenanceList`) with
//! `/api/status-page/heartbeat/<slug>` (`heartbeatList`: each monitor's latest beats).
//!
//! The two are one page: the import reads the status page with the heartbeat document in the
//! same folder ([`pair`]), and a heartbeat document without a status page beside it alone
//! ([`read_heartbeats`]), its monitors named by their ids.
//!
//! - Monitors are components, by their id; their group is the group they are listed in.
//! - A beat is `0` down, `1` up, `2` pending, `3` maintenance: a down beat counts as downtime
//!   until the next beat; pending and maintenance count as neither (see
//!   `vendor::downtime_of_checks`). Beats carry times without a zone: Uptime Kuma writes UTC.
//! - The pinned incident is an announcement with no components and no end: open, its impact
//!   from its `style` (`danger`: major, `warning`: minor, else none).
//! - A maintenance is scheduled for its first time slot (`timeslotList`, else `dateRange`), in
//!   its own `timezoneOffset` (UTC without one).
//! - The heartbeat list holds only the latest beats: the page says nothing before the earliest
//!   of them (nor before what is open).

use chrono::{DateTime, Duration, Utc};
use serde_json::Value;

use candor_core::{Component, Dataset, Impact, Incident, Maintenance, Page, UpdateStatus};

use crate::vendor::{self, list, not_a_record, shown, text, Check};
use crate::{Issue, Records};

/// Whether a JSON document is an Uptime Kuma status page (`config` and `publicGroupList`).
pub fn is_status_page(value: &Value) -> bool {
    value.get("publicGroupList").is_some() && value.get("config").is_some_and(Value::is_object)
}

/// Whether a JSON document is an Uptime Kuma heartbeat list (`heartbeatList`, an object).
pub fn is_heartbeat(value: &Value) -> bool {
    value.get("heartbeatList").is_some_and(Value::is_object)
}

/// The slug of a status page document (`config.slug`), if it has one.
pub fn slug(text: &str) -> Option<String> {
    let value: Value = serde_json::from_str(text).ok()?;
    value
        .pointer("/config/slug")
        .and_then(Value::as_str)
        .map(str::to_string)
}

/// Which of the heartbeat documents in a status page's folder (by file name) is its own: the
/// only one, else the one whose name holds the page's slug (`heartbeat-<slug>.json`), else
/// none.
pub fn pair<'a>(slug: Option<&str>, heartbeat_files: &[&'a str]) -> Option<&'a str> {
    match heartbeat_files {
        [only] => Some(only),
        _ => {
            let slug = slug.filter(|s| !s.is_empty())?;
            let mut named = heartbeat_files.iter().filter(|name| name.contains(slug));
            match (named.next(), named.next()) {
                (Some(one), None) => Some(one),
                _ => None,
            }
        }
    }
}

/// Reads a status page document, with its heartbeat document when there is one.
pub fn read(page_text: &str, heartbeat_text: Option<&str>) -> Records {
    let value = match vendor::parse_or_records(page_text, "status_page") {
        Ok(v) => v,
        Err(records) => return records,
    };
    let mut issues = Vec::new();
    let mut data = Dataset {
        page: Page {
            name: (value.pointer("/config/title").and_then(Value::as_str)).map(str::to_string),
            url: None,
            time_zone: None,
        },
        ..Dataset::default()
    };
    let groups = list(value.get("publicGroupList"), "publicGroupList", &mut issues);
    for (g, group) in groups.into_iter().enumerate() {
        let path = format!("publicGroupList[{g}]");
        if !group.is_object() {
            issues.push(not_a_record(&path, group));
            continue;
        }
        let group_name = text(group, "name");
        let monitors = list(
            group.get("monitorList"),
            &format!("{path}.monitorList"),
            &mut issues,
        );
        for (k, monitor) in monitors.into_iter().enumerate() {
            let mpath = format!("{path}.monitorList[{k}]");
            let Some(id) = text(monitor, "id") else {
                issues.push(
                    Issue::error("a monitor without `id`: left out").field(format!("{mpath}.id")),
                );
                continue;
            };
            if data.component(&id).is_some() {
                continue;
            }
            data.components.push(Component {
                until: None,
                name: text(monitor, "name").unwrap_or_else(|| format!("monitor {id}")),
                group: group_name.clone(),
                position: Some(data.components.len() as i64),
                status: None,
                since: None,
                id,
            });
        }
    }
    // One pinned `incident` (1.x), or a list of `incidents`.
    let mut incidents: Vec<(String, &Value)> = Vec::new();
    if let Some(one) = value.get("incident").filter(|v| !v.is_null()) {
        incidents.push(("incident".into(), one));
    }
    for (k, one) in list(value.get("incidents"), "incidents", &mut issues)
        .into_iter()
        .enumerate()
    {
        incidents.push((format!("incidents[{k}]"), one));
    }
    for (path, raw) in incidents {
        if let Some(incident) = incident(raw, &path, &mut issues) {
            data.incidents.push(incident);
        }
    }
    let maintenances = list(value.get("maintenanceList"), "maintenanceList", &mut issues);
    for (k, raw) in maintenances.into_iter().enumerate() {
        if let Some(m) = maintenance(raw, &format!("maintenanceList[{k}]"), &mut issues) {
            data.maintenances.push(m);
        }
    }
    let mut first_beat = None;
    if let Some(heartbeats) = heartbeat_text {
        let beats = read_heartbeats(heartbeats);
        for mut issue in beats.issues {
            issue.message = format!("in the heartbeat document: {}", issue.message);
            issues.push(issue);
        }
        for c in beats.dataset.components {
            match data.components.iter_mut().find(|own| own.id == c.id) {
                Some(own) => {
                    own.since = c.since;
                    own.until = c.until;
                }
                None => data.components.push(c),
            }
        }
        first_beat = beats.dataset.covered_from;
        data.recorded_downtime = beats.dataset.recorded_downtime;
    }
    data.covered_from = (data.incidents.iter().map(|i| i.start))
        .chain(data.maintenances.iter().map(|m| m.scheduled_for))
        .chain(first_beat)
        .min();
    Records {
        dataset: data,
        issues,
        kind: Some("status_page".into()),
        ..Records::default()
    }
}

fn incident(raw: &Value, path: &str, issues: &mut Vec<Issue>) -> Option<Incident> {
    if !raw.is_object() {
        issues.push(not_a_record(path, raw));
        return None;
    }
    let Some(id) = text(raw, "id") else {
        issues.push(Issue::error("an incident without `id`: left out").field(format!("{path}.id")));
        return None;
    };
    let id = format!("incident-{id}");
    let Some(start) = vendor::instant(raw, "createdDate", path, issues) else {
        if raw.get("createdDate").is_none_or(Value::is_null) {
            issues.push(
                Issue::error(format!("{id} has no `createdDate`: left out"))
                    .field(format!("{path}.createdDate")),
            );
        }
        return None;
    };
    let impact = match text(raw, "style").as_deref() {
        Some("danger") => Impact::Major,
        Some("warning") => Impact::Minor,
        _ => Impact::None,
    };
    let mut updates = Vec::new();
    if let Some(content) = text(raw, "content") {
        updates.push(candor_core::IncidentUpdate {
            at: start,
            status: UpdateStatus::Investigating,
            body: content,
        });
    }
    Some(Incident {
        title: text(raw, "title").unwrap_or_else(|| id.clone()).into(),
        created_at: Some(start),
        updates: updates.into_boxed_slice(),
        ..Incident::new(&id, impact, start, None)
    })
}

/// `+HH:MM` or `-HH:MM` as seconds east of UTC.
fn offset_seconds(text: &str) -> Option<i64> {
    let (sign, rest) = match text.trim().as_bytes().first()? {
        b'+' => (1, &text.trim()[1..]),
        b'-' => (-1, &text.trim()[1..]),
        _ => return None,
    };
    let (h, m) = rest.split_once(':')?;
    let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
    ((0..=14).contains(&h) && (0..60).contains(&m)).then_some(sign * (h * 3600 + m * 60))
}

fn maintenance(raw: &Value, path: &str, issues: &mut Vec<Issue>) -> Option<Maintenance> {
    if !raw.is_object() {
        issues.push(not_a_record(path, raw));
        return None;
    }
    let Some(id) = text(raw, "id") else {
        issues
            .push(Issue::error("a maintenance without `id`: left out").field(format!("{path}.id")));
        return None;
    };
    let offset = match text(raw, "timezoneOffset") {
        None => 0,
        Some(o) => offset_seconds(&o).unwrap_or_else(|| {
            issues.push(
                Issue::warning(format!(
                    "maintenance `{id}`: `timezoneOffset` is not an offset: its times are read as UTC"
                ))
                .field(format!("{path}.timezoneOffset"))
                .found(o)
                .allowed("+HH:MM or -HH:MM"),
            );
            0
        }),
    };
    let local = |t: &Value| -> Option<DateTime<Utc>> {
        let text = t.as_str()?;
        let at = vendor::instant_text(text)?;
        // A time with its own zone is that time; one without is in the maintenance's zone.
        Some(if vendor::is_zoneless(text) {
            at - Duration::seconds(offset)
        } else {
            at
        })
    };
    let slot = raw
        .get("timeslotList")
        .and_then(Value::as_array)
        .and_then(|l| l.first())
        .map(|s| (s.get("startDate"), s.get("endDate")))
        .or_else(|| {
            let range = raw.get("dateRange")?.as_array()?;
            Some((range.first(), range.get(1)))
        });
    let (start, end) = match slot {
        Some((start, end)) => (start.and_then(local), end.and_then(local)),
        None => (None, None),
    };
    let Some(start) = start else {
        issues.push(
            Issue::error(format!(
                "maintenance `{id}` has no time it is scheduled for: left out"
            ))
            .field(format!("{path}.timeslotList"))
            .found(raw.get("timeslotList").map_or("nothing".into(), shown))
            .allowed("a time slot with startDate and endDate, YYYY-MM-DD HH:MM"),
        );
        return None;
    };
    let status = match text(raw, "status").as_deref() {
        Some("under-maintenance") => UpdateStatus::InProgress,
        Some("scheduled") => UpdateStatus::Scheduled,
        Some("ended") => UpdateStatus::Completed,
        Some(other) => UpdateStatus::parse(other),
        None => UpdateStatus::Scheduled,
    };
    Some(Maintenance {
        id: format!("maintenance-{id}"),
        title: text(raw, "title").unwrap_or_else(|| format!("maintenance {id}")),
        status,
        scheduled_for: start,
        scheduled_until: end.filter(|e| *e >= start),
        component_ids: Vec::new(),
        updates: Vec::new(),
        url: None,
    })
}

/// Reads a heartbeat document alone: each monitor a component named by its id (the status page
/// names them), and the downtime its beats measured.
pub fn read_heartbeats(text: &str) -> Records {
    let value = match vendor::parse_or_records(text, "heartbeat") {
        Ok(v) => v,
        Err(records) => return records,
    };
    let mut issues = Vec::new();
    let mut data = Dataset::default();
    let Some(monitors) = value.get("heartbeatList").and_then(Value::as_object) else {
        issues.push(
            Issue::error("no `heartbeatList`: no beats read")
                .field("heartbeatList")
                .allowed("an object of each monitor's beats by its id"),
        );
        return Records {
            dataset: data,
            issues,
            kind: Some("heartbeat".into()),
            ..Records::default()
        };
    };
    let mut ids: Vec<&String> = monitors.keys().collect();
    // Monitor ids are numbers: 2 before 10.
    candor_core::sort::sort_by_key(&mut ids, |id| {
        (id.parse::<u64>().unwrap_or(u64::MAX), id.as_str())
    });
    for id in ids {
        let path = format!("heartbeatList[\"{id}\"]");
        let mut checks = Vec::new();
        for (k, beat) in list(monitors.get(id.as_str()), &path, &mut issues)
            .into_iter()
            .enumerate()
        {
            let bpath = format!("{path}[{k}]");
            let Some(at) = vendor::instant(beat, "time", &bpath, &mut issues) else {
                if beat.get("time").is_none_or(Value::is_null) {
                    issues.push(
                        Issue::error("a beat without `time`: left out")
                            .field(format!("{bpath}.time")),
                    );
                }
                continue;
            };
            let down = match beat.get("status").and_then(Value::as_i64) {
                Some(0) => Some(true),
                Some(1) => Some(false),
                Some(2 | 3) => None,
                _ => {
                    issues.push(
                        Issue::error("a beat whose status is none of Uptime Kuma's: left out")
                            .field(format!("{bpath}.status"))
                            .found(beat.get("status").map_or("nothing".into(), shown))
                            .allowed("0 (down), 1 (up), 2 (pending), 3 (maintenance)"),
                    );
                    continue;
                }
            };
            checks.push(Check { at, down });
        }
        let monitor = Component::named(id.clone(), format!("monitor {id}"));
        vendor::record_monitor(&mut data, monitor, &mut checks);
    }
    Records {
        dataset: data,
        issues,
        kind: Some("heartbeat".into()),
        ..Records::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = include_str!("../tests/fixtures/uptime-kuma/status-page-shop.json");
    const BEATS: &str = include_str!("../tests/fixtures/uptime-kuma/heartbeat-shop.json");

    #[test]
    fn the_page_and_its_beats_give_monitors_the_incident_the_maintenance_and_the_downtime() {
        let r = read(PAGE, Some(BEATS));
        let d = &r.dataset;
        let names: Vec<(&str, &str, Option<&str>)> = (d.components.iter())
            .map(|c| (c.id.as_str(), c.name.as_str(), c.group.as_deref()))
            .collect();
        assert_eq!(
            names,
            [
                ("1", "Shop", Some("Public")),
                ("2", "Payments", Some("Public"))
            ]
        );
        assert_eq!(d.page.name.as_deref(), Some("Shop status"));
        let i = &d.incidents[0];
        assert_eq!(
            (&*i.title, i.impact, i.is_open()),
            ("Payments failing", Impact::Major, true)
        );
        // Maintenance 10:00-11:00 at +02:00 is 08:00-09:00 UTC.
        let m = &d.maintenances[0];
        assert_eq!(m.scheduled_for.to_rfc3339(), "2026-09-12T08:00:00+00:00");
        assert_eq!(m.status, UpdateStatus::InProgress);
        // Payments: down 12:00:00 to 12:02:00 (the pending beat ends it), up after.
        let down: Vec<(&str, f64)> = (d.recorded_downtime.iter())
            .map(|r| (r.component_id.as_str(), r.minutes))
            .collect();
        assert_eq!(down, [("1", 0.0), ("2", 2.0)]);
        // The beat with status 7 is an error; the others are read.
        let errors: Vec<_> = r
            .issues
            .iter()
            .map(|i| i.field.clone().unwrap_or_default())
            .collect();
        assert_eq!(errors, ["heartbeatList[\"2\"][3].status"]);
        assert_eq!(
            d.covered_from.map(|t| t.to_rfc3339()).as_deref(),
            Some("2026-09-12T08:00:00+00:00")
        );
    }

    #[test]
    fn a_monitor_down_at_every_beat_is_down_while_observed_and_has_no_data_after_its_last_beat() {
        use candor_core::uptime::UptimeWeights;
        use candor_core::History;
        let beats = r#"{"heartbeatList": {"7": [
            {"status": 0, "time": "2026-09-12 10:00:00", "msg": "timeout"},
            {"status": 0, "time": "2026-09-12 10:01:00", "msg": "timeout"},
            {"status": 0, "time": "2026-09-12 10:02:00", "msg": "timeout"}
        ]}}"#;
        let r = read_heartbeats(beats);
        let c = &r.dataset.components[0];
        assert_eq!(
            c.until.map(|t| t.to_rfc3339()).as_deref(),
            Some("2026-09-12T10:02:00+00:00")
        );
        let now = "2026-09-14T00:00:00Z".parse().expect("now");
        let history = History::new(&r.dataset, &chrono::Utc, now, UptimeWeights::default());
        let day = |d: &str| d.parse::<chrono::NaiveDate>().expect("date");
        let days = history.daily("7", day("2026-09-12"), day("2026-09-13"));
        assert_eq!(
            days[0].uptime.observed_minutes, 2.0,
            "from the first beat to the last"
        );
        assert_eq!(
            days[0].uptime.downtime_minutes, 2.0,
            "down all that time: 0%, not 99.9%"
        );
        assert_eq!(
            days[1].uptime.observed_minutes, 0.0,
            "after the last beat: no data"
        );
    }

    #[test]
    fn beats_alone_name_their_monitors_by_id() {
        let r = read_heartbeats(BEATS);
        assert_eq!(r.dataset.components[1].name, "monitor 2");
        assert!(is_heartbeat(&vendor::parse(BEATS).expect("json")));
        assert!(is_status_page(&vendor::parse(PAGE).expect("json")));
    }

    #[test]
    fn a_page_pairs_with_the_only_heartbeat_file_or_the_one_named_by_its_slug() {
        assert_eq!(pair(Some("shop"), &["beats.json"]), Some("beats.json"));
        assert_eq!(
            pair(
                Some("shop"),
                &["heartbeat-blog.json", "heartbeat-shop.json"]
            ),
            Some("heartbeat-shop.json")
        );
        assert_eq!(pair(Some("shop"), &["a.json", "b.json"]), None);
        assert_eq!(pair(None, &[]), None);
    }
}
