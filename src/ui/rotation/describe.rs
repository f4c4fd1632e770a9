//! Turning the rotation's facts and refusals into sentences from its catalog, citing the rule
//! applied.

use chrono::{DateTime, Utc};

use super::text::Rot;
use crate::domain::rotation::{
    Availability, Event, Explanation, MakeUpReason, Outcome, PassCause, ReceptionKind,
    RotationError, Standing,
};
use crate::domain::rotation::{Command, RotationDay, Seq, StaffId};
use crate::i18n::{Lang, fill};
use crate::store::StoreError;
use crate::ui::describe::local_time;
use crate::ui::shared::Shared;

/// What describing the rotation reads: names from the shared part, the rest from the day.
pub struct Today<'a> {
    pub shared: &'a Shared,
    pub rotation: &'a RotationDay,
}

impl Today<'_> {
    pub fn name(&self, id: StaffId) -> String {
        self.shared.name(id)
    }

    fn started(&self, reception: Seq) -> Option<(StaffId, bool)> {
        match self.rotation.entry(reception).map(|l| &l.event) {
            Some(Event::ReceptionStarted {
                salesperson,
                uses_turn,
                ..
            }) => Some((*salesperson, *uses_turn)),
            _ => None,
        }
    }

    /// Who received in the reception that log entry `reception` opened.
    pub fn reception_started_by(&self, reception: Seq) -> Option<StaffId> {
        self.started(reception).map(|(id, _)| id)
    }

    pub fn reception_used_turn(&self, reception: Seq) -> bool {
        self.started(reception).is_some_and(|(_, used)| used)
    }

    pub fn make_up_holder(&self, make_up: Seq) -> Option<StaffId> {
        match self.rotation.entry(make_up).map(|l| &l.event) {
            Some(Event::MakeUpEarned { salesperson, .. }) => Some(*salesperson),
            _ => None,
        }
    }
}

/// The sales greeting every new walk-in is asked with (ROT-12), from the phrase library.
fn greeting(lang: Lang) -> &'static str {
    crate::phrases::get(crate::phrases::GREET_SALES).map_or("", |p| p.text(lang))
}

pub fn outcome(o: Outcome) -> Rot {
    match o {
        Outcome::NewCustomer => Rot::OutcomeNewCustomer,
        Outcome::OwnOldCustomer => Rot::OutcomeOwnOld,
        Outcome::ColleagueOldCustomer => Rot::OutcomeColleagueOld,
        Outcome::HelpedColleague => Rot::OutcomeHelped,
        Outcome::PublicAfterAll => Rot::OutcomePublic,
        Outcome::Void => Rot::OutcomeVoid,
    }
}

pub fn reason(r: MakeUpReason) -> Rot {
    match r {
        MakeUpReason::OwnOldCustomer => Rot::ReasonOwnOld,
        MakeUpReason::ColleagueOldCustomer => Rot::ReasonColleagueOld,
        MakeUpReason::HelpedColleague => Rot::ReasonHelped,
        MakeUpReason::PublicAfterAll => Rot::ReasonPublic,
        MakeUpReason::AssignedWork => Rot::ReasonAssignedWork,
        MakeUpReason::VoidTurn => Rot::ReasonVoidTurn,
    }
}

pub fn kind(k: ReceptionKind, snap: &Today, lang: Lang) -> String {
    match k {
        ReceptionKind::Rotation => Rot::KindRotation.text(lang).into(),
        ReceptionKind::MakeUp => Rot::KindMakeUp.text(lang).into(),
        ReceptionKind::Designated => Rot::KindDesignated.text(lang).into(),
        ReceptionKind::Returning => Rot::KindReturning.text(lang).into(),
        ReceptionKind::Helping(owner) => {
            fill(Rot::KindHelping.text(lang), &[("owner", &snap.name(owner))])
        }
        ReceptionKind::Public => Rot::KindPublic.text(lang).into(),
    }
}

pub fn availability(a: Availability) -> Rot {
    match a {
        Availability::Available => Rot::StatusAvailable,
        Availability::AwayAssigned => Rot::StatusAwayAssigned,
        Availability::Break => Rot::StatusBreak,
        Availability::Leave => Rot::StatusLeave,
    }
}

/// A checked-in salesperson's status, as the queue shows it.
pub fn standing(
    s: Option<Standing>,
    since: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    snap: &Today,
    lang: Lang,
) -> String {
    match s {
        None => Rot::StatusAvailable.text(lang).into(),
        Some(Standing::Away(a)) => availability(a).text(lang).into(),
        Some(Standing::Receiving(k)) => {
            let minutes = since.map_or(0, |t| (now - t).num_minutes().max(0));
            fill(
                Rot::StatusReceiving.text(lang),
                &[("min", &minutes), ("kind", &kind(k, snap, lang))],
            )
        }
    }
}

/// One log entry as a sentence that names the rule it applied.
pub fn event(e: &Event, snap: &Today, lang: Lang) -> String {
    let n = |id| snap.name(id);
    let t = |key: Rot, args: &[(&str, &dyn std::fmt::Display)]| fill(key.text(lang), args);
    match e {
        Event::CheckedIn { salesperson } => t(Rot::EvCheckedIn, &[("name", &n(*salesperson))]),
        Event::CheckedOut { salesperson } => t(Rot::EvCheckedOut, &[("name", &n(*salesperson))]),
        Event::AvailabilitySet {
            salesperson,
            availability,
            ..
        } => {
            let key = match availability {
                Availability::Available => Rot::EvAvailable,
                Availability::AwayAssigned => Rot::EvAwayAssigned,
                Availability::Break => Rot::EvBreak,
                Availability::Leave => Rot::EvLeave,
            };
            t(key, &[("name", &n(*salesperson))])
        }
        Event::ReceptionStarted {
            salesperson, kind, ..
        } => {
            let name = n(*salesperson);
            match kind {
                // Every new walk-in is asked whether they visited before (ROT-12).
                ReceptionKind::Rotation | ReceptionKind::MakeUp => t(
                    if *kind == ReceptionKind::Rotation {
                        Rot::EvRotation
                    } else {
                        Rot::EvMakeUpServed
                    },
                    &[("name", &name), ("phrase", &greeting(lang))],
                ),
                ReceptionKind::Designated => t(Rot::EvDesignated, &[("name", &name)]),
                ReceptionKind::Returning => t(Rot::EvReturning, &[("name", &name)]),
                ReceptionKind::Helping(owner) => {
                    t(Rot::EvHelping, &[("name", &name), ("owner", &n(*owner))])
                }
                ReceptionKind::Public => t(Rot::EvPublic, &[("name", &name)]),
            }
        }
        Event::ReceptionEnded {
            reception,
            outcome: o,
        } => {
            let started = snap.reception_started_by(*reception);
            let name = started.map(&n).unwrap_or_default();
            let counted = *o == Outcome::NewCustomer && snap.reception_used_turn(*reception);
            if counted {
                t(Rot::EvEndedCounted, &[("name", &name)])
            } else {
                t(
                    Rot::EvEnded,
                    &[("name", &name), ("outcome", &outcome(*o).text(lang))],
                )
            }
        }
        Event::TurnPassed { salesperson, cause } => {
            let key = match cause {
                PassCause::Absent => Rot::EvPassedAbsent,
                PassCause::AssignedWork => Rot::EvPassedAssigned,
                PassCause::Break => Rot::EvPassedBreak,
                PassCause::Leave => Rot::EvPassedLeave,
                PassCause::Designated => Rot::EvPassedDesignated,
            };
            t(key, &[("name", &n(*salesperson))])
        }
        Event::MakeUpEarned {
            salesperson,
            reason: r,
        } => t(
            Rot::EvMakeUpEarned,
            &[
                ("rule", &r.rule()),
                ("name", &n(*salesperson)),
                ("reason", &reason(*r).text(lang)),
            ],
        ),
        Event::MakeUpForfeited { make_up } => {
            let holder = snap.make_up_holder(*make_up).map(&n).unwrap_or_default();
            t(Rot::EvMakeUpForfeited, &[("name", &holder)])
        }
        Event::Reordered {
            salesperson,
            position,
            reason: why,
            supervisor,
        } => t(
            Rot::EvReordered,
            &[
                ("supervisor", &n(*supervisor)),
                ("name", &n(*salesperson)),
                ("position", position),
                ("reason", why),
            ],
        ),
        Event::Rejected {
            reception,
            supervisor,
        } => {
            let name = snap
                .reception_started_by(*reception)
                .map(&n)
                .unwrap_or_default();
            t(
                Rot::EvRejected,
                &[("name", &name), ("supervisor", &n(*supervisor))],
            )
        }
        Event::Violation {
            salesperson,
            fine_fen,
            supervisor,
            ..
        } => t(
            Rot::EvViolation,
            &[
                ("name", &n(*salesperson)),
                ("yuan", &yuan(*fine_fen)),
                ("supervisor", &n(*supervisor)),
            ],
        ),
    }
}

/// Fen as yuan, without a trailing ".00" when whole.
pub fn yuan(fen: i64) -> String {
    if fen % 100 == 0 {
        (fen / 100).to_string()
    } else {
        format!("{}.{:02}", fen / 100, (fen % 100).abs())
    }
}

/// The answer to "why is this person where they are?", one sentence a line.
pub fn explanation(id: StaffId, snap: &Today, now: DateTime<Utc>, lang: Lang) -> Vec<String> {
    let tz = snap.shared.settings.timezone();
    let name = snap.name(id);
    let t = |key: Rot, args: &[(&str, &dyn std::fmt::Display)]| fill(key.text(lang), args);
    match snap.rotation.explain(id) {
        Explanation::MakeUp(m) => vec![t(
            Rot::WhyMakeUp,
            &[
                ("name", &name),
                ("time", &local_time(m.earned, tz)),
                ("reason", &reason(m.reason).text(lang)),
                ("rule", &m.reason.rule()),
            ],
        )],
        Explanation::FirstInOrder {
            placed_by,
            standing_by,
        } => {
            let mut lines = vec![t(Rot::WhyFirst, &[("name", &name)])];
            if let Some(entry) = placed_by {
                lines.push(t(
                    Rot::WhyPlacedBy,
                    &[
                        ("time", &local_time(entry.at, tz)),
                        ("event", &event(&entry.event, snap, lang)),
                    ],
                ));
            }
            if !standing_by.is_empty() {
                let list = standing_by
                    .iter()
                    .map(|(other, s)| {
                        format!(
                            "{} ({})",
                            snap.name(*other),
                            standing(Some(*s), None, now, snap, lang)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                lines.push(t(Rot::WhyStandingBy, &[("list", &list)]));
            }
            lines
        }
        Explanation::Behind { ahead } => {
            let list = ahead
                .iter()
                .map(|&o| snap.name(o))
                .collect::<Vec<_>>()
                .join(", ");
            vec![t(Rot::WhyBehind, &[("name", &name), ("list", &list)])]
        }
        Explanation::Unavailable(s) => vec![t(
            Rot::WhyUnavailable,
            &[
                ("name", &name),
                ("status", &standing(Some(s), None, now, snap, lang)),
            ],
        )],
        Explanation::NotCheckedIn => vec![t(Rot::WhyNotCheckedIn, &[("name", &name)])],
    }
}

/// Why `command` was refused. The same refusal reads differently by what was asked: someone
/// receiving is not interrupted for a named customer (ROT-13), but checking them out or
/// sending them away just has to wait for the reception's end.
pub fn rotation_error(e: &RotationError, command: &Command, snap: &Today, lang: Lang) -> String {
    let t = |key: Rot, args: &[(&str, &dyn std::fmt::Display)]| fill(key.text(lang), args);
    match e {
        RotationError::AlreadyCheckedIn(id) => {
            t(Rot::ErrAlreadyCheckedIn, &[("name", &snap.name(*id))])
        }
        RotationError::NotCheckedIn(id) => t(Rot::ErrNotCheckedIn, &[("name", &snap.name(*id))]),
        RotationError::Receiving(id) => {
            let key = match command {
                Command::CheckOut(_)
                | Command::SetAvailability(..)
                | Command::AssignWork { .. } => Rot::ErrEndReceptionFirst,
                _ => Rot::ErrReceiving,
            };
            t(key, &[("name", &snap.name(*id))])
        }
        RotationError::NobodyAvailable => t(Rot::ErrNobodyAvailable, &[]),
        RotationError::NoSuchReception(_) => t(Rot::ErrReceptionGone, &[]),
        RotationError::NotARotationReception => t(Rot::ErrNotRotationReception, &[]),
        RotationError::BadPosition(_) => t(
            Rot::ErrBadPosition,
            &[("max", &snap.rotation.order().len())],
        ),
        RotationError::ReasonRequired => t(Rot::ErrReasonRequired, &[]),
        RotationError::FineOutOfRange { min, max } => t(
            Rot::ErrFineRange,
            &[("min", &yuan(*min)), ("max", &yuan(*max))],
        ),
        RotationError::NoteRequired => t(Rot::ErrNoteRequired, &[]),
        RotationError::NotNextUp(id) => t(Rot::ErrNotNextUp, &[("name", &snap.name(*id))]),
        RotationError::OutcomeDoesNotFit => t(Rot::ErrOutcomeDoesNotFit, &[]),
        RotationError::AssignedWorkNeedsSupervisor => t(Rot::ErrAssignedWorkNeedsSupervisor, &[]),
    }
}

/// A store error met by a rotation write: the rotation's own refusals in its words, the
/// rest as the shell says them.
pub fn store_error(e: &StoreError, command: &Command, snap: &Today, lang: Lang) -> String {
    match e {
        StoreError::Rotation(e) => rotation_error(e, command, snap, lang),
        other => crate::ui::describe::store_error(other, snap.shared, lang),
    }
}
