//! The views, as Yew function components: a function of the feed, the configuration and the
//! formats of its locale and zone (props: a Yew context was 2.5 KB gzip that the Statuspage
//! page's budget does not have), nothing else. Text from the feed only ever becomes
//! text nodes or attribute values, never markup.
//!
//! Every prop compares cheaply: the feed and what is computed from it are [`Shared`], equal
//! when they are the same allocation. The store hands out the same `Rc<Feed>` while nothing
//! changed, so a refresh without new data renders no part again.
//!
//! Every `class` is a literal: a variant (an indicator, an impact, a status, a day's level) is
//! a `data-*` attribute that the stylesheet selects on (`[data-indicator=major]`). A computed
//! `class` goes through Yew's `Classes`, whose `IndexSet` and hashing cost the wasm 4 KB gzip.

mod active;
mod alert;
mod bars;
mod chart;
mod footer;
mod history;
mod icons;
mod incident;
mod status;
mod update;
mod uptime;

use std::ops::Deref;
use std::rc::Rc;

use candor_core::feed::Feed;
use yew::html::ImplicitClone;
use yew::prelude::*;

use crate::config::{is_web_link, Config, View};
use crate::intl::Formats;

pub use bars::{day_bars, RowDays};
pub use footer::FooterProps;

/// A value shared between renders and compared by identity: equal when it is the same
/// allocation. Deep comparison of a feed would cost more than drawing it.
pub struct Shared<T>(pub Rc<T>);

impl<T> Shared<T> {
    pub fn new(value: T) -> Self {
        Shared(Rc::new(value))
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Rc::clone(&self.0))
    }
}

impl<T> ImplicitClone for Shared<T> {}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// The stages of the full view's first drawing, one a task (see `App`): the first rows,
/// then all the rows, then the history, then the chart.
pub const BELOW: u8 = 3;

/// How many rows the render that first shows data draws: those a visitor sees first.
const FIRST_ROWS: usize = 6;

/// How much of the widget a render draws: how many days the rows show at the widget's width,
/// and how many of the stages of the first drawing, up to [`BELOW`].
pub struct Drawn {
    pub days: u32,
    pub below: u8,
    /// The ids of the incidents whose updates the viewer opened.
    pub opened: Kept,
    /// The banners dismissed in this page's life (see [`alert::alert`]).
    pub dismissed: Kept,
}

/// Strings the root keeps across renders: the ids of the incidents whose updates the viewer
/// opened (see [`history::history`]), the banners dismissed (see [`alert::alert`]).
pub type Kept = std::rc::Rc<std::cell::RefCell<Vec<String>>>;

/// The widget's parts for its view: the badge alone; the banner, one row for the page and the
/// footer (compact); or the banner, active incidents and maintenances, the rows, the history,
/// the chart and the footer (full); the banner view's bar, or nothing. Open incidents and
/// maintenances in progress or in the next seven days show in the full and compact views.
/// `now`: the time of this render, for what depends on it (the maintenances
/// in progress and ahead, "2 hours ago"). A function of the root, not a component: each component costs
/// the wasm about 2 KB, and this one would render whenever the root does (so are the banner,
/// the badge and the footer).
pub fn body(
    f: &Shared<Formats>,
    feed: &Shared<Feed>,
    config: &Config,
    Drawn {
        days,
        below,
        opened,
        dismissed,
    }: Drawn,
    now: chrono::DateTime<chrono::Utc>,
    footer: FooterProps,
    rerender: Callback<()>,
) -> Html {
    let name: AttrValue = feed.page.name.clone().into();
    let indicator = feed.status.indicator;
    let components = config.components.clone();
    match config.view {
        View::Badge => html! {
            { status::badge(f, name, indicator, link(feed, config)) }
        },
        View::Banner => alert::alert(
            f,
            feed,
            config,
            now,
            link(feed, config),
            &dismissed,
            rerender,
        ),
        View::Compact => html! {
            <>
                { status::banner(f, name, indicator) }
                { active::active(f, feed, now) }
                <uptime::Rows feed={feed.clone()} {components} {days} formats={f.clone()} page=true
                    limit={usize::MAX} />
                { footer::footer(f, footer) }
            </>
        },
        View::Full => html! {
            <>
                { status::banner(f, name, indicator) }
                { active::active(f, feed, now) }
                <uptime::Rows feed={feed.clone()} components={components.clone()} {days}
                    formats={f.clone()} page=false
                    limit={if below == 0 { FIRST_ROWS } else { usize::MAX }} />
                if below >= 2 {
                    { history::history(f, feed, &components, config.max_incidents, now, &opened, &rerender) }
                }
                if below >= BELOW {
                    { chart::chart(f, feed) }
                }
                { footer::footer(f, footer) }
            </>
        },
    }
}

/// Where "View status page" goes: the `link` attribute, else the page's own URL.
pub fn link(feed: &Feed, config: &Config) -> Option<AttrValue> {
    config
        .link
        .clone()
        .or_else(|| feed.page.url.clone().filter(|u| is_web_link(u)))
        .map(AttrValue::from)
}
