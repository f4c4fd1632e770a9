//! The monthly complaint statistics (CMP-11; 000 §6 2.2): complaints per category and per
//! nature, satisfaction overall and per category, the on-time rate. The store counts them
//! with SQL; rates are basis points (integers), `None` when there is nothing to divide by.
//!
//! What is counted in a month (office time): complaints recorded in it; follow-ups made in
//! it (each answer counts, so a complaint unsatisfied once and satisfied the second time is
//! one of two); replies made in it, on time when made by the round's due date as it stood
//! then. Complaints answered on the spot are general and counted by their intake category,
//! but have no reply or follow-up, so they are in neither rate.

use chrono::{Datelike, Months, NaiveDate};

use super::{Category, Nature};

/// `part / whole` in basis points (1/100 of a percent), rounded half up.
pub fn basis_points(part: u32, whole: u32) -> Option<u32> {
    (whole > 0)
        .then(|| ((u64::from(part) * 10_000 + u64::from(whole) / 2) / u64::from(whole)) as u32)
}

/// The first day of every month from `from`'s to `to`'s, both included.
pub fn months(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let mut month = from.with_day(1).expect("day 1 exists");
    let mut out = Vec::new();
    while month <= to {
        out.push(month);
        month = month + Months::new(1);
    }
    out
}

/// One category's counts in a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CategoryStats {
    pub category: Category,
    pub complaints: u32,
    pub follow_ups: u32,
    pub satisfied: u32,
}

impl CategoryStats {
    pub fn satisfaction_bp(&self) -> Option<u32> {
        basis_points(self.satisfied, self.follow_ups)
    }
}

/// One month's statistics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthStats {
    /// The month's first day.
    pub month: NaiveDate,
    pub complaints: u32,
    /// Every category, in the order of 000 §6 (a–j), zeros included.
    pub by_category: Vec<CategoryStats>,
    /// Complaints recorded this month whose category is not known yet.
    pub uncategorised: u32,
    /// Every nature, zeros included.
    pub by_nature: Vec<(Nature, u32)>,
    /// Complaints recorded this month whose nature is not determined yet.
    pub undetermined: u32,
    pub follow_ups: u32,
    pub satisfied: u32,
    pub replied: u32,
    pub replied_on_time: u32,
}

impl MonthStats {
    /// Every category and nature at zero.
    pub fn empty(month: NaiveDate) -> MonthStats {
        use strum::IntoEnumIterator;
        MonthStats {
            month,
            complaints: 0,
            by_category: Category::iter()
                .map(|category| CategoryStats {
                    category,
                    complaints: 0,
                    follow_ups: 0,
                    satisfied: 0,
                })
                .collect(),
            uncategorised: 0,
            by_nature: Nature::iter().map(|n| (n, 0)).collect(),
            undetermined: 0,
            follow_ups: 0,
            satisfied: 0,
            replied: 0,
            replied_on_time: 0,
        }
    }

    pub fn category_mut(&mut self, category: Category) -> &mut CategoryStats {
        self.by_category
            .iter_mut()
            .find(|c| c.category == category)
            .expect("every category is listed")
    }

    pub fn category(&self, category: Category) -> &CategoryStats {
        self.by_category
            .iter()
            .find(|c| c.category == category)
            .expect("every category is listed")
    }

    pub fn nature(&self, nature: Nature) -> u32 {
        self.by_nature
            .iter()
            .find(|(n, _)| *n == nature)
            .map_or(0, |(_, c)| *c)
    }

    /// Satisfied follow-ups over follow-ups.
    pub fn satisfaction_bp(&self) -> Option<u32> {
        basis_points(self.satisfied, self.follow_ups)
    }

    /// Replies by the due date over replies.
    pub fn on_time_bp(&self) -> Option<u32> {
        basis_points(self.replied_on_time, self.replied)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cmp_11_rates_are_basis_points_rounded_and_none_without_a_divisor() {
        assert_eq!(basis_points(1, 3), Some(3333));
        assert_eq!(basis_points(2, 3), Some(6667));
        assert_eq!(basis_points(3, 3), Some(10_000));
        assert_eq!(basis_points(0, 0), None);
        let mut m = MonthStats::empty(NaiveDate::from_ymd_opt(2026, 11, 1).unwrap());
        m.category_mut(Category::Water).follow_ups = 4;
        m.category_mut(Category::Water).satisfied = 3;
        assert_eq!(m.category(Category::Water).satisfaction_bp(), Some(7500));
        assert_eq!(m.on_time_bp(), None);
        assert_eq!(m.by_category.len(), 10);
    }

    #[test]
    fn months_lists_each_first_day_across_a_year_end() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(
            months(d(2025, 11, 15), d(2026, 1, 3)),
            [d(2025, 11, 1), d(2025, 12, 1), d(2026, 1, 1)]
        );
        assert!(months(d(2026, 2, 1), d(2026, 1, 1)).is_empty());
    }
}
