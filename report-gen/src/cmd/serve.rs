//! `report-gen serve`: the preview server a company uses while it writes. It builds the feed,
//! badges and post from the input, serves them with the widget and a site folder on one
//! loopback origin, and rebuilds when the input changes, so open widgets pick the change up at
//! their next refresh without a reload.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use candor_core::feed::{self, FeedOptions};
use candor_core::History;

use crate::cmd::post as cmd_post;
use crate::post::{self, MonthRange};

use crate::badge;
use crate::config;
use crate::load::{self, InputArgs};
use crate::serve::{self, Built};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The port to listen on; 0 picks a free one (the second line printed names it, the first on standard output)
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// The address to listen on; anything but loopback makes the preview reachable by others
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    pub host: IpAddr,
    /// The widget's build (`cargo xtask dist` writes dist/widget), served at /widget/
    #[arg(long)]
    pub widget: Option<PathBuf>,
    /// A site folder served at / (the demo site is www/)
    #[arg(long)]
    pub site: Option<PathBuf>,
    /// The analysis time (RFC 3339) instead of the clock; without it, builds follow the clock
    #[arg(long)]
    pub now: Option<String>,
    /// How many days of uptime the feed and badges cover, today included
    #[arg(long, default_value_t = 90, value_parser = clap::value_parser!(u32).range(1..=3660))]
    pub days: u32,
    #[command(flatten)]
    pub post: PostArgs,
    #[command(flatten)]
    pub input: InputArgs,
}

/// The transparency post served at /blog/, as `report-gen post` would write it.
#[derive(Debug, Clone, clap::Args)]
pub struct PostArgs {
    /// The month or months the post at /blog/ reports (e.g. 2026-09 or 2026-08..2026-09);
    /// without it, /blog/ has no post
    #[arg(long)]
    pub post_month: Option<MonthRange>,
    #[command(flatten)]
    pub content: cmd_post::Content,
}

/// How often builds follow the clock when `--now` is not given: today's bar and open
/// incidents move on even when no file changes.
const CLOCK_REBUILD: Duration = Duration::from_secs(60);

pub fn run(args: Args) -> Result<ExitCode, Box<dyn std::error::Error>> {
    // Checked once up front, so that a typo is an error now and not at every rebuild.
    let fixed_now = match &args.now {
        Some(s) => Some(load::parse_now(Some(s))?),
        None => None,
    };
    for (flag, dir) in [("--site", &args.site), ("--widget", &args.widget)] {
        if let Some(dir) = dir {
            if !dir.is_dir() {
                return Err(format!("{flag} {}: no such folder", dir.display()).into());
            }
        }
    }
    let author_files: Vec<PathBuf> = (args.post.content.files().into_iter())
        .map(|(path, _)| path.clone())
        .collect();
    if args.post.post_month.is_none() && !author_files.is_empty() {
        return Err(
            "the post's files (--support, --intro, --next, --template) need --post-month: \
                    without it, /blog/ has no post"
                .into(),
        );
    }
    let mut watch = args.input.inputs.clone();
    watch.extend(author_files);
    if let Some(config) = config::find(&args.input.inputs, args.input.config.as_deref()) {
        watch.push(config);
    }
    let options = serve::Options {
        addr: SocketAddr::new(args.host, args.port),
        site: args.site.clone(),
        widget: args.widget.clone(),
        watch,
        rebuild_every: fixed_now.is_none().then_some(CLOCK_REBUILD),
    };
    let input = args.input;
    let post = args.post;
    let days = args.days;
    serve::run(options, move || {
        let now = match fixed_now {
            Some(now) => now,
            None => load::parse_now(None).map_err(|e| e.to_string())?,
        };
        build(&input, &post, now, days)
    })?;
    Ok(ExitCode::SUCCESS)
}

/// One build: the same feed `report-gen feed` writes, the same badges `report-gen badge`
/// writes and the post `report-gen post` writes, from one load of the data.
fn build(
    input: &InputArgs,
    post_args: &PostArgs,
    now: chrono::DateTime<chrono::Utc>,
    days: u32,
) -> Result<Built, String> {
    let loaded = load::load(input).map_err(|e| e.to_string())?;
    let history = History::new(&loaded.dataset, &loaded.zone, now, loaded.weights);
    let feed = feed::build(
        &history,
        &FeedOptions {
            days,
            fallback_name: loaded.page_name.clone(),
            time_zone: loaded.zone_name.clone(),
        },
    );
    let badges = badge::render_all(&history, days)
        .into_iter()
        .map(|f| (f.path, f.bytes))
        .collect();
    let mut summary = format!(
        "{} incidents, {} components, status: {}",
        feed.incidents.len(),
        feed.components.len(),
        feed.status.description
    );
    let blog = match &post_args.post_month {
        Some(range) => {
            let subject = post::Subject {
                dataset: &loaded.dataset,
                counted: &[],
                zone: loaded.zone,
                zone_name: &loaded.zone_name,
                page_name: &loaded.page_name,
                weights: loaded.weights,
                now,
            };
            let options = (post_args.content.options(*range)).map_err(|e| e.to_string())?;
            let written = post::build(&subject, &options)
                .map_err(|e| format!("the post for {range}: {e}"))?;
            summary.push_str(&format!("; post {range}: {} files", written.files.len()));
            written.files
        }
        None => Vec::new(),
    };
    Ok(Built {
        summary,
        feed: feed::to_json(&feed).into_bytes(),
        atom: crate::atom::history_atom(&feed).into_bytes(),
        badges,
        blog,
    })
}
