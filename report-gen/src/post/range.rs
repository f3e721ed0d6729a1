//! The months a post reports on: `YYYY-MM` or `YYYY-MM..YYYY-MM`, and how they are named in prose.

use std::fmt;
use std::str::FromStr;

use candor_core::YearMonth;

/// One month or a run of consecutive months, oldest first, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthRange {
    pub first: YearMonth,
    pub last: YearMonth,
}

/// Why a `--month` value was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadRange {
    #[error("`{0}` is not a month or a range of months: expected YYYY-MM (e.g. 2026-08) or YYYY-MM..YYYY-MM (e.g. 2026-08..2026-09)")]
    Syntax(String),
    #[error("`{0}` runs backwards: the first month must not be after the last")]
    Backwards(String),
    #[error("`{0}` is before the year 1: expected a month from 0001-01 on")]
    BeforeYearOne(String),
}

impl MonthRange {
    pub fn single(month: YearMonth) -> MonthRange {
        MonthRange {
            first: month,
            last: month,
        }
    }

    /// The months of the range, oldest first.
    pub fn months(&self) -> Vec<YearMonth> {
        self.first.through(self.last)
    }

    /// How many months the range holds (at least one).
    pub fn month_count(&self) -> usize {
        self.months().len()
    }

    pub fn is_single(&self) -> bool {
        self.first == self.last
    }

    pub fn contains(&self, month: YearMonth) -> bool {
        self.first <= month && month <= self.last
    }
}

impl FromStr for MonthRange {
    type Err = BadRange;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let syntax = || BadRange::Syntax(s.to_string());
        let (first, last) = match s.trim().split_once("..") {
            Some((a, b)) => (
                a.parse().map_err(|_| syntax())?,
                b.parse().map_err(|_| syntax())?,
            ),
            None => {
                let m: YearMonth = s.parse().map_err(|_| syntax())?;
                (m, m)
            }
        };
        if first > last {
            return Err(BadRange::Backwards(s.to_string()));
        }
        if first.year < 1 {
            return Err(BadRange::BeforeYearOne(s.to_string()));
        }
        Ok(MonthRange { first, last })
    }
}

impl fmt::Display for MonthRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_single() {
            write!(f, "{}", self.first)
        } else {
            write!(f, "{}..{}", self.first, self.last)
        }
    }
}

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `August`.
pub fn month_name(month: YearMonth) -> &'static str {
    MONTH_NAMES[(month.month.clamp(1, 12) - 1) as usize]
}

/// `August 2026`.
pub fn month_and_year(month: YearMonth) -> String {
    format!("{} {}", month_name(month), month.year)
}

/// A month as a sentence about `context_year` names it: without the year when it is that year.
pub fn month_in(month: YearMonth, context_year: i32) -> String {
    if month.year == context_year {
        month_name(month).to_string()
    } else {
        month_and_year(month)
    }
}

/// `Oct 2023`: short enough for a chart axis.
pub fn short_month(month: YearMonth) -> String {
    format!("{} {}", &month_name(month)[..3], month.year)
}

/// The range as a title names it: `August 2026`, `August and September 2026`,
/// `July to September 2026`, `December 2025 and January 2026`.
pub fn range_title(range: &MonthRange) -> String {
    let (a, b) = (range.first, range.last);
    if range.is_single() {
        return month_and_year(a);
    }
    let joiner = if range.month_count() == 2 {
        "and"
    } else {
        "to"
    };
    if a.year == b.year {
        format!("{} {joiner} {}", month_name(a), month_and_year(b))
    } else {
        format!("{} {joiner} {}", month_and_year(a), month_and_year(b))
    }
}

/// Joins words the English way: `a`, `a and b`, `a, b and c`.
pub fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ym(s: &str) -> YearMonth {
        s.parse().expect("test month")
    }

    #[test]
    fn a_single_month_and_a_range_parse() {
        let one: MonthRange = "2026-08".parse().expect("valid");
        assert!(one.is_single());
        let two: MonthRange = "2026-08..2026-09".parse().expect("valid");
        assert_eq!(two.months(), [ym("2026-08"), ym("2026-09")]);
        assert_eq!(two.to_string(), "2026-08..2026-09");
    }

    #[test]
    fn bad_ranges_say_what_is_allowed() {
        for bad in [
            "2026-13",
            "2026-8",
            "August",
            "2026-08..",
            "2026-08...2026-09",
        ] {
            let err = bad.parse::<MonthRange>().expect_err(bad).to_string();
            assert!(err.contains("expected YYYY-MM"), "{bad}: {err}");
        }
        let err = "2026-09..2026-08"
            .parse::<MonthRange>()
            .expect_err("backwards");
        assert!(err.to_string().contains("runs backwards"));
        let err = "0000-05".parse::<MonthRange>().expect_err("year 0");
        assert!(err.to_string().contains("from 0001-01 on"), "{err}");
    }

    #[test]
    fn a_window_stops_at_the_first_month_of_year_one() {
        let window = ym("0001-03").window_ending(1200);
        assert_eq!(window, [ym("0001-01"), ym("0001-02"), ym("0001-03")]);
    }

    #[test]
    fn ranges_are_named_like_a_person_would() {
        let t = |s: &str| range_title(&s.parse().expect("valid"));
        assert_eq!(t("2026-08"), "August 2026");
        assert_eq!(t("2026-08..2026-09"), "August and September 2026");
        assert_eq!(t("2026-07..2026-09"), "July to September 2026");
        assert_eq!(t("2025-12..2026-01"), "December 2025 and January 2026");
        assert_eq!(
            join_and(&["a".into(), "b".into(), "c".into()]),
            "a, b and c"
        );
    }
}
