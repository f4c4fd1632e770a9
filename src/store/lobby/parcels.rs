//! The lobby's parcels (issue 20 §6): taken in for an occupant of the directory, collected,
//! and the ones still waiting, read from `parcels_waiting` (as "inside now" reads
//! `lobby_inside`) so the list costs in proportion to the shelf, not to a year of parcels.
//! Each write is one transaction with its chain link and audit row.

use super::*;
use crate::domain::lobby::parcel::{Parcel, ParcelId, WaitingParcel, validate_collector};

/// A page of the waiting parcels, the longest waiting first, and how many wait in all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParcelPage {
    pub parcels: Vec<WaitingParcel>,
    pub total: usize,
}

/// The waiting parcels by key (the order they were taken in), from the derived list.
const WAITING_SQL: &str = "SELECT p.id, p.at, p.carrier, p.tracking, p.building, p.unit,
     p.room, p.recipient, o.kind, p.shelf, p.operator_id
     FROM parcels_waiting w CROSS JOIN parcels p ON p.id = w.parcel_id
     JOIN lobby_occupants o ON o.id = p.occupant_id
     ORDER BY w.parcel_id LIMIT ?1 OFFSET ?2";

fn waiting_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<WaitingParcel> {
    Ok(WaitingParcel {
        id: ParcelId(r.get(0)?),
        taken_in: parse_timestamp(&r.get::<_, String>(1)?)?,
        carrier: r.get(2)?,
        tracking: r.get(3)?,
        room: address_at(r, 4)?,
        recipient: r.get(7)?,
        recipient_is_company: r.get::<_, String>(8)? == OccupantKind::Company.key(),
        shelf: r.get(9)?,
        taken_by: StaffId(r.get(10)?),
    })
}

/// The parcels waiting, `limit` from `offset`, in the order they were taken in.
pub(in crate::store) fn waiting(
    conn: &Connection,
    offset: usize,
    limit: usize,
) -> StoreResult<ParcelPage> {
    let parcels = conn
        .prepare_cached(WAITING_SQL)?
        .query_map(params![limit as i64, offset as i64], waiting_row)?
        .collect::<rusqlite::Result<_>>()?;
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
