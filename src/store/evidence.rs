//! A supervisor's acknowledgement of an evidence failure (issue 16 §2): the red banner stays
//! on every desk until one acknowledges it with their PIN. An acknowledgement is an audit row
//! (`evidence_acknowledged`, chained like every audit row) whose detail is the failure's
//! [`ChainBreak::key`]: the same failure found again stays quiet, a different one is shown.

use chrono::{DateTime, Utc};

use super::chain::ChainBreak;
use super::staff::still_supervisor;
use super::{Approval, Result, Store, audit, parse_timestamp, timestamp};
use crate::domain::rotation::StaffId;

const ACTION: &str = "evidence_acknowledged";

/// One acknowledged failure, for the day's review and `report day`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceAck {
    pub at: DateTime<Utc>,
    pub supervisor: StaffId,
    /// The failure as [`ChainBreak::key`] names it.
    pub what: String,
}

impl Store {
    /// The supervisor (`approval`) acknowledges `breaks`, seen at `operator`'s desk: one
    /// audit row each, in one transaction.
    pub fn acknowledge_evidence(
        &mut self,
        operator: StaffId,
        approval: Approval,
        breaks: &[ChainBreak],
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.write(|tx| {
            let supervisor = still_supervisor(tx, approval)?;
            for broken in breaks {
                audit(
                    tx,
                    now,
                    Some(operator),
                    Some(supervisor),
                    ACTION,
                    &broken.key(),
                )?;
            }
            Ok(())
        })
    }

    /// `breaks` less those a supervisor has acknowledged.
    pub fn unacknowledged(&self, breaks: &[ChainBreak]) -> Result<Vec<ChainBreak>> {
        if breaks.is_empty() {
            return Ok(Vec::new());
        }
        let mut stmt = self
            .conn
            .prepare_cached("SELECT 1 FROM audit WHERE action = ?1 AND detail = ?2 LIMIT 1")?;
        let mut left = Vec::new();
        for broken in breaks {
            if !stmt.exists(rusqlite::params![ACTION, broken.key()])? {
                left.push(broken.clone());
            }
        }
        Ok(left)
    }

    /// The acknowledgements made in `[from, to)`, oldest first.
    pub fn evidence_acks(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<EvidenceAck>> {
        let rows = self
            .conn
            .prepare_cached(
                "SELECT at, approver_id, detail FROM audit
                 WHERE action = ?1 AND at >= ?2 AND at < ?3 ORDER BY id",
            )?
            .query_map(
                rusqlite::params![ACTION, timestamp(from), timestamp(to)],
                |r| {
                    Ok(EvidenceAck {
                        at: parse_timestamp(&r.get::<_, String>(0)?)?,
                        supervisor: r.get(1)?,
                        what: r.get(2)?,
                    })
                },
            )?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}
