//! The banner view (`view="banner"`), like Statuspage's status embed: nothing at all while no
//! incident is open and no maintenance is in progress; while one is, a one-line bar with its
//! title (a link to the status page), its impact and when it was last updated, which the
//! viewer can dismiss for the session (a button: the keyboard reaches it) until what it
//! counts changes: another incident, a new update. The `components` attribute filters which
//! incidents and maintenances count.
//!
//! A function of the root's render, not a component: what it keeps is the session's, in
//! `sessionStorage` (the dismissed state of each `src`).

use candor_core::feed::Feed;
use candor_core::Indicator;
use chrono::{DateTime, Utc};
use yew::prelude::*;

use super::active::impact_indicator;
use super::icons::{icon, indicator_path};
use crate::config::{shows_component, Config};
use crate::i18n::{fill, Text};
use crate::intl::Formats;

/// What the bar shows: its id, indicator, title and latest update, of the worst open incident
/// (the most recent among equals), else the first maintenance in progress; and the state of
/// everything counted (ids and latest updates), which a dismissal holds to.
pub fn shown(
    f: &Formats,
    feed: &Feed,
    components: &[String],
    now: DateTime<Utc>,
) -> Option<(Indicator, String, DateTime<Utc>, String)> {
    let counts = |ids: &[String]| {
        components.is_empty()
            || (feed.components.iter())
                .any(|c| ids.contains(&c.id) && shows_component(components, &c.id, &c.name))
    };
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
        let indicator = impact_indicator(i.impact);
        if worst.as_ref().is_none_or(|(w, ..)| indicator > *w) {
            worst = Some((indicator, i.title.clone(), at));
        }
    }
    let maintenance = feed.maintenance_now_and_next(&f.zone, now, 0).in_progress;
    for m in maintenance.into_iter().filter(|m| counts(&m.components)) {
        let at = m.updates.first().map_or(m.scheduled_for, |u| u.at);
        state.push_str(&m.id);
        state.push_str(&at.timestamp().to_string());
        if worst.is_none() {
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
    rerender: Callback<()>,
) -> Html {
    let Some((indicator, title, at, state)) = shown(f, feed, &config.components, now) else {
        return Html::default();
    };
    let key = format!(
        "candor-banner {}",
        config.src.as_deref().unwrap_or_default()
    );
    let storage = storage();
    if let Some(s) = &storage {
        if s.get_item(&key).ok().flatten().as_deref() == Some(&state) {
            return Html::default();
        }
    }
    let dismiss = Callback::from(move |_: MouseEvent| {
        if let Some(s) = &storage {
            let _ = s.set_item(&key, &state);
        }
        rerender.emit(());
    });
    let lang = f.lang;
    let seconds_ago = (now - at).num_seconds().max(0) as f64;
    html! {
        <div class="alert" data-indicator={indicator.as_str()} part="banner" role="status">
            { icon(indicator_path(indicator)) }
            // Without a status page to link to, an `<a>` without `href`: text, not a link.
            <a class="alert-title" href={link} target="_blank" rel="noopener noreferrer">
                { title }
            </a>
            <span class="alert-impact">{ lang.indicator(indicator) }</span>
            <time class="alert-time" datetime={crate::format::iso_instant(at)}>
                { fill(lang.text(Text::Updated), &[&f.relative(seconds_ago)]) }
            </time>
            <button type="button" class="dismiss" aria-label={lang.text(Text::Dismiss)}
                onclick={dismiss}>{ "×" }</button>
        </div>
    }
}
