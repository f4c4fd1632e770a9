//! Who has the database open (issue 19 §1): every console holds a shared lock on the file
//! `FILE.desks` beside the database for as long as it runs, and `frontdesk restore` takes
//! it exclusively without waiting, so a restore never replaces a file a desk is writing, and
//! a console does not start while a restore is putting a file in place.
//!
//! Why a lock file of our own and not SQLite's locks: in WAL mode SQLite holds no lock on an
//! idle connection that another process could test, and a console between keystrokes is
//! idle. An `flock` lives as long as the process's open file: a console that crashes or is
//! killed releases it, so no stale lock is ever left to clear by hand. The lock file itself
//! is never removed (removing it would let two holders lock two different files).

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

/// A held lock; released when dropped (or when the process ends, however it ends).
#[derive(Debug)]
pub struct DeskLock {
    _file: File,
}

/// Why a lock was not taken.
#[derive(Debug)]
pub enum NotLocked {
    /// Someone holds it the other way: a console (for a restore) or a restore (for a console).
    Held,
    Io(std::io::Error),
}

/// The lock file of the database at `db`: `FILE.desks` beside it.
pub fn lock_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".desks");
    PathBuf::from(name)
}

fn open(db: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let folder = db.parent().unwrap_or(Path::new("."));
        options.mode(super::file_mode::mode_for_new_file(folder));
    }
    options.open(lock_path(db))
}

impl DeskLock {
    /// A console's lock, held for its lifetime: shared with every other console.
    pub fn console(db: &Path) -> Result<DeskLock, NotLocked> {
        let file = open(db).map_err(NotLocked::Io)?;
        match file.try_lock_shared() {
            Ok(()) => Ok(DeskLock { _file: file }),
            Err(TryLockError::WouldBlock) => Err(NotLocked::Held),
            Err(TryLockError::Error(e)) => Err(NotLocked::Io(e)),
        }
    }

    /// A restore's lock: no console may hold the file. Never waits.
    pub fn alone(db: &Path) -> Result<DeskLock, NotLocked> {
        let file = open(db).map_err(NotLocked::Io)?;
        match file.try_lock() {
            Ok(()) => Ok(DeskLock { _file: file }),
            Err(TryLockError::WouldBlock) => Err(NotLocked::Held),
            Err(TryLockError::Error(e)) => Err(NotLocked::Io(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_19_a_restore_cannot_lock_while_a_console_holds_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("office.db");
        let console = DeskLock::console(&db).unwrap();
        let second = DeskLock::console(&db).unwrap();
        assert!(matches!(DeskLock::alone(&db), Err(NotLocked::Held)));
        drop(console);
        assert!(matches!(DeskLock::alone(&db), Err(NotLocked::Held)));
        drop(second);
        let restore = DeskLock::alone(&db).unwrap();
        // And a console does not start while the restore holds it.
        assert!(matches!(DeskLock::console(&db), Err(NotLocked::Held)));
        drop(restore);
        assert!(DeskLock::console(&db).is_ok());
    }

    #[test]
    fn the_lock_file_sits_beside_the_database() {
        assert_eq!(
            lock_path(Path::new("/srv/office.db")),
            PathBuf::from("/srv/office.db.desks")
        );
    }
}
