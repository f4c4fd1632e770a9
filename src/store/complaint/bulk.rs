//! Bulk loads of the complaint desk: [`BulkComplaints`] (benchmarks: the desk's inserts, each
//! row chained, no audit) and [`ComplaintLoad`] (the demo: the desk's own writes, one
//! transaction).

use super::*;

/// Writes complaints, work orders and their steps in bulk, **for benchmarks and bulk loads**
/// only: each row goes in exactly as [`Store::file_complaint`], [`Store::complaint_step`],
/// [`Store::file_repair`] and [`Store::repair_step`] write it (the same statements, the
/// columns the statistics read, the `open_work` row kept, each row chained at once through
/// [`chain::insert_row`]), but with no audit row, inside the caller's transaction, and with
/// no check of the approval an extension needs. The caller holds each item's state between
/// its steps (the desk replays it from the rows) and writes its own audit row for the load.
pub struct BulkComplaints<'c> {
    conn: &'c Connection,
    calendar: WorkCalendar,
    hours: OfficeHours,
}

impl<'c> BulkComplaints<'c> {
    /// Reads the office's calendar and hours once, from `conn` (a transaction).
    pub fn new(conn: &'c Connection) -> StoreResult<BulkComplaints<'c>> {
        Ok(BulkComplaints {
            conn,
            calendar: calendar_in(conn)?,
            hours: office_hours(conn)?,
        })
    }

    /// A complaint recorded at `now` by `operator`; its key and state.
    pub fn complaint(
        &self,
        operator: StaffId,
        complaint: &Complaint,
        now: DateTime<Utc>,
    ) -> StoreResult<(ComplaintId, ComplaintState)> {
        let filed = insert_complaint(
            self.conn,
            operator,
            complaint,
            now,
            &self.calendar,
            self.hours.tz,
        )?;
        Ok((filed.id, filed.state))
    }

    /// One step of complaint `id`, whose state is `state` (moved on). Refused as the desk
    /// refuses a step out of order.
    pub fn complaint_step(
        &self,
        id: ComplaintId,
        operator: StaffId,
        approver: Option<StaffId>,
        event: &ComplaintEvent,
        state: &mut ComplaintState,
        now: DateTime<Utc>,
    ) -> Result<(), ComplaintStepError> {
        insert_complaint_step(
            self.conn,
            id,
            operator,
            approver,
            event,
            state,
            &self.calendar,
            self.hours.tz,
            now,
        )
        .map(|_| ())
    }

    /// A work order reported at `now`; its key and state.
    pub fn repair(
        &self,
        operator: StaffId,
        repair: &Repair,
        now: DateTime<Utc>,
    ) -> StoreResult<(RepairId, RepairState)> {
        let (id, state, _, _) = insert_repair(self.conn, operator, repair, now, self.hours)?;
        Ok((id, state))
    }

    /// One step of work order `id`, whose state is `state` (moved on).
    pub fn repair_step(
        &self,
        id: RepairId,
        operator: StaffId,
        event: &RepairEvent,
        state: &mut RepairState,
        now: DateTime<Utc>,
    ) -> Result<(), RepairStepError> {
        insert_repair_step(self.conn, id, operator, event, state, now).map(|_| ())
    }
}

/// The complaint desk's writes for a bulk load (the demo's months of history), all in one
/// transaction ([`Store::complaints_in_bulk`]). Each complaint, step, work order and phrase
/// use is written by the very code the desk's own calls run — checked against the replayed
/// state, chained, kept in `open_work`, audited at its own time — only not committed and
/// synced to disk one by one. Not for a desk, whose every write is durable when it is
/// acknowledged.
pub struct ComplaintLoad<'a> {
    tx: &'a Transaction<'a>,
}

impl ComplaintLoad<'_> {
    /// As [`Store::file_complaint`].
    pub fn file_complaint(
        &self,
        operator: StaffId,
        complaint: &Complaint,
        now: DateTime<Utc>,
    ) -> StoreResult<ComplaintId> {
        file_complaint_in(self.tx, operator, complaint, now)
    }

    /// As [`Store::complaint_step`]; a refusal is an error, so nothing of the load is kept.
    pub fn complaint_step(
        &self,
        operator: StaffId,
        id: ComplaintId,
        event: &ComplaintEvent,
        approval: Option<&Approval>,
        now: DateTime<Utc>,
    ) -> StoreResult<ComplaintState> {
        record_complaint_step(self.tx, operator, id, &event.cleaned(), approval, now).map_err(|e| {
            match e {
                ComplaintStepError::Store(e) => e,
                e => StoreError::Other(format!("complaint {id}: {e}")),
            }
        })
    }

    /// As [`Store::file_repair`].
    pub fn file_repair(
        &self,
        operator: StaffId,
        repair: &Repair,
        now: DateTime<Utc>,
    ) -> StoreResult<RepairId> {
        file_repair_in(self.tx, operator, repair, now)
    }

    /// As [`Store::repair_step`]; a refusal is an error, so nothing of the load is kept.
    pub fn repair_step(
        &self,
        operator: StaffId,
        id: RepairId,
        event: &RepairEvent,
        now: DateTime<Utc>,
    ) -> StoreResult<RepairState> {
        record_repair_step(self.tx, operator, id, &event.cleaned(), now).map_err(|e| match e {
            RepairStepError::Store(e) => e,
            e => StoreError::Other(format!("work order {id}: {e}")),
        })
    }

    /// As [`Store::count_phrase_use`].
    pub fn count_phrase_use(&self, id: &str) -> StoreResult<()> {
        count_use(self.tx, id)
    }
}

impl Store {
    /// Runs `f`'s complaint-desk writes in one transaction (see [`ComplaintLoad`]): for the
    /// demo and other bulk loads only. Anything refused writes nothing.
    #[doc(hidden)]
    pub fn complaints_in_bulk<T>(
        &mut self,
        f: impl FnOnce(&ComplaintLoad<'_>) -> StoreResult<T>,
    ) -> StoreResult<T> {
        self.in_bulk(true, |tx| f(&ComplaintLoad { tx }))
    }
}
