//! `/` filters the list a pane holds, as in k9s and lazygit (issue 20 §2): typed text keeps
//! the rows one of whose fields it finds — by the text itself, the other language or the
//! pinyin initials, with the pickers' own rule ([`form::finds`]) — as the clerk types.
//! `Enter` stops typing and keeps the filter, so the tab's keys act on the filtered list;
//! `Esc` clears it. The footer shows the filter as the pane's first hint.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::form;
use super::keys::Hint;

#[derive(Debug, Default, Clone)]
pub struct ListFilter {
    text: String,
    typing: bool,
}

impl ListFilter {
    /// `/`: keys go into the filter until `Enter` or `Esc`.
    pub fn start(&mut self) {
        self.typing = true;
    }

    #[cfg(test)]
    pub fn typing(&self) -> bool {
        self.typing
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Takes `key` if it is the filter's: any typed character, Backspace, Enter and Esc while
    /// typing; Esc while a filter is set. `Some(true)` when the filter's text changed.
    pub fn key(&mut self, key: &KeyEvent) -> Option<bool> {
        let chord = key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        if self.typing {
            match key.code {
                KeyCode::Char(c) if !chord => {
                    self.text.push(c);
                    Some(true)
                }
                KeyCode::Backspace => Some(self.text.pop().is_some()),
                KeyCode::Enter => {
                    self.typing = false;
                    Some(false)
                }
                KeyCode::Esc => Some(self.clear()),
                _ => None,
            }
        } else if key.code == KeyCode::Esc && !self.text.is_empty() {
            Some(self.clear())
        } else {
            None
        }
    }

    /// Text pasted while typing goes into the filter; `false` when it was not typing.
    pub fn paste(&mut self, text: &str) -> bool {
        if self.typing {
            self.text.extend(text.chars().filter(|c| !c.is_control()));
        }
        self.typing
    }

    fn clear(&mut self) -> bool {
        self.typing = false;
        !std::mem::take(&mut self.text).is_empty()
    }

    /// Whether a row shows: one of its `fields` is found by the filter (itself or its pinyin
    /// initials), or `also` (the other language's words) is. Every row shows when the filter
    /// is empty.
    pub fn keeps(&self, fields: &[&str], also: &str) -> bool {
        let needle = self.text.trim().to_lowercase();
        needle.is_empty()
            || form::finds("", &also.to_lowercase(), &needle)
            || fields
                .iter()
                .any(|f| form::finds(f, &form::found_by(f, ""), &needle))
    }

    /// The footer's first hint while a filter is typed or set: `/王▏ Enter keeps, Esc clears`.
    pub fn hint(&self) -> Option<Hint> {
        if !self.typing && self.text.is_empty() {
            return None;
        }
        let (cursor, label) = if self.typing {
            ("▏", Word::Typing)
        } else {
            ("", Word::Set)
        };
        Some(Hint {
            key: format!("/{}{cursor}", self.text),
            label: label.msg(),
            footer: true,
        })
    }

    /// What an empty list says: nothing matches the filter when one is set, else `empty`.
    pub fn empty_text(&self, empty: crate::i18n::Msg) -> crate::i18n::Msg {
        match self.text.is_empty() {
            true => empty,
            false => Word::NothingFound.msg(),
        }
    }

    /// `hints` with the filter's in front, when there is one.
    pub fn with_hint(&self, mut hints: Vec<Hint>) -> Vec<Hint> {
        if let Some(h) = self.hint() {
            hints.insert(0, h);
        }
        hints
    }
}

crate::catalog! {
    pub enum Word {
        Typing => "Enter 保留 Esc 清除", "Enter keeps, Esc clears";
        Set => "Esc 清除筛选", "Esc clears";
        NothingFound => "没有符合筛选的项。Esc 清除筛选。", "Nothing matches the filter. Esc clears it.";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(text: &str) -> ListFilter {
        let mut f = ListFilter::default();
        f.start();
        for c in text.chars() {
            f.key(&KeyEvent::from(KeyCode::Char(c)));
        }
        f
    }

    #[test]
    fn a_filter_finds_a_chinese_name_by_its_pinyin_initials_and_a_room_by_its_digits() {
        let f = typed("wf");
        assert!(f.keeps(&["王芳", "1-203"], ""));
        assert!(!f.keeps(&["李娜", "1-203"], ""));
        assert!(typed("203").keeps(&["李娜", "1-203"], ""));
        assert!(typed("repair").keeps(&["李娜"], "Repair request"));
        assert!(
            typed("").keeps(&["李娜"], ""),
            "an empty filter keeps every row"
        );
    }

    #[test]
    fn enter_keeps_the_filter_and_esc_clears_it() {
        let mut f = typed("wf");
        assert_eq!(f.key(&KeyEvent::from(KeyCode::Enter)), Some(false));
        assert!(!f.typing());
        assert_eq!(f.text(), "wf");
        assert_eq!(
            f.key(&KeyEvent::from(KeyCode::Char('n'))),
            None,
            "once kept, the tab's keys work again"
        );
        assert_eq!(f.key(&KeyEvent::from(KeyCode::Esc)), Some(true));
        assert_eq!(f.text(), "");
        assert_eq!(
            f.key(&KeyEvent::from(KeyCode::Esc)),
            None,
            "Esc is free again"
        );
    }
}
