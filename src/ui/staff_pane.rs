//! The staff pane (员工): who works here, in which role; adding and deactivating people.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState, Wrap};
use strum::IntoEnumIterator;

use super::View;
use super::action::Action;
use super::describe;
use super::dialog::{Choice, Dialog, FieldKey, Purpose};
use super::keys::{Binding, lookup};
use super::theme::Theme;
use crate::domain::staff::{Role, Staff, StaffId};
use crate::domain::text::fit;
use crate::i18n::{T, fill};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Add,
    ToggleActive,
    Up,
    Down,
}

pub const KEYS: &[Binding<Key>] = &[
    Binding::new(KeyCode::Char('a'), T::KeyAddStaff, Key::Add),
    Binding::new(KeyCode::Char('t'), T::KeyToggleActive, Key::ToggleActive),
    Binding::new(KeyCode::Up, T::KeySelect, Key::Up).help_only(),
    Binding::new(KeyCode::Down, T::KeySelect, Key::Down).help_only(),
];

/// The cursor follows a person, not a row: another desk's change may reorder the list.
#[derive(Debug, Default)]
pub struct StaffPane {
    selected: Option<StaffId>,
}

impl StaffPane {
    /// Row of the person under the cursor; the first row if they are gone.
    fn row(&self, staff: &[Staff]) -> usize {
        self.selected
            .and_then(|id| staff.iter().position(|s| s.id == id))
            .unwrap_or(0)
    }

    pub fn handle_key(&mut self, key: &KeyEvent, view: &View) -> Option<Action> {
        let lang = view.lang;
        let staff = &view.snap.staff;
        let row = self.row(staff);
        match lookup(KEYS, key)? {
            Key::Up => self.selected = staff.get(row.saturating_sub(1)).map(|s| s.id),
            Key::Down => {
                self.selected = staff
                    .get((row + 1).min(staff.len().saturating_sub(1)))
                    .map(|s| s.id)
            }
            Key::Add => {
                let roles = Role::iter()
                    .enumerate()
                    .map(|(i, r)| Choice {
                        id: i as i64,
                        label: describe::role(r).text(lang).into(),
                    })
                    .collect();
                let dialog = Dialog::new(Purpose::AddStaff, T::DlgAddStaff.text(lang).into())
                    .text(FieldKey::Name, T::FieldName)
                    .choice(FieldKey::Role, T::FieldRole, roles, Some(1))
                    .pin(FieldKey::Pin, T::FieldPinIfSupervisor)
                    .pin(FieldKey::PinAgain, T::FieldPinAgain);
                return Some(Action::Open(view.approval(dialog)));
            }
            Key::ToggleActive => {
                let person = staff.get(row)?;
                let verb = if person.active {
                    T::Deactivate
                } else {
                    T::Activate
                };
                let title = fill(
                    T::DlgToggleActive.text(lang),
                    &[("action", &verb.text(lang)), ("name", &person.name)],
                );
                return Some(Action::Open(view.approval(Dialog::new(
                    Purpose::ToggleActive { staff: person.id },
                    title,
                ))));
            }
        }
        None
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, view: &View) {
        let lang = view.lang;
        let staff = &view.snap.staff;
        if staff.is_empty() {
            frame.render_widget(
                Paragraph::new(T::StaffEmpty.text(lang)).wrap(Wrap { trim: true }),
                area,
            );
            return;
        }
        let header =
            Row::new([T::ColName, T::FieldRole, T::FieldStatus].map(|t| Cell::from(t.text(lang))))
                .style(Theme::column_header());
        let rows = staff.iter().map(|s| {
            let state = if s.active { T::Active } else { T::Inactive };
            Row::new(vec![
                Cell::from(fit(&s.name, 20)),
                Cell::from(describe::role(s.role).text(lang)),
                Cell::from(state.text(lang)),
            ])
            .style(if s.active {
                ratatui::style::Style::default()
            } else {
                Theme::dim()
            })
        });
        let table = Table::new(
            rows,
            [
                Constraint::Length(22),
                Constraint::Length(14),
                Constraint::Min(8),
            ],
        )
        .header(header)
        .row_highlight_style(Theme::selected());
        let mut state = TableState::default().with_selected(Some(self.row(staff)));
        frame.render_stateful_widget(table, area, &mut state);
    }
}
