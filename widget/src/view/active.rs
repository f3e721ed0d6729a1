//! The open incidents and the maintenances in progress or still ahead, each with its latest
//! update, above the rows.

use candor_core::feed::{Feed, FeedUpdate};
use candor_core::{Impact, Indicator, UpdateStatus};
use chrono::{DateTime, Utc};
use yew::prelude::*;

use super::icons::{icon, indicator_path};
use super::update::update;

use crate::i18n::Text;
use crate::intl::Formats;

/// The places in the feed of the maintenances not completed and not over at `now_ms`.
pub fn ahead(feed: &Feed, now_ms: i64) -> Vec<usize> {
    let now = DateTime::<Utc>::from_timestamp_millis(now_ms).unwrap_or_default();
    (feed.maintenances.iter().enumerate())
        .filter(|(_, m)| {
            !matches!(m.status, UpdateStatus::Completed)
                && m.scheduled_until.unwrap_or(m.scheduled_for) >= now
        })
        .map(|(k, _)| k)
        .collect()
}

fn impact_indicator(impact: Impact) -> Indicator {
    match impact {
        Impact::None => Indicator::None,
        Impact::Minor => Indicator::Minor,
        Impact::Major => Indicator::Major,
        Impact::Critical => Indicator::Critical,
    }
}

/// Nothing while no incident is open and no maintenance is ahead.
pub fn active(f: &Formats, feed: &Feed, ahead: Vec<usize>) -> Html {
    let open = feed.incidents.iter().filter(|i| i.end.is_none());
    let maintenances = (ahead.iter()).filter_map(|&k| feed.maintenances.get(k));
    if ahead.is_empty() && open.clone().next().is_none() {
        return Html::default();
    }
    html! {
        <section class="active" aria-label={f.lang.text(Text::ActiveIncidents)}>
            { for open.map(|i| article(
                &i.id, impact_indicator(i.impact), &i.title, Html::default(), i.updates.first(), f,
            )) }
            { for maintenances.map(|m| {
                let time = |at| html! {
                    <time datetime={crate::format::iso_instant(at)}>{ f.date_time(at) }</time>
                };
                let when = html! {
                    <p class="update-meta">
                        { format!("{}: ", f.lang.text(Text::Maintenance)) }
                        { time(m.scheduled_for) }
                        if let Some(until) = m.scheduled_until {
                            { " – " }{ time(until) }
                        }
                    </p>
                };
                article(&m.id, Indicator::Maintenance, &m.title, when, m.updates.first(), f)
            }) }
        </section>
    }
}

/// An open incident or a maintenance: its title, then `meta`, then its latest update.
fn article(
    id: &str,
    indicator: Indicator,
    title: &str,
    meta: Html,
    latest: Option<&FeedUpdate>,
    f: &Formats,
) -> Html {
    html! {
        <article key={id} class="active-incident" data-indicator={indicator.as_str()} part="incident">
            <h3 class="incident-title">{ icon(indicator_path(indicator)) }{ title }</h3>
            { meta }
            if let Some(u) = latest {
                <div class="latest-update">{ update(u, f) }</div>
            }
        </article>
    }
}
