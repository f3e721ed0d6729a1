//! Badges for READMEs and pages where no script may run: flat SVG badges in the style people
//! know from shields.io, and shields.io "endpoint" JSON for those who let shields draw them.
//!
//! Every figure comes from [`History`]: the overall status from `overall_status`, a component's
//! uptime from `uptime`, its colour from [`DayLevel`], the same buckets the widget colours its
//! bars with. Nothing here computes a figure a second way.

mod text_width;

use std::fmt::Write as _;

use candor_core::uptime::DayLevel;
use candor_core::{History, Indicator, Zone};
use chrono::Duration;
use serde::Serialize;

pub use text_width::verdana_11px;

/// How many days a component's uptime badge covers unless told otherwise.
pub const DEFAULT_DAYS: u32 = 90;

/// The named colours of shields.io, so that the endpoint JSON and the SVG agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Color {
    BrightGreen,
    Green,
    Yellow,
    Orange,
    Red,
    Blue,
    LightGrey,
}

impl Color {
    /// The name shields.io understands.
    pub fn name(self) -> &'static str {
        match self {
            Color::BrightGreen => "brightgreen",
            Color::Green => "green",
            Color::Yellow => "yellow",
            Color::Orange => "orange",
            Color::Red => "red",
            Color::Blue => "blue",
            Color::LightGrey => "lightgrey",
        }
    }

    /// The value shields.io draws for that name.
    pub fn hex(self) -> &'static str {
        match self {
            Color::BrightGreen => "#4c1",
            Color::Green => "#97ca00",
            Color::Yellow => "#dfb317",
            Color::Orange => "#fe7d37",
            Color::Red => "#e05d44",
            Color::Blue => "#007ec6",
            Color::LightGrey => "#9f9f9f",
        }
    }

    fn of_indicator(indicator: Indicator) -> Color {
        match indicator {
            Indicator::None => Color::BrightGreen,
            Indicator::Maintenance => Color::Blue,
            Indicator::Minor => Color::Yellow,
            Indicator::Major => Color::Orange,
            Indicator::Critical => Color::Red,
        }
    }

    fn of_level(level: DayLevel) -> Color {
        match level {
            DayLevel::NoData => Color::LightGrey,
            DayLevel::None => Color::BrightGreen,
            DayLevel::Some => Color::Green,
            DayLevel::Partial => Color::Yellow,
            DayLevel::Major => Color::Red,
        }
    }
}

/// One badge: a grey label on the left, a coloured message on the right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Badge {
    pub label: String,
    pub message: String,
    pub color: Color,
}

/// The label's background, as on shields.io.
const LABEL_COLOR: &str = "#555";
/// Room left and right of each text, in pixels.
const PADDING: u32 = 5;
const HEIGHT: u32 = 20;

/// One half of a badge, laid out: where its box starts, how wide it is, how long its text is
/// (in tenths of a pixel, the unit the text is drawn in so that it can be placed to 0.1 px).
struct Part<'a> {
    text: &'a str,
    x: u32,
    width: u32,
    text_tenths: u32,
}

impl<'a> Part<'a> {
    fn new(text: &'a str, x: u32) -> Part<'a> {
        let measured = verdana_11px(text);
        // Whole pixels for the box, so that edges stay crisp; the text is fitted exactly.
        let width = measured.ceil() as u32 + 2 * PADDING;
        Part {
            text,
            x,
            width,
            text_tenths: (measured * 10.0).round() as u32,
        }
    }

    /// The centre of the box, in tenths of a pixel.
    fn centre_tenths(&self) -> u32 {
        self.x * 10 + self.width * 5
    }

    fn write_text(&self, svg: &mut String) {
        let text = xml_escape(self.text);
        let x = self.centre_tenths();
        let len = self.text_tenths;
        // A faint copy one pixel lower is the flat style's shadow; screen readers skip it.
        let _ = write!(
            svg,
            r##"<text aria-hidden="true" x="{x}" y="150" fill="#010101" fill-opacity=".3" transform="scale(.1)" textLength="{len}">{text}</text><text x="{x}" y="140" transform="scale(.1)" fill="#fff" textLength="{len}">{text}</text>"##
        );
    }
}

impl Badge {
    /// The words a screen reader says and a tooltip shows.
    pub fn title(&self) -> String {
        format!("{}: {}", self.label, self.message)
    }

    /// The badge as a standalone SVG document in the flat style.
    pub fn svg(&self) -> String {
        let label = Part::new(&self.label, 0);
        let message = Part::new(&self.message, label.width);
        let width = label.width + message.width;
        let title = xml_escape(&self.title());
        let (lw, mx, mw, h) = (label.width, message.x, message.width, HEIGHT);
        let color = self.color.hex();
        let mut svg = String::with_capacity(1024);
        let _ = write!(
            svg,
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{h}" role="img" aria-label="{title}"><title>{title}</title><linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient><clipPath id="r"><rect width="{width}" height="{h}" rx="3" fill="#fff"/></clipPath><g clip-path="url(#r)"><rect width="{lw}" height="{h}" fill="{LABEL_COLOR}"/><rect x="{mx}" width="{mw}" height="{h}" fill="{color}"/><rect width="{width}" height="{h}" fill="url(#s)"/></g><g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" text-rendering="geometricPrecision" font-size="110">"##
        );
        label.write_text(&mut svg);
        message.write_text(&mut svg);
        svg.push_str("</g></svg>\n");
        svg
    }

    /// The badge as a shields.io endpoint document (`https://shields.io/badges/endpoint-badge`).
    pub fn endpoint_json(&self) -> String {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Endpoint<'a> {
            schema_version: u32,
            label: &'a str,
            message: &'a str,
            color: &'a str,
        }
        let doc = Endpoint {
            schema_version: 1,
            label: &self.label,
            message: &self.message,
            color: self.color.name(),
        };
        let mut json = serde_json::to_string(&doc).unwrap_or_default();
        json.push('\n');
        json
    }
}

/// Escapes text for an XML attribute or element. Characters XML 1.0 cannot hold at all (most
/// control characters) become U+FFFD, so that the mistake stays visible instead of breaking
/// the document.
fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// The page's overall status, in Statuspage's words.
pub fn overall_status<Z: Zone>(history: &History<'_, Z>) -> Badge {
    let status = history.overall_status();
    Badge {
        label: "status".into(),
        message: status.description,
        color: Color::of_indicator(status.indicator),
    }
}

/// Writes an uptime percentage for a badge: two decimals, never rounded up, so that a period
/// with any downtime never reads "100%".
pub fn format_percent(percent: f64) -> String {
    if percent >= 100.0 {
        "100%".into()
    } else {
        format!("{:.2}%", (percent * 100.0).floor() / 100.0)
    }
}

/// A component's uptime over the `days` local days ending today.
pub fn component_uptime<Z: Zone>(
    history: &History<'_, Z>,
    component_id: &str,
    component_name: &str,
    days: u32,
) -> Badge {
    let today = history.zone.date_of(history.now);
    let first = today - Duration::days(i64::from(days.max(1)) - 1);
    let percent = history.uptime(component_id, first, today).percent();
    Badge {
        label: format!("{component_name} uptime"),
        message: percent.map_or_else(|| "no data".into(), format_percent),
        color: Color::of_level(DayLevel::of(percent)),
    }
}

/// A file of a badge set, by its path relative to the set's folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadgeFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Every badge of a page: `status.svg` and `status.json` for the overall status,
/// `uptime/<component>.svg` and `.json` for each component, and `index.json` saying which
/// file is which component. In a stable order, so the same history gives the same files.
pub fn render_all<Z: Zone>(history: &History<'_, Z>, days: u32) -> Vec<BadgeFile> {
    #[derive(Serialize)]
    struct Entry {
        id: String,
        name: String,
        svg: String,
        endpoint: String,
    }
    #[derive(Serialize)]
    struct Files {
        svg: &'static str,
        endpoint: &'static str,
    }
    #[derive(Serialize)]
    struct Index {
        days: u32,
        status: Files,
        components: Vec<Entry>,
    }

    let mut files = Vec::new();
    let mut push = |path: String, bytes: String| {
        files.push(BadgeFile {
            path,
            bytes: bytes.into_bytes(),
        });
    };

    let status = overall_status(history);
    push("status.svg".into(), status.svg());
    push("status.json".into(), status.endpoint_json());

    let mut taken: Vec<String> = Vec::new();
    let mut entries = Vec::new();
    for component in history.components() {
        let stem = unique_file_stem(&component.id, &mut taken);
        let badge = component_uptime(history, &component.id, &component.name, days);
        let svg = format!("uptime/{stem}.svg");
        let endpoint = format!("uptime/{stem}.json");
        push(svg.clone(), badge.svg());
        push(endpoint.clone(), badge.endpoint_json());
        entries.push(Entry {
            id: component.id,
            name: component.name,
            svg,
            endpoint,
        });
    }

    let index = Index {
        days,
        status: Files {
            svg: "status.svg",
            endpoint: "status.json",
        },
        components: entries,
    };
    let mut json = serde_json::to_string_pretty(&index).unwrap_or_default();
    json.push('\n');
    push("index.json".into(), json);
    files
}

/// A file name for a component id that is safe on every file system and in a URL: lowercase
/// ASCII letters, digits and hyphens. Ids that come out the same get `-2`, `-3`, ... in the
/// order the components are listed.
fn unique_file_stem(id: &str, taken: &mut Vec<String>) -> String {
    let mut stem = String::new();
    for c in id.chars() {
        if c.is_ascii_alphanumeric() {
            stem.push(c.to_ascii_lowercase());
        } else if !stem.ends_with('-') {
            stem.push('-');
        }
    }
    let stem = stem.trim_matches('-');
    let stem = if stem.is_empty() { "component" } else { stem };
    let mut candidate = stem.to_string();
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{stem}-{n}");
        n += 1;
    }
    taken.push(candidate.clone());
    candidate
}

#[cfg(test)]
mod tests;
