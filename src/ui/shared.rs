//! What every pane may read: the office, its staff, the rules in force, whether the file can
//! be written, and the business day. Small, so reloading it on another desk's write is cheap.

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::clock::business_day;
use crate::domain::settings::OfficeSettings;
use crate::domain::staff::{Role, Staff, StaffId};
use crate::store::handover::RefusalWaiting;
use crate::store::{Result, Store};
use crate::ui::said::Said;

#[derive(Debug, Clone, Default)]
pub struct Shared {
    pub office: String,
    pub staff: Vec<Staff>,
    /// The office's rules and time zone, the same at every desk.
    pub settings: OfficeSettings,
    pub read_only: bool,
    /// Read-only because the disk is full, not because the file cannot be written.
    pub disk_full: bool,
    /// The business day the panes' data belongs to.
    pub day: NaiveDate,
    /// Refused handovers no supervisor has dealt with (HND-4): flagged to every supervisor
    /// at any desk, read again on every other desk's write.
    pub refusals: Vec<RefusalWaiting>,
}

impl Shared {
    /// Loads the shared part for the business day of `now`; call it inside a read
    /// transaction together with the panes' own loads.
    pub fn load(store: &Store, now: DateTime<Utc>) -> Result<Shared> {
        let settings = store.office_settings()?;
        Ok(Shared {
            office: store.office_name()?.unwrap_or_default(),
            staff: store.staff()?,
            day: business_day(now, settings.timezone()),
            settings,
            read_only: store.is_read_only(),
            disk_full: store.disk_full_at_open(),
            refusals: store.refusals_waiting()?,
        })
    }

    /// Why a write key does nothing on a file that cannot be written: the disk being full
    /// when it is, else the pane's own words for a read-only file.
    pub fn not_saved(&self, read_only: Said) -> Said {
        match self.disk_full {
            true => Said::msg(crate::ui::text::Ui::ErrDiskFull),
            false => read_only,
        }
    }

    pub fn name(&self, id: StaffId) -> String {
        self.staff
            .iter()
            .find(|s| s.id == id)
            .map_or_else(|| format!("#{id}"), |s| s.name.clone())
    }

    pub fn active(&self, role: Role) -> impl Iterator<Item = &Staff> {
        self.staff
            .iter()
            .filter(move |s| s.active && s.role == role)
    }

    /// The business day of `now` in the office's time zone: the one place it is derived.
    pub fn day_of(&self, now: DateTime<Utc>) -> NaiveDate {
        business_day(now, self.settings.timezone())
    }
}

/// The desk's loaded office names people and keeps the time for the store's errors.
impl crate::words::describe::Office for Shared {
    fn name(&self, id: StaffId) -> String {
        Shared::name(self, id)
    }

    fn timezone(&self) -> chrono_tz::Tz {
        self.settings.timezone()
    }
}
