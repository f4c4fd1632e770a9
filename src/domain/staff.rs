//! Who works at the desk, and what a valid name and PIN look like.

use serde::{Deserialize, Serialize};
use strum::{EnumIter, EnumString, IntoStaticStr};

use super::text::{self, TextError};

/// A staff member's row id. A type of its own so a staff id cannot be passed where a log
/// sequence or an amount is meant; stored as the bare number (`transparent`), so the rotation
/// log's JSON is what it was as a plain `i64`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct StaffId(pub i64);

impl std::fmt::Display for StaffId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// A staff member's job. The snake_case names are what the database stores (its CHECK
/// constraint lists them); the declaration order is the order of the role menu.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    EnumIter,
    EnumString,
    IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Role {
    Clerk,
    Salesperson,
    Supervisor,
}

impl Role {
    /// The name stored in the database; `str::parse` reads it back.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staff {
    pub id: StaffId,
    pub name: String,
    pub role: Role,
    pub active: bool,
}

pub const NAME_MAX_CHARS: usize = 20;
pub const PIN_MIN_DIGITS: usize = 4;
pub const PIN_MAX_DIGITS: usize = 8;

/// A staff name, cleaned; names are how the desk tells people apart, so they must be short
/// enough to fit a column.
pub fn validate_name(input: &str) -> Result<String, TextError> {
    text::required(input, NAME_MAX_CHARS)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PinError {
    #[error("a PIN is {PIN_MIN_DIGITS} to {PIN_MAX_DIGITS} digits")]
    Shape,
    #[error("the two PINs differ")]
    Mismatch,
}

/// A supervisor PIN: digits only, so it can be typed on any keypad.
pub fn validate_pin(pin: &str, repeat: &str) -> Result<(), PinError> {
    let digits = pin.chars().all(|c| c.is_ascii_digit());
    if !digits || !(PIN_MIN_DIGITS..=PIN_MAX_DIGITS).contains(&pin.len()) {
        return Err(PinError::Shape);
    }
    if pin != repeat {
        return Err(PinError::Mismatch);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cleaned_and_bounded() {
        assert_eq!(validate_name(" 王芳\u{1b}[2J "), Ok("王芳".into()));
        assert_eq!(validate_name(""), Err(TextError::Empty));
        assert_eq!(
            validate_name(&"李".repeat(NAME_MAX_CHARS + 1)),
            Err(TextError::TooLong(NAME_MAX_CHARS))
        );
    }

    #[test]
    fn pins_are_four_to_eight_digits_typed_twice() {
        assert_eq!(validate_pin("1234", "1234"), Ok(()));
        assert_eq!(validate_pin("123", "123"), Err(PinError::Shape));
        assert_eq!(validate_pin("12a4", "12a4"), Err(PinError::Shape));
        assert_eq!(validate_pin("123456789", "123456789"), Err(PinError::Shape));
        assert_eq!(validate_pin("1234", "1235"), Err(PinError::Mismatch));
    }

    #[test]
    fn ids_read_as_plain_numbers_in_messages_and_in_the_log() {
        use crate::domain::rotation::{RotationError, Seq};
        assert_eq!(
            RotationError::NotCheckedIn(StaffId(7)).to_string(),
            "salesperson 7 is not checked in"
        );
        assert_eq!(
            RotationError::NoSuchReception(Seq(12)).to_string(),
            "no open reception 12"
        );
        assert_eq!(
            serde_json::to_string(&(StaffId(7), Seq(12))).unwrap(),
            "[7,12]"
        );
        assert_eq!(serde_json::from_str::<StaffId>("7").unwrap(), StaffId(7));
    }

    #[test]
    fn roles_are_stored_by_the_names_the_database_allows_in_menu_order() {
        use strum::IntoEnumIterator;
        let names: Vec<&str> = Role::iter().map(Role::as_str).collect();
        assert_eq!(names, ["clerk", "salesperson", "supervisor"]);
        for role in Role::iter() {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert!("boss".parse::<Role>().is_err());
        assert!(
            "Clerk".parse::<Role>().is_err(),
            "names are matched exactly"
        );
    }
}
