//! When the console writes its own backup, what it is called, and which old ones go (issue 19
//! §1): pure rules, the time given.

use chrono::{DateTime, Days, NaiveDateTime, Utc};
use chrono_tz::Tz;

/// How many dated backups the office keeps unless it says otherwise: two weeks of days.
pub const DEFAULT_KEPT: u16 = 14;
/// At most a year of daily copies.
pub const MAX_KEPT: u16 = 366;

/// The dated backups' names: `frontdesk-20260305-183012.db`, office time, so they sort by
/// time and a clerk reads the day from the name.
const PREFIX: &str = "frontdesk-";
const SUFFIX: &str = ".db";
const STAMP: &str = "%Y%m%d-%H%M%S";

pub fn dated_name(now: DateTime<Utc>, tz: Tz) -> String {
    format!("{PREFIX}{}{SUFFIX}", now.with_timezone(&tz).format(STAMP))
}

/// True for a name [`dated_name`] makes: only those are ever removed from the folder.
pub fn is_dated_name(name: &str) -> bool {
    name.strip_prefix(PREFIX)
        .and_then(|rest| rest.strip_suffix(SUFFIX))
        .is_some_and(|stamp| NaiveDateTime::parse_from_str(stamp, STAMP).is_ok())
}

/// Of the names in the backup folder, the dated backups to remove so that the newest `keep`
/// stay (the one just written among them). Other files in the folder are never named.
pub fn to_remove(names: &[String], keep: u16) -> Vec<String> {
    let mut dated: Vec<&String> = names.iter().filter(|n| is_dated_name(n)).collect();
    dated.sort();
    let excess = dated.len().saturating_sub(usize::from(keep.max(1)));
    dated.into_iter().take(excess).cloned().collect()
}

/// Whether the console should write a backup now: the supervisor has signed a day off since
/// the last backup was written, or none was written yesterday or today (the first sign-in of
/// a day after a day without one).
pub fn due(
    last_written: Option<DateTime<Utc>>,
    last_signoff: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    tz: Tz,
) -> bool {
    let Some(written) = last_written else {
        return true;
    };
    if last_signoff.is_some_and(|signed| signed > written) {
        return true;
    }
    let today = now.with_timezone(&tz).date_naive();
    let yesterday = today.checked_sub_days(Days::new(1)).unwrap_or(today);
    written.with_timezone(&tz).date_naive() < yesterday
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn tz() -> Tz {
        "Asia/Shanghai".parse().unwrap()
    }

    /// Office time in Shanghai.
    fn at(day: u32, hour: u32) -> DateTime<Utc> {
        tz().with_ymd_and_hms(2026, 3, day, hour, 0, 0)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn issue_19_a_sign_off_after_the_last_backup_makes_one_due() {
        assert!(due(Some(at(5, 9)), Some(at(5, 18)), at(5, 18), tz()));
        assert!(!due(Some(at(5, 19)), Some(at(5, 18)), at(5, 20), tz()));
    }

    #[test]
    fn issue_19_a_day_with_no_backup_yesterday_makes_one_due_at_its_first_sign_in() {
        // Written on the 4th: on the 5th it is not due (one was written yesterday), on the
        // 6th it is.
        assert!(!due(Some(at(4, 18)), Some(at(4, 17)), at(5, 8), tz()));
        assert!(due(Some(at(4, 18)), Some(at(4, 17)), at(6, 8), tz()));
        // Office days, not UTC days: 07:00 in Shanghai on the 6th is still the 5th in UTC.
        assert!(due(Some(at(4, 18)), None, at(6, 7), tz()));
        assert!(due(None, None, at(6, 7), tz()));
    }

    #[test]
    fn issue_19_keeping_the_last_n_removes_only_the_oldest_dated_backups() {
        let names: Vec<String> = [
            "frontdesk-20260303-180000.db",
            "notes.txt",
            "frontdesk-20260305-180000.db",
            "frontdesk-20260301-180000.db",
            "frontdesk-20260304-180000.db",
            "frontdesk-latest.db",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            to_remove(&names, 2),
            [
                "frontdesk-20260301-180000.db",
                "frontdesk-20260303-180000.db"
            ]
        );
        assert!(to_remove(&names, 4).is_empty());
        // Keeping none would remove the one just written: at least one stays.
        assert_eq!(to_remove(&names, 0).len(), 3);
    }

    #[test]
    fn issue_19_a_dated_name_is_office_time_and_reads_back_as_dated() {
        let name = dated_name(at(5, 18), tz());
        assert_eq!(name, "frontdesk-20260305-180000.db");
        assert!(is_dated_name(&name));
        assert!(!is_dated_name("frontdesk-2026.db"));
    }
}
