//! Store tests of the registers: the chain, the triggers, corrections as new rows, the search
//! paths and the lookup feeding the ownership verdict.

use chrono::{Duration, TimeZone};

use super::*;
use crate::domain::policy::Policy;
use crate::domain::register::{Verdict, check};
use crate::store::BreakKind;
use crate::store::tests::{broken, now, office, sql};

fn name(t: &str) -> Option<CustomerName> {
    Some(CustomerName::parse(t).unwrap())
}

fn phone(t: &str) -> Option<Phone> {
    Some(Phone::parse(t).unwrap())
}

fn plate(t: &str) -> Option<Plate> {
    Some(Plate::parse(t).unwrap())
}

pub(crate) fn visit(
    salesperson: StaffId,
    at: DateTime<Utc>,
    n: &str,
    p: &str,
    pl: &str,
) -> VisitRegistration {
    VisitRegistration {
        visited_at: at,
        name: (!n.is_empty()).then(|| name(n).unwrap()),
        phone: (!p.is_empty()).then(|| phone(p).unwrap()),
        work_unit: None,
        intent: Some("三居".into()),
        source: Some(Source::Web),
        salesperson,
        car_brand: None,
        plate: (!pl.is_empty()).then(|| plate(pl).unwrap()),
        party: None,
        class: Some(Class::A),
        notes: None,
    }
}

fn call(answered_by: StaffId, at: DateTime<Utc>, n: &str, p: &str) -> CallRegistration {
    CallRegistration {
        called_at: at,
        caller: name(n),
        phone: phone(p),
        question: Some("价格".into()),
        answered_by,
        intent: None,
        source: Some(Source::Newspaper),
    }
}

/// One row in each register's chain, for the chain tests of the whole store.
pub(crate) fn a_visit_a_call_and_a_correction(
    store: &mut Store,
    clerk: StaffId,
    salesperson: StaffId,
) {
    let v = visit(salesperson, now(), "王芳", "13800135678", "");
    let id = store.register_visit(clerk, &v, None, now()).unwrap();
    store
        .register_call(
            clerk,
            &call(salesperson, now(), "王芳", "13800135678"),
            now(),
        )
        .unwrap();
    let corrected = VisitRegistration {
        notes: Some("带父母".into()),
        ..v
    };
    store
        .correct_visit(clerk, id, &corrected, "补记", now())
        .unwrap();
}

fn days_ago(d: i64) -> DateTime<Utc> {
    now() - Duration::days(d)
}

/// An office with a few registrations: 王芳 (李's, 12 days ago), 张伟 by call, 欧阳娜娜 with a
/// plate, and 刘洋, registered 200 days ago.
fn registers() -> (Store, StaffId, Vec<StaffId>) {
    let mut store = Store::open_in_memory().unwrap();
    let (_, clerk, sales) = office(&mut store, 3);
    let at = days_ago(12);
    store
        .register_visit(
            clerk,
            &visit(sales[0], at, "王芳", "13800135678", ""),
            None,
            at,
        )
        .unwrap();
    store
        .register_call(
            clerk,
            &call(sales[1], days_ago(5), "张伟", "13912340000"),
            now(),
        )
        .unwrap();
    store
        .register_visit(
            clerk,
            &visit(sales[2], days_ago(3), "欧阳娜娜", "", "京A12345"),
            None,
            now(),
        )
        .unwrap();
    store
        .register_visit(
            clerk,
            &visit(sales[1], days_ago(200), "刘洋", "13700001111", ""),
            None,
            now(),
        )
        .unwrap();
    (store, clerk, sales)
}

fn found(store: &mut Store, query: &str) -> Vec<String> {
    store
        .search(query, &SearchFilters::default(), (0, 20))
        .unwrap()
        .into_iter()
        .map(|r| r.name.map_or_else(String::new, |n| n.to_string()))
        .collect()
}

#[test]
fn reg_1_a_registered_visit_reads_back_as_registered() {
    let (mut store, clerk, sales) = registers();
    let v = visit(
        sales[0],
        days_ago(1),
        "陈静",
        "0755-1234-5678 转 12",
        "粤B·D12345",
    );
    let id = store.register_visit(clerk, &v, None, now()).unwrap();
    let record = store.visit(id).unwrap().unwrap();
    assert_eq!(record.visit, v);
    assert_eq!(record.as_registered, v);
    assert_eq!(record.operator, clerk);
    assert!(record.corrections.is_empty());
    let audit = store.audit_trail().unwrap();
    assert_eq!(audit.last().unwrap().action, "register_visit");
}

#[test]
fn reg_4_registers_join_the_hash_chain_and_an_edit_behind_the_consoles_back_is_found() {
    let (mut store, clerk, sales) = registers();
    store
        .correct_visit(
            clerk,
            VisitId(1),
            &visit(sales[0], days_ago(12), "王芳", "13800135679", ""),
            "号码记错",
            now(),
        )
        .unwrap();
    assert_eq!(store.verify_all().unwrap(), None);
    sql(
        &mut store,
        "DROP TRIGGER visits_no_update; UPDATE visits SET salesperson_id = 4 WHERE id = 1;",
    );
    assert_eq!(broken(&mut store), ("visits", 1, BreakKind::Altered));

    let (mut store, _, _) = registers();
    sql(
        &mut store,
        "DROP TRIGGER calls_no_delete; DELETE FROM calls WHERE id = 1;",
    );
    assert_eq!(broken(&mut store), ("calls", 1, BreakKind::Missing));
}

#[test]
fn reg_4_the_registers_refuse_update_delete_and_replace() {
    let (mut store, clerk, sales) = registers();
    store
        .correct_visit(
            clerk,
            VisitId(1),
            &visit(sales[0], days_ago(12), "王芳", "13800135679", ""),
            "号码记错",
            now(),
        )
        .unwrap();
    for statement in [
        "UPDATE visits SET name = '王丽' WHERE id = 1",
        "DELETE FROM visits WHERE id = 1",
        "REPLACE INTO visits (id, at, salesperson_id, operator_id, recorded_at)
         VALUES (1, '2026-01-01T00:00:00.000Z', 2, 2, '2026-01-01T00:00:00.000Z')",
        "UPDATE calls SET phone = '13900000000' WHERE id = 1",
        "DELETE FROM calls",
        "INSERT OR REPLACE INTO calls (id, at, salesperson_id, operator_id, recorded_at)
         VALUES (1, '2026-01-01T00:00:00.000Z', 2, 2, '2026-01-01T00:00:00.000Z')",
        "UPDATE register_corrections SET reason = 'x'",
        "DELETE FROM register_corrections",
        "REPLACE INTO register_corrections (id, register, target_id, at, operator_id, reason, changes)
         VALUES (1, 'visit', 1, '2026-01-01T00:00:00.000Z', 2, 'x', '{}')",
    ] {
        let e = store.conn.execute_batch(statement).unwrap_err();
        assert!(e.to_string().contains("append-only"), "{statement}: {e}");
    }
}

#[test]
fn reg_4_a_correction_is_a_new_row_and_the_record_shows_its_history() {
    let (mut store, clerk, sales) = registers();
    let corrected = visit(sales[0], days_ago(12), "王芬", "13800135678", "");
    let c = store
        .correct_visit(clerk, VisitId(1), &corrected, "名字写错", now())
        .unwrap();
    let record = store.visit(VisitId(1)).unwrap().unwrap();
    assert_eq!(record.visit, corrected);
    assert_eq!(record.as_registered.name, name("王芳"));
    assert_eq!(record.corrections.len(), 1);
    let correction = &record.corrections[0];
    assert_eq!(correction.id, c);
    assert_eq!(correction.reason, "名字写错");
    assert_eq!(correction.operator, clerk);
    assert_eq!(
        correction.changes,
        [("name".to_owned(), Some("王芬".to_owned()))]
    );
    let stored: String = store
        .conn
        .query_row("SELECT name FROM visits WHERE id = 1", [], |r| r.get(0))
        .unwrap();
    assert_eq!(stored, "王芳", "the original row is untouched");
    assert!(matches!(
        store.correct_visit(clerk, VisitId(1), &corrected, "again", now()),
        Err(StoreError::NothingToCorrect)
    ));
    assert!(matches!(
        store.correct_visit(
            clerk,
            VisitId(1),
            &visit(sales[0], now(), "王芬", "", ""),
            " ",
            now()
        ),
        Err(StoreError::Reason(_))
    ));
    assert_eq!(
        store.audit_trail().unwrap().last().unwrap().action,
        "correct_registration"
    );
    // Found by its corrected name and by its original one; shown as corrected.
    assert_eq!(found(&mut store, "王芬"), ["王芬"]);
    assert_eq!(found(&mut store, "王芳"), ["王芬"]);
    assert!(
        store
            .search("王芬", &SearchFilters::default(), (0, 5))
            .unwrap()[0]
            .corrected
    );
}

#[test]
fn reg_search_finds_one_and_two_chinese_characters_from_any_place_in_the_name() {
    let (mut store, _, _) = registers();
    assert_eq!(found(&mut store, "王"), ["王芳"]);
    assert_eq!(found(&mut store, "芳"), ["王芳"]);
    assert_eq!(found(&mut store, "阳娜"), ["欧阳娜娜"]);
    assert_eq!(found(&mut store, "娜"), ["欧阳娜娜"]);
    assert!(found(&mut store, "赵").is_empty());
}

#[test]
fn reg_search_finds_three_characters_by_trigram_and_quotes_the_input() {
    let (mut store, _, _) = registers();
    assert_eq!(found(&mut store, "欧阳娜"), ["欧阳娜娜"]);
    assert_eq!(found(&mut store, "阳娜娜"), ["欧阳娜娜"]);
    assert!(
        found(&mut store, "\"王芳\" OR x*").is_empty(),
        "FTS syntax is text"
    );
}

#[test]
fn reg_search_finds_pinyin_initials_surnames_read_as_surnames() {
    let (mut store, _, _) = registers();
    assert_eq!(found(&mut store, "wf"), ["王芳"]);
    assert_eq!(found(&mut store, "w"), ["王芳"]);
    assert_eq!(found(&mut store, "oynn"), ["欧阳娜娜"]);
    assert_eq!(found(&mut store, "zw"), ["张伟"]);
    assert!(found(&mut store, "wx").is_empty());
}

#[test]
fn reg_search_finds_phone_digits_last_four_and_whole_number() {
    let (mut store, _, _) = registers();
    assert_eq!(found(&mut store, "5678"), ["王芳"]);
    assert_eq!(found(&mut store, "138 0013 5678"), ["王芳"]);
    assert_eq!(found(&mut store, "91234"), ["张伟"], "five digits anywhere");
    assert_eq!(found(&mut store, "78"), ["王芳"], "1-2 digits by their key");
}

/// 王芳 13800135678, 张伟 13912340000, 刘洋 13700001111, 欧阳娜娜 plate 京A12345.
#[test]
fn sec_1_four_digits_or_fewer_match_a_phone_only_where_the_mask_shows_it() {
    let (mut store, _, _) = registers();
    // The ends of the numbers, as `138****5678` shows them.
    assert_eq!(found(&mut store, "5678"), ["王芳"]);
    assert_eq!(found(&mut store, "678"), ["王芳"]);
    assert_eq!(found(&mut store, "8"), ["王芳"]);
    assert_eq!(found(&mut store, "0000"), ["张伟"]);
    // Digits only in the hidden middle find nothing: a search must not reveal them.
    assert!(found(&mut store, "3800").is_empty(), "138[0013]5678");
    assert!(found(&mut store, "001").is_empty(), "138[001]35678");
    assert!(found(&mut store, "13").is_empty(), "[13]800135678");
    assert_eq!(
        found(&mut store, "1234"),
        ["欧阳娜娜"],
        "the plate 京A12345 still matches anywhere; 139[1234]0000 does not"
    );
    // Five digits and more match anywhere, as before.
    assert_eq!(found(&mut store, "80013"), ["王芳"]);
}

#[test]
fn sec_1_a_landline_and_an_extension_match_by_the_end_of_the_number() {
    let (mut store, clerk, sales) = registers();
    let v = visit(sales[0], days_ago(1), "黄丽", "0755-8123-4488 转 601", "");
    store.register_visit(clerk, &v, None, now()).unwrap();
    assert_eq!(found(&mut store, "4488"), ["黄丽"]);
    assert_eq!(found(&mut store, "88"), ["黄丽"]);
    assert!(
        found(&mut store, "601").is_empty(),
        "the extension is not the number's end"
    );
    assert!(
        found(&mut store, "8123").is_empty(),
        "0755[8123]4488 is hidden"
    );
}

#[test]
fn sec_1_a_corrections_phone_matches_by_its_end_too() {
    let (mut store, clerk, sales) = registers();
    // 刘洋 13700001111 → 13655559999: 5555 is hidden, 9999 shown.
    store
        .correct_visit(
            clerk,
            VisitId(3),
            &visit(sales[1], days_ago(200), "刘洋", "13655559999", ""),
            "号码记错",
            now(),
        )
        .unwrap();
    assert_eq!(found(&mut store, "9999"), ["刘洋"]);
    assert!(found(&mut store, "5555").is_empty());
    assert!(found(&mut store, "55").is_empty());
}

/// Every search path reads an index: the trigram table, the grams' key, the phone index, or
/// the registers' time index newest first (stopping at the page), never a plain table scan.
#[test]
fn sec_1_the_short_digit_searches_are_answered_from_indexes() {
    let (store, _, _) = registers();
    let plan = |sql: &str| -> String {
        let conn = &store.conn;
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let rows: Vec<String> = stmt
            .query_map([], |r| r.get::<_, String>(3))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        rows.join("\n")
    };
    for register in [Register::Visit, Register::Call] {
        let sql = like_sql(register)
            .replace("?1", "'%78%'")
            .replace("?9", "'%78'")
            .replace("?2", "''")
            .replace("?3", "'~'")
            .replace("?4", "NULL")
            .replace("?5", "NULL")
            .replace("?6", "NULL")
            .replace("?7", "50")
            .replace("?8", "0");
        let p = plan(&sql);
        assert!(
            p.contains("USING INDEX visits_at") || p.contains("USING INDEX calls_at"),
            "{p}"
        );
    }
    let p = plan(
        &TEXT_SQL
            .replace("?1", "'\"5678\"'")
            .replace("?2", "0")
            .replace("?3", "1"),
    );
    assert!(p.contains("VIRTUAL TABLE INDEX"), "{p}");
    let p = plan(&CORRECTION_TEXT_SQL.replace("?1", "1"));
    assert!(p.contains("INTEGER PRIMARY KEY"), "{p}");
}

#[test]
fn reg_search_finds_plate_fragments_in_any_case() {
    let (mut store, _, _) = registers();
    assert_eq!(found(&mut store, "a123"), ["欧阳娜娜"]);
    assert_eq!(found(&mut store, "京A"), ["欧阳娜娜"]);
    assert_eq!(found(&mut store, "A1"), ["欧阳娜娜"]);
}

#[test]
fn reg_search_filters_by_date_salesperson_class_and_source_one_page_at_a_time() {
    let (store, _, sales) = registers();
    // The empty box lists everything within the filters.
    let all = |f: SearchFilters| -> Vec<String> {
        store
            .search("", &f, (0, 20))
            .unwrap()
            .into_iter()
            .map(|r| r.name.unwrap().to_string())
            .collect()
    };
    assert_eq!(
        all(SearchFilters {
            from: Some(days_ago(30)),
            ..Default::default()
        }),
        ["欧阳娜娜", "张伟", "王芳"]
    );
    assert_eq!(
        all(SearchFilters {
            salesperson: Some(sales[1]),
            ..Default::default()
        }),
        ["张伟", "刘洋"]
    );
    assert_eq!(
        all(SearchFilters {
            class: Some(Class::A),
            ..Default::default()
        }),
        ["欧阳娜娜", "王芳", "刘洋"]
    );
    assert_eq!(
        all(SearchFilters {
            source: Some(Source::Newspaper),
            ..Default::default()
        }),
        ["张伟"]
    );
    let filters = SearchFilters {
        salesperson: Some(sales[1]),
        ..Default::default()
    };
    let page = store.search("", &filters, (1, 1)).unwrap();
    assert_eq!(page.len(), 1);
    assert_eq!(page[0].name, name("刘洋"));
    let w = store.search("w", &filters, (0, 5)).unwrap();
    assert!(w.is_empty(), "王芳 is not salesperson 1's");
}

fn verdict(store: &mut Store, typed: &Identity) -> crate::domain::register::Ownership {
    let earlier = store.earlier_registrations(typed, 100).unwrap();
    check(
        typed,
        &earlier,
        now(),
        chrono_tz::Asia::Shanghai,
        &Policy::default(),
    )
}

#[test]
fn reg_3_a_returning_customer_is_found_by_phone_and_named_with_the_owner() {
    let (mut store, _, sales) = registers();
    let typed = Identity {
        phone: phone("138-0013-5678"),
        ..Default::default()
    };
    let o = verdict(&mut store, &typed);
    match o.verdict {
        Verdict::Returning(claim) => {
            assert_eq!(claim.owner, sales[0]);
            assert_eq!(claim.days_ago, 12);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(o.visit_number, 2);
    // By plate + surname too.
    let typed = Identity {
        name: name("欧阳先生"),
        plate: plate("京a12345"),
        ..Default::default()
    };
    assert_eq!(verdict(&mut store, &typed).verdict.owner(), Some(sales[2]));
}

#[test]
fn reg_6_two_protected_registrations_by_two_salespeople_are_a_conflict() {
    let (mut store, clerk, sales) = registers();
    store
        .register_visit(
            clerk,
            &visit(sales[2], days_ago(2), "王芳", "", ""),
            None,
            now(),
        )
        .unwrap();
    let typed = Identity {
        name: name("王芳"),
        phone: phone("13800135678"),
        ..Default::default()
    };
    match verdict(&mut store, &typed).verdict {
        Verdict::Conflict { holders } => {
            assert_eq!(holders[0].owner, sales[0], "the earlier wins");
            assert_eq!(holders[1].owner, sales[2]);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn reg_3_near_misses_are_found_by_index_and_shown_as_possible() {
    let (mut store, _, _) = registers();
    // One digit off in the head, one in the last four, and same surname + same last four.
    for typed in ["13800135670", "13900135678", "王先生 15012345678"] {
        let (n, p) = typed.split_once(' ').unwrap_or(("", typed));
        let typed = Identity {
            name: (!n.is_empty()).then(|| name(n).unwrap()),
            phone: phone(p),
            plate: None,
        };
        let o = verdict(&mut store, &typed);
        assert_eq!(o.verdict, Verdict::New, "{typed:?}");
        if typed.name.is_none() {
            assert_eq!(o.possible.len(), 1, "{typed:?}");
        }
    }
    let typed = Identity {
        name: name("王先生"),
        phone: phone("15000005678"),
        plate: None,
    };
    assert_eq!(verdict(&mut store, &typed).possible.len(), 1);
}

#[test]
fn reg_4_the_lookup_finds_a_record_by_its_corrected_phone_and_not_by_the_old_one() {
    let (mut store, clerk, sales) = registers();
    store
        .correct_visit(
            clerk,
            VisitId(3),
            &visit(sales[1], days_ago(200), "刘洋", "13600002222", ""),
            "号码记错",
            now(),
        )
        .unwrap();
    let mut by = |p: &str| {
        let typed = Identity {
            phone: phone(p),
            ..Default::default()
        };
        verdict(&mut store, &typed).matches.len()
    };
    assert_eq!(by("13600002222"), 1);
    assert_eq!(by("13700001111"), 0);
}

#[test]
fn reg_3_the_customer_record_holds_every_visit_and_call_of_the_same_customer() {
    let (mut store, clerk, sales) = registers();
    store
        .register_call(
            clerk,
            &call(sales[0], days_ago(20), "王芳", "13800135678"),
            now(),
        )
        .unwrap();
    store
        .register_visit(
            clerk,
            &visit(sales[0], days_ago(1), "", "13800135678", ""),
            None,
            now(),
        )
        .unwrap();
    let record = store.customer(Register::Visit, 1).unwrap();
    assert_eq!(record.visits.len(), 2);
    assert_eq!(record.calls.len(), 1);
    assert_eq!(record.visits[0].id, VisitId(1), "oldest first");
    let at = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    assert!(record.visits.iter().all(|v| v.visit.visited_at > at));
}

#[test]
fn reg_4_the_newest_visit_deleted_behind_the_consoles_back_is_reported_and_registering_goes_on() {
    let (mut store, clerk, sales) = registers();
    let newest: i64 = store
        .conn
        .query_row("SELECT max(id) FROM visits", [], |r| r.get(0))
        .unwrap();
    sql(
        &mut store,
        &format!("DROP TRIGGER visits_no_delete; DELETE FROM visits WHERE id = {newest};"),
    );
    let id = store
        .register_visit(
            clerk,
            &visit(sales[1], days_ago(0), "李娜", "13900139000", ""),
            None,
            now(),
        )
        .expect("its id is never handed out again");
    assert!(id.0 > newest);
    assert_eq!(
        broken(&mut store),
        ("visits", newest, BreakKind::Missing),
        "the deletion is named"
    );
}

/// Visits whose phones end in 5678 and plates hold `A123`, one a day for `n` days back,
/// salespeople taking turns, newest first by name `客1`, `客2`, …
fn many(n: i64) -> (Store, StaffId, Vec<StaffId>) {
    let mut store = Store::open_in_memory().unwrap();
    let (_, clerk, sales) = office(&mut store, 2);
    for d in (1..=n).rev() {
        let at = days_ago(d) + Duration::minutes(d);
        let v = visit(
            sales[(d % 2) as usize],
            at,
            &format!("客{d}"),
            &format!("139{:04}5678", d),
            &format!("沪A123{:02}", d % 100),
        );
        store.register_visit(clerk, &v, None, now()).unwrap();
    }
    (store, clerk, sales)
}

fn names(rows: Vec<RegisterRow>) -> Vec<String> {
    rows.into_iter()
        .map(|r| r.name.map_or_else(String::new, |n| n.to_string()))
        .collect()
}

#[test]
fn reg_search_by_last_four_comes_newest_first_a_page_at_a_time_with_filters() {
    let (store, _, sales) = many(30);
    let all = SearchFilters::default();
    assert_eq!(
        names(store.search("5678", &all, (0, 3)).unwrap()),
        ["客1", "客2", "客3"]
    );
    assert_eq!(
        names(store.search("5678", &all, (3, 2)).unwrap()),
        ["客4", "客5"]
    );
    let theirs = SearchFilters {
        salesperson: Some(sales[0]),
        ..Default::default()
    };
    assert_eq!(
        names(store.search("5678", &theirs, (1, 3)).unwrap()),
        ["客4", "客6", "客8"]
    );
    let window = SearchFilters {
        from: Some(days_ago(10)),
        to: Some(days_ago(6)),
        ..Default::default()
    };
    assert_eq!(
        names(store.search("5678", &window, (0, 20)).unwrap()),
        ["客7", "客8", "客9", "客10"],
        "客6 came 6 minutes after `to`, 客10 10 minutes after `from`"
    );
    let calls_only = SearchFilters {
        source: Some(Source::Newspaper),
        ..Default::default()
    };
    assert!(
        store
            .search("5678", &calls_only, (0, 20))
            .unwrap()
            .is_empty()
    );
    assert_eq!(store.search("5678", &all, (0, 100)).unwrap().len(), 30);
    assert!(store.search("5678", &all, (30, 10)).unwrap().is_empty());
}

#[test]
fn reg_search_by_plate_fragment_comes_newest_first_a_page_at_a_time_with_filters() {
    let (store, _, sales) = many(30);
    assert_eq!(
        names(
            store
                .search("a123", &SearchFilters::default(), (2, 2))
                .unwrap()
        ),
        ["客3", "客4"]
    );
    let filters = SearchFilters {
        salesperson: Some(sales[1]),
        class: Some(Class::A),
        ..Default::default()
    };
    assert_eq!(
        names(store.search("沪A12", &filters, (0, 3)).unwrap()),
        ["客1", "客3", "客5"]
    );
    let other_class = SearchFilters {
        class: Some(Class::B),
        ..Default::default()
    };
    assert!(
        store
            .search("A123", &other_class, (0, 5))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn reg_4_a_corrections_new_phone_is_found_by_its_last_four_once_at_the_records_place() {
    let (mut store, clerk, sales) = registers();
    // 刘洋, 200 days ago, 13700001111 → 13600002222.
    store
        .correct_visit(
            clerk,
            VisitId(3),
            &visit(sales[1], days_ago(200), "刘洋", "13600002222", ""),
            "号码记错",
            now(),
        )
        .unwrap();
    let rows = store
        .search("2222", &SearchFilters::default(), (0, 10))
        .unwrap();
    assert_eq!(names(rows.clone()), ["刘洋"]);
    assert!(rows[0].corrected);
    assert_eq!(
        rows[0].phone,
        phone("13600002222"),
        "the row shows the correction"
    );
    assert_eq!(
        found(&mut store, "1111"),
        ["刘洋"],
        "the old value still finds it"
    );
    // Found by both its values, it is listed once, in its own place by time.
    store
        .correct_visit(
            clerk,
            VisitId(3),
            &visit(sales[1], days_ago(200), "刘洋", "13700001111", ""),
            "还是原号码",
            now(),
        )
        .unwrap();
    assert_eq!(found(&mut store, "70000"), ["刘洋"]);
    let from = SearchFilters {
        from: Some(days_ago(30)),
        ..Default::default()
    };
    assert!(store.search("2222", &from, (0, 10)).unwrap().is_empty());
}

#[test]
fn reg_4_a_register_from_before_migration_6_is_searchable_after_the_upgrade() {
    // Rows written by a 005 build: its tables, filled by SQL as that build wrote them.
    let mut conn = Connection::open_in_memory().unwrap();
    crate::store::migrations().to_version(&mut conn, 5).unwrap();
    // No staff rows: the register alone is what the upgrade reads.
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF;
         INSERT INTO visits (id, at, name, surname, full_name, phone, phone_last4, plate,
             salesperson_id, class, source, operator_id, recorded_at)
         VALUES (1, '2026-01-02T03:04:05.000Z', '王芳', '王', '王芳', '13800135678', '5678',
             '京A12345', 3, 'A', 'web', 2, '2026-01-02T03:04:05.000Z'),
                (2, '2026-03-02T03:04:05.000Z', '李雷', '李', '李雷', '13911115678', '5678',
             NULL, 4, 'B', 'web', 2, '2026-03-02T03:04:05.000Z');
         INSERT INTO calls (id, at, name, surname, full_name, phone, phone_last4,
             salesperson_id, source, operator_id, recorded_at)
         VALUES (1, '2026-02-02T03:04:05.000Z', '赵敏', '赵', '赵敏', '13722225678', '5678', 3,
             'newspaper', 2, '2026-02-02T03:04:05.000Z');
         INSERT INTO register_corrections (id, register, target_id, at, operator_id, reason,
             changes, surname, full_name, phone, phone_last4, plate)
         VALUES (1, 'visit', 2, '2026-04-01T00:00:00.000Z', 2, '号码记错',
             '{\"phone\":\"13633339999\"}', '李', '李雷', '13633339999', '9999', NULL),
                (2, 'visit', 2, '2026-04-02T00:00:00.000Z', 2, '补记', '{\"notes\":\"x\"}',
             '李', '李雷', '13633339999', '9999', NULL),
                (3, 'visit', 2, '2026-04-03T00:00:00.000Z', 2, '改名', '{\"name\":\"李磊\"}',
             '李', '李磊', '13633339999', '9999', NULL);",
    )
    .unwrap();
    let mut store = Store::prepare(conn, None).unwrap();
    assert_eq!(
        found(&mut store, "5678"),
        ["李磊", "赵敏", "王芳"],
        "newest first"
    );
    assert_eq!(
        found(&mut store, "9999"),
        ["李磊"],
        "by the corrected phone"
    );
    assert!(
        found(&mut store, "3333").is_empty(),
        "136[3333]9999 is hidden by the mask"
    );
    assert_eq!(found(&mut store, "京A1"), ["王芳"]);
    // Both corrections that changed the name or phone hold the new phone: listed once.
    assert_eq!(found(&mut store, "3633339"), ["李磊"]);
}

/// The verdict, the visit number, the rules and the near misses the lookup that reads only
/// what decides gives, against `check` over every earlier registration.
fn same_verdict_as_reading_everything(store: &mut Store, typed: &Identity, at: DateTime<Utc>) {
    for preset in ["004", "vanke", "rules-14"] {
        let policy = Policy::preset(preset);
        let tz = chrono_tz::Asia::Shanghai;
        let all = store.earlier_registrations(typed, usize::MAX).unwrap();
        let full = check(typed, &all, at, tz, &policy);
        let quick = store.ownership(typed, at, tz, &policy).unwrap();
        assert_eq!(quick.verdict, full.verdict, "{preset} at {at}");
        assert_eq!(quick.visit_number, full.visit_number, "{preset} at {at}");
        assert_eq!(quick.rules, full.rules, "{preset} at {at}");
        assert_eq!(quick.possible, full.possible, "{preset} at {at}");
        assert!(quick.matches.iter().all(|m| full.matches.contains(m)));
    }
}

/// Three years of 张伟s: registrations `hours` apart in turn, by one of `n` salespeople at
/// random, a call one time in five, the phone 13912345678 one time in four; a small
/// deterministic generator.
fn zhang_weis(hours: &[i64], n: usize) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let (_, clerk, sales) = office(&mut store, n);
    let mut seed = 7_u64;
    let mut next = |n: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % n
    };
    let mut at = now() - Duration::days(3 * 365);
    while at < now() + Duration::days(2) {
        let who = sales[next(n as u64) as usize];
        let p = if next(4) == 0 {
            "13912345678".to_owned()
        } else {
            format!("137{:08}", next(100_000_000))
        };
        if next(5) == 0 {
            store
                .register_call(clerk, &call(who, at, "张伟", &p), now())
                .unwrap();
        } else {
            store
                .register_visit(clerk, &visit(who, at, "张伟", &p, ""), None, now())
                .unwrap();
        }
        at += Duration::hours(hours[next(hours.len() as u64) as usize]);
    }
    store
        .register_visit(
            clerk,
            &visit(sales[0], days_ago(400), "张卫", "13912345679", ""),
            None,
            now(),
        )
        .unwrap();
    store
}

#[test]
fn reg_6_the_ownership_check_reads_only_what_decides_and_decides_as_if_it_read_everything() {
    let typed = Identity {
        name: name("张伟"),
        phone: phone("13912345678"),
        plate: None,
    };
    let by_phone = Identity {
        phone: phone("13912345678"),
        ..Default::default()
    };
    // Dense (runs unbroken for months) and sparse (many people of one name).
    for (hours, n) in [
        (&[6, 30, 200, 500, 900][..], 3),
        (&[6, 300, 1000, 2000][..], 8),
    ] {
        let mut store = zhang_weis(hours, n);
        for back in [0, 3, 17, 45, 90, 200, 500] {
            same_verdict_as_reading_everything(&mut store, &typed, now() - Duration::days(back));
        }
        same_verdict_as_reading_everything(&mut store, &by_phone, now());
    }
    let store = zhang_weis(&[6, 300, 1000, 2000], 8);
    let quick = store
        .ownership(&typed, now(), chrono_tz::Asia::Shanghai, &Policy::default())
        .unwrap();
    let all = store.earlier_registrations(&typed, usize::MAX).unwrap();
    assert!(
        quick.matches.len() * 3 < all.len(),
        "read {} of {}",
        quick.matches.len(),
        all.len()
    );
}

#[test]
fn reg_6_an_unbroken_run_is_followed_back_past_the_window_to_decide_a_conflict() {
    let mut store = Store::open_in_memory().unwrap();
    let (_, clerk, sales) = office(&mut store, 2);
    // sales[0] has kept 王芳 for a year, every 20 days; sales[1] registered her 10 days ago
    // with an older run of their own, broken long ago.
    for d in (0..20).map(|i| 5 + i * 20) {
        let v = visit(sales[0], days_ago(d), "王芳", "", "");
        store.register_visit(clerk, &v, None, now()).unwrap();
    }
    for d in [10, 700, 710] {
        let v = visit(sales[1], days_ago(d), "王芳", "", "");
        store.register_visit(clerk, &v, None, now()).unwrap();
    }
    let typed = Identity {
        name: name("王芳"),
        ..Default::default()
    };
    same_verdict_as_reading_everything(&mut store, &typed, now());
    let o = store
        .ownership(&typed, now(), chrono_tz::Asia::Shanghai, &Policy::default())
        .unwrap();
    match o.verdict {
        Verdict::Conflict { holders } => {
            assert_eq!(holders[0].owner, sales[0], "the earlier run wins");
            assert_eq!(
                holders[0].first_registered_at.date_naive(),
                days_ago(385).date_naive()
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(o.visit_number, 24);
}

#[test]
fn an_empty_search_lists_the_newest_registrations_within_the_filters() {
    let (mut store, _, _) = registers();
    // 欧阳娜娜 3 days ago, the call from 张伟 5 days ago, 王芳 12, 刘洋 200.
    assert_eq!(found(&mut store, ""), ["欧阳娜娜", "张伟", "王芳", "刘洋"]);
    let recent = SearchFilters {
        from: Some(days_ago(13)),
        ..SearchFilters::default()
    };
    assert_eq!(store.search("  ", &recent, (0, 10)).unwrap().len(), 3);
}

#[test]
fn reg_6_a_supervisors_ruling_settles_a_conflict_for_every_desk_and_is_chained() {
    let mut store = Store::open_in_memory().unwrap();
    let (boss, clerk, sales) = office(&mut store, 2);
    let phone_visit =
        |who: StaffId, days: i64| visit(who, days_ago(days), "李四", "13800138000", "");
    store
        .register_visit(clerk, &phone_visit(sales[0], 10), None, now())
        .unwrap();
    store
        .register_visit(clerk, &phone_visit(sales[1], 3), None, now())
        .unwrap();
    let typed = phone_visit(sales[0], 0).identity();
    let policy = Policy::preset("004");
    let tz = chrono_tz::Asia::Shanghai;
    let found = store.ownership(&typed, now(), tz, &policy).unwrap();
    assert!(
        matches!(found.verdict, Verdict::Conflict { .. }),
        "{:?}",
        found.verdict
    );
    let contested = found.contested();
    let approval = store.approve(Some(clerk), boss, "2468", now()).unwrap();
    store
        .rule_ownership(clerk, approval, sales[0], &contested, "", now())
        .expect_err("a ruling states its reason");
    store
        .rule_ownership(clerk, approval, sales[0], &contested, "首次登记在先", now())
        .unwrap();
    let settled = store.ownership(&typed, now(), tz, &policy).unwrap();
    let Verdict::Returning(claim) = &settled.verdict else {
        panic!("{:?}", settled.verdict);
    };
    assert_eq!(claim.owner, sales[0]);
    assert_eq!(settled.ruled.as_ref().map(|r| r.supervisor), Some(boss));
    assert_eq!(store.verify_all().unwrap(), None);
    let trail = store.audit_trail().unwrap();
    assert_eq!(trail.last().unwrap().action, "rule_ownership");
}

/// Visits a day apart, the newest first by name (`王一` yesterday, …): surnames 王 and 欧阳
/// and plates of 豫J, 豫K and 沪A taking turns, and a call from a 王 every third day.
fn short_queries(n: i64) -> (Store, StaffId, Vec<StaffId>) {
    let mut store = Store::open_in_memory().unwrap();
    let (_, clerk, sales) = office(&mut store, 2);
    let given = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    for d in (1..=n).rev() {
        let at = days_ago(d);
        let surname = if d % 2 == 1 { "王" } else { "欧阳" };
        let plate = ["豫J", "豫K", "沪A"][(d % 3) as usize];
        let v = visit(
            sales[(d % 2) as usize],
            at,
            &format!("{surname}{}{}", given[((d - 1) % 10) as usize], d),
            &format!("139{:04}{:04}", d, 1000 + d),
            &format!("{plate}{:05}", d),
        );
        store.register_visit(clerk, &v, None, now()).unwrap();
        if d % 3 == 0 {
            let c = call(
                sales[0],
                at - Duration::hours(1),
                &format!("王来电{d}"),
                &format!("137{d:08}"),
            );
            store.register_call(clerk, &c, now()).unwrap();
        }
    }
    (store, clerk, sales)
}

#[test]
fn reg_search_finds_one_and_two_character_surnames_newest_first_a_page_at_a_time() {
    let (store, _, sales) = short_queries(30);
    let all = SearchFilters::default();
    let page = |q: &str, f: &SearchFilters, p| names(store.search(q, f, p).unwrap());
    // 王: odd days' visits and the calls every third day, newest first.
    assert_eq!(
        page("王", &all, (0, 5)),
        ["王一1", "王三3", "王来电3", "王五5", "王来电6"]
    );
    assert_eq!(page("王", &all, (5, 3)), ["王七7", "王九9", "王来电9"]);
    assert_eq!(page("王", &all, (0, 100)).len(), 15 + 10);
    assert_eq!(
        page("欧阳", &all, (0, 3)),
        ["欧阳二2", "欧阳四4", "欧阳六6"]
    );
    assert_eq!(page("欧阳", &all, (14, 5)), ["欧阳十30"]);
    let theirs = SearchFilters {
        salesperson: Some(sales[1]),
        ..Default::default()
    };
    assert_eq!(page("王", &theirs, (0, 3)), ["王一1", "王三3", "王五5"]);
    assert!(
        page("欧阳", &theirs, (0, 3)).is_empty(),
        "欧阳 are sales[0]'s"
    );
}

#[test]
fn reg_search_finds_a_plates_province_and_letter_newest_first_a_page_at_a_time() {
    let (mut store, clerk, sales) = short_queries(30);
    let all = SearchFilters::default();
    let page = |store: &Store, q: &str, f: &SearchFilters, p| names(store.search(q, f, p).unwrap());
    // 豫J on days 3, 6, 9 …; 豫K on 1, 4, 7 …; 沪A on 2, 5, 8 ….
    assert_eq!(
        page(&store, "豫J", &all, (0, 3)),
        ["王三3", "欧阳六6", "王九9"]
    );
    assert_eq!(page(&store, "豫J", &all, (3, 2)), ["欧阳二12", "王五15"]);
    assert_eq!(page(&store, "豫J", &all, (0, 100)).len(), 10);
    assert_eq!(page(&store, "沪A", &all, (0, 2)), ["欧阳二2", "王五5"]);
    // Typed in either case and input mode, with the plate's dot.
    for typed in ["豫j", "豫Ｊ", "豫·J", " 豫 J "] {
        assert_eq!(page(&store, typed, &all, (0, 1)), ["王三3"], "{typed:?}");
    }
    assert!(page(&store, "豫A", &all, (0, 5)).is_empty());
    assert!(page(&store, "京J", &all, (0, 5)).is_empty());
    let window = SearchFilters {
        from: Some(days_ago(10)),
        to: Some(days_ago(4)),
        ..Default::default()
    };
    assert_eq!(
        page(&store, "豫K", &window, (0, 5)),
        ["欧阳四4", "王七7", "欧阳十10"],
        "both ends of the window are in it"
    );
    // A corrected plate is found by the new province and letter, shown as corrected, and
    // still by the old one, as every other search path does.
    let v = visit(sales[1], days_ago(1), "王一1", "13900011001", "京B00001");
    store
        .correct_visit(clerk, VisitId(30), &v, "车牌记错", now())
        .unwrap();
    let rows = store.search("京B", &all, (0, 5)).unwrap();
    assert_eq!(names(rows.clone()), ["王一1"]);
    assert_eq!(rows[0].plate, plate("京B00001"));
    assert!(rows[0].corrected);
    assert_eq!(page(&store, "豫K", &all, (0, 1)), ["王一1"]);
}

/// The old path of 1–2 characters that are neither Han nor lower-case letters: each register
/// read newest first with `LIKE` on the name, the plate and (digits) the phone's last four.
fn like_scan(store: &Store, q: &str) -> Vec<(Register, i64)> {
    let digits = q.chars().all(|c| c.is_ascii_digit());
    let pattern = format!(
        "%{}%",
        q.replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    let tail = digits.then(|| format!("%{q}"));
    let mut merged = Vec::new();
    for register in [Register::Visit, Register::Call] {
        let sql = like_sql(register).replace("LIKE ?1", "LIKE ?1 ESCAPE '\\'");
        let mut stmt = store.conn.prepare(&sql).unwrap();
        let rows = stmt
            .query_map(
                params![
                    pattern,
                    "",
                    "~",
                    None::<i64>,
                    None::<String>,
                    None::<String>,
                    1000,
                    0,
                    tail
                ],
                |r| Ok((r.get::<_, String>(1)?, register, r.get::<_, i64>(0)?)),
            )
            .unwrap();
        merged.extend(rows.map(|r| r.unwrap()));
    }
    merged.sort_by(|a, b| (&b.0, b.2).cmp(&(&a.0, a.2)));
    merged.into_iter().map(|(_, r, i)| (r, i)).collect()
}

#[test]
fn reg_search_short_fragments_find_what_the_like_scan_found() {
    let (mut store, clerk, sales) = short_queries(12);
    for (n, p, pl) in [
        ("Tom Lee", "13800138000", "粤B1A234"),
        ("Mr Smith", "", "京AD12345"),
        ("李Anna", "075581234488x601", ""),
        ("王2号", "13711112222", "沪A1234警"),
        ("a_b%c", "", ""),
    ] {
        store
            .register_visit(clerk, &visit(sales[0], days_ago(0), n, p, pl), None, now())
            .unwrap();
    }
    let ours = |q: &str| -> Vec<(Register, i64)> {
        store
            .search(q, &SearchFilters::default(), (0, 1000))
            .unwrap()
            .into_iter()
            .map(|r| (r.register, r.id))
            .collect()
    };
    for q in [
        "7", "78", "0", "88", "01", "A", "D", "J", "1A", "A1", "a1", "AD", "T", "To", "tO", "Om",
        "EE", "Le", "M", "豫J", "豫j", "沪A", "粤B", "京1", "4警", "王2", "2号", "李A", "An", "a_",
        "b%", "é",
    ] {
        assert_eq!(ours(q), like_scan(&store, q), "{q:?}");
    }
    // Signs alone are refused (issue 18), however a name holds them.
    for q in ["_", "%", "\\", "?"] {
        assert_eq!(refusal(q), Some(Refusal::NoLetterOrDigit), "{q:?}");
    }
    // The lower-case letters stay pinyin initials; whole Han runs the Han keys.
    assert_eq!(found(&mut store, "tl"), ["Tom Lee"]);
    assert_eq!(found(&mut store, "王一"), ["王一1", "王一11"]);
}

/// The SQL a query runs and what the plan must read (issue 15): a key of the query's own —
/// the grams' key, the trigram index, the phone indexes — or, for the empty box, the time
/// indexes newest first. Never a table read row by row, never a sort of every hit.
#[test]
fn every_kind_of_query_a_clerk_types_is_answered_from_an_index() {
    let (store, _, _) = registers();
    let cases: &[(&str, &str)] = &[
        ("", "the empty box"),
        ("王", "a one-character surname"),
        ("欧阳", "a two-character surname"),
        ("w", "pinyin initials"),
        ("豫J", "a plate's province and letter"),
        ("豫j", "the same in lower case"),
        ("A", "an upper-case letter"),
        ("A1", "a plate fragment"),
        ("7", "one digit"),
        ("78", "two digits"),
        ("%", "a sign"),
        ("5678", "last four digits"),
        ("王芳芳", "three characters"),
        ("13800135678", "a whole mobile number"),
    ];
    assert_answered_from_an_index(&store, cases);
}

/// Asserts, for each query, that the statements its plan runs read an index (a refused
/// query runs none), and returns each query's plan.
fn assert_answered_from_an_index(store: &Store, cases: &[(&str, &str)]) -> Vec<Plan> {
    let mut plans = Vec::new();
    let explain = |sql: &str, args: &[(&str, &str)]| -> String {
        let mut sql = sql.to_owned();
        // Highest first, so ?1 does not clip ?10.
        for (k, v) in args.iter().rev() {
            sql = sql.replace(k, v);
        }
        let mut stmt = store
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap();
        let rows: Vec<String> = stmt
            .query_map([], |r| r.get::<_, String>(3))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        rows.join("\n")
    };
    let filters = [
        ("?2", "0"),
        ("?3", "1"),
        ("?4", "NULL"),
        ("?5", "NULL"),
        ("?6", "NULL"),
        ("?7", "50"),
        ("?8", "0"),
        ("?9", "NULL"),
    ];
    for (query, kind) in cases {
        let plan = plan(query);
        let p = match &plan {
            Plan::Grams(gram) => {
                let p = explain(
                    &grams_sql(),
                    &[&[("?1", &*format!("'{gram}'"))], &filters[..]].concat(),
                );
                assert!(
                    p.contains("SEARCH g USING PRIMARY KEY (gram=? AND at>? AND at<?)"),
                    "{kind} {query:?}: {p}"
                );
                p
            }
            Plan::Fts { fts, .. } => {
                let p = explain(
                    TEXT_SQL,
                    &[("?1", &*format!("'{fts}'")), ("?2", "0"), ("?3", "1")],
                );
                assert!(p.contains("VIRTUAL TABLE INDEX"), "{kind}: {p}");
                p
            }
            Plan::Phone(phone) => {
                let p = explain(
                    &phone_sql(),
                    &[&[("?1", &*format!("'{phone}'"))], &filters[..]].concat(),
                );
                for index in ["visits_phone", "calls_phone", "register_corrections_phone"] {
                    assert!(
                        p.contains(&format!("USING COVERING INDEX {index} (phone=?)"))
                            || p.contains(&format!("USING INDEX {index} (phone=?)")),
                        "{kind}: {index}: {p}"
                    );
                }
                p
            }
            // Nothing is run.
            Plan::Refused(_) => String::new(),
            Plan::Newest => {
                let mut p = String::new();
                for (register, index) in
                    [(Register::Visit, "visits_at"), (Register::Call, "calls_at")]
                {
                    let one = explain(
                        &like_sql(register),
                        &[&[("?1", "'%'")], &filters[..]].concat(),
                    );
                    assert!(
                        one.contains(&format!("USING INDEX {index}")),
                        "{kind}: {one}"
                    );
                    p.push_str(&one);
                    p.push('\n');
                }
                p
            }
        };
        println!("{kind} {query:?} → {plan:?}\n{p}\n");
        for line in p.lines() {
            let scans_a_table = line.starts_with("SCAN ")
                && [
                    "v",
                    "c",
                    "g",
                    "k",
                    "visits",
                    "calls",
                    "register_grams",
                    "register_corrections",
                ]
                .iter()
                .any(|t| line.split_whitespace().nth(1) == Some(t))
                && !line.contains(" USING ");
            assert!(!scans_a_table, "{kind} {query:?}: {p}");
        }
        if !matches!(plan, Plan::Phone(_)) {
            assert!(
                !p.contains("TEMP B-TREE"),
                "{kind} {query:?}: a sort of every hit: {p}"
            );
        }
        plans.push(plan);
    }
    plans
}

/// Issue 18: awkward queries a clerk can type — signs, a `+86` being typed, a full-width
/// letter, an emoji — each read an index or are refused before any SQL, with the refusal
/// the pane shows; never a scan of `visits` or `calls`.
#[test]
fn reg_1_awkward_queries_read_an_index_or_are_refused_before_any_sql() {
    use Refusal::*;
    let (store, _, _) = registers();
    let cases: &[(&str, Option<Refusal>)] = &[
        ("+", Some(PhoneTooShort)),
        ("+8", Some(PhoneTooShort)),
        ("+86", Some(PhoneTooShort)),
        ("+8613", Some(PhoneTooShort)),
        ("+86 138 0", Some(PhoneTooShort)),
        ("@", Some(NoLetterOrDigit)),
        ("#", Some(NoLetterOrDigit)),
        ("%", Some(NoLetterOrDigit)),
        ("_", Some(NoLetterOrDigit)),
        ("'", Some(NoLetterOrDigit)),
        ("\"", Some(NoLetterOrDigit)),
        ("😀", Some(NoLetterOrDigit)),
        ("@@@", Some(NoLetterOrDigit)),
        (" ", None),
        ("4Y", None),
        ("1", None),
        ("12", None),
        ("a1", None),
        ("Ａ", None),
        ("王+", None),
        ("+86 13800", None),
        ("+86 138 0013 5678", None),
        ("+1 415", Some(PhoneTooShort)),
    ];
    let described: Vec<(&str, &str)> = cases.iter().map(|(q, _)| (*q, "awkward")).collect();
    let plans = assert_answered_from_an_index(&store, &described);
    for ((query, expected), plan) in cases.iter().zip(plans) {
        assert_eq!(refusal(query), *expected, "{query:?}");
        assert_eq!(
            matches!(plan, Plan::Refused(_)),
            expected.is_some(),
            "{query:?}"
        );
        if expected.is_some() {
            let rows = store.search(query, &SearchFilters::default(), (0, 50));
            assert!(rows.unwrap().is_empty(), "{query:?}");
        }
    }
}

/// Issue 18: `+86` then five digits or more is those digits, found anywhere in a number;
/// the whole number with `+86` is the number.
#[test]
fn reg_1_a_number_typed_with_plus_86_finds_what_its_digits_find() {
    let (mut store, _, _) = registers();
    assert_eq!(found(&mut store, "+86 13800"), found(&mut store, "13800"));
    assert!(!found(&mut store, "13800").is_empty());
    assert_eq!(
        found(&mut store, "+86 138-0013-5678"),
        found(&mut store, "13800135678")
    );
    assert!(found(&mut store, "+8613").is_empty());
}

#[test]
fn a_register_from_before_migration_13_answers_short_queries_after_the_upgrade() {
    // Rows written by a 012 build, filled by SQL as that build wrote them (its grams held
    // only Han and initials keys, which these searches do not read).
    let mut conn = Connection::open_in_memory().unwrap();
    crate::store::migrations()
        .to_version(&mut conn, 11)
        .unwrap();
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF;
         INSERT INTO visits (id, at, name, surname, full_name, phone, phone_last4, plate,
             salesperson_id, class, source, operator_id, recorded_at)
         VALUES (1, '2026-01-02T03:04:05.000Z', '王芳', '王', '王芳', '13800135678', '5678',
             '豫J12345', 3, 'A', 'web', 2, '2026-01-02T03:04:05.000Z'),
                (2, '2026-03-02T03:04:05.000Z', 'Tom Lee', 'lee', 'tom lee', '13911115678',
             '5678', '沪A1B345', 4, 'B', 'web', 2, '2026-03-02T03:04:05.000Z');
         INSERT INTO calls (id, at, name, surname, full_name, phone, phone_last4,
             salesperson_id, source, operator_id, recorded_at)
         VALUES (1, '2026-02-02T03:04:05.000Z', '赵敏', '赵', '赵敏', '13722225678', '5678', 3,
             'newspaper', 2, '2026-02-02T03:04:05.000Z');
         INSERT INTO register_corrections (id, register, target_id, at, operator_id, reason,
             changes, surname, full_name, phone, phone_last4, plate)
         VALUES (1, 'visit', 1, '2026-04-01T00:00:00.000Z', 2, '车牌记错',
             '{\"plate\":\"京B00001\"}', '王', '王芳', '13800135678', '5678', '京B00001'),
                (2, 'call', 1, '2026-04-02T00:00:00.000Z', 2, '号码记错',
             '{\"phone\":\"13733339999\"}', '赵', '赵敏', '13733339999', '9999', NULL);",
    )
    .unwrap();
    let mut store = Store::prepare(conn, None).unwrap();
    assert_eq!(found(&mut store, "豫J"), ["王芳"]);
    assert_eq!(found(&mut store, "京b"), ["王芳"], "by the corrected plate");
    assert_eq!(
        found(&mut store, "78"),
        ["Tom Lee", "赵敏", "王芳"],
        "newest first"
    );
    assert_eq!(
        found(&mut store, "99"),
        ["赵敏"],
        "by the corrected phone's end"
    );
    assert!(
        found(&mut store, "33").is_empty(),
        "137[3333]9999 is hidden by the mask"
    );
    assert_eq!(found(&mut store, "1B"), ["Tom Lee"]);
    assert_eq!(found(&mut store, "Le"), ["Tom Lee"]);
}
