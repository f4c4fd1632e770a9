//! How long the rotation's hot paths take on a busy day: replaying the day's log (done on
//! every write and every refresh) and a whole "next walk-in" write through SQLite.
//! Run with `cargo bench`.

use std::hint::black_box;

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use frontdesk::domain::policy::Policy;
use frontdesk::domain::rotation::{Command, Event, Logged, Outcome, RotationDay, Seq};
use frontdesk::domain::staff::{Role, StaffId};
use frontdesk::store::Store;

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
    for id in 1..=12 {
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

fn assign_through_sqlite(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("bench.db")).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 2, 0, 0).unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let boss = store
        .set_up_office("bench", "boss", "1234", "1234", now)
        .unwrap();
    let policy = Policy::default();
    let sales: Vec<StaffId> = (0..12)
        .map(|i| {
            store
                .add_staff(boss, &format!("s{i}"), Role::Salesperson, None, now)
                .unwrap()
        })
        .collect();
    for &s in &sales {
        store
            .rotate(boss, None, &policy, day, now, &Command::CheckIn(s))
            .unwrap();
    }
    c.bench_function("next walk-in and its end, through SQLite", |b| {
        b.iter(|| {
            let rotated = store.assign_next_walk_in(boss, &policy, day, now).unwrap();
            let reception = rotated.appended.last().unwrap().seq;
            let end = Command::End {
                reception,
                outcome: Outcome::NewCustomer,
            };
            store.rotate(boss, None, &policy, day, now, &end).unwrap()
        })
    });
}

criterion_group!(benches, replay, assign_through_sqlite);
criterion_main!(benches);
