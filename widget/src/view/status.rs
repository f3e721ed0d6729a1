//! The current status: the overall banner, active incidents and maintenances with their latest
//! update, and the one-line badge, drawn as plain DOM (see `dom`).

use std::rc::Rc;

use candor_core::feed::Feed;
use candor_core::{Impact, Indicator, UpdateStatus};
use web_sys::Element;
use yew::prelude::*;

use super::dom::{self, Dom};
use super::history::draw_update;
use super::icons;
use crate::app::ViewContext;
use crate::i18n::Text;
use crate::intl::Formats;

/// The page's name and its overall status: a banner (the full and compact views) or a badge,
/// a link to the status page when there is one. Drawn as plain DOM, again only when the feed,
/// the language or the link changes.
#[derive(Default)]
pub struct Status {
    element: Option<Element>,
    shown: Option<(Rc<Feed>, Rc<Formats>, Option<String>)>,
}

impl Status {
    /// The banner of the full and compact views.
    pub fn banner(&mut self, feed: &Rc<Feed>, f: &Rc<Formats>) -> Html {
        self.view(feed, f, None, false)
    }

    /// The one-line badge, a link to `link` when there is one.
    pub fn badge(&mut self, feed: &Rc<Feed>, f: &Rc<Formats>, link: Option<String>) -> Html {
        self.view(feed, f, link, true)
    }

    fn view(
        &mut self,
        feed: &Rc<Feed>,
        f: &Rc<Formats>,
        link: Option<String>,
        badge: bool,
    ) -> Html {
        let unchanged = self.shown.as_ref().is_some_and(|(shown, formats, l)| {
            Rc::ptr_eq(shown, feed) && Rc::ptr_eq(formats, f) && *l == link
        });
        match &self.element {
            Some(element) if unchanged => return Html::VRef(element.clone().into()),
            _ => {}
        }
        let dom = Dom::new();
        let indicator = feed.status.indicator;
        let status = f.lang.indicator(indicator);
        let element = match (badge, &link) {
            (false, _) => {
                let banner = dom.element("div", "banner");
                dom.add_icon(&banner, icons::indicator_path(indicator));
                let text = dom.add(&banner, "div", "banner-text");
                dom.add_text(&text, "span", "page-name", &feed.page.name);
                let strong = dom.add_text(&text, "strong", "status-text", status);
                dom.set_literal(&strong, "role", "status");
                banner
            }
            (true, link) => {
                let badge = match link {
                    Some(href) => {
                        let a = dom.element("a", "badge");
                        dom.set(&a, "href", href);
                        dom.set_literal(&a, "target", "_blank");
                        dom.set_literal(&a, "rel", "noopener noreferrer");
                        a
                    }
                    None => {
                        let span = dom.element("span", "badge");
                        dom.set_literal(&span, "role", "status");
                        span
                    }
                };
                dom.add_icon(&badge, icons::indicator_path(indicator));
                dom.add_text(&badge, "span", "page-name", &feed.page.name);
                dom.add_text(&badge, "span", "status-text", status);
                badge
            }
        };
        dom.set_literal(&element, "data-indicator", indicator.as_str());
        dom.set_literal(&element, "part", "banner");
        self.element = Some(element.clone());
        self.shown = Some((Rc::clone(feed), Rc::clone(f), link));
        Html::VRef(element.into())
    }
}

fn impact_indicator(impact: Impact) -> Indicator {
    match impact {
        Impact::None => Indicator::None,
        Impact::Minor => Indicator::Minor,
        Impact::Major => Indicator::Major,
        Impact::Critical => Indicator::Critical,
    }
}

/// The open incidents and the maintenances in progress or still ahead, each with its latest
/// update. Drawn as plain DOM, as the history is (their update bodies are drawn by the same
/// code), and again only when the feed, the language or the maintenances still ahead change.
#[derive(Default)]
pub struct Active {
    section: Option<Element>,
    shown: Option<(Rc<Feed>, Rc<Formats>, Vec<usize>)>,
}

impl Active {
    pub fn view(&mut self, feed: &Rc<Feed>, ctx: &ViewContext) -> Html {
        let maintenances: Vec<usize> = (feed.maintenances.iter().enumerate())
            .filter(|(_, m)| {
                !matches!(m.status, UpdateStatus::Completed)
                    && m.scheduled_until.unwrap_or(m.scheduled_for) >= ctx.now
            })
            .map(|(k, _)| k)
            .collect();
        if maintenances.is_empty() && feed.incidents.iter().all(|i| i.end.is_some()) {
            return Html::default();
        }
        let section = self
            .section
            .get_or_insert_with(|| Dom::new().element("section", "active"));
        let unchanged = self.shown.as_ref().is_some_and(|(f, formats, m)| {
            Rc::ptr_eq(f, feed) && Rc::ptr_eq(formats, &ctx.formats) && *m == maintenances
        });
        if !unchanged {
            draw(section, feed, &ctx.formats, &maintenances);
            self.shown = Some((Rc::clone(feed), Rc::clone(&ctx.formats), maintenances));
        }
        Html::VRef(section.clone().into())
    }
}

fn draw(section: &Element, feed: &Feed, f: &Formats, maintenances: &[usize]) {
    let dom = Dom::new();
    let lang = f.lang;
    dom::clear(section);
    dom.set(section, "aria-label", lang.text(Text::ActiveIncidents));
    let article = |indicator: Indicator, title: &str| {
        let article = dom.add(section, "article", "active-incident");
        dom.set_literal(&article, "data-indicator", indicator.as_str());
        dom.set_literal(&article, "part", "incident");
        let h3 = dom.add(&article, "h3", "incident-title");
        dom.add_icon(&h3, icons::indicator_path(indicator));
        dom::text(&h3, title);
        article
    };
    for i in feed.incidents.iter().filter(|i| i.end.is_none()) {
        let article = article(impact_indicator(i.impact), &i.title);
        if let Some(update) = i.updates.first() {
            let latest = dom.add(&article, "div", "latest-update");
            draw_update(&dom, &latest, update, f);
        }
    }
    for m in maintenances
        .iter()
        .filter_map(|&k| feed.maintenances.get(k))
    {
        let article = article(Indicator::Maintenance, &m.title);
        let meta = dom.add(&article, "p", "update-meta");
        dom::text(&meta, &format!("{}: ", lang.text(Text::Maintenance)));
        let time = |at| {
            let time = dom.add_text(&meta, "time", "", &f.date_time(at));
            dom.set(&time, "datetime", &crate::format::iso_instant(at));
        };
        time(m.scheduled_for);
        if let Some(until) = m.scheduled_until {
            dom::text(&meta, " – ");
            time(until);
        }
        if let Some(update) = m.updates.first() {
            let latest = dom.add(&article, "div", "latest-update");
            draw_update(&dom, &latest, update, f);
        }
    }
}
