//! A modal form: text, PIN and choice fields, an error line, and what to do on submit.
//!
//! The dialog only collects input; the App validates it on submit and, on failure, puts the
//! message back here with the focus on the field at fault. Nothing typed is ever cleared by
//! a failed submit.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};
use ratatui_textarea::TextArea;
use unicode_width::UnicodeWidthStr;

use super::theme::Theme;
use crate::domain::rotation::{Seq, StaffId};
use crate::domain::text::{ascii_digits, fit, sanitize};
use crate::i18n::{Lang, T, fill};

/// What a submitted dialog is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    SetUp,
    SignIn,
    AddStaff,
    ToggleActive {
        staff: StaffId,
    },
    CheckIn,
    Designated,
    Returning,
    Public,
    /// Several are receiving and none is selected: whose reception to end or reject.
    PickReception {
        step: ReceptionStep,
    },
    End {
        reception: Seq,
    },
    AssignWork {
        salesperson: StaffId,
    },
    Skip {
        salesperson: StaffId,
    },
    Reorder {
        salesperson: StaffId,
    },
    Reject {
        reception: Seq,
    },
    Violation {
        salesperson: StaffId,
    },
}

/// What happens to a reception once it is picked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReceptionStep {
    End,
    Reject,
}

/// Names the fields, so the App reads values by meaning, not by position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKey {
    Office,
    Name,
    Role,
    Pin,
    PinAgain,
    Staff,
    Outcome,
    Position,
    Reason,
    Note,
    Fine,
    Receivers,
    Supervisor,
    SupervisorPin,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub id: i64,
    pub label: String,
}

enum Input {
    Text(Box<TextArea<'static>>),
    Choice {
        options: Vec<Choice>,
        selected: usize,
        filter: String,
    },
}

struct Field {
    key: FieldKey,
    label: T,
    input: Input,
}

pub struct Dialog {
    pub purpose: Purpose,
    title: String,
    hint: Option<String>,
    fields: Vec<Field>,
    focus: usize,
    error: Option<String>,
    /// Setup and sign-in cannot be dismissed: Esc there quits the console.
    pub dismissable: bool,
}

/// What a key did to the dialog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DialogEvent {
    None,
    Submit,
    Cancel,
}

fn text_area(masked: bool) -> TextArea<'static> {
    let mut area = TextArea::default();
    area.set_cursor_line_style(ratatui::style::Style::default());
    area.set_style(Theme::input());
    if masked {
        area.set_mask_char('•');
    }
    area
}

impl Dialog {
    pub fn new(purpose: Purpose, title: String) -> Dialog {
        Dialog {
            purpose,
            title,
            hint: None,
            fields: Vec::new(),
            focus: 0,
            error: None,
            dismissable: true,
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn permanent(mut self) -> Self {
        self.dismissable = false;
        self
    }

    pub fn text(self, key: FieldKey, label: T) -> Self {
        self.push(key, label, Input::Text(Box::new(text_area(false))))
    }

    pub fn text_with(self, key: FieldKey, label: T, initial: &str) -> Self {
        let mut area = text_area(false);
        area.insert_str(initial);
        self.push(key, label, Input::Text(Box::new(area)))
    }

    pub fn pin(self, key: FieldKey, label: T) -> Self {
        self.push(key, label, Input::Text(Box::new(text_area(true))))
    }

    pub fn choice(
        self,
        key: FieldKey,
        label: T,
        options: Vec<Choice>,
        selected_id: Option<i64>,
    ) -> Self {
        let selected = selected_id
            .and_then(|id| options.iter().position(|o| o.id == id))
            .unwrap_or(0);
        self.push(
            key,
            label,
            Input::Choice {
                options,
                selected,
                filter: String::new(),
            },
        )
    }

    /// Starts the cursor on `key` instead of the first field.
    pub fn focus(mut self, key: FieldKey) -> Self {
        if let Some(i) = self.fields.iter().position(|f| f.key == key) {
            self.focus = i;
        }
        self
    }

    pub fn has_fields(&self) -> bool {
        !self.fields.is_empty()
    }

    fn push(mut self, key: FieldKey, label: T, input: Input) -> Self {
        self.fields.push(Field { key, label, input });
        self
    }

    /// The cleaned text of a field ("" if absent).
    pub fn value(&self, key: FieldKey) -> String {
        match self.field(key).map(|f| &f.input) {
            Some(Input::Text(area)) => sanitize(&area.lines().join(" ")),
            _ => String::new(),
        }
    }

    /// A PIN as typed: never cleaned of anything, only full-width digits read as ASCII.
    pub fn raw(&self, key: FieldKey) -> String {
        match self.field(key).map(|f| &f.input) {
            Some(Input::Text(area)) => ascii_digits(&area.lines().join("")),
            _ => String::new(),
        }
    }

    /// A number field's text, full-width digits read as ASCII.
    pub fn number(&self, key: FieldKey) -> String {
        ascii_digits(&self.value(key))
    }

    /// The id of the chosen option, among those the filter shows.
    pub fn chosen(&self, key: FieldKey) -> Option<i64> {
        match self.field(key).map(|f| &f.input) {
            Some(Input::Choice {
                options,
                selected,
                filter,
            }) => visible(options, filter).get(*selected).map(|c| c.id),
            _ => None,
        }
    }

    /// The chosen option's id, or a message that says why there is none: the filter
    /// hides every option, or the list is empty.
    pub fn require_choice(
        &self,
        key: FieldKey,
        lang: Lang,
    ) -> Result<i64, (Option<FieldKey>, String)> {
        if let Some(id) = self.chosen(key) {
            return Ok(id);
        }
        let (label, filter) = match self.field(key) {
            Some(Field {
                label,
                input: Input::Choice { filter, .. },
                ..
            }) => (label.text(lang), filter.as_str()),
            _ => ("", ""),
        };
        let message = if filter.is_empty() {
            fill(T::ErrChoose.text(lang), &[("field", &label)])
        } else {
            fill(T::ErrNoMatch.text(lang), &[("filter", &filter)])
        };
        Err((Some(key), message))
    }

    fn field(&self, key: FieldKey) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// Shows `message` and moves the focus to the field at fault, if named.
    pub fn fail(&mut self, field: Option<FieldKey>, message: String) {
        if let Some(i) = field.and_then(|k| self.fields.iter().position(|f| f.key == k)) {
            self.focus = i;
        }
        self.error = Some(message);
    }

    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> DialogEvent {
        match key.code {
            KeyCode::Esc => return DialogEvent::Cancel,
            KeyCode::Enter => return DialogEvent::Submit,
            KeyCode::Tab => self.move_focus(1),
            KeyCode::BackTab => self.move_focus(-1),
            _ => {
                let Some(field) = self.fields.get_mut(self.focus) else {
                    return DialogEvent::None;
                };
                match &mut field.input {
                    Input::Text(area) => match key.code {
                        KeyCode::Down => self.move_focus(1),
                        KeyCode::Up => self.move_focus(-1),
                        // Control characters typed directly never enter a field.
                        KeyCode::Char(c) if c.is_control() => {}
                        _ if key.modifiers.contains(KeyModifiers::CONTROL)
                            && matches!(key.code, KeyCode::Char('m' | 'j')) => {}
                        _ => {
                            area.input(key);
                        }
                    },
                    Input::Choice {
                        options,
                        selected,
                        filter,
                    } => {
                        let count = visible(options, filter).len();
                        match key.code {
                            KeyCode::Down => {
                                *selected = (*selected + 1).min(count.saturating_sub(1))
                            }
                            KeyCode::Up => *selected = selected.saturating_sub(1),
                            KeyCode::Backspace => {
                                filter.pop();
                                *selected = 0;
                            }
                            KeyCode::Char(c)
                                if !c.is_control()
                                    && !key.modifiers.contains(KeyModifiers::CONTROL) =>
                            {
                                filter.push(c);
                                *selected = 0;
                            }
                            _ => {}
                        }
                    }
                }
            }
        }
        DialogEvent::None
    }

    /// Pasted text, cleaned of control characters and escape sequences, goes into the
    /// focused field.
    pub fn paste(&mut self, text: &str) {
        let clean = sanitize(text);
        match self.fields.get_mut(self.focus).map(|f| &mut f.input) {
            Some(Input::Text(area)) => {
                area.insert_str(&clean);
            }
            Some(Input::Choice {
                filter, selected, ..
            }) => {
                filter.push_str(&clean);
                *selected = 0;
            }
            None => {}
        }
    }

    fn move_focus(&mut self, by: isize) {
        let n = self.fields.len() as isize;
        if n > 0 {
            self.focus = ((self.focus as isize + by).rem_euclid(n)) as usize;
        }
    }

    /// Rows for the error or key line: a long refusal gets a second row, not an ellipsis.
    fn footer_rows(&self, inner_width: u16) -> u16 {
        match &self.error {
            Some(e) if e.width() > inner_width as usize => 2,
            _ => 1,
        }
    }

    fn height(&self, inner_width: u16) -> u16 {
        let fields: u16 = self
            .fields
            .iter()
            .map(|f| match &f.input {
                Input::Text(_) => 1,
                Input::Choice { options, .. } => 1 + options.len().clamp(1, 6) as u16,
            })
            .sum();
        // Borders, a blank row, the footer, and the hint if any.
        fields
            + self.fields.len().saturating_sub(1) as u16
            + 2
            + 1
            + self.footer_rows(inner_width)
            + self.hint_rows(inner_width)
    }

    /// Rows for the hint as wrapped, and one blank row under it.
    fn hint_rows(&self, inner_width: u16) -> u16 {
        self.hint.as_ref().map_or(0, |hint| {
            let rows = textwrap::wrap(hint, inner_width.max(1) as usize).len();
            rows.clamp(1, 4) as u16 + 1
        })
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, lang: Lang) {
        let width = area.width.min(70);
        let height = self.height(width.saturating_sub(2)).min(area.height);
        let rect = centered(area, width, height);
        clear_under(frame, rect);
        let block = Block::bordered()
            .border_type(BorderType::Rounded)
            .border_style(Theme::dialog_border())
            .title(Span::styled(format!(" {} ", self.title), Theme::title()));
        let inner = block.inner(rect);
        frame.render_widget(block, rect);

        let mut rows: Vec<Constraint> = Vec::new();
        if self.hint.is_some() {
            rows.push(Constraint::Length(self.hint_rows(inner.width)));
        }
        for (i, f) in self.fields.iter().enumerate() {
            if i > 0 {
                rows.push(Constraint::Length(1));
            }
            rows.push(Constraint::Length(match &f.input {
                Input::Text(_) => 1,
                Input::Choice { options, .. } => 1 + options.len().clamp(1, 6) as u16,
            }));
        }
        rows.push(Constraint::Min(0));
        rows.push(Constraint::Length(self.footer_rows(inner.width)));
        let areas = Layout::vertical(rows).split(inner);
        let mut next = 0;
        if let Some(hint) = &self.hint {
            let lines: Vec<Line> = textwrap::wrap(hint, inner.width.max(1) as usize)
                .into_iter()
                .map(|row| Line::raw(row.into_owned()))
                .collect();
            frame.render_widget(Paragraph::new(lines).style(Theme::dim()), areas[0]);
            next = 1;
        }
        // Text fields line up after the widest label, which keeps at most half the row.
        let label_width = self
            .fields
            .iter()
            .map(|f| f.label.text(lang).width() as u16 + 2)
            .max()
            .unwrap_or(0)
            .min(inner.width / 2);
        for (i, field) in self.fields.iter().enumerate() {
            if i > 0 {
                next += 1;
            }
            let slot = areas[next];
            next += 1;
            let focused = i == self.focus;
            let label_style = if focused {
                Theme::field_focused()
            } else {
                Theme::title()
            };
            let label = fit(field.label.text(lang), label_width as usize);
            match &field.input {
                Input::Text(text) => {
                    let [l, r] =
                        Layout::horizontal([Constraint::Length(label_width), Constraint::Min(1)])
                            .areas(slot);
                    frame.render_widget(Span::styled(label, label_style), l);
                    frame.render_widget(&**text, r);
                    if focused {
                        let cursor = text.screen_cursor();
                        let x = r.x + (cursor.col as u16).min(r.width.saturating_sub(1));
                        frame.set_cursor_position((x, r.y));
                    }
                }
                Input::Choice {
                    options,
                    selected,
                    filter,
                } => {
                    let shown = visible(options, filter);
                    let filter_text = if filter.is_empty() {
                        Span::styled(T::ChoiceFilterHint.text(lang), Theme::dim())
                    } else {
                        Span::styled(filter.clone(), Theme::input())
                    };
                    let mut lines = vec![Line::from(vec![
                        Span::styled(label, label_style),
                        Span::raw("  "),
                        filter_text,
                    ])];
                    let visible_rows = options.len().clamp(1, 6);
                    let first = selected.saturating_sub(visible_rows - 1);
                    if shown.is_empty() {
                        lines.push(Line::styled(T::NoChoices.text(lang), Theme::dim()));
                    }
                    for (j, option) in shown.iter().enumerate().skip(first).take(visible_rows) {
                        let marker = if j == *selected { "▶ " } else { "  " };
                        let style = if j == *selected && focused {
                            Theme::selected()
                        } else {
                            ratatui::style::Style::default()
                        };
                        lines.push(Line::styled(format!("{marker}{}", option.label), style));
                    }
                    frame.render_widget(Paragraph::new(lines), slot);
                }
            }
        }
        let footer = match &self.error {
            Some(error) => Line::styled(error.clone(), Theme::error()),
            None => Line::styled(
                format!(
                    "Enter {}  Tab {}  Esc {}",
                    T::KeySubmit.text(lang),
                    T::KeyNextField.text(lang),
                    if self.dismissable {
                        T::KeyCancel.text(lang)
                    } else {
                        T::KeyQuit.text(lang)
                    }
                ),
                Theme::dim(),
            ),
        };
        frame.render_widget(
            Paragraph::new(footer).wrap(Wrap { trim: true }),
            areas[areas.len() - 1],
        );
    }
}

fn visible<'a>(options: &'a [Choice], filter: &str) -> Vec<&'a Choice> {
    let needle = filter.to_lowercase();
    options
        .iter()
        .filter(|o| needle.is_empty() || o.label.to_lowercase().contains(&needle))
        .collect()
}

/// Blanks the cells under a modal and one column either side: a double-width character
/// cut in half by the modal's edge would otherwise hide the border on a real terminal.
pub fn clear_under(frame: &mut Frame, rect: Rect) {
    let screen = frame.area();
    let x = rect.x.saturating_sub(1).max(screen.x);
    let right = (rect.right() + 1).min(screen.right());
    let widened = Rect {
        x,
        width: right.saturating_sub(x),
        ..rect
    };
    frame.render_widget(Clear, widened);
}

/// A `width`×`height` rectangle in the middle of `area`, never larger than it.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyEvent;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn typed(d: &mut Dialog, s: &str) {
        for c in s.chars() {
            d.handle_key(key(KeyCode::Char(c)));
        }
    }

    #[test]
    fn typing_fills_the_focused_field_and_tab_moves_on() {
        let mut d = Dialog::new(Purpose::AddStaff, "t".into())
            .text(FieldKey::Name, T::FieldName)
            .pin(FieldKey::Pin, T::FieldPin);
        typed(&mut d, "王芳");
        d.handle_key(key(KeyCode::Tab));
        typed(&mut d, "1234");
        assert_eq!(d.value(FieldKey::Name), "王芳");
        assert_eq!(d.raw(FieldKey::Pin), "1234");
        assert_eq!(d.handle_key(key(KeyCode::Enter)), DialogEvent::Submit);
        assert_eq!(d.handle_key(key(KeyCode::Esc)), DialogEvent::Cancel);
    }

    #[test]
    fn a_pasted_escape_sequence_is_stripped() {
        let mut d = Dialog::new(Purpose::AddStaff, "t".into()).text(FieldKey::Name, T::FieldName);
        d.paste("李\u{1b}[2J娜\r\n");
        assert_eq!(d.value(FieldKey::Name), "李娜");
    }

    #[test]
    fn choices_filter_by_typing_and_move_with_arrows() {
        let options = ["王芳", "李娜", "李强"]
            .iter()
            .enumerate()
            .map(|(i, n)| Choice {
                id: i as i64 + 10,
                label: n.to_string(),
            })
            .collect();
        let mut d = Dialog::new(Purpose::CheckIn, "t".into()).choice(
            FieldKey::Staff,
            T::FieldSalesperson,
            options,
            None,
        );
        assert_eq!(d.chosen(FieldKey::Staff), Some(10));
        typed(&mut d, "李");
        assert_eq!(d.chosen(FieldKey::Staff), Some(11));
        d.handle_key(key(KeyCode::Down));
        assert_eq!(d.chosen(FieldKey::Staff), Some(12));
        typed(&mut d, "x");
        assert_eq!(d.chosen(FieldKey::Staff), None);
    }

    #[test]
    fn a_failed_submit_keeps_the_input_and_focuses_the_field() {
        let mut d = Dialog::new(Purpose::AddStaff, "t".into())
            .text(FieldKey::Name, T::FieldName)
            .text(FieldKey::Reason, T::FieldReason);
        typed(&mut d, "张伟");
        d.handle_key(key(KeyCode::Tab));
        d.fail(Some(FieldKey::Name), "dup".into());
        assert_eq!(d.error(), Some("dup"));
        typed(&mut d, "2");
        assert_eq!(d.value(FieldKey::Name), "张伟2");
    }
}
