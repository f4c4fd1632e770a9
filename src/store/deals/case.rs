//! A deal's case built from what the registers hold (issue 17 §2): the REG-3 check of the
//! subscription's buyer and phone at the moment of signing, the ownership verdict it gives,
//! and the closer's receptions of that customer in the rotation log — how each began
//! (rotation, designation, helping an absent owner), when it ended and what the register said
//! at the time. The pure rules in `domain::attribution` turn the case into the proposal.
//!
//! How the record becomes a situation (each a choice where the sources leave it to the desk):
//! - No registration that counts: the rotation's walk-in, or named on the first visit when
//!   the closer's reception began as a designation (ATT-004-2).
//! - The closer holds the protected registration: their own customer (REG-5, REG-6).
//! - Another holds it and the closer received as that owner's helper: the owner was away
//!   (ATT-004-1, ATT-004-3 when the owner's registration is a call); "on the spot" when the
//!   subscription was signed before that reception ended.
//! - Another holds it and the register already said so when the closer's visit was
//!   registered: the closer knew, and the owner was there or reachable (004 §13): the
//!   proposal turns on whether the owner consented, a question.
//! - Another holds it and the register did not show it at the closer's visit (found at the
//!   deal, by the subscription's name): an unknowing receipt, recognised on the deal's day
//!   (ATT-004-6, ATT-V-1, ATT-14-7).
//! - A conflict between holders: the earlier wins (REG-6) and the proposal asks for the
//!   supervisor's ruling.
//! - Name and phone pointing at different people's registrations (a spouse on the same phone):
//!   two of a family received apart; ATT-V-5 asks whether they are spouses.
//! - The owner's reception rejected by the customer (ROT-10): the customer refused the owner.
//! - The closer's reception began as a designation after the owner had received the customer:
//!   designated on the n-th visit, or after reception began when on the owner's same day.
//! - A referral registered for the buyer decides before all of these: an employee's (ATT-V-4,
//!   confirmed or void) or an old customer's (REG-7, ATT-V-6, ATT-14-9).
//! - The closer holding the customer by a manager's redistribution cites ATT-14-10.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, OptionalExtension};

use super::{DealRecord, DealView, view_in};
use crate::domain::attribution::{
    self, Answers, AwayBecause, Case, CompanyKind, Kin, Proposal, Question, Situation,
};
use crate::domain::deal::{Deal, DealId, DealKind};
use crate::domain::policy::Policy;
use crate::domain::register::{
    CustomerName, Identity, IdentityPart, Match, Ownership, Phone, Plate, ReferralGround, Register,
    Verdict,
};
use crate::domain::rotation::{Event, Outcome, ReceptionKind};
use crate::domain::staff::StaffId;
use crate::store::register::settled_ownership;
use crate::store::{Result, Store, parse_timestamp};

/// A registration the REG-3 check found for the deal's buyer, and by what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub register: Register,
    pub id: i64,
    pub salesperson: StaffId,
    pub at: DateTime<Utc>,
    pub by: Vec<IdentityPart>,
    pub protected: bool,
}

/// What recording a deal finds and proposes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    /// The deal now holding the unit, when it is sold.
    pub unit_holder: Option<DealRecord>,
    /// The registrations of the buyer, oldest first.
    pub candidates: Vec<Candidate>,
    /// The buyer's name and the phone lead to different salespeople's registrations: both
    /// are shown and the family rules decide, the supervisor confirming.
    pub name_and_phone_differ: bool,
    pub ownership: Ownership,
    /// The deal cancelled for the change of unit whose attribution this one keeps.
    pub replaced: Option<DealView>,
    pub case: Case,
    pub proposal: Proposal,
    pub policy: Policy,
}

/// How one of the closer's receptions of the customer went, from the rotation log.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Reception {
    visit: i64,
    visited_at: DateTime<Utc>,
    kind: ReceptionKind,
    named: bool,
    ended_at: Option<DateTime<Utc>>,
    outcome: Option<Outcome>,
}

pub(super) fn preview(
    store: &Store,
    deal: &Deal,
    answers: Answers,
    replaces: Option<DealId>,
    now: DateTime<Utc>,
) -> Result<Preview> {
    let facts = Facts {
        signed_at: deal.signed_at,
        deal_on: deal.deal_on,
        kind: deal.kind,
        closer: deal.closer,
        buyer: deal.buyers.first().clone(),
        phone: deal.phone.clone(),
        grew_from: deal.grew_from.clone(),
        unit_key: deal.unit.key(),
    };
    build(store, &facts, answers, replaces, now)
}

/// [`preview`] for a deal already recorded (proposed again with new answers).
pub(super) fn preview_recorded(
    store: &Store,
    record: &DealRecord,
    answers: Answers,
    now: DateTime<Utc>,
) -> Result<Preview> {
    let buyer = crate::domain::deal::Buyers::parse(&record.buyers)
        .map(|b| b.first().clone())
        .or_else(|_| CustomerName::parse(&record.buyers))
        .map_err(|e| crate::store::StoreError::Other(format!("deal {}: {e}", record.id)))?;
    let facts = Facts {
        signed_at: record.signed_at,
        deal_on: record.deal_on,
        kind: record.kind,
        closer: record.closer,
        buyer,
        phone: record
            .phone
            .as_deref()
            .and_then(|p| Phone::from_stored(p).ok()),
        grew_from: record.grew_from.clone(),
        // The deal holds its own unit: no holder to report.
        unit_key: String::new(),
    };
    build(store, &facts, answers, record.replaces, now)
}

struct Facts {
    signed_at: DateTime<Utc>,
    deal_on: NaiveDate,
    kind: DealKind,
    closer: StaffId,
    buyer: CustomerName,
    phone: Option<Phone>,
    grew_from: Vec<(Register, i64)>,
    unit_key: String,
}

fn build(
    store: &Store,
    facts: &Facts,
    answers: Answers,
    replaces: Option<DealId>,
    _now: DateTime<Utc>,
) -> Result<Preview> {
    let conn = &store.conn;
    let settings = store.office_settings()?;
    let tz = settings.timezone();
    let policy = settings.policy().clone();
    // The subscription names the buyer and a phone; a visit the deal grew from may add the
    // car's plate, which with the buyer's surname is an identity too (REG-3).
    let identity = Identity {
        name: Some(facts.buyer.clone()),
        phone: facts.phone.clone(),
        plate: grew_from_plate(conn, &facts.grew_from)?,
    };
    let everyone = settled_ownership(conn, &identity, facts.signed_at, tz, &policy, &[])?;
    let ownership = others_before_closer(conn, &identity, facts, everyone.clone(), tz, &policy)?;
    let closer_registered = everyone
        .matches
        .iter()
        .any(|m| m.evidence && m.salesperson == facts.closer);
    let candidates: Vec<Candidate> = everyone
        .matches
        .iter()
        .map(|m| Candidate {
            register: m.register,
            id: m.id,
            salesperson: m.salesperson,
            at: m.at,
            by: m.by.clone(),
            protected: m.window.is_protected(),
        })
        .collect();
    let unit_holder = if facts.unit_key.is_empty() {
        None
    } else {
        super::unit_holder(conn, &facts.unit_key)?
    };
    let replaced = match replaces {
        Some(id) => view_in(conn, id)?,
        None => None,
    };
    let kin = apart(&candidates, tz);
    let name_and_phone_differ = kin.is_some();
    let referred = match facts.kind {
        DealKind::Customer => referral(store, facts, &identity, &everyone, &policy)?,
        DealKind::GroupPurchase | DealKind::Company => None,
    };
    let situation = match referred {
        Some(situation) => situation,
        None => situation(
            conn,
            facts,
            &identity,
            &ownership,
            &everyone,
            closer_registered,
            kin,
            tz,
            &policy,
            answers,
        )?,
    };
    let case = Case {
        closer: facts.closer,
        deal_on: facts.deal_on,
        situation,
        answers,
    };
    let mut proposal = match &replaced {
        Some(old) => keeps_attribution(old),
        None => ask_what_the_record_cannot_say(attribution::propose(&policy, &case), &case),
    };
    if matches!(ownership.verdict, Verdict::Conflict { .. }) && replaced.is_none() {
        proposal.ruling_needed = true;
    }
    // ATT-14-10: the closer holds the customer by a manager's redistribution, inside its
    // window: the proposal cites the redistribution, not the registration.
    if let (Situation::OwnCustomer, Some(moved), Verdict::Returning(claim)) = (
        &case.situation,
        &ownership.redistributed,
        &ownership.verdict,
    ) && moved.to == facts.closer
        && claim.owner == moved.to
        && replaced.is_none()
    {
        proposal.rule = "ATT-14-10";
        proposal.reason = "redistributed_customer";
    }
    Ok(Preview {
        unit_holder,
        candidates,
        name_and_phone_differ,
        ownership,
        replaced,
        case,
        proposal,
        policy,
    })
}

/// A referral registered for the customer (REG-7, REG-8), as the situation it makes: an
/// employee's referral (ATT-V-4, every preset: confirmed at the visit, or void), or an old
/// customer's (ATT-V-6, 004 §10, ATT-14-9: whom it points to, announced or not). `None`
/// when the registers hold no referral of the buyer.
fn referral(
    store: &Store,
    facts: &Facts,
    identity: &Identity,
    everyone: &Ownership,
    policy: &Policy,
) -> Result<Option<Situation>> {
    let employee = store
        .employee_referrals_of(identity)?
        .into_iter()
        .filter(|r| r.appointment_on <= facts.deal_on)
        .max_by_key(|r| (r.confirmed.is_some(), r.at));
    if let Some(r) = employee {
        return Ok(Some(Situation::EmployeeReferral {
            referrer: r.referrer,
            receiver: facts.closer,
            confirmed: r.confirmed.is_some(),
        }));
    }
    let visits: Vec<i64> = everyone
        .matches
        .iter()
        .filter(|m| m.register == Register::Visit)
        .map(|m| m.id)
        .collect();
    let Some(referred) = store
        .customer_referrals_for_visits(&visits)?
        .into_iter()
        .next()
    else {
        return Ok(None);
    };
    let conn = &store.conn;
    let receiver = visit_reception(conn, referred.visit_id)?.map_or(facts.closer, |l| l.receiver);
    let implied = referred.implies(receiver, attribution::Preset::of(policy));
    let announced = !matches!(implied.ground, ReferralGround::Rotation);
    let on_spot = closer_receptions(conn, facts, everyone)?
        .first()
        .is_some_and(|r| r.ended_at.is_none_or(|end| facts.signed_at <= end));
    Ok(Some(Situation::OldCustomerReferral {
        original: implied.owner,
        receiver: facts.closer,
        announced,
        original_present: receiver == implied.owner,
        on_spot,
    }))
}

/// The verdict the closer met the customer under: when another salesperson registered the
/// customer before the closer first did, the closer's own registrations (made since, knowing
/// or not) are left out, so the verdict speaks of the others' hold (REG-6: the earlier
/// registration wins); otherwise the verdict over everyone.
fn others_before_closer(
    conn: &Connection,
    identity: &Identity,
    facts: &Facts,
    everyone: Ownership,
    tz: Tz,
    policy: &Policy,
) -> Result<Ownership> {
    let earliest = everyone
        .matches
        .iter()
        .filter(|m| m.evidence && !m.window.is_in_future())
        .min_by_key(|m| (m.at, m.id));
    let closers: Vec<(Register, i64)> = everyone
        .matches
        .iter()
        .filter(|m| m.salesperson == facts.closer)
        .map(|m| (m.register, m.id))
        .collect();
    match earliest {
        Some(first) if first.salesperson != facts.closer && !closers.is_empty() => {
            settled_ownership(conn, identity, facts.signed_at, tz, policy, &closers)
        }
        _ => Ok(everyone),
    }
}

/// The questions the store adds to the rules' own: whether a present owner consented
/// (the case reads "no consent" until answered, which would propose grabbing), and for a
/// company deal under vanke whether a leader designated the salesperson.
fn ask_what_the_record_cannot_say(proposal: Proposal, case: &Case) -> Proposal {
    let (question, reason) = match &case.situation {
        Situation::OwnerPresent {
            handed_back: false, ..
        } if case.answers.owner_consented.is_none() => (Question::OwnerConsented, "owner_present"),
        Situation::Company {
            kind: CompanyKind::Introduced,
            ..
        } if proposal.rule == "ATT-V-3" && case.answers.leader_designated.is_none() => {
            (Question::LeaderDesignated, "company_customer")
        }
        _ => return proposal,
    };
    let mut needs = vec![question];
    needs.extend(proposal.needs.iter().copied().filter(|q| *q != question));
    Proposal::asks(proposal.rule, reason, needs)
}

/// The plate of the first visit the deal grew from that has one.
fn grew_from_plate(conn: &Connection, grew_from: &[(Register, i64)]) -> Result<Option<Plate>> {
    for (_, id) in grew_from.iter().filter(|(r, _)| *r == Register::Visit) {
        let plate: Option<String> = conn
            .prepare_cached("SELECT plate FROM visits WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?
            .flatten();
        if let Some(plate) = plate.and_then(|p| Plate::from_stored(&p).ok()) {
            return Ok(Some(plate));
        }
    }
    Ok(None)
}

/// A change of unit (换房) keeps the cancelled deal's split and its rule.
fn keeps_attribution(old: &DealView) -> Proposal {
    let shares = old.shares().to_vec();
    if shares.is_empty() {
        return Proposal::asks("ATT", "unit_changed_no_split", Vec::new());
    }
    Proposal::new("ATT", "unit_changed_keeps_attribution", shares)
}

/// Two of a family received apart: the buyer's name leads to one salesperson's protected
/// registrations, the phone to another's (and neither registration matches both).
fn apart(candidates: &[Candidate], tz: Tz) -> Option<(StaffId, StaffId, NaiveDate, NaiveDate)> {
    let only = |part: IdentityPart| {
        candidates
            .iter()
            .filter(|c| c.protected && c.by == [part])
            .min_by_key(|c| c.at)
    };
    let by_name = only(IdentityPart::FullName)?;
    let by_phone = only(IdentityPart::Phone)?;
    if by_name.salesperson == by_phone.salesperson {
        return None;
    }
    let (first, later) = if by_name.at <= by_phone.at {
        (by_name, by_phone)
    } else {
        (by_phone, by_name)
    };
    let day = |c: &Candidate| c.at.with_timezone(&tz).date_naive();
    Some((first.salesperson, later.salesperson, day(first), day(later)))
}

#[allow(clippy::too_many_arguments)]
fn situation(
    conn: &Connection,
    facts: &Facts,
    identity: &Identity,
    ownership: &Ownership,
    everyone: &Ownership,
    closer_registered: bool,
    kin: Option<(StaffId, StaffId, NaiveDate, NaiveDate)>,
    tz: Tz,
    policy: &Policy,
    answers: Answers,
) -> Result<Situation> {
    match facts.kind {
        DealKind::GroupPurchase => {
            return Ok(Situation::Company {
                salesperson: facts.closer,
                kind: CompanyKind::GroupPurchase,
            });
        }
        DealKind::Company => {
            let kind = if answers.leader_designated == Some(true) {
                CompanyKind::LeaderDesignated
            } else {
                CompanyKind::Introduced
            };
            return Ok(Situation::Company {
                salesperson: facts.closer,
                kind,
            });
        }
        DealKind::Customer => {}
    }
    if let Some((first, later, first_on, later_on)) = kin {
        return Ok(Situation::KinApart {
            first,
            later,
            kin: Kin::Spouse,
            first_on,
            later_on,
        });
    }
    let day = |t: DateTime<Utc>| t.with_timezone(&tz).date_naive();
    // The closer's receptions among all the buyer's registrations, their own included.
    let receptions = closer_receptions(conn, facts, everyone)?;
    let on_spot = |r: &Reception| r.ended_at.is_none_or(|end| facts.signed_at <= end);
    let (owner, registered_at) = match &ownership.verdict {
        Verdict::New
        | Verdict::Expired {
            unknowing_until: None,
            ..
        } => {
            if closer_registered {
                return Ok(Situation::OwnCustomer);
            }
            let designated = receptions
                .first()
                .is_some_and(|r| r.kind == ReceptionKind::Designated);
            return Ok(Situation::Fresh { designated });
        }
        Verdict::Returning(claim) => (claim.owner, claim.first_registered_at),
        Verdict::Conflict { holders } => match holders.first() {
            Some(claim) => (claim.owner, claim.first_registered_at),
            None => return Ok(Situation::Fresh { designated: false }),
        },
        Verdict::Expired { last, .. } => (last.owner, last.registered_at),
    };
    if owner == facts.closer {
        return Ok(Situation::OwnCustomer);
    }
    // The closer's reception as the owner's helper: the owner was away.
    if let Some(r) = receptions
        .iter()
        .find(|r| r.kind == ReceptionKind::Helping(owner))
    {
        let owner_by_call = ownership
            .matches
            .iter()
            .filter(|m| m.salesperson == owner && m.evidence)
            .all(|m| m.register == Register::Call);
        let because = if owner_by_call {
            AwayBecause::PhoneCallerAskedForOwner
        } else if r.named {
            AwayBecause::AskedForOwner
        } else {
            AwayBecause::OldCustomerBroughtNew
        };
        return Ok(Situation::OwnerAway {
            owner,
            helper: facts.closer,
            because,
            on_spot: on_spot(r),
        });
    }
    let first = receptions.first();
    // The customer turned the owner away (ROT-10: the supervisor reassigned them) and the
    // closer followed: whether a complaint against the owner was verified is asked.
    if owner_rejected(conn, ownership, owner)? {
        return Ok(Situation::RefusedOwner {
            owner,
            receiver: facts.closer,
            registered_on: day(registered_at),
            complained: true,
        });
    }
    // The closer was designated after the owner had received the customer: on the same
    // office day, after reception had begun (ATT-V-2); on a later visit, the n-th.
    if let Some(r) = first.filter(|r| r.kind == ReceptionKind::Designated) {
        let earlier: Vec<&Match> = ownership
            .matches
            .iter()
            .filter(|m| m.register == Register::Visit && m.at < r.visited_at)
            .collect();
        let reception_began = earlier
            .iter()
            .any(|m| m.salesperson == owner && day(m.at) == day(r.visited_at));
        let visits: std::collections::BTreeSet<NaiveDate> =
            earlier.iter().map(|m| day(m.at)).collect();
        let visit = if reception_began {
            visits.len()
        } else {
            visits.len() + 1
        };
        return Ok(Situation::Designated {
            earlier: vec![owner],
            designated: facts.closer,
            visit: u32::try_from(visit).unwrap_or(u32::MAX),
            reception_began,
        });
    }
    let visit_on = first.map_or(facts.deal_on, |r| day(r.visited_at));
    let knew = match first {
        Some(r) => {
            let at_visit = settled_ownership(
                conn,
                identity,
                r.visited_at,
                tz,
                policy,
                &[(Register::Visit, r.visit)],
            )?;
            at_visit.verdict.owner() == Some(owner)
                || r.outcome == Some(Outcome::ColleagueOldCustomer)
        }
        None => false,
    };
    if knew {
        return Ok(Situation::OwnerPresent {
            owner,
            receiver: facts.closer,
            handed_back: false,
            consented: answers.owner_consented.unwrap_or(false),
        });
    }
    Ok(Situation::Unrecognised {
        original: owner,
        receiver: facts.closer,
        registered_on: day(registered_at),
        visit_on,
        recognised_on: Some(facts.deal_on),
        on_spot: first.is_some_and(on_spot),
    })
}

/// Whether a reception of the owner's, of one of the customer's visits registered to them,
/// was rejected by the customer (ROT-10, a supervisor reassigning them).
fn owner_rejected(conn: &Connection, ownership: &Ownership, owner: StaffId) -> Result<bool> {
    for m in ownership
        .matches
        .iter()
        .filter(|m| m.register == Register::Visit && m.salesperson == owner)
    {
        let Some(linked) = visit_reception(conn, m.id)? else {
            continue;
        };
        let Some((day, seq)) = linked.day_and_seq else {
            continue;
        };
        let rejected = conn
            .prepare_cached(
                "SELECT 1 FROM rotation_events WHERE business_day = ?1 AND id > ?2
                 AND json_extract(event, '$.type') = 'rejected'
                 AND json_extract(event, '$.reception') = ?2",
            )?
            .exists(rusqlite::params![day, seq])?;
        if rejected && linked.receiver == owner {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The closer's receptions of the customer, oldest first: the receptions of the visits the
/// deal grew from and of the buyer's matching visits, where the closer received; and, on the
/// days of those visits, the closer's receptions as a helper for the salesperson the visit
/// was registered to (the hand-over after a reception found the customer was theirs, ROT-8,
/// which the clerk may not register as a visit of its own).
fn closer_receptions(
    conn: &Connection,
    facts: &Facts,
    ownership: &Ownership,
) -> Result<Vec<Reception>> {
    let mut visits: Vec<i64> = facts
        .grew_from
        .iter()
        .filter(|(r, _)| *r == Register::Visit)
        .map(|(_, id)| *id)
        .chain(
            ownership
                .matches
                .iter()
                .filter(|m| m.register == Register::Visit)
                .map(|m| m.id),
        )
        .collect();
    visits.sort_unstable();
    visits.dedup();
    let mut out: Vec<Reception> = Vec::new();
    for visit in visits {
        let Some(linked) = visit_reception(conn, visit)? else {
            continue;
        };
        if linked.receiver == facts.closer {
            out.push(linked.reception.clone());
        }
        if let Some((day, seq)) = &linked.day_and_seq {
            for helping in helper_receptions(conn, day, *seq, facts.closer)? {
                out.push(Reception { visit, ..helping });
            }
        }
    }
    out.sort_by_key(|r| r.visited_at);
    out.dedup_by_key(|r| (r.visited_at, r.kind));
    Ok(out)
}

/// A visit with who received it (the reception's salesperson; the visit's own without a
/// reception).
struct Linked {
    reception: Reception,
    receiver: StaffId,
    day_and_seq: Option<(String, i64)>,
}

fn visit_reception(conn: &Connection, visit: i64) -> Result<Option<Linked>> {
    let row: Option<(String, StaffId, Option<i64>)> = conn
        .prepare_cached("SELECT at, salesperson_id, reception_seq FROM visits WHERE id = ?1")?
        .query_row([visit], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let Some((at, owner, seq)) = row else {
        return Ok(None);
    };
    let visited_at = parse_timestamp(&at)?;
    let mut linked = Linked {
        reception: Reception {
            visit,
            visited_at,
            kind: ReceptionKind::Rotation,
            named: false,
            // Registered without a reception (typed in afterwards): over when registered.
            ended_at: Some(visited_at),
            outcome: None,
        },
        receiver: owner,
        day_and_seq: None,
    };
    let Some(seq) = seq else {
        return Ok(Some(linked));
    };
    let started: Option<(String, String)> = conn
        .prepare_cached("SELECT business_day, event FROM rotation_events WHERE id = ?1")?
        .query_row([seq], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((day, event)) = started else {
        return Ok(Some(linked));
    };
    if let Ok(Event::ReceptionStarted {
        salesperson,
        kind,
        named,
        ..
    }) = serde_json::from_str(&event)
    {
        linked.receiver = salesperson;
        linked.reception.kind = kind;
        linked.reception.named = named;
    }
    (linked.reception.ended_at, linked.reception.outcome) = ending(conn, &day, seq)?;
    linked.day_and_seq = Some((day, seq));
    Ok(Some(linked))
}

/// When reception `seq` of `day` ended and how; not ended: `(None, None)`.
fn ending(
    conn: &Connection,
    day: &str,
    seq: i64,
) -> Result<(Option<DateTime<Utc>>, Option<Outcome>)> {
    let ended: Option<(String, String)> = conn
        .prepare_cached(
            "SELECT at, event FROM rotation_events WHERE business_day = ?1 AND id > ?2
             AND json_extract(event, '$.type') = 'reception_ended'
             AND json_extract(event, '$.reception') = ?2 ORDER BY id LIMIT 1",
        )?
        .query_row(rusqlite::params![day, seq], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((at, event)) = ended else {
        return Ok((None, None));
    };
    let outcome = match serde_json::from_str(&event) {
        Ok(Event::ReceptionEnded { outcome, .. }) => Some(outcome),
        _ => None,
    };
    Ok((Some(parse_timestamp(&at)?), outcome))
}

/// `closer`'s receptions as a helper on `day`, begun after reception `after` (on whose
/// behalf is the reception's own: the visit may have been corrected to the owner since).
fn helper_receptions(
    conn: &Connection,
    day: &str,
    after: i64,
    closer: StaffId,
) -> Result<Vec<Reception>> {
    let started: Vec<(i64, String, String)> = conn
        .prepare_cached(
            "SELECT id, at, event FROM rotation_events WHERE business_day = ?1 AND id > ?2
             AND json_extract(event, '$.type') = 'reception_started'
             AND json_extract(event, '$.salesperson') = ?3 ORDER BY id",
        )?
        .query_map(rusqlite::params![day, after, closer], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    for (seq, at, event) in started {
        let Ok(Event::ReceptionStarted { kind, named, .. }) = serde_json::from_str(&event) else {
            continue;
        };
        if !matches!(kind, ReceptionKind::Helping(_)) {
            continue;
        }
        let (ended_at, outcome) = ending(conn, day, seq)?;
        out.push(Reception {
            visit: 0,
            visited_at: parse_timestamp(&at)?,
            kind,
            named,
            ended_at,
            outcome,
        });
    }
    Ok(out)
}
