//! Pinyin initials of a customer's name, for the search box (`wf` finds 王芳, issue 8 §1).
//!
//! A name's characters may have several readings, and the clerk types the one they hear. Two
//! choices, so that a search never misses a customer it should find:
//! - **the surname is read as a surname**: 曾 is zēng, 单 shàn, 解 xiè, 区 ōu, not their
//!   everyday readings céng, dān, jiě, qū. A surname in [`SURNAME_READINGS`] has that one
//!   reading; any other surname has the `pinyin` crate's default reading, which for common
//!   surnames is the surname's (the crate's rarer readings, such as 王 yù, are noise there).
//! - **a given name's character matches in any of its readings**: 曾乐 is `zl` and `zy`.
//!
//! So a name has a *set* of initial strings, at most [`MAX_INITIALS`]; the store keeps them
//! all (one search column) and a typed prefix matches any.

use std::collections::BTreeSet;

use pinyin::{Pinyin, ToPinyinMulti};

use super::name::{compound_surname, is_han};

/// More readings than this are not worth the index space; the combinations dropped are
/// the least likely ones (later readings of later characters), and the crate's default
/// reading of every character is always kept.
pub const MAX_INITIALS: usize = 16;

/// Surnames whose surname reading differs from the character's usual one (the ones clerks
/// are known to get wrong), as initials. Simplified and traditional forms.
pub const SURNAME_READINGS: &[(&str, &str)] = &[
    ("曾", "z"),
    ("单", "s"),
    ("單", "s"),
    ("解", "x"),
    ("区", "o"),
    ("區", "o"),
    ("仇", "q"),
    ("朴", "p"),
    ("查", "z"),
    ("盖", "g"),
    ("蓋", "g"),
    ("缪", "m"),
    ("繆", "m"),
    ("翟", "z"),
    ("乐", "y"),
    ("樂", "y"),
    ("覃", "q"),
    ("尉", "y"),
    ("召", "s"),
    ("种", "c"),
    ("種", "c"),
    ("秘", "b"),
    ("重", "c"),
    ("郇", "h"),
    ("句", "g"),
    ("宓", "m"),
    ("员", "y"),
    ("員", "y"),
    ("隗", "k"),
    ("繁", "p"),
    ("长", "c"),
    ("長", "c"),
    ("沈", "s"),
    ("任", "r"),
    ("华", "h"),
    ("華", "h"),
    ("褚", "c"),
    ("薄", "b"),
    ("柏", "b"),
    ("葛", "g"),
    ("车", "c"),
    ("車", "c"),
    ("过", "g"),
    ("過", "g"),
    ("能", "n"),
    ("黑", "h"),
    ("藏", "z"),
    ("尉迟", "yc"),
    ("尉遲", "yc"),
    ("万俟", "mq"),
    ("長孫", "zs"),
    ("长孙", "zs"),
    ("单于", "cy"),
    ("單于", "cy"),
    ("澹台", "tt"),
];

/// The set of initial strings of `name` (lower case ASCII): the surname read as a surname,
/// every reading of the other characters. Latin words give their first letter; digits,
/// spaces and signs are skipped.
///
/// ```
/// use frontdesk::domain::register::initials::initials;
/// assert!(initials("王芳").contains("wf"));
/// assert_eq!(initials("曾乐").into_iter().collect::<Vec<_>>(), ["zl", "zy"]);
/// ```
pub fn initials(name: &str) -> BTreeSet<String> {
    let name = name.trim();
    let mut positions: Vec<Vec<char>> = Vec::new();
    let rest = match surname_reading(name) {
        Some((surname, letters)) => {
            positions.extend(letters.chars().map(|c| vec![c]));
            &name[surname.len()..]
        }
        None => match name.chars().next() {
            Some(first) if is_han(first) => {
                if let Some(&default) = readings(first).first() {
                    positions.push(vec![default]);
                }
                &name[first.len_utf8()..]
            }
            _ => name,
        },
    };
    let mut in_latin_word = false;
    for c in rest.chars() {
        if c.is_ascii_alphabetic() {
            if !in_latin_word {
                positions.push(vec![c.to_ascii_lowercase()]);
            }
            in_latin_word = true;
            continue;
        }
        in_latin_word = false;
        if is_han(c) {
            let letters = readings(c);
            if !letters.is_empty() {
                positions.push(letters);
            }
        }
    }
    combine(&positions)
}

/// The surname at the start of `name` with its fixed reading, if it is one of ours.
fn surname_reading(name: &str) -> Option<(&'static str, &'static str)> {
    let compound = compound_surname(name);
    let listed = |wanted: &dyn Fn(&str) -> bool| {
        SURNAME_READINGS
            .iter()
            .copied()
            .find(|(surname, _)| wanted(surname))
    };
    match compound {
        // A compound surname is read whole or, if not listed, character by character.
        Some(compound) => listed(&|s| s == compound),
        None => listed(&|s| s.chars().count() == 1 && name.starts_with(s)),
    }
}

/// The distinct first letters of a character's readings, the default reading first.
fn readings(c: char) -> Vec<char> {
    let mut letters: Vec<char> = Vec::new();
    if let Some(multi) = c.to_pinyin_multi() {
        for reading in multi {
            let letter = first_letter(reading);
            if !letters.contains(&letter) {
                letters.push(letter);
            }
        }
    }
    letters
}

fn first_letter(reading: Pinyin) -> char {
    // `plain` readings are ASCII except ü, written `v` by every pinyin input method.
    match reading.first_letter().chars().next() {
        Some('ü') => 'v',
        Some(c) => c.to_ascii_lowercase(),
        None => '?',
    }
}

/// Every combination of one letter per position, the first letters first, capped.
fn combine(positions: &[Vec<char>]) -> BTreeSet<String> {
    let mut combos: Vec<String> = vec![String::new()];
    for letters in positions {
        let mut next = Vec::with_capacity(combos.len() * letters.len());
        for letter in letters {
            for combo in &combos {
                if next.len() == MAX_INITIALS {
                    break;
                }
                let mut longer = combo.clone();
                longer.push(*letter);
                next.push(longer);
            }
        }
        combos = next;
    }
    combos.retain(|c| !c.is_empty());
    combos.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(items: &[&str]) -> BTreeSet<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn initials_of_an_ordinary_name_are_its_first_letters() {
        assert_eq!(initials("王芳"), set(&["wf"]));
        assert_eq!(initials("张伟"), set(&["zw"]));
        assert_eq!(initials("欧阳娜娜"), set(&["oynn"]));
    }

    #[test]
    fn a_surname_is_read_as_a_surname() {
        let table = [
            ("曾伟", "zw"),
            ("单伟", "sw"),
            ("解伟", "xw"),
            ("区伟", "ow"),
            ("仇伟", "qw"),
            ("朴伟", "pw"),
            ("查伟", "zw"),
            ("盖伟", "gw"),
            ("缪伟", "mw"),
            ("翟伟", "zw"),
            ("覃伟", "qw"),
            ("尉迟恭", "ycg"),
            ("單偉", "sw"),
        ];
        for (name, expected) in table {
            assert_eq!(initials(name), set(&[expected]), "{name}");
        }
    }

    #[test]
    fn any_reading_of_a_polyphonic_given_name_matches() {
        assert_eq!(initials("曾乐"), set(&["zl", "zy"]));
        // 曾 in a given name reads céng or zēng; 长 cháng or zhǎng.
        assert_eq!(initials("王曾"), set(&["wc", "wz"]));
        assert!(initials("李长乐").is_superset(&set(&["lcl", "lzy", "lcy", "lzl"])));
    }

    #[test]
    fn latin_words_give_their_first_letter_and_signs_are_skipped() {
        assert_eq!(initials("John Smith"), set(&["js"]));
        assert_eq!(initials("王芳 (2)"), set(&["wf"]));
        assert_eq!(initials(""), set(&[]));
    }

    #[test]
    fn a_name_with_many_polyphonic_characters_is_capped_and_keeps_the_default_reading() {
        let many = initials("曾乐长乐重乐");
        assert!(many.len() <= MAX_INITIALS);
        let defaults: String = "曾乐长乐重乐"
            .chars()
            .skip(1)
            .map(|c| readings(c)[0])
            .collect();
        assert!(many.contains(&format!("z{defaults}")));
    }
}
