//! Store tests of the lobby's parcels (issue 20 §6), by the rules of the lobby's log: taken
//! in and collected, the waiting list paged, append-only (REG-4), chained, and handed on in
//! the handover's open items.

use chrono::Duration;

use super::tests::lobby;
use super::*;
use crate::domain::handover::HandoverItem;
use crate::domain::lobby::parcel::{Parcel, ParcelForm, ParcelId, validate_parcel};
use crate::domain::text::TextError;
use crate::store::BreakKind;
use crate::store::tests::{broken, now, sql};

pub(super) fn parcel(carrier: &str, recipient: OccupantId) -> Parcel {
    validate_parcel(&ParcelForm {
        carrier: carrier.into(),
        recipient: Some(recipient),
        tracking: "SF1234567890".into(),
        shelf: "A-3".into(),
    })
    .unwrap()
}

#[test]
fn a_parcel_taken_in_waits_with_its_recipient_as_the_directory_had_them_until_collected() {
    let (mut store, _, clerk, ids) = lobby();
    let at = now() - Duration::hours(50);
    let id = store
        .take_in_parcel(clerk, &parcel("顺丰", ids[1]), at)
        .unwrap();
    let page = store.waiting_parcels(0, 10).unwrap();
    assert_eq!(page.total, 1);
    let p = &page.parcels[0];
    assert_eq!((p.id, p.carrier.as_str()), (id, "顺丰"));
    assert_eq!(p.room.to_string(), "A座 801");
    assert_eq!(p.recipient, "蓝海科技有限公司");
    assert!(p.recipient_is_company);
    assert_eq!((p.tracking.as_str(), p.shelf.as_str()), ("567890", "A-3"));
    assert_eq!((p.taken_in, p.taken_by), (at, clerk));
    store.collect_parcel(clerk, id, " 张先生 ", now()).unwrap();
    assert_eq!(store.waiting_parcels(0, 10).unwrap().total, 0);
    let by: String = store
        .conn
        .query_row("SELECT collected_by FROM parcel_collections", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(by, "张先生");
    let audited: i64 = store
        .conn
        .query_row(
            "SELECT count(*) FROM audit WHERE action IN ('parcel_in', 'parcel_collected')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audited, 2, "each write has its audit row");
}

#[test]
fn the_waiting_parcels_come_a_page_at_a_time_the_longest_waiting_first() {
    let (mut store, _, clerk, ids) = lobby();
    let mut taken = Vec::new();
    for n in 0..5 {
        let at = now() - Duration::hours(10 - n);
        taken.push(
            store
                .take_in_parcel(clerk, &parcel("中通", ids[0]), at)
                .unwrap(),
        );
    }
    store
        .collect_parcel(clerk, taken[1], "王芳", now())
        .unwrap();
    let first = store.waiting_parcels(0, 2).unwrap();
    assert_eq!(first.total, 4);
    let keys = |page: &ParcelPage| page.parcels.iter().map(|p| p.id).collect::<Vec<_>>();
    assert_eq!(keys(&first), [taken[0], taken[2]]);
    let second = store.waiting_parcels(2, 2).unwrap();
    assert_eq!(keys(&second), [taken[3], taken[4]]);
    assert!(store.waiting_parcels(4, 2).unwrap().parcels.is_empty());
}

#[test]
fn a_parcel_is_collected_once_and_the_second_time_names_when() {
    let (mut store, _, clerk, ids) = lobby();
    let id = store
        .take_in_parcel(clerk, &parcel("京东", ids[0]), now())
        .unwrap();
    let at = now() + Duration::minutes(30);
    store.collect_parcel(clerk, id, "王芳", at).unwrap();
    let again = store.collect_parcel(clerk, id, "李娜", now() + Duration::hours(1));
    assert!(matches!(
        again,
        Err(LobbyError::Refused(LobbyRefusal::AlreadyCollected { parcel, at: when }))
            if parcel == id && when == at
    ));
    let nobody = store.collect_parcel(clerk, ParcelId(99), "王芳", now());
    assert!(matches!(
        nobody,
        Err(LobbyError::Refused(LobbyRefusal::NoSuchParcel(ParcelId(
            99
        ))))
    ));
    let unnamed = store.collect_parcel(clerk, id, "  ", now());
    assert!(matches!(
        unnamed,
        Err(LobbyError::Refused(LobbyRefusal::Collector(
            TextError::Empty
        )))
    ));
}

#[test]
fn reg_11_a_parcel_for_an_occupant_who_moved_out_or_is_unknown_is_refused() {
    let (mut store, boss, clerk, ids) = lobby();
    let unknown = store.take_in_parcel(clerk, &parcel("顺丰", OccupantId(999)), now());
    assert!(matches!(
        unknown,
        Err(LobbyError::Refused(LobbyRefusal::NoSuchOccupant(_)))
    ));
    let approval = store.approve(None, boss, "2468", now()).unwrap();
    let gone = store.occupant(ids[2]).unwrap().unwrap();
    store
        .update_occupant(clerk, approval, ids[2], &gone.occupant, false, now())
        .unwrap();
    let moved = store.take_in_parcel(clerk, &parcel("顺丰", ids[2]), now());
    assert!(matches!(
        moved,
        Err(LobbyError::Refused(LobbyRefusal::MovedOut(_)))
    ));
    assert_eq!(store.waiting_parcels(0, 10).unwrap().total, 0);
}

#[test]
fn reg_4_the_parcel_log_is_append_only() {
    let (mut store, _, clerk, ids) = lobby();
    let id = store
        .take_in_parcel(clerk, &parcel("顺丰", ids[0]), now())
        .unwrap();
    store.collect_parcel(clerk, id, "王芳", now()).unwrap();
    for statement in [
        "UPDATE parcels SET carrier = '圆通'",
        "DELETE FROM parcels",
        "INSERT OR REPLACE INTO parcels SELECT * FROM parcels",
        "UPDATE parcel_collections SET collected_by = '李娜'",
        "DELETE FROM parcel_collections",
        "INSERT OR REPLACE INTO parcel_collections SELECT * FROM parcel_collections",
    ] {
        let e = store.conn.execute_batch(statement).unwrap_err();
        assert!(e.to_string().contains("append-only"), "{statement}: {e}");
    }
}

#[test]
fn reg_4_the_chain_catches_an_edited_parcel_and_a_deleted_collection() {
    let (mut store, _, clerk, ids) = lobby();
    let id = store
        .take_in_parcel(clerk, &parcel("顺丰", ids[0]), now())
        .unwrap();
    store.collect_parcel(clerk, id, "王芳", now()).unwrap();
    assert_eq!(store.verify_all().unwrap(), None);
    sql(
        &mut store,
        "DROP TRIGGER parcels_no_update; UPDATE parcels SET room = '1204';",
    );
    assert_eq!(broken(&mut store), ("parcels", id.0, BreakKind::Altered));

    let (mut store, _, clerk, ids) = lobby();
    let id = store
        .take_in_parcel(clerk, &parcel("顺丰", ids[0]), now())
        .unwrap();
    store.collect_parcel(clerk, id, "王芳", now()).unwrap();
    sql(
        &mut store,
        "DROP TRIGGER parcel_collections_no_delete; DELETE FROM parcel_collections;",
    );
    assert_eq!(broken(&mut store).0, "parcel_collections");
}

#[test]
fn hnd_1_a_waiting_parcel_is_in_the_handovers_open_items_until_collected() {
    let (mut store, _, clerk, ids) = lobby();
    let since = now() - Duration::days(2);
    let waiting = store
        .take_in_parcel(clerk, &parcel("顺丰", ids[1]), since)
        .unwrap();
    let collected = store
        .take_in_parcel(clerk, &parcel("京东", ids[0]), now())
        .unwrap();
    store
        .collect_parcel(clerk, collected, "王芳", now())
        .unwrap();
    let items = store.handover_items(now()).unwrap();
    let parcels: Vec<&HandoverItem> = items
        .iter()
        .filter(|i| matches!(i, HandoverItem::ParcelWaiting { .. }))
        .collect();
    assert_eq!(
        parcels,
        [&HandoverItem::ParcelWaiting {
            parcel: waiting.0,
            carrier: "顺丰".into(),
            room: "A座 801".into(),
            shelf: "A-3".into(),
            since,
        }]
    );
    assert_eq!(parcels[0].key(), format!("parcel:{}", waiting.0));
    store
        .collect_parcel(clerk, waiting, "前台代领", now())
        .unwrap();
    let items = store.handover_items(now()).unwrap();
    assert!(
        !items
            .iter()
            .any(|i| matches!(i, HandoverItem::ParcelWaiting { .. }))
    );
}
