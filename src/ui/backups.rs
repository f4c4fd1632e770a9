//! The console's own backups (issue 19 §1): when the office has a backup folder, a dated,
//! checked copy is written there at the supervisor's daily sign-off, and at the first sign-in
//! of a day when none was written the day before, on a thread of its own with its own
//! connections (the copy's, and the narrow [`Bookkeeping`] handle that notes the outcome), so
//! the desk answers keys meanwhile. A last backup that failed is a warning every supervisor
//! sees until one is written.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use super::errand::Errand;
use super::said::Said;
use crate::domain::backup as rules;
use crate::domain::settings::OfficeSettings;
use crate::i18n::{Lang, fill};
use crate::store::backup::{self, BackupNote, CopyError, checked_detail};
use crate::store::{Bookkeeping, Store};

/// A backup that failed is tried again at most this often, not on every tick.
const RETRY_AFTER: Duration = Duration::minutes(30);

crate::catalog! {
    pub enum Bw {
        Written => "已写入备份 {path}", "Backup written to {path}";
        Failed => "备份失败:{path} 没有写成({detail})。请检查备份文件夹(U 盘或网络共享)", "BACKUP FAILED: {path} could not be written ({detail}). Check the backup folder (USB disk or network share)";
        LastGood => "最近的备份:{time},{path}", "Last good backup: {time}, {path}";
        NoneYet => "还没有写过备份", "No backup has been written yet";
        NoFolder => "没有设置备份文件夹(办公室设置)", "No backup folder is set (office settings)";
    }
}

/// What the backup thread sends back: one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Written(String),
    Failed { path: String, detail: String },
}

/// Where this desk's backup stands.
#[derive(Default)]
pub struct AutoBackup {
    running: Option<Errand<Outcome>>,
    /// When this desk last started one: a failure is not retried on every tick.
    last_try: Option<DateTime<Utc>>,
}

impl AutoBackup {
    /// Starts a backup on a thread of its own when the office has a folder and one is due
    /// ([`rules::due`]); true when one was started. A store in memory (tests of panes) has no
    /// file to copy.
    pub fn start_if_due(
        &mut self,
        store: &Store,
        settings: &OfficeSettings,
        now: DateTime<Utc>,
    ) -> bool {
        if self.running.is_some() || self.last_try.is_some_and(|t| now - t < RETRY_AFTER) {
            return false;
        }
        let (Some(folder), Some(db)) = (settings.backup_folder(), store.path()) else {
            return false;
        };
        let tz = settings.timezone();
        let last = store.last_good_backup().ok().flatten().map(|n| n.at);
        let signed = store.last_signoff_at().ok().flatten();
        if !rules::due(last, signed, now, tz) {
            return false;
        }
        let (db, folder, keep) = (
            db.to_owned(),
            std::path::PathBuf::from(folder),
            settings.backups_kept(),
        );
        self.last_try = Some(now);
        self.running = Errand::start("backup", move || write(&db, &folder, keep, now, tz));
        self.running.is_some()
    }

    /// The running backup's outcome once it has come (waiting for it if `wait`), once.
    pub fn take(&mut self, wait: bool) -> Option<Outcome> {
        let outcome = self.running.as_ref()?.result(wait)?;
        self.running = None;
        Some(outcome.unwrap_or_else(|| Outcome::Failed {
            path: String::new(),
            detail: "the backup stopped".into(),
        }))
    }
}

/// On the backup thread: the dated, checked copy, the oldest beyond `keep` removed, and the
/// outcome noted through the narrow handle.
fn write(
    db: &std::path::Path,
    folder: &std::path::Path,
    keep: u16,
    now: DateTime<Utc>,
    tz: Tz,
) -> Outcome {
    let outcome = match backup::write_dated(db, folder, keep, now, tz) {
        Ok((path, check)) => (path.display().to_string(), true, checked_detail(&check)),
        Err(e) => {
            let path = folder.join(rules::dated_name(now, tz));
            (path.display().to_string(), false, why(&e))
        }
    };
    let (path, ok, detail) = outcome;
    // A note that cannot be written (the file busy for seconds) leaves the next tick to try
    // again; the desk is told what happened either way.
    let _ = Bookkeeping::open(db).and_then(|b| b.note_backup(now, &path, ok, &detail));
    match ok {
        true => Outcome::Written(path),
        false => Outcome::Failed { path, detail },
    }
}

/// Why a copy failed, for the record and the warning (the system's own words).
fn why(e: &CopyError) -> String {
    match e {
        CopyError::Io(e) => e.to_string(),
        CopyError::Store(e) => e.to_string(),
        CopyError::Bad(check) => match check.damage.first() {
            Some(damage) => format!("the copy is damaged: {damage}"),
            None => check.breaks.first().map_or_else(String::new, |b| {
                format!("the copy has a broken chain: {}", b.key())
            }),
        },
    }
}

/// What the desk says when its backup is done.
pub fn said(outcome: &Outcome) -> Said {
    match outcome.clone() {
        Outcome::Written(path) => Said::fill(Bw::Written, [("path", path)]),
        Outcome::Failed { path, detail } => warning_said(path, detail),
    }
}

fn warning_said(path: String, detail: String) -> Said {
    Said::fill(Bw::Failed, [("path", path), ("detail", detail)])
}

/// The warning every supervisor sees: the last backup tried failed.
pub fn warning(last: Option<&BackupNote>) -> Option<Said> {
    let last = last.filter(|n| !n.ok)?;
    Some(warning_said(last.path.clone(), last.detail.clone()))
}

/// The day's review line: when and where the last good backup was written.
pub fn last_good_line(settings: &OfficeSettings, last: Option<&BackupNote>, lang: Lang) -> String {
    match (last, settings.backup_folder()) {
        (Some(note), _) => {
            let time = note
                .at
                .with_timezone(&settings.timezone())
                .format("%Y-%m-%d %H:%M")
                .to_string();
            fill(
                Bw::LastGood.text(lang),
                &[("time", &time), ("path", &note.path)],
            )
        }
        (None, Some(_)) => Bw::NoneYet.text(lang).to_owned(),
        (None, None) => Bw::NoFolder.text(lang).to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo;
    use crate::domain::clock::{Clock, SystemClock};

    fn office(dir: &std::path::Path) -> (Store, OfficeSettings) {
        let mut store = Store::open(&dir.join("office.db")).unwrap();
        let settings = OfficeSettings::default();
        demo::populate(&mut store, &settings, SystemClock.now()).unwrap();
        (store, settings)
    }

    #[test]
    fn issue_19_without_a_backup_folder_the_console_writes_no_backup() {
        let dir = tempfile::tempdir().unwrap();
        let (store, settings) = office(dir.path());
        let mut backups = AutoBackup::default();
        assert!(!backups.start_if_due(&store, &settings, SystemClock.now()));
    }

    #[test]
    fn issue_19_a_due_backup_is_written_checked_and_noted_and_then_not_due() {
        let dir = tempfile::tempdir().unwrap();
        let folder = tempfile::tempdir().unwrap();
        let (store, settings) = office(dir.path());
        let settings = settings
            .with_backups(folder.path().to_str().unwrap(), 2)
            .unwrap();
        let now = SystemClock.now();
        let mut backups = AutoBackup::default();
        assert!(backups.start_if_due(&store, &settings, now));
        let Some(Outcome::Written(path)) = backups.take(true) else {
            panic!("written");
        };
        assert!(std::path::Path::new(&path).is_file());
        assert!(path.starts_with(folder.path().to_str().unwrap()));
        let last = store.last_good_backup().unwrap().unwrap();
        assert_eq!(last.path, path);
        assert!(last.detail.starts_with("integrity ok"), "{}", last.detail);
        assert_eq!(
            warning(store.last_backup().unwrap().as_ref()).map(|_| ()),
            None
        );
        // Written today with no sign-off since: not due again, even on another desk.
        let mut other = AutoBackup::default();
        assert!(!other.start_if_due(&store, &settings, now + Duration::hours(1)));
    }

    #[test]
    fn issue_19_a_folder_that_cannot_be_reached_is_a_warning_for_supervisors() {
        let dir = tempfile::tempdir().unwrap();
        let (store, settings) = office(dir.path());
        let gone = dir.path().join("usb-not-plugged-in");
        let settings = settings.with_backups(gone.to_str().unwrap(), 14).unwrap();
        let mut backups = AutoBackup::default();
        assert!(backups.start_if_due(&store, &settings, SystemClock.now()));
        assert!(matches!(backups.take(true), Some(Outcome::Failed { .. })));
        assert!(!gone.exists(), "the folder is never created");
        let last = store.last_backup().unwrap();
        let said = warning(last.as_ref()).expect("a warning");
        assert!(
            said.text(Lang::En).starts_with("BACKUP FAILED: "),
            "{}",
            said.text(Lang::En)
        );
        assert!(said.text(Lang::Zh).starts_with("备份失败"));
        // Not tried again on the next tick.
        assert!(!backups.start_if_due(&store, &settings, SystemClock.now()));
        assert_eq!(
            last_good_line(&settings, None, Lang::En),
            "No backup has been written yet"
        );
    }
}
