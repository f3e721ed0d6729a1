//! OpenStatus: a status page's JSON feed, `https://<slug>.openstatus.dev/feed/json` (shape from
//! OpenStatus's own route, `apps/status-page/.../feed/json/route.ts`): `title`, `status`,
//! `pageComponents` with `pageComponentGroups` (older feeds: `monitors` only),
//! `maintenances` (`from`, `to`) and `statusReports` with their `statusReportUpdates`.
//!
//! - Page components are components (by id) in their group; without them, monitors are.
//! - A status report is an incident from its first update's `date`; it ends at its last
//!   `resolved` update. OpenStatus gives reports no impact: each is read as `none` with a
//!   warning that `candor.toml` settles. The components it names are those it affected.
//! - A maintenance is scheduled `from` `to` (the list is `maintenance` in feeds from before
//!   `pageComponents`).

use serde_json::Value;

use candor_core::{
    Component, Dataset, Impact, Incident, IncidentUpdate, Maintenance, Page, UpdateStatus,
};

use crate::vendor::{self, instant, list, not_a_record, text};
use crate::{Issue, Records};

/// Whether a JSON document is an OpenStatus feed: `statusReports` with `monitors` or
/// `pageComponents`.
pub fn looks_like(value: &Value) -> bool {
    value.get("statusReports").is_some_and(Value::is_array)
        && (value.get("monitors").is_some() || value.get("pageComponents").is_some())
}

/// The ids of what a report or maintenance names: its page components, else its monitors.
fn named(record: &Value, components: bool) -> Vec<String> {
    let key = if components {
        "pageComponents"
    } else {
        "monitors"
    };
    (record
        .get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten())
    .filter_map(|v| match v {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s.clone()),
        _ => None,
    })
    .collect()
}

/// Reads an OpenStatus JSON feed.
pub fn read(text_in: &str) -> Records {
    let value = match vendor::parse_or_records(text_in, "feed") {
        Ok(v) => v,
        Err(records) => return records,
    };
    let mut issues = Vec::new();
    let mut data = Dataset {
        page: Page {
            name: text(&value, "title"),
            url: None,
            time_zone: None,
        },
        ..Dataset::default()
    };
    let by_components = value
        .get("pageComponents")
        .is_some_and(|c| c.as_array().is_some_and(|l| !l.is_empty()));
    let groups = list(
        value.get("pageComponentGroups"),
        "pageComponentGroups",
        &mut issues,
    );
    let group_name = |id: &str| {
        groups
            .iter()
            .find(|g| text(g, "id").as_deref() == Some(id))
            .and_then(|g| text(g, "name"))
    };
    let key = if by_components {
        "pageComponents"
    } else {
        "monitors"
    };
    let mut entries = list(value.get(key), key, &mut issues)
        .into_iter()
        .enumerate()
        .collect::<Vec<_>>();
    // By group order, then order within; the document's order breaks ties.
    candor_core::sort::sort_by_key(&mut entries, |(k, c)| {
        (
            c.get("groupOrder").and_then(Value::as_i64).unwrap_or(0),
            c.get("order").and_then(Value::as_i64).unwrap_or(0),
            *k,
        )
    });
    for (k, c) in entries {
        let path = format!("{key}[{k}]");
        let Some(id) = text(c, "id") else {
            issues.push(
                Issue::error("a component without `id`: left out").field(format!("{path}.id")),
            );
            continue;
        };
        data.components.push(Component {
            until: None,
            name: text(c, "name").unwrap_or_else(|| id.clone()),
            group: text(c, "groupId").and_then(|g| group_name(&g)),
            position: Some(data.components.len() as i64),
            status: None,
            since: None,
            id,
        });
    }
    // Feeds before `pageComponents` call the list `maintenance`.
    let key = if value.get("maintenances").is_none() && value.get("maintenance").is_some() {
        "maintenance"
    } else {
        "maintenances"
    };
    for (k, m) in list(value.get(key), key, &mut issues)
        .into_iter()
        .enumerate()
    {
        let path = format!("{key}[{k}]");
        let (Some(id), Some(from)) = (text(m, "id"), instant(m, "from", &path, &mut issues)) else {
            issues.push(
                Issue::error("a maintenance without `id` or `from`: left out")
                    .field(path)
                    .allowed("`id` and `from`, an RFC 3339 time"),
            );
            continue;
        };
        let to = instant(m, "to", &path, &mut issues).filter(|t| *t >= from);
        data.maintenances.push(Maintenance {
            title: text(m, "name").unwrap_or_else(|| id.clone()),
            id: format!("maintenance-{id}"),
            status: UpdateStatus::Scheduled,
            scheduled_for: from,
            scheduled_until: to,
            component_ids: named(m, by_components),
            updates: text(m, "message")
                .map(|body| {
                    vec![IncidentUpdate {
                        at: from,
                        status: UpdateStatus::Scheduled,
                        body,
                    }]
                })
                .unwrap_or_default(),
            url: None,
        });
    }
    for (k, r) in list(value.get("statusReports"), "statusReports", &mut issues)
        .into_iter()
        .enumerate()
    {
        let path = format!("statusReports[{k}]");
        if !r.is_object() {
            issues.push(not_a_record(&path, r));
            continue;
        }
        let Some(id) = text(r, "id") else {
            issues.push(
                Issue::error("a status report without `id`: left out").field(format!("{path}.id")),
            );
            continue;
        };
        let mut updates = Vec::new();
        for (u, update) in list(
            r.get("statusReportUpdates"),
            &format!("{path}.statusReportUpdates"),
            &mut issues,
        )
        .into_iter()
        .enumerate()
        {
            let upath = format!("{path}.statusReportUpdates[{u}]");
            let Some(at) = instant(update, "date", &upath, &mut issues) else {
                continue;
            };
            updates.push(IncidentUpdate {
                at,
                status: UpdateStatus::parse(&text(update, "status").unwrap_or_default()),
                body: text(update, "message").unwrap_or_default(),
            });
        }
        candor_core::sort::sort_by_key(&mut updates, |u| u.at);
        let Some(start) = updates.first().map(|u| u.at) else {
            issues.push(
                Issue::error(format!(
                    "status report `{id}` has no update with a `date`: left out"
                ))
                .field(format!("{path}.statusReportUpdates"))
                .allowed("updates with `date`, an RFC 3339 time"),
            );
            continue;
        };
        let status = UpdateStatus::parse(&text(r, "status").unwrap_or_default());
        let end = (status == UpdateStatus::Resolved).then(|| {
            (updates.iter().rev())
                .find(|u| u.status == UpdateStatus::Resolved)
                .map_or(start, |u| u.at)
        });
        issues.push(
            Issue::warning(format!(
                "status report `{id}`: OpenStatus gives reports no impact: read as `none` (no \
                 downtime); give it in candor.toml (`[incidents.\"{id}\"]` `impact = ...`)"
            ))
            .field(format!("{path}.status"))
            .incident(&id)
            .settled_by("impact"),
        );
        let affected = named(r, by_components);
        let affected: Vec<&str> = affected.iter().map(String::as_str).collect();
        data.incidents.push(
            Incident {
                title: text(r, "title").unwrap_or_else(|| id.clone()).into(),
                status,
                created_at: Some(start),
                updates: updates.into_boxed_slice(),
                ..Incident::new(&id, Impact::None, start, end)
            }
            .affecting(&affected),
        );
    }
    Records {
        dataset: data,
        issues,
        kind: Some("feed".into()),
        ..Records::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FEED: &str = include_str!("../tests/fixtures/openstatus/feed.json");

    #[test]
    fn components_reports_and_maintenances_are_read() {
        let r = read(FEED);
        let d = &r.dataset;
        assert_eq!(d.page.name.as_deref(), Some("Acme Status"));
        let names: Vec<(&str, Option<&str>)> = d
            .components
            .iter()
            .map(|c| (c.name.as_str(), c.group.as_deref()))
            .collect();
        assert_eq!(
            names,
            [("Website", Some("Public")), ("API", Some("Public"))]
        );
        let i = &d.incidents[0];
        assert_eq!(i.start.to_rfc3339(), "2026-09-01T10:00:00+00:00");
        assert_eq!(
            i.end.map(|t| t.to_rfc3339()).as_deref(),
            Some("2026-09-01T11:00:00+00:00")
        );
        assert_eq!(&*i.components[0].component_id, "21");
        assert!(d.incidents[1].is_open());
        assert_eq!(d.maintenances[0].component_ids, ["20"]);
        // The report without dated updates is an error; the others warn of their impact.
        let errors = r
            .issues
            .iter()
            .filter(|i| i.severity == crate::Severity::Error)
            .count();
        assert_eq!(errors, 1, "{:?}", r.issues);
        assert!(looks_like(&vendor::parse(FEED).expect("json")));
    }

    #[test]
    fn an_older_feed_names_its_maintenances_maintenance() {
        // The shape of OpenStatus's feed before page components: monitors, `maintenance`.
        let older = r#"{"status": "operational", "updatedAt": "2026-09-30T12:00:00.000Z",
            "monitors": [{"id": 7, "name": "API", "status": "active"}],
            "maintenance": [{"id": 3, "name": "Database upgrade", "message": "Planned.",
                "from": "2026-10-02T01:00:00.000Z", "to": "2026-10-02T02:00:00.000Z"}],
            "statusReports": []}"#;
        let r = read(older);
        assert!(r.issues.is_empty(), "{:?}", r.issues);
        let m = &r.dataset.maintenances[0];
        assert_eq!(
            (m.title.as_str(), m.id.as_str()),
            ("Database upgrade", "maintenance-3")
        );
        assert_eq!(r.dataset.components[0].name, "API");
    }
}
