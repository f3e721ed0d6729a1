//! `index.html`: the post's Markdown rendered with pulldown-cmark, sanitised with ammonia, and
//! set in a standalone page whose charts are inline `data:` images (no request to any host).

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::{mpsc, Mutex};

use base64::Engine;
use minijinja::value::Value;
use minijinja::Environment;
use pulldown_cmark::{html, Event, Options, Parser};

use super::charts::PostChart;
use super::markdown::Meta;
use super::{PostError, Templates};

/// The Markdown after its front matter.
fn body_of(markdown: &str) -> &str {
    for fence in ["---\n", "+++\n"] {
        if let Some(rest) = markdown.strip_prefix(fence) {
            if let Some(end) = rest.find(&format!("\n{fence}")) {
                return &rest[end + 1 + fence.len()..];
            }
        }
    }
    markdown
}

/// The post's Markdown as sanitised HTML, its chart images replaced by inline SVG data.
pub fn body_html(markdown: &str, charts: &[PostChart]) -> String {
    let inline: BTreeMap<String, String> = charts
        .iter()
        .map(|c| {
            let data = base64::engine::general_purpose::STANDARD.encode(c.rendered.svg.as_bytes());
            (
                format!("charts/{}.svg", c.stem),
                format!("data:image/svg+xml;base64,{data}"),
            )
        })
        .collect();
    // The filter runs after ammonia's URL checks, so only our own chart paths can become
    // `data:` URLs; a `data:` URL written into the data is dropped like any other scheme
    // ammonia does not allow.
    let mut sanitiser = ammonia::Builder::default();
    sanitiser.attribute_filter(move |element, attribute, value| {
        if element == "img" && attribute == "src" {
            if let Some(data) = inline.get(value) {
                return Some(data.clone().into());
            }
        }
        Some(value.into())
    });
    let events = Parser::new_ext(body_of(markdown), markdown_options());
    sanitised_html(events, &sanitiser, PIECE_BYTES).0
}

/// The Markdown the post is written in: CommonMark with tables and strikethrough.
fn markdown_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// How much HTML one call to the sanitiser gets at least (the pieces between cuts are joined up
/// to this): small enough that its tree stays in the caches, large enough that the calls'
/// own cost does not count.
const PIECE_BYTES: usize = 64 * 1024;

/// The HTML of `events`, sanitised piece by piece while it is written, on every core, and the
/// number of pieces. A piece ends only where a top-level block ends and no raw HTML came before:
/// there the HTML parser's state is the same as at the start (no element open, no formatting
/// element to reconstruct, no `id` seen), so sanitising the pieces one by one gives the bytes
/// that sanitising the whole gives. Raw HTML (from the author's files or a template) can leave
/// an element open that reaches into every block after it, so from the first raw HTML on, the
/// rest is one piece. Pieces are at least `piece_bytes` long (but the last).
fn sanitised_html<'a>(
    events: impl Iterator<Item = Event<'a>>,
    sanitiser: &ammonia::Builder<'_>,
    piece_bytes: usize,
) -> (String, usize) {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    // Pieces wait here, numbered, for whichever thread is free; the writing thread joins the
    // others once it has written the last one.
    let (send, receive) = mpsc::channel::<(usize, String)>();
    let queue = Mutex::new(receive);
    let sanitise = || {
        let mut done = Vec::new();
        loop {
            let next = match queue.lock() {
                Ok(receiver) => receiver.recv(),
                Err(_) => break,
            };
            let Ok((index, piece)) = next else { break };
            done.push((index, sanitiser.clean(&piece).to_string()));
        }
        done
    };
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..cores).map(|_| scope.spawn(sanitise)).collect();
        let pieces = write_in_pieces(events, piece_bytes, |index, piece| {
            // The receiver lives until every thread is done with it.
            let _ = send.send((index, piece));
        });
        drop(send);
        let mut done = sanitise();
        for helper in helpers {
            done.extend(
                helper
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        done.sort_unstable_by_key(|(index, _)| *index);
        let mut html = String::with_capacity(done.iter().map(|(_, p)| p.len()).sum());
        for (_, piece) in done {
            html.push_str(&piece);
        }
        (html, pieces)
    })
}

/// Writes the HTML of `events`, handing each piece (see [`sanitised_html`]) to `piece` as soon
/// as it is complete; returns how many there were.
fn write_in_pieces<'a>(
    events: impl Iterator<Item = Event<'a>>,
    piece_bytes: usize,
    mut piece: impl FnMut(usize, String),
) -> usize {
    /// The piece being written, shared by the writer and the events it reads.
    struct Current<'c>(&'c RefCell<String>);
    impl std::fmt::Write for Current<'_> {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            self.0.borrow_mut().push_str(s);
            Ok(())
        }
    }
    let current = RefCell::new(String::new());
    let mut pieces = 0;
    let mut depth = 0usize;
    let mut raw_html = false;
    // The writer writes each event before it asks for the next, so when a top-level block
    // starts, what was written so far is every block before it.
    let events = events.inspect(|event| {
        raw_html |= matches!(event, Event::Html(_) | Event::InlineHtml(_));
        if depth == 0 && !raw_html && current.borrow().len() >= piece_bytes {
            piece(pieces, current.take());
            pieces += 1;
        }
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    });
    // Writing into a `String` cannot fail.
    let _ = html::write_html_fmt(Current(&current), events);
    let last = current.take();
    if !last.is_empty() {
        piece(pieces, last);
        pieces += 1;
    }
    pieces
}

/// Renders `index.html`.
pub fn render(
    env: &Environment<'_>,
    templates: &Templates,
    meta: &Meta,
    timezone: &str,
    markdown: &str,
    charts: &[PostChart],
) -> Result<String, PostError> {
    let template = env
        .get_template(Templates::HTML)
        .map_err(|e| PostError::template(&templates.html.origin, e))?;
    template
        .render(minijinja::context! {
            title => meta.title.clone(),
            date => meta.date.clone(),
            description => meta.description.clone(),
            timezone => timezone.to_string(),
            body => Value::from_safe_string(body_html(markdown, charts)),
        })
        .map_err(|e| PostError::template(&templates.html.origin, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_not_part_of_the_body() {
        assert_eq!(body_of("---\ntitle: x\n---\nHello\n"), "Hello\n");
        assert_eq!(body_of("+++\ntitle = 'x'\n+++\nHello\n"), "Hello\n");
        assert_eq!(body_of("Hello\n"), "Hello\n");
    }

    #[test]
    fn raw_html_and_foreign_data_urls_are_removed() {
        let html = body_html(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n![a](data:image/svg+xml;base64,AAAA)\n\n[x](javascript:alert(1))\n",
            &[],
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("data:"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
    }

    /// Sanitised at every cut, and as a whole; and how many pieces.
    fn in_pieces_and_whole(markdown: &str) -> (String, String, usize) {
        let sanitiser = ammonia::Builder::default();
        let mut raw = String::new();
        html::push_html(&mut raw, Parser::new_ext(markdown, markdown_options()));
        let whole = sanitiser.clean(&raw).to_string();
        let events = Parser::new_ext(markdown, markdown_options());
        let (pieces, count) = sanitised_html(events, &sanitiser, 1);
        (pieces, whole, count)
    }

    #[test]
    fn sanitising_in_pieces_gives_the_bytes_of_the_whole() {
        let post = "# Title\n\nSome *emphasis*, **strong ~~struck~~**, `code` & an [a](https://x.test) \
                    and ![img](charts/x.svg).\n\n\
                    ### Incident \\<script\\>\n\n- **Started:** 2026-08-01\n- nested\n  - deeper\n\n\
                    | a | b |\n|---|:-:|\n| 1 | 2 |\n\n> quoted\n> text\n\n    code block\n\n---\n\n\
                    1. one\n2. two\n\n```\n<fenced>\n```\n\nend &amp; &lt;b&gt; text\n";
        let (pieces, whole, count) = in_pieces_and_whole(post);
        assert!(count > 10, "{count} pieces");
        assert_eq!(pieces, whole);
    }

    #[test]
    fn raw_html_stops_the_cuts_and_changes_nothing() {
        // An unclosed formatting element in the author's text reaches into every block after
        // it when the whole is parsed: no cut may fall after it.
        for markdown in [
            "first\n\nintro <b>bold\n\nsecond\n\n### third\n\n- four\n",
            "first\n\n<div>\n\nsecond\n\n### third\n",
            "first\n\n<table><tr><td>\n\nsecond\n\n| a |\n|---|\n| b |\n",
            "first\n\n<p id=x>x</p>\n\n<a href=#x>y</a>\n",
        ] {
            let (pieces, whole, _) = in_pieces_and_whole(markdown);
            assert_eq!(pieces, whole, "{markdown}");
        }
        let (_, _, count) = in_pieces_and_whole("a\n\nb <i>c\n\nd\n\ne\n");
        assert_eq!(count, 2, "cut only before the raw HTML's block");
    }
}
