//! The one owner of the SQLite connection: pragmas, migrations, and every read and write.
//! Row mapping lives here and nowhere else.

mod ids;
pub(crate) mod rotation;
mod settings;
mod staff;

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, ErrorCode, OpenFlags, Transaction, TransactionBehavior, params};
use rusqlite_migration::{M, MigrationDefinitionError, Migrations};

use crate::domain::rotation::{RotationError, StaffId};
use crate::domain::settings::SettingsError;
use crate::domain::staff::PinError;
use crate::domain::text::TextError;

pub use staff::Approval;

/// How long a write waits for another desk's write before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(include_str!("../../assets/migrations/001_foundation.sql")),
        M::up(include_str!(
            "../../assets/migrations/002_settings_and_approver.sql"
        )),
    ])
}

/// What went wrong, in terms a clerk can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("another desk is holding the database; try again")]
    Busy,
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
    #[error("a staff member named {0:?} already exists")]
    DuplicateName(String),
    #[error("name: {0}")]
    Name(TextError),
    #[error("PIN: {0}")]
    Pin(PinError),
    #[error("wrong PIN")]
    WrongPin,
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
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::CannotOpen(e.to_string()))?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)?;
        Store::prepare(conn, true)
    }

    pub fn open_in_memory() -> Result<Store> {
        Store::prepare(Connection::open_in_memory()?, false)
    }

    fn prepare(mut conn: Connection, wal: bool) -> Result<Store> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Reading the schema first turns "not a database" into an error here, not mid-shift.
        conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
            r.get::<_, i64>(0)
        })?;
        // WAL lets one desk read while another writes. Where the file system cannot do WAL,
        // SQLite keeps its rollback journal, which is slower but just as safe.
        if wal && !conn.is_readonly("main")? {
            conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))?;
        }
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        let migrations = migrations();
        // Up to date: no write at all, so a read-only file still opens. Ahead of this build
        // (a newer frontdesk wrote it): `to_latest` refuses, and that maps to `TooNew`.
        if migrations.pending_migrations(&conn)? != 0 {
            migrations.to_latest(&mut conn)?;
        }
        Ok(Store { conn })
    }

    /// How long a write waits for another desk; tests shorten it.
    pub fn set_busy_timeout(&self, timeout: Duration) -> Result<()> {
        Ok(self.conn.busy_timeout(timeout)?)
    }

    /// True when this file can be read but not written (permissions, a read-only mount).
    pub fn is_read_only(&self) -> bool {
        self.conn.is_readonly("main").unwrap_or(true)
    }

    /// Changes whenever another connection commits to the file: a cheap way for a desk to
    /// notice other desks' writes.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        settings::stored(&self.conn, key)
    }

    /// The office's name, once the first-run setup has stored it.
    pub fn office_name(&self) -> Result<Option<String>> {
        self.setting("office_name")
    }

    /// Runs `f` in one `BEGIN IMMEDIATE` transaction, so a read-decide-write cannot interleave
    /// with another desk's.
    fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// Runs `f` inside one read transaction, so everything it loads is from one moment:
    /// another desk's commit lands wholly before or wholly after.
    pub fn read<T>(&self, f: impl FnOnce(&Store) -> Result<T>) -> Result<T> {
        let tx = self.conn.unchecked_transaction()?;
        let value = f(self)?;
        tx.commit()?;
        Ok(value)
    }

    /// The rows of the audit trail, newest last, for reports and tests.
    pub fn audit_trail(&self) -> Result<Vec<AuditEntry>> {
        let mut stmt = self.conn.prepare(
            "SELECT at, operator_id, approver_id, action, detail FROM audit ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(AuditEntry {
                at: r.get(0)?,
                operator: r.get(1)?,
                approver: r.get(2)?,
                action: r.get(3)?,
                detail: r.get(4)?,
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
    tx.execute(
        "INSERT INTO audit (at, operator_id, approver_id, action, detail)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![timestamp(at), operator, approver, action, detail],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests;
