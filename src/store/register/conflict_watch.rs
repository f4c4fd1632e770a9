//! The ownership conflicts kept by the writes (REG-6; issue 18): `conflict_watch` (018) holds
//! the registrations whose customer is in conflict, or may have become so, so the handover's
//! open items check a few customers again instead of one per registration since yesterday.
//!
//! # Why these rows are enough
//! A customer's check (of the identity a registration `r` carries) is a conflict when two
//! salespeople or more hold protected evidence among the registrations that match it. That
//! set of holders grows only when a matching registration is added (registered, imported,
//! or made to match by a correction) or the office's policy changes; time and rulings only
//! shrink it or settle it, and those the read checks again. REG-3's matches are symmetric,
//! so a registration `x` added by salesperson `S` changes the check of exactly those `r`
//! that `x`'s own check matches. Such an `r`, not in conflict before, is in conflict after
//! only if its one protected holder is someone other than `S`; when `r` is protected
//! evidence, that holder is `r`'s own salesperson. So a write watches: `x`, when a protected
//! holder other than `S` matches it; and each recent match `r` of another salesperson, or
//! that is not protected evidence itself (its holder is then unknown without its own check).
//! A registration dated after now is watched too: it counts once its time comes.
//!
//! Only registrations since the handover's window ([`conflict_since`]) are kept: older ones
//! are no source the handover reads (the conflicts it handed on are read from the handover).

use super::*;

use crate::domain::clock::business_day;
use crate::domain::workdays::local_hour;

/// The first moment whose registrations the handover checks: the start of the previous
/// office day (`CONFLICT_DAYS`), when a conflict arises at a registration.
pub(in crate::store) fn conflict_since(now: DateTime<Utc>, tz: Tz) -> DateTime<Utc> {
    let today = business_day(now, tz);
    let day = today
        .checked_sub_days(chrono::Days::new(crate::store::handover::CONFLICT_DAYS - 1))
        .unwrap_or(today);
    local_hour(day, 0, tz)
}

/// A registration just written (or corrected): what its check is read against.
#[derive(Debug, Clone, Copy)]
pub(in crate::store) struct Added {
    pub register: Register,
    pub id: i64,
    pub at: DateTime<Utc>,
    pub salesperson: StaffId,
}

/// Watches what `added` can have put in conflict, from `found`: the ownership check of its
/// identity at `now`, made before it was written or after (its own match is left out
/// either way). Drops the rows older than the handover's window.
pub(in crate::store) fn watch_added(
    tx: &Connection,
    added: Added,
    found: &Ownership,
    now: DateTime<Utc>,
    tz: Tz,
    policy: &Policy,
) -> Result<()> {
    let since = conflict_since(now, tz);
    let counts = |r: Register| r == Register::Visit || policy.phone_registration_is_evidence;
    let others = found
        .matches
        .iter()
        .filter(|m| (m.register, m.id) != (added.register, added.id));
    let mut watch: Vec<(Register, i64, DateTime<Utc>)> = Vec::new();
    let contested = others
        .clone()
        .any(|m| m.evidence && m.window.is_protected() && m.salesperson != added.salesperson);
    if added.at >= since && (contested || added.at > now) {
        watch.push((added.register, added.id, added.at));
    }
    if counts(added.register) {
        for m in others.filter(|m| m.at >= since) {
            let holder_unknown = !m.evidence || !m.window.is_protected();
            if m.salesperson != added.salesperson || holder_unknown {
                watch.push((m.register, m.id, m.at));
            }
        }
    }
    for (register, id, at) in watch {
        tx.prepare_cached(
            "INSERT OR IGNORE INTO conflict_watch (register, registration_id, at)
             VALUES (?1, ?2, ?3)",
        )?
        .execute(params![register_key(register), id, timestamp(at)])?;
    }
    tx.prepare_cached("DELETE FROM conflict_watch WHERE at < ?1")?
        .execute([timestamp(since)])?;
    Ok(())
}

/// [`watch_added`] for a registration already written (a correction, a load): its check is
/// made here, on its identity as it now reads.
pub(in crate::store) fn watch_written(
    tx: &Connection,
    register: Register,
    id: i64,
    now: DateTime<Utc>,
    tz: Tz,
    policy: &Policy,
) -> Result<()> {
    let Some(stored) = load(tx, register, id)? else {
        return Ok(());
    };
    let identity = get_identity(&stored.current)?;
    let found = ownership(tx, &identity, now, tz, policy, &[(register, id)])?;
    let added = Added {
        register,
        id,
        at: get_at(&stored.current)?,
        salesperson: get_staff(&stored.current)?,
    };
    watch_added(tx, added, &found, now, tz, policy)
}

/// [`watch_written`] with the office's settings: a registration just made at a desk, its
/// one ownership check made in its write.
pub(in crate::store) fn watch_registered(
    tx: &Connection,
    register: Register,
    id: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    let settings = crate::store::settings::office_settings_in(tx)?;
    watch_written(
        tx,
        register,
        id,
        now,
        settings.timezone(),
        settings.policy(),
    )
}

/// The highest key of `register` so far: a load's rows are those above it.
pub(in crate::store) fn last_key(tx: &Connection, register: Register) -> Result<i64> {
    let table = table_of(register);
    Ok(tx
        .prepare_cached(&format!("SELECT coalesce(max(id), 0) FROM {table}"))?
        .query_row([], |r| r.get(0))?)
}

/// Watches what a load (an import, the demo's register) can have put in conflict: the
/// registrations of `register` above `after` dated inside the handover's window, one check
/// each — a file of past years costs the few recent rows, never the whole load.
pub(in crate::store) fn watch_loaded(
    tx: &Connection,
    register: Register,
    after: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    let settings = crate::store::settings::office_settings_in(tx)?;
    let (tz, policy) = (settings.timezone(), settings.policy());
    let table = table_of(register);
    let ids: Vec<i64> = tx
        .prepare_cached(&format!(
            "SELECT id FROM {table} WHERE at >= ?1 AND id > ?2 ORDER BY id"
        ))?
        .query_map(params![timestamp(conflict_since(now, tz)), after], |r| {
            r.get(0)
        })?
        .collect::<rusqlite::Result<_>>()?;
    for id in ids {
        watch_written(tx, register, id, now, tz, policy)?;
    }
    Ok(())
}

/// Fills `conflict_watch` again from the registrations inside the handover's window, one
/// check per customer: when the file is upgraded to 018, and when the office's policy or
/// time zone changes (which can put any customer in conflict). The cost the handover paid
/// at every showing before issue 18, paid once.
pub(in crate::store) fn watch_recent(tx: &Connection, now: DateTime<Utc>) -> Result<()> {
    let settings = crate::store::settings::office_settings_in(tx)?;
    let (tz, policy) = (settings.timezone(), settings.policy());
    let since = conflict_since(now, tz);
    tx.execute("DELETE FROM conflict_watch", [])?;
    let mut checked: std::collections::HashMap<String, bool> = Default::default();
    for register in [Register::Visit, Register::Call] {
        let table = table_of(register);
        let ids: Vec<i64> = tx
            .prepare(&format!("SELECT id FROM {table} WHERE at >= ?1"))?
            .query_map([timestamp(since)], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for id in ids {
            let Some(stored) = load(tx, register, id)? else {
                continue;
            };
            let identity = get_identity(&stored.current)?;
            let at = get_at(&stored.current)?;
            let key = format!("{identity:?}");
            let conflict = match checked.get(&key) {
                Some(c) => *c,
                None => {
                    let found = ownership(tx, &identity, now, tz, policy, &[])?;
                    let c = matches!(found.verdict, Verdict::Conflict { .. });
                    checked.insert(key, c);
                    c
                }
            };
            if conflict || at > now {
                tx.prepare_cached(
                    "INSERT OR IGNORE INTO conflict_watch (register, registration_id, at)
                     VALUES (?1, ?2, ?3)",
                )?
                .execute(params![register_key(register), id, timestamp(at)])?;
            }
        }
    }
    Ok(())
}

/// The watched registrations registered from `since` to `now`, in the order the handover
/// checks them: visits, then calls where they are evidence, each by time.
pub(in crate::store) fn watched(
    conn: &Connection,
    since: DateTime<Utc>,
    now: DateTime<Utc>,
    policy: &Policy,
) -> Result<Vec<(Register, i64)>> {
    let mut out = Vec::new();
    let mut registers = vec![Register::Visit];
    if policy.phone_registration_is_evidence {
        registers.push(Register::Call);
    }
    for register in registers {
        let ids: Vec<i64> = conn
            .prepare_cached(
                "SELECT registration_id FROM conflict_watch
                 WHERE register = ?1 AND at >= ?2 AND at <= ?3 ORDER BY at, registration_id",
            )?
            .query_map(
                params![register_key(register), timestamp(since), timestamp(now)],
                |r| r.get(0),
            )?
            .collect::<rusqlite::Result<_>>()?;
        out.extend(ids.into_iter().map(|id| (register, id)));
    }
    Ok(out)
}

fn table_of(register: Register) -> &'static str {
    match register {
        Register::Visit => "visits",
        Register::Call => "calls",
    }
}
