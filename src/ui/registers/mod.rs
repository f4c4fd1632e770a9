//! The registers pane (登记): the visitor and phone registers searched as you type, a
//! customer's whole record with its corrections, and the visit, call and correction forms
//! with the ownership check beside them (REG-1 … REG-6, REG-9, REG-12; SEC-1 masked phones).
//!
//! The pane holds one page of results and at most one customer's record, never a table: a
//! query runs on the key that changed the box or the filters (`Pane::answer`), so the list
//! on screen is the list the next key acts on, and never while drawing.

mod draw;
pub mod forms;
mod record;
#[cfg(test)]
mod referral_tests;
pub mod referral_text;
pub mod referrals;
#[cfg(test)]
mod tests;
pub mod text;
pub mod verdict;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

use self::forms::Purpose;
use self::record::RecordView;
use self::text::Reg;
use super::context::Context;
use super::form::{Form, Refusal};
use super::info::Info;
use super::keys::{Binding, Hint, Meaning, hints, lookup};
use super::pane::{Action, Done, Pane, Target, View};
use super::said::Said;
use super::shared::Shared;
use super::text::Ui;
use crate::domain::clock::day_start;
use crate::domain::register::Register;
use crate::domain::text::sanitize;
use crate::i18n::{Lang, Msg, fill};
use crate::store::register::{RegisterRow, SearchFilters};
use crate::store::register_day::RegisterDay;
use crate::store::{self, Store};
use chrono::NaiveDate;

/// How much the search box holds: more than any name, phone or plate.
const QUERY_MAX_CHARS: usize = 40;

/// Rows of results the pane asks for at a time.
pub const PAGE: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Search,
    Visit,
    Call,
    Open,
    Filters,
    Summary,
    EmployeeReferral,
    Up,
    Down,
    PageDown,
    PageUp,
}

const KEYS: &[Binding<Key>] = &[
    Binding::meaning(Meaning::Filter, Reg::KeySearch.msg(), Key::Search),
    Binding::new(KeyCode::Char('v'), Reg::KeyVisit.msg(), Key::Visit),
    Binding::new(KeyCode::Char('c'), Reg::KeyCall.msg(), Key::Call),
    Binding::meaning(Meaning::Open, Reg::KeyOpen.msg(), Key::Open),
    Binding::new(KeyCode::Char('f'), Reg::KeyFilters.msg(), Key::Filters),
    Binding::new(KeyCode::Char('s'), Reg::KeySummary.msg(), Key::Summary),
    Binding::new(
        KeyCode::Char('r'),
        referral_text::Refer::KeyEmployeeReferral.msg(),
        Key::EmployeeReferral,
    ),
    Binding::new(KeyCode::Up, Ui::KeySelect.msg(), Key::Up).help_only(),
    Binding::new(KeyCode::Down, Ui::KeySelect.msg(), Key::Down).help_only(),
    Binding::new(KeyCode::PageDown, Reg::KeyMore.msg(), Key::PageDown).help_only(),
    Binding::new(KeyCode::PageUp, Reg::KeyMore.msg(), Key::PageUp).help_only(),
];

/// While the search box has the keys, only these are commands; everything else is typed.
const TYPING_KEYS: &[Binding<Key>] = &[
    Binding::meaning(Meaning::Open, Reg::KeyOpen.msg(), Key::Open),
    Binding::new(KeyCode::Up, Ui::KeySelect.msg(), Key::Up),
    Binding::new(KeyCode::Down, Ui::KeySelect.msg(), Key::Down),
    Binding::new(KeyCode::PageDown, Reg::KeyMore.msg(), Key::PageDown).help_only(),
    Binding::new(KeyCode::PageUp, Reg::KeyMore.msg(), Key::PageUp).help_only(),
];

/// What a page of results answers: the query, the filters and the page.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Asked {
    query: String,
    filters: SearchFilters,
    offset: usize,
}

#[derive(Default)]
pub struct RegistersPane {
    /// Where the results were drawn, for a click.
    rows: crate::ui::rows::DrawnRows,
    query: String,
    /// The search box has the keys (after `/`, until Esc).
    typing: bool,
    filters: SearchFilters,
    offset: usize,
    results: Vec<RegisterRow>,
    /// What `results` answer; `None` until the first search, or after a write.
    answered: Option<Asked>,
    selected: usize,
    /// The customer opened with Enter, loaded on the next tick.
    opening: Option<(Register, i64)>,
    record: Option<RecordView>,
    /// Today's figures and the chain heads, read on the tick after any write.
    summary: Option<(NaiveDate, RegisterDay)>,
    /// Who answers the next call (REG-2's phone order), read with the figures; the call
    /// form proposes them.
    next_call: Option<(NaiveDate, Option<crate::domain::staff::StaffId>)>,
    /// The employee referrals still pending (REG-8), read with the figures.
    pending: Vec<crate::domain::register::EmployeeReferral>,
}

impl RegistersPane {
    fn asked(&self) -> Asked {
        Asked {
            query: search_text(&self.query),
            filters: self.filters.clone(),
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
            // The last row of a full page: the next page follows.
            Key::Down if self.selected + 1 >= self.results.len() && self.results.len() == PAGE => {
                self.offset += PAGE;
                self.selected = 0;
            }
            Key::Down if self.selected + 1 >= self.results.len() => {}
            Key::Down => self.selected += 1,
            Key::PageDown if self.results.len() == PAGE => {
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
            Key::Visit | Key::Call | Key::EmployeeReferral if view.shared.read_only => {
                Action::Error(view.shared.not_saved(Said::msg(Reg::ErrReadOnly)))
            }
            Key::Visit | Key::Call
                if view
                    .shared
                    .active(crate::domain::staff::Role::Salesperson)
                    .next()
                    .is_none() =>
            {
                Action::Error(Said::msg(Reg::ErrNoSalesperson))
            }
            Key::Visit => Action::Open(forms::visit(view, None, None)),
            Key::EmployeeReferral => Action::Open(referrals::employee_form(view)),
            Key::Call => {
                let next = self
                    .next_call
                    .filter(|(day, _)| *day == view.shared.day)
                    .and_then(|(_, next)| next);
                Action::Open(forms::call(view, next))
            }
            Key::Filters => Action::Open(forms::filters(view, &self.filters)),
            Key::Summary => match &self.summary {
                Some((day, summary)) => {
                    Action::Info(summary_page(*day, summary, &self.pending, view))
                }
                None => Action::Handled,
            },
            Key::Open => match self.results.get(self.selected) {
                Some(row) => {
                    self.opening = Some((row.register, row.id));
                    Action::Handled
                }
                None => Action::Error(Said::msg(Reg::ErrNothingSelected)),
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
            // Tab, F-keys and the rest are the shell's.
            _ => return None,
        }
        Some(Action::Handled)
    }

    /// The query or the filters changed: their results start at the first page, whatever
    /// page the last query was on (issue 15 §2).
    fn new_query(&mut self) {
        self.offset = 0;
        self.selected = 0;
    }

    /// Reloads the page of results if what it answers has changed.
    fn search(&mut self, store: &Store) -> store::Result<()> {
        let asked = self.asked();
        if self.answered.as_ref() == Some(&asked) {
            return Ok(());
        }
        let fresh_query = self
            .answered
            .as_ref()
            .is_none_or(|a| a.query != asked.query || a.filters != asked.filters);
        self.results = store.search(&asked.query, &asked.filters, (asked.offset, PAGE))?;
        if fresh_query {
            self.selected = 0;
        }
        self.selected = self.selected.min(self.results.len().saturating_sub(1));
        self.answered = Some(asked);
        Ok(())
    }
}

/// The day's registers and the chain heads, to be noted on paper or signed (issue 8 §2).
fn summary_page(
    day: NaiveDate,
    summary: &RegisterDay,
    pending: &[crate::domain::register::EmployeeReferral],
    view: &View,
) -> Info {
    let lang = view.lang;
    let sep = if lang == Lang::Zh { "、" } else { ", " };
    let per_person: Vec<String> = summary
        .visits
        .iter()
        .map(|(id, n)| format!("{} {n}", view.shared.name(*id)))
        .collect();
    let visits = if per_person.is_empty() {
        Reg::SummaryNoVisits.text(lang).to_owned()
    } else {
        fill(
            Reg::SummaryVisits.text(lang),
            &[
                ("n", &summary.visit_count()),
                ("who", &per_person.join(sep)),
            ],
        )
    };
    let mut lines = vec![
        visits,
        fill(
            Reg::SummaryCalls.text(lang),
            &[
                ("calls", &summary.calls),
                ("corrections", &summary.corrections),
            ],
        ),
    ];
    lines.extend(referrals::pending_lines(pending, view));
    lines.push(String::new());
    lines.push(Reg::SummaryHeads.text(lang).to_owned());
    lines.extend(
        summary
            .heads
            .iter()
            .map(|h| format!("  {}", super::describe::chain_head(h, lang))),
    );
    let title = fill(
        Reg::SummaryTitle.text(lang),
        &[("date", &day.format("%Y-%m-%d"))],
    );
    Info::new(title, lines)
}

/// The query as the store reads it: pinyin initials typed in capitals are still initials.
fn search_text(query: &str) -> String {
    let query = query.trim();
    if query.chars().all(|c| c.is_ascii_alphabetic()) {
        query.to_ascii_lowercase()
    } else {
        query.to_owned()
    }
}

impl Pane for RegistersPane {
    fn show(&mut self, target: Target) {
        if let Target::Customer(register, id) = target {
            self.typing = false;
            self.opening = Some((register, id));
        }
    }

    fn title(&self) -> Msg {
        Reg::TabRegisters.msg()
    }

    fn hints(&self) -> Vec<Hint> {
        if self.record.is_some() {
            record::hints()
        } else if self.typing {
            let mut out = hints(TYPING_KEYS);
            out.push(Hint {
                key: "Esc".into(),
                label: Reg::KeyLeaveSearch.msg(),
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

    /// Another desk registered something: the page is asked again on the next tick.
    fn refresh(&mut self, store: &Store, shared: &Shared) -> store::Result<Option<Said>> {
        self.answered = None;
        self.summary = None;
        self.next_call = None;
        if let Some(record) = &mut self.record {
            record.reload(store, shared)?;
        }
        Ok(None)
    }

    /// A phone number pasted into the search box, cleaned of control characters and escape
    /// sequences, as much as the box holds.
    fn click(&mut self, column: u16, row: u16, _view: &View) {
        if self.record.is_some() {
            return;
        }
        if let Some(i) = self
            .rows
            .at(column, row)
            .filter(|&i| i < self.results.len())
        {
            self.selected = i;
        }
    }

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

    /// The search box's query, a form's ownership panel and a record asked for are
    /// answered on the key that asked (issue 15 §2).
    fn answer(&mut self, store: &Store, view: &View, form: Option<&mut Form>) -> store::Result<()> {
        if let Some(form) = form {
            return forms::watch(form, store, view);
        }
        if let Some((register, id)) = self.opening.take() {
            self.record = Some(RecordView::load(
                store,
                view.shared,
                register,
                id,
                view.now,
            )?);
        }
        if self.record.is_none() {
            self.search(store)?;
        }
        Ok(())
    }

    fn tick(&mut self, store: &Store, view: &View, form: Option<&mut Form>) -> store::Result<()> {
        if form.is_some() {
            return Ok(());
        }
        if self
            .summary
            .as_ref()
            .is_none_or(|(day, _)| *day != view.shared.day)
        {
            let tz = view.shared.settings.timezone();
            let day = view.shared.day;
            let start = |d: NaiveDate| day_start(forms::at_noon(d, tz), tz);
            let end = start(day.succ_opt().unwrap_or(day));
            self.summary = Some((day, store.register_day(start(day), end)?));
            self.next_call = Some((day, store.next_to_answer(day, start(day), end)?));
            self.pending = store.pending_employee_referrals(day)?;
        }
        Ok(())
    }

    fn submit(&mut self, form: &Form, cx: &mut Context) -> Result<Done, Refusal> {
        match form.purpose::<Purpose>() {
            Some(Purpose::Filters(lists)) => {
                self.filters = forms::read_filters(form, &lists, cx)?;
                self.new_query();
                return Ok(Done::default());
            }
            Some(Purpose::Rule {
                covers,
                owner,
                supervisor,
            }) => {
                let said = forms::submit_rule(form, cx, &covers, &owner, &supervisor)?;
                if let Some(record) = &mut self.record {
                    record
                        .reload(cx.store, cx.shared)
                        .map_err(|e| cx.refusal(e))?;
                }
                return Ok(Done::status(said));
            }
            Some(Purpose::EmployeeReferral { referrer }) => {
                let said = referrals::submit_employee(form, cx, &referrer)?;
                self.answered = None;
                self.summary = None;
                return Ok(Done::status(said));
            }
            Some(Purpose::ConfirmReferral {
                referral,
                visit,
                supervisor,
            }) => {
                let said = referrals::submit_confirm(form, cx, referral, visit, &supervisor)?;
                if let Some(record) = &mut self.record {
                    record
                        .reload(cx.store, cx.shared)
                        .map_err(|e| cx.refusal(e))?;
                }
                return Ok(Done::status(said));
            }
            _ => {}
        }
        let Some(result) = forms::register(form, cx) else {
            return Ok(Done::default());
        };
        let registered = result?;
        // The page and the record are read again: they may hold what was just written.
        self.answered = None;
        self.summary = None;
        self.next_call = None;
        if let Some(record) = &mut self.record {
            record
                .reload(cx.store, cx.shared)
                .map_err(|e| cx.refusal(e))?;
        }
        let done = Done::status(registered.said);
        Ok(match registered.confirm {
            Some((referral, visit)) => {
                done.then(referrals::confirm_form(&cx.view(), &referral, visit))
            }
            None => done,
        })
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
        ("registers", crate::ui::keys::entries(KEYS)),
        ("registers, typing", crate::ui::keys::entries(TYPING_KEYS)),
        ("register record", record::key_entries()),
    ]
}
