//! The whole-file evidence check (issue 16 §2), run after the first frame on a thread of its
//! own with its own connection ([`Bookkeeping`]), so the desk answers keys meanwhile; and the
//! alarm it raises, shown on every screen until a supervisor acknowledges it.

use std::sync::mpsc::{self, Receiver, TryRecvError};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::describe;
use super::said::Said;
use super::text::Ui;
use crate::i18n::{Lang, fill};
use crate::store::{Bookkeeping, ChainBreak, Store, StoreError, Walked};

/// What the check sends back when it is done: one message.
#[derive(Debug)]
pub enum Checked {
    Intact,
    /// Each broken chain's failures (at most one of each kind).
    Broken(Vec<ChainBreak>),
    /// The check could not run (the file could not be opened or read).
    CouldNotCheck(StoreError),
}

/// What the check's thread sends: how far it has come, now and then, and at last its result.
enum Message {
    Walked(Walked),
    Done(Checked),
}

/// Where the check stands on this desk.
#[derive(Default)]
pub struct Evidence {
    running: Option<Receiver<Message>>,
    /// How far the running check has come, as it last said.
    walked: Option<Walked>,
    /// The check ended and found nothing.
    intact: bool,
    /// Every failure the check found, acknowledged or not.
    found: Vec<ChainBreak>,
    /// The failures no supervisor has acknowledged yet: the banner.
    pub alarm: Vec<ChainBreak>,
}

impl Evidence {
    /// Starts the whole check of `store`'s file on a thread with its own connection; a store
    /// in memory (tests) is checked here, reading only.
    pub fn start(&mut self, store: &Store, now: DateTime<Utc>) {
        let (send, receive) = mpsc::channel();
        match store.path() {
            Some(path) => {
                let path = path.to_owned();
                let failed = send.clone();
                let spawned = std::thread::Builder::new()
                    .name("evidence-check".into())
                    .spawn(move || {
                        let mut walked = |w| {
                            let _ = send.send(Message::Walked(w));
                        };
                        let checked = Bookkeeping::open(&path)
                            .and_then(|b| b.check_everything_counting(now, &mut walked))
                            .map_or_else(Checked::CouldNotCheck, checked);
                        let _ = send.send(Message::Done(checked));
                    });
                if let Err(e) = spawned {
                    let _ = failed.send(Message::Done(Checked::CouldNotCheck(StoreError::Other(
                        e.to_string(),
                    ))));
                }
            }
            None => {
                let result = store
                    .evidence_breaks()
                    .map_or_else(Checked::CouldNotCheck, checked);
                let _ = send.send(Message::Done(result));
            }
        }
        self.running = Some(receive);
    }

    /// The check's result if it has come (waiting for it if `wait`), once; how far it has
    /// come meanwhile.
    pub fn take(&mut self, wait: bool) -> Option<Checked> {
        let receive = self.running.as_ref()?;
        let message = loop {
            let message = match wait {
                true => receive.recv().ok(),
                false => match receive.try_recv() {
                    Ok(message) => Some(message),
                    Err(TryRecvError::Empty) => return None,
                    Err(TryRecvError::Disconnected) => None,
                },
            };
            match message {
                Some(Message::Walked(walked)) => self.walked = Some(walked),
                Some(Message::Done(checked)) => break Some(checked),
                None => break None,
            }
        };
        self.running = None;
        self.walked = None;
        // A thread that ended without a word (it panicked) is said, never taken as intact.
        Some(message.unwrap_or_else(|| {
            Checked::CouldNotCheck(StoreError::Other("the evidence check stopped".into()))
        }))
    }

    pub fn set_found(&mut self, found: Vec<ChainBreak>) {
        self.intact = found.is_empty();
        self.found = found;
    }

    /// The alarm again, less what supervisors have acknowledged by now (at any desk).
    pub fn refilter(&mut self, store: &Store) -> Result<(), StoreError> {
        self.alarm = store.unacknowledged(&self.found)?;
        Ok(())
    }

    pub fn has_found(&self) -> bool {
        !self.found.is_empty()
    }

    /// The header's word on the check: running (and how far, once it has said), or done
    /// and intact.
    pub fn tag(&self, lang: Lang) -> Option<String> {
        match (&self.running, self.intact, self.walked) {
            (Some(_), _, Some(Walked { links, of })) if of > 0 => Some(fill(
                Ui::EvidenceCheckingPercent.text(lang),
                // Whole percent, in integers; never 100 before the result is in.
                &[("percent", &(links.min(of) * 100 / of).min(99))],
            )),
            (Some(_), _, _) => Some(Ui::EvidenceChecking.text(lang).to_owned()),
            (None, true, _) => Some(Ui::EvidenceIntact.text(lang).to_owned()),
            (None, false, _) => None,
        }
    }

    /// The red banner: the first failure whole, how many more, and how it goes away.
    pub fn banner(&self, tz: Tz) -> Option<Said> {
        let first = self.alarm.first()?.clone();
        let more = self.alarm.len() - 1;
        Some(Said::new(move |lang: Lang| {
            let detail = describe::chain_break(&first, tz, lang);
            let more = match more {
                0 => String::new(),
                n => fill(Ui::ChainBannerMore.text(lang), &[("count", &n)]),
            };
            fill(
                Ui::ChainBanner.text(lang),
                &[("detail", &detail), ("more", &more)],
            )
        }))
    }
}

fn checked(breaks: Vec<ChainBreak>) -> Checked {
    match breaks.is_empty() {
        true => Checked::Intact,
        false => Checked::Broken(breaks),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_says_how_far_the_running_check_has_come_in_whole_percent() {
        let (send, receive) = mpsc::channel();
        let mut evidence = Evidence {
            running: Some(receive),
            ..Evidence::default()
        };
        assert_eq!(
            evidence.tag(Lang::En).as_deref(),
            Some("checking evidence…")
        );
        send.send(Message::Walked(Walked {
            links: 250_001,
            of: 1_000_000,
        }))
        .unwrap();
        assert!(evidence.take(false).is_none(), "still running");
        assert_eq!(
            evidence.tag(Lang::En).as_deref(),
            Some("checking evidence 25%…")
        );
        assert_eq!(evidence.tag(Lang::Zh).as_deref(), Some("证据核对 25%…"));
        // Every link walked is not yet a result: never 100% until it is in.
        send.send(Message::Walked(Walked {
            links: 1_000_000,
            of: 1_000_000,
        }))
        .unwrap();
        assert!(evidence.take(false).is_none());
        assert_eq!(
            evidence.tag(Lang::En).as_deref(),
            Some("checking evidence 99%…")
        );
        send.send(Message::Done(Checked::Intact)).unwrap();
        assert!(matches!(evidence.take(false), Some(Checked::Intact)));
        evidence.set_found(Vec::new());
        assert_eq!(evidence.tag(Lang::En).as_deref(), Some("evidence ✓"));
    }
}
