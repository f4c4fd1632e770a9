//! The console as the event loop sees it (issue 18): first the starting screen while the
//! database opens (and the demo fills) off this thread, then the shell. The first frame never
//! waits for the file.

use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers};

use super::app::App;
use super::starting::{Opened, Starting};
use crate::config::ConsoleConfig;
use crate::demo;
use crate::domain::clock::Clock;
use crate::store::StoreError;

enum State {
    Starting {
        starting: Starting,
        config: ConsoleConfig,
        clock: Box<dyn Clock>,
    },
    Ready(Box<App>),
    /// Between the two, for the moment the store is handed over.
    Gone,
}

pub struct Console {
    state: State,
    quit: bool,
}

impl Console {
    /// A console whose shell is already built (tests, tools).
    pub fn ready(app: App) -> Console {
        Console {
            state: State::Ready(Box::new(app)),
            quit: false,
        }
    }

    /// A console that shows `starting` until its work is done, then the shell on what it
    /// opened, with `config` and `clock`.
    pub fn starting(starting: Starting, config: ConsoleConfig, clock: Box<dyn Clock>) -> Console {
        Console {
            state: State::Starting {
                starting,
                config,
                clock,
            },
            quit: false,
        }
    }

    /// The shell, once there is one.
    pub fn app(&mut self) -> Option<&mut App> {
        match &mut self.state {
            State::Ready(app) => Some(app),
            _ => None,
        }
    }

    pub fn is_starting(&self) -> bool {
        matches!(self.state, State::Starting { .. })
    }

    pub fn should_quit(&self) -> bool {
        match &self.state {
            State::Ready(app) => app.should_quit(),
            _ => self.quit,
        }
    }

    pub fn mouse(&self) -> bool {
        match &self.state {
            State::Starting { config, .. } => config.mouse,
            State::Ready(app) => app.mouse(),
            State::Gone => false,
        }
    }

    pub fn render(&self, frame: &mut Frame) {
        match &self.state {
            State::Starting {
                starting, config, ..
            } => starting.render(frame, config.lang),
            State::Ready(app) => app.render(frame),
            State::Gone => {}
        }
    }

    /// While starting, only quitting is answered (`q`, Esc, Ctrl-C): there is nothing yet
    /// for any other key to act on.
    pub fn handle_event(&mut self, event: &Event) {
        match &mut self.state {
            State::Ready(app) => app.handle_event(event),
            _ => {
                if let Event::Key(key) = event
                    && key.kind != KeyEventKind::Release
                {
                    let ctrl_c = key.code == KeyCode::Char('c')
                        && key.modifiers.contains(KeyModifiers::CONTROL);
                    if ctrl_c || matches!(key.code, KeyCode::Char('q') | KeyCode::Esc) {
                        self.quit = true;
                        // The work stops at its next step rather than fill a demo nobody sees.
                        if let State::Starting { starting, .. } = &mut self.state {
                            starting.quit();
                        }
                    }
                }
            }
        }
    }

    pub fn tick(&mut self) {
        if let State::Ready(app) = &mut self.state {
            app.tick();
        }
    }

    /// Takes the starting work's result when it has come (waiting for it if `wait`) and
    /// builds the shell on it. `Ok(true)` when the shell has just arrived; an error ends the
    /// console, said as a failure to start.
    pub fn advance(&mut self, wait: bool) -> Result<bool, StoreError> {
        let State::Starting { starting, .. } = &mut self.state else {
            return Ok(false);
        };
        let Some(opened) = starting.take(wait) else {
            return Ok(false);
        };
        let State::Starting { config, clock, .. } = std::mem::replace(&mut self.state, State::Gone)
        else {
            return Ok(false);
        };
        let Opened { store, demo_clerk } = opened?;
        let mut app = App::new(store, config, clock)?;
        if let Some(operator) = demo_clerk {
            app.start_demo(operator, demo::DEMO_SUPERVISOR, demo::DEMO_PIN);
        }
        self.state = State::Ready(Box::new(app));
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;

    use chrono::{TimeZone, Utc};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::crossterm::event::KeyEvent;

    use super::*;
    use crate::domain::clock::FixedClock;
    use crate::domain::settings::OfficeSettings;
    use crate::i18n::Lang;
    use crate::store::Store;
    use crate::ui::starting::Step;

    fn now() -> chrono::DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 22, 3, 30, 0).unwrap()
    }

    fn config(lang: Lang) -> ConsoleConfig {
        ConsoleConfig {
            lang,
            db: ":memory:".into(),
            mouse: false,
            bell: true,
            head_office_password: None,
        }
    }

    /// The console as an 80×24 terminal shows it, rows joined by newlines.
    fn screen(console: &Console) -> String {
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        terminal.draw(|frame| console.render(frame)).unwrap();
        let buffer = terminal.backend().buffer();
        (0..24)
            .map(|y| {
                let mut row = String::new();
                let mut covered = 0;
                for x in 0..80 {
                    if covered > 0 {
                        covered -= 1;
                        continue;
                    }
                    let symbol = buffer[(x, y)].symbol();
                    covered = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
                    row.push_str(symbol);
                }
                row.trim_end().to_owned()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn key(code: KeyCode) -> Event {
        Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    /// A demo whose filling waits, at its registers, until `go` says so (a slow machine);
    /// `filled` then says whether it filled the office.
    fn slow_demo(lang: Lang) -> (Console, mpsc::Sender<()>, mpsc::Receiver<bool>) {
        let (go, wait) = mpsc::channel::<()>();
        let (tell, filled) = mpsc::channel::<bool>();
        let starting = Starting::spawn(true, move |progress| {
            let mut store = Store::open_in_memory()?;
            let populated = demo::populate_saying(
                &mut store,
                &OfficeSettings::default(),
                now(),
                &mut |stage| {
                    if stage == demo::Stage::Registers {
                        progress.reached(Step::Filling(stage));
                        let _ = wait.recv();
                    }
                    progress.reached(Step::Filling(stage))
                },
            );
            let _ = tell.send(populated.is_ok());
            Ok(Opened {
                store,
                demo_clerk: Some(populated?),
            })
        })
        .unwrap();
        let console = Console::starting(starting, config(lang), Box::new(FixedClock(now())));
        (console, go, filled)
    }

    /// Waits (briefly) until the work has said it reached `step`.
    fn wait_for_step(console: &mut Console, step: Step) {
        for _ in 0..500 {
            assert!(!console.advance(false).unwrap(), "the demo is held back");
            if let State::Starting { starting, .. } = &console.state
                && starting.step() == step
            {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        panic!("the work never reached {step:?}");
    }

    #[test]
    fn the_first_screen_comes_before_the_demo_is_filled_and_says_how_far_it_is() {
        let (mut console, go, filled) = slow_demo(Lang::En);
        // Drawn at once, before the work has said anything: the file is being opened.
        assert!(console.is_starting());
        wait_for_step(&mut console, Step::Filling(demo::Stage::Registers));
        let shown = screen(&console);
        assert!(shown.contains("DEMO"), "{shown}");
        // The line wraps at 80 columns: read as words.
        let words = shown.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            words.contains(
                "Filling the demo office: two years of visitor and phone registers (2 of 7)"
            ),
            "{shown}"
        );
        assert!(shown.contains("q quit"), "{shown}");
        // Keys other than quitting wait for the desk; the console is still there.
        console.handle_event(&key(KeyCode::Char('n')));
        assert!(!console.should_quit());
        go.send(()).unwrap();
        assert!(console.advance(true).unwrap(), "the desk arrives");
        assert!(filled.recv().unwrap());
        let shown = screen(&console);
        assert!(shown.contains("Next up: 王芳"), "{shown}");
        assert!(shown.contains("Demo database, deleted on exit"), "{shown}");
    }

    #[test]
    fn the_starting_screen_speaks_chinese_too() {
        let (mut console, go, _) = slow_demo(Lang::Zh);
        wait_for_step(&mut console, Step::Filling(demo::Stage::Registers));
        let shown = screen(&console);
        assert!(
            shown.contains("正在生成演示售楼处:两年的来访与来电登记(2/7)"),
            "{shown}"
        );
        assert!(shown.contains("q 退出"), "{shown}");
        drop(go);
    }

    #[test]
    fn q_quits_while_the_demo_fills_and_the_filling_stops_at_its_next_part() {
        let (mut console, go, filled) = slow_demo(Lang::En);
        wait_for_step(&mut console, Step::Filling(demo::Stage::Registers));
        console.handle_event(&key(KeyCode::Char('q')));
        assert!(console.should_quit());
        go.send(()).unwrap();
        assert!(
            !filled.recv().unwrap(),
            "the filling stopped at the next part"
        );
        drop(console);
    }

    #[test]
    fn a_file_that_cannot_be_opened_ends_the_starting_console_with_why() {
        let starting = Starting::spawn(false, |_| Err(StoreError::TooNew)).unwrap();
        let mut console =
            Console::starting(starting, config(Lang::En), Box::new(FixedClock(now())));
        assert!(matches!(console.advance(true), Err(StoreError::TooNew)));
    }

    #[test]
    fn the_starting_screen_says_it_opens_the_file_before_the_work_says_anything() {
        let (hold, wait) = mpsc::channel::<()>();
        let starting = Starting::spawn(false, move |_| {
            let _ = wait.recv();
            Err(StoreError::Busy)
        })
        .unwrap();
        let console = Console::starting(starting, config(Lang::En), Box::new(FixedClock(now())));
        let shown = screen(&console);
        assert!(shown.contains("Opening the database"), "{shown}");
        assert!(!shown.contains("DEMO"), "{shown}");
        drop(hold);
    }
}
