//! Writing results so that a failed run never leaves a half-written file or folder behind.
//!
//! Everything is first written next to its destination (same folder, so same file system) and
//! then renamed into place: readers see the old content or the new, never a mix.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The folder a path lives in, `.` for a bare file name.
fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Writes `bytes` to `path` atomically: into a temporary file in the same folder, flushed to
/// disk, then renamed over `path`.
pub fn write_file_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = parent_of(path);
    let mut tmp = tempfile::Builder::new()
        .prefix(".candor-")
        .suffix(".tmp")
        .tempfile_in(&dir)?;
    tmp.write_all(bytes)?;
    // A temporary file is private to its owner; the result is meant to be served and read.
    let permissions = match std::fs::metadata(path) {
        Ok(existing) => Some(existing.permissions()),
        Err(_) => readable_by_all(),
    };
    if let Some(permissions) = permissions {
        tmp.as_file().set_permissions(permissions)?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(unix)]
fn readable_by_all() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

/// Elsewhere a new temporary file already has the usual permissions.
#[cfg(not(unix))]
fn readable_by_all() -> Option<std::fs::Permissions> {
    None
}

/// Builds a folder with `build` in a temporary folder next to `dest`, then puts it in place of
/// `dest`. When `build` fails, `dest` is left exactly as it was and the temporary folder is
/// removed.
///
/// The swap is two renames (old `dest` aside, new one in), so there is an instant where `dest`
/// does not exist; it is never half-written.
// The commands that write folders (`post`) are built on this; `feed` writes one file.
#[allow(dead_code)]
pub fn replace_dir_atomic<E: From<io::Error>>(
    dest: &Path,
    build: impl FnOnce(&Path) -> Result<(), E>,
) -> Result<(), E> {
    let dir = parent_of(dest);
    std::fs::create_dir_all(&dir)?;
    let staging = tempfile::Builder::new()
        .prefix(".candor-new-")
        .tempdir_in(&dir)?;
    build(staging.path())?;
    if dest.exists() {
        let aside = tempfile::Builder::new()
            .prefix(".candor-old-")
            .tempdir_in(&dir)?;
        // Rename over the (empty) placeholder folder the aside temp dir created.
        let old = aside.path().join("old");
        std::fs::rename(dest, &old)?;
        if let Err(err) = std::fs::rename(staging.path(), dest) {
            // Put the old folder back so the failed run changes nothing.
            std::fs::rename(&old, dest)?;
            return Err(err.into());
        }
        // `aside` is dropped here and takes the old folder with it.
    } else {
        std::fs::rename(staging.path(), dest)?;
    }
    // The staging folder was renamed away; dropping its guard finds nothing to remove.
    drop(staging);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_replaced_whole() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("feed.json");
        std::fs::write(&path, "old").expect("write");
        write_file_atomic(&path, b"new").expect("atomic write");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "new");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["feed.json"], "no temporary file is left behind");
    }

    #[test]
    fn a_failed_build_leaves_the_folder_as_it_was() {
        let dir = tempfile::tempdir().expect("temp dir");
        let dest = dir.path().join("site");
        std::fs::create_dir(&dest).expect("mkdir");
        std::fs::write(dest.join("index.html"), "old").expect("write");
        let result: Result<(), io::Error> = replace_dir_atomic(&dest, |tmp| {
            std::fs::write(tmp.join("index.html"), "half")?;
            Err(io::Error::other("chart failed"))
        });
        assert!(result.is_err());
        assert_eq!(
            std::fs::read_to_string(dest.join("index.html")).expect("read"),
            "old"
        );
        assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 1);
    }

    #[test]
    fn a_successful_build_replaces_the_folder() {
        let dir = tempfile::tempdir().expect("temp dir");
        let dest = dir.path().join("site");
        std::fs::create_dir(&dest).expect("mkdir");
        std::fs::write(dest.join("stale.html"), "old").expect("write");
        replace_dir_atomic::<io::Error>(&dest, |tmp| std::fs::write(tmp.join("index.html"), "new"))
            .expect("replace");
        assert!(!dest.join("stale.html").exists());
        assert_eq!(
            std::fs::read_to_string(dest.join("index.html")).expect("read"),
            "new"
        );
        assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 1);
    }
}
