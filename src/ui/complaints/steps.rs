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
    Category, ComplaintEvent, ComplaintId, LifecycleRefusal, Nature, NextStep, RepairError,
    RepairEvent, RepairField, RepairForm, RepairId, RepairNext, RepairProblem, RepairRefusal,
    Urgency, validate_complaint, validate_repair,
};
use crate::domain::lobby::OccupantId;
use crate::domain::staff::StaffId;
use crate::domain::workdays::WorkCalendar;
use crate::i18n::{Lang, fill};
use crate::phrases;
use crate::store::complaint::{ComplaintStepError, OpenRef, RepairStepError};
use crate::ui::context::{self, Context};
use crate::ui::describe;
use crate::ui::form::{FieldName, Form, Pick, Refusal, Text};
use crate::ui::pane::{Action, View};
use crate::ui::registers::forms::phone_problem;
use crate::ui::said::Said;
use crate::ui::theme::Theme;

pub const TEXT: Text = Text("text");
pub const DAYS: Text = Text("days");
pub const CUSTOMER: Text = Text("customer");
pub const PHONE: Text = intake::PHONE;
pub const UNIT: Text = intake::UNIT;
pub const WHAT: Text = intake::WHAT;
pub const APPOINTMENT: Text = Text("appointment");
pub const RESPONSIBILITY: Text = Text("responsibility");
pub const COST: Text = Text("cost");

/// The longest text a step records.
const STEP_MAX_CHARS: usize = 300;

/// Which step a form records, on which complaint or repair, with the lists of its form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepPurpose {
    Complaint(ComplaintId, ComplaintAct, Lists),
    Repair(RepairId, RepairNext, Lists),
}

/// The lists a step's form may ask from, made with the form and kept in its purpose; a
/// form holds only the ones its step asks, the others read back as nothing chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lists {
    pub nature: Pick<Option<Nature>>,
    pub category: Pick<Option<Category>>,
    pub department: Pick<Option<String>>,
    pub satisfied: Pick<Option<bool>>,
    /// Who approves an extension (CMP-5).
    pub supervisor: Pick<StaffId>,
}

impl Lists {
    pub fn new() -> Lists {
        Lists {
            nature: Pick::new("nature"),
            category: Pick::new("category"),
            department: Pick::new("department"),
            satisfied: Pick::new("satisfied"),
            supervisor: Pick::new("supervisor"),
        }
    }
}

impl Default for Lists {
    fn default() -> Lists {
        Lists::new()
    }
}

/// What is recorded on a complaint: its next step, an approved extension, or a note.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComplaintAct {
    Next(NextStep),
    /// An extension, by a clerk who saw the round extended by `seen` days already.
    Extend {
        seen: u8,
    },
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
            let lists = Lists::new();
            let form = step_form(
                StepPurpose::Complaint(c.id, ComplaintAct::Next(next), lists.clone()),
                title(work, next_label(next), lang),
            );
            Action::Open(match next {
                NextStep::DetermineNature => form
                    .choice_found_by(
                        &lists.nature,
                        Cpl::FieldNature,
                        unchosen(labels::options(labels::nature, lang), lang),
                        None,
                    )
                    .choice_found_by(
                        &lists.category,
                        Cpl::FieldCategory,
                        unchosen(labels::options(labels::category, lang), lang),
                        Some(c.state.category()),
                    )
                    .choice_found_by(
                        &lists.department,
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
                        .choice(&lists.satisfied, Cpl::FieldSatisfied, yes_no(lang), None)
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
            let lists = Lists::new();
            let form = step_form(
                StepPurpose::Repair(r.id, next, lists.clone()),
                title(work, repair_label(next), lang),
            );
            Action::Open(match next {
                RepairNext::Receive => form.text(TEXT, Cpl::FieldReceivedBy),
                RepairNext::Plan => form
                    .text(TEXT, Cpl::FieldPlan)
                    .text(RESPONSIBILITY, Cpl::FieldResponsibility),
                RepairNext::Complete => form.text(TEXT, Cpl::FieldStaff).text(COST, Cpl::FieldCost),
                RepairNext::Confirm => form
                    .choice(&lists.satisfied, Cpl::FieldSatisfied, yes_no(lang), None)
                    .text(TEXT, Cpl::FieldOpinion),
            })
        }
    }
}

/// What to ask at the follow-up (CMP-8; 002 3.3.6.7), blanks filled from the record.
fn follow_up_questions(record: &Record, view: &View) -> Vec<Line<'static>> {
    let lang = view.lang;
    let mut lines = vec![Line::styled(Cpl::FollowUpAsk.text(lang), Theme::header())];
    let surname = record.addressed_as(lang);
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
    let lists = Lists::new();
    let seen = c.state.deadline().map_or(0, |d| d.extension);
    let purpose = StepPurpose::Complaint(c.id, ComplaintAct::Extend { seen }, lists.clone());
    let form = step_form(purpose, title(record.work(), Cpl::DoExtend, view.lang))
        .text(DAYS, Cpl::FieldDays);
    Action::Open(view.approval(form, &lists.supervisor))
}

pub fn note_form(record: &Record, view: &View) -> Action {
    let Record::Complaint(c) = record else {
        return Action::Error(Said::msg(Cpl::ErrComplaintsOnly));
    };
    let purpose = StepPurpose::Complaint(c.id, ComplaintAct::Note, Lists::new());
    let form = step_form(purpose, title(record.work(), Cpl::DoNote, view.lang));
    Action::Open(form.text(TEXT, Cpl::FieldNote))
}

/// Records the step the form is for.
pub fn submit(purpose: &StepPurpose, form: &Form, cx: &mut Context) -> Result<Said, Refusal> {
    let text = |cx: &Context, label: Cpl| cx.required(form, TEXT, label, STEP_MAX_CHARS);
    let said = |label: Cpl| {
        let id = match purpose {
            StepPurpose::Complaint(id, ..) => id.0,
            StepPurpose::Repair(id, ..) => id.0,
        };
        Said::new(move |lang| {
            fill(
                Cpl::StepDone.text(lang),
                &[("id", &id), ("step", &label.text(lang))],
            )
        })
    };
    match *purpose {
        StepPurpose::Complaint(id, act, ref lists) => {
            let (event, approval, label) = match act {
                ComplaintAct::Next(next) => (
                    complaint_event(next, form, lists, cx)?,
                    None,
                    next_label(next),
                ),
                ComplaintAct::Extend { seen } => {
                    let days: u8 = cx.number(form, DAYS, Cpl::FieldDays)?;
                    let approval = cx.approve(form, &lists.supervisor)?;
                    // Held against what this clerk saw: another desk's extension meanwhile
                    // is said, not added to.
                    cx.store
                        .extend_complaint(cx.operator.id, id, days, seen, &approval, cx.now)
                        .map_err(|e| complaint_step_refusal(e, cx))?;
                    return Ok(said(Cpl::DoExtend));
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
        StepPurpose::Repair(id, next, ref lists) => {
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
                    cost_fen: cost_fen(form)?,
                },
                RepairNext::Confirm => RepairEvent::Confirm {
                    satisfied: satisfied(form, &lists.satisfied)?,
                    opinion: form.value(TEXT),
                },
            };
            cx.store
                .repair_step(cx.operator.id, id, &event, cx.now)
                .map_err(|e| match e {
                    RepairStepError::Store(e) => cx.refusal(e),
                    RepairStepError::Refused(r) => {
                        Refusal::said(Said::in_both(|lang| repair_refusal(r, lang)))
                    }
                    RepairStepError::AlreadyDone { by, at, next } => {
                        raced(cx, by, at, next.map(repair_label), Cpl::ErrRepairClosed)
                    }
                    RepairStepError::NoSuchRepair(_) => {
                        Refusal::said(Said::msg(Cpl::NothingSelected))
                    }
                })?;
            Ok(said(repair_label(next)))
        }
    }
}

fn satisfied(form: &Form, satisfied: &Pick<Option<bool>>) -> Result<bool, Refusal> {
    need(form, satisfied, Cpl::FieldSatisfied)
}

/// Yuan as typed (`120`, `85.5`), in fen.
fn cost_fen(form: &Form) -> Result<i64, Refusal> {
    let typed = form.value(COST);
    if typed.trim().is_empty() {
        return Ok(0);
    }
    let (yuan, fen) = typed.trim().split_once('.').unwrap_or((typed.trim(), ""));
    let fen = format!("{fen:0<2}");
    match (yuan.parse::<i64>(), fen.len() == 2, fen.parse::<i64>()) {
        (Ok(y), true, Ok(f)) if y >= 0 => Ok(y * 100 + f),
        _ => Err(context::not_a_number(COST, Cpl::FieldCost)),
    }
}

/// A picker's value behind "(choose)", or a refusal naming it: nothing chosen is never a
/// default.
fn need<T: Clone>(form: &Form, pick: &Pick<Option<T>>, label: Cpl) -> Result<T, Refusal> {
    form.chosen(pick)
        .flatten()
        .ok_or_else(|| intake::required(pick.into(), label))
}

fn complaint_event(
    next: NextStep,
    form: &Form,
    lists: &Lists,
    cx: &Context,
) -> Result<ComplaintEvent, Refusal> {
    let text = |label: Cpl| cx.required(form, TEXT, label, STEP_MAX_CHARS);
    Ok(match next {
        NextStep::DetermineNature => ComplaintEvent::DetermineNature {
            nature: need(form, &lists.nature, Cpl::FieldNature)?,
            category: need(form, &lists.category, Cpl::FieldCategory)?,
            department: need(form, &lists.department, Cpl::FieldDepartment)?,
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
            satisfied: satisfied(form, &lists.satisfied)?,
            remarks: form.value(TEXT),
        },
        NextStep::Evaluate => ComplaintEvent::Evaluate {
            text: text(Cpl::FieldEvaluation)?,
        },
    })
}

/// A refused step in plain words: what the lifecycle expects instead.
fn complaint_step_refusal(e: ComplaintStepError, cx: &Context) -> Refusal {
    match e {
        ComplaintStepError::Store(e) => cx.refusal(e),
        ComplaintStepError::Refused(r) => {
            Refusal::said(Said::in_both(|lang| lifecycle_refusal(r, lang)))
        }
        ComplaintStepError::NeedsApproval => Refusal::said(Said::msg(Cpl::ErrExtensionDays)),
        ComplaintStepError::AlreadyDone { by, at, next } => {
            raced(cx, by, at, next.map(next_label), Cpl::ErrClosed)
        }
        ComplaintStepError::NoSuchComplaint(_) => Refusal::said(Said::msg(Cpl::NothingSelected)),
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
        LifecycleRefusal::PromisedAfterDeadline { promised, due } => {
            return intake::promised_after(promised, due).text(lang);
        }
        LifecycleRefusal::Text { problem, .. } => {
            return describe::text_error(Cpl::FieldNote.msg(), problem, lang);
        }
    };
    msg.text(lang).to_owned()
}

/// A step another desk recorded first: by whom and when, and what comes next now (`next`,
/// or `closed` when nothing does).
fn raced(
    cx: &Context,
    by: StaffId,
    at: chrono::DateTime<chrono::Utc>,
    next: Option<Cpl>,
    closed: Cpl,
) -> Refusal {
    let who = cx.shared.name(by);
    let at = when(at, cx);
    Refusal::said(Said::in_both(|lang| {
        let then = match next {
            Some(next) => fill(Cpl::ErrOutOfOrder.text(lang), &[("next", &next.text(lang))]),
            None => closed.text(lang).to_owned(),
        };
        already_done(&who, &at, &then, lang)
    }))
}

/// When another desk recorded a step, in office time.
fn when(at: chrono::DateTime<chrono::Utc>, cx: &Context) -> String {
    at.with_timezone(&cx.shared.settings.timezone())
        .format("%m-%d %H:%M")
        .to_string()
}

/// A race lost to another desk, said as the lobby and the handover say theirs: the step was
/// recorded already, by whom and when, and what comes next now (`then`).
pub fn already_done(who: &str, at: &str, then: &str, lang: Lang) -> String {
    fill(
        Cpl::ErrAlreadyDone.text(lang),
        &[("who", &who), ("at", &at), ("then", &then)],
    )
}

/// A repair step refused by the work order's rules, in words.
pub fn repair_refusal(r: RepairRefusal, lang: Lang) -> String {
    match r {
        RepairRefusal::Closed => Cpl::ErrRepairClosed.text(lang).to_owned(),
        RepairRefusal::OutOfOrder {
            expected: Some(next),
            ..
        } => fill(
            Cpl::ErrOutOfOrder.text(lang),
            &[("next", &repair_label(next).text(lang))],
        ),
        RepairRefusal::OutOfOrder { expected: None, .. } => {
            Cpl::ErrRepairClosed.text(lang).to_owned()
        }
        RepairRefusal::Cost => fill(
            Cpl::ErrRepairCost.text(lang),
            &[("max", &(crate::domain::complaint::MAX_COST_FEN / 100))],
        ),
        RepairRefusal::Text { field, problem } => {
            let label = match field {
                "by" => Cpl::FieldReceivedBy,
                "plan" => Cpl::FieldPlan,
                "responsibility" => Cpl::FieldResponsibility,
                "staff" => Cpl::FieldStaff,
                _ => Cpl::FieldOpinion,
            };
            describe::text_error(label.msg(), problem, lang)
        }
    }
}

/// Files the intake's complaint and its classification (CMP-1, CMP-4) in one transaction;
/// what the status line says, and the complaint's number. Every step was checked as the
/// clerk left it, so a refusal here is the store's (or another desk writing, which the
/// shell retries); `calendar` is the one the intake promised the deadline from, `lists` are
/// the last step's form's.
pub fn file(
    draft: &Draft,
    lists: &intake::Lists,
    calendar: &WorkCalendar,
    cx: &mut Context,
) -> Result<(Said, OpenRef), Refusal> {
    let tz = cx.shared.settings.timezone();
    let due = draft
        .nature
        .map(|nature| calendar.deadline(cx.now, tz, nature, 0));
    intake::check_all(draft, lists, due)?;
    let complaint =
        validate_complaint(&draft.complaint_form()).map_err(|errors| match errors.first() {
            Some(e) => intake::refusal(e, lists),
            None => Refusal::said(Said::verbatim(String::new())),
        })?;
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
        .file_classified_complaint(
            cx.operator.id,
            &complaint,
            &classification,
            draft.promised_by,
            cx.now,
        )
        .map_err(|e| match e {
            // Said on the step the promise belongs to, as the intake's own check says it.
            ComplaintStepError::Refused(LifecycleRefusal::PromisedAfterDeadline {
                promised,
                due,
            }) => Refusal::at(&lists.phrase, intake::promised_after(promised, due)),
            e => complaint_step_refusal(e, cx),
        })?;
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
    let (urgency, occupant) = (Pick::new("urgency"), Pick::new("occupant"));
    let purpose = Purpose::Repair {
        urgency: urgency.clone(),
        occupant: occupant.clone(),
    };
    let not_listed = [(None, Cpl::NotInDirectory.text(lang).to_owned())];
    // The room from the lobby's units directory, found as at a complaint's intake (name,
    // pinyin initials or room): the customer, phone and room are filled in from it.
    Form::new(purpose, Cpl::RepairTitle.text(lang).to_owned())
        .search(&occupant, Cpl::FieldOccupant, not_listed, None)
        .text(CUSTOMER, Cpl::FieldCustomer)
        .text(PHONE, Cpl::FieldPhone)
        .text(UNIT, Cpl::FieldUnit)
        .text(WHAT, Cpl::FieldRepairWhat)
        .choice_found_by(&urgency, Cpl::FieldUrgency, urgencies, None)
        .text(APPOINTMENT, Cpl::FieldAppointment)
        .compact()
}

/// Files a repair work order, with the directory's occupant when one was picked; what the
/// status line says, and the order's number. `urgency` and `occupant` are the form's lists.
pub fn file_repair(
    form: &Form,
    urgency: &Pick<Option<Urgency>>,
    occupant: &Pick<Option<OccupantId>>,
    cx: &mut Context,
) -> Result<(Said, OpenRef), Refusal> {
    let typed = RepairForm {
        customer: form.value(CUSTOMER),
        phone: form.value(PHONE),
        occupant: form.chosen(occupant).flatten(),
        unit: form.value(UNIT),
        what: form.value(WHAT),
        appointment: form.value(APPOINTMENT),
        urgency: form.chosen(urgency).flatten(),
    };
    let repair = validate_repair(&typed).map_err(|errors| repair_form_refusal(&errors, urgency))?;
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

fn repair_form_refusal(errors: &[RepairError], urgency: &Pick<Option<Urgency>>) -> Refusal {
    let Some(e) = errors.first() else {
        return Refusal::said(Said::verbatim(String::new()));
    };
    let (field, label): (FieldName, Cpl) = match e.field {
        RepairField::Customer => (CUSTOMER.into(), Cpl::FieldCustomer),
        RepairField::Phone => (PHONE.into(), Cpl::FieldPhone),
        RepairField::Unit => (UNIT.into(), Cpl::FieldUnit),
        RepairField::What => (WHAT.into(), Cpl::FieldRepairWhat),
        RepairField::Appointment => (APPOINTMENT.into(), Cpl::FieldAppointment),
        RepairField::Urgency => (urgency.into(), Cpl::FieldUrgency),
    };
    let said = match e.problem {
        RepairProblem::Required => return intake::required(field, label),
        RepairProblem::Text(t) => Said::in_both(|lang| describe::text_error(label.msg(), t, lang)),
        RepairProblem::Phone(p) => Said::in_both(|lang| phone_problem(label.msg(), p, lang)),
    };
    Refusal::at(field, said)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::complaint::RepairEventKind;
    use crate::domain::text::TextError;

    #[test]
    fn a_refused_repair_step_is_said_in_words_in_both_languages_never_as_code() {
        let refusals = [
            RepairRefusal::Closed,
            RepairRefusal::OutOfOrder {
                expected: Some(RepairNext::Plan),
                got: RepairEventKind::Receive,
            },
            RepairRefusal::Cost,
            RepairRefusal::Text {
                field: "plan",
                problem: TextError::Empty,
            },
        ];
        for r in refusals {
            for lang in [Lang::Zh, Lang::En] {
                let said = repair_refusal(r, lang);
                assert!(
                    !said.contains("Some(") && !said.contains("Receive") && !said.contains('{'),
                    "{said}"
                );
            }
        }
        let en = repair_refusal(refusals[1], Lang::En);
        assert_eq!(en, "What comes next is: plan");
        let zh = already_done("前台小刘", "11-22 11:30", "现在该做的是:定方案", Lang::Zh);
        assert_eq!(
            zh,
            "这一步已由 前台小刘 于 11-22 11:30 记录(另一台前台)。现在该做的是:定方案"
        );
    }

    #[test]
    fn cmp_5_the_extension_field_says_it_adds_working_days_seven_in_all_at_most() {
        // The number typed is added to the deadline (`check_extension`), not a new total.
        let en = Cpl::FieldDays.text(Lang::En);
        assert!(
            en.starts_with("Extend by") && en.contains("7 in all"),
            "{en}"
        );
        let zh = Cpl::FieldDays.text(Lang::Zh);
        assert!(
            zh.starts_with("延长几个工作日") && zh.contains("共不超过 7"),
            "{zh}"
        );
    }
}
