//! Attribution (客户归属) and the commission split (分成) of a deal: the pure core. The
//! store builds a [`Case`] from what the registers hold (who received the customer on which
//! visit and when, who was present, designations, referrals, days between registration and
//! deal); [`propose`] reads it under the office's [`Policy`] and names the parties, their
//! shares in basis points and the rule cited. Facts no register holds are [`Answers`]; where
//! the case turns on one still unanswered, the proposal lists it in [`Proposal::needs`] and
//! proposes no split until it is answered (ATT preamble: the console proposes, a supervisor
//! confirms).
//!
//! Each preset's rules are code (`rules.rs`); their numbers are [`SplitPolicy`] data; the
//! registration windows are [`Policy`]'s. ATT-14-10's random redistribution is
//! [`redistribute()`].
//!
//! Decided where the sources are silent or differ (each at its arm in `rules.rs`):
//! - "On the spot" (当时成交) is a deal before the reception that met the customer ended;
//!   004 splits only then (§9, §12(3)); rules-14's ATT-14-3 names no such condition and
//!   splits 80/20 whenever the deal comes; vanke gives the helper no share (义务接待).
//! - Days are calendar days between the office's dates, the first day being day 0: "more
//!   than N days" starts on day N+1 (as `register::window`).
//! - Employee referrals (ATT-V-4) are 001 第11篇's company-wide rule: every preset.
//! - A split of the earlier salespeople's half (ATT-14-8) among several is equal, any basis
//!   point left over to the first receiver.
//! - A preset with no rule for a situation proposes its nearest rule's outcome and says so in
//!   the reason, or asks for a ruling ([`Proposal::ruling_needed`]).

pub mod redistribute;
mod rules;
pub mod split;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use strum::EnumIter;

pub use redistribute::redistribute;
pub use split::{Bp, SplitPolicy, WHOLE};

use crate::domain::policy::Policy;
use crate::domain::staff::StaffId;

/// The preset whose rules apply: the policy's `name`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    /// 西堤国际 (seeds/004 §9–§21).
    P004,
    /// 万科 (seeds/001 第12篇).
    Vanke,
    /// 房地产销售客户管理细则 (seeds/001 第14篇 (五)).
    Rules14,
}

impl Preset {
    pub fn of(policy: &Policy) -> Option<Preset> {
        match policy.name.as_str() {
            "004" => Some(Preset::P004),
            "vanke" => Some(Preset::Vanke),
            "rules-14" => Some(Preset::Rules14),
            _ => None,
        }
    }
}

/// Who takes a share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "party", content = "staff")]
pub enum Party {
    Salesperson(StaffId),
    /// The sales department's pool (公佣, 001 第12篇 6(1)).
    Pool,
    /// A staff member who referred the customer (ATT-V-4), salesperson or not.
    Referrer(StaffId),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Share {
    #[serde(flatten)]
    pub party: Party,
    pub bp: Bp,
}

/// A question the registers cannot answer; the clerk answers, the supervisor confirms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, EnumIter)]
#[serde(rename_all = "snake_case")]
pub enum Question {
    /// ATT-V-2: did the designated salesperson instigate the designation (怂恿)?
    Instigated,
    /// ATT-14-6: did the customer approach B only for a discount (争取销售折头)?
    DiscountOnly,
    /// ATT-14-4: did the supervisor verify the customer's complaint against B (销售主任落实)?
    ComplaintVerified,
    /// ATT-14-7: had the customer forgotten who received them?
    Forgot,
    /// ATT-V-3: did the company arrange the deal itself, without reception or talks?
    CompanyArranged,
    /// ATT-V-3: does non-sales staff do the after-sales (其他员工主要跟进售后手续)?
    NonSalesAfterSales,
    /// ATT-V-5: are the two buyers spouses (夫妻)?
    Spouses,
    /// ATT-004-4 (004 §13; ATT-V-1, ATT-14-1 likewise): the owner was there when the
    /// receiver learnt whose customer it was — did the owner consent to the receiver going on?
    /// No: it was grabbing (ROT-14).
    OwnerConsented,
    /// ATT-V-3 (001 第12篇 6(1)2): did a leader of the company designate the salesperson?
    LeaderDesignated,
}

/// The answers to [`Question`]s: `None` until someone answers; the store pre-answers what the
/// record knows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Answers {
    pub instigated: Option<bool>,
    pub discount_only: Option<bool>,
    pub complaint_verified: Option<bool>,
    pub forgot: Option<bool>,
    pub company_arranged: Option<bool>,
    pub non_sales_after_sales: Option<bool>,
    pub spouses: Option<bool>,
    pub owner_consented: Option<bool>,
    pub leader_designated: Option<bool>,
}

impl Answers {
    pub fn set(&mut self, q: Question, answer: Option<bool>) {
        let slot = match q {
            Question::Instigated => &mut self.instigated,
            Question::DiscountOnly => &mut self.discount_only,
            Question::ComplaintVerified => &mut self.complaint_verified,
            Question::Forgot => &mut self.forgot,
            Question::CompanyArranged => &mut self.company_arranged,
            Question::NonSalesAfterSales => &mut self.non_sales_after_sales,
            Question::Spouses => &mut self.spouses,
            Question::OwnerConsented => &mut self.owner_consented,
            Question::LeaderDesignated => &mut self.leader_designated,
        };
        *slot = answer;
    }

    pub fn get(&self, q: Question) -> Option<bool> {
        match q {
            Question::Instigated => self.instigated,
            Question::DiscountOnly => self.discount_only,
            Question::ComplaintVerified => self.complaint_verified,
            Question::Forgot => self.forgot,
            Question::CompanyArranged => self.company_arranged,
            Question::NonSalesAfterSales => self.non_sales_after_sales,
            Question::Spouses => self.spouses,
            Question::OwnerConsented => self.owner_consented,
            Question::LeaderDesignated => self.leader_designated,
        }
    }
}

/// How a customer whose salesperson was away came to be received by a helper.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AwayBecause {
    /// The owner's old customer brought a new one (004 §9(1)).
    OldCustomerBroughtNew,
    /// A new customer asked for the owner by name (004 §9(2); 001 第14篇 (五)3(3)).
    AskedForOwner,
    /// A phone customer asked for whoever answered the call (004 §12(3)).
    PhoneCallerAskedForOwner,
    /// The receiver found mid-reception that the customer was the owner's, and the owner
    /// could not be reached (004 §13 "原售樓員不在現場或無法聯絡").
    FoundMidReception,
}

/// A family member, or a spouse, received apart from the one received first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kin {
    /// 三代以内的直系亲属 (004 §6), or a group that came together (一家(批)人, 004 §14).
    Family,
    /// Husband or wife, as the clerk believes; ATT-V-5 asks [`Question::Spouses`].
    Spouse,
}

/// How a company customer (公司客户, 001 第12篇 6(1)) or a developer's group purchase
/// (团购, 004 §18) reached the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompanyKind {
    /// A company leader designated the salesperson (6(1)2).
    LeaderDesignated,
    /// Brought or introduced by the company; the rest asks [`Question::CompanyArranged`] and
    /// [`Question::NonSalesAfterSales`] (6(1)3–5).
    Introduced,
    /// A group purchase arranged with the developer or the marketing department (004 §18).
    GroupPurchase,
}

/// The facts of a deal's case that the rules turn on. Dates are the office's calendar dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Situation {
    /// No earlier registration: a walk-in received by rotation, or one who named `closer` on
    /// the first visit (`designated`).
    Fresh { designated: bool },
    /// The closer holds the customer's protected registration (REG-5, REG-6): their own
    /// customer, whoever else met them on the way.
    OwnCustomer,
    /// The owner was away; `helper` received for them. `on_spot`: the deal was made before
    /// the reception that met the customer ended (当时成交).
    OwnerAway {
        owner: StaffId,
        helper: StaffId,
        because: AwayBecause,
        on_spot: bool,
    },
    /// The receiver learnt mid-reception that the customer was `owner`'s, and the owner was
    /// there. `handed_back`: the customer went back to the owner; otherwise `consented` says
    /// whether the owner let the receiver continue (004 §13).
    OwnerPresent {
        owner: StaffId,
        receiver: StaffId,
        handed_back: bool,
        consented: bool,
    },
    /// `receiver` received a customer registered earlier to `original` without either knowing
    /// it (004 §15–16; 001 第12篇 3.7; 001 第14篇 (五)3(7)). `visit_on`: the day of that
    /// reception; `recognised_on`: when it came out that the customer was `original`'s
    /// (`None`: never); `on_spot`: the deal was made in that reception.
    Unrecognised {
        original: StaffId,
        receiver: StaffId,
        registered_on: NaiveDate,
        visit_on: NaiveDate,
        recognised_on: Option<NaiveDate>,
        on_spot: bool,
    },
    /// The customer designated `designated` on their `visit`-th visit (1 = the first), after
    /// `earlier` had received them (first receiver first; empty if nobody had).
    /// `reception_began`: on the first visit, the designation came after reception
    /// (viewing, explanation) had begun (001 第12篇 5.1–5.2).
    Designated {
        earlier: Vec<StaffId>,
        designated: StaffId,
        visit: u32,
        reception_began: bool,
    },
    /// The customer named several salespeople without choosing, in the order named, each
    /// with whether they were present; `duty` is the rotation's (001 第14篇 (五)3(5)).
    NamedSeveral {
        named: Vec<(StaffId, bool)>,
        duty: StaffId,
    },
    /// The customer, received before by `owner` (registered on `registered_on`), refused
    /// them and asked `receiver` to follow; `complained`: with a complaint against the owner.
    RefusedOwner {
        owner: StaffId,
        receiver: StaffId,
        registered_on: NaiveDate,
        complained: bool,
    },
    /// `owner`'s customer went to `other` (asks [`Question::DiscountOnly`]).
    WentToAnother { owner: StaffId, other: StaffId },
    /// A staff member referred the customer (REG-8); `confirmed`: the supervisor confirmed
    /// the referral at the visit on its appointment day.
    EmployeeReferral {
        referrer: StaffId,
        receiver: StaffId,
        confirmed: bool,
    },
    /// An old customer of `original` referred a new one, received by `receiver`.
    /// `announced`: announced in advance with a time, or brought in person naming `original`
    /// (001 第12篇 7.5 a–b); `original_present`; `on_spot` as above.
    OldCustomerReferral {
        original: StaffId,
        receiver: StaffId,
        announced: bool,
        original_present: bool,
        on_spot: bool,
    },
    /// Two of one family (or one batch) were received apart: `first` on `first_on`
    /// (the original registration, or the deal if later, 004 §14), `later` on `later_on`.
    KinApart {
        first: StaffId,
        later: StaffId,
        kin: Kin,
        first_on: NaiveDate,
        later_on: NaiveDate,
    },
    /// A company customer or a group purchase, followed by `salesperson`.
    Company {
        salesperson: StaffId,
        kind: CompanyKind,
    },
}

/// A deal's case: who closed it, when, and the situation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// The salesperson who closed the deal (signed the subscription with the customer).
    pub closer: StaffId,
    /// The deal's date (deposit paid, subscription signed; 004 §17).
    pub deal_on: NaiveDate,
    pub situation: Situation,
    pub answers: Answers,
}

/// The proposed attribution: the shares (summing to [`WHOLE`]), the rule and a reason key
/// for the text catalogue. With `needs` non-empty, `shares` is empty: the case turns on
/// those answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub rule: &'static str,
    pub reason: &'static str,
    pub shares: Vec<Share>,
    pub needs: Vec<Question>,
    /// Grabbing found at the deal (ROT-14), to be proposed as a violation.
    pub grabbing: bool,
    /// No rule of the preset decides: the supervisor rules in writing (004 §20; 001 第12篇
    /// 7.7; 001 第14篇 (五)4). `shares` is then the closer's whole, as a starting point.
    pub ruling_needed: bool,
}

impl Proposal {
    pub(crate) fn new(rule: &'static str, reason: &'static str, shares: Vec<Share>) -> Proposal {
        let mut merged: Vec<Share> = Vec::new();
        for s in shares.into_iter().filter(|s| s.bp > 0) {
            match merged.iter_mut().find(|m| m.party == s.party) {
                Some(m) => m.bp += s.bp,
                None => merged.push(s),
            }
        }
        debug_assert_eq!(merged.iter().map(|s| s.bp).sum::<Bp>(), WHOLE);
        Proposal {
            rule,
            reason,
            shares: merged,
            needs: Vec::new(),
            grabbing: false,
            ruling_needed: false,
        }
    }

    pub(crate) fn asks(rule: &'static str, reason: &'static str, needs: Vec<Question>) -> Proposal {
        Proposal {
            rule,
            reason,
            shares: Vec::new(),
            needs,
            grabbing: false,
            ruling_needed: false,
        }
    }

    /// A proposal that can be confirmed: every question it turns on is answered.
    pub fn is_complete(&self) -> bool {
        self.needs.is_empty()
    }

    /// The share of one party, 0 if none.
    pub fn share_of(&self, party: Party) -> Bp {
        self.shares
            .iter()
            .find(|s| s.party == party)
            .map_or(0, |s| s.bp)
    }
}

/// Proposes the attribution of `case` under `policy` (its preset's rules, its split numbers
/// and its registration windows). A policy that is none of the shipped presets is read as
/// 004's rules with its own numbers.
pub fn propose(policy: &Policy, case: &Case) -> Proposal {
    let preset = Preset::of(policy).unwrap_or(Preset::P004);
    rules::propose(preset, policy, case)
}

#[cfg(test)]
mod tests;
