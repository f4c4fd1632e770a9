//! The sales rotation queue (轮排表): commands decide, events record, a fold derives the queue.
//!
//! The day's queue is never stored; it is replayed from the append-only log of the day's
//! events (`RotationDay::replay`). A command is checked against the replayed state and, if it
//! is allowed, turns into the events that record it (`RotationDay::decide`). Every event that
//! changes someone's place carries the rule that moved them, so "why is X next?" is answered
//! from the log alone.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::policy::{HelperPolicy, Policy};
pub use super::staff::StaffId;

/// Position of an event in the day's log; also the id of a reception or a make-up it opened.
/// A type of its own so a reception cannot be passed where a salesperson is meant; stored
/// as the bare number (`transparent`), so the log's JSON is what it was as a plain `i64`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Seq(pub i64);

impl std::fmt::Display for Seq {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// Whether a checked-in salesperson can take a customer right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Availability {
    Available,
    /// Away on work a supervisor assigned: a missed turn is made up (ROT-4, ROT-5).
    AwayAssigned,
    /// On a break: a missed turn is lost, never made up (ROT-6).
    Break,
    /// On personal or sick leave: a missed turn is lost, never made up (ROT-6).
    Leave,
}

/// How a reception came about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "owner")]
pub enum ReceptionKind {
    /// A new walk-in received in rotation order (ROT-1).
    Rotation,
    /// A new walk-in received on an owed make-up turn (ROT-5).
    MakeUp,
    /// The customer named this salesperson before substantive reception (ROT-7).
    Designated,
    /// A returning customer received by the salesperson who registered them (ROT-8).
    Returning,
    /// Received on behalf of an absent colleague, to be handed back (ROT-8).
    Helping(StaffId),
    /// A public customer: peers, leaders' guests, solicitors (ROT-9).
    Public,
}

/// What a finished reception turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    NewCustomer,
    OwnOldCustomer,
    ColleagueOldCustomer,
    HelpedColleague,
    PublicAfterAll,
    /// The customer rejected the salesperson; the turn is void (轮空, ROT-10).
    Void,
}

impl Outcome {
    /// The outcomes a clerk may choose when ending a reception, in menu order.
    pub const CHOICES: [Outcome; 5] = [
        Outcome::NewCustomer,
        Outcome::OwnOldCustomer,
        Outcome::ColleagueOldCustomer,
        Outcome::HelpedColleague,
        Outcome::PublicAfterAll,
    ];

    /// Whether a reception of `kind` may end this way. A helper's reception is help given
    /// to the owner, whose customer it stays (ROT-8), so it can only end as that; a void
    /// turn comes only from a rejection (ROT-10).
    ///
    /// A public reception (ROT-9) ends as a public customer (`PublicAfterAll`, which for it
    /// means simply "public"), or as someone's old customer when the visitor proves to be one
    /// (then ROT-8 hands them on). Never as a new customer: 004 §7 makes a public customer
    /// "销售部公共资源,不属于第一接待的售楼员" — nobody's — and one who comes back to buy is a
    /// new customer *then*, received in rotation order; several may have received this one,
    /// and none of them used a turn. Never as help given, which only a helper's reception is.
    pub fn fits(self, kind: ReceptionKind) -> bool {
        match kind {
            ReceptionKind::Helping(_) => self == Outcome::HelpedColleague,
            ReceptionKind::Public => matches!(
                self,
                Outcome::PublicAfterAll | Outcome::OwnOldCustomer | Outcome::ColleagueOldCustomer
            ),
            _ => self != Outcome::Void,
        }
    }

    /// The make-up a turn ending this way earns (ROT-5, ROT-9), if any.
    fn make_up_reason(self) -> Option<MakeUpReason> {
        match self {
            Outcome::OwnOldCustomer => Some(MakeUpReason::OwnOldCustomer),
            Outcome::ColleagueOldCustomer => Some(MakeUpReason::ColleagueOldCustomer),
            Outcome::HelpedColleague => Some(MakeUpReason::HelpedColleague),
            Outcome::PublicAfterAll => Some(MakeUpReason::PublicAfterAll),
            Outcome::NewCustomer | Outcome::Void => None,
        }
    }
}

/// Why a make-up turn (补接) is owed.
///
/// Whatever the reason, a make-up *adds* a customer: the holder has already given up their
/// place once, when the turn went by without them (`TurnPassed`, ROT-4) or when they took it
/// for a customer who did not count (ROT-5, ROT-9, ROT-10), so serving the make-up leaves
/// them where they stand in the order (`ReceptionStarted::keeps_place`). Sending them to the
/// back a second time made the make-up replace their next turn instead of adding to it, and
/// left them a customer short for good (issue 7: 6/5/4 after 15 walk-ins among three). The
/// source: 001 第14篇 (二)3, "当外出销售员归来时,空几轮,补接几名新客户" — away N turns, receive N
/// more new customers; 004 §2 "在第一时间补接新客户"; 001 第12篇 3.4 "安排当前位置优先轮值" —
/// priority at their current place, not a new place at the back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MakeUpReason {
    OwnOldCustomer,
    ColleagueOldCustomer,
    HelpedColleague,
    PublicAfterAll,
    AssignedWork,
    VoidTurn,
}

impl MakeUpReason {
    pub fn rule(self) -> &'static str {
        match self {
            MakeUpReason::PublicAfterAll => "ROT-9",
            MakeUpReason::AssignedWork => "ROT-4",
            MakeUpReason::VoidTurn => "ROT-10",
            _ => "ROT-5",
        }
    }
}

/// Why someone's turn went by without them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PassCause {
    /// Not at the desk without a valid reason: the turn is lost (ROT-4).
    Absent,
    /// Away on assigned work: the turn is made up (ROT-4).
    AssignedWork,
    /// Break or leave: the turn is lost (ROT-6).
    Break,
    Leave,
    /// Busy with a customer who named them: no make-up (ROT-7).
    Designated,
}

impl PassCause {
    pub fn rule(self) -> &'static str {
        match self {
            PassCause::Absent | PassCause::AssignedWork => "ROT-4",
            PassCause::Break | PassCause::Leave => "ROT-6",
            PassCause::Designated => "ROT-7",
        }
    }
}

/// One entry of the day's rotation log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum Event {
    CheckedIn {
        salesperson: StaffId,
    },
    CheckedOut {
        salesperson: StaffId,
    },
    AvailabilitySet {
        salesperson: StaffId,
        availability: Availability,
        /// The supervisor who sent them on assigned work (ROT-4); absent otherwise.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        approved_by: Option<StaffId>,
    },
    /// `uses_turn`: the reception took the salesperson's turn, so they go to the back (ROT-2)
    /// unless it serves a make-up (`keeps_place`), and a non-counting outcome earns a make-up
    /// (ROT-5).
    ReceptionStarted {
        salesperson: StaffId,
        kind: ReceptionKind,
        uses_turn: bool,
        /// The make-up this reception serves, when `kind` is `MakeUp`.
        make_up: Option<Seq>,
        /// The receiver keeps their place in the order: a make-up adds a customer and takes
        /// no turn (see `MakeUpReason`). Written on every make-up reception since issue 7;
        /// logs written before lack it, and their make-up receptions sent the holder to the
        /// back, so they replay as the desk saw them that day.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        keeps_place: bool,
        /// A helper's reception for a new customer who named the owner (ROT-7), as opposed
        /// to a returning customer of theirs (ROT-8). Absent when not, and in older logs.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        named: bool,
    },
    ReceptionEnded {
        reception: Seq,
        outcome: Outcome,
    },
    TurnPassed {
        salesperson: StaffId,
        cause: PassCause,
    },
    MakeUpEarned {
        salesperson: StaffId,
        reason: MakeUpReason,
    },
    /// An owed make-up lost because its holder was absent when it came up (ROT-4).
    MakeUpForfeited {
        make_up: Seq,
    },
    /// A supervisor moved someone in the order (ROT-3).
    Reordered {
        salesperson: StaffId,
        position: usize,
        reason: String,
        supervisor: StaffId,
    },
    /// The customer rejected the salesperson; a supervisor reassigned them (ROT-10).
    Rejected {
        reception: Seq,
        supervisor: StaffId,
    },
    /// Grabbing a customer (抢客户) recorded by a supervisor (ROT-14).
    Violation {
        salesperson: StaffId,
        note: String,
        fine_fen: i64,
        supervisor: StaffId,
    },
}

/// An event as it sits in the log: its sequence number and when it happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logged {
    pub seq: Seq,
    pub at: DateTime<Utc>,
    pub event: Event,
}

/// What the desk asks of the rotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    CheckIn(StaffId),
    CheckOut(StaffId),
    /// Break, leave or back at the desk; assigned work goes through `AssignWork`.
    SetAvailability(StaffId, Availability),
    /// A supervisor sends a salesperson on other work; turns missed meanwhile are made up
    /// (ROT-4), so only a supervisor may grant it (001 第12篇 3.4: 经项目经理核实批准).
    AssignWork {
        salesperson: StaffId,
        supervisor: StaffId,
    },
    /// A new walk-in: the next up receives (ROT-1, ROT-2).
    WalkIn,
    /// The customer named a salesperson (ROT-7).
    Designated(StaffId),
    /// A returning customer of this salesperson (ROT-8).
    Returning(StaffId),
    /// A public customer, received by this many at once (ROT-9).
    Public {
        receivers: usize,
    },
    End {
        reception: Seq,
        outcome: Outcome,
    },
    /// The salesperson whose turn it is is not at the desk (ROT-4).
    Skip(StaffId),
    Reorder {
        salesperson: StaffId,
        position: usize,
        reason: String,
        supervisor: StaffId,
    },
    Reject {
        reception: Seq,
        supervisor: StaffId,
    },
    RecordViolation {
        salesperson: StaffId,
        note: String,
        fine_fen: i64,
        supervisor: StaffId,
    },
}

impl Command {
    /// The supervisor whose approval the command carries, for the commands only a supervisor
    /// may give (ROT-3, ROT-4 assigned work, ROT-10, ROT-14).
    pub fn supervisor(&self) -> Option<StaffId> {
        match self {
            Command::AssignWork { supervisor, .. }
            | Command::Reorder { supervisor, .. }
            | Command::Reject { supervisor, .. }
            | Command::RecordViolation { supervisor, .. } => Some(*supervisor),
            _ => None,
        }
    }
}

/// Why a command was refused. Each names the rule or fact that stands in the way.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RotationError {
    #[error("salesperson {0} is already checked in")]
    AlreadyCheckedIn(StaffId),
    #[error("salesperson {0} is not checked in")]
    NotCheckedIn(StaffId),
    #[error("salesperson {0} is receiving a customer (ROT-13)")]
    Receiving(StaffId),
    #[error("nobody is available to receive")]
    NobodyAvailable,
    #[error("no open reception {0}")]
    NoSuchReception(Seq),
    #[error("only a reception that took a turn can be rejected and reassigned (ROT-10)")]
    NotARotationReception,
    #[error("position {0} is outside the queue")]
    BadPosition(usize),
    #[error("a reason is required (ROT-3)")]
    ReasonRequired,
    #[error("the fine must be between {min} and {max} fen (ROT-14)")]
    FineOutOfRange { min: i64, max: i64 },
    #[error("a note is required")]
    NoteRequired,
    #[error("salesperson {0} is not the next up")]
    NotNextUp(StaffId),
    #[error(
        "that outcome does not fit this reception: a helper's ends as help given (ROT-8), a public customer's is nobody's new customer (ROT-9)"
    )]
    OutcomeDoesNotFit,
    #[error("only a supervisor may send a salesperson on assigned work (ROT-4)")]
    AssignedWorkNeedsSupervisor,
}

/// A reception in progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reception {
    pub seq: Seq,
    pub salesperson: StaffId,
    pub kind: ReceptionKind,
    pub uses_turn: bool,
    pub started: DateTime<Utc>,
}

/// A make-up turn owed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MakeUp {
    pub seq: Seq,
    pub salesperson: StaffId,
    pub reason: MakeUpReason,
    pub earned: DateTime<Utc>,
}

/// One salesperson's standing today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub id: StaffId,
    pub checked_in: bool,
    pub availability: Availability,
    pub reception: Option<Seq>,
    /// New customers received on a turn (ROT-2 counts these).
    pub counted_new: u32,
    /// Every other finished reception.
    pub other: u32,
    pub violations: u32,
    /// The last event that put them where they stand in the order.
    pub placed_by: Option<Seq>,
}

/// How the next up was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    MakeUp(Seq),
    Order,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NextUp {
    pub salesperson: StaffId,
    pub via: Via,
}

/// The answer to "why is this person where they are?".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Explanation {
    /// Next because of an owed make-up, served before the normal order (ROT-5).
    MakeUp(MakeUp),
    /// Next in the normal order; those ahead of them cannot take a customer now.
    FirstInOrder {
        placed_by: Option<Logged>,
        standing_by: Vec<(StaffId, Standing)>,
    },
    /// Not next: these come first.
    Behind {
        ahead: Vec<StaffId>,
    },
    /// Cannot take a customer now.
    Unavailable(Standing),
    NotCheckedIn,
}

/// Why a checked-in salesperson cannot take a customer now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Receiving(ReceptionKind),
    Away(Availability),
}

/// The day's queue, derived from its log.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RotationDay {
    /// Checked-in salespeople in normal rotation order.
    order: Vec<StaffId>,
    members: BTreeMap<StaffId, Member>,
    /// Owed make-ups, oldest first.
    make_ups: Vec<MakeUp>,
    receptions: BTreeMap<Seq, Reception>,
    log: Vec<Logged>,
}

impl RotationDay {
    pub fn replay<'a>(log: impl IntoIterator<Item = &'a Logged>) -> Self {
        let mut day = RotationDay::default();
        for entry in log {
            day.apply(entry);
        }
        day
    }

    pub fn log(&self) -> &[Logged] {
        &self.log
    }

    pub fn member(&self, id: StaffId) -> Option<&Member> {
        self.members.get(&id)
    }

    /// Everyone seen today, checked in or not.
    pub fn members(&self) -> impl Iterator<Item = &Member> {
        self.members.values()
    }

    pub fn order(&self) -> &[StaffId] {
        &self.order
    }

    pub fn make_ups(&self) -> &[MakeUp] {
        &self.make_ups
    }

    pub fn reception(&self, seq: Seq) -> Option<&Reception> {
        self.receptions.get(&seq)
    }

    pub fn receptions(&self) -> impl Iterator<Item = &Reception> {
        self.receptions.values()
    }

    pub fn entry(&self, seq: Seq) -> Option<&Logged> {
        self.log
            .binary_search_by_key(&seq, |l| l.seq)
            .ok()
            .map(|i| &self.log[i])
    }

    /// Who may take a customer right now.
    pub fn is_free(&self, id: StaffId) -> bool {
        self.members.get(&id).is_some_and(|m| {
            m.checked_in && m.reception.is_none() && m.availability == Availability::Available
        })
    }

    /// Why a checked-in salesperson cannot take a customer now; `None` when they can.
    pub fn standing(&self, id: StaffId) -> Option<Standing> {
        let m = self.members.get(&id)?;
        if let Some(r) = m.reception {
            return Some(Standing::Receiving(self.receptions[&r].kind));
        }
        (m.availability != Availability::Available).then_some(Standing::Away(m.availability))
    }

    /// Who receives the next new walk-in: owed make-ups first, oldest first; then the order.
    pub fn next_up(&self) -> Option<NextUp> {
        self.next_up_excluding(None)
    }

    fn next_up_excluding(&self, excluded: Option<StaffId>) -> Option<NextUp> {
        let eligible = |id: StaffId| Some(id) != excluded && self.is_free(id);
        self.make_ups
            .iter()
            .find(|m| eligible(m.salesperson))
            .map(|m| NextUp {
                salesperson: m.salesperson,
                via: Via::MakeUp(m.seq),
            })
            .or_else(|| {
                self.order
                    .iter()
                    .find(|&&id| eligible(id))
                    .map(|&id| NextUp {
                        salesperson: id,
                        via: Via::Order,
                    })
            })
    }

    /// The queue as the desk sees it: make-up holders first (oldest make-up first), then the
    /// normal order. Everyone checked in appears once.
    pub fn queue(&self) -> Vec<StaffId> {
        let mut queue: Vec<StaffId> = Vec::with_capacity(self.order.len());
        let holders = self
            .make_ups
            .iter()
            .map(|m| m.salesperson)
            .filter(|id| self.order.contains(id));
        for id in holders.chain(self.order.iter().copied()) {
            if !queue.contains(&id) {
                queue.push(id);
            }
        }
        queue
    }

    /// Everyone to list today: the queue, then those who checked out (their counts stand).
    pub fn roster(&self) -> Vec<StaffId> {
        let mut roster = self.queue();
        roster.extend(
            self.members
                .values()
                .filter(|m| !m.checked_in)
                .map(|m| m.id),
        );
        roster
    }

    /// The first two in the queue who can staff the desk over lunch (ROT-11, 001 第12篇
    /// 3.14 "午餐时间由当时轮班在前两位的售楼员负责在接待台值班"): checked in, at the desk and
    /// not with a customer. Someone receiving is at the front of the queue only because a
    /// busy salesperson keeps their place (ROT-13); they cannot sit at the desk. Fewer than
    /// two when fewer can, and the desk says so.
    pub fn lunch_desk(&self) -> Vec<StaffId> {
        self.queue()
            .into_iter()
            .filter(|&id| self.is_free(id))
            .take(2)
            .collect()
    }

    /// Everyone free to take a customer now, in the order walk-ins would reach them if
    /// nothing else changed: the first is the next up (make-ups first, then the order). The
    /// sales hall's board shows who follows from it, without deciding anything itself.
    pub fn call_order(&self) -> Vec<StaffId> {
        self.queue()
            .into_iter()
            .filter(|&id| self.is_free(id))
            .collect()
    }

    pub fn owed_make_ups(&self, id: StaffId) -> usize {
        self.make_ups.iter().filter(|m| m.salesperson == id).count()
    }

    /// Answers "why is this person where they stand?" from the log.
    pub fn explain(&self, id: StaffId) -> Explanation {
        let Some(member) = self.members.get(&id).filter(|m| m.checked_in) else {
            return Explanation::NotCheckedIn;
        };
        if let Some(standing) = self.standing(id) {
            return Explanation::Unavailable(standing);
        }
        let Some(next) = self.next_up() else {
            return Explanation::NotCheckedIn;
        };
        if next.salesperson != id {
            let queue = self.queue();
            let ahead = queue
                .iter()
                .take_while(|&&other| other != id)
                .copied()
                .filter(|&other| self.is_free(other))
                .collect();
            return Explanation::Behind { ahead };
        }
        match next.via {
            Via::MakeUp(seq) => Explanation::MakeUp(
                self.make_ups
                    .iter()
                    .find(|m| m.seq == seq)
                    .cloned()
                    .expect("next_up names an owed make-up"),
            ),
            Via::Order => Explanation::FirstInOrder {
                placed_by: member.placed_by.and_then(|s| self.entry(s)).cloned(),
                // The queue, not the bare order: make-up holders who are away stand ahead.
                standing_by: self
                    .queue()
                    .into_iter()
                    .take_while(|&other| other != id)
                    .filter_map(|other| self.standing(other).map(|s| (other, s)))
                    .collect(),
            },
        }
    }

    /// Checks a command against today's state and returns the events that record it.
    pub fn decide(&self, command: &Command, policy: &Policy) -> Result<Vec<Event>, RotationError> {
        match command {
            Command::CheckIn(id) => {
                if self.members.get(id).is_some_and(|m| m.checked_in) {
                    return Err(RotationError::AlreadyCheckedIn(*id));
                }
                Ok(vec![Event::CheckedIn { salesperson: *id }])
            }
            Command::CheckOut(id) => {
                self.require_idle(*id)?;
                Ok(vec![Event::CheckedOut { salesperson: *id }])
            }
            Command::SetAvailability(_, Availability::AwayAssigned) => {
                Err(RotationError::AssignedWorkNeedsSupervisor)
            }
            Command::SetAvailability(id, availability) => {
                self.require_idle(*id)?;
                Ok(vec![Event::AvailabilitySet {
                    salesperson: *id,
                    availability: *availability,
                    approved_by: None,
                }])
            }
            Command::AssignWork {
                salesperson,
                supervisor,
            } => {
                self.require_idle(*salesperson)?;
                Ok(vec![Event::AvailabilitySet {
                    salesperson: *salesperson,
                    availability: Availability::AwayAssigned,
                    approved_by: Some(*supervisor),
                }])
            }
            Command::WalkIn => self.take_turn(ReceptionKind::Rotation, None),
            Command::Designated(id) => {
                self.outside_rotation(*id, ReceptionKind::Designated, policy)
            }
            Command::Returning(id) => self.outside_rotation(*id, ReceptionKind::Returning, policy),
            Command::Public { receivers } => {
                let receivers: Vec<StaffId> = self
                    .queue()
                    .into_iter()
                    .filter(|&id| self.is_free(id))
                    .take((*receivers).max(1))
                    .collect();
                if receivers.is_empty() {
                    return Err(RotationError::NobodyAvailable);
                }
                Ok(receivers
                    .into_iter()
                    .map(|id| Event::ReceptionStarted {
                        salesperson: id,
                        kind: ReceptionKind::Public,
                        uses_turn: false,
                        make_up: None,
                        keeps_place: false,
                        named: false,
                    })
                    .collect())
            }
            Command::End { reception, outcome } => {
                let r = self
                    .receptions
                    .get(reception)
                    .ok_or(RotationError::NoSuchReception(*reception))?;
                if !outcome.fits(r.kind) {
                    return Err(RotationError::OutcomeDoesNotFit);
                }
                let mut events = vec![Event::ReceptionEnded {
                    reception: *reception,
                    outcome: *outcome,
                }];
                if let Some(reason) = outcome.make_up_reason().filter(|_| r.uses_turn) {
                    events.push(Event::MakeUpEarned {
                        salesperson: r.salesperson,
                        reason,
                    });
                }
                Ok(events)
            }
            Command::Skip(id) => {
                let next = self.next_up().ok_or(RotationError::NobodyAvailable)?;
                if next.salesperson != *id {
                    return Err(RotationError::NotNextUp(*id));
                }
                Ok(vec![match next.via {
                    Via::MakeUp(make_up) => Event::MakeUpForfeited { make_up },
                    Via::Order => Event::TurnPassed {
                        salesperson: *id,
                        cause: PassCause::Absent,
                    },
                }])
            }
            Command::Reorder {
                salesperson,
                position,
                reason,
                supervisor,
            } => {
                if !self.order.contains(salesperson) {
                    return Err(RotationError::NotCheckedIn(*salesperson));
                }
                if *position == 0 || *position > self.order.len() {
                    return Err(RotationError::BadPosition(*position));
                }
                if reason.trim().is_empty() {
                    return Err(RotationError::ReasonRequired);
                }
                Ok(vec![Event::Reordered {
                    salesperson: *salesperson,
                    position: *position,
                    reason: reason.trim().to_owned(),
                    supervisor: *supervisor,
                }])
            }
            Command::Reject {
                reception,
                supervisor,
            } => {
                let r = self
                    .receptions
                    .get(reception)
                    .ok_or(RotationError::NoSuchReception(*reception))?;
                if !r.uses_turn {
                    return Err(RotationError::NotARotationReception);
                }
                // The customer is new again and goes to whoever is next, never back to the
                // salesperson they rejected; that salesperson's turn is void and they get
                // priority (ROT-10).
                let mut events = vec![Event::Rejected {
                    reception: *reception,
                    supervisor: *supervisor,
                }];
                events.extend(self.take_turn(ReceptionKind::Rotation, Some(r.salesperson))?);
                events.push(Event::MakeUpEarned {
                    salesperson: r.salesperson,
                    reason: MakeUpReason::VoidTurn,
                });
                Ok(events)
            }
            Command::RecordViolation {
                salesperson,
                note,
                fine_fen,
                supervisor,
            } => {
                if !self.members.contains_key(salesperson) {
                    return Err(RotationError::NotCheckedIn(*salesperson));
                }
                if note.trim().is_empty() {
                    return Err(RotationError::NoteRequired);
                }
                let (min, max) = policy.grabbing_fine_fen;
                if !(min..=max).contains(fine_fen) {
                    return Err(RotationError::FineOutOfRange { min, max });
                }
                Ok(vec![Event::Violation {
                    salesperson: *salesperson,
                    note: note.trim().to_owned(),
                    fine_fen: *fine_fen,
                    supervisor: *supervisor,
                }])
            }
        }
    }

    fn require_idle(&self, id: StaffId) -> Result<(), RotationError> {
        match self.members.get(&id) {
            Some(m) if m.checked_in && m.reception.is_some() => Err(RotationError::Receiving(id)),
            Some(m) if m.checked_in => Ok(()),
            _ => Err(RotationError::NotCheckedIn(id)),
        }
    }

    /// The next up takes a customer on their turn. Those ahead of them in the normal order who
    /// cannot take it lose or bank the turn, by rule; those busy outside the rotation keep their
    /// place and stand by (ROT-13).
    fn take_turn(
        &self,
        kind: ReceptionKind,
        excluded: Option<StaffId>,
    ) -> Result<Vec<Event>, RotationError> {
        let next = self
            .next_up_excluding(excluded)
            .ok_or(RotationError::NobodyAvailable)?;
        let mut events = Vec::new();
        let make_up = match next.via {
            Via::MakeUp(seq) => Some(seq),
            Via::Order => {
                for &id in self.order.iter().take_while(|&&id| id != next.salesperson) {
                    if Some(id) == excluded {
                        continue;
                    }
                    let cause = match self.standing(id) {
                        Some(Standing::Away(Availability::AwayAssigned)) => PassCause::AssignedWork,
                        Some(Standing::Away(Availability::Break)) => PassCause::Break,
                        Some(Standing::Away(Availability::Leave)) => PassCause::Leave,
                        Some(Standing::Receiving(ReceptionKind::Designated)) => {
                            PassCause::Designated
                        }
                        _ => continue,
                    };
                    events.push(Event::TurnPassed {
                        salesperson: id,
                        cause,
                    });
                    if cause == PassCause::AssignedWork {
                        events.push(Event::MakeUpEarned {
                            salesperson: id,
                            reason: MakeUpReason::AssignedWork,
                        });
                    }
                }
                None
            }
        };
        events.push(Event::ReceptionStarted {
            salesperson: next.salesperson,
            kind: if make_up.is_some() && kind == ReceptionKind::Rotation {
                ReceptionKind::MakeUp
            } else {
                kind
            },
            uses_turn: true,
            make_up,
            keeps_place: make_up.is_some(),
            named: false,
        });
        Ok(events)
    }

    /// A customer who belongs to `owner` (designated or returning) is received by them outside
    /// the rotation; if they are away, a helper chosen by policy receives on their behalf
    /// (ROT-7, ROT-8). A busy owner is never interrupted (ROT-13).
    fn outside_rotation(
        &self,
        owner: StaffId,
        kind: ReceptionKind,
        policy: &Policy,
    ) -> Result<Vec<Event>, RotationError> {
        if let Some(m) = self.members.get(&owner)
            && m.checked_in
            && m.reception.is_some()
        {
            return Err(RotationError::Receiving(owner));
        }
        if self.is_free(owner) {
            return Ok(vec![Event::ReceptionStarted {
                salesperson: owner,
                kind,
                uses_turn: false,
                make_up: None,
                keeps_place: false,
                named: false,
            }]);
        }
        // The owner is away: whether the customer named them (ROT-7) or is theirs from before
        // (ROT-8), a helper receives on their behalf and hands the customer back (004 §9(1),
        // §9(2) for a new customer asking for someone absent; 001 第14篇 (五) ATT-14-3). The
        // log keeps which it was, so the sentence cites the rule that made it the owner's.
        let mut events = match policy.helper {
            HelperPolicy::NextUp => self.take_turn(ReceptionKind::Helping(owner), Some(owner))?,
            HelperPolicy::LastInQueue => {
                let helper = self
                    .queue()
                    .into_iter()
                    .rev()
                    .find(|&id| id != owner && self.is_free(id))
                    .ok_or(RotationError::NobodyAvailable)?;
                vec![Event::ReceptionStarted {
                    salesperson: helper,
                    kind: ReceptionKind::Helping(owner),
                    uses_turn: false,
                    make_up: None,
                    keeps_place: false,
                    named: false,
                }]
            }
        };
        if kind == ReceptionKind::Designated
            && let Some(Event::ReceptionStarted { named, .. }) = events.last_mut()
        {
            *named = true;
        }
        Ok(events)
    }

    /// Folds one logged event into the state. Events were checked when decided, so this
    /// only records; it tolerates entries that no longer apply rather than failing a replay.
    pub fn apply(&mut self, entry: &Logged) {
        let seq = entry.seq;
        match &entry.event {
            Event::CheckedIn { salesperson } => {
                let m = self.member_mut(*salesperson);
                m.checked_in = true;
                m.availability = Availability::Available;
                m.placed_by = Some(seq);
                self.move_to_back(*salesperson);
            }
            Event::CheckedOut { salesperson } => {
                self.member_mut(*salesperson).checked_in = false;
                self.order.retain(|id| id != salesperson);
            }
            Event::AvailabilitySet {
                salesperson,
                availability,
                ..
            } => self.member_mut(*salesperson).availability = *availability,
            Event::ReceptionStarted {
                salesperson,
                kind,
                uses_turn,
                make_up,
                keeps_place,
                ..
            } => {
                self.receptions.insert(
                    seq,
                    Reception {
                        seq,
                        salesperson: *salesperson,
                        kind: *kind,
                        uses_turn: *uses_turn,
                        started: entry.at,
                    },
                );
                if let Some(make_up) = make_up {
                    self.make_ups.retain(|m| m.seq != *make_up);
                }
                let m = self.member_mut(*salesperson);
                m.reception = Some(seq);
                // A make-up adds a customer in place (see `MakeUpReason`).
                if *uses_turn && !*keeps_place {
                    m.placed_by = Some(seq);
                    self.move_to_back(*salesperson);
                }
            }
            Event::ReceptionEnded { reception, outcome } => {
                self.end_reception(*reception, *outcome)
            }
            Event::Rejected { reception, .. } => self.end_reception(*reception, Outcome::Void),
            Event::TurnPassed { salesperson, .. } => {
                self.member_mut(*salesperson).placed_by = Some(seq);
                self.move_to_back(*salesperson);
            }
            Event::MakeUpEarned {
                salesperson,
                reason,
            } => self.make_ups.push(MakeUp {
                seq,
                salesperson: *salesperson,
                reason: *reason,
                earned: entry.at,
            }),
            Event::MakeUpForfeited { make_up } => self.make_ups.retain(|m| m.seq != *make_up),
            Event::Reordered {
                salesperson,
                position,
                ..
            } => {
                if let Some(from) = self.order.iter().position(|id| id == salesperson) {
                    self.order.remove(from);
                    let to = position.saturating_sub(1).min(self.order.len());
                    self.order.insert(to, *salesperson);
                    self.member_mut(*salesperson).placed_by = Some(seq);
                }
            }
            Event::Violation { salesperson, .. } => self.member_mut(*salesperson).violations += 1,
        }
        self.log.push(entry.clone());
    }

    fn end_reception(&mut self, seq: Seq, outcome: Outcome) {
        let Some(r) = self.receptions.remove(&seq) else {
            return;
        };
        let m = self.member_mut(r.salesperson);
        m.reception = None;
        if r.uses_turn && outcome == Outcome::NewCustomer {
            m.counted_new += 1;
        } else if outcome != Outcome::Void {
            m.other += 1;
        }
    }

    fn member_mut(&mut self, id: StaffId) -> &mut Member {
        self.members.entry(id).or_insert_with(|| Member {
            id,
            checked_in: false,
            availability: Availability::Available,
            reception: None,
            counted_new: 0,
            other: 0,
            violations: 0,
            placed_by: None,
        })
    }

    fn move_to_back(&mut self, id: StaffId) {
        self.order.retain(|&other| other != id);
        self.order.push(id);
    }
}

#[cfg(test)]
#[path = "rotation_tests.rs"]
mod tests;
