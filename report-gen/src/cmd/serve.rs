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

use crate::badge;
use crate::config;
use crate::load::{self, InputArgs};
use crate::serve::{self, Built};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The port to listen on; 0 picks a free one (the first line printed names it)
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
    pub input: InputArgs,
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
    let mut watch = args.input.inputs.clone();
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
    let days = args.days;
    serve::run(options, move || {
        let now = match fixed_now {
            Some(now) => now,
            None => load::parse_now(None).map_err(|e| e.to_string())?,
        };
        build(&input, now, days)
    })?;
    Ok(ExitCode::SUCCESS)
}

/// One build: the same feed `report-gen feed` writes and the same badges `report-gen badge`
/// writes, from one analysed history.
fn build(
    input: &InputArgs,
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
    Ok(Built {
        summary: format!(
            "{} incidents, {} components, status: {}",
            feed.incidents.len(),
            feed.components.len(),
            feed.status.description
        ),
        feed: feed::to_json(&feed).into_bytes(),
        badges,
        blog: Vec::new(),
    })
}
