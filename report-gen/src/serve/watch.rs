//! Noticing that the input changed: a fingerprint of every file under the watched paths
//! (name, size, modification time), taken once a second and compared with the last one.
//!
//! Polling is simple and works the same on every file system, editor and container mount,
//! where change notifications are known to go missing; a second's delay is fine for a preview.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// One file as last seen; `None` fields when it could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Seen {
    path: PathBuf,
    len: Option<u64>,
    modified: Option<SystemTime>,
}

/// Everything under the watched paths, in a stable order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fingerprint(Vec<Seen>);

impl Fingerprint {
    pub fn of(paths: &[PathBuf]) -> Fingerprint {
        let mut seen = Vec::new();
        for path in paths {
            collect(path, &mut seen);
        }
        Fingerprint(seen)
    }
}

fn collect(path: &Path, seen: &mut Vec<Seen>) {
    for entry in walkdir::WalkDir::new(path)
        .follow_links(true)
        .sort_by_file_name()
    {
        match entry {
            Ok(entry) if entry.file_type().is_dir() => {}
            Ok(entry) => {
                let meta = entry.metadata().ok();
                seen.push(Seen {
                    path: entry.into_path(),
                    len: meta.as_ref().map(|m| m.len()),
                    modified: meta.and_then(|m| m.modified().ok()),
                });
            }
            // A path that vanished or cannot be read is part of the picture too: when it
            // comes back, the fingerprint changes.
            Err(err) => seen.push(Seen {
                path: err.path().unwrap_or(path).to_path_buf(),
                len: None,
                modified: None,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adding_changing_and_removing_files_changes_the_fingerprint() {
        let dir = tempfile::tempdir().expect("temp dir");
        let watched = vec![dir.path().to_path_buf()];
        std::fs::create_dir(dir.path().join("incidents")).expect("mkdir");
        std::fs::write(dir.path().join("incidents/a.csv"), "one").expect("write");
        let first = Fingerprint::of(&watched);
        assert_eq!(first, Fingerprint::of(&watched), "nothing changed");

        std::fs::write(dir.path().join("incidents/b.csv"), "two").expect("write");
        let second = Fingerprint::of(&watched);
        assert_ne!(first, second, "a new file");

        std::fs::write(dir.path().join("incidents/b.csv"), "two, longer").expect("write");
        let third = Fingerprint::of(&watched);
        assert_ne!(second, third, "a changed file");

        std::fs::remove_file(dir.path().join("incidents/b.csv")).expect("remove");
        assert_eq!(first, Fingerprint::of(&watched), "back to the start");
    }

    #[test]
    fn a_missing_path_is_seen_and_its_arrival_noticed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("config.toml");
        let before = Fingerprint::of(std::slice::from_ref(&file));
        assert_eq!(before.0.len(), 1);
        std::fs::write(&file, "x").expect("write");
        assert_ne!(before, Fingerprint::of(&[file]));
    }
}
