//! The facts behind the office's figures (REG-10): one row per visit, call and deal of a range
//! of office days, read in one transaction and counted by `domain::figures`.
//!
//! Why facts and not `GROUP BY`: a month is a few thousand rows at the busiest office (the
//! benchmark's million visits over ten years are about 8,000 a month), and each needs a
//! judgement SQL states poorly — the office's day in its time zone, whether the visitor came
//! before, the corrected source and salesperson. Each row is read from an index alone:
//! `visits_figures`/`calls_figures` (migration 017) for the range, `visits_phone(phone, at)`
//! and `visits_full_name(full_name, at)` for "came before" and "came after the call"; the
//! deals by their date.
//!
//! Corrections (REG-4) of a visit's or call's source or salesperson are applied: the figures
//! follow what the register says now. A corrected time is not (the visit stays on the day
//! it was registered on; a correction of the time is rare and would need every correction
//! read to find the visits moved into the range).

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Timelike, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, params};

use super::staff::still_supervisor;
use super::{Approval, Result, Store, StoreError, audit, parse_timestamp, timestamp};
use crate::domain::figures::{CallFact, DealFact, Figures, VisitFact, tally};
use crate::domain::staff::StaffId;
use crate::domain::workdays::end_of_day;

/// The first instant of office day `day`.
fn start_of(day: NaiveDate, tz: Tz) -> DateTime<Utc> {
    match day.pred_opt() {
        Some(before) => end_of_day(before, tz),
        None => DateTime::<Utc>::MIN_UTC,
    }
}

/// The office days `from..=to` as UTC bounds, the end excluded, as stored text.
fn bounds(from: NaiveDate, to: NaiveDate, tz: Tz) -> (String, String) {
    (timestamp(start_of(from, tz)), timestamp(end_of_day(to, tz)))
}

impl Store {
    /// The figures of office days `from..=to` in `tz` (REG-10): visits and calls per day,
    /// week and month, new and returning visitors, by source and salesperson, conversions.
    pub fn figures(&self, from: NaiveDate, to: NaiveDate, tz: Tz) -> Result<Figures> {
        let (start, end) = bounds(from, to, tz);
        self.read(|store| {
            let conn = &store.conn;
            let visits = visit_facts(conn, &start, &end)?;
            let calls = call_facts(conn, &start, &end)?;
            let deals = deal_facts(conn, from, to)?;
            Ok(tally(from, to, tz, &visits, &calls, &deals))
        })
    }

    /// Walk-ins of office day `day` by the hour of the office's clock they came in.
    pub fn walk_ins_by_hour(&self, day: NaiveDate, tz: Tz) -> Result<[u32; 24]> {
        let (start, end) = bounds(day, day, tz);
        self.read(|store| {
            let mut hours = [0u32; 24];
            let mut stmt = store
                .conn
                .prepare_cached("SELECT at FROM visits WHERE at >= ?1 AND at < ?2")?;
            let mut rows = stmt.query(params![start, end])?;
            while let Some(r) = rows.next()? {
                let at = parse_timestamp(&r.get::<_, String>(0)?)?;
                hours[at.with_timezone(&tz).hour() as usize] += 1;
            }
            Ok(hours)
        })
    }
}

impl Store {
    /// The figures of `from..=to` for `frontdesk export figures`: read, handed to `out` to be
    /// written, and audited (`export_figures`, approved by the supervisor) in one
    /// transaction. When `out` fails nothing is audited and its error comes back inside.
    #[allow(clippy::too_many_arguments)]
    pub fn export_figures<E>(
        &mut self,
        approval: Approval,
        from: NaiveDate,
        to: NaiveDate,
        tz: Tz,
        file: &str,
        now: DateTime<Utc>,
        out: impl FnOnce(&Figures) -> std::result::Result<(), E>,
    ) -> Result<std::result::Result<Figures, E>> {
        let mut failed = None;
        let written = self.write_reading(|store, tx| {
            let supervisor = still_supervisor(tx, approval)?;
            let figures = store.figures(from, to, tz)?;
            if let Err(e) = out(&figures) {
                failed = Some(e);
                return Err(StoreError::Other("the export file was not written".into()));
            }
            let t = figures.total;
            audit(
                tx,
                now,
                Some(supervisor),
                Some(supervisor),
                "export_figures",
                &format!(
                    "range {from}..{to} (office days), {} visits, {} calls, {} deals, to {file}",
                    t.visits, t.calls, t.deals
                ),
            )?;
            Ok(figures)
        });
        match (written, failed) {
            (_, Some(e)) => Ok(Err(e)),
            (Ok(figures), None) => Ok(Ok(figures)),
            (Err(e), None) => Err(e),
        }
    }
}

/// A correction's changes to the columns the figures read: source and salesperson.
#[derive(Default)]
struct Corrected {
    source: Option<Option<String>>,
    salesperson: Option<StaffId>,
}

/// The corrections of the `register`'s rows in the range, applied in order, by row id.
fn corrections(
    conn: &Connection,
    register: &str,
    start: &str,
    end: &str,
) -> Result<HashMap<i64, Corrected>> {
    let table = if register == "visit" {
        "visits"
    } else {
        "calls"
    };
    let sql = format!(
        "SELECT k.target_id, k.changes FROM register_corrections k
         WHERE k.register = ?1
           AND k.target_id IN (SELECT id FROM {table} WHERE at >= ?2 AND at < ?3)
         ORDER BY k.id"
    );
    let mut out: HashMap<i64, Corrected> = HashMap::new();
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params![register, start, end])?;
    while let Some(r) = rows.next()? {
        let changes: String = r.get(1)?;
        let Ok(serde_json::Value::Object(changes)) = serde_json::from_str(&changes) else {
            continue;
        };
        let entry = out.entry(r.get(0)?).or_default();
        if let Some(source) = changes.get("source") {
            entry.source = Some(source.as_str().map(str::to_owned));
        }
        if let Some(id) = changes.get("salesperson_id").and_then(|v| v.as_i64()) {
            entry.salesperson = Some(StaffId(id));
        }
    }
    Ok(out)
}

fn visit_facts(conn: &Connection, start: &str, end: &str) -> Result<Vec<VisitFact>> {
    // "Came before": an earlier visit with the same phone or the same full name; two visits
    // registered at the same instant are ordered by id.
    let mut stmt = conn.prepare_cached(
        "SELECT v.id, v.at, v.salesperson_id, v.source,
                (v.phone IS NOT NULL AND EXISTS (
                    SELECT 1 FROM visits e WHERE e.phone = v.phone AND e.at <= v.at
                       AND (e.at < v.at OR e.id < v.id)))
             OR (v.full_name IS NOT NULL AND EXISTS (
                    SELECT 1 FROM visits e WHERE e.full_name = v.full_name AND e.at <= v.at
                       AND (e.at < v.at OR e.id < v.id)))
         FROM visits v WHERE v.at >= ?1 AND v.at < ?2",
    )?;
    let corrected = corrections(conn, "visit", start, end)?;
    let mut facts = Vec::new();
    let mut rows = stmt.query(params![start, end])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let mut fact = VisitFact {
            at: parse_timestamp(&r.get::<_, String>(1)?)?,
            salesperson: r.get(2)?,
            source: r.get(3)?,
            returning: r.get(4)?,
        };
        if let Some(c) = corrected.get(&id) {
            if let Some(source) = &c.source {
                fact.source = source.clone();
            }
            fact.salesperson = c.salesperson.unwrap_or(fact.salesperson);
        }
        facts.push(fact);
    }
    Ok(facts)
}

fn call_facts(conn: &Connection, start: &str, end: &str) -> Result<Vec<CallFact>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.at, c.salesperson_id,
                c.phone IS NOT NULL AND EXISTS (
                    SELECT 1 FROM visits v WHERE v.phone = c.phone AND v.at > c.at)
         FROM calls c WHERE c.at >= ?1 AND c.at < ?2",
    )?;
    let corrected = corrections(conn, "call", start, end)?;
    let mut facts = Vec::new();
    let mut rows = stmt.query(params![start, end])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let answered_by: StaffId = r.get(2)?;
        facts.push(CallFact {
            at: parse_timestamp(&r.get::<_, String>(1)?)?,
            answered_by: corrected
                .get(&id)
                .and_then(|c| c.salesperson)
                .unwrap_or(answered_by),
            visited_later: r.get(3)?,
        });
    }
    Ok(facts)
}

/// The deals of `from..=to` that count: those without a cancellation. (A change of unit
/// cancels the deal it replaces, so the replaced one is not counted either; asking for
/// `replaces_id` as well would read every deal for each, having no index.)
fn deal_facts(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Vec<DealFact>> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.deal_on, d.closer_id FROM deals d
         WHERE d.deal_on >= ?1 AND d.deal_on <= ?2
           AND NOT EXISTS (SELECT 1 FROM deal_events e
                           WHERE e.deal_id = d.id AND e.kind = 'cancelled')",
    )?;
    let mut facts = Vec::new();
    let mut rows = stmt.query(params![from.to_string(), to.to_string()])?;
    while let Some(r) = rows.next()? {
        let on: String = r.get(0)?;
        let Ok(deal_on) = on.parse::<NaiveDate>() else {
            continue;
        };
        facts.push(DealFact {
            deal_on,
            closer: r.get(1)?,
        });
    }
    Ok(facts)
}

#[cfg(test)]
mod tests;
