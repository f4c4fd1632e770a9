//! The staff pane (员工): who works here, in which role; adding and deactivating people.

mod text;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState, Wrap};
use strum::IntoEnumIterator;

use self::text::StaffText;
use super::context::Context;
use super::describe;
use super::filter::ListFilter;
use super::form::{self, Form, Pick, Pin, Refusal};
use super::keys::{Binding, Hint, Meaning, hints, lookup};
use super::office;
use super::office::OfficeFields;
use super::pane::{Action, Done, Pane, View};
use super::said::Said;
use super::shared::Shared;
use super::text::Ui;
use super::theme::Theme;
use crate::domain::staff::{Role, Staff, StaffId};
use crate::domain::text::fit;
use crate::i18n::{Msg, fill};
use crate::store::redistribution::{Draw, seed_from_clock};
use crate::store::referral::ReferralRefusal;
use crate::store::{self, PinAuthority, Store, StoreError};

const CURRENT_PIN: Pin = Pin("current_pin");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Add,
    ToggleActive,
    SetPin,
    OfficeRules,
    Redistribute,
    Filter,
    Up,
    Down,
}

const KEYS: &[Binding<Key>] = &[
    Binding::meaning(Meaning::New, StaffText::KeyAddStaff.msg(), Key::Add),
    Binding::meaning(Meaning::Filter, Ui::KeyFilter.msg(), Key::Filter),
    Binding::new(
        KeyCode::Char('t'),
        StaffText::KeyToggleActive.msg(),
        Key::ToggleActive,
    ),
    Binding::new(KeyCode::Char('p'), StaffText::KeySetPin.msg(), Key::SetPin),
    Binding::new(
        KeyCode::Char('O'),
        StaffText::KeyOfficeRules.msg(),
        Key::OfficeRules,
    ),
    Binding::new(
        KeyCode::Char('D'),
        StaffText::KeyRedistribute.msg(),
        Key::Redistribute,
    ),
    Binding::new(KeyCode::Up, Ui::KeySelect.msg(), Key::Up).help_only(),
    Binding::new(KeyCode::Down, Ui::KeySelect.msg(), Key::Down).help_only(),
];

/// What a staff form is for, with the lists it reads back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    Add {
        role: Pick<Role>,
        supervisor: Pick<StaffId>,
    },
    ToggleActive {
        id: StaffId,
        supervisor: Pick<StaffId>,
    },
    /// Someone else's PIN needs a supervisor; one's own, the current PIN.
    SetPin {
        id: StaffId,
        supervisor: Option<Pick<StaffId>>,
    },
    OfficeRules {
        office: OfficeFields,
        supervisor: Pick<StaffId>,
    },
    /// ATT-14-10: `leaving`'s customers dealt at random with `seed`.
    Redistribute {
        leaving: StaffId,
        seed: u64,
        supervisor: Pick<StaffId>,
    },
}

/// The staff list is in the shared part (every pane names people), so the pane holds only
/// its cursor, which follows a person, not a row: another desk's change may reorder the list.
#[derive(Debug, Default)]
pub struct StaffPane {
    selected: Option<StaffId>,
    /// Where the list was drawn, for a click.
    rows: crate::ui::rows::DrawnRows,
    /// The redistribution drawn for the open form (ATT-14-10), or why there is none.
    drawn: Option<(StaffId, u64, Result<Draw, ReferralRefusal>)>,
    /// `/`: the people whose name (or its pinyin initials) or role it finds stay listed.
    filter: ListFilter,
}

impl StaffPane {
    /// The staff the filter keeps, in the shared list's order: the list drawn and acted on.
    fn listed(&self, staff: &[Staff]) -> Vec<Staff> {
        staff
            .iter()
            .filter(|s| {
                let role = describe::role(s.role).msg();
                self.filter
                    .keeps(&[&s.name], &format!("{} {}", role.zh, role.en))
            })
            .cloned()
            .collect()
    }

    /// Row of the person under the cursor; the first row if they are gone.
    fn row(&self, staff: &[Staff]) -> usize {
        self.selected
            .and_then(|id| staff.iter().position(|s| s.id == id))
            .unwrap_or(0)
    }

    fn add_form(view: &View) -> Form {
        let lang = view.lang;
        let roles = Role::iter().map(|r| (r, describe::role(r).msg()));
        let (role, supervisor) = (Pick::new("role"), Pick::new("supervisor"));
        let purpose = Purpose::Add {
            role: role.clone(),
            supervisor: supervisor.clone(),
        };
        let form = Form::new(purpose, StaffText::DlgAddStaff.text(lang).into())
            .text(form::NAME, Ui::FieldName)
            .required()
            .choice_said(
                &role,
                StaffText::FieldRole,
                roles,
                Some(Role::Salesperson),
                lang,
            )
            .pin(form::PIN, StaffText::FieldPinIfSupervisor)
            .checked(form::pin_shape)
            .pin(form::PIN_AGAIN, Ui::FieldPinAgain);
        view.approval(form, &supervisor)
    }

    /// Someone's own PIN is changed with their current one; anyone else's with a
    /// supervisor's approval (which also lifts a lockout).
    fn pin_form(person: &Staff, view: &View) -> Form {
        let lang = view.lang;
        let title = fill(StaffText::DlgSetPin.text(lang), &[("name", &person.name)]);
        let own = person.id == view.operator.id;
        let supervisor = (!own).then(|| Pick::new("supervisor"));
        let purpose = Purpose::SetPin {
            id: person.id,
            supervisor: supervisor.clone(),
        };
        let form = Form::new(purpose, title);
        let form = if own {
            form.pin(CURRENT_PIN, StaffText::FieldCurrentPin).required()
        } else {
            form
        };
        let form = form
            .pin(form::PIN, Ui::FieldPin)
            .required()
            .checked(form::pin_shape)
            .pin(form::PIN_AGAIN, Ui::FieldPinAgain)
            .required();
        match &supervisor {
            Some(supervisor) => view.approval(form, supervisor),
            None => form,
        }
    }

    /// ATT-14-10: the draw is shown beside the form once [`Pane::answer`] has made it.
    fn redistribute_form(person: &Staff, view: &View) -> Form {
        let lang = view.lang;
        let title = fill(
            StaffText::DlgRedistribute.text(lang),
            &[("name", &person.name)],
        );
        let supervisor = Pick::new("supervisor");
        let purpose = Purpose::Redistribute {
            leaving: person.id,
            seed: seed_from_clock(view.now),
            supervisor: supervisor.clone(),
        };
        let mut form = Form::new(purpose, title).hint(StaffText::RedistributeHint.text(lang));
        form.set_side(vec![ratatui::text::Line::styled(
            StaffText::Drawing.text(lang).to_owned(),
            Theme::dim(),
        )]);
        view.approval(form, &supervisor)
    }

    /// The draw's lines for the side of the form.
    fn draw_lines(
        drawn: &Result<Draw, ReferralRefusal>,
        view: &View,
    ) -> Vec<ratatui::text::Line<'static>> {
        use ratatui::text::Line;
        let lang = view.lang;
        match drawn {
            Err(r) => vec![Line::styled(
                crate::ui::registers::referrals::refusal(*r, lang),
                Theme::error(),
            )],
            Ok(draw) => {
                let mut out = vec![Line::styled(
                    fill(
                        StaffText::DrawSeed.text(lang),
                        &[("seed", &draw.seed), ("n", &draw.moves.len())],
                    ),
                    Theme::title(),
                )];
                out.extend(draw.moves.iter().map(|m| {
                    Line::raw(fill(
                        StaffText::DrawLine.text(lang),
                        &[("customer", &m.customer), ("to", &view.shared.name(m.to))],
                    ))
                }));
                out
            }
        }
    }

    fn toggle_form(person: &Staff, view: &View) -> Form {
        let lang = view.lang;
        let verb = if person.active {
            StaffText::Deactivate
        } else {
            StaffText::Activate
        };
        let title = fill(
            StaffText::DlgToggleActive.text(lang),
            &[("action", &verb.text(lang)), ("name", &person.name)],
        );
        let supervisor = Pick::new("supervisor");
        let purpose = Purpose::ToggleActive {
            id: person.id,
            supervisor: supervisor.clone(),
        };
        view.approval(Form::new(purpose, title), &supervisor)
    }
}

impl Pane for StaffPane {
    fn title(&self) -> Msg {
        StaffText::TabStaff.msg()
    }

    fn hints(&self) -> Vec<Hint> {
        self.filter.with_hint(hints(KEYS))
    }

    fn handle_key(&mut self, key: &KeyEvent, view: &View) -> Option<Action> {
        if self.filter.key(key).is_some() {
            return Some(Action::Handled);
        }
        let staff = &self.listed(&view.shared.staff);
        let row = self.row(staff);
        Some(match lookup(KEYS, key)? {
            Key::Up => {
                self.selected = staff.get(row.saturating_sub(1)).map(|s| s.id);
                Action::Handled
            }
            Key::Down => {
                let last = staff.len().saturating_sub(1);
                self.selected = staff.get((row + 1).min(last)).map(|s| s.id);
                Action::Handled
            }
            Key::Add => Action::Open(Self::add_form(view)),
            Key::Filter => {
                self.filter.start();
                Action::Handled
            }
            // The rules decide whose customer is whose, so only a supervisor changes them.
            Key::OfficeRules => {
                let title = StaffText::DlgOfficeRules.text(view.lang).into();
                // The fields start on the rules in force, so they say what is there now.
                let form = Form::new((), title);
                let (form, office) = office::fields(form, &view.shared.settings, true, view.lang);
                let supervisor = Pick::new("supervisor");
                let form = form.for_purpose(Purpose::OfficeRules {
                    office,
                    supervisor: supervisor.clone(),
                });
                Action::Open(view.approval(form, &supervisor))
            }
            Key::SetPin => match staff.get(row) {
                Some(person) => Action::Open(Self::pin_form(person, view)),
                None => Action::Error(Said::msg(StaffText::StaffEmpty)),
            },
            Key::Redistribute => match staff.get(row) {
                Some(person) if person.role == Role::Salesperson => {
                    self.drawn = None;
                    Action::Open(Self::redistribute_form(person, view))
                }
                Some(_) => Action::Error(Said::msg(StaffText::ErrNotSalesperson)),
                None => Action::Error(Said::msg(StaffText::StaffEmpty)),
            },
            Key::ToggleActive => match staff.get(row) {
                Some(person) => Action::Open(Self::toggle_form(person, view)),
                None => Action::Error(Said::msg(StaffText::StaffEmpty)),
            },
        })
    }

    /// Everything the pane shows is in the shared part.
    fn click(&mut self, column: u16, row: u16, view: &View) {
        if let Some(s) = self
            .rows
            .at(column, row)
            .and_then(|i| self.listed(&view.shared.staff).get(i).map(|s| s.id))
        {
            self.selected = Some(s);
        }
    }

    fn paste(&mut self, text: &str) {
        self.filter.paste(text);
    }

    fn refresh(&mut self, _: &Store, _: &Shared) -> store::Result<Option<Said>> {
        Ok(None)
    }

    /// The redistribution form's draw (ATT-14-10), made once per form from its seed.
    fn answer(&mut self, store: &Store, view: &View, form: Option<&mut Form>) -> store::Result<()> {
        let Some(form) = form else {
            return Ok(());
        };
        let Some(Purpose::Redistribute { leaving, seed, .. }) = form.purpose::<Purpose>() else {
            return Ok(());
        };
        if matches!(&self.drawn, Some((l, s, _)) if *l == leaving && *s == seed) {
            return Ok(());
        }
        let settings = &view.shared.settings;
        let drawn = match store.redistribution_draw(
            leaving,
            seed,
            view.now,
            settings.timezone(),
            settings.policy(),
        ) {
            Ok(draw) => Ok(draw),
            Err(StoreError::Referral(r)) => Err(r),
            Err(e) => return Err(e),
        };
        form.set_side(Self::draw_lines(&drawn, view));
        self.drawn = Some((leaving, seed, drawn));
        Ok(())
    }

    fn submit(&mut self, form: &Form, cx: &mut Context) -> Result<Done, Refusal> {
        let Some(purpose) = form.purpose::<Purpose>() else {
            return Ok(Done::default());
        };
        match purpose {
            Purpose::Add { role, supervisor } => {
                let approval = cx.approve(form, &supervisor)?;
                let role = cx.choice_of(form, &role)?;
                let pin = form.raw(form::PIN);
                let again = form.raw(form::PIN_AGAIN);
                // Anyone may have a PIN; the store says who must (supervisors, or everyone
                // when the office asks it). Two empty fields mean none.
                let pin = Some((pin.as_str(), again.as_str()));
                let name = form.value(form::NAME);
                cx.store
                    .add_staff(cx.operator.id, approval, &name, role, pin, cx.now)
                    .map_err(|e| cx.refusal(e))?;
                let said = Said::new(move |lang| {
                    let role = describe::role(role).text(lang);
                    fill(
                        StaffText::StaffAdded.text(lang),
                        &[("name", &name), ("role", &role)],
                    )
                });
                Ok(Done::status(said).changing_shared())
            }
            Purpose::SetPin { id, supervisor } => {
                let current = form.raw(CURRENT_PIN);
                let authority = match &supervisor {
                    None => PinAuthority::OwnPin(&current),
                    Some(supervisor) => PinAuthority::Supervisor(cx.approve(form, supervisor)?),
                };
                let (pin, again) = (form.raw(form::PIN), form.raw(form::PIN_AGAIN));
                cx.store
                    .set_pin(cx.operator.id, authority, id, &pin, &again, cx.now)
                    .map_err(|e| match e {
                        StoreError::WrongPin if id == cx.operator.id => {
                            Refusal::at(CURRENT_PIN, Said::msg(Ui::ErrWrongPin))
                        }
                        other => cx.refusal(other),
                    })?;
                Ok(Done::status(Said::fill(
                    StaffText::PinSet,
                    [("name", cx.shared.name(id))],
                )))
            }
            Purpose::OfficeRules { office, supervisor } => {
                let settings = office::read(form, &office, &cx.shared.settings)?;
                let approval = cx.approve(form, &supervisor)?;
                cx.store
                    .set_office_settings(cx.operator.id, approval, &settings, cx.now)
                    .map_err(|e| cx.refusal(e))?;
                let said = Said::new(move |lang| {
                    let rules = office::summary(&settings, lang);
                    fill(StaffText::OfficeRulesSet.text(lang), &[("rules", &rules)])
                });
                Ok(Done::status(said).changing_shared())
            }
            Purpose::Redistribute {
                leaving,
                seed,
                supervisor,
            } => {
                let draw = match &self.drawn {
                    Some((l, s, drawn)) if *l == leaving && *s == seed => drawn.clone(),
                    _ => return Err(Refusal::said(Said::msg(StaffText::ErrNoDraw))),
                };
                let draw = draw.map_err(|r| cx.refusal(StoreError::Referral(r)))?;
                let approval = cx.approve(form, &supervisor)?;
                let settings = &cx.shared.settings;
                cx.store
                    .redistribute(
                        cx.operator.id,
                        approval,
                        &draw,
                        cx.now,
                        settings.timezone(),
                        settings.policy(),
                    )
                    .map_err(|e| cx.refusal(e))?;
                self.drawn = None;
                Ok(Done::status(Said::fill(
                    StaffText::Redistributed,
                    [
                        ("name", cx.shared.name(leaving)),
                        ("n", draw.moves.len().to_string()),
                        ("seed", seed.to_string()),
                    ],
                )))
            }
            Purpose::ToggleActive { id, supervisor } => {
                let approval = cx.approve(form, &supervisor)?;
                let person = cx
                    .shared
                    .staff
                    .iter()
                    .find(|s| s.id == id)
                    .cloned()
                    .ok_or_else(|| Refusal::said(Said::msg(Ui::ErrNoSuchStaff)))?;
                cx.store
                    .set_staff_active(cx.operator.id, approval, id, !person.active, cx.day, cx.now)
                    .map_err(|e| cx.refusal(e))?;
                let state = if person.active {
                    StaffText::Inactive
                } else {
                    StaffText::Active
                };
                let said = Said::new(move |lang| {
                    let state = state.text(lang);
                    fill(
                        StaffText::StaffActiveSet.text(lang),
                        &[("name", &person.name), ("state", &state)],
                    )
                });
                Ok(Done::status(said).changing_shared())
            }
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, view: &View) {
        let lang = view.lang;
        let staff = &self.listed(&view.shared.staff);
        if staff.is_empty() {
            frame.render_widget(
                Paragraph::new(
                    self.filter
                        .empty_text(StaffText::StaffEmpty.msg())
                        .text(lang),
                )
                .wrap(Wrap { trim: true }),
                area,
            );
            return;
        }
        let header = Row::new(
            [
                StaffText::ColName,
                StaffText::FieldRole,
                StaffText::FieldStatus,
            ]
            .map(|t| Cell::from(t.text(lang))),
        )
        .style(Theme::column_header());
        let rows = staff.iter().map(|s| {
            let state = if s.active {
                StaffText::Active
            } else {
                StaffText::Inactive
            };
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
        self.rows.remember(area, state.offset());
    }
}

/// The pane's key tables, for the vocabulary test (`pane_keys`).
#[cfg(test)]
pub(crate) fn key_tables() -> Vec<(&'static str, Vec<crate::ui::keys::Entry>)> {
    vec![("staff", crate::ui::keys::entries(KEYS))]
}
