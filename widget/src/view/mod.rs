//! The views: a function of the feed and the [`ViewContext`], nothing else. Text from the feed
//! only ever becomes text nodes or attribute values, never markup.
//!
//! The big parts (the active incidents, the uptime rows with their day bars, the incident
//! history, the chart) are drawn as plain DOM (`dom`) rather than Yew nodes, and each remembers
//! what it drew ([`Drawn`]) so as to draw again only when that changes: 1,800 bars and 50
//! incidents through Yew's virtual DOM were most of the time from a feed's arrival to the
//! rendered widget (BENCHMARKS.md), and update bodies are drawn by one piece of code. The banner,
//! the badge and the footer are drawn the same way: plain DOM is smaller code in the wasm than
//! Yew's nodes (the page's size budget). Yew renders the widget's root and puts the parts in it.
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
use web_sys::Element;
use yew::prelude::*;

use self::dom::Dom;

use crate::app::ViewContext;
use crate::config::{is_web_link, View};
use crate::i18n::{fill, Text};
use crate::schedule;

pub use uptime::{day_bars, RowDays};

/// The sections drawn as plain DOM (see `dom`), kept from one render to the next: each is
/// drawn again only when what it shows has changed. The root component owns them.
#[derive(Default)]
pub struct Drawn {
    status: status::Status,
    active: status::Active,
    uptime: uptime::Uptime,
    history: history::History,
    chart: chart::Chart,
    footer: Footer,
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
        View::Badge => drawn.status.badge(feed, &ctx.formats, link(feed, ctx)),
        View::Compact => html! {
            <>
                { drawn.status.banner(feed, &ctx.formats) }
                { drawn.uptime.view(feed, ctx) }
                { drawn.footer.view(feed, ctx) }
            </>
        },
        View::Full => html! {
            <>
                { drawn.status.banner(feed, &ctx.formats) }
                { drawn.active.view(feed, ctx) }
                { drawn.uptime.view(feed, ctx) }
                { drawn.history.view(feed, ctx) }
                { drawn.chart.view(feed, &ctx.formats) }
                { drawn.footer.view(feed, ctx) }
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

/// "Updated 2 min ago", a warning when the data could not be updated or is stale, and the link
/// to the status page. Drawn as plain DOM, again only when one of those changes.
#[derive(Default)]
struct Footer {
    element: Option<Element>,
    shown: Option<FooterShown>,
}

/// What the footer shows: when the data was updated, the warning, the link and its words.
type FooterShown = (Option<String>, Option<Text>, Option<String>, &'static str);

impl Footer {
    fn view(&mut self, feed: &Feed, ctx: &ViewContext) -> Html {
        let lang = ctx.formats.lang;
        let now_ms = ctx.now.timestamp_millis() as f64;
        let since = ctx
            .last_success_ms
            .map(|ms| ((now_ms - ms) / 1000.0).max(0.0));
        let updated = since.map(|s| fill(lang.text(Text::Updated), &[&ctx.formats.relative(s)]));
        let stale = since.is_some_and(|s| schedule::is_stale(ctx.config.refresh_secs, s));
        let warning = if ctx.update_failed {
            Some(Text::CouldNotUpdate)
        } else {
            stale.then_some(Text::Stale)
        };
        let shown = (
            updated,
            warning,
            link(feed, ctx),
            lang.text(Text::ViewStatusPage),
        );
        let dom = Dom::new();
        let footer = self
            .element
            .get_or_insert_with(|| dom.element("footer", "footer"));
        if self.shown.as_ref() != Some(&shown) {
            dom::clear(footer);
            let (updated, warning, href, view) = &shown;
            if let Some(updated) = updated {
                dom.add_text(footer, "span", "updated", updated);
            }
            if let Some(warning) = warning {
                let span = dom.add(footer, "span", "warning");
                dom.set_literal(&span, "role", "status");
                dom.add_icon(&span, icons::WARNING);
                dom::text(&span, lang.text(*warning));
            }
            if let Some(href) = href {
                let a = dom.add_text(footer, "a", "link", view);
                dom.set(&a, "href", href);
                dom.set_literal(&a, "target", "_blank");
                dom.set_literal(&a, "rel", "noopener noreferrer");
            }
            self.shown = Some(shown);
        }
        Html::VRef(footer.clone().into())
    }
}
