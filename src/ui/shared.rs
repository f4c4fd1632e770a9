//! What every pane may read: the office, its staff, the rules in force, whether the file can
//! be written, and the business day. Small, so reloading it on another desk's write is cheap.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::domain::clock::business_day;
use crate::domain::policy::Policy;
use crate::domain::staff::{Role, Staff, StaffId};
use crate::store::{Result, Store};

#[derive(Debug, Clone, Default)]
pub struct Shared {
    pub office: String,
    pub staff: Vec<Staff>,
    pub policy: Policy,
    pub timezone: Tz,
    pub read_only: bool,
    /// The business day the panes' data belongs to.
    pub day: NaiveDate,
}

impl Shared {
    /// Loads the shared part for the business day of `now`; call it inside a read
    /// transaction together with the panes' own loads.
    pub fn load(store: &Store, policy: Policy, timezone: Tz, now: DateTime<Utc>) -> Result<Shared> {
        Ok(Shared {
            office: store.office_name()?.unwrap_or_default(),
            staff: store.staff()?,
            day: business_day(now, timezone),
            policy,
            timezone,
            read_only: store.is_read_only(),
        })
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
        business_day(now, self.timezone)
    }
}
