//! `index.md`: front matter that Hugo, Jekyll and Zola read as it is, then the post rendered
//! from a minijinja template in which every value from the data is escaped for Markdown.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use minijinja::value::{Enumerator, Object, ObjectRepr, Value};
use minijinja::{AutoEscape, Environment};
use serde::Serialize;

use super::charts::PostChart;
use super::escape::{link_destination, markdown_inline, text_of_html, truncate};
use super::facts::{Facts, IncidentFacts, UpdateFacts};
use super::range::{month_and_year, range_title, MonthRange};
use super::sentences::{duration, Sentences};
use super::{PostError, Templates};

/// The longest update text quoted in the list of incidents, in characters.
const UPDATE_TEXT_MAX: usize = 400;

/// Which front matter to write.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum FrontMatterFormat {
    /// `---` YAML, with `tags` at the top level: Hugo and Jekyll.
    #[default]
    Yaml,
    /// `+++` TOML, with tags under `[taxonomies]`: Zola (and Hugo).
    Toml,
}

/// The page's metadata, shared by the front matter and the HTML page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Meta {
    pub title: String,
    /// The local date of `now`, `YYYY-MM-DD`.
    pub date: String,
    pub description: String,
    pub tags: Vec<String>,
}

impl Meta {
    pub fn of(facts: &Facts) -> Meta {
        let range = MonthRange {
            first: facts.first_month,
            last: facts.last_month,
        };
        let support = if facts.support.is_some() {
            ", time to resolve and customer support"
        } else {
            " and time to resolve"
        };
        let page = page_name_as_text(&facts.page);
        Meta {
            title: format!("{page} reliability report: {}", range_title(&range)),
            date: facts.now_local.get(..10).unwrap_or("").to_string(),
            description: format!(
                "Incidents, uptime{support} at {page} in {}.",
                range_title(&range)
            ),
            tags: vec![
                "reliability".into(),
                "incidents".into(),
                "transparency".into(),
            ],
        }
    }
}

/// The page's name for the title and the front matter. Front matter is data that blog themes
/// print, not always escaped (Jekyll's Liquid does not escape by default): markup in the name is
/// removed, not carried. A name that is all markup keeps its text without the angle brackets
/// rather than leaving the title without a name.
fn page_name_as_text(name: &str) -> String {
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = words(&text_of_html(name));
    if !text.is_empty() {
        return text;
    }
    let bare = words(&name.replace(['<', '>'], " "));
    if bare.is_empty() {
        "Status".to_string()
    } else {
        bare
    }
}

pub fn front_matter(meta: &Meta, format: FrontMatterFormat) -> Result<String, PostError> {
    match format {
        FrontMatterFormat::Yaml => {
            #[derive(Serialize)]
            struct Yaml<'a> {
                title: &'a str,
                date: &'a str,
                description: &'a str,
                tags: &'a [String],
                draft: bool,
            }
            let yaml = serde_yaml_ng::to_string(&Yaml {
                title: &meta.title,
                date: &meta.date,
                description: &meta.description,
                tags: &meta.tags,
                draft: true,
            })
            .map_err(|e| PostError::FrontMatter(e.to_string()))?;
            Ok(format!("---\n{yaml}---\n"))
        }
        FrontMatterFormat::Toml => {
            #[derive(Serialize)]
            struct Taxonomies<'a> {
                tags: &'a [String],
            }
            #[derive(Serialize)]
            struct Toml<'a> {
                title: &'a str,
                date: toml::value::Datetime,
                description: &'a str,
                draft: bool,
                taxonomies: Taxonomies<'a>,
            }
            let date = meta
                .date
                .parse()
                .map_err(|e: toml::value::DatetimeParseError| {
                    PostError::FrontMatter(e.to_string())
                })?;
            let toml = toml::to_string(&Toml {
                title: &meta.title,
                date,
                description: &meta.description,
                draft: true,
                taxonomies: Taxonomies { tags: &meta.tags },
            })
            .map_err(|e| PostError::FrontMatter(e.to_string()))?;
            Ok(format!("+++\n{toml}+++\n"))
        }
    }
}

/// The template environment: Markdown templates escape every value that is not already
/// Markdown; HTML templates escape for HTML.
pub fn environment(templates: &Templates) -> Result<Environment<'static>, PostError> {
    let mut env = Environment::new();
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".md.jinja") {
            AutoEscape::Custom("markdown")
        } else if name.ends_with(".html.jinja") {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    env.set_formatter(|out, state, value| {
        if !matches!(state.auto_escape(), AutoEscape::Custom("markdown")) {
            return minijinja::escape_formatter(out, state, value);
        }
        if value.is_undefined() || value.is_none() {
            return Ok(());
        }
        // Strings (most values: a month lists tens of thousands of incidents) are read in
        // place, not copied first.
        let written = match (value.is_safe(), value.as_str()) {
            (true, Some(text)) => out.write_str(text),
            (true, None) => out.write_str(&value.to_string()),
            (false, Some(text)) => out.write_str(&markdown_inline(text)),
            (false, None) => out.write_str(&markdown_inline(&value.to_string())),
        };
        written.map_err(minijinja::Error::from)
    });
    for (name, source) in [
        (Templates::MARKDOWN, &templates.markdown),
        (Templates::HTML, &templates.html),
    ] {
        env.add_template_owned(name.to_string(), source.text.clone())
            .map_err(|e| PostError::template(&source.origin, e))?;
    }
    Ok(env)
}

#[derive(Debug, Serialize)]
struct ChartContext {
    file: String,
    png: String,
    title: String,
    alt: String,
}

#[derive(Debug, Serialize)]
struct MonthContext {
    name: String,
    /// A [`MonthIncidents`].
    incidents: Value,
    /// How many of the month's incidents are not listed (see [`LISTED_PER_MONTH`]).
    unlisted: usize,
}

/// How many incidents the post lists for a month at most. A month with more (a synthetic
/// history of a million incidents has 28,000 a month) lists the ones that lasted longest, the
/// open ones first, and says how many more there are; `facts.json` lists every one. A reader
/// does not read further, and the page stays a page: a listing of 28,000 incidents was 11 MB
/// of HTML, most of the time and memory of `post`.
pub const LISTED_PER_MONTH: usize = 100;

/// The positions in `list` (oldest first) of the incidents the post lists, oldest first.
fn listed(list: &[IncidentFacts]) -> Vec<usize> {
    let mut positions: Vec<usize> = (0..list.len()).collect();
    if list.len() > LISTED_PER_MONTH {
        let lasted = |i: usize| match &list[i] {
            i if i.open => f64::INFINITY,
            i => i.duration_minutes.unwrap_or(0.0),
        };
        positions.sort_by(|&a, &b| lasted(b).total_cmp(&lasted(a)).then(a.cmp(&b)));
        positions.truncate(LISTED_PER_MONTH);
        positions.sort_unstable();
    }
    positions
}

/// The incidents of one reported month as the template reads them (a list of
/// [`IncidentContext`]), each made when the template reaches it. A list like any other to
/// the template (as minijinja's own lists: its length, items by index).
#[derive(Debug)]
struct MonthIncidents {
    facts: Arc<Facts>,
    month: usize,
    /// The positions of the incidents listed, in the month's `incident_list`.
    listed: Vec<usize>,
}

impl MonthIncidents {
    fn list(&self) -> &[IncidentFacts] {
        self.facts
            .months
            .get(self.month)
            .map_or(&[], |m| m.incident_list.as_slice())
    }
}

impl Object for MonthIncidents {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Seq
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let position = *self.listed.get(key.as_usize()?)?;
        let incident = self.list().get(position)?;
        Some(Value::from_serialize(incident_context(incident)))
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Seq(self.listed.len())
    }
}

/// `facts` as the template reads it: all of `facts.json`, made into template values the first
/// time the template asks for any of it (the built-in template never does; made every time,
/// the month's incidents were made twice).
#[derive(Debug)]
struct LazyFacts {
    facts: Arc<Facts>,
    value: OnceLock<Value>,
}

impl LazyFacts {
    fn value(&self) -> &Value {
        self.value
            .get_or_init(|| Value::from_serialize(&*self.facts))
    }
}

impl Object for LazyFacts {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Map
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let value = self.value().get_item(key).ok()?;
        (!value.is_undefined()).then_some(value)
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        match self.value().try_iter() {
            Ok(keys) => Enumerator::Values(keys.collect()),
            Err(_) => Enumerator::NonEnumerable,
        }
    }

    fn render(self: &Arc<Self>, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self.value(), f)
    }
}

#[derive(Debug, Serialize)]
struct IncidentContext {
    title: candor_core::Text,
    start_local: String,
    open: bool,
    duration: String,
    impact: &'static str,
    cause: &'static str,
    components: String,
    first_update: Option<UpdateContext>,
    last_update: Option<UpdateContext>,
    /// A Markdown link target, already safe.
    url: Option<Value>,
    postmortem: Option<PostmortemContext>,
}

#[derive(Debug, Serialize)]
struct PostmortemContext {
    /// A Markdown link target, already safe; `None` when only its text was published.
    url: Option<Value>,
    published_at_local: Option<String>,
}

#[derive(Debug, Serialize)]
struct UpdateContext {
    status: String,
    at_local: String,
    text: String,
}

fn incident_context(i: &IncidentFacts) -> IncidentContext {
    let update = |u: &UpdateFacts| UpdateContext {
        status: u.status.clone(),
        at_local: u.at_local.clone(),
        text: truncate(text_of_html(&u.body).trim(), UPDATE_TEXT_MAX),
    };
    IncidentContext {
        title: i.title.clone(),
        start_local: i.start_local.clone(),
        open: i.open,
        duration: i.duration_minutes.map(duration).unwrap_or_default(),
        impact: i.impact.as_str(),
        cause: i.cause.as_str(),
        components: if i.components.is_empty() {
            "not recorded".to_string()
        } else {
            i.components.join(", ")
        },
        first_update: i.first_update.as_deref().map(update),
        last_update: i.last_update.as_deref().map(update),
        url: i
            .url
            .as_deref()
            .and_then(link_destination)
            .map(Value::from_safe_string),
        postmortem: i.postmortem.as_deref().map(|p| PostmortemContext {
            url: (p.url.as_deref())
                .and_then(link_destination)
                .map(Value::from_safe_string),
            published_at_local: p.published_at_local.clone(),
        }),
    }
}

/// Everything a post template can use. `facts` is there too, raw, for templates that want a
/// figure the default one does not state.
pub struct Context<'a> {
    pub facts: &'a Arc<Facts>,
    pub meta: &'a Meta,
    pub sentences: &'a Sentences,
    pub charts: &'a [PostChart],
    pub front_matter: String,
    pub intro: Option<&'a str>,
    pub next: Option<&'a str>,
}

impl Context<'_> {
    pub fn value(&self) -> Value {
        let safe = |s: &str| Value::from_safe_string(s.to_string());
        let safe_list = |v: &[String]| v.iter().map(|s| safe(s)).collect::<Vec<_>>();
        let charts: BTreeMap<&str, ChartContext> = self
            .charts
            .iter()
            .map(|c| {
                let key = match c.stem {
                    "incidents-per-month" => "incidents",
                    "uptime-by-component" => "uptime",
                    other => other,
                };
                (
                    key,
                    ChartContext {
                        file: format!("charts/{}.svg", c.stem),
                        png: format!("charts/{}.png", c.stem),
                        title: c.title.clone(),
                        alt: c.alt.clone(),
                    },
                )
            })
            .collect();
        let months: Vec<MonthContext> = (self.facts.months.iter().enumerate())
            .map(|(month, m)| {
                let listed = listed(&m.incident_list);
                MonthContext {
                    name: month_and_year(m.month),
                    unlisted: m.incident_list.len() - listed.len(),
                    incidents: Value::from_object(MonthIncidents {
                        facts: Arc::clone(self.facts),
                        month,
                        listed,
                    }),
                }
            })
            .collect();
        let facts = LazyFacts {
            facts: Arc::clone(self.facts),
            value: OnceLock::new(),
        };
        minijinja::context! {
            front_matter => safe(&self.front_matter),
            title => self.meta.title.clone(),
            date => self.meta.date.clone(),
            description => self.meta.description.clone(),
            page => self.facts.page.clone(),
            timezone => self.facts.timezone.clone(),
            facts => Value::from_object(facts),
            summary => safe_list(&self.sentences.summary),
            uptime_intro => safe(&self.sentences.uptime_intro),
            uptime => safe_list(&self.sentences.uptime),
            support => if self.sentences.support.is_empty() { Value::from(()) } else { Value::from(safe_list(&self.sentences.support)) },
            intro => self.intro.map(|s| safe(s.trim())),
            next => self.next.map(|s| safe(s.trim())),
            charts => Value::from_serialize(&charts),
            months => Value::from_serialize(&months),
            status_page_url => self.facts.status_page_url.as_deref().and_then(link_destination).map(Value::from_safe_string),
        }
    }
}

/// Renders `index.md`.
pub fn render(
    env: &Environment<'_>,
    templates: &Templates,
    context: &Value,
) -> Result<String, PostError> {
    let template = env
        .get_template(Templates::MARKDOWN)
        .map_err(|e| PostError::template(&templates.markdown.origin, e))?;
    let text = template
        .render(context)
        .map_err(|e| PostError::template(&templates.markdown.origin, e))?;
    Ok(tidy(&text))
}

/// At most one blank line in a row and one newline at the end, whatever the template did.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines() {
        if line.trim().is_empty() {
            blank += 1;
            if blank == 1 {
                out.push('\n');
            }
            continue;
        }
        blank = 0;
        out.push_str(line);
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::post::facts::{self, Subject};
    use candor_core::{AffectedComponent, Cause, Dataset, Impact, Incident, UpdateStatus};

    #[test]
    fn a_name_made_only_of_markup_is_not_left_empty() {
        assert_eq!(page_name_as_text("Acme <b>Cloud</b>"), "Acme Cloud");
        assert_eq!(
            page_name_as_text("<img src=x onerror=alert(1)>"),
            "img src=x onerror=alert(1)"
        );
        assert_eq!(page_name_as_text("<Acme>"), "Acme");
        assert_eq!(page_name_as_text(" <> "), "<>");
        assert_eq!(page_name_as_text("<b> </b>"), "b /b");
        assert_eq!(page_name_as_text("   "), "Status");
    }

    /// Facts about August 2026, listing five incidents, one of them open.
    fn august() -> Facts {
        let t = |s: &str| s.parse().expect("instant");
        let incidents = (0..5)
            .map(|n| Incident {
                id: format!("i{n}").into(),
                title: format!("Incident *{n}*").into(),
                impact: Impact::ALL[n % 4],
                start: t(&format!("2026-08-0{}T10:00:00Z", n + 1)),
                end: (n != 3).then(|| t(&format!("2026-08-0{}T11:30:00Z", n + 1))),
                created_at: None,
                status: UpdateStatus::Resolved,
                updates: Box::default(),
                components: vec![AffectedComponent {
                    component_id: "api".into(),
                    transitions: Vec::new(),
                }]
                .into(),
                cause: Cause::ALL[n % 3],
                url: Some(format!("https://x.test/{n}").into()),
                postmortem: None,
            })
            .collect();
        let data = Dataset {
            incidents,
            ..Dataset::default()
        };
        let subject = Subject {
            dataset: &data,
            counted: &[],
            zone: chrono_tz::Europe::Berlin,
            zone_name: "Europe/Berlin",
            page_name: "Page",
            weights: Default::default(),
            now: t("2026-10-01T00:00:00Z"),
        };
        let range = "2026-08".parse().expect("month");
        facts::compute(&subject, &range, 12, None).expect("facts")
    }

    /// The context as it was made before its incidents were made lazily: every value at once.
    fn made_at_once(context: &Context<'_>) -> Value {
        let months: Vec<_> = (context.facts.months.iter())
            .map(|m| {
                let incidents: Vec<IncidentContext> =
                    m.incident_list.iter().map(incident_context).collect();
                minijinja::context! {
                    name => month_and_year(m.month),
                    incidents => Value::from_serialize(&incidents),
                    unlisted => 0,
                }
            })
            .collect();
        minijinja::context! {
            facts => Value::from_serialize(&**context.facts),
            months => months,
            ..context.value()
        }
    }

    #[test]
    fn lazy_template_values_read_as_values_made_at_once() {
        let facts = Arc::new(august());
        let meta = Meta::of(&facts);
        let sentences = crate::post::sentences::write(&facts);
        let context = Context {
            facts: &facts,
            meta: &meta,
            sentences: &sentences,
            charts: &[],
            front_matter: String::new(),
            intro: None,
            next: None,
        };
        let template = "{{ facts.page }} {{ facts.incidents }} {{ facts.months[0].incident_list | length }} \
            {{ facts.months[0].incident_list[-1].title }} {{ facts.nothing }}|{{ facts | length }}\n\
            {% for k in facts %}{{ k }},{% endfor %}\n\
            {% for k, v in facts | items %}{% if k == 'month' %}{{ k }}={{ v }}{% endif %}{% endfor %}\n\
            {{ facts.months[0].incident_list[0] }}\n{{ facts.months }}\n{{ facts.by_impact }}\n\
            {% for m in months %}{{ m.name }} {{ m.incidents | length }} {{ m.incidents[0].title }} \
            {{ m.incidents[-1].title }} {{ m.incidents[7] }} {{ m.incidents[1:3] | map(attribute='title') | join('|') }}\n\
            {% for i in m.incidents %}{{ loop.index }}/{{ loop.length }}:{{ i.title }} {{ i.url }} {{ i.duration }}{% if loop.last %}.{% endif %}\n{% else %}none{% endfor %}\
            {{ m.incidents | first }} {{ m.incidents | last }} {{ m.incidents | reverse | map(attribute='impact') | join }}\n\
            {{ m.incidents }}\n{{ m.incidents is sequence }} {{ m.incidents == m.incidents }} {{ m }}\n{% endfor %}";
        let mut env = Environment::new();
        env.add_template("t.md.jinja", template).expect("template");
        env.set_auto_escape_callback(|_| AutoEscape::None);
        let render = |value: &Value| {
            let rendered = env.get_template("t.md.jinja").and_then(|t| t.render(value));
            rendered.expect("renders")
        };
        let lazy = render(&context.value());
        assert!(
            lazy.contains("1/5:Incident *0*") && lazy.contains("5/5:Incident *4*"),
            "{lazy}"
        );
        assert_eq!(lazy, render(&made_at_once(&context)));
    }

    #[test]
    fn a_month_of_more_than_a_hundred_incidents_lists_the_longest_and_counts_the_others() {
        let mut facts = august();
        let month = &mut facts.months[0];
        let first = month.incident_list[0].clone();
        // Every duration from 0 to 104 minutes once, in no order; the 51st still open.
        month.incident_list = (0..105)
            .map(|n| IncidentFacts {
                title: format!("Incident {n}").into(),
                duration_minutes: Some(((n * 37) % 105) as f64),
                open: n == 50,
                ..first.clone()
            })
            .collect();
        let list = &month.incident_list;
        let shown = listed(list);
        assert_eq!(shown.len(), LISTED_PER_MONTH);
        assert!(shown.windows(2).all(|w| w[0] < w[1]), "oldest first");
        assert!(shown.contains(&50), "the open incident is listed");
        let left_out: Vec<f64> = (0..105)
            .filter(|n| !shown.contains(n))
            .filter_map(|n| list[n].duration_minutes)
            .collect();
        assert_eq!(left_out.len(), 5);
        assert!(left_out.iter().all(|&m| m < 5.0), "{left_out:?}");

        let facts = Arc::new(facts);
        let meta = Meta::of(&facts);
        let sentences = crate::post::sentences::write(&facts);
        let context = Context {
            facts: &facts,
            meta: &meta,
            sentences: &sentences,
            charts: &[],
            front_matter: String::new(),
            intro: None,
            next: None,
        };
        // The built-in template's months, without the charts this test has not drawn.
        let mut templates = Templates::default();
        let text = &templates.markdown.text;
        let months = text.find("{% for month in months %}").expect("months");
        let after = text.find("{% if support %}").expect("support");
        templates.markdown.text = text[months..after].to_string();
        let env = environment(&templates).expect("environment");
        let markdown = render(&env, &templates, &context.value()).expect("renders");
        assert_eq!(
            markdown.matches("\n### Incident ").count(),
            100,
            "{markdown}"
        );
        assert!(
            markdown.contains(
                "5 more incidents in August 2026 are not listed here: the 100 above lasted \
                 longest. Every one is in `facts.json`."
            ),
            "{markdown}"
        );
    }
}
