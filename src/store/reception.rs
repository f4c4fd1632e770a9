//! A reception's customer (the rotation's `c`): registered, and the reception ended, each in
//! one `BEGIN IMMEDIATE` write that checks whose customer the visitor is inside it and acts
//! on that verdict, returning it (issue 16 §1: a desk's earlier look is never what decides).
//!
//! - [`Store::register_reception_visit`]: the ownership check, then the visit, registered to
//!   the owner when the registers name a colleague (ROT-8), with who received first noted.
//! - [`Store::end_reception`]: the ending's ruling (a conflict the approving supervisor
//!   confirms, REG-6), the ending, the ownership check of the reception's visit, and the
//!   hand-over it calls for ([`crate::domain::hand_over`]), all in one write.

use chrono::{DateTime, NaiveDate, Utc};

use super::register::{
    Added, VisitId, correct_in, insert_visit, reception_visits, settled_ownership, visit_fields,
    watch_added,
};
use super::rotation::{Rotated, append, day_in};
use super::{Approval, Result, Store, StoreError, audit, staff};
use crate::domain::hand_over::{HandOver, hand_over};
use crate::domain::register::{Ownership, Register, VisitRegistration};
use crate::domain::rotation::{Command, Outcome, RotationError, Seq, StaffId};

/// How long the reason for ending otherwise than proposed may be.
const OVERRIDE_REASON_MAX_CHARS: usize = 200;

/// A reception's visit as registered, and the verdict it was registered by.
#[derive(Debug, Clone)]
pub struct ReceptionVisit {
    pub id: VisitId,
    /// Whose customer the registers said the visitor was, before this visit.
    pub ownership: Ownership,
    /// The colleague the visit was registered to, when not the receiver (ROT-8).
    pub handed_to: Option<StaffId>,
}

/// How a reception is ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ending {
    pub reception: Seq,
    pub outcome: Outcome,
    /// The outcome the registers proposed and the clerk's reason, when the clerk chose
    /// otherwise (audited).
    pub overridden: Option<(Outcome, String)>,
    /// A supervisor's ruling the ending carries (the approval's supervisor rules): whose
    /// customer, over which registrations, and why.
    pub ruling: Option<EndingRuling>,
}

/// A supervisor's ruling an ending carries: whose customer, over which registrations, why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndingRuling {
    pub owner: StaffId,
    pub covers: Vec<(Register, i64)>,
    pub reason: String,
}

/// Where a colleague's old customer went when the reception ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HandedOver {
    /// The owner, or a helper on their behalf, receives them now (ROT-8): in `rotated`.
    Started(StaffId),
    /// The owner is receiving another customer: the customer waits for them (ROT-13).
    Waits(StaffId),
    /// The registers name nobody else: the clerk says whose customer it is.
    Ask,
    /// The owner cannot be handed the customer now (nobody free to help them, say).
    Refused(StaffId, RotationError),
}

/// A reception ended, with the verdict the hand-over acted on.
#[derive(Debug, Clone)]
pub struct Ended {
    pub rotated: Rotated,
    /// Whose customer the reception's visitor was, checked in the ending's write; `None`
    /// when no visit was registered for the reception.
    pub ownership: Option<Ownership>,
    /// For a colleague's old customer, where they went.
    pub handed_over: Option<HandedOver>,
}

impl Store {
    /// Registers the visit of the customer `reception` is receiving. The ownership check
    /// runs inside the write: when it names a colleague of the receiver (the earlier
    /// registration's salesperson in a conflict, REG-6), the visit is theirs (ROT-8) and
    /// `received_first` (who received first, in the clerk's words) is added to its notes.
    pub fn register_reception_visit(
        &mut self,
        operator: StaffId,
        visit: &VisitRegistration,
        reception: Seq,
        received_first: &str,
        now: DateTime<Utc>,
    ) -> Result<ReceptionVisit> {
        self.write(|tx| {
            let settings = super::settings::office_settings_in(tx)?;
            let (tz, policy) = (settings.timezone(), settings.policy());
            let ownership = settled_ownership(tx, &visit.identity(), now, tz, policy, &[])?;
            let mut visit = visit.clone();
            let handed_to = ownership
                .verdict
                .owner()
                .filter(|owner| *owner != visit.salesperson);
            if let Some(owner) = handed_to {
                visit.notes = Some(match visit.notes.take() {
                    Some(notes) => format!("{notes}; {received_first}"),
                    None => received_first.to_owned(),
                });
                visit.salesperson = owner;
            }
            let id = insert_visit(tx, operator, &visit, Some(reception), now)?;
            // The check above, made before this visit was written, is the one the kept
            // conflicts need (issue 18): not run twice.
            let added = Added {
                register: Register::Visit,
                id,
                at: visit.visited_at,
                salesperson: visit.salesperson,
            };
            watch_added(tx, added, &ownership, now, tz, policy)?;
            audit(
                tx,
                now,
                Some(operator),
                None,
                "register_visit",
                &format!(
                    "visit {id}, salesperson {}, reception {reception}",
                    visit.salesperson
                ),
            )?;
            Ok(ReceptionVisit {
                id: VisitId(id),
                ownership,
                handed_to,
            })
        })
    }

    /// Ends a reception as `ending` says, in one write: the ruling it carries, the ending,
    /// the override's reason, and — for a colleague's old customer — the ownership check of
    /// the reception's visit (as it stood before that visit) and the hand-over it calls for.
    pub fn end_reception(
        &mut self,
        operator: StaffId,
        approval: Option<Approval>,
        day: NaiveDate,
        now: DateTime<Utc>,
        ending: &Ending,
    ) -> Result<Ended> {
        let Ending {
            reception,
            outcome,
            overridden,
            ruling,
        } = ending;
        if ruling.is_some() && approval.is_none() {
            return Err(StoreError::NotSupervisor);
        }
        self.write(|tx| {
            let approver = match approval {
                Some(approval) => Some(staff::still_supervisor(tx, approval)?),
                None => None,
            };
            if let (Some(supervisor), Some(ruling)) = (approver, ruling) {
                let reason =
                    crate::domain::text::required(&ruling.reason, super::ruling::RULING_REASON_MAX_CHARS)
                        .map_err(StoreError::Reason)?;
                super::ruling::insert(
                    tx,
                    operator,
                    supervisor,
                    ruling.owner,
                    &ruling.covers,
                    &reason,
                    now,
                )?;
            }
            let settings = super::settings::office_settings_in(tx)?;
            let (tz, policy) = (settings.timezone(), settings.policy());
            let mut state = day_in(tx, day)?;
            let receiver = state
                .reception(*reception)
                .map(|r| r.salesperson)
                .ok_or(RotationError::NoSuchReception(*reception))?;
            let events = state.decide(
                &Command::End {
                    reception: *reception,
                    outcome: *outcome,
                },
                policy,
            )?;
            let mut appended = append(tx, day, &mut state, events, operator, approver, now)?;
            if let Some((proposed, reason)) = overridden {
                let reason = crate::domain::text::required(reason, OVERRIDE_REASON_MAX_CHARS)
                    .map_err(StoreError::Reason)?;
                audit(
                    tx,
                    now,
                    Some(operator),
                    None,
                    "outcome_override",
                    &format!(
                        "reception {reception}: the registers proposed {proposed:?}, ended as {outcome:?} ({reason})"
                    ),
                )?;
            }
            // Whose customer the visitor was before this reception's own visits.
            let visits = reception_visits(tx, *reception)?;
            let ownership = match visits.last() {
                Some((_, visit)) => {
                    let own: Vec<(Register, i64)> =
                        visits.iter().map(|(id, _)| (Register::Visit, *id)).collect();
                    Some(settled_ownership(
                        tx,
                        &visit.identity(),
                        now,
                        tz,
                        policy,
                        &own,
                    )?)
                }
                None => None,
            };
            // What the supervisor ruled, the reception's visits say too: registered to the
            // receiver while the question was open (a lapsed registration, ATT-004-6) or to
            // the earlier holder (a conflict, REG-6), each is corrected to the ruled owner —
            // a new row with the ruling's reason (REG-4), so the next check names them.
            if let (Some(ruling), Some(owner)) = (
                ruling,
                ownership.as_ref().and_then(|o| o.verdict.owner()),
            ) {
                for (id, visit) in visits.iter().filter(|(_, v)| v.salesperson != owner) {
                    let corrected = VisitRegistration {
                        salesperson: owner,
                        ..visit.clone()
                    };
                    correct_in(
                        tx,
                        operator,
                        Register::Visit,
                        *id,
                        visit_fields(&corrected),
                        corrected.identity(),
                        &ruling.reason,
                        now,
                    )?;
                }
            }
            let handed_over = if *outcome == Outcome::ColleagueOldCustomer {
                let owner = ownership
                    .as_ref()
                    .and_then(|o| o.verdict.owner())
                    .filter(|owner| *owner != receiver);
                Some(match owner {
                    None => HandedOver::Ask,
                    Some(owner) => match hand_over(&state, owner, policy) {
                        Ok(HandOver::Start(events)) => {
                            appended.extend(append(
                                tx, day, &mut state, events, operator, None, now,
                            )?);
                            HandedOver::Started(owner)
                        }
                        Ok(HandOver::Waits(owner)) => HandedOver::Waits(owner),
                        Err(e) => HandedOver::Refused(owner, e),
                    },
                })
            } else {
                None
            };
            Ok(Ended {
                rotated: Rotated {
                    appended,
                    day: state,
                },
                ownership,
                handed_over,
            })
        })
    }
}

#[cfg(test)]
#[path = "reception_tests.rs"]
mod tests;
