//! Where "now" comes from, and which business day it falls on in the office's time zone.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

/// A source of the current time; tests use a fixed one so results are deterministic.
pub trait Clock {
    fn now(&self) -> DateTime<Utc>;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that says what it is told; for tests and replays.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

/// The calendar date at the office when `at` happened: the rotation starts afresh each day.
pub fn business_day(at: DateTime<Utc>, tz: Tz) -> NaiveDate {
    at.with_timezone(&tz).date_naive()
}

/// When the business day containing `at` began: local midnight in `tz`.
pub fn day_start(at: DateTime<Utc>, tz: Tz) -> DateTime<Utc> {
    let midnight = business_day(at, tz).and_time(chrono::NaiveTime::MIN);
    // A zone that skips midnight for daylight saving starts the day at its first instant.
    midnight
        .and_local_timezone(tz)
        .earliest()
        .map_or(at, |local| local.with_timezone(&Utc))
        .min(at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn business_day_follows_the_office_time_zone_not_utc() {
        let late_utc = Utc.with_ymd_and_hms(2026, 11, 21, 17, 30, 0).unwrap();
        let shanghai: Tz = "Asia/Shanghai".parse().unwrap();
        assert_eq!(
            business_day(late_utc, shanghai),
            NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
        );
        assert_eq!(
            business_day(late_utc, Tz::UTC),
            NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
        );
    }
}
