//! Whose customer a visitor is, from the registers (判客): the earlier visits and calls that
//! match the typed identity by REG-3, each with its protection under the office's policy
//! (REG-5), the calls counted only where the policy says (REG-9), and one verdict with the
//! rules it applied; the earlier registration wins a conflict (REG-6) and the supervisor
//! confirms (ATT preamble: the console proposes, a supervisor confirms).
//!
//! Choices where the sources are silent, so a reader can argue with them:
//! - **A salesperson's later registration renews their protection.** Every visit is
//!   registered (REG-1) and "登记有效期为一个月" (001 第12篇 7.1) speaks of each registration;
//!   004 §14 measures from "原始登记或成交", the last event that tied the customer to the
//!   salesperson. So a holder's protection runs from their latest registration, and their
//!   place in a conflict from the start of their unbroken run (registrations each within the
//!   window of the one before).
//! - **A registration made while another's was protected is still a registration**; it loses
//!   to the earlier while both are protected (REG-6), and protects its own salesperson once
//!   the earlier has lapsed: by then the customer would be new anyway, and that salesperson
//!   has been following them.
//! - **004's second window** (§15, ATT-004-6): past the 30 days of §14 the customer is new
//!   ([`Verdict::Expired`]), but if the salesperson now receiving did not know, the original
//!   registration still counts until day 60; the verdict carries that date and cites the rule,
//!   and the supervisor rules, as 004 §20 has them do.
//! - **A registration dated after `now`** is listed but is not earlier evidence.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use super::identity::{Identity, IdentityPart, NearMiss};
use super::window::Window;
use crate::domain::policy::Policy;
use crate::domain::staff::StaffId;

/// Which register a row is from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Register {
    Visit,
    Call,
}

/// An earlier registration the store found for the typed identity: a visit with its receiving
/// salesperson, or a call with who answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Earlier {
    pub register: Register,
    /// The row id in its register, for the UI to open it.
    pub id: i64,
    pub salesperson: StaffId,
    pub at: DateTime<Utc>,
    pub identity: Identity,
}

/// An earlier registration that is the same customer by REG-3.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub register: Register,
    pub id: i64,
    pub salesperson: StaffId,
    pub at: DateTime<Utc>,
    pub by: Vec<IdentityPart>,
    pub window: Window,
    /// Whether it counts toward ownership: a call only where the policy says (REG-9); never
    /// one dated after now.
    pub evidence: bool,
}

/// An earlier registration that only looks like the same customer: shown, never deciding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Possible {
    pub register: Register,
    pub id: i64,
    pub salesperson: StaffId,
    pub at: DateTime<Utc>,
    pub why: Vec<NearMiss>,
}

/// One salesperson's hold on the customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub owner: StaffId,
    /// Where their unbroken run of registrations began: their place in a conflict (REG-6).
    pub first_registered_at: DateTime<Utc>,
    /// Their latest registration, from which protection runs (REG-5).
    pub registered_at: DateTime<Utc>,
    /// Calendar days since `registered_at`.
    pub days_ago: i64,
    /// The last protected day.
    pub protected_until: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// No earlier registration that counts: a new customer, received by rotation (ROT-1).
    New,
    /// One salesperson holds a protected registration (REG-5, REG-6): their customer (ROT-8).
    Returning(Claim),
    /// Registered before, but every protection has ended: a new customer again (REG-5).
    /// `unknowing_until` is set while the policy's second window still runs (ATT-004-6).
    Expired {
        last: Claim,
        unknowing_until: Option<NaiveDate>,
    },
    /// Two or more salespeople hold protected registrations. The first holder registered
    /// earliest and wins (REG-6); the supervisor confirms.
    Conflict { holders: Vec<Claim> },
}

impl Verdict {
    /// The salesperson the registers name, if any: the returning customer's owner, or the
    /// earlier holder in a conflict (still to be confirmed).
    pub fn owner(&self) -> Option<StaffId> {
        match self {
            Verdict::Returning(claim) => Some(claim.owner),
            Verdict::Conflict { holders } => holders.first().map(|c| c.owner),
            Verdict::New | Verdict::Expired { .. } => None,
        }
    }

    pub fn needs_supervisor(&self) -> bool {
        matches!(
            self,
            Verdict::Conflict { .. }
                | Verdict::Expired {
                    unknowing_until: Some(_),
                    ..
                }
        )
    }
}

/// Everything the ownership check found, for the panel beside the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ownership {
    pub verdict: Verdict,
    /// Every earlier visit and call that matches by REG-3, oldest first, counting or not.
    pub matches: Vec<Match>,
    /// Near misses, oldest first.
    pub possible: Vec<Possible>,
    /// Which visit this is: one more than the matching earlier visits (REG-1).
    pub visit_number: u32,
    /// The rule IDs the verdict applied, for the UI to cite.
    pub rules: Vec<&'static str>,
    /// The supervisor's ruling that settled a conflict, when one did ([`settle`]).
    pub ruled: Option<Ruling>,
    /// The newest ATT-14-10 redistribution that moved this customer, when one did
    /// ([`super::redistribution::apply`]); it decides the verdict only inside its window.
    pub redistributed: Option<super::redistribution::Redistributed>,
}

/// A supervisor's ruling on a conflict (REG-6: "the earlier registration wins, and the
/// supervisor confirms"): whose customer it is, given the registrations it saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ruling {
    pub owner: StaffId,
    pub supervisor: StaffId,
    pub at: DateTime<Utc>,
    /// The registrations that made the conflict when the supervisor ruled.
    pub covers: Vec<(Register, i64)>,
}

impl Ownership {
    /// The registrations a supervisor rules on now: a conflict's protected evidence of its
    /// holders, or — a lapsed registration still inside 004's second window (ATT-004-6) —
    /// the lapsed holder's evidence.
    pub fn contested(&self) -> Vec<(Register, i64)> {
        let holds = |m: &Match| match &self.verdict {
            Verdict::Conflict { holders } => {
                m.window.is_protected() && holders.iter().any(|h| h.owner == m.salesperson)
            }
            Verdict::Expired {
                last,
                unknowing_until: Some(_),
            } => m.salesperson == last.owner && !m.window.is_in_future(),
            _ => false,
        };
        self.matches
            .iter()
            .filter(|m| m.evidence && holds(m))
            .map(|m| (m.register, m.id))
            .collect()
    }
}

/// Settles what a supervisor ruled on, by the newest ruling that saw every registration now
/// contested and named one of those it could name. A conflict becomes the named holder's
/// customer (REG-6). An unknowing receipt inside 004's second window (ATT-004-6) becomes
/// the lapsed holder's customer again when the ruling names them, and a new customer,
/// nothing left to rule, when it names anyone else (the receiver). A registration made
/// since the ruling is one the supervisor has not seen, so the question stands again.
pub fn settle(mut found: Ownership, rulings: &[Ruling]) -> Ownership {
    let contested = found.contested();
    if contested.is_empty() {
        return found;
    }
    let ruling = rulings
        .iter()
        .filter(|r| contested.iter().all(|c| r.covers.contains(c)))
        .max_by_key(|r| r.at);
    let Some(ruling) = ruling else {
        return found;
    };
    let verdict = match &found.verdict {
        Verdict::Conflict { holders } => match holders.iter().find(|c| c.owner == ruling.owner) {
            Some(claim) => Verdict::Returning(claim.clone()),
            None => return found,
        },
        Verdict::Expired { last, .. } if last.owner == ruling.owner => {
            Verdict::Returning(last.clone())
        }
        Verdict::Expired { last, .. } => Verdict::Expired {
            last: last.clone(),
            unknowing_until: None,
        },
        _ => return found,
    };
    found.verdict = verdict;
    found.ruled = Some(ruling.clone());
    found
}

/// Decides whose customer the typed identity is, from the earlier registrations the store
/// found. `now` is the moment of the check; `tz` the office's time zone, in which days are
/// counted (see [`super::window`]).
pub fn check(
    typed: &Identity,
    earlier: &[Earlier],
    now: DateTime<Utc>,
    tz: Tz,
    policy: &Policy,
) -> Ownership {
    let mut matches = Vec::new();
    let mut possible = Vec::new();
    for row in earlier {
        let by = typed.matches(&row.identity);
        if by.is_empty() {
            let why = typed.near_misses(&row.identity);
            if !why.is_empty() {
                possible.push(Possible {
                    register: row.register,
                    id: row.id,
                    salesperson: row.salesperson,
                    at: row.at,
                    why,
                });
            }
            continue;
        }
        let window = Window::new(
            row.at,
            now,
            tz,
            policy.registration_valid_days,
            policy.unknowing_window_days(),
        );
        let counts = match row.register {
            Register::Visit => true,
            Register::Call => policy.phone_registration_is_evidence,
        };
        matches.push(Match {
            register: row.register,
            id: row.id,
            salesperson: row.salesperson,
            at: row.at,
            by,
            window,
            evidence: counts && !window.is_in_future(),
        });
    }
    matches.sort_by_key(|m| (m.at, m.id));
    possible.sort_by_key(|p| (p.at, p.id));

    let mut rules = Rules::default();
    rules.add("REG-3");
    if matches.iter().any(|m| m.register == Register::Call) {
        rules.add("REG-9");
    }
    let claims = claims(&matches, policy.registration_valid_days);
    let verdict = verdict(claims, &mut rules);
    let visit_number = 1 + matches
        .iter()
        .filter(|m| m.register == Register::Visit && !m.window.is_in_future())
        .count() as u32;
    Ownership {
        verdict,
        matches,
        possible,
        visit_number,
        rules: rules.0,
        ruled: None,
        redistributed: None,
    }
}

fn verdict(claims: Vec<(Claim, Window)>, rules: &mut Rules) -> Verdict {
    if claims.is_empty() {
        return Verdict::New;
    }
    rules.add("REG-5");
    let mut protected: Vec<Claim> = claims
        .iter()
        .filter(|(_, w)| w.is_protected())
        .map(|(c, _)| c.clone())
        .collect();
    protected.sort_by_key(|c| (c.first_registered_at, c.owner));
    match protected.len() {
        0 => {
            let (last, window) = claims
                .into_iter()
                .max_by_key(|(c, _)| c.registered_at)
                .expect("claims are not empty");
            let unknowing_until = window
                .counts_if_unknowing()
                .then_some(window.unknowing_until);
            if unknowing_until.is_some() {
                rules.add("ATT-004-6");
            }
            Verdict::Expired {
                last,
                unknowing_until,
            }
        }
        1 => {
            // Cited as the verdict reads "(REG-5, REG-6)": the one protected holder
            // is also the earliest protected registration.
            rules.add("REG-6");
            Verdict::Returning(protected.remove(0))
        }
        _ => {
            rules.add("REG-6");
            Verdict::Conflict { holders: protected }
        }
    }
}

/// Each salesperson's claim from the matches that count, with the window of their latest
/// registration.
fn claims(matches: &[Match], days: u32) -> Vec<(Claim, Window)> {
    let mut owners: Vec<StaffId> = matches
        .iter()
        .filter(|m| m.evidence)
        .map(|m| m.salesperson)
        .collect();
    owners.sort();
    owners.dedup();
    owners
        .into_iter()
        .map(|owner| {
            // `matches` is oldest first.
            let theirs: Vec<&Match> = matches
                .iter()
                .filter(|m| m.evidence && m.salesperson == owner)
                .collect();
            let latest = *theirs.last().expect("an owner has a registration");
            let mut first = latest;
            for earlier in theirs.iter().rev().skip(1) {
                let gap = (first.window.registered_on - earlier.window.registered_on).num_days();
                if gap > i64::from(days) {
                    break;
                }
                first = earlier;
            }
            let claim = Claim {
                owner,
                first_registered_at: first.at,
                registered_at: latest.at,
                days_ago: latest.window.days_ago,
                protected_until: latest.window.protected_until,
            };
            (claim, latest.window)
        })
        .collect()
}

/// Rule IDs in the order they were applied, each once.
#[derive(Default)]
struct Rules(Vec<&'static str>);

impl Rules {
    fn add(&mut self, rule: &'static str) {
        if !self.0.contains(&rule) {
            self.0.push(rule);
        }
    }
}

#[cfg(test)]
#[path = "ownership_tests.rs"]
mod tests;
