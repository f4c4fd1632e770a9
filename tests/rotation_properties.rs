//! Property tests of the rotation: random days of commands, checked against the invariants
//! the rules promise.

use chrono::{Duration, TimeZone, Utc};
use frontdesk::domain::policy::Policy;
use frontdesk::domain::rotation::{
    Availability, Command, Event, Logged, Outcome, ReceptionKind, RotationDay, Seq, StaffId, Via,
};
use proptest::prelude::*;

/// One step of a random day; ids and choices are indices resolved against the day.
#[derive(Debug, Clone)]
enum Step {
    WalkIn,
    End(usize, usize),
    SetAvailability(usize, usize),
    Designated(usize),
    Returning(usize),
    Public(usize),
    Skip,
    CheckIn(usize),
    CheckOut(usize),
    Reorder(usize, usize),
    Reject(usize),
    Violation(usize),
}

/// The supervisor named on supervisor-only commands.
const SUPERVISOR: StaffId = StaffId(100);

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => Just(Step::WalkIn),
        4 => (0..8usize, 0..5usize).prop_map(|(p, o)| Step::End(p, o)),
        1 => (0..8usize, 0..4usize).prop_map(|(p, a)| Step::SetAvailability(p, a)),
        1 => (0..8usize).prop_map(Step::Designated),
        1 => (0..8usize).prop_map(Step::Returning),
        1 => (1..3usize).prop_map(Step::Public),
        1 => Just(Step::Skip),
        1 => (0..8usize).prop_map(Step::CheckIn),
        1 => (0..8usize).prop_map(Step::CheckOut),
        1 => (0..8usize, 1..9usize).prop_map(|(p, n)| Step::Reorder(p, n)),
        1 => (0..8usize).prop_map(Step::Reject),
        1 => (0..8usize).prop_map(Step::Violation),
    ]
}

const AVAILABILITY: [Availability; 4] = [
    Availability::Available,
    Availability::AwayAssigned,
    Availability::Break,
    Availability::Leave,
];

struct Day {
    day: RotationDay,
    policy: Policy,
    seq: i64,
    staff: Vec<StaffId>,
}

impl Day {
    fn new(n: usize, policy: &str) -> Day {
        let mut day = Day {
            day: RotationDay::default(),
            policy: Policy::preset(policy),
            seq: 0,
            staff: (1..=n as i64).map(StaffId).collect(),
        };
        for id in day.staff.clone() {
            day.run(&Command::CheckIn(id)).unwrap();
        }
        day
    }

    fn person(&self, i: usize) -> StaffId {
        self.staff[i % self.staff.len()]
    }

    fn command(&self, step: &Step) -> Option<Command> {
        Some(match *step {
            Step::WalkIn => Command::WalkIn,
            Step::End(p, o) => {
                let reception = self.day.member(self.person(p))?.reception?;
                Command::End {
                    reception,
                    outcome: Outcome::CHOICES[o],
                }
            }
            Step::SetAvailability(p, a) => match AVAILABILITY[a] {
                Availability::AwayAssigned => Command::AssignWork {
                    salesperson: self.person(p),
                    supervisor: SUPERVISOR,
                },
                other => Command::SetAvailability(self.person(p), other),
            },
            Step::Designated(p) => Command::Designated(self.person(p)),
            Step::Returning(p) => Command::Returning(self.person(p)),
            Step::Public(n) => Command::Public { receivers: n },
            Step::Skip => Command::Skip(self.day.next_up()?.salesperson),
            Step::CheckIn(p) => Command::CheckIn(self.person(p)),
            Step::CheckOut(p) => Command::CheckOut(self.person(p)),
            Step::Reorder(p, position) => Command::Reorder {
                salesperson: self.person(p),
                position,
                reason: "经理安排".into(),
                supervisor: SUPERVISOR,
            },
            Step::Reject(p) => Command::Reject {
                reception: self.day.member(self.person(p))?.reception?,
                supervisor: SUPERVISOR,
            },
            Step::Violation(p) => Command::RecordViolation {
                salesperson: self.person(p),
                note: "抢客户".into(),
                fine_fen: 20_000,
                supervisor: SUPERVISOR,
            },
        })
    }

    /// Decides and applies, as the store does; refused commands change nothing.
    fn run(&mut self, command: &Command) -> Option<Vec<Event>> {
        let before = self.day.clone();
        let events = self.day.decide(command, &self.policy).ok();
        assert_eq!(self.day, before, "deciding never changes the day");
        for event in events.iter().flatten() {
            self.seq += 1;
            let at =
                Utc.with_ymd_and_hms(2026, 11, 22, 1, 0, 0).unwrap() + Duration::seconds(self.seq);
            self.day.apply(&Logged {
                seq: Seq(self.seq),
                at,
                event: event.clone(),
            });
        }
        events
    }
}

fn started(events: &[Event]) -> Vec<(StaffId, bool)> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::ReceptionStarted {
                salesperson,
                uses_turn,
                ..
            } => Some((*salesperson, *uses_turn)),
            _ => None,
        })
        .collect()
}

/// The ways a salesperson loses a turn or spends it on a customer who does not count, each
/// earning a make-up: assigned work (ROT-4), a void turn (ROT-10), and a turn spent on their
/// own old customer, a colleague's, help given to an absent colleague, or a public customer
/// (ROT-5, ROT-8, ROT-9).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Loss {
    AssignedWork,
    VoidTurn,
    OwnOld,
    ColleagueOld,
    Helped,
    PublicAfterAll,
}

/// An owner who is not checked in, whose returning customers a helper takes on their turn
/// under 004 (ROT-8) and is made up for.
const ABSENT_OWNER: StaffId = StaffId(99);

impl Day {
    /// Ends every reception held by someone at the front of the order, up to the first who
    /// can take the next customer: a reception lasts less than the round of the order, so
    /// every turn is taken by whoever's turn it is and the order rolls as a plain rotation.
    /// (When a visit outlasts the round, the others go ahead of the busy one by ROT-13, and
    /// nobody's count can follow the rotation; that is not what make-ups are about.)
    fn end_receptions_in_the_way(&mut self, except: Option<Seq>) {
        let order = self.day.order().to_vec();
        for id in order {
            let member = self.day.member(id).unwrap();
            match member.reception {
                Some(r) if Some(r) != except => {
                    self.end_plainly(r);
                }
                Some(_) => {}
                None if member.availability == Availability::Available => break,
                None => {}
            }
        }
    }

    /// Ends a reception as the customer it was: new, or help given when it was a helper's.
    fn end_plainly(&mut self, reception: Seq) {
        let outcome = match self.day.reception(reception).map(|r| r.kind) {
            Some(ReceptionKind::Helping(_)) => Outcome::HelpedColleague,
            _ => Outcome::NewCustomer,
        };
        self.run(&Command::End { reception, outcome }).unwrap();
    }

    /// What each salesperson has had of the rotation: counted new customers, make-ups still
    /// owed, and a reception in progress on a turn or a make-up (it will count or earn one).
    fn had(&self, id: StaffId) -> u32 {
        let m = self.day.member(id).unwrap();
        let open = m
            .reception
            .and_then(|r| self.day.reception(r))
            .is_some_and(|r| r.uses_turn);
        m.counted_new + self.day.owed_make_ups(id) as u32 + u32::from(open)
    }
}

fn loss() -> impl Strategy<Value = Loss> {
    prop_oneof![
        Just(Loss::AssignedWork),
        Just(Loss::VoidTurn),
        Just(Loss::OwnOld),
        Just(Loss::ColleagueOld),
        Just(Loss::Helped),
        Just(Loss::PublicAfterAll),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// ROT-4, ROT-5, ROT-9, ROT-10 (001 第14篇 (二)3: 空几轮,补接几名新客户). Whatever the
    /// reason, a make-up makes its holder whole: at every moment, what each salesperson has
    /// had (counted customers, make-ups owed, a reception under way) is exactly their share
    /// of a plain rotation in which every turn brought a counted customer; so once the
    /// make-ups are served, their counted total is what they would have had had the turn
    /// not been lost or spent, and nobody is more than one ahead of anyone.
    #[test]
    fn rot_4_rot_5_whoever_earns_make_ups_ends_with_the_count_they_would_have_had(
        n in 2..7usize,
        loss in loss(),
        moves in prop::collection::vec((0..5u8, 0..8usize), 1..160),
    ) {
        let mut day = Day::new(n, "004");
        let staff = day.staff.clone();
        for (m, who) in moves {
            let person = day.person(who);
            let held = day.day.member(person).unwrap().reception;
            match (m, loss) {
                (0 | 1, _) => {
                    day.end_receptions_in_the_way(None);
                    if day.day.next_up().is_some() {
                        day.run(&Command::WalkIn).unwrap();
                    }
                }
                (2, _) => {
                    if let Some(r) = held {
                        day.end_plainly(r);
                    }
                }
                (_, Loss::AssignedWork) => {
                    let away = day.day.member(person).unwrap().availability == Availability::AwayAssigned;
                    if held.is_none() {
                        let command = if away {
                            Command::SetAvailability(person, Availability::Available)
                        } else {
                            Command::AssignWork { salesperson: person, supervisor: SUPERVISOR }
                        };
                        day.run(&command).unwrap();
                    }
                }
                (_, Loss::VoidTurn) => {
                    if let Some(reception) = held
                        && day.day.reception(reception).unwrap().uses_turn
                    {
                        day.end_receptions_in_the_way(Some(reception));
                        // The customer goes to the next up but never back to the one they
                        // rejected; rejected before that one's turn came round again.
                        let free_holder = day.day.make_ups().iter().any(|m| {
                            m.salesperson != person && day.day.is_free(m.salesperson)
                        });
                        let before_their_turn = day
                            .day
                            .order()
                            .iter()
                            .find(|&&id| id == person || day.day.is_free(id))
                            != Some(&person);
                        if free_holder || before_their_turn {
                            // Refused only when nobody else is free to take the customer.
                            day.run(&Command::Reject { reception, supervisor: SUPERVISOR });
                        }
                    }
                }
                (_, Loss::Helped) => {
                    day.end_receptions_in_the_way(None);
                    if day.day.next_up().is_some() {
                        day.run(&Command::Returning(ABSENT_OWNER)).unwrap();
                    }
                }
                (_, Loss::OwnOld | Loss::ColleagueOld | Loss::PublicAfterAll) => {
                    let outcome = match loss {
                        Loss::OwnOld => Outcome::OwnOldCustomer,
                        Loss::ColleagueOld => Outcome::ColleagueOldCustomer,
                        _ => Outcome::PublicAfterAll,
                    };
                    if let Some(reception) = held
                        && day.day.reception(reception).unwrap().uses_turn
                        && outcome.fits(day.day.reception(reception).unwrap().kind)
                    {
                        day.run(&Command::End { reception, outcome }).unwrap();
                    }
                }
            }
            // A plain rotation of the check-in order: after `turns` turns, the i-th to check
            // in has had every n-th turn from the i-th on.
            let had: Vec<u32> = staff.iter().map(|&id| day.had(id)).collect();
            let turns: u32 = had.iter().sum();
            let share: Vec<u32> = (0..n as u32)
                .map(|i| (turns + n as u32 - 1 - i) / n as u32)
                .collect();
            prop_assert_eq!(&had, &share, "{:?}: had vs share of {} turns", loss, turns);
            if day.day.make_ups().is_empty() && day.day.receptions().next().is_none() {
                let counted: Vec<u32> = staff
                    .iter()
                    .map(|&id| day.day.member(id).unwrap().counted_new)
                    .collect();
                prop_assert_eq!(counted, share, "{:?}: all make-ups served", loss);
            }
        }
    }

    #[test]
    fn rot_1_every_walk_in_is_assigned_exactly_once_to_someone_free(
        n in 2..8usize,
        policy in prop_oneof![Just("004"), Just("vanke"), Just("rules-14")],
        steps in prop::collection::vec(step(), 1..80),
    ) {
        let mut day = Day::new(n, policy);
        for step in &steps {
            let Some(command) = day.command(step) else { continue };
            let before = day.day.clone();
            let Some(events) = day.run(&command) else {
                // A walk-in is refused only when nobody at all is free to take it.
                if command == Command::WalkIn {
                    prop_assert!(before.next_up().is_none(), "refused with someone free");
                }
                continue;
            };
            for (receiver, _) in started(&events) {
                prop_assert!(before.is_free(receiver), "{receiver} was not free: {command:?}");
            }
            if command == Command::WalkIn {
                let receptions = started(&events);
                prop_assert_eq!(receptions.len(), 1);
                prop_assert!(receptions[0].1, "a walk-in uses a turn");
            }
        }
    }

    #[test]
    fn rot_2_with_no_make_ups_or_designations_counted_customers_never_differ_by_more_than_one(
        n in 2..8usize,
        moves in prop::collection::vec(0..4u8, 1..160),
    ) {
        // n salespeople stay available all day; one more comes and goes, takes named
        // customers and breaks, and is left out of the count: the rule is about the others.
        let mut day = Day::new(n + 1, "004");
        let other = day.staff[n];
        for m in moves {
            let receiving = day.day.receptions().next().map(|r| r.seq);
            match (m, receiving) {
                (0, Some(reception)) => {
                    day.run(&Command::End { reception, outcome: Outcome::NewCustomer }).unwrap();
                }
                (2, _) => {
                    let away = day.day.member(other).unwrap().availability == Availability::Break;
                    let next = if away { Availability::Available } else { Availability::Break };
                    day.run(&Command::SetAvailability(other, next));
                }
                // Named while present; named while away would bring in a helper, who is
                // owed a make-up, and this rule is about days without make-ups.
                (3, _) if day.day.is_free(other) => {
                    day.run(&Command::Designated(other)).unwrap();
                }
                _ => {
                    if day.day.next_up().is_some() {
                        day.run(&Command::WalkIn).unwrap();
                    }
                }
            }
            // Count receptions in progress as received: the turn was taken.
            let counts: Vec<u32> = day.staff[..n].iter().map(|&id| {
                let m = day.day.member(id).unwrap();
                m.counted_new + u32::from(m.reception.is_some_and(|r| {
                    day.day.reception(r).is_some_and(|r| r.uses_turn)
                }))
            }).collect();
            let (min, max) = (counts.iter().min().unwrap(), counts.iter().max().unwrap());
            prop_assert!(max - min <= 1, "{counts:?}");
            prop_assert!(day.day.make_ups().is_empty(), "the premise holds: no make-ups");
        }
    }

    #[test]
    fn rot_5_owed_make_ups_come_before_the_order_oldest_free_holder_first(
        n in 2..8usize,
        steps in prop::collection::vec(step(), 1..80),
    ) {
        let mut day = Day::new(n, "004");
        for step in &steps {
            let Some(command) = day.command(step) else { continue };
            if command == Command::WalkIn {
                let oldest_free = day
                    .day
                    .make_ups()
                    .iter()
                    .find(|m| day.day.is_free(m.salesperson))
                    .map(|m| (m.salesperson, m.seq));
                let first_free_in_order = day.day.order().iter().copied().find(|&id| day.day.is_free(id));
                if let Some(events) = day.run(&command) {
                    let receiver = started(&events)[0].0;
                    match oldest_free {
                        Some((holder, seq)) => {
                            prop_assert_eq!(receiver, holder);
                            prop_assert!(day.day.make_ups().iter().all(|m| m.seq != seq), "the make-up was used");
                        }
                        None => prop_assert_eq!(Some(receiver), first_free_in_order),
                    }
                }
            } else {
                day.run(&command);
            }
            if let Some(next) = day.day.next_up()
                && day.day.make_ups().iter().any(|m| day.day.is_free(m.salesperson))
            {
                prop_assert!(matches!(next.via, Via::MakeUp(_)));
            }
        }
    }

    #[test]
    fn replaying_the_log_gives_the_same_day(
        n in 2..8usize,
        steps in prop::collection::vec(step(), 1..80),
    ) {
        let mut day = Day::new(n, "vanke");
        for step in &steps {
            if let Some(command) = day.command(step) {
                day.run(&command);
            }
        }
        prop_assert_eq!(RotationDay::replay(day.day.log()), day.day);
    }
}
