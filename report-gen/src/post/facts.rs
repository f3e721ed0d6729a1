//! Every figure a post states, computed only through `candor-core` (monthly counts, rank in
//! the window, time to resolve, uptime from [`History`]) and written out as `facts.json` with
//! the definition of each.

use std::collections::BTreeMap;
use std::path::Path;

use candor_core::months::{self, CauseCounts, Counted, ImpactCounts, MonthCount, ResolveTimes};
use candor_core::uptime::UptimeWeights;
use candor_core::{Cause, Dataset, History, Impact, Incident, Text, YearMonth, Zone};
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use super::range::MonthRange;
use super::support::{SupportError, SupportRow, SupportTable};

/// What a post is about: the data, where it is read, and when.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    pub dataset: &'a Dataset,
    /// What is counted of the incidents read but not kept in `dataset` (`post::Window`, for
    /// the months reported), or none.
    pub counted: &'a [Counted],
    pub zone: Tz,
    /// The IANA name of `zone`, as the configuration or the data gave it.
    pub zone_name: &'a str,
    pub page_name: &'a str,
    pub weights: UptimeWeights,
    pub now: DateTime<Utc>,
}

/// Why no facts could be computed.
#[derive(Debug, thiserror::Error)]
pub enum FactsError {
    #[error("--window {window} is shorter than the {months} months reported: the window must hold every reported month (it ends with {last})")]
    WindowTooShort {
        window: usize,
        months: usize,
        last: YearMonth,
    },
    #[error("{month} has not begun at {now} (--now), so there is nothing to report yet: a reported month must have begun by --now")]
    Future { month: YearMonth, now: String },
    #[error("{month} ended before the data begins ({data_from}), so there is nothing to report about it: the data says nothing before then")]
    BeforeData { month: YearMonth, data_from: String },
    #[error("no incidents in the {window} months from {first} to {last} ({zone}): {what}")]
    EmptyWindow {
        window: usize,
        first: YearMonth,
        last: YearMonth,
        zone: String,
        what: String,
    },
    #[error(transparent)]
    Support(#[from] SupportError),
}

/// The figures of a post: for the whole range at the top level, and per month in `months`.
#[derive(Debug, Clone, Serialize)]
pub struct Facts {
    pub definitions: BTreeMap<&'static str, &'static str>,
    pub page: String,
    pub status_page_url: Option<String>,
    pub month: String,
    pub first_month: YearMonth,
    pub last_month: YearMonth,
    pub timezone: String,
    pub now: String,
    pub now_local: String,
    pub complete: bool,
    pub uptime_weights: UptimeWeights,
    pub window_months: usize,
    pub window_first_month: YearMonth,
    pub window_last_month: YearMonth,
    pub data_first_month: YearMonth,
    /// Where the data begins, when it does: `None` when it covers no time up to `now`.
    pub data_from: Option<String>,
    pub data_from_local: Option<String>,
    pub monthly_counts: BTreeMap<String, Option<usize>>,
    pub monthly_by_impact: BTreeMap<String, Option<ImpactCounts>>,
    pub incidents: usize,
    pub previous_month: YearMonth,
    pub previous_month_incidents: Option<usize>,
    /// Where the data begins, in local time, when it begins inside the month before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_month_data_from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rank_in_window: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range_rank_in_window: Option<usize>,
    pub by_impact: ImpactCounts,
    pub by_cause: CauseCounts,
    pub open_incidents: usize,
    pub components: Vec<ComponentFacts>,
    pub time_to_resolve_minutes: Option<ResolveTimes>,
    pub months: Vec<MonthFacts>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub support: Option<SupportFacts>,
}

/// One reported month.
#[derive(Debug, Clone, Serialize)]
pub struct MonthFacts {
    pub month: YearMonth,
    pub complete: bool,
    /// Where the data begins, in local time, when it begins inside this month: the month's
    /// figures are of the part after it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_from: Option<String>,
    pub incidents: usize,
    pub previous_month_incidents: Option<usize>,
    pub rank_in_window: usize,
    pub by_impact: ImpactCounts,
    pub by_cause: CauseCounts,
    pub open_incidents: usize,
    pub components: Vec<ComponentFacts>,
    pub time_to_resolve_minutes: Option<ResolveTimes>,
    pub incident_list: Vec<IncidentFacts>,
}

/// A component's uptime over a period.
#[derive(Debug, Clone, Serialize)]
pub struct ComponentFacts {
    pub id: String,
    pub name: String,
    /// `None` when the period holds no observed time for the component.
    pub uptime_percent: Option<f64>,
    pub downtime_minutes: f64,
    pub observed_minutes: f64,
    /// Where the component's data begins, in local time, when it begins inside the period:
    /// the uptime is of the part after it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_from: Option<String>,
}

/// One incident of a reported month, as the post lists it. Text fields are as the source wrote
/// them: untrusted. A month can list tens of thousands, while the dataset is still in memory:
/// the texts are the dataset's own (shared, not copied) and the rare updates boxed.
#[derive(Debug, Clone, Serialize)]
pub struct IncidentFacts {
    pub id: Text,
    pub title: Text,
    pub url: Option<Text>,
    pub impact: Impact,
    pub cause: Cause,
    pub components: Vec<String>,
    pub start: String,
    pub start_local: String,
    pub end: Option<String>,
    pub duration_minutes: Option<f64>,
    pub open: bool,
    pub first_update: Option<Box<UpdateFacts>>,
    pub last_update: Option<Box<UpdateFacts>>,
    /// Left out when the incident has none (or it was published after `now`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postmortem: Option<Box<PostmortemFacts>>,
}

/// An incident's post-mortem: where it is published, its text (untrusted), or both.
#[derive(Debug, Clone, Serialize)]
pub struct PostmortemFacts {
    pub url: Option<String>,
    pub body: Option<String>,
    pub published_at: Option<String>,
    pub published_at_local: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct UpdateFacts {
    pub at: String,
    pub at_local: String,
    pub status: String,
    pub body: String,
}

/// The support figures: every row of the file, the reported months' rows, and the period they
/// are compared with.
#[derive(Debug, Clone, Serialize)]
pub struct SupportFacts {
    pub periods: Vec<SupportRow>,
    pub months: Vec<SupportRow>,
    pub baseline: Option<SupportRow>,
}

/// The support table and the file it came from (for errors).
#[derive(Debug, Clone, Copy)]
pub struct SupportInput<'a> {
    pub table: &'a SupportTable,
    pub file: &'a Path,
}

fn definitions() -> BTreeMap<&'static str, &'static str> {
    BTreeMap::from([
        ("month", "The reported month (YYYY-MM) or range of months (YYYY-MM..YYYY-MM); months are calendar months in `timezone`."),
        ("timezone", "The IANA time zone whose calendar decides which day and month an instant belongs to."),
        ("now", "The instant the figures were computed at (--now): open incidents count up to it, and a month after it has no data."),
        ("uptime_weights", "How much one minute in each status counts as downtime (Statuspage's weights unless configured)."),
        ("complete", "Whether the reported months had ended by `now`."),
        ("window_months", "How many months the comparison window holds; it ends with the last reported month."),
        ("data_first_month", "The month the data begins in; the window says nothing about months before it."),
        ("data_from", "Where the data begins: where its source says it begins (a Statuspage incidents list of the API's 50 most recent incidents begins at the oldest of them), else the earliest instant anything in the data speaks of. Nothing before it is known. `data_from_local` is the same in `timezone`. In `months` and `components`, `data_from` (local) is where the data begins when it begins inside that month or period: its figures are of the part after it."),
        ("monthly_counts", "Incidents per month over the window, oldest first, months without incidents as 0, months before the data begins as null (no data). An incident counts in the month of its start; maintenance is never counted."),
        ("monthly_by_impact", "The same counts split by impact (none, minor, major, critical); null before the data begins."),
        ("incidents", "Incidents that started in the reported month or months."),
        ("previous_month_incidents", "Incidents that started in the month before the (first) reported month; null when the data begins after it. `previous_month_data_from`: where the data begins, when inside that month."),
        ("rank_in_window", "1 + the number of months in the window with strictly more incidents: 1 is the worst month of the window, ties share a rank."),
        ("range_rank_in_window", "For a range of k months: 1 + the number of months outside the range, in the window, with at least as many incidents as the range's quietest month. 1 means the range's months are the k worst of the window."),
        ("by_impact", "Incidents of the period by impact, as the source rated them."),
        ("by_cause", "Incidents of the period by cause: internal (our own change or fault), external (a partner or provider), unknown (not recorded)."),
        ("open_incidents", "Incidents of the period still unresolved at `now`."),
        ("components", "Per component: uptime_percent = 100 x (1 - downtime / observed time) over the period; downtime_minutes = major-outage minutes + 0.3 x partial-outage minutes (the weights are settings); observed_minutes = the period's minutes from the component's first data up to `now`. null uptime: nothing observed."),
        ("time_to_resolve_minutes", "Minutes from start to resolution over the period's resolved incidents: median, p90 (nearest rank) and max; `resolved` is how many there were. null when none was resolved."),
        ("incident_list", "The incidents of each reported month, oldest first, with their first and last update as published."),
        ("support", "From the support CSV: the share of first responses within two hours, of customers replied to within 24 hours, and of satisfied ratings, per period; `baseline` is the period that ended last before the reported months."),
    ])
}

fn last_day(month: YearMonth) -> NaiveDate {
    month
        .next()
        .first_day()
        .pred_opt()
        .unwrap_or_else(|| month.first_day())
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// `2026-08-03 14:05 CEST`.
pub fn local_time(t: DateTime<Utc>, zone: Tz) -> String {
    t.with_timezone(&zone)
        .format("%Y-%m-%d %H:%M %Z")
        .to_string()
}

/// Computes every figure of the post about `range`, compared over `window` months.
pub fn compute(
    subject: &Subject<'_>,
    range: &MonthRange,
    window: usize,
    support: Option<SupportInput<'_>>,
) -> Result<Facts, FactsError> {
    // The history (the components' timelines) is built on the other core while this one counts
    // the months; both only read the dataset.
    std::thread::scope(|scope| {
        // The post asks only about the reported months' days: the timelines hold those.
        let history = scope.spawn(|| {
            History::for_days(
                subject.dataset,
                &subject.zone,
                subject.now,
                subject.weights,
                range.first.first_day(),
                last_day(range.last),
            )
        });
        let history = || {
            history
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        };
        compute_with(subject, range, window, support, history)
    })
}

fn compute_with<'a>(
    subject: &'a Subject<'_>,
    range: &MonthRange,
    window: usize,
    support: Option<SupportInput<'_>>,
    history: impl FnOnce() -> History<'a, Tz>,
) -> Result<Facts, FactsError> {
    let zone = &subject.zone;
    let reported = range.months();
    if window < reported.len() {
        return Err(FactsError::WindowTooShort {
            window,
            months: reported.len(),
            last: range.last,
        });
    }
    // Every reported month must have begun: a month after `now` has no data, not 0 incidents.
    if let Some(&month) = reported
        .iter()
        .find(|m| zone.start_of_month(**m) >= subject.now)
    {
        return Err(FactsError::Future {
            month,
            now: rfc3339(subject.now),
        });
    }
    let window_months = range.last.window_ending(window);
    let window_first = window_months[0];
    // One pass over the incidents counts the window and the month before the range.
    let previous_month = range.first.prev();
    let mut counted: Vec<YearMonth> = window_months.clone();
    if previous_month < window_first {
        counted.insert(0, previous_month);
    }
    // The incidents that had started by `now`, read in place (a list of a million references
    // would be 8 MB at the height of the analysis), in one pass: at a million incidents each
    // pass reads the whole model from memory. The pass that counts the months also finds the
    // earliest start and keeps the incidents that start near the reported months, which every
    // other figure of the period is computed from. The incidents only counted are counted with
    // the others; none starts near the reported months.
    let (near_from, near_to) = near(zone, range.first, range.last);
    let mut near_range: Vec<&Incident> = Vec::new();
    let mut earliest: Option<DateTime<Utc>> = None;
    let mut latest: Option<DateTime<Utc>> = None;
    let mut started = 0usize;
    let kept = (subject.dataset.incidents.iter())
        .filter(|i| i.has_started_by(subject.now))
        .inspect(|i| {
            if near_from <= i.start && i.start < near_to {
                near_range.push(i);
            }
        })
        .map(Counted::of);
    let only_counted = (subject.counted.iter().copied()).filter(|c| c.start <= subject.now);
    let counts = months::monthly_counts(
        kept.chain(only_counted).inspect(|t| {
            started += 1;
            earliest = Some(earliest.map_or(t.start, |e| e.min(t.start)));
            latest = Some(latest.map_or(t.start, |l| l.max(t.start)));
        }),
        zone,
        &counted,
    );
    let data_first_month = earliest.map(|t| zone.month_of(t));
    if counts
        .iter()
        .all(|c| c.month < window_first || c.count == 0)
    {
        let what = match (data_first_month, latest) {
            (Some(first), Some(_)) if started == 1 => {
                format!("the data's one incident started in {first}")
            }
            (Some(first), Some(last)) => format!(
                "the data's {started} incidents run from {first} to {}",
                zone.month_of(last)
            ),
            _ => match subject.dataset.incidents.len() + subject.counted.len() {
                0 => "the data holds no incidents at all".to_string(),
                1 => format!(
                    "the data's one incident starts after --now ({})",
                    rfc3339(subject.now)
                ),
                n => format!(
                    "the data's {n} incidents all start after --now ({})",
                    rfc3339(subject.now)
                ),
            },
        };
        return Err(FactsError::EmptyWindow {
            window,
            first: window_first,
            last: range.last,
            zone: subject.zone_name.to_string(),
            what,
        });
    }

    let history = history();
    // Where the data begins: months before it have no data (no count, not 0), a month it
    // begins in is counted from there, and no reported month may lie wholly before it.
    let coverage_start = history.coverage_start();
    let coverage = |m: YearMonth| months::month_coverage(zone, m, coverage_start, subject.now);
    let data_from_in = |m: YearMonth| {
        let c = coverage(m)?;
        (c.from > zone.start_of_month(m)).then(|| local_time(c.from, *zone))
    };
    if let Some(&month) = reported.iter().find(|m| coverage(**m).is_none()) {
        return Err(FactsError::BeforeData {
            month,
            data_from: coverage_start.map_or_else(
                || "the data covers no time up to --now".to_string(),
                |t| local_time(t, *zone),
            ),
        });
    }
    let count_of = |m: YearMonth| {
        coverage(m)?;
        Some(counts.iter().find(|c| c.month == m).map_or(0, |c| c.count))
    };
    // The months of the window the data covers: only they are ranked.
    let window_counts: Vec<MonthCount> = counts
        .iter()
        .filter(|c| c.month >= window_first && coverage(c.month).is_some())
        .copied()
        .collect();
    let data_first_month = coverage_start
        .map(|t| zone.month_of(t))
        .or(data_first_month);
    let components = history.components();
    let component_name = |id: &str| {
        components
            .iter()
            .find(|c| c.id == id)
            .map_or_else(|| id.to_string(), |c| c.name.clone())
    };
    let uptime_between = |first: NaiveDate, last: NaiveDate| -> Vec<ComponentFacts> {
        components
            .iter()
            .map(|c| {
                let u = history.uptime(&c.id, first, last);
                let since = history.since(&c.id);
                ComponentFacts {
                    id: c.id.clone(),
                    name: c.name.clone(),
                    uptime_percent: u.percent(),
                    downtime_minutes: u.downtime_minutes,
                    observed_minutes: u.observed_minutes,
                    data_from: since
                        .filter(|t| *t > zone.start_of_day(first) && u.observed_minutes > 0.0)
                        .map(|t| local_time(t, *zone)),
                }
            })
            .collect()
    };
    let complete_by = |m: YearMonth| zone.start_of_month(m.next()) <= subject.now;

    let mut month_facts = Vec::with_capacity(reported.len());
    for &month in &reported {
        let mut of_month: Vec<&Incident> = (near_range.iter().copied())
            .filter(|i| months::month_of(i, zone) == month)
            .collect();
        of_month.sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.id.cmp(&b.id)));
        let count = window_counts
            .iter()
            .find(|c| c.month == month)
            .copied()
            .unwrap_or(MonthCount {
                month,
                count: 0,
                by_impact: ImpactCounts::default(),
                by_cause: CauseCounts::default(),
            });
        month_facts.push(MonthFacts {
            month,
            complete: complete_by(month),
            data_from: data_from_in(month),
            incidents: count.count,
            previous_month_incidents: count_of(month.prev()),
            rank_in_window: months::rank_in_window(&window_counts, month).unwrap_or(1),
            by_impact: count.by_impact,
            by_cause: count.by_cause,
            open_incidents: of_month
                .iter()
                .filter(|i| is_open_at(i, subject.now))
                .count(),
            components: uptime_between(month.first_day(), last_day(month)),
            time_to_resolve_minutes: months::time_to_resolve(of_month.iter().copied()),
            incident_list: of_month
                .iter()
                .map(|i| incident_facts(i, *zone, subject.now, &component_name))
                .collect(),
        });
    }

    let in_range: Vec<&Incident> = (near_range.iter().copied())
        .filter(|i| range.contains(months::month_of(i, zone)))
        .collect();
    let mut by_impact = ImpactCounts::default();
    let mut by_cause = CauseCounts::default();
    for i in &in_range {
        by_impact.add(i.impact);
        by_cause.add(i.cause);
    }
    let range_rank_in_window = (!range.is_single()).then(|| {
        let quietest = month_facts.iter().map(|m| m.incidents).min().unwrap_or(0);
        1 + window_counts
            .iter()
            .filter(|c| !range.contains(c.month) && c.count >= quietest)
            .count()
    });

    let support = match support {
        None => None,
        Some(input) => Some(SupportFacts {
            periods: input.table.rows.clone(),
            months: input.table.rows_for(range, input.file)?,
            baseline: input.table.baseline_for(range),
        }),
    };

    Ok(Facts {
        definitions: definitions(),
        page: subject.page_name.to_string(),
        status_page_url: subject.dataset.page.url.clone(),
        month: range.to_string(),
        first_month: range.first,
        last_month: range.last,
        timezone: subject.zone_name.to_string(),
        now: rfc3339(subject.now),
        now_local: local_time(subject.now, *zone),
        uptime_weights: subject.weights,
        complete: complete_by(range.last),
        window_months: window,
        window_first_month: window_first,
        window_last_month: range.last,
        data_first_month: data_first_month.unwrap_or(window_first),
        data_from: coverage_start.map(rfc3339),
        data_from_local: coverage_start.map(|t| local_time(t, *zone)),
        monthly_counts: (counts.iter().filter(|c| c.month >= window_first))
            .map(|c| (c.month.to_string(), coverage(c.month).map(|_| c.count)))
            .collect(),
        monthly_by_impact: (counts.iter().filter(|c| c.month >= window_first))
            .map(|c| (c.month.to_string(), coverage(c.month).map(|_| c.by_impact)))
            .collect(),
        incidents: in_range.len(),
        previous_month,
        previous_month_incidents: count_of(previous_month),
        previous_month_data_from: data_from_in(previous_month),
        rank_in_window: range
            .is_single()
            .then(|| month_facts.first().map(|m| m.rank_in_window))
            .flatten(),
        range_rank_in_window,
        by_impact,
        by_cause,
        open_incidents: in_range
            .iter()
            .filter(|i| is_open_at(i, subject.now))
            .count(),
        components: uptime_between(range.first.first_day(), last_day(range.last)),
        time_to_resolve_minutes: months::time_to_resolve(in_range.iter().copied()),
        months: month_facts,
        support,
    })
}

/// The instants near the months `first..=last` (in the page's zone): the incidents starting
/// between them are those the zone (a time zone database lookup) is asked about, not every
/// incident of the data. No zone is a day away from UTC, so two days either side hold every
/// incident of the months.
fn near(zone: &Tz, first: YearMonth, last: YearMonth) -> (DateTime<Utc>, DateTime<Utc>) {
    let margin = chrono::Duration::days(2);
    let from = zone.start_of_month(first) - margin;
    let to = zone.start_of_month(last.next()) + margin;
    (from, to)
}

/// Unresolved as of `now`: no end yet, or an end `now` has not reached.
fn is_open_at(incident: &Incident, now: DateTime<Utc>) -> bool {
    incident.end.is_none_or(|end| end > now)
}

fn incident_facts(
    incident: &Incident,
    zone: Tz,
    now: DateTime<Utc>,
    component_name: &impl Fn(&str) -> String,
) -> IncidentFacts {
    let update = |u: &candor_core::IncidentUpdate| {
        Box::new(UpdateFacts {
            at: rfc3339(u.at),
            at_local: local_time(u.at, zone),
            status: u.status.as_str().to_string(),
            body: u.body.clone(),
        })
    };
    let open = is_open_at(incident, now);
    IncidentFacts {
        id: incident.id.clone(),
        title: incident.title.clone(),
        url: incident.url.clone(),
        impact: incident.impact,
        cause: incident.cause,
        components: incident
            .components
            .iter()
            .map(|a| component_name(&a.component_id))
            .collect(),
        start: rfc3339(incident.start),
        start_local: local_time(incident.start, zone),
        end: incident.end.filter(|_| !open).map(rfc3339),
        duration_minutes: if open {
            None
        } else {
            months::resolve_minutes(incident)
        },
        open,
        first_update: incident.updates.first().map(update),
        last_update: (incident.updates.len() > 1)
            .then(|| incident.updates.last().map(update))
            .flatten(),
        postmortem: (incident.postmortem.as_deref())
            .filter(|p| p.published_at.is_none_or(|at| at <= now))
            .map(|p| {
                Box::new(PostmortemFacts {
                    url: p.url.clone(),
                    body: p.body.clone(),
                    published_at: p.published_at.map(rfc3339),
                    published_at_local: p.published_at.map(|at| local_time(at, zone)),
                })
            }),
    }
}
