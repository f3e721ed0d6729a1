//! `report-gen post` as a library: the files of a post from datasets built here, checked
//! against reviewed snapshots, for determinism, for safety with hostile text, and for errors.

use std::path::PathBuf;

use candor_core::uptime::UptimeWeights;
use candor_core::{
    AffectedComponent, Cause, Component, Dataset, Impact, Incident, IncidentUpdate, Page,
    Postmortem, UpdateStatus,
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
        updates: updates.into(),
        components: s
            .components
            .iter()
            .map(|c| AffectedComponent {
                component_id: (*c).into(),
                transitions: vec![],
            })
            .collect(),
        cause: s.cause,
        url: Some(format!("https://status.example.test/incidents/{}", s.id).into()),
        postmortem: None,
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
        incidents: specs
            .iter()
            .map(incident)
            .map(|mut i| {
                // One review published on the blog, one written on the status page.
                i.postmortem = match &*i.id {
                    "b2" => Some(Box::new(Postmortem::at(
                        "https://blog.example.test/2026/08/publishing-review",
                    ))),
                    "c2" => Some(Box::new(Postmortem {
                        body: Some("Our CDN provider lost a region; we now use two.".into()),
                        published_at: Some(t("2026-09-25T10:00:00Z")),
                        ..Postmortem::default()
                    })),
                    // `None` is the impact here.
                    _ => Option::None,
                };
                i
            })
            .collect(),
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
        counted: &[],
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

fn with_zone(
    data: &Dataset,
    options: &Options,
    zone: chrono_tz::Tz,
) -> Result<Post, post::PostError> {
    let subject = Subject {
        dataset: data,
        counted: &[],
        zone,
        zone_name: zone.name(),
        page_name: "Example",
        weights: UptimeWeights::default(),
        now: t("2026-10-02T08:00:00Z"),
    };
    post::build(&subject, options)
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
fn a_single_month_post_with_toml_front_matter_snapshot() {
    let mut options = options("2026-08");
    options.front_matter = FrontMatterFormat::Toml;
    options.support = None;
    let post = build(&fixture(), &options).expect("post");
    let md = text(&post, "index.md");
    assert!(
        md.starts_with(
            "+++\ntitle = \"Example reliability report: August 2026\"\ndate = 2026-10-02\n"
        ),
        "{md}"
    );
    assert!(md.contains("[taxonomies]\ntags = ["), "{md}");
    insta::assert_snapshot!("single_index_md", md);
    insta::assert_snapshot!("single_facts_json", text(&post, "facts.json"));
    assert!(post.file("charts/support.svg").is_none());
}

#[test]
fn the_same_input_gives_byte_identical_files() {
    let a = build(&fixture(), &options("2026-08..2026-09")).expect("post");
    let b = build(&fixture(), &options("2026-08..2026-09")).expect("post");
    let names: Vec<&str> = a.files.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        names,
        [
            "charts/incidents-per-month.png",
            "charts/incidents-per-month.svg",
            "charts/support.png",
            "charts/support.svg",
            "charts/uptime-by-component.png",
            "charts/uptime-by-component.svg",
            "facts.json",
            "index.html",
            "index.md",
        ]
    );
    for ((pa, ba), (pb, bb)) in a.files.iter().zip(&b.files) {
        assert_eq!(pa, pb);
        assert!(ba == bb, "{pa} differs between two runs");
    }
    assert!(a
        .file("charts/support.png")
        .expect("png")
        .starts_with(b"\x89PNG"));
}

#[test]
fn an_incident_belongs_to_the_month_of_its_start_in_the_page_zone() {
    let mut data = fixture();
    // 00:30 on 1 September in Berlin, still 31 August in UTC.
    data.incidents.push(incident(&Spec {
        id: "z1",
        title: "Just after midnight",
        start: "2026-08-31T22:30:00Z",
        minutes: Some(10),
        impact: Impact::Minor,
        cause: Cause::Internal,
        components: &["api"],
    }));
    let options = options("2026-08..2026-09");
    let berlin = with_zone(&data, &options, chrono_tz::Europe::Berlin).expect("post");
    let utc = with_zone(&data, &options, chrono_tz::UTC).expect("post");
    let counts = |p: &Post| {
        p.facts
            .months
            .iter()
            .map(|m| m.incidents)
            .collect::<Vec<_>>()
    };
    assert_eq!(counts(&berlin), [4, 3]);
    assert_eq!(counts(&utc), [5, 2]);
}

#[test]
fn an_incident_that_starts_after_now_is_not_counted() {
    let data = fixture();
    let before = build(&data, &options("2026-08..2026-09")).expect("post");
    let mut later = data.clone();
    // Dated after the analysis time (2026-10-02T08:00Z), in the month `now` is in: as of
    // `now` it has not happened.
    later.incidents.push(incident(&Spec {
        id: "future",
        title: "Not yet",
        start: "2026-10-02T09:00:00Z",
        minutes: None,
        impact: Impact::Critical,
        cause: Cause::Internal,
        components: &["api"],
    }));
    let after = build(&later, &options("2026-08..2026-09")).expect("post");
    assert_eq!(after.facts.monthly_counts, before.facts.monthly_counts);
    assert_eq!(after.facts.open_incidents, before.facts.open_incidents);
    let mut october = options("2026-10");
    october.support = None;
    let october = build(&later, &october).expect("post");
    assert_eq!(october.facts.incidents, 0);
    assert_eq!(october.facts.open_incidents, 0);
}

/// Every start tag of a serialised HTML document, with its attributes. In text `<` is always
/// escaped, so each raw `<` opens a tag; attribute values are always double-quoted.
fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        let name_end = rest
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_lowercase();
        rest = &rest[name_end..];
        let mut attributes = Vec::new();
        loop {
            rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
            if rest.is_empty() || rest.starts_with('>') {
                break;
            }
            let end = rest
                .find(|c: char| c.is_whitespace() || c == '=' || c == '>')
                .unwrap_or(rest.len());
            let attribute = rest[..end].to_lowercase();
            rest = &rest[end..];
            let mut value = String::new();
            if let Some(after) = rest.strip_prefix("=\"") {
                let close = after.find('"').expect("a closing quote");
                value = after[..close].to_string();
                rest = &after[close + 1..];
            }
            attributes.push((attribute, value));
        }
        if !name.starts_with('/') && !name.starts_with('!') {
            out.push((name, attributes));
        }
    }
    out
}

const PAYLOAD: &str = "<script>alert('x')</script><img src=x onerror=alert(1)>";

#[test]
fn script_payloads_in_the_data_never_reach_the_page() {
    let mut data = fixture();
    let hostile = &mut data.incidents[3];
    hostile.title =
        format!("{PAYLOAD} Publishing [down](javascript:alert(2)) **now** {{{{< shortcode >}}}}")
            .into();
    hostile.url = Some("javascript:alert(3)".into());
    hostile.updates[0].body =
        format!("<p>Investigating</p>{PAYLOAD}<a href=\"javascript:alert(4)\">link</a>");
    data.components[0].name = format!("API {PAYLOAD}");
    let post = build(&data, &options("2026-08..2026-09")).expect("post");

    let html = text(&post, "index.html");
    for (name, attributes) in tags(&html) {
        assert_ne!(name, "script", "a script element");
        for (attribute, value) in attributes {
            assert!(
                !attribute.starts_with("on"),
                "an event handler on <{name}>: {attribute}"
            );
            assert!(
                !value.to_lowercase().contains("javascript:"),
                "a script URL on <{name}>"
            );
            assert!(!(name == "img" && value == "x"), "the payload's image");
        }
    }
    // The text is still there, as text.
    assert!(
        html.contains("&lt;script&gt;alert('x')&lt;/script&gt;"),
        "{html}"
    );

    let md = text(&post, "index.md");
    assert!(!md.contains("<script"), "index.md has a raw tag");
    assert!(!md.contains("<img"), "index.md has a raw tag");
    // Escaped brackets (`\\]`) are text; an unescaped `](javascript` would be a link.
    assert!(
        !md.replace("\\]", "").contains("](javascript"),
        "index.md has a script link"
    );
    assert!(!md.contains("{{<"), "index.md has a Hugo shortcode");
    assert!(md.contains("### &lt;script&gt;alert('x')&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; Publishing \\[down\\](javascript:alert(2)) \\*\\*now\\*\\* \\{\\{&lt; shortcode &gt;\\}\\}"), "{md}");
    // The update body's tags are dropped, its script with them; its words stay.
    assert!(
        md.contains("(investigating, 2026-08-04 14:04 CEST): Investigating link"),
        "{md}"
    );

    for chart in ["incidents-per-month", "uptime-by-component", "support"] {
        let svg = text(&post, &format!("charts/{chart}.svg"));
        assert!(
            !svg.contains("<script") && !svg.contains("<img"),
            "{chart}.svg"
        );
    }
}

#[test]
fn a_window_shorter_than_the_range_is_refused() {
    let mut options = options("2026-07..2026-09");
    options.window = 2;
    let err = build(&fixture(), &options)
        .expect_err("too short")
        .to_string();
    assert_eq!(err, "--window 2 is shorter than the 3 months reported: the window must hold every reported month (it ends with 2026-09)");
}

#[test]
fn a_window_without_incidents_is_refused() {
    let mut options = options("2024-02");
    options.support = None;
    let err = build(&fixture(), &options).expect_err("empty").to_string();
    assert_eq!(err, "no incidents in the 6 months from 2023-09 to 2024-02 (Europe/Berlin): the data's 9 incidents run from 2026-05 to 2026-09");
}

#[test]
fn a_month_after_now_is_refused() {
    let err = build(&fixture(), &options("2026-11"))
        .expect_err("future")
        .to_string();
    assert_eq!(
        err,
        "2026-11 has not begun at 2026-10-02T08:00:00Z (--now), so there is nothing to report yet: a reported month must have begun by --now"
    );
}

fn at(data: &Dataset, options: &Options, now: &str) -> Result<Post, post::PostError> {
    let subject = Subject {
        dataset: data,
        counted: &[],
        zone: chrono_tz::Europe::Berlin,
        zone_name: "Europe/Berlin",
        page_name: "Example",
        weights: UptimeWeights::default(),
        now: t(now),
    };
    post::build(&subject, options)
}

/// The range's months that have not happened were reported as 0 incidents.
#[test]
fn a_range_ending_after_now_is_refused_at_its_first_month_not_begun() {
    let mut options = options("2026-08..2026-10");
    options.support = None;
    let err = at(&fixture(), &options, "2026-09-01T00:00:00Z")
        .expect_err("October has not begun")
        .to_string();
    assert!(
        err.starts_with("2026-10 has not begun at 2026-09-01T00:00:00Z (--now)"),
        "{err}"
    );
    // The month holding now is reported, as partial.
    options.range = "2026-08..2026-09".parse().expect("range");
    let post = at(&fixture(), &options, "2026-09-10T00:00:00Z").expect("post");
    assert!(!post.facts.months[1].complete);
    assert!(text(&post, "index.md").contains("had not ended at the time of writing"));
}

/// A post whose data begins five minutes before its month ends stated "0.00% (5 min of
/// downtime)" and compared the month with months the data knows nothing of.
#[test]
fn data_beginning_inside_the_month_is_stated_and_months_before_it_have_no_data() {
    let data = Dataset {
        components: vec![Component::named("api", "API")],
        incidents: vec![incident(&Spec {
            id: "late",
            title: "Outage",
            start: "2026-08-31T21:55:00Z",
            minutes: Some(5),
            impact: Impact::Critical,
            cause: Cause::Internal,
            components: &["api"],
        })],
        ..Dataset::default()
    };
    let mut options = options("2026-08");
    options.support = None;
    let post = at(&data, &options, "2026-09-10T00:00:00Z").expect("post");
    let facts = &post.facts;
    assert_eq!(facts.data_from.as_deref(), Some("2026-08-31T21:55:00Z"));
    assert_eq!(
        facts.monthly_counts["2026-07"], None,
        "before the data: no data"
    );
    assert_eq!(facts.monthly_counts["2026-08"], Some(1));
    assert_eq!(facts.previous_month_incidents, None);
    assert_eq!(
        facts.months[0].data_from.as_deref(),
        Some("2026-08-31 23:55 CEST")
    );
    let api = &facts.components[0];
    assert_eq!((api.observed_minutes, api.downtime_minutes), (5.0, 5.0));
    let md = text(&post, "index.md");
    for sentence in [
        "There was 1 incident in August 2026 (data from 2026-08-31 23:55 CEST).",
        "**API**: 0.00% of the 5 min the data covers, from 2026-08-31 23:55 CEST (5 min of downtime)",
    ] {
        assert!(md.contains(sentence), "missing: {sentence}\n{md}");
    }
    for claim in ["0.00% (5 min", "up from", "none in July", "of any month"] {
        assert!(
            !md.contains(claim),
            "claims more than the data holds: {claim}\n{md}"
        );
    }
    let facts_json = text(&post, "facts.json");
    assert!(facts_json.contains(r#""2026-07": null"#), "{facts_json}");
    assert!(text(&post, "charts/incidents-per-month.svg").contains("no data"));
    assert!(text(&post, "charts/uptime-by-component.svg").contains("0.00% of 5 min"));
}

/// Data that begins after a reported month says nothing about it.
#[test]
fn a_month_before_the_data_is_refused() {
    let mut options = options("2026-04..2026-05");
    options.support = None;
    let err = build(&fixture(), &options)
        .expect_err("April is before the data")
        .to_string();
    assert_eq!(
        err,
        "2026-04 ended before the data begins (2026-05-12 11:00 CEST), so there is nothing to report about it: the data says nothing before then"
    );
}

#[test]
fn a_support_file_without_a_reported_month_is_refused() {
    let err = build(&fixture(), &options("2026-09..2026-10"))
        .expect_err("no support row")
        .to_string();
    assert!(err.starts_with("support.csv: no row for 2026-10"), "{err}");
}

#[test]
fn a_template_folder_overrides_the_markdown_and_escapes_by_default() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("index.md.jinja"),
        "{{ front_matter }}{{ facts.incidents }} incidents; first: {{ months[0].incidents[0].title }}\n",
    )
    .expect("write template");
    let mut options = options("2026-08");
    options.templates = Templates::from_dir(dir.path()).expect("templates");
    let mut data = fixture();
    data.incidents[3].title = "*Publishing* <b>outage</b>".into();
    let post = build(&data, &options).expect("post");
    let md = text(&post, "index.md");
    assert!(
        md.ends_with("4 incidents; first: \\*Publishing\\* &lt;b&gt;outage&lt;/b&gt;\n"),
        "{md}"
    );
    // The built-in HTML template is still used.
    assert!(text(&post, "index.html").contains("<h1>Example reliability report: August 2026</h1>"));
}

#[test]
fn a_template_error_names_the_file_and_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("index.md.jinja"),
        "line one\n{% for x in %}\n",
    )
    .expect("write");
    let mut options = options("2026-08");
    options.templates = Templates::from_dir(dir.path()).expect("templates");
    let err = build(&fixture(), &options)
        .expect_err("syntax error")
        .to_string();
    assert!(err.contains("index.md.jinja:2"), "{err}");
    assert!(err.contains("syntax error"), "{err}");
}

/// The lines of the post's listing of the incident titled `title`.
fn listed(md: &str, title: &str) -> String {
    let heading = format!("### {title}\n");
    let at = md
        .find(&heading)
        .unwrap_or_else(|| panic!("{title} is listed"));
    let rest = &md[at + heading.len()..];
    rest[..rest.find("\n#").unwrap_or(rest.len())].to_string()
}

#[test]
fn a_postmortem_is_linked_when_it_has_an_address_and_noted_when_it_has_only_a_text() {
    let mut data = fixture();
    let postmortem = |id: &str, p: Postmortem| (id.to_string(), Some(Box::new(p)));
    let given = [
        // Only http(s) addresses become links (an importer refuses others; the model may hold
        // anything): this one is noted as published, without a link.
        postmortem("b1", Postmortem::at("javascript:alert(1)")),
        // Published after the post's now (2026-10-02T08:00Z): as of now there is none.
        postmortem(
            "b3",
            Postmortem {
                body: Some("Later.".into()),
                published_at: Some(t("2026-10-03T08:00:00Z")),
                ..Postmortem::default()
            },
        ),
        postmortem(
            "b4",
            Postmortem {
                body: Some("<script>alert(1)</script> Why it failed.".into()),
                ..Postmortem::default()
            },
        ),
    ];
    for (id, p) in given {
        let incident = (data.incidents.iter_mut())
            .find(|i| *i.id == *id)
            .expect("in the fixture");
        incident.postmortem = p;
    }
    let post = build(&data, &options("2026-08")).expect("post");
    let md = text(&post, "index.md");
    let listing = |title: &str| listed(&md, title);
    assert!(
        listing("Publishing outage").contains("- **Post-mortem** published, with the incident\n")
    );
    assert!(!listing("Publishing outage").contains("javascript"));
    assert!(!listing("Partner API rate limits").contains("ost-mortem"));
    // Its text is not quoted in the post: the note says there is one.
    let b4 = data.incidents.iter().find(|i| &*i.id == "b4").expect("b4");
    let b4 = listing(&b4.title);
    assert!(
        b4.contains("- **Post-mortem** published, with the incident\n"),
        "{b4}"
    );
    assert!(!b4.contains("script"), "{b4}");
    assert!(listing("Login failures after deploy")
        .contains("- [The post-mortem](<https://blog.example.test/2026/08/publishing-review>)\n"));
    let html = text(&post, "index.html");
    assert!(html.contains(
        r#"<a href="https://blog.example.test/2026/08/publishing-review" rel="noopener noreferrer">The post-mortem</a>"#
    ), "{html}");
    assert!(!html.contains("javascript:"));
}
