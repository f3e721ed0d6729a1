//! A row per component: name, current status, one bar per day coloured by core's
//! [`DayLevel`], the period's uptime. The bars are one focus stop (roving tabindex): arrows,
//! Home and End move between days, and each day has a full accessible name.

use std::rc::Rc;

use candor_core::feed::{Feed, FeedComponent, FeedDay};
use candor_core::uptime::DayLevel;
use chrono::Datelike;
use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, EventTarget, HtmlElement, KeyboardEvent, MouseEvent};
use yew::Html;

use super::dom::{self, Dom};
use super::icons;
use crate::app::ViewContext;
use crate::config::{Config, View};
use crate::format;
use crate::i18n::{fill, Text};
use crate::intl::Formats;

/// A row's days, ready to draw: each day's level and accessible name. The names are one
/// string, joined by `\n`, which the drawing hands to the browser in one piece and splits
/// there: one string decoded per row instead of one per bar.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RowDays {
    pub levels: Vec<DayLevel>,
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
        labels: String::with_capacity(days.len() * 64),
    };
    for (i, day) in days.iter().enumerate() {
        if i > 0 {
            row.labels.push('\n');
        }
        row.levels.push(DayLevel::of(day.uptime_percent));
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

fn shown<'a>(feed: &'a Feed, config: &Config) -> Vec<&'a FeedComponent> {
    feed.components
        .iter()
        .filter(|c| config.shows_component(&c.id, &c.name))
        .collect()
}

fn last(days: &[FeedDay], n: usize) -> &[FeedDay] {
    &days[days.len().saturating_sub(n)..]
}

/// One drawn row: the elements its data fills.
struct Row {
    /// The component's id and group: while the rows' ids and groups stay the same, new data
    /// is drawn into the rows already there (a focused bar keeps the focus).
    key: (String, Option<String>),
    /// The name and the status, which the page's row has not.
    head: Option<(Element, Element)>,
    bars: Element,
    uptime: Option<Element>,
    axis: (Element, Element),
}

/// What the rows show: the feed, the language and zone, the components shown, the number of
/// days. The rows are drawn again when it changes, not on every tick of the widget's clock.
struct Shown {
    feed: Rc<Feed>,
    formats: Rc<Formats>,
    components: Vec<String>,
    days: usize,
}

/// The uptime rows as plain DOM (see [`dom`]): in the full view a row per component shown
/// (name, status, a bar per day, the period's uptime), in the compact view one row for the
/// whole page. Each day's bar is a `<span>` with its level and its full accessible name; the
/// bars of a row are one tab stop (roving tabindex), moved by the arrow keys, Home and End.
/// One set of listeners on the rows' element serves every bar (1,800 bars had 3,600 Yew
/// listeners, then 20 rows five each); what they change (the tab stop, the day's detail line)
/// lives in the DOM, so hovering or moving between days renders nothing.
#[derive(Default)]
pub struct Uptime {
    /// The rows' element (the compact view's: its page row), whether it is the page row, and
    /// its listeners.
    root: Option<(Element, bool, Vec<EventListener>)>,
    rows: Vec<Row>,
    shown: Option<Shown>,
}

impl Uptime {
    pub fn view(&mut self, feed: &Rc<Feed>, ctx: &ViewContext) -> Html {
        let compact = ctx.config.view == View::Compact;
        let days = format::shown_days(ctx.config.days, ctx.width) as usize;
        if self.root.as_ref().map(|r| r.1) != Some(compact) {
            self.root = Some(new_root(compact));
            self.rows.clear();
            self.shown = None;
        }
        let Some((root, ..)) = &self.root else {
            return Html::default();
        };
        let unchanged = self.shown.as_ref().is_some_and(|s| {
            Rc::ptr_eq(&s.feed, feed)
                && Rc::ptr_eq(&s.formats, &ctx.formats)
                && s.components == ctx.config.components
                && s.days == days
        });
        if !unchanged {
            draw_rows(root, &mut self.rows, feed, ctx, days, compact);
            self.shown = Some(Shown {
                feed: Rc::clone(feed),
                formats: Rc::clone(&ctx.formats),
                components: ctx.config.components.clone(),
                days,
            });
        }
        Html::VRef(root.clone().into())
    }
}

/// The rows' element and its listeners.
fn new_root(compact: bool) -> (Element, bool, Vec<EventListener>) {
    let dom = Dom::new();
    let root = if compact {
        let row = dom.element("div", "component page-row");
        dom.set_literal(&row, "part", "component");
        row
    } else {
        dom.element("section", "components")
    };
    let listeners = ["keydown", "focusin", "focusout", "mouseover", "mouseout"]
        .into_iter()
        .map(|kind| EventListener::new(&root, kind, on_event))
        .collect();
    (root, compact, listeners)
}

fn draw_rows(
    root: &Element,
    rows: &mut Vec<Row>,
    feed: &Feed,
    ctx: &ViewContext,
    n: usize,
    compact: bool,
) {
    let dom = Dom::new();
    let f = &*ctx.formats;
    let lang = f.lang;
    let mut labels = DayLabels::new(feed, f);
    let components = shown(feed, &ctx.config);
    let from = f.relative(86400.0 * (n.max(1) - 1) as f64);
    let today = lang.text(Text::Today);
    if compact {
        if rows.is_empty() {
            rows.push(new_row(&dom, root, None));
        }
        let days = worst_days(&components);
        let days = last(&days, n);
        let label = fill(
            lang.text(Text::RowLabel),
            &[lang.text(Text::AllComponents), &days.len().to_string()],
        );
        fill_row(&dom, &rows[0], days, &mut labels, [&label, &from, today]);
        return;
    }
    let heading = fill(lang.text(Text::UptimeHeading), &[&n.to_string()]);
    dom.set(root, "aria-label", &heading);
    let same = rows.len() == components.len()
        && rows
            .iter()
            .zip(&components)
            .all(|(r, c)| r.key.0 == c.id && r.key.1 == c.group);
    if !same {
        dom::clear(root);
        rows.clear();
        let mut group: Option<&str> = None;
        for c in &components {
            if c.group.is_some() && c.group.as_deref() != group {
                group = c.group.as_deref();
                dom.add_text(root, "h3", "group", group.unwrap_or_default());
            }
            rows.push(new_row(&dom, root, Some((&c.id, &c.group))));
        }
    }
    for (row, c) in rows.iter().zip(&components) {
        let days = last(&c.days, n);
        if let Some((name, status)) = &row.head {
            name.set_text_content(Some(&c.name));
            dom.set_literal(status, "data-status", c.status.as_str());
            dom::clear(status);
            dom.add_icon(status, icons::component_path(c.status));
            dom::text(status, lang.component_status(c.status));
        }
        if let Some(uptime) = &row.uptime {
            let text = c
                .uptime_over_last(n)
                .map(|p| fill(lang.text(Text::UptimeOf), &[&f.percent(p)]))
                .unwrap_or_else(|| lang.text(Text::NoData).to_string());
            uptime.set_text_content(Some(&text));
        }
        let label = fill(
            lang.text(Text::RowLabel),
            &[&c.name, &days.len().to_string()],
        );
        fill_row(&dom, row, days, &mut labels, [&label, &from, today]);
    }
}

/// A row's elements at the end of `parent`: in a `div.component` with the component's name and
/// status for a component (`key`); for the page's row, in `parent` itself.
fn new_row(dom: &Dom, parent: &Element, key: Option<(&String, &Option<String>)>) -> Row {
    let (row, head) = match key {
        Some(_) => {
            let row = dom.add(parent, "div", "component");
            dom.set_literal(&row, "part", "component");
            let head = dom.add(&row, "div", "component-head");
            let name = dom.add(&head, "span", "component-name");
            let status = dom.add(&head, "span", "component-status");
            (row, Some((name, status)))
        }
        None => (parent.clone(), None),
    };
    let bars = dom.add(&row, "div", "bars");
    dom.set_literal(&bars, "part", "bars");
    dom.set_literal(&bars, "role", "group");
    let detail = dom.add(&row, "p", "day-detail");
    dom.set_literal(&detail, "aria-hidden", "true");
    let axis = dom.add(&row, "div", "axis");
    dom.set_literal(&axis, "aria-hidden", "true");
    let from = dom.add(&axis, "span", "");
    let uptime = key.map(|_| dom.add(&axis, "span", "uptime"));
    let to = dom.add(&axis, "span", "");
    Row {
        key: key.map_or_else(Default::default, |(id, group)| (id.clone(), group.clone())),
        head,
        bars,
        uptime,
        axis: (from, to),
    }
}

/// Draws a row's days into it: the bars with the row's name, the axis.
fn fill_row(dom: &Dom, row: &Row, days: &[FeedDay], labels: &mut DayLabels, axis: [&str; 3]) {
    let [label, from, today] = axis;
    dom.set(&row.bars, "aria-label", label);
    let days = day_bars(days, labels);
    let last = days.len().saturating_sub(1);
    // The tab stop stays on its day (today until the viewer moves), within the days shown.
    let active = row
        .bars
        .query_selector("[tabindex='0']")
        .ok()
        .flatten()
        .and_then(|bar| bar_index(&row.bars, &bar))
        .map_or(last, |i| i.min(last));
    draw(&row.bars, &days, active);
    // The detail line follows the day it shows into the new data.
    if let Some(detail) = row.bars.next_element_sibling() {
        let shown = row
            .bars
            .query_selector(".bar:focus, .bar:hover")
            .ok()
            .flatten();
        let text = shown.and_then(|bar| bar.get_attribute("aria-label"));
        detail.set_text_content(text.as_deref());
    }
    row.axis.0.set_text_content(Some(from));
    row.axis.1.set_text_content(Some(today));
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

/// Draws the bars into `bars` (a row's `.bars`): a `<span>` per day with its level and its
/// accessible name, the day `active` (today until the viewer moves) the row's one tab stop.
/// The bars are plain elements, not Yew nodes: 1,800 of them through Yew's virtual DOM cost a
/// virtual node, a namespace lookup and an attribute diff each. A new bar is a clone of its
/// level's template (class, part, role and tab stop set once per row, not per bar); the names
/// cross into JS as one string, split there. New data updates the bars already there (a
/// focused bar keeps the focus). Values are set as attributes: text from the feed stays text.
fn draw(bars: &Element, days: &RowDays, active: usize) {
    let dom = Dom::new();
    let labels = js_sys::JsString::from(days.labels.as_str()).split("\n");
    let (name, stop) = (dom.js("aria-label"), dom.js("tabindex"));
    let mut templates: [Option<Element>; 5] = Default::default();
    let existing = bars.child_element_count() as usize;
    let drawn = bars.children();
    for (i, level) in days.levels.iter().enumerate() {
        let bar = if i < existing {
            let Some(bar) = drawn.item(i as u32) else {
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
            let bar = dom::copy(template);
            dom::append(bars, &bar);
            bar
        };
        if i < existing || i == active {
            dom::set_js(&bar, &stop, &dom.js(if i == active { "0" } else { "-1" }));
        }
        dom::set_js(&bar, &name, &labels.get(i as u32));
    }
    for _ in days.len()..existing {
        if let Some(extra) = bars.last_element_child() {
            extra.remove();
        }
    }
}

/// The place of `bar` among the bars of its row.
fn bar_index(bars: &Element, bar: &Element) -> Option<usize> {
    let children = js_sys::Array::from(&bars.children());
    usize::try_from(children.index_of(bar, 0)).ok()
}

/// The bar an event happened on, and its row's `.bars`.
fn bar_of(target: Option<EventTarget>) -> Option<(Element, Element)> {
    let bar: Element = target?.dyn_into().ok()?;
    let bars = bar.parent_element()?;
    (bars.class_name() == "bars").then_some((bar, bars))
}

/// Shows `text` in the detail line under `bars` (none: empties it).
fn show(bars: &Element, text: Option<&str>) {
    if let Some(detail) = bars.next_element_sibling() {
        detail.set_text_content(text);
    }
}

/// Every event the rows listen to, from any bar: the keys move the focus between a row's
/// days; focus makes a day the row's tab stop; focus and hover show a day's name in the
/// detail line, which empties when the focus leaves or the pointer leaves the bars.
fn on_event(event: &Event) {
    let kind = event.type_();
    if kind == "mouseout" {
        // Leaving the bars (not a bar for the gap beside it).
        let Some(bars) = event
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|e| e.closest(".bars").ok().flatten())
        else {
            return;
        };
        let to = event
            .dyn_ref::<MouseEvent>()
            .and_then(|e| e.related_target())
            .and_then(|t| t.dyn_into::<web_sys::Node>().ok());
        if !bars.contains(to.as_ref()) {
            show(&bars, None);
        }
        return;
    }
    let Some((bar, bars)) = bar_of(event.target()) else {
        return;
    };
    match kind.as_str() {
        "keydown" => {
            let key = event.dyn_ref::<KeyboardEvent>().map(KeyboardEvent::key);
            let count = bars.child_element_count() as usize;
            let target = bar_index(&bars, &bar)
                .zip(key)
                .and_then(|(i, key)| key_target(&key, i, count));
            if let Some(next) = target.and_then(|t| bars.children().item(t as u32)) {
                event.prevent_default();
                if let Ok(next) = next.dyn_into::<HtmlElement>() {
                    let _ = next.focus();
                }
            }
        }
        "focusin" => {
            if let Ok(Some(stop)) = bars.query_selector("[tabindex='0']") {
                let _ = stop.set_attribute("tabindex", "-1");
            }
            let _ = bar.set_attribute("tabindex", "0");
            show(&bars, bar.get_attribute("aria-label").as_deref());
        }
        "focusout" => show(&bars, None),
        // mouseover
        _ => show(&bars, bar.get_attribute("aria-label").as_deref()),
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
