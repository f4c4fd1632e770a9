//! The console's key vocabulary (issue 20 §1): the meanings a clerk carries from tab to tab,
//! each declared once with its one key. A key table binds a meaning through
//! [`Binding::meaning`](super::keys::Binding::meaning), which takes the key from here, so no
//! tab can give a meaning another key; and no table may use a vocabulary key for anything
//! else (checked in `pane_keys`). Rare supervisor acts (void a turn, office rules, sign the
//! day) and the evacuation list sit on capitals, which habit does not hit.

use ratatui::crossterm::event::KeyCode;
use strum::{EnumIter, IntoEnumIterator};

use super::keys::key_name;
use crate::i18n::Lang;

/// What a key means wherever it is offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter)]
pub enum Meaning {
    /// Open the record under the cursor.
    Open,
    /// Start a new record of the tab's kind: a walk-in, a complaint, a deal, a colleague.
    New,
    /// Correct the record under the cursor (a new row pointing at the old one, REG-4).
    Correct,
    /// Filter the list on screen as you type (`Esc` clears).
    Filter,
    /// End what is under way: a reception.
    End,
    /// Someone leaves: a visitor signed out, a salesperson checked out.
    Out,
    /// Someone arrives: a visitor signed in, a salesperson checked in.
    In,
    /// Back out of a record to its list.
    Back,
}

impl Meaning {
    /// The one key of the meaning, on every tab.
    pub const fn code(self) -> KeyCode {
        match self {
            Meaning::Open => KeyCode::Enter,
            Meaning::New => KeyCode::Char('n'),
            Meaning::Correct => KeyCode::Char('x'),
            Meaning::Filter => KeyCode::Char('/'),
            Meaning::End => KeyCode::Char('e'),
            Meaning::Out => KeyCode::Char('o'),
            Meaning::In => KeyCode::Char('i'),
            Meaning::Back => KeyCode::Esc,
        }
    }

    pub fn label(self) -> crate::i18n::Msg {
        match self {
            Meaning::Open => Word::Open,
            Meaning::New => Word::New,
            Meaning::Correct => Word::Correct,
            Meaning::Filter => Word::Filter,
            Meaning::End => Word::End,
            Meaning::Out => Word::Out,
            Meaning::In => Word::In,
            Meaning::Back => Word::Back,
        }
        .msg()
    }

    /// The meaning whose key `code` is, if any.
    #[cfg(test)]
    pub fn of(code: KeyCode) -> Option<Meaning> {
        Meaning::iter().find(|m| m.code() == code)
    }
}

/// The vocabulary as the help page writes it: "Enter open · n new · …", generated from the
/// enum so it cannot drift from the tables.
pub fn summary(lang: Lang) -> Vec<String> {
    // `Esc` backs out of everything, record or form, so the one line leaves it out.
    Meaning::iter()
        .filter(|m| *m != Meaning::Back)
        .map(|m| format!("{} {}", key_name(m.code()), m.label().text(lang)))
        .collect()
}

crate::catalog! {
    pub enum Word {
        Open => "打开", "open";
        New => "新建", "new";
        Correct => "更正", "correct";
        Filter => "筛选", "filter";
        End => "结束", "end";
        Out => "离开", "out";
        In => "进入", "in";
        Back => "返回", "back";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_meaning_has_its_own_key() {
        let mut keys: Vec<String> = Meaning::iter().map(|m| key_name(m.code())).collect();
        let n = keys.len();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), n, "two meanings share a key");
        assert_eq!(Meaning::of(KeyCode::Char('/')), Some(Meaning::Filter));
        assert_eq!(Meaning::of(KeyCode::Char('X')), None);
    }
}
