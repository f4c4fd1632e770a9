//! The visitor and phone registers in the database (REG-1, REG-2, REG-4; issue 8 §1, §4):
//! registering, correcting (a new row, never an edit), the earlier registrations the
//! ownership check needs (REG-3 and its near misses), the search as you type and a customer's
//! whole record. Every write is one transaction with its hash-chain links and audit row.
//!
//! The module by job: `fields` (a registration's fields as JSON and read back, a record's
//! line), `write` (inserting and correcting, one row or in bulk), `text_index` (the
//! search keys: trigram rows, grams, fragments, their backfills), `search` (query plans
//! and the search) and `ownership` (candidates, earlier registrations, the ownership check,
//! open conflicts); the types and the `Store` entry points are here. Each part reads the
//! others' items and the imports below through `use super::*`; what was private to the
//! registers is `pub(super)` in its part, and what the rest of the store reads is
//! `pub(in crate::store)`, so nothing is more visible than before the split.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use chrono::{DateTime, Utc};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value as Json;

use super::{Result, Store, StoreError, audit, chain, parse_timestamp, timestamp};
use chrono_tz::Tz;

use crate::domain::policy::Policy;
use crate::domain::register::{
    CallRegistration, Class, CustomerName, Earlier, Identity, Ownership, Phone, Plate, Register,
    Source, Verdict, VisitRegistration, check, initials, settle,
};
use crate::domain::rotation::Seq;
use crate::domain::staff::StaffId;

mod conflict_watch;
mod fields;
mod ownership;
mod search;
mod text_index;
mod write;

pub(in crate::store) use conflict_watch::*;
pub use fields::*;
pub use ownership::*;
pub use search::*;
pub use text_index::*;
pub use write::*;

/// A visit's row id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VisitId(pub i64);

/// A call's row id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CallId(pub i64);

/// How long a correction's reason may be.
pub const REASON_MAX_CHARS: usize = 200;

/// What the search box narrows by.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchFilters {
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub salesperson: Option<StaffId>,
    /// Calls have no class: a class filter lists visits only.
    pub class: Option<Class>,
    pub source: Option<Source>,
}

/// One line of a search result: the record as corrected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterRow {
    pub register: Register,
    pub id: i64,
    pub at: DateTime<Utc>,
    pub name: Option<CustomerName>,
    pub phone: Option<Phone>,
    pub plate: Option<Plate>,
    pub salesperson: StaffId,
    pub class: Option<Class>,
    pub source: Option<Source>,
    /// Whether a correction changed it since it was registered.
    pub corrected: bool,
}

/// A correction as the record view lists it (REG-4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub operator: StaffId,
    pub reason: String,
    /// The stored columns it changed, with their new values (`None` cleared).
    pub changes: Vec<(String, Option<String>)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitRecord {
    pub id: VisitId,
    /// As corrected.
    pub visit: VisitRegistration,
    pub as_registered: VisitRegistration,
    pub reception: Option<Seq>,
    pub operator: StaffId,
    pub recorded_at: DateTime<Utc>,
    /// Oldest first.
    pub corrections: Vec<Correction>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallRecord {
    pub id: CallId,
    pub call: CallRegistration,
    pub as_registered: CallRegistration,
    pub operator: StaffId,
    pub recorded_at: DateTime<Utc>,
    pub corrections: Vec<Correction>,
}

/// Everything the registers hold about one customer: every visit and call that is the same
/// customer by REG-3 as the record opened, oldest first, each with its corrections.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomerRecord {
    pub visits: Vec<VisitRecord>,
    pub calls: Vec<CallRecord>,
}

fn register_key(register: Register) -> &'static str {
    match register {
        Register::Visit => "visit",
        Register::Call => "call",
    }
}

pub(in crate::store) fn reference(register: Register, id: i64) -> i64 {
    (id << 2)
        | match register {
            Register::Visit => 0,
            Register::Call => 1,
        }
}

pub(in crate::store) fn from_reference(reference: i64) -> Option<(Register, i64)> {
    match reference & 3 {
        0 => Some((Register::Visit, reference >> 2)),
        1 => Some((Register::Call, reference >> 2)),
        _ => None,
    }
}

impl Store {
    /// Registers a visit (REG-1), validated by `validate_visit`; `reception` links it to the
    /// rotation's reception it came from. Chained and audited in the same transaction.
    pub fn register_visit(
        &mut self,
        operator: StaffId,
        visit: &VisitRegistration,
        reception: Option<Seq>,
        now: DateTime<Utc>,
    ) -> Result<VisitId> {
        self.write(|tx| {
            let id = insert_visit(tx, operator, visit, reception, now)?;
            watch_registered(tx, Register::Visit, id, now)?;
            audit(
                tx,
                now,
                Some(operator),
                None,
                "register_visit",
                &format!("visit {id}, salesperson {}", visit.salesperson),
            )?;
            Ok(VisitId(id))
        })
    }

    /// Registers a phone inquiry (REG-2), validated by `validate_call`.
    pub fn register_call(
        &mut self,
        operator: StaffId,
        call: &CallRegistration,
        now: DateTime<Utc>,
    ) -> Result<CallId> {
        self.write(|tx| {
            let id = insert_call(tx, operator, call, now)?;
            watch_registered(tx, Register::Call, id, now)?;
            audit(
                tx,
                now,
                Some(operator),
                None,
                "register_call",
                &format!("call {id}, answered by {}", call.answered_by),
            )?;
            Ok(CallId(id))
        })
    }

    /// Corrects a visit (REG-4): `corrected` is the whole visit as it should read; what
    /// differs from the record as it stands is written as a new correction row with the
    /// reason. The visit itself is never changed.
    pub fn correct_visit(
        &mut self,
        operator: StaffId,
        id: VisitId,
        corrected: &VisitRegistration,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let fields = visit_fields(corrected);
        self.correct(
            operator,
            Register::Visit,
            id.0,
            fields,
            corrected.identity(),
            reason,
            now,
        )
    }

    /// Corrects a call (REG-4), as [`Store::correct_visit`].
    pub fn correct_call(
        &mut self,
        operator: StaffId,
        id: CallId,
        corrected: &CallRegistration,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let fields = call_fields(corrected);
        self.correct(
            operator,
            Register::Call,
            id.0,
            fields,
            corrected.identity(),
            reason,
            now,
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn correct(
        &mut self,
        operator: StaffId,
        register: Register,
        id: i64,
        fields: Fields,
        identity: Identity,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let reason =
            crate::domain::text::required(reason, REASON_MAX_CHARS).map_err(StoreError::Reason)?;
        self.write(|tx| correct_in(tx, operator, register, id, fields, identity, &reason, now))
    }

    /// A visit as registered and as corrected, with its corrections.
    pub fn visit(&self, id: VisitId) -> Result<Option<VisitRecord>> {
        load(&self.conn, Register::Visit, id.0)?
            .map(|s| visit_record(id.0, s))
            .transpose()
    }

    /// A call as registered and as corrected, with its corrections.
    pub fn call(&self, id: CallId) -> Result<Option<CallRecord>> {
        load(&self.conn, Register::Call, id.0)?
            .map(|s| call_record(id.0, s))
            .transpose()
    }

    /// Every visit and call that may be the typed customer, corrections applied, for
    /// `ownership::check`: those matching by REG-3 (same phone, same full name, same plate —
    /// the surname is compared by the check) and the near misses (same last four digits, a
    /// phone one digit different). At most `limit`, the newest.
    pub fn earlier_registrations(&self, typed: &Identity, limit: usize) -> Result<Vec<Earlier>> {
        self.read(|store| earlier(&store.conn, typed, limit))
    }

    /// The ownership check for a typed identity (REG-3, REG-5, REG-6, REG-9; `ownership::check`
    /// over the registers), reading whole only the registrations that can decide it: those
    /// inside the policy's longest window (with two days' margin), the newest down to the
    /// newest that counts as evidence, the plate matches, near misses and corrected records,
    /// and, for the holders that can be in the verdict, their runs back to where they break.
    /// Older registrations that match for sure (same phone or full name, never corrected) are
    /// only counted: `visit_number` counts them and REG-9 is cited for them, but `matches`
    /// lists only what was read ([`Store::earlier_registrations`] lists everything). The
    /// verdict is the one `check` gives over every earlier registration; a common full name
    /// (张伟 at a million rows) costs a few rows, not every 张伟 in ten years.
    pub fn ownership(
        &self,
        typed: &Identity,
        now: DateTime<Utc>,
        tz: Tz,
        policy: &Policy,
    ) -> Result<Ownership> {
        self.read(|store| settled_ownership(&store.conn, typed, now, tz, policy, &[]))
    }

    /// One page of the registers matching `query` (see the module's search paths), newest
    /// first. `page` is (offset, limit).
    pub fn search(
        &self,
        query: &str,
        filters: &SearchFilters,
        page: (usize, usize),
    ) -> Result<Vec<RegisterRow>> {
        self.read(|store| search(&store.conn, query, filters, page))
    }

    /// The customer of one visit or call: every visit and call that is the same customer by
    /// REG-3 (as corrected), oldest first, with their corrections.
    pub fn customer(&self, register: Register, id: i64) -> Result<CustomerRecord> {
        self.read(|store| {
            let conn = &store.conn;
            let stored = load(conn, register, id)?.ok_or(StoreError::NoSuchRegistration(id))?;
            let identity = get_identity(&stored.current)?;
            let mut record = CustomerRecord::default();
            let mut same: Vec<(DateTime<Utc>, Register, i64)> =
                earlier(conn, &identity, usize::MAX)?
                    .into_iter()
                    .filter(|e| !identity.matches(&e.identity).is_empty())
                    .map(|e| (e.at, e.register, e.id))
                    .collect();
            if !same.iter().any(|(_, r, i)| (*r, *i) == (register, id)) {
                same.push((get_at(&stored.current)?, register, id));
            }
            same.sort_by_key(|(at, r, i)| (*at, *r == Register::Call, *i));
            for (_, register, id) in same {
                let s = load(conn, register, id)?.ok_or(StoreError::NoSuchRegistration(id))?;
                match register {
                    Register::Visit => record.visits.push(visit_record(id, s)?),
                    Register::Call => record.calls.push(call_record(id, s)?),
                }
            }
            Ok(record)
        })
    }
}

#[cfg(test)]
pub(crate) mod tests;
