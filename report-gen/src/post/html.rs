//! `index.html`: the post's Markdown rendered with pulldown-cmark, sanitised with ammonia, and
//! set in a standalone page whose charts are inline `data:` images (no request to any host).

use std::collections::BTreeMap;
use std::sync::mpsc::{self, TrySendError};
use std::sync::Mutex;

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
    let events = events_in_parts(body_of(markdown), PART_BYTES);
    sanitised_html(events, &sanitiser, PIECE_BYTES).0
}

/// How much Markdown is parsed at a time (a few incidents' listings more, to the end of a
/// block): pulldown-cmark holds the tree of what it parses, about twelve times the text.
const PART_BYTES: usize = 64 * 1024;

/// The events of `markdown` as one parse gives them, parsed a part of about `part_bytes` at a
/// time, so that the parser's tree is that of a part, not of the whole page (87 MB for a page
/// listing 28,311 incidents, the peak of `post`).
///
/// A part ends at the end of a line; of its top-level blocks, all but the last are taken (the
/// last may continue past the part), and the next part starts at the line where that last
/// block starts. A top-level block's lines are read the same whatever follows the line after
/// it: CommonMark reads blocks line by line (a table's header looks at one line ahead), so a
/// block followed by another block's first line within the part is complete, and what starts
/// at a line outside every block parses from there as it does in the whole. The one thing
/// that reaches across blocks is a link reference definition (`[label]: url`, used anywhere):
/// a text that may hold one (`]:`) is parsed whole. Debug builds compare the events with
/// those of one parse.
fn events_in_parts(markdown: &str, part_bytes: usize) -> Parts<'_> {
    Parts {
        text: markdown,
        next: 0,
        part_bytes: if markdown.contains("]:") {
            usize::MAX
        } else {
            part_bytes
        },
        ready: Vec::new().into_iter(),
        #[cfg(debug_assertions)]
        whole: Parser::new_ext(markdown, markdown_options()),
    }
}

/// The state of [`events_in_parts`].
struct Parts<'a> {
    text: &'a str,
    /// Where the text not parsed yet starts: the start of a line.
    next: usize,
    part_bytes: usize,
    /// The events of the blocks parsed, not handed out yet.
    ready: std::vec::IntoIter<Event<'a>>,
    /// One parse of the whole, for checking.
    #[cfg(debug_assertions)]
    whole: Parser<'a>,
}

impl<'a> Iterator for Parts<'a> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            if let Some(event) = self.ready.next() {
                #[cfg(debug_assertions)]
                assert_eq!(Some(&event), self.whole.next().as_ref(), "parsed in parts");
                return Some(event);
            }
            if self.next >= self.text.len() {
                #[cfg(debug_assertions)]
                assert_eq!(self.whole.next(), None, "parsed in parts");
                return None;
            }
            self.parse_part();
        }
    }
}

impl<'a> Parts<'a> {
    /// Parses the next part into `ready`: its blocks but the last, or, where a part holds one
    /// block, a part twice as long, up to the rest of the text.
    fn parse_part(&mut self) {
        let text: &'a str = self.text;
        let rest = &text[self.next..];
        let mut bytes = self.part_bytes;
        loop {
            let end = match rest.get(bytes..).and_then(|after| after.find('\n')) {
                Some(line_end) => bytes + line_end + 1,
                None => rest.len(),
            };
            let part = &rest[..end];
            let mut events: Vec<(Event<'a>, std::ops::Range<usize>)> =
                Parser::new_ext(part, markdown_options())
                    .into_offset_iter()
                    .collect();
            if end < rest.len() {
                if let Some((taken, line)) = complete_blocks(part, &events) {
                    events.truncate(taken);
                    self.ready = without_offsets(events);
                    self.next += line;
                    return;
                }
                bytes = bytes.saturating_mul(2);
                continue;
            }
            self.ready = without_offsets(events);
            self.next = text.len();
            return;
        }
    }
}

/// Of a part's events, how many make its top-level blocks but the last, and the line where
/// the last starts; `None` when the part holds one block (or its last block shares a line
/// with the one before).
fn complete_blocks(
    part: &str,
    events: &[(Event<'_>, std::ops::Range<usize>)],
) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let mut last_start = None;
    for (index, (event, range)) in events.iter().enumerate() {
        match event {
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {
                if depth == 0 && index > 0 {
                    last_start = Some((index, range.start));
                }
                if matches!(event, Event::Start(_)) {
                    depth += 1;
                }
            }
        }
    }
    let (index, start) = last_start?;
    let line = part[..start].rfind('\n').map_or(0, |n| n + 1);
    let before_line = events[..index].iter().all(|(_, range)| range.end <= line);
    (line > 0 && before_line).then_some((index, line))
}

fn without_offsets<'a>(
    events: Vec<(Event<'a>, std::ops::Range<usize>)>,
) -> std::vec::IntoIter<Event<'a>> {
    events
        .into_iter()
        .map(|(event, _)| event)
        .collect::<Vec<_>>()
        .into_iter()
}

/// The Markdown the post is written in: CommonMark with tables and strikethrough.
fn markdown_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// How much of the page one piece holds at least (the pieces between cuts are joined up to
/// this, counted in the bytes of their text): small enough that a piece's tree stays in the
/// caches, large enough that the calls' own cost does not count.
const PIECE_BYTES: usize = 64 * 1024;

/// The HTML of `events`, sanitised piece by piece, on every core, and the number of pieces. A
/// piece ends only where a top-level block ends and no raw HTML came before: there the HTML
/// parser's state is the same as at the start (no element open, no formatting element to
/// reconstruct, no `id` seen), so sanitising the pieces one by one gives the bytes that
/// sanitising the whole gives. Raw HTML (from the author's files or a template) can leave an
/// element open that reaches into every block after it, so from the first raw HTML on, the
/// rest is one piece. Pieces are at least `piece_bytes` long (but the last).
///
/// A piece made only of what [`plain_html`] knows (the whole listing of a month's incidents)
/// is written as the sanitiser would leave it, without parsing it again; the others go
/// through `sanitiser`, which must be ammonia's default policy (with at most an attribute
/// filter for images, which `plain_html` never writes).
fn sanitised_html<'a>(
    events: impl Iterator<Item = Event<'a>>,
    sanitiser: &ammonia::Builder<'_>,
    piece_bytes: usize,
) -> (String, usize) {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    // Pieces wait here, numbered, for whichever thread is free; the parsing thread joins the
    // others once it has handed over the last one. A piece finds the queue full when the
    // other threads are behind: the parsing thread then writes it itself, so that the events
    // of the page waiting to be written stay a few pieces (they were the peak of a post listing
    // tens of thousands of incidents, the whole page's events queued behind one writer).
    let (send, receive) = mpsc::sync_channel::<(usize, Vec<Event<'a>>)>(cores);
    let queue = Mutex::new(receive);
    let write = || {
        let mut done = Vec::new();
        loop {
            let next = match queue.lock() {
                Ok(receiver) => receiver.recv(),
                Err(_) => break,
            };
            let Ok((index, events)) = next else { break };
            done.push((index, piece_html(events, sanitiser)));
        }
        done
    };
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..cores).map(|_| scope.spawn(write)).collect();
        let mut done = Vec::new();
        let pieces = in_pieces(events, piece_bytes, |index, piece| {
            // The receiver lives until every thread is done with it: a send fails only when
            // the queue is full, or with no other thread (one core).
            if let Err(
                TrySendError::Full((index, events)) | TrySendError::Disconnected((index, events)),
            ) = send.try_send((index, piece))
            {
                done.push((index, piece_html(events, sanitiser)));
            }
        });
        drop(send);
        done.extend(write());
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

/// Hands the events of each piece (see [`sanitised_html`]) to `piece` as soon as it is
/// complete; returns how many there were.
fn in_pieces<'a>(
    events: impl Iterator<Item = Event<'a>>,
    piece_bytes: usize,
    mut piece: impl FnMut(usize, Vec<Event<'a>>),
) -> usize {
    let mut current = Vec::new();
    let mut bytes = 0;
    let mut pieces = 0;
    let mut depth = 0usize;
    let mut raw_html = false;
    for event in events {
        raw_html |= matches!(event, Event::Html(_) | Event::InlineHtml(_));
        if depth == 0 && !raw_html && bytes >= piece_bytes {
            piece(pieces, std::mem::take(&mut current));
            pieces += 1;
            bytes = 0;
        }
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Text(text) | Event::Code(text) => bytes += text.len(),
            _ => {}
        }
        // Tags count too, so that a piece of empty blocks still ends.
        bytes += 1;
        current.push(event);
    }
    if !current.is_empty() {
        piece(pieces, current);
        pieces += 1;
    }
    pieces
}

/// One piece's HTML as the sanitiser leaves it.
fn piece_html(events: Vec<Event<'_>>, sanitiser: &ammonia::Builder<'_>) -> String {
    let sanitised = |events: Vec<Event<'_>>| {
        let mut raw = String::new();
        html::push_html(&mut raw, events.into_iter());
        sanitiser.clean(&raw).to_string()
    };
    match plain_html(&events) {
        Some(plain) => {
            debug_assert_eq!(
                plain,
                sanitised(events),
                "plain HTML differs from ammonia's"
            );
            plain
        }
        None => sanitised(events),
    }
}

/// The HTML of `events` as ammonia's default policy leaves it, written directly: `None` when
/// they hold anything but paragraphs, headings without attributes, lists, quotes, emphasis,
/// strong, struck text, code spans, line breaks and `http`/`https` links without a title.
///
/// For those pulldown-cmark writes only elements and attributes the policy keeps, and escapes
/// all text, so the sanitiser's parse and serialisation change only what is written here
/// differently: a link gains `rel="noopener noreferrer"`, a line break is `<br>`, and text is
/// escaped as html5ever escapes it (a no-break space as `&nbsp;`). Text holding a NUL or a
/// carriage return (which the HTML parser drops or changes) is left to the sanitiser.
fn plain_html(events: &[Event<'_>]) -> Option<String> {
    use pulldown_cmark::{CowStr, LinkType, Tag, TagEnd};
    let needs_escape = |text: &str| text.contains('\u{a0}');
    let mut plain = Vec::with_capacity(events.len());
    for event in events {
        let event = match event {
            Event::Start(
                Tag::Paragraph
                | Tag::Item
                | Tag::List(_)
                | Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::BlockQuote(None),
            )
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::List(_)
                | TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::BlockQuote(None)
                | TagEnd::Heading(_)
                | TagEnd::Link,
            )
            | Event::SoftBreak => event.clone(),
            Event::Start(Tag::Heading {
                id: None,
                classes,
                attrs,
                ..
            }) if classes.is_empty() && attrs.is_empty() => event.clone(),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) if *link_type != LinkType::Email && title.is_empty() => {
                let href = web_href(dest_url)?;
                let mut a = String::from("<a href=\"");
                escape_like_html5ever(&mut a, &href, true);
                a.push_str("\" rel=\"noopener noreferrer\">");
                Event::InlineHtml(CowStr::from(a))
            }
            Event::Text(text) | Event::Code(text) if text.contains(['\0', '\r']) => return None,
            Event::Text(text) if needs_escape(text) => {
                let mut escaped = String::with_capacity(text.len() + 8);
                escape_like_html5ever(&mut escaped, text, false);
                Event::InlineHtml(CowStr::from(escaped))
            }
            Event::Code(text) if needs_escape(text) => {
                let mut code = String::from("<code>");
                escape_like_html5ever(&mut code, text, false);
                code.push_str("</code>");
                Event::InlineHtml(CowStr::from(code))
            }
            Event::Text(_) | Event::Code(_) => event.clone(),
            Event::HardBreak => Event::InlineHtml(CowStr::Borrowed("<br>\n")),
            _ => return None,
        };
        plain.push(event);
    }
    let mut out = String::new();
    html::push_html(&mut out, plain.into_iter());
    Some(out)
}

/// A link target as the `href` the HTML parser reads from pulldown-cmark's output, when it is
/// an absolute `http` or `https` URL (the policy keeps those as they are).
fn web_href(dest_url: &str) -> Option<String> {
    let mut written = String::with_capacity(dest_url.len());
    pulldown_cmark_escape::escape_href(&mut written, dest_url).ok()?;
    // `escape_href` percent-encodes all but `&` and `'`, which it writes as references.
    let href = written.replace("&amp;", "&").replace("&#x27;", "'");
    let url = ammonia::Url::parse(&href).ok()?;
    matches!(url.scheme(), "http" | "https").then_some(href)
}

/// Text or an attribute's value escaped as html5ever's serialiser (ammonia's output) does.
fn escape_like_html5ever(out: &mut String, text: &str, attribute: bool) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\u{a0}' => out.push_str("&nbsp;"),
            '"' if attribute => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
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
    let body = body_html(markdown, charts);
    // The page is the body and the template around it: written into room for both rather than
    // grown by doubling (a page listing 28,311 incidents is 11 MB, and a copy of it growing
    // beside the body was the peak of `post`).
    let mut page = Vec::with_capacity(body.len() + templates.html.text.len() + 4096);
    template
        .render_captured_to(
            minijinja::context! {
                title => meta.title.clone(),
                date => meta.date.clone(),
                description => meta.description.clone(),
                timezone => timezone.to_string(),
                body => Value::from_safe_string(body),
            },
            &mut page,
        )
        .map_err(|e| PostError::template(&templates.html.origin, e))?;
    String::from_utf8(page).map_err(|e| PostError::Template {
        origin: templates.html.origin.clone(),
        message: format!("the page written is not UTF-8: {e}"),
    })
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

    /// The plain HTML of `markdown`'s events (`None` where it is left to the sanitiser), and
    /// what the sanitiser makes of pulldown-cmark's HTML of them.
    fn plain_and_sanitised(markdown: &str) -> (Option<String>, String) {
        let events: Vec<Event<'_>> = Parser::new_ext(markdown, markdown_options()).collect();
        let mut raw = String::new();
        html::push_html(&mut raw, events.iter().cloned());
        let sanitised = ammonia::Builder::default().clean(&raw).to_string();
        (plain_html(&events), sanitised)
    }

    #[test]
    fn plain_pieces_are_what_the_sanitiser_writes() {
        for markdown in [
            // The listing of a month, as the built-in template writes it.
            "### Delayed \\<webhooks\\> & \"quotes\" 'too'\n\n- **Started:** 2026-08-01 00:00 CEST; \
             resolved after 15 min\n\n- **Impact:** critical\n- **Affected:** API, Web\n\
             - [The incident as published](<https://status.example.com/incidents/a?b=1&c='2'>)\n",
            "Text with\u{a0}no-break\u{a0}spaces, `code\u{a0}span`, *em*, **strong**, ~~struck~~.\n",
            "line one  \nline two\\\nline three\nsoft\n",
            "> quoted *text*\n> more\n\n1. one\n2. two\n\n3) three\n\n7. seven\n",
            "# h1\n\n## h2 [link](http://x.test/a%20b \"\") ü € 😀\n",
            "[encoded](https://x.test/%22%3E%3Cscript%3E) <https://x.test/q?a=1&c=2>\n",
            "&amp; &lt;b&gt; &quot; &#39; &nbsp; &copy;\n",
        ] {
            let (plain, sanitised) = plain_and_sanitised(markdown);
            assert_eq!(plain.as_deref(), Some(sanitised.as_str()), "{markdown}");
        }
    }

    #[test]
    fn what_plain_html_does_not_know_is_left_to_the_sanitiser() {
        for markdown in [
            "<b>raw</b>\n",
            "text <i>inline</i>\n",
            "![image](charts/x.svg)\n",
            "[relative](charts/x.svg)\n",
            "[script](javascript:alert(1))\n",
            "[mail](mailto:a@x.test) <a@x.test>\n",
            "[titled](https://x.test \"title\")\n",
            "    code block\n",
            "```\nfenced\n```\n",
            "| a |\n|---|\n| b |\n",
            "---\n",
            "a\0b\n",
        ] {
            let (plain, _) = plain_and_sanitised(markdown);
            assert_eq!(plain, None, "{markdown}");
        }
    }

    /// Lines of Markdown that open, continue or close every kind of block, and look ahead.
    const LINES: [&str; 44] = [
        "# h\n",
        "### Title \\<x\\>\n",
        "\n",
        "\n\n",
        "para text\n",
        "more *em* **st**\n",
        "- item\n",
        "  - nested\n",
        "    deeper\n",
        "1. one\n",
        "2) two\n",
        "* star\n",
        "+ plus\n",
        "> quote\n",
        "   > q\n",
        ">\n",
        "```\n",
        "~~~ rust\n",
        "    code\n",
        "\tcode\n",
        "---\n",
        "===\n",
        "***\n",
        "| a | b |\n",
        "|---|:-:|\n",
        "a | b\n",
        "<div>\n",
        "</div>\n",
        "<!-- c\n",
        "-->\n",
        "<script>\n",
        "</script>\n",
        "<pre>\n",
        "text  \n",
        "line\\\n",
        "\r\n",
        "a\rb\n",
        "x\r",
        "[x](https://y.test)\n",
        "<https://auto.test>\n",
        "- **Started:** now\n",
        "  para\n",
        "<b>bold\n",
        "~~struck~~ `code`\n",
    ];

    fn parsed_whole(markdown: &str) -> Vec<Event<'_>> {
        Parser::new_ext(markdown, markdown_options()).collect()
    }

    #[test]
    fn a_page_parsed_in_parts_gives_the_events_of_one_parse() {
        let listing = "### Delayed\n\n- **Started:** 2026-08-01\n- **Impact:** minor\n\n";
        let page = format!("Intro *text*.\n\n## Incidents\n\n{}", listing.repeat(50));
        for part_bytes in [1, 10, 40, 100, 1000, 1 << 20] {
            let parts: Vec<Event<'_>> = events_in_parts(&page, part_bytes).collect();
            assert_eq!(parts, parsed_whole(&page), "parts of {part_bytes} bytes");
        }
        // 101 blocks: a heading and a list per incident, after two.
        assert!(parts_of(&page, 1) > 50, "a part per block or two");
        assert!(parts_of(&page, 200) > 10, "a part per 200 bytes or so");
        // A link reference definition reaches across blocks: such a text is parsed whole.
        let referenced = "[used][r]\n\n### x\n\n[r]: https://x.test\n";
        let parts: Vec<Event<'_>> = events_in_parts(referenced, 1).collect();
        assert_eq!(parts, parsed_whole(referenced));
        assert_eq!(parts_of(referenced, 1), 1);
    }

    /// How many parts `markdown` is parsed in.
    fn parts_of(markdown: &str, part_bytes: usize) -> usize {
        let mut parts = events_in_parts(markdown, part_bytes);
        let mut count = 0;
        while parts.next < parts.text.len() {
            parts.parse_part();
            count += 1;
        }
        count
    }

    proptest::proptest! {
        /// Any Markdown made of those lines, parsed in parts of any size, gives the events of
        /// one parse.
        #[test]
        fn parts_parse_as_the_whole(
            lines in proptest::collection::vec(0..LINES.len(), 0..60),
            part_bytes in 1usize..80,
        ) {
            let markdown: String = lines.iter().map(|&i| LINES[i]).collect();
            let parts: Vec<Event<'_>> = events_in_parts(&markdown, part_bytes).collect();
            proptest::prop_assert_eq!(parts, parsed_whole(&markdown), "{:?}", markdown);
        }

        /// Whatever text the listing is made of, writing it plainly gives the sanitiser's bytes.
        #[test]
        fn plain_html_matches_the_sanitiser(
            text in "[a-zA-Z0-9 <>&\"'`*_~\\\\\\[\\]()!#|\u{a0}\u{e9}\u{1F600}\n:/.?=%-]{0,80}",
            url in "https?://[a-z<>&\"' %.\u{e9}]{1,20}/[a-zA-Z0-9<>&\"' ()%?=#\u{e9}]{0,20}",
        ) {
            let markdown = format!(
                "### {text}\n\n- **Started:** {text}\n- [{text}](<{url}>) and [x]({url})\n\n{text}\n\n> {text}\n"
            );
            let (plain, sanitised) = plain_and_sanitised(&markdown);
            if let Some(plain) = plain {
                proptest::prop_assert_eq!(plain, sanitised, "{}", markdown);
            }
        }
    }
}
