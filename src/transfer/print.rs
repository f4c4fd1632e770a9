//! Where the lobby's evacuation page goes at one key (issue 20 §4): to the office's printer
//! through the system's `lp` (the page as plain text on its standard input), and as a dated
//! copy into the folder the office chose. Each way fails on its own and says why; neither
//! waits long, since the clerk may be emptying the building.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;

/// How long `lp` may take to take the page: it only queues it, so anything longer means the
/// print system is stuck, and the clerk is told rather than kept waiting.
const LP_PATIENCE: Duration = Duration::from_secs(5);
const LP_POLL: Duration = Duration::from_millis(20);

/// Why the printer did not get the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrintFailure {
    /// There is no `lp` on this system (no CUPS installed).
    NoLp,
    /// `lp` refused: its exit status and the first line of what it said.
    Refused { status: String, said: String },
    /// `lp` did not finish in time and was stopped.
    TimedOut,
    /// The page could not be handed to `lp`.
    Io(String),
}

impl PrintFailure {
    /// The failure in a fixed English form, for the audit row.
    pub fn detail(&self) -> String {
        match self {
            PrintFailure::NoLp => "no lp on this system".to_owned(),
            PrintFailure::Refused { status, said } => format!("lp {status}: {said}"),
            PrintFailure::TimedOut => "lp did not answer".to_owned(),
            PrintFailure::Io(e) => e.clone(),
        }
    }
}

/// Sends `page` to `printer` with `lp -d PRINTER`, found on the PATH.
pub fn to_printer(printer: &str, page: &str) -> Result<(), PrintFailure> {
    through("lp", printer, page)
}

/// `to_printer` through `program` (`lp`, or a name no system has, in tests).
fn through(program: &str, printer: &str, page: &str) -> Result<(), PrintFailure> {
    let mut child = Command::new(program)
        .arg("-d")
        .arg(printer)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => PrintFailure::NoLp,
            _ => PrintFailure::Io(e.to_string()),
        })?;
    if let Some(mut stdin) = child.stdin.take() {
        // A broken pipe is `lp` having ended early: its status says why.
        let _ = stdin.write_all(page.as_bytes());
    }
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() < LP_PATIENCE => std::thread::sleep(LP_POLL),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(PrintFailure::TimedOut);
            }
            Err(e) => return Err(PrintFailure::Io(e.to_string())),
        }
    };
    if status.success() {
        return Ok(());
    }
    let mut said = String::new();
    if let Some(mut stderr) = child.stderr.take() {
        let _ = std::io::Read::read_to_string(&mut stderr, &mut said);
    }
    Err(PrintFailure::Refused {
        status: status
            .code()
            .map_or_else(|| "stopped".to_owned(), |c| format!("exit {c}")),
        said: said.lines().next().unwrap_or_default().trim().to_owned(),
    })
}

/// The dated name of the copy written at `local` (office time): sorted by name, the copies
/// are in time order, and two presses in one minute do not overwrite each other.
pub fn dated_name(local: NaiveDateTime) -> String {
    format!("evacuation-{}.txt", local.format("%Y-%m-%d-%H%M%S"))
}

/// Writes `page` into `folder` under its dated name, whole or not at all (written beside,
/// then renamed into place); returns the file written.
pub fn dated_copy(folder: &Path, local: NaiveDateTime, page: &str) -> Result<PathBuf, String> {
    let path = folder.join(dated_name(local));
    let mut file = tempfile::Builder::new()
        .prefix(".frontdesk-evacuation-")
        .tempfile_in(folder)
        .map_err(|e| e.to_string())?;
    file.as_file_mut()
        .write_all(page.as_bytes())
        .map_err(|e| e.to_string())?;
    file.as_file().sync_all().map_err(|e| e.to_string())?;
    file.persist(&path).map_err(|e| e.error.to_string())?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn moment() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 22)
            .unwrap()
            .and_hms_opt(11, 30, 5)
            .unwrap()
    }

    #[test]
    fn a_system_without_lp_is_said_as_such() {
        assert_eq!(
            through("frontdesk-no-such-lp", "lobby", "page"),
            Err(PrintFailure::NoLp)
        );
        assert_eq!(PrintFailure::NoLp.detail(), "no lp on this system");
    }

    #[test]
    fn the_copy_is_named_by_the_office_time_to_the_second() {
        assert_eq!(dated_name(moment()), "evacuation-2026-11-22-113005.txt");
    }

    #[test]
    fn the_copy_is_written_whole_into_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let path = dated_copy(dir.path(), moment(), "疏散名单\n3 人\n").unwrap();
        assert_eq!(path, dir.path().join("evacuation-2026-11-22-113005.txt"));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "疏散名单\n3 人\n");
        let gone = dir.path().join("no such folder");
        assert!(dated_copy(&gone, moment(), "x").is_err());
    }
}
