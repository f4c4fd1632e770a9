//! The visitor and phone registers' pure rules (REG, issue 8): normalized identities (phone,
//! plate, name, pinyin initials), the registrations and their validation, and the ownership
//! verdict. The store and the registers pane call these; nothing here reads a database or a
//! clock.

pub mod identity;
pub mod initials;
pub mod name;
pub mod ownership;
pub mod phone;
pub mod phone_order;
pub mod plate;
pub mod redistribution;
pub mod referral;
pub mod registration;
pub mod validate;
pub mod window;

pub use identity::{Identity, IdentityPart, NearMiss};
pub use initials::initials;
pub use name::CustomerName;
pub use ownership::{
    Claim, Earlier, Match, Ownership, Possible, Register, Ruling, Verdict, check, settle,
};
pub use phone::{Phone, PhoneError, PhoneKind};
pub use phone_order::next_to_answer;
pub use plate::{Plate, PlateError};
pub use redistribution::Redistributed;
pub use referral::{CustomerReferral, EmployeeReferral, Implied, ReferralGround, ReferralState};
pub use registration::{CallRegistration, Class, Source, VisitRegistration};
pub use validate::{
    CallForm, Field, FieldError, Problem, Validated, VisitForm, validate_call, validate_visit,
};
pub use window::Window;

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// Whatever a clerk types or pastes into an identity field, parsing answers; it never
        /// panics (a short number once did).
        #[test]
        fn any_text_typed_into_an_identity_field_is_parsed_or_refused_never_a_panic(
            text in "\\PC{0,24}|[0-9０-９+ \\-转x()]{0,24}|[京沪粤A-Za-zＡ-Ｚ0-9·]{0,10}",
        ) {
            let _ = Phone::parse(&text);
            let _ = Plate::parse(&text);
            let _ = CustomerName::parse(&text);
            let _ = initials(&text);
        }
    }
}
