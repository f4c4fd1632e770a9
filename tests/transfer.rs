//! `frontdesk export` and `frontdesk import` through the real binary, the PIN on standard
//! input, and the demo's register (issue 8 §3).

#[path = "common/office.rs"]
mod office;

#[path = "common/cli.rs"]
mod cli;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Instant;

use chrono::{DateTime, Days, TimeZone, Utc};
use cli::{frontdesk, stderr, stdout};
use frontdesk::demo;
use frontdesk::domain::policy::Policy;
use frontdesk::domain::register::{CustomerName, Identity, Phone, Plate, Verdict, check};
use frontdesk::domain::settings::OfficeSettings;
use frontdesk::domain::staff::{Role, StaffId};
use frontdesk::store::Store;
use frontdesk::store::register::SearchFilters;
use office::{PIN, small_office};

fn tz() -> chrono_tz::Tz {
    "Asia/Shanghai".parse().unwrap()
}

/// The demo office on a file, closed; the demo supervisor's PIN is `demo::DEMO_PIN`.
fn demo_office(dir: &Path) -> PathBuf {
    let path = dir.join("demo.db");
    let mut store = Store::open(&path).unwrap();
    demo::populate(&mut store, &OfficeSettings::default(), Utc::now()).unwrap();
    path
}

fn staff_id(store: &Store, name: &str) -> StaffId {
    store
        .staff()
        .unwrap()
        .into_iter()
        .find(|s| s.name == name)
        .unwrap()
        .id
}

fn head(store: &Store, table: &str) -> String {
    store
        .chain_heads()
        .unwrap()
        .into_iter()
        .find(|h| h.table == table)
        .unwrap()
        .short()
}

fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text
        .strip_prefix('\u{feff}')
        .expect("a byte-order mark for Excel");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

/// The office's local date `days` ago.
fn days_ago(days: u64) -> chrono::NaiveDate {
    Utc::now().with_timezone(&tz()).date_naive() - Days::new(days)
}

fn verdict(
    store: &Store,
    typed: &Identity,
    now: DateTime<Utc>,
) -> frontdesk::domain::register::Ownership {
    let earlier = store.earlier_registrations(typed, 200).unwrap();
    check(typed, &earlier, now, tz(), &Policy::preset("004"))
}

fn by_phone(phone: &str) -> Identity {
    Identity {
        name: None,
        phone: Some(Phone::parse(phone).unwrap()),
        plate: None,
    }
}

// ---------------------------------------------------------------------------------------
// Export

#[test]
fn sec_2_export_needs_the_supervisors_pin() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_office(dir.path());
    let out = dir.path().join("visits.csv");
    let args = [
        "export",
        "visits",
        "--out",
        out.to_str().unwrap(),
        "--supervisor",
        "陈经理",
    ];
    let wrong = frontdesk(&db, "en", &args, "0000\n");
    assert!(!wrong.status.success());
    assert_eq!(stderr(&wrong).trim(), "frontdesk: Wrong PIN");
    assert!(!out.exists(), "no file without the PIN");
    let nothing = frontdesk(&db, "zh", &args, "");
    assert!(!nothing.status.success());
    assert!(
        stderr(&nothing).contains("没有输入主管密码"),
        "{}",
        stderr(&nothing)
    );
    // A salesperson's name is not a supervisor's.
    let args = [
        "export",
        "visits",
        "--out",
        out.to_str().unwrap(),
        "--supervisor",
        "王芳",
    ];
    let not = frontdesk(&db, "en", &args, &format!("{PIN}\n"));
    assert!(
        stderr(&not).contains("王芳 is not an active supervisor"),
        "{}",
        stderr(&not)
    );
    assert!(!out.exists());
    let store = Store::open(&db).unwrap();
    let trail = store.audit_trail().unwrap();
    assert!(
        trail.iter().any(|a| a.action == "wrong_pin"),
        "the wrong PIN is audited"
    );
    assert!(!trail.iter().any(|a| a.action.starts_with("export")));
}

#[test]
fn export_failures_are_one_line_in_the_users_language() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_office(dir.path());
    let pin = format!("{PIN}\n");
    let cases: [(&[&str], &str, &str); 5] = [
        (
            &[
                "export",
                "visits",
                "--out",
                "x.txt",
                "--supervisor",
                "陈经理",
            ],
            "en",
            "x.txt: the file must be .csv or .xlsx",
        ),
        (
            &[
                "export",
                "calls",
                "--from",
                "2024-13-01",
                "--out",
                "x.csv",
                "--supervisor",
                "陈经理",
            ],
            "zh",
            "--from 的日期“2024-13-01”无法识别",
        ),
        (
            &[
                "export",
                "calls",
                "--from",
                "2024-03-02",
                "--to",
                "2024-03-01",
                "--out",
                "x.csv",
                "--supervisor",
                "陈经理",
            ],
            "en",
            "--from 2024-03-02 is after --to 2024-03-01",
        ),
        (
            &["export", "visits", "--out", "x.csv", "--supervisor", "王五"],
            "zh",
            "没有名为 王五 的员工",
        ),
        (
            &[
                "export",
                "visits",
                "--out",
                "/nonexistent/dir/x.csv",
                "--supervisor",
                "陈经理",
            ],
            "en",
            "Cannot write /nonexistent/dir/x.csv",
        ),
    ];
    for (args, lang, expected) in cases {
        let out = frontdesk(&db, lang, args, &pin);
        assert!(!out.status.success(), "{args:?}");
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "one line: {err}");
        assert!(err.contains(expected), "{args:?}: {err}");
    }
    let missing = dir.path().join("missing.db");
    let out = frontdesk(
        &missing,
        "en",
        &["export", "visits", "--out", "x.csv", "--supervisor", "x"],
        "",
    );
    assert!(stderr(&out).contains("does not exist"), "{}", stderr(&out));
    assert!(!missing.exists(), "a mistyped path is not created");
}

#[test]
fn reg_4_an_export_to_csv_has_the_corrected_values_and_ends_with_the_chain_head() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_office(dir.path());
    let out = dir.path().join("visits.csv");
    let done = frontdesk(
        &db,
        "en",
        &[
            "export",
            "visits",
            "--out",
            out.to_str().unwrap(),
            "--supervisor",
            demo::DEMO_SUPERVISOR,
        ],
        &format!("{}\n", demo::DEMO_PIN),
    );
    assert!(done.status.success(), "{}", stderr(&done));
    let store = Store::open(&db).unwrap();
    let visits_head = head(&store, "visits");
    assert!(stdout(&done).contains(&visits_head), "{}", stdout(&done));
    let rows = csv_rows(&out);
    assert_eq!(rows[0][..4], ["No.", "Visited at", "Name", "Phone"]);
    assert_eq!(rows[0].last().unwrap(), "Correction reasons");
    let count: i64 = store
        .chain_heads()
        .unwrap()
        .into_iter()
        .find(|h| h.table == "visits")
        .unwrap()
        .length;
    assert_eq!(rows.len() as i64, count + 2, "header, every visit, footer");
    // 郑凯瑞 was registered under a mistyped number and corrected (REG-4).
    let zheng = rows
        .iter()
        .find(|r| r[2] == "郑凯瑞")
        .expect("郑凯瑞 exported");
    assert_eq!(zheng[3], "13907072088", "the corrected phone, in full");
    assert_eq!(zheng[13], "yes");
    assert!(zheng[14].contains("电话登记错两位"));
    assert!(rows.iter().any(|r| r.get(13).is_some_and(|c| c == "no")));
    let footer = rows.last().unwrap();
    assert_eq!(footer[0], "Chain head");
    assert!(footer[1].contains(&visits_head), "{footer:?}");
    assert!(footer[2].contains(&head(&store, "register_corrections")));
    assert!(footer[3].contains(demo::DEMO_SUPERVISOR));
    // Times are the office's: the visit 12 days ago at 10:30.
    let liu = rows.iter().rfind(|r| r[2] == "刘沐宸").unwrap();
    assert_eq!(liu[1], format!("{} 10:30", days_ago(12)));
    let audit = store.audit_trail().unwrap();
    let row = audit
        .iter()
        .rev()
        .find(|a| a.action == "export_visits")
        .unwrap();
    assert!(
        row.detail.contains(&format!("{count} rows")),
        "{}",
        row.detail
    );
    assert!(row.detail.contains("visits.csv"), "{}", row.detail);
    assert!(row.detail.contains(&visits_head), "{}", row.detail);
    assert_eq!(row.approver, Some(staff_id(&store, demo::DEMO_SUPERVISOR)));
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&out).unwrap().permissions().mode();
    assert_eq!(mode & 0o077, 0, "full phones: readable by the owner only");
}

#[test]
fn an_export_to_xlsx_reads_back_with_its_dates_phones_and_chain_head_in_chinese() {
    use calamine::{Data, Reader};
    let dir = tempfile::tempdir().unwrap();
    let db = demo_office(dir.path());
    let out = dir.path().join("来电.xlsx");
    let from = days_ago(30).to_string();
    let done = frontdesk(
        &db,
        "zh",
        &[
            "export",
            "calls",
            "--from",
            &from,
            "--out",
            out.to_str().unwrap(),
            "--supervisor",
            demo::DEMO_SUPERVISOR,
        ],
        &format!("{}\n", demo::DEMO_PIN),
    );
    assert!(done.status.success(), "{}", stderr(&done));
    assert!(stdout(&done).contains("已导出"), "{}", stdout(&done));
    let mut book = calamine::open_workbook_auto(&out).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<Vec<Data>> = sheet.rows().map(<[Data]>::to_vec).collect();
    assert_eq!(rows[0][1], Data::String("来电时间".into()));
    assert_eq!(rows[0][2], Data::String("来电人".into()));
    let ma = rows
        .iter()
        .find(|r| r[2] == Data::String("马骁睿".into()))
        .expect("马骁睿's call, 3 days ago, is in the last 30 days");
    assert_eq!(
        ma[3],
        Data::String("13906062003".into()),
        "a phone stays text"
    );
    assert!(
        matches!(ma[1], Data::DateTime(_)),
        "a date Excel can sort: {:?}",
        ma[1]
    );
    let store = Store::open(&db).unwrap();
    let footer = rows.last().unwrap();
    assert_eq!(footer[0], Data::String("链头".into()));
    assert!(footer[1].to_string().contains(&head(&store, "calls")));
    let earliest = rows[1..rows.len() - 2]
        .iter()
        .filter_map(|r| match &r[1] {
            Data::DateTime(t) => {
                let (y, m, d, ..) = t.to_ymd_hms_milli();
                chrono::NaiveDate::from_ymd_opt(y.into(), m.into(), d.into())
            }
            _ => None,
        })
        .min()
        .unwrap();
    assert!(
        earliest >= days_ago(30),
        "--from is an office day: {earliest}"
    );
    assert!(
        store
            .audit_trail()
            .unwrap()
            .iter()
            .any(|a| a.action == "export_calls")
    );
}

// ---------------------------------------------------------------------------------------
// Import

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn import(db: &Path, lang: &str, file: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["import", "visits", file.to_str().unwrap()];
    args.extend_from_slice(extra);
    if !extra.contains(&"--dry-run") {
        args.extend_from_slice(&["--supervisor", "陈经理"]);
    }
    frontdesk(db, lang, &args, &format!("{PIN}\n"))
}

fn visit_count(db: &Path) -> usize {
    let store = Store::open(db).unwrap();
    store
        .chain_heads()
        .unwrap()
        .into_iter()
        .find(|h| h.table == "visits")
        .unwrap()
        .length as usize
}

/// An office's own register: a title row, Chinese headers, a salesperson who has left.
fn chinese_register(dir: &Path) -> PathBuf {
    let a = days_ago(3);
    let b = days_ago(2);
    write(
        dir,
        "登记本.csv",
        &format!(
            "客户来访登记表,,,,,,,\n\
             日期,客户姓名,联系电话,置业顾问,车牌号,信息来源,类别,备注\n\
             {a} 10:15,张三丰,138 0013 8000,王芳,粤B12345,老带新,A类,看三居\n\
             {b},李四光,,周小川,,路过,b,\n\
             ,,,,,,,\n\
             {b} 16:40,王先生,,李娜,粤A·D88888,网络,,\n"
        ),
    )
}

#[test]
fn reg_1_an_office_register_in_chinese_is_imported_whole_with_its_dates() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_office(dir.path());
    let file = chinese_register(dir.path());
    let out = import(&db, "zh", &file, &[]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("已从") && text.contains("导入 3 条来访登记"),
        "{text}"
    );
    assert!(
        text.contains("周小川"),
        "the new salesperson is listed: {text}"
    );
    let store = Store::open(&db).unwrap();
    // The end of the phone, as the masked list shows it (1–4 digits match only there).
    let rows = store
        .search("8000", &SearchFilters::default(), (0, 10))
        .unwrap();
    assert_eq!(rows.len(), 1);
    let zhang = &rows[0];
    assert_eq!(zhang.name.as_ref().unwrap().as_str(), "张三丰");
    assert_eq!(zhang.salesperson, staff_id(&store, "王芳"));
    let local = zhang.at.with_timezone(&tz());
    assert_eq!(
        local.date_naive(),
        days_ago(3),
        "the date as written, office time"
    );
    assert_eq!(local.format("%H:%M").to_string(), "10:15");
    let zhou = store
        .staff()
        .unwrap()
        .into_iter()
        .find(|s| s.name == "周小川")
        .unwrap();
    assert!(!zhou.active, "added inactive");
    assert_eq!(zhou.role, Role::Salesperson);
    let audit = store.audit_trail().unwrap();
    let row = audit.iter().find(|a| a.action == "import_visits").unwrap();
    assert!(
        row.detail.contains("3 visits from") && row.detail.contains("登记本.csv"),
        "{}",
        row.detail
    );
    assert!(
        audit
            .iter()
            .any(|a| a.action == "add_staff" && a.detail.contains("周小川"))
    );
    assert_eq!(store.verify_all().unwrap(), None, "every row chained");
    // The plate with surname only is an identity (REG-3).
    let wang = store
        .search("粤AD8", &SearchFilters::default(), (0, 10))
        .unwrap();
    assert_eq!(wang.len(), 1);
}

#[test]
fn reg_1_an_xlsx_register_with_english_headers_and_excel_dates_is_imported() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let dir = tempfile::tempdir().unwrap();
    let db = small_office(dir.path());
    let path = dir.path().join("register.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("yyyy/m/d hh:mm");
    for (c, h) in [
        "Visited at",
        "Name",
        "Mobile",
        "Sales",
        "Plate",
        "Source",
        "Class",
        "Car",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let day = days_ago(5);
    let at = ExcelDateTime::parse_from_str(&format!("{day} 14:30:00")).unwrap();
    sheet.write_datetime_with_format(1, 0, &at, &date).unwrap();
    sheet.write_string(1, 1, "Liu Yang").unwrap();
    // A phone typed as a number, as Excel keeps it.
    sheet.write_number(1, 2, 13912345678.0).unwrap();
    sheet.write_string(1, 3, "李娜").unwrap();
    sheet.write_string(1, 4, "沪C12345").unwrap();
    sheet.write_string(1, 5, "Passing by").unwrap();
    sheet.write_string(1, 6, "C").unwrap();
    sheet.write_string(1, 7, "Tesla").unwrap();
    book.save(&path).unwrap();
    let out = import(&db, "en", &path, &[]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(
        stdout(&out).contains("Imported 1 visits"),
        "{}",
        stdout(&out)
    );
    let store = Store::open(&db).unwrap();
    let found = store
        .earlier_registrations(&by_phone("13912345678"), 10)
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].salesperson, staff_id(&store, "李娜"));
    let local = found[0].at.with_timezone(&tz());
    assert_eq!(
        local.format("%Y-%m-%d %H:%M").to_string(),
        format!("{day} 14:30")
    );
}

#[test]
fn reg_4_an_import_with_a_bad_row_imports_nothing_and_names_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_office(dir.path());
    let before = Store::open(&db).unwrap().audit_trail().unwrap().len();
    let day = days_ago(1);
    let file = write(
        dir.path(),
        "bad.csv",
        &format!(
            "name,phone,date,salesperson\n\
             张三,13800138000,{day},王芳\n\
             李四,12345,{day},新人甲\n\
             王五,13800138001,someday,王芳\n\
             ,,{day},王芳\n"
        ),
    );
    let out = import(&db, "en", &file, &[]);
    assert!(!out.status.success());
    let text = stdout(&out);
    assert!(
        text.contains("line 3: Phone: is not a phone number"),
        "{text}"
    );
    assert!(
        text.contains("line 4: Date: “someday” is not a date"),
        "{text}"
    );
    assert!(
        text.contains("line 5: no full name, phone, or plate with surname"),
        "{text}"
    );
    assert!(!text.contains("line 2"), "{text}");
    assert!(stderr(&out).contains("3 rows cannot be imported, so nothing was imported"));
    assert_eq!(visit_count(&db), 0, "nothing half-imported");
    let store = Store::open(&db).unwrap();
    assert!(!store.staff().unwrap().iter().any(|s| s.name == "新人甲"));
    assert_eq!(
        store.audit_trail().unwrap().len(),
        before,
        "not even a PIN was asked"
    );
}

#[test]
fn skip_bad_imports_the_rest_and_lists_what_it_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_office(dir.path());
    let day = days_ago(1);
    let file = write(
        dir.path(),
        "mixed.csv",
        &format!(
            "姓名,电话,日期,销售\n\
             张三,13800138000,{day},王芳\n\
             李四,12345,{day},新人甲\n\
             赵六,13800138002,{day},李娜\n"
        ),
    );
    let out = import(&db, "zh", &file, &["--skip-bad"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("已跳过 第 3 行:电话:不是电话号码"), "{text}");
    assert!(text.contains("跳过了 1 行"), "{text}");
    assert!(text.contains("导入 2 条"), "{text}");
    assert_eq!(visit_count(&db), 2);
    let store = Store::open(&db).unwrap();
    assert!(
        !store.staff().unwrap().iter().any(|s| s.name == "新人甲"),
        "a skipped row's salesperson is not added"
    );
    let audit = store.audit_trail().unwrap();
    let row = audit.iter().find(|a| a.action == "import_visits").unwrap();
    assert!(row.detail.contains("1 rows skipped"), "{}", row.detail);
}

#[test]
fn a_dry_run_checks_everything_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_office(dir.path());
    let before = Store::open(&db).unwrap().audit_trail().unwrap().len();
    let file = chinese_register(dir.path());
    let out = import(&db, "en", &file, &["--dry-run"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Dry run: 3 visits can be imported"), "{text}");
    assert!(
        text.contains("Would be added as inactive salespeople: 周小川"),
        "{text}"
    );
    assert_eq!(visit_count(&db), 0);
    let store = Store::open(&db).unwrap();
    assert_eq!(store.audit_trail().unwrap().len(), before);
    assert!(!store.staff().unwrap().iter().any(|s| s.name == "周小川"));
}

#[test]
fn an_import_needs_the_supervisors_pin() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_office(dir.path());
    let file = chinese_register(dir.path());
    let args = [
        "import",
        "visits",
        file.to_str().unwrap(),
        "--supervisor",
        "陈经理",
    ];
    let out = frontdesk(&db, "en", &args, "1111\n");
    assert!(!out.status.success());
    assert_eq!(stderr(&out).trim(), "frontdesk: Wrong PIN");
    assert_eq!(visit_count(&db), 0);
}

#[test]
fn reg_5_imported_dates_keep_their_protection_windows() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_office(dir.path());
    let file = write(
        dir.path(),
        "old.csv",
        &format!(
            "日期,姓名,电话,置业顾问\n\
             {},钱老早,13700000040,王芳\n\
             {},孙近来,13700000010,李娜\n",
            days_ago(40),
            days_ago(10)
        ),
    );
    let out = import(&db, "zh", &file, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let store = Store::open(&db).unwrap();
    let now = Utc::now();
    // Under the default policy (004: 30 days), 40 days ago is no longer protected.
    match verdict(&store, &by_phone("13700000040"), now).verdict {
        Verdict::Expired { last, .. } => {
            assert_eq!(last.owner, staff_id(&store, "王芳"));
            assert_eq!(last.days_ago, 40);
        }
        other => panic!("expected expired, got {other:?}"),
    }
    match verdict(&store, &by_phone("13700000010"), now).verdict {
        Verdict::Returning(claim) => {
            assert_eq!(claim.owner, staff_id(&store, "李娜"));
            assert_eq!(claim.days_ago, 10);
        }
        other => panic!("expected returning, got {other:?}"),
    }
}

#[test]
fn an_export_imports_into_another_office() {
    let dir = tempfile::tempdir().unwrap();
    let first = small_office(dir.path());
    let file = chinese_register(dir.path());
    assert!(import(&first, "zh", &file, &[]).status.success());
    let out = dir.path().join("out.xlsx");
    let args = [
        "export",
        "visits",
        "--out",
        out.to_str().unwrap(),
        "--supervisor",
        "陈经理",
    ];
    assert!(
        frontdesk(&first, "zh", &args, &format!("{PIN}\n"))
            .status
            .success()
    );
    let other_dir = tempfile::tempdir().unwrap();
    let second = small_office(other_dir.path());
    let back = import(&second, "zh", &out, &[]);
    assert!(back.status.success(), "{}{}", stdout(&back), stderr(&back));
    assert!(stdout(&back).contains("导入 3 条"), "{}", stdout(&back));
    let a = Store::open(&first)
        .unwrap()
        .search("张三丰", &SearchFilters::default(), (0, 5))
        .unwrap();
    let b = Store::open(&second)
        .unwrap()
        .search("张三丰", &SearchFilters::default(), (0, 5))
        .unwrap();
    assert_eq!(
        (a[0].at, &a[0].phone, &a[0].plate),
        (b[0].at, &b[0].phone, &b[0].plate)
    );
}

// ---------------------------------------------------------------------------------------
// The demo's register

#[test]
fn the_demo_register_has_every_verdict_for_a_newcomer_to_see() {
    let mut store = Store::open_in_memory().unwrap();
    let now = Utc::now();
    demo::populate(&mut store, &OfficeSettings::default(), now).unwrap();
    let heads = store.chain_heads().unwrap();
    let length = |t: &str| heads.iter().find(|h| h.table == t).unwrap().length;
    // Two years of a busy office: tens of thousands of rows in a release build, a tenth in a
    // debug build (where the full register would slow every test that starts from the demo).
    let size = demo::register::Size::for_build();
    assert!(
        length("visits") >= 1_500 * i64::from(size.0),
        "{}",
        length("visits")
    );
    assert!(
        length("calls") >= 400 * i64::from(size.0),
        "{}",
        length("calls")
    );
    assert!(length("register_corrections") >= 5);
    let id = |name: &str| staff_id(&store, name);
    let former: Vec<_> = store
        .staff()
        .unwrap()
        .into_iter()
        .filter(|s| !s.active)
        .collect();
    assert_eq!(former.len(), demo::register::FORMER_SALESPEOPLE.len());
    let phone = |p: &str| verdict(&store, &by_phone(p), now);

    let returning = phone("13901012012");
    let Verdict::Returning(claim) = &returning.verdict else {
        panic!("刘沐宸: {:?}", returning.verdict)
    };
    assert_eq!((claim.owner, claim.days_ago), (id("王芳"), 12));

    let Verdict::Conflict { holders } = phone("13902022020").verdict else {
        panic!("赵雅琪 is a conflict")
    };
    let owners: Vec<StaffId> = holders.iter().map(|c| c.owner).collect();
    assert_eq!(owners, [id("李娜"), id("张伟")], "the earlier wins (REG-6)");

    let Verdict::Expired {
        last,
        unknowing_until,
    } = phone("13903032045").verdict
    else {
        panic!("孙志谦 expired")
    };
    assert_eq!((last.owner, last.days_ago), (id("刘洋"), 45));
    assert!(unknowing_until.is_some(), "004's second window still runs");

    let Verdict::Expired {
        last,
        unknowing_until,
    } = phone("13904042100").verdict
    else {
        panic!("吴海澜 expired")
    };
    assert_eq!((last.owner, unknowing_until), (id("陈静"), None));

    let plate = Identity {
        name: Some(CustomerName::parse("钱先生").unwrap()),
        phone: None,
        plate: Some(Plate::parse("粤BD12345").unwrap()),
    };
    let Verdict::Returning(claim) = verdict(&store, &plate, now).verdict else {
        panic!("钱先生 by plate")
    };
    assert_eq!((claim.owner, claim.days_ago), (id("黄丽"), 10));

    let Verdict::Returning(claim) = phone("13906062003").verdict else {
        panic!("马骁睿 by a call")
    };
    assert_eq!((claim.owner, claim.days_ago), (id("赵强"), 3));

    let Verdict::Returning(claim) = phone("13907072088").verdict else {
        panic!("郑凯瑞 by the corrected phone")
    };
    assert_eq!(claim.owner, id("陈静"));

    let Verdict::Expired { last, .. } = phone("13908082120").verdict else {
        panic!("冯子墨 expired")
    };
    assert_eq!(last.owner, id("周明"));

    let Verdict::Returning(claim) = phone("15000003456").verdict else {
        panic!("王秋禾")
    };
    assert_eq!((claim.owner, claim.days_ago), (id("赵强"), 6));

    let near = phone("13901012013");
    assert_eq!(near.verdict, Verdict::New);
    assert!(!near.possible.is_empty(), "one digit off 刘沐宸's number");
    let near = verdict(
        &store,
        &Identity {
            name: Some(CustomerName::parse("王小溪").unwrap()),
            phone: Some(Phone::parse("18600003456").unwrap()),
            plate: None,
        },
        now,
    );
    assert_eq!(near.verdict, Verdict::New);
    assert!(
        !near.possible.is_empty(),
        "same surname and last four as 王秋禾"
    );

    assert_eq!(phone("13700000001").verdict, Verdict::New);
    // Enough returning customers and conflicts besides the named ones to make searching real.
    let found = store
        .search("wf", &SearchFilters::default(), (0, 5))
        .unwrap();
    assert_eq!(found.len(), 5);
    assert_eq!(store.verify_all().unwrap(), None);
}

#[test]
#[ignore = "a timing: cargo test --release --test transfer -- --ignored --nocapture --test-threads=1"]
fn timing_demo_populate() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("demo.db")).unwrap();
    let started = Instant::now();
    demo::populate(&mut store, &OfficeSettings::default(), Utc::now()).unwrap();
    let heads = store.chain_heads().unwrap();
    println!(
        "demo populate on a file: {:.2?} ({:?})",
        started.elapsed(),
        heads
            .iter()
            .map(|h| (h.table, h.length))
            .collect::<Vec<_>>()
    );
}

#[test]
#[ignore = "a timing: cargo test --release --test transfer -- --ignored --nocapture --test-threads=1"]
fn timing_import_50k_rows() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_office(dir.path());
    let mut text = String::from("日期,姓名,电话,置业顾问,车牌,信息来源,类别\n");
    let surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵"];
    let given = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋"];
    let start = Utc.with_ymd_and_hms(2023, 1, 1, 2, 0, 0).unwrap();
    for i in 0..50_000u64 {
        let at = (start + chrono::Duration::minutes(30 * i as i64)).with_timezone(&tz());
        let name = format!(
            "{}{}{}",
            surnames[(i % 8) as usize],
            given[(i / 8 % 10) as usize],
            given[(i / 80 % 10) as usize]
        );
        let plate = if i % 3 == 0 {
            format!("粤B{:05}", i % 100_000)
        } else {
            String::new()
        };
        let who = ["王芳", "李娜", "离职甲", "离职乙"][(i % 4) as usize];
        text.push_str(&format!(
            "{},{name},139{:08},{who},{plate},网络,B\n",
            at.format("%Y-%m-%d %H:%M"),
            i * 7919 % 100_000_000
        ));
    }
    let file = write(dir.path(), "big.csv", &text);
    let started = Instant::now();
    let dry = import(&db, "en", &file, &["--dry-run"]);
    assert!(dry.status.success(), "{}", stderr(&dry));
    println!(
        "dry run of 50,000 rows (read and validate): {:.2?}",
        started.elapsed()
    );
    let started = Instant::now();
    let out = import(&db, "en", &file, &[]);
    let took = started.elapsed();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(visit_count(&db), 50_000);
    println!("import of 50,000 rows (the binary, end to end): {took:.2?}");
}

#[test]
fn an_import_without_a_header_or_of_another_kind_of_file_says_so_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_office(dir.path());
    let file = write(dir.path(), "numbers.csv", "1,2,3\n4,5,6\n");
    let out = import(&db, "en", &file, &[]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("no header row in the first 20 rows"),
        "{}",
        stderr(&out)
    );
    let file = write(dir.path(), "register.txt", "姓名,电话\n");
    let out = import(&db, "zh", &file, &[]);
    assert!(
        stderr(&out).contains("只能导入 .csv、.xlsx 或 .xls 文件"),
        "{}",
        stderr(&out)
    );
    // GBK, as Chinese Excel saves "CSV".
    let text = format!(
        "姓名,电话,日期,销售\n张三,13800138000,{},王芳\n",
        days_ago(1)
    );
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    let path = dir.path().join("gbk.csv");
    std::fs::write(&path, gbk).unwrap();
    let out = import(&db, "zh", &path, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(visit_count(&db), 1);
}

#[test]
fn reg_4_importing_the_same_register_twice_writes_nothing_twice_and_names_the_lines() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_office(dir.path());
    let file = chinese_register(dir.path());
    let first = import(&db, "en", &file, &[]);
    assert!(
        first.status.success(),
        "{}{}",
        stdout(&first),
        stderr(&first)
    );
    let count = visit_count(&db);
    let again = import(&db, "en", &file, &[]);
    assert!(
        again.status.success(),
        "{}{}",
        stdout(&again),
        stderr(&again)
    );
    let text = stdout(&again);
    assert_eq!(visit_count(&db), count, "nothing written twice: {text}");
    assert!(text.contains("Imported 0 visits"), "{text}");
    for line in [3, 4, 6] {
        assert!(
            text.contains(&format!("line {line}: already in the register")),
            "{text}"
        );
    }
}

#[test]
fn reg_4_a_dry_run_lists_the_rows_the_register_already_holds_as_the_import_would_skip_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_office(dir.path());
    let file = chinese_register(dir.path());
    let dry = import(&db, "en", &file, &["--dry-run"]);
    assert!(dry.status.success(), "{}{}", stdout(&dry), stderr(&dry));
    assert!(
        !stdout(&dry).contains("already in the register"),
        "{}",
        stdout(&dry)
    );
    let first = import(&db, "en", &file, &[]);
    assert!(
        first.status.success(),
        "{}{}",
        stdout(&first),
        stderr(&first)
    );
    let count = visit_count(&db);
    let again = import(&db, "en", &file, &["--dry-run"]);
    assert!(
        again.status.success(),
        "{}{}",
        stdout(&again),
        stderr(&again)
    );
    let text = stdout(&again);
    for line in [3, 4, 6] {
        assert!(
            text.contains(&format!(
                "line {line}: already in the register (same time, name, phone, salesperson), \
                 would not be imported again"
            )),
            "{text}"
        );
    }
    assert!(text.contains("Dry run: 0 visits can be imported"), "{text}");
    assert_eq!(visit_count(&db), count, "a dry run writes nothing");
}

// ---------------------------------------------------------------------------------------
// Import calls (REG-2, issue 18)

fn import_calls(db: &Path, lang: &str, file: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["import", "calls", file.to_str().unwrap()];
    args.extend_from_slice(extra);
    if !extra.contains(&"--dry-run") {
        args.extend_from_slice(&["--supervisor", "陈经理"]);
    }
    frontdesk(db, lang, &args, &format!("{PIN}\n"))
}

fn call_count(db: &Path) -> usize {
    let store = Store::open(db).unwrap();
    store
        .chain_heads()
        .unwrap()
        .into_iter()
        .find(|h| h.table == "calls")
        .unwrap()
        .length as usize
}

/// An office's own phone register: a title row, Chinese headers, an answerer who has left.
fn chinese_phone_register(dir: &Path) -> PathBuf {
    let a = days_ago(3);
    let b = days_ago(2);
    write(
        dir,
        "来电登记本.csv",
        &format!(
            "来电登记表,,,,,,\n\
             来电时间,来电人,电话,咨询内容,接听销售,意向,信息来源\n\
             {a} 09:05,张三丰,138 0013 8000,问价格,王芳,三居,报纸\n\
             {b},李四光,13900139000,,周小川,,\n\
             ,,,,,,\n\
             {b} 16:40,,0755-12345678,有没有车位,李娜,,网络\n"
        ),
    )
}

#[test]
fn reg_2_a_phone_register_in_chinese_is_imported_whole_with_its_dates() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_office(dir.path());
    let file = chinese_phone_register(dir.path());
    let out = import_calls(&db, "zh", &file, &[]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("导入 3 条来电登记"), "{text}");
    assert!(
        text.contains("周小川"),
        "the new answerer is listed: {text}"
    );
    assert_eq!(call_count(&db), 3);
    assert_eq!(visit_count(&db), 0, "calls go to the phone register only");
    let store = Store::open(&db).unwrap();
    let found = store
        .earlier_registrations(&by_phone("13800138000"), 10)
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].register,
        frontdesk::domain::register::Register::Call
    );
    assert_eq!(found[0].salesperson, staff_id(&store, "王芳"));
    let local = found[0].at.with_timezone(&tz());
    assert_eq!(local.date_naive(), days_ago(3), "the date as written");
    assert_eq!(local.format("%H:%M").to_string(), "09:05");
    let call = store
        .call(frontdesk::store::register::CallId(found[0].id))
        .unwrap()
        .unwrap();
    assert_eq!(call.call.question.as_deref(), Some("问价格"));
    assert_eq!(call.call.intent.as_deref(), Some("三居"));
    assert_eq!(
        call.call.source,
        Some(frontdesk::domain::register::Source::Newspaper)
    );
    let zhou = store
        .staff()
        .unwrap()
        .into_iter()
        .find(|s| s.name == "周小川")
        .unwrap();
    assert!(!zhou.active, "added inactive");
    let audit = store.audit_trail().unwrap();
    let row = audit.iter().find(|a| a.action == "import_calls").unwrap();
    assert!(
        row.detail.contains("3 calls from") && row.detail.contains("来电登记本.csv"),
        "{}",
        row.detail
    );
    assert_eq!(store.verify_all().unwrap(), None, "every row chained");
}

#[test]
fn reg_2_an_xlsx_phone_register_with_english_headers_is_imported() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let dir = tempfile::tempdir().unwrap();
    let db = small_office(dir.path());
    let path = dir.path().join("calls.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("yyyy/m/d hh:mm");
    for (c, h) in [
        "Time",
        "Caller",
        "Phone",
        "Question",
        "Answered by",
        "Intent",
        "Source",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let day = days_ago(5);
    let at = ExcelDateTime::parse_from_str(&format!("{day} 11:20:00")).unwrap();
    sheet.write_datetime_with_format(1, 0, &at, &date).unwrap();
    sheet.write_string(1, 1, "Liu Yang").unwrap();
    sheet.write_number(1, 2, 13912345678.0).unwrap();
    sheet.write_string(1, 3, "Opening hours").unwrap();
    sheet.write_string(1, 4, "李娜").unwrap();
    sheet.write_string(1, 5, "2 bedrooms").unwrap();
    sheet.write_string(1, 6, "Web").unwrap();
    book.save(&path).unwrap();
    let out = import_calls(&db, "en", &path, &[]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(
        stdout(&out).contains("Imported 1 calls"),
        "{}",
        stdout(&out)
    );
    let store = Store::open(&db).unwrap();
    let found = store
        .earlier_registrations(&by_phone("13912345678"), 10)
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].salesperson, staff_id(&store, "李娜"));
    let local = found[0].at.with_timezone(&tz());
    assert_eq!(
        local.format("%Y-%m-%d %H:%M").to_string(),
        format!("{day} 11:20")
    );
}

#[test]
fn reg_2_a_call_import_with_a_bad_row_imports_nothing_and_names_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_office(dir.path());
    let before = Store::open(&db).unwrap().audit_trail().unwrap().len();
    let day = days_ago(1);
    let file = write(
        dir.path(),
        "bad-calls.csv",
        &format!(
            "time,caller,phone,question,answered by\n\
             {day},张三,13800138000,价格,王芳\n\
             {day},李四,12345,价格,王芳\n\
             {day},王五,13800138001,价格,\n\
             {day},,,价格,王芳\n"
        ),
    );
    let out = import_calls(&db, "en", &file, &[]);
    assert!(!out.status.success());
    let text = stdout(&out);
    assert!(
        text.contains("line 3: Phone: is not a phone number"),
        "{text}"
    );
    assert!(text.contains("line 4: Answered by: required"), "{text}");
    assert!(text.contains("line 5: no full name, phone"), "{text}");
    assert!(!text.contains("line 2"), "{text}");
    assert!(stderr(&out).contains("3 rows cannot be imported, so nothing was imported"));
    assert_eq!(call_count(&db), 0, "nothing half-imported");
    assert_eq!(
        Store::open(&db).unwrap().audit_trail().unwrap().len(),
        before
    );
}

#[test]
fn skip_bad_imports_the_good_calls_and_lists_what_it_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_office(dir.path());
    let day = days_ago(1);
    let file = write(
        dir.path(),
        "mixed-calls.csv",
        &format!(
            "日期,姓名,电话,问题,接听人\n\
             {day},张三,13800138000,价格,王芳\n\
             {day},李四,12345,价格,新人甲\n\
             {day},赵六,13800138002,车位,李娜\n"
        ),
    );
    let out = import_calls(&db, "zh", &file, &["--skip-bad"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("已跳过 第 3 行:电话:不是电话号码"), "{text}");
    assert!(text.contains("导入 2 条来电登记"), "{text}");
    assert_eq!(call_count(&db), 2);
    let store = Store::open(&db).unwrap();
    assert!(!store.staff().unwrap().iter().any(|s| s.name == "新人甲"));
    let audit = store.audit_trail().unwrap();
    let row = audit.iter().find(|a| a.action == "import_calls").unwrap();
    assert!(row.detail.contains("1 rows skipped"), "{}", row.detail);
}

#[test]
fn a_dry_run_of_calls_checks_everything_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_office(dir.path());
    let before = Store::open(&db).unwrap().audit_trail().unwrap().len();
    let file = chinese_phone_register(dir.path());
    let out = import_calls(&db, "en", &file, &["--dry-run"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Dry run: 3 calls can be imported"), "{text}");
    assert!(
        text.contains("Would be added as inactive salespeople: 周小川"),
        "{text}"
    );
    assert_eq!(call_count(&db), 0);
    let store = Store::open(&db).unwrap();
    assert_eq!(store.audit_trail().unwrap().len(), before);
    assert!(!store.staff().unwrap().iter().any(|s| s.name == "周小川"));
}

#[test]
fn reg_2_importing_the_same_phone_register_twice_writes_nothing_twice() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_office(dir.path());
    let file = chinese_phone_register(dir.path());
    let first = import_calls(&db, "en", &file, &[]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert_eq!(call_count(&db), 3);
    let dry = import_calls(&db, "en", &file, &["--dry-run"]);
    assert!(
        stdout(&dry).contains("Dry run: 0 calls can be imported"),
        "{}",
        stdout(&dry)
    );
    let again = import_calls(&db, "en", &file, &[]);
    assert!(again.status.success(), "{}", stderr(&again));
    let text = stdout(&again);
    assert_eq!(call_count(&db), 3, "nothing written twice: {text}");
    assert!(text.contains("Imported 0 calls"), "{text}");
    for line in [3, 4, 6] {
        assert!(
            text.contains(&format!("line {line}: already in the register")),
            "{text}"
        );
    }
}

#[test]
fn reg_9_imported_calls_count_for_ownership_only_where_the_policy_makes_calls_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_office(dir.path());
    let file = write(
        dir.path(),
        "evidence.csv",
        &format!(
            "来电时间,来电人,电话,接听人\n{},孙来电,13700000010,李娜\n",
            days_ago(10)
        ),
    );
    let out = import_calls(&db, "zh", &file, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let store = Store::open(&db).unwrap();
    let typed = by_phone("13700000010");
    let earlier = store.earlier_registrations(&typed, 200).unwrap();
    let now = Utc::now();
    // 004 §5: a caller belongs to whoever answered.
    let answered = check(&typed, &earlier, now, tz(), &Policy::preset("004"));
    assert!(Policy::preset("004").phone_registration_is_evidence);
    match answered.verdict {
        Verdict::Returning(claim) => {
            assert_eq!(claim.owner, staff_id(&store, "李娜"));
            assert_eq!(claim.days_ago, 10);
        }
        other => panic!("expected returning, got {other:?}"),
    }
    // 001 第12篇 3.13 (the vanke preset): a call is information only.
    let information = Policy::preset("vanke");
    assert!(!information.phone_registration_is_evidence);
    let verdict = check(&typed, &earlier, now, tz(), &information).verdict;
    assert_eq!(verdict.owner(), None, "{verdict:?}");
}

#[test]
fn a_calls_export_imports_into_another_office_in_either_language() {
    let dir = tempfile::tempdir().unwrap();
    let first = small_office(dir.path());
    let file = chinese_phone_register(dir.path());
    assert!(import_calls(&first, "zh", &file, &[]).status.success());
    for (lang, name) in [("zh", "calls-zh.xlsx"), ("en", "calls-en.csv")] {
        let out = dir.path().join(name);
        let args = [
            "export",
            "calls",
            "--out",
            out.to_str().unwrap(),
            "--supervisor",
            "陈经理",
        ];
        let exported = frontdesk(&first, lang, &args, &format!("{PIN}\n"));
        assert!(exported.status.success(), "{}", stderr(&exported));
        let other_dir = tempfile::tempdir().unwrap();
        let second = small_office(other_dir.path());
        let back = import_calls(&second, lang, &out, &[]);
        assert!(back.status.success(), "{}{}", stdout(&back), stderr(&back));
        assert_eq!(call_count(&second), 3, "{lang}: {}", stdout(&back));
        let a = Store::open(&first)
            .unwrap()
            .earlier_registrations(&by_phone("0755-12345678"), 5)
            .unwrap();
        let b = Store::open(&second)
            .unwrap()
            .earlier_registrations(&by_phone("0755-12345678"), 5)
            .unwrap();
        assert_eq!(a.len(), 1);
        assert_eq!(b.len(), 1, "{lang}");
        assert_eq!(a[0].at, b[0].at, "{lang}: the call's time kept");
    }
}

/// `frontdesk export commission` on the demo office: the month's split sheet with its
/// reversal lines (issue 17 §4).
#[test]
fn the_months_commission_sheet_lists_each_partys_share_with_its_rule_and_reverses_a_cancellation() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let mut store = Store::open(&db).unwrap();
    demo::populate(&mut store, &OfficeSettings::default(), Utc::now()).unwrap();
    // The month of the demo's cancellation (退订), whatever today is.
    let tz = tz();
    let cancelled = store
        .deals_page("钱多多", (0, 5))
        .unwrap()
        .into_iter()
        .find_map(|d| d.cancellation().map(|c| c.at))
        .expect("the demo cancels 钱多多's deal");
    assert!(store.deals_page("", (0, 500)).unwrap().iter().any(|d| {
        d.events
            .iter()
            .any(|e| e.kind == frontdesk::domain::deal::EventKind::Cancelled)
    }));
    drop(store);
    let month = cancelled.with_timezone(&tz).date_naive().to_string();
    let out = dir.path().join("commission.csv");
    let args = [
        "export",
        "commission",
        "--from",
        &month,
        "--out",
        out.to_str().unwrap(),
        "--supervisor",
        demo::DEMO_SUPERVISOR,
    ];
    let wrong = frontdesk(&db, "en", &args, "0000\n");
    assert!(!wrong.status.success());
    assert!(!out.exists(), "no sheet without the supervisor's PIN");
    let done = frontdesk(&db, "en", &args, &format!("{}\n", demo::DEMO_PIN));
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert!(
        String::from_utf8_lossy(&done.stdout).contains("Exported the commission sheet of"),
        "{}",
        String::from_utf8_lossy(&done.stdout)
    );
    let rows = csv_rows(&out);
    assert_eq!(rows[0][0], "Deal");
    let reversal: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| r.get(3).is_some_and(|c| c == "reversal"))
        .collect();
    assert!(
        reversal
            .iter()
            .any(|r| r[5] == "钱多多" && r[9] == "-10000" && r[8] == "100.00%"),
        "{reversal:?}"
    );
    let store = Store::open(&db).unwrap();
    assert!(
        store
            .audit_trail()
            .unwrap()
            .iter()
            .any(|a| a.action == "export_commission")
    );
    // In Chinese, the same sheet.
    let zh = dir.path().join("佣金.xlsx");
    let args_zh = [
        "export",
        "commission",
        "--from",
        &month,
        "--out",
        zh.to_str().unwrap(),
        "--supervisor",
        demo::DEMO_SUPERVISOR,
    ];
    let done = frontdesk(&db, "zh", &args_zh, &format!("{}\n", demo::DEMO_PIN));
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert!(String::from_utf8_lossy(&done.stdout).contains("佣金分成表"));
    assert!(zh.exists());
}
