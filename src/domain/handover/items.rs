//! The open items handed over (issue 10 §2): generated from the other desks' records at the
//! moment of submission, never typed, and stored with the handover as a JSON snapshot so
//! the record shows what was handed over even after the items close.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::complaint::{ComplaintId, RepairId};
use crate::domain::rotation::Seq;
use crate::domain::staff::StaffId;

/// Which register a contested registration is in (`visit` or `call`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegisterRef {
    Visit,
    Call,
}

/// One open item. Each names the record it opens in its own pane.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum HandoverItem {
    /// A reception still in progress (today's rotation).
    Reception {
        reception: Seq,
        salesperson: StaffId,
        #[serde(with = "time")]
        since: DateTime<Utc>,
    },
    /// Make-up turns a salesperson is still owed today (ROT-5).
    MakeUpOwed { salesperson: StaffId, count: u32 },
    /// A lobby visitor who has not left (REG-11).
    VisitorInside {
        visit: i64,
        visitor: String,
        room: String,
        #[serde(with = "time")]
        since: DateTime<Utc>,
    },
    /// A parcel taken in and not yet collected (issue 20 §6): its carrier, for which room,
    /// where it is stored, and since when.
    ParcelWaiting {
        parcel: i64,
        carrier: String,
        room: String,
        shelf: String,
        #[serde(with = "time")]
        since: DateTime<Utc>,
    },
    /// An open complaint: its current round's due date, and whether it is past.
    Complaint {
        id: ComplaintId,
        summary: String,
        unit: String,
        #[serde(with = "date_opt")]
        due: Option<NaiveDate>,
        overdue: bool,
    },
    /// An open work order: its on-site clock while nobody is on site, and whether it is past.
    Repair {
        id: RepairId,
        summary: String,
        unit: String,
        #[serde(with = "time_opt")]
        due_at: Option<DateTime<Utc>>,
        late: bool,
    },
    /// A complaint replied to and awaiting its follow-up visit (CMP-8).
    FollowUpDue { id: ComplaintId, summary: String },
    /// Two or more salespeople hold protected registrations of one customer and no ruling
    /// settles it (REG-6): it waits for a supervisor. `registrations` are the contested
    /// ones, the earliest first.
    OwnershipConflict {
        customer: String,
        salespeople: Vec<StaffId>,
        registrations: Vec<(RegisterRef, i64)>,
    },
}

impl HandoverItem {
    /// A stable key for marking it read: `complaint:12`, `repair:3`, `follow_up:12`,
    /// `visitor:40`, `parcel:8`, `reception:17`, `make_up:5` (the salesperson), `conflict:visit:9` (the
    /// earliest contested registration).
    pub fn key(&self) -> String {
        match self {
            HandoverItem::Reception { reception, .. } => format!("reception:{}", reception.0),
            HandoverItem::MakeUpOwed { salesperson, .. } => format!("make_up:{salesperson}"),
            HandoverItem::VisitorInside { visit, .. } => format!("visitor:{visit}"),
            HandoverItem::ParcelWaiting { parcel, .. } => format!("parcel:{parcel}"),
            HandoverItem::Complaint { id, .. } => format!("complaint:{}", id.0),
            HandoverItem::Repair { id, .. } => format!("repair:{}", id.0),
            HandoverItem::FollowUpDue { id, .. } => format!("follow_up:{}", id.0),
            HandoverItem::OwnershipConflict { registrations, .. } => match registrations.first() {
                Some((RegisterRef::Visit, id)) => format!("conflict:visit:{id}"),
                Some((RegisterRef::Call, id)) => format!("conflict:call:{id}"),
                None => "conflict:".to_owned(),
            },
        }
    }

    /// Overdue complaints and late work orders: listed first.
    pub fn is_overdue(&self) -> bool {
        matches!(
            self,
            HandoverItem::Complaint { overdue: true, .. } | HandoverItem::Repair { late: true, .. }
        )
    }
}

/// Times in the snapshot as RFC 3339 text (UTC), the form the database uses elsewhere;
/// chrono is built without its serde feature.
mod time {
    use chrono::{DateTime, SecondsFormat, Utc};
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&t.to_rfc3339_opts(SecondsFormat::Millis, true))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        let text = String::deserialize(d)?;
        DateTime::parse_from_rfc3339(&text)
            .map(|t| t.with_timezone(&Utc))
            .map_err(D::Error::custom)
    }
}

mod time_opt {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => super::time::serialize(t, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        use serde::de::Error;
        Option::<String>::deserialize(d)?
            .map(|text| {
                DateTime::parse_from_rfc3339(&text)
                    .map(|t| t.with_timezone(&Utc))
                    .map_err(D::Error::custom)
            })
            .transpose()
    }
}

mod date_opt {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_str(&d.to_string()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|text| text.parse().map_err(D::Error::custom))
            .transpose()
    }
}
