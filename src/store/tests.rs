//! Store tests on in-memory and temporary databases: setup, staff, the rotation log,
//! concurrent desks and the faults a real file meets.

use std::sync::{Arc, Barrier};

use chrono::{NaiveDate, TimeZone, Utc};

use super::*;
use crate::domain::policy::Policy;
use crate::domain::rotation::{Command, Event, ReceptionKind};
use crate::domain::staff::Role;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 2, 0, 0).unwrap()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

/// An office with a supervisor (PIN 2468), a clerk and `n` salespeople.
fn office(store: &mut Store, n: usize) -> (StaffId, StaffId, Vec<StaffId>) {
    let boss = store
        .set_up_office("西堤国际售楼处", "陈经理", "2468", "2468", now())
        .unwrap();
    let clerk = store
        .add_staff(boss, "前台小刘", Role::Clerk, None, now())
        .unwrap();
    let sales = (0..n)
        .map(|i| {
            store
                .add_staff(boss, &format!("销售{i}"), Role::Salesperson, None, now())
                .unwrap()
        })
        .collect();
    (boss, clerk, sales)
}

/// Runs a rotation command today, as `operator`, under the default policy.
fn run(
    store: &mut Store,
    operator: StaffId,
    command: Command,
) -> Result<crate::store::rotation::Rotated> {
    store.rotate(operator, None, &Policy::default(), today(), now(), &command)
}

#[test]
fn a_new_database_needs_setup_and_setup_happens_once() {
    let mut store = Store::open_in_memory().unwrap();
    assert!(store.needs_setup().unwrap());
    office(&mut store, 0);
    assert!(!store.needs_setup().unwrap());
    assert!(matches!(
        store.set_up_office("x", "y", "1111", "1111", now()),
        Err(StoreError::AlreadySetUp)
    ));
}

#[test]
fn duplicate_staff_names_are_refused_regardless_of_case() {
    let mut store = Store::open_in_memory().unwrap();
    let (boss, _, _) = office(&mut store, 0);
    store
        .add_staff(boss, "Li Na", Role::Salesperson, None, now())
        .unwrap();
    let err = store.add_staff(boss, "li na", Role::Salesperson, None, now());
    assert!(matches!(err, Err(StoreError::DuplicateName(_))));
}

#[test]
fn pasted_escape_sequences_never_reach_the_staff_table() {
    let mut store = Store::open_in_memory().unwrap();
    let (boss, _, _) = office(&mut store, 0);
    let id = store
        .add_staff(boss, "王\u{1b}[31m芳\u{7}", Role::Salesperson, None, now())
        .unwrap();
    assert_eq!(store.staff_member(id).unwrap().unwrap().name, "王芳");
}

#[test]
fn sec_2_a_wrong_pin_or_a_non_supervisor_gets_no_approval() {
    let mut store = Store::open_in_memory().unwrap();
    let (boss, clerk, _) = office(&mut store, 0);
    assert!(matches!(
        store.approve(boss, "1357"),
        Err(StoreError::WrongPin)
    ));
    assert!(matches!(
        store.approve(clerk, "2468"),
        Err(StoreError::NotSupervisor)
    ));
    assert_eq!(store.approve(boss, "2468").unwrap().supervisor(), boss);
}

#[test]
fn rot_3_a_reorder_without_a_supervisors_approval_is_refused() {
    let mut store = Store::open_in_memory().unwrap();
    let (boss, clerk, sales) = office(&mut store, 2);
    let policy = Policy::default();
    for &s in &sales {
        store
            .rotate(clerk, None, &policy, today(), now(), &Command::CheckIn(s))
            .unwrap();
    }
    let reorder = Command::Reorder {
        salesperson: sales[1],
        position: 1,
        reason: "经理安排".into(),
        supervisor: boss,
    };
    assert!(matches!(
        store.rotate(clerk, None, &policy, today(), now(), &reorder),
        Err(StoreError::NotSupervisor)
    ));
    let approval = store.approve(boss, "2468").unwrap();
    let done = store
        .rotate(clerk, Some(approval), &policy, today(), now(), &reorder)
        .unwrap();
    assert_eq!(done.day.order(), &[sales[1], sales[0]]);
    let trail = store.audit_trail().unwrap();
    let last = trail.last().unwrap();
    assert_eq!(last.operator, Some(clerk));
    assert!(last.detail.contains("经理安排"), "{last:?}");
}

#[test]
fn only_active_salespeople_check_in() {
    let mut store = Store::open_in_memory().unwrap();
    let (boss, clerk, sales) = office(&mut store, 1);
    let policy = Policy::default();
    let checkin = |id| Command::CheckIn(id);
    assert!(matches!(
        store.rotate(clerk, None, &policy, today(), now(), &checkin(clerk)),
        Err(StoreError::NotSalesperson(_))
    ));
    store
        .set_staff_active(boss, sales[0], false, today(), now())
        .unwrap();
    assert!(matches!(
        store.rotate(clerk, None, &policy, today(), now(), &checkin(sales[0])),
        Err(StoreError::NotSalesperson(_))
    ));
}

#[test]
fn the_queue_survives_a_restart_and_each_day_starts_afresh() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let policy = Policy::default();
    let sales = {
        let mut store = Store::open(&path).unwrap();
        let (_, clerk, sales) = office(&mut store, 3);
        for &s in &sales {
            store
                .rotate(clerk, None, &policy, today(), now(), &Command::CheckIn(s))
                .unwrap();
        }
        store
            .assign_next_walk_in(clerk, &policy, today(), now())
            .unwrap();
        sales
    };
    let store = Store::open(&path).unwrap();
    let day = store.rotation_day(today()).unwrap();
    assert_eq!(day.order(), &[sales[1], sales[2], sales[0]]);
    let tomorrow = today().succ_opt().unwrap();
    assert!(store.rotation_day(tomorrow).unwrap().order().is_empty());
}

#[test]
fn reg_4_logged_events_and_audit_rows_cannot_be_changed_or_deleted() {
    let mut store = Store::open_in_memory().unwrap();
    let (_, clerk, sales) = office(&mut store, 1);
    run(&mut store, clerk, Command::CheckIn(sales[0])).unwrap();
    for sql in [
        "UPDATE rotation_events SET operator_id = 1",
        "DELETE FROM rotation_events",
        "UPDATE audit SET detail = ''",
        "DELETE FROM audit",
    ] {
        let err = store.conn.execute(sql, []).unwrap_err();
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
}

#[test]
fn two_desks_pressing_next_walk_in_at_once_never_hand_out_the_same_turn() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let (clerk, sales) = {
        let mut store = Store::open(&path).unwrap();
        let (_, clerk, sales) = office(&mut store, 6);
        for &s in &sales {
            run(&mut store, clerk, Command::CheckIn(s)).unwrap();
        }
        (clerk, sales)
    };
    let desks = 2;
    let presses_each = 3;
    let barrier = Arc::new(Barrier::new(desks));
    let handles: Vec<_> = (0..desks)
        .map(|_| {
            let path = path.clone();
            let barrier = Arc::clone(&barrier);
            std::thread::spawn(move || {
                let mut store = Store::open(&path).unwrap();
                barrier.wait();
                (0..presses_each)
                    .map(|_| {
                        store
                            .assign_next_walk_in(clerk, &Policy::default(), today(), now())
                            .unwrap()
                            .appended
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let store = Store::open(&path).unwrap();
    let mut receivers: Vec<StaffId> = store
        .rotation_log(today())
        .unwrap()
        .into_iter()
        .filter_map(|l| match l.event {
            Event::ReceptionStarted {
                salesperson,
                kind: ReceptionKind::Rotation,
                ..
            } => Some(salesperson),
            _ => None,
        })
        .collect();
    receivers.sort();
    let mut expected = sales.clone();
    expected.sort();
    assert_eq!(
        receivers, expected,
        "six presses, six different salespeople"
    );
}

#[test]
fn another_desks_write_changes_the_data_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let mut a = Store::open(&path).unwrap();
    let b = Store::open(&path).unwrap();
    let before = b.data_version().unwrap();
    office(&mut a, 1);
    assert_ne!(b.data_version().unwrap(), before);
}

#[test]
fn a_file_that_is_not_a_database_is_reported_as_such_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.db");
    let garbage = b"this is a shopping list, not a database\n".repeat(200);
    std::fs::write(&path, &garbage).unwrap();
    assert!(matches!(Store::open(&path), Err(StoreError::Corrupt)));
    assert_eq!(std::fs::read(&path).unwrap(), garbage);
}

#[test]
fn a_read_only_database_opens_for_reading_and_refuses_writes_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    {
        let mut store = Store::open(&path).unwrap();
        office(&mut store, 1);
    }
    let conn = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let mut store = Store::prepare(conn, true).unwrap();
    assert!(store.is_read_only());
    assert_eq!(store.staff().unwrap().len(), 3);
    let err = store.add_staff(StaffId(1), "新人", Role::Salesperson, None, now());
    assert!(matches!(err, Err(StoreError::ReadOnly)), "{err:?}");
}

#[test]
fn a_desk_locked_out_by_another_gets_busy_and_the_file_keeps_only_whole_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let mut a = Store::open(&path).unwrap();
    let (_, clerk, sales) = office(&mut a, 1);
    let other = Connection::open(&path).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    a.set_busy_timeout(Duration::from_millis(50)).unwrap();
    let err = run(&mut a, clerk, Command::CheckIn(sales[0]));
    assert!(matches!(err, Err(StoreError::Busy)), "{err:?}");
    other.execute_batch("ROLLBACK").unwrap();
    assert!(a.rotation_log(today()).unwrap().is_empty());
    run(&mut a, clerk, Command::CheckIn(sales[0])).unwrap();
}

#[test]
fn a_full_disk_is_reported_and_the_transaction_leaves_nothing_behind() {
    let mut store = Store::open_in_memory().unwrap();
    let (boss, _, _) = office(&mut store, 0);
    let pages: i64 = store
        .conn
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    // Cap the file at its current size: the next page it needs is "disk full".
    store
        .conn
        .query_row(&format!("PRAGMA max_page_count = {pages}"), [], |_| Ok(()))
        .unwrap();
    let added_staff = |store: &Store| {
        let audits = store.audit_trail().unwrap();
        (
            store.staff().unwrap().len(),
            audits.iter().filter(|a| a.action == "add_staff").count(),
        )
    };
    let (staff_before, audits_before) = added_staff(&store);
    let long = "x".repeat(20);
    let mut result = Ok(StaffId(0));
    for i in 0..200 {
        result = store.add_staff(
            boss,
            &format!("{i}{long}")[..20],
            Role::Salesperson,
            None,
            now(),
        );
        if result.is_err() {
            break;
        }
    }
    assert!(matches!(result, Err(StoreError::DiskFull)), "{result:?}");
    let (staff_after, audits_after) = added_staff(&store);
    assert!(staff_after > staff_before);
    assert_eq!(
        staff_after - staff_before,
        audits_after - audits_before,
        "every staff row has its audit row, none half-written"
    );
}

#[test]
fn the_last_supervisor_cannot_be_deactivated_so_setup_never_reopens() {
    let mut store = Store::open_in_memory().unwrap();
    let (boss, clerk, _) = office(&mut store, 0);
    assert!(matches!(
        store.set_staff_active(boss, boss, false, today(), now()),
        Err(StoreError::LastSupervisor)
    ));
    assert!(!store.needs_setup().unwrap());
    // With a second supervisor the first may go; the office stays set up either way.
    let deputy = store
        .add_staff(
            boss,
            "王副经理",
            Role::Supervisor,
            Some(("1357", "1357")),
            now(),
        )
        .unwrap();
    store
        .set_staff_active(deputy, boss, false, today(), now())
        .unwrap();
    assert!(matches!(
        store.set_staff_active(deputy, deputy, false, today(), now()),
        Err(StoreError::LastSupervisor)
    ));
    assert!(matches!(
        store.set_up_office("别处", "冒充者", "1111", "1111", now()),
        Err(StoreError::AlreadySetUp)
    ));
    assert!(matches!(
        store.set_staff_active(deputy, StaffId(999), false, today(), now()),
        Err(StoreError::NoSuchStaff(StaffId(999)))
    ));
    assert!(
        store
            .set_staff_active(deputy, clerk, false, today(), now())
            .is_ok()
    );
}

#[test]
fn a_salesperson_checked_in_today_must_check_out_before_deactivation() {
    let mut store = Store::open_in_memory().unwrap();
    let (boss, clerk, sales) = office(&mut store, 2);
    run(&mut store, clerk, Command::CheckIn(sales[0])).unwrap();
    run(&mut store, clerk, Command::CheckIn(sales[1])).unwrap();
    assert!(matches!(
        store.set_staff_active(boss, sales[0], false, today(), now()),
        Err(StoreError::StillCheckedIn(id)) if id == sales[0]
    ));
    // Still in the queue, so still handed walk-ins; after checking out they can go.
    run(&mut store, clerk, Command::CheckOut(sales[0])).unwrap();
    store
        .set_staff_active(boss, sales[0], false, today(), now())
        .unwrap();
    let walk_in = run(&mut store, clerk, Command::WalkIn).unwrap();
    assert!(walk_in.appended.iter().all(|l| !matches!(
        l.event,
        Event::ReceptionStarted { salesperson, .. } if salesperson == sales[0]
    )));
}
