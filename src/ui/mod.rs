//! The terminal user interface: the shell, its panes and the event loop.

mod alerts;
pub mod app;
mod backups;
pub mod board;
mod chrome;
pub(crate) mod complaints;
pub mod console;
mod context;
mod deals;
mod errand;
pub use crate::words::describe;
mod evidence;
mod figures;
mod form;
mod gate;
mod handover;
mod head_office;
mod info;
mod keys;
mod lobby;
mod notices;
mod office;
mod pane;
#[cfg(test)]
mod pane_keys;
mod purpose;
pub(crate) mod registers;
mod rotation;
mod rows;
mod said;
mod shared;
mod staff;
pub mod starting;
pub mod terminal;
pub use crate::words::text;
mod filter;
mod theme;
mod vocabulary;

use std::io::stdout;
use std::time::{Duration, Instant};

use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::execute;

pub use alerts::BellSink;
pub use app::App;
pub use console::Console;

use terminal::{Input, Keyboard};

/// How often the loop wakes to notice other desks' writes and the clock.
const TICK: Duration = Duration::from_millis(250);
/// How often the starting screen looks whether the file is open (or the demo filled), so
/// the desk follows within a blink.
const STARTING_TICK: Duration = Duration::from_millis(5);

/// Why the console ended other than by quitting.
#[derive(Debug)]
pub enum Failure {
    /// The terminal could not be drawn on or read.
    Terminal(std::io::Error),
    /// The database could not be opened (or the demo filled) behind the starting screen.
    Store(crate::store::StoreError),
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        Failure::Terminal(e)
    }
}

/// Runs the console until the operator quits or a stop signal (SIGTERM, SIGHUP, SIGINT)
/// arrives. The terminal is restored however this ends: on return, on error, and (through
/// ratatui's hook) on panic.
///
/// The screen is drawn and the tick runs on time whatever the keyboard does: events come
/// from a reader thread through a channel that is waited on with a timeout. (Reading in
/// this loop, a sequence that made no event left crossterm blocked in a read until the next
/// key, and nothing was drawn meanwhile.)
///
/// The first frame is drawn before the database is opened: a console that is still
/// starting shows what it is doing ([`starting`]) and becomes the desk when the work is done.
pub fn run(mut console: Console) -> Result<(), Failure> {
    terminal::catch_stop_signals()?;
    let mut screen = ratatui::try_init()?;
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableMouseCapture, DisableBracketedPaste, Show);
        previous(info);
    }));
    let keyboard = Keyboard::start();
    let result = (|| {
        execute!(stdout(), EnableBracketedPaste)?;
        let mut mouse = false;
        let mut last_tick = Instant::now();
        let mut checking = false;
        while !console.should_quit() && !terminal::stop_requested() {
            if console.mouse() != mouse {
                mouse = console.mouse();
                match mouse {
                    true => execute!(stdout(), EnableMouseCapture)?,
                    false => execute!(stdout(), DisableMouseCapture)?,
                }
            }
            screen.draw(|frame| console.render(frame))?;
            // After the desk's first frame: the whole file is checked off this thread
            // (issue 16 §2).
            if !checking && let Some(app) = console.app() {
                app.start_evidence_check();
                checking = true;
            }
            let tick = match console.is_starting() {
                true => STARTING_TICK,
                false => TICK,
            };
            let timeout = tick.saturating_sub(last_tick.elapsed());
            if let Some(first) = keyboard.next(timeout) {
                // Everything already typed is handled before the next draw.
                for input in std::iter::once(first).chain(keyboard.waiting()) {
                    match input {
                        Input::Event(event) => console.handle_event(&event),
                        // The window closed: there is no one to draw for; end as on `q`.
                        Input::Gone => return Ok(()),
                        Input::Failed(e) => return Err(Failure::Terminal(e)),
                    }
                    if console.should_quit() {
                        break;
                    }
                }
            }
            if console.is_starting() {
                // The desk arrives as soon as its file is open; the next draw shows it.
                console.advance(false).map_err(Failure::Store)?;
                last_tick = Instant::now();
            } else if last_tick.elapsed() >= TICK {
                console.tick();
                last_tick = Instant::now();
            }
        }
        Ok(())
    })();
    drop(keyboard);
    // ratatui reports a failure to restore with `eprintln!` (the terminal's drop when it
    // cannot show the cursor, `restore`), which panics when the terminal has hung up, and a
    // panic while restoring aborts the process before the demo database is removed. A
    // closed window has nothing left to restore, so failures here are ignored; a terminal
    // that could not be shown its cursor is forgotten rather than left to try again on drop.
    if screen.show_cursor().is_err() {
        std::mem::forget(screen);
    } else {
        drop(screen);
    }
    let _ = execute!(stdout(), DisableMouseCapture, DisableBracketedPaste, Show);
    let _ = ratatui::try_restore();
    // Drawing into a window that has just closed fails; that was the end asked for.
    // Quitting while it still starts: the work is told to stop once the screen is back.
    drop(console);
    if terminal::stop_requested() {
        return Ok(());
    }
    result
}
