//! `cargo xtask serve [--port N]`: the one command that shows the product. It builds the
//! widget (`dist`), then runs `report-gen serve` on the sample company's data in `www/data/`,
//! with `www/` as the site, and prints the pages to open.

use crate::setup;

/// The months the sample data's transparency post reports: the bad run of August and
/// September 2026 that `www/data/` tells the story of.
const SAMPLE_POST_MONTHS: &str = "2026-08..2026-09";
const DEFAULT_PORT: u16 = 8080;

pub fn run(args: &[String]) -> Result<(), String> {
    let port = port(args)?;
    let root = setup::root();
    let incidents = root.join("www/data/incidents");
    if !incidents.is_dir() {
        return Err(format!(
            "{} is missing: the sample data comes with the repository",
            incidents.display()
        ));
    }
    dist()?;

    let mut serve: Vec<String> = [
        "run",
        "--quiet",
        "--package",
        "report-gen",
        "--",
        "serve",
        "--port",
        &port.to_string(),
        "--site",
        "www",
        "--widget",
        "dist/widget",
        "--post-month",
        SAMPLE_POST_MONTHS,
        "--post-template",
        "www/templates",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // The author's parts of the post, when the sample data has them.
    for (flag, file) in [
        ("--post-support", "www/data/support.csv"),
        ("--post-intro", "www/data/intro.md"),
        ("--post-next", "www/data/next.md"),
    ] {
        if root.join(file).is_file() {
            serve.push(flag.into());
            serve.push(file.into());
        }
    }
    serve.push("www/data/incidents".into());

    let base = format!("http://127.0.0.1:{port}");
    println!(
        "\nCandor's demo, once report-gen says it is listening:\n\
         \x20 {base}/              the company's site, the compact widget in its footer\n\
         \x20 {base}/status.html   the full widget\n\
         \x20 {base}/blog/         the transparency post for {SAMPLE_POST_MONTHS}\n\
         \x20 {base}/embed.html    the embed builder\n\
         \x20 {base}/badges/status.svg and {base}/feed.json\n\
         Edit a file in www/data/ and open widgets update at their next refresh. Ctrl-C stops.\n"
    );
    let args: Vec<&str> = serve.iter().map(String::as_str).collect();
    setup::run("cargo", &args)
}

/// Builds the widget into dist/widget.
pub fn dist() -> Result<(), String> {
    setup::run("cargo", &["xtask", "dist"])
}

fn port(args: &[String]) -> Result<u16, String> {
    match args {
        [] => Ok(DEFAULT_PORT),
        [flag, value] if flag == "--port" => value
            .parse()
            .map_err(|_| format!("--port {value}: not a port number (1-65535)")),
        other => Err(format!(
            "unexpected arguments {other:?}: usage: cargo xtask serve [--port N]"
        )),
    }
}
