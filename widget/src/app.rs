//! The root component: follows the configuration, subscribes to the source, turns what it
//! holds into the feed the views draw, and tells the host page when the overall status changes.

use std::cell::RefCell;
use std::rc::Rc;

use candor_core::feed::Feed;
use candor_core::{Dataset, Indicator};
use chrono::{DateTime, Utc};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::config::Config;
use crate::intl::Formats;
use crate::store::{self, Loaded, SourceState, Subscription};
use crate::view;

#[derive(Properties, Clone, PartialEq)]
pub struct AppProps {
    /// The `<candor-status>` element: its events go there.
    pub host: HtmlElement,
    pub config: Config,
}

pub enum Msg {
    SourceChanged,
    Tick,
    Resized(f64),
}

/// What the views need besides the feed: when, in what language, and how things went.
#[derive(Debug, Clone)]
pub struct ViewContext {
    pub config: Config,
    pub formats: Rc<Formats>,
    pub now: DateTime<Utc>,
    pub width: f64,
    pub last_success_ms: Option<f64>,
    pub update_failed: bool,
    pub failed_before_any_data: bool,
}

/// The observer of the widget's width, and the callback it calls.
type SizeWatch = (web_sys::ResizeObserver, Closure<dyn FnMut(js_sys::Array)>);

pub struct App {
    formats: Rc<Formats>,
    subscription: Option<(String, Subscription)>,
    state: Option<SourceState>,
    feed: Option<Rc<Feed>>,
    feed_generation: Option<u64>,
    width: f64,
    root: NodeRef,
    last_indicator: Option<Indicator>,
    /// The sections drawn as plain DOM, between renders.
    drawn: RefCell<view::Drawn>,
    _tick: gloo::timers::callback::Interval,
    resize: Option<SizeWatch>,
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

impl App {
    fn subscribe(&mut self, ctx: &yew::Context<Self>) {
        let config = &ctx.props().config;
        let url = config.src.as_deref().and_then(absolute);
        self.subscription = url.map(|url| {
            let notify = ctx.link().callback(|()| Msg::SourceChanged);
            let subscription = store::subscribe(&url, config.refresh_secs, notify);
            (url, subscription)
        });
        self.feed = None;
        self.feed_generation = None;
        self.read_state(ctx);
    }

    fn read_state(&mut self, ctx: &yew::Context<Self>) {
        self.state = self
            .subscription
            .as_ref()
            .and_then(|(url, _)| store::state(url));
        let generation = self.state.as_ref().map(|s| s.generation);
        if generation != self.feed_generation {
            self.rebuild_feed(ctx);
            crate::perf::new_data(self.feed.is_some());
        }
    }

    /// The feed the views draw. A Candor feed is drawn as it is; a Statuspage page's documents
    /// are analysed by core, as `report-gen feed` would, in the viewer's (or the `time-zone`
    /// attribute's) zone.
    fn rebuild_feed(&mut self, ctx: &yew::Context<Self>) {
        self.feed_generation = self.state.as_ref().map(|s| s.generation);
        self.feed = match self.state.as_ref().and_then(|s| s.data.as_ref()) {
            Some(Loaded::Feed(feed)) => Some(Rc::clone(feed)),
            Some(Loaded::Statuspage(data)) => self.analyse(data, ctx).map(Rc::new),
            None => None,
        };
        self.announce(ctx);
    }

    #[cfg(feature = "statuspage")]
    fn analyse(&self, data: &Dataset, ctx: &yew::Context<Self>) -> Option<Feed> {
        use candor_core::feed::{self, FeedOptions};
        use candor_core::uptime::UptimeWeights;
        use candor_core::History;
        let zone = &self.formats.zone;
        let history = History::new(data, zone, now(), UptimeWeights::default());
        let options = FeedOptions {
            days: ctx.props().config.days,
            fallback_name: self
                .subscription
                .as_ref()
                .and_then(|(url, _)| web_sys::Url::new(url).ok())
                .map(|u| u.host())
                .unwrap_or_default(),
            time_zone: zone.name().to_string(),
        };
        Some(feed::build(&history, &options))
    }

    /// A build for Candor feeds only never holds a Statuspage dataset (see `store`).
    #[cfg(not(feature = "statuspage"))]
    fn analyse(&self, _: &Dataset, _: &yew::Context<Self>) -> Option<Feed> {
        None
    }

    /// Dispatches `candor-status-change` when the overall status differs from the last one this
    /// widget showed (the first data counts as a change from "unknown").
    fn announce(&mut self, ctx: &yew::Context<Self>) {
        let Some(feed) = &self.feed else {
            return;
        };
        if self.last_indicator == Some(feed.status.indicator) {
            return;
        }
        self.last_indicator = Some(feed.status.indicator);
        let detail = js_sys::Object::new();
        let set = |k: &str, v: &str| {
            let _ = js_sys::Reflect::set(&detail, &JsValue::from_str(k), &JsValue::from_str(v));
        };
        set("indicator", feed.status.indicator.as_str());
        set("description", &feed.status.description);
        let init = web_sys::CustomEventInit::new();
        init.set_detail(&detail);
        init.set_bubbles(true);
        init.set_composed(true);
        if let Ok(event) =
            web_sys::CustomEvent::new_with_event_init_dict("candor-status-change", &init)
        {
            let _ = ctx.props().host.dispatch_event(&event);
        }
    }

    /// What the views show of the source's state besides the feed: its generation, whether
    /// the last update failed, and whether the data is stale now.
    fn shown(&self, ctx: &yew::Context<Self>) -> Option<(u64, bool, bool)> {
        let refresh = ctx.props().config.refresh_secs;
        let now_ms = js_sys::Date::now();
        self.state.as_ref().map(|s| {
            let stale = s
                .last_success_ms
                .is_some_and(|ms| crate::schedule::is_stale(refresh, (now_ms - ms) / 1000.0));
            (s.generation, s.error.is_some(), stale)
        })
    }

    fn observe_size(&mut self, ctx: &yew::Context<Self>) {
        let Some(element) = self.root.cast::<web_sys::Element>() else {
            return;
        };
        let link = ctx.link().clone();
        let closure = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let width = entries
                .get(0)
                .dyn_into::<web_sys::ResizeObserverEntry>()
                .map(|e| e.content_rect().width())
                .unwrap_or(0.0);
            link.send_message(Msg::Resized(width));
        });
        if let Ok(observer) = web_sys::ResizeObserver::new(closure.as_ref().unchecked_ref()) {
            observer.observe(&element);
            self.resize = Some((observer, closure));
        }
    }
}

impl Component for App {
    type Message = Msg;
    type Properties = AppProps;

    fn create(ctx: &yew::Context<Self>) -> Self {
        let config = &ctx.props().config;
        let link = ctx.link().clone();
        let mut app = App {
            formats: Rc::new(Formats::new(
                config.locale.as_deref(),
                config.time_zone.as_deref(),
            )),
            subscription: None,
            state: None,
            feed: None,
            feed_generation: None,
            width: 0.0,
            root: NodeRef::default(),
            last_indicator: None,
            drawn: RefCell::default(),
            // "Updated 2 min ago" and the stale warning move on without new data.
            _tick: gloo::timers::callback::Interval::new(20_000, move || {
                link.send_message(Msg::Tick)
            }),
            resize: None,
        };
        app.subscribe(ctx);
        app
    }

    fn update(&mut self, ctx: &yew::Context<Self>, msg: Msg) -> bool {
        match msg {
            // A refresh that brings nothing new (a 304, the same bytes) renders nothing: only
            // new data, a change between failing and not, or the stale warning coming or going
            // does. "Updated 2 min ago" moves on with the tick.
            Msg::SourceChanged => {
                let before = self.shown(ctx);
                self.read_state(ctx);
                self.shown(ctx) != before
            }
            Msg::Tick => true,
            // The width only decides how many day bars fit: a change that keeps their number
            // (a scrollbar appearing once the feed is drawn, say) renders nothing.
            Msg::Resized(width) => {
                let days = ctx.props().config.days;
                let shown = |w| crate::format::shown_days(days, w);
                let changed = shown(width) != shown(self.width);
                self.width = width;
                changed
            }
        }
    }

    fn changed(&mut self, ctx: &yew::Context<Self>, old: &AppProps) -> bool {
        let (new, old) = (&ctx.props().config, &old.config);
        if new == old {
            return false;
        }
        if new.locale != old.locale || new.time_zone != old.time_zone {
            self.formats = Rc::new(Formats::new(
                new.locale.as_deref(),
                new.time_zone.as_deref(),
            ));
        }
        if new.src != old.src || new.refresh_secs != old.refresh_secs {
            self.subscription = None;
            self.subscribe(ctx);
        } else {
            self.rebuild_feed(ctx);
        }
        true
    }

    fn rendered(&mut self, ctx: &yew::Context<Self>, first_render: bool) {
        crate::perf::rendered();
        if first_render {
            self.observe_size(ctx);
        }
    }

    fn destroy(&mut self, _ctx: &yew::Context<Self>) {
        if let Some((observer, _)) = &self.resize {
            observer.disconnect();
        }
    }

    fn view(&self, ctx: &yew::Context<Self>) -> Html {
        let config = &ctx.props().config;
        let state = self.state.as_ref();
        let context = ViewContext {
            config: config.clone(),
            formats: Rc::clone(&self.formats),
            now: now(),
            width: self.width,
            last_success_ms: state.and_then(|s| s.last_success_ms),
            update_failed: state.is_some_and(|s| s.error.is_some()),
            failed_before_any_data: state.is_some_and(|s| s.error.is_some() && s.data.is_none()),
        };
        html! {
            <div class="candor" data-theme={config.theme.as_str()} data-view={config.view.as_str()}
                ref={self.root.clone()} lang={self.formats.locale.clone()}>
                { view::render(self.feed.as_ref(), &context, &mut self.drawn.borrow_mut()) }
            </div>
        }
    }
}
