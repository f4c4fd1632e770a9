//! The registers in and out (issue 8 §3): the records of a date range with their corrections
//! applied, read and audited in one transaction with the chain head they were read at; an
//! office's old register written in one transaction, every visit chained, the salespeople it
//! names who are not on the staff list added inactive, and one audit row for it all; and the
//! same bulk write for the demo's register.
//!
//! Who may: an export or an import needs a supervisor's [`Approval`] (SEC-1/2), checked again
//! inside the write, as every supervisor-only write is.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Transaction, params};

use super::register::{self, CallId, CallRecord, VisitId, VisitRecord};
use super::staff::{self, still_supervisor};
use super::{Approval, ChainHead, Result, Store, StoreError, audit, chain, timestamp};
use crate::domain::register::{CallRegistration, Register, VisitRegistration};
use crate::domain::staff::{Role, StaffId};

/// What an export read: the records of its range, oldest first, as corrected, and the heads
/// of their chain and of the corrections' chain at that moment.
#[derive(Debug, Clone, Default)]
pub struct Exported {
    /// Filled for a visits export.
    pub visits: Vec<VisitRecord>,
    /// Filled for a calls export.
    pub calls: Vec<CallRecord>,
    /// The head of the visits' or the calls' chain.
    pub head: Option<ChainHead>,
    /// The head of the corrections' chain: corrected values are vouched for by it.
    pub corrections_head: Option<ChainHead>,
}

impl Exported {
    pub fn rows(&self) -> usize {
        self.visits.len() + self.calls.len()
    }
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
    /// salesperson), by their place in the list: not written again.
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

/// The ids of `register`'s records that may fall in `range`: those registered in it, and
/// every record whose time a correction changed (its corrected time decides).
fn candidates(conn: &Connection, register: Register, range: ExportRange) -> Result<Vec<i64>> {
    let (table, key, _) = table_of(register);
    let sql = format!(
        "SELECT id FROM {table} WHERE at >= ?1 AND at < ?2
         UNION SELECT target_id FROM register_corrections
             WHERE register = ?3 AND json_extract(changes, '$.at') IS NOT NULL"
    );
    let from = range.from.map_or_else(String::new, timestamp);
    let to = range.to.map_or_else(|| "~".to_owned(), timestamp);
    let ids = conn
        .prepare(&sql)?
        .query_map(params![from, to, key], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok(ids)
}

impl Store {
    /// Exports `register`'s records whose (corrected) time falls in `range`, oldest first,
    /// with the chain heads, in one transaction with its audit row (`export_visits` or
    /// `export_calls`: the range as the caller describes it, the row count, the file name and
    /// the chain head). `out` writes the file while the transaction is open: when it fails
    /// nothing is audited and its error is returned inside `Ok`; the outer error is the
    /// store's.
    #[allow(clippy::too_many_arguments)]
    pub fn export_register<E>(
        &mut self,
        approval: Approval,
        register: Register,
        range: ExportRange,
        range_text: &str,
        file: &str,
        now: DateTime<Utc>,
        out: impl FnOnce(&Exported) -> std::result::Result<(), E>,
    ) -> Result<std::result::Result<Exported, E>> {
        let mut failed = None;
        let written = self.write_reading(|store, tx| {
            let supervisor = still_supervisor(tx, approval)?;
            let (_, key, chained) = table_of(register);
            let mut exported = Exported {
                head: Some(chain::head(tx, &chained)?),
                corrections_head: Some(chain::head(tx, &chain::REGISTER_CORRECTIONS)?),
                ..Exported::default()
            };
            for id in candidates(tx, register, range)? {
                match register {
                    Register::Visit => {
                        if let Some(record) = store.visit(VisitId(id))?
                            && range.contains(record.visit.visited_at)
                        {
                            exported.visits.push(record);
                        }
                    }
                    Register::Call => {
                        if let Some(record) = store.call(CallId(id))?
                            && range.contains(record.call.called_at)
                        {
                            exported.calls.push(record);
                        }
                    }
                }
            }
            exported
                .visits
                .sort_by_key(|r| (r.visit.visited_at, r.id.0));
            exported.calls.sort_by_key(|r| (r.call.called_at, r.id.0));
            if let Err(e) = out(&exported) {
                failed = Some(e);
                return Err(StoreError::Other("the export file was not written".into()));
            }
            let head = exported
                .head
                .as_ref()
                .map_or_else(String::new, |h| h.short());
            audit(
                tx,
                now,
                Some(supervisor),
                Some(supervisor),
                &format!("export_{key}s"),
                &format!(
                    "{range_text}, {} rows, to {file}, chain head {head}",
                    exported.rows()
                ),
            )?;
            Ok(exported)
        });
        match (written, failed) {
            (_, Some(e)) => Ok(Err(e)),
            (Ok(exported), None) => Ok(Ok(exported)),
            (Err(e), None) => Err(e),
        }
    }

    /// The visits given that the register already holds (same time, name, phone and
    /// salesperson), by their place in the list: what [`Store::import_visits`] would skip,
    /// for a dry run, which writes nothing. A salesperson still to be added holds nothing.
    pub fn already_registered(&self, visits: &[ImportedVisit]) -> Result<Vec<usize>> {
        self.already_in(visits, |conn, imported| match imported.receiver {
            Receiver::Staff(salesperson) => visit_already_registered(
                conn,
                &VisitRegistration {
                    salesperson,
                    ..imported.visit.clone()
                },
            ),
            Receiver::New(_) => Ok(false),
        })
    }

    /// The calls given that the register already holds (same time, caller, phone and who
    /// answered), by their place in the list: what [`Store::import_calls`] would skip.
    pub fn calls_already_registered(&self, calls: &[ImportedCall]) -> Result<Vec<usize>> {
        self.already_in(calls, |conn, imported| match imported.receiver {
            Receiver::Staff(answered_by) => call_already_registered(
                conn,
                &CallRegistration {
                    answered_by,
                    ..imported.call.clone()
                },
            ),
            Receiver::New(_) => Ok(false),
        })
    }

    fn already_in<T>(
        &self,
        rows: &[T],
        held: impl Fn(&Connection, &T) -> Result<bool>,
    ) -> Result<Vec<usize>> {
        self.read(|store| {
            let mut already = Vec::new();
            for (at, row) in rows.iter().enumerate() {
                if held(&store.conn, row)? {
                    already.push(at);
                }
            }
            Ok(already)
        })
    }

    /// Imports an office's visitor register (issue 8 §3) in one transaction: `new_salespeople`
    /// are added as inactive salespeople (each audited as `add_staff`), every visit is
    /// inserted and chained in the order given, and one `import_visits` audit row names the
    /// file, the count and the chain head. Anything refused writes nothing.
    pub fn import_visits(
        &mut self,
        approval: Approval,
        new_salespeople: &[String],
        visits: &[ImportedVisit],
        file: &str,
        skipped: usize,
        now: DateTime<Utc>,
    ) -> Result<Imported> {
        let load = Load {
            approval,
            new_salespeople,
            file,
            skipped,
            now,
        };
        self.import_rows(
            load,
            visits,
            Register::Visit,
            |v| v.receiver,
            |tx, bulk, supervisor, imported, salesperson| {
                let visit = VisitRegistration {
                    salesperson,
                    ..imported.visit.clone()
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
        approval: Approval,
        new_salespeople: &[String],
        calls: &[ImportedCall],
        file: &str,
        skipped: usize,
        now: DateTime<Utc>,
    ) -> Result<Imported> {
        let load = Load {
            approval,
            new_salespeople,
            file,
            skipped,
            now,
        };
        self.import_rows(
            load,
            calls,
            Register::Call,
            |c| c.receiver,
            |tx, bulk, supervisor, imported, answered_by| {
                let call = CallRegistration {
                    answered_by,
                    ..imported.call.clone()
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
    /// `write` (false: the register already held it), then the audit row.
    fn import_rows<T>(
        &mut self,
        load: Load<'_>,
        rows: &[T],
        register: Register,
        receiver: impl Fn(&T) -> Receiver,
        mut write: impl FnMut(
            &Transaction<'_>,
            &mut register::Bulk,
            StaffId,
            &T,
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
        self.in_bulk(|tx| {
            let supervisor = still_supervisor(tx, approval)?;
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
            for (at, row) in rows.iter().enumerate() {
                let salesperson = match receiver(row) {
                    Receiver::Staff(id) => id,
                    Receiver::New(n) => *added.get(n).ok_or_else(|| {
                        StoreError::Other(format!("no new salesperson number {n}"))
                    })?,
                };
                if write(tx, &mut bulk, supervisor, row, salesperson)? {
                    written += 1;
                } else {
                    already.push(at);
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
        self.in_bulk(|tx| {
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

    /// `write`, with room for a large transaction: the page cache holds it (no spilling
    /// mid-transaction) and statement journals stay in memory. Restored afterwards.
    pub(super) fn in_bulk<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        let cache: i64 = self.conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        self.conn
            .pragma_update(None, "cache_size", BULK_CACHE_KIB)?;
        self.conn.pragma_update(None, "temp_store", "MEMORY")?;
        let written = self.write(f);
        let _ = self.conn.pragma_update(None, "cache_size", cache);
        let _ = self.conn.pragma_update(None, "temp_store", "DEFAULT");
        written
    }
}

/// What every import is given besides its rows.
struct Load<'a> {
    approval: Approval,
    new_salespeople: &'a [String],
    file: &'a str,
    skipped: usize,
    now: DateTime<Utc>,
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
}
