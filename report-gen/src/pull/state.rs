//! What `pull` remembers in the folder it pulls into, in `.candor-pull/` (hidden: the import
//! lists it as skipped): which files it wrote (and their SHA-1, so that a file the user
//! changed or put there is never replaced), each document's validators for conditional
//! requests, each history record's last status, and whether the last pull walked the whole
//! history.
//!
//! `state.json` is written whole at the end of a pull; in between, every file written is
//! appended to `journal.jsonl` (its name before the write, its SHA-1 after), so that a pull
//! killed half-way is resumed by the next one, which reads the journal over the state.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::http::Validators;
use crate::output;

/// The folder `pull` keeps its own files in, inside the folder it pulls into.
pub const FOLDER: &str = ".candor-pull";
const STATE: &str = "state.json";
const JOURNAL: &str = "journal.jsonl";
const VERSION: u32 = 1;

/// A history record: an incident or a maintenance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Incident,
    Maintenance,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub kind: Kind,
    /// Its status when its document was last stored (`resolved`, `in_progress`, ...).
    pub status: String,
}

impl Record {
    /// Whether the record may still change: an incident not resolved, a maintenance not over.
    pub fn open(&self) -> bool {
        !matches!(
            self.status.as_str(),
            "resolved" | "postmortem" | "completed"
        )
    }
}

/// A file `pull` wrote, relative to the folder.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stored {
    pub sha1: String,
    #[serde(flatten)]
    pub validators: Validators,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct State {
    pub version: u32,
    /// The page pulled into this folder.
    pub url: String,
    /// Whether the history was walked to its first month by a pull that fetched everything.
    pub complete: bool,
    pub files: BTreeMap<String, Stored>,
    pub records: BTreeMap<String, Record>,
    /// Files named in the journal as about to be written, whose write may not have finished.
    #[serde(skip)]
    pending: BTreeSet<String>,
}

/// One line of the journal: a file about to be written (`stored` absent), or written.
#[derive(Debug, Serialize, Deserialize)]
struct Line {
    file: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    stored: Option<Stored>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    record: Option<(String, Record)>,
}

/// Whether the file at `relative` may be written: absent, or what `pull` last wrote there.
#[derive(Debug, PartialEq, Eq)]
pub enum Ownership {
    Absent,
    Ours,
    /// A file `pull` did not write, or one changed since.
    NotOurs,
}

/// The state of one folder, and the journal it appends to.
#[derive(Debug)]
pub struct Folder {
    pub dir: PathBuf,
    pub state: State,
    journal: Option<fs::File>,
}

impl Folder {
    /// Reads the state of `dir` (none yet: an empty one for `url`), the journal over it.
    pub fn open(dir: &Path, url: &str) -> Result<Folder, String> {
        let own = dir.join(FOLDER);
        let state_path = own.join(STATE);
        let mut state = match fs::read_to_string(&state_path) {
            Ok(text) => serde_json::from_str::<State>(&text).map_err(|err| {
                format!(
                    "{}: not a state pull can read ({err}); remove the {FOLDER} folder to pull \
                     afresh (the files pulled before are then kept as the user's)",
                    state_path.display()
                )
            })?,
            Err(err) if err.kind() == io::ErrorKind::NotFound => State {
                version: VERSION,
                url: url.to_string(),
                ..State::default()
            },
            Err(err) => return Err(format!("{}: cannot be read: {err}", state_path.display())),
        };
        if state.url != url {
            return Err(format!(
                "{}: holds a pull of {}, not of {url}; nothing was fetched: pull each page into \
                 a folder of its own",
                dir.display(),
                state.url
            ));
        }
        if let Ok(text) = fs::read_to_string(own.join(JOURNAL)) {
            // A line cut by a kill is the last one; it is skipped like any unreadable line.
            for line in text
                .lines()
                .filter_map(|l| serde_json::from_str::<Line>(l).ok())
            {
                state.apply(line);
            }
        }
        Ok(Folder {
            dir: dir.to_path_buf(),
            state,
            journal: None,
        })
    }

    pub fn ownership(&self, relative: &str) -> Ownership {
        let path = self.dir.join(relative);
        let Ok(meta) = fs::symlink_metadata(&path) else {
            return Ownership::Absent;
        };
        if !meta.is_file() {
            return Ownership::NotOurs;
        }
        if self.state.pending.contains(relative) {
            return Ownership::Ours;
        }
        match (self.state.files.get(relative), fs::read(&path)) {
            (Some(stored), Ok(bytes)) if stored.sha1 == sha1(&bytes) => Ownership::Ours,
            _ => Ownership::NotOurs,
        }
    }

    /// The validators to ask with: those of the file stored at `relative` while it is ours.
    pub fn validators(&self, relative: &str) -> Option<Validators> {
        let stored = self.state.files.get(relative)?;
        (self.ownership(relative) == Ownership::Ours).then(|| stored.validators.clone())
    }

    /// Writes `bytes` to `relative` atomically, journalled before and after. The caller has
    /// asked [`Folder::ownership`].
    pub fn write(
        &mut self,
        relative: &str,
        bytes: &[u8],
        validators: Validators,
        record: Option<(String, Record)>,
    ) -> io::Result<()> {
        self.append(&Line {
            file: relative.to_string(),
            stored: None,
            record: None,
        })?;
        let path = self.dir.join(relative);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        output::write_file_atomic(&path, bytes)?;
        let line = Line {
            file: relative.to_string(),
            stored: Some(Stored {
                sha1: sha1(bytes),
                validators,
            }),
            record,
        };
        self.append(&line)?;
        self.state.apply(line);
        Ok(())
    }

    /// Notes a record's status without a file written (its document was not modified).
    pub fn note(&mut self, code: String, record: Record) -> io::Result<()> {
        let line = Line {
            file: String::new(),
            stored: None,
            record: Some((code, record)),
        };
        self.append(&line)?;
        self.state.apply(line);
        Ok(())
    }

    /// Writes the state whole and drops the journal it now holds.
    pub fn save(&mut self) -> io::Result<()> {
        let own = self.dir.join(FOLDER);
        fs::create_dir_all(&own)?;
        let json = serde_json::to_vec_pretty(&self.state).map_err(io::Error::other)?;
        output::write_file_atomic(&own.join(STATE), &json)?;
        self.journal = None;
        match fs::remove_file(own.join(JOURNAL)) {
            Err(err) if err.kind() != io::ErrorKind::NotFound => Err(err),
            _ => Ok(()),
        }
    }

    fn append(&mut self, line: &Line) -> io::Result<()> {
        if self.journal.is_none() {
            let own = self.dir.join(FOLDER);
            fs::create_dir_all(&own)?;
            let file =
                (fs::OpenOptions::new().create(true).append(true)).open(own.join(JOURNAL))?;
            self.journal = Some(file);
        }
        let mut text = serde_json::to_string(line).map_err(io::Error::other)?;
        text.push('\n');
        match &mut self.journal {
            Some(file) => file.write_all(text.as_bytes()),
            None => Ok(()),
        }
    }
}

impl State {
    fn apply(&mut self, line: Line) {
        if let Some((code, record)) = line.record {
            self.records.insert(code, record);
        }
        if line.file.is_empty() {
            return;
        }
        match line.stored {
            None => {
                self.pending.insert(line.file);
            }
            Some(stored) => {
                self.pending.remove(&line.file);
                self.files.insert(line.file, stored);
            }
        }
    }
}

pub fn sha1(bytes: &[u8]) -> String {
    sha1_smol::Sha1::from(bytes).digest().to_string()
}
