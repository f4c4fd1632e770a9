//! The phrase library as the complaints pane uses it (CMP-3): the shipped phrases and the
//! office's own, how often each was used, saying one into the intake's record with its
//! blanks filled (and asking for the ones the record cannot fill), the library searched as
//! you type, and a supervisor adding an office phrase.

use std::collections::HashMap;

use chrono::NaiveDate;
use ratatui::text::Line;
use strum::IntoEnumIterator;

use super::Purpose;
use super::intake::{self, Draft, Say, Step, line_said, spoken_date};
use super::labels;
use super::text::Cpl;
use crate::domain::complaint::{Title, check_line, promised_day, surname, written_title};
use crate::domain::staff::StaffId;
use crate::i18n::{Lang, fill};
use crate::phrases::{self, Phrase};
use crate::store::complaint::{OfficePhraseError, PhraseField};
use crate::store::{self, Store};
use crate::ui::context::Context;
use crate::ui::describe;
use crate::ui::form::{FieldName, Form, Pick, Refusal, Text};
use crate::ui::pane::View;
use crate::ui::said::Said;
use crate::ui::theme::Theme;

pub const SEARCH: Text = Text("search");
pub const ZH: Text = Text("zh");
pub const EN: Text = Text("en");

/// The longest phrase an office may add, in characters.
const PHRASE_MAX_CHARS: usize = 120;

/// The phrases the desk offers: the shipped ones, then the office's own.
pub struct Library {
    phrases: Vec<Phrase>,
    uses: HashMap<String, u64>,
}

impl Default for Library {
    fn default() -> Library {
        Library {
            phrases: phrases::all().to_vec(),
            uses: HashMap::new(),
        }
    }
}

impl Library {
    pub fn phrases(&self) -> &[Phrase] {
        &self.phrases
    }

    pub fn uses(&self, id: &str) -> u64 {
        self.uses.get(id).copied().unwrap_or(0)
    }

    pub fn reload(&mut self, store: &Store) -> store::Result<()> {
        let mut phrases = phrases::all().to_vec();
        phrases.extend(store.office_phrases()?);
        self.phrases = phrases;
        self.uses = store.phrase_uses()?.into_iter().collect();
        Ok(())
    }

    fn get(&self, id: &str) -> Option<&Phrase> {
        self.phrases.iter().find(|p| p.id == id)
    }
}

fn blank_label(blank: &str) -> Cpl {
    match blank {
        "surname" => Cpl::BlankSurname,
        "deadline" => Cpl::BlankDeadline,
        _ => Cpl::BlankClerk,
    }
}

/// Says phrase `id` into the draft's record: its blanks filled from the record, or a form
/// asking for the ones nothing fills (returned; the phrase is said when it is submitted).
/// `phrase_picker` is the step's, where a refusal puts the cursor.
pub fn say(
    library: &mut Library,
    draft: &mut Draft,
    id: &str,
    due: Option<NaiveDate>,
    phrase_picker: &Pick<Say>,
    cx: &mut Context,
) -> Result<Option<Form>, Refusal> {
    let Some(phrase) = library.get(id).cloned() else {
        return Ok(None);
    };
    let lang = cx.lang;
    let surname = draft.addressed_as(lang).unwrap_or_default();
    let deadline = due.map(|d| spoken_date(d, lang)).unwrap_or_default();
    let filled = phrases::fill_blanks(
        phrase.text(lang),
        &cx.shared.office,
        &[
            ("surname", &surname),
            ("deadline", &deadline),
            ("clerk", &cx.operator.name),
        ],
    );
    // A phrase the record cannot take is refused as it is said, not at filing.
    check_line(draft.said.len(), &filled.text)
        .map_err(|p| Refusal::at(phrase_picker, line_said(p)))?;
    if filled.missing.is_empty() {
        if phrase.text(lang).contains("{deadline}") {
            draft.promised_by = due;
        }
        record(library, draft, &phrase, filled.text, cx);
        return Ok(None);
    }
    let title = Pick::new("title");
    let purpose = Purpose::Blanks {
        phrase: phrase.id.clone(),
        text: filled.text.clone(),
        missing: filled.missing.clone(),
        title: title.clone(),
    };
    let mut form = Form::new(purpose, Cpl::BlanksTitle.text(lang).to_owned()).hint(filled.text);
    for blank in filled.missing {
        if blank != "surname" {
            form = form.text(Text(blank), blank_label(blank));
            continue;
        }
        // `{surname}` is the surname and 先生/女士: asked for what the record lacks, once.
        if draft.surname().is_none() {
            form = form.text(Text(blank), Cpl::BlankSurname);
        }
        if draft.title().is_none() {
            form = form.choice_found_by(&title, Cpl::BlankTitle, title_options(lang), None);
        }
    }
    Ok(Some(form))
}

/// 先生 and 女士 behind "(choose)", found by either language.
fn title_options(lang: Lang) -> Vec<(Option<Title>, String, String)> {
    let titles = [(Title::Mr, Cpl::TitleMr), (Title::Ms, Cpl::TitleMs)].map(|(t, name)| {
        let (shown, also) = labels::labelled(name, lang);
        (t, shown, also)
    });
    labels::unchosen(titles, lang)
}

/// `{surname}` as the clerk answered the blanks' form (`title` is its list): the surname
/// from the record or as typed (read as a name is read: 王秀英 gives 王), with 先生/女士
/// from the record, the name typed (王先生) or the list. What was asked is kept in the
/// draft, so no later phrase asks again; a surname typed here is the phrases' alone, never
/// the complainant's name.
fn asked_surname(
    draft: &mut Draft,
    form: &Form,
    title: &Pick<Option<Title>>,
    cx: &Context,
) -> Result<String, Refusal> {
    let typed = match draft.surname() {
        Some(_) => None,
        None => Some(cx.required(form, Text("surname"), Cpl::BlankSurname, 20)?),
    };
    let spoken = typed.as_deref().and_then(surname);
    let chosen = typed
        .as_deref()
        .and_then(written_title)
        .or_else(|| form.chosen(title).flatten());
    let Some(title) = draft.title().or(chosen) else {
        return Err(intake::required(title.into(), Cpl::BlankTitle));
    };
    if spoken.is_some() {
        draft.spoken_surname = spoken;
    }
    draft.title = Some(title);
    Ok(draft.addressed_as(cx.lang).unwrap_or_default())
}

/// The blanks the clerk typed, put into the phrase, which is then said; `title` is the
/// form's list of 先生/女士.
#[allow(clippy::too_many_arguments)]
pub fn fill_asked(
    library: &mut Library,
    draft: &mut Draft,
    id: &str,
    text: &str,
    missing: &[&'static str],
    title: &Pick<Option<Title>>,
    form: &Form,
    cx: &mut Context,
) -> Result<(), Refusal> {
    let mut values = Vec::new();
    let mut promised = None;
    let before = (draft.title, draft.spoken_surname.clone());
    for blank in missing {
        if *blank == "surname" {
            match asked_surname(draft, form, title, cx) {
                Ok(value) => values.push((*blank, value)),
                Err(refused) => {
                    (draft.title, draft.spoken_surname) = before;
                    return Err(refused);
                }
            }
            continue;
        }
        let mut value = cx.required(form, Text(blank), blank_label(blank), 40)?;
        if *blank == "deadline" {
            // CMP-9: the day promised is a date, held against the deadline once known.
            let today = cx
                .now
                .with_timezone(&cx.shared.settings.timezone())
                .date_naive();
            let day = promised_day(&value, today).ok_or_else(|| {
                let label = blank_label(blank);
                Refusal::at(
                    Text(blank),
                    Said::new(move |lang| {
                        fill(Cpl::ErrNotADate.text(lang), &[("field", &label.text(lang))])
                    }),
                )
            })?;
            value = spoken_date(day, cx.lang);
            promised = Some(day);
        }
        values.push((*blank, value));
    }
    let values: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let filled = phrases::fill_blanks(text, &cx.shared.office, &values);
    // The blanks' form has no phrase picker: the refusal names no field.
    check_line(draft.said.len(), &filled.text).map_err(|p| {
        (draft.title, draft.spoken_surname) = before.clone();
        Refusal::said(line_said(p))
    })?;
    if let Some(phrase) = library.get(id).cloned() {
        if promised.is_some() {
            draft.promised_by = promised;
        }
        record(library, draft, &phrase, filled.text, cx);
    }
    Ok(())
}

/// Puts a said phrase into the record and counts its use.
fn record(
    library: &mut Library,
    draft: &mut Draft,
    phrase: &Phrase,
    text: String,
    cx: &mut Context,
) {
    draft.said.push(text);
    let head = phrase.step.split([' ', '(']).next().unwrap_or_default();
    draft.empathised |= head == "empathise";
    draft.promised |= head == "promise";
    // A use count is a figure for the office, not evidence: a desk that cannot write it
    // (read-only, another desk saving) still says the phrase.
    if cx.store.count_phrase_use(&phrase.id).is_ok() {
        *library.uses.entry(phrase.id.clone()).or_default() += 1;
    }
}

/// The library, searched as you type: matches beside the box with how often each was used.
pub fn form(view: &View, library: &Library) -> Form {
    let mut form = Form::new(
        Purpose::Library,
        Cpl::PhrasesTitle.text(view.lang).to_owned(),
    )
    .text(SEARCH, Cpl::FieldSearch);
    watch(&mut form, library, view);
    form
}

pub fn watch(form: &mut Form, library: &Library, view: &View) {
    let lang = view.lang;
    let query = form.value(SEARCH);
    let lines = phrases::search(library.phrases(), &query)
        .into_iter()
        .take(30)
        .flat_map(|p| {
            let used = fill(Cpl::PhraseUsed.text(lang), &[("n", &library.uses(&p.id))]);
            [
                Line::raw(p.text(lang).to_owned()),
                Line::styled(format!("  {} · {used}", p.step), Theme::dim()),
            ]
        })
        .collect();
    form.set_side(lines);
}

/// A supervisor's phrase for the office, at a step of the conversation (audited).
pub fn add_form(view: &View) -> Form {
    let steps = Step::iter().map(|s| {
        (
            s.phrase_step().to_owned(),
            s.label().text(view.lang).to_owned(),
        )
    });
    let (step, supervisor) = (Pick::new("step"), Pick::new("supervisor"));
    let form = Form::new(
        Purpose::AddPhrase {
            step: step.clone(),
            supervisor: supervisor.clone(),
        },
        Cpl::AddPhrase.text(view.lang).to_owned(),
    )
    .choice(&step, Cpl::FieldPhraseStep, steps, None)
    .text(ZH, Cpl::FieldZh)
    .text(EN, Cpl::FieldEn);
    view.approval(form, &supervisor)
}

/// Adds the phrase the form holds; `step` and `supervisor` are its lists.
pub fn add(
    form: &Form,
    step: &Pick<String>,
    supervisor: &Pick<StaffId>,
    cx: &mut Context,
) -> Result<Said, Refusal> {
    let step_name = cx.choice_of(form, step)?;
    let zh = cx.required(form, ZH, Cpl::FieldZh, PHRASE_MAX_CHARS)?;
    let en = cx.required(form, EN, Cpl::FieldEn, PHRASE_MAX_CHARS)?;
    let approval = cx.approve(form, supervisor)?;
    cx.store
        .add_office_phrase(cx.operator.id, approval, &step_name, &zh, &en, cx.now)
        .map_err(|e| match e {
            OfficePhraseError::Text { field, problem } => {
                let (field, label): (FieldName, Cpl) = match field {
                    PhraseField::Step => (step.into(), Cpl::FieldPhraseStep),
                    PhraseField::Zh => (ZH.into(), Cpl::FieldZh),
                    PhraseField::En => (EN.into(), Cpl::FieldEn),
                };
                Refusal::at(
                    field,
                    Said::in_both(|lang| describe::text_error(label.msg(), problem, lang)),
                )
            }
            OfficePhraseError::Store(e) => cx.refusal(e),
        })?;
    Ok(Said::msg(Cpl::PhraseAdded))
}
