//! Upptime's `history/summary.json`: one entry per monitored site, with the minutes it was
//! down on each day (`dailyMinutesDown`). Each site becomes a component and each day's minutes
//! recorded downtime; incidents come from elsewhere.

use std::collections::BTreeMap;

use candor_core::{Component, ComponentStatus, RecordedDowntime};
use chrono::NaiveDate;
use serde::Deserialize;

use super::{Issue, Parsed};

#[derive(Deserialize)]
struct Site {
    slug: String,
    name: Option<String>,
    status: Option<String>,
    #[serde(default, rename = "dailyMinutesDown")]
    daily_minutes_down: BTreeMap<String, serde_json::Value>,
}

/// An array of objects that each have Upptime's `slug`, `url` and `status`.
pub fn looks_like_upptime(text: &str) -> bool {
    let Ok(serde_json::Value::Array(items)) = serde_json::from_str::<serde_json::Value>(text)
    else {
        return false;
    };
    !items.is_empty()
        && items.iter().all(|item| {
            ["slug", "url", "status"]
                .iter()
                .all(|k| item.get(k).is_some())
        })
}

pub fn import(text: &str) -> Parsed {
    let mut parsed = Parsed {
        kind: Some("summary".into()),
        ..Parsed::default()
    };
    let sites: Vec<Site> = match serde_json::from_str(text) {
        Ok(s) => s,
        Err(err) => {
            let mut message = err.to_string();
            if let Some(at) = message.rfind(" at line ") {
                message.truncate(at);
            }
            parsed
                .issues
                .push(Issue::error(message).at(Some(err.line()), Some(err.column())));
            return parsed;
        }
    };
    for (index, site) in sites.into_iter().enumerate() {
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
        for (date, minutes) in &site.daily_minutes_down {
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
            match minutes.as_f64() {
                // A day has at most 25 hours.
                Some(m) if (0.0..=1500.0).contains(&m) => {
                    parsed.dataset.recorded_downtime.push(RecordedDowntime {
                        component_id: site.slug.as_str().into(),
                        date: day,
                        minutes: m,
                    })
                }
                _ => parsed.issues.push(
                    Issue::error("not a number of minutes in a day")
                        .field(field())
                        .found(minutes.to_string())
                        .allowed("a number from 0 to 1500"),
                ),
            }
        }
        parsed.dataset.components.push(Component {
            name: site.name.unwrap_or_else(|| site.slug.clone()),
            id: site.slug,
            group: None,
            position: Some(index as i64),
            status,
            since: None,
        });
    }
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_site_becomes_a_component_with_its_daily_downtime() {
        let text = r#"[
          {"name": "API", "url": "https://api.example.com", "slug": "api", "status": "down",
           "uptime": "99.10%", "dailyMinutesDown": {"2026-08-01": 12, "2026-08-02": 0.5}},
          {"name": "Web", "url": "https://example.com", "slug": "web", "status": "up"}
        ]"#;
        assert!(looks_like_upptime(text));
        let p = import(text);
        assert_eq!(p.issues, vec![]);
        let ids: Vec<_> = p.dataset.components.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["api", "web"]);
        assert_eq!(
            p.dataset.components[0].status,
            Some(ComponentStatus::MajorOutage)
        );
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
        let p = import(
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
}
