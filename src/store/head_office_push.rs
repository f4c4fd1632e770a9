//! What the console's background push to the head office found (issue 19 §3, migration
//! 020): per chain the position the head office confirmed holding, when a push last
//! succeeded, the last failure and a refusal kept until a later push succeeds. Bookkeeping
//! the push thread writes through its narrow handle; every desk reads it for the day's
//! review and the supervisors' warning.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::chain::{self, CHAINS};
use super::{Result, Store, parse_timestamp, timestamp};

/// Why a push did not go through, as the push thread tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::IntoStaticStr, strum::EnumString)]
#[strum(serialize_all = "snake_case")]
pub enum FailureKind {
    /// The head office could not be reached: the network, the address, the password.
    Connect,
    /// The head office answered with an error of its own.
    HeadOffice,
    /// The head office refused the desk's chains: the file was changed behind its back.
    Refused,
    /// The desk's own file could not be read.
    Store,
}

/// A push that failed: its kind and the system's own words (English, for the record).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushFailure {
    pub at: DateTime<Utc>,
    pub kind: FailureKind,
    pub text: String,
}

/// The head office's refusal, naming the office, the chain and the row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushRefusal {
    pub at: DateTime<Utc>,
    pub office: String,
    pub chain: String,
    pub pos: i64,
    pub row: i64,
    /// `start`, `continue`, `differs` or `shorter`, as the head office said it.
    pub why: String,
}

/// Where the pushes stand, as every desk reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PushState {
    pub tried_at: Option<DateTime<Utc>>,
    pub pushed_at: Option<DateTime<Utc>>,
    /// The last failure since the last success.
    pub failure: Option<PushFailure>,
    /// A refusal, until a push succeeds (a network failure after it does not clear it).
    pub refusal: Option<PushRefusal>,
    /// Rows the desk holds beyond what the head office confirmed, over every chain.
    pub unpushed: i64,
}

/// Notes a successful push: the positions the head office now holds per chain (its table
/// name), and the failure and refusal cleared. One transaction.
pub(super) fn note_pushed(
    conn: &Connection,
    at: DateTime<Utc>,
    confirmed: &[(&str, i64)],
) -> Result<()> {
    let tx = conn.unchecked_transaction()?;
    {
        let mut upsert = tx.prepare(
            "INSERT INTO head_office_chains (chain, confirmed) VALUES (?1, ?2)
             ON CONFLICT (chain) DO UPDATE SET confirmed = excluded.confirmed",
        )?;
        for (chain, pos) in confirmed {
            upsert.execute(params![chain, pos.max(&0)])?;
        }
    }
    let at = timestamp(at);
    tx.execute(
        "INSERT INTO head_office_push (id, tried_at, pushed_at) VALUES (1, ?1, ?1)
         ON CONFLICT (id) DO UPDATE SET tried_at = ?1, pushed_at = ?1,
             failed_at = NULL, failure_kind = NULL, failure_text = NULL,
             refused_at = NULL, refused_office = NULL, refused_chain = NULL,
             refused_pos = NULL, refused_row = NULL, refused_why = NULL",
        [&at],
    )?;
    tx.commit()?;
    Ok(())
}

/// Notes a failed push; a refusal replaces the one kept, any other failure leaves it.
pub(super) fn note_failed(
    conn: &Connection,
    at: DateTime<Utc>,
    kind: FailureKind,
    text: &str,
    refusal: Option<&PushRefusal>,
) -> Result<()> {
    let tx = conn.unchecked_transaction()?;
    let at = timestamp(at);
    let kind: &'static str = kind.into();
    tx.execute(
        "INSERT INTO head_office_push (id, tried_at, failed_at, failure_kind, failure_text)
         VALUES (1, ?1, ?1, ?2, ?3)
         ON CONFLICT (id) DO UPDATE SET tried_at = ?1, failed_at = ?1,
             failure_kind = ?2, failure_text = ?3",
        params![at, kind, text],
    )?;
    if let Some(r) = refusal {
        tx.execute(
            "UPDATE head_office_push SET refused_at = ?1, refused_office = ?2,
                 refused_chain = ?3, refused_pos = ?4, refused_row = ?5, refused_why = ?6
             WHERE id = 1",
            params![timestamp(r.at), r.office, r.chain, r.pos, r.row, r.why],
        )?;
    }
    tx.commit()?;
    Ok(())
}

type Row = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<(String, String, i64, i64, String)>,
);

/// The state as noted; the unpushed rows counted only when `count`.
fn state(conn: &Connection, count: bool) -> Result<PushState> {
    let row: Option<Row> = conn
        .query_row(
            "SELECT tried_at, pushed_at, failed_at, failure_kind, failure_text,
                    refused_at, refused_office, refused_chain, refused_pos, refused_row,
                    refused_why
             FROM head_office_push WHERE id = 1",
            [],
            |r| {
                let refused = match r.get::<_, Option<String>>(6)? {
                    Some(office) => Some((
                        office,
                        r.get(7)?,
                        r.get(8)?,
                        r.get(9)?,
                        r.get::<_, String>(10)?,
                    )),
                    None => None,
                };
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    refused,
                ))
            },
        )
        .optional()?;
    let unpushed = if count { unpushed(conn)? } else { 0 };
    let Some((tried, pushed, failed, kind, text, refused_at, refused)) = row else {
        return Ok(PushState {
            unpushed,
            ..PushState::default()
        });
    };
    let time = |t: Option<String>| t.as_deref().map(parse_timestamp).transpose();
    let failure = match (time(failed)?, kind.and_then(|k| k.parse().ok())) {
        (Some(at), Some(kind)) => Some(PushFailure {
            at,
            kind,
            text: text.unwrap_or_default(),
        }),
        _ => None,
    };
    let refusal = match (time(refused_at)?, refused) {
        (Some(at), Some((office, chain, pos, row, why))) => Some(PushRefusal {
            at,
            office,
            chain,
            pos,
            row,
            why,
        }),
        _ => None,
    };
    Ok(PushState {
        tried_at: Some(parse_timestamp(&tried)?),
        pushed_at: time(pushed)?,
        failure,
        refusal,
        unpushed,
    })
}

/// Rows beyond what the head office confirmed, over every chain the store declares: each
/// chain's length is one indexed look-up, so the review and the tick can ask it freely.
fn unpushed(conn: &Connection) -> Result<i64> {
    let mut confirmed =
        conn.prepare_cached("SELECT confirmed FROM head_office_chains WHERE chain = ?1")?;
    let mut total = 0;
    for c in &CHAINS {
        let length = chain::head(conn, c)?.length;
        let held: i64 = confirmed
            .query_row([c.table], |r| r.get(0))
            .optional()?
            .unwrap_or(0);
        // A desk shorter than what the head office holds has nothing to push; the head
        // office refuses it, and that is the warning.
        total += (length - held).max(0);
    }
    Ok(total)
}

impl Store {
    /// Where the pushes to the head office stand, with the rows not yet pushed.
    pub fn head_office_push(&self) -> Result<PushState> {
        state(&self.conn, true)
    }

    /// The head office's refusal while it stands: read on every other desk's write, so
    /// without counting what is unpushed.
    pub fn head_office_refusal(&self) -> Result<Option<PushRefusal>> {
        Ok(state(&self.conn, false)?.refusal)
    }

    /// When a push was last tried by any desk on the file.
    pub fn head_office_tried_at(&self) -> Result<Option<DateTime<Utc>>> {
        Ok(state(&self.conn, false)?.tried_at)
    }

    /// Rows the head office has not confirmed holding yet, over every chain.
    pub fn unpushed_rows(&self) -> Result<i64> {
        unpushed(&self.conn)
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;
    use crate::store::Bookkeeping;

    fn at(minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 22, 3, minute, 0).unwrap()
    }

    /// A demo office in a file, and the push thread's narrow handle on it.
    fn office(dir: &std::path::Path) -> (Store, Bookkeeping) {
        let path = dir.join("office.db");
        let mut store = Store::open(&path).unwrap();
        let settings = crate::domain::settings::OfficeSettings::default();
        crate::demo::populate(&mut store, &settings, at(0)).unwrap();
        (store, Bookkeeping::open(&path).unwrap())
    }

    /// Every non-empty chain as the head office would confirm it after a whole push.
    fn everything(store: &Store) -> Vec<(&'static str, i64)> {
        CHAINS
            .iter()
            .map(|c| (c.table, store.chain_length(c).unwrap()))
            .collect()
    }

    /// One visit registered for the demo's first salesperson.
    fn visit(store: &mut Store, now: DateTime<Utc>) {
        use crate::domain::register::{CustomerName, VisitRegistration};
        use crate::domain::staff::Role;
        let staff = store.staff().unwrap();
        let seller = staff.iter().find(|s| s.role == Role::Salesperson).unwrap();
        let boss = staff.iter().find(|s| s.role == Role::Supervisor).unwrap();
        let visit = VisitRegistration {
            visited_at: now,
            name: Some(CustomerName::parse("新客户").unwrap()),
            phone: None,
            work_unit: None,
            intent: None,
            source: None,
            salesperson: seller.id,
            car_brand: None,
            plate: None,
            party: None,
            class: None,
            notes: None,
        };
        store.register_visit(boss.id, &visit, None, now).unwrap();
    }

    fn refusal(minute: u32) -> PushRefusal {
        PushRefusal {
            at: at(minute),
            office: "东区售楼处".into(),
            chain: "visits".into(),
            pos: 3,
            row: 17,
            why: "differs".into(),
        }
    }

    #[test]
    fn issue_19_a_desk_never_pushed_has_every_chained_row_unpushed_and_no_state() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = office(dir.path());
        let total: i64 = everything(&store).iter().map(|(_, n)| n).sum();
        assert!(total > 0);
        let state = store.head_office_push().unwrap();
        assert_eq!(state.unpushed, total);
        assert_eq!(state.tried_at, None);
        assert_eq!(state.pushed_at, None);
        assert_eq!(store.unpushed_rows().unwrap(), total);
    }

    #[test]
    fn issue_19_a_whole_push_leaves_nothing_unpushed_and_a_new_row_is_one() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, book) = office(dir.path());
        book.note_pushed(at(5), &everything(&store)).unwrap();
        let state = store.head_office_push().unwrap();
        assert_eq!(state.unpushed, 0);
        assert_eq!(state.pushed_at, Some(at(5)));
        assert_eq!(state.failure, None);
        // One audited write adds at least the audit row: the count follows the chains.
        let before: i64 = everything(&store).iter().map(|(_, n)| n).sum();
        visit(&mut store, at(6));
        let after: i64 = everything(&store).iter().map(|(_, n)| n).sum();
        assert!(after > before);
        assert_eq!(store.unpushed_rows().unwrap(), after - before);
    }

    #[test]
    fn issue_19_a_partial_confirmation_counts_only_what_is_beyond_it() {
        let dir = tempfile::tempdir().unwrap();
        let (store, book) = office(dir.path());
        let all = everything(&store);
        let (table, length) = *all.iter().find(|(_, n)| *n >= 3).unwrap();
        // The head office confirms every chain whole except this one, two short.
        let confirmed: Vec<(&str, i64)> = all
            .iter()
            .map(|&(t, n)| (t, if t == table { n - 2 } else { n }))
            .collect();
        book.note_pushed(at(5), &confirmed).unwrap();
        assert_eq!(store.unpushed_rows().unwrap(), 2, "{table} of {length}");
        // Confirmed beyond the desk's own length (a file put back from an older copy) is
        // nothing to push, never a negative count.
        let beyond: Vec<(&str, i64)> = all.iter().map(|&(t, n)| (t, n + 5)).collect();
        book.note_pushed(at(6), &beyond).unwrap();
        assert_eq!(store.unpushed_rows().unwrap(), 0);
    }

    #[test]
    fn issue_19_a_failure_is_kept_beside_the_last_success_until_the_next_success() {
        let dir = tempfile::tempdir().unwrap();
        let (store, book) = office(dir.path());
        book.note_pushed(at(5), &everything(&store)).unwrap();
        book.note_failed(at(10), FailureKind::Connect, "connection refused", None)
            .unwrap();
        let state = store.head_office_push().unwrap();
        assert_eq!(state.pushed_at, Some(at(5)));
        assert_eq!(state.tried_at, Some(at(10)));
        assert_eq!(
            state.failure,
            Some(PushFailure {
                at: at(10),
                kind: FailureKind::Connect,
                text: "connection refused".into()
            })
        );
        assert_eq!(state.refusal, None);
        book.note_pushed(at(15), &everything(&store)).unwrap();
        let state = store.head_office_push().unwrap();
        assert_eq!((state.failure, state.pushed_at), (None, Some(at(15))));
    }

    #[test]
    fn issue_19_a_refusal_outlives_later_network_failures_and_goes_only_with_a_success() {
        let dir = tempfile::tempdir().unwrap();
        let (store, book) = office(dir.path());
        book.note_failed(at(5), FailureKind::Refused, "refused", Some(&refusal(5)))
            .unwrap();
        assert_eq!(store.head_office_push().unwrap().refusal, Some(refusal(5)));
        book.note_failed(at(10), FailureKind::Connect, "timed out", None)
            .unwrap();
        let state = store.head_office_push().unwrap();
        assert_eq!(state.refusal, Some(refusal(5)), "still every supervisor's");
        assert_eq!(state.failure.map(|f| f.kind), Some(FailureKind::Connect));
        assert_eq!(state.pushed_at, None);
        book.note_pushed(at(15) + Duration::seconds(1), &everything(&store))
            .unwrap();
        assert_eq!(store.head_office_push().unwrap().refusal, None);
    }
}
