//! Store tests on in-memory and temporary databases: setup, staff, the rotation log,
//! concurrent desks and the faults a real file meets.

use std::sync::{Arc, Barrier};

use chrono::{NaiveDate, TimeZone, Utc};

use super::*;
use crate::domain::policy::HelperPolicy;
use crate::domain::rotation::{Command, Event, ReceptionKind};
use crate::domain::settings::OfficeSettings;
use crate::domain::staff::Role;
use rusqlite::OptionalExtension;

pub(super) fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 2, 0, 0).unwrap()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

/// The supervisor's approval, PIN 2468 as `office` sets it.
fn ok(store: &mut Store, supervisor: StaffId) -> Approval {
    store.approve(None, supervisor, "2468", now()).unwrap()
}

/// An office with a supervisor (PIN 2468), a clerk and `n` salespeople, set up with the
/// default settings; the supervisor, signed in, adds the others.
/// A second supervisor, added by `boss`, and their approval.
fn deputy(store: &mut Store, boss: StaffId) -> (StaffId, Approval) {
    let approval = ok(store, boss);
    let pin = Some(("1357", "1357"));
    let deputy = store
        .add_staff(boss, approval, "王副经理", Role::Supervisor, pin, now())
        .unwrap();
    (deputy, store.approve(None, deputy, "1357", now()).unwrap())
}

/// Caps the file at its current size: the next page it needs is "disk full".
fn fill_the_disk(store: &mut Store) {
    let pages: i64 = store
        .conn
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    store
        .conn
        .query_row(&format!("PRAGMA max_page_count = {pages}"), [], |_| Ok(()))
        .unwrap();
}

pub(super) fn office(store: &mut Store, n: usize) -> (StaffId, StaffId, Vec<StaffId>) {
    let boss = store
        .set_up_office(
            "西堤国际售楼处",
            "陈经理",
            "2468",
            "2468",
            &OfficeSettings::default(),
            now(),
        )
        .unwrap();
    let approval = ok(store, boss);
    let clerk = store
        .add_staff(boss, approval, "前台小刘", Role::Clerk, None, now())
        .unwrap();
    let sales = (0..n)
        .map(|i| {
            store
                .add_staff(
                    boss,
                    approval,
                    &format!("销售{i}"),
                    Role::Salesperson,
                    None,
                    now(),
                )
                .unwrap()
        })
        .collect();
    (boss, clerk, sales)
}

/// Runs a rotation command today, as `operator`, under the office's policy.
fn run(
    store: &mut Store,
    operator: StaffId,
    command: Command,
) -> Result<crate::store::rotation::Rotated> {
    store.rotate(operator, None, today(), now(), &command)
}

#[test]
fn a_new_database_needs_setup_and_setup_happens_once() {
    let mut store = Store::open_in_memory().unwrap();
    assert!(store.needs_setup().unwrap());
    office(&mut store, 0);
    assert!(!store.needs_setup().unwrap());
    assert!(matches!(
        store.set_up_office("x", "y", "1111", "1111", &OfficeSettings::default(), now()),
        Err(StoreError::AlreadySetUp)
    ));
}

#[test]
fn duplicate_staff_names_are_refused_regardless_of_case() {
    let mut store = Store::open_in_memory().unwrap();
    let (boss, _, _) = office(&mut store, 0);
    let approval = ok(&mut store, boss);
    store
        .add_staff(boss, approval, "Li Na", Role::Salesperson, None, now())
        .unwrap();
    let approval = ok(&mut store, boss);
    let err = store.add_staff(boss, approval, "li na", Role::Salesperson, None, now());
    assert!(matches!(err, Err(StoreError::DuplicateName(_))));
}

#[test]
fn pasted_escape_sequences_never_reach_the_staff_table() {
    let mut store = Store::open_in_memory().unwrap();
    let (boss, _, _) = office(&mut store, 0);
    let approval = ok(&mut store, boss);
    let id = store
        .add_staff(
            boss,
            approval,
            "王\u{1b}[31m芳\u{7}",
            Role::Salesperson,
            None,
            now(),
        )
        .unwrap();
    assert_eq!(store.staff_member(id).unwrap().unwrap().name, "王芳");
}

#[test]
fn sec_2_a_wrong_pin_or_a_non_supervisor_gets_no_approval() {
    let mut store = Store::open_in_memory().unwrap();
    let (boss, clerk, _) = office(&mut store, 0);
    assert!(matches!(
        store.approve(None, boss, "1357", now()),
        Err(StoreError::WrongPin)
    ));
    assert!(matches!(
        store.approve(None, clerk, "2468", now()),
        Err(StoreError::NotSupervisor)
    ));
    assert_eq!(
        store
            .approve(None, boss, "2468", now())
            .unwrap()
            .supervisor(),
        boss
    );
}

#[test]
fn rot_3_a_reorder_without_a_supervisors_approval_is_refused() {
    let mut store = Store::open_in_memory().unwrap();
    let (boss, clerk, sales) = office(&mut store, 2);
    for &s in &sales {
        store
            .rotate(clerk, None, today(), now(), &Command::CheckIn(s))
            .unwrap();
    }
    let reorder = Command::Reorder {
        salesperson: sales[1],
        position: 1,
        reason: "经理安排".into(),
        supervisor: boss,
    };
    assert!(matches!(
        store.rotate(clerk, None, today(), now(), &reorder),
        Err(StoreError::NotSupervisor)
    ));
    let approval = store.approve(None, boss, "2468", now()).unwrap();
    let done = store
        .rotate(clerk, Some(approval), today(), now(), &reorder)
        .unwrap();
    assert_eq!(done.day.order(), &[sales[1], sales[0]]);
    let trail = store.audit_trail().unwrap();
    let last = trail.last().unwrap();
    assert_eq!(last.operator, Some(clerk));
    assert_eq!(last.approver, Some(boss));
    assert!(last.detail.contains("经理安排"), "{last:?}");
}

#[test]
fn only_active_salespeople_check_in() {
    let mut store = Store::open_in_memory().unwrap();
    let (boss, clerk, sales) = office(&mut store, 1);
    let checkin = |id| Command::CheckIn(id);
    assert!(matches!(
        store.rotate(clerk, None, today(), now(), &checkin(clerk)),
        Err(StoreError::NotSalesperson(_))
    ));
    let approval = ok(&mut store, boss);
    store
        .set_staff_active(boss, approval, sales[0], false, today(), now())
        .unwrap();
    assert!(matches!(
        store.rotate(clerk, None, today(), now(), &checkin(sales[0])),
        Err(StoreError::NotSalesperson(_))
    ));
}

#[test]
fn the_queue_survives_a_restart_and_each_day_starts_afresh() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let sales = {
        let mut store = Store::open(&path).unwrap();
        let (_, clerk, sales) = office(&mut store, 3);
        for &s in &sales {
            store
                .rotate(clerk, None, today(), now(), &Command::CheckIn(s))
                .unwrap();
        }
        store.assign_next_walk_in(clerk, today(), now()).unwrap();
        sales
    };
    let store = Store::open(&path).unwrap();
    let day = store.rotation_day(today()).unwrap().day;
    assert_eq!(day.order(), &[sales[1], sales[2], sales[0]]);
    let tomorrow = today().succ_opt().unwrap();
    assert!(store.rotation_day(tomorrow).unwrap().day.order().is_empty());
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
                            .assign_next_walk_in(clerk, today(), now())
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
    // Six desks appending at once left one unbroken chain per table.
    assert_eq!(store.verify_all().unwrap(), None);
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
    let mut store = Store::prepare(conn, Some(&path)).unwrap();
    assert!(store.is_read_only());
    assert_eq!(store.staff().unwrap().len(), 3);
    let approval = ok(&mut store, StaffId(1));
    let err = store.add_staff(StaffId(1), approval, "新人", Role::Salesperson, None, now());
    assert!(matches!(err, Err(StoreError::ReadOnly)), "{err:?}");
}

#[test]
fn sec_2_on_a_read_only_file_a_right_pin_during_the_pause_is_refused_like_a_wrong_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    office(&mut Store::open(&path).unwrap(), 0);
    let conn = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let mut store = Store::prepare(conn, Some(&path)).unwrap();
    let boss = StaffId(1);
    let at = |s: i64| now() + chrono::Duration::seconds(s);
    assert!(matches!(
        store.approve(None, boss, "0000", at(0)),
        Err(StoreError::WrongPin)
    ));
    // Approving writes nothing when the PIN is right, so only pacing before the comparison
    // keeps a right PIN from answering sooner than a wrong one.
    assert!(matches!(
        store.approve(None, boss, "2468", at(1)),
        Err(StoreError::PinLocked { seconds: 2, .. })
    ));
    assert!(store.approve(None, boss, "2468", at(3)).is_ok());
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
    fill_the_disk(&mut store);
    let added_staff = |store: &mut Store| {
        let audits = store.audit_trail().unwrap();
        (
            store.staff().unwrap().len(),
            audits.iter().filter(|a| a.action == "add_staff").count(),
        )
    };
    let (staff_before, audits_before) = added_staff(&mut store);
    let long = "x".repeat(20);
    let approval = ok(&mut store, boss);
    let mut result = Ok(StaffId(0));
    for i in 0..200 {
        result = store.add_staff(
            boss,
            approval,
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
    let (staff_after, audits_after) = added_staff(&mut store);
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
    let approval = ok(&mut store, boss);
    assert!(matches!(
        store.set_staff_active(boss, approval, boss, false, today(), now()),
        Err(StoreError::LastSupervisor)
    ));
    assert!(!store.needs_setup().unwrap());
    // With a second supervisor the first may go; the office stays set up either way.
    let (deputy, deputy_ok) = deputy(&mut store, boss);
    store
        .set_staff_active(deputy, deputy_ok, boss, false, today(), now())
        .unwrap();
    assert!(matches!(
        store.set_staff_active(deputy, deputy_ok, deputy, false, today(), now()),
        Err(StoreError::LastSupervisor)
    ));
    assert!(matches!(
        store.set_up_office(
            "别处",
            "冒充者",
            "1111",
            "1111",
            &OfficeSettings::default(),
            now()
        ),
        Err(StoreError::AlreadySetUp)
    ));
    assert!(matches!(
        store.set_staff_active(deputy, deputy_ok, StaffId(999), false, today(), now()),
        Err(StoreError::NoSuchStaff(StaffId(999)))
    ));
    assert!(
        store
            .set_staff_active(deputy, deputy_ok, clerk, false, today(), now())
            .is_ok()
    );
}

#[test]
fn a_salesperson_checked_in_today_must_check_out_before_deactivation() {
    let mut store = Store::open_in_memory().unwrap();
    let (boss, clerk, sales) = office(&mut store, 2);
    run(&mut store, clerk, Command::CheckIn(sales[0])).unwrap();
    run(&mut store, clerk, Command::CheckIn(sales[1])).unwrap();
    let approval = ok(&mut store, boss);
    assert!(matches!(
        store.set_staff_active(boss, approval, sales[0], false, today(), now()),
        Err(StoreError::StillCheckedIn(id)) if id == sales[0]
    ));
    // Still in the queue, so still handed walk-ins; after checking out they can go.
    run(&mut store, clerk, Command::CheckOut(sales[0])).unwrap();
    let approval = ok(&mut store, boss);
    store
        .set_staff_active(boss, approval, sales[0], false, today(), now())
        .unwrap();
    let walk_in = run(&mut store, clerk, Command::WalkIn).unwrap();
    assert!(walk_in.appended.iter().all(|l| !matches!(
        l.event,
        Event::ReceptionStarted { salesperson, .. } if salesperson == sales[0]
    )));
}

fn vanke_in_hong_kong() -> OfficeSettings {
    OfficeSettings::new(
        "vanke",
        toml::from_str("registration_valid_days = 45").unwrap(),
        "Asia/Hong_Kong",
    )
    .unwrap()
}

#[test]
fn the_settings_chosen_at_setup_round_trip_through_the_store() {
    let mut store = Store::open_in_memory().unwrap();
    let chosen = vanke_in_hong_kong();
    store
        .set_up_office("深圳万科", "王经理", "2468", "2468", &chosen, now())
        .unwrap();
    let read = store.office_settings().unwrap();
    assert_eq!(read, chosen);
    assert_eq!(read.policy().helper, HelperPolicy::LastInQueue);
    assert_eq!(read.policy().registration_valid_days, 45);
    let setup = &store.audit_trail().unwrap()[0];
    assert!(setup.detail.contains("preset=vanke"), "{setup:?}");
    assert!(setup.detail.contains("Asia/Hong_Kong"), "{setup:?}");
}

#[test]
fn an_office_set_up_by_an_earlier_build_keeps_004_in_shanghai() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        // The database as the first release left it: schema version 1, no settings rows
        // but the office name, and an audit row from before approvers were recorded.
        let mut conn = Connection::open(&path).unwrap();
        Migrations::new(vec![M::up(include_str!(
            "../../assets/migrations/001_foundation.sql"
        ))])
        .to_latest(&mut conn)
        .unwrap();
        conn.execute_batch(
            "INSERT INTO settings (key, value) VALUES ('office_name', '西堤国际售楼处');
             INSERT INTO staff (name, role, pin_hash, created_at)
                 VALUES ('陈经理', 'supervisor', 'x', '2026-01-01T00:00:00.000Z');
             INSERT INTO audit (at, operator_id, action, detail)
                 VALUES ('2026-01-01T00:00:00.000Z', 1, 'set_up_office', 'old');",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.office_settings().unwrap(), OfficeSettings::default());
    let old = &store.audit_trail().unwrap()[0];
    assert_eq!((old.operator, old.approver), (Some(StaffId(1)), None));
}

#[test]
fn a_stored_setting_that_does_not_parse_is_an_error_naming_its_key_never_the_default() {
    let mut store = Store::open_in_memory().unwrap();
    let (boss, clerk, sales) = office(&mut store, 1);
    for (key, value) in [
        ("timezone", "Mars/Base"),
        ("policy_preset", "acme"),
        ("policy_overrides", "helpr = 1"),
        ("policy_overrides", "helper = 'nobody'"),
        ("policy_overrides", "this is [not toml"),
    ] {
        let good = store.setting(key).unwrap().unwrap();
        store
            .conn
            .execute(
                "UPDATE settings SET value = ?2 WHERE key = ?1",
                [key, value],
            )
            .unwrap();
        let err = store.office_settings().unwrap_err();
        assert!(
            matches!(&err, StoreError::BadSetting { key: k, .. } if *k == key),
            "{key} = {value}: {err:?}"
        );
        // A desk deciding turns must not fall back to some other policy either.
        let turn = run(&mut store, clerk, Command::CheckIn(sales[0]));
        assert!(
            matches!(turn, Err(StoreError::BadSetting { .. })),
            "{turn:?}"
        );
        store
            .conn
            .execute(
                "UPDATE settings SET value = ?2 WHERE key = ?1",
                [key, &good],
            )
            .unwrap();
    }
    // A supervisor can always repair a broken value from the console.
    store
        .conn
        .execute(
            "UPDATE settings SET value = 'Mars/Base' WHERE key = 'timezone'",
            [],
        )
        .unwrap();
    let approval = ok(&mut store, boss);
    store
        .set_office_settings(boss, approval, &OfficeSettings::default(), now())
        .unwrap();
    assert_eq!(store.office_settings().unwrap(), OfficeSettings::default());
    let last = store.audit_trail().unwrap().pop().unwrap();
    assert_eq!(last.detail, "timezone: Mars/Base → Asia/Shanghai");
}

#[test]
fn a_supervisor_s_settings_change_is_audited_with_operator_approver_and_old_to_new() {
    let mut store = Store::open_in_memory().unwrap();
    let (boss, clerk, _) = office(&mut store, 0);
    let approval = ok(&mut store, boss);
    store
        .set_office_settings(clerk, approval, &vanke_in_hong_kong(), now())
        .unwrap();
    assert_eq!(store.office_settings().unwrap(), vanke_in_hong_kong());
    let last = store.audit_trail().unwrap().pop().unwrap();
    assert_eq!(last.action, "set_office_settings");
    assert_eq!(last.operator, Some(clerk), "the one signed in");
    assert_eq!(last.approver, Some(boss), "the one whose PIN approved it");
    assert_eq!(
        last.detail,
        "policy_preset: 004 → vanke; \
         policy_overrides: {} → {registration_valid_days = 45}; \
         timezone: Asia/Shanghai → Asia/Hong_Kong"
    );
}

#[test]
fn sec_2_adding_and_deactivating_staff_audit_the_signed_in_clerk_and_the_approver_apart() {
    let mut store = Store::open_in_memory().unwrap();
    let (boss, clerk, _) = office(&mut store, 0);
    let approval = ok(&mut store, boss);
    let id = store
        .add_staff(clerk, approval, "王芳", Role::Salesperson, None, now())
        .unwrap();
    store
        .set_staff_active(clerk, approval, id, false, today(), now())
        .unwrap();
    let trail = store.audit_trail().unwrap();
    let [.., added, deactivated] = trail.as_slice() else {
        panic!("{trail:?}")
    };
    for row in [added, deactivated] {
        assert_eq!(row.operator, Some(clerk), "{row:?}");
        assert_eq!(row.approver, Some(boss), "{row:?}");
    }
    assert_eq!(added.action, "add_staff");
    assert_eq!(deactivated.action, "set_staff_active");
    // Nothing needed approval here: no approver is claimed.
    let sign_in = store.sign_in(clerk, None, now()).unwrap();
    assert_eq!(sign_in.staff.id, clerk);
    let last = store.audit_trail().unwrap().pop().unwrap();
    assert_eq!((last.operator, last.approver), (Some(clerk), None));
}

#[test]
fn sec_2_an_approval_is_refused_once_its_supervisor_was_deactivated_at_another_desk() {
    let mut store = Store::open_in_memory().unwrap();
    let (boss, clerk, _) = office(&mut store, 0);
    let (deputy, deputy_ok) = deputy(&mut store, boss);
    let approval = ok(&mut store, boss);
    store
        .set_staff_active(boss, approval, deputy, false, today(), now())
        .unwrap();
    assert!(matches!(
        store.add_staff(clerk, deputy_ok, "新人", Role::Clerk, None, now()),
        Err(StoreError::NotSupervisor)
    ));
    assert!(matches!(
        store.set_office_settings(clerk, deputy_ok, &vanke_in_hong_kong(), now()),
        Err(StoreError::NotSupervisor)
    ));
    assert_eq!(store.office_settings().unwrap(), OfficeSettings::default());
}

#[test]
fn two_desks_on_one_file_see_and_apply_the_same_office_settings() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let mut a = Store::open(&path).unwrap();
    let mut b = Store::open(&path).unwrap();
    let (boss, clerk, sales) = office(&mut a, 1);
    assert_eq!(b.office_settings().unwrap(), OfficeSettings::default());
    run(&mut b, clerk, Command::CheckIn(sales[0])).unwrap();
    let fine = |supervisor| Command::RecordViolation {
        salesperson: sales[0],
        note: "抢客户".into(),
        fine_fen: 80_000,
        supervisor,
    };
    // 800 yuan is beyond 004's ROT-14 range at desk B...
    let approval = ok(&mut b, boss);
    assert!(matches!(
        b.rotate(clerk, Some(approval), today(), now(), &fine(boss)),
        Err(StoreError::Rotation(
            crate::domain::rotation::RotationError::FineOutOfRange { .. }
        ))
    ));
    // ...until a supervisor at desk A widens it; B applies it at once, without a restart.
    let wider = OfficeSettings::new(
        "004",
        toml::from_str("grabbing_fine_fen = [20000, 100000]").unwrap(),
        "Asia/Shanghai",
    )
    .unwrap();
    let approval = ok(&mut a, boss);
    a.set_office_settings(boss, approval, &wider, now())
        .unwrap();
    assert_eq!(b.office_settings().unwrap(), wider);
    let approval = ok(&mut b, boss);
    b.rotate(clerk, Some(approval), today(), now(), &fine(boss))
        .unwrap();
}

#[test]
fn a_database_written_by_a_newer_frontdesk_opens_as_too_new() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.db");
    drop(Store::open(&path).unwrap());
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    assert!(matches!(Store::open(&path), Err(StoreError::TooNew)));
}

#[test]
fn only_a_database_too_far_ahead_is_too_new_not_every_migration_mistake() {
    use rusqlite_migration::Error as E;
    assert!(matches!(
        StoreError::from(E::MigrationDefinition(
            MigrationDefinitionError::DatabaseTooFarAhead
        )),
        StoreError::TooNew
    ));
    assert!(matches!(
        StoreError::from(E::MigrationDefinition(
            MigrationDefinitionError::NoMigrationsDefined
        )),
        StoreError::Other(_)
    ));
}

// ---- Faults a real file meets (issue 7, §4) and PINs at the desk (SEC-2, §3) ----

/// A mount made for a test, undone when dropped.
struct Mounted(std::path::PathBuf);

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

/// Runs `mount args… target`; `None` (and the test says why it skipped) where this user may
/// not mount.
fn mount(args: &[&str], target: &std::path::Path) -> Option<Mounted> {
    let ok = std::process::Command::new("mount")
        .args(args)
        .arg(target)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        eprintln!("skipped: cannot mount here (needs root)");
    }
    ok.then(|| Mounted(target.to_owned()))
}

#[test]
fn a_database_on_a_read_only_mount_opens_read_only_for_the_banner() {
    let src = tempfile::tempdir().unwrap();
    let dst = tempfile::tempdir().unwrap();
    {
        let mut store = Store::open(&src.path().join("desk.db")).unwrap();
        let (_, clerk, sales) = office(&mut store, 1);
        run(&mut store, clerk, Command::CheckIn(sales[0])).unwrap();
    }
    // Closed cleanly: the WAL and its index are gone, and a read-only directory cannot
    // create them again.
    assert!(!src.path().join("desk.db-shm").exists());
    let Some(_bind) = mount(&["--bind", src.path().to_str().unwrap()], dst.path()) else {
        return;
    };
    let Some(ro) = mount(&["-o", "remount,bind,ro"], dst.path()) else {
        return;
    };
    std::mem::forget(ro); // one mount, undone once by `_bind`
    let path = dst.path().join("desk.db");
    let mut store = Store::open(&path).unwrap();
    assert!(store.is_read_only());
    assert_eq!(store.staff().unwrap().len(), 3);
    assert_eq!(store.rotation_day(today()).unwrap().day.order().len(), 1);
    let signed_in = store.sign_in(StaffId(2), None, now()).unwrap();
    assert!(matches!(signed_in.not_recorded, Some(StoreError::ReadOnly)));
    let boss = StaffId(1);
    let approval = ok(&mut store, boss);
    let err = store.add_staff(boss, approval, "新人", Role::Clerk, None, now());
    assert!(matches!(err, Err(StoreError::ReadOnly)), "{err:?}");
}

#[test]
fn a_full_disk_still_lets_people_sign_in_and_read_and_says_nothing_is_saved() {
    let mut store = Store::open_in_memory().unwrap();
    let (boss, clerk, _) = office(&mut store, 0);
    fill_the_disk(&mut store);
    // Fill the last free space with audit rows, as a long day would.
    while store
        .sign_in(clerk, None, now())
        .unwrap()
        .not_recorded
        .is_none()
    {}
    let clerk_in = store.sign_in(clerk, None, now()).unwrap();
    assert_eq!(clerk_in.staff.id, clerk);
    assert!(matches!(clerk_in.not_recorded, Some(StoreError::DiskFull)));
    let boss_in = store.sign_in(boss, Some("2468"), now()).unwrap();
    assert!(matches!(boss_in.not_recorded, Some(StoreError::DiskFull)));
    assert!(matches!(
        store.sign_in(boss, Some("1111"), now()),
        Err(StoreError::WrongPin)
    ));
    assert_eq!(store.staff().unwrap().len(), 2, "reading still works");
    let approval = ok(&mut store, boss);
    assert!(matches!(
        store.add_staff(boss, approval, "新人", Role::Clerk, None, now()),
        Err(StoreError::DiskFull)
    ));
}

#[test]
fn sec_2_a_wrong_pin_that_cannot_be_recorded_still_costs_time_growing_within_the_process() {
    let mut store = Store::open_in_memory().unwrap();
    let (boss, _, _) = office(&mut store, 0);
    fill_the_disk(&mut store);
    while store
        .sign_in(boss, Some("2468"), now())
        .unwrap()
        .not_recorded
        .is_none()
    {}
    let at = |s: i64| now() + chrono::Duration::seconds(s);
    assert!(matches!(
        store.sign_in(boss, Some("0000"), at(0)),
        Err(StoreError::WrongPin)
    ));
    // Even the right PIN is not compared during the pause.
    assert!(matches!(
        store.sign_in(boss, Some("2468"), at(2)),
        Err(StoreError::PinLocked { seconds: 1, .. })
    ));
    assert!(matches!(
        store.sign_in(boss, Some("0000"), at(3)),
        Err(StoreError::WrongPin)
    ));
    assert!(matches!(
        store.approve(None, boss, "0000", at(8)),
        Err(StoreError::PinLocked { seconds: 1, .. })
    ));
    assert!(matches!(
        store.sign_in(boss, Some("0000"), at(9)),
        Err(StoreError::WrongPin)
    ));
    assert!(matches!(
        store.sign_in(boss, Some("2468"), at(20)),
        Err(StoreError::PinLocked { seconds: 1, .. })
    ));
    let signed = store.sign_in(boss, Some("2468"), at(21)).unwrap();
    assert!(matches!(signed.not_recorded, Some(StoreError::DiskFull)));
}

#[test]
fn sec_2_the_command_line_waits_before_a_pin_check_it_cannot_record() {
    let mut store = Store::open_in_memory().unwrap();
    let (boss, _, _) = office(&mut store, 0);
    fill_the_disk(&mut store);
    while store
        .sign_in(boss, Some("2468"), now())
        .unwrap()
        .not_recorded
        .is_none()
    {}
    store.pace_unrecorded_pins(crate::store::PinPacing::Wait);
    let started = std::time::Instant::now();
    assert!(matches!(
        store.approve(None, boss, "0000", now()),
        Err(StoreError::WrongPin)
    ));
    assert!(started.elapsed() >= std::time::Duration::from_secs(3));
}

#[test]
fn a_sign_in_during_another_desks_write_waits_for_it_and_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let mut a = Store::open(&path).unwrap();
    let (_, clerk, _) = office(&mut a, 0);
    let other = Connection::open(&path).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    a.set_busy_timeout(Duration::from_millis(50)).unwrap();
    // Not let in unrecorded: busy, which the console retries until the other desk is done.
    let err = a.sign_in(clerk, None, now());
    assert!(matches!(err, Err(StoreError::Busy)), "{err:?}");
    other.execute_batch("ROLLBACK").unwrap();
    let signed = a.sign_in(clerk, None, now()).unwrap();
    assert!(signed.not_recorded.is_none());
    let sign_ins = a.audit_trail().unwrap();
    assert_eq!(
        sign_ins
            .iter()
            .filter(|e| e.action == "sign_in" && e.operator == Some(clerk))
            .count(),
        1
    );
}

#[test]
fn a_new_database_on_a_nearly_full_disk_says_the_disk_is_full_not_disk_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let Some(_tmpfs) = mount(&["-t", "tmpfs", "-o", "size=64k", "tmpfs"], dir.path()) else {
        return;
    };
    // Leave a few kilobytes: enough for the file to be created, not for its schema.
    let filler = vec![0u8; 56 * 1024];
    let _ = std::fs::write(dir.path().join("filler"), &filler);
    let err = Store::open(&dir.path().join("desk.db")).err();
    assert!(matches!(err, Some(StoreError::DiskFull)), "{err:?}");
    // Nothing is left behind that the next start, with room, would have to explain.
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.starts_with("desk.db"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn an_existing_database_on_a_full_disk_opens_read_only_and_says_the_disk_is_full() {
    let dir = tempfile::tempdir().unwrap();
    let Some(_tmpfs) = mount(&["-t", "tmpfs", "-o", "size=2m", "tmpfs"], dir.path()) else {
        return;
    };
    let path = dir.path().join("desk.db");
    {
        let mut store = Store::open(&path).unwrap();
        office(&mut store, 1);
    }
    assert!(!dir.path().join("desk.db-shm").exists(), "closed cleanly");
    // Fill every last block.
    let mut filler = std::fs::File::create(dir.path().join("filler")).unwrap();
    while std::io::Write::write_all(&mut filler, &[0u8; 4096]).is_ok() {}
    drop(filler);
    let store = Store::open(&path).unwrap();
    assert!(store.is_read_only());
    assert!(
        store.disk_full_at_open(),
        "the cause is the disk, not the file"
    );
    assert_eq!(store.staff().unwrap().len(), 3);
}

#[test]
fn another_programs_sqlite_file_is_refused_by_name_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("recipes.db");
    Connection::open(&path)
        .unwrap()
        .execute_batch(
            "CREATE TABLE recipe (name TEXT); INSERT INTO recipe VALUES ('红烧肉');
             PRAGMA user_version = 2;",
        )
        .unwrap();
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path).err();
    assert!(
        matches!(&err, Some(StoreError::NotFrontdesk(p)) if *p == path),
        "{err:?}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before, "not a byte changed");
    let journal: String = Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(journal, "delete", "never switched to WAL");
    // An empty file is a new database, as before.
    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    assert!(Store::open(&empty).is_ok());
}

/// Writes a rotation row whose event no longer reads, as a bad edit or a bug would leave it.
fn unreadable_row(store: &mut Store, operator: StaffId) -> crate::domain::rotation::Seq {
    store
        .conn
        .execute(
            "INSERT INTO rotation_events (business_day, at, operator_id, event)
             VALUES ('2026-11-22', '2026-11-22T02:42:00.000Z', ?1, '{\"Teleported\":{}}')",
            [operator],
        )
        .unwrap();
    crate::domain::rotation::Seq(store.conn.last_insert_rowid())
}

#[test]
fn one_unreadable_rotation_row_shows_the_day_up_to_it_and_names_the_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let (boss, clerk, sales, bad) = {
        let mut store = Store::open(&path).unwrap();
        let (boss, clerk, sales) = office(&mut store, 2);
        run(&mut store, clerk, Command::CheckIn(sales[0])).unwrap();
        let bad = unreadable_row(&mut store, clerk);
        (boss, clerk, sales, bad)
    };
    // Every console still starts, and shows the day as far as it can be read.
    let mut store = Store::open(&path).unwrap();
    let read = store.rotation_day(today()).unwrap();
    assert_eq!(read.day.order(), &[sales[0]]);
    let bad_row = read.bad_row.expect("the bad row is named");
    assert_eq!(bad_row.id, bad);
    assert_eq!(
        bad_row.at,
        Some(Utc.with_ymd_and_hms(2026, 11, 22, 2, 42, 0).unwrap())
    );
    assert!(bad_row.detail.starts_with("event: "), "{bad_row:?}");
    // Nothing is decided on a log that cannot be read.
    assert!(matches!(
        run(&mut store, clerk, Command::CheckIn(sales[1])),
        Err(StoreError::RotationLogDamaged(b)) if b.id == bad
    ));
    // A supervisor sets the row aside with a reason; a readable row cannot be.
    assert!(matches!(
        store.rotation_log(today()),
        Err(StoreError::RotationLogDamaged(_))
    ));
    let readable = crate::domain::rotation::Seq(bad.0 - 1);
    let approval = ok(&mut store, boss);
    assert!(matches!(
        store.set_aside_rotation_row(clerk, approval, today(), readable, "x", now()),
        Err(StoreError::RowReadable(_))
    ));
    let approval = ok(&mut store, boss);
    let after = store
        .set_aside_rotation_row(clerk, approval, today(), bad, "手工改坏的行", now())
        .unwrap();
    assert!(after.bad_row.is_none());
    run(&mut store, clerk, Command::CheckIn(sales[1])).unwrap();
    assert_eq!(store.rotation_day(today()).unwrap().day.order().len(), 2);
    let last = store.audit_trail().unwrap().pop().unwrap();
    assert_eq!(last.action, "rotation");
    let set_aside = store
        .audit_trail()
        .unwrap()
        .into_iter()
        .find(|a| a.action == "rotation_set_aside")
        .unwrap();
    assert!(set_aside.detail.contains("Teleported"), "{set_aside:?}");
    assert_eq!(set_aside.approver, Some(boss));
    // The row itself is still there, as evidence.
    let kept: i64 = store
        .conn
        .query_row(
            "SELECT count(*) FROM rotation_events WHERE id = ?1",
            [bad],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kept, 1);
}

#[test]
fn reg_4_replace_into_cannot_rewrite_audit_or_rotation_rows() {
    let mut store = Store::open_in_memory().unwrap();
    let (_, clerk, sales) = office(&mut store, 1);
    run(&mut store, clerk, Command::CheckIn(sales[0])).unwrap();
    let bad = unreadable_row(&mut store, clerk);
    let approval = ok(&mut store, StaffId(1));
    store
        .set_aside_rotation_row(clerk, approval, today(), bad, "坏行", now())
        .unwrap();
    for sql in [
        "REPLACE INTO audit (id, at, action, detail) VALUES (1, 'x', 'forged', 'x')",
        "INSERT OR REPLACE INTO audit (id, at, action, detail) VALUES (1, 'x', 'forged', 'x')",
        "REPLACE INTO rotation_events (id, business_day, at, operator_id, event)
         VALUES (1, '2026-11-22', 'x', 1, '{}')",
        "INSERT OR REPLACE INTO rotation_events (id, business_day, at, operator_id, event)
         VALUES (1, '2026-11-22', 'x', 1, '{}')",
        "REPLACE INTO rotation_set_aside (event_id, at, operator_id, approver_id, reason)
         VALUES (2, 'x', 1, 1, 'forged')",
    ] {
        let err = store.conn.execute(sql, []).unwrap_err();
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
    let first = &store.audit_trail().unwrap()[0];
    assert_eq!(first.action, "set_up_office");
}

#[test]
fn a_database_file_deleted_or_moved_while_a_console_runs_refuses_writes_and_says_so() {
    for moved in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("desk.db");
        let mut store = Store::open(&path).unwrap();
        let (_, clerk, sales) = office(&mut store, 1);
        if moved {
            std::fs::rename(&path, dir.path().join("elsewhere.db")).unwrap();
        } else {
            std::fs::remove_file(&path).unwrap();
        }
        let err = run(&mut store, clerk, Command::CheckIn(sales[0]));
        assert!(
            matches!(&err, Err(StoreError::FileGone(p)) if *p == path),
            "moved={moved}: {err:?}"
        );
        assert!(matches!(store.data_version(), Err(StoreError::FileGone(_))));
    }
}

#[test]
fn a_parent_path_that_is_a_regular_file_is_named_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notes.txt");
    std::fs::write(&file, "shopping").unwrap();
    let err = Store::open(&file.join("desk").join("desk.db")).err();
    assert!(
        matches!(&err, Some(StoreError::ParentNotDirectory(p)) if *p == file),
        "{err:?}"
    );
    let err = Store::open(&file.join("desk.db")).err();
    assert!(matches!(&err, Some(StoreError::ParentNotDirectory(p)) if *p == file));
}

#[test]
fn two_desks_starting_a_new_build_at_once_both_open_the_new_file() {
    for _ in 0..10 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("desk.db");
        let desks = 3;
        let barrier = Arc::new(Barrier::new(desks));
        let handles: Vec<_> = (0..desks)
            .map(|_| {
                let path = path.clone();
                let barrier = Arc::clone(&barrier);
                std::thread::spawn(move || {
                    barrier.wait();
                    Store::open(&path).map(|_| ())
                })
            })
            .collect();
        for h in handles {
            let opened = h.join().unwrap();
            assert!(opened.is_ok(), "{opened:?}");
        }
    }
}

#[test]
fn sec_2_anyone_may_have_a_pin_and_then_signs_in_with_it() {
    let mut store = Store::open_in_memory().unwrap();
    let (boss, _, _) = office(&mut store, 0);
    let pin = Some(("8642", "8642"));
    let approval = ok(&mut store, boss);
    let clerk = store
        .add_staff(boss, approval, "小王", Role::Clerk, pin, now())
        .unwrap();
    assert!(matches!(
        store.sign_in(clerk, Some(""), now()),
        Err(StoreError::PinRequired)
    ));
    assert_eq!(
        store.sign_in(clerk, Some("8642"), now()).unwrap().staff.id,
        clerk
    );
    // A clerk's PIN approves nothing: approvals are a supervisor's.
    assert!(matches!(
        store.approve(None, clerk, "8642", now()),
        Err(StoreError::NotSupervisor)
    ));
}

#[test]
fn sec_2_an_empty_pin_is_asked_for_never_counted_toward_the_lockout_nor_audited() {
    let mut store = Store::open_in_memory().unwrap();
    let (boss, _, _) = office(&mut store, 0);
    let before = store.audit_trail().unwrap().len();
    for _ in 0..6 {
        assert!(matches!(
            store.sign_in(boss, None, now()),
            Err(StoreError::PinRequired)
        ));
        assert!(matches!(
            store.sign_in(boss, Some(""), now()),
            Err(StoreError::PinRequired)
        ));
    }
    assert_eq!(
        store.audit_trail().unwrap().len(),
        before,
        "nothing audited"
    );
    assert!(
        store.sign_in(boss, Some("2468"), now()).is_ok(),
        "twelve empty PINs locked nothing"
    );
}

#[test]
fn sec_2_with_a_pin_for_everyone_clerks_need_one_to_be_added_and_to_sign_in() {
    let mut store = Store::open_in_memory().unwrap();
    let (boss, clerk, _) = office(&mut store, 0);
    let everyone = OfficeSettings::default().with_pin_for_everyone(true);
    let approval = ok(&mut store, boss);
    store
        .set_office_settings(boss, approval, &everyone, now())
        .unwrap();
    assert!(store.office_settings().unwrap().pin_for_everyone());
    let approval = ok(&mut store, boss);
    assert!(matches!(
        store.add_staff(boss, approval, "小张", Role::Clerk, None, now()),
        Err(StoreError::Pin(crate::domain::staff::PinError::Shape))
    ));
    // A clerk added before the change has none yet: a supervisor sets it.
    assert!(matches!(
        store.sign_in(clerk, None, now()),
        Err(StoreError::PinNotSet(id)) if id == clerk
    ));
    let approval = PinAuthority::Supervisor(ok(&mut store, boss));
    store
        .set_pin(boss, approval, clerk, "1928", "1928", now())
        .unwrap();
    assert!(store.sign_in(clerk, Some("1928"), now()).is_ok());
    let last = store
        .audit_trail()
        .unwrap()
        .into_iter()
        .find(|a| a.action == "set_pin")
        .unwrap();
    assert_eq!(
        (last.operator, last.approver, last.subject),
        (Some(boss), Some(boss), Some(clerk))
    );
    assert!(!last.detail.contains("1928"), "a PIN is never recorded");
}

#[test]
fn sec_2_a_person_changes_their_own_pin_with_their_current_one_only() {
    let mut store = Store::open_in_memory().unwrap();
    let (boss, clerk, _) = office(&mut store, 0);
    // First PIN of a clerk who has none: their own act, signed in.
    store
        .set_pin(
            clerk,
            PinAuthority::OwnPin(""),
            clerk,
            "5555",
            "5555",
            now(),
        )
        .unwrap();
    assert!(matches!(
        store.set_pin(
            clerk,
            PinAuthority::OwnPin("0000"),
            clerk,
            "6666",
            "6666",
            now()
        ),
        Err(StoreError::WrongPin)
    ));
    assert!(matches!(
        store.set_pin(
            clerk,
            PinAuthority::OwnPin("2468"),
            boss,
            "6666",
            "6666",
            now()
        ),
        Err(StoreError::NotSupervisor)
    ));
    store
        .set_pin(
            clerk,
            PinAuthority::OwnPin("5555"),
            clerk,
            "6666",
            "6666",
            now(),
        )
        .unwrap();
    assert!(store.sign_in(clerk, Some("6666"), now()).is_ok());
}

#[test]
fn sec_2_wrong_pins_lock_a_person_at_every_desk_and_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let mut a = Store::open(&path).unwrap();
    let mut b = Store::open(&path).unwrap();
    let (boss, clerk, _) = office(&mut a, 0);
    for _ in 0..5 {
        assert!(matches!(
            a.approve(Some(clerk), boss, "0000", now()),
            Err(StoreError::WrongPin)
        ));
    }
    // The right PIN at another desk is not even checked while locked.
    assert!(matches!(
        b.approve(None, boss, "2468", now()),
        Err(StoreError::PinLocked { seconds: 60, .. })
    ));
    drop(a);
    let mut a = Store::open(&path).unwrap();
    assert!(matches!(
        a.sign_in(boss, Some("2468"), now() + chrono::Duration::seconds(30)),
        Err(StoreError::PinLocked { .. })
    ));
    // Someone who needs no PIN is never held up by another's lock.
    assert!(a.sign_in(clerk, None, now()).is_ok());
    let wrong: Vec<AuditEntry> = a
        .audit_trail()
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "wrong_pin")
        .collect();
    assert_eq!(wrong.len(), 5);
    assert!(
        wrong
            .iter()
            .all(|e| e.operator == Some(clerk) && e.subject == Some(boss))
    );
    // After the minute, one more wrong PIN locks for two; a right one clears the count.
    let later = now() + chrono::Duration::seconds(60);
    assert!(matches!(
        a.approve(None, boss, "0000", later),
        Err(StoreError::WrongPin)
    ));
    assert!(matches!(
        a.approve(None, boss, "2468", later + chrono::Duration::seconds(119)),
        Err(StoreError::PinLocked { seconds: 1, .. })
    ));
    let much_later = later + chrono::Duration::seconds(120);
    a.approve(None, boss, "2468", much_later).unwrap();
    assert!(matches!(
        a.approve(None, boss, "0000", much_later),
        Err(StoreError::WrongPin)
    ));
    a.approve(None, boss, "2468", much_later).unwrap();
}

// ---- Hash chains (issue 8 §2) ----

/// An office with a morning's rotation and one set-aside row: every chained table has rows.
fn chained_office() -> (Store, StaffId) {
    let mut store = Store::open_in_memory().unwrap();
    let (boss, clerk, sales) = office(&mut store, 3);
    for s in &sales {
        run(&mut store, clerk, Command::CheckIn(*s)).unwrap();
    }
    run(&mut store, clerk, Command::WalkIn).unwrap();
    let bad = unreadable_row(&mut store, clerk);
    // The raw row above was written behind the console's back: chain it as the console
    // would have, so the office starts intact.
    chain::append(&store.conn, &chain::ROTATION_EVENTS, bad.0).unwrap();
    let approval = ok(&mut store, boss);
    store
        .set_aside_rotation_row(clerk, approval, today(), bad, "坏行", now())
        .unwrap();
    run(&mut store, clerk, Command::WalkIn).unwrap();
    register::tests::a_visit_a_call_and_a_correction(&mut store, clerk, sales[0]);
    lobby::tests::a_lobby_visit_an_exit_and_a_correction(&mut store, boss, clerk);
    complaint::tests::a_complaint_step_and_a_repair_step(&mut store, clerk);
    (store, clerk)
}

pub(super) fn sql(store: &mut Store, sql: &str) {
    store.conn.execute_batch(sql).unwrap();
}

/// The first break `verify_all` finds, as (table, row, kind).
pub(crate) fn broken(store: &mut Store) -> (&'static str, i64, BreakKind) {
    let b = store.verify_all().unwrap().expect("verify finds it");
    (b.table, b.row_id, b.kind)
}

#[test]
fn reg_4_an_untouched_office_verifies_and_its_heads_are_its_last_rows() {
    let (store, _) = chained_office();
    assert_eq!(store.verify_all().unwrap(), None);
    let heads = store.chain_heads().unwrap();
    for head in &heads {
        let (count, max): (i64, Option<i64>) = store
            .conn
            .query_row(
                &format!("SELECT count(*), max(rowid) FROM {}", head.table),
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(head.length, count, "{head:?}");
        // A table nothing was written to yet has no head.
        assert_eq!(head.last.map(|l| l.row_id), max, "{head:?}");
        if count > 0 {
            assert_eq!(head.short().len(), chain::SHORT_HEX);
        }
    }
    assert_eq!(heads.len(), chain::CHAINS.len());
}

#[test]
fn reg_4_a_row_edited_behind_the_consoles_back_is_found_by_verify() {
    let (mut store, _) = chained_office();
    sql(
        &mut store,
        "DROP TRIGGER audit_no_update; UPDATE audit SET detail = 'nothing' WHERE id = 3;",
    );
    let b = store.verify_all().unwrap().unwrap();
    assert_eq!(
        (b.table, b.row_id, b.kind),
        ("audit", 3, BreakKind::Altered)
    );
    assert_eq!(b.at, Some(now()), "the line says when the row was written");
    // Even a change of storage class alone ('1' for 1) is a change.
    let (mut store, _) = chained_office();
    sql(
        &mut store,
        "DROP TRIGGER rotation_events_no_update;
         UPDATE rotation_events SET operator_id = operator_id + 1 WHERE id = 2;",
    );
    assert_eq!(
        broken(&mut store),
        ("rotation_events", 2, BreakKind::Altered)
    );
}

#[test]
fn reg_4_a_row_replaced_with_the_triggers_dropped_is_found_by_verify() {
    let (mut store, _) = chained_office();
    sql(
        &mut store,
        "DROP TRIGGER rotation_events_no_replace;
         INSERT OR REPLACE INTO rotation_events (id, business_day, at, operator_id, event)
         VALUES (2, '2026-11-22', '2026-11-22T02:00:00.000Z', 1, '{}');",
    );
    assert_eq!(
        broken(&mut store),
        ("rotation_events", 2, BreakKind::Altered)
    );
    let (mut store, _) = chained_office();
    sql(
        &mut store,
        "DROP TRIGGER rotation_set_aside_no_replace;
         REPLACE INTO rotation_set_aside (event_id, at, operator_id, approver_id, reason)
         SELECT event_id, at, operator_id, approver_id, 'forged' FROM rotation_set_aside;",
    );
    let (table, _, kind) = broken(&mut store);
    assert_eq!((table, kind), ("rotation_set_aside", BreakKind::Altered));
}

#[test]
fn reg_4_a_row_deleted_from_the_middle_is_found_by_verify() {
    let (mut store, _) = chained_office();
    sql(
        &mut store,
        "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 4;",
    );
    let b = store.verify_all().unwrap().unwrap();
    assert_eq!(
        (b.table, b.row_id, b.kind),
        ("audit", 4, BreakKind::Missing)
    );
    assert_eq!(b.at, None, "a deleted row cannot say when it was written");
    // Deleting its link as well breaks the chain at the next row.
    let (mut store, _) = chained_office();
    sql(
        &mut store,
        "DROP TRIGGER audit_no_delete; DROP TRIGGER chain_no_delete;
         DELETE FROM audit WHERE id = 4; DELETE FROM chain WHERE tbl = 'audit' AND row_id = 4;",
    );
    assert_eq!(broken(&mut store), ("audit", 5, BreakKind::Relinked));
}

#[test]
fn reg_4_a_row_slipped_in_behind_the_consoles_back_is_found_by_verify() {
    let (mut store, clerk) = chained_office();
    let slipped = unreadable_row(&mut store, clerk);
    assert_eq!(
        broken(&mut store),
        ("rotation_events", slipped.0, BreakKind::Unchained)
    );
}

#[test]
fn reg_4_the_hash_chain_itself_cannot_be_changed_deleted_or_replaced() {
    let (store, _) = chained_office();
    for sql in [
        "UPDATE chain SET hash = zeroblob(32)",
        "DELETE FROM chain",
        "INSERT OR REPLACE INTO chain (tbl, pos, row_id, prev, hash)
         VALUES ('audit', 1, 1, zeroblob(32), zeroblob(32))",
        "INSERT OR REPLACE INTO chain (tbl, pos, row_id, prev, hash)
         VALUES ('audit', 999, 1, zeroblob(32), zeroblob(32))",
    ] {
        let err = store.conn.execute(sql, []).unwrap_err();
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
    assert_eq!(store.verify_all().unwrap(), None);
}

/// Recomputes `chain`'s links from position `from` to its head with the chain's own hashing,
/// as whoever holds the file can: the links then follow one another again.
pub(crate) fn recompute_links(store: &mut Store, chain: &chain::Chained, from: i64) {
    let rows: Vec<i64> = store
        .conn
        .prepare("SELECT row_id FROM chain WHERE tbl = ?1 AND pos >= ?2 ORDER BY pos")
        .unwrap()
        .query_map(params![chain.table, from], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    store
        .conn
        .execute_batch("DROP TRIGGER IF EXISTS chain_no_delete;")
        .unwrap();
    store
        .conn
        .execute(
            "DELETE FROM chain WHERE tbl = ?1 AND pos >= ?2",
            params![chain.table, from],
        )
        .unwrap();
    for row in rows {
        chain::append(&store.conn, chain, row).unwrap();
    }
}

/// The verified point of `table` as stored: (pos, hash, verified_at).
pub(crate) fn verified(store: &mut Store, table: &str) -> Option<(i64, Vec<u8>, String)> {
    store
        .conn
        .query_row(
            "SELECT pos, hash, verified_at FROM chain_verified WHERE tbl = ?1",
            [table],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()
        .unwrap()
}

#[test]
fn reg_4_a_chain_recomputed_from_a_middle_row_over_a_verified_point_is_named_and_the_point_stays() {
    let (mut store, _) = chained_office();
    let first = now();
    assert_eq!(chain::check_and_keep(&store.conn, first).unwrap(), []);
    let point = verified(&mut store, "audit").expect("the check verified the audit trail");
    assert!(point.0 > 5, "{point:?}");
    // Row 3 changed and every link from it on recomputed: walked from the start, every link
    // follows the one before it and every row hashes to its link.
    sql(
        &mut store,
        "DROP TRIGGER audit_no_update; UPDATE audit SET detail = 'nothing happened' WHERE id = 3;",
    );
    recompute_links(&mut store, &chain::AUDIT, 3);
    assert!(chain::walk(&store.conn, &chain::AUDIT).unwrap().is_ok());
    let later = first + chrono::Duration::hours(1);
    let breaks = chain::check_and_keep(&store.conn, later).unwrap();
    let expected = ChainBreak {
        table: "audit",
        row_id: point.0,
        at: Some(now()),
        kind: BreakKind::Rewritten {
            pos: point.0,
            verified_at: first,
        },
    };
    assert_eq!(breaks, std::slice::from_ref(&expected));
    // The point did not move over the rewrite: the next check says it again.
    assert_eq!(verified(&mut store, "audit"), Some(point));
    assert_eq!(
        chain::check_and_keep(&store.conn, later).unwrap(),
        [expected]
    );
    assert_eq!(store.verify_all().unwrap().map(|b| b.table), Some("audit"));
}

#[test]
fn reg_4_the_whole_check_names_each_broken_chain_and_moves_only_the_intact_chains_points() {
    let (mut store, clerk) = chained_office();
    assert_eq!(chain::check_and_keep(&store.conn, now()).unwrap(), []);
    // An edit before the verified point, and rows appended after it.
    sql(
        &mut store,
        "DROP TRIGGER audit_no_update; UPDATE audit SET detail = 'x' WHERE id = 1;",
    );
    let audit_point = verified(&mut store, "audit");
    run(&mut store, clerk, Command::WalkIn).unwrap();
    let later = now() + chrono::Duration::hours(1);
    let breaks = chain::check_and_keep(&store.conn, later).unwrap();
    let found: Vec<_> = breaks.iter().map(|b| (b.table, b.row_id, b.kind)).collect();
    assert_eq!(found, [("audit", 1, BreakKind::Altered)]);
    assert_eq!(
        verified(&mut store, "audit"),
        audit_point,
        "a broken chain's point stays"
    );
    // A second failure of another kind in the same chain is named beside the first: the
    // first, once acknowledged, never hides it.
    let pos = audit_point.as_ref().unwrap().0;
    sql(
        &mut store,
        &format!(
            "DROP TRIGGER chain_no_update;
             UPDATE chain SET hash = zeroblob(32) WHERE tbl = 'audit' AND pos = {pos};"
        ),
    );
    let kinds: Vec<_> = chain::check_and_keep(&store.conn, later)
        .unwrap()
        .iter()
        .map(|b| b.kind)
        .collect();
    assert_eq!(
        kinds,
        [
            BreakKind::Rewritten {
                pos,
                verified_at: now()
            },
            BreakKind::Altered
        ]
    );
    let rotation = store.chain_heads().unwrap()[0].clone();
    assert_eq!(
        verified(&mut store, "rotation_events").map(|p| p.0),
        Some(rotation.length),
        "an intact chain's point moves to its head"
    );
    // A link at the verified point deleted: the chain no longer reaches what was verified.
    let (mut store, _) = chained_office();
    chain::check_and_keep(&store.conn, now()).unwrap();
    let last = verified(&mut store, "lobby_visits").unwrap().0;
    sql(
        &mut store,
        &format!(
            "DROP TRIGGER chain_no_delete;
             DELETE FROM chain WHERE tbl = 'lobby_visits' AND pos = {last};"
        ),
    );
    let (table, _, kind) = broken(&mut store);
    assert_eq!(table, "lobby_visits");
    assert!(
        matches!(kind, BreakKind::Rewritten { pos, .. } if pos == last),
        "{kind:?}"
    );
}

#[test]
fn reg_4_the_canonical_bytes_of_a_row_never_change() {
    // Computed apart from this code (Python hashlib) from the format in chain.rs: SHA-256 of
    // 32 zero bytes, "frontdesk-chain-v1\0", TEXT "audit", INTEGER 1, TEXT at, three NULLs,
    // TEXT "golden", TEXT "王芳".
    let mut store = Store::open_in_memory().unwrap();
    store
        .write(|tx| audit(tx, now(), None, None, "golden", "王芳"))
        .unwrap();
    let head = store.chain_heads().unwrap().pop().unwrap();
    assert_eq!(head.table, "audit");
    assert_eq!(
        chain::hex(&head.last.unwrap().hash),
        "65b82eed850891e009eec71c321a33802ff59e6d3a81492d25b688e4d59fde7c"
    );
    assert_eq!(head.short(), "65b82eed8508");
}

#[test]
fn reg_4_a_database_from_before_the_chains_is_chained_once_at_upgrade_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let mut conn = Connection::open(&path).unwrap();
        Migrations::new(migration_list().into_iter().take(3).collect())
            .to_latest(&mut conn)
            .unwrap();
        conn.execute_batch(
            "INSERT INTO staff (id, name, role, created_at) VALUES (1, '王芳', 'salesperson', 'x');
             INSERT INTO audit (at, action, detail) VALUES ('2026-11-21T01:00:00.000Z', 'a', '1');
             INSERT INTO audit (at, action, detail) VALUES ('2026-11-21T02:00:00.000Z', 'b', '2');
             INSERT INTO rotation_events (business_day, at, operator_id, event)
             VALUES ('2026-11-21', '2026-11-21T01:00:00.000Z', 1, '{}');",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.verify_all().unwrap(), None);
    let trail = store.audit_trail().unwrap();
    let genesis = trail.last().unwrap();
    assert_eq!(genesis.action, "chain_genesis");
    assert!(
        genesis.detail.contains("audit: 2 rows") && genesis.detail.contains("rotation_events: 1"),
        "{genesis:?}"
    );
    let lengths: Vec<i64> = store
        .chain_heads()
        .unwrap()
        .iter()
        .map(|h| h.length)
        .collect();
    assert_eq!(
        lengths,
        [
            1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3
        ],
        "rotation_events, set-asides, the registers, rulings, referrals and redistributions, \
         the lobby log, the complaints and repairs, the handover and the deals (new), audit \
         with genesis"
    );
    drop(store);
    // Opened again, nothing is chained twice.
    let store = Store::open(&path).unwrap();
    assert_eq!(store.audit_trail().unwrap().len(), 3);
    assert_eq!(store.verify_all().unwrap(), None);
}

#[test]
fn reg_4_the_newest_row_deleted_behind_the_consoles_back_is_reported_and_the_desk_writes_on() {
    let (mut store, clerk) = chained_office();
    let newest: i64 = store
        .conn
        .query_row("SELECT max(id) FROM rotation_events", [], |r| r.get(0))
        .unwrap();
    sql(
        &mut store,
        &format!(
            "DROP TRIGGER rotation_events_no_delete; DELETE FROM rotation_events WHERE id = {newest};"
        ),
    );
    // Its id is never handed out again, so the chain takes the next turn as usual...
    run(&mut store, clerk, Command::WalkIn).unwrap();
    // ...and the deletion is still named.
    assert_eq!(
        broken(&mut store),
        ("rotation_events", newest, BreakKind::Missing)
    );
}

#[test]
fn the_whole_check_counts_its_way_through_every_chains_links_and_ends_at_all_of_them() {
    let mut store = Store::open_in_memory().unwrap();
    let now = Utc::now();
    crate::demo::populate(&mut store, &OfficeSettings::default(), now).unwrap();
    let mut said = Vec::new();
    let checked = chain::check_all_counting(&store.conn, &mut |w| said.push(w)).unwrap();
    assert!(checked.breaks.is_empty());
    let total: u64 = store
        .chain_heads()
        .unwrap()
        .iter()
        .map(|h| h.length as u64)
        .sum();
    assert!(
        total > chain::CHAINS.len() as u64,
        "the demo fills the chains"
    );
    assert!(said.iter().all(|w| w.of == total), "{said:?}");
    assert!(
        said.windows(2).all(|w| w[0].links <= w[1].links),
        "never backwards: {said:?}"
    );
    assert_eq!(said.last().map(|w| w.links), Some(total));
    assert!(said.len() >= chain::CHAINS.len(), "at least a word a chain");
}

#[test]
fn a_file_from_an_older_version_needs_an_upgrade_and_one_up_to_date_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    assert!(
        !Store::needs_upgrade(&path),
        "no file yet: nothing to upgrade"
    );
    drop(Store::open(&path).unwrap());
    assert!(!Store::needs_upgrade(&path));
    // As the build before the latest migration left it (only the version is read).
    let conn = rusqlite::Connection::open(&path).unwrap();
    let latest: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    conn.pragma_update(None, "user_version", latest - 1)
        .unwrap();
    drop(conn);
    assert!(Store::needs_upgrade(&path));
    std::fs::write(&path, b"not a database").unwrap();
    assert!(!Store::needs_upgrade(&path), "opening says what is wrong");
}

/// Issue 18: an import holds the write lock for minutes; a desk's write says so at once,
/// with how far it is, instead of waiting for the lock and failing.
#[test]
fn a_desk_writing_while_an_import_runs_is_refused_at_once_with_the_imports_progress() {
    use super::import_marker::{ImportProgress, leave_note, marker_path};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let mut a = Store::open(&path).unwrap();
    let (_, clerk, sales) = office(&mut a, 1);
    // The import's transaction, and its note (another running process: the test's parent).
    let import = Connection::open(&path).unwrap();
    import.execute_batch("BEGIN IMMEDIATE").unwrap();
    // The note keeps whole seconds.
    let second = DateTime::from_timestamp(Utc::now().timestamp(), 0).unwrap();
    let progress = ImportProgress {
        pid: std::os::unix::process::parent_id(),
        started: second,
        updated: second,
        done: 450_000,
        total: 1_000_000,
    };
    leave_note(&path, &progress);
    let asked = std::time::Instant::now();
    let err = run(&mut a, clerk, Command::CheckIn(sales[0]));
    assert!(
        asked.elapsed() < Duration::from_secs(1),
        "answered at once, not after the {BUSY_TIMEOUT:?} busy wait"
    );
    match err {
        Err(StoreError::ImportRunning(p)) => assert_eq!(p, progress),
        other => panic!("{other:?}"),
    }
    assert_eq!(a.running_import(), Some(progress));
    // The import ends: its note goes, its lock is let go, and the desk's write goes through.
    std::fs::remove_file(marker_path(&path)).unwrap();
    import.execute_batch("ROLLBACK").unwrap();
    assert_eq!(a.running_import(), None);
    run(&mut a, clerk, Command::CheckIn(sales[0])).unwrap();
}

/// Litestream (issue 19 §2) keeps a read transaction open on the file it replicates so that
/// the WAL starts over only when it says so, and asks for a busy timeout in every program on
/// the file. The desk waits five seconds for a lock and checkpoints only passively, so its
/// writes go on while that reader holds the WAL, and the reader's view stays whole.
#[test]
fn a_reader_holding_the_wal_as_litestream_does_neither_stops_the_desk_nor_loses_its_view() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let mut store = Store::open(&path).unwrap();
    let (_, clerk, sales) = office(&mut store, 1);
    let pragma = |store: &Store, name: &str| -> i64 {
        store
            .conn
            .query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(
        pragma(&store, "busy_timeout"),
        5000,
        "Litestream's five seconds"
    );
    assert_eq!(
        pragma(&store, "wal_autocheckpoint"),
        WAL_AUTOCHECKPOINT_PAGES
    );
    let page = pragma(&store, "page_size");

    let litestream = Connection::open(&path).unwrap();
    litestream.execute_batch("BEGIN").unwrap();
    let events = |conn: &Connection| -> i64 {
        conn.query_row("SELECT count(*) FROM rotation_events", [], |r| r.get(0))
            .unwrap()
    };
    let seen = events(&litestream);
    // A checkpoint that waited for the reader would now fail the write as busy.
    store.set_busy_timeout(Duration::from_millis(50)).unwrap();
    let wal = dir.path().join("desk.db-wal");
    let mut writes = 0;
    // Until the WAL has passed the point where SQLite checkpoints after each commit.
    while std::fs::metadata(&wal).unwrap().len()
        < (WAL_AUTOCHECKPOINT_PAGES + 200) as u64 * page as u64
    {
        let command = if writes % 2 == 0 {
            Command::CheckIn(sales[0])
        } else {
            Command::CheckOut(sales[0])
        };
        run(&mut store, clerk, command).unwrap();
        writes += 1;
    }
    assert_eq!(
        events(&litestream),
        seen,
        "the reader's view is as it began"
    );
    litestream.execute_batch("COMMIT").unwrap();
    assert_eq!(
        events(&litestream),
        seen + writes,
        "and every write is there after it"
    );
}
