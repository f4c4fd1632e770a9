//! The office's own settings: its policy (a preset and the fields it overrides) and its time
//! zone. They belong to the office, not to one desk, so every desk on a database applies the
//! same rules; the store keeps them, a supervisor changes them.

use std::fmt::Write as _;

use chrono_tz::Tz;

use crate::domain::handover::{ShiftError, Shifts, default_checklist, validate_checklist};
use crate::domain::policy::{Policy, PolicyError};

/// What an office gets until a supervisor chooses otherwise: the defaults a console used when
/// its config file said nothing, so an office set up by an earlier build keeps its rules.
pub const DEFAULT_PRESET: &str = "004";
pub const DEFAULT_TIMEZONE: Tz = chrono_tz::Asia::Shanghai;

/// A validated set of office settings: `policy` is always `preset` with `overrides` applied.
/// The fields are private so that the three can never disagree.
#[derive(Debug, Clone, PartialEq)]
pub struct OfficeSettings {
    preset: String,
    overrides: toml::Table,
    policy: Policy,
    timezone: Tz,
    /// Whether clerks and salespeople need a PIN to sign in (SEC-2). Supervisors always do;
    /// anyone who has a PIN is asked for it whatever this says.
    pin_for_everyone: bool,
    /// The office's own information sources, offered after the built-in ones in the visit
    /// and call forms (issue 8: "a list the office can extend").
    sources: Vec<String>,
    /// Which desks the office runs (issue 9 §1): the tabs shown follow.
    desks: DeskKinds,
    /// The hour (office time, 0–23) after which a visitor still in the lobby log is marked
    /// (issue 9 §2, inside now).
    closing_hour: u8,
    /// The desk's shifts (issue 10 §1): the handover's review lists each shift's handover.
    shifts: Shifts,
    /// What the two clerks check together at a handover (HND-3), in the office's order.
    handover_checklist: Vec<String>,
    /// Where the console writes its dated, checked backups (issue 19): a USB disk or a
    /// network share; none until the office sets one.
    backup_folder: Option<String>,
    /// How many dated backups stay in that folder.
    backups_kept: u16,
    /// The group's head office the console pushes its chains to (issue 19 §3): a PostgreSQL
    /// address without its password (each desk's own config holds that), none until set.
    head_office_url: Option<String>,
    /// The name this office pushes under there, when not the office's own name.
    head_office_name: Option<String>,
    /// Where the lobby's evacuation list goes when the clerk opens it (issue 20 §4): the
    /// printer's name for `lp`, and a folder for a dated copy; none until the office sets them.
    evacuation_printer: Option<String>,
    evacuation_folder: Option<String>,
}

/// Which desks an office runs. One database can hold both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DeskKinds {
    /// The sales office's reception only: what every office set up before issue 9 ran.
    #[default]
    Sales,
    /// The building lobby's front desk only.
    Lobby,
    Both,
}

impl DeskKinds {
    pub const ALL: [DeskKinds; 3] = [DeskKinds::Sales, DeskKinds::Lobby, DeskKinds::Both];

    /// The stored form.
    pub fn key(self) -> &'static str {
        match self {
            DeskKinds::Sales => "sales",
            DeskKinds::Lobby => "lobby",
            DeskKinds::Both => "both",
        }
    }

    pub fn from_key(key: &str) -> Option<DeskKinds> {
        DeskKinds::ALL.into_iter().find(|d| d.key() == key)
    }

    pub fn has_sales(self) -> bool {
        matches!(self, DeskKinds::Sales | DeskKinds::Both)
    }

    pub fn has_lobby(self) -> bool {
        matches!(self, DeskKinds::Lobby | DeskKinds::Both)
    }
}

/// The lobby's closing hour until a supervisor says otherwise (office time).
pub const DEFAULT_CLOSING_HOUR: u8 = 18;

/// How many sources of its own an office may add, and how long each may be.
pub const MAX_SOURCES: usize = 20;

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum SettingsError {
    /// Unknown preset, unknown field, wrong value.
    #[error(transparent)]
    Policy(#[from] PolicyError),
    /// `preset = 14` would once quietly become the default preset; now it is refused.
    #[error("the policy preset must be a name in quotes, such as \"004\", not {0}")]
    PresetNotText(String),
    #[error("unknown time zone {0:?}; for example Asia/Shanghai")]
    TimeZone(String),
    /// The settings text (or the stored overrides) is not TOML, or not shaped as settings.
    #[error("the office settings are not valid: {0}")]
    Text(String),
    #[error("the office settings have no {0:?}; they hold timezone and [policy]")]
    UnknownKey(String),
    /// An information source longer than a form can list, or too many of them.
    #[error("an information source is 1 to 20 characters, and an office adds at most 20: {0:?}")]
    Source(String),
    /// The office's shifts (issue 10 §1).
    #[error("shifts: {0}")]
    Shifts(#[from] ShiftError),
    /// An item of the handover checklist overlong, too many, or none at all (`""`).
    #[error("the handover checklist has 1 to 20 items of 1 to 20 characters each: {0:?}")]
    Checklist(String),
}

impl OfficeSettings {
    /// Resolves `preset` with `overrides` and checks the time zone by its IANA name.
    pub fn new(
        preset: &str,
        overrides: toml::Table,
        timezone: &str,
    ) -> Result<OfficeSettings, SettingsError> {
        let timezone = parse_timezone(timezone)?;
        let policy = Policy::load(preset, &overrides)?;
        Ok(OfficeSettings {
            preset: preset.to_owned(),
            overrides,
            policy,
            timezone,
            pin_for_everyone: false,
            sources: Vec::new(),
            desks: DeskKinds::default(),
            closing_hour: DEFAULT_CLOSING_HOUR,
            shifts: Shifts::default(),
            handover_checklist: default_checklist(),
            backup_folder: None,
            backups_kept: crate::domain::backup::DEFAULT_KEPT,
            head_office_url: None,
            head_office_name: None,
            evacuation_printer: None,
            evacuation_folder: None,
        })
    }

    /// The same settings with the evacuation list's printer and folder (blank: none).
    pub fn with_evacuation(mut self, printer: &str, folder: &str) -> OfficeSettings {
        self.evacuation_printer = set_or_none(printer);
        self.evacuation_folder = set_or_none(folder);
        self
    }

    /// The printer (an `lp` destination) the evacuation list is sent to, if set.
    pub fn evacuation_printer(&self) -> Option<&str> {
        self.evacuation_printer.as_deref()
    }

    /// The folder a dated copy of the evacuation list is written to, if set.
    pub fn evacuation_folder(&self) -> Option<&str> {
        self.evacuation_folder.as_deref()
    }

    /// The same settings with the desk's shifts (validated by [`Shifts`]).
    pub fn with_shifts(mut self, shifts: Shifts) -> OfficeSettings {
        self.shifts = shifts;
        self
    }

    /// The desk's shifts: 早班, 中班, 夜班 until a supervisor says otherwise.
    pub fn shifts(&self) -> &Shifts {
        &self.shifts
    }

    /// The same settings with the handover checklist: cleaned, blanks dropped, each once;
    /// refused when empty, overlong or too many.
    pub fn with_handover_checklist<S: AsRef<str>>(
        mut self,
        items: impl IntoIterator<Item = S>,
    ) -> Result<OfficeSettings, SettingsError> {
        self.handover_checklist = validate_checklist(items).map_err(SettingsError::Checklist)?;
        Ok(self)
    }

    /// What the two clerks check together at a handover (HND-3).
    pub fn handover_checklist(&self) -> &[String] {
        &self.handover_checklist
    }

    /// The same settings, running `desks`.
    pub fn with_desks(mut self, desks: DeskKinds) -> OfficeSettings {
        self.desks = desks;
        self
    }

    /// Which desks the office runs.
    pub fn desks(&self) -> DeskKinds {
        self.desks
    }

    /// The same settings with the lobby closing at `hour` (office time); refused past 23.
    pub fn with_closing_hour(mut self, hour: u8) -> Result<OfficeSettings, SettingsError> {
        if hour > 23 {
            return Err(SettingsError::Text(format!(
                "the closing hour is 0 to 23, not {hour}"
            )));
        }
        self.closing_hour = hour;
        Ok(self)
    }

    /// The same settings with a backup folder (blank: none) and how many backups to keep
    /// there (1 to a year's worth).
    pub fn with_backups(
        mut self,
        folder: &str,
        kept: u16,
    ) -> Result<OfficeSettings, SettingsError> {
        use crate::domain::backup::MAX_KEPT;
        if !(1..=MAX_KEPT).contains(&kept) {
            return Err(SettingsError::Text(format!(
                "the backups kept are 1 to {MAX_KEPT}, not {kept}"
            )));
        }
        let folder = folder.trim();
        self.backup_folder = (!folder.is_empty()).then(|| folder.to_owned());
        self.backups_kept = kept;
        Ok(self)
    }

    /// The folder the console writes its backups to, if the office has set one.
    pub fn backup_folder(&self) -> Option<&str> {
        self.backup_folder.as_deref()
    }

    /// How many dated backups stay in the folder.
    pub fn backups_kept(&self) -> u16 {
        self.backups_kept
    }

    /// The same settings with a head-office address and the name pushed under there (blank:
    /// none, and the office's own name). Whether the address holds a password is the form's
    /// check (`sync::address`): it takes a PostgreSQL parser, which the rules do not hold.
    pub fn with_head_office(mut self, url: &str, name: &str) -> OfficeSettings {
        self.head_office_url = set_or_none(url);
        self.head_office_name = set_or_none(name);
        self
    }

    /// The head office's address, if the office has set one.
    pub fn head_office_url(&self) -> Option<&str> {
        self.head_office_url.as_deref()
    }

    /// The name set for this office at the head office, if not its own.
    pub fn head_office_name(&self) -> Option<&str> {
        self.head_office_name.as_deref()
    }

    /// The hour (office time) after which a visitor still inside is marked.
    pub fn closing_hour(&self) -> u8 {
        self.closing_hour
    }

    /// The same settings with the office's own information sources: each cleaned of control
    /// characters, blanks dropped, duplicates once; refused when one is overlong or there are
    /// too many.
    pub fn with_sources<S: AsRef<str>>(
        mut self,
        sources: impl IntoIterator<Item = S>,
    ) -> Result<OfficeSettings, SettingsError> {
        let mut clean: Vec<String> = Vec::new();
        for source in sources {
            let text = crate::domain::text::sanitize(source.as_ref());
            if text.is_empty() || clean.contains(&text) {
                continue;
            }
            if text.chars().count() > crate::domain::register::validate::SOURCE_MAX_CHARS
                || clean.len() == MAX_SOURCES
            {
                return Err(SettingsError::Source(text));
            }
            clean.push(text);
        }
        self.sources = clean;
        Ok(self)
    }

    /// The office's own information sources, in its order.
    pub fn sources(&self) -> &[String] {
        &self.sources
    }

    /// The same settings, with everyone (or only supervisors and those with a PIN) signing in
    /// with a PIN.
    pub fn with_pin_for_everyone(mut self, on: bool) -> OfficeSettings {
        self.pin_for_everyone = on;
        self
    }

    /// True when clerks and salespeople need a PIN to sign in, not only supervisors.
    pub fn pin_for_everyone(&self) -> bool {
        self.pin_for_everyone
    }

    /// Reads the text form, the same shape the config file once had:
    /// ```toml
    /// timezone = "Asia/Shanghai"
    /// [policy]
    /// preset = "vanke"
    /// registration_valid_days = 45
    /// ```
    /// What it leaves out takes the default, as a silent config file did; what it says must
    /// be right, so a supervisor's mistake is shown rather than replaced by a default.
    pub fn from_toml(text: &str) -> Result<OfficeSettings, SettingsError> {
        let mut doc: toml::Table =
            toml::from_str(text).map_err(|e| SettingsError::Text(e.message().to_owned()))?;
        let timezone = match doc.remove("timezone") {
            None => DEFAULT_TIMEZONE.name().to_owned(),
            Some(toml::Value::String(name)) => name,
            Some(other) => return Err(SettingsError::TimeZone(other.to_string())),
        };
        let mut policy = match doc.remove("policy") {
            None => toml::Table::new(),
            Some(toml::Value::Table(table)) => table,
            Some(other) => {
                return Err(SettingsError::Text(format!(
                    "policy must be a [policy] table, not {other}"
                )));
            }
        };
        let pin_for_everyone = match doc.remove("pin_for_everyone") {
            None => false,
            Some(toml::Value::Boolean(on)) => on,
            Some(other) => {
                return Err(SettingsError::Text(format!(
                    "pin_for_everyone must be true or false, not {other}"
                )));
            }
        };
        if let Some(key) = doc.keys().next() {
            return Err(SettingsError::UnknownKey(key.clone()));
        }
        let preset = match policy.remove("preset") {
            None => DEFAULT_PRESET.to_owned(),
            Some(toml::Value::String(name)) => name,
            Some(other) => return Err(SettingsError::PresetNotText(other.to_string())),
        };
        Ok(
            OfficeSettings::new(&preset, policy, &timezone)?
                .with_pin_for_everyone(pin_for_everyone),
        )
    }

    /// The text form `from_toml` reads back (`pin_for_everyone = true` only when on).
    pub fn to_toml(&self) -> String {
        let mut policy = toml::Table::new();
        policy.insert("preset".into(), self.preset.clone().into());
        policy.extend(self.overrides.clone());
        let mut doc = toml::Table::new();
        doc.insert("timezone".into(), self.timezone.name().into());
        if self.pin_for_everyone {
            doc.insert("pin_for_everyone".into(), true.into());
        }
        doc.insert("policy".into(), policy.into());
        toml::to_string(&doc).expect("a table of plain values serialises")
    }

    pub fn preset(&self) -> &str {
        &self.preset
    }

    /// The fields the office changed from its preset.
    pub fn overrides(&self) -> &toml::Table {
        &self.overrides
    }

    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    pub fn timezone(&self) -> Tz {
        self.timezone
    }

    /// The overrides as TOML text, one `field = value` a line; empty when there are none.
    pub fn overrides_text(&self) -> String {
        toml::to_string(&self.overrides).expect("a table of plain values serialises")
    }

    /// The overrides on one line, `{helper = "next_up", …}`, for audit details.
    pub fn overrides_inline(&self) -> String {
        inline(&self.overrides)
    }
}

/// A table on one line, `{field = value, …}`; `{}` when empty.
pub fn inline(table: &toml::Table) -> String {
    let mut line = String::from("{");
    for (i, (field, value)) in table.iter().enumerate() {
        let sep = if i == 0 { "" } else { ", " };
        let _ = write!(line, "{sep}{field} = {value}");
    }
    line.push('}');
    line
}

/// Reads what `overrides_text` wrote.
pub fn parse_overrides(text: &str) -> Result<toml::Table, SettingsError> {
    toml::from_str(text).map_err(|e| SettingsError::Text(e.message().to_owned()))
}

fn parse_timezone(name: &str) -> Result<Tz, SettingsError> {
    name.parse()
        .map_err(|_| SettingsError::TimeZone(name.to_owned()))
}

impl Default for OfficeSettings {
    fn default() -> Self {
        OfficeSettings {
            preset: DEFAULT_PRESET.to_owned(),
            overrides: toml::Table::new(),
            policy: Policy::preset(DEFAULT_PRESET),
            timezone: DEFAULT_TIMEZONE,
            pin_for_everyone: false,
            sources: Vec::new(),
            desks: DeskKinds::default(),
            closing_hour: DEFAULT_CLOSING_HOUR,
            shifts: Shifts::default(),
            handover_checklist: default_checklist(),
            backup_folder: None,
            backups_kept: crate::domain::backup::DEFAULT_KEPT,
            head_office_url: None,
            head_office_name: None,
            evacuation_printer: None,
            evacuation_folder: None,
        }
    }
}

/// A typed setting as kept: trimmed, and blank meaning none.
fn set_or_none(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::policy::HelperPolicy;

    fn table(text: &str) -> toml::Table {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn the_default_is_preset_004_in_shanghai() {
        let s = OfficeSettings::default();
        assert_eq!(s.preset(), "004");
        assert_eq!(s.policy(), &Policy::preset("004"));
        assert_eq!(s.timezone(), chrono_tz::Asia::Shanghai);
        assert_eq!(
            OfficeSettings::new("004", toml::Table::new(), "Asia/Shanghai"),
            Ok(s)
        );
    }

    #[test]
    fn the_policy_is_the_preset_with_the_office_s_overrides() {
        let s = OfficeSettings::new(
            "vanke",
            table("registration_valid_days = 45"),
            "Asia/Hong_Kong",
        )
        .unwrap();
        assert_eq!(s.policy().name, "vanke");
        assert_eq!(s.policy().registration_valid_days, 45);
        assert_eq!(s.policy().helper, HelperPolicy::LastInQueue);
        assert_eq!(s.timezone().name(), "Asia/Hong_Kong");
        assert_eq!(s.overrides_inline(), "{registration_valid_days = 45}");
    }

    #[test]
    fn att_a_split_override_in_the_settings_text_reads_back_and_keeps_the_preset_s_rest() {
        let s = OfficeSettings::from_toml(
            "timezone = 'Asia/Shanghai'\n[policy]\npreset = 'vanke'\n[policy.split]\nemployee_referrer_bp = 2500",
        )
        .unwrap();
        assert_eq!(s.policy().split.employee_referrer_bp, 2500);
        assert_eq!(s.policy().split.company_arranged_pool_bp, 7000);
        assert_eq!(OfficeSettings::from_toml(&s.to_toml()), Ok(s.clone()));
        assert_eq!(
            parse_overrides(&s.overrides_text()).as_ref(),
            Ok(s.overrides())
        );
        assert_eq!(
            s.overrides_inline(),
            "{split = { employee_referrer_bp = 2500 }}"
        );
    }

    #[test]
    fn an_unknown_preset_field_value_or_time_zone_is_refused_by_name() {
        assert_eq!(
            OfficeSettings::new("acme", toml::Table::new(), "Asia/Shanghai"),
            Err(SettingsError::Policy(PolicyError::UnknownPreset(
                "acme".into()
            )))
        );
        assert_eq!(
            OfficeSettings::new("004", table("helpr = 'next_up'"), "Asia/Shanghai"),
            Err(SettingsError::Policy(PolicyError::UnknownField(
                "helpr".into()
            )))
        );
        assert!(matches!(
            OfficeSettings::new("004", table("phone_registration_is_evidence = 1"), "Asia/Shanghai"),
            Err(SettingsError::Policy(PolicyError::WrongType { field, .. }))
                if field == "phone_registration_is_evidence"
        ));
        assert_eq!(
            OfficeSettings::new("004", toml::Table::new(), "Mars/Base"),
            Err(SettingsError::TimeZone("Mars/Base".into()))
        );
    }

    #[test]
    fn a_preset_given_as_a_number_is_an_error_never_the_default() {
        assert_eq!(
            OfficeSettings::from_toml("[policy]\npreset = 14"),
            Err(SettingsError::PresetNotText("14".into()))
        );
        assert!(matches!(
            OfficeSettings::from_toml("[policy]\npreset = '14'"),
            Err(SettingsError::Policy(PolicyError::UnknownPreset(_)))
        ));
    }

    #[test]
    fn the_text_form_reads_back_what_it_wrote_and_fills_in_what_is_silent() {
        let s = OfficeSettings::new(
            "rules-14",
            table("helper = 'next_up'\ngrabbing_fine_fen = [10000, 30000]"),
            "Asia/Urumqi",
        )
        .unwrap();
        assert_eq!(OfficeSettings::from_toml(&s.to_toml()), Ok(s.clone()));
        assert_eq!(OfficeSettings::from_toml(""), Ok(OfficeSettings::default()));
        assert_eq!(
            parse_overrides(&s.overrides_text()).as_ref(),
            Ok(s.overrides())
        );
        assert_eq!(parse_overrides(""), Ok(toml::Table::new()));
    }

    #[test]
    fn the_text_form_refuses_what_it_does_not_know() {
        assert_eq!(
            OfficeSettings::from_toml("lang = 'zh'"),
            Err(SettingsError::UnknownKey("lang".into()))
        );
        assert_eq!(
            OfficeSettings::from_toml("timezone = 8"),
            Err(SettingsError::TimeZone("8".into()))
        );
        assert!(matches!(
            OfficeSettings::from_toml("policy = 'vanke'"),
            Err(SettingsError::Text(_))
        ));
        assert!(matches!(
            OfficeSettings::from_toml("timezone = "),
            Err(SettingsError::Text(_))
        ));
    }

    #[test]
    fn an_office_adds_its_own_sources_cleaned_once_each_and_an_overlong_one_is_refused() {
        let settings = OfficeSettings::default()
            .with_sources(["楼书派发", " ", "楼书派发", "短信\u{1b}[31m"])
            .unwrap();
        assert_eq!(settings.sources(), ["楼书派发", "短信"]);
        let long = "长".repeat(21);
        assert_eq!(
            OfficeSettings::default().with_sources([long.as_str()]),
            Err(SettingsError::Source(long.clone()))
        );
        let many: Vec<String> = (0..=MAX_SOURCES).map(|n| format!("来源{n}")).collect();
        assert!(OfficeSettings::default().with_sources(&many).is_err());
    }

    #[test]
    fn desk_1_an_office_runs_the_sales_desk_unless_it_says_otherwise() {
        let s = OfficeSettings::default();
        assert_eq!(s.desks(), DeskKinds::Sales);
        assert!(s.desks().has_sales() && !s.desks().has_lobby());
        let both = s.with_desks(DeskKinds::Both);
        assert!(both.desks().has_sales() && both.desks().has_lobby());
        for d in DeskKinds::ALL {
            assert_eq!(DeskKinds::from_key(d.key()), Some(d));
        }
        assert_eq!(DeskKinds::from_key("garage"), None);
    }

    #[test]
    fn hnd_3_an_office_has_three_shifts_and_six_checklist_items_until_it_says_otherwise() {
        let s = OfficeSettings::default();
        assert_eq!(s.shifts(), &Shifts::default());
        assert_eq!(s.shifts().list().len(), 3);
        assert_eq!(s.handover_checklist().len(), 6);
        assert_eq!(s.handover_checklist()[0], "钥匙");
        let s = s
            .with_handover_checklist(["钥匙", " ", "钥匙", "保险柜"])
            .unwrap();
        assert_eq!(s.handover_checklist(), ["钥匙", "保险柜"]);
        assert_eq!(
            OfficeSettings::default().with_handover_checklist([" "]),
            Err(SettingsError::Checklist(String::new()))
        );
    }

    #[test]
    fn the_closing_hour_is_an_hour_of_the_day() {
        assert_eq!(OfficeSettings::default().closing_hour(), 18);
        let s = OfficeSettings::default().with_closing_hour(21).unwrap();
        assert_eq!(s.closing_hour(), 21);
        assert!(OfficeSettings::default().with_closing_hour(24).is_err());
    }
}
