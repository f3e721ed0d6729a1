//! Incident history, newest first, grouped by month in the viewer's zone: impact, duration,
//! affected components, and the updates behind a disclosure; an update's body as the safe
//! Markdown subset (also for the active incidents above the rows).

use std::cell::RefCell;
use std::rc::Rc;

use candor_core::feed::{Feed, FeedIncident, FeedUpdate};
use candor_core::{YearMonth, Zone};
use chrono::{DateTime, Datelike, Utc};
use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

use super::dom::{self, Dom};
use crate::app::ViewContext;
use crate::config::Config;
use crate::format::RECENT_SECS;
use crate::i18n::{fill, Text};
use crate::intl::Formats;
use crate::markdown::{self, Inline};

/// The incidents the history lists: those touching a shown component (all, without a
/// `components` attribute), newest first, at most `max-incidents`.
fn listed<'a>(feed: &'a Feed, config: &Config) -> Vec<&'a FeedIncident> {
    let shown_ids: Vec<&str> = feed
        .components
        .iter()
        .filter(|c| config.shows_component(&c.id, &c.name))
        .map(|c| c.id.as_str())
        .collect();
    feed.incidents
        .iter()
        .filter(|i| {
            config.components.is_empty()
                || i.components.iter().any(|c| shown_ids.contains(&c.as_str()))
        })
        .take(config.max_incidents)
        .collect()
}

/// How long ago each listed incident started, for those within the last week ("2 days
/// ago"): the only part of the history that changes as time passes.
fn recent(feed: &Feed, ctx: &ViewContext) -> Vec<Option<String>> {
    listed(feed, &ctx.config)
        .iter()
        .map(|i| {
            let seconds_ago = (ctx.now - i.start).num_seconds() as f64;
            (0.0..RECENT_SECS)
                .contains(&seconds_ago)
                .then(|| ctx.formats.relative(seconds_ago))
        })
        .collect()
}

/// What the history shows: the feed, the language and zone, the incidents listed and their
/// relative times. It is drawn again when that changes, not on every tick of the widget's
/// clock.
struct Shown {
    feed: Rc<Feed>,
    formats: Rc<Formats>,
    components: Vec<String>,
    max_incidents: usize,
    recent: Vec<Option<String>>,
}

/// What is drawn: enough to build an incident's updates when its disclosure opens.
#[derive(Default)]
struct Drawn {
    source: Option<(Rc<Feed>, Rc<Formats>)>,
    /// The disclosures of the incidents with updates, with each incident's place in the feed.
    disclosures: Vec<(usize, Element)>,
    /// The relative start times drawn ("(2 hours ago)"), in the order listed.
    relatives: Vec<Element>,
}

/// The incident history, newest first, grouped by month in the viewer's zone: impact, start,
/// duration, affected components, and the updates behind a disclosure. Drawn as plain DOM
/// (see [`dom`]). An incident's updates are built when its disclosure first opens: until then
/// they are not shown, and in a Statuspage page's history they are most of the nodes. Drawn
/// again with new data, the disclosures that were open stay open.
#[derive(Default)]
pub struct History {
    /// The section, and its listener for disclosures opening.
    section: Option<(Element, EventListener)>,
    drawn: Rc<RefCell<Drawn>>,
    shown: Option<Shown>,
}

impl History {
    pub fn view(&mut self, feed: &Rc<Feed>, ctx: &ViewContext) -> Html {
        let drawn = &self.drawn;
        let (section, _) = self.section.get_or_insert_with(|| {
            let section = Dom::new().element("section", "history");
            // `toggle` does not bubble: the section listens in the capture phase.
            let drawn = Rc::clone(drawn);
            let options = EventListenerOptions::run_in_capture_phase();
            let toggle = EventListener::new_with_options(&section, "toggle", options, move |e| {
                if let Some(details) = e.target().and_then(|t| t.dyn_into().ok()) {
                    build_updates(&drawn.borrow(), &details);
                }
            });
            (section, toggle)
        });
        let config = &ctx.config;
        let recent = recent(feed, ctx);
        let same_incidents = self.shown.as_ref().is_some_and(|s| {
            Rc::ptr_eq(&s.feed, feed)
                && Rc::ptr_eq(&s.formats, &ctx.formats)
                && s.components == config.components
                && s.max_incidents == config.max_incidents
        });
        let shown = self.shown.as_ref().map_or(&[][..], |s| &s.recent[..]);
        if same_incidents && shown == recent {
            return Html::VRef(section.clone().into());
        }
        // As time passes, only the relative times change: they change in place, so that
        // nothing the viewer is on (the focus, an open disclosure) is drawn again.
        let in_place = same_incidents
            && shown.len() == recent.len()
            && shown
                .iter()
                .zip(&recent)
                .all(|(a, b)| a.is_some() == b.is_some());
        let mut drawn = self.drawn.borrow_mut();
        if in_place {
            for (span, ago) in drawn.relatives.iter().zip(recent.iter().flatten()) {
                span.set_text_content(Some(&format!("({ago})")));
            }
        } else {
            draw(section, &mut drawn, feed, &ctx.formats, config, &recent);
        }
        self.shown = Some(Shown {
            feed: Rc::clone(feed),
            formats: Rc::clone(&ctx.formats),
            components: config.components.clone(),
            max_incidents: config.max_incidents,
            recent,
        });
        Html::VRef(section.clone().into())
    }
}

fn draw(
    section: &Element,
    drawn: &mut Drawn,
    feed: &Rc<Feed>,
    formats: &Rc<Formats>,
    config: &Config,
    recent: &[Option<String>],
) {
    // What the viewer was on: the disclosures open, and the one with the focus (drawn again,
    // its incident's summary takes the focus back).
    let id_of = |n: &usize| {
        let (feed, _) = drawn.source.as_ref()?;
        feed.incidents.get(*n).map(|i| i.id.clone())
    };
    let was_open: Vec<String> = drawn
        .disclosures
        .iter()
        .filter(|(_, details)| details.has_attribute("open"))
        .filter_map(|(n, _)| id_of(n))
        .collect();
    let focused: Option<String> = drawn
        .disclosures
        .iter()
        .find(|(_, details)| details.matches(":focus-within").unwrap_or(false))
        .and_then(|(n, _)| id_of(n));
    let dom = Dom::new();
    let f = &**formats;
    let lang = f.lang;
    dom::clear(section);
    drawn.disclosures.clear();
    drawn.relatives.clear();
    drawn.source = Some((Rc::clone(feed), Rc::clone(formats)));
    dom.add_text(section, "h2", "", lang.text(Text::IncidentHistory));
    let list = listed(feed, config);
    if list.is_empty() {
        dom.add_text(section, "p", "notice", lang.text(Text::NoIncidentsReported));
    }
    let template = dom.element("li", "incident");
    dom.set_literal(&template, "part", "incident");
    dom.add(&template, "h4", "incident-title");
    let meta = dom.add(&template, "p", "incident-meta");
    dom.add(&meta, "span", "impact");
    dom.add(&meta, "time", "");
    dom.add(&meta, "span", "duration");
    let mut month: Option<(YearMonth, Element)> = None;
    let mut refocus: Option<Element> = None;
    for (n, i) in list.into_iter().enumerate() {
        let this_month = month_of(&f.zone, i.start);
        let items = match &month {
            Some((m, items)) if *m == this_month => items.clone(),
            _ => {
                let group = dom.add(section, "section", "month");
                dom.add_text(&group, "h3", "", &f.month_year(this_month));
                let items = dom.add(&group, "ul", "incident-list");
                month = Some((this_month, items.clone()));
                items
            }
        };
        // A copy of the template: the elements every incident has, with their classes.
        let item = dom::copy_deep(&template);
        dom.set_literal(&item, "data-impact", i.impact.as_str());
        let (Some(title), Some(meta)) = (item.first_element_child(), item.last_element_child())
        else {
            continue;
        };
        let (Some(impact), Some(start), Some(end)) = (
            meta.first_element_child(),
            meta.first_element_child()
                .and_then(|e| e.next_element_sibling()),
            meta.last_element_child(),
        ) else {
            continue;
        };
        title.set_text_content(Some(&i.title));
        impact.set_text_content(Some(lang.impact(i.impact)));
        dom.set_literal(&impact, "data-impact", i.impact.as_str());
        start.set_text_content(Some(&f.date_time(i.start)));
        dom.set(&start, "datetime", &crate::format::iso_instant(i.start));
        if let Some(Some(ago)) = recent.get(n) {
            let relative = dom.element("span", "relative");
            relative.set_text_content(Some(&format!("({ago})")));
            let _ = meta.insert_before(&relative, Some(&end));
            drawn.relatives.push(relative);
        }
        let duration = match i.end {
            Some(end) => fill(
                lang.text(Text::ResolvedAfter),
                &[&f.duration((end - i.start).num_seconds() as f64 / 60.0)],
            ),
            None => lang.text(Text::Ongoing).to_string(),
        };
        end.set_text_content(Some(&duration));
        let affected: Vec<String> = i
            .components
            .iter()
            .map(|id| {
                feed.components
                    .iter()
                    .find(|c| &c.id == id)
                    .map_or_else(|| id.clone(), |c| c.name.clone())
            })
            .collect();
        if !affected.is_empty() {
            // A list of one is its item (`Intl.ListFormat` returns it as it is).
            let list = match affected.as_slice() {
                [one] => one.clone(),
                more => f.list(more),
            };
            let text = fill(lang.text(Text::Affected), &[&list]);
            dom.add_text(&item, "p", "affected", &text);
        }
        dom::append(&items, &item);
        if !i.updates.is_empty() {
            let details = dom.add(&item, "details", "updates");
            dom.add_text(&details, "summary", "", &f.updates(i.updates.len()));
            if was_open.contains(&i.id) {
                dom.set_literal(&details, "open", "");
            }
            if focused.as_ref() == Some(&i.id) {
                refocus = Some(details.clone());
            }
            let place = feed.incidents.iter().position(|x| std::ptr::eq(x, i));
            drawn.disclosures.push((place.unwrap_or(0), details));
        }
    }
    for (_, details) in &drawn.disclosures {
        build_updates(drawn, details);
    }
    if let Some(summary) = refocus
        .and_then(|details| details.first_element_child())
        .and_then(|s| s.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = summary.focus();
    }
}

/// The local month of `t`. Away from the first and the last day of its UTC month, that month
/// (no zone is a day away from UTC); only near a month's end is the zone asked, which for
/// each instant means `Intl`'s parts of a date (50 incidents' were a third of the drawing).
fn month_of(zone: &impl Zone, t: DateTime<Utc>) -> YearMonth {
    let date = t.date_naive();
    let tomorrow = date.succ_opt().unwrap_or(date);
    if date.day() > 1 && tomorrow.month() == date.month() {
        YearMonth::of(date)
    } else {
        zone.month_of(t)
    }
}

/// Builds the updates of `details`, one of the drawn disclosures, once it is open.
fn build_updates(drawn: &Drawn, details: &Element) {
    let Some((feed, f)) = &drawn.source else {
        return;
    };
    // Open, and only its summary yet.
    if !details.has_attribute("open") || details.child_element_count() != 1 {
        return;
    }
    let Some(incident) = drawn
        .disclosures
        .iter()
        .find(|(_, d)| d == details)
        .and_then(|(n, _)| feed.incidents.get(*n))
    else {
        return;
    };
    let dom = Dom::new();
    let list = dom.add(details, "ol", "update-list");
    for u in &incident.updates {
        let update = dom.add(&list, "li", "update");
        draw_update(&dom, &update, u, f);
    }
}

/// An update at the end of `parent`: its status and time, then its body, the safe Markdown
/// subset built as elements and text (anything else stays text). The history's updates and
/// the active incidents' latest ones.
pub(super) fn draw_update(dom: &Dom, parent: &Element, u: &FeedUpdate, f: &Formats) {
    let meta = dom.add(parent, "p", "update-meta");
    dom.add_text(&meta, "strong", "", &f.lang.update_status(&u.status));
    dom::text(&meta, " · ");
    let at = dom.add_text(&meta, "time", "", &f.date_time(u.at));
    dom.set(&at, "datetime", &crate::format::iso_instant(u.at));
    let container = dom.add(parent, "div", "update-body");
    for pieces in markdown::parse(&u.body) {
        let p = dom.add(&container, "p", "");
        for piece in pieces {
            match piece {
                Inline::Text(t) => dom::text(&p, &t),
                Inline::Emphasis(t) => drop(dom.add_text(&p, "em", "", &t)),
                Inline::Strong(t) => drop(dom.add_text(&p, "strong", "", &t)),
                Inline::Code(t) => drop(dom.add_text(&p, "code", "", &t)),
                Inline::Link { href, text } => {
                    let a = dom.add_text(&p, "a", "", &text);
                    dom.set(&a, "href", &href);
                    dom.set_literal(&a, "target", "_blank");
                    dom.set_literal(&a, "rel", "noopener noreferrer nofollow");
                }
                Inline::LineBreak => drop(dom.add(&p, "br", "")),
            }
        }
    }
}
