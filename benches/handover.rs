//! The shift handover at the registers' and complaints' benchmark sizes (issue 10): the open
//! items a handover snapshots (`Store::handover_items`), the supervisor's day review
//! (`Store::day_review`) and the day's figures alone (`Store::day_figures`), each through the
//! store and with the same SQL on a bare rusqlite connection, in the same run.
//! Run with `cargo bench --bench handover`.
//!
//! The file (1,000,000 visits over ten years, 300 a day lately; 100,000 complaints over the
//! same years, 300 of them still open, some overdue, the rest evaluated) is generated once
//! into `target/bench-handover/<VERSION>.db` and reused. The visits go in through the store's
//! bulk load (`Store::register_in_bulk`: each row, its chain link and search keys, the last
//! day's marked for the handover's conflict check as an import marks them); the
//! complaints as rows in the store's format (`complaints`, an `evaluate` step for the closed
//! ones, an `open_work` row for the open ones), not chained: no figure here walks a chain,
//! the review reads each chain's head only. The benchmark day then gets a realistic desk through the store: twelve
//! salespeople and forty walk-ins in the rotation, the shift log of three clerks and two
//! handovers, submitted, read, questioned, answered and accepted.
//!
//! "Bare" is the same SQL with no domain work: the open-work list, the follow-ups, the
//! recent registrations and, for each, its row and the ownership lookup's statement
//! (`register::LOOKUP_SQL`) with the keys read from the row, the day's rotation events and
//! the visitors inside, read but not parsed, replayed or judged; for the figures, the same
//! counts and the day's rotation events; for the review, the figures' SQL and the handovers'
//! rows, steps and log entries, the desk left unstaffed, the sign-off and every chain's head.
//!
//! Each input (a time of the benchmark day for the items; one of the 40 office days before
//! it for the figures and the review, and the benchmark day itself, 40 times, for the review
//! of a day with handovers) is timed through the store and bare back to back, which goes
//! first alternating, and its time is the fastest of `PASSES` passes; p50 and p99 over the
//! inputs are printed as a table.

mod timing;
use std::path::{Path, PathBuf};
use std::time::Instant;
use timing::{ms, paired};

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use frontdesk::demo::people::{GIVEN, MOBILE_PREFIXES, Rng, SURNAMES};
use frontdesk::domain::complaint::{NextStep, Step};
use frontdesk::domain::handover::{CheckedItem, HandoverEvent, LogEntryForm, Priority};
use frontdesk::domain::register::{CustomerName, Phone, Plate, Source, VisitRegistration};
use frontdesk::domain::rotation::{Command, Event, Outcome};
use frontdesk::domain::settings::OfficeSettings;
use frontdesk::domain::staff::{Role, StaffId};
use frontdesk::store::register;
use frontdesk::store::{Store, chain};
use rusqlite::{Connection, params};

/// Names the cached file: bump it when the generator or the schema changes.
const VERSION: &str = "handover-v3";
const VISITS: usize = 1_000_000;
const COMPLAINTS: usize = 100_000;
const OPEN_COMPLAINTS: usize = 300;
const SALESPEOPLE: usize = 20;
const PIN: &str = "2468";
fn tz() -> chrono_tz::Tz {
    "Asia/Shanghai".parse().unwrap()
}

/// The benchmark's "now": 2026-11-22 18:00 in Shanghai, the end of the generated years.
fn end() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap()
}

fn bench_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

/// Office-local time on the benchmark day.
fn local(h: u32, m: u32) -> DateTime<Utc> {
    tz().with_ymd_and_hms(2026, 11, 22, h, m, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

#[derive(Clone)]
struct Customer {
    name: String,
    phone: Option<String>,
    plate: Option<String>,
    salesperson: usize,
}

fn new_customer(rng: &mut Rng) -> Customer {
    let given: Vec<char> = GIVEN.chars().collect();
    let surname = *rng.weighted(SURNAMES);
    let n = if rng.chance(70) { 2 } else { 1 };
    let g: String = (0..n).map(|_| given[rng.below(given.len())]).collect();
    let phone = (!rng.chance(8)).then(|| format!("{}{}", rng.pick(MOBILE_PREFIXES), rng.digits(8)));
    let plate = rng.chance(30).then(|| format!("粤B{}", rng.digits(5)));
    Customer {
        name: format!("{surname}{g}"),
        phone,
        plate,
        salesperson: rng.below(SALESPEOPLE),
    }
}

fn staff(i: usize) -> StaffId {
    // The supervisor is 1 and the clerks 2–4; salespeople follow.
    StaffId(5 + i as i64)
}

fn generate(path: &Path) {
    let started = Instant::now();
    let tmp = path.with_extension("tmp");
    let _ = std::fs::remove_file(&tmp);
    let mut store = Store::open(&tmp).unwrap();
    let settings = OfficeSettings::default();
    let t0 = end() - chrono::Duration::days(3660);
    let boss = store
        .set_up_office("基准售楼处", "陈经理", PIN, PIN, &settings, t0)
        .unwrap();
    let approval = store.approve(None, boss, PIN, t0).unwrap();
    for name in ["前台夜班", "前台早班", "前台中班"] {
        store
            .add_staff(boss, approval, name, Role::Clerk, Some((PIN, PIN)), t0)
            .unwrap();
    }
    for i in 0..SALESPEOPLE {
        let id = store
            .add_staff(
                boss,
                approval,
                &format!("销售{i:02}"),
                Role::Salesperson,
                None,
                t0,
            )
            .unwrap();
        assert_eq!(id, staff(i));
    }
    let mut rng = Rng(20261122);
    // Ten years of visits, more of them lately: the last year at about 300 a day.
    let span = 3650 * 86_400_i64;
    let mut pool: Vec<Customer> = Vec::new();
    let mut visits = Vec::with_capacity(VISITS);
    for i in 0..VISITS {
        let f = i as f64 / VISITS as f64;
        let at = end() - chrono::Duration::seconds(((1.0 - f.sqrt()) * span as f64) as i64 + 60);
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
        let v = VisitRegistration {
            visited_at: at,
            name: Some(CustomerName::parse(&customer.name).unwrap()),
            phone: customer.phone.as_deref().map(|p| Phone::parse(p).unwrap()),
            work_unit: None,
            intent: Some("三居".into()),
            source: Some(Source::Web),
            salesperson: staff(customer.salesperson),
            car_brand: None,
            plate: customer.plate.as_deref().map(|p| Plate::parse(p).unwrap()),
            party: None,
            class: None,
            notes: None,
        };
        visits.push(v);
    }
    // Through the store's bulk load, which also marks the last day's registrations for the
    // handover's conflict check (issue 18), as an import would.
    store
        .register_in_bulk(StaffId(2), &visits, &[], "benchmark_load", end())
        .unwrap();
    drop(visits);
    drop(store);
    let clerk = StaffId(2);
    let mut conn = Connection::open(&tmp).unwrap();
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; PRAGMA cache_size = -1000000;
         PRAGMA foreign_keys = ON;",
    )
    .unwrap();
    let tx = conn.transaction().unwrap();
    let visits_done = started.elapsed();
    // Complaints over the same years; the newest OPEN_COMPLAINTS still open.
    let mut insert = tx
        .prepare(
            "INSERT INTO complaints (id, recorded_at, operator_id, complainant, company,
                 occupant_id, unit, phone, what_happened, when_happened, channel, about_staff,
                 witnesses, evidence, answered_on_spot, category, conversation, due)
             VALUES (?1, ?2, ?3, ?4, '', NULL, ?5, ?6, ?7, '', 'phone', 0, '', '', ?8, NULL,
                 '[]', ?9)",
        )
        .unwrap();
    let mut step = tx
        .prepare(
            "INSERT INTO complaint_events (complaint_id, at, operator_id, round, kind, event,
                 satisfied)
             VALUES (?1, ?2, ?3, 1, 'evaluate', '{\"kind\":\"evaluate\"}', 1)",
        )
        .unwrap();
    let mut open = tx
        .prepare(
            "INSERT INTO open_work (kind, item_id, due_at, due, step, next)
             VALUES ('complaint', ?1, ?2, ?3, ?4, ?5)",
        )
        .unwrap();
    let what = [
        "电梯故障",
        "噪音扰民",
        "停车位被占",
        "物业费疑问",
        "漏水",
        "保安态度",
    ];
    for i in 0..COMPLAINTS {
        let id = i as i64 + 1;
        let f = i as f64 / COMPLAINTS as f64;
        let at = end() - chrono::Duration::seconds(((1.0 - f) * span as f64) as i64 + 600);
        let due = (at + chrono::Duration::days(5))
            .with_timezone(&tz())
            .date_naive();
        let on_spot = rng.chance(10);
        let still_open = i >= COMPLAINTS - OPEN_COMPLAINTS && !on_spot;
        insert
            .execute(params![
                id,
                stamp(at),
                clerk,
                format!("{}先生", rng.weighted(SURNAMES)),
                format!(
                    "1号楼{}单元{}0{}",
                    1 + rng.below(2),
                    1 + rng.below(9),
                    1 + rng.below(3)
                ),
                format!("{}{}", rng.pick(MOBILE_PREFIXES), rng.digits(8)),
                what[rng.below(what.len())],
                on_spot,
                due.to_string(),
            ])
            .unwrap();
        if still_open {
            let due_at = tz()
                .from_local_datetime(&due.and_hms_opt(23, 59, 59).unwrap())
                .unwrap()
                .with_timezone(&Utc);
            open.execute(params![
                id,
                stamp(due_at),
                due.to_string(),
                Step::Recorded.key(),
                NextStep::DetermineNature.key()
            ])
            .unwrap();
        } else if !on_spot {
            step.execute(params![id, stamp(at + chrono::Duration::days(3)), clerk])
                .unwrap();
        }
    }
    drop((insert, step, open));
    tx.commit().unwrap();
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    drop(conn);
    desk_day(&tmp);
    std::fs::rename(&tmp, path).unwrap();
    println!(
        "generated {} in {:.1?} (visits {:.1?})",
        path.display(),
        started.elapsed(),
        visits_done
    );
}

/// The benchmark day at the desk, through the store: the rotation, the shift log and two
/// handovers.
fn desk_day(path: &Path) {
    let mut store = Store::open(path).unwrap();
    let (night, morning, evening) = (StaffId(2), StaffId(3), StaffId(4));
    let day = bench_day();
    let mut at = local(8, 30);
    let tick = chrono::Duration::minutes(5);
    for i in 0..12 {
        store
            .rotate(morning, None, day, at, &Command::CheckIn(staff(i)))
            .unwrap();
        at += chrono::Duration::seconds(20);
    }
    for n in 0..40 {
        at += tick;
        let rotated = store
            .rotate(morning, None, day, at, &Command::WalkIn)
            .unwrap();
        let reception = rotated.appended.iter().find_map(|l| match l.event {
            Event::ReceptionStarted { .. } => Some(l.seq),
            _ => None,
        });
        // The last three are still being received.
        if n < 37
            && let Some(reception) = reception
        {
            let outcome = [Outcome::NewCustomer, Outcome::OwnOldCustomer][n % 2];
            store
                .rotate(
                    morning,
                    None,
                    day,
                    at + tick / 2,
                    &Command::End { reception, outcome },
                )
                .unwrap();
        }
    }
    let write = |store: &mut Store, who: StaffId, at: DateTime<Utc>, n: usize| {
        let priority = [Priority::Normal, Priority::Important, Priority::Urgent][n % 3];
        let form = LogEntryForm {
            priority,
            tags: vec!["巡查".into()],
            text: format!("第 {n} 条记录:大堂巡查一切正常,快递已登记"),
        };
        let draft = frontdesk::domain::handover::validate_log_entry(&form).unwrap();
        store.log_entry(who, &draft, at).unwrap();
    };
    let checklist: Vec<CheckedItem> = OfficeSettings::default()
        .handover_checklist()
        .iter()
        .map(|item| CheckedItem {
            item: item.clone(),
            ticked: true,
            note: String::new(),
        })
        .collect();
    let hand_over = |store: &mut Store, from: StaffId, to: StaffId, at: DateTime<Utc>| {
        let signed = store.sign(Some(from), from, PIN, at).unwrap();
        let record = store.submit_handover(signed, &checklist, at).unwrap();
        let keys = record.state.keys();
        store.mark_read(to, record.id, to, &keys, at).unwrap();
        let ask = HandoverEvent::Ask {
            by: to,
            text: "对讲机充电了吗?".into(),
        };
        store.handover_event(to, record.id, &ask, None, at).unwrap();
        let answer = HandoverEvent::Answer {
            by: from,
            question: 0,
            text: "充了".into(),
        };
        store
            .handover_event(to, record.id, &answer, None, at)
            .unwrap();
        let signed = store.sign(Some(to), to, PIN, at).unwrap();
        store
            .handover_event(
                to,
                record.id,
                &HandoverEvent::Accept { by: to },
                Some(signed),
                at,
            )
            .unwrap();
    };
    for n in 0..6 {
        write(&mut store, night, local(1 + n as u32, 10), n);
    }
    hand_over(&mut store, night, morning, local(8, 0));
    for n in 0..6 {
        write(&mut store, morning, local(9 + n as u32, 40), n);
    }
    hand_over(&mut store, morning, evening, local(16, 0));
    write(&mut store, evening, local(17, 0), 0);
}

fn db_path() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-handover");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(format!("{VERSION}.db"))
}

/// Every column of every row read as text or number, as a program keeps them.
fn drain(stmt: &mut rusqlite::Statement<'_>, params: impl rusqlite::Params) -> usize {
    let columns = stmt.column_count();
    let mut rows = stmt.query(params).unwrap();
    let mut n = 0;
    while let Some(r) = rows.next().unwrap() {
        for c in 0..columns {
            std::hint::black_box(r.get_ref(c).unwrap());
        }
        n += 1;
    }
    n
}

const OPEN_SQL: &str = "SELECT o.kind, o.item_id, o.due_at, o.due, o.step, o.next,
         coalesce(c.what_happened, r.what), coalesce(c.unit, r.unit),
         coalesce(c.complainant, r.customer), coalesce(c.operator_id, r.operator_id),
         coalesce(c.recorded_at, r.reported_at), r.urgency
     FROM open_work o
     LEFT JOIN complaints c ON o.kind = 'complaint' AND c.id = o.item_id
     LEFT JOIN repair_orders r ON o.kind = 'repair' AND r.id = o.item_id";

fn bare_items(conn: &Connection, now: DateTime<Utc>) -> usize {
    let mut n = 0;
    for filter in ["1", "o.kind = 'complaint' AND o.step = 'replied'"] {
        let sql = format!(
            "{OPEN_SQL} WHERE {filter}
             ORDER BY o.due_at IS NULL, o.due_at, coalesce(c.recorded_at, r.reported_at),
                 o.item_id LIMIT 1000"
        );
        n += drain(&mut conn.prepare_cached(&sql).unwrap(), []);
    }
    // Recent registrations (since the start of yesterday), each looked up like the
    // ownership check: its row, then the lookup statement with its keys.
    let since = tz()
        .from_local_datetime(
            &(now.with_timezone(&tz()).date_naive() - Days::new(1))
                .and_hms_opt(0, 0, 0)
                .unwrap(),
        )
        .unwrap()
        .with_timezone(&Utc);
    let ids: Vec<i64> = conn
        .prepare_cached("SELECT id FROM visits WHERE at >= ?1 AND at <= ?2 ORDER BY at, id")
        .unwrap()
        .query_map(params![stamp(since), stamp(now)], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    for id in ids {
        let (phone, full, plate, last4): (
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
        ) = conn
            .prepare_cached("SELECT phone, full_name, plate, phone_last4 FROM visits WHERE id = ?1")
            .unwrap()
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap();
        let head = phone
            .as_deref()
            .map(|p| p[..p.len().saturating_sub(4)].to_owned());
        let hi = head.as_deref().map(|h| format!("{h}:"));
        n += drain(
            &mut conn.prepare_cached(register::LOOKUP_SQL).unwrap(),
            params![phone, full, plate, last4, head, hi],
        );
    }
    n += drain(
        &mut conn
            .prepare_cached(
                "SELECT id, at, event FROM rotation_events WHERE business_day = ?1 ORDER BY id",
            )
            .unwrap(),
        [now.with_timezone(&tz()).date_naive().to_string()],
    );
    n += drain(
        &mut conn
            .prepare_cached(
                "SELECT v.* FROM lobby_inside i JOIN lobby_visits v ON v.id = i.visit_id",
            )
            .unwrap(),
        [],
    );
    n
}

fn bare_figures(conn: &Connection, day: NaiveDate) -> usize {
    let start = tz()
        .from_local_datetime(&day.and_hms_opt(0, 0, 0).unwrap())
        .unwrap()
        .with_timezone(&Utc);
    let (from, to) = (stamp(start), stamp(start + chrono::Duration::days(1)));
    let mut n = drain(
        &mut conn
            .prepare_cached(
                "SELECT id, at, event FROM rotation_events WHERE business_day = ?1 ORDER BY id",
            )
            .unwrap(),
        [day.to_string()],
    );
    for sql in [
        "SELECT count(*) FROM visits WHERE at >= ?1 AND at < ?2",
        "SELECT count(*) FROM calls WHERE at >= ?1 AND at < ?2",
        "SELECT count(*) FROM lobby_visits WHERE at >= ?1 AND at < ?2",
        "SELECT count(*) FROM lobby_exits WHERE at >= ?1 AND at < ?2",
        "SELECT count(*) FROM complaints WHERE recorded_at >= ?1 AND recorded_at < ?2",
        "SELECT (SELECT count(*) FROM complaint_events
                 WHERE kind = 'evaluate' AND at >= ?1 AND at < ?2)
              + (SELECT count(*) FROM complaints
                 WHERE answered_on_spot = 1 AND recorded_at >= ?1 AND recorded_at < ?2)",
        "SELECT count(*) FROM repair_orders WHERE reported_at >= ?1 AND reported_at < ?2",
        "SELECT count(*) FROM repair_events
         WHERE kind = 'confirm' AND at >= ?1 AND at < ?2 AND json_extract(event, '$.satisfied')",
    ] {
        n += drain(&mut conn.prepare_cached(sql).unwrap(), params![from, to]);
    }
    n += drain(
        &mut conn
            .prepare_cached(
                "SELECT count(*) FROM open_work
                 WHERE kind = 'complaint' AND due_at IS NOT NULL AND due_at < ?1",
            )
            .unwrap(),
        [&to],
    );
    for sql in [
        "SELECT count(*) FROM handovers WHERE day = ?1",
        "SELECT count(*) FROM handovers h JOIN handover_events e ON e.handover_id = h.id
         WHERE h.day = ?1 AND e.kind = 'refuse'",
        "SELECT count(*) FROM desk_unstaffed WHERE day = ?1",
    ] {
        n += drain(&mut conn.prepare_cached(sql).unwrap(), [day.to_string()]);
    }
    n
}

fn bare_review(conn: &Connection, day: NaiveDate) -> usize {
    let start = tz()
        .from_local_datetime(&day.and_hms_opt(0, 0, 0).unwrap())
        .unwrap()
        .with_timezone(&Utc);
    let ids: Vec<(i64, String)> = conn
        .prepare_cached(
            "SELECT id, log FROM handovers WHERE submitted_at >= ?1 AND submitted_at < ?2
             ORDER BY id",
        )
        .unwrap()
        .query_map(
            params![stamp(start), stamp(start + chrono::Duration::days(1))],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut n = 0;
    for (id, log) in ids {
        n += drain(
            &mut conn
                .prepare_cached(
                    "SELECT submitted_at, day, outgoing_id, shift, log, items, checklist
                     FROM handovers WHERE id = ?1",
                )
                .unwrap(),
            [id],
        );
        n += drain(
            &mut conn
                .prepare_cached(
                    "SELECT at, operator_id, event FROM handover_events
                     WHERE handover_id = ?1 ORDER BY id",
                )
                .unwrap(),
            [id],
        );
        let entries: Vec<i64> = serde_json::from_str(&log).unwrap();
        for e in entries {
            n += drain(
                &mut conn
                    .prepare_cached(
                        "SELECT id, at, operator_id, priority, tags, text, corrects, reason
                         FROM shift_log WHERE id = ?1",
                    )
                    .unwrap(),
                [e],
            );
        }
    }
    n += drain(
        &mut conn
            .prepare_cached(
                "SELECT at, clerk_id, supervisor_id, reason FROM desk_unstaffed
                 WHERE day = ?1 ORDER BY id",
            )
            .unwrap(),
        [day.to_string()],
    );
    n += bare_figures(conn, day);
    for table in chain::CHAINS.iter().map(|c| c.table) {
        n += drain(
            &mut conn
                .prepare_cached(
                    "SELECT pos, row_id, hash FROM chain WHERE tbl = ?1 ORDER BY pos DESC LIMIT 1",
                )
                .unwrap(),
            [table],
        );
    }
    n += drain(
        &mut conn
            .prepare_cached(
                "SELECT at, supervisor_id, remarks, figures, heads FROM day_signoffs
                 WHERE day = ?1",
            )
            .unwrap(),
        [day.to_string()],
    );
    n
}

fn main() {
    let path = db_path();
    if !path.exists() {
        generate(&path);
    }
    let store = Store::open(&path).unwrap();
    let bare = Connection::open(&path).unwrap();
    bare.execute_batch("PRAGMA journal_mode = WAL; PRAGMA query_only = ON;")
        .unwrap();
    let tz = tz();

    let items = store.handover_items(local(16, 0)).unwrap();
    let review = store.day_review(bench_day(), tz).unwrap();
    println!(
        "file: {} visits, {} complaints ({} open); at 16:00 the handover lists {} items; \
         the day: {} visits, {} handovers, {} walk-ins",
        VISITS,
        COMPLAINTS,
        OPEN_COMPLAINTS,
        items.len(),
        review.figures.visits,
        review.handovers.len(),
        review.figures.sales.iter().map(|s| s.walk_ins).sum::<u32>(),
    );

    let times: Vec<DateTime<Utc>> = (0..40)
        .map(|i| local(8, 0) + chrono::Duration::minutes(15 * i))
        .collect();
    // The benchmark day, with its two handovers (each ~490 items and entries read), timed
    // 40 times; and 40 earlier days, with no handover.
    let handover_day: Vec<NaiveDate> = vec![bench_day(); 40];
    let days: Vec<NaiveDate> = (1..41).map(|i| bench_day() - Days::new(i)).collect();

    let mut table = Vec::new();
    let r = paired(
        &times,
        |now| {
            std::hint::black_box(store.handover_items(*now).unwrap());
        },
        |now| {
            std::hint::black_box(bare_items(&bare, *now));
        },
    );
    table.push(("open items (`handover_items`), the minute's refresh", r));
    let r = paired(
        &times,
        |now| {
            store.forget_conflicts_seen();
            std::hint::black_box(store.handover_items(*now).unwrap());
        },
        |now| {
            std::hint::black_box(bare_items(&bare, *now));
        },
    );
    table.push(("open items, first ask (conflicts checked again)", r));
    let r = paired(
        &days,
        |day| {
            std::hint::black_box(store.day_review(*day, tz).unwrap());
        },
        |day| {
            std::hint::black_box(bare_review(&bare, *day));
        },
    );
    table.push(("day review (`day_review`), days without a handover", r));
    let r = paired(
        &handover_day,
        |day| {
            std::hint::black_box(store.day_review(*day, tz).unwrap());
        },
        |day| {
            std::hint::black_box(bare_review(&bare, *day));
        },
    );
    table.push(("day review (`day_review`), the day with its 2 handovers", r));
    let r = paired(
        &days,
        |day| {
            std::hint::black_box(store.day_figures(*day, tz).unwrap());
        },
        |day| {
            std::hint::black_box(bare_figures(&bare, *day));
        },
    );
    table.push(("day figures (`day_figures`)", r));

    println!();
    println!("| figure | store p50 | store p99 | bare p50 | bare p99 |");
    println!("|---|---|---|---|---|");
    for (name, ((sp50, sp99), (bp50, bp99))) in table {
        println!(
            "| {name} | {} | {} | {} | {} |",
            ms(sp50),
            ms(sp99),
            ms(bp50),
            ms(bp99)
        );
    }
}
