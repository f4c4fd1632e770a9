//! The fields that choose an office's rules and time zone, shared by the first-run set-up
//! and a supervisor's later change, and reading them back into `OfficeSettings`.

use super::describe::settings_error;
use super::form::{FieldName, Form, Pick, Refusal, Text};
use super::said::Said;
use super::text::Ui;
use crate::domain::policy::{HelperPolicy, PRESETS, PolicyError};
use crate::domain::settings::{DeskKinds, OfficeSettings, SettingsError};
use crate::i18n::{Lang, fill};
use crate::sync::address::{self, AddressProblem};

const TIMEZONE: Text = Text("timezone");
const SOURCES: Text = Text("sources");
const CLOSING: Text = Text("closing_hour");
const BACKUP_FOLDER: Text = Text("backup_folder");
const BACKUPS_KEPT: Text = Text("backups_kept");
const HEAD_OFFICE_URL: Text = Text("head_office_url");
const HEAD_OFFICE_NAME: Text = Text("head_office_name");
const EVACUATION_PRINTER: Text = Text("evacuation_printer");
const EVACUATION_FOLDER: Text = Text("evacuation_folder");

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
        FieldBackupFolder => "备份文件夹", "Backup folder";
        FieldBackupsKept => "保留备份(份)", "Backups kept";
        ErrBackupsKept => "保留备份:请填 1–366 的份数,如 14", "Backups kept: a number from 1 to 366, such as 14";
        FieldHeadOffice => "总部地址", "Head office address";
        FieldEvacuationPrinter => "疏散名单打印机", "Evacuation printer";
        FieldEvacuationFolder => "疏散名单文件夹", "Evacuation folder";
        FieldHeadOfficeName => "在总部的名称", "Name at head office";
        HeadOfficeHelp => "总部地址(PostgreSQL)不含密码;密码存在每台前台电脑的配置文件 head_office_password 或环境变量 FRONTDESK_HEAD_OFFICE_PASSWORD 里", "Head office address (PostgreSQL): no password in it; each desk PC keeps it in its config (head_office_password) or FRONTDESK_HEAD_OFFICE_PASSWORD";
        ErrHeadOfficePassword => "总部地址里不能有密码(备份会把数据库复制到各处):请去掉密码,把它写在每台前台电脑的配置文件(head_office_password)或环境变量 FRONTDESK_HEAD_OFFICE_PASSWORD 里", "Head office address: no password here (backups copy the database everywhere). Remove it and put it in each desk PC's config file (head_office_password) or FRONTDESK_HEAD_OFFICE_PASSWORD";
        ErrHeadOfficeAddress => "总部地址看不懂({detail}):请填 postgresql://用户@主机/数据库", "Head office address not understood ({detail}): write postgresql://USER@HOST/DATABASE";
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
    // Where the console writes its dated, checked backups and how many stay (issue 19):
    // a supervisor's change only, as the sources are.
    let form = if with_helper {
        form.text_with(
            BACKUP_FOLDER,
            DeskText::FieldBackupFolder,
            current.backup_folder().unwrap_or_default(),
        )
        .text_with(
            BACKUPS_KEPT,
            DeskText::FieldBackupsKept,
            &current.backups_kept().to_string(),
        )
        // The head office the console pushes to (issue 19 §3), without its password: the
        // hint says where that goes.
        .text_with(
            HEAD_OFFICE_URL,
            DeskText::FieldHeadOffice,
            current.head_office_url().unwrap_or_default(),
        )
        .text_with(
            HEAD_OFFICE_NAME,
            DeskText::FieldHeadOfficeName,
            current.head_office_name().unwrap_or_default(),
        )
        .hint(DeskText::HeadOfficeHelp.text(lang))
        // Where the lobby's evacuation list goes at one key (issue 20 §4).
        .text_with(
            EVACUATION_PRINTER,
            DeskText::FieldEvacuationPrinter,
            current.evacuation_printer().unwrap_or_default(),
        )
        .text_with(
            EVACUATION_FOLDER,
            DeskText::FieldEvacuationFolder,
            current.evacuation_folder().unwrap_or_default(),
        )
    } else {
        form
    };
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
    let (backup_folder, backups_kept) = if form.has_field(BACKUP_FOLDER) {
        let kept = form
            .number(BACKUPS_KEPT)
            .trim()
            .parse::<u16>()
            .ok()
            .filter(|n| (1..=crate::domain::backup::MAX_KEPT).contains(n))
            .ok_or_else(|| Refusal::at(BACKUPS_KEPT, Said::msg(DeskText::ErrBackupsKept)))?;
        (form.value(BACKUP_FOLDER), kept)
    } else {
        (
            current.backup_folder().unwrap_or_default().to_owned(),
            current.backups_kept(),
        )
    };
    let (head_office_url, head_office_name) = if form.has_field(HEAD_OFFICE_URL) {
        let url = form.value(HEAD_OFFICE_URL);
        if !url.trim().is_empty() {
            address::check(&url).map_err(|problem| {
                let said = match problem {
                    AddressProblem::HasPassword => Said::msg(DeskText::ErrHeadOfficePassword),
                    AddressProblem::Unreadable(detail) => {
                        Said::fill(DeskText::ErrHeadOfficeAddress, [("detail", detail)])
                    }
                };
                Refusal::at(HEAD_OFFICE_URL, said)
            })?;
        }
        (url, form.value(HEAD_OFFICE_NAME))
    } else {
        (
            current.head_office_url().unwrap_or_default().to_owned(),
            current.head_office_name().unwrap_or_default().to_owned(),
        )
    };
    let (evacuation_printer, evacuation_folder) = if form.has_field(EVACUATION_PRINTER) {
        (
            form.value(EVACUATION_PRINTER),
            form.value(EVACUATION_FOLDER),
        )
    } else {
        (
            current.evacuation_printer().unwrap_or_default().to_owned(),
            current.evacuation_folder().unwrap_or_default().to_owned(),
        )
    };
    OfficeSettings::new(preset, overrides, &form.value(TIMEZONE))
        .and_then(|s| {
            s.with_pin_for_everyone(pin_for_everyone)
                .with_desks(desks)
                .with_closing_hour(closing_hour)
        })
        .and_then(|s| s.with_sources(sources))
        .and_then(|s| s.with_backups(&backup_folder, backups_kept))
        .map(|s| s.with_head_office(&head_office_url, &head_office_name))
        .map(|s| s.with_evacuation(&evacuation_printer, &evacuation_folder))
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

/// What the office form's tests share: the form as a supervisor's change or as the set-up
/// shows it, a field typed over, and a refusal read back.
#[cfg(test)]
mod test_form {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyEvent};

    /// The fields a supervisor changes the settings with, starting from `current`.
    pub fn change_form(current: &OfficeSettings, lang: Lang) -> (Form, OfficeFields) {
        fields(Form::new((), String::new()), current, true, lang)
    }

    /// The fields the office's first set-up asks, starting from `current`.
    pub fn set_up_form(current: &OfficeSettings, lang: Lang) -> (Form, OfficeFields) {
        fields(Form::new((), String::new()), current, false, lang)
    }

    /// `form` with `field` emptied and `text` typed in its place.
    pub fn retyped(form: Form, field: Text, text: &str) -> Form {
        let mut form = form.focus(field);
        for _ in 0..200 {
            form.handle_key(KeyEvent::from(KeyCode::Backspace));
        }
        form.paste(text);
        form
    }

    /// The field the cursor is put on and what is said, when `read` refuses the form.
    pub fn refusal(
        form: &Form,
        picks: &OfficeFields,
        current: &OfficeSettings,
    ) -> (Option<FieldName>, Said) {
        match read(form, picks, current) {
            Err(Refusal::Refused { field, said }) => (field, said),
            Err(Refusal::Busy) => panic!("refused, not busy"),
            Ok(_) => panic!("the form was taken"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::test_form::{change_form, refusal, retyped, set_up_form};
    use super::*;

    #[test]
    fn desk_1_a_supervisor_s_change_keeps_the_desks_chosen_and_set_up_asks_for_them_too() {
        let current = OfficeSettings::default()
            .with_desks(DeskKinds::Both)
            .with_closing_hour(20)
            .unwrap();
        let (change, picks) = change_form(&current, Lang::En);
        assert!(change.has_field(&picks.desks));
        let read_back = read(&change, &picks, &current).unwrap();
        assert_eq!(read_back.desks(), DeskKinds::Both);
        assert_eq!(read_back.closing_hour(), 20);
        let (set_up, picks) = set_up_form(&OfficeSettings::default(), Lang::En);
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
        let (form, picks) = change_form(&current, Lang::En);
        let form = retyped(form, CLOSING, "25");
        let (field, said) = refusal(&form, &picks, &current);
        assert_eq!(field, Some(CLOSING.into()));
        let message = said.text(Lang::En);
        assert!(message.starts_with("Lobby closes"), "{message}");
    }
}

#[cfg(test)]
mod backup_fields {
    use super::test_form::{change_form, refusal, retyped, set_up_form};
    use super::*;

    #[test]
    fn issue_20_a_supervisor_sets_the_evacuation_printer_and_folder_and_blank_clears_them() {
        let current = OfficeSettings::default();
        let (form, picks) = change_form(&current, Lang::En);
        let form = retyped(form, EVACUATION_PRINTER, " lobby-hp ");
        let form = retyped(form, EVACUATION_FOLDER, "/srv/疏散");
        let set = read(&form, &picks, &current).unwrap();
        assert_eq!(set.evacuation_printer(), Some("lobby-hp"));
        assert_eq!(set.evacuation_folder(), Some("/srv/疏散"));
        let (form, picks) = change_form(&set, Lang::En);
        let form = retyped(form, EVACUATION_PRINTER, "  ");
        let cleared = read(&form, &picks, &set).unwrap();
        assert_eq!(cleared.evacuation_printer(), None);
        assert_eq!(cleared.evacuation_folder(), Some("/srv/疏散"));
        // Set-up does not ask: it keeps what it starts from.
        let (form, picks) = set_up_form(&set, Lang::En);
        assert_eq!(
            read(&form, &picks, &set).unwrap().evacuation_folder(),
            Some("/srv/疏散")
        );
    }

    #[test]
    fn issue_19_a_supervisor_sets_the_backup_folder_and_how_many_to_keep() {
        let current = OfficeSettings::default();
        let (form, picks) = change_form(&current, Lang::En);
        let form = retyped(form, BACKUP_FOLDER, "/media/usb/前台备份");
        let form = retyped(form, BACKUPS_KEPT, "30");
        let read_back = read(&form, &picks, &current).unwrap();
        assert_eq!(read_back.backup_folder(), Some("/media/usb/前台备份"));
        assert_eq!(read_back.backups_kept(), 30);
        // Set-up does not ask: it keeps what it starts from.
        let (set_up, picks) = set_up_form(&read_back, Lang::En);
        assert!(!set_up.has_field(BACKUP_FOLDER));
        assert_eq!(
            read(&set_up, &picks, &read_back).unwrap().backups_kept(),
            30
        );
    }

    #[test]
    fn issue_19_keeping_no_backups_is_refused_naming_the_field() {
        let current = OfficeSettings::default();
        let (form, picks) = change_form(&current, Lang::Zh);
        let form = retyped(form, BACKUPS_KEPT, "0");
        let (field, said) = refusal(&form, &picks, &current);
        assert_eq!(field, Some(BACKUPS_KEPT.into()));
        assert!(said.text(Lang::Zh).starts_with("保留备份"));
    }
}

#[cfg(test)]
mod head_office_fields {
    use super::test_form::{change_form, refusal, retyped, set_up_form};
    use super::*;

    #[test]
    fn issue_19_a_supervisor_sets_the_head_office_address_and_the_name_there() {
        let current = OfficeSettings::default();
        let (form, picks) = change_form(&current, Lang::En);
        let form = retyped(
            form,
            HEAD_OFFICE_URL,
            "postgresql://east@hq.example.com/group",
        );
        let form = retyped(form, HEAD_OFFICE_NAME, "东区售楼处");
        let read_back = read(&form, &picks, &current).unwrap();
        assert_eq!(
            read_back.head_office_url(),
            Some("postgresql://east@hq.example.com/group")
        );
        assert_eq!(read_back.head_office_name(), Some("东区售楼处"));
        // Blank again: no push, and the office's own name.
        let form = retyped(form, HEAD_OFFICE_URL, " ");
        let form = retyped(form, HEAD_OFFICE_NAME, "");
        let cleared = read(&form, &picks, &read_back).unwrap();
        assert_eq!(
            (cleared.head_office_url(), cleared.head_office_name()),
            (None, None)
        );
    }

    #[test]
    fn issue_19_an_address_with_a_password_is_refused_saying_where_the_password_goes() {
        let current = OfficeSettings::default();
        for lang in [Lang::En, Lang::Zh] {
            let (form, picks) = change_form(&current, lang);
            let typed = "postgresql://east:s3cret@hq.example.com/group";
            let form = retyped(form, HEAD_OFFICE_URL, typed);
            let (field, said) = refusal(&form, &picks, &current);
            assert_eq!(field, Some(HEAD_OFFICE_URL.into()));
            let text = said.text(lang);
            assert!(
                text.contains("head_office_password")
                    && text.contains("FRONTDESK_HEAD_OFFICE_PASSWORD"),
                "{text}"
            );
            // Nothing typed is lost.
            assert_eq!(form.value(HEAD_OFFICE_URL), typed);
        }
        let (form, _) = change_form(&current, Lang::En);
        let hint = form.hint_text().unwrap_or_default();
        assert!(hint.contains("FRONTDESK_HEAD_OFFICE_PASSWORD"), "{hint}");
    }

    #[test]
    fn issue_19_set_up_does_not_ask_for_the_head_office_and_keeps_it() {
        let current = OfficeSettings::default().with_head_office("host=hq user=east", "东区");
        let (set_up, picks) = set_up_form(&current, Lang::Zh);
        assert!(!set_up.has_field(HEAD_OFFICE_URL));
        let kept = read(&set_up, &picks, &current).unwrap();
        assert_eq!(kept.head_office_url(), Some("host=hq user=east"));
        assert_eq!(kept.head_office_name(), Some("东区"));
    }
}
