//! A reception's customer registered from the rotation pane (`c`): the registers propose how
//! the reception ends (ROT-5, ROT-8, ROT-12), and the clerk confirms in one step or
//! overrides with a reason that goes into the audit trail.
//!
//! - the registers name the receiving salesperson → their own old customer (a make-up, ROT-5);
//! - they name a colleague → a colleague's old customer (a make-up, ROT-5), and the colleague
//!   receives them at once, a checked-in helper if the colleague is away (ROT-8, ROT-12), or
//!   nobody if the colleague is receiving: the customer waits for them (ROT-13);
//! - a conflict → the earlier registration's salesperson (REG-6), and a supervisor confirms;
//! - a registration lapsed 31–60 days ago under 004 → nothing proposed: the supervisor rules
//!   whether the receiver did not know (ATT-004-6);
//! - nobody, or every registration lapsed → a new customer, counted (ROT-1).
//!
//! The ending, its ruling and the hand-over are one write ([`crate::store::reception`]),
//! which checks whose customer it is again inside it.

use super::RotationPane;
use super::describe::{self, Today};
use super::forms::{Purpose, REASON};
use super::text::Rot;
use crate::domain::register::{Ownership, Register, Verdict};
use crate::domain::rotation::{Command, Outcome, RotationDay, Seq, StaffId};
use crate::i18n::fill;
use crate::store::Approval;
use crate::store::reception::{Ending, EndingRuling, HandedOver};
use crate::store::register::VisitId;
use crate::ui::context::Context;
use crate::ui::form::{Form, Pick, Refusal};
use crate::ui::pane::{Done, View};
use crate::ui::registers::forms::Registered;
use crate::ui::registers::verdict;
use crate::ui::said::Said;

/// What the registers say the reception was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub reception: Seq,
    pub outcome: Outcome,
    /// Whose customer it is, when someone else's: they receive next (ROT-8).
    pub owner: Option<StaffId>,
    /// Two salespeople hold registrations: the supervisor who approves the ending confirms
    /// whose customer it is (REG-6), a ruling over these registrations.
    pub ruling: Option<(StaffId, Vec<(Register, i64)>)>,
    /// A registration lapsed past 30 days but inside 004's 60 (ATT-004-6): whose it was and
    /// what the supervisor rules on, asked at the ending.
    pub unknowing: Option<(StaffId, Vec<(Register, i64)>)>,
}

fn propose(
    found: &Ownership,
    receiver: StaffId,
    reception: Seq,
    visit: Option<VisitId>,
) -> Proposal {
    let owner = found.verdict.owner();
    let outcome = match owner {
        Some(owner) if owner == receiver => Outcome::OwnOldCustomer,
        Some(_) => Outcome::ColleagueOldCustomer,
        None => Outcome::NewCustomer,
    };
    // The visit just registered (to the owner) is among what the supervisor rules on.
    let ruling = match (&found.verdict, owner) {
        (Verdict::Conflict { .. }, Some(owner)) => {
            let mut covers = found.contested();
            covers.extend(visit.map(|v| (Register::Visit, v.0)));
            Some((owner, covers))
        }
        _ => None,
    };
    // ATT-004-6: did the receiver not know? The supervisor rules at the ending; the visit
    // just registered is among what the ruling covers.
    let unknowing = match &found.verdict {
        Verdict::Expired {
            last,
            unknowing_until: Some(_),
        } => {
            let mut covers = found.contested();
            covers.extend(visit.map(|v| (Register::Visit, v.0)));
            Some((last.owner, covers))
        }
        _ => None,
    };
    Proposal {
        reception,
        outcome,
        owner: owner.filter(|&o| o != receiver),
        ruling,
        unknowing,
    }
}

/// What the registers said when a reception's customer was registered: kept by the pane so
/// that ending the reception — its own step — starts from it, whenever the clerk takes it.
#[derive(Debug, Clone)]
pub struct Proposed {
    pub proposal: Proposal,
    found: Ownership,
}

/// After a visit linked to `reception` is registered: how the registers propose it ends,
/// or nothing when there is nothing to propose (the reception has ended meanwhile, or its
/// kind cannot end that way). Registering ends nothing.
pub fn proposed(registered: &Registered, reception: Seq, day: &RotationDay) -> Option<Proposed> {
    let found = registered.ownership.as_ref()?;
    let open = day.reception(reception)?;
    let proposal = propose(found, open.salesperson, reception, registered.visit);
    proposal.outcome.fits(open.kind).then(|| Proposed {
        proposal,
        found: found.clone(),
    })
}

/// The form that ends a reception as the registers proposed, with the outcome chosen and
/// why; `None` once the reception is no longer open.
pub fn form(proposed: &Proposed, day: &RotationDay, view: &View) -> Option<Form> {
    let (proposal, found) = (proposed.proposal.clone(), &proposed.found);
    let open = day.reception(proposal.reception)?;
    let lang = view.lang;
    let receiver = view.shared.name(open.salesperson);
    if let Some((original, _)) = &proposal.unknowing {
        return Some(unknowing_form(
            proposal.clone(),
            found,
            *original,
            open.salesperson,
            view,
        ));
    }
    let consequence = match proposal.outcome {
        Outcome::OwnOldCustomer => fill(Rot::ProposeOwn.text(lang), &[("name", &receiver)]),
        Outcome::ColleagueOldCustomer => fill(
            Rot::ProposeColleague.text(lang),
            &[
                ("name", &receiver),
                (
                    "owner",
                    &proposal
                        .owner
                        .map(|o| view.shared.name(o))
                        .unwrap_or_default(),
                ),
            ],
        ),
        _ => Rot::ProposeNew.text(lang).to_owned(),
    };
    let hint = format!(
        "{}\n{consequence}",
        verdict::sentence(found, view.shared, lang)
    );
    let outcomes = Outcome::CHOICES
        .into_iter()
        .filter(|o| o.fits(open.kind))
        .map(|o| (o, describe::outcome_for(o, Some(open.kind)).msg()));
    // A conflict's ending rules it: the supervisor approves it.
    let supervisor = proposal.ruling.is_some().then(|| Pick::new("supervisor"));
    let chosen = proposal.outcome;
    let outcome = Pick::new("outcome");
    let form = Form::new(
        Purpose::EndProposed(proposal, outcome.clone(), supervisor.clone()),
        fill(Rot::DlgProposed.text(lang), &[("name", &receiver)]),
    )
    .hint(hint)
    .choice_said(&outcome, Rot::FieldOutcome, outcomes, Some(chosen), lang)
    .text(REASON, Rot::FieldOverrideReason);
    Some(match &supervisor {
        Some(supervisor) => view.approval(form, supervisor),
        None => form,
    })
}

/// The ending of a reception whose customer's registration lapsed 31–60 days ago under
/// 004: the supervisor rules, with their PIN, whether the receiver took them unknowingly —
/// still the original salesperson's customer (004 §15) — or whether they are a new customer
/// (004 §14); nothing is chosen until the supervisor says (ATT-004-6).
fn unknowing_form(
    proposal: Proposal,
    found: &Ownership,
    original: StaffId,
    receiver: StaffId,
    view: &View,
) -> Form {
    let lang = view.lang;
    let names = [
        ("owner", view.shared.name(original)),
        ("name", view.shared.name(receiver)),
    ];
    let said = |msg: Rot| {
        let names: Vec<(&str, &dyn std::fmt::Display)> = names
            .iter()
            .map(|(k, v)| (*k, v as &dyn std::fmt::Display))
            .collect();
        fill(msg.text(lang), &names)
    };
    let hint = format!(
        "{}\n{}",
        verdict::sentence(found, view.shared, lang),
        said(Rot::ProposeUnknowing)
    );
    let kept = Pick::new("unknowing");
    let supervisor = Pick::new("supervisor");
    let options = [
        (true, said(Rot::UnknowingKept)),
        (false, said(Rot::UnknowingNew)),
    ];
    let form = Form::new(
        Purpose::EndUnknowing(proposal, kept.clone(), supervisor.clone()),
        fill(
            Rot::DlgProposed.text(lang),
            &[("name", &view.shared.name(receiver))],
        ),
    )
    .hint(hint)
    .choice(&kept, Rot::FieldUnknowing, options, None)
    .required();
    view.approval(form, &supervisor)
}

impl RotationPane {
    /// Ends a reception as the supervisor ruled on an unknowing receipt (ATT-004-6): still
    /// the original salesperson's — their old customer, handed back (ROT-5, ROT-8) — or a
    /// new customer, counted for the receiver. The ruling is kept as ownership rulings are.
    pub(super) fn end_unknowing(
        &mut self,
        form: &Form,
        cx: &mut Context,
        proposal: Proposal,
        kept: &Pick<bool>,
        supervisor: &Pick<StaffId>,
    ) -> Result<Done, Refusal> {
        let kept: bool = cx.choice_of(form, kept)?;
        let approval = cx.approve(form, supervisor)?;
        let Some((original, covers)) = proposal.unknowing.clone() else {
            return Ok(Done::default());
        };
        let receiver = self
            .day
            .reception(proposal.reception)
            .map(|r| r.salesperson)
            .unwrap_or(original);
        let (owner, outcome, reason) = match (kept, original == receiver) {
            (true, true) => (original, Outcome::OwnOldCustomer, Rot::UnknowingKept),
            (true, false) => (original, Outcome::ColleagueOldCustomer, Rot::UnknowingKept),
            (false, _) => (receiver, Outcome::NewCustomer, Rot::UnknowingNew),
        };
        // The rule first: the ruling and the visit's correction are read as evidence.
        let reason = format!(
            "ATT-004-6: {}",
            fill(
                reason.text(cx.lang),
                &[
                    ("owner", &cx.shared.name(original)),
                    ("name", &cx.shared.name(receiver)),
                ],
            )
        );
        let ending = Ending {
            reception: proposal.reception,
            outcome,
            overridden: None,
            ruling: Some(EndingRuling {
                owner,
                covers,
                reason,
            }),
        };
        self.end(cx, Some(approval), &ending)
    }

    /// Ends the reception as chosen; a choice other than the proposal needs its reason,
    /// recorded. A colleague's old customer goes on to the owner (or a helper) at once.
    pub(super) fn end_proposed(
        &mut self,
        form: &Form,
        cx: &mut Context,
        proposal: Proposal,
        outcome: &Pick<Outcome>,
        supervisor: Option<&Pick<StaffId>>,
    ) -> Result<Done, Refusal> {
        let outcome: Outcome = cx.choice_of(form, outcome)?;
        let overridden = outcome != proposal.outcome;
        let reason = if overridden {
            Some(cx.required(form, REASON, Rot::FieldOverrideReason, 200)?)
        } else {
            None
        };
        let approval = match supervisor {
            Some(supervisor) => Some(cx.approve(form, supervisor)?),
            None => None,
        };
        // The supervisor who approves the proposed ending confirms whose customer it is.
        let ruling = match (&proposal.ruling, overridden) {
            (Some((owner, covers)), false) => Some(EndingRuling {
                owner: *owner,
                covers: covers.clone(),
                reason: Rot::RulingReason.text(cx.lang).to_owned(),
            }),
            _ => None,
        };
        let ending = Ending {
            reception: proposal.reception,
            outcome,
            overridden: reason.map(|reason| (proposal.outcome, reason)),
            ruling,
        };
        self.end(cx, approval, &ending)
    }

    /// Ends a reception in one write that also hands a colleague's old customer over as the
    /// registers say at that moment (ROT-8, ROT-13): the owner, a checked-in helper for an
    /// absent owner, or — the owner busy — nobody, the customer waiting for them. Only when
    /// the registers name nobody does the clerk pick whose customer it is.
    pub(super) fn end(
        &mut self,
        cx: &mut Context,
        approval: Option<Approval>,
        ending: &Ending,
    ) -> Result<Done, Refusal> {
        let command = Command::End {
            reception: ending.reception,
            outcome: ending.outcome,
        };
        let ended = cx
            .store
            .end_reception(cx.operator.id, approval, cx.day, cx.now, ending)
            .map_err(|e| {
                let today = Today {
                    shared: cx.shared,
                    rotation: &self.day,
                };
                super::forms::rotation_refusal(e, &command, &today)
            })?;
        let mut done = self.rotated(cx, ended.rotated);
        let then = match ended.handed_over {
            None | Some(HandedOver::Started(_)) => None,
            Some(HandedOver::Ask) => Some(super::forms::hand_over(&cx.view())),
            Some(HandedOver::Waits(owner)) => {
                let said = Said::fill(Rot::HandOverWaits, [("owner", cx.shared.name(owner))]);
                done.status = done.status.map(|s| s.and(said));
                None
            }
            Some(HandedOver::Refused(owner, e)) => {
                let (shared, day) = (cx.shared.clone(), self.day.clone());
                let refused = Command::Returning(owner);
                let said = Said::new(move |lang| {
                    let today = Today {
                        shared: &shared,
                        rotation: &day,
                    };
                    describe::rotation_error(&e, &refused, &today, lang)
                });
                done.status = done.status.map(|s| s.and(said));
                None
            }
        };
        Ok(match then {
            Some(form) => done.then(form),
            None => done,
        })
    }
}

/// The `c` key: the receiving salesperson under the cursor, or the only one receiving.
pub fn receiver_to_register(
    day: &RotationDay,
    selected: Option<StaffId>,
    receivers: &[StaffId],
) -> Result<(StaffId, Seq), Said> {
    let reception = |id: StaffId| day.member(id).and_then(|m| m.reception);
    if let Some(id) = selected
        && let Some(seq) = reception(id)
    {
        return Ok((id, seq));
    }
    match receivers {
        [] => Err(Said::msg(Rot::ErrNobodyReceiving)),
        [only] => reception(*only)
            .map(|seq| (*only, seq))
            .ok_or_else(|| Said::msg(Rot::ErrNobodyReceiving)),
        _ => Err(Said::msg(Rot::ErrPickReceiver)),
    }
}
