//! The widget in Chromium, on pages served by `report-gen serve`: isolation, live refresh,
//! failure and recovery, untrusted text, Statuspage mode, the policy, the keyboard,
//! screenshots. These need the widget's build (`cargo xtask dist`).

use std::time::Duration;

use candor_e2e::{copy_tree, keys, root, widget_dist, Browser, Scratch, Server};
use serde_json::{json, Value};

/// The policy every demo page carries.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'";

/// Loaded first on every test page: records policy violations, calls of the sentinel that
/// the script payloads in the fixtures would make, and how each request the page makes ends
/// (the requests themselves go out unchanged), so that a test can wait for "a refresh failed"
/// instead of sleeping.
pub(crate) const SENTINEL: &str = r#"window.__violations = [];
window.__pwned = [];
window.__candorPwned = function (what) { window.__pwned.push(String(what)); };
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + e.blockedURI);
});
window.__fetches = [];
const realFetch = window.fetch.bind(window);
window.fetch = function (input, init) {
  const record = { url: String(input && input.url ? input.url : input), outcome: "pending" };
  window.__fetches.push(record);
  return realFetch(input, init).then(
    function (response) { record.outcome = response.status; return response; },
    function (error) { record.outcome = "error"; throw error; });
};
"#;

const HOSTILE_CSS: &str = r#"* { all: unset; }
html, body, main, candor-status {
  font-size: 64px !important;
  font-family: "Comic Sans MS", fantasy !important;
  color: #ff00ff !important;
  background: #00ff00 !important;
  line-height: 4 !important;
  letter-spacing: 12px !important;
  text-transform: uppercase !important;
}
span, div, p, a, li, section { border: 9px solid red !important; padding: 30px !important; }
"#;

/// A page with the strict policy, the sentinel, the widget's script and `body`.
pub(crate) fn page(body: &str, stylesheet: Option<&str>) -> String {
    let css = stylesheet
        .map(|href| format!("<link rel=\"stylesheet\" href=\"{href}\">"))
        .unwrap_or_default();
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n<title>e2e</title>\n<script src=\"/e2e/sentinel.js\"></script>\n{css}\n<script type=\"module\" src=\"/widget/candor.js\"></script>\n</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )
}

pub(crate) struct Setup {
    pub(crate) scratch: Scratch,
    pub(crate) server: Server,
    pub(crate) browser: Browser,
}

impl Setup {
    /// Writes `html` as the site's `/e2e/{name}` and opens it; its URL, for reloads.
    pub(crate) async fn open(&self, name: &str, html: &str) -> String {
        self.scratch.write(&format!("site/e2e/{name}"), html);
        let url = self.server.url(&format!("/e2e/{name}"));
        self.browser.client.goto(&url).await.expect("goto");
        url
    }
}

pub(crate) async fn setup(fixture: &str) -> Setup {
    let widget = widget_dist();
    let scratch = Scratch::new(fixture);
    scratch.write("site/e2e/sentinel.js", SENTINEL);
    scratch.write("site/e2e/hostile.css", HOSTILE_CSS);
    let server = start_server(&scratch, &widget, None);
    let browser = Browser::start().await;
    Setup {
        scratch,
        server,
        browser,
    }
}

fn start_server(scratch: &Scratch, widget: &std::path::Path, port: Option<u16>) -> Server {
    let site = scratch.site();
    let data = scratch.data();
    let templates = site.join("templates");
    let args = [
        "--site",
        site.to_str().expect("utf-8"),
        "--widget",
        widget.to_str().expect("utf-8"),
        "--post-month",
        "2026-08..2026-09",
        "--post-template",
        templates.to_str().expect("utf-8"),
        data.to_str().expect("utf-8"),
    ];
    Server::start_on(port.unwrap_or(0), &args)
}

/// Waits until the first `<candor-status>` on the page (or the one `selector` names) has
/// rendered its banner inside an open shadow root, and a widget on the page has shown its data
/// whole (the `candor:render` measure: the history and the chart come a task after the
/// banner).
pub(crate) async fn rendered(browser: &Browser, selector: &str) {
    let script = format!(
        "const el = document.querySelector({sel}); return !!(el && el.shadowRoot && el.shadowRoot.querySelector('[part~=\"banner\"]')) && performance.getEntriesByName('candor:render').length > 0;",
        sel = json!(selector)
    );
    browser
        .wait_js(
            "the widget to render its banner",
            Duration::from_secs(30),
            &script,
        )
        .await;
}

pub(crate) async fn shadow_text(browser: &Browser, selector: &str) -> String {
    let value = browser
        .js(
            "const el = document.querySelector(arguments[0]); return el && el.shadowRoot ? el.shadowRoot.textContent : null;",
            vec![json!(selector)],
        )
        .await;
    value.as_str().unwrap_or_default().to_string()
}

pub(crate) async fn assert_no_violations(browser: &Browser) {
    let violations = browser.js("return window.__violations;", vec![]).await;
    assert_eq!(violations, json!([]), "Content-Security-Policy violations");
}

#[tokio::test]
async fn the_widget_renders_inside_its_shadow_root() {
    let s = setup("acme").await;
    s.scratch.write(
        "site/e2e/plain.html",
        &page(
            "<candor-status src=\"/feed.json\" locale=\"en\" theme=\"light\"></candor-status>",
            None,
        ),
    );
    s.browser
        .client
        .goto(&s.server.url("/e2e/plain.html"))
        .await
        .expect("goto");
    rendered(&s.browser, "candor-status").await;
    let text = shadow_text(&s.browser, "candor-status").await;
    for expected in ["Public API", "Web app", "Delayed webhooks"] {
        assert!(
            text.contains(expected),
            "{expected:?} not in the widget: {text}"
        );
    }
    let facts = s
        .browser
        .js(
            "const el = document.querySelector('candor-status');
             return { mode: el.shadowRoot && el.shadowRoot.mode,
                      light: el.textContent,
                      bars: el.shadowRoot.querySelectorAll('[part~=\"bar\"]').length,
                      leaked: document.body.innerText.includes('Public API') };",
            vec![],
        )
        .await;
    assert_eq!(facts["mode"], "open");
    assert_eq!(
        facts["light"], "",
        "the widget adds nothing to the host's DOM"
    );
    assert!(facts["bars"].as_u64().unwrap_or(0) >= 90, "{facts}");
    assert_no_violations(&s.browser).await;
    s.browser.close().await;
}

/// Computed styles of the main pieces inside the widget.
const STYLES: &str = r#"
const root = document.querySelector('candor-status').shadowRoot;
const pick = (sel) => root.querySelector(sel);
const props = ['font-size', 'font-family', 'color', 'background-color', 'font-weight',
               'line-height', 'letter-spacing', 'text-transform', 'border-top-width', 'padding-top'];
const out = {};
for (const [name, sel] of [['banner', '[part~="banner"]'], ['component', '[part~="component"]'],
                           ['bar', '[part~="bar"]'], ['incident', '[part~="incident"]']]) {
  const el = pick(sel);
  if (!el) { out[name] = null; continue; }
  const cs = getComputedStyle(el);
  out[name] = Object.fromEntries(props.map((p) => [p, cs.getPropertyValue(p)]));
  if (name === 'bar') { out[name].height = String(el.getBoundingClientRect().height); }
}
return out;
"#;

#[tokio::test]
async fn a_hostile_host_stylesheet_changes_nothing_inside() {
    let s = setup("acme").await;
    let widget = "<candor-status src=\"/feed.json\" locale=\"en\" theme=\"light\"></candor-status>";
    s.scratch.write("site/e2e/plain.html", &page(widget, None));
    s.scratch.write(
        "site/e2e/hostile.html",
        &page(widget, Some("/e2e/hostile.css")),
    );

    s.browser
        .client
        .goto(&s.server.url("/e2e/plain.html"))
        .await
        .expect("goto");
    rendered(&s.browser, "candor-status").await;
    let plain = s.browser.js(STYLES, vec![]).await;
    s.browser.screenshot("isolation-plain").await;

    s.browser
        .client
        .goto(&s.server.url("/e2e/hostile.html"))
        .await
        .expect("goto");
    rendered(&s.browser, "candor-status").await;
    let hostile = s.browser.js(STYLES, vec![]).await;
    s.browser.screenshot("isolation-hostile").await;

    assert!(plain["banner"].is_object(), "{plain}");
    assert_eq!(
        plain, hostile,
        "the host's stylesheet reached inside the widget"
    );
    assert_no_violations(&s.browser).await;
    s.browser.close().await;
}

#[tokio::test]
async fn an_added_incident_appears_without_a_reload() {
    let s = setup("acme").await;
    s.scratch.write(
        "site/e2e/live.html",
        &page(
            "<candor-status src=\"/feed.json\" locale=\"en\" refresh=\"10\"></candor-status>",
            None,
        ),
    );
    s.browser
        .client
        .goto(&s.server.url("/e2e/live.html"))
        .await
        .expect("goto");
    rendered(&s.browser, "candor-status").await;
    s.browser.js("window.__sameDocument = true;", vec![]).await;
    assert!(!shadow_text(&s.browser, "candor-status")
        .await
        .contains("Payments failing"));

    let mut csv = s.scratch.read("data/incidents.csv");
    csv.push_str("acme-5,Payments failing,critical,2026-09-30T11:00:00Z,,api,external,\n");
    s.scratch.write("data/incidents.csv", &csv);

    // Refresh interval (10 s) plus the server's one-second poll plus margin.
    s.browser
        .wait_js(
            "the new incident in the open widget",
            Duration::from_secs(40),
            "return document.querySelector('candor-status').shadowRoot.textContent.includes('Payments failing');",
        )
        .await;
    let same = s
        .browser
        .js("return window.__sameDocument === true;", vec![])
        .await;
    assert_eq!(same, json!(true), "the page was reloaded");
    assert_no_violations(&s.browser).await;
    s.browser.close().await;
}

#[tokio::test]
async fn a_broken_feed_and_a_lost_server_keep_the_last_good_data_and_recover() {
    let widget = widget_dist();
    let s = setup("acme").await;
    let feed = candor_e2e::get(&s.server.base, "/feed.json", &[]).text();
    s.scratch.write("site/e2e/feed.json", &feed);
    s.scratch.write(
        "site/e2e/robust.html",
        &page(
            "<candor-status src=\"/e2e/feed.json\" locale=\"en\" refresh=\"10\"></candor-status>",
            None,
        ),
    );
    s.browser
        .client
        .goto(&s.server.url("/e2e/robust.html"))
        .await
        .expect("goto");
    rendered(&s.browser, "candor-status").await;
    let shows_data = "const t = document.querySelector('candor-status').shadowRoot.textContent; return t.includes('Public API') && t.includes('Delayed webhooks');";
    let warns = "return document.querySelector('candor-status').shadowRoot.textContent.includes('Could not update');";
    assert_eq!(s.browser.js(warns, vec![]).await, json!(false));

    // Malformed: the last good data stays, with a note.
    s.scratch
        .write("site/e2e/feed.json", "{\"version\": 1, \"components\": [");
    s.browser
        .wait_js("the could-not-update note", Duration::from_secs(40), warns)
        .await;
    assert_eq!(s.browser.js(shows_data, vec![]).await, json!(true));
    s.browser.screenshot("robust-malformed").await;

    // The server goes away: still the last good data.
    let port = s.server.port();
    let Setup {
        scratch,
        server,
        browser,
    } = s;
    let before = browser.js("return window.__fetches.length;", vec![]).await;
    server.stop();
    // Backoff after the malformed answer: the next attempt comes 10 to 20 s later.
    browser
        .wait_js(
            "a refresh that fails because the server is gone",
            Duration::from_secs(40),
            &format!(
                "return window.__fetches.slice({before}).some((f) => f.url.endsWith('/e2e/feed.json') && f.outcome === 'error');"
            ),
        )
        .await;
    assert_eq!(browser.js(shows_data, vec![]).await, json!(true));
    assert_eq!(browser.js(warns, vec![]).await, json!(true));

    // The feed comes back: the note goes. (Backoff after failures may stretch the wait.)
    scratch.write("site/e2e/feed.json", &feed);
    let _server = start_server(&scratch, &widget, Some(port));
    browser
        .wait_js(
            "the widget to recover",
            Duration::from_secs(120),
            "return !document.querySelector('candor-status').shadowRoot.textContent.includes('Could not update');",
        )
        .await;
    assert_eq!(browser.js(shows_data, vec![]).await, json!(true));
    assert_no_violations(&browser).await;
    browser.close().await;
}

#[tokio::test]
async fn script_payloads_in_titles_and_bodies_run_nothing() {
    let s = setup("acme").await;
    copy_tree(
        &root().join("tests/fixtures/statuspage/api"),
        &s.scratch.site().join("api"),
    );
    s.scratch.write(
        "site/e2e/payloads.html",
        &page(
            "<candor-status id=\"feed\" src=\"/feed.json\" locale=\"en\"></candor-status>\n<candor-status id=\"sp\" src=\"/api/v2/summary.json\" locale=\"en\"></candor-status>",
            None,
        ),
    );
    s.browser
        .client
        .goto(&s.server.url("/e2e/payloads.html"))
        .await
        .expect("goto");
    rendered(&s.browser, "#feed").await;
    rendered(&s.browser, "#sp").await;
    // Open every incident's updates, so that the bodies are rendered too.
    s.browser
        .js(
            "for (const id of ['feed', 'sp']) {
               const root = document.getElementById(id).shadowRoot;
               for (const d of root.querySelectorAll('details')) { d.open = true; }
               for (const b of root.querySelectorAll('[part~=\"incident\"] button')) { b.click(); }
             }",
            vec![],
        )
        .await;
    s.browser
        .wait_js(
            "every incident's updates shown",
            Duration::from_secs(10),
            "const all = document.getElementById('sp').shadowRoot.querySelectorAll('details'); return all.length > 0 && [...all].every((d) => d.open && d.querySelector('.update-body'));",
        )
        .await;
    let feed_text = shadow_text(&s.browser, "#feed").await;
    assert!(
        feed_text.contains("<img src=x"),
        "the title is shown as text: {feed_text}"
    );
    let sp_text = shadow_text(&s.browser, "#sp").await;
    for payload in [
        "window.__candorPwned('sp-title')",
        "window.__candorPwned('sp-body')",
    ] {
        assert!(
            sp_text.contains(payload),
            "{payload} is not shown as text: {sp_text}"
        );
    }
    let pwned = s.browser.js("return window.__pwned;", vec![]).await;
    assert_eq!(pwned, json!([]), "a payload ran");
    let injected = s
        .browser
        .js(
            "return ['feed', 'sp'].map((id) => document.getElementById(id).shadowRoot.querySelectorAll('script, img[src=\"x\"], [onerror], a[href^=\"javascript:\"]').length);",
            vec![],
        )
        .await;
    assert_eq!(injected, json!([0, 0]));
    assert_no_violations(&s.browser).await;
    s.browser.close().await;
}

#[tokio::test]
async fn statuspage_documents_are_shown_directly() {
    let s = setup("acme").await;
    copy_tree(
        &root().join("tests/fixtures/statuspage/api"),
        &s.scratch.site().join("api"),
    );
    s.scratch.write(
        "site/e2e/statuspage.html",
        &page(
            &format!(
                "<candor-status src=\"{}/\" locale=\"en\"></candor-status>",
                s.server.base
            ),
            None,
        ),
    );
    s.browser
        .client
        .goto(&s.server.url("/e2e/statuspage.html"))
        .await
        .expect("goto");
    rendered(&s.browser, "candor-status").await;
    s.browser
        .wait_js(
            "the Statuspage components",
            Duration::from_secs(20),
            "const t = document.querySelector('candor-status').shadowRoot.textContent; return t.includes('Cloud API') && t.includes('Cloud dashboard') && t.includes('Elevated API latency');",
        )
        .await;
    let banner = s
        .browser
        .js(
            "return document.querySelector('candor-status').shadowRoot.querySelector('[part~=\"banner\"]').textContent;",
            vec![],
        )
        .await;
    assert!(
        banner
            .as_str()
            .unwrap_or_default()
            .contains("Minor service outage"),
        "{banner}"
    );
    assert_no_violations(&s.browser).await;
    s.browser.screenshot("statuspage-mode").await;
    s.browser.close().await;
}

async fn focused_bar(browser: &Browser) -> Value {
    browser
        .js(
            "const el = document.activeElement;
             const inner = el && el.shadowRoot && el.shadowRoot.activeElement;
             if (!inner) { return { host: el && el.tagName }; }
             return { host: el.tagName, part: inner.getAttribute('part'), label: inner.getAttribute('aria-label'),
                      index: [...inner.parentElement.children].indexOf(inner), tabindex: inner.getAttribute('tabindex') };",
            vec![],
        )
        .await
}

#[tokio::test]
async fn the_keyboard_reaches_the_bars_and_moves_between_days() {
    let s = setup("acme").await;
    s.scratch.write(
        "site/e2e/keyboard.html",
        &page(
            "<button id=\"before\" type=\"button\">before</button>\n<candor-status src=\"/feed.json\" view=\"compact\" locale=\"en\" time-zone=\"Europe/Berlin\"></candor-status>",
            None,
        ),
    );
    s.browser
        .client
        .goto(&s.server.url("/e2e/keyboard.html"))
        .await
        .expect("goto");
    rendered(&s.browser, "candor-status").await;
    s.browser
        .js("document.getElementById('before').focus();", vec![])
        .await;

    // Tab until focus lands on a bar (the banner may hold a link first).
    let mut bar = Value::Null;
    for _ in 0..5 {
        s.browser.press(keys::TAB).await;
        let now = focused_bar(&s.browser).await;
        if now["part"]
            .as_str()
            .is_some_and(|p| p.split(' ').any(|x| x == "bar"))
        {
            bar = now;
            break;
        }
    }
    assert!(
        bar.is_object() && bar["part"].is_string(),
        "Tab never reached the bars"
    );
    assert_eq!(bar["tabindex"], "0");
    // The bars' places in their row: today is the last.
    let last = bar["index"].as_u64().expect("a place");
    assert!(last > 0, "{bar}");
    let label = bar["label"]
        .as_str()
        .expect("an accessible name")
        .to_string();
    assert!(label.contains("uptime"), "{label}");

    s.browser.press(keys::LEFT).await;
    let left = focused_bar(&s.browser).await;
    assert_ne!(
        left["index"].as_u64(),
        Some(last),
        "ArrowLeft moved nowhere"
    );
    assert_ne!(
        left["label"].as_str(),
        Some(label.as_str()),
        "the name did not follow"
    );
    assert_eq!(left["tabindex"], "0", "roving tabindex");

    s.browser.press(keys::RIGHT).await;
    assert_eq!(focused_bar(&s.browser).await["index"].as_u64(), Some(last));
    s.browser.press(keys::HOME).await;
    let first = focused_bar(&s.browser).await;
    assert_eq!(first["index"].as_u64(), Some(0), "{first}");
    s.browser.press(keys::END).await;
    assert_eq!(focused_bar(&s.browser).await["index"].as_u64(), Some(last));

    // The day with the Berlin-time incident names it.
    let named = s
        .browser
        .js(
            "return [...document.querySelector('candor-status').shadowRoot.querySelectorAll('[part~=\"bar\"]')].map((b) => b.getAttribute('aria-label')).filter((l) => l && l.includes('Delayed webhooks')).length;",
            vec![],
        )
        .await;
    assert!(
        named.as_u64().unwrap_or(0) >= 1,
        "no day names its incident"
    );
    s.browser.close().await;
}
