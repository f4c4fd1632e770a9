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

use std::any::Any;
use std::rc::Rc;

use ratatui::text::Line;
use ratatui_textarea::TextArea;

pub use self::draft::Draft;
pub use self::draw::{centered, clear_under};
use self::picker::{Choice, Picker};
use super::said::Said;
use super::text::Ui;
use super::theme::Theme;
use crate::domain::text::{ascii_digits, sanitize};
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
    key: FieldKey,
    label: Label,
    input: Input,
    /// Marked from the start; an empty one is refused before the pane is asked.
    required: bool,
    check: Option<Check>,
    /// The text the form was opened with: what is typed is what differs from it.
    initial: String,
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
    pub fn new(purpose: impl Any, title: String) -> Form {
        Form {
            purpose: Box::new(purpose),
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
        let mut form = self.push(key, label.into(), Input::Text(Box::new(area)));
        if let Some(field) = form.fields.last_mut() {
            field.initial = initial.to_owned();
        }
        form
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
        // Nothing is chosen unless the opener chose it (the operator as approving supervisor).
        let selected = selected.and_then(|s| options.iter().position(|(v, _, _)| *v == s));
        let options = options
            .into_iter()
            .map(|(value, label, also)| Choice::new(Rc::new(value), label, &also))
            .collect();
        self.push(
            key,
            label.into(),
            Input::Choice(Picker {
                options,
                selected,
                opened_on: selected,
                filter: String::new(),
                remote: false,
            }),
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
            input: Input::Choice(picker),
            ..
        }) = form.fields.last_mut()
        {
            picker.remote = true;
        }
        form
    }

    /// What is typed into a picker, if `key` is one.
    pub fn query(&self, key: FieldKey) -> Option<&str> {
        match self.field(key).map(|f| &f.input) {
            Some(Input::Choice(picker)) => Some(&picker.filter),
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
            input: Input::Choice(picker),
            ..
        }) = self.fields.iter_mut().find(|f| f.key == key)
        else {
            return;
        };
        let was: Option<Rc<dyn Any>> = picker.chosen().map(|c| Rc::clone(&c.value));
        let found: Vec<(V, String)> = found.into_iter().collect();
        // The cursor stays on what it was on; a query that found something puts it on the
        // first result (what was typed is a choice being made); nothing typed, nothing chosen.
        let kept = was.and_then(|was| {
            let was = was.downcast_ref::<V>()?;
            found.iter().position(|(v, _)| v == was)
        });
        let typed = !picker.filter.is_empty();
        picker.selected = kept.or((typed && !found.is_empty()).then_some(0));
        picker.options = found
            .into_iter()
            .map(|(value, label)| Choice::new(Rc::new(value), label, ""))
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
        self.fields.push(Field {
            key,
            label,
            input,
            required: false,
            check: None,
            initial: String::new(),
        });
        self
    }

    /// Marks the last field required: shown from the start, refused empty before submit.
    pub fn required(mut self) -> Self {
        if let Some(field) = self.fields.last_mut() {
            field.required = true;
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
            Some(Input::Choice(picker)) => picker
                .chosen()
                .and_then(|c| c.value.downcast_ref::<V>())
                .cloned(),
            _ => None,
        }
    }

    /// The label of the chosen option, as the picker shows it.
    pub fn chosen_label(&self, key: FieldKey) -> Option<String> {
        match self.field(key).map(|f| &f.input) {
            Some(Input::Choice(picker)) => picker.chosen().map(|c| c.label.clone()),
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
                input: Input::Choice(picker),
                ..
            }) => (label.text(lang), picker.filter.as_str()),
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
        self.fail_said(field, Said::verbatim(message));
    }

    /// Shows a message that follows the language switch, at the field at fault.
    pub fn fail_said(&mut self, field: Option<FieldKey>, said: Said) {
        if let Some(i) = field.and_then(|k| self.fields.iter().position(|f| f.key == k)) {
            self.focus = i;
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
    pub fn missing_required(&self) -> Option<(FieldKey, Said)> {
        let field = self.fields.iter().find(|f| {
            f.required
                && match &f.input {
                    Input::Text(area) => sanitize(&area.lines().join(" ")).trim().is_empty(),
                    Input::Choice(picker) => picker.chosen().is_none(),
                }
        })?;
        let label = match &field.label {
            Label::Said(msg) => *msg,
            Label::Own(_) => return None,
        };
        let said = match field.input {
            Input::Choice(_) => Said::new(move |lang| {
                fill(Ui::ErrChoose.text(lang), &[("field", &label.text(lang))])
            }),
            Input::Text(_) if field.input.is_pin() => Said::msg(Ui::ErrPinRequired),
            Input::Text(_) => Said::new(move |lang| {
                fill(Ui::ErrRequired.text(lang), &[("field", &label.text(lang))])
            }),
        };
        Some((field.key, said))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use unicode_width::UnicodeWidthStr;

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
        assert_eq!(
            d.handle_key(key(KeyCode::Enter)),
            FormEvent::Submit,
            "Enter on the last field submits"
        );
        assert_eq!(d.handle_key(key(KeyCode::Esc)), FormEvent::Cancel);
    }

    #[test]
    fn enter_in_a_list_chooses_and_moves_on_and_never_submits() {
        let mut d = people().text(REASON, Ui::FieldReason);
        assert_eq!(d.handle_key(key(KeyCode::Enter)), FormEvent::None);
        assert_eq!(
            d.chosen::<i64>(WHO),
            Some(10),
            "the first Enter shows the cursor"
        );
        assert_eq!(d.focused(), Some(WHO));
        d.handle_key(key(KeyCode::Down));
        assert_eq!(d.handle_key(key(KeyCode::Enter)), FormEvent::None);
        assert_eq!(d.chosen::<i64>(WHO), Some(11));
        assert_eq!(d.focused(), Some(REASON), "chose and moved on");
        typed(&mut d, "迟到");
        assert_eq!(d.handle_key(key(KeyCode::Enter)), FormEvent::Submit);
    }

    #[test]
    fn ctrl_s_submits_from_any_field_and_tab_past_an_untouched_list_leaves_it_empty() {
        let mut d = people().text(REASON, Ui::FieldReason);
        d.handle_key(key(KeyCode::Tab));
        assert_eq!(d.chosen::<i64>(WHO), None, "nothing chosen by passing");
        let ctrl_s = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(d.handle_key(ctrl_s), FormEvent::Submit);
        assert_eq!(d.value(REASON), "", "Ctrl-S types nothing");
    }

    #[test]
    fn a_required_field_left_empty_is_named_before_the_pane_is_asked() {
        let mut d = Form::new(Purpose::Test, "t".into())
            .text(NAME, Ui::FieldName)
            .required()
            .pin(PIN, Ui::FieldPin)
            .required();
        let (field, said) = d.missing_required().unwrap();
        assert_eq!(field, NAME);
        assert_eq!(said.text(Lang::En), "Name: required");
        typed(&mut d, "王芳");
        let (field, said) = d.missing_required().unwrap();
        assert_eq!(field, PIN);
        assert_eq!(said.text(Lang::En), "PIN required");
    }

    #[test]
    fn a_field_is_checked_as_the_clerk_leaves_it_and_the_message_follows_the_language() {
        fn digits_only(text: &str) -> Option<Said> {
            (!text.chars().all(|c| c.is_ascii_digit())).then(|| Said::msg(Ui::ErrNumber))
        }
        let mut d = Form::new(Purpose::Test, "t".into())
            .text(NAME, Ui::FieldName)
            .checked(digits_only)
            .text(REASON, Ui::FieldReason);
        typed(&mut d, "12a");
        d.handle_key(key(KeyCode::Tab));
        assert!(d.error().is_some(), "said on leaving");
        assert_eq!(d.focused(), Some(REASON), "the walk goes on");
        d.handle_key(key(KeyCode::BackTab));
        d.handle_key(key(KeyCode::Backspace));
        d.handle_key(key(KeyCode::Tab));
        assert_eq!(d.error(), None, "put right, the message goes");
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
        assert_eq!(
            d.chosen::<i64>(WHO),
            None,
            "nothing is chosen until the clerk chooses"
        );
        d.handle_key(key(KeyCode::Down));
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
        assert_eq!(d.choice_of::<i64>(WHO, Lang::En).unwrap_err().0, Some(WHO));
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
        let mut d = people();
        d.handle_key(key(KeyCode::Down));
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
