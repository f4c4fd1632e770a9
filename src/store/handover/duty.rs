//! Who is on duty (HND-7) and the desk left unstaffed.

use super::*;

/// When `staff`'s duty began, if they are on duty (see the module's decisions): the first
/// shift-log entry or acceptance since they were last relieved or left, not the latest.
fn on_duty_in(conn: &Connection, staff: StaffId) -> StoreResult<Option<DateTime<Utc>>> {
    let at = |sql: &str, after: &str| -> StoreResult<Option<DateTime<Utc>>> {
        let at: Option<String> = conn
            .prepare_cached(sql)?
            .query_row(params![staff, after], |r| r.get(0))?;
        Ok(at.map(|t| parse_timestamp(&t)).transpose()?)
    };
    let relieved = at(
        "SELECT max(e.at) FROM handover_events e JOIN handovers h ON h.id = e.handover_id
         WHERE e.kind = 'accept' AND h.outgoing_id = ?1 AND e.at > ?2",
        "",
    )?;
    let left = at(
        "SELECT max(at) FROM desk_unstaffed WHERE clerk_id = ?1 AND at > ?2",
        "",
    )?;
    // Timestamps are our own text, ordered as text; "" is before every one.
    let ended = relieved.max(left).map(timestamp).unwrap_or_default();
    let wrote = at(
        "SELECT min(at) FROM shift_log WHERE operator_id = ?1 AND at > ?2",
        &ended,
    )?;
    let took = at(
        "SELECT min(at) FROM handover_events WHERE kind = 'accept' AND by_id = ?1 AND at > ?2",
        &ended,
    )?;
    Ok(match (wrote, took) {
        (Some(w), Some(t)) => Some(w.min(t)),
        (w, t) => w.or(t),
    })
}

impl Store {
    /// HND-7: since when `staff` is on duty, or `None` when they are not (never were, or
    /// relieved by an accepted handover, or recorded as leaving the desk unstaffed).
    pub fn on_duty(&self, staff: StaffId) -> StoreResult<Option<DateTime<Utc>>> {
        self.read(|store| on_duty_in(&store.conn, staff))
    }

    /// HND-7: `operator` signs out on duty without a handover, approved by a supervisor's
    /// PIN: recorded as the desk left unstaffed, with the reason, chained and audited.
    pub fn record_unstaffed(
        &mut self,
        operator: StaffId,
        approval: Approval,
        reason: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let reason =
            crate::domain::text::required(reason, crate::domain::handover::REASON_MAX_CHARS)
                .map_err(StoreError::Reason)?;
        self.write(|tx| {
            let supervisor = still_supervisor(tx, approval)?;
            let tz = tz_in(tx)?;
            chain::insert_row(
                tx,
                &chain::DESK_UNSTAFFED,
                "INSERT INTO desk_unstaffed (id, at, day, clerk_id, supervisor_id, reason)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    timestamp(now),
                    business_day(now, tz).to_string(),
                    operator,
                    supervisor,
                    reason
                ],
            )?;
            audit(
                tx,
                now,
                Some(operator),
                Some(supervisor),
                "desk_unstaffed",
                &format!("signed out on duty without a handover: {reason}"),
            )
        })
    }
}
