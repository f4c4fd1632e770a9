//! The group's figures as the head office holds them (issue 19 §3): read from the view
//! `group_figures` (`figures.sql`) for a range of months, in one read-only transaction, and
//! the total of each month over every office. Nothing here writes: the report runs with the
//! head office's credentials, and reading must not need more.

use chrono::NaiveDate;
use postgres::Client;
use postgres::error::SqlState;

use super::SyncError;
use crate::domain::figures::ratio_bp;

/// The views `figures.sql` creates. They read with the rights of whoever queries them
/// (`security_invoker`), so a reader needs SELECT on each and on `evidence_rows`, and a
/// row-level policy on `evidence_rows` (an office's own login) holds through them.
pub const VIEWS: [&str; 8] = [
    "group_offices",
    "group_office_zones",
    "group_visits",
    "group_calls",
    "group_deals",
    "group_complaints",
    "group_lobby_visits",
    "group_figures",
];

/// One office's month, or a month's total over the offices (`office` none).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupMonth {
    pub office: Option<String>,
    /// The month's first day.
    pub month: NaiveDate,
    pub visits: i64,
    pub new_visitors: i64,
    pub returning_visitors: i64,
    pub corrected_visits: i64,
    pub calls: i64,
    pub calls_visited: i64,
    pub deals: i64,
    pub deals_cancelled: i64,
    pub complaints: i64,
    pub replies: i64,
    pub replies_on_time: i64,
    pub lobby_visits: i64,
}

/// `part / whole` in basis points as the desk rounds them; none without a whole.
fn rate(part: i64, whole: i64) -> Option<u32> {
    let fit = |n: i64| u32::try_from(n.max(0)).unwrap_or(u32::MAX);
    ratio_bp(fit(part), fit(whole))
}

impl GroupMonth {
    /// Deals signed over the month's new visitors (the view's `deal_rate_bp`).
    pub fn deal_rate_bp(&self) -> Option<u32> {
        rate(self.deals, self.new_visitors)
    }

    /// Replies on time over replies made (the view's `on_time_bp`).
    pub fn on_time_bp(&self) -> Option<u32> {
        rate(self.replies_on_time, self.replies)
    }

    fn add(&mut self, o: &GroupMonth) {
        self.visits += o.visits;
        self.new_visitors += o.new_visitors;
        self.returning_visitors += o.returning_visitors;
        self.corrected_visits += o.corrected_visits;
        self.calls += o.calls;
        self.calls_visited += o.calls_visited;
        self.deals += o.deals;
        self.deals_cancelled += o.deals_cancelled;
        self.complaints += o.complaints;
        self.replies += o.replies;
        self.replies_on_time += o.replies_on_time;
        self.lobby_visits += o.lobby_visits;
    }
}

/// Why the group's figures could not be read.
#[derive(Debug, thiserror::Error)]
pub enum GroupError {
    #[error("{0}")]
    Sync(#[from] SyncError),
    /// The head office has no `group_figures` view: `figures.sql` was never applied there.
    #[error("the head office has no group figures (not set up)")]
    NotSetUp,
    /// A month the view gave that is not a date (a view changed behind the report's back).
    #[error("the head office's group figures gave a month that is not a date: {0}")]
    Month(String),
}

impl From<postgres::Error> for GroupError {
    fn from(e: postgres::Error) -> GroupError {
        let missing = e.as_db_error().is_some_and(|db| {
            *db.code() == SqlState::UNDEFINED_TABLE || *db.code() == SqlState::UNDEFINED_FUNCTION
        });
        match missing {
            true => GroupError::NotSetUp,
            false => GroupError::Sync(SyncError::from(e)),
        }
    }
}

// Dates travel as ISO text: the client is built without its chrono feature.
const MONTHS_SQL: &str =
    "SELECT office, to_char(month, 'YYYY-MM-DD'), visits, new_visitors, returning_visitors,
         corrected_visits, calls, calls_visited, deals, deals_cancelled, complaints, replies,
         replies_on_time, lobby_visits
     FROM group_figures WHERE month >= $1::text::date AND month <= $2::text::date
     ORDER BY month, office";

/// Every office's months from `from`'s to `to`'s (both included), by month then office.
pub fn group_months(
    client: &mut Client,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<GroupMonth>, GroupError> {
    let mut tx = client.build_transaction().read_only(true).start()?;
    let (first, last) = (from.to_string(), to.to_string());
    let rows = tx.query(MONTHS_SQL, &[&first, &last])?;
    tx.commit()?;
    rows.iter()
        .map(|r| {
            let month: String = r.get(1);
            let month = month
                .parse::<NaiveDate>()
                .map_err(|_| GroupError::Month(month))?;
            Ok(GroupMonth {
                office: Some(r.get(0)),
                month,
                visits: r.get(2),
                new_visitors: r.get(3),
                returning_visitors: r.get(4),
                corrected_visits: r.get(5),
                calls: r.get(6),
                calls_visited: r.get(7),
                deals: r.get(8),
                deals_cancelled: r.get(9),
                complaints: r.get(10),
                replies: r.get(11),
                replies_on_time: r.get(12),
                lobby_visits: r.get(13),
            })
        })
        .collect()
}

/// The rows as the report lists them: each month's offices (in the order given: by month,
/// then office), then that month's total (`office` none).
pub fn with_month_totals(months: &[GroupMonth]) -> Vec<GroupMonth> {
    let mut out = Vec::with_capacity(months.len() + months.len() / 2 + 1);
    let mut total: Option<GroupMonth> = None;
    for m in months {
        if let Some(t) = total.take_if(|t| t.month != m.month) {
            out.push(t);
        }
        total
            .get_or_insert_with(|| GroupMonth {
                month: m.month,
                ..GroupMonth::default()
            })
            .add(m);
        out.push(m.clone());
    }
    out.extend(total);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(office: &str, m: u32, visits: i64, new: i64, deals: i64) -> GroupMonth {
        GroupMonth {
            office: Some(office.into()),
            month: NaiveDate::from_ymd_opt(2026, m, 1).unwrap(),
            visits,
            new_visitors: new,
            returning_visitors: visits - new,
            deals,
            ..GroupMonth::default()
        }
    }

    #[test]
    fn reg_10_each_month_ends_with_its_total_over_the_offices_and_its_rate_from_the_sums() {
        let rows = with_month_totals(&[
            month("东区", 3, 4, 3, 1),
            month("西区", 3, 2, 1, 1),
            month("东区", 4, 1, 1, 0),
        ]);
        let offices: Vec<Option<&str>> = rows.iter().map(|r| r.office.as_deref()).collect();
        assert_eq!(
            offices,
            [Some("东区"), Some("西区"), None, Some("东区"), None]
        );
        let march = &rows[2];
        assert_eq!((march.visits, march.new_visitors, march.deals), (6, 4, 2));
        // 2 deals over 4 new visitors: 50%, not the mean of 33.33% and 100%.
        assert_eq!(march.deal_rate_bp(), Some(5000));
        assert_eq!(rows[4].visits, 1);
        assert_eq!(rows[4].deal_rate_bp(), Some(0));
        assert!(with_month_totals(&[]).is_empty());
    }

    #[test]
    fn cmp_11_the_on_time_rate_rounds_half_up_and_is_none_without_a_reply() {
        let mut m = month("东区", 3, 0, 0, 0);
        assert_eq!(m.on_time_bp(), None);
        assert_eq!(m.deal_rate_bp(), None);
        (m.replies, m.replies_on_time) = (3, 2);
        assert_eq!(m.on_time_bp(), Some(6667));
    }
}
