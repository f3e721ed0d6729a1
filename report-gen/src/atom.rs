//! `history.atom`: the feed's incidents and maintenances as an Atom feed (RFC 4287), for people
//! who follow a status page in a feed reader. `report-gen feed` writes it beside the feed.
//!
//! It is made from the [`Feed`] (the same incidents and maintenances the widget shows, newest
//! first), so it holds no figure of its own. Deterministic: every `updated` comes from the data
//! (an entry's latest update, the feed's latest entry), never from the clock; ids are made from
//! the page's address or name and each record's id. Text from the data is escaped twice: as HTML
//! inside the content, then the content as XML; characters XML 1.0 cannot hold are left out.

use std::fmt::Write as _;

use candor_core::feed::{Feed, FeedUpdate};
use chrono::{DateTime, SecondsFormat, Utc};

/// The file's name, beside the feed.
pub const FILE_NAME: &str = "history.atom";

/// How a `history.atom` report-gen wrote begins: an existing file beginning otherwise is not
/// replaced without `--force`.
pub const START: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
                         <feed xmlns=\"http://www.w3.org/2005/Atom\">\n  \
                         <generator>Candor report-gen</generator>\n";

/// One entry before it is written: an incident or a maintenance.
struct Entry<'f> {
    kind: &'static str,
    id: &'f str,
    title: &'f str,
    published: DateTime<Utc>,
    updated: DateTime<Utc>,
    url: Option<&'f str>,
    /// What the entry's first paragraph says (impact, window), already HTML.
    summary: String,
    /// Newest first, as in the feed.
    updates: &'f [FeedUpdate],
}

/// The Atom document of `feed`'s incidents and maintenances.
pub fn history_atom(feed: &Feed) -> String {
    let mut entries: Vec<Entry<'_>> = Vec::new();
    for i in &feed.incidents {
        let mut summary = format!("Impact: {}", i.impact.as_str());
        match i.end {
            Some(end) => write_range(&mut summary, i.start, Some(end)),
            None => {
                let _ = write!(summary, ". Since {}, not resolved", human_time(i.start));
            }
        }
        entries.push(Entry {
            kind: "incident",
            id: &i.id,
            title: &i.title,
            published: i.start,
            updated: latest(i.start, i.end, &i.updates),
            url: i.url.as_deref(),
            summary,
            updates: &i.updates,
        });
    }
    for m in &feed.maintenances {
        let mut summary = String::from("Scheduled maintenance");
        write_range(&mut summary, m.scheduled_for, m.scheduled_until);
        entries.push(Entry {
            kind: "maintenance",
            id: &m.id,
            title: &m.title,
            published: m.scheduled_for,
            updated: latest(m.scheduled_for, m.scheduled_until, &m.updates),
            url: m.url.as_deref(),
            summary,
            updates: &m.updates,
        });
    }
    // Newest first (by when each began), ties by kind and id: the same data, the same bytes.
    entries.sort_by(|a, b| {
        (b.published.cmp(&a.published))
            .then_with(|| a.kind.cmp(b.kind))
            .then_with(|| a.id.cmp(b.id))
    });

    let page = &feed.page;
    let base = format!(
        "urn:candor:{}",
        sha1_smol::Sha1::from(page.url.as_deref().unwrap_or(&page.name)).digest()
    );
    // An empty history has no time of its own: the epoch, not the clock.
    let updated = (entries.iter().map(|e| e.updated).max()).unwrap_or(DateTime::UNIX_EPOCH);
    let mut out = String::from(START);
    let _ = writeln!(out, "  <id>{base}:history</id>");
    let _ = writeln!(
        out,
        "  <title>{} - incident history</title>",
        xml(&page.name)
    );
    let _ = writeln!(out, "  <updated>{}</updated>", atom_time(updated));
    let _ = writeln!(out, "  <author><name>{}</name></author>", xml(&page.name));
    if let Some(url) = &page.url {
        let _ = writeln!(
            out,
            "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            xml(url)
        );
    }
    for e in &entries {
        out.push_str("  <entry>\n");
        let _ = writeln!(out, "    <id>{base}:{}:{}</id>", e.kind, urn_part(e.id));
        let _ = writeln!(out, "    <title>{}</title>", xml(e.title));
        let _ = writeln!(out, "    <published>{}</published>", atom_time(e.published));
        let _ = writeln!(out, "    <updated>{}</updated>", atom_time(e.updated));
        if let Some(url) = e.url {
            let _ = writeln!(
                out,
                "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
                xml(url)
            );
        }
        let _ = writeln!(out, "    <category term=\"{}\"/>", e.kind);
        let mut html = format!("<p>{}.</p>", e.summary);
        for u in e.updates {
            let _ = write!(
                html,
                "<p><small>{}</small><br><strong>{}</strong> - {}</p>",
                human_time(u.at),
                html_text(&capitalised(&u.status.as_str().replace('_', " "))),
                html_text(&u.body)
            );
        }
        let _ = writeln!(out, "    <content type=\"html\">{}</content>", xml(&html));
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

/// An entry's last change: its latest update, else its end, else its start.
fn latest(
    start: DateTime<Utc>,
    end: Option<DateTime<Utc>>,
    updates: &[FeedUpdate],
) -> DateTime<Utc> {
    let newest = updates.iter().map(|u| u.at).max();
    [Some(start), end, newest]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(start)
}

fn write_range(out: &mut String, from: DateTime<Utc>, to: Option<DateTime<Utc>>) {
    let _ = write!(out, ", {}", human_time(from));
    if let Some(to) = to {
        let _ = write!(out, " to {}", human_time(to));
    }
}

/// `in progress` as `In progress`, as status pages show it.
fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn atom_time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn human_time(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// Text as HTML: the markup characters escaped, so that an update's `<script>` is text.
fn html_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    out
}

/// Text as XML character data or an attribute value; what XML 1.0 cannot hold at all (control
/// characters but tab and line ends, the non-characters U+FFFE and U+FFFF) is left out.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// A record's id as part of a URN: letters, digits and `-._` as they are, the rest
/// percent-encoded (its UTF-8 bytes).
fn urn_part(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || b"-._".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_control_characters_in_the_data_are_escaped_or_left_out() {
        assert_eq!(
            xml("a<b>&\"c'\u{1}\u{FFFF}d"),
            "a&lt;b&gt;&amp;&quot;c&apos;d"
        );
        assert_eq!(
            html_text("<script>x</script>\n"),
            "&lt;script&gt;x&lt;/script&gt;<br>"
        );
        assert_eq!(urn_part("in/c 1é"), "in%2Fc%201%C3%A9");
    }
}
