//! One day of the registers at a glance (issue 8 §2): how many visits each salesperson
//! registered, the calls and corrections, and the heads of the evidence chains, so what was
//! printed or signed that day can be held against the file later.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::params;

use super::chain::ChainHead;
use super::{Result, Store, timestamp};
use crate::domain::staff::StaffId;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterDay {
    /// Visits made in the day, per receiving salesperson (as registered), most first.
    pub visits: Vec<(StaffId, i64)>,
    pub calls: i64,
    /// Corrections recorded in the day, to any registration.
    pub corrections: i64,
    /// Every evidence chain's head as it stands now.
    pub heads: Vec<ChainHead>,
}

impl RegisterDay {
    pub fn visit_count(&self) -> i64 {
        self.visits.iter().map(|(_, n)| n).sum()
    }
}

impl Store {
    /// The registers between `from` (inclusive) and `to` (exclusive), in one read.
    pub fn register_day(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<RegisterDay> {
        let (from, to) = (timestamp(from), timestamp(to));
        self.read(|store| {
            let conn = &store.conn;
            let mut stmt = conn.prepare_cached(
                "SELECT salesperson_id, count(*) FROM visits WHERE at >= ?1 AND at < ?2
                 GROUP BY salesperson_id ORDER BY count(*) DESC, salesperson_id",
            )?;
            let visits = stmt
                .query_map(params![from, to], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let count = |sql: &str| -> Result<i64> {
                Ok(conn.query_row(sql, params![from, to], |r| r.get(0))?)
            };
            Ok(RegisterDay {
                visits,
                calls: count("SELECT count(*) FROM calls WHERE at >= ?1 AND at < ?2")?,
                corrections: count(
                    "SELECT count(*) FROM register_corrections WHERE at >= ?1 AND at < ?2",
                )?,
                heads: store.chain_heads()?,
            })
        })
    }

    /// Who answers the next phone inquiry (REG-2): the phone order of `day`'s rotation and
    /// the calls registered between `from` and `to` (its business day), by who answered them
    /// as registered, in one read; `None` when nobody checked in is free.
    pub fn next_to_answer(
        &self,
        day: NaiveDate,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Option<StaffId>> {
        let (from, to) = (timestamp(from), timestamp(to));
        self.read(|store| {
            let rotation = super::rotation::day_readable(&store.conn, day)?;
            let answered: Vec<StaffId> = store
                .conn
                .prepare_cached(
                    "SELECT salesperson_id FROM calls WHERE at >= ?1 AND at < ?2 ORDER BY at, id",
                )?
                .query_map(params![from, to], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(crate::domain::register::next_to_answer(
                &rotation, &answered,
            ))
        })
    }
}
