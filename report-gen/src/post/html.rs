//! `index.html`: the post's Markdown rendered with pulldown-cmark, sanitised with ammonia, and
//! set in a standalone page whose charts are inline `data:` images (no request to any host).

use std::cell::Cell;
use std::collections::BTreeMap;

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
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let (raw, cuts) = html_with_cuts(Parser::new_ext(body_of(markdown), options));

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
    sanitise_in_pieces(&sanitiser, &raw, &cuts, PIECE_BYTES)
}

/// How much HTML one call to the sanitiser gets at least (the pieces between cuts are joined up
/// to this): small enough that its tree stays in the caches, large enough that the calls'
/// own cost does not count.
const PIECE_BYTES: usize = 64 * 1024;

/// The HTML of `events`, and the places in it where a top-level block ends and no raw HTML came
/// before: places where the HTML parser's state is the same as at the start (no element open,
/// no formatting element to reconstruct, no `id` seen). Sanitising the pieces between them one
/// by one gives the bytes that sanitising the whole gives. Raw HTML (from the author's files or
/// a template) can leave an element open that reaches into every block after it, so from the
/// first raw HTML on there is no cut.
fn html_with_cuts<'a>(events: impl Iterator<Item = Event<'a>>) -> (String, Vec<usize>) {
    /// The HTML written so far, its length where the events can read it.
    struct Measured<'c> {
        html: String,
        written: &'c Cell<usize>,
    }
    impl std::fmt::Write for Measured<'_> {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            self.html.push_str(s);
            self.written.set(self.html.len());
            Ok(())
        }
    }
    let written = Cell::new(0);
    let mut out = Measured {
        html: String::new(),
        written: &written,
    };
    let mut cuts = Vec::new();
    let mut depth = 0usize;
    let mut raw_html = false;
    // The writer writes each event before it asks for the next, so when a top-level block
    // starts, what was written so far is every block before it.
    let events = events.inspect(|event| {
        raw_html |= matches!(event, Event::Html(_) | Event::InlineHtml(_));
        if depth == 0 && !raw_html && written.get() > 0 {
            cuts.push(written.get());
        }
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    });
    // Writing into a `String` cannot fail.
    let _ = html::write_html_fmt(&mut out, events);
    (out.html, cuts)
}

/// `raw` sanitised piece by piece (cut only at `cuts`, pieces of at least `piece_bytes`), the pieces shared out among the cores
/// in order. The same bytes as one call on the whole: see [`html_with_cuts`].
fn sanitise_in_pieces(
    sanitiser: &ammonia::Builder<'_>,
    raw: &str,
    cuts: &[usize],
    piece_bytes: usize,
) -> String {
    let mut pieces: Vec<&str> = Vec::new();
    let mut from = 0;
    for &cut in cuts.iter().chain([&raw.len()]) {
        if cut - from >= piece_bytes || cut == raw.len() {
            if let Some(piece) = raw.get(from..cut).filter(|p| !p.is_empty()) {
                pieces.push(piece);
            }
            from = cut;
        }
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let clean = |pieces: &[&str]| {
        let mut out = String::new();
        for piece in pieces {
            out.push_str(&sanitiser.clean(piece).to_string());
        }
        out
    };
    if cores < 2 || pieces.len() < 2 {
        return clean(&pieces);
    }
    // Contiguous runs of pieces of about the same size, one per core.
    let share = raw.len().div_ceil(cores);
    let mut runs: Vec<&[&str]> = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, piece) in pieces.iter().enumerate() {
        bytes += piece.len();
        if bytes >= share || i + 1 == pieces.len() {
            runs.push(&pieces[start..=i]);
            (start, bytes) = (i + 1, 0);
        }
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = runs
            .iter()
            .skip(1)
            .map(|run| scope.spawn(|| clean(run)))
            .collect();
        let mut html = clean(runs.first().copied().unwrap_or_default());
        for handle in handles {
            let part = handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            html.push_str(&part);
        }
        html
    })
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

    /// Sanitised at every cut, and as a whole.
    fn in_pieces_and_whole(markdown: &str) -> (String, String, usize) {
        let mut options = Options::empty();
        options.insert(Options::ENABLE_TABLES);
        options.insert(Options::ENABLE_STRIKETHROUGH);
        let (raw, cuts) = html_with_cuts(Parser::new_ext(markdown, options));
        let sanitiser = ammonia::Builder::default();
        let whole = sanitiser.clean(&raw).to_string();
        (
            sanitise_in_pieces(&sanitiser, &raw, &cuts, 1),
            whole,
            cuts.len(),
        )
    }

    #[test]
    fn sanitising_in_pieces_gives_the_bytes_of_the_whole() {
        let post = "# Title\n\nSome *emphasis*, **strong ~~struck~~**, `code` & an [a](https://x.test) \
                    and ![img](charts/x.svg).\n\n\
                    ### Incident \\<script\\>\n\n- **Started:** 2026-08-01\n- nested\n  - deeper\n\n\
                    | a | b |\n|---|:-:|\n| 1 | 2 |\n\n> quoted\n> text\n\n    code block\n\n---\n\n\
                    1. one\n2. two\n\n```\n<fenced>\n```\n\nend &amp; &lt;b&gt; text\n";
        let (pieces, whole, cuts) = in_pieces_and_whole(post);
        assert!(cuts >= 10, "{cuts} cuts");
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
        let (_, _, cuts) = in_pieces_and_whole("a\n\nb <i>c\n\nd\n\ne\n");
        assert_eq!(cuts, 1, "only the cut before the raw HTML's block");
    }
}
