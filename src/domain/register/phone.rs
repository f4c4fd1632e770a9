//! A customer's phone number in one canonical form, so that REG-3's "same phone" is an
//! equality however the clerk typed it (issue 8 §5).

use std::fmt;

use crate::domain::text::identifier;

/// A Chinese mobile or landline number, normalized. The canonical text is digits only: a
/// mobile is its 11 digits; a landline is its area code (with the leading 0) and local number,
/// then `x` and the extension if there is one (`01012345678x123`). Two numbers are the same
/// phone exactly when their canonical texts are equal.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Phone {
    canonical: String,
    kind: PhoneKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PhoneKind {
    Mobile,
    /// `area_len` digits of area code (3 for 010 and 02x, 4 for the rest).
    Landline {
        area_len: u8,
    },
}

/// Why a text is not a phone number; the UI names the field and words the reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("empty")]
    Empty,
    /// A letter or sign that no way of writing a phone number uses.
    #[error("unexpected character {0:?}")]
    Character(char),
    /// `+44 …`, `001 …`: the registers hold Chinese numbers only.
    #[error("not a Chinese number")]
    OtherCountry,
    /// Seven or eight digits with no area code: the same local number exists in every city.
    #[error("a landline needs its area code")]
    NoAreaCode,
    /// Digits that are neither a mobile nor a landline.
    #[error("not a phone number")]
    NotAPhoneNumber,
    /// An extension that is not 1 to 6 digits.
    #[error("the extension is not 1 to 6 digits")]
    Extension,
}

const MAX_EXTENSION: usize = 6;

impl Phone {
    /// Reads a phone as typed in either input mode: full-width digits, spaces, dashes,
    /// brackets, a `+86`/`0086` prefix, an extension after `转`, `x`, `ext` or a third dash.
    pub fn parse(input: &str) -> Result<Phone, PhoneError> {
        // NFKC folds full-width digits, `＋` and the ideographic space (text::identifier).
        let text = identifier(input).trim().to_lowercase();
        if text.is_empty() {
            return Err(PhoneError::Empty);
        }
        let (number, extension) = split_extension(&text);
        let extension = match extension {
            None => None,
            Some(ext) => {
                let ext: String = ext.chars().filter(|c| !is_separator(*c)).collect();
                if ext.is_empty()
                    || ext.len() > MAX_EXTENSION
                    || !ext.chars().all(|c| c.is_ascii_digit())
                {
                    return Err(PhoneError::Extension);
                }
                Some(ext)
            }
        };
        let groups = digit_groups(number)?;
        let (groups, international) = strip_country_code(groups)?;
        let joined: String = groups.concat();
        if let Some(phone) = classify(&joined, international, extension.as_deref()) {
            return Ok(phone);
        }
        // `010-12345678-123`: a landline whose last dash group is its extension.
        if extension.is_none() && groups.len() >= 3 {
            let (last, main) = groups.split_last().expect("three groups");
            if last.len() <= MAX_EXTENSION
                && let Some(phone) = classify(&main.concat(), international, Some(last))
                && phone.is_landline()
            {
                return Ok(phone);
            }
        }
        let local = joined.trim_start_matches('0');
        if !international && (7..=8).contains(&joined.len()) && local.len() == joined.len() {
            return Err(PhoneError::NoAreaCode);
        }
        Err(PhoneError::NotAPhoneNumber)
    }

    /// The canonical text: what the store keeps and compares.
    pub fn as_str(&self) -> &str {
        &self.canonical
    }

    /// Reads back a canonical text the store wrote ([`Phone::as_str`]): a mobile is taken as
    /// it is, without the folding typed input needs (the dearest part of reading a page of
    /// results); anything else is parsed in full.
    pub fn from_stored(text: &str) -> Result<Phone, PhoneError> {
        if is_mobile(text) {
            return Ok(Phone {
                canonical: text.to_owned(),
                kind: PhoneKind::Mobile,
            });
        }
        Phone::parse(text)
    }

    pub fn kind(&self) -> PhoneKind {
        self.kind
    }

    pub fn is_landline(&self) -> bool {
        matches!(self.kind, PhoneKind::Landline { .. })
    }

    /// The number without any extension: the digits a near-miss comparison looks at.
    pub fn number(&self) -> &str {
        self.canonical
            .split_once('x')
            .map_or(self.canonical.as_str(), |(number, _)| number)
    }

    /// The last four digits of the number (not of the extension): what a customer often
    /// remembers, and what the search box and the near-miss check use.
    pub fn last4(&self) -> &str {
        let number = self.number();
        &number[number.len() - 4..]
    }

    /// The number as lists show it (SEC-1/2): `138****5678`, `0755****5678`; the record view
    /// shows the whole number.
    pub fn masked(&self) -> String {
        let number = self.number();
        let head = match self.kind {
            PhoneKind::Mobile => 3,
            PhoneKind::Landline { area_len } => usize::from(area_len),
        };
        let hidden = number.len() - head - 4;
        format!("{}{}{}", &number[..head], "*".repeat(hidden), self.last4())
    }
}

impl fmt::Display for Phone {
    /// Grouped for reading: `138 0013 8000`, `0755-12345678 转 123` is `0755-12345678-123`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let number = self.number();
        match self.kind {
            PhoneKind::Mobile => write!(f, "{} {} {}", &number[..3], &number[3..7], &number[7..]),
            PhoneKind::Landline { area_len } => {
                let (area, local) = number.split_at(usize::from(area_len));
                write!(f, "{area}-{local}")?;
                match self.canonical.split_once('x') {
                    Some((_, ext)) => write!(f, "-{ext}"),
                    None => Ok(()),
                }
            }
        }
    }
}

fn is_separator(c: char) -> bool {
    matches!(c, ' ' | '-' | '(' | ')' | '.' | '/' | '—' | '–')
}

/// Splits at an explicit extension marker: `转`, `分机`, `ext`, `x`.
fn split_extension(text: &str) -> (&str, Option<&str>) {
    for marker in ["分机", "转", "ext.", "ext", "x", "#"] {
        if let Some((number, ext)) = text.split_once(marker) {
            return (number, Some(ext));
        }
    }
    (text, None)
}

/// The runs of digits between separators, and whether a `+` led them.
fn digit_groups(number: &str) -> Result<(bool, Vec<&str>), PhoneError> {
    let number = number.trim_start_matches(is_separator);
    let (plus, rest) = match number.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, number),
    };
    if let Some(bad) = rest
        .chars()
        .find(|c| !c.is_ascii_digit() && !is_separator(*c))
    {
        return Err(PhoneError::Character(bad));
    }
    let groups: Vec<&str> = rest.split(is_separator).filter(|g| !g.is_empty()).collect();
    if groups.is_empty() {
        return Err(PhoneError::NotAPhoneNumber);
    }
    Ok((plus, groups))
}

/// Removes `+86`/`0086` (also written `(+86)`); a different country code is refused. Returns
/// whether a country code was given, after which a landline's area code drops its 0.
fn strip_country_code(
    (plus, mut groups): (bool, Vec<&str>),
) -> Result<(Vec<&str>, bool), PhoneError> {
    let first = groups[0];
    let digits = if plus {
        first
    } else if let Some(digits) = first.strip_prefix("00") {
        digits
    } else {
        return Ok((groups, false));
    };
    let Some(rest) = digits.strip_prefix("86") else {
        return Err(PhoneError::OtherCountry);
    };
    if rest.is_empty() {
        groups.remove(0);
    } else {
        groups[0] = rest;
    }
    if groups.is_empty() {
        return Err(PhoneError::NotAPhoneNumber);
    }
    Ok((groups, true))
}

/// Decides mobile or landline from the digits. After a country code a landline's area code
/// is written without its leading 0 (`+86 10 1234 5678`); a `0` typed anyway is tolerated.
fn classify(digits: &str, international: bool, extension: Option<&str>) -> Option<Phone> {
    if is_mobile(digits) {
        // A mobile has no extension.
        return extension.is_none().then(|| Phone {
            canonical: digits.to_owned(),
            kind: PhoneKind::Mobile,
        });
    }
    let with_zero;
    let digits = if international && !digits.starts_with('0') {
        with_zero = format!("0{digits}");
        with_zero.as_str()
    } else {
        digits
    };
    let area_len = area_code_len(digits)?;
    // A short number may have no room after what looks like its area code.
    let local = digits.get(area_len..)?;
    // A local number never starts with 0: that would be another area code.
    let local_ok = (7..=8).contains(&local.len()) && !local.starts_with('0');
    if !local_ok {
        return None;
    }
    let canonical = match extension {
        Some(ext) => format!("{digits}x{ext}"),
        None => digits.to_owned(),
    };
    Some(Phone {
        canonical,
        kind: PhoneKind::Landline {
            area_len: area_len as u8,
        },
    })
}

/// Chinese mobiles: 11 digits, `1` then `3`–`9` (issue 8 §5).
fn is_mobile(digits: &str) -> bool {
    let b = digits.as_bytes();
    b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]) && digits_only(digits)
}

/// Area codes: `010` (Beijing) and `020`–`029` have three digits; every other starts
/// `03`–`09` and has four (the national numbering plan).
fn area_code_len(digits: &str) -> Option<usize> {
    if !digits_only(digits) || !digits.starts_with('0') || digits.len() < 3 {
        return None;
    }
    match digits.as_bytes()[1] {
        b'1' => digits.starts_with("010").then_some(3),
        b'2' => Some(3),
        b'3'..=b'9' => Some(4),
        _ => None,
    }
}

fn digits_only(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reg_3_phones_typed_in_any_form_normalize_to_one_canonical_number() {
        let table = [
            ("13800138000", "13800138000"),
            ("138 0013 8000", "13800138000"),
            ("138-0013-8000", "13800138000"),
            ("１３８００１３８０００", "13800138000"),
            ("+86 138 0013 8000", "13800138000"),
            ("+8613800138000", "13800138000"),
            ("0086 13800138000", "13800138000"),
            ("(+86) 138-0013-8000", "13800138000"),
            ("＋８６　１３８００１３８０００", "13800138000"),
            ("19912345678", "19912345678"),
            ("010-12345678", "01012345678"),
            ("(010) 1234 5678", "01012345678"),
            ("0755 1234 5678", "075512345678"),
            ("0755-1234567", "07551234567"),
            ("+86 10 12345678", "01012345678"),
            ("+86 755 12345678", "075512345678"),
            ("010-12345678-123", "01012345678x123"),
            ("010-12345678转123", "01012345678x123"),
            ("010 1234 5678 ext 9", "01012345678x9"),
            ("０２１－６２３４５６７８转８８", "02162345678x88"),
        ];
        for (typed, canonical) in table {
            assert_eq!(
                Phone::parse(typed).map(|p| p.as_str().to_owned()),
                Ok(canonical.to_owned()),
                "{typed}"
            );
        }
    }

    #[test]
    fn anything_that_is_not_a_chinese_phone_is_refused_with_a_named_reason() {
        let table = [
            ("", PhoneError::Empty),
            ("   ", PhoneError::Empty),
            ("138001380OO", PhoneError::Character('o')),
            ("王芳", PhoneError::Character('王')),
            ("+44 20 7946 0958", PhoneError::OtherCountry),
            ("001 212 555 0100", PhoneError::OtherCountry),
            ("12345678", PhoneError::NoAreaCode),
            ("1234567", PhoneError::NoAreaCode),
            ("12800138000", PhoneError::NotAPhoneNumber),
            ("1380013800", PhoneError::NotAPhoneNumber),
            ("138001380001", PhoneError::NotAPhoneNumber),
            // An area code with nothing after it (found by the proptest): refused, no panic.
            ("058", PhoneError::NotAPhoneNumber),
            ("+86 58", PhoneError::NotAPhoneNumber),
            ("010-0234567", PhoneError::NotAPhoneNumber),
            ("011-12345678", PhoneError::NotAPhoneNumber),
            ("010-12345678转", PhoneError::Extension),
            ("010-12345678转1234567", PhoneError::Extension),
            ("13800138000转12", PhoneError::NotAPhoneNumber),
        ];
        for (typed, error) in table {
            assert_eq!(Phone::parse(typed), Err(error), "{typed:?}");
        }
    }

    #[test]
    fn sec_1_lists_show_a_masked_number_and_the_last_four_digits_stay_searchable() {
        let mobile = Phone::parse("138 0013 5678").unwrap();
        assert_eq!(mobile.masked(), "138****5678");
        assert_eq!(mobile.last4(), "5678");
        assert_eq!(mobile.to_string(), "138 0013 5678");
        let landline = Phone::parse("0755-12345678转123").unwrap();
        assert_eq!(landline.masked(), "0755****5678");
        assert_eq!(landline.last4(), "5678", "the extension is not the number");
        assert_eq!(landline.to_string(), "0755-12345678-123");
        assert_eq!(Phone::parse("010-1234567").unwrap().masked(), "010***4567");
    }

    fn mobile() -> impl Strategy<Value = String> {
        ("1[3-9][0-9]{9}").prop_map(|s| s)
    }

    /// The same digits with spaces or dashes anywhere, a country code, or full width.
    fn variant(digits: &str, seps: &[u8], prefix: u8, wide: bool) -> String {
        let mut out = String::from(match prefix % 4 {
            0 => "",
            1 => "+86 ",
            2 => "0086-",
            _ => "+86",
        });
        for (i, c) in digits.chars().enumerate() {
            out.push(c);
            match seps.get(i).copied().unwrap_or(0) % 5 {
                1 => out.push(' '),
                2 => out.push('-'),
                _ => {}
            }
        }
        if wide {
            out.chars()
                .map(|c| match c {
                    '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap(),
                    ' ' => '\u{3000}',
                    c => c,
                })
                .collect()
        } else {
            out
        }
    }

    proptest! {
        #[test]
        fn formatting_variants_of_one_mobile_normalize_equal(
            digits in mobile(),
            seps in proptest::collection::vec(any::<u8>(), 10),
            prefix in any::<u8>(),
            wide in any::<bool>(),
        ) {
            let typed = variant(&digits, &seps, prefix, wide);
            prop_assert_eq!(Phone::parse(&typed).map(|p| p.as_str().to_owned()), Ok(digits));
        }

        #[test]
        fn normalizing_a_phone_twice_gives_the_same_phone(text in "[0-9 +()转x-]{0,24}") {
            if let Ok(once) = Phone::parse(&text) {
                prop_assert_eq!(Phone::parse(once.as_str()), Ok(once.clone()));
                prop_assert_eq!(Phone::parse(&once.to_string()), Ok(once));
            }
        }
    }

    #[test]
    fn a_stored_number_reads_back_as_the_number_that_was_stored() {
        for typed in [
            "138 1234 5678",
            "+86 139-1234-5678",
            "(0755) 8888 1234 转 12",
            "010-12345678",
        ] {
            let phone = Phone::parse(typed).unwrap();
            assert_eq!(Phone::from_stored(phone.as_str()), Ok(phone));
        }
        assert!(Phone::from_stored("12345").is_err());
    }
}
