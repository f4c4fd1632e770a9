//! `frontdesk export complaints` through the real binary (issue 9 §6, CMP-11): every
//! complaint of a range with where it stands, the monthly statistics as a second section
//! (CSV) or sheet (.xlsx), the complaint chains' heads in the last row; the supervisor's PIN
//! and the audit as for every export.

#[path = "common/cli.rs"]
mod cli;

use std::path::{Path, PathBuf};
use std::process::Output;

use chrono::{DateTime, Duration, TimeZone, Utc};
use cli::{frontdesk, stderr, stdout};
use frontdesk::domain::complaint::{
    Category, Channel, ComplaintEvent, ComplaintForm, Nature, validate_complaint,
};
use frontdesk::domain::settings::OfficeSettings;
use frontdesk::domain::staff::{Role, StaffId};
use frontdesk::store::Store;

const PIN: &str = "2468";

/// 10:00 in Shanghai on a day of March 2025.
fn march(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, day, 2, 0, 0).unwrap()
}

fn form(name: &str, on_spot: Option<Category>) -> ComplaintForm {
    ComplaintForm {
        complainant: name.into(),
        title: None,
        company: String::new(),
        occupant: None,
        unit: "3号楼2单元1203".into(),
        phone: "13800138000".into(),
        what_happened: "楼上漏水".into(),
        when_happened: String::new(),
        channel: Some(Channel::Phone),
        about_staff: false,
        witnesses: String::new(),
        evidence: String::new(),
        answered_on_spot: on_spot.is_some(),
        category: on_spot,
        conversation: vec![],
    }
}

fn handled(nature: Nature, category: Category) -> Vec<ComplaintEvent> {
    vec![
        ComplaintEvent::DetermineNature {
            nature,
            category,
            department: "engineering".into(),
        },
        ComplaintEvent::Investigate {
            cause: "水管老化".into(),
        },
        ComplaintEvent::Assign {
            person: "张工".into(),
        },
        ComplaintEvent::ProposeSolution {
            text: "更换水管".into(),
        },
        ComplaintEvent::HeadSigns {
            head: "李经理".into(),
        },
        ComplaintEvent::Reply {
            text: "周三前修好".into(),
        },
    ]
}

fn follow_up(satisfied: bool) -> ComplaintEvent {
    ComplaintEvent::FollowUp {
        satisfied,
        remarks: String::new(),
    }
}

/// An office with supervisor 陈经理 (PIN 2468) and clerk 小刘, and in March 2025:
/// 王芳's water complaint replied on time and followed up satisfied, then evaluated;
/// 李娜's power complaint replied late (a week on) and followed up not satisfied (second
/// round, open); 赵强's complaint answered on the spot (sanitation); and 周明's, recorded
/// on 1 April, outside a March range.
fn office(dir: &Path) -> PathBuf {
    let path = dir.join("office.db");
    let mut store = Store::open(&path).unwrap();
    let boss = store
        .set_up_office(
            "测试物业",
            "陈经理",
            PIN,
            PIN,
            &OfficeSettings::default(),
            march(1),
        )
        .unwrap();
    let approval = store.approve(None, boss, PIN, march(1)).unwrap();
    let clerk = store
        .add_staff(boss, approval, "小刘", Role::Clerk, None, march(1))
        .unwrap();
    let mut walk = |name: &str, at: DateTime<Utc>, events: &[ComplaintEvent], gap: Duration| {
        let c = validate_complaint(&form(name, None)).unwrap();
        let id = store.file_complaint(clerk, &c, at).unwrap();
        for (i, e) in events.iter().enumerate() {
            let when = at + gap * (i as i32 + 1);
            store.complaint_step(clerk, id, e, None, when).unwrap();
        }
    };
    let mut wang = handled(Nature::General, Category::Water);
    wang.push(follow_up(true));
    wang.push(ComplaintEvent::Evaluate {
        text: "处理及时".into(),
    });
    walk("王芳", march(3), &wang, Duration::minutes(30));
    let mut li = handled(Nature::Major, Category::Power);
    li.push(follow_up(false));
    walk("李娜", march(10), &li, Duration::days(1));
    let on_spot = validate_complaint(&form("赵强", Some(Category::Sanitation))).unwrap();
    store.file_complaint(clerk, &on_spot, march(20)).unwrap();
    let april = validate_complaint(&form("周明", None)).unwrap();
    store
        .file_complaint(clerk, &april, march(31) + Duration::days(1))
        .unwrap();
    let _: StaffId = clerk;
    path
}

fn export(db: &Path, lang: &str, out: &Path, pin: &str) -> Output {
    frontdesk(
        db,
        lang,
        &[
            "export",
            "complaints",
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

#[test]
fn cmp_11_a_csv_export_lists_the_months_complaints_then_their_statistics_then_the_chain_heads() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let out = dir.path().join("complaints.csv");
    let done = export(&db, "en", &out, PIN);
    assert!(done.status.success(), "{}", stderr(&done));
    assert!(
        stdout(&done).contains("Exported 3 complaints and 1 months of statistics"),
        "{}",
        stdout(&done)
    );
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with('\u{feff}'), "UTF-8 with a BOM");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    assert_eq!(
        rows[0],
        [
            "No.",
            "Recorded at",
            "Complainant",
            "Unit",
            "Channel",
            "What happened",
            "Nature",
            "Category",
            "Department",
            "State",
            "Round",
            "Reply due",
            "Replied on time",
            "Satisfied at follow-up",
            "Taken by"
        ]
    );
    let wang = &rows[1];
    assert_eq!(wang[1], "2025-03-03 10:00");
    assert_eq!(wang[2], "王芳");
    assert_eq!(
        (&wang[6][..], &wang[7][..], &wang[8][..]),
        ("general", "water supply", "engineering")
    );
    assert_eq!(wang[9], "evaluated");
    assert_eq!((&wang[12][..], &wang[13][..]), ("yes", "yes"));
    assert_eq!(wang[14], "小刘");
    let li = &rows[2];
    assert_eq!(li[2], "李娜");
    assert_eq!(
        li[10], "2",
        "CMP-8: a second round after the unsatisfied follow-up"
    );
    assert_eq!((&li[12][..], &li[13][..]), ("no", "no"), "replied late");
    let zhao = &rows[3];
    assert_eq!(zhao[2], "赵强");
    assert_eq!(
        zhao[7], "sanitation",
        "answered on the spot: the intake's category"
    );
    assert_eq!(zhao[11], "", "no reply is due");
    assert!(!text.contains("周明"), "April is outside the range");
    // The second section: after an empty line, its title and header.
    assert_eq!(rows[4], [""]);
    assert!(rows[5][0].starts_with("Monthly statistics (CMP-11)"));
    assert_eq!(rows[6][0], "Month");
    assert_eq!(rows[6][9], "On-time rate");
    let all = &rows[7];
    assert_eq!(
        all,
        &[
            "2025-03", "All", "All", "3", "2", "1", "50.00%", "2", "1", "50.00%"
        ]
    );
    let water = rows
        .iter()
        .find(|r| r.len() > 2 && r[1] == "Category" && r[2] == "water supply")
        .unwrap();
    assert_eq!(&water[3..7], ["1", "1", "1", "100.00%"]);
    let general = rows
        .iter()
        .find(|r| r.len() > 2 && r[1] == "Nature" && r[2] == "general")
        .unwrap();
    assert_eq!(general[3], "2", "王芳's and the one answered on the spot");
    // The last row: the complaint chains' heads.
    let store = Store::open(&db).unwrap();
    let heads = store.chain_heads().unwrap();
    let footer = rows.last().unwrap();
    assert_eq!(footer[0], "Chain head");
    for (cell, table) in footer[1..3].iter().zip(["complaints", "complaint_events"]) {
        let head = heads.iter().find(|h| h.table == table).unwrap();
        assert!(
            cell.contains(table) && cell.contains(&head.short()),
            "{cell}"
        );
    }
    let audit = store.audit_trail().unwrap().pop().unwrap();
    assert_eq!(audit.action, "export_complaints");
    assert!(audit.detail.contains("3 complaints"), "{}", audit.detail);
}

#[test]
fn cmp_11_an_xlsx_export_in_chinese_has_the_list_and_a_statistics_sheet() {
    use calamine::{Data, Reader};
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let out = dir.path().join("投诉.xlsx");
    let done = export(&db, "zh", &out, PIN);
    assert!(done.status.success(), "{}", stderr(&done));
    assert!(
        stdout(&done).contains("已导出 3 件投诉"),
        "{}",
        stdout(&done)
    );
    let mut book = calamine::open_workbook_auto(&out).unwrap();
    assert_eq!(book.sheet_names(), ["投诉", "月度统计"]);
    let list = book.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<Vec<Data>> = list.rows().map(<[Data]>::to_vec).collect();
    assert_eq!(rows[0][1], Data::String("受理时间".into()));
    assert_eq!(rows[0][12], Data::String("按时答复".into()));
    assert!(matches!(rows[1][1], Data::DateTime(_)), "{:?}", rows[1][1]);
    assert_eq!(rows[1][2], Data::String("王芳".into()));
    assert_eq!(rows[1][7], Data::String("供水".into()));
    assert_eq!(rows[2][13], Data::String("否".into()));
    let footer = rows.last().unwrap();
    assert_eq!(footer[0], Data::String("链头".into()));
    let stats = book.worksheet_range_at(1).unwrap().unwrap();
    let rows: Vec<Vec<Data>> = stats.rows().map(<[Data]>::to_vec).collect();
    assert_eq!(rows[1][0], Data::String("月份".into()));
    assert_eq!(rows[2][1], Data::String("合计".into()));
    assert_eq!(rows[2][3], Data::Float(3.0));
    assert_eq!(
        rows[2][6],
        Data::Float(0.5),
        "satisfaction as a percentage cell"
    );
}

#[test]
fn a_complaints_export_needs_the_supervisors_pin_and_a_wrong_one_writes_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path());
    let out = dir.path().join("complaints.csv");
    let refused = export(&db, "en", &out, "1111");
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).to_lowercase().contains("wrong pin"),
        "{}",
        stderr(&refused)
    );
    assert!(!out.exists());
    let audit = Store::open(&db).unwrap().audit_trail().unwrap();
    assert!(!audit.iter().any(|a| a.action == "export_complaints"));
    let txt = frontdesk(
        &db,
        "en",
        &[
            "export",
            "complaints",
            "--out",
            "list.txt",
            "--supervisor",
            "陈经理",
        ],
        "",
    );
    assert!(
        stderr(&txt).contains("must be .csv or .xlsx"),
        "{}",
        stderr(&txt)
    );
}
