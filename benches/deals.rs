//! The deal desk at a million rows (issue 17 §6): proposing a deal's attribution, and the
//! month's figures a sales manager opens in the morning, each through the store and with the
//! same SQL on a bare rusqlite connection, in the same run. Run with
//! `cargo bench --bench deals`.
//!
//! The file is the registers' benchmark file (`register_file`: 1,000,000 visits, 300,000
//! calls over ten years) with 20,000 deals recorded through the store — every fiftieth
//! visit's customer buying from the salesperson who received them a few days later, nine in
//! ten confirmed by the manager — cached as `target/bench-registers/deals-v2.db`.
//!
//! - **Propose**: `Store::preview_deal` for customers of the last two months (where the
//!   verdicts are live: protected, lapsed, in conflict): the REG-3 lookup at the moment of
//!   signing, the verdict and the rules, the closer's receptions and the unit's holder. Bare:
//!   the store's lookup SQL (`register::LOOKUP_SQL` and each line it must read) and the unit
//!   holder's query, no domain work.
//! - **Month**: `Store::figures` for the month of the file's last day (about 8,000 visits,
//!   2,500 calls and 160 deals). Bare: the same three statements, rows read, not counted.
//!
//! The percentile table: p50/p99 over the inputs, each timed through the store and bare back
//! to back (`timing::paired`); then criterion on the same figures.

mod register_file;
mod timing;
use register_file::*;
use std::hint::black_box;
use std::time::Duration;
use timing::{ms, paired};

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use criterion::Criterion;
use frontdesk::domain::attribution::Answers;
use frontdesk::domain::deal::{Deal, DealForm, DealKind, check};
use frontdesk::domain::register::{CustomerName, Identity, Phone};
use frontdesk::store::Store;
use rusqlite::{Connection, params};

const DEALS: usize = 20_000;
const SAMPLES: usize = 400;

fn tz() -> chrono_tz::Tz {
    "Asia/Shanghai".parse().unwrap()
}

fn deal_of(c: &Customer, unit: usize, at: DateTime<Utc>) -> Deal {
    check(
        &DealForm {
            signed_at: at,
            kind: DealKind::Customer,
            building: format!("{}栋", unit / 4000 + 1),
            room: format!("{}", unit % 4000 + 101),
            buyers: c.name.clone(),
            phone: c.phone.clone().unwrap_or_default(),
            deposit: "5万".into(),
            price: "180万".into(),
            closer: Some(staff(c.salesperson)),
            grew_from: Vec::new(),
        },
        at,
        tz(),
    )
    .unwrap()
}

/// The deals file: the register's, with `DEALS` deals recorded through the store.
fn deals_file(data: &Register) -> std::path::PathBuf {
    let base = db_path();
    if !base.exists() {
        generate(&base, data);
    }
    let path = base.with_file_name("deals-v2.db");
    if path.exists() {
        println!("using the cached deals file {}", path.display());
        return path;
    }
    let tmp = path.with_extension("tmp");
    std::fs::copy(&base, &tmp).unwrap();
    let started = std::time::Instant::now();
    let mut store = Store::open(&tmp).unwrap();
    let boss = frontdesk::domain::staff::StaffId(1);
    let clerk = frontdesk::domain::staff::StaffId(2);
    let approval = store.approve(None, boss, "2468", end()).unwrap();
    let step = data.visits.len() / DEALS;
    for (n, (at, c)) in data.visits.iter().step_by(step).take(DEALS).enumerate() {
        let signed = (*at + chrono::Duration::days(3)).min(end());
        let recorded = store
            .record_deal(
                clerk,
                &deal_of(c, n, signed),
                Answers::default(),
                None,
                signed,
            )
            .unwrap();
        if n % 10 != 0 && recorded.proposal.is_complete() {
            let _ = store.confirm_deal(
                clerk,
                approval,
                recorded.deal,
                recorded.proposal_event,
                signed + chrono::Duration::hours(20),
            );
        }
    }
    drop(store);
    std::fs::rename(&tmp, &path).unwrap();
    println!("recorded {DEALS} deals in {:.1?}", started.elapsed());
    path
}

/// The bare unit holder's query: the store's.
fn bare_unit_holder(conn: &Connection, key: &str) -> bool {
    conn.prepare_cached(
        "SELECT id FROM deals d WHERE unit_key = ?1
         AND NOT EXISTS (SELECT 1 FROM deal_events e WHERE e.deal_id = d.id AND e.kind = 'cancelled')
         ORDER BY id DESC LIMIT 1",
    )
    .unwrap()
    .exists([key])
    .unwrap()
}

/// The month's statements of `Store::figures`, rows read and dropped.
fn bare_month(conn: &Connection, start: &str, end: &str, from: &str, to: &str) -> usize {
    let mut n = 0;
    let mut visits = conn
        .prepare_cached(
            "SELECT v.id, v.at, v.salesperson_id, v.source,
                    (v.phone IS NOT NULL AND EXISTS (
                        SELECT 1 FROM visits e WHERE e.phone = v.phone AND e.at <= v.at
                           AND (e.at < v.at OR e.id < v.id)))
                 OR (v.full_name IS NOT NULL AND EXISTS (
                        SELECT 1 FROM visits e WHERE e.full_name = v.full_name AND e.at <= v.at
                           AND (e.at < v.at OR e.id < v.id)))
             FROM visits v WHERE v.at >= ?1 AND v.at < ?2",
        )
        .unwrap();
    let mut rows = visits.query(params![start, end]).unwrap();
    while let Some(r) = rows.next().unwrap() {
        black_box((r.get::<_, String>(1).unwrap(), r.get::<_, bool>(4).unwrap()));
        n += 1;
    }
    let mut calls = conn
        .prepare_cached(
            "SELECT c.id, c.at, c.salesperson_id,
                    c.phone IS NOT NULL AND EXISTS (
                        SELECT 1 FROM visits v WHERE v.phone = c.phone AND v.at > c.at)
             FROM calls c WHERE c.at >= ?1 AND c.at < ?2",
        )
        .unwrap();
    let mut rows = calls.query(params![start, end]).unwrap();
    while let Some(r) = rows.next().unwrap() {
        black_box(r.get::<_, bool>(3).unwrap());
        n += 1;
    }
    let mut deals = conn
        .prepare_cached(
            "SELECT d.deal_on, d.closer_id FROM deals d
             WHERE d.deal_on >= ?1 AND d.deal_on <= ?2
               AND NOT EXISTS (SELECT 1 FROM deal_events e
                               WHERE e.deal_id = d.id AND e.kind = 'cancelled')",
        )
        .unwrap();
    let mut rows = deals.query(params![from, to]).unwrap();
    while let Some(r) = rows.next().unwrap() {
        black_box(r.get::<_, String>(0).unwrap());
        n += 1;
    }
    n
}

fn main() {
    let data = register_data();
    let path = deals_file(&data);
    let store = Store::open(&path).unwrap();
    let bare = Connection::open(&path).unwrap();
    bare.execute_batch("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;")
        .unwrap();
    let tz = tz();
    // Customers of the last two months, buying today from whoever received them.
    let recent = end() - chrono::Duration::days(60);
    let inputs: Vec<(Deal, Identity)> = data
        .visits
        .iter()
        .filter(|(at, _)| *at > recent)
        .step_by(7)
        .take(SAMPLES)
        .enumerate()
        .map(|(i, (_, c))| {
            let deal = deal_of(c, DEALS + i, end());
            let identity = Identity {
                name: Some(CustomerName::parse(&c.name).unwrap()),
                phone: c.phone.as_deref().map(|p| Phone::parse(p).unwrap()),
                plate: None,
            };
            (deal, identity)
        })
        .collect();
    let horizon = (end() - chrono::Duration::days(62)).to_rfc3339();
    let ((s50, s99), (b50, b99)) = paired(
        &inputs,
        |(deal, _)| {
            black_box(
                store
                    .preview_deal(deal, Answers::default(), None, end())
                    .unwrap(),
            );
        },
        |(deal, identity)| {
            black_box(bare_lookup(&bare, identity, &horizon));
            black_box(bare_unit_holder(&bare, &deal.unit.key()));
        },
    );
    let last: NaiveDate = end().with_timezone(&tz).date_naive();
    let first = last.with_day(1).unwrap();
    let day_start = |d: NaiveDate| {
        frontdesk::domain::workdays::local_hour(d, 0, tz)
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
    };
    let (start, stop) = (day_start(first), day_start(last.succ_opt().unwrap()));
    let months = [(); 20];
    let ((m50, m99), (mb50, mb99)) = paired(
        &months,
        |_| {
            black_box(store.figures(first, last, tz).unwrap());
        },
        |_| {
            black_box(bare_month(
                &bare,
                &start,
                &stop,
                &first.to_string(),
                &last.to_string(),
            ));
        },
    );
    println!("\nfigure                     store p50  p99   bare p50  p99   (ms)");
    println!(
        "propose a deal             {:>9} {:>6} {:>9} {:>6}",
        ms(s50),
        ms(s99),
        ms(b50),
        ms(b99)
    );
    println!(
        "the month's figures        {:>9} {:>6} {:>9} {:>6}",
        ms(m50),
        ms(m99),
        ms(mb50),
        ms(mb99)
    );
    let mut c = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2))
        .configure_from_args();
    let mut i = 0;
    c.bench_function("store propose a deal", |b| {
        b.iter(|| {
            i = (i + 1) % inputs.len();
            black_box(
                store
                    .preview_deal(&inputs[i].0, Answers::default(), None, end())
                    .unwrap(),
            )
        })
    });
    c.bench_function("store month's figures", |b| {
        b.iter(|| black_box(store.figures(first, last, tz).unwrap()))
    });
    c.bench_function("bare month's figures", |b| {
        b.iter(|| {
            black_box(bare_month(
                &bare,
                &start,
                &stop,
                &first.to_string(),
                &last.to_string(),
            ))
        })
    });
    c.final_summary();
}
