//! Store tests of the handover, by rule: the log (HND-1), reading (HND-2), the checklist and
//! questions (HND-3), refusal to the supervisor (HND-4), completion (HND-5), signatures and
//! the daily sign-off (HND-6), the desk never unstaffed (HND-7), yesterday's open work
//! (HND-8), the open items, two desks accepting at once, the triggers and the chains.

use chrono::{Duration, TimeZone};

use super::*;
use crate::domain::handover::{LogEntryForm, Stage, validate_log_entry};
use crate::domain::rotation::Command;
use crate::domain::staff::Role;
use crate::store::tests::{broken, now, office, recompute_links, sql};
use crate::store::{BreakKind, PinAuthority, complaint, lobby};

const PIN_OUT: &str = "1357";
const PIN_IN: &str = "8642";

/// An office with two clerks who have PINs: (store, supervisor, outgoing, incoming,
/// salespeople).
pub(super) fn desk(n: usize) -> (Store, StaffId, StaffId, StaffId, Vec<StaffId>) {
    let mut store = Store::open_in_memory().unwrap();
    let (boss, clerk, sales) = office(&mut store, n);
    let (out, inc) = two_clerks(&mut store, boss, clerk);
    (store, boss, out, inc, sales)
}

fn two_clerks(store: &mut Store, boss: StaffId, clerk: StaffId) -> (StaffId, StaffId) {
    let approval = store.approve(None, boss, "2468", now()).unwrap();
    store
        .set_pin(
            boss,
            PinAuthority::Supervisor(approval),
            clerk,
            PIN_OUT,
            PIN_OUT,
            now(),
        )
        .unwrap();
    let inc = store
        .add_staff(
            boss,
            approval,
            "前台小王",
            Role::Clerk,
            Some((PIN_IN, PIN_IN)),
            now(),
        )
        .unwrap();
    (clerk, inc)
}

fn tz() -> Tz {
    "Asia/Shanghai".parse().unwrap()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn draft(text: &str) -> LogEntryDraft {
    validate_log_entry(&LogEntryForm {
        priority: Priority::Important,
        tags: vec!["钥匙".into()],
        text: text.into(),
    })
    .unwrap()
}

fn checklist(store: &Store) -> Vec<CheckedItem> {
    store
        .office_settings()
        .unwrap()
        .handover_checklist()
        .iter()
        .map(|item| CheckedItem {
            item: item.clone(),
            ticked: true,
            note: String::new(),
        })
        .collect()
}

fn sign(store: &mut Store, who: StaffId, pin: &str) -> Signed {
    store.sign(Some(who), who, pin, now()).unwrap()
}

/// The outgoing clerk logs one entry and submits.
fn submitted(store: &mut Store, out: StaffId) -> HandoverRecord {
    store.log_entry(out, &draft("钥匙 6 把"), now()).unwrap();
    let signature = sign(store, out, PIN_OUT);
    store
        .submit_handover(signature, &checklist(store), now())
        .unwrap()
}

fn refusal<T: std::fmt::Debug>(r: Result<T, HandoverStepError>) -> HandoverRefusal {
    match r {
        Err(HandoverStepError::Refused(refusal)) => refusal,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn read_all(store: &mut Store, id: HandoverId, by: StaffId, operator: StaffId) {
    let record = store.handover(id).unwrap().unwrap();
    store
        .mark_read(operator, id, by, &record.state.keys(), now())
        .unwrap();
}

fn accept(
    store: &mut Store,
    id: HandoverId,
    by: StaffId,
    pin: &str,
) -> Result<HandoverState, HandoverStepError> {
    let signature = store.sign(Some(by), by, pin, now()).unwrap();
    store.handover_event(
        by,
        id,
        &HandoverEvent::Accept { by },
        Some(signature),
        now(),
    )
}

fn actions(store: &mut Store) -> Vec<String> {
    store
        .audit_trail()
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect()
}

#[test]
fn hnd_1_log_entries_are_appended_and_a_correction_is_a_new_entry_with_a_reason() {
    let (mut store, _, out, inc, _) = desk(0);
    let first = store.log_entry(out, &draft("钥匙 5 把"), now()).unwrap();
    let fixed = store
        .correct_log_entry(out, first, &draft("钥匙 6 把"), "数错了", now())
        .unwrap();
    let log = store
        .shift_log(now() - Duration::hours(1), now() + Duration::hours(1))
        .unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].text, "钥匙 5 把", "the original is kept as written");
    assert_eq!(log[1].corrects, Some(first));
    assert_eq!(log[1].reason.as_deref(), Some("数错了"));
    assert_eq!(log[1].tags, ["钥匙"]);
    assert!(matches!(
        store.correct_log_entry(inc, first, &draft("x"), "y", now()),
        Err(HandoverStepError::NotYourEntry(_))
    ));
    assert!(matches!(
        store.correct_log_entry(out, fixed, &draft("x"), "y", now()),
        Err(HandoverStepError::NotAnOriginal { original, .. }) if original == first
    ));
    assert!(matches!(
        store.correct_log_entry(out, first, &draft("x"), " ", now()),
        Err(HandoverStepError::Log(_))
    ));
    let acts = actions(&mut store);
    assert!(acts.contains(&"shift_log".to_owned()));
    assert!(acts.contains(&"shift_log_correction".to_owned()));
}

#[test]
fn hnd_6_a_signature_needs_the_person_s_own_pin_under_the_lockout() {
    let (mut store, boss, out, _, _) = desk(0);
    assert!(matches!(
        store.sign(Some(out), out, "0000", now()),
        Err(StoreError::WrongPin)
    ));
    assert!(
        store
            .audit_trail()
            .unwrap()
            .iter()
            .any(|a| a.action == "wrong_pin" && a.subject == Some(out))
    );
    let approval = store.approve(None, boss, "2468", now()).unwrap();
    let nopin = store
        .add_staff(boss, approval, "前台小赵", Role::Clerk, None, now())
        .unwrap();
    assert!(matches!(
        store.sign(Some(nopin), nopin, "", now()),
        Err(StoreError::PinNotSet(id)) if id == nopin
    ));
}

#[test]
fn hnd_6_a_handover_is_signed_by_the_outgoing_with_its_log_items_and_checklist() {
    let (mut store, _, out, _, _) = desk(0);
    let record = submitted(&mut store, out);
    assert_eq!(record.outgoing, out);
    assert_eq!(record.day, today());
    assert_eq!(record.shift.as_deref(), Some("早班"));
    assert_eq!(record.log.len(), 1);
    assert_eq!(record.state.stage(), Stage::Submitted);
    assert_eq!(record.state.checklist().len(), 6);
    assert_eq!(
        store.pending_handover().unwrap().map(|r| r.id),
        Some(record.id)
    );
    let signature = sign(&mut store, out, PIN_OUT);
    assert!(matches!(
        store.submit_handover(signature, &checklist(&store), now()),
        Err(HandoverStepError::AlreadyPending(id)) if id == record.id
    ));
    assert!(actions(&mut store).contains(&"handover_submit".to_owned()));
}

#[test]
fn hnd_3_submitting_without_a_checklist_or_with_an_unexplained_item_is_refused() {
    let (mut store, _, out, _, _) = desk(0);
    let signed = sign(&mut store, out, PIN_OUT);
    assert_eq!(
        refusal(store.submit_handover(signed, &[], now())),
        HandoverRefusal::NoChecklist
    );
    let mut list = checklist(&store);
    list[1].ticked = false;
    assert_eq!(
        refusal(store.submit_handover(signed, &list, now())),
        HandoverRefusal::ChecklistUnchecked("门禁卡/访客证".into())
    );
    assert_eq!(store.pending_handover().unwrap(), None, "nothing written");
    list[1].note = "少一张,已登记".into();
    store.submit_handover(signed, &list, now()).unwrap();
}

#[test]
fn issue_10_open_items_are_generated_from_the_other_desks_overdue_first() {
    let (mut store, boss, out, _, sales) = desk(2);
    for s in &sales {
        store
            .rotate(out, None, today(), now(), &Command::CheckIn(*s))
            .unwrap();
    }
    store.assign_next_walk_in(out, today(), now()).unwrap();
    let (old, _) =
        complaint::tests::a_complaint_and_a_repair_at(&mut store, out, now() - Duration::days(4));
    let (fresh, repair) = complaint::tests::a_complaint_and_a_repair_at(&mut store, out, now());
    let visit = lobby::tests::a_visitor_inside(&mut store, boss, out);
    let items = store.handover_items(now()).unwrap();
    let keys: Vec<String> = items.iter().map(HandoverItem::key).collect();
    assert!(items[0].is_overdue(), "{keys:?}");
    for key in [
        format!("complaint:{}", old.0),
        format!("complaint:{}", fresh.0),
        format!("repair:{}", repair.0),
        format!("visitor:{}", visit.0),
    ] {
        assert!(keys.contains(&key), "{key} in {keys:?}");
    }
    assert!(keys.iter().any(|k| k.starts_with("reception:")), "{keys:?}");
    let overdue = keys
        .iter()
        .position(|k| k == &format!("complaint:{}", old.0))
        .unwrap();
    let visitor = keys.iter().position(|k| k.starts_with("visitor:")).unwrap();
    assert!(overdue < visitor);
}

#[test]
fn hnd_2_accepting_with_an_unopened_item_is_refused_and_reads_are_kept() {
    let (mut store, _, out, inc, _) = desk(0);
    let record = submitted(&mut store, out);
    assert!(matches!(
        refusal(accept(&mut store, record.id, inc, PIN_IN)),
        HandoverRefusal::Unread(keys) if keys == ["log:1"]
    ));
    read_all(&mut store, record.id, inc, out);
    // Reading again writes nothing more.
    let steps = store.handover(record.id).unwrap().unwrap().entries.len();
    read_all(&mut store, record.id, inc, out);
    assert_eq!(
        store.handover(record.id).unwrap().unwrap().entries.len(),
        steps
    );
    let state = accept(&mut store, record.id, inc, PIN_IN).unwrap();
    assert_eq!(state.stage(), Stage::Accepted);
    assert!(state.is_complete());
    assert_eq!(store.pending_handover().unwrap(), None);
}

#[test]
fn hnd_5_accepting_needs_the_acceptor_s_signature_and_no_open_question() {
    let (mut store, _, out, inc, _) = desk(0);
    let id = submitted(&mut store, out).id;
    read_all(&mut store, id, inc, out);
    let ask = HandoverEvent::Ask {
        by: inc,
        text: "对讲机在哪?".into(),
    };
    store.handover_event(out, id, &ask, None, now()).unwrap();
    assert_eq!(
        refusal(accept(&mut store, id, inc, PIN_IN)),
        HandoverRefusal::OpenQuestion(0)
    );
    let answer = HandoverEvent::Answer {
        by: out,
        question: 0,
        text: "在抽屉里".into(),
    };
    store.handover_event(out, id, &answer, None, now()).unwrap();
    assert!(matches!(
        store.handover_event(inc, id, &HandoverEvent::Accept { by: inc }, None, now()),
        Err(HandoverStepError::NeedsSignature(who)) if who == inc
    ));
    // Another's signature is not the acceptor's.
    let theirs = sign(&mut store, out, PIN_OUT);
    assert!(matches!(
        store.handover_event(
            inc,
            id,
            &HandoverEvent::Accept { by: inc },
            Some(theirs),
            now()
        ),
        Err(HandoverStepError::NeedsSignature(_))
    ));
    accept(&mut store, id, inc, PIN_IN).unwrap();
    let record = store.handover(id).unwrap().unwrap();
    assert_eq!(
        record.state.questions()[0].answer.as_deref(),
        Some("在抽屉里")
    );
}

#[test]
fn hnd_4_refusal_goes_to_the_supervisor() {
    let (mut store, boss, out, inc, _) = desk(0);
    let id = submitted(&mut store, out).id;
    let refuse = HandoverEvent::Refuse {
        by: inc,
        reason: "对讲机不见了,交班人说不清".into(),
    };
    let state = store.handover_event(out, id, &refuse, None, now()).unwrap();
    assert_eq!(state.stage(), Stage::Refused);
    let waiting = store.refusals_unsigned().unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!(
        waiting[0].state.refusal(),
        Some("对讲机不见了,交班人说不清")
    );
    assert!(
        store
            .audit_trail()
            .unwrap()
            .iter()
            .any(|a| a.detail.contains("refused by") && a.detail.contains("对讲机不见了"))
    );
    let review = store.day_review(today(), tz()).unwrap();
    assert_eq!(review.figures.handovers_refused, 1);
    assert_eq!(review.handovers.len(), 1);
    // The outgoing, still on duty, may submit again; nothing follows the refusal.
    assert!(store.on_duty(out).unwrap().is_some());
    assert_eq!(
        refusal(accept(&mut store, id, inc, PIN_IN)),
        HandoverRefusal::AlreadyRefused { by: inc }
    );
    let signature = sign(&mut store, out, PIN_OUT);
    let again = store
        .submit_handover(signature, &checklist(&store), now())
        .unwrap();
    assert_eq!(again.log.len(), 1, "the refused handover's log goes again");
    // Once the supervisor signs the day, the refusal has been seen.
    let approval = store.approve(Some(boss), boss, "2468", now()).unwrap();
    store
        .sign_day(boss, approval, today(), "已处理", &review.heads, now())
        .unwrap();
    assert!(store.refusals_unsigned().unwrap().is_empty());
}

#[test]
fn hnd_4_the_outgoing_cannot_accept_or_refuse_their_own_handover() {
    let (mut store, _, out, _, _) = desk(0);
    let id = submitted(&mut store, out).id;
    let refuse = HandoverEvent::Refuse {
        by: out,
        reason: "x".into(),
    };
    assert_eq!(
        refusal(store.handover_event(out, id, &refuse, None, now())),
        HandoverRefusal::OwnHandover
    );
    assert_eq!(
        refusal(accept(&mut store, id, out, PIN_OUT)),
        HandoverRefusal::OwnHandover
    );
}

#[test]
fn hnd_7_outgoing_stays_on_duty_until_relieved() {
    let (mut store, _, out, inc, _) = desk(0);
    assert_eq!(store.on_duty(out).unwrap(), None);
    let id = submitted(&mut store, out).id;
    assert_eq!(
        store.on_duty(out).unwrap(),
        Some(now()),
        "submitted, not relieved"
    );
    read_all(&mut store, id, inc, out);
    let later = now() + Duration::minutes(10);
    let signature = sign(&mut store, inc, PIN_IN);
    store
        .handover_event(
            inc,
            id,
            &HandoverEvent::Accept { by: inc },
            Some(signature),
            later,
        )
        .unwrap();
    assert_eq!(store.on_duty(out).unwrap(), None, "relieved");
    assert_eq!(
        store.on_duty(inc).unwrap(),
        Some(later),
        "the incoming took the desk"
    );
    // The next handover covers only what was written since.
    assert!(store.log_since_last_handover().unwrap().is_empty());
}

#[test]
fn hnd_7_signing_out_on_duty_without_a_handover_needs_a_supervisor_and_is_recorded() {
    let (mut store, boss, out, _, _) = desk(0);
    store.log_entry(out, &draft("独自值班"), now()).unwrap();
    assert!(store.on_duty(out).unwrap().is_some());
    assert!(matches!(
        store.approve(Some(out), out, PIN_OUT, now()),
        Err(StoreError::NotSupervisor)
    ));
    let approval = store.approve(Some(out), boss, "2468", now()).unwrap();
    assert!(matches!(
        store.record_unstaffed(out, approval, " ", now()),
        Err(StoreError::Reason(_))
    ));
    store
        .record_unstaffed(out, approval, "突发急病", now() + Duration::minutes(1))
        .unwrap();
    assert_eq!(store.on_duty(out).unwrap(), None);
    let review = store.day_review(today(), tz()).unwrap();
    assert_eq!(review.figures.desk_unstaffed, 1);
    assert_eq!(review.unstaffed[0].supervisor, boss);
    assert!(actions(&mut store).contains(&"desk_unstaffed".to_owned()));
}

#[test]
fn hnd_6_a_day_is_signed_once_sealing_its_chain_heads_and_unsigned_days_are_flagged() {
    let (mut store, boss, out, _, _) = desk(0);
    let yesterday = today().pred_opt().unwrap();
    store
        .log_entry(out, &draft("昨天的记录"), now() - Duration::days(1))
        .unwrap();
    submitted(&mut store, out);
    assert_eq!(
        store.unsigned_days(today().succ_opt().unwrap()).unwrap(),
        [yesterday, today()]
    );
    assert_eq!(store.unsigned_days(today()).unwrap(), [yesterday]);
    let approval = store.approve(Some(boss), boss, "2468", now()).unwrap();
    let review = store.day_review(yesterday, tz()).unwrap();
    let signoff = store
        .sign_day(boss, approval, yesterday, "", &review.heads, now())
        .unwrap();
    assert_eq!(signoff.heads.len(), chain::CHAINS.len());
    assert_eq!(store.signoff(yesterday).unwrap(), Some(signoff));
    assert!(matches!(
        store.sign_day(boss, approval, yesterday, "", &review.heads, now()),
        Err(HandoverStepError::DaySigned { by, .. }) if by == boss
    ));
    assert!(matches!(
        store.sign_day(boss, approval, today().succ_opt().unwrap(), "", &[], now()),
        Err(HandoverStepError::DayNotBegun(_))
    ));
    let mut forged = review.heads.clone();
    let last = forged.iter_mut().find(|h| h.last.is_some()).unwrap();
    last.last.as_mut().unwrap().hash[0] ^= 1;
    assert!(matches!(
        store.sign_day(boss, approval, today(), "", &forged, now()),
        Err(HandoverStepError::HeadNotInChain(_))
    ));
    assert_eq!(
        store.unsigned_days(today().succ_opt().unwrap()).unwrap(),
        [today()]
    );
}

#[test]
fn issue_10_the_day_s_figures_count_receptions_registers_lobby_and_complaints() {
    let (mut store, boss, out, _, sales) = desk(1);
    store
        .rotate(out, None, today(), now(), &Command::CheckIn(sales[0]))
        .unwrap();
    store.assign_next_walk_in(out, today(), now()).unwrap();
    complaint::tests::a_complaint_and_a_repair_at(&mut store, out, now());
    lobby::tests::a_visitor_inside(&mut store, boss, out);
    let f = store.day_figures(today(), tz()).unwrap();
    assert_eq!(f.sales.len(), 1);
    assert_eq!(f.sales[0].walk_ins, 1);
    assert_eq!((f.complaints_opened, f.repairs_opened), (1, 1));
    assert_eq!((f.lobby_in, f.lobby_out), (1, 0));
    let other_day = store
        .day_figures(today().pred_opt().unwrap(), tz())
        .unwrap();
    assert_eq!(other_day.complaints_opened, 0);
}

#[test]
fn hnd_8_the_day_starts_with_yesterday_s_open_complaints_and_repairs() {
    let (mut store, _, out, _, _) = desk(0);
    let (old, old_repair) =
        complaint::tests::a_complaint_and_a_repair_at(&mut store, out, now() - Duration::days(1));
    complaint::tests::a_complaint_and_a_repair_at(&mut store, out, now());
    let open = store.yesterdays_open(now(), tz()).unwrap();
    let refs: Vec<OpenRef> = open.iter().map(|o| o.item).collect();
    assert_eq!(refs.len(), 2, "{refs:?}");
    assert!(refs.contains(&OpenRef::Complaint(old)));
    assert!(refs.contains(&OpenRef::Repair(old_repair)));
}

#[test]
fn two_desks_accepting_at_once_one_wins_and_the_other_is_told_who() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let (id, out, first, second) = {
        let mut store = Store::open(&path).unwrap();
        let (boss, clerk, _) = office(&mut store, 0);
        let (out, first) = two_clerks(&mut store, boss, clerk);
        let approval = store.approve(None, boss, "2468", now()).unwrap();
        let second = store
            .add_staff(
                boss,
                approval,
                "前台小李",
                Role::Clerk,
                Some(("2580", "2580")),
                now(),
            )
            .unwrap();
        let id = submitted(&mut store, out).id;
        read_all(&mut store, id, first, out);
        read_all(&mut store, id, second, out);
        (id, out, first, second)
    };
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
    let desks: Vec<_> = [(first, PIN_IN), (second, "2580")]
        .into_iter()
        .map(|(who, pin)| {
            let (path, barrier) = (path.clone(), barrier.clone());
            std::thread::spawn(move || {
                let mut store = Store::open(&path).unwrap();
                let signed = store.sign(Some(who), who, pin, now()).unwrap();
                barrier.wait();
                store.handover_event(
                    who,
                    id,
                    &HandoverEvent::Accept { by: who },
                    Some(signed),
                    now(),
                )
            })
        })
        .collect();
    let results: Vec<_> = desks.into_iter().map(|d| d.join().unwrap()).collect();
    let won: Vec<StaffId> = [first, second]
        .into_iter()
        .zip(&results)
        .filter(|(_, r)| r.is_ok())
        .map(|(w, _)| w)
        .collect();
    assert_eq!(won.len(), 1, "{results:?}");
    let lost = results.into_iter().find(|r| r.is_err()).unwrap();
    assert_eq!(
        refusal(lost),
        HandoverRefusal::AlreadyAccepted { by: won[0] }
    );
    let store = Store::open(&path).unwrap();
    assert_eq!(store.on_duty(won[0]).unwrap(), Some(now()));
    assert_eq!(store.on_duty(out).unwrap(), None);
}

#[test]
fn reg_4_the_handover_tables_refuse_update_delete_and_replace() {
    let (mut store, boss, out, inc, _) = desk(0);
    let id = submitted(&mut store, out).id;
    read_all(&mut store, id, inc, out);
    let approval = store.approve(Some(boss), boss, "2468", now()).unwrap();
    store
        .record_unstaffed(out, approval, "测试", now())
        .unwrap();
    let review = store.day_review(today(), tz()).unwrap();
    store
        .sign_day(boss, approval, today(), "", &review.heads, now())
        .unwrap();
    for (table, set) in [
        ("shift_log", "text = 'x'"),
        ("handovers", "items = '[]'"),
        ("handover_events", "event = '{}'"),
        ("day_signoffs", "remarks = 'x'"),
        ("desk_unstaffed", "reason = 'x'"),
    ] {
        for statement in [
            format!("UPDATE {table} SET {set}"),
            format!("DELETE FROM {table}"),
            format!("INSERT OR REPLACE INTO {table} SELECT * FROM {table}"),
            format!("REPLACE INTO {table} SELECT * FROM {table}"),
        ] {
            let err = store
                .conn
                .execute_batch(&statement)
                .unwrap_err()
                .to_string();
            assert!(err.contains("append-only"), "{statement}: {err}");
        }
    }
    assert_eq!(store.verify_all().unwrap(), None);
}

#[test]
fn reg_4_verify_finds_a_handover_edited_behind_the_consoles_back() {
    let (mut store, _, out, _, _) = desk(0);
    let id = submitted(&mut store, out).id;
    assert_eq!(store.verify_all().unwrap(), None);
    sql(
        &mut store,
        &format!(
            "DROP TRIGGER handovers_no_update;
             UPDATE handovers SET checklist = '[]' WHERE id = {};",
            id.0
        ),
    );
    assert_eq!(broken(&mut store), ("handovers", id.0, BreakKind::Altered));
}

#[test]
fn reg_4_verify_finds_a_deleted_shift_log_entry() {
    let (mut store, _, out, _, _) = desk(0);
    let first = store.log_entry(out, &draft("一"), now()).unwrap();
    store.log_entry(out, &draft("二"), now()).unwrap();
    sql(
        &mut store,
        &format!(
            "DROP TRIGGER shift_log_no_delete; DELETE FROM shift_log WHERE id = {};",
            first.0
        ),
    );
    assert_eq!(
        broken(&mut store),
        ("shift_log", first.0, BreakKind::Missing)
    );
}

#[test]
fn the_office_s_shifts_and_checklist_are_stored_and_read_back() {
    let (mut store, boss, _, _, _) = desk(0);
    let shifts =
        crate::domain::handover::Shifts::from_text("白班 08:00-20:00\n夜班 20:00-08:00").unwrap();
    let settings = store
        .office_settings()
        .unwrap()
        .with_shifts(shifts.clone())
        .with_handover_checklist(["钥匙", "保险柜"])
        .unwrap();
    let approval = store.approve(None, boss, "2468", now()).unwrap();
    store
        .set_office_settings(boss, approval, &settings, now())
        .unwrap();
    let back = store.office_settings().unwrap();
    assert_eq!(back.shifts(), &shifts);
    assert_eq!(back.handover_checklist(), ["钥匙", "保险柜"]);
    let local = Utc
        .with_ymd_and_hms(2026, 11, 22, 14, 0, 0)
        .unwrap()
        .with_timezone(&tz())
        .naive_local();
    assert_eq!(back.shifts().current(local).unwrap().shift.name, "夜班");
    sql(
        &mut store,
        "UPDATE settings SET value = 'x' WHERE key = 'shifts'",
    );
    assert!(matches!(
        store.office_settings(),
        Err(StoreError::BadSetting { key: "shifts", .. })
    ));
}

#[test]
fn reg_4_a_head_the_sign_off_sealed_that_was_recomputed_is_named_in_the_review_and_by_verify() {
    let (mut store, boss, out, _, _) = desk(0);
    let yesterday = today().pred_opt().unwrap();
    store
        .log_entry(out, &draft("昨天的记录"), now() - Duration::days(1))
        .unwrap();
    let approval = store.approve(Some(boss), boss, "2468", now()).unwrap();
    let review = store.day_review(yesterday, tz()).unwrap();
    store
        .sign_day(boss, approval, yesterday, "", &review.heads, now())
        .unwrap();
    assert_eq!(store.day_review(yesterday, tz()).unwrap().seals_broken, []);
    assert_eq!(store.verify_all().unwrap(), None);
    // The entry changed and the shift log's one link recomputed: same length, new head.
    sql(
        &mut store,
        "DROP TRIGGER shift_log_no_update; UPDATE shift_log SET text = '无事' WHERE id = 1;",
    );
    recompute_links(&mut store, &chain::SHIFT_LOG, 1);
    let unsealed = BreakKind::Unsealed {
        pos: 1,
        day: yesterday,
    };
    assert_eq!(broken(&mut store), ("shift_log", 1, unsealed));
    let review = store.day_review(yesterday, tz()).unwrap();
    let found: Vec<_> = review
        .seals_broken
        .iter()
        .map(|b| (b.table, b.kind))
        .collect();
    assert_eq!(found, [("shift_log", unsealed)]);
}

#[test]
fn hnd_7_on_duty_since_is_the_first_entry_of_the_duty_not_the_latest() {
    let (mut store, _, out, inc, _) = desk(0);
    let first = now() - Duration::minutes(97);
    store.log_entry(out, &draft("到岗"), first).unwrap();
    store.log_entry(out, &draft("巡查"), now()).unwrap();
    assert_eq!(store.on_duty(out).unwrap(), Some(first));
    // Relieved, then back: the new duty begins at its own first entry.
    let signature = sign(&mut store, out, PIN_OUT);
    let record = store
        .submit_handover(signature, &checklist(&store), now())
        .unwrap();
    read_all(&mut store, record.id, inc, inc);
    accept(&mut store, record.id, inc, PIN_IN).unwrap();
    assert_eq!(store.on_duty(out).unwrap(), None);
    assert_eq!(store.on_duty(inc).unwrap(), Some(now()));
    let back = now() + Duration::hours(8);
    store.log_entry(out, &draft("夜班到岗"), back).unwrap();
    store
        .log_entry(out, &draft("巡查"), back + Duration::hours(1))
        .unwrap();
    assert_eq!(store.on_duty(out).unwrap(), Some(back));
}

#[test]
fn hnd_1_an_unruled_ownership_conflict_stays_among_the_open_items_until_a_supervisor_rules() {
    use crate::store::register::tests::visit;
    let (mut store, boss, out, inc, sales) = desk(2);
    // 李四 registered by 王 10 days ago and by the other 3 days ago: a conflict (REG-6),
    // arising yesterday when the second registration was made.
    let phone_visit = |who: StaffId, at| visit(who, at, "李四", "13800138000", "");
    let ten = now() - Duration::days(10);
    let yesterday = now() - Duration::days(1);
    store
        .register_visit(out, &phone_visit(sales[0], ten), None, ten)
        .unwrap();
    store
        .register_visit(out, &phone_visit(sales[1], yesterday), None, yesterday)
        .unwrap();
    let conflicts = |store: &Store, at| -> Vec<HandoverItem> {
        store
            .handover_items(at)
            .unwrap()
            .into_iter()
            .filter(|i| matches!(i, HandoverItem::OwnershipConflict { .. }))
            .collect()
    };
    assert_eq!(conflicts(&store, now()).len(), 1, "found while recent");
    // Handed over today, it is still open three days on, nobody having ruled.
    let signature = sign(&mut store, out, PIN_OUT);
    let record = store
        .submit_handover(signature, &checklist(&store), now())
        .unwrap();
    assert_eq!(
        record
            .state
            .items()
            .iter()
            .filter(|i| matches!(i, HandoverItem::OwnershipConflict { .. }))
            .count(),
        1
    );
    read_all(&mut store, record.id, inc, inc);
    accept(&mut store, record.id, inc, PIN_IN).unwrap();
    let later = now() + Duration::days(3);
    let open = conflicts(&store, later);
    assert_eq!(open.len(), 1, "still open until ruled: {open:?}");
    // Ruled: gone.
    let HandoverItem::OwnershipConflict { registrations, .. } = &open[0] else {
        unreachable!()
    };
    let covers: Vec<(Register, i64)> = registrations
        .iter()
        .map(|(r, id)| match r {
            RegisterRef::Visit => (Register::Visit, *id),
            RegisterRef::Call => (Register::Call, *id),
        })
        .collect();
    let approval = store.approve(Some(inc), boss, "2468", later).unwrap();
    store
        .rule_ownership(inc, approval, sales[0], &covers, "首次登记在先", later)
        .unwrap();
    assert!(conflicts(&store, later).is_empty());
}
