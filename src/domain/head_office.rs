//! When the console pushes to the head office (issue 19 §3): pure rules, the time given.

use chrono::{DateTime, Duration, Utc};

/// How often the console pushes while the office has a head-office address.
pub const EVERY: Duration = Duration::minutes(5);

/// Whether a push is due now: never tried, or the last try (by any desk on the file) is
/// [`EVERY`] old, or a supervisor has signed a day off since — the signed day goes to the
/// head office soon after, not up to five minutes later.
pub fn due(
    last_tried: Option<DateTime<Utc>>,
    last_signoff: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> bool {
    let Some(tried) = last_tried else {
        return true;
    };
    now - tried >= EVERY || last_signoff.is_some_and(|signed| signed > tried)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn at(minute: u32, second: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 22, 3, minute, second)
            .unwrap()
    }

    #[test]
    fn issue_19_a_push_is_due_at_once_then_every_five_minutes() {
        assert!(due(None, None, at(0, 0)));
        assert!(!due(Some(at(0, 0)), None, at(4, 59)));
        assert!(due(Some(at(0, 0)), None, at(5, 0)));
    }

    #[test]
    fn issue_19_a_sign_off_after_the_last_push_makes_one_due_at_once() {
        assert!(due(Some(at(0, 0)), Some(at(1, 0)), at(1, 1)));
        // A sign-off the last push already followed changes nothing.
        assert!(!due(Some(at(2, 0)), Some(at(1, 0)), at(3, 0)));
    }
}
