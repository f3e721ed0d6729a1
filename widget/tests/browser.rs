//! The widget in headless Chromium (wasm-bindgen-test): each view from fixture feeds, the
//! keyboard on the bars, hostile text, a malformed refresh, attribute changes.
//!
//! The fixtures are served over HTTP by wasm-bindgen-test-runner from the crate folder
//! (`/tests/fixtures/...`). The refresh test needs a server whose answer changes; `cargo xtask
//! test` starts one and passes its address in `CANDOR_WIDGET_TEST_SERVER` at build time.
#![cfg(target_arch = "wasm32")]

use candor_widget::{mount, store, Widget};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, ShadowRoot};

wasm_bindgen_test_configure!(run_in_browser);

const FEED: &str = "/tests/fixtures/feed.json";
const HOSTILE: &str = "/tests/fixtures/hostile-feed.json";

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .expect("window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .expect("setTimeout");
    });
    JsFuture::from(promise).await.expect("timer");
}

/// A widget on the page: its host element, shadow root and handle.
struct Mounted {
    host: HtmlElement,
    shadow: ShadowRoot,
    widget: Widget,
}

impl Mounted {
    async fn new(attributes: &[(&str, &str)]) -> Mounted {
        let document = web_sys::window()
            .expect("window")
            .document()
            .expect("document");
        let host: HtmlElement = document
            .create_element("div")
            .expect("div")
            .dyn_into()
            .expect("html element");
        for (name, value) in attributes {
            host.set_attribute(name, value).expect("attribute");
        }
        document
            .body()
            .expect("body")
            .append_child(&host)
            .expect("append");
        let shadow = host
            .attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))
            .expect("shadow root");
        let root = document.create_element("div").expect("root");
        shadow.append_child(&root).expect("append root");
        let widget = mount(host.clone(), root);
        Mounted {
            host,
            shadow,
            widget,
        }
    }

    fn all(&self, selector: &str) -> Vec<Element> {
        let list = self.shadow.query_selector_all(selector).expect("selector");
        (0..list.length())
            .filter_map(|i| list.item(i).and_then(|n| n.dyn_into().ok()))
            .collect()
    }

    fn one(&self, selector: &str) -> Option<Element> {
        self.shadow.query_selector(selector).expect("selector")
    }

    fn text(&self, selector: &str) -> String {
        self.one(selector)
            .and_then(|e| e.text_content())
            .unwrap_or_default()
    }

    /// Waits until `selector` matches, up to `ms` milliseconds.
    async fn wait_for(&self, selector: &str, ms: i32) -> Element {
        for _ in 0..(ms / 25) {
            if let Some(e) = self.one(selector) {
                return e;
            }
            sleep(25).await;
        }
        panic!("`{selector}` did not appear within {ms} ms");
    }

    async fn set(&mut self, name: &str, value: &str) {
        self.host.set_attribute(name, value).expect("attribute");
        self.widget.attributes_changed();
        yew::scheduler::flush().await;
        sleep(20).await;
    }

    async fn unset(&mut self, name: &str) {
        self.host.remove_attribute(name).expect("attribute");
        self.widget.attributes_changed();
        yew::scheduler::flush().await;
        sleep(20).await;
    }

    async fn remove(mut self) {
        self.widget.destroy();
        self.host.remove();
        yew::scheduler::flush().await;
        sleep(20).await;
    }
}

fn absolute(path: &str) -> String {
    let origin = web_sys::window()
        .expect("window")
        .location()
        .origin()
        .expect("origin");
    format!("{origin}{path}")
}

#[wasm_bindgen_test]
async fn the_full_view_shows_status_components_history_chart_and_footer() {
    let w = Mounted::new(&[("src", FEED), ("locale", "en-GB"), ("time-zone", "UTC")]).await;
    // The history and the chart come a task after the first render with data.
    w.wait_for(".history", 5000).await;
    assert_eq!(w.text(".banner .status-text"), "All systems operational");
    assert_eq!(w.text(".banner .page-name"), "Acme Cloud");
    let names: Vec<String> = w
        .all(".component-name")
        .iter()
        .filter_map(|e| e.text_content())
        .collect();
    assert_eq!(names, ["API", "Web app", "Database"]);
    assert_eq!(w.all(".component:first-of-type .bar").len(), 90);
    assert_eq!(w.all("[part=component]").len(), 3);
    assert_eq!(w.text(".component .uptime"), "99.89% uptime");
    // Incident history: grouped by month, newest first, with expandable updates.
    let months: Vec<String> = w
        .all(".month h3")
        .iter()
        .filter_map(|e| e.text_content())
        .collect();
    assert_eq!(
        months,
        ["August 2026", "July 2026", "June 2026", "March 2026"]
    );
    assert_eq!(w.text(".incident .incident-title"), "Delayed webhooks");
    assert_eq!(w.text(".incident summary"), "2 updates");
    assert!(w.text(".incident time").contains("22 Aug 2026"));
    assert!(w.text(".incident .duration").contains("Resolved after"));
    // An incident's updates are built when its disclosure opens, not before.
    assert!(w.one(".update").is_none());
    open_updates(&w, 0).await;
    let updates: Vec<String> = w
        .all(".incident:first-child .update .update-meta")
        .iter()
        .filter_map(|e| e.text_content())
        .collect();
    assert_eq!(updates.len(), 2, "{updates:?}");
    assert!(
        updates[0].starts_with("Resolved · 22 Aug 2026"),
        "{updates:?}"
    );
    assert!(
        updates[1].starts_with("Investigating · 22 Aug 2026"),
        "{updates:?}"
    );
    assert_eq!(
        w.all(".incident:first-child .update time")[0]
            .get_attribute("datetime")
            .as_deref(),
        Some("2026-08-22T10:45:00Z")
    );
    assert_eq!(w.all(".update").len(), 2, "only the opened incident's");
    // The safe Markdown subset: emphasis, code and an https link built as elements.
    assert_eq!(w.text(".incident .update-body em"), "delayed");
    assert_eq!(w.text(".incident .update-body code"), "queue-3");
    let link = w.one(".incident .update-body a").expect("link in update");
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("https://example.com/post")
    );
    // The chart: 12 SVG bars and the same numbers in a hidden table.
    assert_eq!(w.all(".chart rect").len(), 12);
    assert_eq!(w.all(".chart table tbody tr").len(), 12);
    assert_eq!(w.text(".chart tbody tr:last-child td"), "2");
    assert!(w.text(".footer .updated").starts_with("Updated"));
    let link = w.one(".footer a").expect("status page link");
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("https://status.example.com")
    );
    w.remove().await;
}

/// Opens the disclosure of the `n`th incident with updates, as a click on its summary does.
async fn open_updates(w: &Mounted, n: usize) {
    let summary: HtmlElement = w.all(".incident summary")[n]
        .clone()
        .dyn_into()
        .expect("html");
    summary.click();
    // `toggle` is dispatched in a task of its own.
    sleep(50).await;
}

/// On a visitor's first load no task may block the host page for over 50 ms (issue 16), so
/// the full view is drawn in stages a task apart: the first render with data draws the banner
/// and the first rows, then come all the rows, then the history, then the chart.
#[wasm_bindgen_test]
async fn the_full_view_is_drawn_in_stages_a_task_apart() {
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;
    let w = Mounted::new(&[("src", "/tests/fixtures/ten-components.json")]).await;
    // What each task left in the shadow root: rows, a history, a chart. A mutation
    // observer's callback runs once after each task that changed the DOM.
    let seen: Rc<RefCell<Vec<(usize, bool, bool)>>> = Rc::default();
    let observer = {
        let (seen, shadow) = (seen.clone(), w.shadow.clone());
        let record = Closure::<dyn FnMut()>::new(move || {
            let count = |selector: &str| {
                shadow
                    .query_selector_all(selector)
                    .map_or(0, |list| list.length() as usize)
            };
            let state = (
                count("[part=component]"),
                count(".history") > 0,
                count(".chart") > 0,
            );
            let mut seen = seen.borrow_mut();
            if seen.last() != Some(&state) {
                seen.push(state);
            }
        });
        let observer =
            web_sys::MutationObserver::new(record.as_ref().unchecked_ref()).expect("observer");
        record.forget();
        let options = web_sys::MutationObserverInit::new();
        options.set_child_list(true);
        options.set_subtree(true);
        observer
            .observe_with_options(&w.shadow, &options)
            .expect("observe");
        observer
    };
    w.wait_for(".chart", 5000).await;
    sleep(50).await;
    observer.disconnect();
    let with_rows: Vec<(usize, bool, bool)> = (seen.borrow().iter())
        .copied()
        .filter(|s| s.0 > 0)
        .collect();
    assert_eq!(
        with_rows,
        [
            (6, false, false),
            (10, false, false),
            (10, true, false),
            (10, true, true)
        ]
    );
    w.remove().await;
}

#[wasm_bindgen_test]
async fn the_compact_view_shows_one_row_for_the_page() {
    let w = Mounted::new(&[("src", FEED), ("view", "compact"), ("locale", "en-GB")]).await;
    w.wait_for(".page-row", 5000).await;
    assert!(w.one(".banner").is_some());
    assert_eq!(w.all(".bars").len(), 1);
    assert_eq!(w.all(".bar").len(), 90);
    assert!(w.one(".history").is_none());
    // 10 Aug: the worst component that day is the API or the web app at 93.75 %.
    let bar = w.one(".bar[aria-label^='10 Aug 2026:']").expect("bar");
    assert!(bar.get_attribute("data-level").as_deref() == Some("major"));
    w.remove().await;
}

#[wasm_bindgen_test]
async fn the_badge_view_is_one_line_linking_to_the_status_page() {
    let w = Mounted::new(&[
        ("src", FEED),
        ("view", "badge"),
        ("locale", "fr-FR"),
        ("link", "https://status.example.com/custom"),
    ])
    .await;
    let badge = w.wait_for("a.badge", 5000).await;
    assert_eq!(
        badge.get_attribute("href").as_deref(),
        Some("https://status.example.com/custom")
    );
    assert_eq!(
        w.text(".badge .status-text"),
        "Tous les systèmes sont opérationnels"
    );
    assert!(w.one(".bars").is_none());
    w.remove().await;
}

#[wasm_bindgen_test]
async fn the_bars_are_one_tab_stop_moved_by_arrows_home_and_end() {
    let mut w = Mounted::new(&[("src", FEED), ("locale", "en-GB"), ("days", "90")]).await;
    w.wait_for(".bar", 5000).await;
    let bars = w.all(".component:first-of-type .bar");
    let stops: Vec<usize> = bars
        .iter()
        .enumerate()
        .filter(|(_, b)| b.get_attribute("tabindex").as_deref() == Some("0"))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(stops, [89], "only today is a tab stop");
    assert_eq!(
        bars[89].get_attribute("aria-label").as_deref(),
        Some("24 Aug 2026: 100% uptime, no incidents")
    );
    let today: HtmlElement = bars[89].clone().dyn_into().expect("html");
    today.focus().expect("focus");

    let press = |key: &str| {
        let init = web_sys::KeyboardEventInit::new();
        init.set_key(key);
        init.set_bubbles(true);
        init.set_composed(true);
        let event = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init)
            .expect("event");
        w.shadow
            .active_element()
            .expect("something has focus")
            .dispatch_event(&event)
            .expect("dispatch");
    };
    let focused_label = || {
        w.shadow
            .active_element()
            .and_then(|e| e.get_attribute("aria-label"))
            .unwrap_or_default()
    };

    press("Home");
    yew::scheduler::flush().await;
    sleep(20).await;
    assert_eq!(focused_label(), "27 May 2026: 100% uptime, no incidents");
    press("ArrowRight");
    yew::scheduler::flush().await;
    sleep(20).await;
    assert_eq!(focused_label(), "28 May 2026: 100% uptime, no incidents");
    press("End");
    yew::scheduler::flush().await;
    sleep(20).await;
    assert_eq!(focused_label(), "24 Aug 2026: 100% uptime, no incidents");
    for _ in 0..2 {
        press("ArrowLeft");
        yew::scheduler::flush().await;
        sleep(20).await;
    }
    assert_eq!(
        focused_label(),
        "22 Aug 2026: 100% uptime, 1 incident: Delayed webhooks"
    );
    // The detail line under the bars follows the focus.
    assert_eq!(
        w.text(".component:first-of-type .day-detail"),
        "22 Aug 2026: 100% uptime, 1 incident: Delayed webhooks"
    );
    let stops = w.all(".component:first-of-type .bar[tabindex='0']").len();
    assert_eq!(stops, 1, "the tab stop moved with the focus");

    let outage = w
        .one(".component:first-of-type .bar[aria-label^='10 Aug 2026:']")
        .expect("bar");
    assert_eq!(
        outage.get_attribute("aria-label").as_deref(),
        Some("10 Aug 2026: 93.75% uptime, 1 incident: Dashboard unavailable")
    );
    assert!(outage.get_attribute("data-level").as_deref() == Some("major"));
    // Drawn again (here in another language), the rows keep their elements: the focused day
    // keeps the focus and the tab stop, with its new name.
    let focused = w.shadow.active_element().expect("a focused bar");
    w.set("locale", "de-DE").await;
    assert!(
        w.shadow.active_element() == Some(focused.clone()),
        "the focus stayed"
    );
    assert_eq!(focused.get_attribute("tabindex").as_deref(), Some("0"));
    assert_eq!(
        w.all(".component:first-of-type .bar[tabindex='0']").len(),
        1
    );
    let label = focused.get_attribute("aria-label").unwrap_or_default();
    assert_eq!(
        label,
        "22. Aug. 2026: 100\u{a0}% Verfügbarkeit, 1 Vorfall: Delayed webhooks"
    );
    assert_eq!(w.text(".component:first-of-type .day-detail"), label);
    w.remove().await;
}

#[wasm_bindgen_test]
async fn hovering_a_day_shows_it_and_leaving_hides_it() {
    let w = Mounted::new(&[("src", FEED), ("locale", "en-GB"), ("days", "90")]).await;
    w.wait_for(".bar", 5000).await;
    let bar = w
        .one(".component:first-of-type .bar[aria-label^='10 Aug 2026:']")
        .expect("bar");
    // The rows listen, not each bar: the events bubble from the bar to them.
    let fire = |target: &Element, name: &str| {
        let init = web_sys::MouseEventInit::new();
        init.set_bubbles(true);
        let event =
            web_sys::MouseEvent::new_with_mouse_event_init_dict(name, &init).expect("event");
        target.dispatch_event(&event).expect("dispatch");
    };
    fire(&bar, "mouseover");
    yew::scheduler::flush().await;
    sleep(20).await;
    assert_eq!(
        w.text(".component:first-of-type .day-detail"),
        "10 Aug 2026: 93.75% uptime, 1 incident: Dashboard unavailable"
    );
    // Hovering moves neither the tab stop nor the focus.
    let stops: Vec<String> = w
        .all(".component:first-of-type .bar[tabindex='0']")
        .iter()
        .filter_map(|b| b.get_attribute("aria-label"))
        .collect();
    assert_eq!(stops, ["24 Aug 2026: 100% uptime, no incidents"]);
    // Moving within the bars keeps the line; leaving them (for nowhere here) empties it.
    let row = w.one(".component:first-of-type .bars").expect("row");
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    init.set_related_target(Some(&row));
    let within =
        web_sys::MouseEvent::new_with_mouse_event_init_dict("mouseout", &init).expect("event");
    bar.dispatch_event(&within).expect("dispatch");
    assert_eq!(
        w.text(".component:first-of-type .day-detail"),
        "10 Aug 2026: 93.75% uptime, 1 incident: Dashboard unavailable"
    );
    fire(&bar, "mouseout");
    yew::scheduler::flush().await;
    sleep(20).await;
    assert_eq!(w.text(".component:first-of-type .day-detail"), "");
    w.remove().await;
}

#[wasm_bindgen_test]
async fn markup_in_titles_and_bodies_is_shown_as_text() {
    let w = Mounted::new(&[("src", HOSTILE), ("locale", "en-GB")]).await;
    w.wait_for(".incident", 5000).await;
    assert_eq!(
        w.text(".incident .incident-title"),
        "<img src=x onerror=alert(1)><script>alert(2)</script>"
    );
    open_updates(&w, 0).await;
    assert!(w
        .text(".incident .update-body")
        .contains("<img src=x onerror=window.__pwned=1> <script>window.__pwned=2</script>"));
    assert!(w.all("img, script, iframe, object").is_empty());
    assert!(w.all("a[href^='javascript']").is_empty());
    // The accessible names of the bars carry the title as text too.
    assert!(w.all(".bar").iter().any(|b| b
        .get_attribute("aria-label")
        .unwrap_or_default()
        .contains("<script>")));
    // A row's names cross into JS as one string split at line breaks: a line break in a title
    // reads as a space and splits nothing.
    let database = w.all(".component:nth-of-type(3) .bar");
    assert_eq!(database.len(), 90);
    assert_eq!(
        database[37].get_attribute("aria-label").as_deref(),
        Some("3 Jul 2026: 93.75% uptime, 1 incident: Slow database queries")
    );
    assert_eq!(
        database[38].get_attribute("aria-label").as_deref(),
        Some("4 Jul 2026: 100% uptime, no incidents")
    );
    sleep(50).await;
    let pwned = js_sys::Reflect::get(&web_sys::window().expect("window"), &"__pwned".into())
        .expect("property");
    assert!(pwned.is_undefined(), "a payload ran");
    w.remove().await;
}

#[wasm_bindgen_test]
async fn attribute_changes_re_render() {
    let mut w = Mounted::new(&[("src", FEED), ("locale", "en-GB")]).await;
    // The history and the chart come a task after the first render with data.
    w.wait_for(".history", 5000).await;
    assert_eq!(w.all(".component:first-of-type .bar").len(), 90);

    w.set("days", "30").await;
    // The bars already there are drawn again with the last 30 days: names, levels, one stop.
    let bars = w.all(".component:first-of-type .bar");
    assert_eq!(bars.len(), 30);
    let labels: Vec<String> = bars
        .iter()
        .filter_map(|b| b.get_attribute("aria-label"))
        .collect();
    assert_eq!(labels[0], "26 Jul 2026: 100% uptime, no incidents");
    assert_eq!(
        labels[15],
        "10 Aug 2026: 93.75% uptime, 1 incident: Dashboard unavailable"
    );
    assert!(bars[15].get_attribute("data-level").as_deref() == Some("major"));
    assert!(bars[0].get_attribute("data-level").as_deref() == Some("none"));
    assert_eq!(
        w.all(".component:first-of-type .bar[tabindex='0']").len(),
        1
    );
    w.set("components", "db,Web app").await;
    assert_eq!(w.all(".component").len(), 2);
    assert_eq!(w.text(".component-name"), "Web app");
    // Listed now: the dashboard (two updates), the database, the login errors.
    open_updates(&w, 0).await;
    assert_eq!(w.all(".update").len(), 2);
    w.set("locale", "de-DE").await;
    assert_eq!(
        w.text(".banner .status-text"),
        "Alle Systeme betriebsbereit"
    );
    assert_eq!(w.text(".history h2"), "Vorfallhistorie");
    // Drawn again in German, the disclosure that was open is open, with its updates.
    let open = w.all(".incident details[open]");
    assert_eq!(open.len(), 1);
    assert_eq!(w.all(".update").len(), 2);
    assert!(!w
        .text(".incident details[open] .update-meta")
        .contains("Resolved"));
    w.set("max-incidents", "1").await;
    assert_eq!(w.all(".incident").len(), 1);
    w.set("theme", "dark").await;
    assert!(w.one(".candor[data-theme=dark]").is_some());
    w.set("view", "badge").await;
    assert!(w.one(".badge").is_some());
    assert!(w.one(".components").is_none());
    w.unset("components").await;
    w.unset("max-incidents").await;
    assert_eq!(w.all(".component").len(), 0, "still the badge");
    w.set("src", HOSTILE).await;
    w.set("view", "full").await;
    // The new source may still be on its way.
    w.wait_for(".incident", 5000).await;
    sleep(200).await;
    assert_eq!(w.all(".component").len(), 3);
    assert!(w.text(".incident .incident-title").contains("<script>"));
    w.remove().await;
}

#[wasm_bindgen_test]
async fn widgets_with_the_same_src_share_one_request_and_announce_the_status() {
    let seen = std::rc::Rc::new(std::cell::RefCell::new(Vec::<String>::new()));
    let a = Mounted::new(&[("src", FEED), ("view", "badge")]).await;
    let listener = {
        let seen = seen.clone();
        gloo::events::EventListener::new(&a.host, "candor-status-change", move |event| {
            let detail = event
                .dyn_ref::<web_sys::CustomEvent>()
                .map(|e| e.detail())
                .unwrap_or(JsValue::NULL);
            let get = |k: &str| {
                js_sys::Reflect::get(&detail, &k.into())
                    .ok()
                    .and_then(|v| v.as_string())
                    .unwrap_or_default()
            };
            seen.borrow_mut()
                .push(format!("{}: {}", get("indicator"), get("description")));
        })
    };
    let b = Mounted::new(&[("src", FEED), ("view", "compact")]).await;
    a.wait_for(".badge", 5000).await;
    b.wait_for(".bars", 5000).await;
    let state = store::state(&absolute(FEED)).expect("one shared source");
    assert_eq!(state.rounds, 1);
    // The status is announced in the render's effect, which may run a task after the render.
    for _ in 0..200 {
        if !seen.borrow().is_empty() {
            break;
        }
        sleep(25).await;
    }
    assert_eq!(*seen.borrow(), ["none: All Systems Operational"]);
    drop(listener);
    a.remove().await;
    b.remove().await;
    assert!(
        store::state(&absolute(FEED)).is_none(),
        "the last widget out stops the source"
    );
}

#[wasm_bindgen_test]
async fn a_malformed_refresh_keeps_the_last_good_data() {
    let Some(server) = option_env!("CANDOR_WIDGET_TEST_SERVER") else {
        panic!(
            "CANDOR_WIDGET_TEST_SERVER is not set: run the browser tests with `cargo xtask test`"
        );
    };
    // The server answers this URL with the good fixture once, then with broken JSON.
    // A fresh path per run: the server counts requests per path.
    let src = format!("{server}/flaky/{}/feed.json", js_sys::Date::now() as u64);
    let w = Mounted::new(&[("src", &src), ("refresh", "10"), ("locale", "en-GB")]).await;
    w.wait_for(".banner", 5000).await;
    assert!(w.one(".footer .warning").is_none());
    // The next round is due after the 10 s floor.
    w.wait_for(".footer .warning", 15_000).await;
    assert_eq!(
        w.text(".footer .warning"),
        "Could not update; showing the last data received."
    );
    assert_eq!(w.text(".banner .status-text"), "All systems operational");
    assert_eq!(w.all(".component").len(), 3);
    let state = store::state(&src).expect("source");
    assert!(state.failures >= 1);
    assert!(state.data.is_some());
    w.remove().await;
}

const STATUSPAGE_SUMMARY: &str = "/tests/fixtures/statuspage/api/v2/summary.json";

#[wasm_bindgen_test]
async fn a_statuspage_page_is_analysed_by_core_in_the_viewers_zone() {
    let w = Mounted::new(&[
        ("src", STATUSPAGE_SUMMARY),
        ("locale", "en-GB"),
        ("time-zone", "Europe/Berlin"),
    ])
    .await;
    // The history and the chart come a task after the first render with data.
    w.wait_for(".history", 5000).await;
    assert_eq!(w.text(".banner .status-text"), "Partial system outage");
    assert_eq!(w.text(".banner .page-name"), "Example Payments");
    let names: Vec<String> = w
        .all(".component-name")
        .iter()
        .filter_map(|e| e.text_content())
        .collect();
    assert_eq!(names, ["Card processing", "Payouts", "Dashboard"]);
    assert_eq!(w.text(".group"), "Payments");
    assert_eq!(w.text(".component-status"), "Partial outage");
    // The open incident from summary.json with its latest update; the resolved one from
    // incidents.json in the history.
    assert_eq!(
        w.text(".active-incident .incident-title"),
        "Card payments failing for some merchants"
    );
    assert!(w
        .text(".active-incident .update-body")
        .contains("rolling it back"));
    assert_eq!(w.text(".active-incident .update-body strong"), "card");
    let titles: Vec<String> = w
        .all(".history .incident-title")
        .iter()
        .filter_map(|e| e.text_content())
        .collect();
    assert_eq!(
        titles,
        [
            "Card payments failing for some merchants",
            "Delayed payout reports"
        ]
    );
    // Times in the chosen zone, with the zone named.
    assert!(w.text(".history time").contains("22 Aug 2026, 10:55 CEST"));
    assert_eq!(w.all(".component:first-of-type .bar").len(), 90);
    w.remove().await;
}

#[wasm_bindgen_test]
async fn a_statuspage_page_url_fetches_its_api_documents() {
    let w = Mounted::new(&[("src", "/tests/fixtures/statuspage"), ("view", "badge")]).await;
    w.wait_for(".badge", 5000).await;
    assert!(w.text(".badge").contains("Example Payments"));
    let state = store::state(&absolute("/tests/fixtures/statuspage")).expect("source");
    assert!(matches!(state.data, Some(store::Loaded::Live(_))));
    w.remove().await;
}

/// A Statuspage page's API serves its 50 most recent incidents only (here one a day from
/// 12 July to 30 August 2026), its component being created in 2019: the days and months
/// before the window have no data, where the chart said 0 and the bars 100%.
#[wasm_bindgen_test]
async fn before_a_statuspage_window_days_and_months_have_no_data() {
    let clock = FakeClock::at("2026-08-31T12:00:00Z");
    let mut w = Mounted::new(&[
        (
            "src",
            "/tests/fixtures/statuspage-window/api/v2/summary.json",
        ),
        ("locale", "en-GB"),
        ("time-zone", "UTC"),
    ])
    .await;
    w.wait_for(".chart", 5000).await;
    // 90 days from 3 June: 3 June to 11 July (39 days) before the window.
    let bars = w.all(".component:first-of-type .bar");
    assert_eq!(bars.len(), 90);
    let no_data = w.all(".component:first-of-type .bar[data-level=no-data]");
    assert_eq!(no_data.len(), 39);
    let label = |bar: &Element| bar.get_attribute("aria-label").unwrap_or_default();
    assert!(label(&bars[0]).contains("no data"), "{}", label(&bars[0]));
    assert!(label(&bars[38]).contains("no data"), "{}", label(&bars[38]));
    assert!(
        !label(&bars[39]).contains("no data"),
        "{}",
        label(&bars[39])
    );
    // The chart: bars for July and August only, both covered in part; "no data" for the
    // ten months before, in the SVG and in the table, in each language.
    assert_eq!(w.all(".chart rect").len(), 2);
    assert_eq!(w.all(".chart rect[data-partial]").len(), 2);
    let cells = |w: &Mounted| -> Vec<String> {
        w.all(".chart tbody td")
            .iter()
            .filter_map(|e| e.text_content())
            .collect()
    };
    let en = cells(&w);
    assert_eq!(en.len(), 12);
    assert!(en[..10].iter().all(|c| c == "no data"), "{en:?}");
    assert_eq!(
        en[10..],
        ["20 (part of the month)", "30 (part of the month)"]
    );
    for (locale, words) in [
        ("en-GB", "no data"),
        ("de-DE", "keine Daten"),
        ("fr-FR", "aucune donnée"),
        ("es-ES", "sin datos"),
    ] {
        w.set("locale", locale).await;
        let shown: Vec<String> = w
            .all(".chart .chart-none")
            .iter()
            .filter_map(|e| e.text_content())
            .collect();
        assert_eq!(shown.len(), 10, "{locale}");
        assert!(shown.iter().all(|s| s == words), "{locale}: {shown:?}");
        assert_eq!(cells(&w)[0], words, "{locale}");
        assert!(label(&w.all(".component:first-of-type .bar")[0]).contains(words));
    }
    drop(clock);
    w.remove().await;
}

#[wasm_bindgen_test]
fn the_browser_zone_has_days_of_23_and_25_hours() {
    use candor_core::Zone;
    use candor_widget::intl::IntlZone;
    use chrono::NaiveDate;
    let hours = |zone: &IntlZone, y, m, d| {
        let date = NaiveDate::from_ymd_opt(y, m, d).expect("date");
        (zone.end_of_day(date) - zone.start_of_day(date)).num_minutes() as f64 / 60.0
    };
    let berlin = IntlZone::new("Europe/Berlin").expect("Berlin");
    assert_eq!(hours(&berlin, 2026, 3, 29), 23.0);
    assert_eq!(hours(&berlin, 2026, 10, 25), 25.0);
    assert_eq!(hours(&berlin, 2026, 8, 22), 24.0);
    let new_york = IntlZone::new("America/New_York").expect("New York");
    assert_eq!(hours(&new_york, 2026, 3, 8), 23.0);
    assert_eq!(hours(&new_york, 2026, 11, 1), 25.0);
    // Brazil skipped midnight on 2018-11-04: the day starts at 01:00 local (03:00 UTC).
    let sao_paulo = IntlZone::new("America/Sao_Paulo").expect("Sao Paulo");
    let date = NaiveDate::from_ymd_opt(2018, 11, 4).expect("date");
    assert_eq!(
        sao_paulo.start_of_day(date).to_rfc3339(),
        "2018-11-04T03:00:00+00:00"
    );
    let t: chrono::DateTime<chrono::Utc> = "2026-08-31T23:30:00Z".parse().expect("instant");
    assert_eq!(berlin.month_of(t).to_string(), "2026-09");
    assert_eq!(berlin.date_of(t).to_string(), "2026-09-01");
    assert!(IntlZone::new("Mars/Olympus_Mons").is_none());
}

/// `Date.now` as the test sets it, until the guard is dropped.
struct FakeClock {
    now: std::rc::Rc<std::cell::Cell<f64>>,
    original: JsValue,
    _fake: wasm_bindgen::closure::Closure<dyn Fn() -> f64>,
}

impl FakeClock {
    fn at(instant: &str) -> FakeClock {
        let now = std::rc::Rc::new(std::cell::Cell::new(js_sys::Date::parse(instant)));
        let fake = {
            let now = now.clone();
            wasm_bindgen::closure::Closure::<dyn Fn() -> f64>::new(move || now.get())
        };
        let date = js_sys::Reflect::get(&js_sys::global(), &"Date".into()).expect("Date");
        let original = js_sys::Reflect::get(&date, &"now".into()).expect("Date.now");
        js_sys::Reflect::set(&date, &"now".into(), fake.as_ref()).expect("set Date.now");
        FakeClock {
            now,
            original,
            _fake: fake,
        }
    }

    fn advance(&self, seconds: f64) {
        self.now.set(self.now.get() + seconds * 1000.0);
    }
}

impl Drop for FakeClock {
    fn drop(&mut self) {
        let date = js_sys::Reflect::get(&js_sys::global(), &"Date".into()).expect("Date");
        let _ = js_sys::Reflect::set(&date, &"now".into(), &self.original);
    }
}

#[wasm_bindgen_test]
async fn as_time_passes_the_history_keeps_the_focus_and_what_is_open() {
    // Half an hour after "Delayed webhooks" started (2026-08-22T09:10Z).
    let clock = FakeClock::at("2026-08-22T09:40:00Z");
    let mut w = Mounted::new(&[("src", FEED), ("locale", "en-GB"), ("time-zone", "UTC")]).await;
    w.wait_for(".incident", 5000).await;
    assert_eq!(w.text(".incident .relative"), "(30 minutes ago)");
    open_updates(&w, 0).await;
    let summary: HtmlElement = w.all(".incident summary")[0]
        .clone()
        .dyn_into()
        .expect("html");
    summary.focus().expect("focus");
    let update = w.one(".update").expect("an update");

    // Two hours on, a render (here for another theme) changes the relative time in place:
    // the focus, the open disclosure and its updates stay as they were.
    clock.advance(2.0 * 3600.0);
    w.set("theme", "dark").await;
    assert_eq!(w.text(".incident .relative"), "(3 hours ago)");
    assert!(w.shadow.active_element() == Some(summary.clone().into()));
    assert!(
        w.one(".update") == Some(update),
        "the updates were not drawn again"
    );

    // Drawn again (in another language), the incident's summary takes the focus back and
    // its disclosure is open.
    w.set("locale", "de-DE").await;
    let focused = w.shadow.active_element().expect("the focus came back");
    assert_eq!(focused.tag_name(), "SUMMARY");
    assert_eq!(focused.text_content().as_deref(), Some("2 Updates"));
    assert!(w.one(".incident details[open] .update").is_some());
    drop(clock);
    w.remove().await;
}
