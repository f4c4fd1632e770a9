//! The group's figures at the head office on a real PostgreSQL (issue 19 §3): two offices
//! with known visits, calls, deals, complaints and a corrected visit push to one head office;
//! its views give each office's months exactly, in each office's own time zone, and
//! `frontdesk report group` writes them, with a total per month, to a workbook. Needs
//! PostgreSQL's server programs (`tests/outside`: skipped with the reason where they are
//! missing, a failure on CI).

#[macro_use]
mod outside;
#[path = "common/cli.rs"]
mod cli;
#[path = "common/head_office.rs"]
mod head_office;
#[path = "common/office.rs"]
mod office;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};
use cli::{frontdesk, refused_in_one_line, stderr, stdout};
use frontdesk::domain::attribution::Answers;
use frontdesk::domain::complaint::{
    Category, Channel, ComplaintEvent, ComplaintForm, Nature, validate_complaint,
};
use frontdesk::domain::deal::{DealForm, DealKind, check};
use frontdesk::domain::register::{CallRegistration, CustomerName, Phone, VisitRegistration};
use frontdesk::domain::settings::{DEFAULT_PRESET, OfficeSettings};
use frontdesk::domain::staff::StaffId;
use frontdesk::store::Store;
use frontdesk::store::register::VisitId;
use head_office::{
    UNREACHABLE, administer, head_office_db, logged_in_as, office_login, set_up, synced,
};
use outside::postgres::Cluster;
use postgres::{Client, NoTls};

fn main() {
    outside::run(
        tests![outside::POSTGRES =>
            reg_10_the_views_count_each_office_and_month_in_its_own_time_zone,
            reg_10_report_group_writes_both_offices_and_a_total_per_month_to_a_workbook,
            report_group_says_in_one_line_when_the_head_office_is_not_set_up_or_holds_nothing,
            reg_11_a_lobby_exit_undone_is_not_a_second_visitor_at_the_head_office,
            the_views_read_with_the_readers_rights_so_an_office_sees_only_its_own_figures,
        ]
        .into_iter()
        .chain(tests![
            report_group_says_in_one_line_when_the_head_office_cannot_be_reached
        ]),
    )
}

const BOSS: StaffId = StaffId(1);
const WANG: StaffId = StaffId(2);
const EAST: &str = "东区售楼处";
const WEST: &str = "西区售楼处";

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn visit(store: &mut Store, when: &str, name: &str, phone: Option<&str>) -> VisitId {
    let visit = registration(when, name, phone);
    store.register_visit(BOSS, &visit, None, at(when)).unwrap()
}

fn registration(when: &str, name: &str, phone: Option<&str>) -> VisitRegistration {
    VisitRegistration {
        visited_at: at(when),
        name: Some(CustomerName::parse(name).unwrap()),
        phone: phone.map(|p| Phone::parse(p).unwrap()),
        work_unit: None,
        intent: None,
        source: None,
        salesperson: WANG,
        car_brand: None,
        plate: None,
        party: None,
        class: None,
        notes: None,
    }
}

fn call(store: &mut Store, when: &str, phone: &str) {
    let call = CallRegistration {
        called_at: at(when),
        caller: Some(CustomerName::parse("来电客户").unwrap()),
        phone: Some(Phone::parse(phone).unwrap()),
        question: None,
        answered_by: WANG,
        intent: None,
        source: None,
    };
    store.register_call(BOSS, &call, at(when)).unwrap();
}

/// A deal signed at `when` (in `tz`), recorded an hour later; its id.
fn deal(store: &mut Store, when: &str, room: &str, tz: chrono_tz::Tz) -> i64 {
    let signed = at(when);
    let form = DealForm {
        signed_at: signed,
        kind: DealKind::Customer,
        building: "3栋".into(),
        room: room.into(),
        buyers: "王小明".into(),
        phone: "13800138000".into(),
        deposit: "5万".into(),
        price: "128万".into(),
        closer: Some(WANG),
        grew_from: Vec::new(),
    };
    let later = signed + Duration::hours(1);
    let deal = check(&form, later, tz).unwrap();
    store
        .record_deal(BOSS, &deal, Answers::default(), None, later)
        .unwrap()
        .deal
}

/// A complaint filed at `filed`, handled the same hour, replied at `replied`.
fn complaint(store: &mut Store, filed: &str, replied: &str) {
    let form = ComplaintForm {
        complainant: "王芳".into(),
        title: None,
        company: String::new(),
        occupant: None,
        unit: "3号楼2单元1203".into(),
        phone: "138-0013-8000".into(),
        what_happened: "楼上漏水".into(),
        when_happened: "昨晚".into(),
        channel: Some(Channel::Phone),
        about_staff: false,
        witnesses: String::new(),
        evidence: String::new(),
        answered_on_spot: false,
        category: None,
        conversation: vec!["客户很着急".into()],
    };
    let filed = at(filed);
    let id = store
        .file_complaint(BOSS, &validate_complaint(&form).unwrap(), filed)
        .unwrap();
    let steps = [
        ComplaintEvent::DetermineNature {
            nature: Nature::General,
            category: Category::Water,
            department: "工程部".into(),
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
    ];
    for (i, step) in steps.iter().enumerate() {
        let when = filed + Duration::minutes(i as i64 + 1);
        store.complaint_step(BOSS, id, step, None, when).unwrap();
    }
    let reply = ComplaintEvent::Reply {
        text: "已安排维修".into(),
    };
    store
        .complaint_step(BOSS, id, &reply, None, at(replied))
        .unwrap();
}

/// East (Asia/Shanghai, the default its setup names): March and April with every kind of
/// row, a visit at 23:30 on 31 March and one at 00:30 on 1 April, a visit corrected.
fn east(dir: &Path) -> PathBuf {
    let db = office::small_office(dir);
    let mut store = Store::open(&db).unwrap();
    let tz = chrono_tz::Asia::Shanghai;
    // March: 张一 twice (new, returning), 张三 without a phone, 张四 at 23:30 local on the 31st.
    visit(
        &mut store,
        "2026-03-05T02:00:00Z",
        "张一",
        Some("13900000001"),
    );
    let corrected = visit(&mut store, "2026-03-10T02:00:00Z", "张三", None);
    visit(
        &mut store,
        "2026-03-20T02:00:00Z",
        "张一",
        Some("13900000001"),
    );
    visit(
        &mut store,
        "2026-03-31T15:30:00Z",
        "张四",
        Some("13900000002"),
    );
    // April: 张五 at 00:30 local on 1 April (31 March in UTC), 张四 again.
    visit(
        &mut store,
        "2026-03-31T16:30:00Z",
        "张五",
        Some("13900000003"),
    );
    visit(
        &mut store,
        "2026-04-10T02:00:00Z",
        "张四",
        Some("13900000002"),
    );
    // 张三's time corrected into April: the visit stays one visit, in March, as on the desk.
    store
        .correct_visit(
            BOSS,
            corrected,
            &registration("2026-04-02T02:00:00Z", "张三", Some("13900000009")),
            "登记时写错了时间和电话",
            at("2026-04-03T02:00:00Z"),
        )
        .unwrap();
    // Calls: 张一's before the visit of 20 March, a caller who never came, and in April one
    // who came on the 10th.
    call(&mut store, "2026-03-02T02:00:00Z", "13900000001");
    call(&mut store, "2026-03-15T02:00:00Z", "13700000000");
    call(&mut store, "2026-04-02T02:00:00Z", "13900000002");
    // Deals: one signed, one signed then cancelled, both in March.
    deal(&mut store, "2026-03-25T02:00:00Z", "1201", tz);
    let cancelled = deal(&mut store, "2026-03-26T02:00:00Z", "1202", tz);
    let now = at("2026-03-27T02:00:00Z");
    let approval = store.approve(None, BOSS, office::PIN, now).unwrap();
    store
        .cancel_deal(BOSS, approval, cancelled, "客户退订", now)
        .unwrap();
    // Complaints: one replied within the hour, one replied three weeks later.
    complaint(&mut store, "2026-03-10T02:00:00Z", "2026-03-10T03:00:00Z");
    complaint(&mut store, "2026-03-10T04:00:00Z", "2026-03-31T02:00:00Z");
    db
}

/// West (Asia/Urumqi, UTC+6, set after its setup): a visit at 23:30 local on 31 March, which
/// is already 1 April in Shanghai; the phone of East's 张一, new here.
fn west(dir: &Path) -> PathBuf {
    let db = office::small_office(dir);
    let mut store = Store::open(&db).unwrap();
    let tz = chrono_tz::Asia::Urumqi;
    let now = at("2026-03-01T02:00:00Z");
    let approval = store.approve(None, BOSS, office::PIN, now).unwrap();
    let settings = OfficeSettings::new(DEFAULT_PRESET, toml::Table::new(), "Asia/Urumqi").unwrap();
    store
        .set_office_settings(BOSS, approval, &settings, now)
        .unwrap();
    visit(
        &mut store,
        "2026-03-03T02:00:00Z",
        "赵一",
        Some("13900000001"),
    );
    visit(
        &mut store,
        "2026-03-31T17:30:00Z",
        "赵二",
        Some("13900000005"),
    );
    call(&mut store, "2026-03-04T02:00:00Z", "13900000001");
    deal(&mut store, "2026-03-31T17:30:00Z", "0801", tz);
    complaint(&mut store, "2026-03-20T02:00:00Z", "2026-03-20T03:00:00Z");
    db
}

/// The head office with East and West pushed.
fn two_offices(cluster: &Cluster, name: &str, dirs: (&Path, &Path)) -> String {
    let url = head_office_db(cluster, name);
    synced(&east(dirs.0), &url, EAST);
    synced(&west(dirs.1), &url, WEST);
    url
}

type Row = (String, String, Vec<i64>, Option<i64>, Option<i64>);

/// `group_figures` as (office, month, counts, deal rate, on-time rate), by month then office.
/// Counts: visits, new, returning, corrected, calls, calls visited, deals, cancelled,
/// complaints, replies, on time, lobby visits.
fn figures(url: &str) -> Vec<Row> {
    let mut client = Client::connect(url, NoTls).unwrap();
    client
        .query(
            "SELECT office, to_char(month, 'YYYY-MM'), visits, new_visitors,
                    returning_visitors, corrected_visits, calls, calls_visited, deals,
                    deals_cancelled, complaints, replies, replies_on_time, lobby_visits,
                    deal_rate_bp, on_time_bp
             FROM group_figures ORDER BY month, office",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| {
            (
                r.get(0),
                r.get(1),
                (2..14).map(|i| r.get::<_, i64>(i)).collect(),
                r.get(14),
                r.get(15),
            )
        })
        .collect()
}

fn row(
    office: &str,
    month: &str,
    counts: [i64; 12],
    deal: Option<i64>,
    on_time: Option<i64>,
) -> Row {
    (office.into(), month.into(), counts.to_vec(), deal, on_time)
}

fn reg_10_the_views_count_each_office_and_month_in_its_own_time_zone() {
    let cluster = Cluster::start();
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let url = two_offices(&cluster, "group_views", (a.path(), b.path()));
    assert_eq!(
        figures(&url),
        [
            // East, March: 张一 (new), 张三 (new, corrected, still March), 张一 again
            // (returning), 张四 at 23:30 local on the 31st (new). Calls: 张一's was followed by
            // a visit. One deal, one cancelled: 1 over 3 new visitors. Two replies, one late.
            row(
                EAST,
                "2026-03",
                [4, 3, 1, 1, 2, 1, 1, 1, 2, 2, 1, 0],
                Some(3333),
                Some(5000)
            ),
            // West, March (UTC+6): 赵一 (new here, though East knows the phone) and 赵二 at 23:30
            // local on the 31st; its deal signed then too. The call came after 赵一's visit.
            row(
                WEST,
                "2026-03",
                [2, 2, 0, 0, 1, 0, 1, 0, 1, 1, 1, 0],
                Some(5000),
                Some(10_000)
            ),
            // East, April: 张五 at 00:30 local on the 1st (new), 张四 again (returning); the
            // call of 2 April was followed by 张四's visit. No deal: 0 over 1 new visitor.
            row(
                EAST,
                "2026-04",
                [2, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0],
                Some(0),
                None
            ),
        ]
    );
    // The desk's own figures of the same months say the same (REG-10).
    let desk = Store::open(&east(tempfile::tempdir().unwrap().path()))
        .unwrap()
        .figures(
            "2026-03-01".parse().unwrap(),
            "2026-04-30".parse().unwrap(),
            chrono_tz::Asia::Shanghai,
        )
        .unwrap();
    let desk: Vec<[i64; 5]> = desk
        .by_month
        .iter()
        .map(|(_, c)| [c.visits, c.new_visitors, c.calls, c.calls_visited, c.deals].map(i64::from))
        .collect();
    let head: Vec<[i64; 5]> = figures(&url)
        .iter()
        .filter(|r| r.0 == EAST)
        .map(|r| [r.2[0], r.2[1], r.2[4], r.2[5], r.2[6]])
        .collect();
    assert_eq!(head, desk);
    // Applying the views again (the administrator's setup after an upgrade) changes nothing.
    set_up(&url);
    synced(&east(tempfile::tempdir().unwrap().path()), &url, "东区二期");
    let mut client = Client::connect(&url, NoTls).unwrap();
    let zones: Vec<(String, String)> = client
        .query(
            "SELECT office, tz FROM group_office_zones ORDER BY office",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(
        zones,
        [
            ("东区二期".to_owned(), "Asia/Shanghai".to_owned()),
            (EAST.to_owned(), "Asia/Shanghai".to_owned()),
            (WEST.to_owned(), "Asia/Urumqi".to_owned()),
        ]
    );
}

fn report(
    url: &str,
    dir: &Path,
    lang: &str,
    range: (&str, &str),
    out: &Path,
) -> std::process::Output {
    let db = dir.join("none.db");
    frontdesk(
        &db,
        lang,
        &[
            "report",
            "group",
            "--head-office",
            url,
            "--from",
            range.0,
            "--to",
            range.1,
            "--out",
            out.to_str().unwrap(),
        ],
        "",
    )
}

fn reg_10_report_group_writes_both_offices_and_a_total_per_month_to_a_workbook() {
    use calamine::{Data, Reader};
    let cluster = Cluster::start();
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let url = two_offices(&cluster, "group_report", (a.path(), b.path()));
    let dir = tempfile::tempdir().unwrap();
    let sheet = |out: &Path| -> Vec<Vec<Data>> {
        let mut book = calamine::open_workbook_auto(out).unwrap();
        assert_eq!(book.sheet_names().len(), 1);
        let range = book.worksheet_range_at(0).unwrap().unwrap();
        range.rows().map(<[Data]>::to_vec).collect()
    };
    let n = |v: f64| Data::Float(v);
    let s = |v: &str| Data::String(v.into());

    let out = dir.path().join("集团汇总.xlsx");
    let done = report(&url, dir.path(), "zh", ("2026-03", "2026-04"), &out);
    assert!(done.status.success(), "{}", stderr(&done));
    assert!(
        stdout(&done).contains("2 个办事处,3 行"),
        "{}",
        stdout(&done)
    );
    let rows = sheet(&out);
    assert_eq!(
        rows[0][..4],
        [s("月份"), s("办事处"), s("来访"), s("新客户")]
    );
    assert_eq!(rows[0][10], s("成交率"));
    assert_eq!(rows[0][14], s("按时答复率"));
    let lines: Vec<(Data, Data)> = rows[1..6]
        .iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect();
    assert_eq!(
        lines,
        [
            (s("2026-03"), s(EAST)),
            (s("2026-03"), s(WEST)),
            (s("2026-03"), s("合计")),
            (s("2026-04"), s(EAST)),
            (s("2026-04"), s("合计")),
        ]
    );
    // March's total counts both offices: 6 visits, 5 new, 2 deals (40%), 3 replies, 2 on time.
    let march = &rows[3];
    assert_eq!(march[2..5], [n(6.0), n(5.0), n(1.0)]);
    assert_eq!(march[8..11], [n(2.0), n(1.0), n(0.4)]);
    assert_eq!(march[11..16], [n(3.0), n(3.0), n(2.0), n(0.6667), n(0.0)]);
    assert_eq!(
        rows[1][10],
        n(0.3333),
        "East's March: 1 deal over 3 new visitors"
    );
    // April: East alone, its on-time rate empty (no reply), its deal rate 0%.
    assert_eq!(rows[5][2..4], [n(2.0), n(1.0)]);
    assert_eq!(rows[5][10], n(0.0));
    assert_eq!(rows[5][14], Data::Empty);

    // In English, one month only: the month boundary is each office's own.
    let out = dir.path().join("april.xlsx");
    let done = report(&url, dir.path(), "en", ("2026-04", "2026-04"), &out);
    assert!(done.status.success(), "{}", stderr(&done));
    assert!(
        stdout(&done).contains("1 offices, 1 rows"),
        "{}",
        stdout(&done)
    );
    let rows = sheet(&out);
    assert_eq!(rows[0][..3], [s("Month"), s("Office"), s("Visits")]);
    assert_eq!(rows[1][..4], [s("2026-04"), s(EAST), n(2.0), n(1.0)]);
    assert_eq!(rows[2][1], s("Total"));
}

fn report_group_says_in_one_line_when_the_head_office_is_not_set_up_or_holds_nothing() {
    let cluster = Cluster::start();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("group.xlsx");
    let empty = cluster.database("group_empty");
    let said = refused_in_one_line(&report(
        &empty,
        dir.path(),
        "en",
        ("2026-03", "2026-03"),
        &out,
    ));
    assert!(said.contains("no group figures yet"), "{said}");
    assert!(!out.exists());

    let a = tempfile::tempdir().unwrap();
    let url = head_office_db(&cluster, "group_nothing_in_range");
    synced(&east(a.path()), &url, EAST);
    let said = report(&url, dir.path(), "zh", ("2025-01", "2025-12"), &out);
    assert!(!said.status.success());
    assert!(
        stderr(&said).contains("2025-01 至 2025-12 没有任何办事处的数据"),
        "{}",
        stderr(&said)
    );
    assert!(!out.exists());
    let said = report(&url, dir.path(), "en", ("2026-3", "March"), &out);
    assert!(
        stderr(&said).contains("--to must be a month such as 2026-03, got: March"),
        "{}",
        stderr(&said)
    );
}

fn report_group_says_in_one_line_when_the_head_office_cannot_be_reached() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("group.xlsx");
    let said = refused_in_one_line(&report(
        UNREACHABLE,
        dir.path(),
        "en",
        ("2026-03", "2026-03"),
        &out,
    ));
    assert!(said.contains("Cannot reach the head office"), "{said}");
    assert!(!out.exists());
}

fn reg_11_a_lobby_exit_undone_is_not_a_second_visitor_at_the_head_office() {
    use frontdesk::domain::lobby::{
        LobbyVisitForm, OccupantForm, validate_lobby_visit, validate_occupant,
    };
    use frontdesk::store::lobby::Leaving;
    let cluster = Cluster::start();
    let dir = tempfile::tempdir().unwrap();
    let db = office::small_office(dir.path());
    let mut store = Store::open(&db).unwrap();
    let now = at("2026-05-06T02:00:00Z");
    let approval = store.approve(None, BOSS, office::PIN, now).unwrap();
    let occupant = validate_occupant(&OccupantForm {
        building: "3".into(),
        unit: "2".into(),
        room: "1203".into(),
        name: "蓝海科技".into(),
        phones: "13800138000".into(),
        kind: String::new(),
    })
    .unwrap();
    let host = store.add_occupant(BOSS, approval, &occupant, now).unwrap();
    let guest = |name: &str| {
        validate_lobby_visit(&LobbyVisitForm {
            name: name.into(),
            host: Some(host),
            purpose: "送文件".into(),
            party: String::new(),
            badge: String::new(),
            plate: String::new(),
        })
        .unwrap()
    };
    let first = store.visitor_in(BOSS, &guest("李先生"), now).unwrap();
    store
        .visitor_out(BOSS, Leaving::Visit(first), now + Duration::minutes(5))
        .unwrap();
    // The exit was pressed for the wrong visitor: undone, 李先生 goes on as a new row.
    store
        .visitor_back_in(BOSS, first, "按错了人", now + Duration::minutes(6))
        .unwrap();
    store
        .visitor_in(BOSS, &guest("周女士"), now + Duration::minutes(7))
        .unwrap();
    let rows: i64 = {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.query_row("SELECT count(*) FROM lobby_visits", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(rows, 3, "the undone exit wrote a continuing visit row");
    let url = head_office_db(&cluster, "group_lobby");
    synced(&db, &url, "物业大堂");
    let mut client = Client::connect(&url, NoTls).unwrap();
    let lobby: Vec<(String, i64)> = client
        .query(
            "SELECT to_char(month, 'YYYY-MM'), lobby_visits FROM group_figures
             WHERE office = '物业大堂'",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(lobby, [("2026-05".to_owned(), 2)]);
}

fn the_views_read_with_the_readers_rights_so_an_office_sees_only_its_own_figures() {
    let cluster = Cluster::start();
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let url = two_offices(&cluster, "group_rights", (a.path(), b.path()));
    let mut admin = Client::connect(&url, NoTls).unwrap();
    // East's own login and a reader's, as the head office's administrator gives them.
    office_login(&url, EAST, "east_login");
    let reader = administer(&url, "en", &["add-reader", "auditor"], "");
    assert!(reader.status.success(), "{}", stderr(&reader));
    let offices = |client: &mut Client| -> Vec<String> {
        client
            .query(
                "SELECT DISTINCT office FROM group_figures ORDER BY office",
                &[],
            )
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect()
    };
    assert_eq!(offices(&mut admin), [EAST, WEST]);
    let mut east = Client::connect(&logged_in_as(&url, "east_login"), NoTls).unwrap();
    assert_eq!(offices(&mut east), [EAST]);
    let mut auditor = Client::connect(&logged_in_as(&url, "auditor"), NoTls).unwrap();
    assert_eq!(offices(&mut auditor), [EAST, WEST]);
}
