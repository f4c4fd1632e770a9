//! Turning errors and shared facts into sentences from the shell's catalog. Each pane
//! describes its own domain in its own folder.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::text::Ui;
use crate::config::ConfigError;
use crate::domain::policy::PolicyError;
use crate::domain::settings::OfficeSettings;
use crate::domain::settings::SettingsError;
use crate::domain::staff::{PinError, Role, StaffId};
use crate::domain::text::TextError;
use crate::i18n::{Lang, Msg, fill};
use crate::store::{BadRow, BreakKind, ChainBreak, ChainHead, StoreError};

/// What a sentence about the store needs from the office it is said in: its people's names
/// and its time zone. The desk's loaded office answers; before anything is loaded (and on the
/// command line) nobody is named and the default zone applies.
pub trait Office {
    fn name(&self, id: StaffId) -> String;
    fn timezone(&self) -> Tz;
}

/// No office loaded: staff by number, the default settings' zone.
struct NoOffice;

impl Office for NoOffice {
    fn name(&self, id: StaffId) -> String {
        format!("#{id}")
    }

    fn timezone(&self) -> Tz {
        OfficeSettings::default().timezone()
    }
}

pub fn role(role: Role) -> Ui {
    match role {
        Role::Clerk => Ui::RoleClerk,
        Role::Salesperson => Ui::RoleSalesperson,
        Role::Supervisor => Ui::RoleSupervisor,
    }
}

pub fn local_time(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz).format("%H:%M").to_string()
}

/// An empty or overlong text field, named.
pub fn text_error(field: Msg, e: TextError, lang: Lang) -> String {
    match e {
        TextError::Empty => fill(Ui::ErrRequired.text(lang), &[("field", &field.text(lang))]),
        TextError::TooLong(max) => fill(
            Ui::ErrTooLong.text(lang),
            &[("field", &field.text(lang)), ("max", &max)],
        ),
    }
}

/// A configuration problem, told in the console's language; the parser's own detail
/// (line and column of a TOML mistake) is passed through as it is.
pub fn config_error(e: &ConfigError, lang: Lang) -> String {
    let t = |key: Ui, args: &[(&str, &dyn std::fmt::Display)]| fill(key.text(lang), args);
    match e {
        ConfigError::Read { path, source } => t(
            Ui::ErrConfigRead,
            &[("path", &path.display()), ("detail", source)],
        ),
        ConfigError::Parse { path, message } => t(
            Ui::ErrConfigParse,
            &[("path", &path.display()), ("detail", message)],
        ),
        ConfigError::Lang(l) => t(Ui::ErrConfigLang, &[("lang", l)]),
        ConfigError::OfficeSettingsInFile { path, keys } => t(
            Ui::ErrConfigOfficeSettings,
            &[("path", &path.display()), ("keys", &keys.join(", "))],
        ),
        ConfigError::NoHome => t(Ui::ErrConfigNoHome, &[]),
    }
}

/// A problem with the office's settings (policy and time zone), as a supervisor typed them
/// or as the database holds them.
pub fn settings_error(e: &SettingsError, lang: Lang) -> String {
    let t = |key: Ui, args: &[(&str, &dyn std::fmt::Display)]| fill(key.text(lang), args);
    match e {
        SettingsError::TimeZone(zone) => t(Ui::ErrSettingsTimeZone, &[("zone", zone)]),
        SettingsError::PresetNotText(value) => t(Ui::ErrSettingsPresetNotText, &[("value", value)]),
        SettingsError::Text(detail) => t(Ui::ErrSettingsText, &[("detail", detail)]),
        SettingsError::UnknownKey(key) => t(Ui::ErrSettingsUnknownKey, &[("key", key)]),
        SettingsError::Source(source) => t(Ui::ErrSettingsSource, &[("source", source)]),
        // The handover's settings are edited in its own pane, which says these in words.
        SettingsError::Shifts(_) | SettingsError::Checklist(_) => {
            t(Ui::ErrSettingsText, &[("detail", &e.to_string())])
        }
        SettingsError::Policy(PolicyError::UnknownPreset(p)) => {
            t(Ui::ErrSettingsPreset, &[("preset", p)])
        }
        SettingsError::Policy(PolicyError::UnknownField(field)) => {
            t(Ui::ErrSettingsUnknownField, &[("field", field)])
        }
        SettingsError::Policy(PolicyError::WrongType { field, detail }) => t(
            Ui::ErrSettingsWrongType,
            &[("field", field), ("detail", detail)],
        ),
        SettingsError::Policy(PolicyError::Invalid(detail)) => {
            t(Ui::ErrSettingsPolicy, &[("detail", detail)])
        }
    }
}

/// A store error met before the console has anything loaded (opening the file, the demo),
/// or by a command-line subcommand: nothing was typed into a form, so nothing is said to be
/// kept.
pub fn startup_error(e: &StoreError, lang: Lang) -> String {
    match e {
        // Nothing has been typed yet, so there is nothing to keep.
        StoreError::Busy => Ui::ErrBusyAtStart.text(lang).into(),
        StoreError::DiskFull => Ui::ErrDiskFullAtStart.text(lang).into(),
        StoreError::ReadOnly => Ui::ErrReadOnlyAtStart.text(lang).into(),
        other => store_error(other, &NoOffice, lang),
    }
}

pub fn store_error(e: &StoreError, shared: &impl Office, lang: Lang) -> String {
    let t = |key: Ui, args: &[(&str, &dyn std::fmt::Display)]| fill(key.text(lang), args);
    match e {
        StoreError::Busy => t(Ui::ErrBusy, &[]),
        StoreError::ReadOnly => t(Ui::ErrReadOnly, &[]),
        StoreError::Corrupt => t(Ui::ErrCorrupt, &[]),
        StoreError::DiskFull => t(Ui::ErrDiskFull, &[]),
        StoreError::CannotOpen(detail) => t(Ui::ErrCannotOpen, &[("detail", detail)]),
        StoreError::TooNew => t(Ui::ErrTooNew, &[]),
        StoreError::DuplicateName(name) => t(Ui::ErrDuplicateName, &[("name", name)]),
        StoreError::Name(e) => text_error(Ui::FieldName.msg(), *e, lang),
        StoreError::Pin(PinError::Shape) => t(Ui::ErrPinShape, &[]),
        StoreError::Pin(PinError::Mismatch) => t(Ui::ErrPinMismatch, &[]),
        StoreError::WrongPin => t(Ui::ErrWrongPin, &[]),
        StoreError::PinRequired => t(Ui::ErrPinRequired, &[]),
        StoreError::NotSupervisor => t(Ui::ErrNotSupervisor, &[]),
        StoreError::NotSalesperson(_) => t(Ui::ErrNotSalesperson, &[]),
        StoreError::AlreadySetUp => t(Ui::ErrAlreadySetUp, &[]),
        StoreError::NoSuchStaff(_) => t(Ui::ErrNoSuchStaff, &[]),
        StoreError::NoSuchRegistration(_) => t(Ui::ErrNoSuchRegistration, &[]),
        StoreError::NothingToCorrect => t(Ui::ErrNothingToCorrect, &[]),
        StoreError::LastSupervisor => t(Ui::ErrLastSupervisor, &[]),
        StoreError::StillCheckedIn(id) => t(Ui::ErrStillCheckedIn, &[("name", &shared.name(*id))]),
        StoreError::BadSetting { key, error } => t(
            Ui::ErrStoredSetting,
            &[("key", key), ("detail", &settings_error(error, lang))],
        ),
        // The rotation pane describes its own refusals before it gets here.
        StoreError::Rotation(e) => t(Ui::ErrOther, &[("detail", e)]),
        StoreError::Other(detail) => t(Ui::ErrOther, &[("detail", detail)]),
        StoreError::Referral(r) => super::referral::refusal(*r, lang),
        StoreError::NotFrontdesk(path) => t(Ui::ErrNotFrontdesk, &[("path", &path.display())]),
        StoreError::ParentNotDirectory(path) => {
            t(Ui::ErrParentNotDirectory, &[("path", &path.display())])
        }
        StoreError::FileGone(path) => t(Ui::ErrFileGone, &[("path", &path.display())]),
        StoreError::Io(detail) => t(Ui::ErrIo, &[("detail", detail)]),
        StoreError::PinLocked { seconds, .. } => t(Ui::ErrPinLocked, &[("seconds", seconds)]),
        StoreError::PinNotSet(id) => t(Ui::ErrPinNotSet, &[("name", &shared.name(*id))]),
        StoreError::RotationLogDamaged(bad) => bad_row(bad, shared.timezone(), lang),
        StoreError::RowReadable(id) => t(Ui::ErrRowReadable, &[("row", id)]),
        StoreError::Reason(e) => text_error(Ui::FieldReason.msg(), *e, lang),
    }
}

/// An unreadable row of today's rotation log: which, when, and what the supervisor does.
pub fn bad_row(bad: &BadRow, tz: Tz, lang: Lang) -> String {
    let time = bad
        .at
        .map_or_else(|| "?".to_owned(), |at| local_time(at, tz));
    fill(
        Ui::ErrRotationRowBad.text(lang),
        &[("row", &bad.id), ("time", &time)],
    )
}

/// An evidence table's name for people, from its chain's declaration; the table's own name
/// is said beside it. A table this build does not declare (a newer build's) by its own name.
fn chain_table(table: &'static str) -> Msg {
    crate::store::chain::CHAINS
        .iter()
        .find(|c| c.table == table)
        .map_or(
            Msg {
                zh: table,
                en: table,
            },
            |c| c.name,
        )
}

/// An evidence table's name in `lang`, for `table` as the chains name it (a table this build
/// does not know by its own name).
pub fn chain_name(table: &str, lang: Lang) -> String {
    crate::store::chain::CHAINS
        .iter()
        .find(|c| c.table == table)
        .map_or_else(|| table.to_owned(), |c| c.name.text(lang).to_owned())
}

/// The first row of an evidence chain that does not match: which table, which row, when it
/// was written (in the office's time zone), and what is wrong with it. One line.
pub fn chain_break(b: &ChainBreak, tz: Tz, lang: Lang) -> String {
    let time = b.at.map_or_else(
        || Ui::TimeUnknown.text(lang).to_owned(),
        |at| {
            at.with_timezone(&tz)
                .format("%Y-%m-%d %H:%M:%S")
                .to_string()
        },
    );
    let key = match b.kind {
        BreakKind::Altered => Ui::ChainAltered,
        BreakKind::Missing => Ui::ChainMissing,
        BreakKind::Unchained => Ui::ChainUnchained,
        BreakKind::Relinked => Ui::ChainRelinked,
        BreakKind::Rewritten { .. } => Ui::ChainRewritten,
        BreakKind::Unsealed { .. } => Ui::ChainUnsealed,
    };
    let (pos, verified, day) = match b.kind {
        BreakKind::Rewritten { pos, verified_at } => (
            pos,
            verified_at
                .with_timezone(&tz)
                .format("%Y-%m-%d %H:%M:%S")
                .to_string(),
            String::new(),
        ),
        BreakKind::Unsealed { pos, day } => (pos, String::new(), day.to_string()),
        _ => (0, String::new(), String::new()),
    };
    fill(
        key.text(lang),
        &[
            ("table", &chain_table(b.table).text(lang)),
            ("name", &b.table),
            ("row", &b.row_id),
            ("time", &time),
            ("pos", &pos),
            ("verified", &verified),
            ("day", &day),
        ],
    )
}

/// An evidence failure as its own sentence: "Evidence check FAILED: …".
pub fn evidence_failure(b: &ChainBreak, tz: Tz, lang: Lang) -> String {
    fill(
        Ui::VerifyFailed.text(lang),
        &[("detail", &chain_break(b, tz, lang))],
    )
}

/// A chain's length and short head hash, for `verify`'s report.
pub fn chain_head(h: &ChainHead, lang: Lang) -> String {
    fill(
        Ui::VerifyHead.text(lang),
        &[
            ("table", &chain_table(h.table).text(lang)),
            ("name", &h.table),
            ("rows", &h.length),
            ("head", &h.short()),
        ],
    )
}

/// A deal's split for people: `李娜 20% · 王芳 80%`, the pool and a referrer named as such.
pub fn split(
    shares: &[crate::domain::attribution::Share],
    lang: Lang,
    name: impl Fn(crate::domain::staff::StaffId) -> String,
) -> String {
    use crate::domain::attribution::{Party, split::percent};
    shares
        .iter()
        .map(|s| {
            let who = match s.party {
                Party::Salesperson(id) => name(id),
                Party::Pool => Ui::PartyPool.text(lang).to_owned(),
                Party::Referrer(id) => fill(Ui::PartyReferrer.text(lang), &[("name", &name(id))]),
            };
            format!("{who} {}", percent(s.bp))
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Where a deal stands, in words: awaiting a supervisor, confirmed or cancelled by whom
/// and when (`at` in the office's time zone, month-day hour:minute).
pub fn deal_standing(
    standing: crate::store::deals::Standing,
    lang: Lang,
    tz: Tz,
    name: impl Fn(crate::domain::staff::StaffId) -> String,
) -> String {
    use crate::store::deals::Standing;
    let when = |at: DateTime<Utc>| at.with_timezone(&tz).format("%m-%d %H:%M").to_string();
    match standing {
        Standing::Proposed { open: true, .. } => Ui::DealStandingOpen.text(lang).to_owned(),
        Standing::Proposed {
            ruling_needed: true,
            ..
        } => Ui::DealStandingRuling.text(lang).to_owned(),
        Standing::Proposed { .. } => Ui::DealStandingProposed.text(lang).to_owned(),
        Standing::Settled { by, at, .. } => fill(
            Ui::DealStandingSettled.text(lang),
            &[("who", &name(by)), ("at", &when(at))],
        ),
        Standing::Cancelled { by, at } => fill(
            Ui::DealStandingCancelled.text(lang),
            &[("who", &name(by)), ("at", &when(at))],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_declared_chain_is_described_by_its_raw_table_name() {
        for chain in &crate::store::chain::CHAINS {
            for lang in [Lang::Zh, Lang::En] {
                assert_ne!(chain_name(chain.table, lang), chain.table);
                assert_ne!(chain_table(chain.table).text(lang), chain.table);
            }
        }
        assert_eq!(
            chain_name("a_newer_builds_table", Lang::En),
            "a_newer_builds_table"
        );
    }

    #[test]
    fn a_failure_at_start_or_on_the_command_line_never_says_what_was_typed_is_kept() {
        for e in [StoreError::Busy, StoreError::DiskFull, StoreError::ReadOnly] {
            let en = startup_error(&e, Lang::En);
            let zh = startup_error(&e, Lang::Zh);
            assert!(
                !en.contains("typed") && !zh.contains("输入内容"),
                "{en} / {zh}"
            );
        }
        assert!(startup_error(&StoreError::DiskFull, Lang::En).contains("disk is full"));
    }
}
