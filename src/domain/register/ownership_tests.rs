//! The ownership verdict by rule ID: REG-3 matching, REG-5 windows under each preset,
//! REG-6 conflicts, REG-9 calls, and near misses that never decide.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};

use super::*;
use crate::domain::register::{CustomerName, Phone, Plate};

const SHANGHAI: Tz = chrono_tz::Asia::Shanghai;
const WANG_FANG: StaffId = StaffId(1);
const LI_NA: StaffId = StaffId(2);

/// 10:00 in Shanghai on 2026-11-05 plus `days`; the check itself runs at 17:00.
fn day(days: i64) -> DateTime<Utc> {
    SHANGHAI
        .with_ymd_and_hms(2026, 11, 5, 10, 0, 0)
        .unwrap()
        .with_timezone(&Utc)
        + Duration::days(days)
}

fn evening(days: i64) -> DateTime<Utc> {
    day(days) + Duration::hours(7)
}

fn date(days: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 5).unwrap() + Duration::days(days)
}

fn who(name: &str, phone: &str, plate: &str) -> Identity {
    Identity {
        name: (!name.is_empty()).then(|| CustomerName::parse(name).unwrap()),
        phone: (!phone.is_empty()).then(|| Phone::parse(phone).unwrap()),
        plate: (!plate.is_empty()).then(|| Plate::parse(plate).unwrap()),
    }
}

fn visit(id: i64, salesperson: StaffId, at: DateTime<Utc>, identity: Identity) -> Earlier {
    Earlier {
        register: Register::Visit,
        id,
        salesperson,
        at,
        identity,
    }
}

fn call(id: i64, salesperson: StaffId, at: DateTime<Utc>, identity: Identity) -> Earlier {
    Earlier {
        register: Register::Call,
        ..visit(id, salesperson, at, identity)
    }
}

fn li_si() -> Identity {
    who("李四", "13800138000", "京A12345")
}

fn check_on(days: i64, earlier: &[Earlier], preset: &str) -> Ownership {
    check(
        &who("", "138 0013 8000", ""),
        earlier,
        evening(days),
        SHANGHAI,
        &Policy::preset(preset),
    )
}

#[test]
fn reg_5_registration_expires_after_the_policy_window() {
    let earlier = [visit(1, WANG_FANG, day(0), li_si())];
    for (preset, window) in [("004", 30), ("vanke", 30), ("rules-14", 60)] {
        let last_day = check_on(window, &earlier, preset);
        match &last_day.verdict {
            Verdict::Returning(claim) => {
                assert_eq!(claim.owner, WANG_FANG);
                assert_eq!(claim.days_ago, window);
                assert_eq!(claim.protected_until, date(window), "{preset}");
            }
            other => panic!("{preset}: day {window} is still protected, got {other:?}"),
        }
        assert_eq!(last_day.rules, ["REG-3", "REG-5", "REG-6"]);
        let next_day = check_on(window + 1, &earlier, preset);
        assert!(
            matches!(&next_day.verdict, Verdict::Expired { last, .. } if last.owner == WANG_FANG),
            "{preset}: day {} is a new customer again, got {:?}",
            window + 1,
            next_day.verdict
        );
        assert_eq!(next_day.verdict.owner(), None);
    }
}

#[test]
fn reg_5_under_004_the_original_registration_counts_for_an_unknowing_receiver_until_day_60() {
    let earlier = [visit(1, WANG_FANG, day(0), li_si())];
    for days in [31, 60] {
        let found = check_on(days, &earlier, "004");
        assert_eq!(
            found.verdict,
            Verdict::Expired {
                last: Claim {
                    owner: WANG_FANG,
                    first_registered_at: day(0),
                    registered_at: day(0),
                    days_ago: days,
                    protected_until: date(30),
                },
                unknowing_until: Some(date(60)),
            },
            "day {days}"
        );
        assert!(found.verdict.needs_supervisor());
        assert_eq!(found.rules, ["REG-3", "REG-5", "ATT-004-6"]);
    }
    let day_61 = check_on(61, &earlier, "004");
    assert!(matches!(
        day_61.verdict,
        Verdict::Expired {
            unknowing_until: None,
            ..
        }
    ));
    assert!(!day_61.verdict.needs_supervisor());
    // The other presets have no second window.
    for preset in ["vanke", "rules-14"] {
        let past = check_on(61, &earlier, preset);
        assert!(
            matches!(
                past.verdict,
                Verdict::Expired {
                    unknowing_until: None,
                    ..
                }
            ),
            "{preset}"
        );
    }
    assert!(matches!(
        check_on(31, &earlier, "vanke").verdict,
        Verdict::Expired {
            unknowing_until: None,
            ..
        }
    ));
}

#[test]
fn reg_5_days_are_office_calendar_days_so_late_evening_counts_as_that_day() {
    // Registered at 23:30 in Shanghai (15:30 UTC): still that local date.
    let late = SHANGHAI
        .with_ymd_and_hms(2026, 11, 5, 23, 30, 0)
        .unwrap()
        .with_timezone(&Utc);
    let earlier = [visit(1, WANG_FANG, late, li_si())];
    let found = check_on(30, &earlier, "vanke");
    assert!(
        matches!(&found.verdict, Verdict::Returning(c) if c.protected_until == date(30)),
        "{:?}",
        found.verdict
    );
}

#[test]
fn reg_6_earlier_registration_wins() {
    let earlier = [
        visit(2, LI_NA, day(5), who("李四", "13800138000", "")),
        visit(1, WANG_FANG, day(0), who("李四", "", "")),
    ];
    let found = check(
        &who("李四", "13800138000", ""),
        &earlier,
        evening(10),
        SHANGHAI,
        &Policy::preset("004"),
    );
    let Verdict::Conflict { holders } = &found.verdict else {
        panic!("two protected holders, got {:?}", found.verdict);
    };
    let owners: Vec<StaffId> = holders.iter().map(|c| c.owner).collect();
    assert_eq!(owners, [WANG_FANG, LI_NA], "the earlier first");
    assert_eq!(found.verdict.owner(), Some(WANG_FANG));
    assert!(found.verdict.needs_supervisor());
    assert_eq!(found.rules, ["REG-3", "REG-5", "REG-6"]);
    assert_eq!(
        found.matches.iter().map(|m| m.id).collect::<Vec<_>>(),
        [1, 2],
        "oldest first"
    );
}

#[test]
fn reg_6_a_holder_s_place_is_where_their_unbroken_run_of_registrations_began() {
    // 王芳 day 0 and day 25, 李娜 day 10; on day 35 王芳's first has lapsed but her run began
    // on day 0, before 李娜's.
    let earlier = [
        visit(1, WANG_FANG, day(0), li_si()),
        visit(2, LI_NA, day(10), li_si()),
        visit(3, WANG_FANG, day(25), li_si()),
    ];
    let found = check_on(35, &earlier, "vanke");
    let Verdict::Conflict { holders } = &found.verdict else {
        panic!("{:?}", found.verdict);
    };
    assert_eq!(holders[0].owner, WANG_FANG);
    assert_eq!(holders[0].first_registered_at, day(0));
    assert_eq!(holders[0].protected_until, date(55));
}

#[test]
fn reg_5_a_salesperson_s_own_later_registration_renews_the_protection() {
    let earlier = [
        visit(1, WANG_FANG, day(0), li_si()),
        visit(2, WANG_FANG, day(25), li_si()),
    ];
    let found = check_on(50, &earlier, "vanke");
    assert_eq!(
        found.verdict,
        Verdict::Returning(Claim {
            owner: WANG_FANG,
            first_registered_at: day(0),
            registered_at: day(25),
            days_ago: 25,
            protected_until: date(55),
        })
    );
    assert_eq!(found.visit_number, 3);
}

#[test]
fn reg_5_a_later_registration_protects_its_salesperson_once_the_earlier_has_lapsed() {
    let earlier = [
        visit(1, WANG_FANG, day(0), li_si()),
        visit(2, LI_NA, day(20), li_si()),
    ];
    assert!(matches!(
        check_on(31, &earlier, "vanke").verdict,
        Verdict::Returning(Claim { owner: LI_NA, .. })
    ));
}

#[test]
fn reg_9_a_call_is_evidence_only_where_the_policy_says_so() {
    let earlier = [call(7, LI_NA, day(0), who("李先生", "13800138000", ""))];
    // 004 §5: 来电客户属于自有资源.
    let found = check_on(3, &earlier, "004");
    assert!(matches!(
        found.verdict,
        Verdict::Returning(Claim { owner: LI_NA, .. })
    ));
    assert_eq!(found.rules, ["REG-3", "REG-9", "REG-5", "REG-6"]);
    // 001 第12篇 3.13: kept as information only — listed, but deciding nothing.
    let found = check_on(3, &earlier, "vanke");
    assert_eq!(found.verdict, Verdict::New);
    assert_eq!(found.matches.len(), 1);
    assert!(!found.matches[0].evidence);
    assert_eq!(found.rules, ["REG-3", "REG-9"]);
    assert_eq!(found.visit_number, 1, "a call is not a visit");
}

#[test]
fn reg_3_a_customer_is_matched_by_phone_by_full_name_or_by_plate_and_surname() {
    let earlier = [visit(1, WANG_FANG, day(0), li_si())];
    let policy = Policy::preset("004");
    for typed in [
        who("", "+86 138-0013-8000", ""),
        who("李四", "", ""),
        who("李先生", "", "京a·12345"),
    ] {
        let found = check(&typed, &earlier, evening(3), SHANGHAI, &policy);
        assert_eq!(found.verdict.owner(), Some(WANG_FANG), "{typed:?}");
        assert_eq!(found.visit_number, 2);
    }
}

#[test]
fn reg_3_a_surname_alone_decides_nothing() {
    let earlier = [visit(1, WANG_FANG, day(0), li_si())];
    for typed in [
        who("李先生", "", ""),
        who("李", "", ""),
        who("", "", "京A12345"),
    ] {
        let found = check(
            &typed,
            &earlier,
            evening(3),
            SHANGHAI,
            &Policy::preset("004"),
        );
        assert_eq!(found.verdict, Verdict::New, "{typed:?}");
        assert!(found.matches.is_empty());
    }
}

#[test]
fn reg_3_near_misses_are_shown_as_possible_and_never_decide() {
    let earlier = [
        visit(1, WANG_FANG, day(0), who("李四", "13800138001", "")),
        visit(2, LI_NA, day(1), who("李娜", "13912348000", "")),
        visit(3, LI_NA, day(2), who("王五", "", "京A12345")),
    ];
    let found = check(
        &who("李先生", "13800138000", "京A12345"),
        &earlier,
        evening(3),
        SHANGHAI,
        &Policy::preset("004"),
    );
    assert_eq!(found.verdict, Verdict::New);
    assert!(found.matches.is_empty());
    let why: Vec<(i64, Vec<NearMiss>)> = found
        .possible
        .iter()
        .map(|p| (p.id, p.why.clone()))
        .collect();
    assert_eq!(
        why,
        [
            (1, vec![NearMiss::PhoneOneDigitOff]),
            (2, vec![NearMiss::SameSurnameAndLast4]),
            (3, vec![NearMiss::SamePlateOtherSurname]),
        ]
    );
    assert_eq!(found.rules, ["REG-3"]);
}

#[test]
fn a_registration_dated_after_now_is_listed_but_is_not_earlier_evidence() {
    let earlier = [visit(1, WANG_FANG, day(5), li_si())];
    let found = check_on(2, &earlier, "004");
    assert_eq!(found.verdict, Verdict::New);
    assert_eq!(found.matches.len(), 1);
    assert!(!found.matches[0].evidence);
    assert_eq!(found.visit_number, 1);
}

#[test]
fn nothing_typed_yet_is_a_new_customer_with_nothing_listed() {
    let earlier = [visit(1, WANG_FANG, day(0), li_si())];
    let found = check(
        &Identity::default(),
        &earlier,
        evening(1),
        SHANGHAI,
        &Policy::preset("004"),
    );
    assert_eq!(found.verdict, Verdict::New);
    assert!(found.matches.is_empty() && found.possible.is_empty());
}

#[test]
fn reg_6_a_supervisors_ruling_settles_the_conflict_it_saw_and_a_later_registration_reopens_it() {
    const SUPERVISOR: StaffId = StaffId(9);
    let mut earlier = vec![
        visit(1, WANG_FANG, day(0), li_si()),
        visit(2, LI_NA, day(5), li_si()),
    ];
    let found = check_on(10, &earlier, "004");
    assert!(matches!(found.verdict, Verdict::Conflict { .. }));
    let contested = found.contested();
    assert_eq!(contested, [(Register::Visit, 1), (Register::Visit, 2)]);
    // The supervisor rules for the later registration's salesperson, against REG-6's
    // default: that is theirs to decide.
    let ruling = Ruling {
        owner: LI_NA,
        supervisor: SUPERVISOR,
        at: evening(10),
        covers: contested,
    };
    let settled = settle(found, std::slice::from_ref(&ruling));
    let Verdict::Returning(claim) = &settled.verdict else {
        panic!("{:?}", settled.verdict);
    };
    assert_eq!(claim.owner, LI_NA);
    assert_eq!(settled.ruled, Some(ruling.clone()));
    // 王芳 registers the customer again: a registration the ruling did not see.
    earlier.push(visit(3, WANG_FANG, day(12), li_si()));
    let again = settle(check_on(13, &earlier, "004"), &[ruling]);
    assert!(
        matches!(again.verdict, Verdict::Conflict { .. }),
        "{:?}",
        again.verdict
    );
    assert_eq!(again.ruled, None);
}

#[test]
fn reg_6_a_ruling_leaves_a_verdict_that_is_no_conflict_alone() {
    let earlier = [visit(1, WANG_FANG, day(0), li_si())];
    let found = check_on(3, &earlier, "004");
    let ruling = Ruling {
        owner: LI_NA,
        supervisor: StaffId(9),
        at: evening(3),
        covers: vec![(Register::Visit, 1)],
    };
    assert_eq!(settle(found.clone(), &[ruling]), found);
}

#[test]
fn att_004_6_a_ruling_on_an_unknowing_receipt_inside_60_days_settles_it_either_way() {
    const SUPERVISOR: StaffId = StaffId(9);
    let earlier = [visit(1, WANG_FANG, day(0), li_si())];
    let found = check_on(45, &earlier, "004");
    assert!(found.verdict.needs_supervisor(), "{:?}", found.verdict);
    let contested = found.contested();
    assert_eq!(contested, [(Register::Visit, 1)]);
    let ruling = |owner| Ruling {
        owner,
        supervisor: SUPERVISOR,
        at: evening(45),
        covers: contested.clone(),
    };
    // Still 王芳's: the receiver did not know, and day 45 is inside 004 §15's 60 days.
    let kept = settle(found.clone(), &[ruling(WANG_FANG)]);
    assert_eq!(kept.verdict.owner(), Some(WANG_FANG));
    assert!(!kept.verdict.needs_supervisor());
    assert_eq!(kept.ruled.as_ref().map(|r| r.owner), Some(WANG_FANG));
    // A new customer, counted for the receiver (004 §14: past 30 days).
    let new = settle(found, &[ruling(LI_NA)]);
    assert_eq!(new.verdict.owner(), None);
    assert!(!new.verdict.needs_supervisor(), "{:?}", new.verdict);
    assert!(new.ruled.is_some());
}
