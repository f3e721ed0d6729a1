//! Transparency posts: from a dataset and the months to report, the files of a post
//! (`index.md`, `index.html`, `facts.json`, `charts/*.svg|png`), built in memory so that the
//! caller can write them all at once or not at all.

pub mod charts;
pub mod escape;
pub mod facts;
pub mod html;
pub mod markdown;
pub mod range;
pub mod sentences;
pub mod support;
pub mod window;

use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use facts::{Facts, Subject, SupportInput};
pub use markdown::FrontMatterFormat;
pub use range::MonthRange;
pub use support::SupportTable;
pub use window::Window;

/// What to write, besides the data.
#[derive(Debug, Clone)]
pub struct Options {
    pub range: MonthRange,
    /// How many months the comparison window holds, ending with the last reported month.
    pub window: usize,
    pub front_matter: FrontMatterFormat,
    /// The author's Markdown: the apology, the context.
    pub intro: Option<String>,
    /// The author's Markdown: what comes next.
    pub next: Option<String>,
    /// The support table and the file it was read from.
    pub support: Option<(SupportTable, PathBuf)>,
    pub templates: Templates,
}

/// A template's text and where it came from (for errors).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateSource {
    pub text: String,
    pub origin: String,
}

/// The two templates a post is rendered with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Templates {
    pub markdown: TemplateSource,
    pub html: TemplateSource,
}

impl Default for Templates {
    fn default() -> Self {
        Templates {
            markdown: TemplateSource {
                text: include_str!("../../templates/index.md.jinja").to_string(),
                origin: format!("built-in template {}", Templates::MARKDOWN),
            },
            html: TemplateSource {
                text: include_str!("../../templates/index.html.jinja").to_string(),
                origin: format!("built-in template {}", Templates::HTML),
            },
        }
    }
}

impl Templates {
    pub const MARKDOWN: &'static str = "index.md.jinja";
    pub const HTML: &'static str = "index.html.jinja";

    /// The templates in `dir`, each falling back to the built-in one when the folder lacks it.
    pub fn from_dir(dir: &Path) -> Result<Templates, PostError> {
        let mut templates = Templates::default();
        let mut found = false;
        for (name, slot) in [
            (Templates::MARKDOWN, &mut templates.markdown),
            (Templates::HTML, &mut templates.html),
        ] {
            let path = dir.join(name);
            match std::fs::read_to_string(&path) {
                Ok(text) => {
                    found = true;
                    *slot = TemplateSource {
                        text,
                        origin: path.display().to_string(),
                    };
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(source) => return Err(PostError::Read { path, source }),
            }
        }
        if !found {
            return Err(PostError::NoTemplates(dir.to_path_buf()));
        }
        Ok(templates)
    }
}

/// Why a post could not be built.
#[derive(Debug, thiserror::Error)]
pub enum PostError {
    #[error(transparent)]
    Facts(#[from] facts::FactsError),
    #[error(transparent)]
    Chart(#[from] crate::chart::ChartError),
    #[error("{origin}: {message}")]
    Template { origin: String, message: String },
    #[error("{0}: the folder holds neither {md} nor {html}; --template needs at least one of them", md = Templates::MARKDOWN, html = Templates::HTML)]
    NoTemplates(PathBuf),
    #[error("{path}: {source}", path = path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("writing the front matter failed: {0}")]
    FrontMatter(String),
    #[error("writing facts.json failed: {0}")]
    Json(#[from] serde_json::Error),
}

impl PostError {
    fn template(origin: &str, e: minijinja::Error) -> PostError {
        // minijinja's alternate form names the line and shows the template around it.
        PostError::Template {
            origin: origin.to_string(),
            message: format!("{e:#}"),
        }
    }
}

/// The files of a post, by path relative to the output folder, in a fixed order.
#[derive(Debug, Clone)]
pub struct Post {
    pub files: Vec<(String, Vec<u8>)>,
    pub facts: Facts,
}

impl Post {
    pub fn file(&self, path: &str) -> Option<&[u8]> {
        self.files
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, b)| b.as_slice())
    }

    /// Writes every file under `dir`, which must exist.
    pub fn write_into(&self, dir: &Path) -> std::io::Result<()> {
        for (relative, bytes) in &self.files {
            let path = dir.join(relative);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(path, bytes)?;
        }
        Ok(())
    }
}

/// Builds every file of the post.
pub fn build(subject: &Subject<'_>, options: &Options) -> Result<Post, PostError> {
    render(compute_facts(subject, options)?, options)
}

/// Every figure of the post: the only step that reads the dataset. A caller holding a large
/// dataset can let go of it before [`render`] (which at a million incidents sanitises a page
/// listing tens of thousands of them).
pub fn compute_facts(subject: &Subject<'_>, options: &Options) -> Result<Facts, PostError> {
    let support = options.support.as_ref().map(|(table, file)| SupportInput {
        table,
        file: file.as_path(),
    });
    Ok(facts::compute(
        subject,
        &options.range,
        options.window,
        support,
    )?)
}

/// Every file of the post, from its facts alone.
pub fn render(facts: Facts, options: &Options) -> Result<Post, PostError> {
    render_after(facts, options, || {})
}

/// [`render`], with `first` done on another core while this one starts on the pages, before
/// that core writes `facts.json`. A caller frees its dataset there: the dataset and
/// `facts.json` being written (16 MB at a million incidents, growing in steps) are then never in
/// memory together, however the threads are scheduled.
pub fn render_after(
    facts: Facts,
    options: &Options,
    first: impl FnOnce() + Send,
) -> Result<Post, PostError> {
    // Shared with the template's values, which read the facts where they stand.
    let facts = Arc::new(facts);
    let (json, files) = std::thread::scope(|scope| {
        let json = scope.spawn(|| {
            first();
            serde_json::to_string_pretty(&*facts)
        });
        let files = render_pages(&facts, options);
        let json = json
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (json, files)
    });
    let mut json = json?;
    json.push('\n');
    let mut files = files?;
    files.push(("facts.json".to_string(), json.into_bytes()));
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Post {
        files,
        facts: Arc::unwrap_or_clone(facts),
    })
}

/// The post's files but `facts.json`, in no set order.
fn render_pages(
    facts: &Arc<Facts>,
    options: &Options,
) -> Result<Vec<(String, Vec<u8>)>, PostError> {
    let sentences = sentences::write(facts);
    let charts = charts::draw(facts)?;
    let meta = markdown::Meta::of(facts);
    let env = markdown::environment(&options.templates)?;
    let context = markdown::Context {
        facts,
        meta: &meta,
        sentences: &sentences,
        charts: &charts,
        front_matter: markdown::front_matter(&meta, options.front_matter)?,
        intro: options.intro.as_deref(),
        next: options.next.as_deref(),
    };
    let index_md = markdown::render(&env, &options.templates, &context.value())?;
    let index_html = html::render(
        &env,
        &options.templates,
        &meta,
        &facts.timezone,
        &index_md,
        &charts,
    )?;
    let mut files = vec![
        ("index.html".to_string(), index_html.into_bytes()),
        ("index.md".to_string(), index_md.into_bytes()),
    ];
    for chart in &charts {
        files.push((
            format!("charts/{}.svg", chart.stem),
            chart.rendered.svg.clone().into_bytes(),
        ));
        files.push((
            format!("charts/{}.png", chart.stem),
            chart.rendered.png.clone(),
        ));
    }
    Ok(files)
}
