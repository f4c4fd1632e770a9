//! The visitor log (REG-11): visits in and out, each with its chain link, `lobby_inside`
//! kept in the same transaction; a visit read back with its corrections; the bulk loads.

use super::*;

/// A visit's stored fields with its corrections applied.
pub(super) struct VisitRow {
    pub(super) id: LobbyVisitId,
    pub(super) at: DateTime<Utc>,
    pub(super) name: String,
    pub(super) address: UnitAddress,
    pub(super) host_name: String,
    pub(super) purpose: String,
    pub(super) party: u32,
    pub(super) badge: Option<String>,
    pub(super) plate: Option<String>,
    /// The host a correction put in place of the one the row names.
    pub(super) corrected_host: Option<i64>,
}

pub(super) fn visit_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<VisitRow> {
    Ok(VisitRow {
        id: LobbyVisitId(r.get(0)?),
        at: parse_timestamp(&r.get::<_, String>(1)?)?,
        name: r.get(2)?,
        address: address_at(r, 3)?,
        host_name: r.get(6)?,
        purpose: r.get(7)?,
        party: r.get(8)?,
        badge: r.get(9)?,
        plate: r.get(10)?,
        corrected_host: None,
    })
}

impl VisitRow {
    pub(super) fn apply(&mut self, changes: &Map<String, Json>) {
        let text = |v: &Json| v.as_str().map(str::to_owned);
        for (field, value) in changes {
            match field.as_str() {
                "name" => self.name = text(value).unwrap_or_else(|| self.name.clone()),
                "purpose" => self.purpose = text(value).unwrap_or_else(|| self.purpose.clone()),
                "party" => self.party = value.as_u64().map_or(self.party, |n| n as u32),
                "badge" => self.badge = text(value),
                "plate" => self.plate = text(value),
                "host" => {
                    let part = |k: &str| value.get(k).and_then(Json::as_str).map(str::to_owned);
                    if let (Some(building), Some(unit), Some(room), Some(name), Some(id)) = (
                        part("building"),
                        part("unit"),
                        part("room"),
                        part("host_name"),
                        value.get("occupant_id").and_then(Json::as_i64),
                    ) {
                        self.address = UnitAddress::from_stored(building, unit, room);
                        self.host_name = name;
                        self.corrected_host = Some(id);
                    }
                }
                _ => {}
            }
        }
    }
}

/// One visit by key with its corrections applied.
pub(super) fn visit_by_key(
    conn: &Connection,
    visit: LobbyVisitId,
) -> StoreResult<Option<VisitRow>> {
    let sql = "SELECT v.id, v.at, v.name, v.building, v.unit, v.room, v.host_name, v.purpose,
         v.party, v.badge, v.plate FROM lobby_visits v WHERE v.id = ?1";
    let Some(mut row) = conn
        .prepare_cached(sql)?
        .query_row([visit.0], visit_row)
        .optional()?
    else {
        return Ok(None);
    };
    let corrections: Vec<String> = conn
        .prepare_cached("SELECT changes FROM lobby_corrections WHERE visit_id = ?1 ORDER BY id")?
        .query_map([visit.0], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for changes in corrections {
        row.apply(&serde_json::from_str(&changes).unwrap_or_default());
    }
    Ok(Some(row))
}

/// Inserts a visit in as `visitor_in` stores it (the host as the directory has them), with
/// its chain link, and its `lobby_inside` row; no audit row. Returns its key.
fn insert_visit(
    tx: &Connection,
    operator: StaffId,
    visit: &LobbyVisit,
    host: &OccupantRecord,
    now: DateTime<Utc>,
) -> StoreResult<i64> {
    let a = &host.occupant.address;
    let id = chain::insert_row(
        tx,
        &chain::LOBBY_VISITS,
        "INSERT INTO lobby_visits (id, at, name, occupant_id, building, unit, room,
             host_name, purpose, party, badge, plate, operator_id, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?2)",
        params![
            timestamp(now),
            visit.name,
            visit.host.0,
            a.building(),
            a.unit(),
            a.room(),
            host.occupant.name,
            visit.purpose,
            visit.party,
            visit.badge,
            visit.plate.as_ref().map(|p| p.as_str()),
            operator,
        ],
    )?;
    tx.prepare_cached("INSERT INTO lobby_inside (visit_id, badge) VALUES (?1, ?2)")?
        .execute(params![id, visit.badge])?;
    Ok(id)
}

/// Inserts an exit as `visitor_out` stores it, with its chain link, and removes the
/// `lobby_inside` row; no audit row. Returns the exit's key.
fn insert_exit(
    tx: &Connection,
    operator: StaffId,
    visit: LobbyVisitId,
    now: DateTime<Utc>,
) -> StoreResult<i64> {
    let id = chain::insert_row(
        tx,
        &chain::LOBBY_EXITS,
        "INSERT INTO lobby_exits (id, visit_id, at, operator_id, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?3)",
        params![visit.0, timestamp(now), operator],
    )?;
    tx.prepare_cached("DELETE FROM lobby_inside WHERE visit_id = ?1")?
        .execute([visit.0])?;
    Ok(id)
}

/// Writes visits in and out in bulk, **for benchmarks and bulk loads** only: each row as
/// [`Store::visitor_in`] and [`Store::visitor_out`] write it (the same statements, the host
/// as the directory has them, `lobby_inside` kept, each row chained at once through
/// [`chain::insert_row`]), inside the caller's transaction, with no audit row and none of
/// the desk's refusals but an unknown host (a badge held twice, a second exit). The caller
/// writes its own audit row for the load.
pub fn bulk_visitor_in(
    conn: &Connection,
    operator: StaffId,
    visit: &LobbyVisit,
    now: DateTime<Utc>,
) -> StoreResult<LobbyVisitId> {
    let host = occupant_record(conn, visit.host)?
        .ok_or_else(|| StoreError::Other(format!("there is no occupant {}", visit.host)))?;
    Ok(LobbyVisitId(insert_visit(
        conn, operator, visit, &host, now,
    )?))
}

/// The exit of `visit` at `now`, for bulk loads (see [`bulk_visitor_in`]).
pub fn bulk_visitor_out(
    conn: &Connection,
    operator: StaffId,
    visit: LobbyVisitId,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    insert_exit(conn, operator, visit, now).map(|_| ())
}

/// The visits inside holding `badge`, by key.
pub(super) fn holders(tx: &Connection, badge: &str) -> StoreResult<Vec<LobbyVisitId>> {
    Ok(tx
        .prepare_cached("SELECT visit_id FROM lobby_inside WHERE badge = ?1 ORDER BY visit_id")?
        .query_map([badge], |r| Ok(LobbyVisitId(r.get(0)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

impl Store {
    /// Logs a visitor in (REG-11: arrival) at `now`: the host as the directory has them now,
    /// kept in the row. Refused: a host not in the directory or moved out, a badge still held
    /// by someone inside. One transaction with its chain link and audit row.
    pub fn visitor_in(
        &mut self,
        operator: StaffId,
        visit: &LobbyVisit,
        now: DateTime<Utc>,
    ) -> Result<LobbyVisitId> {
        self.lobby_write(|tx| {
            let host =
                occupant_record(tx, visit.host)?.ok_or(LobbyRefusal::NoSuchOccupant(visit.host))?;
            if !host.active {
                return Err(LobbyRefusal::MovedOut(visit.host).into());
            }
            if let Some(badge) = &visit.badge
                && let Some(&holder) = holders(tx, badge)?.first()
            {
                return Err(LobbyRefusal::BadgeInUse {
                    badge: badge.clone(),
                    visit: holder,
                }
                .into());
            }
            let id = insert_visit(tx, operator, visit, &host, now)?;
            let a = &host.occupant.address;
            audit(
                tx,
                now,
                Some(operator),
                None,
                "visitor_in",
                &format!("lobby visit {id}, party {}, to {a}", visit.party),
            )?;
            Ok(LobbyVisitId(id))
        })
    }

    /// Logs a visitor out (REG-11: departure) at `now`, by visit or by the badge handed
    /// back. Refused: an unknown visit, a second exit (naming when they left), a badge
    /// nobody inside holds, a badge two people inside hold (naming both).
    pub fn visitor_out(
        &mut self,
        operator: StaffId,
        leaving: Leaving<'_>,
        now: DateTime<Utc>,
    ) -> Result<LobbyVisitId> {
        self.lobby_write(|tx| {
            let visit = match leaving {
                Leaving::Visit(visit) => visit,
                Leaving::Badge(typed) => {
                    let badge = crate::domain::lobby::fold_badge(typed);
                    match holders(tx, &badge)?.as_slice() {
                        [] => return Err(LobbyRefusal::UnknownBadge(badge).into()),
                        [one] => *one,
                        [first, second, ..] => {
                            return Err(LobbyRefusal::BadgeTwice {
                                badge,
                                first: *first,
                                second: *second,
                            }
                            .into());
                        }
                    }
                }
            };
            let exists: bool = tx
                .prepare_cached("SELECT EXISTS (SELECT 1 FROM lobby_visits WHERE id = ?1)")?
                .query_row([visit.0], |r| r.get(0))?;
            if !exists {
                return Err(LobbyRefusal::NoSuchVisit(visit).into());
            }
            let left: Option<String> = tx
                .prepare_cached("SELECT at FROM lobby_exits WHERE visit_id = ?1")?
                .query_row([visit.0], |r| r.get(0))
                .optional()?;
            if let Some(at) = left {
                let at = parse_timestamp(&at).map_err(StoreError::from)?;
                return Err(LobbyRefusal::AlreadyLeft { visit, at }.into());
            }
            let id = insert_exit(tx, operator, visit, now)?;
            audit(
                tx,
                now,
                Some(operator),
                None,
                "visitor_out",
                &format!("lobby visit {visit} left (exit {id})"),
            )?;
            Ok(visit)
        })
    }

    /// The badge the visitor-in form proposes ([`next_free_badge`]): in the series of the
    /// badge handed out last (among the last 200 visits, so an office that gives none reads
    /// little), the lowest number nobody inside holds now. The desk still refuses a badge
    /// held when the visitor is logged in, so two desks proposing the same one is harmless.
    pub fn next_free_badge(&self) -> StoreResult<Option<String>> {
        let latest: Option<String> = self
            .conn
            .prepare_cached(
                "SELECT badge FROM (SELECT badge FROM lobby_visits ORDER BY id DESC LIMIT 200)
                 WHERE badge IS NOT NULL LIMIT 1",
            )?
            .query_row([], |r| r.get(0))
            .optional()?;
        let in_use: Vec<String> = self
            .conn
            .prepare_cached("SELECT badge FROM lobby_inside WHERE badge IS NOT NULL")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(next_free_badge(latest.as_deref(), &in_use))
    }
}
