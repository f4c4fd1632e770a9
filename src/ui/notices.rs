//! What the shell tells a supervisor wherever they are signed in (issue 16 §5): a refused
//! handover (HND-4) is flagged in the header and said on the tick it arrives and at their
//! sign-in, until a supervisor signs the day that holds it (HND-6: the review shows the
//! refusal and its reason; the signature is the supervisor's answer to it).

use chrono_tz::Tz;

use super::said::Said;
use super::shared::Shared;
use crate::domain::staff::{Role, Staff};
use crate::store::handover::RefusalWaiting;
use crate::store::import_marker::ImportProgress;
use crate::words::describe;
use crate::words::text::Ui;

crate::catalog! {
    pub enum Notice {
        RefusalTag => "拒接 {n} 待处理", "{n} refused";
        RefusalsWaiting => "{n} 次交班被拒,待主管处理(HND-4);最近:#{id}({from})被{by}拒绝:{reason}。交接班页按 v 审阅", "{n} refused handover(s) wait for a supervisor (HND-4); latest: #{id} ({from}) refused by {by}: {reason}. Handover tab, v to review";
    }
}

/// The header's flag for a supervisor: how many refusals wait.
pub fn refusal_tag(shared: &Shared, operator: Option<&Staff>) -> Option<Said> {
    let supervisor = operator.is_some_and(|o| o.role == Role::Supervisor);
    match (supervisor, shared.refusals.len()) {
        (false, _) | (_, 0) => None,
        (true, n) => Some(Said::fill(Notice::RefusalTag, [("n", n.to_string())])),
    }
}

/// Said to a supervisor when a refusal not in `before` has arrived (on the tick after
/// another desk's write), or, with `before` empty, every refusal waiting (at sign-in).
pub fn refusals(before: &[RefusalWaiting], shared: &Shared, operator: &Staff) -> Option<Said> {
    if operator.role != Role::Supervisor {
        return None;
    }
    let new = shared
        .refusals
        .iter()
        .any(|r| before.iter().all(|b| b.handover != r.handover));
    let latest = shared.refusals.last().filter(|_| new)?;
    Some(Said::fill(
        Notice::RefusalsWaiting,
        [
            ("n", shared.refusals.len().to_string()),
            ("id", latest.handover.to_string()),
            ("from", shared.name(latest.outgoing)),
            ("by", shared.name(latest.by)),
            ("reason", latest.reason.clone()),
        ],
    ))
}

/// What the status line should say of another process's import, when that changed since
/// `shown`: `Some(Some(words))` while it runs and moves, `Some(None)` once it has ended (the
/// line is cleared), `None` when nothing changed. `shown` is updated.
pub fn import_change(
    store: &crate::store::Store,
    shown: &mut Option<ImportProgress>,
    tz: Tz,
) -> Option<Option<Said>> {
    let running = store.running_import();
    if running == *shown {
        return None;
    }
    *shown = running.clone();
    Some(running.map(|progress| {
        Said::new(move |lang| {
            describe::import_running(Ui::StatusImportRunning, &progress, tz, lang)
        })
    }))
}
