//! `frontdesk sync --to URL` (issue 19 §3): pushes every chain the store declares to the
//! group's head office on PostgreSQL, each office under its own name, and lets the head
//! office witness the chains: PostgreSQL itself (`schema.sql`) refuses a row that does not
//! continue the last link it holds, and every sync first sends the desk's link at the head
//! office's last position of every chain, refused when it differs. The desk checks nothing
//! itself here: a desk an attacker controls cannot be trusted to check itself.
//!
//! Safe to repeat: each chain's push starts after the last position the head office holds,
//! and goes in batches, each its own transaction, so a push cut off midway leaves whole
//! batches and the next sync continues from there, storing nothing twice.

pub mod address;
mod against;
pub mod against_text;
mod command;
pub mod compare;
pub mod group;
pub mod text;

pub use against::{AgainstArgs, Line, Report, verify_against};
pub use command::{SyncArgs, describe, sync};

use postgres::error::SqlState;
use postgres::{Client, NoTls};
use serde::Deserialize;

use crate::store::chain::{CHAINS, Chained};
use crate::store::{Store, StoreError};

/// The head office's schema, created when missing.
pub const SCHEMA: &str = include_str!("schema.sql");

/// The group's figures as views over the rows (`figures.sql`), applied after the schema.
pub const FIGURES: &str = include_str!("figures.sql");

/// How many rows go in one transaction.
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

/// Creates the head office's schema when missing; repeating it changes nothing.
pub fn prepare(client: &mut Client) -> Result<(), SyncError> {
    // Two offices' first syncs at once would race on CREATE: one at a time.
    let mut tx = client.transaction()?;
    tx.batch_execute("SELECT pg_advisory_xact_lock(7919001)")?;
    tx.batch_execute(SCHEMA)?;
    tx.batch_execute(FIGURES)?;
    tx.commit()?;
    Ok(())
}

/// Pushes every chain of `store` as `office`: first the witness of each chain (the desk's
/// link where the head office stops), then the rows it lacks.
pub fn push(
    store: &Store,
    office: &str,
    client: &mut Client,
) -> Result<Vec<ChainPushed>, SyncError> {
    prepare(client)?;
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
            let insert = tx.prepare(
                "INSERT INTO evidence_rows (office, chain, pos, row_id, prev_link, link, row_json)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )?;
            for row in &rows {
                tx.execute(
                    &insert,
                    &[
                        &office,
                        &chain.table,
                        &row.pos,
                        &row.row_id,
                        &row.prev.as_slice(),
                        &row.link.as_slice(),
                        &row.row,
                    ],
                )?;
            }
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
