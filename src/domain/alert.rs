//! Alerts a busy clerk notices (issue 20 §3): which events ring the bell and flash, and the
//! memory that makes each ring once on a desk. The memory is this console's alone and lives
//! only as long as it runs: after a restart, whatever is still overdue alerts once more.

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use crate::domain::complaint::{ComplaintId, RepairId, Urgency};
use crate::domain::handover::HandoverId;

/// One event worth an alert. Each names what it is about precisely enough that the same
/// event seen again on the next check is recognised, and a new one is not: a complaint's
/// second round has a new deadline, so it alerts again when that runs out.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AlertEvent {
    /// A complaint's reply deadline passed with no reply (CMP-5).
    ComplaintOverdue {
        complaint: ComplaintId,
        due_at: DateTime<Utc>,
    },
    /// An extra-urgent repair's on-site clock ran out with nobody on site.
    RepairClockOut {
        repair: RepairId,
        due_at: DateTime<Utc>,
    },
    /// An incoming clerk refused a handover (HND-4).
    HandoverRefused(HandoverId),
    /// The evidence check found a chain broken; the failure's fixed key
    /// (`ChainBreak::key`).
    EvidenceFailed(String),
}

/// An open piece of work as the alert rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenWork {
    Complaint(ComplaintId),
    Repair(RepairId, Option<Urgency>),
}

/// The alert `work` raises at `now`, if any: a complaint past its deadline, or an
/// extra-urgent repair past its on-site clock. Urgent and normal repairs keep their red clock
/// on the list without a bell: a bell for every late repair would soon be ignored. A deadline
/// exactly at `now` has not passed yet.
pub fn overdue(
    work: OpenWork,
    due_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Option<AlertEvent> {
    let due_at = due_at.filter(|due| *due < now)?;
    match work {
        OpenWork::Complaint(complaint) => Some(AlertEvent::ComplaintOverdue { complaint, due_at }),
        OpenWork::Repair(repair, Some(Urgency::ExtraUrgent)) => {
            Some(AlertEvent::RepairClockOut { repair, due_at })
        }
        OpenWork::Repair(..) => None,
    }
}

/// What this desk has already alerted about.
#[derive(Debug, Default)]
pub struct AlertMemory {
    seen: HashSet<AlertEvent>,
}

impl AlertMemory {
    /// Of the events standing now, those not alerted about before on this desk, each once
    /// and in the order given; they are remembered from here on. An empty answer means no
    /// bell: however many are new, the caller rings once.
    pub fn notice(&mut self, standing: impl IntoIterator<Item = AlertEvent>) -> Vec<AlertEvent> {
        standing
            .into_iter()
            .filter(|event| self.seen.insert(event.clone()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 22, 3, 30, 0).unwrap()
    }

    #[test]
    fn a_complaint_alerts_once_its_deadline_has_passed_not_at_the_deadline_itself() {
        let work = OpenWork::Complaint(ComplaintId(7));
        assert_eq!(overdue(work, Some(now()), now()), None);
        assert_eq!(
            overdue(work, Some(now() + Duration::minutes(1)), now()),
            None
        );
        assert_eq!(overdue(work, None, now()), None, "nothing due now");
        let late = now() - Duration::seconds(1);
        assert_eq!(
            overdue(work, Some(late), now()),
            Some(AlertEvent::ComplaintOverdue {
                complaint: ComplaintId(7),
                due_at: late
            })
        );
    }

    #[test]
    fn only_an_extra_urgent_repair_whose_clock_ran_out_alerts() {
        let late = Some(now() - Duration::minutes(1));
        let repair = |u| OpenWork::Repair(RepairId(3), u);
        assert!(matches!(
            overdue(repair(Some(Urgency::ExtraUrgent)), late, now()),
            Some(AlertEvent::RepairClockOut { .. })
        ));
        assert_eq!(overdue(repair(Some(Urgency::Urgent)), late, now()), None);
        assert_eq!(overdue(repair(Some(Urgency::Normal)), late, now()), None);
        assert_eq!(overdue(repair(None), late, now()), None);
        assert_eq!(
            overdue(repair(Some(Urgency::ExtraUrgent)), Some(now()), now()),
            None
        );
    }

    #[test]
    fn each_event_is_new_once_and_a_new_deadline_is_a_new_event() {
        let mut memory = AlertMemory::default();
        let refused = AlertEvent::HandoverRefused(HandoverId(4));
        let first = AlertEvent::ComplaintOverdue {
            complaint: ComplaintId(1),
            due_at: now(),
        };
        assert_eq!(
            memory.notice([refused.clone(), first.clone(), refused.clone()]),
            [refused.clone(), first.clone()]
        );
        assert!(memory.notice([refused.clone(), first.clone()]).is_empty());
        let second_round = AlertEvent::ComplaintOverdue {
            complaint: ComplaintId(1),
            due_at: now() + Duration::days(3),
        };
        assert_eq!(memory.notice([first, second_round.clone()]), [second_round]);
        // A fresh memory (a restart) alerts about what still stands.
        assert_eq!(AlertMemory::default().notice([refused.clone()]), [refused]);
    }
}
