//! `frontdesk sync --to URL` (issue 19 §3): pushes every chain the store declares to the
//! group's head office on PostgreSQL, each office under its own name, and lets the head
//! office witness the chains: PostgreSQL itself (`schema.sql`) refuses a row that does not
//! continue the last link it holds, and every sync first sends the desk's link at the head
//! office's last position of every chain, refused when it differs. The desk checks nothing
//! itself here: a desk an attacker controls cannot be trusted to check itself.
//!
//! Safe to repeat: each chain's push starts after the last position the head office holds,
//! and goes in batches, each one statement in its own transaction, so a push cut off midway
//! leaves whole batches and the next sync continues from there, storing nothing twice.
//!
//! The head office is set up once by its administrator (`frontdesk head-office setup`,
//! [`setup`]); each office pushes under its own login ([`roles`]), which may push and read
//! only its own office's rows.

pub mod address;
pub mod admin;
pub mod admin_text;
mod against;
pub mod against_text;
mod command;
pub mod compare;
pub mod group;
pub mod noted;
pub mod roles;
pub mod setup;
pub mod text;

pub use against::{AgainstArgs, Line, Report, verify_against};
pub use command::{SyncArgs, describe, sync};
pub use roles::{login_office, office_for};

use postgres::error::SqlState;
use postgres::{Client, GenericClient, NoTls};
use serde::Deserialize;

use crate::store::chain::{CHAINS, Chained};
use crate::store::head_office::OutgoingRow;
use crate::store::{Store, StoreError};

/// How many rows go in one statement and its transaction.
pub const BATCH: i64 = 500;

/// The SQLSTATE of the head office's refusal (`frontdesk_refuse`).
const REFUSED: &str = "FD001";

/// What the head office refused, from the refusal's detail.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Refusal {
    pub office: String,
    pub chain: String,
    pub pos: i64,
    /// The row named: the pushed row that does not continue, or the row the head office
    /// holds at the position whose link the desk no longer has.
    pub row: i64,
    /// `start`, `continue`, `differs` or `shorter`.
    pub why: String,
}

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("cannot reach the head office: {0}")]
    Connect(postgres::Error),
    #[error("the head office's database failed: {0}")]
    HeadOffice(postgres::Error),
    #[error("the head office refused office {} chain {} row {} (link {}): {}", .0.office, .0.chain, .0.row, .0.pos, .0.why)]
    Refused(Refusal),
    #[error("{0}")]
    Store(#[from] StoreError),
    /// The head office has no schema, or an older one: its administrator runs
    /// `frontdesk head-office setup` (a desk creates nothing there).
    #[error("the head office is not set up (schema {found:?})")]
    NotSetUp { found: Option<i32> },
    /// The head office was set up by a later frontdesk than this one.
    #[error("the head office's schema {found} is newer than this frontdesk's")]
    NewerSchema { found: i32 },
    /// The login is `login`'s: it cannot push as `asked`.
    #[error("this login pushes as office {login}, not {asked}")]
    NotYourOffice { login: String, asked: String },
}

impl From<postgres::Error> for SyncError {
    fn from(e: postgres::Error) -> SyncError {
        let refusal = e
            .as_db_error()
            .filter(|db| *db.code() == SqlState::from_code(REFUSED))
            .and_then(|db| db.detail())
            .and_then(|detail| serde_json::from_str::<Refusal>(detail).ok());
        match refusal {
            Some(refusal) => SyncError::Refused(refusal),
            None => SyncError::HeadOffice(e),
        }
    }
}

/// One chain's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainPushed {
    pub chain: &'static Chained,
    /// Rows this sync stored.
    pub pushed: i64,
    /// Rows the head office holds for the office and chain now.
    pub held: i64,
}

/// Connects to the head office (`postgresql://…` or `host=… user=…`), without TLS: the
/// office network or an SSH tunnel carries it (TLS is a later issue's).
pub fn connect(url: &str) -> Result<Client, SyncError> {
    Client::connect(url, NoTls).map_err(SyncError::Connect)
}

/// One batch of a chain's rows, one statement: the rows travel as arrays, one per column,
/// unnested in chain order. The witness trigger (BEFORE INSERT, for each row) sees the rows
/// of the same statement inserted before its own, so each row is checked against the one
/// before it, as when each was its own statement.
const INSERT_BATCH: &str =
    "INSERT INTO evidence_rows (office, chain, pos, row_id, prev_link, link, row_json)
     SELECT $1, $2, r.pos, r.row_id, r.prev_link, r.link, r.row_json
       FROM unnest($3::bigint[], $4::bigint[], $5::bytea[], $6::bytea[], $7::jsonb[])
            WITH ORDINALITY AS r(pos, row_id, prev_link, link, row_json, n)
      ORDER BY r.n";

/// Pushes every chain of `store` as `office`: first the witness of each chain (the desk's
/// link where the head office stops), then the rows it lacks. Fails with
/// [`SyncError::NotSetUp`] on a head office not set up, and with
/// [`SyncError::NotYourOffice`] when the login is another office's.
pub fn push(
    store: &Store,
    office: &str,
    client: &mut Client,
) -> Result<Vec<ChainPushed>, SyncError> {
    if let Some(login) = login_office(client)?
        && login != office
    {
        return Err(SyncError::NotYourOffice {
            login,
            asked: office.to_owned(),
        });
    }
    let mut held = Vec::with_capacity(CHAINS.len());
    // Every witness before any row: a rewritten file pushes nothing at all.
    for chain in &CHAINS {
        let last: i64 = client
            .query_one(
                "SELECT coalesce(max(pos), 0) FROM evidence_rows WHERE office = $1 AND chain = $2",
                &[&office, &chain.table],
            )?
            .get(0);
        if last > 0 && !holds(store, office, client, chain, last)? {
            // Links chain, so from the first link that differs every later one differs:
            // halving finds it, and the witness refuses there, naming the first row that
            // no longer matches (and at the last position if halving found nothing).
            let (mut good, mut bad) = (0, last);
            while bad - good > 1 {
                let mid = good + (bad - good) / 2;
                match holds(store, office, client, chain, mid)? {
                    true => good = mid,
                    false => bad = mid,
                }
            }
            witness(store, office, client, chain, bad)?;
            witness(store, office, client, chain, last)?;
        }
        held.push((chain, last));
    }
    let mut outcome = Vec::with_capacity(CHAINS.len());
    for (chain, mut last) in held {
        let mut pushed = 0;
        loop {
            let rows = store.chain_rows_after(chain, last, BATCH)?;
            if rows.is_empty() {
                break;
            }
            let mut tx = client.transaction()?;
            insert_batch(&mut tx, office, chain.table, &rows)?;
            tx.commit()?;
            pushed += rows.len() as i64;
            last = rows.last().map_or(last, |r| r.pos);
        }
        outcome.push(ChainPushed {
            chain,
            pushed,
            held: last,
        });
    }
    Ok(outcome)
}

/// Inserts `rows` of `chain` under `office` in one statement ([`INSERT_BATCH`]): all of them
/// or, when the witness refuses one, none. What `push` does per batch; public for the tests
/// that push by hand what a desk would.
pub fn insert_batch(
    client: &mut impl GenericClient,
    office: &str,
    chain: &str,
    rows: &[OutgoingRow],
) -> Result<u64, postgres::Error> {
    let column = |f: fn(&OutgoingRow) -> i64| rows.iter().map(f).collect::<Vec<_>>();
    let bytes = |f: fn(&OutgoingRow) -> &[u8]| rows.iter().map(f).collect::<Vec<_>>();
    client.execute(
        INSERT_BATCH,
        &[
            &office,
            &chain,
            &column(|r| r.pos),
            &column(|r| r.row_id),
            &bytes(|r| r.prev.as_slice()),
            &bytes(|r| r.link.as_slice()),
            &rows.iter().map(|r| &r.row).collect::<Vec<_>>(),
        ],
    )
}

/// The desk's link at `pos` as the head office's functions take it (null: the desk lacks it).
fn link_at(store: &Store, chain: &Chained, pos: i64) -> Result<Option<Vec<u8>>, SyncError> {
    Ok(store.chain_link_at(chain, pos)?.map(|l| l.hash.to_vec()))
}

/// Whether the head office holds the desk's link at `pos`.
fn holds(
    store: &Store,
    office: &str,
    client: &mut Client,
    chain: &Chained,
    pos: i64,
) -> Result<bool, SyncError> {
    let link = link_at(store, chain, pos)?;
    Ok(client
        .query_one(
            "SELECT frontdesk_holds($1, $2, $3, $4)",
            &[&office, &chain.table, &pos, &link],
        )?
        .get(0))
}

/// The head office's witness of the desk's link at `pos`: refused when it differs.
fn witness(
    store: &Store,
    office: &str,
    client: &mut Client,
    chain: &Chained,
    pos: i64,
) -> Result<(), SyncError> {
    let link = link_at(store, chain, pos)?;
    client.execute(
        "SELECT frontdesk_witness($1, $2, $3, $4)",
        &[&office, &chain.table, &pos, &link],
    )?;
    Ok(())
}
