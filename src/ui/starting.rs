//! What the console shows before the desk can be shown (issue 18): the database is opened —
//! and brought up to date, which on a file of a million rows takes seconds — and for `--demo`
//! the office filled, on a thread of their own, while this screen says what is being done and
//! `q` still quits. The shell takes over when the store is ready ([`super::console`]).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use strum::EnumCount;

use super::chrome;
use super::keys::Hint;
use super::text::Ui;
use super::theme::Theme;
use crate::demo;
use crate::domain::staff::Staff;
use crate::i18n::{Lang, fill};
use crate::store::{Store, StoreError};

/// How long the starting screen waits before it counts the seconds: a start that quick
/// needs no clock.
const COUNT_AFTER: Duration = Duration::from_secs(1);
/// How long quitting waits for the work to notice before the process ends without it: the
/// demo's filling stops at its next stage, well within this.
const STOP_WAIT: Duration = Duration::from_secs(3);

/// What the work hands the shell when it is done.
pub struct Opened {
    pub store: Store,
    /// The demo's clerk, signed in at once; `None` for an office's own file.
    pub demo_clerk: Option<Staff>,
}

/// Where the work stands, as the screen says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Opening the file.
    Opening,
    /// Bringing an older file's schema up to this version (seconds on a big file).
    Upgrading,
    /// Filling the demo office: this part of it.
    Filling(demo::Stage),
}

/// What the work tells the screen; the work answers `false` from [`Progress::reached`] once
/// the console is quitting, and should stop there.
pub struct Progress {
    send: mpsc::Sender<Message>,
    quitting: Arc<AtomicBool>,
}

impl Progress {
    /// Says the work has reached `step`; `false` when nobody waits for it any more.
    pub fn reached(&self, step: Step) -> bool {
        let _ = self.send.send(Message::Reached(step));
        !self.quitting.load(Ordering::Relaxed)
    }
}

enum Message {
    Reached(Step),
    /// Boxed: the store travels once, the steps many times.
    Done(Box<Result<Opened, StoreError>>),
}

/// The work of starting, running on its own thread, and what the screen shows of it.
pub struct Starting {
    step: Step,
    since: Instant,
    /// Whether this is the throwaway demo (the header's tag).
    demo: bool,
    messages: Receiver<Message>,
    quitting: Arc<AtomicBool>,
    worker: Option<JoinHandle<()>>,
}

impl Starting {
    /// Runs `work` on a thread of its own; the screen follows its steps. `demo` tags the
    /// header as the demo.
    pub fn spawn(
        demo: bool,
        work: impl FnOnce(&Progress) -> Result<Opened, StoreError> + Send + 'static,
    ) -> std::io::Result<Starting> {
        let (send, messages) = mpsc::channel();
        let quitting = Arc::new(AtomicBool::new(false));
        let progress = Progress {
            send,
            quitting: Arc::clone(&quitting),
        };
        let worker = std::thread::Builder::new()
            .name("starting".into())
            .spawn(move || {
                let done = work(&progress);
                let _ = progress.send.send(Message::Done(Box::new(done)));
            })?;
        Ok(Starting {
            step: Step::Opening,
            since: Instant::now(),
            demo,
            messages,
            quitting,
            worker: Some(worker),
        })
    }

    /// The work's result once it has come (waiting for it if `wait`), following its steps
    /// meanwhile; `None` while it is still working.
    pub fn take(&mut self, wait: bool) -> Option<Result<Opened, StoreError>> {
        loop {
            let message = match wait {
                true => self.messages.recv().ok(),
                false => match self.messages.try_recv() {
                    Ok(message) => Some(message),
                    Err(TryRecvError::Empty) => return None,
                    Err(TryRecvError::Disconnected) => None,
                },
            };
            match message {
                Some(Message::Reached(step)) => self.step = step,
                Some(Message::Done(done)) => {
                    if let Some(worker) = self.worker.take() {
                        let _ = worker.join();
                    }
                    return Some(*done);
                }
                // The thread ended without a word: it panicked. Said, never waited on.
                None => {
                    self.worker = None;
                    return Some(Err(StoreError::Other("the start stopped".into())));
                }
            }
        }
    }

    pub fn step(&self) -> Step {
        self.step
    }

    /// Tells the work nobody waits for it any more: it stops at its next step.
    pub fn quit(&mut self) {
        self.quitting.store(true, Ordering::Relaxed);
    }

    /// The progress line: the step, how far the demo is, and the seconds once they matter.
    fn line(&self, lang: Lang) -> String {
        let what = match self.step {
            Step::Opening => Ui::StartingOpening.text(lang).to_owned(),
            Step::Upgrading => Ui::StartingUpgrading.text(lang).to_owned(),
            Step::Filling(stage) => fill(
                Ui::StartingFilling.text(lang),
                &[
                    ("part", &stage_name(stage).text(lang)),
                    ("n", &(stage.done_before() + 1)),
                    ("of", &demo::Stage::COUNT),
                ],
            ),
        };
        let waited = self.since.elapsed();
        match waited >= COUNT_AFTER {
            true => fill(
                Ui::StartingSeconds.text(lang),
                &[("what", &what), ("seconds", &waited.as_secs())],
            ),
            false => what,
        }
    }

    /// The screen: a header, the progress line (a gauge for the demo's parts) and `q`.
    pub fn render(&self, frame: &mut Frame, lang: Lang) {
        let [header, _, line, gauge, _, footer] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(2),
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(frame.area());
        let title = match self.demo {
            true => format!(" frontdesk  {} ", Ui::DemoTag.text(lang)),
            false => " frontdesk ".to_owned(),
        };
        frame.render_widget(
            Paragraph::new(Line::styled(title, Theme::header())).style(Theme::header()),
            header,
        );
        let inner = centred(line, 70);
        frame.render_widget(
            Paragraph::new(self.line(lang))
                .style(Theme::info())
                .wrap(Wrap { trim: true }),
            inner,
        );
        if let Step::Filling(stage) = self.step {
            // The parts done, as a bar: whole cells, counted in integers.
            let bar = centred(gauge, 70);
            let done = bar.width as usize * stage.done_before() / demo::Stage::COUNT;
            frame.render_widget(Line::styled("█".repeat(done), Theme::chart_bar()), bar);
        }
        let quit = Hint {
            key: "q".into(),
            label: Ui::KeyQuit.msg(),
            footer: true,
        };
        chrome::footer(frame, footer, Vec::new(), vec![quit], lang);
    }
}

impl Drop for Starting {
    /// Quitting before the work is done: it is told to stop and given a moment, so the demo's
    /// directory is not removed under a thread still writing into it.
    fn drop(&mut self) {
        self.quit();
        if self.worker.is_none() {
            return;
        }
        let until = Instant::now() + STOP_WAIT;
        while let Some(left) = until.checked_duration_since(Instant::now()) {
            match self.messages.recv_timeout(left) {
                Ok(Message::Done(_)) | Err(_) => break,
                Ok(Message::Reached(_)) => {}
            }
        }
    }
}

/// `area` narrowed to at most `width` columns, in the middle.
fn centred(area: Rect, width: u16) -> Rect {
    let [_, middle, _] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Max(width),
        Constraint::Fill(1),
    ])
    .areas(area);
    middle
}

fn stage_name(stage: demo::Stage) -> Ui {
    match stage {
        demo::Stage::Staff => Ui::DemoStageStaff,
        demo::Stage::Registers => Ui::DemoStageRegisters,
        demo::Stage::Referrals => Ui::DemoStageReferrals,
        demo::Stage::Lobby => Ui::DemoStageLobby,
        demo::Stage::Complaints => Ui::DemoStageComplaints,
        demo::Stage::Morning => Ui::DemoStageMorning,
        demo::Stage::Deals => Ui::DemoStageDeals,
    }
}
