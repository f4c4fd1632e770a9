//! The evidence check's own handle on the file (issue 16 §1: the few writers that are not a
//! clerk's act get their own narrow handle). It owns a connection of its own, so the whole
//! check can run on a thread apart from the one that answers keys, and the one thing it
//! writes is the verified points (`chain_verified`). No pane ever holds one.

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags};

use super::chain::{self, ChainBreak};
use super::{Result, read_only_uris};

/// How long the verified points' write waits for another desk: it is bookkeeping, and the
/// next check simply compares against the older points.
const BUSY_TIMEOUT: Duration = Duration::from_secs(2);

pub struct Bookkeeping {
    conn: Connection,
}

impl Bookkeeping {
    /// A second connection on the database at `path`, which [`super::Store::open`] has
    /// already opened and migrated: read-write when the file can be written, else read-only
    /// (then the check only reads).
    pub fn open(path: &Path) -> Result<Bookkeeping> {
        let writable = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = match Connection::open_with_flags(path, writable) {
            Ok(conn) => conn,
            Err(e) => {
                let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
                    | OpenFlags::SQLITE_OPEN_URI
                    | OpenFlags::SQLITE_OPEN_NO_MUTEX;
                read_only_uris(path)
                    .iter()
                    .find_map(|uri| Connection::open_with_flags(uri, flags).ok())
                    .ok_or(e)?
            }
        };
        conn.busy_timeout(BUSY_TIMEOUT)?;
        Ok(Bookkeeping { conn })
    }

    /// Checks the whole file — every chain from its first row, the verified points, the heads
    /// the supervisors' sign-offs sealed — and moves the verified point of each intact chain
    /// to its head. Each chain's failures (at most one of each kind); empty when all is intact.
    pub fn check_everything(&self, now: DateTime<Utc>) -> Result<Vec<ChainBreak>> {
        chain::check_and_keep(&self.conn, now)
    }

    /// [`Bookkeeping::check_everything`], telling `walked` how far it has come now and then
    /// (the desk's header shows it, issue 18).
    pub fn check_everything_counting(
        &self,
        now: DateTime<Utc>,
        walked: &mut dyn FnMut(chain::Walked),
    ) -> Result<Vec<ChainBreak>> {
        chain::check_and_keep_counting(&self.conn, now, walked)
    }

    /// Notes a backup the console wrote, or could not write (issue 19): the desk's backup
    /// thread's one write, on this handle's own connection.
    pub fn note_backup(&self, at: DateTime<Utc>, path: &str, ok: bool, detail: &str) -> Result<()> {
        super::backup::note(&self.conn, at, path, ok, detail)
    }

    /// Notes a push the head office took whole (issue 19 §3): the positions it now holds per
    /// chain; the last failure and any refusal cleared.
    pub fn note_pushed(&self, at: DateTime<Utc>, confirmed: &[(&str, i64)]) -> Result<()> {
        super::head_office_push::note_pushed(&self.conn, at, confirmed)
    }

    /// Notes a push that failed, and the head office's refusal if it was one.
    pub fn note_failed(
        &self,
        at: DateTime<Utc>,
        kind: super::head_office_push::FailureKind,
        text: &str,
        refusal: Option<&super::head_office_push::PushRefusal>,
    ) -> Result<()> {
        super::head_office_push::note_failed(&self.conn, at, kind, text, refusal)
    }
}
