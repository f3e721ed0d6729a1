//! The safe subset of Markdown shown in update bodies: paragraphs, line breaks, emphasis,
//! strong emphasis, inline code and `http`/`https` links. Everything else, HTML included, stays
//! literal text. The result is a tree of values that the views turn into elements with `html!`
//! (`view/update.rs`); nothing is ever parsed as HTML.

use crate::config::is_web_link;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Emphasis(String),
    Strong(String),
    Code(String),
    Link { href: String, text: String },
    LineBreak,
}

/// Paragraphs (separated by blank lines) of inline pieces.
pub fn parse(body: &str) -> Vec<Vec<Inline>> {
    let mut paragraphs = Vec::new();
    let mut rest = body;
    loop {
        let (text, next) = match paragraph_break(rest) {
            Some((end, after)) => (&rest[..end], Some(&rest[after..])),
            None => (rest, None),
        };
        let text = text.trim();
        if !text.is_empty() {
            paragraphs.push(paragraph(text));
        }
        match next {
            Some(next) => rest = next,
            None => return paragraphs,
        }
    }
}

/// Where the first blank line in `s` begins and where the text after it starts: a line feed
/// followed by another, either with a carriage return before it.
fn paragraph_break(s: &str) -> Option<(usize, usize)> {
    let b = s.as_bytes();
    let mut from = 0;
    while let Some(lf) = b[from..].iter().position(|&c| c == b'\n').map(|i| from + i) {
        match (b.get(lf + 1), b.get(lf + 2)) {
            (Some(b'\n'), _) => return Some((lf, lf + 2)),
            (Some(b'\r'), Some(b'\n')) => return Some((lf, lf + 3)),
            _ => from = lf + 1,
        }
    }
    None
}

/// Where the two ASCII characters `pair` first occur in `s`. (A byte loop, not `str::find`
/// with a `&str`: its string-search algorithm would be most of a kilobyte of the widget for
/// these few markers.)
fn find_pair(s: &str, pair: &[u8; 2]) -> Option<usize> {
    s.as_bytes().windows(2).position(|w| w == pair)
}

fn paragraph(text: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push(Inline::LineBreak);
        }
        inline(line.trim_end(), &mut out);
    }
    out
}

fn push_text(out: &mut Vec<Inline>, s: &str) {
    if s.is_empty() {
        return;
    }
    if let Some(Inline::Text(last)) = out.last_mut() {
        last.push_str(s);
    } else {
        out.push(Inline::Text(s.to_string()));
    }
}

fn inline(line: &str, out: &mut Vec<Inline>) {
    let mut rest = line;
    while !rest.is_empty() {
        let (piece, used) = next_piece(rest, out.last());
        match piece {
            Some(p) => out.push(p),
            None => push_text(out, &rest[..used]),
        }
        rest = &rest[used..];
    }
}

/// Part of a word, for the flanking rules: neither whitespace nor ASCII punctuation (as
/// CommonMark has it, less Unicode's punctuation). Not `char::is_alphanumeric`, whose Unicode
/// tables would cost the widget several KB for this one test.
fn is_word(c: char) -> bool {
    !c.is_whitespace() && !c.is_ascii_punctuation()
}

/// `*text*` or `_text_` at the start of `s`, with CommonMark's flanking rules simplified: the
/// opening marker is followed by text, the closing one preceded by it, and `_` only opens
/// outside a word and closes at the end of one (so `snake_case` and `window.__x` stay text).
fn emphasis(s: &str, previous: Option<&Inline>) -> Option<(Option<Inline>, usize)> {
    let marker = s.chars().next().filter(|c| *c == '*' || *c == '_')?;
    let body = &s[1..];
    let first = body.chars().next()?;
    if first.is_whitespace() || first == marker {
        return None;
    }
    let before = match previous {
        Some(Inline::Text(t)) => t.chars().last(),
        _ => None,
    };
    if marker == '_' && before.is_some_and(|c| is_word(c) || c == '_') {
        return None;
    }
    for (at, _) in body.match_indices(marker) {
        let inner = &body[..at];
        let after = body[at + 1..].chars().next();
        let closes = !inner.is_empty()
            && !inner.ends_with(char::is_whitespace)
            && after != Some(marker)
            && (marker != '_' || !after.is_some_and(is_word));
        if closes {
            return Some((Some(Inline::Emphasis(inner.to_string())), at + 2));
        }
    }
    None
}

/// The piece at the start of `s` and how many bytes it used; `None` for plain text.
fn next_piece(s: &str, previous: Option<&Inline>) -> (Option<Inline>, usize) {
    let after_word =
        matches!(previous, Some(Inline::Text(t)) if t.chars().last().is_some_and(is_word));
    if let Some(body) = s.strip_prefix('`') {
        if let Some(end) = body.find('`') {
            return (Some(Inline::Code(body[..end].to_string())), end + 2);
        }
    }
    if let Some(body) = s.strip_prefix("**") {
        if let Some(end) = find_pair(body, b"**").filter(|&e| e > 0) {
            return (Some(Inline::Strong(body[..end].to_string())), end + 4);
        }
    }
    if let Some(em) = emphasis(s, previous) {
        return em;
    }
    if let Some(body) = s.strip_prefix('[') {
        if let Some(mid) = find_pair(body, b"](") {
            let after = &body[mid + 2..];
            if let Some(close) = after.find(')') {
                let href = after[..close].trim();
                if is_web_link(href) && !href.contains(char::is_whitespace) {
                    return (
                        Some(Inline::Link {
                            href: href.to_string(),
                            text: body[..mid].to_string(),
                        }),
                        1 + mid + 2 + close + 1,
                    );
                }
            }
        }
    }
    if !after_word && (s.starts_with("https://") || s.starts_with("http://")) {
        let end = s.find(char::is_whitespace).unwrap_or(s.len());
        let url = s[..end].trim_end_matches(['.', ',', ';', ':', ')', '!', '?']);
        return (
            Some(Inline::Link {
                href: url.to_string(),
                text: url.to_string(),
            }),
            url.len(),
        );
    }
    // Plain text up to the next character that may start a piece.
    let next = s
        .char_indices()
        .skip(1)
        .find(|(_, c)| matches!(c, '`' | '*' | '_' | '[' | 'h'))
        .map_or(s.len(), |(i, _)| i);
    (None, next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Inline::*;

    fn text(s: &str) -> Inline {
        Text(s.into())
    }

    #[test]
    fn html_stays_text() {
        let body = "<img src=x onerror=alert(1)> and <script>alert(2)</script>";
        assert_eq!(parse(body), [vec![text(body)]]);
    }

    #[test]
    fn emphasis_code_and_links_become_pieces() {
        assert_eq!(
            parse(
                "We *think* the **cache** in `eu-1` broke; see [the post](https://example.com/p)."
            ),
            [vec![
                text("We "),
                Emphasis("think".into()),
                text(" the "),
                Strong("cache".into()),
                text(" in "),
                Code("eu-1".into()),
                text(" broke; see "),
                Link {
                    href: "https://example.com/p".into(),
                    text: "the post".into()
                },
                text("."),
            ]]
        );
    }

    #[test]
    fn only_web_links_are_links() {
        assert_eq!(
            parse("[click](javascript:alert(1))"),
            [vec![text("[click](javascript:alert(1))")]]
        );
        assert_eq!(
            parse("Details at https://status.example.com/i/1."),
            [vec![
                text("Details at "),
                Link {
                    href: "https://status.example.com/i/1".into(),
                    text: "https://status.example.com/i/1".into()
                },
                text("."),
            ]]
        );
    }

    #[test]
    fn paragraphs_and_line_breaks() {
        assert_eq!(
            parse("one\ntwo\r\n\r\nthree"),
            [
                vec![text("one"), LineBreak, text("two")],
                vec![text("three")]
            ]
        );
    }

    #[test]
    fn unclosed_markers_and_snake_case_stay_literal() {
        assert_eq!(parse("a * b and `c"), [vec![text("a * b and `c")]]);
        assert_eq!(
            parse("set max_conn_count"),
            [vec![text("set max_conn_count")]]
        );
        assert_eq!(parse("huh?"), [vec![text("huh?")]]);
        // Letters beyond ASCII are word characters too.
        assert_eq!(parse("straße_nummer_2"), [vec![text("straße_nummer_2")]]);
        assert_eq!(
            parse("(_über_)"),
            [vec![text("("), Emphasis("über".into()), text(")")]]
        );
        let body = "<img src=x onerror=window.__pwned=1> <script>window.__pwned=2</script>";
        assert_eq!(parse(body), [vec![text(body)]]);
        assert_eq!(
            parse("_a_b_ and _c_"),
            [vec![
                Emphasis("a_b".into()),
                text(" and "),
                Emphasis("c".into())
            ]]
        );
    }
}
