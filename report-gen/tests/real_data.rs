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
