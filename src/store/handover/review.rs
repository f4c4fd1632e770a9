//! The supervisor's day (HND-4, HND-6): the refusals waiting, the day's figures and review,
//! the sign-off sealing the chain heads, the signed and unsigned days, `report day`'s audit row.

use super::*;

fn count(conn: &Connection, sql: &str, from: &str, to: &str) -> StoreResult<u32> {
    Ok(conn
        .prepare_cached(sql)?
        .query_row(params![from, to], |r| r.get(0))?)
}

fn figures_in(conn: &Connection, day: NaiveDate, tz: Tz) -> StoreResult<DayFigures> {
    let (start, end) = bounds(day, tz);
    let (from, to) = (timestamp(start), timestamp(end));
    // A damaged log still has figures up to its bad row.
    let rotation = crate::store::rotation::day_readable(conn, day)?;
    let mut sales: Vec<SalesFigures> = rotation
        .members()
        .map(|m| SalesFigures {
            salesperson: m.id,
            walk_ins: 0,
            counted: m.counted_new,
            other: m.other,
        })
        .collect();
    for logged in rotation.log() {
        if let Event::ReceptionStarted {
            salesperson, kind, ..
        } = &logged.event
            && matches!(kind, ReceptionKind::Rotation | ReceptionKind::MakeUp)
            && let Some(s) = sales.iter_mut().find(|s| s.salesperson == *salesperson)
        {
            s.walk_ins += 1;
        }
    }
    sales.sort_by_key(|s| s.salesperson);
    let day_key = day.to_string();
    let by_day = |sql: &str| -> StoreResult<u32> {
        Ok(conn
            .prepare_cached(sql)?
            .query_row([&day_key], |r| r.get(0))?)
    };
    Ok(DayFigures {
        sales,
        visits: count(
            conn,
            "SELECT count(*) FROM visits WHERE at >= ?1 AND at < ?2",
            &from,
            &to,
        )?,
        calls: count(
            conn,
            "SELECT count(*) FROM calls WHERE at >= ?1 AND at < ?2",
            &from,
            &to,
        )?,
        lobby_in: count(
            conn,
            "SELECT count(*) FROM lobby_visits WHERE at >= ?1 AND at < ?2",
            &from,
            &to,
        )?,
        lobby_out: count(
            conn,
            "SELECT count(*) FROM lobby_exits WHERE at >= ?1 AND at < ?2",
            &from,
            &to,
        )?,
        complaints_opened: count(
            conn,
            "SELECT count(*) FROM complaints WHERE recorded_at >= ?1 AND recorded_at < ?2",
            &from,
            &to,
        )?,
        complaints_closed: count(
            conn,
            "SELECT (SELECT count(*) FROM complaint_events
                     WHERE kind = 'evaluate' AND at >= ?1 AND at < ?2)
                  + (SELECT count(*) FROM complaints
                     WHERE answered_on_spot = 1 AND recorded_at >= ?1 AND recorded_at < ?2)",
            &from,
            &to,
        )?,
        // Open now with a reply due before the day's end: the day closed with them overdue.
        // Open now with a reply due before the day's end: the day closed with them overdue.
        complaints_overdue: conn
            .prepare_cached(
                "SELECT count(*) FROM open_work
                 WHERE kind = 'complaint' AND due_at IS NOT NULL AND due_at < ?1",
            )?
            .query_row([&to], |r| r.get(0))?,
        repairs_opened: count(
            conn,
            "SELECT count(*) FROM repair_orders WHERE reported_at >= ?1 AND reported_at < ?2",
            &from,
            &to,
        )?,
        repairs_closed: count(
            conn,
            "SELECT count(*) FROM repair_events
             WHERE kind = 'confirm' AND at >= ?1 AND at < ?2
               AND json_extract(event, '$.satisfied')",
            &from,
            &to,
        )?,
        handovers: by_day("SELECT count(*) FROM handovers WHERE day = ?1")?,
        handovers_refused: by_day(
            "SELECT count(*) FROM handovers h JOIN handover_events e ON e.handover_id = h.id
             WHERE h.day = ?1 AND e.kind = 'refuse'",
        )?,
        desk_unstaffed: by_day("SELECT count(*) FROM desk_unstaffed WHERE day = ?1")?,
    })
}

fn signoff_in(conn: &Connection, day: NaiveDate) -> StoreResult<Option<Signoff>> {
    Ok(conn
        .prepare_cached(
            "SELECT at, supervisor_id, remarks, figures, heads FROM day_signoffs WHERE day = ?1",
        )?
        .query_row([day.to_string()], |r| {
            Ok(Signoff {
                day,
                at: parse_timestamp(&r.get::<_, String>(0)?)?,
                supervisor: r.get(1)?,
                remarks: r.get(2)?,
                figures: json(&r.get::<_, String>(3)?, "the day's figures")?,
                heads: json(&r.get::<_, String>(4)?, "chain heads")?,
            })
        })
        .optional()?)
}

fn sealed(head: &ChainHead) -> SealedHead {
    SealedHead {
        table: head.table.to_owned(),
        length: head.length,
        hash: head.last.map(|l| chain::hex(&l.hash)),
    }
}

/// True when `head` is still a link of its chain (or the chain was empty when shown).
fn in_chain(conn: &Connection, head: &ChainHead) -> StoreResult<bool> {
    let Some(last) = head.last else {
        return Ok(true);
    };
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM chain
                            WHERE tbl = ?1 AND pos = ?2 AND row_id = ?3 AND hash = ?4)",
        )?
        .query_row(
            params![head.table, last.pos, last.row_id, last.hash.as_slice()],
            |r| r.get(0),
        )?)
}

impl Store {
    /// HND-4: refused handovers on days no supervisor has signed yet: what goes to the
    /// supervisor, oldest first.
    pub fn refusals_unsigned(&self) -> StoreResult<Vec<HandoverRecord>> {
        self.read(|store| {
            let ids: Vec<i64> = store
                .conn
                .prepare_cached(
                    "SELECT DISTINCT h.id FROM handovers h
                     JOIN handover_events e ON e.handover_id = h.id AND e.kind = 'refuse'
                     WHERE h.day NOT IN (SELECT day FROM day_signoffs) ORDER BY h.id",
                )?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let mut out = Vec::with_capacity(ids.len());
            for id in ids {
                out.extend(record_in(&store.conn, HandoverId(id))?);
            }
            Ok(out)
        })
    }

    /// HND-4: the refusals no supervisor has dealt with yet (the day holding them not
    /// signed), oldest first, in brief: what every desk a supervisor is at flags.
    pub fn refusals_waiting(&self) -> StoreResult<Vec<RefusalWaiting>> {
        Ok(self
            .refusals_unsigned()?
            .into_iter()
            .filter_map(|h| {
                Some(RefusalWaiting {
                    handover: h.id,
                    day: h.day,
                    outgoing: h.outgoing,
                    by: h.state.decided_by()?,
                    at: h.decided_at()?,
                    reason: h.state.refusal()?.to_owned(),
                })
            })
            .collect())
    }

    /// The figures of office day `day` in `tz` (issue 10 §3).
    pub fn day_figures(&self, day: NaiveDate, tz: Tz) -> StoreResult<DayFigures> {
        self.read(|store| figures_in(&store.conn, day, tz))
    }

    /// Everything the supervisor reviews for `day`, from one moment.
    pub fn day_review(&self, day: NaiveDate, tz: Tz) -> StoreResult<DayReview> {
        self.read(|store| {
            let unstaffed = store
                .conn
                .prepare_cached(
                    "SELECT at, clerk_id, supervisor_id, reason FROM desk_unstaffed
                     WHERE day = ?1 ORDER BY id",
                )?
                .query_map([day.to_string()], |r| {
                    Ok(Unstaffed {
                        at: parse_timestamp(&r.get::<_, String>(0)?)?,
                        clerk: r.get(1)?,
                        supervisor: r.get(2)?,
                        reason: r.get(3)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            let signoff = signoff_in(&store.conn, day)?;
            let seals_broken = match &signoff {
                Some(s) => chain::unsealed(&store.conn, day, &s.heads)?,
                None => Vec::new(),
            };
            let handovers = store.handovers_on(day, tz)?;
            let covered: std::collections::HashSet<LogEntryId> = handovers
                .iter()
                .flat_map(|h| h.state.log().iter().copied())
                .collect();
            let (from, to) = bounds(day, tz);
            let other_log = store
                .shift_log(from, to)?
                .into_iter()
                .filter(|e| !covered.contains(&e.id))
                .collect();
            Ok(DayReview {
                acknowledged: store.evidence_acks(from, to)?,
                day,
                handovers,
                other_log,
                unstaffed,
                figures: figures_in(&store.conn, day, tz)?,
                heads: store.chain_heads()?,
                signoff,
                seals_broken,
                deals: store.deals_of_day(day, tz)?,
                last_good_backup: store.last_good_backup()?,
                head_office: store.head_office_push()?,
            })
        })
    }

    /// The supervisor signs office day `day` (HND-6) with `remarks`, sealing the day's
    /// figures and the chain `heads` shown in the review: each must still be a link of its
    /// chain. Once per day; refused for a day not begun.
    pub fn sign_day(
        &mut self,
        operator: StaffId,
        approval: Approval,
        day: NaiveDate,
        remarks: &str,
        heads: &[ChainHead],
        now: DateTime<Utc>,
    ) -> Result<Signoff, HandoverStepError> {
        let remarks = crate::domain::text::sanitize(remarks);
        if remarks.chars().count() > crate::domain::handover::LOG_TEXT_MAX_CHARS {
            return Err(HandoverStepError::Remarks(TextError::TooLong(
                crate::domain::handover::LOG_TEXT_MAX_CHARS,
            )));
        }
        write_with(self, |tx| {
            let supervisor = still_supervisor(tx, approval)?;
            let tz = tz_in(tx)?;
            if day > business_day(now, tz) {
                return Err(HandoverStepError::DayNotBegun(day));
            }
            if let Some(s) = signoff_in(tx, day)? {
                return Err(HandoverStepError::DaySigned {
                    day,
                    by: s.supervisor,
                    at: s.at,
                });
            }
            for head in heads {
                if !in_chain(tx, head)? {
                    return Err(HandoverStepError::HeadNotInChain(head.table.to_owned()));
                }
            }
            let figures = figures_in(tx, day, tz)?;
            let sealed: Vec<SealedHead> = heads.iter().map(sealed).collect();
            chain::insert_row(
                tx,
                &chain::DAY_SIGNOFFS,
                "INSERT INTO day_signoffs (id, day, at, operator_id, supervisor_id, remarks,
                     figures, heads)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    day.to_string(),
                    timestamp(now),
                    operator,
                    supervisor,
                    remarks,
                    to_json(&figures)?,
                    to_json(&sealed)?
                ],
            )?;
            audit(
                tx,
                now,
                Some(operator),
                Some(supervisor),
                "sign_day",
                &format!(
                    "{day}: {} handovers, {} refused; {} chain heads sealed",
                    figures.handovers,
                    figures.handovers_refused,
                    sealed.len()
                ),
            )?;
            Ok(Signoff {
                day,
                supervisor,
                at: now,
                remarks,
                figures,
                heads: sealed,
            })
        })
    }

    /// `frontdesk report day`: a supervisor (`approval`) took a copy of office day `day`'s
    /// record to `file`; audited, with how many handovers it held and whether the day was
    /// signed.
    pub fn record_day_report(
        &mut self,
        approval: Approval,
        day: NaiveDate,
        handovers: usize,
        signed: bool,
        file: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.write(|tx| {
            let supervisor = still_supervisor(tx, approval)?;
            let signed = match signed {
                true => "signed",
                false => "not signed",
            };
            audit(
                tx,
                now,
                Some(supervisor),
                Some(supervisor),
                "report_day",
                &format!("{day}: {handovers} handovers, {signed}, to {file}"),
            )
        })
    }

    /// The sign-off of `day`, if signed.
    pub fn signoff(&self, day: NaiveDate) -> StoreResult<Option<Signoff>> {
        signoff_in(&self.conn, day)
    }

    /// The signed days, newest first, at most `limit`: a supervisor may review one again.
    pub fn signed_days(&self, limit: usize) -> StoreResult<Vec<NaiveDate>> {
        let days: Vec<String> = self
            .conn
            .prepare_cached("SELECT day FROM day_signoffs ORDER BY day DESC LIMIT ?1")?
            .query_map([limit as i64], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(days
            .iter()
            .map(|d| date(d))
            .collect::<rusqlite::Result<_>>()?)
    }

    /// The days before `before` with handovers, shift-log entries or a desk left unstaffed
    /// and no sign-off, oldest first: flagged to the next supervisor who signs in (HND-6).
    pub fn unsigned_days(&self, before: NaiveDate) -> StoreResult<Vec<NaiveDate>> {
        let days: Vec<String> = self
            .conn
            .prepare_cached(
                "SELECT day FROM handovers WHERE day < ?1
                 UNION SELECT day FROM shift_log WHERE day < ?1
                 UNION SELECT day FROM desk_unstaffed WHERE day < ?1
                 EXCEPT SELECT day FROM day_signoffs
                 ORDER BY 1",
            )?
            .query_map([before.to_string()], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(days
            .iter()
            .map(|d| date(d))
            .collect::<rusqlite::Result<_>>()?)
    }
}
