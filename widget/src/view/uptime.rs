//! The uptime rows: in the full view a row per component shown (name, status, its day bars,
//! the period's uptime), in the compact view one row for the whole page.

use candor_core::feed::{Feed, FeedComponent, FeedDay};
use candor_core::ComponentStatus;
use yew::prelude::*;

use super::bars::{day_bars, DayBars, DayLabels, RowDays};
use super::icons::{component_path, icon};
use super::Shared;
use crate::i18n::{fill, Text};
use crate::intl::Formats;

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
    candor_core::sort::sort_by_key(&mut by_date, |d| d.date);
    by_date
}

fn shown<'a>(feed: &'a Feed, components: &[String]) -> Vec<&'a FeedComponent> {
    feed.components
        .iter()
        .filter(|c| crate::config::shows_component(components, &c.id, &c.name))
        .collect()
}

fn last(days: &[FeedDay], n: usize) -> &[FeedDay] {
    &days[days.len().saturating_sub(n)..]
}

#[derive(Properties, PartialEq)]
pub struct RowsProps {
    pub feed: Shared<Feed>,
    /// The `components` attribute: ids or names, empty for all.
    pub components: Vec<String>,
    /// How many days to show.
    pub days: u32,
    pub formats: Shared<Formats>,
    /// The compact view's one row for the whole page, each day its worst component.
    pub page: bool,
    /// How many rows to draw: the first render with data draws the first few, the next all
    /// (see `App`).
    pub limit: usize,
}

/// A row, ready to draw.
pub struct RowData {
    pub id: String,
    pub group: Option<String>,
    pub name: AttrValue,
    pub status: ComponentStatus,
    /// "99.89% uptime", or "no data".
    pub uptime: String,
    /// The bars' accessible name: "API, last 90 days".
    pub label: AttrValue,
    pub days: Shared<RowDays>,
}

/// The rows of the view: a row per component shown, or one for the whole page. Every row's
/// days are named at once: the rows share their dates, and most days share an uptime, so each
/// goes through the browser's `Intl` once, not once per bar.
fn rows(
    feed: &Shared<Feed>,
    f: &Shared<Formats>,
    components: &[String],
    n: usize,
    page: bool,
) -> Vec<RowData> {
    let lang = f.lang;
    let labels = DayLabels::new(feed.clone(), f.clone());
    let label = |name: &str, days: &[FeedDay]| {
        AttrValue::from(fill(
            lang.text(Text::RowLabel),
            &[name, &days.len().to_string()],
        ))
    };
    let shown = shown(feed, components);
    if page {
        let days = worst_days(&shown);
        let days = last(&days, n);
        return vec![RowData {
            id: String::new(),
            group: None,
            name: AttrValue::default(),
            status: ComponentStatus::default(),
            uptime: String::new(),
            label: label(lang.text(Text::AllComponents), days),
            days: Shared::new(day_bars(days, &labels)),
        }];
    }
    (shown.into_iter())
        .map(|c| {
            let days = last(&c.days, n);
            let uptime = c
                .uptime_over_last(n)
                .map(|p| fill(lang.text(Text::UptimeOf), &[&f.percent(p)]))
                .unwrap_or_else(|| lang.text(Text::NoData).to_string());
            RowData {
                id: c.id.clone(),
                group: c.group.clone(),
                name: c.name.clone().into(),
                status: c.status,
                uptime,
                label: label(&c.name, days),
                days: Shared::new(day_bars(days, &labels)),
            }
        })
        .collect()
}

/// The uptime rows: in the full view a row per component shown under a heading per group, in
/// the compact view one row for the page. One component for both, so that the wasm holds one
/// copy of its lifecycle and its memo.
#[function_component]
pub fn Rows(props: &RowsProps) -> Html {
    let f = props.formats.clone();
    let n = props.days as usize;
    let rows = use_memo(
        (
            props.feed.clone(),
            f.clone(),
            props.components.clone(),
            n,
            props.page,
        ),
        |(feed, f, components, n, page)| rows(feed, f, components, *n, *page),
    );
    let axis = Axis::of(&f, n);
    if props.page {
        return html! {
            for row in rows.iter() {
                <div class="component page-row" part="component">
                    <DayBars days={row.days.clone()} label={row.label.clone()} />
                    <div class="axis" aria-hidden="true">
                        <span>{ axis.from.clone() }</span>
                        <span>{ axis.today }</span>
                    </div>
                </div>
            }
        };
    }
    let heading = fill(f.lang.text(Text::UptimeHeading), &[&n.to_string()]);
    let mut group: Option<&str> = None;
    let mut items = Vec::with_capacity(rows.len() + 4);
    for row in rows.iter().take(props.limit) {
        if row.group.is_some() && row.group.as_deref() != group {
            group = row.group.as_deref();
            let name = group.unwrap_or_default();
            items.push(html! { <h3 key={format!("group {name}")} class="group">{ name }</h3> });
        }
        items.push(self::row(&f, row, &axis));
    }
    html! {
        <section class="components" aria-label={heading}>{ items }</section>
    }
}

/// The words under the bars: where they start ("89 days ago") and "Today".
#[derive(Clone, PartialEq)]
pub struct Axis {
    from: AttrValue,
    today: &'static str,
}

impl Axis {
    fn of(f: &Formats, n: usize) -> Axis {
        Axis {
            from: f.relative(86400.0 * (n.max(1) - 1) as f64).into(),
            today: f.lang.text(Text::Today),
        }
    }
}

/// A component's row: name, status, its bars, the period's uptime, keyed by the component's
/// id. A function of [`Rows`]' render, not a component (each component costs the wasm
/// about 2 KB); its [`DayBars`] is one, so a row drawn again with the same days does not
/// draw its bars again.
fn row(f: &Formats, row: &RowData, axis: &Axis) -> Html {
    html! {
        <div key={row.id.as_str()} class="component" part="component">
            <div class="component-head">
                <span class="component-name">{ row.name.clone() }</span>
                <span class="component-status" data-status={row.status.as_str()}>
                    { icon(component_path(row.status)) }
                    { f.lang.component_status(row.status) }
                </span>
            </div>
            <DayBars days={row.days.clone()} label={row.label.clone()} />
            <div class="axis" aria-hidden="true">
                <span>{ axis.from.clone() }</span>
                <span class="uptime">{ row.uptime.clone() }</span>
                <span>{ axis.today }</span>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use candor_core::uptime::DayLevel;

    fn day(date: &str, p: Option<f64>, ids: &[&str]) -> FeedDay {
        FeedDay {
            date: date.parse().expect("test date"),
            downtime_minutes: 0.0,
            uptime_percent: p,
            incident_ids: ids.iter().map(|s| s.to_string()).collect(),
        }
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
}
