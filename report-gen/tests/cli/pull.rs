//! `report-gen pull`: a loopback server serves a generated Statuspage page the way a real one
//! does (a history of three months a page, newest first, quarters without incidents, a
//! maintenance, an open incident; ETags and 304s; a 429 and a 503 on the way). The pulled folder
//! gives the same feed and post as the documents the server serves; a second pull asks for
//! little, conditionally; a killed pull resumes; a file the user owns is never touched. GitHub's
//! real incidents of 2010-2023 (`../shared/data`, where it is beside the project) are served the
//! same way, pulled whole and checked month by month against their own documents.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

use crate::{Run, Scratch};

const NOW: &str = "2026-01-20T00:00:00Z";

// ---------------------------------------------------------------------------------------------
// The page: generated, three years and a month of history.

struct Record {
    code: String,
    name: String,
    impact: &'static str,
    status: &'static str,
    start: String,
    end: Option<String>,
    component: &'static str,
    maintenance: bool,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// (year, month) from 2023-01 to 2026-01, oldest first.
fn months() -> Vec<(i32, u32)> {
    (0..37)
        .map(|k| (2023 + k / 12, (k % 12) as u32 + 1))
        .collect()
}

/// Every record, oldest first: incidents in most months, none in 2023's third quarter and
/// 2024's second, a maintenance in November 2024, and an incident still open in January 2026.
fn records() -> Vec<Record> {
    let mut records = Vec::new();
    for (k, (year, month)) in months().into_iter().enumerate() {
        let quiet = (year == 2023 && (7..=9).contains(&month))
            || (year == 2024 && (4..=6).contains(&month));
        let count = if quiet || (year, month) == (2026, 1) {
            0
        } else {
            [2, 1, 3][k % 3]
        };
        for j in 0..count {
            let day = 3 + 8 * j;
            let minutes = 45 * (j + 1) + k;
            records.push(Record {
                code: format!("inc{year}{month:02}x{j}"),
                name: format!("Errors on the API & <web> #{k}.{j}"),
                impact: ["minor", "major", "critical", "none"][(k + j) % 4],
                status: "resolved",
                start: format!("{year}-{month:02}-{day:02}T10:00:00Z"),
                end: Some(format!(
                    "{year}-{month:02}-{day:02}T{:02}:{:02}:00Z",
                    10 + minutes / 60,
                    minutes % 60
                )),
                component: ["c1", "c2"][(k + j) % 2],
                maintenance: false,
            });
        }
        if (year, month) == (2024, 11) {
            records.push(Record {
                code: "mnt202411".into(),
                name: "Database upgrade".into(),
                impact: "maintenance",
                status: "completed",
                start: "2024-11-20T02:00:00Z".into(),
                end: Some("2024-11-20T04:00:00Z".into()),
                component: "c1",
                maintenance: true,
            });
        }
    }
    records.push(Record {
        code: "open202601".into(),
        name: "Slow dashboards".into(),
        impact: "major",
        status: "identified",
        start: "2026-01-08T09:00:00Z".into(),
        end: None,
        component: "c2",
        maintenance: false,
    });
    records
}

fn page_json() -> String {
    r#"{"id": "pg1", "name": "Example Cloud", "url": "https://status.example.com",
        "time_zone": "Etc/UTC", "updated_at": "2026-01-08T09:30:00Z"}"#
        .to_string()
}

fn components_json() -> &'static str {
    r#"[{"id": "c1", "name": "API", "status": "operational", "position": 1,
         "created_at": "2022-12-01T00:00:00Z", "group": false},
        {"id": "c2", "name": "Dashboard", "status": "degraded_performance", "position": 2,
         "created_at": "2022-12-01T00:00:00Z", "group": false}]"#
}

fn record_json(r: &Record) -> String {
    let end = |t: &Option<String>| t.as_ref().map_or("null".into(), |t| format!("\"{t}\""));
    let mut updates = Vec::new();
    if let Some(e) = &r.end {
        let last = if r.maintenance {
            "completed"
        } else {
            "resolved"
        };
        updates.push(format!(
            r#"{{"id": "{}u2", "status": "{last}", "body": "Over.", "created_at": "{e}"}}"#,
            r.code
        ));
    }
    let first = if r.maintenance {
        "in_progress"
    } else {
        "investigating"
    };
    updates.push(format!(
        r#"{{"id": "{}u1", "status": "{first}", "body": "Looking at \"it\".", "created_at": "{}"}}"#,
        r.code, r.start
    ));
    let scheduled = if r.maintenance {
        format!(
            r#""scheduled_for": "{}", "scheduled_until": {},"#,
            r.start,
            end(&r.end)
        )
    } else {
        String::new()
    };
    format!(
        r#"{{"id": "{code}", "name": "{name}", "status": "{status}", "impact": "{impact}",
            "created_at": "{start}", "started_at": "{start}", "resolved_at": {resolved},
            "updated_at": "{start}", {scheduled}
            "shortlink": "https://stspg.io/{code}",
            "components": [{{"id": "{component}", "name": "{component}"}}],
            "incident_updates": [{updates}]}}"#,
        code = r.code,
        name = r.name,
        status = r.status,
        impact = r.impact,
        start = r.start,
        resolved = end(&r.end),
        component = r.component,
        updates = updates.join(", "),
    )
}

/// The documents as the server serves them, by path (and query).
fn documents() -> BTreeMap<String, String> {
    let records = records();
    let page = page_json();
    let mut docs = BTreeMap::new();
    for r in &records {
        docs.insert(
            format!("/api/v2/incidents/{}.json", r.code),
            format!(r#"{{"page": {page}, "incident": {}}}"#, record_json(r)),
        );
    }
    let newest: Vec<String> = (records.iter().rev())
        .filter(|r| !r.maintenance)
        .take(50)
        .map(record_json)
        .collect();
    docs.insert(
        "/api/v2/incidents.json".into(),
        format!(r#"{{"page": {page}, "incidents": [{}]}}"#, newest.join(",")),
    );
    let open = record_json(records.last().expect("the open incident"));
    docs.insert(
        "/api/v2/summary.json".into(),
        format!(
            r#"{{"page": {page}, "components": {}, "incidents": [{open}],
                "scheduled_maintenances": [],
                "status": {{"indicator": "major", "description": "Partial outage"}}}}"#,
            components_json()
        ),
    );
    let maintenances: Vec<String> = (records.iter().filter(|r| r.maintenance))
        .map(record_json)
        .collect();
    docs.insert(
        "/api/v2/scheduled-maintenances.json".into(),
        format!(
            r#"{{"page": {page}, "scheduled_maintenances": [{}]}}"#,
            maintenances.join(",")
        ),
    );
    // The history: three months a page, newest first, then a page without months.
    let mut months = months();
    months.reverse();
    for (n, chunk) in months.chunks(3).enumerate() {
        let listed: Vec<String> = chunk
            .iter()
            .map(|(year, month)| {
                let prefix = format!("{year}-{month:02}");
                let entries: Vec<String> = (records.iter().rev())
                    .filter(|r| r.start.starts_with(&prefix))
                    .map(|r| {
                        format!(
                            r#"{{"code": "{}", "name": "{}", "message": "…", "impact": "{}",
                                "status": "{}", "timestamp": "{}"}}"#,
                            r.code, r.name, r.impact, r.status, r.start
                        )
                    })
                    .collect();
                format!(
                    r#"{{"name": "{}", "year": {year}, "incidents": [{}]}}"#,
                    MONTHS[*month as usize - 1],
                    entries.join(",")
                )
            })
            .collect();
        docs.insert(
            format!("/history?page={}", n + 1),
            format!(r#"{{"months": [{}]}}"#, listed.join(",")),
        );
    }
    docs.insert(
        format!("/history?page={}", months.len().div_ceil(3) + 1),
        r#"{"months": []}"#.into(),
    );
    docs
}

/// The API documents a server serves (`served`), as files, the way someone who had them all
/// would keep them.
fn write_originals(s: &Scratch, folder: &str, served: &BTreeMap<String, String>) {
    for (path, body) in served {
        if let Some(name) = path.strip_prefix("/api/v2/") {
            s.write(&format!("{folder}/{name}"), body);
        }
    }
}

/// `report-gen post --now NOW --month MONTHS -o post-FOLDER FOLDER`, which must succeed.
fn post(s: &Scratch, now: &str, months: &str, folder: &str) {
    let out = format!("post-{folder}");
    let run = s.run(&["post", "--now", now, "--month", months, "-o", &out, folder]);
    assert_eq!(run.code(), 0, "{folder}: {}", run.stderr());
}

// ---------------------------------------------------------------------------------------------
// The server.

struct Request {
    path: String,
    if_none_match: Option<String>,
    user_agent: String,
    answered: u16,
}

#[derive(Default)]
struct Served {
    documents: BTreeMap<String, String>,
    log: Vec<Request>,
    /// A path's first request is answered with this status (and Retry-After) instead.
    faults: BTreeMap<String, (u16, Option<&'static str>)>,
    /// A request for this path is held until the test is done, and the test told.
    stall: Option<(String, mpsc::Sender<()>)>,
}

struct Server {
    base: String,
    served: Arc<Mutex<Served>>,
}

impl Server {
    fn start() -> Server {
        Server::serving(documents())
    }

    fn serving(documents: BTreeMap<String, String>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        let served = Arc::new(Mutex::new(Served {
            documents,
            ..Served::default()
        }));
        let shared = Arc::clone(&served);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let shared = Arc::clone(&shared);
                std::thread::spawn(move || answer(stream, &shared));
            }
        });
        Server { base, served }
    }

    fn fault(&self, path: &str, status: u16, retry_after: Option<&'static str>) {
        let mut served = self.served.lock().expect("lock");
        served.faults.insert(path.into(), (status, retry_after));
    }

    fn take_log(&self) -> Vec<Request> {
        std::mem::take(&mut self.served.lock().expect("lock").log)
    }
}

fn etag(body: &str) -> String {
    // FNV-1a: any stable digest of the body will do.
    let mut h: u64 = 0xcbf29ce484222325;
    for b in body.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x100000001b3);
    }
    format!("\"{h:016x}\"")
}

fn answer(stream: TcpStream, served: &Mutex<Served>) {
    let mut reader = BufReader::new(stream);
    let mut head = String::new();
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
        head.push_str(&line);
        line.clear();
    }
    let mut lines = head.lines();
    let path = (lines.next().unwrap_or_default().split(' ').nth(1))
        .unwrap_or_default()
        .to_string();
    let header = |name: &str| {
        head.lines()
            .filter_map(|l| l.split_once(':'))
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim().to_string())
    };
    let if_none_match = header("if-none-match");
    let (status, extra, body) = {
        let mut s = served.lock().expect("lock");
        if let Some((stalled, tell)) = &s.stall {
            if *stalled == path {
                let _ = tell.send(());
                drop(s);
                std::thread::sleep(Duration::from_secs(60));
                return;
            }
        }
        let answer = if let Some((status, retry)) = s.faults.remove(&path) {
            let extra = retry.map_or(String::new(), |r| format!("Retry-After: {r}\r\n"));
            (status, extra, String::new())
        } else {
            match s.documents.get(&path) {
                None => (404, String::new(), "{\"error\": \"not found\"}".to_string()),
                Some(body) if if_none_match.as_deref() == Some(etag(body).as_str()) => {
                    (304, format!("ETag: {}\r\n", etag(body)), String::new())
                }
                Some(body) => (200, format!("ETag: {}\r\n", etag(body)), body.clone()),
            }
        };
        s.log.push(Request {
            path: path.clone(),
            if_none_match,
            user_agent: header("user-agent").unwrap_or_default(),
            answered: answer.0,
        });
        answer
    };
    let reason = match status {
        200 => "OK",
        304 => "Not Modified",
        404 => "Not Found",
        429 => "Too Many Requests",
        _ => "Service Unavailable",
    };
    let mut stream = reader.into_inner();
    let _ = write!(
        stream,
        "HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\n{extra}\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.flush();
    // Let the client read it all before the connection closes.
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let _ = stream.read(&mut [0; 16]);
}

// ---------------------------------------------------------------------------------------------
// Running `report-gen`.

fn pull_command(s: &Scratch, base: &str, extra: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_report-gen"));
    command
        .args(["pull", base, "-o", "pulled", "--max-wait", "2"])
        .args(extra)
        .current_dir(s.path(""));
    for proxy in [
        "ALL_PROXY",
        "all_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
    ] {
        command.env_remove(proxy);
    }
    command
}

fn pull(s: &Scratch, base: &str, extra: &[&str]) -> Run {
    Run(pull_command(s, base, extra)
        .output()
        .expect("report-gen runs"))
}

fn incident_codes() -> Vec<String> {
    (records().into_iter())
        .filter(|r| !r.maintenance)
        .map(|r| r.code)
        .collect()
}

fn requests_for(log: &[Request], prefix: &str) -> usize {
    log.iter().filter(|r| r.path.starts_with(prefix)).count()
}

// ---------------------------------------------------------------------------------------------
// The specification.

#[test]
fn a_whole_history_is_pulled_through_a_429_and_a_503_and_reads_as_the_original_documents() {
    let server = Server::start();
    server.fault("/history?page=2", 429, Some("1"));
    server.fault("/api/v2/incidents/inc202502x0.json", 503, None);
    let s = Scratch::empty();
    s.write("pulled/README.md", "my notes about this page");

    let run = pull(&s, &server.base, &[]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let log = server.take_log();
    let pages = documents()
        .keys()
        .filter(|p| p.starts_with("/history"))
        .count();
    assert_eq!(
        run.stderr().lines().last().expect("a summary line"),
        format!(
            "pulled {} into pulled: {pages} history pages, {} incidents and 1 maintenances; \
             {} files written, 0 unchanged, {} requests",
            server.base,
            incident_codes().len(),
            // The three documents, the history's pages and each record's.
            3 + pages + incident_codes().len() + 1,
            log.len()
        ),
        "{}",
        run.stderr()
    );
    assert_eq!(
        run.stderr().lines().count(),
        1,
        "one line: {}",
        run.stderr()
    );
    assert!(log
        .iter()
        .all(|r| r.user_agent.starts_with("Candor-report-gen/")));
    // The 429 and the 503 were asked again.
    assert_eq!(requests_for(&log, "/history?page=2"), 2);
    let retried: Vec<u16> = (log.iter())
        .filter(|r| r.path == "/api/v2/incidents/inc202502x0.json")
        .map(|r| r.answered)
        .collect();
    assert_eq!(retried, [503, 200]);
    // The maintenance, not found among the maintenances, was read as an incident document.
    assert_eq!(
        requests_for(&log, "/api/v2/scheduled-maintenances/mnt202411.json"),
        1
    );

    for code in incident_codes() {
        assert!(
            s.path(&format!("pulled/incidents/{code}.json")).is_file(),
            "{code}"
        );
    }
    assert!(s.path("pulled/maintenances/mnt202411.json").is_file());
    for file in [
        "summary.json",
        "incidents.json",
        "scheduled-maintenances.json",
    ] {
        assert!(s.path(&format!("pulled/{file}")).is_file(), "{file}");
    }
    assert_eq!(
        std::fs::read_to_string(s.path("pulled/README.md")).expect("kept"),
        "my notes about this page"
    );

    // What the other commands make of the folder is what they make of the documents.
    write_originals(&s, "originals", &documents());
    for folder in ["originals", "pulled"] {
        std::fs::create_dir_all(s.path(&format!("feed-{folder}"))).expect("mkdir");
        let feed = s.run(&[
            "feed",
            "--now",
            NOW,
            "-o",
            &format!("feed-{folder}/feed.json"),
            folder,
        ]);
        assert_eq!(feed.code(), 0, "{folder}: {}", feed.stderr());
        post(&s, NOW, "2025-06..2025-12", folder);
    }
    let read = |p: &str| std::fs::read_to_string(s.path(p)).expect("written");
    let feed = read("feed-pulled/feed.json");
    assert_eq!(feed, read("feed-originals/feed.json"));
    assert!(
        feed.contains("open202601"),
        "the open incident is in the feed"
    );
    assert_eq!(
        read("post-pulled/facts.json"),
        read("post-originals/facts.json")
    );
    let facts: serde_json::Value =
        serde_json::from_str(&read("post-pulled/facts.json")).expect("json");
    assert!(facts.to_string().contains("inc202512x"), "{facts}");
    // Checked against an independent computation from the page's own records (not read back
    // through any of Candor's readers): each month's incidents, by impact.
    for month in &facts["months"].as_array().expect("months")[..] {
        let name = month["month"].as_str().expect("month");
        let of_month: Vec<Record> = (records().into_iter())
            .filter(|r| !r.maintenance && r.start.starts_with(name))
            .collect();
        assert_eq!(month["incidents"], of_month.len(), "{name}");
        for impact in ["none", "minor", "major", "critical"] {
            let counted = of_month.iter().filter(|r| r.impact == impact).count();
            assert_eq!(month["by_impact"][impact], counted, "{name} {impact}");
        }
    }
    assert_eq!(facts["months"].as_array().map(Vec::len), Some(7));

    // `check` reads every pulled document and lists pull's own folder as skipped.
    let check = s.run(&["check", "pulled"]);
    assert_eq!(check.code(), 0, "{}{}", check.stdout(), check.stderr());
    let counts = format!(
        "{} incidents, 1 maintenances, 2 components, 2 skipped, 0 errors",
        incident_codes().len()
    );
    assert!(check.stdout().contains(&counts), "{}", check.stdout());
    assert!(
        check.stdout().contains("pulled/.candor-pull: skipped"),
        "{}",
        check.stdout()
    );
}

#[test]
fn a_second_pull_of_an_unchanged_history_asks_little_and_conditionally() {
    let server = Server::start();
    let s = Scratch::empty();
    assert_eq!(pull(&s, &server.base, &[]).code(), 0);
    server.take_log();

    let run = pull(&s, &server.base, &[]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let log = server.take_log();
    let paths: Vec<&str> = log.iter().map(|r| r.path.as_str()).collect();
    // The three documents, the first history page (the open incident is on it, so the second
    // too) and the open incident: nothing else.
    assert_eq!(
        paths,
        [
            "/api/v2/summary.json",
            "/api/v2/incidents.json",
            "/api/v2/scheduled-maintenances.json",
            "/history?page=1",
            "/history?page=2",
            "/api/v2/incidents/open202601.json",
        ]
    );
    assert!(
        log.iter()
            .all(|r| r.if_none_match.is_some() && r.answered == 304),
        "every request conditional, every answer 304"
    );
    assert!(
        run.stderr()
            .contains("0 files written, 6 unchanged, 6 requests"),
        "{}",
        run.stderr()
    );

    // The open incident is resolved, and a new one starts: only they are fetched.
    {
        let mut served = server.served.lock().expect("lock");
        let open_doc = "/api/v2/incidents/open202601.json";
        let resolved = served.documents[open_doc]
            .replace(r#""status": "identified""#, r#""status": "resolved""#)
            .replace(
                r#""resolved_at": null"#,
                r#""resolved_at": "2026-01-09T10:00:00Z""#,
            );
        served.documents.insert(open_doc.into(), resolved);
        let page1 = served.documents["/history?page=1"]
            .replace(r#""status": "identified""#, r#""status": "resolved""#)
            .replace(
                r#""incidents": [{"code": "open202601""#,
                r#""incidents": [{"code": "new202601", "impact": "minor", "status": "investigating"}, {"code": "open202601""#,
            );
        served.documents.insert("/history?page=1".into(), page1);
        let new = served.documents[open_doc].replace("open202601", "new202601");
        served
            .documents
            .insert("/api/v2/incidents/new202601.json".into(), new);
    }
    let run = pull(&s, &server.base, &[]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let log = server.take_log();
    let mut fetched: Vec<&str> = (log.iter())
        .filter(|r| r.answered == 200)
        .map(|r| r.path.as_str())
        .collect();
    fetched.sort();
    assert_eq!(
        fetched,
        [
            "/api/v2/incidents/new202601.json",
            "/api/v2/incidents/open202601.json",
            "/history?page=1",
        ]
    );
    assert!(s.path("pulled/incidents/new202601.json").is_file());
}

#[test]
fn a_pull_killed_half_way_is_resumed_by_the_next() {
    let server = Server::start();
    let (tell, stalled) = mpsc::channel();
    let codes = incident_codes();
    let held = format!("/api/v2/incidents/{}.json", codes[codes.len() / 2]);
    server.served.lock().expect("lock").stall = Some((held.clone(), tell));
    let s = Scratch::empty();

    let mut child = pull_command(&s, &server.base, &[])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("report-gen starts");
    stalled
        .recv_timeout(Duration::from_secs(60))
        .expect("the pull reaches the held document");
    // Give the other requests in flight time to land, then kill it.
    std::thread::sleep(Duration::from_millis(300));
    child.kill().expect("killed");
    let _ = child.wait();
    let stored_before: Vec<String> = (codes.iter())
        .filter(|c| s.path(&format!("pulled/incidents/{c}.json")).is_file())
        .cloned()
        .collect();
    assert!(!stored_before.is_empty() && stored_before.len() < codes.len());
    server.served.lock().expect("lock").stall = None;
    server.take_log();

    let run = pull(&s, &server.base, &[]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let log = server.take_log();
    for code in &codes {
        assert!(
            s.path(&format!("pulled/incidents/{code}.json")).is_file(),
            "{code}"
        );
    }
    // What the first pull stored is not fetched again (the open incident aside).
    for code in stored_before.iter().filter(|c| *c != "open202601") {
        let path = format!("/api/v2/incidents/{code}.json");
        assert_eq!(requests_for(&log, &path), 0, "{code} fetched again");
    }
    assert_eq!(
        requests_for(&log, &held),
        1,
        "the held document is fetched now"
    );
    // No temporary file of the killed run is left.
    let leftovers: Vec<_> = walk(&s.path("pulled"))
        .into_iter()
        .filter(|p| p.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_file_pull_did_not_write_is_kept_and_said_so() {
    let server = Server::start();
    let s = Scratch::empty();
    s.write("pulled/summary.json", "{\"mine\": true}");
    let run = pull(&s, &server.base, &[]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr()
            .contains("kept pulled/summary.json: pull did not write this file"),
        "{}",
        run.stderr()
    );
    assert_eq!(
        std::fs::read_to_string(s.path("pulled/summary.json")).expect("kept"),
        "{\"mine\": true}"
    );
    assert_eq!(requests_for(&server.take_log(), "/api/v2/summary.json"), 0);
    assert!(
        s.path("pulled/incidents.json").is_file(),
        "the rest is pulled"
    );

    // A pulled file the user changed is theirs too.
    s.write("pulled/incidents.json", "{\"edited\": true}");
    let run = pull(&s, &server.base, &[]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert_eq!(
        std::fs::read_to_string(s.path("pulled/incidents.json")).expect("kept"),
        "{\"edited\": true}"
    );
    // --force replaces them.
    let run = pull(&s, &server.base, &["--force"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(std::fs::read_to_string(s.path("pulled/summary.json"))
        .expect("replaced")
        .contains("Example Cloud"));
}

#[test]
fn a_record_without_a_document_is_read_past_and_an_answer_that_is_not_json_is_not_stored() {
    let server = Server::start();
    let gone = "/api/v2/incidents/inc202301x0.json";
    let challenged = "/api/v2/incidents/inc202302x0.json";
    let original = {
        let mut served = server.served.lock().expect("lock");
        served.documents.remove(gone);
        let original = served.documents[challenged].clone();
        let page = "<html><body>Checking your browser</body></html>".to_string();
        served.documents.insert(challenged.into(), page);
        original
    };
    let s = Scratch::empty();
    let run = pull(&s, &server.base, &[]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let stderr = run.stderr();
    assert!(
        stderr.contains("warning: ")
            && stderr.contains("`inc202301x0`, whose document is not found"),
        "{stderr}"
    );
    assert!(
        stderr.contains("inc202302x0.json: the answer is not JSON"),
        "{stderr}"
    );
    assert!(!s.path("pulled/incidents/inc202301x0.json").exists());
    assert!(!s.path("pulled/incidents/inc202302x0.json").exists());
    assert!(s.path("pulled/incidents/inc202303x0.json").is_file());

    // The next pull asks again for what failed.
    server
        .served
        .lock()
        .expect("lock")
        .documents
        .insert(challenged.into(), original);
    let run = pull(&s, &server.base, &[]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(s.path("pulled/incidents/inc202302x0.json").is_file());
}

#[test]
fn since_stops_paging_at_its_month() {
    let server = Server::start();
    let s = Scratch::empty();
    let run = pull(&s, &server.base, &["--since", "2025-03"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let log = server.take_log();
    // 2026-01..2025-11, 2025-10..08, 2025-07..05, 2025-04..02: the fourth page holds March.
    assert_eq!(requests_for(&log, "/history"), 4);
    assert!(s.path("pulled/incidents/inc202503x0.json").is_file());
    assert!(!s.path("pulled/incidents/inc202502x0.json").exists());
    let bad = pull(&s, &server.base, &["--since", "2025-3"]);
    assert_eq!(bad.code(), 2, "{}", bad.stderr());
    assert!(bad.stderr().contains("YYYY-MM"), "{}", bad.stderr());
}

#[test]
fn other_sources_are_fetched_as_served_cachet_page_by_page() {
    let mut docs = BTreeMap::new();
    docs.insert(
        "/api/v1/components".to_string(),
        r#"{"meta": {"pagination": {"current_page": 1, "total_pages": 1,
            "links": {"next_page": null}}}, "data": [{"id": 1, "name": "API", "status": 1}]}"#
            .to_string(),
    );
    docs.insert("/api/v1/schedules".into(), r#"{"data": []}"#.into());
    let server = Server::serving(docs);
    let next = format!("{}/api/v1/incidents?page=2", server.base);
    {
        let mut served = server.served.lock().expect("lock");
        let first = format!(
            r#"{{"meta": {{"pagination": {{"current_page": 1, "total_pages": 2,
                "links": {{"next_page": "{next}"}}}}}}, "data": [{{"id": 1, "name": "Down"}}]}}"#
        );
        served.documents.insert("/api/v1/incidents".into(), first);
        let second = r#"{"meta": {"pagination": {"current_page": 2, "total_pages": 2,
            "links": {"next_page": null}}}, "data": [{"id": 2, "name": "Slow"}]}"#;
        served
            .documents
            .insert("/api/v1/incidents?page=2".into(), second.into());
    }
    let s = Scratch::empty();
    let run = pull(&s, &server.base, &["--source", "cachet"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    for file in [
        "components.json",
        "incidents.json",
        "incidents-page-2.json",
        "schedules.json",
    ] {
        assert!(s.path(&format!("pulled/{file}")).is_file(), "{file}");
    }
    assert!(
        run.stderr()
            .contains(": 4 documents; 4 files written, 0 unchanged, 4 requests"),
        "{}",
        run.stderr()
    );
    server.take_log();
    let again = pull(&s, &server.base, &["--source", "cachet"]);
    assert_eq!(again.code(), 0, "{}", again.stderr());
    let log = server.take_log();
    assert_eq!(
        log.len(),
        4,
        "the second page is known from the stored first"
    );
    assert!(log.iter().all(|r| r.answered == 304));

    // Uptime Kuma's address names its page; the page and its heartbeats are stored by slug.
    let mut docs = BTreeMap::new();
    docs.insert(
        "/api/status-page/main".to_string(),
        r#"{"config": {"slug": "main"}}"#.into(),
    );
    docs.insert(
        "/api/status-page/heartbeat/main".to_string(),
        r#"{"heartbeatList": {}}"#.into(),
    );
    let kuma = Server::serving(docs);
    let s = Scratch::empty();
    let page = format!("{}/status/main", kuma.base);
    let run = pull(&s, &page, &["--source", "uptime-kuma"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(s.path("pulled/status-page-main.json").is_file());
    assert!(s.path("pulled/heartbeat-main.json").is_file());
    let bare = pull(&Scratch::empty(), &kuma.base, &["--source", "uptime-kuma"]);
    assert_eq!(bare.code(), 2, "{}", bare.stderr());
    assert!(
        bare.stderr().contains("/status/<slug>"),
        "{}",
        bare.stderr()
    );
}

#[test]
fn openstatus_and_incident_io_pages_are_pulled_and_read() {
    use crate::formats::fixture;
    let mut docs = BTreeMap::new();
    docs.insert("/feed/json".to_string(), fixture("openstatus/feed.json"));
    docs.insert(
        "/api/v1/summary".to_string(),
        fixture("incident-io/summary.json"),
    );
    let server = Server::serving(docs);
    for (source, file, read_as) in [
        (
            "openstatus",
            "openstatus-feed.json",
            "\"format\":\"openstatus\",\"kind\":\"feed\",\"incidents\":2,\"maintenances\":1",
        ),
        (
            "incident-io",
            "incident-io-summary.json",
            "\"format\":\"incident_io\",\"kind\":\"widget_summary\",\"incidents\":1,\"maintenances\":2",
        ),
    ] {
        let s = Scratch::empty();
        let run = pull(&s, &server.base, &["--source", source]);
        assert_eq!(run.code(), 0, "{source}: {}", run.stderr());
        assert!(
            run.stderr()
                .contains(": 1 documents; 1 files written, 0 unchanged, 1 requests"),
            "{}",
            run.stderr()
        );
        assert!(s.path(&format!("pulled/{file}")).is_file(), "{file}");
        // What was pulled is what its reader reads.
        let check = Run(Command::new(env!("CARGO_BIN_EXE_report-gen"))
            .args(["check", "--format", "json", "pulled"])
            .current_dir(s.path(""))
            .output()
            .expect("report-gen runs"));
        let report = check.stdout().replace([' ', '\n'], "");
        assert!(report.contains(read_as), "{source}: {report}");
        // A second pull asks again, conditionally.
        server.take_log();
        let again = pull(&s, &server.base, &["--source", source]);
        assert_eq!(again.code(), 0, "{}", again.stderr());
        let log = server.take_log();
        assert_eq!(log.len(), 1);
        assert_eq!(log[0].answered, 304);
    }
}

// ---------------------------------------------------------------------------------------------
// A real page's history: GitHub's, from `../shared/data` (beside the project in CI).

/// GitHub's real incident documents (`../shared/data/statuspage/github-incidents`, 2010-2023,
/// the legacy layout included), each as `(code, text as published, its JSON)`; `None`, and one
/// line saying the test was skipped, where that folder is not beside the project.
fn github_documents(test: &str) -> Option<Vec<(String, String, serde_json::Value)>> {
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/statuspage/github-incidents");
    if !dir.is_dir() {
        // Straight to the process's stderr: libtest captures `println!` of a passing test.
        use std::io::Write as _;
        let _ = writeln!(
            std::io::stderr(),
            "skipped {test}: ../shared/data is not beside the project (it is in CI)"
        );
        return None;
    }
    let mut docs = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("list") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read");
        let value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        let code = value["incident"]["id"].as_str().expect("an id").to_string();
        docs.push((code, text, value));
    }
    docs.sort_by(|a, b| a.0.cmp(&b.0));
    Some(docs)
}

/// The month (`YYYY-MM`) an incident's document says it was created in: GitHub's page is in
/// UTC.
fn created_month(incident: &serde_json::Value) -> String {
    incident["created_at"].as_str().expect("created_at")[..7].to_string()
}

/// GitHub's documents as its page serves them: each incident's own document as published, the
/// history (three months a page, newest first, from `newest` back to the first month with an
/// incident, then a page without months), and the three API documents, built from them.
fn github_page(
    docs: &[(String, String, serde_json::Value)],
    newest: (i32, u32),
) -> BTreeMap<String, String> {
    use serde_json::json;
    let mut served = BTreeMap::new();
    let mut incidents: Vec<&serde_json::Value> = docs.iter().map(|d| &d.2["incident"]).collect();
    incidents.sort_by(|a, b| b["created_at"].as_str().cmp(&a["created_at"].as_str()));
    let page = &docs
        .iter()
        .map(|d| &d.2["page"])
        .max_by_key(|p| p["updated_at"].as_str())
        .expect("a page");
    for (code, text, _) in docs {
        served.insert(format!("/api/v2/incidents/{code}.json"), text.clone());
    }
    served.insert(
        "/api/v2/incidents.json".into(),
        json!({"page": page, "incidents": incidents.iter().take(50).collect::<Vec<_>>()})
            .to_string(),
    );
    served.insert(
        "/api/v2/summary.json".into(),
        json!({"page": page, "components": [], "incidents": [], "scheduled_maintenances": [],
               "status": {"indicator": "none", "description": "All Systems Operational"}})
        .to_string(),
    );
    served.insert(
        "/api/v2/scheduled-maintenances.json".into(),
        json!({"page": page, "scheduled_maintenances": []}).to_string(),
    );
    let first = created_month(incidents.last().expect("an incident"));
    let mut months = Vec::new();
    let (mut year, mut month) = newest;
    while format!("{year}-{month:02}") >= first {
        months.push((year, month));
        (year, month) = if month == 1 {
            (year - 1, 12)
        } else {
            (year, month - 1)
        };
    }
    for (n, chunk) in months.chunks(3).enumerate() {
        let listed: Vec<serde_json::Value> = chunk
            .iter()
            .map(|&(year, month)| {
                let entries: Vec<serde_json::Value> = (incidents.iter())
                    .filter(|i| created_month(i) == format!("{year}-{month:02}"))
                    .map(|i| {
                        let last = &i["incident_updates"][0];
                        json!({"code": i["id"], "name": i["name"], "message": last["body"],
                               "impact": i["impact"], "status": i["status"],
                               "timestamp": i["created_at"]})
                    })
                    .collect();
                json!({"name": MONTHS[month as usize - 1], "year": year, "incidents": entries})
            })
            .collect();
        served.insert(
            format!("/history?page={}", n + 1),
            json!({ "months": listed }).to_string(),
        );
    }
    served.insert(
        format!("/history?page={}", months.len().div_ceil(3) + 1),
        r#"{"months": []}"#.into(),
    );
    served
}

#[test]
fn github_s_real_history_is_pulled_whole_and_checked_against_its_own_documents() {
    let test = "github_s_real_history_is_pulled_whole_and_checked_against_its_own_documents";
    let Some(docs) = github_documents(test) else {
        return;
    };
    let now = "2023-08-15T00:00:00Z";
    let served = github_page(&docs, (2023, 8));
    let pages = served.keys().filter(|p| p.starts_with("/history")).count();
    let server = Server::serving(served.clone());
    let s = Scratch::empty();
    let run = pull(&s, &server.base, &[]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(
        run.stderr().contains(&format!(
            "{pages} history pages, {} incidents and 0 maintenances",
            docs.len()
        )),
        "{}",
        run.stderr()
    );
    for (code, text, _) in &docs {
        let pulled = std::fs::read_to_string(s.path(&format!("pulled/incidents/{code}.json")))
            .unwrap_or_else(|e| panic!("{code}: {e}"));
        assert_eq!(&pulled, text, "{code} is stored as served");
    }

    // Every document read, none in error.
    let check = s.run(&["check", "pulled"]);
    assert_eq!(check.code(), 0, "{}{}", check.stdout(), check.stderr());
    assert!(
        check
            .stdout()
            .contains(&format!("{} incidents, 0 maintenances", docs.len())),
        "{}",
        check.stdout()
    );

    // The post from the pulled folder states what one from the served documents does.
    write_originals(&s, "originals", &served);
    for folder in ["originals", "pulled"] {
        post(&s, now, "2021-01..2023-07", folder);
    }
    let read = |p: &str| std::fs::read_to_string(s.path(p)).expect("written");
    assert_eq!(
        read("post-pulled/facts.json"),
        read("post-originals/facts.json")
    );
    // And each month's figures are those of GitHub's own documents, counted here without any
    // of Candor's readers.
    let facts: serde_json::Value =
        serde_json::from_str(&read("post-pulled/facts.json")).expect("json");
    let months = facts["months"].as_array().expect("months");
    assert_eq!(months.len(), 31);
    let mut counted = 0;
    for month in months {
        let name = month["month"].as_str().expect("month");
        let of_month: Vec<&serde_json::Value> = (docs.iter().map(|d| &d.2["incident"]))
            .filter(|i| created_month(i) == name)
            .collect();
        assert_eq!(month["incidents"], of_month.len(), "{name}");
        for impact in ["none", "minor", "major", "critical"] {
            let n = of_month.iter().filter(|i| i["impact"] == impact).count();
            assert_eq!(month["by_impact"][impact], n, "{name} {impact}");
        }
        counted += of_month.len();
    }
    assert_eq!(counted, 24, "the incidents of 2021-01 to 2023-07");

    // A second pull of the unchanged history asks little, conditionally.
    server.take_log();
    let again = pull(&s, &server.base, &[]);
    assert_eq!(again.code(), 0, "{}", again.stderr());
    let log = server.take_log();
    assert!(log.len() <= 6, "{} requests", log.len());
    assert!(log.iter().all(|r| r.answered == 304), "all unchanged");
}

#[test]
fn what_cannot_be_pulled_is_refused_before_any_request() {
    let s = Scratch::empty();
    let file = s.write("notes.txt", "mine");
    let cases: [(&[&str], &str); 3] = [
        (
            &["pull", "ftp://example.com", "-o", "d"],
            "http:// or https://",
        ),
        (
            &["pull", "https://example.com", "-o", "notes.txt"],
            "is not a folder",
        ),
        (&["pull", "https://example.com", "-o", "-"], "name a folder"),
    ];
    for (args, says) in cases {
        let run = s.run(args);
        assert_eq!(run.code(), 2, "{args:?}: {}", run.stderr());
        assert!(run.stderr().contains(says), "{args:?}: {}", run.stderr());
    }
    assert_eq!(std::fs::read_to_string(file).expect("kept"), "mine");
    assert!(!s.path("d").exists());
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found
}
