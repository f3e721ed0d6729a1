//! Customer-support figures from the author's CSV, and which period each reported month is
//! compared with.
//!
//! The file has the header `period,first_response_within_2h_pct,replied_within_24h_pct,satisfaction_pct`;
//! `period` is `YYYY-MM` or `YYYY-Qn`; each figure is a percentage from 0 to 100, or empty when
//! not known.

use std::fmt;
use std::path::{Path, PathBuf};

use candor_core::YearMonth;
use serde::Serialize;

use super::range::{month_in, MonthRange};

pub const COLUMNS: [&str; 4] = [
    "period",
    "first_response_within_2h_pct",
    "replied_within_24h_pct",
    "satisfaction_pct",
];

/// A month or a calendar quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    Month(YearMonth),
    Quarter { year: i32, quarter: u32 },
}

impl Period {
    pub fn first_month(self) -> YearMonth {
        match self {
            Period::Month(m) => m,
            Period::Quarter { year, quarter } => YearMonth {
                year,
                month: 3 * quarter - 2,
            },
        }
    }

    pub fn last_month(self) -> YearMonth {
        match self {
            Period::Month(m) => m,
            Period::Quarter { year, quarter } => YearMonth {
                year,
                month: 3 * quarter,
            },
        }
    }

    /// How a sentence about months of `context_year` names the period: `July`, `July 2025`,
    /// `the second quarter`, `the fourth quarter of 2025`.
    pub fn name_in(self, context_year: i32) -> String {
        match self {
            Period::Month(m) => month_in(m, context_year),
            Period::Quarter { year, quarter } => {
                let nth =
                    ["first", "second", "third", "fourth"][(quarter.clamp(1, 4) - 1) as usize];
                if year == context_year {
                    format!("the {nth} quarter")
                } else {
                    format!("the {nth} quarter of {year}")
                }
            }
        }
    }

    fn parse(s: &str) -> Option<Period> {
        let s = s.trim();
        if let Some((y, q)) = s.split_once("-Q").or_else(|| s.split_once("-q")) {
            let year: i32 = y.parse().ok().filter(|_| y.len() == 4)?;
            let quarter: u32 = q
                .parse()
                .ok()
                .filter(|n| q.len() == 1 && (1..=4).contains(n))?;
            return Some(Period::Quarter { year, quarter });
        }
        s.parse().ok().map(Period::Month)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Month(m) => write!(f, "{m}"),
            Period::Quarter { year, quarter } => write!(f, "{year:04}-Q{quarter}"),
        }
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// One row of the file.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SupportRow {
    pub period: Period,
    pub first_response_within_2h_pct: Option<f64>,
    pub replied_within_24h_pct: Option<f64>,
    pub satisfaction_pct: Option<f64>,
}

/// Every row of the file, oldest period first.
#[derive(Debug, Clone, PartialEq)]
pub struct SupportTable {
    pub rows: Vec<SupportRow>,
}

/// What was wrong with the support file, and where.
#[derive(Debug, thiserror::Error)]
pub enum SupportError {
    #[error("{file}: {source}")]
    Read {
        file: PathBuf,
        source: std::io::Error,
    },
    #[error("{file}, line {line}: {message}")]
    Csv {
        file: PathBuf,
        line: u64,
        message: String,
    },
    #[error("{file}: the header must name the columns {expected}; {problem}", expected = COLUMNS.join(","))]
    Header { file: PathBuf, problem: String },
    #[error("{file}, line {line}, field `{field}`: {message}")]
    Field {
        file: PathBuf,
        line: u64,
        field: &'static str,
        message: String,
    },
    #[error("{file}: no row for {missing}; a post about {range} needs a row for each of its months (the file has {present})")]
    Missing {
        file: PathBuf,
        missing: String,
        range: String,
        present: String,
    },
}

impl SupportTable {
    pub fn read(path: &Path) -> Result<SupportTable, SupportError> {
        let text = std::fs::read_to_string(path).map_err(|source| SupportError::Read {
            file: path.to_path_buf(),
            source,
        })?;
        SupportTable::parse(&text, path)
    }

    /// Reads the CSV text; `file` names it in errors.
    pub fn parse(text: &str, file: &Path) -> Result<SupportTable, SupportError> {
        let file = file.to_path_buf();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let csv_error = |e: csv::Error| SupportError::Csv {
            file: file.clone(),
            line: e.position().map_or(1, |p| p.line()),
            message: e.to_string(),
        };
        let header = reader.headers().map_err(csv_error)?.clone();
        let mut index = [0usize; 4];
        for (slot, name) in index.iter_mut().zip(COLUMNS) {
            *slot = header
                .iter()
                .position(|h| h == name)
                .ok_or_else(|| SupportError::Header {
                    file: file.clone(),
                    problem: format!(
                        "`{name}` is missing (found: {})",
                        header.iter().collect::<Vec<_>>().join(",")
                    ),
                })?;
        }
        if let Some(extra) = header.iter().find(|h| !COLUMNS.contains(h)) {
            return Err(SupportError::Header {
                file: file.clone(),
                problem: format!("`{extra}` is not one of them"),
            });
        }
        let mut rows: Vec<(SupportRow, u64)> = Vec::new();
        for record in reader.records() {
            let record = record.map_err(csv_error)?;
            let line = record.position().map_or(0, |p| p.line());
            let field = |i: usize| record.get(index[i]).unwrap_or("");
            let period = Period::parse(field(0)).ok_or_else(|| SupportError::Field {
                file: file.clone(),
                line,
                field: COLUMNS[0],
                message: format!("`{}` is not a period: expected YYYY-MM (e.g. 2026-08) or YYYY-Qn (e.g. 2026-Q2)", field(0)),
            })?;
            if let Some((_, first_line)) = rows.iter().find(|(r, _)| r.period == period) {
                return Err(SupportError::Field {
                    file: file.clone(),
                    line,
                    field: COLUMNS[0],
                    message: format!("{period} already has a row, on line {first_line}"),
                });
            }
            let percent = |i: usize| -> Result<Option<f64>, SupportError> {
                let raw = field(i).trim_end_matches('%').trim();
                if raw.is_empty() {
                    return Ok(None);
                }
                match raw.parse::<f64>() {
                    Ok(v) if (0.0..=100.0).contains(&v) => Ok(Some(v)),
                    _ => Err(SupportError::Field {
                        file: file.clone(),
                        line,
                        field: COLUMNS[i],
                        message: format!("`{}` is not a percentage: expected a number from 0 to 100, or nothing when not known", field(i)),
                    }),
                }
            };
            rows.push((
                SupportRow {
                    period,
                    first_response_within_2h_pct: percent(1)?,
                    replied_within_24h_pct: percent(2)?,
                    satisfaction_pct: percent(3)?,
                },
                line,
            ));
        }
        let mut rows: Vec<SupportRow> = rows.into_iter().map(|(r, _)| r).collect();
        rows.sort_by_key(|r| (r.period.last_month(), r.period.first_month()));
        Ok(SupportTable { rows })
    }

    /// The row for each month of the range, or an error naming the months without one.
    pub fn rows_for(
        &self,
        range: &MonthRange,
        file: &Path,
    ) -> Result<Vec<SupportRow>, SupportError> {
        let mut found = Vec::new();
        let mut missing = Vec::new();
        for month in range.months() {
            match self.rows.iter().find(|r| r.period == Period::Month(month)) {
                Some(row) => found.push(*row),
                None => missing.push(month.to_string()),
            }
        }
        if missing.is_empty() {
            Ok(found)
        } else {
            Err(SupportError::Missing {
                file: file.to_path_buf(),
                missing: missing.join(", "),
                range: range.to_string(),
                present: self
                    .rows
                    .iter()
                    .map(|r| r.period.to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
        }
    }

    /// The period the range is compared with: the one that ends last before the range begins;
    /// of two ending in the same month, the longer (a quarter says more than its last month).
    pub fn baseline_for(&self, range: &MonthRange) -> Option<SupportRow> {
        self.rows
            .iter()
            .filter(|r| r.period.last_month() < range.first)
            .max_by_key(|r| {
                (
                    r.period.last_month(),
                    std::cmp::Reverse(r.period.first_month()),
                )
            })
            .copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str =
        "period,first_response_within_2h_pct,replied_within_24h_pct,satisfaction_pct\n";

    fn table(rows: &str) -> Result<SupportTable, SupportError> {
        SupportTable::parse(&format!("{HEADER}{rows}"), Path::new("support.csv"))
    }

    fn range(s: &str) -> MonthRange {
        s.parse().expect("test range")
    }

    #[test]
    fn months_and_quarters_are_read_and_sorted() {
        let t = table("2026-09,59,99,91\n2026-Q2,60,99,90\n2026-08,46,99,\n").expect("valid");
        let periods: Vec<String> = t.rows.iter().map(|r| r.period.to_string()).collect();
        assert_eq!(periods, ["2026-Q2", "2026-08", "2026-09"]);
        assert_eq!(t.rows[1].satisfaction_pct, None);
    }

    #[test]
    fn the_baseline_is_the_last_period_before_the_range() {
        let t = table("2026-Q2,60,99,90\n2026-06,58,99,90\n2026-08,46,99,91\n2026-09,59,99,91\n")
            .expect("valid");
        let base = t
            .baseline_for(&range("2026-08..2026-09"))
            .expect("a baseline");
        assert_eq!(base.period.to_string(), "2026-Q2");
        assert_eq!(base.period.name_in(2026), "the second quarter");
        let t = table("2026-Q2,60,99,90\n2026-07,50,99,90\n2026-08,46,99,91\n").expect("valid");
        let base = t.baseline_for(&range("2026-08")).expect("a baseline");
        assert_eq!(base.period.to_string(), "2026-07");
    }

    #[test]
    fn a_bad_row_names_the_file_line_and_field() {
        let err = table("2026-Q2,60,99,90\n2026-08,forty-six,99,91\n").expect_err("bad");
        assert_eq!(
            err.to_string(),
            "support.csv, line 3, field `first_response_within_2h_pct`: `forty-six` is not a percentage: expected a number from 0 to 100, or nothing when not known"
        );
        let err = table("2026-Q5,60,99,90\n").expect_err("bad quarter");
        assert!(
            err.to_string()
                .contains("line 2, field `period`: `2026-Q5` is not a period"),
            "{err}"
        );
        let err = table("2026-08,60,99,90\n2026-08,61,99,90\n").expect_err("duplicate");
        assert!(
            err.to_string()
                .contains("line 3, field `period`: 2026-08 already has a row, on line 2"),
            "{err}"
        );
        let err = table("2026-08,60,101,90\n").expect_err("over 100");
        assert!(
            err.to_string().contains("field `replied_within_24h_pct`"),
            "{err}"
        );
        let err = table("2026-08,60,99\n").expect_err("short row");
        assert!(err.to_string().starts_with("support.csv, line 2:"), "{err}");
    }

    #[test]
    fn a_missing_month_is_an_error() {
        let t = table("2026-08,46,99,91\n").expect("valid");
        let err = t
            .rows_for(&range("2026-08..2026-09"), Path::new("support.csv"))
            .expect_err("missing");
        assert!(err.to_string().contains("no row for 2026-09"), "{err}");
    }

    #[test]
    fn a_wrong_header_is_named() {
        let err =
            SupportTable::parse("period,within_2h\n", Path::new("s.csv")).expect_err("bad header");
        assert!(
            err.to_string()
                .contains("`first_response_within_2h_pct` is missing"),
            "{err}"
        );
    }
}
