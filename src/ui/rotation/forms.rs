//! The rotation pane's forms: what each asks, and what submitting it does to the queue.

use chrono::NaiveDate;

use super::describe::{self, Today};
use super::proposal::{self, Proposal};
use super::text::Rot;
use super::{Earlier, RotationPane};
use crate::domain::rotation::{Command, Event, Outcome, ReceptionKind, RotationDay, Seq, StaffId};
use crate::domain::staff::Role;
use crate::i18n::{Lang, fill};
use crate::store::Approval;
use crate::store::reception::Ending;
use crate::store::rotation::Rotated;
use crate::ui::context::{self, Context};
use crate::ui::describe::local_time;
use crate::ui::form::{Form, Pick, Refusal, Text};
use crate::ui::pane::{Action, Done, View};
use crate::ui::registers;
use crate::ui::said::Said;

pub const POSITION: Text = Text("position");
pub const REASON: Text = Text("reason");
pub const NOTE: Text = Text("note");
pub const FINE: Text = Text("fine");

/// The approving supervisor's list, read back at submit ([`Context::approve`]).
pub type Supervisor = Pick<StaffId>;

/// What a rotation form is for, with the lists it reads back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    /// A command that needs no input beyond the key.
    Run(Command),
    CheckIn(Pick<StaffId>),
    Designated(Pick<StaffId>),
    Returning(Pick<StaffId>),
    Public(Pick<usize>),
    /// Several are receiving and none is selected: whose reception to end or reject.
    PickReception(ReceptionStep, Pick<StaffId>),
    End(Seq, Pick<Outcome>),
    AssignWork(StaffId, Supervisor),
    Skip(StaffId),
    Reorder(StaffId, Supervisor),
    Reject(Seq, Supervisor),
    Violation(StaffId, Supervisor),
    /// The day before left receptions open: which one to give its outcome.
    PickEarlier(NaiveDate, Pick<Seq>),
    /// The outcome of a reception of an earlier day, filed under that day.
    EndEarlier(NaiveDate, Seq, Pick<Outcome>),
    /// Set aside today's unreadable log row, with a reason.
    SetAside(Seq, Supervisor),
    /// End a reception as the registers propose, or otherwise with a reason.
    EndProposed(Proposal, Pick<Outcome>, Option<Supervisor>),
    /// End a reception as the supervisor rules on an unknowing receipt (ATT-004-6).
    EndUnknowing(Proposal, Pick<bool>, Supervisor),
}

/// What happens to a reception once it is picked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReceptionStep {
    End,
    Reject,
}

/// Runs `command` at once, with nothing to ask.
pub fn run(command: Command) -> Action {
    Action::Command(Purpose::Run(command).into())
}

/// Asks how `reception` ended, offering only the outcomes its kind can have (a helper's:
/// help given); `purpose` is given the list it reads back.
fn outcome_form(
    purpose: impl FnOnce(Pick<Outcome>) -> Purpose,
    title: String,
    day: &RotationDay,
    reception: Seq,
    lang: Lang,
) -> Form {
    // Only the outcomes this kind of reception can have (a helper's: help given; a public
    // customer's: public or someone's old customer), named for it.
    let kind = day.reception(reception).map(|r| r.kind);
    let mut outcomes: Vec<Outcome> = Outcome::CHOICES
        .into_iter()
        .filter(|o| kind.is_none_or(|k| o.fits(k)))
        .collect();
    // A public customer's reception lists "public after all" first: the line the cursor
    // lands on is the ending it usually has, never someone's old customer (issue 16 §6).
    if kind == Some(ReceptionKind::Public) {
        outcomes.sort_by_key(|o| *o != Outcome::PublicAfterAll);
    }
    let outcomes = outcomes
        .into_iter()
        .map(|o| (o, describe::outcome_for(o, kind).msg()));
    let outcome = Pick::new("outcome");
    Form::new(purpose(outcome.clone()), title).choice_said(
        &outcome,
        Rot::FieldOutcome,
        outcomes,
        None,
        lang,
    )
}

/// The outcome form for a reception the day before left open; the clerk picks which first
/// when there are several.
pub fn earlier(earlier: &Earlier, view: &View) -> Action {
    let lang = view.lang;
    let date = earlier.date.format("%m-%d").to_string();
    let open: Vec<_> = earlier.day.receptions().collect();
    match open.as_slice() {
        [] => Action::Error(Said::msg(Rot::ErrNothingOpenEarlier)),
        [only] => {
            let title = fill(Rot::DlgEarlierReception.text(lang), &[("date", &date)]);
            let title = format!("{title}: {}", view.shared.name(only.salesperson));
            let (date, seq) = (earlier.date, only.seq);
            let purpose = move |o| Purpose::EndEarlier(date, seq, o);
            Action::Open(outcome_form(purpose, title, &earlier.day, only.seq, lang))
        }
        several => {
            let today = Today {
                shared: view.shared,
                rotation: &earlier.day,
            };
            let tz = view.shared.settings.timezone();
            let options = several.iter().map(|r| {
                let label = format!(
                    "{}  {}  {}",
                    view.shared.name(r.salesperson),
                    local_time(r.started, tz),
                    describe::kind(r.kind, &today, lang)
                );
                (r.seq, label)
            });
            let title = fill(Rot::DlgEarlierReception.text(lang), &[("date", &date)]);
            let reception = Pick::new("reception");
            let purpose = Purpose::PickEarlier(earlier.date, reception.clone());
            Action::Open(Form::new(purpose, title).choice(
                &reception,
                Rot::FieldReception,
                options,
                None,
            ))
        }
    }
}

/// A form that asks for one of the active salespeople for whom `keep` holds; `purpose`
/// is given the list it reads back.
pub fn pick_salesperson(
    purpose: impl FnOnce(Pick<StaffId>) -> Purpose,
    title: Rot,
    view: &View,
    keep: impl Fn(StaffId) -> bool,
) -> Form {
    let people = view
        .shared
        .active(Role::Salesperson)
        .filter(|s| keep(s.id))
        .map(|s| (s.id, s.name.clone()));
    let salesperson = Pick::new("salesperson");
    Form::new(purpose(salesperson.clone()), title.text(view.lang).into()).choice(
        &salesperson,
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
    let receivers = Pick::new("receivers");
    Form::new(
        Purpose::Public(receivers.clone()),
        Rot::DlgPublic.text(view.lang).into(),
    )
    .choice(
        &receivers,
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
        return Action::Error(Said::fill(Rot::ErrNoSuchReception, [("name", name)]));
    };
    match step {
        ReceptionStep::End => {
            let title = fill(Rot::DlgEnd.text(lang), &[("name", &name)]);
            Action::Open(outcome_form(
                |o| Purpose::End(reception, o),
                title,
                day,
                reception,
                lang,
            ))
        }
        ReceptionStep::Reject => {
            // Refused anyway (nobody else free, say): said before anyone types a PIN.
            let trial = Command::Reject {
                reception,
                supervisor: view.operator.id,
            };
            if let Err(e) = day.decide(&trial, view.shared.settings.policy()) {
                let today = Today {
                    shared: view.shared,
                    rotation: day,
                };
                let message =
                    Said::in_both(|lang| describe::rotation_error(&e, &trial, &today, lang));
                return Action::Error(message);
            }
            let supervisor = Pick::new("supervisor");
            Action::Open(
                view.approval(
                    Form::new(
                        Purpose::Reject(reception, supervisor.clone()),
                        fill(Rot::DlgReject.text(lang), &[("name", &name)]),
                    )
                    .hint(Rot::RejectHint.text(lang)),
                    &supervisor,
                ),
            )
        }
    }
}

impl RotationPane {
    /// Does what a rotation form is for; the day the write produced replaces the one held.
    pub(super) fn submit_form(&mut self, form: &Form, cx: &mut Context) -> Result<Done, Refusal> {
        // A reception's customer registered from here (`c`): registering ends nothing; the
        // registers propose the end, offered at once and again on `e` (issue 15 §6).
        if let Some(registered) = registers::forms::register(form, cx) {
            let registered = registered?;
            let reception = match form.purpose::<registers::forms::Purpose>() {
                Some(registers::forms::Purpose::Visit {
                    reception: Some(reception),
                    ..
                }) => reception,
                _ => return Ok(Done::status(registered.said)),
            };
            let Some(proposed) = proposal::proposed(&registered, reception, &self.day) else {
                return Ok(Done::status(registered.said));
            };
            let said = registered.said.and(Said::msg(Rot::StillReceiving));
            let next = proposal::form(&proposed, &self.day, &cx.view());
            self.proposed.retain(|p| p.proposal.reception != reception);
            self.proposed.push(proposed);
            let done = Done::status(said);
            return Ok(match next {
                Some(next) => done.then(next),
                None => done,
            });
        }
        let Some(purpose) = form.purpose::<Purpose>() else {
            return Ok(Done::default());
        };
        match purpose {
            Purpose::Run(command) => self.rotate(cx, None, command),
            Purpose::EndProposed(proposal, outcome, supervisor) => {
                self.end_proposed(form, cx, proposal, &outcome, supervisor.as_ref())
            }
            Purpose::EndUnknowing(proposal, kept, supervisor) => {
                self.end_unknowing(form, cx, proposal, &kept, &supervisor)
            }
            Purpose::CheckIn(salesperson) => {
                let id = cx.choice_of(form, &salesperson)?;
                self.rotate(cx, None, Command::CheckIn(id))
            }
            Purpose::Designated(salesperson) => {
                let id = cx.choice_of(form, &salesperson)?;
                self.rotate(cx, None, Command::Designated(id))
            }
            Purpose::Returning(salesperson) => {
                let id = cx.choice_of(form, &salesperson)?;
                self.rotate(cx, None, Command::Returning(id))
            }
            Purpose::Public(receivers) => {
                let receivers = cx.choice_of(form, &receivers)?;
                self.rotate(cx, None, Command::Public { receivers })
            }
            Purpose::PickReception(step, salesperson) => {
                let id = cx.choice_of(form, &salesperson)?;
                match reception(step, id, &self.day, &cx.view()) {
                    Action::Open(next) => Ok(Done::default().then(next)),
                    Action::Error(message) => Err(Refusal::at(&salesperson, message)),
                    _ => Ok(Done::default()),
                }
            }
            Purpose::End(reception, outcome) => {
                let outcome = cx.choice_of(form, &outcome)?;
                // ROT-12 → ROT-8: a colleague's old customer goes on to their salesperson,
                // as the registers say in the ending's write, or as the clerk picks.
                let ending = Ending {
                    reception,
                    outcome,
                    overridden: None,
                    ruling: None,
                };
                self.end(cx, None, &ending)
            }
            Purpose::Reorder(salesperson, approver) => {
                let position = cx.number(form, POSITION, Rot::FieldPosition)?;
                let reason = cx.required(form, REASON, Rot::FieldReason, 200)?;
                self.rotate_approved(form, cx, &approver, |supervisor| Command::Reorder {
                    salesperson,
                    position,
                    reason,
                    supervisor,
                })
            }
            Purpose::Reject(reception, approver) => {
                self.rotate_approved(form, cx, &approver, |supervisor| Command::Reject {
                    reception,
                    supervisor,
                })
            }
            Purpose::Skip(salesperson) => self.rotate(cx, None, Command::Skip(salesperson)),
            Purpose::AssignWork(salesperson, approver) => {
                self.rotate_approved(form, cx, &approver, |supervisor| Command::AssignWork {
                    salesperson,
                    supervisor,
                })
            }
            Purpose::PickEarlier(date, reception) => {
                let seq: Seq = cx.choice_of(form, &reception)?;
                let earlier = self.earlier.as_ref().filter(|e| e.date == date);
                let Some(earlier) = earlier else {
                    return Err(Refusal::said(Said::msg(Rot::ErrNothingOpenEarlier)));
                };
                let name = earlier
                    .day
                    .reception(seq)
                    .map(|r| cx.shared.name(r.salesperson))
                    .unwrap_or_default();
                let title = fill(
                    Rot::DlgEarlierReception.text(cx.lang),
                    &[("date", &date.format("%m-%d"))],
                );
                let title = format!("{title}: {name}");
                let purpose = move |o| Purpose::EndEarlier(date, seq, o);
                Ok(Done::default().then(outcome_form(purpose, title, &earlier.day, seq, cx.lang)))
            }
            Purpose::EndEarlier(date, reception, outcome) => {
                let outcome = cx.choice_of(form, &outcome)?;
                self.end_earlier(cx, date, Command::End { reception, outcome })
            }
            Purpose::SetAside(row, approver) => {
                let reason = cx.required(form, REASON, Rot::FieldReason, 200)?;
                let approval = cx.approve(form, &approver)?;
                let read = cx
                    .store
                    .set_aside_rotation_row(cx.operator.id, approval, cx.day, row, &reason, cx.now)
                    .map_err(|e| cx.refusal(e))?;
                self.day = read.day;
                self.bad_row = read.bad_row;
                Ok(Done::status(Said::fill(
                    Rot::SetAsideDone,
                    [("row", row.to_string())],
                )))
            }
            Purpose::Violation(salesperson, approver) => {
                let note = cx.required(form, NOTE, Rot::FieldNote, 500)?;
                let fine_fen = parse_yuan(&form.number(FINE))
                    .ok_or_else(|| context::not_a_number(FINE, Rot::FieldFine))?;
                self.rotate_approved(form, cx, &approver, |supervisor| Command::RecordViolation {
                    salesperson,
                    note,
                    fine_fen,
                    supervisor,
                })
            }
        }
    }

    /// Gives a reception the day before left open its outcome, filed under that day: the
    /// make-up it may earn is not carried over, but the count and the evidence are right.
    fn end_earlier(
        &mut self,
        cx: &mut Context,
        date: NaiveDate,
        command: Command,
    ) -> Result<Done, Refusal> {
        let Some(earlier) = self.earlier.as_mut().filter(|e| e.date == date) else {
            return Err(Refusal::said(Said::msg(Rot::ErrNothingOpenEarlier)));
        };
        let rotated = cx
            .store
            .rotate(cx.operator.id, None, date, cx.now, &command)
            .map_err(|e| {
                let today = Today {
                    shared: cx.shared,
                    rotation: &earlier.day,
                };
                rotation_refusal(e, &command, &today)
            })?;
        earlier.day = rotated.day;
        let (shared, day) = (cx.shared.clone(), earlier.day.clone());
        let filed = date.format("%m-%d").to_string();
        Ok(Done::status(Said::new(move |lang| {
            let today = Today {
                shared: &shared,
                rotation: &day,
            };
            let said: Vec<String> = rotated
                .appended
                .iter()
                .map(|l| describe::event(&l.event, &today, lang))
                .collect();
            let filed = fill(Rot::FiledUnder.text(lang), &[("date", &filed)]);
            format!("{} {filed}", said.join("  ·  "))
        })))
    }

    /// A supervisor-only command: checks the form's approval, then runs the command `make`
    /// builds for the approving supervisor.
    fn rotate_approved(
        &mut self,
        form: &Form,
        cx: &mut Context,
        supervisor: &Supervisor,
        make: impl FnOnce(StaffId) -> Command,
    ) -> Result<Done, Refusal> {
        let approval = cx.approve(form, supervisor)?;
        let command = make(approval.supervisor());
        self.rotate(cx, Some(approval), command)
    }

    /// Runs a rotation command and describes what it did, citing the rules applied; the
    /// start of a reception comes first, since that is what the desk acts on.
    pub(super) fn rotate(
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
            rotation_refusal(e, &command, &today)
        })?;
        Ok(self.rotated(cx, rotated))
    }

    /// Takes the day a rotation write produced and says what it appended, citing the rules
    /// applied; the start of a reception comes first, since that is what the desk acts on.
    pub(super) fn rotated(&mut self, cx: &Context, rotated: Rotated) -> Done {
        self.day = rotated.day;
        self.date = Some(cx.day);
        // The cursor goes to whoever just got a customer, so the next `e` ends theirs.
        if let Some(receiver) = rotated.appended.iter().find_map(|l| match l.event {
            Event::ReceptionStarted { salesperson, .. } => Some(salesperson),
            _ => None,
        }) {
            self.selected = Some(receiver);
        }
        let mut appended = rotated.appended;
        appended.sort_by_key(|l| match l.event {
            Event::ReceptionStarted { .. } | Event::Rejected { .. } => 0,
            Event::MakeUpEarned { .. } => 1,
            _ => 2,
        });
        // Said again in the other language if the clerk switches, so it keeps what it needs.
        let (shared, day) = (cx.shared.clone(), self.day.clone());
        Done::status(Said::new(move |lang| {
            let today = Today {
                shared: &shared,
                rotation: &day,
            };
            appended
                .iter()
                .map(|l| describe::event(&l.event, &today, lang))
                .collect::<Vec<_>>()
                .join("  ·  ")
        }))
    }
}

/// A store error met by a rotation command, said with what the day's log explains.
pub(super) fn rotation_refusal(
    e: crate::store::StoreError,
    command: &Command,
    today: &Today,
) -> Refusal {
    match context::refusal_of_busy(&e) {
        Some(busy) => busy,
        None => Refusal::said(Said::in_both(|lang| {
            describe::store_error(&e, command, today, lang)
        })),
    }
}

/// A fine's shape, said as the clerk leaves the field: yuan, at most two decimals.
pub fn fine_check(text: &str) -> Option<Said> {
    let text = crate::domain::text::ascii_digits(text);
    parse_yuan(&text).is_none().then(|| {
        Said::new(|lang| {
            fill(
                crate::ui::text::Ui::ErrNumber.text(lang),
                &[("field", &Rot::FieldFine.text(lang))],
            )
        })
    })
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
