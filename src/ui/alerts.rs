//! The shell's alerts (issue 20 §3): on the tick it gathers what stands now (overdue
//! complaints and extra-urgent repairs, refused handovers, evidence failures), rings the
//! bell once for whatever is new to this desk, and flashes the tabs (and, through the
//! panes, the rows) those events belong to for a moment. The flash is state with an end
//! time, drawn from the moment drawn: nothing here sleeps.

use std::io::Write;

use chrono::{DateTime, Duration, Utc};

use super::pane::PaneId;
use crate::domain::alert::{self, AlertEvent, AlertMemory, OpenWork};
use crate::domain::handover::HandoverId;
use crate::store::complaint::{OpenItem, OpenRef};
use crate::store::handover::RefusalWaiting;
use crate::store::{ChainBreak, Store, StoreError};

/// How long a flash lasts: long enough to catch the eye across the desk, short enough not to
/// hide the row's own colours for long.
pub const FLASH: Duration = Duration::milliseconds(800);
/// How often the open work is read for clocks that ran out while nothing was written.
/// Another desk's write is looked at on the tick it is noticed.
pub const CHECK_EVERY: Duration = Duration::seconds(2);
/// How many open items are looked at, due first: overdue ones come before the rest.
const OPEN_LOOKED_AT: usize = 500;

/// Where the bell goes: the terminal in the console, a recorder in tests.
pub trait BellSink {
    fn ring(&mut self);
}

/// BEL to the terminal the console draws on.
pub struct TerminalBell;

impl BellSink for TerminalBell {
    fn ring(&mut self) {
        // `print!` so a test that runs the shell with this sink writes into its captured
        // output, not the terminal running the tests. A failed write is no alert lost: the
        // flash still shows.
        print!("\x07");
        let _ = std::io::stdout().flush();
    }
}

/// No bell: the config's `bell = false`. The flash stays.
pub struct NoBell;

impl BellSink for NoBell {
    fn ring(&mut self) {}
}

/// The sink a console's config asks for.
pub fn sink(bell: bool) -> Box<dyn BellSink> {
    match bell {
        true => Box::new(TerminalBell),
        false => Box::new(NoBell),
    }
}

/// What the tab of an event is: the complaints for the clocks, the handover for a refusal.
/// An evidence failure belongs to no tab: its banner flashes.
pub fn tab_of(event: &AlertEvent) -> Option<PaneId> {
    match event {
        AlertEvent::ComplaintOverdue { .. } | AlertEvent::RepairClockOut { .. } => {
            Some(PaneId::Complaints)
        }
        AlertEvent::HandoverRefused(_) => Some(PaneId::Handover),
        AlertEvent::EvidenceFailed(_) => None,
    }
}

/// The events the open work raises at `now`.
pub fn of_open_work(items: &[OpenItem], now: DateTime<Utc>) -> Vec<AlertEvent> {
    items
        .iter()
        .filter_map(|item| {
            let work = match item.item {
                OpenRef::Complaint(id) => OpenWork::Complaint(id),
                OpenRef::Repair(id) => OpenWork::Repair(id, item.urgency),
            };
            alert::overdue(work, item.due_at, now)
        })
        .collect()
}

/// Which open item an event is about, for the pane that flashes its row.
pub fn open_ref(event: &AlertEvent) -> Option<OpenRef> {
    match event {
        AlertEvent::ComplaintOverdue { complaint, .. } => Some(OpenRef::Complaint(*complaint)),
        AlertEvent::RepairClockOut { repair, .. } => Some(OpenRef::Repair(*repair)),
        _ => None,
    }
}

/// Which handover an event is about, for the handover pane that flashes its refusal.
pub fn refused_handover(event: &AlertEvent) -> Option<HandoverId> {
    match event {
        AlertEvent::HandoverRefused(id) => Some(*id),
        _ => None,
    }
}

/// The alerts on this desk: what it has rung for, and what flashes until when.
#[derive(Default)]
pub struct Alerts {
    memory: AlertMemory,
    flashing: Vec<AlertEvent>,
    until: Option<DateTime<Utc>>,
    next_check: Option<DateTime<Utc>>,
}

impl Alerts {
    /// Whether the open work is due to be read again: on the first tick, after `CHECK_EVERY`,
    /// or when another desk has written (`changed`).
    pub fn due(&self, now: DateTime<Utc>, changed: bool) -> bool {
        changed || self.next_check.is_none_or(|at| now >= at)
    }

    /// Reads what stands at `now` and takes in the new: returns whether the bell rings.
    /// `lobby`: the office runs the lobby desk, whose complaints and repairs alert.
    pub fn check(
        &mut self,
        store: &Store,
        refusals: &[RefusalWaiting],
        evidence: &[ChainBreak],
        lobby: bool,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        self.next_check = Some(now + CHECK_EVERY);
        let mut standing = match lobby {
            true => of_open_work(&store.open_work(now, OPEN_LOOKED_AT)?, now),
            false => Vec::new(),
        };
        standing.extend(
            refusals
                .iter()
                .map(|r| AlertEvent::HandoverRefused(r.handover)),
        );
        standing.extend(evidence.iter().map(|b| AlertEvent::EvidenceFailed(b.key())));
        Ok(self.take(standing, now))
    }

    /// Takes in what stands now: the new events flash from `now`; true if any is new.
    pub fn take(&mut self, standing: Vec<AlertEvent>, now: DateTime<Utc>) -> bool {
        let new = self.memory.notice(standing);
        if new.is_empty() {
            return false;
        }
        self.flashing = new;
        self.until = Some(now + FLASH);
        true
    }

    /// The events flashing at `now`, and until when.
    pub fn flashing(&self, now: DateTime<Utc>) -> Option<(&[AlertEvent], DateTime<Utc>)> {
        let until = self.until.filter(|until| now < *until)?;
        Some((&self.flashing, until))
    }

    /// Whether `tab`'s name flashes at `now`.
    pub fn tab_flashes(&self, tab: PaneId, now: DateTime<Utc>) -> bool {
        self.flashing(now)
            .is_some_and(|(events, _)| events.iter().any(|e| tab_of(e) == Some(tab)))
    }

    /// Whether the evidence banner flashes at `now`.
    pub fn banner_flashes(&self, now: DateTime<Utc>) -> bool {
        self.flashing(now).is_some_and(|(events, _)| {
            events
                .iter()
                .any(|e| matches!(e, AlertEvent::EvidenceFailed(_)))
        })
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 22, 3, 30, 0).unwrap()
    }

    #[test]
    fn the_flash_ends_after_a_moment_and_names_the_tab_of_each_new_event() {
        let mut alerts = Alerts::default();
        let refused = AlertEvent::HandoverRefused(HandoverId(1));
        assert!(alerts.take(vec![refused.clone()], now()));
        assert!(alerts.tab_flashes(PaneId::Handover, now()));
        assert!(!alerts.tab_flashes(PaneId::Complaints, now()));
        assert!(alerts.tab_flashes(PaneId::Handover, now() + FLASH - Duration::milliseconds(1)));
        assert!(!alerts.tab_flashes(PaneId::Handover, now() + FLASH));
        // The same event again: no bell, and the flash is not renewed.
        assert!(!alerts.take(vec![refused], now() + FLASH));
        assert!(alerts.flashing(now() + FLASH).is_none());
    }

    #[test]
    fn the_open_work_is_read_again_after_a_while_or_at_once_when_another_desk_wrote() {
        let mut alerts = Alerts::default();
        assert!(alerts.due(now(), false), "the first tick reads");
        alerts.next_check = Some(now() + CHECK_EVERY);
        assert!(!alerts.due(now(), false));
        assert!(alerts.due(now(), true));
        assert!(alerts.due(now() + CHECK_EVERY, false));
    }
}
