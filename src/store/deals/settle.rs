//! A supervisor settles a deal's split — confirms the proposal, changes it with a reason, or
//! rules on a dispute in writing (004 §20; 001 第12篇 7.7) — or cancels the deal (退订/退房);
//! a clerk corrects the buyers' names or the unit (no salesperson changes, 001 第12篇 7.6).
//! Each is one write: the check of where the deal stands, the chained event, the audit row.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Transaction};

use super::{Correction, DealError, DealView, Result, insert_event, view_in, write_with};
use crate::domain::attribution::{Share, WHOLE};
use crate::domain::deal::{Buyers, DealId, EventKind, REASON_MAX_CHARS};
use crate::domain::staff::StaffId;
use crate::domain::text;
use crate::store::staff::still_supervisor;
use crate::store::{Approval, Store, audit};

/// The deal, refused when there is none or it was cancelled.
pub(super) fn open_deal(conn: &Connection, deal: DealId) -> Result<DealView> {
    let view = view_in(conn, deal)?.ok_or(DealError::NoSuchDeal(deal))?;
    if view.cancellation().is_some() {
        return Err(DealError::Cancelled(deal));
    }
    Ok(view)
}

/// The deal, refused as above or when a supervisor settled it already.
fn unsettled(conn: &Connection, deal: DealId) -> Result<DealView> {
    let view = open_deal(conn, deal)?;
    if let Some(s) = view.settled() {
        return Err(DealError::AlreadySettled {
            deal,
            by: s.supervisor.unwrap_or(s.operator),
            at: s.at,
        });
    }
    Ok(view)
}

fn reason(typed: &str) -> Result<String> {
    text::required(typed, REASON_MAX_CHARS).map_err(DealError::Reason)
}

/// Shares a supervisor typed: every share above zero, each party once, the whole in all.
fn whole(shares: &[Share]) -> Result<Vec<Share>> {
    let kept: Vec<Share> = shares.iter().copied().filter(|s| s.bp > 0).collect();
    let sum: u32 = kept.iter().map(|s| s.bp).sum();
    let distinct = kept
        .iter()
        .enumerate()
        .all(|(i, s)| kept[..i].iter().all(|t| t.party != s.party));
    if sum != WHOLE || !distinct {
        return Err(DealError::SharesNotWhole(sum));
    }
    Ok(kept)
}

/// How a supervisor settles a split other than as proposed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Override {
    /// The supervisor's own change of the proposal.
    Change,
    /// A dispute's written ruling.
    Ruling,
}

impl Store {
    /// A supervisor confirms the proposal they were shown (`proposal_event`), in one write:
    /// refused when a newer proposal exists, when it still asks questions, or when the deal
    /// was settled or cancelled meanwhile.
    pub fn confirm_deal(
        &mut self,
        operator: StaffId,
        approval: Approval,
        deal: DealId,
        proposal_event: i64,
        now: DateTime<Utc>,
    ) -> Result<()> {
        write_with(self, |tx| {
            let supervisor = still_supervisor(tx, approval)?;
            let view = unsettled(tx, deal)?;
            let proposal = view.proposal().ok_or(DealError::ProposalChanged)?;
            if proposal.id != proposal_event {
                return Err(DealError::ProposalChanged);
            }
            let detail = proposal.proposal.clone().unwrap_or_default();
            if !detail.needs.is_empty() {
                return Err(DealError::Unanswered(detail.needs));
            }
            insert_event(
                tx,
                deal,
                EventKind::Confirmed,
                operator,
                Some(supervisor),
                proposal.rule.as_deref(),
                None,
                Some(&proposal.shares),
                None,
                now,
            )?;
            audit(
                tx,
                now,
                Some(operator),
                Some(supervisor),
                "confirm_deal_split",
                &format!(
                    "deal {deal}: proposal {proposal_event} confirmed, {:?}",
                    proposal.shares
                ),
            )?;
            Ok(())
        })
    }

    /// A supervisor settles the split as `shares` with a reason: a change of the proposal,
    /// or a dispute's written ruling. The rule cited is the proposal's, which the reason
    /// departs from.
    #[allow(clippy::too_many_arguments)]
    pub fn override_deal_split(
        &mut self,
        operator: StaffId,
        approval: Approval,
        deal: DealId,
        how: Override,
        shares: &[Share],
        typed_reason: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let shares = whole(shares)?;
        let why = reason(typed_reason)?;
        write_with(self, |tx| {
            let supervisor = still_supervisor(tx, approval)?;
            let view = match how {
                Override::Change => unsettled(tx, deal)?,
                // A ruling settles a dispute about a split already settled too.
                Override::Ruling => open_deal(tx, deal)?,
            };
            let kind = match how {
                Override::Change => EventKind::Changed,
                Override::Ruling => EventKind::Ruled,
            };
            let rule = view.rule().map(str::to_owned);
            insert_event(
                tx,
                deal,
                kind,
                operator,
                Some(supervisor),
                rule.as_deref(),
                Some(&why),
                Some(&shares),
                None,
                now,
            )?;
            audit(
                tx,
                now,
                Some(operator),
                Some(supervisor),
                match how {
                    Override::Change => "change_deal_split",
                    Override::Ruling => "rule_deal_split",
                },
                &format!("deal {deal}: {shares:?} ({why})"),
            )?;
            Ok(())
        })
    }

    /// Cancels a deal (退订/退房) with the reason, approved by a supervisor: the unit is free
    /// again and the month's commission sheet reverses its split.
    pub fn cancel_deal(
        &mut self,
        operator: StaffId,
        approval: Approval,
        deal: DealId,
        typed_reason: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let why = reason(typed_reason)?;
        write_with(self, |tx| {
            let supervisor = still_supervisor(tx, approval)?;
            let view = open_deal(tx, deal)?;
            let shares = view.shares().to_vec();
            insert_event(
                tx,
                deal,
                EventKind::Cancelled,
                operator,
                Some(supervisor),
                view.rule(),
                Some(&why),
                Some(&shares),
                None,
                now,
            )?;
            audit(
                tx,
                now,
                Some(operator),
                Some(supervisor),
                "cancel_deal",
                &format!("deal {deal} ({}): {why}", view.record.unit),
            )?;
            Ok(())
        })
    }

    /// Corrects the buyers' names as the subscription has them, with a reason. The split and
    /// its salespeople stay (001 第12篇 7.6).
    pub fn correct_deal_buyers(
        &mut self,
        operator: StaffId,
        deal: DealId,
        typed_buyers: &str,
        typed_reason: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let why = reason(typed_reason)?;
        let buyers = Buyers::parse(typed_buyers).map_err(DealError::Buyers)?;
        write_with(self, |tx: &Transaction<'_>| {
            let view = open_deal(tx, deal)?;
            if buyers.text == view.buyers() {
                return Err(DealError::NothingToCorrect);
            }
            let changes = Correction {
                buyers: Some(buyers.text.clone()),
            };
            insert_event(
                tx,
                deal,
                EventKind::Corrected,
                operator,
                None,
                None,
                Some(&why),
                None,
                serde_json::to_string(&changes).ok(),
                now,
            )?;
            audit(
                tx,
                now,
                Some(operator),
                None,
                "correct_deal",
                &format!(
                    "deal {deal}: buyers {:?} → {:?} ({why})",
                    view.buyers(),
                    buyers.text
                ),
            )?;
            Ok(())
        })
    }
}
