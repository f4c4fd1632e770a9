//! Who is inside now (issue 9 §2), read from `lobby_inside`: the list, the evacuation
//! list and its export's audit row.

use super::*;

/// The visits inside: `lobby_inside` first (`CROSS JOIN` keeps SQLite from walking the
/// log's time index to save a sort), then each visit by its key. Public for the
/// benchmark's bare SQL.
#[doc(hidden)]
pub const INSIDE_SQL: &str = "SELECT v.id, v.at, v.name, v.building, v.unit, v.room,
     v.host_name, v.purpose, v.party, v.badge, v.plate
     FROM lobby_inside i CROSS JOIN lobby_visits v ON v.id = i.visit_id ORDER BY i.visit_id";

/// The corrections of the visits inside, oldest first.
#[doc(hidden)]
pub const INSIDE_CORRECTIONS_SQL: &str = "SELECT c.visit_id, c.changes FROM lobby_inside i
     JOIN lobby_corrections c ON c.visit_id = i.visit_id ORDER BY c.id";

/// The visits of the inside list, by key, with their corrections applied, in arrival order.
fn inside_rows(conn: &Connection) -> StoreResult<Vec<VisitRow>> {
    let mut rows: Vec<VisitRow> = conn
        .prepare_cached(INSIDE_SQL)?
        .query_map([], visit_row)?
        .collect::<rusqlite::Result<_>>()?;
    rows.sort_by_key(|r| (r.at, r.id));
    let corrections: Vec<(i64, String)> = conn
        .prepare_cached(INSIDE_CORRECTIONS_SQL)?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (visit, changes) in corrections {
        let changes: Map<String, Json> = serde_json::from_str(&changes).unwrap_or_default();
        if let Some(row) = rows.iter_mut().find(|r| r.id.0 == visit) {
            row.apply(&changes);
        }
    }
    Ok(rows)
}

impl Store {
    /// Everyone inside at `now` (issue 9 §2), earliest arrival first, with how long each has
    /// been in and whether they are past the office's closing hour of their arrival day.
    /// Reads only the visits inside (see the module's note).
    pub fn inside_now(&self, now: DateTime<Utc>) -> StoreResult<Vec<InsideNow>> {
        self.read(|store| {
            let settings = crate::store::settings::office_settings_in(&store.conn)?;
            let (tz, closing) = (settings.timezone(), settings.closing_hour());
            Ok(inside_rows(&store.conn)?
                .into_iter()
                .map(|v| InsideNow {
                    visit: v.id,
                    past_closing: past_closing(v.at, now, tz, closing),
                    inside_for: (now - v.at).max(chrono::Duration::zero()),
                    name: v.name,
                    host_room: v.address,
                    purpose: v.purpose,
                    party: v.party,
                    badge: v.badge,
                    plate: v.plate,
                    arrived: v.at,
                })
                .collect())
        })
    }

    /// The evacuation list: everyone inside, with their host's room and name as logged,
    /// sorted by building, unit and room, then arrival. Reads only the visits inside.
    pub fn evacuation_list(&self, _now: DateTime<Utc>) -> StoreResult<Vec<EvacuationEntry>> {
        self.read(|store| {
            let mut list: Vec<EvacuationEntry> = inside_rows(&store.conn)?
                .into_iter()
                .map(|v| EvacuationEntry {
                    visit: v.id,
                    name: v.name,
                    party: v.party,
                    host_room: v.address,
                    host_name: v.host_name,
                    badge: v.badge,
                    arrived: v.at,
                })
                .collect();
            list.sort_by(|a, b| {
                (&a.host_room, a.arrived, a.visit).cmp(&(&b.host_room, b.arrived, b.visit))
            });
            Ok(list)
        })
    }

    /// Records that the evacuation list was written to `file` (`frontdesk export
    /// evacuation`), approved by a supervisor: who, when, how many visits were on it.
    pub fn record_evacuation_export(
        &mut self,
        approval: Approval,
        file: &str,
        visits: usize,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.write(|tx| {
            let supervisor = still_supervisor(tx, approval)?;
            audit(
                tx,
                now,
                Some(supervisor),
                Some(supervisor),
                "export_evacuation",
                &format!("{visits} visits inside, to {file}"),
            )
        })
    }

    /// Records that the lobby clerk opened the evacuation list and where it went (issue 20
    /// §4): no supervisor's PIN, since it is the emergency's one key, but who, when, how many
    /// people and visits were on it, and `went` (the printer and file, or why not) are kept.
    pub fn record_evacuation_sent(
        &mut self,
        operator: StaffId,
        people: u32,
        visits: usize,
        went: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.write(|tx| {
            audit(
                tx,
                now,
                Some(operator),
                None,
                "evacuation_sent",
                &format!("{people} people ({visits} visits) inside; {went}"),
            )
        })
    }
}
