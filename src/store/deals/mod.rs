//! The deal register (成交, issue 17): a deal and everything after it — the console's
//! proposal of whose deal it is and how it splits, a supervisor's confirmation, change or
//! written ruling, a cancellation, a correction of names or unit — each one chained, audited
//! write. The proposal is built from what the registers hold (`case.rs`), the month's
//! commission sheet read back from the events (`sheet.rs`).

mod case;
pub mod settle;
mod sheet;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

pub use case::{Candidate, Preview};
pub use settle::Override;
pub use sheet::{SheetLine, SheetLineKind};

use super::complaint::{write_with, write_with_reading};
use super::{Result as StoreResult, Store, StoreError, audit, chain, parse_timestamp, timestamp};
use crate::domain::attribution::{Answers, Proposal, Question, Share};
use crate::domain::deal::{Deal, DealId, DealKind, EventKind, Unit};
use crate::domain::policy::Policy;
use crate::domain::register::Register;
use crate::domain::staff::{Role, StaffId};

/// Why a deal write was refused.
#[derive(Debug, thiserror::Error)]
pub enum DealError {
    /// The unit is held by a deal not cancelled: a unit is sold once.
    #[error("unit already sold: deal {} of {} to {}", .0.id, .0.deal_on, .0.buyers)]
    UnitSold(Box<DealRecord>),
    #[error("there is no deal {0}")]
    NoSuchDeal(DealId),
    #[error("deal {0} was cancelled")]
    Cancelled(DealId),
    /// The split was settled already, by `by` at `at` (another desk, or this one before).
    #[error("deal {deal} was settled already, by {by} at {at}")]
    AlreadySettled {
        deal: DealId,
        by: StaffId,
        at: DateTime<Utc>,
    },
    /// What the supervisor was shown is no longer the newest proposal.
    #[error("the proposal changed since it was shown")]
    ProposalChanged,
    /// The proposal still turns on these questions.
    #[error("unanswered: {0:?}")]
    Unanswered(Vec<Question>),
    /// Shares that do not add up to the whole, or name nobody.
    #[error("the shares add up to {0} basis points, not 10000")]
    SharesNotWhole(u32),
    #[error("reason: {0}")]
    Reason(crate::domain::text::TextError),
    #[error("buyers: {0}")]
    Buyers(crate::domain::text::TextError),
    #[error("the correction changes nothing")]
    NothingToCorrect,
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub type Result<T, E = DealError> = std::result::Result<T, E>;

/// One deal as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DealRecord {
    pub id: DealId,
    pub recorded_at: DateTime<Utc>,
    pub signed_at: DateTime<Utc>,
    pub deal_on: NaiveDate,
    pub kind: DealKind,
    pub unit: Unit,
    pub buyers: String,
    pub phone: Option<String>,
    pub deposit_fen: i64,
    pub price_fen: Option<i64>,
    pub closer: StaffId,
    pub grew_from: Vec<(Register, i64)>,
    /// The cancelled deal whose attribution this one keeps (换房).
    pub replaces: Option<DealId>,
    pub operator: StaffId,
}

/// What a proposal event keeps beside its rule, reason and shares.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProposalDetail {
    pub answers: Answers,
    pub needs: Vec<Question>,
    pub grabbing: bool,
    pub ruling_needed: bool,
    /// The case as the store read it, for whoever asks later why.
    pub situation: String,
    /// The policy in force when the proposal was made (issue 17 §2).
    pub policy: Option<Policy>,
}

/// One event on a deal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DealEvent {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub kind: EventKind,
    pub operator: StaffId,
    pub supervisor: Option<StaffId>,
    /// The rule cited (a proposal, a change or ruling that keeps one).
    pub rule: Option<String>,
    /// A proposal's reason key (the text catalogue words it); the typed reason otherwise.
    pub reason: Option<String>,
    pub shares: Vec<Share>,
    pub proposal: Option<ProposalDetail>,
    /// A correction's changes: the buyers and unit as corrected.
    pub correction: Option<Correction>,
}

/// A correction of the buyers' names as the subscription has them (REG-4: a new row with a
/// reason). Changes no salesperson (001 第12篇 7.6). A change of unit is not a correction but
/// a cancellation and a new deal that keeps the attribution (换房), so the unit a deal holds
/// is always the one it was recorded with.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Correction {
    pub buyers: Option<String>,
}

/// A deal with its events, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DealView {
    pub record: DealRecord,
    pub events: Vec<DealEvent>,
}

/// Where a deal stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Proposed, waiting for a supervisor; `open` questions still to answer.
    Proposed {
        open: bool,
        ruling_needed: bool,
    },
    /// Settled by a supervisor's confirmation, change or ruling.
    Settled {
        how: EventKind,
        by: StaffId,
        at: DateTime<Utc>,
    },
    Cancelled {
        by: StaffId,
        at: DateTime<Utc>,
    },
}

impl DealView {
    /// The newest proposal.
    pub fn proposal(&self) -> Option<&DealEvent> {
        self.events
            .iter()
            .rev()
            .find(|e| e.kind == EventKind::Proposed)
    }

    /// The supervisor's settling event, the newest.
    pub fn settled(&self) -> Option<&DealEvent> {
        self.events.iter().rev().find(|e| e.kind.settles())
    }

    pub fn cancellation(&self) -> Option<&DealEvent> {
        self.events.iter().find(|e| e.kind == EventKind::Cancelled)
    }

    /// The split as it stands: the settled one, else the newest proposal's.
    pub fn shares(&self) -> &[Share] {
        self.settled()
            .or_else(|| self.proposal())
            .map_or(&[], |e| e.shares.as_slice())
    }

    /// The rule the split as it stands cites.
    pub fn rule(&self) -> Option<&str> {
        self.settled()
            .and_then(|e| e.rule.as_deref())
            .or_else(|| self.proposal().and_then(|e| e.rule.as_deref()))
    }

    pub fn standing(&self) -> Standing {
        if let Some(c) = self.cancellation() {
            return Standing::Cancelled {
                by: c.supervisor.unwrap_or(c.operator),
                at: c.at,
            };
        }
        if let Some(s) = self.settled() {
            return Standing::Settled {
                how: s.kind,
                by: s.supervisor.unwrap_or(s.operator),
                at: s.at,
            };
        }
        let detail = self.proposal().and_then(|p| p.proposal.as_ref());
        Standing::Proposed {
            open: detail.is_some_and(|d| !d.needs.is_empty()),
            ruling_needed: detail.is_some_and(|d| d.ruling_needed),
        }
    }

    /// The buyers and unit as corrected since the deal was recorded.
    pub fn buyers(&self) -> &str {
        self.corrections()
            .filter_map(|c| c.buyers.as_deref())
            .last()
            .unwrap_or(&self.record.buyers)
    }

    fn corrections(&self) -> impl Iterator<Item = &Correction> {
        self.events.iter().filter_map(|e| e.correction.as_ref())
    }
}

/// A freshly recorded deal and the proposal written with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub deal: DealId,
    pub proposal: Proposal,
    pub proposal_event: i64,
}

fn register_key(register: Register) -> &'static str {
    match register {
        Register::Visit => "visit",
        Register::Call => "call",
    }
}

fn grew_from_json(grew_from: &[(Register, i64)]) -> String {
    let listed: Vec<(&str, i64)> = grew_from
        .iter()
        .map(|(r, id)| (register_key(*r), *id))
        .collect();
    serde_json::to_string(&listed).unwrap_or_else(|_| "[]".into())
}

fn parse_grew_from(text: &str) -> Vec<(Register, i64)> {
    serde_json::from_str::<Vec<(String, i64)>>(text)
        .unwrap_or_default()
        .into_iter()
        .map(|(r, id)| {
            let register = if r == "call" {
                Register::Call
            } else {
                Register::Visit
            };
            (register, id)
        })
        .collect()
}

const RECORD_COLUMNS: &str = "id, recorded_at, signed_at, deal_on, kind, building, room, buyers, \
     phone, deposit_fen, price_fen, closer_id, grew_from, replaces_id, operator_id";

fn record_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DealRecord> {
    let kind: String = r.get(4)?;
    let deal_on: String = r.get(3)?;
    Ok(DealRecord {
        id: r.get(0)?,
        recorded_at: parse_timestamp(&r.get::<_, String>(1)?)?,
        signed_at: parse_timestamp(&r.get::<_, String>(2)?)?,
        deal_on: NaiveDate::parse_from_str(&deal_on, "%Y-%m-%d").map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(3, rusqlite::types::Type::Text, e.into())
        })?,
        kind: kind.parse().map_err(|e: strum::ParseError| {
            rusqlite::Error::FromSqlConversionFailure(4, rusqlite::types::Type::Text, e.into())
        })?,
        unit: Unit {
            building: r.get(5)?,
            room: r.get(6)?,
        },
        buyers: r.get(7)?,
        phone: r.get(8)?,
        deposit_fen: r.get(9)?,
        price_fen: r.get(10)?,
        closer: r.get(11)?,
        grew_from: parse_grew_from(&r.get::<_, String>(12)?),
        replaces: r.get(13)?,
        operator: r.get(14)?,
    })
}

fn event_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DealEvent> {
    let kind: String = r.get(2)?;
    let kind: EventKind = kind.parse().map_err(|e: strum::ParseError| {
        rusqlite::Error::FromSqlConversionFailure(2, rusqlite::types::Type::Text, e.into())
    })?;
    let shares: Option<String> = r.get(7)?;
    let detail: Option<String> = r.get(8)?;
    let shares = shares
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default();
    let (proposal, correction) = match (kind, detail) {
        (EventKind::Proposed, Some(d)) => (serde_json::from_str(&d).ok(), None),
        (EventKind::Corrected, Some(d)) => (None, serde_json::from_str(&d).ok()),
        _ => (None, None),
    };
    Ok(DealEvent {
        id: r.get(0)?,
        at: parse_timestamp(&r.get::<_, String>(1)?)?,
        kind,
        operator: r.get(3)?,
        supervisor: r.get(4)?,
        rule: r.get(5)?,
        reason: r.get(6)?,
        shares,
        proposal,
        correction,
    })
}

pub(super) fn record_in(conn: &Connection, id: DealId) -> StoreResult<Option<DealRecord>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {RECORD_COLUMNS} FROM deals WHERE id = ?1"))?
        .query_row([id], record_from_row)
        .optional()?)
}

pub(super) fn events_in(conn: &Connection, deal: DealId) -> StoreResult<Vec<DealEvent>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, at, kind, operator_id, supervisor_id, rule, reason, shares, detail
         FROM deal_events WHERE deal_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([deal], event_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn view_in(conn: &Connection, id: DealId) -> StoreResult<Option<DealView>> {
    let Some(record) = record_in(conn, id)? else {
        return Ok(None);
    };
    Ok(Some(DealView {
        events: events_in(conn, id)?,
        record,
    }))
}

/// The deal holding `unit_key`: the newest not cancelled.
fn unit_holder(conn: &Connection, unit_key: &str) -> StoreResult<Option<DealRecord>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {RECORD_COLUMNS} FROM deals d WHERE unit_key = ?1
             AND NOT EXISTS (SELECT 1 FROM deal_events e
                             WHERE e.deal_id = d.id AND e.kind = 'cancelled')
             ORDER BY id DESC LIMIT 1"
        ))?
        .query_row([unit_key], record_from_row)
        .optional()?)
}

/// Writes one event row, chained, in `tx`.
#[allow(clippy::too_many_arguments)]
pub(super) fn insert_event(
    tx: &Transaction<'_>,
    deal: DealId,
    kind: EventKind,
    operator: StaffId,
    supervisor: Option<StaffId>,
    rule: Option<&str>,
    reason: Option<&str>,
    shares: Option<&[Share]>,
    detail: Option<String>,
    now: DateTime<Utc>,
) -> StoreResult<i64> {
    chain::insert_row(
        tx,
        &chain::DEAL_EVENTS,
        "INSERT INTO deal_events
             (id, deal_id, at, kind, operator_id, supervisor_id, rule, reason, shares, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            deal,
            timestamp(now),
            kind.key(),
            operator,
            supervisor,
            rule,
            reason,
            shares.map(|s| serde_json::to_string(s).unwrap_or_else(|_| "[]".into())),
            detail,
        ],
    )
}

/// Writes the proposal event for `deal`.
fn insert_proposal(
    tx: &Transaction<'_>,
    deal: DealId,
    operator: StaffId,
    preview: &Preview,
    now: DateTime<Utc>,
) -> StoreResult<i64> {
    let proposal = &preview.proposal;
    let detail = ProposalDetail {
        answers: preview.case.answers,
        needs: proposal.needs.clone(),
        grabbing: proposal.grabbing,
        ruling_needed: proposal.ruling_needed,
        situation: format!("{:?}", preview.case.situation),
        policy: Some(preview.policy.clone()),
    };
    let id = insert_event(
        tx,
        deal,
        EventKind::Proposed,
        operator,
        None,
        Some(proposal.rule),
        Some(proposal.reason),
        Some(&proposal.shares),
        serde_json::to_string(&detail).ok(),
        now,
    )?;
    audit(
        tx,
        now,
        Some(operator),
        None,
        "propose_deal_split",
        &format!(
            "deal {deal}: {} ({}) {:?}{}",
            proposal.rule,
            proposal.reason,
            proposal.shares,
            if proposal.needs.is_empty() {
                String::new()
            } else {
                format!(", asks {:?}", proposal.needs)
            }
        ),
    )?;
    Ok(id)
}

impl Store {
    /// What recording `deal` would find and propose now, without writing: the candidate
    /// registrations by the subscription's buyer and phone, the unit's present holder if it is
    /// sold, the case and the proposal under the office's policy (issue 17 §2).
    pub fn preview_deal(
        &self,
        deal: &Deal,
        answers: Answers,
        replaces: Option<DealId>,
        now: DateTime<Utc>,
    ) -> StoreResult<Preview> {
        self.read(|store| case::preview(store, deal, answers, replaces, now))
    }

    /// Records `deal` and the proposal of its attribution, chained and audited, in one
    /// transaction; refused when the unit is held by a deal not cancelled. `replaces`: the
    /// cancelled deal whose attribution a change of unit (换房) keeps.
    pub fn record_deal(
        &mut self,
        operator: StaffId,
        deal: &Deal,
        answers: Answers,
        replaces: Option<DealId>,
        now: DateTime<Utc>,
    ) -> Result<Recorded> {
        write_with_reading(self, |store, tx| {
            match super::staff::staff_member(tx, deal.closer)? {
                Some(s) if s.active && s.role == Role::Salesperson => {}
                _ => return Err(StoreError::NotSalesperson(deal.closer).into()),
            }
            if let Some(holder) = unit_holder(tx, &deal.unit.key())? {
                return Err(DealError::UnitSold(Box::new(holder)));
            }
            if let Some(old) = replaces {
                let old = view_in(tx, old)?.ok_or(DealError::NoSuchDeal(old))?;
                if old.cancellation().is_none() {
                    return Err(DealError::UnitSold(Box::new(old.record)));
                }
            }
            let preview = case::preview(store, deal, answers, replaces, now)?;
            // The visits and calls it grew from: as the clerk named them, else every
            // registration the REG-3 check found for the buyer.
            let grew_from = if deal.grew_from.is_empty() {
                preview
                    .candidates
                    .iter()
                    .map(|c| (c.register, c.id))
                    .collect()
            } else {
                deal.grew_from.clone()
            };
            let (full_name, surname) = {
                let first = deal.buyers.first();
                (first.full().map(str::to_owned), first.surname().to_owned())
            };
            let id = chain::insert_row(
                tx,
                &chain::DEALS,
                "INSERT INTO deals (id, recorded_at, signed_at, deal_on, kind, building, room,
                     unit_key, buyers, buyer_full_name, buyer_surname, phone, deposit_fen,
                     price_fen, closer_id, grew_from, replaces_id, operator_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
                     ?16, ?17, ?18)",
                params![
                    timestamp(now),
                    timestamp(deal.signed_at),
                    deal.deal_on.format("%Y-%m-%d").to_string(),
                    deal.kind.key(),
                    deal.unit.building,
                    deal.unit.room,
                    deal.unit.key(),
                    deal.buyers.text,
                    full_name,
                    surname,
                    deal.phone.as_ref().map(|p| p.as_str().to_owned()),
                    deal.deposit_fen,
                    deal.price_fen,
                    deal.closer,
                    grew_from_json(&grew_from),
                    replaces,
                    operator,
                ],
            )?;
            audit(
                tx,
                now,
                Some(operator),
                None,
                "record_deal",
                &format!(
                    "deal {id}: {} to {}, closed by {}{}",
                    deal.unit,
                    deal.buyers.text,
                    deal.closer,
                    replaces.map_or(String::new(), |r| format!(", replacing deal {r}"))
                ),
            )?;
            let proposal_event = insert_proposal(tx, id, operator, &preview, now)?;
            Ok(Recorded {
                deal: id,
                proposal: preview.proposal,
                proposal_event,
            })
        })
    }

    /// Proposes again with new answers (the clerk's or the supervisor's), in one write; the
    /// earlier proposal stays in the record.
    pub fn repropose_deal(
        &mut self,
        operator: StaffId,
        deal: DealId,
        answers: Answers,
        now: DateTime<Utc>,
    ) -> Result<Recorded> {
        write_with_reading(self, |store, tx| {
            let view = settle::open_deal(tx, deal)?;
            let preview = case::preview_recorded(store, &view.record, answers, now)?;
            let proposal_event = insert_proposal(tx, deal, operator, &preview, now)?;
            Ok(Recorded {
                deal,
                proposal: preview.proposal,
                proposal_event,
            })
        })
    }

    /// A deal with its events.
    pub fn deal(&self, id: DealId) -> StoreResult<Option<DealView>> {
        self.read(|store| view_in(&store.conn, id))
    }

    /// One page of deals, newest first: all of them, or those whose buyers, unit or phone
    /// contain `query`. `page` is (offset, limit).
    pub fn deals_page(&self, query: &str, page: (usize, usize)) -> StoreResult<Vec<DealView>> {
        let query = crate::domain::text::sanitize(query);
        self.read(|store| {
            let (offset, limit) = page;
            let ids: Vec<DealId> = if query.is_empty() {
                let mut stmt = store
                    .conn
                    .prepare_cached("SELECT id FROM deals ORDER BY id DESC LIMIT ?1 OFFSET ?2")?;
                stmt.query_map(params![limit as i64, offset as i64], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?
            } else {
                let pattern = format!(
                    "%{}%",
                    query
                        .replace('\\', "\\\\")
                        .replace('%', "\\%")
                        .replace('_', "\\_")
                );
                let mut stmt = store.conn.prepare_cached(
                    "SELECT id FROM deals WHERE buyers LIKE ?1 ESCAPE '\\'
                         OR (building || ' ' || room) LIKE ?1 ESCAPE '\\'
                         OR unit_key LIKE ?1 ESCAPE '\\' OR phone LIKE ?1 ESCAPE '\\'
                     ORDER BY id DESC LIMIT ?2 OFFSET ?3",
                )?;
                stmt.query_map(params![pattern, limit as i64, offset as i64], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?
            };
            let mut out = Vec::with_capacity(ids.len());
            for id in ids {
                if let Some(view) = view_in(&store.conn, id)? {
                    out.push(view);
                }
            }
            Ok(out)
        })
    }
}

#[cfg(test)]
mod tests;
