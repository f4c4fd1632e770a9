//! ATT-14-10 as the ownership check reads it: a supervisor gave a leaving salesperson's
//! customer to another salesperson (drawn by `attribution::redistribute`), and the new owner
//! holds the customer from that moment for the policy's registration window (REG-5), as if
//! they had registered them then. The store finds the moves that cover the registrations the
//! check matched; [`apply`] turns them into the verdict, after the supervisors' rulings.
//!
//! Decided where the source is silent: the redistribution is the supervisor's decision on
//! whose the customer is, so while its window runs it settles the verdict whatever the
//! registrations made before it say; a registration made after it by the new owner renews
//! their protection as any registration does; past its window the registers decide again.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::ownership::{Claim, Ownership, Register, Verdict};
use super::window::Window;
use crate::domain::policy::Policy;
use crate::domain::staff::StaffId;

/// One customer moved by a redistribution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redistributed {
    /// The redistribution's id and the move's.
    pub redistribution: i64,
    pub move_id: i64,
    pub from: StaffId,
    pub to: StaffId,
    pub supervisor: StaffId,
    pub at: DateTime<Utc>,
    pub seed: u64,
    /// The leaving salesperson's registrations of the customer the move covers.
    pub covers: Vec<(Register, i64)>,
}

/// The verdict with the newest move that covers a registration `found` matched: the new
/// owner's customer while the move's window runs (ATT-14-10). The move is kept in
/// `found.redistributed` whether or not its window still runs, for the record to show.
pub fn apply(
    mut found: Ownership,
    moves: &[Redistributed],
    now: DateTime<Utc>,
    tz: Tz,
    policy: &Policy,
) -> Ownership {
    let matched = |r: &(Register, i64)| {
        found
            .matches
            .iter()
            .any(|m| (m.register, m.id) == *r && m.evidence)
    };
    let Some(newest) = moves
        .iter()
        .filter(|m| m.at <= now && m.covers.iter().any(matched))
        .max_by_key(|m| (m.at, m.move_id))
        .cloned()
    else {
        return found;
    };
    let days = policy.registration_valid_days;
    // The new owner's own registrations since the move renew their hold.
    let latest = found
        .matches
        .iter()
        .filter(|m| m.evidence && m.salesperson == newest.to && m.at > newest.at)
        .map(|m| m.at)
        .max()
        .unwrap_or(newest.at);
    let window = Window::new(latest, now, tz, days, days);
    if window.is_protected() {
        found.verdict = Verdict::Returning(Claim {
            owner: newest.to,
            first_registered_at: newest.at,
            registered_at: latest,
            days_ago: window.days_ago,
            protected_until: window.protected_until,
        });
        if !found.rules.contains(&"ATT-14-10") {
            found.rules.push("ATT-14-10");
        }
    }
    found.redistributed = Some(newest);
    found
}
