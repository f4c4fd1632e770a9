//! A locked database through the real binary (issue 7 §4): while another program holds the
//! write lock, the console keeps drawing and answering keys, says what is happening, keeps
//! what was typed, and finishes the write once the lock is gone.

#[macro_use]
mod outside;
mod tmux;

use tmux::{BIN, Session, demo_db, sh_quote};

fn main() {
    outside::run(tests![outside::TMUX =>
        a_locked_database_keeps_the_console_alive_and_the_walk_in_goes_through_when_free,
    ])
}

fn a_locked_database_keeps_the_console_alive_and_the_walk_in_goes_through_when_free() {
    let tmp = tempfile::tempdir().unwrap();
    let command = format!(
        "TMPDIR={} {BIN} --demo --lang en; sleep 60",
        sh_quote(&tmp.path().display().to_string())
    );
    let desk = Session::start(80, 24, &command);
    desk.wait_for("Next up: 王芳");
    let db = demo_db(tmp.path());
    let other = rusqlite::Connection::open(&db).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    desk.keys(&["n"]);
    desk.wait_for("Another desk is saving; trying again");
    // It answers keys while the lock is held: Esc gives up the walk-in, help opens.
    // Each Escape is waited out: an Escape and the next key read together are Alt and
    // that key.
    desk.keys(&["Escape"]);
    desk.wait_until("the walk-in given up", |s| !s.contains("trying again"));
    desk.keys(&["?"]);
    desk.wait_for("╭ Keys");
    desk.keys(&["Escape"]);
    desk.wait_until("the help to close", |s| !s.contains("╭ Keys"));
    desk.keys(&["n"]);
    desk.wait_for("Another desk is saving; trying again");
    // Once the other program lets go, the waiting walk-in goes through by itself.
    other.execute_batch("COMMIT").unwrap();
    let screen = desk.wait_for("ROT-1: 王芳 receives the walk-in");
    assert!(!screen.contains("trying again"), "{screen}");
}
