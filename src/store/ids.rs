//! The domain's id types as SQLite integers. Here rather than in `domain`, which must not
//! know about the database.

use rusqlite::ToSql;
use rusqlite::types::{FromSql, FromSqlResult, ToSqlOutput, ValueRef};

use crate::domain::complaint::{ComplaintId, RepairId};
use crate::domain::rotation::Seq;
use crate::domain::staff::StaffId;

impl ToSql for StaffId {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        self.0.to_sql()
    }
}

impl FromSql for StaffId {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        i64::column_result(value).map(StaffId)
    }
}

impl ToSql for Seq {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        self.0.to_sql()
    }
}

impl FromSql for Seq {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        i64::column_result(value).map(Seq)
    }
}

impl ToSql for ComplaintId {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        self.0.to_sql()
    }
}

impl FromSql for ComplaintId {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        i64::column_result(value).map(ComplaintId)
    }
}

impl ToSql for RepairId {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        self.0.to_sql()
    }
}

impl FromSql for RepairId {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        i64::column_result(value).map(RepairId)
    }
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    use super::*;

    #[test]
    fn ids_are_stored_and_read_as_plain_integers() {
        let conn = Connection::open_in_memory().unwrap();
        let read = |sql: &str, value: &dyn ToSql| -> (String, i64) {
            conn.query_row(sql, [value], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap()
        };
        assert_eq!(
            read("SELECT typeof(?1), ?1", &StaffId(42)),
            ("integer".into(), 42)
        );
        assert_eq!(
            read("SELECT typeof(?1), ?1", &Seq(7)),
            ("integer".into(), 7)
        );
        let back: (StaffId, Seq, Option<StaffId>) = conn
            .query_row("SELECT 42, 7, NULL", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .unwrap();
        assert_eq!(back, (StaffId(42), Seq(7), None));
    }
}
