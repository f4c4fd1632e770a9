//! The lobby desk (issue 9, REG-11, DESK-2): visitors in and out, and who is inside now.
//! Validation and the pure rules (how long, past closing); the store keeps the log as
//! append-only evidence and the directory in `directory`.

pub mod directory;
pub mod parcel;

use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

pub use directory::{
    DirError, DirField, DirProblem, Occupant, OccupantForm, OccupantKind, UnitAddress,
    validate_occupant,
};

use crate::domain::register::{Plate, PlateError};
use crate::domain::text::{TextError, sanitize};

/// A directory entry's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OccupantId(pub i64);

/// A lobby visit's key (its row in the log).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LobbyVisitId(pub i64);

impl std::fmt::Display for OccupantId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::fmt::Display for LobbyVisitId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// An occupant as the visitor flow sees it (REG-11): whom the clerk picks, by name, initials
/// or room. It has no phones, and the visitor is told the room only
/// ([`Host::told_to_visitor`]); names and phones belong in a complaint record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Host {
    pub id: OccupantId,
    pub address: UnitAddress,
    /// For the clerk's picker only; never said or shown to the visitor.
    pub name: String,
    pub kind: OccupantKind,
}

impl Host {
    /// What the visitor may be told about the tenant they visit: the room, nothing else
    /// (REG-11; 002 3.9.1 2.8).
    pub fn told_to_visitor(&self) -> String {
        self.address.to_string()
    }
}

/// Someone inside now (issue 9 §2): for the desk's live list, with how long they have been
/// in and whether they are past the office's closing hour. The host's room, not their name
/// (REG-11: the list is on the visitor-facing desk).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InsideNow {
    pub visit: LobbyVisitId,
    pub name: String,
    pub host_room: UnitAddress,
    pub purpose: String,
    pub party: u32,
    pub badge: Option<String>,
    pub plate: Option<String>,
    pub arrived: DateTime<Utc>,
    /// `now - arrived`, never negative.
    pub inside_for: Duration,
    pub past_closing: bool,
}

/// One line of the evacuation list: everyone inside with their host's room and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvacuationEntry {
    pub visit: LobbyVisitId,
    pub name: String,
    pub party: u32,
    pub host_room: UnitAddress,
    pub host_name: String,
    pub badge: Option<String>,
    pub arrived: DateTime<Utc>,
}

/// A correction of a visit (REG-4): the fields it changes, `None` for unchanged. A badge or
/// a plate corrected to nothing is `Some(None)`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LobbyCorrection {
    pub name: Option<String>,
    /// Whom they visit (the host's room), as the directory has them now.
    pub host: Option<OccupantId>,
    pub purpose: Option<String>,
    pub party: Option<u32>,
    pub badge: Option<Option<String>>,
    pub plate: Option<Option<Plate>>,
}

impl LobbyCorrection {
    pub fn is_empty(&self) -> bool {
        *self == LobbyCorrection::default()
    }
}

pub const VISITOR_NAME_MAX_CHARS: usize = 20;
pub const PURPOSE_MAX_CHARS: usize = 40;
pub const BADGE_MAX_CHARS: usize = 12;
/// A party larger than this is a typing slip (a tour group is registered by its leader).
pub const MAX_PARTY: u32 = 99;

/// The visit-in form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LobbyVisitForm {
    /// Surname or name ("请问您贵姓?").
    pub name: String,
    /// Whom they visit ("请问您找哪一位?"): picked from the directory.
    pub host: Option<OccupantId>,
    pub purpose: String,
    /// Empty: one person.
    pub party: String,
    pub badge: String,
    pub plate: String,
}

/// A visit in, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LobbyVisit {
    pub name: String,
    pub host: OccupantId,
    pub purpose: String,
    pub party: u32,
    /// The pass or badge handed out, folded (`ａ-０１２` is `A-012`).
    pub badge: Option<String>,
    pub plate: Option<Plate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LobbyField {
    Name,
    Host,
    Purpose,
    Party,
    Badge,
    Plate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LobbyProblem {
    Text(TextError),
    Required,
    /// Not a whole number from 1 to [`MAX_PARTY`].
    Party,
    Plate(PlateError),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LobbyError {
    pub field: LobbyField,
    pub problem: LobbyProblem,
}

/// A badge as stored and compared: NFKC, upper case, no spaces.
pub fn fold_badge(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    sanitize(text)
        .nfkc()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

/// The badge the visitor-in form proposes: the lowest number of the desk's badge series that
/// nobody inside holds (`in_use`, folded as stored). The series is read from the badge
/// handed out last (`latest`): its letters before the number and the number's digits
/// (`L-07` → `L-01`, `L-02` … ; `12` → `1`, `2` …), so a rack of numbered badges is used
/// from the bottom as badges come back. `1` when none was ever handed out; `None` when the
/// last one has no number to count from (`VIP`), or every number to 9,999 is out.
pub fn next_free_badge(latest: Option<&str>, in_use: &[String]) -> Option<String> {
    let latest = latest.map(fold_badge).unwrap_or_else(|| "1".to_owned());
    let digits = latest
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .count();
    if digits == 0 {
        return None;
    }
    let prefix: String = latest
        .chars()
        .take(latest.chars().count() - digits)
        .collect();
    (1..10_000)
        .map(|n| format!("{prefix}{n:0digits$}"))
        .find(|badge| !in_use.contains(badge))
}

/// The visit the form describes, or every field's error.
pub fn validate_lobby_visit(form: &LobbyVisitForm) -> Result<LobbyVisit, Vec<LobbyError>> {
    let mut errors = Vec::new();
    let mut err = |field, problem| errors.push(LobbyError { field, problem });
    let name = crate::domain::text::required(&form.name, VISITOR_NAME_MAX_CHARS)
        .map_err(|e| err(LobbyField::Name, LobbyProblem::Text(e)))
        .ok();
    if form.host.is_none() {
        err(LobbyField::Host, LobbyProblem::Required);
    }
    let purpose = crate::domain::text::required(&form.purpose, PURPOSE_MAX_CHARS)
        .map_err(|e| err(LobbyField::Purpose, LobbyProblem::Text(e)))
        .ok();
    let party_text = crate::domain::text::ascii_digits(form.party.trim());
    let party = match party_text.as_str() {
        "" => Some(1),
        digits => match digits.parse::<u32>() {
            Ok(n) if (1..=MAX_PARTY).contains(&n) => Some(n),
            _ => {
                err(LobbyField::Party, LobbyProblem::Party);
                None
            }
        },
    };
    let badge = fold_badge(&form.badge);
    if badge.chars().count() > BADGE_MAX_CHARS {
        err(
            LobbyField::Badge,
            LobbyProblem::Text(TextError::TooLong(BADGE_MAX_CHARS)),
        );
    }
    let plate = match form.plate.trim() {
        "" => None,
        text => match Plate::parse(text) {
            Ok(p) => Some(p),
            Err(e) => {
                err(LobbyField::Plate, LobbyProblem::Plate(e));
                None
            }
        },
    };
    match (name, form.host, purpose, party) {
        (Some(name), Some(host), Some(purpose), Some(party)) if errors.is_empty() => {
            Ok(LobbyVisit {
                name,
                host,
                purpose,
                party,
                badge: (!badge.is_empty()).then_some(badge),
                plate,
            })
        }
        _ => Err(errors),
    }
}

/// When the office closed on the (office-time) day the visitor arrived: a visitor still
/// inside after it is marked.
pub fn closing_after(arrived: DateTime<Utc>, tz: Tz, closing_hour: u8) -> DateTime<Utc> {
    let day = arrived.with_timezone(&tz).date_naive();
    let at =
        NaiveTime::from_hms_opt(u32::from(closing_hour.min(23)), 0, 0).unwrap_or(NaiveTime::MIN);
    // A closing hour that a clock change skips is taken an hour later.
    tz.from_local_datetime(&day.and_time(at))
        .earliest()
        .unwrap_or_else(|| {
            tz.from_local_datetime(&(day.and_time(at) + Duration::hours(1)))
                .earliest()
                .expect("an hour after a skipped hour exists")
        })
        .with_timezone(&Utc)
}

/// True when a visitor who arrived at `arrived` and is still inside at `now` has stayed past
/// the closing hour of their day.
pub fn past_closing(arrived: DateTime<Utc>, now: DateTime<Utc>, tz: Tz, closing_hour: u8) -> bool {
    now >= closing_after(arrived, tz, closing_hour)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_free_badge_is_the_lowest_of_the_series_nobody_inside_holds() {
        let held = |b: &[&str]| b.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(next_free_badge(None, &[]).as_deref(), Some("1"));
        assert_eq!(
            next_free_badge(Some("3"), &held(&["1", "2", "3"])).as_deref(),
            Some("4")
        );
        assert_eq!(
            next_free_badge(Some("L-07"), &held(&["L-01", "L-03"])).as_deref(),
            Some("L-02"),
            "a badge handed back is used again"
        );
        assert_eq!(
            next_free_badge(Some("l-99"), &held(&["L-01"])).as_deref(),
            Some("L-02"),
            "as folded"
        );
        assert_eq!(
            next_free_badge(Some("VIP"), &[]),
            None,
            "no number to count"
        );
    }

    fn form(name: &str, party: &str, badge: &str, plate: &str) -> LobbyVisitForm {
        LobbyVisitForm {
            name: name.into(),
            host: Some(OccupantId(1)),
            purpose: "送文件".into(),
            party: party.into(),
            badge: badge.into(),
            plate: plate.into(),
        }
    }

    #[test]
    fn reg_11_a_visit_in_needs_a_name_a_host_a_purpose_and_a_party_of_at_least_one() {
        let v = validate_lobby_visit(&form("王", "", " ａ-０１２ ", "")).unwrap();
        assert_eq!(v.party, 1);
        assert_eq!(v.badge.as_deref(), Some("A-012"));
        assert_eq!(v.plate, None);
        let v = validate_lobby_visit(&form("王先生", "３", "", "沪A12345")).unwrap();
        assert_eq!(v.party, 3);
        assert!(v.plate.is_some());
        let errors = validate_lobby_visit(&LobbyVisitForm {
            party: "0".into(),
            plate: "12345".into(),
            ..LobbyVisitForm::default()
        })
        .unwrap_err();
        let fields: Vec<LobbyField> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                LobbyField::Name,
                LobbyField::Host,
                LobbyField::Purpose,
                LobbyField::Party,
                LobbyField::Plate
            ]
        );
        for bad in ["-1", "2.5", "很多", "100"] {
            assert!(
                validate_lobby_visit(&form("王", bad, "", "")).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_visitor_still_inside_after_the_closing_hour_of_their_day_is_marked() {
        let tz: Tz = "Asia/Shanghai".parse().unwrap();
        // 09:00 in Shanghai.
        let arrived = Utc.with_ymd_and_hms(2026, 11, 23, 1, 0, 0).unwrap();
        let closing = closing_after(arrived, tz, 18);
        assert_eq!(
            closing,
            Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap()
        );
        assert!(!past_closing(
            arrived,
            closing - Duration::minutes(1),
            tz,
            18
        ));
        assert!(past_closing(arrived, closing, tz, 18));
    }
}
