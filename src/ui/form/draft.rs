//! What a form held when the clerk closed it with Esc, kept in memory for as long as the
//! console runs and offered again when the same form is opened (issue 15 §4). Never a PIN,
//! never written to the database.
//!
//! A draft is the clerk's words, not the form's purpose: it is put back into a form freshly
//! opened for whatever the pane now asks (the reception linked today, not the one of an
//! hour ago), and only into a form of the same title and fields.

use super::{Form, Input, Said};
use crate::ui::text::Ui;

pub struct Draft {
    /// The form's title and its fields' labels: which form this was typed into.
    shape: String,
    /// Each field's text or filter; `None` for a PIN.
    values: Vec<Option<String>>,
    /// When it was kept, as the clerk's clock shows it.
    at: String,
}

impl Draft {
    /// Whether `other` was typed into the same form: the newer one replaces it.
    pub fn same_form(&self, other: &Draft) -> bool {
        self.shape == other.shape
    }
}

impl Form {
    /// Which form this is, for matching a draft: the title and the fields.
    fn shape(&self) -> String {
        let mut shape = self.title.clone();
        for field in &self.fields {
            shape.push('\u{1f}');
            shape.push_str(field.name.0);
        }
        shape
    }

    /// What the clerk typed, if anything, to keep when the form is closed unsent.
    pub fn draft(&self, at: String) -> Option<Draft> {
        if !self.holds_input() {
            return None;
        }
        let values = self
            .fields
            .iter()
            .map(|f| match &f.input {
                Input::Text(_) if f.input.is_pin() => None,
                Input::Text(area) => Some(area.lines().join("")),
                Input::Choice(picker) => Some(picker.filter.clone()),
            })
            .collect();
        Some(Draft {
            shape: self.shape(),
            values,
            at,
        })
    }

    /// Puts a draft of this same form back, saying so; false if it is another form's.
    pub fn restore(&mut self, draft: &Draft) -> bool {
        if draft.shape != self.shape() {
            return false;
        }
        for (field, value) in self.fields.iter_mut().zip(&draft.values) {
            let Some(value) = value else { continue };
            match &mut field.input {
                Input::Text(area) => {
                    area.select_all();
                    area.cut();
                    area.insert_str(value);
                }
                // A list the clerk typed nothing into stays as the form opened it: an
                // empty filter must not put the cursor on the first option, a choice the
                // clerk never made.
                Input::Choice(_) if value.is_empty() => {}
                Input::Choice(picker) => picker.set_filter(value.clone()),
            }
        }
        self.revision += 1;
        self.note = Some(Said::fill(Ui::DraftRestored, [("time", draft.at.clone())]));
        true
    }

    /// Whether this form's drafts are kept: one the pane does not keep itself.
    pub fn keeps_drafts(&self) -> bool {
        self.dismissable && !self.title.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::form::{NAME, PIN};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn form() -> Form {
        Form::new((), "Visit".into())
            .text(NAME, Ui::FieldName)
            .pin(PIN, Ui::FieldPin)
    }

    fn typed(form: &mut Form, text: &str) {
        for c in text.chars() {
            form.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
    }

    #[test]
    fn a_draft_comes_back_in_the_same_form_without_its_pin() {
        let mut typed_in = form();
        typed(&mut typed_in, "王芳");
        typed_in.handle_key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE));
        typed(&mut typed_in, "2468");
        let draft = typed_in.draft("10:42".into()).expect("something was typed");
        let mut again = form();
        assert!(again.restore(&draft));
        assert_eq!(again.value(NAME), "王芳");
        assert_eq!(again.raw(PIN), "", "a PIN is never kept");
        let mut other = Form::new((), "Call".into()).text(NAME, Ui::FieldName);
        assert!(!other.restore(&draft), "another form's draft is not put in");
    }

    #[test]
    fn a_draft_leaves_a_list_nothing_was_typed_into_as_the_form_opened_it() {
        use crate::ui::form::Pick;
        let with_lists = || {
            let (boss, other) = (Pick::new("supervisor"), Pick::new("other"));
            let form = form()
                .choice(
                    &boss,
                    Ui::FieldSupervisor,
                    [(1, "陈经理".into()), (2, "王经理".into())],
                    Some(2),
                )
                .choice(&other, Ui::FieldPin, [(1, "a".into())], None);
            (form, boss, other)
        };
        let (mut typed_in, _, _) = with_lists();
        typed(&mut typed_in, "王芳");
        let draft = typed_in.draft("10:42".into()).expect("something was typed");
        let (mut again, boss, other) = with_lists();
        assert!(again.restore(&draft));
        assert_eq!(again.chosen(&boss), Some(2), "the preselection stays");
        assert_eq!(again.chosen(&other), None, "nothing chosen");
        again.handle_key(KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL));
        assert_eq!(again.chosen(&boss), Some(2), "Ctrl-D: as opened");
        assert_eq!(again.chosen(&other), None);
    }

    #[test]
    fn an_untouched_form_leaves_no_draft() {
        assert!(form().draft("10:42".into()).is_none());
    }
}
