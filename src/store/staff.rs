//! Staff, the first-run setup, sign-in and supervisor approval.

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, Transaction, params};

use super::{Result, Store, StoreError, audit, timestamp};
use crate::domain::settings::OfficeSettings;
use crate::domain::staff::{Role, Staff, StaffId, validate_name, validate_pin};

/// Proof that a supervisor typed their PIN just now. Only the store can make one, so a
/// supervisor-only write cannot happen without it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Approval {
    supervisor: StaffId,
}

impl Approval {
    pub fn supervisor(&self) -> StaffId {
        self.supervisor
    }
}

fn hash_pin(pin: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| StoreError::Other(e.to_string()))
}

fn pin_matches(pin: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|hash| {
        Argon2::default()
            .verify_password(pin.as_bytes(), &hash)
            .is_ok()
    })
}

fn map_staff(row: &rusqlite::Row<'_>) -> rusqlite::Result<Staff> {
    let role: String = row.get(2)?;
    Ok(Staff {
        id: row.get(0)?,
        name: row.get(1)?,
        role: role.parse().unwrap_or(Role::Clerk),
        active: row.get(3)?,
    })
}

impl Store {
    /// True until the first-run setup has stored the office and its first supervisor (one
    /// transaction does both). Deliberately not "no active supervisor": that would reopen
    /// setup, and the office, to anyone at the desk.
    pub fn needs_setup(&self) -> Result<bool> {
        Ok(self.office_name()?.is_none())
    }

    /// Stores the office name and its settings and creates the first supervisor, in one
    /// transaction.
    pub fn set_up_office(
        &mut self,
        office: &str,
        supervisor: &str,
        pin: &str,
        pin_again: &str,
        settings: &OfficeSettings,
        now: DateTime<Utc>,
    ) -> Result<StaffId> {
        let office = crate::domain::text::required(office, 40).map_err(StoreError::Name)?;
        let name = validate_name(supervisor).map_err(StoreError::Name)?;
        validate_pin(pin, pin_again).map_err(StoreError::Pin)?;
        let hash = hash_pin(pin)?;
        self.write(|tx| {
            // Inside the transaction: two desks setting up at once get one office.
            let existing: Option<String> = tx
                .query_row(
                    "SELECT value FROM settings WHERE key = 'office_name'",
                    [],
                    |r| r.get(0),
                )
                .optional()?;
            if existing.is_some() {
                return Err(StoreError::AlreadySetUp);
            }
            tx.execute(
                "INSERT INTO settings (key, value) VALUES ('office_name', ?1)",
                [&office],
            )?;
            super::settings::put(tx, settings)?;
            let id = insert_staff(tx, &name, Role::Supervisor, Some(&hash), now)?;
            audit(
                tx,
                now,
                Some(id),
                None,
                "set_up_office",
                &format!(
                    "office={office} supervisor={name} preset={} overrides={} timezone={}",
                    settings.preset(),
                    settings.overrides_inline(),
                    settings.timezone().name()
                ),
            )?;
            Ok(id)
        })
    }

    /// Adds a staff member; supervisors need a PIN typed twice. Supervisor-only: the audit
    /// names the signed-in `operator` and the approving supervisor apart.
    pub fn add_staff(
        &mut self,
        operator: StaffId,
        approval: Approval,
        name: &str,
        role: Role,
        pin: Option<(&str, &str)>,
        now: DateTime<Utc>,
    ) -> Result<StaffId> {
        let name = validate_name(name).map_err(StoreError::Name)?;
        let hash = match (role, pin) {
            (Role::Supervisor, Some((pin, again))) => {
                validate_pin(pin, again).map_err(StoreError::Pin)?;
                Some(hash_pin(pin)?)
            }
            (Role::Supervisor, None) => {
                return Err(StoreError::Pin(crate::domain::staff::PinError::Shape));
            }
            _ => None,
        };
        self.write(|tx| {
            let approver = still_supervisor(tx, approval)?;
            let id = insert_staff(tx, &name, role, hash.as_deref(), now)?;
            audit(
                tx,
                now,
                Some(operator),
                Some(approver),
                "add_staff",
                &format!("{name} as {}", role.as_str()),
            )?;
            Ok(id)
        })
    }

    /// Marks someone as no longer (or again) working here; staff are never deleted, because
    /// the registers name them. Refused for the last active supervisor (nobody could
    /// approve anything again) and for a salesperson still checked in on `day` (the
    /// rotation would go on handing them customers). Supervisor-only, like `add_staff`.
    pub fn set_staff_active(
        &mut self,
        operator: StaffId,
        approval: Approval,
        id: StaffId,
        active: bool,
        day: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.write(|tx| {
            let approver = still_supervisor(tx, approval)?;
            let person = staff_member(tx, id)?.ok_or(StoreError::NoSuchStaff(id))?;
            if !active && person.active {
                match person.role {
                    Role::Supervisor => {
                        let supervisors: i64 = tx.query_row(
                            "SELECT count(*) FROM staff WHERE role = 'supervisor' AND active = 1",
                            [],
                            |r| r.get(0),
                        )?;
                        if supervisors <= 1 {
                            return Err(StoreError::LastSupervisor);
                        }
                    }
                    Role::Salesperson => {
                        let today = super::rotation::day_in(tx, day)?;
                        if today.member(id).is_some_and(|m| m.checked_in) {
                            return Err(StoreError::StillCheckedIn(id));
                        }
                    }
                    Role::Clerk => {}
                }
            }
            tx.execute(
                "UPDATE staff SET active = ?2 WHERE id = ?1",
                params![id, active],
            )?;
            audit(
                tx,
                now,
                Some(operator),
                Some(approver),
                "set_staff_active",
                &format!("staff={id} active={active}"),
            )
        })
    }

    /// Everyone, active first, then by role and name.
    pub fn staff(&self) -> Result<Vec<Staff>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, name, role, active FROM staff ORDER BY active DESC, role, name, id",
        )?;
        let rows = stmt.query_map([], map_staff)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn staff_member(&self, id: StaffId) -> Result<Option<Staff>> {
        staff_member(&self.conn, id)
    }

    /// Checks a supervisor's PIN; the returned approval lets supervisor-only writes through.
    pub fn approve(&self, supervisor: StaffId, pin: &str) -> Result<Approval> {
        let row: Option<(String, Option<String>, bool)> = self
            .conn
            .query_row(
                "SELECT role, pin_hash, active FROM staff WHERE id = ?1",
                [supervisor],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        match row {
            Some((role, Some(hash), true)) if role == Role::Supervisor.as_str() => {
                if pin_matches(pin, &hash) {
                    Ok(Approval { supervisor })
                } else {
                    Err(StoreError::WrongPin)
                }
            }
            _ => Err(StoreError::NotSupervisor),
        }
    }

    /// Records that someone took the desk. Supervisors sign in with their PIN.
    pub fn sign_in(&mut self, id: StaffId, pin: Option<&str>, now: DateTime<Utc>) -> Result<Staff> {
        let staff = self
            .staff_member(id)?
            .filter(|s| s.active)
            .ok_or(StoreError::NoSuchStaff(id))?;
        if staff.role == Role::Supervisor {
            self.approve(id, pin.unwrap_or_default())?;
        }
        if !self.is_read_only() {
            self.write(|tx| audit(tx, now, Some(id), None, "sign_in", &staff.name))?;
        }
        Ok(staff)
    }
}

fn insert_staff(
    tx: &Transaction<'_>,
    name: &str,
    role: Role,
    pin_hash: Option<&str>,
    now: DateTime<Utc>,
) -> Result<StaffId> {
    let taken: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM staff WHERE name = ?1)",
        [name],
        |r| r.get(0),
    )?;
    if taken {
        return Err(StoreError::DuplicateName(name.to_owned()));
    }
    tx.execute(
        "INSERT INTO staff (name, role, pin_hash, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![name, role.as_str(), pin_hash, timestamp(now)],
    )?;
    Ok(StaffId(tx.last_insert_rowid()))
}

/// The approving supervisor, checked again inside the write: another desk may have
/// deactivated them since they typed their PIN.
pub(super) fn still_supervisor(tx: &Transaction<'_>, approval: Approval) -> Result<StaffId> {
    let id = approval.supervisor();
    match staff_member(tx, id)? {
        Some(s) if s.active && s.role == Role::Supervisor => Ok(id),
        _ => Err(StoreError::NotSupervisor),
    }
}

/// One staff member on `conn`, which may be a transaction in progress.
pub(super) fn staff_member(conn: &rusqlite::Connection, id: StaffId) -> Result<Option<Staff>> {
    Ok(conn
        .query_row(
            "SELECT id, name, role, active FROM staff WHERE id = ?1",
            [id],
            map_staff,
        )
        .optional()?)
}
