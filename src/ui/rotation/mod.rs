//! The rotation pane (轮排表): who is next, the order after them, who is receiving, make-ups
//! owed, today's counts, and the lunch desk; and the keys that drive the rotation.

pub(super) mod describe;
mod draw;
mod forms;
mod proposal;
mod text;

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;

use self::describe::Today;
pub use self::forms::Purpose;
use self::forms::ReceptionStep;
use self::text::Rot;
use super::context::Context;
use super::form::{Form, Pick, Refusal};
use super::info::Info;
use super::keys::{Binding, Hint, Meaning, hints, lookup};
use super::pane::{Action, Done, Pane, Target, View};
use super::purpose::{OwnPurpose, Purpose as AnyPurpose};
use super::said::Said;
use super::shared::Shared;
use super::text::Ui;
use crate::domain::rotation::{Availability, Command, RotationDay, StaffId, Via};
use crate::i18n::{Lang, Msg, fill};
use crate::store::{self, BadRow, Store};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    WalkIn,
    Designated,
    Returning,
    Public,
    End,
    CheckIn,
    CheckOut,
    Away,
    Break,
    Leave,
    Skip,
    Reorder,
    Reject,
    Violation,
    Why,
    Log,
    Earlier,
    SetAside,
    Register,
    Up,
    Down,
}

const fn k(c: char, label: Rot, key: Key) -> Binding<Key> {
    Binding::new(KeyCode::Char(c), label.msg(), key)
}

/// A key of the console's vocabulary (issue 20 §1); the supervisor's PIN acts (reorder,
/// void a turn, a violation, set a bad row aside) are capitals, out of habit's reach.
const fn m(meaning: Meaning, label: Rot, key: Key) -> Binding<Key> {
    Binding::meaning(meaning, label.msg(), key)
}

/// The rotation pane's keys, in the order the footer shows them: the ones a clerk uses every
/// hour first (issue 15 §8), so 80 columns keep them.
const KEYS: &[Binding<Key>] = &[
    m(Meaning::New, Rot::KeyWalkIn, Key::WalkIn),
    m(Meaning::End, Rot::KeyEnd, Key::End),
    k('b', Rot::KeyBreak, Key::Break),
    m(Meaning::Out, Rot::KeyCheckOut, Key::CheckOut),
    k('s', Rot::KeySkip, Key::Skip),
    k('c', Rot::KeyRegister, Key::Register),
    m(Meaning::In, Rot::KeyCheckIn, Key::CheckIn),
    k('d', Rot::KeyDesignated, Key::Designated),
    k('r', Rot::KeyReturning, Key::Returning),
    k('p', Rot::KeyPublic, Key::Public),
    k('w', Rot::KeyWhy, Key::Why),
    k('a', Rot::KeyAway, Key::Away),
    k('l', Rot::KeyLeave, Key::Leave).help_only(),
    k('M', Rot::KeyReorder, Key::Reorder).help_only(),
    k('X', Rot::KeyReject, Key::Reject).help_only(),
    k('V', Rot::KeyViolation, Key::Violation).help_only(),
    k('g', Rot::KeyLog, Key::Log).help_only(),
    k('y', Rot::KeyEarlier, Key::Earlier).help_only(),
    k('U', Rot::KeySetAside, Key::SetAside).help_only(),
    Binding::new(KeyCode::Up, Ui::KeySelect.msg(), Key::Up).help_only(),
    Binding::new(KeyCode::Down, Ui::KeySelect.msg(), Key::Down).help_only(),
];

/// Holds today's replayed day, and a cursor that follows a person, not a row: the queue
/// reorders under it all day.
#[derive(Debug, Default)]
pub struct RotationPane {
    day: RotationDay,
    /// The business day `day` belongs to, once loaded.
    date: Option<NaiveDate>,
    /// The first row of the day's log that cannot be read: the day is shown up to it.
    bad_row: Option<BadRow>,
    /// The last business day before it, while it has receptions without an outcome.
    earlier: Option<Earlier>,
    selected: Option<StaffId>,
    /// How the registers proposed today's receptions end, for those whose customer was
    /// registered (`c`): `e` on one starts from its proposal.
    proposed: Vec<proposal::Proposed>,
    /// Where the table was drawn, for a click.
    rows: crate::ui::rows::DrawnRows,
}

/// An earlier business day and its replayed log.
#[derive(Debug)]
pub struct Earlier {
    pub date: NaiveDate,
    pub day: RotationDay,
}

impl Earlier {
    fn open(&self) -> usize {
        self.day.receptions().count()
    }
}

impl RotationPane {
    /// Row of the salesperson under the cursor. Until the clerk moves it (or if that person
    /// is gone) it rests on the next up, so the highlight, `w` and every key agree.
    fn row(&self, day: &RotationDay, roster: &[StaffId]) -> usize {
        let next = day.next_up().map(|n| n.salesperson);
        let position = |id: StaffId| roster.iter().position(|&q| q == id);
        self.selected
            .and_then(position)
            .or_else(|| next.and_then(position))
            .unwrap_or(0)
    }

    /// The salesperson under the cursor, if anyone is listed.
    fn selected(&self) -> Option<StaffId> {
        let roster = listing(&self.day);
        roster.get(self.row(&self.day, &roster)).copied()
    }

    fn move_cursor(&mut self, up: bool) {
        let roster = listing(&self.day);
        let row = self.row(&self.day, &roster);
        let row = if up { row.saturating_sub(1) } else { row + 1 };
        self.selected = roster.get(row.min(roster.len().saturating_sub(1))).copied();
    }

    fn key(&mut self, command: Key, view: &View) -> Action {
        let lang = view.lang;
        let selected = self.selected();
        // Once the clerk acts on someone the cursor stays with them, even as the queue
        // rolls on; only walk-ins leave a resting cursor to follow the next up.
        if !matches!(command, Key::WalkIn | Key::Why | Key::Log) {
            self.selected = selected;
        }
        let day = &self.day;
        // With nobody checked in there is nobody to select or receive: say that instead.
        let nobody_in = !day.members().any(|m| m.checked_in);
        let need_selected = || {
            Action::Error(Said::msg(if nobody_in {
                Rot::ErrNobodyCheckedIn
            } else {
                Rot::ErrNoSelection
            }))
        };
        let name = |id| view.shared.name(id);
        match command {
            Key::Up | Key::Down => {
                self.move_cursor(command == Key::Up);
                Action::Handled
            }
            Key::WalkIn if nobody_in => Action::Error(Said::msg(Rot::ErrNobodyCheckedIn)),
            Key::WalkIn => forms::run(Command::WalkIn),
            Key::Designated => Action::Open(forms::pick_salesperson(
                Purpose::Designated,
                Rot::DlgDesignated,
                view,
                |_| true,
            )),
            Key::Returning => Action::Open(forms::pick_salesperson(
                Purpose::Returning,
                Rot::DlgReturning,
                view,
                |_| true,
            )),
            Key::Public => Action::Open(forms::public(view)),
            Key::CheckIn => Action::Open(forms::pick_salesperson(
                Purpose::CheckIn,
                Rot::DlgCheckIn,
                view,
                |id| !day.member(id).is_some_and(|m| m.checked_in),
            )),
            Key::Why => match selected {
                Some(id) => Action::Info(Info::new(
                    Rot::DlgWhy.text(lang).into(),
                    describe::explanation(id, &self.today(view.shared), view.now, lang),
                )),
                None => need_selected(),
            },
            Key::Log => Action::Info(self.log(view)),
            // The customer being received, registered with the ownership check beside the
            // form; submitting it proposes how the reception ends.
            Key::Register => {
                let receivers: Vec<StaffId> = listing(day)
                    .into_iter()
                    .filter(|id| day.member(*id).is_some_and(|m| m.reception.is_some()))
                    .collect();
                match proposal::receiver_to_register(day, selected, &receivers) {
                    Ok((id, reception)) => Action::Open(crate::ui::registers::forms::visit(
                        view,
                        Some(reception),
                        Some(id),
                    )),
                    Err(said) => Action::Error(said),
                }
            }
            // An unreadable row of the log stops the rotation until a supervisor sets it
            // aside with a reason; the row itself stays, as evidence does.
            Key::SetAside => match &self.bad_row {
                Some(bad) => {
                    let supervisor = Pick::new("supervisor");
                    Action::Open(
                        view.approval(
                            Form::new(
                                Purpose::SetAside(bad.id, supervisor.clone()),
                                fill(Rot::DlgSetAside.text(lang), &[("row", &bad.id)]),
                            )
                            .hint(super::describe::bad_row(
                                bad,
                                view.shared.settings.timezone(),
                                lang,
                            ))
                            .text(forms::REASON, Rot::FieldReason)
                            .required(),
                            &supervisor,
                        ),
                    )
                }
                None => Action::Error(Said::msg(Rot::ErrNoBadRow)),
            },
            Key::Earlier => match &self.earlier {
                Some(earlier) => forms::earlier(earlier, view),
                None => Action::Error(Said::msg(Rot::ErrNothingOpenEarlier)),
            },
            // The log cannot be undone, so skipping says what it costs and asks first.
            Key::Skip => match day.next_up() {
                Some(next) => {
                    let cost = match next.via {
                        Via::MakeUp(_) => Rot::SkipForfeitsMakeUp,
                        Via::Order => Rot::SkipLosesTurn,
                    };
                    let who = name(next.salesperson);
                    Action::Open(
                        Form::new(
                            Purpose::Skip(next.salesperson),
                            fill(Rot::DlgSkip.text(lang), &[("name", &who)]),
                        )
                        .hint(fill(cost.text(lang), &[("name", &who)])),
                    )
                }
                None => Action::Error(Said::msg(Rot::ErrNobodyAvailable)),
            },
            Key::End | Key::Reject => {
                let step = if command == Key::End {
                    ReceptionStep::End
                } else {
                    ReceptionStep::Reject
                };
                let reception_of = |id: &StaffId| {
                    day.member(*id)
                        .and_then(|m| m.reception)
                        .and_then(|r| day.reception(r))
                };
                // The person under the cursor if receiving; otherwise whoever could be meant:
                // only a customer received on a turn can be reassigned (ROT-10).
                if let Some(id) = selected.filter(|id| reception_of(id).is_some()) {
                    return self.end_or_reject(step, id, view);
                }
                let receivers: Vec<StaffId> = listing(day)
                    .into_iter()
                    .filter(|id| {
                        reception_of(id).is_some_and(|r| step == ReceptionStep::End || r.uses_turn)
                    })
                    .collect();
                match receivers.as_slice() {
                    [] if step == ReceptionStep::Reject => {
                        Action::Error(Said::msg(Rot::ErrNoTurnReception))
                    }
                    [] => Action::Error(Said::msg(Rot::ErrNobodyReceiving)),
                    [only] => self.end_or_reject(step, *only, view),
                    _ => {
                        let salesperson = Pick::new("salesperson");
                        Action::Open(
                            Form::new(
                                Purpose::PickReception(step, salesperson.clone()),
                                Rot::DlgWhoseReception.text(lang).into(),
                            )
                            .choice(
                                &salesperson,
                                Rot::FieldSalesperson,
                                receivers.iter().map(|&id| (id, name(id))),
                                None,
                            ),
                        )
                    }
                }
            }
            Key::CheckOut => match selected {
                Some(id) => forms::run(Command::CheckOut(id)),
                None => need_selected(),
            },
            Key::Away | Key::Break | Key::Leave => {
                let Some(id) = selected else {
                    return need_selected();
                };
                let target = match command {
                    Key::Away => Availability::AwayAssigned,
                    Key::Break => Availability::Break,
                    _ => Availability::Leave,
                };
                let current = day.member(id).map(|m| m.availability);
                match (current == Some(target), target) {
                    (true, _) => forms::run(Command::SetAvailability(id, Availability::Available)),
                    // Assigned work earns make-ups, so a supervisor grants it (ROT-4); what
                    // would be refused anyway is said before anyone types a PIN.
                    (false, Availability::AwayAssigned) => {
                        let trial = Command::AssignWork {
                            salesperson: id,
                            supervisor: view.operator.id,
                        };
                        if let Some(refusal) = self.refusal(&trial, view) {
                            return refusal;
                        }
                        let supervisor = Pick::new("supervisor");
                        Action::Open(
                            view.approval(
                                Form::new(
                                    Purpose::AssignWork(id, supervisor.clone()),
                                    fill(Rot::DlgAssignWork.text(lang), &[("name", &name(id))]),
                                )
                                .hint(Rot::AssignWorkHint.text(lang)),
                                &supervisor,
                            ),
                        )
                    }
                    (false, _) => forms::run(Command::SetAvailability(id, target)),
                }
            }
            Key::Reorder => {
                let Some(id) = selected else {
                    return need_selected();
                };
                if !day.member(id).is_some_and(|m| m.checked_in) {
                    return Action::Error(Said::fill(Rot::ErrNotCheckedIn, [("name", name(id))]));
                }
                let order = day.order();
                let position = order.iter().position(|&o| o == id).map_or(1, |p| p + 1);
                // The table lists make-up holders first; positions count the normal order.
                let numbered = order
                    .iter()
                    .enumerate()
                    // A no-break space keeps each number with its name when the hint wraps.
                    .map(|(i, &o)| format!("{}\u{a0}{}", i + 1, name(o)))
                    .collect::<Vec<_>>()
                    .join(" · ");
                let hint = fill(Rot::ReorderHint.text(lang), &[("order", &numbered)]);
                let supervisor = Pick::new("supervisor");
                Action::Open(
                    view.approval(
                        Form::new(
                            Purpose::Reorder(id, supervisor.clone()),
                            fill(Rot::DlgReorder.text(lang), &[("name", &name(id))]),
                        )
                        .hint(hint)
                        .text_with(forms::POSITION, Rot::FieldPosition, &position.to_string())
                        .required()
                        .text(forms::REASON, Rot::FieldReason)
                        .required(),
                        &supervisor,
                    ),
                )
            }
            Key::Violation => {
                let Some(id) = selected else {
                    return need_selected();
                };
                let (min, max) = view.shared.settings.policy().grabbing_fine_fen;
                let min_yuan = describe::yuan(min);
                let penalty = fill(
                    Rot::ViolationHint.text(lang),
                    &[("min", &min_yuan), ("max", &describe::yuan(max))],
                );
                let supervisor = Pick::new("supervisor");
                Action::Open(
                    view.approval(
                        Form::new(
                            Purpose::Violation(id, supervisor.clone()),
                            fill(Rot::DlgViolation.text(lang), &[("name", &name(id))]),
                        )
                        .hint(penalty)
                        .text(forms::NOTE, Rot::FieldNote)
                        .required()
                        .text_with(forms::FINE, Rot::FieldFine, &min_yuan)
                        .required()
                        .checked(forms::fine_check),
                        &supervisor,
                    ),
                )
            }
        }
    }

    /// The form that ends or rejects `id`'s reception: an ending the registers proposed
    /// starts from the proposal.
    fn end_or_reject(&self, step: ReceptionStep, id: StaffId, view: &View) -> Action {
        let reception = self.day.member(id).and_then(|m| m.reception);
        let proposed = self
            .proposed
            .iter()
            .filter(|_| step == ReceptionStep::End)
            .find(|p| Some(p.proposal.reception) == reception)
            .and_then(|p| proposal::form(p, &self.day, view));
        match proposed {
            Some(form) => Action::Open(form),
            None => forms::reception(step, id, &self.day, view),
        }
    }

    /// What the store would refuse `command` with, decided on the day held, so a form that
    /// asks for a PIN is not opened for nothing.
    fn refusal(&self, command: &Command, view: &View) -> Option<Action> {
        let error = self
            .day
            .decide(command, view.shared.settings.policy())
            .err()?;
        let today = self.today(view.shared);
        let message = Said::in_both(|lang| describe::rotation_error(&error, command, &today, lang));
        Some(Action::Error(message))
    }

    fn today<'a>(&'a self, shared: &'a Shared) -> Today<'a> {
        Today {
            shared,
            rotation: &self.day,
        }
    }

    /// Today's rotation log, newest last, each entry a sentence citing its rule.
    fn log(&self, view: &View) -> Info {
        let today = self.today(view.shared);
        let lines = self
            .day
            .log()
            .iter()
            .map(|l| {
                format!(
                    "{}  {}",
                    super::describe::local_time(l.at, view.shared.settings.timezone()),
                    describe::event(&l.event, &today, view.lang)
                )
            })
            .collect();
        Info::new(Rot::DlgLog.text(view.lang).into(), lines).at_end()
    }
}

impl RotationPane {
    /// What the day before left: make-ups that are not carried over, receptions without
    /// an outcome (which `y` records).
    fn left_behind(&self) -> Option<Said> {
        let earlier = self.earlier.as_ref()?;
        let owed = earlier.day.make_ups().len();
        let open = earlier.open();
        if owed + open == 0 {
            return None;
        }
        let date = earlier.date.format("%m-%d").to_string();
        Some(Said::new(move |lang| {
            let mut what = Vec::new();
            if owed > 0 {
                what.push(count(
                    owed,
                    Rot::MakeUpsNotCarried1,
                    Rot::MakeUpsNotCarriedN,
                    lang,
                ));
            }
            if open > 0 {
                what.push(count(
                    open,
                    Rot::OpenReceptions1,
                    Rot::OpenReceptionsN,
                    lang,
                ));
            }
            let mut text = fill(
                Rot::LeftBehind.text(lang),
                &[("date", &date), ("what", &what.join(" · "))],
            );
            if open > 0 {
                text.push(' ');
                text.push_str(Rot::RecordWithY.text(lang));
            }
            text
        }))
    }
}

/// "1 reception" or "3 receptions": English counts need their plural.
fn count(n: usize, one: Rot, many: Rot, lang: Lang) -> String {
    if n == 1 {
        one.text(lang).to_owned()
    } else {
        fill(many.text(lang), &[("n", &n)])
    }
}

/// Everyone listed today, in the normal order the numbers count (the number a supervisor
/// reads is the number they type to reorder), then those who checked out.
fn listing(day: &RotationDay) -> Vec<StaffId> {
    let mut listed = day.order().to_vec();
    listed.extend(day.members().filter(|m| !m.checked_in).map(|m| m.id));
    listed
}

impl Pane for RotationPane {
    fn show(&mut self, target: Target) {
        if let Target::Salesperson(id) = target {
            self.selected = Some(id);
        }
    }

    fn title(&self) -> Msg {
        Rot::TabRotation.msg()
    }

    fn hints(&self) -> Vec<Hint> {
        hints(KEYS)
    }

    fn handle_key(&mut self, key: &KeyEvent, view: &View) -> Option<Action> {
        let command = lookup(KEYS, key)?;
        Some(self.key(command, view))
    }

    /// Replays the business day's log. Moving on to a new day says what the old one left
    /// that is not carried over.
    /// Replays the business day's log, and the day before while it has receptions without
    /// an outcome. The day's first console, or a console that sees the day turn, says what
    /// the day before left.
    fn refresh(&mut self, store: &Store, shared: &Shared) -> store::Result<Option<Said>> {
        let first_load = self.date.is_none();
        let day_turned = self.date.is_some_and(|d| d != shared.day);
        let read = store.rotation_day(shared.day)?;
        self.day = read.day;
        self.bad_row = read.bad_row;
        self.date = Some(shared.day);
        // A proposal lives as long as its reception: ended at any desk, it is gone.
        let day = &self.day;
        self.proposed
            .retain(|p| day.reception(p.proposal.reception).is_some());
        if first_load || day_turned || self.earlier.as_ref().is_some_and(|e| e.open() > 0) {
            self.earlier = match store.day_before(shared.day)? {
                Some(date) => Some(Earlier {
                    date,
                    day: store.rotation_day(date)?.day,
                }),
                None => None,
            };
        }
        let tell = day_turned || (first_load && self.day.log().is_empty());
        Ok(if tell { self.left_behind() } else { None })
    }

    fn submit(&mut self, form: &Form, cx: &mut Context) -> Result<Done, Refusal> {
        self.submit_form(form, cx)
    }

    fn click(&mut self, column: u16, row: u16, _view: &View) {
        if let Some(id) = self
            .rows
            .at(column, row)
            .and_then(|i| listing(&self.day).get(i).copied())
        {
            self.selected = Some(id);
        }
    }

    fn command(&mut self, command: &AnyPurpose, cx: &mut Context) -> Result<Done, Refusal> {
        match Purpose::of(command) {
            Some(Purpose::Run(command)) => self.rotate(cx, None, command.clone()),
            _ => Ok(Done::default()),
        }
    }

    /// The visit form opened with `c` keeps its ownership panel up to date.
    fn answer(&mut self, store: &Store, view: &View, form: Option<&mut Form>) -> store::Result<()> {
        match form {
            Some(form) => crate::ui::registers::forms::watch(form, store, view),
            None => Ok(()),
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, view: &View) {
        self.draw(frame, area, view);
    }
}

/// The pane's key tables, for the vocabulary test (`pane_keys`).
#[cfg(test)]
pub(crate) fn key_tables() -> Vec<(&'static str, Vec<crate::ui::keys::Entry>)> {
    vec![("rotation", crate::ui::keys::entries(KEYS))]
}
