//! Untrusted text (incident titles, update bodies, component names, links) made safe for the
//! post's Markdown: nothing in it can become markup, a link or a heading.

/// Characters that start markup inline in CommonMark or in what blog engines add to it (GFM
/// tables and strikethrough, kramdown math, Hugo shortcodes and Liquid tags `{{ }}` `{% %}`).
/// Escaped with a backslash wherever they appear; other punctuation stays readable for the
/// author who edits the draft. Line-start markup cannot occur: text is kept on one line.
const MARKDOWN_PUNCTUATION: &[char] = &[
    '\\', '`', '*', '_', '[', ']', '{', '}', '!', '#', '|', '~', '$',
];

/// One line of literal text for Markdown: each run of whitespace made one space, control
/// characters dropped, punctuation backslash-escaped and `<`, `>`, `&` written as entities (so
/// no renderer can read them as HTML).
pub fn markdown_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if c.is_control() {
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c if MARKDOWN_PUNCTUATION.contains(&c) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    if pending_space {
        out.push(' ');
    }
    out
}

/// The text of an update body that may be HTML (Statuspage), Markdown (cState) or plain: tags
/// and their scripts and styles removed, entities decoded. The result is still untrusted text.
pub fn text_of_html(body: &str) -> String {
    // A space before every tag keeps words from running together where block tags
    // (`</li><li>`, `<br>`) separated them; whitespace is collapsed later anyway.
    let spaced = body.replace('<', " <");
    let stripped = ammonia::Builder::empty().clean(&spaced).to_string();
    stripped
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", " ")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// At most `max` characters, cut at a word boundary where one is near, with an ellipsis when cut.
pub fn truncate(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end())
}

/// A link target from the data, for `[text](target)`: only `http` and `https` links are kept,
/// written in the `<...>` form with every character that could end it percent-encoded.
pub fn link_destination(url: &str) -> Option<String> {
    let url = url.trim();
    let starts_with = |scheme: &str| {
        url.get(..scheme.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(scheme))
    };
    if !(starts_with("https://") || starts_with("http://")) {
        return None;
    }
    // Most URLs need nothing encoded: a month's listing writes tens of thousands.
    let plain = |b: &u8| b.is_ascii_graphic() && !b"<>\\\"'`".contains(b);
    if url.bytes().all(|b| plain(&b)) {
        return Some(format!("<{url}>"));
    }
    let mut out = String::from("<");
    for c in url.chars() {
        match c {
            '<' | '>' | '\\' | ' ' | '"' | '\'' | '`' => {
                out.push_str(&format!("%{:02X}", c as u32))
            }
            c if c.is_control() || c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out.push('>');
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_titles_stays_text() {
        assert_eq!(
            markdown_inline("<script>alert(1)</script> *bold* [x](javascript:y)"),
            "&lt;script&gt;alert(1)&lt;/script&gt; \\*bold\\* \\[x\\](javascript:y)"
        );
        assert_eq!(markdown_inline("a\n\n# b\t"), "a \\# b ");
        assert_eq!(markdown_inline("Tom & Jerry"), "Tom &amp; Jerry");
    }

    #[test]
    fn html_bodies_become_their_text() {
        assert_eq!(
            markdown_inline(&text_of_html(
                "<ul><li>One</li><li>Two &amp; three</li></ul><script>alert(1)</script>"
            ))
            .trim(),
            "One Two &amp; three"
        );
        assert_eq!(markdown_inline(&text_of_html("a < b")), "a &lt; b");
        assert_eq!(
            markdown_inline("{{< shortcode >}} {% raw %}"),
            "\\{\\{&lt; shortcode &gt;\\}\\} \\{% raw %\\}"
        );
    }

    #[test]
    fn only_web_links_survive() {
        assert_eq!(link_destination("javascript:alert(1)"), None);
        assert_eq!(link_destination("data:text/html,x"), None);
        assert_eq!(
            link_destination("https://x.test/a b>c").as_deref(),
            Some("<https://x.test/a%20b%3Ec>")
        );
        assert_eq!(
            link_destination(" HTTPS://x.test/a?b=1&c=%20#d ").as_deref(),
            Some("<HTTPS://x.test/a?b=1&c=%20#d>")
        );
        assert_eq!(
            link_destination("http://x.test/\u{e9}\t'\"`\\").as_deref(),
            Some("<http://x.test/\u{e9}%27%22%60%5C>")
        );
        assert_eq!(link_destination("http:/x"), None);
    }

    #[test]
    fn long_text_is_cut_at_a_word() {
        assert_eq!(truncate("one two three four", 12), "one two…");
        assert_eq!(truncate("short", 12), "short");
    }
}
