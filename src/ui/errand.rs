//! One piece of work on a thread of its own (a backup, a push to the head office) whose one
//! result the key thread picks up on a later tick, so a desk never waits for it.

use std::sync::mpsc::{self, Receiver, TryRecvError};

pub struct Errand<T> {
    receive: Receiver<T>,
}

impl<T: Send + 'static> Errand<T> {
    /// Starts `work` on a thread named `name`; `None` when no thread could be started.
    pub fn start(name: &str, work: impl FnOnce() -> T + Send + 'static) -> Option<Errand<T>> {
        let (send, receive) = mpsc::channel();
        std::thread::Builder::new()
            .name(name.into())
            .spawn(move || {
                let _ = send.send(work());
            })
            .ok()?;
        Some(Errand { receive })
    }

    /// `None` while the work runs (unless `wait`, which waits for it); then its result, or
    /// `Some(None)` when the thread ended without one (it panicked).
    pub fn result(&self, wait: bool) -> Option<Option<T>> {
        match wait {
            true => Some(self.receive.recv().ok()),
            false => match self.receive.try_recv() {
                Ok(result) => Some(Some(result)),
                Err(TryRecvError::Empty) => None,
                Err(TryRecvError::Disconnected) => Some(None),
            },
        }
    }
}
