//! The one owner of the SQLite connection: pragmas, migrations, and every read and write.
//! Row mapping lives here and nowhere else.

pub mod backup;
mod bookkeeping;
pub mod chain;
pub mod complaint;
pub mod deals;
pub mod desk_lock;
mod evidence;
pub mod figures;
pub mod file_mode;
pub mod handover;
pub mod head_office;
pub mod head_office_push;
mod ids;
pub mod import_marker;
pub mod lobby;
pub mod reception;
pub mod redistribution;
pub mod referral;
#[cfg(test)]
mod referral_tests;
pub mod register;
pub mod register_day;
pub mod register_export;
pub(crate) mod rotation;
mod ruling;
mod settings;
mod staff;

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, ErrorCode, OpenFlags, Transaction, TransactionBehavior, params};
use rusqlite_migration::{HookError, M, MigrationDefinitionError, Migrations};

use crate::domain::rotation::{RotationError, StaffId};
use crate::domain::settings::SettingsError;
use crate::domain::staff::PinError;
use crate::domain::text::TextError;

pub use bookkeeping::Bookkeeping;
pub use chain::{BreakKind, ChainBreak, ChainHead, Walked};
pub use evidence::EvidenceAck;
pub use rotation::{BadRow, RotationRead};
pub use staff::{Approval, PinAuthority, PinPacing, Signed, SignedIn};

/// How long a write waits for another desk's write before giving up. Also what Litestream
/// asks of every program on a file it replicates (its "busy timeout" tip: five seconds):
/// it takes short write locks of its own to checkpoint, which a write waits out. The console
/// waits less at a time (`ui/app.rs`) but tries a busy write again for 30 s, so the screen
/// keeps answering while it waits.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// After a commit leaves this many pages in the WAL, SQLite copies them into the database
/// (SQLite's own default, set here so it is a decision). Those checkpoints are PASSIVE, and
/// the console runs no other: a PASSIVE checkpoint never waits for readers and never resets
/// the WAL while a reader still uses it, so it cannot pull the WAL from under Litestream,
/// which keeps a read transaction open to decide itself when the WAL starts over (issue 19
/// §2). A TRUNCATE or RESTART checkpoint would wait for that reader, blocking the desks'
/// writes, and reset the WAL behind it; it stays out of the console. The checkpoint is not
/// switched off either (as Litestream's tips allow under heavy writes): a desk without
/// Litestream would then grow its WAL without end.
const WAL_AUTOCHECKPOINT_PAGES: i64 = 1000;

fn migrations() -> Migrations<'static> {
    Migrations::new(migration_list())
}

fn migration_list() -> Vec<M<'static>> {
    vec![
        M::up(include_str!("../../assets/migrations/001_foundation.sql")),
        M::up(include_str!(
            "../../assets/migrations/002_settings_and_approver.sql"
        )),
        M::up(include_str!(
            "../../assets/migrations/003_pins_and_replace_guard.sql"
        )),
        M::up_with_hook(
            include_str!("../../assets/migrations/004_hash_chains.sql"),
            |tx: &Transaction<'_>| {
                genesis(tx, Utc::now()).map_err(|e| HookError::Hook(e.to_string()))
            },
        ),
        M::up(include_str!("../../assets/migrations/005_registers.sql")),
        M::up_with_hook(
            include_str!("../../assets/migrations/006_register_speed.sql"),
            |tx: &Transaction<'_>| {
                register::backfill_text(tx).map_err(|e| HookError::Hook(e.to_string()))
            },
        ),
        // 007 was left unused: the complaints came after 009 (databases already at 009).
        M::up(include_str!("../../assets/migrations/008_lobby.sql")),
        M::up(include_str!(
            "../../assets/migrations/009_ownership_rulings.sql"
        )),
        M::up(include_str!("../../assets/migrations/010_complaints.sql")),
        M::up(include_str!("../../assets/migrations/011_handover.sql")),
        M::up(include_str!(
            "../../assets/migrations/012_statistics_index.sql"
        )),
        M::up_with_hook(
            include_str!("../../assets/migrations/013_short_search_keys.sql"),
            |tx: &Transaction<'_>| {
                register::backfill_fragments(tx).map_err(|e| HookError::Hook(e.to_string()))
            },
        ),
        M::up(include_str!(
            "../../assets/migrations/014_complainant_title.sql"
        )),
        M::up(include_str!("../../assets/migrations/015_deals.sql")),
        M::up(include_str!("../../assets/migrations/016_referrals.sql")),
        M::up(include_str!(
            "../../assets/migrations/017_figures_index.sql"
        )),
        M::up_with_hook(
            include_str!("../../assets/migrations/018_conflict_watch.sql"),
            |tx: &Transaction<'_>| {
                register::watch_recent(tx, Utc::now()).map_err(|e| HookError::Hook(e.to_string()))
            },
        ),
        M::up(include_str!("../../assets/migrations/019_backups.sql")),
        M::up(include_str!(
            "../../assets/migrations/020_head_office_push.sql"
        )),
        M::up(include_str!("../../assets/migrations/021_parcels.sql")),
        M::up(include_str!(
            "../../assets/migrations/022_parcel_corrections.sql"
        )),
    ]
}

/// The genesis of the hash chains (migration 004): every row already in an evidence table
/// is chained, in key order, and one audit row says how many, so nobody reads the chain as
/// vouching for those rows from the moment they were written. Nothing is written to a new
/// database.
fn genesis(tx: &Transaction<'_>, now: DateTime<Utc>) -> Result<()> {
    let mut parts = Vec::new();
    // The chains of the tables that existed at migration 004; later tables are chained from
    // their first row.
    for chained in [
        chain::ROTATION_EVENTS,
        chain::ROTATION_SET_ASIDE,
        chain::AUDIT,
    ] {
        let (count, last) = chain::chain_unlinked(tx, &chained)?;
        if let Some(last) = last {
            parts.push(format!("{}: {count} rows, the last {last}", chained.table));
        }
    }
    if !parts.is_empty() {
        let detail = format!(
            "rows written before hash chains existed, chained at this upgrade: {}",
            parts.join("; ")
        );
        audit(tx, now, None, None, "chain_genesis", &detail)?;
    }
    Ok(())
}

/// The tables every frontdesk database has had since its first migration: a non-empty file
/// without them belongs to another program.
const OWN_TABLES: [&str; 4] = ["settings", "staff", "audit", "rotation_events"];

/// Below this much free space, an I/O error while writing is the disk being full.
const NEARLY_FULL_BYTES: u64 = 1 << 20;

/// What went wrong, in terms a clerk can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("another desk is holding the database; try again")]
    Busy,
    /// An import into this file is writing (issue 18): a write is refused at once, with how
    /// far the import is, instead of waiting for its lock.
    #[error("an import is running ({}%, {} of {} rows); try again when it finishes", .0.percent(), .0.done, .0.total)]
    ImportRunning(import_marker::ImportProgress),
    /// A bulk write whose rows stopped coming (a stop signal, the file unreadable halfway):
    /// rolled back whole.
    #[error("stopped before the end; nothing was written")]
    Stopped,
    #[error("the database file is read-only")]
    ReadOnly,
    #[error("the file is not a frontdesk database, or it is damaged")]
    Corrupt,
    #[error("the disk is full")]
    DiskFull,
    #[error("the database file cannot be opened: {0}")]
    CannotOpen(String),
    #[error("the database was written by a newer frontdesk")]
    TooNew,
    /// A non-empty SQLite file with none of frontdesk's history: another program's. Refused
    /// before anything in it is changed.
    #[error("{0} is another program's database, not frontdesk's; it was left untouched")]
    NotFrontdesk(PathBuf),
    /// A directory on the way to the database file is a regular file.
    #[error("{0} is a file, not a folder, so the database cannot be kept under it")]
    ParentNotDirectory(PathBuf),
    /// The file this console opened is no longer at its path: what it writes would be lost.
    #[error("the database file {0} was deleted or moved; nothing more can be saved; restart")]
    FileGone(PathBuf),
    /// The operating system could not read or write the file (not a full disk: that is
    /// `DiskFull`).
    #[error("disk I/O error: {0}")]
    Io(String),
    #[error("a staff member named {0:?} already exists")]
    DuplicateName(String),
    #[error("name: {0}")]
    Name(TextError),
    #[error("PIN: {0}")]
    Pin(PinError),
    #[error("wrong PIN")]
    WrongPin,
    /// Someone who has a PIN signed in without typing it: asked for, never counted as a
    /// wrong one.
    #[error("PIN required")]
    PinRequired,
    /// Too many wrong PINs in a row for this person, at any desk.
    #[error("too many wrong PINs; try again in {seconds} seconds")]
    PinLocked { until: DateTime<Utc>, seconds: i64 },
    /// The office requires a PIN to sign in and this person has none yet.
    #[error("staff member {0} has no PIN yet; a supervisor must set one")]
    PinNotSet(StaffId),
    #[error("this needs a supervisor")]
    NotSupervisor,
    #[error("staff member {0} is not an active salesperson")]
    NotSalesperson(StaffId),
    #[error("the office is already set up")]
    AlreadySetUp,
    #[error("there is no staff member {0}")]
    NoSuchStaff(StaffId),
    #[error("the last active supervisor cannot be deactivated")]
    LastSupervisor,
    #[error("staff member {0} is still checked in to today's rotation")]
    StillCheckedIn(StaffId),
    /// A stored office setting that does not parse; `key` is its row in `settings`.
    #[error("the office setting {key} in the database cannot be used: {error}")]
    BadSetting {
        key: &'static str,
        error: SettingsError,
    },
    #[error(transparent)]
    Rotation(#[from] RotationError),
    /// Today's rotation log has a row that cannot be read; nothing is appended after it
    /// until a supervisor sets it aside.
    #[error("{0}")]
    RotationLogDamaged(BadRow),
    /// Only a row that cannot be read may be set aside.
    #[error("rotation log row {0} can be read; only an unreadable row can be set aside")]
    RowReadable(crate::domain::rotation::Seq),
    #[error("reason: {0}")]
    Reason(TextError),
    #[error("there is no registration {0}")]
    NoSuchRegistration(i64),
    /// A correction that changes nothing is not written.
    #[error("the correction changes nothing")]
    NothingToCorrect,
    /// A referral or redistribution refused (REG-7, REG-8, ATT-14-10).
    #[error("{0}")]
    Referral(referral::ReferralRefusal),
    #[error("database error: {0}")]
    Other(String),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy,
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnly,
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => StoreError::Corrupt,
            Some(ErrorCode::DiskFull) => StoreError::DiskFull,
            Some(ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
                StoreError::CannotOpen(e.to_string())
            }
            Some(ErrorCode::SystemIoFailure) => StoreError::Io(e.to_string()),
            _ => StoreError::Other(e.to_string()),
        }
    }
}

impl From<rusqlite_migration::Error> for StoreError {
    fn from(e: rusqlite_migration::Error) -> Self {
        match e {
            rusqlite_migration::Error::RusqliteError { err, .. } => err.into(),
            rusqlite_migration::Error::MigrationDefinition(
                MigrationDefinitionError::DatabaseTooFarAhead,
            ) => StoreError::TooNew,
            other => StoreError::Other(other.to_string()),
        }
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

pub struct Store {
    conn: Connection,
    /// The file as opened, to notice it deleted or replaced under a running console.
    file: Option<FileId>,
    /// The file opened read-only because the disk was full, not because it cannot be
    /// written: the console says which.
    disk_full_at_open: bool,
    /// Wrong PINs this process could not record, and how it slows the next guess.
    unrecorded_pins: std::cell::Cell<staff::UnrecordedPins>,
    pin_pacing: PinPacing,
    /// The ownership conflicts the handover's items last found, and what they depended on.
    conflicts_seen: std::cell::RefCell<Option<handover::ConflictsSeen>>,
}

/// Where a database file is and which file it was when opened.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FileId {
    path: PathBuf,
    dev: u64,
    ino: u64,
}

impl FileId {
    fn of(path: &Path) -> Option<FileId> {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(path).ok()?;
        Some(FileId {
            path: path.to_owned(),
            dev: meta.dev(),
            ino: meta.ino(),
        })
    }
}

/// The first ancestor of `path` that exists but is not a directory.
fn file_in_the_way(path: &Path) -> Option<PathBuf> {
    path.ancestors()
        .skip(1)
        .filter(|a| !a.as_os_str().is_empty())
        .find(|a| a.exists() && !a.is_dir())
        .map(Path::to_owned)
}

/// True when the file system holding `path` has (almost) no room or no inodes left.
fn nearly_full(path: &Path) -> bool {
    let dir = match path.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) => dir,
        None => Path::new("."),
    };
    rustix::fs::statvfs(dir).is_ok_and(|v| {
        v.f_bavail.saturating_mul(v.f_frsize) < NEARLY_FULL_BYTES
            || (v.f_files > 0 && v.f_favail == 0)
    })
}

/// SQLite says "disk I/O error" where the cause is a full disk (a new file, the WAL index):
/// name the cause when the file system is indeed full.
fn explain(e: StoreError, path: Option<&Path>) -> StoreError {
    match (e, path) {
        (StoreError::Io(_), Some(path)) if nearly_full(path) => StoreError::DiskFull,
        (e, _) => e,
    }
}

/// Removes what a failed first open left of a new database (on a full disk, the file
/// SQLite created and its WAL and index), so the next start, with room, begins clean. Only
/// when the file holds no tables: it is read as it stands on disk (`immutable`), since a full
/// disk has no room for the index a normal read needs. (Another desk starting on the same
/// new file at the same moment could only have committed into the WAL with the disk full,
/// which SQLite cannot do: its first commit writes the WAL too.)
fn remove_unborn(path: &Path) {
    let [_, as_it_stands] = read_only_uris(path);
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI;
    let empty = Connection::open_with_flags(as_it_stands, flags)
        .and_then(|c| {
            c.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
                r.get::<_, i64>(0)
            })
        })
        .is_ok_and(|objects| objects == 0);
    if empty {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut file = path.as_os_str().to_owned();
            file.push(suffix);
            let _ = std::fs::remove_file(file);
        }
    }
}

/// How an existing file is opened when it cannot be opened for writing.
fn read_only_uris(path: &Path) -> [String; 2] {
    // Percent-encode what a URI would misread; everything else stays as it is.
    let mut p = String::new();
    for c in path.to_string_lossy().chars() {
        match c {
            '%' => p.push_str("%25"),
            '?' => p.push_str("%3f"),
            '#' => p.push_str("%23"),
            c => p.push(c),
        }
    }
    [
        format!("file:{p}?mode=ro"),
        // A WAL database on a read-only mount: its index file cannot be created, and nobody
        // can write through this mount, so SQLite may read it as it stands.
        format!("file:{p}?mode=ro&immutable=1"),
    ]
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    /// A file that cannot be written (read-only mount or permissions) opens read-only: the
    /// console shows it with its banner. Another program's database is refused untouched.
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(file) = file_in_the_way(path) {
            return Err(StoreError::ParentNotDirectory(file));
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::CannotOpen(e.to_string()))?;
        }
        let new_file = !path.exists();
        if new_file {
            file_mode::create_new(path).map_err(|e| {
                if e.raw_os_error() == Some(rustix::io::Errno::NOSPC.raw_os_error()) {
                    StoreError::DiskFull
                } else {
                    StoreError::CannotOpen(e.to_string())
                }
            })?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        // Desks starting at once on a new file meet in SQLite's locks where waiting could
        // deadlock (the switch to WAL, a schema read racing a migration), and SQLite answers
        // "busy" at once rather than wait: start again, within the usual patience.
        let started = std::time::Instant::now();
        let error = loop {
            let attempt = Connection::open_with_flags(path, flags)
                .map_err(StoreError::from)
                .and_then(|conn| Store::prepare(conn, Some(path)));
            match attempt {
                Ok(store) => return Ok(store),
                Err(StoreError::Busy) if started.elapsed() < BUSY_TIMEOUT => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(e) => break explain(e, Some(path)),
            }
        };
        if new_file && matches!(error, StoreError::DiskFull) {
            remove_unborn(path);
            return Err(error);
        }
        let worth_read_only = matches!(
            error,
            StoreError::ReadOnly
                | StoreError::CannotOpen(_)
                | StoreError::Io(_)
                | StoreError::DiskFull
        );
        if !worth_read_only || !path.is_file() {
            return Err(error);
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        for uri in read_only_uris(path) {
            let store = Connection::open_with_flags(&uri, flags)
                .map_err(StoreError::from)
                .and_then(|conn| Store::prepare(conn, Some(path)));
            match store {
                Ok(mut store) => {
                    store.disk_full_at_open = matches!(error, StoreError::DiskFull);
                    return Ok(store);
                }
                // A schema that needs migrating cannot be migrated read-only: say why.
                Err(StoreError::ReadOnly) => return Err(error),
                Err(
                    e @ (StoreError::NotFrontdesk(_) | StoreError::TooNew | StoreError::Corrupt),
                ) => {
                    return Err(e);
                }
                Err(_) => {}
            }
        }
        Err(error)
    }

    /// Whether opening `path` will first bring its schema up to date: on a file of a million
    /// rows the new indexes take seconds, and the console says so meanwhile (issue 18).
    /// Only reads. `false` for a missing, empty or unreadable file: opening it says the rest.
    pub fn needs_upgrade(path: &Path) -> bool {
        if !path.is_file() {
            return false;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let pending = |conn: Connection| -> Result<usize> {
            let objects: i64 =
                conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
            match objects {
                // A new file is built from nothing in a blink.
                0 => Ok(0),
                _ => Ok(migrations().pending_migrations(&conn)?.max(0) as usize),
            }
        };
        Connection::open_with_flags(path, flags)
            .map_err(StoreError::from)
            .and_then(pending)
            .is_ok_and(|n| n > 0)
    }

    /// Opens an existing database for reading only, whatever its permissions (the sales
    /// hall's board, issue 20 §5): nothing is created, switched or migrated, and every write
    /// through it fails with `ReadOnly`. A file that needs an upgrade is refused with
    /// `ReadOnly` too, untouched; callers ask [`Store::needs_upgrade`] first to say so.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        if !path.is_file() {
            return Err(StoreError::CannotOpen(format!("{}", path.display())));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        // `mode=ro`, not `immutable`: the board must see the desks' commits as they land.
        let [read_only, _] = read_only_uris(path);
        let conn = Connection::open_with_flags(read_only, flags)?;
        Store::prepare(conn, Some(path))
    }

    pub fn open_in_memory() -> Result<Store> {
        Store::prepare(Connection::open_in_memory()?, None)
    }

    /// Checks that the file is frontdesk's (or new), then switches it to WAL and migrates it.
    /// `path` is `None` in memory.
    fn prepare(mut conn: Connection, path: Option<&Path>) -> Result<Store> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Reading the schema first turns "not a database" into an error here, not mid-shift.
        let objects: i64 =
            conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
        // Before anything is written: another program's database gets no tables and no WAL.
        if objects > 0 {
            let own: i64 = conn.query_row(
                &format!(
                    "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ({})",
                    OWN_TABLES.map(|t| format!("'{t}'")).join(", ")
                ),
                [],
                |r| r.get(0),
            )?;
            if own != OWN_TABLES.len() as i64 {
                return Err(StoreError::NotFrontdesk(
                    path.map_or_else(|| PathBuf::from(":memory:"), Path::to_owned),
                ));
            }
        }
        let writable = !conn.is_readonly("main")?;
        // WAL lets one desk read while another writes. Where the file system cannot do WAL,
        // SQLite keeps its rollback journal, which is slower but just as safe; on a full disk
        // the switch cannot be written and the file stays as it is.
        if path.is_some() && writable {
            match conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(())) {
                Ok(()) => {}
                Err(e) => match explain(e.into(), path) {
                    StoreError::DiskFull => {}
                    e => return Err(e),
                },
            }
        }
        conn.pragma_update(None, "wal_autocheckpoint", WAL_AUTOCHECKPOINT_PAGES)?;
        conn.pragma_update(None, "foreign_keys", true)?;
        // A write the desk was told is saved survives a power cut (issue 8 §2: registrations are
        // durable when acknowledged): WAL commits wait for the disk. The cost is measured in
        // `benches/rotation.rs` ("durable append").
        conn.pragma_update(None, "synchronous", "FULL")?;
        migrate(&mut conn).map_err(|e| explain(e, path))?;
        let file = path.and_then(FileId::of);
        Ok(Store {
            conn,
            file,
            disk_full_at_open: false,
            unrecorded_pins: Default::default(),
            conflicts_seen: Default::default(),
            pin_pacing: PinPacing::Lock,
        })
    }

    /// Whether a commit waits for the disk (`synchronous = FULL`, as `open` sets it) or not
    /// (`OFF`). Only a throwaway database being filled in one go — the demo's, deleted on
    /// exit — may stop waiting: a power cut there loses nothing anyone was told was saved.
    /// The filler turns it back on before anyone types.
    pub fn set_durable(&self, durable: bool) -> Result<()> {
        let mode = if durable { "FULL" } else { "OFF" };
        Ok(self.conn.pragma_update(None, "synchronous", mode)?)
    }

    /// Whether commits wait for the disk (`synchronous = FULL`).
    pub fn is_durable(&self) -> Result<bool> {
        let mode: i64 = self
            .conn
            .query_row("PRAGMA synchronous", [], |r| r.get(0))?;
        Ok(mode == 2)
    }

    /// How long a write waits for another desk; tests shorten it.
    pub fn set_busy_timeout(&self, timeout: Duration) -> Result<()> {
        Ok(self.conn.busy_timeout(timeout)?)
    }

    /// The file this store opened; `None` in memory. The evidence check opens its own
    /// connection on it ([`Bookkeeping`]).
    pub fn path(&self) -> Option<&Path> {
        self.file.as_ref().map(|f| f.path.as_path())
    }

    /// The file's permission bits when users other than its owner and group can read or
    /// write it (a file made before issue 18): said once at start, never changed here.
    pub fn open_to_others(&self) -> Option<u32> {
        self.path().and_then(file_mode::open_to_others)
    }

    /// True when this file can be read but not written (permissions, a read-only mount).
    pub fn is_read_only(&self) -> bool {
        self.conn.is_readonly("main").unwrap_or(true)
    }

    /// True when the disk holding the file has (almost) no room left: a write would fail.
    pub(crate) fn disk_nearly_full(&self) -> bool {
        self.file.as_ref().is_some_and(|f| nearly_full(&f.path))
    }

    /// True when the file was opened read-only because the disk holding it is full.
    pub fn disk_full_at_open(&self) -> bool {
        self.disk_full_at_open
    }

    /// Changes whenever another connection commits to the file: a cheap way for a desk to
    /// notice other desks' writes. Also `FileGone` once the file was deleted or moved, so a
    /// desk that only reads learns it within a tick.
    pub fn data_version(&self) -> Result<i64> {
        self.check_file()?;
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// `FileGone` when the path no longer names the file this console opened (deleted,
    /// moved, or replaced): writes would go to a file nobody will open again.
    pub fn check_file(&self) -> Result<()> {
        match &self.file {
            Some(opened) if FileId::of(&opened.path).as_ref() != Some(opened) => {
                Err(StoreError::FileGone(opened.path.clone()))
            }
            _ => Ok(()),
        }
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        settings::stored(&self.conn, key)
    }

    /// The office's name, once the first-run setup has stored it.
    pub fn office_name(&self) -> Result<Option<String>> {
        self.setting("office_name")
    }

    /// Runs `f` in one `BEGIN IMMEDIATE` transaction, so a read-decide-write cannot interleave
    /// with another desk's. Taking `&mut self` is what makes a write a submit's act: a pane
    /// reads through `&Store` (its tick, its answers), and only a submit or a command holds
    /// the store mutably ([`crate::ui::context::Context`]).
    ///
    /// Checked last, before the commit: the file is still the one opened (else nothing is
    /// written and the error says so). A disk I/O error on a full disk is `DiskFull`.
    fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        self.write_reading(|_, tx| f(tx))
    }

    /// [`Store::write`] for a write that also asks the store's own reads, inside the same
    /// transaction, through the `&Store` it is given.
    fn write_reading<T>(
        &mut self,
        f: impl FnOnce(&Store, &Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        let store: &Store = self;
        store.no_import_running()?;
        let run = || {
            let tx = Transaction::new_unchecked(&store.conn, TransactionBehavior::Immediate)?;
            let value = f(store, &tx)?;
            store.check_file()?;
            tx.commit()?;
            Ok(value)
        };
        match run() {
            // The lock was taken by an import that started while this write waited.
            Err(StoreError::Busy) => store.no_import_running().and(Err(StoreError::Busy)),
            Err(e) => Err(explain(e, store.file.as_ref().map(|f| f.path.as_path()))),
            Ok(value) => Ok(value),
        }
    }

    /// `ImportRunning` when another process is importing into this file (its note beside
    /// the file says so): its write lock may be held for minutes, so a desk says so at once
    /// rather than wait.
    pub fn no_import_running(&self) -> Result<()> {
        match self.running_import() {
            Some(progress) => Err(StoreError::ImportRunning(progress)),
            None => Ok(()),
        }
    }

    /// The import another process is running into this file, if any, for the status line.
    pub fn running_import(&self) -> Option<import_marker::ImportProgress> {
        let path = self.path()?;
        import_marker::running_import(path, Utc::now())
    }

    /// [`Store::write`] that never commits: the writes of `f` done in one `BEGIN IMMEDIATE`
    /// transaction and rolled back, for a dry run that times them (issue 18).
    fn rehearse<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        self.no_import_running()?;
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.rollback()?;
        Ok(value)
    }

    /// Runs `f` inside one read transaction, so everything it loads is from one moment:
    /// another desk's commit lands wholly before or wholly after.
    /// Inside another `read` it simply runs: that one already holds the moment.
    pub fn read<T>(&self, f: impl FnOnce(&Store) -> Result<T>) -> Result<T> {
        if !self.conn.is_autocommit() {
            return f(self);
        }
        let tx = self.conn.unchecked_transaction()?;
        let value = f(self)?;
        tx.commit()?;
        Ok(value)
    }

    /// The rows of the audit trail, newest last, for reports and tests.
    pub fn audit_trail(&self) -> Result<Vec<AuditEntry>> {
        let mut stmt = self.conn.prepare(
            "SELECT at, operator_id, approver_id, subject_id, action, detail FROM audit ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(AuditEntry {
                at: r.get(0)?,
                operator: r.get(1)?,
                approver: r.get(2)?,
                subject: r.get(3)?,
                action: r.get(4)?,
                detail: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub at: String,
    /// Who was signed in and did it.
    pub operator: Option<StaffId>,
    /// The supervisor whose PIN approved it, when it needed one.
    pub approver: Option<StaffId>,
    /// Whose PIN the row is about (a wrong PIN, a PIN set), when not the operator's own act.
    pub subject: Option<StaffId>,
    pub action: String,
    pub detail: String,
}

/// Timestamps are stored as UTC RFC 3339 text, which sorts as time does.
fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn parse_timestamp(text: &str) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into())
        })
}

/// Records who did what and when, and who approved it, inside the caller's transaction.
fn audit(
    tx: &Transaction<'_>,
    at: DateTime<Utc>,
    operator: Option<StaffId>,
    approver: Option<StaffId>,
    action: &str,
    detail: &str,
) -> Result<()> {
    audit_about(tx, at, operator, approver, None, action, detail)
}

/// `audit`, naming also the person the row is about.
fn audit_about(
    tx: &Transaction<'_>,
    at: DateTime<Utc>,
    operator: Option<StaffId>,
    approver: Option<StaffId>,
    subject: Option<StaffId>,
    action: &str,
    detail: &str,
) -> Result<()> {
    chain::insert_row(
        tx,
        &chain::AUDIT,
        "INSERT INTO audit (id, at, operator_id, approver_id, subject_id, action, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![timestamp(at), operator, approver, subject, action, detail],
    )?;
    Ok(())
}

/// Brings the schema up to date. Two desks starting a new build at once both see it
/// pending; the migration runs in a `BEGIN IMMEDIATE` transaction, so the second waits for
/// the first, and then, having read the version before waiting, fails on tables that now
/// exist: it reads the version again and is done (or tries once more).
fn migrate(conn: &mut Connection) -> Result<()> {
    let migrations = migrations();
    // Up to date: no write at all, so a read-only file still opens. Ahead of this build
    // (a newer frontdesk wrote it): `to_latest` refuses, and that maps to `TooNew`.
    if migrations.pending_migrations(conn)? == 0 {
        return Ok(());
    }
    conn.set_transaction_behavior(TransactionBehavior::Immediate);
    let mut result = migrations.to_latest(conn);
    if result.is_err() && migrations.pending_migrations(conn)? != 0 {
        result = migrations.to_latest(conn);
    } else if result.is_err() {
        result = Ok(());
    }
    conn.set_transaction_behavior(TransactionBehavior::Deferred);
    Ok(result?)
}

#[cfg(test)]
mod tests;
