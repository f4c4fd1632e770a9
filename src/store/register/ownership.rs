//! The earlier registrations the ownership check needs (REG-3 and its near misses), the
//! check itself on the store, and the ownership conflicts still open (REG-6).
//!
//! # Near misses
//! A phone one digit different from the typed one agrees with it either in its last four
//! digits (the slip is before them) or in everything before them (the slip is in them), so
//! the lookup reads two index ranges: `phone_last4 = ?` (which also holds the same surname +
//! same last four) and `phone` between the typed head and the head followed by `:`. The rows
//! found are narrowed in Rust, from the index alone (006), before they are read;
//! `ownership::check` decides.
//!
//! # The ownership check at a million rows
//! A common full name (张伟) matches hundreds of registrations over ten years, and reading
//! each whole was most of the check's time. The equalities' indexes hold the time beside the
//! key (006), so [`Store::ownership`] sorts what it found newest first without reading it, reads
//! whole only what can decide the verdict (the policy's longest window, the newest evidence,
//! the runs of the holders that can be in the verdict, plate matches, near misses and
//! corrected records) and only counts the rest. [`Store::earlier_registrations`] still reads
//! everything, for the full list.

use super::*;

/// The earlier registrations: REG-3's three equalities and the two near-miss ranges, in both
/// registers and in corrections. `?1` phone, `?2` full name, `?3` plate, `?4` last four,
/// `?5`/`?6` the head range. Columns: is a call, id, kind ([`SURE`]: equal phone or full name,
/// a match unless corrected; [`NEAR`]: to be narrowed by the phone and surname that follow;
/// [`READ`]: to be read whole — a plate, whose surname decides, or a correction), phone,
/// surname, the time as registered (sure and plate rows), and whether it has been corrected.
/// Every branch but the head range and the correction probe is answered from its index alone
/// (006 puts the time beside each key, and surname and phone beside the last four).
#[doc(hidden)]
pub const LOOKUP_SQL: &str = "
    SELECT 0, id, 0, NULL, NULL, at, EXISTS (SELECT 1 FROM register_corrections k
        WHERE k.register = 'visit' AND k.target_id = visits.id) FROM visits WHERE phone = ?1
    UNION ALL SELECT 0, id, 0, NULL, NULL, at, EXISTS (SELECT 1 FROM register_corrections k
        WHERE k.register = 'visit' AND k.target_id = visits.id) FROM visits WHERE full_name = ?2
    UNION ALL SELECT 0, id, 2, NULL, NULL, at, 1 FROM visits WHERE plate = ?3
    UNION ALL SELECT 0, id, 1, phone, surname, NULL, 0 FROM visits WHERE phone_last4 = ?4
    UNION ALL SELECT 0, id, 1, phone, surname, NULL, 0 FROM visits
        WHERE phone >= ?5 AND phone < ?6
    UNION ALL SELECT 1, id, 0, NULL, NULL, at, EXISTS (SELECT 1 FROM register_corrections k
        WHERE k.register = 'call' AND k.target_id = calls.id) FROM calls WHERE phone = ?1
    UNION ALL SELECT 1, id, 0, NULL, NULL, at, EXISTS (SELECT 1 FROM register_corrections k
        WHERE k.register = 'call' AND k.target_id = calls.id) FROM calls WHERE full_name = ?2
    UNION ALL SELECT 1, id, 1, phone, surname, NULL, 0 FROM calls WHERE phone_last4 = ?4
    UNION ALL SELECT 1, id, 1, phone, surname, NULL, 0 FROM calls
        WHERE phone >= ?5 AND phone < ?6
    UNION ALL SELECT register = 'call', target_id, 2, NULL, NULL, NULL, 1
        FROM register_corrections
        WHERE phone = ?1 OR full_name = ?2 OR plate = ?3 OR phone_last4 = ?4
           OR (phone >= ?5 AND phone < ?6)";

/// [`LOOKUP_SQL`]'s kinds of row.
#[doc(hidden)]
pub const SURE: i64 = 0;

#[doc(hidden)]
pub const NEAR: i64 = 1;

#[doc(hidden)]
pub const READ: i64 = 2;

pub(super) fn one_digit_off(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).filter(|(x, y)| x != y).count() == 1
}

/// The lookup's parameters for a typed identity: phone, full name, plate, last four, and the
/// head range.
#[doc(hidden)]
#[allow(clippy::type_complexity)]
pub fn lookup_params(
    typed: &Identity,
) -> (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
) {
    let phone = typed.phone.as_ref();
    let head = phone.map(|p| {
        let n = p.number();
        n[..n.len() - 4].to_owned()
    });
    (
        phone.map(|p| p.as_str().to_owned()),
        typed
            .name
            .as_ref()
            .and_then(|n| n.full())
            .map(str::to_owned),
        typed.plate.as_ref().map(|p| p.as_str().to_owned()),
        phone.map(|p| p.last4().to_owned()),
        head.clone(),
        head.map(|h| format!("{h}:")),
    )
}

/// A registration the lookup found, before it is read.
pub(super) struct Candidate {
    pub(super) register: Register,
    pub(super) id: i64,
    /// Equal phone or full name and never corrected: a REG-3 match without reading it.
    pub(super) sure: bool,
    /// A plate (the surname decides), a near miss, or corrected: read it to know.
    pub(super) must_read: bool,
    /// The time as registered, where the index had it.
    pub(super) at: Option<String>,
}

/// What [`LOOKUP_SQL`] finds for `typed`, each registration once, the near misses narrowed to
/// what can be one (same surname and last four, or a number one digit off).
pub(super) fn candidates(conn: &Connection, typed: &Identity) -> Result<Vec<Candidate>> {
    let (phone, full, plate, last4, lo, hi) = lookup_params(typed);
    let surname = typed.name.as_ref().map(|n| n.surname().to_owned());
    let number = typed.phone.as_ref().map(|p| p.number().to_owned());
    let mut found: Vec<Candidate> = Vec::new();
    let mut index: std::collections::HashMap<(bool, i64), usize> = Default::default();
    let mut stmt = conn.prepare_cached(LOOKUP_SQL)?;
    let mut rows = stmt.query(params![phone, full, plate, last4, lo, hi])?;
    while let Some(r) = rows.next()? {
        let (is_call, id, kind): (bool, i64, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
        if kind == NEAR {
            let text = |i| match r.get_ref(i) {
                Ok(ValueRef::Text(t)) => std::str::from_utf8(t).ok(),
                _ => None,
            };
            let (their_phone, their_surname) = (text(3), text(4));
            if their_phone.is_some() && their_phone == phone.as_deref() {
                // The same number: the equality's row, not a near miss.
                continue;
            }
            let their_number = their_phone.map(|p| p.split_once('x').map_or(p, |(n, _)| n));
            let same_surname = surname.is_some() && their_surname == surname.as_deref();
            let off = matches!((&number, their_number), (Some(a), Some(b)) if one_digit_off(a, b));
            if !same_surname && !off {
                continue;
            }
        }
        let corrected: bool = r.get(6)?;
        let sure = kind == SURE && !corrected;
        let must_read = kind != SURE || corrected;
        let at: Option<String> = r.get(5)?;
        match index.entry((is_call, id)) {
            std::collections::hash_map::Entry::Occupied(e) => {
                let c = &mut found[*e.get()];
                c.must_read |= must_read;
                c.sure = (c.sure || sure) && !c.must_read;
                c.at = c.at.take().or(at);
            }
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(found.len());
                found.push(Candidate {
                    register: if is_call {
                        Register::Call
                    } else {
                        Register::Visit
                    },
                    id,
                    sure: sure && !must_read,
                    must_read,
                    at,
                });
            }
        }
    }
    Ok(found)
}

pub(super) fn read_earlier(
    conn: &Connection,
    names: &mut Names,
    c: &Candidate,
) -> Result<Option<Earlier>> {
    match Line::of(conn, c.register, c.id)? {
        Some(line) => line.earlier(conn, names, c.register, c.id),
        None => Ok(None),
    }
}

pub(super) fn earlier(conn: &Connection, typed: &Identity, limit: usize) -> Result<Vec<Earlier>> {
    let mut names = Names::new();
    let mut found = Vec::new();
    for c in candidates(conn, typed)? {
        found.extend(read_earlier(conn, &mut names, &c)?);
    }
    found.sort_by_key(|e| std::cmp::Reverse((e.at, e.id)));
    found.truncate(limit);
    Ok(found)
}

/// The ownership check reading only what can decide it (see [`Store::ownership`]), leaving
/// out the registrations in `except` (a reception's own visit, when its ending asks whose
/// customer the visitor was before it).
pub(super) fn ownership(
    conn: &Connection,
    typed: &Identity,
    now: DateTime<Utc>,
    tz: Tz,
    policy: &Policy,
    except: &[(Register, i64)],
) -> Result<Ownership> {
    let mut names = Names::new();
    let mut found = candidates(conn, typed)?;
    found.retain(|c| !except.contains(&(c.register, c.id)));
    // Newest first by the time in the index; those without one are read anyway.
    found.sort_by(|a, b| b.at.cmp(&a.at).then(b.id.cmp(&a.id)));
    let valid = i64::from(policy.registration_valid_days);
    let longest = valid.max(i64::from(policy.unknowing_window_days()));
    // Two days' margin over each window: windows count calendar days in the office's zone.
    let horizon = timestamp(now - chrono::Duration::days(longest + 2));
    let evidence = |r: Register| r == Register::Visit || policy.phone_registration_is_evidence;
    // First: everything that must be read, everything inside the longest window, and the
    // newest registrations down to the newest that counts as evidence.
    let mut read: Vec<Earlier> = Vec::new();
    let mut later: Vec<&Candidate> = Vec::new();
    let mut newest_evidence = false;
    // Before this, a registration is surely not dated after the day of `now` in any zone.
    let past = timestamp(now - chrono::Duration::days(1));
    for c in &found {
        let recent = c.at.as_deref().is_none_or(|at| at >= horizon.as_str());
        if c.must_read || recent || !newest_evidence {
            read.extend(read_earlier(conn, &mut names, c)?);
            newest_evidence |= c.sure
                && evidence(c.register)
                && c.at.as_deref().is_some_and(|at| at < past.as_str());
        } else {
            later.push(c);
        }
    }
    // Then the runs (ownership.rs: a holder's place in a conflict is the start of their
    // unbroken run) of the holders that can be in the verdict: those registered inside the
    // window and the newest evidence's. A run reaches back only through registrations of the
    // same holder each within the valid days of the next, so an older row is read only while
    // it is within that reach of such a holder's oldest row read so far.
    // Evidence that matches (a registration later today counts in `check`; one dated after
    // today does not, and following its holder too is only a little more reading).
    let counts = |e: &Earlier| evidence(e.register) && !typed.matches(&e.identity).is_empty();
    let mut runs: std::collections::HashMap<StaffId, DateTime<Utc>> = Default::default();
    // The newest evidence surely not after today: `Expired`'s holder when nobody is protected.
    let newest = read
        .iter()
        .filter(|e| counts(e) && timestamp(e.at) < past)
        .max_by_key(|e| (e.at, e.id))
        .map(|e| (e.register, e.id));
    for e in read.iter().filter(|e| counts(e)) {
        if timestamp(e.at) >= horizon || newest == Some((e.register, e.id)) {
            let oldest = runs.entry(e.salesperson).or_insert(e.at);
            *oldest = (*oldest).min(e.at);
        }
    }
    // Every registration found, read or not, newest first: a run is followed through them
    // in time order.
    enum Slot<'a> {
        Read(usize),
        Unread(&'a Candidate),
    }
    let mut slots: Vec<(DateTime<Utc>, Slot)> = Vec::with_capacity(read.len() + later.len());
    slots.extend(read.iter().enumerate().map(|(i, e)| (e.at, Slot::Read(i))));
    for c in later {
        match c.at.as_deref().map(parse_timestamp) {
            Some(Ok(at)) => slots.push((at, Slot::Unread(c))),
            // Unreadable in the index: read it as it stands.
            _ => {
                if let Some(e) = read_earlier(conn, &mut names, c)? {
                    slots.push((e.at, Slot::Read(read.len())));
                    read.push(e);
                }
            }
        }
    }
    slots.sort_by_key(|s| std::cmp::Reverse(s.0));
    let reach = chrono::Duration::days(valid + 2);
    let (mut visits, mut calls) = (0_u32, false);
    for (at, slot) in slots {
        let within = runs.values().any(|oldest| at >= *oldest - reach);
        let e = match slot {
            Slot::Read(i) => &read[i],
            Slot::Unread(c) if within => match read_earlier(conn, &mut names, c)? {
                Some(e) => {
                    read.push(e);
                    read.last().expect("just pushed")
                }
                None => continue,
            },
            Slot::Unread(c) => {
                // Not read: a sure match, older than anything that decides; it only counts.
                match c.register {
                    Register::Visit => visits += 1,
                    Register::Call => calls = true,
                }
                continue;
            }
        };
        if within
            && counts(e)
            && let Some(oldest) = runs.get_mut(&e.salesperson)
        {
            *oldest = (*oldest).min(e.at);
        }
    }
    let mut o = check(typed, &read, now, tz, policy);
    o.visit_number += visits;
    if calls && !o.rules.contains(&"REG-9") {
        o.rules.insert(1.min(o.rules.len()), "REG-9");
    }
    Ok(o)
}

/// The ownership check on `conn` (a write's transaction, for a write that acts on it),
/// conflicts settled by the supervisors' rulings that saw them.
pub(in crate::store) fn settled_ownership(
    conn: &Connection,
    typed: &Identity,
    now: DateTime<Utc>,
    tz: Tz,
    policy: &Policy,
    except: &[(Register, i64)],
) -> Result<Ownership> {
    let found = ownership(conn, typed, now, tz, policy, except)?;
    let rulings = crate::store::ruling::rulings_for(conn, &found.contested())?;
    let found = settle(found, &rulings);
    // ATT-14-10: a redistribution that moved this customer, read from the registrations the
    // check matched, as the rulings are.
    let matched: Vec<(Register, i64)> = found
        .matches
        .iter()
        .filter(|m| m.evidence)
        .map(|m| (m.register, m.id))
        .collect();
    let moves = crate::store::redistribution::moves_covering(conn, &matched)?;
    Ok(crate::domain::register::redistribution::apply(
        found, &moves, now, tz, policy,
    ))
}

/// The visits registered for `reception` (the rotation's `c`), oldest first, each as it
/// reads now (corrections applied).
pub(in crate::store) fn reception_visits(
    conn: &Connection,
    reception: Seq,
) -> Result<Vec<(i64, VisitRegistration)>> {
    let ids: Vec<i64> = conn
        .prepare_cached("SELECT id FROM visits WHERE reception_seq = ?1 ORDER BY id")?
        .query_map([reception], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(stored) = load(conn, Register::Visit, id)? {
            out.push((id, visit_from(&stored.current)?));
        }
    }
    Ok(out)
}

/// One customer whose registrations are in conflict and no ruling settles (REG-6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenConflict {
    /// The customer's name as registered (corrected), or their phone when no name was given.
    pub customer: String,
    /// The holders, the earliest first: who the registers would name (REG-6).
    pub salespeople: Vec<StaffId>,
    /// The contested registrations, the earliest first.
    pub registrations: Vec<(Register, i64)>,
}

/// The ownership conflicts waiting for a supervisor among the customers registered (visits,
/// and calls where they are evidence) since `since`, checking every one of them: what the
/// handover did before issue 18, kept as the measure the kept conflicts are tested against.
/// The `carried` registrations (those of conflicts an earlier handover listed) are checked
/// first, so a conflict stays until a supervisor rules on it, however old (issue 16 §5).
#[cfg(test)]
pub(in crate::store) fn open_conflicts(
    conn: &Connection,
    carried: &[(Register, i64)],
    since: DateTime<Utc>,
    now: DateTime<Utc>,
    tz: Tz,
    policy: &Policy,
) -> Result<Vec<OpenConflict>> {
    let mut recent: Vec<(Register, i64)> = carried.to_vec();
    let mut tables = vec![(Register::Visit, "visits")];
    if policy.phone_registration_is_evidence {
        tables.push((Register::Call, "calls"));
    }
    for (register, table) in tables {
        let sql = format!("SELECT id FROM {table} WHERE at >= ?1 AND at <= ?2 ORDER BY at, id");
        let ids: Vec<i64> = conn
            .prepare_cached(&sql)?
            .query_map(params![timestamp(since), timestamp(now)], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        recent.extend(ids.into_iter().map(|id| (register, id)));
    }
    open_conflicts_among(conn, recent, now, tz, policy)
}

/// The ownership conflicts waiting for a supervisor among the customers of `sources` (in the
/// order given): each customer once, by the set of registrations it contests, named as the
/// first source of that set reads. One ownership check per customer: the handover's sources
/// are the conflicts it handed on and the few registrations the writes watch
/// (`conflict_watch`), never everyone registered since yesterday.
pub(in crate::store) fn open_conflicts_among(
    conn: &Connection,
    sources: Vec<(Register, i64)>,
    now: DateTime<Utc>,
    tz: Tz,
    policy: &Policy,
) -> Result<Vec<OpenConflict>> {
    let recent = sources;
    let mut seen: HashSet<String> = HashSet::new();
    let mut contested_seen: HashSet<Vec<(Register, i64)>> = HashSet::new();
    let mut out = Vec::new();
    for (register, id) in recent {
        let Some(stored) = load(conn, register, id)? else {
            continue;
        };
        let identity = get_identity(&stored.current)?;
        // The same customer registered twice today is checked once.
        if !seen.insert(format!("{identity:?}")) {
            continue;
        }
        let found = ownership(conn, &identity, now, tz, policy, &[])?;
        let rulings = crate::store::ruling::rulings_for(conn, &found.contested())?;
        let found = settle(found, &rulings);
        let Verdict::Conflict { holders } = &found.verdict else {
            continue;
        };
        let mut contested = found.contested();
        let at = |r: &(Register, i64)| {
            found
                .matches
                .iter()
                .find(|m| (m.register, m.id) == *r)
                .map(|m| m.at)
        };
        contested.sort_by_key(|r| (at(r), r.0 == Register::Call, r.1));
        if !contested_seen.insert(contested.clone()) {
            continue;
        }
        let customer = get_text(&stored.current, "name")
            .or_else(|| get_text(&stored.current, "phone"))
            .unwrap_or_default();
        out.push(OpenConflict {
            customer,
            salespeople: holders.iter().map(|c| c.owner).collect(),
            registrations: contested,
        });
    }
    Ok(out)
}
