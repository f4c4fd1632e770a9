//! Each preset's attribution rules, one function per preset, each arm citing its source.
//! Where a preset's source is silent on a situation the others cover, the arm says what it
//! proposes and why; where nothing decides, it asks for a ruling (004 §20; 001 第12篇 7.7;
//! 001 第14篇 (五)4).

use chrono::NaiveDate;

use super::{
    Answers, AwayBecause, Bp, Case, CompanyKind, Kin, Party, Preset, Proposal, Question, Share,
    Situation, WHOLE,
};
use crate::domain::policy::Policy;
use crate::domain::staff::StaffId;

pub(super) fn propose(preset: Preset, policy: &Policy, case: &Case) -> Proposal {
    match preset {
        Preset::P004 => p004(policy, case),
        Preset::Vanke => vanke(policy, case),
        Preset::Rules14 => rules14(policy, case),
    }
}

fn sp(id: StaffId) -> Party {
    Party::Salesperson(id)
}

/// The whole to one party.
fn all(rule: &'static str, reason: &'static str, party: Party) -> Proposal {
    Proposal::new(rule, reason, vec![Share { party, bp: WHOLE }])
}

/// `a` takes `a_bp`, `b` the rest.
fn two(rule: &'static str, reason: &'static str, a: Party, a_bp: Bp, b: Party) -> Proposal {
    let a_bp = a_bp.min(WHOLE);
    Proposal::new(
        rule,
        reason,
        vec![
            Share { party: a, bp: a_bp },
            Share {
                party: b,
                bp: WHOLE - a_bp,
            },
        ],
    )
}

/// Calendar days from `from` to `to` (0 on the same day).
fn days(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

fn ask(rule: &'static str, reason: &'static str, q: Question) -> Proposal {
    Proposal::asks(rule, reason, vec![q])
}

fn needs_ruling(mut p: Proposal) -> Proposal {
    p.ruling_needed = true;
    p
}

fn grabbing(mut p: Proposal) -> Proposal {
    p.grabbing = true;
    p
}

/// Every preset: a registration protects its salesperson (REG-5), the earlier one winning
/// (REG-6); the closer's own customer is theirs whole.
fn own_customer(case: &Case) -> Proposal {
    all("REG-5", "own_customer", sp(case.closer))
}

/// ATT-V-4 (001 第12篇 6(2), 第11篇 2–4, 8). Employee referrals are company-wide (第11篇 is
/// its own rule set, repeated in 第12篇 6(2)5): the same split under every preset, each with
/// its own number. A confirmed referral is 30% referrer / 70%
/// receiver; one not confirmed at the visit is void (REG-8) and the receiver's whole.
fn employee_referral(
    policy: &Policy,
    referrer: StaffId,
    receiver: StaffId,
    confirmed: bool,
) -> Proposal {
    if confirmed {
        two(
            "ATT-V-4",
            "employee_referral",
            Party::Referrer(referrer),
            policy.split.employee_referrer_bp,
            sp(receiver),
        )
    } else {
        all("ATT-V-4", "employee_referral_void", sp(receiver))
    }
}

/// 004 (西堤国际), §9–§21.
fn p004(policy: &Policy, case: &Case) -> Proposal {
    let split = &policy.split;
    match &case.situation {
        // §9(3): named during the first visit → that salesperson's; otherwise the rotation's.
        Situation::Fresh { designated: true } => {
            all("ATT-004-2", "named_on_first_visit", sp(case.closer))
        }
        Situation::Fresh { designated: false } => all("ROT-1", "rotation_walk_in", sp(case.closer)),
        Situation::OwnCustomer => own_customer(case),
        // §9(1)(2), §12(3), §13: the helper receives and hands back (事后归还); a deal on the
        // spot (当时成交) is 20 helper / 80 owner. A later deal is the owner's, the customer
        // having been handed back.
        Situation::OwnerAway {
            owner,
            helper,
            because,
            on_spot,
        } => {
            let rule = match because {
                AwayBecause::OldCustomerBroughtNew | AwayBecause::AskedForOwner => "ATT-004-1",
                AwayBecause::PhoneCallerAskedForOwner => "ATT-004-3",
                AwayBecause::FoundMidReception => "ATT-004-4",
            };
            if *on_spot {
                two(
                    rule,
                    "helper_on_the_spot",
                    sp(*helper),
                    split.helper_bp,
                    sp(*owner),
                )
            } else {
                all(rule, "handed_back", sp(*owner))
            }
        }
        // §13: hand back, or continue with the owner's consent (20/80); otherwise grabbing
        // (搶客戶: the grabber's commission is cancelled, ROT-14).
        Situation::OwnerPresent {
            owner,
            receiver,
            handed_back,
            consented,
        } => {
            if *handed_back {
                all("ATT-004-4", "handed_back", sp(*owner))
            } else if *consented {
                two(
                    "ATT-004-4",
                    "continued_with_consent",
                    sp(*receiver),
                    split.helper_bp,
                    sp(*owner),
                )
            } else {
                grabbing(all("ATT-004-4", "grabbing", sp(*owner)))
            }
        }
        Situation::Unrecognised {
            original,
            receiver,
            registered_on,
            visit_on,
            recognised_on,
            ..
        } => att_004_6(
            policy,
            case.deal_on,
            *original,
            *receiver,
            *registered_on,
            *visit_on,
            *recognised_on,
        ),
        // §9(3) covers the first visit only ("第一次來訪的整個接待過程中", so even after
        // reception began). A later designation is not in 004; the registration, §21's first
        // evidence, decides: the first receiver keeps the customer.
        Situation::Designated {
            earlier,
            designated,
            visit,
            ..
        } => match earlier.first() {
            Some(first) if *visit > 1 => all("ATT-004-2", "registration_decides", sp(*first)),
            _ => all("ATT-004-2", "named_on_first_visit", sp(*designated)),
        },
        // 004 is silent on a customer naming several: the first named who is present, as a
        // named salesperson present receives (§9(3), §12(2)); none present → the rotation.
        Situation::NamedSeveral { named, duty } => first_named(named, *duty, "ATT-004-2"),
        // 004 has no refusal rule: staying with another salesperson takes the owner's consent
        // (§13), so the consent split is proposed and the manager rules (§20).
        Situation::RefusedOwner {
            owner, receiver, ..
        } => needs_ruling(two(
            "ATT-004-4",
            "refused_owner_manager_rules",
            sp(*receiver),
            split.helper_bp,
            sp(*owner),
        )),
        // §13 and §19 (no salesperson discounts on their own): the owner's customer stays theirs.
        Situation::WentToAnother { owner, .. } => all("ATT-004-4", "owner_keeps", sp(*owner)),
        Situation::EmployeeReferral {
            referrer,
            receiver,
            confirmed,
        } => employee_referral(policy, *referrer, *receiver, *confirmed),
        // §9(1): an old customer bringing a new one → the original receiver's, 20/80 with a
        // helper on the spot when absent. §10: a referred customer who comes alone without
        // naming anyone is received by rotation (REG-7); a conflict found within 7 days is
        // settled by the registration — the store's check, which then reports `announced`.
        Situation::OldCustomerReferral {
            original,
            receiver,
            announced,
            original_present,
            on_spot,
        } => {
            if !announced {
                all("REG-7", "referred_came_alone_rotation", sp(*receiver))
            } else if *original_present || !on_spot || original == receiver {
                all("ATT-004-1", "referral_original_receives", sp(*original))
            } else {
                two(
                    "ATT-004-1",
                    "helper_on_the_spot",
                    sp(*receiver),
                    split.helper_bp,
                    sp(*original),
                )
            }
        }
        // §14: the first reception decides; more than 30 days (the registration window) after
        // the original registration or deal → a new customer. Spouses are family (§6).
        Situation::KinApart {
            first,
            later,
            first_on,
            later_on,
            ..
        } => {
            if days(*first_on, *later_on) > i64::from(policy.registration_valid_days) {
                all("ATT-004-5", "kin_new_after_window", sp(*later))
            } else {
                all("ATT-004-5", "first_reception_decides", sp(*first))
            }
        }
        // §18 for group purchases; company customers are 004's 公共客户 C (§6–7), the sales
        // department's common resource: the same split.
        Situation::Company { salesperson, .. } => two(
            "ATT-004-7",
            "group_purchase",
            Party::Pool,
            split.group_purchase_pool_bp,
            sp(*salesperson),
        ),
    }
}

/// ATT-004-6 (004 §15–16). §15: a visit more than the second window (60 days) after the
/// original registration is a new customer's; §16: so is a deal more than 60 days after it.
/// Found after the deal: more than 3 calendar days after → all the dealing salesperson's;
/// within 3 → 50/50. Found before the deal (within the window), the original's (§15, §13).
/// Never found → the receiver's: nothing contradicts the record.
fn att_004_6(
    policy: &Policy,
    deal_on: NaiveDate,
    original: StaffId,
    receiver: StaffId,
    registered_on: NaiveDate,
    visit_on: NaiveDate,
    recognised_on: Option<NaiveDate>,
) -> Proposal {
    const R: &str = "ATT-004-6";
    let window = i64::from(policy.unknowing_window_days());
    if days(registered_on, visit_on) > window {
        return all(R, "visit_after_window_new_customer", sp(receiver));
    }
    if days(registered_on, deal_on) > window {
        return all(R, "deal_after_window_new_customer", sp(receiver));
    }
    let Some(found) = recognised_on else {
        return all(R, "never_found", sp(receiver));
    };
    if found < deal_on {
        return all(R, "found_before_deal", sp(original));
    }
    if days(deal_on, found) > i64::from(policy.split.found_after_deal_days) {
        all(R, "found_after_three_days", sp(receiver))
    } else {
        two(
            R,
            "found_within_three_days",
            sp(original),
            policy.split.unknowing_original_bp,
            sp(receiver),
        )
    }
}

/// The first named salesperson who is present, else the rotation's (ATT-14-5).
fn first_named(named: &[(StaffId, bool)], duty: StaffId, rule: &'static str) -> Proposal {
    match named.iter().find(|(_, present)| *present) {
        Some((id, _)) => all(rule, "first_named_present", sp(*id)),
        None => all(rule, "none_named_present_rotation", sp(duty)),
    }
}

/// 万科 (001 第12篇).
fn vanke(policy: &Policy, case: &Case) -> Proposal {
    let split = &policy.split;
    let answers: &Answers = &case.answers;
    let valid = i64::from(policy.registration_valid_days);
    match &case.situation {
        // 5.1: designated before substantive reception → the designated salesperson.
        Situation::Fresh { designated: true } => {
            all("ATT-V-2", "designated_before_reception", sp(case.closer))
        }
        Situation::Fresh { designated: false } => all("ROT-1", "rotation_walk_in", sp(case.closer)),
        Situation::OwnCustomer => own_customer(case),
        // 7.5 a–b and 4.2: the helper's reception is obligatory (义务接待) and earns a make-up
        // turn, not a share; the deal is the owner's, on the spot or later.
        Situation::OwnerAway { owner, because, .. } => {
            let rule = match because {
                AwayBecause::OldCustomerBroughtNew => "ATT-V-6",
                _ => "ROT-8",
            };
            all(rule, "helper_obligatory", sp(*owner))
        }
        // 3.6 and 3.7 g: the customer goes to the original; not handing back is grabbing.
        Situation::OwnerPresent {
            owner,
            handed_back,
            consented,
            ..
        } => {
            if *handed_back || *consented {
                all("ATT-V-1", "original_takes_over", sp(*owner))
            } else {
                grabbing(all("ATT-V-1", "grabbing", sp(*owner)))
            }
        }
        // ATT-V-1 (3.7 g–j). A visit after the registration's month (7.1) is a new customer's.
        // `on_spot` here is a deal in that reception before recognition (3.7 h).
        Situation::Unrecognised {
            original,
            receiver,
            registered_on,
            visit_on,
            recognised_on,
            on_spot,
        } => {
            const R: &str = "ATT-V-1";
            if days(*registered_on, *visit_on) > valid {
                return all(R, "visit_after_window_new_customer", sp(*receiver));
            }
            if *on_spot {
                return all(R, "deal_on_spot_before_recognition", sp(*receiver));
            }
            match recognised_on {
                Some(r) if r == visit_on => all(R, "recognised_same_day", sp(*original)),
                Some(r) if days(*visit_on, *r) <= i64::from(split.recognised_within_days) => two(
                    R,
                    "recognised_within_month",
                    sp(*original),
                    split.recognised_original_bp,
                    sp(*receiver),
                ),
                _ => all(R, "not_recognised_within_month", sp(*receiver)),
            }
        }
        // ATT-V-2 (5.1–5.3).
        Situation::Designated {
            earlier,
            designated,
            visit,
            reception_began,
        } => {
            const R: &str = "ATT-V-2";
            let Some(first) = earlier.first().filter(|f| *f != designated) else {
                return all(R, "designated_before_reception", sp(*designated));
            };
            if *visit > 1 {
                // 5.3: an old customer designating another → all to the first receiver.
                all(R, "returning_customer_designated_another", sp(*first))
            } else if !reception_began {
                all(R, "designated_before_reception", sp(*designated))
            } else {
                match answers.instigated {
                    None => ask(R, "designated_after_reception_began", Question::Instigated),
                    Some(true) => all(R, "designated_instigated", sp(*first)),
                    Some(false) => two(
                        R,
                        "designated_after_reception_began",
                        sp(*designated),
                        split.designated_after_start_bp,
                        sp(*first),
                    ),
                }
            }
        }
        // Silent in 第12篇: naming before reception is designating (5.1), so the first named
        // who is present; none present → the rotation.
        Situation::NamedSeveral { named, duty } => first_named(named, *duty, "ATT-V-2"),
        // 5.3: a returning customer who wants another salesperson → all to the first receiver
        // (the other receives only as obligatory reception, at the manager's decision).
        Situation::RefusedOwner { owner, .. } | Situation::WentToAnother { owner, .. } => all(
            "ATT-V-2",
            "returning_customer_designated_another",
            sp(*owner),
        ),
        Situation::EmployeeReferral {
            referrer,
            receiver,
            confirmed,
        } => employee_referral(policy, *referrer, *receiver, *confirmed),
        // ATT-V-6 (7.5): announced with a time, or brought in person naming A → A (absent: the
        // last in the queue receives, obligatorily); otherwise whoever received.
        Situation::OldCustomerReferral {
            original,
            receiver,
            announced,
            ..
        } => {
            if *announced {
                all("ATT-V-6", "referral_announced", sp(*original))
            } else {
                all("ATT-V-6", "referral_unannounced_receiver", sp(*receiver))
            }
        }
        // ATT-V-5 (7.4): spouses received apart → 50/50. Other family: 7.3, the earlier
        // registration wins (REG-6). Either way only while the first registration is valid
        // (7.1, one month); past it the later receiver's (第12篇 is silent on spouses past it;
        // a lapsed registration gives no right under 7.1).
        Situation::KinApart {
            first,
            later,
            kin,
            first_on,
            later_on,
        } => {
            let lapsed = days(*first_on, *later_on) > valid;
            match kin {
                Kin::Spouse => match answers.spouses {
                    None => ask("ATT-V-5", "spouses_received_apart", Question::Spouses),
                    Some(true) if lapsed => all("ATT-V-5", "first_registration_lapsed", sp(*later)),
                    Some(true) => two(
                        "ATT-V-5",
                        "spouses_shared",
                        sp(*later),
                        split.spouses_second_bp,
                        sp(*first),
                    ),
                    Some(false) => all("ATT-V-5", "not_spouses_buyer_s_receiver", sp(*later)),
                },
                Kin::Family if lapsed => all("REG-6", "first_registration_lapsed", sp(*later)),
                Kin::Family => all("REG-6", "first_registration_decides", sp(*first)),
            }
        }
        // ATT-V-3 (6(1)2–5). A developer's group purchase is a company customer here.
        Situation::Company { salesperson, kind } => {
            const R: &str = "ATT-V-3";
            if *kind == CompanyKind::LeaderDesignated {
                return all(R, "leader_designated_pool", Party::Pool);
            }
            match (answers.company_arranged, answers.non_sales_after_sales) {
                (None, _) => ask(R, "company_customer", Question::CompanyArranged),
                (Some(false), _) => two(
                    R,
                    "company_introduced_salesperson_followed",
                    Party::Pool,
                    split.company_followed_pool_bp,
                    sp(*salesperson),
                ),
                (Some(true), None) => ask(R, "company_arranged", Question::NonSalesAfterSales),
                (Some(true), Some(false)) => two(
                    R,
                    "company_arranged_salesperson_after_sales",
                    Party::Pool,
                    split.company_arranged_pool_bp,
                    sp(*salesperson),
                ),
                (Some(true), Some(true)) => all(R, "after_sales_by_non_sales", Party::Pool),
            }
        }
    }
}

/// 房地产销售客户管理细则 (001 第14篇 (五)). Validity: the registration window (建档有效期
/// 2个月, (五)2(1)).
fn rules14(policy: &Policy, case: &Case) -> Proposal {
    let split = &policy.split;
    let answers = &case.answers;
    let valid = i64::from(policy.registration_valid_days);
    match &case.situation {
        // (二)5(1): named on entering on the first visit → that salesperson's (the n = 1 of
        // ATT-14-8).
        Situation::Fresh { designated: true } => {
            all("ATT-14-8", "designated_on_first_visit", sp(case.closer))
        }
        Situation::Fresh { designated: false } => all("ROT-1", "rotation_walk_in", sp(case.closer)),
        Situation::OwnCustomer => own_customer(case),
        // ATT-14-3 ((五)3(3)): B absent, C helps outside the rotation; the deal is B's, bonus
        // B 80 / C 20. The source sets no on-the-spot condition, so none is applied. (二)5 of
        // the same 篇 has the duty salesperson who receives another's returning customer share
        // 50/50 if the deal is that day; the digest takes (五)3(3), the later and specific
        // rule for an absent B, and so does this; an office wanting (二)5 overrides helper_bp.
        Situation::OwnerAway { owner, helper, .. } => two(
            "ATT-14-3",
            "helper_for_absent_owner",
            sp(*helper),
            split.helper_bp,
            sp(*owner),
        ),
        // ATT-14-1 ((五)3(1)): B present → hand back; deal → B. Not handing back is 抢客
        // ((二)4).
        Situation::OwnerPresent {
            owner,
            handed_back,
            consented,
            ..
        } => {
            if *handed_back || *consented {
                all("ATT-14-1", "handed_back", sp(*owner))
            } else {
                grabbing(all("ATT-14-1", "grabbing", sp(*owner)))
            }
        }
        // ATT-14-7 ((五)3(7)) when the customer forgot; validity is counted to the day B is
        // found. A customer who had not forgotten should have been handed back: ATT-14-1,
        // while B's registration was valid at the visit.
        Situation::Unrecognised {
            original,
            receiver,
            registered_on,
            visit_on,
            recognised_on,
            ..
        } => match answers.forgot {
            None => ask(
                "ATT-14-7",
                "returning_customer_unrecognised",
                Question::Forgot,
            ),
            Some(false) if days(*registered_on, *visit_on) <= valid => {
                all("ATT-14-1", "handed_back", sp(*original))
            }
            Some(false) => all("ATT-14-1", "owner_registration_lapsed", sp(*receiver)),
            Some(true) => match recognised_on {
                Some(r) if days(*registered_on, *r) <= valid => two(
                    "ATT-14-7",
                    "forgot_found_within_validity",
                    sp(*original),
                    split.forgot_original_bp,
                    sp(*receiver),
                ),
                Some(_) => all("ATT-14-7", "forgot_found_after_validity", sp(*receiver)),
                None => all("ATT-14-7", "forgot_never_found", sp(*receiver)),
            },
        },
        // ATT-14-8 ((五)3(8)): designated on the n-th visit → A 50%, the salespeople of the
        // visits before 50%, shared equally among them (the source does not divide it; equal
        // shares, any basis point left over to the first receiver).
        Situation::Designated {
            earlier,
            designated,
            visit,
            ..
        } => {
            const R: &str = "ATT-14-8";
            let mut before: Vec<StaffId> = Vec::new();
            for id in earlier {
                if id != designated && !before.contains(id) {
                    before.push(*id);
                }
            }
            if *visit <= 1 || before.is_empty() {
                return all(R, "designated_on_first_visit", sp(*designated));
            }
            let pot = split.nth_visit_earlier_bp.min(WHOLE);
            let n = Bp::try_from(before.len()).unwrap_or(Bp::MAX);
            let each = pot / n;
            let mut shares = vec![Share {
                party: sp(*designated),
                bp: WHOLE - pot,
            }];
            for (i, id) in before.iter().enumerate() {
                let extra = if i == 0 { pot - each * n } else { 0 };
                shares.push(Share {
                    party: sp(*id),
                    bp: each + extra,
                });
            }
            Proposal::new(R, "designated_on_nth_visit", shares)
        }
        // ATT-14-5 ((五)3(5)).
        Situation::NamedSeveral { named, duty } => first_named(named, *duty, "ATT-14-5"),
        // ATT-14-4 ((五)3(4)) when the complaint was verified; otherwise ATT-14-2 ((五)3(2)):
        // A 80 / B 20 while B's registration is valid at the deal, else B nothing.
        Situation::RefusedOwner {
            owner,
            receiver,
            registered_on,
            complained,
        } => {
            if *complained {
                match answers.complaint_verified {
                    None => {
                        return ask(
                            "ATT-14-4",
                            "complaint_against_owner",
                            Question::ComplaintVerified,
                        );
                    }
                    Some(true) => return all("ATT-14-4", "complaint_verified", sp(*receiver)),
                    Some(false) => {}
                }
            }
            if days(*registered_on, case.deal_on) <= valid {
                two(
                    "ATT-14-2",
                    "owner_registration_valid",
                    sp(*owner),
                    split.refused_owner_bp,
                    sp(*receiver),
                )
            } else {
                all("ATT-14-2", "owner_registration_lapsed", sp(*receiver))
            }
        }
        // ATT-14-6 ((五)3(6)). If it was not only for a discount, the customer wanted B:
        // that is ATT-14-2's case and needs B's registration, so the supervisor rules.
        Situation::WentToAnother { owner, .. } => match answers.discount_only {
            None => ask("ATT-14-6", "went_to_another", Question::DiscountOnly),
            Some(true) => all("ATT-14-6", "discount_only", sp(*owner)),
            Some(false) => needs_ruling(all("ATT-14-6", "not_only_discount", sp(*owner))),
        },
        Situation::EmployeeReferral {
            referrer,
            receiver,
            confirmed,
        } => employee_referral(policy, *referrer, *receiver, *confirmed),
        // ATT-14-9 ((五)3(10)): brought by an old customer → the original receiver's, whoever
        // received (and whether announced or not).
        Situation::OldCustomerReferral { original, .. } => {
            all("ATT-14-9", "referred_belongs_to_original", sp(*original))
        }
        // ATT-14-9 ((五)3(11)): family members apart → the first receiver. The rule names no
        // window; the 2-month validity of (五)2(1) bounds every registration, so past it the
        // later receiver's.
        Situation::KinApart {
            first,
            later,
            first_on,
            later_on,
            ..
        } => {
            if days(*first_on, *later_on) > valid {
                all("ATT-14-9", "first_registration_lapsed", sp(*later))
            } else {
                all("ATT-14-9", "kin_first_receiver", sp(*first))
            }
        }
        // 第14篇 has no company-customer rule: the manager decides ((五)4).
        Situation::Company { salesperson, .. } => {
            needs_ruling(all("ATT", "no_rule_manager_decides", sp(*salesperson)))
        }
    }
}
