//! How a phrase addresses the customer (`{surname}`, CMP-3): their surname with 先生 or
//! 女士 (李女士, not 李秀英). The surname is read as a Chinese name is read: the first
//! character, or the first two when they are a compound surname (欧阳, 司马, 诸葛).
//! The title cannot be read from a name, so the desk asks the clerk once and keeps it with
//! the complaint.

use serde::{Deserialize, Serialize};
use strum::{EnumIter, EnumString, IntoStaticStr};

/// 先生 or 女士, as the clerk heard the customer.
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
pub enum Title {
    /// 先生
    Mr,
    /// 女士 (the desk's courtesy for any woman; 小姐 is read as 女士 too)
    Ms,
}

impl Title {
    /// The name stored in the database; never changes.
    pub fn key(self) -> &'static str {
        self.into()
    }

    pub fn from_key(key: &str) -> Option<Title> {
        key.parse().ok()
    }
}

/// The compound surnames (复姓) of the 《百家姓》, so that 欧阳娜娜 is 欧阳女士 and not 欧女士.
/// No kept crate parses Chinese names (none in the registry this project reaches), so the
/// table is here. The 《百家姓》 also runs single surnames in pairs (晋楚, 闫法, 岳帅 …):
/// those are two surnames, not one, and are left out.
const COMPOUND_SURNAMES: &[&str] = &[
    "万俟", "司马", "上官", "欧阳", "夏侯", "诸葛", "闻人", "东方", "赫连", "皇甫", "尉迟", "公羊",
    "澹台", "公冶", "宗政", "濮阳", "淳于", "单于", "太叔", "申屠", "公孙", "仲孙", "轩辕", "令狐",
    "钟离", "宇文", "长孙", "慕容", "鲜于", "闾丘", "司徒", "司空", "亓官", "司寇", "子车", "颛孙",
    "端木", "巫马", "公西", "漆雕", "乐正", "壤驷", "公良", "拓跋", "夹谷", "宰父", "谷梁", "段干",
    "百里", "东郭", "南门", "呼延", "归海", "羊舌", "微生", "梁丘", "左丘", "东门", "西门", "南宫",
    "第五",
];

/// Titles a clerk may have written into the name itself, and what they mean.
const WRITTEN_TITLES: &[(&str, Title)] = &[
    ("先生", Title::Mr),
    ("女士", Title::Ms),
    ("小姐", Title::Ms),
    ("太太", Title::Ms),
    ("Mrs", Title::Ms),
    ("Miss", Title::Ms),
    ("Mr", Title::Mr),
    ("Ms", Title::Ms),
];

/// The name without a title written into it (`王先生` → `王`, `Ms Wang` → `Wang`), and that
/// title.
fn untitled(name: &str) -> (&str, Option<Title>) {
    let name = name.trim();
    // 先生 after the surname, Mr before it.
    for (written, title) in WRITTEN_TITLES {
        if !written.is_ascii()
            && let Some(rest) = name.strip_suffix(written)
        {
            return (rest.trim(), Some(*title));
        }
        if written.is_ascii()
            && let Some(rest) = name.strip_prefix(written)
            && (rest.starts_with([' ', '.']) || rest.is_empty())
        {
            return (rest.trim_start_matches('.').trim(), Some(*title));
        }
    }
    (name, None)
}

/// The title written into the name, if the clerk wrote one (`李女士`, `Mr Zhang`).
pub fn written_title(name: &str) -> Option<Title> {
    untitled(name).1
}

/// The surname of `name`: of a Chinese name its first character, or its first two when
/// they are a compound surname; of a name in Latin letters its last word (`John Smith` →
/// `Smith`). A title written into the name is not part of it. `None` for an empty name.
pub fn surname(name: &str) -> Option<String> {
    let (name, _) = untitled(name);
    let first = name.chars().next()?;
    if first.is_ascii_alphabetic() {
        return name.split_whitespace().last().map(str::to_owned);
    }
    let two: String = name.chars().take(2).collect();
    if COMPOUND_SURNAMES.contains(&two.as_str()) {
        return Some(two);
    }
    Some(first.to_string())
}

/// `{surname}` filled: 李女士 in Chinese; `Ms 李` in English (the surname as written: a
/// Chinese surname's reading in pinyin is not certain, 单 is Shan, 曾 is Zeng).
pub fn addressed(surname: &str, title: Title, chinese: bool) -> String {
    match (chinese, title) {
        (true, Title::Mr) => format!("{surname}先生"),
        (true, Title::Ms) => format!("{surname}女士"),
        (false, Title::Mr) => format!("Mr {surname}"),
        (false, Title::Ms) => format!("Ms {surname}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cmp_3_the_surname_is_read_as_a_chinese_name_is_read_compound_ones_included() {
        assert_eq!(surname("李秀英").as_deref(), Some("李"));
        assert_eq!(surname("王芳").as_deref(), Some("王"));
        assert_eq!(surname("欧阳娜娜").as_deref(), Some("欧阳"));
        assert_eq!(surname("司马光").as_deref(), Some("司马"));
        assert_eq!(surname("诸葛亮").as_deref(), Some("诸葛"));
        assert_eq!(surname(" 王先生 ").as_deref(), Some("王"));
        assert_eq!(surname("欧阳女士").as_deref(), Some("欧阳"));
        assert_eq!(surname("Ms Wang").as_deref(), Some("Wang"));
        assert_eq!(surname("John Smith").as_deref(), Some("Smith"));
        // 晋楚 is two surnames in the 《百家姓》's line, not one.
        assert_eq!(surname("晋楚阳").as_deref(), Some("晋"));
        assert_eq!(surname("  "), None);
    }

    #[test]
    fn cmp_3_a_title_written_into_the_name_is_read_and_none_is_guessed() {
        assert_eq!(written_title("王先生"), Some(Title::Mr));
        assert_eq!(written_title("李小姐"), Some(Title::Ms));
        assert_eq!(written_title("Mr Zhang"), Some(Title::Mr));
        assert_eq!(written_title("李秀英"), None);
        assert_eq!(
            written_title("Mrsmith"),
            None,
            "a name that starts like a title"
        );
    }

    #[test]
    fn cmp_3_the_customer_is_addressed_by_surname_and_title_in_either_language() {
        assert_eq!(addressed("李", Title::Ms, true), "李女士");
        assert_eq!(addressed("欧阳", Title::Mr, true), "欧阳先生");
        assert_eq!(addressed("李", Title::Ms, false), "Ms 李");
        assert_eq!(Title::from_key(Title::Mr.key()), Some(Title::Mr));
    }
}
