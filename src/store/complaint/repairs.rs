//! Repair work orders (CMP-6) and their steps: written, replayed, checked.

use super::*;

pub(super) fn keep_open_repair(
    tx: &Connection,
    id: RepairId,
    state: &RepairState,
) -> StoreResult<()> {
    if state.is_closed() {
        tx.prepare_cached("DELETE FROM open_work WHERE kind = 'repair' AND item_id = ?1")?
            .execute([id])?;
        return Ok(());
    }
    let due_at = state
        .arrived_at()
        .is_none()
        .then(|| timestamp(state.on_site_by()));
    tx.prepare_cached(
        "INSERT INTO open_work (kind, item_id, due_at, due, step, next)
         VALUES ('repair', ?1, ?2, NULL, ?3, ?4)
         ON CONFLICT (kind, item_id) DO UPDATE SET due_at = excluded.due_at,
             step = excluded.step, next = excluded.next",
    )?
    .execute(params![
        id,
        due_at,
        state.step().key(),
        state.next_step().map(RepairNext::key)
    ])?;
    Ok(())
}

pub(super) struct RepairRow {
    pub(super) reported_at: DateTime<Utc>,
    pub(super) owner: StaffId,
    pub(super) repair: Repair,
    pub(super) on_site_by: DateTime<Utc>,
}

pub(super) fn repair_row(conn: &Connection, id: RepairId) -> StoreResult<Option<RepairRow>> {
    Ok(conn
        .prepare_cached(
            "SELECT reported_at, operator_id, customer, phone, occupant_id, unit, what,
                 appointment, urgency, on_site_by
             FROM repair_orders WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok(RepairRow {
                reported_at: parse_timestamp(&r.get::<_, String>(0)?)?,
                owner: r.get(1)?,
                repair: Repair {
                    customer: r.get(2)?,
                    phone: phone(&r.get::<_, String>(3)?)?,
                    occupant: r.get::<_, Option<i64>>(4)?.map(OccupantId),
                    unit: r.get(5)?,
                    what: r.get(6)?,
                    appointment: r.get(7)?,
                    urgency: keyed(&r.get::<_, String>(8)?, Urgency::from_key, "an urgency")?,
                },
                on_site_by: parse_timestamp(&r.get::<_, String>(9)?)?,
            })
        })
        .optional()?)
}

pub(super) fn repair_entries(conn: &Connection, id: RepairId) -> StoreResult<Vec<RepairEntry>> {
    Ok(conn
        .prepare_cached(
            "SELECT at, operator_id, event FROM repair_events WHERE repair_id = ?1 ORDER BY id",
        )?
        .query_map([id], |r| {
            let event: String = r.get(2)?;
            Ok(RepairEntry {
                at: parse_timestamp(&r.get::<_, String>(0)?)?,
                by: r.get(1)?,
                event: serde_json::from_str(&event)
                    .map_err(|_| conversion(&event, "a repair step"))?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

pub(super) fn repair_replayed(
    id: RepairId,
    row: &RepairRow,
    entries: &[RepairEntry],
) -> StoreResult<RepairState> {
    RepairState::replay(row.reported_at, row.on_site_by, entries)
        .map_err(|(i, e)| StoreError::Other(format!("work order {id}: step {i}: {e}")))
}

/// Inserts a work order as `file_repair` stores it (its on-site clock) and its `open_work`
/// row, with its chain link; no audit row. Returns its key, state, unit and on-site time.
pub(super) fn insert_repair(
    tx: &Connection,
    operator: StaffId,
    repair: &Repair,
    now: DateTime<Utc>,
    hours: OfficeHours,
) -> StoreResult<(RepairId, RepairState, String, DateTime<Utc>)> {
    let unit = unit_text(tx, repair.occupant, &repair.unit)?;
    let by = on_site_by(now, repair.urgency, hours);
    let id = chain::insert_row(
        tx,
        &chain::REPAIR_ORDERS,
        "INSERT INTO repair_orders (id, reported_at, operator_id, customer, phone,
             occupant_id, unit, what, appointment, urgency, on_site_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            timestamp(now),
            operator,
            repair.customer,
            repair.phone.as_str(),
            repair.occupant.map(|o| o.0),
            unit,
            repair.what,
            repair.appointment,
            repair.urgency.key(),
            timestamp(by)
        ],
    )?;
    let rid = RepairId(id);
    let state = RepairState::new(now, by);
    keep_open_repair(tx, rid, &state)?;
    Ok((rid, state, unit, by))
}

/// Inserts one step of work order `id` as `repair_step` stores it and moves `state` and its
/// `open_work` row on, with its chain link; no audit row. Returns the step's key.
pub(super) fn insert_repair_step(
    tx: &Connection,
    id: RepairId,
    operator: StaffId,
    event: &RepairEvent,
    state: &mut RepairState,
    now: DateTime<Utc>,
) -> Result<i64, RepairStepError> {
    let round = state.round();
    let json = serde_json::to_string(event).map_err(|e| StoreError::Other(e.to_string()))?;
    let key = chain::insert_row(
        tx,
        &chain::REPAIR_EVENTS,
        "INSERT INTO repair_events (id, repair_id, at, operator_id, round, kind, event)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            id,
            timestamp(now),
            operator,
            round,
            event.kind().key(),
            json
        ],
    )?;
    state.apply(now, event)?;
    keep_open_repair(tx, id, state)?;
    Ok(key)
}

/// [`Store::file_repair`]'s writes, inside the caller's transaction.
pub(super) fn file_repair_in(
    tx: &Transaction<'_>,
    operator: StaffId,
    repair: &Repair,
    now: DateTime<Utc>,
) -> StoreResult<RepairId> {
    let hours = office_hours(tx)?;
    let (rid, _, unit, by) = insert_repair(tx, operator, repair, now, hours)?;
    let id = rid;
    audit(
        tx,
        now,
        Some(operator),
        None,
        "file_repair",
        &format!(
            "work order {id}, {}, unit {unit}: on site by {}",
            repair.urgency.key(),
            timestamp(by)
        ),
    )?;
    Ok(rid)
}

/// [`Store::repair_step`]'s check and writes, inside the caller's transaction; `event` is
/// already cleaned.
pub(super) fn record_repair_step(
    tx: &Transaction<'_>,
    operator: StaffId,
    id: RepairId,
    event: &RepairEvent,
    now: DateTime<Utc>,
) -> Result<RepairState, RepairStepError> {
    let row = repair_row(tx, id)?.ok_or(RepairStepError::NoSuchRepair(id))?;
    let entries = repair_entries(tx, id)?;
    let mut state = repair_replayed(id, &row, &entries)?;
    state.check(event).map_err(|refusal| {
        // As for complaints: a step out of order that is already recorded is a race lost.
        let raced = matches!(
            refusal,
            RepairRefusal::OutOfOrder { .. } | RepairRefusal::Closed
        );
        let done = entries
            .iter()
            .rev()
            .find(|e| e.event.kind() == event.kind());
        match done.filter(|_| raced) {
            Some(done) => RepairStepError::AlreadyDone {
                by: done.by,
                at: done.at,
                next: state.next_step(),
            },
            None => refusal.into(),
        }
    })?;
    let key = insert_repair_step(tx, id, operator, event, &mut state, now)?;
    let mut detail = format!("work order {id} step {key}: {}", event.kind().key());
    if let RepairEvent::Complete { cost_fen, .. } = &event {
        detail.push_str(&format!(", cost {cost_fen} fen"));
    }
    if let RepairEvent::Confirm {
        satisfied: false, ..
    } = &event
    {
        detail.push_str(", not satisfied");
    }
    if matches!(event, RepairEvent::Plan { .. }) && state.is_late(now) {
        detail.push_str(", on site late");
    }
    audit(tx, now, Some(operator), None, "repair_step", &detail)?;
    Ok(state)
}

impl Store {
    /// Records a repair work order (CMP-6) with its on-site clock, in one transaction with
    /// its chain link, open-work row and audit row.
    pub fn file_repair(
        &mut self,
        operator: StaffId,
        repair: &Repair,
        now: DateTime<Utc>,
    ) -> StoreResult<RepairId> {
        self.write(|tx| file_repair_in(tx, operator, repair, now))
    }

    /// Records one step of work order `id` (CMP-6), checked against its replayed state in
    /// the write transaction. Returns the state after the step.
    pub fn repair_step(
        &mut self,
        operator: StaffId,
        id: RepairId,
        event: &RepairEvent,
        now: DateTime<Utc>,
    ) -> Result<RepairState, RepairStepError> {
        let event = event.cleaned();
        write_with(self, |tx| record_repair_step(tx, operator, id, &event, now))
    }

    /// A work order whole, or `None`.
    pub fn repair(&self, id: RepairId) -> StoreResult<Option<RepairRecord>> {
        self.read(|store| {
            let Some(row) = repair_row(&store.conn, id)? else {
                return Ok(None);
            };
            let entries = repair_entries(&store.conn, id)?;
            let state = repair_replayed(id, &row, &entries)?;
            Ok(Some(RepairRecord {
                id,
                reported_at: row.reported_at,
                owner: row.owner,
                repair: row.repair,
                entries,
                state,
            }))
        })
    }
}
