//! The desk's live clocks: given `now`, whether something is overdue, due today, or how
//! long remains. No clock of its own: the UI passes the tick's `now`.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

/// How a deadline stands at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Countdown {
    /// Past it, by this much.
    Overdue(Duration),
    /// It falls later today (office time); this much remains.
    DueToday(Duration),
    /// It falls on a later day; this much remains.
    Remaining(Duration),
}

impl Countdown {
    pub fn is_overdue(self) -> bool {
        matches!(self, Countdown::Overdue(_))
    }
}

/// Where `due` stands at `now`. A complaint's due date ends at the next local midnight
/// ([`crate::domain::workdays::end_of_day`]), and that instant still counts as its own day:
/// due "today" means before the end of today.
pub fn countdown(due: DateTime<Utc>, now: DateTime<Utc>, tz: Tz) -> Countdown {
    if now >= due {
        return Countdown::Overdue(now - due);
    }
    let left = due - now;
    let last_moment = due - Duration::nanoseconds(1);
    match last_moment.with_timezone(&tz).date_naive() == now.with_timezone(&tz).date_naive() {
        true => Countdown::DueToday(left),
        false => Countdown::Remaining(left),
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone};

    use super::*;
    use crate::domain::workdays::end_of_day;

    #[test]
    fn a_deadline_is_remaining_then_due_today_then_overdue() {
        let tz: Tz = "Asia/Shanghai".parse().unwrap();
        let due = end_of_day(NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(), tz);
        // Monday 23 Nov, 10:00 Shanghai.
        let monday = Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap();
        assert_eq!(
            countdown(due, monday, tz),
            Countdown::Remaining(Duration::hours(38))
        );
        let tuesday = monday + Duration::days(1);
        assert_eq!(
            countdown(due, tuesday, tz),
            Countdown::DueToday(Duration::hours(14))
        );
        assert!(countdown(due, due, tz).is_overdue());
        assert_eq!(
            countdown(due, due + Duration::minutes(5), tz),
            Countdown::Overdue(Duration::minutes(5))
        );
        // A repair's 15 minutes.
        assert_eq!(
            countdown(monday + Duration::minutes(15), monday, tz),
            Countdown::DueToday(Duration::minutes(15))
        );
    }
}
