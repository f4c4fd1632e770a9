//! The registers at a million rows (issue 8 §4): search as you type per query kind, the
//! ownership lookup for one typed identity, and a durable registration commit, each through
//! the store and with the same SQL on a bare rusqlite connection, in the same run.
//! Run with `cargo bench --bench registers`.
//!
//! The register (1,000,000 visits and 300,000 calls over ten years) is the one in
//! `register_file`, generated once and cached under `target/bench-registers/`; every commit
//! measured appends to its million-row chain, and the durable commits add rows to the cached
//! file (a few hundred per run).
//!
//! "Bare" is the same SQL on a plain rusqlite connection with no domain work: for a search,
//! the store's statements for the page and each hit's line, the columns read but not parsed;
//! for the lookup, the store's two statements with the near misses narrowed the same way; for
//! the commit, the same INSERTs the store's commit makes (the visit, its trigram row and
//! grams, its chain link, the audit row and its link) with their values worked out beforehand,
//! in one `BEGIN IMMEDIATE` transaction on a copy of the same file, with the store's pragmas.
//!
//! The percentile table is printed first: p50/p99 over `SAMPLES` realistic inputs per
//! figure, each input timed through the store and bare back to back (which goes first
//! alternating), its time the fastest of `PASSES` passes over all inputs; the commits, 200 of
//! each kind in turn, once each (a commit's stalls — the WAL checkpoint every thousand pages,
//! the trigram index's merges — are its real cost). Criterion then measures a few of the same
//! figures with its own statistics.

mod register_file;
mod timing;
use register_file::*;
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};
use timing::{ms, paired, spread};

use chrono::{DateTime, Utc};
use criterion::Criterion;
use frontdesk::demo::people::Rng;
use frontdesk::domain::policy::Policy;
use frontdesk::domain::register::{CustomerName, Identity, Phone, Plate, VisitRegistration, check};
use frontdesk::domain::staff::StaffId;
use frontdesk::store::Store;
use frontdesk::store::register::{self, SearchFilters};
use rusqlite::{Connection, params};

/// Timed queries per figure.
const SAMPLES: usize = 400;
const PAGE: usize = 50;

/// The bare connection's search: the store's SQL for the page and each hit's line, with no
/// domain parsing (the store parses each line into a `RegisterRow`).
fn bare_search(conn: &Connection, query: &str) -> usize {
    let q: String = query.chars().filter(|c| !c.is_whitespace()).collect();
    if q.chars().all(|c| c.is_ascii_lowercase()) || q.chars().count() < 3 {
        let gram = if q.chars().all(|c| c.is_ascii_lowercase()) {
            format!("#{q}")
        } else {
            q
        };
        let mut stmt = conn.prepare_cached(&register::grams_sql()).unwrap();
        let mut rows = stmt
            .query(params![
                gram,
                i64::MIN,
                i64::MAX,
                None::<i64>,
                None::<String>,
                None::<String>
            ])
            .unwrap();
        let mut n = 0;
        while n < PAGE {
            let Some(r) = rows.next().unwrap() else { break };
            touch(r, 1);
            n += 1;
        }
        return n;
    }
    let line = |reference: i64| {
        let sql = if reference & 3 == 1 {
            register::CALL_LINE_SQL
        } else {
            register::VISIT_LINE_SQL
        };
        let mut stmt = conn.prepare_cached(sql).unwrap();
        let mut rows = stmt.query([reference >> 2]).unwrap();
        if let Some(r) = rows.next().unwrap() {
            touch(r, 0);
        }
    };
    if let Some(phone) = register::whole_phone(&q) {
        let mut stmt = conn.prepare_cached(&register::phone_sql()).unwrap();
        let refs: Vec<i64> = stmt
            .query_map(
                params![
                    phone,
                    "",
                    "~",
                    None::<i64>,
                    None::<String>,
                    None::<String>,
                    PAGE as i64,
                    0
                ],
                |r| r.get(0),
            )
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        refs.iter().for_each(|r| line(*r));
        return refs.len();
    }
    // Newest first from the time-ordered trigram index, each hit's line, to the page.
    let mut stmt = conn.prepare_cached(register::TEXT_SQL).unwrap();
    let mut rows = stmt
        .query(params![format!("\"{q}\""), i64::MIN, i64::MAX])
        .unwrap();
    let mut seen = std::collections::HashSet::new();
    while seen.len() < PAGE {
        let Some(r) = rows.next().unwrap() else { break };
        let mut reference = r.get::<_, i64>(0).unwrap() & ((1 << register::REF_BITS) - 1);
        if reference & 3 == 2 {
            reference = conn
                .prepare_cached(register::CORRECTED_RECORD_SQL)
                .unwrap()
                .query_row([reference >> 2], |r| r.get(0))
                .unwrap();
        }
        if seen.insert(reference) {
            line(reference);
        }
    }
    seen.len()
}

fn main() {
    let path = db_path();
    let data = register_data();
    if !path.exists() {
        generate(&path, &data);
    } else {
        println!("using the cached register {}", path.display());
    }
    // The bare commits' copy of the file, taken while nothing has it open.
    let copy = path.with_extension("bare.db");
    std::fs::copy(&path, &copy).unwrap();
    let wal = format!("{}-wal", path.display());
    if Path::new(&wal).exists() {
        std::fs::copy(&wal, format!("{}-wal", copy.display())).unwrap();
    }
    // On disk before anything is timed: the copy's write-back would slow every flush.
    std::fs::File::open(&copy).unwrap().sync_all().unwrap();
    let mut store = Store::open(&path).unwrap();
    let bare = Connection::open(&path).unwrap();
    bare.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;")
        .unwrap();

    // Realistic inputs, drawn from the customers the file holds.
    let mut rng = Rng(7);
    let mut sample = |f: &dyn Fn(&Customer, &mut Rng) -> Option<String>| -> Vec<String> {
        let mut out = Vec::new();
        while out.len() < SAMPLES {
            let (_, c) = &data.visits[rng.below(data.visits.len())];
            let mut r = Rng(rng.next_u64());
            if let Some(q) = f(c, &mut r) {
                out.push(q);
            }
        }
        out
    };
    let han = |c: &Customer| -> Vec<char> {
        let name = CustomerName::parse(&c.name).unwrap();
        name.full().map(|f| f.chars().collect()).unwrap_or_default()
    };
    let kinds: Vec<(&str, Vec<String>)> = vec![
        (
            "1 CJK char",
            sample(&|c, r| {
                let h = han(c);
                (!h.is_empty()).then(|| h[r.below(h.len())].to_string())
            }),
        ),
        (
            "2 CJK chars",
            sample(&|c, r| {
                let h = han(c);
                (h.len() >= 2).then(|| {
                    let i = r.below(h.len() - 1);
                    h[i..i + 2].iter().collect()
                })
            }),
        ),
        (
            "3 CJK chars",
            sample(&|c, _| {
                let h = han(c);
                (h.len() >= 3).then(|| h[..3].iter().collect())
            }),
        ),
        (
            "pinyin initials",
            sample(&|c, _| {
                frontdesk::domain::register::initials(&c.name)
                    .into_iter()
                    .next()
                    .filter(|i| i.len() >= 2)
            }),
        ),
        (
            "last 4 digits",
            sample(&|c, _| c.phone.as_ref().map(|p| p[7..].to_owned())),
        ),
        ("11 digits", sample(&|c, _| c.phone.clone())),
        (
            "plate fragment",
            sample(&|c, _| {
                c.plate
                    .as_ref()
                    .map(|p| p.chars().skip(2).take(4).collect())
            }),
        ),
    ];

    println!();
    println!("| figure | store p50 ms | store p99 ms | bare p50 ms | bare p99 ms | p99 ratio |");
    println!("|---|---|---|---|---|---|");
    let filters = SearchFilters::default();
    let row = |name: &str, s: (Duration, Duration), b: (Duration, Duration)| {
        println!(
            "| {name} | {} | {} | {} | {} | {:.2} |",
            ms(s.0),
            ms(s.1),
            ms(b.0),
            ms(b.1),
            s.1.as_secs_f64() / b.1.as_secs_f64()
        );
    };
    for (name, queries) in &kinds {
        let (s, b) = paired(
            queries,
            |q| {
                black_box(store.search(q, &filters, (0, PAGE)).unwrap());
            },
            |q| {
                black_box(bare_search(&bare, q));
            },
        );
        row(&format!("search: {name}"), s, b);
    }

    // The ownership check for one typed identity: a phone, a full name and sometimes a plate.
    let identities: Vec<Identity> = (0..SAMPLES)
        .map(|i| {
            let (_, c) = &data.visits[(i * 2_477) % data.visits.len()];
            Identity {
                name: Some(CustomerName::parse(&c.name).unwrap()),
                phone: c.phone.as_deref().map(|p| Phone::parse(p).unwrap()),
                plate: c.plate.as_deref().map(|p| Plate::parse(p).unwrap()),
            }
        })
        .collect();
    let policy = Policy::default();
    let tz = chrono_tz::Asia::Shanghai;
    let longest = policy
        .registration_valid_days
        .max(policy.unknowing_window_days());
    let horizon = (end() - chrono::Duration::days(i64::from(longest) + 2))
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let (s, b) = paired(
        &identities,
        |typed| {
            black_box(store.ownership(typed, end(), tz, &policy).unwrap());
        },
        |typed| {
            black_box(bare_lookup(&bare, typed, &horizon));
        },
    );
    row("ownership lookup + verdict", s, b);
    // For reference: every earlier registration read and checked (what the panel's full
    // list needs), against the bare lookup reading every row.
    let (s, b) = paired(
        &identities,
        |typed| {
            let earlier = store.earlier_registrations(typed, 500).unwrap();
            black_box(check(typed, &earlier, end(), tz, &policy));
        },
        |typed| {
            black_box(bare_lookup(&bare, typed, ""));
        },
    );
    row("(every earlier registration + check)", s, b);

    // A durable registration: the store's, with its chain links and audit row, against the
    // same INSERTs on a bare connection (below), both at synchronous=FULL.
    let commits: Vec<usize> = (0..200).collect();
    let clerk = StaffId(2);
    // The bare baseline makes the same INSERTs as the store's commit — the visit, its trigram
    // row and grams, its chain link, the audit row and its chain link — with their values
    // worked out beforehand (no reads, no hashing, no pinyin), in one BEGIN IMMEDIATE
    // transaction, on a copy of the same million-row file (so the cached register keeps only
    // chained rows), with the store's pragmas (WAL, synchronous=FULL, foreign keys).
    let bare_commit = Connection::open(&copy).unwrap();
    bare_commit
        .execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
        )
        .unwrap();
    let max = |sql: &str| -> i64 { bare_commit.query_row(sql, [], |r| r.get(0)).unwrap() };
    // Shared by both bare kinds of commit, which take turns.
    let next_visit = std::cell::Cell::new(max("SELECT max(id) FROM visits"));
    let mut audit_id = max("SELECT max(id) FROM audit");
    let mut visit_pos = max("SELECT max(pos) FROM chain WHERE tbl = 'visits'");
    let mut audit_pos = max("SELECT max(pos) FROM chain WHERE tbl = 'audit'");
    let stamp = |t: DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let prepared: Vec<(VisitRegistration, register::Derived)> = commits
        .iter()
        .map(|i| {
            let (at, c) = &data.visits[*i];
            let v = visit_of(*at, c, *i);
            let d = register::derive(v.name.as_ref(), v.phone.as_ref(), v.plate.as_ref());
            (v, d)
        })
        .collect();
    let mut same_inserts = |i: &usize| {
        let (v, d) = &prepared[*i];
        let tx = &bare_commit;
        tx.execute_batch("BEGIN IMMEDIATE").unwrap();
        next_visit.set(next_visit.get() + 1);
        let visit_id = next_visit.get();
        tx.prepare_cached(register::INSERT_VISIT)
            .unwrap()
            .execute(params![
                visit_id,
                stamp(v.visited_at),
                v.name.as_ref().map(|n| n.as_str()),
                v.phone.as_ref().map(|p| p.as_str()),
                v.work_unit,
                v.intent,
                v.source.as_ref().map(|s| s.key()),
                v.salesperson.0,
                v.car_brand,
                v.plate.as_ref().map(|p| p.as_str()),
                v.party,
                "A",
                v.notes,
                d.surname,
                d.full_name,
                d.initials,
                d.phone_last4,
                None::<i64>,
                clerk.0,
                stamp(end()),
            ])
            .unwrap();
        let reference = visit_id << 2;
        tx.prepare_cached(register::INSERT_FTS)
            .unwrap()
            .execute(params![
                register::text_rowid(v.visited_at.timestamp(), reference),
                v.name.as_ref().map(|n| n.as_str()),
                v.phone.as_ref().map(|p| p.as_str()),
                v.plate.as_ref().map(|p| p.as_str()),
            ])
            .unwrap();
        let mut gram = tx.prepare_cached(register::INSERT_GRAM).unwrap();
        for g in &d.grams {
            gram.execute(params![g, v.visited_at.timestamp(), reference])
                .unwrap();
        }
        let mut link = tx
            .prepare_cached(
                "INSERT INTO chain (tbl, pos, row_id, prev, hash) VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .unwrap();
        visit_pos += 1;
        link.execute(params!["visits", visit_pos, visit_id, [0u8; 32], [1u8; 32]])
            .unwrap();
        audit_id += 1;
        tx.prepare_cached(
            "INSERT INTO audit (id, at, operator_id, approver_id, subject_id, action, detail)
             VALUES (?7, ?1, ?2, ?3, ?4, ?5, ?6)",
        )
        .unwrap()
        .execute(params![
            stamp(end()),
            clerk.0,
            None::<i64>,
            None::<i64>,
            "register_visit",
            format!("visit {visit_id}, salesperson {}", v.salesperson),
            audit_id,
        ])
        .unwrap();
        audit_pos += 1;
        link.execute(params!["audit", audit_pos, audit_id, [0u8; 32], [1u8; 32]])
            .unwrap();
        tx.execute_batch("COMMIT").unwrap();
    };
    // For reference, the baseline before: the visit's own INSERT alone, same file.
    let insert_alone = |i: &usize| {
        let (v, d) = &prepared[*i];
        let tx = &bare_commit;
        tx.execute_batch("BEGIN IMMEDIATE").unwrap();
        tx.prepare_cached(register::INSERT_VISIT)
            .unwrap()
            .execute(params![
                {
                    next_visit.set(next_visit.get() + 1);
                    next_visit.get()
                },
                stamp(v.visited_at),
                v.name.as_ref().map(|n| n.as_str()),
                v.phone.as_ref().map(|p| p.as_str()),
                v.work_unit,
                v.intent,
                v.source.as_ref().map(|s| s.key()),
                v.salesperson.0,
                v.car_brand,
                v.plate.as_ref().map(|p| p.as_str()),
                v.party,
                "A",
                v.notes,
                d.surname,
                d.full_name,
                d.initials,
                d.phone_last4,
                None::<i64>,
                clerk.0,
                stamp(end()),
            ])
            .unwrap();
        tx.execute_batch("COMMIT").unwrap();
    };
    // The three in turn, commit by commit, so all meet the same disk.
    let (mut s, mut b, mut alone) = (Vec::new(), Vec::new(), Vec::new());
    for i in &commits {
        let t = Instant::now();
        let (at, c) = &data.visits[*i];
        black_box(
            store
                .register_visit(clerk, &visit_of(*at, c, *i), None, end())
                .unwrap(),
        );
        s.push(t.elapsed());
        let t = Instant::now();
        same_inserts(i);
        b.push(t.elapsed());
        let t = Instant::now();
        insert_alone(i);
        alone.push(t.elapsed());
    }
    row("durable registration commit", spread(s.clone()), spread(b));
    row("(the visit's INSERT alone, bare)", spread(s), spread(alone));
    drop(bare_commit);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", copy.display()));
    }

    // Criterion's own statistics for a few of the same figures.
    let mut c = Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2))
        .configure_from_args();
    for (name, queries) in kinds
        .iter()
        .filter(|(n, _)| matches!(*n, "1 CJK char" | "pinyin initials" | "last 4 digits"))
    {
        let mut i = 0;
        c.bench_function(&format!("store search {name}"), |b| {
            b.iter(|| {
                i = (i + 1) % queries.len();
                store.search(&queries[i], &filters, (0, PAGE)).unwrap()
            })
        });
        let mut i = 0;
        c.bench_function(&format!("bare search {name}"), |b| {
            b.iter(|| {
                i = (i + 1) % queries.len();
                bare_search(&bare, &queries[i])
            })
        });
    }
    let mut i = 0;
    c.bench_function("store ownership lookup + verdict", |b| {
        b.iter(|| {
            i = (i + 1) % identities.len();
            store.ownership(&identities[i], end(), tz, &policy).unwrap()
        })
    });
    c.final_summary();
}
