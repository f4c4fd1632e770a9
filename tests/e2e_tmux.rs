//! End to end: the real binary in a real terminal (tmux), driven by keys, read off the screen.

use std::path::Path;
use std::process::{Command, Output};
use std::thread::sleep;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_frontdesk");

fn tmux(args: &[&str]) -> Output {
    Command::new("tmux").args(args).output().expect("tmux runs")
}

fn have_tmux() -> bool {
    let found = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        // CI installs tmux (see .ci/run); on CI its absence is a failure, not a skip.
        assert!(std::env::var_os("CI").is_none(), "tmux is required on CI");
        eprintln!("SKIPPED: tmux is not installed; install it to run the end-to-end test");
    }
    found
}

/// A tmux session on its own server socket, killed when dropped.
struct Session {
    socket: String,
}

impl Session {
    fn start(width: u16, height: u16, command: &str) -> Session {
        let socket = format!("frontdesk-e2e-{}-{}", std::process::id(), width);
        let session = Session { socket };
        let out = tmux(&[
            "-L",
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

    fn screen(&self) -> String {
        String::from_utf8_lossy(&tmux(&["-L", &self.socket, "capture-pane", "-p"]).stdout)
            .into_owned()
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["-L", &self.socket, "send-keys"];
        args.extend_from_slice(keys);
        tmux(&args);
    }

    /// Waits until the screen shows `text`; slow machines get a generous limit.
    fn wait_for(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "never saw {text:?}; screen:\n{screen}"
            );
            sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        tmux(&["-L", &self.socket, "kill-server"]);
    }
}

#[test]
fn the_demo_runs_in_a_real_terminal_assigns_a_walk_in_and_restores_the_terminal_on_quit() {
    if !have_tmux() {
        return;
    }
    let command = format!("printf 'before\\n'; {BIN} --demo --lang en; echo \"exit=$?\"; sleep 60");
    let s = Session::start(80, 24, &command);
    let screen = s.wait_for("Next up: 王芳");
    assert!(screen.contains("Lunch desk (ROT-11)"), "{screen}");
    s.keys(&["n"]);
    let screen = s.wait_for("ROT-1: 王芳 receives the walk-in");
    assert!(screen.contains("Next up: 李娜"), "{screen}");
    s.keys(&["F2"]);
    s.wait_for("下一位: 李娜");
    s.keys(&["q"]);
    // Back on the normal screen, with what was there before, and a clean exit.
    let screen = s.wait_for("exit=0");
    assert!(
        screen.contains("before"),
        "the alternate screen was left: {screen}"
    );
    assert!(!screen.contains("下一位"), "{screen}");
}

#[test]
fn the_demo_database_is_removed_when_the_console_exits() {
    let tmp = tempfile::tempdir().unwrap();
    // Without a terminal the console stops right after filling the demo database.
    let out = Command::new(BIN)
        .args(["--demo", "--lang", "en"])
        .env("TMPDIR", tmp.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("needs a terminal"), "{stderr}");
    let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn a_corrupt_database_is_one_clear_line_on_stderr_and_a_failure_status() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let garbage = b"not a database at all\n".repeat(100);
    std::fs::write(&path, &garbage).unwrap();
    let out = Command::new(BIN)
        .args(["--db", path.to_str().unwrap(), "--lang", "en"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("not a frontdesk database, or it is damaged"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        garbage,
        "the file is left as it was"
    );
}

#[test]
fn a_config_file_still_holding_office_settings_is_refused_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[policy]\npreset = 'acme'\n").unwrap();
    let db = dir.path().join("d.db");
    let out = Command::new(BIN)
        .args([
            "--config",
            config.to_str().unwrap(),
            "--db",
            db.to_str().unwrap(),
            "--lang",
            "zh",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("frontdesk:"), "{stderr}");
    // Not "unknown preset acme": the file is refused for holding the office's settings at
    // all, so the desk learns they moved to the database rather than fixing the value here.
    assert!(
        stderr.contains("[policy] 现在是整个办公室的设置") && stderr.contains("主管"),
        "in the language asked for: {stderr}"
    );
    assert!(stderr.contains(config.to_str().unwrap()), "{stderr}");
    assert!(
        !Path::new(&db).exists(),
        "nothing is created when the config is wrong"
    );
}

#[test]
fn without_a_terminal_it_says_it_needs_one_instead_of_an_os_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    let out = Command::new(BIN)
        .args(["--db", db.to_str().unwrap(), "--lang", "en"])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.trim(),
        "frontdesk: needs a terminal: it is a full-screen console"
    );
}

#[test]
fn two_consoles_on_one_file_see_each_others_walk_ins() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shared.db");
    {
        let mut store = frontdesk::store::Store::open(&db).unwrap();
        let settings = frontdesk::domain::settings::OfficeSettings::default();
        frontdesk::demo::populate(&mut store, &settings, chrono::Utc::now()).unwrap();
    }
    let command = format!("{BIN} --db {} --lang en; sleep 60", db.display());
    let desks: Vec<Session> = [81, 82].map(|w| Session::start(w, 24, &command)).into();
    for desk in &desks {
        desk.wait_for("Sign in");
        desk.keys(&["前台小刘", "Enter"]);
        desk.wait_for("Next up: 王芳");
    }
    desks[0].keys(&["n"]);
    desks[0].wait_for("ROT-1: 王芳 receives the walk-in");
    desks[1].wait_for("Next up: 李娜");
    desks[1].keys(&["n"]);
    desks[0].wait_for("Next up: 陈静");
}
