//! The banner view (`view="banner"`), like Statuspage's status embed: nothing at all while no
//! incident is open and no maintenance is in progress; while one is, a one-line bar with its
//! title (a link to the status page), its impact and when it was last updated, which the
//! viewer can dismiss for the session (a button: the keyboard reaches it) until what it
//! counts changes: another incident, a new update. The `components` attribute filters which
//! incidents and maintenances count.
//!
//! A function of the root's render, not a component: what it keeps is the session's, in
//! `sessionStorage` (the dismissed state of each `src`), and the page's, where that storage
//! cannot be used.

use candor_core::feed::Feed;
use candor_core::Indicator;
use chrono::{DateTime, Utc};
use yew::prelude::*;

use super::icons::{icon, indicator_path};
use crate::config::Config;
use crate::i18n::{fill, Text};
use crate::intl::Formats;

/// What the bar shows: its indicator, title and latest update, of the worst open
/// incident (the first among equals), else the first maintenance in progress (which also wins
/// over an open incident of no impact, Statuspage's informational ones); and the state of
/// everything counted (ids and latest updates), which a dismissal holds to.
pub(crate) fn shown(
    f: &Formats,
    feed: &Feed,
    components: &[String],
    now: DateTime<Utc>,
) -> Option<(Indicator, String, DateTime<Utc>, String)> {
    let counts = super::history::counts(feed, components);
    let mut state = String::new();
    let mut worst: Option<(Indicator, String, DateTime<Utc>)> = None;
    for i in feed
        .incidents
        .iter()
        .filter(|i| i.end.is_none() && counts(&i.components))
    {
        let at = i.updates.first().map_or(i.start, |u| u.at);
        state.push_str(&i.id);
        state.push_str(&at.timestamp().to_string());
        let indicator = Indicator::of_impact(i.impact);
        if worst.as_ref().is_none_or(|(w, ..)| indicator > *w) {
            worst = Some((indicator, i.title.clone(), at));
        }
    }
    let maintenance = feed.maintenance_now_and_next(&f.zone, now, 0).in_progress;
    for m in maintenance.into_iter().filter(|m| counts(&m.components)) {
        let at = m.updates.first().map_or(m.scheduled_for, |u| u.at);
        state.push_str(&m.id);
        state.push_str(&at.timestamp().to_string());
        if worst.as_ref().is_none_or(|(w, ..)| *w == Indicator::None) {
            worst = Some((Indicator::Maintenance, m.title.clone(), at));
        }
    }
    worst.map(|(indicator, title, at)| (indicator, title, at, state))
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// The bar, or nothing (nothing counted, or dismissed in this session with the same state).
pub fn alert(
    f: &Formats,
    feed: &Feed,
    config: &Config,
    now: DateTime<Utc>,
    link: Option<AttrValue>,
    dismissed: &super::Kept,
    rerender: Callback<()>,
) -> Html {
    let Some((indicator, title, at, state)) = shown(f, feed, &config.components, now) else {
        return Html::default();
    };
    let key = format!(
        "candor-banner {}",
        config.src.as_deref().unwrap_or_default()
    );
    // Dismissed in this session (`sessionStorage`), or, where that storage cannot be used (a
    // sandboxed frame, storage blocked), in this widget's life (kept by its root).
    let stored = storage().and_then(|s| s.get_item(&key).ok().flatten());
    if stored.as_deref() == Some(&state) || dismissed.borrow().contains(&state) {
        return Html::default();
    }
    let dismissed = dismissed.clone();
    let dismiss = Callback::from(move |_: MouseEvent| {
        if let Some(s) = storage() {
            let _ = s.set_item(&key, &state);
        }
        dismissed.borrow_mut().push(state.clone());
        rerender.emit(());
    });
    let lang = f.lang;
    // An open incident of no impact is not "All systems operational".
    let words = match indicator {
        Indicator::None => lang.impact(candor_core::Impact::None),
        other => lang.indicator(other),
    };
    let seconds_ago = (now - at).num_seconds().max(0) as f64;
    html! {
        <div class="alert" data-indicator={indicator.as_str()} part="banner" role="status">
            { icon(indicator_path(indicator)) }
            // Without a status page to link to, an `<a>` without `href`: text, not a link.
            <a class="alert-title" href={link} target="_blank" rel="noopener noreferrer">
                { title }
            </a>
            <span class="alert-impact">{ words }</span>
            <time class="alert-time" datetime={crate::format::iso_instant(at)}>
                { fill(lang.text(Text::Updated), &[&f.relative(seconds_ago)]) }
            </time>
            <button type="button" class="dismiss" aria-label={lang.text(Text::Dismiss)}
                onclick={dismiss}>{ "×" }</button>
        </div>
    }
}
