//! The rotation pane's forms: what each asks, and what submitting it does to the queue.

use super::RotationPane;
use super::describe::{self, Today};
use super::text::Rot;
use crate::domain::rotation::{Command, Event, Outcome, RotationDay, Seq, StaffId};
use crate::domain::staff::Role;
use crate::i18n::fill;
use crate::store::Approval;
use crate::ui::context::Context;
use crate::ui::form::{FieldKey, Form, Refusal};
use crate::ui::pane::{Action, Done, View};

pub const SALESPERSON: FieldKey = FieldKey("salesperson");
pub const OUTCOME: FieldKey = FieldKey("outcome");
pub const POSITION: FieldKey = FieldKey("position");
pub const REASON: FieldKey = FieldKey("reason");
pub const NOTE: FieldKey = FieldKey("note");
pub const FINE: FieldKey = FieldKey("fine");
pub const RECEIVERS: FieldKey = FieldKey("receivers");

/// What a rotation form is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    /// A command that needs no input beyond the key.
    Run(Command),
    CheckIn,
    Designated,
    Returning,
    Public,
    /// Several are receiving and none is selected: whose reception to end or reject.
    PickReception(ReceptionStep),
    End(Seq),
    AssignWork(StaffId),
    Skip(StaffId),
    Reorder(StaffId),
    Reject(Seq),
    Violation(StaffId),
}

/// What happens to a reception once it is picked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReceptionStep {
    End,
    Reject,
}

/// The form that runs `command` at once, with nothing to ask.
pub fn run(command: Command) -> Action {
    Action::Submit(Form::new(Purpose::Run(command), String::new()))
}

/// A form that asks for one of the active salespeople for whom `keep` holds.
pub fn pick_salesperson(
    purpose: Purpose,
    title: Rot,
    view: &View,
    keep: impl Fn(StaffId) -> bool,
) -> Form {
    let people = view
        .shared
        .active(Role::Salesperson)
        .filter(|s| keep(s.id))
        .map(|s| (s.id, s.name.clone()));
    Form::new(purpose, title.text(view.lang).into()).choice(
        SALESPERSON,
        Rot::FieldSalesperson,
        people,
        None,
    )
}

/// After a reception turns out to be a colleague's old customer: whose customer it is,
/// so they receive them outside the rotation (ROT-8). Esc if the owner is not needed.
pub fn hand_over(view: &View) -> Form {
    pick_salesperson(Purpose::Returning, Rot::DlgReturning, view, |_| true)
        .hint(Rot::HandOverHint.text(view.lang))
}

pub fn public(view: &View) -> Form {
    Form::new(Purpose::Public, Rot::DlgPublic.text(view.lang).into()).choice(
        RECEIVERS,
        Rot::FieldReceivers,
        (1..=3usize).map(|n| (n, n.to_string())),
        Some(1),
    )
}

/// The form that ends or rejects `id`'s reception in progress.
pub fn reception(step: ReceptionStep, id: StaffId, day: &RotationDay, view: &View) -> Action {
    let lang = view.lang;
    let name = view.shared.name(id);
    let Some(reception) = day.member(id).and_then(|m| m.reception) else {
        return Action::Error(fill(Rot::ErrNoSuchReception.text(lang), &[("name", &name)]));
    };
    match step {
        ReceptionStep::End => {
            // Only the outcomes this kind of reception can have (a helper's: help given; a
            // public customer's: public or someone's old customer), named for it.
            let kind = day.reception(reception).map(|r| r.kind);
            let outcomes = Outcome::CHOICES
                .into_iter()
                .filter(|o| kind.is_none_or(|k| o.fits(k)))
                .map(|o| (o, describe::outcome_for(o, kind).text(lang).to_owned()));
            Action::Open(
                Form::new(
                    Purpose::End(reception),
                    fill(Rot::DlgEnd.text(lang), &[("name", &name)]),
                )
                .choice(OUTCOME, Rot::FieldOutcome, outcomes, None),
            )
        }
        ReceptionStep::Reject => Action::Open(
            view.approval(
                Form::new(
                    Purpose::Reject(reception),
                    fill(Rot::DlgReject.text(lang), &[("name", &name)]),
                )
                .hint(Rot::RejectHint.text(lang)),
            ),
        ),
    }
}

impl RotationPane {
    /// Does what a rotation form is for; the day the write produced replaces the one held.
    pub(super) fn submit_form(&mut self, form: &Form, cx: &mut Context) -> Result<Done, Refusal> {
        let Some(purpose) = form.purpose::<Purpose>() else {
            return Ok(Done::default());
        };
        match purpose {
            Purpose::Run(command) => self.rotate(cx, None, command),
            Purpose::CheckIn => {
                let id = cx.choice_of(form, SALESPERSON)?;
                self.rotate(cx, None, Command::CheckIn(id))
            }
            Purpose::Designated => {
                let id = cx.choice_of(form, SALESPERSON)?;
                self.rotate(cx, None, Command::Designated(id))
            }
            Purpose::Returning => {
                let id = cx.choice_of(form, SALESPERSON)?;
                self.rotate(cx, None, Command::Returning(id))
            }
            Purpose::Public => {
                let receivers = cx.choice_of(form, RECEIVERS)?;
                self.rotate(cx, None, Command::Public { receivers })
            }
            Purpose::PickReception(step) => {
                let id = cx.choice_of(form, SALESPERSON)?;
                match reception(step, id, &self.day, &cx.view()) {
                    Action::Open(next) => Ok(Done::default().then(next)),
                    Action::Error(message) => Err((Some(SALESPERSON), message)),
                    _ => Ok(Done::default()),
                }
            }
            Purpose::End(reception) => {
                let outcome = cx.choice_of(form, OUTCOME)?;
                let done = self.rotate(cx, None, Command::End { reception, outcome })?;
                // ROT-12 → ROT-8: a colleague's old customer goes on to their salesperson.
                Ok(if outcome == Outcome::ColleagueOldCustomer {
                    done.then(hand_over(&cx.view()))
                } else {
                    done
                })
            }
            Purpose::Reorder(salesperson) => {
                let position = cx.number(form, POSITION, Rot::FieldPosition)?;
                let reason = cx.required(form, REASON, Rot::FieldReason, 200)?;
                self.rotate_approved(form, cx, |supervisor| Command::Reorder {
                    salesperson,
                    position,
                    reason,
                    supervisor,
                })
            }
            Purpose::Reject(reception) => {
                self.rotate_approved(form, cx, |supervisor| Command::Reject {
                    reception,
                    supervisor,
                })
            }
            Purpose::Skip(salesperson) => self.rotate(cx, None, Command::Skip(salesperson)),
            Purpose::AssignWork(salesperson) => {
                self.rotate_approved(form, cx, |supervisor| Command::AssignWork {
                    salesperson,
                    supervisor,
                })
            }
            Purpose::Violation(salesperson) => {
                let note = cx.required(form, NOTE, Rot::FieldNote, 500)?;
                let fine_fen = parse_yuan(&form.number(FINE))
                    .ok_or_else(|| cx.not_a_number(FINE, Rot::FieldFine))?;
                self.rotate_approved(form, cx, |supervisor| Command::RecordViolation {
                    salesperson,
                    note,
                    fine_fen,
                    supervisor,
                })
            }
        }
    }

    /// A supervisor-only command: checks the form's approval, then runs the command `make`
    /// builds for the approving supervisor.
    fn rotate_approved(
        &mut self,
        form: &Form,
        cx: &mut Context,
        make: impl FnOnce(StaffId) -> Command,
    ) -> Result<Done, Refusal> {
        let approval = cx.approve(form)?;
        let command = make(approval.supervisor());
        self.rotate(cx, Some(approval), command)
    }

    /// Runs a rotation command and describes what it did, citing the rules applied; the
    /// start of a reception comes first, since that is what the desk acts on.
    fn rotate(
        &mut self,
        cx: &mut Context,
        approval: Option<Approval>,
        command: Command,
    ) -> Result<Done, Refusal> {
        let result = cx
            .store
            .rotate(cx.operator.id, approval, cx.day, cx.now, &command);
        let rotated = result.map_err(|e| {
            let today = Today {
                shared: cx.shared,
                rotation: &self.day,
            };
            (None, describe::store_error(&e, &today, cx.lang))
        })?;
        self.day = rotated.day;
        self.date = Some(cx.day);
        let mut appended = rotated.appended;
        appended.sort_by_key(|l| match l.event {
            Event::ReceptionStarted { .. } | Event::Rejected { .. } => 0,
            Event::MakeUpEarned { .. } => 1,
            _ => 2,
        });
        let today = Today {
            shared: cx.shared,
            rotation: &self.day,
        };
        Ok(Done::status(
            appended
                .iter()
                .map(|l| describe::event(&l.event, &today, cx.lang))
                .collect::<Vec<_>>()
                .join("  ·  "),
        ))
    }
}

/// "200" or "200.5" yuan as fen; money is kept in integers.
fn parse_yuan(text: &str) -> Option<i64> {
    let (whole, frac) = text.trim().split_once('.').unwrap_or((text.trim(), ""));
    if whole.is_empty()
        || frac.len() > 2
        || !whole
            .chars()
            .chain(frac.chars())
            .all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let fen = format!("{frac:0<2}").parse::<i64>().ok()?;
    whole
        .parse::<i64>()
        .ok()?
        .checked_mul(100)?
        .checked_add(fen)
}

#[cfg(test)]
mod tests {
    use super::parse_yuan;

    #[test]
    fn yuan_parse_to_fen() {
        assert_eq!(parse_yuan("200"), Some(20000));
        assert_eq!(parse_yuan("200.5"), Some(20050));
        assert_eq!(parse_yuan("0.05"), Some(5));
        assert_eq!(parse_yuan("-1"), None);
        assert_eq!(parse_yuan("1.234"), None);
        assert_eq!(parse_yuan(""), None);
        assert_eq!(parse_yuan("二百"), None);
    }
}
