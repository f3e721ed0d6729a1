//! What a reader hands back: the records it kept, the places they were read from, and what it
//! did not keep ([`Sink`]).

use candor_core::{Dataset, Incident};

use crate::Issue;

/// What a reader made of one document.
#[derive(Debug, Default)]
pub struct Records {
    /// The records read, repaired where a warning says so.
    pub dataset: Dataset,
    /// The problems found, in document order.
    pub issues: Vec<Issue>,
    /// The kind of document, where the format has several (`summary`, `incidents`, ...).
    pub kind: Option<String>,
    /// The line each incident was read from, where the format has one (CSV), so that problems
    /// found after reading (a repeated id) can name it.
    pub lines: RecordLines,
    /// The incidents read but not kept ([`Sink::keep`]): their ids are still checked against
    /// every other.
    pub dropped: Dropped,
}

/// Where each incident goes as it is read, as ripgrep's searcher feeds a sink: an importer
/// offers it every incident it reads (the CSV importer row by row, as it streams; the others
/// each incident of a file once the file is read; a Statuspage page's once its snapshots are
/// merged), and what the sink does not keep is left out of the dataset. `check`, `feed`,
/// `badge` and `serve` keep every incident ([`KeepAll`]); `post` keeps whole only those its
/// figures need and counts the others (report-gen's `post::Window`).
pub trait Sink {
    fn keep(&mut self, incident: &Incident) -> bool;
}

/// The sink that keeps every incident.
#[derive(Debug, Clone, Copy, Default)]
pub struct KeepAll;

impl Sink for KeepAll {
    fn keep(&mut self, _: &Incident) -> bool {
        true
    }
}

/// The incidents of a file that a sink did not keep, as much as finding repeated ids needs:
/// each one's id, its place among the file's incidents as read (kept and dropped alike), and
/// its line where the format has one. The ids share one string: at a million dropped rows,
/// 16 MB rather than a million allocations.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dropped {
    ids: String,
    /// Where each id ends in `ids`.
    ends: Vec<usize>,
    /// Each one's place among the file's incidents as read, increasing.
    records: Vec<usize>,
    lines: RecordLines,
}

impl Dropped {
    /// Records a dropped incident: its id, its place among the file's incidents as read (after
    /// every one recorded before) and its line.
    pub fn push(&mut self, id: &str, record: usize, line: Option<usize>) {
        debug_assert!(self.records.last().is_none_or(|&last| last < record));
        self.ids.push_str(id);
        self.ends.push(self.ids.len());
        self.records.push(record);
        if let Some(line) = line {
            self.lines.push(line);
        }
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The id of the `k`th dropped incident.
    pub fn id(&self, k: usize) -> &str {
        let start = k.checked_sub(1).map_or(0, |before| self.ends[before]);
        self.ids.get(start..self.ends[k]).unwrap_or_default()
    }

    /// Each dropped incident's id and place as read.
    pub fn iter(&self) -> impl Iterator<Item = (&str, usize)> + '_ {
        (0..self.len()).map(|k| (self.id(k), self.records[k]))
    }

    /// The place as read of the `k`th dropped incident.
    pub fn record(&self, k: usize) -> Option<usize> {
        self.records.get(k).copied()
    }

    /// The line of the `k`th dropped incident, where the format has lines.
    pub fn line(&self, k: usize) -> Option<usize> {
        self.lines.get(k)
    }

    /// Which dropped incident was read at `record`, if one was.
    pub fn find(&self, record: usize) -> Option<usize> {
        self.records.binary_search(&record).ok()
    }

    /// How many dropped incidents were read before `record`.
    pub fn before(&self, record: usize) -> usize {
        self.records.partition_point(|&r| r < record)
    }

    pub fn shrink_to_fit(&mut self) {
        self.ids.shrink_to_fit();
        self.ends.shrink_to_fit();
        self.records.shrink_to_fit();
    }
}

/// The line of each record, in order, kept as runs of records on consecutive lines: in the
/// usual CSV file every record is one line, and a million lines take one run, not 8 MB.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordLines {
    /// (first record, its line) of each run; the records after it in the run are on the lines
    /// after it.
    runs: Vec<(usize, usize)>,
    len: usize,
}

impl RecordLines {
    /// How many records have a line.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Records the line of the next record.
    pub fn push(&mut self, line: usize) {
        let continues = self.runs.last().is_some_and(|&(first, first_line)| {
            first_line.checked_add(self.len - first) == Some(line)
        });
        if !continues {
            self.runs.push((self.len, line));
        }
        self.len += 1;
    }

    /// The line of record `record`.
    pub fn get(&self, record: usize) -> Option<usize> {
        if record >= self.len {
            return None;
        }
        let run = self.runs.partition_point(|&(first, _)| first <= record);
        let &(first, line) = self.runs.get(run.checked_sub(1)?)?;
        line.checked_add(record - first)
    }

    /// Every record's line, in order.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.len).filter_map(|record| self.get(record))
    }

    /// Appends `more`'s records, each line moved on by `offset`.
    pub fn append(&mut self, more: &RecordLines, offset: usize) {
        for (k, &(first, line)) in more.runs.iter().enumerate() {
            let end = more.runs.get(k + 1).map_or(more.len, |&(next, _)| next);
            // The run's first record may continue the last run here; the others follow it.
            self.push(line.saturating_add(offset));
            self.len += end - first - 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(lines: &[usize]) -> RecordLines {
        let mut recorded = RecordLines::default();
        for &line in lines {
            recorded.push(line);
        }
        recorded
    }

    #[test]
    fn record_lines_read_back_as_pushed() {
        let lines = [2, 3, 4, 6, 7, 7, 20, 21, 3];
        let recorded = of(&lines);
        assert_eq!(recorded.iter().collect::<Vec<_>>(), lines);
        assert_eq!(recorded.len(), lines.len());
        assert_eq!(recorded.get(lines.len()), None);
        assert_eq!(of(&(2..100_002).collect::<Vec<_>>()).runs.len(), 1);
    }

    #[test]
    fn appended_record_lines_are_moved_on() {
        for (first, second) in [
            (&[2, 3, 4][..], &[1, 2, 5][..]),
            (&[2, 3, 4][..], &[2, 3][..]),
            (&[][..], &[1, 2, 3, 9][..]),
            (&[5][..], &[][..]),
        ] {
            let mut appended = of(first);
            appended.append(&of(second), 3);
            let one_by_one: Vec<usize> = first
                .iter()
                .copied()
                .chain(second.iter().map(|l| l + 3))
                .collect();
            assert_eq!(appended, of(&one_by_one));
        }
    }
}
