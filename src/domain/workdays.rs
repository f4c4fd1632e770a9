//! Working days for complaint deadlines (CMP-5): the State Council's calendar (holidays and
//! the adjusted working weekends, 调休) from the `chinese_holiday` crate, with the office's
//! own overrides on top.
//!
//! # How a deadline is counted
//! The day a complaint is recorded never counts, whether or not it is a working day and
//! whatever the hour: "within n working days" means by the end of the n-th working day
//! *after* the recording day, in the office's time zone. So a general complaint (one working
//! day) taken on Monday is due at the end of Tuesday, one taken on Friday or Saturday is due
//! at the end of Monday: on a non-working day the count starts from the next working day.
//!
//! # Outside the crate's years
//! The crate knows 2004-01-01 to 2026-12-25 (and panics outside it). Outside those dates a
//! day is a working day from Monday to Friday; the office declares the coming year's
//! holidays and working weekends as overrides until a newer crate knows them.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};
use chrono_tz::Tz;

use super::complaint::Nature;

/// The most working days a complaint may take, with every approved extension (CMP-5: "特殊
/// 情况经各级主管领导批准后最多处理时间不超过七个工作日").
pub const MAX_WORKING_DAYS: u8 = 7;

/// Why a day is or is not a working day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DaySource {
    /// The office declared it (a supervisor, with approval).
    Office,
    /// The State Council's calendar: a holiday or an adjusted working weekend (调休).
    StateCouncil,
    /// An ordinary weekday or weekend.
    Weekday,
}

/// The working-day calendar of one office: the national calendar plus its overrides.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkCalendar {
    overrides: BTreeMap<NaiveDate, bool>,
}

/// The first and last dates `chinese_holiday` knows.
fn crate_range() -> (NaiveDate, NaiveDate) {
    (
        NaiveDate::from_ymd_opt(2004, 1, 1).expect("a date"),
        NaiveDate::from_ymd_opt(2026, 12, 25).expect("a date"),
    )
}

/// The last day the State Council's calendar is known for (the kept crate's data): past it,
/// only weekends are days off until the office adds the holidays.
pub fn national_calendar_until() -> NaiveDate {
    crate_range().1
}

/// What the State Council's calendar says of `date`, or `None` outside the crate's years.
fn state_council(date: NaiveDate) -> Option<chinese_holiday::DayKind> {
    let (first, last) = crate_range();
    if date < first || date > last {
        return None;
    }
    // In range, the year fits the crate's u16 and its own assertions hold.
    let ymd = chinese_holiday::Ymd::new(date.year() as u16, date.month() as u8, date.day() as u8);
    Some(chinese_holiday::chinese_holiday(ymd))
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

impl WorkCalendar {
    /// The national calendar with no office overrides.
    pub fn new() -> WorkCalendar {
        WorkCalendar::default()
    }

    /// The same calendar with `date` declared a working day or not by the office.
    pub fn with_override(mut self, date: NaiveDate, working: bool) -> WorkCalendar {
        self.set(date, working);
        self
    }

    pub fn set(&mut self, date: NaiveDate, working: bool) {
        self.overrides.insert(date, working);
    }

    /// The office's overrides, earliest first.
    pub fn overrides(&self) -> impl Iterator<Item = (NaiveDate, bool)> + '_ {
        self.overrides.iter().map(|(d, w)| (*d, *w))
    }

    /// Whether `date` is a working day, and who says so.
    pub fn day(&self, date: NaiveDate) -> (bool, DaySource) {
        if let Some(&working) = self.overrides.get(&date) {
            return (working, DaySource::Office);
        }
        match state_council(date) {
            Some(kind) => {
                let source = match kind {
                    chinese_holiday::DayKind::NormalWorkday
                    | chinese_holiday::DayKind::NormalHoliday => DaySource::Weekday,
                    _ => DaySource::StateCouncil,
                };
                (kind.is_workday(), source)
            }
            None => (!is_weekend(date), DaySource::Weekday),
        }
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        self.day(date).0
    }

    /// The first working day after `date`.
    pub fn next_working_day(&self, date: NaiveDate) -> NaiveDate {
        self.add_working_days(date, 1)
    }

    /// The `n`-th working day after `from` (`from` itself never counts); `from` when `n` is 0.
    pub fn add_working_days(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut day = from;
        let mut left = n;
        while left > 0 {
            day = day
                .succ_opt()
                .expect("dates this far ahead are not reached");
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// The last day (office time) by the end of which a complaint recorded at `recorded_at`
    /// must be handled (CMP-5): [`Nature::working_days`] plus `extension` approved working
    /// days, at most [`MAX_WORKING_DAYS`] in all.
    pub fn deadline(
        &self,
        recorded_at: DateTime<Utc>,
        tz: Tz,
        nature: Nature,
        extension: u8,
    ) -> NaiveDate {
        let days = nature
            .working_days()
            .saturating_add(extension)
            .min(MAX_WORKING_DAYS);
        let recorded = recorded_at.with_timezone(&tz).date_naive();
        self.add_working_days(recorded, u32::from(days))
    }
}

/// The instant a day ends in the office's time zone: the first instant of the next day.
pub fn end_of_day(date: NaiveDate, tz: Tz) -> DateTime<Utc> {
    let next = date
        .succ_opt()
        .expect("a next day")
        .and_time(chrono::NaiveTime::MIN);
    // A zone that skips midnight starts the day an hour later.
    local_instant(tz, next)
}

/// The instant a local time happens in `tz`: the earlier of two when clocks go back, an
/// hour later when a clock change skips it.
fn local_instant(tz: Tz, at: chrono::NaiveDateTime) -> DateTime<Utc> {
    use chrono::TimeZone;
    tz.from_local_datetime(&at)
        .earliest()
        .or_else(|| {
            tz.from_local_datetime(&(at + Duration::hours(1)))
                .earliest()
        })
        .map(|t| t.with_timezone(&Utc))
        .expect("an hour after a skipped hour exists")
}

/// The instant `hour:00` on `date` in `tz` (an hour later when a clock change skips it).
pub fn local_hour(date: NaiveDate, hour: u8, tz: Tz) -> DateTime<Utc> {
    let at = chrono::NaiveTime::from_hms_opt(u32::from(hour.min(23)), 0, 0)
        .unwrap_or(chrono::NaiveTime::MIN);
    local_instant(tz, date.and_time(at))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn shanghai() -> Tz {
        "Asia/Shanghai".parse().unwrap()
    }

    /// `hour:00` office time on the day.
    fn at(date: NaiveDate, hour: u32) -> DateTime<Utc> {
        shanghai()
            .from_local_datetime(&date.and_hms_opt(hour, 0, 0).unwrap())
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn the_crates_calendar_knows_the_adjusted_working_weekends_and_holidays_used_below() {
        let cal = WorkCalendar::new();
        // 2026 Spring Festival: 14 Feb (Saturday) worked, 15–23 Feb off, 28 Feb (Sat) worked.
        assert_eq!(d(2026, 2, 14).weekday(), Weekday::Sat);
        assert_eq!(cal.day(d(2026, 2, 14)), (true, DaySource::StateCouncil));
        for day in 15..=23 {
            assert!(!cal.is_working_day(d(2026, 2, day)), "2026-02-{day}");
        }
        assert_eq!(d(2026, 2, 28).weekday(), Weekday::Sat);
        assert!(cal.is_working_day(d(2026, 2, 28)));
        // 2025 National Day: 1–8 Oct off, 28 Sep (Sunday) and 11 Oct (Saturday) worked.
        assert_eq!(d(2025, 9, 28).weekday(), Weekday::Sun);
        assert!(cal.is_working_day(d(2025, 9, 28)));
        for day in 1..=8 {
            assert!(!cal.is_working_day(d(2025, 10, day)), "2025-10-{day}");
        }
        assert_eq!(d(2025, 10, 11).weekday(), Weekday::Sat);
        assert!(cal.is_working_day(d(2025, 10, 11)));
        // An ordinary week.
        assert_eq!(cal.day(d(2026, 11, 23)), (true, DaySource::Weekday));
        assert_eq!(cal.day(d(2026, 11, 22)), (false, DaySource::Weekday));
    }

    #[test]
    fn cmp_5_general_complaint_is_due_the_next_working_day() {
        let cal = WorkCalendar::new();
        // Monday 23 Nov 2026 → Tuesday.
        let monday = d(2026, 11, 23);
        assert_eq!(
            cal.deadline(at(monday, 10), shanghai(), Nature::General, 0),
            d(2026, 11, 24)
        );
        // Friday → Monday, late in the evening too.
        assert_eq!(
            cal.deadline(at(d(2026, 11, 27), 23), shanghai(), Nature::General, 0),
            d(2026, 11, 30)
        );
    }

    #[test]
    fn cmp_5_a_complaint_recorded_on_a_non_working_day_is_counted_from_the_next_working_day() {
        let cal = WorkCalendar::new();
        // Saturday 28 Nov 2026 and Sunday 29 Nov: the first working day is Monday 30 Nov.
        for day in [28, 29] {
            assert_eq!(
                cal.deadline(at(d(2026, 11, day), 9), shanghai(), Nature::General, 0),
                d(2026, 11, 30)
            );
        }
        // Recorded on the first day of the 2025 National Day holiday: 9, 10, 11 Oct.
        assert_eq!(
            cal.deadline(at(d(2025, 10, 1), 9), shanghai(), Nature::Major, 0),
            d(2025, 10, 11)
        );
    }

    #[test]
    fn cmp_5_major_complaint_is_due_in_three_working_days_across_a_working_saturday_and_a_holiday()
    {
        let cal = WorkCalendar::new();
        // Thursday 12 Feb 2026: Friday 13 (1), Saturday 14 worked (2), 15–23 Spring Festival,
        // Tuesday 24 (3). Counting weekdays alone would say Tuesday 17, in the holiday.
        assert_eq!(
            cal.deadline(at(d(2026, 2, 12), 15), shanghai(), Nature::Major, 0),
            d(2026, 2, 24)
        );
    }

    #[test]
    fn cmp_5_major_complaint_is_due_in_three_working_days_across_national_day() {
        let cal = WorkCalendar::new();
        // Tuesday 30 Sep 2025: 1–8 Oct off, Thursday 9 (1), Friday 10 (2), Saturday 11 worked (3).
        assert_eq!(
            cal.deadline(at(d(2025, 9, 30), 11), shanghai(), Nature::Major, 0),
            d(2025, 10, 11)
        );
    }

    #[test]
    fn cmp_5_the_day_is_the_offices_not_utc() {
        let cal = WorkCalendar::new();
        // 16:30 UTC on Sunday 29 Nov is 00:30 on Monday 30 in Shanghai: recorded on Monday,
        // due Tuesday. In UTC it is still Sunday, which would make it due on Monday.
        let late = Utc.with_ymd_and_hms(2026, 11, 29, 16, 30, 0).unwrap();
        assert_eq!(
            cal.deadline(late, shanghai(), Nature::General, 0),
            d(2026, 12, 1)
        );
        assert_eq!(
            cal.deadline(late, Tz::UTC, Nature::General, 0),
            d(2026, 11, 30)
        );
    }

    #[test]
    fn cmp_5_an_extension_adds_working_days_up_to_seven_in_all() {
        let cal = WorkCalendar::new();
        let monday = at(d(2026, 11, 23), 10);
        assert_eq!(
            cal.deadline(monday, shanghai(), Nature::Major, 4),
            d(2026, 12, 2)
        );
        // Never past seven working days, whatever is asked.
        assert_eq!(
            cal.deadline(monday, shanghai(), Nature::Major, 40),
            d(2026, 12, 2)
        );
    }

    #[test]
    fn cmp_5_an_office_override_makes_a_day_working_or_not() {
        // The office closes on Tuesday 24 Nov 2026 (a local holiday) and works Saturday 28.
        let cal = WorkCalendar::new()
            .with_override(d(2026, 11, 24), false)
            .with_override(d(2026, 11, 28), true);
        assert_eq!(cal.day(d(2026, 11, 24)), (false, DaySource::Office));
        let monday = at(d(2026, 11, 23), 10);
        assert_eq!(
            cal.deadline(monday, shanghai(), Nature::General, 0),
            d(2026, 11, 25)
        );
        // Wed 25 (1), Thu 26 (2), Fri 27 (3).
        assert_eq!(
            cal.deadline(monday, shanghai(), Nature::Major, 0),
            d(2026, 11, 27)
        );
        // From Thursday: Fri 27 (1), Sat 28 declared working (2), Mon 30 (3).
        assert_eq!(
            cal.deadline(at(d(2026, 11, 26), 10), shanghai(), Nature::Major, 0),
            d(2026, 11, 30)
        );
    }

    #[test]
    fn cmp_5_an_office_override_can_undo_a_state_council_working_saturday() {
        let cal = WorkCalendar::new().with_override(d(2026, 2, 14), false);
        assert_eq!(
            cal.deadline(at(d(2026, 2, 12), 15), shanghai(), Nature::General, 0),
            d(2026, 2, 13)
        );
        assert_eq!(
            cal.deadline(at(d(2026, 2, 13), 15), shanghai(), Nature::General, 0),
            d(2026, 2, 24)
        );
    }

    #[test]
    fn past_the_crates_years_weekdays_work_and_the_office_declares_the_rest() {
        let cal = WorkCalendar::new();
        // 2026-12-31 is a Thursday, past the crate's last date: no panic, Mon–Fri.
        assert_eq!(cal.day(d(2026, 12, 31)), (true, DaySource::Weekday));
        assert_eq!(cal.next_working_day(d(2027, 1, 1)), d(2027, 1, 4));
        let cal = cal.with_override(d(2027, 1, 4), false);
        assert_eq!(cal.next_working_day(d(2027, 1, 1)), d(2027, 1, 5));
        assert!(!cal.is_working_day(d(2003, 12, 27)));
    }

    #[test]
    fn a_day_ends_at_the_next_local_midnight() {
        assert_eq!(
            end_of_day(d(2026, 11, 24), shanghai()),
            Utc.with_ymd_and_hms(2026, 11, 24, 16, 0, 0).unwrap()
        );
        assert_eq!(
            local_hour(d(2026, 11, 24), 18, shanghai()),
            Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap()
        );
    }
}
