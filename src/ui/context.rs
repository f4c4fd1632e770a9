//! What a submit works with: the store, the shared data, who is at the desk, the language,
//! and one `now` for the whole action with its business day. The checks every
//! form needs (a supervisor's approval, a required text, a number, a choice) live here.

use std::any::Any;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};

use super::describe;
use super::form::{self, FieldKey, Form, Refusal};
use super::pane::View;
use super::shared::Shared;
use super::text::Ui;
use crate::domain::staff::Staff;
use crate::domain::text;
use crate::i18n::{Lang, Msg, fill};
use crate::store::{Approval, Store, StoreError};

pub struct Context<'a> {
    pub store: &'a mut Store,
    pub shared: &'a Shared,
    pub operator: &'a Staff,
    pub lang: Lang,
    /// Read once per action: every time this action records is this one.
    pub now: DateTime<Utc>,
    /// The business day of `now`, derived once.
    pub day: NaiveDate,
}

impl Context<'_> {
    /// The read-only view of the same moment, for building a follow-up form.
    pub fn view(&self) -> View<'_> {
        View {
            shared: self.shared,
            lang: self.lang,
            now: self.now,
            operator: self.operator,
        }
    }

    /// A required text field, cleaned and bounded.
    pub fn required(
        &self,
        form: &Form,
        key: FieldKey,
        label: impl Into<Msg>,
        max_chars: usize,
    ) -> Result<String, Refusal> {
        let label = label.into();
        text::required(&form.value(key), max_chars)
            .map_err(|e| (Some(key), describe::text_error(label, e, self.lang)))
    }

    /// A number field's value, or a refusal naming the field.
    pub fn number<N: FromStr>(
        &self,
        form: &Form,
        key: FieldKey,
        label: impl Into<Msg>,
    ) -> Result<N, Refusal> {
        form.number(key)
            .parse()
            .map_err(|_| self.not_a_number(key, label))
    }

    /// The refusal for a number field that does not hold one.
    pub fn not_a_number(&self, key: FieldKey, label: impl Into<Msg>) -> Refusal {
        let message = fill(
            Ui::ErrNumber.text(self.lang),
            &[("field", &label.into().text(self.lang))],
        );
        (Some(key), message)
    }

    /// The value chosen in a picker; nothing chosen is a refusal, never a default.
    pub fn choice_of<V: Any + Clone>(&self, form: &Form, key: FieldKey) -> Result<V, Refusal> {
        form.choice_of(key, self.lang)
    }

    /// Checks the supervisor and PIN fields that `View::approval` added to a form.
    pub fn approve(&mut self, form: &Form) -> Result<Approval, Refusal> {
        let supervisor = self.choice_of(form, form::SUPERVISOR)?;
        let pin = form.raw(form::SUPERVISOR_PIN);
        if pin.is_empty() {
            let message = Ui::ErrPinRequired.text(self.lang).into();
            return Err((Some(form::SUPERVISOR_PIN), message));
        }
        // Wrong PINs are counted per person in the database, so every desk shares the lock.
        self.store
            .approve(Some(self.operator.id), supervisor, &pin, self.now)
            .map_err(|e| {
                let field = field_of(&e).filter(|f| *f == form::WAIT);
                let message = describe::store_error(&e, self.shared, self.lang);
                (field.or(Some(form::SUPERVISOR_PIN)), message)
            })
    }

    /// A store error as a refusal, with the cursor on the field it concerns.
    pub fn refusal(&self, e: StoreError) -> Refusal {
        refusal(e, self.shared, self.lang)
    }
}

/// A store error as a refusal, with the cursor on the field it concerns.
pub fn refusal(e: StoreError, shared: &Shared, lang: Lang) -> Refusal {
    (field_of(&e), describe::store_error(&e, shared, lang))
}

/// The field a store error concerns; `form::WAIT` when another desk holds the database,
/// so the shell tries again instead of giving up.
pub fn field_of(e: &StoreError) -> Option<FieldKey> {
    match e {
        StoreError::Busy => Some(form::WAIT),
        StoreError::Name(_) | StoreError::DuplicateName(_) => Some(form::NAME),
        StoreError::Pin(_) => Some(form::PIN),
        _ => None,
    }
}
