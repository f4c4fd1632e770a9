//! A customer's name as the register keeps it, and what REG-3 needs from it: the surname,
//! and whether the clerk got the full name or only the surname (004 §4: "客户全名 … 车的品牌和
//! 牌照加客户姓").

use std::fmt;

use unicode_normalization::UnicodeNormalization;

use crate::domain::text::{self, TextError};

pub const NAME_MAX_CHARS: usize = 40;

/// Two-character surnames, so that 欧阳娜娜 is 欧阳 + 娜娜 and not 欧 + 阳娜娜. A short list of
/// the ones met in practice, in simplified and traditional forms (the seeds are written in
/// both). A rarer one is read as a one-character surname, which only weakens the plate +
/// surname match for that customer; the full name and phone still match.
pub const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "夏侯", "轩辕",
    "令狐", "宇文", "司徒", "司空", "端木", "南宫", "独孤", "西门", "万俟", "闻人", "澹台", "公冶",
    "太史", "申屠", "呼延", "钟离", "宗政", "濮阳", "淳于", "单于", "赫连", "拓跋", "百里", "东郭",
    "左丘", "第五", "歐陽", "司馬", "諸葛", "東方", "尉遲", "公孫", "長孫", "軒轅", "獨孤", "聞人",
    "鍾離", "單于", "赫連", "東郭",
];

/// What a clerk writes after a name or a surname (王芳女士, 王先生).
const TITLES: &[&str] = &[
    "先生", "女士", "小姐", "太太", "夫人", "阿姨", "老师", "老師",
];
/// Short forms of address (张总, 陈生, 李姐) that also end given names (李春生), so they are
/// taken as titles only right after a surname.
const SHORT_TITLES: &[&str] = &["总", "總", "生", "姐", "哥"];
const LATIN_HONORIFICS: &[&str] = &["mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr."];

/// A customer's name, cleaned (control characters and escape sequences stripped), 1 to 40
/// characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CustomerName {
    text: String,
    surname: String,
    full: Option<String>,
}

impl CustomerName {
    pub fn parse(input: &str) -> Result<CustomerName, TextError> {
        let text = text::required(input, NAME_MAX_CHARS)?;
        let (surname, full) = if text.chars().next().is_some_and(is_han) {
            split_chinese(&text)
        } else {
            split_latin(&text)
        };
        Ok(CustomerName {
            text,
            surname,
            full,
        })
    }

    /// Reads back a name the store wrote ([`CustomerName::as_str`]): a name of Chinese
    /// characters only needs no cleaning or folding, the dearest part of reading a page of
    /// results; anything else is parsed in full.
    pub fn from_stored(text: &str) -> Result<CustomerName, TextError> {
        let count = text.chars().count();
        if count == 0 || count > NAME_MAX_CHARS || !text.chars().all(is_han) {
            return CustomerName::parse(text);
        }
        let (surname, full) = split_han(text);
        Ok(CustomerName {
            text: text.to_owned(),
            surname,
            full,
        })
    }

    /// The name as typed (cleaned).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The surname, folded for comparison (NFKC; lower case for Latin names).
    pub fn surname(&self) -> &str {
        &self.surname
    }

    /// The full name without any honorific (王芳女士 → 王芳), folded for comparison; `None`
    /// when the clerk has only a surname (王先生, 王, 欧阳, Mr Smith). REG-3 matches on a full
    /// name only: two 王先生 are not the same customer.
    pub fn full(&self) -> Option<&str> {
        self.full.as_deref()
    }

    pub fn is_surname_only(&self) -> bool {
        self.full.is_none()
    }
}

impl fmt::Display for CustomerName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

pub(crate) fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{3134f}')
}

/// The compound surname that `name` starts with, if any.
pub(crate) fn compound_surname(name: &str) -> Option<&'static str> {
    COMPOUND_SURNAMES
        .iter()
        .copied()
        .find(|surname| name.starts_with(surname))
}

fn split_chinese(text: &str) -> (String, Option<String>) {
    let folded: String = text.nfkc().filter(|c| !c.is_whitespace()).collect();
    split_han(&folded)
}

/// Surname and full name of folded Chinese text.
fn split_han(folded: &str) -> (String, Option<String>) {
    let bare = strip_title(folded);
    let surname = compound_surname(bare).map_or_else(
        || bare.chars().next().map(String::from).unwrap_or_default(),
        str::to_owned,
    );
    // 王先生 and 王 are surname only; 王芳 and 王芳女士 are the full name 王芳.
    let full = (bare.len() > surname.len()).then(|| bare.to_owned());
    (surname, full)
}

fn strip_title(name: &str) -> &str {
    for title in TITLES {
        if let Some(rest) = name.strip_suffix(title)
            && !rest.is_empty()
        {
            return rest;
        }
    }
    for title in SHORT_TITLES {
        if let Some(rest) = name.strip_suffix(title)
            && (rest.chars().count() == 1 || COMPOUND_SURNAMES.contains(&rest))
        {
            return rest;
        }
    }
    name
}

/// Latin names (a foreign customer, or pinyin): the last word is the surname; one word, or a
/// title and one word, is a surname only.
fn split_latin(text: &str) -> (String, Option<String>) {
    let folded = text.nfkc().collect::<String>().to_lowercase();
    let words: Vec<&str> = folded
        .split_whitespace()
        .filter(|w| !LATIN_HONORIFICS.contains(w))
        .collect();
    let surname = words.last().copied().unwrap_or(folded.as_str()).to_owned();
    let full = (words.len() >= 2).then(|| words.join(" "));
    (surname, full)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(name: &str) -> (String, Option<String>) {
        let name = CustomerName::parse(name).unwrap();
        (name.surname().to_owned(), name.full().map(str::to_owned))
    }

    #[test]
    fn reg_3_a_name_knows_its_surname_and_whether_it_is_the_full_name() {
        let table: [(&str, &str, Option<&str>); 17] = [
            ("王芳", "王", Some("王芳")),
            ("王先生", "王", None),
            ("王女士", "王", None),
            ("王小姐", "王", None),
            ("王", "王", None),
            ("王芳女士", "王", Some("王芳")),
            ("欧阳娜娜", "欧阳", Some("欧阳娜娜")),
            ("欧阳", "欧阳", None),
            ("欧阳先生", "欧阳", None),
            ("歐陽娜娜", "歐陽", Some("歐陽娜娜")),
            ("尉迟恭", "尉迟", Some("尉迟恭")),
            ("王 芳", "王", Some("王芳")),
            ("张总", "张", None),
            ("李春生", "李", Some("李春生")),
            ("陈生", "陈", None),
            ("John Smith", "smith", Some("john smith")),
            ("Mr Smith", "smith", None),
        ];
        for (typed, surname, full) in table {
            assert_eq!(
                parts(typed),
                (surname.to_owned(), full.map(str::to_owned)),
                "{typed}"
            );
        }
    }

    #[test]
    fn names_are_cleaned_and_one_to_forty_characters() {
        assert_eq!(
            CustomerName::parse("王\u{1b}[31m芳").unwrap().as_str(),
            "王芳"
        );
        assert_eq!(CustomerName::parse(" \u{7} "), Err(TextError::Empty));
        assert_eq!(
            CustomerName::parse(&"李".repeat(41)),
            Err(TextError::TooLong(NAME_MAX_CHARS))
        );
        assert!(CustomerName::parse(&"李".repeat(40)).is_ok());
    }

    #[test]
    fn a_stored_name_reads_back_as_the_name_that_was_stored() {
        for typed in ["王芳", "欧阳娜娜", "王先生", "张总", "Wang Fang", "王 芳"] {
            let name = CustomerName::parse(typed).unwrap();
            assert_eq!(CustomerName::from_stored(name.as_str()), Ok(name));
        }
    }
}
