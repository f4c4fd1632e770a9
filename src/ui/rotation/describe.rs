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

    fn started(&self, reception: Seq) -> Option<(StaffId, bool, ReceptionKind)> {
        match self.rotation.entry(reception).map(|l| &l.event) {
            Some(Event::ReceptionStarted {
                salesperson,
                uses_turn,
                kind,
                ..
            }) => Some((*salesperson, *uses_turn, *kind)),
            _ => None,
        }
    }

    /// Who received in the reception that log entry `reception` opened.
    pub fn reception_started_by(&self, reception: Seq) -> Option<StaffId> {
        self.started(reception).map(|(id, _, _)| id)
    }

    pub fn reception_used_turn(&self, reception: Seq) -> bool {
        self.started(reception).is_some_and(|(_, used, _)| used)
    }

    pub fn reception_kind(&self, reception: Seq) -> Option<ReceptionKind> {
        self.started(reception).map(|(_, _, kind)| kind)
    }

    fn make_up_earned(&self, make_up: Seq) -> Option<(StaffId, MakeUpReason)> {
        match self.rotation.entry(make_up).map(|l| &l.event) {
            Some(Event::MakeUpEarned {
                salesperson,
                reason,
            }) => Some((*salesperson, *reason)),
            _ => None,
        }
    }

    pub fn make_up_holder(&self, make_up: Seq) -> Option<StaffId> {
        self.make_up_earned(make_up).map(|(id, _)| id)
    }

    /// The rule a make-up came from: ROT-4 for assigned work, ROT-10 for a void turn, ROT-9
    /// for a public customer, ROT-5 otherwise. ROT-5 when the entry is not in today's log.
    pub fn make_up_rule(&self, make_up: Option<Seq>) -> &'static str {
        make_up
            .and_then(|m| self.make_up_earned(m))
            .map_or("ROT-5", |(_, reason)| reason.rule())
    }
}

/// The sales greeting every new walk-in is asked with (ROT-12), from the phrase library.
fn greeting(lang: Lang) -> &'static str {
    crate::phrases::get(crate::phrases::GREET_SALES).map_or("", |p| p.text(lang))
}

/// An outcome as it reads for a reception of `kind`: for a public reception (ROT-9) the
/// public outcome is simply what it was, not a discovery "after all".
pub fn outcome_for(o: Outcome, kind: Option<ReceptionKind>) -> Rot {
    match (o, kind) {
        (Outcome::PublicAfterAll, Some(ReceptionKind::Public)) => Rot::OutcomePublicDeclared,
        _ => outcome(o),
    }
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
            salesperson,
            kind,
            make_up,
            keeps_place,
            named,
            ..
        } => {
            let name = n(*salesperson);
            match kind {
                // Every new walk-in is asked whether they visited before (ROT-12).
                ReceptionKind::Rotation => t(
                    Rot::EvRotation,
                    &[("name", &name), ("phrase", &greeting(lang))],
                ),
                // A make-up cites the rule it came from (ROT-4 assigned work, ROT-10 void
                // turn, ROT-9 public, ROT-5 the rest) and says where it leaves the holder:
                // in place since issue 7, at the back in logs written before.
                ReceptionKind::MakeUp => t(
                    if *keeps_place {
                        Rot::EvMakeUpServed
                    } else {
                        Rot::EvMakeUpServedToBack
                    },
                    &[
                        ("rule", &snap.make_up_rule(*make_up)),
                        ("name", &name),
                        ("phrase", &greeting(lang)),
                    ],
                ),
                ReceptionKind::Designated => t(Rot::EvDesignated, &[("name", &name)]),
                ReceptionKind::Returning => t(Rot::EvReturning, &[("name", &name)]),
                // The customer is the owner's because they named them (ROT-7) or because
                // they registered them (ROT-8); either way a helper stands in.
                ReceptionKind::Helping(owner) => t(
                    if *named {
                        Rot::EvHelpingNamed
                    } else {
                        Rot::EvHelping
                    },
                    &[("name", &name), ("owner", &n(*owner))],
                ),
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
                let label = outcome_for(*o, snap.reception_kind(*reception));
                t(
                    Rot::EvEnded,
                    &[("name", &name), ("outcome", &label.text(lang))],
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

#[cfg(test)]
mod tests {
    //! The sentences the log's events become, checked against what the rotation did.

    use chrono::{Duration, TimeZone};

    use super::*;
    use crate::domain::policy::Policy;
    use crate::domain::rotation::{Command, Logged};

    const A: StaffId = StaffId(1);
    const B: StaffId = StaffId(2);
    const C: StaffId = StaffId(3);
    const SUPERVISOR: StaffId = StaffId(9);

    /// A day driven command by command; `said` describes what the last command wrote.
    struct Day {
        day: RotationDay,
        policy: Policy,
        shared: Shared,
    }

    impl Day {
        fn new(policy: &str, ids: &[StaffId]) -> Day {
            let mut day = Day {
                day: RotationDay::default(),
                policy: Policy::preset(policy),
                shared: Shared::default(),
            };
            for &id in ids {
                day.said(Command::CheckIn(id));
            }
            day
        }

        /// Runs the command and returns its events' sentences in English.
        fn said(&mut self, command: Command) -> Vec<String> {
            let events = self.day.decide(&command, &self.policy).unwrap();
            let start = Utc.with_ymd_and_hms(2026, 11, 22, 1, 0, 0).unwrap();
            for event in &events {
                let seq = Seq(self.day.log().len() as i64 + 1);
                self.day.apply(&Logged {
                    seq,
                    at: start + Duration::minutes(seq.0),
                    event: event.clone(),
                });
            }
            let today = Today {
                shared: &self.shared,
                rotation: &self.day,
            };
            events.iter().map(|e| event(e, &today, Lang::En)).collect()
        }

        fn end(&mut self, id: StaffId, outcome: Outcome) -> Vec<String> {
            let reception = self.day.member(id).unwrap().reception.unwrap();
            self.said(Command::End { reception, outcome })
        }
    }

    #[test]
    fn rot_4_rot_10_a_make_up_reception_cites_the_rule_the_make_up_came_from() {
        // Assigned work (ROT-4).
        let mut day = Day::new("004", &[A, B]);
        day.said(Command::AssignWork {
            salesperson: A,
            supervisor: SUPERVISOR,
        });
        day.said(Command::WalkIn);
        day.end(B, Outcome::NewCustomer);
        day.said(Command::SetAvailability(A, Availability::Available));
        let said = day.said(Command::WalkIn);
        assert!(
            said[0].starts_with("ROT-4 make-up: #1 receives"),
            "{said:?}"
        );
        assert!(said[0].contains("keeps their place"), "{said:?}");

        // A void turn (ROT-10).
        let mut day = Day::new("004", &[A, B]);
        day.said(Command::WalkIn);
        let reception = day.day.member(A).unwrap().reception.unwrap();
        day.said(Command::Reject {
            reception,
            supervisor: SUPERVISOR,
        });
        day.end(B, Outcome::NewCustomer);
        let said = day.said(Command::WalkIn);
        assert!(said[0].starts_with("ROT-10 make-up: #1"), "{said:?}");

        // Own old customer (ROT-5) and public after all (ROT-9).
        for (outcome, rule) in [
            (Outcome::OwnOldCustomer, "ROT-5"),
            (Outcome::PublicAfterAll, "ROT-9"),
        ] {
            let mut day = Day::new("004", &[A, B]);
            day.said(Command::WalkIn);
            day.end(A, outcome);
            let said = day.said(Command::WalkIn);
            assert!(
                said[0].starts_with(&format!("{rule} make-up: #1")),
                "{said:?}"
            );
        }
    }

    #[test]
    fn rot_4_a_turn_missed_on_assigned_work_says_a_make_up_is_owed_not_that_they_went_to_the_back()
    {
        let mut day = Day::new("004", &[A, B]);
        day.said(Command::AssignWork {
            salesperson: A,
            supervisor: SUPERVISOR,
        });
        let said = day.said(Command::WalkIn);
        assert_eq!(
            said[0],
            "ROT-4: #1 misses the turn on assigned work: a make-up is owed and they are served first when back"
        );
        // And so the queue shows them: first, as a make-up holder.
        assert_eq!(day.day.queue()[0], A);
    }

    #[test]
    fn rot_7_a_customer_who_names_a_salesperson_who_is_away_is_reported_under_rot_7() {
        for policy in ["004", "vanke"] {
            let mut day = Day::new(policy, &[A, B, C]);
            day.said(Command::SetAvailability(C, Availability::Break));
            let said = day.said(Command::Designated(C));
            let last = said.last().unwrap();
            assert!(
                last.starts_with("ROT-7: the customer named #3, who is away;"),
                "{policy}: {said:?}"
            );
            let helper = day.day.receptions().next().map(|r| r.salesperson).unwrap();
            day.end(helper, Outcome::HelpedColleague);
            // A returning customer of an absent salesperson stays ROT-8's case.
            let said = day.said(Command::Returning(C));
            assert!(
                said.last().unwrap().starts_with("ROT-8: #3 is away;"),
                "{policy}: {said:?}"
            );
        }
    }

    #[test]
    fn rot_9_a_public_reception_ends_as_a_public_customer_not_one_found_after_all() {
        let mut day = Day::new("004", &[A, B]);
        day.said(Command::Public { receivers: 1 });
        let said = day.end(A, Outcome::PublicAfterAll);
        assert_eq!(
            said,
            ["#1's reception ended: public customer (not counted, ROT-9)"]
        );
    }

    #[test]
    fn a_check_in_cites_no_rule_since_rot_2_is_about_a_counted_customer() {
        let mut day = Day::new("004", &[]);
        assert_eq!(
            day.said(Command::CheckIn(A)),
            ["#1 checked in and joins the back of the order"]
        );
    }
}
