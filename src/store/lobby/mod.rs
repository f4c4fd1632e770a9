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
//!
//! # The module by job
//! `directory` (units and occupants: the import, a supervisor's edits, the picker),
//! `visits` (visitors in and out, a visit read back with its corrections, the next free
//! badge, the bulk loads), `corrections` (a visit corrected, an exit undone, the exits a
//! clerk may undo), `parcels` and `parcel_corrections` (the parcel log, issue 20 §6: taken
//! in, collected, waiting; corrected, a collection undone), `inside` (inside now, the
//! evacuation list and its export's audit row);
//! the errors, records and the lobby's write are here. Each part reads the others' items and
//! the imports below through `use super::*`; what was private to the lobby is private or
//! `pub(super)` in its part, nothing more visible than before.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde_json::{Map, Value as Json};

use super::{Approval, Result as StoreResult, Store, StoreError, audit, chain, parse_timestamp};
use super::{staff::still_supervisor, timestamp};
use crate::domain::lobby::parcel::ParcelId;
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
    #[error("there is no parcel {0}")]
    NoSuchParcel(ParcelId),
    #[error("parcel {parcel} was collected already at {at}")]
    AlreadyCollected { parcel: ParcelId, at: DateTime<Utc> },
    /// Undoing a collection that was never recorded: the parcel is waiting.
    #[error("parcel {0} has not been collected")]
    NotCollected(ParcelId),
    /// The parcel's collection was undone: it waits on as `continued`, the row to act on.
    #[error("parcel {parcel}'s collection was undone: it waits on as parcel {continued}")]
    CollectionUndone {
        parcel: ParcelId,
        continued: ParcelId,
    },
    /// Who collected a parcel: required, and not too long.
    #[error("collected by: {0}")]
    Collector(TextError),
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

mod corrections;
mod directory;
mod inside;
mod parcel_corrections;
mod parcels;
mod visits;

use directory::*;
pub use inside::*;
pub use parcel_corrections::CollectedParcel;
pub use parcels::ParcelPage;
pub(in crate::store) use parcels::waiting as waiting_parcels;
pub use visits::*;

#[cfg(test)]
mod parcel_correction_tests;
#[cfg(test)]
mod parcel_tests;
#[cfg(test)]
pub(crate) mod tests;
