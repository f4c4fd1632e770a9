//! Slows down PIN guessing: how long a person's PIN checks are locked, given how many wrong
//! PINs in a row were typed for them and when the last one was. A desk PIN has only 4–8
//! digits, so unlimited tries would make it decoration. The store keeps the count per person
//! in the database, so every desk and every restart sees the same lock; this is only the rule.

use chrono::{DateTime, Duration, Utc};

/// Wrong PINs allowed in a row before the first lock.
pub const FREE_FAILURES: u32 = 4;
/// The first lock, after the fifth wrong PIN in a row.
pub const FIRST_LOCK_SECONDS: i64 = 60;
/// The longest lock: each further wrong PIN doubles the lock up to this (one an hour, so the
/// 10,000 four-digit PINs would take over a year).
pub const MAX_LOCK_SECONDS: i64 = 60 * 60;

/// How long PIN checks stay locked after the `failures`-th wrong PIN in a row: none for the
/// first four, then 1 min, 2, 4, … up to an hour.
pub fn lock_after(failures: u32) -> Option<Duration> {
    let beyond = failures.checked_sub(FREE_FAILURES + 1)?;
    let seconds = FIRST_LOCK_SECONDS
        .checked_shl(beyond.min(32))
        .unwrap_or(MAX_LOCK_SECONDS)
        .min(MAX_LOCK_SECONDS);
    Some(Duration::seconds(seconds))
}

/// Where a wrong PIN cannot be recorded (a read-only file, a full disk) the lockout above
/// cannot be kept, so guessing is slowed in the process instead: the pause before the PIN
/// check that follows `wrong` unrecorded wrong PINs in this process. 3 s before the first
/// check (the command line waits it out, so one process answers no faster), then 6, 12, …
/// up to an hour. Whoever can read the file can still try the hashes offline; this only
/// keeps the console and the command line from being a fast way to do it.
pub fn unrecorded_pause(wrong: u32) -> Duration {
    let seconds = UNRECORDED_FIRST_PAUSE_SECONDS
        .checked_shl(wrong.min(32))
        .unwrap_or(MAX_LOCK_SECONDS)
        .min(MAX_LOCK_SECONDS);
    Duration::seconds(seconds)
}

/// The pause before the first PIN check of a process that cannot record wrong PINs.
pub const UNRECORDED_FIRST_PAUSE_SECONDS: i64 = 3;

/// `Some(until)` while a person's PIN checks are locked at `now`.
pub fn locked_until(
    failures: u32,
    last_failure: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let until = last_failure + lock_after(failures)?;
    (now < until).then_some(until)
}

/// Whole seconds until `until`, at least one, for "try again in N seconds".
pub fn seconds_left(until: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    let left = until - now;
    let whole = left.num_seconds();
    let rounded_up = if left > Duration::seconds(whole) {
        whole + 1
    } else {
        whole
    };
    rounded_up.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 22, 2, 0, 0).unwrap()
    }

    #[test]
    fn sec_2_four_wrong_pins_are_free_the_fifth_locks_for_a_minute() {
        for n in 0..=FREE_FAILURES {
            assert_eq!(locked_until(n, t0(), t0()), None, "{n} wrong PINs");
        }
        let until = t0() + Duration::seconds(60);
        assert_eq!(locked_until(5, t0(), t0()), Some(until));
        assert_eq!(
            seconds_left(until, t0() + Duration::milliseconds(59_500)),
            1
        );
        assert_eq!(locked_until(5, t0(), until), None);
    }

    #[test]
    fn sec_2_unrecorded_wrong_pins_pause_the_process_longer_each_time_up_to_an_hour() {
        let seconds: Vec<i64> = (0..=11)
            .map(|n| unrecorded_pause(n).num_seconds())
            .collect();
        assert_eq!(
            seconds,
            [3, 6, 12, 24, 48, 96, 192, 384, 768, 1536, 3072, 3600]
        );
        assert_eq!(unrecorded_pause(u32::MAX).num_seconds(), 3600);
    }

    #[test]
    fn sec_2_each_further_wrong_pin_doubles_the_lock_up_to_an_hour() {
        let minutes: Vec<i64> = (5..=13)
            .map(|n| lock_after(n).unwrap().num_minutes())
            .collect();
        assert_eq!(minutes, [1, 2, 4, 8, 16, 32, 60, 60, 60]);
        assert_eq!(lock_after(u32::MAX).unwrap().num_minutes(), 60);
    }
}
