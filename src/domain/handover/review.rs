//! The supervisor's daily review (HND-6, issue 10 §3): the day's figures, the chain heads
//! the signature seals, and the sign-off itself.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::staff::StaffId;

/// One salesperson's receptions of the day (from the rotation log).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalesFigures {
    pub salesperson: StaffId,
    /// New walk-ins received in rotation or on a make-up (ROT-1, ROT-5).
    pub walk_ins: u32,
    /// Finished receptions counted as new customers on a turn (ROT-2).
    pub counted: u32,
    /// Every other finished reception.
    pub other: u32,
}

/// Plain counts of one office day (office time zone, midnight to midnight).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayFigures {
    /// Per salesperson seen in the day's rotation, by id.
    pub sales: Vec<SalesFigures>,
    /// Visits registered (REG-1) with a visit time in the day.
    pub visits: u32,
    /// Calls registered (REG-2) with a call time in the day.
    pub calls: u32,
    pub lobby_in: u32,
    pub lobby_out: u32,
    pub complaints_opened: u32,
    /// Closed in the day: evaluated, or answered on the spot.
    pub complaints_closed: u32,
    /// Open complaints whose reply was due by the end of the day, as the review reads them.
    pub complaints_overdue: u32,
    pub repairs_opened: u32,
    pub repairs_closed: u32,
    pub handovers: u32,
    pub handovers_refused: u32,
    /// Sign-outs without a handover, with a supervisor's PIN (HND-7).
    pub desk_unstaffed: u32,
}

/// An evidence chain's head as the supervisor's signature sealed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealedHead {
    pub table: String,
    pub length: i64,
    /// The head hash in hex; `None` for an empty chain.
    pub hash: Option<String>,
}

/// A supervisor's signature on a day's handovers (HND-6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signoff {
    pub day: NaiveDate,
    pub supervisor: StaffId,
    pub at: DateTime<Utc>,
    /// What the supervisor wrote, possibly nothing.
    pub remarks: String,
    pub figures: DayFigures,
    pub heads: Vec<SealedHead>,
}
