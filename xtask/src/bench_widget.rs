//! `cargo xtask bench-widget`: the widget in headless Chromium on a feed of 20 components × 90
//! days and 50 incidents.
//!
//! 1. **Time to render.** The widget marks `candor:feed-arrived` when a feed's body has been read
//!    (before parsing) and measures `candor:render` up to the render that shows it
//!    (`widget/src/perf.rs`). Each run loads a fresh page; the figures are the measure's median,
//!    p90, minimum and maximum, against the 16 ms goal. The page also times, from outside the
//!    widget, when the new DOM is in the shadow root, the style and layout of long frames (the
//!    Long Animation Frames API) and the end of the frame that shows the feed.
//! 2. **A visitor's first load.** Each cold run starts a new Chromium with an empty profile and
//!    loads the page once: nothing cached, the wasm compiled cold. Its render and the long tasks
//!    of the load from the end of the page's own first script (the Long Tasks API: every task
//!    over 50 ms on the main thread; the task before, in which a cold browser creates the
//!    page's JavaScript context, is the page's, with or without the widget) are
//!    reported beside the warm runs' (the runs above load pages in one browser, after one
//!    load not counted); a long task on a cold load fails the bench (issue 16: never block the
//!    host page for more than 50 ms at a time).
//! 3. **An unchanged refresh renders nothing.** One page refreshes every 15 seconds; the server
//!    answers 304, then the same body again with a 200 (no validators honoured), then 304.
//!    Around each refresh the page counts the root component's renders (`candor:rendered`
//!    marks) and every mutation in the shadow root (a `MutationObserver`): both must be zero.
//!
//! The server is a small loopback HTTP server here (the page, `dist/widget/`, the feed with an
//! ETag); Chromium is driven through chromedriver's WebDriver API over plain HTTP.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::loopback::{self, Response};
use crate::setup::{self, path_str};

const USAGE: &str = "usage: cargo xtask bench-widget [--runs N] [--cold N] [--refreshes N] \
                     [--no-dist] [--widget DIR] [--compare DIR] [--trace DIR]";

/// The goal (issue 6): the median time from the feed's arrival to the rendered widget.
const GOAL_MS: f64 = 16.0;
/// The longest task a cold load may make: the Long Tasks API's threshold.
const LONG_TASK_MS: f64 = 50.0;
/// The refresh interval of the no-rerender page: 15 s keeps each refresh away from the
/// widget's own 20-second tick (which moves "Updated 2 min ago" on).
const REFRESH_SECS: u64 = 15;
/// The analysis time of the feed: its 90 days end here.
const NOW: &str = "2026-09-30T12:00:00Z";

struct Args {
    runs: usize,
    /// First loads, each in a new browser with an empty profile.
    cold: usize,
    refreshes: usize,
    dist: bool,
    /// Serve the widget from here instead of `dist/widget/` (a build with names kept, say).
    widget: Option<PathBuf>,
    /// A second build to compare with, page load for page load: the runs alternate between the
    /// two, so that the load of the machine weighs on both alike.
    compare: Option<PathBuf>,
    /// Write each run's Chromium trace here (`run-N.json`, cold loads `cold-N.json`, Chrome's trace format: Perfetto and
    /// DevTools open it), with V8's CPU samples, so that time can be put down to wasm
    /// functions, JS and Blink's style and layout. Tracing slows the runs: not for medians.
    trace: Option<PathBuf>,
}

fn parse(args: &[String]) -> Result<Args, String> {
    let mut parsed = Args {
        runs: 30,
        cold: 5,
        refreshes: 3,
        dist: true,
        widget: None,
        compare: None,
        trace: None,
    };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let mut number = || {
            it.next()
                .and_then(|v| v.parse::<usize>().ok())
                .filter(|n| *n > 0)
                .ok_or_else(|| format!("{flag} takes a whole number over 0\n{USAGE}"))
        };
        match flag.as_str() {
            "--runs" => parsed.runs = number()?,
            "--cold" => parsed.cold = number()?,
            "--refreshes" => parsed.refreshes = number()?,
            "--no-dist" => parsed.dist = false,
            "--widget" | "--compare" | "--trace" => {
                let dir = it
                    .next()
                    .map(PathBuf::from)
                    .ok_or_else(|| format!("{flag} takes a folder\n{USAGE}"))?;
                match flag.as_str() {
                    "--widget" => parsed.widget = Some(dir),
                    "--compare" => parsed.compare = Some(dir),
                    _ => parsed.trace = Some(dir),
                }
            }
            other => return Err(format!("unknown flag `{other}`\n{USAGE}")),
        }
    }
    Ok(parsed)
}

pub fn run(args: &[String]) -> Result<(), String> {
    let args = parse(args)?;
    let root = setup::root();
    setup::chromium()?;
    if args.dist && args.widget.is_none() {
        crate::serve::dist()?;
    }
    let widget = args
        .widget
        .clone()
        .unwrap_or_else(|| root.join("dist/widget"));
    if !widget.join("candor.js").is_file() {
        return Err(format!(
            "{} is missing: run `cargo xtask dist` (or drop --no-dist)",
            widget.join("candor.js").display()
        ));
    }
    let scratch = std::env::temp_dir().join(format!("candor-bench-widget-{}", std::process::id()));
    let result = bench(&args, &widget, &scratch);
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

fn bench(args: &Args, widget: &Path, scratch: &Path) -> Result<(), String> {
    let feed = write_feed(scratch)?;
    let server = Server::start(widget.to_path_buf(), args.compare.clone(), feed)?;
    if let Some(dir) = &args.trace {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let (cold, cold_compared) = cold_loads(args, &server, scratch)?;
    let mut browser = Browser::start(&scratch.join("profile"), args.trace.is_some())?;
    let outcome = measure(args, &server, &mut browser);
    browser.stop();
    let (runs, compared, check) = outcome?;
    if let Some(dir) = &args.compare {
        println!("\nthe build compared with ({}):", dir.display());
        print_stats(&compared, &cold_compared);
        println!("\nthe build measured ({}):", widget.display());
    }
    report(&runs, &cold, &check)
}

/// The cold runs: each the first load of a new Chromium with an empty profile (with
/// `--compare`, alternating between the builds, each browser loading one).
fn cold_loads(
    args: &Args,
    server: &Server,
    scratch: &Path,
) -> Result<(Vec<Run>, Vec<Run>), String> {
    let (mut cold, mut compared) = (Vec::new(), Vec::new());
    let loads = if args.compare.is_some() {
        2 * args.cold
    } else {
        args.cold
    };
    for i in 1..=loads {
        let other = args.compare.is_some() && i % 2 == 0;
        let profile = scratch.join(format!("cold-profile-{i}"));
        let mut browser = Browser::start(&profile, args.trace.is_some())?;
        let which = if other { "&build=b" } else { "" };
        let url = format!("{}/bench.html?run=cold-{i}{which}", server.base);
        let run = browser
            .goto(&url)
            .and_then(|()| load(&mut browser, &format!("cold {i}"), other));
        let traced = match (&args.trace, &run) {
            (Some(dir), Ok(_)) => write_trace(&mut browser, &dir.join(format!("cold-{i}.json"))),
            _ => Ok(()),
        };
        browser.stop();
        let _ = std::fs::remove_dir_all(&profile);
        traced?;
        if other {
            compared.push(run?);
        } else {
            cold.push(run?);
        }
    }
    Ok((cold, compared))
}

/// Writes the trace of the page `browser` has just loaded to `path` (Chrome's trace format).
fn write_trace(browser: &mut Browser, path: &Path) -> Result<(), String> {
    // The trace reaches chromedriver a little after the page has run (the first file can
    // still hold the start of the session as well).
    std::thread::sleep(Duration::from_millis(500));
    let events = browser.trace_events()?;
    let text = json!({ "traceEvents": events }).to_string();
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Waits for the page loaded in `browser` to show the feed; its figures.
fn load(browser: &mut Browser, name: &str, other: bool) -> Result<Run, String> {
    let value = browser.execute_async(RUN_SCRIPT, 30)?;
    if let Some(error) = value["failure"].as_str() {
        return Err(format!("run {name}: {error}: {value}"));
    }
    let number = |key: &str| {
        value[key]
            .as_f64()
            .ok_or_else(|| format!("run {name}: no `{key}` in {value}"))
    };
    let (components, bars) = (number("components")?, number("bars")?);
    if components != 20.0 || bars != 1800.0 {
        return Err(format!(
            "run {name}: the widget shows {components} components and {bars} day bars, not 20 and 1,800"
        ));
    }
    let long_tasks: Vec<f64> = (value["longTasks"].as_array().into_iter().flatten())
        .filter_map(Value::as_f64)
        .collect();
    let run = Run {
        render: number("render")?,
        committed: number("committed")?,
        layout: number("layout")?,
        frame: number("frame")?,
        longest_task: long_tasks.iter().copied().fold(0.0, f64::max),
        long_tasks: long_tasks.len(),
    };
    eprintln!(
        "run {name:>7}{}: render {:6.1} ms, DOM in {:6.1} ms, layout {:5.1} ms, frame done {:6.1} ms, long tasks {:?} ms ({} incidents listed, {} elements)",
        if other { " (b)" } else { "" },
        run.render, run.committed, run.layout, run.frame, long_tasks, value["incidents"], value["elements"]
    );
    if std::env::var_os("CANDOR_BENCH_VERBOSE").is_some() {
        eprintln!("        marks (ms after the arrival): {}", value["marks"]);
        eprintln!(
            "        long tasks' starts (ms after the arrival): {}",
            value["longTaskStarts"]
        );
        eprintln!(
            "        [elements, text nodes] in the banner, rows, history, chart, footer: {}",
            value["sections"]
        );
    }
    Ok(run)
}

/// A feed of 20 components × 90 days with the feed's 50 most recent incidents: a `candor-synth`
/// CSV history (one year, 20 components, 2,000 incidents, of which about 500 fall in the 90
/// days) through `report-gen feed`.
fn write_feed(scratch: &Path) -> Result<Vec<u8>, String> {
    let history_dir = scratch.join("history");
    let mut options = candor_synth::Options::new(2_000);
    options.components = 20;
    options.years = 1;
    let history = candor_synth::generate(&options);
    candor_synth::write(&history_dir, candor_synth::Format::Csv, &history)
        .map_err(|e| format!("cannot write into {}: {e}", history_dir.display()))?;
    let feed_path = scratch.join("feed.json");
    let (feed_arg, history_arg) = (path_str(&feed_path)?, path_str(&history_dir)?);
    setup::run(
        "cargo",
        &[
            "run",
            "--quiet",
            "--package",
            "report-gen",
            "--",
            "feed",
            "--now",
            NOW,
            "-o",
            feed_arg,
            history_arg,
        ],
    )?;
    let bytes = std::fs::read(&feed_path)
        .map_err(|e| format!("cannot read {}: {e}", feed_path.display()))?;
    let feed: Value = serde_json::from_slice(&bytes)
        .map_err(|e| format!("{}: not JSON: {e}", feed_path.display()))?;
    let components = feed["components"].as_array().map_or(0, Vec::len);
    let incidents = feed["incidents"].as_array().map_or(0, Vec::len);
    let days: Vec<usize> = feed["components"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| c["days"].as_array().map_or(0, Vec::len))
        .collect();
    if components != 20 || incidents != 50 || days.iter().any(|d| *d != 90) {
        return Err(format!(
            "{}: expected 20 components of 90 days and 50 incidents, found {components} \
             components (days: {days:?}) and {incidents} incidents",
            feed_path.display()
        ));
    }
    eprintln!(
        "bench-widget: feed of {components} components × 90 days, {incidents} incidents, {} bytes",
        bytes.len()
    );
    Ok(bytes)
}

/// One page load's figures, in milliseconds.
struct Run {
    /// `candor:render`: feed arrived → the widget rendered it (the goal's figure).
    render: f64,
    /// Feed arrived → the new DOM is in the shadow root (the first mutation seen after it).
    committed: f64,
    /// Style and layout in the long frames up to the one that shows the feed (Long Animation
    /// Frames API; frames under 50 ms are not reported, and count 0).
    layout: f64,
    /// Feed arrived → the end of the frame that shows it (includes waiting for that frame).
    frame: f64,
    /// The page's long tasks (over 50 ms) from its start to the frame after the render: how
    /// many, and the longest (0 when none).
    long_tasks: usize,
    longest_task: f64,
}

/// What the no-rerender page saw around each refresh.
struct Check {
    /// Per refresh: the HTTP status, renders of the root component, DOM mutation records,
    /// bodies that arrived.
    refreshes: Vec<(u64, u64, u64, u64)>,
    /// Renders of the widget while the page was open, refreshes and ticks included.
    total_renders: u64,
}

/// The runs of the build measured, those of the build compared with (none without
/// `--compare`), and the no-rerender check.
type Measured = (Vec<Run>, Vec<Run>, Check);

fn measure(args: &Args, server: &Server, browser: &mut Browser) -> Result<Measured, String> {
    let mut runs = Vec::with_capacity(args.runs);
    let mut compared = Vec::new();
    let loads = if args.compare.is_some() {
        2 * args.runs
    } else {
        args.runs
    };
    // The warm runs follow a load not counted: the browser has the widget's files and their
    // compiled code from then on (the cold runs are the first loads).
    browser.goto(&format!("{}/bench.html?run=warm-up", server.base))?;
    load(browser, "warm-up", false)?;
    for i in 1..=loads {
        // With `--compare`, even loads are the other build's.
        let other = args.compare.is_some() && i % 2 == 0;
        if args.trace.is_some() {
            // What came before this page is not its trace.
            browser.trace_events()?;
        }
        let which = if other { "&build=b" } else { "" };
        browser.goto(&format!("{}/bench.html?run={i}{which}", server.base))?;
        let run = load(browser, &i.to_string(), other)?;
        if let Some(dir) = &args.trace {
            write_trace(browser, &dir.join(format!("run-{i}.json")))?;
        }
        if other {
            compared.push(run);
        } else {
            runs.push(run);
        }
    }

    eprintln!(
        "bench-widget: no-rerender check, {} refreshes every {REFRESH_SECS} s (~{} s)",
        args.refreshes,
        (args.refreshes as u64 + 1) * REFRESH_SECS
    );
    browser.goto(&format!(
        "{}/bench.html?refresh={REFRESH_SECS}",
        server.base
    ))?;
    let script = CHECK_SCRIPT.replace("REFRESHES", &args.refreshes.to_string());
    let timeout = (args.refreshes as u64 + 2) * REFRESH_SECS + 30;
    let value = browser.execute_async(&script, timeout)?;
    if let Some(error) = value["failure"].as_str() {
        return Err(format!("no-rerender check: {error}: {value}"));
    }
    let refreshes = value["refreshes"]
        .as_array()
        .ok_or_else(|| format!("no-rerender check: no refreshes in {value}"))?
        .iter()
        .map(|r| {
            let n = |k: &str| r[k].as_u64().unwrap_or(u64::MAX);
            (n("status"), n("renders"), n("mutations"), n("arrivals"))
        })
        .collect();
    let check = Check {
        refreshes,
        total_renders: value["totalRenders"].as_u64().unwrap_or(0),
    };
    Ok((runs, compared, check))
}

/// One figure of a run.
type Pick = fn(&Run) -> f64;

/// Prints the figures of the warm runs and the cold ones (median, p90, minimum, maximum);
/// returns the warm render's.
fn print_stats(runs: &[Run], cold: &[Run]) -> Stats {
    let stats = |runs: &[Run], pick: fn(&Run) -> f64| {
        let mut v: Vec<f64> = runs.iter().map(pick).collect();
        v.sort_by(f64::total_cmp);
        Stats::of(&v)
    };
    let rows: [(&str, Pick); 6] = [
        ("feed arrived → rendered (candor:render)", |r| r.render),
        ("feed arrived → DOM in the shadow root", |r| r.committed),
        ("style + layout (long frames)", |r| r.layout),
        ("feed arrived → next frame done", |r| r.frame),
        ("long tasks (over 50 ms) per load, count", |r| {
            r.long_tasks as f64
        }),
        ("longest task (0: none over 50 ms)", |r| r.longest_task),
    ];
    for (what, runs) in [
        ("fresh page loads, warm", runs),
        ("first loads, cold", cold),
    ] {
        if runs.is_empty() {
            continue;
        }
        println!(
            "\nbench-widget: 20 components × 90 days, 50 incidents, {} {what}",
            runs.len()
        );
        println!("                                         median      p90      min      max");
        for (name, pick) in rows {
            let s = stats(runs, pick);
            println!(
                "{name:<40} {:6.2} ms {:5.2} ms {:5.2} ms {:5.2} ms",
                s.median, s.p90, s.min, s.max
            );
        }
    }
    stats(runs, |r| r.render)
}

fn report(runs: &[Run], cold: &[Run], check: &Check) -> Result<(), String> {
    let render = print_stats(runs, cold);
    let mut failures = Vec::new();
    for (i, run) in cold.iter().enumerate() {
        if run.longest_task > LONG_TASK_MS {
            failures.push(format!(
                "cold load {} made {} long task(s), the longest {:.0} ms (a task over \
                 {LONG_TASK_MS} ms blocks the host page)",
                i + 1,
                run.long_tasks,
                run.longest_task
            ));
        }
    }
    if render.median > GOAL_MS {
        failures.push(format!(
            "median render {:.2} ms is over the {GOAL_MS} ms goal",
            render.median
        ));
    }
    println!(
        "\nunchanged refreshes ({} renders in all while the page was open, ticks included):",
        check.total_renders
    );
    let expected_status = [304u64, 200, 304];
    for (i, (status, renders, mutations, arrivals)) in check.refreshes.iter().enumerate() {
        let how = match status {
            304 => "304 Not Modified".to_string(),
            200 => format!("200, the same body again ({arrivals} body read)"),
            other => format!("status {other}"),
        };
        println!(
            "  refresh {}: {how}: {renders} renders, {mutations} DOM mutations",
            i + 1
        );
        if *renders != 0 || *mutations != 0 {
            failures.push(format!(
                "refresh {} ({how}) re-rendered: {renders} renders, {mutations} DOM mutations",
                i + 1
            ));
        }
        if *status != expected_status[i % expected_status.len()] {
            failures.push(format!(
                "refresh {} was answered {status}, not {} as the server should have",
                i + 1,
                expected_status[i % expected_status.len()]
            ));
        }
    }
    if failures.is_empty() {
        println!(
            "\nbench-widget: median under {GOAL_MS} ms, no long task on a cold load, and no \
             unchanged refresh rendered"
        );
        Ok(())
    } else {
        Err(format!("bench-widget failed:\n  {}", failures.join("\n  ")))
    }
}

struct Stats {
    median: f64,
    p90: f64,
    min: f64,
    max: f64,
}

impl Stats {
    /// Of sorted values (not empty); p90 is the nearest rank.
    fn of(sorted: &[f64]) -> Stats {
        let n = sorted.len();
        let median = if n % 2 == 1 {
            sorted[n / 2]
        } else {
            (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
        };
        let rank = ((0.9 * n as f64).ceil() as usize).clamp(1, n);
        Stats {
            median,
            p90: sorted[rank - 1],
            min: sorted[0],
            max: sorted[n - 1],
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The page and the scripts run in it.

/// The bench page. Before the widget's script loads, it records every User Timing entry
/// (a `PerformanceObserver` sees them although the widget clears each name before setting it
/// again), long animation frames and, once the element exists, every mutation in its shadow
/// root; after the first mutation that follows the feed's arrival, when the next frame is done.
fn page(src: &str, refresh: u64, widget: &str) -> String {
    format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>bench-widget</title>
<script>
window.__bench = {{ entries: [], mutations: [], frames: [], longTasks: [], committed: null, frame: null, doneFrame: null }};
(function () {{
  const b = window.__bench;
  const record = (list) => {{
    for (const e of list.getEntries()) {{
      b.entries.push({{ name: e.name, start: e.startTime, duration: e.duration }});
      // The end of the frame after the whole widget is drawn (its last stage included): long
      // tasks count up to there.
      if (e.name === "candor:render" && b.doneFrame === null) {{
        requestAnimationFrame(() => setTimeout(() => {{ b.doneFrame = performance.now(); }}, 0));
      }}
    }}
  }};
  new PerformanceObserver(record).observe({{ type: "mark", buffered: true }});
  new PerformanceObserver(record).observe({{ type: "measure", buffered: true }});
  new PerformanceObserver((list) => {{
    for (const e of list.getEntries()) b.longTasks.push({{ start: e.startTime, duration: e.duration }});
  }}).observe({{ type: "longtask", buffered: true }});
  try {{
    new PerformanceObserver((list) => {{
      for (const e of list.getEntries()) b.frames.push({{ start: e.startTime, end: e.startTime + e.duration,
        styleAndLayoutStart: e.styleAndLayoutStart }});
    }}).observe({{ type: "long-animation-frame", buffered: true }});
  }} catch (_) {{}}
  // The page's own start (its first script creates the page's JavaScript context, 30 to 50 ms
  // in a cold browser) is not the widget's: long tasks count from here on.
  b.pageScript = performance.now();
  customElements.whenDefined("candor-status").then(() => {{
    const root = document.querySelector("candor-status").shadowRoot;
    new MutationObserver((records) => {{
      const now = performance.now();
      b.mutations.push({{ t: now, n: records.length }});
      if (b.committed === null && performance.getEntriesByName("candor:feed-arrived").length) {{
        b.committed = now;
        requestAnimationFrame(() => setTimeout(() => {{ b.frame = performance.now(); }}, 0));
      }}
    }}).observe(root, {{ subtree: true, childList: true, attributes: true, characterData: true }});
  }});
}})();
</script>
<script type="module" src="/{widget}/candor.js"></script>
</head>
<body>
<candor-status src="{src}" locale="en" theme="light" time-zone="UTC" max-incidents="50" refresh="{refresh}"></candor-status>
</body>
</html>
"#
    )
}

/// Waits for the `candor:render` measure and the frame after it; returns the figures.
const RUN_SCRIPT: &str = r#"
const done = arguments[arguments.length - 1];
// The long tasks from the end of the page's own first script to the frame after the whole
// widget was drawn.
const widgetTasks = (b) => b.longTasks.filter((t) => t.start >= b.pageScript && t.start < b.doneFrame);
const started = Date.now();
(function poll() {
  const b = window.__bench;
  const render = b && b.entries.find((e) => e.name === "candor:render");
  if (render && b.frame !== null && b.doneFrame !== null && performance.now() > b.doneFrame + 200) {
    const root = document.querySelector("candor-status").shadowRoot;
    const arrived = render.start;
    // Style and layout in the long animation frames (over 50 ms) from the arrival to the end
    // of the frame that showed the feed.
    const layout = b.frames
      .filter((f) => f.end > arrived && f.start < b.frame && f.styleAndLayoutStart > 0)
      .reduce((sum, f) => sum + (f.end - f.styleAndLayoutStart), 0);
    const tasks = widgetTasks(b);
    done({
      render: render.duration,
      committed: b.committed - arrived,
      frame: b.frame - arrived,
      layout: layout,
      longTasks: tasks.map((t) => t.duration),
      longTaskStarts: tasks.map((t) => t.start - arrived),
      marks: b.entries.filter((e) => e.duration === 0).map((e) => [e.name, e.start - arrived]),
      components: root.querySelectorAll('[part~="component"]').length,
      bars: root.querySelectorAll('[part~="bar"]').length,
      incidents: root.querySelectorAll("li.incident").length,
      elements: root.querySelectorAll("*").length,
      sections: [".banner", ".components", ".history", ".chart", ".footer"].map((s) => {
        const e = root.querySelector(s);
        if (!e) return [0, 0];
        const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
        let texts = 0;
        while (walker.nextNode()) texts++;
        return [e.querySelectorAll("*").length, texts];
      }),
    });
  } else if (Date.now() - started > 25000) {
    done({ failure: "no candor:render measure within 25 s", url: location.href, entries: b ? b.entries : null, page: document.documentElement.outerHTML.slice(0, 400) });
  } else {
    setTimeout(poll, 10);
  }
})();
"#;

/// Waits for the first load and REFRESHES refreshes of the feed, then counts, for each
/// refresh, the renders (`candor:rendered` marks), mutation records and arrivals
/// (`candor:feed-arrived` marks) from the request's start to a second after its answer.
const CHECK_SCRIPT: &str = r#"
const done = arguments[arguments.length - 1];
const wanted = REFRESHES + 1;
const started = Date.now();
const feeds = () => performance.getEntriesByType("resource").filter((e) => e.name.includes("/feed.json"));
(function poll() {
  const b = window.__bench;
  const f = feeds();
  const last = f[wanted - 1];
  if (f.length >= wanted && last.responseEnd > 0 && performance.now() > last.responseEnd + 1000) {
    const within = (t, e) => t >= e.startTime && t <= e.responseEnd + 1000;
    const count = (name, e) => b.entries.filter((x) => x.name === name && within(x.start, e)).length;
    done({
      refreshes: f.slice(1, wanted).map((e) => ({
        status: e.responseStatus,
        renders: count("candor:rendered", e),
        arrivals: count("candor:feed-arrived", e),
        mutations: b.mutations.filter((m) => within(m.t, e)).reduce((n, m) => n + m.n, 0),
      })),
      totalRenders: b.entries.filter((x) => x.name === "candor:rendered").length,
    });
  } else if (Date.now() - started > (wanted + 1) * 15000 + 20000) {
    done({ failure: "the refreshes did not all happen", requests: f.length });
  } else {
    setTimeout(poll, 200);
  }
})();
"#;

// ---------------------------------------------------------------------------------------------
// The loopback server.

struct Server {
    base: String,
}

struct Content {
    widget: PathBuf,
    /// The build compared with, under `/widget-b/`.
    other: Option<PathBuf>,
    feed: Vec<u8>,
    /// Requests per feed URL (path and query): each page's feed has its own sequence.
    counts: Mutex<HashMap<String, usize>>,
}

impl Server {
    /// Serves, in a background thread that lives as long as the process: `/bench.html` (with
    /// `?run=N`, a page whose feed URL is its own; with `?refresh=S`, the no-rerender page),
    /// `/widget/*` from `dist/widget/` (`/widget-b/*` from the build compared with), and
    /// `/feed.json?...`.
    fn start(widget: PathBuf, other: Option<PathBuf>, feed: Vec<u8>) -> Result<Server, String> {
        let content = Content {
            widget,
            other,
            feed,
            counts: Mutex::default(),
        };
        let base = loopback::start("bench server", move |request| {
            let (status, content_type, body, headers) =
                route(&request.target, request.header("if-none-match"), &content);
            Response {
                status,
                content_type,
                body,
                headers,
            }
        })?;
        Ok(Server { base })
    }
}

const ETAG: &str = "\"bench-feed\"";

/// Status, content type, body and extra header lines for a request target.
fn route(
    target: &str,
    if_none_match: Option<&str>,
    content: &Content,
) -> (&'static str, &'static str, Vec<u8>, String) {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let no_store = "Cache-Control: no-store\r\n".to_string();
    let not_found = (
        "404 Not Found",
        "text/plain",
        b"not found".to_vec(),
        no_store.clone(),
    );
    if path == "/bench.html" {
        let param = |name: &str| {
            query
                .split('&')
                .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
                .map(str::to_string)
        };
        let html = match (param("run"), param("refresh")) {
            (Some(run), _) => {
                let widget = if param("build").is_some() {
                    "widget-b"
                } else {
                    "widget"
                };
                page(&format!("/feed.json?run={run}"), 0, widget)
            }
            (None, Some(refresh)) => page(
                "/feed.json?check=1",
                refresh.parse().unwrap_or(REFRESH_SECS),
                "widget",
            ),
            (None, None) => return not_found,
        };
        return (
            "200 OK",
            "text/html; charset=utf-8",
            html.into_bytes(),
            no_store,
        );
    }
    if path == "/feed.json" {
        let n = {
            let mut counts = content.counts.lock().unwrap_or_else(|e| e.into_inner());
            let n = counts.entry(target.to_string()).or_insert(0);
            *n += 1;
            *n
        };
        let validators = format!("ETag: {ETAG}\r\nCache-Control: no-cache\r\n");
        // 1: the feed; 2, 4, ...: 304 when the widget sends its ETag; 3, 5, ...: the same body
        // again, whatever the widget sends.
        if n > 1 && n % 2 == 0 && if_none_match == Some(ETAG) {
            return (
                "304 Not Modified",
                "application/json",
                Vec::new(),
                validators,
            );
        }
        return (
            "200 OK",
            "application/json",
            content.feed.clone(),
            validators,
        );
    }
    let served = match (path.strip_prefix("/widget/"), &content.other) {
        (Some(name), _) => Some((name, &content.widget)),
        (None, Some(other)) => path.strip_prefix("/widget-b/").map(|name| (name, other)),
        (None, None) => None,
    };
    if let Some((name, folder)) = served {
        if name.is_empty() || name.contains("..") || name.contains('/') {
            return not_found;
        }
        let kind = match name.rsplit('.').next() {
            Some("js") => "text/javascript",
            Some("wasm") => "application/wasm",
            Some("json") => "application/json",
            _ => "application/octet-stream",
        };
        return match std::fs::read(folder.join(name)) {
            // As a CDN serves the hashed files: cached for good.
            Ok(bytes) => (
                "200 OK",
                kind,
                bytes,
                "Cache-Control: public, max-age=31536000\r\n".into(),
            ),
            Err(_) => not_found,
        };
    }
    not_found
}

// ---------------------------------------------------------------------------------------------
// Chromium through chromedriver, over WebDriver's HTTP API.

/// Chromium's flags that work headless as root here (see ../shared/TOOLCHAIN.md), one per
/// line: `tests/chromium-flags.txt`, read by the end-to-end tests and `cargo xtask bench-widget`
/// (the widget's wasm-bindgen tests take theirs from `widget/webdriver.json`).
const HEADLESS: &str = include_str!("../../tests/chromium-flags.txt");

/// What `--trace` records (`CANDOR_TRACE_CATEGORIES` replaces it): the main thread's tasks,
/// with their thread CPU time, style and layout (`devtools.timeline`), the widget's marks
/// (`blink.user_timing`) and V8's CPU samples with function names (a wasm built with its name
/// section shows Rust's).
const TRACE_CATEGORIES: &str = "devtools.timeline,disabled-by-default-devtools.timeline,\
    blink.user_timing,v8.execute,disabled-by-default-v8.cpu_profiler";

struct Browser {
    driver: Option<Child>,
    /// `127.0.0.1:PORT` of chromedriver.
    host: String,
    session: Option<String>,
}

impl Browser {
    /// With `trace`, chromedriver traces the browser (timeline, user timing, V8's CPU samples)
    /// and hands the events over with the performance log ([`Browser::trace_events`]).
    fn start(profile: &Path, trace: bool) -> Result<Browser, String> {
        let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let chromedriver =
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .map_err(|e| format!("no free loopback port for chromedriver: {e}"))?;
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {chromedriver}: {e}"))?;
        let mut browser = Browser {
            driver: Some(driver),
            host: format!("127.0.0.1:{port}"),
            session: None,
        };
        let ready = Instant::now();
        while !browser
            .request("GET", "/status", None)
            .is_ok_and(|v| v["value"]["ready"] == true)
        {
            if ready.elapsed() > Duration::from_secs(20) {
                browser.stop();
                return Err(format!("chromedriver did not answer on {}", browser.host));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let mut args: Vec<String> = HEADLESS.lines().map(str::to_string).collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        let mut capabilities = json!({ "capabilities": { "alwaysMatch": {
            "goog:chromeOptions": { "binary": chromium, "args": args }
        }}});
        if trace {
            let options = &mut capabilities["capabilities"]["alwaysMatch"];
            options["goog:loggingPrefs"] = json!({ "performance": "ALL" });
            options["goog:chromeOptions"]["perfLoggingPrefs"] = json!({
                "enableNetwork": false,
                "enablePage": false,
                "traceCategories": std::env::var("CANDOR_TRACE_CATEGORIES")
                    .unwrap_or_else(|_| TRACE_CATEGORIES.to_string()),
            });
        }
        match browser.request("POST", "/session", Some(&capabilities)) {
            Ok(v) => match v["value"]["sessionId"].as_str() {
                Some(id) => browser.session = Some(id.to_string()),
                None => {
                    browser.stop();
                    return Err(format!("chromedriver gave no session: {v}"));
                }
            },
            Err(e) => {
                browser.stop();
                return Err(format!("cannot start Chromium through chromedriver: {e}"));
            }
        }
        Ok(browser)
    }

    fn session_path(&self, rest: &str) -> Result<String, String> {
        let id = self.session.as_deref().ok_or("no browser session")?;
        Ok(format!("/session/{id}{rest}"))
    }

    fn goto(&mut self, url: &str) -> Result<(), String> {
        let path = self.session_path("/url")?;
        self.request("POST", &path, Some(&json!({ "url": url })))
            .map(drop)
    }

    /// Runs `script` (a function body whose last argument is its callback) and returns the
    /// value it passes to the callback.
    fn execute_async(&mut self, script: &str, timeout_secs: u64) -> Result<Value, String> {
        let path = self.session_path("/timeouts")?;
        self.request(
            "POST",
            &path,
            Some(&json!({ "script": timeout_secs * 1000 })),
        )?;
        let path = self.session_path("/execute/async")?;
        let value = self.request(
            "POST",
            &path,
            Some(&json!({ "script": script, "args": [] })),
        )?;
        Ok(value["value"].clone())
    }

    /// The trace events chromedriver collected since the last call (its performance log's
    /// `Tracing.dataCollected` messages).
    fn trace_events(&mut self) -> Result<Vec<Value>, String> {
        let path = self.session_path("/se/log")?;
        let log = self.request("POST", &path, Some(&json!({ "type": "performance" })))?;
        let mut events = Vec::new();
        for entry in log["value"].as_array().into_iter().flatten() {
            let Some(message) = entry["message"].as_str() else {
                continue;
            };
            let Ok(message) = serde_json::from_str::<Value>(message) else {
                continue;
            };
            // One event per message.
            if message["message"]["method"] == "Tracing.dataCollected" {
                events.push(message["message"]["params"].clone());
            }
        }
        Ok(events)
    }

    /// Ends the session (which closes Chromium), then chromedriver, by its handle.
    fn stop(&mut self) {
        if let Ok(path) = self.session_path("") {
            let _ = self.request("DELETE", &path, None);
            self.session = None;
        }
        if let Some(mut driver) = self.driver.take() {
            let _ = driver.kill();
            let _ = driver.wait();
        }
    }

    /// One WebDriver command; an answer with an `error` is an error.
    fn request(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
        let mut stream =
            TcpStream::connect(&self.host).map_err(|e| format!("chromedriver: {e}"))?;
        let body = body.map(Value::to_string).unwrap_or_default();
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.host,
            body.len()
        );
        stream
            .write_all(request.as_bytes())
            .map_err(|e| format!("chromedriver: {e}"))?;
        let raw = read_answer(&mut stream)?;
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .ok_or("chromedriver: an answer without a head")?;
        let value: Value = serde_json::from_slice(&raw[split + 4..])
            .map_err(|e| format!("chromedriver {method} {path}: not JSON: {e}"))?;
        if let Some(error) = value["value"]["error"].as_str() {
            return Err(format!(
                "chromedriver {method} {path}: {error}: {}",
                value["value"]["message"]
            ));
        }
        Ok(value)
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Reads one answer: the head, then as much body as `Content-Length` says (chromedriver may
/// keep the connection open).
fn read_answer(stream: &mut TcpStream) -> Result<Vec<u8>, String> {
    let mut raw = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    loop {
        let n = stream
            .read(&mut buf)
            .map_err(|e| format!("chromedriver: {e}"))?;
        if n == 0 {
            return Ok(raw);
        }
        raw.extend_from_slice(&buf[..n]);
        let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
        let length = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse::<usize>().ok());
        if length.is_some_and(|len| raw.len() - split - 4 >= len) {
            return Ok(raw);
        }
    }
}
