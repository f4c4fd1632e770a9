//! A proposal's reason key (`domain::attribution`'s rules and the store's case) in words.
//! Kept as one table so a test can walk every key the rules produce: a key without words
//! fails the test, and one unknown at run time (a newer desk's) is shown as the key itself.

use crate::i18n::{Lang, Msg};

macro_rules! reasons {
    ($($key:literal => $zh:literal, $en:literal;)*) => {
        /// Every reason key with words, in one list.
        pub const REASONS: &[(&str, Msg)] = &[$(($key, Msg { zh: $zh, en: $en })),*];
    };
}

reasons! {
    "after_sales_by_non_sales" => "售后手续主要由非销售员工跟进", "non-sales staff does most of the after-sales";
    "company_arranged" => "公司自行安排成交,无接待、无洽谈", "the company arranged the deal itself, without reception or talks";
    "company_arranged_salesperson_after_sales" => "公司安排成交,销售员跟进售后手续", "the company arranged the deal; the salesperson does the after-sales";
    "company_customer" => "公司客户:须先回答是否由公司领导指定", "a company customer: first say whether a company leader designated the salesperson";
    "company_introduced_salesperson_followed" => "公司介绍的客户,由销售员接待跟进", "introduced by the company, received and followed by the salesperson";
    "complaint_against_owner" => "客户投诉原销售员", "the customer complained against the owner";
    "complaint_verified" => "投诉经销售主任落实,归接待人", "the complaint was verified: the receiver's";
    "continued_with_consent" => "原销售员同意由接待人继续接待", "the owner consented to the receiver going on";
    "deal_after_window_new_customer" => "成交时原登记已过有效期,视为新客户", "the deal came after the registration's window: a new customer";
    "deal_on_spot_before_recognition" => "认出之前已当场成交", "the deal was made on the spot before the customer was recognised";
    "designated_after_reception_began" => "接待开始后才指定销售员", "the customer named a salesperson after reception had begun";
    "designated_before_reception" => "接待前指定销售员", "the customer named the salesperson before reception";
    "designated_instigated" => "指定系销售员怂恿,不予认可", "the designation was instigated: not recognised";
    "designated_on_first_visit" => "首次来访即指定该销售员", "named on the first visit";
    "designated_on_nth_visit" => "再次来访时指定他人,与先前接待人分成", "named on a later visit: shared with the earlier receivers";
    "discount_only" => "客户找他人只为争取折扣,仍归原销售员", "the customer went to another only for a discount: still the owner's";
    "employee_referral" => "员工推荐的客户 (REG-8)", "a staff member's referral (REG-8)";
    "employee_referral_void" => "推荐未在来访时经主管确认,推荐无效 (REG-8)", "the referral was not confirmed at the visit: void (REG-8)";
    "first_named_present" => "客户点名者中第一位在场的销售员", "the first salesperson named who was present";
    "first_reception_decides" => "以首次接待为准", "the first reception decides";
    "first_registration_decides" => "以最早的登记为准 (REG-6)", "the earliest registration decides (REG-6)";
    "first_registration_lapsed" => "最早的登记已过期", "the first registration has lapsed";
    "forgot_found_after_validity" => "客户忘了接待人,查到时原登记已过期", "the customer had forgotten; found after the registration lapsed";
    "forgot_found_within_validity" => "客户忘了接待人,有效期内查到,归原销售员", "the customer had forgotten; found within the registration's validity: the owner's";
    "forgot_never_found" => "客户忘了接待人,始终未查到", "the customer had forgotten; the owner was never found";
    "found_after_three_days" => "成交三天后才查出,归接待人", "found more than three days after the deal: the receiver's";
    "found_before_deal" => "成交前已查出是原销售员的客户", "found to be the owner's before the deal";
    "found_within_three_days" => "成交三天内查出,与原销售员分成", "found within three days of the deal: shared with the owner";
    "grabbing" => "抢客户,违规 (ROT-14):佣金归原销售员", "grabbing a customer, a violation (ROT-14): the commission goes to the owner";
    "group_purchase" => "团购:按与开发商的约定", "a group purchase, as arranged with the developer";
    "handed_back" => "已交还原销售员", "handed back to the owner";
    "helper_for_absent_owner" => "原销售员不在,同事代为接待", "a colleague received while the owner was absent";
    "helper_obligatory" => "代接待为义务接待,不分成", "helping an absent colleague is an obligation: no share";
    "helper_on_the_spot" => "原销售员不在,代接待人当场成交,双方分成", "a colleague helped while the owner was absent; deal on the spot: shared";
    "kin_first_receiver" => "一家人分别来访,归首位接待人", "family received apart: the first receiver's";
    "kin_new_after_window" => "家人在有效期后来访,视为新客户", "a family member came after the window: a new customer";
    "leader_designated_pool" => "公司领导指定销售员,部分佣金入公佣", "a company leader designated the salesperson: part goes to the pool";
    "named_on_first_visit" => "首次来访点名该销售员", "the customer named the salesperson on the first visit";
    "never_found" => "始终未查出原销售员", "the owner was never found";
    "no_rule_manager_decides" => "制度无相应条款,由经理裁定", "no rule decides: the manager rules";
    "none_named_present_rotation" => "点名的销售员都不在,按轮序", "none of those named was present: by rotation";
    "not_only_discount" => "客户并非只为折扣而找他人", "the customer did not go to the other only for a discount";
    "not_recognised_within_month" => "一个月内未认出", "not recognised within the month";
    "not_spouses_buyer_s_receiver" => "不是夫妻,归买方的接待人", "not spouses: the buyer's receiver's";
    "original_takes_over" => "由原销售员接手", "the original salesperson takes over";
    "own_customer" => "成交人自己的客户 (REG-5)", "the closer's own customer (REG-5)";
    "redistributed_customer" => "经理重新分配给成交人的客户,在分配有效期内 (ATT-14-10)", "the closer's customer by the manager's redistribution, inside its window (ATT-14-10)";
    "owner_keeps" => "仍归原销售员", "the owner keeps the customer";
    "owner_present" => "原销售员在场:须先回答是否同意接待人继续", "the owner was there: first say whether they consented to the receiver going on";
    "owner_registration_lapsed" => "原销售员的登记已过期", "the owner's registration has lapsed";
    "owner_registration_valid" => "原销售员的登记仍有效", "the owner's registration is still valid";
    "recognised_same_day" => "当天认出是原销售员的客户", "recognised as the owner's the same day";
    "recognised_within_month" => "一个月内认出", "recognised within the month";
    "referral_announced" => "老客户事先约定推荐,归原销售员", "the referral was announced in advance: the original's";
    "referral_original_receives" => "老客户介绍的新客户,归原销售员", "a new customer an old one brought: the original's";
    "referral_unannounced_receiver" => "未事先约定的推荐,归接待人", "an unannounced referral: the receiver's";
    "referred_belongs_to_original" => "被推荐的客户归原销售员", "the referred customer belongs to the original";
    "referred_came_alone_rotation" => "被推荐客户独自来访未点名,按轮序 (REG-7)", "the referred customer came alone naming nobody: by rotation (REG-7)";
    "refused_owner_manager_rules" => "客户拒绝原销售员,由经理裁定", "the customer refused the owner: the manager rules";
    "registration_decides" => "以登记为准", "the registration decides";
    "returning_customer_designated_another" => "老客户指定另一位销售员", "a returning customer named another salesperson";
    "returning_customer_unrecognised" => "未被认出的老客户", "a returning customer nobody recognised";
    "rotation_walk_in" => "轮序接待的新客户,全归成交人", "a walk-in received by rotation: the closer's whole";
    "spouses_received_apart" => "两位买方分别来访:须先回答是否夫妻", "two buyers received apart: first say whether they are spouses";
    "spouses_shared" => "夫妻分别来访,各占一半", "spouses received apart: half each";
    "visit_after_window_new_customer" => "来访时原登记已过有效期,视为新客户", "the visit came after the registration's window: a new customer";
    "went_to_another" => "客户转找其他销售员", "the customer went to another salesperson";
    "unit_changed_keeps_attribution" => "换房:沿用原成交的分成", "change of unit: keeps the cancelled deal's split";
    "unit_changed_no_split" => "换房:原成交还没有分成,由主管定", "change of unit: the cancelled deal had no split yet; the supervisor decides";
}

/// The words for `key`, or the key itself when this desk has none (never a panic).
pub fn reason(key: &str, lang: Lang) -> String {
    REASONS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or_else(|| key.to_owned(), |(_, msg)| msg.text(lang).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every quoted snake_case word in `source`: the reason keys its proposals cite.
    fn quoted_keys(source: &str) -> Vec<&str> {
        source
            .split('"')
            .skip(1)
            .step_by(2)
            .filter(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
            .collect()
    }

    #[test]
    fn every_reason_key_the_rules_and_the_case_produce_has_words_in_both_languages() {
        let sources = [
            include_str!("../../domain/attribution/rules.rs"),
            include_str!("../../store/deals/case.rs"),
        ];
        let keys: Vec<&str> = sources.iter().flat_map(|s| quoted_keys(s)).collect();
        assert!(keys.len() > 60, "the rules' keys were found: {keys:?}");
        for key in keys {
            let known = REASONS.iter().find(|(k, _)| *k == key);
            let Some((_, msg)) = known else {
                panic!("reason key {key:?} has no words in ui/deals/reasons.rs");
            };
            assert!(!msg.zh.is_empty() && !msg.en.is_empty(), "{key}");
        }
    }

    #[test]
    fn an_unknown_reason_key_is_shown_as_itself() {
        assert_eq!(reason("from_a_newer_desk", Lang::Zh), "from_a_newer_desk");
        assert_eq!(
            reason("rotation_walk_in", Lang::En),
            "a walk-in received by rotation: the closer's whole"
        );
    }
}
