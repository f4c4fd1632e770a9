//! The gate nobody gets past without an office and an operator: the first-run set-up and
//! the sign-in of whoever takes the desk.

mod text;

use chrono::{DateTime, Utc};

use self::text::GateText;
use super::context::{field_of, refusal};
use super::describe;
use super::form::{self, FieldKey, Form, Refusal};
use super::office;
use super::pane::View;
use super::said::Said;
use super::shared::Shared;
use super::text::Ui;
use crate::domain::settings::OfficeSettings;
use crate::domain::staff::{Staff, StaffId};
use crate::domain::text::required;
use crate::i18n::Lang;
use crate::store::{Store, StoreError};

const OFFICE: FieldKey = FieldKey("office");
const WHO: FieldKey = FieldKey("who");
const REASON: FieldKey = FieldKey("reason");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Purpose {
    SetUp,
    SignIn,
    Quit,
    /// Signing out on duty without a handover (HND-7).
    Leave,
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
        let form = Form::new(Purpose::SetUp, GateText::SetupTitle.text(lang).into())
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
        office::fields(form, &OfficeSettings::default(), false, lang).permanent()
    } else {
        let staff = shared.staff.iter().filter(|s| s.active).map(|s| {
            let role = describe::role(s.role).text(lang);
            (s.id, format!("{}  ({role})", s.name))
        });
        Form::new(Purpose::SignIn, GateText::SignInTitle.text(lang).into())
            .hint(GateText::SignInHint.text(lang))
            .choice(WHO, Ui::FieldName, staff, None)
            .required()
            .pin(form::PIN, Ui::FieldPin)
            .required()
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
    let form = Form::new(Purpose::Leave, GateText::LeaveTitle.text(lang).into())
        .hint(hint)
        .text(REASON, GateText::FieldLeaveReason);
    view.approval(form)
}

pub fn is_leave(form: &Form) -> bool {
    form.purpose::<Purpose>() == Some(Purpose::Leave)
}

/// Records the desk left unstaffed by `operator`, approved by the supervisor on the form.
pub fn leave(
    form: &Form,
    store: &mut Store,
    shared: &Shared,
    operator: &Staff,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<Said, Refusal> {
    let reason = required(
        &form.value(REASON),
        crate::domain::handover::REASON_MAX_CHARS,
    )
    .map_err(|e| {
        (
            Some(REASON),
            describe::text_error(GateText::FieldLeaveReason.msg(), e, lang),
        )
    })?;
    let supervisor = form.choice_of(form::SUPERVISOR, lang)?;
    if form.raw(form::SUPERVISOR_PIN).is_empty() {
        let message = Ui::ErrPinRequired.text(lang).into();
        return Err((Some(form::SUPERVISOR_PIN), message));
    }
    let approval = store
        .approve(
            Some(operator.id),
            supervisor,
            &form.raw(form::SUPERVISOR_PIN),
            now,
        )
        .map_err(|e| {
            let field = field_of(&e)
                .filter(|f| *f == form::WAIT)
                .or(Some(form::SUPERVISOR_PIN));
            (field, describe::store_error(&e, shared, lang))
        })?;
    store
        .record_unstaffed(operator.id, approval, &reason, now)
        .map_err(|e| refusal(e, shared, lang))?;
    Ok(Said::fill(
        GateText::LeftUnstaffed,
        [("who", operator.name.clone())],
    ))
}

/// Sets up the office or signs someone in, as the form asks.
pub fn submit(
    form: &Form,
    store: &mut Store,
    shared: &Shared,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<Passed, Refusal> {
    match form.purpose::<Purpose>() {
        Some(Purpose::Quit) => Ok(Passed::Quit),
        // Handled by `leave`, which knows who is leaving.
        Some(Purpose::Leave) => Err((None, String::new())),
        Some(Purpose::SetUp) => {
            let office = form.value(OFFICE);
            let settings = office::read(form, &OfficeSettings::default(), lang)?;
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
                    StoreError::Name(err) if required(&office, 40).is_err() => (
                        Some(OFFICE),
                        describe::text_error(GateText::FieldOffice.msg(), err, lang),
                    ),
                    other => refusal(other, shared, lang),
                })?;
            let operator = signed_in(store, id, shared, lang)?;
            Ok(Passed::Entered(Entered {
                operator,
                message: Said::fill(GateText::SetupDone, [("office", office)]),
                first_run: true,
            }))
        }
        _ => {
            let id = form.choice_of(WHO, lang)?;
            let pin = form.raw(form::PIN);
            // An empty PIN is a PIN not typed yet, not a wrong one: not counted, not audited.
            if pin.is_empty() {
                return Err((Some(form::PIN), Ui::ErrPinRequired.text(lang).into()));
            }
            let signed = store.sign_in(id, Some(&pin), now).map_err(|e| {
                let field = field_of(&e)
                    .filter(|f| *f == form::WAIT)
                    .or(Some(form::PIN));
                (field, describe::store_error(&e, shared, lang))
            })?;
            // A full disk or a read-only file still lets people in to look; they are told
            // that nothing they do can be saved.
            let message = match &signed.not_recorded {
                Some(e) => {
                    let detail = describe::store_error(e, shared, lang);
                    Said::fill(Ui::SignedInNotRecorded, [("detail", detail)])
                }
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

fn signed_in(store: &Store, id: StaffId, shared: &Shared, lang: Lang) -> Result<Staff, Refusal> {
    store
        .staff_member(id)
        .map_err(|e| refusal(e, shared, lang))?
        .ok_or_else(|| refusal(StoreError::NoSuchStaff(id), shared, lang))
}
