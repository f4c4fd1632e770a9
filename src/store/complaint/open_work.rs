//! The open-work list and follow-ups due (read from `open_work`), the monthly statistics
//! (CMP-11) and the office's working-day calendar (CMP-5).

use super::*;

/// A month's complaints (`?1` ≤ recorded < `?2`) by category, nature and answered on the
/// spot (CMP-11). This and the two below are public for the benchmark's bare SQL.
#[doc(hidden)]
pub const MONTH_COUNTS_SQL: &str = "SELECT coalesce(d.category, c.category), d.nature,
         c.answered_on_spot, count(*)
     FROM complaints c
     LEFT JOIN complaint_events d ON d.complaint_id = c.id AND d.kind = 'determine_nature'
     WHERE c.recorded_at >= ?1 AND c.recorded_at < ?2
     GROUP BY 1, 2, 3";

/// A month's follow-ups by category: how many complaints had their final visit in it, how
/// many of those found the complainant satisfied. A complaint visited again after an
/// unsatisfied visit counts once, by its last visit (CMP-8, CMP-11: unsatisfied then
/// satisfied is satisfied, not half).
#[doc(hidden)]
pub const MONTH_ANSWERS_SQL: &str = "SELECT coalesce(d.category, c.category), count(*),
         sum(f.satisfied)
     FROM complaint_events f
     JOIN complaints c ON c.id = f.complaint_id
     LEFT JOIN complaint_events d
         ON d.complaint_id = f.complaint_id AND d.kind = 'determine_nature'
     WHERE f.kind = 'follow_up' AND f.at >= ?1 AND f.at < ?2
       AND NOT EXISTS (SELECT 1 FROM complaint_events g
                       WHERE g.complaint_id = f.complaint_id AND g.kind = 'follow_up'
                         AND g.id > f.id)
     GROUP BY 1";

/// A month's replies: how many, how many on time.
#[doc(hidden)]
pub const MONTH_REPLIES_SQL: &str = "SELECT count(*), coalesce(sum(on_time), 0)
     FROM complaint_events WHERE kind = 'reply' AND at >= ?1 AND at < ?2";

/// The open-work rows `filter` selects (a SQL condition on `o`), due first. A complaint's
/// category (CMP-4) is the one its nature was determined with, else the one given at intake;
/// its `determine_nature` step is found by key (`complaint_events_nature`, which covers it),
/// once per complaint: the lifecycle determines the nature once.
pub(super) const OPEN_SQL: &str = "SELECT o.kind, o.item_id, o.due_at, o.due, o.step, o.next,
         coalesce(c.what_happened, r.what), coalesce(c.unit, r.unit),
         coalesce(c.complainant, r.customer), coalesce(c.operator_id, r.operator_id),
         coalesce(c.recorded_at, r.reported_at), r.urgency, coalesce(d.category, c.category)
     FROM open_work o
     LEFT JOIN complaints c ON o.kind = 'complaint' AND c.id = o.item_id
     LEFT JOIN complaint_events d
         ON o.kind = 'complaint' AND d.complaint_id = o.item_id AND d.kind = 'determine_nature'
     LEFT JOIN repair_orders r ON o.kind = 'repair' AND r.id = o.item_id";

/// The statement of the open-work list: the rows `filter` (a SQL condition on `o`, `1` for
/// all) selects, due first, `LIMIT ?1`. Public for the benchmark's bare SQL.
#[doc(hidden)]
pub fn open_work_sql(filter: &str) -> String {
    format!(
        "{OPEN_SQL} WHERE {filter}
         ORDER BY o.due_at IS NULL, o.due_at, coalesce(c.recorded_at, r.reported_at), o.item_id
         LIMIT ?1"
    )
}

/// `follow_ups_due`'s condition on `open_work`.
#[doc(hidden)]
pub const FOLLOW_UPS_FILTER: &str = "o.kind = 'complaint' AND o.step = 'replied'";

pub(in crate::store) fn open_items(
    conn: &Connection,
    filter: &str,
    limit: usize,
    now: DateTime<Utc>,
    tz: Tz,
) -> StoreResult<Vec<OpenItem>> {
    let sql = open_work_sql(filter);
    Ok(conn
        .prepare_cached(&sql)?
        .query_map([limit as i64], |r| {
            let kind: String = r.get(0)?;
            let id: i64 = r.get(1)?;
            let due_at = r
                .get::<_, Option<String>>(2)?
                .map(|t| parse_timestamp(&t))
                .transpose()?;
            let step: String = r.get(4)?;
            let next: Option<String> = r.get(5)?;
            let (item, progress) = match kind.as_str() {
                "complaint" => (
                    OpenRef::Complaint(ComplaintId(id)),
                    Progress::Complaint {
                        step: keyed(&step, Step::from_key, "a step")?,
                        next: next
                            .map(|n| keyed(&n, NextStep::from_key, "a step"))
                            .transpose()?,
                    },
                ),
                _ => (
                    OpenRef::Repair(RepairId(id)),
                    Progress::Repair {
                        step: keyed(&step, RepairStep::from_key, "a repair step")?,
                        next: next
                            .map(|n| keyed(&n, RepairNext::from_key, "a repair step"))
                            .transpose()?,
                    },
                ),
            };
            Ok(OpenItem {
                item,
                progress,
                due: r
                    .get::<_, Option<String>>(3)?
                    .map(|d| date(&d))
                    .transpose()?,
                summary: r.get(6)?,
                unit: r.get(7)?,
                name: r.get(8)?,
                owner: r.get(9)?,
                opened_at: parse_timestamp(&r.get::<_, String>(10)?)?,
                urgency: r
                    .get::<_, Option<String>>(11)?
                    .map(|u| keyed(&u, Urgency::from_key, "an urgency"))
                    .transpose()?,
                category: r
                    .get::<_, Option<String>>(12)?
                    .map(|c| keyed(&c, Category::from_key, "a category"))
                    .transpose()?,
                countdown: due_at.map(|d| countdown(d, now, tz)),
                due_at,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

impl Store {
    /// Open complaints and work orders together, what is due first (overdue first), then
    /// those with nothing due now (awaiting follow-up or evaluation, someone on site) by
    /// when they were opened. At most `limit`. Reads only `open_work` and the rows it names.
    pub fn open_work(&self, now: DateTime<Utc>, limit: usize) -> StoreResult<Vec<OpenItem>> {
        self.read(|store| {
            let tz = office_hours(&store.conn)?.tz;
            open_items(&store.conn, "1", limit, now, tz)
        })
    }

    /// Complaints replied to and not yet followed up (CMP-8), the oldest first.
    pub fn follow_ups_due(&self, now: DateTime<Utc>) -> StoreResult<Vec<OpenItem>> {
        self.read(|store| {
            let tz = office_hours(&store.conn)?.tz;
            open_items(&store.conn, FOLLOW_UPS_FILTER, usize::MAX >> 1, now, tz)
        })
    }

    /// The statistics of each month (office time, `tz`) from `from`'s to `to`'s (CMP-11),
    /// counted by SQL over the month's rows (see `domain::complaint::MonthStats`).
    pub fn month_statistics(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        tz: Tz,
    ) -> StoreResult<Vec<MonthStats>> {
        self.read(|store| {
            let conn = &store.conn;
            let mut out = Vec::new();
            for month in months(from, to) {
                let next = month + chrono::Months::new(1);
                let (start, end) = (
                    timestamp(local_hour(month, 0, tz)),
                    timestamp(local_hour(next, 0, tz)),
                );
                let mut stats = MonthStats::empty(month);
                let counts: Vec<(Option<String>, Option<String>, bool, u32)> = conn
                    .prepare_cached(MONTH_COUNTS_SQL)?
                    .query_map([&start, &end], |r| {
                        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                    })?
                    .collect::<rusqlite::Result<_>>()?;
                for (category, nature, on_spot, n) in counts {
                    stats.complaints += n;
                    match category.as_deref().and_then(Category::from_key) {
                        Some(c) => stats.category_mut(c).complaints += n,
                        None => stats.uncategorised += n,
                    }
                    let nature = match on_spot {
                        true => Some(Nature::General),
                        false => nature.as_deref().and_then(Nature::from_key),
                    };
                    match nature {
                        Some(nature) => {
                            if let Some((_, c)) =
                                stats.by_nature.iter_mut().find(|(k, _)| *k == nature)
                            {
                                *c += n;
                            }
                        }
                        None => stats.undetermined += n,
                    }
                }
                let answers: Vec<(Option<String>, u32, u32)> = conn
                    .prepare_cached(MONTH_ANSWERS_SQL)?
                    .query_map([&start, &end], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                    .collect::<rusqlite::Result<_>>()?;
                for (category, n, satisfied) in answers {
                    stats.follow_ups += n;
                    stats.satisfied += satisfied;
                    if let Some(c) = category.as_deref().and_then(Category::from_key) {
                        let c = stats.category_mut(c);
                        c.follow_ups += n;
                        c.satisfied += satisfied;
                    }
                }
                (stats.replied, stats.replied_on_time) = conn
                    .prepare_cached(MONTH_REPLIES_SQL)?
                    .query_row([&start, &end], |r| Ok((r.get(0)?, r.get(1)?)))?;
                out.push(stats);
            }
            Ok(out)
        })
    }

    /// The office's working-day calendar: the State Council's with its overrides (CMP-5).
    pub fn calendar(&self) -> StoreResult<WorkCalendar> {
        calendar_in(&self.conn)
    }

    /// Declares `day` a working day or not for this office (CMP-5), approved by a
    /// supervisor; audited. The open complaints' due dates are counted again with it.
    pub fn set_calendar_day(
        &mut self,
        operator: StaffId,
        approval: Approval,
        day: NaiveDate,
        working: bool,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.write(|tx| {
            let supervisor = still_supervisor(tx, approval)?;
            let before = calendar_in(tx)?.is_working_day(day);
            tx.prepare_cached(
                "INSERT INTO calendar_overrides (day, working, set_at, operator_id, approver_id)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (day) DO UPDATE SET working = excluded.working,
                     set_at = excluded.set_at, operator_id = excluded.operator_id,
                     approver_id = excluded.approver_id",
            )?
            .execute(params![
                day.to_string(),
                working,
                timestamp(now),
                operator,
                supervisor
            ])?;
            let cal = calendar_in(tx)?;
            let tz = office_hours(tx)?.tz;
            let open: Vec<ComplaintId> = tx
                .prepare_cached("SELECT item_id FROM open_work WHERE kind = 'complaint'")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for id in &open {
                let row = complaint_row(tx, *id)?
                    .ok_or_else(|| StoreError::Other(format!("open complaint {id} is gone")))?;
                let state = replayed(*id, &row, &complaint_entries(tx, *id)?)?;
                keep_open_complaint(tx, *id, &state, &cal, tz)?;
            }
            let word = |w: bool| if w { "working" } else { "not working" };
            audit(
                tx,
                now,
                Some(operator),
                Some(supervisor),
                "calendar_day",
                &format!(
                    "{day}: {} → {}; {} open complaints counted again",
                    word(before),
                    word(working),
                    open.len()
                ),
            )
        })
    }
}
