//! Every user-facing string, in Simplified Chinese and English, in one place.
//!
//! Templates name their blanks (`{name}`); `fill` puts values in. Render code never holds a
//! string literal of its own.

use std::fmt::Display;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// `zh`, `zh_CN.UTF-8`, `zh-Hans` → Chinese; anything else → English.
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s.starts_with("zh") {
            Some(Lang::Zh)
        } else if s.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }
}

/// Both languages' text of one catalog entry, for labels chosen now and drawn later (key
/// hints, field labels): whichever language is current when drawing is the one shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Msg {
    pub zh: &'static str,
    pub en: &'static str,
}

impl Msg {
    pub const fn text(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }
}

/// Declares one catalog: an enum of keys, each with its Chinese and English text. A key
/// without both texts does not compile, and every catalog gets the same consistency test
/// (both texts present, the same `{blanks}` in both), so a new pane's catalog is checked
/// the moment it exists. Invoke it once per module: the test module it adds has a fixed name.
#[macro_export]
macro_rules! catalog {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($key:ident => $zh:literal, $en:literal;)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        $vis enum $name { $($key),* }

        impl $name {
            /// Every key, for the consistency test.
            #[allow(dead_code)]
            pub const ALL: &'static [$name] = &[$($name::$key),*];

            pub const fn msg(self) -> $crate::i18n::Msg {
                match self {
                    $($name::$key => $crate::i18n::Msg { zh: $zh, en: $en },)*
                }
            }

            pub const fn text(self, lang: $crate::i18n::Lang) -> &'static str {
                self.msg().text(lang)
            }
        }

        impl From<$name> for $crate::i18n::Msg {
            fn from(key: $name) -> $crate::i18n::Msg {
                key.msg()
            }
        }

        #[cfg(test)]
        mod catalog_consistency {
            #[test]
            fn every_key_has_text_in_both_languages_with_the_same_blanks() {
                for key in super::$name::ALL {
                    $crate::i18n::check_entry(&format!("{key:?}"), key.msg());
                }
            }
        }
    };
}

/// The consistency every catalog entry keeps: text in both languages, and the same blanks
/// in both, so `fill` never leaves a `{name}` in one language only.
#[cfg(test)]
pub fn check_entry(key: &str, msg: Msg) {
    let blanks = |s: &str| {
        let mut v: Vec<String> = s
            .split('{')
            .skip(1)
            .filter_map(|p| p.split_once('}').map(|(k, _)| k.to_owned()))
            .collect();
        v.sort();
        v
    };
    assert!(
        !msg.zh.is_empty() && !msg.en.is_empty(),
        "{key}: empty text"
    );
    assert_eq!(blanks(msg.zh), blanks(msg.en), "{key}: blanks differ");
}

/// Fills the named blanks of a template.
///
/// ```
/// use frontdesk::i18n::fill;
/// let line = fill("{name} is next: first in the normal order.", &[("name", &"李娜")]);
/// assert_eq!(line, "李娜 is next: first in the normal order.");
/// ```
/// One pass over the template: a value that itself contains `{name}` (a typed reason, a
/// staff name) is copied as it is, never filled again.
pub fn fill(template: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let key = &after[..close];
            args.iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| (v.to_string(), close))
        });
        match value {
            Some((text, close)) => {
                out.push_str(&text);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A count with its thousands grouped, as an office reads a big number: `1,000,000`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(d);
    }
    grouped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_never_fills_a_value_a_second_time() {
        let line = fill(
            "{name} moved: {reason}",
            &[("name", &"{reason}"), ("reason", &"VIP {name}")],
        );
        assert_eq!(line, "{reason} moved: VIP {name}");
        assert_eq!(fill("{unknown} {", &[]), "{unknown} {");
    }

    #[test]
    fn lang_parses_locale_strings() {
        assert_eq!(Lang::parse("zh_CN.UTF-8"), Some(Lang::Zh));
        assert_eq!(Lang::parse("en_US.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::parse("C"), None);
    }

    #[test]
    fn fill_replaces_named_blanks() {
        assert_eq!(fill("{a}+{b}={a}", &[("a", &1), ("b", &"x")]), "1+x=1");
    }
}
