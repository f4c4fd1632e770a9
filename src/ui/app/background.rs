//! The shell's work off the key thread: the whole-file evidence check, the automatic
//! backups and the push to the head office, each started by the tick and taken in by it.

use super::*;

impl App {
    /// Sends the bell somewhere else than the terminal: a recorder in tests.
    pub fn set_bell(&mut self, sink: Box<dyn BellSink>) {
        self.bell = sink;
    }

    /// Starts the whole-file evidence check on a thread of its own; the tick takes its
    /// result. Called once the first frame is drawn.
    pub fn start_evidence_check(&mut self) {
        let now = self.clock.now();
        self.evidence.start(&self.store, now);
    }

    /// The supervisors' backup warning, from the last backup any desk tried.
    pub(super) fn refresh_backup_warning(&mut self) {
        self.backup_warning = backups::warning(self.store.last_backup().ok().flatten().as_ref());
    }

    /// Takes a finished backup's outcome and starts one when it is due (at a sign-off, or
    /// the first sign-in of a day after a day without one); never while nobody is signed in.
    pub(super) fn tick_backups(&mut self, now: DateTime<Utc>, wait: bool) {
        if let Some(outcome) = self.backups.take(wait) {
            self.refresh_backup_warning();
            self.set_status(Ok(backups::said(&outcome)));
        }
        if self.operator.is_some() && !self.shared.read_only {
            self.backups
                .start_if_due(&self.store, &self.shared.settings, now);
        }
    }

    /// The supervisors' refusal warning, from the last push any desk noted.
    pub(super) fn refresh_push_warning(&mut self) {
        let refusal = self.store.head_office_refusal().ok().flatten();
        self.push_warning = head_office::warning(refusal.as_ref());
    }

    /// Takes a finished push's outcome and starts one when it is due (every five minutes
    /// while the office has a head-office address, and soon after a sign-off). A failure
    /// says nothing on the status line: the review says it, and a refusal is the
    /// supervisors' warning.
    pub(super) fn tick_pushes(&mut self, now: DateTime<Utc>, wait: bool) {
        if self.pushes.take(wait).is_some() {
            self.refresh_push_warning();
        }
        // A read-only desk could push but not note what the head office confirmed.
        if !self.shared.read_only {
            self.pushes.start_if_due(
                &self.store,
                &self.shared.settings,
                self.head_office_password.as_ref(),
                now,
            );
        }
    }

    /// Waits for a push started by the tick and takes its outcome: for tests.
    pub fn wait_for_push(&mut self) {
        if self.pushes.take(true).is_some() {
            self.refresh_push_warning();
        }
    }

    /// Waits for a backup started by the tick and shows its outcome: for tests.
    pub fn wait_for_backup(&mut self) {
        let now = self.clock.now();
        self.tick_backups(now, true);
    }

    /// Waits for the evidence check started by `start_evidence_check` and shows its result:
    /// for tests and tools, which must not depend on timing.
    pub fn wait_for_evidence_check(&mut self) {
        self.take_evidence(true);
    }

    /// Shows the evidence check's result once it has come: the red banner for failures no
    /// supervisor has acknowledged.
    pub(super) fn take_evidence(&mut self, wait: bool) {
        match self.evidence.take(wait) {
            None => {}
            Some(Checked::Intact) => self.evidence.set_found(Vec::new()),
            Some(Checked::Broken(found)) => {
                self.evidence.set_found(found);
                self.refilter_evidence();
                self.alerts_changed = true;
            }
            Some(Checked::CouldNotCheck(e)) => {
                let detail = describe::store_error(&e, &self.shared, self.lang);
                self.set_status(Err(Said::fill(
                    Ui::EvidenceCouldNotCheck,
                    [("detail", detail)],
                )));
                self.status_tab = None;
            }
        }
    }

    /// The banner less what supervisors have acknowledged by now, at this desk or another.
    pub(super) fn refilter_evidence(&mut self) {
        if let Err(e) = self.evidence.refilter(&self.store) {
            self.report_store_error(&e);
        }
    }
}
