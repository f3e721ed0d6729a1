//! The post's data-driven sentences, in Markdown: each states figures from [`Facts`] and
//! nothing else. Names from the data are escaped; the generator adds no opinion of its own.

use super::escape::markdown_inline;
use super::facts::{ComponentFacts, Facts, MonthFacts};
use super::range::{join_and, month_and_year, month_in, range_title, MonthRange};
use candor_core::months::{CauseCounts, ImpactCounts, ResolveTimes};
use candor_core::{Impact, YearMonth};

/// The sentences of each part of the post.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Sentences {
    /// The summary: incidents, their change, their rank, impact, causes, time to resolve.
    pub summary: Vec<String>,
    /// The sentence introducing the uptime list.
    pub uptime_intro: String,
    /// One list item per component.
    pub uptime: Vec<String>,
    /// The support section, when support data was given.
    pub support: Vec<String>,
}

pub fn write(facts: &Facts) -> Sentences {
    let range = MonthRange {
        first: facts.first_month,
        last: facts.last_month,
    };
    let year = facts.last_month.year;
    let mut summary = Vec::new();
    if range.is_single() {
        if let Some(month) = facts.months.first() {
            summary.extend(single_month(facts, month));
        }
    } else {
        summary.extend(several_months(facts, &range, year));
    }
    summary.extend(impact_sentence(&facts.by_impact, facts.incidents));
    summary.extend(cause_sentence(&facts.by_cause, facts.incidents));
    summary.extend(resolve_sentence(
        facts.time_to_resolve_minutes.as_ref(),
        facts.incidents,
    ));
    if facts.open_incidents > 0 {
        summary.push(format!(
            "{} still open at {}.",
            capitalise(&count_noun(
                facts.open_incidents,
                "incident was",
                "incidents were"
            )),
            markdown_inline(&facts.now_local)
        ));
    }
    if !facts.complete {
        summary.push(format!(
            "{} had not ended at the time of writing: the figures run to {}.",
            range_title(&range),
            markdown_inline(&facts.now_local)
        ));
    }
    Sentences {
        summary,
        uptime_intro: uptime_intro(facts, &range),
        uptime: uptime_lines(facts, year),
        support: support_sentences(facts, year),
    }
}

fn single_month(facts: &Facts, month: &MonthFacts) -> Vec<String> {
    let mut out = Vec::new();
    let name = month_and_year(month.month);
    let prev = month_in(facts.previous_month, month.month.year);
    let n = month.incidents;
    let verb = if n == 1 { "There was" } else { "There were" };
    // No comparison with a month the data says nothing about.
    let change = match month.previous_month_incidents {
        None => String::new(),
        Some(p) => {
            let prev = format!(
                "{prev}{}",
                data_from(facts.previous_month_data_from.as_deref())
            );
            if n > p {
                format!(", up from {} in {prev}", none_or(p))
            } else if n < p {
                format!(", down from {p} in {prev}")
            } else {
                format!(", as many as in {prev}")
            }
        }
    };
    out.push(format!(
        "{verb} {} in {name}{}{change}.",
        incidents(n),
        data_from(month.data_from.as_deref())
    ));
    if n > 0 {
        if let Some((place, tied)) = rank_phrase(facts, month.month, month.rank_in_window) {
            let claim = if tied {
                format!("That ties for the {place}")
            } else {
                format!("That is the {place}")
            };
            out.push(format!(
                "{claim} incidents of any month {}.",
                window_phrase(facts)
            ));
        }
    }
    out
}

fn several_months(facts: &Facts, range: &MonthRange, year: i32) -> Vec<String> {
    let mut out = Vec::new();
    let each: Vec<String> = facts
        .months
        .iter()
        .map(|m| {
            format!(
                "{} in {}{}",
                m.incidents,
                month_in(m.month, year),
                data_from(m.data_from.as_deref())
            )
        })
        .collect();
    let verb = if facts.incidents == 1 {
        "There was"
    } else {
        "There were"
    };
    out.push(format!(
        "{verb} {} in {}: {}.",
        incidents(facts.incidents),
        range_title(range),
        join_and(&each)
    ));
    let names: Vec<String> = facts
        .months
        .iter()
        .map(|m| month_in(m.month, year))
        .collect();
    if facts.range_rank_in_window == Some(1) && facts.window_months > facts.months.len() {
        out.push(format!(
            "{} had the most incidents of any months {}.",
            join_and(&names),
            window_phrase(facts)
        ));
    } else {
        for m in &facts.months {
            if m.incidents == 0 {
                continue;
            }
            if let Some((place, tied)) = rank_phrase(facts, m.month, m.rank_in_window) {
                let verb = if tied { "tied for" } else { "had" };
                out.push(format!(
                    "{} {verb} the {place} incidents of any month {}.",
                    month_in(m.month, year),
                    window_phrase(facts)
                ));
            }
        }
    }
    for pair in facts.months.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let comparison = if b.incidents < a.incidents {
            "fewer incidents than"
        } else if b.incidents > a.incidents {
            "more incidents than"
        } else {
            "as many incidents as"
        };
        out.push(format!(
            "{} had {comparison} {}.",
            month_in(b.month, year),
            month_in(a.month, year)
        ));
    }
    let before = month_in(facts.previous_month, year);
    out.push(match facts.previous_month_incidents {
        Some(p) => format!(
            "The month before, {before}{}, had {}.",
            data_from(facts.previous_month_data_from.as_deref()),
            none_or(p)
        ),
        None => format!("The data says nothing about the month before, {before}."),
    });
    out
}

/// ` (data from 2026-08-28 23:55 CEST)` when the data begins inside a period, else nothing.
fn data_from(local: Option<&str>) -> String {
    local.map_or_else(String::new, |t| {
        format!(" (data from {})", markdown_inline(t))
    })
}

/// Where a month stands: `the most`, `the second most`, `the third most`, and whether another
/// month shares the place, among the months of the window the data covers. Nothing for an
/// unremarkable month, nor for a place shared by more than two months (in sparse data every
/// month "ties for the second most"), nor when the data covers one month only.
fn rank_phrase(facts: &Facts, month: YearMonth, rank: usize) -> Option<(&'static str, bool)> {
    // A place among months the data covers: with one, "the most of any month" says nothing.
    if facts.monthly_counts.values().flatten().count() < 2 {
        return None;
    }
    let own = facts
        .monthly_counts
        .get(&month.to_string())
        .copied()
        .flatten()?;
    let sharing = (facts.monthly_counts.values())
        .filter(|c| **c == Some(own))
        .count();
    if sharing > 2 {
        return None;
    }
    let place = match rank {
        1 => "most",
        2 => "second most",
        3 => "third most",
        _ => return None,
    };
    Some((place, sharing == 2))
}

/// `in the past three years`, or `since March 2025` when the data begins inside the window.
fn window_phrase(facts: &Facts) -> String {
    if facts.data_first_month > facts.window_first_month {
        return format!("since {}", month_and_year(facts.data_first_month));
    }
    let n = facts.window_months;
    match n {
        12 => "in the past year".to_string(),
        n if n % 12 == 0 && n / 12 <= 10 => {
            format!("in the past {} years", number_word(n / 12))
        }
        n => format!("in the past {n} months"),
    }
}

fn impact_sentence(by: &ImpactCounts, total: usize) -> Option<String> {
    if total == 0 {
        return None;
    }
    let parts: Vec<String> = [
        (by.critical, "critical"),
        (by.major, "major"),
        (by.minor, "minor"),
        (by.none, "with no impact"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, word)| format!("{n} {word}"))
    .collect();
    Some(if total == 1 {
        let only = Impact::ALL
            .into_iter()
            .find(|i| by.get(*i) == 1)
            .map_or("unknown", |i| i.as_str());
        format!("Its impact was rated {only}.")
    } else {
        format!("By impact, as rated at the time: {}.", join_and(&parts))
    })
}

fn cause_sentence(by: &CauseCounts, total: usize) -> Option<String> {
    if by.internal + by.external == 0 {
        return None;
    }
    let mut s = format!(
        "{} of the {total} {} our own (internal) and {} came from partners and providers (external).",
        by.internal,
        if total == 1 { "was" } else { "were" },
        by.external
    );
    if total == 1 {
        s = if by.internal == 1 {
            "Its cause was internal: our own.".to_string()
        } else {
            "Its cause was external: a partner or provider.".to_string()
        };
    }
    if by.unknown > 0 {
        s.push_str(&format!(
            " The cause of {} is not recorded.",
            count_noun(by.unknown, "incident", "incidents")
        ));
    }
    Some(s)
}

fn resolve_sentence(times: Option<&ResolveTimes>, total: usize) -> Option<String> {
    let t = times?;
    let (median, p90, max) = (duration(t.median), duration(t.p90), duration(t.max));
    Some(match (t.resolved, t.resolved == total) {
        (1, true) => format!("It was resolved after {max}."),
        (1, false) => format!("The one resolved incident took {max} to resolve."),
        (_, true) => format!(
            "Half of the incidents were resolved within {median} and 90% within {p90}; the longest took {max}."
        ),
        (n, false) => format!(
            "Of the {n} resolved incidents, half were resolved within {median} and 90% within {p90}; the longest took {max}."
        ),
    })
}

fn uptime_intro(facts: &Facts, range: &MonthRange) -> String {
    let w = &facts.uptime_weights;
    let mut weights = vec![format!(
        "every minute of major outage counts {}",
        weight(w.major_outage)
    )];
    weights.push(format!(
        "a minute of partial outage {}",
        weight(w.partial_outage)
    ));
    if w.degraded_performance > 0.0 {
        weights.push(format!(
            "a minute of degraded performance {}",
            weight(w.degraded_performance)
        ));
    }
    format!(
        "Uptime by component in {}. As downtime, {}; maintenance is not downtime.",
        range_title(range),
        join_and(&weights)
    )
}

fn weight(w: f64) -> String {
    if w == 1.0 {
        "in full".to_string()
    } else {
        format!("{}", (w * 1000.0).round() / 1000.0)
    }
}

fn uptime_lines(facts: &Facts, year: i32) -> Vec<String> {
    facts
        .components
        .iter()
        .enumerate()
        .map(|(i, total)| {
            let name = markdown_inline(&total.name);
            if facts.months.len() == 1 {
                return format!("**{name}**: {}", uptime_with_downtime(total));
            }
            let per_month: Vec<(String, String)> = facts
                .months
                .iter()
                .filter_map(|m| {
                    m.components.get(i).map(|c| {
                        let value = match &c.data_from {
                            Some(_) => {
                                format!("{} of {}", uptime_percent(c.uptime_percent), covered(c))
                            }
                            None => uptime_percent(c.uptime_percent),
                        };
                        (value, month_in(m.month, year))
                    })
                })
                .collect();
            format!(
                "**{name}**: {}; {} in all",
                per_month_values(&per_month),
                downtime_words(total.downtime_minutes)
            )
        })
        .collect()
}

fn uptime_with_downtime(c: &ComponentFacts) -> String {
    match (c.uptime_percent, &c.data_from) {
        (None, _) => "no data for the period".to_string(),
        // Where the data begins inside the period, the figure says over how much of it: five
        // minutes of data are not a month's uptime.
        (Some(_), Some(_)) => format!(
            "{} of {} ({})",
            uptime_percent(c.uptime_percent),
            covered(c),
            downtime_words(c.downtime_minutes)
        ),
        (Some(_), None) => format!(
            "{} ({})",
            uptime_percent(c.uptime_percent),
            downtime_words(c.downtime_minutes)
        ),
    }
}

/// `the 5 min the data covers, from 2026-08-31 23:55 CEST`.
fn covered(c: &ComponentFacts) -> String {
    format!(
        "the {} the data covers, from {}",
        duration(c.observed_minutes),
        markdown_inline(c.data_from.as_deref().unwrap_or_default())
    )
}

fn downtime_words(minutes: f64) -> String {
    if minutes <= 0.0 {
        "no downtime".to_string()
    } else {
        format!("{} of downtime", duration(minutes))
    }
}

fn support_sentences(facts: &Facts, year: i32) -> Vec<String> {
    let Some(support) = &facts.support else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let months: Vec<String> = support
        .months
        .iter()
        .map(|r| r.period.name_in(year))
        .collect();
    let metric = |get: fn(&super::support::SupportRow) -> Option<f64>| -> Vec<(String, String)> {
        support
            .months
            .iter()
            .zip(&months)
            .filter_map(|(r, m)| get(r).map(|v| (percent(v), m.clone())))
            .collect()
    };
    let two_hours = metric(|r| r.first_response_within_2h_pct);
    if !two_hours.is_empty() {
        let mut s = per_month("of first responses within two hours", &two_hours);
        if let Some(base) = support.baseline {
            if let Some(v) = base.first_response_within_2h_pct {
                s.push_str(&format!(
                    ", against {} in {}",
                    percent(v),
                    base.period.name_in(year)
                ));
            }
        }
        out.push(format!("{s}."));
    }
    let day = metric(|r| r.replied_within_24h_pct);
    if !day.is_empty() {
        out.push(format!(
            "{}.",
            per_month("of customers got a reply within 24 hours", &day)
        ));
    }
    let satisfied = metric(|r| r.satisfaction_pct);
    if !satisfied.is_empty() {
        out.push(format!(
            "{}.",
            per_month(
                "of customers who rated their support were satisfied",
                &satisfied
            )
        ));
    }
    out
}

/// `99.54% in August and 100% in September`, or `100% in August and September`.
pub fn per_month_values(values: &[(String, String)]) -> String {
    per_month("", values).replace("  ", " ").trim().to_string()
}

/// `46% of X in August and 59% in September`, or `99% of X in August and September`.
fn per_month(label: &str, values: &[(String, String)]) -> String {
    let Some((first_value, first_month)) = values.first() else {
        return String::new();
    };
    if values.iter().all(|(v, _)| v == first_value) {
        let months: Vec<String> = values.iter().map(|(_, m)| m.clone()).collect();
        return format!("{first_value} {label} in {}", join_and(&months));
    }
    let mut parts = vec![format!("{first_value} {label} in {first_month}")];
    parts.extend(values[1..].iter().map(|(v, m)| format!("{v} in {m}")));
    join_and(&parts)
}

/// A percentage as the source gave it: whole numbers without decimals.
pub fn percent(v: f64) -> String {
    // `+ 0.0` turns a -0 from the source into 0: "-0%" reads as a fall.
    let v = v + 0.0;
    if v.fract() == 0.0 {
        format!("{v:.0}%")
    } else {
        format!("{v:.1}%")
    }
}

/// Uptime to two decimals, rounded down so that an imperfect month never reads as 100%.
pub fn uptime_percent(p: Option<f64>) -> String {
    match p {
        None => "no data".to_string(),
        Some(p) if p >= 100.0 => "100%".to_string(),
        Some(p) => format!("{:.2}%", (p * 100.0).floor() / 100.0),
    }
}

/// `45 min`, `2 h 10 min`, `1 day 3 h 5 min`; under a minute as `under a minute`.
pub fn duration(minutes: f64) -> String {
    let total = minutes.round() as i64;
    if total < 1 {
        return "under a minute".to_string();
    }
    let (d, h, m) = (total / 1440, (total % 1440) / 60, total % 60);
    let mut parts = Vec::new();
    match d {
        0 => {}
        1 => parts.push("1 day".to_string()),
        d => parts.push(format!("{d} days")),
    }
    if h > 0 {
        parts.push(format!("{h} h"));
    }
    if m > 0 {
        parts.push(format!("{m} min"));
    }
    parts.join(" ")
}

fn incidents(n: usize) -> String {
    match n {
        0 => "no incidents".to_string(),
        1 => "1 incident".to_string(),
        n => format!("{n} incidents"),
    }
}

fn none_or(n: usize) -> String {
    if n == 0 {
        "none".to_string()
    } else {
        n.to_string()
    }
}

fn count_noun(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn number_word(n: usize) -> String {
    const WORDS: [&str; 11] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    WORDS
        .get(n)
        .map_or_else(|| n.to_string(), |w| w.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_negative_zero_percentage_is_zero() {
        assert_eq!(percent(-0.0), "0%");
        assert_eq!(percent(46.0), "46%");
        assert_eq!(percent(99.5), "99.5%");
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(0.2), "under a minute");
        assert_eq!(duration(45.0), "45 min");
        assert_eq!(duration(120.0), "2 h");
        assert_eq!(duration(130.4), "2 h 10 min");
        assert_eq!(duration(1440.0 + 180.0), "1 day 3 h");
        assert_eq!(duration(2.0 * 1440.0 + 20.0), "2 days 20 min");
    }

    #[test]
    fn uptime_never_rounds_up_to_perfect() {
        assert_eq!(uptime_percent(Some(99.999)), "99.99%");
        assert_eq!(uptime_percent(Some(100.0)), "100%");
        assert_eq!(uptime_percent(None), "no data");
    }

    #[test]
    fn per_month_values_merge_when_equal() {
        let v = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(
            per_month("of X", &[v("46%", "August"), v("59%", "September")]),
            "46% of X in August and 59% in September"
        );
        assert_eq!(
            per_month("of X", &[v("99%", "August"), v("99%", "September")]),
            "99% of X in August and September"
        );
    }
}
