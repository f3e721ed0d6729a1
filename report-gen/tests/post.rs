//! `report-gen post` as a library: the files of a post from datasets built here, checked
//! against reviewed snapshots, for determinism, for safety with hostile text, and for errors.

use std::path::PathBuf;

use candor_core::uptime::UptimeWeights;
use candor_core::{
    AffectedComponent, Cause, Component, Dataset, Impact, Incident, IncidentUpdate, Page,
    UpdateStatus,
};
use chrono::{DateTime, Duration, Utc};
use report_gen::post::{self, FrontMatterFormat, Options, Post, Subject, SupportTable, Templates};

fn t(s: &str) -> DateTime<Utc> {
    s.parse().expect("test instant")
}

struct Spec<'a> {
    id: &'a str,
    title: &'a str,
    start: &'a str,
    minutes: Option<i64>,
    impact: Impact,
    cause: Cause,
    components: &'a [&'a str],
}

fn incident(s: &Spec<'_>) -> Incident {
    let start = t(s.start);
    let end = s.minutes.map(|m| start + Duration::minutes(m));
    let mut updates = vec![IncidentUpdate {
        at: start + Duration::minutes(4),
        status: UpdateStatus::Investigating,
        body: format!(
            "We are investigating reports of {}.",
            s.title.to_lowercase()
        ),
    }];
    if let Some(end) = end {
        updates.push(IncidentUpdate {
            at: end,
            status: UpdateStatus::Resolved,
            body: "This incident has been resolved.".into(),
        });
    }
    Incident {
        id: s.id.into(),
        title: s.title.into(),
        impact: s.impact,
        start,
        end,
        created_at: Some(start),
        status: if end.is_some() {
            UpdateStatus::Resolved
        } else {
            UpdateStatus::Investigating
        },
        updates,
        components: s
            .components
            .iter()
            .map(|c| AffectedComponent {
                component_id: (*c).into(),
                transitions: vec![],
            })
            .collect(),
        cause: s.cause,
        url: Some(format!("https://status.example.test/incidents/{}", s.id)),
    }
}

/// Five months of a small page in Berlin: a quiet spring, a bad August, a better September.
fn fixture() -> Dataset {
    use Cause::*;
    use Impact::*;
    let specs = [
        Spec {
            id: "a1",
            title: "Slow dashboard loads",
            start: "2026-05-12T09:00:00Z",
            minutes: Some(45),
            impact: Minor,
            cause: Internal,
            components: &["web"],
        },
        Spec {
            id: "a2",
            title: "API errors",
            start: "2026-06-03T14:00:00Z",
            minutes: Some(30),
            impact: Major,
            cause: External,
            components: &["api"],
        },
        Spec {
            id: "a3",
            title: "Delayed emails",
            start: "2026-07-21T07:10:00Z",
            minutes: Some(95),
            impact: Minor,
            cause: External,
            components: &["mail"],
        },
        Spec {
            id: "b1",
            title: "Publishing outage",
            start: "2026-08-04T12:00:00Z",
            minutes: Some(130),
            impact: Critical,
            cause: Internal,
            components: &["api", "web"],
        },
        Spec {
            id: "b2",
            title: "Login failures after deploy",
            start: "2026-08-11T08:30:00Z",
            minutes: Some(50),
            impact: Major,
            cause: Internal,
            components: &["web"],
        },
        Spec {
            id: "b3",
            title: "Partner API rate limits",
            start: "2026-08-19T16:00:00Z",
            minutes: Some(240),
            impact: Major,
            cause: External,
            components: &["api"],
        },
        // 23:30 in Berlin on 31 August is 21:30 UTC: an August incident that ends in September.
        Spec {
            id: "b4",
            title: "Queue backlog across midnight",
            start: "2026-08-31T21:30:00Z",
            minutes: Some(150),
            impact: Minor,
            cause: Internal,
            components: &["mail"],
        },
        Spec {
            id: "c1",
            title: "Elevated latency",
            start: "2026-09-09T10:00:00Z",
            minutes: Some(20),
            impact: Minor,
            cause: Unknown,
            components: &["api"],
        },
        Spec {
            id: "c2",
            title: "CDN provider outage",
            start: "2026-09-23T18:45:00Z",
            minutes: Some(75),
            impact: Major,
            cause: External,
            components: &["web"],
        },
    ];
    Dataset {
        page: Page {
            name: Some("Example".into()),
            url: Some("https://status.example.test".into()),
            time_zone: Some("Europe/Berlin".into()),
        },
        components: vec![
            Component::named("api", "API"),
            Component::named("web", "Web app"),
            Component::named("mail", "Email delivery"),
        ],
        incidents: specs.iter().map(incident).collect(),
        ..Dataset::default()
    }
}

const SUPPORT: &str = "period,first_response_within_2h_pct,replied_within_24h_pct,satisfaction_pct
2026-Q2,60,99,90
2026-07,58,99,92
2026-08,46,99,91
2026-09,59,99,91
";

fn options(range: &str) -> Options {
    Options {
        range: range.parse().expect("test range"),
        window: 6,
        front_matter: FrontMatterFormat::Yaml,
        intro: Some("August was hard on you, and we are sorry.".into()),
        next: Some("- We moved publishing to a queue.\n- We added a second CDN.".into()),
        support: Some((
            SupportTable::parse(SUPPORT, "support.csv".as_ref()).expect("valid support"),
            PathBuf::from("support.csv"),
        )),
        templates: Templates::default(),
    }
}

fn build(data: &Dataset, options: &Options) -> Result<Post, post::PostError> {
    let subject = Subject {
        dataset: data,
        zone: chrono_tz::Europe::Berlin,
        zone_name: "Europe/Berlin",
        page_name: "Example",
        weights: UptimeWeights::default(),
        now: t("2026-10-02T08:00:00Z"),
    };
    post::build(&subject, options)
}

fn text(post: &Post, path: &str) -> String {
    String::from_utf8(post.file(path).expect(path).to_vec()).expect("utf-8")
}

#[test]
fn a_range_post_snapshot() {
    let post = build(&fixture(), &options("2026-08..2026-09")).expect("post");
    insta::assert_snapshot!("range_index_md", text(&post, "index.md"));
    insta::assert_snapshot!("range_facts_json", text(&post, "facts.json"));
    insta::assert_snapshot!(
        "range_incidents_svg",
        text(&post, "charts/incidents-per-month.svg")
    );
    insta::assert_snapshot!(
        "range_uptime_svg",
        text(&post, "charts/uptime-by-component.svg")
    );
    insta::assert_snapshot!("range_support_svg", text(&post, "charts/support.svg"));
}

#[test]
fn write_sample_to_tmp() {
    let post = build(&fixture(), &options("2026-08..2026-09")).expect("post");
    let dir = std::path::Path::new("/tmp/post-sample");
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).expect("dir");
    post.write_into(dir).expect("write");
}
