//! Hash chains over the evidence tables: every appended row is hashed with the hash of the
//! row appended before it, so an edit, a deletion or a row slipped in behind the console's
//! back no longer matches (design: data principles; issue 8 §2).
//!
//! # Where the hashes live
//! In the table `chain` (migration 004), one row per evidence row: `(tbl, pos, row_id, prev,
//! hash)`, `pos` counting 1, 2, 3… per table in the order rows were appended (not key order:
//! `rotation_set_aside` is keyed by the event it sets aside). The evidence tables themselves
//! are not altered, so their append-only triggers stay as they were, and `chain` has its own.
//!
//! # The bytes that are hashed (format v1: never change it, add a v2 beside it)
//! `hash = SHA-256(prev || canonical)`, where `prev` is the stored hash at `pos - 1` of the
//! same table (32 zero bytes at `pos = 1`) and `canonical` is:
//! - the 19 bytes `frontdesk-chain-v1\0`;
//! - the table's name, as a TEXT value;
//! - the row's key, as an INTEGER value;
//! - each column of [`Chained::columns`], in that order, as the value stored.
//!
//! A value is one tag byte and its payload, with the storage class SQLite returns:
//! `0x00` NULL (nothing more); `0x01` INTEGER, 8 bytes big-endian two's complement;
//! `0x02` REAL, the 8 bytes of the IEEE 754 double big-endian; `0x03` TEXT and `0x04` BLOB,
//! an 8-byte big-endian length then the bytes (UTF-8 for TEXT, as stored).
//! The column list of a chain is part of the format: a table that gains a column keeps its
//! list (the new column is evidence only through a new chained table or a v2 format).
//!
//! # Genesis
//! Rows written before migration 004 are chained by the migration itself, in key order, and
//! an audit row `chain_genesis` (itself chained) says how many rows of each table were
//! chained then rather than when written. The chain vouches for them only from that moment.
//!
//! # Joining a table
//! Declare it in a [`Chained`] with its name for people in both languages, add it to
//! [`CHAINS`], and write its rows with [`insert_row`] (the next key, the INSERT, the link) in
//! the transaction that inserts them. Nothing else: no column to add, no migration for the
//! chain (the table needs its own append-only triggers, as every evidence table does).

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};
use sha2::{Digest, Sha256};

use super::{Result, parse_timestamp};
use crate::domain::handover::SealedHead;
use crate::i18n::Msg;

/// A SHA-256 hash as stored.
pub type Hash = [u8; 32];

/// `prev` of the first row of every chain.
const ZERO: Hash = [0; 32];

/// The first bytes of every canonical encoding: the format's name and version.
const FORMAT: &[u8] = b"frontdesk-chain-v1\0";

/// How many hex digits the short form of a hash shows (48 bits: printed and signed, enough
/// that nobody finds another chain with the same short head).
pub const SHORT_HEX: usize = 12;

/// An evidence table as its chain sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chained {
    pub table: &'static str,
    /// What people call it, in both languages: every message about the chain names it so
    /// (the table's own name beside it).
    pub name: Msg,
    /// Its INTEGER PRIMARY KEY.
    pub key: &'static str,
    /// The column holding when the row was written (RFC 3339 UTC text), for messages.
    pub at: &'static str,
    /// Every other column, in the fixed order they are hashed. Frozen once released.
    pub columns: &'static [&'static str],
}

pub const AUDIT: Chained = Chained {
    table: "audit",
    name: Msg {
        zh: "操作审计记录",
        en: "audit trail",
    },
    key: "id",
    at: "at",
    columns: &[
        "at",
        "operator_id",
        "approver_id",
        "subject_id",
        "action",
        "detail",
    ],
};

pub const ROTATION_EVENTS: Chained = Chained {
    table: "rotation_events",
    name: Msg {
        zh: "轮排记录",
        en: "rotation log",
    },
    key: "id",
    at: "at",
    columns: &["business_day", "at", "operator_id", "event"],
};

pub const ROTATION_SET_ASIDE: Chained = Chained {
    table: "rotation_set_aside",
    name: Msg {
        zh: "轮排搁置记录",
        en: "rotation set-asides",
    },
    key: "event_id",
    at: "at",
    columns: &["at", "operator_id", "approver_id", "reason"],
};

pub const VISITS: Chained = Chained {
    table: "visits",
    name: Msg {
        zh: "来访客户登记",
        en: "visitor register",
    },
    key: "id",
    at: "recorded_at",
    columns: &[
        "at",
        "name",
        "surname",
        "full_name",
        "initials",
        "phone",
        "phone_last4",
        "work_unit",
        "intent",
        "source",
        "salesperson_id",
        "car_brand",
        "plate",
        "party",
        "class",
        "notes",
        "reception_seq",
        "operator_id",
        "recorded_at",
    ],
};

pub const CALLS: Chained = Chained {
    table: "calls",
    name: Msg {
        zh: "来电咨询登记",
        en: "phone register",
    },
    key: "id",
    at: "recorded_at",
    columns: &[
        "at",
        "name",
        "surname",
        "full_name",
        "initials",
        "phone",
        "phone_last4",
        "question",
        "salesperson_id",
        "intent",
        "source",
        "operator_id",
        "recorded_at",
    ],
};

pub const REGISTER_CORRECTIONS: Chained = Chained {
    table: "register_corrections",
    name: Msg {
        zh: "登记更正记录",
        en: "register corrections",
    },
    key: "id",
    at: "at",
    columns: &[
        "register",
        "target_id",
        "at",
        "operator_id",
        "reason",
        "changes",
        "surname",
        "full_name",
        "phone",
        "phone_last4",
        "plate",
    ],
};

pub const OWNERSHIP_RULINGS: Chained = Chained {
    table: "ownership_rulings",
    name: Msg {
        zh: "客户归属裁定",
        en: "ownership rulings",
    },
    key: "id",
    at: "at",
    columns: &[
        "at",
        "operator_id",
        "supervisor_id",
        "owner_id",
        "reason",
        "covers",
    ],
};

pub const CUSTOMER_REFERRALS: Chained = Chained {
    table: "customer_referrals",
    name: Msg {
        zh: "老客户介绍登记",
        en: "customer referrals",
    },
    key: "id",
    at: "at",
    columns: &[
        "at",
        "operator_id",
        "visit_id",
        "referrer_name",
        "referrer_phone",
        "referrer_name_norm",
        "referrer_phone_norm",
        "found_ref",
        "found_salesperson_id",
        "announced_at",
        "named_salesperson_id",
    ],
};

pub const EMPLOYEE_REFERRALS: Chained = Chained {
    table: "employee_referrals",
    name: Msg {
        zh: "员工推荐登记",
        en: "employee referrals",
    },
    key: "id",
    at: "at",
    columns: &[
        "at",
        "operator_id",
        "referrer_id",
        "name",
        "phone",
        "appointment_on",
    ],
};

pub const EMPLOYEE_REFERRAL_CONFIRMATIONS: Chained = Chained {
    table: "employee_referral_confirmations",
    name: Msg {
        zh: "员工推荐确认",
        en: "employee referral confirmations",
    },
    key: "id",
    at: "at",
    columns: &[
        "at",
        "operator_id",
        "supervisor_id",
        "referral_id",
        "visit_id",
    ],
};

pub const REDISTRIBUTIONS: Chained = Chained {
    table: "redistributions",
    name: Msg {
        zh: "客户重新分配",
        en: "customer redistributions",
    },
    key: "id",
    at: "at",
    columns: &["at", "operator_id", "supervisor_id", "leaving_id", "seed"],
};

pub const REDISTRIBUTION_MOVES: Chained = Chained {
    table: "redistribution_moves",
    name: Msg {
        zh: "重新分配的客户",
        en: "redistributed customers",
    },
    key: "id",
    at: "at",
    columns: &["at", "redistribution_id", "customer", "refs", "to_id"],
};

pub const LOBBY_VISITS: Chained = Chained {
    table: "lobby_visits",
    name: Msg {
        zh: "大堂访客登记",
        en: "lobby visitor log",
    },
    key: "id",
    at: "recorded_at",
    columns: &[
        "at",
        "name",
        "occupant_id",
        "building",
        "unit",
        "room",
        "host_name",
        "purpose",
        "party",
        "badge",
        "plate",
        "operator_id",
        "recorded_at",
    ],
};

pub const LOBBY_EXITS: Chained = Chained {
    table: "lobby_exits",
    name: Msg {
        zh: "大堂访客离开记录",
        en: "lobby departures",
    },
    key: "id",
    at: "recorded_at",
    columns: &["visit_id", "at", "operator_id", "recorded_at"],
};

pub const LOBBY_CORRECTIONS: Chained = Chained {
    table: "lobby_corrections",
    name: Msg {
        zh: "大堂登记更正",
        en: "lobby log corrections",
    },
    key: "id",
    at: "at",
    columns: &["visit_id", "at", "operator_id", "reason", "changes"],
};

pub const PARCELS: Chained = Chained {
    table: "parcels",
    name: Msg {
        zh: "大堂代收快递登记",
        en: "lobby parcel log",
    },
    key: "id",
    at: "recorded_at",
    columns: &[
        "at",
        "carrier",
        "tracking",
        "occupant_id",
        "building",
        "unit",
        "room",
        "recipient",
        "shelf",
        "operator_id",
        "recorded_at",
    ],
};

pub const PARCEL_COLLECTIONS: Chained = Chained {
    table: "parcel_collections",
    name: Msg {
        zh: "快递领取记录",
        en: "parcel collections",
    },
    key: "id",
    at: "recorded_at",
    columns: &[
        "parcel_id",
        "at",
        "collected_by",
        "operator_id",
        "recorded_at",
    ],
};

pub const PARCEL_CORRECTIONS: Chained = Chained {
    table: "parcel_corrections",
    name: Msg {
        zh: "快递登记更正",
        en: "parcel log corrections",
    },
    key: "id",
    at: "at",
    columns: &["parcel_id", "at", "operator_id", "reason", "changes"],
};

pub const COMPLAINTS: Chained = Chained {
    table: "complaints",
    name: Msg {
        zh: "投诉记录",
        en: "complaint records",
    },
    key: "id",
    at: "recorded_at",
    columns: &[
        "recorded_at",
        "operator_id",
        "complainant",
        "company",
        "occupant_id",
        "unit",
        "phone",
        "what_happened",
        "when_happened",
        "channel",
        "about_staff",
        "witnesses",
        "evidence",
        "answered_on_spot",
        "category",
        "conversation",
        "due",
    ],
};

pub const COMPLAINT_EVENTS: Chained = Chained {
    table: "complaint_events",
    name: Msg {
        zh: "投诉处理记录",
        en: "complaint handling steps",
    },
    key: "id",
    at: "at",
    columns: &[
        "complaint_id",
        "at",
        "operator_id",
        "approver_id",
        "round",
        "kind",
        "event",
        "nature",
        "category",
        "satisfied",
        "due",
        "on_time",
    ],
};

pub const REPAIR_ORDERS: Chained = Chained {
    table: "repair_orders",
    name: Msg {
        zh: "工程维修单",
        en: "repair work orders",
    },
    key: "id",
    at: "reported_at",
    columns: &[
        "reported_at",
        "operator_id",
        "customer",
        "phone",
        "occupant_id",
        "unit",
        "what",
        "appointment",
        "urgency",
        "on_site_by",
    ],
};

pub const REPAIR_EVENTS: Chained = Chained {
    table: "repair_events",
    name: Msg {
        zh: "维修处理记录",
        en: "repair work steps",
    },
    key: "id",
    at: "at",
    columns: &["repair_id", "at", "operator_id", "round", "kind", "event"],
};

pub const SHIFT_LOG: Chained = Chained {
    table: "shift_log",
    name: Msg {
        zh: "值班日志",
        en: "shift log",
    },
    key: "id",
    at: "at",
    columns: &[
        "at",
        "day",
        "operator_id",
        "priority",
        "tags",
        "text",
        "corrects",
        "reason",
    ],
};

pub const HANDOVERS: Chained = Chained {
    table: "handovers",
    name: Msg {
        zh: "交接班记录",
        en: "shift handovers",
    },
    key: "id",
    at: "submitted_at",
    columns: &[
        "submitted_at",
        "day",
        "outgoing_id",
        "shift",
        "log",
        "log_to",
        "items",
        "checklist",
    ],
};

pub const HANDOVER_EVENTS: Chained = Chained {
    table: "handover_events",
    name: Msg {
        zh: "交接班过程记录",
        en: "handover steps",
    },
    key: "id",
    at: "at",
    columns: &["handover_id", "at", "operator_id", "by_id", "kind", "event"],
};

pub const DAY_SIGNOFFS: Chained = Chained {
    table: "day_signoffs",
    name: Msg {
        zh: "每日审阅签字",
        en: "daily review sign-offs",
    },
    key: "id",
    at: "at",
    columns: &[
        "day",
        "at",
        "operator_id",
        "supervisor_id",
        "remarks",
        "figures",
        "heads",
    ],
};

pub const DESK_UNSTAFFED: Chained = Chained {
    table: "desk_unstaffed",
    name: Msg {
        zh: "脱岗记录",
        en: "desk left unstaffed",
    },
    key: "id",
    at: "at",
    columns: &["at", "day", "clerk_id", "supervisor_id", "reason"],
};

pub const DEALS: Chained = Chained {
    table: "deals",
    name: Msg {
        zh: "成交登记",
        en: "deal register",
    },
    key: "id",
    at: "recorded_at",
    columns: &[
        "recorded_at",
        "signed_at",
        "deal_on",
        "kind",
        "building",
        "room",
        "unit_key",
        "buyers",
        "buyer_full_name",
        "buyer_surname",
        "phone",
        "deposit_fen",
        "price_fen",
        "closer_id",
        "grew_from",
        "replaces_id",
        "operator_id",
    ],
};

pub const DEAL_EVENTS: Chained = Chained {
    table: "deal_events",
    name: Msg {
        zh: "成交归属与退订记录",
        en: "deal attributions and cancellations",
    },
    key: "id",
    at: "at",
    columns: &[
        "deal_id",
        "at",
        "kind",
        "operator_id",
        "supervisor_id",
        "rule",
        "reason",
        "shares",
        "detail",
    ],
};

/// Every chain, in the order `verify` walks them and reports.
pub const CHAINS: [Chained; 29] = [
    ROTATION_EVENTS,
    ROTATION_SET_ASIDE,
    VISITS,
    CALLS,
    REGISTER_CORRECTIONS,
    OWNERSHIP_RULINGS,
    CUSTOMER_REFERRALS,
    EMPLOYEE_REFERRALS,
    EMPLOYEE_REFERRAL_CONFIRMATIONS,
    REDISTRIBUTIONS,
    REDISTRIBUTION_MOVES,
    LOBBY_VISITS,
    LOBBY_EXITS,
    LOBBY_CORRECTIONS,
    PARCELS,
    PARCEL_COLLECTIONS,
    PARCEL_CORRECTIONS,
    COMPLAINTS,
    COMPLAINT_EVENTS,
    REPAIR_ORDERS,
    REPAIR_EVENTS,
    SHIFT_LOG,
    HANDOVERS,
    HANDOVER_EVENTS,
    DAY_SIGNOFFS,
    DESK_UNSTAFFED,
    DEALS,
    DEAL_EVENTS,
    AUDIT,
];

/// The canonical encoding of one stored value (see the module's documentation).
fn encode(out: &mut Vec<u8>, value: ValueRef<'_>) {
    match value {
        ValueRef::Null => out.push(0),
        ValueRef::Integer(i) => {
            out.push(1);
            out.extend_from_slice(&i.to_be_bytes());
        }
        ValueRef::Real(f) => {
            out.push(2);
            out.extend_from_slice(&f.to_bits().to_be_bytes());
        }
        ValueRef::Text(bytes) | ValueRef::Blob(bytes) => {
            out.push(if matches!(value, ValueRef::Text(_)) {
                3
            } else {
                4
            });
            out.extend_from_slice(&(bytes.len() as u64).to_be_bytes());
            out.extend_from_slice(bytes);
        }
    }
}

/// `SHA-256(prev || canonical)` of a row whose columns `row` holds from index `first` on.
fn row_hash(
    chain: &Chained,
    prev: &Hash,
    key: i64,
    row: &rusqlite::Row<'_>,
    first: usize,
) -> rusqlite::Result<Hash> {
    let mut bytes = Vec::with_capacity(256);
    bytes.extend_from_slice(FORMAT);
    encode(&mut bytes, ValueRef::Text(chain.table.as_bytes()));
    encode(&mut bytes, ValueRef::Integer(key));
    for i in 0..chain.columns.len() {
        encode(&mut bytes, row.get_ref(first + i)?);
    }
    let mut hasher = Sha256::new();
    hasher.update(prev);
    hasher.update(&bytes);
    Ok(hasher.finalize().into())
}

fn columns(chain: &Chained, alias: &str) -> String {
    chain
        .columns
        .iter()
        .map(|c| format!("{alias}.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn blob(row: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Hash> {
    let bytes: Vec<u8> = row.get(i)?;
    // A stored hash of the wrong length cannot match anything: all ones never comes out.
    Ok(bytes.try_into().unwrap_or([0xff; 32]))
}

/// The last link of a chain: its position, the key of its row, and its hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Link {
    pub pos: i64,
    pub row_id: i64,
    pub hash: Hash,
}

fn last_link(conn: &Connection, chain: &Chained) -> Result<Option<Link>> {
    Ok(conn
        .prepare_cached(
            "SELECT pos, row_id, hash FROM chain WHERE tbl = ?1 ORDER BY pos DESC LIMIT 1",
        )?
        .query_row([chain.table], |r| {
            Ok(Link {
                pos: r.get(0)?,
                row_id: r.get(1)?,
                hash: blob(r, 2)?,
            })
        })
        .optional()?)
}

/// The key for a new row of `chain`'s table: past both the table's last row and the last row
/// the chain holds. SQLite would otherwise hand a deleted newest row's id out again (its
/// triggers dropped behind the console's back), the chain would refuse it, and the desk
/// could write nothing more to that table; this way the deletion is only reported.
fn next_key(conn: &Connection, chain: &Chained) -> Result<i64> {
    let chained = last_link(conn, chain)?.map_or(0, |link| link.row_id);
    let sql = format!(
        "SELECT coalesce(max({}), 0) FROM {}",
        chain.key, chain.table
    );
    let stored: i64 = conn.prepare_cached(&sql)?.query_row([], |r| r.get(0))?;
    Ok(chained.max(stored) + 1)
}

/// Chains the row `key` of `chain`'s table, just inserted in the caller's transaction: reads
/// it back as stored, so the hash is of exactly what `verify` will read.
///
/// The store writes through [`insert_row`] (or [`insert_keyed_row`]), never this alone; it
/// is public only for the tests that play a forger recomputing links
/// (`tests/common::recompute_links`).
#[doc(hidden)]
pub fn append(conn: &Connection, chain: &Chained, key: i64) -> Result<Link> {
    let (pos, prev) = match last_link(conn, chain)? {
        Some(link) => (link.pos + 1, link.hash),
        None => (1, ZERO),
    };
    let sql = format!(
        "SELECT {} FROM {} t WHERE t.{} = ?1",
        columns(chain, "t"),
        chain.table,
        chain.key
    );
    let hash = conn
        .prepare_cached(&sql)?
        .query_row([key], |r| row_hash(chain, &prev, key, r, 0))?;
    conn.prepare_cached(
        "INSERT INTO chain (tbl, pos, row_id, prev, hash) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        chain.table,
        pos,
        key,
        prev.as_slice(),
        hash.as_slice()
    ])?;
    Ok(Link {
        pos,
        row_id: key,
        hash,
    })
}

/// Writes one evidence row and chains it, as every evidence write does: takes the next key
/// (`next_key`), runs `insert` with that key as `?1` and `values` as `?2`, `?3`, …, and
/// appends the row's link, all in the caller's transaction. Returns the new row's key.
pub fn insert_row(
    conn: &Connection,
    chain: &Chained,
    insert: &str,
    values: &[&dyn rusqlite::ToSql],
) -> Result<i64> {
    let key = next_key(conn, chain)?;
    insert_keyed_row(conn, chain, key, insert, values)?;
    Ok(key)
}

/// [`insert_row`] for a table keyed by another table's row (`rotation_set_aside`, keyed by
/// the event it sets aside): the caller names the key, bound as `?1`, and the rest is the
/// same, the INSERT and the link in one call.
pub fn insert_keyed_row(
    conn: &Connection,
    chain: &Chained,
    key: i64,
    insert: &str,
    values: &[&dyn rusqlite::ToSql],
) -> Result<Link> {
    let params: Vec<&dyn rusqlite::ToSql> = std::iter::once(&key as &dyn rusqlite::ToSql)
        .chain(values.iter().copied())
        .collect();
    conn.prepare_cached(insert)?
        .execute(rusqlite::params_from_iter(params))?;
    append(conn, chain, key)
}

/// Chains, in key order, every row of `chain`'s table that has no link yet: the genesis of
/// a table written before chains existed. Returns how many rows it chained and the last key.
pub(super) fn chain_unlinked(conn: &Connection, chain: &Chained) -> Result<(i64, Option<i64>)> {
    let keys: Vec<i64> = conn
        .prepare(&format!(
            "SELECT t.{key} FROM {table} t
             WHERE NOT EXISTS (SELECT 1 FROM chain c WHERE c.tbl = ?1 AND c.row_id = t.{key})
             ORDER BY t.{key}",
            key = chain.key,
            table = chain.table
        ))?
        .query_map([chain.table], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for &key in &keys {
        append(conn, chain, key)?;
    }
    Ok((keys.len() as i64, keys.last().copied()))
}

/// What is wrong with a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakKind {
    /// Its content no longer matches its hash: edited, or replaced, after it was written.
    Altered,
    /// The chain names it but the table no longer has it: deleted.
    Missing,
    /// The table has it but the chain does not: added behind the console's back (or its
    /// link was deleted).
    Unchained,
    /// Its link does not follow the one before it: a row before it (and its link) was
    /// removed, or the chain was rewritten.
    Relinked,
    /// The link at `pos`, which an earlier check verified at `verified_at`, is no longer as
    /// it was then (changed or gone): the chain was recomputed from there or before, so a
    /// walk from the start finds every link consistent (issue 16 §2).
    Rewritten {
        pos: i64,
        verified_at: DateTime<Utc>,
    },
    /// The link at `pos` no longer has the hash the supervisor's sign-off of `day` sealed
    /// (or the chain no longer reaches it): rewritten after the day was signed.
    Unsealed { pos: i64, day: NaiveDate },
}

/// The first row of a chain that does not match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainBreak {
    pub table: &'static str,
    /// The row: for `Rewritten` the one the verified point names, for `Unsealed` the one now
    /// at the sealed position (0 when the chain no longer reaches it).
    pub row_id: i64,
    /// When the row says it was written; `None` when the row is gone or its time unreadable.
    pub at: Option<DateTime<Utc>>,
    pub kind: BreakKind,
}

impl ChainBreak {
    /// What was found, in a fixed form that does not depend on the language: how an
    /// acknowledgement names the failure it acknowledges, so the same failure found again
    /// is recognised and a different one is not.
    pub fn key(&self) -> String {
        let kind = match self.kind {
            BreakKind::Altered => "altered".to_owned(),
            BreakKind::Missing => "missing".to_owned(),
            BreakKind::Unchained => "unchained".to_owned(),
            BreakKind::Relinked => "relinked".to_owned(),
            BreakKind::Rewritten { pos, verified_at } => {
                format!(
                    "rewritten at link {pos} verified {}",
                    super::timestamp(verified_at)
                )
            }
            BreakKind::Unsealed { pos, day } => format!("unsealed at link {pos} signed {day}"),
        };
        format!("{} row {}: {kind}", self.table, self.row_id)
    }
}

/// A chain's length and last link, for `verify`'s report, exports and the day's summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainHead {
    pub table: &'static str,
    /// How many rows are chained.
    pub length: i64,
    /// The last link, `None` for an empty chain.
    pub last: Option<Link>,
}

impl ChainHead {
    /// The head hash's first [`SHORT_HEX`] hex digits, or `-` for an empty chain.
    pub fn short(&self) -> String {
        self.last
            .map_or_else(|| "-".to_owned(), |l| hex(&l.hash)[..SHORT_HEX].to_owned())
    }
}

pub fn hex(hash: &Hash) -> String {
    hash.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn head(conn: &Connection, chain: &Chained) -> Result<ChainHead> {
    let last = last_link(conn, chain)?;
    Ok(ChainHead {
        table: chain.table,
        length: last.map_or(0, |l| l.pos),
        last,
    })
}

fn written_at(text: Option<String>) -> Option<DateTime<Utc>> {
    text.as_deref().and_then(|t| parse_timestamp(t).ok())
}

fn break_at(
    conn: &Connection,
    chain: &Chained,
    row_id: i64,
    kind: BreakKind,
) -> Result<ChainBreak> {
    let at: Option<String> = conn
        .query_row(
            &format!(
                "SELECT CAST({} AS TEXT) FROM {} WHERE {} = ?1",
                chain.at, chain.table, chain.key
            ),
            [row_id],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    Ok(ChainBreak {
        table: chain.table,
        row_id,
        at: written_at(at),
        kind,
    })
}

/// The link at position `pos` of `chain`, as stored now.
fn link_at(conn: &Connection, chain: &Chained, pos: i64) -> Result<Option<Link>> {
    Ok(conn
        .prepare_cached("SELECT row_id, hash FROM chain WHERE tbl = ?1 AND pos = ?2")?
        .query_row(params![chain.table, pos], |r| {
            Ok(Link {
                pos,
                row_id: r.get(0)?,
                hash: blob(r, 1)?,
            })
        })
        .optional()?)
}

/// Walks `chain` from its first link to its head, checking each link follows the one before
/// it and each row still hashes to its link, and looks for rows that have no link. The first
/// row that does not match, or the head that was reached.
pub fn walk(
    conn: &Connection,
    chain: &Chained,
) -> Result<std::result::Result<Option<Link>, ChainBreak>> {
    walk_counting(conn, chain, &mut |_| {})
}

/// How many links the walk goes between two words to its watcher: on a million-row chain a
/// few hundred words, each costing nothing beside the hashing.
const WALKED_STEP: u64 = 4096;

/// [`walk`], telling `walked` how many of the chain's links it has checked, now and then.
fn walk_counting(
    conn: &Connection,
    chain: &Chained,
    walked: &mut dyn FnMut(u64),
) -> Result<std::result::Result<Option<Link>, ChainBreak>> {
    let (mut pos, mut prev, mut last) = (0, ZERO, None);
    let sql = format!(
        "SELECT c.pos, c.row_id, c.prev, c.hash, t.{key} IS NOT NULL, CAST(t.{at} AS TEXT), {cols}
         FROM chain c LEFT JOIN {table} t ON t.{key} = c.row_id
         WHERE c.tbl = ?1 ORDER BY c.pos",
        key = chain.key,
        at = chain.at,
        cols = columns(chain, "t"),
        table = chain.table,
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params![chain.table])?;
    while let Some(r) = rows.next()? {
        let link = Link {
            pos: r.get(0)?,
            row_id: r.get(1)?,
            hash: blob(r, 3)?,
        };
        let stored_prev = blob(r, 2)?;
        let present: bool = r.get(4)?;
        let at = written_at(r.get(5)?);
        let broken = |kind| ChainBreak {
            table: chain.table,
            row_id: link.row_id,
            at,
            kind,
        };
        if link.pos != pos + 1 || stored_prev != prev {
            return Ok(Err(broken(BreakKind::Relinked)));
        }
        if !present {
            return Ok(Err(broken(BreakKind::Missing)));
        }
        if row_hash(chain, &prev, link.row_id, r, 6)? != link.hash {
            return Ok(Err(broken(BreakKind::Altered)));
        }
        (pos, prev, last) = (link.pos, link.hash, Some(link));
        if (pos as u64).is_multiple_of(WALKED_STEP) {
            walked(pos as u64);
        }
    }
    let unlinked: Option<(i64, Option<String>)> = conn
        .prepare_cached(&format!(
            "SELECT t.{key}, CAST(t.{at} AS TEXT) FROM {table} t
             WHERE NOT EXISTS (SELECT 1 FROM chain c WHERE c.tbl = ?1 AND c.row_id = t.{key})
             ORDER BY t.{key} LIMIT 1",
            key = chain.key,
            at = chain.at,
            table = chain.table,
        ))?
        .query_row(params![chain.table], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((row_id, at)) = unlinked {
        return Ok(Err(ChainBreak {
            table: chain.table,
            row_id,
            at: written_at(at),
            kind: BreakKind::Unchained,
        }));
    }
    Ok(Ok(last))
}

/// How far a chain was verified, and when: the link an earlier whole check ended on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VerifiedPoint {
    pub link: Link,
    pub at: DateTime<Utc>,
}

fn verified_point(conn: &Connection, chain: &Chained) -> Result<Option<VerifiedPoint>> {
    Ok(conn
        .prepare_cached("SELECT pos, row_id, hash, verified_at FROM chain_verified WHERE tbl = ?1")?
        .query_row([chain.table], |r| {
            Ok(VerifiedPoint {
                link: Link {
                    pos: r.get(0)?,
                    row_id: r.get(1)?,
                    hash: blob(r, 2)?,
                },
                at: parse_timestamp(&r.get::<_, String>(3)?)?,
            })
        })
        .optional()?)
}

/// `Rewritten` when the link at `chain`'s verified point is no longer the one verified. A
/// chain recomputed from a middle row onward links up again, so only this finds it.
fn point_kept(conn: &Connection, chain: &Chained) -> Result<Option<ChainBreak>> {
    let Some(point) = verified_point(conn, chain)? else {
        return Ok(None);
    };
    if link_at(conn, chain, point.link.pos)? == Some(point.link) {
        return Ok(None);
    }
    let kind = BreakKind::Rewritten {
        pos: point.link.pos,
        verified_at: point.at,
    };
    Ok(Some(break_at(conn, chain, point.link.row_id, kind)?))
}

/// The heads of `sealed` (the sign-off of `day`) whose link is no longer in its chain with
/// the sealed hash: for the day's review and `report day`, and the whole check.
pub fn unsealed(
    conn: &Connection,
    day: NaiveDate,
    sealed: &[SealedHead],
) -> Result<Vec<ChainBreak>> {
    let mut breaks = Vec::new();
    for head in sealed {
        // A table this build does not know (a newer build's) is that build's to check.
        let Some(chain) = CHAINS.iter().find(|c| c.table == head.table) else {
            continue;
        };
        let Some(hash) = &head.hash else { continue };
        let now = link_at(conn, chain, head.length)?;
        if now.is_some_and(|l| &hex(&l.hash) == hash) {
            continue;
        }
        let kind = BreakKind::Unsealed {
            pos: head.length,
            day,
        };
        breaks.push(match now {
            Some(link) => break_at(conn, chain, link.row_id, kind)?,
            None => ChainBreak {
                table: chain.table,
                row_id: 0,
                at: None,
                kind,
            },
        });
    }
    Ok(breaks)
}

/// Every chain whose link at a position a supervisor's sign-off sealed no longer has the
/// sealed hash: the first such sign-off per chain, by day.
fn seals_kept(conn: &Connection) -> Result<Vec<ChainBreak>> {
    let signoffs: Vec<(String, String)> = conn
        .prepare_cached("SELECT day, heads FROM day_signoffs ORDER BY day, id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut breaks: Vec<ChainBreak> = Vec::new();
    for (day, heads) in signoffs {
        // An unreadable sign-off row is its own chain's break (Altered), found by the walk.
        let (Ok(day), Ok(heads)) = (
            day.parse::<NaiveDate>(),
            serde_json::from_str::<Vec<SealedHead>>(&heads),
        ) else {
            continue;
        };
        for broken in unsealed(conn, day, &heads)? {
            if !breaks.iter().any(|b| b.table == broken.table) {
                breaks.push(broken);
            }
        }
    }
    Ok(breaks)
}

/// What a whole check of the file found: each chain's failures, and the heads of the chains
/// that are intact (where their verified points may move).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// In the order of [`CHAINS`], for each chain at most one of each: a rewrite over its
    /// verified point, the first row that does not match, the first sealed head that no
    /// longer matches.
    pub breaks: Vec<ChainBreak>,
    intact: Vec<(&'static str, Link)>,
}

/// Checks the whole file: each chain's verified point still holds, each chain walked from
/// its first row, every head a sign-off sealed still in its chain.
pub fn check_all(conn: &Connection) -> Result<Checked> {
    check_all_counting(conn, &mut |_| {})
}

/// How far the whole check has come: links checked of all the chains' links (issue 18: the
/// desk shows the check's progress).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Walked {
    pub links: u64,
    pub of: u64,
}

/// [`check_all`], telling `walked` how far it has come now and then.
pub fn check_all_counting(conn: &Connection, walked: &mut dyn FnMut(Walked)) -> Result<Checked> {
    let mut breaks = Vec::new();
    let mut intact = Vec::new();
    // Each chain's length from its head: one indexed read each, read in the same
    // transaction as the walk.
    let lengths = CHAINS
        .iter()
        .map(|chain| Ok(head(conn, chain)?.length as u64))
        .collect::<Result<Vec<u64>>>()?;
    let of = lengths.iter().sum();
    let mut before = 0;
    for (chain, length) in CHAINS.iter().zip(lengths) {
        // Each kind of failure is looked for on its own, so one a supervisor has already
        // acknowledged never hides a new one of another kind in the same chain.
        let rewritten = point_kept(conn, chain)?;
        let walked_chain = walk_counting(conn, chain, &mut |links| {
            walked(Walked {
                links: before + links.min(length),
                of,
            })
        })?;
        before += length;
        walked(Walked { links: before, of });
        let walked = walked_chain;
        match (rewritten, walked) {
            (None, Ok(Some(head))) => intact.push((chain.table, head)),
            (None, Ok(None)) => {}
            (rewritten, walked) => {
                breaks.extend(rewritten);
                breaks.extend(walked.err());
            }
        }
    }
    for broken in seals_kept(conn)? {
        intact.retain(|(table, _)| *table != broken.table);
        breaks.push(broken);
    }
    let order = |table: &str| CHAINS.iter().position(|c| c.table == table);
    breaks.sort_by_key(|b| order(b.table));
    Ok(Checked { breaks, intact })
}

/// Moves the verified point of each intact chain to its head, never backwards. A broken
/// chain's point stays where it was: it is what the next check compares against.
fn keep_points(conn: &Connection, checked: &Checked, now: DateTime<Utc>) -> Result<()> {
    for (table, head) in &checked.intact {
        conn.prepare_cached(
            "INSERT INTO chain_verified (tbl, pos, row_id, hash, verified_at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (tbl) DO UPDATE SET pos = excluded.pos,
                 row_id = excluded.row_id, hash = excluded.hash,
                 verified_at = excluded.verified_at
             WHERE excluded.pos >= chain_verified.pos",
        )?
        .execute(params![
            table,
            head.pos,
            head.row_id,
            head.hash.as_slice(),
            super::timestamp(now)
        ])?;
    }
    Ok(())
}

/// The whole check on `conn` from one moment, then the verified points of the intact chains
/// moved in one `BEGIN IMMEDIATE` (when the file can be written). The evidence check's
/// bookkeeping, not a change anyone made: no audit row. A point that cannot be moved now
/// (busy, disk full) only means the next check compares against an older one.
pub(super) fn check_and_keep(conn: &Connection, now: DateTime<Utc>) -> Result<Vec<ChainBreak>> {
    check_and_keep_counting(conn, now, &mut |_| {})
}

/// [`check_and_keep`], telling `walked` how far the check has come now and then.
pub(super) fn check_and_keep_counting(
    conn: &Connection,
    now: DateTime<Utc>,
    walked: &mut dyn FnMut(Walked),
) -> Result<Vec<ChainBreak>> {
    let checked = {
        let tx = Transaction::new_unchecked(conn, TransactionBehavior::Deferred)?;
        let checked = check_all_counting(&tx, walked)?;
        tx.commit()?;
        checked
    };
    if !conn.is_readonly("main").unwrap_or(true) {
        let _ = (|| -> Result<()> {
            let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
            keep_points(&tx, &checked, now)?;
            Ok(tx.commit()?)
        })();
    }
    Ok(checked.breaks)
}

impl super::Store {
    /// Each chain's length and head (row and hash), from one moment: for `verify`'s report,
    /// the exports and the day's summary.
    pub fn chain_heads(&self) -> Result<Vec<ChainHead>> {
        self.read(|store| CHAINS.iter().map(|c| head(&store.conn, c)).collect())
    }

    /// The whole check ([`check_all`]), reading only: each chain's failures. Moving
    /// the verified points is the [`super::Bookkeeping`] handle's, never a pane's.
    pub fn evidence_breaks(&self) -> Result<Vec<ChainBreak>> {
        self.read(|store| Ok(check_all(&store.conn)?.breaks))
    }

    /// The first failure [`super::Store::evidence_breaks`] finds, or `None` when all is intact.
    pub fn verify_all(&self) -> Result<Option<ChainBreak>> {
        Ok(self.evidence_breaks()?.into_iter().next())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_declared_chain_has_its_own_name_for_people_in_both_languages() {
        let mut seen = std::collections::HashSet::new();
        for chain in &CHAINS {
            let Msg { zh, en } = chain.name;
            assert!(
                !zh.is_empty() && !en.is_empty(),
                "{} has no name",
                chain.table
            );
            assert_ne!(en, chain.table, "{} is named by its table", chain.table);
            assert!(
                !zh.is_ascii(),
                "{}'s Chinese name is not Chinese",
                chain.table
            );
            assert!(
                seen.insert(zh) && seen.insert(en),
                "{} shares a name",
                chain.table
            );
        }
    }

    #[test]
    fn the_canonical_bytes_of_a_value_are_tagged_and_length_prefixed() {
        let mut out = Vec::new();
        encode(&mut out, ValueRef::Null);
        encode(&mut out, ValueRef::Integer(-2));
        encode(&mut out, ValueRef::Text("王".as_bytes()));
        encode(&mut out, ValueRef::Blob(&[7]));
        let mut expected = vec![0, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe, 3];
        expected.extend_from_slice(&3u64.to_be_bytes());
        expected.extend_from_slice("王".as_bytes());
        expected.push(4);
        expected.extend_from_slice(&1u64.to_be_bytes());
        expected.push(7);
        assert_eq!(out, expected);
    }
}
