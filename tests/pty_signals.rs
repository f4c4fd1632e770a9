//! Ending the console from outside (issue 7 §4): `kill` (SIGTERM), a hang-up (SIGHUP) and
//! closing the terminal window end it the way `q` does — the terminal is restored and the
//! demo database removed. Driven through a real pseudo-terminal (tmux).

#[macro_use]
mod outside;
mod tmux;

use std::path::Path;
use std::process::Command;

use tmux::{BIN, Session, alive, entries, eventually};

fn main() {
    outside::run(tests![outside::TMUX =>
        sigterm_ends_the_console_like_q_restoring_the_terminal_and_removing_the_demo_database,
        sighup_ends_the_console_like_q_restoring_the_terminal_and_removing_the_demo_database,
        closing_the_terminal_window_ends_the_console_and_removes_the_demo_database,
    ])
}

/// A demo console whose demo database goes under `tmp` and whose process id is written to
/// `pid_file`; the shell then says how it ended and whether the terminal is back in cooked
/// mode. "before" is on the normal screen, to see that the alternate screen was left.
fn demo_desk(tmp: &Path, pid_file: &Path) -> (Session, u32) {
    // `exec` keeps the pid the small shell wrote down; the paths are temp dirs, free of quotes.
    let command = format!(
        "printf 'before\\n'; TMPDIR={tmp} sh -c 'echo $$ > {pid}; exec {BIN} --demo --lang en'; \
         echo \"exit=$?\"; stty -a | tr ' ;' '\\n\\n' | grep -qx icanon && echo cooked || echo raw; \
         sleep 60",
        tmp = tmp.display(),
        pid = pid_file.display(),
    );
    let desk = Session::start(80, 24, &command);
    desk.wait_for("Next up: 王芳");
    let pid = std::fs::read_to_string(pid_file).unwrap();
    let pid = pid.trim().parse().unwrap();
    assert!(!entries(tmp).is_empty(), "the demo database is in {tmp:?}");
    (desk, pid)
}

fn signal(pid: u32, name: &str) {
    let status = Command::new("kill")
        .args([&format!("-{name}"), &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success(), "kill -{name} {pid}");
}

fn a_signal_ends_the_console_like_q(name: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let (desk, pid) = demo_desk(tmp.path(), &work.path().join("pid"));
    signal(pid, name);
    let screen = desk.wait_until("the shell to report the exit", |s| {
        s.contains("cooked") || s.contains("raw")
    });
    assert!(screen.contains("exit=0"), "a normal exit: {screen}");
    assert!(
        screen.contains("before"),
        "the alternate screen was left: {screen}"
    );
    assert!(screen.contains("cooked"), "raw mode was left: {screen}");
    assert_eq!(desk.pane_format("#{alternate_on}"), "0", "{screen}");
    assert_eq!(
        desk.pane_format("#{cursor_flag}"),
        "1",
        "the cursor is shown"
    );
    eventually("the console to exit", || !alive(pid));
    let left = entries(tmp.path());
    assert!(
        left.is_empty(),
        "the demo database was left behind: {left:?}"
    );
}

fn sigterm_ends_the_console_like_q_restoring_the_terminal_and_removing_the_demo_database() {
    a_signal_ends_the_console_like_q("TERM");
}

fn sighup_ends_the_console_like_q_restoring_the_terminal_and_removing_the_demo_database() {
    a_signal_ends_the_console_like_q("HUP");
}

fn closing_the_terminal_window_ends_the_console_and_removes_the_demo_database() {
    let tmp = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let (desk, pid) = demo_desk(tmp.path(), &work.path().join("pid"));
    // The pseudo-terminal goes away: the console is hung up and its reads fail or end.
    desk.close();
    eventually("the console to exit", || !alive(pid));
    let left = entries(tmp.path());
    assert!(
        left.is_empty(),
        "the demo database was left behind: {left:?}"
    );
}
