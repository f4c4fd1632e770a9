//! What stands between the console and the terminal: the signals that end it (SIGTERM,
//! SIGHUP, SIGINT) and the keyboard, read on a thread of its own so that drawing and the
//! tick never wait on input.

use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, TryRecvError};
use std::sync::{Arc, OnceLock};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self, Event};

/// The signals that ask the console to end: `kill` (TERM), the terminal window closing
/// (HUP) and an interrupt sent from outside (INT; Ctrl-C at the desk is a key in raw mode).
const STOP_SIGNALS: [i32; 3] = [
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGHUP,
    signal_hook::consts::SIGINT,
];

static STOP: OnceLock<Arc<AtomicBool>> = OnceLock::new();

/// From now on, a stop signal ends the console the way `q` does: the loop notices and
/// returns, so the terminal is restored and the demo database removed. Until then the
/// default action would kill the process and skip both. A second SIGTERM or SIGINT while
/// the first is being handled ends the process at once, in case anything ever kept the loop
/// from noticing — but not a second SIGHUP: a closing window sends several (the kernel to
/// the foreground group, the terminal or shell to its children), and the first must be let
/// finish. Calling it again does nothing.
pub fn catch_stop_signals() -> io::Result<()> {
    if STOP.get().is_some() {
        return Ok(());
    }
    let flag = Arc::new(AtomicBool::new(false));
    for signal in STOP_SIGNALS {
        if signal != signal_hook::consts::SIGHUP {
            // Registered first, so it sees the flag as it was before this signal.
            signal_hook::flag::register_conditional_shutdown(signal, 1, Arc::clone(&flag))?;
        }
        signal_hook::flag::register(signal, Arc::clone(&flag))?;
    }
    let _ = STOP.set(flag);
    Ok(())
}

/// Whether a stop signal has arrived.
pub fn stop_requested() -> bool {
    STOP.get().is_some_and(|flag| flag.load(Ordering::Relaxed))
}

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
