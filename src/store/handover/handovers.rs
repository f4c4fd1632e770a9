//! Handovers (HND-1 … HND-6): submitted, their steps (reads, questions, answers, acceptance
//! or refusal) checked against the replayed state, and read back whole.

use super::*;

struct HandoverRow {
    submitted_at: DateTime<Utc>,
    day: NaiveDate,
    outgoing: StaffId,
    shift: Option<String>,
    submit: HandoverEvent,
}

fn handover_row(conn: &Connection, id: HandoverId) -> StoreResult<Option<HandoverRow>> {
    Ok(conn
        .prepare_cached(
            "SELECT submitted_at, day, outgoing_id, shift, log, items, checklist
             FROM handovers WHERE id = ?1",
        )?
        .query_row([id.0], |r| {
            let outgoing: StaffId = r.get(2)?;
            Ok(HandoverRow {
                submitted_at: parse_timestamp(&r.get::<_, String>(0)?)?,
                day: date(&r.get::<_, String>(1)?)?,
                outgoing,
                shift: r.get(3)?,
                submit: HandoverEvent::Submit {
                    outgoing,
                    log: json(&r.get::<_, String>(4)?, "a list of log entries")?,
                    items: json(&r.get::<_, String>(5)?, "open items")?,
                    checklist: json(&r.get::<_, String>(6)?, "a checklist")?,
                },
            })
        })
        .optional()?)
}

fn handover_entries(conn: &Connection, id: HandoverId) -> StoreResult<Vec<HandoverEntry>> {
    Ok(conn
        .prepare_cached(
            "SELECT at, operator_id, event FROM handover_events
             WHERE handover_id = ?1 ORDER BY id",
        )?
        .query_map([id.0], |r| {
            Ok(HandoverEntry {
                at: parse_timestamp(&r.get::<_, String>(0)?)?,
                operator: r.get(1)?,
                event: json(&r.get::<_, String>(2)?, "a handover step")?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

fn replayed(
    id: HandoverId,
    row: &HandoverRow,
    entries: &[HandoverEntry],
) -> StoreResult<HandoverState> {
    HandoverState::replay(std::iter::once(&row.submit).chain(entries.iter().map(|e| &e.event)))
        .map_err(|e| StoreError::Other(format!("handover {id}: {e}")))
}

pub(super) fn record_in(conn: &Connection, id: HandoverId) -> StoreResult<Option<HandoverRecord>> {
    let Some(row) = handover_row(conn, id)? else {
        return Ok(None);
    };
    let entries = handover_entries(conn, id)?;
    let state = replayed(id, &row, &entries)?;
    let mut log = Vec::with_capacity(state.log().len());
    for entry in state.log() {
        if let Some(e) = log_entry_in(conn, *entry)? {
            log.push(e);
        }
    }
    Ok(Some(HandoverRecord {
        id,
        submitted_at: row.submitted_at,
        day: row.day,
        outgoing: row.outgoing,
        shift: row.shift,
        log,
        entries,
        state,
    }))
}

/// The newest handover neither accepted nor refused.
fn pending_in(conn: &Connection) -> StoreResult<Option<HandoverId>> {
    Ok(conn
        .prepare_cached(
            "SELECT h.id FROM handovers h
             WHERE NOT EXISTS (SELECT 1 FROM handover_events e
                               WHERE e.handover_id = h.id AND e.kind IN ('accept', 'refuse'))
             ORDER BY h.id DESC LIMIT 1",
        )?
        .query_row([], |r| r.get(0))
        .optional()?
        .map(HandoverId))
}

/// Writes one step, already checked, with its chain link and audit row.
fn insert_step(
    conn: &Connection,
    id: HandoverId,
    operator: StaffId,
    event: &HandoverEvent,
    now: DateTime<Utc>,
) -> StoreResult<i64> {
    let key = chain::insert_row(
        conn,
        &chain::HANDOVER_EVENTS,
        "INSERT INTO handover_events (id, handover_id, at, operator_id, by_id, kind, event)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            id.0,
            timestamp(now),
            operator,
            event.by(),
            event.kind().key(),
            to_json(event)?
        ],
    )?;
    Ok(key)
}

impl Store {
    /// The outgoing clerk (`signed`) submits the handover (HND-1, HND-6) with `checklist`
    /// (HND-3). Inside one `BEGIN IMMEDIATE` transaction: no other handover may be pending;
    /// the log entries since the last accepted handover and the open items at `now` are
    /// taken as they stand; the checklist is checked against the office's. Returns the
    /// record.
    pub fn submit_handover(
        &mut self,
        signed: Signed,
        checklist: &[CheckedItem],
        now: DateTime<Utc>,
    ) -> Result<HandoverRecord, HandoverStepError> {
        let outgoing = signed.staff();
        let checklist: Vec<CheckedItem> = checklist
            .iter()
            .map(|c| CheckedItem {
                item: crate::domain::text::sanitize(&c.item),
                ticked: c.ticked,
                note: crate::domain::text::sanitize(&c.note),
            })
            .collect();
        write_with_reading(self, |store, tx| {
            if let Some(pending) = pending_in(tx)? {
                return Err(HandoverStepError::AlreadyPending(pending));
            }
            let settings = office_settings_in(tx)?;
            let tz = settings.timezone();
            let log = log_after(tx, handed_over_to(tx)?)?;
            let items = store.handover_items(now)?;
            let submit = HandoverEvent::Submit {
                outgoing,
                log: log.iter().map(|e| e.id).collect(),
                items,
                checklist,
            };
            HandoverState::submit(settings.handover_checklist(), &submit)?;
            let HandoverEvent::Submit {
                log: ids,
                items,
                checklist,
                ..
            } = &submit
            else {
                unreachable!("built above")
            };
            let local = now.with_timezone(&tz).naive_local();
            let shift = settings.shifts().handed_over(local).map(|s| s.shift.name);
            let id = chain::insert_row(
                tx,
                &chain::HANDOVERS,
                "INSERT INTO handovers (id, submitted_at, day, outgoing_id, shift, log, log_to,
                     items, checklist)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    timestamp(now),
                    business_day(now, tz).to_string(),
                    outgoing,
                    shift,
                    to_json(ids)?,
                    ids.last().map(|l| l.0),
                    to_json(items)?,
                    to_json(checklist)?
                ],
            )?;
            let unticked = checklist.iter().filter(|c| !c.ticked).count();
            audit(
                tx,
                now,
                Some(outgoing),
                None,
                "handover_submit",
                &format!(
                    "handover {id} of {}: {} log entries, {} open items, {unticked} checks not ticked",
                    shift.as_deref().unwrap_or("-"),
                    ids.len(),
                    items.len()
                ),
            )?;
            let id = HandoverId(id);
            record_in(tx, id)?.ok_or(HandoverStepError::NoSuchHandover(id))
        })
    }

    /// Records one step of handover `id` by `event.by()`, with `operator` signed in at the
    /// desk. Checked against the replayed state inside `BEGIN IMMEDIATE`, so of two desks
    /// accepting at once one wins and the other gets `AlreadyAccepted { by }`. An `Accept`
    /// needs the acceptor's own `signed` PIN (HND-5, HND-6). Reading a key already read
    /// writes nothing. Returns the state after the step.
    pub fn handover_event(
        &mut self,
        operator: StaffId,
        id: HandoverId,
        event: &HandoverEvent,
        signed: Option<Signed>,
        now: DateTime<Utc>,
    ) -> Result<HandoverState, HandoverStepError> {
        let event = event.cleaned();
        write_with(self, |tx| {
            let row = handover_row(tx, id)?.ok_or(HandoverStepError::NoSuchHandover(id))?;
            let entries = handover_entries(tx, id)?;
            let mut state = replayed(id, &row, &entries)?;
            state.check(&event)?;
            if let HandoverEvent::Accept { by } = &event
                && signed.map(|s| s.staff()) != Some(*by)
            {
                return Err(HandoverStepError::NeedsSignature(*by));
            }
            if let HandoverEvent::Read { by, key } = &event
                && state.has_read(*by, key)
            {
                return Ok(state);
            }
            let key = insert_step(tx, id, operator, &event, now)?;
            state.apply(&event)?;
            let detail = match &event {
                HandoverEvent::Refuse { reason, .. } => {
                    format!(
                        "handover {id} step {key}: refused by {}: {reason}",
                        event.by()
                    )
                }
                HandoverEvent::Answer { question, .. } => {
                    format!("handover {id} step {key}: question {question} answered")
                }
                _ => format!(
                    "handover {id} step {key}: {} by {}",
                    event.kind().key(),
                    event.by()
                ),
            };
            audit(tx, now, Some(operator), None, "handover_step", &detail)?;
            Ok(state)
        })
    }

    /// `by` opened or scrolled past `keys` of handover `id` (HND-2): the new ones written in
    /// one transaction (one audit row); those read already are skipped.
    pub fn mark_read(
        &mut self,
        operator: StaffId,
        id: HandoverId,
        by: StaffId,
        keys: &[String],
        now: DateTime<Utc>,
    ) -> Result<HandoverState, HandoverStepError> {
        write_with(self, |tx| {
            let row = handover_row(tx, id)?.ok_or(HandoverStepError::NoSuchHandover(id))?;
            let entries = handover_entries(tx, id)?;
            let mut state = replayed(id, &row, &entries)?;
            let mut written = 0;
            for key in keys {
                let event = HandoverEvent::Read {
                    by,
                    key: key.clone(),
                }
                .cleaned();
                state.check(&event)?;
                if let HandoverEvent::Read { key, .. } = &event
                    && state.has_read(by, key)
                {
                    continue;
                }
                insert_step(tx, id, operator, &event, now)?;
                state.apply(&event)?;
                written += 1;
            }
            if written > 0 {
                audit(
                    tx,
                    now,
                    Some(operator),
                    None,
                    "handover_step",
                    &format!("handover {id}: {written} items read by {by}"),
                )?;
            }
            Ok(state)
        })
    }

    /// A handover whole, or `None`.
    pub fn handover(&self, id: HandoverId) -> StoreResult<Option<HandoverRecord>> {
        self.read(|store| record_in(&store.conn, id))
    }

    /// The latest handover submitted and neither accepted nor refused, if any.
    pub fn pending_handover(&self) -> StoreResult<Option<HandoverRecord>> {
        self.read(|store| match pending_in(&store.conn)? {
            Some(id) => record_in(&store.conn, id),
            None => Ok(None),
        })
    }

    /// The newest handover, whatever its stage: where the desk's last handover stands.
    pub fn latest_handover(&self) -> StoreResult<Option<HandoverRecord>> {
        self.read(|store| {
            let id: Option<i64> = store
                .conn
                .prepare_cached("SELECT max(id) FROM handovers")?
                .query_row([], |r| r.get(0))?;
            match id {
                Some(id) => record_in(&store.conn, HandoverId(id)),
                None => Ok(None),
            }
        })
    }

    /// The handovers submitted on office day `day` (time zone `tz`), in order.
    pub fn handovers_on(&self, day: NaiveDate, tz: Tz) -> StoreResult<Vec<HandoverRecord>> {
        let (start, end) = bounds(day, tz);
        self.read(|store| {
            let ids: Vec<i64> = store
                .conn
                .prepare_cached(
                    "SELECT id FROM handovers WHERE submitted_at >= ?1 AND submitted_at < ?2
                     ORDER BY id",
                )?
                .query_map(params![timestamp(start), timestamp(end)], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let mut out = Vec::with_capacity(ids.len());
            for id in ids {
                out.extend(record_in(&store.conn, HandoverId(id))?);
            }
            Ok(out)
        })
    }
}
