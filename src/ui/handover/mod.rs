//! The handover pane (交接班, issue 10; HND-1 … HND-8): the shift on now and who is on duty,
//! the open items the other desks' records generate, the shift log, and the handover's steps
//! — the outgoing clerk submits with the checklist and their PIN; the incoming clerk reads
//! every item and entry, asks, and accepts with their PIN or refuses with a reason; the
//! supervisor reviews and signs each day.
//!
//! The pane holds what it shows: the live items and log, or the waiting handover's snapshot
//! of them, read on the tick after a change. The tick only reads (issue 16 §1): a row the
//! incoming clerk has been shown whole — selected while its whole line fits the list, or
//! opened (an entry's page, an item's record) — is written as read by the command that key
//! returns ([`Purpose::Read`]), through the shell's busy retry like any other write. A row
//! cut with "…" is not read by passing over it (issue 16 §5).

mod draw;
mod forms;
pub mod items;
mod review;
pub mod text;

use chrono::{DateTime, NaiveDate, Utc};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;

pub use self::forms::Purpose;
use self::text::Hnd;
use super::context::Context;
use super::filter::ListFilter;
use super::form::{Form, Refusal};
use super::info::Info;
use super::keys::{Binding, Hint, Meaning, hints, lookup};
use super::pane::{Action, Done, Pane, PaneId, Target, View};
use super::purpose::{OwnPurpose, Purpose as AnyPurpose};
use super::said::Said;
use super::shared::Shared;
use super::text::Ui;
use crate::domain::handover::{HandoverItem, LogEntry, RegisterRef, Stage};
use crate::domain::register::Register;
use crate::domain::staff::StaffId;
use crate::i18n::Msg;
use crate::store::complaint::OpenItem;
use crate::store::handover::{DayReview, HandoverRecord};
use crate::store::{self, Store};

/// How often the generated items are read again while nothing else changes: their clocks
/// and "overdue" marks move with time.
const ITEMS_EVERY_SECONDS: i64 = 60;

/// How many signed days the day chooser offers besides those not signed and today.
const SIGNED_DAYS_OFFERED: usize = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Log,
    Correct,
    Open,
    HandOver,
    Reader,
    Ask,
    Answer,
    Accept,
    Refuse,
    Review,
    Sign,
    Yesterday,
    Filter,
    Up,
    Down,
}

const KEYS: &[Binding<Key>] = &[
    Binding::new(KeyCode::Char('l'), Hnd::KeyLog.msg(), Key::Log),
    Binding::new(KeyCode::Char('h'), Hnd::KeyHandOver.msg(), Key::HandOver),
    Binding::meaning(Meaning::Open, Hnd::KeyOpen.msg(), Key::Open),
    Binding::meaning(Meaning::Filter, Ui::KeyFilter.msg(), Key::Filter),
    Binding::new(KeyCode::Char('t'), Hnd::KeyReader.msg(), Key::Reader),
    Binding::new(KeyCode::Char('k'), Hnd::KeyAsk.msg(), Key::Ask),
    Binding::new(KeyCode::Char('a'), Hnd::KeyAccept.msg(), Key::Accept),
    Binding::new(KeyCode::Char('r'), Hnd::KeyRefuse.msg(), Key::Refuse),
    Binding::new(KeyCode::Char('w'), Hnd::KeyAnswer.msg(), Key::Answer).help_only(),
    Binding::meaning(Meaning::Correct, Hnd::KeyCorrect.msg(), Key::Correct).help_only(),
    Binding::new(KeyCode::Char('v'), Hnd::KeyReview.msg(), Key::Review).help_only(),
    Binding::new(KeyCode::Char('S'), Hnd::KeySign.msg(), Key::Sign).help_only(),
    Binding::new(KeyCode::Char('y'), Hnd::KeyYesterday.msg(), Key::Yesterday).help_only(),
    Binding::new(KeyCode::Up, Ui::KeySelect.msg(), Key::Up).help_only(),
    Binding::new(KeyCode::Down, Ui::KeySelect.msg(), Key::Down).help_only(),
];

/// What the pane read, as of `at`.
struct Loaded {
    at: DateTime<Utc>,
    /// Whom it was read for: another person signed in at this desk is read for afresh (their
    /// own duty, not the last one's).
    operator: StaffId,
    /// Since when the operator is on duty (HND-7).
    on_duty: Option<DateTime<Utc>>,
    /// The handover waiting for its incoming clerk, if one is.
    pending: Option<HandoverRecord>,
    /// Else the newest handover, accepted or refused: the outgoing clerk is told which.
    last: Option<HandoverRecord>,
    /// The live items and the log since the last accepted handover (none waiting).
    items: Vec<HandoverItem>,
    log: Vec<LogEntry>,
    /// Complaints and repairs left open from before today (HND-8).
    yesterday: Vec<OpenItem>,
    /// Days nobody signed, oldest first (HND-6).
    unsigned: Vec<NaiveDate>,
    /// Days signed, newest first: any may be reviewed again.
    signed: Vec<NaiveDate>,
}

/// One row of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Row {
    Item(usize),
    Entry(usize),
    Question(usize),
}

#[derive(Default)]
pub struct HandoverPane {
    loaded: Option<Loaded>,
    /// Another desk wrote: read again on the next tick, showing the old until then.
    stale: bool,
    selected: usize,
    /// Who reads the waiting handover at this desk: the incoming clerk.
    reader: Option<StaffId>,
    /// Keys the reader has been shown whole, not yet written (the command of the key that
    /// showed them writes them; a submit of this pane writes what is left).
    to_mark: Vec<String>,
    /// The list's width as last drawn: whether a row's whole line is on screen.
    width: std::cell::Cell<u16>,
    /// The day review asked for with `v`, read on the next tick.
    reviewing: Option<NaiveDate>,
    review: Option<DayReview>,
    /// A page over the pane (the day review).
    page: Option<Info>,
    /// The handover submitted at this desk, until its outcome has been said here.
    watching: Option<crate::domain::handover::HandoverId>,
    /// The live open items, computed off the thread that answers keys (issue 18).
    items: items::Items,
    /// `/`: the items and log entries whose text or tags it finds stay listed.
    filter: ListFilter,
    /// The item and entry rows the filter keeps, worked out from their lines as drawn
    /// (`answer`); `None` while no filter is set.
    kept: Option<std::collections::HashSet<Row>>,
    /// The refused handovers an alert has just been raised about, whose refusal's lines
    /// flash until the moment given (issue 20 §3).
    flash: Option<(Vec<crate::domain::handover::HandoverId>, DateTime<Utc>)>,
}

impl HandoverPane {
    fn pending(&self) -> Option<&HandoverRecord> {
        self.loaded.as_ref()?.pending.as_ref()
    }

    /// The items and log the list shows: the waiting handover's, else the live ones.
    fn shown(&self) -> (&[HandoverItem], &[LogEntry]) {
        match &self.loaded {
            Some(Loaded {
                pending: Some(p), ..
            }) => (p.state.items(), &p.log),
            Some(l) => (&l.items, &l.log),
            None => (&[], &[]),
        }
    }

    fn rows(&self) -> Vec<Row> {
        let (items, log) = self.shown();
        let questions = self.pending().map_or(0, |p| p.state.questions().len());
        (0..items.len())
            .map(Row::Item)
            .chain((0..log.len()).map(Row::Entry))
            .filter(|row| self.kept.as_ref().is_none_or(|kept| kept.contains(row)))
            .chain((0..questions).map(Row::Question))
            .collect()
    }

    /// Works out which items and entries the filter keeps, by the text drawn for them (and
    /// an entry's tags), so what is found is what the clerk reads.
    fn apply_filter(&mut self, view: &View) {
        if self.filter.text().trim().is_empty() {
            self.kept = None;
        } else {
            let (items, log) = self.shown();
            let filter = &self.filter;
            let items = items.iter().enumerate().filter_map(|(i, item)| {
                let line = draw::item_line(item, view);
                filter.keeps(&[&line], "").then_some(Row::Item(i))
            });
            let entries = log.iter().enumerate().filter_map(|(i, entry)| {
                let line = draw::entry_line(entry, view);
                let tags = entry.tags.join(" ");
                filter
                    .keeps(&[&line, &entry.text, &tags], "")
                    .then_some(Row::Entry(i))
            });
            self.kept = Some(items.chain(entries).collect());
        }
        self.selected = self.selected.min(self.rows().len().saturating_sub(1));
    }

    fn row_key(&self, row: Row) -> Option<String> {
        let (items, log) = self.shown();
        match row {
            Row::Item(i) => items.get(i).map(HandoverItem::key),
            Row::Entry(i) => log.get(i).map(LogEntry::key),
            Row::Question(_) => None,
        }
    }

    /// Who reads at this desk: the operator when they are not the outgoing clerk, else the
    /// incoming clerk chosen with `i`.
    fn reader(&self, view: &View) -> Option<StaffId> {
        let pending = self.pending()?;
        if view.operator.id != pending.outgoing {
            Some(view.operator.id)
        } else {
            self.reader
        }
    }

    /// Whether the selected row's whole line fits the list as last drawn: shown whole, not
    /// cut with "…".
    fn selected_fits(&self, view: &View) -> bool {
        let width = usize::from(self.width.get());
        self.list(view)
            .iter()
            .find(|(row, _)| *row == Some(self.selected))
            .is_some_and(|(_, line)| {
                let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
                width > 0 && unicode_width::UnicodeWidthStr::width(text.as_str()) <= width
            })
    }

    /// The row under the cursor counts as read by the incoming clerk (HND-2) when it has
    /// been shown whole: `opened` (its page or record), or its line fits the list. Returns
    /// whether there is something new to write.
    fn shown_whole(&mut self, view: &View, opened: bool) -> bool {
        let Some(pending) = self.pending() else {
            return false;
        };
        let Some(reader) = self.reader(view) else {
            return false;
        };
        if pending.state.stage() != Stage::Submitted {
            return false;
        }
        let Some(row) = self.rows().get(self.selected).copied() else {
            return false;
        };
        let Some(key) = self.row_key(row) else {
            return false;
        };
        if pending.state.has_read(reader, &key) || self.to_mark.contains(&key) {
            return false;
        }
        if !opened && !self.selected_fits(view) {
            return false;
        }
        self.to_mark.push(key);
        true
    }

    /// The command that writes the reads not yet written, then goes to `goto` if given.
    fn write_reads(&self, view: &View, goto: Option<(PaneId, Target)>) -> Action {
        match (self.pending(), self.reader(view)) {
            (Some(p), Some(by)) if !self.to_mark.is_empty() => {
                Action::Command(Purpose::Read { id: p.id, by, goto }.into())
            }
            _ => match goto {
                Some((pane, target)) => Action::Goto(pane, target),
                None => Action::Handled,
            },
        }
    }

    /// Writes the reads shown whole so far, in one transaction; another desk having
    /// accepted or refused meanwhile is said, and everything is read again.
    fn flush_reads(&mut self, cx: &mut Context) -> Result<(), Refusal> {
        let (Some(pending), Some(by)) = (self.pending(), self.reader(&cx.view())) else {
            self.to_mark.clear();
            return Ok(());
        };
        if self.to_mark.is_empty() {
            return Ok(());
        }
        let id = pending.id;
        match cx
            .store
            .mark_read(cx.operator.id, id, by, &self.to_mark, cx.now)
        {
            Ok(state) => {
                self.to_mark.clear();
                if let Some(Loaded {
                    pending: Some(p), ..
                }) = &mut self.loaded
                {
                    p.state = state;
                }
                Ok(())
            }
            Err(crate::store::handover::HandoverStepError::Store(e)) => Err(cx.refusal(e)),
            Err(e) => {
                self.to_mark.clear();
                self.stale = true;
                Err(forms::step_refusal(e, cx))
            }
        }
    }

    fn command(&mut self, key: Key, view: &View) -> Action {
        let writes = !matches!(
            key,
            Key::Up | Key::Down | Key::Open | Key::Review | Key::Yesterday
        );
        if writes && view.shared.read_only {
            return Action::Error(view.shared.not_saved(Said::msg(Ui::ErrReadOnly)));
        }
        match key {
            Key::Up | Key::Down => {
                let len = self.rows().len();
                self.selected = match key {
                    Key::Up => self.selected.saturating_sub(1),
                    _ => (self.selected + 1).min(len.saturating_sub(1)),
                };
                self.shown_whole(view, false);
                self.write_reads(view, None)
            }
            Key::Open => self.open(view),
            Key::Log => Action::Open(forms::log_entry(view)),
            Key::Correct => match self.rows().get(self.selected) {
                Some(Row::Entry(i)) => match self.shown().1.get(*i) {
                    Some(entry) if entry.by != view.operator.id => {
                        Action::Error(Said::msg(Hnd::ErrNotYours))
                    }
                    Some(entry) => Action::Open(forms::correct(view, entry)),
                    None => Action::Error(Said::msg(Hnd::ErrNoEntry)),
                },
                _ => Action::Error(Said::msg(Hnd::ErrNoEntry)),
            },
            Key::HandOver => match self.pending() {
                Some(p) => Action::Error(Said::fill(Hnd::ErrPending, [("id", p.id.to_string())])),
                None => Action::Open(forms::hand_over(view)),
            },
            Key::Reader => match self.pending() {
                None => Action::Error(Said::msg(Hnd::ErrNoPending)),
                Some(p) if p.outgoing != view.operator.id => {
                    Action::Error(Said::msg(Hnd::ErrNotOutgoing))
                }
                Some(p) => Action::Open(forms::reader(view, p.outgoing, self.reader)),
            },
            Key::Ask | Key::Accept | Key::Refuse => {
                let Some(pending) = self.pending() else {
                    return Action::Error(Said::msg(Hnd::ErrNoPending));
                };
                let Some(reader) = self.reader(view) else {
                    return Action::Error(Said::msg(Hnd::ErrNoReader));
                };
                let id = pending.id;
                Action::Open(match key {
                    Key::Ask => forms::ask(view, id, reader),
                    Key::Accept => forms::accept(view, id, reader),
                    _ => forms::refuse(view, id, reader),
                })
            }
            Key::Answer => {
                let Some(pending) = self.pending() else {
                    return Action::Error(Said::msg(Hnd::ErrNoPending));
                };
                if pending.outgoing != view.operator.id {
                    return Action::Error(Said::msg(Hnd::ErrNotOutgoing));
                }
                match self.rows().get(self.selected) {
                    Some(Row::Question(q))
                        if pending
                            .state
                            .questions()
                            .get(*q)
                            .is_some_and(|q| q.answer.is_none()) =>
                    {
                        let question = &pending.state.questions()[*q];
                        Action::Open(forms::answer(view, pending.id, *q, &question.text))
                    }
                    _ => Action::Error(Said::msg(Hnd::ErrNoQuestion)),
                }
            }
            // A supervisor at any desk, the clerk staying signed in: choose the day, review
            // it, sign it there with their own PIN (HND-6).
            Key::Review => self.choose_day(view),
            Key::Sign => match &self.review {
                Some(review) => Action::Open(forms::sign(view, review)),
                // Never today by default: the day signed is the day reviewed.
                None => self.choose_day(view),
            },
            Key::Filter => {
                self.filter.start();
                Action::Handled
            }
            Key::Yesterday => {
                let open = self.loaded.as_ref().map_or(&[][..], |l| &l.yesterday);
                Action::Info(review::yesterday_page(open, view))
            }
        }
    }

    /// The form that asks which day to review.
    fn choose_day(&self, view: &View) -> Action {
        let (unsigned, signed) = self
            .loaded
            .as_ref()
            .map_or((&[][..], &[][..]), |l| (&l.unsigned[..], &l.signed[..]));
        Action::Open(forms::day(view, unsigned, signed))
    }

    /// Enter: an item opens its record in its own pane (or, where that tab is not shown,
    /// its line whole on a page), an entry its whole text; both count as read.
    fn open(&mut self, view: &View) -> Action {
        self.shown_whole(view, true);
        let (items, log) = self.shown();
        let desks = view.shared.settings.desks();
        match self.rows().get(self.selected) {
            Some(Row::Item(i)) => match items.get(*i) {
                Some(item) => match target(item).filter(|(pane, _)| pane.shown(desks)) {
                    Some(goto) => self.write_reads(view, Some(goto)),
                    None => {
                        self.page = Some(review::item_page(item, view));
                        self.write_reads(view, None)
                    }
                },
                None => Action::Handled,
            },
            Some(Row::Entry(i)) => match log.get(*i) {
                Some(entry) => {
                    self.page = Some(review::entry_page(entry, log, view));
                    self.write_reads(view, None)
                }
                None => Action::Handled,
            },
            _ => Action::Handled,
        }
    }

    fn read(&mut self, store: &Store, view: &View) -> store::Result<()> {
        let tz = view.shared.settings.timezone();
        let now = view.now;
        let pending = store.pending_handover()?;
        // The live items are asked for and arrive on a later tick: meanwhile the list shows
        // those it had, and says it is still working.
        let (items, log, last) = match pending {
            Some(_) => (Vec::new(), Vec::new(), None),
            None => {
                self.items.ask(store, now);
                let had = match &self.loaded {
                    Some(l) if l.pending.is_none() => l.items.clone(),
                    _ => Vec::new(),
                };
                (
                    had,
                    store.log_since_last_handover()?,
                    store.latest_handover()?,
                )
            }
        };
        // Shown at every desk: the supervisor reviews and signs at the clerk's.
        let unsigned = store.unsigned_days(view.shared.day)?;
        let signed = store.signed_days(SIGNED_DAYS_OFFERED)?;
        if pending.as_ref().map(|p| p.id) != self.pending().map(|p| p.id) {
            self.reader = None;
            self.to_mark.clear();
        }
        self.loaded = Some(Loaded {
            at: now,
            operator: view.operator.id,
            on_duty: store.on_duty(view.operator.id)?,
            pending,
            last,
            items,
            log,
            yesterday: store.yesterdays_open(now, tz)?,
            unsigned,
            signed,
        });
        self.selected = self.selected.min(self.rows().len().saturating_sub(1));
        Ok(())
    }
}

impl HandoverPane {
    /// The live items asked for, if they have come.
    fn take_items(&mut self, store: &Store) -> store::Result<()> {
        if let Some(items) = self.items.take(store) {
            let items = items?;
            if let Some(loaded) = &mut self.loaded {
                loaded.items = items;
            }
            self.selected = self.selected.min(self.rows().len().saturating_sub(1));
        }
        Ok(())
    }
}

/// How a decided handover ended, in words: accepted by whom and when, or refused with the
/// reason; `None` while it waits.
fn outcome(record: &HandoverRecord, shared: &Shared) -> Option<Said> {
    let by = record.state.decided_by()?;
    let at = record.decided_at()?;
    let tz = shared.settings.timezone();
    let local = at.with_timezone(&tz);
    let at = if local.date_naive() == shared.day {
        local.format("%H:%M").to_string()
    } else {
        local.format("%m-%d %H:%M").to_string()
    };
    let fields = |reason: &str| {
        [
            ("id", record.id.to_string()),
            ("from", shared.name(record.outgoing)),
            ("to", shared.name(by)),
            ("at", at.clone()),
            ("reason", reason.to_owned()),
        ]
    };
    Some(match record.state.stage() {
        Stage::Submitted => return None,
        Stage::Accepted => Said::fill(Hnd::OutcomeAccepted, fields("")),
        Stage::Refused => Said::fill(
            Hnd::OutcomeRefused,
            fields(record.state.refusal().unwrap_or_default()),
        ),
    })
}

/// The pane and record an open item opens.
fn target(item: &HandoverItem) -> Option<(PaneId, Target)> {
    Some(match item {
        HandoverItem::Reception { salesperson, .. }
        | HandoverItem::MakeUpOwed { salesperson, .. } => {
            (PaneId::Rotation, Target::Salesperson(*salesperson))
        }
        HandoverItem::VisitorInside { visit, .. } => (
            PaneId::Lobby,
            Target::Visitor(crate::domain::lobby::LobbyVisitId(*visit)),
        ),
        HandoverItem::ParcelWaiting { parcel, .. } => (
            PaneId::Lobby,
            Target::Parcel(crate::domain::lobby::parcel::ParcelId(*parcel)),
        ),
        HandoverItem::Complaint { id, .. } | HandoverItem::FollowUpDue { id, .. } => {
            (PaneId::Complaints, Target::Complaint(*id))
        }
        HandoverItem::Repair { id, .. } => (PaneId::Complaints, Target::Repair(*id)),
        HandoverItem::OwnershipConflict { registrations, .. } => {
            let (register, id) = registrations.first()?;
            let register = match register {
                RegisterRef::Visit => Register::Visit,
                RegisterRef::Call => Register::Call,
            };
            (PaneId::Registers, Target::Customer(register, *id))
        }
    })
}

impl Pane for HandoverPane {
    fn title(&self) -> Msg {
        Hnd::TabHandover.msg()
    }

    fn hints(&self) -> Vec<Hint> {
        self.filter.with_hint(hints(KEYS))
    }

    fn handle_key(&mut self, key: &KeyEvent, view: &View) -> Option<Action> {
        if let Some(page) = &self.page {
            if !page.handle_key(key.code) {
                // `S` on the review signs the day it shows.
                let sign = key.code == KeyCode::Char('S');
                self.page = None;
                if sign {
                    return Some(self.command(Key::Sign, view));
                }
                self.review = None;
            }
            return Some(Action::Handled);
        }
        if let Some(changed) = self.filter.key(key) {
            if changed {
                self.apply_filter(view);
            }
            return Some(Action::Handled);
        }
        let command = lookup(KEYS, key)?;
        Some(self.command(command, view))
    }

    fn paste(&mut self, text: &str) {
        // Worked out by `answer`, which has the view the lines need.
        self.filter.paste(text);
    }

    /// The filter follows what the list holds: new items, another desk's log entry.
    fn answer(&mut self, _: &Store, view: &View, _: Option<&mut Form>) -> store::Result<()> {
        if self.kept.is_some() || !self.filter.text().is_empty() {
            self.apply_filter(view);
        }
        Ok(())
    }

    /// Another desk wrote: read again on the next tick; if that write decided the handover
    /// submitted here, the outgoing clerk is told at once how (issue 16 §5).
    fn refresh(&mut self, store: &Store, shared: &Shared) -> store::Result<Option<Said>> {
        self.stale = true;
        let Some(id) = self.watching else {
            return Ok(None);
        };
        let Some(record) = store.handover(id)? else {
            return Ok(None);
        };
        let said = outcome(&record, shared);
        if said.is_some() {
            self.watching = None;
        }
        Ok(said)
    }

    fn tick(&mut self, store: &Store, view: &View, form: Option<&mut Form>) -> store::Result<()> {
        // The items asked for, when they have come (even under a form: the list behind it
        // says it is still working until they do).
        self.take_items(store)?;
        // A form of this pane is open: the list waits (nothing beside its forms changes).
        if form.is_some() {
            return Ok(());
        }
        let old = self.loaded.as_ref().is_none_or(|l| {
            (view.now - l.at).num_seconds() >= ITEMS_EVERY_SECONDS || l.operator != view.operator.id
        });
        if old || self.stale {
            self.read(store, view)?;
            self.stale = false;
            // A store in memory has answered already.
            self.take_items(store)?;
        }
        if let Some(day) = self.reviewing.take() {
            let review = store.day_review(day, view.shared.settings.timezone())?;
            self.page = Some(review::page(&review, view));
            self.review = Some(review);
        }
        Ok(())
    }

    fn submit(&mut self, form: &Form, cx: &mut Context) -> Result<Done, Refusal> {
        let Some(purpose) = form.purpose::<Purpose>() else {
            return Ok(Done::default());
        };
        if let Purpose::Reader { reader } = &purpose {
            let reader = forms::chosen_reader(form, cx, reader)?;
            self.reader = Some(reader);
            self.to_mark.clear();
            // The row under the cursor, if whole on screen, is the first one read.
            self.shown_whole(&cx.view(), false);
            self.flush_reads(cx)?;
            return Ok(Done::status(forms::reader_said(cx, reader)));
        }
        if let Purpose::Day { day } = &purpose {
            // A read: the review of the chosen day, shown at once.
            let day = cx.choice_of(form, day)?;
            let tz = cx.shared.settings.timezone();
            let review = cx.store.day_review(day, tz).map_err(|e| cx.refusal(e))?;
            self.page = Some(review::page(&review, &cx.view()));
            self.review = Some(review);
            return Ok(Done::default());
        }
        if let Purpose::HandOver { checks } = &purpose {
            let (done, record) = forms::hand_over_submit(form, cx, checks)?;
            self.watching = Some(record.id);
            if let Some(loaded) = &mut self.loaded {
                loaded.pending = Some(record);
            }
            self.selected = 0;
            self.stale = true;
            return Ok(done);
        }
        if let Purpose::Accept(..) = purpose {
            // What the incoming clerk has been shown whole counts, written or not yet.
            self.flush_reads(cx)?;
        }
        let done = forms::submit(&purpose, form, cx)?;
        self.stale = true;
        self.review = None;
        Ok(done)
    }

    /// HND-8: the day's first sign-in is shown yesterday's open complaints and repairs.
    fn greet(
        &mut self,
        store: &Store,
        view: &View,
        first_today: bool,
    ) -> store::Result<Option<Info>> {
        if !first_today {
            return Ok(None);
        }
        let open = store.yesterdays_open(view.now, view.shared.settings.timezone())?;
        Ok((!open.is_empty()).then(|| review::first_sign_in_page(&open, view)))
    }

    /// Writes the reads a key showed whole (the tick never writes, issue 16 §1), then shows
    /// the record an item opened.
    fn command(&mut self, command: &AnyPurpose, cx: &mut Context) -> Result<Done, Refusal> {
        match Purpose::of(command) {
            Some(Purpose::Read { goto, .. }) => {
                let goto = *goto;
                self.flush_reads(cx)?;
                Ok(Done {
                    goto,
                    ..Done::default()
                })
            }
            _ => Ok(Done::default()),
        }
    }

    fn flash(&mut self, alerts: &[crate::domain::alert::AlertEvent], until: DateTime<Utc>) {
        let refused: Vec<_> = alerts
            .iter()
            .filter_map(crate::ui::alerts::refused_handover)
            .collect();
        if !refused.is_empty() {
            self.flash = Some((refused, until));
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, view: &View) {
        self.draw(frame, area, view);
        if let Some(page) = &self.page {
            page.render(frame, area, view.lang);
        }
    }
}

#[cfg(test)]
mod tests;

/// The pane's key tables, for the vocabulary test (`pane_keys`).
#[cfg(test)]
pub(crate) fn key_tables() -> Vec<(&'static str, Vec<crate::ui::keys::Entry>)> {
    vec![("handover", crate::ui::keys::entries(KEYS))]
}
