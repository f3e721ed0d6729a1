//! The demo site as `cargo xtask serve` shows it: `www/` with the sample company's own data in
//! `www/data/`, every page in both themes and on a phone, under the site's strict policy, with
//! the company's name the same on the site, in the post and in the widget. The screenshots
//! under `target/e2e-screenshots/` are for people to look at.

use std::time::Duration;

use candor_e2e::{root, widget_dist, Browser, Scratch, Server};
use serde_json::json;

use crate::widget::{assert_no_violations, rendered, Setup, SENTINEL};

/// The sample company, as `www/data/candor.toml` names it.
const COMPANY: &str = "Postwise";

/// A fixed "now" just after the sample data's bad run, so that the post reports two whole
/// months (`cargo xtask serve` uses the clock).
const SAMPLE_NOW: &str = "2026-10-01T12:00:00Z";

/// `report-gen serve` with the arguments `cargo xtask serve` gives it (xtask/src/serve.rs), on
/// a scratch copy of `www/` and `www/data/`.
async fn sample_setup() -> Setup {
    let widget = widget_dist();
    let scratch = Scratch::with_data(&root().join("www/data"));
    let toml = scratch.read("data/candor.toml");
    assert!(
        toml.contains(&format!("name = \"{COMPANY}\"")),
        "www/data/candor.toml no longer names {COMPANY}: update the site and this test together"
    );
    scratch.write("site/e2e/sentinel.js", SENTINEL);
    let (site, data) = (scratch.site(), scratch.data());
    let path = |p: std::path::PathBuf| p.to_str().expect("utf-8").to_string();
    let args = [
        "--site".to_string(),
        path(site.clone()),
        "--widget".into(),
        path(widget),
        "--post-month".into(),
        "2026-08..2026-09".into(),
        "--post-template".into(),
        path(site.join("templates")),
        "--post-support".into(),
        path(data.join("support.csv")),
        "--post-intro".into(),
        path(data.join("intro.md")),
        "--post-next".into(),
        path(data.join("next.md")),
        path(data.join("incidents")),
    ];
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let server = Server::start_with(0, SAMPLE_NOW, &args);
    let browser = Browser::start().await;
    Setup {
        scratch,
        server,
        browser,
    }
}

/// The company's name as the page shows it: the logo, and every widget's banner.
async fn names_on_the_page(browser: &Browser) -> serde_json::Value {
    browser
        .js(
            "const logo = document.querySelector('.logo');
             return { logo: logo && logo.textContent.trim(), title: document.title,
                      widgets: [...document.querySelectorAll('candor-status')].map((w) => {
                        const n = w.shadowRoot.querySelector('[part~=\"banner\"] .page-name');
                        return n && n.textContent; }) };",
            vec![],
        )
        .await
}

#[tokio::test]
async fn the_demo_site_in_both_themes_and_on_a_phone_without_policy_violations() {
    let s = sample_setup().await;
    // The site's own pages, each with the sentinel put first so that violations are recorded.
    for name in [
        "index.html",
        "status.html",
        "embed.html",
        "frame.html",
        "templates/index.html.jinja",
    ] {
        let html = s.scratch.read(&format!("site/{name}"));
        let html = html.replacen(
            "<meta charset=\"utf-8\">",
            "<meta charset=\"utf-8\">\n<script src=\"/e2e/sentinel.js\"></script>",
            1,
        );
        s.scratch.write(&format!("site/{name}"), &html);
    }
    // The post's template changed: wait for the rebuild that puts the sentinel into /blog/.
    candor_e2e::eventually(
        "the post with the sentinel",
        Duration::from_secs(15),
        || {
            candor_e2e::get(&s.server.base, "/blog/", &[])
                .text()
                .contains("/e2e/sentinel.js")
                .then_some(())
        },
    );
    for (name, path) in [
        ("index", "/index.html"),
        ("blog", "/blog/"),
        ("status", "/status.html"),
        ("embed", "/embed.html"),
        ("frame", "/frame.html?src=/feed.json&view=full&locale=en"),
    ] {
        for theme in ["light", "dark"] {
            let sep = if path.contains('?') { '&' } else { '?' };
            s.browser
                .client
                .goto(&s.server.url(&format!("{path}{sep}theme={theme}")))
                .await
                .expect("goto");
            rendered(&s.browser, "candor-status").await;
            s.browser.settle().await;
            s.browser.screenshot(&format!("{name}-{theme}")).await;
            assert_no_violations(&s.browser).await;
            let names = names_on_the_page(&s.browser).await;
            let widgets = names["widgets"].as_array().expect("widgets");
            assert!(
                !widgets.is_empty() && widgets.iter().all(|w| w == COMPANY),
                "{name}: {names}"
            );
            if name != "frame" {
                assert_eq!(names["logo"], COMPANY, "{name}: {names}");
                assert!(
                    names["title"].as_str().is_some_and(|t| t.contains(COMPANY)),
                    "{name}: {names}"
                );
            }
        }
    }
    // The footer's compact widget links to the status page the site names, relative to it.
    s.browser
        .client
        .goto(&s.server.url("/index.html"))
        .await
        .expect("goto");
    rendered(&s.browser, "candor-status").await;
    let link = s
        .browser
        .js(
            "const a = document.querySelector('candor-status').shadowRoot.querySelector('a.link'); return a && a.href;",
            vec![],
        )
        .await;
    assert_eq!(link, json!(s.server.url("/status.html")));

    // A phone: the pages and the widget fit 320 px, with fewer bars.
    s.browser.resize(320, 800).await;
    let width = s.browser.js("return window.innerWidth;", vec![]).await;
    assert_eq!(width, json!(320), "the window did not narrow");
    for (name, path) in [("index", "/index.html"), ("status", "/status.html")] {
        s.browser
            .client
            .goto(&s.server.url(&format!("{path}?theme=light")))
            .await
            .expect("goto");
        rendered(&s.browser, "candor-status").await;
        s.browser.settle().await;
        let fits = s
            .browser
            .js(
                "return { page: document.documentElement.scrollWidth, room: document.documentElement.clientWidth,
                          bars: [...document.querySelectorAll('candor-status')].map((w) => w.shadowRoot.querySelector('[part~=\"bars\"]')).filter(Boolean).map((b) => b.querySelectorAll('[part~=\"bar\"]').length) };",
                vec![],
            )
            .await;
        assert!(
            fits["page"].as_u64() <= fits["room"].as_u64(),
            "{name} scrolls sideways: {fits}"
        );
        let bars = fits["bars"].as_array().expect("bars");
        assert!(
            !bars.is_empty() && bars.iter().all(|n| n == 30),
            "{name}: {fits}"
        );
        s.browser.screenshot(&format!("{name}-320px")).await;
        assert_no_violations(&s.browser).await;
    }
    s.browser.close().await;
}
