//! What a push leaves in the desk's file (issue 19 §3): what the head office confirmed, or
//! why not, noted through the narrow [`Bookkeeping`] handle, so the day's review and the
//! supervisors' warning say it whether the console pushed or someone ran `frontdesk sync`.

use std::path::Path;

use chrono::{DateTime, Utc};

use super::{ChainPushed, SyncError, address, describe};
use crate::i18n::Lang;
use crate::store::Bookkeeping;
use crate::store::head_office_push::{FailureKind, PushRefusal};

/// Noted when the office has no name to push under (the first-run setup always gives one,
/// so this is a file set up by hand): English, as the system's own words are.
const NO_OFFICE: &str =
    "no office name to push under: set the name at the head office in the office settings";

/// Notes a push's outcome (`Ok(None)`: no office name to push under), and says the kind of
/// failure when it was one. A note that cannot be written (the file busy for seconds) is left
/// to the next push; the push's outcome is the same either way.
pub fn note(
    db: &Path,
    now: DateTime<Utc>,
    pushed: Result<Option<&[ChainPushed]>, &SyncError>,
) -> Option<FailureKind> {
    let book = Bookkeeping::open(db);
    let (kind, text, refusal) = match pushed {
        Ok(Some(chains)) => {
            let confirmed: Vec<(&str, i64)> =
                chains.iter().map(|c| (c.chain.table, c.held)).collect();
            let _ = book.and_then(|b| b.note_pushed(now, &confirmed));
            return None;
        }
        Ok(None) => (FailureKind::Store, NO_OFFICE.to_owned(), None),
        Err(e) => failure(e, now),
    };
    let _ = book.and_then(|b| b.note_failed(now, kind, &text, refusal.as_ref()));
    Some(kind)
}

/// How a failed push is noted: its kind, the system's own words, the refusal if it was one.
fn failure(e: &SyncError, now: DateTime<Utc>) -> (FailureKind, String, Option<PushRefusal>) {
    match e {
        SyncError::Connect(pg) => (FailureKind::Connect, address::with_causes(pg), None),
        SyncError::HeadOffice(pg) => (FailureKind::HeadOffice, address::with_causes(pg), None),
        SyncError::Store(s) => (FailureKind::Store, s.to_string(), None),
        // The head office not set up (or older), or the login another office's: its
        // administrator's to put right, said in the sync command's words.
        SyncError::NotSetUp { .. }
        | SyncError::NewerSchema { .. }
        | SyncError::NotYourOffice { .. } => (FailureKind::HeadOffice, describe(e, Lang::En), None),
        SyncError::Refused(r) => (
            FailureKind::Refused,
            e.to_string(),
            Some(PushRefusal {
                at: now,
                office: r.office.clone(),
                chain: r.chain.clone(),
                pos: r.pos,
                row: r.row,
                why: r.why.clone(),
            }),
        ),
    }
}
