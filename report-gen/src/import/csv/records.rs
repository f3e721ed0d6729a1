//! CSV records as the `csv` crate reads them (RFC 4180, `,` and `"`, any of `\r`, `\n` and
//! `\r\n` ending a record, blank lines passed over, a leading byte order mark dropped), with
//! the same fields, lines and byte positions, but a line without a quote or a carriage return
//! split where it stands instead of byte by byte: `csv_core`'s state machine was a fifth of the
//! import of a million rows. Every other record goes to `csv_core`, as the `csv` crate does.

use std::io::Read;
use std::ops::Range;

/// How much is read from the source at a time.
const CHUNK: usize = 1 << 20;

/// Reads records one at a time from `source`.
pub(super) struct Records<R> {
    source: R,
    /// Bytes read; those from `start` to `end` are not consumed yet.
    buffer: Vec<u8>,
    start: usize,
    end: usize,
    at_eof: bool,
    core: csv_core::Reader,
    /// Where the unconsumed bytes start in the source, and the line they are on (as the `csv`
    /// crate counts: one more than the line feeds before).
    byte: u64,
    line: u64,
    /// Whether the last record ended with a line feed, so that `csv_core` would start the next
    /// one afresh: only then may a line be split here. False at first, so that `csv_core`
    /// reads the first record and drops a byte order mark before it, as it does for the crate.
    at_record_start: bool,
    /// The fields of a record `csv_core` read, one after the other, and where each ends.
    fields: Vec<u8>,
    ends: Vec<usize>,
    /// The current record's fields: ranges of the line split here, or of `fields`.
    bounds: Vec<Range<usize>>,
}

/// One record: its fields and where it starts.
pub(super) struct Record<'a> {
    /// The record's bytes; each of `bounds` is one field in them.
    pub bytes: &'a [u8],
    pub bounds: &'a [Range<usize>],
    /// As `csv::Position::line` of the record: the line where reading it began (before any
    /// blank lines passed over).
    pub line: u64,
}

impl Record<'_> {
    pub fn len(&self) -> usize {
        self.bounds.len()
    }

    pub fn fields(&self) -> impl Iterator<Item = &[u8]> + '_ {
        self.bounds.iter().map(|range| &self.bytes[range.clone()])
    }

    /// The fields one after the other, as the `csv` crate holds a record, and where each is.
    pub fn joined(&self) -> (Vec<u8>, Vec<Range<usize>>) {
        let mut bytes = Vec::with_capacity(self.bytes.len());
        let mut bounds = Vec::with_capacity(self.bounds.len());
        for field in self.fields() {
            let start = bytes.len();
            bytes.extend_from_slice(field);
            bounds.push(start..bytes.len());
        }
        (bytes, bounds)
    }
}

impl<R: Read> Records<R> {
    pub fn new(source: R) -> Records<R> {
        Records {
            source,
            buffer: vec![0; CHUNK],
            start: 0,
            end: 0,
            at_eof: false,
            core: csv_core::Reader::new(),
            byte: 0,
            line: 1,
            at_record_start: false,
            fields: vec![0; 1024],
            ends: vec![0; 16],
            bounds: Vec::new(),
        }
    }

    /// Where the next record starts: (byte, line), as `csv::Reader::position`.
    pub fn position(&self) -> (u64, u64) {
        (self.byte, self.line)
    }

    /// The next record; `None` at the end.
    pub fn next_record(&mut self) -> std::io::Result<Option<Record<'_>>> {
        let line = self.line;
        loop {
            if self.start == self.end && !self.at_eof {
                self.fill()?;
            }
            if !self.at_record_start {
                break;
            }
            let unread = &self.buffer[self.start..self.end];
            let Some(length) = memchr::memchr(b'\n', unread) else {
                if self.at_eof || !self.fill()? {
                    break;
                }
                continue;
            };
            if memchr::memchr2(b'"', b'\r', &unread[..length]).is_some() {
                break;
            }
            self.consume(length + 1, 1);
            if length == 0 {
                // A blank line: `csv_core` passes over it too.
                continue;
            }
            let bytes = &self.buffer[self.start - length - 1..self.start - 1];
            self.bounds.clear();
            let mut field_start = 0;
            for comma in memchr::memchr_iter(b',', bytes) {
                self.bounds.push(field_start..comma);
                field_start = comma + 1;
            }
            self.bounds.push(field_start..length);
            return Ok(Some(Record {
                bytes,
                bounds: &self.bounds,
                line,
            }));
        }
        self.read_with_core(line)
    }

    /// The next record read by `csv_core`, as `csv::Reader::read_byte_record` does.
    fn read_with_core(&mut self, line: u64) -> std::io::Result<Option<Record<'_>>> {
        use csv_core::ReadRecordResult;
        let (mut written, mut ended) = (0, 0);
        loop {
            if self.start == self.end && !self.at_eof {
                self.fill()?;
            }
            let input = &self.buffer[self.start..self.end];
            let (result, read, out, ends) =
                self.core
                    .read_record(input, &mut self.fields[written..], &mut self.ends[ended..]);
            let line_feeds = memchr::memchr_iter(b'\n', &input[..read]).count();
            let last = read.checked_sub(1).map(|i| input[i]);
            self.consume(read, line_feeds as u64);
            written += out;
            ended += ends;
            match result {
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => {
                    let larger = self.fields.len() * 2;
                    self.fields.resize(larger, 0);
                }
                ReadRecordResult::OutputEndsFull => {
                    let larger = self.ends.len() * 2;
                    self.ends.resize(larger, 0);
                }
                ReadRecordResult::Record => {
                    // At the end of the input the last record ends without a byte.
                    self.at_record_start = last == Some(b'\n');
                    self.bounds.clear();
                    let mut field_start = 0;
                    for &end in &self.ends[..ended] {
                        self.bounds.push(field_start..end);
                        field_start = end;
                    }
                    return Ok(Some(Record {
                        bytes: &self.fields[..written],
                        bounds: &self.bounds,
                        line,
                    }));
                }
                ReadRecordResult::End => return Ok(None),
            }
        }
    }

    fn consume(&mut self, bytes: usize, line_feeds: u64) {
        self.start += bytes;
        self.byte += bytes as u64;
        self.line += line_feeds;
    }

    /// Reads more of the source behind the unconsumed bytes (moved to the front, the buffer
    /// grown when they fill it). False at the end of the source.
    fn fill(&mut self) -> std::io::Result<bool> {
        self.buffer.copy_within(self.start..self.end, 0);
        self.end -= self.start;
        self.start = 0;
        if self.end == self.buffer.len() {
            let larger = self.buffer.len() * 2;
            self.buffer.resize(larger, 0);
        }
        loop {
            match self.source.read(&mut self.buffer[self.end..]) {
                Ok(0) => {
                    self.at_eof = true;
                    return Ok(false);
                }
                Ok(read) => {
                    self.end += read;
                    return Ok(true);
                }
                Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
                Err(err) => return Err(err),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every record as the `csv` crate reads it: fields, line and byte where it starts.
    fn by_the_crate(input: &[u8]) -> Vec<(Vec<Vec<u8>>, u64, u64)> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(input);
        let mut read = Vec::new();
        let mut record = csv::ByteRecord::new();
        loop {
            let at = reader.position().byte();
            if !reader.read_byte_record(&mut record).expect("no I/O error") {
                break;
            }
            let line = record.position().map_or(0, |p| p.line());
            read.push((record.iter().map(<[u8]>::to_vec).collect(), line, at));
        }
        read
    }

    /// The same, as [`Records`] reads it, its buffer starting as small as `chunk`.
    fn by_records(input: &[u8], chunk: usize) -> Vec<(Vec<Vec<u8>>, u64, u64)> {
        let mut records = Records::new(input);
        // Small buffers: lines cut at every place, and buffers grown. At least 4 bytes, as
        // `csv_core` takes a first input of only a byte order mark for the end (so does the
        // crate, with fewer bytes than the file; a file's first read is larger).
        records.buffer = vec![0; chunk];
        let mut read = Vec::new();
        loop {
            let (at, _) = records.position();
            let Some(record) = records.next_record().expect("no I/O error") else {
                break;
            };
            let fields = record.fields().map(<[u8]>::to_vec).collect();
            read.push((fields, record.line, at));
        }
        read
    }

    fn agree(input: &[u8]) {
        let expected = by_the_crate(input);
        for chunk in [4, 5, 7, CHUNK] {
            assert_eq!(
                by_records(input, chunk),
                expected,
                "{input:?}, chunk {chunk}"
            );
        }
    }

    #[test]
    fn records_read_as_the_csv_crate_reads_them() {
        for input in [
            "",
            "a",
            "a\n",
            "a,b\nc,d\n",
            "\n\n\na,b\n\n,\n,,\n",
            "a,\"b\nc\",d\ne,f\n",
            "a\r\nb\r\n\r\nc",
            "a\rb\r\rc\n",
            "\u{feff}a,b\n\u{feff}c\n",
            "\u{feff}\"a\",b\n",
            "\"a\"\"b\",c\n\"\"\n\"x\"y,z\n",
            "é,ü\n\"ß\",\u{3000}\n",
            "a,b\n\"unterminated\nc,d\n",
        ] {
            agree(input.as_bytes());
        }
        agree(b"\xc3,\xa9\n\xff\n\"\xc3\",x\n");
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_read_as_the_csv_crate_reads_them(
            input in proptest::collection::vec(
                proptest::sample::select(b"ab,\"\r\n \xef\xbb\xbf".to_vec()), 0..60)
        ) {
            agree(&input);
        }
    }
}
