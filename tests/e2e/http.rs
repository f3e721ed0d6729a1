//! What `report-gen serve` answers over HTTP: the feed with its validators, badges that agree
//! with it, content types, safe paths, live rebuilds and the last good build kept.

use std::time::Duration;

use candor_e2e::{eventually, get, Scratch, Server};

fn serve(scratch: &Scratch, widget: Option<&std::path::Path>) -> Server {
    let site = scratch.site();
    let data = scratch.data();
    let mut args = vec!["--site", site.to_str().expect("utf-8 path")];
    if let Some(w) = widget {
        args.extend(["--widget", w.to_str().expect("utf-8 path")]);
    }
    args.push(data.to_str().expect("utf-8 path"));
    Server::start(&args)
}

#[test]
fn the_server_listens_on_loopback_by_default() {
    let scratch = Scratch::new("acme");
    let server = serve(&scratch, None);
    assert!(
        server.base.starts_with("http://127.0.0.1:"),
        "{}",
        server.base
    );
}

#[test]
fn the_feed_is_fresh_json_with_validators_and_304s() {
    let scratch = Scratch::new("acme");
    let server = serve(&scratch, None);
    let feed = get(&server.base, "/feed.json", &[]);
    assert_eq!(feed.status, 200);
    assert_eq!(feed.header("content-type"), Some("application/json"));
    assert_eq!(feed.header("cache-control"), Some("public, max-age=10"));
    let json = feed.json();
    assert_eq!(json["version"], 1);
    assert_eq!(json["page"]["name"], "Acme");
    assert_eq!(json["generated_at"], "2026-09-30T12:00:00Z");
    let ids: Vec<&str> = json["incidents"]
        .as_array()
        .expect("incidents")
        .iter()
        .filter_map(|i| i["id"].as_str())
        .collect();
    assert_eq!(ids, ["acme-4", "acme-3", "acme-2", "acme-1"]);

    let etag = feed.header("etag").expect("an ETag").to_string();
    let modified = feed
        .header("last-modified")
        .expect("a Last-Modified")
        .to_string();
    let again = get(&server.base, "/feed.json", &[("If-None-Match", &etag)]);
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    assert_eq!(again.header("etag"), Some(etag.as_str()));
    let since = get(
        &server.base,
        "/feed.json",
        &[("If-Modified-Since", &modified)],
    );
    assert_eq!(since.status, 304);
    let other = get(
        &server.base,
        "/feed.json",
        &[("If-None-Match", "\"something-else\"")],
    );
    assert_eq!(other.status, 200);
}

/// The badge writes uptime with two decimals, never rounded up; the feed carries four.
fn two_decimals_down(percent: f64) -> String {
    if percent >= 100.0 {
        "100%".into()
    } else {
        format!("{:.2}%", (percent * 100.0).floor() / 100.0)
    }
}

#[test]
fn badges_say_what_the_feed_says() {
    let scratch = Scratch::new("acme");
    let server = serve(&scratch, None);
    let feed = get(&server.base, "/feed.json", &[]).json();

    let status = get(&server.base, "/badges/status.json", &[]);
    assert_eq!(status.header("content-type"), Some("application/json"));
    let status = status.json();
    assert_eq!(status["schemaVersion"], 1);
    assert_eq!(status["message"], feed["status"]["description"]);

    let index = get(&server.base, "/badges/index.json", &[]).json();
    for component in feed["components"].as_array().expect("components") {
        let entry = index["components"]
            .as_array()
            .expect("index components")
            .iter()
            .find(|e| e["id"] == component["id"])
            .expect("every component has a badge");
        let endpoint = entry["endpoint"].as_str().expect("endpoint path");
        let badge = get(&server.base, &format!("/badges/{endpoint}"), &[]).json();
        let uptime = component["uptime_percent"].as_f64().expect("uptime");
        assert_eq!(
            badge["message"],
            two_decimals_down(uptime),
            "{}",
            component["id"]
        );

        let svg_path = entry["svg"].as_str().expect("svg path");
        let svg = get(&server.base, &format!("/badges/{svg_path}"), &[]);
        assert_eq!(svg.status, 200);
        assert_eq!(svg.header("content-type"), Some("image/svg+xml"));
        assert!(svg.text().contains(&two_decimals_down(uptime)));
    }

    // The title with a script payload never reaches a badge, and badges are plain SVG.
    let svg = get(&server.base, "/badges/status.svg", &[]).text();
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(!svg.contains("<script"));
}

#[test]
fn files_have_their_content_types() {
    let scratch = Scratch::new("acme");
    let widget = scratch.path().join("widget");
    std::fs::create_dir_all(&widget).expect("widget folder");
    // The smallest valid WebAssembly module: magic number and version.
    std::fs::write(widget.join("candor_bg.wasm"), b"\0asm\x01\0\0\0").expect("write");
    std::fs::write(widget.join("candor.js"), "export {};\n").expect("write");
    let server = serve(&scratch, Some(&widget));
    for (path, ty) in [
        ("/", "text/html; charset=utf-8"),
        ("/status.html", "text/html; charset=utf-8"),
        ("/css/site.css", "text/css; charset=utf-8"),
        ("/js/embed.js", "text/javascript; charset=utf-8"),
        ("/widget/candor.js", "text/javascript; charset=utf-8"),
        ("/widget/candor_bg.wasm", "application/wasm"),
        ("/badges/status.svg", "image/svg+xml"),
    ] {
        let answer = get(&server.base, path, &[]);
        assert_eq!(answer.status, 200, "{path}");
        assert_eq!(answer.header("content-type"), Some(ty), "{path}");
        assert_eq!(
            answer.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
    }
    let wasm = get(&server.base, "/widget/candor_bg.wasm", &[]);
    assert_eq!(wasm.body, b"\0asm\x01\0\0\0");
}

#[test]
fn nothing_outside_the_site_folder_is_served() {
    let scratch = Scratch::new("acme");
    std::fs::write(scratch.path().join("secret.txt"), "secret").expect("write");
    let server = serve(&scratch, None);
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/css/..%2f..%2fsecret.txt",
        "/../data/candor.toml",
    ] {
        let answer = get(&server.base, path, &[]);
        assert_ne!(answer.status, 200, "{path}");
        assert!(!answer.text().contains("secret\n"), "{path}");
    }
}

#[test]
fn a_change_to_the_data_is_served_within_seconds() {
    let scratch = Scratch::new("acme");
    let server = serve(&scratch, None);
    let before = get(&server.base, "/feed.json", &[]);
    let etag = before.header("etag").expect("etag").to_string();

    let mut csv = scratch.read("data/incidents.csv");
    csv.push_str("acme-5,Payments failing,critical,2026-09-30T11:00:00Z,,api,external,\n");
    scratch.write("data/incidents.csv", &csv);

    let feed = eventually(
        "the new incident in the feed",
        Duration::from_secs(10),
        || {
            let answer = get(&server.base, "/feed.json", &[("If-None-Match", &etag)]);
            (answer.status == 200).then(|| answer.json())
        },
    );
    assert_eq!(feed["incidents"][0]["id"], "acme-5");
    assert_eq!(feed["status"]["indicator"], "critical");
    let badge = get(&server.base, "/badges/status.json", &[]).json();
    assert_eq!(badge["message"], "Major System Outage");
}

#[test]
fn bad_data_keeps_the_last_good_build_online_and_says_why() {
    let scratch = Scratch::new("acme");
    let server = serve(&scratch, None);
    let good = get(&server.base, "/feed.json", &[]).text();

    let mut csv = scratch.read("data/incidents.csv");
    csv.push_str("acme-5,Broken row,catastrophic,2026-09-30T11:00:00Z,,api,,\n");
    scratch.write("data/incidents.csv", &csv);
    server.wait_for_log("still serving the last good build", Duration::from_secs(10));
    // The reason follows on the next lines, which the log reader may append a moment later.
    server.wait_for_log("incidents.csv", Duration::from_secs(5));
    let log = server.log();
    assert!(log.contains("impact"), "{log}");
    assert_eq!(get(&server.base, "/feed.json", &[]).text(), good);

    // Fixed, it is picked up again.
    let fixed = csv.replace("catastrophic", "minor");
    scratch.write("data/incidents.csv", &fixed);
    eventually(
        "the fixed incident in the feed",
        Duration::from_secs(10),
        || {
            get(&server.base, "/feed.json", &[])
                .text()
                .contains("Broken row")
                .then_some(())
        },
    );
}

#[test]
fn the_post_is_served_under_blog_in_the_sites_look_with_the_widget() {
    let scratch = Scratch::new("acme");
    let site = scratch.site();
    let data = scratch.data();
    let templates = candor_e2e::root().join("www/templates");
    let server = Server::start(&[
        "--site",
        site.to_str().expect("utf-8"),
        "--post-month",
        "2026-08..2026-09",
        "--post-template",
        templates.to_str().expect("utf-8"),
        data.to_str().expect("utf-8"),
    ]);
    let page = get(&server.base, "/blog/", &[]);
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let html = page.text();
    assert!(html.contains(
        "content=\"default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'"
    ));
    assert!(html.contains("<script type=\"module\" src=\"/widget/candor.js\"></script>"));
    assert!(html.contains("<candor-status src=\"/feed.json\""));
    assert!(html.contains("Incidents in September 2026"));
    assert!(!html.contains("<style"), "the strict policy would block it");
    // The payload in a title is text in the post, never markup.
    assert!(!html.contains("<script>window.__candorPwned"));
    let facts = get(&server.base, "/blog/facts.json", &[]).json();
    assert_eq!(facts["timezone"], "Europe/Berlin");
    let redirect = get(&server.base, "/blog", &[]);
    assert_eq!(redirect.status, 308);
    assert_eq!(redirect.header("location"), Some("/blog/"));
}

#[test]
fn without_a_post_month_there_is_no_post() {
    let scratch = Scratch::new("acme");
    let server = serve(&scratch, None);
    assert_eq!(get(&server.base, "/blog/", &[]).status, 404);
}
