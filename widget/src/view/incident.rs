//! An incident in the history: title, impact, start, duration, affected components, its
//! updates behind a `<details>` disclosure, built once the viewer opens it (in a Statuspage page's
//! history the updates are most of the nodes), and its post-mortem, where it has one, behind
//! another: its text as the safe Markdown subset, a link to where it is published.

use candor_core::feed::{Feed, FeedIncident};
use candor_core::UpdateStatus;
use yew::prelude::*;

use super::update::{body, time, update};
use crate::config::is_web_link;
use crate::i18n::{fill, Text};
use crate::intl::Formats;

/// The incident at `index` in the feed. `relative`: "(2 hours ago)", for an incident of the
/// last week; `open`: whether the viewer opened its updates (they are built only then);
/// `ontoggle`: the updates' disclosure opened or closed.
///
/// A function of the history's render, not a component: a component costs the wasm about
/// 0.7 KB here, which the Statuspage page's budget does not have (see BENCHMARKS.md). So the
/// root keeps which disclosures are open, and the incidents are drawn again with the root
/// (every tick of the clock: diffed by Yew, no change to the page when nothing changed).
pub fn incident(
    f: &Formats,
    feed: &Feed,
    i: &FeedIncident,
    relative: Option<AttrValue>,
    open: bool,
    ontoggle: Callback<Event>,
) -> Html {
    let lang = f.lang;
    let duration = match i.end {
        Some(end) => fill(
            lang.text(Text::ResolvedAfter),
            &[&f.duration((end - i.start).num_seconds() as f64 / 60.0)],
        ),
        None => lang.text(Text::Ongoing).to_string(),
    };
    let affected: Vec<String> = (i.components.iter())
        .map(|id| {
            (feed.components.iter())
                .find(|c| &c.id == id)
                .map_or_else(|| id.clone(), |c| c.name.clone())
        })
        .collect();
    // A list of one is its item (`Intl.ListFormat` returns it as it is).
    let affected = match affected.as_slice() {
        [] => None,
        [one] => Some(one.clone()),
        more => Some(f.list(more)),
    };
    let postmortem_word = lang.update_status(&UpdateStatus::Postmortem);
    html! {
        <li key={i.id.as_str()} class="incident" part="incident" data-impact={i.impact.as_str()}>
            <h4 class="incident-title">{ i.title.as_str() }</h4>
            <p class="incident-meta">
                <span class="impact" data-impact={i.impact.as_str()}>{ lang.impact(i.impact) }</span>
                { time(f, i.start) }
                if let Some(relative) = relative {
                    <span class="relative">{ relative }</span>
                }
                <span class="duration">{ duration }</span>
            </p>
            if let Some(affected) = affected {
                <p class="affected">{ fill(lang.text(Text::Affected), &[&affected]) }</p>
            }
            if !i.updates.is_empty() {
                <details class="updates" {open} {ontoggle}>
                    <summary>{ f.updates(i.updates.len()) }</summary>
                    if open {
                        <ol class="update-list">
                            { for i.updates.iter().map(|u| html! { <li class="update">{ update(u, f) }</li> }) }
                        </ol>
                    }
                </details>
            }
            if let Some(postmortem) = &i.postmortem {
                <details class="postmortem">
                    <summary>{ postmortem_word.clone() }</summary>
                    if let Some(text) = &postmortem.body {
                        { body(text) }
                    }
                    if let Some(href) = postmortem.url.clone().filter(|u| is_web_link(u)) {
                        <p><a {href} target="_blank" rel="noopener noreferrer">
                            { postmortem_word }{ " ↗" }
                        </a></p>
                    }
                </details>
            }
        </li>
    }
}
