//! Incident history, newest first, grouped by month in the viewer's zone; each incident is an
//! [`incident`](super::incident::incident).

use candor_core::feed::Feed;
use candor_core::{YearMonth, Zone};
use chrono::{DateTime, Datelike, Utc};
use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

use super::incident::incident;
use super::{Kept, Shared};
use crate::format::RECENT_SECS;
use crate::i18n::Text;
use crate::intl::Formats;

/// Whether an incident affecting the components `ids` counts: it touches a component the
/// `components` attribute shows (every incident counts without the attribute).
pub(crate) fn counts<'a>(
    feed: &'a Feed,
    components: &'a [String],
) -> impl Fn(&[String]) -> bool + 'a {
    let shown_ids: Vec<&str> = feed
        .components
        .iter()
        .filter(|c| crate::config::shows_component(components, &c.id, &c.name))
        .map(|c| c.id.as_str())
        .collect();
    move |ids| components.is_empty() || ids.iter().any(|c| shown_ids.contains(&c.as_str()))
}

/// The places in the feed of the incidents the history lists: those that count (`counts`),
/// newest first, at most `max`.
fn listed(feed: &Feed, components: &[String], max: usize) -> Vec<usize> {
    let counts = counts(feed, components);
    (feed.incidents.iter().enumerate())
        .filter(|(_, i)| counts(&i.components))
        .map(|(n, _)| n)
        .take(max)
        .collect()
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

/// The history: a section per month, its incidents keyed by id, so that new data or another
/// language keeps what the viewer opened and where the focus is. A function of the root's
/// render, not a component: it renders with every tick of the clock anyway (an incident of the
/// last week says how long ago it started), and its months are at most `max_incidents`
/// incidents placed in their month (the zone is asked only near a month's end). `opened`:
/// the ids of the incidents whose updates the viewer opened, kept by the root, which
/// `rerender` draws again when one opens or closes.
pub fn history(
    f: &Shared<Formats>,
    feed: &Shared<Feed>,
    components: &[String],
    max_incidents: usize,
    now: DateTime<Utc>,
    opened: &Kept,
    rerender: &Callback<()>,
) -> Html {
    let mut months: Vec<(YearMonth, Vec<usize>)> = Vec::new();
    for n in listed(feed, components, max_incidents) {
        let month = month_of(&f.zone, feed.incidents[n].start);
        match months.last_mut() {
            Some((m, list)) if *m == month => list.push(n),
            _ => months.push((month, vec![n])),
        }
    }
    let relative = |start: DateTime<Utc>| {
        let seconds_ago = (now - start).num_seconds() as f64;
        (0.0..RECENT_SECS)
            .contains(&seconds_ago)
            .then(|| AttrValue::from(format!("({})", f.relative(seconds_ago))))
    };
    let ontoggle = |id: &str| {
        let (id, opened, rerender) = (id.to_string(), opened.clone(), rerender.clone());
        Callback::from(move |e: Event| {
            let Some(details) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
                return;
            };
            let open = details.has_attribute("open");
            let mut list = opened.borrow_mut();
            if list.contains(&id) != open {
                if open {
                    list.push(id.clone());
                } else {
                    list.retain(|o| *o != id);
                }
                drop(list);
                rerender.emit(());
            }
        })
    };
    html! {
        <section class="history">
            <h2>{ f.lang.text(Text::IncidentHistory) }</h2>
            if months.is_empty() {
                <p class="notice">{ f.lang.text(Text::NoIncidentsReported) }</p>
            }
            { for months.iter().map(|(month, list)| html! {
                <section key={month.to_string()} class="month">
                    <h3>{ f.month_year(*month) }</h3>
                    <ul class="incident-list">
                        { for list.iter().map(|&n| {
                            let i = &feed.incidents[n];
                            let open = opened.borrow().contains(&i.id);
                            incident(f, feed, i, relative(i.start), open, ontoggle(&i.id))
                        }) }
                    </ul>
                </section>
            }) }
        </section>
    }
}
