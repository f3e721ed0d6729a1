//! The widget pointed at real Statuspage documents: the ones in `../shared/data/statuspage`
//! (captured from Instructure's and GitHub's public pages by others), served on loopback
//! unchanged at run time and never copied into the project. Every view must show them.

use std::path::PathBuf;
use std::time::Duration;

use candor_e2e::shared_data;
use serde_json::{json, Value};

use crate::widget::{assert_no_violations, page, rendered, setup};

/// The real documents, which CI checks out beside the clone; `None` (and one line saying the
/// test was skipped) where they are not there. Where the folder is there, its documents must be.
fn real_statuspage() -> Option<PathBuf> {
    let dir = shared_data("real_statuspage_documents_show_every_view")?.join("statuspage");
    assert!(
        dir.join("summary/instructure-summary.json").is_file()
            && dir
                .join("components/github-components-with-problem.json")
                .is_file()
            && dir.join("github-incidents").is_dir(),
        "the shared data at {} lacks the real Statuspage documents this test reads \
         (summary/, components/ and github-incidents/)",
        dir.display()
    );
    Some(dir)
}

fn read_json(path: &std::path::Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// GitHub's incident history as its `/api/v2/incidents.json` lists it: the page, then the
/// incidents newest first. The shared data holds each incident as its own
/// `/api/v2/incidents/{id}.json` document; this puts them, unchanged, into that envelope.
fn github_incidents_json(dir: &std::path::Path) -> String {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("folder entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    // The page as the most recently captured document describes it, as a live
    // incidents.json would.
    let mut page = Value::Null;
    let mut incidents = Vec::new();
    for file in &files {
        let mut doc = read_json(file);
        let updated = |p: &Value| p["updated_at"].as_str().unwrap_or_default().to_string();
        if page.is_null() || updated(&doc["page"]) > updated(&page) {
            page = doc["page"].take();
        }
        incidents.push(doc["incident"].take());
    }
    incidents.sort_by(|a, b| {
        b["created_at"]
            .as_str()
            .unwrap_or_default()
            .cmp(a["created_at"].as_str().unwrap_or_default())
    });
    serde_json::to_string(&json!({ "page": page, "incidents": incidents })).expect("JSON")
}

/// What each view of the widget `#id` shows, read from its shadow root.
const VIEWS: &str = r#"
const root = document.getElementById(arguments[0]).shadowRoot;
const all = (sel) => [...root.querySelectorAll(sel)];
const text = (el) => (el ? el.textContent.trim() : null);
const banner = root.querySelector('[part~="banner"]');
return {
  banner: text(banner),
  bannerIndicator: banner && banner.dataset.indicator,
  active: all('.active [part~="incident"]').map(text),
  components: all('.components [part~="component"] .component-name').map(text),
  statuses: all('.components [part~="component"] .component-status').map(text),
  groups: all('.components h3.group').map(text),
  barsPerRow: all('.components [part~="bars"]').map((b) => b.querySelectorAll('[part~="bar"]').length),
  namedBars: all('[part~="bar"]').filter((b) => (b.getAttribute('aria-label') || '').includes('uptime')).length,
  history: all('.history [part~="incident"] .incident-title').map(text),
  months: all('.history .month h3').map(text),
  updates: all('.history details').length,
  chartBars: all('[part~="chart"] svg rect').length,
  chartRows: all('[part~="chart"] table tbody tr').length,
  footer: text(root.querySelector('.footer')),
  error: text(root.querySelector('.notice[role="status"]')),
};
"#;

#[tokio::test]
async fn real_statuspage_documents_show_every_view() {
    let Some(real) = real_statuspage() else {
        return;
    };
    let s = setup("acme").await;
    let site = s.scratch.site();
    // Instructure: its summary during an unresolved incident; the page has no incidents.json
    // here (a 404), which the widget takes as "summary only".
    let instructure = site.join("real/instructure/api/v2");
    std::fs::create_dir_all(&instructure).expect("folder");
    std::fs::copy(
        real.join("summary/instructure-summary.json"),
        instructure.join("summary.json"),
    )
    .expect("copy the summary");
    // GitHub: its components during a problem, and its incident history.
    let github = site.join("real/github/api/v2");
    std::fs::create_dir_all(&github).expect("folder");
    std::fs::copy(
        real.join("components/github-components-with-problem.json"),
        github.join("summary.json"),
    )
    .expect("copy the components");
    std::fs::write(
        github.join("incidents.json"),
        github_incidents_json(&real.join("github-incidents")),
    )
    .expect("write the incidents");

    s.scratch.write(
        "site/e2e/real.html",
        &page(
            "<candor-status id=\"instructure\" src=\"/real/instructure/\" locale=\"en\" time-zone=\"America/Denver\"></candor-status>\n<candor-status id=\"github\" src=\"/real/github/api/v2/summary.json\" locale=\"en\" time-zone=\"Etc/UTC\" max-incidents=\"40\"></candor-status>",
            None,
        ),
    );
    s.browser
        .client
        .goto(&s.server.url("/e2e/real.html"))
        .await
        .expect("goto");
    rendered(&s.browser, "#instructure").await;
    rendered(&s.browser, "#github").await;

    let views = s.browser.js(VIEWS, vec![json!("instructure")]).await;
    let strings = |key: &str| -> Vec<String> {
        views[key]
            .as_array()
            .unwrap_or_else(|| panic!("{key}: {views}"))
            .iter()
            .map(|v| v.as_str().unwrap_or_default().to_string())
            .collect()
    };
    let banner = views["banner"].as_str().unwrap_or_default();
    assert!(banner.starts_with("Instructure"), "{views}");
    assert!(
        views["bannerIndicator"]
            .as_str()
            .is_some_and(|c| c != "none"),
        "a page in an incident is not all operational: {views}"
    );
    assert_eq!(views["error"], Value::Null, "{views}");
    // The unresolved AWS incident is current, with its latest update.
    let active = strings("active");
    assert_eq!(active.len(), 1, "{views}");
    assert!(active[0].contains("Amazon Web Services (AWS)"), "{views}");
    // 24 entries, of which 3 are groups: 21 components under their groups' names.
    assert_eq!(strings("components").len(), 21, "{views}");
    assert!(strings("groups").iter().any(|g| g == "Canvas"), "{views}");
    assert!(
        strings("statuses").iter().any(|s| s.contains("Degraded")),
        "{views}"
    );
    let rows = views["barsPerRow"].as_array().expect("bars");
    assert_eq!(rows.len(), 21, "{views}");
    assert!(rows.iter().all(|n| n == 90), "{views}");
    // The history lists the open incident under its month, in the page's zone.
    assert!(
        strings("history")[0].contains("Amazon Web Services (AWS)"),
        "{views}"
    );
    assert_eq!(strings("months"), ["December 2021"], "{views}");
    assert_eq!(views["chartBars"], 12, "{views}");
    assert_eq!(views["chartRows"], 12, "{views}");
    assert!(
        views["footer"]
            .as_str()
            .is_some_and(|f| f.contains("Updated")),
        "{views}"
    );

    let views = s.browser.js(VIEWS, vec![json!("github")]).await;
    let strings = |key: &str| -> Vec<String> {
        views[key]
            .as_array()
            .unwrap_or_else(|| panic!("{key}: {views}"))
            .iter()
            .map(|v| v.as_str().unwrap_or_default().to_string())
            .collect()
    };
    assert!(
        views["banner"]
            .as_str()
            .is_some_and(|b| b.starts_with("GitHub")),
        "{views}"
    );
    assert_eq!(views["error"], Value::Null, "{views}");
    // The 10 components of the 2021 capture, under the names the newer incident documents
    // give them ("GitHub Actions" became "Actions"), and Copilot, which only the incidents name.
    let components = strings("components");
    assert_eq!(components.len(), 11, "{views}");
    assert!(components.iter().any(|c| c == "Copilot"), "{views}");
    let actions = components
        .iter()
        .position(|c| c == "Actions")
        .expect("Actions is listed");
    assert!(
        strings("statuses")[actions].contains("Partial outage"),
        "{views}"
    );
    // All 40 incidents, newest first, from 2023 back to 2010 (the legacy layout included).
    let history = strings("history");
    assert_eq!(history.len(), 40, "{views}");
    assert_eq!(history[0], "Incident with Pull Requests", "{views}");
    let months = strings("months");
    assert_eq!(
        months.first().map(String::as_str),
        Some("July 2023"),
        "{views}"
    );
    assert_eq!(
        months.last().map(String::as_str),
        Some("February 2010"),
        "{views}"
    );
    assert!(views["updates"].as_u64().unwrap_or(0) >= 40, "{views}");
    assert_eq!(views["chartBars"], 12, "{views}");

    // An incident's updates open, and its real text is there (the widget builds them when the
    // disclosure's `toggle` event comes, a task after the click).
    s.browser
        .js(
            "document.getElementById('github').shadowRoot.querySelector('.history details summary').click();",
            vec![],
        )
        .await;
    let opened = s
        .browser
        .wait_js(
            "the first incident's updates",
            Duration::from_secs(5),
            "const d = document.getElementById('github').shadowRoot.querySelector('.history details');
             const n = d.open && d.querySelectorAll('.update .update-body').length;
             return n > 0 ? n : null;",
        )
        .await;
    assert!(opened.as_u64().unwrap_or(0) >= 1, "{opened}");

    let pwned = s.browser.js("return window.__pwned;", vec![]).await;
    assert_eq!(pwned, json!([]));
    assert_no_violations(&s.browser).await;
    for theme in ["light", "dark"] {
        s.browser
            .js(
                "for (const el of document.querySelectorAll('candor-status')) { el.setAttribute('theme', arguments[0]); }",
                vec![json!(theme)],
            )
            .await;
        s.browser
            .wait_js(
                "the theme to apply",
                Duration::from_secs(10),
                &format!(
                    "return [...document.querySelectorAll('candor-status')].every((el) => el.shadowRoot.querySelector('.candor[data-theme={theme}]'));"
                ),
            )
            .await;
        s.browser.settle().await;
        s.browser
            .screenshot(&format!("statuspage-real-{theme}"))
            .await;
    }
    s.browser.close().await;
}
