//! The demo's visitor and phone registers: about two years of a busy sales office (issue 8
//! §3), so a newcomer can search and see every verdict of the ownership check.
//!
//! Generated from a fixed seed (a splitmix64 generator below), the same every run, with times
//! relative to the demo's `now`: Chinese names from the census's surname shares, mobiles,
//! some landlines, plates with province prefixes, sources, classes, parties; returning
//! customers (most back to the salesperson who registered them, renewing the protection, a
//! few to another: conflicts), calls whose callers later visit, salespeople who have left
//! (inactive staff who still own old registrations), and a few corrections.
//!
//! # The customers to try (see [`NOTABLE`]; the demo's test checks each verdict)
//! Under the demo's policy (preset 004: 30 days' protection, 60 for an unknowing receipt,
//! calls count as evidence):
//! - **刘沐宸 139 0101 2012**: returning customer of 王芳, registered 12 days ago (first 40 days
//!   ago, renewed) — *returning*.
//! - **赵雅琪 139 0202 2020**: registered by 李娜 20 days ago and by 张伟 5 days ago —
//!   *conflict*, 李娜 earlier (REG-6), for the supervisor.
//! - **孙志谦 139 0303 2045**: registered by 刘洋 45 days ago — *expired*, but still inside
//!   004's 60-day second window (ATT-004-6): the supervisor rules.
//! - **吴海澜 139 0404 2100**: registered by 陈静 100 days ago — *expired*, a new customer.
//! - **钱先生, plate 粤B·D12345**: registered by plate and surname by 黄丽 10 days ago —
//!   *returning* (REG-3 plate + surname); 黄丽 is on leave today, so a helper receives (ROT-8).
//! - **马骁睿 139 0606 2003**: a phone inquiry answered by 赵强 3 days ago — *returning* by a
//!   call (REG-9: calls are evidence under 004).
//! - **郑凯瑞 139 0707 2088**: registered by 陈静 9 days ago under a mistyped 139 0707 2066,
//!   corrected the same day — *returning* by the corrected number (REG-4).
//! - **冯子墨 139 0808 2120**: registered by 周明, who has left, 8 months ago — *expired*.
//! - Near misses ("possible", never deciding): **139 0101 2013** (one digit off 刘沐宸's);
//!   **王小溪 186 0000 3456** (same surname and last four digits as 王秋禾 150 0000 3456,
//!   registered by 赵强 6 days ago).
//! - **A new customer**: any name and number not in the registers, e.g. 欧阳予安
//!   137 0000 0001.

use chrono::{DateTime, Days, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::people::{GIVEN, MOBILE_PREFIXES, Rng, SURNAMES};
use crate::domain::register::{
    CallRegistration, Class, CustomerName, Phone, Plate, Source, VisitRegistration,
};
use crate::domain::staff::StaffId;
use crate::store::register::VisitId;
use crate::store::{Result, Store};

/// Days of history before today.
const HISTORY_DAYS: u64 = 730;

/// Given-name characters the notable customers' names need, kept out of generated names
/// so no generated customer shares a notable one's full name.
const NOTABLE_ONLY: &str = "建瑞睿";

/// Mobile prefixes of the notable customers' numbers, kept out of generated ones.
const NOTABLE_PREFIXES: &[&str] = &["139", "186"];

/// Plates of a sales office in Guangdong: mostly local, some from neighbouring provinces.
const PROVINCES: &[(&str, u32)] = &[
    ("粤", 60),
    ("湘", 8),
    ("赣", 5),
    ("桂", 5),
    ("川", 4),
    ("鄂", 4),
    ("闽", 4),
    ("豫", 3),
    ("沪", 2),
    ("京", 2),
];
const CAR_BRANDS: &[&str] = &[
    "大众",
    "丰田",
    "本田",
    "日产",
    "别克",
    "宝马",
    "奔驰",
    "奥迪",
    "比亚迪",
    "特斯拉",
    "吉利",
    "长安",
];
const WORK_UNITS: &[&str] = &[
    "华为",
    "腾讯",
    "比亚迪",
    "招商银行",
    "平安保险",
    "中国移动",
    "南方电网",
    "市第一人民医院",
    "实验小学",
    "区政府",
    "个体经营",
    "自由职业",
    "外贸公司",
    "本地工厂",
    "滨海花园业主",
    "宝安区西乡",
    "南山区蛇口",
    "龙华区民治",
    "福田区香蜜湖",
    "东莞长安",
];
const INTENTS: &[&str] = &[
    "两居 80㎡ 左右",
    "三居 100㎡ 左右",
    "三居改善",
    "四居大平层",
    "投资小户型",
    "学区房",
    "给父母买",
    "婚房",
    "商铺",
    "车位",
    "先看样板间",
];
const PARTIES: &[&str] = &[
    "夫妻二人",
    "一家三口",
    "带父母",
    "朋友陪同",
    "同事两人",
    "夫妻带孩子",
];
const NOTES: &[&str] = &[
    "关注首付比例",
    "比较过隔壁楼盘",
    "需要公积金贷款",
    "想要高楼层",
    "约周末再来看样板间",
    "关心交房时间",
];
const QUESTIONS: &[&str] = &[
    "价格和户型",
    "开盘时间",
    "首付多少",
    "有没有优惠",
    "学位情况",
    "售楼处地址",
    "能否用公积金",
    "还有没有三居",
];

fn sources() -> Vec<(Source, u32)> {
    vec![
        (Source::Web, 30),
        (Source::PassingBy, 20),
        (Source::Signage, 15),
        (Source::CustomerReferral, 15),
        (Source::PhoneInquiry, 10),
        (Source::Newspaper, 5),
        (Source::Other("朋友圈广告".into()), 5),
    ]
}

/// The salespeople who have left: their name, and how many days before today they left.
/// They are added as inactive staff and own the registrations they made before leaving.
pub const FORMER_SALESPEOPLE: [(&str, u64); 3] = [("周明", 420), ("吴婷", 240), ("孙浩", 75)];

/// A customer of the generated register.
#[derive(Debug, Clone)]
struct Customer {
    name: String,
    phone: Option<String>,
    plate: Option<String>,
    car: Option<&'static str>,
    work_unit: Option<&'static str>,
    /// Index into the salespeople (active first, then former).
    salesperson: usize,
    /// The day of their latest visit or call.
    last: NaiveDate,
}

/// A customer the README and the tests name, with the registrations that give their verdict.
#[derive(Debug, Clone, Copy)]
pub struct Notable {
    pub name: &'static str,
    /// As registered (corrected, for 郑凯瑞).
    pub phone: Option<&'static str>,
    pub plate: Option<&'static str>,
    /// What the ownership check says today.
    pub verdict: &'static str,
}

/// The customers to try, as the module's documentation describes them.
pub const NOTABLE: &[Notable] = &[
    Notable {
        name: "刘沐宸",
        phone: Some("13901012012"),
        plate: None,
        verdict: "returning: 王芳, 12 days ago",
    },
    Notable {
        name: "赵雅琪",
        phone: Some("13902022020"),
        plate: None,
        verdict: "conflict: 李娜 (20 days ago) before 张伟 (5 days ago)",
    },
    Notable {
        name: "孙志谦",
        phone: Some("13903032045"),
        plate: None,
        verdict: "expired: 刘洋, 45 days ago, inside 004's 60-day unknowing window",
    },
    Notable {
        name: "吴海澜",
        phone: Some("13904042100"),
        plate: None,
        verdict: "expired: 陈静, 100 days ago",
    },
    Notable {
        name: "钱先生",
        phone: None,
        plate: Some("粤BD12345"),
        verdict: "returning: 黄丽, 10 days ago, by plate and surname",
    },
    Notable {
        name: "马骁睿",
        phone: Some("13906062003"),
        plate: None,
        verdict: "returning: 赵强, by a call 3 days ago",
    },
    Notable {
        name: "郑凯瑞",
        phone: Some("13907072088"),
        plate: None,
        verdict: "returning: 陈静, 9 days ago, by the corrected phone",
    },
    Notable {
        name: "冯子墨",
        phone: Some("13908082120"),
        plate: None,
        verdict: "expired: 周明 (left), 8 months ago",
    },
    Notable {
        name: "王秋禾",
        phone: Some("15000003456"),
        plate: None,
        verdict: "returning: 赵强, 6 days ago; 王小溪 18600003456 is a near miss of it",
    },
];

/// The numbers the generator must not hand out by chance: the notable customers', and their
/// near misses.
fn reserved(phone: &str) -> bool {
    phone.starts_with("1390") || phone.ends_with("3456")
}

/// A correction to write after the register: the visit as registered, as it should read,
/// and the reason.
type Fix = (VisitRegistration, VisitRegistration, &'static str);

/// What [`generate`] makes: the registrations, oldest first, and the corrections to write
/// after them.
pub struct DemoRegister {
    pub visits: Vec<VisitRegistration>,
    pub calls: Vec<CallRegistration>,
    pub corrections: Vec<Fix>,
}

/// How busy the generated office is, in tenths of the full size (about 20,000 visits and
/// 4,300 calls in two years: what a release build writes in well under two seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size(pub u32);

impl Size {
    pub const FULL: Size = Size(10);
    /// A tenth: what a debug build writes. Unoptimized, the full register takes several
    /// seconds, and dozens of tests start from the demo; a release `--demo` gets it all.
    pub const SMALL: Size = Size(1);

    /// The size for this build: full when optimized.
    pub fn for_build() -> Size {
        if cfg!(debug_assertions) {
            Size::SMALL
        } else {
            Size::FULL
        }
    }

    fn of(self, n: usize) -> usize {
        (n * self.0 as usize / 10).max(1)
    }
}

/// `staff`: the active salespeople in the order of `demo::SALESPEOPLE`, then the former ones
/// in the order of [`FORMER_SALESPEOPLE`].
pub fn generate(staff: &[StaffId], now: DateTime<Utc>, tz: Tz, size: Size) -> DemoRegister {
    let active = staff.len() - FORMER_SALESPEOPLE.len();
    let today = now.with_timezone(&tz).date_naive();
    let mut rng = Rng(0x5eed_2026_0008);
    let given: Vec<char> = GIVEN
        .chars()
        .filter(|c| !NOTABLE_ONLY.contains(*c))
        .collect();
    let prefixes: Vec<&str> = MOBILE_PREFIXES
        .iter()
        .copied()
        .filter(|p| !NOTABLE_PREFIXES.contains(p))
        .collect();
    let sources = sources();
    // Who could receive on a day: the active salespeople, and the former ones before they left.
    let working = |day: NaiveDate| -> Vec<usize> {
        let mut who: Vec<usize> = (0..active).collect();
        for (i, (_, left)) in FORMER_SALESPEOPLE.iter().enumerate() {
            if day < today - Days::new(*left) {
                who.push(active + i);
            }
        }
        who
    };
    let at = |day: NaiveDate, minutes: u32| -> DateTime<Utc> {
        let time = NaiveTime::from_hms_opt(9 + minutes / 60, minutes % 60, 0).unwrap_or_default();
        tz.from_local_datetime(&day.and_time(time))
            .earliest()
            .map_or(now, |t| t.with_timezone(&Utc))
    };
    let new_customer = |rng: &mut Rng, salesperson: usize, day: NaiveDate| -> Customer {
        let surname = rng.weighted(SURNAMES);
        let surname_only = rng.chance(4);
        let name = if surname_only {
            format!("{surname}{}", rng.pick(&["先生", "女士", "小姐"]))
        } else {
            let n = if rng.chance(75) { 2 } else { 1 };
            let g: String = (0..n).map(|_| *rng.pick(&given)).collect();
            format!("{surname}{g}")
        };
        let phone = loop {
            let phone = if rng.chance(3) {
                format!("0755-{}", rng.digits(8).replacen('0', "8", 1))
            } else {
                format!("{}{}", rng.pick(&prefixes), rng.digits(8))
            };
            if !reserved(&phone) {
                break phone;
            }
        };
        // Someone who gives only a surname gives a phone; a few others give none.
        let phone = (surname_only || !rng.chance(6)).then_some(phone);
        let plate = rng.chance(30).then(|| {
            let letters = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
            let province = rng.weighted(PROVINCES);
            let letter = char::from(letters[rng.below(letters.len())]);
            if rng.chance(20) {
                format!(
                    "{province}{letter}{}{}",
                    rng.pick(&["D", "F"]),
                    rng.digits(5)
                )
            } else {
                let mut tail = rng.digits(5).into_bytes();
                if rng.chance(40) {
                    tail[rng.below(2)] = letters[rng.below(letters.len())];
                }
                format!("{province}{letter}{}", String::from_utf8_lossy(&tail))
            }
        });
        Customer {
            car: plate.as_ref().map(|_| *rng.pick(CAR_BRANDS)),
            work_unit: rng.chance(70).then(|| *rng.pick(WORK_UNITS)),
            name,
            phone,
            plate,
            salesperson,
            last: day,
        }
    };

    let mut pool: Vec<Customer> = Vec::new();
    let mut visits: Vec<VisitRegistration> = Vec::new();
    let mut calls: Vec<CallRegistration> = Vec::new();
    for back in (1..=HISTORY_DAYS).rev() {
        let day = today - Days::new(back);
        let on_duty = working(day);
        let weekend = matches!(
            chrono::Datelike::weekday(&day),
            chrono::Weekday::Sat | chrono::Weekday::Sun
        );
        let (visit_count, call_count) = if weekend {
            (34 + rng.below(17), 5 + rng.below(6))
        } else {
            (16 + rng.below(13), 3 + rng.below(6))
        };
        let (visit_count, call_count) = (size.of(visit_count), size.of(call_count));
        let mut minutes: Vec<u32> = (0..visit_count).map(|_| rng.below(560) as u32).collect();
        minutes.sort_unstable();
        for m in minutes {
            // About a third come back: mostly recent customers, mostly to their salesperson.
            let recent = pool.len().min(3000);
            let returning = recent > 0 && rng.chance(32);
            let customer = if returning {
                let index = pool.len() - 1 - rng.below(recent);
                let c = &mut pool[index];
                let still_here = on_duty.contains(&c.salesperson);
                if !still_here || rng.chance(5) {
                    c.salesperson = *rng.pick(&on_duty);
                }
                c.last = day;
                c.clone()
            } else {
                let salesperson = *rng.pick(&on_duty);
                let c = new_customer(&mut rng, salesperson, day);
                pool.push(c.clone());
                c
            };
            visits.push(visit_of(&mut rng, &customer, staff, at(day, m), &sources));
        }
        for _ in 0..call_count {
            let m = rng.below(560) as u32;
            let answered = *rng.pick(&on_duty);
            let caller = if !pool.is_empty() && rng.chance(35) {
                let index = pool.len() - 1 - rng.below(pool.len().min(2000));
                pool[index].clone()
            } else {
                // A new caller: theirs is whoever answered, should they come (REG-9).
                let mut c = new_customer(&mut rng, answered, day);
                if c.phone.is_none() {
                    c.phone = Some(format!("{}{}", rng.pick(&prefixes), rng.digits(8)));
                }
                if c.phone.as_deref().is_some_and(reserved) {
                    continue;
                }
                pool.push(c.clone());
                c
            };
            if caller.phone.is_none() && caller.name.chars().count() < 2 {
                continue;
            }
            calls.push(CallRegistration {
                called_at: at(day, m),
                caller: CustomerName::parse(&caller.name).ok(),
                phone: caller.phone.as_deref().and_then(|p| Phone::parse(p).ok()),
                question: Some((*rng.pick(QUESTIONS)).to_owned()),
                answered_by: staff[answered],
                intent: rng.chance(40).then(|| (*rng.pick(INTENTS)).to_owned()),
                source: Some(rng.weighted(&sources).clone()),
            });
        }
    }

    // Corrections of a few ordinary visits: a phone digit, a name character, a class.
    let mut corrections = Vec::new();
    for k in 0..12 {
        let index = (visits.len() / 13) * (k + 1);
        let mut corrected = visits[index].clone();
        let reason = match k % 3 {
            0 if corrected.phone.as_ref().is_some_and(|p| !p.is_landline()) => {
                let p = corrected.phone.as_ref().map(|p| p.as_str().to_owned());
                let p = p.unwrap_or_default();
                let last = p.chars().last().and_then(|c| c.to_digit(10)).unwrap_or(0);
                let fixed = format!("{}{}", &p[..p.len() - 1], (last + 1) % 10);
                corrected.phone = Phone::parse(&fixed).ok();
                "电话登记错一位,客户来电核实"
            }
            1 => {
                corrected.class = Some(Class::A);
                corrected.intent = Some("复访后确定三居".into());
                "复访后升为A类"
            }
            _ => {
                corrected.notes = Some("客户要求登记单位".into());
                corrected.work_unit = Some("招商银行".into());
                "补登单位"
            }
        };
        if corrected != visits[index] {
            corrections.push((visits[index].clone(), corrected, reason));
        }
    }

    add_notable(&mut visits, &mut calls, &mut corrections, staff, today, &at);
    visits.sort_by_key(|v| v.visited_at);
    calls.sort_by_key(|c| c.called_at);
    DemoRegister {
        visits,
        calls,
        corrections,
    }
}

fn visit_of(
    rng: &mut Rng,
    c: &Customer,
    staff: &[StaffId],
    at: DateTime<Utc>,
    sources: &[(Source, u32)],
) -> VisitRegistration {
    VisitRegistration {
        visited_at: at,
        name: CustomerName::parse(&c.name).ok(),
        phone: c.phone.as_deref().and_then(|p| Phone::parse(p).ok()),
        work_unit: c.work_unit.map(str::to_owned),
        intent: rng.chance(85).then(|| (*rng.pick(INTENTS)).to_owned()),
        source: Some(rng.weighted(sources).clone()),
        salesperson: staff[c.salesperson],
        car_brand: c.car.map(str::to_owned),
        plate: c.plate.as_deref().and_then(|p| Plate::parse(p).ok()),
        party: rng.chance(35).then(|| (*rng.pick(PARTIES)).to_owned()),
        class: Some(*rng.weighted(&[(Class::A, 20), (Class::B, 45), (Class::C, 35)])),
        notes: rng.chance(8).then(|| (*rng.pick(NOTES)).to_owned()),
    }
}

/// The registrations behind [`NOTABLE`]. Indices into `staff`: 0 王芳, 1 李娜, 2 张伟, 3 刘洋,
/// 4 陈静, 6 赵强, 7 黄丽, 8 周明 (left).
fn add_notable(
    visits: &mut Vec<VisitRegistration>,
    calls: &mut Vec<CallRegistration>,
    corrections: &mut Vec<Fix>,
    staff: &[StaffId],
    today: NaiveDate,
    at: &dyn Fn(NaiveDate, u32) -> DateTime<Utc>,
) {
    let visit = |name: &str, phone: Option<&str>, plate: Option<&str>, who: usize, days: u64| {
        VisitRegistration {
            visited_at: at(today - Days::new(days), 90),
            name: CustomerName::parse(name).ok(),
            phone: phone.and_then(|p| Phone::parse(p).ok()),
            work_unit: None,
            intent: Some("三居 100㎡ 左右".into()),
            source: Some(Source::Web),
            salesperson: staff[who],
            car_brand: plate.map(|_| "丰田".to_owned()),
            plate: plate.and_then(|p| Plate::parse(p).ok()),
            party: None,
            class: Some(Class::B),
            notes: None,
        }
    };
    visits.push(visit("刘沐宸", Some("13901012012"), None, 0, 40));
    visits.push(visit("刘沐宸", Some("13901012012"), None, 0, 12));
    visits.push(visit("赵雅琪", Some("13902022020"), None, 1, 20));
    visits.push(visit("赵雅琪", Some("13902022020"), None, 2, 5));
    visits.push(visit("孙志谦", Some("13903032045"), None, 3, 45));
    visits.push(visit("吴海澜", Some("13904042100"), None, 4, 100));
    visits.push(visit("钱先生", None, Some("粤B·D12345"), 7, 10));
    visits.push(visit("冯子墨", Some("13908082120"), None, 8, 240));
    visits.push(visit("王秋禾", Some("15000003456"), None, 6, 6));
    let mistyped = visit("郑凯瑞", Some("13907072066"), None, 4, 9);
    let fixed = VisitRegistration {
        phone: Phone::parse("13907072088").ok(),
        ..mistyped.clone()
    };
    visits.push(mistyped.clone());
    corrections.push((mistyped, fixed, "电话登记错两位,客户当天来电核实"));
    calls.push(CallRegistration {
        called_at: at(today - Days::new(3), 200),
        caller: CustomerName::parse("马骁睿").ok(),
        phone: Phone::parse("13906062003").ok(),
        question: Some("三居还有没有".into()),
        answered_by: staff[6],
        intent: Some("三居".into()),
        source: Some(Source::Newspaper),
    });
}

/// Writes the demo register into `store`: the registrations in one transaction, then the
/// corrections one by one as a clerk would, each six hours after the visit it corrects (or
/// at `now`, if that is sooner). Returns the visits written with their ids, for the deals
/// that grew from them.
pub fn write(
    store: &mut Store,
    clerk: StaffId,
    staff: &[StaffId],
    now: DateTime<Utc>,
    tz: Tz,
    size: Size,
) -> Result<Vec<(VisitId, VisitRegistration)>> {
    let register = generate(staff, now, tz, size);
    let (ids, _) = store.register_in_bulk(
        clerk,
        &register.visits,
        &register.calls,
        "demo_register",
        now,
    )?;
    for (original, corrected, reason) in &register.corrections {
        let Some(index) = register.visits.iter().position(|v| v == original) else {
            continue;
        };
        let when = (original.visited_at + Duration::hours(6)).min(now);
        store.correct_visit(clerk, ids[index], corrected, reason, when)?;
    }
    Ok(ids.into_iter().zip(register.visits).collect())
}
