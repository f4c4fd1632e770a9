//! `frontdesk export figures` through the real binary (REG-10, issue 17 §4): the
//! 来人来电统计表 of a range as one .xlsx sheet per table or one .csv of sections, with the
//! supervisor's PIN and the audit as for every export.

#[path = "common/cli.rs"]
mod cli;

use std::path::{Path, PathBuf};
use std::process::Output;

use chrono::{DateTime, TimeZone, Utc};
use cli::{frontdesk, stderr, stdout};
use frontdesk::domain::attribution::Answers;
use frontdesk::domain::deal::{DealForm, DealKind, check};
use frontdesk::domain::register::{
    CallRegistration, CustomerName, Phone, Source, VisitRegistration,
};
use frontdesk::domain::settings::OfficeSettings;
use frontdesk::domain::staff::{Role, StaffId};
use frontdesk::store::Store;

const PIN: &str = "2468";

/// Shanghai office time in 2025.
fn at(m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    chrono_tz::Asia::Shanghai
        .with_ymd_and_hms(2025, m, d, h, min, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn visit(
    who: StaffId,
    when: DateTime<Utc>,
    name: &str,
    phone: &str,
    source: Source,
) -> VisitRegistration {
    VisitRegistration {
        visited_at: when,
        name: Some(CustomerName::parse(name).unwrap()),
        phone: (!phone.is_empty()).then(|| Phone::parse(phone).unwrap()),
        work_unit: None,
        intent: None,
        source: Some(source),
        salesperson: who,
        car_brand: None,
        plate: None,
        party: None,
        class: None,
        notes: None,
    }
}

/// An office (陈经理, PIN 2468; clerk 小刘; salespeople 王芳 and 李娜) with, in March 2025:
/// 张伟 calling on the 3rd and visiting on the 4th (web, 王芳's), coming back on Sunday the
/// 9th at 23:59 and 刘洋 on Monday the 10th at 00:01 (signage, 李娜's), 赵强 on the 31st at
/// 23:59 (no source given), a call that never came in; 周明 on 1 April, outside the range.
fn office(dir: &Path) -> PathBuf {
    let path = dir.join("office.db");
    let mut store = Store::open(&path).unwrap();
    let boss = store
        .set_up_office(
            "西堤国际售楼处",
            "陈经理",
            PIN,
            PIN,
            &OfficeSettings::default(),
            at(3, 1, 9, 0),
        )
        .unwrap();
    let approval = store.approve(None, boss, PIN, at(3, 1, 9, 0)).unwrap();
    let add = |store: &mut Store, name: &str, role| {
        store
            .add_staff(boss, approval, name, role, None, at(3, 1, 9, 0))
            .unwrap()
    };
    let clerk = add(&mut store, "小刘", Role::Clerk);
    let wang = add(&mut store, "王芳", Role::Salesperson);
    let li = add(&mut store, "李娜", Role::Salesperson);
    for (who, when, phone) in [
        (wang, at(3, 3, 10, 0), "13800138000"),
        (li, at(3, 5, 11, 0), "13911112222"),
    ] {
        let call = CallRegistration {
            called_at: when,
            caller: Some(CustomerName::parse("张先生").unwrap()),
            phone: Some(Phone::parse(phone).unwrap()),
            question: None,
            answered_by: who,
            intent: None,
            source: Some(Source::Newspaper),
        };
        store.register_call(clerk, &call, when).unwrap();
    }
    let mut visits = vec![
        visit(wang, at(3, 4, 10, 0), "张伟", "13800138000", Source::Web),
        visit(wang, at(3, 9, 23, 59), "张伟", "13800138000", Source::Web),
        visit(li, at(3, 10, 0, 1), "刘洋", "13700001111", Source::Signage),
        visit(li, at(3, 31, 23, 59), "赵强", "", Source::Web),
        visit(li, at(4, 1, 10, 0), "周明", "", Source::Web),
    ];
    visits[3].source = None;
    for v in &visits {
        store.register_visit(clerk, v, None, v.visited_at).unwrap();
    }
    // 张伟 buys on the 9th from 王芳; 刘洋 buys from 李娜 on the 11th and cancels on the 12th.
    let mut deal = |closer, room: &str, buyer: &str, when| {
        let deal = check(
            &DealForm {
                signed_at: when,
                kind: DealKind::Customer,
                building: "3栋".into(),
                room: room.into(),
                buyers: buyer.into(),
                phone: String::new(),
                deposit: "5万".into(),
                price: String::new(),
                closer: Some(closer),
                grew_from: Vec::new(),
            },
            when,
            chrono_tz::Asia::Shanghai,
        )
        .unwrap();
        store
            .record_deal(clerk, &deal, Answers::default(), None, when)
            .unwrap()
            .deal
    };
    deal(wang, "1201", "张伟", at(3, 9, 15, 0));
    let cancelled = deal(li, "1202", "刘洋", at(3, 11, 15, 0));
    let approval = store.approve(None, boss, PIN, at(3, 12, 9, 0)).unwrap();
    store
        .cancel_deal(clerk, approval, cancelled, "客户退订", at(3, 12, 9, 0))
        .unwrap();
    path
}

fn export(db: &Path, lang: &str, out: &Path, pin: &str) -> Output {
    frontdesk(
        db,
        lang,
        &[
            "export",
            "figures",
            "--from",
            "2025-03-01",
            "--to",
            "2025/3/31",
            "--out",
            out.to_str().unwrap(),
            "--supervisor",
            "陈经理",
        ],
        &format!("{pin}\n"),
    )
}

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[test]
fn reg_10_the_csv_export_holds_the_days_weeks_months_sources_and_salespeople_as_sections() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let out = dir.path().join("figures.csv");
    let done = export(&db, "en", &out, PIN);
    assert!(done.status.success(), "{}", stderr(&done));
    assert!(
        stdout(&done).contains("(4 visits, 2 calls, 1 deals)"),
        "{}",
        stdout(&done)
    );
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with('\u{feff}'), "UTF-8 with a BOM");
    let rows = csv_rows(&text);
    assert_eq!(
        rows[0],
        [
            "Date",
            "Visits",
            "New visitors",
            "Returning",
            "Calls",
            "Calls then visits",
            "Call to visit",
            "Deals",
            "Deal rate"
        ]
    );
    let day = |d: &str| rows.iter().find(|r| r[0] == d).unwrap().clone();
    // 23:59 on Sunday the 9th and 00:01 on Monday the 10th are two days.
    assert_eq!(day("2025-03-09")[1..4], ["1", "0", "1"]);
    assert_eq!(day("2025-03-10")[1..4], ["1", "1", "0"]);
    assert_eq!(
        day("2025-03-31")[1],
        "1",
        "the month's last day, last minute"
    );
    assert_eq!(day("2025-03-03")[4..7], ["1", "1", "100.00%"]);
    assert_eq!(day("2025-03-05")[4..7], ["1", "0", "0.00%"]);
    assert_eq!(rows[31][0], "2025-03-31");
    let total = &rows[32];
    assert_eq!(
        total,
        &["Total", "4", "3", "1", "2", "1", "50.00%", "1", "33.33%"]
    );
    // The sections: by week (Mondays; the 9th closes the week of the 3rd), by month.
    let section = |name: &str| rows.iter().position(|r| r == &[name]).unwrap();
    let weeks = section("By week");
    assert_eq!(rows[weeks - 1], [""]);
    assert_eq!(rows[weeks + 1][0], "Week (Monday)");
    assert_eq!(rows[weeks + 2][0], "2025-02-24", "March 1st is a Saturday");
    let week = |monday: &str| {
        rows[weeks..]
            .iter()
            .find(|r| r[0] == monday)
            .unwrap()
            .clone()
    };
    assert_eq!(week("2025-03-03")[1], "2");
    assert_eq!(week("2025-03-10")[1], "1");
    let months = section("By month");
    assert_eq!(rows[months + 2][..2], ["2025-03", "4"]);
    let sources = section("By source");
    assert_eq!(
        rows[sources + 1],
        ["Source", "Visits", "New visitors", "Share of visits"]
    );
    assert_eq!(rows[sources + 2], ["Web", "2", "1", "50.00%"]);
    assert!(rows[sources + 3..sources + 5].contains(&vec![
        "Signage".to_owned(),
        "1".into(),
        "1".into(),
        "25.00%".into()
    ]));
    assert_eq!(rows[sources + 5], ["Total", "4", "3", "100.00%"]);
    let people = section("By salesperson");
    assert_eq!(rows[people + 1][0], "Salesperson");
    let li = rows[people..].iter().find(|r| r[0] == "李娜").unwrap();
    assert_eq!(
        li[1..9],
        ["2", "2", "0", "1", "0", "0.00%", "0", "0.00%"],
        "her deal was cancelled"
    );
    let wang = rows[people..].iter().find(|r| r[0] == "王芳").unwrap();
    assert_eq!(
        wang[7..9],
        ["1", "100.00%"],
        "one deal over her one new visitor"
    );
    assert_eq!(day("2025-03-09")[7], "1");
    assert_eq!(
        day("2025-03-11")[7],
        "0",
        "the cancelled deal is not counted"
    );
    assert!(!text.contains("2025-04-01"), "April is outside the range");
    assert!(
        text.contains("Deal rate = deals ÷ new visitors"),
        "the definitions are written"
    );
    let audit = Store::open(&db)
        .unwrap()
        .audit_trail()
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(audit.action, "export_figures");
    assert!(
        audit.detail.contains("2025-03-01..2025-03-31"),
        "{}",
        audit.detail
    );
    assert!(
        audit.detail.contains("4 visits, 2 calls"),
        "{}",
        audit.detail
    );
}

#[test]
fn reg_10_the_xlsx_export_in_chinese_has_one_sheet_per_table_with_typed_cells() {
    use calamine::{Data, Reader};
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let out = dir.path().join("来人来电统计表.xlsx");
    let done = export(&db, "zh", &out, PIN);
    assert!(done.status.success(), "{}", stderr(&done));
    assert!(stdout(&done).contains("4 次来访"), "{}", stdout(&done));
    let mut book = calamine::open_workbook_auto(&out).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["按日", "按周", "按月", "按来源", "按销售员"]
    );
    let sheet = |book: &mut calamine::Sheets<_>, i| -> Vec<Vec<Data>> {
        let range = book.worksheet_range_at(i).unwrap().unwrap();
        range.rows().map(<[Data]>::to_vec).collect()
    };
    let days = sheet(&mut book, 0);
    assert_eq!(days[0][0], Data::String("日期".into()));
    assert_eq!(days[0][8], Data::String("成交率".into()));
    assert!(matches!(days[1][0], Data::DateTime(_)), "{:?}", days[1][0]);
    assert_eq!(days[32][0], Data::String("合计".into()));
    assert_eq!(days[32][1], Data::Float(4.0));
    assert_eq!(
        days[32][6],
        Data::Float(0.5),
        "the rate as a percentage cell"
    );
    let sources = sheet(&mut book, 3);
    assert_eq!(sources[1][0], Data::String("网络".into()));
    assert_eq!(sources.last().unwrap()[3], Data::Float(1.0));
    let people = sheet(&mut book, 4);
    assert!(people.iter().any(|r| r[0] == Data::String("王芳".into())));
}

#[test]
fn a_figures_export_needs_the_supervisors_pin_and_a_wrong_one_writes_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let out = dir.path().join("figures.xlsx");
    let refused = export(&db, "en", &out, "1111");
    assert!(!refused.status.success());
    assert!(!out.exists());
    let audit = Store::open(&db).unwrap().audit_trail().unwrap();
    assert!(!audit.iter().any(|a| a.action == "export_figures"));
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(".frontdesk-export-")
        })
        .collect();
    assert!(left.is_empty(), "no partial file is left");
}
