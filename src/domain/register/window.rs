//! How long a registration protects its salesperson (REG-5), in calendar days at the office.
//!
//! The sources count in days or months and say when protection *ends*: "超过30天则按新客户
//! 处理" (004 §14), "超出60天则视为新客户" (004 §15), "登记有效期为一个月" (001 第12篇 7.1),
//! "建档有效期为2个月" (001 第14篇 (五)2). "More than 30 days" is new, so exactly 30 days is
//! not: the registration day is day 0, day N (the window) is the last protected day, day N+1
//! is the first day the customer is new. Days are calendar dates in the office's time zone,
//! not 24-hour spans, so a registration at 09:00 and a visit at 17:00 thirty days later are
//! 30 days apart, as the clerk counts on the wall calendar. A month is taken as 30 days,
//! as the presets say.

use chrono::{DateTime, Days, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::domain::clock::business_day;

/// One registration's protection as seen on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// The office's date of the registration.
    pub registered_on: NaiveDate,
    /// Calendar days from the registration to today (0 on the day itself).
    pub days_ago: i64,
    /// The last day the registration protects (REG-5).
    pub protected_until: NaiveDate,
    /// The last day the registration counts for a salesperson who received the customer
    /// without knowing (ATT-004-6); equal to `protected_until` outside 004.
    pub unknowing_until: NaiveDate,
    /// Today, the office's date of `now`.
    pub today: NaiveDate,
}

impl Window {
    /// The window of a registration made at `at`, as of `now`, under windows of `days` and
    /// `unknowing_days`.
    pub fn new(
        at: DateTime<Utc>,
        now: DateTime<Utc>,
        tz: Tz,
        days: u32,
        unknowing_days: u32,
    ) -> Window {
        let registered_on = business_day(at, tz);
        let today = business_day(now, tz);
        Window {
            registered_on,
            days_ago: (today - registered_on).num_days(),
            protected_until: add_days(registered_on, days),
            unknowing_until: add_days(registered_on, unknowing_days.max(days)),
            today,
        }
    }

    /// Still protected today: today is on or before the last protected day.
    pub fn is_protected(&self) -> bool {
        self.today <= self.protected_until
    }

    /// Past its protection, but within the second window (004 §15).
    pub fn counts_if_unknowing(&self) -> bool {
        !self.is_protected() && self.today <= self.unknowing_until
    }

    /// Dated after today: an import or another desk's clock gone wrong. It is shown, but it
    /// is not earlier evidence.
    pub fn is_in_future(&self) -> bool {
        self.days_ago < 0
    }
}

fn add_days(date: NaiveDate, days: u32) -> NaiveDate {
    date.checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const SHANGHAI: Tz = chrono_tz::Asia::Shanghai;

    #[test]
    fn reg_5_days_are_counted_on_the_office_calendar_not_in_24_hour_spans() {
        // 23:30 in Shanghai (15:30 UTC), then 07:00 next morning (23:00 UTC the same day).
        let at = Utc.with_ymd_and_hms(2026, 11, 1, 15, 30, 0).unwrap();
        let next_morning = Utc.with_ymd_and_hms(2026, 11, 1, 23, 0, 0).unwrap();
        let window = Window::new(at, next_morning, SHANGHAI, 30, 30);
        assert_eq!(window.days_ago, 1);
        assert_eq!(
            window.protected_until,
            NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
        );
        // In UTC the same two instants are the same day.
        assert_eq!(Window::new(at, next_morning, Tz::UTC, 30, 30).days_ago, 0);
    }
}
