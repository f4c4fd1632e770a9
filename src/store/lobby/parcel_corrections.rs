//! Corrections of the parcel log (issue 20 §6; REG-4: a new row with the reason, never an
//! edit), as the visitor log's (`corrections.rs`): a parcel's fields corrected (for whom,
//! where stored, carrier, tracking number), and a collection recorded by mistake undone.
//!
//! A clerk corrects without a supervisor, as the visitor log's corrections go: the reason,
//! who and when are kept in the chained row, the audit says what was done, and `verify`
//! finds any edit of it.

use super::corrections::continued_as;
use super::parcels::parcel_by_key;
use super::*;
use crate::domain::lobby::parcel::{ParcelCorrection, ParcelId, WaitingParcel, validate_reason};

/// A parcel collected, for undoing a collection recorded by mistake: the parcel as
/// corrected, who collected it and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollectedParcel {
    pub parcel: WaitingParcel,
    pub collected_by: String,
    pub collected: DateTime<Utc>,
}

/// The parcel row an undone collection of `parcel` waits on as, if it was undone.
fn parcel_continued_as(conn: &Connection, parcel: ParcelId) -> StoreResult<Option<ParcelId>> {
    let undone = "collection_undone";
    Ok(continued_as(conn, &chain::PARCEL_CORRECTIONS, undone, parcel.0)?.map(ParcelId))
}

/// The parcel by key as it reads now; refused when unknown, or when its collection was
/// undone (the parcel waits on as another row: that one is the parcel to act on).
fn live_parcel(tx: &Transaction<'_>, parcel: ParcelId) -> Result<WaitingParcel> {
    let row = parcel_by_key(tx, parcel)?.ok_or(LobbyRefusal::NoSuchParcel(parcel))?;
    if let Some(continued) = parcel_continued_as(tx, parcel)? {
        return Err(LobbyRefusal::CollectionUndone { parcel, continued }.into());
    }
    Ok(row)
}

impl Store {
    /// Corrects a parcel (REG-4): a new row with the reason and the corrected fields, never
    /// an edit; the lists read the parcel with it applied. Another recipient is kept as the
    /// directory has them now, as at take-in. Refused: an empty or overlong reason, a
    /// correction that changes nothing, an unknown parcel, one whose collection was undone
    /// (naming the row it waits on as), a recipient not in the directory or moved out.
    pub fn correct_parcel(
        &mut self,
        operator: StaffId,
        parcel: ParcelId,
        correction: &ParcelCorrection,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let reason = validate_reason(reason).map_err(LobbyRefusal::Reason)?;
        if correction.is_empty() {
            return Err(LobbyRefusal::NothingToCorrect.into());
        }
        self.lobby_write(|tx| {
            live_parcel(tx, parcel)?;
            let mut changes = Map::new();
            if let Some(id) = correction.recipient {
                let host = occupant_record(tx, id)?.ok_or(LobbyRefusal::NoSuchOccupant(id))?;
                if !host.active {
                    return Err(LobbyRefusal::MovedOut(id).into());
                }
                let a = &host.occupant.address;
                changes.insert(
                    "recipient".into(),
                    serde_json::json!({
                        "occupant_id": id.0,
                        "building": a.building(),
                        "unit": a.unit(),
                        "room": a.room(),
                        "recipient": host.occupant.name,
                        "kind": host.occupant.kind.key(),
                    }),
                );
            }
            for (field, value) in [
                ("carrier", &correction.carrier),
                ("tracking", &correction.tracking),
                ("shelf", &correction.shelf),
            ] {
                if let Some(value) = value {
                    changes.insert(field.into(), value.clone().into());
                }
            }
            let id = super::corrections::insert_correction(
                tx,
                &chain::PARCEL_CORRECTIONS,
                parcel.0,
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
                "correct_parcel",
                &format!("parcel {parcel} (correction {id}): {reason}"),
            )?;
            Ok(())
        })
    }

    /// Undoes a collection recorded by mistake (REG-4: never an edit): the parcel waits
    /// again as a new parcel row copying the one collected (as corrected), with its original
    /// take-in time, so how long it has waited stays true; the parcel collected gets a
    /// correction with the reason naming the row it waits on as. The collection row stays:
    /// the log shows the mistake and its undoing. A parcel is collected at most once per
    /// row, so the new row is what the next collection names. Refused: an empty or overlong
    /// reason, an unknown parcel, one not collected, a collection undone already.
    pub fn undo_parcel_collection(
        &mut self,
        operator: StaffId,
        parcel: ParcelId,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<ParcelId> {
        let reason = validate_reason(reason).map_err(LobbyRefusal::Reason)?;
        self.lobby_write(|tx| {
            let row = live_parcel(tx, parcel)?;
            let collection: Option<i64> = tx
                .prepare_cached("SELECT id FROM parcel_collections WHERE parcel_id = ?1")?
                .query_row([parcel.0], |r| r.get(0))
                .optional()?;
            let Some(collection) = collection else {
                return Err(LobbyRefusal::NotCollected(parcel).into());
            };
            let a = &row.room;
            let id = chain::insert_row(
                tx,
                &chain::PARCELS,
                "INSERT INTO parcels (id, at, carrier, tracking, occupant_id, building, unit,
                     room, recipient, shelf, operator_id, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                params![
                    timestamp(row.taken_in),
                    row.carrier,
                    row.tracking,
                    row.recipient_id.0,
                    a.building(),
                    a.unit(),
                    a.room(),
                    row.recipient,
                    row.shelf,
                    operator,
                    timestamp(now),
                ],
            )?;
            tx.prepare_cached("INSERT INTO parcels_waiting (parcel_id) VALUES (?1)")?
                .execute([id])?;
            let mut changes = Map::new();
            changes.insert("collection_undone".into(), collection.into());
            changes.insert("continued_as".into(), id.into());
            let correction = super::corrections::insert_correction(
                tx,
                &chain::PARCEL_CORRECTIONS,
                parcel.0,
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
                "parcel_collection_undone",
                &format!(
                    "parcel {parcel}'s collection {collection} undone (correction \
                     {correction}); waiting again as parcel {id}: {reason}"
                ),
            )?;
            Ok(ParcelId(id))
        })
    }

    /// The parcels collected since `since`, the latest first, at most `limit`, without those
    /// whose collection was undone: what a clerk may undo. Walks the collections from the
    /// newest and stops at the first before `since` (written in time order), so it costs in
    /// proportion to the day's collections, not the year's.
    pub fn recent_collections(
        &self,
        since: DateTime<Utc>,
        limit: usize,
    ) -> StoreResult<Vec<CollectedParcel>> {
        let mut out = Vec::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT parcel_id, at, collected_by FROM parcel_collections ORDER BY id DESC",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let collected = parse_timestamp(&r.get::<_, String>(1)?)?;
            if collected < since || out.len() >= limit {
                break;
            }
            let parcel = ParcelId(r.get(0)?);
            if parcel_continued_as(&self.conn, parcel)?.is_some() {
                continue;
            }
            if let Some(parcel) = parcel_by_key(&self.conn, parcel)? {
                out.push(CollectedParcel {
                    parcel,
                    collected_by: r.get(2)?,
                    collected,
                });
            }
        }
        Ok(out)
    }
}
