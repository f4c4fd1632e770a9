//! The terminal user interface: the shell, its panes and the event loop.

pub mod app;
mod context;
pub mod describe;
mod form;
mod gate;
mod info;
mod keys;
mod office;
mod pane;
mod rotation;
mod said;
mod shared;
mod staff;
pub mod text;
mod theme;

use std::io::stdout;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste};
use ratatui::crossterm::execute;

pub use app::App;

/// How often the loop wakes to notice other desks' writes and the clock.
const TICK: Duration = Duration::from_millis(250);

/// Runs the console until the operator quits. The terminal is restored however this ends:
/// on return, on error, and (through ratatui's hook) on panic.
pub fn run(mut app: App) -> std::io::Result<()> {
    let mut terminal = ratatui::try_init()?;
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableBracketedPaste);
        previous(info);
    }));
    let result = (|| {
        execute!(stdout(), EnableBracketedPaste)?;
        let mut last_tick = Instant::now();
        while !app.should_quit() {
            terminal.draw(|frame| app.render(frame))?;
            let timeout = TICK.saturating_sub(last_tick.elapsed());
            if event::poll(timeout)? {
                app.handle_event(&event::read()?);
            }
            if last_tick.elapsed() >= TICK {
                app.tick();
                last_tick = Instant::now();
            }
        }
        Ok(())
    })();
    let _ = execute!(stdout(), DisableBracketedPaste);
    ratatui::restore();
    result
}
