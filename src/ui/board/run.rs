//! The board's command line and its loop: which file, opened read-only; then draw, tick and
//! wait for `q` or Esc, the terminal restored however it ends.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers};

use super::Board;
use super::text::Bd;
use crate::config::{ConsoleConfig, Overrides};
use crate::domain::clock::{Clock, SystemClock};
use crate::i18n::{Lang, fill};
use crate::store::Store;
use crate::store::desk_lock::{DeskLock, NotLocked};
use crate::ui::Failure;
use crate::ui::terminal::{self, Input, Keyboard};
use crate::words::describe::{config_error, startup_error};
use crate::words::text::Ui;

/// How often the board looks for other desks' writes: well within the second the hall
/// expects, at the cost of one pragma.
const TICK: Duration = Duration::from_millis(250);

#[derive(Debug, Clone, Default, clap::Args)]
pub struct BoardArgs {
    /// Show the demo that `frontdesk --demo` is running in another terminal (the newest one
    /// of this user's), instead of --db.
    #[arg(long)]
    pub demo: bool,
}

/// `frontdesk board`: 0 when quit, 1 (with one line on stderr) when the file cannot be shown.
pub fn command(
    args: BoardArgs,
    overrides: Overrides,
    env_lang: Option<&str>,
    early_lang: Lang,
) -> ExitCode {
    let fail = |lang: Lang, message: String| {
        // Not `eprintln!`: it panics when stderr is a terminal that has hung up.
        let _ = writeln!(
            std::io::stderr(),
            "{}",
            fill(Ui::StartupError.text(lang), &[("detail", &message)])
        );
        ExitCode::FAILURE
    };
    if args.demo && overrides.db.is_some() {
        return fail(early_lang, Bd::DemoWithDb.text(early_lang).to_owned());
    }
    let config = match ConsoleConfig::resolve(&overrides, env_lang) {
        Ok(config) => config,
        Err(e) => return fail(early_lang, config_error(&e, early_lang)),
    };
    let lang = config.lang;
    let opened = match args.demo {
        true => demo_store(&std::env::temp_dir(), lang),
        false => open(&config.db, lang),
    };
    let store = match opened {
        Ok(store) => store,
        Err(message) => return fail(lang, message),
    };
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return fail(lang, Ui::NeedsTerminal.text(lang).to_owned());
    }
    match show(Board::new(lang), &store, &SystemClock) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Terminal(e)) => fail(lang, e.to_string()),
        Err(Failure::Store(e)) => fail(lang, startup_error(&e, lang)),
    }
}

/// The file, read-only: a board never creates, switches or migrates a database, so a
/// missing file or one that needs an upgrade is said and left as it is.
pub(super) fn open(db: &Path, lang: Lang) -> Result<Store, String> {
    let path = db.display().to_string();
    if !db.is_file() {
        return Err(fill(Bd::NoDatabase.text(lang), &[("path", &path)]));
    }
    if Store::needs_upgrade(db) {
        return Err(fill(Bd::NeedsUpgrade.text(lang), &[("path", &path)]));
    }
    Store::open_read_only(db).map_err(|e| format!("{path}: {}", startup_error(&e, lang)))
}

/// The demo databases of consoles running now under `tmp`, newest first: `frontdesk --demo`
/// keeps its file in a directory of its own there (`frontdesk-demo-…/demo.db`) and, as every
/// console, holds the shared lock beside it while it runs; a demo that ended or was killed
/// holds none and is passed over.
pub fn running_demos(tmp: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(tmp) else {
        return Vec::new();
    };
    let mut demos: Vec<_> = entries
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("frontdesk-demo-")
        })
        .map(|e| e.path().join("demo.db"))
        .filter_map(|db| Some((db.metadata().ok()?.modified().ok()?, db)))
        .filter(|(_, db)| matches!(DeskLock::alone(db), Err(NotLocked::Held)))
        .collect();
    demos.sort_by_key(|(modified, _)| std::cmp::Reverse(*modified));
    demos.into_iter().map(|(_, db)| db).collect()
}

/// The newest running demo this build can read (another build's demo may be newer than it),
/// else why the newest cannot be read, else that no demo is running.
fn demo_store(tmp: &Path, lang: Lang) -> Result<Store, String> {
    let mut first_refusal = None;
    for db in running_demos(tmp) {
        match open(&db, lang) {
            Ok(store) => return Ok(store),
            Err(said) => {
                first_refusal.get_or_insert(said);
            }
        }
    }
    Err(first_refusal.unwrap_or_else(|| Bd::NoDemo.text(lang).to_owned()))
}

/// Draws the board until `q`, Esc or Ctrl-C, a stop signal, or the window closing. The
/// terminal is restored on return, on error, and (ratatui's hook) on panic.
fn show(mut board: Board, store: &Store, clock: &dyn Clock) -> Result<(), Failure> {
    terminal::catch_stop_signals()?;
    board.refresh(store, clock.now());
    let mut screen = ratatui::try_init()?;
    let keyboard = Keyboard::start();
    let result = (|| {
        let mut last_tick = Instant::now();
        while !terminal::stop_requested() {
            let now = clock.now();
            screen.draw(|frame| board.render(frame, now))?;
            let timeout = TICK.saturating_sub(last_tick.elapsed());
            if let Some(first) = keyboard.next(timeout) {
                for input in std::iter::once(first).chain(keyboard.waiting()) {
                    match input {
                        Input::Event(event) if quits(&event) => return Ok(()),
                        Input::Event(_) => {}
                        Input::Gone => return Ok(()),
                        Input::Failed(e) => return Err(Failure::Terminal(e)),
                    }
                }
            }
            if last_tick.elapsed() >= TICK {
                board.refresh(store, clock.now());
                last_tick = Instant::now();
            }
        }
        Ok(())
    })();
    drop(keyboard);
    // As the console does: a window that has just closed has nothing left to restore.
    if screen.show_cursor().is_err() {
        std::mem::forget(screen);
    } else {
        drop(screen);
    }
    let _ = ratatui::try_restore();
    result
}

/// The only keys a board answers: it has nothing else to do.
fn quits(event: &Event) -> bool {
    let Event::Key(key) = event else {
        return false;
    };
    let ctrl_c = key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
    key.kind != KeyEventKind::Release
        && (ctrl_c || matches!(key.code, KeyCode::Char('q') | KeyCode::Esc))
}
