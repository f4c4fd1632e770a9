//! Who a registration is about, and when two registrations are the same customer (REG-3):
//! "客户全名、联系电话、车的品牌和牌照加客户姓(三者有其一即可)" (004 §4) — and the near misses
//! that look alike but never decide.

use super::name::CustomerName;
use super::phone::Phone;
use super::plate::Plate;

/// The identifying parts of a registration, each already normalized.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Identity {
    pub name: Option<CustomerName>,
    pub phone: Option<Phone>,
    pub plate: Option<Plate>,
}

/// One of the three identities REG-3 accepts; any one suffices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IdentityPart {
    FullName,
    Phone,
    /// The car's plate with the customer's surname. The car brand is kept but not compared:
    /// the plate names the car, and brands are free text (宝马, BMW).
    PlateAndSurname,
}

/// Something that looks like the same customer but is not proof (issue 8 §1): shown as
/// "possible", never deciding, never silently dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NearMiss {
    /// Same surname and the same last four phone digits, different numbers.
    SameSurnameAndLast4,
    /// Phones of the same length that differ in one digit: a typing slip, one side or other.
    PhoneOneDigitOff,
    /// The same plate with a different surname, or a surname missing on one side: perhaps
    /// a family member in the family car (004 §14 treats a family as one customer).
    SamePlateOtherSurname,
}

impl Identity {
    /// Which REG-3 identities this one has. A surname alone is none of them.
    pub fn parts(&self) -> Vec<IdentityPart> {
        let mut parts = Vec::new();
        if self.name.as_ref().is_some_and(|n| n.full().is_some()) {
            parts.push(IdentityPart::FullName);
        }
        if self.phone.is_some() {
            parts.push(IdentityPart::Phone);
        }
        if self.plate.is_some() && self.name.is_some() {
            parts.push(IdentityPart::PlateAndSurname);
        }
        parts
    }

    /// The REG-3 identities both share: same normalized phone; same full name; same plate and
    /// same surname. Empty when they are not, by REG-3, the same customer — a shared surname
    /// alone never is.
    pub fn matches(&self, other: &Identity) -> Vec<IdentityPart> {
        let mut by = Vec::new();
        if let (Some(a), Some(b)) = (full_name(self), full_name(other))
            && a == b
        {
            by.push(IdentityPart::FullName);
        }
        if let (Some(a), Some(b)) = (&self.phone, &other.phone)
            && a == b
        {
            by.push(IdentityPart::Phone);
        }
        if let (Some(a), Some(b)) = (&self.plate, &other.plate)
            && a == b
            && same_surname(self, other)
        {
            by.push(IdentityPart::PlateAndSurname);
        }
        by
    }

    /// The near misses between two identities that do not match by REG-3.
    pub fn near_misses(&self, other: &Identity) -> Vec<NearMiss> {
        let mut misses = Vec::new();
        if let (Some(a), Some(b)) = (&self.phone, &other.phone)
            && a != b
        {
            if same_surname(self, other) && a.last4() == b.last4() {
                misses.push(NearMiss::SameSurnameAndLast4);
            }
            if one_digit_off(a.number(), b.number()) {
                misses.push(NearMiss::PhoneOneDigitOff);
            }
        }
        if let (Some(a), Some(b)) = (&self.plate, &other.plate)
            && a == b
            && !same_surname(self, other)
        {
            misses.push(NearMiss::SamePlateOtherSurname);
        }
        misses
    }
}

fn full_name(identity: &Identity) -> Option<&str> {
    identity.name.as_ref().and_then(CustomerName::full)
}

fn same_surname(a: &Identity, b: &Identity) -> bool {
    match (&a.name, &b.name) {
        (Some(a), Some(b)) => a.surname() == b.surname(),
        _ => false,
    }
}

fn one_digit_off(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).filter(|(x, y)| x != y).count() == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(name: &str, phone: &str, plate: &str) -> Identity {
        Identity {
            name: (!name.is_empty()).then(|| CustomerName::parse(name).unwrap()),
            phone: (!phone.is_empty()).then(|| Phone::parse(phone).unwrap()),
            plate: (!plate.is_empty()).then(|| Plate::parse(plate).unwrap()),
        }
    }

    #[test]
    fn reg_3_the_same_phone_however_typed_is_the_same_customer() {
        let typed = id("", "+86 138-0013-8000", "");
        let earlier = id("李娜", "13800138000", "");
        assert_eq!(typed.matches(&earlier), [IdentityPart::Phone]);
    }

    #[test]
    fn reg_3_the_same_full_name_is_the_same_customer() {
        assert_eq!(
            id("王芳", "", "").matches(&id("王芳女士", "13900001111", "")),
            [IdentityPart::FullName]
        );
    }

    #[test]
    fn reg_3_the_same_plate_with_the_same_surname_is_the_same_customer() {
        assert_eq!(
            id("王先生", "", "京a·12345").matches(&id("王芳", "", "京A12345")),
            [IdentityPart::PlateAndSurname]
        );
    }

    #[test]
    fn reg_3_a_surname_alone_is_not_the_same_customer() {
        assert!(
            id("王先生", "", "")
                .matches(&id("王先生", "", ""))
                .is_empty()
        );
        assert!(id("王先生", "", "").matches(&id("王芳", "", "")).is_empty());
        assert!(
            id("王芳", "", "").matches(&id("王丽", "", "")).is_empty(),
            "different full names with one surname"
        );
        assert!(
            id("", "", "京A12345")
                .matches(&id("王芳", "", "京A12345"))
                .is_empty(),
            "a plate needs the surname too"
        );
    }

    #[test]
    fn near_misses_are_found_where_reg_3_does_not_match() {
        assert_eq!(
            id("王先生", "13800135678", "").near_misses(&id("王芳", "13912345678", "")),
            [NearMiss::SameSurnameAndLast4]
        );
        assert_eq!(
            id("", "13800138000", "").near_misses(&id("李娜", "13800138001", "")),
            [NearMiss::PhoneOneDigitOff]
        );
        assert_eq!(
            id("李先生", "", "京A12345").near_misses(&id("王芳", "", "京A12345")),
            [NearMiss::SamePlateOtherSurname]
        );
        assert!(
            id("李先生", "13800135678", "")
                .near_misses(&id("王芳", "13912345678", ""))
                .is_empty(),
            "the last four digits alone are no near miss"
        );
    }

    #[test]
    fn reg_1_the_identities_a_registration_has_are_listed_and_a_surname_is_none() {
        assert_eq!(
            id("王芳", "13800138000", "京A12345").parts(),
            [
                IdentityPart::FullName,
                IdentityPart::Phone,
                IdentityPart::PlateAndSurname
            ]
        );
        assert_eq!(
            id("王先生", "", "京A12345").parts(),
            [IdentityPart::PlateAndSurname]
        );
        assert!(id("王先生", "", "").parts().is_empty());
    }
}
