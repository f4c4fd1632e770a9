//! What the terminal-level tests share: the real binary in a tmux pane (a real pseudo-terminal
//! and a real terminal emulator), raw bytes typed into it, and the screen read back.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::thread::sleep;
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_frontdesk");

/// How long a screen may take to show something on a slow, shared machine. A console that
/// stopped answering never shows it, so a generous limit costs nothing when things work.
pub const PATIENCE: Duration = Duration::from_secs(30);

fn tmux(args: &[&str]) -> Output {
    Command::new("tmux").args(args).output().expect("tmux runs")
}

/// Quotes a word for the shell tmux runs the command with.
pub fn sh_quote(word: &str) -> String {
    format!("'{}'", word.replace('\'', r"'\''"))
}

/// A tmux server of its own with one session, killed (with everything in it) when dropped.
/// Its socket lives in a temporary directory of its own, so nothing is left in tmux's.
pub struct Session {
    socket: String,
    _dir: tempfile::TempDir,
}

impl Session {
    pub fn start(width: u16, height: u16, command: &str) -> Session {
        let dir = tempfile::tempdir().unwrap();
        let socket = dir.path().join("tmux").display().to_string();
        let session = Session { socket, _dir: dir };
        let out = tmux(&[
            "-S",
            &session.socket,
            "new-session",
            "-d",
            "-x",
            &width.to_string(),
            "-y",
            &height.to_string(),
            command,
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        session
    }

    pub fn screen(&self) -> String {
        String::from_utf8_lossy(&tmux(&["-S", &self.socket, "capture-pane", "-p"]).stdout)
            .into_owned()
    }

    /// Keys by tmux name (`Enter`, `C-c`) or as text.
    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["-S", &self.socket, "send-keys"];
        args.extend_from_slice(keys);
        tmux(&args);
    }

    /// Raw bytes, written to the terminal in one go, as a paste without bracketed paste or a
    /// terminal's own reply would arrive.
    pub fn bytes(&self, bytes: &[u8]) {
        let hex: Vec<String> = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let mut args = vec!["-S", &self.socket, "send-keys", "-H"];
        args.extend(hex.iter().map(String::as_str));
        tmux(&args);
    }

    /// Quits with `key` (`q`, `C-c`) and waits for the shell's `exit=0`. The console asks
    /// first when a form holds typed text or the operator is on duty (the demo clerk is):
    /// then `confirm` answers (`y`, or a second `C-c`). Returns the screen after the exit.
    pub fn quit_with(&self, key: &str, confirm: &str) -> String {
        self.keys(&[key]);
        let screen = self.wait_until("the console to quit or ask", |s| {
            s.contains("exit=0") || s.contains("Quit the console?") || s.contains("退出控制台?")
        });
        if screen.contains("exit=0") {
            return screen;
        }
        self.keys(&[confirm]);
        self.wait_for("exit=0")
    }

    /// A tmux format about the pane, e.g. `#{alternate_on}`.
    pub fn pane_format(&self, format: &str) -> String {
        let out = tmux(&["-S", &self.socket, "display-message", "-p", format]);
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    /// Waits until the screen shows `text`, or panics with the screen after `PATIENCE`.
    pub fn wait_for(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?}"), |screen| screen.contains(text))
    }

    pub fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let screen = self.screen();
            if ok(&screen) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "never saw {what} within {PATIENCE:?}; screen:\n{screen}"
            );
            sleep(Duration::from_millis(100));
        }
    }

    /// Closes the terminal window: the pseudo-terminal goes away and its processes are hung up.
    pub fn close(&self) {
        tmux(&["-S", &self.socket, "kill-server"]);
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        self.close();
    }
}

/// Polls `ok` until it holds, or panics naming `what` after `PATIENCE`.
pub fn eventually(what: &str, ok: impl Fn() -> bool) {
    let deadline = Instant::now() + PATIENCE;
    while !ok() {
        assert!(
            Instant::now() < deadline,
            "{what} did not happen within {PATIENCE:?}"
        );
        sleep(Duration::from_millis(100));
    }
}

/// The demo database a console started with `TMPDIR=tmp` created.
pub fn demo_db(tmp: &Path) -> PathBuf {
    let find = || {
        entries(tmp)
            .into_iter()
            .map(|dir| dir.join("demo.db"))
            .find(|db| db.exists())
    };
    eventually("the demo database appears", || find().is_some());
    find().expect("the demo database")
}

/// What is left in a directory.
pub fn entries(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect()
}

/// Whether the process is still running (a zombie nobody reaped counts as gone).
pub fn alive(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().next())
            .is_some_and(|state| state != "Z" && state != "X"),
        Err(_) => false,
    }
}
