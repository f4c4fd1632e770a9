//! What a key or a paste does to a form.
//!
//! Choosing is not submitting (issue 15 §3): Enter in a list chooses and moves on, Enter in
//! a text field moves on, and only Enter on the last field (or in a one-field dialog) or
//! Ctrl-S from anywhere submits. A PIN never shows: digits typed into a list that is not
//! searched by digits go, masked, to the form's PIN.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{Form, FormEvent, Input, Spot};
use crate::domain::text::sanitize;

impl Form {
    pub fn handle_key(&mut self, key: KeyEvent) -> FormEvent {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Esc => return FormEvent::Cancel,
            KeyCode::Char('s') if ctrl => return self.submit_if_checked(),
            KeyCode::Char('d') if ctrl => {
                self.clear_to_initial();
                return FormEvent::None;
            }
            KeyCode::Enter => return self.enter(),
            _ => {}
        }
        self.revision += 1;
        match key.code {
            KeyCode::Tab => self.leave_field(1),
            KeyCode::BackTab => self.leave_field(-1),
            KeyCode::Char(c) if is_digit(c) && !ctrl && self.pin_for_digits().is_some() => {
                if let Some(pin) = self.pin_for_digits() {
                    self.focus = pin;
                    if let Some(Input::Text(area)) = self.fields.get_mut(pin).map(|f| &mut f.input)
                    {
                        area.input(key);
                    }
                }
            }
            _ => self.key_in_field(key, ctrl),
        }
        FormEvent::None
    }

    /// A click where the last frame drew a field (the cursor goes there) or an option (it is
    /// chosen, as an arrow key would choose it).
    pub fn click(&mut self, column: u16, row: u16) {
        let spot = self
            .spots
            .borrow()
            .iter()
            .find(|(rect, _)| rect.contains(ratatui::layout::Position::new(column, row)))
            .map(|(_, spot)| *spot);
        let (field, option) = match spot {
            Some(Spot::Field(i)) => (i, None),
            Some(Spot::Option(i, j)) => (i, Some(j)),
            None => return,
        };
        self.revision += 1;
        if field != self.focus {
            let by = field as isize - self.focus as isize;
            self.leave_field(by);
        }
        if let (Some(j), Some(Input::Choice(picker))) =
            (option, self.fields.get_mut(field).map(|f| &mut f.input))
        {
            picker.selected = Some(j);
        }
    }

    /// A key for the field under the cursor.
    fn key_in_field(&mut self, key: KeyEvent, ctrl: bool) {
        let Some(field) = self.fields.get_mut(self.focus) else {
            return;
        };
        let proposal = &mut field.proposal;
        match &mut field.input {
            Input::Text(area) => match key.code {
                KeyCode::Down => self.leave_field(1),
                KeyCode::Up => self.leave_field(-1),
                // Control characters typed directly never enter a field.
                KeyCode::Char(c) if c.is_control() => {}
                KeyCode::Char(_) if ctrl => {}
                _ => {
                    // The console's proposal is typed over, or kept to edit.
                    if std::mem::take(proposal) && matches!(key.code, KeyCode::Char(_)) {
                        area.select_all();
                        area.cut();
                    }
                    area.input(key);
                }
            },
            Input::Choice(picker) => match key.code {
                KeyCode::Down => picker.down(),
                KeyCode::Up => picker.up(),
                KeyCode::Backspace => {
                    let mut filter = std::mem::take(&mut picker.filter);
                    filter.pop();
                    picker.set_filter(filter);
                }
                KeyCode::Char(c) if !c.is_control() && !ctrl => {
                    let filter = format!("{}{c}", picker.filter);
                    picker.set_filter(filter);
                }
                _ => {}
            },
        }
    }

    /// Enter: in a list with nothing under the cursor it puts the cursor on the first line
    /// and stays, so the clerk sees what a second Enter takes; otherwise it takes what is
    /// under the cursor and moves on, and on the last field (or the only one) it submits.
    fn enter(&mut self) -> FormEvent {
        if let Some(field) = self.fields.get_mut(self.focus)
            && let Input::Choice(picker) = &mut field.input
        {
            if picker.chosen().is_none() && !picker.visible().is_empty() {
                self.revision += 1;
                picker.down();
                return FormEvent::None;
            }
            if field.enter_submits && picker.chosen().is_some() {
                return FormEvent::Submit;
            }
        }
        if self.focus + 1 >= self.fields.len() {
            return self.submit_if_checked();
        }
        self.revision += 1;
        self.leave_field(1);
        FormEvent::None
    }

    /// Submits unless the field the cursor is on fails its own check.
    fn submit_if_checked(&mut self) -> FormEvent {
        if self.check_focused() {
            FormEvent::Submit
        } else {
            FormEvent::None
        }
    }

    /// Runs the check of the field under the cursor; false, with the message shown, if it
    /// fails.
    fn check_focused(&mut self) -> bool {
        let Some(field) = self.fields.get(self.focus) else {
            return true;
        };
        let (Some(check), Input::Text(area)) = (field.check, &field.input) else {
            return true;
        };
        let text = sanitize(&area.lines().join(" "));
        if text.trim().is_empty() {
            return true;
        }
        match check(&text) {
            Some(said) => {
                self.error = Some(said);
                false
            }
            None => true,
        }
    }

    /// Leaves the field under the cursor for the one `by` places on, checking it first: a
    /// wrong phone is said as the clerk leaves it, and the cursor moves on all the same so
    /// the walk is not blocked; the message stays until the field is put right.
    fn leave_field(&mut self, by: isize) {
        if self.check_focused() {
            self.error = None;
        }
        let n = self.fields.len() as isize;
        if n > 0 {
            self.focus = ((self.focus as isize + by).rem_euclid(n)) as usize;
        }
    }

    /// Ctrl-D: back to what the form was opened with (a restored draft cleared). PINs too.
    fn clear_to_initial(&mut self) {
        self.revision += 1;
        for field in &mut self.fields {
            match &mut field.input {
                Input::Text(area) => {
                    area.select_all();
                    area.cut();
                    area.insert_str(&field.initial);
                }
                Input::Choice(picker) => picker.reset(),
            }
        }
        self.note = None;
        self.error = None;
    }

    /// Pasted text, cleaned of control characters and escape sequences, goes into the
    /// focused field.
    pub fn paste(&mut self, text: &str) {
        self.revision += 1;
        let clean = sanitize(text);
        if let Some(pin) = self.pin_for_digits()
            && clean.chars().all(is_digit)
        {
            self.focus = pin;
        }
        match self.fields.get_mut(self.focus).map(|f| &mut f.input) {
            Some(Input::Text(area)) => {
                area.insert_str(&clean);
            }
            Some(Input::Choice(picker)) => {
                let filter = format!("{}{clean}", picker.filter);
                picker.set_filter(filter);
            }
            None => {}
        }
    }

    /// Where digits typed now belong when they cannot be meant for the field under the
    /// cursor: a list that is not searched by digits (people, rules, outcomes) in a form
    /// that asks for a PIN sends them to that PIN — the one after the list, else the first
    /// — masked. They must never show, readable, in the list's filter or in a refusal.
    fn pin_for_digits(&self) -> Option<usize> {
        let Some(Input::Choice(picker)) = self.fields.get(self.focus).map(|f| &f.input) else {
            return None;
        };
        if picker.takes_digits() {
            return None;
        }
        let pins = || {
            self.fields
                .iter()
                .enumerate()
                .filter(|(_, f)| f.input.is_pin())
                .map(|(i, _)| i)
        };
        pins().find(|&i| i > self.focus).or_else(|| pins().next())
    }
}

/// An ASCII or full-width digit, as a Chinese input method types them.
fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}
