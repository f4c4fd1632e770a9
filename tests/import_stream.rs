//! `frontdesk import` on big files through the real binary (issue 18): bounded memory
//! measured on the child process, a stop signal halfway leaving the register as it was, and
//! the dry run's measured estimate of how long the desks would wait.

#[path = "common/child.rs"]
mod child;
#[path = "common/office.rs"]
mod office;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use frontdesk::store::Store;
use frontdesk::store::import_marker::marker_path;
use office::{PIN, small_office};

const BIN: &str = env!("CARGO_BIN_EXE_frontdesk");

/// A register of `rows` visits as an office keeps one, five minutes apart from 2023 (all in
/// the past), a quarter of them received by salespeople who have left.
fn register(dir: &Path, rows: u64) -> PathBuf {
    let path = dir.join("register.csv");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    writeln!(file, "日期,姓名,电话,置业顾问,车牌,信息来源,类别").unwrap();
    let surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵"];
    let given = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋"];
    let start = Utc.with_ymd_and_hms(2023, 1, 1, 2, 0, 0).unwrap();
    let tz: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
    for i in 0..rows {
        let at = (start + chrono::Duration::minutes(5 * i as i64)).with_timezone(&tz);
        let name = format!(
            "{}{}{}",
            surnames[(i % 8) as usize],
            given[(i / 8 % 10) as usize],
            given[(i / 80 % 10) as usize]
        );
        let plate = match i % 3 {
            0 => format!("粤B{:05}", i % 100_000),
            _ => String::new(),
        };
        let who = ["王芳", "李娜", "离职甲", "王芳"][(i % 4) as usize];
        writeln!(
            file,
            "{},{name},139{:08},{who},{plate},网络,B",
            at.format("%Y-%m-%d %H:%M"),
            i * 7919 % 100_000_000
        )
        .unwrap();
    }
    file.flush().unwrap();
    path
}

fn import_command(db: &Path, file: &Path, extra: &[&str]) -> Command {
    let mut command = Command::new(BIN);
    command
        .args(["import", "visits"])
        .arg(file)
        .args(extra)
        .arg("--db")
        .arg(db)
        .args(["--lang", "en"])
        .env("HOME", db.parent().unwrap())
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("XDG_DATA_HOME");
    command
}

/// The register's visits, its staff and its audit rows: what an import that imported
/// nothing leaves exactly as it was.
fn register_state(db: &Path) -> (usize, usize, usize) {
    let store = Store::open(db).unwrap();
    let visits = store
        .chain_heads()
        .unwrap()
        .into_iter()
        .find(|h| h.table == "visits")
        .map_or(0, |h| h.length as usize);
    (
        visits,
        store.staff().unwrap().len(),
        store.audit_trail().unwrap().len(),
    )
}

/// Issue 18: the whole file is never held. Read whole, 200,000 rows (16 MB of CSV) took about
/// 260 MB (1.32 GB for a million: 1.3 KB a row); streamed, the check reads a row at a time
/// and keeps only the problems, the new names and the dry run's sample of 2,000 rows, so its
/// peak does not grow with the file: 28 MB measured here, under a bound of 64 MB that any
/// whole-file reading breaks four times over. The check is the same reader and row loop
/// the real import's second pass runs inside its transaction (measured below).
#[test]
fn a_200_000_row_check_holds_no_more_than_64_mb_measured_on_the_child() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_office(dir.path());
    let file = register(dir.path(), 200_000);
    let run = child::run_measured(&mut import_command(&db, &file, &["--dry-run"]), "");
    assert!(run.status.success(), "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("Dry run: 200000 visits can be imported"),
        "{}",
        run.stdout
    );
    let peak_mb = run.peak_kib / 1024;
    assert!(peak_mb < 64, "peak {peak_mb} MB");
}

/// Issue 18: the real import of 200,000 rows stays under the 150 MB goal: SQLite's bulk page
/// cache (64 MB) is most of it, the search rows held back for speed are written every
/// 20,000 rows, and the rows themselves are never held. 104 MB measured in a debug build;
/// three minutes of a debug build on a shared machine, so run on request:
/// `cargo test --test import_stream -- --ignored`.
#[test]
#[ignore = "three minutes in a debug build: cargo test --test import_stream -- --ignored"]
fn reg_4_a_200_000_row_import_stays_under_150_mb_measured_on_the_child() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_office(dir.path());
    let file = register(dir.path(), 200_000);
    let started = Instant::now();
    let mut command = import_command(&db, &file, &["--supervisor", "陈经理"]);
    let run = child::run_measured(&mut command, &format!("{PIN}\n"));
    assert!(run.status.success(), "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("Imported 200000 visits"),
        "{}",
        run.stdout
    );
    let peak_mb = run.peak_kib / 1024;
    println!(
        "import of 200,000 rows: {:.1?}, peak {peak_mb} MB",
        started.elapsed()
    );
    assert!(peak_mb < 150, "peak {peak_mb} MB");
    assert_eq!(register_state(&db).0, 200_000);
    assert!(!marker_path(&db).exists(), "the note is removed at the end");
}

/// Before it writes, the import warns that desks will wait, and the note it leaves beside
/// the database is gone when it ends.
#[test]
fn an_import_warns_that_desks_will_wait_and_removes_its_note_when_done() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_office(dir.path());
    let file = register(dir.path(), 2_000);
    let mut command = import_command(&db, &file, &["--supervisor", "陈经理"]);
    let run = child::run_measured(&mut command, &format!("{PIN}\n"));
    assert!(run.status.success(), "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains("While the import writes 2,000 rows no desk can save"),
        "{}",
        run.stderr
    );
    assert_eq!(register_state(&db).0, 2_000);
    assert!(!marker_path(&db).exists());
}

/// REG-4 (all or nothing) and issue 18: SIGTERM while the rows are being written rolls the
/// one transaction back; the register, the staff list and the audit are exactly as they
/// were, and the command says so in one line and fails.
#[test]
fn reg_4_an_import_stopped_by_sigterm_halfway_leaves_the_register_as_it_was_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_office(dir.path());
    let file = register(dir.path(), 150_000);
    let before = register_state(&db);
    let mut child =
        child::spawn_piped(&mut import_command(&db, &file, &["--supervisor", "陈经理"]));
    child::write_stdin(&mut child, &format!("{PIN}\n"));
    // Rows are being written once the note beside the database counts some.
    let marker = marker_path(&db);
    let deadline = Instant::now() + Duration::from_secs(300);
    let writing = loop {
        let note = std::fs::read_to_string(&marker).unwrap_or_default();
        let done = serde_json::from_str::<serde_json::Value>(&note)
            .ok()
            .and_then(|v| v["done"].as_u64())
            .unwrap_or(0);
        if done > 0 {
            break done;
        }
        assert!(
            Instant::now() < deadline,
            "the import never started writing"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "the import ended early"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    // SAFETY: the child is ours and still running.
    assert_eq!(unsafe { libc::kill(child.id() as i32, libc::SIGTERM) }, 0);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains("Stopped: nothing was imported; the register is as it was"),
        "{stderr}"
    );
    assert!(writing < 150_000, "stopped halfway, after {writing} rows");
    assert_eq!(register_state(&db), before);
    assert!(!marker.exists(), "the note is removed when stopped");
}

/// Issue 18: the dry run says how long the real import would keep the desks from saving,
/// measured (the whole file read and checked, a sample written and rolled back), and writes
/// nothing — not even the salesperson who has left.
#[test]
fn a_dry_run_says_how_long_desks_would_wait_measured_on_a_rolled_back_sample() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_office(dir.path());
    let file = register(dir.path(), 5_000);
    let before = register_state(&db);
    let run = child::run_measured(&mut import_command(&db, &file, &["--dry-run"]), "");
    assert!(run.status.success(), "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("Dry run: 5000 visits can be imported"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("The real import would keep the desks from saving for about")
            && run
                .stdout
                .contains("reading and checking all 5,000 rows took")
            && run
                .stdout
                .contains("writing the first 2,000 rows and rolling them back took"),
        "{}",
        run.stdout
    );
    assert_eq!(register_state(&db), before);
}

/// Issue 18: a dry run stopped by SIGTERM says it stopped before the end and fails; it had
/// written nothing to roll back.
#[test]
fn a_dry_run_stopped_by_sigterm_says_it_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_office(dir.path());
    let file = register(dir.path(), 100_000);
    let before = register_state(&db);
    let child = import_command(&db, &file, &["--dry-run"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Once the binary catches the signal (its first act) it looks for it before every row;
    // checking 100,000 rows takes far longer than the signal takes to arrive.
    child::wait_until_it_catches_sigterm(child.id(), Duration::from_secs(60));
    // SAFETY: the child is ours and still running.
    assert_eq!(unsafe { libc::kill(child.id() as i32, libc::SIGTERM) }, 0);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains("Dry run stopped before the end of the file; nothing was written"),
        "{stderr}"
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("can be imported"));
    assert_eq!(register_state(&db), before);
}
