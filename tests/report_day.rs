//! `frontdesk report day` through the real binary (issue 10 §3, HND-6): a day of handovers
//! written through the store — one accepted after a question, one refused, the desk left
//! unstaffed, a correction, the supervisor's sign-off — to a page, a CSV and a workbook, in
//! both languages; a day with no handover; dates and PINs refused.

mod common;

#[path = "common/cli.rs"]
mod cli;

use std::path::{Path, PathBuf};
use std::process::Output;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use cli::{frontdesk, stderr};
use frontdesk::domain::handover::{
    CheckedItem, HandoverEvent, LogEntryForm, Priority, validate_log_entry,
};
use frontdesk::domain::settings::OfficeSettings;
use frontdesk::domain::staff::{Role, StaffId};
use frontdesk::store::Store;
use unicode_width::UnicodeWidthStr;

const PIN: &str = "2468";
const NIGHT_PIN: &str = "1357";
const MORNING_PIN: &str = "1470";
const EVENING_PIN: &str = "1593";

fn tz() -> chrono_tz::Tz {
    "Asia/Shanghai".parse().unwrap()
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 5).unwrap()
}

/// Office time on `day` (+ `days`).
fn at(days: i64, h: u32, m: u32) -> DateTime<Utc> {
    tz().from_local_datetime(
        &(day() + chrono::Duration::days(days))
            .and_hms_opt(h, m, 0)
            .unwrap(),
    )
    .unwrap()
    .with_timezone(&Utc)
}

fn entry(
    store: &mut Store,
    by: StaffId,
    when: DateTime<Utc>,
    p: Priority,
    tags: &[&str],
    text: &str,
) {
    let form = LogEntryForm {
        priority: p,
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        text: text.to_owned(),
    };
    store
        .log_entry(by, &validate_log_entry(&form).unwrap(), when)
        .unwrap();
}

/// 2026-03-05 at 测试售楼处: the night (老周, from 23:40 the day before) hands over at 08:00
/// to 小刘, who asks a question and accepts at 08:05; 小刘's handover at 16:00 is refused by
/// 小王 at 16:05 (a key missing); 小刘 signs out at 17:00 with the desk left unstaffed,
/// approved by 陈经理. With `sign`, 陈经理 signs the day at 20:00.
fn office(dir: &Path, sign: bool) -> PathBuf {
    let path = dir.join("office.db");
    let mut store = Store::open(&path).unwrap();
    let t0 = at(-30, 9, 0);
    let boss = store
        .set_up_office(
            "测试售楼处",
            "陈经理",
            PIN,
            PIN,
            &OfficeSettings::default(),
            t0,
        )
        .unwrap();
    let approval = store.approve(None, boss, PIN, t0).unwrap();
    let mut clerk = |name: &str, pin: &str| {
        store
            .add_staff(boss, approval, name, Role::Clerk, Some((pin, pin)), t0)
            .unwrap()
    };
    let night = clerk("老周", NIGHT_PIN);
    let morning = clerk("小刘", MORNING_PIN);
    let evening = clerk("小王", EVENING_PIN);
    entry(
        &mut store,
        night,
        at(-1, 23, 40),
        Priority::Normal,
        &["接班"],
        "到岗,核对钥匙",
    );
    entry(
        &mut store,
        night,
        at(0, 2, 0),
        Priority::Urgent,
        &["电梯", "报修"],
        "2号电梯困人一名,已通知工程部值班,二十分钟后解困,人员无恙;电梯暂停使用,等待维保单位上午到场检查并出具报告",
    );
    let first = store.shift_log(at(0, 2, 0), at(0, 2, 1)).unwrap()[0].id;
    let fix = validate_log_entry(&LogEntryForm {
        priority: Priority::Urgent,
        tags: vec!["电梯".into()],
        text: "3号电梯困人一名,已解困".into(),
    })
    .unwrap();
    store
        .correct_log_entry(night, first, &fix, "写错了电梯号", at(0, 3, 0))
        .unwrap();
    entry(
        &mut store,
        night,
        at(0, 5, 0),
        Priority::Important,
        &["快递"],
        "代收快递 3 件",
    );
    let checklist = |note: &str| -> Vec<CheckedItem> {
        OfficeSettings::default()
            .handover_checklist()
            .iter()
            .map(|item| CheckedItem {
                item: item.clone(),
                ticked: item != "对讲机" || note.is_empty(),
                note: if item == "对讲机" {
                    note.to_owned()
                } else {
                    String::new()
                },
            })
            .collect()
    };
    let signed = store
        .sign(Some(night), night, NIGHT_PIN, at(0, 8, 0))
        .unwrap();
    let h = store
        .submit_handover(signed, &checklist("电池鼓包,已送修"), at(0, 8, 0))
        .unwrap();
    store
        .mark_read(morning, h.id, morning, &h.state.keys(), at(0, 8, 2))
        .unwrap();
    let ask = HandoverEvent::Ask {
        by: morning,
        text: "维保几点到?".into(),
    };
    store
        .handover_event(morning, h.id, &ask, None, at(0, 8, 3))
        .unwrap();
    let answer = HandoverEvent::Answer {
        by: night,
        question: 0,
        text: "上午十点前".into(),
    };
    store
        .handover_event(night, h.id, &answer, None, at(0, 8, 4))
        .unwrap();
    let signed = store
        .sign(Some(morning), morning, MORNING_PIN, at(0, 8, 5))
        .unwrap();
    store
        .handover_event(
            morning,
            h.id,
            &HandoverEvent::Accept { by: morning },
            Some(signed),
            at(0, 8, 5),
        )
        .unwrap();
    entry(
        &mut store,
        morning,
        at(0, 10, 0),
        Priority::Normal,
        &["电梯"],
        "维保已到场",
    );
    let signed = store
        .sign(Some(morning), morning, MORNING_PIN, at(0, 16, 0))
        .unwrap();
    let h2 = store
        .submit_handover(signed, &checklist(""), at(0, 16, 0))
        .unwrap();
    let refuse = HandoverEvent::Refuse {
        by: evening,
        reason: "钥匙少一把".into(),
    };
    store
        .handover_event(evening, h2.id, &refuse, None, at(0, 16, 5))
        .unwrap();
    let approval = store
        .approve(Some(morning), boss, PIN, at(0, 17, 0))
        .unwrap();
    store
        .record_unstaffed(morning, approval, "身体不适,主管同意先走", at(0, 17, 0))
        .unwrap();
    if sign {
        let approval = store.approve(Some(boss), boss, PIN, at(0, 20, 0)).unwrap();
        let heads = store.chain_heads().unwrap();
        store
            .sign_day(
                boss,
                approval,
                day(),
                "已阅,钥匙明天补配",
                &heads,
                at(0, 20, 0),
            )
            .unwrap();
    }
    path
}

fn report(db: &Path, lang: &str, date: Option<&str>, out: &Path, pin: &str) -> Output {
    let mut args = vec!["report", "day"];
    if let Some(d) = date {
        args.push(d);
    }
    let out = out.to_str().unwrap();
    args.extend(["--out", out, "--supervisor", "陈经理"]);
    frontdesk(db, lang, &args, &format!("{pin}\n"))
}

fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.strip_prefix('\u{feff}').expect("a byte-order mark");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[test]
fn hnd_6_the_day_on_a_printable_page_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path(), false);
    let out = dir.path().join("day.txt");
    let run = report(&db, "zh", Some("2026-03-05"), &out, PIN);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(
        String::from_utf8_lossy(&run.stdout).contains("2 次交接"),
        "{}",
        String::from_utf8_lossy(&run.stdout)
    );
    let page = std::fs::read_to_string(&out).unwrap();
    for line in page.lines() {
        assert!(line.width() <= 80, "wider than 80 columns: {line:?}");
    }
    for expected in [
        "测试售楼处 交接班日报 2026-03-05",
        "主管未签字",
        // The handovers: who, when, how it ended, why refused.
        "夜班",
        "老周",
        "08:05",
        "已接班",
        "拒绝接班",
        "钥匙少一把",
        // The log: the entry before midnight with its date, priorities, tags, correction.
        "03-04 23:40",
        "紧急",
        "重要",
        "电梯、报修",
        // The checklist with its note; the question and answer.
        "对讲机",
        "未核对",
        "电池鼓包,已送修",
        "维保几点到?",
        "上午十点前",
        // 小刘's entry of the morning is in the refused handover; none is left outside.
        "维保已到场",
        // The desk left unstaffed, approved by the supervisor.
        "身体不适,主管同意先走",
        "交接班次数",
        "证据链头",
        "交接班记录",
    ] {
        assert!(
            page.contains(expected),
            "{expected:?} missing from:\n{page}"
        );
    }
    // The long entry wrapped inside its column, none of it lost.
    let joined: String = page.split_whitespace().collect();
    assert!(
        joined.contains("等待维保单位上午到场检查并出具报告"),
        "{page}"
    );
    assert!(
        joined.contains("更正#2(原因:写错了电梯号):3号电梯"),
        "{page}"
    );
    // Audited, naming the supervisor, the day and the file.
    let store = Store::open(&db).unwrap();
    let trail = store.audit_trail().unwrap();
    let row = trail
        .iter()
        .find(|a| a.action == "report_day")
        .expect("an audit row");
    assert!(
        row.detail.contains("2026-03-05: 2 handovers, not signed"),
        "{}",
        row.detail
    );
    assert!(row.detail.contains("day.txt"), "{}", row.detail);
}

#[test]
fn hnd_6_a_signed_day_in_csv_sections_in_english() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path(), true);
    let out = dir.path().join("day.csv");
    let run = report(&db, "en", Some("2026/3/5"), &out, PIN);
    assert!(run.status.success(), "{}", stderr(&run));
    let rows = csv_rows(&out);
    let find = |first: &str| {
        rows.iter()
            .position(|r| r.first().map(String::as_str) == Some(first))
            .unwrap_or_else(|| panic!("no row starting {first:?} in {rows:?}"))
    };
    assert_eq!(
        rows[0][0],
        "测试售楼处: shift handover report for 2026-03-05"
    );
    assert!(rows[2][0].starts_with("Signed by supervisor 陈经理 at 2026-03-05 20:00"));
    let handovers = find("Handovers");
    assert_eq!(rows[handovers + 1][0], "Handover");
    let first = &rows[handovers + 2];
    assert_eq!(
        first[..7],
        [
            "1",
            "Night",
            "老周",
            "2026-03-05 08:00",
            "小刘",
            "2026-03-05 08:05",
            "accepted"
        ]
    );
    let second = &rows[handovers + 3];
    assert_eq!(second[6], "refused");
    assert_eq!(second[7], "钥匙少一把");
    let checklist = find("Checklist");
    assert!(
        rows[checklist..]
            .iter()
            .any(|r| r[..] == ["1", "radio", "not checked", "电池鼓包,已送修"]),
        "{rows:?}"
    );
    let figures = find("The day's figures");
    assert_eq!(rows[figures + 1], ["Figure", "Count"]);
    assert!(rows.iter().any(|r| r[..] == ["Handovers", "2"]));
    assert!(rows.iter().any(|r| r[..] == ["Handovers refused", "1"]));
    assert!(rows.iter().any(|r| r[..] == ["Desk left unstaffed", "1"]));
    // The chain heads whole, now and as the signature sealed them.
    let store = Store::open(&db).unwrap();
    let shift_log = store
        .chain_heads()
        .unwrap()
        .into_iter()
        .find(|h| h.table == "shift_log")
        .unwrap();
    let whole = frontdesk::store::chain::hex(&shift_log.last.unwrap().hash);
    assert!(
        rows.iter()
            .any(|r| r.get(2) == Some(&whole) && r.get(4) == Some(&whole)),
        "the shift log's head, now and sealed: {rows:?}"
    );
    let signoff = find("Supervisor's sign-off");
    assert_eq!(rows[signoff + 2], ["Signed by", "陈经理"]);
    assert_eq!(rows[signoff + 4], ["Remarks", "已阅,钥匙明天补配"]);
}

#[test]
fn hnd_6_a_workbook_reads_back_sheet_by_sheet() {
    use calamine::{Data, Reader};
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path(), false);
    let out = dir.path().join("day.xlsx");
    let run = report(&db, "zh", Some("2026-03-05"), &out, PIN);
    assert!(run.status.success(), "{}", stderr(&run));
    let mut book = calamine::open_workbook_auto(&out).unwrap();
    let names = book.sheet_names();
    for sheet in [
        "日报",
        "交接班",
        "交班记录",
        "未结事项",
        "交接核对",
        "问答",
        "离岗",
        "链头",
        "签字",
    ] {
        assert!(names.iter().any(|n| n == sheet), "{sheet} not in {names:?}");
    }
    fn book_rows(
        book: &mut calamine::Sheets<std::io::BufReader<std::fs::File>>,
        sheet: &str,
    ) -> Vec<Vec<String>> {
        let range = book.worksheet_range(sheet).unwrap();
        range
            .rows()
            .map(|r| {
                r.iter()
                    .map(|c| match c {
                        Data::String(s) => s.clone(),
                        Data::Float(f) => f.to_string(),
                        Data::Int(i) => i.to_string(),
                        Data::DateTime(d) => {
                            let (y, mo, d, h, mi, ..) = d.to_ymd_hms_milli();
                            format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}")
                        }
                        Data::Empty => String::new(),
                        other => other.to_string(),
                    })
                    .collect()
            })
            .collect()
    }
    let summary = book_rows(&mut book, "日报");
    assert_eq!(summary[0][0], "测试售楼处 交接班日报 2026-03-05");
    assert_eq!(summary[2][0], "主管未签字");
    let handovers = book_rows(&mut book, "交接班");
    assert_eq!(handovers[0][0], "交接班");
    assert_eq!(handovers[2][..4], ["1", "夜班", "老周", "2026-03-05 08:00"]);
    let log = book_rows(&mut book, "交班记录");
    assert!(
        log.iter()
            .any(|r| r.get(2).map(String::as_str) == Some("2026-03-04 23:40")
                && r[6] == "到岗,核对钥匙"),
        "{log:?}"
    );
    let questions = book_rows(&mut book, "问答");
    assert_eq!(questions[2][1..], ["小刘", "维保几点到?", "上午十点前"]);
    let signoff = book_rows(&mut book, "签字");
    assert_eq!(signoff[2], ["签字主管", "未签字"]);
}

#[test]
fn hnd_6_a_day_with_no_handover_still_has_its_page() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path(), false);
    let out = dir.path().join("before.txt");
    let run = report(&db, "en", Some("2026-03-04"), &out, PIN);
    assert!(run.status.success(), "{}", stderr(&run));
    let page = std::fs::read_to_string(&out).unwrap();
    assert!(page.contains("(no handover on this day)"), "{page}");
    assert!(page.contains("Not signed by a supervisor"), "{page}");
    // The night's first entry was written that day and handed over the next.
    let other = page
        .split("Other entries written this day")
        .nth(1)
        .expect("the section of other entries");
    assert!(other.contains("到岗,核对钥匙"), "{page}");
    // Today, by default: an empty day of this office.
    let today = Utc::now().with_timezone(&tz()).date_naive();
    let out = dir.path().join("today.txt");
    let run = report(&db, "en", None, &out, PIN);
    assert!(run.status.success(), "{}", stderr(&run));
    let page = std::fs::read_to_string(&out).unwrap();
    assert!(
        page.starts_with(&format!("测试售楼处: shift handover report for {today}")),
        "{page}"
    );
}

#[test]
fn hnd_6_a_bad_date_a_future_day_a_missing_or_wrong_pin_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path(), false);
    let out = dir.path().join("day.txt");
    let run = report(&db, "en", Some("2026-02-30"), &out, PIN);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains("“2026-02-30” cannot be read"),
        "{}",
        stderr(&run)
    );
    let run = report(&db, "zh", Some("yesterday"), &out, PIN);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains("日期“yesterday”无法识别"),
        "{}",
        stderr(&run)
    );
    let run = report(&db, "en", Some("2999-01-01"), &out, PIN);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains("2999-01-01 has not begun yet"),
        "{}",
        stderr(&run)
    );
    let run = report(&db, "en", Some("2026-03-05"), &out, "0000");
    assert_eq!(run.status.code(), Some(1), "a wrong PIN");
    let run = frontdesk(
        &db,
        "en",
        &["report", "day", "--out", out.to_str().unwrap()],
        "",
    );
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains("add --supervisor NAME"),
        "{}",
        stderr(&run)
    );
    let run = report(&db, "en", None, &dir.path().join("day.pdf"), PIN);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains(".xlsx, .csv or .txt"),
        "{}",
        stderr(&run)
    );
    assert!(!out.exists());
    let store = Store::open(&db).unwrap();
    assert!(
        !store
            .audit_trail()
            .unwrap()
            .iter()
            .any(|a| a.action == "report_day")
    );
}

#[test]
fn reg_4_a_sealed_head_no_longer_in_its_chain_is_said_in_words_by_report_day_and_verify() {
    let dir = tempfile::tempdir().unwrap();
    let db = office(dir.path(), true);
    // The shift log's first entry changed and its chain recomputed: same length, new head.
    let raw = rusqlite::Connection::open(&db).unwrap();
    raw.execute_batch(
        "DROP TRIGGER shift_log_no_update; UPDATE shift_log SET text = '一切正常' WHERE id = 1;",
    )
    .unwrap();
    drop(raw);
    common::recompute_links(&db, &frontdesk::store::chain::SHIFT_LOG, 1);
    let said = "Evidence check FAILED: the hash chain of the shift log (shift_log) no longer \
                matches the head the supervisor's sign-off of 2026-03-05 sealed";
    let out = dir.path().join("day.txt");
    let run = report(&db, "en", Some("2026-03-05"), &out, PIN);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(stderr(&run).starts_with(said), "{}", stderr(&run));
    let page = std::fs::read_to_string(&out).unwrap();
    let top: String = page.lines().take(6).collect::<Vec<_>>().join(" ");
    assert!(top.contains("Evidence check FAILED"), "{page}");
    let run = frontdesk(&db, "en", &["verify"], "");
    assert_eq!(run.status.code(), Some(1), "{run:?}");
    assert!(stderr(&run).starts_with(said), "{}", stderr(&run));
    let run = frontdesk(&db, "zh", &["verify"], "");
    assert!(
        stderr(&run).contains("值班日志(shift_log)的哈希链与 2026-03-05 主管签字封存的链头不符"),
        "{}",
        stderr(&run)
    );
}
