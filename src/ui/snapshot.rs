//! What the screen shows, loaded from the store in one go. Drawing reads only this; it
//! never touches the database.

use chrono::NaiveDate;

use crate::domain::rotation::{Event, RotationDay, Seq, StaffId};
use crate::domain::staff::{Role, Staff};
use crate::store::{Result, Store};

#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub office: String,
    pub staff: Vec<Staff>,
    pub day: NaiveDate,
    pub rotation: RotationDay,
    pub read_only: bool,
}

impl Snapshot {
    pub fn load(store: &Store, day: NaiveDate) -> Result<Snapshot> {
        Ok(Snapshot {
            office: store.office_name()?.unwrap_or_default(),
            staff: store.staff()?,
            day,
            rotation: store.rotation_day(day)?,
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

    fn started(&self, reception: Seq) -> Option<(StaffId, bool)> {
        match self.rotation.entry(reception).map(|l| &l.event) {
            Some(Event::ReceptionStarted {
                salesperson,
                uses_turn,
                ..
            }) => Some((*salesperson, *uses_turn)),
            _ => None,
        }
    }

    /// Who received in the reception that log entry `reception` opened.
    pub fn reception_started_by(&self, reception: Seq) -> Option<StaffId> {
        self.started(reception).map(|(id, _)| id)
    }

    pub fn reception_used_turn(&self, reception: Seq) -> bool {
        self.started(reception).is_some_and(|(_, used)| used)
    }

    pub fn make_up_holder(&self, make_up: Seq) -> Option<StaffId> {
        match self.rotation.entry(make_up).map(|l| &l.event) {
            Some(Event::MakeUpEarned { salesperson, .. }) => Some(*salesperson),
            _ => None,
        }
    }
}
