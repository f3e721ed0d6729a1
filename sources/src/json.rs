//! A small pull reader for JSON (RFC 8259), for documents that come from the network.
//!
//! Why not serde_json here: the feed and Statuspage's API documents are read in the widget,
//! whose wasm a customer's page loads. Deriving `Deserialize` for the feed's types, through
//! serde_json, made up over a quarter of the widget's gzip size (about 43 KB of 150 KB); this
//! reader and the hand-written reading on top of it ([`crate::feed::parse`],
//! [`crate::statuspage::parse_document`]) cost a few KB. serde_json still writes every document
//! and reads the JSON only `report-gen` reads (Upptime's files).
//!
//! The reader is strict JSON: no comments, no trailing commas, no leading zeros, no unescaped
//! control characters in strings, no lone surrogates, nothing after the value. It never panics,
//! and nests at most [`MAX_DEPTH`] arrays and objects. Numbers are read as serde_json reads them
//! by default: exactly for up to 15 significant digits and exponents within ±22 (every number the
//! feed writes), within a unit in the last place otherwise.
//!
//! The caller walks the document: [`Reader::object`] calls back for each key, [`Reader::array`]
//! for each element, and each callback reads (or [`Reader::skip`]s) exactly one value. Callbacks
//! are `dyn`, so that each document type costs one copy of the walking code, not one per field.

use std::fmt;

/// The deepest nesting of arrays and objects read.
pub const MAX_DEPTH: usize = 128;

/// Why a document could not be read, and where (1-based line and column, in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// The keys leading to the value at fault, as `components.days`; empty at the top.
    pub field: String,
    pub message: String,
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.field.is_empty() {
            write!(f, "{}: ", self.field)?;
        }
        write!(
            f,
            "{} at line {} column {}",
            self.message, self.line, self.column
        )
    }
}

impl JsonError {
    /// The same error, inside the value of `key`.
    #[cold]
    #[inline(never)]
    pub fn in_field(mut self, key: &str) -> JsonError {
        self.field = if self.field.is_empty() || self.field.starts_with('[') {
            format!("{key}{}", self.field)
        } else {
            format!("{key}.{}", self.field)
        };
        self
    }

    /// The same error, inside the element at `index` (from 0) of an array: `[3].name`.
    #[cold]
    #[inline(never)]
    pub fn in_item(mut self, index: usize) -> JsonError {
        self.field = if self.field.is_empty() || self.field.starts_with('[') {
            format!("[{index}]{}", self.field)
        } else {
            format!("[{index}].{}", self.field)
        };
        self
    }
}

impl std::error::Error for JsonError {}

pub type Result<T> = std::result::Result<T, JsonError>;

/// Reads an object of known fields, each declared once: its key, `(required)` if it must be
/// given, and the code that reads its value (with the reader, named as the first argument):
///
/// ```ignore
/// json::fields!(r, {
///     "id" (required) => c.id = r.string()?,
///     "name" => c.name = r.optional_string()?,
/// })?;
/// ```
///
/// It expands to one call of [`Reader::fields`]: the keys in the order written, the bits of
/// the required ones, and a closure whose `match` has one arm per key with the key's index,
/// counted here: so no key can be read by another key's code. At most 64 keys (the bits of
/// `Reader::fields`' set; a 65th does not compile). Other keys are skipped; a key given twice
/// or a required one missing is an error.
macro_rules! fields {
    ($r:ident, { $( $name:literal $( ($flag:ident) )? => $body:expr ),+ $(,)? }) => {{
        const NAMES: &[&str] = &[$($name),+];
        const REQUIRED: u64 =
            $crate::json::required_bits(&[$($crate::json::fields!(@required $($flag)?)),+]);
        $r.fields(NAMES, REQUIRED, &mut |$r, field| {
            $crate::json::fields!(@arms $r, field, [], [
                0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29
                30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55
                56 57 58 59 60 61 62 63
            ] $(, $body)+)
        })
    }};
    (@required required) => { true };
    (@required) => { false };
    // Each step gives the next body the next index of the list.
    (@arms $r:ident, $field:ident, [$($arms:tt)*], [$index:literal $($indices:literal)*],
        $body:expr $(, $more:expr)*) => {
        $crate::json::fields!(@arms $r, $field, [$($arms)* $index => { $body; }], [$($indices)*]
            $(, $more)*)
    };
    (@arms $r:ident, $field:ident, [$($arms:tt)*], [$($indices:literal)*]) => {{
        match $field {
            $($arms)*
            // Cannot happen: `Reader::fields` passes only the indices of the names, all above.
            _ => $r.skip()?,
        }
        Ok(())
    }};
}
pub(crate) use fields;

/// The bits of the `true`s in `flags`, for [`Reader::fields`]' `required` ([`fields!`]'s use).
pub const fn required_bits(flags: &[bool]) -> u64 {
    let mut bits = 0;
    let mut i = 0;
    while i < flags.len() {
        if flags[i] {
            bits |= 1 << i;
        }
        i += 1;
    }
    bits
}

/// A position in one JSON document.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    text: &'a str,
    pos: usize,
    depth: usize,
}

impl<'a> Reader<'a> {
    /// A reader of `bytes`, which must be UTF-8 (a byte order mark is not JSON, and not skipped).
    pub fn new(bytes: &'a [u8]) -> Result<Reader<'a>> {
        match std::str::from_utf8(bytes) {
            Ok(text) => Ok(Reader {
                text,
                pos: 0,
                depth: 0,
            }),
            Err(e) => {
                // The valid part is text, so the error can say where in it the bad bytes start.
                let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
                let reader = Reader {
                    text: valid,
                    pos: valid.len(),
                    depth: 0,
                };
                Err(reader.error("invalid UTF-8"))
            }
        }
    }

    /// An error at the current position.
    #[cold]
    #[inline(never)]
    pub fn error(&self, message: impl Into<String>) -> JsonError {
        self.error_at(self.pos, message)
    }

    /// Where the next value starts (after whitespace), for [`Reader::error_at`]: so that an
    /// error found once a value is read (a word not allowed, a malformed date) points at the
    /// value rather than past it.
    pub fn mark(&mut self) -> usize {
        self.peek();
        self.pos
    }

    /// The document's text from a place [`Reader::mark`] gave to where the reader is: a value
    /// as written, for messages.
    pub fn since(&self, mark: usize) -> &'a str {
        self.text.get(mark..self.pos).unwrap_or_default()
    }

    /// An error at a place [`Reader::mark`] gave.
    #[cold]
    #[inline(never)]
    pub fn error_at(&self, mark: usize, message: impl Into<String>) -> JsonError {
        let before = self.text.get(..mark).unwrap_or(self.text);
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        JsonError {
            field: String::new(),
            message: message.into(),
            line,
            column: before[line_start..].chars().count() + 1,
        }
    }

    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    /// The next byte after whitespace, not consumed.
    fn peek(&mut self) -> Option<u8> {
        while let Some(&b) = self.bytes().get(self.pos) {
            if matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
                self.pos += 1;
            } else {
                return Some(b);
            }
        }
        None
    }

    /// What the next value is, in words, for messages.
    pub fn found(&mut self) -> &'static str {
        match self.peek() {
            None => "the end of the document",
            Some(b'{') => "an object",
            Some(b'[') => "an array",
            Some(b'"') => "a string",
            Some(b't' | b'f') => "a boolean",
            Some(b'n') => "null",
            Some(b'-' | b'0'..=b'9') => "a number",
            Some(_) => "something that is not JSON",
        }
    }

    #[cold]
    #[inline(never)]
    fn expected(&mut self, what: &str) -> JsonError {
        let found = self.found();
        self.error(format!("expected {what}, found {found}"))
    }

    /// Consumes `byte` (after whitespace), or fails saying `what` was expected.
    fn eat(&mut self, byte: u8, what: &str) -> Result<()> {
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.expected(what))
        }
    }

    fn literal(&mut self, word: &str) -> Result<()> {
        if self.text[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(self.error("expected a JSON value"))
        }
    }

    fn enter(&mut self) -> Result<()> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error(format!("nested deeper than {MAX_DEPTH} arrays and objects")));
        }
        self.depth += 1;
        self.pos += 1;
        Ok(())
    }

    /// Reads an object, calling `field` with each key; `field` must read or skip its value.
    pub fn object(&mut self, field: &mut dyn FnMut(&mut Self, &str) -> Result<()>) -> Result<()> {
        if self.peek() != Some(b'{') {
            return Err(self.expected("an object"));
        }
        self.enter()?;
        if self.peek() == Some(b'}') {
            self.pos += 1;
        } else {
            loop {
                if self.peek() != Some(b'"') {
                    return Err(self.expected("a key in quotes"));
                }
                let key = self.string()?;
                self.eat(b':', "`:` after a key")?;
                field(self, &key)?;
                match self.peek() {
                    Some(b',') => self.pos += 1,
                    Some(b'}') => {
                        self.pos += 1;
                        break;
                    }
                    _ => return Err(self.expected("`,` or `}` in an object")),
                }
            }
        }
        self.depth -= 1;
        Ok(())
    }

    /// Reads an object of known fields: for each key that is one of `names`, calls `field`
    /// with its index, which must read the value; other keys are skipped. A key given twice is
    /// an error, and so is a missing one among the names whose bit is set in `required` (bit
    /// `i` for `names[i]`; the first missing in `names`' order is named). An error inside a
    /// value gets the key in its [`JsonError::field`]. Called through [`fields!`], which
    /// declares each field once and numbers the indices itself.
    pub fn fields(
        &mut self,
        names: &[&str],
        required: u64,
        field: &mut dyn FnMut(&mut Self, usize) -> Result<()>,
    ) -> Result<()> {
        let mut seen = 0u64;
        self.object(&mut |r, key| {
            let Some(index) = names.iter().position(|n| *n == key) else {
                return r.skip();
            };
            if seen & (1 << index) != 0 {
                return Err(r.error(format!("the key `{key}` is given twice")));
            }
            seen |= 1 << index;
            field(r, index).map_err(|e| e.in_field(key))
        })?;
        match (0..names.len()).find(|i| required & !seen & (1 << i) != 0) {
            Some(i) => Err(self.error(format!("missing field `{}`", names[i]))),
            None => Ok(()),
        }
    }

    /// Reads an array, calling `item` for each element; `item` must read or skip it.
    pub fn array(&mut self, item: &mut dyn FnMut(&mut Self) -> Result<()>) -> Result<()> {
        self.walk_array(false, item)
    }

    /// [`Reader::array`], where an error inside an element gets the element's index in its
    /// [`JsonError::field`]: `[3].name`.
    pub fn items(&mut self, item: &mut dyn FnMut(&mut Self) -> Result<()>) -> Result<()> {
        self.walk_array(true, item)
    }

    fn walk_array(
        &mut self,
        indexed: bool,
        item: &mut dyn FnMut(&mut Self) -> Result<()>,
    ) -> Result<()> {
        if self.peek() != Some(b'[') {
            return Err(self.expected("an array"));
        }
        self.enter()?;
        if self.peek() == Some(b']') {
            self.pos += 1;
        } else {
            let mut index = 0;
            loop {
                if let Err(e) = item(self) {
                    return Err(if indexed { e.in_item(index) } else { e });
                }
                index += 1;
                match self.peek() {
                    Some(b',') => self.pos += 1,
                    Some(b']') => {
                        self.pos += 1;
                        break;
                    }
                    _ => return Err(self.expected("`,` or `]` in an array")),
                }
            }
        }
        self.depth -= 1;
        Ok(())
    }

    /// Reads an array, each element with `read`, into a list. An error inside an element gets
    /// its index in its [`JsonError::field`].
    pub fn list<T>(&mut self, read: fn(&mut Reader<'_>) -> Result<T>) -> Result<Vec<T>> {
        let mut items = Vec::new();
        self.items(&mut |r| {
            items.push(read(r)?);
            Ok(())
        })?;
        Ok(items)
    }

    /// Reads an array of strings.
    pub fn strings(&mut self) -> Result<Vec<String>> {
        self.list(|r| r.string())
    }

    /// Reads a string or `null`.
    pub fn optional_string(&mut self) -> Result<Option<String>> {
        if self.null()? {
            return Ok(None);
        }
        self.string().map(Some)
    }

    /// Reads a number or `null`.
    pub fn optional_number(&mut self) -> Result<Option<f64>> {
        if self.null()? {
            return Ok(None);
        }
        self.number().map(Some)
    }

    /// Reads one of a fixed set of words, such as an impact or a status: the one of `all`
    /// whose `name` it is. Any other text is an error that lists the words allowed.
    pub fn word<T: Copy>(&mut self, all: &[T], name: fn(T) -> &'static str) -> Result<T> {
        let start = self.mark();
        let text = self.string()?;
        match all.iter().copied().find(|v| name(*v) == text) {
            Some(value) => Ok(value),
            None => {
                let mut message = format!("unknown value `{text}`: expected one of ");
                for (k, v) in all.iter().enumerate() {
                    if k > 0 {
                        message.push_str(", ");
                    }
                    message.push_str(name(*v));
                }
                Err(self.error_at(start, message))
            }
        }
    }

    /// Reads `true` or `false`.
    pub fn boolean(&mut self) -> Result<bool> {
        match self.peek() {
            Some(b't') => self.literal("true").map(|()| true),
            Some(b'f') => self.literal("false").map(|()| false),
            _ => Err(self.expected("true or false")),
        }
    }

    /// Consumes a `null` if one is next: `true` when it did.
    pub fn null(&mut self) -> Result<bool> {
        if self.peek() == Some(b'n') {
            self.literal("null")?;
            return Ok(true);
        }
        Ok(false)
    }

    /// Reads a string, unescaped.
    pub fn string(&mut self) -> Result<String> {
        if self.peek() != Some(b'"') {
            return Err(self.expected("a string"));
        }
        self.pos += 1;
        let mut out = String::new();
        loop {
            let start = self.pos;
            // Up to the next quote, backslash or control character: plain text, copied whole.
            while let Some(&b) = self.bytes().get(self.pos) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            out.push_str(&self.text[start..self.pos]);
            match self.bytes().get(self.pos) {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    self.escape(&mut out)?;
                }
                Some(_) => return Err(self.error("a control character in a string")),
                None => return Err(self.error("the document ends inside a string")),
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<()> {
        let Some(&b) = self.bytes().get(self.pos) else {
            return Err(self.error("the document ends inside a string"));
        };
        self.pos += 1;
        let c = match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let first = self.hex4()?;
                let code = if (0xD800..0xDC00).contains(&first) {
                    // A leading surrogate needs its trailing half, as another `\u` escape.
                    if !self.text[self.pos..].starts_with("\\u") {
                        return Err(self.error("a lone surrogate in a \\u escape"));
                    }
                    self.pos += 2;
                    let second = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&second) {
                        return Err(self.error("a lone surrogate in a \\u escape"));
                    }
                    0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                } else {
                    first
                };
                char::from_u32(code)
                    .ok_or_else(|| self.error("a lone surrogate in a \\u escape"))?
            }
            _ => return Err(self.error("an unknown escape in a string")),
        };
        out.push(c);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32> {
        let digits = self.text.get(self.pos..self.pos + 4).unwrap_or_default();
        match u32::from_str_radix(digits, 16) {
            Ok(n) if digits.bytes().all(|b| b.is_ascii_hexdigit()) => {
                self.pos += 4;
                Ok(n)
            }
            _ => Err(self.error("expected four hex digits after \\u")),
        }
    }

    /// The parts of the number that is next: (negative, mantissa, exponent, whole), where the
    /// value is mantissa × 10^exponent and `whole` says there was no fraction and no exponent.
    /// Digits beyond the 19th move into the exponent.
    fn number_parts(&mut self) -> Result<(bool, u64, i64, bool)> {
        if !matches!(self.peek(), Some(b'-' | b'0'..=b'9')) {
            return Err(self.expected("a number"));
        }
        let negative = self.bytes()[self.pos] == b'-';
        if negative {
            self.pos += 1;
        }
        let mut mantissa: u64 = 0;
        let mut exponent: i64 = 0;
        let mut digits = |reader: &mut Self, fraction: bool| -> usize {
            let mut n = 0;
            while let Some(&b) = reader.bytes().get(reader.pos) {
                if !b.is_ascii_digit() {
                    break;
                }
                if mantissa < 1_000_000_000_000_000_000 {
                    mantissa = mantissa * 10 + u64::from(b - b'0');
                    exponent -= i64::from(fraction);
                } else {
                    exponent += i64::from(!fraction);
                }
                reader.pos += 1;
                n += 1;
            }
            n
        };
        let int_start = self.pos;
        let int_digits = digits(self, false);
        if int_digits == 0 {
            return Err(self.error("expected a digit"));
        }
        if int_digits > 1 && self.bytes()[int_start] == b'0' {
            return Err(self.error("a number with a leading zero"));
        }
        let mut whole = true;
        if self.bytes().get(self.pos) == Some(&b'.') {
            self.pos += 1;
            whole = false;
            if digits(self, true) == 0 {
                return Err(self.error("expected a digit after the decimal point"));
            }
        }
        if matches!(self.bytes().get(self.pos), Some(b'e' | b'E')) {
            self.pos += 1;
            whole = false;
            let sign = match self.bytes().get(self.pos) {
                Some(b'-') => {
                    self.pos += 1;
                    -1
                }
                Some(b'+') => {
                    self.pos += 1;
                    1
                }
                _ => 1,
            };
            let start = self.pos;
            let mut e: i64 = 0;
            while let Some(&b) = self.bytes().get(self.pos) {
                if !b.is_ascii_digit() {
                    break;
                }
                e = (e * 10 + i64::from(b - b'0')).min(100_000);
                self.pos += 1;
            }
            if self.pos == start {
                return Err(self.error("expected a digit in the exponent"));
            }
            exponent += sign * e;
        }
        Ok((negative, mantissa, exponent, whole))
    }

    /// Reads a number.
    pub fn number(&mut self) -> Result<f64> {
        let (negative, mantissa, exponent, _) = self.number_parts()?;
        let m = mantissa as f64;
        // 10^e is exact in an f64 up to e = 22, so these are correctly rounded when the mantissa
        // is below 2^53; beyond, within an ulp or so.
        let value = if mantissa == 0 {
            0.0
        } else if exponent < 0 {
            let e = (-exponent).min(400) as i32;
            if e > 300 {
                m / 10f64.powi(e - 300) / 1e300
            } else {
                m / 10f64.powi(e)
            }
        } else {
            m * 10f64.powi(exponent.min(400) as i32)
        };
        if !value.is_finite() {
            return Err(self.error("a number out of range"));
        }
        Ok(if negative { -value } else { value })
    }

    /// Reads a whole number (no sign, no fraction, no exponent) if one is next; otherwise skips
    /// whatever value is next and answers `None`.
    pub fn whole_or_skip(&mut self) -> Result<Option<u64>> {
        if !matches!(self.peek(), Some(b'0'..=b'9')) {
            self.skip()?;
            return Ok(None);
        }
        let (_, mantissa, exponent, whole) = self.number_parts()?;
        Ok((whole && exponent == 0).then_some(mantissa))
    }

    /// Reads a whole number that is not negative.
    pub fn whole(&mut self) -> Result<u64> {
        if !matches!(self.peek(), Some(b'0'..=b'9')) {
            return Err(self.expected("a whole number"));
        }
        let start = self.pos;
        match self.whole_or_skip()? {
            Some(n) => Ok(n),
            None => {
                self.pos = start;
                Err(self.error("expected a whole number, found a fraction or a number too large"))
            }
        }
    }

    /// Reads a whole number that fits an `i64`, negative or not (no fraction, no exponent).
    pub fn integer(&mut self) -> Result<i64> {
        if !matches!(self.peek(), Some(b'-' | b'0'..=b'9')) {
            return Err(self.expected("a whole number"));
        }
        let start = self.pos;
        let (negative, mantissa, exponent, whole) = self.number_parts()?;
        let value = match (whole && exponent == 0, negative) {
            (false, _) => None,
            (true, false) => i64::try_from(mantissa).ok(),
            (true, true) => 0i64.checked_sub_unsigned(mantissa),
        };
        value.ok_or_else(|| {
            self.pos = start;
            self.error("expected a whole number, found a fraction or a number too large")
        })
    }

    /// Skips one value of any kind, checking that it is JSON.
    pub fn skip(&mut self) -> Result<()> {
        match self.peek() {
            Some(b'{') => self.object(&mut |r, _| r.skip()),
            Some(b'[') => self.array(&mut |r| r.skip()),
            Some(b'"') => self.string().map(drop),
            Some(b't') => self.literal("true"),
            Some(b'f') => self.literal("false"),
            Some(b'n') => self.literal("null"),
            Some(b'-' | b'0'..=b'9') => self.number_parts().map(drop),
            _ => Err(self.expected("a JSON value")),
        }
    }

    /// Checks that nothing but whitespace follows the value read.
    pub fn end(&mut self) -> Result<()> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.error("more after the end of the JSON value")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, PartialEq)]
    struct Four {
        a: String,
        b: String,
        c: Option<String>,
        d: String,
    }

    /// Required keys on either side of optional ones.
    fn four(s: &str) -> Result<Four> {
        let mut r = reader(s);
        let mut f = Four::default();
        fields!(r, {
            "a" (required) => f.a = r.string()?,
            "b" => f.b = r.string()?,
            "c" (required) => f.c = r.optional_string()?,
            "d" => f.d = r.string()?,
        })?;
        r.end()?;
        Ok(f)
    }

    #[test]
    fn fields_reads_each_declared_key_into_its_own_place() {
        let all = four(r#"{"d": "4", "e": [0], "c": "3", "b": "2", "a": "1"}"#);
        let expected = Four {
            a: "1".into(),
            b: "2".into(),
            c: Some("3".into()),
            d: "4".into(),
        };
        assert_eq!(all, Ok(expected));
        let fewest = four(r#"{"c": null, "a": "1"}"#).expect("the required keys are enough");
        assert_eq!(
            (fewest.a.as_str(), fewest.c, fewest.b),
            ("1", None, String::new())
        );
    }

    #[test]
    fn fields_requires_the_keys_marked_required_wherever_they_are_declared() {
        let message = |s: &str| four(s).map_err(|e| e.to_string());
        assert_eq!(
            message(r#"{"b": "2", "d": "4"}"#),
            Err("missing field `a` at line 1 column 21".into())
        );
        assert_eq!(
            message(r#"{"a": "1", "b": "2", "d": "4"}"#),
            Err("missing field `c` at line 1 column 31".into())
        );
        assert_eq!(
            message("{\"a\": \"1\", \"c\": null,\n \"a\": \"2\"}"),
            Err("the key `a` is given twice at line 2 column 6".into())
        );
        assert_eq!(
            message(r#"{"c": null, "d": 4}"#),
            Err("d: expected a string, found a number at line 1 column 18".into())
        );
    }

    #[test]
    fn required_bits_are_the_places_of_the_trues() {
        assert_eq!(required_bits(&[]), 0);
        assert_eq!(required_bits(&[true, false, true]), 0b101);
        let mut last = [false; 64];
        last[63] = true;
        assert_eq!(required_bits(&last), 1 << 63);
    }

    fn reader(s: &str) -> Reader<'_> {
        Reader::new(s.as_bytes()).expect("UTF-8")
    }

    fn number(s: &str) -> Result<f64> {
        let mut r = reader(s);
        let n = r.number()?;
        r.end()?;
        Ok(n)
    }

    #[test]
    fn numbers_read_as_rust_reads_them() {
        for s in [
            "0",
            "-0",
            "1",
            "99.3125",
            "12.5",
            "100.0",
            "0.0001",
            "1e3",
            "1E-3",
            "-2.5e+2",
            "123456789012345",
            "0.1",
            "0.3",
            "1.5e300",
            "5e-324",
            "4.9e-324",
            "2.2250738585072014e-308",
            "9007199254740993",
            "1e22",
            "1e23",
            "12345678901234567890123",
        ] {
            let want: f64 = s.parse().expect("Rust parses it");
            let got = number(s).expect(s);
            let tolerance = want.abs() * 4.0 * f64::EPSILON;
            assert!((got - want).abs() <= tolerance, "{s}: {got} != {want}");
        }
        for s in [
            "99.3125",
            "0.1",
            "12.5",
            "95.8333",
            "1e22",
            "123456789012345",
        ] {
            assert_eq!(
                number(s).expect(s),
                s.parse::<f64>().expect(s),
                "{s} exactly"
            );
        }
    }

    #[test]
    fn malformed_numbers_are_refused() {
        for s in [
            "01", "1.", ".5", "-", "1e", "1e+", "+1", "1.5.2", "--1", "1e400", "-1e400", "NaN",
        ] {
            assert!(number(s).is_err(), "{s}");
        }
    }

    #[test]
    fn strings_unescape() {
        let mut r = reader(r#""a\"b\\c\/d\n\t\u00e9\ud83d\ude00 ü""#);
        assert_eq!(r.string().expect("valid"), "a\"b\\c/d\n\té😀 ü");
        for s in [
            r#""\ud83d""#,
            r#""\ude00""#,
            r#""\ud83d\u0041""#,
            r#""\x""#,
            r#""\u12""#,
            "\"a\nb\"",
            r#""open"#,
            r#""\"#,
        ] {
            assert!(reader(s).string().is_err(), "{s}");
        }
    }

    #[test]
    fn objects_and_arrays_walk_and_skip() {
        let mut r = reader(r#" { "a" : [1, {"x": [true, false, null]}, "s"], "b": 2 } "#);
        let mut keys = Vec::new();
        r.object(&mut |r, key| {
            keys.push(key.to_string());
            r.skip()
        })
        .expect("valid");
        r.end().expect("nothing after");
        assert_eq!(keys, ["a", "b"]);
        for s in [
            "{",
            "[1,]",
            "{\"a\":1,}",
            "{a:1}",
            "[1 2]",
            "{\"a\" 1}",
            "tru",
            "[] []",
            "",
        ] {
            let mut r = reader(s);
            assert!(r.skip().and_then(|()| r.end()).is_err(), "{s:?}");
        }
    }

    #[test]
    fn nesting_is_limited() {
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        let err = reader(&deep).skip().expect_err("too deep");
        assert!(err.message.contains("nested deeper"), "{err}");
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        reader(&ok).skip().expect("deep enough");
    }

    #[test]
    fn errors_say_where() {
        let mut r = reader("{\n  \"a\": tru\n}");
        let err = r.skip().expect_err("bad literal");
        assert_eq!((err.line, err.column), (2, 8), "{err}");
        let err = Reader::new(b"{\"a\": \"\xff\"}").expect_err("not UTF-8");
        assert_eq!(err.to_string(), "invalid UTF-8 at line 1 column 8");
    }

    #[test]
    fn whole_numbers() {
        assert_eq!(reader("42").whole().expect("whole"), 42);
        assert!(reader("4.2").whole().is_err());
        assert!(reader("-1").whole().is_err());
        assert!(reader("99999999999999999999").whole().is_err());
        assert_eq!(reader("\"1\"").whole_or_skip().expect("skips"), None);
        assert_eq!(reader("1e0").whole_or_skip().expect("skips"), None);
    }
}
