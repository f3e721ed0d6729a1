//! Reading Candor's own feed (version 1, see `docs/feed.md`; `candor_core::feed` builds and
//! writes it) from bytes that came from the network, without trusting them.

use candor_core::feed::*;
use candor_core::history::{Indicator, OverallStatus};
use candor_core::model::{BadMonth, Cause, ComponentStatus, Impact, UpdateStatus, YearMonth};
use candor_core::months::ImpactCounts;
use chrono::{DateTime, NaiveDate};

use crate::json::{self, JsonError, Reader};
use crate::wire_time::{instant, optional_date, optional_instant};

/// Why a feed could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    #[error("the feed is {size} bytes; at most {limit} are read")]
    TooLarge { size: usize, limit: usize },
    #[error("the feed is not valid JSON for feed version 1: {0}")]
    Malformed(#[from] JsonError),
    #[error("feed version {0} is not supported; this reader knows version 1")]
    UnsupportedVersion(u64),
}

/// Parses a feed from bytes that came from the network: never panics, checks the size and the
/// version before anything else.
///
/// Read by hand on [`crate::json::Reader`], not through serde (see that module for why): each
/// type below has one reading function. Unknown keys are skipped, so that a newer writer can
/// add fields; a key given twice, a missing required field or a value of the wrong type is an
/// error that names the field and the place.
pub fn parse(bytes: &[u8]) -> Result<Feed, FeedError> {
    if bytes.len() > MAX_FEED_BYTES {
        return Err(FeedError::TooLarge {
            size: bytes.len(),
            limit: MAX_FEED_BYTES,
        });
    }
    // A byte order mark is not JSON, but editors and some servers add one; it says nothing.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // First only the version (whatever JSON it is), so that a feed of another version is
    // refused as such, however different the rest of it is.
    let mut r = Reader::new(bytes)?;
    let mut version = None;
    json::fields!(r, {
        "version" (required) => version = r.whole_or_skip()?,
    })?;
    r.end()?;
    match version {
        Some(v) if v == u64::from(FEED_VERSION) => {
            let mut r = Reader::new(bytes)?;
            let feed = read_feed(&mut r)?;
            r.end()?;
            Ok(feed)
        }
        Some(v) => Err(FeedError::UnsupportedVersion(v)),
        None => Err(FeedError::UnsupportedVersion(0)),
    }
}

fn count(r: &mut Reader<'_>) -> json::Result<usize> {
    let n = r.whole()?;
    usize::try_from(n).map_err(|_| r.error("a count too large"))
}

fn update_status(r: &mut Reader<'_>) -> json::Result<UpdateStatus> {
    r.string().map(|s| UpdateStatus::parse(&s))
}

const INDICATORS: [Indicator; 5] = [
    Indicator::None,
    Indicator::Maintenance,
    Indicator::Minor,
    Indicator::Major,
    Indicator::Critical,
];

// Each reader starts from placeholder values and `Reader::fields` sees that every required
// field (those marked `(required)`) was given: a placeholder never survives into a feed.

fn read_feed(r: &mut Reader<'_>) -> json::Result<Feed> {
    let mut feed = Feed {
        version: FEED_VERSION,
        generated_at: DateTime::UNIX_EPOCH,
        page: FeedPage {
            name: String::new(),
            url: None,
            time_zone: String::new(),
        },
        status: OverallStatus {
            indicator: Indicator::None,
            description: String::new(),
        },
        components: Vec::new(),
        incidents: Vec::new(),
        maintenances: Vec::new(),
        monthly_incidents: Vec::new(),
    };
    json::fields!(r, {
        // `parse` has read it already: 1.
        "version" (required) => r.skip()?,
        "generated_at" (required) => feed.generated_at = instant(r)?,
        "page" (required) => feed.page = read_page(r)?,
        "status" (required) => feed.status = read_status(r)?,
        "components" (required) => feed.components = r.list(read_component)?,
        "incidents" (required) => feed.incidents = r.list(read_incident)?,
        "maintenances" => feed.maintenances = r.list(read_maintenance)?,
        "monthly_incidents" => feed.monthly_incidents = r.list(read_month)?,
    })?;
    Ok(feed)
}

fn read_page(r: &mut Reader<'_>) -> json::Result<FeedPage> {
    let mut page = FeedPage {
        name: String::new(),
        url: None,
        time_zone: String::new(),
    };
    json::fields!(r, {
        "name" (required) => page.name = r.string()?,
        "time_zone" (required) => page.time_zone = r.string()?,
        "url" => page.url = r.optional_string()?,
    })?;
    Ok(page)
}

fn read_status(r: &mut Reader<'_>) -> json::Result<OverallStatus> {
    let mut status = OverallStatus {
        indicator: Indicator::None,
        description: String::new(),
    };
    json::fields!(r, {
        "indicator" (required) => status.indicator = r.word(&INDICATORS, Indicator::as_str)?,
        "description" (required) => status.description = r.string()?,
    })?;
    Ok(status)
}

fn read_component(r: &mut Reader<'_>) -> json::Result<FeedComponent> {
    let mut c = FeedComponent {
        id: String::new(),
        name: String::new(),
        group: None,
        status: ComponentStatus::Operational,
        uptime_percent: None,
        days: Vec::new(),
    };
    json::fields!(r, {
        "id" (required) => c.id = r.string()?,
        "name" (required) => c.name = r.string()?,
        "status" (required) => c.status = r.word(&ComponentStatus::ALL, ComponentStatus::as_str)?,
        "uptime_percent" (required) => c.uptime_percent = r.optional_number()?,
        "days" (required) => c.days = read_days(r)?,
        "group" => c.group = r.optional_string()?,
    })?;
    Ok(c)
}

/// A component's days: each `date` that is left out is the day after the previous one's.
fn read_days(r: &mut Reader<'_>) -> json::Result<Vec<FeedDay>> {
    let mut days: Vec<FeedDay> = Vec::new();
    r.items(&mut |r| {
        let mut date = None;
        let mut day = FeedDay {
            date: NaiveDate::MIN,
            downtime_minutes: 0.0,
            uptime_percent: Some(100.0),
            incident_ids: Vec::new(),
        };
        json::fields!(r, {
            "date" => date = optional_date(r)?,
            "downtime_minutes" => day.downtime_minutes = r.number()?,
            "uptime_percent" => day.uptime_percent = r.optional_number()?,
            "incident_ids" => day.incident_ids = r.strings()?,
        })?;
        day.date = match (date, days.last()) {
            (Some(date), _) => date,
            (None, Some(previous)) => previous
                .date
                .succ_opt()
                .ok_or_else(|| r.error("a day after the last date there is"))?,
            (None, None) => return Err(r.error("the first day needs a `date`")),
        };
        days.push(day);
        Ok(())
    })?;
    Ok(days)
}

fn read_update(r: &mut Reader<'_>) -> json::Result<FeedUpdate> {
    let mut update = FeedUpdate {
        at: DateTime::UNIX_EPOCH,
        status: UpdateStatus::Investigating,
        body: String::new(),
    };
    json::fields!(r, {
        "at" (required) => update.at = instant(r)?,
        "status" (required) => update.status = update_status(r)?,
        "body" (required) => update.body = r.string()?,
    })?;
    Ok(update)
}

fn read_incident(r: &mut Reader<'_>) -> json::Result<FeedIncident> {
    let mut i = FeedIncident {
        id: String::new(),
        title: String::new(),
        impact: Impact::None,
        status: UpdateStatus::Investigating,
        cause: Cause::Unknown,
        start: DateTime::UNIX_EPOCH,
        end: None,
        url: None,
        components: Vec::new(),
        updates: Vec::new(),
        postmortem: None,
    };
    json::fields!(r, {
        "id" (required) => i.id = r.string()?,
        "title" (required) => i.title = r.string()?,
        "impact" (required) => i.impact = r.word(&Impact::ALL, Impact::as_str)?,
        "status" (required) => i.status = update_status(r)?,
        "start" (required) => i.start = instant(r)?,
        "cause" => i.cause = r.word(&Cause::ALL, Cause::as_str)?,
        "end" => i.end = optional_instant(r)?,
        "url" => i.url = r.optional_string()?,
        "components" => i.components = r.strings()?,
        "updates" => i.updates = r.list(read_update)?,
        "postmortem" => {
            i.postmortem = if r.null()? {
                None
            } else {
                Some(read_postmortem(r)?)
            }
        },
    })?;
    Ok(i)
}

fn read_postmortem(r: &mut Reader<'_>) -> json::Result<FeedPostmortem> {
    let mut p = FeedPostmortem {
        url: None,
        body: None,
        published_at: None,
    };
    json::fields!(r, {
        "url" => p.url = r.optional_string()?,
        "body" => p.body = r.optional_string()?,
        "published_at" => p.published_at = optional_instant(r)?,
    })?;
    Ok(p)
}

fn read_maintenance(r: &mut Reader<'_>) -> json::Result<FeedMaintenance> {
    let mut m = FeedMaintenance {
        id: String::new(),
        title: String::new(),
        status: UpdateStatus::Scheduled,
        scheduled_for: DateTime::UNIX_EPOCH,
        scheduled_until: None,
        url: None,
        components: Vec::new(),
        updates: Vec::new(),
    };
    json::fields!(r, {
        "id" (required) => m.id = r.string()?,
        "title" (required) => m.title = r.string()?,
        "status" (required) => m.status = update_status(r)?,
        "scheduled_for" (required) => m.scheduled_for = instant(r)?,
        "scheduled_until" => m.scheduled_until = optional_instant(r)?,
        "url" => m.url = r.optional_string()?,
        "components" => m.components = r.strings()?,
        "updates" => m.updates = r.list(read_update)?,
    })?;
    Ok(m)
}

fn read_month(r: &mut Reader<'_>) -> json::Result<FeedMonth> {
    let mut month = FeedMonth {
        month: YearMonth {
            year: 1970,
            month: 1,
        },
        count: 0,
        by_impact: ImpactCounts::default(),
        partial: false,
    };
    json::fields!(r, {
        "month" (required) => {
            let text = r.string()?;
            month.month = text.parse().map_err(|e: BadMonth| r.error(e.to_string()))?;
        },
        "count" (required) => month.count = count(r)?,
        "by_impact" (required) => {
            let c = &mut month.by_impact;
            json::fields!(r, {
                "none" (required) => c.none = count(r)?,
                "minor" (required) => c.minor = count(r)?,
                "major" (required) => c.major = count(r)?,
                "critical" (required) => c.critical = count(r)?,
            })?;
        },
        "partial" => month.partial = r.boolean()?,
    })?;
    Ok(month)
}

#[cfg(test)]
mod tests {
    use super::*;
    use candor_core::model::IncidentUpdate;
    use candor_core::model::Maintenance;
    use candor_core::model::{AffectedComponent, Component, Dataset, Incident, Postmortem};
    use candor_core::uptime::UptimeWeights;
    use candor_core::{History, Zone};
    use chrono::Duration;
    use chrono::Utc;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().expect("test instant")
    }

    /// A page the size the feed is meant for: 20 components, 60 incidents (50 are kept) with
    /// four updates of realistic length each.
    fn busy_page() -> Dataset {
        let components = (0..20)
            .map(|i| Component {
                group: Some(format!("Region {}", i % 4)),
                position: Some(i),
                ..Component::named(format!("component-{i:02}"), format!("Component number {i}"))
            })
            .collect();
        let incidents = (0..60)
            .map(|i: i64| {
                let start = t("2026-05-01T00:00:00Z") + Duration::hours(i * 31);
                Incident {
                    id: format!("incident-{i:03}").into(),
                    title: format!("Elevated error rates on component number {}", i % 20).into(),
                    impact: Impact::ALL[(i % 4) as usize],
                    start,
                    end: Some(start + Duration::minutes(40 + i)),
                    created_at: Some(start),
                    status: UpdateStatus::Resolved,
                    updates: (0..4)
                        .map(|u| IncidentUpdate {
                            at: start + Duration::minutes(10 * u),
                            status: UpdateStatus::Investigating,
                            body: "We are investigating reports of elevated error rates and will \
                                   post an update as soon as we know more about the cause."
                                .into(),
                        })
                        .collect(),
                    components: vec![AffectedComponent {
                        component_id: format!("component-{:02}", i % 20).into(),
                        transitions: vec![],
                    }]
                    .into(),
                    cause: Cause::Unknown,
                    url: Some(format!("https://status.example.com/incidents/{i}").into()),
                    postmortem: None,
                }
            })
            .collect();
        Dataset {
            components,
            incidents,
            ..Dataset::default()
        }
    }

    fn feed_of(data: &Dataset, now: &str) -> Feed {
        let history = History::new(data, &Utc, t(now), UptimeWeights::default());
        build(
            &history,
            &FeedOptions {
                days: 90,
                fallback_name: "Example".into(),
                time_zone: "UTC".into(),
            },
        )
    }

    #[test]
    fn incidents_after_now_are_in_no_figure() {
        let data = busy_page();
        let now = t("2026-06-10T00:00:00Z");
        let feed = feed_of(&data, "2026-06-10T00:00:00Z");
        let june_start = t("2026-06-01T00:00:00Z");
        let started_in_june_by_now = data
            .incidents
            .iter()
            .filter(|i| i.start >= june_start && i.start <= now)
            .count();
        let later_in_june = data
            .incidents
            .iter()
            .filter(|i| i.start > now && i.start < t("2026-07-01T00:00:00Z"))
            .count();
        assert!(
            later_in_june > 0,
            "the fixture must have incidents after now in June"
        );
        let june = feed.monthly_incidents.last().expect("months");
        assert_eq!(june.month.to_string(), "2026-06");
        assert_eq!(june.count, started_in_june_by_now);
        assert!(feed.incidents.iter().all(|i| i.start <= now));
    }

    #[test]
    fn twenty_components_and_fifty_incidents_stay_well_under_100_kb() {
        let feed = feed_of(&busy_page(), "2026-08-15T12:00:00Z");
        assert_eq!(feed.components.len(), 20);
        assert_eq!(feed.incidents.len(), MAX_INCIDENTS);
        let json = to_json(&feed);
        // Of which the incidents' own text is about 50 KB; the 1,800 component-days take 9 KB.
        assert!(json.len() < 70_000, "{} bytes", json.len());
    }

    #[test]
    fn a_feed_reads_back_as_it_was_written() {
        let feed = feed_of(&busy_page(), "2026-08-15T12:00:00Z");
        let json = to_json(&feed);
        assert_eq!(parse(json.as_bytes()).expect("valid feed"), feed);
        assert_eq!(to_json(&feed), json, "deterministic");
    }

    #[test]
    fn uneventful_days_are_written_as_empty_objects_after_the_first_date() {
        let data = Dataset {
            components: vec![Component::named("api", "API")],
            incidents: vec![Incident {
                id: "a".into(),
                title: "Down".into(),
                impact: Impact::Critical,
                start: t("2026-08-02T00:00:00Z"),
                end: Some(t("2026-08-02T01:00:00Z")),
                created_at: None,
                status: UpdateStatus::Resolved,
                updates: Box::default(),
                components: vec![AffectedComponent {
                    component_id: "api".into(),
                    transitions: vec![],
                }]
                .into(),
                cause: Cause::Unknown,
                url: None,
                postmortem: None,
            }],
            ..Dataset::default()
        };
        let history = History::new(
            &data,
            &Utc,
            t("2026-08-03T12:00:00Z"),
            UptimeWeights::default(),
        );
        let feed = build(
            &history,
            &FeedOptions {
                days: 4,
                fallback_name: "Example".into(),
                time_zone: "UTC".into(),
            },
        );
        let value: serde_json::Value = serde_json::from_str(&to_json(&feed)).expect("json");
        assert_eq!(
            value["components"][0]["days"],
            serde_json::json!([
                {"date": "2026-07-31", "uptime_percent": null},
                {"uptime_percent": null},
                {"downtime_minutes": 60.0, "uptime_percent": 95.8333, "incident_ids": ["a"]},
                {}
            ])
        );
    }

    #[test]
    fn dates_that_do_not_follow_are_written_and_a_first_day_without_one_is_refused() {
        let json = r#"{"version":1,"generated_at":"2026-08-03T00:00:00Z",
            "page":{"name":"P","url":null,"time_zone":"UTC"},
            "status":{"indicator":"none","description":"All Systems Operational"},
            "components":[{"id":"a","name":"A","status":"operational","uptime_percent":100.0,
              "days":[{"date":"2026-08-01"},{},{"date":"2026-08-10"}]}],
            "incidents":[]}"#;
        let feed = parse(json.as_bytes()).expect("valid");
        let dates: Vec<String> = feed.components[0]
            .days
            .iter()
            .map(|d| d.date.to_string())
            .collect();
        assert_eq!(dates, ["2026-08-01", "2026-08-02", "2026-08-10"]);
        assert!(to_json(&feed).contains(r#"{"date":"2026-08-01"},{},{"date":"2026-08-10"}"#));
        let bad = json.replace(r#"{"date":"2026-08-01"},"#, "");
        assert!(matches!(
            parse(bad.as_bytes()),
            Err(FeedError::Malformed(_))
        ));
    }

    #[test]
    fn other_versions_are_refused_before_anything_else() {
        assert!(matches!(
            parse(br#"{"version": 2, "anything": true}"#),
            Err(FeedError::UnsupportedVersion(2))
        ));
        for version in [
            r#""1""#,
            "1.5",
            "-1",
            "null",
            "[1]",
            r#"{"major": 1}"#,
            "true",
        ] {
            let json = format!(r#"{{"version": {version}, "anything": true}}"#);
            assert!(
                matches!(
                    parse(json.as_bytes()),
                    Err(FeedError::UnsupportedVersion(0))
                ),
                "{version}"
            );
        }
    }

    const SMALL: &str = r#"{"version":1,"generated_at":"2026-08-03T00:00:00Z",
        "page":{"name":"P","url":null,"time_zone":"UTC"},
        "status":{"indicator":"minor","description":"Partial outage"},
        "components":[{"id":"a","name":"A","status":"partial_outage","uptime_percent":99.5,
          "days":[{"date":"2026-08-02","downtime_minutes":7.2,"uptime_percent":99.5,
                   "incident_ids":["i1"]}]}],
        "incidents":[{"id":"i1","title":"Slow \u00e9","impact":"major","status":"identified",
          "start":"2026-08-02T10:00:00+02:00","end":null,"components":["a"],
          "updates":[{"at":"2026-08-02T08:05:00Z","status":"identified","body":"<b>x</b>"}]}],
        "monthly_incidents":[{"month":"2026-08","count":1,
          "by_impact":{"none":0,"minor":0,"major":1,"critical":0}}]}"#;

    #[test]
    fn every_field_is_read() {
        let feed = parse(SMALL.as_bytes()).expect("valid");
        assert_eq!(feed.status.indicator, Indicator::Minor);
        let c = &feed.components[0];
        assert_eq!(c.status, ComponentStatus::PartialOutage);
        assert_eq!(c.days[0].downtime_minutes, 7.2);
        assert_eq!(c.days[0].incident_ids, ["i1"]);
        let i = &feed.incidents[0];
        assert_eq!(i.title, "Slow é");
        assert_eq!(i.start, t("2026-08-02T08:00:00Z"));
        assert_eq!(
            (i.impact, i.cause, i.end),
            (Impact::Major, Cause::Unknown, None)
        );
        assert_eq!(i.updates[0].body, "<b>x</b>");
        assert_eq!(feed.monthly_incidents[0].by_impact.major, 1);
        assert!(feed.maintenances.is_empty());
        // What this reader reads, the writer writes back the same way, and it reads again.
        assert_eq!(parse(to_json(&feed).as_bytes()).expect("again"), feed);
    }

    #[test]
    fn unknown_keys_are_skipped_and_known_ones_checked() {
        let newer = SMALL.replace(
            r#""version":1,"#,
            r#""version":1,"future":{"a":[1,2.5e3]},"#,
        );
        assert!(parse(newer.as_bytes()).is_ok());
        let cases = [
            (
                SMALL.replace(r#""name":"P","#, r#""name":"P","name":"Q","#),
                "page: the key `name` is given twice",
            ),
            (
                SMALL.replace(r#""title":"Slow \u00e9","#, ""),
                "incidents[0]: missing field `title`",
            ),
            (
                SMALL.replace(r#""uptime_percent":99.5,"#, r#""uptime_percent":"99.5","#),
                "components[0].uptime_percent: expected a number, found a string",
            ),
            (
                SMALL.replace(r#""count":1"#, r#""count":1.5"#),
                "monthly_incidents[0].count: expected a whole number",
            ),
            (
                SMALL.replace("2026-08-02T10:00:00+02:00", "yesterday"),
                "incidents[0].start: `yesterday` is not an RFC 3339 instant",
            ),
            (format!("{SMALL} x"), "more after the end of the JSON value"),
        ];
        for (json, expected) in cases {
            let err = parse(json.as_bytes()).expect_err(expected).to_string();
            assert!(err.contains(expected), "{err}: does not say {expected}");
        }
    }

    #[test]
    fn a_postmortem_is_carried_and_an_incident_without_one_has_no_key() {
        let mut data = busy_page();
        data.incidents[59].postmortem = Some(Box::new(Postmortem {
            url: Some("https://blog.example.com/review".into()),
            body: Some("<p>A **disk** filled.</p>".into()),
            published_at: Some(t("2026-08-10T12:00:00Z")),
        }));
        data.incidents[58].postmortem = Some(Box::new(Postmortem::at("https://x.test/pm")));
        let feed = feed_of(&data, "2026-08-15T12:00:00Z");
        let json = to_json(&feed);
        let value: serde_json::Value = serde_json::from_str(&json).expect("json");
        assert_eq!(value["incidents"][0]["id"], "incident-059");
        assert_eq!(
            value["incidents"][0]["postmortem"],
            serde_json::json!({"url": "https://blog.example.com/review",
                "body": "<p>A **disk** filled.</p>", "published_at": "2026-08-10T12:00:00Z"})
        );
        assert_eq!(
            value["incidents"][1]["postmortem"],
            serde_json::json!({"url": "https://x.test/pm", "body": null, "published_at": null})
        );
        assert!(value["incidents"][2].get("postmortem").is_none());
        assert_eq!(json.matches("\"postmortem\"").count(), 2);
        assert_eq!(parse(json.as_bytes()).expect("reads back"), feed);
    }

    #[test]
    fn a_postmortem_is_read_as_null_or_an_object_of_known_fields() {
        let with = |p: &str| {
            SMALL.replace(
                r#""components":["a"],"#,
                &format!(r#""components":["a"],"postmortem":{p},"#),
            )
        };
        let read = |p: &str| parse(with(p).as_bytes()).map(|f| f.incidents[0].postmortem.clone());
        assert_eq!(read("null").expect("null"), None);
        assert_eq!(
            read(r#"{"body":"Why.","future":1}"#).expect("partial"),
            Some(FeedPostmortem {
                url: None,
                body: Some("Why.".into()),
                published_at: None
            })
        );
        let err = read(r#"{"url":5}"#).expect_err("a number").to_string();
        assert!(
            err.contains("incidents[0].postmortem.url: expected a string"),
            "{err}"
        );
        let err = read(r#""https://x.test""#)
            .expect_err("a string")
            .to_string();
        assert!(err.contains("incidents[0].postmortem"), "{err}");
    }

    fn window(id: &str, status: UpdateStatus, from: &str, until: Option<&str>) -> FeedMaintenance {
        FeedMaintenance {
            id: id.into(),
            title: format!("Maintenance {id}"),
            status,
            scheduled_for: t(from),
            scheduled_until: until.map(t),
            url: None,
            components: vec!["a".into()],
            updates: vec![],
        }
    }

    fn now_and_next<Z: Zone>(
        maintenances: Vec<FeedMaintenance>,
        zone: &Z,
        now: &str,
    ) -> (Vec<String>, Vec<String>) {
        let mut feed = parse(SMALL.as_bytes()).expect("valid");
        feed.maintenances = maintenances;
        let current = feed.maintenance_now_and_next(zone, t(now), 7);
        let ids = |list: Vec<&FeedMaintenance>| list.iter().map(|m| m.id.clone()).collect();
        (ids(current.in_progress), ids(current.upcoming))
    }

    #[test]
    fn maintenance_in_progress_is_what_the_page_says_else_what_the_window_says() {
        use UpdateStatus::*;
        let now = "2026-08-03T12:00:00Z";
        let (in_progress, upcoming) = now_and_next(
            vec![
                window(
                    "done",
                    Completed,
                    "2026-08-03T10:00:00Z",
                    Some("2026-08-03T14:00:00Z"),
                ),
                window("done-early", Completed, "2026-08-03T13:00:00Z", None),
                window(
                    "running",
                    InProgress,
                    "2026-08-03T11:00:00Z",
                    Some("2026-08-03T13:00:00Z"),
                ),
                window(
                    "overrun",
                    Verifying,
                    "2026-08-03T08:00:00Z",
                    Some("2026-08-03T09:00:00Z"),
                ),
                window(
                    "begun",
                    Scheduled,
                    "2026-08-03T11:30:00Z",
                    Some("2026-08-03T12:30:00Z"),
                ),
                window("open-ended", Scheduled, "2026-08-03T09:00:00Z", None),
                window(
                    "stale",
                    Scheduled,
                    "2026-08-02T09:00:00Z",
                    Some("2026-08-02T10:00:00Z"),
                ),
                window("ends-now", Scheduled, "2026-08-03T11:00:00Z", Some(now)),
                window(
                    "tomorrow",
                    Scheduled,
                    "2026-08-04T09:00:00Z",
                    Some("2026-08-04T10:00:00Z"),
                ),
                window(
                    "soon",
                    Other("planned".into()),
                    "2026-08-03T12:00:01Z",
                    None,
                ),
            ],
            &Utc,
            now,
        );
        assert_eq!(in_progress, ["overrun", "open-ended", "running", "begun"]);
        assert_eq!(upcoming, ["soon", "tomorrow"]);
    }

    #[test]
    fn maintenance_across_midnight_is_in_progress_on_both_days() {
        let night = || {
            let m = window(
                "night",
                UpdateStatus::Scheduled,
                "2026-08-03T22:00:00Z",
                Some("2026-08-04T02:00:00Z"),
            );
            vec![m]
        };
        let mut found = Vec::new();
        for now in [
            "2026-08-03T21:59:59Z",
            "2026-08-03T23:30:00Z",
            "2026-08-04T01:00:00Z",
            "2026-08-04T02:00:00Z",
        ] {
            found.push(now_and_next(night(), &Utc, now));
        }
        let none: Vec<String> = vec![];
        let night_only = vec!["night".to_string()];
        assert_eq!(
            found,
            [
                (none.clone(), night_only.clone()),
                (night_only.clone(), none.clone()),
                (night_only, none.clone()),
                (none.clone(), none),
            ]
        );
    }

    #[test]
    fn upcoming_means_by_the_end_of_the_seventh_local_day_whatever_the_dst_change() {
        use chrono_tz::Europe::Berlin;
        // Summer time ends in Berlin on Sunday 25 October 2026: the week from Thursday 22
        // October has a day of 25 hours. Thursday 29 October ends at 23:00 UTC (midnight CET);
        // seven times 24 hours from Thursday noon (10:00 UTC) would end the week 14 hours early
        // and one hour off.
        let now = "2026-10-22T10:00:00Z";
        let at = |id: &str, from: &str| window(id, UpdateStatus::Scheduled, from, None);
        let (_, upcoming) = now_and_next(
            vec![
                at("thursday-23:59-cet", "2026-10-29T22:59:00Z"),
                at("friday-00:00-cet", "2026-10-29T23:00:00Z"),
                at("sunday-02:30-cet", "2026-10-25T01:30:00Z"),
                at("sunday-02:30-cest", "2026-10-25T00:30:00Z"),
            ],
            &Berlin,
            now,
        );
        assert_eq!(
            upcoming,
            [
                "sunday-02:30-cest",
                "sunday-02:30-cet",
                "thursday-23:59-cet"
            ]
        );
    }

    #[test]
    fn a_year_of_weekly_maintenance_keeps_what_is_in_progress_and_next() {
        let mut data = busy_page();
        let now = t("2026-08-15T12:00:00Z");
        data.maintenances = (0..60)
            .map(|w: i64| {
                let from = now + Duration::weeks(w) - Duration::hours(1);
                Maintenance {
                    id: format!("week-{w:02}"),
                    title: "Weekly window".into(),
                    status: UpdateStatus::Scheduled,
                    scheduled_for: from,
                    scheduled_until: Some(from + Duration::hours(2)),
                    component_ids: vec![],
                    updates: vec![],
                    url: None,
                }
            })
            .collect();
        let feed = feed_of(&data, "2026-08-15T12:00:00Z");
        assert_eq!(feed.maintenances.len(), MAX_INCIDENTS);
        assert_eq!(
            feed.maintenances.last().map(|m| m.id.as_str()),
            Some("week-00")
        );
        assert_eq!(
            feed.maintenances[0].id, "week-49",
            "latest first, as with fewer"
        );
        let current = feed.maintenance_now_and_next(&Utc, now, 7);
        assert_eq!(current.in_progress[0].id, "week-00");
        assert_eq!(
            current
                .upcoming
                .iter()
                .map(|m| m.id.as_str())
                .collect::<Vec<_>>(),
            ["week-01"]
        );
    }

    fn component_with(days: &[Option<f64>], total: Option<f64>) -> FeedComponent {
        FeedComponent {
            id: "api".into(),
            name: "API".into(),
            group: None,
            status: ComponentStatus::Operational,
            uptime_percent: total,
            days: days
                .iter()
                .enumerate()
                .map(|(i, p)| FeedDay {
                    date: NaiveDate::from_ymd_opt(2026, 8, 1 + i as u32).expect("valid date"),
                    downtime_minutes: 0.0,
                    uptime_percent: *p,
                    incident_ids: vec![],
                })
                .collect(),
        }
    }

    #[test]
    fn uptime_over_all_days_is_the_feeds_own_figure() {
        let c = component_with(&[Some(90.0), Some(100.0)], Some(95.1234));
        assert_eq!(c.uptime_over_last(2), Some(95.1234));
        assert_eq!(c.uptime_over_last(90), Some(95.1234));
    }

    #[test]
    fn uptime_over_fewer_days_averages_the_days_with_data() {
        let c = component_with(&[Some(50.0), None, Some(99.0), Some(100.0)], Some(80.0));
        assert_eq!(c.uptime_over_last(3), Some(99.5));
        assert_eq!(c.uptime_over_last(1), Some(100.0));
        let empty = component_with(&[Some(50.0), None], Some(50.0));
        assert_eq!(empty.uptime_over_last(1), None);
    }
}
