//! `frontdesk export commission` through the real binary on the demo office: the month's
//! split sheet with its reversal lines (issue 17 §4).

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use chrono::Utc;
use frontdesk::demo;
use frontdesk::domain::deal::EventKind;
use frontdesk::domain::settings::OfficeSettings;
use frontdesk::store::Store;

const BIN: &str = env!("CARGO_BIN_EXE_frontdesk");

fn frontdesk(db: &Path, lang: &str, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .arg("--db")
        .arg(db)
        .args(["--lang", lang])
        .env("HOME", db.parent().unwrap())
        .env_remove("XDG_CONFIG_HOME")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    child.wait_with_output().unwrap()
}

fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[test]
fn the_months_commission_sheet_lists_each_partys_share_with_its_rule_and_reverses_a_cancellation() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let mut store = Store::open(&db).unwrap();
    demo::populate(&mut store, &OfficeSettings::default(), Utc::now()).unwrap();
    // The month of the demo's cancellation (退订), whatever today is.
    let tz: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
    let cancelled = store
        .deals_page("钱多多", (0, 5))
        .unwrap()
        .into_iter()
        .find_map(|d| d.cancellation().map(|c| c.at))
        .expect("the demo cancels 钱多多's deal");
    assert!(
        store
            .deals_page("", (0, 500))
            .unwrap()
            .iter()
            .any(|d| d.events.iter().any(|e| e.kind == EventKind::Cancelled))
    );
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
