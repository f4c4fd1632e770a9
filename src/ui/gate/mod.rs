//! The gate nobody gets past without an office and an operator: the first-run set-up and
//! the sign-in of whoever takes the desk.

mod text;

use chrono::{DateTime, Utc};

use self::text::GateText;
use super::context::{approve, refusal};
use super::describe;
use super::form::{self, Form, Pick, Refusal, Text};
use super::office::{self, OfficeFields};
use super::pane::View;
use super::said::Said;
use super::shared::Shared;
use super::text::Ui;
use crate::domain::settings::OfficeSettings;
use crate::domain::staff::{Staff, StaffId};
use crate::domain::text::required;
use crate::i18n::{Lang, fill};
use crate::store::{ChainBreak, Store, StoreError};

const OFFICE: Text = Text("office");
const REASON: Text = Text("reason");

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    SetUp(OfficeFields),
    SignIn {
        who: Pick<StaffId>,
    },
    Quit,
    /// Signing out on duty without a handover (HND-7).
    Leave {
        supervisor: Pick<StaffId>,
    },
    /// A supervisor acknowledges the evidence failures on the banner (issue 16 §2).
    Acknowledge {
        supervisor: Pick<StaffId>,
        breaks: Vec<ChainBreak>,
    },
}

/// What the gate let through.
pub enum Passed {
    Entered(Entered),
    /// The console is to close: asked and confirmed at the gate.
    Quit,
}

/// Someone is at the desk now.
pub struct Entered {
    pub operator: Staff,
    pub message: Said,
    /// The office was set up just now: the next thing to do is add its people.
    pub first_run: bool,
}

/// The set-up form on a new database, otherwise the sign-in form.
pub fn form(store: &Store, shared: &Shared, lang: Lang) -> Result<Form, StoreError> {
    Ok(if store.needs_setup()? {
        let form = Form::new((), GateText::SetupTitle.text(lang).into())
            .hint(GateText::SetupHint.text(lang))
            .text(OFFICE, GateText::FieldOffice)
            .required()
            .text(form::NAME, Ui::FieldName)
            .required()
            .pin(form::PIN, Ui::FieldPin)
            .required()
            .checked(form::pin_shape)
            .pin(form::PIN_AGAIN, Ui::FieldPinAgain)
            .required();
        let (form, picks) = office::fields(form, &OfficeSettings::default(), false, lang);
        form.for_purpose(Purpose::SetUp(picks)).permanent()
    } else {
        let staff = shared.staff.iter().filter(|s| s.active).map(|s| {
            let role = describe::role(s.role).text(lang);
            (s.id, format!("{}  ({role})", s.name))
        });
        let who = Pick::new("who");
        Form::new(
            Purpose::SignIn { who: who.clone() },
            GateText::SignInTitle.text(lang).into(),
        )
        .hint(GateText::SignInHint.text(lang))
        .choice(&who, Ui::FieldName, staff, None)
        .required()
        // Not required of the form: the store asks it of supervisors, of whoever has one
        // and of everyone when the office says so; someone without one signs in with Enter.
        .pin(form::PIN, Ui::FieldPin)
        .permanent()
    })
}

/// Leaving the sign-in must not close a shared desk's console by accident: quitting from
/// the gate asks first.
pub fn confirm_quit(lang: Lang) -> Form {
    Form::new(Purpose::Quit, GateText::QuitTitle.text(lang).into())
        .hint(GateText::QuitHint.text(lang))
}

/// HND-7: the clerk on duty signs out without a handover only with a supervisor's PIN, and
/// the desk is recorded as left unstaffed. The form asks why and for the approval.
pub fn leave_form(view: &View) -> Form {
    let lang = view.lang;
    let hint = crate::i18n::fill(
        GateText::LeaveHint.text(lang),
        &[("who", &view.operator.name)],
    );
    let supervisor = Pick::new("supervisor");
    let form = Form::new(
        Purpose::Leave {
            supervisor: supervisor.clone(),
        },
        GateText::LeaveTitle.text(lang).into(),
    )
    .hint(hint)
    .text(REASON, GateText::FieldLeaveReason);
    view.approval(form, &supervisor)
}

pub fn is_leave(form: &Form) -> bool {
    matches!(form.purpose::<Purpose>(), Some(Purpose::Leave { .. }))
}

/// Records the desk left unstaffed by `operator`, approved by the supervisor on the form.
pub fn leave(
    form: &Form,
    store: &mut Store,
    shared: &Shared,
    operator: &Staff,
    now: DateTime<Utc>,
) -> Result<Said, Refusal> {
    let Some(Purpose::Leave { supervisor }) = form.purpose::<Purpose>() else {
        return Ok(Said::verbatim(String::new()));
    };
    let reason = required(
        &form.value(REASON),
        crate::domain::handover::REASON_MAX_CHARS,
    )
    .map_err(|e| {
        Refusal::at(
            REASON,
            Said::in_both(|lang| describe::text_error(GateText::FieldLeaveReason.msg(), e, lang)),
        )
    })?;
    let approval = approve(store, shared, operator.id, form, &supervisor, now)?;
    store
        .record_unstaffed(operator.id, approval, &reason, now)
        .map_err(|e| refusal(e, shared))?;
    Ok(Said::fill(
        GateText::LeftUnstaffed,
        [("who", operator.name.clone())],
    ))
}

/// The banner's failures, each in words, for a supervisor to acknowledge with their PIN.
pub fn acknowledge_form(view: &View, breaks: Vec<ChainBreak>) -> Form {
    let lang = view.lang;
    let tz = view.shared.settings.timezone();
    // The hint shows four rows at most: the first failure whole, and how many more.
    let mut hint = breaks
        .first()
        .map(|b| describe::chain_break(b, tz, lang))
        .unwrap_or_default();
    if breaks.len() > 1 {
        hint.push_str(&fill(
            Ui::ChainBannerMore.text(lang),
            &[("count", &(breaks.len() - 1))],
        ));
    }
    let supervisor = Pick::new("supervisor");
    let form = Form::new(
        Purpose::Acknowledge {
            supervisor: supervisor.clone(),
            breaks,
        },
        GateText::AcknowledgeTitle.text(lang).into(),
    )
    .hint(hint);
    view.approval(form, &supervisor)
}

pub fn is_acknowledge(form: &Form) -> bool {
    matches!(form.purpose::<Purpose>(), Some(Purpose::Acknowledge { .. }))
}

/// Records the supervisor's acknowledgement of the failures on the form (audited).
pub fn acknowledge(
    form: &Form,
    store: &mut Store,
    shared: &Shared,
    operator: &Staff,
    now: DateTime<Utc>,
) -> Result<Said, Refusal> {
    let Some(Purpose::Acknowledge { supervisor, breaks }) = form.purpose::<Purpose>() else {
        return Ok(Said::verbatim(String::new()));
    };
    let approval = approve(store, shared, operator.id, form, &supervisor, now)?;
    store
        .acknowledge_evidence(operator.id, approval, &breaks, now)
        .map_err(|e| refusal(e, shared))?;
    Ok(Said::fill(
        GateText::Acknowledged,
        [
            ("count", breaks.len().to_string()),
            ("who", shared.name(approval.supervisor())),
        ],
    ))
}

/// Sets up the office or signs someone in, as the form asks.
pub fn submit(
    form: &Form,
    store: &mut Store,
    shared: &Shared,
    now: DateTime<Utc>,
) -> Result<Passed, Refusal> {
    match form.purpose::<Purpose>() {
        Some(Purpose::Quit) => Ok(Passed::Quit),
        // Handled by `leave` and `acknowledge`, which know who is at the desk.
        Some(Purpose::Leave { .. } | Purpose::Acknowledge { .. }) | None => Ok(Passed::Quit),
        Some(Purpose::SetUp(picks)) => {
            let office = form.value(OFFICE);
            let settings = office::read(form, &picks, &OfficeSettings::default())?;
            let id = store
                .set_up_office(
                    &office,
                    &form.value(form::NAME),
                    &form.raw(form::PIN),
                    &form.raw(form::PIN_AGAIN),
                    &settings,
                    now,
                )
                .map_err(|e| match e {
                    StoreError::Name(err) if required(&office, 40).is_err() => Refusal::at(
                        OFFICE,
                        Said::in_both(|lang| {
                            describe::text_error(GateText::FieldOffice.msg(), err, lang)
                        }),
                    ),
                    other => refusal(other, shared),
                })?;
            let operator = signed_in(store, id, shared)?;
            Ok(Passed::Entered(Entered {
                operator,
                message: Said::fill(GateText::SetupDone, [("office", office)]),
                first_run: true,
            }))
        }
        Some(Purpose::SignIn { who }) => {
            let id = form.choice_of(&who)?;
            let pin = form.raw(form::PIN);
            // An empty PIN is a PIN not typed: someone without one signs in; someone with
            // one is asked for it (PinRequired: not counted, not audited as a failure).
            let typed = (!pin.is_empty()).then_some(pin.as_str());
            let signed = store
                .sign_in(id, typed, now)
                .map_err(|e| refusal(e, shared).on(form::PIN))?;
            // A full disk or a read-only file still lets people in to look; they are told
            // that nothing they do can be saved.
            let message = match &signed.not_recorded {
                Some(e) => Said::in_both(|lang| {
                    let detail = describe::store_error(e, shared, lang);
                    fill(Ui::SignedInNotRecorded.text(lang), &[("detail", &detail)])
                }),
                None => Said::fill(GateText::SignedIn, [("name", signed.staff.name.clone())]),
            };
            Ok(Passed::Entered(Entered {
                operator: signed.staff,
                message,
                first_run: false,
            }))
        }
    }
}

fn signed_in(store: &Store, id: StaffId, shared: &Shared) -> Result<Staff, Refusal> {
    store
        .staff_member(id)
        .map_err(|e| refusal(e, shared))?
        .ok_or_else(|| refusal(StoreError::NoSuchStaff(id), shared))
}
