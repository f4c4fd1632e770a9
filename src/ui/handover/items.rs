//! The handover's open items, computed off the thread that answers keys (issue 18): on a
//! file, a worker thread with its own [`Store`] on it computes them while the pane keeps
//! showing what it had and says it is still working; a store in memory (tests) answers at
//! once. The pane reaches them only through [`ItemSource`], so a test can hold the answer
//! back and press keys meanwhile.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};

use chrono::{DateTime, Utc};

use crate::domain::handover::HandoverItem;
use crate::store::{self, Store, StoreError};

/// The open items at the moment asked for, or why they could not be read.
pub type Answer = store::Result<Vec<HandoverItem>>;

/// Where the pane's open items come from. Neither call may wait for the items.
pub trait ItemSource {
    /// Starts computing the items at `now` from `store`'s file.
    fn ask(&mut self, store: &Store, now: DateTime<Utc>);
    /// The answer to the last ask, once, when it has come; `None` meanwhile.
    fn take(&mut self) -> Option<Answer>;
}

/// The store's own items: on a thread with its own connection for a file, inline for a
/// store in memory (nothing else can open it).
#[derive(Default)]
pub struct Worker {
    thread: Option<(Sender<DateTime<Utc>>, Receiver<Answer>)>,
    inline: Option<Answer>,
}

impl Worker {
    /// The worker thread for `path`, started at the first ask; it opens its own store and
    /// ends when the pane (its sender) is dropped.
    fn spawn(path: PathBuf) -> std::io::Result<(Sender<DateTime<Utc>>, Receiver<Answer>)> {
        let (ask, asked) = mpsc::channel::<DateTime<Utc>>();
        let (answer, answers) = mpsc::channel();
        std::thread::Builder::new()
            .name("handover-items".into())
            .spawn(move || {
                let store = Store::open(&path);
                for now in asked {
                    let items = match &store {
                        Ok(store) => store.handover_items(now),
                        Err(e) => Err(StoreError::Other(e.to_string())),
                    };
                    if answer.send(items).is_err() {
                        break;
                    }
                }
            })?;
        Ok((ask, answers))
    }
}

impl ItemSource for Worker {
    fn ask(&mut self, store: &Store, now: DateTime<Utc>) {
        let Some(path) = store.path() else {
            self.inline = Some(store.handover_items(now));
            return;
        };
        if self.thread.is_none() {
            match Worker::spawn(path.to_owned()) {
                Ok(thread) => self.thread = Some(thread),
                Err(e) => {
                    self.inline = Some(Err(StoreError::Other(e.to_string())));
                    return;
                }
            }
        }
        if let Some((ask, _)) = &self.thread
            && ask.send(now).is_err()
        {
            // The thread ended (it panicked): said, and started again at the next ask.
            self.thread = None;
            self.inline = Some(Err(StoreError::Other(STOPPED.into())));
        }
    }

    fn take(&mut self) -> Option<Answer> {
        if let Some(answer) = self.inline.take() {
            return Some(answer);
        }
        let (_, answers) = self.thread.as_ref()?;
        match answers.try_recv() {
            Ok(answer) => Some(answer),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                self.thread = None;
                Some(Err(StoreError::Other(STOPPED.into())))
            }
        }
    }
}

const STOPPED: &str = "the handover's open items stopped being computed";

/// The pane's items as they are being computed: one ask at a time, and one more after it
/// when something changed meanwhile (another desk wrote, the minute passed).
pub struct Items {
    source: Box<dyn ItemSource>,
    /// Asked, not yet answered.
    working: bool,
    /// Asked again while working: the moment to ask for once the answer comes.
    again: Option<DateTime<Utc>>,
}

impl Default for Items {
    fn default() -> Items {
        Items::from_source(Box::new(Worker::default()))
    }
}

impl Items {
    pub fn from_source(source: Box<dyn ItemSource>) -> Items {
        Items {
            source,
            working: false,
            again: None,
        }
    }

    /// Asks for the items at `now`, or, while an ask is out, once it is answered.
    pub fn ask(&mut self, store: &Store, now: DateTime<Utc>) {
        if self.working {
            self.again = Some(now);
            return;
        }
        self.working = true;
        self.source.ask(store, now);
    }

    /// The answer, once it has come; then the ask held back, if any, goes out.
    pub fn take(&mut self, store: &Store) -> Option<Answer> {
        let answer = self.source.take()?;
        self.working = false;
        if let Some(now) = self.again.take() {
            self.ask(store, now);
        }
        Some(answer)
    }

    /// Whether the items shown may be older than asked for: the pane says it is working.
    pub fn working(&self) -> bool {
        self.working
    }
}
