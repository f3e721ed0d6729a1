//! The widget's performance marks (`widget/src/perf.rs`), which `cargo xtask bench-widget`
//! reads: the render of a feed is measured, and a refresh that brings nothing new renders
//! nothing (no render of the root component, no change in the shadow root).

use std::time::Duration;

use serde_json::json;

use crate::widget::{assert_no_violations, page, rendered, setup};

/// Loaded before the widget: records every User Timing entry (the widget clears each name
/// before setting it again; an observer still sees them all) and, once the element exists,
/// every mutation in its shadow root with its time.
const OBSERVE: &str = r#"window.__perf = { entries: [], mutations: [] };
(function () {
  const p = window.__perf;
  const record = (list) => {
    for (const e of list.getEntries()) p.entries.push({ name: e.name, start: e.startTime, duration: e.duration });
  };
  new PerformanceObserver(record).observe({ type: "mark", buffered: true });
  new PerformanceObserver(record).observe({ type: "measure", buffered: true });
  customElements.whenDefined("candor-status").then(() => {
    const root = document.querySelector("candor-status").shadowRoot;
    new MutationObserver((records) => {
      p.mutations.push({ t: performance.now(), n: records.length });
    }).observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
  });
})();
"#;

#[tokio::test]
async fn the_render_is_measured_and_an_unchanged_refresh_renders_nothing() {
    let s = setup("acme").await;
    s.scratch.write("site/e2e/observe.js", OBSERVE);
    s.scratch.write(
        "site/e2e/perf.html",
        &page(
            "<script src=\"/e2e/observe.js\"></script>\n<candor-status src=\"/feed.json\" locale=\"en\" refresh=\"10\"></candor-status>",
            None,
        ),
    );
    s.browser
        .client
        .goto(&s.server.url("/e2e/perf.html"))
        .await
        .expect("goto");
    rendered(&s.browser, "candor-status").await;

    // The render of the feed is measured from the arrival of its body.
    let measure = s
        .browser
        .wait_js(
            "the candor:render measure",
            Duration::from_secs(10),
            "const m = window.__perf.entries.filter((e) => e.name === 'candor:render');
             const a = window.__perf.entries.filter((e) => e.name === 'candor:feed-arrived');
             return m.length ? { measures: m.length, arrivals: a.length, start: m[0].start, arrived: a[0].start, duration: m[0].duration } : null;",
        )
        .await;
    assert_eq!(measure["measures"], json!(1), "{measure}");
    assert_eq!(measure["arrivals"], json!(1), "{measure}");
    assert_eq!(measure["start"], measure["arrived"], "{measure}");
    let duration = measure["duration"].as_f64().expect("a duration");
    assert!(duration > 0.0 && duration < 5_000.0, "{measure}");

    // The server answers the refresh (10 s later: its max-age) with 304. Neither a render nor a
    // mutation may follow it. The widget's own 20-second tick comes well after this window.
    let refresh = s
        .browser
        .wait_js(
            "the first refresh, and a second after it",
            Duration::from_secs(30),
            "const f = performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/feed.json'));
             if (f.length < 2 || !(f[1].responseEnd > 0) || performance.now() < f[1].responseEnd + 1000) return null;
             const e = f[1];
             const within = (t) => t >= e.startTime && t <= e.responseEnd + 1000;
             const p = window.__perf;
             return {
               status: e.responseStatus,
               renders: p.entries.filter((x) => x.name === 'candor:rendered' && within(x.start)).length,
               mutations: p.mutations.filter((m) => within(m.t)).reduce((n, m) => n + m.n, 0),
               rendersBefore: p.entries.filter((x) => x.name === 'candor:rendered' && x.start < e.startTime).length,
             };",
        )
        .await;
    assert_eq!(refresh["status"], json!(304), "{refresh}");
    assert_eq!(
        refresh["renders"],
        json!(0),
        "the 304 re-rendered: {refresh}"
    );
    assert_eq!(
        refresh["mutations"],
        json!(0),
        "the 304 changed the DOM: {refresh}"
    );
    // The count can see renders: the loading notice and the feed were rendered before.
    assert!(
        refresh["rendersBefore"].as_u64().unwrap_or(0) >= 2,
        "{refresh}"
    );
    assert_no_violations(&s.browser).await;
    s.browser.close().await;
}
