//! The office's settings as rows of the `settings` table: read (with the old defaults for an
//! office set up before they were stored), written at setup and by a supervisor.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::{Approval, Result, Store, StoreError, audit, staff};
use crate::domain::handover::{Shifts, default_checklist};
use crate::domain::policy::PolicyError;
use crate::domain::rotation::StaffId;
use crate::domain::settings::{
    DEFAULT_CLOSING_HOUR, DEFAULT_PRESET, DEFAULT_TIMEZONE, DeskKinds, OfficeSettings,
    SettingsError, inline, parse_overrides,
};

pub(super) const PRESET: &str = "policy_preset";
pub(super) const OVERRIDES: &str = "policy_overrides";
pub(super) const TIMEZONE: &str = "timezone";
pub(super) const PIN_FOR_EVERYONE: &str = "pin_for_everyone";
/// The office's own information sources, one a line.
pub(super) const SOURCES: &str = "register_sources";
/// Which desks the office runs: `sales`, `lobby` or `both` (absent: `sales`).
pub(super) const DESKS: &str = "desks";
/// The lobby's closing hour, office time (absent: 18).
pub(super) const CLOSING_HOUR: &str = "lobby_closing_hour";
/// The desk's shifts, one a line `name HH:MM-HH:MM` (absent: 早班, 中班, 夜班).
pub(super) const SHIFTS: &str = "shifts";
/// The handover checklist, one item a line (absent: the six default items).
pub(super) const CHECKLIST: &str = "handover_checklist";
/// Where the console writes its dated backups (absent or empty: none; issue 19).
pub(super) const BACKUP_FOLDER: &str = "backup_folder";
/// How many dated backups stay in the folder (absent: 14).
pub(super) const BACKUPS_KEPT: &str = "backups_kept";
/// The head office's PostgreSQL address, without a password (absent or empty: none; issue 19).
pub(super) const HEAD_OFFICE_URL: &str = "head_office_url";
/// The name the office pushes under there (absent or empty: the office's own name).
pub(super) const HEAD_OFFICE_NAME: &str = "head_office_name";
/// The printer the evacuation list goes to, an `lp` destination (absent or empty: none;
/// issue 20 §4).
pub(super) const EVACUATION_PRINTER: &str = "evacuation_printer";
/// The folder a dated copy of the evacuation list is written to (absent or empty: none).
pub(super) const EVACUATION_FOLDER: &str = "evacuation_folder";

pub(super) fn stored(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

/// Which stored key a settings error is about, so the message points at the row to fix.
fn key_of(e: &SettingsError) -> &'static str {
    match e {
        SettingsError::TimeZone(_) => TIMEZONE,
        SettingsError::Policy(PolicyError::UnknownPreset(_)) | SettingsError::PresetNotText(_) => {
            PRESET
        }
        // Shipped presets are valid, so anything else wrong with the policy is an override.
        SettingsError::Policy(_) | SettingsError::Text(_) | SettingsError::UnknownKey(_) => {
            OVERRIDES
        }
        SettingsError::Source(_) => SOURCES,
        SettingsError::Shifts(_) => SHIFTS,
        SettingsError::Checklist(_) => CHECKLIST,
    }
}

fn bad(error: SettingsError) -> StoreError {
    StoreError::BadSetting {
        key: key_of(&error),
        error,
    }
}

/// The office's settings on `conn`, which may be a transaction in progress. A missing key
/// takes its old default; a stored value that does not parse is an error naming the key,
/// never quietly the default, since that would change the office's rules behind its back.
pub(super) fn office_settings_in(conn: &Connection) -> Result<OfficeSettings> {
    let preset = stored(conn, PRESET)?;
    let overrides = stored(conn, OVERRIDES)?;
    let timezone = stored(conn, TIMEZONE)?;
    // Absent for an office set up before it was stored: supervisors only, as then.
    let pin_for_everyone = match stored(conn, PIN_FOR_EVERYONE)?.as_deref() {
        None | Some("false") => false,
        Some("true") => true,
        Some(other) => {
            return Err(StoreError::BadSetting {
                key: PIN_FOR_EVERYONE,
                error: SettingsError::Text(format!("{other:?} is neither true nor false")),
            });
        }
    };
    let sources = stored(conn, SOURCES)?.unwrap_or_default();
    // Absent for an office set up before issue 9: the sales desk, closing at 18.
    let desks = match stored(conn, DESKS)? {
        None => DeskKinds::default(),
        Some(text) => DeskKinds::from_key(&text).ok_or_else(|| StoreError::BadSetting {
            key: DESKS,
            error: SettingsError::Text(format!("{text:?} is not sales, lobby or both")),
        })?,
    };
    let closing_hour = match stored(conn, CLOSING_HOUR)? {
        None => DEFAULT_CLOSING_HOUR,
        Some(text) => text
            .parse::<u8>()
            .ok()
            .filter(|h| *h <= 23)
            .ok_or_else(|| StoreError::BadSetting {
                key: CLOSING_HOUR,
                error: SettingsError::Text(format!("{text:?} is not an hour from 0 to 23")),
            })?,
    };
    // Absent for an office set up before issue 10: the default shifts and checklist.
    let shifts = match stored(conn, SHIFTS)? {
        None => Shifts::default(),
        Some(text) => Shifts::from_text(&text).map_err(|e| bad(e.into()))?,
    };
    let checklist = match stored(conn, CHECKLIST)? {
        None => default_checklist(),
        Some(text) => text.lines().map(str::to_owned).collect(),
    };
    let backup_folder = stored(conn, BACKUP_FOLDER)?.unwrap_or_default();
    let backups_kept = match stored(conn, BACKUPS_KEPT)? {
        None => crate::domain::backup::DEFAULT_KEPT,
        Some(text) => text.parse::<u16>().map_err(|_| StoreError::BadSetting {
            key: BACKUPS_KEPT,
            error: SettingsError::Text(format!("{text:?} is not a number of backups")),
        })?,
    };
    let head_office_url = stored(conn, HEAD_OFFICE_URL)?.unwrap_or_default();
    let head_office_name = stored(conn, HEAD_OFFICE_NAME)?.unwrap_or_default();
    let evacuation_printer = stored(conn, EVACUATION_PRINTER)?.unwrap_or_default();
    let evacuation_folder = stored(conn, EVACUATION_FOLDER)?.unwrap_or_default();
    let with_sources = |s: OfficeSettings| {
        s.with_desks(desks)
            .with_shifts(shifts)
            .with_closing_hour(closing_hour)
            .and_then(|s| s.with_sources(sources.lines()))
            .and_then(|s| s.with_handover_checklist(&checklist))
            .and_then(|s| s.with_backups(&backup_folder, backups_kept))
            .map(|s| s.with_head_office(&head_office_url, &head_office_name))
            .map(|s| s.with_evacuation(&evacuation_printer, &evacuation_folder))
            .map_err(bad)
    };
    if preset.is_none() && overrides.is_none() && timezone.is_none() {
        return with_sources(OfficeSettings::default().with_pin_for_everyone(pin_for_everyone));
    }
    let overrides = match overrides {
        Some(text) => parse_overrides(&text).map_err(|e| StoreError::BadSetting {
            key: OVERRIDES,
            error: e,
        })?,
        None => toml::Table::new(),
    };
    OfficeSettings::new(
        preset.as_deref().unwrap_or(DEFAULT_PRESET),
        overrides,
        timezone.as_deref().unwrap_or(DEFAULT_TIMEZONE.name()),
    )
    .map(|s| s.with_pin_for_everyone(pin_for_everyone))
    .map_err(bad)
    .and_then(with_sources)
}

/// The rows as they are to be stored.
fn rows(settings: &OfficeSettings) -> [(&'static str, String); 15] {
    [
        (SHIFTS, settings.shifts().to_text()),
        (CHECKLIST, settings.handover_checklist().join("\n")),
        (DESKS, settings.desks().key().to_owned()),
        (CLOSING_HOUR, settings.closing_hour().to_string()),
        (
            BACKUP_FOLDER,
            settings.backup_folder().unwrap_or_default().to_owned(),
        ),
        (BACKUPS_KEPT, settings.backups_kept().to_string()),
        (
            HEAD_OFFICE_URL,
            settings.head_office_url().unwrap_or_default().to_owned(),
        ),
        (
            HEAD_OFFICE_NAME,
            settings.head_office_name().unwrap_or_default().to_owned(),
        ),
        (
            EVACUATION_PRINTER,
            settings.evacuation_printer().unwrap_or_default().to_owned(),
        ),
        (
            EVACUATION_FOLDER,
            settings.evacuation_folder().unwrap_or_default().to_owned(),
        ),
        (SOURCES, settings.sources().join("\n")),
        (PRESET, settings.preset().to_owned()),
        (OVERRIDES, settings.overrides_text()),
        (TIMEZONE, settings.timezone().name().to_owned()),
        (PIN_FOR_EVERYONE, settings.pin_for_everyone().to_string()),
    ]
}

/// Writes all the rows inside the caller's transaction.
pub(super) fn put(tx: &Transaction<'_>, settings: &OfficeSettings) -> Result<()> {
    for (key, value) in rows(settings) {
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
    }
    Ok(())
}

/// `key: old → new` for each row that changes ("-" when never stored). The old side is read
/// raw, not parsed, so a change that repairs an unreadable value is told as well.
fn changes(tx: &Transaction<'_>, settings: &OfficeSettings) -> Result<String> {
    let mut parts = Vec::new();
    for (key, new) in rows(settings) {
        let old = stored(tx, key)?;
        // An office that never had sources of its own has none.
        // Nor desks or a closing hour other than the defaults they had before these were stored.
        let default = match key {
            SOURCES => Some(String::new()),
            DESKS => Some(DeskKinds::default().key().to_owned()),
            CLOSING_HOUR => Some(DEFAULT_CLOSING_HOUR.to_string()),
            SHIFTS => Some(Shifts::default().to_text()),
            CHECKLIST => Some(default_checklist().join("\n")),
            BACKUP_FOLDER => Some(String::new()),
            BACKUPS_KEPT => Some(crate::domain::backup::DEFAULT_KEPT.to_string()),
            HEAD_OFFICE_URL | HEAD_OFFICE_NAME => Some(String::new()),
            EVACUATION_PRINTER | EVACUATION_FOLDER => Some(String::new()),
            _ => None,
        };
        let unchanged = old.as_deref() == Some(new.as_str())
            || (old.is_none() && default.as_deref() == Some(new.as_str()));
        if !unchanged {
            let (old, new) = match old {
                None => ("-".to_owned(), new),
                Some(old) if key == OVERRIDES => (
                    parse_overrides(&old)
                        .map_or_else(|_| old.trim().replace('\n', "; "), |t| inline(&t)),
                    settings.overrides_inline(),
                ),
                Some(old) => (old, new),
            };
            parts.push(format!("{key}: {old} → {new}"));
        }
    }
    Ok(if parts.is_empty() {
        "unchanged".to_owned()
    } else {
        parts.join("; ")
    })
}

impl Store {
    /// The office's settings: policy and time zone, the same for every desk on this file.
    pub fn office_settings(&self) -> Result<OfficeSettings> {
        office_settings_in(&self.conn)
    }

    /// Replaces the office's settings. Supervisor-only; the audit row names the signed-in
    /// `operator`, the approving supervisor, and each value that changed, old → new.
    pub fn set_office_settings(
        &mut self,
        operator: StaffId,
        approval: Approval,
        settings: &OfficeSettings,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.write(|tx| {
            let approver = staff::still_supervisor(tx, approval)?;
            let detail = changes(tx, settings)?;
            // Stored settings that do not parse are what this write repairs.
            let before = office_settings_in(tx).ok();
            put(tx, settings)?;
            // A new policy or time zone can put any recent customer in conflict (issue 18):
            // each is checked again, once.
            let same = before.is_some_and(|b| {
                b.policy() == settings.policy() && b.timezone() == settings.timezone()
            });
            if !same {
                super::register::watch_recent(tx, now)?;
            }
            audit(
                tx,
                now,
                Some(operator),
                Some(approver),
                "set_office_settings",
                &detail,
            )
        })
    }
}
