//! The guided intake of a complaint (CMP-2, CMP-3, CMP-9; 004 篇3 六): the conversation the
//! sources prescribe, one step at a time — greet, listen and note the key points, empathise,
//! classify, tell the planned action and the time, close. Each step is a small form whose
//! first field offers that step's standard phrases; Enter on a phrase says it (it goes into
//! the conversation record, blanks filled, the form stays on the step so phrases stack), Enter
//! on "next step" checks the step and moves on. The things never to say sit beside.
//!
//! The draft lives in the pane, not in the form: Esc leaves the intake, `n` comes back to the
//! step where it was with everything typed (nothing typed is lost to a stray Esc).

use chrono::NaiveDate;
use ratatui::text::Line;
use strum::{EnumIter, FromRepr, IntoEnumIterator};

use super::labels::{self, unchosen};
use super::text::Cpl;
use crate::domain::complaint::{
    Category, Channel, ComplaintError, ComplaintEvent, ComplaintField, ComplaintForm,
    ComplaintProblem, Nature, Title, addressed, surname, validate_complaint, written_title,
};
use crate::domain::lobby::{OccupantId, OccupantKind};
use crate::domain::text::TextError;
use crate::i18n::{Lang, Msg, fill};
use crate::phrases::{self, Phrase};
use crate::store::{self, Store};
use crate::ui::describe;
use crate::ui::form::{FieldName, Form, Pick, Refusal, Text};
use crate::ui::pane::View;
use crate::ui::registers::forms::phone_problem;
use crate::ui::said::Said;
use crate::ui::text::Ui;
use crate::ui::theme::Theme;

pub const COMPLAINANT: Text = Text("complainant");
pub const PHONE: Text = Text("phone");
pub const COMPANY: Text = Text("company");
pub const UNIT: Text = Text("unit");
pub const WHAT: Text = Text("what");
pub const WHEN: Text = Text("when");
pub const WITNESSES: Text = Text("witnesses");
pub const EVIDENCE: Text = Text("evidence");

/// The lists of a step's form, made afresh each time the form is built and kept in its
/// purpose: the submit and the watching pane read the form back through them. A step's form
/// holds only its own lists; the others read back as nothing chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lists {
    /// What Enter says or does: a phrase, the next step, the previous one.
    pub phrase: Pick<Say>,
    pub channel: Pick<Option<Channel>>,
    /// The lobby's directory, searched as the clerk types.
    pub occupant: Pick<Option<OccupantId>>,
    pub about_staff: Pick<bool>,
    pub outcome: Pick<Option<Handling>>,
    pub nature: Pick<Option<Nature>>,
    pub category: Pick<Option<Category>>,
    pub department: Pick<Option<String>>,
}

impl Lists {
    pub fn new() -> Lists {
        Lists {
            phrase: Pick::new("phrase"),
            channel: Pick::new("channel"),
            occupant: Pick::new("occupant"),
            about_staff: Pick::new("about_staff"),
            outcome: Pick::new("outcome"),
            nature: Pick::new("nature"),
            category: Pick::new("category"),
            department: Pick::new("department"),
        }
    }
}

impl Default for Lists {
    fn default() -> Lists {
        Lists::new()
    }
}

/// The steps of the conversation, in the order the sources give them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, EnumIter, FromRepr)]
#[repr(usize)]
pub enum Step {
    #[default]
    Greet,
    Listen,
    Empathise,
    Classify,
    Promise,
    Close,
}

impl Step {
    pub fn label(self) -> Cpl {
        match self {
            Step::Greet => Cpl::StepGreet,
            Step::Listen => Cpl::StepListen,
            Step::Empathise => Cpl::StepEmpathise,
            Step::Classify => Cpl::StepClassify,
            Step::Promise => Cpl::StepPromise,
            Step::Close => Cpl::StepClose,
        }
    }

    /// The library's step name an office phrase added for this step is filed under.
    pub fn phrase_step(self) -> &'static str {
        match self {
            Step::Greet => "greet",
            Step::Listen => "clarify",
            Step::Empathise => "empathise",
            Step::Classify => "wait",
            Step::Promise => "promise",
            Step::Close => "farewell",
        }
    }

    /// The step's own fields, in the order its form shows them: each is checked when the
    /// clerk moves on from this step, and a refusal names the first at fault.
    pub fn fields(self, lists: &Lists) -> Vec<FieldName> {
        match self {
            Step::Greet => vec![
                (&lists.channel).into(),
                (&lists.occupant).into(),
                COMPLAINANT.into(),
                PHONE.into(),
                COMPANY.into(),
                UNIT.into(),
            ],
            Step::Listen => vec![
                WHAT.into(),
                WHEN.into(),
                (&lists.about_staff).into(),
                WITNESSES.into(),
                EVIDENCE.into(),
            ],
            Step::Classify => vec![
                (&lists.outcome).into(),
                (&lists.nature).into(),
                (&lists.category).into(),
                (&lists.department).into(),
            ],
            Step::Empathise | Step::Promise | Step::Close => Vec::new(),
        }
    }

    fn next(self) -> Option<Step> {
        Step::from_repr(self as usize + 1)
    }

    fn previous(self) -> Option<Step> {
        Step::from_repr((self as usize).checked_sub(1)?)
    }

    /// Whether a phrase of the library's `step` (`"greet (phone)"`, `"empathise"`) is one
    /// this step offers first; every other phrase is still found by typing.
    pub fn offers(self, phrase_step: &str) -> bool {
        let head = phrase_step.split([' ', '(']).next().unwrap_or_default();
        match self {
            Step::Greet => matches!(head, "greet" | "ask"),
            Step::Listen => matches!(head, "clarify" | "wait"),
            Step::Empathise => matches!(head, "empathise" | "thank"),
            Step::Classify => head == "wait",
            Step::Promise => head == "promise",
            Step::Close => matches!(head, "offer" | "farewell" | "praise"),
        }
    }
}

/// What Enter on the phrase picker does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Say {
    GoOn,
    Back,
    Phrase(String),
}

/// Whether the complaint is answered on the spot or goes to a department.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handling {
    FollowUp,
    OnTheSpot,
}

/// Everything the intake has gathered so far.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub step: Step,
    /// The conversation record: the phrases said, blanks filled, in order.
    pub said: Vec<String>,
    /// Which steps' own phrases were said (CMP-2 empathy first, CMP-9 the promise).
    pub empathised: bool,
    pub promised: bool,
    /// The day the reply was promised by, in the latest phrase that named one (CMP-9):
    /// held against the deadline before the intake moves on and in the store at filing.
    pub promised_by: Option<NaiveDate>,
    /// 先生 or 女士, asked once when a phrase first addressed the customer (`{surname}`),
    /// and kept with the complaint for the follow-up.
    pub title: Option<Title>,
    /// The surname the clerk gave for `{surname}` before a name was typed: for the phrases
    /// only, never carried into the complainant field.
    pub spoken_surname: Option<String>,
    pub channel: Option<Channel>,
    /// Who they are in the lobby's directory, with the picker's label for it.
    pub occupant: Option<(OccupantId, String)>,
    /// What the directory filled in for that occupant, so another pick replaces it.
    pub from_directory: Vec<(Text, String)>,
    pub complainant: String,
    pub phone: String,
    pub company: String,
    pub unit: String,
    pub what: String,
    pub when: String,
    pub about_staff: bool,
    pub witnesses: String,
    pub evidence: String,
    pub handling: Option<Handling>,
    pub nature: Option<Nature>,
    pub category: Option<Category>,
    pub department: Option<String>,
}

impl Draft {
    /// Nothing typed and nothing said: not worth keeping.
    pub fn is_blank(&self) -> bool {
        self.said.is_empty()
            && [
                &self.complainant,
                &self.phone,
                &self.company,
                &self.unit,
                &self.what,
            ]
            .iter()
            .all(|s| s.trim().is_empty())
    }

    /// Copies what the step's form holds into the draft; `lists` are the form's own.
    pub fn read(&mut self, form: &Form, lists: &Lists) {
        let text = |key: Text, into: &mut String| {
            if form.has_field(key) {
                *into = form.value(key);
            }
        };
        text(COMPLAINANT, &mut self.complainant);
        text(PHONE, &mut self.phone);
        text(COMPANY, &mut self.company);
        text(UNIT, &mut self.unit);
        text(WHAT, &mut self.what);
        text(WHEN, &mut self.when);
        text(WITNESSES, &mut self.witnesses);
        text(EVIDENCE, &mut self.evidence);
        // A search list starts with nothing chosen: left untouched (nothing chosen, nothing
        // typed) it keeps the draft's pick, so the step built again (after a phrase, on the
        // way back) never drops the pick and what the directory filled in. "Not in the
        // directory", chosen, clears it.
        let untouched = form.chosen(&lists.occupant).is_none()
            && form.query(&lists.occupant).is_none_or(str::is_empty);
        if form.has_field(&lists.occupant) && !untouched {
            let id = form.chosen(&lists.occupant).flatten();
            self.occupant = id.zip(form.chosen_label(&lists.occupant));
        }
        if form.has_field(&lists.channel) {
            self.channel = form.chosen(&lists.channel).flatten();
        }
        if form.has_field(&lists.about_staff) {
            self.about_staff = form.chosen(&lists.about_staff).unwrap_or(false);
        }
        if form.has_field(&lists.outcome) {
            self.handling = form.chosen(&lists.outcome).flatten();
        }
        if form.has_field(&lists.nature) {
            self.nature = form.chosen(&lists.nature).flatten();
        }
        if form.has_field(&lists.category) {
            self.category = form.chosen(&lists.category).flatten();
        }
        if form.has_field(&lists.department) {
            self.department = form.chosen(&lists.department).flatten();
        }
    }

    /// The customer's surname as a phrase needs it: read from the complainant's name
    /// (compound surnames included), or else the one the clerk gave for a phrase.
    pub fn surname(&self) -> Option<String> {
        surname(&self.complainant).or_else(|| self.spoken_surname.clone())
    }

    /// 先生 or 女士: as the clerk answered, or as written into the name (王先生).
    pub fn title(&self) -> Option<Title> {
        self.title.or_else(|| written_title(&self.complainant))
    }

    /// The customer as a phrase names them (`{surname}`: 李女士 for 李秀英), in `lang`;
    /// `None` until both the surname and the title are known (the console asks for what
    /// is missing, once).
    pub fn addressed_as(&self, lang: Lang) -> Option<String> {
        Some(addressed(&self.surname()?, self.title()?, lang == Lang::Zh))
    }

    /// The domain's form, for validation and filing.
    pub fn complaint_form(&self) -> ComplaintForm {
        ComplaintForm {
            complainant: self.complainant.clone(),
            title: self.title(),
            company: self.company.clone(),
            occupant: self.occupant.as_ref().map(|(id, _)| *id),
            unit: self.unit.clone(),
            phone: self.phone.clone(),
            what_happened: self.what.clone(),
            when_happened: self.when.clone(),
            channel: self.channel,
            about_staff: self.about_staff,
            witnesses: self.witnesses.clone(),
            evidence: self.evidence.clone(),
            answered_on_spot: self.handling == Some(Handling::OnTheSpot),
            category: self.category,
            conversation: self.said.clone(),
        }
    }

    /// What the classify step decided, as the lifecycle's first event (CMP-4).
    pub fn classification(&self) -> Option<ComplaintEvent> {
        if self.handling != Some(Handling::FollowUp) {
            return None;
        }
        Some(ComplaintEvent::DetermineNature {
            nature: self.nature?,
            category: self.category?,
            department: self.department.clone()?,
        })
    }
}

/// The phrase picker of a step: "next step" first (what Enter does unless a phrase is
/// chosen), the step's own phrases, "previous step", then every other phrase, found by any
/// word of either language or by the pinyin initials of the Chinese.
fn phrase_picker(
    form: Form,
    phrase: &Pick<Say>,
    step: Step,
    library: &[Phrase],
    spoken: &dyn Fn(&Phrase) -> String,
    lang: Lang,
) -> Form {
    let other = |lang: Lang| match lang {
        Lang::Zh => Lang::En,
        Lang::En => Lang::Zh,
    };
    let entry = |p: &Phrase| {
        let also = format!("{} {}", p.text(other(lang)), phrases::initials_of(&p.zh));
        (Say::Phrase(p.id.clone()), spoken(p), also)
    };
    let [go_on, back] = moves(lang);
    let mut options = vec![go_on];
    options.extend(library.iter().filter(|p| step.offers(&p.step)).map(entry));
    if step.previous().is_some() {
        options.push(back);
    }
    options.extend(library.iter().filter(|p| !step.offers(&p.step)).map(entry));
    // Enter says the phrase under the cursor and the step stays, so phrases stack; on
    // "→ next step" it moves on (issue 15 §3: the intake keeps its own rule for this list).
    form.choice_found_by(phrase, Cpl::FieldPhrase, options, Some(Say::GoOn))
        .enter_submits()
}

/// "→ next step" and "← previous step", found like every other option: by the other
/// language and the pinyin initials (`xyb`, `next`).
fn moves(lang: Lang) -> [(Say, String, String); 2] {
    [(Say::GoOn, Cpl::GoOn), (Say::Back, Cpl::GoBack)].map(|(say, name)| {
        let (shown, also) = labels::labelled(name, lang);
        (say, shown, also)
    })
}

fn yes_no(lang: Lang) -> Vec<(bool, String, String)> {
    [(false, Cpl::No), (true, Cpl::Yes)]
        .into_iter()
        .map(|(value, name)| {
            let (shown, also) = labels::labelled(name, lang);
            (value, shown, also)
        })
        .collect()
}

/// The form of the draft's current step, filled from the draft, with fresh lists that its
/// purpose carries.
pub fn form(draft: &Draft, view: &View, library: &[Phrase], due: Option<NaiveDate>) -> Form {
    let lang = view.lang;
    let step = draft.step;
    let title = fill(
        Cpl::IntakeTitle.text(lang),
        &[
            ("n", &(step as usize + 1)),
            ("step", &step.label().text(lang)),
        ],
    );
    // Each phrase as it will be said: blanks the record can fill already filled.
    let surname = draft.addressed_as(lang).unwrap_or_default();
    let deadline = due.map(|d| spoken_date(d, lang)).unwrap_or_default();
    let spoken = |p: &Phrase| {
        let values = [
            ("surname", surname.as_str()),
            ("deadline", deadline.as_str()),
            ("clerk", view.operator.name.as_str()),
        ];
        phrases::fill_blanks(p.text(lang), &view.shared.office, &values).text
    };
    let lists = Lists::new();
    let form = Form::new(super::Purpose::Intake(lists.clone()), title);
    let form = phrase_picker(form, &lists.phrase, step, library, &spoken, lang);
    let form = match step {
        Step::Greet => form
            .choice_found_by(
                &lists.channel,
                Cpl::FieldChannel,
                unchosen(labels::options(labels::channel, lang), lang),
                Some(draft.channel),
            )
            .search(
                &lists.occupant,
                Cpl::FieldOccupant,
                occupant_options(draft.occupant.clone(), lang),
                draft.occupant.as_ref().map(|(id, _)| Some(*id)),
            )
            .text_with(COMPLAINANT, Cpl::FieldComplainant, &draft.complainant)
            .text_with(PHONE, Cpl::FieldPhone, &draft.phone)
            .text_with(COMPANY, Cpl::FieldCompany, &draft.company)
            .text_with(UNIT, Cpl::FieldUnit, &draft.unit),
        Step::Listen => form
            .text_with(WHAT, Cpl::FieldWhat, &draft.what)
            .text_with(WHEN, Cpl::FieldWhen, &draft.when)
            .choice_found_by(
                &lists.about_staff,
                Cpl::FieldAboutStaff,
                yes_no(lang),
                Some(draft.about_staff),
            )
            .text_with(WITNESSES, Cpl::FieldWitnesses, &draft.witnesses)
            .text_with(EVIDENCE, Cpl::FieldEvidence, &draft.evidence),
        Step::Classify => {
            let handling = [
                (Handling::FollowUp, Cpl::OutcomeFollow),
                (Handling::OnTheSpot, Cpl::OutcomeOnSpot),
            ]
            .map(|(h, name)| {
                let (shown, also) = labels::labelled(name, lang);
                (h, shown, also)
            });
            form.choice_found_by(
                &lists.outcome,
                Cpl::FieldOutcome,
                unchosen(handling, lang),
                Some(draft.handling),
            )
            .choice_found_by(
                &lists.nature,
                Cpl::FieldNature,
                unchosen(labels::options(labels::nature, lang), lang),
                Some(draft.nature),
            )
            .choice_found_by(
                &lists.category,
                Cpl::FieldCategory,
                unchosen(labels::options(labels::category, lang), lang),
                Some(draft.category),
            )
            .choice_found_by(
                &lists.department,
                Cpl::FieldDepartment,
                unchosen(labels::department_options(lang), lang),
                Some(draft.department.clone()),
            )
        }
        Step::Empathise | Step::Promise | Step::Close => form,
    };
    let mut form = form.compact();
    form.set_side(side(draft, lang, due));
    form
}

/// The directory picker as the draft left it: whom it chose, under the cursor, then "not in
/// the directory". The pick comes first because a picker built again (the step shown again
/// after a phrase, or on the way back) starts on its first option: were that "not in the
/// directory", the pick and the details it filled in would be dropped.
fn occupant_options(
    picked: Option<(OccupantId, String)>,
    lang: Lang,
) -> Vec<(Option<OccupantId>, String)> {
    let mut options: Vec<_> = picked
        .map(|(id, label)| (Some(id), label))
        .into_iter()
        .collect();
    options.push((None, Cpl::NotInDirectory.text(lang).to_owned()));
    options
}

/// The directory's occupants `query` finds (name, pinyin initials, room), for the picker of
/// a complaint or a work order; no query lists what was `picked` (the pick stays when the
/// cursor passes the field). The complaint desk sees names in full: a complaint record
/// holds them (REG-11 keeps them from visitors, not from the record).
pub fn find_occupants(
    store: &Store,
    query: &str,
    picked: Option<(OccupantId, String)>,
    lang: Lang,
) -> store::Result<Vec<(Option<OccupantId>, String)>> {
    let found = match query.trim() {
        "" => return Ok(occupant_options(picked, lang)),
        query => store.occupants_matching(query, 20)?,
    };
    // What the query found, so the cursor is on the best match; "not in the directory"
    // only when it found nobody (clearing the query brings it back).
    let mut options: Vec<_> = found
        .into_iter()
        .map(|h| (Some(h.id), format!("{} {}", h.told_to_visitor(), h.name)))
        .collect();
    if options.is_empty() {
        options.push((None, Cpl::NotInDirectory.text(lang).to_owned()));
    }
    Ok(options)
}

/// Where the intake puts an occupant's name: a company's in the company field.
pub fn complainant_field(kind: OccupantKind) -> Text {
    match kind {
        OccupantKind::Company => COMPANY,
        OccupantKind::Resident => COMPLAINANT,
    }
}

/// Fills the details of the occupant just picked where the clerk has typed nothing (or the
/// directory filled them for an earlier pick); returns what it filled. `occupant` is the
/// form's directory picker; `name_field` says where the occupant's name goes.
pub fn fill_from_directory(
    form: &mut Form,
    occupant: &Pick<Option<OccupantId>>,
    store: &Store,
    before: &[(Text, String)],
    name_field: fn(OccupantKind) -> Text,
) -> store::Result<Vec<(Text, String)>> {
    let mut details = Vec::new();
    if let Some(id) = form.chosen(occupant).flatten()
        && let Some(record) = store.occupant(id)?
    {
        let occupant = record.occupant;
        let name_field = name_field(occupant.kind);
        details.push((name_field, occupant.name.clone()));
        if let Some(phone) = occupant.phones.first() {
            details.push((PHONE, phone.as_str().to_owned()));
        }
        details.push((UNIT, occupant.address.to_string()));
    }
    for (key, was) in before {
        if !details.iter().any(|(k, _)| k == key) {
            form.fill_over(*key, was, "");
        }
    }
    for (key, text) in &details {
        let was = before
            .iter()
            .find(|(k, _)| k == key)
            .map_or("", |(_, w)| w.as_str());
        form.fill_over(*key, was, text);
    }
    Ok(details)
}

/// Beside the steps: what has been said, the deadline once known, what never to do.
pub fn side(draft: &Draft, lang: Lang, due: Option<NaiveDate>) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(Cpl::SideSaid.text(lang), Theme::header())];
    if draft.said.is_empty() {
        lines.push(Line::styled(Cpl::SideNothingSaid.text(lang), Theme::dim()));
    }
    // The latest few: the record keeps them all.
    let skip = draft.said.len().saturating_sub(4);
    lines.extend(
        draft
            .said
            .iter()
            .skip(skip)
            .map(|s| Line::raw(format!("· {s}"))),
    );
    if let Some(due) = due {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            fill(
                Cpl::SideDeadline.text(lang),
                &[("due", &due.format("%m-%d"))],
            ),
            Theme::warning(),
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(Cpl::SideNever.text(lang), Theme::error()));
    lines
}

/// How `{deadline}` reads in a phrase.
pub fn spoken_date(date: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Zh => date.format("%-m月%-d日").to_string(),
        Lang::En => date.format("%-d %B").to_string(),
    }
}

/// Checks `step` before the clerk moves on from it, with the cursor on the first of its
/// fields at fault: the domain's checks of the complaint (CMP-1, CMP-12: a phone that is not
/// one, a name or unit missing, witnesses) each at the step whose form holds the field, and
/// the conversation's own order (CMP-2 empathy before classifying, CMP-9 the promise).
/// `lists` are the step's form's, to put the cursor on one of them.
pub fn check_step(draft: &Draft, step: Step, lists: &Lists) -> Result<(), Refusal> {
    fn chosen<V>(pick: &Pick<V>, label: Cpl, chosen: bool) -> Result<(), Refusal> {
        match chosen {
            true => Ok(()),
            false => Err(required(pick.into(), label)),
        }
    }
    match step {
        Step::Empathise if !draft.empathised => {
            return Err(Refusal::at(&lists.phrase, Said::msg(Cpl::ErrEmpathyFirst)));
        }
        Step::Classify => {
            chosen(&lists.outcome, Cpl::FieldOutcome, draft.handling.is_some())?;
            // The statistics count every complaint by category, one answered on the spot too.
            chosen(
                &lists.category,
                Cpl::FieldCategory,
                draft.category.is_some(),
            )?;
            if draft.handling == Some(Handling::FollowUp) {
                chosen(&lists.nature, Cpl::FieldNature, draft.nature.is_some())?;
                chosen(
                    &lists.department,
                    Cpl::FieldDepartment,
                    draft.department.is_some(),
                )?;
            }
        }
        Step::Promise if !draft.promised && draft.handling == Some(Handling::FollowUp) => {
            return Err(Refusal::at(&lists.phrase, Said::msg(Cpl::ErrPromiseFirst)));
        }
        _ => {}
    }
    let errors = validate_complaint(&draft.complaint_form())
        .err()
        .unwrap_or_default();
    let fields = step.fields(lists);
    let first = errors
        .iter()
        .filter_map(|e| {
            let (field, _) = field_of(e.field, lists)?;
            let at = fields.iter().position(|f| *f == field)?;
            Some((at, e))
        })
        .min_by_key(|(at, _)| *at);
    match first {
        Some((_, e)) => Err(refusal(e, lists)),
        None => Ok(()),
    }
}

/// CMP-9: the day promised is no later than the deadline `due` the classification gives
/// (promise only within authority); a later day needs a supervisor's approved extension
/// first, which the complaint gets once filed. Refused on the promise step's phrase list,
/// where the promise is said again.
pub fn check_promised(draft: &Draft, due: Option<NaiveDate>, lists: &Lists) -> Result<(), Refusal> {
    let (Some(promised), Some(due)) = (draft.promised_by, due) else {
        return Ok(());
    };
    if draft.handling != Some(Handling::FollowUp) || promised <= due {
        return Ok(());
    }
    Err(Refusal::at(&lists.phrase, promised_after(promised, due)))
}

/// "Promised by 12-20, after the deadline 12-07": what to do instead, in both languages.
pub fn promised_after(promised: NaiveDate, due: NaiveDate) -> Said {
    Said::fill(
        Cpl::ErrPromisedAfterDeadline,
        [
            ("promised", promised.format("%m-%d").to_string()),
            ("due", due.format("%m-%d").to_string()),
        ],
    )
}

/// Every step checked again, in order, before the complaint is filed; a refusal names the
/// step (the clerk is not taken anywhere: what was typed and picked stays where it is).
/// Only a draft changed behind the steps could fail here, since each step was checked when
/// the clerk left it; what the steps do not hold (the conversation record) is checked last.
/// `due` is the deadline the classification gives, for the promise (CMP-9).
pub fn check_all(draft: &Draft, lists: &Lists, due: Option<NaiveDate>) -> Result<(), Refusal> {
    for step in Step::iter() {
        let checked = check_step(draft, step, lists).and_then(|()| match step {
            Step::Promise => check_promised(draft, due, lists),
            _ => Ok(()),
        });
        checked.map_err(|refused| {
            let why = refused.said_or_busy();
            Refusal::said(Said::new(move |lang| {
                fill(
                    Cpl::ErrAtStep.text(lang),
                    &[
                        ("n", &(step as usize + 1)),
                        ("step", &step.label().text(lang)),
                        ("why", &why.text(lang)),
                    ],
                )
            }))
        })?;
    }
    match validate_complaint(&draft.complaint_form()) {
        Ok(_) => Ok(()),
        Err(errors) => Err(errors.first().map_or_else(
            || Refusal::said(Said::verbatim(String::new())),
            |e| refusal(e, lists),
        )),
    }
}

/// "{field}: required", with the cursor on the field.
pub fn required(field: FieldName, label: impl Into<Msg>) -> Refusal {
    let label = label.into();
    Refusal::at(
        field,
        Said::new(move |lang| fill(Ui::ErrRequired.text(lang), &[("field", &label.text(lang))])),
    )
}

/// Where the intake holds a field of the domain's form, and its label; `None` for a line of
/// the conversation, which is no step's field.
fn field_of(field: ComplaintField, lists: &Lists) -> Option<(FieldName, Cpl)> {
    Some(match field {
        ComplaintField::Complainant => (COMPLAINANT.into(), Cpl::FieldComplainant),
        ComplaintField::Company => (COMPANY.into(), Cpl::FieldCompany),
        ComplaintField::Unit => (UNIT.into(), Cpl::FieldUnit),
        ComplaintField::Phone => (PHONE.into(), Cpl::FieldPhone),
        ComplaintField::WhatHappened => (WHAT.into(), Cpl::FieldWhat),
        ComplaintField::WhenHappened => (WHEN.into(), Cpl::FieldWhen),
        ComplaintField::Channel => ((&lists.channel).into(), Cpl::FieldChannel),
        ComplaintField::Witnesses => (WITNESSES.into(), Cpl::FieldWitnesses),
        ComplaintField::Evidence => (EVIDENCE.into(), Cpl::FieldEvidence),
        ComplaintField::Category => ((&lists.category).into(), Cpl::FieldCategory),
        ComplaintField::Conversation(_) => return None,
    })
}

/// One of the domain's errors in the clerk's words, with the cursor on its field (`lists`
/// are the form's, for a field that is a list).
pub fn refusal(e: &ComplaintError, lists: &Lists) -> Refusal {
    let Some((field, label)) = field_of(e.field, lists) else {
        return Refusal::at(&lists.phrase, line_said(e.problem));
    };
    let label = label.msg();
    let said = match e.problem {
        ComplaintProblem::Required => return required(field, label),
        ComplaintProblem::Text(t) => Said::in_both(|lang| describe::text_error(label, t, lang)),
        ComplaintProblem::Phone(p) => Said::in_both(|lang| phone_problem(label, p, lang)),
        ComplaintProblem::WitnessesOrEvidence => Said::msg(Cpl::ErrWitnesses),
        ComplaintProblem::TooManyLines => {
            Said::in_both(|lang| describe::text_error(label, TextError::Empty, lang))
        }
    };
    Refusal::at(field, said)
}

/// Why a phrase cannot join the conversation record (too long once its blanks are filled,
/// or the record is full): refused at the phrase picker when it is said.
pub fn line_said(problem: ComplaintProblem) -> Said {
    match problem {
        ComplaintProblem::Text(t) => {
            Said::in_both(|lang| describe::text_error(Cpl::FieldPhrase.msg(), t, lang))
        }
        _ => Said::fill(
            Cpl::ErrTooManyLines,
            [(
                "max",
                crate::domain::complaint::CONVERSATION_MAX_LINES.to_string(),
            )],
        ),
    }
}

/// Where Enter on "next step" or "previous step" goes.
pub fn moved(step: Step, say: &Say) -> Option<Step> {
    match say {
        Say::GoOn => step.next(),
        Say::Back => step.previous(),
        Say::Phrase(_) => Some(step),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cmp_3_each_step_offers_its_own_phrases_from_the_library() {
        let offered = |step: Step| -> Vec<&str> {
            phrases::all()
                .iter()
                .filter(|p| step.offers(&p.step))
                .map(|p| p.id.as_str())
                .collect()
        };
        assert!(offered(Step::Greet).contains(&"greet_complaint_desk"));
        assert!(offered(Step::Empathise).contains(&"empathise_3"));
        assert!(offered(Step::Promise).contains(&"promise_2"));
        assert!(offered(Step::Close).contains(&"farewell"));
        assert!(!offered(Step::Promise).contains(&"farewell"));
    }

    #[test]
    fn cmp_3_the_customer_is_addressed_by_surname_and_title_never_by_full_name() {
        let mut draft = Draft {
            complainant: "王先生".into(),
            ..Draft::default()
        };
        assert_eq!(draft.addressed_as(Lang::Zh).as_deref(), Some("王先生"));
        draft.complainant = "李秀英".into();
        assert_eq!(draft.addressed_as(Lang::Zh), None, "the title is asked");
        draft.title = Some(Title::Ms);
        assert_eq!(draft.addressed_as(Lang::Zh).as_deref(), Some("李女士"));
        assert_eq!(draft.addressed_as(Lang::En).as_deref(), Some("Ms 李"));
        draft.complainant = "欧阳娜娜".into();
        assert_eq!(draft.addressed_as(Lang::Zh).as_deref(), Some("欧阳女士"));
        assert_eq!(
            draft.complaint_form().title,
            Some(Title::Ms),
            "kept with it"
        );
        // A surname given for a phrase alone is not the complainant's name.
        let spoken = Draft {
            spoken_surname: Some("王".into()),
            title: Some(Title::Mr),
            ..Draft::default()
        };
        assert_eq!(spoken.addressed_as(Lang::Zh).as_deref(), Some("王先生"));
        assert_eq!(spoken.complaint_form().complainant, "");
    }

    #[test]
    fn the_steps_go_forward_and_back_and_stop_at_the_ends() {
        assert_eq!(moved(Step::Greet, &Say::GoOn), Some(Step::Listen));
        assert_eq!(moved(Step::Greet, &Say::Back), None);
        assert_eq!(moved(Step::Close, &Say::GoOn), None);
        assert_eq!(
            moved(Step::Promise, &Say::Phrase("promise".into())),
            Some(Step::Promise)
        );
    }

    /// Where a refusal puts the cursor, and what it says in English.
    fn refused(checked: Result<(), Refusal>) -> (Option<FieldName>, String) {
        match checked {
            Err(Refusal::Refused { field, said }) => (field, said.text(Lang::En)),
            other => panic!("not refused: {other:?}"),
        }
    }

    /// A draft filled as far as the greeting and the listening, with a sound phone.
    fn greeted() -> Draft {
        Draft {
            channel: Some(Channel::Phone),
            complainant: "王先生".into(),
            phone: "13912345678".into(),
            unit: "1-2-301".into(),
            ..Draft::default()
        }
    }

    #[test]
    fn cmp_1_a_bad_phone_is_refused_at_the_greeting_on_its_field() {
        let draft = Draft {
            phone: "12345".into(),
            ..greeted()
        };
        let lists = Lists::new();
        let (field, message) = refused(check_step(&draft, Step::Greet, &lists));
        assert_eq!(field, Some(PHONE.into()));
        assert!(message.starts_with("Phone: "), "{message}");
        // What belongs to a later step is not asked for yet.
        assert!(check_step(&greeted(), Step::Greet, &lists).is_ok());
    }

    #[test]
    fn cmp_1_each_step_names_its_first_field_at_fault_in_the_order_it_shows_them() {
        let lists = Lists::new();
        let nothing = Draft::default();
        let (field, _) = refused(check_step(&nothing, Step::Greet, &lists));
        assert_eq!(field, Some((&lists.channel).into()));
        let no_unit = Draft {
            unit: String::new(),
            ..greeted()
        };
        let (field, _) = refused(check_step(&no_unit, Step::Greet, &lists));
        assert_eq!(
            field,
            Some(UNIT.into()),
            "no directory pick and no unit typed"
        );
        let (field, _) = refused(check_step(&greeted(), Step::Listen, &lists));
        assert_eq!(field, Some(WHAT.into()));
    }

    #[test]
    fn cmp_12_witnesses_or_evidence_are_asked_for_at_the_listening_step() {
        let draft = Draft {
            what: "保安态度恶劣".into(),
            about_staff: true,
            ..greeted()
        };
        let lists = Lists::new();
        let (field, message) = refused(check_step(&draft, Step::Listen, &lists));
        assert_eq!(field, Some(WITNESSES.into()));
        assert!(message.contains("CMP-12"), "{message}");
        let draft = Draft {
            evidence: "监控录像 10:05".into(),
            ..draft
        };
        assert!(check_step(&draft, Step::Listen, &lists).is_ok());
    }

    #[test]
    fn a_draft_checked_whole_at_filing_names_the_step_and_moves_nobody() {
        let draft = Draft {
            phone: "12345".into(),
            ..greeted()
        };
        let (field, message) = refused(check_all(&draft, &Lists::new(), None));
        assert_eq!(field, None, "the cursor stays where it is");
        assert!(message.starts_with("Step 1 (greet): Phone: "), "{message}");
    }

    #[test]
    fn a_step_refused_is_said_again_in_the_other_language_on_f2() {
        let Err(Refusal::Refused { said, .. }) =
            check_step(&Draft::default(), Step::Empathise, &Lists::new())
        else {
            panic!("empathy comes first");
        };
        assert_eq!(said.text(Lang::En), Cpl::ErrEmpathyFirst.text(Lang::En));
        assert_eq!(said.text(Lang::Zh), Cpl::ErrEmpathyFirst.text(Lang::Zh));
    }

    #[test]
    fn the_intake_pickers_find_their_options_by_the_other_language_and_pinyin_initials() {
        let found = |options: &[(String, String)], typed: &str| {
            options
                .iter()
                .filter(|(shown, also)| {
                    shown.to_lowercase().contains(typed) || also.to_lowercase().contains(typed)
                })
                .map(|(shown, _)| shown.clone())
                .collect::<Vec<_>>()
        };
        let moves_zh: Vec<_> = moves(Lang::Zh)
            .into_iter()
            .map(|(_, l, a)| (l, a))
            .collect();
        assert_eq!(found(&moves_zh, "next"), ["→ 下一步"]);
        assert_eq!(found(&moves_zh, "xyb"), ["→ 下一步"]);
        assert_eq!(found(&moves_zh, "syb"), ["← 上一步"]);
        let yes_no_zh: Vec<_> = yes_no(Lang::Zh)
            .into_iter()
            .map(|(_, l, a)| (l, a))
            .collect();
        assert_eq!(found(&yes_no_zh, "yes"), ["是"]);
        let yes_no_en: Vec<_> = yes_no(Lang::En)
            .into_iter()
            .map(|(_, l, a)| (l, a))
            .collect();
        assert_eq!(found(&yes_no_en, "是"), ["yes"]);
        assert_eq!(found(&yes_no_en, "f"), ["no"], "否 by its initial");
        // A phrase by the initials a clerk hears, its polyphonic characters read as said.
        let initials = |zh: &str| phrases::initials_of(zh);
        assert!(initials("还有什么可以帮您的吗?").starts_with("hysm"));
        assert!(initials("请稍等,我尽快帮您查找一下。").contains("cz"));
        assert!(initials("我们会及时把处理结果通知您。").starts_with("wmhjs"));
        assert!(initials("现在方便吗?").starts_with("xzfb"));
    }
}
