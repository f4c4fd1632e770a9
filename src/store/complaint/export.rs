//! The complaints out (issue 9 §6, CMP-11): every complaint recorded in a range of office
//! days with where it stands, and the monthly statistics of those months, read and audited
//! in one transaction with the heads of the complaint chains they were read at.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::params;

use super::{COMPLAINT_COLUMNS, ComplaintRow, calendar_in, complaint_from, entry_from, replayed};
use crate::domain::complaint::{ComplaintEntry, ComplaintId, ComplaintState, MonthStats};
use crate::domain::staff::StaffId;
use crate::domain::workdays::local_hour;
use crate::store::staff::still_supervisor;
use crate::store::{
    Approval, ChainHead, Result as StoreResult, Store, StoreError, audit, chain, timestamp,
};

/// One complaint of an export: as recorded, its steps, where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportedComplaint {
    pub id: ComplaintId,
    pub recorded_at: DateTime<Utc>,
    /// The clerk who took it and follows it up (CMP-7).
    pub owner: StaffId,
    pub complaint: crate::domain::complaint::Complaint,
    pub entries: Vec<ComplaintEntry>,
    pub state: ComplaintState,
    /// This round's due date with today's calendar; `None` when answered on the spot.
    pub due: Option<NaiveDate>,
    /// Whether the last reply was made by its round's due date, as the desk judged it then
    /// (the `on_time` stored with the reply); `None` before any reply.
    pub replied_on_time: Option<bool>,
}

impl ExportedComplaint {
    /// The last follow-up's answer: satisfied or not (CMP-8); `None` before any.
    pub fn satisfied(&self) -> Option<bool> {
        self.state.last_follow_up().map(|(_, s)| s)
    }
}

/// What a complaints export read.
#[derive(Debug, Clone)]
pub struct ComplaintsExport {
    /// Oldest first.
    pub complaints: Vec<ExportedComplaint>,
    /// Each month of the range, oldest first (CMP-11).
    pub statistics: Vec<MonthStats>,
    /// The heads of the `complaints` and `complaint_events` chains.
    pub heads: Vec<ChainHead>,
}

impl Store {
    /// Exports the complaints recorded from office day `from` to `to` (both included; open
    /// ends: the first complaint, today) with the statistics of each month they span, and
    /// the heads of the complaint chains, in one transaction with its audit row
    /// (`export_complaints`: the range, the count, the file and the heads). `out` writes the
    /// file while the transaction is open: when it fails nothing is audited and its error
    /// is returned inside `Ok`; the outer error is the store's.
    #[allow(clippy::too_many_arguments)]
    pub fn export_complaints<E>(
        &mut self,
        approval: Approval,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        tz: Tz,
        file: &str,
        now: DateTime<Utc>,
        out: impl FnOnce(&ComplaintsExport) -> std::result::Result<(), E>,
    ) -> StoreResult<std::result::Result<ComplaintsExport, E>> {
        let mut failed = None;
        let written = self.write_reading(|store, tx| {
            let supervisor = still_supervisor(tx, approval)?;
            let first: Option<String> =
                tx.query_row("SELECT min(recorded_at) FROM complaints", [], |r| r.get(0))?;
            let today = now.with_timezone(&tz).date_naive();
            let from = from
                .or_else(|| {
                    first
                        .as_deref()
                        .and_then(|t| crate::store::parse_timestamp(t).ok())
                        .map(|t| t.with_timezone(&tz).date_naive())
                })
                .unwrap_or(today);
            let to = to.unwrap_or(today).max(from);
            let start = timestamp(local_hour(from, 0, tz));
            let end = timestamp(local_hour(to.succ_opt().unwrap_or(to), 0, tz));
            let mut rows = tx.prepare(&format!(
                "SELECT {COMPLAINT_COLUMNS}, id FROM complaints
                 WHERE recorded_at >= ?1 AND recorded_at < ?2 ORDER BY recorded_at, id"
            ))?;
            let recorded: Vec<(i64, ComplaintRow)> = rows
                .query_map(params![start, end], |r| {
                    // `id` comes after the columns `complaint_from` reads.
                    Ok((r.get(18)?, complaint_from(r)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            // Every step of those complaints in the same order (`e.` + ENTRY_COLUMNS), dealt
            // out in one pass.
            let steps: Vec<(i64, ComplaintEntry, Option<bool>)> = tx
                .prepare(
                    "SELECT e.at, e.operator_id, e.approver_id, e.event, e.complaint_id, e.on_time
                     FROM complaints c JOIN complaint_events e ON e.complaint_id = c.id
                     WHERE c.recorded_at >= ?1 AND c.recorded_at < ?2
                     ORDER BY c.recorded_at, c.id, e.id",
                )?
                .query_map(params![start, end], |r| {
                    Ok((r.get(4)?, entry_from(r)?, r.get(5)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            let mut steps = steps.into_iter().peekable();
            let cal = calendar_in(tx)?;
            let mut complaints = Vec::with_capacity(recorded.len());
            for (id, row) in recorded {
                let mut entries = Vec::new();
                let mut replied_on_time = None;
                while let Some((_, entry, on_time)) = steps.next_if(|(of, _, _)| *of == id) {
                    replied_on_time = on_time.or(replied_on_time);
                    entries.push(entry);
                }
                let cid = ComplaintId(id);
                let state = replayed(cid, &row, &entries)?;
                complaints.push(ExportedComplaint {
                    id: cid,
                    recorded_at: row.recorded_at,
                    owner: row.owner,
                    due: state.due(&cal, tz),
                    complaint: row.complaint,
                    entries,
                    state,
                    replied_on_time,
                });
            }
            let exported = ComplaintsExport {
                complaints,
                statistics: store.month_statistics(from, to, tz)?,
                heads: vec![
                    chain::head(tx, &chain::COMPLAINTS)?,
                    chain::head(tx, &chain::COMPLAINT_EVENTS)?,
                ],
            };
            if let Err(e) = out(&exported) {
                failed = Some(e);
                return Err(StoreError::Other("the export file was not written".into()));
            }
            let heads: Vec<String> = exported
                .heads
                .iter()
                .map(|h| format!("{} {}", h.table, h.short()))
                .collect();
            audit(
                tx,
                now,
                Some(supervisor),
                Some(supervisor),
                "export_complaints",
                &format!(
                    "range {from}..{to} (office days), {} complaints, to {file}, chain heads {}",
                    exported.complaints.len(),
                    heads.join(", ")
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
}
