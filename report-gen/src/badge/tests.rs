//! Badges: what they say, how they look (snapshots), and that hostile text stays text.

use super::*;
use candor_core::model::{Cause, Component, Dataset, Impact, Incident, UpdateStatus};
use candor_core::uptime::UptimeWeights;
use chrono::{DateTime, Utc};

fn t(s: &str) -> DateTime<Utc> {
    s.parse().expect("test instant")
}

fn incident(id: &str, start: &str, end: Option<&str>, impact: Impact, comp: &str) -> Incident {
    Incident {
        status: UpdateStatus::Resolved,
        cause: Cause::Internal,
        ..Incident::new(id, impact, t(start), end.map(t)).affecting(&[comp])
    }
}

fn component(id: &str, name: &str, since: &str) -> Component {
    Component {
        since: Some(t(since)),
        ..Component::named(id, name)
    }
}

/// Two components with 90 days of history: the API had a one-hour major outage, the dashboard
/// nothing at all.
fn sample() -> Dataset {
    Dataset {
        components: vec![
            component("api", "API", "2025-01-01T00:00:00Z"),
            component("dash", "Dashboard", "2025-01-01T00:00:00Z"),
        ],
        incidents: vec![incident(
            "i1",
            "2026-03-10T10:00:00Z",
            Some("2026-03-10T11:00:00Z"),
            Impact::Critical,
            "api",
        )],
        ..Dataset::default()
    }
}

const NOW: &str = "2026-04-01T12:00:00Z";

fn file<'a>(files: &'a [BadgeFile], path: &str) -> &'a str {
    let f = files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no badge file {path}"));
    std::str::from_utf8(&f.bytes).expect("badges are UTF-8")
}

#[test]
fn a_badge_set_has_the_status_each_component_and_an_index() {
    let data = sample();
    let h = History::new(&data, &Utc, t(NOW), UptimeWeights::default());
    let files = render_all(&h, 90);
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "status.svg",
            "status.json",
            "uptime/api.svg",
            "uptime/api.json",
            "uptime/dash.svg",
            "uptime/dash.json",
            "index.json"
        ]
    );
    insta::assert_snapshot!("status_operational_svg", file(&files, "status.svg"));
    insta::assert_snapshot!("api_uptime_svg", file(&files, "uptime/api.svg"));
    insta::assert_snapshot!("index_json", file(&files, "index.json"));
    assert_eq!(
        file(&files, "status.json"),
        "{\"schemaVersion\":1,\"label\":\"status\",\"message\":\"All Systems Operational\",\"color\":\"brightgreen\"}\n"
    );
}

#[test]
fn uptime_is_the_one_history_computes_over_ninety_local_days() {
    let data = sample();
    let h = History::new(&data, &Utc, t(NOW), UptimeWeights::default());
    let first = "2026-01-02".parse().expect("date");
    let last = "2026-04-01".parse().expect("date");
    let expected = h.uptime("api", first, last).percent().expect("observed");
    let badge = component_uptime(&h, "api", "API", 90);
    assert_eq!(badge.message, format_percent(expected));
    // 60 minutes down out of 89.5 days observed.
    assert_eq!(badge.message, "99.95%");
    assert_eq!(badge.color, Color::Green);
    assert_eq!(
        component_uptime(&h, "dash", "Dashboard", 90).message,
        "100%"
    );
}

#[test]
fn a_percentage_with_any_downtime_never_reads_100() {
    assert_eq!(format_percent(100.0), "100%");
    assert_eq!(format_percent(99.9999), "99.99%");
    assert_eq!(format_percent(99.956), "99.95%");
    assert_eq!(format_percent(0.0), "0.00%");
}

#[test]
fn a_component_without_data_says_so_in_grey() {
    let mut data = sample();
    data.components.push(Component::named("new", "New thing"));
    data.components[2].since = Some(t("2026-05-01T00:00:00Z"));
    let h = History::new(&data, &Utc, t(NOW), UptimeWeights::default());
    let badge = component_uptime(&h, "new", "New thing", 90);
    assert_eq!(badge.message, "no data");
    assert_eq!(badge.color, Color::LightGrey);
}

/// A Statuspage page's data begins where its documents say (the API's 50-incident window, or
/// the time since the page last changed), not at its components' creation years before: an
/// uptime badge is over the covered days only, and says "no data" with none.
#[test]
fn uptime_badges_count_only_what_the_data_covers() {
    let mut data = sample();
    data.covered_from = Some(t("2026-03-31T12:00:00Z"));
    data.incidents[0].start = t("2026-04-01T10:00:00Z");
    data.incidents[0].end = Some(t("2026-04-01T11:00:00Z"));
    let h = History::new(&data, &Utc, t(NOW), UptimeWeights::default());
    // 60 minutes down out of the day covered, not out of 90.
    let badge = component_uptime(&h, "api", "API", 90);
    assert_eq!(badge.message, format_percent(100.0 * (1.0 - 60.0 / 1440.0)));
    assert_eq!(badge.message, "95.83%");
    data.covered_from = Some(t("2026-04-02T00:00:00Z"));
    let h = History::new(&data, &Utc, t(NOW), UptimeWeights::default());
    for (id, name) in [("api", "API"), ("dash", "Dashboard")] {
        let badge = component_uptime(&h, id, name, 90);
        assert_eq!(badge.message, "no data", "{id}: the data covers no day yet");
        assert_eq!(badge.color, Color::LightGrey);
    }
}

#[test]
fn the_status_badge_follows_the_worst_open_incident() {
    let mut data = sample();
    data.incidents.push(incident(
        "open",
        "2026-04-01T11:00:00Z",
        None,
        Impact::Major,
        "dash",
    ));
    let h = History::new(&data, &Utc, t(NOW), UptimeWeights::default());
    let badge = overall_status(&h);
    assert_eq!(badge.message, h.overall_status().description);
    assert_eq!(badge.message, "Partial System Outage");
    assert_eq!(badge.color, Color::Orange);
    insta::assert_snapshot!("status_partial_outage_svg", badge.svg());
}

#[test]
fn hostile_names_stay_text() {
    let badge = Badge {
        label: "<script>alert(1)</script> & \"co\" 'x'".into(),
        message: "a\u{0}b</text><text>".into(),
        color: Color::Red,
    };
    let svg = badge.svg();
    assert!(!svg.contains("<script"));
    assert!(!svg.contains("</text><text>b"));
    assert!(
        svg.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;co&quot; &apos;x&apos;")
    );
    assert!(svg.contains("a\u{FFFD}b&lt;/text&gt;&lt;text&gt;"));
    assert!(!svg.contains('\u{0}'));
    // The endpoint JSON is JSON-escaped, and round-trips to the same words.
    let json: serde_json::Value = serde_json::from_str(&badge.endpoint_json()).expect("valid JSON");
    assert_eq!(json["label"], badge.label.as_str());
    assert_eq!(json["message"], badge.message.as_str());
}

#[test]
fn boxes_grow_with_the_measured_text_not_the_character_count() {
    let narrow = Badge {
        label: "iiiiiiii".into(),
        message: "ok".into(),
        color: Color::BrightGreen,
    };
    let wide = Badge {
        label: "MMMMMMMM".into(),
        ..narrow.clone()
    };
    let width = |svg: &str| -> u32 {
        let rest = &svg[svg.find("width=\"").expect("width") + 7..];
        rest[..rest.find('"').expect("quote")]
            .parse()
            .expect("number")
    };
    // 8 x 3.014 px against 8 x 9.262 px, each rounded up plus 10 px of padding, then "ok"
    // (13.167 px, so 14 + 10).
    assert_eq!(width(&narrow.svg()), 25 + 10 + 24);
    assert_eq!(width(&wide.svg()), 75 + 10 + 24);
}

#[test]
fn component_ids_become_safe_unique_file_names() {
    let mut taken = Vec::new();
    let stems: Vec<String> = ["API", "api", "../etc/passwd", "Zahlungs Ämter", "", "api"]
        .iter()
        .map(|id| unique_file_stem(id, &mut taken))
        .collect();
    assert_eq!(
        stems,
        [
            "api",
            "api-2",
            "etc-passwd",
            "zahlungs-mter",
            "component",
            "api-3"
        ]
    );
}

#[test]
fn the_same_history_gives_the_same_bytes() {
    let data = sample();
    let h = History::new(&data, &Utc, t(NOW), UptimeWeights::default());
    assert_eq!(render_all(&h, 90), render_all(&h, 90));
}
