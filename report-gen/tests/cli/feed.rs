//! `report-gen feed`: valid against its schema, deterministic, atomic, and built from the
//! configured data.

use std::path::Path;

use crate::Scratch;

const NOW: &str = "2026-08-15T12:00:00Z";

fn schema_validator() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/feed.schema.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("schema")).expect("json");
    jsonschema::validator_for(&schema).expect("a valid draft 2020-12 schema")
}

fn assert_valid(feed: &serde_json::Value) {
    let validator = schema_validator();
    let errors: Vec<String> = validator
        .iter_errors(feed)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

fn read_json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("feed written")).expect("json")
}

#[test]
fn the_feed_of_every_fixture_is_valid_against_the_schema() {
    for fixture in ["csv-page", "mixed"] {
        let s = Scratch::of(fixture);
        let run = s.run(&["feed", "--now", NOW, "-o", "feed.json", fixture]);
        assert_eq!(run.code(), 0, "{}: {}", fixture, run.stderr());
        assert_valid(&read_json(&s.path("feed.json")));
    }
}

#[test]
fn the_schema_rejects_what_the_format_forbids() {
    let s = Scratch::of("csv-page");
    s.run(&["feed", "--now", NOW, "-o", "feed.json", "csv-page"]);
    let mut feed = read_json(&s.path("feed.json"));
    feed["incidents"][0]["impact"] = "catastrophic".into();
    assert!(!schema_validator().is_valid(&feed));
    let mut feed = read_json(&s.path("feed.json"));
    feed["version"] = 2.into();
    assert!(!schema_validator().is_valid(&feed));
}

#[test]
fn the_feed_carries_the_configured_page_and_the_analysed_history() {
    let s = Scratch::of("csv-page");
    let run = s.run(&[
        "feed",
        "--now",
        NOW,
        "--days",
        "7",
        "-o",
        "feed.json",
        "csv-page",
    ]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let feed = read_json(&s.path("feed.json"));
    assert_eq!(feed["version"], 1);
    assert_eq!(feed["generated_at"], NOW);
    assert_eq!(
        feed["page"],
        serde_json::json!({"name": "Example Shop", "url": "https://status.example.com", "time_zone": "Europe/Berlin"})
    );
    // inc-4 is open and minor: the API is degraded now.
    assert_eq!(feed["status"]["indicator"], "minor");
    let names: Vec<&str> = feed["components"]
        .as_array()
        .expect("components")
        .iter()
        .map(|c| c["name"].as_str().expect("name"))
        .collect();
    assert_eq!(
        names,
        ["Public API", "Checkout", "Dashboard"],
        "candor.toml's order and names"
    );
    let checkout = &feed["components"][1];
    assert_eq!(checkout["group"], "Shop");
    let days = checkout["days"].as_array().expect("days");
    assert_eq!(days.len(), 7);
    assert_eq!(days[0]["date"], "2026-08-09");
    // inc-1 ran 22:30-00:45 Berlin time: 90 critical minutes on the 10th, 45 on the 11th.
    assert_eq!(days[1]["downtime_minutes"], 90.0);
    assert_eq!(days[2]["downtime_minutes"], 45.0);
    // inc-3 (major, 90 minutes) counts 0.3 per minute.
    assert_eq!(days[4]["downtime_minutes"], 27.0);
    let cause = |id: &str| {
        feed["incidents"]
            .as_array()
            .expect("incidents")
            .iter()
            .find(|i| i["id"] == id)
            .map(|i| i["cause"].clone())
            .expect("incident")
    };
    assert_eq!(cause("inc-3"), "external", "the Stripe rule");
    assert_eq!(cause("inc-1"), "internal", "the override");
    assert_eq!(cause("inc-2"), "internal", "the data");
    // Only the months the data covers: it begins with inc-5 in March 2026, and the 30 months
    // of the window before have no data (not 0 incidents). March and August (which holds now)
    // are covered in part.
    let months = feed["monthly_incidents"].as_array().expect("months");
    let listed: Vec<(&str, u64, bool)> = months
        .iter()
        .map(|m| {
            let month = m["month"].as_str().expect("month");
            let count = m["count"].as_u64().expect("count");
            (month, count, m["partial"] == true)
        })
        .collect();
    assert_eq!(
        listed,
        [
            ("2026-03", 1, true),
            ("2026-04", 0, false),
            ("2026-05", 0, false),
            ("2026-06", 0, false),
            ("2026-07", 0, false),
            ("2026-08", 4, true),
        ]
    );
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let s = Scratch::of("mixed");
    let first = s.run(&["feed", "--now", NOW, "-o", "one.json", "mixed"]);
    let second = s.run(&["feed", "--now", NOW, "-o", "two.json", "mixed"]);
    assert_eq!((first.code(), second.code()), (0, 0), "{}", first.stderr());
    let one = std::fs::read(s.path("one.json")).expect("one");
    let two = std::fs::read(s.path("two.json")).expect("two");
    assert!(!one.is_empty());
    assert_eq!(one, two);
}

#[test]
fn a_failing_run_leaves_the_existing_feed_untouched() {
    let s = Scratch::of("bad");
    let previous = s.write(
        "feed.json",
        "{\"version\":1,\"generated_at\":\"2026-08-01T00:00:00Z\"}\n",
    );
    let run = s.run(&["feed", "--now", NOW, "-o", "feed.json", "bad"]);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr().contains("bad/incidents.csv:3"),
        "{}",
        run.stderr()
    );
    assert_eq!(
        std::fs::read_to_string(&previous).expect("still there"),
        "{\"version\":1,\"generated_at\":\"2026-08-01T00:00:00Z\"}\n"
    );
    let leftovers: Vec<_> = std::fs::read_dir(s.path("."))
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n != "bad" && n != "feed.json")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_bad_now_or_days_is_refused() {
    let s = Scratch::of("csv-page");
    let run = s.run(&["feed", "--now", "yesterday", "-o", "feed.json", "csv-page"]);
    assert_eq!(run.code(), 2, "wrong usage, as a bad --days");
    assert!(run
        .stderr()
        .contains("--now `yesterday` is not an RFC 3339 time"));
    assert_eq!(
        s.run(&["feed", "--days", "0", "-o", "f.json", "csv-page"])
            .code(),
        2
    );
    assert_eq!(s.run(&["feed", "csv-page"]).code(), 2, "-o is required");
    assert!(!s.path("feed.json").exists());
}

/// A Statuspage `incidents.json` of one incident with a post-mortem and one without.
const STATUSPAGE_WITH_POSTMORTEM: &str = r#"{"page": {"id": "pg1", "name": "Example"},
  "incidents": [
    {"id": "sp-written", "name": "Search errors", "status": "postmortem", "impact": "minor",
     "created_at": "2026-08-10T09:00:00Z", "resolved_at": "2026-08-10T10:00:00Z",
     "postmortem_body": "We apologize.\r\n\r\nOne server of two failed; **both** are watched now.",
     "postmortem_published_at": "2026-08-11T15:52:27.995-04:00",
     "incident_updates": [], "components": []},
    {"id": "sp-none", "name": "Slow pages", "status": "resolved", "impact": "minor",
     "created_at": "2026-08-09T09:00:00Z", "resolved_at": "2026-08-09T10:00:00Z",
     "postmortem_body": null, "postmortem_published_at": null,
     "incident_updates": [], "components": []}
  ]}"#;

#[test]
fn a_postmortem_from_each_format_reaches_the_feed_and_an_incident_without_one_has_no_key() {
    let s = Scratch::empty();
    s.write("data/statuspage/incidents.json", STATUSPAGE_WITH_POSTMORTEM);
    s.write(
        "data/incidents.csv",
        "id,title,impact,started_at,resolved_at,postmortem\n\
         csv-written,Checkout down,major,2026-08-12T09:00:00Z,2026-08-12T10:00:00Z,https://blog.example.com/checkout\n\
         csv-none,Checkout slow,minor,2026-08-13T09:00:00Z,2026-08-13T10:00:00Z,\n",
    );
    s.write(
        "data/cstate/content/issues/cstate-written.md",
        "---\ntitle: Registry down\ndate: 2026-08-14 09:00:00\nresolved: true\nresolvedWhen: 2026-08-14 10:00:00\nseverity: down\npostmortem: https://blog.example.com/registry\n---\nFixed.\n",
    );
    let run = s.run(&["feed", "--now", NOW, "-o", "feed.json", "data"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let feed = read_json(&s.path("feed.json"));
    assert_valid(&feed);
    let postmortems: Vec<(String, serde_json::Value)> = (feed["incidents"].as_array())
        .expect("incidents")
        .iter()
        .map(|i| {
            let id = i["id"].as_str().expect("id").to_string();
            (id, i.get("postmortem").cloned().unwrap_or("no key".into()))
        })
        .collect();
    let link = |url: &str| serde_json::json!({"url": url, "body": null, "published_at": null});
    assert_eq!(
        postmortems,
        [
            (
                "cstate-written".into(),
                link("https://blog.example.com/registry")
            ),
            ("csv-none".into(), "no key".into()),
            (
                "csv-written".into(),
                link("https://blog.example.com/checkout")
            ),
            (
                "sp-written".into(),
                serde_json::json!({
                    "url": null,
                    "body": "We apologize.\r\n\r\nOne server of two failed; **both** are watched now.",
                    "published_at": "2026-08-11T19:52:27.995Z"
                })
            ),
            ("sp-none".into(), "no key".into()),
        ]
    );
}

#[test]
fn maintenance_in_progress_upcoming_and_just_completed_reaches_the_feed_as_the_page_gives_it() {
    let s = Scratch::empty();
    let maintenance = |id: &str, status: &str, from: &str, until: &str| {
        format!(
            r#"{{"id": "{id}", "name": "Work {id}", "status": "{status}", "impact": "maintenance",
                "created_at": "2026-08-01T00:00:00Z", "scheduled_for": "{from}",
                "scheduled_until": "{until}", "shortlink": "https://stspg.io/{id}",
                "incident_updates": [{{"status": "{status}", "body": "Work {id}.",
                    "display_at": "2026-08-01T00:00:00Z"}}],
                "components": [{{"id": "db", "name": "Database", "status": "under_maintenance"}}]}}"#
        )
    };
    let summary = format!(
        r#"{{"page": {{"id": "pg1", "name": "Example", "updated_at": "2026-08-15T11:00:00Z"}},
            "components": [{{"id": "db", "name": "Database", "status": "under_maintenance"}}],
            "incidents": [], "scheduled_maintenances": [{}, {}, {}]}}"#,
        maintenance(
            "now",
            "in_progress",
            "2026-08-15T11:00:00Z",
            "2026-08-15T13:00:00Z"
        ),
        maintenance(
            "next",
            "scheduled",
            "2026-08-18T22:00:00Z",
            "2026-08-19T02:00:00Z"
        ),
        maintenance(
            "done",
            "completed",
            "2026-08-14T22:00:00Z",
            "2026-08-15T01:00:00Z"
        ),
    );
    s.write("summary.json", summary);
    let run = s.run(&["feed", "--now", NOW, "-o", "feed.json", "summary.json"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let feed = read_json(&s.path("feed.json"));
    assert_valid(&feed);
    assert_eq!(feed["status"]["indicator"], "maintenance");
    let listed: Vec<String> = (feed["maintenances"].as_array())
        .expect("maintenances")
        .iter()
        .map(|m| {
            format!(
                "{} {} {} {} {}",
                m["id"].as_str().unwrap_or("?"),
                m["status"].as_str().unwrap_or("?"),
                m["scheduled_for"].as_str().unwrap_or("?"),
                m["scheduled_until"].as_str().unwrap_or("?"),
                m["components"]
            )
        })
        .collect();
    assert_eq!(
        listed,
        [
            r#"next scheduled 2026-08-18T22:00:00Z 2026-08-19T02:00:00Z ["db"]"#,
            r#"now in_progress 2026-08-15T11:00:00Z 2026-08-15T13:00:00Z ["db"]"#,
            r#"done completed 2026-08-14T22:00:00Z 2026-08-15T01:00:00Z ["db"]"#,
        ]
    );
    // What the widget shows of it, read back as the widget reads the feed.
    let bytes = std::fs::read(s.path("feed.json")).expect("feed");
    let parsed = candor_sources::feed::parse(&bytes).expect("a valid feed");
    let now = NOW.parse().expect("instant");
    let current = parsed.maintenance_now_and_next(&chrono::Utc, now, 7);
    let ids = |list: &[&candor_core::feed::FeedMaintenance]| {
        list.iter().map(|m| m.id.clone()).collect::<Vec<_>>()
    };
    assert_eq!(ids(&current.in_progress), ["now"]);
    assert_eq!(ids(&current.upcoming), ["next"]);
}
