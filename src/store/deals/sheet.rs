//! The month's commission split sheet (issue 17 §4), the input to the office's payroll:
//! every deal signed in the month with each party's share, the rule cited and who settled it;
//! and for every cancellation made in the month, the same lines reversed (the clawback of
//! the office's 佣金制度), whatever month the deal itself was in.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use super::{DealView, view_in};
use crate::domain::attribution::Party;
use crate::domain::deal::{DealId, EventKind};
use crate::domain::figures::{month_end, month_of};
use crate::domain::staff::StaffId;
use crate::domain::workdays::local_hour;
use crate::store::{Result, Store, timestamp};

/// Whether a line pays a share or reverses one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetLineKind {
    /// A deal signed in the month, as settled; `confirmed: false` when no supervisor has
    /// settled it yet (paid only once confirmed: the sheet says so on the line).
    Share { confirmed: bool },
    /// A cancellation in the month: the share taken back (`bp` counted negative).
    Reversal,
}

/// One party's line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetLine {
    pub kind: SheetLineKind,
    pub deal: DealId,
    pub deal_on: NaiveDate,
    /// When the line falls in the month: the deal's date, or the cancellation's.
    pub on: NaiveDate,
    pub unit: String,
    pub buyers: String,
    pub price_fen: Option<i64>,
    pub deposit_fen: i64,
    pub closer: StaffId,
    pub party: Party,
    /// Basis points of the commission; negative on a reversal.
    pub bp: i64,
    pub rule: String,
    /// The supervisor who settled the split (or approved the cancellation), and when.
    pub settled_by: Option<(StaffId, DateTime<Utc>)>,
}

fn lines(view: &DealView, kind: SheetLineKind, on: NaiveDate, out: &mut Vec<SheetLine>) {
    let sign = if kind == SheetLineKind::Reversal {
        -1
    } else {
        1
    };
    let settled_by = match kind {
        SheetLineKind::Reversal => view
            .cancellation()
            .map(|c| (c.supervisor.unwrap_or(c.operator), c.at)),
        SheetLineKind::Share { .. } => view
            .settled()
            .map(|s| (s.supervisor.unwrap_or(s.operator), s.at)),
    };
    // A reversal takes back what stood when the deal was cancelled (kept on that event).
    let shares = match kind {
        SheetLineKind::Reversal => view
            .cancellation()
            .map_or(view.shares(), |c| c.shares.as_slice()),
        SheetLineKind::Share { .. } => view.shares(),
    };
    for share in shares {
        out.push(SheetLine {
            kind,
            deal: view.record.id,
            deal_on: view.record.deal_on,
            on,
            unit: view.record.unit.to_string(),
            buyers: view.buyers().to_owned(),
            price_fen: view.record.price_fen,
            deposit_fen: view.record.deposit_fen,
            closer: view.record.closer,
            party: share.party,
            bp: sign * i64::from(share.bp),
            rule: view.rule().unwrap_or_default().to_owned(),
            settled_by,
        });
    }
}

impl Store {
    /// The commission sheet of the month starting `first` (any day of it will do), in the
    /// office's time zone `tz`: the month's deals in date order, then the month's
    /// cancellations.
    pub fn commission_sheet(&self, first: NaiveDate, tz: Tz) -> Result<Vec<SheetLine>> {
        let first = month_of(first);
        let next = month_end(first).succ_opt().unwrap_or(first);
        self.read(|store| {
            let mut out = Vec::new();
            let ids: Vec<DealId> = store
                .conn
                .prepare_cached(
                    "SELECT id FROM deals WHERE deal_on >= ?1 AND deal_on < ?2
                     ORDER BY deal_on, id",
                )?
                .query_map(
                    [
                        first.format("%Y-%m-%d").to_string(),
                        next.format("%Y-%m-%d").to_string(),
                    ],
                    |r| r.get(0),
                )?
                .collect::<rusqlite::Result<_>>()?;
            for id in ids {
                if let Some(view) = view_in(&store.conn, id)? {
                    let confirmed = view.settled().is_some();
                    let on = view.record.deal_on;
                    lines(&view, SheetLineKind::Share { confirmed }, on, &mut out);
                }
            }
            let (from, to) = (local_hour(first, 0, tz), local_hour(next, 0, tz));
            let cancelled: Vec<(DealId, String)> = store
                .conn
                .prepare_cached(
                    "SELECT deal_id, at FROM deal_events WHERE kind = ?1 AND at >= ?2 AND at < ?3
                     ORDER BY at, id",
                )?
                .query_map(
                    [EventKind::Cancelled.key(), &timestamp(from), &timestamp(to)],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?
                .collect::<rusqlite::Result<_>>()?;
            for (id, at) in cancelled {
                if let Some(view) = view_in(&store.conn, id)? {
                    let on = crate::store::parse_timestamp(&at)?
                        .with_timezone(&tz)
                        .date_naive();
                    lines(&view, SheetLineKind::Reversal, on, &mut out);
                }
            }
            Ok(out)
        })
    }
}

impl Store {
    /// The commission sheet of the month of `month` for `frontdesk export commission`: read,
    /// handed to `out` to be written, and audited (`export_commission`, approved by the
    /// supervisor) in one transaction. When `out` fails nothing is audited and its error
    /// comes back inside.
    #[allow(clippy::too_many_arguments)]
    pub fn export_commission_sheet<E>(
        &mut self,
        approval: crate::store::Approval,
        month: NaiveDate,
        tz: Tz,
        file: &str,
        now: DateTime<Utc>,
        out: impl FnOnce(&[SheetLine]) -> std::result::Result<(), E>,
    ) -> Result<std::result::Result<usize, E>> {
        let mut failed = None;
        let written = self.write_reading(|store, tx| {
            let supervisor = crate::store::staff::still_supervisor(tx, approval)?;
            let lines = store.commission_sheet(month, tz)?;
            if let Err(e) = out(&lines) {
                failed = Some(e);
                return Err(crate::store::StoreError::Other(
                    "the export file was not written".into(),
                ));
            }
            crate::store::audit(
                tx,
                now,
                Some(supervisor),
                Some(supervisor),
                "export_commission",
                &format!(
                    "month {}, {} lines, to {file}",
                    month.format("%Y-%m"),
                    lines.len()
                ),
            )?;
            Ok(lines.len())
        });
        match (written, failed) {
            (_, Some(e)) => Ok(Err(e)),
            (Ok(n), None) => Ok(Ok(n)),
            (Err(e), None) => Err(e),
        }
    }
}

impl Store {
    /// The deals of office day `day` for the day's review and `report day`: those signed that
    /// day and those cancelled that day, oldest first.
    pub fn deals_of_day(&self, day: NaiveDate, tz: Tz) -> Result<Vec<DealView>> {
        let next = day.succ_opt().unwrap_or(day);
        self.read(|store| {
            let ids: Vec<DealId> = store
                .conn
                .prepare_cached(
                    "SELECT id FROM deals WHERE deal_on = ?1
                     UNION SELECT deal_id FROM deal_events
                           WHERE kind = 'cancelled' AND at >= ?2 AND at < ?3
                     ORDER BY 1",
                )?
                .query_map(
                    [
                        day.format("%Y-%m-%d").to_string(),
                        timestamp(local_hour(day, 0, tz)),
                        timestamp(local_hour(next, 0, tz)),
                    ],
                    |r| r.get(0),
                )?
                .collect::<rusqlite::Result<_>>()?;
            let mut out = Vec::with_capacity(ids.len());
            for id in ids {
                if let Some(view) = view_in(&store.conn, id)? {
                    out.push(view);
                }
            }
            Ok(out)
        })
    }
}
