//! Real third-party status data (`../shared/data`, beside the project in CI): every folder of
//! Statuspage and cState documents is read by `check` with no error, and every file in it is
//! accounted for. Where that folder is absent (a clean clone anywhere else), one line says the
//! test was skipped.

use std::path::{Path, PathBuf};
use std::process::Command;

fn shared_data() -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data");
    path.is_dir().then_some(path)
}

/// Every folder under `root` that holds a file directly.
fn folders_with_files(root: &Path) -> Vec<PathBuf> {
    let mut folders = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(root)
        .expect("list")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    if entries.iter().any(|p| p.is_file()) {
        folders.push(root.to_path_buf());
    }
    for dir in entries.iter().filter(|p| p.is_dir()) {
        folders.extend(folders_with_files(dir));
    }
    folders
}

#[test]
fn every_real_statuspage_and_cstate_folder_is_read_without_errors_and_fully_accounted() {
    let Some(data) = shared_data() else {
        // Straight to the process's stderr: libtest captures `println!` of a passing test.
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "skipped every_real_statuspage_and_cstate_folder_is_read_without_errors_and_fully_accounted: \
             ../shared/data is not beside the project (it is in CI)"
        );
        return;
    };
    let mut failures = Vec::new();
    for format in ["statuspage", "cstate"] {
        for folder in folders_with_files(&data.join(format)) {
            let output = Command::new(env!("CARGO_BIN_EXE_report-gen"))
                .args(["check", "--format", "json"])
                .arg(&folder)
                .output()
                .expect("report-gen runs");
            let report: serde_json::Value =
                serde_json::from_slice(&output.stdout).expect("check's JSON");
            let name = folder.display();
            if report["summary"]["errors"] != 0 {
                failures.push(format!("{name}: {}", report["problems"]));
            }
            // Every file under the folder is listed once, imported or skipped with a reason.
            let walked = walkdir::WalkDir::new(&folder)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .count();
            let listed = report["files"].as_array().map_or(0, Vec::len);
            if listed != walked {
                failures.push(format!("{name}: {listed} files listed of {walked}"));
            }
            let unexplained = (report["files"].as_array().into_iter().flatten()).any(|f| {
                f["outcome"] == "skipped" && f["reason"].as_str().is_none_or(str::is_empty)
            });
            if unexplained {
                failures.push(format!("{name}: a file skipped without a reason"));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// The captures of other vendors' pages and of Statuspage's other documents: every data file
/// is read by its vendor's reader (none skipped for a format Candor does not read), with no
/// error, and the counts a person reading them finds.
#[test]
fn every_real_vendor_capture_is_read_with_nothing_skipped_and_sensible_counts() {
    let Some(data) = shared_data() else {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "skipped every_real_vendor_capture_is_read_with_nothing_skipped_and_sensible_counts: \
             ../shared/data is not beside the project (it is in CI)"
        );
        return;
    };
    let output = Command::new(env!("CARGO_BIN_EXE_report-gen"))
        .args(["check", "--format", "json"])
        .arg(data.join("vendors"))
        .arg(data.join("statuspage/more"))
        .output()
        .expect("report-gen runs");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("check's JSON");
    assert_eq!(report["summary"]["errors"], 0, "{}", report["problems"]);
    let mut read = Vec::new();
    for f in report["files"].as_array().expect("files") {
        let path = f["path"].as_str().unwrap_or("");
        let name = path.rsplit('/').next().unwrap_or("");
        match f["outcome"].as_str() {
            Some("imported") => read.push(format!(
                "{name}: {} {}i {}m {}c",
                f["format"].as_str().unwrap_or("?"),
                f["incidents"],
                f["maintenances"],
                f["components"]
            )),
            // Licences, and the heartbeat list read with its status page.
            _ => {
                let reason = f["reason"].as_str().unwrap_or("");
                let fine = (name.starts_with("LICENSE") && reason.starts_with("documentation"))
                    || reason.contains("read with the status page");
                assert!(fine, "{path}: {f}");
            }
        }
    }
    read.sort();
    // Statuspage API v2 documents are read as before (the other test); these say only that.
    let expected = [
        "cloudflare-incidents-2026-08-07-trimmed.json: statuspage ",
        "cloudflare-summary-2026-08-07-trimmed.json: statuspage ",
        "cursor-summary-2026-09-25-incident.json: statuspage ",
        "demo.cachethq.io-v2-components.json: cachet 0i 0m 6c",
        "demo.cachethq.io-v2-incidents.json: cachet 2i 0m 0c",
        "demo.cachethq.io-v2-schedules.json: cachet 0i 1m 0c",
        // One endpoint; its two results are at Go's zero time (a warning, not downtime).
        "gatus-api_test-expected-endpoints-statuses.json: gatus 0i 0m 1c",
        "gcore-summary-operational.json: instatus 0i 2m 0c",
        // Six entries, three of them groups: API, API Documentation, Advanced Analytics.
        "gcore-v3-components-truncated.json: instatus 0i 0m 3c",
        // GitHub's feed: 25 incidents, none a maintenance.
        "github-history-2026-08-22.atom: statuspage_atom 25i 0m 0c",
        "instatus-demo-summary-incident.json: instatus 2i 0m 0c",
        // 19 records: 16 incidents and 3 completed maintenances; then the unresolved one again.
        "nyu-libraries-manage-api-statuspage-all.fixture.json: statuspage_manage 16i 3m 4c",
        "nyu-libraries-manage-api-statuspage-unresolved.fixture.json: statuspage_manage 1i 0m 0c",
        // Two reports and a maintenance; three resources and the one the reports name.
        "status.betterstack.com-index.json: better_stack 2i 1m 4c",
        // Two monitors; the pinned incident; the maintenance. The heartbeat list is beside it.
        "test-instance-status-page-demo.json: uptime_kuma 1i 1m 2c",
        "upptime-upptime-history-summary.json: upptime 0i 0m 4c",
    ];
    assert_eq!(read.len(), expected.len(), "{read:#?}");
    for (line, want) in read.iter().zip(expected) {
        assert!(line.starts_with(want), "{line} (expected {want})");
    }
}
