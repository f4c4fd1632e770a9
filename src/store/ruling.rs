//! A supervisor's rulings on ownership conflicts (REG-6, issue 8: "the earlier registration
//! wins, and the supervisor confirms"): written with the supervisor's approval, chained and
//! audited, and read back by the ownership check for the registrations it matched.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};

use super::staff::still_supervisor;
use super::{Approval, Result, Store, StoreError, audit, chain, parse_timestamp, timestamp};
use crate::domain::register::{Register, Ruling};
use crate::domain::staff::StaffId;

/// How long a ruling's reason may be.
pub const RULING_REASON_MAX_CHARS: usize = 200;

fn reference((register, id): (Register, i64)) -> i64 {
    (id << 2)
        | match register {
            Register::Visit => 0,
            Register::Call => 1,
        }
}

fn key(register: Register) -> &'static str {
    match register {
        Register::Visit => "visit",
        Register::Call => "call",
    }
}

/// The rulings that saw any of `registrations`.
pub(super) fn rulings_for(
    conn: &Connection,
    registrations: &[(Register, i64)],
) -> Result<Vec<Ruling>> {
    let mut ids: Vec<i64> = Vec::new();
    let mut find =
        conn.prepare_cached("SELECT ruling_id FROM ownership_ruling_refs WHERE ref = ?1")?;
    for r in registrations {
        for id in find.query_map([reference(*r)], |row| row.get::<_, i64>(0))? {
            ids.push(id?);
        }
    }
    ids.sort_unstable();
    ids.dedup();
    let mut read = conn.prepare_cached(
        "SELECT owner_id, supervisor_id, at, covers FROM ownership_rulings WHERE id = ?1",
    )?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let (owner, supervisor, at, covers): (StaffId, StaffId, String, String) =
            read.query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        let covers: Vec<(String, i64)> = serde_json::from_str(&covers)
            .map_err(|e| StoreError::Other(format!("ownership ruling {id}: {e}")))?;
        out.push(Ruling {
            owner,
            supervisor,
            at: parse_timestamp(&at)?,
            covers: covers
                .into_iter()
                .map(|(r, i)| {
                    let register = if r == "call" {
                        Register::Call
                    } else {
                        Register::Visit
                    };
                    (register, i)
                })
                .collect(),
        });
    }
    Ok(out)
}

/// Writes a ruling that `owner`'s is the customer `covers` contest, chained and audited, in
/// the write `tx` (the supervisor already checked): a ruling alone, or one an ending confirms.
pub(super) fn insert(
    tx: &rusqlite::Transaction<'_>,
    operator: StaffId,
    supervisor: StaffId,
    owner: StaffId,
    covers: &[(Register, i64)],
    reason: &str,
    now: DateTime<Utc>,
) -> Result<i64> {
    let listed: Vec<(&str, i64)> = covers.iter().map(|(r, i)| (key(*r), *i)).collect();
    let id = chain::insert_row(
        tx,
        &chain::OWNERSHIP_RULINGS,
        "INSERT INTO ownership_rulings
             (id, at, operator_id, supervisor_id, owner_id, reason, covers)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            timestamp(now),
            operator,
            supervisor,
            owner,
            reason,
            serde_json::to_string(&listed).unwrap_or_default(),
        ],
    )?;
    let mut refs = tx.prepare_cached(
        "INSERT OR IGNORE INTO ownership_ruling_refs (ref, ruling_id) VALUES (?1, ?2)",
    )?;
    for r in covers {
        refs.execute(params![reference(*r), id])?;
    }
    audit(
        tx,
        now,
        Some(operator),
        Some(supervisor),
        "rule_ownership",
        &format!("ruling {id}: owner {owner} over {listed:?} ({reason})"),
    )?;
    Ok(id)
}

impl Store {
    /// Records a supervisor's ruling that `owner`'s is the customer the registrations in
    /// `covers` contest, with the reason; chained and audited in one transaction.
    pub fn rule_ownership(
        &mut self,
        operator: StaffId,
        approval: Approval,
        owner: StaffId,
        covers: &[(Register, i64)],
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let reason = crate::domain::text::required(reason, RULING_REASON_MAX_CHARS)
            .map_err(StoreError::Reason)?;
        self.write(|tx| {
            let supervisor = still_supervisor(tx, approval)?;
            insert(tx, operator, supervisor, owner, covers, &reason, now)
        })
    }
}
