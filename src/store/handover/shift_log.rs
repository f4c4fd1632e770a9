//! The shift log (HND-1): entries written and corrected (never edited), and what the next
//! handover covers.

use super::*;

const LOG_SQL: &str =
    "SELECT id, at, operator_id, priority, tags, text, corrects, reason FROM shift_log";

fn log_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<LogEntry> {
    let priority: String = r.get(3)?;
    let tags: String = r.get(4)?;
    Ok(LogEntry {
        id: LogEntryId(r.get(0)?),
        at: parse_timestamp(&r.get::<_, String>(1)?)?,
        by: r.get(2)?,
        priority: Priority::from_key(&priority)
            .ok_or_else(|| conversion(&priority, "a priority"))?,
        tags: json(&tags, "tags")?,
        text: r.get(5)?,
        corrects: r.get::<_, Option<i64>>(6)?.map(LogEntryId),
        reason: r.get(7)?,
    })
}

pub(super) fn log_entry_in(conn: &Connection, id: LogEntryId) -> StoreResult<Option<LogEntry>> {
    Ok(conn
        .prepare_cached(&format!("{LOG_SQL} WHERE id = ?1"))?
        .query_row([id.0], log_row)
        .optional()?)
}

fn insert_log(
    conn: &Connection,
    operator: StaffId,
    draft: &LogEntryDraft,
    correction: Option<(LogEntryId, &str)>,
    now: DateTime<Utc>,
) -> StoreResult<LogEntryId> {
    let tz = tz_in(conn)?;
    let id = chain::insert_row(
        conn,
        &chain::SHIFT_LOG,
        "INSERT INTO shift_log (id, at, day, operator_id, priority, tags, text, corrects, reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            timestamp(now),
            business_day(now, tz).to_string(),
            operator,
            draft.priority.key(),
            to_json(&draft.tags)?,
            draft.text,
            correction.map(|(c, _)| c.0),
            correction.map(|(_, r)| r)
        ],
    )?;
    Ok(LogEntryId(id))
}

/// The newest log entry an accepted handover covered; 0 when none.
pub(super) fn handed_over_to(conn: &Connection) -> StoreResult<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT coalesce(max(h.log_to), 0) FROM handovers h
             WHERE EXISTS (SELECT 1 FROM handover_events e
                           WHERE e.handover_id = h.id AND e.kind = 'accept')",
        )?
        .query_row([], |r| r.get(0))?)
}

pub(super) fn log_after(conn: &Connection, after: i64) -> StoreResult<Vec<LogEntry>> {
    Ok(conn
        .prepare_cached(&format!("{LOG_SQL} WHERE id > ?1 ORDER BY id"))?
        .query_map([after], log_row)?
        .collect::<rusqlite::Result<_>>()?)
}

impl Store {
    /// Appends an entry to the shift log (HND-1) by `operator`, with its chain link and
    /// audit row.
    pub fn log_entry(
        &mut self,
        operator: StaffId,
        draft: &LogEntryDraft,
        now: DateTime<Utc>,
    ) -> StoreResult<LogEntryId> {
        self.write(|tx| {
            let id = insert_log(tx, operator, draft, None, now)?;
            audit(
                tx,
                now,
                Some(operator),
                None,
                "shift_log",
                &format!("entry {id}, {}", draft.priority.key()),
            )?;
            Ok(id)
        })
    }

    /// Corrects `id` with a new entry giving `reason` (REG-4's way: never an edit). Only
    /// the entry's author corrects it, and only an original entry.
    pub fn correct_log_entry(
        &mut self,
        operator: StaffId,
        id: LogEntryId,
        draft: &LogEntryDraft,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<LogEntryId, HandoverStepError> {
        let reason = validate_reason(reason)?;
        write_with(self, |tx| {
            let original = log_entry_in(tx, id)?.ok_or(HandoverStepError::NoSuchEntry(id))?;
            if let Some(first) = original.corrects {
                return Err(HandoverStepError::NotAnOriginal {
                    entry: id,
                    original: first,
                });
            }
            if original.by != operator {
                return Err(HandoverStepError::NotYourEntry(id));
            }
            let new = insert_log(tx, operator, draft, Some((id, &reason)), now)?;
            audit(
                tx,
                now,
                Some(operator),
                None,
                "shift_log_correction",
                &format!("entry {new} corrects {id}: {reason}"),
            )?;
            Ok(new)
        })
    }

    /// The log entries written in [from, to), oldest first, corrections included.
    pub fn shift_log(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> StoreResult<Vec<LogEntry>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "{LOG_SQL} WHERE at >= ?1 AND at < ?2 ORDER BY at, id"
            ))?
            .query_map(params![timestamp(from), timestamp(to)], log_row)?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// The entries the next handover will cover: written since the newest entry an accepted
    /// handover covered.
    pub fn log_since_last_handover(&self) -> StoreResult<Vec<LogEntry>> {
        self.read(|store| log_after(&store.conn, handed_over_to(&store.conn)?))
    }
}
