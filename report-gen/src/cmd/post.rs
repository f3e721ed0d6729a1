//! `report-gen post`: writes a transparency post for a month or a range of months (Markdown
//! with front matter, standalone HTML, charts and `facts.json`) into a folder, atomically.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::post::{
    self, FrontMatterFormat, MonthRange, Options, Subject, SupportTable, Templates, Window,
};

use crate::load::{self, InputArgs};
use crate::output;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The month or months to report: YYYY-MM, or YYYY-MM..YYYY-MM for a range
    #[arg(long, value_name = "YYYY-MM[..YYYY-MM]")]
    pub month: MonthRange,
    #[command(flatten)]
    pub content: Content,
    /// The analysis time (RFC 3339) instead of the clock, for reproducible posts
    #[arg(long)]
    pub now: Option<String>,
    /// The folder to write the post into; replaced as a whole, or left as it was on failure
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
    /// Replace the output even when it is a file or a folder report-gen did not write
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub input: InputArgs,
}

/// What a post is written from besides the data and its months: the author's files and how
/// the post is laid out. `post` and `serve` share these flags (`serve` also takes them by the
/// names it gave them first, `--post-support` and so on).
#[derive(Debug, Clone, clap::Args)]
pub struct Content {
    /// How many months to compare with, ending with the last reported month
    #[arg(long, visible_alias = "post-window", default_value_t = 36, value_parser = clap::value_parser!(u32).range(1..=1200))]
    pub window: u32,
    /// Support figures: CSV with period,first_response_within_2h_pct,replied_within_24h_pct,satisfaction_pct
    #[arg(long, visible_alias = "post-support", value_name = "CSV")]
    pub support: Option<PathBuf>,
    /// The author's introduction (Markdown): the apology, the context
    #[arg(long, visible_alias = "post-intro", value_name = "MARKDOWN")]
    pub intro: Option<PathBuf>,
    /// The author's "what comes next" (Markdown)
    #[arg(long, visible_alias = "post-next", value_name = "MARKDOWN")]
    pub next: Option<PathBuf>,
    /// A folder with index.md.jinja and/or index.html.jinja to use instead of the built-in templates
    #[arg(long, visible_alias = "post-template", value_name = "DIR")]
    pub template: Option<PathBuf>,
    /// Front matter: yaml (Hugo, Jekyll) or toml (Zola, Hugo)
    #[arg(long, value_enum, default_value_t = FrontMatterFormat::Yaml)]
    pub front_matter: FrontMatterFormat,
}

impl Content {
    /// The author's files given, each with what it is.
    pub fn files(&self) -> Vec<(&PathBuf, &'static str)> {
        [
            (&self.support, "support figures"),
            (&self.intro, "introduction"),
            (&self.next, "\"what comes next\" file"),
            (&self.template, "template folder"),
        ]
        .into_iter()
        .filter_map(|(path, what)| Some((path.as_ref()?, what)))
        .collect()
    }

    /// The post's options for `range`, the author's files read now (`serve` reads them at
    /// every build: the author may be editing them).
    pub fn options(&self, range: MonthRange) -> Result<Options, Box<dyn std::error::Error>> {
        let intro = self
            .intro
            .as_deref()
            .map(|p| read_text(p, "introduction"))
            .transpose()?;
        let next = self
            .next
            .as_deref()
            .map(|p| read_text(p, "\"what comes next\" file"))
            .transpose()?;
        let support = match &self.support {
            Some(path) => Some((SupportTable::read(path)?, path.clone())),
            None => None,
        };
        let templates = match &self.template {
            Some(dir) => Templates::from_dir(dir)?,
            None => Templates::default(),
        };
        Ok(Options {
            range,
            window: self.window as usize,
            front_matter: self.front_matter,
            intro,
            next,
            support,
            templates,
        })
    }
}

fn read_text(path: &Path, what: &str) -> Result<String, String> {
    std::fs::read_to_string(path)
        .map_err(|err| format!("{}: the {what} cannot be read: {err}", path.display()))
}

/// What the post must not overwrite: the inputs, the configuration and the author's files.
fn protected(args: &Args) -> Vec<output::Protected> {
    let mut protected = output::protected_inputs(&args.input);
    for (path, what) in args.content.files() {
        protected.push(output::Protected {
            path: path.clone(),
            what,
        });
    }
    protected
}

pub fn run(args: Args) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let destination = output::folder_output(&args.output, "post", &protected(&args), args.force)?;
    let now = load::parse_now(args.now.as_deref())?;
    // The author's files are read before the data, so that a typo in a path fails fast.
    let options = args.content.options(args.month)?;
    // Only the incidents the post reads one by one are kept whole; the others are counted as
    // they are read (at a million incidents, the model of the whole data was the peak).
    let (mut loaded, window) =
        load::load_into(&args.input, |config| Window::new(&args.month, now, config))?;
    let subject = Subject {
        dataset: &loaded.dataset,
        counted: &window.counted,
        zone: loaded.zone,
        zone_name: &loaded.zone_name,
        page_name: &loaded.page_name,
        weights: loaded.weights,
        now,
    };
    let facts = post::compute_facts(&subject, &options)?;
    // The dataset is not needed past its facts: it is freed on the other core while this one
    // renders, before that core writes facts.json (at a million incidents the model is about
    // 210 MB, facts.json 16 MB).
    let dataset = std::mem::take(&mut loaded.dataset);
    let post = post::render_after(facts, &options, move || drop((dataset, window)))?;
    destination
        .replace(|dir| post.write_into(dir))
        .map_err(|err| format!("{}: cannot be written: {err}", args.output.display()))?;
    let incidents = post.facts.incidents;
    eprintln!(
        "wrote {}: {} files; {incidents} incident{} in {}",
        args.output.display(),
        post.files.len(),
        if incidents == 1 { "" } else { "s" },
        post.facts.month
    );
    Ok(ExitCode::SUCCESS)
}
