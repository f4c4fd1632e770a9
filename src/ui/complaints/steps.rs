//! What the complaints pane writes: the intake filed (CMP-1, CMP-4), the next step of a
//! complaint (CMP-7, CMP-8, CMP-10) or a repair (CMP-6), an approved extension (CMP-5), a
//! note, and a new repair work order. Each form names the step it records; the store checks
//! the step against the replayed state inside its transaction, so two desks cannot both
//! reply, and its refusal comes back in plain words.

use ratatui::text::Line;

use super::Purpose;
use super::intake::{self, Draft};
use super::labels::{self, unchosen};
use super::record::Record;
use super::text::Cpl;
use crate::domain::complaint::{
    ComplaintEvent, ComplaintId, LifecycleRefusal, NextStep, RepairError, RepairEvent, RepairField,
    RepairForm, RepairId, RepairNext, RepairProblem, RepairRefusal, Urgency, validate_complaint,
    validate_repair,
};
use crate::domain::workdays::WorkCalendar;
use crate::i18n::{Lang, fill};
use crate::phrases;
use crate::store::complaint::{ComplaintStepError, OpenRef, RepairStepError};
use crate::ui::context::Context;
use crate::ui::describe;
use crate::ui::form::{FieldKey, Form, Refusal};
use crate::ui::pane::{Action, View};
use crate::ui::registers::forms::phone_problem;
use crate::ui::said::Said;
use crate::ui::text::Ui;
use crate::ui::theme::Theme;

pub const TEXT: FieldKey = FieldKey("text");
pub const SATISFIED: FieldKey = FieldKey("satisfied");
pub const DAYS: FieldKey = FieldKey("days");
pub const NATURE: FieldKey = intake::NATURE;
pub const CATEGORY: FieldKey = intake::CATEGORY;
pub const DEPARTMENT: FieldKey = intake::DEPARTMENT;
pub const CUSTOMER: FieldKey = FieldKey("customer");
pub const PHONE: FieldKey = intake::PHONE;
pub const UNIT: FieldKey = intake::UNIT;
pub const WHAT: FieldKey = intake::WHAT;
pub const APPOINTMENT: FieldKey = FieldKey("appointment");
pub const URGENCY: FieldKey = FieldKey("urgency");
pub const RESPONSIBILITY: FieldKey = FieldKey("responsibility");
pub const COST: FieldKey = FieldKey("cost");

/// The longest text a step records.
const STEP_MAX_CHARS: usize = 300;

/// Which step a form records, on which complaint or repair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepPurpose {
    Complaint(ComplaintId, ComplaintAct),
    Repair(RepairId, RepairNext),
}

/// What is recorded on a complaint: its next step, an approved extension, or a note.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComplaintAct {
    Next(NextStep),
    Extend,
    Note,
}

pub fn next_label(next: NextStep) -> Cpl {
    match next {
        NextStep::DetermineNature => Cpl::DoDetermine,
        NextStep::Investigate => Cpl::DoInvestigate,
        NextStep::Assign => Cpl::DoAssign,
        NextStep::ProposeSolution => Cpl::DoPropose,
        NextStep::HeadSigns => Cpl::DoSign,
        NextStep::Reply => Cpl::DoReply,
        NextStep::FollowUp => Cpl::DoFollowUp,
        NextStep::Evaluate => Cpl::DoEvaluate,
    }
}

pub fn repair_label(next: RepairNext) -> Cpl {
    match next {
        RepairNext::Receive => Cpl::DoReceive,
        RepairNext::Plan => Cpl::DoPlan,
        RepairNext::Complete => Cpl::DoComplete,
        RepairNext::Confirm => Cpl::DoConfirm,
    }
}

fn step_form(purpose: StepPurpose, title: String) -> Form {
    Form::new(Purpose::Step(purpose), title)
}

fn title(work: OpenRef, label: Cpl, lang: Lang) -> String {
    fill(
        Cpl::StepDone.text(lang),
        &[("id", &super::number(work)), ("step", &label.text(lang))],
    )
}

fn yes_no(lang: Lang) -> Vec<(Option<bool>, String)> {
    vec![
        (None, Cpl::Choose.text(lang).to_owned()),
        (Some(true), Cpl::Yes.text(lang).to_owned()),
        (Some(false), Cpl::No.text(lang).to_owned()),
    ]
}

/// The form for the selected item's next step, or why there is none.
pub fn next_form(record: &Record, view: &View) -> Action {
    let lang = view.lang;
    let work = record.work();
    match record {
        Record::Complaint(c) => {
            let Some(next) = c.state.next_step() else {
                return Action::Error(Said::msg(Cpl::StepClosed));
            };
            let form = step_form(
                StepPurpose::Complaint(c.id, ComplaintAct::Next(next)),
                title(work, next_label(next), lang),
            );
            Action::Open(match next {
                NextStep::DetermineNature => form
                    .choice_found_by(
                        NATURE,
                        Cpl::FieldNature,
                        unchosen(labels::options(labels::nature, lang), lang),
                        None,
                    )
                    .choice_found_by(
                        CATEGORY,
                        Cpl::FieldCategory,
                        unchosen(labels::options(labels::category, lang), lang),
                        Some(c.state.category()),
                    )
                    .choice_found_by(
                        DEPARTMENT,
                        Cpl::FieldDepartment,
                        unchosen(labels::department_options(lang), lang),
                        None,
                    ),
                NextStep::Investigate => form.text(TEXT, Cpl::FieldCause),
                NextStep::Assign => form.text(TEXT, Cpl::FieldPerson),
                NextStep::ProposeSolution => form.text(TEXT, Cpl::FieldSolution),
                NextStep::HeadSigns => form.text(TEXT, Cpl::FieldHead),
                NextStep::Reply => form.text(TEXT, Cpl::FieldReply),
                NextStep::FollowUp => {
                    let mut form = form
                        .choice(SATISFIED, Cpl::FieldSatisfied, yes_no(lang), None)
                        .text(TEXT, Cpl::FieldRemarks);
                    form.set_side(follow_up_questions(record, view));
                    form
                }
                NextStep::Evaluate => form.text(TEXT, Cpl::FieldEvaluation),
            })
        }
        Record::Repair(r) => {
            let Some(next) = r.state.next_step() else {
                return Action::Error(Said::msg(Cpl::StepClosed));
            };
            let form = step_form(
                StepPurpose::Repair(r.id, next),
                title(work, repair_label(next), lang),
            );
            Action::Open(match next {
                RepairNext::Receive => form.text(TEXT, Cpl::FieldReceivedBy),
                RepairNext::Plan => form
                    .text(TEXT, Cpl::FieldPlan)
                    .text(RESPONSIBILITY, Cpl::FieldResponsibility),
                RepairNext::Complete => form.text(TEXT, Cpl::FieldStaff).text(COST, Cpl::FieldCost),
                RepairNext::Confirm => form
                    .choice(SATISFIED, Cpl::FieldSatisfied, yes_no(lang), None)
                    .text(TEXT, Cpl::FieldOpinion),
            })
        }
    }
}

/// What to ask at the follow-up (CMP-8; 002 3.3.6.7), blanks filled from the record.
fn follow_up_questions(record: &Record, view: &View) -> Vec<Line<'static>> {
    let lang = view.lang;
    let mut lines = vec![Line::styled(Cpl::FollowUpAsk.text(lang), Theme::header())];
    let surname = record.addressed_as();
    for p in phrases::all()
        .iter()
        .filter(|p| p.step.starts_with("follow-up"))
    {
        let filled = phrases::fill_blanks(
            p.text(lang),
            &view.shared.office,
            &[("surname", &surname), ("clerk", &view.operator.name)],
        );
        lines.push(Line::raw(format!("· {}", filled.text)));
    }
    lines
}

/// An approved extension of the deadline (CMP-5, special cases).
pub fn extend_form(record: &Record, view: &View) -> Action {
    let Record::Complaint(c) = record else {
        return Action::Error(Said::msg(Cpl::ErrComplaintsOnly));
    };
    let purpose = StepPurpose::Complaint(c.id, ComplaintAct::Extend);
    let form = step_form(purpose, title(record.work(), Cpl::DoExtend, view.lang))
        .text(DAYS, Cpl::FieldDays);
    Action::Open(view.approval(form))
}

pub fn note_form(record: &Record, view: &View) -> Action {
    let Record::Complaint(c) = record else {
        return Action::Error(Said::msg(Cpl::ErrComplaintsOnly));
    };
    let purpose = StepPurpose::Complaint(c.id, ComplaintAct::Note);
    let form = step_form(purpose, title(record.work(), Cpl::DoNote, view.lang));
    Action::Open(form.text(TEXT, Cpl::FieldNote))
}

/// Records the step the form is for.
pub fn submit(purpose: &StepPurpose, form: &Form, cx: &mut Context) -> Result<Said, Refusal> {
    let text = |cx: &Context, label: Cpl| cx.required(form, TEXT, label, STEP_MAX_CHARS);
    let said = |label: Cpl| {
        let id = match purpose {
            StepPurpose::Complaint(id, _) => id.0,
            StepPurpose::Repair(id, _) => id.0,
        };
        Said::new(move |lang| {
            fill(
                Cpl::StepDone.text(lang),
                &[("id", &id), ("step", &label.text(lang))],
            )
        })
    };
    match *purpose {
        StepPurpose::Complaint(id, act) => {
            let (event, approval, label) = match act {
                ComplaintAct::Next(next) => {
                    (complaint_event(next, form, cx)?, None, next_label(next))
                }
                ComplaintAct::Extend => {
                    let days: u8 = cx.number(form, DAYS, Cpl::FieldDays)?;
                    let approval = cx.approve(form)?;
                    (
                        ComplaintEvent::ExtendDeadline { working_days: days },
                        Some(approval),
                        Cpl::DoExtend,
                    )
                }
                ComplaintAct::Note => (
                    ComplaintEvent::Note {
                        text: text(cx, Cpl::FieldNote)?,
                    },
                    None,
                    Cpl::DoNote,
                ),
            };
            let unsatisfied = matches!(
                event,
                ComplaintEvent::FollowUp {
                    satisfied: false,
                    ..
                }
            );
            cx.store
                .complaint_step(cx.operator.id, id, &event, approval.as_ref(), cx.now)
                .map_err(|e| complaint_step_refusal(e, cx))?;
            if unsatisfied {
                return Ok(Said::fill(Cpl::Reopened, [("id", id.to_string())]));
            }
            Ok(said(label))
        }
        StepPurpose::Repair(id, next) => {
            let event = match next {
                RepairNext::Receive => RepairEvent::Receive {
                    by: text(cx, Cpl::FieldReceivedBy)?,
                },
                RepairNext::Plan => RepairEvent::Plan {
                    plan: text(cx, Cpl::FieldPlan)?,
                    responsibility: cx.required(
                        form,
                        RESPONSIBILITY,
                        Cpl::FieldResponsibility,
                        STEP_MAX_CHARS,
                    )?,
                },
                RepairNext::Complete => RepairEvent::Complete {
                    staff: text(cx, Cpl::FieldStaff)?,
                    cost_fen: cost_fen(form, cx)?,
                },
                RepairNext::Confirm => RepairEvent::Confirm {
                    satisfied: satisfied(form, cx)?,
                    opinion: form.value(TEXT),
                },
            };
            cx.store
                .repair_step(cx.operator.id, id, &event, cx.now)
                .map_err(|e| match e {
                    RepairStepError::Store(e) => cx.refusal(e),
                    RepairStepError::Refused(r) => (None, repair_refusal(r, cx.lang)),
                    RepairStepError::NoSuchRepair(_) => {
                        (None, Cpl::NothingSelected.text(cx.lang).to_owned())
                    }
                })?;
            Ok(said(repair_label(next)))
        }
    }
}

fn satisfied(form: &Form, cx: &Context) -> Result<bool, Refusal> {
    need(
        form.chosen(SATISFIED).flatten(),
        SATISFIED,
        Cpl::FieldSatisfied,
        cx.lang,
    )
}

/// Yuan as typed (`120`, `85.5`), in fen.
fn cost_fen(form: &Form, cx: &Context) -> Result<i64, Refusal> {
    let typed = form.value(COST);
    if typed.trim().is_empty() {
        return Ok(0);
    }
    let (yuan, fen) = typed.trim().split_once('.').unwrap_or((typed.trim(), ""));
    let fen = format!("{fen:0<2}");
    match (yuan.parse::<i64>(), fen.len() == 2, fen.parse::<i64>()) {
        (Ok(y), true, Ok(f)) if y >= 0 => Ok(y * 100 + f),
        _ => Err(cx.not_a_number(COST, Cpl::FieldCost)),
    }
}

/// A picker's value, or a refusal naming it: nothing chosen is never a default.
fn need<T>(value: Option<T>, key: FieldKey, label: Cpl, lang: Lang) -> Result<T, Refusal> {
    value.ok_or_else(|| {
        let message = fill(Ui::ErrRequired.text(lang), &[("field", &label.text(lang))]);
        (Some(key), message)
    })
}

fn complaint_event(next: NextStep, form: &Form, cx: &Context) -> Result<ComplaintEvent, Refusal> {
    let lang = cx.lang;
    let text = |label: Cpl| cx.required(form, TEXT, label, STEP_MAX_CHARS);
    Ok(match next {
        NextStep::DetermineNature => ComplaintEvent::DetermineNature {
            nature: need(
                form.chosen(NATURE).flatten(),
                NATURE,
                Cpl::FieldNature,
                lang,
            )?,
            category: need(
                form.chosen(CATEGORY).flatten(),
                CATEGORY,
                Cpl::FieldCategory,
                lang,
            )?,
            department: need(
                form.chosen::<Option<String>>(DEPARTMENT).flatten(),
                DEPARTMENT,
                Cpl::FieldDepartment,
                lang,
            )?,
        },
        NextStep::Investigate => ComplaintEvent::Investigate {
            cause: text(Cpl::FieldCause)?,
        },
        NextStep::Assign => ComplaintEvent::Assign {
            person: text(Cpl::FieldPerson)?,
        },
        NextStep::ProposeSolution => ComplaintEvent::ProposeSolution {
            text: text(Cpl::FieldSolution)?,
        },
        NextStep::HeadSigns => ComplaintEvent::HeadSigns {
            head: text(Cpl::FieldHead)?,
        },
        NextStep::Reply => ComplaintEvent::Reply {
            text: text(Cpl::FieldReply)?,
        },
        NextStep::FollowUp => ComplaintEvent::FollowUp {
            satisfied: satisfied(form, cx)?,
            remarks: form.value(TEXT),
        },
        NextStep::Evaluate => ComplaintEvent::Evaluate {
            text: text(Cpl::FieldEvaluation)?,
        },
    })
}

/// A refused step in plain words: what the lifecycle expects instead.
fn complaint_step_refusal(e: ComplaintStepError, cx: &Context) -> Refusal {
    let lang = cx.lang;
    match e {
        ComplaintStepError::Store(e) => cx.refusal(e),
        ComplaintStepError::Refused(r) => (None, lifecycle_refusal(r, lang)),
        ComplaintStepError::NeedsApproval => (None, Cpl::ErrExtensionDays.text(lang).to_owned()),
        ComplaintStepError::NoSuchComplaint(_) => {
            (None, Cpl::NothingSelected.text(lang).to_owned())
        }
    }
}

pub fn lifecycle_refusal(r: LifecycleRefusal, lang: Lang) -> String {
    let msg = match r {
        LifecycleRefusal::Closed => Cpl::ErrClosed,
        LifecycleRefusal::OutOfOrder { expected, .. } => {
            return match expected {
                Some(next) => fill(
                    Cpl::ErrOutOfOrder.text(lang),
                    &[("next", &next_label(next).text(lang))],
                ),
                None => Cpl::ErrClosed.text(lang).to_owned(),
            };
        }
        LifecycleRefusal::NotReplied => Cpl::ErrNotReplied,
        LifecycleRefusal::HeadNotSigned => Cpl::ErrHeadNotSigned,
        LifecycleRefusal::AlreadySigned => Cpl::ErrAlreadySigned,
        LifecycleRefusal::NatureNotDetermined => Cpl::ErrNatureNotDetermined,
        LifecycleRefusal::GeneralNotExtended => Cpl::ErrGeneralNotExtended,
        LifecycleRefusal::AlreadyReplied => Cpl::ErrAlreadyReplied,
        LifecycleRefusal::ExtensionTooLong { .. } | LifecycleRefusal::NoDays => {
            Cpl::ErrExtensionDays
        }
        LifecycleRefusal::Text { problem, .. } => {
            return describe::text_error(Cpl::FieldNote.msg(), problem, lang);
        }
    };
    msg.text(lang).to_owned()
}

fn repair_refusal(r: RepairRefusal, lang: Lang) -> String {
    fill(Cpl::ErrRepairOrder.text(lang), &[("why", &r)])
}

/// Files the intake's complaint and its classification (CMP-1, CMP-4) in one transaction;
/// what the status line says, and the complaint's number. Every step was checked as the
/// clerk left it, so a refusal here is the store's (or another desk writing, which the
/// shell retries); `calendar` is the one the intake promised the deadline from.
pub fn file(
    draft: &Draft,
    calendar: &WorkCalendar,
    cx: &mut Context,
) -> Result<(Said, OpenRef), Refusal> {
    intake::check_all(draft, cx.lang)?;
    let complaint =
        validate_complaint(&draft.complaint_form()).map_err(|errors| match errors.first() {
            Some(e) => intake::refusal(e, cx.lang),
            None => (None, String::new()),
        })?;
    let tz = cx.shared.settings.timezone();
    let Some(classification) = draft.classification() else {
        // Answered on the spot: recorded and closed at once.
        let id = cx
            .store
            .file_complaint(cx.operator.id, &complaint, cx.now)
            .map_err(|e| cx.refusal(e))?;
        let said = Said::fill(Cpl::FiledOnSpot, [("id", id.to_string())]);
        return Ok((said, OpenRef::Complaint(id)));
    };
    let (id, state) = cx
        .store
        .file_classified_complaint(cx.operator.id, &complaint, &classification, cx.now)
        .map_err(|e| complaint_step_refusal(e, cx))?;
    // Nothing is read after the write: a refusal now would have the shell file it again.
    let due = state
        .due(calendar, tz)
        .map(|d| d.format("%m-%d").to_string())
        .unwrap_or_default();
    let said = Said::fill(Cpl::Filed, [("id", id.to_string()), ("due", due)]);
    Ok((said, OpenRef::Complaint(id)))
}

/// A new repair work order (CMP-6).
pub fn repair_form(view: &View) -> Form {
    let lang = view.lang;
    let urgencies = unchosen(labels::options(labels::urgency, lang), lang);
    Form::new(Purpose::Repair, Cpl::RepairTitle.text(lang).to_owned())
        .text(CUSTOMER, Cpl::FieldCustomer)
        .text(PHONE, Cpl::FieldPhone)
        .text(UNIT, Cpl::FieldUnit)
        .text(WHAT, Cpl::FieldRepairWhat)
        .choice_found_by(
            URGENCY,
            Cpl::FieldUrgency,
            urgencies,
            None::<Option<Urgency>>,
        )
        .text(APPOINTMENT, Cpl::FieldAppointment)
        .compact()
}

/// Files a repair work order; what the status line says, and the order's number.
pub fn file_repair(form: &Form, cx: &mut Context) -> Result<(Said, OpenRef), Refusal> {
    let lang = cx.lang;
    let typed = RepairForm {
        customer: form.value(CUSTOMER),
        phone: form.value(PHONE),
        occupant: None,
        unit: form.value(UNIT),
        what: form.value(WHAT),
        appointment: form.value(APPOINTMENT),
        urgency: form.chosen::<Option<Urgency>>(URGENCY).flatten(),
    };
    let repair = validate_repair(&typed).map_err(|errors| repair_form_refusal(&errors, lang))?;
    let id = cx
        .store
        .file_repair(cx.operator.id, &repair, cx.now)
        .map_err(|e| cx.refusal(e))?;
    let urgency = labels::urgency(repair.urgency);
    let said = Said::new(move |lang| {
        fill(
            Cpl::RepairFiled.text(lang),
            &[("id", &id), ("urgency", &urgency.text(lang))],
        )
    });
    Ok((said, OpenRef::Repair(id)))
}

fn repair_form_refusal(errors: &[RepairError], lang: Lang) -> Refusal {
    let Some(e) = errors.first() else {
        return (None, String::new());
    };
    let (key, label) = match e.field {
        RepairField::Customer => (CUSTOMER, Cpl::FieldCustomer),
        RepairField::Phone => (PHONE, Cpl::FieldPhone),
        RepairField::Unit => (UNIT, Cpl::FieldUnit),
        RepairField::What => (WHAT, Cpl::FieldRepairWhat),
        RepairField::Appointment => (APPOINTMENT, Cpl::FieldAppointment),
        RepairField::Urgency => (URGENCY, Cpl::FieldUrgency),
    };
    let message = match e.problem {
        RepairProblem::Required => {
            fill(Ui::ErrRequired.text(lang), &[("field", &label.text(lang))])
        }
        RepairProblem::Text(t) => describe::text_error(label.msg(), t, lang),
        RepairProblem::Phone(p) => phone_problem(label.msg(), p, lang),
    };
    (Some(key), message)
}
