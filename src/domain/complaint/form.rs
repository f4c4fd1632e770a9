//! Complaint intake (CMP-1, CMP-12): the form as typed and the complaint it validates to.

use super::{Category, Channel, Title, written_title};
use crate::domain::lobby::OccupantId;
use crate::domain::register::{Phone, PhoneError};
use crate::domain::text::{TextError, sanitize};

pub const NAME_MAX_CHARS: usize = 20;
pub const COMPANY_MAX_CHARS: usize = 40;
pub const UNIT_MAX_CHARS: usize = 40;
/// What happened, the witnesses, the evidence: a paragraph, not an essay.
pub const TEXT_MAX_CHARS: usize = 500;
/// When it happened, as said ("昨晚十点左右").
pub const WHEN_MAX_CHARS: usize = 40;
/// One line of the conversation: a phrase said or a note.
pub const LINE_MAX_CHARS: usize = 200;
pub const CONVERSATION_MAX_LINES: usize = 100;

/// The intake form as typed (CMP-1).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ComplaintForm {
    pub complainant: String,
    /// 先生 or 女士, as the clerk was asked when a phrase addressed them; a title written
    /// into the name (王先生) is read from it when none was asked.
    pub title: Option<Title>,
    pub company: String,
    /// The occupant picked from the lobby directory, if they are one.
    pub occupant: Option<OccupantId>,
    /// The unit as typed; may stay empty when an occupant was picked (the store fills in
    /// their unit).
    pub unit: String,
    pub phone: String,
    pub what_happened: String,
    pub when_happened: String,
    pub channel: Option<Channel>,
    /// About a staff member's conduct (CMP-12).
    pub about_staff: bool,
    pub witnesses: String,
    pub evidence: String,
    /// Explained and settled at the desk (002 3.3.6.3): closed at once.
    pub answered_on_spot: bool,
    /// Optional at intake (the nature step sets it); required when answered on the spot.
    pub category: Option<Category>,
    /// The phrases said and the clerk's notes, in order (CMP-2, CMP-3).
    pub conversation: Vec<String>,
}

/// A complaint, validated and cleaned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Complaint {
    pub complainant: String,
    /// How phrases address them, with their surname (`{surname}`: 李女士); `None` when
    /// nobody asked.
    pub title: Option<Title>,
    /// Empty when they have none.
    pub company: String,
    pub occupant: Option<OccupantId>,
    pub unit: String,
    pub phone: Phone,
    pub what_happened: String,
    /// Empty when not said.
    pub when_happened: String,
    pub channel: Channel,
    pub about_staff: bool,
    pub witnesses: String,
    pub evidence: String,
    pub answered_on_spot: bool,
    pub category: Option<Category>,
    pub conversation: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ComplaintField {
    Complainant,
    Company,
    Unit,
    Phone,
    WhatHappened,
    WhenHappened,
    Channel,
    Witnesses,
    Evidence,
    Category,
    /// The line at this index of the conversation.
    Conversation(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComplaintProblem {
    Text(TextError),
    /// Nothing chosen or typed where something must be.
    Required,
    Phone(PhoneError),
    /// A complaint about a staff member with neither witnesses nor evidence (CMP-12);
    /// reported on the witnesses field.
    WitnessesOrEvidence,
    /// More than [`CONVERSATION_MAX_LINES`] lines.
    TooManyLines,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ComplaintError {
    pub field: ComplaintField,
    pub problem: ComplaintProblem,
}

/// Sanitized text of at most `max` characters, possibly empty.
fn optional(text: &str, max: usize) -> Result<String, TextError> {
    let clean = sanitize(text);
    match clean.chars().count() > max {
        true => Err(TextError::TooLong(max)),
        false => Ok(clean),
    }
}

/// Whether `line` may join a conversation record that holds `said` lines already: the
/// intake asks this when a phrase is said, so the record never fails at filing for it.
pub fn check_line(said: usize, line: &str) -> Result<(), ComplaintProblem> {
    if said >= CONVERSATION_MAX_LINES {
        return Err(ComplaintProblem::TooManyLines);
    }
    optional(line, LINE_MAX_CHARS)
        .map(drop)
        .map_err(ComplaintProblem::Text)
}

/// The complaint the form describes, or every field's error in form order.
pub fn validate_complaint(form: &ComplaintForm) -> Result<Complaint, Vec<ComplaintError>> {
    use ComplaintField as F;
    let mut errors = Vec::new();
    let mut err = |field, problem| errors.push(ComplaintError { field, problem });
    let mut text = |field, value: &str, max, required: bool| {
        let result = match required {
            true => crate::domain::text::required(value, max),
            false => optional(value, max),
        };
        result
            .map_err(|e| err(field, ComplaintProblem::Text(e)))
            .unwrap_or_default()
    };
    let complainant = text(F::Complainant, &form.complainant, NAME_MAX_CHARS, true);
    let company = text(F::Company, &form.company, COMPANY_MAX_CHARS, false);
    let unit = text(F::Unit, &form.unit, UNIT_MAX_CHARS, false);
    let what_happened = text(F::WhatHappened, &form.what_happened, TEXT_MAX_CHARS, true);
    let when_happened = text(F::WhenHappened, &form.when_happened, WHEN_MAX_CHARS, false);
    let witnesses = text(F::Witnesses, &form.witnesses, TEXT_MAX_CHARS, false);
    let evidence = text(F::Evidence, &form.evidence, TEXT_MAX_CHARS, false);
    // Where the complaint comes from: a directory occupant or a typed unit (CMP-1).
    if form.occupant.is_none() && sanitize(&form.unit).is_empty() {
        err(F::Unit, ComplaintProblem::Required);
    }
    let phone = Phone::parse(&form.phone)
        .map_err(|e| {
            err(
                F::Phone,
                match e {
                    PhoneError::Empty => ComplaintProblem::Required,
                    e => ComplaintProblem::Phone(e),
                },
            )
        })
        .ok();
    if form.channel.is_none() {
        err(F::Channel, ComplaintProblem::Required);
    }
    // An overlong one is already named; only nothing typed at all is this error.
    let typed_nothing = sanitize(&form.witnesses).is_empty() && sanitize(&form.evidence).is_empty();
    if form.about_staff && typed_nothing {
        err(F::Witnesses, ComplaintProblem::WitnessesOrEvidence);
    }
    if form.answered_on_spot && form.category.is_none() {
        err(F::Category, ComplaintProblem::Required);
    }
    let mut conversation = Vec::new();
    for (i, line) in form.conversation.iter().enumerate() {
        match optional(line, LINE_MAX_CHARS) {
            Ok(clean) if clean.is_empty() => {}
            Ok(clean) => conversation.push(clean),
            Err(e) => err(F::Conversation(i), ComplaintProblem::Text(e)),
        }
    }
    if conversation.len() > CONVERSATION_MAX_LINES {
        err(
            F::Conversation(CONVERSATION_MAX_LINES),
            ComplaintProblem::TooManyLines,
        );
    }
    // Form order: the order the fields appear in.
    let order = |f: &ComplaintField| match f {
        F::Complainant => 0,
        F::Company => 1,
        F::Unit => 2,
        F::Phone => 3,
        F::WhatHappened => 4,
        F::WhenHappened => 5,
        F::Channel => 6,
        F::Witnesses => 7,
        F::Evidence => 8,
        F::Category => 9,
        F::Conversation(i) => 10 + i,
    };
    errors.sort_by_key(|e| order(&e.field));
    match (phone, form.channel) {
        (Some(phone), Some(channel)) if errors.is_empty() => Ok(Complaint {
            title: form.title.or_else(|| written_title(&complainant)),
            complainant,
            company,
            occupant: form.occupant,
            unit,
            phone,
            what_happened,
            when_happened,
            channel,
            about_staff: form.about_staff,
            witnesses,
            evidence,
            answered_on_spot: form.answered_on_spot,
            category: form.category,
            conversation,
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn form() -> ComplaintForm {
        ComplaintForm {
            complainant: "王芳".into(),
            title: None,
            company: String::new(),
            occupant: None,
            unit: "3号楼2单元1203".into(),
            phone: "138 0013 8000".into(),
            what_happened: "楼上漏水,天花板渗水".into(),
            when_happened: "昨晚".into(),
            channel: Some(Channel::Phone),
            about_staff: false,
            witnesses: String::new(),
            evidence: String::new(),
            answered_on_spot: false,
            category: None,
            conversation: vec!["您好!请问我们能为您做些什么?".into(), " ".into()],
        }
    }

    fn fields(form: &ComplaintForm) -> Vec<(ComplaintField, ComplaintProblem)> {
        validate_complaint(form)
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect()
    }

    #[test]
    fn cmp_1_intake_keeps_name_company_unit_phone_what_when_and_channel() {
        let c = validate_complaint(&form()).unwrap();
        assert_eq!(c.complainant, "王芳");
        assert_eq!(c.unit, "3号楼2单元1203");
        assert_eq!(c.phone.as_str(), "13800138000");
        assert_eq!(c.channel, Channel::Phone);
        assert_eq!(c.when_happened, "昨晚");
        assert_eq!(c.conversation.len(), 1, "blank lines are dropped");
    }

    #[test]
    fn cmp_1_every_missing_field_is_named_in_form_order() {
        let empty = ComplaintForm::default();
        assert_eq!(
            fields(&empty),
            [
                (
                    ComplaintField::Complainant,
                    ComplaintProblem::Text(TextError::Empty)
                ),
                (ComplaintField::Unit, ComplaintProblem::Required),
                (ComplaintField::Phone, ComplaintProblem::Required),
                (
                    ComplaintField::WhatHappened,
                    ComplaintProblem::Text(TextError::Empty)
                ),
                (ComplaintField::Channel, ComplaintProblem::Required),
            ]
        );
    }

    #[test]
    fn cmp_1_an_occupant_from_the_directory_stands_for_the_unit() {
        let c = validate_complaint(&ComplaintForm {
            occupant: Some(OccupantId(3)),
            unit: String::new(),
            ..form()
        })
        .unwrap();
        assert_eq!((c.occupant, c.unit.as_str()), (Some(OccupantId(3)), ""));
    }

    #[test]
    fn bad_phone_overlong_text_and_control_characters() {
        let f = ComplaintForm {
            phone: "12345".into(),
            what_happened: "漏".repeat(TEXT_MAX_CHARS + 1),
            complainant: "王\u{1b}[31m芳".into(),
            ..form()
        };
        assert_eq!(
            fields(&f),
            [
                (
                    ComplaintField::Phone,
                    ComplaintProblem::Phone(PhoneError::NotAPhoneNumber)
                ),
                (
                    ComplaintField::WhatHappened,
                    ComplaintProblem::Text(TextError::TooLong(TEXT_MAX_CHARS))
                ),
            ]
        );
        let c = validate_complaint(&ComplaintForm {
            complainant: "王\u{1b}[31m芳".into(),
            ..form()
        })
        .unwrap();
        assert_eq!(c.complainant, "王芳");
        let long_line = ComplaintForm {
            conversation: vec!["好".into(), "话".repeat(LINE_MAX_CHARS + 1)],
            ..form()
        };
        assert_eq!(
            fields(&long_line),
            [(
                ComplaintField::Conversation(1),
                ComplaintProblem::Text(TextError::TooLong(LINE_MAX_CHARS))
            )]
        );
    }

    #[test]
    fn cmp_12_a_complaint_about_staff_needs_witnesses_or_evidence() {
        let bare = ComplaintForm {
            about_staff: true,
            ..form()
        };
        assert_eq!(
            fields(&bare),
            [(
                ComplaintField::Witnesses,
                ComplaintProblem::WitnessesOrEvidence
            )]
        );
        let witness = ComplaintForm {
            witnesses: "邻居李先生".into(),
            ..bare.clone()
        };
        assert!(validate_complaint(&witness).is_ok());
        let evidence = ComplaintForm {
            evidence: "监控录像 10:05".into(),
            ..bare
        };
        let c = validate_complaint(&evidence).unwrap();
        assert!(c.about_staff);
        assert_eq!(c.evidence, "监控录像 10:05");
    }

    #[test]
    fn a_complaint_answered_on_the_spot_needs_its_category() {
        let spot = ComplaintForm {
            answered_on_spot: true,
            ..form()
        };
        assert_eq!(
            fields(&spot),
            [(ComplaintField::Category, ComplaintProblem::Required)]
        );
        let spot = ComplaintForm {
            category: Some(Category::Sanitation),
            ..spot
        };
        assert!(validate_complaint(&spot).unwrap().answered_on_spot);
    }

    #[test]
    fn a_line_is_refused_when_the_record_is_full_or_the_line_too_long() {
        assert_eq!(check_line(0, "您好"), Ok(()));
        assert_eq!(
            check_line(CONVERSATION_MAX_LINES, "您好"),
            Err(ComplaintProblem::TooManyLines)
        );
        assert_eq!(
            check_line(0, &"话".repeat(LINE_MAX_CHARS + 1)),
            Err(ComplaintProblem::Text(TextError::TooLong(LINE_MAX_CHARS)))
        );
    }
}
