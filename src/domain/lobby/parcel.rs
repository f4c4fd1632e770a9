//! The lobby's parcels (issue 20 §6): what a parcel taken in must say (carrier, for whom,
//! the tracking number's last characters, where it is stored), the collection's name, and
//! how long a waiting parcel has waited. Pure: time comes in as an argument.

use chrono::{DateTime, Duration, Utc};

use super::{OccupantId, UnitAddress, fold_badge};
use crate::domain::rotation::StaffId;
use crate::domain::text::{TextError, required, sanitize};

/// A parcel's key (its row in the parcel log).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ParcelId(pub i64);

impl std::fmt::Display for ParcelId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

pub const CARRIER_MAX_CHARS: usize = 12;
pub const SHELF_MAX_CHARS: usize = 12;
pub const COLLECTOR_MAX_CHARS: usize = 20;
/// How many of the tracking number's last characters are kept: enough to tell two parcels
/// on the shelf apart, as the couriers' own pick-up codes do, without keeping the number.
pub const TRACKING_TAIL: usize = 6;

/// The take-in form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParcelForm {
    pub carrier: String,
    /// For whom: picked from the directory.
    pub recipient: Option<OccupantId>,
    /// The tracking number, whole or its end; blank when none can be read.
    pub tracking: String,
    pub shelf: String,
}

/// A parcel taken in, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parcel {
    pub carrier: String,
    pub recipient: OccupantId,
    /// The last [`TRACKING_TAIL`] letters and digits, folded (`ｓｆ12 3456 7890` → `567890`).
    pub tracking: String,
    pub shelf: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParcelField {
    Carrier,
    Recipient,
    Shelf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParcelError {
    pub field: ParcelField,
    /// `Empty` for a recipient not picked.
    pub problem: TextError,
}

/// The tracking number's last [`TRACKING_TAIL`] letters and digits, folded as a badge is.
pub fn tracking_tail(typed: &str) -> String {
    let kept: Vec<char> = fold_badge(typed)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    kept[kept.len().saturating_sub(TRACKING_TAIL)..]
        .iter()
        .collect()
}

/// The parcel the form describes, or every field's error.
pub fn validate_parcel(form: &ParcelForm) -> Result<Parcel, Vec<ParcelError>> {
    let mut errors = Vec::new();
    let carrier = required(&form.carrier, CARRIER_MAX_CHARS)
        .map_err(|problem| {
            errors.push(ParcelError {
                field: ParcelField::Carrier,
                problem,
            })
        })
        .ok();
    if form.recipient.is_none() {
        errors.push(ParcelError {
            field: ParcelField::Recipient,
            problem: TextError::Empty,
        });
    }
    let shelf = sanitize(&form.shelf);
    if shelf.chars().count() > SHELF_MAX_CHARS {
        errors.push(ParcelError {
            field: ParcelField::Shelf,
            problem: TextError::TooLong(SHELF_MAX_CHARS),
        });
    }
    match (carrier, form.recipient) {
        (Some(carrier), Some(recipient)) if errors.is_empty() => Ok(Parcel {
            carrier,
            recipient,
            tracking: tracking_tail(&form.tracking),
            shelf,
        }),
        _ => Err(errors),
    }
}

/// Who came for a parcel, as the collector said it: required, at most
/// [`COLLECTOR_MAX_CHARS`].
pub fn validate_collector(typed: &str) -> Result<String, TextError> {
    required(typed, COLLECTOR_MAX_CHARS)
}

/// A parcel still waiting, as the lobby's list and the handover show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitingParcel {
    pub id: ParcelId,
    pub carrier: String,
    pub tracking: String,
    pub room: UnitAddress,
    /// The recipient's name as the directory had it then: the list masks a resident's.
    pub recipient: String,
    pub recipient_is_company: bool,
    pub shelf: String,
    pub taken_in: DateTime<Utc>,
    pub taken_by: StaffId,
}

/// How long a parcel has waited at `now`, never negative.
pub fn waited(taken_in: DateTime<Utc>, now: DateTime<Utc>) -> Duration {
    (now - taken_in).max(Duration::zero())
}

/// A wait as whole days and the hours beyond them: (2, 3) for 51 hours. The list says
/// days once a parcel has waited a day, since "51:00" reads as a clock time.
pub fn days_and_hours(wait: Duration) -> (i64, i64) {
    let hours = wait.num_hours().max(0);
    (hours / 24, hours % 24)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> ParcelForm {
        ParcelForm {
            carrier: "顺丰".into(),
            recipient: Some(OccupantId(7)),
            tracking: "SF 1234 5678 9012".into(),
            shelf: "A-3".into(),
        }
    }

    #[test]
    fn a_parcel_keeps_only_the_tracking_numbers_last_six_letters_and_digits() {
        assert_eq!(tracking_tail("SF 1234 5678 9012"), "789012");
        assert_eq!(tracking_tail("ｊｔ８８"), "JT88");
        assert_eq!(tracking_tail(""), "");
        assert_eq!(validate_parcel(&form()).unwrap().tracking, "789012");
    }

    #[test]
    fn a_parcel_needs_a_carrier_and_a_recipient_and_names_both_when_missing() {
        let empty = ParcelForm {
            carrier: "  ".into(),
            recipient: None,
            ..form()
        };
        let fields: Vec<ParcelField> = validate_parcel(&empty)
            .unwrap_err()
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, [ParcelField::Carrier, ParcelField::Recipient]);
        let no_tracking = ParcelForm {
            tracking: String::new(),
            shelf: String::new(),
            ..form()
        };
        assert!(
            validate_parcel(&no_tracking).is_ok(),
            "tracking and shelf are optional"
        );
    }

    #[test]
    fn a_shelf_longer_than_twelve_characters_is_refused() {
        let long = ParcelForm {
            shelf: "一二三四五六七八九十一二三".into(),
            ..form()
        };
        let errors = validate_parcel(&long).unwrap_err();
        assert_eq!(errors[0].field, ParcelField::Shelf);
        assert_eq!(errors[0].problem, TextError::TooLong(SHELF_MAX_CHARS));
    }

    #[test]
    fn a_wait_reads_as_days_and_hours_and_never_negative() {
        let t = DateTime::parse_from_rfc3339("2026-03-02T08:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(days_and_hours(waited(t, t + Duration::hours(51))), (2, 3));
        assert_eq!(days_and_hours(waited(t, t + Duration::minutes(59))), (0, 0));
        assert_eq!(waited(t, t - Duration::hours(1)), Duration::zero());
    }
}
