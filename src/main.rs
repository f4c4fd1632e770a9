//! The `frontdesk` command: parse the command line, open the database, run the console.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use frontdesk::config::{ConsoleConfig, Overrides};
use frontdesk::demo;
use frontdesk::domain::clock::{Clock, SystemClock};
use frontdesk::domain::settings::DEFAULT_TIMEZONE;
use frontdesk::domain::settings::OfficeSettings;
use frontdesk::i18n::{Lang, fill};
use frontdesk::store::desk_lock::{DeskLock, NotLocked};
use frontdesk::store::{Bookkeeping, Store, StoreError, file_mode};
use frontdesk::transfer;
use frontdesk::transfer::backup_text::Bk;
use frontdesk::ui::starting::{Opened, Starting, Step};
use frontdesk::ui::{Console, Failure};
use frontdesk::words::describe::{chain_break, chain_head, config_error, startup_error};
use frontdesk::words::text::Ui;

/// A full-screen console for the front desk of a sales office or a building lobby.
/// Without a subcommand it runs the console.
#[derive(Debug, Parser)]
#[command(version)]
struct Cli {
    /// The database file (default: frontdesk.db in the platform data directory).
    #[arg(long, value_name = "PATH", global = true)]
    db: Option<PathBuf>,
    /// Language of the console: zh or en (default: the config file, then LANG).
    #[arg(long, value_name = "zh|en", global = true)]
    lang: Option<String>,
    /// The config file (default: config.toml in the platform config directory).
    #[arg(long, value_name = "PATH", global = true)]
    config: Option<PathBuf>,
    /// Open a throwaway database filled with a realistic morning, deleted on exit.
    #[arg(long, conflicts_with = "db")]
    demo: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Check every evidence table's hash chain from its first row, that no link an earlier
    /// check verified has changed, and that every head a supervisor's sign-off sealed is
    /// still in its chain. Exits 0 with each chain's length and head hash when all match; 1
    /// with one line on stderr per failure; 2 when the database cannot be read. With
    /// --against URL it then compares the file row by row with the head office's copy
    /// (read-only): one line per chain, and 1 when anything differs or the head office
    /// cannot be read.
    Verify(frontdesk::sync::AgainstArgs),
    /// Write the visitor or phone register (corrections applied, the chain head in the last
    /// row) to a .csv or .xlsx file, the complaints with their monthly statistics to a .csv
    /// or .xlsx file, or the lobby's evacuation list to a .csv or .txt page. Needs a
    /// supervisor's PIN; audited.
    Export(frontdesk::transfer::ExportArgs),
    /// Read an office's visitor or phone register, or the building's units and occupants for the
    /// lobby desk, from a .csv or .xlsx file, all rows or none (or the good ones with
    /// --skip-bad). Needs a supervisor's PIN; audited.
    Import(frontdesk::transfer::ImportArgs),
    /// Write a report for the office's paper file: `report day [DATE]`, one office day's
    /// handovers (log, open items, checklist, questions, acceptance or refusal), the desk
    /// left unstaffed, the day's figures, the chain heads and the supervisor's sign-off, to a
    /// .xlsx, .csv or .txt (a page to print) file. Needs a supervisor's PIN; audited. And
    /// `report group`: the group's figures per office and month from the head office.
    Report(frontdesk::transfer::ReportArgs),
    /// Copy the whole database to FILE while desks keep working (SQLite's online backup),
    /// then check the copy — the file's integrity and every evidence chain — before it takes
    /// FILE's name. Needs a supervisor's PIN (it holds every phone number); audited.
    Backup(frontdesk::transfer::BackupArgs),
    /// Put a checked backup in place of the database. Refuses a damaged backup, one older than
    /// the database (unless --older), and while a console has the database open. The replaced
    /// file is kept as FILE.before-restore-<time>. Needs a supervisor's PIN; audited.
    Restore(frontdesk::transfer::RestoreArgs),
    /// Push every evidence chain to the group's head office on PostgreSQL (--to URL), under
    /// the office's name. The head office refuses a chain that does not continue what it
    /// holds, naming the office, the chain and the row. Safe to repeat.
    Sync(frontdesk::sync::SyncArgs),
    /// For the head office's administrator: `setup` its PostgreSQL once, `add-office` an
    /// office's own login, `add-reader` a login that reads every office.
    HeadOffice(frontdesk::sync::admin::HeadOfficeArgs),
}

/// `frontdesk verify` found a row that does not match its chain.
const EXIT_TAMPERED: u8 = 1;
/// `frontdesk verify` could not check (no file, cannot open).
const EXIT_CANNOT_VERIFY: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Before the demo directory exists: a SIGTERM or SIGHUP from here on ends the run
    // through the normal path, which removes the directory, instead of killing the process.
    if let Err(e) = frontdesk::stop::catch_stop_signals() {
        let _ = writeln!(std::io::stderr(), "frontdesk: {e}");
        return ExitCode::FAILURE;
    }
    let env_lang = std::env::var("LANG").ok();
    // Errors before the config is read are told in the language the user asked for.
    let early_lang = cli
        .lang
        .as_deref()
        .or(env_lang.as_deref())
        .and_then(Lang::parse)
        .unwrap_or(Lang::En);
    if let Some(command) = &cli.command
        && cli.demo
    {
        let name = match command {
            Command::Verify(_) => "verify",
            Command::Export(_) => "export",
            Command::Import(_) => "import",
            Command::Report(_) => "report",
            Command::Backup(_) => "backup",
            Command::Restore(_) => "restore",
            Command::Sync(_) => "sync",
            Command::HeadOffice(_) => "head-office",
        };
        Cli::command()
            .error(
                clap::error::ErrorKind::ArgumentConflict,
                format!("--demo cannot be used with {name}"),
            )
            .exit();
    }
    let overrides = || Overrides {
        config: cli.config.clone(),
        db: cli.db.clone(),
        lang: cli.lang.clone(),
    };
    match &cli.command {
        Some(Command::Verify(args)) => {
            let args = args.clone();
            return verify(cli, &args, env_lang.as_deref(), early_lang);
        }
        Some(Command::Export(args)) => {
            let args = args.clone();
            return transfer::export(args, overrides(), env_lang.as_deref(), early_lang);
        }
        Some(Command::Import(args)) => {
            let args = args.clone();
            return transfer::import(args, overrides(), env_lang.as_deref(), early_lang);
        }
        Some(Command::Report(args)) => {
            let args = args.clone();
            return transfer::report(args, overrides(), env_lang.as_deref(), early_lang);
        }
        Some(Command::Backup(args)) => {
            let args = args.clone();
            return transfer::backup(args, overrides(), env_lang.as_deref(), early_lang);
        }
        Some(Command::Restore(args)) => {
            let args = args.clone();
            return transfer::restore(args, overrides(), env_lang.as_deref(), early_lang);
        }
        Some(Command::Sync(args)) => {
            let args = args.clone();
            return frontdesk::sync::sync(args, overrides(), env_lang.as_deref(), early_lang);
        }
        Some(Command::HeadOffice(args)) => {
            return frontdesk::sync::admin::head_office(args.clone(), early_lang);
        }
        None => {}
    }
    match run(cli, env_lang.as_deref(), early_lang) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            // Not `eprintln!`: it panics when stderr is a terminal that has hung up.
            let _ = writeln!(
                std::io::stderr(),
                "{}",
                fill(Ui::StartupError.text(early_lang), &[("detail", &message)])
            );
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli, env_lang: Option<&str>, early_lang: Lang) -> Result<(), String> {
    // The demo database lives in a fresh directory only this user can enter, under an
    // unguessable name: a predictable path in the shared temp directory could be created
    // first, or linked elsewhere, by another user. Dropping the directory removes the
    // database and its WAL files however the run ends.
    let throwaway = cli
        .demo
        .then(|| tempfile::Builder::new().prefix("frontdesk-demo-").tempdir())
        .transpose()
        .map_err(|e| e.to_string())?;
    let overrides = Overrides {
        config: cli.config,
        db: throwaway
            .as_ref()
            .map(|dir| dir.path().join("demo.db"))
            .or(cli.db),
        lang: cli.lang,
    };
    let config =
        ConsoleConfig::resolve(&overrides, env_lang).map_err(|e| config_error(&e, early_lang))?;
    let lang = config.lang;
    let describe = |e: StoreError| format!("{}: {}", config.db.display(), startup_error(&e, lang));
    // Without a terminal nothing could be shown, and crossterm's own error says little; what
    // is wrong with the file, if anything, is said first, as it would be at a terminal.
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        Store::open(&config.db).map_err(describe)?;
        warn_open_to_others(&config.db, lang);
        return Err(Ui::NeedsTerminal.text(lang).into());
    }
    // Held for the console's lifetime: `frontdesk restore` refuses while any console holds
    // it (issue 19). A folder where the lock file cannot be made cannot be restored into
    // either, so the console then runs without it.
    let _desk_lock = match DeskLock::console(&config.db) {
        Ok(lock) => Some(lock),
        Err(NotLocked::Held) => {
            let db = config.db.display();
            return Err(fill(Bk::ConsoleRestoring.text(lang), &[("db", &db)]));
        }
        Err(NotLocked::Io(_)) => None,
    };
    // The first frame comes before the file is opened (issue 18): opening — migrations on a
    // big file take seconds — and filling the demo run behind the starting screen.
    let demo = throwaway.is_some();
    let now = SystemClock.now();
    let db = config.db.clone();
    let starting = Starting::spawn(demo, move |progress| {
        progress.reached(Step::Opening);
        if Store::needs_upgrade(&db) {
            progress.reached(Step::Upgrading);
        }
        let mut store = Store::open(&db)?;
        // The demo office gets the defaults; a real office's settings are chosen at its setup.
        let demo_clerk = match demo {
            true => Some(demo::populate_saying(
                &mut store,
                &OfficeSettings::default(),
                now,
                &mut |stage| progress.reached(Step::Filling(stage)),
            )?),
            false => None,
        };
        Ok(Opened { store, demo_clerk })
    })
    .map_err(|e| e.to_string())?;
    let console = Console::starting(starting, config.clone(), Box::new(SystemClock));
    let ended = frontdesk::ui::run(console);
    // Said once the screen is back, so it is there when the console ends; not about a file
    // that did not open.
    if !matches!(ended, Err(Failure::Store(_))) {
        warn_open_to_others(&config.db, lang);
    }
    drop(throwaway);
    match ended {
        Ok(()) => Ok(()),
        Err(Failure::Terminal(e)) => Err(e.to_string()),
        Err(Failure::Store(e)) => Err(describe(e)),
    }
}

/// One line on stderr when others than the file's owner and group can read the database
/// (issue 18): it is not changed behind the owner's back, but they are told.
fn warn_open_to_others(path: &Path, lang: Lang) {
    if let Some(mode) = file_mode::open_to_others(path) {
        let mode = format!("{mode:04o}");
        let path = path.display().to_string();
        let _ = writeln!(
            std::io::stderr(),
            "{}",
            fill(
                Ui::FileOpenToOthers.text(lang),
                &[("path", &path), ("mode", &mode)]
            )
        );
    }
}

/// `frontdesk verify`: walks every hash chain from its start (issue 8 §2). What it prints is
/// the result, on stdout; why it could not check goes to stderr, as the console's errors do.
fn verify(
    cli: Cli,
    against: &frontdesk::sync::AgainstArgs,
    env_lang: Option<&str>,
    early_lang: Lang,
) -> ExitCode {
    let fail = |lang: Lang, message: String| {
        let _ = writeln!(
            std::io::stderr(),
            "{}",
            fill(Ui::StartupError.text(lang), &[("detail", &message)])
        );
        ExitCode::from(EXIT_CANNOT_VERIFY)
    };
    let overrides = Overrides {
        config: cli.config,
        db: cli.db,
        lang: cli.lang,
    };
    let config = match ConsoleConfig::resolve(&overrides, env_lang) {
        Ok(config) => config,
        Err(e) => return fail(early_lang, config_error(&e, early_lang)),
    };
    let lang = config.lang;
    // Opening creates a missing file: a mistyped path must not verify an empty database.
    if !config.db.is_file() {
        let path = config.db.display();
        return fail(lang, fill(Ui::ErrNoDatabase.text(lang), &[("path", &path)]));
    }
    let describe = |e: StoreError| format!("{}: {}", config.db.display(), startup_error(&e, lang));
    // The store opens (and migrates) the file; the check and the verified points it moves
    // go through the evidence check's own handle.
    let checked = Store::open(&config.db).and_then(|store| {
        warn_open_to_others(&config.db, lang);
        let breaks = Bookkeeping::open(&config.db)?.check_everything(SystemClock.now())?;
        let tz = store
            .office_settings()
            .map_or(DEFAULT_TIMEZONE, |s| s.timezone());
        Ok((breaks, store.chain_heads()?, tz, store))
    });
    let mut out = std::io::stdout();
    let (intact, store) = match checked {
        Err(e) => return fail(lang, describe(e)),
        // A failure is said on stderr, as every subcommand says its failures (issue 16 §2),
        // one line per failure.
        Ok((breaks, _, tz, store)) if !breaks.is_empty() => {
            let mut err = std::io::stderr();
            for broken in &breaks {
                let detail = chain_break(broken, tz, lang);
                let _ = writeln!(
                    err,
                    "{}",
                    fill(Ui::VerifyFailed.text(lang), &[("detail", &detail)])
                );
            }
            (false, store)
        }
        Ok((_, heads, _, store)) => {
            let _ = writeln!(out, "{}", Ui::VerifyOk.text(lang));
            for head in &heads {
                let _ = writeln!(out, "  {}", chain_head(head, lang));
            }
            (true, store)
        }
    };
    // The head office's side after the desk's own, whatever the desk's said (issue 19 §3).
    let agrees = match &against.against {
        None => true,
        Some(url) => {
            match frontdesk::sync::verify_against(&store, url, against.office.as_deref(), lang) {
                Ok(report) => {
                    let mut err = std::io::stderr();
                    for line in &report.lines {
                        let _ = match line.failure {
                            true => writeln!(err, "{}", line.text),
                            false => writeln!(out, "{}", line.text),
                        };
                    }
                    report.agrees
                }
                // Not compared is not agreeing: 1, as a difference is.
                Err(message) => {
                    let _ = writeln!(
                        std::io::stderr(),
                        "{}",
                        fill(Ui::StartupError.text(lang), &[("detail", &message)])
                    );
                    false
                }
            }
        }
    };
    match intact && agrees {
        true => ExitCode::SUCCESS,
        false => ExitCode::from(EXIT_TAMPERED),
    }
}
