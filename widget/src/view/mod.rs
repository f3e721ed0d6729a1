//! The views: a function of the feed and the [`ViewContext`], nothing else. Text from the feed
//! only ever becomes text nodes or attribute values, never markup.
//!
//! The big parts (the active incidents, the uptime rows with their day bars, the incident
//! history, the chart) are drawn as plain DOM (`dom`) rather than Yew nodes, and each remembers
//! what it drew ([`Drawn`]) so as to draw again only when that changes: 1,800 bars and 50
//! incidents through Yew's virtual DOM were most of the time from a feed's arrival to the
//! rendered widget (BENCHMARKS.md), and update bodies are drawn by one piece of code. The rest
//! (banner, footer, badge) is Yew's.
//!
//! Every `class` is a literal: a variant (an indicator, an impact, a status) is a `data-*`
//! attribute that the stylesheet selects on (`[data-indicator=major]`). A computed `class`
//! goes through Yew's `Classes`, whose `IndexSet` and hashing cost the wasm 4 KB gzip.

mod chart;
mod dom;
mod history;
mod icons;
mod status;
mod uptime;

use std::rc::Rc;

use candor_core::feed::Feed;
use yew::prelude::*;

use crate::app::ViewContext;
use crate::config::{is_web_link, View};
use crate::i18n::{fill, Text};
use crate::schedule;

pub use uptime::{day_bars, RowDays};

/// The sections drawn as plain DOM (see `dom`), kept from one render to the next: each is
/// drawn again only when what it shows has changed. The root component owns them.
#[derive(Default)]
pub struct Drawn {
    active: status::Active,
    uptime: uptime::Uptime,
    history: history::History,
    chart: chart::Chart,
}

pub fn render(feed: Option<&Rc<Feed>>, ctx: &ViewContext, drawn: &mut Drawn) -> Html {
    let lang = ctx.formats.lang;
    let Some(feed) = feed else {
        let text = if ctx.failed_before_any_data {
            Text::CouldNotLoad
        } else {
            Text::Loading
        };
        return html! { <p class="notice" role="status">{ lang.text(text) }</p> };
    };
    match ctx.config.view {
        View::Badge => status::badge(feed, ctx, link(feed, ctx)),
        View::Compact => html! {
            <>
                { status::banner(feed, ctx) }
                { drawn.uptime.view(feed, ctx) }
                { footer(feed, ctx) }
            </>
        },
        View::Full => html! {
            <>
                { status::banner(feed, ctx) }
                { drawn.active.view(feed, ctx) }
                { drawn.uptime.view(feed, ctx) }
                { drawn.history.view(feed, ctx) }
                { drawn.chart.view(feed, &ctx.formats) }
                { footer(feed, ctx) }
            </>
        },
    }
}

/// Where "View status page" goes: the `link` attribute, else the page's own URL.
fn link(feed: &Feed, ctx: &ViewContext) -> Option<String> {
    ctx.config
        .link
        .clone()
        .or_else(|| feed.page.url.clone().filter(|u| is_web_link(u)))
}

fn footer(feed: &Feed, ctx: &ViewContext) -> Html {
    let lang = ctx.formats.lang;
    let now_ms = ctx.now.timestamp_millis() as f64;
    let since = ctx
        .last_success_ms
        .map(|ms| ((now_ms - ms) / 1000.0).max(0.0));
    let updated = since.map(|s| fill(lang.text(Text::Updated), &[&ctx.formats.relative(s)]));
    let stale = since.is_some_and(|s| schedule::is_stale(ctx.config.refresh_secs, s));
    html! {
        <footer class="footer">
            if let Some(updated) = updated {
                <span class="updated">{ updated }</span>
            }
            if ctx.update_failed {
                <span class="warning" role="status">{ icons::warning() }{ lang.text(Text::CouldNotUpdate) }</span>
            } else if stale {
                <span class="warning" role="status">{ icons::warning() }{ lang.text(Text::Stale) }</span>
            }
            if let Some(href) = link(feed, ctx) {
                <a class="link" href={href} target="_blank" rel="noopener noreferrer">
                    { lang.text(Text::ViewStatusPage) }
                </a>
            }
        </footer>
    }
}
