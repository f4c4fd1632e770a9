//! The `frontdesk` command: parse the command line, open the database, run the console.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use frontdesk::config::{ConsoleConfig, Overrides};
use frontdesk::demo;
use frontdesk::domain::clock::{Clock, SystemClock};
use frontdesk::domain::settings::OfficeSettings;
use frontdesk::i18n::{Lang, fill};
use frontdesk::store::{Store, StoreError};
use frontdesk::ui::App;
use frontdesk::ui::describe::{config_error, startup_error};
use frontdesk::ui::text::Ui;

/// A full-screen console for the front desk of a sales office or a building lobby.
#[derive(Debug, Parser)]
#[command(version)]
struct Cli {
    /// The database file (default: frontdesk.db in the platform data directory).
    #[arg(long, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Language of the console: zh or en (default: the config file, then LANG).
    #[arg(long, value_name = "zh|en")]
    lang: Option<String>,
    /// The config file (default: config.toml in the platform config directory).
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,
    /// Open a throwaway database filled with a realistic morning, deleted on exit.
    #[arg(long, conflicts_with = "db")]
    demo: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Before the demo directory exists: a SIGTERM or SIGHUP from here on ends the run
    // through the normal path, which removes the directory, instead of killing the process.
    if let Err(e) = frontdesk::ui::terminal::catch_stop_signals() {
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
    let mut store = Store::open(&config.db).map_err(describe)?;
    // The demo office gets the defaults; a real office's settings are chosen at its setup.
    let demo_operator = match &throwaway {
        Some(_) => Some(
            demo::populate(&mut store, &OfficeSettings::default(), SystemClock.now())
                .map_err(describe)?,
        ),
        None => None,
    };
    let mut app = App::new(store, config.clone(), Box::new(SystemClock)).map_err(describe)?;
    if let Some(operator) = demo_operator {
        app.start_demo(operator, demo::DEMO_SUPERVISOR, demo::DEMO_PIN);
    }
    // Without a terminal nothing could be shown, and crossterm's own error says little.
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(Ui::NeedsTerminal.text(lang).into());
    }
    frontdesk::ui::run(app).map_err(|e| e.to_string())?;
    drop(throwaway);
    Ok(())
}
