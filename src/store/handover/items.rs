//! The open items a handover lists (issue 10 §2), generated from the other desks' records;
//! HND-8's open list and first sign-in of the day.

use super::*;
use crate::store::register;

/// How many open complaints and work orders a handover lists at most.
const OPEN_WORK_LIMIT: usize = 1000;

impl Store {
    /// The open items as they stand at `now` (issue 10 §2), generated from the other desks'
    /// records: overdue complaints and late work orders first, then those due (soonest
    /// first), follow-up visits due, ownership conflicts waiting for a supervisor, today's
    /// receptions still open and make-ups owed, visitors inside, parcels waiting, and last the complaints and
    /// work orders with nothing due now. Reads only the derived lists (`open_work`,
    /// `lobby_inside`, `conflict_watch`) and today's rotation log, and checks again the
    /// customers of the conflicts handed on and of the registrations the writes watch.
    pub fn handover_items(&self, now: DateTime<Utc>) -> StoreResult<Vec<HandoverItem>> {
        self.read(|store| {
            let conn = &store.conn;
            let settings = office_settings_in(conn)?;
            let tz = settings.timezone();
            let mut due = Vec::new();
            let mut nothing_due = Vec::new();
            for item in open_items(conn, "1", OPEN_WORK_LIMIT, now, tz)? {
                let follow_up = matches!(
                    item.progress,
                    crate::store::complaint::Progress::Complaint {
                        step: crate::domain::complaint::Step::Replied,
                        ..
                    }
                );
                if follow_up {
                    continue;
                }
                let has_due = item.due_at.is_some();
                let it = work_item(item);
                match has_due {
                    true => due.push(it),
                    false => nothing_due.push(it),
                }
            }
            let mut items = due;
            for f in store.follow_ups_due(now)? {
                if let OpenRef::Complaint(id) = f.item {
                    items.push(HandoverItem::FollowUpDue {
                        id,
                        summary: f.summary,
                    });
                }
            }
            let today = business_day(now, tz);
            let policy = settings.policy();
            // The conflicts handed on, then the customers the writes watch (issue 18): each
            // checked again now, as time and rulings settle them.
            let mut sources = carried_conflicts(conn)?;
            sources.extend(register::watched(
                conn,
                register::conflict_since(now, tz),
                now,
                policy,
            )?);
            let asked = ConflictsAsked {
                version: conn.query_row("PRAGMA data_version", [], |r| r.get(0))?,
                changes: conn.total_changes(),
                day: today,
                sources,
            };
            let seen = store
                .conflicts_seen
                .borrow()
                .as_ref()
                .filter(|seen| seen.asked == asked)
                .map(|seen| seen.conflicts.clone());
            let conflicts = match seen {
                Some(conflicts) => conflicts,
                None => {
                    let conflicts = register::open_conflicts_among(
                        conn,
                        asked.sources.clone(),
                        now,
                        tz,
                        policy,
                    )?;
                    *store.conflicts_seen.borrow_mut() = Some(ConflictsSeen {
                        asked,
                        conflicts: conflicts.clone(),
                    });
                    conflicts
                }
            };
            for c in conflicts {
                items.push(HandoverItem::OwnershipConflict {
                    customer: c.customer,
                    salespeople: c.salespeople,
                    registrations: c
                        .registrations
                        .into_iter()
                        .map(|(r, id)| match r {
                            Register::Visit => (RegisterRef::Visit, id),
                            Register::Call => (RegisterRef::Call, id),
                        })
                        .collect(),
                });
            }
            let rotation = store.rotation_day(today)?.day;
            for r in rotation.receptions() {
                items.push(HandoverItem::Reception {
                    reception: r.seq,
                    salesperson: r.salesperson,
                    since: r.started,
                });
            }
            let mut owed: Vec<(StaffId, u32)> = Vec::new();
            for m in rotation.make_ups() {
                match owed.iter_mut().find(|(s, _)| *s == m.salesperson) {
                    Some((_, n)) => *n += 1,
                    None => owed.push((m.salesperson, 1)),
                }
            }
            items.extend(
                owed.into_iter()
                    .map(|(salesperson, count)| HandoverItem::MakeUpOwed { salesperson, count }),
            );
            for v in store.inside_now(now)? {
                items.push(HandoverItem::VisitorInside {
                    visit: v.visit.0,
                    visitor: v.name,
                    room: v.host_room.to_string(),
                    since: v.arrived,
                });
            }
            // Every parcel waiting, the longest waiting first: the shelf is handed on too.
            let parcels = crate::store::lobby::waiting_parcels(conn, 0, OPEN_WORK_LIMIT)?;
            for p in parcels.parcels {
                items.push(HandoverItem::ParcelWaiting {
                    parcel: p.id.0,
                    carrier: p.carrier,
                    room: p.room.to_string(),
                    shelf: p.shelf,
                    since: p.taken_in,
                });
            }
            items.extend(nothing_due);
            Ok(items)
        })
    }

    /// Forgets the ownership conflicts last found, so the next [`Store::handover_items`]
    /// checks them again: for the benchmark, which times a first ask beside a refresh.
    #[doc(hidden)]
    pub fn forget_conflicts_seen(&self) {
        self.conflicts_seen.take();
    }

    /// HND-8: the complaints and work orders recorded before today's start (office time)
    /// and still open, due first, as a list to go through at the first shift of the day.
    pub fn yesterdays_open(&self, now: DateTime<Utc>, tz: Tz) -> StoreResult<Vec<OpenItem>> {
        let start = timestamp(local_hour(business_day(now, tz), 0, tz));
        self.read(|store| {
            // `start` is our own timestamp text: safe to put in the condition.
            let filter = format!("coalesce(c.recorded_at, r.reported_at) < '{start}'");
            open_items(&store.conn, &filter, OPEN_WORK_LIMIT, now, tz)
        })
    }

    /// The sign-ins recorded since `start`: none or one (the one just made) means this is
    /// the first of the office day (HND-8). Walks back from the newest audit row, so it
    /// reads one day's rows, not the whole audit.
    pub fn sign_ins_since(&self, start: DateTime<Utc>) -> StoreResult<u32> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM audit
                 WHERE id > coalesce((SELECT id FROM audit WHERE at < ?1
                                      ORDER BY id DESC LIMIT 1), 0)
                   AND action = 'sign_in'",
            )?
            .query_row([timestamp(start)], |r| r.get(0))?)
    }
}

/// What the ownership conflicts found depend on. A check's verdict counts whole office days
/// (its windows), so within a day it changes only with the file: another desk's commit moves
/// `data_version`, this connection's own writes `total_changes`. The minute's refresh of an
/// unchanged file reuses the conflicts instead of checking each customer again.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ConflictsAsked {
    version: i64,
    changes: u64,
    day: NaiveDate,
    sources: Vec<(Register, i64)>,
}

/// The conflicts last found, with what they were found for.
#[derive(Debug)]
pub(in crate::store) struct ConflictsSeen {
    asked: ConflictsAsked,
    conflicts: Vec<crate::store::register::OpenConflict>,
}

/// The registrations of the ownership conflicts the newest handover listed: checked again
/// for the next, so a conflict is handed on until ruled, not only while recent.
pub(super) fn carried_conflicts(conn: &Connection) -> StoreResult<Vec<(Register, i64)>> {
    let items: Option<String> = conn
        .prepare_cached("SELECT items FROM handovers ORDER BY id DESC LIMIT 1")?
        .query_row([], |r| r.get(0))
        .optional()?;
    let Some(items) = items else {
        return Ok(Vec::new());
    };
    let items: Vec<HandoverItem> = json(&items, "open items")?;
    Ok(items
        .into_iter()
        .flat_map(|item| match item {
            HandoverItem::OwnershipConflict { registrations, .. } => registrations,
            _ => Vec::new(),
        })
        .map(|(r, id)| match r {
            RegisterRef::Visit => (Register::Visit, id),
            RegisterRef::Call => (Register::Call, id),
        })
        .collect())
}

/// An open complaint or work order as a handover item.
fn work_item(item: OpenItem) -> HandoverItem {
    let late = item.countdown.is_some_and(|c| c.is_overdue());
    match item.item {
        OpenRef::Complaint(id) => HandoverItem::Complaint {
            id: ComplaintId(id.0),
            summary: item.summary,
            unit: item.unit,
            due: item.due,
            overdue: late,
        },
        OpenRef::Repair(id) => HandoverItem::Repair {
            id: RepairId(id.0),
            summary: item.summary,
            unit: item.unit,
            due_at: item.due_at,
            late,
        },
    }
}
