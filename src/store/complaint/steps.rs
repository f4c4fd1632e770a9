//! Complaints (CMP-1, CMP-12) and their steps (CMP-4 … CMP-10): written, replayed from the
//! rows and checked inside the write, extensions (CMP-5) included.

use super::*;

pub(super) struct ComplaintRow {
    pub(super) recorded_at: DateTime<Utc>,
    pub(super) owner: StaffId,
    pub(super) complaint: Complaint,
    pub(super) due: NaiveDate,
}

/// The columns `complaint_from` reads, in its order.
pub(super) const COMPLAINT_COLUMNS: &str =
    "recorded_at, operator_id, complainant, company, occupant_id,
     unit, phone, what_happened, when_happened, channel, about_staff, witnesses, evidence,
     answered_on_spot, category, conversation, due, complainant_title";

pub(super) fn complaint_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<ComplaintRow> {
    let category: Option<String> = r.get(14)?;
    let conversation: String = r.get(15)?;
    Ok(ComplaintRow {
        recorded_at: parse_timestamp(&r.get::<_, String>(0)?)?,
        owner: r.get(1)?,
        complaint: Complaint {
            complainant: r.get(2)?,
            company: r.get(3)?,
            occupant: r.get::<_, Option<i64>>(4)?.map(OccupantId),
            unit: r.get(5)?,
            phone: phone(&r.get::<_, String>(6)?)?,
            what_happened: r.get(7)?,
            when_happened: r.get(8)?,
            channel: keyed(&r.get::<_, String>(9)?, Channel::from_key, "a channel")?,
            about_staff: r.get(10)?,
            witnesses: r.get(11)?,
            evidence: r.get(12)?,
            answered_on_spot: r.get(13)?,
            category: category
                .map(|c| keyed(&c, Category::from_key, "a category"))
                .transpose()?,
            conversation: serde_json::from_str(&conversation)
                .map_err(|_| conversion(&conversation, "a conversation"))?,
            title: r
                .get::<_, Option<String>>(17)?
                .map(|t| keyed(&t, Title::from_key, "a title"))
                .transpose()?,
        },
        due: date(&r.get::<_, String>(16)?)?,
    })
}

pub(super) fn complaint_row(
    conn: &Connection,
    id: ComplaintId,
) -> StoreResult<Option<ComplaintRow>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COMPLAINT_COLUMNS} FROM complaints WHERE id = ?1"
        ))?
        .query_row([id], complaint_from)
        .optional()?)
}

/// The columns `entry_from` reads, in its order (the export names them with `e.`).
pub(super) const ENTRY_COLUMNS: &str = "at, operator_id, approver_id, event";

pub(super) fn entry_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<ComplaintEntry> {
    let event: String = r.get(3)?;
    Ok(ComplaintEntry {
        at: parse_timestamp(&r.get::<_, String>(0)?)?,
        by: r.get(1)?,
        approver: r.get(2)?,
        event: serde_json::from_str(&event).map_err(|_| conversion(&event, "a complaint step"))?,
    })
}

pub(super) fn complaint_entries(
    conn: &Connection,
    id: ComplaintId,
) -> StoreResult<Vec<ComplaintEntry>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {ENTRY_COLUMNS} FROM complaint_events WHERE complaint_id = ?1 ORDER BY id"
        ))?
        .query_map([id], entry_from)?
        .collect::<rusqlite::Result<_>>()?)
}

pub(super) fn replayed(
    id: ComplaintId,
    row: &ComplaintRow,
    entries: &[ComplaintEntry],
) -> StoreResult<ComplaintState> {
    ComplaintState::replay(row.recorded_at, row.complaint.answered_on_spot, entries)
        .map_err(|e| StoreError::Other(format!("complaint {id}: {e}")))
}

/// Writes the complaint's row of `open_work` as `state` says (removed once closed).
pub(super) fn keep_open_complaint(
    tx: &Connection,
    id: ComplaintId,
    state: &ComplaintState,
    cal: &WorkCalendar,
    tz: Tz,
) -> StoreResult<()> {
    if state.is_closed() {
        tx.prepare_cached("DELETE FROM open_work WHERE kind = 'complaint' AND item_id = ?1")?
            .execute([id])?;
        return Ok(());
    }
    let due = state.due(cal, tz);
    let due_at = due
        .filter(|_| state.awaiting_reply())
        .map(|d| timestamp(end_of_day(d, tz)));
    tx.prepare_cached(
        "INSERT INTO open_work (kind, item_id, due_at, due, step, next)
         VALUES ('complaint', ?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (kind, item_id) DO UPDATE SET due_at = excluded.due_at,
             due = excluded.due, step = excluded.step, next = excluded.next",
    )?
    .execute(params![
        id,
        due_at,
        due.map(|d| d.to_string()),
        state.step().key(),
        state.next_step().map(NextStep::key)
    ])?;
    Ok(())
}

/// What `insert_complaint` wrote.
pub(super) struct Filed {
    pub(super) id: ComplaintId,
    pub(super) state: ComplaintState,
    pub(super) unit: String,
    pub(super) due: NaiveDate,
}

/// Inserts a complaint's row as `file_complaint` stores it (its unit, its first due date)
/// with its chain link, and its `open_work` row; no audit row.
pub(super) fn insert_complaint(
    tx: &Connection,
    operator: StaffId,
    complaint: &Complaint,
    now: DateTime<Utc>,
    cal: &WorkCalendar,
    tz: Tz,
) -> StoreResult<Filed> {
    let unit = unit_text(tx, complaint.occupant, &complaint.unit)?;
    let state = ComplaintState::new(now, complaint.answered_on_spot);
    let due = state
        .due(cal, tz)
        .unwrap_or_else(|| now.with_timezone(&tz).date_naive());
    let conversation = serde_json::to_string(&complaint.conversation)
        .map_err(|e| StoreError::Other(e.to_string()))?;
    let id = chain::insert_row(
        tx,
        &chain::COMPLAINTS,
        "INSERT INTO complaints (id, recorded_at, operator_id, complainant, company,
             occupant_id, unit, phone, what_happened, when_happened, channel,
             about_staff, witnesses, evidence, answered_on_spot, category,
             conversation, due, complainant_title)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
             ?16, ?17, ?18, ?19)",
        params![
            timestamp(now),
            operator,
            complaint.complainant,
            complaint.company,
            complaint.occupant.map(|o| o.0),
            unit,
            complaint.phone.as_str(),
            complaint.what_happened,
            complaint.when_happened,
            complaint.channel.key(),
            complaint.about_staff,
            complaint.witnesses,
            complaint.evidence,
            complaint.answered_on_spot,
            complaint.category.map(Category::key),
            conversation,
            due.to_string(),
            complaint.title.map(Title::key)
        ],
    )?;
    let id = ComplaintId(id);
    keep_open_complaint(tx, id, &state, cal, tz)?;
    Ok(Filed {
        id,
        state,
        unit,
        due,
    })
}

/// Inserts one step of complaint `id` as `complaint_step` stores it (with the columns the
/// statistics' SQL reads), with its chain link, and moves `state` and its `open_work` row
/// on; no audit row. Returns the step's key and, for a reply, whether it was on time.
#[allow(clippy::too_many_arguments)]
pub(super) fn insert_complaint_step(
    tx: &Connection,
    id: ComplaintId,
    operator: StaffId,
    approver: Option<StaffId>,
    event: &ComplaintEvent,
    state: &mut ComplaintState,
    cal: &WorkCalendar,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<(i64, Option<bool>), ComplaintStepError> {
    let (mut nature, mut category, mut satisfied, mut due, mut on_time) =
        (None, None, None, None, None);
    match event {
        ComplaintEvent::DetermineNature {
            nature: n,
            category: c,
            ..
        } => {
            nature = Some(n.key());
            category = Some(c.key());
        }
        ComplaintEvent::FollowUp { satisfied: s, .. } => satisfied = Some(*s),
        ComplaintEvent::Reply { .. } => {
            let round_due = state.due(cal, tz);
            due = round_due.map(|d| d.to_string());
            on_time = round_due.map(|d| now.with_timezone(&tz).date_naive() <= d);
        }
        _ => {}
    }
    let round = state.round();
    let json = serde_json::to_string(event).map_err(|e| StoreError::Other(e.to_string()))?;
    let key = chain::insert_row(
        tx,
        &chain::COMPLAINT_EVENTS,
        "INSERT INTO complaint_events (id, complaint_id, at, operator_id, approver_id,
             round, kind, event, nature, category, satisfied, due, on_time)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            id,
            timestamp(now),
            operator,
            approver,
            round,
            event.kind().key(),
            json,
            nature,
            category,
            satisfied,
            due,
            on_time
        ],
    )?;
    state.apply(now, event)?;
    keep_open_complaint(tx, id, state, cal, tz)?;
    Ok((key, on_time))
}

// ---- Repairs ----

/// [`Store::file_complaint`]'s writes, inside the caller's transaction: the row, its chain
/// link, its open-work row, its audit row.
pub(super) fn file_complaint_in(
    tx: &Transaction<'_>,
    operator: StaffId,
    complaint: &Complaint,
    now: DateTime<Utc>,
) -> StoreResult<ComplaintId> {
    let cal = calendar_in(tx)?;
    let tz = office_hours(tx)?.tz;
    let filed = insert_complaint(tx, operator, complaint, now, &cal, tz)?;
    let (id, unit, due) = (filed.id, filed.unit, filed.due);
    let cid = id;
    let how = match complaint.answered_on_spot {
        true => "answered on the spot".to_owned(),
        false => format!("due {due}"),
    };
    let staff = match complaint.about_staff {
        true => ", about a staff member",
        false => "",
    };
    audit(
        tx,
        now,
        Some(operator),
        None,
        "file_complaint",
        &format!(
            "complaint {id} by {}, unit {unit}{staff}: {how}",
            complaint.channel.key()
        ),
    )?;
    Ok(cid)
}

/// [`Store::complaint_step`]'s check and writes, inside the caller's transaction; `event`
/// is already cleaned.
pub(super) fn record_complaint_step(
    tx: &Transaction<'_>,
    operator: StaffId,
    id: ComplaintId,
    event: &ComplaintEvent,
    approval: Option<&Approval>,
    now: DateTime<Utc>,
) -> Result<ComplaintState, ComplaintStepError> {
    let row = complaint_row(tx, id)?.ok_or(ComplaintStepError::NoSuchComplaint(id))?;
    let entries = complaint_entries(tx, id)?;
    let mut state = replayed(id, &row, &entries)?;
    state.check(event).map_err(|refusal| {
        // The desk offers only the step that comes next, so a step refused as out of order
        // (or on a closed complaint, or signed twice) that is already recorded is a race
        // lost to another desk: say who did it, not what the lifecycle expected.
        let raced = matches!(
            refusal,
            LifecycleRefusal::OutOfOrder { .. }
                | LifecycleRefusal::Closed
                | LifecycleRefusal::AlreadySigned
                | LifecycleRefusal::NotReplied
        ) && !matches!(event.kind(), EventKind::ExtendDeadline | EventKind::Note);
        let done = entries
            .iter()
            .rev()
            .find(|e| e.event.kind() == event.kind());
        match done.filter(|_| raced) {
            Some(done) => ComplaintStepError::AlreadyDone {
                by: done.by,
                at: done.at,
                next: state.next_step(),
            },
            None => refusal.into(),
        }
    })?;
    let approver = match (&event, approval) {
        (ComplaintEvent::ExtendDeadline { .. }, None) => {
            return Err(ComplaintStepError::NeedsApproval);
        }
        (ComplaintEvent::ExtendDeadline { .. }, Some(a)) => Some(still_supervisor(tx, *a)?),
        _ => None,
    };
    let cal = calendar_in(tx)?;
    let tz = office_hours(tx)?.tz;
    let (key, on_time) =
        insert_complaint_step(tx, id, operator, approver, event, &mut state, &cal, tz, now)?;
    let mut detail = format!("complaint {id} step {key}: {}", event.kind().key());
    match &event {
        ComplaintEvent::ExtendDeadline { working_days } => {
            detail.push_str(&format!(" by {working_days} working days"));
        }
        ComplaintEvent::FollowUp { satisfied, .. } => {
            detail.push_str(if *satisfied {
                ", satisfied"
            } else {
                ", not satisfied"
            });
        }
        ComplaintEvent::Reply { .. } if on_time == Some(false) => {
            detail.push_str(", late");
        }
        _ => {}
    }
    let answers = matches!(
        event.kind(),
        EventKind::Reply | EventKind::FollowUp | EventKind::Evaluate
    );
    if answers && operator != row.owner {
        detail.push_str(&format!(", for its owner {}", row.owner));
    }
    audit(tx, now, Some(operator), approver, "complaint_step", &detail)?;
    Ok(state)
}

impl Store {
    /// Records a complaint as taken at the desk (CMP-1, CMP-12) by `operator`, who owns it;
    /// its first deadline (CMP-5, general until its nature is known) is stored with it. One
    /// transaction with its chain link, its open-work row and its audit row. A complaint
    /// answered on the spot is closed at once.
    pub fn file_complaint(
        &mut self,
        operator: StaffId,
        complaint: &Complaint,
        now: DateTime<Utc>,
    ) -> StoreResult<ComplaintId> {
        self.write(|tx| file_complaint_in(tx, operator, complaint, now))
    }

    /// Records a complaint and its classification (CMP-4: nature, category, department, as
    /// the intake decided them) in one transaction: never a complaint half-filed. The day
    /// the reply was `promised` by at intake (CMP-9) is checked in the same transaction
    /// against the deadline the classification gives with the office's calendar then: a
    /// later day is refused (`PromisedAfterDeadline`) and nothing is written, since only an
    /// approved extension (CMP-5) may move the deadline, and that comes after filing.
    pub fn file_classified_complaint(
        &mut self,
        operator: StaffId,
        complaint: &Complaint,
        classification: &ComplaintEvent,
        promised: Option<NaiveDate>,
        now: DateTime<Utc>,
    ) -> Result<(ComplaintId, ComplaintState), ComplaintStepError> {
        let classification = classification.cleaned();
        write_with(self, |tx| {
            let id = file_complaint_in(tx, operator, complaint, now)?;
            let state = record_complaint_step(tx, operator, id, &classification, None, now)?;
            if let Some(promised) = promised {
                let (cal, tz) = (calendar_in(tx)?, office_hours(tx)?.tz);
                state.check_promise(promised, &cal, tz)?;
            }
            Ok((id, state))
        })
    }

    /// Records one step of complaint `id` (CMP-7, CMP-8, CMP-10) at `now` by `operator`.
    /// The complaint's state is replayed inside the write transaction (`BEGIN IMMEDIATE`),
    /// so of two desks recording the same step only the first is written; the second is
    /// refused as out of order. An extension needs `approval` (CMP-5). A reply or follow-up
    /// by someone other than the owner is written and the audit row says so. Returns the
    /// state after the step.
    pub fn complaint_step(
        &mut self,
        operator: StaffId,
        id: ComplaintId,
        event: &ComplaintEvent,
        approval: Option<&Approval>,
        now: DateTime<Utc>,
    ) -> Result<ComplaintState, ComplaintStepError> {
        let event = event.cleaned();
        write_with(self, |tx| {
            record_complaint_step(tx, operator, id, &event, approval, now)
        })
    }

    /// An approved extension of complaint `id`'s deadline by `working_days` (CMP-5), by a
    /// clerk who saw the round already extended by `seen` days when the form opened. Two
    /// desks extending at once would both be written and add up, though each clerk meant
    /// one extension: if the extension changed since (another desk's), nothing is written
    /// and the refusal says who extended it and when (`AlreadyDone`). Otherwise as
    /// [`Store::complaint_step`].
    pub fn extend_complaint(
        &mut self,
        operator: StaffId,
        id: ComplaintId,
        working_days: u8,
        seen: u8,
        approval: &Approval,
        now: DateTime<Utc>,
    ) -> Result<ComplaintState, ComplaintStepError> {
        let event = ComplaintEvent::ExtendDeadline { working_days };
        write_with(self, |tx| {
            let row = complaint_row(tx, id)?.ok_or(ComplaintStepError::NoSuchComplaint(id))?;
            let entries = complaint_entries(tx, id)?;
            let state = replayed(id, &row, &entries)?;
            let now_extended = state.deadline().map_or(0, |d| d.extension);
            let last = entries
                .iter()
                .rev()
                .find(|e| e.event.kind() == EventKind::ExtendDeadline);
            if let Some(done) = last.filter(|_| now_extended != seen) {
                return Err(ComplaintStepError::AlreadyDone {
                    by: done.by,
                    at: done.at,
                    next: state.next_step(),
                });
            }
            record_complaint_step(tx, operator, id, &event, Some(approval), now)
        })
    }

    /// A complaint whole, or `None` when there is no such complaint.
    pub fn complaint(&self, id: ComplaintId) -> StoreResult<Option<ComplaintRecord>> {
        self.read(|store| {
            let Some(row) = complaint_row(&store.conn, id)? else {
                return Ok(None);
            };
            let entries = complaint_entries(&store.conn, id)?;
            let state = replayed(id, &row, &entries)?;
            let cal = calendar_in(&store.conn)?;
            let tz = office_hours(&store.conn)?.tz;
            Ok(Some(ComplaintRecord {
                id,
                recorded_at: row.recorded_at,
                owner: row.owner,
                due: state.due(&cal, tz),
                due_at_recording: row.due,
                complaint: row.complaint,
                entries,
                state,
            }))
        })
    }
}
