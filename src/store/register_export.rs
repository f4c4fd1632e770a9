//! The registers in and out (issue 8 §3): the records of a date range with their corrections
//! applied, handed to a [`RegisterSink`] one at a time from one read of the register (issue
//! 18), then audited with the chain head they were read at; an
//! office's old register written in one transaction, every visit chained, the salespeople it
//! names who are not on the staff list added inactive, and one audit row for it all; and the
//! same bulk write for the demo's register.
//!
//! Who may: an export or an import needs a supervisor's [`Approval`] (SEC-1/2), checked again
//! inside the write, as every supervisor-only write is.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Transaction, params};

use super::register::{self, CallId, CallRecord, VisitId, VisitRecord};
use super::staff::{self, still_supervisor};
use super::{Approval, ChainHead, Result, Store, StoreError, audit, chain, timestamp};
use crate::domain::register::{CallRegistration, Register, VisitRegistration};
use crate::domain::staff::{Role, StaffId};

/// What an export knows before its first row: how many rows it will write, and the heads
/// of the register's chain and of the corrections' chain at the moment it reads.
#[derive(Debug, Clone)]
pub struct ExportStart {
    pub rows: u64,
    /// The head of the visits' or the calls' chain.
    pub head: ChainHead,
    /// The head of the corrections' chain: corrected values are vouched for by it.
    pub corrections_head: ChainHead,
}

/// One record of an export, as corrected.
#[derive(Debug, Clone, Copy)]
pub enum ExportedRecord<'a> {
    Visit(&'a VisitRecord),
    Call(&'a CallRecord),
}

/// Where an export's rows go, one at a time (issue 18: a million rows are never held at
/// once). Any error ends the export: nothing is audited and the error is returned.
pub trait RegisterSink {
    type Error;
    /// Before the first row.
    fn start(&mut self, start: &ExportStart) -> std::result::Result<(), Self::Error>;
    /// Each record, oldest first (by corrected time, then number).
    fn record(&mut self, record: ExportedRecord<'_>) -> std::result::Result<(), Self::Error>;
    /// After the last row, before the audit row is written: the file is finished here.
    fn end(&mut self) -> std::result::Result<(), Self::Error>;
}

/// What an export wrote: the rows, and the chain heads it read them at.
#[derive(Debug, Clone)]
pub struct Exported {
    pub rows: u64,
    pub head: ChainHead,
    pub corrections_head: ChainHead,
}

/// The time range of an export: `from` inclusive, `to` exclusive; either may be open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExportRange {
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

impl ExportRange {
    fn contains(&self, at: DateTime<Utc>) -> bool {
        self.from.is_none_or(|f| at >= f) && self.to.is_none_or(|t| at < t)
    }
}

/// Who received an imported visit: someone on the staff list, or the n-th of the import's
/// new salespeople (added inactive in the same transaction).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Receiver {
    Staff(StaffId),
    New(usize),
}

/// One visit of an imported register, validated; its `salesperson` is ignored when the
/// receiver is new.
#[derive(Debug, Clone)]
pub struct ImportedVisit {
    pub visit: VisitRegistration,
    pub receiver: Receiver,
}

/// One call of an imported phone register, validated; its `answered_by` is ignored when
/// the receiver is new.
#[derive(Debug, Clone)]
pub struct ImportedCall {
    pub call: CallRegistration,
    pub receiver: Receiver,
}

/// What an import wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// The visits or calls written.
    pub rows: usize,
    /// The rows given that the register already held (same time, name, phone and
    /// salesperson), by the tag each came with (the importer's line): not written again.
    pub already: Vec<usize>,
    /// The new salespeople's ids, in the order they were given.
    pub added: Vec<StaffId>,
    /// The visits' or calls' chain head after the import.
    pub head: ChainHead,
}

fn table_of(register: Register) -> (&'static str, &'static str, chain::Chained) {
    match register {
        Register::Visit => ("visits", "visit", chain::VISITS),
        Register::Call => ("calls", "call", chain::CALLS),
    }
}

/// The records of `register` whose time a correction changed, as corrected: the few whose
/// place in the export is not their stored time's. Their ids, all of them; and those now
/// in `range`, in export order, with their corrected time.
struct Moved<R> {
    ids: HashSet<i64>,
    /// In range as corrected; sorted by (time, id).
    inside: Vec<(DateTime<Utc>, i64, R)>,
    /// How many of them the stored time puts in range (counted there, but not exported
    /// there).
    stored_inside: u64,
}

fn moved<R>(
    store: &Store,
    register: Register,
    range: ExportRange,
    load: impl Fn(&Store, i64) -> Result<Loaded<R>>,
) -> Result<Moved<R>> {
    let (_, key, _) = table_of(register);
    let ids = store
        .conn
        .prepare(
            "SELECT DISTINCT target_id FROM register_corrections
             WHERE register = ?1 AND json_extract(changes, '$.at') IS NOT NULL",
        )?
        .query_map([key], |r| r.get(0))?
        .collect::<rusqlite::Result<HashSet<i64>>>()?;
    let mut inside = Vec::new();
    let mut stored_inside = 0;
    for &id in &ids {
        let Some((record, stored_at, corrected_at)) = load(store, id)? else {
            continue;
        };
        stored_inside += u64::from(range.contains(stored_at));
        if range.contains(corrected_at) {
            inside.push((corrected_at, id, record));
        }
    }
    inside.sort_by_key(|(at, id, _)| (*at, *id));
    Ok(Moved {
        ids,
        inside,
        stored_inside,
    })
}

/// A record with its time as registered and as corrected.
type Loaded<R> = Option<(R, DateTime<Utc>, DateTime<Utc>)>;

fn load_visit(store: &Store, id: i64) -> Result<Loaded<VisitRecord>> {
    Ok(store.visit(VisitId(id))?.map(|r| {
        let (stored, corrected) = (r.as_registered.visited_at, r.visit.visited_at);
        (r, stored, corrected)
    }))
}

fn load_call(store: &Store, id: i64) -> Result<Loaded<CallRecord>> {
    Ok(store.call(CallId(id))?.map(|r| {
        let (stored, corrected) = (r.as_registered.called_at, r.call.called_at);
        (r, stored, corrected)
    }))
}

fn as_visit(record: &VisitRecord) -> ExportedRecord<'_> {
    ExportedRecord::Visit(record)
}

fn as_call(record: &CallRecord) -> ExportedRecord<'_> {
    ExportedRecord::Call(record)
}

/// Streams `register`'s records in `range` to `sink`, in order of corrected time then id:
/// the stored rows through the time index, one at a time, merged with the few whose time
/// was corrected. Returns how many were sent.
#[allow(clippy::too_many_arguments)]
fn stream<R, S: RegisterSink>(
    store: &Store,
    register: Register,
    range: ExportRange,
    load: impl Fn(&Store, i64) -> Result<Loaded<R>>,
    as_record: impl Fn(&R) -> ExportedRecord<'_>,
    sink: &mut S,
    heads: (ChainHead, ChainHead),
    failed: &mut Option<S::Error>,
) -> Result<u64> {
    let (table, _, _) = table_of(register);
    let from = range.from.map_or_else(String::new, timestamp);
    let to = range.to.map_or_else(|| "~".to_owned(), timestamp);
    let moved = moved(store, register, range, &load)?;
    let stored: i64 = store.conn.query_row(
        &format!("SELECT count(*) FROM {table} WHERE at >= ?1 AND at < ?2"),
        params![from, to],
        |r| r.get(0),
    )?;
    let rows = u64::try_from(stored).unwrap_or(0) - moved.stored_inside + moved.inside.len() as u64;
    let start = ExportStart {
        rows,
        head: heads.0,
        corrections_head: heads.1,
    };
    let mut send = |record: ExportedRecord<'_>, sink: &mut S| -> Result<()> {
        sink.record(record).map_err(|e| {
            *failed = Some(e);
            StoreError::Other("the export file was not written".into())
        })
    };
    if let Err(e) = sink.start(&start) {
        *failed = Some(e);
        return Err(StoreError::Other("the export file was not written".into()));
    }
    let mut sent = 0;
    let mut pending = moved.inside.into_iter().peekable();
    let mut ids = store.conn.prepare(&format!(
        "SELECT id FROM {table} WHERE at >= ?1 AND at < ?2 ORDER BY at, id"
    ))?;
    let mut found = ids.query(params![from, to])?;
    while let Some(row) = found.next()? {
        let id: i64 = row.get(0)?;
        if moved.ids.contains(&id) {
            continue;
        }
        let Some((record, at, _)) = load(store, id)? else {
            continue;
        };
        while let Some((_, _, earlier)) = pending.next_if(|(t, i, _)| (*t, *i) < (at, id)) {
            send(as_record(&earlier), sink)?;
            sent += 1;
        }
        send(as_record(&record), sink)?;
        sent += 1;
    }
    for (_, _, record) in pending {
        send(as_record(&record), sink)?;
        sent += 1;
    }
    if let Err(e) = sink.end() {
        *failed = Some(e);
        return Err(StoreError::Other("the export file was not written".into()));
    }
    Ok(sent)
}

impl Store {
    /// Exports `register`'s records whose (corrected) time falls in `range`, oldest first,
    /// to `sink` one at a time, then writes its audit row (`export_visits` or `export_calls`:
    /// the range as the caller describes it, the row count, the file name and the chain head
    /// the rows were read at).
    ///
    /// The rows are read in one read transaction — one moment of the register, whatever
    /// other desks write meanwhile — and the audit row is written after it in a write of its
    /// own, so a long export never holds the other desks' writes (issue 18). The supervisor
    /// is checked again in that write. When the sink fails nothing is audited and its error
    /// is returned inside `Ok`; the outer error is the store's (then the sink may have
    /// finished its file: the caller removes it, as an export nobody accounted for).
    #[allow(clippy::too_many_arguments)]
    pub fn export_register<S: RegisterSink>(
        &mut self,
        approval: Approval,
        register: Register,
        range: ExportRange,
        range_text: &str,
        file: &str,
        now: DateTime<Utc>,
        sink: &mut S,
    ) -> Result<std::result::Result<Exported, S::Error>> {
        let mut failed = None;
        let (_, key, chained) = table_of(register);
        let read = self.read(|store| {
            let heads = (
                chain::head(&store.conn, &chained)?,
                chain::head(&store.conn, &chain::REGISTER_CORRECTIONS)?,
            );
            let rows = match register {
                Register::Visit => stream(
                    store,
                    register,
                    range,
                    load_visit,
                    as_visit,
                    sink,
                    heads.clone(),
                    &mut failed,
                )?,
                Register::Call => stream(
                    store,
                    register,
                    range,
                    load_call,
                    as_call,
                    sink,
                    heads.clone(),
                    &mut failed,
                )?,
            };
            Ok(Exported {
                rows,
                head: heads.0,
                corrections_head: heads.1,
            })
        });
        let exported = match (read, failed) {
            (_, Some(e)) => return Ok(Err(e)),
            (Err(e), None) => return Err(e),
            (Ok(exported), None) => exported,
        };
        self.write(|tx| {
            let supervisor = still_supervisor(tx, approval)?;
            audit(
                tx,
                now,
                Some(supervisor),
                Some(supervisor),
                &format!("export_{key}s"),
                &format!(
                    "{range_text}, {} rows, to {file}, chain head {}",
                    exported.rows,
                    exported.head.short()
                ),
            )
        })?;
        Ok(Ok(exported))
    }

    /// Whether the register already holds this visit (same time, name, phone and
    /// salesperson): what [`Store::import_visits`] would skip, for a dry run, which writes
    /// nothing. A salesperson still to be added holds nothing.
    pub fn visit_already_registered(&self, imported: &ImportedVisit) -> Result<bool> {
        match imported.receiver {
            Receiver::Staff(salesperson) => visit_already_registered(
                &self.conn,
                &VisitRegistration {
                    salesperson,
                    ..imported.visit.clone()
                },
            ),
            Receiver::New(_) => Ok(false),
        }
    }

    /// Whether the register already holds this call (same time, caller, phone and who
    /// answered): what [`Store::import_calls`] would skip.
    pub fn call_already_registered(&self, imported: &ImportedCall) -> Result<bool> {
        match imported.receiver {
            Receiver::Staff(answered_by) => call_already_registered(
                &self.conn,
                &CallRegistration {
                    answered_by,
                    ..imported.call.clone()
                },
            ),
            Receiver::New(_) => Ok(false),
        }
    }

    /// Imports an office's visitor register (issue 8 §3) in one transaction: `new_salespeople`
    /// are added as inactive salespeople (each audited as `add_staff`), every visit is
    /// inserted and chained in the order given, and one `import_visits` audit row names the
    /// file, the count and the chain head. Anything refused writes nothing, and so does a
    /// row source that fails or stops halfway (issue 18: the rows are streamed from the
    /// file, each with the caller's tag, its line, by which [`Imported::already`] names it).
    ///
    /// `approval` `None` is a rehearsal: the same writes, timed and rolled back, for a dry
    /// run to say how long the real one will hold the desks (written by the first
    /// supervisor, audited as nothing: the transaction is never committed).
    pub fn import_visits(
        &mut self,
        load: Load<'_>,
        visits: impl Iterator<Item = Result<(usize, ImportedVisit)>>,
    ) -> Result<Imported> {
        let now = load.now;
        self.import_rows(
            load,
            visits,
            Register::Visit,
            |v| v.receiver,
            |tx, bulk, supervisor, imported, salesperson| {
                let visit = VisitRegistration {
                    salesperson,
                    ..imported.visit
                };
                if visit_already_registered(tx, &visit)? {
                    return Ok(false);
                }
                bulk.visit(tx, supervisor, &visit, now)?;
                Ok(true)
            },
        )
    }

    /// Imports an office's phone register (REG-2, issue 18) as [`Store::import_visits`]
    /// imports visits: one transaction, new answerers added inactive, every call chained,
    /// calls the register already holds skipped, one `import_calls` audit row.
    pub fn import_calls(
        &mut self,
        load: Load<'_>,
        calls: impl Iterator<Item = Result<(usize, ImportedCall)>>,
    ) -> Result<Imported> {
        let now = load.now;
        self.import_rows(
            load,
            calls,
            Register::Call,
            |c| c.receiver,
            |tx, bulk, supervisor, imported, answered_by| {
                let call = CallRegistration {
                    answered_by,
                    ..imported.call
                };
                if call_already_registered(tx, &call)? {
                    return Ok(false);
                }
                bulk.call(tx, supervisor, &call, now)?;
                Ok(true)
            },
        )
    }

    /// The import of either register: the new salespeople added, then each row written by
    /// `write` (false: the register already held it), then the audit row. The search rows
    /// held back for speed are written every [`FLUSH_EVERY`] rows, so nothing held grows
    /// with the file.
    fn import_rows<T>(
        &mut self,
        load: Load<'_>,
        rows: impl Iterator<Item = Result<(usize, T)>>,
        register: Register,
        receiver: impl Fn(&T) -> Receiver,
        mut write: impl FnMut(
            &Transaction<'_>,
            &mut register::Bulk,
            StaffId,
            T,
            StaffId,
        ) -> Result<bool>,
    ) -> Result<Imported> {
        let Load {
            approval,
            new_salespeople,
            file,
            skipped,
            now,
        } = load;
        let (table, key, chained) = table_of(register);
        let commit = approval.is_some();
        self.in_bulk(commit, |tx| {
            let supervisor = match approval {
                Some(approval) => still_supervisor(tx, approval)?,
                None => first_supervisor(tx)?,
            };
            let mut bulk = register::Bulk::default();
            let mut added = Vec::with_capacity(new_salespeople.len());
            for name in new_salespeople {
                let name = crate::domain::staff::validate_name(name).map_err(StoreError::Name)?;
                let id = staff::insert_staff(tx, &name, Role::Salesperson, None, false, now)?;
                audit(
                    tx,
                    now,
                    Some(supervisor),
                    Some(supervisor),
                    "add_staff",
                    &format!(
                        "{name} as salesperson, inactive: named in the imported register {file}"
                    ),
                )?;
                added.push(id);
            }
            let before = register::last_key(tx, register)?;
            let mut already = Vec::new();
            let mut written = 0;
            for (n, row) in rows.enumerate() {
                let (tag, row) = row?;
                let salesperson = match receiver(&row) {
                    Receiver::Staff(id) => id,
                    Receiver::New(n) => *added.get(n).ok_or_else(|| {
                        StoreError::Other(format!("no new salesperson number {n}"))
                    })?,
                };
                if write(tx, &mut bulk, supervisor, row, salesperson)? {
                    written += 1;
                } else {
                    already.push(tag);
                }
                if (n + 1) % FLUSH_EVERY == 0 {
                    bulk.flush(tx)?;
                }
            }
            bulk.finish(tx)?;
            register::watch_loaded(tx, register, before, now)?;
            let head = chain::head(tx, &chained)?;
            audit(
                tx,
                now,
                Some(supervisor),
                Some(supervisor),
                &format!("import_{table}"),
                &format!(
                    "{written} {key}s from {file}, {skipped} rows skipped, {} already in the \
                     register, {} salespeople added inactive, chain head {}",
                    already.len(),
                    added.len(),
                    head.short()
                ),
            )?;
            Ok(Imported {
                rows: written,
                already,
                added,
                head,
            })
        })
    }

    /// Writes many visits and calls at once, each chained, in one transaction with one audit
    /// row (`action`, with the counts) at `now`: the demo's register. Visits first, then
    /// calls, each in the order given; each row is recorded at its own visit or call time, as
    /// a desk registering as it happened would have.
    #[doc(hidden)]
    pub fn register_in_bulk(
        &mut self,
        operator: StaffId,
        visits: &[VisitRegistration],
        calls: &[CallRegistration],
        action: &str,
        now: DateTime<Utc>,
    ) -> Result<(Vec<VisitId>, Vec<CallId>)> {
        self.in_bulk(true, |tx| {
            let before = (
                register::last_key(tx, Register::Visit)?,
                register::last_key(tx, Register::Call)?,
            );
            let mut bulk = register::Bulk::default();
            let mut visit_ids = Vec::with_capacity(visits.len());
            for visit in visits {
                visit_ids.push(VisitId(bulk.visit(
                    tx,
                    operator,
                    visit,
                    visit.visited_at,
                )?));
            }
            let mut call_ids = Vec::with_capacity(calls.len());
            for call in calls {
                call_ids.push(CallId(bulk.call(tx, operator, call, call.called_at)?));
            }
            bulk.finish(tx)?;
            register::watch_loaded(tx, Register::Visit, before.0, now)?;
            register::watch_loaded(tx, Register::Call, before.1, now)?;
            audit(
                tx,
                now,
                Some(operator),
                None,
                action,
                &format!("{} visits, {} calls", visits.len(), calls.len()),
            )?;
            Ok((visit_ids, call_ids))
        })
    }

    /// `write`, with room for a large transaction: a page cache of [`BULK_CACHE_KIB`] (a
    /// bigger transaction spills to the WAL, still one transaction) and statement journals
    /// in memory. Restored afterwards. Not `commit`: rolled back (a rehearsal).
    pub(super) fn in_bulk<T>(
        &mut self,
        commit: bool,
        f: impl FnOnce(&Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        let cache: i64 = self.conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        self.conn
            .pragma_update(None, "cache_size", BULK_CACHE_KIB)?;
        self.conn.pragma_update(None, "temp_store", "MEMORY")?;
        let written = match commit {
            true => self.write(f),
            false => self.rehearse(f),
        };
        let _ = self.conn.pragma_update(None, "cache_size", cache);
        let _ = self.conn.pragma_update(None, "temp_store", "DEFAULT");
        written
    }
}

/// What every import is given besides its rows.
pub struct Load<'a> {
    /// The supervisor's; `None` rehearses the import and rolls it back.
    pub approval: Option<Approval>,
    /// Salespeople the rows name who are not on the staff list, added inactive; a row's
    /// [`Receiver::New`] numbers them.
    pub new_salespeople: &'a [String],
    /// The file, as the audit names it.
    pub file: &'a str,
    /// Bad rows left out (`--skip-bad`).
    pub skipped: usize,
    pub now: DateTime<Utc>,
}

/// How many rows an import writes before it writes the search rows held back.
const FLUSH_EVERY: usize = 20_000;

/// Who a rehearsed import is written by: the first supervisor (rolled back, so nobody).
fn first_supervisor(tx: &Transaction<'_>) -> Result<StaffId> {
    Ok(tx.query_row(
        "SELECT id FROM staff WHERE role = 'supervisor' ORDER BY id LIMIT 1",
        [],
        |r| r.get(0),
    )?)
}

/// The page cache of a bulk write, in KiB as `cache_size` takes it (negative).
const BULK_CACHE_KIB: i64 = -64 * 1024;

/// Whether the register already holds this visit: the same moment, name, phone and
/// salesperson (answered from the `visits_at` index).
fn visit_already_registered(conn: &Connection, v: &VisitRegistration) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM visits WHERE at = ?1 AND salesperson_id = ?2 \
             AND name IS ?3 AND phone IS ?4)",
        )?
        .query_row(
            params![
                timestamp(v.visited_at),
                v.salesperson,
                v.name.as_ref().map(|n| n.as_str()),
                v.phone.as_ref().map(|p| p.as_str()),
            ],
            |r| r.get(0),
        )?)
}

/// Whether the register already holds this call: the same moment, caller, phone and who
/// answered.
fn call_already_registered(conn: &Connection, c: &CallRegistration) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM calls WHERE at = ?1 AND salesperson_id = ?2 \
             AND name IS ?3 AND phone IS ?4)",
        )?
        .query_row(
            params![
                timestamp(c.called_at),
                c.answered_by,
                c.caller.as_ref().map(|n| n.as_str()),
                c.phone.as_ref().map(|p| p.as_str()),
            ],
            |r| r.get(0),
        )?)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::domain::register::{Class, CustomerName, Phone, Plate, Source};
    use crate::domain::settings::OfficeSettings;
    use crate::store::register::SearchFilters;

    fn office() -> (Store, StaffId) {
        let mut store = Store::open_in_memory().unwrap();
        let now = Utc.with_ymd_and_hms(2026, 11, 1, 2, 0, 0).unwrap();
        let boss = store
            .set_up_office("o", "boss", "2468", "2468", &OfficeSettings::default(), now)
            .unwrap();
        (store, boss)
    }

    fn visits() -> Vec<VisitRegistration> {
        let at = |d| Utc.with_ymd_and_hms(2026, 10, d, 2, 0, 0).unwrap();
        let visit = |d, name: &str, phone: Option<&str>, plate: Option<&str>| VisitRegistration {
            visited_at: at(d),
            name: Some(CustomerName::parse(name).unwrap()),
            phone: phone.map(|p| Phone::parse(p).unwrap()),
            work_unit: Some("万科".into()),
            intent: None,
            source: Some(Source::Web),
            salesperson: StaffId(1),
            car_brand: None,
            plate: plate.map(|p| Plate::parse(p).unwrap()),
            party: None,
            class: Some(Class::B),
            notes: None,
        };
        vec![
            visit(1, "王芳", Some("13800138000"), None),
            visit(2, "曾小单", Some("0755-12345678"), Some("粤B12345")),
            visit(3, "李先生", None, Some("沪AD12345")),
        ]
    }

    fn calls() -> Vec<CallRegistration> {
        vec![CallRegistration {
            called_at: Utc.with_ymd_and_hms(2026, 10, 4, 2, 0, 0).unwrap(),
            caller: Some(CustomerName::parse("赵雅琪").unwrap()),
            phone: Some(Phone::parse("13900001111").unwrap()),
            question: Some("价格".into()),
            answered_by: StaffId(1),
            intent: None,
            source: None,
        }]
    }

    /// The bulk path writes every column, search key and chain link as the one-row path does:
    /// the same chain heads (which hash every stored column) and the same search results.
    #[test]
    fn a_bulk_write_stores_exactly_what_registering_one_by_one_stores() {
        let (mut one, operator) = office();
        for v in visits() {
            one.write(|tx| register::insert_visit(tx, operator, &v, None, v.visited_at))
                .unwrap();
        }
        for c in calls() {
            one.write(|tx| register::insert_call(tx, operator, &c, c.called_at))
                .unwrap();
        }
        let (mut bulk, operator) = office();
        let now = Utc.with_ymd_and_hms(2026, 11, 1, 3, 0, 0).unwrap();
        bulk.register_in_bulk(operator, &visits(), &calls(), "test", now)
            .unwrap();
        let heads = |s: &Store| {
            s.chain_heads()
                .unwrap()
                .into_iter()
                .filter(|h| h.table == "visits" || h.table == "calls")
                .collect::<Vec<_>>()
        };
        assert_eq!(heads(&one), heads(&bulk));
        for query in [
            "王",
            "王芳",
            "wf",
            "zxs",
            "8000",
            "13800138000",
            "12345",
            "粤B1",
            "AD1",
            "赵雅琪",
        ] {
            let found = |s: &Store| s.search(query, &SearchFilters::default(), (0, 10)).unwrap();
            assert_eq!(found(&one), found(&bulk), "{query}");
            assert!(!found(&bulk).is_empty(), "{query}");
        }
    }

    /// What a sink is handed, for the tests: the count announced, the ids in order, and
    /// whether the file was ended.
    #[derive(Default)]
    struct Collected {
        announced: Option<u64>,
        ids: Vec<i64>,
        ended: bool,
        fail_at: Option<usize>,
    }

    impl RegisterSink for Collected {
        type Error = &'static str;
        fn start(&mut self, start: &ExportStart) -> std::result::Result<(), &'static str> {
            self.announced = Some(start.rows);
            Ok(())
        }
        fn record(&mut self, record: ExportedRecord<'_>) -> std::result::Result<(), &'static str> {
            if self.fail_at == Some(self.ids.len()) {
                return Err("stopped");
            }
            self.ids.push(match record {
                ExportedRecord::Visit(r) => r.id.0,
                ExportedRecord::Call(r) => r.id.0,
            });
            Ok(())
        }
        fn end(&mut self) -> std::result::Result<(), &'static str> {
            self.ended = true;
            Ok(())
        }
    }

    fn exports(store: &Store) -> usize {
        store
            .audit_trail()
            .unwrap()
            .iter()
            .filter(|a| a.action == "export_visits")
            .count()
    }

    /// REG-4: the export is in corrected time. A visit whose time was corrected into the
    /// range comes at its corrected place, one corrected out of it is left out, and the
    /// count announced before the first row is the count sent.
    #[test]
    fn reg_4_an_export_streams_in_corrected_time_with_a_moved_visit_at_its_new_place() {
        let (mut store, boss) = office();
        let now = Utc.with_ymd_and_hms(2026, 11, 1, 3, 0, 0).unwrap();
        let (ids, _) = store
            .register_in_bulk(boss, &visits(), &[], "test", now)
            .unwrap();
        let moved = |d, h| Utc.with_ymd_and_hms(2026, 9, d, h, 0, 0).unwrap();
        let mut third = store.visit(ids[2]).unwrap().unwrap().visit;
        third.visited_at = moved(30, 2);
        store
            .correct_visit(boss, ids[2], &third, "登记错日期", now)
            .unwrap();
        let mut first = store.visit(ids[0]).unwrap().unwrap().visit;
        first.visited_at = Utc.with_ymd_and_hms(2026, 10, 10, 2, 0, 0).unwrap();
        store
            .correct_visit(boss, ids[0], &first, "登记错日期", now)
            .unwrap();
        let range = ExportRange {
            from: Some(moved(30, 0)),
            to: Some(Utc.with_ymd_and_hms(2026, 10, 4, 0, 0, 0).unwrap()),
        };
        let approval = store.approve(None, boss, "2468", now).unwrap();
        let mut sink = Collected::default();
        let exported = store
            .export_register(
                approval,
                Register::Visit,
                range,
                "r",
                "f.csv",
                now,
                &mut sink,
            )
            .unwrap()
            .unwrap();
        assert_eq!(sink.ids, [ids[2].0, ids[1].0]);
        assert_eq!(sink.announced, Some(2));
        assert_eq!(exported.rows, 2);
        assert!(sink.ended);
        assert_eq!(exports(&store), 1);
    }

    /// A sink that stops halfway (Ctrl-C) ends the export: no audit row, its error returned.
    #[test]
    fn an_export_its_sink_stops_is_not_audited_and_says_why() {
        let (mut store, boss) = office();
        let now = Utc.with_ymd_and_hms(2026, 11, 1, 3, 0, 0).unwrap();
        store
            .register_in_bulk(boss, &visits(), &[], "test", now)
            .unwrap();
        let approval = store.approve(None, boss, "2468", now).unwrap();
        let mut sink = Collected {
            fail_at: Some(1),
            ..Collected::default()
        };
        let result = store
            .export_register(
                approval,
                Register::Visit,
                ExportRange::default(),
                "r",
                "f.csv",
                now,
                &mut sink,
            )
            .unwrap();
        assert!(matches!(result, Err("stopped")));
        assert!(!sink.ended);
        assert_eq!(exports(&store), 0);
    }
}
