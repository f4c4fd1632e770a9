//! Tests of the complaint lifecycle, by rule: CMP-5 deadlines per round, CMP-7 order,
//! CMP-8 the unsatisfied follow-up, CMP-10 the head's signature.

use chrono::{Duration, NaiveDate, TimeZone};
use strum::IntoEnumIterator;

use super::*;

fn t0() -> DateTime<Utc> {
    // 10:00 on Monday 23 Nov 2026 in Shanghai.
    Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap()
}

fn tz() -> Tz {
    "Asia/Shanghai".parse().unwrap()
}

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

fn entry(hours: i64, event: ComplaintEvent) -> ComplaintEntry {
    ComplaintEntry {
        at: t0() + Duration::hours(hours),
        by: StaffId(2),
        approver: None,
        event,
    }
}

fn determine(nature: Nature) -> ComplaintEvent {
    ComplaintEvent::DetermineNature {
        nature,
        category: Category::Water,
        department: "工程部".into(),
    }
}

fn text(kind: &str) -> ComplaintEvent {
    let t = format!("{kind} text");
    match kind {
        "investigate" => ComplaintEvent::Investigate { cause: t },
        "assign" => ComplaintEvent::Assign {
            person: "张工".into(),
        },
        "propose" => ComplaintEvent::ProposeSolution { text: t },
        "sign" => ComplaintEvent::HeadSigns {
            head: "李经理".into(),
        },
        "reply" => ComplaintEvent::Reply { text: t },
        "evaluate" => ComplaintEvent::Evaluate { text: t },
        "note" => ComplaintEvent::Note { text: t },
        other => panic!("{other}"),
    }
}

fn follow_up(satisfied: bool) -> ComplaintEvent {
    ComplaintEvent::FollowUp {
        satisfied,
        remarks: String::new(),
    }
}

/// Recorded and handled up to the reply (not included), one hour a step.
fn handled(nature: Nature) -> Vec<ComplaintEntry> {
    vec![
        entry(1, determine(nature)),
        entry(2, text("investigate")),
        entry(3, text("assign")),
        entry(4, text("propose")),
        entry(5, text("sign")),
    ]
}

fn replay(events: &[ComplaintEntry]) -> ComplaintState {
    ComplaintState::replay(t0(), false, events).unwrap()
}

#[test]
fn cmp_7_a_complaint_walks_every_step_in_order_and_closes_at_the_evaluation() {
    let mut events = handled(Nature::General);
    let mut state = ComplaintState::new(t0(), false);
    let mut seen = vec![(state.step(), state.next_step())];
    for e in &events {
        state.apply(e.at, &e.event).unwrap();
        seen.push((state.step(), state.next_step()));
    }
    events.extend([
        entry(6, text("reply")),
        entry(30, follow_up(true)),
        entry(31, text("evaluate")),
    ]);
    let state = replay(&events);
    assert_eq!(
        seen,
        [
            (Step::Recorded, Some(NextStep::DetermineNature)),
            (Step::NatureDetermined, Some(NextStep::Investigate)),
            (Step::Investigated, Some(NextStep::Assign)),
            (Step::Assigned, Some(NextStep::ProposeSolution)),
            (Step::SolutionProposed, Some(NextStep::HeadSigns)),
            (Step::SolutionProposed, Some(NextStep::Reply)),
        ]
    );
    assert_eq!(state.step(), Step::Evaluated);
    assert!(state.is_closed());
    assert_eq!(state.next_step(), None);
    assert_eq!(state.round(), 1);
    assert_eq!(state.category(), Some(Category::Water));
    assert_eq!(state.assigned(), Some("张工"));
}

#[test]
fn cmp_7_out_of_order_steps_are_refused_naming_what_comes_next() {
    let fresh = ComplaintState::new(t0(), false);
    assert_eq!(
        fresh.check(&text("assign")),
        Err(LifecycleRefusal::OutOfOrder {
            expected: Some(NextStep::DetermineNature),
            got: EventKind::Assign
        })
    );
    assert_eq!(
        fresh.check(&text("evaluate")),
        Err(LifecycleRefusal::OutOfOrder {
            expected: Some(NextStep::DetermineNature),
            got: EventKind::Evaluate
        })
    );
    assert_eq!(
        fresh.check(&follow_up(true)),
        Err(LifecycleRefusal::NotReplied),
        "a follow-up on a complaint not yet replied"
    );
    let determined = replay(&handled(Nature::Major)[..1]);
    assert!(matches!(
        determined.check(&determine(Nature::General)),
        Err(LifecycleRefusal::OutOfOrder { .. })
    ));
    // A replay with a step out of order is a damaged record, named by its index.
    let bad = ComplaintState::replay(t0(), false, &[entry(1, text("reply"))]);
    assert_eq!(bad.unwrap_err().index, 0);
}

#[test]
fn cmp_10_the_reply_waits_for_the_heads_signature_given_once_a_round() {
    let events = handled(Nature::General);
    let unsigned = replay(&events[..4]);
    assert_eq!(
        unsigned.check(&text("reply")),
        Err(LifecycleRefusal::HeadNotSigned)
    );
    let signed = replay(&events);
    assert_eq!(signed.head_signed(), Some("李经理"));
    assert_eq!(
        signed.check(&text("sign")),
        Err(LifecycleRefusal::AlreadySigned)
    );
    assert_eq!(signed.check(&text("reply")), Ok(()));
    // Not before the solution either.
    assert!(matches!(
        replay(&events[..3]).check(&text("sign")),
        Err(LifecycleRefusal::OutOfOrder { .. })
    ));
}

#[test]
fn cmp_8_an_unsatisfied_follow_up_opens_a_new_round_with_its_own_deadline() {
    let mut events = handled(Nature::Major);
    events.push(entry(6, text("reply")));
    // Followed up on Thursday 26 Nov, 10:00: not satisfied.
    events.push(entry(72, follow_up(false)));
    let state = replay(&events);
    assert_eq!(state.round(), 2);
    assert_eq!(state.step(), Step::NatureDetermined);
    assert_eq!(state.next_step(), Some(NextStep::Investigate));
    assert_eq!(state.head_signed(), None, "the head signs again");
    assert_eq!(state.nature(), Some(Nature::Major), "the nature stays");
    assert!(!state.is_closed());
    let cal = WorkCalendar::new();
    // Three working days from Thursday: Fri 27, Mon 30, Tue 1 Dec.
    assert_eq!(state.due(&cal, tz()), Some(d(12, 1)));
    assert_eq!(
        state.check(&text("reply")),
        Err(LifecycleRefusal::OutOfOrder {
            expected: Some(NextStep::Investigate),
            got: EventKind::Reply
        })
    );
    // Handled again, replied, and this time satisfied.
    let hours = [73, 74, 75, 76, 77, 78, 100];
    let again = [
        text("investigate"),
        text("assign"),
        text("propose"),
        text("sign"),
        text("reply"),
        follow_up(true),
    ];
    for (h, e) in hours.iter().zip(again) {
        events.push(entry(*h, e));
    }
    let state = replay(&events);
    assert_eq!((state.round(), state.step()), (2, Step::FollowedUp));
    assert_eq!(state.last_follow_up().map(|f| f.1), Some(true));
}

#[test]
fn cmp_5_the_deadline_is_general_until_the_nature_is_known_then_the_natures() {
    let cal = WorkCalendar::new();
    let fresh = ComplaintState::new(t0(), false);
    assert_eq!(fresh.due(&cal, tz()), Some(d(11, 24)));
    let major = replay(&handled(Nature::Major)[..1]);
    assert_eq!(major.due(&cal, tz()), Some(d(11, 26)));
    let serious = replay(&[entry(1, determine(Nature::Serious))]);
    assert_eq!(serious.due(&cal, tz()), Some(d(11, 26)));
    for n in Nature::iter() {
        assert!(n.working_days() >= 1 && n.working_days() <= MAX_WORKING_DAYS);
    }
}

#[test]
fn cmp_5_an_extension_lengthens_a_major_complaint_up_to_seven_working_days() {
    let cal = WorkCalendar::new();
    let mut events = vec![entry(1, determine(Nature::Major))];
    let state = replay(&events);
    let extend = |n| ComplaintEvent::ExtendDeadline { working_days: n };
    assert_eq!(
        state.check(&extend(5)),
        Err(LifecycleRefusal::ExtensionTooLong { asked: 8 })
    );
    assert_eq!(state.check(&extend(0)), Err(LifecycleRefusal::NoDays));
    events.push(entry(2, extend(2)));
    events.push(entry(3, extend(2)));
    let state = replay(&events);
    assert_eq!(state.deadline().unwrap().working_days(), 7);
    // Seven working days from Monday 23 Nov: Wednesday 2 Dec.
    assert_eq!(state.due(&cal, tz()), Some(d(12, 2)));
    assert_eq!(
        state.check(&extend(1)),
        Err(LifecycleRefusal::ExtensionTooLong { asked: 8 })
    );
}

#[test]
fn cmp_5_no_extension_for_a_general_or_undetermined_complaint_or_after_the_reply() {
    let extend = ComplaintEvent::ExtendDeadline { working_days: 1 };
    assert_eq!(
        ComplaintState::new(t0(), false).check(&extend),
        Err(LifecycleRefusal::NatureNotDetermined)
    );
    assert_eq!(
        replay(&[entry(1, determine(Nature::General))]).check(&extend),
        Err(LifecycleRefusal::GeneralNotExtended)
    );
    let mut events = handled(Nature::Major);
    events.push(entry(6, text("reply")));
    assert_eq!(
        replay(&events).check(&extend),
        Err(LifecycleRefusal::AlreadyReplied)
    );
}

#[test]
fn a_complaint_answered_on_the_spot_is_closed_at_once_but_takes_notes() {
    let state = ComplaintState::new(t0(), true);
    assert_eq!(state.step(), Step::AnsweredOnSpot);
    assert!(state.is_closed());
    assert_eq!(state.deadline(), None);
    assert_eq!(
        state.check(&determine(Nature::General)),
        Err(LifecycleRefusal::Closed)
    );
    assert_eq!(state.check(&text("note")), Ok(()));
    let evaluated = {
        let mut e = handled(Nature::General);
        e.extend([
            entry(6, text("reply")),
            entry(7, follow_up(true)),
            entry(8, text("evaluate")),
        ]);
        replay(&e)
    };
    assert_eq!(
        evaluated.check(&follow_up(true)),
        Err(LifecycleRefusal::Closed)
    );
    assert_eq!(evaluated.check(&text("note")), Ok(()));
}

#[test]
fn empty_or_overlong_step_text_is_refused_naming_the_field() {
    let state = ComplaintState::new(t0(), false);
    let blank = ComplaintEvent::DetermineNature {
        nature: Nature::General,
        category: Category::Other,
        department: " \u{1b}[1m ".into(),
    };
    assert_eq!(
        state.check(&blank),
        Err(LifecycleRefusal::Text {
            field: EventField::Department,
            problem: TextError::Empty
        })
    );
    let long = ComplaintEvent::Note {
        text: "长".repeat(STEP_TEXT_MAX_CHARS + 1),
    };
    assert!(matches!(
        state.check(&long),
        Err(LifecycleRefusal::Text {
            field: EventField::Note,
            ..
        })
    ));
    // Remarks of a follow-up may be empty.
    assert_eq!(follow_up(true).text_problem(), None, "remarks are optional");
    assert_eq!(
        ComplaintEvent::Note {
            text: "a\u{7}b".into()
        }
        .cleaned(),
        ComplaintEvent::Note { text: "ab".into() }
    );
}

#[test]
fn events_are_stored_as_tagged_json_that_reads_back() {
    let e = determine(Nature::Malicious);
    let json = serde_json::to_string(&e).unwrap();
    assert_eq!(
        json,
        r#"{"kind":"determine_nature","nature":"malicious","category":"water","department":"工程部"}"#
    );
    assert_eq!(serde_json::from_str::<ComplaintEvent>(&json).unwrap(), e);
    for k in EventKind::iter() {
        assert_eq!(EventKind::from_key(k.key()), Some(k));
    }
    for s in Step::iter() {
        assert_eq!(Step::from_key(s.key()), Some(s));
    }
    for n in NextStep::iter() {
        assert_eq!(NextStep::from_key(n.key()), Some(n));
    }
}
