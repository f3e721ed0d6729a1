//! Better Stack: a status page's `index.json` (JSON:API): the page in `data`, and in
//! `included` its sections, its resources (each with a daily `status_history`), its status
//! reports and their status updates.
//!
//! - Sections are groups; resources are components (by id), in the section they name.
//! - A resource's `status_history` is downtime its monitor measured: each day's
//!   `downtime_duration` (seconds) is that day's recorded downtime; the first day is when the
//!   resource started being observed.
//! - A status report of `report_type` `maintenance` is a maintenance; any other is an incident.
//!   Its updates' `affected_resources` give each resource's status over time (`degraded`:
//!   degraded performance, `downtime`: major outage, `maintenance`, `resolved`/`operational`:
//!   operational), and the worst of them its impact (as Statuspage's: degraded: minor, downtime:
//!   critical). It ends at `ends_at`; a report whose `aggregate_state` is `resolved` without one
//!   ends at its last update (Better Stack leaves `ends_at` empty on reports resolved by hand).

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde_json::Value;

use candor_core::{
    AffectedComponent, Component, ComponentStatus, Dataset, Impact, Incident, IncidentUpdate,
    Maintenance, Page, RecordedDowntime, StatusChange, UpdateStatus,
};

use crate::vendor::{self, instant, list, shown, text};
use crate::{Issue, Records};

/// Whether a JSON document is a Better Stack status page: `data` of type `status_page`.
pub fn looks_like(value: &Value) -> bool {
    value.pointer("/data/type").and_then(Value::as_str) == Some("status_page")
}

/// A resource's status in Better Stack's words; `None` for a word that says nothing
/// (`not_monitored`) or is unknown.
fn status(word: &str) -> Option<ComponentStatus> {
    Some(match word {
        "operational" | "resolved" => ComponentStatus::Operational,
        "degraded" => ComponentStatus::DegradedPerformance,
        "downtime" => ComponentStatus::MajorOutage,
        "maintenance" => ComponentStatus::UnderMaintenance,
        _ => return None,
    })
}

/// Reads a Better Stack `index.json`.
pub fn read(text_in: &str) -> Records {
    let value = match vendor::parse_or_records(text_in, "index") {
        Ok(v) => v,
        Err(records) => return records,
    };
    let mut issues = Vec::new();
    let attributes = value
        .pointer("/data/attributes")
        .cloned()
        .unwrap_or(Value::Null);
    let zone = text(&attributes, "timezone").filter(|z| z == "UTC" || z.contains('/'));
    let mut data = Dataset {
        page: Page {
            name: text(&attributes, "company_name"),
            url: text(&attributes, "custom_domain").map(|d| format!("https://{d}")),
            time_zone: zone,
        },
        ..Dataset::default()
    };
    let included = list(value.get("included"), "included", &mut issues);
    let of_type = |kind: &str| -> Vec<(usize, &Value)> {
        (included.iter().enumerate())
            .filter(|(_, v)| v.get("type").and_then(Value::as_str) == Some(kind))
            .map(|(k, v)| (k, *v))
            .collect()
    };
    let sections = of_type("status_page_section");
    let section_name = |id: &str| {
        (sections.iter())
            .find(|(_, s)| text(s, "id").as_deref() == Some(id))
            .and_then(|(_, s)| s.pointer("/attributes/name").and_then(Value::as_str))
            .map(|n| n.trim().to_string())
    };
    let mut resources = of_type("status_page_resource");
    // Sections in their order, resources by position within them.
    let section_position = |id: Option<String>| {
        let id = id?;
        (sections.iter())
            .find(|(_, s)| text(s, "id").as_deref() == Some(id.as_str()))
            .and_then(|(_, s)| s.pointer("/attributes/position").and_then(Value::as_i64))
    };
    candor_core::sort::sort_by_key(&mut resources, |(k, r)| {
        let a = r.get("attributes").unwrap_or(&Value::Null);
        (
            section_position(text(a, "status_page_section_id")).unwrap_or(i64::MAX),
            a.get("position")
                .and_then(Value::as_i64)
                .unwrap_or(i64::MAX),
            *k,
        )
    });
    for (k, raw) in resources {
        let path = format!("included[{k}]");
        let Some(id) = text(raw, "id") else {
            issues.push(
                Issue::error("a resource without `id`: left out").field(format!("{path}.id")),
            );
            continue;
        };
        let a = raw.get("attributes").unwrap_or(&Value::Null);
        let mut first_day = None;
        for (d, day) in list(
            a.get("status_history"),
            &format!("{path}.attributes.status_history"),
            &mut issues,
        )
        .into_iter()
        .enumerate()
        {
            let dpath = format!("{path}.attributes.status_history[{d}]");
            let Some(date) = day
                .get("day")
                .and_then(Value::as_str)
                .and_then(crate::wire_time::parse_date)
            else {
                issues.push(
                    Issue::error("a day of status history without a readable `day`: left out")
                        .field(format!("{dpath}.day"))
                        .found(day.get("day").map_or("nothing".into(), shown))
                        .allowed("YYYY-MM-DD"),
                );
                continue;
            };
            let seconds = day
                .get("downtime_duration")
                .and_then(Value::as_f64)
                .unwrap_or(0.0);
            let minutes = (seconds / 60.0).clamp(0.0, 1440.0);
            first_day = Some(first_day.map_or(date, |f: chrono::NaiveDate| f.min(date)));
            data.recorded_downtime.push(RecordedDowntime {
                component_id: id.clone(),
                date,
                minutes,
            });
        }
        data.components.push(Component {
            until: None,
            name: text(a, "public_name").unwrap_or_else(|| id.clone()),
            group: text(a, "status_page_section_id").and_then(|s| section_name(&s)),
            position: Some(data.components.len() as i64),
            status: text(a, "status").as_deref().and_then(status),
            since: first_day
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|t| t.and_utc()),
            id,
        });
    }
    let updates = of_type("status_update");
    for (k, raw) in of_type("status_report") {
        let path = format!("included[{k}]");
        report(raw, &path, &updates, &mut data, &mut issues);
    }
    Records {
        dataset: data,
        issues,
        kind: Some("index".into()),
        ..Records::default()
    }
}

/// A status update: when, its message, and the status it gave each resource.
type Update = (
    DateTime<Utc>,
    String,
    Vec<(String, Option<ComponentStatus>)>,
);

fn report(
    raw: &Value,
    path: &str,
    all_updates: &[(usize, &Value)],
    data: &mut Dataset,
    issues: &mut Vec<Issue>,
) {
    let Some(id) = text(raw, "id") else {
        issues.push(
            Issue::error("a status report without `id`: left out").field(format!("{path}.id")),
        );
        return;
    };
    let a = raw.get("attributes").unwrap_or(&Value::Null);
    let apath = format!("{path}.attributes");
    let Some(start) = instant(a, "starts_at", &apath, issues) else {
        if a.get("starts_at").is_none_or(Value::is_null) {
            issues.push(
                Issue::error(format!("status report `{id}` has no `starts_at`: left out"))
                    .field(format!("{apath}.starts_at")),
            );
        }
        return;
    };
    let ends_at = instant(a, "ends_at", &apath, issues);
    let title = text(a, "title").unwrap_or_else(|| id.clone());
    // Its updates, oldest first, each with the statuses it gave resources.
    let ids: Vec<String> = (raw
        .pointer("/relationships/status_updates/data")
        .and_then(Value::as_array))
    .into_iter()
    .flatten()
    .filter_map(|r| text(r, "id"))
    .collect();
    let mut updates: Vec<Update> = Vec::new();
    for (k, u) in all_updates
        .iter()
        .filter(|(_, u)| text(u, "id").is_some_and(|i| ids.contains(&i)))
    {
        let ua = u.get("attributes").unwrap_or(&Value::Null);
        let upath = format!("included[{k}].attributes");
        let Some(at) = instant(ua, "published_at", &upath, issues) else {
            continue;
        };
        let affected = (ua.get("affected_resources").and_then(Value::as_array))
            .into_iter()
            .flatten()
            .filter_map(|r| {
                Some((
                    text(r, "status_page_resource_id")?,
                    text(r, "status").as_deref().and_then(status),
                ))
            })
            .collect();
        updates.push((at, text(ua, "message").unwrap_or_default(), affected));
    }
    candor_core::sort::sort_by_key(&mut updates, |(at, _, _)| *at);
    let resolved = text(a, "aggregate_state").as_deref() == Some("resolved");
    if text(a, "report_type").as_deref() == Some("maintenance") {
        let components = (a.get("affected_resources").and_then(Value::as_array))
            .into_iter()
            .flatten()
            .filter_map(|r| text(r, "status_page_resource_id"))
            .collect();
        data.maintenances.push(Maintenance {
            id,
            title,
            status: if resolved {
                UpdateStatus::Completed
            } else {
                UpdateStatus::Scheduled
            },
            scheduled_for: start,
            scheduled_until: ends_at.filter(|e| *e >= start),
            component_ids: components,
            updates: (updates.into_iter())
                .map(|(at, body, _)| IncidentUpdate {
                    at,
                    status: UpdateStatus::Other("update".into()),
                    body,
                })
                .collect(),
            url: None,
        });
        return;
    }
    let end = match (ends_at, resolved) {
        (Some(end), _) if end < start => {
            issues.push(crate::repairs::end_before_start(
                &id,
                &format!("{apath}.ends_at"),
                start,
                end,
                None,
            ));
            Some(start)
        }
        (Some(end), _) => Some(end),
        (None, true) => match updates.last() {
            Some((at, _, _)) => Some((*at).max(start)),
            None => {
                issues.push(
                    Issue::warning(format!(
                        "status report `{id}` is resolved with neither `ends_at` nor updates: \
                         counted as ending when it started; give its end in candor.toml \
                         (`[incidents.\"{id}\"]` `end = ...`)"
                    ))
                    .field(format!("{apath}.ends_at"))
                    .incident(&id),
                );
                Some(start)
            }
        },
        (None, false) => None,
    };
    // Each resource's status changes, in update order.
    let mut affected: Vec<AffectedComponent> = Vec::new();
    let mut worst = None;
    for (at, _, statuses) in &updates {
        for (resource, status) in statuses {
            let Some(status) = *status else { continue };
            worst = worst.max(Some(status));
            let entry = match affected
                .iter_mut()
                .position(|c| &*c.component_id == resource.as_str())
            {
                Some(i) => &mut affected[i],
                None => {
                    affected.push(AffectedComponent {
                        component_id: Arc::from(resource.as_str()),
                        transitions: Vec::new(),
                    });
                    let last = affected.len() - 1;
                    &mut affected[last]
                }
            };
            entry.transitions.push(StatusChange { at: *at, status });
        }
    }
    for resource in (a.get("affected_resources").and_then(Value::as_array))
        .into_iter()
        .flatten()
    {
        if let Some(resource) = text(resource, "status_page_resource_id") {
            if !affected.iter().any(|c| *c.component_id == *resource) {
                affected.push(AffectedComponent {
                    component_id: Arc::from(resource.as_str()),
                    transitions: Vec::new(),
                });
            }
        }
    }
    for c in &affected {
        if data.component(&c.component_id).is_none() {
            data.components.push(Component::named(
                &*c.component_id,
                format!("resource {}", c.component_id),
            ));
        }
    }
    let impact = worst.map_or(Impact::None, vendor::impact_of);
    let last = updates.len();
    let updates: Box<[IncidentUpdate]> = (updates.into_iter().enumerate())
        .map(|(k, (at, body, _))| IncidentUpdate {
            at,
            status: match k {
                _ if k + 1 == last && end.is_some() => UpdateStatus::Resolved,
                0 => UpdateStatus::Investigating,
                _ => UpdateStatus::Other("update".into()),
            },
            body,
        })
        .collect();
    data.incidents.push(Incident {
        title: title.into(),
        created_at: Some(start),
        updates,
        components: affected.into(),
        ..Incident::new(&id, impact, start, end)
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    const INDEX: &str = include_str!("../tests/fixtures/better-stack/index.json");

    #[test]
    fn resources_reports_and_daily_history_are_read() {
        let r = read(INDEX);
        assert!(r.issues.is_empty(), "{:?}", r.issues);
        let d = &r.dataset;
        assert_eq!(d.page.name.as_deref(), Some("Example"));
        let names: Vec<(&str, Option<&str>)> = d
            .components
            .iter()
            .map(|c| (c.name.as_str(), c.group.as_deref()))
            .collect();
        assert_eq!(names, [("Website", Some("Core")), ("API", Some("Core"))]);
        // 1800 seconds on 2026-09-04.
        let minutes: Vec<f64> = d.recorded_downtime.iter().map(|r| r.minutes).collect();
        assert_eq!(minutes, [0.0, 0.0, 0.0, 30.0]);
        let i = &d.incidents[0];
        assert_eq!(i.impact, Impact::Critical);
        // Resolved without `ends_at`: it ends at its last update.
        assert_eq!(
            i.end.map(|t| t.to_rfc3339()).as_deref(),
            Some("2026-09-04T13:30:00+00:00")
        );
        assert_eq!(i.updates.len(), 2);
        assert_eq!(i.components[0].transitions.len(), 2);
        assert_eq!(d.maintenances[0].title, "Network upgrade");
        assert!(looks_like(&vendor::parse(INDEX).expect("json")));
    }

    #[test]
    fn a_report_without_a_start_is_an_error_and_the_others_are_read() {
        let broken = INDEX.replace(
            "\"starts_at\": \"2026-09-04T13:00:00.000Z\"",
            "\"starts_at\": \"soon\"",
        );
        let r = read(&broken);
        assert_eq!(r.issues.len(), 1, "{:?}", r.issues);
        assert_eq!(r.issues[0].severity, crate::Severity::Error);
        assert!(r.dataset.incidents.is_empty());
        assert_eq!(r.dataset.maintenances.len(), 1);
    }
}
