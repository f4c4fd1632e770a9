//! Domain tests of the handover, by rule: the log (HND-1), reading (HND-2), questions and
//! the checklist (HND-3), refusal (HND-4), completion (HND-5), the shifts, and every refused
//! step of the state machine.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

use super::*;
use crate::domain::complaint::ComplaintId;
use crate::domain::staff::StaffId;
use crate::domain::text::TextError;

const OUT: StaffId = StaffId(2);
const IN: StaffId = StaffId(3);
const OTHER: StaffId = StaffId(4);

fn t(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

fn local(d: u32, h: u32, m: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, d)
        .unwrap()
        .and_time(t(h, m))
}

fn shift(name: &str, start: NaiveTime, end: NaiveTime) -> Shift {
    Shift {
        name: name.into(),
        start,
        end,
    }
}

fn office_checklist() -> Vec<String> {
    default_checklist()
}

fn all_ticked() -> Vec<CheckedItem> {
    office_checklist()
        .into_iter()
        .map(|item| CheckedItem {
            item,
            ticked: true,
            note: String::new(),
        })
        .collect()
}

fn complaint_item() -> HandoverItem {
    HandoverItem::Complaint {
        id: ComplaintId(12),
        summary: "楼上漏水".into(),
        unit: "3-2-1203".into(),
        due: NaiveDate::from_ymd_opt(2026, 11, 23),
        overdue: false,
    }
}

fn submit() -> HandoverEvent {
    HandoverEvent::Submit {
        outgoing: OUT,
        log: vec![LogEntryId(1), LogEntryId(2)],
        items: vec![complaint_item()],
        checklist: all_ticked(),
    }
}

fn submitted() -> HandoverState {
    HandoverState::submit(&office_checklist(), &submit()).unwrap()
}

fn read_all(state: &mut HandoverState, by: StaffId) {
    for key in state.keys() {
        state.apply(&HandoverEvent::Read { by, key }).unwrap();
    }
}

// ---- Shifts ----

#[test]
fn the_default_shifts_cover_the_day_and_the_middle_shift_ends_at_midnight() {
    let shifts = Shifts::default();
    let now = shifts.current(local(22, 9, 30)).unwrap();
    assert_eq!(now.shift.name, "早班");
    assert_eq!((now.start, now.end), (local(22, 8, 0), local(22, 16, 0)));
    let evening = shifts.current(local(22, 23, 59)).unwrap();
    assert_eq!(evening.shift.name, "中班");
    assert_eq!(evening.end, local(23, 0, 0));
    let night = shifts.current(local(23, 0, 0)).unwrap();
    assert_eq!(night.shift.name, "夜班");
    assert_eq!(night.start, local(23, 0, 0));
}

#[test]
fn a_shift_past_midnight_is_found_on_the_day_after_it_started() {
    let shifts = Shifts::new(vec![
        shift("白班", t(8, 0), t(20, 0)),
        shift("夜班", t(20, 0), t(8, 0)),
    ])
    .unwrap();
    let night = shifts.current(local(23, 3, 0)).unwrap();
    assert_eq!(night.shift.name, "夜班");
    assert_eq!(
        (night.start, night.end),
        (local(22, 20, 0), local(23, 8, 0))
    );
}

#[test]
fn a_handover_early_in_a_shift_hands_over_the_one_just_ended() {
    let shifts = Shifts::default();
    assert_eq!(
        shifts.handed_over(local(22, 16, 5)).unwrap().shift.name,
        "早班"
    );
    assert_eq!(
        shifts.handed_over(local(22, 17, 30)).unwrap().shift.name,
        "早班"
    );
    assert_eq!(
        shifts.handed_over(local(22, 10, 0)).unwrap().shift.name,
        "早班"
    );
    assert_eq!(
        shifts.handed_over(local(22, 18, 0)).unwrap().shift.name,
        "中班"
    );
    assert_eq!(
        shifts.handed_over(local(22, 15, 50)).unwrap().shift.name,
        "早班"
    );
    assert_eq!(
        shifts.handed_over(local(22, 21, 0)).unwrap().shift.name,
        "中班"
    );
    let day_only = Shifts::new(vec![shift("日班", t(9, 0), t(18, 0))]).unwrap();
    let late = day_only.handed_over(local(22, 19, 0)).unwrap();
    assert_eq!(
        (late.shift.name.as_str(), late.end),
        ("日班", local(22, 18, 0))
    );
}

#[test]
fn a_gap_between_shifts_has_no_current_shift() {
    let shifts = Shifts::new(vec![shift("日班", t(9, 0), t(18, 0))]).unwrap();
    assert_eq!(shifts.current(local(22, 20, 0)), None);
    assert_eq!(
        shifts.current(local(22, 18, 0)),
        None,
        "the end is not in it"
    );
    assert!(shifts.current(local(22, 9, 0)).is_some());
}

#[test]
fn overlapping_or_duplicate_or_nameless_shifts_are_refused_by_name() {
    assert_eq!(
        Shifts::new(vec![
            shift("早班", t(8, 0), t(16, 0)),
            shift("中班", t(15, 0), t(23, 0)),
        ]),
        Err(ShiftError::Overlap("早班".into(), "中班".into()))
    );
    // A shift past midnight overlapping the morning one.
    assert!(matches!(
        Shifts::new(vec![
            shift("早班", t(7, 0), t(16, 0)),
            shift("夜班", t(23, 0), t(8, 0)),
        ]),
        Err(ShiftError::Overlap(..))
    ));
    assert_eq!(
        Shifts::new(vec![
            shift("早班", t(8, 0), t(12, 0)),
            shift("早班", t(12, 0), t(16, 0)),
        ]),
        Err(ShiftError::Duplicate("早班".into()))
    );
    assert_eq!(
        Shifts::new(vec![shift(" \u{1b}[1m", t(8, 0), t(12, 0))]),
        Err(ShiftError::Name(String::new()))
    );
    assert_eq!(Shifts::new(vec![]), Err(ShiftError::None));
}

#[test]
fn shifts_read_back_what_they_wrote_and_24_00_is_midnight() {
    let shifts = Shifts::default();
    assert_eq!(Shifts::from_text(&shifts.to_text()), Ok(shifts.clone()));
    assert_eq!(
        Shifts::from_text("早班 08:00-16:00\n中班 16:00-24:00\n夜班 00:00-08:00"),
        Ok(shifts)
    );
    assert_eq!(
        Shifts::from_text("早班 8点"),
        Err(ShiftError::Line("早班 8点".into()))
    );
}

#[test]
fn default_items_and_shift_names_have_english_for_the_ui_and_the_office_s_own_do_not() {
    assert_eq!(default_english("对讲机"), Some("radio"));
    assert_eq!(default_english("夜班"), Some("Night"));
    assert_eq!(default_english("保险柜"), None);
}

// ---- The log (HND-1) ----

#[test]
fn hnd_1_a_log_entry_is_cleaned_and_its_tags_are_kept_once() {
    let draft = validate_log_entry(&LogEntryForm {
        priority: Priority::Urgent,
        tags: split_tags("维修, 电梯，维修 \u{1b}[31m"),
        text: "3号电梯\u{1b}[31m异响,已报工程部".into(),
    })
    .unwrap();
    assert_eq!(draft.tags, ["维修", "电梯"]);
    assert_eq!(draft.text, "3号电梯异响,已报工程部");
    assert_eq!(draft.priority, Priority::Urgent);
}

#[test]
fn hnd_1_an_empty_or_overlong_entry_or_too_many_tags_is_refused_naming_the_field() {
    let form = |text: &str, tags: &[&str]| LogEntryForm {
        priority: Priority::Normal,
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        text: text.into(),
    };
    assert_eq!(
        validate_log_entry(&form("  ", &[])).unwrap_err().field,
        LogField::Text
    );
    assert_eq!(
        validate_log_entry(&form(&"字".repeat(501), &[])).unwrap_err(),
        LogEntryError {
            field: LogField::Text,
            problem: LogProblem::Text(TextError::TooLong(500))
        }
    );
    assert_eq!(
        validate_log_entry(&form("好", &["a", "b", "c", "d", "e", "f"])).unwrap_err(),
        LogEntryError {
            field: LogField::Tags,
            problem: LogProblem::TooManyTags
        }
    );
    let long = "标".repeat(21);
    assert_eq!(
        validate_log_entry(&form("好", &[&long])).unwrap_err().field,
        LogField::Tags
    );
    assert_eq!(validate_reason("").unwrap_err().field, LogField::Reason);
}

#[test]
fn hnd_1_a_corrected_entry_reads_as_its_latest_correction() {
    let at = Utc.with_ymd_and_hms(2026, 11, 22, 2, 0, 0).unwrap();
    let entry = |id, corrects: Option<i64>, text: &str| LogEntry {
        id: LogEntryId(id),
        at,
        by: OUT,
        priority: Priority::Normal,
        tags: vec![],
        text: text.into(),
        corrects: corrects.map(LogEntryId),
        reason: corrects.map(|_| "写错了".into()),
    };
    let log = [
        entry(1, None, "钥匙 5 把"),
        entry(2, None, "访客证 20 张"),
        entry(3, Some(1), "钥匙 6 把"),
        entry(4, Some(1), "钥匙 7 把"),
    ];
    let shown = as_corrected(&log);
    assert_eq!(shown.len(), 2);
    assert_eq!(shown[0].1.map(|e| e.text.as_str()), Some("钥匙 7 把"));
    assert_eq!(shown[1].1, None);
}

// ---- The checklist (HND-3) ----

#[test]
fn hnd_3_submitting_without_a_checklist_is_refused() {
    let event = HandoverEvent::Submit {
        outgoing: OUT,
        log: vec![],
        items: vec![],
        checklist: vec![],
    };
    assert_eq!(
        HandoverState::submit(&office_checklist(), &event),
        Err(HandoverRefusal::NoChecklist)
    );
}

#[test]
fn hnd_3_every_item_is_ticked_or_explained_in_a_note() {
    let mut checklist = all_ticked();
    checklist[2].ticked = false;
    assert_eq!(
        check_checklist(&office_checklist(), &checklist),
        Err(HandoverRefusal::ChecklistUnchecked("对讲机".into()))
    );
    checklist[2].note = "送修,备用机在柜中".into();
    assert_eq!(check_checklist(&office_checklist(), &checklist), Ok(()));
}

#[test]
fn hnd_3_an_item_left_out_or_not_the_office_s_is_refused_by_name() {
    let mut checklist = all_ticked();
    checklist.pop();
    assert_eq!(
        check_checklist(&office_checklist(), &checklist),
        Err(HandoverRefusal::ChecklistMissing("未结事项".into()))
    );
    checklist.push(CheckedItem {
        item: "保险柜".into(),
        ticked: true,
        note: String::new(),
    });
    assert_eq!(
        check_checklist(&office_checklist(), &checklist),
        Err(HandoverRefusal::ChecklistUnknown("保险柜".into()))
    );
}

// ---- Reading (HND-2) ----

#[test]
fn hnd_2_accepting_with_an_unread_item_is_refused_naming_it() {
    let mut state = submitted();
    state
        .apply(&HandoverEvent::Read {
            by: IN,
            key: "complaint:12".into(),
        })
        .unwrap();
    assert_eq!(
        state.check(&HandoverEvent::Accept { by: IN }),
        Err(HandoverRefusal::Unread(vec![
            "log:1".into(),
            "log:2".into()
        ]))
    );
}

#[test]
fn hnd_2_reads_are_each_readers_own() {
    let mut state = submitted();
    read_all(&mut state, IN);
    assert!(state.unread(IN).is_empty());
    assert_eq!(state.unread(OTHER).len(), 3);
    assert!(matches!(
        state.check(&HandoverEvent::Accept { by: OTHER }),
        Err(HandoverRefusal::Unread(_))
    ));
    assert_eq!(state.check(&HandoverEvent::Accept { by: IN }), Ok(()));
}

#[test]
fn hnd_2_reading_a_key_not_in_the_handover_or_reading_twice() {
    let mut state = submitted();
    assert_eq!(
        state.check(&HandoverEvent::Read {
            by: IN,
            key: "complaint:99".into()
        }),
        Err(HandoverRefusal::UnknownKey("complaint:99".into()))
    );
    let read = HandoverEvent::Read {
        by: IN,
        key: "log:1".into(),
    };
    state.apply(&read).unwrap();
    assert_eq!(state.check(&read), Ok(()), "reading again changes nothing");
}

// ---- Questions (HND-3, HND-5) ----

#[test]
fn hnd_5_an_open_question_blocks_acceptance_until_the_outgoing_answers() {
    let mut state = submitted();
    read_all(&mut state, IN);
    state
        .apply(&HandoverEvent::Ask {
            by: IN,
            text: "3号电梯修好了吗?".into(),
        })
        .unwrap();
    assert_eq!(state.open_questions(), [0]);
    assert_eq!(
        state.check(&HandoverEvent::Accept { by: IN }),
        Err(HandoverRefusal::OpenQuestion(0))
    );
    state
        .apply(&HandoverEvent::Answer {
            by: OUT,
            question: 0,
            text: "工程部明早来修".into(),
        })
        .unwrap();
    assert!(state.open_questions().is_empty());
    state.apply(&HandoverEvent::Accept { by: IN }).unwrap();
    assert_eq!(state.stage(), Stage::Accepted);
    assert!(state.is_complete());
    assert_eq!(state.decided_by(), Some(IN));
}

#[test]
fn hnd_3_only_the_outgoing_answers_once_each_an_existing_question() {
    let mut state = submitted();
    state
        .apply(&HandoverEvent::Ask {
            by: IN,
            text: "钥匙几把?".into(),
        })
        .unwrap();
    let answer = |by, question| HandoverEvent::Answer {
        by,
        question,
        text: "六把".into(),
    };
    assert_eq!(
        state.check(&answer(IN, 0)),
        Err(HandoverRefusal::OnlyOutgoingAnswers)
    );
    assert_eq!(
        state.check(&answer(OUT, 1)),
        Err(HandoverRefusal::NoSuchQuestion(1))
    );
    state.apply(&answer(OUT, 0)).unwrap();
    assert_eq!(
        state.check(&answer(OUT, 0)),
        Err(HandoverRefusal::AlreadyAnswered(0))
    );
    assert_eq!(
        state.check(&HandoverEvent::Ask {
            by: OUT,
            text: "?".into()
        }),
        Err(HandoverRefusal::OwnHandover)
    );
    assert_eq!(
        state.check(&HandoverEvent::Ask {
            by: IN,
            text: String::new()
        }),
        Err(HandoverRefusal::Text {
            field: HandoverField::Question,
            problem: TextError::Empty
        })
    );
}

// ---- Accepting and refusing (HND-4) ----

#[test]
fn hnd_4_the_incoming_may_refuse_with_a_reason_even_unread() {
    let mut state = submitted();
    assert_eq!(
        state.check(&HandoverEvent::Refuse {
            by: IN,
            reason: String::new()
        }),
        Err(HandoverRefusal::Text {
            field: HandoverField::Reason,
            problem: TextError::Empty
        })
    );
    state
        .apply(&HandoverEvent::Refuse {
            by: IN,
            reason: "对讲机不见了,交班人说不清".into(),
        })
        .unwrap();
    assert_eq!(state.stage(), Stage::Refused);
    assert_eq!(state.refusal(), Some("对讲机不见了,交班人说不清"));
    assert!(!state.is_complete());
}

#[test]
fn hnd_4_the_outgoing_cannot_accept_refuse_or_read_their_own_handover() {
    let state = submitted();
    for event in [
        HandoverEvent::Accept { by: OUT },
        HandoverEvent::Refuse {
            by: OUT,
            reason: "x".into(),
        },
        HandoverEvent::Read {
            by: OUT,
            key: "log:1".into(),
        },
    ] {
        assert_eq!(state.check(&event), Err(HandoverRefusal::OwnHandover));
    }
}

#[test]
fn nothing_follows_an_acceptance_or_a_refusal_and_a_second_acceptor_is_told_who() {
    let mut state = submitted();
    read_all(&mut state, IN);
    read_all(&mut state, OTHER);
    state.apply(&HandoverEvent::Accept { by: IN }).unwrap();
    for event in [
        HandoverEvent::Accept { by: OTHER },
        HandoverEvent::Refuse {
            by: OTHER,
            reason: "x".into(),
        },
        HandoverEvent::Ask {
            by: OTHER,
            text: "?".into(),
        },
        HandoverEvent::Read {
            by: OTHER,
            key: "log:1".into(),
        },
    ] {
        assert_eq!(
            state.check(&event),
            Err(HandoverRefusal::AlreadyAccepted { by: IN })
        );
    }
    let mut refused = submitted();
    refused
        .apply(&HandoverEvent::Refuse {
            by: IN,
            reason: "说不清".into(),
        })
        .unwrap();
    assert_eq!(
        refused.check(&HandoverEvent::Accept { by: OTHER }),
        Err(HandoverRefusal::AlreadyRefused { by: IN })
    );
}

#[test]
fn a_second_submit_is_refused_and_a_replay_must_start_with_one() {
    let state = submitted();
    assert_eq!(
        state.check(&submit()),
        Err(HandoverRefusal::AlreadySubmitted)
    );
    let events = [HandoverEvent::Accept { by: IN }];
    assert_eq!(
        HandoverState::replay(&events).unwrap_err().refusal,
        HandoverRefusal::NotSubmitted
    );
}

#[test]
fn a_replay_folds_the_events_and_names_one_that_does_not_fit() {
    let events = vec![
        submit(),
        HandoverEvent::Read {
            by: IN,
            key: "log:1".into(),
        },
        HandoverEvent::Accept { by: IN },
    ];
    let err = HandoverState::replay(&events).unwrap_err();
    assert_eq!(err.index, 2);
    assert!(matches!(err.refusal, HandoverRefusal::Unread(_)));
}

#[test]
fn the_keys_are_stable_and_name_the_record() {
    assert_eq!(complaint_item().key(), "complaint:12");
    let conflict = HandoverItem::OwnershipConflict {
        customer: "张伟".into(),
        salespeople: vec![StaffId(5), StaffId(6)],
        registrations: vec![(RegisterRef::Visit, 9), (RegisterRef::Call, 3)],
    };
    assert_eq!(conflict.key(), "conflict:visit:9");
    assert_eq!(
        HandoverItem::MakeUpOwed {
            salesperson: StaffId(5),
            count: 2
        }
        .key(),
        "make_up:5"
    );
    // The snapshot reads back as written.
    let json = serde_json::to_string(&vec![complaint_item(), conflict.clone()]).unwrap();
    let back: Vec<HandoverItem> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, vec![complaint_item(), conflict]);
}
