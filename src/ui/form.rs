//! A modal form: text, PIN and choice fields, an error line, and what to do on submit.
//!
//! The form only collects input; the pane that opened it validates it on submit and, on
//! failure, the shell puts the message back here with the focus on the field at fault. Nothing typed is ever cleared by
//! a failed submit.

use std::any::Any;
use std::rc::Rc;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};
use ratatui_textarea::TextArea;
use unicode_width::UnicodeWidthStr;

use super::text::Ui;
use super::theme::Theme;
use crate::domain::text::{ascii_digits, fit, sanitize};
use crate::i18n::{Lang, Msg, fill};

/// Names a field, so submit code reads values by meaning, not by position. Each pane
/// declares its own; the ones every pane shares are here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldKey(pub &'static str);

pub const NAME: FieldKey = FieldKey("name");
pub const PIN: FieldKey = FieldKey("pin");
pub const PIN_AGAIN: FieldKey = FieldKey("pin_again");
pub const SUPERVISOR: FieldKey = FieldKey("supervisor");
pub const SUPERVISOR_PIN: FieldKey = FieldKey("supervisor_pin");

/// Not a field: a refusal that names it means the store was busy with another desk's
/// write, and the shell tries the same submit again.
pub const WAIT: FieldKey = FieldKey("(another desk is writing)");

/// A failed submit: the message, and the field to put the cursor back on.
pub type Refusal = (Option<FieldKey>, String);

/// One option of a picker: what it shows and the value it stands for. Submit code gets the
/// value back (`choice_of`), never an index to map back.
struct Choice {
    label: String,
    /// More text the filter finds it by (the other language, pinyin initials); not shown.
    also: String,
    value: Rc<dyn Any>,
}

enum Input {
    Text(Box<TextArea<'static>>),
    Choice {
        options: Vec<Choice>,
        selected: usize,
        filter: String,
        /// A search picker: what is typed is a query the watching pane answers by replacing
        /// the options ([`Form::set_options`]), so the options are not filtered here.
        remote: bool,
    },
}

struct Field {
    key: FieldKey,
    label: Label,
    input: Input,
}

/// A field's label: from a catalog, said in the language of the moment, or the office's own
/// words (a checklist item), shown as they are.
enum Label {
    Said(Msg),
    Own(String),
}

impl Label {
    fn text(&self, lang: Lang) -> &str {
        match self {
            Label::Said(msg) => msg.text(lang),
            Label::Own(text) => text,
        }
    }
}

pub struct Form {
    /// What submitting it does; only the pane that opened it knows the type.
    purpose: Box<dyn Any>,
    title: String,
    hint: Option<String>,
    fields: Vec<Field>,
    focus: usize,
    error: Option<String>,
    /// Setup and sign-in cannot be dismissed: Esc there quits the console.
    pub dismissable: bool,
    /// Pickers take one row until focused: a long form fits at 80×24.
    compact: bool,
    /// Counts edits, so the pane that watches the form (the ownership check as you type)
    /// looks again only when something changed; `seen` is the count it last looked at.
    revision: u64,
    seen: Option<u64>,
    /// What the watching pane says beside the fields.
    side: Option<Vec<Line<'static>>>,
}

/// What a key did to the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormEvent {
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

impl Form {
    /// A form whose submit does `purpose`, a value of the opening pane's own purpose type.
    pub fn new(purpose: impl Any, title: String) -> Form {
        Form {
            purpose: Box::new(purpose),
            title,
            hint: None,
            fields: Vec::new(),
            focus: 0,
            error: None,
            dismissable: true,
            compact: false,
            revision: 0,
            seen: None,
            side: None,
        }
    }

    /// Pickers show only their choice until the cursor is on them.
    pub fn compact(mut self) -> Self {
        self.compact = true;
        self
    }

    /// Whether the form changed since this was last asked (true the first time): the
    /// watching pane runs its query at most once per change.
    pub fn take_change(&mut self) -> bool {
        let changed = self.seen != Some(self.revision);
        self.seen = Some(self.revision);
        changed
    }

    /// Lines shown beside the fields (below them on a narrow screen).
    pub fn set_side(&mut self, lines: Vec<Line<'static>>) {
        self.side = Some(lines);
    }

    /// What this form is for, if it is a `P`: each pane reads only its own purposes.
    pub fn purpose<P: Any + Clone>(&self) -> Option<P> {
        self.purpose.downcast_ref::<P>().cloned()
    }

    /// A form submitted without being shown gets a title when it has to wait on screen.
    pub fn untitled(&self) -> bool {
        self.title.is_empty()
    }

    pub fn titled(mut self, title: String) -> Self {
        self.title = title;
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn permanent(mut self) -> Self {
        self.dismissable = false;
        self
    }

    pub fn text(self, key: FieldKey, label: impl Into<Msg>) -> Self {
        self.push(key, label.into(), Input::Text(Box::new(text_area(false))))
    }

    pub fn text_with(self, key: FieldKey, label: impl Into<Msg>, initial: &str) -> Self {
        let mut area = text_area(false);
        area.insert_str(initial);
        self.push(key, label.into(), Input::Text(Box::new(area)))
    }

    pub fn pin(self, key: FieldKey, label: impl Into<Msg>) -> Self {
        self.push(key, label.into(), Input::Text(Box::new(text_area(true))))
    }

    /// A picker over `options` (value, label); `selected` starts the cursor on that value.
    pub fn choice<V: Any + PartialEq>(
        self,
        key: FieldKey,
        label: impl Into<Msg>,
        options: impl IntoIterator<Item = (V, String)>,
        selected: Option<V>,
    ) -> Self {
        let options = options
            .into_iter()
            .map(|(value, label)| (value, label, String::new()));
        self.choice_found_by(key, label, options, selected)
    }

    /// A picker whose options the filter also finds by hidden text (value, label, also):
    /// a phrase by its other language or its pinyin initials.
    pub fn choice_found_by<V: Any + PartialEq>(
        self,
        key: FieldKey,
        label: impl Into<Msg>,
        options: impl IntoIterator<Item = (V, String, String)>,
        selected: Option<V>,
    ) -> Self {
        let options: Vec<(V, String, String)> = options.into_iter().collect();
        let selected = selected
            .and_then(|s| options.iter().position(|(v, _, _)| *v == s))
            .unwrap_or(0);
        let options = options
            .into_iter()
            .map(|(value, label, also)| Choice {
                label,
                also: also.to_lowercase(),
                value: Rc::new(value),
            })
            .collect();
        self.push(
            key,
            label.into(),
            Input::Choice {
                options,
                selected,
                filter: String::new(),
                remote: false,
            },
        )
    }

    /// A search picker: typing into it is a query the watching pane answers on the tick
    /// (by name, initials, room…) with [`Form::set_options`]; it starts on `options`.
    pub fn search<V: Any + PartialEq>(
        self,
        key: FieldKey,
        label: impl Into<Msg>,
        options: impl IntoIterator<Item = (V, String)>,
    ) -> Self {
        let mut form = self.choice(key, label, options, None);
        if let Some(Field {
            input: Input::Choice { remote, .. },
            ..
        }) = form.fields.last_mut()
        {
            *remote = true;
        }
        form
    }

    /// What is typed into a picker, if `key` is one.
    pub fn query(&self, key: FieldKey) -> Option<&str> {
        match self.field(key).map(|f| &f.input) {
            Some(Input::Choice { filter, .. }) => Some(filter),
            _ => None,
        }
    }

    /// Replaces a search picker's options with what the query found; the cursor stays on the
    /// option it was on if that is still listed, else goes to the first.
    pub fn set_options<V: Any + PartialEq>(
        &mut self,
        key: FieldKey,
        found: impl IntoIterator<Item = (V, String)>,
    ) {
        let Some(Field {
            input: Input::Choice {
                options, selected, ..
            },
            ..
        }) = self.fields.iter_mut().find(|f| f.key == key)
        else {
            return;
        };
        let was: Option<Rc<dyn Any>> = options.get(*selected).map(|c| Rc::clone(&c.value));
        let found: Vec<(V, String)> = found.into_iter().collect();
        *selected = was
            .and_then(|was| {
                let was = was.downcast_ref::<V>()?;
                found.iter().position(|(v, _)| v == was)
            })
            .unwrap_or(0);
        *options = found
            .into_iter()
            .map(|(value, label)| Choice {
                label,
                also: String::new(),
                value: Rc::new(value),
            })
            .collect();
    }

    /// The field the cursor is on.
    pub fn focused(&self) -> Option<FieldKey> {
        self.fields.get(self.focus).map(|f| f.key)
    }

    /// Starts the cursor on `key` instead of the first field.
    pub fn focus(mut self, key: FieldKey) -> Self {
        if let Some(i) = self.fields.iter().position(|f| f.key == key) {
            self.focus = i;
        }
        self
    }

    pub fn has_field(&self, key: FieldKey) -> bool {
        self.field(key).is_some()
    }

    pub fn has_fields(&self) -> bool {
        !self.fields.is_empty()
    }

    fn push(mut self, key: FieldKey, label: Msg, input: Input) -> Self {
        let label = Label::Said(label);
        self.fields.push(Field { key, label, input });
        self
    }

    /// Gives the last field the office's own words for a label (a checklist item).
    pub fn labelled(mut self, text: String) -> Self {
        if let Some(field) = self.fields.last_mut() {
            field.label = Label::Own(text);
        }
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

    /// The value of the option under the picker's cursor, among those the filter shows.
    pub fn chosen<V: Any + Clone>(&self, key: FieldKey) -> Option<V> {
        match self.field(key).map(|f| &f.input) {
            Some(Input::Choice {
                options,
                selected,
                filter,
                remote,
            }) => visible(options, filter, *remote)
                .get(*selected)
                .and_then(|c| c.value.downcast_ref::<V>())
                .cloned(),
            _ => None,
        }
    }

    /// The label of the chosen option, as the picker shows it.
    pub fn chosen_label(&self, key: FieldKey) -> Option<String> {
        match self.field(key).map(|f| &f.input) {
            Some(Input::Choice {
                options,
                selected,
                filter,
                remote,
            }) => visible(options, filter, *remote)
                .get(*selected)
                .map(|c| c.label.clone()),
            _ => None,
        }
    }

    /// Puts `text` into a text field that still holds `was` (what the console put there
    /// before, or nothing): the details of someone picked from a directory replace an earlier
    /// pick's, never what the clerk typed.
    pub fn fill_over(&mut self, key: FieldKey, was: &str, text: &str) {
        if let Some(Field {
            input: Input::Text(area),
            ..
        }) = self.fields.iter_mut().find(|f| f.key == key)
            && area.lines().concat().trim() == was.trim()
        {
            area.select_all();
            area.cut();
            area.insert_str(text);
            self.revision += 1;
        }
    }

    /// The chosen value, or a refusal that says why there is none — the filter hides every
    /// option, or there is nothing to choose — with the cursor put back on the picker. Never
    /// a default: a choice nobody made must not be taken for one.
    pub fn choice_of<V: Any + Clone>(&self, key: FieldKey, lang: Lang) -> Result<V, Refusal> {
        if let Some(value) = self.chosen(key) {
            return Ok(value);
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
            fill(Ui::ErrChoose.text(lang), &[("field", &label)])
        } else {
            fill(Ui::ErrNoMatch.text(lang), &[("filter", &filter)])
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

    #[cfg(test)]
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> FormEvent {
        if !matches!(key.code, KeyCode::Esc | KeyCode::Enter) {
            self.revision += 1;
        }
        match key.code {
            KeyCode::Esc => return FormEvent::Cancel,
            KeyCode::Enter => return FormEvent::Submit,
            KeyCode::Tab => self.move_focus(1),
            KeyCode::BackTab => self.move_focus(-1),
            // A PIN typed before leaving the picker above it goes where it belongs, masked:
            // it must never show, readable, in the picker's filter or in a refusal.
            KeyCode::Char(c) if is_digit(c) && self.pin_after_picker().is_some() => {
                if let Some(pin) = self.pin_after_picker() {
                    self.focus = pin;
                    if let Some(Input::Text(area)) = self.fields.get_mut(pin).map(|f| &mut f.input)
                    {
                        area.input(key);
                    }
                }
            }
            _ => {
                let Some(field) = self.fields.get_mut(self.focus) else {
                    return FormEvent::None;
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
                        remote,
                    } => {
                        let count = visible(options, filter, *remote).len();
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
        FormEvent::None
    }

    /// Pasted text, cleaned of control characters and escape sequences, goes into the
    /// focused field.
    pub fn paste(&mut self, text: &str) {
        self.revision += 1;
        let clean = sanitize(text);
        if let Some(pin) = self.pin_after_picker()
            && clean.chars().all(is_digit)
        {
            self.focus = pin;
        }
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

    /// The masked field right after the focused picker, if that is what follows it (who is
    /// signing in, then their PIN; the approving supervisor, then theirs).
    fn pin_after_picker(&self) -> Option<usize> {
        let next = self.focus + 1;
        let picker = matches!(
            self.fields.get(self.focus).map(|f| &f.input),
            Some(Input::Choice { .. })
        );
        let masked = matches!(
            self.fields.get(next).map(|f| &f.input),
            Some(Input::Text(area)) if area.mask_char().is_some()
        );
        (picker && masked).then_some(next)
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

    /// Options a picker lists under its label.
    fn list_rows(&self, i: usize) -> u16 {
        match &self.fields[i].input {
            Input::Text(_) => 0,
            Input::Choice { .. } if self.compact && i != self.focus => 0,
            Input::Choice { options, .. } => {
                options.len().clamp(1, if self.compact { 4 } else { 6 }) as u16
            }
        }
    }

    fn field_rows(&self, i: usize) -> u16 {
        1 + self.list_rows(i)
    }

    /// Rows the form takes with `gap` blank rows between fields.
    fn height(&self, inner_width: u16, gap: u16) -> u16 {
        let fields: u16 = (0..self.fields.len()).map(|i| self.field_rows(i)).sum();
        // Borders, a blank row, the footer, and the hint if any.
        fields
            + gap * self.fields.len().saturating_sub(1) as u16
            + 2
            + 1
            + self.footer_rows(inner_width)
            + self.hint_rows(inner_width)
    }

    /// The fields shown when they do not all fit in `rows`: a run that holds the focus.
    fn shown_fields(&self, rows: u16) -> std::ops::Range<usize> {
        let n = self.fields.len();
        let focus = self.focus.min(n.saturating_sub(1));
        let mut start = focus;
        let mut used = if n == 0 { 0 } else { self.field_rows(focus) };
        while start > 0 && used + self.field_rows(start - 1) <= rows {
            start -= 1;
            used += self.field_rows(start);
        }
        let mut end = focus + 1;
        while end < n && used + self.field_rows(end) <= rows {
            used += self.field_rows(end);
            end += 1;
        }
        start..end.min(n)
    }

    /// Rows for the hint as wrapped, and one blank row under it.
    fn hint_rows(&self, inner_width: u16) -> u16 {
        self.hint.as_ref().map_or(0, |hint| {
            let rows = textwrap::wrap(hint, inner_width.max(1) as usize).len();
            rows.clamp(1, 4) as u16 + 1
        })
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, lang: Lang) {
        // A form with a side panel takes the screen's width and height: the panel lists what
        // the pane found while the clerk types.
        let width = if self.side.is_some() {
            area.width.min(110)
        } else {
            area.width.min(70)
        };
        let fields_width = if self.side.is_some() && width >= 72 {
            (width.saturating_sub(2) * 9 / 20).max(36)
        } else {
            width.saturating_sub(2)
        };
        // Blank rows between fields, unless they would push a field off the screen.
        let gap = u16::from(self.height(fields_width, 1) <= area.height);
        let height = if self.side.is_some() {
            area.height
        } else {
            self.height(fields_width, gap).min(area.height)
        };
        let rect = centered(area, width, height);
        clear_under(frame, rect);
        let block = Block::bordered()
            .border_type(BorderType::Rounded)
            .border_style(Theme::dialog_border())
            .title(Span::styled(format!(" {} ", self.title), Theme::title()));
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        let (inner, side) = self.split_side(inner, fields_width);
        if let (Some(lines), Some(side)) = (&self.side, side) {
            frame.render_widget(
                Paragraph::new(lines.clone()).wrap(Wrap { trim: false }),
                side,
            );
        }

        let hint_rows = self.hint_rows(inner.width);
        let footer_rows = self.footer_rows(inner.width);
        let field_space = inner.height.saturating_sub(hint_rows + footer_rows + 1);
        let shown = self.shown_fields(field_space);
        let mut rows: Vec<Constraint> = Vec::new();
        if self.hint.is_some() {
            rows.push(Constraint::Length(hint_rows));
        }
        for i in shown.clone() {
            if i > shown.start {
                rows.push(Constraint::Length(gap));
            }
            rows.push(Constraint::Length(self.field_rows(i)));
        }
        rows.push(Constraint::Min(0));
        rows.push(Constraint::Length(footer_rows));
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
        for i in shown.clone() {
            let field = &self.fields[i];
            if i > shown.start {
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
                    remote,
                } => {
                    let shown = visible(options, filter, *remote);
                    let list_rows = self.list_rows(i) as usize;
                    // Folded: the label and the choice, as a text field shows its text.
                    let head = if list_rows == 0 {
                        match shown.get(*selected) {
                            Some(option) => Span::raw(option.label.clone()),
                            None => Span::styled(Ui::NoChoices.text(lang), Theme::dim()),
                        }
                    } else if filter.is_empty() {
                        Span::styled(Ui::ChoiceFilterHint.text(lang), Theme::dim())
                    } else {
                        Span::styled(filter.clone(), Theme::input())
                    };
                    let label = if list_rows == 0 {
                        // Padded to where text fields start, as their text is.
                        let pad = (label_width as usize).saturating_sub(label.width());
                        Span::styled(format!("{label}{}", " ".repeat(pad)), label_style)
                    } else {
                        Span::styled(label, label_style)
                    };
                    let mut lines = vec![Line::from(vec![
                        label,
                        Span::raw(if list_rows == 0 { "" } else { "  " }),
                        head,
                    ])];
                    if list_rows > 0 {
                        let first = selected.saturating_sub(list_rows - 1);
                        if shown.is_empty() {
                            lines.push(Line::styled(Ui::NoChoices.text(lang), Theme::dim()));
                        }
                        for (j, option) in shown.iter().enumerate().skip(first).take(list_rows) {
                            let marker = if j == *selected { "▶ " } else { "  " };
                            let style = if j == *selected && focused {
                                Theme::selected()
                            } else {
                                ratatui::style::Style::default()
                            };
                            lines.push(Line::styled(format!("{marker}{}", option.label), style));
                        }
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
                    Ui::KeySubmit.text(lang),
                    Ui::KeyNextField.text(lang),
                    if self.dismissable {
                        Ui::KeyCancel.text(lang)
                    } else {
                        Ui::KeyQuit.text(lang)
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

    /// The fields' area and the side panel's: side by side when there is room, the panel
    /// under the fields otherwise.
    fn split_side(&self, inner: Rect, fields_width: u16) -> (Rect, Option<Rect>) {
        if self.side.is_none() {
            return (inner, None);
        }
        if fields_width < inner.width {
            // A column either side: a double-width character must never touch the border.
            let [fields, _, side, _] = Layout::horizontal([
                Constraint::Length(fields_width),
                Constraint::Length(1),
                Constraint::Min(1),
                Constraint::Length(1),
            ])
            .areas(inner);
            return (fields, Some(side));
        }
        let wanted = self.height(inner.width, 0).saturating_sub(2);
        if inner.height <= wanted + 3 {
            return (inner, None);
        }
        let [fields, side] =
            Layout::vertical([Constraint::Length(wanted), Constraint::Min(1)]).areas(inner);
        (fields, Some(side))
    }
}

/// An ASCII or full-width digit, as a Chinese input method types them.
fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// The options a picker lists: those whose label holds the filter, or, for a search
/// picker, all of them (the watching pane already chose them by the query).
fn visible<'a>(options: &'a [Choice], filter: &str, remote: bool) -> Vec<&'a Choice> {
    let needle = filter.to_lowercase();
    options
        .iter()
        .filter(|o| {
            remote
                || needle.is_empty()
                || o.label.to_lowercase().contains(&needle)
                || o.also.contains(&needle)
        })
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

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Purpose {
        Test,
    }

    const REASON: FieldKey = FieldKey("reason");
    const WHO: FieldKey = FieldKey("who");

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn typed(d: &mut Form, s: &str) {
        for c in s.chars() {
            d.handle_key(key(KeyCode::Char(c)));
        }
    }

    fn people() -> Form {
        let options = ["王芳", "李娜", "李强"]
            .iter()
            .enumerate()
            .map(|(i, n)| (i as i64 + 10, n.to_string()));
        Form::new(Purpose::Test, "t".into()).choice(WHO, Ui::FieldName, options, None)
    }

    #[test]
    fn typing_fills_the_focused_field_and_tab_moves_on() {
        let mut d = Form::new(Purpose::Test, "t".into())
            .text(NAME, Ui::FieldName)
            .pin(PIN, Ui::FieldPin);
        typed(&mut d, "王芳");
        d.handle_key(key(KeyCode::Tab));
        typed(&mut d, "1234");
        assert_eq!(d.value(NAME), "王芳");
        assert_eq!(d.raw(PIN), "1234");
        assert_eq!(d.handle_key(key(KeyCode::Enter)), FormEvent::Submit);
        assert_eq!(d.handle_key(key(KeyCode::Esc)), FormEvent::Cancel);
    }

    #[test]
    fn the_purpose_reads_back_only_as_its_own_type() {
        let d = Form::new(Purpose::Test, "t".into());
        assert_eq!(d.purpose::<Purpose>(), Some(Purpose::Test));
        assert_eq!(d.purpose::<u8>(), None);
    }

    #[test]
    fn a_pasted_escape_sequence_is_stripped() {
        let mut d = Form::new(Purpose::Test, "t".into()).text(NAME, Ui::FieldName);
        d.paste("李\u{1b}[2J娜\r\n");
        assert_eq!(d.value(NAME), "李娜");
    }

    #[test]
    fn choices_filter_by_typing_and_move_with_arrows() {
        let mut d = people();
        assert_eq!(d.chosen::<i64>(WHO), Some(10));
        typed(&mut d, "李");
        assert_eq!(d.chosen::<i64>(WHO), Some(11));
        d.handle_key(key(KeyCode::Down));
        assert_eq!(d.chosen::<i64>(WHO), Some(12));
        typed(&mut d, "x");
        assert_eq!(d.chosen::<i64>(WHO), None);
    }

    #[test]
    fn a_filter_that_hides_every_option_is_refused_never_taken_for_a_default() {
        let mut d = people();
        typed(&mut d, "zz");
        let (field, message) = d.choice_of::<i64>(WHO, Lang::En).unwrap_err();
        assert_eq!(field, Some(WHO));
        assert!(message.contains("zz"), "{message}");
        let empty = Form::new(Purpose::Test, "t".into()).choice(
            WHO,
            Ui::FieldName,
            Vec::<(i64, String)>::new(),
            None,
        );
        let (_, message) = empty.choice_of::<i64>(WHO, Lang::En).unwrap_err();
        assert!(message.starts_with("Choose"), "{message}");
    }

    #[test]
    fn a_search_picker_lists_what_the_pane_found_and_keeps_the_cursor_on_its_choice() {
        let mut d = Form::new(Purpose::Test, "t".into()).search(
            WHO,
            Ui::FieldName,
            Vec::<(i64, String)>::new(),
        );
        typed(&mut d, "wf");
        assert_eq!(d.query(WHO), Some("wf"));
        assert_eq!(d.chosen::<i64>(WHO), None);
        // The labels need not hold the query: the pane matched by initials.
        d.set_options(
            WHO,
            [(1_i64, "3号楼 1203".to_owned()), (2, "A座 801".to_owned())],
        );
        d.handle_key(key(KeyCode::Down));
        assert_eq!(d.chosen::<i64>(WHO), Some(2));
        d.set_options(
            WHO,
            [(9_i64, "B座 1".to_owned()), (2, "A座 801".to_owned())],
        );
        assert_eq!(d.chosen::<i64>(WHO), Some(2), "still on the same choice");
        d.set_options(WHO, [(9_i64, "B座 1".to_owned())]);
        assert_eq!(d.chosen::<i64>(WHO), Some(9));
        assert_eq!(d.focused(), Some(WHO));
    }

    #[test]
    fn a_picker_returns_the_value_of_its_own_type() {
        let d = people();
        assert_eq!(d.choice_of::<i64>(WHO, Lang::En), Ok(10));
        assert_eq!(d.chosen::<u32>(WHO), None, "a value is never reinterpreted");
    }

    #[test]
    fn sec_2_a_pin_typed_into_the_picker_above_it_goes_masked_into_the_pin_field() {
        let mut d = people().pin(PIN, Ui::FieldPin);
        typed(&mut d, "李");
        typed(&mut d, "2468");
        assert_eq!(d.raw(PIN), "2468");
        assert_eq!(
            d.chosen::<i64>(WHO),
            Some(11),
            "the filter kept only the name"
        );
        let mut pasted = people().pin(PIN, Ui::FieldPin);
        pasted.paste("１３５７");
        assert_eq!(pasted.raw(PIN), "1357");
        // A picker with no PIN after it filters by digits as usual.
        let mut plain = people();
        typed(&mut plain, "7");
        assert_eq!(plain.chosen::<i64>(WHO), None);
    }

    #[test]
    fn a_failed_submit_keeps_the_input_and_focuses_the_field() {
        let mut d = Form::new(Purpose::Test, "t".into())
            .text(NAME, Ui::FieldName)
            .text(REASON, Ui::FieldName);
        typed(&mut d, "张伟");
        d.handle_key(key(KeyCode::Tab));
        d.fail(Some(NAME), "dup".into());
        assert_eq!(d.error(), Some("dup"));
        typed(&mut d, "2");
        assert_eq!(d.value(NAME), "张伟2");
    }

    fn drawn(form: &Form, width: u16, height: u16) -> String {
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height)).unwrap();
        terminal
            .draw(|f| form.render(f, f.area(), Lang::En))
            .unwrap();
        let buffer = terminal.backend().buffer();
        let mut out = String::new();
        for y in 0..height {
            let mut x = 0;
            while x < width {
                let symbol = buffer[(x, y)].symbol();
                out.push_str(symbol);
                // A double-width character covers the next cell too.
                x += symbol.width().max(1) as u16;
            }
            out.push('\n');
        }
        out
    }

    #[test]
    fn a_form_taller_than_the_screen_keeps_the_focused_field_in_sight() {
        let keys: Vec<FieldKey> = ["f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9"]
            .into_iter()
            .map(FieldKey)
            .collect();
        let mut form = Form::new(Purpose::Test, "t".into());
        for (i, k) in keys.iter().enumerate() {
            let label = Msg {
                zh: "字段",
                en: ["A0", "A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8", "A9"][i],
            };
            form = form.text(*k, label);
        }
        for _ in 0..9 {
            form.handle_key(key(KeyCode::Tab));
        }
        let screen = drawn(&form, 40, 8);
        assert!(
            screen.contains("A9"),
            "the last field, focused, is shown: {screen}"
        );
        assert!(!screen.contains("A0"), "{screen}");
    }

    #[test]
    fn a_compact_picker_shows_its_choice_in_one_row_until_focused() {
        let form = Form::new(Purpose::Test, "t".into())
            .compact()
            .text(NAME, Ui::FieldName)
            .choice(
                WHO,
                Ui::FieldPin,
                [(1, "王芳".into()), (2, "李娜".into())],
                Some(2),
            );
        let screen = drawn(&form, 40, 12);
        assert!(screen.contains("李娜"), "{screen}");
        assert!(
            !screen.contains("王芳"),
            "folded: only the choice shows: {screen}"
        );
    }

    #[test]
    fn the_watching_pane_sees_a_change_once_and_its_lines_are_drawn_beside_the_fields() {
        let mut form = Form::new(Purpose::Test, "t".into()).text(NAME, Ui::FieldName);
        assert!(form.take_change(), "the first look always runs");
        assert!(!form.take_change());
        typed(&mut form, "王");
        assert!(form.take_change());
        form.paste("芳");
        assert!(form.take_change());
        assert!(!form.take_change());
        form.set_side(vec![Line::raw("VERDICT")]);
        let screen = drawn(&form, 80, 10);
        let row = screen.lines().find(|l| l.contains("VERDICT")).unwrap();
        assert!(row.contains("王芳"), "beside the name field: {screen}");
    }
}
