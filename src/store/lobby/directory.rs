//! The building's directory (issue 9 §1): units and occupants, imported or edited by a
//! supervisor (audited, edited in place: not evidence), and the picker of whom a visitor visits.

use super::*;

fn initials_of(name: &str) -> String {
    initials(name).into_iter().collect::<Vec<_>>().join(" ")
}

fn phones_text(phones: &[Phone]) -> String {
    phones
        .iter()
        .map(Phone::as_str)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The unit's row, added when new; `true` when it was added.
fn unit_id(tx: &Transaction<'_>, address: &UnitAddress) -> StoreResult<(i64, bool)> {
    let found: Option<i64> = tx
        .prepare_cached(
            "SELECT id FROM lobby_units WHERE building = ?1 AND unit = ?2 AND room = ?3",
        )?
        .query_row(
            params![address.building(), address.unit(), address.room()],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = found {
        return Ok((id, false));
    }
    tx.prepare_cached("INSERT INTO lobby_units (building, unit, room) VALUES (?1, ?2, ?3)")?
        .execute(params![address.building(), address.unit(), address.room()])?;
    Ok((tx.last_insert_rowid(), true))
}

fn insert_occupant(
    tx: &Transaction<'_>,
    unit: i64,
    occupant: &Occupant,
    now: DateTime<Utc>,
) -> StoreResult<OccupantId> {
    tx.prepare_cached(
        "INSERT INTO lobby_occupants (unit_id, name, initials, kind, phones, active, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6)",
    )?
    .execute(params![
        unit,
        occupant.name,
        initials_of(&occupant.name),
        occupant.kind.key(),
        phones_text(&occupant.phones),
        timestamp(now)
    ])?;
    Ok(OccupantId(tx.last_insert_rowid()))
}

fn kind_of(text: &str) -> rusqlite::Result<OccupantKind> {
    OccupantKind::from_key(text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("{text:?} is not an occupant kind").into(),
        )
    })
}

pub(super) fn address_at(r: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<UnitAddress> {
    Ok(UnitAddress::from_stored(
        r.get(first)?,
        r.get(first + 1)?,
        r.get(first + 2)?,
    ))
}

/// `LIKE` text matching `text` literally.
fn like_escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

pub(super) fn occupant_record(
    conn: &Connection,
    id: OccupantId,
) -> StoreResult<Option<OccupantRecord>> {
    Ok(conn
        .prepare_cached(
            "SELECT o.id, u.building, u.unit, u.room, o.name, o.kind, o.phones, o.active
             FROM lobby_occupants o JOIN lobby_units u ON u.id = o.unit_id WHERE o.id = ?1",
        )?
        .query_row([id.0], |r| {
            let phones: String = r.get(6)?;
            Ok(OccupantRecord {
                id: OccupantId(r.get(0)?),
                occupant: Occupant {
                    address: address_at(r, 1)?,
                    name: r.get(4)?,
                    kind: kind_of(&r.get::<_, String>(5)?)?,
                    phones: phones
                        .lines()
                        .filter_map(|p| Phone::from_stored(p).ok())
                        .collect(),
                },
                active: r.get(7)?,
            })
        })
        .optional()?)
}

impl Store {
    /// Imports the property office's units and occupants (issue 9 §1) in one transaction,
    /// approved by a supervisor: each unit is added when new; an occupant is added, or,
    /// when the unit already has an occupant of that name, has its phones and kind replaced
    /// (so importing the same sheet twice changes nothing). One `import_units` audit row
    /// names the file and the counts. Anything refused writes nothing.
    pub fn import_units(
        &mut self,
        approval: Approval,
        rows: &[ImportedUnit],
        file: &str,
        skipped: usize,
        now: DateTime<Utc>,
    ) -> StoreResult<UnitsImported> {
        self.write(|tx| {
            let supervisor = still_supervisor(tx, approval)?;
            let mut done = UnitsImported::default();
            for row in rows {
                let address = match row {
                    ImportedUnit::Vacant(a) => a,
                    ImportedUnit::Occupied(o) => &o.address,
                };
                let (unit, added) = unit_id(tx, address)?;
                done.units_added += usize::from(added);
                let ImportedUnit::Occupied(occupant) = row else {
                    continue;
                };
                let same: Option<i64> = tx
                    .prepare_cached(
                        "SELECT id FROM lobby_occupants WHERE unit_id = ?1 AND name = ?2
                         ORDER BY active DESC, id LIMIT 1",
                    )?
                    .query_row(params![unit, occupant.name], |r| r.get(0))
                    .optional()?;
                match same {
                    Some(id) => {
                        tx.prepare_cached(
                            "UPDATE lobby_occupants SET kind = ?2, phones = ?3, active = 1,
                                 updated_at = ?4 WHERE id = ?1",
                        )?
                        .execute(params![
                            id,
                            occupant.kind.key(),
                            phones_text(&occupant.phones),
                            timestamp(now)
                        ])?;
                        done.occupants_updated += 1;
                    }
                    None => {
                        insert_occupant(tx, unit, occupant, now)?;
                        done.occupants_added += 1;
                    }
                }
            }
            audit(
                tx,
                now,
                Some(supervisor),
                Some(supervisor),
                "import_units",
                &format!(
                    "{} rows from {file}, {skipped} rows skipped: {} units added, {} occupants \
                     added, {} updated",
                    rows.len(),
                    done.units_added,
                    done.occupants_added,
                    done.occupants_updated
                ),
            )?;
            Ok(done)
        })
    }

    /// Adds an occupant to the directory (its unit too, when new). Supervisor only; audited.
    pub fn add_occupant(
        &mut self,
        operator: StaffId,
        approval: Approval,
        occupant: &Occupant,
        now: DateTime<Utc>,
    ) -> StoreResult<OccupantId> {
        self.write(|tx| {
            let supervisor = still_supervisor(tx, approval)?;
            let (unit, _) = unit_id(tx, &occupant.address)?;
            let id = insert_occupant(tx, unit, occupant, now)?;
            audit(
                tx,
                now,
                Some(operator),
                Some(supervisor),
                "add_occupant",
                &format!(
                    "occupant {id}: {} ({}) in {}, {} phones",
                    occupant.name,
                    occupant.kind.key(),
                    occupant.address,
                    occupant.phones.len()
                ),
            )?;
            Ok(id)
        })
    }

    /// Changes a directory entry: its unit, name, phones, kind, and whether it still
    /// occupies the unit (`active = false`: moved out, kept for the log that names it).
    /// Supervisor only; the audit row says what changed, old → new (the directory is not
    /// evidence, so it is edited in place, and the audit is its history).
    pub fn update_occupant(
        &mut self,
        operator: StaffId,
        approval: Approval,
        id: OccupantId,
        occupant: &Occupant,
        active: bool,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.lobby_write(|tx| {
            let supervisor = still_supervisor(tx, approval)?;
            let old = occupant_record(tx, id)?.ok_or(LobbyRefusal::NoSuchOccupant(id))?;
            let (unit, _) = unit_id(tx, &occupant.address)?;
            tx.prepare_cached(
                "UPDATE lobby_occupants SET unit_id = ?2, name = ?3, initials = ?4, kind = ?5,
                     phones = ?6, active = ?7, updated_at = ?8 WHERE id = ?1",
            )?
            .execute(params![
                id.0,
                unit,
                occupant.name,
                initials_of(&occupant.name),
                occupant.kind.key(),
                phones_text(&occupant.phones),
                active,
                timestamp(now)
            ])?;
            let mut parts = Vec::new();
            let o = &old.occupant;
            if o.address != occupant.address {
                parts.push(format!("unit: {} → {}", o.address, occupant.address));
            }
            if o.name != occupant.name {
                parts.push(format!("name: {} → {}", o.name, occupant.name));
            }
            if o.kind != occupant.kind {
                parts.push(format!("kind: {} → {}", o.kind.key(), occupant.kind.key()));
            }
            if o.phones != occupant.phones {
                let shown = |p: &[Phone]| p.iter().map(Phone::masked).collect::<Vec<_>>();
                parts.push(format!(
                    "phones: {:?} → {:?}",
                    shown(&o.phones),
                    shown(&occupant.phones)
                ));
            }
            if old.active != active {
                parts.push(format!("active: {} → {active}", old.active));
            }
            let detail = match parts.is_empty() {
                true => "unchanged".to_owned(),
                false => parts.join("; "),
            };
            audit(
                tx,
                now,
                Some(operator),
                Some(supervisor),
                "update_occupant",
                &format!("occupant {id}: {detail}"),
            )?;
            Ok(())
        })
    }

    /// A directory entry with its phones: for a supervisor or a complaint record, never the
    /// visitor flow (REG-11).
    pub fn occupant(&self, id: OccupantId) -> StoreResult<Option<OccupantRecord>> {
        occupant_record(&self.conn, id)
    }

    /// How many occupants the directory holds (moved-out ones included) and units.
    pub fn directory_size(&self) -> StoreResult<(usize, usize)> {
        Ok(self.conn.query_row(
            "SELECT (SELECT count(*) FROM lobby_occupants), (SELECT count(*) FROM lobby_units)",
            [],
            |r| Ok((r.get::<_, i64>(0)? as usize, r.get::<_, i64>(1)? as usize)),
        )?)
    }

    /// The picker for "whom do they visit" (issue 9 §2): present occupants whose name holds
    /// `query`, whose pinyin initials start with it (`wf` for 王芳), or whose room (or
    /// building and room) does; an exact room first, then by building, unit and room. At
    /// most `limit`. No phones (REG-11); an empty query lists the directory from the start.
    pub fn occupants_matching(&self, query: &str, limit: usize) -> StoreResult<Vec<Host>> {
        let folded: String = crate::domain::text::identifier(&crate::domain::text::sanitize(query))
            .split_whitespace()
            .collect();
        let letters = (!folded.is_empty() && folded.chars().all(|c| c.is_ascii_alphabetic()))
            .then(|| format!("% {}%", folded.to_ascii_lowercase()));
        let like = like_escaped(&folded);
        Ok(self
            .conn
            .prepare_cached(
                "SELECT o.id, u.building, u.unit, u.room, o.name, o.kind
                 FROM lobby_occupants o JOIN lobby_units u ON u.id = o.unit_id
                 WHERE o.active = 1 AND (?1 = ''
                     OR o.name LIKE '%' || ?1 || '%' ESCAPE '\\'
                     OR (' ' || o.initials) LIKE ?2
                     OR u.room LIKE ?1 || '%' ESCAPE '\\'
                     OR (u.building || u.unit || u.room) LIKE '%' || ?1 || '%' ESCAPE '\\'
                     OR (u.building || u.room) LIKE '%' || ?1 || '%' ESCAPE '\\')
                 ORDER BY u.room = ?3 DESC, u.building, u.unit, u.room, o.name, o.id
                 LIMIT ?4",
            )?
            .query_map(params![like, letters, folded, limit as i64], |r| {
                Ok(Host {
                    id: OccupantId(r.get(0)?),
                    address: address_at(r, 1)?,
                    name: r.get(4)?,
                    kind: kind_of(&r.get::<_, String>(5)?)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }
}
