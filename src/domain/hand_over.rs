//! Where a colleague's old customer goes once a reception finds them (ROT-8 with ROT-13): the
//! decision the store takes inside the write that ends the reception, so that it is made
//! against the queue as it stands, never against what a desk saw a moment before.
//!
//! **The owner is checked in but receiving another customer** — a case the digest leaves
//! open (ROT-8 speaks of an absent owner, ROT-13 of not interrupting). Decided from the
//! manuals:
//! - 001 第12篇 3.9: "售楼员不得以任何理由中断正在接待的客户而转接其他客户" — the owner is
//!   not interrupted;
//! - 001 第12篇 4.2 and 004 §9(1): a helper receives a colleague's old customer only when
//!   "该售楼员不在" / "原始接待的售楼员不在" — when the owner is absent;
//! - 004 §13: a customer found mid-reception to be a colleague's is handed back to the
//!   original salesperson ("應主動交回給原售樓員"); only "如果原售樓員不在現場或無法聯絡"
//!   does the receiver help for them meanwhile.
//!
//! A busy owner is on site and can be told, so nobody else is chosen to help and nobody is
//! started: the customer waits for the owner, who receives them outside the rotation when
//! free (the clerk's `r`), and the salesperson who found them keeps the make-up the ending
//! earned (004 §2(2)). 001 第14篇 (二)3 ("忙于接待客户时,其他销售员按顺序轮流接待") is about
//! the walk-in whose turn it was, not about an owner, so it does not apply here.

use super::policy::Policy;
use super::rotation::{Command, Event, RotationDay, RotationError, StaffId};

/// What the hand-over of a colleague's old customer does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HandOver {
    /// The owner receives them, or (absent) a checked-in helper on their behalf (ROT-8):
    /// the events that record it.
    Start(Vec<Event>),
    /// The owner is receiving another customer and is not interrupted (ROT-13): the
    /// customer waits for them (004 §13); nothing is recorded in the queue.
    Waits(StaffId),
}

/// Decides the hand-over of `owner`'s customer on `day`. Refused as the returning
/// customer's command would be (nobody free to help an absent owner, say).
pub fn hand_over(
    day: &RotationDay,
    owner: StaffId,
    policy: &Policy,
) -> Result<HandOver, RotationError> {
    if day
        .member(owner)
        .is_some_and(|m| m.checked_in && m.reception.is_some())
    {
        return Ok(HandOver::Waits(owner));
    }
    // Absent (not checked in, on a break, on leave, on assigned work): `outside_rotation`
    // chooses a helper among the checked-in and free only (ROT-8).
    day.decide(&Command::Returning(owner), policy)
        .map(HandOver::Start)
}
