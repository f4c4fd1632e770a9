//! Every ATT rule of every preset, by ID, at its edges: each test asserts the parties, their
//! shares and the rule cited.

use chrono::{Days, NaiveDate};

use super::*;

const A: StaffId = StaffId(1);
const B: StaffId = StaffId(2);
const C: StaffId = StaffId(3);
const D: StaffId = StaffId(4);
/// A staff member outside sales who refers a customer.
const E: StaffId = StaffId(9);

fn p(name: &str) -> Policy {
    Policy::preset(name)
}

/// Day `n` after the original registration (2026-03-01 is day 0).
fn day(n: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 1).unwrap() + Days::new(n)
}

fn s(id: StaffId) -> Party {
    Party::Salesperson(id)
}

fn case(deal_on: NaiveDate, situation: Situation) -> Case {
    Case {
        closer: A,
        deal_on,
        situation,
        answers: Answers::default(),
    }
}

fn with(mut c: Case, answers: Answers) -> Case {
    c.answers = answers;
    c
}

/// Asserts the rule, the shares (in any order) and that they make the whole.
#[track_caller]
fn check(p: &Proposal, rule: &str, shares: &[(Party, Bp)]) {
    assert_eq!(p.rule, rule, "{p:?}");
    assert!(p.needs.is_empty(), "{p:?}");
    let mut got: Vec<(Party, Bp)> = p.shares.iter().map(|s| (s.party, s.bp)).collect();
    let mut want = shares.to_vec();
    got.sort();
    want.sort();
    assert_eq!(got, want, "{p:?}");
    assert_eq!(got.iter().map(|(_, bp)| bp).sum::<Bp>(), WHOLE);
}

#[track_caller]
fn asks(p: &Proposal, rule: &str, q: Question) {
    assert_eq!(p.rule, rule, "{p:?}");
    assert_eq!(p.needs, vec![q]);
    assert!(p.shares.is_empty() && !p.is_complete());
}

fn away(because: AwayBecause, on_spot: bool) -> Situation {
    Situation::OwnerAway {
        owner: B,
        helper: A,
        because,
        on_spot,
    }
}

// ---- 004 ----------------------------------------------------------------------------

#[test]
fn att_004_1_helper_for_an_absent_owner_on_the_spot_is_20_80_later_all_the_owner_s() {
    for because in [
        AwayBecause::OldCustomerBroughtNew,
        AwayBecause::AskedForOwner,
    ] {
        let spot = propose(&p("004"), &case(day(0), away(because, true)));
        check(&spot, "ATT-004-1", &[(s(A), 2000), (s(B), 8000)]);
        assert_eq!(spot.reason, "helper_on_the_spot");
        let later = propose(&p("004"), &case(day(5), away(because, false)));
        check(&later, "ATT-004-1", &[(s(B), WHOLE)]);
    }
}

#[test]
fn att_004_1_owner_present_receives_the_referred_customer_absent_helper_splits() {
    let referral = |present, on_spot| Situation::OldCustomerReferral {
        original: B,
        receiver: A,
        announced: true,
        original_present: present,
        on_spot,
    };
    check(
        &propose(&p("004"), &case(day(0), referral(true, true))),
        "ATT-004-1",
        &[(s(B), WHOLE)],
    );
    check(
        &propose(&p("004"), &case(day(0), referral(false, true))),
        "ATT-004-1",
        &[(s(A), 2000), (s(B), 8000)],
    );
    check(
        &propose(&p("004"), &case(day(0), referral(false, false))),
        "ATT-004-1",
        &[(s(B), WHOLE)],
    );
}

#[test]
fn att_004_1_the_helper_s_share_is_the_office_s_number() {
    let mut policy = p("004");
    policy.split.helper_bp = 3000;
    check(
        &propose(
            &policy,
            &case(day(0), away(AwayBecause::AskedForOwner, true)),
        ),
        "ATT-004-1",
        &[(s(A), 3000), (s(B), 7000)],
    );
}

#[test]
fn att_004_2_named_on_the_first_visit_even_mid_reception_is_the_named_one_s() {
    check(
        &propose(
            &p("004"),
            &case(day(0), Situation::Fresh { designated: true }),
        ),
        "ATT-004-2",
        &[(s(A), WHOLE)],
    );
    let named = |visit| Situation::Designated {
        earlier: vec![C],
        designated: B,
        visit,
        reception_began: true,
    };
    check(
        &propose(&p("004"), &case(day(0), named(1))),
        "ATT-004-2",
        &[(s(B), WHOLE)],
    );
    let second = propose(&p("004"), &case(day(9), named(2)));
    check(&second, "ATT-004-2", &[(s(C), WHOLE)]);
    assert_eq!(second.reason, "registration_decides");
}

#[test]
fn rot_1_a_walk_in_who_bought_on_the_first_visit_is_the_rotation_s() {
    for preset in ["004", "vanke", "rules-14"] {
        check(
            &propose(
                &p(preset),
                &case(day(0), Situation::Fresh { designated: false }),
            ),
            "ROT-1",
            &[(s(A), WHOLE)],
        );
    }
}

#[test]
fn att_004_3_phone_caller_asking_for_an_absent_answerer_on_the_spot_is_20_80() {
    let call = |on_spot| away(AwayBecause::PhoneCallerAskedForOwner, on_spot);
    check(
        &propose(&p("004"), &case(day(0), call(true))),
        "ATT-004-3",
        &[(s(A), 2000), (s(B), 8000)],
    );
    check(
        &propose(&p("004"), &case(day(2), call(false))),
        "ATT-004-3",
        &[(s(B), WHOLE)],
    );
}

#[test]
fn att_004_4_owner_present_hand_back_consent_or_grabbing_owner_unreachable_helps() {
    let present = |handed_back, consented| Situation::OwnerPresent {
        owner: B,
        receiver: A,
        handed_back,
        consented,
    };
    let back = propose(&p("004"), &case(day(0), present(true, false)));
    check(&back, "ATT-004-4", &[(s(B), WHOLE)]);
    assert!(!back.grabbing);
    check(
        &propose(&p("004"), &case(day(0), present(false, true))),
        "ATT-004-4",
        &[(s(A), 2000), (s(B), 8000)],
    );
    let grab = propose(&p("004"), &case(day(0), present(false, false)));
    check(&grab, "ATT-004-4", &[(s(B), WHOLE)]);
    assert!(grab.grabbing);
    check(
        &propose(
            &p("004"),
            &case(day(0), away(AwayBecause::FoundMidReception, true)),
        ),
        "ATT-004-4",
        &[(s(A), 2000), (s(B), 8000)],
    );
}

fn kin(kin: Kin, later_on: u64) -> Situation {
    Situation::KinApart {
        first: B,
        later: A,
        kin,
        first_on: day(0),
        later_on: day(later_on),
    }
}

#[test]
fn att_004_5_family_first_reception_decides_until_day_30_day_31_is_new() {
    for k in [Kin::Family, Kin::Spouse] {
        check(
            &propose(&p("004"), &case(day(30), kin(k, 30))),
            "ATT-004-5",
            &[(s(B), WHOLE)],
        );
        check(
            &propose(&p("004"), &case(day(31), kin(k, 31))),
            "ATT-004-5",
            &[(s(A), WHOLE)],
        );
    }
}

fn unrecognised(visit: u64, recognised: Option<u64>, on_spot: bool) -> Situation {
    Situation::Unrecognised {
        original: B,
        receiver: A,
        registered_on: day(0),
        visit_on: day(visit),
        recognised_on: recognised.map(day),
        on_spot,
    }
}

#[test]
fn att_004_6_found_on_the_3rd_day_after_the_deal_is_50_50_on_the_4th_all_the_dealer_s() {
    let deal = 40;
    check(
        &propose(
            &p("004"),
            &case(day(deal), unrecognised(40, Some(deal + 3), true)),
        ),
        "ATT-004-6",
        &[(s(A), 5000), (s(B), 5000)],
    );
    check(
        &propose(
            &p("004"),
            &case(day(deal), unrecognised(40, Some(deal), true)),
        ),
        "ATT-004-6",
        &[(s(A), 5000), (s(B), 5000)],
    );
    let late = propose(
        &p("004"),
        &case(day(deal), unrecognised(40, Some(deal + 4), true)),
    );
    check(&late, "ATT-004-6", &[(s(A), WHOLE)]);
    assert_eq!(late.reason, "found_after_three_days");
}

#[test]
fn att_004_6_a_deal_on_day_60_still_shares_day_61_is_a_new_customer_s() {
    check(
        &propose(&p("004"), &case(day(60), unrecognised(45, Some(61), false))),
        "ATT-004-6",
        &[(s(A), 5000), (s(B), 5000)],
    );
    let new = propose(&p("004"), &case(day(61), unrecognised(45, Some(62), false)));
    check(&new, "ATT-004-6", &[(s(A), WHOLE)]);
    assert_eq!(new.reason, "deal_after_window_new_customer");
}

#[test]
fn att_004_6_a_visit_on_day_61_is_a_new_customer_found_before_the_deal_the_original_s() {
    let new = propose(&p("004"), &case(day(61), unrecognised(61, Some(61), false)));
    check(&new, "ATT-004-6", &[(s(A), WHOLE)]);
    assert_eq!(new.reason, "visit_after_window_new_customer");
    check(
        &propose(&p("004"), &case(day(50), unrecognised(40, Some(45), false))),
        "ATT-004-6",
        &[(s(B), WHOLE)],
    );
    check(
        &propose(&p("004"), &case(day(50), unrecognised(40, None, false))),
        "ATT-004-6",
        &[(s(A), WHOLE)],
    );
}

#[test]
fn att_004_6_the_three_days_are_the_office_s_number() {
    let mut policy = p("004");
    policy.split.found_after_deal_days = 7;
    check(
        &propose(&policy, &case(day(20), unrecognised(20, Some(27), true))),
        "ATT-004-6",
        &[(s(A), 5000), (s(B), 5000)],
    );
}

#[test]
fn att_004_7_a_group_purchase_goes_to_the_pool_unless_the_office_sets_a_share() {
    let group = Situation::Company {
        salesperson: A,
        kind: CompanyKind::GroupPurchase,
    };
    check(
        &propose(&p("004"), &case(day(0), group.clone())),
        "ATT-004-7",
        &[(Party::Pool, WHOLE)],
    );
    let mut policy = p("004");
    policy.split.group_purchase_pool_bp = 8000;
    check(
        &propose(&policy, &case(day(0), group)),
        "ATT-004-7",
        &[(Party::Pool, 8000), (s(A), 2000)],
    );
}

// ---- vanke --------------------------------------------------------------------------

#[test]
fn att_v_1_recognised_the_same_day_the_original_takes_over() {
    check(
        &propose(
            &p("vanke"),
            &case(day(20), unrecognised(10, Some(10), false)),
        ),
        "ATT-V-1",
        &[(s(B), WHOLE)],
    );
}

#[test]
fn att_v_1_a_deal_on_the_spot_before_recognition_is_all_the_new_salesperson_s() {
    let p1 = propose(
        &p("vanke"),
        &case(day(10), unrecognised(10, Some(10), true)),
    );
    check(&p1, "ATT-V-1", &[(s(A), WHOLE)]);
    assert_eq!(p1.reason, "deal_on_spot_before_recognition");
}

#[test]
fn att_v_1_recognised_on_day_30_after_the_visit_is_50_50_on_day_31_all_the_new_s() {
    check(
        &propose(
            &p("vanke"),
            &case(day(45), unrecognised(10, Some(40), false)),
        ),
        "ATT-V-1",
        &[(s(A), 5000), (s(B), 5000)],
    );
    check(
        &propose(
            &p("vanke"),
            &case(day(45), unrecognised(10, Some(41), false)),
        ),
        "ATT-V-1",
        &[(s(A), WHOLE)],
    );
    check(
        &propose(&p("vanke"), &case(day(45), unrecognised(10, None, false))),
        "ATT-V-1",
        &[(s(A), WHOLE)],
    );
}

fn designated(visit: u32, reception_began: bool) -> Situation {
    Situation::Designated {
        earlier: vec![A],
        designated: B,
        visit,
        reception_began,
    }
}

#[test]
fn att_v_2_designation_after_reception_began_asks_whether_instigated_then_70_30_or_all_first() {
    asks(
        &propose(&p("vanke"), &case(day(0), designated(1, true))),
        "ATT-V-2",
        Question::Instigated,
    );
    let no = Answers {
        instigated: Some(false),
        ..Answers::default()
    };
    check(
        &propose(&p("vanke"), &with(case(day(0), designated(1, true)), no)),
        "ATT-V-2",
        &[(s(A), 7000), (s(B), 3000)],
    );
    let yes = Answers {
        instigated: Some(true),
        ..Answers::default()
    };
    check(
        &propose(&p("vanke"), &with(case(day(0), designated(1, true)), yes)),
        "ATT-V-2",
        &[(s(A), WHOLE)],
    );
}

#[test]
fn att_v_2_before_reception_the_designated_one_s_a_returning_customer_s_all_the_first_s() {
    check(
        &propose(&p("vanke"), &case(day(0), designated(1, false))),
        "ATT-V-2",
        &[(s(B), WHOLE)],
    );
    let back = propose(&p("vanke"), &case(day(5), designated(2, false)));
    check(&back, "ATT-V-2", &[(s(A), WHOLE)]);
    assert!(
        back.needs.is_empty(),
        "no question for a returning customer"
    );
}

fn company(kind: CompanyKind) -> Situation {
    Situation::Company {
        salesperson: A,
        kind,
    }
}

#[test]
fn att_v_3_each_kind_of_company_customer() {
    check(
        &propose(
            &p("vanke"),
            &case(day(0), company(CompanyKind::LeaderDesignated)),
        ),
        "ATT-V-3",
        &[(Party::Pool, WHOLE)],
    );
    let intro = case(day(0), company(CompanyKind::Introduced));
    asks(
        &propose(&p("vanke"), &intro),
        "ATT-V-3",
        Question::CompanyArranged,
    );
    let answers = |arranged, non_sales| Answers {
        company_arranged: Some(arranged),
        non_sales_after_sales: non_sales,
        ..Answers::default()
    };
    check(
        &propose(&p("vanke"), &with(intro.clone(), answers(false, None))),
        "ATT-V-3",
        &[(s(A), 7000), (Party::Pool, 3000)],
    );
    asks(
        &propose(&p("vanke"), &with(intro.clone(), answers(true, None))),
        "ATT-V-3",
        Question::NonSalesAfterSales,
    );
    check(
        &propose(
            &p("vanke"),
            &with(intro.clone(), answers(true, Some(false))),
        ),
        "ATT-V-3",
        &[(s(A), 3000), (Party::Pool, 7000)],
    );
    check(
        &propose(&p("vanke"), &with(intro, answers(true, Some(true)))),
        "ATT-V-3",
        &[(Party::Pool, WHOLE)],
    );
}

#[test]
fn att_v_4_a_confirmed_employee_referral_is_30_referrer_70_receiver_unconfirmed_void() {
    for preset in ["004", "vanke", "rules-14"] {
        let referral = |confirmed| Situation::EmployeeReferral {
            referrer: E,
            receiver: A,
            confirmed,
        };
        check(
            &propose(&p(preset), &case(day(0), referral(true))),
            "ATT-V-4",
            &[(Party::Referrer(E), 3000), (s(A), 7000)],
        );
        check(
            &propose(&p(preset), &case(day(0), referral(false))),
            "ATT-V-4",
            &[(s(A), WHOLE)],
        );
    }
}

#[test]
fn att_v_5_spouses_received_apart_share_50_50_once_confirmed_as_spouses() {
    let c = case(day(20), kin(Kin::Spouse, 20));
    asks(&propose(&p("vanke"), &c), "ATT-V-5", Question::Spouses);
    let spouses = |yes| Answers {
        spouses: Some(yes),
        ..Answers::default()
    };
    check(
        &propose(&p("vanke"), &with(c.clone(), spouses(true))),
        "ATT-V-5",
        &[(s(A), 5000), (s(B), 5000)],
    );
    check(
        &propose(&p("vanke"), &with(c, spouses(false))),
        "ATT-V-5",
        &[(s(A), WHOLE)],
    );
    check(
        &propose(
            &p("vanke"),
            &with(case(day(31), kin(Kin::Spouse, 31)), spouses(true)),
        ),
        "ATT-V-5",
        &[(s(A), WHOLE)],
    );
}

#[test]
fn att_v_6_announced_or_named_referral_is_the_original_s_otherwise_the_receiver_s() {
    let referral = |announced, original_present| Situation::OldCustomerReferral {
        original: B,
        receiver: A,
        announced,
        original_present,
        on_spot: true,
    };
    check(
        &propose(&p("vanke"), &case(day(0), referral(true, false))),
        "ATT-V-6",
        &[(s(B), WHOLE)],
    );
    check(
        &propose(&p("vanke"), &case(day(0), referral(true, true))),
        "ATT-V-6",
        &[(s(B), WHOLE)],
    );
    check(
        &propose(&p("vanke"), &case(day(0), referral(false, false))),
        "ATT-V-6",
        &[(s(A), WHOLE)],
    );
    check(
        &propose(
            &p("vanke"),
            &case(day(0), away(AwayBecause::OldCustomerBroughtNew, true)),
        ),
        "ATT-V-6",
        &[(s(B), WHOLE)],
    );
}

// ---- rules-14 -----------------------------------------------------------------------

#[test]
fn att_14_1_b_present_hand_back_deal_to_b_not_handing_back_is_grabbing() {
    let present = |handed_back| Situation::OwnerPresent {
        owner: B,
        receiver: A,
        handed_back,
        consented: false,
    };
    let back = propose(&p("rules-14"), &case(day(0), present(true)));
    check(&back, "ATT-14-1", &[(s(B), WHOLE)]);
    assert!(!back.grabbing);
    let grab = propose(&p("rules-14"), &case(day(0), present(false)));
    check(&grab, "ATT-14-1", &[(s(B), WHOLE)]);
    assert!(grab.grabbing);
}

fn refused(complained: bool) -> Situation {
    Situation::RefusedOwner {
        owner: B,
        receiver: A,
        registered_on: day(0),
        complained,
    }
}

#[test]
fn att_14_2_refused_b_a_80_b_20_while_b_valid_on_day_60_b_nothing_on_day_61() {
    check(
        &propose(&p("rules-14"), &case(day(60), refused(false))),
        "ATT-14-2",
        &[(s(A), 8000), (s(B), 2000)],
    );
    check(
        &propose(&p("rules-14"), &case(day(61), refused(false))),
        "ATT-14-2",
        &[(s(A), WHOLE)],
    );
}

#[test]
fn att_14_3_b_absent_c_helps_b_80_c_20_on_the_spot_or_later() {
    for on_spot in [true, false] {
        let mut c = case(day(3), away(AwayBecause::AskedForOwner, on_spot));
        if let Situation::OwnerAway { helper, .. } = &mut c.situation {
            *helper = C;
        }
        check(
            &propose(&p("rules-14"), &c),
            "ATT-14-3",
            &[(s(B), 8000), (s(C), 2000)],
        );
    }
}

#[test]
fn att_14_4_a_verified_complaint_against_b_leaves_b_nothing_unverified_falls_to_14_2() {
    let c = case(day(10), refused(true));
    asks(
        &propose(&p("rules-14"), &c),
        "ATT-14-4",
        Question::ComplaintVerified,
    );
    let verified = |yes| Answers {
        complaint_verified: Some(yes),
        ..Answers::default()
    };
    check(
        &propose(&p("rules-14"), &with(c.clone(), verified(true))),
        "ATT-14-4",
        &[(s(A), WHOLE)],
    );
    check(
        &propose(&p("rules-14"), &with(c, verified(false))),
        "ATT-14-2",
        &[(s(A), 8000), (s(B), 2000)],
    );
}

#[test]
fn att_14_5_the_first_named_who_is_present_none_present_the_rotation() {
    let named = |list: Vec<(StaffId, bool)>| Situation::NamedSeveral {
        named: list,
        duty: D,
    };
    check(
        &propose(
            &p("rules-14"),
            &case(day(0), named(vec![(A, true), (B, true)])),
        ),
        "ATT-14-5",
        &[(s(A), WHOLE)],
    );
    check(
        &propose(
            &p("rules-14"),
            &case(day(0), named(vec![(A, false), (B, true)])),
        ),
        "ATT-14-5",
        &[(s(B), WHOLE)],
    );
    check(
        &propose(
            &p("rules-14"),
            &case(day(0), named(vec![(A, false), (B, false)])),
        ),
        "ATT-14-5",
        &[(s(D), WHOLE)],
    );
}

#[test]
fn att_14_6_approaching_b_only_for_a_discount_leaves_it_all_a_s() {
    let c = case(day(5), Situation::WentToAnother { owner: A, other: B });
    asks(
        &propose(&p("rules-14"), &c),
        "ATT-14-6",
        Question::DiscountOnly,
    );
    let answer = |yes| Answers {
        discount_only: Some(yes),
        ..Answers::default()
    };
    let only = propose(&p("rules-14"), &with(c.clone(), answer(true)));
    check(&only, "ATT-14-6", &[(s(A), WHOLE)]);
    assert!(!only.ruling_needed);
    let not_only = propose(&p("rules-14"), &with(c, answer(false)));
    assert!(not_only.ruling_needed);
}

#[test]
fn att_14_7_forgot_b_found_within_validity_50_50_on_day_60_b_nothing_on_day_61() {
    let forgot = Answers {
        forgot: Some(true),
        ..Answers::default()
    };
    asks(
        &propose(
            &p("rules-14"),
            &case(day(50), unrecognised(50, Some(60), false)),
        ),
        "ATT-14-7",
        Question::Forgot,
    );
    check(
        &propose(
            &p("rules-14"),
            &with(case(day(50), unrecognised(50, Some(60), false)), forgot),
        ),
        "ATT-14-7",
        &[(s(A), 5000), (s(B), 5000)],
    );
    check(
        &propose(
            &p("rules-14"),
            &with(case(day(50), unrecognised(50, Some(61), false)), forgot),
        ),
        "ATT-14-7",
        &[(s(A), WHOLE)],
    );
    check(
        &propose(
            &p("rules-14"),
            &with(case(day(50), unrecognised(50, None, false)), forgot),
        ),
        "ATT-14-7",
        &[(s(A), WHOLE)],
    );
}

#[test]
fn att_14_8_designated_on_the_3rd_visit_a_50_the_earlier_salespeople_50() {
    let nth = |earlier: Vec<StaffId>, visit| Situation::Designated {
        earlier,
        designated: A,
        visit,
        reception_began: true,
    };
    check(
        &propose(&p("rules-14"), &case(day(9), nth(vec![B, B], 3))),
        "ATT-14-8",
        &[(s(A), 5000), (s(B), 5000)],
    );
    check(
        &propose(&p("rules-14"), &case(day(9), nth(vec![B, C, D], 4))),
        "ATT-14-8",
        &[(s(A), 5000), (s(B), 1668), (s(C), 1666), (s(D), 1666)],
    );
    check(
        &propose(&p("rules-14"), &case(day(0), nth(vec![], 1))),
        "ATT-14-8",
        &[(s(A), WHOLE)],
    );
    check(
        &propose(&p("rules-14"), &case(day(9), nth(vec![A], 2))),
        "ATT-14-8",
        &[(s(A), WHOLE)],
    );
}

#[test]
fn att_14_9_referred_by_an_old_customer_or_family_apart_the_first_receiver_s() {
    check(
        &propose(
            &p("rules-14"),
            &case(
                day(0),
                Situation::OldCustomerReferral {
                    original: B,
                    receiver: A,
                    announced: false,
                    original_present: false,
                    on_spot: true,
                },
            ),
        ),
        "ATT-14-9",
        &[(s(B), WHOLE)],
    );
    check(
        &propose(&p("rules-14"), &case(day(60), kin(Kin::Family, 60))),
        "ATT-14-9",
        &[(s(B), WHOLE)],
    );
    check(
        &propose(&p("rules-14"), &case(day(61), kin(Kin::Spouse, 61))),
        "ATT-14-9",
        &[(s(A), WHOLE)],
    );
}

#[test]
fn att_14_10_the_same_seed_redraws_the_same_another_seed_draws_differently() {
    let customers: Vec<u32> = (1..=40).collect();
    let active = [A, B, C, D];
    let first = redistribute(17, D, &customers, &active).unwrap();
    assert_eq!(
        first,
        redistribute(17, D, &customers, &[C, B, A, D]).unwrap()
    );
    assert_ne!(first, redistribute(18, D, &customers, &active).unwrap());
    assert!(
        first.iter().all(|(_, to)| *to != D),
        "the leaver draws none"
    );
    for who in [A, B, C] {
        let n = first.iter().filter(|(_, to)| *to == who).count();
        assert!((13..=14).contains(&n), "{who} drew {n}");
    }
    let order: Vec<u32> = first.iter().map(|(c, _)| *c).collect();
    assert_eq!(order, customers);
    assert_eq!(redistribute(1, A, &customers, &[A]), None);
}

// ---- across presets -----------------------------------------------------------------

#[test]
fn att_owner_present_vs_absent_under_each_preset() {
    let present = Situation::OwnerPresent {
        owner: B,
        receiver: A,
        handed_back: true,
        consented: false,
    };
    let absent = away(AwayBecause::AskedForOwner, true);
    for (preset, rule, absent_split) in [
        ("004", "ATT-004-1", vec![(s(A), 2000), (s(B), 8000)]),
        ("vanke", "ROT-8", vec![(s(B), WHOLE)]),
        ("rules-14", "ATT-14-3", vec![(s(A), 2000), (s(B), 8000)]),
    ] {
        let pr = propose(&p(preset), &case(day(0), present.clone()));
        assert_eq!(
            pr.shares,
            vec![Share {
                party: s(B),
                bp: WHOLE
            }],
            "{preset}"
        );
        check(
            &propose(&p(preset), &case(day(0), absent.clone())),
            rule,
            &absent_split,
        );
    }
}

#[test]
fn att_on_the_spot_vs_later_splits_only_under_004() {
    let spot = propose(
        &p("004"),
        &case(day(0), away(AwayBecause::AskedForOwner, true)),
    );
    let later = propose(
        &p("004"),
        &case(day(1), away(AwayBecause::AskedForOwner, false)),
    );
    assert_eq!(spot.share_of(s(A)), 2000);
    assert_eq!(later.share_of(s(A)), 0);
    assert_eq!(later.share_of(s(B)), WHOLE);
}

#[test]
fn att_a_preset_without_a_company_rule_asks_for_a_ruling() {
    let p14 = propose(
        &p("rules-14"),
        &case(day(0), company(CompanyKind::Introduced)),
    );
    assert!(p14.ruling_needed);
    check(&p14, "ATT", &[(s(A), WHOLE)]);
}

#[test]
fn att_every_complete_proposal_makes_the_whole_at_the_extremes_of_every_number() {
    let situations = vec![
        Situation::Fresh { designated: true },
        Situation::Fresh { designated: false },
        away(AwayBecause::OldCustomerBroughtNew, true),
        away(AwayBecause::PhoneCallerAskedForOwner, false),
        Situation::OwnerPresent {
            owner: B,
            receiver: A,
            handed_back: false,
            consented: true,
        },
        unrecognised(10, Some(12), false),
        unrecognised(10, Some(10), true),
        designated(1, true),
        designated(3, true),
        Situation::NamedSeveral {
            named: vec![(A, false), (B, true)],
            duty: D,
        },
        refused(true),
        Situation::WentToAnother { owner: A, other: B },
        Situation::EmployeeReferral {
            referrer: E,
            receiver: A,
            confirmed: true,
        },
        Situation::OldCustomerReferral {
            original: B,
            receiver: A,
            announced: true,
            original_present: false,
            on_spot: true,
        },
        kin(Kin::Spouse, 5),
        company(CompanyKind::Introduced),
        company(CompanyKind::LeaderDesignated),
        company(CompanyKind::GroupPurchase),
    ];
    for preset in ["004", "vanke", "rules-14"] {
        for bp in [0, 1, 3333, WHOLE] {
            let mut policy = p(preset);
            let sp = &mut policy.split;
            for field in [
                &mut sp.helper_bp,
                &mut sp.unknowing_original_bp,
                &mut sp.recognised_original_bp,
                &mut sp.designated_after_start_bp,
                &mut sp.company_followed_pool_bp,
                &mut sp.company_arranged_pool_bp,
                &mut sp.group_purchase_pool_bp,
                &mut sp.employee_referrer_bp,
                &mut sp.spouses_second_bp,
                &mut sp.refused_owner_bp,
                &mut sp.forgot_original_bp,
                &mut sp.nth_visit_earlier_bp,
            ] {
                *field = bp;
            }
            for situation in &situations {
                for answer in [None, Some(true), Some(false)] {
                    let answers = Answers {
                        instigated: answer,
                        discount_only: answer,
                        complaint_verified: answer,
                        forgot: answer,
                        company_arranged: answer,
                        non_sales_after_sales: answer,
                        spouses: answer,
                        owner_consented: answer,
                        leader_designated: answer,
                    };
                    let c = with(case(day(20), situation.clone()), answers);
                    let got = propose(&policy, &c);
                    assert!(got.rule.starts_with("ATT") || got.rule.starts_with("R"));
                    if got.is_complete() {
                        assert_eq!(
                            got.shares.iter().map(|s| s.bp).sum::<Bp>(),
                            WHOLE,
                            "{preset} {situation:?} {got:?}"
                        );
                        assert!(got.shares.iter().all(|s| s.bp > 0), "{got:?}");
                    } else {
                        assert!(answer.is_none() && got.shares.is_empty(), "{got:?}");
                    }
                }
            }
        }
    }
}
