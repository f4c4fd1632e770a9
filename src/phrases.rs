//! The standard service phrases (规范用语), read from `assets/phrases.toml`: content the
//! console offers the clerk to say, kept apart from the interface's own text.

use std::sync::LazyLock;

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
}
