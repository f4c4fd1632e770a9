//! `frontdesk backup` and `frontdesk restore` (issue 19 §1).
//!
//! Decisions:
//! - **Both take a supervisor's PIN and are audited.** A backup copies every phone number, as
//!   an export does; a restore replaces the office's evidence. The backup's audit row is in
//!   the database it copied (written after the copy was checked); the restore's is in the
//!   restored file, approved by a supervisor of that file (the database it replaces may be
//!   the one that died).
//! - **A backup is called good only after its check**: `PRAGMA integrity_check` and every
//!   evidence chain, on the copy, before it is renamed to its name.
//! - **"Older" means behind in some chain**: the file being replaced has rows in a chain past
//!   the backup's last row of that chain, so restoring would lose them. Chains only grow, and
//!   every change writes an audit row, so this is "the backup misses something that is there
//!   now". Refused unless `--older`.
//! - **Open consoles** are found through `FILE.desks` (see `store::desk_lock`): every console
//!   holds it shared; restore takes it exclusively without waiting and refuses if it cannot.
//!   The other commands (export, verify …) are short and do not take it.
//! - **The replaced file is kept** beside as `FILE.before-restore-<UTC time>`, its log folded
//!   in first, so nothing is deleted.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::config::{ConsoleConfig, Overrides};
use crate::domain::clock::{Clock, SystemClock};
use crate::domain::settings::DEFAULT_TIMEZONE;
use crate::i18n::{Lang, fill};
use crate::store::backup::{self, CopyCheck, CopyError};
use crate::store::desk_lock::{DeskLock, NotLocked, lock_path};
use crate::store::{PinPacing, Store};
use crate::words::describe::{chain_break, config_error, startup_error};

use super::backup_text::Bk;
use super::{Failure, Office, failure, file_name, language, open_office};

#[derive(Debug, Clone, clap::Args)]
pub struct BackupArgs {
    /// The backup file to write; replaced if it exists, and only by a whole, checked copy.
    /// Without it: a dated backup in the office's backup folder (its setting), keeping the
    /// last ones as the console's automatic backups do.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// The supervisor who approves the backup with their PIN.
    #[arg(long, value_name = "NAME")]
    pub supervisor: String,
}

#[derive(Debug, Clone, clap::Args)]
pub struct RestoreArgs {
    /// The backup to put in place of the database.
    #[arg(value_name = "FILE")]
    pub backup: PathBuf,
    /// Restore a backup that is behind the database it replaces (rows would be lost).
    #[arg(long)]
    pub older: bool,
    /// A supervisor of the backup's office, who approves the restore with their PIN.
    #[arg(long, value_name = "NAME")]
    pub supervisor: String,
}

fn bk(key: Bk, lang: Lang, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    fill(key.text(lang), args)
}

/// The same file under two names?
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

pub(super) fn run_backup(
    args: &BackupArgs,
    overrides: &Overrides,
    env_lang: Option<&str>,
    early_lang: Lang,
) -> Result<(), Failure> {
    let mut office = open_office(overrides, env_lang, early_lang)?;
    let lang = office.lang;
    let db = office
        .store
        .path()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let target = match &args.out {
        Some(out) => Target::File(out.clone()),
        None => {
            let settings = office
                .store
                .office_settings()
                .map_err(|e| office.fail(startup_error(&e, lang)))?;
            match settings.backup_folder() {
                Some(folder) => Target::Folder(PathBuf::from(folder), settings.backups_kept()),
                None => return Err(office.fail(Bk::ErrNoFolder.text(lang).to_owned())),
            }
        }
    };
    if let Target::File(out) = &target
        && same_file(&db, out)
    {
        let path = out.display();
        return Err(office.fail(bk(Bk::ErrOutIsDatabase, lang, &[("path", &path)])));
    }
    let (_, approval) = office.approval(&args.supervisor)?;
    // The dated name is chosen now, so the audit row names the file that is written.
    let now = office.now();
    let out = match &target {
        Target::File(out) => out.clone(),
        Target::Folder(folder, _) => folder.join(crate::domain::backup::dated_name(now, office.tz)),
    };
    let path = out.display();
    let name = file_name(&out);
    office
        .store
        .record_backup(approval, &name, now)
        .map_err(|e| office.fail(startup_error(&e, lang)))?;
    let written = match &target {
        Target::File(out) => backup::write_checked(&db, out),
        Target::Folder(folder, keep) => {
            backup::write_dated(&db, folder, *keep, now, office.tz).map(|(_, check)| check)
        }
    };
    let check = match written {
        Ok(check) => check,
        Err(e) => {
            let message = copy_failure(&e, &out, &office, lang);
            let now = office.now();
            let _ = office.store.record_backup_failed(
                &name,
                &copy_failure(&e, &out, &office, Lang::En),
                now,
            );
            return Err(office.fail(message));
        }
    };
    // Noted after the copy, outside the evidence: the day's review says when the last good
    // backup was. A note that cannot be written does not make the backup less good.
    let _ = office.store.note_backup(office.now(), &name, &check);
    let head = check.audit_head().map_or_else(|| "-".into(), |h| h.short());
    let _ = writeln!(
        std::io::stdout(),
        "{}",
        bk(
            Bk::BackupDone,
            lang,
            &[
                ("path", &path),
                ("chains", &check.heads.len()),
                ("rows", &check.rows()),
                ("head", &head)
            ]
        )
    );
    Ok(())
}

/// Where `frontdesk backup` writes: the file named, or a dated file in the office's backup
/// folder keeping the last `n`.
enum Target {
    File(PathBuf),
    Folder(PathBuf, u16),
}

/// The one line that says why a backup was not written.
fn copy_failure(e: &CopyError, out: &Path, office: &Office, lang: Lang) -> String {
    let path = out.display();
    match e {
        CopyError::Io(e) => super::say(
            super::text::Tr::ErrWrite,
            lang,
            &[("path", &path), ("detail", &e)],
        ),
        CopyError::Store(e) => {
            let detail = startup_error(e, lang);
            super::say(
                super::text::Tr::ErrWrite,
                lang,
                &[("path", &path), ("detail", &detail)],
            )
        }
        CopyError::Bad(check) => match check.damage.first() {
            Some(damage) => bk(
                Bk::ErrCopyDamaged,
                lang,
                &[("path", &path), ("detail", damage)],
            ),
            None => {
                let detail = check
                    .breaks
                    .first()
                    .map(|b| chain_break(b, office.tz, lang))
                    .unwrap_or_default();
                bk(
                    Bk::ErrCopyBroken,
                    lang,
                    &[("path", &path), ("detail", &detail)],
                )
            }
        },
    }
}

pub(super) fn run_restore(
    args: &RestoreArgs,
    overrides: &Overrides,
    env_lang: Option<&str>,
    early_lang: Lang,
) -> Result<(), Failure> {
    let lang = language(overrides, env_lang, early_lang);
    let config = ConsoleConfig::resolve(overrides, env_lang)
        .map_err(|e| failure(early_lang, config_error(&e, early_lang)))?;
    let fail = |message: String| failure(lang, message);
    let db = config.db.clone();
    let db_shown = db.display();
    let path = args.backup.display();
    if !args.backup.is_file() {
        return Err(fail(bk(Bk::ErrNoBackup, lang, &[("path", &path)])));
    }
    if same_file(&db, &args.backup) {
        return Err(fail(bk(Bk::ErrOutIsDatabase, lang, &[("path", &path)])));
    }
    // Held to the end: no console starts while the file is being replaced.
    let _alone = DeskLock::alone(&db).map_err(|e| match e {
        NotLocked::Held => fail(bk(Bk::ErrInUse, lang, &[("db", &db_shown)])),
        NotLocked::Io(e) => {
            let lock = lock_path(&db);
            let lock = lock.display();
            fail(bk(Bk::ErrLock, lang, &[("path", &lock), ("detail", &e)]))
        }
    })?;
    // The backup is copied beside the database and the copy is what is checked and put in
    // place: the backup file itself is never changed, and nothing unchecked is renamed.
    let part = backup::temp_beside(&db).map_err(|e| {
        fail(super::say(
            super::text::Tr::ErrWrite,
            lang,
            &[("path", &db_shown), ("detail", &e)],
        ))
    })?;
    let unreadable = |detail: String| {
        fail(bk(
            Bk::ErrBackupUnreadable,
            lang,
            &[("path", &path), ("detail", &detail)],
        ))
    };
    backup::copy_online(&args.backup, &part).map_err(|e| unreadable(startup_error(&e, lang)))?;
    // Opening brings a backup from an older build up to this one's tables, and refuses a file
    // that is not a frontdesk database.
    let mut store = Store::open(&part).map_err(|e| unreadable(startup_error(&e, lang)))?;
    store.pace_unrecorded_pins(PinPacing::Wait);
    let tz = store
        .office_settings()
        .map_or(DEFAULT_TIMEZONE, |s| s.timezone());
    let check = backup::check_copy(&part).map_err(|e| unreadable(startup_error(&e, lang)))?;
    refuse_bad(&check, &path, tz, lang).map_err(fail)?;
    if !args.older
        && let Some(now) = current_heads(&db)
        && let Some(behind) = backup::behind(&check.heads, &now)
    {
        return Err(fail(bk(
            Bk::ErrOlder,
            lang,
            &[
                ("db", &db_shown),
                ("table", &behind.table),
                ("then", &behind.in_backup),
                ("now", &behind.in_current),
            ],
        )));
    }
    let mut office = Office { store, lang, tz };
    let (_, approval) = office.approval(&args.supervisor)?;
    let now = SystemClock.now();
    let kept = db.is_file().then(|| {
        let mut name = db.as_os_str().to_owned();
        name.push(format!(".before-restore-{}", now.format("%Y%m%dT%H%M%SZ")));
        PathBuf::from(name)
    });
    let detail = match &kept {
        Some(kept) => format!(
            "{} over {}, the replaced file kept as {}",
            file_name(&args.backup),
            file_name(&db),
            file_name(kept)
        ),
        None => format!("{} to {}", file_name(&args.backup), file_name(&db)),
    };
    office
        .store
        .record_restore(approval, &detail, now)
        .map_err(|e| fail(startup_error(&e, lang)))?;
    drop(office);
    let place = |detail: String| {
        fail(bk(
            Bk::ErrPlace,
            lang,
            &[("db", &db_shown), ("detail", &detail)],
        ))
    };
    if let Some(kept) = &kept {
        set_aside(&db, kept).map_err(place)?;
        backup::same_mode(&part, kept).map_err(|e| place(e.to_string()))?;
    }
    part.persist(&db).map_err(|e| place(e.error.to_string()))?;
    let (chains, rows) = (check.heads.len(), check.rows());
    let line = match &kept {
        Some(kept) => {
            let kept = kept.display();
            bk(
                Bk::RestoreDone,
                lang,
                &[
                    ("path", &path),
                    ("db", &db_shown),
                    ("chains", &chains),
                    ("rows", &rows),
                    ("kept", &kept),
                ],
            )
        }
        None => bk(
            Bk::RestoreDoneNew,
            lang,
            &[
                ("path", &path),
                ("db", &db_shown),
                ("chains", &chains),
                ("rows", &rows),
            ],
        ),
    };
    let _ = writeln!(std::io::stdout(), "{line}");
    Ok(())
}

/// A backup whose file is damaged or whose chains do not hold is never put in place.
fn refuse_bad(
    check: &CopyCheck,
    path: &dyn std::fmt::Display,
    tz: chrono_tz::Tz,
    lang: Lang,
) -> Result<(), String> {
    if let Some(damage) = check.damage.first() {
        return Err(bk(
            Bk::ErrBackupDamaged,
            lang,
            &[("path", path), ("detail", damage)],
        ));
    }
    if let Some(broken) = check.breaks.first() {
        let detail = chain_break(broken, tz, lang);
        return Err(bk(
            Bk::ErrBackupBroken,
            lang,
            &[("path", path), ("detail", &detail)],
        ));
    }
    Ok(())
}

/// The chain heads of the database being replaced, when it can be read: a file that cannot
/// be read (the damage a restore is for) has nothing a restore could lose.
fn current_heads(db: &Path) -> Option<Vec<crate::store::ChainHead>> {
    if !db.is_file() {
        return None;
    }
    Store::open(db).ok()?.chain_heads().ok()
}

/// Moves the database at `db` to `kept`, its write-ahead log folded in first so the kept file
/// is whole on its own and no old log is left beside the new file.
fn set_aside(db: &Path, kept: &Path) -> Result<(), String> {
    let conn = rusqlite::Connection::open(db).map_err(|e| e.to_string())?;
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .map_err(|e| e.to_string())?;
    let (busy, _, _): (i64, i64, i64) = conn
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .map_err(|e| e.to_string())?;
    if busy != 0 {
        // Litestream keeps a read transaction open on a file it replicates: it must be
        // stopped before the file under it is replaced (and pointed at the new one after).
        return Err("another program has the database open (a running Litestream?): stop it and restore again".into());
    }
    // The log is empty now; switching the file out of WAL mode removes it when the
    // connection closes, and the kept file opens anywhere on its own.
    conn.query_row("PRAGMA journal_mode = DELETE", [], |_| Ok(()))
        .map_err(|e| e.to_string())?;
    drop(conn);
    std::fs::rename(db, kept).map_err(|e| e.to_string())?;
    for suffix in ["-wal", "-shm"] {
        let mut side = db.as_os_str().to_owned();
        side.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(side));
    }
    Ok(())
}
