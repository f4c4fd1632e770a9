//! Store tests of the parcel log's corrections (issue 20 §6), by the rules of the visitor
//! log's (REG-4): a correction is a new row with its reason and the original stays; the
//! rows are append-only and chained; the lists and the handover's items read the corrected
//! values; a collection recorded by mistake is undone and the parcel waits again.

use chrono::Duration;

use super::parcel_tests::parcel;
use super::tests::lobby;
use super::*;
use crate::domain::handover::HandoverItem;
use crate::domain::lobby::parcel::{ParcelCorrection, ParcelId, WaitingParcel};
use crate::store::BreakKind;
use crate::store::tests::{broken, now, sql};

fn count(store: &Store, table: &str) -> i64 {
    store
        .conn
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

fn waiting(store: &Store) -> Vec<WaitingParcel> {
    store.waiting_parcels(0, 50).unwrap().parcels
}

/// For 王芳 (3号楼 2单元 1203) instead, on shelf B-1.
fn to_wang_on_b1(ids: &[OccupantId]) -> ParcelCorrection {
    ParcelCorrection {
        recipient: Some(ids[0]),
        shelf: Some("B-1".into()),
        ..ParcelCorrection::default()
    }
}

#[test]
fn reg_4_a_parcel_correction_is_a_new_row_with_its_reason_and_the_original_stays() {
    let (mut store, _, clerk, ids) = lobby();
    let id = store
        .take_in_parcel(clerk, &parcel("顺丰", ids[1]), now())
        .unwrap();
    let at = now() + Duration::minutes(5);
    store
        .correct_parcel(clerk, id, &to_wang_on_b1(&ids), " 看错了收件人 ", at)
        .unwrap();
    let original: (String, String, String) = store
        .conn
        .query_row("SELECT room, recipient, shelf FROM parcels", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert_eq!(
        original,
        ("801".into(), "蓝海科技有限公司".into(), "A-3".into())
    );
    let (parcel_id, who, when, reason): (i64, i64, String, String) = store
        .conn
        .query_row(
            "SELECT parcel_id, operator_id, at, reason FROM parcel_corrections",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!((parcel_id, StaffId(who)), (id.0, clerk));
    assert_eq!((when, reason.as_str()), (timestamp(at), "看错了收件人"));
    let p = &waiting(&store)[0];
    assert_eq!(p.id, id);
    assert_eq!(p.room.to_string(), "3号楼 2单元 1203");
    assert_eq!((p.recipient.as_str(), p.recipient_id), ("王芳", ids[0]));
    assert!(!p.recipient_is_company, "the corrected recipient's kind");
    assert_eq!((p.shelf.as_str(), p.carrier.as_str()), ("B-1", "顺丰"));
    assert!(p.corrected, "the list marks it");
    let audited = count(&store, "audit WHERE action = 'correct_parcel'");
    assert_eq!(audited, 1, "with its audit row");
}

#[test]
fn reg_4_later_corrections_of_a_parcel_apply_over_earlier_ones_and_an_uncorrected_one_is_unmarked()
{
    let (mut store, _, clerk, ids) = lobby();
    let id = store
        .take_in_parcel(clerk, &parcel("顺丰", ids[1]), now())
        .unwrap();
    let other = store
        .take_in_parcel(clerk, &parcel("京东", ids[2]), now())
        .unwrap();
    store
        .correct_parcel(clerk, id, &to_wang_on_b1(&ids), "收件人", now())
        .unwrap();
    let again = ParcelCorrection {
        shelf: Some("C-2".into()),
        carrier: Some("圆通".into()),
        tracking: Some(String::new()),
        ..ParcelCorrection::default()
    };
    store
        .correct_parcel(clerk, id, &again, "又挪了", now())
        .unwrap();
    let list = waiting(&store);
    let p = list.iter().find(|p| p.id == id).unwrap();
    assert_eq!(
        (p.shelf.as_str(), p.carrier.as_str(), p.tracking.as_str()),
        ("C-2", "圆通", "")
    );
    assert_eq!(
        p.recipient, "王芳",
        "the first correction's recipient stays"
    );
    assert!(!list.iter().find(|p| p.id == other).unwrap().corrected);
}

#[test]
fn reg_4_a_parcel_correction_needs_a_reason_a_change_and_a_recipient_still_in_the_directory() {
    let (mut store, boss, clerk, ids) = lobby();
    let id = store
        .take_in_parcel(clerk, &parcel("顺丰", ids[1]), now())
        .unwrap();
    let fix = to_wang_on_b1(&ids);
    let blank = store.correct_parcel(clerk, id, &fix, " \t ", now());
    assert!(matches!(
        blank,
        Err(LobbyError::Refused(LobbyRefusal::Reason(TextError::Empty)))
    ));
    let long = store.correct_parcel(clerk, id, &fix, &"字".repeat(201), now());
    assert!(matches!(
        long,
        Err(LobbyError::Refused(LobbyRefusal::Reason(
            TextError::TooLong(200)
        )))
    ));
    let nothing = store.correct_parcel(clerk, id, &ParcelCorrection::default(), "无", now());
    assert!(matches!(
        nothing,
        Err(LobbyError::Refused(LobbyRefusal::NothingToCorrect))
    ));
    let unknown = store.correct_parcel(clerk, ParcelId(99), &fix, "错", now());
    assert!(matches!(
        unknown,
        Err(LobbyError::Refused(LobbyRefusal::NoSuchParcel(ParcelId(
            99
        ))))
    ));
    let approval = store.approve(None, boss, "2468", now()).unwrap();
    let gone = store.occupant(ids[2]).unwrap().unwrap();
    store
        .update_occupant(clerk, approval, ids[2], &gone.occupant, false, now())
        .unwrap();
    let moved = ParcelCorrection {
        recipient: Some(ids[2]),
        ..ParcelCorrection::default()
    };
    let moved = store.correct_parcel(clerk, id, &moved, "错", now());
    assert!(matches!(
        moved,
        Err(LobbyError::Refused(LobbyRefusal::MovedOut(_)))
    ));
    assert_eq!(count(&store, "parcel_corrections"), 0, "nothing written");
}

#[test]
fn reg_4_parcel_corrections_are_append_only() {
    let (mut store, _, clerk, ids) = lobby();
    let id = store
        .take_in_parcel(clerk, &parcel("顺丰", ids[1]), now())
        .unwrap();
    store
        .correct_parcel(clerk, id, &to_wang_on_b1(&ids), "错", now())
        .unwrap();
    for statement in [
        "UPDATE parcel_corrections SET reason = '没事'",
        "DELETE FROM parcel_corrections",
        "INSERT OR REPLACE INTO parcel_corrections SELECT * FROM parcel_corrections",
    ] {
        let e = store.conn.execute_batch(statement).unwrap_err();
        assert!(e.to_string().contains("append-only"), "{statement}: {e}");
    }
}

#[test]
fn reg_4_verify_finds_an_edited_parcel_correction() {
    let (mut store, _, clerk, ids) = lobby();
    let id = store
        .take_in_parcel(clerk, &parcel("顺丰", ids[1]), now())
        .unwrap();
    store
        .correct_parcel(clerk, id, &to_wang_on_b1(&ids), "错", now())
        .unwrap();
    assert_eq!(store.verify_all().unwrap(), None);
    let correction: i64 = store
        .conn
        .query_row("SELECT id FROM parcel_corrections", [], |r| r.get(0))
        .unwrap();
    sql(
        &mut store,
        "DROP TRIGGER parcel_corrections_no_update;
         UPDATE parcel_corrections SET changes = '{\"shelf\":\"Z-9\"}';",
    );
    assert_eq!(
        broken(&mut store),
        ("parcel_corrections", correction, BreakKind::Altered)
    );
}

#[test]
fn reg_4_undoing_a_collection_puts_the_parcel_back_waiting_since_it_was_taken_in() {
    let (mut store, _, clerk, ids) = lobby();
    let taken_in = now() - Duration::hours(50);
    let id = store
        .take_in_parcel(clerk, &parcel("顺丰", ids[1]), taken_in)
        .unwrap();
    let later = store
        .take_in_parcel(clerk, &parcel("京东", ids[2]), now() - Duration::hours(1))
        .unwrap();
    store
        .correct_parcel(clerk, id, &to_wang_on_b1(&ids), "收件人", now())
        .unwrap();
    store.collect_parcel(clerk, id, "李娜", now()).unwrap();
    let today = store
        .recent_collections(now() - Duration::hours(1), 10)
        .unwrap();
    assert_eq!(today.len(), 1);
    assert_eq!(
        (today[0].parcel.id, today[0].collected_by.as_str()),
        (id, "李娜")
    );
    assert_eq!(today[0].parcel.shelf, "B-1", "the parcel as corrected");

    let again = store
        .undo_parcel_collection(clerk, id, "拿错了件", now() + Duration::minutes(1))
        .unwrap();
    assert_ne!(again, id, "a new row: a parcel row is collected once");
    let list = waiting(&store);
    assert_eq!(list.len(), 2);
    let p = &list[0];
    assert_eq!(p.id, again, "the longest waiting first, whatever its key");
    assert_eq!(p.taken_in, taken_in, "it has waited since it was taken in");
    assert_eq!(
        (p.room.to_string().as_str(), p.shelf.as_str()),
        ("3号楼 2单元 1203", "B-1")
    );
    assert!(p.corrected, "marked as the list marks a correction");
    assert_eq!(
        count(&store, "parcel_collections"),
        1,
        "the collection stays"
    );
    let undone = count(
        &store,
        "parcel_corrections WHERE json_extract(changes, '$.collection_undone') IS NOT NULL",
    );
    assert_eq!(undone, 1);
    assert_eq!(
        count(&store, "audit WHERE action = 'parcel_collection_undone'"),
        1
    );
    assert!(
        store
            .recent_collections(now() - Duration::hours(1), 10)
            .unwrap()
            .is_empty(),
        "an undone collection is not offered again"
    );
    assert_eq!(store.verify_all().unwrap(), None);
    // The parcel is collected again by its new row.
    store.collect_parcel(clerk, again, "王芳", now()).unwrap();
    let left: Vec<ParcelId> = waiting(&store).iter().map(|p| p.id).collect();
    assert_eq!(left, [later]);
}

#[test]
fn reg_4_a_collection_is_undone_once_and_a_waiting_parcel_has_none_to_undo() {
    let (mut store, _, clerk, ids) = lobby();
    let id = store
        .take_in_parcel(clerk, &parcel("顺丰", ids[1]), now())
        .unwrap();
    let waiting_one = store.undo_parcel_collection(clerk, id, "错", now());
    assert!(matches!(
        waiting_one,
        Err(LobbyError::Refused(LobbyRefusal::NotCollected(p))) if p == id
    ));
    store.collect_parcel(clerk, id, "王芳", now()).unwrap();
    let blank = store.undo_parcel_collection(clerk, id, "  ", now());
    assert!(matches!(
        blank,
        Err(LobbyError::Refused(LobbyRefusal::Reason(TextError::Empty)))
    ));
    let again = store
        .undo_parcel_collection(clerk, id, "错", now())
        .unwrap();
    let twice = store.undo_parcel_collection(clerk, id, "错", now());
    assert!(matches!(
        twice,
        Err(LobbyError::Refused(LobbyRefusal::CollectionUndone { parcel, continued }))
            if parcel == id && continued == again
    ));
    let old_row = store.correct_parcel(clerk, id, &to_wang_on_b1(&ids), "错", now());
    assert!(
        matches!(
            old_row,
            Err(LobbyError::Refused(LobbyRefusal::CollectionUndone { .. }))
        ),
        "the row that waits on is the one to correct"
    );
}

#[test]
fn hnd_1_the_handovers_items_show_a_corrected_parcels_new_room_and_one_waiting_again() {
    let (mut store, _, clerk, ids) = lobby();
    let since = now() - Duration::days(1);
    let corrected = store
        .take_in_parcel(clerk, &parcel("顺丰", ids[1]), since)
        .unwrap();
    store
        .correct_parcel(clerk, corrected, &to_wang_on_b1(&ids), "收件人", now())
        .unwrap();
    let collected = store
        .take_in_parcel(clerk, &parcel("京东", ids[2]), since)
        .unwrap();
    store
        .collect_parcel(clerk, collected, "李娜", now())
        .unwrap();
    let again = store
        .undo_parcel_collection(clerk, collected, "领错", now())
        .unwrap();
    let items: Vec<HandoverItem> = store
        .handover_items(now())
        .unwrap()
        .into_iter()
        .filter(|i| matches!(i, HandoverItem::ParcelWaiting { .. }))
        .collect();
    assert_eq!(
        items,
        [
            HandoverItem::ParcelWaiting {
                parcel: corrected.0,
                carrier: "顺丰".into(),
                room: "3号楼 2单元 1203".into(),
                shelf: "B-1".into(),
                since,
            },
            HandoverItem::ParcelWaiting {
                parcel: again.0,
                carrier: "京东".into(),
                room: "3号楼 2单元 1204".into(),
                shelf: "A-3".into(),
                since,
            },
        ]
    );
}
