//! The search as you type (issue 8 §4, issue 15): which path a query takes, and the search
//! itself.
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
//! - **refused before any SQL** ([`refusal`], issue 18): a query with no letter, digit or
//!   Han character (`+`, `@`, `%`, an emoji), which names nothing a record holds; and a
//!   number typed from its start with `+` (`+86 138`) until it has five digits after the
//!   country code — fewer would match only a phone's end (SEC-1), not what was typed. From
//!   five digits on, `+86` is dropped and the digits search as any five digits do.
//!
//! A record is found by any value it has had: a correction's new name, phone and plate are
//! indexed too (under the record they correct), and the original's stay. The row shows the
//! corrected values. Date, salesperson, class and source filters and the order apply to the
//! record as registered.

use super::*;

/// 3+ characters: the trigram index's hits, newest first; `?2`/`?3` the rowid range of the
/// date filter. A caller reads only as far as its page.
#[doc(hidden)]
pub const TEXT_SQL: &str = "SELECT rowid FROM register_text
     WHERE register_text MATCH ?1 AND rowid >= ?2 AND rowid <= ?3 ORDER BY rowid DESC";

/// The record a correction's search row stands for, as a reference.
#[doc(hidden)]
pub const CORRECTED_RECORD_SQL: &str =
    "SELECT (target_id << 2) | (register = 'call') FROM register_corrections WHERE id = ?1";

/// Filters shared by the search paths: `?2`/`?3` the time range, `?4` salesperson, `?5`
/// class, `?6` source, `?7` limit, `?8` offset.
pub(super) const FILTERS: &str = "(?4 IS NULL OR coalesce(v.salesperson_id, c.salesperson_id) = ?4)
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
pub(super) fn hits_sql(hits: &str) -> String {
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

/// What the search box's text asks for. `tail`: the query is 1–4 digits, which a phone
/// matches only at the end of its number (the module's search paths).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Plan {
    Grams(String),
    /// A whole phone number, canonical.
    Phone(String),
    Fts {
        fts: String,
        tail: Option<String>,
    },
    /// The empty box: the newest registrations within the filters.
    Newest,
    /// Not run: see [`refusal`].
    Refused(Refusal),
}

/// Why a query is not searched (issue 18): the pane says so and keeps what was typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Only signs or symbols (`+`, `@`, `%`, an emoji): nothing a record is found by.
    NoLetterOrDigit,
    /// A number typed from its start (`+86 13`): fewer than [`PLUS_PHONE_DIGITS`] digits
    /// after the country code.
    PhoneTooShort,
}

/// The digits after `+86` a number typed from its start needs before it is searched: as many
/// as any digits need to match a phone anywhere, not only at its end.
pub const PLUS_PHONE_DIGITS: usize = TAIL_DIGITS + 1;

/// Whether `query` is refused rather than searched, and why; `None` when it is searched.
pub fn refusal(query: &str) -> Option<Refusal> {
    match plan(query) {
        Plan::Refused(why) => Some(why),
        _ => None,
    }
}

/// A query typed as an international number (`+`, then digits): the digits after `+86` (or
/// after `+` when another code), or the refusal while there are too few.
fn plus_digits(q: &str) -> Option<std::result::Result<String, Refusal>> {
    let digits = q.strip_prefix('+')?;
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    // `+`, `+8` are `+86` being typed.
    let national = if "86".starts_with(digits) {
        ""
    } else {
        digits.strip_prefix("86").unwrap_or(digits)
    };
    Some(if national.len() < PLUS_PHONE_DIGITS {
        Err(Refusal::PhoneTooShort)
    } else {
        Ok(national.to_owned())
    })
}

/// The most digits a query may have and still match a phone only at its end: the last four,
/// which the mask shows.
pub(super) const TAIL_DIGITS: usize = 4;

pub(super) fn plan(query: &str) -> Plan {
    use unicode_normalization::UnicodeNormalization;
    let mut q: String = query.nfkc().filter(|&c| !dropped(c)).collect();
    if whole_phone(&q).is_none() {
        match plus_digits(&q) {
            Some(Err(why)) => return Plan::Refused(why),
            Some(Ok(digits)) => q = digits,
            None => {}
        }
    }
    if !q.is_empty() && !q.chars().any(char::is_alphanumeric) {
        return Plan::Refused(Refusal::NoLetterOrDigit);
    }
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
pub(super) fn last4_of(phone: &str) -> &str {
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
pub(super) fn shows_tail(conn: &Connection, rowid: i64, line: &Line, tail: &str) -> Result<bool> {
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

/// The search filters as a line is checked against them (the record as registered).
pub(super) struct Wanted<'a> {
    pub(super) from: String,
    pub(super) to: String,
    pub(super) salesperson: Option<i64>,
    pub(super) class: Option<&'static str>,
    pub(super) source: Option<&'a str>,
}

impl Wanted<'_> {
    pub(super) fn passes(&self, line: &Line) -> bool {
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
pub(super) fn text_record(conn: &Connection, rowid: i64) -> Result<Option<(Register, i64)>> {
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

pub(super) fn search(
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
        // Said by the pane ([`refusal`]); nothing is read.
        Plan::Refused(_) => return Ok(Vec::new()),
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
