//! The page's name and its overall status: the banner of the full and compact views, and the
//! one-line badge.

//!
//! Plain functions of the root's render, not components: they have no state and no hook, and
//! render whenever the root does; a component would cost the wasm about 2 KB of lifecycle code
//! each (see BENCHMARKS.md, "Widget size").

use candor_core::Indicator;
use yew::prelude::*;

use super::icons::{icon, indicator_path};
use crate::intl::Formats;

/// The banner: an icon, the page's name and its status (a live region).
pub fn banner(formats: &Formats, name: AttrValue, indicator: Indicator) -> Html {
    html! {
        <div class="banner" data-indicator={indicator.as_str()} part="banner">
            { icon(indicator_path(indicator)) }
            <div class="banner-text">
                <span class="page-name">{ name }</span>
                <strong class="status-text" role="status">{ formats.lang.indicator(indicator) }</strong>
            </div>
        </div>
    }
}

/// The one-line badge: a link to the status page (`link`) when there is one, else a live
/// region.
pub fn badge(
    formats: &Formats,
    name: AttrValue,
    indicator: Indicator,
    link: Option<AttrValue>,
) -> Html {
    let inside = html! {
        <>
            { icon(indicator_path(indicator)) }
            <span class="page-name">{ name }</span>
            <span class="status-text">{ formats.lang.indicator(indicator) }</span>
        </>
    };
    match link {
        Some(href) => html! {
            <a class="badge" {href} target="_blank" rel="noopener noreferrer"
                data-indicator={indicator.as_str()} part="banner">{ inside }</a>
        },
        None => html! {
            <span class="badge" role="status" data-indicator={indicator.as_str()} part="banner">
                { inside }
            </span>
        },
    }
}
