//! An update of an incident or a maintenance: its status and time, then its body, the safe
//! Markdown subset (`markdown`) built as elements and text; anything else stays text. The
//! history's updates and the active incidents' latest ones.

use candor_core::feed::FeedUpdate;
use chrono::{DateTime, Utc};
use yew::prelude::*;

use crate::intl::Formats;
use crate::markdown::{self, Inline};

/// An update's status, time and body.
pub fn update(u: &FeedUpdate, f: &Formats) -> Html {
    html! {
        <>
            <p class="update-meta">
                <strong>{ f.lang.update_status(&u.status) }</strong>
                { " · " }
                { time(f, u.at) }
            </p>
            { body(&u.body) }
        </>
    }
}

/// An instant as the locale writes it, in a `<time>` that gives it exactly: every view's one
/// way to show a time.
pub fn time(f: &Formats, at: DateTime<Utc>) -> Html {
    html! { <time datetime={crate::format::iso_instant(at)}>{ f.date_time(at) }</time> }
}

/// Untrusted text as the safe Markdown subset: paragraphs of elements and text, never markup.
pub fn body(text: &str) -> Html {
    html! {
        <div class="update-body">{ for markdown::parse(text).into_iter().map(paragraph) }</div>
    }
}

fn paragraph(pieces: Vec<Inline>) -> Html {
    html! { <p>{ for pieces.into_iter().map(inline) }</p> }
}

fn inline(piece: Inline) -> Html {
    match piece {
        Inline::Text(t) => html! { { t } },
        Inline::Emphasis(t) => html! { <em>{ t }</em> },
        Inline::Strong(t) => html! { <strong>{ t }</strong> },
        Inline::Code(t) => html! { <code>{ t }</code> },
        Inline::Link { href, text } => html! {
            <a {href} target="_blank" rel="noopener noreferrer nofollow">{ text }</a>
        },
        Inline::LineBreak => html! { <br /> },
    }
}
