//! The lobby's parcels (issue 20 §6): what a parcel taken in must say (carrier, for whom,
//! the tracking number's last characters, where it is stored), the collection's name, and
//! how long a waiting parcel has waited, and what a correction changes (REG-4: a new row
//! with a reason). Pure: time comes in as an argument.

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

/// A parcel still waiting, as the lobby's list and the handover show it: its corrections
/// applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitingParcel {
    pub id: ParcelId,
    pub carrier: String,
    pub tracking: String,
    /// For whom: the directory's entry, and its room and name as the directory had them
    /// at take-in (or at the correction that changed it).
    pub recipient_id: OccupantId,
    pub room: UnitAddress,
    /// The recipient's name as the directory had it then: the list masks a resident's.
    pub recipient: String,
    pub recipient_is_company: bool,
    pub shelf: String,
    pub taken_in: DateTime<Utc>,
    /// Who wrote the row: the clerk who took it in, or who undid its collection.
    pub taken_by: StaffId,
    /// Whether a correction changed it or undid its collection (REG-4): the list marks it.
    pub corrected: bool,
}

/// The longest reason a correction keeps: the lobby log's.
pub const REASON_MAX_CHARS: usize = 200;

/// Why a parcel is corrected, as the lobby log's corrections require it: not blank, at most
/// [`REASON_MAX_CHARS`], control characters dropped.
pub fn validate_reason(typed: &str) -> Result<String, TextError> {
    required(typed, REASON_MAX_CHARS)
}

/// What a correction of a parcel changes: `None` for a field left as it was.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParcelCorrection {
    /// For whom: another occupant of the directory.
    pub recipient: Option<OccupantId>,
    pub carrier: Option<String>,
    /// The tracking number's end, folded as at take-in (`Some("")`: none can be read).
    pub tracking: Option<String>,
    pub shelf: Option<String>,
}

impl ParcelCorrection {
    pub fn is_empty(&self) -> bool {
        *self == ParcelCorrection::default()
    }
}

/// The correction the form describes against the parcel as it reads now: the fields
/// validated as at take-in, and only those that differ. A recipient left unpicked in the
/// form is the one the parcel has.
pub fn parcel_changes(
    now: &WaitingParcel,
    typed: &ParcelForm,
) -> Result<ParcelCorrection, Vec<ParcelError>> {
    let typed = ParcelForm {
        recipient: typed.recipient.or(Some(now.recipient_id)),
        ..typed.clone()
    };
    let fixed = validate_parcel(&typed)?;
    let changed = |new: String, old: &str| (new != old).then_some(new);
    Ok(ParcelCorrection {
        recipient: (fixed.recipient != now.recipient_id).then_some(fixed.recipient),
        carrier: changed(fixed.carrier, &now.carrier),
        tracking: changed(fixed.tracking, &now.tracking),
        shelf: changed(fixed.shelf, &now.shelf),
    })
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

    fn waiting() -> WaitingParcel {
        WaitingParcel {
            id: ParcelId(3),
            carrier: "顺丰".into(),
            tracking: "789012".into(),
            recipient_id: OccupantId(7),
            room: UnitAddress::parse("A座", "", "801").unwrap(),
            recipient: "蓝海科技有限公司".into(),
            recipient_is_company: true,
            shelf: "A-3".into(),
            taken_in: DateTime::parse_from_rfc3339("2026-03-02T08:00:00Z")
                .unwrap()
                .with_timezone(&Utc),
            taken_by: StaffId(2),
            corrected: false,
        }
    }

    #[test]
    fn reg_4_a_parcel_correction_holds_only_the_fields_that_differ() {
        let unchanged = parcel_changes(&waiting(), &form()).unwrap();
        assert!(unchanged.is_empty(), "{unchanged:?}");
        let typed = ParcelForm {
            recipient: Some(OccupantId(9)),
            shelf: " B-1 ".into(),
            ..form()
        };
        let fix = parcel_changes(&waiting(), &typed).unwrap();
        assert_eq!(
            fix,
            ParcelCorrection {
                recipient: Some(OccupantId(9)),
                shelf: Some("B-1".into()),
                ..ParcelCorrection::default()
            }
        );
        let no_pick = ParcelForm {
            recipient: None,
            tracking: "".into(),
            ..form()
        };
        let fix = parcel_changes(&waiting(), &no_pick).unwrap();
        assert_eq!(
            (fix.recipient, fix.tracking),
            (None, Some(String::new())),
            "an unpicked recipient stays; a tracking number cleared is a change"
        );
    }

    #[test]
    fn reg_4_a_parcel_correction_is_validated_as_a_take_in_is() {
        let typed = ParcelForm {
            carrier: " ".into(),
            ..form()
        };
        let errors = parcel_changes(&waiting(), &typed).unwrap_err();
        assert_eq!(errors[0].field, ParcelField::Carrier);
    }

    #[test]
    fn reg_4_a_correction_needs_a_reason_of_at_most_two_hundred_characters_without_controls() {
        assert_eq!(validate_reason(" \t "), Err(TextError::Empty));
        assert_eq!(validate_reason("\u{1b}[31m"), Err(TextError::Empty));
        assert_eq!(validate_reason("放错了\n架子"), Ok("放错了 架子".into()));
        assert!(validate_reason(&"字".repeat(REASON_MAX_CHARS)).is_ok());
        assert_eq!(
            validate_reason(&"字".repeat(REASON_MAX_CHARS + 1)),
            Err(TextError::TooLong(REASON_MAX_CHARS))
        );
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
