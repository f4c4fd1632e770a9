//! The rotation log's stored JSON is a format, not an implementation detail: days already in
//! a database are replayed with whatever code runs today. This test reads a day written in
//! the first format (`fixtures/rotation_events_v1.jsonl`, one `rotation_events.event` value a
//! line) and replays it, so renaming an `Event` variant or field, or a value of the enums it
//! carries, fails here instead of making an old day unreadable.
//!
//! The fixture was written by driving `RotationDay::decide` through a morning that produces
//! every event variant and every enum value; it is frozen and must never be regenerated from
//! the code it checks. Line 54 is the one exception: a `reception_ended` with outcome `void`,
//! which `decide` never writes (a void turn is recorded as `rejected`), included so the
//! spelling of every `Outcome` is pinned too. Replay takes it as it takes any stale entry.

use std::collections::BTreeSet;

use chrono::{Duration, TimeZone, Utc};
use frontdesk::domain::rotation::{
    Availability, Event, Logged, MakeUpReason, Outcome, PassCause, ReceptionKind, RotationDay, Seq,
    Via,
};
use frontdesk::domain::staff::StaffId;

const FIXTURE: &str = include_str!("fixtures/rotation_events_v1.jsonl");

/// The fixture's lines as the store would load them: the line number is the row id, which
/// is what other events refer to as a reception or a make-up.
fn logged() -> Vec<Logged> {
    let start = Utc.with_ymd_and_hms(2026, 11, 22, 1, 0, 0).unwrap();
    FIXTURE
        .lines()
        .enumerate()
        .map(|(i, line)| {
            let seq = i as i64 + 1;
            let event: Event = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("line {seq} no longer reads: {e}\n{line}"));
            Logged {
                seq: Seq(seq),
                at: start + Duration::minutes(seq),
                event,
            }
        })
        .collect()
}

#[test]
fn every_stored_event_reads_and_writes_back_byte_for_byte() {
    for (line, entry) in FIXTURE.lines().zip(logged()) {
        assert_eq!(
            serde_json::to_string(&entry.event).unwrap(),
            line,
            "line {} is written differently now",
            entry.seq
        );
    }
}

#[test]
fn a_day_stored_in_the_first_format_replays_to_the_same_queue() {
    let day = RotationDay::replay(&logged());

    // After absences, skips, a reorder and a rejection, the queue is where the log left it.
    assert_eq!(day.queue(), [3, 1, 4, 2].map(StaffId));
    let next = day.next_up().expect("four are free");
    assert_eq!((next.salesperson, next.via), (StaffId(3), Via::Order));
    assert!(
        day.member(StaffId(3)).unwrap().placed_by == Some(Seq(34)),
        "3 went to the back when helping 5 on a make-up turn"
    );

    // 5 checked out; their standing stays in the day.
    assert!(!day.member(StaffId(5)).unwrap().checked_in);
    assert_eq!(day.order().len(), 4);

    // Every make-up earned was served or forfeited.
    assert!(day.make_ups().is_empty());

    // One walk-in is being received now, by 2, on a normal turn.
    let open: Vec<_> = day.receptions().collect();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].seq, Seq(55));
    assert_eq!(open[0].salesperson, StaffId(2));
    assert_eq!(open[0].kind, ReceptionKind::Rotation);

    // Counts: 1 took two new customers on a turn and was fined once; 4's turns were void
    // (rejected, then ended void) and count for nothing new.
    let one = day.member(StaffId(1)).unwrap();
    assert_eq!((one.counted_new, one.other, one.violations), (2, 1, 1));
    let four = day.member(StaffId(4)).unwrap();
    assert_eq!((four.counted_new, four.other), (0, 1));
}

/// The tag of each event variant. No wildcard arm: a new variant does not compile here until
/// it is named, and then the coverage test wants a fixture line for it.
fn tag(event: &Event) -> &'static str {
    match event {
        Event::CheckedIn { .. } => "checked_in",
        Event::CheckedOut { .. } => "checked_out",
        Event::AvailabilitySet { .. } => "availability_set",
        Event::ReceptionStarted { .. } => "reception_started",
        Event::ReceptionEnded { .. } => "reception_ended",
        Event::TurnPassed { .. } => "turn_passed",
        Event::MakeUpEarned { .. } => "make_up_earned",
        Event::MakeUpForfeited { .. } => "make_up_forfeited",
        Event::Reordered { .. } => "reordered",
        Event::Rejected { .. } => "rejected",
        Event::Violation { .. } => "violation",
    }
}

/// Every value of the enums an event carries, with the field it sits in (`Break` is both an
/// availability and a pass cause). Each list is guarded by a wildcard-free match, so a new
/// value does not compile until it is listed here.
fn every_value() -> Vec<(&'static str, String)> {
    let outcomes = [
        Outcome::NewCustomer,
        Outcome::OwnOldCustomer,
        Outcome::ColleagueOldCustomer,
        Outcome::HelpedColleague,
        Outcome::PublicAfterAll,
        Outcome::Void,
    ];
    let reasons = [
        MakeUpReason::OwnOldCustomer,
        MakeUpReason::ColleagueOldCustomer,
        MakeUpReason::HelpedColleague,
        MakeUpReason::PublicAfterAll,
        MakeUpReason::AssignedWork,
        MakeUpReason::VoidTurn,
    ];
    let availabilities = [
        Availability::Available,
        Availability::AwayAssigned,
        Availability::Break,
        Availability::Leave,
    ];
    let kinds = [
        ReceptionKind::Rotation,
        ReceptionKind::MakeUp,
        ReceptionKind::Designated,
        ReceptionKind::Returning,
        ReceptionKind::Helping(StaffId(0)),
        ReceptionKind::Public,
    ];
    let causes = [
        PassCause::Absent,
        PassCause::AssignedWork,
        PassCause::Break,
        PassCause::Leave,
        PassCause::Designated,
    ];
    for o in outcomes {
        match o {
            Outcome::NewCustomer
            | Outcome::OwnOldCustomer
            | Outcome::ColleagueOldCustomer
            | Outcome::HelpedColleague
            | Outcome::PublicAfterAll
            | Outcome::Void => {}
        }
    }
    for r in reasons {
        match r {
            MakeUpReason::OwnOldCustomer
            | MakeUpReason::ColleagueOldCustomer
            | MakeUpReason::HelpedColleague
            | MakeUpReason::PublicAfterAll
            | MakeUpReason::AssignedWork
            | MakeUpReason::VoidTurn => {}
        }
    }
    for a in availabilities {
        match a {
            Availability::Available
            | Availability::AwayAssigned
            | Availability::Break
            | Availability::Leave => {}
        }
    }
    for k in kinds {
        match k {
            ReceptionKind::Rotation
            | ReceptionKind::MakeUp
            | ReceptionKind::Designated
            | ReceptionKind::Returning
            | ReceptionKind::Helping(_)
            | ReceptionKind::Public => {}
        }
    }
    for c in causes {
        match c {
            PassCause::Absent
            | PassCause::AssignedWork
            | PassCause::Break
            | PassCause::Leave
            | PassCause::Designated => {}
        }
    }
    let mut all = Vec::new();
    all.extend(outcomes.iter().map(|v| ("outcome", name(v))));
    all.extend(reasons.iter().map(|v| ("reason", name(v))));
    all.extend(availabilities.iter().map(|v| ("availability", name(v))));
    all.extend(kinds.iter().map(|v| ("kind", name(v))));
    all.extend(causes.iter().map(|v| ("cause", name(v))));
    all
}

/// A value's variant name: `Helping(5)` and `Helping(0)` are the same value here.
fn name(value: &dyn std::fmt::Debug) -> String {
    let debug = format!("{value:?}");
    debug.split('(').next().unwrap_or_default().to_owned()
}

/// The enum value one event carries, if any, named as `every_value` names it.
fn value(event: &Event) -> Option<(&'static str, String)> {
    match event {
        Event::AvailabilitySet { availability, .. } => Some(("availability", name(availability))),
        Event::ReceptionStarted { kind, .. } => Some(("kind", name(kind))),
        Event::ReceptionEnded { outcome, .. } => Some(("outcome", name(outcome))),
        Event::TurnPassed { cause, .. } => Some(("cause", name(cause))),
        Event::MakeUpEarned { reason, .. } => Some(("reason", name(reason))),
        _ => None,
    }
}

#[test]
fn the_fixture_holds_every_event_variant_and_every_value_they_carry() {
    let log = logged();
    let tags: BTreeSet<&str> = log.iter().map(|l| tag(&l.event)).collect();
    assert_eq!(tags.len(), 11, "missing event variants; have {tags:?}");

    let seen: BTreeSet<(&str, String)> = log.iter().filter_map(|l| value(&l.event)).collect();
    for (field, value) in every_value() {
        assert!(
            seen.contains(&(field, value.clone())),
            "no fixture line has {field} {value}"
        );
    }

    // Assigned work records who approved it; every other availability change omits the field.
    assert!(FIXTURE.contains(r#""availability":"away_assigned","approved_by":9}"#));
    assert!(
        FIXTURE.contains(r#"{"type":"availability_set","salesperson":4,"availability":"break"}"#)
    );
}

/// Fields added since the first format (issue 7) are optional and written only when set, so a
/// line of the first format reads as it always meant and writes back unchanged (above).
#[test]
fn a_make_up_reception_now_keeps_the_holders_place_and_one_in_the_first_format_replays_as_written()
{
    // Line 11: 2 served a make-up in the first format, which sent the holder to the back.
    let old: Event = serde_json::from_str(FIXTURE.lines().nth(10).unwrap()).unwrap();
    assert!(matches!(
        old,
        Event::ReceptionStarted {
            kind: ReceptionKind::MakeUp,
            keeps_place: false,
            named: false,
            ..
        }
    ));
    let now = Event::ReceptionStarted {
        salesperson: StaffId(2),
        kind: ReceptionKind::MakeUp,
        uses_turn: true,
        make_up: Some(Seq(10)),
        keeps_place: true,
        named: false,
    };
    let json = serde_json::to_string(&now).unwrap();
    assert_eq!(
        json,
        r#"{"type":"reception_started","salesperson":2,"kind":{"kind":"make_up"},"uses_turn":true,"make_up":10,"keeps_place":true}"#
    );
    assert_eq!(serde_json::from_str::<Event>(&json).unwrap(), now);

    // A helper for a customer who named an absent salesperson (ROT-7).
    let named = Event::ReceptionStarted {
        salesperson: StaffId(3),
        kind: ReceptionKind::Helping(StaffId(5)),
        uses_turn: false,
        make_up: None,
        keeps_place: false,
        named: true,
    };
    let json = serde_json::to_string(&named).unwrap();
    assert_eq!(
        json,
        r#"{"type":"reception_started","salesperson":3,"kind":{"kind":"helping","owner":5},"uses_turn":false,"make_up":null,"named":true}"#
    );
    assert_eq!(serde_json::from_str::<Event>(&json).unwrap(), named);
}
