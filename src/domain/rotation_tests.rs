//! One or more tests per ROT rule, named with the rule's ID, each checking the outcome the
//! rule describes and its edge.

use chrono::{Duration, TimeZone, Utc};

use super::*;
use crate::domain::policy::Policy;

const A: StaffId = StaffId(1);
const B: StaffId = StaffId(2);
const C: StaffId = StaffId(3);
const D: StaffId = StaffId(4);

/// A day being built command by command, as the store would.
struct Desk {
    day: RotationDay,
    policy: Policy,
    /// The last row id handed out, as SQLite would.
    seq: i64,
}

impl Desk {
    fn with(policy: &str, checked_in: &[StaffId]) -> Desk {
        let mut desk = Desk {
            day: RotationDay::default(),
            policy: Policy::preset(policy),
            seq: 0,
        };
        for &id in checked_in {
            desk.ok(Command::CheckIn(id));
        }
        desk
    }

    fn new(checked_in: &[StaffId]) -> Desk {
        Desk::with("004", checked_in)
    }

    fn run(&mut self, command: Command) -> Result<Vec<Event>, RotationError> {
        let events = self.day.decide(&command, &self.policy)?;
        for event in &events {
            self.seq += 1;
            let at =
                Utc.with_ymd_and_hms(2026, 11, 22, 1, 0, 0).unwrap() + Duration::minutes(self.seq);
            self.day.apply(&Logged {
                seq: Seq(self.seq),
                at,
                event: event.clone(),
            });
        }
        Ok(events)
    }

    fn ok(&mut self, command: Command) -> Vec<Event> {
        self.run(command.clone())
            .unwrap_or_else(|e| panic!("{command:?}: {e}"))
    }

    /// The walk-in's receiver.
    fn walk_in(&mut self) -> StaffId {
        receiver(&self.ok(Command::WalkIn))
    }

    fn reception_of(&self, id: StaffId) -> Seq {
        self.day
            .member(id)
            .and_then(|m| m.reception)
            .expect("receiving")
    }

    fn end(&mut self, id: StaffId, outcome: Outcome) -> Vec<Event> {
        let reception = self.reception_of(id);
        self.ok(Command::End { reception, outcome })
    }

    fn serve(&mut self, outcome: Outcome) -> StaffId {
        let id = self.walk_in();
        self.end(id, outcome);
        id
    }

    fn away(&mut self, id: StaffId, availability: Availability) {
        match availability {
            Availability::AwayAssigned => self.ok(Command::AssignWork {
                salesperson: id,
                supervisor: StaffId(9),
            }),
            _ => self.ok(Command::SetAvailability(id, availability)),
        };
    }

    fn next(&self) -> StaffId {
        self.day.next_up().expect("someone is free").salesperson
    }
}

fn receiver(events: &[Event]) -> StaffId {
    events
        .iter()
        .rev()
        .find_map(|e| match e {
            Event::ReceptionStarted { salesperson, .. } => Some(*salesperson),
            _ => None,
        })
        .expect("a reception started")
}

fn make_up_earned(events: &[Event]) -> Option<(StaffId, MakeUpReason)> {
    events.iter().find_map(|e| match e {
        Event::MakeUpEarned {
            salesperson,
            reason,
        } => Some((*salesperson, *reason)),
        _ => None,
    })
}

#[test]
fn rot_1_walk_ins_are_received_strictly_in_check_in_order() {
    let mut desk = Desk::new(&[A, B, C]);
    assert_eq!(
        [
            desk.serve(Outcome::NewCustomer),
            desk.serve(Outcome::NewCustomer),
            desk.serve(Outcome::NewCustomer)
        ],
        [A, B, C]
    );
}

#[test]
fn rot_1_nobody_free_means_no_assignment_rather_than_a_guess() {
    let mut desk = Desk::new(&[A]);
    desk.walk_in();
    assert_eq!(
        desk.run(Command::WalkIn),
        Err(RotationError::NobodyAvailable)
    );
}

#[test]
fn rot_2_the_receiver_goes_to_the_back_and_the_order_rolls() {
    let mut desk = Desk::new(&[A, B, C]);
    desk.serve(Outcome::NewCustomer);
    assert_eq!(desk.day.order(), &[B, C, A]);
    desk.serve(Outcome::NewCustomer);
    desk.serve(Outcome::NewCustomer);
    assert_eq!(
        desk.day.order(),
        &[A, B, C],
        "a full cycle returns to the start"
    );
    assert_eq!(desk.next(), A);
    assert_eq!(desk.day.member(A).unwrap().counted_new, 1);
}

#[test]
fn rot_3_a_reorder_records_the_supervisor_and_needs_a_reason_and_a_valid_position() {
    let mut desk = Desk::new(&[A, B, C]);
    let reorder = |position, reason: &str| Command::Reorder {
        salesperson: C,
        position,
        reason: reason.into(),
        supervisor: StaffId(9),
    };
    assert_eq!(
        desk.run(reorder(1, "  ")),
        Err(RotationError::ReasonRequired)
    );
    assert_eq!(
        desk.run(reorder(0, "x")),
        Err(RotationError::BadPosition(0))
    );
    assert_eq!(
        desk.run(reorder(4, "x")),
        Err(RotationError::BadPosition(4))
    );
    let events = desk.ok(reorder(1, "经理安排"));
    assert!(
        matches!(&events[0], Event::Reordered { supervisor: StaffId(9), reason, .. } if reason == "经理安排")
    );
    assert_eq!(desk.day.order(), &[C, A, B]);
    assert_eq!(
        Command::Reorder {
            salesperson: C,
            position: 1,
            reason: "x".into(),
            supervisor: StaffId(9)
        }
        .supervisor(),
        Some(StaffId(9))
    );
    assert_eq!(
        Command::WalkIn.supervisor(),
        None,
        "only supervisor commands carry one"
    );
}

#[test]
fn rot_4_an_absent_salesperson_loses_the_turn_without_a_make_up() {
    let mut desk = Desk::new(&[A, B, C]);
    assert_eq!(
        desk.run(Command::Skip(B)),
        Err(RotationError::NotNextUp(B)),
        "only the one whose turn it is"
    );
    let events = desk.ok(Command::Skip(A));
    assert_eq!(
        events,
        vec![Event::TurnPassed {
            salesperson: A,
            cause: PassCause::Absent
        }]
    );
    assert_eq!(desk.day.order(), &[B, C, A]);
    assert!(desk.day.make_ups().is_empty());
}

#[test]
fn rot_4_a_turn_missed_on_assigned_work_is_made_up_once_per_missed_turn() {
    let mut desk = Desk::new(&[A, B, C]);
    desk.away(A, Availability::AwayAssigned);
    let events = desk.ok(Command::WalkIn);
    assert_eq!(receiver(&events), B);
    assert_eq!(
        make_up_earned(&events),
        Some((A, MakeUpReason::AssignedWork))
    );
    // B is receiving; C serves the next; A's next turn comes only after a full cycle.
    desk.end(B, Outcome::NewCustomer);
    assert_eq!(desk.serve(Outcome::NewCustomer), C);
    assert_eq!(desk.day.owed_make_ups(A), 1, "not yet passed again");
    assert_eq!(desk.day.order(), &[A, B, C]);
    desk.serve(Outcome::NewCustomer);
    assert_eq!(desk.day.owed_make_ups(A), 2, "away two turns, two make-ups");
    // Back from the errand: the make-ups are served first.
    desk.away(A, Availability::Available);
    assert_eq!(desk.next(), A);
}

#[test]
fn rot_4_an_absent_make_up_holder_forfeits_that_make_up() {
    let mut desk = Desk::new(&[A, B]);
    desk.serve(Outcome::OwnOldCustomer);
    assert_eq!(
        desk.day.next_up().unwrap().via,
        Via::MakeUp(desk.day.make_ups()[0].seq)
    );
    let events = desk.ok(Command::Skip(A));
    assert!(matches!(events[0], Event::MakeUpForfeited { .. }));
    assert!(desk.day.make_ups().is_empty());
    assert_eq!(desk.next(), B);
}

#[test]
fn rot_5_not_a_new_customer_on_ones_turn_earns_a_make_up_for_each_reason() {
    for (outcome, reason) in [
        (Outcome::OwnOldCustomer, MakeUpReason::OwnOldCustomer),
        (
            Outcome::ColleagueOldCustomer,
            MakeUpReason::ColleagueOldCustomer,
        ),
        (Outcome::PublicAfterAll, MakeUpReason::PublicAfterAll),
    ] {
        let mut desk = Desk::new(&[A, B, C]);
        desk.walk_in();
        assert_eq!(
            make_up_earned(&desk.end(A, outcome)),
            Some((A, reason)),
            "{outcome:?}"
        );
        assert_eq!(desk.next(), A, "served ahead of the order");
        assert_eq!(desk.day.member(A).unwrap().counted_new, 0);
        assert_eq!(desk.day.member(A).unwrap().other, 1);
    }
}

#[test]
fn rot_5_a_new_customer_earns_no_make_up() {
    let mut desk = Desk::new(&[A, B]);
    desk.walk_in();
    assert_eq!(make_up_earned(&desk.end(A, Outcome::NewCustomer)), None);
}

#[test]
fn rot_5_make_ups_are_served_oldest_first_and_a_busy_holder_waits() {
    let mut desk = Desk::new(&[A, B, C, D]);
    desk.serve(Outcome::OwnOldCustomer); // A earns first
    desk.walk_in(); // A, on the make-up
    desk.end(A, Outcome::NewCustomer);
    desk.serve(Outcome::OwnOldCustomer); // B
    desk.serve(Outcome::OwnOldCustomer); // C
    assert_eq!(desk.day.queue()[..2], [B, C]);
    assert_eq!(desk.walk_in(), B, "oldest make-up first");
    assert_eq!(
        desk.walk_in(),
        C,
        "B is busy, so the next make-up is served"
    );
    assert_eq!(desk.walk_in(), D, "make-ups all served: back to the order");
}

/// The hall's board lists who follows from `call_order`: it must start with the next up and
/// walk-ins must reach the rest in that order, make-ups first, skipping the busy and away.
#[test]
fn rot_5_the_call_order_starts_with_the_next_up_and_serves_make_ups_first() {
    let mut desk = Desk::new(&[A, B, C, D]);
    desk.serve(Outcome::OwnOldCustomer); // A earns a make-up, order B C D A
    desk.away(C, Availability::Break);
    let order = desk.day.call_order();
    assert_eq!(
        order,
        [A, B, D],
        "the make-up holder first; C on a break is not called"
    );
    assert_eq!(desk.day.next_up().map(|n| n.salesperson), Some(order[0]));
    let served: Vec<StaffId> = (0..3).map(|_| desk.walk_in()).collect();
    assert_eq!(served, order, "walk-ins reach them in the order shown");
    assert!(
        desk.day.call_order().is_empty(),
        "everyone free is now receiving"
    );
}

#[test]
fn rot_5_a_make_up_reception_consumes_the_make_up_and_counts_the_customer() {
    let mut desk = Desk::new(&[A, B]);
    desk.serve(Outcome::OwnOldCustomer);
    let events = desk.ok(Command::WalkIn);
    assert!(matches!(
        events[0],
        Event::ReceptionStarted {
            kind: ReceptionKind::MakeUp,
            make_up: Some(_),
            ..
        }
    ));
    desk.end(A, Outcome::NewCustomer);
    assert!(desk.day.make_ups().is_empty());
    assert_eq!(desk.day.member(A).unwrap().counted_new, 1);
}

#[test]
fn rot_5_helping_a_colleague_on_ones_turn_earns_a_make_up_under_004() {
    let mut desk = Desk::with("004", &[A, B, C]);
    let events = desk.ok(Command::Returning(D)); // D registered the customer but is not here
    assert!(matches!(
        events.last(),
        Some(Event::ReceptionStarted {
            salesperson: A,
            kind: ReceptionKind::Helping(D),
            uses_turn: true,
            ..
        })
    ));
    assert_eq!(
        make_up_earned(&desk.end(A, Outcome::HelpedColleague)),
        Some((A, MakeUpReason::HelpedColleague))
    );
    assert_eq!(desk.next(), A);
}

#[test]
fn rot_5_receptions_outside_the_rotation_earn_no_make_up_whatever_their_outcome() {
    let mut desk = Desk::with("vanke", &[A, B, C]);
    desk.ok(Command::Designated(B));
    assert_eq!(make_up_earned(&desk.end(B, Outcome::OwnOldCustomer)), None);
    desk.ok(Command::Returning(C));
    assert_eq!(
        make_up_earned(&desk.end(C, Outcome::ColleagueOldCustomer)),
        None
    );
    desk.ok(Command::Returning(D)); // absent owner, vanke: the last in the queue helps voluntarily
    assert_eq!(make_up_earned(&desk.end(C, Outcome::HelpedColleague)), None);
    assert!(desk.day.make_ups().is_empty());
}

#[test]
fn rot_6_break_and_leave_lose_the_turn_and_earn_no_make_up() {
    for (availability, cause) in [
        (Availability::Break, PassCause::Break),
        (Availability::Leave, PassCause::Leave),
    ] {
        let mut desk = Desk::new(&[A, B, C]);
        desk.away(A, availability);
        let events = desk.ok(Command::WalkIn);
        assert_eq!(
            events[0],
            Event::TurnPassed {
                salesperson: A,
                cause
            }
        );
        assert_eq!(make_up_earned(&events), None);
        assert_eq!(receiver(&events), B);
        assert_eq!(desk.day.order(), &[C, A, B]);
    }
}

#[test]
fn rot_6_someone_on_a_break_behind_the_receiver_keeps_their_place() {
    let mut desk = Desk::new(&[A, B, C]);
    desk.away(C, Availability::Break);
    let events = desk.ok(Command::WalkIn);
    assert_eq!(events.len(), 1, "C's turn was not reached: {events:?}");
    assert_eq!(desk.day.order(), &[B, C, A]);
}

#[test]
fn rot_7_a_named_salesperson_receives_without_using_a_turn() {
    let mut desk = Desk::new(&[A, B, C]);
    let events = desk.ok(Command::Designated(C));
    assert_eq!(
        events,
        vec![Event::ReceptionStarted {
            salesperson: C,
            kind: ReceptionKind::Designated,
            uses_turn: false,
            make_up: None,
            keeps_place: false,
            named: false,
        }]
    );
    assert_eq!(desk.day.order(), &[A, B, C], "order unchanged");
    desk.end(C, Outcome::NewCustomer);
    assert_eq!(
        desk.day.member(C).unwrap().counted_new,
        0,
        "not counted as a turn"
    );
}

#[test]
fn rot_7_missing_ones_turn_while_receiving_a_named_customer_is_not_made_up() {
    let mut desk = Desk::new(&[A, B, C]);
    desk.ok(Command::Designated(A));
    let events = desk.ok(Command::WalkIn);
    assert_eq!(
        events[0],
        Event::TurnPassed {
            salesperson: A,
            cause: PassCause::Designated
        }
    );
    assert_eq!(make_up_earned(&events), None);
    assert_eq!(receiver(&events), B);
    desk.end(A, Outcome::NewCustomer);
    assert!(desk.day.make_ups().is_empty());
}

#[test]
fn rot_8_a_returning_customer_goes_to_the_owner_outside_the_rotation() {
    let mut desk = Desk::new(&[A, B, C]);
    let events = desk.ok(Command::Returning(B));
    assert_eq!(receiver(&events), B);
    assert!(matches!(
        events[0],
        Event::ReceptionStarted {
            kind: ReceptionKind::Returning,
            uses_turn: false,
            ..
        }
    ));
    assert_eq!(desk.day.order(), &[A, B, C]);
}

#[test]
fn rot_8_the_helper_for_an_absent_owner_follows_the_policy() {
    // vanke: the last available in the queue helps, outside the rotation.
    let mut desk = Desk::with("vanke", &[A, B, C]);
    desk.away(C, Availability::Break);
    let events = desk.ok(Command::Returning(D));
    assert_eq!(
        events,
        vec![Event::ReceptionStarted {
            salesperson: B,
            kind: ReceptionKind::Helping(D),
            uses_turn: false,
            make_up: None,
            keeps_place: false,
            named: false,
        }]
    );
    assert_eq!(desk.day.order(), &[A, B, C]);
    // 004: the next up helps on their turn.
    let mut desk = Desk::with("004", &[A, B, C]);
    assert_eq!(receiver(&desk.ok(Command::Returning(D))), A);
    assert_eq!(desk.day.order(), &[B, C, A]);
}

#[test]
fn rot_8_an_owner_who_is_checked_in_but_away_also_gets_a_helper() {
    let mut desk = Desk::with("vanke", &[A, B, C]);
    desk.away(A, Availability::AwayAssigned);
    let events = desk.ok(Command::Returning(A));
    assert!(matches!(
        events[0],
        Event::ReceptionStarted {
            salesperson: C,
            kind: ReceptionKind::Helping(A),
            ..
        }
    ));
}

#[test]
fn rot_9_a_public_customer_is_received_in_order_by_several_without_using_turns() {
    let mut desk = Desk::new(&[A, B, C]);
    let events = desk.ok(Command::Public { receivers: 2 });
    assert_eq!(events.len(), 2);
    assert!(events.iter().all(|e| matches!(
        e,
        Event::ReceptionStarted {
            kind: ReceptionKind::Public,
            uses_turn: false,
            ..
        }
    )));
    assert_eq!([receiver(&events[..1]), receiver(&events[1..])], [A, B]);
    assert_eq!(desk.day.order(), &[A, B, C]);
    // A public reception ends as public (ROT-9), or as someone's old customer; never as a
    // new customer, which no receiver of it could count.
    desk.end(A, Outcome::OwnOldCustomer);
    desk.end(B, Outcome::PublicAfterAll);
    assert!(
        desk.day.make_ups().is_empty(),
        "no turn was used, so nothing to make up"
    );
    assert_eq!(desk.next(), A, "A keeps the front");
}

#[test]
fn rot_9_found_to_be_public_only_afterwards_earns_the_receiver_a_make_up() {
    let mut desk = Desk::new(&[A, B]);
    desk.walk_in();
    assert_eq!(
        make_up_earned(&desk.end(A, Outcome::PublicAfterAll)),
        Some((A, MakeUpReason::PublicAfterAll))
    );
    assert_eq!(MakeUpReason::PublicAfterAll.rule(), "ROT-9");
}

#[test]
fn rot_10_a_rejected_salesperson_gets_a_void_turn_and_priority_and_the_customer_goes_on() {
    let mut desk = Desk::new(&[A, B, C]);
    desk.walk_in();
    let reception = desk.reception_of(A);
    let events = desk.ok(Command::Reject {
        reception,
        supervisor: StaffId(9),
    });
    assert_eq!(
        receiver(&events),
        B,
        "reassigned by rotation, never back to A"
    );
    assert_eq!(make_up_earned(&events), Some((A, MakeUpReason::VoidTurn)));
    let a = desk.day.member(A).unwrap();
    assert_eq!(
        (a.counted_new, a.other, a.reception),
        (0, 0, None),
        "the void turn counts for nothing"
    );
    assert_eq!(desk.next(), A, "priority");
}

#[test]
fn rot_10_only_a_customer_received_on_a_turn_can_be_reassigned() {
    let mut desk = Desk::new(&[A, B]);
    desk.ok(Command::Designated(A));
    let reception = desk.reception_of(A);
    assert_eq!(
        desk.run(Command::Reject {
            reception,
            supervisor: StaffId(9)
        }),
        Err(RotationError::NotARotationReception)
    );
    assert_eq!(
        desk.run(Command::Reject {
            reception: Seq(999),
            supervisor: StaffId(9)
        }),
        Err(RotationError::NoSuchReception(Seq(999)))
    );
}

#[test]
fn rot_10_with_nobody_else_free_the_rejection_is_refused_whole() {
    let mut desk = Desk::new(&[A]);
    desk.walk_in();
    let reception = desk.reception_of(A);
    let before = desk.day.clone();
    assert_eq!(
        desk.run(Command::Reject {
            reception,
            supervisor: StaffId(9)
        }),
        Err(RotationError::NobodyAvailable)
    );
    assert_eq!(desk.day, before);
}

#[test]
fn rot_11_the_first_two_at_work_in_the_queue_cover_lunch() {
    let mut desk = Desk::new(&[A, B, C, D]);
    assert_eq!(desk.day.lunch_desk(), vec![A, B]);
    desk.serve(Outcome::NewCustomer);
    desk.serve(Outcome::OwnOldCustomer); // B owes a make-up and goes first
    assert_eq!(desk.day.lunch_desk(), vec![B, C]);
    desk.away(C, Availability::AwayAssigned);
    assert_eq!(
        desk.day.lunch_desk(),
        vec![B, D],
        "someone away cannot staff the desk"
    );
}

#[test]
fn rot_12_a_walk_in_who_visited_before_is_handed_to_the_owner_and_the_turn_made_up() {
    let mut desk = Desk::new(&[A, B, C]);
    desk.walk_in(); // A greets and asks; the customer is C's
    assert_eq!(
        make_up_earned(&desk.end(A, Outcome::ColleagueOldCustomer)),
        Some((A, MakeUpReason::ColleagueOldCustomer))
    );
    assert_eq!(receiver(&desk.ok(Command::Returning(C))), C);
    assert_eq!(desk.next(), A);
}

#[test]
fn rot_13_a_reception_in_progress_is_never_interrupted() {
    let mut desk = Desk::new(&[A, B]);
    desk.walk_in();
    assert_eq!(desk.walk_in(), B, "A is passed over, not interrupted");
    assert_eq!(
        desk.run(Command::WalkIn),
        Err(RotationError::NobodyAvailable)
    );
    assert_eq!(
        desk.run(Command::Designated(A)),
        Err(RotationError::Receiving(A))
    );
    assert_eq!(
        desk.run(Command::Returning(A)),
        Err(RotationError::Receiving(A))
    );
    assert_eq!(
        desk.run(Command::CheckOut(A)),
        Err(RotationError::Receiving(A))
    );
    assert_eq!(
        desk.run(Command::SetAvailability(A, Availability::Break)),
        Err(RotationError::Receiving(A))
    );
}

#[test]
fn rot_13_someone_receiving_outside_the_rotation_stands_by_and_keeps_their_place() {
    let mut desk = Desk::new(&[A, B, C]);
    desk.ok(Command::Returning(A));
    let events = desk.ok(Command::WalkIn);
    assert_eq!(events.len(), 1, "A is not passed: {events:?}");
    assert_eq!(desk.day.order(), &[A, C, B]);
    desk.end(A, Outcome::OwnOldCustomer);
    assert_eq!(desk.next(), A);
}

#[test]
fn rot_14_grabbing_is_recorded_with_a_fine_inside_the_policy_range() {
    let mut desk = Desk::new(&[A]);
    let violation = |fine_fen, note: &str| Command::RecordViolation {
        salesperson: A,
        note: note.into(),
        fine_fen,
        supervisor: StaffId(9),
    };
    assert_eq!(
        desk.run(violation(19_999, "抢客户")),
        Err(RotationError::FineOutOfRange {
            min: 20_000,
            max: 50_000
        })
    );
    assert_eq!(
        desk.run(violation(50_001, "抢客户")),
        Err(RotationError::FineOutOfRange {
            min: 20_000,
            max: 50_000
        })
    );
    assert_eq!(
        desk.run(violation(20_000, " ")),
        Err(RotationError::NoteRequired)
    );
    desk.ok(violation(20_000, "抢客户"));
    desk.ok(violation(50_000, "再次抢客户"));
    assert_eq!(desk.day.member(A).unwrap().violations, 2);
    assert_eq!(violation(1, "x").supervisor(), Some(StaffId(9)));
}

#[test]
fn checking_in_twice_or_out_when_absent_is_refused() {
    let mut desk = Desk::new(&[A]);
    assert_eq!(
        desk.run(Command::CheckIn(A)),
        Err(RotationError::AlreadyCheckedIn(A))
    );
    assert_eq!(
        desk.run(Command::CheckOut(B)),
        Err(RotationError::NotCheckedIn(B))
    );
    desk.ok(Command::CheckOut(A));
    desk.ok(Command::CheckIn(A));
    assert_eq!(desk.day.order(), &[A]);
}

#[test]
fn why_names_the_make_up_the_order_or_those_ahead() {
    let mut desk = Desk::new(&[A, B, C]);
    desk.ok(Command::Returning(A));
    match desk.day.explain(B) {
        Explanation::FirstInOrder {
            standing_by,
            placed_by,
        } => {
            assert_eq!(
                standing_by,
                vec![(A, Standing::Receiving(ReceptionKind::Returning))]
            );
            assert!(matches!(
                placed_by.map(|l| l.event),
                Some(Event::CheckedIn { salesperson: B })
            ));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(desk.day.explain(C), Explanation::Behind { ahead: vec![B] });
    assert_eq!(
        desk.day.explain(A),
        Explanation::Unavailable(Standing::Receiving(ReceptionKind::Returning))
    );
    desk.end(A, Outcome::NewCustomer);
    assert_eq!(desk.serve(Outcome::OwnOldCustomer), A);
    assert!(matches!(
        desk.day.explain(A),
        Explanation::MakeUp(MakeUp {
            reason: MakeUpReason::OwnOldCustomer,
            ..
        })
    ));
    assert_eq!(desk.day.explain(B), Explanation::Behind { ahead: vec![A] });
    assert_eq!(desk.day.explain(D), Explanation::NotCheckedIn);
}

#[test]
fn replaying_the_log_rebuilds_the_same_day() {
    let mut desk = Desk::new(&[A, B, C, D]);
    desk.serve(Outcome::OwnOldCustomer);
    desk.away(C, Availability::AwayAssigned);
    desk.ok(Command::Designated(D));
    desk.walk_in();
    desk.ok(Command::Public { receivers: 1 });
    assert_eq!(RotationDay::replay(desk.day.log()), desk.day);
}

#[test]
fn events_round_trip_through_json_as_stored() {
    let mut desk = Desk::new(&[A, B, C]);
    desk.ok(Command::Returning(D));
    desk.ok(Command::Reorder {
        salesperson: B,
        position: 1,
        reason: "r".into(),
        supervisor: StaffId(9),
    });
    for entry in desk.day.log() {
        let json = serde_json::to_string(&entry.event).unwrap();
        assert_eq!(
            serde_json::from_str::<Event>(&json).unwrap(),
            entry.event,
            "{json}"
        );
    }
}

#[test]
fn why_lists_a_make_up_holder_away_on_work_as_standing_ahead() {
    let mut desk = Desk::new(&[A, B, C]);
    // A's own old customer earns a make-up; A then goes out on assigned work.
    assert_eq!(desk.serve(Outcome::OwnOldCustomer), A);
    desk.away(A, Availability::AwayAssigned);
    assert_eq!(desk.next(), B);
    match desk.day.explain(B) {
        Explanation::FirstInOrder { standing_by, .. } => assert_eq!(
            standing_by,
            vec![(A, Standing::Away(Availability::AwayAssigned))]
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn rot_4_only_a_supervisor_sends_someone_on_assigned_work_and_the_log_names_them() {
    let mut desk = Desk::new(&[A, B]);
    assert_eq!(
        desk.run(Command::SetAvailability(A, Availability::AwayAssigned)),
        Err(RotationError::AssignedWorkNeedsSupervisor)
    );
    let events = desk.ok(Command::AssignWork {
        salesperson: A,
        supervisor: StaffId(9),
    });
    assert_eq!(
        events,
        vec![Event::AvailabilitySet {
            salesperson: A,
            availability: Availability::AwayAssigned,
            approved_by: Some(StaffId(9)),
        }]
    );
    // Coming back needs no approval.
    desk.ok(Command::SetAvailability(A, Availability::Available));
    assert_eq!(desk.day.standing(A), None);
}

#[test]
fn rot_8_a_helpers_reception_ends_only_as_help_given_never_as_their_new_customer() {
    let mut desk = Desk::with("004", &[A, B, C]);
    assert_eq!(receiver(&desk.ok(Command::Returning(D))), A);
    let reception = desk.reception_of(A);
    for outcome in [Outcome::NewCustomer, Outcome::OwnOldCustomer, Outcome::Void] {
        assert_eq!(
            desk.run(Command::End { reception, outcome }),
            Err(RotationError::OutcomeDoesNotFit),
            "{outcome:?}"
        );
    }
    desk.end(A, Outcome::HelpedColleague);
    let helper = desk.day.member(A).unwrap();
    assert_eq!(
        helper.counted_new, 0,
        "D's customer is not A's new customer"
    );
    assert_eq!(
        desk.day.owed_make_ups(A),
        1,
        "the turn spent helping is made up"
    );
}

#[test]
fn rot_9_a_public_group_gets_only_those_free_and_skips_the_busy_and_away() {
    let mut desk = Desk::new(&[A, B, C, D]);
    assert_eq!(desk.walk_in(), A); // A is receiving
    desk.away(C, Availability::Break);
    let events = desk.ok(Command::Public { receivers: 3 });
    let receivers: Vec<StaffId> = events.chunks(1).map(receiver).collect();
    assert_eq!(
        receivers,
        vec![B, D],
        "only two are free; nobody is interrupted"
    );
    assert_eq!(
        desk.run(Command::Public { receivers: 1 }),
        Err(RotationError::NobodyAvailable)
    );
}

#[test]
fn rot_11_lunch_is_covered_by_the_first_two_free_not_the_busy_or_on_break() {
    let mut desk = Desk::new(&[A, B, C, D]);
    assert_eq!(desk.walk_in(), A);
    desk.away(B, Availability::Break);
    assert_eq!(desk.day.lunch_desk(), vec![C, D]);
    desk.away(B, Availability::Available);
    assert_eq!(
        desk.day.lunch_desk(),
        vec![B, C],
        "back from the break, B is first again"
    );
}

/// Serves `walk_ins` new customers one at a time and checks after each that, once nobody owes
/// a make-up, nobody has more than one counted customer more than anyone else: the day is
/// back to what it would have been had every lost turn been a counted customer.
fn assert_whole_from_here(desk: &mut Desk, walk_ins: usize, case: &str) {
    let everyone: Vec<StaffId> = desk.day.order().to_vec();
    for i in 0..walk_ins {
        desk.serve(Outcome::NewCustomer);
        if desk.day.make_ups().is_empty() {
            let counts: Vec<u32> = everyone
                .iter()
                .map(|&id| desk.day.member(id).unwrap().counted_new)
                .collect();
            let (min, max) = (counts.iter().min().unwrap(), counts.iter().max().unwrap());
            assert!(max - min <= 1, "{case}, walk-in {i}: {counts:?}");
        }
    }
}

#[test]
fn rot_4_sent_on_assigned_work_while_up_and_missing_two_turns_ends_level_with_the_others() {
    // Issue 7: three salespeople, C sent out while up, two turns missed, back; after 15
    // walk-ins it was 6 / 5 / 4.
    let mut desk = Desk::new(&[A, B, C]);
    desk.serve(Outcome::NewCustomer);
    desk.serve(Outcome::NewCustomer);
    assert_eq!(desk.next(), C);
    desk.away(C, Availability::AwayAssigned);
    for _ in 0..3 {
        desk.serve(Outcome::NewCustomer);
    }
    assert_eq!(desk.day.owed_make_ups(C), 2, "away two turns");
    desk.away(C, Availability::Available);
    for _ in 0..10 {
        desk.serve(Outcome::NewCustomer);
    }
    let counts = [A, B, C].map(|id| desk.day.member(id).unwrap().counted_new);
    assert_eq!(counts, [5, 5, 5], "away two turns, two more customers");
    assert_eq!(
        desk.day.order(),
        &[A, B, C],
        "the order as if C had been here"
    );
}

#[test]
fn rot_5_serving_a_make_up_leaves_the_holder_where_they_stand_in_the_order() {
    let mut desk = Desk::new(&[A, B, C]);
    desk.walk_in(); // A, on the turn: an old customer, a long visit
    assert_eq!(desk.serve(Outcome::NewCustomer), B);
    assert_eq!(desk.serve(Outcome::NewCustomer), C);
    desk.end(A, Outcome::OwnOldCustomer);
    assert_eq!(
        desk.day.order(),
        &[A, B, C],
        "A's turn has come round again"
    );
    let events = desk.ok(Command::WalkIn);
    assert!(matches!(
        events[..],
        [Event::ReceptionStarted {
            salesperson: A,
            kind: ReceptionKind::MakeUp,
            uses_turn: true,
            make_up: Some(_),
            ..
        }]
    ));
    assert_eq!(
        desk.day.order(),
        &[A, B, C],
        "the make-up is added, not a turn"
    );
    desk.end(A, Outcome::NewCustomer);
    assert_eq!(desk.walk_in(), A, "and A's own turn follows");
}

#[test]
fn rot_5_every_make_up_reason_adds_a_customer_without_costing_the_holder_their_place() {
    // Each reason, in the case where it used to cost a turn: the holder's place has come
    // round again by the time the make-up is served.
    /// A case: its name and the steps that lose A a turn, leaving A's place come round.
    type Case = (&'static str, fn(&mut Desk));
    let cases: [Case; 6] = [
        ("ROT-4 assigned work", |desk| {
            desk.away(A, Availability::AwayAssigned);
            desk.serve(Outcome::NewCustomer); // A passed, B
            desk.serve(Outcome::NewCustomer); // C
            desk.away(A, Availability::Available);
        }),
        ("ROT-5 own old customer", |desk| {
            desk.walk_in();
            desk.serve(Outcome::NewCustomer);
            desk.serve(Outcome::NewCustomer);
            desk.end(A, Outcome::OwnOldCustomer);
        }),
        ("ROT-5 colleague's old customer", |desk| {
            desk.walk_in();
            desk.serve(Outcome::NewCustomer);
            desk.serve(Outcome::NewCustomer);
            desk.end(A, Outcome::ColleagueOldCustomer);
        }),
        ("ROT-5/ROT-8 helped a colleague", |desk| {
            assert_eq!(receiver(&desk.ok(Command::Returning(D))), A);
            desk.serve(Outcome::NewCustomer);
            desk.serve(Outcome::NewCustomer);
            desk.end(A, Outcome::HelpedColleague);
        }),
        ("ROT-9 public after all", |desk| {
            desk.walk_in();
            desk.serve(Outcome::NewCustomer);
            desk.serve(Outcome::NewCustomer);
            desk.end(A, Outcome::PublicAfterAll);
        }),
        ("ROT-10 void turn", |desk| {
            desk.walk_in();
            let reception = desk.reception_of(A);
            let b = receiver(&desk.ok(Command::Reject {
                reception,
                supervisor: StaffId(9),
            }));
            desk.end(b, Outcome::NewCustomer);
        }),
    ];
    for (case, lose_a_turn) in cases {
        let mut desk = Desk::with("004", &[A, B, C]);
        lose_a_turn(&mut desk);
        assert_eq!(desk.day.owed_make_ups(A), 1, "{case}");
        assert_ne!(
            desk.day.order().last(),
            Some(&A),
            "{case}: A's place came round"
        );
        let order = desk.day.order().to_vec();
        assert_eq!(desk.serve(Outcome::NewCustomer), A, "{case}");
        assert_eq!(
            desk.day.order(),
            order,
            "{case}: the make-up kept A's place"
        );
        assert_whole_from_here(&mut desk, 12, case);
    }
}

#[test]
fn rot_11_nobody_receiving_a_customer_is_named_for_the_lunch_desk() {
    let mut desk = Desk::new(&[A, B, C]);
    desk.ok(Command::Designated(A));
    desk.ok(Command::Returning(B));
    assert_eq!(desk.day.queue(), [A, B, C], "busy, they keep their places");
    assert_eq!(desk.day.lunch_desk(), vec![C], "only C can sit at the desk");
    desk.walk_in();
    assert_eq!(desk.day.lunch_desk(), vec![], "all three are receiving");
    desk.end(B, Outcome::OwnOldCustomer);
    assert_eq!(desk.day.lunch_desk(), vec![B]);
}

#[test]
fn rot_9_a_public_reception_ends_as_public_or_as_someones_old_customer_never_as_a_new_one() {
    let fitting: Vec<Outcome> = Outcome::CHOICES
        .into_iter()
        .filter(|o| o.fits(ReceptionKind::Public))
        .collect();
    assert_eq!(
        fitting,
        [
            Outcome::OwnOldCustomer,
            Outcome::ColleagueOldCustomer,
            Outcome::PublicAfterAll
        ]
    );
    let mut desk = Desk::new(&[A, B]);
    desk.ok(Command::Public { receivers: 1 });
    let reception = desk.reception_of(A);
    for outcome in [
        Outcome::NewCustomer,
        Outcome::HelpedColleague,
        Outcome::Void,
    ] {
        assert_eq!(
            desk.run(Command::End { reception, outcome }),
            Err(RotationError::OutcomeDoesNotFit),
            "{outcome:?}"
        );
    }
    desk.end(A, Outcome::PublicAfterAll);
    let a = desk.day.member(A).unwrap();
    assert_eq!((a.counted_new, a.other), (0, 1));
    assert!(
        desk.day.make_ups().is_empty(),
        "no turn used, nothing to make up"
    );
}

#[test]
fn rot_7_a_customer_who_names_someone_away_is_helped_and_the_log_keeps_that_they_named_them() {
    for policy in ["004", "vanke"] {
        let mut desk = Desk::with(policy, &[A, B, C]);
        desk.away(C, Availability::Break);
        let events = desk.ok(Command::Designated(C));
        assert!(
            matches!(
                events.last(),
                Some(Event::ReceptionStarted {
                    kind: ReceptionKind::Helping(C),
                    named: true,
                    ..
                })
            ),
            "{policy}: {events:?}"
        );
        desk.end(receiver(&events), Outcome::HelpedColleague);
        let events = desk.ok(Command::Returning(C));
        assert!(
            matches!(
                events.last(),
                Some(Event::ReceptionStarted {
                    kind: ReceptionKind::Helping(C),
                    named: false,
                    ..
                })
            ),
            "{policy}: a returning customer's helper is ROT-8's: {events:?}"
        );
    }
}
