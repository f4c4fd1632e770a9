//! `--demo`: a throwaway database filled with a realistic morning at a sales office and two
//! years of its visitor and phone registers (`register.rs`), so a newcomer sees a living
//! queue and every verdict of the ownership check in one command; the building's lobby
//! beside it (`lobby.rs`) and its complaints desk with six months of history
//! (`complaints.rs`); the night's shift handover to the morning clerk (`handover.rs`); a
//! customer referral and two employee referrals pending (`referrals.rs`).

pub mod complaints;
pub mod deals;
pub mod handover;
pub mod lobby;
pub mod people;
pub mod referrals;
pub mod register;

use chrono::{DateTime, Duration, Utc};

use crate::domain::clock::{business_day, day_start};
use crate::domain::rotation::{Availability, Command, Event, Outcome, Seq, StaffId};
use crate::domain::settings::OfficeSettings;
use crate::domain::staff::{Role, Staff};
use crate::store::{Result, Store, StoreError};

/// The demo supervisor's PIN, printed in the README.
pub const DEMO_PIN: &str = "1234";
pub const DEMO_SUPERVISOR: &str = "陈经理";
/// The demo's morning clerk, signed in at once; the PIN signs the handover's acceptance and
/// signs in again after `F3`.
pub const DEMO_CLERK: &str = "前台小刘";
pub const DEMO_CLERK_PIN: &str = "1111";
/// The night clerk who handed the desk over at 08:00.
pub const DEMO_NIGHT_CLERK: &str = "前台老周";
pub const DEMO_NIGHT_PIN: &str = "2222";

pub const SALESPEOPLE: [&str; 8] = [
    "王芳", "李娜", "张伟", "刘洋", "陈静", "杨帆", "赵强", "黄丽",
];

/// The parts of the demo office, in the order they are written: what the console's
/// progress line names while the office fills in behind it (issue 18).
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumCount, strum::EnumIter)]
pub enum Stage {
    Staff,
    Registers,
    Referrals,
    Lobby,
    Complaints,
    Morning,
    Deals,
}

impl Stage {
    /// How many stages come before this one: the progress line's count.
    pub fn done_before(self) -> usize {
        self as usize
    }
}

/// Fills `store` with an office set up with `settings`, its staff and a morning of rotation
/// events ending at `now`, and the night's handover to the morning clerk; returns the clerk
/// to sign in as.
pub fn populate(store: &mut Store, settings: &OfficeSettings, now: DateTime<Utc>) -> Result<Staff> {
    populate_saying(store, settings, now, &mut |_| true)
}

/// [`populate`], telling `reached` each stage as it begins; when `reached` answers `false`
/// (the console is quitting) the filling stops there with [`StoreError::Other`].
pub fn populate_saying(
    store: &mut Store,
    settings: &OfficeSettings,
    now: DateTime<Utc>,
    reached: &mut dyn FnMut(Stage) -> bool,
) -> Result<Staff> {
    // Hundreds of small writes into a throwaway file: none waits for the disk until the
    // office is filled; the console then writes as every desk does.
    store.set_durable(false)?;
    let mut stage = |at: Stage| match reached(at) {
        true => Ok(()),
        false => Err(StoreError::Other(STOPPED.into())),
    };
    let clerk = fill(store, settings, now, &mut stage)?;
    store.set_durable(true)?;
    Ok(clerk)
}

/// Why the filling ended early: nobody reads it but a log, since the console is quitting.
const STOPPED: &str = "the demo was stopped before it was filled";

fn fill(
    store: &mut Store,
    settings: &OfficeSettings,
    now: DateTime<Utc>,
    stage: &mut dyn FnMut(Stage) -> Result<()>,
) -> Result<Staff> {
    stage(Stage::Staff)?;
    let tz = settings.timezone();
    // Twenty-five commands six minutes apart end about now; shortly after midnight they
    // are squeezed closer so the whole morning still falls on today.
    let step = Duration::minutes(6).min((now - day_start(now, tz)) / 30);
    let start = now - step * 25;
    let boss = store.set_up_office(
        "西堤国际售楼处",
        DEMO_SUPERVISOR,
        DEMO_PIN,
        DEMO_PIN,
        settings,
        start,
    )?;
    // The manager, signed in, adds the staff with their own PIN.
    let approval = store.approve(Some(boss), boss, DEMO_PIN, start)?;
    let clerk = store.add_staff(
        boss,
        approval,
        DEMO_CLERK,
        Role::Clerk,
        Some((DEMO_CLERK_PIN, DEMO_CLERK_PIN)),
        start,
    )?;
    let sales: Vec<StaffId> = SALESPEOPLE
        .iter()
        .map(|name| store.add_staff(boss, approval, name, Role::Salesperson, None, start))
        .collect::<Result<_>>()?;
    // Salespeople who have left: inactive, but the registers still name them.
    let mut owners = sales.clone();
    for (name, _) in register::FORMER_SALESPEOPLE {
        let id = store.add_staff(boss, approval, name, Role::Salesperson, None, start)?;
        store.set_staff_active(boss, approval, id, false, business_day(now, tz), start)?;
        owners.push(id);
    }
    let night = store.add_staff(
        boss,
        approval,
        DEMO_NIGHT_CLERK,
        Role::Clerk,
        Some((DEMO_NIGHT_PIN, DEMO_NIGHT_PIN)),
        start,
    )?;
    let size = register::Size::for_build();
    stage(Stage::Registers)?;
    let visits = register::write(store, clerk, &owners, start, tz, size)?;
    stage(Stage::Referrals)?;
    referrals::write(store, clerk, &sales, night, start, tz, settings.policy())?;
    // The handover snapshots the open items as they stand when it is written: written after
    // the morning, an 08:00 handover would list receptions and visitors of later hours. So
    // when 08:00 comes before the morning's first event it goes in here, after the
    // registers' history; otherwise after everything else.
    let handover_at = handover::handover_time(now, tz);
    let hand_over = |store: &mut Store| {
        handover::write(
            store,
            settings,
            night,
            DEMO_NIGHT_PIN,
            clerk,
            DEMO_CLERK_PIN,
            now,
            tz,
        )
    };
    if handover_at < start {
        hand_over(store)?;
    }
    stage(Stage::Lobby)?;
    lobby::write(store, boss, approval, clerk, start, now)?;
    stage(Stage::Complaints)?;
    complaints::write(store, clerk, boss, now)?;
    stage(Stage::Morning)?;
    let mut desk = Desk {
        store,
        clerk,
        day: business_day(now, tz),
        at: start,
        step,
    };
    // The morning: everyone checks in except 黄丽, who is on leave today.
    for &id in &sales[..7] {
        desk.run(Command::CheckIn(id))?;
    }
    // Walk-ins in rotation order; 李娜's turns out to be her own old customer (a make-up).
    desk.receive(Command::WalkIn, Outcome::NewCustomer)?;
    desk.receive(Command::WalkIn, Outcome::OwnOldCustomer)?;
    desk.receive(Command::WalkIn, Outcome::NewCustomer)?;
    desk.receive(Command::WalkIn, Outcome::NewCustomer)?;
    // 刘洋 is sent to the bank by the manager; a missed turn will be made up.
    desk.run(Command::AssignWork {
        salesperson: sales[3],
        supervisor: boss,
    })?;
    // A customer asks for 王芳 by name (ROT-7).
    desk.receive(Command::Designated(sales[0]), Outcome::NewCustomer)?;
    desk.receive(Command::WalkIn, Outcome::NewCustomer)?;
    desk.receive(Command::WalkIn, Outcome::NewCustomer)?;
    // 杨帆 takes a break; a returning customer of 张伟 arrives and 张伟 receives them.
    desk.run(Command::SetAvailability(sales[5], Availability::Break))?;
    desk.run(Command::Returning(sales[2]))?;
    // And a walk-in is being received right now.
    desk.run(Command::WalkIn)?;
    let store = desk.store;
    if handover_at >= start {
        hand_over(store)?;
    }
    stage(Stage::Deals)?;
    // The year of deals, after the morning: its past day's rotation comes later in the log
    // than today's, so the first rows of today's log are nobody's reception.
    deals::write(store, clerk, boss, &sales, &visits, start, tz, size)?;
    drop(visits);
    // The demo console starts with the clerk signed in: recorded as a sign-in, so the next
    // console to sign someone in today is not taken for the day's first (HND-8).
    store.sign_in(clerk, Some(DEMO_CLERK_PIN), now)?;
    Ok(store
        .staff_member(clerk)?
        .expect("the clerk was just added"))
}

/// The demo's desk: runs commands a few minutes apart, as the clerk.
struct Desk<'a> {
    store: &'a mut Store,
    clerk: StaffId,
    day: chrono::NaiveDate,
    at: DateTime<Utc>,
    step: Duration,
}

impl Desk<'_> {
    /// Runs one command; returns the reception it opened, if any.
    fn run(&mut self, command: Command) -> Result<Option<Seq>> {
        self.at += self.step;
        // The manager approves what needs approval, as they would at the desk.
        let approval = match command.supervisor() {
            Some(boss) => Some(
                self.store
                    .approve(Some(self.clerk), boss, DEMO_PIN, self.at)?,
            ),
            None => None,
        };
        let rotated = self
            .store
            .rotate(self.clerk, approval, self.day, self.at, &command)?;
        Ok(rotated.appended.iter().find_map(|l| match l.event {
            Event::ReceptionStarted { .. } => Some(l.seq),
            _ => None,
        }))
    }

    fn receive(&mut self, command: Command, outcome: Outcome) -> Result<()> {
        if let Some(reception) = self.run(command)? {
            self.run(Command::End { reception, outcome })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_demo_morning_is_a_living_queue() {
        let mut store = Store::open_in_memory().unwrap();
        let tz: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 3, 30, 0).unwrap();
        let clerk = populate(&mut store, &OfficeSettings::default(), now).unwrap();
        assert_eq!(clerk.role, Role::Clerk);
        let day = store.rotation_day(business_day(now, tz)).unwrap().day;
        assert_eq!(day.order().len(), 7);
        assert!(day.receptions().count() >= 2, "some are receiving now");
        assert!(!day.make_ups().is_empty(), "刘洋's missed turn is owed");
        assert!(day.next_up().is_some());
    }

    #[test]
    fn the_demo_morning_was_handed_over_and_yesterday_awaits_its_signature() {
        let mut store = Store::open_in_memory().unwrap();
        let tz: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 3, 30, 0).unwrap();
        let clerk = populate(&mut store, &OfficeSettings::default(), now).unwrap();
        let today = business_day(now, tz);
        let review = store.day_review(today, tz).unwrap();
        let [h] = review.handovers.as_slice() else {
            panic!("one handover this morning: {:?}", review.handovers);
        };
        assert_eq!(h.state.decided_by(), Some(clerk.id));
        assert!(h.state.is_complete());
        assert_eq!(h.log.len(), 4, "the night's entries, one before midnight");
        assert_eq!(h.state.questions().len(), 1);
        assert!(
            h.state
                .checklist()
                .iter()
                .any(|c| !c.ticked && !c.note.is_empty())
        );
        assert_eq!(store.log_since_last_handover().unwrap().len(), 2);
        assert!(store.on_duty(clerk.id).unwrap().is_some());
        assert!(store.pending_handover().unwrap().is_none());
        let yesterday = today.pred_opt().unwrap();
        assert_eq!(store.unsigned_days(today).unwrap(), vec![yesterday]);
        assert!(
            store
                .shift_log(day_start(now, tz), now)
                .unwrap()
                .iter()
                .all(|e| e.at < now)
        );
        assert_eq!(store.verify_all().unwrap(), None);
    }

    #[test]
    fn the_demo_is_filled_without_waiting_for_the_disk_and_then_writes_durably() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("demo.db")).unwrap();
        assert!(store.is_durable().unwrap());
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 3, 30, 0).unwrap();
        populate(&mut store, &OfficeSettings::default(), now).unwrap();
        assert!(
            store.is_durable().unwrap(),
            "the console writes as every desk does"
        );
        store.set_durable(false).unwrap();
        assert!(!store.is_durable().unwrap());
    }

    #[test]
    fn a_demo_just_after_midnight_keeps_the_whole_morning_on_today() {
        let mut store = Store::open_in_memory().unwrap();
        let tz: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
        // 00:20 in Shanghai: six-minute steps would start the day before.
        let now = Utc.with_ymd_and_hms(2026, 11, 21, 16, 20, 0).unwrap();
        populate(&mut store, &OfficeSettings::default(), now).unwrap();
        let day = store.rotation_day(business_day(now, tz)).unwrap().day;
        assert!(day.next_up().is_some());
        assert!(
            day.log()
                .iter()
                .all(|l| business_day(l.at, tz) == business_day(now, tz) && l.at <= now),
            "every event falls on today, none in the future"
        );
    }
}
