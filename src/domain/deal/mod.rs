//! A deal (成交) as the office records it: the deposit paid and the subscription (认购书)
//! signed (ATT preamble; 004 §17). This module turns the deal form into a checked [`Deal`];
//! whose deal it is and how the commission splits is `domain::attribution`'s.
//!
//! Decided where the sources are silent:
//! - The subscription's buyers are kept as written ("王小明、李娟"); the first named is the
//!   buyer the REG-3 check looks for (004 §17: "以認購書上的客戶名稱為準"), the others are shown.
//! - A deal may be recorded late, but not after it happened and not more than
//!   [`RECORD_WITHIN_DAYS`] days after: older deals are the payroll's past, brought in by import.
//! - A unit is named by building and room as the office writes them; two spellings of one
//!   unit (`3栋 1201`, `３栋１２０１`) are the same unit ([`Unit::key`]).

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use strum::{EnumIter, EnumString, IntoStaticStr};

use crate::domain::money;
use crate::domain::register::{CustomerName, Phone, PhoneError, Register};
use crate::domain::staff::StaffId;
use crate::domain::text::{self, TextError};

pub const BUILDING_MAX_CHARS: usize = 20;
pub const ROOM_MAX_CHARS: usize = 20;
pub const BUYERS_MAX_CHARS: usize = 80;
pub const REASON_MAX_CHARS: usize = 200;
/// How many days after signing a deal may still be recorded at the desk.
pub const RECORD_WITHIN_DAYS: i64 = 92;
/// The largest amount a form accepts: ten thousand million yuan, in fen — far past any unit,
/// well inside `i64` so sums over a year of deals cannot overflow.
pub const MAX_FEN: i64 = 1_000_000_000_000;

pub type DealId = i64;

/// The kind of deal, which decides who can be a party to its split.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, EnumString, IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum DealKind {
    /// A customer buying for themselves or their family.
    Customer,
    /// A group purchase arranged with the developer (团购, ATT-004-7, 004 §18).
    GroupPurchase,
    /// A company customer (公司客户, ATT-V-3, 001 第12篇 6(1)).
    Company,
}

impl DealKind {
    pub fn key(self) -> &'static str {
        self.into()
    }
}

/// A unit (building and room) as the office writes it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Unit {
    pub building: String,
    pub room: String,
}

impl Unit {
    /// The unit's identity for "sold twice": full-width folded, case and spaces ignored.
    pub fn key(&self) -> String {
        let fold = |s: &str| {
            text::identifier(s)
                .chars()
                .filter(|c| !c.is_whitespace())
                .flat_map(char::to_uppercase)
                .collect::<String>()
        };
        format!("{}/{}", fold(&self.building), fold(&self.room))
    }
}

impl std::fmt::Display for Unit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.building, self.room)
    }
}

/// The buyers named on the subscription.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Buyers {
    /// As written, cleaned.
    pub text: String,
    /// Each name, the first being whose deal it is (004 §17).
    pub names: Vec<CustomerName>,
}

impl Buyers {
    pub fn parse(typed: &str) -> Result<Buyers, TextError> {
        let text = text::required(typed, BUYERS_MAX_CHARS)?;
        let names = text
            .split(['、', ',', '，', '/', ';', '；'])
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(CustomerName::parse)
            .collect::<Result<Vec<_>, _>>()?;
        if names.is_empty() {
            return Err(TextError::Empty);
        }
        Ok(Buyers { text, names })
    }

    pub fn first(&self) -> &CustomerName {
        &self.names[0]
    }
}

/// The deal form as the clerk filled it: text as typed, choices as chosen.
#[derive(Debug, Clone)]
pub struct DealForm {
    /// When the deposit was paid and the subscription signed.
    pub signed_at: DateTime<Utc>,
    pub kind: DealKind,
    pub building: String,
    pub room: String,
    pub buyers: String,
    pub phone: String,
    pub deposit: String,
    /// Empty when the office does not record prices.
    pub price: String,
    pub closer: Option<StaffId>,
    /// The visits and calls the deal grew from, as the clerk confirmed them.
    pub grew_from: Vec<(Register, i64)>,
}

/// A checked deal, ready to be recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deal {
    pub signed_at: DateTime<Utc>,
    /// The office's date of signing.
    pub deal_on: NaiveDate,
    pub kind: DealKind,
    pub unit: Unit,
    pub buyers: Buyers,
    pub phone: Option<Phone>,
    pub deposit_fen: i64,
    pub price_fen: Option<i64>,
    pub closer: StaffId,
    pub grew_from: Vec<(Register, i64)>,
}

/// A field of the deal form, for naming where a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DealField {
    SignedAt,
    Building,
    Room,
    Buyers,
    Phone,
    Deposit,
    Price,
    Closer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DealProblem {
    #[error(transparent)]
    Text(#[from] TextError),
    #[error(transparent)]
    Phone(#[from] PhoneError),
    /// Not an amount in yuan (two decimals at most), or past [`MAX_FEN`].
    #[error("not an amount")]
    NotAnAmount,
    #[error("must be more than zero")]
    NotPositive,
    /// The total price is below the deposit.
    #[error("below the deposit")]
    BelowDeposit,
    #[error("must be chosen")]
    NotChosen,
    #[error("after now")]
    InFuture,
    /// Signed more than [`RECORD_WITHIN_DAYS`] days ago.
    #[error("too long ago")]
    TooLongAgo,
}

/// Every problem of a form, by field, in form order.
pub type Problems = Vec<(DealField, DealProblem)>;

/// Checks a deal form at `now` in the office's time zone `tz`. The phone may be empty (the
/// buyer's name decides, 004 §17); everything else the subscription says is required.
pub fn check(form: &DealForm, now: DateTime<Utc>, tz: Tz) -> Result<Deal, Problems> {
    let mut problems = Problems::new();
    let mut note = |field, problem| problems.push((field, problem));
    let deal_on = form.signed_at.with_timezone(&tz).date_naive();
    let today = now.with_timezone(&tz).date_naive();
    if form.signed_at > now {
        note(DealField::SignedAt, DealProblem::InFuture);
    } else if (today - deal_on).num_days() > RECORD_WITHIN_DAYS {
        note(DealField::SignedAt, DealProblem::TooLongAgo);
    }
    let building = text::required(&form.building, BUILDING_MAX_CHARS)
        .map_err(|e| note(DealField::Building, e.into()))
        .ok();
    let room = text::required(&form.room, ROOM_MAX_CHARS)
        .map_err(|e| note(DealField::Room, e.into()))
        .ok();
    let buyers = Buyers::parse(&form.buyers)
        .map_err(|e| note(DealField::Buyers, e.into()))
        .ok();
    let phone = if text::sanitize(&form.phone).is_empty() {
        None
    } else {
        Phone::parse(&form.phone)
            .map_err(|e| note(DealField::Phone, e.into()))
            .ok()
    };
    let deposit_fen = amount(&form.deposit)
        .map_err(|e| note(DealField::Deposit, e))
        .ok();
    let price_fen = if text::sanitize(&form.price).is_empty() {
        None
    } else {
        amount(&form.price)
            .and_then(|price| match deposit_fen {
                Some(deposit) if price < deposit => Err(DealProblem::BelowDeposit),
                _ => Ok(price),
            })
            .map_err(|e| note(DealField::Price, e))
            .ok()
    };
    if form.closer.is_none() {
        note(DealField::Closer, DealProblem::NotChosen);
    }
    match (building, room, buyers, deposit_fen, form.closer) {
        (Some(building), Some(room), Some(buyers), Some(deposit_fen), Some(closer))
            if problems.is_empty() =>
        {
            Ok(Deal {
                signed_at: form.signed_at,
                deal_on,
                kind: form.kind,
                unit: Unit { building, room },
                buyers,
                phone,
                deposit_fen,
                price_fen,
                closer,
                grew_from: form.grew_from.clone(),
            })
        }
        _ => Err(problems),
    }
}

/// A required amount in yuan, as fen: more than zero, at most [`MAX_FEN`].
pub fn amount(typed: &str) -> Result<i64, DealProblem> {
    match money::parse_yuan(typed) {
        Some(0) => Err(DealProblem::NotPositive),
        Some(fen) if fen <= MAX_FEN => Ok(fen),
        _ if text::sanitize(typed).is_empty() => Err(DealProblem::Text(TextError::Empty)),
        _ => Err(DealProblem::NotAnAmount),
    }
}

/// What happened to a deal after it was recorded, each its own evidence row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumString, IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum EventKind {
    /// The console's proposal of the attribution and split, with the rule and answers.
    Proposed,
    /// A supervisor confirmed the proposal as it stood.
    Confirmed,
    /// A supervisor changed the proposed split, with a reason.
    Changed,
    /// A dispute settled by the supervisor's written ruling (004 §20; 001 第12篇 7.7).
    Ruled,
    /// 退订/退房: the unit is free again; the commission is reversed in the month it happens.
    Cancelled,
    /// The buyers' names or the unit corrected; no salesperson changes (001 第12篇 7.6).
    Corrected,
}

impl EventKind {
    pub fn key(self) -> &'static str {
        self.into()
    }

    /// Whether a supervisor settled the split with this event.
    pub fn settles(self) -> bool {
        matches!(
            self,
            EventKind::Confirmed | EventKind::Changed | EventKind::Ruled
        )
    }
}

#[cfg(test)]
mod tests;
