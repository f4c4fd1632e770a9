//! The figures pane (统计, REG-10): the office's 来人来电统计 as a dashboard a sales manager
//! opens in the morning — walk-ins by hour today, the month's visits by source, each
//! salesperson's visits, deals and conversion, and visits and calls per day of the month.
//! `[` and `]` step through the months, `t` comes back to this one.
//!
//! It holds the month it shows. `refresh` (on entering the tab, and when another desk wrote)
//! only marks it out of date; `answer`, which the shell calls after every key and tick of
//! the shown pane, reads it again then — so a hidden tab costs nothing at start-up, and
//! drawing never touches the store.

mod draw;
#[cfg(test)]
mod tests;
mod text;

use chrono::{Months, NaiveDate};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;

use self::text::FigText;
use super::context::Context;
use super::form::{Form, Refusal};
use super::keys::{Binding, Hint, hints, lookup};
use super::pane::{Action, Done, Pane, View};
use super::said::Said;
use super::shared::Shared;
use crate::domain::figures::{Figures, month_end, month_of};
use crate::i18n::Msg;
use crate::store::{self, Store};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Previous,
    Next,
    ThisMonth,
}

const KEYS: &[Binding<Key>] = &[
    Binding::new(KeyCode::Char('['), FigText::KeyMonth.msg(), Key::Previous),
    Binding::new(KeyCode::Char(']'), FigText::KeyMonth.msg(), Key::Next),
    Binding::new(KeyCode::Left, FigText::KeyMonth.msg(), Key::Previous).help_only(),
    Binding::new(KeyCode::Right, FigText::KeyMonth.msg(), Key::Next).help_only(),
    Binding::new(
        KeyCode::Char('t'),
        FigText::KeyThisMonth.msg(),
        Key::ThisMonth,
    ),
];

/// What the pane shows, read together.
#[derive(Debug, Clone)]
struct Loaded {
    /// The office day it was read on (today's hours belong to it).
    day: NaiveDate,
    /// The first day of the month shown.
    month: NaiveDate,
    figures: Figures,
    today_by_hour: [u32; 24],
}

#[derive(Debug, Default)]
pub struct FiguresPane {
    /// The first day of the month asked for; none: the month of today.
    month: Option<NaiveDate>,
    /// Another desk wrote, or the tab was entered: read again on the next answer.
    stale: bool,
    loaded: Option<Loaded>,
}

impl FiguresPane {
    /// The first day of the month to show on office day `today`.
    fn month(&self, today: NaiveDate) -> NaiveDate {
        self.month.unwrap_or_else(|| month_of(today))
    }

    fn load(&mut self, store: &Store, view: &View) -> store::Result<()> {
        let today = view.shared.day;
        let tz = view.shared.settings.timezone();
        let month = self.month(today);
        self.loaded = Some(Loaded {
            day: today,
            month,
            figures: store.figures(month, month_end(month), tz)?,
            today_by_hour: store.walk_ins_by_hour(today, tz)?,
        });
        self.stale = false;
        Ok(())
    }
}

impl Pane for FiguresPane {
    fn title(&self) -> Msg {
        FigText::TabFigures.msg()
    }

    fn hints(&self) -> Vec<Hint> {
        hints(KEYS)
    }

    fn handle_key(&mut self, key: &KeyEvent, view: &View) -> Option<Action> {
        let this_month = month_of(view.shared.day);
        let shown = self.month(view.shared.day);
        Some(match lookup(KEYS, key)? {
            Key::Previous => {
                self.month = shown.checked_sub_months(Months::new(1)).or(Some(shown));
                Action::Handled
            }
            Key::Next if shown >= this_month => Action::Error(Said::msg(FigText::LatestMonth)),
            Key::Next => {
                self.month = shown.checked_add_months(Months::new(1));
                Action::Handled
            }
            Key::ThisMonth => {
                self.month = None;
                Action::Handled
            }
        })
    }

    fn refresh(&mut self, _: &Store, _: &Shared) -> store::Result<Option<Said>> {
        self.stale = true;
        Ok(None)
    }

    fn answer(&mut self, store: &Store, view: &View, _: Option<&mut Form>) -> store::Result<()> {
        let today = view.shared.day;
        let month = self.month(today);
        let current = self
            .loaded
            .as_ref()
            .is_some_and(|l| l.day == today && l.month == month);
        if self.stale || !current {
            self.load(store, view)?;
        }
        Ok(())
    }

    fn submit(&mut self, _: &Form, _: &mut Context) -> Result<Done, Refusal> {
        Ok(Done::default())
    }

    fn render(&self, frame: &mut Frame, area: Rect, view: &View) {
        draw::render(self.loaded.as_ref(), frame, area, view);
    }
}

/// The pane's key tables, for the vocabulary test (`pane_keys`).
#[cfg(test)]
pub(crate) fn key_tables() -> Vec<(&'static str, Vec<crate::ui::keys::Entry>)> {
    vec![("figures", crate::ui::keys::entries(KEYS))]
}
