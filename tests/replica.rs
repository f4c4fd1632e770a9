//! A live replica with Litestream (issue 19 §2): a working office database is replicated by
//! the real `litestream replicate` while the desk writes through the store, restored with
//! `litestream restore`, and the restored file passes `frontdesk verify` with every
//! acknowledged write in it. Needs Litestream 0.5 (`tests/outside`: skipped with the reason
//! where it is missing, a failure on CI).

#[macro_use]
mod outside;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use chrono::Utc;
use frontdesk::demo;
use frontdesk::domain::register::{CustomerName, Phone, VisitRegistration};
use frontdesk::domain::settings::OfficeSettings;
use frontdesk::store::Store;
use rusqlite::{Connection, OpenFlags};

/// Visits registered in one go while replicating: enough for SQLite to checkpoint on its own.
const BURST: usize = 400;

const BIN: &str = env!("CARGO_BIN_EXE_frontdesk");

/// How long Litestream may take to ship what was written, on a slow, shared machine. It
/// syncs every second; a replica that never catches up never gets there, so a generous
/// limit costs nothing when things work.
const PATIENCE: Duration = Duration::from_secs(60);

fn main() {
    outside::run(tests![outside::LITESTREAM =>
        a_litestream_replica_of_a_working_office_restores_to_a_file_that_verifies_with_every_acknowledged_visit,
    ])
}

/// `litestream replicate` on one database, stopped (SIGTERM, so it ships what it holds)
/// when dropped.
struct Replicating {
    child: Child,
    log: PathBuf,
}

impl Replicating {
    fn start(config: &Path, log: PathBuf) -> Replicating {
        let out = fs::File::create(&log).unwrap();
        let child = Command::new("litestream")
            .args(["replicate", "-config"])
            .arg(config)
            .stdin(Stdio::null())
            .stdout(out.try_clone().unwrap())
            .stderr(out)
            .spawn()
            .expect("litestream starts");
        Replicating { child, log }
    }

    fn log(&self) -> String {
        fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Stops it as systemd would, waiting for it to finish its last sync.
    fn stop(mut self) {
        self.terminate();
    }

    fn terminate(&mut self) {
        if let Ok(Some(_)) = self.child.try_wait() {
            return;
        }
        let pid = self.child.id() as libc::pid_t;
        // SAFETY: kill(2) on the child this test started and has not reaped yet.
        unsafe { libc::kill(pid, libc::SIGTERM) };
        let asked = Instant::now();
        while asked.elapsed() < Duration::from_secs(30) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Replicating {
    fn drop(&mut self) {
        self.terminate();
    }
}

/// The replica's address for `litestream restore`.
fn replica_url(replica: &Path) -> String {
    format!("file://{}", replica.display())
}

/// `litestream restore -o OUT REPLICA`: the newest state the replica holds, as a new file.
fn restore(replica: &Path, out: &Path) -> Output {
    Command::new("litestream")
        .args(["restore", "-o"])
        .arg(out)
        .arg(replica_url(replica))
        .output()
        .unwrap()
}

/// The visits among `ids` that `db` holds, with the names they were registered with.
fn visits_held(db: &Path, ids: &[i64]) -> Vec<(i64, String)> {
    let Ok(conn) = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY) else {
        return Vec::new();
    };
    let list = ids
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let Ok(mut rows) = conn.prepare(&format!(
        "SELECT id, full_name FROM visits WHERE id IN ({list}) ORDER BY id"
    )) else {
        return Vec::new();
    };
    rows.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .and_then(|rows| rows.collect())
        .unwrap_or_default()
}

fn a_litestream_replica_of_a_working_office_restores_to_a_file_that_verifies_with_every_acknowledged_visit()
 {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let replica = dir.path().join("replica");
    let config = dir.path().join("litestream.yml");
    // The README's file replica, pointed at this test's folders.
    fs::write(
        &config,
        format!(
            "dbs:\n  - path: {}\n    replica:\n      type: file\n      path: {}\n",
            db.display(),
            replica.display()
        ),
    )
    .unwrap();

    // An office that has been working: the demo's staff, day and registers.
    let mut store = Store::open(&db).unwrap();
    let clerk = demo::populate(&mut store, &OfficeSettings::default(), Utc::now()).unwrap();
    let salesperson = store
        .staff()
        .unwrap()
        .into_iter()
        .find(|s| s.name == "王芳")
        .expect("王芳 is on the demo staff")
        .id;

    let replicating = Replicating::start(&config, dir.path().join("litestream.log"));
    // Visits registered while Litestream runs, each acknowledged (the store returned its
    // number), with the store kept open as a console keeps it: a few spaced out, between
    // which Litestream takes its write locks, then a busy hour's burst, which fills more than
    // the thousand WAL pages at which SQLite checkpoints on its own, so the console's
    // checkpoints run while Litestream holds the WAL.
    let names = ["林晓燕", "周建国", "吴海涛", "郑丽华", "孙志强", "何雅婷"];
    let mut acknowledged = Vec::new();
    for n in 0..BURST + names.len() {
        let name = names[n % names.len()];
        let visit = VisitRegistration {
            visited_at: Utc::now(),
            name: Some(CustomerName::parse(name).unwrap()),
            phone: Some(Phone::parse(&format!("139{n:08}")).unwrap()),
            work_unit: None,
            intent: None,
            source: None,
            salesperson,
            car_brand: None,
            plate: None,
            party: None,
            class: None,
            notes: None,
        };
        let id = store
            .register_visit(clerk.id, &visit, None, Utc::now())
            .unwrap_or_else(|e| panic!("visit {n} not saved while replicating: {e}"));
        acknowledged.push((id.0, name.to_string()));
        if n < names.len() {
            sleep(Duration::from_millis(300));
        }
    }
    let wal = fs::metadata(dir.path().join("office.db-wal")).map_or(0, |m| m.len());
    assert!(
        wal > 1000 * 4096,
        "the burst fills more than a thousand WAL pages ({wal} bytes)"
    );
    let ids: Vec<i64> = acknowledged.iter().map(|(id, _)| *id).collect();

    // Until the replica holds every acknowledged visit: restore it to a new file each time.
    let started = Instant::now();
    let mut attempt = 0;
    loop {
        attempt += 1;
        let probe = dir.path().join(format!("probe-{attempt}.db"));
        let restored = restore(&replica, &probe);
        if restored.status.success() && visits_held(&probe, &ids) == acknowledged {
            break;
        }
        assert!(
            started.elapsed() < PATIENCE,
            "the replica did not catch up in {PATIENCE:?}; last restore: {}{}\nlitestream's log:\n{}",
            String::from_utf8_lossy(&restored.stdout),
            String::from_utf8_lossy(&restored.stderr),
            replicating.log()
        );
        sleep(Duration::from_millis(500));
    }
    replicating.stop();
    drop(store);

    // The office's PC is gone: what the replica holds becomes a new file, and is checked.
    let restored_db = dir.path().join("restored.db");
    let restored = restore(&replica, &restored_db);
    assert!(
        restored.status.success(),
        "litestream restore failed: {}",
        String::from_utf8_lossy(&restored.stderr)
    );
    assert_eq!(
        visits_held(&restored_db, &ids),
        acknowledged,
        "every acknowledged visit is in the restored file"
    );
    let verified = Command::new(BIN)
        .args(["verify", "--lang", "en", "--db"])
        .arg(&restored_db)
        .env("HOME", dir.path())
        .env_remove("XDG_CONFIG_HOME")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&verified.stdout);
    assert!(
        verified.status.success(),
        "frontdesk verify on the restored file: {said}{}",
        String::from_utf8_lossy(&verified.stderr)
    );
    // Every chain is named with its head; the visits' chain among them.
    assert!(said.contains("intact"), "verify says all is intact: {said}");
    assert!(
        said.to_lowercase().contains("visit"),
        "the visits' chain is listed: {said}"
    );
}
