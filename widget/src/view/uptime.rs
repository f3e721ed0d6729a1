//! A row per component: name, current status, one bar per day coloured by core's
//! [`DayLevel`], the period's uptime. The bars are one focus stop (roving tabindex): arrows,
//! Home and End move between days, and each day has a full accessible name.

use std::rc::Rc;

use candor_core::feed::{Feed, FeedComponent, FeedDay};
use candor_core::uptime::DayLevel;
use chrono::Datelike;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::dom::Dom;
use super::icons;
use crate::app::ViewContext;
use crate::format;
use crate::i18n::{fill, Text};
use crate::intl::Formats;

/// A row's days, ready to draw: each day's level, date and accessible name. The dates and the
/// names are each one string, the days' values joined by `\n`, which the drawing hands to the
/// browser in one piece and splits there: one string decoded per row instead of two per bar.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RowDays {
    pub levels: Vec<DayLevel>,
    /// "2026-08-22", as `data-date` takes a date.
    dates: String,
    /// "22 Aug 2026: 99.31% uptime, 1 incident: Delayed webhooks"; a `\n` in a title is a space.
    labels: String,
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
        self.labels.split('\n').nth(i).filter(|_| i < self.len())
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

/// The text of `key` in `cache`, made by `make` the first time.
fn cached<'a>(cache: &'a mut Vec<(u64, String)>, key: u64, make: &dyn Fn() -> String) -> &'a str {
    let at = match cache.iter().position(|(k, _)| *k == key) {
        Some(at) => at,
        None => {
            cache.push((key, make()));
            cache.len() - 1
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
        dates: String::with_capacity(days.len() * 11),
        labels: String::with_capacity(days.len() * 64),
    };
    for (i, day) in days.iter().enumerate() {
        if i > 0 {
            row.dates.push('\n');
            row.labels.push('\n');
        }
        row.levels.push(DayLevel::of(day.uptime_percent));
        format::push_iso_date(&mut row.dates, day.date);
        let start = row.labels.len();
        labels.label(day, &mut row.labels);
        // A line break in a title would split the names apart: it reads as a space.
        if row.labels[start..].contains('\n') {
            let label = row.labels.split_off(start).replace('\n', " ");
            row.labels.push_str(&label);
        }
    }
    row
}

/// The whole page as one row: each day shows its worst component (the lowest uptime; a day
/// without data anywhere has no data), and lists every incident of the day once.
pub fn worst_days(components: &[&FeedComponent]) -> Vec<FeedDay> {
    let mut by_date: Vec<FeedDay> = Vec::new();
    for component in components {
        for day in &component.days {
            match by_date.iter_mut().find(|d| d.date == day.date) {
                None => by_date.push(day.clone()),
                Some(worst) => {
                    let lower = match (day.uptime_percent, worst.uptime_percent) {
                        (Some(a), Some(b)) => a < b,
                        (Some(_), None) => true,
                        (None, _) => false,
                    };
                    if lower {
                        worst.uptime_percent = day.uptime_percent;
                        worst.downtime_minutes = day.downtime_minutes;
                    }
                    for id in &day.incident_ids {
                        if !worst.incident_ids.contains(id) {
                            worst.incident_ids.push(id.clone());
                        }
                    }
                }
            }
        }
    }
    candor_core::order::sort_by_key(&mut by_date, |d| d.date);
    by_date
}

fn shown<'a>(feed: &'a Feed, ctx: &ViewContext) -> Vec<&'a FeedComponent> {
    feed.components
        .iter()
        .filter(|c| ctx.config.shows_component(&c.id, &c.name))
        .collect()
}

fn days_shown(ctx: &ViewContext) -> usize {
    format::shown_days(ctx.config.days, ctx.width) as usize
}

fn last(days: &[FeedDay], n: usize) -> &[FeedDay] {
    &days[days.len().saturating_sub(n)..]
}

fn axis(ctx: &ViewContext, n: usize, middle: Html) -> Html {
    html! {
        <div class="axis" aria-hidden="true">
            <span>{ ctx.formats.relative(86400.0 * (n.max(1) - 1) as f64) }</span>
            { middle }
            <span>{ ctx.formats.lang.text(Text::Today) }</span>
        </div>
    }
}

pub fn component_rows(feed: &Feed, ctx: &ViewContext) -> Html {
    crate::perf::debug_mark("d:rows");
    let lang = ctx.formats.lang;
    let n = days_shown(ctx);
    let mut labels = DayLabels::new(feed, &ctx.formats);
    let components = shown(feed, ctx);
    let mut group: Option<&str> = None;
    let rows = components.into_iter().map(|c| {
        let heading = (c.group.is_some() && c.group.as_deref() != group).then(|| {
            group = c.group.as_deref();
            html! { <h3 class="group">{ c.group.clone().unwrap_or_default() }</h3> }
        });
        let days = last(&c.days, n);
        let bars = Rc::new(crate::perf::debug_time("r:labels", || {
            day_bars(days, &mut labels)
        }));
        let uptime = c
            .uptime_over_last(n)
            .map(|p| fill(lang.text(Text::UptimeOf), &[&ctx.formats.percent(p)]))
            .unwrap_or_else(|| lang.text(Text::NoData).to_string());
        let label = fill(
            lang.text(Text::RowLabel),
            &[&c.name, &days.len().to_string()],
        );
        html! {
            <>
                { for heading }
                <div class="component" part="component">
                    <div class="component-head">
                        <span class="component-name">{ c.name.clone() }</span>
                        <span class="component-status" data-status={c.status.as_str()}>
                            { icons::component(c.status) }{ lang.component_status(c.status) }
                        </span>
                    </div>
                    <Bars label={label} days={bars} />
                    { axis(ctx, days.len(), html! { <span class="uptime">{ uptime }</span> }) }
                </div>
            </>
        }
    });
    html! {
        <section class="components" aria-label={fill(lang.text(Text::UptimeHeading), &[&n.to_string()])}>
            { for rows }
        </section>
    }
}

/// The compact view's single row for the whole page.
pub fn page_row(feed: &Feed, ctx: &ViewContext) -> Html {
    let lang = ctx.formats.lang;
    let n = days_shown(ctx);
    let days = worst_days(&shown(feed, ctx));
    let days = last(&days, n);
    let bars = Rc::new(day_bars(days, &mut DayLabels::new(feed, &ctx.formats)));
    let label = fill(
        lang.text(Text::RowLabel),
        &[lang.text(Text::AllComponents), &days.len().to_string()],
    );
    html! {
        <div class="component page-row" part="component">
            <Bars label={label} days={bars} />
            { axis(ctx, days.len(), Html::default()) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct BarsProps {
    pub label: AttrValue,
    pub days: Rc<RowDays>,
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

/// A bar's classes: "bar" and its level.
fn bar_class(level: DayLevel) -> &'static str {
    match level {
        DayLevel::NoData => "bar level-no-data",
        DayLevel::None => "bar level-none",
        DayLevel::Some => "bar level-some",
        DayLevel::Partial => "bar level-partial",
        DayLevel::Major => "bar level-major",
    }
}

/// Draws the bars into `container` (the row's `<span class="days">`): a `<span>` per day with
/// its level, its accessible name and its date, the active day (today until the viewer moves)
/// the row's one tab stop. The bars are plain elements, not Yew nodes: 1,800 of them through
/// Yew's virtual DOM cost a virtual node, a namespace lookup and an attribute diff each, and the
/// row drew all its bars again on every hover. A new bar is a clone of its level's template
/// (class, part, role and tab stop set once per row, not per bar); the names and dates cross
/// into JS as one string each and are split there. New data updates the bars already there (a
/// focused bar keeps the focus). Values are set as attributes: text from the feed stays text.
fn draw(container: &web_sys::Element, days: &RowDays, active: usize) {
    let dom = Dom::new();
    let labels = js_sys::JsString::from(days.labels.as_str()).split("\n");
    let dates = js_sys::JsString::from(days.dates.as_str()).split("\n");
    let mut templates: [Option<web_sys::Element>; 5] = Default::default();
    let existing = container.child_element_count() as usize;
    let bars = container.children();
    for (i, level) in days.levels.iter().enumerate() {
        let bar = if i < existing {
            let Some(bar) = bars.item(i as u32) else {
                return;
            };
            bar.set_class_name(bar_class(*level));
            bar
        } else {
            let template = templates[*level as usize].get_or_insert_with(|| {
                let template = dom.element("span", bar_class(*level));
                dom.set_literal(&template, "part", "bar");
                dom.set_literal(&template, "role", "img");
                dom.set_literal(&template, "tabindex", "-1");
                template
            });
            let Ok(bar) = template.clone_node() else {
                return;
            };
            let bar: web_sys::Element = bar.unchecked_into();
            let _ = container.append_child(&bar);
            bar
        };
        if i < existing || i == active {
            dom.set_literal(&bar, "tabindex", if i == active { "0" } else { "-1" });
        }
        dom.set_js(&bar, "aria-label", &labels.get(i as u32));
        dom.set_js(&bar, "data-date", &dates.get(i as u32));
    }
    for _ in days.len()..existing {
        if let Some(extra) = container.last_element_child() {
            extra.remove();
        }
    }
}

/// The index of the bar an event inside the row happened on: the target's place among the
/// bars.
fn bar_index(days: &web_sys::Element, target: Option<web_sys::EventTarget>) -> Option<usize> {
    let target: wasm_bindgen::JsValue = target?.into();
    let bars = js_sys::Array::from(&days.children());
    usize::try_from(bars.index_of(&target, 0)).ok()
}

/// The bars' element and the days drawn in it.
type Drawn = Option<(Rc<RowDays>, web_sys::Element)>;

/// The row's bars. Its listeners are on the row, not on each bar (1,800 bars had 3,600
/// listeners): hover and focus read the bar from the event's target. The bars are drawn
/// while the row renders, into an element Yew inserts as it is (see [`draw`]).
#[component]
pub fn Bars(props: &BarsProps) -> Html {
    crate::perf::debug_mark("d:bars");
    let count = props.days.len();
    // The day that holds the row's single tab stop: today until the viewer moves.
    let active = use_state_eq(|| count.saturating_sub(1));
    // The day whose details show under the bars (hovered or focused).
    let shown = use_state_eq(|| None::<usize>);
    let drawn = use_mut_ref(|| None as Drawn);
    let move_focus = use_mut_ref(|| false);
    // The bar that holds the tab stop in the DOM now.
    let stop = use_mut_ref(|| None::<usize>);
    let active_index = (*active).min(count.saturating_sub(1));

    let days_element = {
        let mut drawn = drawn.borrow_mut();
        match &*drawn {
            Some((days, element)) if **days == *props.days => Some(element.clone()),
            previous => {
                let document = gloo::utils::document();
                let element = previous
                    .as_ref()
                    .map(|(_, e)| e.clone())
                    .or_else(|| document.create_element("span").ok());
                if let Some(element) = &element {
                    element.set_class_name("days");
                    crate::perf::debug_time("b:draw", || draw(element, &props.days, active_index));
                    *stop.borrow_mut() = Some(active_index);
                    *drawn = Some((props.days.clone(), element.clone()));
                }
                element
            }
        }
    };

    {
        let drawn = drawn.clone();
        let move_focus = move_focus.clone();
        use_effect_with(active_index, move |index| {
            let Some(bars) = drawn.borrow().as_ref().map(|(_, e)| e.children()) else {
                return;
            };
            let previous = stop.borrow_mut().replace(*index);
            if let Some(old) = previous
                .filter(|p| p != index)
                .and_then(|p| bars.item(p as u32))
            {
                let _ = old.set_attribute("tabindex", "-1");
            }
            let Some(bar) = bars.item(*index as u32) else {
                return;
            };
            let _ = bar.set_attribute("tabindex", "0");
            if std::mem::take(&mut *move_focus.borrow_mut()) {
                if let Ok(bar) = bar.dyn_into::<web_sys::HtmlElement>() {
                    let _ = bar.focus();
                }
            }
        });
    }

    crate::perf::debug_mark("d:bars-drawn");
    let onkeydown = {
        let active = active.clone();
        let shown = shown.clone();
        Callback::from(move |e: KeyboardEvent| {
            if let Some(target) = key_target(&e.key(), active_index, count) {
                e.prevent_default();
                *move_focus.borrow_mut() = true;
                active.set(target);
                shown.set(Some(target));
            }
        })
    };
    let onmouseover = {
        let shown = shown.clone();
        let days = days_element.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(i) = days.as_ref().and_then(|d| bar_index(d, e.target())) {
                shown.set(Some(i));
            }
        })
    };
    let onfocusin = {
        let shown = shown.clone();
        let days = days_element.clone();
        Callback::from(move |e: FocusEvent| {
            if let Some(i) = days.as_ref().and_then(|d| bar_index(d, e.target())) {
                active.set(i);
                shown.set(Some(i));
            }
        })
    };
    let hide_on_leave = {
        let shown = shown.clone();
        Callback::from(move |_: MouseEvent| shown.set(None))
    };
    let hide_on_blur = {
        let shown = shown.clone();
        Callback::from(move |_: FocusEvent| shown.set(None))
    };
    let detail = (*shown)
        .and_then(|i| props.days.label(i))
        .map(|label| AttrValue::from(label.to_string()));

    html! {
        <>
            <div class="bars" part="bars" role="group" aria-label={props.label.clone()}
                onkeydown={onkeydown} onmouseover={onmouseover} onfocusin={onfocusin}
                onmouseleave={hide_on_leave} onfocusout={hide_on_blur}>
                { for days_element.map(|e| Html::VRef(e.into())) }
            </div>
            <p class="day-detail" aria-hidden="true">{ detail.unwrap_or_default() }</p>
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(date: &str, p: Option<f64>, ids: &[&str]) -> FeedDay {
        FeedDay {
            date: date.parse().expect("test date"),
            downtime_minutes: 0.0,
            uptime_percent: p,
            incident_ids: ids.iter().map(|s| s.to_string()).collect(),
        }
    }

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
    fn the_page_row_shows_each_days_worst_component() {
        let api = FeedComponent {
            id: "api".into(),
            name: "API".into(),
            group: None,
            status: Default::default(),
            uptime_percent: None,
            days: vec![
                day("2026-08-21", Some(100.0), &[]),
                day("2026-08-22", Some(99.5), &["a"]),
            ],
        };
        let web = FeedComponent {
            id: "web".into(),
            days: vec![
                day("2026-08-21", None, &[]),
                day("2026-08-22", Some(97.0), &["a", "b"]),
            ],
            ..api.clone()
        };
        let days = worst_days(&[&api, &web]);
        assert_eq!(days[0].uptime_percent, Some(100.0));
        assert_eq!(days[1].uptime_percent, Some(97.0));
        assert_eq!(days[1].incident_ids, ["a", "b"]);
        assert_eq!(DayLevel::of(days[1].uptime_percent), DayLevel::Partial);
    }

    #[test]
    fn colour_buckets_follow_core() {
        let classes: Vec<_> = [None, Some(100.0), Some(99.31), Some(96.0), Some(12.0)]
            .into_iter()
            .map(|p| bar_class(DayLevel::of(p)))
            .collect();
        assert_eq!(
            classes,
            [
                "bar level-no-data",
                "bar level-none",
                "bar level-some",
                "bar level-partial",
                "bar level-major"
            ]
        );
    }
}
