//! The gate nobody gets past without an office and an operator: the first-run set-up and
//! the sign-in of whoever takes the desk.

mod text;

use chrono::{DateTime, Utc};

use self::text::GateText;
use super::context::{guarded, refusal};
use super::describe;
use super::form::{self, FieldKey, Form, Refusal};
use super::office;
use super::shared::Shared;
use super::text::Ui;
use crate::domain::settings::OfficeSettings;
use crate::domain::staff::{Staff, StaffId};
use crate::domain::text::required;
use crate::i18n::{Lang, fill};
use crate::store::{Store, StoreError};

const OFFICE: FieldKey = FieldKey("office");
const WHO: FieldKey = FieldKey("who");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Purpose {
    SetUp,
    SignIn,
}

/// Someone is at the desk now.
pub struct Entered {
    pub operator: Staff,
    pub message: String,
    /// The office was set up just now: the next thing to do is add its people.
    pub first_run: bool,
}

/// The set-up form on a new database, otherwise the sign-in form.
pub fn form(store: &Store, shared: &Shared, lang: Lang) -> Result<Form, StoreError> {
    Ok(if store.needs_setup()? {
        let form = Form::new(Purpose::SetUp, GateText::SetupTitle.text(lang).into())
            .hint(GateText::SetupHint.text(lang))
            .text(OFFICE, GateText::FieldOffice)
            .text(form::NAME, Ui::FieldName)
            .pin(form::PIN, Ui::FieldPin)
            .pin(form::PIN_AGAIN, Ui::FieldPinAgain);
        office::fields(form, &OfficeSettings::default(), false, lang).permanent()
    } else {
        let staff = shared.staff.iter().filter(|s| s.active).map(|s| {
            let role = describe::role(s.role).text(lang);
            (s.id, format!("{}  ({role})", s.name))
        });
        Form::new(Purpose::SignIn, GateText::SignInTitle.text(lang).into())
            .hint(GateText::SignInHint.text(lang))
            .choice(WHO, Ui::FieldName, staff, None)
            .pin(form::PIN, Ui::FieldPin)
            .permanent()
    })
}

/// Sets up the office or signs someone in, as the form asks.
pub fn submit(
    form: &Form,
    store: &mut Store,
    shared: &Shared,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<Entered, Refusal> {
    match form.purpose::<Purpose>() {
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
            Ok(Entered {
                operator,
                message: fill(GateText::SetupDone.text(lang), &[("office", &office)]),
                first_run: true,
            })
        }
        _ => {
            let id = form.choice_of(WHO, lang)?;
            let pin = form.raw(form::PIN);
            let operator = guarded(store, shared, lang, form::PIN, |store| {
                store.sign_in(id, Some(&pin), now)
            })?
            .staff;
            Ok(Entered {
                message: fill(GateText::SignedIn.text(lang), &[("name", &operator.name)]),
                operator,
                first_run: false,
            })
        }
    }
}

fn signed_in(store: &Store, id: StaffId, shared: &Shared, lang: Lang) -> Result<Staff, Refusal> {
    store
        .staff_member(id)
        .map_err(|e| refusal(e, shared, lang))?
        .ok_or_else(|| refusal(StoreError::NoSuchStaff(id), shared, lang))
}
