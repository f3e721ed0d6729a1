//! An incident in the history: title, impact, start, duration, affected components, its
//! updates behind a `<details>` disclosure, built when it first opens (in a Statuspage page's
//! history the updates are most of the nodes), and its post-mortem, where it has one, behind
//! another: its text as the safe Markdown subset, a link to where it is published.

use candor_core::feed::Feed;
use candor_core::UpdateStatus;
use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

use super::update::{body, time, update};
use super::Shared;
use crate::config::is_web_link;
use crate::i18n::{fill, Text};

#[derive(Properties, PartialEq)]
pub struct IncidentProps {
    pub feed: Shared<Feed>,
    pub formats: Shared<crate::intl::Formats>,
    /// The incident's place in the feed.
    pub index: usize,
    /// "(2 hours ago)", for an incident of the last week.
    pub relative: Option<AttrValue>,
}

#[function_component]
pub fn Incident(props: &IncidentProps) -> Html {
    let f = props.formats.clone();
    // Whether the updates are open: once opened they are built, and the disclosure keeps its
    // state through new data. A cell and a forced render rather than `use_state`, whose
    // reducer would be one more hook type in the wasm.
    let open = use_mut_ref(|| false);
    let render = use_force_update();
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: Event| {
            if let Some(details) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) {
                if open.replace(details.has_attribute("open")) != details.has_attribute("open") {
                    render.force_update();
                }
            }
        })
    };
    let open = *open.borrow();
    let feed = &props.feed;
    let Some(i) = feed.incidents.get(props.index) else {
        return Html::default();
    };
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
        <li class="incident" part="incident" data-impact={i.impact.as_str()}>
            <h4 class="incident-title">{ i.title.as_str() }</h4>
            <p class="incident-meta">
                <span class="impact" data-impact={i.impact.as_str()}>{ lang.impact(i.impact) }</span>
                { time(&f, i.start) }
                if let Some(relative) = props.relative.clone() {
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
                            { for i.updates.iter().map(|u| html! { <li class="update">{ update(u, &f) }</li> }) }
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
