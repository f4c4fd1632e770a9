//! The handover pane's forms and what submitting each writes: a log entry and its
//! correction (HND-1), the handover with the checklist and the outgoing clerk's PIN (HND-3,
//! HND-6), the incoming clerk chosen, a question and its answer (HND-3), acceptance with the
//! incoming clerk's PIN (HND-5) or refusal with a reason (HND-4), and the supervisor's
//! signature on the day (HND-6).

use chrono::NaiveDate;

use super::text::Hnd;
use crate::domain::handover::{
    CheckedItem, HandoverEvent, HandoverId, HandoverRefusal, LogEntry, LogEntryError, LogEntryForm,
    LogEntryId, LogField, LogProblem, MAX_CHECKLIST_ITEMS, Priority, default_english, split_tags,
    validate_log_entry,
};
use crate::domain::staff::{Role, StaffId};
use crate::i18n::{Lang, fill};
use crate::store::chain::ChainHead;
use crate::store::handover::{DayReview, HandoverRecord, HandoverStepError};
use crate::ui::context::Context;
use crate::ui::describe;
use crate::ui::form::{self, FieldName, Form, Pick, Refusal, Text};
use crate::ui::pane::{Done, PaneId, Target, View};
use crate::ui::said::Said;

pub const TAGS: Text = Text("tags");
pub const TEXT: Text = Text("text");
pub const REASON: Text = Text("reason");

/// One picker and one note per checklist item; an office has at most
/// [`MAX_CHECKLIST_ITEMS`].
const CHECKS: [&str; MAX_CHECKLIST_ITEMS] = [
    "check0", "check1", "check2", "check3", "check4", "check5", "check6", "check7", "check8",
    "check9", "check10", "check11", "check12", "check13", "check14", "check15", "check16",
    "check17", "check18", "check19",
];
const NOTES: [Text; MAX_CHECKLIST_ITEMS] = {
    const NAMES: [&str; MAX_CHECKLIST_ITEMS] = [
        "note0", "note1", "note2", "note3", "note4", "note5", "note6", "note7", "note8", "note9",
        "note10", "note11", "note12", "note13", "note14", "note15", "note16", "note17", "note18",
        "note19",
    ];
    let mut keys = [Text(""); MAX_CHECKLIST_ITEMS];
    let mut i = 0;
    while i < MAX_CHECKLIST_ITEMS {
        keys[i] = Text(NAMES[i]);
        i += 1;
    }
    keys
};

/// What a handover form is for, with the handles of its lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    Log {
        priority: Pick<Priority>,
    },
    Correct {
        entry: LogEntryId,
        priority: Pick<Priority>,
    },
    /// One tick-or-not picker per checklist item, in the office's order.
    HandOver {
        checks: Vec<Pick<Option<bool>>>,
    },
    Reader {
        reader: Pick<StaffId>,
    },
    /// A command, not a form: the rows `by` has been shown whole are written as read, then
    /// the record an item opened is shown (`goto`).
    Read {
        id: HandoverId,
        by: StaffId,
        goto: Option<(PaneId, Target)>,
    },
    Ask(HandoverId, StaffId),
    Answer(HandoverId, usize),
    Accept(HandoverId, StaffId),
    Refuse(HandoverId, StaffId),
    /// Which day to review (and then sign): a supervisor chooses (HND-6).
    Day {
        day: Pick<NaiveDate>,
    },
    Sign {
        day: NaiveDate,
        heads: Vec<ChainHead>,
        supervisor: Pick<StaffId>,
    },
}

pub fn priority_label(p: Priority) -> Hnd {
    match p {
        Priority::Normal => Hnd::PriorityNormal,
        Priority::Important => Hnd::PriorityImportant,
        Priority::Urgent => Hnd::PriorityUrgent,
    }
}

fn priorities(lang: Lang) -> Vec<(Priority, String)> {
    [Priority::Normal, Priority::Important, Priority::Urgent]
        .map(|p| (p, priority_label(p).text(lang).to_owned()))
        .to_vec()
}

/// A checklist item in the clerk's language: the default items have their English.
pub fn checklist_item(item: &str, lang: Lang) -> String {
    match (lang, default_english(item)) {
        (Lang::En, Some(en)) => en.to_owned(),
        _ => item.to_owned(),
    }
}

pub fn log_entry(view: &View) -> Form {
    let priority = Pick::new("priority");
    let purpose = Purpose::Log {
        priority: priority.clone(),
    };
    Form::new(purpose, Hnd::LogTitle.text(view.lang).to_owned())
        // Normal unless the clerk says otherwise, shown as chosen: never a default taken
        // for a list nobody looked at.
        .choice(
            &priority,
            Hnd::FieldPriority,
            priorities(view.lang),
            Some(Priority::Normal),
        )
        .text(TAGS, Hnd::FieldTags)
        .text(TEXT, Hnd::FieldText)
        .required()
        .focus(TEXT)
}

pub fn correct(view: &View, entry: &LogEntry) -> Form {
    let priority = Pick::new("priority");
    let purpose = Purpose::Correct {
        entry: entry.id,
        priority: priority.clone(),
    };
    Form::new(purpose, Hnd::CorrectTitle.text(view.lang).to_owned())
        .choice(
            &priority,
            Hnd::FieldPriority,
            priorities(view.lang),
            Some(entry.priority),
        )
        .text_with(TAGS, Hnd::FieldTags, &entry.tags.join(" "))
        .text_with(TEXT, Hnd::FieldText, &entry.text)
        .text(REASON, Hnd::FieldReason)
}

/// The handover: each office checklist item checked or explained, then the outgoing
/// clerk's PIN (their signature).
pub fn hand_over(view: &View) -> Form {
    let lang = view.lang;
    let settings = &view.shared.settings;
    let local = view.now.with_timezone(&settings.timezone()).naive_local();
    let shift = settings
        .shifts()
        .handed_over(local)
        .map_or_else(String::new, |s| checklist_item(&s.shift.name, lang));
    let title = fill(Hnd::HandOverTitle.text(lang), &[("shift", &shift)]);
    let items = settings.handover_checklist();
    let checks: Vec<_> = CHECKS
        .iter()
        .take(items.len())
        .map(|&name| Pick::new(name))
        .collect();
    let purpose = Purpose::HandOver {
        checks: checks.clone(),
    };
    let mut form = Form::new(purpose, title).hint(Hnd::HandOverHint.text(lang));
    for ((item, check), note) in items.iter().zip(&checks).zip(NOTES) {
        let name = checklist_item(item, lang);
        // `y` ticks an item and `n` leaves it for the note, in either language.
        let options = vec![
            (None, Hnd::Choose.text(lang).to_owned(), String::new()),
            (
                Some(true),
                Hnd::Checked.text(lang).to_owned(),
                "y yes ok".to_owned(),
            ),
            (
                Some(false),
                Hnd::NotChecked.text(lang).to_owned(),
                "n no".to_owned(),
            ),
        ];
        form = form
            .choice_found_by(check, Hnd::FieldCheck, options, None)
            .labelled(name)
            .text(note, Hnd::FieldNote);
    }
    form.pin(form::PIN, Hnd::FieldYourPin).compact()
}

pub fn reader(view: &View, outgoing: StaffId, current: Option<StaffId>) -> Form {
    let clerks = view
        .shared
        .staff
        .iter()
        .filter(|s| s.active && s.id != outgoing && s.role != Role::Salesperson)
        .map(|s| (s.id, s.name.clone()));
    let pick = Pick::new("reader");
    let purpose = Purpose::Reader {
        reader: pick.clone(),
    };
    Form::new(purpose, Hnd::ReaderTitle.text(view.lang).to_owned()).choice(
        &pick,
        Hnd::FieldReader,
        clerks,
        current,
    )
}

pub fn chosen_reader(
    form: &Form,
    cx: &Context,
    reader: &Pick<StaffId>,
) -> Result<StaffId, Refusal> {
    cx.choice_of(form, reader)
}

pub fn reader_said(cx: &Context, reader: StaffId) -> Said {
    Said::fill(Hnd::ReaderChosen, [("who", cx.shared.name(reader))])
}

pub fn ask(view: &View, id: HandoverId, by: StaffId) -> Form {
    Form::new(
        Purpose::Ask(id, by),
        Hnd::AskTitle.text(view.lang).to_owned(),
    )
    .text(TEXT, Hnd::FieldQuestion)
}

pub fn answer(view: &View, id: HandoverId, question: usize, text: &str) -> Form {
    Form::new(
        Purpose::Answer(id, question),
        Hnd::AnswerTitle.text(view.lang).to_owned(),
    )
    .hint(text.to_owned())
    .text(TEXT, Hnd::FieldAnswer)
}

pub fn accept(view: &View, id: HandoverId, by: StaffId) -> Form {
    let title = fill(
        Hnd::AcceptTitle.text(view.lang),
        &[("who", &view.shared.name(by))],
    );
    Form::new(Purpose::Accept(id, by), title).pin(form::PIN, Hnd::FieldIncomingPin)
}

pub fn refuse(view: &View, id: HandoverId, by: StaffId) -> Form {
    Form::new(
        Purpose::Refuse(id, by),
        Hnd::RefuseTitle.text(view.lang).to_owned(),
    )
    .text(REASON, Hnd::FieldRefusal)
}

/// The day to review: the days not signed, oldest first, then today, then the days
/// signed, newest first; the oldest not signed is proposed.
pub fn day(view: &View, unsigned: &[NaiveDate], signed: &[NaiveDate]) -> Form {
    let lang = view.lang;
    let today = view.shared.day;
    let label = |msg: Hnd, d: &NaiveDate| fill(msg.text(lang), &[("day", &d.format("%Y-%m-%d"))]);
    let mut options: Vec<(NaiveDate, String)> = unsigned
        .iter()
        .map(|d| (*d, label(Hnd::DayUnsigned, d)))
        .collect();
    if !signed.contains(&today) {
        options.push((today, label(Hnd::DayToday, &today)));
    }
    options.extend(signed.iter().map(|d| (*d, label(Hnd::DaySignedAlready, d))));
    let first = options.first().map(|(d, _)| *d);
    let pick = Pick::new("day");
    Form::new(
        Purpose::Day { day: pick.clone() },
        Hnd::DayTitle.text(lang).to_owned(),
    )
    .hint(Hnd::DayHint.text(lang))
    .choice(&pick, Hnd::FieldDay, options, first)
}

pub fn sign(view: &View, review: &DayReview) -> Form {
    let title = fill(
        Hnd::SignTitle.text(view.lang),
        &[("day", &review.day.format("%Y-%m-%d"))],
    );
    let supervisor = Pick::new("supervisor");
    let purpose = Purpose::Sign {
        day: review.day,
        heads: review.heads.clone(),
        supervisor: supervisor.clone(),
    };
    let form = Form::new(purpose, title).text(TEXT, Hnd::FieldRemarks);
    view.approval(form, &supervisor)
}

/// The outgoing clerk hands over: the checklist checked, their PIN signs; the record as
/// written, for the pane to show at once (the incoming clerk may press a key before the next
/// tick reads it). `checks` are the checklist's pickers.
pub fn hand_over_submit(
    form: &Form,
    cx: &mut Context,
    checks: &[Pick<Option<bool>>],
) -> Result<(Done, HandoverRecord), Refusal> {
    let (op, now) = (cx.operator.id, cx.now);
    let checklist = checklist(form, cx, checks)?;
    let signed = cx
        .store
        .sign(Some(op), op, &form.raw(form::PIN), now)
        .map_err(|e| cx.refusal(e).on(form::PIN))?;
    let record = cx
        .store
        .submit_handover(signed, &checklist, now)
        .map_err(|e| step_refusal(e, cx))?;
    let said = Said::fill(
        Hnd::HandedOver,
        [
            ("id", record.id.to_string()),
            ("items", record.state.items().len().to_string()),
            ("log", record.log.len().to_string()),
        ],
    );
    Ok((Done::status(said), record))
}

/// Does what the form is for.
pub fn submit(purpose: &Purpose, form: &Form, cx: &mut Context) -> Result<Done, Refusal> {
    let op = cx.operator.id;
    let now = cx.now;
    let step = |cx: &mut Context, id: HandoverId, event: HandoverEvent, signed| {
        cx.store
            .handover_event(op, id, &event, signed, now)
            .map_err(|e| step_refusal(e, cx))
    };
    Ok(match purpose {
        Purpose::Log { priority } => {
            let draft = log_draft(form, priority)?;
            cx.store
                .log_entry(op, &draft, now)
                .map_err(|e| cx.refusal(e))?;
            Done::status(Said::msg(Hnd::Logged))
        }
        Purpose::Correct { entry, priority } => {
            let draft = log_draft(form, priority)?;
            let reason = form.value(REASON);
            cx.store
                .correct_log_entry(op, *entry, &draft, &reason, now)
                .map_err(|e| step_refusal(e, cx))?;
            Done::status(Said::msg(Hnd::CorrectedSaid))
        }
        // The pane's own: what they read or write goes straight into what it shows.
        Purpose::HandOver { .. }
        | Purpose::Reader { .. }
        | Purpose::Read { .. }
        | Purpose::Day { .. } => Done::default(),
        Purpose::Ask(id, by) => {
            let text = cx.required(form, TEXT, Hnd::FieldQuestion, 200)?;
            step(cx, *id, HandoverEvent::Ask { by: *by, text }, None)?;
            Done::status(Said::msg(Hnd::Asked))
        }
        Purpose::Answer(id, question) => {
            let text = cx.required(form, TEXT, Hnd::FieldAnswer, 200)?;
            let event = HandoverEvent::Answer {
                by: op,
                question: *question,
                text,
            };
            step(cx, *id, event, None)?;
            Done::status(Said::msg(Hnd::Answered))
        }
        Purpose::Accept(id, by) => {
            let signed = cx
                .store
                .sign(Some(op), *by, &form.raw(form::PIN), now)
                .map_err(|e| cx.refusal(e).on(form::PIN))?;
            step(cx, *id, HandoverEvent::Accept { by: *by }, Some(signed))?;
            let incoming = cx.shared.staff.iter().find(|s| s.id == *by).cloned();
            let said = Said::fill(Hnd::AcceptedSaid, [("who", cx.shared.name(*by))]);
            // The incoming clerk is the operator now: the desk changed hands (HND-7).
            Done {
                operator: incoming,
                ..Done::status(said)
            }
        }
        Purpose::Refuse(id, by) => {
            let reason = cx.required(form, REASON, Hnd::FieldRefusal, 200)?;
            step(cx, *id, HandoverEvent::Refuse { by: *by, reason }, None)?;
            // The refusal is flagged to the supervisors at once, this desk's too (HND-4).
            Done::status(Said::msg(Hnd::RefusedSaid)).changing_shared()
        }
        Purpose::Sign {
            day,
            heads,
            supervisor,
        } => {
            let remarks = form.value(TEXT);
            let approval = cx.approve(form, supervisor)?;
            cx.store
                .sign_day(op, approval, *day, &remarks, heads, now)
                .map_err(|e| step_refusal(e, cx))?;
            // The day's refusals are dealt with: their flag goes.
            Done::status(Said::fill(
                Hnd::DaySigned,
                [("day", day.format("%Y-%m-%d").to_string())],
            ))
            .changing_shared()
        }
    })
}

fn log_draft(
    form: &Form,
    priority: &Pick<Priority>,
) -> Result<crate::domain::handover::LogEntryDraft, Refusal> {
    let typed = LogEntryForm {
        priority: form.choice_of(priority)?,
        tags: split_tags(&form.value(TAGS)),
        text: form.value(TEXT),
    };
    validate_log_entry(&typed).map_err(|e| log_refusal(&e))
}

fn log_refusal(e: &LogEntryError) -> Refusal {
    let (key, label) = match e.field {
        LogField::Text => (TEXT, Hnd::FieldText),
        LogField::Tags => (TAGS, Hnd::FieldTags),
        LogField::Reason => (REASON, Hnd::FieldReason),
    };
    let said = match &e.problem {
        LogProblem::Text(t) => Said::in_both(|lang| describe::text_error(label.msg(), *t, lang)),
        LogProblem::TooManyTags => Said::fill(
            Hnd::ErrTooManyTags,
            [("n", crate::domain::handover::MAX_TAGS.to_string())],
        ),
    };
    Refusal::at(key, said)
}

/// The checklist as ticked in `checks`, each item once, in the office's order.
fn checklist(
    form: &Form,
    cx: &Context,
    checks: &[Pick<Option<bool>>],
) -> Result<Vec<CheckedItem>, Refusal> {
    let items = cx.shared.settings.handover_checklist();
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        // An item added since the form opened has no picker: unticked, refused.
        let check = checks.get(i);
        let ticked = check.and_then(|c| form.chosen(c)).flatten();
        let note = form.value(NOTES[i]);
        let said = || Said::in_both(|lang| unchecked(item, lang));
        match ticked {
            None => {
                return Err(Refusal::Refused {
                    field: check.map(FieldName::from),
                    said: said(),
                });
            }
            Some(false) if note.trim().is_empty() => {
                return Err(Refusal::at(NOTES[i], said()));
            }
            Some(ticked) => out.push(CheckedItem {
                item: item.clone(),
                ticked,
                note,
            }),
        }
    }
    Ok(out)
}

/// "Check or explain" for a checklist item, in the clerk's language.
fn unchecked(item: &str, lang: Lang) -> String {
    fill(
        Hnd::ErrChecklist.text(lang),
        &[("item", &checklist_item(item, lang))],
    )
}

/// A refused handover step in plain words.
pub fn step_refusal(e: HandoverStepError, cx: &Context) -> Refusal {
    let name = |id: StaffId| cx.shared.name(id);
    let said = match e {
        HandoverStepError::Store(e) => return cx.refusal(e),
        HandoverStepError::Log(e) => return log_refusal(&e),
        HandoverStepError::NeedsSignature(id) => {
            let said = Said::fill(Hnd::ErrNoPin, [("who", name(id))]);
            return Refusal::at(form::PIN, said);
        }
        HandoverStepError::Remarks(t) => {
            let said = Said::in_both(|lang| describe::text_error(Hnd::FieldRemarks.msg(), t, lang));
            return Refusal::at(TEXT, said);
        }
        HandoverStepError::Refused(r) => refusal_words(&r, cx),
        HandoverStepError::AlreadyPending(id) => {
            Said::fill(Hnd::ErrPending, [("id", id.to_string())])
        }
        HandoverStepError::NotYourEntry(_) => Said::msg(Hnd::ErrNotYours),
        HandoverStepError::NotAnOriginal { .. } => Said::msg(Hnd::ErrNotOriginal),
        HandoverStepError::NoSuchEntry(_) => Said::msg(Hnd::ErrNoEntry),
        HandoverStepError::DaySigned { day, by, .. } => Said::fill(
            Hnd::ErrDaySigned,
            [
                ("day", day.format("%Y-%m-%d").to_string()),
                ("who", name(by)),
            ],
        ),
        HandoverStepError::DayNotBegun(_) => Said::msg(Hnd::ErrNotBegun),
        HandoverStepError::HeadNotInChain(_) => Said::msg(Hnd::ErrHeadMoved),
        HandoverStepError::NoSuchHandover(_) => Said::msg(Hnd::ErrNoPending),
    };
    Refusal::said(said)
}

fn refusal_words(r: &HandoverRefusal, cx: &Context) -> Said {
    let name = |id: &StaffId| cx.shared.name(*id);
    match r {
        HandoverRefusal::Unread(keys) => {
            Said::fill(Hnd::ErrUnread, [("n", keys.len().to_string())])
        }
        HandoverRefusal::OpenQuestion(_) => Said::msg(Hnd::ErrOpenQuestion),
        HandoverRefusal::AlreadyAccepted { by } => {
            Said::fill(Hnd::ErrAccepted, [("who", name(by))])
        }
        HandoverRefusal::AlreadyRefused { by } => {
            Said::fill(Hnd::ErrRefusedBy, [("who", name(by))])
        }
        HandoverRefusal::OwnHandover => Said::msg(Hnd::ErrOwn),
        HandoverRefusal::OnlyOutgoingAnswers => Said::msg(Hnd::ErrNotOutgoing),
        HandoverRefusal::ChecklistUnchecked(item) => Said::in_both(|lang| unchecked(item, lang)),
        HandoverRefusal::NoChecklist
        | HandoverRefusal::ChecklistMissing(_)
        | HandoverRefusal::ChecklistUnknown(_) => Said::msg(Hnd::ErrChecklistChanged),
        HandoverRefusal::NoSuchQuestion(_) | HandoverRefusal::AlreadyAnswered(_) => {
            Said::msg(Hnd::ErrNoQuestion)
        }
        HandoverRefusal::Text { problem, .. } => {
            Said::in_both(|lang| describe::text_error(Hnd::FieldText.msg(), *problem, lang))
        }
        HandoverRefusal::AlreadySubmitted
        | HandoverRefusal::NotSubmitted
        | HandoverRefusal::UnknownKey(_) => Said::msg(Hnd::ErrNoPending),
    }
}
