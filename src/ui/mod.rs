//! The terminal user interface: the shell, its panes and the event loop.

mod action;
pub mod app;
pub mod describe;
pub mod dialog;
mod keys;
mod rotation_pane;
pub mod snapshot;
mod staff_pane;
mod theme;

use std::io::stdout;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use ratatui::crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste};
use ratatui::crossterm::execute;

pub use app::App;
use dialog::{Choice, Dialog, FieldKey};
use snapshot::Snapshot;

use crate::domain::policy::Policy;
use crate::domain::staff::{Role, Staff};
use crate::i18n::{Lang, T};

/// What a pane may read while it handles a key or draws: a borrowed, read-only view.
pub struct View<'a> {
    pub snap: &'a Snapshot,
    pub lang: Lang,
    pub now: DateTime<Utc>,
    pub tz: Tz,
    pub policy: &'a Policy,
    pub operator: &'a Staff,
}

impl View<'_> {
    /// Adds the approving supervisor and their PIN to a dialog; the operator is preselected
    /// when they are a supervisor themselves.
    pub fn approval(&self, dialog: Dialog) -> Dialog {
        let supervisors: Vec<Choice> = self
            .snap
            .active(Role::Supervisor)
            .map(|s| Choice {
                id: s.id.0,
                label: s.name.clone(),
            })
            .collect();
        let me = (self.operator.role == Role::Supervisor).then_some(self.operator.id.0);
        // When approval is all the dialog asks and the supervisor is already chosen, start on
        // the PIN: a PIN typed at once must never land, readable, in the picker's filter.
        let straight_to_pin = !dialog.has_fields() && (me.is_some() || supervisors.len() == 1);
        let dialog = dialog
            .choice(FieldKey::Supervisor, T::FieldSupervisor, supervisors, me)
            .pin(FieldKey::SupervisorPin, T::FieldSupervisorPin);
        if straight_to_pin {
            dialog.focus(FieldKey::SupervisorPin)
        } else {
            dialog
        }
    }
}

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
