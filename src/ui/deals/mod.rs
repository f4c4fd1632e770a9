//! The deals pane (成交, issue 17): a page of deals searched by buyer, unit or phone, a deal's
//! record with every event, the deal form with whose deal it is and how it splits proposed
//! beside it as the clerk types (citing the rule), the questions the proposal turns on, and
//! the supervisor's confirmation, change, written ruling and cancellation (REG-7, REG-8,
//! REG-10, ATT, ROT-14).
//!
//! The pane holds one page of deals and at most one deal's record, never the table: a query
//! runs on the key that changed the box (`Pane::answer`), never while drawing.

mod draw;
pub mod forms;
mod reasons;
mod record;
#[cfg(test)]
mod tests;
pub mod text;
mod words;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

use self::forms::Purpose;
use self::record::RecordView;
use self::text::Dl;
use super::context::Context;
use super::form::{Form, Refusal};
use super::keys::{Binding, Hint, Meaning, hints, lookup};
use super::pane::{Action, Done, Pane, View};
use super::said::Said;
use super::shared::Shared;
use super::text::Ui;
use crate::domain::deal::DealId;
use crate::domain::staff::Role;
use crate::domain::text::sanitize;
use crate::i18n::Msg;
use crate::store::deals::DealView;
use crate::store::{self, Store};

/// How much the search box holds: more than any name, unit or phone.
const QUERY_MAX_CHARS: usize = 40;

/// Deals the pane asks for at a time.
pub const PAGE: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Search,
    New,
    Open,
    Up,
    Down,
    PageDown,
    PageUp,
}

const KEYS: &[Binding<Key>] = &[
    Binding::meaning(Meaning::Filter, Dl::KeySearch.msg(), Key::Search),
    Binding::meaning(Meaning::New, Dl::KeyNew.msg(), Key::New),
    Binding::meaning(Meaning::Open, Dl::KeyOpen.msg(), Key::Open),
    Binding::new(KeyCode::Up, Ui::KeySelect.msg(), Key::Up).help_only(),
    Binding::new(KeyCode::Down, Ui::KeySelect.msg(), Key::Down).help_only(),
    Binding::new(KeyCode::PageDown, Dl::KeyMore.msg(), Key::PageDown).help_only(),
    Binding::new(KeyCode::PageUp, Dl::KeyMore.msg(), Key::PageUp).help_only(),
];

/// While the search box has the keys, only these are commands; everything else is typed.
const TYPING_KEYS: &[Binding<Key>] = &[
    Binding::meaning(Meaning::Open, Dl::KeyOpen.msg(), Key::Open),
    Binding::new(KeyCode::Up, Ui::KeySelect.msg(), Key::Up),
    Binding::new(KeyCode::Down, Ui::KeySelect.msg(), Key::Down),
    Binding::new(KeyCode::PageDown, Dl::KeyMore.msg(), Key::PageDown).help_only(),
    Binding::new(KeyCode::PageUp, Dl::KeyMore.msg(), Key::PageUp).help_only(),
];

/// What a page of deals answers: the query and the page.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Asked {
    query: String,
    offset: usize,
}

#[derive(Default)]
pub struct DealsPane {
    /// Where the list was drawn, for a click.
    rows: crate::ui::rows::DrawnRows,
    query: String,
    /// The search box has the keys (after `/`, until Esc).
    typing: bool,
    offset: usize,
    deals: Vec<DealView>,
    /// What `deals` answer; `None` until the first query, or after a write.
    answered: Option<Asked>,
    selected: usize,
    /// The deal opened with Enter, loaded on the next answer.
    opening: Option<DealId>,
    record: Option<RecordView>,
}

impl DealsPane {
    fn asked(&self) -> Asked {
        Asked {
            query: self.query.trim().to_owned(),
            offset: self.offset,
        }
    }

    fn move_selection(&mut self, key: Key) {
        match key {
            Key::Up if self.selected == 0 && self.offset > 0 => {
                self.offset = self.offset.saturating_sub(PAGE);
                self.selected = PAGE - 1;
            }
            Key::Up => self.selected = self.selected.saturating_sub(1),
            Key::Down if self.selected + 1 >= self.deals.len() && self.deals.len() == PAGE => {
                self.offset += PAGE;
                self.selected = 0;
            }
            Key::Down if self.selected + 1 >= self.deals.len() => {}
            Key::Down => self.selected += 1,
            Key::PageDown if self.deals.len() == PAGE => {
                self.offset += PAGE;
                self.selected = 0;
            }
            Key::PageUp => {
                self.offset = self.offset.saturating_sub(PAGE);
                self.selected = 0;
            }
            _ => {}
        }
    }

    fn command(&mut self, key: Key, view: &View) -> Action {
        match key {
            Key::Search => {
                self.typing = true;
                Action::Handled
            }
            Key::New if view.shared.read_only => {
                Action::Error(view.shared.not_saved(Said::msg(Dl::ErrReadOnly)))
            }
            Key::New if view.shared.active(Role::Salesperson).next().is_none() => {
                Action::Error(Said::msg(Dl::ErrNoSalesperson))
            }
            Key::New => Action::Open(forms::record(view, None)),
            Key::Open => match self.deals.get(self.selected) {
                Some(deal) => {
                    self.typing = false;
                    self.opening = Some(deal.record.id);
                    Action::Handled
                }
                None => Action::Error(Said::msg(Dl::ErrNothingSelected)),
            },
            Key::Up | Key::Down | Key::PageDown | Key::PageUp => {
                self.move_selection(key);
                Action::Handled
            }
        }
    }

    /// A key while the search box has the keys: typed into it unless it is a command.
    fn type_key(&mut self, key: &KeyEvent, view: &View) -> Option<Action> {
        if let Some(command) = lookup(TYPING_KEYS, key) {
            return Some(self.command(command, view));
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Esc => self.typing = false,
            KeyCode::Backspace => {
                if self.query.pop().is_some() {
                    self.new_query();
                }
            }
            KeyCode::Char(c) if !ctrl && !c.is_control() => {
                if self.query.chars().count() < QUERY_MAX_CHARS {
                    self.query.push(c);
                    self.new_query();
                }
            }
            _ => return None,
        }
        Some(Action::Handled)
    }

    fn new_query(&mut self) {
        self.offset = 0;
        self.selected = 0;
    }

    /// Reloads the page if what it answers has changed.
    fn search(&mut self, store: &Store) -> store::Result<()> {
        let asked = self.asked();
        if self.answered.as_ref() == Some(&asked) {
            return Ok(());
        }
        let fresh = self
            .answered
            .as_ref()
            .is_none_or(|a| a.query != asked.query);
        self.deals = store.deals_page(&asked.query, (asked.offset, PAGE))?;
        if fresh {
            self.selected = 0;
        }
        self.selected = self.selected.min(self.deals.len().saturating_sub(1));
        self.answered = Some(asked);
        Ok(())
    }

    /// After a write: the page and the open record are read again.
    fn written(&mut self, cx: &Context) -> Result<(), Refusal> {
        self.answered = None;
        if let Some(record) = &self.record {
            let id = record.id();
            self.record = RecordView::load(cx.store, id, cx.now).map_err(|e| cx.refusal(e))?;
        }
        Ok(())
    }
}

/// The cancelled deal a deal form or its questions record a change of unit from.
fn replacing(purpose: &Purpose) -> Option<DealId> {
    match purpose {
        Purpose::Record { replaces, .. } => *replaces,
        Purpose::Questions {
            asked: forms::Asked::New { replaces, .. },
            ..
        } => *replaces,
        _ => None,
    }
}

impl Pane for DealsPane {
    fn title(&self) -> Msg {
        Dl::TabDeals.msg()
    }

    fn hints(&self) -> Vec<Hint> {
        if self.record.is_some() {
            record::hints()
        } else if self.typing {
            let mut out = hints(TYPING_KEYS);
            out.push(Hint {
                key: "Esc".into(),
                label: Dl::KeyLeaveSearch.msg(),
                footer: true,
            });
            out
        } else {
            hints(KEYS)
        }
    }

    fn handle_key(&mut self, key: &KeyEvent, view: &View) -> Option<Action> {
        if let Some(record) = &mut self.record {
            return match record.handle_key(key, view)? {
                record::Step::Back => {
                    self.record = None;
                    Some(Action::Handled)
                }
                record::Step::Do(action) => Some(*action),
            };
        }
        if self.typing {
            return self.type_key(key, view);
        }
        let command = lookup(KEYS, key)?;
        Some(self.command(command, view))
    }

    /// Another desk wrote: the page and the record are read again on the next answer.
    fn refresh(&mut self, _store: &Store, _shared: &Shared) -> store::Result<Option<Said>> {
        self.answered = None;
        if let Some(record) = &self.record {
            self.opening = Some(record.id());
        }
        Ok(None)
    }

    fn click(&mut self, column: u16, row: u16, _view: &View) {
        if self.record.is_some() {
            return;
        }
        if let Some(i) = self.rows.at(column, row).filter(|&i| i < self.deals.len()) {
            self.selected = i;
        }
    }

    /// Text pasted into the search box, cleaned, as much as the box holds.
    fn paste(&mut self, text: &str) {
        if self.typing && self.record.is_none() {
            let room = QUERY_MAX_CHARS.saturating_sub(self.query.chars().count());
            let before = self.query.len();
            self.query.extend(sanitize(text).chars().take(room));
            if self.query.len() != before {
                self.new_query();
            }
        }
    }

    fn answer(&mut self, store: &Store, view: &View, form: Option<&mut Form>) -> store::Result<()> {
        if let Some(form) = form {
            return forms::watch(form, store, view);
        }
        if let Some(id) = self.opening.take() {
            self.record = RecordView::load(store, id, view.now)?;
        }
        if self.record.is_none() {
            self.search(store)?;
        }
        Ok(())
    }

    fn submit(&mut self, form: &Form, cx: &mut Context) -> Result<Done, Refusal> {
        let Some(purpose) = form.purpose::<Purpose>() else {
            return Ok(Done::default());
        };
        let done = match purpose.clone() {
            Purpose::Record { lists, replaces } => forms::submit_record(form, &lists, replaces, cx),
            Purpose::Questions { asked, picks } => {
                forms::submit_questions(form, &asked, &picks, cx)
            }
            Purpose::Confirm {
                deal,
                proposal_event,
                supervisor,
            } => forms::submit_confirm(form, deal, proposal_event, &supervisor, cx),
            Purpose::Split {
                deal,
                how,
                parties,
                supervisor,
            } => forms::submit_split(form, deal, how, &parties, &supervisor, cx),
            Purpose::Cancel { deal, supervisor } => {
                forms::submit_cancel(form, deal, &supervisor, cx)
            }
            Purpose::Correct { deal } => forms::submit_correct(form, deal, cx),
        }?;
        self.written(cx)?;
        // A change of unit recorded from the cancelled deal's record: the new deal's record
        // takes its place (the newest deal replacing it).
        if let Some(old) = replacing(&purpose)
            && self.record.as_ref().is_some_and(|r| r.id() == old)
        {
            let newest = cx.store.deals_page("", (0, 1)).map_err(|e| cx.refusal(e))?;
            if let Some(new) = newest.first().filter(|d| d.record.replaces == Some(old)) {
                self.opening = Some(new.record.id);
            }
        }
        Ok(done)
    }

    fn render(&self, frame: &mut Frame, area: Rect, view: &View) {
        match &self.record {
            Some(record) => record.render(frame, area, view),
            None => self.draw(frame, area, view),
        }
    }
}

/// The pane's key tables, for the vocabulary test (`pane_keys`).
#[cfg(test)]
pub(crate) fn key_tables() -> Vec<(&'static str, Vec<crate::ui::keys::Entry>)> {
    vec![
        ("deals", crate::ui::keys::entries(KEYS)),
        ("deals, typing", crate::ui::keys::entries(TYPING_KEYS)),
        ("deal record", record::key_entries()),
    ]
}
