//! Where outputs go: nothing the user owns is deleted or overwritten. An output that is, contains
//! or lies inside an input is refused; a file or folder report-gen did not write is replaced only
//! with `--force`; `-o` through a symbolic link writes what it names; `-o -` is standard output
//! for the feed; what killed runs left beside an output is removed by the next run there.

use std::path::Path;

use crate::{Run, Scratch};

const NOW: &str = "2026-09-30T12:00:00Z";

const INCIDENTS: &str = "id,title,impact,started_at,resolved_at,components,cause,url
i1,Slow API responses,major,2026-08-10T10:00:00Z,2026-08-10T12:00:00Z,api,internal,
i2,Checkout down,critical,2026-08-20T08:00:00Z,2026-08-20T09:30:00Z,web,external,
";

/// A scratch folder with the incidents in `data/incidents.csv`.
fn with_data() -> Scratch {
    let s = Scratch::empty();
    s.write("data/incidents.csv", INCIDENTS);
    s
}

fn feed(s: &Scratch, output: &str, extra: &[&str]) -> Run {
    let mut args = vec!["feed", "--now", NOW, "-o", output];
    args.extend_from_slice(extra);
    args.push("data");
    s.run(&args)
}

fn post(s: &Scratch, output: &str, extra: &[&str]) -> Run {
    let mut args = vec!["post", "--month", "2026-08", "--now", NOW, "-o", output];
    args.extend_from_slice(extra);
    args.push("data");
    s.run(&args)
}

fn badge(s: &Scratch, output: &str, extra: &[&str]) -> Run {
    let mut args = vec!["badge", "--now", NOW, "-o", output];
    args.extend_from_slice(extra);
    args.push("data");
    s.run(&args)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn assert_refused(run: &Run, says: &[&str]) {
    assert_eq!(run.code(), 2, "{}", run.stderr());
    for part in says {
        assert!(run.stderr().contains(part), "`{part}` in: {}", run.stderr());
    }
}

#[test]
fn badges_into_the_folder_that_holds_their_input_are_refused_and_nothing_is_deleted() {
    let s = Scratch::empty();
    s.write("site/data/incidents.csv", INCIDENTS);
    s.write("site/README.md", "my site");
    s.write("site/.git/HEAD", "ref: refs/heads/main\n");
    let run = s.run(&["badge", "--now", NOW, "-o", "site", "site/data"]);
    assert_refused(
        &run,
        &[
            "site: the output contains the input site/data",
            "nothing was written",
        ],
    );
    assert_eq!(names_in(&s.path("site")), [".git", "README.md", "data"]);
    assert_eq!(read(&s.path("site/data/incidents.csv")), INCIDENTS);
    // --force replaces what report-gen did not write, never an input.
    let forced = s.run(&["badge", "--force", "--now", NOW, "-o", "site", "site/data"]);
    assert_refused(&forced, &["contains the input site/data"]);
    assert_eq!(read(&s.path("site/README.md")), "my site");
}

#[test]
fn a_post_written_over_its_input_is_refused() {
    let s = with_data();
    assert_refused(
        &post(&s, "data", &["--force"]),
        &["data: the output is the input data"],
    );
    assert_eq!(names_in(&s.path("data")), ["incidents.csv"]);
    assert_eq!(read(&s.path("data/incidents.csv")), INCIDENTS);
}

#[test]
fn a_feed_inside_an_input_folder_is_refused_even_over_a_file_of_its_own() {
    let s = with_data();
    s.write("data/2026.csv", INCIDENTS);
    assert_refused(
        &feed(&s, "data/2026.csv", &["--force"]),
        &["data/2026.csv: the output lies inside the input data"],
    );
    assert_eq!(read(&s.path("data/2026.csv")), INCIDENTS);
    // The next run would read a feed left among the inputs as data.
    assert_refused(
        &feed(&s, "data/feed.json", &[]),
        &["lies inside the input data"],
    );
    assert!(!s.path("data/feed.json").exists());
}

#[test]
fn the_configuration_and_the_authors_files_are_protected_as_inputs() {
    let s = with_data();
    s.write("candor.toml", "[page]\nname = \"Acme\"\n");
    assert_refused(
        &feed(&s, "candor.toml", &["--force"]),
        // Found in the input's parent folder, the configuration is named by its full path.
        &[
            "candor.toml: the output is the configuration /",
            "candor.toml; nothing",
        ],
    );
    assert_eq!(read(&s.path("candor.toml")), "[page]\nname = \"Acme\"\n");

    s.write("notes/intro.md", "We are sorry.");
    assert_refused(
        &post(&s, "notes", &["--intro", "notes/intro.md", "--force"]),
        &["notes: the output contains the introduction notes/intro.md"],
    );
    assert_eq!(read(&s.path("notes/intro.md")), "We are sorry.");
}

#[test]
fn a_file_where_the_post_folder_would_go_needs_force() {
    let s = with_data();
    s.write("notes.txt", "my notes");
    assert_refused(
        &post(&s, "notes.txt", &[]),
        &[
            "notes.txt: is a file, and post writes a folder",
            "pass --force to replace it",
        ],
    );
    assert_eq!(read(&s.path("notes.txt")), "my notes");

    let forced = post(&s, "notes.txt", &["--force"]);
    assert_eq!(forced.code(), 0, "{}", forced.stderr());
    assert!(s.path("notes.txt/index.md").is_file());
}

#[test]
fn a_folder_report_gen_did_not_write_is_replaced_only_with_force_and_then_without() {
    let s = with_data();
    s.write("mine/keep.md", "mine");
    assert_refused(
        &badge(&s, "mine", &[]),
        &[
            "mine: this folder holds files report-gen did not write (it has no .candor-output file)",
            "pass --force",
        ],
    );
    assert_eq!(names_in(&s.path("mine")), ["keep.md"]);

    let forced = badge(&s, "mine", &["--force"]);
    assert_eq!(forced.code(), 0, "{}", forced.stderr());
    assert!(!s.path("mine/keep.md").exists());
    assert!(read(&s.path("mine/.candor-output")).contains("report-gen badge"));
    // Marked as report-gen's, it is replaced by the next run without --force.
    let again = badge(&s, "mine", &[]);
    assert_eq!(again.code(), 0, "{}", again.stderr());
    assert!(s.path("mine/status.svg").is_file());
}

#[test]
fn an_empty_folder_is_written_into_and_marked() {
    let s = with_data();
    std::fs::create_dir(s.path("out")).expect("mkdir");
    let run = post(&s, "out", &[]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(s.path("out/index.md").is_file());
    assert!(read(&s.path("out/.candor-output")).contains("report-gen post"));
}

#[test]
fn a_feed_replaces_a_feed_it_wrote_but_another_file_only_with_force() {
    let s = with_data();
    let first = feed(&s, "feed.json", &[]);
    assert_eq!(first.code(), 0, "{}", first.stderr());
    let second = feed(&s, "feed.json", &["--days", "7"]);
    assert_eq!(second.code(), 0, "{}", second.stderr());

    // An empty file holds nothing to lose.
    s.write("empty.json", "");
    let run = feed(&s, "empty.json", &[]);
    assert_eq!(run.code(), 0, "{}", run.stderr());

    s.write("report.json", "{\"mine\": true}\n");
    assert_refused(
        &feed(&s, "report.json", &[]),
        &[
            "report.json: this file is not a feed report-gen wrote",
            "pass --force",
        ],
    );
    assert_eq!(read(&s.path("report.json")), "{\"mine\": true}\n");
    let forced = feed(&s, "report.json", &["--force"]);
    assert_eq!(forced.code(), 0, "{}", forced.stderr());
    assert!(read(&s.path("report.json")).starts_with("{\"version\":1,"));

    std::fs::create_dir(s.path("folder")).expect("mkdir");
    assert_refused(
        &feed(&s, "folder", &["--force"]),
        &["folder: is a folder, and this output is one file"],
    );
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_is_followed_to_what_it_names_and_stays_a_link() {
    use std::os::unix::fs::symlink;
    let s = with_data();
    std::fs::create_dir(s.path("public")).expect("mkdir");
    symlink("public/feed.json", s.path("feed.json")).expect("link");
    symlink("public/badges", s.path("badges")).expect("link");

    for _ in 0..2 {
        let run = feed(&s, "feed.json", &[]);
        assert_eq!(run.code(), 0, "{}", run.stderr());
        let run = badge(&s, "badges", &[]);
        assert_eq!(run.code(), 0, "{}", run.stderr());
    }
    for link in ["feed.json", "badges"] {
        let meta = std::fs::symlink_metadata(s.path(link)).expect("link");
        assert!(meta.file_type().is_symlink(), "{link} is still a link");
    }
    assert!(read(&s.path("public/feed.json")).starts_with("{\"version\":1,"));
    assert!(s.path("public/badges/status.svg").is_file());

    symlink("loop", s.path("loop")).expect("link");
    assert_refused(
        &feed(&s, "loop", &[]),
        &["loop: more than 40 symbolic links"],
    );
}

#[cfg(unix)]
#[test]
fn what_a_link_inside_an_input_folder_names_is_an_input_too() {
    let s = with_data();
    s.write("site/upptime/history/summary.json", "[]");
    std::os::unix::fs::symlink("../site/upptime", s.path("data/upptime")).expect("link");
    assert_refused(
        &badge(&s, "site", &["--force"]),
        &["site: the output contains the input data/upptime"],
    );
    assert_eq!(read(&s.path("site/upptime/history/summary.json")), "[]");
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_character_device_is_written_to_not_replaced() {
    use std::os::unix::fs::{symlink, FileTypeExt};
    let s = with_data();
    let made = std::process::Command::new("mkfifo")
        .arg(s.path("pipe"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let pipe = s.path("pipe");
    let reader = std::thread::spawn(move || std::fs::read(pipe).expect("read the pipe"));
    let run = feed(&s, "pipe", &[]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let received = reader.join().expect("reader");
    assert!(received.starts_with(b"{\"version\":1,"));
    let meta = std::fs::symlink_metadata(s.path("pipe")).expect("pipe");
    assert!(meta.file_type().is_fifo(), "still a FIFO");

    // Through a link, as /dev/stdout is one.
    symlink("/dev/null", s.path("null")).expect("link");
    let run = feed(&s, "null", &[]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(std::fs::symlink_metadata(s.path("null"))
        .expect("link")
        .file_type()
        .is_symlink());
    assert!(std::fs::metadata("/dev/null")
        .expect("/dev/null")
        .file_type()
        .is_char_device());
}

#[cfg(target_os = "linux")]
#[test]
fn dev_stdout_is_written_to_whether_a_pipe_or_a_file_and_stays_a_link() {
    let s = with_data();
    let piped = feed(&s, "/dev/stdout", &[]);
    assert_eq!(piped.code(), 0, "{}", piped.stderr());
    assert!(piped.stdout().starts_with("{\"version\":1,"));

    // `report-gen feed -o /dev/stdout >> log.txt`: the feed is added to the file the shell opened.
    let log = s.write("log.txt", "a line of mine\n");
    let appending = std::fs::OpenOptions::new()
        .append(true)
        .open(&log)
        .expect("open the log");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_report-gen"))
        .args(["feed", "--now", NOW, "-o", "/dev/stdout", "data"])
        .current_dir(s.path("."))
        .stdout(appending)
        .output()
        .expect("report-gen runs");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let text = read(&log);
    assert!(
        text.starts_with("a line of mine\n{\"version\":1,"),
        "{text}"
    );
    let stdout = std::fs::symlink_metadata("/dev/stdout").expect("/dev/stdout");
    assert!(
        stdout.file_type().is_symlink(),
        "/dev/stdout is still a link"
    );
}

#[test]
fn dash_writes_the_feed_to_standard_output_and_is_refused_for_folders() {
    let s = with_data();
    let run = feed(&s, "-", &[]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let feed: serde_json::Value = serde_json::from_str(&run.stdout()).expect("the feed on stdout");
    assert_eq!(feed["version"], 1);
    assert_eq!(feed["generated_at"], NOW);
    assert!(
        run.stderr()
            .starts_with("wrote the feed to standard output ("),
        "{}",
        run.stderr()
    );
    assert!(!s.path("-").exists());

    for run in [post(&s, "-", &[]), badge(&s, "-", &[])] {
        assert_refused(&run, &["`-o -`:", "writes a folder"]);
    }
    assert!(!s.path("-").exists());
}

/// The id of a process that has ended.
fn a_dead_pid() -> u32 {
    let mut child = std::process::Command::new("true").spawn().expect("true");
    let pid = child.id();
    child.wait().expect("true ends");
    pid
}

#[test]
fn what_killed_runs_left_beside_an_output_is_removed_by_the_next_run_there() {
    let s = with_data();
    let dead = a_dead_pid();
    let live = std::process::id();
    s.write(&format!("out/.candor-new-{dead}-a1b2c3/index.md"), "half");
    s.write(
        &format!("out/.candor-old-{dead}-d4e5f6/old/index.md"),
        "old",
    );
    s.write(&format!("out/.candor-{dead}-g7h8i9.tmp"), "half a feed");
    // A run still going, and names report-gen does not make, are left alone.
    s.write(
        &format!("out/.candor-new-{live}-j0k1l2/index.md"),
        "writing",
    );
    s.write("out/.candor-notes", "mine");
    s.write("out/candor-new-1-x/keep", "mine");

    let run = post(&s, "out/post", &[]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(
        run.stderr().contains(&format!(
            ".candor-new-{dead}-a1b2c3: left by an interrupted run"
        )),
        "{}",
        run.stderr()
    );
    let run = feed(&s, "out/feed.json", &[]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert_eq!(
        names_in(&s.path("out")),
        [
            format!(".candor-new-{live}-j0k1l2"),
            ".candor-notes".to_string(),
            "candor-new-1-x".to_string(),
            "feed.json".to_string(),
            "history.atom".to_string(),
            "post".to_string(),
        ]
    );
}
