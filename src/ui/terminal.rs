//! What stands between the console and the terminal: the keyboard, read on a thread of its
//! own so that drawing and the tick never wait on input (the signals that end the console
//! are `crate::stop`'s, shared with the command line).

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, TryRecvError};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self, Event};

pub use crate::stop::{catch_stop_signals, stop_requested};

/// How long the input thread waits for a key before it looks whether it should end.
const INPUT_POLL: Duration = Duration::from_millis(100);

/// How many waiting events are taken before the screen is drawn again: enough for a fast
/// typist or a pasted burst to cost one redraw, not so many that a flood starves the tick.
const BATCH: usize = 64;

/// What the keyboard said.
pub enum Input {
    Event(Event),
    /// The terminal is gone (its window closed): nothing more will come and nobody sees.
    Gone,
    Failed(io::Error),
}

/// The terminal's events, read on a thread of their own. The loop waits on a channel with
/// a timeout, so however the reading goes (a half-read sequence, a stuck read) the clock and
/// other desks' changes are still drawn and stop signals still noticed.
pub struct Keyboard {
    events: Receiver<Input>,
    stop: Arc<AtomicBool>,
    reader: Option<JoinHandle<()>>,
}

impl Keyboard {
    pub fn start() -> Keyboard {
        let (send, events) = mpsc::channel();
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = Arc::clone(&stop);
        let reader = thread::spawn(move || {
            while !stopping.load(Ordering::Relaxed) {
                // `poll` first, with a timeout, so the thread looks at `stopping` now and
                // then instead of sitting in a read after the console has ended.
                let input = match event::poll(INPUT_POLL) {
                    Ok(false) => continue,
                    Ok(true) => match event::read() {
                        Ok(event) => Input::Event(event),
                        Err(e) => failed(e),
                    },
                    Err(e) => failed(e),
                };
                let last = !matches!(input, Input::Event(_));
                if send.send(input).is_err() || last {
                    break;
                }
            }
        });
        Keyboard {
            events,
            stop,
            reader: Some(reader),
        }
    }

    /// The next event, waiting at most `timeout`; `None` if nothing came.
    pub fn next(&self, timeout: Duration) -> Option<Input> {
        match self.events.recv_timeout(timeout) {
            Ok(input) => Some(input),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => Some(Input::Gone),
        }
    }

    /// Events already waiting, up to a batch, without waiting for more.
    pub fn waiting(&self) -> impl Iterator<Item = Input> + '_ {
        std::iter::from_fn(|| match self.events.try_recv() {
            Ok(input) => Some(input),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Input::Gone),
        })
        .take(BATCH)
    }
}

impl Drop for Keyboard {
    /// Stops the reader before the terminal is restored, so no thread of this process reads
    /// what is typed into the shell afterwards. If it does not stop in a second (it never
    /// should), it is left behind rather than holding up the exit.
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        let Some(reader) = self.reader.take() else {
            return;
        };
        let deadline = Instant::now() + Duration::from_secs(1);
        while !reader.is_finished() && Instant::now() < deadline {
            thread::sleep(Duration::from_millis(10));
        }
        if reader.is_finished() {
            let _ = reader.join();
        }
    }
}

/// End of input, or EIO from a terminal that hung up, means the window is gone.
fn failed(e: io::Error) -> Input {
    const EIO: i32 = 5;
    if e.kind() == io::ErrorKind::UnexpectedEof || e.raw_os_error() == Some(EIO) {
        Input::Gone
    } else {
        Input::Failed(e)
    }
}
