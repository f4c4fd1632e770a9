//! Staff, the first-run setup, sign-in and supervisor approval.

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::{Result, Store, StoreError, audit, audit_about, parse_timestamp, timestamp};
use crate::domain::pin_guard;
use crate::domain::settings::OfficeSettings;
use crate::domain::staff::{PinError, Role, Staff, StaffId, validate_name, validate_pin};

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

/// Proof that a staff member typed their own PIN just now: their signature on a handover
/// (HND-6) or its acceptance. Only the store can make one ([`Store::sign`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Signed {
    staff: StaffId,
}

impl Signed {
    pub fn staff(&self) -> StaffId {
        self.staff
    }
}

/// Who may set a PIN: a supervisor for anyone (which also lifts a lockout), or the person
/// themselves, signed in, with their current PIN (`""` when they have none yet).
#[derive(Debug, Clone, Copy)]
pub enum PinAuthority<'a> {
    Supervisor(Approval),
    OwnPin(&'a str),
}

/// Someone at the desk. `not_recorded` says why the sign-in could not be written to the
/// audit (a full disk, a read-only file): they may still read, and the desk should say
/// that nothing can be saved.
#[derive(Debug)]
pub struct SignedIn {
    pub staff: Staff,
    pub not_recorded: Option<StoreError>,
}

/// How a process that cannot record wrong PINs (a read-only file, a full disk) slows the
/// next guess ([`pin_guard::unrecorded_pause`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinPacing {
    /// The console: it must keep answering keys, so after a wrong PIN the next check is
    /// refused, "try again in N seconds", until the pause is over.
    Lock,
    /// The command line: each check waits the pause out first, so starting the program
    /// again and again answers no faster.
    Wait,
}

/// The wrong PINs this process could not record, and when the next check may run.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct UnrecordedPins {
    wrong: u32,
    not_before: Option<DateTime<Utc>>,
}

/// What a PIN check found, decided inside one transaction with its bookkeeping.
enum PinCheck {
    Right,
    Wrong,
    Locked(DateTime<Utc>),
}

/// True for the errors after which a desk can still read but not write.
fn cannot_write(e: &StoreError) -> bool {
    matches!(e, StoreError::ReadOnly | StoreError::DiskFull)
}

/// Checks `pin` against `hash` for `who` under the shared lockout, inside `tx`: a locked
/// person's PIN is not even compared; a wrong PIN counts one more failure and is audited
/// (`operator` is whoever is signed in at the desk, if anyone); a right one clears the count.
fn check_pin_in(
    tx: &Transaction<'_>,
    operator: Option<StaffId>,
    who: StaffId,
    hash: &str,
    pin: &str,
    now: DateTime<Utc>,
) -> Result<PinCheck> {
    let (failures, last) = failures_of(tx, who)?;
    if let Some(last) = last
        && let Some(until) = pin_guard::locked_until(failures, last, now)
    {
        return Ok(PinCheck::Locked(until));
    }
    if pin_matches(pin, hash) {
        if failures > 0 {
            tx.execute("DELETE FROM pin_failures WHERE staff_id = ?1", [who])?;
        }
        return Ok(PinCheck::Right);
    }
    let failures = failures + 1;
    tx.execute(
        "INSERT INTO pin_failures (staff_id, failures, last_failure) VALUES (?1, ?2, ?3)
         ON CONFLICT (staff_id) DO UPDATE SET failures = excluded.failures,
                                              last_failure = excluded.last_failure",
        params![who, failures, timestamp(now)],
    )?;
    let locked = pin_guard::lock_after(failures)
        .map_or_else(String::new, |d| format!("; locked {} s", d.num_seconds()));
    audit_about(
        tx,
        now,
        operator,
        None,
        Some(who),
        "wrong_pin",
        &format!("{failures} in a row{locked}"),
    )?;
    Ok(PinCheck::Wrong)
}

/// Wrong PINs in a row for `who`, and when the last was.
fn failures_of(conn: &rusqlite::Connection, who: StaffId) -> Result<(u32, Option<DateTime<Utc>>)> {
    let row: Option<(u32, String)> = conn
        .query_row(
            "SELECT failures, last_failure FROM pin_failures WHERE staff_id = ?1",
            [who],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(match row {
        Some((n, last)) => (n, Some(parse_timestamp(&last)?)),
        None => (0, None),
    })
}

fn pin_result(check: PinCheck, now: DateTime<Utc>) -> Result<()> {
    match check {
        PinCheck::Right => Ok(()),
        PinCheck::Wrong => Err(StoreError::WrongPin),
        PinCheck::Locked(until) => Err(StoreError::PinLocked {
            until,
            seconds: pin_guard::seconds_left(until, now),
        }),
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
            let id = insert_staff(tx, &name, Role::Supervisor, Some(&hash), true, now)?;
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

    /// Adds a staff member. Anyone may be given a PIN (typed twice); supervisors need one,
    /// and so does everyone when the office's `pin_for_everyone` is on. Supervisor-only: the
    /// audit names the signed-in `operator` and the approving supervisor apart.
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
        // An empty PIN field is no PIN; whether one is needed is decided below.
        let hash = match pin.filter(|(pin, again)| !(pin.is_empty() && again.is_empty())) {
            Some((pin, again)) => {
                validate_pin(pin, again).map_err(StoreError::Pin)?;
                Some(hash_pin(pin)?)
            }
            None => None,
        };
        self.write(|tx| {
            let approver = still_supervisor(tx, approval)?;
            let needs_pin = role == Role::Supervisor
                || super::settings::office_settings_in(tx)?.pin_for_everyone();
            if needs_pin && hash.is_none() {
                return Err(StoreError::Pin(PinError::Shape));
            }
            let id = insert_staff(tx, &name, role, hash.as_deref(), true, now)?;
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
    /// Wrong PINs count against the supervisor at every desk (`PinLocked` once too many) and
    /// each is audited with `operator`, whoever is signed in at this desk.
    pub fn approve(
        &mut self,
        operator: Option<StaffId>,
        supervisor: StaffId,
        pin: &str,
        now: DateTime<Utc>,
    ) -> Result<Approval> {
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
                self.check_pin(operator, supervisor, &hash, pin, now, |_| Ok(()))?;
                Ok(Approval { supervisor })
            }
            _ => Err(StoreError::NotSupervisor),
        }
    }

    /// Checks `who`'s own PIN for a signature (a handover submitted or accepted, HND-6),
    /// under the same lockout as signing in and approvals; wrong PINs are audited with
    /// `operator`. A signature needs a PIN: someone without one gets `PinNotSet` (a
    /// supervisor sets it), whatever the office's `pin_for_everyone` says.
    pub fn sign(
        &mut self,
        operator: Option<StaffId>,
        who: StaffId,
        pin: &str,
        now: DateTime<Utc>,
    ) -> Result<Signed> {
        let row: Option<(Option<String>, bool)> = self
            .conn
            .query_row(
                "SELECT pin_hash, active FROM staff WHERE id = ?1",
                [who],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match row {
            Some((Some(hash), true)) => {
                self.check_pin(operator, who, &hash, pin, now, |_| Ok(()))?;
                Ok(Signed { staff: who })
            }
            Some((None, true)) => Err(StoreError::PinNotSet(who)),
            _ => Err(StoreError::NoSuchStaff(who)),
        }
    }

    /// Checks a PIN under the shared lockout and then runs `then` in the same transaction.
    /// Where nothing can be written (a read-only file, a full disk) the PIN is still checked
    /// against the recorded lockout, but a failure cannot be counted: whoever can read the
    /// file could try the hashes in it anyway, and refusing every PIN would lock out the
    /// whole office.
    fn check_pin(
        &mut self,
        operator: Option<StaffId>,
        who: StaffId,
        hash: &str,
        pin: &str,
        now: DateTime<Utc>,
        then: impl FnOnce(&Transaction<'_>) -> Result<()>,
    ) -> Result<Option<StoreError>> {
        // Known beforehand not to record: paced before anything, a right PIN as a wrong one,
        // so that how soon the answer comes says nothing about the PIN.
        let paced = !self.records_pins();
        if paced {
            self.pace_unrecorded(now)?;
        }
        let recorded = self.write(|tx| {
            let check = check_pin_in(tx, operator, who, hash, pin, now)?;
            if matches!(check, PinCheck::Right) {
                then(tx)?;
            }
            Ok(check)
        });
        match recorded {
            Ok(check) => {
                if paced && matches!(check, PinCheck::Right) {
                    self.unrecorded_pins.set(UnrecordedPins::default());
                }
                pin_result(check, now).map(|()| None)
            }
            Err(e) if cannot_write(&e) => {
                let (failures, last) = failures_of(&self.conn, who)?;
                if let Some(last) = last
                    && let Some(until) = pin_guard::locked_until(failures, last, now)
                {
                    return pin_result(PinCheck::Locked(until), now).map(|()| None);
                }
                if !paced {
                    self.pace_unrecorded(now)?;
                }
                if pin_matches(pin, hash) {
                    self.unrecorded_pins.set(UnrecordedPins::default());
                    Ok(Some(e))
                } else {
                    let mut pins = self.unrecorded_pins.get();
                    pins.wrong += 1;
                    pins.not_before = Some(now + pin_guard::unrecorded_pause(pins.wrong - 1));
                    self.unrecorded_pins.set(pins);
                    Err(StoreError::WrongPin)
                }
            }
            Err(e) => Err(e),
        }
    }

    /// False where a wrong PIN cannot be counted in the file: it is read-only, or its disk
    /// is full.
    fn records_pins(&self) -> bool {
        !self.is_read_only() && !self.disk_full_at_open() && !self.disk_nearly_full()
    }

    /// Slows a PIN check that cannot be recorded, before the PIN is compared (so how long
    /// the answer takes says nothing about the PIN): the console refuses it until the pause
    /// after the last wrong PIN is over; the command line waits the pause out.
    fn pace_unrecorded(&self, now: DateTime<Utc>) -> Result<()> {
        let pins = self.unrecorded_pins.get();
        match self.pin_pacing {
            PinPacing::Lock => match pins.not_before.filter(|until| now < *until) {
                Some(until) => pin_result(PinCheck::Locked(until), now),
                None => Ok(()),
            },
            PinPacing::Wait => {
                let pause = pin_guard::unrecorded_pause(pins.wrong);
                std::thread::sleep(pause.to_std().unwrap_or_default());
                Ok(())
            }
        }
    }

    /// How this process slows PIN guesses it cannot record; the console's default is
    /// [`PinPacing::Lock`].
    pub fn pace_unrecorded_pins(&mut self, pacing: PinPacing) {
        self.pin_pacing = pacing;
    }

    /// Records that someone took the desk. A PIN is asked of supervisors, of anyone who has
    /// one, and of everyone when the office's `pin_for_everyone` is on (`PinNotSet` for
    /// someone who then has none); it is checked under the shared lockout. Someone who needs
    /// no PIN is never locked out. On a full disk or a read-only file the sign-in still
    /// succeeds, with `not_recorded` saying why it is not in the audit.
    pub fn sign_in(
        &mut self,
        id: StaffId,
        pin: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<SignedIn> {
        let staff = self
            .staff_member(id)?
            .filter(|s| s.active)
            .ok_or(StoreError::NoSuchStaff(id))?;
        let hash: Option<String> =
            self.conn
                .query_row("SELECT pin_hash FROM staff WHERE id = ?1", [id], |r| {
                    r.get(0)
                })?;
        let required = staff.role == Role::Supervisor || self.office_settings()?.pin_for_everyone();
        let record = |tx: &Transaction<'_>| audit(tx, now, Some(id), None, "sign_in", &staff.name);
        let typed = pin.filter(|p| !p.is_empty());
        let not_recorded = match (hash, typed) {
            (Some(hash), Some(pin)) => self.check_pin(None, id, &hash, pin, now, record)?,
            (Some(_), None) => return Err(StoreError::PinRequired),
            (None, _) if required => return Err(StoreError::PinNotSet(id)),
            // Another desk's write in progress is waited for like any write (the shell retries
            // `Busy`): a sign-in is never let through unrecorded unless it cannot be written.
            (None, _) => match self.write(record) {
                Ok(()) => None,
                Err(e) if cannot_write(&e) => Some(e),
                Err(e) => return Err(e),
            },
        };
        Ok(SignedIn {
            staff,
            not_recorded,
        })
    }

    /// Sets or changes `id`'s PIN (typed twice). A supervisor's approval may set anyone's,
    /// and clears their lockout; otherwise only the signed-in person their own, with their
    /// current PIN (checked under the lockout; `""` when they have none). Audited with the
    /// person as subject; the PIN itself never is.
    #[allow(clippy::too_many_arguments)]
    pub fn set_pin(
        &mut self,
        operator: StaffId,
        authority: PinAuthority<'_>,
        id: StaffId,
        pin: &str,
        again: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        validate_pin(pin, again).map_err(StoreError::Pin)?;
        let person = self
            .staff_member(id)?
            .filter(|s| s.active)
            .ok_or(StoreError::NoSuchStaff(id))?;
        let hash = hash_pin(pin)?;
        let store = |tx: &Transaction<'_>, approver: Option<StaffId>| -> Result<()> {
            tx.execute(
                "UPDATE staff SET pin_hash = ?2 WHERE id = ?1",
                params![id, hash],
            )?;
            tx.execute("DELETE FROM pin_failures WHERE staff_id = ?1", [id])?;
            audit_about(
                tx,
                now,
                Some(operator),
                approver,
                Some(id),
                "set_pin",
                &person.name,
            )
        };
        match authority {
            PinAuthority::Supervisor(approval) => self.write(|tx| {
                let approver = still_supervisor(tx, approval)?;
                store(tx, Some(approver))
            }),
            PinAuthority::OwnPin(current) => {
                if operator != id {
                    return Err(StoreError::NotSupervisor);
                }
                let old: Option<String> =
                    self.conn
                        .query_row("SELECT pin_hash FROM staff WHERE id = ?1", [id], |r| {
                            r.get(0)
                        })?;
                match old {
                    Some(old) => {
                        match self.check_pin(Some(operator), id, &old, current, now, |tx| {
                            store(tx, None)
                        })? {
                            None => Ok(()),
                            Some(e) => Err(e),
                        }
                    }
                    None => self.write(|tx| store(tx, None)),
                }
            }
        }
    }
}

/// Adds a person under a name nobody else has; `active` false for someone who has left (an
/// import's salesperson who owns old registrations).
pub(super) fn insert_staff(
    tx: &Connection,
    name: &str,
    role: Role,
    pin_hash: Option<&str>,
    active: bool,
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
        "INSERT INTO staff (name, role, active, pin_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![name, role.as_str(), active, pin_hash, timestamp(now)],
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
