//! The rotation pane (轮排表): who is next, the order after them, who is receiving, make-ups
//! owed, today's counts, and the lunch desk; and the keys that drive the rotation.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState, Wrap};

use super::View;
use super::action::Action;
use super::describe;
use super::dialog::{Choice, Dialog, FieldKey, Purpose, ReceptionStep};
use super::keys::{Binding, lookup};
use super::theme::Theme;
use crate::domain::rotation::{
    Availability, Command, Outcome, RotationDay, StaffId, Standing, Via,
};
use crate::domain::staff::Role;
use crate::domain::text::fit;
use crate::i18n::{T, fill};

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
    Up,
    Down,
}

const fn k(c: char, label: T, key: Key) -> Binding<Key> {
    Binding::new(KeyCode::Char(c), label, key)
}

/// The rotation pane's keys, in the order the footer shows them.
pub const KEYS: &[Binding<Key>] = &[
    k('n', T::KeyWalkIn, Key::WalkIn),
    k('e', T::KeyEnd, Key::End),
    k('d', T::KeyDesignated, Key::Designated),
    k('r', T::KeyReturning, Key::Returning),
    k('p', T::KeyPublic, Key::Public),
    k('i', T::KeyCheckIn, Key::CheckIn),
    k('w', T::KeyWhy, Key::Why),
    k('a', T::KeyAway, Key::Away),
    k('b', T::KeyBreak, Key::Break),
    k('s', T::KeySkip, Key::Skip),
    k('o', T::KeyCheckOut, Key::CheckOut).help_only(),
    k('l', T::KeyLeave, Key::Leave).help_only(),
    k('m', T::KeyReorder, Key::Reorder).help_only(),
    k('x', T::KeyReject, Key::Reject).help_only(),
    k('v', T::KeyViolation, Key::Violation).help_only(),
    k('g', T::KeyLog, Key::Log).help_only(),
    Binding::new(KeyCode::Up, T::KeySelect, Key::Up).help_only(),
    Binding::new(KeyCode::Down, T::KeySelect, Key::Down).help_only(),
];

/// The cursor follows a person, not a row: the queue reorders under it all day.
#[derive(Debug, Default)]
pub struct RotationPane {
    selected: Option<StaffId>,
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
    pub fn selected(&self, view: &View) -> Option<StaffId> {
        let day = &view.snap.rotation;
        let roster = day.roster();
        roster.get(self.row(day, &roster)).copied()
    }

    pub fn handle_key(&mut self, key: &KeyEvent, view: &View) -> Option<Action> {
        let command = lookup(KEYS, key)?;
        let snap = view.snap;
        let lang = view.lang;
        let selected = self.selected(view);
        // Once the clerk acts on someone the cursor stays with them, even as the queue
        // rolls on; only walk-ins leave a resting cursor to follow the next up.
        if !matches!(command, Key::WalkIn | Key::Why | Key::Log) {
            self.selected = selected;
        }
        let need_selected = || Action::Error(T::ErrNoSelection.text(lang).into());
        let name = |id| snap.name(id);
        Some(match command {
            Key::Up | Key::Down => {
                let roster = snap.rotation.roster();
                let row = self.row(&snap.rotation, &roster);
                let row = if command == Key::Up {
                    row.saturating_sub(1)
                } else {
                    row + 1
                };
                self.selected = roster.get(row.min(roster.len().saturating_sub(1))).copied();
                return None;
            }
            Key::WalkIn => Action::Rotate(Command::WalkIn),
            Key::Designated => Action::Open(pick_salesperson(
                Purpose::Designated,
                T::DlgDesignated,
                view,
                |_| true,
            )),
            Key::Returning => Action::Open(pick_salesperson(
                Purpose::Returning,
                T::DlgReturning,
                view,
                |_| true,
            )),
            Key::Public => Action::Open(
                Dialog::new(Purpose::Public, T::DlgPublic.text(lang).into()).choice(
                    FieldKey::Receivers,
                    T::FieldReceivers,
                    (1..=3)
                        .map(|n| Choice {
                            id: n,
                            label: n.to_string(),
                        })
                        .collect(),
                    Some(1),
                ),
            ),
            Key::CheckIn => Action::Open(pick_salesperson(
                Purpose::CheckIn,
                T::DlgCheckIn,
                view,
                |id| !snap.rotation.member(id).is_some_and(|m| m.checked_in),
            )),
            Key::Why => match selected {
                Some(id) => Action::Why(id),
                None => need_selected(),
            },
            Key::Log => Action::Log,
            // The log cannot be undone, so skipping says what it costs and asks first.
            Key::Skip => match snap.rotation.next_up() {
                Some(next) => {
                    let cost = match next.via {
                        Via::MakeUp(_) => T::SkipForfeitsMakeUp,
                        Via::Order => T::SkipLosesTurn,
                    };
                    let who = name(next.salesperson);
                    Action::Open(
                        Dialog::new(
                            Purpose::Skip {
                                salesperson: next.salesperson,
                            },
                            fill(T::DlgSkip.text(lang), &[("name", &who)]),
                        )
                        .hint(fill(cost.text(lang), &[("name", &who)])),
                    )
                }
                None => Action::Error(T::ErrNobodyAvailable.text(lang).into()),
            },
            Key::End | Key::Reject => {
                let step = if command == Key::End {
                    ReceptionStep::End
                } else {
                    ReceptionStep::Reject
                };
                let reception_of = |id: &StaffId| {
                    snap.rotation
                        .member(*id)
                        .and_then(|m| m.reception)
                        .and_then(|r| snap.rotation.reception(r))
                };
                // The person under the cursor if receiving; otherwise whoever could be meant:
                // only a customer received on a turn can be reassigned (ROT-10).
                if let Some(id) = selected.filter(|id| reception_of(id).is_some()) {
                    return Some(reception_dialog(step, id, view));
                }
                let receivers: Vec<StaffId> = snap
                    .rotation
                    .roster()
                    .into_iter()
                    .filter(|id| {
                        reception_of(id).is_some_and(|r| step == ReceptionStep::End || r.uses_turn)
                    })
                    .collect();
                match receivers.as_slice() {
                    [] if step == ReceptionStep::Reject => {
                        Action::Error(T::ErrNoTurnReception.text(lang).into())
                    }
                    [] => Action::Error(T::ErrNobodyReceiving.text(lang).into()),
                    [only] => reception_dialog(step, *only, view),
                    _ => Action::Open(
                        Dialog::new(
                            Purpose::PickReception { step },
                            T::DlgWhoseReception.text(lang).into(),
                        )
                        .choice(
                            FieldKey::Staff,
                            T::FieldSalesperson,
                            receivers
                                .iter()
                                .map(|&id| Choice {
                                    id: id.0,
                                    label: name(id),
                                })
                                .collect(),
                            None,
                        ),
                    ),
                }
            }
            Key::CheckOut => match selected {
                Some(id) => Action::Rotate(Command::CheckOut(id)),
                None => need_selected(),
            },
            Key::Away | Key::Break | Key::Leave => {
                let Some(id) = selected else {
                    return Some(need_selected());
                };
                let target = match command {
                    Key::Away => Availability::AwayAssigned,
                    Key::Break => Availability::Break,
                    _ => Availability::Leave,
                };
                let current = snap.rotation.member(id).map(|m| m.availability);
                match (current == Some(target), target) {
                    (true, _) => {
                        Action::Rotate(Command::SetAvailability(id, Availability::Available))
                    }
                    // Assigned work earns make-ups, so a supervisor grants it (ROT-4).
                    (false, Availability::AwayAssigned) => Action::Open(
                        view.approval(
                            Dialog::new(
                                Purpose::AssignWork { salesperson: id },
                                fill(T::DlgAssignWork.text(lang), &[("name", &name(id))]),
                            )
                            .hint(T::AssignWorkHint.text(lang)),
                        ),
                    ),
                    (false, _) => Action::Rotate(Command::SetAvailability(id, target)),
                }
            }
            Key::Reorder => {
                let Some(id) = selected else {
                    return Some(need_selected());
                };
                let order = snap.rotation.order();
                let position = order.iter().position(|&o| o == id).map_or(1, |p| p + 1);
                // The table lists make-up holders first; positions count the normal order.
                let numbered = order
                    .iter()
                    .enumerate()
                    // A no-break space keeps each number with its name when the hint wraps.
                    .map(|(i, &o)| format!("{}\u{a0}{}", i + 1, name(o)))
                    .collect::<Vec<_>>()
                    .join(" · ");
                let hint = fill(T::ReorderHint.text(lang), &[("order", &numbered)]);
                Action::Open(
                    view.approval(
                        Dialog::new(
                            Purpose::Reorder { salesperson: id },
                            fill(T::DlgReorder.text(lang), &[("name", &name(id))]),
                        )
                        .hint(hint)
                        .text_with(FieldKey::Position, T::FieldPosition, &position.to_string())
                        .text(FieldKey::Reason, T::FieldReason),
                    ),
                )
            }
            Key::Violation => {
                let Some(id) = selected else {
                    return Some(need_selected());
                };
                let (min, max) = view.policy.grabbing_fine_fen;
                let min_yuan = describe::yuan(min);
                let penalty = fill(
                    T::ViolationHint.text(lang),
                    &[("min", &min_yuan), ("max", &describe::yuan(max))],
                );
                Action::Open(
                    view.approval(
                        Dialog::new(
                            Purpose::Violation { salesperson: id },
                            fill(T::DlgViolation.text(lang), &[("name", &name(id))]),
                        )
                        .hint(penalty)
                        .text(FieldKey::Note, T::FieldNote)
                        .text_with(FieldKey::Fine, T::FieldFine, &min_yuan),
                    ),
                )
            }
        })
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, view: &View) {
        let snap = view.snap;
        let lang = view.lang;
        let day = &snap.rotation;
        let roster = day.roster();
        if roster.is_empty() {
            frame.render_widget(
                Paragraph::new(T::QueueEmpty.text(lang)).wrap(Wrap { trim: true }),
                area,
            );
            return;
        }
        let owed: Vec<String> = day
            .make_ups()
            .iter()
            .map(|m| {
                format!(
                    "{} {} {} ({})",
                    snap.name(m.salesperson),
                    describe::local_time(m.earned, view.tz),
                    describe::reason(m.reason).text(lang),
                    m.reason.rule()
                )
            })
            .collect();
        let owed_text = if owed.is_empty() {
            T::NoMakeUps.text(lang).to_owned()
        } else {
            owed.join(" · ")
        };
        // Every make-up owed stays in sight: the line grows (the table gives way) up to five rows.
        let owed_label = format!("{}: ", T::MakeUpsOwed.text(lang));
        let owed_rows = textwrap::wrap(
            &format!("{owed_label}{owed_text}"),
            area.width.max(1) as usize,
        )
        .len()
        .clamp(2, 5) as u16;
        let [next_area, lunch_area, table_area, make_up_area] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(3),
            Constraint::Length(owed_rows),
        ])
        .areas(area);

        let next = day.next_up();
        let mut next_line = vec![Span::styled(
            format!("▶ {}: ", T::NextUp.text(lang)),
            Theme::title(),
        )];
        match next {
            Some(n) => {
                next_line.push(Span::styled(snap.name(n.salesperson), Theme::next_up()));
                if let Via::MakeUp(seq) = n.via
                    && let Some(m) = day.make_ups().iter().find(|m| m.seq == seq)
                {
                    next_line.push(Span::raw(format!(
                        "  · {} ({}, {})",
                        T::KindMakeUp.text(lang),
                        describe::reason(m.reason).text(lang),
                        m.reason.rule()
                    )));
                }
            }
            None => next_line.push(Span::styled(T::NextUpNobody.text(lang), Theme::dim())),
        }
        frame.render_widget(Line::from(next_line), next_area);

        let lunch: Vec<String> = day
            .lunch_desk()
            .into_iter()
            .map(|id| snap.name(id))
            .collect();
        frame.render_widget(
            Line::from(vec![
                Span::styled(format!("{}: ", T::LunchDesk.text(lang)), Theme::dim()),
                Span::raw(lunch.join(", ")),
            ]),
            lunch_area,
        );

        let header = Row::new(
            [
                T::ColOrder,
                T::ColName,
                T::ColStatus,
                T::ColNew,
                T::ColOther,
                T::ColMakeUps,
                T::ColViolations,
            ]
            .map(|t| Cell::from(t.text(lang))),
        )
        .style(Theme::column_header());
        let rows = roster.iter().enumerate().map(|(i, &id)| {
            let member = day.member(id).expect("listed members exist");
            let standing = day.standing(id);
            let since = member
                .reception
                .and_then(|r| day.reception(r))
                .map(|r| r.started);
            let (order, status, style) = if !member.checked_in {
                (
                    String::new(),
                    T::StatusCheckedOut.text(lang).to_owned(),
                    Theme::dim(),
                )
            } else {
                let style = match standing {
                    None if next.is_some_and(|n| n.salesperson == id) => Theme::next_up(),
                    None => ratatui::style::Style::default(),
                    Some(Standing::Receiving(_)) => Theme::receiving(),
                    Some(Standing::Away(_)) => Theme::away(),
                };
                let status = describe::standing(standing, since, view.now, snap, lang);
                ((i + 1).to_string(), status, style)
            };
            let owed = day.owed_make_ups(id);
            Row::new(vec![
                Cell::from(order),
                Cell::from(fit(&snap.name(id), 12)),
                Cell::from(status),
                Cell::from(member.counted_new.to_string()),
                Cell::from(member.other.to_string()),
                Cell::from(if owed > 0 {
                    owed.to_string()
                } else {
                    String::new()
                }),
                Cell::from(if member.violations > 0 {
                    member.violations.to_string()
                } else {
                    String::new()
                }),
            ])
            .style(style)
        });
        let table = Table::new(
            rows,
            [
                Constraint::Length(3),
                Constraint::Length(12),
                Constraint::Min(16),
                Constraint::Length(5),
                Constraint::Length(5),
                Constraint::Length(8),
                Constraint::Length(5),
            ],
        )
        .header(header)
        .row_highlight_style(Theme::selected());
        let mut state = TableState::default().with_selected(Some(self.row(day, &roster)));
        frame.render_stateful_widget(table, table_area, &mut state);

        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(owed_label, Theme::dim()),
                Span::raw(owed_text),
            ]))
            .wrap(Wrap { trim: true }),
            make_up_area,
        );
    }
}

/// After a reception turns out to be a colleague's old customer: whose customer it is,
/// so they receive them outside the rotation (ROT-8). Esc if the owner is not needed.
pub fn hand_over_dialog(view: &View) -> Dialog {
    pick_salesperson(Purpose::Returning, T::DlgReturning, view, |_| true)
        .hint(T::HandOverHint.text(view.lang))
}

/// The dialog that ends or rejects `id`'s reception in progress.
pub fn reception_dialog(step: ReceptionStep, id: StaffId, view: &View) -> Action {
    let snap = view.snap;
    let lang = view.lang;
    let name = snap.name(id);
    let Some(reception) = snap.rotation.member(id).and_then(|m| m.reception) else {
        return Action::Error(fill(T::ErrNoSuchReception.text(lang), &[("name", &name)]));
    };
    match step {
        ReceptionStep::End => {
            // Only the outcomes this kind of reception can have (a helper's: help given).
            let kind = snap.rotation.reception(reception).map(|r| r.kind);
            let outcomes = Outcome::CHOICES
                .iter()
                .enumerate()
                .filter(|(_, o)| kind.is_none_or(|k| o.fits(k)))
                .map(|(i, o)| Choice {
                    id: i as i64,
                    label: describe::outcome(*o).text(lang).into(),
                })
                .collect();
            Action::Open(
                Dialog::new(
                    Purpose::End { reception },
                    fill(T::DlgEnd.text(lang), &[("name", &name)]),
                )
                .choice(FieldKey::Outcome, T::FieldOutcome, outcomes, None),
            )
        }
        ReceptionStep::Reject => Action::Open(
            view.approval(
                Dialog::new(
                    Purpose::Reject { reception },
                    fill(T::DlgReject.text(lang), &[("name", &name)]),
                )
                .hint(T::RejectHint.text(lang)),
            ),
        ),
    }
}

/// A dialog that asks for one of the active salespeople for whom `keep` holds.
fn pick_salesperson(
    purpose: Purpose,
    title: T,
    view: &View,
    keep: impl Fn(StaffId) -> bool,
) -> Dialog {
    Dialog::new(purpose, title.text(view.lang).into()).choice(
        FieldKey::Staff,
        T::FieldSalesperson,
        salespeople(view, keep),
        None,
    )
}

/// Active salespeople as choices, those for whom `keep` holds.
fn salespeople(view: &View, keep: impl Fn(StaffId) -> bool) -> Vec<Choice> {
    view.snap
        .active(Role::Salesperson)
        .filter(|s| keep(s.id))
        .map(|s| Choice {
            id: s.id.0,
            label: s.name.clone(),
        })
        .collect()
}
