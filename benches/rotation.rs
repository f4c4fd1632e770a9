//! How long the rotation's hot paths take: replaying the day's log (done on every write and
//! every refresh) and a whole "next walk-in" write through SQLite.
//! Run with `cargo bench --bench rotation`.
//!
//! The figure to quote for the desk is "realistic morning: walk-in + end via Store": every
//! iteration starts from the same fresh copy of a morning's database, so it measures what a
//! clerk's key press costs at 11 o'clock. The "ever-growing day" figure is kept for
//! comparison with earlier runs; each of its iterations adds to one day, so by the end that
//! day holds thousands of walk-ins and the figure mostly measures replaying them. The bare
//! rusqlite figure is the floor for one write: one event and its audit row in one
//! transaction, with no load, replay or deciding. A walk-in and its end are two such writes.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use frontdesk::domain::policy::Policy;
use frontdesk::domain::rotation::{Command, Event, Logged, Outcome, RotationDay, Seq};
use frontdesk::domain::settings::OfficeSettings;
use frontdesk::domain::staff::{Role, StaffId};
use frontdesk::store::Store;
use rusqlite::{Connection, TransactionBehavior, params};
use tempfile::TempDir;

const SALESPEOPLE: usize = 12;
/// Walk-ins already received and ended when the measured one arrives.
const MORNING_WALK_INS: usize = 40;

/// A busy day: 12 salespeople and `walk_ins` customers, each received and ended.
fn busy_day(walk_ins: usize) -> Vec<Logged> {
    let policy = Policy::default();
    let start = Utc.with_ymd_and_hms(2026, 11, 22, 1, 0, 0).unwrap();
    let mut day = RotationDay::default();
    let mut seq = 0;
    let mut run = |day: &mut RotationDay, command: Command| -> Vec<Logged> {
        let events = day.decide(&command, &policy).expect("the script is valid");
        events
            .into_iter()
            .map(|event| {
                seq += 1;
                let logged = Logged {
                    seq: Seq(seq),
                    at: start + Duration::seconds(seq * 30),
                    event,
                };
                day.apply(&logged);
                logged
            })
            .collect()
    };
    for id in 1..=SALESPEOPLE as i64 {
        run(&mut day, Command::CheckIn(StaffId(id)));
    }
    for i in 0..walk_ins {
        let started = run(&mut day, Command::WalkIn);
        let reception = started
            .iter()
            .find(|l| matches!(l.event, Event::ReceptionStarted { .. }))
            .map(|l| l.seq)
            .unwrap();
        let outcome = if i % 5 == 0 {
            Outcome::OwnOldCustomer
        } else {
            Outcome::NewCustomer
        };
        run(&mut day, Command::End { reception, outcome });
    }
    day.log().to_vec()
}

fn replay(c: &mut Criterion) {
    let log = busy_day(200);
    c.bench_function("replay a day of 200 walk-ins", |b| {
        b.iter(|| RotationDay::replay(black_box(&log)))
    });
}

/// An office as the benches write to it.
struct Office {
    /// Who runs the desk: the operator of every walk-in.
    clerk: StaffId,
    day: NaiveDate,
    now: DateTime<Utc>,
}

/// Sets up an office with 12 salespeople checked in at `path`.
fn open_office(path: &Path) -> (Store, Office) {
    let mut store = Store::open(path).unwrap();
    let office = Office {
        clerk: StaffId(0),
        day: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
        now: Utc.with_ymd_and_hms(2026, 11, 22, 3, 0, 0).unwrap(),
    };
    let morning = office.now - Duration::hours(2);
    let boss = store
        .set_up_office(
            "bench",
            "boss",
            "1234",
            "1234",
            &OfficeSettings::default(),
            morning,
        )
        .unwrap();
    let approval = store.approve(Some(boss), boss, "1234", morning).unwrap();
    let clerk = store
        .add_staff(boss, approval, "desk", Role::Clerk, None, morning)
        .unwrap();
    let office = Office { clerk, ..office };
    for i in 0..SALESPEOPLE {
        let id = store
            .add_staff(
                boss,
                approval,
                &format!("s{i}"),
                Role::Salesperson,
                None,
                morning,
            )
            .unwrap();
        store
            .rotate(boss, None, office.day, morning, &Command::CheckIn(id))
            .unwrap();
    }
    (store, office)
}

/// The measured unit: the next walk-in goes to whoever is up, and the reception ends.
fn walk_in_and_end(store: &mut Store, office: &Office, outcome: Outcome) {
    let (clerk, day, now) = (office.clerk, office.day, office.now);
    let rotated = store.assign_next_walk_in(clerk, day, now).unwrap();
    let reception = rotated.appended.last().unwrap().seq;
    let end = Command::End { reception, outcome };
    store.rotate(clerk, None, day, now, &end).unwrap();
}

fn walk_in_on_an_ever_growing_day(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, office) = open_office(&dir.path().join("bench.db"));
    c.bench_function("ever-growing day: walk-in + end via Store", |b| {
        b.iter(|| walk_in_and_end(&mut store, &office, Outcome::NewCustomer))
    });
}

/// A database file holding a realistic morning: 12 salespeople checked in and 40 walk-ins
/// received and ended, every fifth their own old customer, so make-ups were earned and
/// served. Closed, so its WAL is checkpointed into the one file and a copy is complete.
fn realistic_morning(dir: &Path) -> (PathBuf, Office) {
    let path = dir.join("morning.db");
    let (mut store, office) = open_office(&path);
    for i in 0..MORNING_WALK_INS {
        let outcome = if i % 5 == 0 {
            Outcome::OwnOldCustomer
        } else {
            Outcome::NewCustomer
        };
        walk_in_and_end(&mut store, &office, outcome);
    }
    let events = store.rotation_log(office.day).unwrap().len();
    assert!(events > 2 * MORNING_WALK_INS, "the morning is in the log");
    drop(store);
    (path, office)
}

/// A connection to a private copy of the morning that has already written and read, as a
/// desk's connection has: the first write on a new connection also sets up the WAL file, and
/// the first read loads pages and prepares statements, costs a desk pays once a session, not
/// on every key press. Fields drop in order: the connection
/// closes before its directory is removed.
struct Fresh<T> {
    conn: T,
    _dir: TempDir,
}

fn fresh_copy(template: &Path) -> (PathBuf, TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    std::fs::copy(template, &path).unwrap();
    (path, dir)
}

fn walk_in_on_a_realistic_morning(c: &mut Criterion) {
    let template_dir = tempfile::tempdir().unwrap();
    let (template, office) = realistic_morning(template_dir.path());

    let mut group = c.benchmark_group("realistic morning: 12 in, 40 walk-ins done");
    group.bench_function("walk-in + end via Store", |b| {
        b.iter_batched_ref(
            || {
                let (path, dir) = fresh_copy(&template);
                let mut store = Store::open(&path).unwrap();
                store.sign_in(office.clerk, None, office.now).unwrap();
                // The desk shows the queue before anyone presses a key.
                black_box(store.rotation_day(office.day).unwrap());
                Fresh {
                    conn: store,
                    _dir: dir,
                }
            },
            |fresh| walk_in_and_end(&mut fresh.conn, &office, Outcome::NewCustomer),
            BatchSize::PerIteration,
        )
    });
    // The SQL a rotation write runs, on a bare connection set up as Store sets up its own:
    // one BEGIN IMMEDIATE transaction inserting one event and its audit row, each statement
    // prepared afresh as `Store::rotate` does. No load, no replay, no deciding.
    let event = r#"{"type":"reception_started","salesperson":5,"kind":{"kind":"rotation"},"uses_turn":true,"make_up":null}"#;
    let day = office.day.format("%Y-%m-%d").to_string();
    let at = office
        .now
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    group.bench_function("bare rusqlite: event + audit, one tx", |b| {
        b.iter_batched_ref(
            || {
                let (path, dir) = fresh_copy(&template);
                let conn = Connection::open(&path).unwrap();
                conn.busy_timeout(std::time::Duration::from_secs(5))
                    .unwrap();
                conn.pragma_update(None, "foreign_keys", true).unwrap();
                conn.pragma_update(None, "synchronous", "NORMAL").unwrap();
                // The clerk's sign-in, as on the Store side.
                conn.execute(
                    "INSERT INTO audit (at, operator_id, action, detail) VALUES (?1, ?2, ?3, ?4)",
                    params![at, office.clerk, "sign_in", "desk"],
                )
                .unwrap();
                Fresh { conn, _dir: dir }
            },
            |fresh| {
                let tx = fresh
                    .conn
                    .transaction_with_behavior(TransactionBehavior::Immediate)
                    .unwrap();
                tx.execute(
                    "INSERT INTO rotation_events (business_day, at, operator_id, event)
                     VALUES (?1, ?2, ?3, ?4)",
                    params![day, at, office.clerk, event],
                )
                .unwrap();
                tx.execute(
                    "INSERT INTO audit (at, operator_id, action, detail) VALUES (?1, ?2, ?3, ?4)",
                    params![at, office.clerk, "rotation", event],
                )
                .unwrap();
                tx.commit().unwrap();
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

/// What durability costs (issue 8 §2): the store commits with `synchronous=FULL`, so every
/// acknowledged write waits for the disk. One audited, chained append through the Store (a
/// salesperson checks out: one rotation event and its audit row, both hashed into their
/// chains, the day replayed and decided first) against the floor, a bare WAL insert at
/// `synchronous=FULL`, and the same bare transaction at `NORMAL` for what FULL itself costs.
fn durable_append(c: &mut Criterion) {
    let template_dir = tempfile::tempdir().unwrap();
    let (template, office) = realistic_morning(template_dir.path());
    let salesperson = {
        let store = Store::open(&template).unwrap();
        store.rotation_day(office.day).unwrap().day.order()[0]
    };
    let mut group = c.benchmark_group("durable append (synchronous=FULL)");
    group.bench_function("Store: check-out, event + audit, both chained", |b| {
        b.iter_batched_ref(
            || {
                let (path, dir) = fresh_copy(&template);
                let mut store = Store::open(&path).unwrap();
                store.sign_in(office.clerk, None, office.now).unwrap();
                black_box(store.rotation_day(office.day).unwrap());
                Fresh {
                    conn: store,
                    _dir: dir,
                }
            },
            |fresh| {
                let out = Command::CheckOut(salesperson);
                let (clerk, day, now) = (office.clerk, office.day, office.now);
                fresh.conn.rotate(clerk, None, day, now, &out).unwrap();
            },
            BatchSize::PerIteration,
        )
    });
    let at = office
        .now
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let bare = |synchronous: &'static str, with_audit: bool| {
        let template = template.clone();
        let at = at.clone();
        move |b: &mut criterion::Bencher| {
            b.iter_batched_ref(
                || {
                    let (path, dir) = fresh_copy(&template);
                    let conn = Connection::open(&path).unwrap();
                    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
                    conn.pragma_update(None, "synchronous", synchronous)
                        .unwrap();
                    conn.execute(
                        "INSERT INTO audit (at, operator_id, action, detail) VALUES (?1, ?2, ?3, ?4)",
                        params![at, office.clerk, "sign_in", "desk"],
                    )
                    .unwrap();
                    Fresh { conn, _dir: dir }
                },
                |fresh| {
                    let tx = fresh
                        .conn
                        .transaction_with_behavior(TransactionBehavior::Immediate)
                        .unwrap();
                    tx.execute(
                        "INSERT INTO rotation_events (business_day, at, operator_id, event)
                         VALUES ('2026-11-22', ?1, ?2, '{\"type\":\"checked_out\"}')",
                        params![at, office.clerk],
                    )
                    .unwrap();
                    if with_audit {
                        tx.execute(
                            "INSERT INTO audit (at, operator_id, action, detail)
                             VALUES (?1, ?2, 'rotation', 'x')",
                            params![at, office.clerk],
                        )
                        .unwrap();
                    }
                    tx.commit().unwrap();
                },
                BatchSize::PerIteration,
            )
        }
    };
    group.bench_function("bare rusqlite: one insert, WAL, FULL", bare("FULL", false));
    group.bench_function(
        "bare rusqlite: event + audit, WAL, FULL",
        bare("FULL", true),
    );
    group.bench_function(
        "bare rusqlite: event + audit, WAL, NORMAL",
        bare("NORMAL", true),
    );
    group.finish();
}

criterion_group!(
    benches,
    replay,
    durable_append,
    walk_in_on_a_realistic_morning,
    walk_in_on_an_ever_growing_day
);
criterion_main!(benches);
