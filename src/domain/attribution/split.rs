//! The numbers of the commission split (ATT): percentages in basis points and the windows in
//! calendar days that the attribution rules turn on. Data, not code: each preset's `[split]`
//! table in `assets/policies/` sets them, an office may override any of them
//! (`[policy.split]` in its settings), and what a table leaves out takes the source's number
//! below. The registration windows themselves (REG-5, 004 §14–16, 001 第14篇 (五)2) are not
//! repeated here: they are [`Policy`](crate::domain::policy::Policy)'s, so one override moves
//! every rule that counts them.

use serde::{Deserialize, Serialize};

/// Basis points: 10,000 is the whole commission.
pub type Bp = u32;

/// The whole commission, in basis points.
pub const WHOLE: Bp = 10_000;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct SplitPolicy {
    /// The helper's share of a deal closed on the spot for an absent owner (ATT-004-1,
    /// ATT-004-3, ATT-004-4: 004 §9, §12(3), §13 "成交的售樓員占二"), and of the helper C
    /// in ATT-14-3 (001 第14篇 (五)3(3) "b:80%,c:20%"); the owner has the rest.
    pub helper_bp: Bp,
    /// ATT-004-6 (004 §16): a deal found to be another's within this many calendar days after
    /// the deal is shared; found later, it is all the dealing salesperson's. The deal's day is
    /// day 0, so day 3 is still "三天內".
    pub found_after_deal_days: u32,
    /// The original salesperson's share when ATT-004-6 shares the deal ("五五分成").
    pub unknowing_original_bp: Bp,
    /// ATT-V-1 (001 第12篇 3.7 i/j): recognised within this many calendar days after the
    /// visit ("之后1个月内"; a month is 30 days, as the presets take it).
    pub recognised_within_days: u32,
    /// The original salesperson's share when ATT-V-1 shares the deal ("平分").
    pub recognised_original_bp: Bp,
    /// The designated salesperson's share when the manager let a customer designate them after
    /// reception began (ATT-V-2, 001 第12篇 5.2: "70%歸最先接待的售樓員,30%歸被指定").
    pub designated_after_start_bp: Bp,
    /// The pool's share when the company brought the customer and the salesperson followed
    /// through (ATT-V-3, 001 第12篇 6(1)3: "該售樓員得70%,30%作為公佣").
    pub company_followed_pool_bp: Bp,
    /// The pool's share when the company arranged the deal and the salesperson did the
    /// after-sales (ATT-V-3, 6(1)4: "該售樓員得30%,70%作為公佣").
    pub company_arranged_pool_bp: Bp,
    /// The pool's share of a group purchase arranged with the developer (ATT-004-7, 004 §18:
    /// "業績不完全歸其所有,只在分配團購成交獎金時,適度增加比例"). The source names no
    /// number: by default the whole goes to the pool and the office sets the duty
    /// salesperson's part here.
    pub group_purchase_pool_bp: Bp,
    /// The employee referrer's share (ATT-V-4: 001 第12篇 6(2)5 and 第11篇 8, "30%為介紹人").
    pub employee_referrer_bp: Bp,
    /// The later receiver's share when spouses were received separately (ATT-V-5, 7.4 "各得一半").
    pub spouses_second_bp: Bp,
    /// B's share when the customer refused B and A followed, B's registration still valid
    /// (ATT-14-2, 001 第14篇 (五)3(2) "a:80%,b:20%").
    pub refused_owner_bp: Bp,
    /// B's share when the customer forgot B and B was found within validity (ATT-14-7, "a:50%,b:50%").
    pub forgot_original_bp: Bp,
    /// The earlier salespeople's share when the customer designated A on a later visit
    /// (ATT-14-8, "a:50%,n次前的銷售員50%").
    pub nth_visit_earlier_bp: Bp,
}

impl Default for SplitPolicy {
    /// The sources' numbers.
    fn default() -> Self {
        SplitPolicy {
            helper_bp: 2_000,
            found_after_deal_days: 3,
            unknowing_original_bp: 5_000,
            recognised_within_days: 30,
            recognised_original_bp: 5_000,
            designated_after_start_bp: 3_000,
            company_followed_pool_bp: 3_000,
            company_arranged_pool_bp: 7_000,
            group_purchase_pool_bp: WHOLE,
            employee_referrer_bp: 3_000,
            spouses_second_bp: 5_000,
            refused_owner_bp: 2_000,
            forgot_original_bp: 5_000,
            nth_visit_earlier_bp: 5_000,
        }
    }
}

impl SplitPolicy {
    /// The field names an office may set in `[policy.split]`.
    pub const FIELDS: [&'static str; 14] = [
        "helper_bp",
        "found_after_deal_days",
        "unknowing_original_bp",
        "recognised_within_days",
        "recognised_original_bp",
        "designated_after_start_bp",
        "company_followed_pool_bp",
        "company_arranged_pool_bp",
        "group_purchase_pool_bp",
        "employee_referrer_bp",
        "spouses_second_bp",
        "refused_owner_bp",
        "forgot_original_bp",
        "nth_visit_earlier_bp",
    ];

    /// The first share above the whole commission, by field name.
    pub fn out_of_range(&self) -> Option<&'static str> {
        [
            ("helper_bp", self.helper_bp),
            ("unknowing_original_bp", self.unknowing_original_bp),
            ("recognised_original_bp", self.recognised_original_bp),
            ("designated_after_start_bp", self.designated_after_start_bp),
            ("company_followed_pool_bp", self.company_followed_pool_bp),
            ("company_arranged_pool_bp", self.company_arranged_pool_bp),
            ("group_purchase_pool_bp", self.group_purchase_pool_bp),
            ("employee_referrer_bp", self.employee_referrer_bp),
            ("spouses_second_bp", self.spouses_second_bp),
            ("refused_owner_bp", self.refused_owner_bp),
            ("forgot_original_bp", self.forgot_original_bp),
            ("nth_visit_earlier_bp", self.nth_visit_earlier_bp),
        ]
        .into_iter()
        .find(|(_, bp)| *bp > WHOLE)
        .map(|(name, _)| name)
    }
}

/// Basis points as a percentage for people: `2000` → `20%`, `3333` → `33.33%`.
pub fn percent(bp: Bp) -> String {
    if bp.is_multiple_of(100) {
        format!("{}%", bp / 100)
    } else {
        format!("{}.{:02}%", bp / 100, bp % 100)
    }
}
