//! The root component: follows the configuration, subscribes to the source, turns what it
//! holds into the feed the views draw, provides the formats to every view, and tells the host
//! page when the overall status changes.

use std::rc::Rc;

use candor_core::feed::Feed;
use candor_core::Indicator;
use chrono::{DateTime, Utc};
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::config::{Config, View};
use crate::hooks::{use_shown_days, use_source};
use crate::i18n::{fill, Text};
use crate::intl::Formats;
use crate::store::{Loaded, SourceState};
use crate::view::{self, FooterProps, Shared};

#[derive(Properties, Clone, PartialEq)]
pub struct AppProps {
    /// The `<candor-status>` element: its events go there.
    pub host: HtmlElement,
    pub config: Config,
}

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}

/// The absolute URL of `src`, read against the page's base URL.
fn absolute(src: &str) -> Option<String> {
    let base = web_sys::window()?.document()?.base_uri().ok()??;
    web_sys::Url::new_with_base(src, &base)
        .ok()
        .map(|u| u.href())
}

#[function_component]
pub fn App(props: &AppProps) -> Html {
    let config = &props.config;
    // Read against the page's base URL at each render (a few microseconds), not memoised.
    let url = config.src.as_deref().and_then(absolute);
    let state = use_source(url.clone(), config.refresh_secs);
    let root = use_node_ref();
    let days = use_shown_days(root.clone(), config.days);
    // The formats and the feed in one memo (each type `use_memo` is used with costs the wasm
    // its own copy of the hook): the formats are made again with new data too, which costs
    // little, since their `Intl` objects are made on first use.
    let memo = use_memo(
        (
            config.locale.clone(),
            config.time_zone.clone(),
            url,
            state.as_ref().map(|s| s.generation),
            config.days,
        ),
        |(locale, zone, url, generation, days)| {
            // Before any data only the language is needed (the loading notice): no `Intl`
            // object yet, since the first one loads the locale's data (20 to 40 ms on a
            // visitor's first load); the effect below has that done in a task of its own.
            let formats = Shared::new(match generation {
                Some(1..) => Formats::new(locale.as_deref(), zone.as_deref()),
                _ => Formats::before_data(locale.as_deref()),
            });
            let feed = feed_of(state.as_ref(), &formats, *days, url.as_deref());
            crate::perf::new_data(feed.is_some());
            (formats, feed)
        },
    );
    let (formats, feed) = (memo.0.clone(), &memo.1);
    // How much of the full view is drawn, in stages (`view::BELOW`): the render that first
    // shows data draws the banner, the active incidents and the first rows, and each of the
    // next tasks one more stage (all the rows, the history, the chart), so that a visitor's
    // first load never blocks the host page for long (issue 16: no task over 50 ms on a cold
    // load, which `cargo xtask bench-widget` measures; cold, the rows, the history and the
    // chart take 25 to 45 ms each). Every render after that draws everything.
    let below = use_mut_ref(|| 0u8);
    let render = use_force_update();
    let rerender = {
        let render = render.clone();
        Callback::from(move |()| render.force_update())
    };
    let below_drawn = *below.borrow();
    let opened = use_mut_ref(Vec::new);
    let dismissed = use_mut_ref(Vec::new);
    // After each render: the User Timing mark, the locale's data loaded while the data is on
    // its way, the rest of the widget asked for, and the status announced when it changed. One
    // effect for all: each effect is its own copy of the hook in the wasm.
    let announced = use_mut_ref(|| None::<Indicator>);
    {
        let host = props.host.clone();
        let status = feed
            .as_ref()
            .map(|f| (f.status.indicator, f.status.description.clone()));
        // Only the full view is drawn in stages.
        let staged = config.view == View::Full;
        let (locale, zone) = (config.locale.clone(), config.time_zone.clone());
        // Still waiting for the first answer (not failed): the time to load the locale's data.
        let waiting = state.as_ref().is_none_or(|s| s.error.is_none());
        use_effect(move || {
            crate::perf::rendered(!staged || below_drawn >= view::BELOW || status.is_none());
            if status.is_none() && waiting {
                gloo::timers::callback::Timeout::new(0, move || {
                    drop(Formats::new(locale.as_deref(), zone.as_deref()));
                })
                .forget();
            }
            if staged && status.is_some() && below_drawn < view::BELOW {
                gloo::timers::callback::Timeout::new(0, move || {
                    // Only from the stage this render drew: another render in between (new
                    // width, attributes, data) queues its own task for the same stage.
                    let mut stage = below.borrow_mut();
                    if *stage == below_drawn {
                        *stage += 1;
                        drop(stage);
                        render.force_update();
                    }
                })
                .forget();
            }
            if let Some((indicator, description)) = status {
                if announced.replace(Some(indicator)) != Some(indicator) {
                    announce(&host, indicator, &description);
                }
            }
        });
    }

    let body = match feed.as_ref() {
        Some(feed) => view::body(
            &formats,
            feed,
            config,
            view::Drawn {
                days,
                below: below_drawn,
                opened,
                dismissed,
            },
            now(),
            footer(feed, config, state.as_ref(), &formats),
            rerender,
        ),
        // The banner view is nothing at all until it has something to show.
        None if config.view == View::Banner => Html::default(),
        None => {
            let failed = state
                .as_ref()
                .is_some_and(|s| s.error.is_some() && s.data.is_none());
            let text = if failed {
                Text::CouldNotLoad
            } else {
                Text::Loading
            };
            html! { <p class="notice" role="status">{ formats.lang.text(text) }</p> }
        }
    };
    html! {
            <div class="candor" data-theme={config.theme.as_str()} data-view={config.view.as_str()}
                ref={root} lang={formats.locale.clone()}>
                { body }
            </div>
    }
}

/// The feed the views draw. A Candor feed is drawn as it is; a Statuspage page's documents
/// are analysed by core, as `report-gen feed` would, in the viewer's (or the `time-zone`
/// attribute's) zone.
fn feed_of(
    state: Option<&SourceState>,
    formats: &Formats,
    days: u32,
    url: Option<&str>,
) -> Option<Shared<Feed>> {
    match state.and_then(|s| s.data.as_ref())? {
        Loaded::Feed(feed) => Some(Shared(Rc::clone(feed))),
        Loaded::Live(data) => analyse(data, formats, days, url).map(Shared::new),
    }
}

#[cfg(any(feature = "statuspage", feature = "incident-io"))]
fn analyse(
    data: &candor_core::Dataset,
    formats: &Formats,
    days: u32,
    url: Option<&str>,
) -> Option<Feed> {
    use candor_core::feed::{self, FeedOptions};
    use candor_core::uptime::UptimeWeights;
    use candor_core::History;
    let zone = &formats.zone;
    let history = History::new(data, zone, now(), UptimeWeights::default());
    let options = FeedOptions {
        days,
        fallback_name: url
            .and_then(|url| web_sys::Url::new(url).ok())
            .map(|u| u.host())
            .unwrap_or_default(),
        time_zone: zone.name().to_string(),
    };
    Some(feed::build(&history, &options))
}

/// A build for Candor feeds only never holds a live page's dataset (see `store`).
#[cfg(not(any(feature = "statuspage", feature = "incident-io")))]
fn analyse(_: &candor_core::Dataset, _: &Formats, _: u32, _: Option<&str>) -> Option<Feed> {
    None
}

/// The footer's texts: when the data was updated, the warning, the link.
fn footer(
    feed: &Feed,
    config: &Config,
    state: Option<&SourceState>,
    formats: &Formats,
) -> FooterProps {
    let lang = formats.lang;
    let now_ms = js_sys::Date::now();
    let since = state
        .and_then(|s| s.last_success_ms)
        .map(|ms| ((now_ms - ms) / 1000.0).max(0.0));
    let updated = since.map(|s| fill(lang.text(Text::Updated), &[&formats.relative(s)]).into());
    let stale = since.is_some_and(|s| crate::schedule::is_stale(config.refresh_secs, s));
    let warning = if state.is_some_and(|s| s.error.is_some()) {
        Some(Text::CouldNotUpdate)
    } else {
        stale.then_some(Text::Stale)
    };
    FooterProps {
        updated,
        warning,
        link: view::link(feed, config),
    }
}

/// Dispatches `candor-status-change` on the host: the overall status differs from the last
/// one this widget showed (the first data counts as a change from "unknown").
fn announce(host: &HtmlElement, indicator: Indicator, description: &str) {
    let detail = js_sys::Object::new();
    let set = |k: &str, v: &str| {
        let _ = js_sys::Reflect::set(&detail, &JsValue::from_str(k), &JsValue::from_str(v));
    };
    set("indicator", indicator.as_str());
    set("description", description);
    let init = web_sys::CustomEventInit::new();
    init.set_detail(&detail);
    init.set_bubbles(true);
    init.set_composed(true);
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict("candor-status-change", &init)
    {
        let _ = host.dispatch_event(&event);
    }
}
