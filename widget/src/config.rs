//! The element's attributes, read into one typed configuration: defaults, limits and what an
//! unreadable value falls back to (a guest never refuses to render over a typo).

/// Which views the widget shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    /// Status, components with their bars, incident history, the monthly chart, the footer.
    #[default]
    Full,
    /// The status line and one row of bars for the whole page.
    Compact,
    /// A one-line status pill.
    Badge,
    /// Nothing while no incident is open and no maintenance in progress; a dismissible
    /// one-line bar while one is.
    Banner,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// Follows `prefers-color-scheme`.
    #[default]
    Auto,
    Light,
    Dark,
}

impl View {
    /// The attribute's value, also the root's `data-view` that the stylesheet selects on.
    pub fn as_str(self) -> &'static str {
        match self {
            View::Full => "full",
            View::Compact => "compact",
            View::Badge => "badge",
            View::Banner => "banner",
        }
    }
}

impl Theme {
    /// The attribute's value, also the root's `data-theme` that the stylesheet selects on.
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// The names of the attributes the element observes, in the order the issue lists them.
pub const ATTRIBUTES: [&str; 10] = [
    "src",
    "view",
    "days",
    "components",
    "theme",
    "locale",
    "time-zone",
    "refresh",
    "max-incidents",
    "link",
];

pub const DEFAULT_DAYS: u32 = 90;
/// A year of bars is already more than a desktop column can show one pixel apart.
pub const MAX_DAYS: u32 = 365;
pub const DEFAULT_REFRESH_SECS: u32 = 60;
pub const DEFAULT_MAX_INCIDENTS: usize = 10;
/// The feed carries at most this many incidents anyway (core's `feed::MAX_INCIDENTS`).
pub const MAX_INCIDENTS: usize = candor_core::feed::MAX_INCIDENTS;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Config {
    pub src: Option<String>,
    pub view: View,
    pub days: u32,
    /// Ids or names to show; empty shows every component.
    pub components: Vec<String>,
    pub theme: Theme,
    /// A BCP 47 tag; `None` uses the browser's.
    pub locale: Option<String>,
    /// An IANA zone; `None` uses the viewer's.
    pub time_zone: Option<String>,
    /// Seconds between refreshes; 0 turns refreshing off.
    pub refresh_secs: u32,
    pub max_incidents: usize,
    pub link: Option<String>,
}

impl Config {
    /// Reads the configuration from the element's attributes, `attribute(name)` giving each
    /// attribute's value when it is set.
    pub fn read(attribute: impl Fn(&str) -> Option<String>) -> Config {
        let text = |name: &str| {
            attribute(name)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        Config {
            src: text("src"),
            view: match text("view")
                .as_deref()
                .map(str::to_ascii_lowercase)
                .as_deref()
            {
                Some("compact") => View::Compact,
                Some("badge") => View::Badge,
                Some("banner") => View::Banner,
                _ => View::Full,
            },
            days: number(text("days"), DEFAULT_DAYS).clamp(1, MAX_DAYS),
            components: text("components")
                .map(|list| {
                    list.split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default(),
            theme: match text("theme")
                .as_deref()
                .map(str::to_ascii_lowercase)
                .as_deref()
            {
                Some("light") => Theme::Light,
                Some("dark") => Theme::Dark,
                _ => Theme::Auto,
            },
            locale: text("locale"),
            time_zone: text("time-zone"),
            refresh_secs: number(text("refresh"), DEFAULT_REFRESH_SECS),
            max_incidents: number(text("max-incidents"), DEFAULT_MAX_INCIDENTS as u32) as usize,
            link: text("link").filter(|l| is_page_link(l)),
        }
        .limited()
    }

    fn limited(mut self) -> Config {
        self.max_incidents = self.max_incidents.min(MAX_INCIDENTS);
        self
    }

    /// Whether a component with this id and name is one the `components` attribute asks for.
    pub fn shows_component(&self, id: &str, name: &str) -> bool {
        shows_component(&self.components, id, name)
    }
}

/// Whether the `components` attribute's ids or names (`listed`; empty lists every one) list a
/// component.
pub fn shows_component(listed: &[String], id: &str, name: &str) -> bool {
    listed.is_empty()
        || listed
            .iter()
            .any(|c| c == id || c.eq_ignore_ascii_case(name))
}

fn number(value: Option<String>, default: u32) -> u32 {
    value.and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Links from attributes or feeds become `href`s: only `http` and `https` may, so a feed cannot
/// smuggle in a `javascript:` URL.
pub fn is_web_link(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// The `link` attribute comes from the host page's author, who may write it relative to the
/// page (`/status.html`): a web link, or a reference without a scheme of its own. Anything a
/// browser could read as another scheme (`javascript:`, also with tabs or newlines inside,
/// which browsers drop) is refused.
pub fn is_page_link(url: &str) -> bool {
    if is_web_link(url) {
        return true;
    }
    if url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return false;
    }
    let before_path = url.split(['/', '?', '#']).next().unwrap_or_default();
    !url.is_empty() && !before_path.contains(':')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names in the first `[...]` after `marker` in a JavaScript file.
    fn js_list<'a>(js: &'a str, marker: &str) -> Vec<&'a str> {
        let start = js
            .find(marker)
            .unwrap_or_else(|| panic!("{marker} not found"));
        let list = &js[start..];
        let list = &list[list.find('[').expect("[") + 1..list.find(']').expect("]")];
        (list.split(','))
            .map(|n| n.trim().trim_matches('"'))
            .filter(|n| !n.is_empty())
            .collect()
    }

    /// The element observes its attributes before the wasm loads (`js/candor.js`), and the
    /// demo site's embed builder writes them without loading the widget
    /// (`www/js/widget-attributes.js`): each list is this one.
    #[test]
    fn the_entry_module_and_the_embed_builder_list_the_same_attributes() {
        let entry = include_str!("../js/candor.js");
        assert_eq!(js_list(entry, "const ATTRIBUTES = ["), ATTRIBUTES);
        let builder = include_str!("../../www/js/widget-attributes.js");
        assert_eq!(
            js_list(builder, "export const WIDGET_ATTRIBUTES = ["),
            ATTRIBUTES
        );
    }

    fn read(pairs: &[(&str, &str)]) -> Config {
        Config::read(|name| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn no_attributes_give_the_documented_defaults() {
        let c = read(&[]);
        assert_eq!(c.src, None);
        assert_eq!(c.view, View::Full);
        assert_eq!(c.days, 90);
        assert!(c.components.is_empty());
        assert_eq!(c.theme, Theme::Auto);
        assert_eq!(c.refresh_secs, 60);
        assert_eq!(c.max_incidents, 10);
    }

    #[test]
    fn every_attribute_is_read() {
        let c = read(&[
            ("src", " https://status.example.com/feed.json "),
            ("view", "Compact"),
            ("days", "30"),
            ("components", "api, Web App ,,"),
            ("theme", "dark"),
            ("locale", "de-DE"),
            ("time-zone", "Europe/Berlin"),
            ("refresh", "0"),
            ("max-incidents", "3"),
            ("link", "https://status.example.com"),
        ]);
        assert_eq!(
            c.src.as_deref(),
            Some("https://status.example.com/feed.json")
        );
        assert_eq!(c.view, View::Compact);
        assert_eq!(c.days, 30);
        assert_eq!(c.components, ["api", "Web App"]);
        assert_eq!(c.theme, Theme::Dark);
        assert_eq!(c.locale.as_deref(), Some("de-DE"));
        assert_eq!(c.time_zone.as_deref(), Some("Europe/Berlin"));
        assert_eq!(c.refresh_secs, 0);
        assert_eq!(c.max_incidents, 3);
        assert_eq!(c.link.as_deref(), Some("https://status.example.com"));
    }

    #[test]
    fn unreadable_values_fall_back_to_defaults_and_limits() {
        let c = read(&[
            ("view", "sideways"),
            ("days", "lots"),
            ("theme", "neon"),
            ("refresh", "-5"),
            ("max-incidents", "1000"),
        ]);
        assert_eq!(c.view, View::Full);
        assert_eq!(c.days, 90);
        assert_eq!(c.theme, Theme::Auto);
        assert_eq!(c.refresh_secs, 60);
        assert_eq!(c.max_incidents, MAX_INCIDENTS);
        assert_eq!(read(&[("days", "0")]).days, 1);
        assert_eq!(read(&[("days", "9999")]).days, MAX_DAYS);
    }

    #[test]
    fn only_web_links_are_kept() {
        assert_eq!(read(&[("link", "javascript:alert(1)")]).link, None);
        assert_eq!(read(&[("link", " JavaScript:alert(1)")]).link, None);
        assert!(is_web_link("HTTPS://example.com"));
        assert!(!is_web_link("data:text/html,x"));
    }

    #[test]
    fn the_link_may_be_relative_to_the_page_but_never_another_scheme() {
        for link in [
            "/status.html",
            "status.html",
            "../status/",
            "#history",
            "?v=1",
            "//status.example.com/",
        ] {
            assert_eq!(
                read(&[("link", link)]).link.as_deref(),
                Some(link),
                "{link}"
            );
        }
        for link in [
            "javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:x",
            "data:text/html,x",
            "mailto:a@b.c",
        ] {
            assert_eq!(read(&[("link", link)]).link, None, "{link:?}");
        }
    }

    #[test]
    fn components_match_by_id_or_name() {
        let c = read(&[("components", "api,web app")]);
        assert!(c.shows_component("api", "API"));
        assert!(c.shows_component("w1", "Web App"));
        assert!(!c.shows_component("db", "Database"));
        assert!(read(&[]).shows_component("db", "Database"));
    }
}
