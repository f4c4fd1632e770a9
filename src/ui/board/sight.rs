//! What the board shows, read off the day the rotation replays: salespeople's names and
//! their states, nothing else. The rotation's log holds staff ids and never a customer, so no
//! customer's name or phone can reach the hall's screen from here.

use chrono::{DateTime, Utc};

use super::text::Bd;
use crate::domain::rotation::{RotationDay, Standing, Via};
use crate::i18n::{Lang, fill};
use crate::ui::rotation::describe::availability;
use crate::ui::shared::Shared;

/// The board's lines, in words, ready to lay out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sight {
    /// Nobody has checked in today: the board says so instead of empty headings.
    pub nobody_in: bool,
    pub next: Option<String>,
    /// The free salespeople after the next up, in the order walk-ins reach them.
    pub follows: Vec<String>,
    /// Make-ups owed, holder by holder, oldest first.
    pub make_ups: Vec<String>,
    /// Who is receiving, with the minutes since the reception started.
    pub receiving: Vec<String>,
    /// Who is checked in but away from the floor (break, assigned work, leave).
    pub away: Vec<String>,
}

impl Sight {
    /// The board's view of `day` at `now`; names come from `shared`'s staff.
    pub fn of(day: &RotationDay, shared: &Shared, now: DateTime<Utc>, lang: Lang) -> Sight {
        let name = |id| shared.name(id);
        let call_order = day.call_order();
        let next = day.next_up().map(|n| match n.via {
            Via::MakeUp(_) => fill(
                Bd::NextUpMakeUp.text(lang),
                &[("name", &name(n.salesperson))],
            ),
            Via::Order => name(n.salesperson),
        });
        let mut make_ups: Vec<(crate::domain::staff::StaffId, usize)> = Vec::new();
        for m in day.make_ups() {
            match make_ups.iter_mut().find(|(id, _)| *id == m.salesperson) {
                Some((_, n)) => *n += 1,
                None => make_ups.push((m.salesperson, 1)),
            }
        }
        let mut receiving = Vec::new();
        let mut away = Vec::new();
        for id in day.queue() {
            match day.standing(id) {
                Some(Standing::Receiving(_)) => {
                    let started = day
                        .member(id)
                        .and_then(|m| m.reception)
                        .and_then(|r| day.reception(r))
                        .map(|r| r.started);
                    let minutes = started.map_or(0, |t| (now - t).num_minutes().max(0));
                    receiving.push(fill(
                        Bd::ReceivingFor.text(lang),
                        &[("name", &name(id)), ("min", &minutes)],
                    ));
                }
                Some(Standing::Away(a)) => away.push(fill(
                    Bd::AwayAs.text(lang),
                    &[("name", &name(id)), ("status", &availability(a).text(lang))],
                )),
                None => {}
            }
        }
        Sight {
            nobody_in: !day.members().any(|m| m.checked_in),
            next,
            follows: call_order.into_iter().skip(1).map(name).collect(),
            make_ups: make_ups
                .into_iter()
                .map(|(id, n)| {
                    fill(
                        Bd::MakeUpCount.text(lang),
                        &[("name", &name(id)), ("n", &n)],
                    )
                })
                .collect(),
            receiving,
            away,
        }
    }
}
