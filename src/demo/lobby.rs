//! The demo's lobby (issue 9): a small building directory — a residential building and an
//! office tower, sixty units, residents and companies, some phones — and a morning of
//! visitors in and out, some still inside and one from yesterday still inside past closing;
//! and parcels waiting, one for two days.
//! Deterministic: the same directory and the same visitors every run.

use chrono::{DateTime, Duration, Utc};

use super::people::{GIVEN, MOBILE_PREFIXES, Rng, SURNAMES};
use crate::domain::lobby::parcel::{ParcelForm, validate_parcel};
use crate::domain::lobby::{
    LobbyVisitForm, OccupantForm, OccupantId, validate_lobby_visit, validate_occupant,
};
use crate::domain::rotation::StaffId;
use crate::domain::settings::DeskKinds;
use crate::store::lobby::{ImportedUnit, Leaving, LobbyError};
use crate::store::{Approval, Result, Store, StoreError};

const COMPANIES: &[&str] = &[
    "蓝海科技有限公司",
    "恒信会计师事务所",
    "星辰广告有限公司",
    "瑞丰贸易有限公司",
    "启明教育咨询有限公司",
    "华泰律师事务所",
    "云帆网络科技有限公司",
    "金桥物流有限公司",
    "绿源环保工程有限公司",
    "博远建筑设计有限公司",
    "同心医疗器械有限公司",
    "新月文化传媒有限公司",
];

const PURPOSES: &[&str] = &[
    "拜访",
    "送快递",
    "送外卖",
    "面试",
    "开会",
    "维修",
    "送文件",
    "看望家人",
    "装修",
    "商务洽谈",
];

pub(super) fn person(rng: &mut Rng) -> String {
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

/// The directory's rows: 1号楼 (two units, five floors, three rooms each: residents) and
/// A座 (ten office floors, three suites each: companies), a few vacant.
fn directory(rng: &mut Rng) -> Vec<ImportedUnit> {
    let mut rows = Vec::new();
    for unit in 1..=2 {
        for floor in 1..=5 {
            for room in 1..=3 {
                let mut form = OccupantForm {
                    building: "1号楼".into(),
                    unit: format!("{unit}单元"),
                    room: format!("{floor}0{room}"),
                    kind: "住户".into(),
                    ..OccupantForm::default()
                };
                if rng.chance(10) {
                    rows.push(vacant(&form));
                    continue;
                }
                form.name = person(rng);
                if rng.chance(70) {
                    form.phones = mobile(rng);
                }
                rows.push(occupied(&form));
            }
        }
    }
    for floor in 5..=14 {
        for suite in 1..=3 {
            let mut form = OccupantForm {
                building: "A座".into(),
                room: format!("{floor}{suite:02}"),
                kind: "公司".into(),
                ..OccupantForm::default()
            };
            let n = (floor - 5) * 3 + suite - 1;
            if n >= COMPANIES.len() && rng.chance(40) {
                rows.push(vacant(&form));
                continue;
            }
            form.name = match COMPANIES.get(n) {
                Some(name) => (*name).to_owned(),
                None => format!("{}{}工作室", person(rng), ["设计", "摄影", "咨询"][n % 3]),
            };
            form.phones = format!("021-6{}", rng.digits(7));
            if rng.chance(50) {
                form.phones = format!("{}、{}", form.phones, mobile(rng));
            }
            rows.push(occupied(&form));
        }
    }
    rows
}

fn vacant(form: &OccupantForm) -> ImportedUnit {
    let address = crate::domain::lobby::UnitAddress::parse(&form.building, &form.unit, &form.room)
        .expect("the demo's units are valid");
    ImportedUnit::Vacant(address)
}

fn occupied(form: &OccupantForm) -> ImportedUnit {
    ImportedUnit::Occupied(validate_occupant(form).expect("the demo's occupants are valid"))
}

fn lobby(e: LobbyError) -> StoreError {
    match e {
        LobbyError::Store(e) => e,
        LobbyError::Refused(r) => StoreError::Other(r.to_string()),
    }
}

/// Writes the directory (as an import approved by the supervisor at `start`), turns the
/// lobby desk on beside the sales desk, and logs visitors from `start` to `now`: most have
/// left, the last few are inside, and one who came yesterday afternoon never signed out.
pub fn write(
    store: &mut Store,
    supervisor: StaffId,
    approval: Approval,
    clerk: StaffId,
    start: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<()> {
    let mut rng = Rng(0x10bb_9d35);
    store.import_units(approval, &directory(&mut rng), "demo-units.xlsx", 0, start)?;
    let settings = store.office_settings()?.with_desks(DeskKinds::Both);
    store.set_office_settings(supervisor, approval, &settings, start)?;
    let hosts: Vec<OccupantId> = store
        .occupants_matching("", 200)?
        .into_iter()
        .map(|h| h.id)
        .collect();
    let visit = |store: &mut Store, rng: &mut Rng, at: DateTime<Utc>, badge: String| {
        let form = LobbyVisitForm {
            name: match rng.chance(50) {
                true => format!(
                    "{}{}",
                    rng.weighted(SURNAMES),
                    ["先生", "女士"][rng.below(2)]
                ),
                false => person(rng),
            },
            host: Some(*rng.pick(&hosts)),
            purpose: (*rng.pick(PURPOSES)).to_owned(),
            party: (1 + usize::from(rng.chance(20)) * (1 + rng.below(3))).to_string(),
            badge,
            plate: match rng.chance(15) {
                true => format!("沪{}{}", ["A", "B", "C"][rng.below(3)], rng.digits(5)),
                false => String::new(),
            },
        };
        let v = validate_lobby_visit(&form).expect("the demo's visits are valid");
        store.visitor_in(clerk, &v, at).map_err(lobby)
    };
    // Yesterday afternoon, and still inside: past closing.
    visit(store, &mut rng, now - Duration::hours(20), "L-99".into())?;
    // This morning, every few minutes; the earlier ones have left.
    let count = 24;
    let step = ((now - start) / (count + 1)).max(Duration::seconds(10));
    for n in 0..count {
        let at = start + step * n;
        let badge = format!("L-{:02}", n + 1);
        let id = visit(store, &mut rng, at, badge)?;
        if n < count - 7 {
            let left = (at + step * 3).min(now);
            store
                .visitor_out(clerk, Leaving::Visit(id), left)
                .map_err(lobby)?;
        }
    }
    parcels(store, clerk, &hosts, now)
}

/// The parcels of the demo (issue 20 §6), following the clock: one waiting two days (marked
/// on the list), one since yesterday, two from this morning, and one collected this morning.
fn parcels(
    store: &mut Store,
    clerk: StaffId,
    hosts: &[OccupantId],
    now: DateTime<Utc>,
) -> Result<()> {
    // (carrier, tracking, shelf, hours ago, which host) — hosts spread over both buildings.
    let taken: [(&str, &str, &str, i64, usize); 5] = [
        ("顺丰", "SF1402 3397 5521", "A-1", 50, hosts.len() / 2),
        ("京东", "JD0087 6612 0903", "B-2", 20, 3),
        (
            "中通",
            "7531 0466 2817",
            "A-3",
            3,
            hosts.len().saturating_sub(2),
        ),
        ("邮政EMS", "", "大件区", 2, 7),
        ("圆通", "YT8810 2234 6650", "A-2", 4, 11),
    ];
    let mut ids = Vec::new();
    for (carrier, tracking, shelf, hours, host) in taken {
        let form = ParcelForm {
            carrier: carrier.into(),
            recipient: hosts.get(host.min(hosts.len().saturating_sub(1))).copied(),
            tracking: tracking.into(),
            shelf: shelf.into(),
        };
        let parcel = validate_parcel(&form).expect("the demo's parcels are valid");
        ids.push(
            store
                .take_in_parcel(clerk, &parcel, now - Duration::hours(hours))
                .map_err(lobby)?,
        );
    }
    // The 圆通 parcel was picked up an hour after it came.
    store
        .collect_parcel(clerk, ids[4], "孙女士", now - Duration::hours(3))
        .map_err(lobby)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::domain::settings::OfficeSettings;

    #[test]
    fn the_demo_lobby_has_four_parcels_waiting_one_for_two_days_and_one_collected() {
        let mut store = Store::open_in_memory().unwrap();
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 3, 30, 0).unwrap();
        crate::demo::populate(&mut store, &OfficeSettings::default(), now).unwrap();
        let page = store.waiting_parcels(0, 10).unwrap();
        assert_eq!(page.total, 4);
        assert_eq!(page.parcels[0].taken_in, now - Duration::hours(50));
        let trail = store.audit_trail().unwrap();
        let collected = trail.iter().filter(|a| a.action == "parcel_collected");
        assert_eq!(collected.count(), 1);
    }

    #[test]
    fn the_demo_lobby_has_a_directory_and_people_inside_one_past_closing() {
        let mut store = Store::open_in_memory().unwrap();
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 3, 30, 0).unwrap();
        crate::demo::populate(&mut store, &OfficeSettings::default(), now).unwrap();
        let (occupants, units) = store.directory_size().unwrap();
        assert!((55..=60).contains(&units), "{units} units");
        assert!(occupants >= 45, "{occupants} occupants");
        let inside = store.inside_now(now).unwrap();
        assert_eq!(inside.len(), 8);
        assert_eq!(inside.iter().filter(|i| i.past_closing).count(), 1);
        assert_eq!(store.evacuation_list(now).unwrap().len(), 8);
        assert!(store.office_settings().unwrap().desks().has_lobby());
        assert_eq!(store.verify_all().unwrap(), None);
    }
}
