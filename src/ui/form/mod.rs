//! A modal form: text, PIN and choice fields, an error line, and what to do on submit.
//!
//! The form only collects input; the pane that opened it validates it on submit and, on
//! failure, the shell puts the message back here with the focus on the field at fault.
//! Nothing typed is ever cleared by a failed submit. Its parts: [`picker`] (a list and
//! its filter), [`keys`] (what a key or a paste does), [`draw`] (how it looks), [`draft`]
//! (what is kept when it is closed unsent).

mod draft;
mod draw;
mod keys;
mod picker;

use std::cell::RefCell;
use std::rc::Rc;

use ratatui::text::Line;
use ratatui_textarea::TextArea;

pub use self::draft::Draft;
pub use self::draw::{centered, clear_under};
use self::picker::{Choice, Picker};
pub use self::picker::{finds, found_by};
use super::purpose::{OwnPurpose, Purpose};
use super::said::Said;
use super::text::Ui;
use super::theme::Theme;
use crate::domain::text::{ascii_digits, sanitize};
use crate::i18n::{Lang, Msg, fill};

/// A text field's key, declared once by the pane: the same key builds the field and reads
/// it back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text(pub &'static str);

/// A PIN field's key: read as typed, never cleaned, never kept in a draft, never shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pin(pub &'static str);

/// A list's handle, made when the form is built and kept in the form's purpose: it holds
/// the values the list stands for, so reading it back gives a value of the type it was built
/// with — nothing to guess, nothing that silently yields nothing on a mismatch.
pub struct Pick<V> {
    name: &'static str,
    values: Rc<RefCell<Vec<V>>>,
}

impl<V> Pick<V> {
    pub fn new(name: &'static str) -> Pick<V> {
        Pick {
            name,
            values: Rc::new(RefCell::new(Vec::new())),
        }
    }
}

impl<V> Clone for Pick<V> {
    fn clone(&self) -> Self {
        Pick {
            name: self.name,
            values: Rc::clone(&self.values),
        }
    }
}

impl<V> PartialEq for Pick<V> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.values, &other.values)
    }
}

impl<V> Eq for Pick<V> {}

impl<V> std::fmt::Debug for Pick<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Pick({})", self.name)
    }
}

/// Any field, to put the cursor on it or to say which one a refusal is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldName(&'static str);

impl From<Text> for FieldName {
    fn from(key: Text) -> FieldName {
        FieldName(key.0)
    }
}

impl From<Pin> for FieldName {
    fn from(key: Pin) -> FieldName {
        FieldName(key.0)
    }
}

impl<V> From<&Pick<V>> for FieldName {
    fn from(pick: &Pick<V>) -> FieldName {
        FieldName(pick.name)
    }
}

pub const NAME: Text = Text("name");
pub const PIN: Pin = Pin("pin");
pub const PIN_AGAIN: Pin = Pin("pin_again");
pub const SUPERVISOR_PIN: Pin = Pin("supervisor_pin");

/// Why a submit did not go through: refused, with a message that follows F2 and the field
/// to put the cursor back on; or another desk holds the file, and the shell tries again.
#[derive(Clone)]
pub enum Refusal {
    Refused {
        field: Option<FieldName>,
        said: Said,
    },
    Busy,
}

impl Refusal {
    /// Refused, with the cursor put on `field`.
    pub fn at(field: impl Into<FieldName>, said: Said) -> Refusal {
        Refusal::Refused {
            field: Some(field.into()),
            said,
        }
    }

    /// The same refusal with the cursor put on `field` instead (a wrong PIN said by the
    /// store); `Busy` stays `Busy`.
    pub fn on(self, field: impl Into<FieldName>) -> Refusal {
        match self {
            Refusal::Refused { said, .. } => Refusal::at(field, said),
            Refusal::Busy => Refusal::Busy,
        }
    }

    /// Refused for a reason that belongs to no one field.
    pub fn said(said: Said) -> Refusal {
        Refusal::Refused { field: None, said }
    }

    /// What to say of it beside something that did go through: the refusal's words, or
    /// that another desk is writing.
    pub fn said_or_busy(self) -> Said {
        match self {
            Refusal::Refused { said, .. } => said,
            Refusal::Busy => Said::msg(Ui::ErrBusy),
        }
    }

    /// The message in `lang`; empty for Busy.
    #[cfg(test)]
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Refusal::Refused { said, .. } => said.text(lang),
            Refusal::Busy => String::new(),
        }
    }
}

impl std::fmt::Debug for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Refused { field, said } => {
                write!(f, "Refused({field:?}, {:?})", said.text(Lang::En))
            }
            Refusal::Busy => write!(f, "Busy"),
        }
    }
}

enum Input {
    Text(Box<TextArea<'static>>),
    Choice(Picker),
}

impl Input {
    fn is_pin(&self) -> bool {
        matches!(self, Input::Text(area) if area.mask_char().is_some())
    }
}

/// A check run when the clerk leaves a field (a phone's shape, a date): the message, if
/// the text is wrong, said beside the field at once rather than after the last field.
pub type Check = fn(&str) -> Option<Said>;

/// A PIN is 4 to 8 digits: said as the clerk leaves the field, not after the last one.
pub fn pin_shape(text: &str) -> Option<Said> {
    let digits = ascii_digits(text);
    let shaped = (4..=8).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit());
    (!shaped).then(|| Said::msg(Ui::ErrPinShape))
}

struct Field {
    name: FieldName,
    label: Label,
    input: Input,
    /// Marked from the start; an empty one is refused before the pane is asked.
    required: bool,
    check: Option<Check>,
    /// A list whose Enter submits what is under the cursor (the intake's phrases: each is
    /// said at once, and the step stays).
    enter_submits: bool,
    /// The text the form was opened with: what is typed is what differs from it.
    initial: String,
    /// The text is the console's proposal (the next free badge): the first character
    /// typed replaces it, as it would a selected default; any other key keeps it to edit.
    proposal: bool,
}

/// A field's label: from a catalog, said in the language of the moment, or the office's own
/// words (a checklist item), shown as they are.
#[derive(Clone)]
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
    /// What submitting it does; each pane reads only its own purposes. Boxed: a purpose
    /// may carry a whole draft (the complaint intake's), and forms travel by value.
    purpose: Box<Purpose>,
    title: String,
    hint: Option<String>,
    fields: Vec<Field>,
    focus: usize,
    error: Option<Said>,
    /// A line under the fields that is not an error (a draft brought back).
    note: Option<Said>,
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
    /// Where the last frame drew each field and option, for a click.
    spots: std::cell::RefCell<Vec<(ratatui::layout::Rect, Spot)>>,
}

/// What a click on a form can land on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Spot {
    Field(usize),
    /// A field's option, by its place among those the filter shows.
    Option(usize, usize),
}

/// What a key did to the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormEvent {
    None,
    /// Ctrl-S, or Enter on the last field (or in a one-field dialog).
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
    pub fn new(purpose: impl Into<Purpose>, title: String) -> Form {
        Form {
            purpose: Box::new(purpose.into()),
            title,
            hint: None,
            fields: Vec::new(),
            focus: 0,
            error: None,
            note: None,
            dismissable: true,
            compact: false,
            revision: 0,
            seen: None,
            side: None,
            spots: std::cell::RefCell::new(Vec::new()),
        }
    }

    /// Sets what submitting does, for a form whose lists were made while building it.
    pub fn for_purpose(mut self, purpose: impl Into<Purpose>) -> Self {
        self.purpose = Box::new(purpose.into());
        self
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
    pub fn purpose<P: OwnPurpose + Clone>(&self) -> Option<P> {
        P::of(&self.purpose).cloned()
    }

    /// Names the form for what it is about (a customer): a draft is offered again only in a
    /// form of the same title, never in another customer's.
    pub fn titled(mut self, title: String) -> Self {
        self.title = title;
        self
    }

    /// Opens a text field on `text`, as if built with it: what the console put there is not
    /// what the clerk typed.
    pub fn opened_with(mut self, key: Text, text: &str) -> Self {
        let name = FieldName::from(key);
        if let Some(field) = self.fields.iter_mut().find(|f| f.name == name)
            && let Input::Text(area) = &mut field.input
        {
            area.select_all();
            area.cut();
            area.insert_str(text);
            field.initial = text.to_owned();
        }
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The hint above the fields, as set: for tests.
    #[cfg(test)]
    pub fn hint_text(&self) -> Option<&str> {
        self.hint.as_deref()
    }

    pub fn permanent(mut self) -> Self {
        self.dismissable = false;
        self
    }

    pub fn text(self, key: Text, label: impl Into<Msg>) -> Self {
        self.push(key, label.into(), Input::Text(Box::new(text_area(false))))
    }

    pub fn text_with(self, key: Text, label: impl Into<Msg>, initial: &str) -> Self {
        let mut area = text_area(false);
        area.insert_str(initial);
        let mut form = self.push(key, label.into(), Input::Text(Box::new(area)));
        if let Some(field) = form.fields.last_mut() {
            field.initial = initial.to_owned();
        }
        form
    }

    pub fn pin(self, key: Pin, label: impl Into<Msg>) -> Self {
        self.push(key, label.into(), Input::Text(Box::new(text_area(true))))
    }

    /// A picker over `options` (value, label); `selected` starts the cursor on that value.
    pub fn choice<V: PartialEq>(
        self,
        pick: &Pick<V>,
        label: impl Into<Msg>,
        options: impl IntoIterator<Item = (V, String)>,
        selected: Option<V>,
    ) -> Self {
        let options = options
            .into_iter()
            .map(|(value, label)| (value, label, String::new()));
        self.choice_found_by(pick, label, options, selected)
    }

    /// A picker whose options the filter also finds by hidden text (value, label, also):
    /// a phrase by its other language or its pinyin initials.
    pub fn choice_found_by<V: PartialEq>(
        self,
        pick: &Pick<V>,
        label: impl Into<Msg>,
        options: impl IntoIterator<Item = (V, String, String)>,
        selected: Option<V>,
    ) -> Self {
        let mut values = Vec::new();
        let mut choices = Vec::new();
        for (index, (value, label, also)) in options.into_iter().enumerate() {
            values.push(value);
            choices.push(Choice::new(index, label, &also));
        }
        // Nothing is chosen unless the opener chose it (the operator as approving supervisor).
        let selected = selected.and_then(|s| values.iter().position(|v| *v == s));
        *pick.values.borrow_mut() = values;
        self.push(
            pick,
            label.into(),
            Input::Choice(Picker {
                options: choices,
                selected,
                opened_on: selected,
                filter: String::new(),
                remote: false,
            }),
        )
    }

    /// A picker over options that say themselves in either language: shown in `lang`,
    /// found by the other too.
    pub fn choice_said<V: PartialEq>(
        self,
        pick: &Pick<V>,
        label: impl Into<Msg>,
        options: impl IntoIterator<Item = (V, Msg)>,
        selected: Option<V>,
        lang: Lang,
    ) -> Self {
        let options = options.into_iter().map(|(value, msg)| {
            let other = msg.text(lang.other()).to_owned();
            (value, msg.text(lang).to_owned(), other)
        });
        self.choice_found_by(pick, label, options, selected)
    }

    /// A search picker: typing into it is a query the watching pane answers on the key
    /// (by name, initials, room…) with [`Form::set_options`]; it starts on `options`, on
    /// `selected` if the opener chose one (a pick made before the form was built again).
    pub fn search<V: PartialEq>(
        self,
        pick: &Pick<V>,
        label: impl Into<Msg>,
        options: impl IntoIterator<Item = (V, String)>,
        selected: Option<V>,
    ) -> Self {
        let mut form = self.choice(pick, label, options, selected);
        if let Some(Field {
            input: Input::Choice(picker),
            ..
        }) = form.fields.last_mut()
        {
            picker.remote = true;
        }
        form
    }

    /// What is typed into a picker.
    pub fn query<V>(&self, pick: &Pick<V>) -> Option<&str> {
        match self.field(pick).map(|f| &f.input) {
            Some(Input::Choice(picker)) => Some(&picker.filter),
            _ => None,
        }
    }

    /// Replaces a search picker's options with what the query found; the cursor stays on the
    /// option it was on if that is still listed.
    pub fn set_options<V: PartialEq>(
        &mut self,
        pick: &Pick<V>,
        found: impl IntoIterator<Item = (V, String)>,
    ) {
        let name = FieldName::from(pick);
        let Some(Field {
            input: Input::Choice(picker),
            ..
        }) = self.fields.iter_mut().find(|f| f.name == name)
        else {
            return;
        };
        let (values, labels): (Vec<V>, Vec<String>) = found.into_iter().unzip();
        let was = picker.chosen().map(|c| c.index);
        // The cursor stays on what it was on; a query that found something puts it on the
        // first result (what was typed is a choice being made); nothing typed, nothing chosen.
        let kept = was.and_then(|was| {
            let old = pick.values.borrow();
            let was = old.get(was)?;
            values.iter().position(|v| v == was)
        });
        let typed = !picker.filter.is_empty();
        picker.selected = kept.or((typed && !values.is_empty()).then_some(0));
        let remote = picker.remote;
        picker.options = labels
            .into_iter()
            .enumerate()
            .map(|(index, label)| match remote {
                true => Choice::found(index, label),
                false => Choice::new(index, label, ""),
            })
            .collect();
        *pick.values.borrow_mut() = values;
    }

    /// The field the cursor is on.
    pub fn focused(&self) -> Option<FieldName> {
        self.fields.get(self.focus).map(|f| f.name)
    }

    /// Whether the cursor is on `field`.
    pub fn is_focused(&self, field: impl Into<FieldName>) -> bool {
        self.focused() == Some(field.into())
    }

    /// Starts the cursor on `field` instead of the first field.
    pub fn focus(mut self, field: impl Into<FieldName>) -> Self {
        let name = field.into();
        if let Some(i) = self.fields.iter().position(|f| f.name == name) {
            self.focus = i;
        }
        self
    }

    pub fn has_field(&self, field: impl Into<FieldName>) -> bool {
        self.field(field).is_some()
    }

    pub fn has_fields(&self) -> bool {
        !self.fields.is_empty()
    }

    fn push(mut self, name: impl Into<FieldName>, label: Msg, input: Input) -> Self {
        let label = Label::Said(label);
        self.fields.push(Field {
            name: name.into(),
            label,
            input,
            required: false,
            check: None,
            enter_submits: false,
            initial: String::new(),
            proposal: false,
        });
        self
    }

    /// Opens a text field on the console's proposal (the next free badge): shown as its
    /// value, replaced by the first character typed, kept by any other key.
    pub fn proposed(mut self, key: Text, label: impl Into<Msg>, proposal: &str) -> Self {
        self = self.text_with(key, label, proposal);
        if let Some(field) = self.fields.last_mut() {
            field.proposal = !proposal.is_empty();
        }
        self
    }

    /// Marks the last field required: shown from the start, refused empty before submit.
    pub fn required(mut self) -> Self {
        if let Some(field) = self.fields.last_mut() {
            field.required = true;
        }
        self
    }

    /// Makes Enter in the last field, a list, submit what is under the cursor instead of
    /// choosing and moving on: a list of actions, not a field to fill.
    pub fn enter_submits(mut self) -> Self {
        if let Some(field) = self.fields.last_mut() {
            field.enter_submits = true;
        }
        self
    }

    /// Checks the last field when the clerk leaves it.
    pub fn checked(mut self, check: Check) -> Self {
        if let Some(field) = self.fields.last_mut() {
            field.check = Some(check);
        }
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
    pub fn value(&self, key: Text) -> String {
        match self.field(key).map(|f| &f.input) {
            Some(Input::Text(area)) => sanitize(&area.lines().join(" ")),
            _ => String::new(),
        }
    }

    /// A PIN as typed: never cleaned of anything, only full-width digits read as ASCII.
    pub fn raw(&self, key: Pin) -> String {
        match self.field(key).map(|f| &f.input) {
            Some(Input::Text(area)) => ascii_digits(&area.lines().join("")),
            _ => String::new(),
        }
    }

    /// Whether the clerk changed a text field from what the form opened with.
    pub fn changed(&self, key: Text) -> bool {
        match self.field(key) {
            Some(
                field @ Field {
                    input: Input::Text(area),
                    ..
                },
            ) => area.lines().join("") != field.initial,
            _ => false,
        }
    }

    /// A number field's text, full-width digits read as ASCII.
    pub fn number(&self, key: Text) -> String {
        ascii_digits(&self.value(key))
    }

    /// The value of the option under the picker's cursor, among those the filter shows.
    pub fn chosen<V: Clone>(&self, pick: &Pick<V>) -> Option<V> {
        match self.field(pick).map(|f| &f.input) {
            Some(Input::Choice(picker)) => {
                let index = picker.chosen()?.index;
                pick.values.borrow().get(index).cloned()
            }
            _ => None,
        }
    }

    /// The label of the chosen option, as the picker shows it.
    pub fn chosen_label<V>(&self, pick: &Pick<V>) -> Option<String> {
        match self.field(pick).map(|f| &f.input) {
            Some(Input::Choice(picker)) => picker.chosen().map(|c| c.label.clone()),
            _ => None,
        }
    }

    /// Puts `text` into a text field that still holds `was` (what the console put there
    /// before, or nothing): the details of someone picked from a directory replace an earlier
    /// pick's, never what the clerk typed.
    pub fn fill_over(&mut self, key: Text, was: &str, text: &str) {
        let name = FieldName::from(key);
        if let Some(Field {
            input: Input::Text(area),
            ..
        }) = self.fields.iter_mut().find(|f| f.name == name)
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
    pub fn choice_of<V: Clone>(&self, pick: &Pick<V>) -> Result<V, Refusal> {
        if let Some(value) = self.chosen(pick) {
            return Ok(value);
        }
        let (label, filter) = match self.field(pick) {
            Some(Field {
                label,
                input: Input::Choice(picker),
                ..
            }) => (label.clone(), picker.filter.clone()),
            _ => (Label::Own(String::new()), String::new()),
        };
        let said = Said::new(move |lang| {
            if filter.is_empty() {
                fill(Ui::ErrChoose.text(lang), &[("field", &label.text(lang))])
            } else {
                fill(Ui::ErrNoMatch.text(lang), &[("filter", &filter)])
            }
        });
        Err(Refusal::at(pick, said))
    }

    fn field(&self, field: impl Into<FieldName>) -> Option<&Field> {
        let name = field.into();
        self.fields.iter().find(|f| f.name == name)
    }

    /// Shows a refusal's message and moves the focus to the field at fault, if named.
    /// A refused PIN is emptied — a new PIN with its repeat, which go together — so the
    /// clerk types it again from the start, as at any PIN pad, rather than after the hidden
    /// digits of the wrong one. Every other field keeps its text.
    pub fn fail(&mut self, field: Option<FieldName>, said: Said) {
        if let Some(i) = field.and_then(|k| self.fields.iter().position(|f| f.name == k)) {
            self.focus = i;
            if self.fields[i].input.is_pin() {
                let name = self.fields[i].name;
                let again = name == FieldName::from(PIN);
                for field in &mut self.fields {
                    let refused =
                        field.name == name || (again && field.name == FieldName::from(PIN_AGAIN));
                    if refused && let Input::Text(area) = &mut field.input {
                        area.select_all();
                        area.cut();
                    }
                }
                self.revision += 1;
            }
        }
        self.error = Some(said);
    }

    #[cfg(test)]
    pub fn error(&self) -> Option<String> {
        self.error.as_ref().map(|e| e.text(Lang::En))
    }

    /// Whether the clerk has typed or chosen anything: closing it would lose work.
    pub fn holds_input(&self) -> bool {
        self.fields.iter().any(|f| match &f.input {
            Input::Text(area) => area.lines().join("") != f.initial,
            Input::Choice(picker) => !picker.filter.is_empty(),
        })
    }

    /// The first required field left empty, refused with its name before the pane is asked:
    /// nothing is sent with a hole the clerk was told about from the start.
    pub fn missing_required(&self) -> Option<(FieldName, Said)> {
        let field = self.fields.iter().find(|f| {
            f.required
                && match &f.input {
                    Input::Text(area) => sanitize(&area.lines().join(" ")).trim().is_empty(),
                    Input::Choice(picker) => picker.chosen().is_none(),
                }
        })?;
        let label = field.label.clone();
        let said = match field.input {
            Input::Choice(_) => Said::new(move |lang| {
                fill(Ui::ErrChoose.text(lang), &[("field", &label.text(lang))])
            }),
            Input::Text(_) if field.input.is_pin() => Said::msg(Ui::ErrPinRequired),
            Input::Text(_) => Said::new(move |lang| {
                fill(Ui::ErrRequired.text(lang), &[("field", &label.text(lang))])
            }),
        };
        Some((field.name, said))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use unicode_width::UnicodeWidthStr;

    const REASON: Text = Text("reason");

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn typed(d: &mut Form, s: &str) {
        for c in s.chars() {
            d.handle_key(key(KeyCode::Char(c)));
        }
    }

    /// A form with one list of three people, and the list's handle.
    fn people() -> (Form, Pick<i64>) {
        let options = ["王芳", "李娜", "李强"]
            .iter()
            .enumerate()
            .map(|(i, n)| (i as i64 + 10, n.to_string()));
        let who = Pick::new("who");
        let form = Form::new((), "t".into()).choice(&who, Ui::FieldName, options, None);
        (form, who)
    }

    #[test]
    fn typing_fills_the_focused_field_and_tab_moves_on() {
        let mut d = Form::new((), "t".into())
            .text(NAME, Ui::FieldName)
            .pin(PIN, Ui::FieldPin);
        typed(&mut d, "王芳");
        d.handle_key(key(KeyCode::Tab));
        typed(&mut d, "1234");
        assert_eq!(d.value(NAME), "王芳");
        assert_eq!(d.raw(PIN), "1234");
        assert_eq!(
            d.handle_key(key(KeyCode::Enter)),
            FormEvent::Submit,
            "Enter on the last field submits"
        );
        assert_eq!(d.handle_key(key(KeyCode::Esc)), FormEvent::Cancel);
    }

    #[test]
    fn enter_in_a_list_chooses_and_moves_on_and_never_submits() {
        let (d, who) = people();
        let mut d = d.text(REASON, Ui::FieldReason);
        assert_eq!(d.handle_key(key(KeyCode::Enter)), FormEvent::None);
        assert_eq!(d.chosen(&who), Some(10), "the first Enter shows the cursor");
        assert!(d.is_focused(&who));
        d.handle_key(key(KeyCode::Down));
        assert_eq!(d.handle_key(key(KeyCode::Enter)), FormEvent::None);
        assert_eq!(d.chosen(&who), Some(11));
        assert!(d.is_focused(REASON), "chose and moved on");
        typed(&mut d, "迟到");
        assert_eq!(d.handle_key(key(KeyCode::Enter)), FormEvent::Submit);
    }

    #[test]
    fn ctrl_s_submits_from_any_field_and_tab_past_an_untouched_list_leaves_it_empty() {
        let (d, who) = people();
        let mut d = d.text(REASON, Ui::FieldReason);
        d.handle_key(key(KeyCode::Tab));
        assert_eq!(d.chosen(&who), None, "nothing chosen by passing");
        let ctrl_s = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(d.handle_key(ctrl_s), FormEvent::Submit);
        assert_eq!(d.value(REASON), "", "Ctrl-S types nothing");
    }

    #[test]
    fn a_required_field_left_empty_is_named_before_the_pane_is_asked() {
        let mut d = Form::new((), "t".into())
            .text(NAME, Ui::FieldName)
            .required()
            .pin(PIN, Ui::FieldPin)
            .required();
        let (field, said) = d.missing_required().unwrap();
        assert_eq!(field, NAME.into());
        assert_eq!(said.text(Lang::En), "Name: required");
        typed(&mut d, "王芳");
        let (field, said) = d.missing_required().unwrap();
        assert_eq!(field, PIN.into());
        assert_eq!(said.text(Lang::En), "PIN required");
    }

    #[test]
    fn a_field_is_checked_as_the_clerk_leaves_it_and_the_message_follows_the_language() {
        fn digits_only(text: &str) -> Option<Said> {
            (!text.chars().all(|c| c.is_ascii_digit())).then(|| Said::msg(Ui::ErrNumber))
        }
        let mut d = Form::new((), "t".into())
            .text(NAME, Ui::FieldName)
            .checked(digits_only)
            .text(REASON, Ui::FieldReason);
        typed(&mut d, "12a");
        d.handle_key(key(KeyCode::Tab));
        assert!(d.error().is_some(), "said on leaving");
        assert!(d.is_focused(REASON), "the walk goes on");
        d.handle_key(key(KeyCode::BackTab));
        d.handle_key(key(KeyCode::Backspace));
        d.handle_key(key(KeyCode::Tab));
        assert_eq!(d.error(), None, "put right, the message goes");
    }

    #[test]
    fn the_purpose_reads_back_only_as_its_own_panes() {
        use crate::domain::staff::StaffId;
        use crate::ui::{lobby, rotation};
        let skip = rotation::Purpose::Skip(StaffId(7));
        let d = Form::new(skip.clone(), "t".into());
        assert_eq!(d.purpose::<rotation::Purpose>(), Some(skip));
        assert_eq!(d.purpose::<lobby::Purpose>(), None);
    }

    #[test]
    fn a_pasted_escape_sequence_is_stripped() {
        let mut d = Form::new((), "t".into()).text(NAME, Ui::FieldName);
        d.paste("李\u{1b}[2J娜\r\n");
        assert_eq!(d.value(NAME), "李娜");
    }

    #[test]
    fn choices_filter_by_typing_and_move_with_arrows() {
        let (mut d, who) = people();
        assert_eq!(
            d.chosen(&who),
            None,
            "nothing is chosen until the clerk chooses"
        );
        d.handle_key(key(KeyCode::Down));
        assert_eq!(d.chosen(&who), Some(10));
        typed(&mut d, "李");
        assert_eq!(d.chosen(&who), Some(11));
        d.handle_key(key(KeyCode::Down));
        assert_eq!(d.chosen(&who), Some(12));
        typed(&mut d, "x");
        assert_eq!(d.chosen(&who), None);
    }

    #[test]
    fn a_filter_that_hides_every_option_is_refused_never_taken_for_a_default() {
        let (mut d, who) = people();
        typed(&mut d, "zz");
        let Refusal::Refused { field, said } = d.choice_of(&who).unwrap_err() else {
            panic!("refused");
        };
        assert_eq!(field, Some((&who).into()));
        let message = said.text(Lang::En);
        assert!(message.contains("zz"), "{message}");
        let none = Pick::new("none");
        let empty = Form::new((), "t".into()).choice(
            &none,
            Ui::FieldName,
            Vec::<(i64, String)>::new(),
            None,
        );
        let message = empty.choice_of(&none).unwrap_err().text(Lang::En);
        assert!(message.starts_with("Choose"), "{message}");
    }

    #[test]
    fn a_search_picker_lists_what_the_pane_found_and_keeps_the_cursor_on_its_choice() {
        let who = Pick::new("who");
        let mut d = Form::new((), "t".into()).search(
            &who,
            Ui::FieldName,
            Vec::<(i64, String)>::new(),
            None,
        );
        typed(&mut d, "wf");
        assert_eq!(d.query(&who), Some("wf"));
        assert_eq!(d.chosen(&who), None);
        assert!(d.choice_of(&who).is_err(), "nothing found, nothing chosen");
        // The labels need not hold the query: the pane matched by initials.
        d.set_options(
            &who,
            [(1_i64, "3号楼 1203".to_owned()), (2, "A座 801".to_owned())],
        );
        d.handle_key(key(KeyCode::Down));
        assert_eq!(d.chosen(&who), Some(2));
        d.set_options(
            &who,
            [(9_i64, "B座 1".to_owned()), (2, "A座 801".to_owned())],
        );
        assert_eq!(d.chosen(&who), Some(2), "still on the same choice");
        d.set_options(&who, [(9_i64, "B座 1".to_owned())]);
        assert_eq!(d.chosen(&who), Some(9));
        assert!(d.is_focused(&who));
    }

    #[test]
    fn a_picker_returns_the_value_of_its_own_type() {
        let (mut d, who) = people();
        d.handle_key(key(KeyCode::Down));
        let chosen: i64 = d.choice_of(&who).unwrap();
        assert_eq!(
            chosen, 10,
            "the handle gives back the type it was built with"
        );
    }

    #[test]
    fn sec_2_a_refused_pin_is_emptied_for_the_next_try_and_the_other_fields_keep_their_text() {
        let mut d = Form::new((), "t".into())
            .text(REASON, Ui::FieldReason)
            .pin(PIN, Ui::FieldPin);
        typed(&mut d, "钥匙借给保洁");
        d = d.focus(PIN);
        typed(&mut d, "1235");
        d.fail(Some(PIN.into()), Said::msg(Ui::ErrListNotAnswered));
        assert_eq!(d.raw(PIN), "", "the wrong PIN is gone");
        typed(&mut d, "1234");
        assert_eq!(d.raw(PIN), "1234", "the next try is typed from the start");
        d.fail(Some(REASON.into()), Said::msg(Ui::ErrListNotAnswered));
        assert_eq!(
            d.value(REASON),
            "钥匙借给保洁",
            "a refused text keeps what was typed"
        );
        assert_eq!(d.raw(PIN), "1234", "a PIN not refused stays");
        // A new PIN refused (the two did not match) takes its repeat with it.
        let mut new_pin = Form::new((), "t".into())
            .pin(PIN, Ui::FieldPin)
            .pin(PIN_AGAIN, Ui::FieldPinAgain)
            .pin(SUPERVISOR_PIN, Ui::FieldPin);
        typed(&mut new_pin, "1357");
        new_pin = new_pin.focus(PIN_AGAIN);
        typed(&mut new_pin, "1358");
        new_pin = new_pin.focus(SUPERVISOR_PIN);
        typed(&mut new_pin, "2468");
        new_pin.fail(Some(PIN.into()), Said::msg(Ui::ErrListNotAnswered));
        assert_eq!(
            (new_pin.raw(PIN), new_pin.raw(PIN_AGAIN)),
            (String::new(), String::new())
        );
        assert_eq!(new_pin.raw(SUPERVISOR_PIN), "2468");
    }

    #[test]
    fn sec_2_a_pin_typed_into_the_picker_above_it_goes_masked_into_the_pin_field() {
        let (d, who) = people();
        let mut d = d.pin(PIN, Ui::FieldPin);
        typed(&mut d, "李");
        typed(&mut d, "2468");
        assert_eq!(d.raw(PIN), "2468");
        assert_eq!(d.chosen(&who), Some(11), "the filter kept only the name");
        let mut pasted = people().0.pin(PIN, Ui::FieldPin);
        pasted.paste("１３５７");
        assert_eq!(pasted.raw(PIN), "1357");
        // A PIN before the list gets them too; a text field keeps its own digits.
        let (list, who) = people();
        let mut before = Form::new((), "t".into())
            .pin(PIN, Ui::FieldPin)
            .text(REASON, Ui::FieldReason)
            .choice(&who, Ui::FieldName, [(1_i64, "王芳".to_owned())], None);
        drop(list);
        before = before.focus(REASON);
        typed(&mut before, "12");
        assert_eq!(before.value(REASON), "12", "a text field keeps its digits");
        before = before.focus(&who);
        typed(&mut before, "34");
        assert_eq!(before.raw(PIN), "34");
        // A list in a form without a PIN filters by digits as usual.
        let (mut plain, who) = people();
        typed(&mut plain, "7");
        assert_eq!(plain.chosen(&who), None);
    }

    #[test]
    fn a_failed_submit_keeps_the_input_and_focuses_the_field() {
        let mut d = Form::new((), "t".into())
            .text(NAME, Ui::FieldName)
            .text(REASON, Ui::FieldName);
        typed(&mut d, "张伟");
        d.handle_key(key(KeyCode::Tab));
        d.fail(Some(NAME.into()), Said::verbatim("dup".into()));
        assert_eq!(d.error().as_deref(), Some("dup"));
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
        let keys: Vec<Text> = ["f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9"]
            .into_iter()
            .map(Text)
            .collect();
        let mut form = Form::new((), "t".into());
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
        let form = Form::new((), "t".into())
            .compact()
            .text(NAME, Ui::FieldName)
            .choice(
                &Pick::new("who"),
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
        let mut form = Form::new((), "t".into()).text(NAME, Ui::FieldName);
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
