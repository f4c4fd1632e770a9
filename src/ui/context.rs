//! What a submit works with: the store, the shared data, who is at the desk, the language,
//! and one `now` for the whole action with its business day. The checks every
//! form needs (a supervisor's approval, a required text, a number, a choice) live here.

use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};

use super::describe;
use super::form::{self, FieldName, Form, Pick, Refusal, Text};
use super::pane::View;
use super::said::Said;
use super::shared::Shared;
use super::text::Ui;
use crate::domain::staff::{Staff, StaffId};
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
        View::live(self.shared, self.lang, self.now, self.operator)
    }

    /// A required text field, cleaned and bounded.
    pub fn required(
        &self,
        form: &Form,
        key: Text,
        label: impl Into<Msg>,
        max_chars: usize,
    ) -> Result<String, Refusal> {
        let label = label.into();
        text::required(&form.value(key), max_chars).map_err(|e| {
            Refusal::at(
                key,
                Said::in_both(|lang| describe::text_error(label, e, lang)),
            )
        })
    }

    /// A number field's value, or a refusal naming the field.
    pub fn number<N: FromStr>(
        &self,
        form: &Form,
        key: Text,
        label: impl Into<Msg>,
    ) -> Result<N, Refusal> {
        form.number(key)
            .parse()
            .map_err(|_| not_a_number(key, label))
    }

    /// The value chosen in a picker; nothing chosen is a refusal, never a default.
    pub fn choice_of<V: Clone>(&self, form: &Form, pick: &Pick<V>) -> Result<V, Refusal> {
        form.choice_of(pick)
    }

    /// Checks the supervisor and PIN fields that `View::approval` added to a form.
    pub fn approve(
        &mut self,
        form: &Form,
        supervisor: &Pick<StaffId>,
    ) -> Result<Approval, Refusal> {
        approve(
            self.store,
            self.shared,
            self.operator.id,
            form,
            supervisor,
            self.now,
        )
    }

    /// A store error as a refusal, with the cursor on the field it concerns.
    pub fn refusal(&self, e: StoreError) -> Refusal {
        refusal(e, self.shared)
    }
}

/// The refusal for a number field that does not hold one.
pub fn not_a_number(key: Text, label: impl Into<Msg>) -> Refusal {
    let label = label.into();
    Refusal::at(
        key,
        Said::new(move |lang| fill(Ui::ErrNumber.text(lang), &[("field", &label.text(lang))])),
    )
}

/// The approval of the supervisor chosen on `form` with the PIN typed there, checked under
/// the shared lockout (wrong PINs are counted per person in the database, so every desk
/// shares the lock); an empty PIN is asked for, never counted.
pub fn approve(
    store: &mut Store,
    shared: &Shared,
    operator: StaffId,
    form: &Form,
    supervisor: &Pick<StaffId>,
    now: DateTime<Utc>,
) -> Result<Approval, Refusal> {
    let supervisor = form.choice_of(supervisor)?;
    let pin = form.raw(form::SUPERVISOR_PIN);
    if pin.is_empty() {
        return Err(Refusal::at(
            form::SUPERVISOR_PIN,
            Said::msg(Ui::ErrPinRequired),
        ));
    }
    store
        .approve(Some(operator), supervisor, &pin, now)
        .map_err(|e| refusal(e, shared).on(form::SUPERVISOR_PIN))
}

/// A store error as a refusal, with the cursor on the field it concerns; another desk
/// holding the file is `Busy`, so the shell tries again instead of giving up.
pub fn refusal(e: StoreError, shared: &Shared) -> Refusal {
    if matches!(e, StoreError::Busy) {
        return Refusal::Busy;
    }
    let said = Said::in_both(|lang| describe::store_error(&e, shared, lang));
    Refusal::Refused {
        field: field_of(&e),
        said,
    }
}

/// `Busy` if another desk holds the file: a pane that words its own store errors asks this
/// first, so the shell still tries again.
pub fn refusal_of_busy(e: &StoreError) -> Option<Refusal> {
    matches!(e, StoreError::Busy).then_some(Refusal::Busy)
}

/// The field a store error concerns.
fn field_of(e: &StoreError) -> Option<FieldName> {
    match e {
        StoreError::Name(_) | StoreError::DuplicateName(_) => Some(form::NAME.into()),
        StoreError::Pin(_) | StoreError::PinRequired => Some(form::PIN.into()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::import_marker::ImportProgress;

    /// Issue 18: a write refused during an import is a refusal the form shows beside what
    /// was typed, not an error that ends anything.
    #[test]
    fn a_write_refused_during_an_import_keeps_the_form() {
        let at = chrono::Utc::now();
        let e = StoreError::ImportRunning(ImportProgress {
            pid: 1,
            started: at,
            updated: at,
            done: 1,
            total: 2,
        });
        assert!(matches!(
            refusal(e, &Shared::default()),
            Refusal::Refused { .. }
        ));
    }
}
