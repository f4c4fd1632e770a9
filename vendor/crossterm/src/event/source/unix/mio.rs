use std::{
    collections::VecDeque,
    io,
    time::{Duration, Instant},
};

use mio::{unix::SourceFd, Events, Interest, Poll, Token};
use signal_hook_mio::v1_0::Signals;

#[cfg(feature = "event-stream")]
use crate::event::sys::Waker;
use crate::event::{
    source::EventSource,
    sys::unix::parse::{cuts_sequence_short, is_control_string, parse_event, restarts_at_escape},
    timeout::PollTimeout,
    Event, InternalEvent, KeyCode,
};
use crate::terminal::sys::file_descriptor::{tty_fd, FileDesc};

// Tokens to identify file descriptor
const TTY_TOKEN: Token = Token(0);
const SIGNAL_TOKEN: Token = Token(1);
#[cfg(feature = "event-stream")]
const WAKE_TOKEN: Token = Token(2);

// I (@zrzka) wasn't able to read more than 1_022 bytes when testing
// reading on macOS/Linux -> we don't need bigger buffer and 1k of bytes
// is enough.
const TTY_BUFFER_SIZE: usize = 1_024;

pub(crate) struct UnixInternalEventSource {
    poll: Poll,
    events: Events,
    parser: Parser,
    tty_buffer: [u8; TTY_BUFFER_SIZE],
    tty_fd: FileDesc<'static>,
    signals: Signals,
    #[cfg(feature = "event-stream")]
    waker: Waker,
}

impl UnixInternalEventSource {
    pub fn new() -> io::Result<Self> {
        UnixInternalEventSource::from_file_descriptor(tty_fd()?)
    }

    pub(crate) fn from_file_descriptor(input_fd: FileDesc<'static>) -> io::Result<Self> {
        let poll = Poll::new()?;
        let registry = poll.registry();

        let tty_raw_fd = input_fd.raw_fd();
        let mut tty_ev = SourceFd(&tty_raw_fd);
        registry.register(&mut tty_ev, TTY_TOKEN, Interest::READABLE)?;

        let mut signals = Signals::new([signal_hook::consts::SIGWINCH])?;
        registry.register(&mut signals, SIGNAL_TOKEN, Interest::READABLE)?;

        #[cfg(feature = "event-stream")]
        let waker = Waker::new(registry, WAKE_TOKEN)?;

        Ok(UnixInternalEventSource {
            poll,
            events: Events::with_capacity(3),
            parser: Parser::default(),
            tty_buffer: [0u8; TTY_BUFFER_SIZE],
            tty_fd: input_fd,
            signals,
            #[cfg(feature = "event-stream")]
            waker,
        })
    }
}

impl EventSource for UnixInternalEventSource {
    fn try_read(&mut self, timeout: Option<Duration>) -> io::Result<Option<InternalEvent>> {
        if let Some(event) = self.parser.next() {
            return Ok(Some(event));
        }

        let timeout = PollTimeout::new(timeout);

        loop {
            if let Err(e) = self.poll.poll(&mut self.events, timeout.leftover()) {
                // Mio will throw an interrupted error in case of cursor position retrieval. We need to retry until it succeeds.
                // Previous versions of Mio (< 0.7) would automatically retry the poll call if it was interrupted (if EINTR was returned).
                // https://docs.rs/mio/0.7.0/mio/struct.Poll.html#notes
                if e.kind() == io::ErrorKind::Interrupted {
                    continue;
                } else {
                    return Err(e);
                }
            };

            if self.events.is_empty() {
                // No readiness events = timeout
                // PATCH(frontdesk): a terminal writes each sequence it sends in one go, so
                // one still unfinished after a quiet spell was never going to be finished
                // (a stray `ESC [ 200 ~` waits for the end of a paste that never comes).
                if let Some(event) = self.parser.give_up_if_stale() {
                    return Ok(Some(event));
                }
                return Ok(None);
            }

            for token in self.events.iter().map(|x| x.token()) {
                match token {
                    TTY_TOKEN => {
                        loop {
                            match self.tty_fd.read(&mut self.tty_buffer) {
                                // PATCH(frontdesk): end of input means the terminal is gone
                                // (its window was closed). Every further read returns 0 at
                                // once, so looping here spun forever without returning.
                                Ok(0) => {
                                    return Err(io::Error::new(
                                        io::ErrorKind::UnexpectedEof,
                                        "the terminal closed",
                                    ))
                                }
                                Ok(read_count) => {
                                    self.parser.advance(
                                        &self.tty_buffer[..read_count],
                                        read_count == TTY_BUFFER_SIZE,
                                    );
                                    if let Some(event) = self.parser.next() {
                                        return Ok(Some(event));
                                    }
                                    // PATCH(frontdesk): the descriptor is the terminal's
                                    // stdin in blocking mode, so the `WouldBlock` below never
                                    // comes: when the bytes read made no event (a sequence
                                    // that is no key, or half of one) the next read blocked
                                    // until the next key, and the caller could neither draw
                                    // nor tick. A read that did not fill the buffer took all
                                    // there was; a full one reads on only if more is waiting.
                                    if read_count < TTY_BUFFER_SIZE || !readable_now(&self.tty_fd)
                                    {
                                        break;
                                    }
                                }
                                Err(e) => {
                                    // No more data to read at the moment. We will receive another event
                                    if e.kind() == io::ErrorKind::WouldBlock {
                                        break;
                                    }
                                    // once more data is available to read.
                                    else if e.kind() == io::ErrorKind::Interrupted {
                                        continue;
                                    }
                                    // PATCH(frontdesk): any other error (EIO once the
                                    // terminal hangs up) repeats on every read: report it
                                    // instead of spinning.
                                    return Err(e);
                                }
                            };
                        }
                    }
                    SIGNAL_TOKEN => {
                        if self.signals.pending().next() == Some(signal_hook::consts::SIGWINCH) {
                            // TODO Should we remove tput?
                            //
                            // This can take a really long time, because terminal::size can
                            // launch new process (tput) and then it parses its output. It's
                            // not a really long time from the absolute time point of view, but
                            // it's a really long time from the mio, async-std/tokio executor, ...
                            // point of view.
                            let new_size = crate::terminal::size()?;
                            return Ok(Some(InternalEvent::Event(Event::Resize(
                                new_size.0, new_size.1,
                            ))));
                        }
                    }
                    #[cfg(feature = "event-stream")]
                    WAKE_TOKEN => {
                        return Err(std::io::Error::new(
                            std::io::ErrorKind::Interrupted,
                            "Poll operation was woken up by `Waker::wake`",
                        ));
                    }
                    _ => unreachable!("Synchronize Evented handle registration & token handling"),
                }
            }

            // Processing above can take some time, check if timeout expired
            if timeout.elapsed() {
                return Ok(None);
            }
        }
    }

    #[cfg(feature = "event-stream")]
    fn waker(&self) -> Waker {
        self.waker.clone()
    }
}

//
// Following `Parser` structure exists for two reasons:
//
//  * mimic anes Parser interface
//  * move the advancing, parsing, ... stuff out of the `try_read` method
//
/// PATCH(frontdesk): whether the descriptor has bytes to read right now, without waiting.
fn readable_now(fd: &FileDesc<'_>) -> bool {
    use std::os::fd::BorrowedFd;
    // SAFETY: the descriptor stays open for as long as `fd` lives, which outlasts this call.
    let borrowed = unsafe { BorrowedFd::borrow_raw(fd.raw_fd()) };
    let mut fds = [rustix::event::PollFd::new(&borrowed, rustix::event::PollFlags::IN)];
    let zero = rustix::event::Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    rustix::event::poll(&mut fds, Some(&zero)).is_ok_and(|ready| ready > 0)
}

/// PATCH(frontdesk): how long a half-read escape sequence may wait for the rest of it.
/// Terminals send a sequence in one write; a slow link may split it, but not for this long.
const STALE_SEQUENCE: Duration = Duration::from_millis(500);

#[derive(Debug)]
struct Parser {
    buffer: Vec<u8>,
    internal_events: VecDeque<InternalEvent>,
    // PATCH(frontdesk): when the last byte came, to give up on a sequence left half-read.
    last_byte_at: Option<Instant>,
}

impl Default for Parser {
    fn default() -> Self {
        Parser {
            // This buffer is used for -> 1 <- ANSI escape sequence. Are we
            // aware of any ANSI escape sequence that is bigger? Can we make
            // it smaller?
            //
            // Probably not worth spending more time on this as "there's a plan"
            // to use the anes crate parser.
            buffer: Vec::with_capacity(256),
            // TTY_BUFFER_SIZE is 1_024 bytes. How many ANSI escape sequences can
            // fit? What is an average sequence length? Let's guess here
            // and say that the average ANSI escape sequence length is 8 bytes. Thus
            // the buffer size should be 1024/8=128 to avoid additional allocations
            // when processing large amounts of data.
            //
            // There's no need to make it bigger, because when you look at the `try_read`
            // method implementation, all events are consumed before the next TTY_BUFFER
            // is processed -> events pushed.
            internal_events: VecDeque::with_capacity(128),
            last_byte_at: None,
        }
    }
}

impl Parser {
    fn advance(&mut self, buffer: &[u8], more: bool) {
        self.last_byte_at = Some(Instant::now());
        for (idx, byte) in buffer.iter().enumerate() {
            let more = idx + 1 < buffer.len() || more;

            // PATCH(frontdesk): a byte that cannot be part of the half-read sequence ends
            // it, and is then read as itself (see `cuts_sequence_short`); an ESC that turns
            // out not to end a control string starts the next sequence instead.
            if restarts_at_escape(&self.buffer, *byte) {
                self.buffer.clear();
                self.buffer.push(b'\x1B');
            } else if cuts_sequence_short(&self.buffer, *byte) {
                self.buffer.clear();
            }
            self.buffer.push(*byte);

            match parse_event(&self.buffer, more) {
                Ok(Some(ie)) => {
                    self.internal_events.push_back(ie);
                    self.buffer.clear();
                }
                Ok(None) => {
                    // Event can't be parsed, because we don't have enough bytes for
                    // the current sequence. Keep the buffer and process next bytes.
                }
                Err(_) => {
                    // Event can't be parsed (not enough parameters, parameter is not a number, ...).
                    // Clear the buffer and continue with another sequence.
                    self.buffer.clear();
                }
            }
        }
    }
}

impl Parser {
    /// PATCH(frontdesk): drops a sequence that has waited `STALE_SEQUENCE` for its end. A
    /// paste that never ended is handed over as the paste it was, so what was typed into it
    /// is not lost, and a control string cut off by ESC alone gives the Esc key it was;
    /// anything else never was a key.
    fn give_up_if_stale(&mut self) -> Option<InternalEvent> {
        let stale = self
            .last_byte_at
            .is_some_and(|at| at.elapsed() >= STALE_SEQUENCE);
        if self.buffer.is_empty() || !stale {
            return None;
        }
        let held = std::mem::take(&mut self.buffer);
        // A control string that never ended, and then ESC alone: the ESC was not the start
        // of its terminator but the Esc key, pressed after it.
        if held.len() > 2 && is_control_string(&held) && held.ends_with(b"\x1B") {
            return Some(InternalEvent::Event(Event::Key(KeyCode::Esc.into())));
        }
        #[cfg(feature = "bracketed-paste")]
        if let Some(text) = held.strip_prefix(b"\x1B[200~") {
            return Some(InternalEvent::Event(Event::Paste(
                String::from_utf8_lossy(text).into_owned(),
            )));
        }
        let _ = held;
        None
    }
}

impl Iterator for Parser {
    type Item = InternalEvent;

    fn next(&mut self) -> Option<Self::Item> {
        self.internal_events.pop_front()
    }
}
