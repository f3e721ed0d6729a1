//! Writing results so that nothing the user owns is lost and a failed run leaves no
//! half-written file or folder behind.
//!
//! Before anything is computed, the command asks where its output goes ([`file_output`] for the
//! feed, [`folder_output`] for posts and badges). That refuses (a [`Refused`], exit 2) an output
//! that is, contains or lies inside an input, and an existing file or folder report-gen did not
//! write unless `--force` is given. A symbolic link is followed to what it names, and a character
//! device, a FIFO or an open file descriptor (`/dev/stdout`) is written to as it is.
//!
//! Everything is then written next to its destination (same folder, so same file system) and
//! renamed into place: readers see the old content or the new, never a mix. The temporary names
//! carry the writing process's id, so that a run finding those of a run that was killed removes
//! them ([`clean_leftovers`]).

use std::fmt;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use crate::config;
use crate::import;
use crate::load::InputArgs;

/// The file in every folder report-gen writes, saying which command wrote it. A folder holding it
/// (or an empty one) is replaced without `--force`.
pub const MARKER: &str = ".candor-output";

/// How a feed report-gen wrote begins: `feed::to_json` writes `version` then `generated_at`
/// first. An existing file that begins otherwise (and is not empty) is replaced only with
/// `--force`.
const FEED_START: &[u8] = b"{\"version\":1,\"generated_at\":\"";

/// A leftover temporary file or folder whose process still runs is removed once it is this old
/// (the id may have been reused since; elsewhere than Linux the id is not looked up at all).
const STALE_AFTER: Duration = Duration::from_secs(10 * 60);

/// How many symbolic links in a row are followed before calling it a loop (Linux's limit).
const MAX_LINKS: usize = 40;

/// An output that must not be written as asked: wrong usage, exit 2. The message names the path
/// and says what to do instead.
#[derive(Debug)]
pub struct Refused(pub String);

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}

/// A path an output must not be, contain or lie inside, and what it is ("input", ...).
#[derive(Debug, Clone)]
pub struct Protected {
    pub path: PathBuf,
    pub what: &'static str,
}

/// The inputs as given on the command line, the symbolic links inside input folders (read
/// through, what they name is input too) and the `candor.toml` that applies.
pub fn protected_inputs(input: &InputArgs) -> Vec<Protected> {
    // Walked as the import walks them: a hidden folder (`.git`) is not read, so not walked.
    let links = (input.inputs.iter())
        .flat_map(|folder| {
            (walkdir::WalkDir::new(folder).into_iter()).filter_entry(|e| !import::is_hidden(e))
        })
        .flatten()
        .filter(|entry| entry.path_is_symlink())
        .map(|entry| entry.into_path());
    let mut protected: Vec<Protected> = (input.inputs.iter().cloned())
        .chain(links)
        .map(|path| Protected {
            path,
            what: "input",
        })
        .collect();
    if let Some(path) = config::find(&input.inputs, input.config.as_deref()) {
        protected.push(Protected {
            path,
            what: "configuration",
        });
    }
    protected
}

/// Where a one-file output (the feed) goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileOutput {
    /// `-o -`.
    Stdout,
    /// A character device, a FIFO or an open file descriptor (`/dev/stdout`, a named pipe):
    /// written to (appended to), never replaced.
    Stream(PathBuf),
    /// A regular file, new or replaced atomically; the path a symbolic link led to.
    Replace(PathBuf),
}

impl FileOutput {
    /// Writes `bytes` whole: to standard output, into the stream, or atomically into place.
    pub fn write(&self, bytes: &[u8]) -> io::Result<()> {
        match self {
            FileOutput::Stdout => {
                let mut out = io::stdout().lock();
                out.write_all(bytes)?;
                out.flush()
            }
            FileOutput::Stream(path) => {
                // Appending: `/dev/stdout` may be a file the shell opened with `>>`.
                let mut out = fs::OpenOptions::new().append(true).open(path)?;
                out.write_all(bytes)?;
                out.flush()
            }
            FileOutput::Replace(path) => {
                announce_cleaning(&parent_of(path));
                write_file_atomic(path, bytes)
            }
        }
    }
}

/// Decides where a one-file output named `given` goes, or refuses it (see the module's doc).
pub fn file_output(
    given: &Path,
    protected: &[Protected],
    force: bool,
) -> Result<FileOutput, Refused> {
    if given == Path::new("-") {
        return Ok(FileOutput::Stdout);
    }
    // Asked before following links by hand: `/dev/stdout` leads through /proc to `pipe:[...]`,
    // which only the kernel can follow.
    if fs::metadata(given).is_ok_and(|m| is_stream(&m)) || names_a_descriptor(given) {
        return Ok(FileOutput::Stream(given.to_path_buf()));
    }
    let target = follow_links(given)?;
    refuse_inputs(given, &target, protected)?;
    match fs::symlink_metadata(&target) {
        // Nothing there yet, or nothing readable: writing says why it cannot.
        Err(_) => Ok(FileOutput::Replace(real_location(&target))),
        Ok(m) if m.is_dir() => Err(Refused(format!(
            "{}: is a folder, and this output is one file; nothing was written: name a file, \
             such as {}",
            given.display(),
            given.join("feed.json").display()
        ))),
        Ok(m) if m.is_file() => {
            if force || m.len() == 0 || begins_like_a_feed(&target) {
                Ok(FileOutput::Replace(real_location(&target)))
            } else {
                Err(Refused(format!(
                    "{}: this file is not a feed report-gen wrote (it does not begin with \
                     `{}`); nothing was written: pass --force to replace it, or choose another path",
                    given.display(),
                    String::from_utf8_lossy(FEED_START)
                )))
            }
        }
        Ok(_) => Err(Refused(format!(
            "{}: is neither a regular file, a character device nor a FIFO; nothing was \
             written: choose another path",
            given.display()
        ))),
    }
}

/// Where a folder output (a post, badges) goes: the folder a symbolic link led to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FolderOutput {
    pub path: PathBuf,
    command: &'static str,
}

impl FolderOutput {
    /// Builds the folder with `build` beside its destination, marks it as written by this
    /// command and puts it in place ([`replace_dir_atomic`]), after removing what killed runs
    /// left there.
    pub fn replace<E: From<io::Error>>(
        &self,
        build: impl FnOnce(&Path) -> Result<(), E>,
    ) -> Result<(), E> {
        announce_cleaning(&parent_of(&self.path));
        replace_dir_atomic(&self.path, self.command, build)
    }
}

/// Decides where the folder that `command` writes goes, or refuses it (see the module's doc).
pub fn folder_output(
    given: &Path,
    command: &'static str,
    protected: &[Protected],
    force: bool,
) -> Result<FolderOutput, Refused> {
    if given == Path::new("-") {
        return Err(Refused(format!(
            "`-o -`: {command} writes a folder, which cannot go to standard output (only \
             `feed -o -` can); name a folder"
        )));
    }
    let target = follow_links(given)?;
    refuse_inputs(given, &target, protected)?;
    let unforced = |why: &str| {
        Err(Refused(format!(
            "{}: {why}; nothing was written: pass --force to replace it as a whole, or choose \
             another path",
            given.display()
        )))
    };
    match fs::symlink_metadata(&target) {
        Err(_) => {}
        Ok(m) if m.is_dir() => {
            if !force && !empty_or_marked(&target) {
                return unforced(&format!(
                    "this folder holds files report-gen did not write (it has no {MARKER} file)"
                ));
            }
        }
        Ok(m) if m.is_file() => {
            if !force {
                return unforced(&format!("is a file, and {command} writes a folder"));
            }
        }
        Ok(_) => {
            return Err(Refused(format!(
                "{}: is neither a folder nor a regular file; nothing was written: choose \
                 another path",
                given.display()
            )))
        }
    }
    // Absolute, so that `.` or `out/..` has a parent to build beside.
    Ok(FolderOutput {
        path: real_location(&target),
        command,
    })
}

/// The path `given` names once every symbolic link in a row is followed (the last one may name
/// nothing yet: that is where the output goes).
fn follow_links(given: &Path) -> Result<PathBuf, Refused> {
    let mut path = given.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = fs::read_link(&path).map_err(|err| {
                    Refused(format!(
                        "{}: the symbolic link {} cannot be read: {err}",
                        given.display(),
                        path.display()
                    ))
                })?;
                // An absolute target replaces the folder; a relative one is read from it.
                path = parent_of(&path).join(to);
            }
            _ => return Ok(path),
        }
    }
    Err(Refused(format!(
        "{}: more than {MAX_LINKS} symbolic links in a row (a loop?); nothing was written: \
         choose another path",
        given.display()
    )))
}

/// Whether `given` leads, through symbolic links, to an open file descriptor (`/dev/stdout`,
/// `/dev/fd/1`, `/proc/self/fd/1`): where the caller already sends output, to be written to as
/// it is even when it is a regular file (`report-gen feed -o /dev/stdout > feed.json`).
fn names_a_descriptor(given: &Path) -> bool {
    let mut path = given.to_path_buf();
    for _ in 0..MAX_LINKS {
        if !fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            return false;
        }
        let folder = real_location(&parent_of(&path));
        if folder.starts_with("/proc") && folder.file_name() == Some("fd".as_ref()) {
            return true;
        }
        let Ok(to) = fs::read_link(&path) else {
            return false;
        };
        path = parent_of(&path).join(to);
    }
    false
}

/// Refuses an output that is, contains or lies inside one of `protected`: writing it would
/// replace what the user owns (or what the next run reads).
fn refuse_inputs(given: &Path, target: &Path, protected: &[Protected]) -> Result<(), Refused> {
    let output = real_location(target);
    for p in protected {
        let input = real_location(&p.path);
        let relation = if output == input {
            "is"
        } else if input.starts_with(&output) {
            "contains"
        } else if output.starts_with(&input) {
            "lies inside"
        } else {
            continue;
        };
        return Err(Refused(format!(
            "{}: the output {relation} the {} {}; nothing was written: choose an output outside \
             every input",
            given.display(),
            p.what,
            p.path.display()
        )));
    }
    Ok(())
}

/// `path` absolute, without symbolic links or `.`/`..`, whether or not it exists: the longest
/// part that exists is canonicalised and the rest (which holds no links) appended.
fn real_location(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let parts: Vec<Component> = absolute.components().collect();
    for existing in (1..=parts.len()).rev() {
        let head: PathBuf = parts[..existing].iter().collect();
        if let Ok(mut real) = head.canonicalize() {
            for part in &parts[existing..] {
                match part {
                    Component::ParentDir => {
                        real.pop();
                    }
                    Component::Normal(name) => real.push(name),
                    _ => {}
                }
            }
            return real;
        }
    }
    absolute
}

fn empty_or_marked(dir: &Path) -> bool {
    let empty = fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none());
    empty || dir.join(MARKER).is_file()
}

fn begins_like_a_feed(path: &Path) -> bool {
    let mut start = Vec::with_capacity(FEED_START.len());
    let read = fs::File::open(path)
        .and_then(|file| file.take(FEED_START.len() as u64).read_to_end(&mut start));
    read.is_ok() && start == FEED_START
}

#[cfg(unix)]
fn is_stream(meta: &fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    meta.file_type().is_char_device() || meta.file_type().is_fifo()
}

#[cfg(not(unix))]
fn is_stream(_meta: &fs::Metadata) -> bool {
    false
}

/// The folder a path lives in, `.` for a bare file name.
fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The temporary names: `.candor-new-<pid>-*` (a folder being built), `.candor-old-<pid>-*` (the
/// folder it replaces, until the swap is done), `.candor-<pid>-*.tmp` (a file being written).
fn temp_prefix(kind: &str) -> String {
    format!(".candor-{kind}{}-", std::process::id())
}

/// Removes from `dir` what runs of report-gen that were killed left there: only the names it
/// makes, only when the process that made them is gone (or they are older than
/// [`STALE_AFTER`]), never through a symbolic link. Returns what was removed.
pub fn clean_leftovers(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some((is_dir, pid)) = name.to_str().and_then(leftover) else {
            continue;
        };
        let Ok(meta) = entry.path().symlink_metadata() else {
            continue;
        };
        let right_kind = if is_dir {
            meta.is_dir()
        } else {
            meta.is_file()
        };
        let old = (meta.modified().ok())
            .and_then(|time| time.elapsed().ok())
            .is_some_and(|age| age > STALE_AFTER);
        let orphan = pid.is_some_and(|pid| pid != std::process::id() && !process_runs(pid));
        if !right_kind || !(old || orphan) {
            continue;
        }
        let gone = if is_dir {
            fs::remove_dir_all(entry.path())
        } else {
            fs::remove_file(entry.path())
        };
        if gone.is_ok() {
            removed.push(entry.path());
        }
    }
    removed.sort();
    removed
}

fn announce_cleaning(dir: &Path) {
    for path in clean_leftovers(dir) {
        eprintln!("removed {}: left by an interrupted run", path.display());
    }
}

/// Whether `name` is a temporary name report-gen makes: (a folder?, the id of the process that
/// made it, when the name has one).
fn leftover(name: &str) -> Option<(bool, Option<u32>)> {
    let pid = |rest: &str| rest.split('-').next().and_then(|p| p.parse().ok());
    if let Some(rest) = (name.strip_prefix(".candor-new-")).or(name.strip_prefix(".candor-old-")) {
        return Some((true, pid(rest)));
    }
    let rest = name.strip_prefix(".candor-")?.strip_suffix(".tmp")?;
    Some((false, pid(rest)))
}

/// Whether a process with this id runs; where that cannot be asked (no `/proc`), it is assumed
/// to, and only age makes a leftover removable.
fn process_runs(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.join("self").exists() || proc.join(pid.to_string()).exists()
}

/// Writes `bytes` to `path` atomically: into a temporary file in the same folder, flushed to
/// disk, then renamed over `path`.
pub fn write_file_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = parent_of(path);
    let mut tmp = tempfile::Builder::new()
        .prefix(&temp_prefix(""))
        .suffix(".tmp")
        .tempfile_in(&dir)?;
    tmp.write_all(bytes)?;
    // A temporary file is private to its owner; the result is meant to be served and read.
    let permissions = match fs::metadata(path) {
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
fn readable_by_all() -> Option<fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(fs::Permissions::from_mode(0o644))
}

/// Elsewhere a new temporary file already has the usual permissions.
#[cfg(not(unix))]
fn readable_by_all() -> Option<fs::Permissions> {
    None
}

/// Builds a folder with `build` in a temporary folder next to `dest`, writes the [`MARKER`]
/// saying `command` wrote it, then puts it in place of `dest`. When `build` fails, `dest` is
/// left exactly as it was and the temporary folder is removed.
///
/// The swap is two renames (old `dest` aside, new one in), so there is an instant where `dest`
/// does not exist; it is never half-written. Whether `dest` may be replaced at all is
/// [`folder_output`]'s question, asked before.
pub fn replace_dir_atomic<E: From<io::Error>>(
    dest: &Path,
    command: &str,
    build: impl FnOnce(&Path) -> Result<(), E>,
) -> Result<(), E> {
    let dir = parent_of(dest);
    fs::create_dir_all(&dir)?;
    let staging = tempfile::Builder::new()
        .prefix(&temp_prefix("new-"))
        .tempdir_in(&dir)?;
    build(staging.path())?;
    fs::write(
        staging.path().join(MARKER),
        format!(
            "Written by `report-gen {command}`. The next run replaces this folder as a whole, \
             without --force.\n"
        ),
    )?;
    if fs::symlink_metadata(dest).is_ok() {
        let aside = tempfile::Builder::new()
            .prefix(&temp_prefix("old-"))
            .tempdir_in(&dir)?;
        // Rename over the (empty) placeholder folder the aside temp dir created.
        let old = aside.path().join("old");
        fs::rename(dest, &old)?;
        if let Err(err) = fs::rename(staging.path(), dest) {
            // Put the old folder back so the failed run changes nothing.
            fs::rename(&old, dest)?;
            return Err(err.into());
        }
        // `aside` is dropped here and takes the old folder with it.
    } else {
        fs::rename(staging.path(), dest)?;
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
        let result: Result<(), io::Error> = replace_dir_atomic(&dest, "post", |tmp| {
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
        replace_dir_atomic::<io::Error>(&dest, "post", |tmp| {
            std::fs::write(tmp.join("index.html"), "new")
        })
        .expect("replace");
        assert!(!dest.join("stale.html").exists());
        assert_eq!(
            std::fs::read_to_string(dest.join("index.html")).expect("read"),
            "new"
        );
        assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 1);
    }

    #[test]
    fn a_leftover_without_a_process_id_is_removed_once_it_is_old() {
        let dir = tempfile::tempdir().expect("temp dir");
        let leftover = dir.path().join(".candor-new-AbC123");
        std::fs::create_dir(&leftover).expect("mkdir");
        std::fs::write(leftover.join("index.md"), "half").expect("write");
        assert!(
            clean_leftovers(dir.path()).is_empty(),
            "a fresh one may be a run's"
        );
        let an_hour_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
        std::fs::File::open(&leftover)
            .and_then(|folder| folder.set_modified(an_hour_ago))
            .expect("age the folder");
        assert_eq!(clean_leftovers(dir.path()), [leftover]);
    }

    #[test]
    fn only_names_report_gen_makes_are_leftovers() {
        assert_eq!(leftover(".candor-new-123-AbC"), Some((true, Some(123))));
        assert_eq!(leftover(".candor-old-AbC123"), Some((true, None)));
        assert_eq!(leftover(".candor-77-x1.tmp"), Some((false, Some(77))));
        assert_eq!(leftover(MARKER), None);
        assert_eq!(leftover(".candor-notes"), None);
        assert_eq!(leftover("candor-new-1-x"), None);
    }

    #[test]
    fn the_real_location_of_a_path_that_does_not_exist_yet() {
        let dir = tempfile::tempdir().expect("temp dir");
        let real = dir.path().canonicalize().expect("real");
        std::fs::create_dir(dir.path().join("a")).expect("mkdir");
        assert_eq!(
            real_location(&dir.path().join("a/new/../b/c")),
            real.join("a/b/c")
        );
        assert_eq!(real_location(&dir.path().join("a/./")), real.join("a"));
    }
}
