//! `report-gen badge`, the real binary on real files: what it writes, that it writes the same
//! bytes twice, and that bad data leaves the previous badges untouched.

use std::path::Path;
use std::process::Command;

const CONFIG: &str = "[page]\nname = \"Acme\"\ntime_zone = \"Europe/Berlin\"\n\n[[components]]\nid = \"api\"\nname = \"Public API\"\n\n[[components]]\nid = \"web\"\nname = \"Web app\"\n";

const INCIDENTS: &str = "id,title,impact,started_at,resolved_at,components,cause,url
i1,Slow API responses,major,2026-08-10T10:00:00Z,2026-08-10T12:00:00Z,api,internal,
i2,<script>alert(1)</script> & down,critical,2026-09-02T08:00:00Z,,web,external,
";

/// Writes the data into `dir/data` (outputs go beside it, never inside) and returns that folder.
fn data(dir: &Path) -> std::path::PathBuf {
    let data = dir.join("data");
    std::fs::create_dir_all(&data).expect("mkdir");
    std::fs::write(data.join("candor.toml"), CONFIG).expect("write config");
    std::fs::write(data.join("incidents.csv"), INCIDENTS).expect("write incidents");
    data
}

fn badge(out: &Path, input: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_report-gen"))
        .args(["badge", "--now", "2026-09-30T12:00:00Z", "-o"])
        .arg(out)
        .arg(input)
        .output()
        .expect("report-gen runs")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn writes_the_status_and_each_component_as_svg_and_endpoint_json() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = data(dir.path());
    let out = dir.path().join("badges");
    let run = badge(&out, &data);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );

    // The open critical incident makes it a major outage, in red.
    assert_eq!(
        read(&out.join("status.json")),
        "{\"schemaVersion\":1,\"label\":\"status\",\"message\":\"Major System Outage\",\"color\":\"red\"}\n"
    );
    let api = read(&out.join("uptime/api.json"));
    assert!(api.contains("\"label\":\"Public API uptime\""), "{api}");
    let svg = read(&out.join("status.svg"));
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.contains("aria-label=\"status: Major System Outage\""));
    assert!(out.join("uptime/web.svg").is_file());
    assert!(out.join("index.json").is_file());
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = data(dir.path());
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    assert!(badge(&a, &data).status.success());
    assert!(badge(&b, &data).status.success());
    for file in [
        "status.svg",
        "status.json",
        "uptime/api.svg",
        "uptime/web.json",
        "index.json",
    ] {
        assert_eq!(read(&a.join(file)), read(&b.join(file)), "{file}");
    }
}

#[test]
fn bad_data_is_named_and_the_previous_badges_stay() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = data(dir.path());
    let out = dir.path().join("badges");
    assert!(badge(&out, &data).status.success());
    let before = read(&out.join("status.svg"));

    let bad = format!("{INCIDENTS}i3,Broken,catastrophic,2026-09-03T08:00:00Z,,api,,\n");
    std::fs::write(data.join("incidents.csv"), bad).expect("write");
    let run = badge(&out, &data);
    assert!(!run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("incidents.csv"), "{stderr}");
    assert!(stderr.contains("impact"), "{stderr}");
    assert_eq!(read(&out.join("status.svg")), before);
}
