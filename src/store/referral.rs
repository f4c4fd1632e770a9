//! Referrals in the database (issue 17 §3): a customer referral registered with the referred
//! customer's visit (REG-7), an employee referral registered before the visit and confirmed by
//! a supervisor at it (REG-8). Each row is chained and audited in its own write; nothing is
//! ever updated (a referral that lapses is void by its date, nothing written).

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, OptionalExtension, params};

use super::register::{VisitId, from_reference, reference};
use super::staff::still_supervisor;
use super::{Approval, Result, Store, StoreError, audit, chain, parse_timestamp, timestamp};
use crate::domain::clock::business_day;
use crate::domain::policy::Policy;
use crate::domain::register::referral::Confirmation;
use crate::domain::register::{
    CustomerName, CustomerReferral, EmployeeReferral, Identity, Phone, Register,
};
use crate::domain::staff::StaffId;

/// Why a referral write was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ReferralRefusal {
    /// REG-8: confirmed only at a visit on the appointment day, before it lapses.
    #[error("the employee referral is not for today, or has lapsed")]
    NotConfirmableToday,
    #[error("the employee referral is already confirmed")]
    AlreadyConfirmed,
    /// ATT-14-10: the leaving salesperson holds no protected customer.
    #[error("the salesperson holds no protected customer to redistribute")]
    NothingToRedistribute,
    /// ATT-14-10: no other active salesperson to draw.
    #[error("there is no other active salesperson to draw")]
    NobodyToDraw,
    /// The draw changed between the preview and the write (another desk registered).
    #[error("the customers changed since the draw was shown; draw again")]
    DrawChanged,
}

/// A customer referral as the visit form gives it (REG-7).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewCustomerReferral {
    pub referrer_name: Option<String>,
    pub referrer_phone: Option<String>,
    pub announced_at: Option<DateTime<Utc>>,
    pub named_salesperson: Option<StaffId>,
}

impl NewCustomerReferral {
    /// The referrer's identity, each part taken only if it reads (REG-3).
    pub fn referrer(&self) -> Identity {
        Identity {
            name: self
                .referrer_name
                .as_deref()
                .and_then(|n| CustomerName::parse(n).ok()),
            phone: self
                .referrer_phone
                .as_deref()
                .and_then(|p| Phone::parse(p).ok()),
            plate: None,
        }
    }
}

/// The referrer's own registration the registers hold (REG-3): their original receiver, the
/// earliest visit (or call, where calls are evidence) that is them, for ATT-14-9's "original
/// receiver" and for the clerk to see whose old customer they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReferrerFound {
    pub register: Register,
    pub id: i64,
    pub salesperson: StaffId,
    pub at: DateTime<Utc>,
}

pub(super) fn find_referrer(
    conn: &Connection,
    referrer: &Identity,
    now: DateTime<Utc>,
    tz: Tz,
    policy: &Policy,
) -> Result<Option<ReferrerFound>> {
    if *referrer == Identity::default() {
        return Ok(None);
    }
    let found = super::register::settled_ownership(conn, referrer, now, tz, policy, &[])?;
    Ok(found
        .matches
        .iter()
        .filter(|m| m.evidence)
        .min_by_key(|m| (m.register == Register::Call, m.at, m.id))
        .map(|m| ReferrerFound {
            register: m.register,
            id: m.id,
            salesperson: m.salesperson,
            at: m.at,
        }))
}

const CUSTOMER_COLUMNS: &str = "id, visit_id, referrer_name, referrer_phone, referrer_name_norm,
    referrer_phone_norm, found_ref, found_salesperson_id, announced_at, named_salesperson_id,
    operator_id, at";

fn customer_referral(r: &rusqlite::Row<'_>) -> rusqlite::Result<CustomerReferral> {
    let name: Option<String> = r.get(4)?;
    let phone: Option<String> = r.get(5)?;
    let found: Option<i64> = r.get(6)?;
    let announced: Option<String> = r.get(8)?;
    Ok(CustomerReferral {
        id: r.get(0)?,
        visit_id: r.get(1)?,
        referrer_name: r.get(2)?,
        referrer_phone: r.get(3)?,
        referrer: Identity {
            name: name.and_then(|n| CustomerName::from_stored(&n).ok()),
            phone: phone.and_then(|p| Phone::from_stored(&p).ok()),
            plate: None,
        },
        found: found.and_then(from_reference),
        found_salesperson: r.get(7)?,
        announced_at: announced.as_deref().map(parse_timestamp).transpose()?,
        named_salesperson: r.get(9)?,
        operator: r.get(10)?,
        at: parse_timestamp(&r.get::<_, String>(11)?)?,
    })
}

pub(super) fn customer_referrals_for(
    conn: &Connection,
    visits: &[i64],
) -> Result<Vec<CustomerReferral>> {
    let sql = format!(
        "SELECT {CUSTOMER_COLUMNS} FROM customer_referrals WHERE visit_id = ?1 ORDER BY id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut out = Vec::new();
    for visit in visits {
        for row in stmt.query_map([visit], customer_referral)? {
            out.push(row?);
        }
    }
    Ok(out)
}

const EMPLOYEE_SELECT: &str = "SELECT e.id, e.referrer_id, e.name, e.phone, e.appointment_on,
    e.operator_id, e.at, c.visit_id, c.supervisor_id, c.at
    FROM employee_referrals e LEFT JOIN employee_referral_confirmations c ON c.referral_id = e.id";

fn employee_referral(r: &rusqlite::Row<'_>) -> rusqlite::Result<EmployeeReferral> {
    let on: String = r.get(4)?;
    let visit: Option<i64> = r.get(7)?;
    let confirmed = match visit {
        Some(visit_id) => Some(Confirmation {
            visit_id,
            supervisor: r.get(8)?,
            at: parse_timestamp(&r.get::<_, String>(9)?)?,
        }),
        None => None,
    };
    Ok(EmployeeReferral {
        id: r.get(0)?,
        referrer: r.get(1)?,
        name: r.get(2)?,
        phone: r.get(3)?,
        appointment_on: NaiveDate::parse_from_str(&on, "%Y-%m-%d").map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(4, rusqlite::types::Type::Text, Box::new(e))
        })?,
        operator: r.get(5)?,
        at: parse_timestamp(&r.get::<_, String>(6)?)?,
        confirmed,
    })
}

fn employee_referrals_where(
    conn: &Connection,
    filter: &str,
    values: &[&dyn rusqlite::ToSql],
) -> Result<Vec<EmployeeReferral>> {
    let sql = format!("{EMPLOYEE_SELECT} WHERE {filter} ORDER BY e.appointment_on, e.id");
    let rows = conn
        .prepare_cached(&sql)?
        .query_map(values, employee_referral)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The employee referrals of the customer `typed` names by phone or full name (REG-3).
pub(super) fn employee_referrals_of(
    conn: &Connection,
    typed: &Identity,
) -> Result<Vec<EmployeeReferral>> {
    let phone = typed.phone.as_ref().map(|p| p.as_str().to_owned());
    let name = typed
        .name
        .as_ref()
        .and_then(|n| n.full())
        .map(str::to_owned);
    if phone.is_none() && name.is_none() {
        return Ok(Vec::new());
    }
    employee_referrals_where(conn, "e.phone = ?1 OR e.name = ?2", params![phone, name])
}

fn insert_confirmation(
    tx: &rusqlite::Transaction<'_>,
    operator: StaffId,
    supervisor: StaffId,
    referral: i64,
    visit: VisitId,
    now: DateTime<Utc>,
) -> Result<i64> {
    let id = chain::insert_row(
        tx,
        &chain::EMPLOYEE_REFERRAL_CONFIRMATIONS,
        "INSERT INTO employee_referral_confirmations
             (id, at, operator_id, supervisor_id, referral_id, visit_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![timestamp(now), operator, supervisor, referral, visit.0],
    )?;
    audit(
        tx,
        now,
        Some(operator),
        Some(supervisor),
        "confirm_employee_referral",
        &format!(
            "employee referral {referral} confirmed at visit {}",
            visit.0
        ),
    )?;
    Ok(id)
}

impl Store {
    /// The referrer the typed identity finds in the registers (REG-3): their earliest
    /// registration, whose salesperson is their original receiver.
    pub fn find_referrer(
        &self,
        referrer: &Identity,
        now: DateTime<Utc>,
        tz: Tz,
        policy: &Policy,
    ) -> Result<Option<ReferrerFound>> {
        self.read(|store| find_referrer(&store.conn, referrer, now, tz, policy))
    }

    /// Registers who referred the customer of `visit` (REG-7), finding the referrer's own
    /// registration in the same transaction; chained and audited.
    #[allow(clippy::too_many_arguments)]
    pub fn register_customer_referral(
        &mut self,
        operator: StaffId,
        visit: VisitId,
        referral: &NewCustomerReferral,
        now: DateTime<Utc>,
        tz: Tz,
        policy: &Policy,
    ) -> Result<i64> {
        let referrer = referral.referrer();
        self.write(|tx| {
            let found = find_referrer(tx, &referrer, now, tz, policy)?;
            let id = chain::insert_row(
                tx,
                &chain::CUSTOMER_REFERRALS,
                "INSERT INTO customer_referrals (id, at, operator_id, visit_id, referrer_name,
                     referrer_phone, referrer_name_norm, referrer_phone_norm, found_ref,
                     found_salesperson_id, announced_at, named_salesperson_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                params![
                    timestamp(now),
                    operator,
                    visit.0,
                    referral.referrer_name,
                    referral.referrer_phone,
                    referrer.name.as_ref().map(|n| n.as_str().to_owned()),
                    referrer.phone.as_ref().map(|p| p.as_str().to_owned()),
                    found.map(|f| reference(f.register, f.id)),
                    found.map(|f| f.salesperson),
                    referral.announced_at.map(timestamp),
                    referral.named_salesperson,
                ],
            )?;
            audit(
                tx,
                now,
                Some(operator),
                None,
                "register_customer_referral",
                &format!(
                    "customer referral {id} of visit {}: referrer {:?}, found {:?}",
                    visit.0,
                    referral.referrer_name.as_deref().unwrap_or(""),
                    found.map(|f| (f.register, f.id, f.salesperson)),
                ),
            )?;
            Ok(id)
        })
    }

    /// The customer referral registered with `visit`, if any (REG-7), for a deal's proposal.
    pub fn customer_referral_for_visit(&self, visit: i64) -> Result<Option<CustomerReferral>> {
        self.read(|store| Ok(customer_referrals_for(&store.conn, &[visit])?.pop()))
    }

    /// The customer referrals registered with any of `visits`, oldest first.
    pub fn customer_referrals_for_visits(&self, visits: &[i64]) -> Result<Vec<CustomerReferral>> {
        self.read(|store| customer_referrals_for(&store.conn, visits))
    }

    /// Registers an employee referral (REG-8) before the visit, for `appointment_on`;
    /// the caller has checked the day and that the customer is not registered yet.
    pub fn register_employee_referral(
        &mut self,
        operator: StaffId,
        referrer: StaffId,
        name: &CustomerName,
        phone: &Phone,
        appointment_on: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        self.write(|tx| {
            let id = chain::insert_row(
                tx,
                &chain::EMPLOYEE_REFERRALS,
                "INSERT INTO employee_referrals
                     (id, at, operator_id, referrer_id, name, phone, appointment_on)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    timestamp(now),
                    operator,
                    referrer,
                    name.as_str(),
                    phone.as_str(),
                    appointment_on.format("%Y-%m-%d").to_string(),
                ],
            )?;
            audit(
                tx,
                now,
                Some(operator),
                None,
                "register_employee_referral",
                &format!("employee referral {id}: referrer {referrer}, for {appointment_on}"),
            )?;
            Ok(id)
        })
    }

    /// The employee referrals still pending on `today` (REG-8: unconfirmed, their day today
    /// or later), soonest first.
    pub fn pending_employee_referrals(&self, today: NaiveDate) -> Result<Vec<EmployeeReferral>> {
        let day = today.format("%Y-%m-%d").to_string();
        self.read(|store| {
            employee_referrals_where(
                &store.conn,
                "c.id IS NULL AND e.appointment_on >= ?1",
                params![day],
            )
        })
    }

    /// The employee referrals of the customer `typed` names (REG-3: phone or full name).
    pub fn employee_referrals_of(&self, typed: &Identity) -> Result<Vec<EmployeeReferral>> {
        self.read(|store| employee_referrals_of(&store.conn, typed))
    }

    /// The employee referral confirmed at `visit`, if any (REG-8), for a deal's proposal
    /// (ATT-V-4).
    pub fn employee_referral_for_visit(&self, visit: i64) -> Result<Option<EmployeeReferral>> {
        self.read(|store| {
            Ok(
                employee_referrals_where(&store.conn, "c.visit_id = ?1", params![visit])?
                    .into_iter()
                    .next(),
            )
        })
    }

    /// A supervisor confirms an employee referral at the customer's visit (REG-8), on its
    /// appointment day; chained and audited in one transaction.
    pub fn confirm_employee_referral(
        &mut self,
        operator: StaffId,
        approval: Approval,
        referral: i64,
        visit: VisitId,
        now: DateTime<Utc>,
        tz: Tz,
    ) -> Result<i64> {
        self.write(|tx| {
            let supervisor = still_supervisor(tx, approval)?;
            let found = employee_referrals_where(tx, "e.id = ?1", params![referral])?;
            let Some(r) = found.first() else {
                return Err(StoreError::NoSuchRegistration(referral));
            };
            if r.confirmed.is_some() {
                return Err(StoreError::Referral(ReferralRefusal::AlreadyConfirmed));
            }
            if !r.confirmable_on(business_day(now, tz)) {
                return Err(StoreError::Referral(ReferralRefusal::NotConfirmableToday));
            }
            let exists: Option<i64> = tx
                .query_row("SELECT id FROM visits WHERE id = ?1", [visit.0], |r| {
                    r.get(0)
                })
                .optional()?;
            if exists.is_none() {
                return Err(StoreError::NoSuchRegistration(visit.0));
            }
            insert_confirmation(tx, operator, supervisor, referral, visit, now)
        })
    }
}
