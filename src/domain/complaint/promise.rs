//! The day a reply is promised by (CMP-9), as a clerk types it into a phrase's `{deadline}`
//! blank: read as a date, so it can be held against the deadline (promise only within
//! authority).

use chrono::{Datelike, NaiveDate};

/// The day `typed` names, the way a clerk writes it: `2026-12-20`, `12-20`, `12/20`,
/// `12.20`, `12月20日` (or `号`). A day without its year is the next such day from `today`
/// on (a promise is never in the past). `None` for anything else.
pub fn promised_day(typed: &str, today: NaiveDate) -> Option<NaiveDate> {
    let typed = typed.trim();
    if let Ok(day) = NaiveDate::parse_from_str(typed, "%Y-%m-%d") {
        return Some(day);
    }
    let month_day = typed
        .trim_end_matches(['日', '号'])
        .replace(['月', '/', '.'], "-");
    let (month, day) = month_day.split_once('-')?;
    let (month, day): (u32, u32) = (month.trim().parse().ok()?, day.trim().parse().ok()?);
    let this_year = NaiveDate::from_ymd_opt(today.year(), month, day)?;
    match this_year < today {
        true => NaiveDate::from_ymd_opt(today.year() + 1, month, day),
        false => Some(this_year),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn cmp_9_a_promised_day_is_read_as_the_clerk_writes_it() {
        let today = d(2026, 12, 5);
        for typed in [
            "12-20",
            "12/20",
            "12.20",
            "12月20日",
            "12月20号",
            " 2026-12-20 ",
        ] {
            assert_eq!(promised_day(typed, today), Some(d(2026, 12, 20)), "{typed}");
        }
        assert_eq!(
            promised_day("1-3", today),
            Some(d(2027, 1, 3)),
            "never past"
        );
        assert_eq!(promised_day("12-05", today), Some(today));
        for typed in ["", "下周三", "13-40", "12-", "soon"] {
            assert_eq!(promised_day(typed, today), None, "{typed}");
        }
    }
}
