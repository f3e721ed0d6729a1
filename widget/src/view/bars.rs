//! A row's day bars: one bar per day coloured by core's [`DayLevel`], each with its full
//! accessible name. The bars are one focus stop (roving tabindex): arrows, Home and End move
//! between days; the day focused or hovered is shown in a line under the bars.

use std::cell::RefCell;
use std::rc::Rc;

use candor_core::feed::{Feed, FeedDay};
use candor_core::uptime::DayLevel;
use chrono::Datelike;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use super::Shared;
use crate::format;
use crate::i18n::{fill, Text};
use crate::intl::Formats;

/// A row's days, ready to draw: each day's level, and the days themselves, whose accessible
/// names [`draw`] makes with the rows' shared [`DayLabels`]: in the bars' effect, not in the
/// render (on a visitor's first load the 1,800 names were 20 ms of the render, which Yew's
/// scheduler cannot interrupt, where its effects yield to the browser every 16 ms).
pub struct RowDays {
    pub levels: Vec<DayLevel>,
    days: Vec<FeedDay>,
    labels: Rc<RefCell<DayLabels>>,
}

impl RowDays {
    pub fn len(&self) -> usize {
        self.levels.len()
    }

    pub fn is_empty(&self) -> bool {
        self.levels.is_empty()
    }

    /// The accessible names of the days, joined by `\n`, which [`draw`] hands to the browser
    /// in one piece and splits there: one string decoded per row instead of one per bar.
    fn names(&self) -> String {
        let mut labels = self.labels.borrow_mut();
        let mut names = String::with_capacity(self.days.len() * 64);
        let mut text = String::with_capacity(96);
        for (i, day) in self.days.iter().enumerate() {
            text.clear();
            labels.label(day, &mut text);
            if i > 0 {
                names.push('\n');
            }
            // One line per name, as a screen reader reads it (and `\n` parts the names).
            for c in text.chars() {
                names.push(if c == '\n' { ' ' } else { c });
            }
        }
        names
    }
}

/// The accessible names of the days of every row drawn at once. A page's rows share their
/// dates, and most days share an uptime: each date, uptime and incident count goes through
/// the browser's `Intl` once, not once per bar (1,800 bars were 5,000 calls into JS).
pub struct DayLabels {
    feed: Shared<Feed>,
    formats: Shared<Formats>,
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

impl DayLabels {
    pub fn new(feed: Shared<Feed>, formats: Shared<Formats>) -> Rc<RefCell<DayLabels>> {
        Rc::new(RefCell::new(DayLabels {
            feed,
            formats,
            dates: Vec::new(),
            uptimes: Vec::new(),
            counts: Vec::new(),
        }))
    }

    /// Appends "22 Aug 2026: 99.31% uptime, 1 incident: Delayed webhooks" to `text`.
    pub fn label(&mut self, day: &FeedDay, text: &mut String) {
        let formats = &*self.formats;
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
        let incidents = &self.feed.incidents;
        let named: Vec<String> = (day.incident_ids.iter())
            .filter_map(|id| {
                incidents
                    .iter()
                    .find(|i| i.id == *id)
                    .map(|i| i.title.clone())
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

/// The days of a row as bars, to be named by `labels`.
pub fn day_bars(days: &[FeedDay], labels: &Rc<RefCell<DayLabels>>) -> RowDays {
    RowDays {
        levels: days
            .iter()
            .map(|d| DayLevel::of(d.uptime_percent))
            .collect(),
        days: days.to_vec(),
        labels: Rc::clone(labels),
    }
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

/// The bar an event happened on, the row's `.bars` and the bar's place among them.
fn bar_at(
    bars: &NodeRef,
    target: Option<web_sys::EventTarget>,
) -> Option<(Element, Element, usize)> {
    let bars = bars.cast::<Element>()?;
    let bar: Element = target?.dyn_into().ok()?;
    if bar.parent_element().as_ref() != Some(&bars) {
        return None;
    }
    let children = js_sys::Array::from(&bars.children());
    let i = usize::try_from(children.index_of(&bar, 0)).ok()?;
    Some((bars, bar, i))
}

/// The bars of a row and the line under them. The tab stop stays on its day (today until the
/// viewer moves), within the days shown; hovering moves neither it nor the focus.
///
/// The one escape hatch from Yew's virtual DOM in the widget: the `.bars` element and the line
/// under it are Yew's, the bars in it and the line's text are drawn by hand ([`draw`], [`show`]).
/// Measured with `cargo xtask bench-widget` (20 components x 90 days, 50 incidents; the figures
/// in BENCHMARKS.md, "The views as Yew components"): with every bar a Yew node the median render
/// was 72 ms; with the bars drawn here, 51 ms, the same feed and load. A bar through Yew is a
/// virtual node, an attribute diff and five attributes, each name decoded into JS on its own;
/// here a new bar is a copy of a template, the names one string per row. The tab stop lives in
/// the DOM (`tabindex`) and so does the line's text, so moving over the bars renders nothing.
#[function_component]
pub fn DayBars(props: &DayBarsProps) -> Html {
    let bars = use_node_ref();
    {
        let bars = bars.clone();
        use_effect_with(props.days.clone(), move |days| {
            if let Some(bars) = bars.cast::<Element>() {
                draw(&bars, days);
                // The line follows the day it shows into the new data.
                let shown = bars.query_selector(".bar:focus, .bar:hover").ok().flatten();
                show(
                    &bars,
                    shown
                        .and_then(|bar| bar.get_attribute("aria-label"))
                        .as_deref(),
                );
            }
        });
    }
    let onkeydown = {
        let bars = bars.clone();
        Callback::from(move |e: KeyboardEvent| {
            let Some((row, _, i)) = bar_at(&bars, e.target()) else {
                return;
            };
            let count = row.child_element_count() as usize;
            let Some(next) = key_target(&e.key(), i, count) else {
                return;
            };
            e.prevent_default();
            let next = row.children().item(next as u32);
            if let Some(next) = next.and_then(|n| n.dyn_into::<HtmlElement>().ok()) {
                let _ = next.focus();
            }
        })
    };
    // Focus makes a day the row's tab stop; focus and hover show it in the line.
    let onfocusin = {
        let bars = bars.clone();
        Callback::from(move |e: FocusEvent| {
            if let Some((row, bar, _)) = bar_at(&bars, e.target()) {
                if let Ok(Some(old)) = row.query_selector("[tabindex='0']") {
                    let _ = old.set_attribute("tabindex", "-1");
                }
                let _ = bar.set_attribute("tabindex", "0");
                show(&row, bar.get_attribute("aria-label").as_deref());
            }
        })
    };
    let onfocusout = {
        let bars = bars.clone();
        Callback::from(move |_: FocusEvent| {
            if let Some(row) = bars.cast::<Element>() {
                show(&row, None);
            }
        })
    };
    let onmouseover = {
        let bars = bars.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some((row, bar, _)) = bar_at(&bars, e.target()) {
                show(&row, bar.get_attribute("aria-label").as_deref());
            }
        })
    };
    // Leaving the bars, not a bar for the gap beside it, empties the line.
    let onmouseout = {
        let bars = bars.clone();
        Callback::from(move |e: MouseEvent| {
            let to = e
                .related_target()
                .and_then(|t| t.dyn_into::<web_sys::Node>().ok());
            if let Some(row) = bars.cast::<Element>() {
                if !row.contains(to.as_ref()) {
                    show(&row, None);
                }
            }
        })
    };
    html! {
        <>
            <div class="bars" part="bars" role="group" aria-label={props.label.clone()} ref={bars}
                {onkeydown} {onfocusin} {onfocusout} {onmouseover} {onmouseout} />
            <p class="day-detail" aria-hidden="true" />
        </>
    }
}

/// Shows `text` in the line under `bars` (none: empties it).
fn show(bars: &Element, text: Option<&str>) {
    if let Some(detail) = bars.next_element_sibling() {
        detail.set_text_content(text);
    }
}

#[wasm_bindgen]
extern "C" {
    /// An element, for `setAttribute` with values that are JS strings already.
    type Bar;
    #[wasm_bindgen(method, js_name = setAttribute)]
    fn set(this: &Bar, name: &JsValue, value: &JsValue);
}

/// Draws the bars into `bars` (a row's `.bars`, which Yew leaves without children): a
/// `<span>` per day with its level and its accessible name, one of them the row's tab stop.
/// A new bar is a copy of its level's template (class, part, role, level and tab stop set
/// once per row, not per bar); the names cross into JS as one string, split there. New data
/// updates the bars already there, so a focused bar keeps the focus. Values are attribute
/// values: text from the feed stays text.
fn draw(bars: &Element, days: &RowDays) {
    let Some(document) = bars.owner_document() else {
        return;
    };
    let labels = js_sys::JsString::from(days.names().as_str()).split("\n");
    let (name, level, stop) = (
        JsValue::from_str("aria-label"),
        JsValue::from_str("data-level"),
        JsValue::from_str("tabindex"),
    );
    let existing = bars.child_element_count() as usize;
    let last = days.len().saturating_sub(1);
    // The tab stop stays on its day (today until the viewer moves), within the days shown.
    let drawn = bars.children();
    let at = (0..existing).find(|&i| {
        drawn
            .item(i as u32)
            .is_some_and(|b| b.get_attribute("tabindex").as_deref() == Some("0"))
    });
    let at = at.map_or(last, |i| i.min(last));
    let mut templates: [Option<Element>; 5] = Default::default();
    for (i, day) in days.levels.iter().enumerate() {
        let bar = if i < existing {
            let Some(bar) = drawn.item(i as u32) else {
                return;
            };
            let bar: Bar = bar.unchecked_into();
            bar.set(&level, &JsValue::from_str(level_name(*day)));
            bar.set(&stop, &JsValue::from_str(if i == at { "0" } else { "-1" }));
            bar
        } else {
            let template = &mut templates[*day as usize];
            if template.is_none() {
                let Ok(new) = document.create_element("span") else {
                    return;
                };
                new.set_class_name("bar");
                for (k, v) in [
                    ("data-level", level_name(*day)),
                    ("part", "bar"),
                    ("role", "img"),
                    ("tabindex", "-1"),
                ] {
                    let _ = new.set_attribute(k, v);
                }
                *template = Some(new);
            }
            let Some(Ok(bar)) = template.as_ref().map(|t| t.clone_node()) else {
                return;
            };
            if bars.append_child(&bar).is_err() {
                return;
            }
            let bar: Bar = bar.unchecked_into();
            if i == at {
                bar.set(&stop, &JsValue::from_str("0"));
            }
            bar
        };
        bar.set(&name, &labels.get(i as u32));
    }
    for _ in days.len()..existing {
        if let Some(extra) = bars.last_element_child() {
            extra.remove();
        }
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
