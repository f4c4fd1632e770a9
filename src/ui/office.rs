//! The fields that choose an office's rules and time zone, shared by the first-run set-up
//! and a supervisor's later change, and reading them back into `OfficeSettings`.

use super::describe::settings_error;
use super::form::{FieldName, Form, Pick, Refusal, Text};
use super::said::Said;
use super::text::Ui;
use crate::domain::policy::{HelperPolicy, PRESETS, PolicyError};
use crate::domain::settings::{DeskKinds, OfficeSettings, SettingsError};
use crate::i18n::{Lang, fill};

const TIMEZONE: Text = Text("timezone");
const SOURCES: Text = Text("sources");
const CLOSING: Text = Text("closing_hour");

/// The lists of the office's fields, kept in the purpose of the form they were added to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeFields {
    preset: Pick<&'static str>,
    /// Only in a supervisor's change: set-up leaves these to the preset.
    helper: Option<Pick<Option<HelperPolicy>>>,
    pin_for: Option<Pick<bool>>,
    desks: Pick<DeskKinds>,
}

crate::catalog! {
    /// The desk-kind choice (issue 9 §1): here, beside the only form that shows it.
    enum DeskText {
        FieldDesks => "本处前台", "Desks run here";
        DesksSales => "售楼处接待", "Sales office reception";
        DesksLobby => "大堂前台", "Building lobby";
        DesksBoth => "两者都有", "Both";
        FieldClosing => "大堂下班(时)", "Lobby closes (hour)";
        ErrClosing => "大堂下班时间:请填 0–23 的整点,如 18", "Lobby closes: an hour from 0 to 23, such as 18";
    }
}

fn desks_label(desks: DeskKinds) -> DeskText {
    match desks {
        DeskKinds::Sales => DeskText::DesksSales,
        DeskKinds::Lobby => DeskText::DesksLobby,
        DeskKinds::Both => DeskText::DesksBoth,
    }
}

/// The policy field the helper choice overrides (ROT-8).
const HELPER_FIELD: &str = "helper";

fn preset_label(name: &str) -> Ui {
    match name {
        "vanke" => Ui::PresetVanke,
        "rules-14" => Ui::PresetRules14,
        _ => Ui::Preset004,
    }
}

/// Adds the preset and time-zone fields to `form`, and the ROT-8 helper choice if
/// `with_helper` (set-up leaves it to the preset, so the form fits 80×24), starting from
/// `current`. Returns the form and the handles `read` reads it back with.
pub fn fields(
    form: Form,
    current: &OfficeSettings,
    with_helper: bool,
    lang: Lang,
) -> (Form, OfficeFields) {
    let picks = OfficeFields {
        preset: Pick::new("preset"),
        helper: with_helper.then(|| Pick::new("helper")),
        pin_for: with_helper.then(|| Pick::new("pin_for")),
        desks: Pick::new("desks"),
    };
    let presets = PRESETS
        .iter()
        .map(|(name, _)| (*name, preset_label(name).text(lang).to_owned()));
    let overridden = current
        .overrides()
        .get(HELPER_FIELD)
        .map(|_| current.policy().helper);
    let helpers = [
        (None, Ui::HelperAsPreset),
        (Some(HelperPolicy::NextUp), Ui::HelperNextUp),
        (Some(HelperPolicy::LastInQueue), Ui::HelperLastInQueue),
    ]
    .map(|(value, label)| (value, label.text(lang).to_owned()));
    let preset = PRESETS
        .iter()
        .map(|(n, _)| *n)
        .find(|n| *n == current.preset());
    let form = form.choice(&picks.preset, Ui::FieldPreset, presets, preset);
    let form = match &picks.helper {
        Some(helper) => form.choice(helper, Ui::FieldHelper, helpers, Some(overridden)),
        None => form,
    };
    let form = match &picks.pin_for {
        Some(pin_for) => {
            let who = [(false, Ui::PinForSupervisors), (true, Ui::PinForEveryone)]
                .map(|(value, label)| (value, label.text(lang).to_owned()));
            form.choice(
                pin_for,
                Ui::FieldPinFor,
                who,
                Some(current.pin_for_everyone()),
            )
        }
        None => form,
    };
    let form = form.text_with(TIMEZONE, Ui::FieldTimeZone, current.timezone().name());
    let form = if with_helper {
        let sep = if lang == Lang::Zh { "、" } else { ", " };
        form.text_with(SOURCES, Ui::FieldSources, &current.sources().join(sep))
    } else {
        form
    };
    // Which desks the office runs (issue 9 §1), at set-up and later: the tabs follow. Last,
    // so the fields above keep their places.
    let desks = DeskKinds::ALL.map(|d| (d, desks_label(d).text(lang).to_owned()));
    let form = form
        .choice(
            &picks.desks,
            DeskText::FieldDesks,
            desks,
            Some(current.desks()),
        )
        .text_with(
            CLOSING,
            DeskText::FieldClosing,
            &current.closing_hour().to_string(),
        );
    (form, picks)
}

/// The settings the fields describe. Overrides the form does not show are kept as they are.
pub fn read(
    form: &Form,
    picks: &OfficeFields,
    current: &OfficeSettings,
) -> Result<OfficeSettings, Refusal> {
    let preset: &'static str = form.choice_of(&picks.preset)?;
    let mut overrides = current.overrides().clone();
    if picks.helper.is_some() {
        overrides.remove(HELPER_FIELD);
    }
    if let Some(helper) = &picks.helper
        && let Some(helper) = form.choice_of(helper)?
    {
        let name = match helper {
            HelperPolicy::NextUp => "next_up",
            HelperPolicy::LastInQueue => "last_in_queue",
        };
        overrides.insert(HELPER_FIELD.into(), toml::Value::String(name.into()));
    }
    // Set-up does not ask who needs a PIN: it keeps what it starts from.
    let pin_for_everyone = match &picks.pin_for {
        Some(pin_for) => form.choice_of(pin_for)?,
        None => current.pin_for_everyone(),
    };
    // Set-up does not ask for the office's own sources either.
    let sources: Vec<String> = if form.has_field(SOURCES) {
        form.value(SOURCES)
            .split([',', '，', '、', ';', '；'])
            .map(str::trim)
            .map(str::to_owned)
            .collect()
    } else {
        current.sources().to_vec()
    };
    let desks = form.choice_of(&picks.desks)?;
    let closing_hour = if form.has_field(CLOSING) {
        form.number(CLOSING)
            .trim()
            .parse::<u8>()
            .ok()
            .filter(|h| *h <= 23)
            .ok_or_else(|| Refusal::at(CLOSING, Said::msg(DeskText::ErrClosing)))?
    } else {
        current.closing_hour()
    };
    OfficeSettings::new(preset, overrides, &form.value(TIMEZONE))
        .and_then(|s| {
            s.with_pin_for_everyone(pin_for_everyone)
                .with_desks(desks)
                .with_closing_hour(closing_hour)
        })
        .and_then(|s| s.with_sources(sources))
        .map_err(|e| {
            let field: Option<FieldName> = match e {
                SettingsError::TimeZone(_) => Some(TIMEZONE.into()),
                SettingsError::Source(_) => Some(SOURCES.into()),
                SettingsError::Policy(PolicyError::UnknownPreset(_)) => {
                    Some((&picks.preset).into())
                }
                _ => None,
            };
            let said = Said::in_both(|lang| settings_error(&e, lang));
            Refusal::Refused { field, said }
        })
}

/// The office's rules as a clerk can read them: which preset and what it decides.
pub fn summary(settings: &OfficeSettings, lang: Lang) -> String {
    let policy = settings.policy();
    let helper = match policy.helper {
        HelperPolicy::NextUp => Ui::HelperNextUp,
        HelperPolicy::LastInQueue => Ui::HelperLastInQueue,
    };
    let phone = if policy.phone_registration_is_evidence {
        Ui::PhoneIsEvidence
    } else {
        Ui::PhoneIsNotEvidence
    };
    fill(
        Ui::RulesInForce.text(lang),
        &[
            ("preset", &settings.preset()),
            ("helper", &helper.text(lang)),
            ("days", &policy.registration_valid_days),
            ("phone", &phone.text(lang)),
            ("tz", &settings.timezone()),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn desk_1_a_supervisor_s_change_keeps_the_desks_chosen_and_set_up_asks_for_them_too() {
        let current = OfficeSettings::default()
            .with_desks(DeskKinds::Both)
            .with_closing_hour(20)
            .unwrap();
        let (change, picks) = fields(Form::new((), String::new()), &current, true, Lang::En);
        assert!(change.has_field(&picks.desks));
        let read_back = read(&change, &picks, &current).unwrap();
        assert_eq!(read_back.desks(), DeskKinds::Both);
        assert_eq!(read_back.closing_hour(), 20);
        let (set_up, picks) = fields(
            Form::new((), String::new()),
            &OfficeSettings::default(),
            false,
            Lang::En,
        );
        assert!(set_up.has_field(&picks.desks) && set_up.has_field(CLOSING));
        let read_back = read(&set_up, &picks, &OfficeSettings::default()).unwrap();
        assert_eq!(
            read_back.desks(),
            DeskKinds::Sales,
            "the default, untouched"
        );
        assert_eq!(read_back.closing_hour(), 18);
    }

    #[test]
    fn a_closing_hour_that_is_not_an_hour_is_refused_naming_the_field() {
        let current = OfficeSettings::default();
        let (mut form, picks) = fields(Form::new((), String::new()), &current, true, Lang::En);
        form = form.focus(CLOSING);
        for _ in 0..2 {
            form.handle_key(ratatui::crossterm::event::KeyEvent::from(
                ratatui::crossterm::event::KeyCode::Backspace,
            ));
        }
        form.paste("25");
        let Refusal::Refused { field, said } = read(&form, &picks, &current).unwrap_err() else {
            panic!("refused, not busy");
        };
        assert_eq!(field, Some(CLOSING.into()));
        let message = said.text(Lang::En);
        assert!(message.starts_with("Lobby closes"), "{message}");
    }
}
