//! Incident history, newest first, grouped by month in the viewer's zone; each incident is an
//! [`Incident`](super::incident::Incident).

use candor_core::feed::Feed;
use candor_core::{YearMonth, Zone};
use chrono::{DateTime, Datelike, Utc};
use yew::prelude::*;

use super::incident::Incident;
use super::Shared;
use crate::format::RECENT_SECS;
use crate::i18n::Text;
use crate::intl::Formats;

/// The places in the feed of the incidents the history lists: those touching a shown
/// component (all, without a `components` attribute), newest first, at most `max`.
fn listed(feed: &Feed, components: &[String], max: usize) -> Vec<usize> {
    let shown_ids: Vec<&str> = feed
        .components
        .iter()
        .filter(|c| crate::config::shows_component(components, &c.id, &c.name))
        .map(|c| c.id.as_str())
        .collect();
    (feed.incidents.iter().enumerate())
        .filter(|(_, i)| {
            components.is_empty() || i.components.iter().any(|c| shown_ids.contains(&c.as_str()))
        })
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
/// incidents placed in their month (the zone is asked only near a month's end). Each
/// [`Incident`] is a component and renders again only when its props change.
pub fn history(
    f: &Shared<Formats>,
    feed: &Shared<Feed>,
    components: &[String],
    max_incidents: usize,
    now_ms: i64,
) -> Html {
    let mut months: Vec<(YearMonth, Vec<usize>)> = Vec::new();
    for n in listed(feed, components, max_incidents) {
        let month = month_of(&f.zone, feed.incidents[n].start);
        match months.last_mut() {
            Some((m, list)) if *m == month => list.push(n),
            _ => months.push((month, vec![n])),
        }
    }
    let now = DateTime::<Utc>::from_timestamp_millis(now_ms).unwrap_or_default();
    let relative = |n: usize| {
        let start = feed.incidents.get(n)?.start;
        let seconds_ago = (now - start).num_seconds() as f64;
        (0.0..RECENT_SECS)
            .contains(&seconds_ago)
            .then(|| AttrValue::from(format!("({})", f.relative(seconds_ago))))
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
                        { for list.iter().map(|&n| html! {
                            <Incident key={feed.incidents[n].id.as_str()} feed={feed.clone()} formats={f.clone()}
                                index={n} relative={relative(n)} />
                        }) }
                    </ul>
                </section>
            }) }
        </section>
    }
}
