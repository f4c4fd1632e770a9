//! The standard service phrases (规范用语), read from `assets/phrases.toml`: content the
//! console offers the clerk to say, kept apart from the interface's own text. Found by any
//! word in either language or by the pinyin initials of the Chinese (CMP-3); their blanks —
//! `**` the office's name, `{surname}`, `{deadline}`, `{clerk}` — filled from the record,
//! and the ones that cannot be filled named, so the console asks for them.

use std::sync::LazyLock;

use pinyin::ToPinyin;
use serde::Deserialize;

use crate::i18n::Lang;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phrase {
    pub id: String,
    /// The step of the conversation it belongs to: greet, ask, wait, empathise, ...
    pub step: String,
    pub zh: String,
    pub en: String,
    /// Where the source manuals prescribe it.
    pub source: String,
}

impl Phrase {
    pub fn text(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

#[derive(Deserialize)]
struct Library {
    phrase: Vec<Phrase>,
}

static LIBRARY: LazyLock<Vec<Phrase>> = LazyLock::new(|| {
    toml::from_str::<Library>(include_str!("../assets/phrases.toml"))
        .expect("assets/phrases.toml is checked by its test")
        .phrase
});

/// Every shipped phrase, in the order of a conversation.
pub fn all() -> &'static [Phrase] {
    &LIBRARY
}

/// The phrase with `id`; the ids the code names are checked by a test.
pub fn get(id: &str) -> Option<&'static Phrase> {
    LIBRARY.iter().find(|p| p.id == id)
}

/// The sales-office greeting that asks whether the customer visited before (ROT-12).
pub const GREET_SALES: &str = "greet_sales";

/// The blanks a phrase may hold, besides `**` (the office's name).
pub const BLANKS: [&str; 3] = ["surname", "deadline", "clerk"];

/// The pinyin initials of the Chinese text, one letter per Chinese character in its usual
/// reading; other characters are left out (`您好,**管理处` → `nhglc`).
pub fn initials_of(text: &str) -> String {
    text.to_pinyin()
        .flatten()
        .filter_map(|p| p.first_letter().chars().next())
        .collect()
}

/// The phrases in `library` that `query` finds: a word (or part of one) of either language,
/// ignoring case, or the pinyin initials of part of the Chinese (`nh` finds 您好). Library
/// order; an empty query finds every phrase.
pub fn search<'a>(library: &'a [Phrase], query: &str) -> Vec<&'a Phrase> {
    let q = query.trim().to_lowercase();
    library
        .iter()
        .filter(|p| {
            q.is_empty()
                || p.zh.contains(&q)
                || p.en.to_lowercase().contains(&q)
                || (q.chars().all(|c| c.is_ascii_lowercase()) && initials_of(&p.zh).contains(&q))
        })
        .collect()
}

/// A phrase with its blanks filled; `missing` names the blanks nothing filled, in the order
/// they appear, for the console to ask about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filled {
    pub text: String,
    pub missing: Vec<&'static str>,
}

/// Fills `text`'s blanks: `**` with `office`, `{name}` with the value given for it. A blank
/// with no value (or an empty one) stays as it is and is listed in `missing`.
pub fn fill_blanks(text: &str, office: &str, values: &[(&str, &str)]) -> Filled {
    let mut out = text.replace("**", office);
    let mut missing = Vec::new();
    for blank in BLANKS {
        let marker = format!("{{{blank}}}");
        if !out.contains(&marker) {
            continue;
        }
        match values.iter().find(|(k, v)| *k == blank && !v.is_empty()) {
            Some((_, value)) => out = out.replace(&marker, value),
            None => missing.push(blank),
        }
    }
    Filled { text: out, missing }
}

/// Several phrases said as one reply: the Chinese run together as written, the English
/// with a space between sentences.
pub fn stack(parts: &[String], lang: Lang) -> String {
    match lang {
        Lang::Zh => parts.concat(),
        Lang::En => parts.join(" "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_library_loads_and_every_phrase_has_both_languages() {
        assert!(all().len() >= 20);
        for p in all() {
            assert!(!p.zh.is_empty() && !p.en.is_empty(), "{}", p.id);
        }
    }

    #[test]
    fn rot_12_the_sales_greeting_asks_whether_the_customer_visited_before() {
        let greet = get(GREET_SALES).expect("shipped");
        assert_eq!(greet.text(Lang::Zh), "您好,请问您以前来过我们售楼处吗?");
        assert!(greet.text(Lang::En).contains("visited"));
    }

    #[test]
    fn cmp_3_a_phrase_is_found_by_a_word_of_either_language_or_by_pinyin_initials() {
        let ids =
            |q: &str| -> Vec<&str> { search(all(), q).iter().map(|p| p.id.as_str()).collect() };
        assert!(ids("售楼处").contains(&"greet_sales"));
        assert!(ids("VISITED").contains(&"greet_sales"));
        // 请问您找哪一位 → qwnznyw
        assert!(ids("nzn").contains(&"ask_lobby"), "{:?}", ids("nzn"));
        assert!(ids("zzzzqx").is_empty());
        assert_eq!(search(all(), "").len(), all().len());
    }

    #[test]
    fn cmp_3_blanks_are_filled_from_the_record_and_the_unfilled_ones_named() {
        let text = "您好,请问是{surname}吗?我是**的{clerk},现在方便吗?";
        let filled = fill_blanks(text, "西堤管理处", &[("surname", "王先生"), ("clerk", "")]);
        assert_eq!(
            filled.text,
            "您好,请问是王先生吗?我是西堤管理处的{clerk},现在方便吗?"
        );
        assert_eq!(filled.missing, ["clerk"]);
        let all_there = fill_blanks(text, "西堤", &[("surname", "王先生"), ("clerk", "小刘")]);
        assert!(all_there.missing.is_empty());
        assert!(!all_there.text.contains('{'));
    }

    #[test]
    fn cmp_3_stacked_phrases_read_as_one_reply_in_either_language() {
        let zh = ["您好。".to_owned(), "请稍等。".to_owned()];
        assert_eq!(stack(&zh, Lang::Zh), "您好。请稍等。");
        let en = ["Hello.".to_owned(), "One moment, please.".to_owned()];
        assert_eq!(stack(&en, Lang::En), "Hello. One moment, please.");
    }
}
