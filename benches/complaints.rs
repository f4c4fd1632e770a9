//! The lobby desk at five years' size (issue 9): the open list of complaints and repairs,
//! the follow-ups due, who is inside now, the evacuation list and a month's (and a year's)
//! complaint statistics, each through the store and with the same SQL on a bare rusqlite
//! connection in the same run; and key → frame on the complaints pane with a hundred open
//! items and their live clocks. Run with `cargo bench --bench complaints`.
//!
//! The office (100,000 complaints with every step, 30,000 repair orders with theirs and
//! 500,000 lobby visits with their exits, over five years) is generated once into
//! `target/bench-complaints/<VERSION>.db` and reused by later runs; change [`VERSION`] when
//! the generator or the schema changes. Everything happens on one timeline, in time order,
//! as desks would have written it: complaints taken in office hours, most handled through
//! the whole lifecycle (CMP-7) within days, some replied late, some followed up unsatisfied
//! and handled again (CMP-8), a few extended with approval (CMP-5), a few left stalled; so
//! a few hundred are open at the end, at every step, and a few dozen visitors are inside.
//! Rows are written in one transaction by the store's own inserts
//! (`store::complaint::BulkComplaints`, `store::lobby::bulk_visitor_in/out`: the same
//! statements and derived columns as the desk's writes, `open_work` and `lobby_inside`
//! kept, each row chained as it is written, no audit row per write), and one audit row for
//! the load, so `verify` passes on the file.
//!
//! "Bare" is the store's SQL (the same statements, made public for this) on a plain
//! rusqlite connection to the same file, columns read but not parsed, no office settings
//! read, no sorting or folding of corrections. Each figure is `SAMPLES` runs, each timed
//! through the store and bare back to back (which goes first alternating), its time the
//! fastest of `PASSES` passes (the 2 cores are shared with other builds). The console's
//! figure is `App::handle_key(Down)` + one draw to an 80×24 `TestBackend` through one
//! `Terminal` (so the draw diffs against the last frame, as in the console), key after
//! key, the pane holding its page of 100 open items, with a clock that runs; each key's
//! time is the fastest of `PASSES` passes over the same keys, and the raw times are shown
//! beside it.

mod timing;
use std::collections::{BinaryHeap, HashMap};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use timing::{PASSES, ms, paired, spread};

use chrono::{DateTime, Datelike, Months, NaiveDate, TimeZone, Utc};
use frontdesk::config::ConsoleConfig;
use frontdesk::demo::people::{GIVEN, MOBILE_PREFIXES, Rng, SURNAMES};
use frontdesk::domain::clock::Clock;
use frontdesk::domain::complaint::{
    Category, Channel, ComplaintEvent, ComplaintForm, ComplaintId, ComplaintState, Nature,
    RepairEvent, RepairForm, RepairId, RepairState, Urgency, validate_complaint, validate_repair,
};
use frontdesk::domain::lobby::{LobbyVisit, LobbyVisitId, OccupantForm, validate_occupant};
use frontdesk::domain::settings::{DeskKinds, OfficeSettings};
use frontdesk::domain::staff::{Role, StaffId};
use frontdesk::domain::workdays::local_hour;
use frontdesk::i18n::Lang;
use frontdesk::store::complaint::{
    BulkComplaints, FOLLOW_UPS_FILTER, MONTH_ANSWERS_SQL, MONTH_COUNTS_SQL, MONTH_REPLIES_SQL,
    open_work_sql,
};
use frontdesk::store::lobby::{
    INSIDE_CORRECTIONS_SQL, INSIDE_SQL, ImportedUnit, bulk_visitor_in, bulk_visitor_out,
};
use frontdesk::store::{Store, chain};
use frontdesk::ui::App;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use rusqlite::{Connection, params};

/// Names the cached office: bump it when the generator or the schema changes.
const VERSION: &str = "complaints-v1";
const COMPLAINTS: usize = 100_000;
const REPAIRS: usize = 30_000;
const VISITS: usize = 500_000;
const YEARS: i64 = 5;
const CLERKS: usize = 6;
/// Timed runs per figure.
const SAMPLES: usize = 200;
/// The open list's page, as the pane asks for it.
const PAGE: usize = 100;
/// Keys pressed on the complaints pane per pass: six times down the page and back up.
const KEYS: usize = 6 * (PAGE - 1);

fn tz() -> chrono_tz::Tz {
    chrono_tz::Asia::Shanghai
}

/// The end of the five years: a Friday, 15:30 in Shanghai.
fn end() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 7, 30, 0).unwrap()
}

fn start() -> DateTime<Utc> {
    end() - chrono::Duration::days(365 * YEARS)
}

fn person(rng: &mut Rng) -> String {
    let given: Vec<char> = GIVEN.chars().collect();
    let mut name = (*rng.weighted(SURNAMES)).to_owned();
    for _ in 0..1 + usize::from(rng.chance(60)) {
        name.push(*rng.pick(&given));
    }
    name
}

fn mobile(rng: &mut Rng) -> String {
    format!("{}{}", rng.pick(MOBILE_PREFIXES), rng.digits(8))
}

/// The `i`-th of `n` moments spread evenly over the five years, in office hours (08:00 to
/// 20:00 Shanghai).
fn office_moment(i: usize, n: usize, rng: &mut Rng) -> DateTime<Utc> {
    // The days up to and including the last one (whose moments after the end are dropped).
    let days = 365 * YEARS;
    let day = (i as i64 * days) / n as i64;
    let first = end().with_timezone(&tz()).date_naive() - chrono::Duration::days(days - 1);
    let midnight = local_hour(first + chrono::Duration::days(day), 0, tz());
    midnight + chrono::Duration::minutes(8 * 60 + rng.below(12 * 60) as i64)
}

const CATEGORIES: &[(Category, u32)] = &[
    (Category::RepairService, 22),
    (Category::Water, 14),
    (Category::Sanitation, 12),
    (Category::PublicFacilities, 12),
    (Category::ServiceAttitude, 10),
    (Category::Power, 8),
    (Category::Security, 8),
    (Category::Greening, 5),
    (Category::Other, 5),
    (Category::FireAndOrder, 4),
];

const NATURES: &[(Nature, u32)] = &[
    (Nature::General, 75),
    (Nature::Major, 20),
    (Nature::Serious, 4),
    (Nature::Malicious, 1),
];

const CHANNELS: &[(Channel, u32)] = &[
    (Channel::Phone, 50),
    (Channel::InPerson, 30),
    (Channel::Online, 12),
    (Channel::Letter, 4),
    (Channel::ThroughSomeone, 4),
];

fn what_happened(category: Category) -> &'static str {
    match category {
        Category::RepairService => "报修三天了还没人来修",
        Category::Water => "楼上漏水,卫生间天花板渗水",
        Category::Sanitation => "楼道垃圾两天没清运,有异味",
        Category::PublicFacilities => "电梯经常停在半层,门关不上",
        Category::ServiceAttitude => "前台人员态度冷淡,不理睬",
        Category::Power => "晚上频繁跳闸停电",
        Category::Security => "陌生人尾随进入单元门",
        Category::Greening => "楼下草坪长期无人修剪",
        Category::Other => "快递堆在大堂无人管理",
        Category::FireAndOrder => "消防通道被私家车堵住",
    }
}

fn department(category: Category) -> &'static str {
    match category {
        Category::RepairService | Category::Water | Category::Power => "engineering",
        Category::PublicFacilities => "engineering",
        Category::Sanitation => "cleaning",
        Category::Security | Category::FireAndOrder => "security",
        Category::Greening => "greening",
        Category::ServiceAttitude | Category::Other => "customer_service",
    }
}

fn unit_of(rng: &mut Rng) -> String {
    format!(
        "{}号楼{}单元{}{:02}",
        1 + rng.below(6),
        1 + rng.below(2),
        1 + rng.below(18),
        1 + rng.below(4)
    )
}

/// Seconds from `lo` to `hi`, drawn.
fn between(rng: &mut Rng, lo: i64, hi: i64) -> chrono::Duration {
    chrono::Duration::seconds(lo + rng.below((hi - lo).max(1) as usize) as i64)
}

/// A complaint's steps as they will happen: when, by whom, approved by whom.
type ComplaintSteps = Vec<(DateTime<Utc>, StaffId, Option<StaffId>, ComplaintEvent)>;
/// A work order's steps as they will happen.
type RepairSteps = Vec<(DateTime<Utc>, StaffId, RepairEvent)>;

const MIN: i64 = 60;
const HOUR: i64 = 3600;
const DAY: i64 = 86_400;

/// A complaint as taken, and its steps as they will happen (when, by whom, approved by).
fn complaint_plan(
    rng: &mut Rng,
    at: DateTime<Utc>,
    owner: StaffId,
    boss: StaffId,
    clerks: &[StaffId],
) -> (ComplaintForm, ComplaintSteps) {
    let category = *rng.weighted(CATEGORIES);
    let on_spot = rng.chance(10);
    let form = ComplaintForm {
        title: None,
        complainant: match rng.chance(40) {
            true => format!(
                "{}{}",
                rng.weighted(SURNAMES),
                ["先生", "女士"][rng.below(2)]
            ),
            false => person(rng),
        },
        company: String::new(),
        occupant: None,
        unit: unit_of(rng),
        phone: mobile(rng),
        what_happened: what_happened(category).into(),
        when_happened: ["昨晚", "今天上午", "这几天", ""][rng.below(4)].into(),
        channel: Some(*rng.weighted(CHANNELS)),
        about_staff: false,
        witnesses: String::new(),
        evidence: String::new(),
        answered_on_spot: on_spot,
        category: on_spot.then_some(category),
        conversation: vec![
            "您好!请问有什么可以帮您?".into(),
            "非常抱歉给您带来不便,我们非常理解您的心情。".into(),
        ],
    };
    let mut steps = Vec::new();
    if on_spot {
        return (form, steps);
    }
    let nature = *rng.weighted(NATURES);
    let mut t = at;
    let by = |rng: &mut Rng| match rng.chance(80) {
        true => owner,
        false => *rng.pick(clerks),
    };
    let mut push = |t: DateTime<Utc>, who, approver, e| steps.push((t, who, approver, e));
    t += between(rng, 10 * MIN, 3 * HOUR);
    push(
        t,
        by(rng),
        None,
        ComplaintEvent::DetermineNature {
            nature,
            category,
            department: department(category).into(),
        },
    );
    if nature != Nature::General && rng.chance(15) {
        t += between(rng, 5 * MIN, HOUR);
        push(
            t,
            by(rng),
            Some(boss),
            ComplaintEvent::ExtendDeadline { working_days: 2 },
        );
    }
    // A few are left where they are for good: forgotten, or waiting on someone.
    let stalls = rng.below(2000) == 0;
    let mut round = 1;
    loop {
        let slow = if nature == Nature::General { 1 } else { 3 };
        t += between(rng, HOUR, 20 * HOUR * slow);
        let cause = ["设备老化", "施工遗留问题", "人员疏忽", "第三方原因"][rng.below(4)];
        push(
            t,
            by(rng),
            None,
            ComplaintEvent::Investigate {
                cause: cause.into(),
            },
        );
        if rng.chance(5) {
            t += between(rng, 10 * MIN, 2 * HOUR);
            push(
                t,
                by(rng),
                None,
                ComplaintEvent::Note {
                    text: "客户再次来电询问进度".into(),
                },
            );
        }
        if stalls {
            break;
        }
        t += between(rng, 30 * MIN, 3 * HOUR);
        push(
            t,
            by(rng),
            None,
            ComplaintEvent::Assign {
                person: ["张工", "王师傅", "李主管", "赵班长"][rng.below(4)].into(),
            },
        );
        t += between(rng, HOUR, 12 * HOUR * slow);
        push(
            t,
            by(rng),
            None,
            ComplaintEvent::ProposeSolution {
                text: "安排人员上门处理并跟进结果".into(),
            },
        );
        t += between(rng, 30 * MIN, 6 * HOUR);
        push(
            t,
            by(rng),
            None,
            ComplaintEvent::HeadSigns {
                head: "刘经理".into(),
            },
        );
        t += between(rng, 10 * MIN, 4 * HOUR);
        push(
            t,
            owner,
            None,
            ComplaintEvent::Reply {
                text: "已处理完毕,请您查看".into(),
            },
        );
        t += between(rng, DAY, 3 * DAY);
        let satisfied = round >= 3 || rng.chance(if round == 1 { 88 } else { 95 });
        push(
            t,
            owner,
            None,
            ComplaintEvent::FollowUp {
                satisfied,
                remarks: match satisfied {
                    true => "客户表示满意".into(),
                    false => "问题仍未解决".into(),
                },
            },
        );
        if satisfied {
            break;
        }
        round += 1;
    }
    if !stalls {
        t += between(rng, 10 * MIN, 2 * DAY);
        push(
            t,
            by(rng),
            None,
            ComplaintEvent::Evaluate {
                text: "处理得当,已归档".into(),
            },
        );
    }
    (form, steps)
}

fn repair_plan(rng: &mut Rng, at: DateTime<Utc>, clerks: &[StaffId]) -> (RepairForm, RepairSteps) {
    let urgency = *rng.weighted(&[
        (Urgency::ExtraUrgent, 5),
        (Urgency::Urgent, 20),
        (Urgency::Normal, 75),
    ]);
    let what = [
        "空调不制冷",
        "水龙头漏水",
        "门锁坏了",
        "灯不亮",
        "下水道堵塞",
    ];
    let form = RepairForm {
        customer: person(rng),
        phone: mobile(rng),
        occupant: None,
        unit: unit_of(rng),
        what: (*rng.pick(&what)).into(),
        appointment: String::new(),
        urgency: Some(urgency),
    };
    let who = *rng.pick(clerks);
    let mut steps = Vec::new();
    let mut t = at + between(rng, 2 * MIN, 8 * MIN);
    steps.push((
        t,
        who,
        RepairEvent::Receive {
            by: "工程部".into(),
        },
    ));
    loop {
        t += match urgency {
            Urgency::ExtraUrgent => between(rng, 2 * MIN, 12 * MIN),
            Urgency::Urgent => between(rng, 5 * MIN, 18 * MIN),
            Urgency::Normal => between(rng, 30 * MIN, 6 * HOUR),
        };
        steps.push((
            t,
            who,
            RepairEvent::Plan {
                plan: "更换配件".into(),
                responsibility: "物业".into(),
            },
        ));
        t += between(rng, 30 * MIN, 5 * HOUR);
        steps.push((
            t,
            who,
            RepairEvent::Complete {
                cost_fen: [0, 0, 3_000, 12_000][rng.below(4)],
                staff: "王师傅".into(),
            },
        ));
        t += between(rng, 10 * MIN, DAY);
        let satisfied = rng.chance(95);
        steps.push((
            t,
            who,
            RepairEvent::Confirm {
                satisfied,
                opinion: String::new(),
            },
        ));
        if satisfied {
            break;
        }
    }
    (form, steps)
}

/// The building: six residential buildings (two units, 18 floors, four rooms each) and two
/// office towers (20 floors, six suites), nearly all occupied.
fn directory(rng: &mut Rng) -> Vec<ImportedUnit> {
    let mut rows = Vec::new();
    let mut add = |form: OccupantForm| {
        rows.push(ImportedUnit::Occupied(validate_occupant(&form).unwrap()));
    };
    for building in 1..=6 {
        for unit in 1..=2 {
            for floor in 1..=18 {
                for room in 1..=4 {
                    add(OccupantForm {
                        building: format!("{building}号楼"),
                        unit: format!("{unit}单元"),
                        room: format!("{floor}{room:02}"),
                        kind: "住户".into(),
                        name: person(rng),
                        phones: mobile(rng),
                    });
                }
            }
        }
    }
    for tower in ["A座", "B座"] {
        for floor in 1..=20 {
            for suite in 1..=6 {
                add(OccupantForm {
                    building: tower.into(),
                    room: format!("{floor}{suite:02}"),
                    kind: "公司".into(),
                    name: format!(
                        "{}{}有限公司",
                        person(rng),
                        ["科技", "贸易", "咨询", "设计"][rng.below(4)]
                    ),
                    phones: format!("021-6{}", rng.digits(7)),
                    ..OccupantForm::default()
                });
            }
        }
    }
    rows
}

/// What happens next on the timeline.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum Happening {
    Complaint(usize),
    ComplaintStep(usize),
    Repair(usize),
    RepairStep(usize),
    VisitIn(usize),
    VisitOut(i64),
}

fn generate(path: &Path) {
    let started = Instant::now();
    let tmp = path.with_extension("tmp");
    let _ = std::fs::remove_file(&tmp);
    let mut store = Store::open(&tmp).unwrap();
    let settings = OfficeSettings::default().with_desks(DeskKinds::Lobby);
    let t0 = start() - chrono::Duration::days(1);
    let boss = store
        .set_up_office("基准物业服务中心", "陈经理", "2468", "2468", &settings, t0)
        .unwrap();
    let approval = store.approve(None, boss, "2468", t0).unwrap();
    let clerks: Vec<StaffId> = (0..CLERKS)
        .map(|i| {
            store
                .add_staff(
                    boss,
                    approval,
                    &format!("前台{i:02}"),
                    Role::Clerk,
                    None,
                    t0,
                )
                .unwrap()
        })
        .collect();
    let mut rng = Rng(20_261_120);
    store
        .import_units(approval, &directory(&mut rng), "bench-units.xlsx", 0, t0)
        .unwrap();
    drop(store);

    let mut conn = Connection::open(&tmp).unwrap();
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; PRAGMA cache_size = -1000000;
         PRAGMA foreign_keys = ON;",
    )
    .unwrap();
    let hosts: Vec<i64> = conn
        .prepare("SELECT id FROM lobby_occupants WHERE active = 1 ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let tx = conn.transaction().unwrap();
    let bulk = BulkComplaints::new(&tx).unwrap();
    // The timeline: (when, what), earliest first; arrivals are known from the start, each
    // step is scheduled when the one before it happens.
    let mut timeline: BinaryHeap<std::cmp::Reverse<(DateTime<Utc>, Happening)>> = BinaryHeap::new();
    for i in 0..COMPLAINTS {
        let at = office_moment(i, COMPLAINTS, &mut rng);
        timeline.push(std::cmp::Reverse((at, Happening::Complaint(i))));
    }
    for i in 0..REPAIRS {
        let at = office_moment(i, REPAIRS, &mut rng);
        timeline.push(std::cmp::Reverse((at, Happening::Repair(i))));
    }
    for i in 0..VISITS {
        let at = office_moment(i, VISITS, &mut rng);
        timeline.push(std::cmp::Reverse((at, Happening::VisitIn(i))));
    }
    let purposes = [
        "拜访",
        "送快递",
        "送外卖",
        "面试",
        "开会",
        "维修",
        "看望家人",
    ];
    let mut complaints: HashMap<usize, (ComplaintId, ComplaintState, ComplaintSteps, usize)> =
        HashMap::new();
    let mut repairs: HashMap<usize, (RepairId, RepairState, RepairSteps, usize)> = HashMap::new();
    let (mut events, mut repair_events, mut exits) = (0usize, 0usize, 0usize);
    while let Some(std::cmp::Reverse((at, happening))) = timeline.pop() {
        if at >= end() {
            break;
        }
        match happening {
            Happening::Complaint(i) => {
                let owner = *rng.pick(&clerks);
                let (form, steps) = complaint_plan(&mut rng, at, owner, boss, &clerks);
                let complaint = validate_complaint(&form).unwrap();
                let (id, state) = bulk.complaint(owner, &complaint, at).unwrap();
                if let Some((first, ..)) = steps.first() {
                    timeline.push(std::cmp::Reverse((*first, Happening::ComplaintStep(i))));
                }
                complaints.insert(i, (id, state, steps, 0));
            }
            Happening::ComplaintStep(i) => {
                let (id, state, steps, next) = complaints.get_mut(&i).unwrap();
                let (when, who, approver, event) = &steps[*next];
                bulk.complaint_step(*id, *who, *approver, event, state, *when)
                    .unwrap();
                events += 1;
                *next += 1;
                match steps.get(*next) {
                    Some((then, ..)) => {
                        timeline.push(std::cmp::Reverse((*then, Happening::ComplaintStep(i))))
                    }
                    None => {
                        complaints.remove(&i);
                    }
                }
            }
            Happening::Repair(i) => {
                let (form, steps) = repair_plan(&mut rng, at, &clerks);
                let repair = validate_repair(&form).unwrap();
                let (id, state) = bulk.repair(*rng.pick(&clerks), &repair, at).unwrap();
                timeline.push(std::cmp::Reverse((steps[0].0, Happening::RepairStep(i))));
                repairs.insert(i, (id, state, steps, 0));
            }
            Happening::RepairStep(i) => {
                let (id, state, steps, next) = repairs.get_mut(&i).unwrap();
                let (when, who, event) = &steps[*next];
                bulk.repair_step(*id, *who, event, state, *when).unwrap();
                repair_events += 1;
                *next += 1;
                match steps.get(*next) {
                    Some((then, ..)) => {
                        timeline.push(std::cmp::Reverse((*then, Happening::RepairStep(i))))
                    }
                    None => {
                        repairs.remove(&i);
                    }
                }
            }
            Happening::VisitIn(i) => {
                let visit = LobbyVisit {
                    name: match rng.chance(50) {
                        true => format!(
                            "{}{}",
                            rng.weighted(SURNAMES),
                            ["先生", "女士"][rng.below(2)]
                        ),
                        false => person(&mut rng),
                    },
                    host: frontdesk::domain::lobby::OccupantId(*rng.pick(&hosts)),
                    purpose: (*rng.pick(&purposes)).into(),
                    party: 1 + u32::from(rng.chance(20)) * (1 + rng.below(3) as u32),
                    badge: rng.chance(40).then(|| format!("V-{:05}", i % 100_000)),
                    plate: None,
                };
                let id = bulk_visitor_in(&tx, *rng.pick(&clerks), &visit, at).unwrap();
                // One in twenty thousand never signs out.
                if rng.below(20_000) != 0 {
                    let stay = between(&mut rng, 10 * MIN, 4 * HOUR);
                    timeline.push(std::cmp::Reverse((at + stay, Happening::VisitOut(id.0))));
                }
            }
            Happening::VisitOut(visit) => {
                bulk_visitor_out(&tx, *rng.pick(&clerks), LobbyVisitId(visit), at).unwrap();
                exits += 1;
            }
        }
    }
    drop(bulk);
    let loaded = started.elapsed();
    chain::insert_row(
        &tx,
        &chain::AUDIT,
        "INSERT INTO audit (id, at, operator_id, action, detail)
         VALUES (?1, ?2, ?3, 'bulk_load', ?4)",
        params![
            end().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            boss,
            format!(
                "benchmark office: {COMPLAINTS} complaints with {events} steps, {REPAIRS} \
                 repairs with {repair_events} steps, {VISITS} lobby visits with {exits} \
                 exits, chained as written"
            )
        ],
    )
    .unwrap();
    tx.commit().unwrap();
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    drop(conn);
    std::fs::rename(&tmp, path).unwrap();
    println!(
        "generated {} in {:.1?} (rows {:.1?}, then {:.1?}): {events} complaint steps, \
         {repair_events} repair steps, {exits} exits",
        path.display(),
        started.elapsed(),
        loaded,
        started.elapsed() - loaded
    );
}

fn db_path() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-complaints");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(format!("{VERSION}.db"))
}

/// Reads every column of every row as a program would keep it (text copied out).
fn drain(conn: &Connection, sql: &str, params: impl rusqlite::Params) -> usize {
    let mut stmt = conn.prepare_cached(sql).unwrap();
    let columns = stmt.column_count();
    let mut rows = stmt.query(params).unwrap();
    let mut n = 0;
    while let Some(r) = rows.next().unwrap() {
        for c in 0..columns {
            black_box(r.get::<_, rusqlite::types::Value>(c).unwrap());
        }
        n += 1;
    }
    n
}

/// The bare month: the store's three statements for one month.
fn bare_month(conn: &Connection, month: NaiveDate) -> usize {
    let stamp = |t: DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let next = month + Months::new(1);
    let (from, to) = (
        stamp(local_hour(month, 0, tz())),
        stamp(local_hour(next, 0, tz())),
    );
    drain(conn, MONTH_COUNTS_SQL, params![from, to])
        + drain(conn, MONTH_ANSWERS_SQL, params![from, to])
        + drain(conn, MONTH_REPLIES_SQL, params![from, to])
}

/// A clock that runs from the end of the five years, so the pane's clocks move as drawn.
struct Running(Instant);

impl Clock for Running {
    fn now(&self) -> DateTime<Utc> {
        end() + chrono::Duration::from_std(self.0.elapsed()).unwrap()
    }
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn main() {
    let path = db_path();
    if !path.exists() {
        generate(&path);
    } else {
        println!("using the cached office {}", path.display());
    }
    let store = Store::open(&path).unwrap();
    // A file whose chains were never verified is walked whole at the first start; after that
    // each start checks only what was added.
    let t = Instant::now();
    assert!(store.verify_all().unwrap().is_none());
    println!(
        "chains verified since the last check in {:.1?}",
        t.elapsed()
    );
    let bare = Connection::open(&path).unwrap();
    bare.execute_batch("PRAGMA journal_mode = WAL;").unwrap();
    let now = end();
    let counts = |sql: &str| -> i64 { bare.query_row(sql, [], |r| r.get(0)).unwrap() };
    println!(
        "{} complaints ({} steps), {} repairs, {} lobby visits; open now: {} complaints, {} \
         repairs; {} visitors inside",
        counts("SELECT count(*) FROM complaints"),
        counts("SELECT count(*) FROM complaint_events"),
        counts("SELECT count(*) FROM repair_orders"),
        counts("SELECT count(*) FROM lobby_visits"),
        counts("SELECT count(*) FROM open_work WHERE kind = 'complaint'"),
        counts("SELECT count(*) FROM open_work WHERE kind = 'repair'"),
        counts("SELECT count(*) FROM lobby_inside"),
    );

    println!();
    println!("| figure | store p50 ms | store p99 ms | bare p50 ms | bare p99 ms | p99 ratio |");
    println!("|---|---|---|---|---|---|");
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
    let runs: Vec<usize> = (0..SAMPLES).collect();
    let open_sql = open_work_sql("1");
    let (s, b) = paired(
        &runs,
        |_| {
            black_box(store.open_work(now, PAGE).unwrap());
        },
        |_| {
            black_box(drain(&bare, &open_sql, [PAGE as i64]));
        },
    );
    row(&format!("open work, a page of {PAGE}"), s, b);
    let follow_sql = open_work_sql(FOLLOW_UPS_FILTER);
    let (s, b) = paired(
        &runs,
        |_| {
            black_box(store.follow_ups_due(now).unwrap());
        },
        |_| {
            black_box(drain(&bare, &follow_sql, [i64::MAX >> 1]));
        },
    );
    row("follow-ups due", s, b);
    let bare_inside = |_: &usize| {
        black_box(drain(&bare, INSIDE_SQL, []) + drain(&bare, INSIDE_CORRECTIONS_SQL, []));
    };
    let (s, b) = paired(
        &runs,
        |_| {
            black_box(store.inside_now(now).unwrap());
        },
        bare_inside,
    );
    row("inside now", s, b);
    let (s, b) = paired(
        &runs,
        |_| {
            black_box(store.evacuation_list(now).unwrap());
        },
        bare_inside,
    );
    row("evacuation list", s, b);
    // Every month of the five years (the last one partial), cycled to the sample count.
    let first = start()
        .with_timezone(&tz())
        .date_naive()
        .with_day(1)
        .unwrap();
    let last = end().with_timezone(&tz()).date_naive();
    let months = frontdesk::domain::complaint::months(first + Months::new(1), last);
    let inputs: Vec<NaiveDate> = months.iter().cycle().take(SAMPLES).copied().collect();
    let (s, b) = paired(
        &inputs,
        |m| {
            black_box(store.month_statistics(*m, *m, tz()).unwrap());
        },
        |m| {
            black_box(bare_month(&bare, *m));
        },
    );
    row("month statistics, one month", s, b);
    let years: Vec<NaiveDate> = months
        .iter()
        .take(months.len() - 11)
        .cycle()
        .take(SAMPLES / 4)
        .copied()
        .collect();
    let (s, b) = paired(
        &years,
        |m| {
            let to = *m + Months::new(12) - chrono::Duration::days(1);
            black_box(store.month_statistics(*m, to, tz()).unwrap());
        },
        |m| {
            black_box(
                (0..12)
                    .map(|k| bare_month(&bare, *m + Months::new(k)))
                    .sum::<usize>(),
            );
        },
    );
    row("month statistics, 12 months", s, b);
    drop(store);

    // The console: the complaints pane with its page of open items and their live clocks.
    let started = Instant::now();
    let store = Store::open(&path).unwrap();
    let clerk = store
        .staff()
        .unwrap()
        .into_iter()
        .find(|s| s.role == Role::Clerk)
        .unwrap();
    let config = ConsoleConfig {
        lang: Lang::Zh,
        db: path.clone(),
        mouse: true,
        bell: false,
        head_office_password: None,
    };
    let mut app = App::new(store, config, Box::new(Running(Instant::now()))).unwrap();
    app.start_demo(clerk, "", "");
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    // The lobby office's tabs: 1 lobby, 2 complaints, 3 staff.
    app.handle_key(&key(KeyCode::Char('2')));
    app.tick();
    terminal.draw(|f| app.render(f)).unwrap();
    let first_frame = started.elapsed();
    let screen: String = terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(
        screen.replace(' ', "").contains("未结投诉与报修100件"),
        "{screen}"
    );
    // Each pass presses the same keys from the top of the page (every pass ends there), so
    // the k-th key of each pass meets the same screen; a key's time is its fastest pass, as
    // for the figures above, and every key of every pass is kept as well (`raw`).
    let mut keys = vec![Duration::MAX; KEYS];
    let (mut raw, mut ticks) = (Vec::new(), Vec::new());
    for _ in 0..PASSES {
        for (k, fastest) in keys.iter_mut().enumerate() {
            // Down through the page and back up, as a clerk holding the arrow would.
            let code = match (k / (PAGE - 1)) % 2 {
                0 => KeyCode::Down,
                _ => KeyCode::Up,
            };
            let t = Instant::now();
            app.handle_key(&key(code));
            terminal.draw(|f| app.render(f)).unwrap();
            let took = t.elapsed();
            *fastest = (*fastest).min(took);
            raw.push(took);
            // The tick reads the newly selected item's record (every 250 ms in the
            // console; here after every key, timed apart).
            let t = Instant::now();
            app.tick();
            ticks.push(t.elapsed());
        }
    }
    let (r50, r99) = spread(raw);
    let (k50, k99) = spread(keys);
    let (t50, t99) = spread(ticks);
    println!(
        "| key → frame on the complaints pane ({PAGE} open items, live clocks; {} keys) | {} | \
         {} | | | goal p99 < 4 ms |",
        KEYS,
        ms(k50),
        ms(k99)
    );
    println!(
        "| (the same keys, every pass kept: {} key presses) | {} | {} | | | |",
        KEYS * PASSES,
        ms(r50),
        ms(r99)
    );
    println!(
        "| the tick after a key: the selected item's record read | {} | {} | | | |",
        ms(t50),
        ms(t99)
    );
    println!(
        "| console start to the complaints pane's first frame (open, App::new, tab, tick, draw) | {} | | | | |",
        ms(first_frame)
    );
}
