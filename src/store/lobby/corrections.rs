//! Corrections of the visitor log (REG-4: a new row with the reason, never an edit): a visit
//! corrected, and an exit pressed by mistake undone.

use super::*;

/// The row an undone exit or collection goes on as, if the one of row `key` was undone: the
/// `continued_as` of the correction in `chained` (the visitor log's or the parcels', whose
/// first column is the corrected row's key) that undid `undone` (`exit_undone`,
/// `collection_undone`).
pub(super) fn continued_as(
    conn: &Connection,
    chained: &chain::Chained,
    undone: &str,
    key: i64,
) -> StoreResult<Option<i64>> {
    let Some(corrected) = chained.columns.first() else {
        return Ok(None);
    };
    Ok(conn
        .prepare_cached(&format!(
            "SELECT json_extract(changes, '$.continued_as') FROM {}
             WHERE {corrected} = ?1 AND json_extract(changes, '$.{undone}') IS NOT NULL
             ORDER BY id LIMIT 1",
            chained.table
        ))?
        .query_row([key], |r| r.get::<_, Option<i64>>(0))
        .optional()?
        .flatten())
}

/// The visit an undone exit of `visit` goes on as.
fn visit_continued_as(conn: &Connection, visit: LobbyVisitId) -> StoreResult<Option<LobbyVisitId>> {
    Ok(continued_as(conn, &chain::LOBBY_CORRECTIONS, "exit_undone", visit.0)?.map(LobbyVisitId))
}

impl Store {
    /// Undoes an exit pressed by mistake (REG-4: never an edit): the visitor is inside
    /// again as a new visit row copying the one that left (as corrected), with its original
    /// arrival, so "how long inside" and the closing mark stay true; and the visit that left
    /// gets a correction with the reason naming the row it goes on as. The exit row stays:
    /// the log shows the mistake and its undoing. Refused: a visit that has not left, an
    /// exit undone already, a badge someone inside now holds.
    pub fn visitor_back_in(
        &mut self,
        operator: StaffId,
        visit: LobbyVisitId,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<LobbyVisitId> {
        let reason = crate::domain::text::required(reason, 200).map_err(LobbyRefusal::Reason)?;
        self.lobby_write(|tx| {
            let row = visit_by_key(tx, visit)?.ok_or(LobbyRefusal::NoSuchVisit(visit))?;
            let left: bool = tx
                .prepare_cached("SELECT EXISTS (SELECT 1 FROM lobby_exits WHERE visit_id = ?1)")?
                .query_row([visit.0], |r| r.get(0))?;
            if !left {
                return Err(LobbyRefusal::StillInside(visit).into());
            }
            if let Some(continued) = visit_continued_as(tx, visit)? {
                return Err(LobbyRefusal::AlreadyBackIn { visit, continued }.into());
            }
            if let Some(badge) = &row.badge
                && let Some(&holder) = holders(tx, badge)?.first()
            {
                return Err(LobbyRefusal::BadgeInUse {
                    badge: badge.clone(),
                    visit: holder,
                }
                .into());
            }
            let id = chain::insert_row(
                tx,
                &chain::LOBBY_VISITS,
                "INSERT INTO lobby_visits (id, at, name, occupant_id, building, unit, room,
                     host_name, purpose, party, badge, plate, operator_id, recorded_at)
                 SELECT ?1, at, ?2, coalesce(?10, occupant_id), ?11, ?12, ?13, ?14, ?3, ?4,
                     ?5, ?6, ?7, ?8 FROM lobby_visits WHERE id = ?9",
                params![
                    row.name,
                    row.purpose,
                    row.party,
                    row.badge,
                    row.plate,
                    operator,
                    timestamp(now),
                    visit.0,
                    row.corrected_host,
                    row.address.building(),
                    row.address.unit(),
                    row.address.room(),
                    row.host_name
                ],
            )?;
            tx.prepare_cached("INSERT INTO lobby_inside (visit_id, badge) VALUES (?1, ?2)")?
                .execute(params![id, row.badge])?;
            let mut changes = Map::new();
            changes.insert(EXIT_UNDONE.into(), true.into());
            changes.insert("continued_as".into(), id.into());
            let correction = insert_correction(
                tx,
                &chain::LOBBY_CORRECTIONS,
                visit.0,
                operator,
                &reason,
                changes,
                now,
            )?;
            audit(
                tx,
                now,
                Some(operator),
                None,
                "visitor_back_in",
                &format!(
                    "lobby visit {visit}'s exit undone (correction {correction}); inside again \
                     as visit {id}: {reason}"
                ),
            )?;
            Ok(LobbyVisitId(id))
        })
    }

    /// The visitors who left since `since`, the latest exit first, at most `limit`, without
    /// those whose exit was undone: what a clerk may undo. Walks the exits from the newest
    /// and stops at the first before `since` (exits are written in time order), so it costs
    /// in proportion to the day's exits, not the year's.
    pub fn recent_exits(&self, since: DateTime<Utc>, limit: usize) -> StoreResult<Vec<LeftVisit>> {
        let mut out = Vec::new();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT visit_id, at FROM lobby_exits ORDER BY id DESC")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let left = parse_timestamp(&r.get::<_, String>(1)?)?;
            if left < since || out.len() >= limit {
                break;
            }
            let visit = LobbyVisitId(r.get(0)?);
            if visit_continued_as(&self.conn, visit)?.is_some() {
                continue;
            }
            if let Some(v) = visit_by_key(&self.conn, visit)? {
                out.push(LeftVisit {
                    visit,
                    name: v.name,
                    host_room: v.address,
                    badge: v.badge,
                    arrived: v.at,
                    left,
                });
            }
        }
        Ok(out)
    }

    /// Corrects a lobby visit (REG-4): a new row with the reason, never an edit. A badge
    /// corrected to one someone else inside holds is refused, as at the desk.
    pub fn correct_lobby_visit(
        &mut self,
        operator: StaffId,
        visit: LobbyVisitId,
        correction: &LobbyCorrection,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let reason = crate::domain::text::required(reason, 200).map_err(LobbyRefusal::Reason)?;
        if correction.is_empty() {
            return Err(LobbyRefusal::NothingToCorrect.into());
        }
        self.lobby_write(|tx| {
            let exists: bool = tx
                .prepare_cached("SELECT EXISTS (SELECT 1 FROM lobby_visits WHERE id = ?1)")?
                .query_row([visit.0], |r| r.get(0))?;
            if !exists {
                return Err(LobbyRefusal::NoSuchVisit(visit).into());
            }
            let mut changes = Map::new();
            if let Some(name) = &correction.name {
                changes.insert("name".into(), name.clone().into());
            }
            if let Some(id) = correction.host {
                // Whom they visit, as the directory has them now, kept in the correction as
                // the visit keeps it (a later move in the directory does not rewrite it).
                let host = occupant_record(tx, id)?.ok_or(LobbyRefusal::NoSuchOccupant(id))?;
                if !host.active {
                    return Err(LobbyRefusal::MovedOut(id).into());
                }
                let address = &host.occupant.address;
                changes.insert(
                    "host".into(),
                    serde_json::json!({
                        "occupant_id": id.0,
                        "building": address.building(),
                        "unit": address.unit(),
                        "room": address.room(),
                        "host_name": host.occupant.name,
                    }),
                );
            }
            if let Some(purpose) = &correction.purpose {
                changes.insert("purpose".into(), purpose.clone().into());
            }
            if let Some(party) = correction.party {
                changes.insert("party".into(), party.into());
            }
            if let Some(badge) = &correction.badge {
                let inside: bool = tx
                    .prepare_cached(
                        "SELECT EXISTS (SELECT 1 FROM lobby_inside WHERE visit_id = ?1)",
                    )?
                    .query_row([visit.0], |r| r.get(0))?;
                if let Some(b) = badge
                    && inside
                    && let Some(&holder) = holders(tx, b)?.iter().find(|h| **h != visit)
                {
                    return Err(LobbyRefusal::BadgeInUse {
                        badge: b.clone(),
                        visit: holder,
                    }
                    .into());
                }
                changes.insert("badge".into(), badge.clone().into());
                tx.prepare_cached("UPDATE lobby_inside SET badge = ?2 WHERE visit_id = ?1")?
                    .execute(params![visit.0, badge])?;
            }
            if let Some(plate) = &correction.plate {
                let plate = plate.as_ref().map(|p| p.as_str().to_owned());
                changes.insert("plate".into(), plate.into());
            }
            let id = insert_correction(
                tx,
                &chain::LOBBY_CORRECTIONS,
                visit.0,
                operator,
                &reason,
                changes,
                now,
            )?;
            audit(
                tx,
                now,
                Some(operator),
                None,
                "correct_lobby_visit",
                &format!("lobby visit {visit} (correction {id}): {reason}"),
            )?;
            Ok(())
        })
    }
}

/// Writes one correction (what changed, as JSON, and why) of the row `corrected` into the
/// corrections chain `chained` — the lobby log's or the parcels', whose columns are the
/// corrected row's key, when, who, why and the changes — and chains it; returns its key.
pub(super) fn insert_correction(
    tx: &Transaction<'_>,
    chained: &chain::Chained,
    corrected: i64,
    operator: StaffId,
    reason: &str,
    changes: Map<String, Json>,
    now: DateTime<Utc>,
) -> StoreResult<i64> {
    chain::insert_row(
        tx,
        chained,
        &format!(
            "INSERT INTO {} ({}, {}) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            chained.table,
            chained.key,
            chained.columns.join(", ")
        ),
        params![
            corrected,
            timestamp(now),
            operator,
            reason,
            Json::Object(changes).to_string()
        ],
    )
}
