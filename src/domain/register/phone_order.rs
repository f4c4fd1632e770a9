//! Who answers the next phone inquiry (REG-2: "每个售楼员都有义务做电话咨询…如同事正忙或不在,
//! 自己有义务帮忙接听,如果电话台数偏少则轮流接听", 004 §5): an order of its own, derived from
//! the day's call register as the rotation is from its log, and using no walk-in turn.
//!
//! The salesperson checked in who answered a call least recently is next; those who have
//! answered none today come first, in the walk-in queue's order. A colleague receiving a
//! customer or away is passed over without losing their place: having answered nothing,
//! they are still first once free (as ROT-13 has a busy salesperson stand by). The console
//! proposes; the clerk may register whoever actually answered.

use crate::domain::rotation::{RotationDay, StaffId};

/// The salesperson to answer the next call on `day`, given who answered today's calls,
/// oldest first; `None` when nobody checked in is free.
pub fn next_to_answer(day: &RotationDay, answered_today: &[StaffId]) -> Option<StaffId> {
    let last_answered = |id: StaffId| answered_today.iter().rposition(|&a| a == id);
    day.order()
        .iter()
        .enumerate()
        .filter(|&(_, &id)| day.is_free(id))
        // `None` (never today) sorts before any call; the queue's order breaks ties.
        .min_by_key(|&(place, &id)| (last_answered(id), place))
        .map(|(_, &id)| id)
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::domain::rotation::{Command, Logged, Seq};

    const A: StaffId = StaffId(1);
    const B: StaffId = StaffId(2);
    const C: StaffId = StaffId(3);

    fn day(commands: &[Command]) -> RotationDay {
        let policy = crate::domain::policy::Policy::default();
        let mut log = Vec::new();
        let mut state = RotationDay::default();
        for command in commands {
            for event in state.decide(command, &policy).unwrap() {
                let entry = Logged {
                    seq: Seq(log.len() as i64 + 1),
                    at: Utc.with_ymd_and_hms(2026, 11, 20, 1, 0, 0).unwrap(),
                    event,
                };
                state.apply(&entry);
                log.push(entry);
            }
        }
        state
    }

    #[test]
    fn reg_2_calls_go_round_the_checked_in_salespeople_in_turn() {
        let day = day(&[
            Command::CheckIn(A),
            Command::CheckIn(B),
            Command::CheckIn(C),
        ]);
        assert_eq!(next_to_answer(&day, &[]), Some(A));
        assert_eq!(next_to_answer(&day, &[A]), Some(B));
        assert_eq!(next_to_answer(&day, &[A, B]), Some(C));
        assert_eq!(next_to_answer(&day, &[A, B, C]), Some(A));
        // The clerk registered B out of turn: A, who answered longest ago, is next.
        assert_eq!(next_to_answer(&day, &[A, B, C, B]), Some(A));
    }

    #[test]
    fn reg_2_a_salesperson_receiving_is_passed_over_and_keeps_their_place_using_no_walk_in_turn() {
        let mut commands = vec![
            Command::CheckIn(A),
            Command::CheckIn(B),
            Command::CheckIn(C),
        ];
        commands.push(Command::WalkIn); // A receives
        let busy = day(&commands);
        assert_eq!(next_to_answer(&busy, &[]), Some(B), "A is receiving");
        // The walk-in queue is untouched by calls: B is still next up for a walk-in.
        assert_eq!(busy.next_up().map(|n| n.salesperson), Some(B));
        assert_eq!(next_to_answer(&busy, &[B]), Some(C));
        assert_eq!(next_to_answer(&busy, &[B, C]), Some(B), "A still busy");
    }

    #[test]
    fn reg_2_nobody_checked_in_and_free_means_no_proposal() {
        assert_eq!(next_to_answer(&RotationDay::default(), &[]), None);
        let day = day(&[Command::CheckIn(A), Command::WalkIn]);
        assert_eq!(next_to_answer(&day, &[]), None);
    }
}
