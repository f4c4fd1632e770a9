//! `frontdesk backup` and `frontdesk restore` through the real binary (issue 19 §1): a backup
//! taken while another desk writes restores and verifies; a damaged or tampered backup, an
//! older one without `--older`, and a restore while a console holds the file are refused.

#[path = "common/cli.rs"]
mod cli;
#[path = "common/office.rs"]
mod office;
#[path = "common/visits.rs"]
mod visits;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use chrono::Utc;
use cli::{frontdesk, refused_in_one_line, stderr, stdout};
use frontdesk::domain::staff::StaffId;
use frontdesk::store::Store;
use frontdesk::store::desk_lock::DeskLock;
use office::PIN;
use visits::{many_visits, office_with_visits, visit};

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

/// Another desk registering visits one after another until told to stop, and how many it
/// has registered so far (each counted once committed).
struct Writer {
    stop: Arc<AtomicBool>,
    written: Arc<AtomicUsize>,
    thread: std::thread::JoinHandle<()>,
}

impl Writer {
    fn start(db: &Path) -> Writer {
        let stop = Arc::new(AtomicBool::new(false));
        let written = Arc::new(AtomicUsize::new(0));
        let thread = {
            let (db, stop, written) = (db.to_path_buf(), stop.clone(), written.clone());
            std::thread::spawn(move || {
                let mut store = Store::open(&db).unwrap();
                while !stop.load(Ordering::SeqCst) {
                    let n = written.load(Ordering::SeqCst);
                    visit(&mut store, &format!("并发客户{n}号"));
                    written.fetch_add(1, Ordering::SeqCst);
                    // A breath between two writes, as between two desks' keys: a writer that
                    // takes the lock again the instant it lets it go leaves the backup's own
                    // audit row (it must write one) only SQLite's unfair busy retries, which
                    // no desk does to it.
                    std::thread::sleep(Duration::from_millis(2));
                }
            })
        };
        Writer {
            stop,
            written,
            thread,
        }
    }

    fn written(&self) -> usize {
        self.written.load(Ordering::SeqCst)
    }

    /// Waits until `n` visits are registered in all.
    fn wait_for(&self, n: usize) {
        while self.written() < n {
            assert!(!self.thread.is_finished(), "the writer stopped early");
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    fn stop(self) {
        self.stop.store(true, Ordering::SeqCst);
        self.thread.join().unwrap();
    }
}

/// Positions of `db`'s chains that the copy at `copy` lacks or holds differently: empty when
/// every chain of the copy is a beginning of the same chain in `db`, link for link.
fn not_a_prefix(copy: &Path, db: &Path) -> Vec<(String, i64)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute("ATTACH ?1 AS copy", [copy.to_str().unwrap()])
        .unwrap();
    conn.prepare(
        "SELECT c.tbl, c.pos FROM copy.chain c
         LEFT JOIN main.chain m ON m.tbl = c.tbl AND m.pos = c.pos
         WHERE m.hash IS NOT c.hash OR m.row_id IS NOT c.row_id
         ORDER BY c.tbl, c.pos LIMIT 5",
    )
    .unwrap()
    .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

/// Visits and their audit rows in the file at `db`: each visit the writer registered wrote
/// both in one transaction, so one moment of the file holds as many of each.
fn visits_and_their_audit_rows(db: &Path, first_by_writer: i64) -> (i64, i64) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let count = |sql: &str| -> i64 {
        conn.query_row(sql, [first_by_writer], |r| r.get(0))
            .unwrap()
    };
    (
        count("SELECT count(*) FROM visits WHERE id >= ?1"),
        count(
            "SELECT count(*) FROM audit WHERE action = 'register_visit'
             AND CAST(substr(detail, 7, instr(detail, ',') - 7) AS INTEGER) >= ?1",
        ),
    )
}

#[test]
fn issue_19_a_backup_taken_while_another_desk_writes_restores_and_verifies() {
    let dir = tempfile::tempdir().unwrap();
    // A file of several copy steps (4 MiB each), so that writes land between them.
    let db = office_with_visits(dir.path(), 1);
    many_visits(&db, 11_999);
    let before_writer = visits(&db);
    // Another desk writes from before the backup starts until after it has ended: the two
    // overlap by construction, whatever the machine's speed.
    let writer = Writer::start(&db);
    writer.wait_for(5);
    let out = dir.path().join("backup.db");
    let before = before_writer + writer.written() as i64;
    let taken = backup(&db, &out, "en");
    let ended = writer.written();
    // Two more after the backup ended: the second began after it, so it cannot be in the copy.
    writer.wait_for(ended + 2);
    writer.stop();
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
    // The copy is one moment of the register: all that was there before, not what came after,
    // and every chain of it the beginning of the same chain in the file, link for link.
    let copied = visits(&out);
    let now = visits(&db);
    assert!(
        (before..now).contains(&copied),
        "{before} before the backup, {copied} in it, {now} after"
    );
    assert_eq!(not_a_prefix(&out, &db), [], "the copy's chains differ");
    let (writers_visits, audited) = visits_and_their_audit_rows(&out, before_writer + 1);
    assert_eq!(
        writers_visits, audited,
        "a visit without its audit row, or the reverse"
    );
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
    let db = office_with_visits(dir.path(), 3);
    let out = dir.path().join("monday.db");
    assert!(backup(&db, &out, "en").status.success());
    // A visit after the backup: restoring would lose it.
    visit(&mut Store::open(&db).unwrap(), "客户99号");
    let line = refused_in_one_line(&restore(&db, &out, "en", &[]));
    assert!(
        line.contains(&format!(
            "The backup is older than {}: visits has 3 rows in the backup and 4 now",
            db.display()
        )),
        "{line}"
    );
    assert!(line.contains("add --older"), "{line}");
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
    let db = office_with_visits(dir.path(), 3);
    let out = dir.path().join("now.db");
    assert!(backup(&db, &out, "en").status.success());
    let restored = restore(&db, &out, "en", &[]);
    assert!(restored.status.success(), "{}", stderr(&restored));
}

#[test]
fn issue_19_a_tampered_backup_is_refused_by_restore() {
    let dir = tempfile::tempdir().unwrap();
    let db = office_with_visits(dir.path(), 3);
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
    let db = office_with_visits(dir.path(), 300);
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
    let db = office_with_visits(dir.path(), 3);
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
    let db = office_with_visits(dir.path(), 1);
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
    let db = office_with_visits(dir.path(), 1);
    let boss = StaffId(1);
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
