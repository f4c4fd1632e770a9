//! Copies of the whole database file (issue 19 §1): taken with SQLite's online backup API
//! while desks keep working, and checked — `PRAGMA integrity_check` and every evidence chain —
//! before anyone calls them good. The same copy-then-check puts a backup back in place.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

use super::chain::{self, CHAINS, ChainBreak, ChainHead};
use super::{Approval, Result, Store, audit, staff::still_supervisor};

/// Pages copied per step (4 MiB at SQLite's 4 KiB page): each step holds a read lock only
/// that long, so another desk's write is never kept waiting behind the copy.
const PAGES_PER_STEP: std::ffi::c_int = 1024;
/// The pause between steps, so a copy on a loaded machine leaves the desks their turn.
const PAUSE: Duration = Duration::from_millis(5);
/// A desk's write between two steps restarts the copy from its first page. After this many
/// restarts (or this long) the rest is copied in one step: in WAL mode that step only reads
/// one moment of the file, so the desks still write while it runs.
const RESTARTS_BEFORE_ONE_STEP: u32 = 3;
const STEPPING_AT_MOST: Duration = Duration::from_secs(20);
/// How long a step waits when the source is busy (a checkpoint) before trying again.
const BUSY_PAUSE: Duration = Duration::from_millis(50);

/// Copies the database at `from` into the (new, empty) file at `to`, one moment of it, while
/// other connections keep writing.
pub fn copy_online(from: &Path, to: &Path) -> Result<()> {
    let source = Connection::open_with_flags(
        from,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .or_else(|_| {
        Connection::open_with_flags(
            from,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
    })?;
    source.busy_timeout(Duration::from_secs(5))?;
    let mut target = Connection::open(to)?;
    let backup = Backup::new(&source, &mut target)?;
    let started = Instant::now();
    let mut restarts = 0;
    let mut last_remaining = std::ffi::c_int::MAX;
    loop {
        let one_step = restarts >= RESTARTS_BEFORE_ONE_STEP || started.elapsed() > STEPPING_AT_MOST;
        let pages = if one_step { -1 } else { PAGES_PER_STEP };
        match backup.step(pages)? {
            StepResult::Done => break,
            StepResult::More => {
                let remaining = backup.progress().remaining;
                if remaining > last_remaining {
                    restarts += 1;
                }
                last_remaining = remaining;
                std::thread::sleep(PAUSE);
            }
            StepResult::Busy | StepResult::Locked => std::thread::sleep(BUSY_PAUSE),
            // A future result code: treat as busy, the loop's time bound still ends it.
            _ => std::thread::sleep(BUSY_PAUSE),
        }
    }
    drop(backup);
    // The copy is a WAL database like its source; folding its log in leaves one whole file.
    target.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    Ok(())
}

/// What a check of a copy found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyCheck {
    /// What `PRAGMA integrity_check` said, when it was not `ok` (at most a few lines).
    pub damage: Vec<String>,
    /// Each chain's failures, as `verify` finds them.
    pub breaks: Vec<ChainBreak>,
    /// Each chain's length and head.
    pub heads: Vec<ChainHead>,
}

impl CopyCheck {
    pub fn is_good(&self) -> bool {
        self.damage.is_empty() && self.breaks.is_empty()
    }

    /// The rows in all the chains.
    pub fn rows(&self) -> i64 {
        self.heads.iter().map(|h| h.length).sum()
    }

    /// The audit chain's head: every change writes an audit row, so it names the copy's moment.
    pub fn audit_head(&self) -> Option<&ChainHead> {
        self.heads.iter().find(|h| h.table == chain::AUDIT.table)
    }
}

/// Checks the frontdesk database at `path` whole, reading only: the file's own structure
/// (`integrity_check`), then every chain from its first row, the verified points and the
/// sealed heads. A file that is not a database at all is [`super::StoreError::Corrupt`].
pub fn check_copy(path: &Path) -> Result<CopyCheck> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let mut damage = Vec::new();
    {
        let mut stmt = conn.prepare("PRAGMA integrity_check(20)")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let line: String = row.get(0)?;
            if line != "ok" {
                damage.push(line);
            }
        }
    }
    if !damage.is_empty() {
        return Ok(CopyCheck {
            damage,
            breaks: Vec::new(),
            heads: Vec::new(),
        });
    }
    let checked = chain::check_all(&conn)?;
    let heads = CHAINS
        .iter()
        .map(|c| chain::head(&conn, c))
        .collect::<Result<Vec<_>>>()?;
    Ok(CopyCheck {
        damage,
        breaks: checked.breaks,
        heads,
    })
}

/// Where a backup stands behind the file it would replace: the first chain that has rows
/// in `current` past the backup's last one (restoring would lose them). Chains are
/// append-only, so "older" means exactly this; `None` when the backup holds at least as
/// many rows of every chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Behind {
    pub table: &'static str,
    pub in_backup: i64,
    pub in_current: i64,
}

pub fn behind(backup: &[ChainHead], current: &[ChainHead]) -> Option<Behind> {
    current.iter().find_map(|now| {
        let then = backup
            .iter()
            .find(|h| h.table == now.table)
            .map_or(0, |h| h.length);
        (now.length > then).then_some(Behind {
            table: now.table,
            in_backup: then,
            in_current: now.length,
        })
    })
}

impl Store {
    /// A backup taken from the command line, approved by a supervisor (it copies every
    /// phone number, as an export does). Written before the copy is taken, so the backup
    /// holds the record of its own making and is not "older" than the file it copied.
    pub fn record_backup(
        &mut self,
        approval: Approval,
        file: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.write(|tx| {
            let supervisor = still_supervisor(tx, approval)?;
            let detail = format!("to {file}, kept only once checked");
            audit(
                tx,
                now,
                Some(supervisor),
                Some(supervisor),
                "backup",
                &detail,
            )
        })
    }

    /// A backup that was begun and not written (the copy failed or did not pass its check).
    pub fn record_backup_failed(
        &mut self,
        file: &str,
        why: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.write(|tx| {
            let detail = format!("to {file}: {why}");
            audit(tx, now, None, None, "backup_failed", &detail)
        })
    }

    /// In the restored copy, before it is put in place: who restored which backup over which
    /// file, and where the replaced file was kept.
    pub fn record_restore(
        &mut self,
        approval: Approval,
        detail: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.write(|tx| {
            let supervisor = still_supervisor(tx, approval)?;
            audit(
                tx,
                now,
                Some(supervisor),
                Some(supervisor),
                "restore",
                detail,
            )
        })
    }
}

/// Why a checked copy was not written.
#[derive(Debug)]
pub enum CopyError {
    /// The folder or the file could not be written (a missing USB disk, a full share).
    Io(std::io::Error),
    /// SQLite could not read the source or write the copy.
    Store(super::StoreError),
    /// The copy was written but did not pass its check; it was removed.
    Bad(CopyCheck),
}

impl From<std::io::Error> for CopyError {
    fn from(e: std::io::Error) -> Self {
        CopyError::Io(e)
    }
}

impl From<super::StoreError> for CopyError {
    fn from(e: super::StoreError) -> Self {
        CopyError::Store(e)
    }
}

/// A temporary file beside `path`, in the same folder so the final rename is atomic; removed
/// when dropped unless persisted.
pub fn temp_beside(path: &Path) -> std::io::Result<tempfile::TempPath> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| "frontdesk".into(), |n| n.to_string_lossy().into_owned());
    Ok(tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".part")
        .tempfile_in(folder)?
        .into_temp_path())
}

/// Gives `path` the permission bits of `like` (issue 18: a backup holds every phone number,
/// so it is as private as the database it copies).
pub fn same_mode(path: &Path, like: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(like)?.permissions().mode() & 0o777;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))?;
    }
    #[cfg(not(unix))]
    let _ = (path, like);
    Ok(())
}

/// Copies the database at `db` to `out` while desks keep working, checks the copy, and only
/// then renames it into place: an error leaves no file at `out` and an existing file there
/// is replaced only by a whole, checked copy. The copy gets the database's mode.
pub fn write_checked(db: &Path, out: &Path) -> std::result::Result<CopyCheck, CopyError> {
    let part = temp_beside(out)?;
    copy_online(db, &part)?;
    let check = check_copy(&part)?;
    if !check.is_good() {
        return Err(CopyError::Bad(check));
    }
    same_mode(&part, db)?;
    part.persist(out).map_err(|e| CopyError::Io(e.error))?;
    Ok(check)
}

/// One backup the console or the command wrote, or could not write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupNote {
    pub at: DateTime<Utc>,
    pub path: String,
    pub ok: bool,
    /// What was checked, or why it could not be written (English, for the record).
    pub detail: String,
}

/// What the record of a good copy says.
pub fn checked_detail(check: &CopyCheck) -> String {
    let head = check
        .audit_head()
        .map_or_else(|| "-".to_owned(), |h| h.short());
    format!(
        "integrity ok, {} chains intact, {} rows, audit head {head}",
        check.heads.len(),
        check.rows()
    )
}

/// Notes a backup written or failed, on any connection (the desk's own or the narrow
/// handle's): bookkeeping, one row, no audit (see migration 019).
pub(super) fn note(
    conn: &Connection,
    at: DateTime<Utc>,
    path: &str,
    ok: bool,
    detail: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO backups (at, path, ok, detail) VALUES (?1, ?2, ?3, ?4)",
        rusqlite::params![super::timestamp(at), path, ok, detail],
    )?;
    Ok(())
}

fn last_note(conn: &Connection, only_good: bool) -> Result<Option<BackupNote>> {
    let sql = if only_good {
        "SELECT at, path, ok, detail FROM backups WHERE ok = 1 ORDER BY id DESC LIMIT 1"
    } else {
        "SELECT at, path, ok, detail FROM backups ORDER BY id DESC LIMIT 1"
    };
    let row = conn
        .query_row(sql, [], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, bool>(2)?,
                r.get::<_, String>(3)?,
            ))
        })
        .map(Some)
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            e => Err(e),
        })?;
    Ok(row.and_then(|(at, path, ok, detail)| {
        let at = DateTime::parse_from_rfc3339(&at).ok()?.with_timezone(&Utc);
        Some(BackupNote {
            at,
            path,
            ok,
            detail,
        })
    }))
}

impl Store {
    /// The last backup written or tried: a last one that failed is every supervisor's warning.
    pub fn last_backup(&self) -> Result<Option<BackupNote>> {
        last_note(&self.conn, false)
    }

    /// The last backup written and checked: the day's review says when and where.
    pub fn last_good_backup(&self) -> Result<Option<BackupNote>> {
        last_note(&self.conn, true)
    }

    /// When a supervisor last signed a day off (HND-6), if ever.
    pub fn last_signoff_at(&self) -> Result<Option<DateTime<Utc>>> {
        let at: Option<String> =
            self.conn
                .query_row("SELECT max(at) FROM day_signoffs", [], |r| r.get(0))?;
        Ok(at
            .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
            .map(|t| t.with_timezone(&Utc)))
    }

    /// Notes the command's checked backup, after the copy (not in the copy: see 019).
    pub fn note_backup(&mut self, at: DateTime<Utc>, path: &str, check: &CopyCheck) -> Result<()> {
        let detail = checked_detail(check);
        self.write(|tx| note(tx, at, path, true, &detail))
    }
}

/// Writes a dated, checked backup of `db` into `folder`, then removes the oldest dated ones
/// beyond `keep`. The folder is never created: a USB disk not plugged in, or a share not
/// mounted, must be a failure someone sees, not a copy written onto the mount point.
pub fn write_dated(
    db: &Path,
    folder: &Path,
    keep: u16,
    now: DateTime<Utc>,
    tz: chrono_tz::Tz,
) -> std::result::Result<(std::path::PathBuf, CopyCheck), CopyError> {
    if !folder.is_dir() {
        return Err(CopyError::Io(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("{} is not a folder that can be reached", folder.display()),
        )));
    }
    let out = folder.join(crate::domain::backup::dated_name(now, tz));
    let check = write_checked(db, &out)?;
    let names: Vec<String> = std::fs::read_dir(folder)?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    for old in crate::domain::backup::to_remove(&names, keep) {
        // One that cannot be removed stays; the next backup tries again.
        let _ = std::fs::remove_file(folder.join(old));
    }
    Ok((out, check))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::chain::Link;

    fn head(table: &'static str, length: i64) -> ChainHead {
        ChainHead {
            table,
            length,
            last: (length > 0).then_some(Link {
                pos: length,
                row_id: length,
                hash: [0; 32],
            }),
        }
    }

    #[test]
    fn issue_19_a_backup_missing_rows_the_file_has_is_behind() {
        let backup = [head("audit", 10), head("visits", 4)];
        let current = [head("audit", 10), head("visits", 5)];
        assert_eq!(
            behind(&backup, &current),
            Some(Behind {
                table: "visits",
                in_backup: 4,
                in_current: 5
            })
        );
    }

    #[test]
    fn issue_19_a_backup_as_new_or_newer_than_the_file_is_not_behind() {
        let backup = [head("audit", 11), head("visits", 5)];
        assert_eq!(
            behind(&backup, &[head("audit", 11), head("visits", 5)]),
            None
        );
        assert_eq!(
            behind(&backup, &[head("audit", 3), head("visits", 0)]),
            None
        );
    }

    #[test]
    fn issue_19_a_chain_the_backup_does_not_have_counts_as_empty_there() {
        let backup = [head("audit", 11)];
        let current = [head("audit", 11), head("deals", 1)];
        assert_eq!(behind(&backup, &current).map(|b| b.table), Some("deals"));
    }

    #[test]
    fn issue_19_dated_backups_keep_the_last_n_and_leave_other_files_alone() {
        let dir = tempfile::tempdir().unwrap();
        let folder = tempfile::tempdir().unwrap();
        let db = dir.path().join("office.db");
        drop(Store::open(&db).unwrap());
        std::fs::write(
            folder.path().join("readme.txt"),
            "USB disk of the front desk",
        )
        .unwrap();
        let tz: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
        let start = DateTime::parse_from_rfc3339("2026-03-01T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        for day in 0..4 {
            let now = start + chrono::Duration::days(day);
            let (path, check) = write_dated(&db, folder.path(), 2, now, tz).unwrap();
            assert!(path.is_file() && check.is_good());
        }
        let mut names: Vec<String> = std::fs::read_dir(folder.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            [
                "frontdesk-20260303-180000.db",
                "frontdesk-20260304-180000.db",
                "readme.txt"
            ]
        );
    }

    #[test]
    fn issue_19_a_backup_folder_that_is_not_there_is_not_created() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("office.db");
        drop(Store::open(&db).unwrap());
        let usb = dir.path().join("usb");
        let tz: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
        assert!(matches!(
            write_dated(&db, &usb, 14, Utc::now(), tz),
            Err(CopyError::Io(_))
        ));
        assert!(!usb.exists());
    }
}
