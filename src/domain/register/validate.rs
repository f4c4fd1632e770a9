//! Turning a filled form into a registration (REG-1, REG-2): every field cleaned and checked,
//! errors named by field, and the REG-3 identities it lacks listed for the clerk.

use chrono::{DateTime, Utc};

use super::identity::{Identity, IdentityPart};
use super::name::CustomerName;
use super::phone::{Phone, PhoneError};
use super::plate::{Plate, PlateError};
use super::registration::{CallRegistration, Class, Source, VisitRegistration};
use crate::domain::staff::StaffId;
use crate::domain::text::{self, TextError};

/// Lengths in characters: room for what a clerk writes, short enough to list.
pub const WORK_UNIT_MAX_CHARS: usize = 80;
pub const INTENT_MAX_CHARS: usize = 200;
pub const CAR_BRAND_MAX_CHARS: usize = 20;
pub const PARTY_MAX_CHARS: usize = 80;
pub const NOTES_MAX_CHARS: usize = 500;
pub const QUESTION_MAX_CHARS: usize = 500;
pub const SOURCE_MAX_CHARS: usize = 20;

/// A visit form as the clerk filled it: text as typed, choices as chosen.
#[derive(Debug, Clone)]
pub struct VisitForm {
    pub visited_at: DateTime<Utc>,
    pub name: String,
    pub phone: String,
    pub work_unit: String,
    pub intent: String,
    pub source: Option<Source>,
    pub salesperson: Option<StaffId>,
    pub car_brand: String,
    pub plate: String,
    pub party: String,
    pub class: Option<Class>,
    pub notes: String,
}

/// A phone-inquiry form as the clerk filled it.
#[derive(Debug, Clone)]
pub struct CallForm {
    pub called_at: DateTime<Utc>,
    pub caller: String,
    pub phone: String,
    pub question: String,
    pub answered_by: Option<StaffId>,
    pub intent: String,
    pub source: Option<Source>,
}

/// A form's fields, for naming where an error is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Name,
    Phone,
    WorkUnit,
    Intent,
    Source,
    Salesperson,
    CarBrand,
    Plate,
    Party,
    Notes,
    Caller,
    Question,
    AnsweredBy,
    /// The identity as a whole: none of full name, phone, plate + surname (REG-3).
    Identity,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error(transparent)]
    Text(#[from] TextError),
    #[error(transparent)]
    Phone(#[from] PhoneError),
    #[error(transparent)]
    Plate(#[from] PlateError),
    /// A choice that must be made (the receiving salesperson, who answered).
    #[error("required")]
    Required,
    /// REG-3: a registration needs one identity that can settle a conflict. A plate was
    /// given without a surname, or a surname without phone or plate, or nothing.
    #[error("no full name, phone, or plate with surname")]
    NoIdentity,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{field:?}: {problem}")]
pub struct FieldError {
    pub field: Field,
    pub problem: Problem,
}

/// A registration that passed, with the REG-3 identities it does not have, so the form can
/// say "no phone, no plate" (004 §4 accepts an incomplete registration).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Validated<T> {
    pub registration: T,
    pub missing: Vec<IdentityPart>,
}

/// Checks a visit form (REG-1). Every field's errors are returned together, so the form can
/// mark them all at once; the text the clerk typed stays in the form.
pub fn validate_visit(form: &VisitForm) -> Result<Validated<VisitRegistration>, Vec<FieldError>> {
    let mut errors = Vec::new();
    let name = parse_opt(&form.name, Field::Name, &mut errors, CustomerName::parse);
    let phone = parse_opt(&form.phone, Field::Phone, &mut errors, Phone::parse);
    let plate = parse_opt(&form.plate, Field::Plate, &mut errors, Plate::parse);
    let registration = VisitRegistration {
        visited_at: form.visited_at,
        work_unit: optional(
            &form.work_unit,
            WORK_UNIT_MAX_CHARS,
            Field::WorkUnit,
            &mut errors,
        ),
        intent: optional(&form.intent, INTENT_MAX_CHARS, Field::Intent, &mut errors),
        source: source(&form.source, &mut errors),
        salesperson: chosen(form.salesperson, Field::Salesperson, &mut errors),
        car_brand: optional(
            &form.car_brand,
            CAR_BRAND_MAX_CHARS,
            Field::CarBrand,
            &mut errors,
        ),
        party: optional(&form.party, PARTY_MAX_CHARS, Field::Party, &mut errors),
        class: form.class,
        notes: optional(&form.notes, NOTES_MAX_CHARS, Field::Notes, &mut errors),
        name,
        phone,
        plate,
    };
    let missing = identity_check(&registration.identity(), &mut errors);
    finish(registration, missing, errors)
}

/// Checks a phone-inquiry form (REG-2). A call has no plate, so its identity is the full
/// name or the phone.
pub fn validate_call(form: &CallForm) -> Result<Validated<CallRegistration>, Vec<FieldError>> {
    let mut errors = Vec::new();
    let caller = parse_opt(
        &form.caller,
        Field::Caller,
        &mut errors,
        CustomerName::parse,
    );
    let phone = parse_opt(&form.phone, Field::Phone, &mut errors, Phone::parse);
    let registration = CallRegistration {
        called_at: form.called_at,
        question: optional(
            &form.question,
            QUESTION_MAX_CHARS,
            Field::Question,
            &mut errors,
        ),
        answered_by: chosen(form.answered_by, Field::AnsweredBy, &mut errors),
        intent: optional(&form.intent, INTENT_MAX_CHARS, Field::Intent, &mut errors),
        source: source(&form.source, &mut errors),
        caller,
        phone,
    };
    let mut missing = identity_check(&registration.identity(), &mut errors);
    missing.retain(|part| *part != IdentityPart::PlateAndSurname);
    finish(registration, missing, errors)
}

/// The REG-3 identities missing; a `NoIdentity` error when none is there and no identity
/// field already has an error of its own (a phone that failed to parse is reported once, as
/// a phone error).
fn identity_check(identity: &Identity, errors: &mut Vec<FieldError>) -> Vec<IdentityPart> {
    let present = identity.parts();
    let missing: Vec<IdentityPart> = [
        IdentityPart::FullName,
        IdentityPart::Phone,
        IdentityPart::PlateAndSurname,
    ]
    .into_iter()
    .filter(|part| !present.contains(part))
    .collect();
    let identity_field_failed = errors.iter().any(|e| {
        matches!(
            e.field,
            Field::Name | Field::Caller | Field::Phone | Field::Plate
        )
    });
    if present.is_empty() && !identity_field_failed {
        errors.push(FieldError {
            field: Field::Identity,
            problem: Problem::NoIdentity,
        });
    }
    missing
}

fn finish<T>(
    registration: T,
    missing: Vec<IdentityPart>,
    errors: Vec<FieldError>,
) -> Result<Validated<T>, Vec<FieldError>> {
    if errors.is_empty() {
        Ok(Validated {
            registration,
            missing,
        })
    } else {
        Err(errors)
    }
}

/// An optional identity field: empty is `None`, anything else must parse.
fn parse_opt<T, E: Into<Problem>>(
    input: &str,
    field: Field,
    errors: &mut Vec<FieldError>,
    parse: impl Fn(&str) -> Result<T, E>,
) -> Option<T> {
    if text::sanitize(input).is_empty() {
        return None;
    }
    match parse(input) {
        Ok(value) => Some(value),
        Err(e) => {
            errors.push(FieldError {
                field,
                problem: e.into(),
            });
            None
        }
    }
}

fn optional(
    input: &str,
    max_chars: usize,
    field: Field,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    match text::required(input, max_chars) {
        Ok(clean) => Some(clean),
        Err(TextError::Empty) => None,
        Err(e) => {
            errors.push(FieldError {
                field,
                problem: e.into(),
            });
            None
        }
    }
}

fn chosen(id: Option<StaffId>, field: Field, errors: &mut Vec<FieldError>) -> StaffId {
    id.unwrap_or_else(|| {
        errors.push(FieldError {
            field,
            problem: Problem::Required,
        });
        StaffId(0)
    })
}

/// An office's own source is cleaned like any text.
fn source(source: &Option<Source>, errors: &mut Vec<FieldError>) -> Option<Source> {
    match source {
        Some(Source::Other(text)) => match text::required(text, SOURCE_MAX_CHARS) {
            Ok(clean) => Some(Source::from_key(&clean)),
            Err(e) => {
                errors.push(FieldError {
                    field: Field::Source,
                    problem: e.into(),
                });
                None
            }
        },
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn visit() -> VisitForm {
        VisitForm {
            visited_at: Utc.with_ymd_and_hms(2026, 11, 2, 2, 0, 0).unwrap(),
            name: String::new(),
            phone: String::new(),
            work_unit: String::new(),
            intent: String::new(),
            source: None,
            salesperson: Some(StaffId(3)),
            car_brand: String::new(),
            plate: String::new(),
            party: String::new(),
            class: None,
            notes: String::new(),
        }
    }

    fn errors_of<T: std::fmt::Debug>(result: Result<T, Vec<FieldError>>) -> Vec<(Field, Problem)> {
        result
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect()
    }

    #[test]
    fn reg_1_an_incomplete_registration_says_which_identities_are_missing() {
        let form = VisitForm {
            name: "王芳".into(),
            ..visit()
        };
        let ok = validate_visit(&form).unwrap();
        assert_eq!(
            ok.missing,
            [IdentityPart::Phone, IdentityPart::PlateAndSurname],
            "no phone, no plate"
        );
        let form = VisitForm {
            name: "王先生".into(),
            car_brand: "宝马".into(),
            plate: "京a12345".into(),
            ..visit()
        };
        let ok = validate_visit(&form).unwrap();
        assert_eq!(ok.missing, [IdentityPart::FullName, IdentityPart::Phone]);
        assert_eq!(ok.registration.plate.unwrap().as_str(), "京A12345");
        assert_eq!(ok.registration.car_brand.as_deref(), Some("宝马"));
        let complete = VisitForm {
            name: "王芳".into(),
            phone: "13800138000".into(),
            plate: "京A12345".into(),
            ..visit()
        };
        assert!(validate_visit(&complete).unwrap().missing.is_empty());
    }

    #[test]
    fn reg_3_a_registration_without_any_accepted_identity_is_refused() {
        for (name, plate) in [("", ""), ("王先生", ""), ("", "京A12345")] {
            let form = VisitForm {
                name: name.into(),
                plate: plate.into(),
                ..visit()
            };
            assert_eq!(
                errors_of(validate_visit(&form)),
                [(Field::Identity, Problem::NoIdentity)],
                "{name} {plate}"
            );
        }
    }

    #[test]
    fn errors_name_their_fields_and_come_all_at_once() {
        let form = VisitForm {
            name: "李".repeat(41),
            phone: "12345".into(),
            plate: "A12345".into(),
            notes: "x".repeat(NOTES_MAX_CHARS + 1),
            salesperson: None,
            source: Some(Source::Other("   ".into())),
            ..visit()
        };
        assert_eq!(
            errors_of(validate_visit(&form)),
            [
                (Field::Name, Problem::Text(TextError::TooLong(40))),
                (Field::Phone, Problem::Phone(PhoneError::NotAPhoneNumber)),
                (Field::Plate, Problem::Plate(PlateError::Province)),
                (Field::Source, Problem::Text(TextError::Empty)),
                (Field::Salesperson, Problem::Required),
                (
                    Field::Notes,
                    Problem::Text(TextError::TooLong(NOTES_MAX_CHARS))
                ),
            ]
        );
    }

    #[test]
    fn text_fields_are_cleaned_and_an_office_source_that_is_a_built_in_key_reads_as_it() {
        let form = VisitForm {
            phone: "13800138000".into(),
            work_unit: "  万科\u{1b}[31m 集团 ".into(),
            source: Some(Source::Other("web".into())),
            ..visit()
        };
        let ok = validate_visit(&form).unwrap().registration;
        assert_eq!(ok.work_unit.as_deref(), Some("万科 集团"));
        assert_eq!(ok.source, Some(Source::Web));
        assert_eq!(ok.intent, None);
    }

    #[test]
    fn reg_2_a_call_needs_who_answered_and_a_name_or_phone_and_never_a_plate() {
        let call = CallForm {
            called_at: Utc.with_ymd_and_hms(2026, 11, 2, 2, 0, 0).unwrap(),
            caller: "王先生".into(),
            phone: "0755-12345678".into(),
            question: "户型?".into(),
            answered_by: Some(StaffId(4)),
            intent: String::new(),
            source: Some(Source::Newspaper),
        };
        let ok = validate_call(&call).unwrap();
        assert_eq!(ok.missing, [IdentityPart::FullName]);
        assert_eq!(ok.registration.answered_by, StaffId(4));
        let nobody = CallForm {
            phone: String::new(),
            answered_by: None,
            ..call
        };
        assert_eq!(
            errors_of(validate_call(&nobody)),
            [
                (Field::AnsweredBy, Problem::Required),
                (Field::Identity, Problem::NoIdentity)
            ]
        );
    }
}
