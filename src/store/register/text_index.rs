//! The registers' search keys: the trigram rows of `register_text`, the grams and fragment
//! keys of `register_grams`, what they are derived from, and the migrations' backfills.

use super::*;

#[doc(hidden)]
pub const INSERT_FTS: &str =
    "INSERT INTO register_text (rowid, name, phone, plate) VALUES (?1, ?2, ?3, ?4)";

/// How many low bits of a `register_text` rowid hold the reference (`id * 4 + kind`, so ids
/// up to 2^28); the bits above hold the record's time in unix seconds (migration 006).
#[doc(hidden)]
pub const REF_BITS: u32 = 30;

pub(super) const REF_MASK: i64 = (1 << REF_BITS) - 1;

/// Times are clamped to ±2^32 seconds (years 1833–2106) so the rowid fits in 63 bits.
pub(super) const TIME_LIMIT: i64 = 1 << 32;

/// The `register_text` rowid of a reference whose record was registered at `at_secs`: rowid
/// order is time order, then reference order within a second.
#[doc(hidden)]
pub fn text_rowid(at_secs: i64, reference: i64) -> i64 {
    (at_secs.clamp(-TIME_LIMIT, TIME_LIMIT - 1) << REF_BITS) | (reference & REF_MASK)
}

#[doc(hidden)]
pub const INSERT_GRAM: &str =
    "INSERT OR IGNORE INTO register_grams (gram, at, ref) VALUES (?1, ?2, ?3)";

/// The normalized identity columns stored beside a record's content.
#[doc(hidden)]
#[derive(Debug, Clone, Default)]
pub struct Derived {
    pub surname: Option<String>,
    pub full_name: Option<String>,
    pub initials: Option<String>,
    pub phone_last4: Option<String>,
    /// The search keys: the name's Han characters and pairs, `#` + initials prefixes, and
    /// the short fragments ([`fragment_keys`]) of the name, the plate and the phone's end.
    pub grams: BTreeSet<String>,
}

/// What marks a fragment key in `register_grams` (migration 013).
pub(super) const FRAGMENT: char = '=';

/// A character the search drops from what the clerk types, so no query holds it.
pub(super) fn dropped(c: char) -> bool {
    c.is_whitespace() || c.is_control() || matches!(c, '-' | '·' | '•')
}

/// The keys under which 1–2 characters that are neither all Han nor all lower-case letters
/// find a record (migration 013): `=` + every run of one or two characters of its name and
/// plate, ASCII letters upper-cased (the `LIKE` these keys replace ignored their case), and
/// `=` + the last one and last two digits of its phone's number — only its end, as the
/// list's mask shows it (SEC-1). Runs of Han characters alone are left out: those queries
/// read the Han keys. So a 1–2 character query is one key, read newest first from the
/// index, stopping at its page, however rare it is (a plate's province and letter, `豫J`).
#[doc(hidden)]
pub fn fragment_keys(
    name: Option<&str>,
    plate: Option<&str>,
    phone_last4: Option<&str>,
) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for text in [name, plate].into_iter().flatten() {
        let chars: Vec<char> = text.chars().map(|c| c.to_ascii_uppercase()).collect();
        for width in 1..=2 {
            for run in chars.windows(width) {
                if run.iter().any(|&c| dropped(c))
                    || run
                        .iter()
                        .all(|&c| crate::domain::register::name::is_han(c))
                {
                    continue;
                }
                keys.insert(
                    std::iter::once(FRAGMENT)
                        .chain(run.iter().copied())
                        .collect(),
                );
            }
        }
    }
    if let Some(last4) = phone_last4 {
        for width in 1..=2.min(last4.len()) {
            keys.insert(format!("{FRAGMENT}{}", &last4[last4.len() - width..]));
        }
    }
    keys
}

#[doc(hidden)]
pub fn derive(
    name: Option<&CustomerName>,
    phone: Option<&Phone>,
    plate: Option<&Plate>,
) -> Derived {
    let mut d = Derived {
        phone_last4: phone.map(|p| p.last4().to_owned()),
        grams: fragment_keys(
            name.map(CustomerName::as_str),
            plate.map(Plate::as_str),
            phone.map(Phone::last4),
        ),
        ..Derived::default()
    };
    if let Some(name) = name {
        d.surname = Some(name.surname().to_owned());
        d.full_name = name.full().map(str::to_owned);
        let readings = initials(name.as_str());
        d.initials =
            (!readings.is_empty()).then(|| readings.iter().cloned().collect::<Vec<_>>().join(" "));
        for reading in &readings {
            for end in 1..=reading.len() {
                d.grams.insert(format!("#{}", &reading[..end]));
            }
        }
        let han: Vec<char> = name
            .as_str()
            .chars()
            .filter(|&c| crate::domain::register::name::is_han(c))
            .collect();
        for (i, c) in han.iter().enumerate() {
            d.grams.insert(c.to_string());
            if let Some(next) = han.get(i + 1) {
                d.grams.insert(format!("{c}{next}"));
            }
        }
    }
    d
}

/// A trigram row of `register_text`: its rowid (time and reference), name, phone, plate.
pub(super) type TextRow = (i64, Option<String>, Option<String>, Option<String>);

/// When a record's trigram row is written. A bulk write holds them back and adds them all
/// at the end ([`write_text_rows`]): FTS5 flushes its pending rows whenever another writing
/// statement opens a savepoint, so written between the other inserts every row would become
/// an index segment of its own, to be merged again.
pub(super) enum TextRows<'a> {
    Now,
    Later(&'a mut Vec<TextRow>),
}

/// Writes trigram rows held back by a bulk write.
pub(super) fn write_text_rows(conn: &Connection, rows: &[TextRow]) -> Result<()> {
    let mut insert = conn.prepare_cached(INSERT_FTS)?;
    for (rowid, name, phone, plate) in rows {
        insert.execute(params![rowid, name, phone, plate])?;
    }
    Ok(())
}

/// Writes a record's search keys: its trigram row under `text_ref` (the record's reference,
/// or a correction's), its grams under the record's own reference, both at `at`, the
/// record's time as registered.
#[allow(clippy::too_many_arguments)]
pub(super) fn index(
    conn: &Connection,
    text_ref: i64,
    record: i64,
    at: DateTime<Utc>,
    name: Option<&CustomerName>,
    phone: Option<&Phone>,
    plate: Option<&Plate>,
    derived: &Derived,
    text: TextRows,
) -> Result<()> {
    if text_ref > REF_MASK {
        return Err(StoreError::Other(format!(
            "the registers' search index holds ids below {}",
            1_i64 << (REF_BITS - 2)
        )));
    }
    let row: TextRow = (
        text_rowid(at.timestamp(), text_ref),
        name.map(|n| n.as_str().to_owned()),
        phone.map(|p| p.as_str().to_owned()),
        plate.map(|p| p.as_str().to_owned()),
    );
    match text {
        TextRows::Now => write_text_rows(conn, &[row])?,
        TextRows::Later(held) => held.push(row),
    }
    let mut gram = conn.prepare_cached(INSERT_GRAM)?;
    for g in &derived.grams {
        gram.execute(params![g, at.timestamp(), record])?;
    }
    Ok(())
}

/// Migration 006: fills `register_text` from the registers and their corrections with the
/// rows [`index`] writes for a new registration and for a correction that changes the name,
/// phone or plate (the record's whole identity as that correction left it). A time that
/// cannot be read sorts as 1970 rather than stopping the upgrade.
pub(in crate::store) fn backfill_text(conn: &Connection) -> Result<()> {
    fn secs(at: &str) -> i64 {
        parse_timestamp(at).map_or(0, |t| t.timestamp())
    }
    let mut insert = conn.prepare(INSERT_FTS)?;
    for (table, kind, plate) in [("visits", 0, "plate"), ("calls", 1, "NULL")] {
        let mut stmt = conn.prepare(&format!(
            "SELECT id, at, name, phone, {plate} FROM {table} ORDER BY id"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let at: String = r.get(1)?;
            insert.execute(params![
                text_rowid(secs(&at), (id << 2) | kind),
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?
            ])?;
        }
    }
    corrected_identities(conn, |correction, _, at, [name, phone, plate]| {
        insert.execute(params![
            text_rowid(at.as_deref().map_or(0, secs), (correction << 2) | 2),
            name,
            phone,
            plate
        ])?;
        Ok(())
    })
}

/// Each correction that changed a record's name, phone or plate, in order: its id, the
/// record it corrects, the record's time as registered, and the record's name, phone and
/// plate as that correction left them (what [`index`] was given when it was written).
pub(super) fn corrected_identities(
    conn: &Connection,
    mut each: impl FnMut(i64, (Register, i64), Option<String>, [Option<String>; 3]) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare(
        "SELECT k.id, k.register, k.target_id, k.changes,
             coalesce(v.at, c.at), coalesce(v.name, c.name), coalesce(v.phone, c.phone), v.plate
         FROM register_corrections k
         LEFT JOIN visits v ON k.register = 'visit' AND v.id = k.target_id
         LEFT JOIN calls c ON k.register = 'call' AND c.id = k.target_id
         ORDER BY k.register, k.target_id, k.id",
    )?;
    let mut rows = stmt.query([])?;
    // The record being followed, and its name, phone and plate as corrected so far.
    let mut record: Option<(String, i64)> = None;
    let mut identity: [Json; 3] = Default::default();
    while let Some(r) = rows.next()? {
        let key = (r.get::<_, String>(1)?, r.get::<_, i64>(2)?);
        if record.as_ref() != Some(&key) {
            identity = [
                json_of(r.get_ref(5)?),
                json_of(r.get_ref(6)?),
                json_of(r.get_ref(7)?),
            ];
            record = Some(key.clone());
        }
        let changes: serde_json::Map<String, Json> =
            serde_json::from_str(&r.get::<_, String>(3)?).unwrap_or_default();
        let mut changed = false;
        for (i, field) in ["name", "phone", "plate"].into_iter().enumerate() {
            if let Some(value) = changes.get(field) {
                identity[i] = value.clone();
                changed = true;
            }
        }
        if changed {
            let register = if key.0 == "call" {
                Register::Call
            } else {
                Register::Visit
            };
            each(
                r.get(0)?,
                (register, key.1),
                r.get(4)?,
                identity.clone().map(|v| json_text(&v)),
            )?;
        }
    }
    Ok(())
}

/// Migration 013: adds the fragment keys ([`fragment_keys`]) of every record and of every
/// correction that changed a name, phone or plate, as [`index`] writes them now; the Han and
/// initials keys were written with the records. A time that cannot be read sorts as 1970.
pub(in crate::store) fn backfill_fragments(conn: &Connection) -> Result<()> {
    fn secs(at: Option<&str>) -> i64 {
        at.and_then(|at| parse_timestamp(at).ok())
            .map_or(0, |t| t.timestamp())
    }
    let mut insert = conn.prepare(INSERT_GRAM)?;
    for (table, register, plate) in [
        ("visits", Register::Visit, "plate"),
        ("calls", Register::Call, "NULL"),
    ] {
        let mut stmt = conn.prepare(&format!(
            "SELECT id, at, name, {plate}, phone_last4 FROM {table} ORDER BY id"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let record = reference(register, r.get(0)?);
            let at = secs(r.get::<_, Option<String>>(1)?.as_deref());
            let [name, plate, last4]: [Option<String>; 3] = [r.get(2)?, r.get(3)?, r.get(4)?];
            for key in fragment_keys(name.as_deref(), plate.as_deref(), last4.as_deref()) {
                insert.execute(params![key, at, record])?;
            }
        }
    }
    corrected_identities(conn, |_, (register, id), at, [name, phone, plate]| {
        let at = secs(at.as_deref());
        let last4 = phone.as_deref().map(last4_of);
        for key in fragment_keys(name.as_deref(), plate.as_deref(), last4) {
            insert.execute(params![key, at, reference(register, id)])?;
        }
        Ok(())
    })
}
