//! The note an import leaves beside the database while it writes (issue 18), so that every
//! desk can say at once that an import is running and how far it is, instead of waiting 30
//! seconds for the write lock and then failing.
//!
//! Choices:
//! - **A file beside the database**, `FILE.importing`, JSON: the importer's process id, when
//!   it started, and how many rows of how many are written. Desks are separate processes
//!   (terminals, SSH sessions) and the import holds SQLite's write lock, so the note cannot
//!   live in the database: nobody could write it, and the desk could not read the import's
//!   uncommitted progress.
//! - **Updated about once a second** by the import's row loop ([`ImportMarker::advance`]),
//!   written to a temporary file and renamed, so a desk never reads half a note.
//! - **Removed when the import ends**, done, refused, failed or stopped by a signal (on
//!   drop). A note left by an import killed outright (SIGKILL, a power cut) names a process
//!   that no longer runs, or has not moved for [`STALE_AFTER`]: it is ignored.
//! - A desk looks at it before every write ([`super::Store::write`]), which costs one
//!   failed `stat` when no import runs.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A note not rewritten for this long belongs to an import that no longer runs (it is
/// rewritten every second while rows are written; the final commit may take a while).
pub const STALE_AFTER: Duration = Duration::from_secs(10 * 60);

/// How often the note is rewritten.
const EVERY: Duration = Duration::from_secs(1);

/// How far a running import is, as a desk reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProgress {
    pub pid: u32,
    pub started: DateTime<Utc>,
    pub updated: DateTime<Utc>,
    pub done: u64,
    pub total: u64,
}

impl ImportProgress {
    /// Percent done, rounded down (0 to 100).
    pub fn percent(&self) -> u64 {
        (self.done.saturating_mul(100))
            .checked_div(self.total)
            .unwrap_or(0)
            .min(100)
    }
}

/// The note as written: times in Unix seconds, so any tool reads it.
#[derive(Serialize, Deserialize)]
struct Note {
    pid: u32,
    started: i64,
    updated: i64,
    done: u64,
    total: u64,
}

impl Note {
    fn of(p: &ImportProgress) -> Note {
        Note {
            pid: p.pid,
            started: p.started.timestamp(),
            updated: p.updated.timestamp(),
            done: p.done,
            total: p.total,
        }
    }

    fn progress(&self) -> Option<ImportProgress> {
        Some(ImportProgress {
            pid: self.pid,
            started: DateTime::from_timestamp(self.started, 0)?,
            updated: DateTime::from_timestamp(self.updated, 0)?,
            done: self.done,
            total: self.total,
        })
    }
}

/// Where the note of an import into `db` is kept.
pub fn marker_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".importing");
    PathBuf::from(name)
}

/// The import running into `db` in another process, if any: a note whose process is gone
/// or which has not moved for [`STALE_AFTER`] is not one, nor is this process's own.
pub fn running_import(db: &Path, now: DateTime<Utc>) -> Option<ImportProgress> {
    let text = std::fs::read_to_string(marker_path(db)).ok()?;
    let progress = serde_json::from_str::<Note>(&text).ok()?.progress()?;
    let fresh = (now - progress.updated)
        .to_std()
        .is_ok_and(|age| age < STALE_AFTER)
        || progress.updated >= now;
    (progress.pid != std::process::id() && fresh && process_runs(progress.pid)).then_some(progress)
}

/// Whether a process with this id runs on this machine (the desks share the machine the
/// file is on). Without `/proc`, it is taken to run, and staleness alone decides.
fn process_runs(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.is_dir() || proc.join(pid.to_string()).exists()
}

/// Leaves a note as another process's import would (tests of the desks' side).
#[cfg(test)]
pub(crate) fn leave_note(db: &Path, progress: &ImportProgress) {
    let json = serde_json::to_string(&Note::of(progress)).expect("a note is JSON");
    std::fs::write(marker_path(db), json).expect("the note is written");
}

/// The note of a running import: written at [`ImportMarker::start`], rewritten as rows are
/// written, removed on drop.
pub struct ImportMarker {
    path: PathBuf,
    progress: ImportProgress,
    written_at: Instant,
}

impl ImportMarker {
    /// Leaves the note for an import of `total` rows into `db`. Not being able to write it
    /// (a read-only folder) does not stop the import: desks then wait for the lock as before.
    pub fn start(db: &Path, total: u64, now: DateTime<Utc>) -> ImportMarker {
        let marker = ImportMarker {
            path: marker_path(db),
            progress: ImportProgress {
                pid: std::process::id(),
                started: now,
                updated: now,
                done: 0,
                total,
            },
            written_at: Instant::now(),
        };
        marker.write();
        marker
    }

    /// `done` rows of the total are written; the note is rewritten at most once a second.
    pub fn advance(&mut self, done: u64) {
        self.progress.done = done;
        if self.written_at.elapsed() >= EVERY {
            self.written_at = Instant::now();
            self.progress.updated = Utc::now();
            self.write();
        }
    }

    fn write(&self) {
        let Ok(json) = serde_json::to_string(&Note::of(&self.progress)) else {
            return;
        };
        let mut partial = self.path.as_os_str().to_owned();
        partial.push(".part");
        let partial = PathBuf::from(partial);
        if std::fs::write(&partial, json).is_ok() {
            let _ = std::fs::rename(&partial, &self.path);
        }
    }
}

impl Drop for ImportMarker {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_790_000_000 + seconds, 0).unwrap()
    }

    #[test]
    fn a_running_imports_note_is_read_and_its_own_process_or_a_dead_one_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("office.db");
        assert_eq!(running_import(&db, at(0)), None);
        // This test's parent (cargo) runs, and is not this process.
        let other = std::os::unix::process::parent_id();
        let progress = ImportProgress {
            pid: other,
            started: at(0),
            updated: at(5),
            done: 450_000,
            total: 1_000_000,
        };
        leave_note(&db, &progress);
        assert_eq!(running_import(&db, at(6)), Some(progress.clone()));
        assert_eq!(progress.percent(), 45);
        // Not moved for longer than an import ever goes quiet: left by a killed import.
        let quiet = at(5) + chrono::Duration::from_std(STALE_AFTER).unwrap();
        assert_eq!(running_import(&db, quiet), None);
        // A process that no longer runs (pids stop far below this).
        leave_note(
            &db,
            &ImportProgress {
                pid: 4_000_000_000,
                ..progress.clone()
            },
        );
        assert_eq!(running_import(&db, at(6)), None);
        // This process's own import is not one that stops its writes.
        let own = ImportMarker::start(&db, 10, at(0));
        assert_eq!(running_import(&db, at(1)), None);
        drop(own);
        assert!(!marker_path(&db).exists(), "removed when the import ends");
    }
}
