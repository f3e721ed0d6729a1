//! The page's one copy of each source: every widget with the same `src` shares its requests,
//! its last good data and its refresh timer. The state machine ([`SourceState`]) is plain Rust;
//! the timers, the page's visibility and the requests live in the browser half below it.

use std::cell::RefCell;
use std::rc::Rc;

use candor_core::feed::Feed;
use candor_core::Dataset;
use yew::Callback;

use crate::http::{self, FetchError, Outcome, Validators};
use crate::schedule;
use crate::source::SourceKind;

/// The last good data of a source, parsed.
#[derive(Debug, Clone, PartialEq)]
pub enum Loaded {
    Feed(Rc<Feed>),
    /// A live page's documents (Statuspage's, incident.io's), read and merged: each widget
    /// analyses it in its own time zone.
    Live(Rc<Dataset>),
}

/// Why the last attempt did not give new data.
#[derive(Debug, Clone, PartialEq)]
pub enum UpdateError {
    Fetch(FetchError),
    /// The document arrived but is not one the widget can read (the message says why).
    Unreadable(String),
}

#[derive(Debug, Clone, Default)]
struct Document {
    url: String,
    validators: Validators,
    bytes: Option<Rc<Vec<u8>>>,
}

/// Everything known about one source, without the browser.
#[derive(Debug, Clone)]
pub struct SourceState {
    pub kind: SourceKind,
    documents: Vec<Document>,
    pub data: Option<Loaded>,
    /// Counts changes of `data`, so that widgets can tell new data from a repeat.
    pub generation: u64,
    /// `Date.now()` of the last attempt that ended with good data (new or unchanged).
    pub last_success_ms: Option<f64>,
    pub error: Option<UpdateError>,
    /// Failed attempts since the last success.
    pub failures: u32,
    pub max_age: Option<u32>,
    /// Rounds of requests made, for the tests that check sharing.
    pub rounds: u64,
}

impl SourceState {
    pub fn new(kind: SourceKind) -> SourceState {
        let documents = kind
            .urls()
            .into_iter()
            .map(|url| Document {
                url: url.to_string(),
                ..Document::default()
            })
            .collect();
        SourceState {
            kind,
            documents,
            data: None,
            generation: 0,
            last_success_ms: None,
            error: None,
            failures: 0,
            max_age: None,
            rounds: 0,
        }
    }

    /// The URLs to request, each with what we know of the copy we hold.
    pub fn requests(&self) -> Vec<(String, Validators)> {
        self.documents
            .iter()
            .map(|d| (d.url.clone(), d.validators.clone()))
            .collect()
    }

    /// Takes in the answers of one round (one per document, in order). Data and validators
    /// change only when every document arrived and all of them parse: a bad answer never
    /// replaces good data, and its validators are not kept, so the next round asks again.
    pub fn finish(&mut self, answers: Vec<Result<Outcome, FetchError>>, now_ms: f64) {
        self.rounds += 1;
        let mut updated = self.documents.clone();
        let mut max_age = None::<u32>;
        let mut changed = false;
        let statuspage = matches!(self.kind, SourceKind::Statuspage { .. });
        for (i, (document, answer)) in updated.iter_mut().zip(answers).enumerate() {
            match answer {
                // A page may serve its summary without the incident history: show what there is.
                Err(FetchError::Status(404)) if statuspage && i > 0 => {
                    changed |= document.bytes.take().is_some();
                    document.validators = Validators::default();
                }
                Err(e) => return self.fail(UpdateError::Fetch(e)),
                Ok(Outcome::NotModified { max_age: m }) => {
                    max_age = max_age.max(m);
                    if document.bytes.is_none() {
                        // A 304 for a copy we do not hold: ask again without validators.
                        document.validators = Validators::default();
                        self.documents = updated;
                        return self.fail(UpdateError::Fetch(FetchError::Status(304)));
                    }
                }
                Ok(Outcome::Changed {
                    bytes,
                    validators,
                    max_age: m,
                }) => {
                    max_age = max_age.max(m);
                    changed |= document.bytes.as_deref() != Some(&bytes);
                    document.bytes = Some(Rc::new(bytes));
                    document.validators = validators;
                }
            }
        }
        if changed || self.data.is_none() {
            match parse(&self.kind, &updated) {
                Ok(data) => {
                    self.data = Some(data);
                    self.generation += 1;
                }
                Err(message) => return self.fail(UpdateError::Unreadable(message)),
            }
        }
        self.documents = updated;
        self.max_age = max_age;
        self.failures = 0;
        self.error = None;
        self.last_success_ms = Some(now_ms);
    }

    fn fail(&mut self, error: UpdateError) {
        self.failures = self.failures.saturating_add(1);
        self.error = Some(error);
    }

    /// Seconds until the next round for the shortest interval any widget asks for.
    pub fn next_delay(&self, refresh_secs: u32, jitter: f64) -> Option<f64> {
        schedule::next_delay(
            refresh_secs,
            self.max_age,
            self.failures,
            self.data.is_some(),
            jitter,
        )
    }
}

fn parse(kind: &SourceKind, documents: &[Document]) -> Result<Loaded, String> {
    match kind {
        SourceKind::CandorFeed { .. } => parse_feed(documents),
        SourceKind::Statuspage { .. } => parse_statuspage(documents),
        #[cfg(feature = "incident-io")]
        SourceKind::IncidentIo { .. } => parse_incident_io(documents),
    }
}

fn bytes(document: &Document) -> &[u8] {
    document
        .bytes
        .as_deref()
        .map(Vec::as_slice)
        .unwrap_or_default()
}

/// Why a document could not be read, in words, in debug builds (the tests read them); a
/// release build carries none of them: the widget shows only "could not load" or "could not
/// update", and these words and the formatting behind them cost the Statuspage page 0.3 KB of
/// its budget.
fn why(words: impl FnOnce() -> String) -> String {
    if cfg!(debug_assertions) {
        words()
    } else {
        String::new()
    }
}

// `cargo xtask dist` builds one wasm per kind of source (features `candor-feed`, `statuspage`
// and `incident-io`), so that a page loads only the code for its kind; `js/candor.js` picks
// the one. Each build refuses the other kinds with a message rather than not compiling.

#[cfg(feature = "candor-feed")]
fn parse_feed(documents: &[Document]) -> Result<Loaded, String> {
    let document = documents.first().ok_or_else(String::new)?;
    candor_sources::feed::parse(bytes(document))
        .map(|f| Loaded::Feed(Rc::new(f)))
        .map_err(|e| why(|| e.to_string()))
}

#[cfg(not(feature = "candor-feed"))]
fn parse_feed(_: &[Document]) -> Result<Loaded, String> {
    Err(why(|| {
        "this build of the widget does not read Candor feeds".into()
    }))
}

#[cfg(feature = "statuspage")]
fn parse_statuspage(documents: &[Document]) -> Result<Loaded, String> {
    use candor_sources::statuspage;
    let mut parsed = Vec::with_capacity(documents.len());
    for (i, document) in documents.iter().enumerate() {
        if i > 0 && document.bytes.is_none() {
            continue;
        }
        let text = text_of(document)?;
        // The widget shows no record problems: none is built (see `statuspage::Problems`).
        let doc = statuspage::parse_document_into(text, &mut statuspage::IgnoreProblems)
            .map_err(|e| why(|| format!("{}: {e}", document.url)))?;
        parsed.push(doc);
    }
    // Oldest snapshot first, so that the newer one's view of an incident wins.
    candor_core::sort::sort_by_key(&mut parsed, |d| d.updated_at);
    let dataset = statuspage::merge_all(parsed.into_iter().map(|d| d.dataset));
    Ok(Loaded::Live(Rc::new(dataset)))
}

#[cfg(not(feature = "statuspage"))]
fn parse_statuspage(_: &[Document]) -> Result<Loaded, String> {
    Err(why(|| {
        "this build of the widget does not read Statuspage pages".into()
    }))
}

/// The text of a live source's document, within the feed's size limit.
#[cfg(any(feature = "statuspage", feature = "incident-io"))]
fn text_of(document: &Document) -> Result<&str, String> {
    let text = std::str::from_utf8(bytes(document))
        .map_err(|_| why(|| format!("{}: not UTF-8 text", document.url)))?;
    if text.len() > candor_core::feed::MAX_FEED_BYTES {
        return Err(why(|| {
            format!(
                "{}: larger than {} bytes",
                document.url,
                candor_core::feed::MAX_FEED_BYTES
            )
        }));
    }
    Ok(text)
}

/// An incident.io widget summary: what is open now. A document of which nothing could be read
/// (not JSON, or none of the widget API's lists) is refused; a record that cannot be read is
/// left out, as report-gen leaves it out with an error (the widget shows no record problems).
#[cfg(feature = "incident-io")]
fn parse_incident_io(documents: &[Document]) -> Result<Loaded, String> {
    let document = documents.first().ok_or_else(String::new)?;
    candor_sources::incident_io::read_live(text_of(document)?)
        .map(|dataset| Loaded::Live(Rc::new(dataset)))
        .ok_or_else(|| why(|| format!("{}: not an incident.io widget summary", document.url)))
}

// ---------------------------------------------------------------------------------------------
// The browser half: one shared entry per source URL.

struct Subscriber {
    id: u64,
    refresh_secs: u32,
    notify: Callback<()>,
}

struct Shared {
    state: SourceState,
    subscribers: Vec<Subscriber>,
    timer: Option<gloo::timers::callback::Timeout>,
    in_flight: bool,
    /// The timer fired while the page was hidden: fetch as soon as it is shown again.
    due_when_visible: bool,
}

thread_local! {
    // A page has a handful of sources: a list is all the map it needs.
    static SOURCES: RefCell<Vec<(String, Rc<RefCell<Shared>>)>> = RefCell::default();
    static NEXT_ID: RefCell<u64> = const { RefCell::new(0) };
    static VISIBILITY: RefCell<Option<gloo::events::EventListener>> = const { RefCell::new(None) };
}

fn entry(url: &str) -> Option<Rc<RefCell<Shared>>> {
    SOURCES.with(|s| {
        s.borrow()
            .iter()
            .find(|(u, _)| u == url)
            .map(|(_, e)| Rc::clone(e))
    })
}

/// A widget's interest in a source; dropping it unsubscribes, and the last one out stops the
/// source's timer.
#[derive(Debug)]
pub struct Subscription {
    url: String,
    id: u64,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        let Some(shared) = entry(&self.url) else {
            return;
        };
        let empty = {
            let mut s = shared.borrow_mut();
            s.subscribers.retain(|sub| sub.id != self.id);
            s.subscribers.is_empty()
        };
        if empty {
            SOURCES.with(|s| s.borrow_mut().retain(|(u, _)| *u != self.url));
            shared.borrow_mut().timer = None;
        }
    }
}

/// Subscribes to the source at an absolute URL; `notify` is called whenever its state changes.
pub fn subscribe(url: &str, refresh_secs: u32, notify: Callback<()>) -> Subscription {
    watch_visibility();
    let id = NEXT_ID.with(|n| {
        let mut n = n.borrow_mut();
        *n += 1;
        *n
    });
    let subscriber = Subscriber {
        id,
        refresh_secs,
        notify,
    };
    match entry(url) {
        Some(shared) => {
            shared.borrow_mut().subscribers.push(subscriber);
            if !shared.borrow().in_flight {
                schedule(url);
            }
        }
        None => {
            let shared = Shared {
                state: SourceState::new(SourceKind::detect(url)),
                subscribers: vec![subscriber],
                timer: None,
                in_flight: false,
                due_when_visible: false,
            };
            SOURCES.with(|s| {
                s.borrow_mut()
                    .push((url.to_string(), Rc::new(RefCell::new(shared))))
            });
            start_round(url.to_string());
        }
    }
    Subscription {
        url: url.to_string(),
        id,
    }
}

/// The current state of a source, if any widget subscribes to it.
pub fn state(url: &str) -> Option<SourceState> {
    entry(url).map(|s| s.borrow().state.clone())
}

fn page_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}

fn start_round(url: String) {
    let Some(shared) = entry(&url) else {
        return;
    };
    let requests = {
        let mut s = shared.borrow_mut();
        if s.in_flight {
            return;
        }
        // A page nobody looks at makes no requests; a round starts when it is shown again.
        if page_hidden() && s.state.data.is_some() {
            s.due_when_visible = true;
            return;
        }
        s.in_flight = true;
        s.due_when_visible = false;
        s.timer = None;
        s.state.requests()
    };
    wasm_bindgen_futures::spawn_local(async move {
        let mut answers = Vec::with_capacity(requests.len());
        for (url, validators) in &requests {
            let answer = http::get(url, validators).await;
            crate::perf::arrived(&answer);
            let failed = answer.is_err();
            answers.push(answer);
            if failed {
                break;
            }
        }
        let notify: Vec<Callback<()>> = {
            let mut s = shared.borrow_mut();
            s.in_flight = false;
            s.state.finish(answers, js_sys::Date::now());
            s.subscribers.iter().map(|sub| sub.notify.clone()).collect()
        };
        // Still wanted? The last widget may have gone while the request was out.
        if entry(&url).is_some_and(|e| Rc::ptr_eq(&e, &shared)) {
            schedule(&url);
        }
        // The widgets render in a task of their own, not in this one, which has read and
        // parsed the answers (and, on a cold load, compiled the reader): each alone stays
        // well under the 50 ms that would block the host page (issue 16).
        gloo::timers::callback::Timeout::new(0, move || {
            for callback in notify {
                callback.emit(());
            }
        })
        .forget();
    });
}

fn schedule(url: &str) {
    let Some(shared) = entry(url) else {
        return;
    };
    let mut s = shared.borrow_mut();
    let refresh = s
        .subscribers
        .iter()
        .map(|sub| sub.refresh_secs)
        .filter(|r| *r > 0)
        .min()
        .unwrap_or(0);
    s.timer = s
        .state
        .next_delay(refresh, js_sys::Math::random())
        .map(|secs| {
            let url = url.to_string();
            let ms = (secs * 1000.0).min(f64::from(u32::MAX)) as u32;
            gloo::timers::callback::Timeout::new(ms, move || start_round(url))
        });
}

fn watch_visibility() {
    VISIBILITY.with(|v| {
        if v.borrow().is_some() {
            return;
        }
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let listener = gloo::events::EventListener::new(&document, "visibilitychange", |_| {
            if page_hidden() {
                return;
            }
            let due: Vec<String> = SOURCES.with(|s| {
                s.borrow()
                    .iter()
                    .filter(|(_, e)| e.borrow().due_when_visible)
                    .map(|(url, _)| url.clone())
                    .collect()
            });
            for url in due {
                start_round(url);
            }
        });
        *v.borrow_mut() = Some(listener);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{"version":1,"generated_at":"2026-08-22T12:00:00Z",
        "page":{"name":"Example","url":null,"time_zone":"UTC"},
        "status":{"indicator":"none","description":"All Systems Operational"},
        "components":[],"incidents":[]}"#;

    fn feed_source() -> SourceState {
        SourceState::new(SourceKind::detect("https://example.com/feed.json"))
    }

    fn body(s: &str, etag: &str) -> Result<Outcome, FetchError> {
        Ok(Outcome::Changed {
            bytes: s.as_bytes().to_vec(),
            validators: Validators {
                etag: Some(etag.into()),
                last_modified: None,
            },
            max_age: Some(30),
        })
    }

    #[test]
    fn a_good_answer_becomes_data_and_its_validators_are_kept() {
        let mut s = feed_source();
        s.finish(vec![body(GOOD, "\"a\"")], 1000.0);
        assert!(matches!(s.data, Some(Loaded::Feed(_))));
        assert_eq!(s.generation, 1);
        assert_eq!(s.last_success_ms, Some(1000.0));
        assert_eq!(s.max_age, Some(30));
        assert_eq!(s.requests()[0].1.etag.as_deref(), Some("\"a\""));
    }

    #[test]
    fn a_malformed_refresh_keeps_the_last_good_data() {
        let mut s = feed_source();
        s.finish(vec![body(GOOD, "\"a\"")], 1000.0);
        let before = s.data.clone();
        s.finish(vec![body("{\"version\":1,", "\"b\"")], 2000.0);
        assert_eq!(s.data, before);
        assert_eq!(s.generation, 1);
        assert_eq!(s.last_success_ms, Some(1000.0));
        assert!(matches!(s.error, Some(UpdateError::Unreadable(_))));
        assert_eq!(s.failures, 1);
        // The bad copy's validators are not kept: the next round fetches in full.
        assert_eq!(s.requests()[0].1.etag.as_deref(), Some("\"a\""));
    }

    #[test]
    fn unknown_versions_and_http_errors_keep_the_data_too() {
        let mut s = feed_source();
        s.finish(vec![body(GOOD, "\"a\"")], 1000.0);
        s.finish(vec![body(&GOOD.replace("1,", "2,"), "\"b\"")], 2000.0);
        assert!(matches!(&s.error, Some(UpdateError::Unreadable(m)) if m.contains("version 2")));
        s.finish(vec![Err(FetchError::Status(503))], 3000.0);
        s.finish(vec![Err(FetchError::TooLarge)], 4000.0);
        assert_eq!(s.failures, 3);
        assert!(s.data.is_some());
        assert_eq!(s.error, Some(UpdateError::Fetch(FetchError::TooLarge)));
    }

    #[test]
    fn not_modified_is_a_success_without_new_data() {
        let mut s = feed_source();
        s.finish(vec![body(GOOD, "\"a\"")], 1000.0);
        s.finish(vec![Err(FetchError::Network)], 2000.0);
        s.finish(vec![Ok(Outcome::NotModified { max_age: None })], 3000.0);
        assert_eq!(s.generation, 1);
        assert_eq!(s.failures, 0);
        assert_eq!(s.error, None);
        assert_eq!(s.last_success_ms, Some(3000.0));
    }

    #[test]
    fn the_same_bytes_again_do_not_count_as_new_data() {
        let mut s = feed_source();
        s.finish(vec![body(GOOD, "\"a\"")], 1000.0);
        s.finish(vec![body(GOOD, "\"a\"")], 2000.0);
        assert_eq!(s.generation, 1);
        assert_eq!(s.rounds, 2);
    }

    #[test]
    fn statuspage_documents_are_merged_into_one_dataset() {
        let mut s = SourceState::new(SourceKind::detect("https://status.payments.example"));
        s.finish(
            vec![
                body(
                    include_str!("../tests/fixtures/statuspage/api/v2/summary.json"),
                    "\"s\"",
                ),
                body(
                    include_str!("../tests/fixtures/statuspage/api/v2/incidents.json"),
                    "\"i\"",
                ),
            ],
            1000.0,
        );
        assert_eq!(s.error, None);
        let Some(Loaded::Live(data)) = &s.data else {
            panic!("no Statuspage data: {:?}", s.error);
        };
        assert_eq!(data.page.name.as_deref(), Some("Example Payments"));
        let components: Vec<&str> = data.components.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(components, ["Card processing", "Payouts", "Dashboard"]);
        let mut incidents: Vec<&str> = data.incidents.iter().map(|i| i.id.as_str()).collect();
        incidents.sort_unstable();
        assert_eq!(incidents, ["inc000000001", "inc000000002"]);
    }

    #[test]
    fn a_broken_statuspage_document_keeps_the_last_good_data() {
        let mut s = SourceState::new(SourceKind::detect("https://status.payments.example"));
        let summary = include_str!("../tests/fixtures/statuspage/api/v2/summary.json");
        let incidents = include_str!("../tests/fixtures/statuspage/api/v2/incidents.json");
        s.finish(
            vec![body(summary, "\"s\""), body(incidents, "\"i\"")],
            1000.0,
        );
        s.finish(vec![body(summary, "\"s\""), body("[1, 2", "\"j\"")], 2000.0);
        assert!(
            matches!(&s.error, Some(UpdateError::Unreadable(m)) if m.contains("incidents.json"))
        );
        assert!(matches!(s.data, Some(Loaded::Live(_))));
        assert_eq!(s.generation, 1);
    }

    #[test]
    fn a_page_without_an_incident_history_shows_its_summary() {
        let mut s = SourceState::new(SourceKind::detect("https://status.payments.example"));
        let summary = include_str!("../tests/fixtures/statuspage/api/v2/summary.json");
        s.finish(
            vec![body(summary, "\"s\""), Err(FetchError::Status(404))],
            1000.0,
        );
        assert_eq!(s.error, None);
        let Some(Loaded::Live(data)) = &s.data else {
            panic!("no data: {:?}", s.error);
        };
        assert_eq!(data.incidents.len(), 1);
        // Without the summary there is nothing to show.
        let mut s = SourceState::new(SourceKind::detect("https://status.payments.example"));
        s.finish(vec![Err(FetchError::Status(404))], 1000.0);
        assert!(s.data.is_none());
    }

    #[test]
    #[cfg(feature = "incident-io")]
    fn an_incident_io_summary_is_read_and_a_document_of_another_kind_refused() {
        let url = "https://status.acme.example/api/v1/summary";
        let mut s = SourceState::new(SourceKind::detect(url));
        assert_eq!(s.requests().len(), 1);
        let summary = include_str!("../tests/fixtures/incident-io/summary.json");
        s.finish(vec![body(summary, "\"a\"")], 1000.0);
        let Some(Loaded::Live(data)) = &s.data else {
            panic!("no data: {:?}", s.error);
        };
        assert_eq!((data.incidents.len(), data.maintenances.len()), (1, 2));
        // A Statuspage summary at that address is not a widget summary: the last good data
        // stays, and the source says why.
        let other = include_str!("../tests/fixtures/statuspage/api/v2/summary.json");
        s.finish(vec![body(other, "\"b\"")], 2000.0);
        assert!(
            matches!(&s.error, Some(UpdateError::Unreadable(m)) if m.contains("not an incident.io widget summary")),
            "{:?}",
            s.error
        );
        assert_eq!(s.generation, 1);
    }

    #[test]
    fn failures_back_off_and_success_resets_the_schedule() {
        let mut s = feed_source();
        s.finish(vec![body(GOOD, "\"a\"")], 1000.0);
        assert_eq!(s.next_delay(60, 1.0), Some(60.0));
        s.finish(vec![Err(FetchError::Network)], 2000.0);
        s.finish(vec![Err(FetchError::Network)], 3000.0);
        assert_eq!(s.next_delay(60, 1.0), Some(240.0));
        s.finish(vec![body(GOOD, "\"a\"")], 4000.0);
        assert_eq!(s.next_delay(60, 1.0), Some(60.0));
    }
}
