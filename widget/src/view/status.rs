//! The current status: the overall banner, active incidents and maintenances with their latest
//! update, and the one-line badge.

use candor_core::feed::{Feed, FeedUpdate};
use candor_core::{Impact, Indicator, UpdateStatus};
use yew::prelude::*;

use super::history::update_body;
use super::icons;
use crate::app::ViewContext;
use crate::i18n::Text;

pub fn banner(feed: &Feed, ctx: &ViewContext) -> Html {
    let indicator = feed.status.indicator;
    html! {
        <div class="banner" data-indicator={indicator.as_str()} part="banner">
            { icons::indicator(indicator) }
            <div class="banner-text">
                <span class="page-name">{ feed.page.name.clone() }</span>
                <strong class="status-text" role="status">{ ctx.formats.lang.indicator(indicator) }</strong>
            </div>
        </div>
    }
}

pub fn badge(feed: &Feed, ctx: &ViewContext, link: Option<String>) -> Html {
    let indicator = feed.status.indicator;
    let content = html! {
        <>
            { icons::indicator(indicator) }
            <span class="page-name">{ feed.page.name.clone() }</span>
            <span class="status-text">{ ctx.formats.lang.indicator(indicator) }</span>
        </>
    };
    let state = indicator.as_str();
    match link {
        Some(href) => html! {
            <a class="badge" data-indicator={state} part="banner" href={href} target="_blank" rel="noopener noreferrer">{ content }</a>
        },
        None => {
            html! { <span class="badge" data-indicator={state} part="banner" role="status">{ content }</span> }
        }
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

fn latest(updates: &[FeedUpdate], ctx: &ViewContext) -> Html {
    let Some(update) = updates.first() else {
        return Html::default();
    };
    html! {
        <div class="latest-update">
            <p class="update-meta">
                <strong>{ ctx.formats.lang.update_status(&update.status) }</strong>
                { " · " }
                <time datetime={crate::format::iso_instant(update.at)}>{ ctx.formats.date_time(update.at) }</time>
            </p>
            { update_body(&update.body) }
        </div>
    }
}

/// Open incidents and maintenances in progress or still ahead.
pub fn active(feed: &Feed, ctx: &ViewContext) -> Html {
    let lang = ctx.formats.lang;
    let open: Vec<_> = feed.incidents.iter().filter(|i| i.end.is_none()).collect();
    let maintenances: Vec<_> = feed
        .maintenances
        .iter()
        .filter(|m| {
            !matches!(m.status, UpdateStatus::Completed)
                && m.scheduled_until.unwrap_or(m.scheduled_for) >= ctx.now
        })
        .collect();
    if open.is_empty() && maintenances.is_empty() {
        return Html::default();
    }
    html! {
        <section class="active" aria-label={lang.text(Text::ActiveIncidents)}>
            { for open.iter().map(|i| html! {
                <article class="active-incident" data-indicator={impact_indicator(i.impact).as_str()} part="incident">
                    <h3 class="incident-title">{ icons::indicator(impact_indicator(i.impact)) }{ i.title.clone() }</h3>
                    { latest(&i.updates, ctx) }
                </article>
            }) }
            { for maintenances.iter().map(|m| html! {
                <article class="active-incident" data-indicator="maintenance" part="incident">
                    <h3 class="incident-title">{ icons::indicator(Indicator::Maintenance) }{ m.title.clone() }</h3>
                    <p class="update-meta">
                        { lang.text(Text::Maintenance) }{ ": " }
                        <time datetime={crate::format::iso_instant(m.scheduled_for)}>{ ctx.formats.date_time(m.scheduled_for) }</time>
                        if let Some(until) = m.scheduled_until {
                            { " – " }<time datetime={crate::format::iso_instant(until)}>{ ctx.formats.date_time(until) }</time>
                        }
                    </p>
                    { latest(&m.updates, ctx) }
                </article>
            }) }
        </section>
    }
}
