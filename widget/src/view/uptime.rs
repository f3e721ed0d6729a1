//! A row per component: name, current status, one bar per day coloured by core's
//! [`DayLevel`], the period's uptime. The bars are one focus stop (roving tabindex): arrows,
//! Home and End move between days, and each day has a full accessible name.

use std::rc::Rc;

use candor_core::feed::{Feed, FeedComponent, FeedDay};
use candor_core::uptime::DayLevel;
use chrono::NaiveDate;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::icons;
use crate::app::ViewContext;
use crate::format;
use crate::i18n::{fill, Text};
use crate::intl::Formats;

/// One day's bar, ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct DayBar {
    pub date: NaiveDate,
    pub level: DayLevel,
    /// "22 Aug 2026: 99.31% uptime, 1 incident: Delayed webhooks".
    pub label: AttrValue,
}

pub fn level_class(level: DayLevel) -> &'static str {
    match level {
        DayLevel::NoData => "level-no-data",
        DayLevel::None => "level-none",
        DayLevel::Some => "level-some",
        DayLevel::Partial => "level-partial",
        DayLevel::Major => "level-major",
    }
}

/// The last `n` days of a component as bars, named with the incidents' titles.
pub fn day_bars(days: &[FeedDay], titles: &[(&str, &str)], formats: &Formats) -> Vec<DayBar> {
    let lang = formats.lang;
    days.iter()
        .map(|day| {
            let uptime = match day.uptime_percent {
                Some(p) => fill(lang.text(Text::UptimeOf), &[&formats.percent(p)]),
                None => lang.text(Text::NoData).to_string(),
            };
            let count = day.incident_ids.len();
            let incidents = if count == 0 {
                lang.text(Text::NoIncidents).to_string()
            } else {
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
                let mut text = formats.incidents(count);
                if !named.is_empty() {
                    text.push_str(": ");
                    text.push_str(&formats.list(&named));
                }
                text
            };
            DayBar {
                date: day.date,
                level: DayLevel::of(day.uptime_percent),
                label: format!("{}: {uptime}, {incidents}", formats.date(day.date)).into(),
            }
        })
        .collect()
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

fn titles(feed: &Feed) -> Vec<(&str, &str)> {
    feed.incidents
        .iter()
        .map(|i| (i.id.as_str(), i.title.as_str()))
        .collect()
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
    let lang = ctx.formats.lang;
    let n = days_shown(ctx);
    let titles = titles(feed);
    let components = shown(feed, ctx);
    let mut group: Option<&str> = None;
    let rows = components.into_iter().map(|c| {
        let heading = (c.group.is_some() && c.group.as_deref() != group).then(|| {
            group = c.group.as_deref();
            html! { <h3 class="group">{ c.group.clone().unwrap_or_default() }</h3> }
        });
        let days = last(&c.days, n);
        let bars = Rc::new(day_bars(days, &titles, &ctx.formats));
        let uptime = c
            .uptime_over_last(n)
            .map(|p| fill(lang.text(Text::UptimeOf), &[&ctx.formats.percent(p)]))
            .unwrap_or_else(|| lang.text(Text::NoData).to_string());
        let label = fill(lang.text(Text::RowLabel), &[&c.name, &days.len().to_string()]);
        html! {
            <>
                { for heading }
                <div class="component" part="component">
                    <div class="component-head">
                        <span class="component-name">{ c.name.clone() }</span>
                        <span class={classes!("component-status", format!("status-{}", c.status.as_str()))}>
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
    let bars = Rc::new(day_bars(days, &titles(feed), &ctx.formats));
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
    pub days: Rc<Vec<DayBar>>,
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

#[component]
pub fn Bars(props: &BarsProps) -> Html {
    let count = props.days.len();
    // The day that holds the row's single tab stop: today until the viewer moves.
    let active = use_state(|| count.saturating_sub(1));
    // The day whose details show under the bars (hovered or focused).
    let shown = use_state(|| None::<usize>);
    let container = use_node_ref();
    let move_focus = use_mut_ref(|| false);
    let active_index = (*active).min(count.saturating_sub(1));

    {
        let container = container.clone();
        let move_focus = move_focus.clone();
        use_effect_with(active_index, move |index| {
            if std::mem::take(&mut *move_focus.borrow_mut()) {
                let bar = container
                    .cast::<web_sys::Element>()
                    .and_then(|c| c.children().item(*index as u32))
                    .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok());
                if let Some(bar) = bar {
                    let _ = bar.focus();
                }
            }
        });
    }

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
    let hide_on_leave = {
        let shown = shown.clone();
        Callback::from(move |_: MouseEvent| shown.set(None))
    };
    let hide_on_blur = {
        let shown = shown.clone();
        Callback::from(move |_: FocusEvent| shown.set(None))
    };
    let detail = (*shown)
        .and_then(|i| props.days.get(i))
        .map(|d| d.label.clone());

    html! {
        <>
            <div class="bars" part="bars" role="group" aria-label={props.label.clone()}
                ref={container} onkeydown={onkeydown} onmouseleave={hide_on_leave} onfocusout={hide_on_blur}>
                { for props.days.iter().enumerate().map(|(i, day)| {
                    let show = {
                        let shown = shown.clone();
                        Callback::from(move |_| shown.set(Some(i)))
                    };
                    let focus = {
                        let shown = shown.clone();
                        let active = active.clone();
                        Callback::from(move |_: FocusEvent| {
                            active.set(i);
                            shown.set(Some(i));
                        })
                    };
                    html! {
                        <span class={classes!("bar", level_class(day.level))} part="bar" role="img"
                            tabindex={if i == active_index { "0" } else { "-1" }}
                            aria-label={day.label.clone()} data-date={day.date.to_string()}
                            onmouseenter={show} onfocus={focus}></span>
                    }
                }) }
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
            .map(|p| level_class(DayLevel::of(p)))
            .collect();
        assert_eq!(
            classes,
            [
                "level-no-data",
                "level-none",
                "level-some",
                "level-partial",
                "level-major"
            ]
        );
    }
}
