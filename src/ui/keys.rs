//! Key tables: one list per context says which keys work, what they do and how they are
//! labelled, so the footer, the help screen and the handlers can never disagree.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub use super::vocabulary::Meaning;
use crate::i18n::{Lang, Msg};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding<C> {
    pub code: KeyCode,
    pub label: Msg,
    pub command: C,
    /// Whether the footer shows it (the help screen shows every binding).
    pub footer: bool,
    /// The console-wide meaning it carries, if any: its key then comes from the vocabulary.
    pub meaning: Option<Meaning>,
}

impl<C: Copy> Binding<C> {
    pub const fn new(code: KeyCode, label: Msg, command: C) -> Self {
        Binding {
            code,
            label,
            command,
            footer: true,
            meaning: None,
        }
    }

    /// A binding of one of the console's meanings: the key is the meaning's, so no tab can
    /// give it another (issue 20 §1).
    pub const fn meaning(meaning: Meaning, label: Msg, command: C) -> Self {
        Binding {
            code: meaning.code(),
            label,
            command,
            footer: true,
            meaning: Some(meaning),
        }
    }

    pub const fn help_only(mut self) -> Self {
        self.footer = false;
        self
    }

    pub fn matches(&self, key: &KeyEvent) -> bool {
        // Shifted letters arrive as upper-case characters, so only Ctrl/Alt disqualify.
        let plain = !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        plain && key.code == self.code
    }

    /// How the key is written in the footer and help.
    pub fn key_name(&self) -> String {
        key_name(self.code)
    }
}

pub fn key_name(code: KeyCode) -> String {
    match code {
        KeyCode::Char(' ') => "Space".into(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "S-Tab".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::F(n) => format!("F{n}"),
        other => format!("{other:?}"),
    }
}

/// How a key is shown in the footer and the help page, whatever its table's command type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    pub key: String,
    pub label: Msg,
    pub footer: bool,
}

impl Hint {
    /// "n      walk-in": one entry of the help page.
    pub fn help_entry(&self, lang: Lang) -> String {
        format!("{:<6} {}", self.key, self.label.text(lang))
    }
}

/// The hints of a key table, in its order; neighbours with one label share a hint ("↑↓").
pub fn hints<C: Copy>(table: &[Binding<C>]) -> Vec<Hint> {
    let mut out: Vec<Hint> = Vec::new();
    for b in table {
        match out.last_mut() {
            Some(last) if last.label == b.label => last.key.push_str(&b.key_name()),
            _ => out.push(Hint {
                key: b.key_name(),
                label: b.label,
                footer: b.footer,
            }),
        }
    }
    out
}

/// The command bound to `key` in `table`, if any.
pub fn lookup<C: Copy>(table: &[Binding<C>], key: &KeyEvent) -> Option<C> {
    table.iter().find(|b| b.matches(key)).map(|b| b.command)
}

/// One binding as the vocabulary test reads it, whatever its table's command type.
#[cfg(test)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub code: KeyCode,
    pub meaning: Option<Meaning>,
    pub label: Msg,
}

/// The entries of a key table, for the test that walks every tab's tables.
#[cfg(test)]
pub fn entries<C: Copy>(table: &[Binding<C>]) -> Vec<Entry> {
    table
        .iter()
        .map(|b| Entry {
            code: b.code,
            meaning: b.meaning,
            label: b.label,
        })
        .collect()
}
