//! A message kept as how to say it, not as text in one language: switching the language
//! says the status line again in the other.

use std::fmt::Display;
use std::rc::Rc;

use crate::i18n::{Lang, Msg, fill};

#[derive(Clone)]
pub struct Said(Rc<dyn Fn(Lang) -> String>);

impl Said {
    pub fn new(say: impl Fn(Lang) -> String + 'static) -> Said {
        Said(Rc::new(say))
    }

    /// A catalog entry as it is.
    pub fn msg(msg: impl Into<Msg>) -> Said {
        let msg = msg.into();
        Said::new(move |lang| msg.text(lang).to_owned())
    }

    /// A catalog template with blanks whose values read the same in both languages (names,
    /// numbers, times).
    pub fn fill<const N: usize>(msg: impl Into<Msg>, args: [(&'static str, String); N]) -> Said {
        let msg = msg.into();
        Said::new(move |lang| {
            let args: Vec<(&str, &dyn Display)> =
                args.iter().map(|(k, v)| (*k, v as &dyn Display)).collect();
            fill(msg.text(lang), &args)
        })
    }

    /// A message worded now in both languages by `say`, which may borrow what it needs
    /// (the office's staff, a store error): said again in the other on F2.
    pub fn in_both(say: impl Fn(Lang) -> String) -> Said {
        let zh = say(Lang::Zh);
        let en = say(Lang::En);
        Said::new(move |lang| match lang {
            Lang::Zh => zh.clone(),
            Lang::En => en.clone(),
        })
    }

    /// Text that is what it is in any language (another program's words, say).
    pub fn verbatim(text: String) -> Said {
        Said::new(move |_| text.clone())
    }

    /// Two messages side by side.
    pub fn and(self, next: Said) -> Said {
        Said::new(move |lang| format!("{}  ·  {}", self.text(lang), next.text(lang)))
    }

    pub fn text(&self, lang: Lang) -> String {
        (self.0)(lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::text::Ui;

    #[test]
    fn a_said_message_is_said_again_in_the_other_language() {
        let said = Said::fill(Ui::ErrPinLocked, [("seconds", "30".to_owned())]);
        assert!(said.text(Lang::En).contains("30 seconds"));
        assert!(said.text(Lang::Zh).contains("30 秒"));
    }
}
