//! The building's directory (issue 9 §1): units (building / unit / room) and who occupies
//! them, a company or a resident, with their phones. Validated here, stored by
//! `store::lobby`; the directory is not evidence, a supervisor edits it (audited).

use std::fmt;

use unicode_normalization::UnicodeNormalization;

use crate::domain::register::{Phone, PhoneError};
use crate::domain::text::{TextError, sanitize};

/// Longest building name (`3号楼`, `A座`, `科技大厦北塔`).
pub const BUILDING_MAX_CHARS: usize = 20;
/// Longest unit (`2单元`) and room (`1203`, `B-1203`).
pub const UNIT_MAX_CHARS: usize = 10;
pub const ROOM_MAX_CHARS: usize = 10;
/// Longest company or resident name.
pub const OCCUPANT_NAME_MAX_CHARS: usize = 40;
/// How many phones one occupant keeps.
pub const MAX_PHONES: usize = 4;

/// Where a unit is: building, unit (empty where the building has none) and room. Compared
/// as stored: cleaned and NFKC-folded (full-width `１２０３` is `1203`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnitAddress {
    building: String,
    unit: String,
    room: String,
}

fn fold(text: &str) -> String {
    sanitize(&text.nfkc().collect::<String>())
}

fn bounded(text: &str, max: usize, required: bool) -> Result<String, TextError> {
    let clean = fold(text);
    if required && clean.is_empty() {
        Err(TextError::Empty)
    } else if clean.chars().count() > max {
        Err(TextError::TooLong(max))
    } else {
        Ok(clean)
    }
}

impl UnitAddress {
    /// Every field's error, by field.
    pub fn parse(building: &str, unit: &str, room: &str) -> Result<UnitAddress, Vec<DirError>> {
        let mut errors = Vec::new();
        let mut take = |field, text, max, required| match bounded(text, max, required) {
            Ok(t) => t,
            Err(e) => {
                errors.push(DirError {
                    field,
                    problem: DirProblem::Text(e),
                });
                String::new()
            }
        };
        let building = take(DirField::Building, building, BUILDING_MAX_CHARS, true);
        let unit = take(DirField::Unit, unit, UNIT_MAX_CHARS, false);
        let room = take(DirField::Room, room, ROOM_MAX_CHARS, true);
        match errors.is_empty() {
            true => Ok(UnitAddress {
                building,
                unit,
                room,
            }),
            false => Err(errors),
        }
    }

    /// As stored (already clean); no validation.
    pub fn from_stored(building: String, unit: String, room: String) -> UnitAddress {
        UnitAddress {
            building,
            unit,
            room,
        }
    }

    pub fn building(&self) -> &str {
        &self.building
    }

    pub fn unit(&self) -> &str {
        &self.unit
    }

    pub fn room(&self) -> &str {
        &self.room
    }
}

/// `3号楼 2单元 1203`, or `A座 1203` without a unit.
impl fmt::Display for UnitAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.unit.is_empty() {
            true => write!(f, "{} {}", self.building, self.room),
            false => write!(f, "{} {} {}", self.building, self.unit, self.room),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OccupantKind {
    Company,
    Resident,
}

impl OccupantKind {
    pub fn key(self) -> &'static str {
        match self {
            OccupantKind::Company => "company",
            OccupantKind::Resident => "resident",
        }
    }

    pub fn from_key(key: &str) -> Option<OccupantKind> {
        match key {
            "company" => Some(OccupantKind::Company),
            "resident" => Some(OccupantKind::Resident),
            _ => None,
        }
    }

    /// As offices write it: `公司`, `企业`, `company`; `住户`, `业主`, `租户`, `resident`.
    /// `None` for anything else.
    pub fn parse(text: &str) -> Option<OccupantKind> {
        let t: String = fold(text).to_lowercase().split_whitespace().collect();
        const COMPANY: &[&str] = &[
            "公司",
            "企业",
            "单位",
            "商户",
            "租户单位",
            "company",
            "business",
            "tenant company",
            "office",
        ];
        const RESIDENT: &[&str] = &[
            "住户",
            "业主",
            "居民",
            "个人",
            "租户",
            "住宅",
            "resident",
            "owner",
            "household",
            "person",
        ];
        if COMPANY.contains(&t.as_str()) {
            Some(OccupantKind::Company)
        } else if RESIDENT.contains(&t.as_str()) {
            Some(OccupantKind::Resident)
        } else {
            None
        }
    }

    /// A name's likely kind when the sheet does not say: a registered company's name
    /// (`…有限公司`, `…Co., Ltd.`) is a company, anything else a resident.
    pub fn guess(name: &str) -> OccupantKind {
        let lower = name.to_lowercase();
        let company = [
            "公司",
            "集团",
            "事务所",
            "工作室",
            "中心",
            "银行",
            "医院",
            "店",
        ]
        .iter()
        .any(|w| name.contains(w))
            || ["co.", "ltd", "inc", "llc", "gmbh", "company"]
                .iter()
                .any(|w| lower.contains(w));
        match company {
            true => OccupantKind::Company,
            false => OccupantKind::Resident,
        }
    }
}

/// A directory entry as typed or read from a sheet, before validation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OccupantForm {
    pub building: String,
    pub unit: String,
    pub room: String,
    /// The company or the resident.
    pub name: String,
    /// One or more phones, separated by `,` `，` `;` `；` `、` or `/`.
    pub phones: String,
    /// Empty: guessed from the name ([`OccupantKind::guess`]).
    pub kind: String,
}

/// A validated occupant of a unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occupant {
    pub address: UnitAddress,
    pub name: String,
    pub phones: Vec<Phone>,
    pub kind: OccupantKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DirField {
    Building,
    Unit,
    Room,
    Name,
    Phone,
    Kind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DirProblem {
    Text(TextError),
    /// The phone as written and why it is not one.
    Phone(String, PhoneError),
    TooManyPhones(usize),
    /// The kind as written.
    Kind(String),
}

/// One field's problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirError {
    pub field: DirField,
    pub problem: DirProblem,
}

fn phones(text: &str) -> Result<Vec<Phone>, Vec<DirError>> {
    let mut out: Vec<Phone> = Vec::new();
    let mut errors = Vec::new();
    for part in text.split([',', '，', ';', '；', '、', '/', '\n']) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        match Phone::parse(part) {
            Ok(p) if out.contains(&p) => {}
            Ok(p) => out.push(p),
            Err(e) => errors.push(DirError {
                field: DirField::Phone,
                problem: DirProblem::Phone(part.to_owned(), e),
            }),
        }
    }
    if out.len() > MAX_PHONES {
        errors.push(DirError {
            field: DirField::Phone,
            problem: DirProblem::TooManyPhones(MAX_PHONES),
        });
    }
    match errors.is_empty() {
        true => Ok(out),
        false => Err(errors),
    }
}

/// The occupant the form describes, or every field's error.
pub fn validate_occupant(form: &OccupantForm) -> Result<Occupant, Vec<DirError>> {
    let mut errors = Vec::new();
    let address = UnitAddress::parse(&form.building, &form.unit, &form.room)
        .map_err(|e| errors.extend(e))
        .ok();
    let name = bounded(&form.name, OCCUPANT_NAME_MAX_CHARS, true)
        .map_err(|e| {
            errors.push(DirError {
                field: DirField::Name,
                problem: DirProblem::Text(e),
            })
        })
        .ok();
    let phones = phones(&form.phones).map_err(|e| errors.extend(e)).ok();
    let kind = match form.kind.trim() {
        "" => name.as_deref().map(OccupantKind::guess),
        text => match OccupantKind::parse(text) {
            Some(k) => Some(k),
            None => {
                errors.push(DirError {
                    field: DirField::Kind,
                    problem: DirProblem::Kind(text.to_owned()),
                });
                None
            }
        },
    };
    match (address, name, phones, kind) {
        (Some(address), Some(name), Some(phones), Some(kind)) if errors.is_empty() => {
            Ok(Occupant {
                address,
                name,
                phones,
                kind,
            })
        }
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(b: &str, u: &str, r: &str, n: &str, p: &str, k: &str) -> OccupantForm {
        OccupantForm {
            building: b.into(),
            unit: u.into(),
            room: r.into(),
            name: n.into(),
            phones: p.into(),
            kind: k.into(),
        }
    }

    #[test]
    fn an_occupant_is_a_unit_a_name_its_phones_and_a_kind() {
        let o = validate_occupant(&form(
            "3号楼",
            "2单元",
            "１２０３",
            "王芳",
            "13800138000，021-62345678",
            "",
        ))
        .unwrap();
        assert_eq!(o.address.room(), "1203");
        assert_eq!(o.address.to_string(), "3号楼 2单元 1203");
        assert_eq!(o.phones.len(), 2);
        assert_eq!(o.kind, OccupantKind::Resident);
        let c = validate_occupant(&form("A座", "", "801", "蓝海科技有限公司", "", "")).unwrap();
        assert_eq!(c.kind, OccupantKind::Company);
        assert_eq!(c.address.to_string(), "A座 801");
    }

    #[test]
    fn every_bad_field_is_named() {
        let errors =
            validate_occupant(&form("", "", "", "", "12345; 13800138000", "仓库")).unwrap_err();
        let fields: Vec<DirField> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                DirField::Building,
                DirField::Room,
                DirField::Name,
                DirField::Phone,
                DirField::Kind
            ]
        );
        assert!(matches!(&errors[3].problem, DirProblem::Phone(p, _) if p == "12345"));
    }

    #[test]
    fn kinds_are_read_as_offices_write_them() {
        assert_eq!(OccupantKind::parse("公司"), Some(OccupantKind::Company));
        assert_eq!(
            OccupantKind::parse(" Resident "),
            Some(OccupantKind::Resident)
        );
        assert_eq!(OccupantKind::parse("业主"), Some(OccupantKind::Resident));
        assert_eq!(OccupantKind::parse("车库"), None);
        assert_eq!(OccupantKind::guess("Acme Co., Ltd."), OccupantKind::Company);
    }
}
