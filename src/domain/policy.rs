//! An office's policy: the parameters where the source manuals differ. Data, not code: the
//! presets live in `assets/policies/`, and an office may override any field in its config.

use serde::Deserialize;

/// Who receives a returning or designated customer whose salesperson is away (ROT-8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HelperPolicy {
    /// The last available in the queue helps, outside the rotation (001 第12篇 4.2).
    LastInQueue,
    /// The next up helps on their turn and is made up for it (004 §9).
    NextUp,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    pub name: String,
    pub helper: HelperPolicy,
    /// Days a visitor registration protects the salesperson (REG-5).
    pub registration_valid_days: u32,
    /// Whether answering a call makes the caller that salesperson's customer (REG-9).
    pub phone_registration_is_evidence: bool,
    /// The fine for grabbing a customer, in fen, inclusive (ROT-14).
    pub grabbing_fine_fen: (i64, i64),
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
        let mut table: toml::Table =
            toml::from_str(text).map_err(|e| PolicyError::Invalid(e.to_string()))?;
        table.extend(overrides.clone());
        let policy: Policy = table
            .try_into()
            .map_err(|e: toml::de::Error| PolicyError::Invalid(e.message().to_owned()))?;
        let (min, max) = policy.grabbing_fine_fen;
        if min < 0 || min > max {
            return Err(PolicyError::Invalid("grabbing_fine_fen".into()));
        }
        Ok(policy)
    }

    pub fn preset(name: &str) -> Policy {
        Policy::load(name, &toml::Table::new()).expect("shipped presets are valid")
    }
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
    fn an_unknown_preset_or_field_is_refused() {
        assert!(matches!(
            Policy::load("acme", &toml::Table::new()),
            Err(PolicyError::UnknownPreset(_))
        ));
        let overrides: toml::Table = toml::from_str("helpr = \"next_up\"").unwrap();
        assert!(matches!(
            Policy::load("004", &overrides),
            Err(PolicyError::Invalid(_))
        ));
    }
}
