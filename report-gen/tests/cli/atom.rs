//! `report-gen feed` writes `history.atom` beside the feed: well-formed Atom, newest first, the
//! data's text escaped, the same bytes for the same data, and never over a file it did not write.

use quick_xml::events::Event;
use quick_xml::Reader;

use crate::Scratch;

const NOW: &str = "2026-08-15T12:00:00Z";

/// A Statuspage document whose texts try to break out of the XML and the HTML inside it.
const HOSTILE: &str = r#"{
  "page": {"id": "p1", "name": "Acme & <Co>", "url": "https://status.example.com/?a=1&b=2",
           "time_zone": "Etc/UTC", "updated_at": "2026-08-10T12:00:00Z"},
  "incidents": [
    {"id": "old", "name": "Older", "status": "resolved", "impact": "minor",
     "created_at": "2026-07-01T10:00:00Z", "resolved_at": "2026-07-01T11:00:00Z",
     "shortlink": "https://stspg.io/old",
     "incident_updates": [
       {"id": "u1", "status": "resolved", "body": "Fixed.", "created_at": "2026-07-01T11:00:00Z"},
       {"id": "u0", "status": "investigating", "body": "Looking.", "created_at": "2026-07-01T10:00:00Z"}]},
    {"id": "new/1", "name": "<script>alert(1)</script> ]]> & \u0001", "status": "identified",
     "impact": "major", "created_at": "2026-08-10T09:00:00Z",
     "incident_updates": [
       {"id": "u2", "status": "identified", "body": "<b>bold</b> & \"quoted\"\nsecond line",
        "created_at": "2026-08-10T09:30:00Z"}]}
  ],
  "scheduled_maintenances": [
    {"id": "m1", "name": "Database upgrade", "status": "scheduled", "impact": "maintenance",
     "created_at": "2026-08-01T00:00:00Z", "scheduled_for": "2026-08-20T02:00:00Z",
     "scheduled_until": "2026-08-20T04:00:00Z", "incident_updates": []}
  ]
}"#;

/// The elements' text by path (`feed/entry/title`), in document order; panics on XML that is
/// not well-formed.
fn parse(xml: &str) -> Vec<(String, String)> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut path: Vec<String> = Vec::new();
    let mut texts = Vec::new();
    // An element's text comes in pieces: text, then each reference (`&amp;`) on its own.
    let mut text = String::new();
    let mut flush = |path: &[String], text: &mut String| {
        if !text.trim().is_empty() {
            texts.push((path.join("/"), std::mem::take(text)));
        }
        text.clear();
    };
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => {
                flush(&path, &mut text);
                path.push(String::from_utf8(e.name().as_ref().to_vec()).expect("utf-8"))
            }
            Event::End(_) => {
                flush(&path, &mut text);
                path.pop();
            }
            Event::Text(t) => text.push_str(&t.xml10_content().expect("utf-8")),
            Event::GeneralRef(r) => match r.resolve_char_ref().expect("a character") {
                Some(c) => text.push(c),
                None => {
                    let name = r.decode().expect("utf-8");
                    let resolved = quick_xml::escape::resolve_predefined_entity(&name);
                    text.push_str(resolved.expect("a predefined entity"));
                }
            },
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(path.is_empty(), "every element is closed");
    texts
}

fn values<'t>(texts: &'t [(String, String)], path: &str) -> Vec<&'t str> {
    (texts.iter())
        .filter(|(p, _)| p == path)
        .map(|(_, t)| t.as_str())
        .collect()
}

/// The data, and the empty folders the feeds go to.
fn scratch() -> Scratch {
    let s = Scratch::empty();
    s.write("data/page.json", HOSTILE);
    for folder in ["out", "a", "b"] {
        std::fs::create_dir_all(s.path(folder)).expect("mkdir");
    }
    s
}

#[test]
fn the_history_is_well_formed_atom_newest_first_with_the_data_escaped() {
    let s = scratch();
    let run = s.run(&["feed", "--now", NOW, "-o", "out/feed.json", "data"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let atom = std::fs::read_to_string(s.path("out/history.atom")).expect("written beside");
    let texts = parse(&atom);

    assert_eq!(
        values(&texts, "feed/title"),
        ["Acme & <Co> - incident history"]
    );
    assert_eq!(values(&texts, "feed/id").len(), 1);
    // The feed's time is its latest entry's, not --now.
    assert_eq!(values(&texts, "feed/updated"), ["2026-08-20T04:00:00Z"]);
    assert_eq!(
        values(&texts, "feed/entry/title"),
        [
            "Database upgrade",
            "<script>alert(1)</script> ]]> & ",
            "Older"
        ],
        "newest first, control characters left out"
    );
    assert_eq!(
        values(&texts, "feed/entry/updated"),
        [
            "2026-08-20T04:00:00Z",
            "2026-08-10T09:30:00Z",
            "2026-07-01T11:00:00Z"
        ]
    );
    let ids = values(&texts, "feed/entry/id");
    assert!(ids[1].ends_with(":incident:new%2F1"), "{ids:?}");
    let content = values(&texts, "feed/entry/content");
    // Once the XML is read, the content is HTML in which the data is text.
    assert!(
        content[1].contains("&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;<br>second line"),
        "{}",
        content[1]
    );
    assert!(content[1].contains("<strong>Identified</strong>"));
    assert!(!content[1].contains("<b>"));
    assert!(
        content[2].find("Fixed.") < content[2].find("Looking."),
        "updates newest first: {}",
        content[2]
    );
    assert!(
        atom.contains(r#"<link rel="alternate" type="text/html" href="https://stspg.io/old"/>"#)
    );
    assert!(atom.contains(r#"<content type="html">"#));
}

#[test]
fn the_history_is_the_same_bytes_for_the_same_data_whatever_the_clock() {
    let s = scratch();
    let first = s.run(&["feed", "--now", NOW, "-o", "a/feed.json", "data"]);
    let second = s.run(&[
        "feed",
        "--now",
        "2026-08-16T00:00:00Z",
        "-o",
        "b/feed.json",
        "data",
    ]);
    assert_eq!((first.code(), second.code()), (0, 0), "{}", second.stderr());
    let read = |p: &str| std::fs::read(s.path(p)).expect("written");
    assert_eq!(read("a/history.atom"), read("b/history.atom"));
}

#[test]
fn a_history_atom_report_gen_did_not_write_is_kept_without_force() {
    let s = scratch();
    s.write("out/history.atom", "<feed>my own</feed>");
    let run = s.run(&["feed", "--now", NOW, "-o", "out/feed.json", "data"]);
    assert_eq!(run.code(), 2, "{}", run.stderr());
    assert!(run.stderr().contains("history.atom"), "{}", run.stderr());
    assert!(!s.path("out/feed.json").exists(), "nothing was written");
    assert_eq!(
        std::fs::read_to_string(s.path("out/history.atom")).expect("kept"),
        "<feed>my own</feed>"
    );
    let forced = s.run(&[
        "feed",
        "--now",
        NOW,
        "--force",
        "-o",
        "out/feed.json",
        "data",
    ]);
    assert_eq!(forced.code(), 0, "{}", forced.stderr());
    assert!(std::fs::read_to_string(s.path("out/history.atom"))
        .expect("replaced")
        .starts_with("<?xml"));
    // Report-gen's own is replaced by the next run without --force.
    let again = s.run(&["feed", "--now", NOW, "-o", "out/feed.json", "data"]);
    assert_eq!(again.code(), 0, "{}", again.stderr());
}

#[test]
fn a_feed_written_to_standard_output_has_no_history_beside_it() {
    let s = scratch();
    let run = s.run(&["feed", "--now", NOW, "-o", "-", "data"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(!s.path("history.atom").exists());
}
