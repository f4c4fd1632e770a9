//! The lobby desk's data (issue 9 §1, §2; REG-11): the building's directory (units and
//! occupants, edited by a supervisor, audited) and the visitor log (visits in, exits and
//! corrections: append-only, hash-chained evidence like the registers).
//!
//! # Inside now without scanning a year
//! A visit row cannot carry an "exited" flag: the log is append-only. So `lobby_inside`
//! holds one row per visit without an exit, inserted with the visit and deleted with its
//! exit in the same transaction. "Inside now", the evacuation list and checking out by
//! badge read it (and the few visits it names by key), so they cost in proportion to the
//! people inside, not to the 500,000 visits of a busy year. It is derived data, not
//! evidence; the log and its chain are what `verify` vouches for.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde_json::{Map, Value as Json};

use super::{Approval, Result as StoreResult, Store, StoreError, audit, chain, parse_timestamp};
use super::{staff::still_supervisor, timestamp};
use crate::domain::lobby::{
    EvacuationEntry, Host, InsideNow, LobbyCorrection, LobbyVisit, LobbyVisitId, Occupant,
    OccupantId, OccupantKind, UnitAddress, next_free_badge, past_closing,
};
use crate::domain::register::{Phone, initials};
use crate::domain::rotation::StaffId;
use crate::domain::text::TextError;

/// Why the lobby desk refused what the clerk asked, in terms the clerk can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LobbyRefusal {
    #[error("there is no lobby visit {0}")]
    NoSuchVisit(LobbyVisitId),
    #[error("lobby visit {visit} already left at {at}")]
    AlreadyLeft {
        visit: LobbyVisitId,
        at: DateTime<Utc>,
    },
    #[error("no visitor inside holds badge {0}")]
    UnknownBadge(String),
    /// Two visitors inside hold the same badge (a correction, or a badge handed out twice
    /// at two desks): the clerk must check out by visit.
    #[error("badge {badge} is held by two visitors inside: visits {first} and {second}")]
    BadgeTwice {
        badge: String,
        first: LobbyVisitId,
        second: LobbyVisitId,
    },
    #[error("badge {badge} is still held by visit {visit}, who has not left")]
    BadgeInUse { badge: String, visit: LobbyVisitId },
    #[error("there is no occupant {0} in the directory")]
    NoSuchOccupant(OccupantId),
    #[error("occupant {0} has moved out")]
    MovedOut(OccupantId),
    #[error("the correction changes nothing")]
    NothingToCorrect,
    /// Undoing an exit that was never recorded.
    #[error("lobby visit {0} has not left")]
    StillInside(LobbyVisitId),
    /// The exit was undone already: the visit goes on as `continued`.
    #[error("lobby visit {visit}'s exit was undone already: it goes on as visit {continued}")]
    AlreadyBackIn {
        visit: LobbyVisitId,
        continued: LobbyVisitId,
    },
    #[error("reason: {0}")]
    Reason(TextError),
}

/// A lobby method's failure: refused by the desk's rules, or the store's own trouble.
#[derive(Debug, thiserror::Error)]
pub enum LobbyError {
    #[error(transparent)]
    Refused(#[from] LobbyRefusal),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for LobbyError {
    fn from(e: rusqlite::Error) -> Self {
        LobbyError::Store(e.into())
    }
}

pub type Result<T> = std::result::Result<T, LobbyError>;

/// A row of the property office's spreadsheet: a unit, with its occupant when it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportedUnit {
    Vacant(UnitAddress),
    Occupied(Occupant),
}

/// What `import_units` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct UnitsImported {
    pub units_added: usize,
    pub occupants_added: usize,
    /// An occupant of the same unit with the same name: its phones and kind replaced.
    pub occupants_updated: usize,
}

/// A directory entry whole, phones included: for a supervisor's directory and a complaint
/// record, never for the visitor flow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OccupantRecord {
    pub id: OccupantId,
    pub occupant: Occupant,
    pub active: bool,
}

/// A visitor who left, for undoing an exit pressed by mistake: the name as corrected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftVisit {
    pub visit: LobbyVisitId,
    pub name: String,
    pub host_room: UnitAddress,
    pub badge: Option<String>,
    pub arrived: DateTime<Utc>,
    pub left: DateTime<Utc>,
}

/// The key of a correction that undoes a visit's exit (the visit goes on as a new row).
const EXIT_UNDONE: &str = "exit_undone";

/// How a visitor leaving is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Leaving<'a> {
    Visit(LobbyVisitId),
    /// The badge handed back (folded as typed at the desk).
    Badge(&'a str),
}

impl Store {
    /// Runs a lobby write in the store's one transaction; a refusal rolls it back (nothing
    /// is written before a refusal anyway) and comes back as `LobbyError::Refused`.
    fn lobby_write<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let mut refused = None;
        let written = self.write(|tx| match f(tx) {
            Ok(value) => Ok(Some(value)),
            Err(LobbyError::Refused(r)) => {
                refused = Some(r);
                // Nothing was written before a refusal; an error rolls back all the same.
                Err(StoreError::Other(String::new()))
            }
            Err(LobbyError::Store(e)) => Err(e),
        });
        match (written, refused) {
            (_, Some(r)) => Err(LobbyError::Refused(r)),
            (Ok(Some(v)), None) => Ok(v),
            (Ok(None), None) => Err(LobbyError::Store(StoreError::Other("no value".into()))),
            (Err(e), None) => Err(LobbyError::Store(e)),
        }
    }
}

fn initials_of(name: &str) -> String {
    initials(name).into_iter().collect::<Vec<_>>().join(" ")
}

fn phones_text(phones: &[Phone]) -> String {
    phones
        .iter()
        .map(Phone::as_str)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The unit's row, added when new; `true` when it was added.
fn unit_id(tx: &Transaction<'_>, address: &UnitAddress) -> StoreResult<(i64, bool)> {
    let found: Option<i64> = tx
        .prepare_cached(
            "SELECT id FROM lobby_units WHERE building = ?1 AND unit = ?2 AND room = ?3",
        )?
        .query_row(
            params![address.building(), address.unit(), address.room()],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = found {
        return Ok((id, false));
    }
    tx.prepare_cached("INSERT INTO lobby_units (building, unit, room) VALUES (?1, ?2, ?3)")?
        .execute(params![address.building(), address.unit(), address.room()])?;
    Ok((tx.last_insert_rowid(), true))
}

fn insert_occupant(
    tx: &Transaction<'_>,
    unit: i64,
    occupant: &Occupant,
    now: DateTime<Utc>,
) -> StoreResult<OccupantId> {
    tx.prepare_cached(
        "INSERT INTO lobby_occupants (unit_id, name, initials, kind, phones, active, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6)",
    )?
    .execute(params![
        unit,
        occupant.name,
        initials_of(&occupant.name),
        occupant.kind.key(),
        phones_text(&occupant.phones),
        timestamp(now)
    ])?;
    Ok(OccupantId(tx.last_insert_rowid()))
}

fn kind_of(text: &str) -> rusqlite::Result<OccupantKind> {
    OccupantKind::from_key(text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("{text:?} is not an occupant kind").into(),
        )
    })
}

fn address_at(r: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<UnitAddress> {
    Ok(UnitAddress::from_stored(
        r.get(first)?,
        r.get(first + 1)?,
        r.get(first + 2)?,
    ))
}

/// `LIKE` text matching `text` literally.
fn like_escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn occupant_record(conn: &Connection, id: OccupantId) -> StoreResult<Option<OccupantRecord>> {
    Ok(conn
        .prepare_cached(
            "SELECT o.id, u.building, u.unit, u.room, o.name, o.kind, o.phones, o.active
             FROM lobby_occupants o JOIN lobby_units u ON u.id = o.unit_id WHERE o.id = ?1",
        )?
        .query_row([id.0], |r| {
            let phones: String = r.get(6)?;
            Ok(OccupantRecord {
                id: OccupantId(r.get(0)?),
                occupant: Occupant {
                    address: address_at(r, 1)?,
                    name: r.get(4)?,
                    kind: kind_of(&r.get::<_, String>(5)?)?,
                    phones: phones
                        .lines()
                        .filter_map(|p| Phone::from_stored(p).ok())
                        .collect(),
                },
                active: r.get(7)?,
            })
        })
        .optional()?)
}

/// A visit's stored fields with its corrections applied.
struct VisitRow {
    id: LobbyVisitId,
    at: DateTime<Utc>,
    name: String,
    address: UnitAddress,
    host_name: String,
    purpose: String,
    party: u32,
    badge: Option<String>,
    plate: Option<String>,
    /// The host a correction put in place of the one the row names.
    corrected_host: Option<i64>,
}

fn visit_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<VisitRow> {
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
    fn apply(&mut self, changes: &Map<String, Json>) {
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

/// The visits inside: `lobby_inside` first (`CROSS JOIN` keeps SQLite from walking the
/// log's time index to save a sort), then each visit by its key. Public for the
/// benchmark's bare SQL.
#[doc(hidden)]
pub const INSIDE_SQL: &str = "SELECT v.id, v.at, v.name, v.building, v.unit, v.room,
     v.host_name, v.purpose, v.party, v.badge, v.plate
     FROM lobby_inside i CROSS JOIN lobby_visits v ON v.id = i.visit_id ORDER BY i.visit_id";

/// One visit by key with its corrections applied.
fn visit_by_key(conn: &Connection, visit: LobbyVisitId) -> StoreResult<Option<VisitRow>> {
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

/// The visit an undone exit goes on as, if the exit of `visit` was undone.
fn continued_as(conn: &Connection, visit: LobbyVisitId) -> StoreResult<Option<LobbyVisitId>> {
    Ok(conn
        .prepare_cached(
            "SELECT json_extract(changes, '$.continued_as') FROM lobby_corrections
             WHERE visit_id = ?1 AND json_extract(changes, '$.exit_undone') IS NOT NULL
             ORDER BY id LIMIT 1",
        )?
        .query_row([visit.0], |r| r.get::<_, Option<i64>>(0))
        .optional()?
        .flatten()
        .map(LobbyVisitId))
}

/// The corrections of the visits inside, oldest first.
#[doc(hidden)]
pub const INSIDE_CORRECTIONS_SQL: &str = "SELECT c.visit_id, c.changes FROM lobby_inside i
     JOIN lobby_corrections c ON c.visit_id = i.visit_id ORDER BY c.id";

/// The visits of the inside list, by key, with their corrections applied, in arrival order.
fn inside_rows(conn: &Connection) -> StoreResult<Vec<VisitRow>> {
    let mut rows: Vec<VisitRow> = conn
        .prepare_cached(INSIDE_SQL)?
        .query_map([], visit_row)?
        .collect::<rusqlite::Result<_>>()?;
    rows.sort_by_key(|r| (r.at, r.id));
    let corrections: Vec<(i64, String)> = conn
        .prepare_cached(INSIDE_CORRECTIONS_SQL)?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (visit, changes) in corrections {
        let changes: Map<String, Json> = serde_json::from_str(&changes).unwrap_or_default();
        if let Some(row) = rows.iter_mut().find(|r| r.id.0 == visit) {
            row.apply(&changes);
        }
    }
    Ok(rows)
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
fn holders(tx: &Connection, badge: &str) -> StoreResult<Vec<LobbyVisitId>> {
    Ok(tx
        .prepare_cached("SELECT visit_id FROM lobby_inside WHERE badge = ?1 ORDER BY visit_id")?
        .query_map([badge], |r| Ok(LobbyVisitId(r.get(0)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

impl Store {
    /// Imports the property office's units and occupants (issue 9 §1) in one transaction,
    /// approved by a supervisor: each unit is added when new; an occupant is added, or,
    /// when the unit already has an occupant of that name, has its phones and kind replaced
    /// (so importing the same sheet twice changes nothing). One `import_units` audit row
    /// names the file and the counts. Anything refused writes nothing.
    pub fn import_units(
        &mut self,
        approval: Approval,
        rows: &[ImportedUnit],
        file: &str,
        skipped: usize,
        now: DateTime<Utc>,
    ) -> StoreResult<UnitsImported> {
        self.write(|tx| {
            let supervisor = still_supervisor(tx, approval)?;
            let mut done = UnitsImported::default();
            for row in rows {
                let address = match row {
                    ImportedUnit::Vacant(a) => a,
                    ImportedUnit::Occupied(o) => &o.address,
                };
                let (unit, added) = unit_id(tx, address)?;
                done.units_added += usize::from(added);
                let ImportedUnit::Occupied(occupant) = row else {
                    continue;
                };
                let same: Option<i64> = tx
                    .prepare_cached(
                        "SELECT id FROM lobby_occupants WHERE unit_id = ?1 AND name = ?2
                         ORDER BY active DESC, id LIMIT 1",
                    )?
                    .query_row(params![unit, occupant.name], |r| r.get(0))
                    .optional()?;
                match same {
                    Some(id) => {
                        tx.prepare_cached(
                            "UPDATE lobby_occupants SET kind = ?2, phones = ?3, active = 1,
                                 updated_at = ?4 WHERE id = ?1",
                        )?
                        .execute(params![
                            id,
                            occupant.kind.key(),
                            phones_text(&occupant.phones),
                            timestamp(now)
                        ])?;
                        done.occupants_updated += 1;
                    }
                    None => {
                        insert_occupant(tx, unit, occupant, now)?;
                        done.occupants_added += 1;
                    }
                }
            }
            audit(
                tx,
                now,
                Some(supervisor),
                Some(supervisor),
                "import_units",
                &format!(
                    "{} rows from {file}, {skipped} rows skipped: {} units added, {} occupants \
                     added, {} updated",
                    rows.len(),
                    done.units_added,
                    done.occupants_added,
                    done.occupants_updated
                ),
            )?;
            Ok(done)
        })
    }

    /// Adds an occupant to the directory (its unit too, when new). Supervisor only; audited.
    pub fn add_occupant(
        &mut self,
        operator: StaffId,
        approval: Approval,
        occupant: &Occupant,
        now: DateTime<Utc>,
    ) -> StoreResult<OccupantId> {
        self.write(|tx| {
            let supervisor = still_supervisor(tx, approval)?;
            let (unit, _) = unit_id(tx, &occupant.address)?;
            let id = insert_occupant(tx, unit, occupant, now)?;
            audit(
                tx,
                now,
                Some(operator),
                Some(supervisor),
                "add_occupant",
                &format!(
                    "occupant {id}: {} ({}) in {}, {} phones",
                    occupant.name,
                    occupant.kind.key(),
                    occupant.address,
                    occupant.phones.len()
                ),
            )?;
            Ok(id)
        })
    }

    /// Changes a directory entry: its unit, name, phones, kind, and whether it still
    /// occupies the unit (`active = false`: moved out, kept for the log that names it).
    /// Supervisor only; the audit row says what changed, old → new (the directory is not
    /// evidence, so it is edited in place, and the audit is its history).
    pub fn update_occupant(
        &mut self,
        operator: StaffId,
        approval: Approval,
        id: OccupantId,
        occupant: &Occupant,
        active: bool,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.lobby_write(|tx| {
            let supervisor = still_supervisor(tx, approval)?;
            let old = occupant_record(tx, id)?.ok_or(LobbyRefusal::NoSuchOccupant(id))?;
            let (unit, _) = unit_id(tx, &occupant.address)?;
            tx.prepare_cached(
                "UPDATE lobby_occupants SET unit_id = ?2, name = ?3, initials = ?4, kind = ?5,
                     phones = ?6, active = ?7, updated_at = ?8 WHERE id = ?1",
            )?
            .execute(params![
                id.0,
                unit,
                occupant.name,
                initials_of(&occupant.name),
                occupant.kind.key(),
                phones_text(&occupant.phones),
                active,
                timestamp(now)
            ])?;
            let mut parts = Vec::new();
            let o = &old.occupant;
            if o.address != occupant.address {
                parts.push(format!("unit: {} → {}", o.address, occupant.address));
            }
            if o.name != occupant.name {
                parts.push(format!("name: {} → {}", o.name, occupant.name));
            }
            if o.kind != occupant.kind {
                parts.push(format!("kind: {} → {}", o.kind.key(), occupant.kind.key()));
            }
            if o.phones != occupant.phones {
                let shown = |p: &[Phone]| p.iter().map(Phone::masked).collect::<Vec<_>>();
                parts.push(format!(
                    "phones: {:?} → {:?}",
                    shown(&o.phones),
                    shown(&occupant.phones)
                ));
            }
            if old.active != active {
                parts.push(format!("active: {} → {active}", old.active));
            }
            let detail = match parts.is_empty() {
                true => "unchanged".to_owned(),
                false => parts.join("; "),
            };
            audit(
                tx,
                now,
                Some(operator),
                Some(supervisor),
                "update_occupant",
                &format!("occupant {id}: {detail}"),
            )?;
            Ok(())
        })
    }

    /// A directory entry with its phones: for a supervisor or a complaint record, never the
    /// visitor flow (REG-11).
    pub fn occupant(&self, id: OccupantId) -> StoreResult<Option<OccupantRecord>> {
        occupant_record(&self.conn, id)
    }

    /// How many occupants the directory holds (moved-out ones included) and units.
    pub fn directory_size(&self) -> StoreResult<(usize, usize)> {
        Ok(self.conn.query_row(
            "SELECT (SELECT count(*) FROM lobby_occupants), (SELECT count(*) FROM lobby_units)",
            [],
            |r| Ok((r.get::<_, i64>(0)? as usize, r.get::<_, i64>(1)? as usize)),
        )?)
    }

    /// The picker for "whom do they visit" (issue 9 §2): present occupants whose name holds
    /// `query`, whose pinyin initials start with it (`wf` for 王芳), or whose room (or
    /// building and room) does; an exact room first, then by building, unit and room. At
    /// most `limit`. No phones (REG-11); an empty query lists the directory from the start.
    pub fn occupants_matching(&self, query: &str, limit: usize) -> StoreResult<Vec<Host>> {
        let folded: String = crate::domain::text::identifier(&crate::domain::text::sanitize(query))
            .split_whitespace()
            .collect();
        let letters = (!folded.is_empty() && folded.chars().all(|c| c.is_ascii_alphabetic()))
            .then(|| format!("% {}%", folded.to_ascii_lowercase()));
        let like = like_escaped(&folded);
        Ok(self
            .conn
            .prepare_cached(
                "SELECT o.id, u.building, u.unit, u.room, o.name, o.kind
                 FROM lobby_occupants o JOIN lobby_units u ON u.id = o.unit_id
                 WHERE o.active = 1 AND (?1 = ''
                     OR o.name LIKE '%' || ?1 || '%' ESCAPE '\\'
                     OR (' ' || o.initials) LIKE ?2
                     OR u.room LIKE ?1 || '%' ESCAPE '\\'
                     OR (u.building || u.unit || u.room) LIKE '%' || ?1 || '%' ESCAPE '\\'
                     OR (u.building || u.room) LIKE '%' || ?1 || '%' ESCAPE '\\')
                 ORDER BY u.room = ?3 DESC, u.building, u.unit, u.room, o.name, o.id
                 LIMIT ?4",
            )?
            .query_map(params![like, letters, folded, limit as i64], |r| {
                Ok(Host {
                    id: OccupantId(r.get(0)?),
                    address: address_at(r, 1)?,
                    name: r.get(4)?,
                    kind: kind_of(&r.get::<_, String>(5)?)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

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
            if let Some(continued) = continued_as(tx, visit)? {
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
            let correction = chain::insert_row(
                tx,
                &chain::LOBBY_CORRECTIONS,
                "INSERT INTO lobby_corrections (id, visit_id, at, operator_id, reason, changes)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    visit.0,
                    timestamp(now),
                    operator,
                    reason,
                    Json::Object(changes).to_string()
                ],
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
            if continued_as(&self.conn, visit)?.is_some() {
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
            let id = chain::insert_row(
                tx,
                &chain::LOBBY_CORRECTIONS,
                "INSERT INTO lobby_corrections (id, visit_id, at, operator_id, reason, changes)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    visit.0,
                    timestamp(now),
                    operator,
                    reason,
                    Json::Object(changes).to_string()
                ],
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

    /// Records that the evacuation list was written to `file` (`frontdesk export
    /// evacuation`), approved by a supervisor: who, when, how many visits were on it.
    pub fn record_evacuation_export(
        &mut self,
        approval: Approval,
        file: &str,
        visits: usize,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.write(|tx| {
            let supervisor = still_supervisor(tx, approval)?;
            audit(
                tx,
                now,
                Some(supervisor),
                Some(supervisor),
                "export_evacuation",
                &format!("{visits} visits inside, to {file}"),
            )
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

    /// Everyone inside at `now` (issue 9 §2), earliest arrival first, with how long each has
    /// been in and whether they are past the office's closing hour of their arrival day.
    /// Reads only the visits inside (see the module's note).
    pub fn inside_now(&self, now: DateTime<Utc>) -> StoreResult<Vec<InsideNow>> {
        self.read(|store| {
            let settings = super::settings::office_settings_in(&store.conn)?;
            let (tz, closing) = (settings.timezone(), settings.closing_hour());
            Ok(inside_rows(&store.conn)?
                .into_iter()
                .map(|v| InsideNow {
                    visit: v.id,
                    past_closing: past_closing(v.at, now, tz, closing),
                    inside_for: (now - v.at).max(chrono::Duration::zero()),
                    name: v.name,
                    host_room: v.address,
                    purpose: v.purpose,
                    party: v.party,
                    badge: v.badge,
                    plate: v.plate,
                    arrived: v.at,
                })
                .collect())
        })
    }

    /// The evacuation list: everyone inside, with their host's room and name as logged,
    /// sorted by building, unit and room, then arrival. Reads only the visits inside.
    pub fn evacuation_list(&self, _now: DateTime<Utc>) -> StoreResult<Vec<EvacuationEntry>> {
        self.read(|store| {
            let mut list: Vec<EvacuationEntry> = inside_rows(&store.conn)?
                .into_iter()
                .map(|v| EvacuationEntry {
                    visit: v.id,
                    name: v.name,
                    party: v.party,
                    host_room: v.address,
                    host_name: v.host_name,
                    badge: v.badge,
                    arrived: v.at,
                })
                .collect();
            list.sort_by(|a, b| {
                (&a.host_room, a.arrived, a.visit).cmp(&(&b.host_room, b.arrived, b.visit))
            });
            Ok(list)
        })
    }
}

#[cfg(test)]
#[path = "lobby_tests.rs"]
pub(crate) mod tests;
