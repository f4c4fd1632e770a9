//! An office's policy: the parameters where the source manuals differ. Data, not code: the
//! presets live in `assets/policies/`, and an office may override any field in its settings
//! (`domain::settings`, kept in the office's database).

use serde::{Deserialize, Serialize};

pub use crate::domain::attribution::split::SplitPolicy;

/// Who receives a returning or designated customer whose salesperson is away (ROT-8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HelperPolicy {
    /// The last available in the queue helps, outside the rotation (001 第12篇 4.2).
    LastInQueue,
    /// The next up helps on their turn and is made up for it (004 §9).
    NextUp,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    pub name: String,
    pub helper: HelperPolicy,
    /// Days a visitor registration protects the salesperson (REG-5), counted in calendar
    /// days at the office: the registration day is day 0, the last protected day is day N.
    pub registration_valid_days: u32,
    /// Days the original registration still counts when the salesperson who received the
    /// customer did not know they had been received before (ATT-004-6, 004 §15–16: 超出60天
    /// 则视为新客户). Equal to `registration_valid_days` where the source has no second
    /// window. An office that lengthens `registration_valid_days` past it gets the longer one
    /// for both ([`Policy::unknowing_window_days`]), so one override never makes a preset
    /// incoherent.
    pub unknowing_receipt_valid_days: u32,
    /// Whether answering a call makes the caller that salesperson's customer (REG-9).
    pub phone_registration_is_evidence: bool,
    /// The fine for grabbing a customer, in fen, inclusive (ROT-14).
    pub grabbing_fine_fen: (i64, i64),
    /// The commission split's numbers (ATT), the preset's `[split]` table; an office overrides
    /// single fields of it (`split = { helper_bp = 3000 }`), the rest stay the preset's.
    #[serde(default)]
    pub split: SplitPolicy,
}

/// The presets shipped with the console, by the name an office picks in its config.
pub const PRESETS: [(&str, &str); 3] = [
    ("004", include_str!("../../assets/policies/004.toml")),
    ("vanke", include_str!("../../assets/policies/vanke.toml")),
    (
        "rules-14",
        include_str!("../../assets/policies/rules-14.toml"),
    ),
];

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PolicyError {
    #[error("unknown policy preset {0:?}; choose 004, vanke or rules-14")]
    UnknownPreset(String),
    /// Not a field of the policy, or `name`, which is the preset's and not an office's to set.
    #[error("the policy has no field {0:?} that an office may set")]
    UnknownField(String),
    #[error("the policy field {field:?} has a wrong value: {detail}")]
    WrongType { field: String, detail: String },
    #[error("policy: {0}")]
    Invalid(String),
}

impl Policy {
    /// A preset, with any fields of `overrides` replacing the preset's.
    pub fn load(preset: &str, overrides: &toml::Table) -> Result<Policy, PolicyError> {
        let text = PRESETS
            .iter()
            .find(|(name, _)| *name == preset)
            .map(|(_, text)| *text)
            .ok_or_else(|| PolicyError::UnknownPreset(preset.to_owned()))?;
        let base: toml::Table =
            toml::from_str(text).map_err(|e| PolicyError::Invalid(e.to_string()))?;
        // Each override is tried alone on the preset first, so the error names the field at
        // fault: a supervisor fixing the office's settings needs the line, not serde's sentence.
        let mut table = base.clone();
        for (field, value) in overrides {
            if field == "name" || !base.contains_key(field) {
                return Err(PolicyError::UnknownField(field.clone()));
            }
            if field == SPLIT {
                let merged = merge_split(&base, value)?;
                table.insert(SPLIT.into(), merged);
                continue;
            }
            let mut one = base.clone();
            one.insert(field.clone(), value.clone());
            if let Err(e) = one.try_into::<Policy>() {
                return Err(PolicyError::WrongType {
                    field: field.clone(),
                    detail: e.message().to_owned(),
                });
            }
            table.insert(field.clone(), value.clone());
        }
        let policy: Policy = table
            .try_into()
            .map_err(|e: toml::de::Error| PolicyError::Invalid(e.message().to_owned()))?;
        let (min, max) = policy.grabbing_fine_fen;
        if min < 0 || min > max {
            return Err(PolicyError::Invalid("grabbing_fine_fen".into()));
        }
        if let Some(field) = policy.split.out_of_range() {
            return Err(PolicyError::Invalid(format!(
                "split.{field} is more than 10000 basis points (the whole commission)"
            )));
        }
        Ok(policy)
    }

    /// The second window in use: never shorter than the first.
    pub fn unknowing_window_days(&self) -> u32 {
        self.unknowing_receipt_valid_days
            .max(self.registration_valid_days)
    }

    pub fn preset(name: &str) -> Policy {
        Policy::load(name, &toml::Table::new()).expect("shipped presets are valid")
    }
}

/// The policy's table of split numbers.
const SPLIT: &str = "split";

/// The preset's `[split]` with the office's `split = {…}` laid over it field by field, each
/// field checked alone so that the error names `split.<field>`.
fn merge_split(base: &toml::Table, value: &toml::Value) -> Result<toml::Value, PolicyError> {
    let toml::Value::Table(fields) = value else {
        return Err(PolicyError::WrongType {
            field: SPLIT.into(),
            detail: format!("split must be a table of fields, not {value}"),
        });
    };
    let mut split = match base.get(SPLIT) {
        Some(toml::Value::Table(t)) => t.clone(),
        _ => toml::Table::new(),
    };
    for (field, v) in fields {
        let name = format!("{SPLIT}.{field}");
        if !SplitPolicy::FIELDS.contains(&field.as_str()) {
            return Err(PolicyError::UnknownField(name));
        }
        let mut one = toml::Table::new();
        one.insert(field.clone(), v.clone());
        if let Err(e) = one.try_into::<SplitPolicy>() {
            return Err(PolicyError::WrongType {
                field: name,
                detail: e.message().to_owned(),
            });
        }
        split.insert(field.clone(), v.clone());
    }
    Ok(split.into())
}

impl Default for Policy {
    fn default() -> Self {
        Policy::preset("004")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_preset_loads() {
        for (name, _) in PRESETS {
            assert_eq!(Policy::preset(name).name, name);
        }
    }

    #[test]
    fn rot_8_presets_differ_in_who_helps_an_absent_owner() {
        assert_eq!(Policy::preset("004").helper, HelperPolicy::NextUp);
        assert_eq!(Policy::preset("vanke").helper, HelperPolicy::LastInQueue);
    }

    #[test]
    fn an_override_replaces_one_field_and_keeps_the_rest() {
        let overrides: toml::Table = toml::from_str("helper = \"last_in_queue\"").unwrap();
        let policy = Policy::load("004", &overrides).unwrap();
        assert_eq!(policy.helper, HelperPolicy::LastInQueue);
        assert_eq!(policy.registration_valid_days, 30);
    }

    #[test]
    fn reg_5_presets_carry_their_protection_windows_and_004_has_a_second() {
        let windows = |name| {
            let p = Policy::preset(name);
            (p.registration_valid_days, p.unknowing_window_days())
        };
        assert_eq!(windows("004"), (30, 60));
        assert_eq!(windows("vanke"), (30, 30));
        assert_eq!(windows("rules-14"), (60, 60));
        let longer: toml::Table = toml::from_str("registration_valid_days = 45").unwrap();
        let vanke = Policy::load("vanke", &longer).unwrap();
        assert_eq!(
            vanke.unknowing_window_days(),
            45,
            "the second window is never the shorter"
        );
    }

    #[test]
    fn att_split_numbers_come_from_the_preset_and_one_field_can_be_overridden() {
        assert_eq!(Policy::preset("004").split.helper_bp, 2000);
        assert_eq!(Policy::preset("004").split.found_after_deal_days, 3);
        assert_eq!(Policy::preset("vanke").split.company_arranged_pool_bp, 7000);
        assert_eq!(Policy::preset("rules-14").split.nth_visit_earlier_bp, 5000);
        let overrides: toml::Table =
            toml::from_str("split = { helper_bp = 3000 }\nregistration_valid_days = 45").unwrap();
        let p = Policy::load("004", &overrides).unwrap();
        assert_eq!(p.split.helper_bp, 3000);
        assert_eq!(
            p.split.found_after_deal_days, 3,
            "the rest stay the preset's"
        );
        assert_eq!(p.registration_valid_days, 45);
    }

    #[test]
    fn att_a_wrong_split_field_is_named() {
        let load = |text: &str| Policy::load("vanke", &toml::from_str(text).unwrap());
        assert_eq!(
            load("split = { helpr_bp = 1 }"),
            Err(PolicyError::UnknownField("split.helpr_bp".into()))
        );
        assert!(matches!(
            load("split = { helper_bp = \"20%\" }"),
            Err(PolicyError::WrongType { field, .. }) if field == "split.helper_bp"
        ));
        assert!(matches!(
            load("split = { helper_bp = 10001 }"),
            Err(PolicyError::Invalid(m)) if m.contains("split.helper_bp")
        ));
        assert!(matches!(
            load("split = 5"),
            Err(PolicyError::WrongType { field, .. }) if field == "split"
        ));
    }

    #[test]
    fn an_unknown_preset_or_field_is_refused() {
        assert!(matches!(
            Policy::load("acme", &toml::Table::new()),
            Err(PolicyError::UnknownPreset(_))
        ));
        let overrides: toml::Table = toml::from_str("helpr = \"next_up\"").unwrap();
        assert_eq!(
            Policy::load("004", &overrides),
            Err(PolicyError::UnknownField("helpr".into()))
        );
    }

    #[test]
    fn a_wrong_value_names_its_field_and_the_preset_name_is_not_an_office_s_to_change() {
        let overrides: toml::Table = toml::from_str("registration_valid_days = \"30\"").unwrap();
        assert!(matches!(
            Policy::load("004", &overrides),
            Err(PolicyError::WrongType { field, .. }) if field == "registration_valid_days"
        ));
        let overrides: toml::Table = toml::from_str("name = \"acme\"").unwrap();
        assert_eq!(
            Policy::load("vanke", &overrides),
            Err(PolicyError::UnknownField("name".into()))
        );
    }
}
