//! A form's list: its options, the filter typed into it and the option the clerk is on.
//!
//! Nothing is chosen until the clerk chooses: an untouched list is empty, so Tab past it
//! never takes its first entry for a choice (issue 15 §3). Typing a filter or an arrow key
//! puts the cursor on an option; that is a choice.

use crate::domain::register::initials::initials;

/// One option of a picker: what it shows, and where its value is in the list's handle.
pub(super) struct Choice {
    pub label: String,
    /// More text the filter finds it by (the other language, pinyin initials); not shown.
    pub also: String,
    pub index: usize,
}

impl Choice {
    pub fn new(index: usize, label: String, also: &str) -> Choice {
        let found_by = found_by(&label, also);
        Choice {
            label,
            also: found_by,
            index,
        }
    }

    /// An option a search picker's query found: the pane already matched it, and a search
    /// list is never filtered here, so no pinyin is worked out for it on every key.
    pub fn found(index: usize, label: String) -> Choice {
        Choice {
            label,
            also: String::new(),
            index,
        }
    }

    fn matches(&self, needle: &str) -> bool {
        finds(&self.label, &self.also, needle)
    }
}

/// What the filter finds an option by besides its label: the caller's words (the other
/// language) and the pinyin initials of the label (`cjl` for 陈经理), lower case.
pub fn found_by(label: &str, also: &str) -> String {
    let mut text = also.to_lowercase();
    for run in initials(label) {
        text.push(' ');
        text.push_str(&run);
    }
    text
}

/// Whether `needle` (lower case) is in `label` or in what else it is found by
/// ([`found_by`]): the one matching rule of pickers and list filters.
pub fn finds(label: &str, found_by: &str, needle: &str) -> bool {
    label.to_lowercase().contains(needle) || found_by.contains(needle)
}

pub(super) struct Picker {
    pub options: Vec<Choice>,
    /// The option under the cursor, among those the filter shows; `None` until chosen.
    pub selected: Option<usize>,
    /// The option the form was opened on (the operator as approving supervisor), if any:
    /// what Ctrl-D goes back to.
    pub opened_on: Option<usize>,
    pub filter: String,
    /// A search picker: what is typed is a query the watching pane answers by replacing
    /// the options, so the options are not filtered here.
    pub remote: bool,
}

impl Picker {
    /// The options the picker lists: those the filter finds, or, for a search picker, all
    /// of them (the watching pane already chose them by the query).
    pub fn visible(&self) -> Vec<&Choice> {
        let needle = self.filter.to_lowercase();
        self.options
            .iter()
            .filter(|o| self.remote || needle.is_empty() || o.matches(&needle))
            .collect()
    }

    pub fn chosen(&self) -> Option<&Choice> {
        self.visible().get(self.selected?).copied()
    }

    /// Whether digits typed here are a query: only a search picker's (a room, a badge). In a
    /// form that asks for a PIN, digits typed into any other list go to the PIN: a list of
    /// people, rules or today's exits is chosen with arrows, initials or names, and a PIN
    /// typed before Tab must never show in its filter.
    pub fn takes_digits(&self) -> bool {
        self.remote
    }

    pub fn down(&mut self) {
        let count = self.visible().len();
        self.selected = match self.selected {
            _ if count == 0 => None,
            None => Some(0),
            Some(i) => Some((i + 1).min(count - 1)),
        };
    }

    pub fn up(&mut self) {
        let count = self.visible().len();
        self.selected = match self.selected {
            _ if count == 0 => None,
            None => Some(0),
            Some(i) => Some(i.saturating_sub(1)),
        };
    }

    /// A new filter puts the cursor on the first option it finds, if any. A filter emptied
    /// (Backspace over the last character) is no choice either: the list goes back to how
    /// the form opened it.
    pub fn set_filter(&mut self, filter: String) {
        if filter.is_empty() {
            return self.reset();
        }
        self.filter = filter;
        self.selected = (!self.visible().is_empty()).then_some(0);
    }

    /// Back to how the form was opened: no filter, and the cursor on the option the form
    /// was opened on, or on none. Never on the first option for want of another: that
    /// would be a choice the clerk did not make.
    pub fn reset(&mut self) {
        self.filter.clear();
        self.selected = self.opened_on;
    }

    /// The options above and below the rows shown from `first`, for the "more" marks.
    pub fn hidden(&self, first: usize, rows: usize) -> (usize, usize) {
        let count = self.visible().len();
        (first, count.saturating_sub(first + rows))
    }

    /// The first row shown when `rows` fit: the cursor stays in sight.
    pub fn first_shown(&self, rows: usize) -> usize {
        self.selected
            .unwrap_or(0)
            .saturating_sub(rows.saturating_sub(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn picker(labels: &[&str]) -> Picker {
        Picker {
            options: labels
                .iter()
                .enumerate()
                .map(|(i, l)| Choice::new(i, (*l).to_owned(), ""))
                .collect(),
            selected: None,
            opened_on: None,
            filter: String::new(),
            remote: false,
        }
    }

    #[test]
    fn an_untouched_list_has_nothing_chosen() {
        let mut p = picker(&["王芳", "李娜"]);
        assert!(p.chosen().is_none());
        p.down();
        assert_eq!(p.chosen().map(|c| c.label.as_str()), Some("王芳"));
    }

    #[test]
    fn reset_goes_back_to_what_the_list_was_opened_on_not_to_its_first_option() {
        let mut p = picker(&["王芳", "李娜"]);
        p.set_filter("李".into());
        p.reset();
        assert!(p.chosen().is_none(), "opened on nothing, back to nothing");
        p.opened_on = Some(1);
        p.set_filter("王".into());
        p.reset();
        assert_eq!(p.chosen().map(|c| c.label.as_str()), Some("李娜"));
    }

    #[test]
    fn a_name_is_found_by_its_pinyin_initials() {
        let mut p = picker(&["王芳  (clerk)", "陈经理  (supervisor)"]);
        p.set_filter("cjl".into());
        assert_eq!(
            p.chosen().map(|c| c.label.as_str()),
            Some("陈经理  (supervisor)")
        );
        p.set_filter("zz".into());
        assert!(p.chosen().is_none());
    }

    #[test]
    fn the_more_marks_count_what_is_not_shown() {
        let mut p = picker(&["a", "b", "c", "d", "e", "f", "g", "h"]);
        for _ in 0..8 {
            p.down();
        }
        let first = p.first_shown(6);
        assert_eq!(first, 2);
        assert_eq!(p.hidden(first, 6), (2, 0));
        assert_eq!(p.hidden(0, 6), (0, 2));
    }
}
