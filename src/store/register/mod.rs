//! The visitor and phone registers in the database (REG-1, REG-2, REG-4; issue 8 §1, §4):
//! registering, correcting (a new row, never an edit), the earlier registrations the
//! ownership check needs (REG-3 and its near misses), the search as you type and a customer's
//! whole record. Every write is one transaction with its hash-chain links and audit row.
//!
//! # Search paths (the query decides which)
//! - **3+ characters** (names, any run of phone digits, plate fragments): the contentless FTS5
//!   trigram table `register_text`, the input quoted as one FTS5 string. Its rowids are the
//!   record's time (seconds) above the record's reference ([`text_rowid`], migration 006), so
//!   the hits come newest first from the index and a page stops at its last row, however
//!   many rows a last four digits or a plate fragment hits; the filters are checked on each
//!   hit's row as it comes.
//! - **a whole mobile number**: the phone indexes (visits, calls, corrections), which a
//!   number's nine digit trigrams would answer far more slowly.
//! - **1–2 Chinese characters**: `register_grams`, where every Han character and adjacent pair
//!   of a name is a key with the record's time, so a page comes newest first from the index.
//! - **pinyin initials** (lower-case ASCII letters only, `wf`): the same table, keys `#` + every
//!   prefix of every initials reading, so `w`, `wf` and `wfa` are each one index range.
//! - **1–2 other characters** (a plate's province and letter `豫J`, digits, upper-case
//!   letters, a Latin name's letters): the same table, keys `=` + every run of one or two
//!   characters of the name and plate, letters upper-cased, and `=` + the last one and two
//!   digits of the phone's number ([`fragment_keys`], migration 013). They were a `LIKE`
//!   scan of the registers newest first, which read every visit and call for a rare `豫J`
//!   (issue 15).
//! - **the empty box**: each register's time index newest first, stopping at the page.
//! - **1–4 digits** match a phone only at the end of its number, the part a list's mask
//!   (`138****5678`) shows, so a search reveals no hidden digit (SEC-1; issue 15 §2); a name
//!   or plate may hold them anywhere. Three or four go through the trigram index as above,
//!   each hit kept only if the value it was indexed for ends so ([`shows_tail`]); one or two
//!   are a fragment key, which a phone has only for the end of its number. Five digits and
//!   more match anywhere, as a clerk who types that many knows the number.
//!
//! A record is found by any value it has had: a correction's new name, phone and plate are
//! indexed too (under the record they correct), and the original's stay. The row shows the
//! corrected values. Date, salesperson, class and source filters and the order apply to the
//! record as registered.
//!
//! # Near misses
//! A phone one digit different from the typed one agrees with it either in its last four
//! digits (the slip is before them) or in everything before them (the slip is in them), so
//! the lookup reads two index ranges: `phone_last4 = ?` (which also holds the same surname +
//! same last four) and `phone` between the typed head and the head followed by `:`. The rows
//! found are narrowed in Rust, from the index alone (006), before they are read;
//! `ownership::check` decides.
//!
//! # The ownership check at a million rows
//! A common full name (张伟) matches hundreds of registrations over ten years, and reading
//! each whole was most of the check's time. The equalities' indexes hold the time beside the
//! key (006), so [`Store::ownership`] sorts what it found newest first without reading it, reads
//! whole only what can decide the verdict (the policy's longest window, the newest evidence,
//! the runs of the holders that can be in the verdict, plate matches, near misses and
//! corrected records) and only counts the rest. [`Store::earlier_registrations`] still reads
//! everything, for the full list.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use chrono::{DateTime, Utc};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value as Json;

use super::{Result, Store, StoreError, audit, chain, parse_timestamp, timestamp};
use chrono_tz::Tz;

use crate::domain::policy::Policy;
use crate::domain::register::{
    CallRegistration, Class, CustomerName, Earlier, Identity, Ownership, Phone, Plate, Register,
    Source, Verdict, VisitRegistration, check, initials, settle,
};
use crate::domain::rotation::Seq;
use crate::domain::staff::StaffId;

/// A visit's row id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VisitId(pub i64);

/// A call's row id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CallId(pub i64);

/// How long a correction's reason may be.
pub const REASON_MAX_CHARS: usize = 200;

/// The stored columns a visit's content is, in the order they are written and corrected.
const VISIT_FIELDS: &[&str] = &[
    "at",
    "name",
    "phone",
    "work_unit",
    "intent",
    "source",
    "salesperson_id",
    "car_brand",
    "plate",
    "party",
    "class",
    "notes",
];
const CALL_FIELDS: &[&str] = &[
    "at",
    "name",
    "phone",
    "question",
    "salesperson_id",
    "intent",
    "source",
];

/// A record's content as stored: column → value (text, integer or null).
type Fields = BTreeMap<&'static str, Json>;

#[doc(hidden)]
pub const INSERT_VISIT: &str = "INSERT INTO visits (id, at, name, phone, work_unit, intent, \
     source, salesperson_id, car_brand, plate, party, class, notes, surname, full_name, \
     initials, phone_last4, reception_seq, operator_id, recorded_at) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)";
#[doc(hidden)]
pub const INSERT_CALL: &str = "INSERT INTO calls (id, at, name, phone, question, \
     salesperson_id, intent, source, surname, full_name, initials, phone_last4, operator_id, \
     recorded_at) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";
#[doc(hidden)]
pub const INSERT_FTS: &str =
    "INSERT INTO register_text (rowid, name, phone, plate) VALUES (?1, ?2, ?3, ?4)";

/// How many low bits of a `register_text` rowid hold the reference (`id * 4 + kind`, so ids
/// up to 2^28); the bits above hold the record's time in unix seconds (migration 006).
#[doc(hidden)]
pub const REF_BITS: u32 = 30;
const REF_MASK: i64 = (1 << REF_BITS) - 1;
/// Times are clamped to ±2^32 seconds (years 1833–2106) so the rowid fits in 63 bits.
const TIME_LIMIT: i64 = 1 << 32;

/// The `register_text` rowid of a reference whose record was registered at `at_secs`: rowid
/// order is time order, then reference order within a second.
#[doc(hidden)]
pub fn text_rowid(at_secs: i64, reference: i64) -> i64 {
    (at_secs.clamp(-TIME_LIMIT, TIME_LIMIT - 1) << REF_BITS) | (reference & REF_MASK)
}

/// 3+ characters: the trigram index's hits, newest first; `?2`/`?3` the rowid range of the
/// date filter. A caller reads only as far as its page.
#[doc(hidden)]
pub const TEXT_SQL: &str = "SELECT rowid FROM register_text
     WHERE register_text MATCH ?1 AND rowid >= ?2 AND rowid <= ?3 ORDER BY rowid DESC";

/// The record a correction's search row stands for, as a reference.
#[doc(hidden)]
pub const CORRECTED_RECORD_SQL: &str =
    "SELECT (target_id << 2) | (register = 'call') FROM register_corrections WHERE id = ?1";

/// One visit's line of a result or of the lookup, as registered, and whether it has been
/// corrected (then the store reads it whole). Same columns as [`CALL_LINE_SQL`].
#[doc(hidden)]
pub const VISIT_LINE_SQL: &str = "SELECT at, name, phone, plate, salesperson_id, class, source,
         EXISTS (SELECT 1 FROM register_corrections k
                 WHERE k.register = 'visit' AND k.target_id = ?1)
     FROM visits WHERE id = ?1";
#[doc(hidden)]
pub const CALL_LINE_SQL: &str = "SELECT at, name, phone, NULL, salesperson_id, NULL, source,
         EXISTS (SELECT 1 FROM register_corrections k
                 WHERE k.register = 'call' AND k.target_id = ?1)
     FROM calls WHERE id = ?1";
#[doc(hidden)]
pub const INSERT_GRAM: &str =
    "INSERT OR IGNORE INTO register_grams (gram, at, ref) VALUES (?1, ?2, ?3)";

/// The earlier registrations: REG-3's three equalities and the two near-miss ranges, in both
/// registers and in corrections. `?1` phone, `?2` full name, `?3` plate, `?4` last four,
/// `?5`/`?6` the head range. Columns: is a call, id, kind ([`SURE`]: equal phone or full name,
/// a match unless corrected; [`NEAR`]: to be narrowed by the phone and surname that follow;
/// [`READ`]: to be read whole — a plate, whose surname decides, or a correction), phone,
/// surname, the time as registered (sure and plate rows), and whether it has been corrected.
/// Every branch but the head range and the correction probe is answered from its index alone
/// (006 puts the time beside each key, and surname and phone beside the last four).
#[doc(hidden)]
pub const LOOKUP_SQL: &str = "
    SELECT 0, id, 0, NULL, NULL, at, EXISTS (SELECT 1 FROM register_corrections k
        WHERE k.register = 'visit' AND k.target_id = visits.id) FROM visits WHERE phone = ?1
    UNION ALL SELECT 0, id, 0, NULL, NULL, at, EXISTS (SELECT 1 FROM register_corrections k
        WHERE k.register = 'visit' AND k.target_id = visits.id) FROM visits WHERE full_name = ?2
    UNION ALL SELECT 0, id, 2, NULL, NULL, at, 1 FROM visits WHERE plate = ?3
    UNION ALL SELECT 0, id, 1, phone, surname, NULL, 0 FROM visits WHERE phone_last4 = ?4
    UNION ALL SELECT 0, id, 1, phone, surname, NULL, 0 FROM visits
        WHERE phone >= ?5 AND phone < ?6
    UNION ALL SELECT 1, id, 0, NULL, NULL, at, EXISTS (SELECT 1 FROM register_corrections k
        WHERE k.register = 'call' AND k.target_id = calls.id) FROM calls WHERE phone = ?1
    UNION ALL SELECT 1, id, 0, NULL, NULL, at, EXISTS (SELECT 1 FROM register_corrections k
        WHERE k.register = 'call' AND k.target_id = calls.id) FROM calls WHERE full_name = ?2
    UNION ALL SELECT 1, id, 1, phone, surname, NULL, 0 FROM calls WHERE phone_last4 = ?4
    UNION ALL SELECT 1, id, 1, phone, surname, NULL, 0 FROM calls
        WHERE phone >= ?5 AND phone < ?6
    UNION ALL SELECT register = 'call', target_id, 2, NULL, NULL, NULL, 1
        FROM register_corrections
        WHERE phone = ?1 OR full_name = ?2 OR plate = ?3 OR phone_last4 = ?4
           OR (phone >= ?5 AND phone < ?6)";

/// [`LOOKUP_SQL`]'s kinds of row.
#[doc(hidden)]
pub const SURE: i64 = 0;
#[doc(hidden)]
pub const NEAR: i64 = 1;
#[doc(hidden)]
pub const READ: i64 = 2;

/// Filters shared by the search paths: `?2`/`?3` the time range, `?4` salesperson, `?5`
/// class, `?6` source, `?7` limit, `?8` offset.
const FILTERS: &str = "(?4 IS NULL OR coalesce(v.salesperson_id, c.salesperson_id) = ?4)
      AND (?5 IS NULL OR v.class = ?5)
      AND (?6 IS NULL OR coalesce(v.source, c.source) = ?6)";

/// 1–2 characters and pinyin initials: one gram's rows, newest first, from the index,
/// each with its line (the columns of [`VISIT_LINE_SQL`] after the reference). Times here
/// are unix seconds; `?4`–`?6` the filters. No `LIMIT ?`: SQLite re-prepares a statement
/// whose bound LIMIT it planned with at every new binding, which cost a fifth of a search;
/// the caller stops reading at the end of its page instead (the index gives the order).
#[doc(hidden)]
pub fn grams_sql() -> String {
    format!(
        "SELECT g.ref, coalesce(v.at, c.at), coalesce(v.name, c.name),
             coalesce(v.phone, c.phone), v.plate, coalesce(v.salesperson_id, c.salesperson_id),
             v.class, coalesce(v.source, c.source),
             EXISTS (SELECT 1 FROM register_corrections k
                     WHERE k.register = iif(g.ref & 1, 'call', 'visit')
                       AND k.target_id = (g.ref >> 2))
         FROM register_grams g
         LEFT JOIN visits v ON (g.ref & 3) = 0 AND v.id = (g.ref >> 2)
         LEFT JOIN calls c ON (g.ref & 3) = 1 AND c.id = (g.ref >> 2)
         WHERE g.gram = ?1 AND g.at >= ?2 AND g.at <= ?3 AND {FILTERS}
         ORDER BY g.at DESC, g.ref DESC"
    )
}

/// A whole phone number: the phone indexes, not the trigrams (every digit trigram is in
/// about one row in a hundred, so a long number reads long posting lists).
#[doc(hidden)]
pub fn phone_sql() -> String {
    hits_sql(
        "SELECT id << 2 FROM visits WHERE phone = ?1
         UNION ALL SELECT (id << 2) | 1 FROM calls WHERE phone = ?1
         UNION ALL SELECT (target_id << 2) | (register = 'call') FROM register_corrections
             WHERE phone = ?1",
    )
}

/// The page of the records `hits` names (references), filtered, newest first.
fn hits_sql(hits: &str) -> String {
    format!(
        "WITH hit(ref) AS ({hits})
         SELECT DISTINCT h.ref, coalesce(v.at, c.at) AS t FROM hit h
         LEFT JOIN visits v ON (h.ref & 3) = 0 AND v.id = (h.ref >> 2)
         LEFT JOIN calls c ON (h.ref & 3) = 1 AND c.id = (h.ref >> 2)
         WHERE t >= ?2 AND t <= ?3 AND {FILTERS}
         ORDER BY t DESC, h.ref DESC LIMIT ?7 OFFSET ?8"
    )
}

/// The empty box (`?1` is `%`, `?9` `NULL`): each register newest first from its time index,
/// stopping at the page. `?9`, when not `NULL`, is a pattern the phone's last four must match
/// (`%78`), the phone then compared by its end only; 1–2 characters were answered so before
/// migration 013 gave them keys.
#[doc(hidden)]
pub fn like_sql(register: Register) -> String {
    let (table, alias, plate, class) = match register {
        Register::Visit => ("visits", "v", " OR v.plate LIKE ?1", "v.class"),
        Register::Call => ("calls", "c", "", "NULL"),
    };
    let filters = FILTERS
        .replace(
            "coalesce(v.salesperson_id, c.salesperson_id)",
            &format!("{alias}.salesperson_id"),
        )
        .replace("coalesce(v.source, c.source)", &format!("{alias}.source"))
        .replace("v.class", class);
    format!(
        "SELECT {alias}.id, {alias}.at FROM {table} {alias}
         WHERE ({alias}.name LIKE ?1{plate}
                OR (?9 IS NULL AND {alias}.phone LIKE ?1) OR {alias}.phone_last4 LIKE ?9)
           AND {alias}.at >= ?2 AND {alias}.at <= ?3 AND {filters}
         ORDER BY {alias}.at DESC, {alias}.id DESC LIMIT ?7 + ?8"
    )
}

/// What the search box narrows by.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchFilters {
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub salesperson: Option<StaffId>,
    /// Calls have no class: a class filter lists visits only.
    pub class: Option<Class>,
    pub source: Option<Source>,
}

/// One line of a search result: the record as corrected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterRow {
    pub register: Register,
    pub id: i64,
    pub at: DateTime<Utc>,
    pub name: Option<CustomerName>,
    pub phone: Option<Phone>,
    pub plate: Option<Plate>,
    pub salesperson: StaffId,
    pub class: Option<Class>,
    pub source: Option<Source>,
    /// Whether a correction changed it since it was registered.
    pub corrected: bool,
}

/// A correction as the record view lists it (REG-4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub operator: StaffId,
    pub reason: String,
    /// The stored columns it changed, with their new values (`None` cleared).
    pub changes: Vec<(String, Option<String>)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitRecord {
    pub id: VisitId,
    /// As corrected.
    pub visit: VisitRegistration,
    pub as_registered: VisitRegistration,
    pub reception: Option<Seq>,
    pub operator: StaffId,
    pub recorded_at: DateTime<Utc>,
    /// Oldest first.
    pub corrections: Vec<Correction>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallRecord {
    pub id: CallId,
    pub call: CallRegistration,
    pub as_registered: CallRegistration,
    pub operator: StaffId,
    pub recorded_at: DateTime<Utc>,
    pub corrections: Vec<Correction>,
}

/// Everything the registers hold about one customer: every visit and call that is the same
/// customer by REG-3 as the record opened, oldest first, each with its corrections.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomerRecord {
    pub visits: Vec<VisitRecord>,
    pub calls: Vec<CallRecord>,
}

fn text(value: Option<&str>) -> Json {
    value.map_or(Json::Null, |t| Json::String(t.to_owned()))
}

fn class_key(class: Class) -> &'static str {
    match class {
        Class::A => "A",
        Class::B => "B",
        Class::C => "C",
    }
}

pub(super) fn visit_fields(v: &VisitRegistration) -> Fields {
    let values = [
        text(Some(&timestamp(v.visited_at))),
        text(v.name.as_ref().map(CustomerName::as_str)),
        text(v.phone.as_ref().map(Phone::as_str)),
        text(v.work_unit.as_deref()),
        text(v.intent.as_deref()),
        text(v.source.as_ref().map(Source::key)),
        Json::from(v.salesperson.0),
        text(v.car_brand.as_deref()),
        text(v.plate.as_ref().map(Plate::as_str)),
        text(v.party.as_deref()),
        text(v.class.map(class_key)),
        text(v.notes.as_deref()),
    ];
    VISIT_FIELDS.iter().copied().zip(values).collect()
}

fn call_fields(c: &CallRegistration) -> Fields {
    let values = [
        text(Some(&timestamp(c.called_at))),
        text(c.caller.as_ref().map(CustomerName::as_str)),
        text(c.phone.as_ref().map(Phone::as_str)),
        text(c.question.as_deref()),
        Json::from(c.answered_by.0),
        text(c.intent.as_deref()),
        text(c.source.as_ref().map(Source::key)),
    ];
    CALL_FIELDS.iter().copied().zip(values).collect()
}

fn unreadable(what: &str) -> StoreError {
    StoreError::Other(format!("a stored registration cannot be read: {what}"))
}

fn get_text(f: &Fields, key: &str) -> Option<String> {
    f.get(key).and_then(Json::as_str).map(str::to_owned)
}

fn get_at(f: &Fields) -> Result<DateTime<Utc>> {
    let at = get_text(f, "at").ok_or_else(|| unreadable("time"))?;
    parse_timestamp(&at).map_err(|_| unreadable("time"))
}

fn get_staff(f: &Fields) -> Result<StaffId> {
    f.get("salesperson_id")
        .and_then(Json::as_i64)
        .map(StaffId)
        .ok_or_else(|| unreadable("salesperson"))
}

fn get_parsed<T, E>(
    f: &Fields,
    key: &str,
    parse: impl Fn(&str) -> std::result::Result<T, E>,
) -> Result<Option<T>> {
    get_text(f, key)
        .map(|t| parse(&t).map_err(|_| unreadable(key)))
        .transpose()
}

fn get_identity(f: &Fields) -> Result<Identity> {
    Ok(Identity {
        name: get_parsed(f, "name", CustomerName::from_stored)?,
        phone: get_parsed(f, "phone", Phone::from_stored)?,
        plate: get_parsed(f, "plate", Plate::from_stored)?,
    })
}

fn get_class(f: &Fields) -> Result<Option<Class>> {
    class_of(f.get("class").and_then(Json::as_str))
}

fn class_of(text: Option<&str>) -> Result<Option<Class>> {
    match text {
        None => Ok(None),
        Some("A") => Ok(Some(Class::A)),
        Some("B") => Ok(Some(Class::B)),
        Some("C") => Ok(Some(Class::C)),
        Some(_) => Err(unreadable("class")),
    }
}

fn visit_from(f: &Fields) -> Result<VisitRegistration> {
    let identity = get_identity(f)?;
    Ok(VisitRegistration {
        visited_at: get_at(f)?,
        name: identity.name,
        phone: identity.phone,
        work_unit: get_text(f, "work_unit"),
        intent: get_text(f, "intent"),
        source: get_text(f, "source").map(|s| Source::from_key(&s)),
        salesperson: get_staff(f)?,
        car_brand: get_text(f, "car_brand"),
        plate: identity.plate,
        party: get_text(f, "party"),
        class: get_class(f)?,
        notes: get_text(f, "notes"),
    })
}

fn call_from(f: &Fields) -> Result<CallRegistration> {
    let identity = get_identity(f)?;
    Ok(CallRegistration {
        called_at: get_at(f)?,
        caller: identity.name,
        phone: identity.phone,
        question: get_text(f, "question"),
        answered_by: get_staff(f)?,
        intent: get_text(f, "intent"),
        source: get_text(f, "source").map(|s| Source::from_key(&s)),
    })
}

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
const FRAGMENT: char = '=';

/// A character the search drops from what the clerk types, so no query holds it.
fn dropped(c: char) -> bool {
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

fn register_key(register: Register) -> &'static str {
    match register {
        Register::Visit => "visit",
        Register::Call => "call",
    }
}

fn reference(register: Register, id: i64) -> i64 {
    (id << 2)
        | match register {
            Register::Visit => 0,
            Register::Call => 1,
        }
}

fn from_reference(reference: i64) -> Option<(Register, i64)> {
    match reference & 3 {
        0 => Some((Register::Visit, reference >> 2)),
        1 => Some((Register::Call, reference >> 2)),
        _ => None,
    }
}

/// A trigram row of `register_text`: its rowid (time and reference), name, phone, plate.
type TextRow = (i64, Option<String>, Option<String>, Option<String>);

/// When a record's trigram row is written. A bulk write holds them back and adds them all
/// at the end ([`write_text_rows`]): FTS5 flushes its pending rows whenever another writing
/// statement opens a savepoint, so written between the other inserts every row would become
/// an index segment of its own, to be merged again.
enum TextRows<'a> {
    Now,
    Later(&'a mut Vec<TextRow>),
}

/// Writes trigram rows held back by a bulk write.
fn write_text_rows(conn: &Connection, rows: &[TextRow]) -> Result<()> {
    let mut insert = conn.prepare_cached(INSERT_FTS)?;
    for (rowid, name, phone, plate) in rows {
        insert.execute(params![rowid, name, phone, plate])?;
    }
    Ok(())
}

/// The one way to load registrations in bulk: the import and [`Store::register_in_bulk`]
/// use it inside their transaction, the benchmarks on their own connection. Each row goes
/// in exactly as [`Store::register_visit`] and [`Store::register_call`] write it, with its
/// chain link at once (through [`chain::insert_row`], as every evidence write), but with no
/// audit row (the caller writes one for the load) and with the trigram rows held back and
/// written together by [`Bulk::finish`] (see [`TextRows`]). The store's tests check that a
/// bulk write stores exactly what the one-row path stores.
#[derive(Default)]
pub struct Bulk {
    text: Vec<TextRow>,
}

impl Bulk {
    /// Writes a visit registered by `operator` at `now`, chained; its key.
    pub fn visit(
        &mut self,
        conn: &Connection,
        operator: StaffId,
        v: &VisitRegistration,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        insert_visit_with(
            conn,
            operator,
            v,
            None,
            now,
            TextRows::Later(&mut self.text),
        )
    }

    /// Writes a call registered by `operator` at `now`, chained; its key.
    pub fn call(
        &mut self,
        conn: &Connection,
        operator: StaffId,
        c: &CallRegistration,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        insert_call_with(conn, operator, c, now, TextRows::Later(&mut self.text))
    }

    /// Writes the trigram rows held back; a load is not searchable until it has.
    pub fn finish(self, conn: &Connection) -> Result<()> {
        write_text_rows(conn, &self.text)
    }
}

/// Writes a record's search keys: its trigram row under `text_ref` (the record's reference,
/// or a correction's), its grams under the record's own reference, both at `at`, the
/// record's time as registered.
#[allow(clippy::too_many_arguments)]
fn index(
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

/// Inserts a visit with its chain link and search keys, without audit: the first step of
/// [`Store::register_visit`]. A bulk load goes through [`Bulk`] instead.
pub(super) fn insert_visit(
    conn: &Connection,
    operator: StaffId,
    v: &VisitRegistration,
    reception: Option<Seq>,
    now: DateTime<Utc>,
) -> Result<i64> {
    insert_visit_with(conn, operator, v, reception, now, TextRows::Now)
}

/// [`insert_visit`], choosing when its trigram row is written.
fn insert_visit_with(
    conn: &Connection,
    operator: StaffId,
    v: &VisitRegistration,
    reception: Option<Seq>,
    now: DateTime<Utc>,
    text: TextRows,
) -> Result<i64> {
    let d = derive(v.name.as_ref(), v.phone.as_ref(), v.plate.as_ref());
    let id = chain::insert_row(
        conn,
        &chain::VISITS,
        INSERT_VISIT,
        params![
            timestamp(v.visited_at),
            v.name.as_ref().map(CustomerName::as_str),
            v.phone.as_ref().map(Phone::as_str),
            v.work_unit,
            v.intent,
            v.source.as_ref().map(Source::key),
            v.salesperson,
            v.car_brand,
            v.plate.as_ref().map(Plate::as_str),
            v.party,
            v.class.map(class_key),
            v.notes,
            d.surname,
            d.full_name,
            d.initials,
            d.phone_last4,
            reception,
            operator,
            timestamp(now),
        ],
    )?;
    let record = reference(Register::Visit, id);
    index(
        conn,
        record,
        record,
        v.visited_at,
        v.name.as_ref(),
        v.phone.as_ref(),
        v.plate.as_ref(),
        &d,
        text,
    )?;
    Ok(id)
}

/// Inserts a call with its chain link and search keys, without audit.
pub(super) fn insert_call(
    conn: &Connection,
    operator: StaffId,
    c: &CallRegistration,
    now: DateTime<Utc>,
) -> Result<i64> {
    insert_call_with(conn, operator, c, now, TextRows::Now)
}

/// [`insert_call`], choosing when its trigram row is written.
fn insert_call_with(
    conn: &Connection,
    operator: StaffId,
    c: &CallRegistration,
    now: DateTime<Utc>,
    text: TextRows,
) -> Result<i64> {
    let d = derive(c.caller.as_ref(), c.phone.as_ref(), None);
    let id = chain::insert_row(
        conn,
        &chain::CALLS,
        INSERT_CALL,
        params![
            timestamp(c.called_at),
            c.caller.as_ref().map(CustomerName::as_str),
            c.phone.as_ref().map(Phone::as_str),
            c.question,
            c.answered_by,
            c.intent,
            c.source.as_ref().map(Source::key),
            d.surname,
            d.full_name,
            d.initials,
            d.phone_last4,
            operator,
            timestamp(now),
        ],
    )?;
    let record = reference(Register::Call, id);
    index(
        conn,
        record,
        record,
        c.called_at,
        c.caller.as_ref(),
        c.phone.as_ref(),
        None,
        &d,
        text,
    )?;
    Ok(id)
}

/// Migration 006: fills `register_text` from the registers and their corrections with the
/// rows [`index`] writes for a new registration and for a correction that changes the name,
/// phone or plate (the record's whole identity as that correction left it). A time that
/// cannot be read sorts as 1970 rather than stopping the upgrade.
pub(super) fn backfill_text(conn: &Connection) -> Result<()> {
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
fn corrected_identities(
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
pub(super) fn backfill_fragments(conn: &Connection) -> Result<()> {
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

/// A record as stored: its content as registered, as corrected, and its corrections.
struct Stored {
    original: Fields,
    current: Fields,
    reception: Option<Seq>,
    operator: StaffId,
    recorded_at: DateTime<Utc>,
    corrections: Vec<Correction>,
}

fn json_of(value: ValueRef<'_>) -> Json {
    match value {
        ValueRef::Null => Json::Null,
        ValueRef::Integer(i) => Json::from(i),
        ValueRef::Real(f) => Json::from(f),
        ValueRef::Text(t) | ValueRef::Blob(t) => Json::String(String::from_utf8_lossy(t).into()),
    }
}

fn load(conn: &Connection, register: Register, id: i64) -> Result<Option<Stored>> {
    let (table, fields, reception) = match register {
        Register::Visit => ("visits", VISIT_FIELDS, "reception_seq"),
        Register::Call => ("calls", CALL_FIELDS, "NULL"),
    };
    let sql = format!(
        "SELECT {reception}, operator_id, recorded_at, {} FROM {table} WHERE id = ?1",
        fields.join(", ")
    );
    let row = conn
        .prepare_cached(&sql)?
        .query_row([id], |r| {
            let mut original = Fields::new();
            for (i, f) in fields.iter().enumerate() {
                original.insert(*f, json_of(r.get_ref(3 + i)?));
            }
            Ok((
                r.get::<_, Option<Seq>>(0)?,
                r.get::<_, StaffId>(1)?,
                parse_timestamp(&r.get::<_, String>(2)?)?,
                original,
            ))
        })
        .optional()?;
    let Some((reception, operator, recorded_at, original)) = row else {
        return Ok(None);
    };
    let mut current = original.clone();
    let mut corrections = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT id, at, operator_id, reason, changes FROM register_corrections
         WHERE register = ?1 AND target_id = ?2 ORDER BY id",
    )?;
    let mut rows = stmt.query(params![register_key(register), id])?;
    while let Some(r) = rows.next()? {
        let changes: String = r.get(4)?;
        let changes: serde_json::Map<String, Json> =
            serde_json::from_str(&changes).map_err(|_| unreadable("correction"))?;
        let mut listed = Vec::new();
        for (key, value) in changes {
            if let Some(field) = fields.iter().find(|f| **f == key) {
                listed.push((key.clone(), json_text(&value)));
                current.insert(field, value);
            }
        }
        corrections.push(Correction {
            id: r.get(0)?,
            at: parse_timestamp(&r.get::<_, String>(1)?)?,
            operator: r.get(2)?,
            reason: r.get(3)?,
            changes: listed,
        });
    }
    Ok(Some(Stored {
        original,
        current,
        reception,
        operator,
        recorded_at,
        corrections,
    }))
}

fn json_text(value: &Json) -> Option<String> {
    match value {
        Json::Null => None,
        Json::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

fn visit_record(id: i64, s: Stored) -> Result<VisitRecord> {
    Ok(VisitRecord {
        id: VisitId(id),
        visit: visit_from(&s.current)?,
        as_registered: visit_from(&s.original)?,
        reception: s.reception,
        operator: s.operator,
        recorded_at: s.recorded_at,
        corrections: s.corrections,
    })
}

fn call_record(id: i64, s: Stored) -> Result<CallRecord> {
    Ok(CallRecord {
        id: CallId(id),
        call: call_from(&s.current)?,
        as_registered: call_from(&s.original)?,
        operator: s.operator,
        recorded_at: s.recorded_at,
        corrections: s.corrections,
    })
}

fn row_of(register: Register, id: i64, s: &Stored) -> Result<RegisterRow> {
    let f = &s.current;
    let identity = get_identity(f)?;
    Ok(RegisterRow {
        register,
        id,
        at: get_at(f)?,
        name: identity.name,
        phone: identity.phone,
        plate: identity.plate,
        salesperson: get_staff(f)?,
        class: get_class(f)?,
        source: get_text(f, "source").map(|s| Source::from_key(&s)),
        corrected: !s.corrections.is_empty(),
    })
}

fn one_digit_off(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).filter(|(x, y)| x != y).count() == 1
}

/// What the search box's text asks for. `tail`: the query is 1–4 digits, which a phone
/// matches only at the end of its number (the module's search paths).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Plan {
    Grams(String),
    /// A whole phone number, canonical.
    Phone(String),
    Fts {
        fts: String,
        tail: Option<String>,
    },
    /// The empty box: the newest registrations within the filters.
    Newest,
}

/// The most digits a query may have and still match a phone only at its end: the last four,
/// which the mask shows.
const TAIL_DIGITS: usize = 4;

fn plan(query: &str) -> Plan {
    use unicode_normalization::UnicodeNormalization;
    let q: String = query.nfkc().filter(|&c| !dropped(c)).collect();
    let chars = q.chars().count();
    let tail = (chars <= TAIL_DIGITS && q.chars().all(|c| c.is_ascii_digit())).then(|| q.clone());
    if chars == 0 {
        // An empty box lists the newest registrations (with the filters): what the desk
        // registered today is what a clerk opening the tab looks for.
        Plan::Newest
    } else if q.chars().all(|c| c.is_ascii_lowercase()) {
        Plan::Grams(format!("#{q}"))
    } else if let Some(phone) = whole_phone(&q) {
        Plan::Phone(phone)
    } else if chars >= 3 {
        Plan::Fts {
            fts: format!("\"{}\"", q.replace('"', "\"\"")),
            tail,
        }
    } else if q.chars().all(crate::domain::register::name::is_han) {
        Plan::Grams(q)
    } else {
        // A plate's province and letter (豫J), one or two digits of a phone's end, a plate
        // or a Latin name: one fragment key (`fragment_keys`).
        Plan::Grams(
            std::iter::once(FRAGMENT)
                .chain(q.chars().map(|c| c.to_ascii_uppercase()))
                .collect(),
        )
    }
}

/// The last four digits of a stored phone's number (not of its extension).
fn last4_of(phone: &str) -> &str {
    let number = phone.split_once('x').map_or(phone, |(number, _)| number);
    &number[number.len().saturating_sub(4)..]
}

/// What a correction's trigram row was written for: its folded name, the last four of its
/// phone and its plate.
#[doc(hidden)]
pub const CORRECTION_TEXT_SQL: &str = "SELECT coalesce(full_name, surname), phone_last4, plate FROM register_corrections WHERE id = ?1";

/// Whether the trigram row `rowid`, a hit of the digits `tail`, shows them: at the end of its
/// phone's number, or anywhere in its name or plate. `line` is the record the row stands for
/// as registered, which is what a record's own row was written for; a correction's row was
/// written for the correction's values, read here.
fn shows_tail(conn: &Connection, rowid: i64, line: &Line, tail: &str) -> Result<bool> {
    let reference = rowid & REF_MASK;
    let (name, last4, plate): (Option<String>, Option<String>, Option<String>) =
        if reference & 3 == 2 {
            conn.prepare_cached(CORRECTION_TEXT_SQL)?
                .query_row([reference >> 2], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()?
                .unwrap_or_default()
        } else {
            (
                line.name.clone(),
                line.phone.as_deref().map(|p| last4_of(p).to_owned()),
                line.plate.clone(),
            )
        };
    let holds = |text: Option<String>| text.is_some_and(|t| t.contains(tail));
    Ok(last4.is_some_and(|l| l.ends_with(tail)) || holds(name) || holds(plate))
}

/// A query that is a whole mobile number (11 digits, as `Phone` reads it): its canonical form.
#[doc(hidden)]
pub fn whole_phone(query: &str) -> Option<String> {
    let digits = query.trim_start_matches('+');
    if digits.len() < 11 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Phone::parse(query)
        .ok()
        .filter(|p| !p.is_landline())
        .map(|p| p.as_str().to_owned())
}

impl Store {
    /// Registers a visit (REG-1), validated by `validate_visit`; `reception` links it to the
    /// rotation's reception it came from. Chained and audited in the same transaction.
    pub fn register_visit(
        &mut self,
        operator: StaffId,
        visit: &VisitRegistration,
        reception: Option<Seq>,
        now: DateTime<Utc>,
    ) -> Result<VisitId> {
        self.write(|tx| {
            let id = insert_visit(tx, operator, visit, reception, now)?;
            audit(
                tx,
                now,
                Some(operator),
                None,
                "register_visit",
                &format!("visit {id}, salesperson {}", visit.salesperson),
            )?;
            Ok(VisitId(id))
        })
    }

    /// Registers a phone inquiry (REG-2), validated by `validate_call`.
    pub fn register_call(
        &mut self,
        operator: StaffId,
        call: &CallRegistration,
        now: DateTime<Utc>,
    ) -> Result<CallId> {
        self.write(|tx| {
            let id = insert_call(tx, operator, call, now)?;
            audit(
                tx,
                now,
                Some(operator),
                None,
                "register_call",
                &format!("call {id}, answered by {}", call.answered_by),
            )?;
            Ok(CallId(id))
        })
    }

    /// Corrects a visit (REG-4): `corrected` is the whole visit as it should read; what
    /// differs from the record as it stands is written as a new correction row with the
    /// reason. The visit itself is never changed.
    pub fn correct_visit(
        &mut self,
        operator: StaffId,
        id: VisitId,
        corrected: &VisitRegistration,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let fields = visit_fields(corrected);
        self.correct(
            operator,
            Register::Visit,
            id.0,
            fields,
            corrected.identity(),
            reason,
            now,
        )
    }

    /// Corrects a call (REG-4), as [`Store::correct_visit`].
    pub fn correct_call(
        &mut self,
        operator: StaffId,
        id: CallId,
        corrected: &CallRegistration,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let fields = call_fields(corrected);
        self.correct(
            operator,
            Register::Call,
            id.0,
            fields,
            corrected.identity(),
            reason,
            now,
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn correct(
        &mut self,
        operator: StaffId,
        register: Register,
        id: i64,
        fields: Fields,
        identity: Identity,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let reason =
            crate::domain::text::required(reason, REASON_MAX_CHARS).map_err(StoreError::Reason)?;
        self.write(|tx| correct_in(tx, operator, register, id, fields, identity, &reason, now))
    }

    /// A visit as registered and as corrected, with its corrections.
    pub fn visit(&self, id: VisitId) -> Result<Option<VisitRecord>> {
        load(&self.conn, Register::Visit, id.0)?
            .map(|s| visit_record(id.0, s))
            .transpose()
    }

    /// A call as registered and as corrected, with its corrections.
    pub fn call(&self, id: CallId) -> Result<Option<CallRecord>> {
        load(&self.conn, Register::Call, id.0)?
            .map(|s| call_record(id.0, s))
            .transpose()
    }

    /// Every visit and call that may be the typed customer, corrections applied, for
    /// `ownership::check`: those matching by REG-3 (same phone, same full name, same plate —
    /// the surname is compared by the check) and the near misses (same last four digits, a
    /// phone one digit different). At most `limit`, the newest.
    pub fn earlier_registrations(&self, typed: &Identity, limit: usize) -> Result<Vec<Earlier>> {
        self.read(|store| earlier(&store.conn, typed, limit))
    }

    /// The ownership check for a typed identity (REG-3, REG-5, REG-6, REG-9; `ownership::check`
    /// over the registers), reading whole only the registrations that can decide it: those
    /// inside the policy's longest window (with two days' margin), the newest down to the
    /// newest that counts as evidence, the plate matches, near misses and corrected records,
    /// and, for the holders that can be in the verdict, their runs back to where they break.
    /// Older registrations that match for sure (same phone or full name, never corrected) are
    /// only counted: `visit_number` counts them and REG-9 is cited for them, but `matches`
    /// lists only what was read ([`Store::earlier_registrations`] lists everything). The
    /// verdict is the one `check` gives over every earlier registration; a common full name
    /// (张伟 at a million rows) costs a few rows, not every 张伟 in ten years.
    pub fn ownership(
        &self,
        typed: &Identity,
        now: DateTime<Utc>,
        tz: Tz,
        policy: &Policy,
    ) -> Result<Ownership> {
        self.read(|store| settled_ownership(&store.conn, typed, now, tz, policy, &[]))
    }

    /// One page of the registers matching `query` (see the module's search paths), newest
    /// first. `page` is (offset, limit).
    pub fn search(
        &self,
        query: &str,
        filters: &SearchFilters,
        page: (usize, usize),
    ) -> Result<Vec<RegisterRow>> {
        self.read(|store| search(&store.conn, query, filters, page))
    }

    /// The customer of one visit or call: every visit and call that is the same customer by
    /// REG-3 (as corrected), oldest first, with their corrections.
    pub fn customer(&self, register: Register, id: i64) -> Result<CustomerRecord> {
        self.read(|store| {
            let conn = &store.conn;
            let stored = load(conn, register, id)?.ok_or(StoreError::NoSuchRegistration(id))?;
            let identity = get_identity(&stored.current)?;
            let mut record = CustomerRecord::default();
            let mut same: Vec<(DateTime<Utc>, Register, i64)> =
                earlier(conn, &identity, usize::MAX)?
                    .into_iter()
                    .filter(|e| !identity.matches(&e.identity).is_empty())
                    .map(|e| (e.at, e.register, e.id))
                    .collect();
            if !same.iter().any(|(_, r, i)| (*r, *i) == (register, id)) {
                same.push((get_at(&stored.current)?, register, id));
            }
            same.sort_by_key(|(at, r, i)| (*at, *r == Register::Call, *i));
            for (_, register, id) in same {
                let s = load(conn, register, id)?.ok_or(StoreError::NoSuchRegistration(id))?;
                match register {
                    Register::Visit => record.visits.push(visit_record(id, s)?),
                    Register::Call => record.calls.push(call_record(id, s)?),
                }
            }
            Ok(record)
        })
    }
}

/// The lookup's parameters for a typed identity: phone, full name, plate, last four, and the
/// head range.
#[doc(hidden)]
#[allow(clippy::type_complexity)]
pub fn lookup_params(
    typed: &Identity,
) -> (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
) {
    let phone = typed.phone.as_ref();
    let head = phone.map(|p| {
        let n = p.number();
        n[..n.len() - 4].to_owned()
    });
    (
        phone.map(|p| p.as_str().to_owned()),
        typed
            .name
            .as_ref()
            .and_then(|n| n.full())
            .map(str::to_owned),
        typed.plate.as_ref().map(|p| p.as_str().to_owned()),
        phone.map(|p| p.last4().to_owned()),
        head.clone(),
        head.map(|h| format!("{h}:")),
    )
}

/// Names parsed so far in one read, by their stored text.
type Names = std::collections::HashMap<String, CustomerName>;

/// A record's line as [`VISIT_LINE_SQL`] reads it: its columns as registered.
struct Line {
    at: String,
    name: Option<String>,
    phone: Option<String>,
    plate: Option<String>,
    salesperson: i64,
    class: Option<String>,
    source: Option<String>,
    corrected: bool,
}

impl Line {
    /// The line in `r`'s columns from `first` on; `None` when the record is gone (a reference
    /// whose row was deleted behind the console's back joins to nothing).
    fn read(r: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<Option<Line>> {
        let Some(at) = r.get::<_, Option<String>>(first)? else {
            return Ok(None);
        };
        Ok(Some(Line {
            at,
            name: r.get(first + 1)?,
            phone: r.get(first + 2)?,
            plate: r.get(first + 3)?,
            salesperson: r.get::<_, Option<i64>>(first + 4)?.unwrap_or_default(),
            class: r.get(first + 5)?,
            source: r.get(first + 6)?,
            corrected: r.get(first + 7)?,
        }))
    }

    fn of(conn: &Connection, register: Register, id: i64) -> Result<Option<Line>> {
        let sql = match register {
            Register::Visit => VISIT_LINE_SQL,
            Register::Call => CALL_LINE_SQL,
        };
        Ok(conn
            .prepare_cached(sql)?
            .query_row([id], |r| Line::read(r, 0))
            .optional()?
            .flatten())
    }

    /// `names` keeps the names parsed so far in this read: a page or a lookup meets the same
    /// name many times (every row of a 张伟 lookup), and a name is the dearest to parse.
    fn identity(&self, names: &mut Names) -> Result<Identity> {
        fn parse<T, E>(
            text: Option<&str>,
            what: &str,
            f: impl Fn(&str) -> std::result::Result<T, E>,
        ) -> Result<Option<T>> {
            text.map(|t| f(t).map_err(|_| unreadable(what))).transpose()
        }
        Ok(Identity {
            name: match self.name.as_deref() {
                None => None,
                Some(text) => match names.get(text) {
                    Some(name) => Some(name.clone()),
                    None => {
                        let name =
                            CustomerName::from_stored(text).map_err(|_| unreadable("name"))?;
                        names.insert(text.to_owned(), name.clone());
                        Some(name)
                    }
                },
            },
            phone: parse(self.phone.as_deref(), "phone", Phone::from_stored)?,
            plate: parse(self.plate.as_deref(), "plate", Plate::from_stored)?,
        })
    }

    fn at(&self) -> Result<DateTime<Utc>> {
        parse_timestamp(&self.at).map_err(|_| unreadable("time"))
    }

    /// The result row: from the line itself, or, when the record has been corrected, from
    /// the record read whole with its corrections.
    fn row(
        self,
        conn: &Connection,
        names: &mut Names,
        register: Register,
        id: i64,
    ) -> Result<Option<RegisterRow>> {
        if self.corrected {
            return load(conn, register, id)?
                .map(|s| row_of(register, id, &s))
                .transpose();
        }
        let identity = self.identity(names)?;
        Ok(Some(RegisterRow {
            register,
            id,
            at: self.at()?,
            name: identity.name,
            phone: identity.phone,
            plate: identity.plate,
            salesperson: StaffId(self.salesperson),
            class: class_of(self.class.as_deref())?,
            source: self.source.as_deref().map(Source::from_key),
            corrected: false,
        }))
    }

    /// The ownership lookup's view of the record, corrections applied.
    fn earlier(
        self,
        conn: &Connection,
        names: &mut Names,
        register: Register,
        id: i64,
    ) -> Result<Option<Earlier>> {
        if self.corrected {
            let Some(s) = load(conn, register, id)? else {
                return Ok(None);
            };
            return Ok(Some(Earlier {
                register,
                id,
                salesperson: get_staff(&s.current)?,
                at: get_at(&s.current)?,
                identity: get_identity(&s.current)?,
            }));
        }
        Ok(Some(Earlier {
            register,
            id,
            salesperson: StaffId(self.salesperson),
            at: self.at()?,
            identity: self.identity(names)?,
        }))
    }
}

/// The search filters as a line is checked against them (the record as registered).
struct Wanted<'a> {
    from: String,
    to: String,
    salesperson: Option<i64>,
    class: Option<&'static str>,
    source: Option<&'a str>,
}

impl Wanted<'_> {
    fn passes(&self, line: &Line) -> bool {
        line.at >= self.from
            && line.at <= self.to
            && self.salesperson.is_none_or(|s| s == line.salesperson)
            && self.class.is_none_or(|c| line.class.as_deref() == Some(c))
            && self
                .source
                .is_none_or(|s| line.source.as_deref() == Some(s))
    }
}

/// The record a `register_text` rowid stands for: its own, or the one its correction
/// corrects.
fn text_record(conn: &Connection, rowid: i64) -> Result<Option<(Register, i64)>> {
    let reference = rowid & REF_MASK;
    if reference & 3 != 2 {
        return Ok(from_reference(reference));
    }
    let record: Option<i64> = conn
        .prepare_cached(CORRECTED_RECORD_SQL)?
        .query_row([reference >> 2], |r| r.get(0))
        .optional()?;
    Ok(record.and_then(from_reference))
}

/// A registration the lookup found, before it is read.
struct Candidate {
    register: Register,
    id: i64,
    /// Equal phone or full name and never corrected: a REG-3 match without reading it.
    sure: bool,
    /// A plate (the surname decides), a near miss, or corrected: read it to know.
    must_read: bool,
    /// The time as registered, where the index had it.
    at: Option<String>,
}

/// What [`LOOKUP_SQL`] finds for `typed`, each registration once, the near misses narrowed to
/// what can be one (same surname and last four, or a number one digit off).
fn candidates(conn: &Connection, typed: &Identity) -> Result<Vec<Candidate>> {
    let (phone, full, plate, last4, lo, hi) = lookup_params(typed);
    let surname = typed.name.as_ref().map(|n| n.surname().to_owned());
    let number = typed.phone.as_ref().map(|p| p.number().to_owned());
    let mut found: Vec<Candidate> = Vec::new();
    let mut index: std::collections::HashMap<(bool, i64), usize> = Default::default();
    let mut stmt = conn.prepare_cached(LOOKUP_SQL)?;
    let mut rows = stmt.query(params![phone, full, plate, last4, lo, hi])?;
    while let Some(r) = rows.next()? {
        let (is_call, id, kind): (bool, i64, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
        if kind == NEAR {
            let text = |i| match r.get_ref(i) {
                Ok(ValueRef::Text(t)) => std::str::from_utf8(t).ok(),
                _ => None,
            };
            let (their_phone, their_surname) = (text(3), text(4));
            if their_phone.is_some() && their_phone == phone.as_deref() {
                // The same number: the equality's row, not a near miss.
                continue;
            }
            let their_number = their_phone.map(|p| p.split_once('x').map_or(p, |(n, _)| n));
            let same_surname = surname.is_some() && their_surname == surname.as_deref();
            let off = matches!((&number, their_number), (Some(a), Some(b)) if one_digit_off(a, b));
            if !same_surname && !off {
                continue;
            }
        }
        let corrected: bool = r.get(6)?;
        let sure = kind == SURE && !corrected;
        let must_read = kind != SURE || corrected;
        let at: Option<String> = r.get(5)?;
        match index.entry((is_call, id)) {
            std::collections::hash_map::Entry::Occupied(e) => {
                let c = &mut found[*e.get()];
                c.must_read |= must_read;
                c.sure = (c.sure || sure) && !c.must_read;
                c.at = c.at.take().or(at);
            }
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(found.len());
                found.push(Candidate {
                    register: if is_call {
                        Register::Call
                    } else {
                        Register::Visit
                    },
                    id,
                    sure: sure && !must_read,
                    must_read,
                    at,
                });
            }
        }
    }
    Ok(found)
}

fn read_earlier(conn: &Connection, names: &mut Names, c: &Candidate) -> Result<Option<Earlier>> {
    match Line::of(conn, c.register, c.id)? {
        Some(line) => line.earlier(conn, names, c.register, c.id),
        None => Ok(None),
    }
}

fn earlier(conn: &Connection, typed: &Identity, limit: usize) -> Result<Vec<Earlier>> {
    let mut names = Names::new();
    let mut found = Vec::new();
    for c in candidates(conn, typed)? {
        found.extend(read_earlier(conn, &mut names, &c)?);
    }
    found.sort_by_key(|e| std::cmp::Reverse((e.at, e.id)));
    found.truncate(limit);
    Ok(found)
}

/// The ownership check reading only what can decide it (see [`Store::ownership`]), leaving
/// out the registrations in `except` (a reception's own visit, when its ending asks whose
/// customer the visitor was before it).
fn ownership(
    conn: &Connection,
    typed: &Identity,
    now: DateTime<Utc>,
    tz: Tz,
    policy: &Policy,
    except: &[(Register, i64)],
) -> Result<Ownership> {
    let mut names = Names::new();
    let mut found = candidates(conn, typed)?;
    found.retain(|c| !except.contains(&(c.register, c.id)));
    // Newest first by the time in the index; those without one are read anyway.
    found.sort_by(|a, b| b.at.cmp(&a.at).then(b.id.cmp(&a.id)));
    let valid = i64::from(policy.registration_valid_days);
    let longest = valid.max(i64::from(policy.unknowing_window_days()));
    // Two days' margin over each window: windows count calendar days in the office's zone.
    let horizon = timestamp(now - chrono::Duration::days(longest + 2));
    let evidence = |r: Register| r == Register::Visit || policy.phone_registration_is_evidence;
    // First: everything that must be read, everything inside the longest window, and the
    // newest registrations down to the newest that counts as evidence.
    let mut read: Vec<Earlier> = Vec::new();
    let mut later: Vec<&Candidate> = Vec::new();
    let mut newest_evidence = false;
    // Before this, a registration is surely not dated after the day of `now` in any zone.
    let past = timestamp(now - chrono::Duration::days(1));
    for c in &found {
        let recent = c.at.as_deref().is_none_or(|at| at >= horizon.as_str());
        if c.must_read || recent || !newest_evidence {
            read.extend(read_earlier(conn, &mut names, c)?);
            newest_evidence |= c.sure
                && evidence(c.register)
                && c.at.as_deref().is_some_and(|at| at < past.as_str());
        } else {
            later.push(c);
        }
    }
    // Then the runs (ownership.rs: a holder's place in a conflict is the start of their
    // unbroken run) of the holders that can be in the verdict: those registered inside the
    // window and the newest evidence's. A run reaches back only through registrations of the
    // same holder each within the valid days of the next, so an older row is read only while
    // it is within that reach of such a holder's oldest row read so far.
    // Evidence that matches (a registration later today counts in `check`; one dated after
    // today does not, and following its holder too is only a little more reading).
    let counts = |e: &Earlier| evidence(e.register) && !typed.matches(&e.identity).is_empty();
    let mut runs: std::collections::HashMap<StaffId, DateTime<Utc>> = Default::default();
    // The newest evidence surely not after today: `Expired`'s holder when nobody is protected.
    let newest = read
        .iter()
        .filter(|e| counts(e) && timestamp(e.at) < past)
        .max_by_key(|e| (e.at, e.id))
        .map(|e| (e.register, e.id));
    for e in read.iter().filter(|e| counts(e)) {
        if timestamp(e.at) >= horizon || newest == Some((e.register, e.id)) {
            let oldest = runs.entry(e.salesperson).or_insert(e.at);
            *oldest = (*oldest).min(e.at);
        }
    }
    // Every registration found, read or not, newest first: a run is followed through them
    // in time order.
    enum Slot<'a> {
        Read(usize),
        Unread(&'a Candidate),
    }
    let mut slots: Vec<(DateTime<Utc>, Slot)> = Vec::with_capacity(read.len() + later.len());
    slots.extend(read.iter().enumerate().map(|(i, e)| (e.at, Slot::Read(i))));
    for c in later {
        match c.at.as_deref().map(parse_timestamp) {
            Some(Ok(at)) => slots.push((at, Slot::Unread(c))),
            // Unreadable in the index: read it as it stands.
            _ => {
                if let Some(e) = read_earlier(conn, &mut names, c)? {
                    slots.push((e.at, Slot::Read(read.len())));
                    read.push(e);
                }
            }
        }
    }
    slots.sort_by_key(|s| std::cmp::Reverse(s.0));
    let reach = chrono::Duration::days(valid + 2);
    let (mut visits, mut calls) = (0_u32, false);
    for (at, slot) in slots {
        let within = runs.values().any(|oldest| at >= *oldest - reach);
        let e = match slot {
            Slot::Read(i) => &read[i],
            Slot::Unread(c) if within => match read_earlier(conn, &mut names, c)? {
                Some(e) => {
                    read.push(e);
                    read.last().expect("just pushed")
                }
                None => continue,
            },
            Slot::Unread(c) => {
                // Not read: a sure match, older than anything that decides; it only counts.
                match c.register {
                    Register::Visit => visits += 1,
                    Register::Call => calls = true,
                }
                continue;
            }
        };
        if within
            && counts(e)
            && let Some(oldest) = runs.get_mut(&e.salesperson)
        {
            *oldest = (*oldest).min(e.at);
        }
    }
    let mut o = check(typed, &read, now, tz, policy);
    o.visit_number += visits;
    if calls && !o.rules.contains(&"REG-9") {
        o.rules.insert(1.min(o.rules.len()), "REG-9");
    }
    Ok(o)
}

/// Writes a correction of a registration (REG-4) in the write `tx`: what `fields` change
/// from the record as it stands, with the (checked) reason, chained and audited.
#[allow(clippy::too_many_arguments)]
pub(super) fn correct_in(
    tx: &rusqlite::Transaction<'_>,
    operator: StaffId,
    register: Register,
    id: i64,
    fields: Fields,
    identity: Identity,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<i64> {
    let stored = load(tx, register, id)?.ok_or(StoreError::NoSuchRegistration(id))?;
    let changes: serde_json::Map<String, Json> = fields
        .iter()
        .filter(|(k, v)| stored.current.get(*k) != Some(v))
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect();
    if changes.is_empty() {
        return Err(StoreError::NothingToCorrect);
    }
    let d = derive(
        identity.name.as_ref(),
        identity.phone.as_ref(),
        identity.plate.as_ref(),
    );
    let correction = chain::insert_row(
        tx,
        &chain::REGISTER_CORRECTIONS,
        "INSERT INTO register_corrections (id, register, target_id, at, operator_id, reason,
             changes, surname, full_name, phone, phone_last4, plate)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            register_key(register),
            id,
            timestamp(now),
            operator,
            reason,
            Json::Object(changes.clone()).to_string(),
            d.surname,
            d.full_name,
            identity.phone.as_ref().map(Phone::as_str),
            d.phone_last4,
            identity.plate.as_ref().map(Plate::as_str),
        ],
    )?;
    if ["name", "phone", "plate"]
        .iter()
        .any(|k| changes.contains_key(*k))
    {
        // The record's time as registered: the search orders and filters by it.
        let at = get_at(&stored.original)?;
        index(
            tx,
            (correction << 2) | 2,
            reference(register, id),
            at,
            identity.name.as_ref(),
            identity.phone.as_ref(),
            identity.plate.as_ref(),
            &d,
            TextRows::Now,
        )?;
    }
    let fields: Vec<&str> = changes.keys().map(String::as_str).collect();
    audit(
        tx,
        now,
        Some(operator),
        None,
        "correct_registration",
        &format!(
            "{} {id}: {} ({reason})",
            register_key(register),
            fields.join(", ")
        ),
    )?;
    Ok(correction)
}

/// The ownership check on `conn` (a write's transaction, for a write that acts on it),
/// conflicts settled by the supervisors' rulings that saw them.
pub(super) fn settled_ownership(
    conn: &Connection,
    typed: &Identity,
    now: DateTime<Utc>,
    tz: Tz,
    policy: &Policy,
    except: &[(Register, i64)],
) -> Result<Ownership> {
    let found = ownership(conn, typed, now, tz, policy, except)?;
    let rulings = super::ruling::rulings_for(conn, &found.contested())?;
    Ok(settle(found, &rulings))
}

/// The visits registered for `reception` (the rotation's `c`), oldest first, each as it
/// reads now (corrections applied).
pub(super) fn reception_visits(
    conn: &Connection,
    reception: Seq,
) -> Result<Vec<(i64, VisitRegistration)>> {
    let ids: Vec<i64> = conn
        .prepare_cached("SELECT id FROM visits WHERE reception_seq = ?1 ORDER BY id")?
        .query_map([reception], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(stored) = load(conn, Register::Visit, id)? {
            out.push((id, visit_from(&stored.current)?));
        }
    }
    Ok(out)
}

fn search(
    conn: &Connection,
    query: &str,
    filters: &SearchFilters,
    (offset, limit): (usize, usize),
) -> Result<Vec<RegisterRow>> {
    let salesperson = filters.salesperson;
    let class = filters.class.map(class_key);
    let source = filters.source.as_ref().map(Source::key);
    let text_range = (
        filters.from.map_or_else(String::new, timestamp),
        filters.to.map_or_else(|| "~".to_owned(), timestamp),
    );
    let (sql_limit, sql_offset) = (limit as i64, offset as i64);
    let mut names = Names::new();
    let mut refs: Vec<(Register, i64)> = Vec::new();
    match plan(query) {
        Plan::Grams(gram) => {
            let from = filters.from.map_or(i64::MIN, |t| t.timestamp());
            let to = filters.to.map_or(i64::MAX, |t| t.timestamp());
            let mut stmt = conn.prepare_cached(&grams_sql())?;
            let mut rows = stmt.query(params![gram, from, to, salesperson, class, source])?;
            let mut seen = HashSet::new();
            let mut skipped = 0;
            let mut out = Vec::with_capacity(limit.min(1000));
            while out.len() < limit {
                let Some(r) = rows.next()? else { break };
                let (Some((register, id)), Some(line)) =
                    (from_reference(r.get(0)?), Line::read(r, 1)?)
                else {
                    continue;
                };
                if !seen.insert((register, id)) {
                    continue;
                }
                if skipped < offset {
                    skipped += 1;
                    continue;
                }
                out.extend(line.row(conn, &mut names, register, id)?);
            }
            return Ok(out);
        }
        Plan::Fts { fts, tail } => {
            // Newest first from the index; each hit's line is read and checked until the
            // page is full.
            let wanted = Wanted {
                from: text_range.0,
                to: text_range.1,
                salesperson: salesperson.map(|s| s.0),
                class,
                source,
            };
            let lo = filters
                .from
                .map_or(i64::MIN, |t| text_rowid(t.timestamp(), 0));
            let hi = filters
                .to
                .map_or(i64::MAX, |t| text_rowid(t.timestamp(), REF_MASK));
            let mut stmt = conn.prepare_cached(TEXT_SQL)?;
            let mut rows = stmt.query(params![fts, lo, hi])?;
            let mut seen = HashSet::new();
            let mut skipped = 0;
            let mut out = Vec::with_capacity(limit.min(1000));
            while out.len() < limit {
                let Some(r) = rows.next()? else { break };
                let rowid: i64 = r.get(0)?;
                let Some((register, id)) = text_record(conn, rowid)? else {
                    continue;
                };
                if seen.contains(&(register, id)) {
                    continue;
                }
                let Some(line) = Line::of(conn, register, id)? else {
                    continue;
                };
                // A record may be hit again by another of its values (a correction's).
                if let Some(tail) = &tail
                    && !shows_tail(conn, rowid, &line, tail)?
                {
                    continue;
                }
                seen.insert((register, id));
                if !wanted.passes(&line) {
                    continue;
                }
                if skipped < offset {
                    skipped += 1;
                    continue;
                }
                out.extend(line.row(conn, &mut names, register, id)?);
            }
            return Ok(out);
        }
        Plan::Phone(phone) => {
            let mut stmt = conn.prepare_cached(&phone_sql())?;
            let mut rows = stmt.query(params![
                phone,
                text_range.0,
                text_range.1,
                salesperson,
                class,
                source,
                sql_limit,
                sql_offset
            ])?;
            while let Some(r) = rows.next()? {
                refs.extend(from_reference(r.get(0)?));
            }
        }
        Plan::Newest => {
            // Newest first from each register, merged; a page is the slice of the merge.
            let mut merged: Vec<(String, Register, i64)> = Vec::new();
            // Calls have no class: under a class filter none would pass, after a read of
            // every call.
            let registers: &[Register] = if class.is_some() {
                &[Register::Visit]
            } else {
                &[Register::Visit, Register::Call]
            };
            for &register in registers {
                let sql = like_sql(register).replace("LIKE ?1", "LIKE ?1 ESCAPE '\\'");
                let mut stmt = conn.prepare_cached(&sql)?;
                let ids: Vec<(i64, String)> = stmt
                    .query_map(
                        params![
                            "%",
                            text_range.0,
                            text_range.1,
                            salesperson,
                            class,
                            source,
                            sql_limit,
                            sql_offset,
                            None::<String>
                        ],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )?
                    .collect::<rusqlite::Result<_>>()?;
                merged.extend(ids.into_iter().map(|(id, at)| (at, register, id)));
            }
            merged.sort_by(|a, b| (&b.0, b.2).cmp(&(&a.0, a.2)));
            refs = merged
                .into_iter()
                .skip(offset)
                .take(limit)
                .map(|(_, r, i)| (r, i))
                .collect();
        }
    }
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(refs.len());
    for (register, id) in refs {
        if !seen.insert((register, id)) {
            continue;
        }
        if let Some(line) = Line::of(conn, register, id)? {
            out.extend(line.row(conn, &mut names, register, id)?);
        }
    }
    Ok(out)
}

#[cfg(test)]
pub(crate) mod tests;

/// One customer whose registrations are in conflict and no ruling settles (REG-6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenConflict {
    /// The customer's name as registered (corrected), or their phone when no name was given.
    pub customer: String,
    /// The holders, the earliest first: who the registers would name (REG-6).
    pub salespeople: Vec<StaffId>,
    /// The contested registrations, the earliest first.
    pub registrations: Vec<(Register, i64)>,
}

/// The ownership conflicts waiting for a supervisor among the customers registered (visits,
/// and calls where they are evidence) since `since`: each customer once, by the set of
/// registrations it contests. A conflict arises when a registration is made, so looking at
/// the recent registrations finds the new ones; the cost is one ownership check per recent
/// customer, never a scan of the registers (the handover's open items, issue 10 §2). The
/// `carried` registrations (those of conflicts an earlier handover listed) are checked too,
/// so a conflict stays until a supervisor rules on it, however old (issue 16 §5).
pub(super) fn open_conflicts(
    conn: &Connection,
    carried: &[(Register, i64)],
    since: DateTime<Utc>,
    now: DateTime<Utc>,
    tz: Tz,
    policy: &Policy,
) -> Result<Vec<OpenConflict>> {
    // The registrations of conflicts handed on before (checked again: a ruling settles
    // them), then those registered since `since`.
    let mut recent: Vec<(Register, i64)> = carried.to_vec();
    let mut tables = vec![(Register::Visit, "visits")];
    if policy.phone_registration_is_evidence {
        tables.push((Register::Call, "calls"));
    }
    for (register, table) in tables {
        let sql = format!("SELECT id FROM {table} WHERE at >= ?1 AND at <= ?2 ORDER BY at, id");
        let ids: Vec<i64> = conn
            .prepare_cached(&sql)?
            .query_map(params![timestamp(since), timestamp(now)], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        recent.extend(ids.into_iter().map(|id| (register, id)));
    }
    let mut seen: HashSet<String> = HashSet::new();
    let mut contested_seen: HashSet<Vec<(Register, i64)>> = HashSet::new();
    let mut out = Vec::new();
    for (register, id) in recent {
        let Some(stored) = load(conn, register, id)? else {
            continue;
        };
        let identity = get_identity(&stored.current)?;
        // The same customer registered twice today is checked once.
        if !seen.insert(format!("{identity:?}")) {
            continue;
        }
        let found = ownership(conn, &identity, now, tz, policy, &[])?;
        let rulings = super::ruling::rulings_for(conn, &found.contested())?;
        let found = settle(found, &rulings);
        let Verdict::Conflict { holders } = &found.verdict else {
            continue;
        };
        let mut contested = found.contested();
        let at = |r: &(Register, i64)| {
            found
                .matches
                .iter()
                .find(|m| (m.register, m.id) == *r)
                .map(|m| m.at)
        };
        contested.sort_by_key(|r| (at(r), r.0 == Register::Call, r.1));
        if !contested_seen.insert(contested.clone()) {
            continue;
        }
        let customer = get_text(&stored.current, "name")
            .or_else(|| get_text(&stored.current, "phone"))
            .unwrap_or_default();
        out.push(OpenConflict {
            customer,
            salespeople: holders.iter().map(|c| c.owner).collect(),
            registrations: contested,
        });
    }
    Ok(out)
}
