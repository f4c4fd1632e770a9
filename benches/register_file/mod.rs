//! The million-row register the benchmarks share (issue 8 §4): 1,000,000 visits and 300,000
//! calls over ten years, generated once into `target/bench-registers/<VERSION>.db` and reused
//! by later runs (`benches/registers.rs`, `benches/keys.rs`, `benches/deals.rs`); change
//! [`VERSION`] when the generator or the schema changes. It is built through the real path,
//! as an office builds one (issue 18): its spreadsheets imported by `frontdesk import visits`
//! and `frontdesk import calls`, so `verify` passes on it.
#![allow(dead_code)]

#[path = "../../tests/common/child.rs"]
pub mod child;

use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{DateTime, TimeZone, Utc};
use frontdesk::demo::people::{GIVEN, MOBILE_PREFIXES, Rng, SURNAMES};
use frontdesk::domain::register::{
    CallRegistration, Class, CustomerName, Identity, Phone, Plate, Source, VisitRegistration,
};
use frontdesk::domain::settings::OfficeSettings;
use frontdesk::domain::staff::{Role, StaffId};
use frontdesk::store::Store;
use frontdesk::store::register;
use rusqlite::{Connection, params};
use std::hint::black_box;

/// Names the cached register: bump it when the generator or the schema changes.
pub const VERSION: &str = "registers-v4";
pub const VISITS: usize = 1_000_000;
pub const CALLS: usize = 300_000;
pub const SALESPEOPLE: usize = 20;

pub const PROVINCES: &[(&str, u32)] = &[
    ("沪", 30),
    ("苏", 20),
    ("浙", 20),
    ("京", 8),
    ("粤", 6),
    ("皖", 5),
    ("鲁", 3),
    ("豫", 2),
    ("鄂", 2),
    ("川", 2),
    ("闽", 2),
];

#[derive(Clone)]
pub struct Customer {
    pub name: String,
    pub phone: Option<String>,
    pub plate: Option<String>,
    pub salesperson: usize,
}

pub fn new_customer(rng: &mut Rng) -> Customer {
    let given: Vec<char> = GIVEN.chars().collect();
    let surname = *rng.weighted(SURNAMES);
    let titled = rng.chance(4);
    let name = if titled {
        format!("{surname}{}", ["先生", "女士", "小姐"][rng.below(3)])
    } else {
        let n = if rng.chance(70) { 2 } else { 1 };
        let g: String = (0..n).map(|_| given[rng.below(given.len())]).collect();
        format!("{surname}{g}")
    };
    // A customer known only as 王先生 left a phone: the form (REG-3) takes nothing less.
    let phone = (titled || !rng.chance(8))
        .then(|| format!("{}{}", rng.pick(MOBILE_PREFIXES), rng.digits(8)));
    let plate = rng.chance(35).then(|| {
        let letters = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
        let province = *rng.weighted(PROVINCES);
        let letter = char::from(letters[rng.below(letters.len())]);
        if rng.chance(15) {
            format!(
                "{province}{letter}{}{}",
                ["D", "F"][rng.below(2)],
                rng.digits(5)
            )
        } else {
            let mut tail = rng.digits(5).into_bytes();
            if rng.chance(40) {
                tail[rng.below(2)] = letters[rng.below(letters.len())];
            }
            format!("{province}{letter}{}", String::from_utf8(tail).unwrap())
        }
    });
    Customer {
        name,
        phone,
        plate,
        salesperson: rng.below(SALESPEOPLE),
    }
}

pub fn end() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 8, 0, 0).unwrap()
}

/// The visits' and calls' customers, in time order, as the generator makes them; rebuilt on
/// every run (cheap) so the queries are drawn from what the file holds.
pub struct Register {
    pub visits: Vec<(DateTime<Utc>, Customer)>,
    pub calls: Vec<(DateTime<Utc>, Customer)>,
}

pub fn register_data() -> Register {
    let mut rng = Rng(20261122);
    let span = 10 * 365 * 86_400_i64;
    let start = end() - chrono::Duration::seconds(span);
    let at = |i: usize, n: usize, rng: &mut Rng| {
        start + chrono::Duration::seconds((i as i64 * span / n as i64) + rng.below(3600) as i64)
    };
    let mut pool: Vec<Customer> = Vec::with_capacity(VISITS);
    let mut visits = Vec::with_capacity(VISITS);
    for i in 0..VISITS {
        // About 30% are returning customers, most of them recent ones.
        let customer = if !pool.is_empty() && rng.chance(30) {
            let recent = pool.len().min(20_000);
            let mut c = pool[pool.len() - 1 - rng.below(recent)].clone();
            if rng.chance(15) {
                c.salesperson = rng.below(SALESPEOPLE);
            }
            c
        } else {
            let c = new_customer(&mut rng);
            pool.push(c.clone());
            c
        };
        visits.push((at(i, VISITS, &mut rng), customer));
    }
    let mut calls = Vec::with_capacity(CALLS);
    for i in 0..CALLS {
        let customer = if rng.chance(40) {
            pool[rng.below(pool.len())].clone()
        } else {
            new_customer(&mut rng)
        };
        calls.push((at(i, CALLS, &mut rng), customer));
    }
    Register { visits, calls }
}

pub fn staff(i: usize) -> StaffId {
    // The supervisor is 1 and the clerk 2; salespeople follow.
    StaffId(3 + i as i64)
}

pub fn visit_of(at: DateTime<Utc>, c: &Customer, i: usize) -> VisitRegistration {
    VisitRegistration {
        visited_at: at,
        name: Some(CustomerName::parse(&c.name).unwrap()),
        phone: c.phone.as_deref().map(|p| Phone::parse(p).unwrap()),
        work_unit: None,
        intent: Some(["两居", "三居", "四居", "别墅"][i % 4].into()),
        source: Some(
            [
                Source::Signage,
                Source::Web,
                Source::PassingBy,
                Source::CustomerReferral,
            ][i % 4]
                .clone(),
        ),
        salesperson: staff(c.salesperson),
        car_brand: None,
        plate: c.plate.as_deref().map(|p| Plate::parse(p).unwrap()),
        party: None,
        class: Some([Class::A, Class::B, Class::C][i % 3]),
        notes: None,
    }
}

pub fn call_of(at: DateTime<Utc>, c: &Customer) -> CallRegistration {
    CallRegistration {
        called_at: at,
        caller: Some(CustomerName::parse(&c.name).unwrap()),
        phone: c.phone.as_deref().map(|p| Phone::parse(p).unwrap()),
        question: Some("价格和户型".into()),
        answered_by: staff(c.salesperson),
        intent: None,
        source: Some(Source::Newspaper),
    }
}

/// Builds the register the way an office builds one: its existing spreadsheets written out
/// as CSV (cached beside the file), then `frontdesk import visits` and `frontdesk import
/// calls` through the binary itself, each run as a child whose time and peak memory are
/// printed and kept in `<VERSION>.import.txt` for the README.
pub fn generate(path: &Path, data: &Register) {
    let started = Instant::now();
    let tmp = path.with_extension("tmp");
    let _ = std::fs::remove_file(&tmp);
    set_up_office(&tmp);
    let (visits, calls) = spreadsheets(data);
    let mut figures = String::new();
    for (register, file) in [("visits", &visits), ("calls", &calls)] {
        let run = import(&tmp, register, file);
        let line = format!(
            "import {register} ({} rows): {:.1?}, peak {} MiB",
            match register {
                "visits" => VISITS,
                _ => CALLS,
            },
            run.elapsed,
            run.measured.peak_kib / 1024
        );
        println!("{line}");
        figures.push_str(&line);
        figures.push('\n');
    }
    // No `PRAGMA optimize` and no FTS5 'optimize': the console runs neither, so an office's
    // file has no planner statistics (with them SQLite re-prepares a statement whenever a
    // bound value could change its plan) and its trigram index in the segments its writes
    // left.
    let conn = Connection::open(&tmp).unwrap();
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    drop(conn);
    std::fs::rename(&tmp, path).unwrap();
    std::fs::write(path.with_extension("import.txt"), figures).unwrap();
    println!("generated {} in {:.1?}", path.display(), started.elapsed());
}

/// The supervisor's PIN of the generated office.
pub const PIN: &str = "2468";

/// A new office with its supervisor (1), a clerk (2) and the salespeople (3…), as
/// [`staff`] numbers them.
pub fn set_up_office(path: &Path) {
    let mut store = Store::open(path).unwrap();
    let settings = OfficeSettings::default();
    let boss = store
        .set_up_office("基准售楼处", "陈经理", PIN, PIN, &settings, end())
        .unwrap();
    let approval = store.approve(None, boss, PIN, end()).unwrap();
    store
        .add_staff(boss, approval, "前台", Role::Clerk, None, end())
        .unwrap();
    for i in 0..SALESPEOPLE {
        store
            .add_staff(
                boss,
                approval,
                &salesperson_name(i),
                Role::Salesperson,
                None,
                end(),
            )
            .unwrap();
    }
}

fn salesperson_name(i: usize) -> String {
    format!("销售{i:02}")
}

/// The office's two spreadsheets, written once and kept beside the cached register (the
/// transfer benchmark imports them again).
pub fn spreadsheets(data: &Register) -> (PathBuf, PathBuf) {
    let dir = db_path().with_extension("sheets");
    std::fs::create_dir_all(&dir).unwrap();
    let (visits, calls) = (dir.join("visits.csv"), dir.join("calls.csv"));
    let tz: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
    let local = |at: &DateTime<Utc>| {
        at.with_timezone(&tz)
            .format("%Y-%m-%d %H:%M:%S")
            .to_string()
    };
    if !visits.exists() {
        let mut out = csv::Writer::from_path(&visits).unwrap();
        out.write_record([
            "来访时间",
            "姓名",
            "电话",
            "置业顾问",
            "车牌",
            "意向",
            "信息来源",
            "类别",
        ])
        .unwrap();
        for (i, (at, c)) in data.visits.iter().enumerate() {
            out.write_record([
                local(at),
                c.name.clone(),
                c.phone.clone().unwrap_or_default(),
                salesperson_name(c.salesperson),
                c.plate.clone().unwrap_or_default(),
                ["两居", "三居", "四居", "别墅"][i % 4].to_owned(),
                ["路牌", "网站", "途经", "老带新"][i % 4].to_owned(),
                ["A", "B", "C"][i % 3].to_owned(),
            ])
            .unwrap();
        }
        out.flush().unwrap();
    }
    if !calls.exists() {
        let mut out = csv::Writer::from_path(&calls).unwrap();
        out.write_record([
            "来电时间",
            "来电人",
            "电话",
            "咨询内容",
            "接听人",
            "信息来源",
        ])
        .unwrap();
        for (at, c) in &data.calls {
            out.write_record([
                local(at),
                c.name.clone(),
                c.phone.clone().unwrap_or_default(),
                "价格和户型".to_owned(),
                salesperson_name(c.salesperson),
                "报刊".to_owned(),
            ])
            .unwrap();
        }
        out.flush().unwrap();
    }
    (visits, calls)
}

/// One `frontdesk import` run as a child process.
pub struct ImportRun {
    pub elapsed: std::time::Duration,
    pub measured: child::Measured,
}

/// `frontdesk import REGISTER FILE` into the office at `db`, the supervisor's PIN on its
/// standard input; panics with what it said when it fails.
pub fn import(db: &Path, register: &str, file: &Path) -> ImportRun {
    let started = Instant::now();
    let measured = child::run_measured(
        std::process::Command::new(env!("CARGO_BIN_EXE_frontdesk"))
            .args(["import", register])
            .arg(file)
            .args(["--supervisor", "陈经理", "--lang", "en", "--db"])
            .arg(db),
        &format!("{PIN}\n"),
    );
    let elapsed = started.elapsed();
    assert!(
        measured.status.success(),
        "import {register} failed: {}{}",
        measured.stdout,
        measured.stderr
    );
    ImportRun { elapsed, measured }
}

pub fn db_path() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-registers");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(format!("{VERSION}.db"))
}

/// The columns of a line, as a program would keep them (text copied out); the store parses
/// them into its types besides.
pub fn touch(r: &rusqlite::Row<'_>, from: usize) {
    black_box((
        r.get::<_, Option<String>>(from).unwrap(),
        r.get::<_, Option<String>>(from + 1).unwrap(),
        r.get::<_, Option<String>>(from + 2).unwrap(),
        r.get::<_, Option<String>>(from + 3).unwrap(),
        r.get::<_, Option<i64>>(from + 4).unwrap(),
        r.get::<_, Option<String>>(from + 5).unwrap(),
        r.get::<_, Option<String>>(from + 6).unwrap(),
        r.get::<_, bool>(from + 7).unwrap(),
    ));
}

/// The bare ownership lookup: the store's statements (the index lookup, then the line of
/// each row it reads), the near misses narrowed the same way, and the same rows read: those
/// the store must read, those inside the longest window, and the newest down to the first
/// visit. No domain parsing, no verdict, and not the store's walk back through holders' runs
/// (at most a few rows more in the store).
pub fn bare_lookup(conn: &Connection, typed: &Identity, horizon: &str) -> usize {
    let (phone, full, plate, last4, lo, hi) = register::lookup_params(typed);
    let surname = typed.name.as_ref().map(|n| n.surname().to_owned());
    let number = typed.phone.as_ref().map(|p| p.number().to_owned());
    let mut stmt = conn.prepare_cached(register::LOOKUP_SQL).unwrap();
    let mut rows = stmt
        .query(params![phone, full, plate, last4, lo, hi])
        .unwrap();
    // (is a call, id, must be read, time)
    let mut found: Vec<(bool, i64, bool, Option<String>)> = Vec::new();
    while let Some(r) = rows.next().unwrap() {
        let kind: i64 = r.get(2).unwrap();
        if kind == register::NEAR {
            let their_phone: Option<String> = r.get(3).unwrap();
            let their_surname: Option<String> = r.get(4).unwrap();
            if their_phone.is_some() && their_phone == phone {
                continue;
            }
            if their_phone.is_some() && their_phone == phone {
                continue;
            }
            let off = matches!((&number, &their_phone), (Some(a), Some(b))
                if a.len() == b.len() && a.bytes().zip(b.bytes()).filter(|(x, y)| x != y).count() == 1);
            let same_surname = surname.is_some() && their_surname == surname;
            if !same_surname && !off {
                continue;
            }
        }
        let corrected: bool = r.get(6).unwrap();
        found.push((
            r.get(0).unwrap(),
            r.get(1).unwrap(),
            kind != register::SURE || corrected,
            r.get(5).unwrap(),
        ));
    }
    found.sort_by(|a, b| b.3.cmp(&a.3));
    let mut visit_seen = false;
    let mut read = 0;
    for (is_call, id, must, at) in &found {
        let recent = at.as_deref().is_none_or(|at| at >= horizon);
        if !(*must || recent || !visit_seen) {
            continue;
        }
        visit_seen |= !is_call && !must;
        let sql = if *is_call {
            register::CALL_LINE_SQL
        } else {
            register::VISIT_LINE_SQL
        };
        let mut stmt = conn.prepare_cached(sql).unwrap();
        let mut rows = stmt.query([id]).unwrap();
        if let Some(r) = rows.next().unwrap() {
            touch(r, 0);
        }
        read += 1;
    }
    read
}
