//! The post's charts, drawn from its facts (so every figure a chart shows is in `facts.json`),
//! each with a title and alt text that says what the chart shows.

use candor_core::YearMonth;

use super::facts::{ComponentFacts, Facts};
use super::range::{join_and, month_and_year, month_in, range_title, short_month, MonthRange};
use super::sentences::{capitalise, duration, per_month_values, percent, uptime_percent};
use crate::chart::{self, incidents, support, uptime, ChartError, Rendered};

/// One chart of the post.
#[derive(Debug, Clone, PartialEq)]
pub struct PostChart {
    /// The file name without extension, under `charts/`.
    pub stem: &'static str,
    pub title: String,
    /// What the chart shows, in words, for readers who cannot see it. Untrusted text inside.
    pub alt: String,
    pub rendered: Rendered,
}

pub fn draw(facts: &Facts) -> Result<Vec<PostChart>, ChartError> {
    let mut charts = vec![incidents_per_month(facts)?, uptime_by_component(facts)?];
    if facts.support.is_some() {
        charts.push(support(facts)?);
    }
    Ok(charts)
}

fn range_of(facts: &Facts) -> MonthRange {
    MonthRange {
        first: facts.first_month,
        last: facts.last_month,
    }
}

fn incidents_per_month(facts: &Facts) -> Result<PostChart, ChartError> {
    let range = range_of(facts);
    let months: Vec<incidents::Month> = facts
        .monthly_by_impact
        .iter()
        .map(|(m, counts)| {
            let month: Option<YearMonth> = m.parse().ok();
            incidents::Month {
                label: month.map_or_else(|| m.clone(), short_month),
                counts: *counts,
                highlighted: month.is_some_and(|m| range.contains(m)),
            }
        })
        .collect();
    let title = format!(
        "Incidents per month, {} to {}",
        month_and_year(facts.window_first_month),
        month_and_year(facts.window_last_month)
    );
    let highest = facts
        .monthly_counts
        .iter()
        .filter_map(|(m, c)| c.map(|c| (m, c)))
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|(m, c)| (m.clone(), c));
    let reported: Vec<String> = facts
        .months
        .iter()
        .map(|m| format!("{} with {}", month_and_year(m.month), m.incidents))
        .collect();
    let mut alt = format!(
        "Bar chart of incidents per month from {} to {}, stacked by impact (critical, major, minor, no impact). Highlighted: {}.",
        month_and_year(facts.window_first_month),
        month_and_year(facts.window_last_month),
        join_and(&reported)
    );
    if let Some((m, c)) = highest {
        let name = m.parse().map_or(m, month_and_year);
        alt.push_str(&format!(" The most in one month: {c}, in {name}."));
    }
    if facts.monthly_counts.values().any(Option::is_none) {
        alt.push_str(&format!(
            " No data before {}.",
            month_and_year(facts.data_first_month)
        ));
    }
    let rendered = chart::render(&incidents::IncidentsPerMonth {
        title: title.clone(),
        months,
    })?;
    Ok(PostChart {
        stem: "incidents-per-month",
        title,
        alt,
        rendered,
    })
}

/// A component's uptime in a month, with the time it is over when the data begins inside the
/// month: `0.00% of 5 min`, not a month's `0.00%`.
fn uptime_label(c: &ComponentFacts) -> String {
    match (&c.data_from, c.uptime_percent) {
        (Some(_), Some(_)) => format!(
            "{} of {}",
            uptime_percent(c.uptime_percent),
            duration(c.observed_minutes)
        ),
        _ => uptime_percent(c.uptime_percent),
    }
}

fn uptime_by_component(facts: &Facts) -> Result<PostChart, ChartError> {
    let range = range_of(facts);
    let year = facts.last_month.year;
    let data = uptime::UptimeByComponent {
        title: format!("Uptime by component, {}", range_title(&range)),
        components: facts.components.iter().map(|c| c.name.clone()).collect(),
        series: facts
            .months
            .iter()
            .map(|m| uptime::Series {
                label: month_in(m.month, year),
                values: m.components.iter().map(|c| c.uptime_percent).collect(),
                value_labels: m.components.iter().map(uptime_label).collect(),
            })
            .collect(),
    };
    let per_component: Vec<String> = facts
        .components
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let values: Vec<(String, String)> = facts
                .months
                .iter()
                .filter_map(|m| {
                    m.components
                        .get(i)
                        .map(|mc| (uptime_label(mc), month_in(m.month, year)))
                })
                .collect();
            if facts.months.len() == 1 {
                format!(
                    "{} {}",
                    c.name,
                    values.first().map(|v| v.0.as_str()).unwrap_or("")
                )
            } else {
                format!("{} {}", c.name, per_month_values(&values))
            }
        })
        .collect();
    let start = data.axis_start();
    let alt = format!(
        "Bar chart of uptime by component in {}, on an axis from {start}% to 100%: {}.",
        range_title(&range),
        per_component.join("; ")
    );
    let rendered = chart::render(&data)?;
    Ok(PostChart {
        stem: "uptime-by-component",
        title: data.title,
        alt,
        rendered,
    })
}

fn support(facts: &Facts) -> Result<PostChart, ChartError> {
    let range = range_of(facts);
    let year = facts.last_month.year;
    let rows = facts
        .support
        .as_ref()
        .map(|s| s.periods.clone())
        .unwrap_or_default();
    let periods: Vec<support::Period> = rows
        .iter()
        .map(|r| {
            let highlighted = match r.period {
                super::support::Period::Month(m) => range.contains(m),
                super::support::Period::Quarter { .. } => false,
            };
            support::Period {
                label: match r.period {
                    super::support::Period::Month(m) => short_month(m),
                    q => q.to_string(),
                },
                highlighted,
                values: [
                    r.first_response_within_2h_pct,
                    r.replied_within_24h_pct,
                    r.satisfaction_pct,
                ],
            }
        })
        .collect();
    let series = [
        "first response within 2 hours",
        "reply within 24 hours",
        "satisfied",
    ];
    let described: Vec<String> = rows
        .iter()
        .map(|r| {
            let figures: Vec<String> = series
                .iter()
                .zip([
                    r.first_response_within_2h_pct,
                    r.replied_within_24h_pct,
                    r.satisfaction_pct,
                ])
                .filter_map(|(name, v)| v.map(|v| format!("{} {name}", percent(v))))
                .collect();
            format!(
                "{}: {}",
                capitalise(&r.period.name_in(year)),
                figures.join(", ")
            )
        })
        .collect();
    let title = "Customer support".to_string();
    let alt = format!(
        "Bar chart of customer support per period, {} highlighted. {}.",
        range_title(&range),
        described.join(". ")
    );
    let rendered = chart::render(&support::SupportChart {
        title: title.clone(),
        series,
        periods,
    })?;
    Ok(PostChart {
        stem: "support",
        title,
        alt,
        rendered,
    })
}
