//! ATT-14-10 in the database: a supervisor redistributes a leaving salesperson's customers at
//! random among the other active salespeople. The draw is `attribution::redistribute` with a
//! recorded seed, so anyone can redo it; the write is one transaction holding the
//! redistribution's row, one row per moved customer (with the registrations it covers) and
//! the audit, all chained. The ownership check reads the moves as it reads rulings.
//!
//! Which customers: those the leaving salesperson **holds now** — the ownership verdict names
//! them (a protected registration, REG-5, no conflict). A lapsed registration is already a
//! new customer (REG-5), so giving it away would create a hold nobody had; a conflict is a
//! supervisor's ruling to make first (REG-6). They are found among the leaving salesperson's
//! registrations inside the policy's window, one ownership check per customer.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, params};

use super::referral::ReferralRefusal;
use super::register::{from_reference, reference, settled_ownership};
use super::staff::still_supervisor;
use super::{Approval, Result, Store, StoreError, audit, chain, parse_timestamp, timestamp};
use crate::domain::attribution::redistribute;
use crate::domain::policy::Policy;
use crate::domain::register::{Identity, Redistributed, Register, Verdict};
use crate::domain::staff::StaffId;

/// A customer the leaving salesperson holds, and the draw's new owner for them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrawnMove {
    /// The customer as the registers name them (name, else phone).
    pub customer: String,
    /// The leaving salesperson's registrations of them.
    pub covers: Vec<(Register, i64)>,
    pub to: StaffId,
}

/// A redistribution drawn, before the supervisor confirms it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draw {
    pub leaving: StaffId,
    pub seed: u64,
    pub moves: Vec<DrawnMove>,
}

/// A seed for a new draw, from the clock: recorded with the redistribution, it is what
/// makes the draw reproducible, not what makes it fair. Kept below 2^63 so SQLite's INTEGER
/// holds it as is.
pub fn seed_from_clock(now: DateTime<Utc>) -> u64 {
    let nanos = now.timestamp_nanos_opt().unwrap_or_else(|| now.timestamp());
    // SplitMix64's finalizer spreads the clock's low bits over the whole seed.
    let mut z = (nanos as u64).wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    (z ^ (z >> 31)) & (i64::MAX as u64)
}

/// A customer as the registers name them, and the registrations of theirs a move covers.
type Held = (String, Vec<(Register, i64)>);

/// The customers `leaving` holds at `now`, oldest registration first.
fn held_customers(
    conn: &Connection,
    leaving: StaffId,
    now: DateTime<Utc>,
    tz: Tz,
    policy: &Policy,
) -> Result<Vec<Held>> {
    let since = now - chrono::Duration::days(i64::from(policy.registration_valid_days) + 2);
    let mut tables = vec![(Register::Visit, "visits")];
    if policy.phone_registration_is_evidence {
        tables.push((Register::Call, "calls"));
    }
    let mut out: Vec<Held> = Vec::new();
    let mut seen: Vec<Vec<(Register, i64)>> = Vec::new();
    for (register, table) in tables {
        let sql = format!(
            "SELECT id FROM {table} WHERE salesperson_id = ?1 AND at >= ?2 AND at <= ?3
             ORDER BY at, id"
        );
        let ids: Vec<i64> = conn
            .prepare_cached(&sql)?
            .query_map(params![leaving, timestamp(since), timestamp(now)], |r| {
                r.get(0)
            })?
            .collect::<rusqlite::Result<_>>()?;
        for id in ids {
            let Some(stored) = super::register::load(conn, register, id)? else {
                continue;
            };
            let identity: Identity = super::register::get_identity(&stored.current)?;
            let found = settled_ownership(conn, &identity, now, tz, policy, &[])?;
            let Verdict::Returning(claim) = &found.verdict else {
                continue;
            };
            if claim.owner != leaving {
                continue;
            }
            let covers: Vec<(Register, i64)> = found
                .matches
                .iter()
                .filter(|m| m.evidence && m.salesperson == leaving)
                .map(|m| (m.register, m.id))
                .collect();
            if covers.is_empty() || seen.contains(&covers) {
                continue;
            }
            seen.push(covers.clone());
            let customer = super::register::get_text(&stored.current, "name")
                .or_else(|| super::register::get_text(&stored.current, "phone"))
                .unwrap_or_default();
            out.push((customer, covers));
        }
    }
    Ok(out)
}

fn active_salespeople(conn: &Connection) -> Result<Vec<StaffId>> {
    Ok(conn
        .prepare_cached("SELECT id FROM staff WHERE role = 'salesperson' AND active = 1")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

fn draw(
    conn: &Connection,
    leaving: StaffId,
    seed: u64,
    now: DateTime<Utc>,
    tz: Tz,
    policy: &Policy,
) -> Result<Draw> {
    let held = held_customers(conn, leaving, now, tz, policy)?;
    if held.is_empty() {
        return Err(StoreError::Referral(ReferralRefusal::NothingToRedistribute));
    }
    let indices: Vec<usize> = (0..held.len()).collect();
    let drawn = redistribute(seed, leaving, &indices, &active_salespeople(conn)?)
        .ok_or(StoreError::Referral(ReferralRefusal::NobodyToDraw))?;
    let moves = drawn
        .into_iter()
        .map(|(i, to)| DrawnMove {
            customer: held[i].0.clone(),
            covers: held[i].1.clone(),
            to,
        })
        .collect();
    Ok(Draw {
        leaving,
        seed,
        moves,
    })
}

/// The moves that cover any of `registrations`.
pub(super) fn moves_covering(
    conn: &Connection,
    registrations: &[(Register, i64)],
) -> Result<Vec<Redistributed>> {
    let mut ids: Vec<i64> = Vec::new();
    let mut find = conn.prepare_cached("SELECT move_id FROM redistribution_refs WHERE ref = ?1")?;
    for (register, id) in registrations {
        for m in find.query_map([reference(*register, *id)], |r| r.get::<_, i64>(0))? {
            ids.push(m?);
        }
    }
    ids.sort_unstable();
    ids.dedup();
    let mut read = conn.prepare_cached(
        "SELECT m.id, m.redistribution_id, r.leaving_id, m.to_id, r.supervisor_id, m.at, r.seed,
                m.refs
         FROM redistribution_moves m JOIN redistributions r ON r.id = m.redistribution_id
         WHERE m.id = ?1",
    )?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let (move_id, redistribution, from, to, supervisor, at, seed, refs): (
            i64,
            i64,
            StaffId,
            StaffId,
            StaffId,
            String,
            i64,
            String,
        ) = read.query_row([id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
            ))
        })?;
        let refs: Vec<i64> = serde_json::from_str(&refs)
            .map_err(|e| StoreError::Other(format!("redistributed customer {id}: {e}")))?;
        out.push(Redistributed {
            redistribution,
            move_id,
            from,
            to,
            supervisor,
            at: parse_timestamp(&at)?,
            seed: seed as u64,
            covers: refs.into_iter().filter_map(from_reference).collect(),
        });
    }
    Ok(out)
}

impl Store {
    /// Draws a redistribution of the customers `leaving` holds (ATT-14-10) with `seed`,
    /// writing nothing: what the supervisor is shown before confirming.
    pub fn redistribution_draw(
        &self,
        leaving: StaffId,
        seed: u64,
        now: DateTime<Utc>,
        tz: Tz,
        policy: &Policy,
    ) -> Result<Draw> {
        self.read(|store| draw(&store.conn, leaving, seed, now, tz, policy))
    }

    /// Writes the redistribution `shown` (ATT-14-10) with the supervisor's approval: drawn
    /// again inside the write with the same seed, refused if the customers changed since it
    /// was shown; one chained row for the redistribution, one per moved customer, and the
    /// audit, in one transaction.
    #[allow(clippy::too_many_arguments)]
    pub fn redistribute(
        &mut self,
        operator: StaffId,
        approval: Approval,
        shown: &Draw,
        now: DateTime<Utc>,
        tz: Tz,
        policy: &Policy,
    ) -> Result<i64> {
        self.write(|tx| {
            let supervisor = still_supervisor(tx, approval)?;
            let drawn = draw(tx, shown.leaving, shown.seed, now, tz, policy)?;
            if drawn != *shown {
                return Err(StoreError::Referral(ReferralRefusal::DrawChanged));
            }
            let id = chain::insert_row(
                tx,
                &chain::REDISTRIBUTIONS,
                "INSERT INTO redistributions (id, at, operator_id, supervisor_id, leaving_id, seed)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    timestamp(now),
                    operator,
                    supervisor,
                    drawn.leaving,
                    drawn.seed as i64
                ],
            )?;
            for m in &drawn.moves {
                let refs: Vec<i64> = m.covers.iter().map(|(r, i)| reference(*r, *i)).collect();
                let move_id = chain::insert_row(
                    tx,
                    &chain::REDISTRIBUTION_MOVES,
                    "INSERT INTO redistribution_moves (id, at, redistribution_id, customer, refs,
                         to_id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![
                        timestamp(now),
                        id,
                        m.customer,
                        serde_json::to_string(&refs).unwrap_or_default(),
                        m.to
                    ],
                )?;
                let mut add = tx.prepare_cached(
                    "INSERT OR IGNORE INTO redistribution_refs (ref, move_id) VALUES (?1, ?2)",
                )?;
                for r in refs {
                    add.execute(params![r, move_id])?;
                }
            }
            audit(
                tx,
                now,
                Some(operator),
                Some(supervisor),
                "redistribute_customers",
                &format!(
                    "redistribution {id}: {} customers of {} drawn with seed {} (ATT-14-10)",
                    drawn.moves.len(),
                    drawn.leaving,
                    drawn.seed
                ),
            )?;
            Ok(id)
        })
    }

    /// The redistributions that moved the customer of any of `registrations` (ATT-14-10),
    /// for a deal's proposal to cite; the ownership verdict carries the newest as well.
    pub fn redistribution_of(
        &self,
        registrations: &[(Register, i64)],
    ) -> Result<Vec<Redistributed>> {
        self.read(|store| moves_covering(&store.conn, registrations))
    }
}
