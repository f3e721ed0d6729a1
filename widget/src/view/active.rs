//! The open incidents and the maintenances in progress or still ahead, each with its latest
//! update, above the rows.

use candor_core::feed::{Feed, FeedUpdate};
use candor_core::Indicator;
use chrono::{DateTime, Utc};
use yew::prelude::*;

use super::icons::{icon, indicator_path};
use super::update::{time, update};

use crate::i18n::Text;
use crate::intl::Formats;

/// The open incidents, then the maintenances in progress and those of the next seven days
/// (core's `Feed::maintenance_now_and_next`); nothing while there are none.
pub fn active(f: &Formats, feed: &Feed, now: DateTime<Utc>) -> Html {
    let open = feed.incidents.iter().filter(|i| i.end.is_none());
    let maintenance = feed.maintenance_now_and_next(&f.zone, now, 7);
    let maintenances = maintenance
        .in_progress
        .into_iter()
        .chain(maintenance.upcoming);
    if maintenances.clone().next().is_none() && open.clone().next().is_none() {
        return Html::default();
    }
    html! {
        <section class="active" aria-label={f.lang.text(Text::ActiveIncidents)}>
            { for open.map(|i| article(
                &i.id, Indicator::of_impact(i.impact), &i.title, Html::default(), i.updates.first(), f,
            )) }
            { for maintenances.map(|m| {
                let when = html! {
                    <p class="update-meta">
                        { f.lang.text(Text::Maintenance) }{ ": " }
                        { time(f, m.scheduled_for) }
                        if let Some(until) = m.scheduled_until {
                            { " – " }{ time(f, until) }
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
