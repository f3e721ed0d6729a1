//! The widget reading an incident.io page's widget API live (issue 15): from another origin,
//! as incident.io serves it, with its own build of the widget; the incident, the maintenances
//! and the components it affects in every view; no number for the days the API says nothing
//! of; the banner gone once the incident is.

use std::time::Duration;

use candor_e2e::VendorApi;
use serde_json::{json, Value};

use crate::banner::at;
use crate::widget::{assert_no_violations, page, setup};

const PATH: &str = "/api/v1/summary";

/// A widget summary as incident.io serves it: an incident open for the last half hour with
/// the component it affects, a maintenance in progress and one in two days.
fn active_summary() -> Value {
    json!({
        "page_title": "Acme",
        "page_url": "https://status.acme.example",
        "ongoing_incidents": [{
            "id": "01JINCIDENT0000000000000001",
            "name": "Webhooks delayed",
            "status": "identified",
            "url": "https://status.acme.example/incidents/01JINCIDENT0000000000000001",
            "last_update_at": at(-1_800),
            "last_update_message": "We found the cause <script>window.__candorPwned('update')</script>",
            "current_worst_impact": "partial_outage",
            "affected_components": [{
                "id": "01JCOMPONENT000000000000001", "name": "Webhooks",
                "group_name": "Platform", "current_status": "partial_outage"
            }]
        }],
        "in_progress_maintenances": [{
            "id": "01JMAINTENANCE0000000000001", "name": "Database failover test",
            "status": "maintenance_in_progress",
            "url": "https://status.acme.example/incidents/01JMAINTENANCE0000000000001",
            "last_update_at": at(-3_600), "last_update_message": "Started.",
            "affected_components": [], "started_at": at(-3_600), "scheduled_end_at": at(3_600)
        }],
        "scheduled_maintenances": [{
            "id": "01JMAINTENANCE0000000000002", "name": "Network upgrade",
            "status": "maintenance_scheduled",
            "url": "https://status.acme.example/incidents/01JMAINTENANCE0000000000002",
            "last_update_at": at(-86_400), "last_update_message": "Planned.",
            "affected_components": [], "starts_at": at(2 * 86_400),
            "ends_at": at(2 * 86_400 + 7_200)
        }]
    })
}

/// Each widget's text, its host's height, its day bars' levels, and the widget files the
/// page loaded.
async fn state(browser: &candor_e2e::Browser) -> Value {
    browser
        .js(
            "const of = (id) => {
               const el = document.getElementById(id);
               const root = el.shadowRoot;
               return { text: root ? root.textContent : null,
                        height: el.getBoundingClientRect().height,
                        levels: root ? [...root.querySelectorAll('[data-level]')].map((b) => b.dataset.level) : [] };
             };
             const files = performance.getEntriesByType('resource').map((e) => e.name)
               .filter((n) => n.includes('/widget/')).map((n) => n.slice(n.lastIndexOf('/') + 1));
             return { full: of('full'), compact: of('compact'), banner: of('banner'), files,
                      pwned: window.__pwned };",
            vec![],
        )
        .await
}

#[tokio::test]
async fn an_incident_io_page_is_read_live_from_another_origin() {
    let s = setup("acme").await;
    let api = VendorApi::start();
    api.set(PATH, &active_summary().to_string());
    let src = format!("{}{PATH}", api.base);
    let widgets = format!(
        "<candor-status id=\"full\" src=\"{src}\" locale=\"en\" refresh=\"10\"></candor-status>\n\
         <candor-status id=\"compact\" view=\"compact\" src=\"{src}\" locale=\"en\" refresh=\"10\"></candor-status>\n\
         <candor-status id=\"banner\" view=\"banner\" src=\"{src}\" locale=\"en\" refresh=\"10\"></candor-status>"
    );
    // The strict policy, letting the page connect to the vendor's origin too.
    let html = page(&widgets, None).replace(
        "connect-src 'self'",
        &format!("connect-src 'self' {}", api.base),
    );
    s.open("incident-io.html", &html).await;
    s.browser
        .wait_js(
            "the three widgets to show the summary",
            Duration::from_secs(30),
            "return ['full', 'compact', 'banner'].every((id) => {
               const r = document.getElementById(id).shadowRoot;
               return r && r.textContent.includes('Webhooks delayed');
             }) && performance.getEntriesByName('candor:render').length > 0;",
        )
        .await;
    let shown = state(&s.browser).await;
    let full = shown["full"]["text"].as_str().unwrap_or_default();
    for expected in [
        "Webhooks delayed",
        "Webhooks",
        "Platform",
        "Database failover test",
        "Network upgrade",
        "We found the cause",
    ] {
        assert!(
            full.contains(expected),
            "{expected:?} in the full view: {full}"
        );
    }
    let compact = shown["compact"]["text"].as_str().unwrap_or_default();
    assert!(compact.contains("Database failover test"), "{compact}");
    let banner = shown["banner"]["text"].as_str().unwrap_or_default();
    assert!(banner.contains("Webhooks delayed"), "{banner}");
    // The API says nothing of the days before what is open now: no data, not 100% uptime.
    let levels: Vec<&str> = (shown["full"]["levels"].as_array())
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    assert!(levels.len() >= 89, "{levels:?}");
    let with_data = levels.iter().filter(|l| **l != "no-data").count();
    assert!(
        (1..=2).contains(&with_data)
            && levels
                .last()
                .is_some_and(|l| !["no-data", "none"].contains(l)),
        "{levels:?}"
    );
    assert!(!full.contains("100%"), "{full}");
    // One build, incident.io's, for all three; one request a round for the three.
    let files: Vec<&str> = (shown["files"].as_array())
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        files
            .iter()
            .any(|f| f.starts_with("candor-widget-incidentio-")),
        "{files:?}"
    );
    assert!(
        !files
            .iter()
            .any(|f| f.starts_with("candor-widget-statuspage-")
                || f.starts_with("candor-widget-feed-")),
        "{files:?}"
    );
    // One request a round for the three widgets (a round every 10 s: two on a slow machine).
    assert!(api.requests(PATH) < 3, "{} requests", api.requests(PATH));
    assert_eq!(shown["pwned"], json!([]));
    // `candor.js` picks the build for a `src` as the widget reads it: against the page's URL.
    let kinds = s
        .browser
        .js(
            "return import('/widget/candor.js').then((m) => [
               'api/v1/summary', ' /api/v1/summary ', '/api/v1/summary/.', '/x/api/v1/summary?a=1#b',
               '/api/v1/summary.json', '/api/v2/summary.json', 'feed.json', 'https://status.example.com',
               '', 'http://[bad'
             ].map(m.kindOf));",
            vec![],
        )
        .await;
    assert_eq!(
        kinds,
        json!([
            "incidentio",
            "incidentio",
            "incidentio",
            "incidentio",
            "statuspage",
            "statuspage",
            "feed",
            "statuspage",
            "feed",
            "feed"
        ])
    );
    assert_no_violations(&s.browser).await;
    s.browser.screenshot("incident-io").await;

    // The incident and the maintenance end: the next refresh shows it without a reload.
    let mut quiet = active_summary();
    quiet["ongoing_incidents"] = json!([]);
    quiet["in_progress_maintenances"] = json!([]);
    api.set(PATH, &quiet.to_string());
    s.browser
        .wait_js(
            "the banner to go once the incident has ended",
            Duration::from_secs(30),
            "const el = document.getElementById('banner');
             return el.getBoundingClientRect().height === 0
               && !document.getElementById('full').shadowRoot.textContent.includes('Webhooks delayed');",
        )
        .await;
    let after = state(&s.browser).await;
    let full = after["full"]["text"].as_str().unwrap_or_default();
    assert!(full.contains("Network upgrade"), "{full}");
    assert!(full.contains("operational"), "{full}");
    assert_no_violations(&s.browser).await;
    s.browser.close().await;
}
