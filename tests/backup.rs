//! `frontdesk backup` and `frontdesk restore` through the real binary (issue 19 §1): a backup
//! taken while another desk writes restores and verifies; a damaged or tampered backup, an
//! older one without `--older`, and a restore while a console holds the file are refused.

#[path = "common/cli.rs"]
mod cli;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use chrono::{Duration, Utc};
use cli::{frontdesk, stderr, stdout};
use frontdesk::domain::register::{CustomerName, Phone, VisitRegistration};
use frontdesk::domain::settings::OfficeSettings;
use frontdesk::domain::staff::{Role, StaffId};
use frontdesk::store::Store;
use frontdesk::store::desk_lock::DeskLock;

const PIN: &str = "2468";

/// An office (陈经理, PIN 2468; salesperson 王芳) with `visits` visits registered.
/// Who registers (the supervisor) and who receives (王芳).
type Desk = (StaffId, StaffId);

fn office(dir: &Path, visits: usize) -> (PathBuf, Desk) {
    let path = dir.join("office.db");
    let mut store = Store::open(&path).unwrap();
    let now = Utc::now();
    let boss = store
        .set_up_office(
            "测试售楼处",
            "陈经理",
            PIN,
            PIN,
            &OfficeSettings::default(),
            now,
        )
        .unwrap();
    let approval = store.approve(None, boss, PIN, now).unwrap();
    let sales = store
        .add_staff(boss, approval, "王芳", Role::Salesperson, None, now)
        .unwrap();
    for i in 0..visits {
        register(&mut store, (boss, sales), i);
    }
    (path, (boss, sales))
}

fn register(store: &mut Store, (operator, salesperson): Desk, i: usize) {
    let visit = VisitRegistration {
        visited_at: Utc::now() - Duration::minutes(1),
        name: Some(CustomerName::parse(&format!("客户{i}号")).unwrap()),
        phone: Some(Phone::parse(&format!("139{:08}", i * 7919 % 100_000_000)).unwrap()),
        work_unit: Some("深圳市某某科技有限公司".into()),
        intent: Some("三房,预算三百万左右".into()),
        source: None,
        salesperson,
        car_brand: None,
        plate: None,
        party: None,
        class: None,
        notes: None,
    };
    store
        .register_visit(operator, &visit, None, Utc::now())
        .unwrap();
}

fn visits(db: &Path) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("SELECT count(*) FROM visits", [], |r| r.get(0))
        .unwrap()
}

fn backup(db: &Path, out: &Path, lang: &str) -> Output {
    frontdesk(
        db,
        lang,
        &[
            "backup",
            "--out",
            out.to_str().unwrap(),
            "--supervisor",
            "陈经理",
        ],
        &format!("{PIN}\n"),
    )
}

fn restore(db: &Path, from: &Path, lang: &str, extra: &[&str]) -> Output {
    let mut args = vec!["restore", from.to_str().unwrap(), "--supervisor", "陈经理"];
    args.extend_from_slice(extra);
    frontdesk(db, lang, &args, &format!("{PIN}\n"))
}

fn verify(db: &Path) -> Output {
    frontdesk(db, "en", &["verify"], "")
}

#[test]
fn issue_19_a_backup_taken_while_another_desk_writes_restores_and_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let (db, boss) = office(dir.path(), 2_000);
    // Another desk registers visits as fast as it can for as long as the backup runs.
    let stop = Arc::new(AtomicBool::new(false));
    let written = Arc::new(AtomicUsize::new(0));
    let writer = {
        let (db, stop, written) = (db.clone(), stop.clone(), written.clone());
        std::thread::spawn(move || {
            let mut store = Store::open(&db).unwrap();
            let mut i = 10_000;
            while !stop.load(Ordering::Relaxed) {
                register(&mut store, boss, i);
                written.fetch_add(1, Ordering::Relaxed);
                i += 1;
            }
        })
    };
    while written.load(Ordering::Relaxed) < 5 {
        std::thread::yield_now();
    }
    let out = dir.path().join("backup.db");
    let taken = backup(&db, &out, "en");
    let during = written.load(Ordering::Relaxed);
    stop.store(true, Ordering::Relaxed);
    writer.join().unwrap();
    assert!(taken.status.success(), "{}", stderr(&taken));
    let line = stdout(&taken);
    assert!(
        line.starts_with(&format!(
            "Wrote the backup {} and checked it: the file is whole, ",
            out.display()
        )),
        "{line}"
    );
    assert!(line.contains("chains intact"), "{line}");
    assert!(
        during > 5,
        "the other desk kept writing during the backup: {during}"
    );
    // The copy is one moment of the register: all that was there before, not what came after.
    let copied = visits(&out);
    assert!(copied >= 2_005, "{copied}");
    assert!(copied < visits(&db), "{copied} vs {}", visits(&db));
    // No part file is left beside it, and it is as private as the database.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".part"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&out), mode(&db));
    }

    // Restored where the database was lost, it verifies.
    let lost = tempfile::tempdir().unwrap();
    let fresh = lost.path().join("office.db");
    let restored = restore(&fresh, &out, "en", &[]);
    assert!(restored.status.success(), "{}", stderr(&restored));
    assert!(stdout(&restored).starts_with(&format!(
        "Restored {} to {}",
        out.display(),
        fresh.display()
    )));
    let checked = verify(&fresh);
    assert_eq!(checked.status.code(), Some(0), "{}", stderr(&checked));
    assert_eq!(visits(&fresh), copied);
}

#[test]
fn issue_19_an_older_backup_is_refused_without_older_and_the_replaced_file_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (db, boss) = office(dir.path(), 3);
    let out = dir.path().join("monday.db");
    assert!(backup(&db, &out, "en").status.success());
    // A visit after the backup: restoring would lose it.
    register(&mut Store::open(&db).unwrap(), boss, 99);
    let refused = restore(&db, &out, "en", &[]);
    assert_eq!(refused.status.code(), Some(1));
    let line = stderr(&refused);
    assert!(
        line.contains(&format!(
            "The backup is older than {}: visits has 3 rows in the backup and 4 now",
            db.display()
        )),
        "{line}"
    );
    assert!(line.contains("add --older"), "{line}");
    assert_eq!(line.lines().count(), 1, "{line}");
    let refused = restore(&db, &out, "zh", &[]);
    assert!(stderr(&refused).contains("备份比"), "{}", stderr(&refused));
    assert_eq!(visits(&db), 4, "nothing changed");

    let restored = restore(&db, &out, "en", &["--older"]);
    assert!(restored.status.success(), "{}", stderr(&restored));
    assert_eq!(visits(&db), 3);
    let kept: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().contains("office.db.before-restore-"))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(
        visits(&kept[0]),
        4,
        "the replaced file is whole, with its last visit"
    );
    assert!(stdout(&restored).contains(&kept[0].display().to_string()));
    assert_eq!(verify(&db).status.code(), Some(0));
    // The restore is audited in the restored file.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let detail: String = conn
        .query_row(
            "SELECT detail FROM audit WHERE action = 'restore'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(detail.contains("monday.db"), "{detail}");
}

#[test]
fn issue_19_a_backup_as_new_as_the_database_restores_without_older() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = office(dir.path(), 3);
    let out = dir.path().join("now.db");
    assert!(backup(&db, &out, "en").status.success());
    let restored = restore(&db, &out, "en", &[]);
    assert!(restored.status.success(), "{}", stderr(&restored));
}

#[test]
fn issue_19_a_tampered_backup_is_refused_by_restore() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = office(dir.path(), 3);
    let out = dir.path().join("backup.db");
    assert!(backup(&db, &out, "en").status.success());
    let conn = rusqlite::Connection::open(&out).unwrap();
    conn.execute_batch(
        "DROP TRIGGER visits_no_update; UPDATE visits SET name = '别人' WHERE id = 2;",
    )
    .unwrap();
    drop(conn);
    let fresh = dir.path().join("elsewhere.db");
    let refused = restore(&fresh, &out, "en", &["--older"]);
    assert_eq!(refused.status.code(), Some(1));
    let line = stderr(&refused);
    assert!(
        line.contains("cannot be restored: a chain is broken"),
        "{line}"
    );
    assert!(line.contains("row 2"), "{line}");
    assert!(!fresh.exists(), "nothing was put in place");
}

#[test]
fn issue_19_a_damaged_backup_is_refused_by_restore() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = office(dir.path(), 300);
    let out = dir.path().join("backup.db");
    assert!(backup(&db, &out, "en").status.success());
    // Garbage over pages in the middle of the file, as a failing disk leaves it.
    let mut bytes = std::fs::read(&out).unwrap();
    let middle = bytes.len() / 2;
    for b in &mut bytes[middle..middle + 8192] {
        *b = 0xA5;
    }
    std::fs::write(&out, bytes).unwrap();
    let refused = restore(&db, &out, "en", &["--older"]);
    assert_eq!(refused.status.code(), Some(1));
    let line = stderr(&refused);
    assert!(
        line.contains(&format!("{} cannot be restored", out.display())),
        "{line}"
    );
    assert_eq!(visits(&db), 300);
    assert_eq!(verify(&db).status.code(), Some(0));
}

#[test]
fn issue_19_restore_refuses_while_a_console_has_the_database_open() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = office(dir.path(), 3);
    let out = dir.path().join("backup.db");
    assert!(backup(&db, &out, "en").status.success());
    // The lock every console holds for its lifetime.
    let console = DeskLock::console(&db).unwrap();
    let refused = restore(&db, &out, "en", &[]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains(&format!(
            "{} is open in a console: quit the console on every desk",
            db.display()
        )),
        "{}",
        stderr(&refused)
    );
    let refused = restore(&db, &out, "zh", &[]);
    assert!(
        stderr(&refused).contains("正在被前台控制台使用"),
        "{}",
        stderr(&refused)
    );
    drop(console);
    assert!(restore(&db, &out, "en", &[]).status.success());
}

#[test]
fn issue_19_a_backup_needs_a_supervisors_pin_and_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = office(dir.path(), 1);
    let out = dir.path().join("backup.db");
    let refused = frontdesk(
        &db,
        "en",
        &[
            "backup",
            "--out",
            out.to_str().unwrap(),
            "--supervisor",
            "陈经理",
        ],
        "0000\n",
    );
    assert_eq!(refused.status.code(), Some(1));
    assert!(!out.exists());
    let taken = backup(&db, &out, "zh");
    assert!(
        stdout(&taken).starts_with("已写入备份"),
        "{}",
        stdout(&taken)
    );
    let conn = rusqlite::Connection::open(&db).unwrap();
    let detail: String = conn
        .query_row(
            "SELECT detail FROM audit WHERE action = 'backup'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        detail,
        format!("to {}, kept only once checked", out.display())
    );
    // The backup cannot be written over the database itself.
    let over = backup(&db, &db, "en");
    assert_eq!(over.status.code(), Some(1));
    assert!(
        stderr(&over).contains("is the database itself"),
        "{}",
        stderr(&over)
    );
}

#[test]
fn issue_19_a_backup_without_out_goes_dated_into_the_office_folder_and_keeps_the_last_ones() {
    let dir = tempfile::tempdir().unwrap();
    let (db, (boss, _)) = office(dir.path(), 1);
    let take = |lang: &str| {
        frontdesk(
            &db,
            lang,
            &["backup", "--supervisor", "陈经理"],
            &format!("{PIN}\n"),
        )
    };
    // No folder set: nothing written, and the line says what to do.
    let refused = take("en");
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("no backup folder set"),
        "{}",
        stderr(&refused)
    );
    let folder = dir.path().join("usb");
    std::fs::create_dir(&folder).unwrap();
    // Two old dated backups already there; the office keeps two.
    for old in [
        "frontdesk-20200101-090000.db",
        "frontdesk-20200102-090000.db",
    ] {
        std::fs::write(folder.join(old), b"old").unwrap();
    }
    {
        let mut store = Store::open(&db).unwrap();
        let now = Utc::now();
        let approval = store.approve(None, boss, PIN, now).unwrap();
        let settings = store
            .office_settings()
            .unwrap()
            .with_backups(folder.to_str().unwrap(), 2)
            .unwrap();
        store
            .set_office_settings(boss, approval, &settings, now)
            .unwrap();
    }
    let taken = take("zh");
    assert!(taken.status.success(), "{}", stderr(&taken));
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 2, "{names:?}");
    assert_eq!(names[0], "frontdesk-20200102-090000.db");
    let written = folder.join(&names[1]);
    assert!(
        stdout(&taken).contains(&written.display().to_string()),
        "{}",
        stdout(&taken)
    );
    assert_eq!(visits(&written), 1);
}
