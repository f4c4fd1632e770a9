//! `frontdesk board` (issue 20 §5): a read-only, full-screen view of today's rotation for a
//! screen in the sales hall — who is up, who follows, make-ups owed, who is receiving and for
//! how long, who is away — with no sign-in and no customer data. It opens the file read-only,
//! follows the desks' writes as a desk does (`PRAGMA data_version` on every tick), and
//! draws in the config's language.

mod draw;
mod run;
mod sight;
mod text;

use chrono::{DateTime, Utc};
use ratatui::Frame;

pub use self::run::{BoardArgs, command};
pub use self::sight::Sight;
use self::text::Bd;
use crate::domain::clock::business_day;
use crate::domain::rotation::RotationDay;
use crate::i18n::{Lang, fill};
use crate::store::{Store, StoreError};
use crate::ui::shared::Shared;

/// What the board holds: the office, its staff's names and today's replayed rotation, read
/// again only when another desk wrote or the business day turned.
#[derive(Debug)]
pub struct Board {
    lang: Lang,
    shared: Shared,
    day: RotationDay,
    bad_row: bool,
    /// The file's `data_version` when the board last read it; `None` before the first read.
    version: Option<i64>,
    /// Why the last read failed: said at the foot of the board and tried again each tick,
    /// with the last good view kept above it.
    trouble: Option<String>,
}

impl Board {
    pub fn new(lang: Lang) -> Board {
        Board {
            lang,
            shared: Shared::default(),
            day: RotationDay::default(),
            bad_row: false,
            version: None,
            trouble: None,
        }
    }

    /// Reads the day again when another desk has written, the business day has turned or
    /// the last read failed; otherwise costs one pragma.
    pub fn refresh(&mut self, store: &Store, now: DateTime<Utc>) {
        let version = match store.data_version() {
            Ok(v) => v,
            Err(e) => return self.failed(&e),
        };
        let same_day = business_day(now, self.shared.settings.timezone()) == self.shared.day;
        if self.version == Some(version) && same_day && self.trouble.is_none() {
            return;
        }
        let read = store.read(|store| {
            let shared = Shared::load(store, now)?;
            let read = store.rotation_day(shared.day)?;
            Ok((shared, read))
        });
        match read {
            Ok((shared, read)) => {
                self.shared = shared;
                self.day = read.day;
                self.bad_row = read.bad_row.is_some();
                self.version = Some(version);
                self.trouble = None;
            }
            Err(e) => self.failed(&e),
        }
    }

    fn failed(&mut self, e: &StoreError) {
        let detail = crate::words::describe::startup_error(e, self.lang);
        self.trouble = Some(fill(Bd::CannotRead.text(self.lang), &[("detail", &detail)]));
    }

    /// What the board would show at `now`.
    pub fn sight(&self, now: DateTime<Utc>) -> Sight {
        Sight::of(&self.day, &self.shared, now, self.lang)
    }

    pub fn render(&self, frame: &mut Frame, now: DateTime<Utc>) {
        let sight = self.sight(now);
        let shown = draw::Shown {
            office: &self.shared.office,
            clock: crate::ui::describe::local_time(now, self.shared.settings.timezone()),
            lang: self.lang,
            sight: &sight,
            bad_row: self.bad_row,
            trouble: self.trouble.as_deref(),
        };
        draw::draw(frame, frame.area(), &shown);
    }
}

#[cfg(test)]
mod tests;
