//! Store tests of the lobby desk: the directory and its picker (REG-11), the visitor log in
//! and out, inside now, the evacuation list, the chain and the triggers.

use chrono::Duration;

use super::*;
use crate::domain::lobby::{LobbyVisitForm, OccupantForm, validate_lobby_visit, validate_occupant};
use crate::domain::settings::{DeskKinds, OfficeSettings};
use crate::store::BreakKind;
use crate::store::tests::{broken, now, office, sql};

fn occupant(b: &str, u: &str, r: &str, name: &str, phones: &str) -> Occupant {
    validate_occupant(&OccupantForm {
        building: b.into(),
        unit: u.into(),
        room: r.into(),
        name: name.into(),
        phones: phones.into(),
        kind: String::new(),
    })
    .unwrap()
}

/// An office with a small directory: (supervisor, clerk, [王芳 3-2-1203, 蓝海科技 A座 801,
/// 李娜 3-2-1204]).
pub(super) fn lobby() -> (Store, StaffId, StaffId, Vec<OccupantId>) {
    let mut store = Store::open_in_memory().unwrap();
    let (boss, clerk, _) = office(&mut store, 0);
    let approval = store.approve(None, boss, "2468", now()).unwrap();
    let ids = [
        occupant("3号楼", "2单元", "1203", "王芳", "13800138000"),
        occupant("A座", "", "801", "蓝海科技有限公司", "021-62345678"),
        occupant("3号楼", "2单元", "1204", "李娜", ""),
    ]
    .iter()
    .map(|o| store.add_occupant(boss, approval, o, now()).unwrap())
    .collect();
    (store, boss, clerk, ids)
}

/// One row in each of the lobby log's chains, for the chain tests of the whole store.
pub(crate) fn a_lobby_visit_an_exit_and_a_correction(
    store: &mut Store,
    boss: StaffId,
    clerk: StaffId,
) {
    let approval = store.approve(None, boss, "2468", now()).unwrap();
    let host = store
        .add_occupant(
            boss,
            approval,
            &occupant("A座", "", "801", "蓝海科技", ""),
            now(),
        )
        .unwrap();
    let id = store
        .visitor_in(clerk, &visit("张", host, "1"), now())
        .unwrap();
    let correction = LobbyCorrection {
        party: Some(2),
        ..LobbyCorrection::default()
    };
    store
        .correct_lobby_visit(clerk, id, &correction, "两人同行", now())
        .unwrap();
    store.visitor_out(clerk, Leaving::Visit(id), now()).unwrap();
    // And the parcel log's three chains: a parcel taken in, corrected and collected.
    let parcel = super::parcel_tests::parcel("顺丰", host);
    let parcel = store.take_in_parcel(clerk, &parcel, now()).unwrap();
    let shelf = crate::domain::lobby::parcel::ParcelCorrection {
        shelf: Some("B-1".into()),
        ..Default::default()
    };
    store
        .correct_parcel(clerk, parcel, &shelf, "放在 B 架", now())
        .unwrap();
    store
        .collect_parcel(clerk, parcel, "张先生", now())
        .unwrap();
}

fn visit(name: &str, host: OccupantId, badge: &str) -> LobbyVisit {
    validate_lobby_visit(&LobbyVisitForm {
        name: name.into(),
        host: Some(host),
        purpose: "拜访".into(),
        party: "1".into(),
        badge: badge.into(),
        plate: String::new(),
    })
    .unwrap()
}

fn refused<T: std::fmt::Debug>(r: Result<T>) -> LobbyRefusal {
    match r {
        Err(LobbyError::Refused(refusal)) => refusal,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn reg_11_a_visitor_is_told_the_room_only() {
    let (store, _, _, ids) = lobby();
    let hosts = store.occupants_matching("王芳", 10).unwrap();
    assert_eq!(hosts.len(), 1);
    assert_eq!(hosts[0].id, ids[0]);
    let told = hosts[0].told_to_visitor();
    assert_eq!(told, "3号楼 2单元 1203");
    assert!(!told.contains("王") && !told.contains("138"));
    // The picker's rows carry no phones at all; the directory entry does.
    let record = store.occupant(ids[0]).unwrap().unwrap();
    assert_eq!(record.occupant.phones[0].as_str(), "13800138000");
}

#[test]
fn the_picker_finds_by_name_pinyin_initials_and_room() {
    let (store, _, _, ids) = lobby();
    let found = |q: &str| -> Vec<OccupantId> {
        store
            .occupants_matching(q, 10)
            .unwrap()
            .iter()
            .map(|h| h.id)
            .collect()
    };
    assert_eq!(found("蓝海"), [ids[1]]);
    assert_eq!(found("wf"), [ids[0]]);
    assert_eq!(found("LN"), [ids[2]]);
    // An exact room first, then the rooms it begins.
    assert_eq!(found("1204"), [ids[2]]);
    assert_eq!(found("120"), [ids[0], ids[2]]);
    assert_eq!(found("３号楼1203"), [ids[0]]);
    assert_eq!(found("%"), Vec::<OccupantId>::new());
    assert_eq!(found("").len(), 3);
    assert_eq!(store.occupants_matching("", 2).unwrap().len(), 2);
}

#[test]
fn a_supervisor_edits_the_directory_and_the_audit_says_what_changed() {
    let (mut store, boss, clerk, ids) = lobby();
    let approval = store.approve(None, boss, "2468", now()).unwrap();
    let moved = occupant("3号楼", "2单元", "1203", "王芳", "13900139000");
    store
        .update_occupant(clerk, approval, ids[0], &moved, false, now())
        .unwrap();
    let record = store.occupant(ids[0]).unwrap().unwrap();
    assert!(!record.active);
    assert_eq!(record.occupant.phones[0].as_str(), "13900139000");
    let audit = store.audit_trail().unwrap().pop().unwrap();
    assert_eq!(audit.action, "update_occupant");
    assert_eq!(audit.approver, Some(boss));
    assert!(audit.detail.contains("phones") && audit.detail.contains("active: true → false"));
    // Moved out: no longer in the picker, and nobody can be logged in to them.
    assert!(store.occupants_matching("王芳", 10).unwrap().is_empty());
    assert_eq!(
        refused(store.visitor_in(clerk, &visit("张", ids[0], ""), now())),
        LobbyRefusal::MovedOut(ids[0])
    );
    assert_eq!(
        refused(store.update_occupant(clerk, approval, OccupantId(99), &moved, true, now())),
        LobbyRefusal::NoSuchOccupant(OccupantId(99))
    );
}

#[test]
fn importing_the_same_units_twice_changes_nothing_the_second_time() {
    let (mut store, boss, _, _) = lobby();
    let approval = store.approve(None, boss, "2468", now()).unwrap();
    let rows = [
        ImportedUnit::Occupied(occupant("5号楼", "1单元", "101", "赵强", "13700137000")),
        ImportedUnit::Occupied(occupant("5号楼", "1单元", "101", "赵丽", "")),
        ImportedUnit::Vacant(UnitAddress::parse("5号楼", "1单元", "102").unwrap()),
        ImportedUnit::Occupied(occupant("3号楼", "2单元", "1203", "王芳", "13800138000")),
    ];
    let first = store
        .import_units(approval, &rows, "units.csv", 1, now())
        .unwrap();
    assert_eq!(
        first,
        UnitsImported {
            units_added: 2,
            occupants_added: 2,
            occupants_updated: 1
        }
    );
    let second = store
        .import_units(approval, &rows, "units.csv", 0, now())
        .unwrap();
    assert_eq!(second.units_added + second.occupants_added, 0);
    assert_eq!(store.directory_size().unwrap(), (5, 5));
    let audit = store.audit_trail().unwrap().pop().unwrap();
    assert_eq!(audit.action, "import_units");
    assert!(audit.detail.contains("units.csv"));
}

#[test]
fn reg_11_arrival_and_departure_are_recorded() {
    let (mut store, _, clerk, ids) = lobby();
    let id = store
        .visitor_in(clerk, &visit("张先生", ids[1], "A-01"), now())
        .unwrap();
    let inside = store.inside_now(now() + Duration::minutes(25)).unwrap();
    assert_eq!(inside.len(), 1);
    assert_eq!(inside[0].visit, id);
    assert_eq!(inside[0].inside_for, Duration::minutes(25));
    assert_eq!(inside[0].host_room.to_string(), "A座 801");
    assert_eq!(inside[0].badge.as_deref(), Some("A-01"));
    let out = store
        .visitor_out(clerk, Leaving::Badge("a-01"), now() + Duration::minutes(30))
        .unwrap();
    assert_eq!(out, id);
    assert!(store.inside_now(now()).unwrap().is_empty());
    let count = |table: &str| -> i64 {
        store
            .conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!((count("lobby_visits"), count("lobby_exits")), (1, 1));
    let actions: Vec<String> = store
        .audit_trail()
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect();
    assert!(actions.ends_with(&["visitor_in".into(), "visitor_out".into()]));
    // The badge is free again.
    store
        .visitor_in(clerk, &visit("李", ids[0], "A-01"), now())
        .unwrap();
}

#[test]
fn reg_11_a_second_exit_is_refused_naming_when_they_left() {
    let (mut store, _, clerk, ids) = lobby();
    let id = store
        .visitor_in(clerk, &visit("张", ids[0], ""), now())
        .unwrap();
    let left = now() + Duration::minutes(5);
    store.visitor_out(clerk, Leaving::Visit(id), left).unwrap();
    assert_eq!(
        refused(store.visitor_out(clerk, Leaving::Visit(id), now() + Duration::hours(1))),
        LobbyRefusal::AlreadyLeft {
            visit: id,
            at: left
        }
    );
    assert_eq!(
        refused(store.visitor_out(clerk, Leaving::Visit(LobbyVisitId(77)), now())),
        LobbyRefusal::NoSuchVisit(LobbyVisitId(77))
    );
}

#[test]
fn badges_out_unknown_in_use_and_held_twice_are_refused_by_name() {
    let (mut store, _, clerk, ids) = lobby();
    let first = store
        .visitor_in(clerk, &visit("张", ids[0], "7"), now())
        .unwrap();
    assert_eq!(
        refused(store.visitor_out(clerk, Leaving::Badge("8"), now())),
        LobbyRefusal::UnknownBadge("8".into())
    );
    assert_eq!(
        refused(store.visitor_in(clerk, &visit("李", ids[1], "７"), now())),
        LobbyRefusal::BadgeInUse {
            badge: "7".into(),
            visit: first
        }
    );
    // Another desk's older build handed the same badge out again.
    let second = store
        .visitor_in(clerk, &visit("李", ids[1], "9"), now())
        .unwrap();
    sql(&mut store, "UPDATE lobby_inside SET badge = '7'");
    assert_eq!(
        refused(store.visitor_out(clerk, Leaving::Badge("7"), now())),
        LobbyRefusal::BadgeTwice {
            badge: "7".into(),
            first,
            second
        }
    );
    // Nothing was written by the refusals.
    assert_eq!(store.inside_now(now()).unwrap().len(), 2);
}

#[test]
fn a_correction_is_a_row_with_a_reason_and_inside_now_shows_it() {
    let (mut store, _, clerk, ids) = lobby();
    let id = store
        .visitor_in(clerk, &visit("张", ids[0], "5"), now())
        .unwrap();
    let correction = LobbyCorrection {
        name: Some("章".into()),
        party: Some(3),
        badge: Some(Some("6".into())),
        ..LobbyCorrection::default()
    };
    store
        .correct_lobby_visit(clerk, id, &correction, "听错了姓", now())
        .unwrap();
    let inside = &store.inside_now(now()).unwrap()[0];
    assert_eq!((inside.name.as_str(), inside.party), ("章", 3));
    assert_eq!(inside.badge.as_deref(), Some("6"));
    store
        .visitor_out(clerk, Leaving::Badge("6"), now())
        .unwrap();
    assert_eq!(
        refused(store.correct_lobby_visit(clerk, id, &LobbyCorrection::default(), "x", now())),
        LobbyRefusal::NothingToCorrect
    );
    assert!(matches!(
        refused(store.correct_lobby_visit(clerk, id, &correction, " ", now())),
        LobbyRefusal::Reason(_)
    ));
}

#[test]
fn inside_now_after_500_visits_lists_only_those_inside_and_marks_past_closing() {
    let (mut store, _, clerk, ids) = lobby();
    let start = now() - Duration::hours(1); // 09:00 in Shanghai
    let mut visits = Vec::new();
    for n in 0..500 {
        let at = start + Duration::seconds(n * 60);
        let v = visit(&format!("访客{n}"), ids[(n % 3) as usize], "");
        visits.push(store.visitor_in(clerk, &v, at).unwrap());
    }
    for (n, id) in visits.iter().enumerate() {
        if n % 25 != 0 {
            store
                .visitor_out(clerk, Leaving::Visit(*id), start + Duration::hours(9))
                .unwrap();
        }
    }
    // 18:30 in Shanghai, past the default closing hour of 18.
    let evening = start + Duration::minutes(570);
    let inside = store.inside_now(evening).unwrap();
    assert_eq!(inside.len(), 20);
    assert_eq!(inside[0].visit, visits[0]);
    assert!(inside.iter().all(|i| i.past_closing));
    assert!(
        store
            .inside_now(start + Duration::hours(2))
            .unwrap()
            .iter()
            .all(|i| !i.past_closing)
    );
    // The query reads the inside table and each visit by key: no scan of the log.
    let plan: Vec<String> = store
        .conn
        .prepare(&format!("EXPLAIN QUERY PLAN {}", super::INSIDE_SQL))
        .unwrap()
        .query_map([], |r| r.get::<_, String>(3))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(
        plan.iter().all(|p| !p.contains("SCAN v")),
        "the log is not scanned: {plan:?}"
    );
    let evacuation = store.evacuation_list(evening).unwrap();
    assert_eq!(evacuation.len(), 20);
    let rooms: Vec<String> = evacuation.iter().map(|e| e.host_room.to_string()).collect();
    let mut sorted = rooms.clone();
    sorted.sort();
    assert_eq!(rooms, sorted);
    assert!(evacuation.iter().any(|e| e.host_name == "王芳"));
}

#[test]
fn the_lobby_log_is_append_only() {
    let (mut store, _, clerk, ids) = lobby();
    let id = store
        .visitor_in(clerk, &visit("张", ids[0], ""), now())
        .unwrap();
    store.visitor_out(clerk, Leaving::Visit(id), now()).unwrap();
    for statement in [
        "UPDATE lobby_visits SET name = '李'",
        "DELETE FROM lobby_visits",
        "INSERT OR REPLACE INTO lobby_visits SELECT * FROM lobby_visits",
        "UPDATE lobby_exits SET at = '2020-01-01T00:00:00.000Z'",
        "DELETE FROM lobby_exits",
    ] {
        let e = store.conn.execute_batch(statement).unwrap_err();
        assert!(e.to_string().contains("append-only"), "{statement}: {e}");
    }
}

#[test]
fn reg_4_the_chain_catches_an_edited_lobby_row() {
    let (mut store, _, clerk, ids) = lobby();
    let id = store
        .visitor_in(clerk, &visit("张", ids[0], ""), now())
        .unwrap();
    store.visitor_out(clerk, Leaving::Visit(id), now()).unwrap();
    assert_eq!(store.verify_all().unwrap(), None);
    sql(
        &mut store,
        "DROP TRIGGER lobby_visits_no_update; UPDATE lobby_visits SET room = '1204';",
    );
    assert_eq!(
        broken(&mut store),
        ("lobby_visits", id.0, BreakKind::Altered)
    );
}

#[test]
fn reg_4_the_chain_catches_a_deleted_exit() {
    let (mut store, _, clerk, ids) = lobby();
    let id = store
        .visitor_in(clerk, &visit("张", ids[0], ""), now())
        .unwrap();
    store.visitor_out(clerk, Leaving::Visit(id), now()).unwrap();
    sql(
        &mut store,
        "DROP TRIGGER lobby_exits_no_delete; DELETE FROM lobby_exits;",
    );
    assert_eq!(broken(&mut store).0, "lobby_exits");
}

#[test]
fn desk_1_the_desks_an_office_runs_are_stored_and_an_old_office_runs_sales() {
    let (mut store, boss, clerk, _) = lobby();
    assert_eq!(store.office_settings().unwrap().desks(), DeskKinds::Sales);
    // An office set up before the setting existed.
    sql(
        &mut store,
        "DELETE FROM settings WHERE key IN ('desks', 'lobby_closing_hour')",
    );
    let old = store.office_settings().unwrap();
    assert_eq!((old.desks(), old.closing_hour()), (DeskKinds::Sales, 18));
    let approval = store.approve(None, boss, "2468", now()).unwrap();
    let both = OfficeSettings::default()
        .with_desks(DeskKinds::Both)
        .with_closing_hour(20)
        .unwrap();
    store
        .set_office_settings(clerk, approval, &both, now())
        .unwrap();
    let read = store.office_settings().unwrap();
    assert_eq!((read.desks(), read.closing_hour()), (DeskKinds::Both, 20));
    let audit = store.audit_trail().unwrap().pop().unwrap();
    assert!(audit.detail.contains("desks: - → both"), "{}", audit.detail);
    sql(
        &mut store,
        "UPDATE settings SET value = 'garage' WHERE key = 'desks'",
    );
    assert!(matches!(
        store.office_settings(),
        Err(StoreError::BadSetting { key: "desks", .. })
    ));
}

/// A year of a busy lobby: 500,000 visits, all but 60 left. Timing, not a rule: run with
/// `cargo test --release timing_inside_now -- --ignored --nocapture`.
#[test]
#[ignore]
fn timing_inside_now_and_evacuation_at_500_000_visits() {
    let (mut store, _, clerk, ids) = lobby();
    let start = now() - Duration::days(365);
    sql(
        &mut store,
        &format!(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500000)
             INSERT INTO lobby_visits (id, at, name, occupant_id, building, unit, room,
                 host_name, purpose, party, badge, plate, operator_id, recorded_at)
             SELECT i, strftime('%Y-%m-%dT%H:%M:%fZ', '{s}', '+' || (i * 63) || ' seconds'),
                 '访客' || i, {o}, '3号楼', '2单元', '1203', '王芳', '拜访', 1, NULL, NULL,
                 {clerk}, strftime('%Y-%m-%dT%H:%M:%fZ', '{s}', '+' || (i * 63) || ' seconds')
             FROM n;
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 499940)
             INSERT INTO lobby_exits (id, visit_id, at, operator_id, recorded_at)
             SELECT i, i, '{e}', {clerk}, '{e}' FROM n;
             INSERT INTO lobby_inside (visit_id) SELECT id FROM lobby_visits WHERE id > 499940;",
            s = start.format("%Y-%m-%dT%H:%M:%S"),
            e = timestamp(now()),
            o = ids[0].0,
            clerk = clerk.0,
        ),
    );
    let t = std::time::Instant::now();
    let inside = store.inside_now(now()).unwrap();
    let inside_took = t.elapsed();
    let t = std::time::Instant::now();
    let list = store.evacuation_list(now()).unwrap();
    let evacuation_took = t.elapsed();
    let t = std::time::Instant::now();
    let bare: i64 = store
        .conn
        .query_row(
            "SELECT count(*) FROM lobby_visits v
             WHERE NOT EXISTS (SELECT 1 FROM lobby_exits x WHERE x.visit_id = v.id)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let bare_took = t.elapsed();
    assert_eq!((inside.len(), list.len(), bare), (60, 60, 60));
    println!(
        "inside now {inside_took:?}, evacuation {evacuation_took:?}; \
         the same answer by scanning the log for visits without an exit {bare_took:?}"
    );
}

#[test]
fn reg_4_an_exit_pressed_by_mistake_is_undone_by_new_rows_with_the_reason() {
    let (mut store, _, clerk, ids) = lobby();
    let id = store
        .visitor_in(clerk, &visit("张", ids[0], "A-01"), now())
        .unwrap();
    let correction = LobbyCorrection {
        name: Some("张先生".into()),
        ..LobbyCorrection::default()
    };
    store
        .correct_lobby_visit(clerk, id, &correction, "问了全名", now())
        .unwrap();
    let later = now() + Duration::minutes(10);
    store.visitor_out(clerk, Leaving::Visit(id), later).unwrap();
    let left = store.recent_exits(now(), 10).unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!((left[0].visit, left[0].name.as_str()), (id, "张先生"));
    assert!(matches!(
        refused(store.visitor_back_in(clerk, id, " ", later)),
        LobbyRefusal::Reason(_)
    ));
    let again = store
        .visitor_back_in(clerk, id, "按错了人", later + Duration::minutes(1))
        .unwrap();
    let inside = store.inside_now(later).unwrap();
    assert_eq!(inside.len(), 1);
    let row = &inside[0];
    assert_eq!((row.visit, row.name.as_str()), (again, "张先生"));
    assert_eq!(row.arrived, now(), "the original arrival is kept");
    assert_eq!(row.badge.as_deref(), Some("A-01"));
    assert!(store.recent_exits(now(), 10).unwrap().is_empty());
    assert_eq!(
        refused(store.visitor_back_in(clerk, id, "再来", later)),
        LobbyRefusal::AlreadyBackIn {
            visit: id,
            continued: again
        }
    );
    assert_eq!(
        refused(store.visitor_back_in(clerk, again, "还在", later)),
        LobbyRefusal::StillInside(again)
    );
    // The badge works for checking out the row it goes on as.
    store
        .visitor_out(clerk, Leaving::Badge("a-01"), later)
        .unwrap();
    assert_eq!(store.verify_all().unwrap(), None);
    // Exits before `since` are not offered.
    assert!(
        store
            .recent_exits(later + Duration::hours(1), 10)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn an_exit_is_not_undone_while_its_badge_is_held_by_someone_inside() {
    let (mut store, _, clerk, ids) = lobby();
    let id = store
        .visitor_in(clerk, &visit("张", ids[0], "A-01"), now())
        .unwrap();
    store.visitor_out(clerk, Leaving::Visit(id), now()).unwrap();
    let other = store
        .visitor_in(clerk, &visit("李", ids[1], "A-01"), now())
        .unwrap();
    assert_eq!(
        refused(store.visitor_back_in(clerk, id, "按错了", now())),
        LobbyRefusal::BadgeInUse {
            badge: "A-01".into(),
            visit: other
        }
    );
}

/// A visitor logged in and still inside, for the handover's tests.
pub(crate) fn a_visitor_inside(store: &mut Store, boss: StaffId, clerk: StaffId) -> LobbyVisitId {
    let approval = store.approve(None, boss, "2468", now()).unwrap();
    let host = store
        .add_occupant(
            boss,
            approval,
            &occupant("3号楼", "2单元", "1203", "王芳", ""),
            now(),
        )
        .unwrap();
    store
        .visitor_in(clerk, &visit("赵", host, "7"), now())
        .unwrap()
}

#[test]
fn reg_4_a_correction_moves_a_visit_to_the_right_host_as_a_new_row_with_its_reason() {
    let (mut store, boss, clerk, ids) = lobby();
    // Logged in to 王芳's 1203; they were visiting 李娜 next door, 1204.
    let id = store
        .visitor_in(clerk, &visit("张", ids[0], "7"), now())
        .unwrap();
    let to_lina = LobbyCorrection {
        host: Some(ids[2]),
        ..LobbyCorrection::default()
    };
    store
        .correct_lobby_visit(clerk, id, &to_lina, "找的是隔壁", now())
        .unwrap();
    let inside = &store.inside_now(now()).unwrap()[0];
    assert_eq!(inside.host_room.to_string(), "3号楼 2单元 1204");
    let evacuation = &store.evacuation_list(now()).unwrap()[0];
    assert_eq!(evacuation.host_name, "李娜");
    // The visit's own row is as it was: the correction is a new row with the reason.
    let stored: String = store
        .conn
        .query_row("SELECT room FROM lobby_visits WHERE id = ?1", [id.0], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(stored, "1203");
    let reason: String = store
        .conn
        .query_row(
            "SELECT reason FROM lobby_corrections WHERE visit_id = ?1",
            [id.0],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(reason, "找的是隔壁");
    assert_eq!(store.verify_all().unwrap(), None);
    // Out by mistake and back in: the visit goes on with the corrected host.
    store.visitor_out(clerk, Leaving::Visit(id), now()).unwrap();
    store.visitor_back_in(clerk, id, "按错了", now()).unwrap();
    let inside = &store.inside_now(now()).unwrap()[0];
    assert_eq!(inside.host_room.to_string(), "3号楼 2单元 1204");
    assert_eq!(store.evacuation_list(now()).unwrap()[0].host_name, "李娜");
    // A host who moved out, or none in the directory, is refused.
    let approval = store.approve(None, boss, "2468", now()).unwrap();
    let wang = occupant("3号楼", "2单元", "1203", "王芳", "13800138000");
    store
        .update_occupant(boss, approval, ids[0], &wang, false, now())
        .unwrap();
    let visit_now = store.inside_now(now()).unwrap()[0].visit;
    let back = LobbyCorrection {
        host: Some(ids[0]),
        ..LobbyCorrection::default()
    };
    assert_eq!(
        refused(store.correct_lobby_visit(clerk, visit_now, &back, "x", now())),
        LobbyRefusal::MovedOut(ids[0])
    );
    let nobody = LobbyCorrection {
        host: Some(OccupantId(404)),
        ..LobbyCorrection::default()
    };
    assert_eq!(
        refused(store.correct_lobby_visit(clerk, visit_now, &nobody, "x", now())),
        LobbyRefusal::NoSuchOccupant(OccupantId(404))
    );
}
