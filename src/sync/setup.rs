//! The head office's schema (issue 19 §3): created or upgraded by its administrator with
//! `frontdesk head-office setup`, once and after each upgrade; checked, never created, by a
//! desk's sync, which needs no right to create anything.

use postgres::Client;

use super::SyncError;
use super::group::VIEWS;

/// The head office's tables, functions, group roles, row-level policies and grants; every
/// statement may run again over what an earlier run made.
pub const SCHEMA: &str = include_str!("schema.sql");

/// The group's figures as views over the rows, applied after the schema.
pub const FIGURES: &str = include_str!("figures.sql");

/// The schema's version this build writes and needs: raise it when `schema.sql` changes what
/// a desk relies on. A head office at a later version still takes this build's pushes: an
/// upgrade only adds.
pub const SCHEMA_VERSION: i32 = 1;

/// Creates the head office's schema or upgrades it to [`SCHEMA_VERSION`]; returns the version
/// it had (`None`: never set up). Refuses a head office set up by a later frontdesk, whose
/// schema this build's script would take back.
pub fn setup(client: &mut Client) -> Result<Option<i32>, SyncError> {
    let mut tx = client.transaction()?;
    // Two administrators at once would race on CREATE: one at a time.
    tx.batch_execute("SELECT pg_advisory_xact_lock(7919001)")?;
    let before = schema_version(&mut tx)?;
    if let Some(found) = before.filter(|v| *v > SCHEMA_VERSION) {
        return Err(SyncError::NewerSchema { found });
    }
    tx.batch_execute(SCHEMA)?;
    tx.batch_execute(FIGURES)?;
    // The views read with the reader's rights (`security_invoker`), so the row-level
    // policies hold through them: the group's readers see every office's figures, an
    // office's own login only its own.
    tx.batch_execute(&format!(
        "GRANT SELECT ON {} TO frontdesk_group, frontdesk_office",
        VIEWS.join(", ")
    ))?;
    tx.execute(
        "INSERT INTO frontdesk_schema (one, version) VALUES (true, $1)
         ON CONFLICT (one) DO UPDATE SET version = EXCLUDED.version",
        &[&SCHEMA_VERSION],
    )?;
    tx.commit()?;
    Ok(before)
}

/// Fails with [`SyncError::NotSetUp`] unless the head office was set up at this build's
/// version or later.
pub fn check_schema(client: &mut impl postgres::GenericClient) -> Result<(), SyncError> {
    match schema_version(client)? {
        Some(v) if v >= SCHEMA_VERSION => Ok(()),
        found => Err(SyncError::NotSetUp { found }),
    }
}

/// The head office's schema version: `None` when never set up, 0 when its chains were
/// created by a sync from before versions were kept (and before roles).
fn schema_version(client: &mut impl postgres::GenericClient) -> Result<Option<i32>, SyncError> {
    let (versioned, chains): (bool, bool) = client
        .query_one(
            "SELECT to_regclass('frontdesk_schema') IS NOT NULL,
                    to_regclass('evidence_rows') IS NOT NULL",
            &[],
        )
        .map(|r| (r.get(0), r.get(1)))?;
    if !versioned {
        return Ok(chains.then_some(0));
    }
    Ok(client
        .query_opt("SELECT version FROM frontdesk_schema", &[])?
        .map(|r| r.get(0)))
}
