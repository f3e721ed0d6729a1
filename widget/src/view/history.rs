//! Incident history, newest first, grouped by month in the viewer's zone: impact, duration,
//! affected components, and the updates behind a disclosure.

use candor_core::feed::{Feed, FeedIncident};
use candor_core::{YearMonth, Zone};
use yew::prelude::*;

use crate::app::ViewContext;
use crate::format::RECENT_SECS;
use crate::i18n::{fill, Text};
use crate::markdown::{self, Inline};

/// An update's body: the safe Markdown subset built as nodes; anything else stays text.
pub fn update_body(body: &str) -> Html {
    let paragraphs = markdown::parse(body);
    html! {
        <div class="update-body">
            { for paragraphs.into_iter().map(|pieces| html! {
                <p>{ for pieces.into_iter().map(inline) }</p>
            }) }
        </div>
    }
}

fn inline(piece: Inline) -> Html {
    match piece {
        Inline::Text(t) => html! { { t } },
        Inline::Emphasis(t) => html! { <em>{ t }</em> },
        Inline::Strong(t) => html! { <strong>{ t }</strong> },
        Inline::Code(t) => html! { <code>{ t }</code> },
        Inline::Link { href, text } => html! {
            <a href={href} target="_blank" rel="noopener noreferrer nofollow">{ text }</a>
        },
        Inline::LineBreak => html! { <br /> },
    }
}

fn incident(i: &FeedIncident, feed: &Feed, ctx: &ViewContext) -> Html {
    let f = &ctx.formats;
    let lang = f.lang;
    let seconds_ago = (ctx.now - i.start).num_seconds() as f64;
    let duration = match i.end {
        Some(end) => fill(
            lang.text(Text::ResolvedAfter),
            &[&f.duration((end - i.start).num_seconds() as f64 / 60.0)],
        ),
        None => lang.text(Text::Ongoing).to_string(),
    };
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
    html! {
        <li class="incident" data-impact={i.impact.as_str()} part="incident">
            <h4 class="incident-title">{ i.title.clone() }</h4>
            <p class="incident-meta">
                <span class="impact" data-impact={i.impact.as_str()}>{ lang.impact(i.impact) }</span>
                <time datetime={crate::format::iso_instant(i.start)}>{ f.date_time(i.start) }</time>
                if (0.0..RECENT_SECS).contains(&seconds_ago) {
                    <span class="relative">{ format!("({})", f.relative(seconds_ago)) }</span>
                }
                <span class="duration">{ duration }</span>
            </p>
            if !affected.is_empty() {
                <p class="affected">{ fill(lang.text(Text::Affected), &[&f.list(&affected)]) }</p>
            }
            if !i.updates.is_empty() {
                <details class="updates">
                    <summary>{ f.updates(i.updates.len()) }</summary>
                    <ol class="update-list">
                        { for i.updates.iter().map(|u| html! {
                            <li class="update">
                                <p class="update-meta">
                                    <strong>{ lang.update_status(&u.status) }</strong>{ " · " }
                                    <time datetime={crate::format::iso_instant(u.at)}>{ f.date_time(u.at) }</time>
                                </p>
                                { update_body(&u.body) }
                            </li>
                        }) }
                    </ol>
                </details>
            }
        </li>
    }
}

pub fn incidents(feed: &Feed, ctx: &ViewContext) -> Html {
    let lang = ctx.formats.lang;
    let shown_ids: Vec<&str> = feed
        .components
        .iter()
        .filter(|c| ctx.config.shows_component(&c.id, &c.name))
        .map(|c| c.id.as_str())
        .collect();
    let list: Vec<&FeedIncident> = feed
        .incidents
        .iter()
        .filter(|i| {
            ctx.config.components.is_empty()
                || i.components.iter().any(|c| shown_ids.contains(&c.as_str()))
        })
        .take(ctx.config.max_incidents)
        .collect();
    let mut months: Vec<(YearMonth, Vec<&FeedIncident>)> = Vec::new();
    for i in list {
        let month = ctx.formats.zone.month_of(i.start);
        match months.last_mut() {
            Some((m, items)) if *m == month => items.push(i),
            _ => months.push((month, vec![i])),
        }
    }
    html! {
        <section class="history">
            <h2>{ lang.text(Text::IncidentHistory) }</h2>
            if months.is_empty() {
                <p class="notice">{ lang.text(Text::NoIncidentsReported) }</p>
            }
            { for months.into_iter().map(|(month, items)| html! {
                <section class="month">
                    <h3>{ ctx.formats.month_year(month) }</h3>
                    <ul class="incident-list">
                        { for items.into_iter().map(|i| incident(i, feed, ctx)) }
                    </ul>
                </section>
            }) }
        </section>
    }
}
