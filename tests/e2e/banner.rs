//! The embeds people ask for (issue 16): `view="banner"`, quiet and active, dismissed by the
//! keyboard; maintenance in progress and of the next seven days; a resolved incident's
//! post-mortem. Each on a page with the strict policy, from feeds written here around the real
//! clock (the widget reads the browser's).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use candor_e2e::{keys, root};
use serde_json::{json, Value};

use crate::widget::{assert_no_violations, page, setup};

/// `seconds` from now as an RFC 3339 instant (UTC, whole seconds).
pub(crate) fn at(seconds: i64) -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("a clock after 1970")
        .as_secs() as i64;
    let t = now + seconds;
    let (days, secs) = (t.div_euclid(86_400), t.rem_euclid(86_400));
    // Days since 1970-01-01 to a civil date (Howard Hinnant's `civil_from_days`).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// The widget's fixture feed, all resolved and nothing planned.
fn quiet_feed() -> Value {
    let text = std::fs::read_to_string(root().join("widget/tests/fixtures/feed.json"))
        .expect("widget/tests/fixtures/feed.json");
    serde_json::from_str(&text).expect("the fixture feed is JSON")
}

/// The fixture feed with "Delayed webhooks" open again (its latest update `update_at` seconds
/// from now), a maintenance in progress, one in three days and one in ten, and a post-mortem
/// on "Database failover" whose text holds markup.
fn active_feed(update_at: i64) -> Value {
    let mut feed = quiet_feed();
    let open = &mut feed["incidents"][0];
    open["end"] = Value::Null;
    open["status"] = json!("investigating");
    open["impact"] = json!("major");
    open["updates"] = json!([{
        "at": at(update_at), "status": "investigating", "body": "Webhooks are delayed."
    }]);
    let maintenance = |id: &str, title: &str, from: i64, to: i64, status: &str| {
        json!({
            "id": id, "title": title, "status": status, "scheduled_for": at(from),
            "scheduled_until": at(to), "url": null, "components": ["db"],
            "updates": [{"at": at(from.min(-60)), "status": "scheduled", "body": "Planned."}]
        })
    };
    feed["maintenances"] = json!([
        maintenance("m1", "Database upgrade", -1_800, 7_200, "in_progress"),
        maintenance(
            "m2",
            "Network maintenance",
            3 * 86_400,
            3 * 86_400 + 3_600,
            "scheduled"
        ),
        maintenance(
            "m3",
            "Datacenter move",
            10 * 86_400,
            10 * 86_400 + 3_600,
            "scheduled"
        ),
    ]);
    feed["incidents"][1]["postmortem"] = json!({
        "url": "https://example.com/postmortems/failover",
        "body": "We **apologize**. <b>not bold</b> <script>window.__pwned = 1</script>",
        "published_at": "2026-08-12T09:00:00Z"
    });
    feed
}

/// Waits until the widget has shown the data of its feed whole (the `candor:render` measure).
async fn shown(browser: &candor_e2e::Browser) {
    browser
        .wait_js(
            "the widget to show its feed",
            Duration::from_secs(30),
            "return performance.getEntriesByName('candor:render').length > 0;",
        )
        .await;
}

/// The host's height and the banner's text (`null` without a banner).
async fn banner(browser: &candor_e2e::Browser) -> Value {
    browser
        .js(
            "const el = document.querySelector('candor-status');
             const bar = el.shadowRoot.querySelector('.alert');
             const link = bar && bar.querySelector('a');
             return { height: el.getBoundingClientRect().height, text: bar && bar.textContent,
                      href: link && link.getAttribute('href'),
                      shadow: el.shadowRoot.textContent };",
            vec![],
        )
        .await
}

#[tokio::test]
async fn the_banner_is_nothing_at_all_while_all_is_well() {
    let s = setup("acme").await;
    s.scratch
        .write("site/e2e/quiet.json", &quiet_feed().to_string());
    let widget =
        "<candor-status view=\"banner\" src=\"/e2e/quiet.json\" locale=\"en\"></candor-status>";
    s.open("quiet.html", &page(widget, None)).await;
    shown(&s.browser).await;
    let quiet = banner(&s.browser).await;
    assert_eq!(quiet["height"], 0.0, "{quiet}");
    assert_eq!(quiet["text"], Value::Null, "{quiet}");
    assert_eq!(quiet["shadow"], "", "not even a loading notice: {quiet}");
    assert_no_violations(&s.browser).await;
    s.browser.close().await;
}

#[tokio::test]
async fn an_open_incident_is_a_one_line_banner_dismissed_by_the_keyboard_until_it_changes() {
    let s = setup("acme").await;
    s.scratch
        .write("site/e2e/active.json", &active_feed(-300).to_string());
    let widget = "<candor-status view=\"banner\" src=\"/e2e/active.json\" locale=\"en\" theme=\"light\"></candor-status>";
    let url = s.open("banner.html", &page(widget, None)).await;
    shown(&s.browser).await;
    let bar = banner(&s.browser).await;
    let text = bar["text"].as_str().unwrap_or_default();
    // The open incident, not the maintenance in progress beside it: an incident counts first.
    for expected in [
        "Delayed webhooks",
        "Partial system outage",
        "Updated 5 minutes ago",
    ] {
        assert!(text.contains(expected), "{expected:?} not in {bar}");
    }
    assert_eq!(bar["href"], "https://status.example.com", "{bar}");
    let height = bar["height"].as_f64().unwrap_or(0.0);
    assert!(height > 20.0 && height < 60.0, "one line: {bar}");
    s.browser.screenshot("banner-active").await;

    // The keyboard reaches the dismiss button: the link, then the button.
    for _ in 0..2 {
        s.browser.press(keys::TAB).await;
    }
    let focused = s
        .browser
        .js(
            "const inner = document.activeElement.shadowRoot.activeElement; return inner && inner.getAttribute('aria-label');",
            vec![],
        )
        .await;
    assert_eq!(focused, "Dismiss");
    s.browser.press(keys::ENTER).await;
    s.browser
        .wait_js(
            "the banner to go",
            Duration::from_secs(5),
            "return document.querySelector('candor-status').getBoundingClientRect().height === 0;",
        )
        .await;

    // Dismissed for the session: a reload shows nothing.
    s.browser.client.goto(&url).await.expect("reload");
    shown(&s.browser).await;
    let dismissed = banner(&s.browser).await;
    assert_eq!(dismissed["height"], 0.0, "{dismissed}");

    // Until something changes: a new update brings it back.
    s.scratch
        .write("site/e2e/active.json", &active_feed(-60).to_string());
    s.browser.client.goto(&url).await.expect("reload");
    shown(&s.browser).await;
    let again = banner(&s.browser).await;
    assert!(
        again["text"]
            .as_str()
            .is_some_and(|t| t.contains("Updated 1 minute ago")),
        "{again}"
    );
    assert_no_violations(&s.browser).await;
    s.browser.close().await;
}

/// Statuspage's informational incidents have no impact: beside a maintenance in progress the
/// bar shows the maintenance, and alone it never says "All systems operational".
#[tokio::test]
async fn an_open_incident_of_no_impact_gives_way_to_maintenance_and_is_never_all_clear() {
    let s = setup("acme").await;
    let mut feed = active_feed(-300);
    feed["incidents"][0]["impact"] = json!("none");
    s.scratch.write("site/e2e/none.json", &feed.to_string());
    feed["maintenances"] = json!([]);
    s.scratch
        .write("site/e2e/none-alone.json", &feed.to_string());
    for (file, expected, not) in [
        ("none.json", "Database upgrade", "Delayed webhooks"),
        (
            "none-alone.json",
            "Delayed webhooks",
            "All systems operational",
        ),
    ] {
        let widget = format!(
            "<candor-status view=\"banner\" src=\"/e2e/{file}\" locale=\"en\"></candor-status>"
        );
        s.open(&format!("{file}.html"), &page(&widget, None)).await;
        shown(&s.browser).await;
        let bar = banner(&s.browser).await;
        let text = bar["text"].as_str().unwrap_or_default();
        assert!(text.contains(expected), "{expected:?} not in {bar}");
        assert!(!text.contains(not), "{not:?} in {bar}");
    }
    s.browser.close().await;
}

#[tokio::test]
async fn maintenance_and_post_mortems_show_in_the_full_and_compact_views() {
    let s = setup("acme").await;
    s.scratch
        .write("site/e2e/active.json", &active_feed(-300).to_string());
    for theme in ["light", "dark"] {
        let widgets = format!(
            "<candor-status src=\"/e2e/active.json\" locale=\"en\" theme=\"{theme}\"></candor-status>\n\
             <candor-status id=\"compact\" view=\"compact\" src=\"/e2e/active.json\" locale=\"en\" theme=\"{theme}\"></candor-status>"
        );
        s.open(&format!("embeds-{theme}.html"), &page(&widgets, None))
            .await;
        s.browser
            .wait_js(
                "both widgets with their history",
                Duration::from_secs(30),
                "const [full, compact] = document.querySelectorAll('candor-status');
                 return !!(full.shadowRoot.querySelector('.postmortem') && compact.shadowRoot.querySelector('.active'));",
            )
            .await;
        let seen = s
            .browser
            .js(
                "const [full, compact] = document.querySelectorAll('candor-status');
                 const pm = full.shadowRoot.querySelector('.postmortem');
                 pm.open = true;
                 return { active: full.shadowRoot.querySelector('.active').textContent,
                          compact: compact.shadowRoot.querySelector('.active').textContent,
                          postmortem: pm.textContent,
                          link: pm.querySelector('a').getAttribute('href'),
                          markup: pm.querySelectorAll('b, script').length,
                          pwned: window.__pwned === 1 };",
                vec![],
            )
            .await;
        for view in ["active", "compact"] {
            let text = seen[view].as_str().unwrap_or_default();
            for expected in [
                "Delayed webhooks",
                "Database upgrade",
                "Network maintenance",
            ] {
                assert!(
                    text.contains(expected),
                    "{expected:?} not in the {view} view: {seen}"
                );
            }
            // Ten days ahead is past the seven the views show.
            assert!(!text.contains("Datacenter move"), "{seen}");
        }
        let postmortem = seen["postmortem"].as_str().unwrap_or_default();
        assert!(postmortem.contains("Postmortem"), "{seen}");
        assert!(
            postmortem.contains("<b>not bold</b>"),
            "markup is text: {seen}"
        );
        assert_eq!(seen["markup"], 0, "{seen}");
        assert_eq!(seen["pwned"], false, "{seen}");
        assert_eq!(seen["link"], "https://example.com/postmortems/failover");
        s.browser.settle().await;
        s.browser.screenshot(&format!("embeds-{theme}")).await;
    }
    assert_no_violations(&s.browser).await;
    s.browser.close().await;
}
