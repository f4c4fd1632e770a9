//! `frontdesk export` and `frontdesk import` (issue 8 §3): the registers (and the lobby's
//! evacuation list and the complaints with their statistics, issue 9) out to a CSV or Excel
//! file, and an office's existing visitor register (or, for the lobby desk, the
//! building's units and occupants: issue 9 §1) in from one; `frontdesk report day` (issue 10
//! §3): a day's handover record and figures for the office's paper file.
//!
//! All need a supervisor's PIN (SEC-1/2: an export holds customers' full phone numbers; an
//! import writes evidence), named with `--supervisor` and typed at the terminal without echo,
//! or given as one line on standard input when that is not a terminal (scripts, tests). The
//! PIN is checked under the shared lockout, and every wrong one is audited, as at the desk.
//! What the command did goes to standard output; why it could not goes to standard error as
//! one line, in the user's language, with exit status 1.

mod backup;
pub mod backup_text;
mod dates;
mod export;
mod export_commission;
mod export_complaints;
mod export_evacuation;
mod export_figures;
mod header;
mod import;
mod import_units;
pub mod print;
pub mod progress;
mod report_day;
mod report_group;
mod sheet;
pub mod sheet_writer;
pub mod text;

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

pub use backup::{BackupArgs, RestoreArgs};
pub use export::{ExportArgs, RegisterArg};
pub use export_evacuation::evacuation_page;
pub use import::{ImportArgs, ImportRegister};
pub use report_day::{ReportArgs, ReportDayArgs, ReportKind};
pub use report_group::{ReportGroupArgs, parse_month};

use crate::config::{ConsoleConfig, Overrides};
use crate::domain::clock::{Clock, SystemClock};
use crate::domain::settings::DEFAULT_TIMEZONE;
use crate::domain::staff::{Role, Staff, StaffId};
use crate::i18n::{Lang, fill};
use crate::store::{Approval, PinPacing, Store};
use crate::words::describe::{config_error, startup_error};
use crate::words::text::Ui;
use text::Tr;

/// `frontdesk export`.
pub fn export(
    args: ExportArgs,
    overrides: Overrides,
    env_lang: Option<&str>,
    early_lang: Lang,
) -> ExitCode {
    finish(export::run(&args, &overrides, env_lang, early_lang))
}

/// `frontdesk import`.
pub fn import(
    args: ImportArgs,
    overrides: Overrides,
    env_lang: Option<&str>,
    early_lang: Lang,
) -> ExitCode {
    finish(import::run(&args, &overrides, env_lang, early_lang))
}

/// `frontdesk report day` and `frontdesk report group`.
pub fn report(
    args: ReportArgs,
    overrides: Overrides,
    env_lang: Option<&str>,
    early_lang: Lang,
) -> ExitCode {
    finish(match &args.report {
        ReportKind::Day(day) => report_day::run(day, &overrides, env_lang, early_lang),
        ReportKind::Group(group) => report_group::run(group, &overrides, env_lang, early_lang),
    })
}

/// `frontdesk backup`.
pub fn backup(
    args: BackupArgs,
    overrides: Overrides,
    env_lang: Option<&str>,
    early_lang: Lang,
) -> ExitCode {
    finish(backup::run_backup(&args, &overrides, env_lang, early_lang))
}

/// `frontdesk restore`.
pub fn restore(
    args: RestoreArgs,
    overrides: Overrides,
    env_lang: Option<&str>,
    early_lang: Lang,
) -> ExitCode {
    finish(backup::run_restore(&args, &overrides, env_lang, early_lang))
}

/// Why a command stopped: the line to print, in its language.
struct Failure {
    lang: Lang,
    message: String,
}

fn finish(result: Result<(), Failure>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure { lang, message }) => {
            let _ = writeln!(
                std::io::stderr(),
                "{}",
                fill(Ui::StartupError.text(lang), &[("detail", &message)])
            );
            ExitCode::FAILURE
        }
    }
}

fn failure(lang: Lang, message: String) -> Failure {
    Failure { lang, message }
}

fn say(key: Tr, lang: Lang, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    fill(key.text(lang), args)
}

/// The user's language before the database is open: `--lang`, the config file, then LANG.
fn language(overrides: &Overrides, env_lang: Option<&str>, early_lang: Lang) -> Lang {
    ConsoleConfig::resolve(overrides, env_lang).map_or(early_lang, |c| c.lang)
}

/// An open office database, with the language to speak and the office's time zone.
struct Office {
    store: Store,
    lang: Lang,
    tz: Tz,
}

/// Opens the configured database, which must exist: opening creates a missing file, and a
/// mistyped path must not export an empty register or import into a new file.
fn open_office(
    overrides: &Overrides,
    env_lang: Option<&str>,
    early_lang: Lang,
) -> Result<Office, Failure> {
    let config = ConsoleConfig::resolve(overrides, env_lang)
        .map_err(|e| failure(early_lang, config_error(&e, early_lang)))?;
    let lang = config.lang;
    if !config.db.is_file() {
        let path = config.db.display();
        return Err(failure(
            lang,
            say(Tr::ErrNoDatabase, lang, &[("path", &path)]),
        ));
    }
    let describe = |e| {
        failure(
            lang,
            format!("{}: {}", config.db.display(), startup_error(&e, lang)),
        )
    };
    let mut store = Store::open(&config.db).map_err(describe)?;
    // A wrong PIN this file cannot record must still cost a guesser time (SEC-2): one
    // process per guess answers no faster than a few seconds.
    store.pace_unrecorded_pins(PinPacing::Wait);
    let tz = store
        .office_settings()
        .map_or(DEFAULT_TIMEZONE, |s| s.timezone());
    Ok(Office { store, lang, tz })
}

impl Office {
    fn fail(&self, message: String) -> Failure {
        failure(self.lang, message)
    }

    /// The file at `out` could not be written: the one line that says so.
    fn cannot_write(&self, out: &std::path::Path, detail: &str) -> Failure {
        let path = out.display();
        self.fail(say(
            Tr::ErrWrite,
            self.lang,
            &[("path", &path), ("detail", &detail)],
        ))
    }

    /// The file at `out` was written but its audit row was not: an export nobody can account
    /// for must not stay, so it is removed, and the store's error is said.
    fn not_recorded(&self, out: &std::path::Path, e: &crate::store::StoreError) -> Failure {
        let _ = std::fs::remove_file(out);
        self.fail(startup_error(e, self.lang))
    }

    fn now(&self) -> DateTime<Utc> {
        SystemClock.now()
    }

    /// Everyone on the staff list by id, for the names an export prints.
    fn staff_names(&self) -> Result<std::collections::HashMap<StaffId, String>, Failure> {
        Ok(self
            .store
            .staff()
            .map_err(|e| self.fail(startup_error(&e, self.lang)))?
            .into_iter()
            .map(|s| (s.id, s.name))
            .collect())
    }

    /// The line under an export: when, by which supervisor, over what range.
    fn exported_footer(&self, supervisor: &str, now: DateTime<Utc>, range: &str) -> String {
        let time = now
            .with_timezone(&self.tz)
            .format("%Y-%m-%d %H:%M")
            .to_string();
        say(
            Tr::FooterExported,
            self.lang,
            &[("time", &time), ("name", &supervisor), ("range", &range)],
        )
    }

    /// The supervisor named on the command line, their PIN read and checked.
    fn approval(&mut self, name: &str) -> Result<(Staff, Approval), Failure> {
        let lang = self.lang;
        let staff = self
            .store
            .staff()
            .map_err(|e| self.fail(startup_error(&e, lang)))?;
        let wanted = name.trim().to_lowercase();
        let person = staff
            .into_iter()
            .find(|s| s.name.to_lowercase() == wanted)
            .ok_or_else(|| self.fail(say(Tr::ErrNoSuchSupervisor, lang, &[("name", &name)])))?;
        if !person.active || person.role != Role::Supervisor {
            return Err(self.fail(say(Tr::ErrNotASupervisor, lang, &[("name", &person.name)])));
        }
        let prompt = say(Tr::PinPrompt, lang, &[("name", &person.name)]);
        let pin = read_pin(&prompt)
            .map_err(|e| self.fail(e.to_string()))?
            .filter(|p| !p.is_empty())
            .ok_or_else(|| self.fail(Tr::ErrNoPin.text(lang).to_owned()))?;
        let approval = self
            .store
            .approve(None, person.id, &pin, self.now())
            .map_err(|e| self.fail(startup_error(&e, lang)))?;
        Ok((person, approval))
    }
}

/// The PIN: typed at the terminal without echo, or the first line of standard input when it
/// is not a terminal. `None` when there is nothing to read.
fn read_pin(prompt: &str) -> std::io::Result<Option<String>> {
    if std::io::stdin().is_terminal() {
        return rpassword::prompt_password(prompt).map(|p| Some(p.trim().to_owned()));
    }
    let mut line = String::new();
    let read = std::io::stdin().lock().read_line(&mut line)?;
    Ok((read > 0).then(|| line.trim().to_owned()))
}

/// The file's name as the audit records it: as given on the command line.
fn file_name(path: &Path) -> String {
    path.display().to_string()
}
