//! The complaints pane (投诉报修, issue 9 §3–5): the open complaints and repairs with their
//! live clocks, due first; the guided intake in the standard phrases; one key to the next
//! step of the selected one (CMP-7, CMP-8, CMP-10); repair work orders (CMP-6); a record of
//! each; the phrase library (CMP-3); the statistics (CMP-11).
//!
//! The pane holds one page of open work, the selected item's record and the month's
//! statistics, read after the key (or the tick) that changed them; never a table, never while drawing.

mod calendar;
mod draw;
mod intake;
pub(crate) use crate::words::complaints::labels;
mod library;
mod record;
mod stats;
mod steps;
pub use crate::words::complaints::text;

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;

use self::intake::{Draft, Say};
use self::text::Cpl;
use super::context::Context;
use super::filter::ListFilter;
use super::form::{Form, Pick, Refusal};
use super::info::Info;
use super::keys::{Binding, Hint, Meaning, hints, lookup};
use super::pane::{Action, Done, Pane, Target, View};
use super::said::Said;
use super::shared::Shared;
use super::text::Ui;
use crate::domain::complaint::Urgency;
use crate::domain::staff::StaffId;
use crate::domain::workdays::WorkCalendar;
use crate::i18n::Msg;
use crate::store::complaint::{OpenItem, OpenRef};

/// The number a clerk reads for an open item: `#12`.
fn number(item: OpenRef) -> i64 {
    match item {
        OpenRef::Complaint(id) => id.0,
        OpenRef::Repair(id) => id.0,
    }
}
use crate::store::{self, Store};

/// Open items the pane asks for at a time: more than a desk has on screen.
pub const PAGE: usize = 100;

/// What a complaints form is for, with the lists its submit reads back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    /// The current step of the guided intake (the draft is the pane's), with the lists of
    /// the step's form.
    Intake(intake::Lists),
    /// The blanks of a phrase the record could not fill.
    Blanks {
        phrase: String,
        text: String,
        missing: Vec<&'static str>,
        /// 先生 or 女士, when `{surname}` needs it.
        title: Pick<Option<crate::domain::complaint::Title>>,
    },
    /// The next step of an open complaint or repair.
    Step(steps::StepPurpose),
    /// A new repair work order, with its urgency and its directory picker.
    Repair {
        urgency: Pick<Option<Urgency>>,
        occupant: Pick<Option<crate::domain::lobby::OccupantId>>,
    },
    /// The phrase library, searched as you type.
    Library,
    /// A supervisor adds an office phrase, at a step of the conversation.
    AddPhrase {
        step: Pick<String>,
        supervisor: Pick<StaffId>,
    },
    /// A supervisor declares a working day or a day off.
    Calendar {
        working: Pick<Option<bool>>,
        supervisor: Pick<StaffId>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Intake,
    Repair,
    Next,
    Open,
    Extend,
    Note,
    Stats,
    Phrases,
    AddPhrase,
    Calendar,
    Filter,
    Up,
    Down,
}

const KEYS: &[Binding<Key>] = &[
    Binding::meaning(Meaning::New, Cpl::KeyIntake.msg(), Key::Intake),
    Binding::new(KeyCode::Char('r'), Cpl::KeyRepair.msg(), Key::Repair),
    Binding::new(KeyCode::Char('s'), Cpl::KeyNext.msg(), Key::Next),
    Binding::meaning(Meaning::Open, Cpl::KeyOpen.msg(), Key::Open),
    Binding::meaning(Meaning::Filter, Ui::KeyFilter.msg(), Key::Filter),
    Binding::new(KeyCode::Char('t'), Cpl::KeyStats.msg(), Key::Stats),
    Binding::new(KeyCode::Char('p'), Cpl::KeyPhrases.msg(), Key::Phrases),
    Binding::new(KeyCode::Char('A'), Cpl::AddPhrase.msg(), Key::AddPhrase).help_only(),
    Binding::new(KeyCode::Char('W'), Cpl::KeyCalendar.msg(), Key::Calendar).help_only(),
    Binding::new(KeyCode::Char('E'), Cpl::DoExtend.msg(), Key::Extend).help_only(),
    Binding::new(KeyCode::Char('m'), Cpl::DoNote.msg(), Key::Note).help_only(),
    Binding::new(KeyCode::Up, Ui::KeySelect.msg(), Key::Up).help_only(),
    Binding::new(KeyCode::Down, Ui::KeySelect.msg(), Key::Down).help_only(),
];

#[derive(Default)]
pub struct ComplaintsPane {
    /// Where the open list was drawn, for a click.
    rows: crate::ui::rows::DrawnRows,
    /// The open complaints and repairs, due first, as read.
    all_items: Vec<OpenItem>,
    /// Those the `/` filter keeps (room, complainant, kind, category, what happened): the list drawn
    /// and acted on; `None` until read.
    items: Option<Vec<OpenItem>>,
    filter: ListFilter,
    /// A write or another desk changed them: read again at once (`Pane::answer`). Until then
    /// the list shown stays (never a flash of "no open complaints" in between).
    stale: bool,
    follow_ups_due: usize,
    selected: usize,
    /// The item to select once the list is read again: the one selected before a write
    /// moved it (a reply takes a complaint down the list), or the one just filed.
    keep: Option<OpenRef>,
    /// The selected item's record, read after the key that moved the selection.
    record: Option<record::Record>,
    /// The guided intake in progress, kept across Esc.
    draft: Option<Draft>,
    /// The shipped phrases and the office's own, with how often each was used.
    library: library::Library,
    calendar: WorkCalendar,
    /// The statistics page, when shown: the month it shows and its figures.
    stats: Option<stats::StatsView>,
    /// An item another pane asked to show: selected and its record opened once loaded.
    showing: Option<OpenRef>,
    /// A record opened over the list at another pane's request.
    page: Option<Info>,
    /// The repair form's directory pick, with its label, and what it filled in, so another
    /// pick replaces it (the intake keeps these in its draft).
    repair_pick: Option<(crate::domain::lobby::OccupantId, String)>,
    repair_from_directory: Vec<(crate::ui::form::Text, String)>,
    /// The items an alert has just been raised about, flashing until the moment given
    /// (issue 20 §3).
    flash: Option<(Vec<OpenRef>, chrono::DateTime<chrono::Utc>)>,
}

impl ComplaintsPane {
    /// The open items the filter keeps; the selection stays on the list.
    fn apply_filter(&mut self) {
        let filter = &self.filter;
        let kept: Vec<OpenItem> = self
            .all_items
            .iter()
            .filter(|i| {
                let kind = match i.item {
                    OpenRef::Complaint(_) => Cpl::FindComplaint.msg(),
                    OpenRef::Repair(_) => Cpl::FindRepair.msg(),
                };
                // The category by its whole name and the column's word: the Chinese found
                // by their pinyin initials too, the English beside the kind.
                let none = Msg { zh: "", en: "" };
                let (name, word) = i.category.map_or((none, none), |c| {
                    (labels::category(c).msg(), labels::category_short(c).msg())
                });
                let also = format!("{} {} {} {}", kind.zh, kind.en, name.en, word.en);
                filter.keeps(&[&i.unit, &i.name, &i.summary, name.zh, word.zh], &also)
            })
            .cloned()
            .collect();
        self.selected = self.selected.min(kept.len().saturating_sub(1));
        self.items = Some(kept);
    }

    fn selected_item(&self) -> Option<&OpenItem> {
        self.items.as_ref()?.get(self.selected)
    }

    /// The deadline the draft's classification gives, for the side panel and `{deadline}`.
    fn draft_due(&self, draft: &Draft, view: &View) -> Option<NaiveDate> {
        let nature = draft.nature?;
        let tz = view.shared.settings.timezone();
        Some(self.calendar.deadline(view.now, tz, nature, 0))
    }

    fn intake_form(&self, view: &View) -> Form {
        let draft = self.draft.clone().unwrap_or_default();
        let due = self.draft_due(&draft, view);
        intake::form(&draft, view, self.library.phrases(), due)
    }

    fn command(&mut self, key: Key, view: &View) -> Action {
        if view.shared.read_only
            && matches!(
                key,
                Key::Intake
                    | Key::Repair
                    | Key::Next
                    | Key::Extend
                    | Key::Note
                    | Key::AddPhrase
                    | Key::Calendar
            )
        {
            return Action::Error(view.shared.not_saved(Said::msg(Ui::ErrReadOnly)));
        }
        match key {
            Key::Intake => {
                if self.draft.is_none() {
                    self.draft = Some(Draft::default());
                }
                Action::Open(self.intake_form(view))
            }
            Key::Repair => {
                self.repair_pick = None;
                self.repair_from_directory.clear();
                Action::Open(steps::repair_form(view))
            }
            Key::Phrases => Action::Open(library::form(view, &self.library)),
            Key::AddPhrase => Action::Open(library::add_form(view)),
            Key::Calendar => Action::Open(calendar::form(view, &self.calendar)),
            Key::Filter => {
                self.filter.start();
                Action::Handled
            }
            Key::Stats => {
                self.stats = Some(stats::StatsView::this_month(view));
                Action::Handled
            }
            Key::Next | Key::Extend | Key::Note | Key::Open => {
                let (Some(item), Some(record)) = (self.selected_item(), &self.record) else {
                    return Action::Error(Said::msg(Cpl::NothingSelected));
                };
                if record.work() != item.item {
                    // The record of a fresh selection is read after this key.
                    return Action::Handled;
                }
                match key {
                    Key::Open => Action::Info(record.page(view)),
                    Key::Next => steps::next_form(record, view),
                    Key::Extend => steps::extend_form(record, view),
                    _ => steps::note_form(record, view),
                }
            }
            Key::Up => {
                self.selected = self.selected.saturating_sub(1);
                Action::Handled
            }
            Key::Down => {
                let len = self.items.as_ref().map_or(0, Vec::len);
                self.selected = (self.selected + 1).min(len.saturating_sub(1));
                Action::Handled
            }
        }
    }

    /// A write went through: everything shown is read again before the next key.
    fn written(&mut self) {
        if self.keep.is_none() {
            self.keep = self.selected_item().map(|i| i.item);
        }
        self.stale = true;
        self.record = None;
        if let Some(stats) = &mut self.stats {
            stats.stale();
        }
    }

    fn submit_intake(
        &mut self,
        form: &Form,
        lists: &intake::Lists,
        cx: &mut Context,
    ) -> Result<Done, Refusal> {
        let mut draft = self.draft.take().unwrap_or_default();
        draft.read(form, lists);
        let result = self.advance(&mut draft, form, lists, cx);
        // Whatever happened, what was typed stays for the next `n` unless it was filed.
        if !matches!(result, Ok((true, _))) {
            self.draft = Some(draft);
        }
        result.map(|(_, done)| done)
    }

    /// Says a phrase or moves the intake; `true` when the complaint was filed. `lists` are
    /// the step's form's.
    fn advance(
        &mut self,
        draft: &mut Draft,
        form: &Form,
        lists: &intake::Lists,
        cx: &mut Context,
    ) -> Result<(bool, Done), Refusal> {
        let say = form.chosen(&lists.phrase).unwrap_or(Say::GoOn);
        if let Say::Phrase(id) = &say {
            let due = self.draft_due(draft, &cx.view());
            let done = library::say(&mut self.library, draft, id, due, &lists.phrase, cx)?;
            let done = match done {
                Some(blanks) => Done::default().then(blanks),
                None => self.stay(draft, cx),
            };
            return Ok((false, done));
        }
        if say == Say::GoOn {
            // The step's own fields are checked as the clerk leaves it, the refusal shown
            // there with the cursor on the field: nothing typed or picked moves.
            intake::check_step(draft, draft.step, lists)?;
            if draft.step == intake::Step::Promise {
                intake::check_promised(draft, self.draft_due(draft, &cx.view()), lists)?;
            }
        }
        match intake::moved(draft.step, &say) {
            Some(step) => {
                draft.step = step;
                Ok((false, self.stay(draft, cx)))
            }
            None if say == Say::GoOn => {
                // Whatever refuses now belongs to no step (the store, or another desk
                // writing, which the shell retries): it stays on this last step, the draft
                // kept whole by `submit_intake`.
                let (said, filed) = steps::file(draft, lists, &self.calendar, cx)?;
                self.keep = Some(filed);
                self.written();
                Ok((true, Done::status(said)))
            }
            None => Ok((false, self.stay(draft, cx))),
        }
    }

    fn form_for(&self, draft: &Draft, cx: &Context) -> Form {
        let view = cx.view();
        let due = self.draft_due(draft, &view);
        intake::form(draft, &view, self.library.phrases(), due)
    }

    /// The draft's current step again, as the follow-up form.
    fn stay(&self, draft: &Draft, cx: &Context) -> Done {
        Done::default().then(self.form_for(draft, cx))
    }
}

impl Pane for ComplaintsPane {
    fn title(&self) -> Msg {
        Cpl::TabComplaints.msg()
    }

    fn hints(&self) -> Vec<Hint> {
        match &self.stats {
            Some(_) => stats::hints(),
            None => self.filter.with_hint(hints(KEYS)),
        }
    }

    fn handle_key(&mut self, key: &KeyEvent, view: &View) -> Option<Action> {
        if let Some(page) = &self.page {
            if !page.handle_key(key.code) {
                self.page = None;
            }
            return Some(Action::Handled);
        }
        if let Some(stats) = &mut self.stats {
            if !stats.handle_key(key) {
                self.stats = None;
            }
            return Some(Action::Handled);
        }
        if let Some(changed) = self.filter.key(key) {
            if changed {
                self.apply_filter();
            }
            return Some(Action::Handled);
        }
        let command = lookup(KEYS, key)?;
        Some(self.command(command, view))
    }

    fn click(&mut self, column: u16, row: u16, _view: &View) {
        let len = self.items.as_ref().map_or(0, Vec::len);
        if let Some(i) = self.rows.at(column, row).filter(|&i| i < len) {
            self.selected = i;
        }
    }

    fn refresh(&mut self, store: &Store, _shared: &Shared) -> store::Result<Option<Said>> {
        if self.keep.is_none() {
            self.keep = self.selected_item().map(|i| i.item);
        }
        self.stale = true;
        self.record = None;
        self.calendar = store.calendar()?;
        self.library.reload(store)?;
        if let Some(stats) = &mut self.stats {
            stats.stale();
        }
        Ok(None)
    }

    /// The form's pickers, or else what the keys asked of the list: read again after a
    /// write (a complaint just filed is listed at once, issue 16 §4), the selected item's
    /// record, the statistics, an item shown from another tab.
    fn answer(&mut self, store: &Store, view: &View, form: Option<&mut Form>) -> store::Result<()> {
        match form {
            Some(form) => self.watch(form, store, view),
            None => self.read_what_is_asked(store, view),
        }
    }

    fn submit(&mut self, form: &Form, cx: &mut Context) -> Result<Done, Refusal> {
        let Some(purpose) = form.purpose::<Purpose>() else {
            return Ok(Done::default());
        };
        match purpose {
            Purpose::Intake(lists) => self.submit_intake(form, &lists, cx),
            Purpose::Blanks {
                phrase,
                text,
                missing,
                title,
            } => {
                let mut draft = self.draft.take().unwrap_or_default();
                let result = library::fill_asked(
                    &mut self.library,
                    &mut draft,
                    &phrase,
                    &text,
                    &missing,
                    &title,
                    form,
                    cx,
                );
                let done = result.map(|()| self.stay(&draft, cx));
                self.draft = Some(draft);
                done
            }
            Purpose::Step(step) => {
                let said = steps::submit(&step, form, cx)?;
                self.written();
                Ok(Done::status(said))
            }
            Purpose::Repair { urgency, occupant } => {
                let (said, filed) = steps::file_repair(form, &urgency, &occupant, cx)?;
                self.keep = Some(filed);
                self.written();
                Ok(Done::status(said))
            }
            Purpose::Library => Ok(Done::default()),
            Purpose::Calendar {
                working,
                supervisor,
            } => {
                let said = calendar::submit(form, &working, &supervisor, cx)?;
                self.calendar = cx.store.calendar().map_err(|e| cx.refusal(e))?;
                self.written();
                Ok(Done::status(said))
            }
            Purpose::AddPhrase { step, supervisor } => {
                let said = library::add(form, &step, &supervisor, cx)?;
                self.library.reload(cx.store).map_err(|e| cx.refusal(e))?;
                Ok(Done::status(said))
            }
        }
    }

    fn flash(
        &mut self,
        alerts: &[crate::domain::alert::AlertEvent],
        until: chrono::DateTime<chrono::Utc>,
    ) {
        let items: Vec<OpenRef> = alerts
            .iter()
            .filter_map(crate::ui::alerts::open_ref)
            .collect();
        if !items.is_empty() {
            self.flash = Some((items, until));
        }
    }

    fn show(&mut self, target: Target) {
        let wanted = match target {
            Target::Complaint(id) => OpenRef::Complaint(id),
            Target::Repair(id) => OpenRef::Repair(id),
            _ => return,
        };
        self.stats = None;
        self.showing = Some(wanted);
    }

    fn render(&self, frame: &mut Frame, area: Rect, view: &View) {
        match &self.stats {
            Some(stats) => stats.render(frame, area, view),
            None => self.draw(frame, area, view),
        }
        if let Some(page) = &self.page {
            page.render(frame, area, view.lang);
        }
    }
}

impl ComplaintsPane {
    /// Keeps a form's side panel true as the clerk types: the draft's deadline, the phrase
    /// library's matches.
    fn watch(&mut self, form: &mut Form, store: &Store, view: &View) -> store::Result<()> {
        if !form.take_change() {
            return Ok(());
        }
        match form.purpose::<Purpose>() {
            Some(Purpose::Intake(lists)) => {
                if form.is_focused(&lists.occupant) {
                    let query = form.query(&lists.occupant).unwrap_or_default().to_owned();
                    let draft = self.draft.clone().unwrap_or_default();
                    form.set_options(
                        &lists.occupant,
                        intake::find_occupants(store, &query, draft.occupant.clone(), view.lang)?,
                    );
                }
                // What was typed is the draft's at once: Esc keeps it.
                let mut draft = self.draft.clone().unwrap_or_default();
                let picked_before = draft.occupant.as_ref().map(|(id, _)| *id);
                draft.read(form, &lists);
                if draft.occupant.as_ref().map(|(id, _)| *id) != picked_before {
                    draft.from_directory = intake::fill_from_directory(
                        form,
                        &lists.occupant,
                        store,
                        &draft.from_directory,
                        intake::complainant_field,
                    )?;
                    draft.read(form, &lists);
                }
                let due = self.draft_due(&draft, view);
                form.set_side(intake::side(&draft, view.lang, due));
                self.draft = Some(draft);
            }
            Some(Purpose::Repair { occupant, .. }) => {
                if form.is_focused(&occupant) {
                    let query = form.query(&occupant).unwrap_or_default().to_owned();
                    let picked = self.repair_pick.clone();
                    form.set_options(
                        &occupant,
                        intake::find_occupants(store, &query, picked, view.lang)?,
                    );
                }
                // The occupant picked fills in the customer, phone and room, as at intake.
                let picked = form.chosen(&occupant).flatten();
                if picked != self.repair_pick.as_ref().map(|(id, _)| *id) {
                    self.repair_from_directory = intake::fill_from_directory(
                        form,
                        &occupant,
                        store,
                        &self.repair_from_directory,
                        |_| steps::CUSTOMER,
                    )?;
                    self.repair_pick = picked.zip(form.chosen_label(&occupant));
                }
            }
            Some(Purpose::Library) => library::watch(form, &self.library, view),
            Some(Purpose::Calendar { .. }) => calendar::watch(form, &self.calendar, view.lang),
            _ => {}
        }
        Ok(())
    }
}

impl ComplaintsPane {
    /// What the list's keys asked: the open work read again when stale, the selected item's
    /// record, the statistics page, an item another tab asked to show.
    fn read_what_is_asked(&mut self, store: &Store, view: &View) -> store::Result<()> {
        if self.items.is_none() || self.stale {
            self.stale = false;
            self.all_items = store.open_work(view.now, PAGE)?;
            self.apply_filter();
            self.follow_ups_due = store.follow_ups_due(view.now)?.len();
            let items = self.items.as_deref().unwrap_or_default();
            let kept = self.keep.take();
            match items.iter().position(|i| Some(i.item) == kept) {
                Some(at) => self.selected = at,
                None => self.selected = self.selected.min(items.len().saturating_sub(1)),
            }
        }
        if let Some(wanted) = self.showing
            && let Some(at) = self.items.iter().flatten().position(|i| i.item == wanted)
        {
            self.selected = at;
        }
        let selected = self.selected_item().map(|i| i.item);
        if selected != self.record.as_ref().map(record::Record::work) {
            self.record = match selected {
                Some(work) => record::Record::load(store, work)?,
                None => None,
            };
        }
        if let Some(stats) = &mut self.stats {
            stats.load(store, view)?;
        }
        if let Some(wanted) = self.showing.take() {
            // Closed since: its record is still worth reading.
            let record = match &self.record {
                Some(r) if r.work() == wanted => None,
                _ => record::Record::load(store, wanted)?,
            };
            self.page = record
                .as_ref()
                .or(self.record.as_ref())
                .map(|r| r.page(view));
        }
        Ok(())
    }
}

/// The pane's key tables, for the vocabulary test (`pane_keys`).
#[cfg(test)]
pub(crate) fn key_tables() -> Vec<(&'static str, Vec<crate::ui::keys::Entry>)> {
    vec![("complaints", crate::ui::keys::entries(KEYS))]
}
