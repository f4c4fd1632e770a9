//! Slows down PIN guessing: after a few wrong PINs in a row, this console refuses PIN checks
//! for a while. A desk PIN has only 4–8 digits, so unlimited tries would make it decoration.

use chrono::{DateTime, Duration, Utc};

#[derive(Debug, Default, Clone)]
pub struct PinGuard {
    failures: u32,
    locked_until: Option<DateTime<Utc>>,
}

impl PinGuard {
    pub const MAX_FAILURES: u32 = 5;
    pub const LOCKOUT_SECONDS: i64 = 60;

    /// `Err(seconds)` while locked: how long until PINs are checked again.
    pub fn check(&self, now: DateTime<Utc>) -> Result<(), i64> {
        match self.locked_until {
            Some(until) if now < until => Err((until - now).num_seconds().max(1)),
            _ => Ok(()),
        }
    }

    /// Records the result of a PIN check.
    pub fn record(&mut self, correct: bool, now: DateTime<Utc>) {
        if correct {
            *self = PinGuard::default();
            return;
        }
        self.failures += 1;
        if self.failures >= Self::MAX_FAILURES {
            self.failures = 0;
            self.locked_until = Some(now + Duration::seconds(Self::LOCKOUT_SECONDS));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn sec_2_five_wrong_pins_lock_pin_checks_for_a_minute() {
        let t0 = Utc.with_ymd_and_hms(2026, 11, 22, 2, 0, 0).unwrap();
        let mut guard = PinGuard::default();
        for _ in 0..PinGuard::MAX_FAILURES - 1 {
            guard.record(false, t0);
        }
        assert_eq!(guard.check(t0), Ok(()), "four wrong PINs are allowed");
        guard.record(false, t0);
        assert_eq!(guard.check(t0), Err(60));
        assert_eq!(guard.check(t0 + Duration::seconds(59)), Err(1));
        assert_eq!(guard.check(t0 + Duration::seconds(60)), Ok(()));
    }

    #[test]
    fn a_right_pin_clears_the_count() {
        let t0 = Utc.with_ymd_and_hms(2026, 11, 22, 2, 0, 0).unwrap();
        let mut guard = PinGuard::default();
        for _ in 0..4 {
            guard.record(false, t0);
        }
        guard.record(true, t0);
        guard.record(false, t0);
        assert_eq!(guard.check(t0), Ok(()));
    }
}
