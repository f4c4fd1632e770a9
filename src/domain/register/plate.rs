//! A car's licence plate in one canonical form, for REG-3's "car brand and plate plus
//! surname" (004 §4) and the plate search (issue 8 §5).

use std::fmt;

use crate::domain::text::identifier;

/// A mainland plate: province abbreviation, issuing-office letter, then 5 letters or digits
/// (6 for new-energy plates), or 4 and a use character (学 挂 警 港 澳). Canonical text has no
/// separators and upper-case letters: `京A12345`, `粤BD12345`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Plate(String);

/// Why a text is not a plate; the UI names the field and words the reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PlateError {
    #[error("empty")]
    Empty,
    /// The first character is not one of the 31 province abbreviations.
    #[error("no province character")]
    Province,
    /// The second character is not a letter A–Z.
    #[error("no issuing-office letter")]
    Letter,
    /// A character that no plate carries.
    #[error("unexpected character {0:?}")]
    Character(char),
    /// Not 5 (ordinary) or 6 (new-energy) characters after the letter.
    #[error("wrong length")]
    Length,
}

/// The abbreviations of the 31 provincial divisions, as the first character of a plate.
/// (使 and 领 plates of embassies and consulates follow another pattern and are not taken.)
pub const PROVINCES: [char; 31] = [
    '京', '津', '沪', '渝', '冀', '豫', '云', '辽', '黑', '湘', '皖', '鲁', '新', '苏', '浙', '赣',
    '鄂', '桂', '甘', '晋', '蒙', '陕', '吉', '闽', '贵', '粤', '青', '藏', '川', '宁', '琼',
];

/// Last characters of special-use plates: driving school, trailer, police, Hong Kong and
/// Macau cross-border. They follow four letters or digits.
const USE_CHARACTERS: [char; 5] = ['学', '挂', '警', '港', '澳'];

impl Plate {
    /// Reads a plate typed in either input mode: full-width letters and digits and lower case
    /// are folded (NFKC, upper case); the `·` printed on plates, dashes and spaces are dropped.
    pub fn parse(input: &str) -> Result<Plate, PlateError> {
        let folded: String = identifier(input)
            .chars()
            .filter(|c| !is_separator(*c))
            .flat_map(char::to_uppercase)
            .collect();
        Plate::check(folded)
    }

    /// Reads back a canonical text the store wrote ([`Plate::as_str`]): checked as a plate,
    /// without the folding typed input needs.
    pub fn from_stored(text: &str) -> Result<Plate, PlateError> {
        Plate::check(text.to_owned())
    }

    /// Checks folded text: province, letter, then 5 or 6 letters and digits (4 and a use
    /// character for special plates).
    fn check(folded: String) -> Result<Plate, PlateError> {
        let mut chars = folded.chars();
        let Some(province) = chars.next() else {
            return Err(PlateError::Empty);
        };
        if !PROVINCES.contains(&province) {
            return Err(PlateError::Province);
        }
        if !chars.next().is_some_and(|c| c.is_ascii_uppercase()) {
            return Err(PlateError::Letter);
        }
        let rest: Vec<char> = chars.collect();
        let (body, use_char) = match rest.split_last() {
            Some((last, body)) if USE_CHARACTERS.contains(last) => (body, true),
            _ => (rest.as_slice(), false),
        };
        if let Some(&bad) = body
            .iter()
            .find(|c| !c.is_ascii_uppercase() && !c.is_ascii_digit())
        {
            return Err(PlateError::Character(bad));
        }
        let length_ok = if use_char {
            body.len() == 4
        } else {
            (5..=6).contains(&body.len())
        };
        if !length_ok {
            return Err(PlateError::Length);
        }
        Ok(Plate(folded))
    }

    /// The canonical text: what the store keeps and compares.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The province abbreviation.
    pub fn province(&self) -> char {
        self.0.chars().next().expect("a plate is never empty")
    }

    /// Six characters after the letter: the green new-energy plate.
    pub fn is_new_energy(&self) -> bool {
        self.0.chars().count() == 8
    }
}

impl fmt::Display for Plate {
    /// As printed on the plate: `京A·12345`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let split = self
            .0
            .char_indices()
            .nth(2)
            .map_or(self.0.len(), |(i, _)| i);
        write!(f, "{}·{}", &self.0[..split], &self.0[split..])
    }
}

/// `·` in its several code points (the one on plates is U+00B7; input methods also type
/// U+30FB, U+2022 and U+FF65, which NFKC folds to U+30FB), dashes, dots and spaces.
fn is_separator(c: char) -> bool {
    matches!(c, '·' | '・' | '•' | '‧' | '.' | '-' | '—' | '–' | '_') || c.is_whitespace()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reg_3_plates_typed_in_any_form_normalize_to_one_canonical_plate() {
        let table = [
            ("京A12345", "京A12345"),
            ("京a12345", "京A12345"),
            ("京A·12345", "京A12345"),
            ("京A-12345", "京A12345"),
            ("京 A 123 45", "京A12345"),
            ("京Ａ１２３４５", "京A12345"),
            ("京ａ・１２３４５", "京A12345"),
            ("沪ab123c", "沪AB123C"),
            ("粤B·D12345", "粤BD12345"),
            ("粤bd12345", "粤BD12345"),
            ("苏A1234学", "苏A1234学"),
            ("琼A·1234挂", "琼A1234挂"),
        ];
        for (typed, canonical) in table {
            assert_eq!(
                Plate::parse(typed).map(|p| p.as_str().to_owned()),
                Ok(canonical.to_owned()),
                "{typed}"
            );
        }
    }

    #[test]
    fn anything_that_is_not_a_plate_is_refused_with_a_named_reason() {
        let table = [
            ("", PlateError::Empty),
            (" · ", PlateError::Empty),
            ("AB12345", PlateError::Province),
            ("港A12345", PlateError::Province),
            ("京112345", PlateError::Letter),
            ("京", PlateError::Letter),
            ("京A1234", PlateError::Length),
            ("京A1234567", PlateError::Length),
            ("京A12学45", PlateError::Character('学')),
            ("京A123学", PlateError::Length),
            ("京A1234?", PlateError::Character('?')),
        ];
        for (typed, error) in table {
            assert_eq!(Plate::parse(typed), Err(error), "{typed:?}");
        }
    }

    #[test]
    fn a_plate_shows_as_printed_and_knows_its_province_and_kind() {
        let plate = Plate::parse("粤bd12345").unwrap();
        assert_eq!(plate.to_string(), "粤B·D12345");
        assert_eq!(plate.province(), '粤');
        assert!(plate.is_new_energy());
        assert!(!Plate::parse("京A12345").unwrap().is_new_energy());
        assert_eq!(Plate::parse(&plate.to_string()), Ok(plate));
    }

    #[test]
    fn a_stored_plate_reads_back_and_a_damaged_one_is_refused() {
        for typed in ["粤b·12345", "沪AD12345", "粤B1234学"] {
            let plate = Plate::parse(typed).unwrap();
            assert_eq!(Plate::from_stored(plate.as_str()), Ok(plate));
        }
        assert_eq!(Plate::from_stored("XB12345"), Err(PlateError::Province));
    }
}
