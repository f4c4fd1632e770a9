//! The lobby's parcels (issue 20 §6): taken in for an occupant of the directory, collected,
//! and the ones still waiting, read from `parcels_waiting` (as "inside now" reads
//! `lobby_inside`) so the list costs in proportion to the shelf, not to a year of parcels.
//! Each write is one transaction with its chain link and audit row. A parcel is read with
//! its corrections applied (`parcel_corrections`, 022; written in `parcel_corrections.rs`).

use super::*;
use crate::domain::lobby::parcel::{Parcel, ParcelId, WaitingParcel, validate_collector};

/// A page of the waiting parcels, the longest waiting first, and how many wait in all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParcelPage {
    pub parcels: Vec<WaitingParcel>,
    pub total: usize,
}

/// A parcel row as the lists read it: the directory's kind of its recipient, and whether a
/// correction names it (changed it, or it continues an undone collection). The second
/// `EXISTS` reads the partial index on `continued_as` (022), which holds the undone
/// collections only: a handful, however long the log.
const PARCEL_COLUMNS: &str = "p.id, p.at, p.carrier, p.tracking, p.building, p.unit,
     p.room, p.recipient, o.kind, p.shelf, p.operator_id, p.occupant_id,
     EXISTS (SELECT 1 FROM parcel_corrections c WHERE c.parcel_id = p.id),
     EXISTS (SELECT 1 FROM parcel_corrections c
             WHERE json_extract(c.changes, '$.continued_as') = p.id)";

/// The waiting parcels, the longest waiting first, from the derived list. By when each was
/// taken in, not by key: a parcel whose collection was undone waits on as a newer row with
/// its first take-in time. The sort is over the shelf's few rows only.
fn waiting_sql() -> String {
    format!(
        "SELECT {PARCEL_COLUMNS}
         FROM parcels_waiting w CROSS JOIN parcels p ON p.id = w.parcel_id
         JOIN lobby_occupants o ON o.id = p.occupant_id
         ORDER BY p.at, p.id LIMIT ?1 OFFSET ?2"
    )
}

/// A parcel row as stored, and whether corrections name it (to be applied).
fn parcel_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(WaitingParcel, bool)> {
    let corrections: bool = r.get(12)?;
    let continues: bool = r.get(13)?;
    let parcel = WaitingParcel {
        id: ParcelId(r.get(0)?),
        taken_in: parse_timestamp(&r.get::<_, String>(1)?)?,
        carrier: r.get(2)?,
        tracking: r.get(3)?,
        room: address_at(r, 4)?,
        recipient: r.get(7)?,
        recipient_is_company: r.get::<_, String>(8)? == OccupantKind::Company.key(),
        shelf: r.get(9)?,
        taken_by: StaffId(r.get(10)?),
        recipient_id: OccupantId(r.get(11)?),
        corrected: corrections || continues,
    };
    Ok((parcel, corrections))
}

/// The parcel as read, with its corrections applied in the order they were written when
/// `corrections` says there are any.
fn corrected(
    conn: &Connection,
    (mut parcel, corrections): (WaitingParcel, bool),
) -> StoreResult<WaitingParcel> {
    if corrections {
        let changes: Vec<String> = conn
            .prepare_cached(
                "SELECT changes FROM parcel_corrections WHERE parcel_id = ?1 ORDER BY id",
            )?
            .query_map([parcel.id.0], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for changes in changes {
            apply(
                &mut parcel,
                &serde_json::from_str(&changes).unwrap_or_default(),
            );
        }
    }
    Ok(parcel)
}

/// One correction's changes over the parcel as it read before it.
fn apply(parcel: &mut WaitingParcel, changes: &Map<String, Json>) {
    let text = |v: &Json| v.as_str().map(str::to_owned);
    for (field, value) in changes {
        match field.as_str() {
            "carrier" => parcel.carrier = text(value).unwrap_or_else(|| parcel.carrier.clone()),
            "tracking" => parcel.tracking = text(value).unwrap_or_else(|| parcel.tracking.clone()),
            "shelf" => parcel.shelf = text(value).unwrap_or_else(|| parcel.shelf.clone()),
            "recipient" => {
                let part = |k: &str| value.get(k).and_then(Json::as_str).map(str::to_owned);
                if let (Some(building), Some(unit), Some(room), Some(name), Some(kind), Some(id)) = (
                    part("building"),
                    part("unit"),
                    part("room"),
                    part("recipient"),
                    part("kind"),
                    value.get("occupant_id").and_then(Json::as_i64),
                ) {
                    parcel.room = UnitAddress::from_stored(building, unit, room);
                    parcel.recipient = name;
                    parcel.recipient_is_company = kind == OccupantKind::Company.key();
                    parcel.recipient_id = OccupantId(id);
                }
            }
            _ => {}
        }
    }
}

/// One parcel by key, its corrections applied.
pub(super) fn parcel_by_key(
    conn: &Connection,
    parcel: ParcelId,
) -> StoreResult<Option<WaitingParcel>> {
    let sql = format!(
        "SELECT {PARCEL_COLUMNS} FROM parcels p
         JOIN lobby_occupants o ON o.id = p.occupant_id WHERE p.id = ?1"
    );
    match conn
        .prepare_cached(&sql)?
        .query_row([parcel.0], parcel_row)
        .optional()?
    {
        Some(row) => corrected(conn, row).map(Some),
        None => Ok(None),
    }
}

/// The parcels waiting, `limit` from `offset`, in the order they were taken in.
pub(in crate::store) fn waiting(
    conn: &Connection,
    offset: usize,
    limit: usize,
) -> StoreResult<ParcelPage> {
    let rows: Vec<(WaitingParcel, bool)> = conn
        .prepare_cached(&waiting_sql())?
        .query_map(params![limit as i64, offset as i64], parcel_row)?
        .collect::<rusqlite::Result<_>>()?;
    let parcels = rows
        .into_iter()
        .map(|row| corrected(conn, row))
        .collect::<StoreResult<_>>()?;
    let total: i64 = conn
        .prepare_cached("SELECT count(*) FROM parcels_waiting")?
        .query_row([], |r| r.get(0))?;
    Ok(ParcelPage {
        parcels,
        total: total as usize,
    })
}

impl Store {
    /// Takes a parcel in at `now` for an occupant of the directory (kept in the row as the
    /// directory has them now). Refused: an occupant not in the directory or moved out.
    pub fn take_in_parcel(
        &mut self,
        operator: StaffId,
        parcel: &Parcel,
        now: DateTime<Utc>,
    ) -> Result<ParcelId> {
        self.lobby_write(|tx| {
            let host = occupant_record(tx, parcel.recipient)?
                .ok_or(LobbyRefusal::NoSuchOccupant(parcel.recipient))?;
            if !host.active {
                return Err(LobbyRefusal::MovedOut(parcel.recipient).into());
            }
            let a = &host.occupant.address;
            let id = chain::insert_row(
                tx,
                &chain::PARCELS,
                "INSERT INTO parcels (id, at, carrier, tracking, occupant_id, building, unit,
                     room, recipient, shelf, operator_id, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?2)",
                params![
                    timestamp(now),
                    parcel.carrier,
                    parcel.tracking,
                    parcel.recipient.0,
                    a.building(),
                    a.unit(),
                    a.room(),
                    host.occupant.name,
                    parcel.shelf,
                    operator,
                ],
            )?;
            tx.prepare_cached("INSERT INTO parcels_waiting (parcel_id) VALUES (?1)")?
                .execute([id])?;
            audit(
                tx,
                now,
                Some(operator),
                None,
                "parcel_in",
                &format!("parcel {id} ({}) for {a}", parcel.carrier),
            )?;
            Ok(ParcelId(id))
        })
    }

    /// Records that `parcel` was collected at `now` by `collected_by` (the name the
    /// collector gave). Refused: an unknown parcel, one collected already (naming when), an
    /// empty or overlong name.
    pub fn collect_parcel(
        &mut self,
        operator: StaffId,
        parcel: ParcelId,
        collected_by: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let collected_by = validate_collector(collected_by).map_err(LobbyRefusal::Collector)?;
        self.lobby_write(|tx| {
            let exists: bool = tx
                .prepare_cached("SELECT EXISTS (SELECT 1 FROM parcels WHERE id = ?1)")?
                .query_row([parcel.0], |r| r.get(0))?;
            if !exists {
                return Err(LobbyRefusal::NoSuchParcel(parcel).into());
            }
            let collected: Option<String> = tx
                .prepare_cached("SELECT at FROM parcel_collections WHERE parcel_id = ?1")?
                .query_row([parcel.0], |r| r.get(0))
                .optional()?;
            if let Some(at) = collected {
                let at = parse_timestamp(&at).map_err(StoreError::from)?;
                return Err(LobbyRefusal::AlreadyCollected { parcel, at }.into());
            }
            let id = chain::insert_row(
                tx,
                &chain::PARCEL_COLLECTIONS,
                "INSERT INTO parcel_collections (id, parcel_id, at, collected_by, operator_id,
                     recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?3)",
                params![parcel.0, timestamp(now), collected_by, operator],
            )?;
            tx.prepare_cached("DELETE FROM parcels_waiting WHERE parcel_id = ?1")?
                .execute([parcel.0])?;
            audit(
                tx,
                now,
                Some(operator),
                None,
                "parcel_collected",
                &format!("parcel {parcel} collected (collection {id})"),
            )?;
            Ok(())
        })
    }

    /// The parcels still waiting, the longest waiting first: `limit` of them from `offset`,
    /// and how many wait in all. Reads only the waiting ones.
    pub fn waiting_parcels(&self, offset: usize, limit: usize) -> StoreResult<ParcelPage> {
        self.read(|store| waiting(&store.conn, offset, limit))
    }
}
