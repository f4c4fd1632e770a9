//! The lobby pane (大堂, issue 9 §1–2; REG-11, DESK-2): who is inside now and for how
//! long, visitors in and out, corrections, the evacuation list and the directory; and the
//! parcels taken in for the building (issue 20 §6), on a second list `p` shows in place of
//! the visitors, so the visitors' list and its keys stay as they were.
//!
//! The pane holds the inside-now list, the evacuation list and today's exits (all read from
//! the small `lobby_inside` table, never a year of log), reloaded on the tick after another
//! desk's write and right after its own. How long each visitor has been in, and whether they
//! are past closing, is worked out when drawing from the moment drawn, so the list stays live
//! without touching the database.

mod directory;
mod draw;
mod evacuation;
mod forms;
mod parcel_list;
mod parcels;
mod picker;
pub mod text;

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;

pub use self::forms::Purpose;
use self::forms::Written;
use self::text::Lobby;
use super::context::Context;
use super::filter::ListFilter;
use super::form::{Form, Refusal};
use super::keys::{Binding, Hint, Meaning, hints, lookup};
use super::pane::{Action, Done, Pane, Target, View};
use super::purpose::OwnPurpose;
use super::said::Said;
use super::shared::Shared;
use super::text::Ui;
use crate::domain::clock::day_start;
use crate::domain::lobby::parcel::{ParcelId, WaitingParcel};
use crate::domain::lobby::{EvacuationEntry, InsideNow};
use crate::i18n::Msg;
use crate::store::lobby::{CollectedParcel, Leaving, LeftVisit, ParcelPage};
use crate::store::{self, Store};

/// How many of today's exits the undo form offers, the latest first.
const RECENT_EXITS: usize = 20;

/// How many of today's collections the undo form offers, the latest first.
const RECENT_COLLECTIONS: usize = 20;

/// How many waiting parcels the list holds, the longest waiting first (the summary says
/// how many wait in all): a lobby's shelf, with room to spare.
const PARCEL_PAGE: usize = 200;

/// Which list the pane shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Shown {
    #[default]
    Visitors,
    Parcels,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    In,
    Out,
    OutByBadge,
    BackIn,
    Correct,
    Evacuation,
    Directory,
    Filter,
    Parcels,
    TakeIn,
    Collected,
    CorrectParcel,
    UndoCollected,
    Up,
    Down,
}

/// The footer at 80 columns holds the hourly keys, the evacuation list and the parcels, in
/// either language; the rare ones (a correction, an out undone, the supervisor's directory)
/// are on the help page (`?`).
const KEYS: &[Binding<Key>] = &[
    Binding::meaning(Meaning::In, Lobby::KeyIn.msg(), Key::In),
    Binding::meaning(Meaning::Out, Lobby::KeyOut.msg(), Key::Out),
    Binding::new(
        KeyCode::Char('b'),
        Lobby::KeyOutByBadge.msg(),
        Key::OutByBadge,
    ),
    // The evacuation list prints (issue 20 §4): a capital, so habit cannot print it.
    Binding::new(
        KeyCode::Char('E'),
        Lobby::KeyEvacuation.msg(),
        Key::Evacuation,
    ),
    Binding::meaning(Meaning::Filter, Ui::KeyFilter.msg(), Key::Filter),
    // With the parcels shown, `i` and `o` are a parcel's in and out (the vocabulary's), `x`
    // corrects a parcel and `r` undoes a collection, as they do a visit and an out.
    Binding::new(
        KeyCode::Char('p'),
        Lobby::KeyShowParcels.msg(),
        Key::Parcels,
    ),
    Binding::meaning(Meaning::Correct, Lobby::KeyCorrect.msg(), Key::Correct).help_only(),
    Binding::new(KeyCode::Char('r'), Lobby::KeyBackIn.msg(), Key::BackIn).help_only(),
    Binding::new(
        KeyCode::Char('u'),
        Lobby::KeyDirectory.msg(),
        Key::Directory,
    )
    .help_only(),
    Binding::new(KeyCode::Up, Ui::KeySelect.msg(), Key::Up).help_only(),
    Binding::new(KeyCode::Down, Ui::KeySelect.msg(), Key::Down).help_only(),
];

#[derive(Default)]
pub struct LobbyPane {
    /// Where the inside-now list was drawn, for a click.
    rows: crate::ui::rows::DrawnRows,
    /// Everyone inside now, as read.
    all_inside: Vec<InsideNow>,
    /// Those of them the `/` filter keeps (name, room, badge): the list drawn and acted on.
    inside: Vec<InsideNow>,
    filter: ListFilter,
    evacuation: Vec<EvacuationEntry>,
    /// Today's exits that may still be undone, the latest first.
    left_today: Vec<LeftVisit>,
    /// The selected visitor, followed by visit (another desk's write may reorder the list).
    selected: Option<crate::domain::lobby::LobbyVisitId>,
    /// Set by `refresh`; the next tick reads the lists again.
    stale: bool,
    loaded: bool,
    /// The badge the visitor-in form proposes: the lowest free one, read with the lists.
    next_badge: Option<String>,
    /// The evacuation list already printed and filed whose audit row met another desk's
    /// write: the retry writes only the row, never prints twice.
    sent: Option<evacuation::Sent>,
    shown: Shown,
    /// The first page of the parcels waiting, read with the lists.
    parcels: ParcelPage,
    /// Those of them the `/` filter keeps (for whom, room, carrier, tracking, shelf): the
    /// parcel list drawn and acted on.
    parcel_list: Vec<WaitingParcel>,
    /// The selected parcel, followed by key.
    parcel_selected: Option<ParcelId>,
    /// Where the parcel list was drawn, for a click.
    parcel_rows: crate::ui::rows::DrawnRows,
    /// Today's collections that may still be undone, the latest first.
    collected_today: Vec<CollectedParcel>,
}

impl LobbyPane {
    /// The row under the cursor; the first if the visitor selected has gone.
    fn row(&self) -> usize {
        self.selected
            .and_then(|id| self.inside.iter().position(|v| v.visit == id))
            .unwrap_or(0)
    }

    fn current(&self) -> Option<&InsideNow> {
        self.inside.get(self.row())
    }

    /// The parcel row under the cursor; the first if the parcel selected has gone.
    fn parcel_row(&self) -> usize {
        self.parcel_selected
            .and_then(|id| self.parcel_list.iter().position(|p| p.id == id))
            .unwrap_or(0)
    }

    fn current_parcel(&self) -> Option<&WaitingParcel> {
        self.parcel_list.get(self.parcel_row())
    }

    /// Moves the cursor of the list shown by `step` rows.
    fn step(&mut self, step: isize) {
        match self.shown {
            Shown::Visitors => {
                let row = self.row().saturating_add_signed(step);
                let row = row.min(self.inside.len().saturating_sub(1));
                self.selected = self.inside.get(row).map(|v| v.visit);
            }
            Shown::Parcels => {
                let list = &self.parcel_list;
                let row = self.parcel_row().saturating_add_signed(step);
                let row = row.min(list.len().saturating_sub(1));
                self.parcel_selected = list.get(row).map(|p| p.id);
            }
        }
    }

    /// Reads what the pane shows as of `now`: three small reads of the visitors inside and
    /// the day's exits.
    fn load(&mut self, store: &Store, shared: &Shared, now: DateTime<Utc>) -> store::Result<()> {
        let tz = shared.settings.timezone();
        self.all_inside = store.inside_now(now)?;
        self.evacuation = store.evacuation_list(now)?;
        self.left_today = store.recent_exits(day_start(now, tz), RECENT_EXITS)?;
        self.next_badge = store.next_free_badge()?;
        self.parcels = store.waiting_parcels(0, PARCEL_PAGE)?;
        self.collected_today = store.recent_collections(day_start(now, tz), RECENT_COLLECTIONS)?;
        self.apply_filter();
        self.stale = false;
        self.loaded = true;
        Ok(())
    }

    /// The lists the filter keeps: the visitors inside by name, room or badge; the parcels
    /// by for whom (name or room), carrier, tracking digits or shelf. One filter for both,
    /// so that `p` between them keeps what was typed and says it in the footer.
    fn apply_filter(&mut self) {
        let filter = &self.filter;
        self.inside = self
            .all_inside
            .iter()
            .filter(|v| {
                let room = v.host_room.to_string();
                filter.keeps(&[&v.name, &room, v.badge.as_deref().unwrap_or("")], "")
            })
            .cloned()
            .collect();
        self.parcel_list = self
            .parcels
            .parcels
            .iter()
            .filter(|p| {
                let room = p.room.to_string();
                filter.keeps(
                    &[&p.recipient, &room, &p.carrier, &p.tracking, &p.shelf],
                    "",
                )
            })
            .cloned()
            .collect();
    }

    fn act(&mut self, key: Key, view: &View) -> Action {
        // On the parcel list the vocabulary's in, out and correct are a parcel's: taken in
        // at the desk, collected from it, corrected (issue 20 §1); `r` undoes a collection
        // as it undoes an out.
        let key = match (self.shown, key) {
            (Shown::Parcels, Key::In) => Key::TakeIn,
            (Shown::Parcels, Key::Out) => Key::Collected,
            (Shown::Parcels, Key::Correct) => Key::CorrectParcel,
            (Shown::Parcels, Key::BackIn) => Key::UndoCollected,
            (_, key) => key,
        };
        let writes = matches!(
            key,
            Key::In
                | Key::Out
                | Key::OutByBadge
                | Key::BackIn
                | Key::Correct
                | Key::Directory
                | Key::TakeIn
                | Key::Collected
                | Key::CorrectParcel
                | Key::UndoCollected
        );
        if writes && view.shared.read_only {
            return Action::Error(view.shared.not_saved(Said::msg(Lobby::ErrReadOnly)));
        }
        match key {
            Key::Up => {
                self.step(-1);
                Action::Handled
            }
            Key::Down => {
                self.step(1);
                Action::Handled
            }
            Key::Filter => {
                self.filter.start();
                Action::Handled
            }
            Key::Parcels => {
                self.shown = match self.shown {
                    Shown::Visitors => Shown::Parcels,
                    Shown::Parcels => Shown::Visitors,
                };
                Action::Handled
            }
            Key::TakeIn => Action::Open(parcels::take_in(view)),
            Key::Collected => match self.current_parcel() {
                Some(p) => Action::Open(parcels::collect(view, p)),
                None => Action::Error(Said::msg(Lobby::ErrNoParcel)),
            },
            Key::CorrectParcel => match self.current_parcel() {
                Some(p) => Action::Open(parcels::correct(view, p)),
                None => Action::Error(Said::msg(Lobby::ErrNoParcel)),
            },
            Key::UndoCollected if self.collected_today.is_empty() => {
                Action::Error(Said::msg(Lobby::ErrNoCollectionToday))
            }
            Key::UndoCollected => {
                Action::Open(parcels::undo_collection(view, &self.collected_today))
            }
            Key::In => Action::Open(forms::visitor_in(view, self.next_badge.as_deref())),
            // One key, no confirmation: a visitor leaving is the desk's commonest act, and a
            // mis-press is undone with `r` and a reason (a correction, never an edit).
            Key::Out => match self.current() {
                Some(v) => Action::Command(Purpose::Out(v.visit).into()),
                None => Action::Error(Said::msg(Lobby::ErrNothingSelected)),
            },
            Key::OutByBadge => Action::Open(forms::out_by_badge(view)),
            Key::Correct => match self.current() {
                Some(v) => Action::Open(forms::correct(view, v)),
                None => Action::Error(Said::msg(Lobby::ErrNothingSelected)),
            },
            Key::BackIn if self.left_today.is_empty() => {
                Action::Error(Said::msg(Lobby::ErrNobodyLeft))
            }
            Key::BackIn => Action::Open(forms::back_in(view, &self.left_today)),
            // On screen and, with no PIN, to the office's printer and folder (issue 20 §4):
            // the command does both, whichever key the vocabulary gives it. A desk that
            // cannot write (the audit row) shows the page only.
            Key::Evacuation if view.shared.read_only => {
                Action::Info(evacuation::page(&self.evacuation, view))
            }
            Key::Evacuation => Action::Command(Purpose::Evacuation.into()),
            Key::Directory => Action::Open(directory::choose(view)),
        }
    }

    /// What was just written shows at once, not a tick later, with the cursor on the
    /// visitor it concerns.
    fn written(&mut self, written: Written, cx: &Context) -> Done {
        // If that read fails, the write stands and the next tick reads again.
        if self.load(cx.store, cx.shared, cx.now).is_err() {
            self.stale = true;
        }
        if let Some(id) = written.select {
            self.selected = Some(id);
        }
        Done::status(written.said)
    }
}

impl Pane for LobbyPane {
    fn show(&mut self, target: Target) {
        match target {
            Target::Visitor(id) => {
                self.shown = Shown::Visitors;
                self.selected = Some(id);
            }
            Target::Parcel(id) => {
                self.shown = Shown::Parcels;
                self.parcel_selected = Some(id);
            }
            _ => {}
        }
    }

    fn title(&self) -> Msg {
        Lobby::TabTitle.msg()
    }

    /// With the parcels shown, their keys come first in the footer, said as the parcel's,
    /// then the evacuation list (it must stay in sight), then the rest (the help lists all).
    fn hints(&self) -> Vec<Hint> {
        match self.shown {
            Shown::Visitors => self.filter.with_hint(hints(KEYS)),
            Shown::Parcels => {
                let rank = |b: &Binding<Key>| match b.command {
                    Key::In | Key::Out | Key::Parcels | Key::Correct | Key::BackIn => 0,
                    Key::Evacuation => 1,
                    _ => 2,
                };
                let mut table: Vec<Binding<Key>> = KEYS
                    .iter()
                    .map(|b| {
                        // A parcel's correction is this list's own key: in its footer, though
                        // the visitors' leave it to the help. An undone collection, rarer,
                        // stays on the help page, so that the evacuation list keeps its place
                        // in an 80-column footer in both languages.
                        // A visitor out by badge is the visitors' key: it still works here,
                        // but the parcels' footer leaves it to the help.
                        let footer =
                            (b.footer || b.command == Key::Correct) && b.command != Key::OutByBadge;
                        let label = match b.command {
                            Key::In => Lobby::KeyTakeIn.msg(),
                            Key::Out => Lobby::KeyCollected.msg(),
                            Key::Parcels => Lobby::KeyShowVisitors.msg(),
                            Key::BackIn => Lobby::KeyUndoCollected.msg(),
                            _ => b.label,
                        };
                        Binding {
                            label,
                            footer,
                            ..*b
                        }
                    })
                    .collect();
                // In, out and the way back first: what fits of an 80-column footer.
                table.sort_by_key(|b| {
                    (
                        rank(b),
                        b.command == Key::Correct || b.command == Key::BackIn,
                    )
                });
                self.filter.with_hint(hints(&table))
            }
        }
    }

    fn handle_key(&mut self, key: &KeyEvent, view: &View) -> Option<Action> {
        if let Some(changed) = self.filter.key(key) {
            if changed {
                self.apply_filter();
            }
            return Some(Action::Handled);
        }
        let key = lookup(KEYS, key)?;
        Some(self.act(key, view))
    }

    /// Another desk wrote, or the day turned: the lists are read again on the next tick,
    /// which knows the moment.
    fn click(&mut self, column: u16, row: u16, _view: &View) {
        match self.shown {
            Shown::Visitors => {
                if let Some(v) = self.rows.at(column, row).and_then(|i| self.inside.get(i)) {
                    self.selected = Some(v.visit);
                }
            }
            Shown::Parcels => {
                let list = &self.parcel_list;
                if let Some(p) = self.parcel_rows.at(column, row).and_then(|i| list.get(i)) {
                    self.parcel_selected = Some(p.id);
                }
            }
        }
    }

    fn paste(&mut self, text: &str) {
        if self.filter.paste(text) {
            self.apply_filter();
        }
    }

    fn refresh(&mut self, _: &Store, _: &Shared) -> store::Result<Option<Said>> {
        self.stale = true;
        Ok(None)
    }

    fn answer(&mut self, store: &Store, view: &View, form: Option<&mut Form>) -> store::Result<()> {
        match form {
            Some(form) => picker::watch(form, store, view),
            None => Ok(()),
        }
    }

    fn tick(&mut self, store: &Store, view: &View, _form: Option<&mut Form>) -> store::Result<()> {
        if self.stale || !self.loaded {
            self.load(store, view.shared, view.now)?;
        }
        Ok(())
    }

    fn submit(&mut self, form: &Form, cx: &mut Context) -> Result<Done, Refusal> {
        let Some(purpose) = form.purpose::<Purpose>() else {
            return Ok(Done::default());
        };
        let written = match &purpose {
            Purpose::Directory { host } => return directory::chosen(form, cx, host),
            Purpose::AddOccupant { .. } | Purpose::EditOccupant { .. } => {
                return directory::submit(form, cx, &purpose);
            }
            // A parcel taken in, collected, corrected or waiting again: the parcel list shows
            // what was written, the cursor on the parcel it concerns.
            Purpose::TakeIn { .. }
            | Purpose::Collect { .. }
            | Purpose::CorrectParcel { .. }
            | Purpose::UndoCollection { .. } => {
                let (written, parcel) = parcels::submit(form, cx, &purpose, &self.collected_today)?;
                self.shown = Shown::Parcels;
                if parcel.is_some() {
                    self.parcel_selected = parcel;
                }
                written
            }
            _ => forms::submit(form, cx, &purpose, &self.all_inside, &self.left_today)?,
        };
        Ok(self.written(written, cx))
    }

    /// `o`: the visitor under the cursor leaves, at once.
    fn command(
        &mut self,
        command: &super::purpose::Purpose,
        cx: &mut Context,
    ) -> Result<Done, Refusal> {
        if let Some(Purpose::Evacuation) = Purpose::of(command) {
            return evacuation::send(&self.evacuation, &mut self.sent, cx);
        }
        let Some(purpose @ Purpose::Out(visit)) = Purpose::of(command) else {
            return Ok(Done::default());
        };
        let written = forms::out(cx, Leaving::Visit(*visit), &self.all_inside, purpose)?;
        Ok(self.written(written, cx))
    }

    fn render(&self, frame: &mut Frame, area: Rect, view: &View) {
        match self.shown {
            Shown::Visitors => self.draw(frame, area, view),
            Shown::Parcels => self.draw_parcels(frame, area, view),
        }
    }
}

/// The pane's key tables, for the vocabulary test (`pane_keys`).
#[cfg(test)]
pub(crate) fn key_tables() -> Vec<(&'static str, Vec<crate::ui::keys::Entry>)> {
    vec![("lobby", crate::ui::keys::entries(KEYS))]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_parcel_shown_from_the_handover_puts_the_parcel_list_up_at_it_and_a_visitor_the_visitors() {
        let mut pane = LobbyPane::default();
        pane.show(Target::Parcel(ParcelId(8)));
        assert_eq!(
            (pane.shown, pane.parcel_selected),
            (Shown::Parcels, Some(ParcelId(8)))
        );
        let visit = crate::domain::lobby::LobbyVisitId(3);
        pane.show(Target::Visitor(visit));
        assert_eq!((pane.shown, pane.selected), (Shown::Visitors, Some(visit)));
    }
}
