//! A row's day bars: one bar per day coloured by core's [`DayLevel`], each with its full
//! accessible name. The bars are one focus stop (roving tabindex): arrows, Home and End move
//! between days; the day focused or hovered is shown in a line under the bars.

use candor_core::feed::{Feed, FeedDay};
use candor_core::uptime::DayLevel;
use chrono::Datelike;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use super::Shared;
use crate::format;
use crate::i18n::{fill, Text};
use crate::intl::Formats;

/// A row's days, ready to draw: each day's level and accessible name.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RowDays {
    pub levels: Vec<DayLevel>,
    /// "22 Aug 2026: 99.31% uptime, 1 incident: Delayed webhooks"; a `\n` in a title is a space.
    pub labels: Vec<AttrValue>,
}

impl RowDays {
    pub fn len(&self) -> usize {
        self.levels.len()
    }

    pub fn is_empty(&self) -> bool {
        self.levels.is_empty()
    }

    /// The accessible name of day `i`.
    pub fn label(&self, i: usize) -> Option<&str> {
        self.labels.get(i).map(|l| l.as_str())
    }
}

/// The accessible names of the days of every row drawn at once. A page's rows share their
/// dates, and most days share an uptime: each date, uptime and incident count goes through
/// the browser's `Intl` once, not once per bar (1,800 bars were 5,000 calls into JS).
pub struct DayLabels<'a> {
    formats: &'a Formats,
    titles: Vec<(&'a str, &'a str)>,
    dates: Vec<(u64, String)>,
    uptimes: Vec<(u64, String)>,
    counts: Vec<(u64, String)>,
}

/// The text of `key` in `cache` (sorted by key), made by `make` the first time.
fn cached<'a>(cache: &'a mut Vec<(u64, String)>, key: u64, make: &dyn Fn() -> String) -> &'a str {
    let at = match cache.binary_search_by_key(&key, |(k, _)| *k) {
        Ok(at) => at,
        Err(at) => {
            cache.insert(at, (key, make()));
            at
        }
    };
    &cache[at].1
}

impl<'a> DayLabels<'a> {
    pub fn new(feed: &'a Feed, formats: &'a Formats) -> Self {
        DayLabels {
            formats,
            titles: feed
                .incidents
                .iter()
                .map(|i| (i.id.as_str(), i.title.as_str()))
                .collect(),
            dates: Vec::new(),
            uptimes: Vec::new(),
            counts: Vec::new(),
        }
    }

    /// Appends "22 Aug 2026: 99.31% uptime, 1 incident: Delayed webhooks" to `text`.
    pub fn label(&mut self, day: &FeedDay, text: &mut String) {
        let formats = self.formats;
        let lang = formats.lang;
        text.push_str(cached(
            &mut self.dates,
            day.date.num_days_from_ce() as u64,
            &|| formats.date(day.date),
        ));
        text.push_str(": ");
        match day.uptime_percent {
            Some(p) => {
                let key = format::display_percent(p).to_bits();
                text.push_str(cached(&mut self.uptimes, key, &|| {
                    fill(lang.text(Text::UptimeOf), &[&formats.percent(p)])
                }));
            }
            None => text.push_str(lang.text(Text::NoData)),
        }
        text.push_str(", ");
        let count = day.incident_ids.len();
        if count == 0 {
            text.push_str(lang.text(Text::NoIncidents));
            return;
        }
        text.push_str(cached(&mut self.counts, count as u64, &|| {
            formats.incidents(count)
        }));
        let titles = &self.titles;
        let named: Vec<String> = day
            .incident_ids
            .iter()
            .filter_map(|id| {
                titles
                    .iter()
                    .find(|(i, _)| i == id)
                    .map(|(_, t)| t.to_string())
            })
            .collect();
        match named.as_slice() {
            [] => {}
            // A list of one is its item (`Intl.ListFormat` returns it as it is).
            [one] => {
                text.push_str(": ");
                text.push_str(one);
            }
            more => {
                text.push_str(": ");
                text.push_str(&formats.list(more));
            }
        }
    }
}

/// The days of a row as bars, each named by `labels`.
pub fn day_bars(days: &[FeedDay], labels: &mut DayLabels) -> RowDays {
    let mut row = RowDays {
        levels: Vec::with_capacity(days.len()),
        labels: Vec::with_capacity(days.len()),
    };
    let mut text = String::with_capacity(96);
    for day in days {
        row.levels.push(DayLevel::of(day.uptime_percent));
        text.clear();
        labels.label(day, &mut text);
        // One line per name, as a screen reader reads it.
        if text.contains('\n') {
            text = text.replace('\n', " ");
        }
        row.labels.push(AttrValue::from(text.as_str()));
    }
    row
}

/// Where a key moves the active day, or `None` for keys the bars leave alone.
pub fn key_target(key: &str, current: usize, count: usize) -> Option<usize> {
    let last = count.checked_sub(1)?;
    match key {
        "ArrowLeft" | "ArrowUp" => Some(current.saturating_sub(1)),
        "ArrowRight" | "ArrowDown" => Some((current + 1).min(last)),
        "Home" => Some(0),
        "End" => Some(last),
        _ => None,
    }
}

/// A day's level as the stylesheet selects it (`[data-level=major]`).
pub fn level_name(level: DayLevel) -> &'static str {
    match level {
        DayLevel::NoData => "no-data",
        DayLevel::None => "none",
        DayLevel::Some => "some",
        DayLevel::Partial => "partial",
        DayLevel::Major => "major",
    }
}

#[derive(Properties, PartialEq)]
pub struct DayBarsProps {
    pub days: Shared<RowDays>,
    /// The row's accessible name: "API, last 90 days".
    pub label: AttrValue,
}

/// The place among the bars of the bar an event happened on.
fn bar_at(bars: &NodeRef, target: Option<web_sys::EventTarget>) -> Option<usize> {
    let bars = bars.cast::<Element>()?;
    let bar: Element = target?.dyn_into().ok()?;
    if bar.parent_element().as_ref() != Some(&bars) {
        return None;
    }
    let children = js_sys::Array::from(&bars.children());
    usize::try_from(children.index_of(&bar, 0)).ok()
}

/// The bars of a row and the line under them. The tab stop stays on its day (today until the
/// viewer moves), within the days shown; hovering moves neither it nor the focus.
#[function_component]
pub fn DayBars(props: &DayBarsProps) -> Html {
    let days = &props.days;
    let bars = use_node_ref();
    // The day that is the row's tab stop, once the viewer has moved; the day shown below.
    let stop = use_state_eq(|| None::<usize>);
    let shown = use_state_eq(|| None::<usize>);
    let last = days.len().saturating_sub(1);
    let stop_at = stop.map_or(last, |i| i.min(last));
    let onkeydown = {
        let bars = bars.clone();
        Callback::from(move |e: KeyboardEvent| {
            let count = bars
                .cast::<Element>()
                .map_or(0, |b| b.child_element_count());
            let Some(next) =
                bar_at(&bars, e.target()).and_then(|i| key_target(&e.key(), i, count as usize))
            else {
                return;
            };
            e.prevent_default();
            let next = bars
                .cast::<Element>()
                .and_then(|b| b.children().item(next as u32));
            if let Some(next) = next.and_then(|n| n.dyn_into::<HtmlElement>().ok()) {
                let _ = next.focus();
            }
        })
    };
    let onfocusin = {
        let (bars, stop, shown) = (bars.clone(), stop.clone(), shown.clone());
        Callback::from(move |e: FocusEvent| {
            if let Some(i) = bar_at(&bars, e.target()) {
                stop.set(Some(i));
                shown.set(Some(i));
            }
        })
    };
    let onfocusout = {
        let shown = shown.clone();
        Callback::from(move |_: FocusEvent| shown.set(None))
    };
    let onmouseover = {
        let (bars, shown) = (bars.clone(), shown.clone());
        Callback::from(move |e: MouseEvent| {
            if let Some(i) = bar_at(&bars, e.target()) {
                shown.set(Some(i));
            }
        })
    };
    // Leaving the bars, not a bar for the gap beside it, empties the line.
    let onmouseout = {
        let (bars, shown) = (bars.clone(), shown.clone());
        Callback::from(move |e: MouseEvent| {
            let to = e
                .related_target()
                .and_then(|t| t.dyn_into::<web_sys::Node>().ok());
            let within = bars
                .cast::<Element>()
                .is_some_and(|b| b.contains(to.as_ref()));
            if !within {
                shown.set(None);
            }
        })
    };
    let detail = shown.and_then(|i| days.labels.get(i).cloned());
    html! {
        <>
            <div class="bars" part="bars" role="group" aria-label={props.label.clone()} ref={bars}
                {onkeydown} {onfocusin} {onfocusout} {onmouseover} {onmouseout}>
                { for days.levels.iter().zip(&days.labels).enumerate().map(|(i, (level, label))| html! {
                    <span class="bar" data-level={level_name(*level)} part="bar" role="img"
                        tabindex={if i == stop_at { "0" } else { "-1" }} aria-label={label.clone()} />
                }) }
            </div>
            <p class="day-detail" aria-hidden="true">{ detail }</p>
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_move_within_the_row() {
        assert_eq!(key_target("ArrowLeft", 5, 10), Some(4));
        assert_eq!(key_target("ArrowLeft", 0, 10), Some(0));
        assert_eq!(key_target("ArrowRight", 9, 10), Some(9));
        assert_eq!(key_target("ArrowDown", 3, 10), Some(4));
        assert_eq!(key_target("Home", 5, 10), Some(0));
        assert_eq!(key_target("End", 0, 10), Some(9));
        assert_eq!(key_target("Tab", 5, 10), None);
        assert_eq!(key_target("End", 0, 0), None);
    }

    #[test]
    fn levels_follow_core() {
        let levels: Vec<_> = [None, Some(100.0), Some(99.31), Some(96.0), Some(12.0)]
            .into_iter()
            .map(|p| level_name(DayLevel::of(p)))
            .collect();
        assert_eq!(levels, ["no-data", "none", "some", "partial", "major"]);
    }
}
