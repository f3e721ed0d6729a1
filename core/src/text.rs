//! [`Text`]: an immutable string that may share one allocation with many others, so that a
//! history of a million incidents holds their ids, titles and URLs in a few thousand buffers
//! instead of three million allocations (each rounded up and headed by the allocator).
//!
//! Importers that read many records at once gather their texts into a [`TextBuffer`] and cut
//! [`Text`]s from it; anything else makes a `Text` from a `&str` or `String` (its own buffer).
//! A `Text` reads, compares, hashes, prints and serialises as the `str` it holds.

use std::borrow::Borrow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// An immutable string: a part of a shared buffer.
#[derive(Clone)]
pub struct Text {
    /// `Arc<String>`, not `Arc<str>`: a thin pointer keeps a `Text` at two words (a buffer's
    /// own header is read once for the thousand texts cut from it).
    buffer: Arc<String>,
    /// Where the text starts in `buffer`; [`WHOLE`] for a text that is all of it.
    start: u32,
    len: u32,
}

/// The `start` of a text that is its whole buffer, whatever its length.
const WHOLE: u32 = u32::MAX;

impl Text {
    /// The length in bytes, read without going to the buffer.
    #[inline]
    pub fn len(&self) -> usize {
        if self.start == WHOLE {
            self.buffer.len()
        } else {
            self.len as usize
        }
    }

    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn as_str(&self) -> &str {
        if self.start == WHOLE {
            return &self.buffer;
        }
        let start = self.start as usize;
        // Ranges are made only by `TextBuffer::push`, on character boundaries of the buffer.
        self.buffer
            .get(start..start + self.len as usize)
            .unwrap_or_default()
    }
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text::from(s.to_string())
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text {
            buffer: Arc::new(s),
            start: WHOLE,
            len: 0,
        }
    }
}

impl From<&String> for Text {
    fn from(s: &String) -> Text {
        Text::from(s.as_str())
    }
}

impl From<Box<str>> for Text {
    fn from(s: Box<str>) -> Text {
        Text::from(String::from(s))
    }
}

impl From<Text> for String {
    fn from(t: Text) -> String {
        t.as_str().to_string()
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialOrd for Text {
    fn partial_cmp(&self, other: &Text) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Text {
    fn cmp(&self, other: &Text) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for Text {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self)
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Text::from)
    }
}

/// Texts gathered one after the other into one buffer, to be cut into [`Text`]s once it is
/// complete ([`TextBuffer::finish`]).
#[derive(Debug, Default)]
pub struct TextBuffer {
    buffer: String,
}

/// Where a text pushed into a [`TextBuffer`] is, until the buffer is finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextRange {
    start: u32,
    len: u32,
}

impl TextBuffer {
    /// How long the buffer may grow: a range is two `u32`s.
    pub const MAX: usize = u32::MAX as usize - 1;

    pub fn len(&self) -> usize {
        self.buffer.len()
    }

    pub fn is_empty(&self) -> bool {
        self.buffer.is_empty()
    }

    /// Whether `text` can be pushed (a buffer holds up to 4 GB; finish it and start another).
    pub fn has_room_for(&self, text: &str) -> bool {
        self.buffer.len() + text.len() <= Self::MAX
    }

    /// Appends `text`, or `None` when it does not fit ([`TextBuffer::has_room_for`]).
    pub fn push(&mut self, text: &str) -> Option<TextRange> {
        if !self.has_room_for(text) {
            return None;
        }
        let start = u32::try_from(self.buffer.len()).ok()?;
        let len = u32::try_from(text.len()).ok()?;
        self.buffer.push_str(text);
        Some(TextRange { start, len })
    }

    /// The buffer, shared, to cut texts from with [`Text::cut`]; the `TextBuffer` is empty again.
    pub fn finish(&mut self) -> SharedTexts {
        let mut buffer = std::mem::take(&mut self.buffer);
        buffer.shrink_to_fit();
        SharedTexts(Arc::new(buffer))
    }
}

/// A finished [`TextBuffer`].
#[derive(Debug, Clone)]
pub struct SharedTexts(Arc<String>);

impl SharedTexts {
    /// The text pushed at `range` (into the buffer this was finished from).
    pub fn text(&self, range: TextRange) -> Text {
        Text {
            buffer: Arc::clone(&self.0),
            start: range.start,
            len: range.len,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_cut_from_a_buffer_read_as_what_was_pushed() {
        let mut buffer = TextBuffer::default();
        let pushed: Vec<(TextRange, &str)> = ["inc-1", "", "Läuft nicht", "https://x.test/1"]
            .into_iter()
            .map(|s| (buffer.push(s).expect("room"), s))
            .collect();
        let shared = buffer.finish();
        assert!(buffer.is_empty());
        for (range, s) in pushed {
            let text = shared.text(range);
            assert_eq!(&*text, s);
            assert_eq!(text, Text::from(s));
            assert_eq!(format!("{text:?}"), format!("{s:?}"));
            assert_eq!(
                serde_json::to_string(&text).expect("serialises"),
                serde_json::to_string(s).expect("serialises")
            );
        }
    }

    #[test]
    // Hashing as a `str` is what is tested: natively, `Text`s are hashed (`IdIndex`).
    #[allow(clippy::disallowed_types)]
    fn texts_compare_and_hash_as_strings() {
        use std::collections::HashSet;
        let mut buffer = TextBuffer::default();
        let b = buffer.push("b").expect("room");
        let a = buffer.push("a").expect("room");
        let shared = buffer.finish();
        let (a, b) = (shared.text(a), shared.text(b));
        assert!(a < b && a == "a");
        let set: HashSet<Text> = [a.clone(), Text::from("a")].into_iter().collect();
        assert_eq!(set.len(), 1);
        assert!(set.contains("a"));
        let back: Text = serde_json::from_str("\"a\"").expect("reads");
        assert_eq!(back, a);
    }

    #[test]
    #[cfg(target_pointer_width = "64")]
    fn a_text_is_two_words() {
        assert_eq!(std::mem::size_of::<Text>(), 16);
        assert_eq!(std::mem::size_of::<Option<Text>>(), 16);
    }
}
