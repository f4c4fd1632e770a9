//! The demo's shift handover (issue 10): the night clerk's log, the handover at 08:00 with
//! its checklist (the radio sent for repair, in a note), read, questioned, answered and
//! accepted at 08:05 by the morning clerk, who has written two entries since. The night began
//! before midnight, so the day before has a shift-log entry and no sign-off: the supervisor
//! is flagged to review it.
//!
//! The handover snapshots the open items as the file holds them when it is written, so the
//! demo writes it before the lobby and the rotation's morning when those begin after 08:00
//! (see `populate`), and after them otherwise.

use chrono::{DateTime, Days, Duration, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::domain::clock::business_day;
use crate::domain::handover::{
    CheckedItem, HandoverEvent, LogEntryForm, Priority, validate_log_entry,
};
use crate::domain::settings::OfficeSettings;
use crate::domain::staff::StaffId;
use crate::domain::workdays::local_hour;
use crate::store::handover::HandoverStepError;
use crate::store::{Result, Store, StoreError};

/// The item of the default checklist the night clerk could not tick.
const RADIO: &str = "对讲机";

/// When the night shift was handed over: 08:00 today, or yesterday when the demo starts
/// before the morning's handover and its entries could have happened.
pub fn handover_time(now: DateTime<Utc>, tz: Tz) -> DateTime<Utc> {
    let today = business_day(now, tz);
    let at = local_hour(today, 8, tz);
    match now - at >= Duration::minutes(40) {
        true => at,
        false => local_hour(today - Days::new(1), 8, tz),
    }
}

fn step(e: HandoverStepError) -> StoreError {
    match e {
        HandoverStepError::Store(e) => e,
        other => StoreError::Other(other.to_string()),
    }
}

fn entry(
    store: &mut Store,
    by: StaffId,
    at: DateTime<Utc>,
    priority: Priority,
    tags: &[&str],
    text: &str,
) -> Result<()> {
    let form = LogEntryForm {
        priority,
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        text: text.to_owned(),
    };
    let draft = validate_log_entry(&form).map_err(|e| StoreError::Other(e.to_string()))?;
    store.log_entry(by, &draft, at)?;
    Ok(())
}

/// Writes the night, the handover and the morning so far, ending before `now`.
#[allow(clippy::too_many_arguments)]
pub fn write(
    store: &mut Store,
    settings: &OfficeSettings,
    night: StaffId,
    night_pin: &str,
    morning: StaffId,
    morning_pin: &str,
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<NaiveDate> {
    let at = handover_time(now, tz);
    let min = Duration::minutes;
    // The night: on duty before midnight, a round, the parcels, the lift.
    entry(
        store,
        night,
        at - min(8 * 60 + 20),
        Priority::Normal,
        &["接班"],
        "到岗,与中班核对钥匙、门禁卡和对讲机,无异常",
    )?;
    entry(
        store,
        night,
        at - min(7 * 60),
        Priority::Normal,
        &["巡查"],
        "巡查大堂、地下车库和消防通道,门窗已锁,一切正常",
    )?;
    entry(
        store,
        night,
        at - min(5 * 60 - 15),
        Priority::Important,
        &["快递", "住户"],
        "代收快递 3 件(1单元301、2单元502、A座1203),已登记在快递本,放前台柜",
    )?;
    entry(
        store,
        night,
        at - min(2 * 60 + 40),
        Priority::Urgent,
        &["电梯", "报修"],
        "2号电梯困人一名,已通知工程部值班,20 分钟后解困,人员无恙;电梯暂停使用,待维保检查",
    )?;
    // 08:00: the handover, the radio not ticked but explained.
    let checklist: Vec<CheckedItem> = settings
        .handover_checklist()
        .iter()
        .map(|item| CheckedItem {
            item: item.clone(),
            ticked: item != RADIO,
            note: match item == RADIO {
                true => "2号对讲机电池鼓包,已送工程部,暂用备用机".to_owned(),
                false => String::new(),
            },
        })
        .collect();
    let signed = store.sign(Some(night), night, night_pin, at)?;
    let record = store
        .submit_handover(signed, &checklist, at)
        .map_err(step)?;
    // The morning clerk reads everything, asks, is answered and accepts at 08:05.
    store
        .mark_read(
            morning,
            record.id,
            morning,
            &record.state.keys(),
            at + min(2),
        )
        .map_err(step)?;
    let ask = HandoverEvent::Ask {
        by: morning,
        text: "电梯维保几点到?要不要在大堂贴告示?".into(),
    };
    store
        .handover_event(morning, record.id, &ask, None, at + min(3))
        .map_err(step)?;
    let answer = HandoverEvent::Answer {
        by: night,
        question: 0,
        text: "工程部说上午十点前到;告示已贴在电梯口,维保单夹在登记本里".into(),
    };
    store
        .handover_event(night, record.id, &answer, None, at + min(4))
        .map_err(step)?;
    let signed = store.sign(Some(morning), morning, morning_pin, at + min(5))?;
    store
        .handover_event(
            morning,
            record.id,
            &HandoverEvent::Accept { by: morning },
            Some(signed),
            at + min(5),
        )
        .map_err(step)?;
    // Since then, two entries of the morning, the last well before now.
    let since = at + min(5);
    let left = (now - since).max(min(3));
    entry(
        store,
        morning,
        since + (left / 3).min(min(60)),
        Priority::Important,
        &["电梯"],
        "工程部维保人员已到场检查2号电梯,暂停使用至维保完成",
    )?;
    entry(
        store,
        morning,
        since + (left * 2 / 3).min(min(120)),
        Priority::Normal,
        &["快递"],
        "夜班代收的快递已取走 2 件,剩 A座1203 一件",
    )?;
    Ok(business_day(at, tz))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_handover_is_this_morning_once_it_could_have_happened() {
        let tz: Tz = "Asia/Shanghai".parse().unwrap();
        // 11:30 in Shanghai.
        let late = Utc.with_ymd_and_hms(2026, 11, 22, 3, 30, 0).unwrap();
        assert_eq!(
            handover_time(late, tz),
            Utc.with_ymd_and_hms(2026, 11, 22, 0, 0, 0).unwrap()
        );
        // 08:10: the handover and both entries would not fit; yesterday's instead.
        let early = Utc.with_ymd_and_hms(2026, 11, 22, 0, 10, 0).unwrap();
        assert_eq!(
            handover_time(early, tz),
            Utc.with_ymd_and_hms(2026, 11, 21, 0, 0, 0).unwrap()
        );
    }
}
