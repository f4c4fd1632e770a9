//! The binary run as a command, the way the command-line tests run it.
#![allow(dead_code)] // each test file uses its part

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

pub const BIN: &str = env!("CARGO_BIN_EXE_frontdesk");

/// Runs the binary on `db` in `lang`, with `stdin` (a PIN line) as its standard input, in a
/// home of its own so no user's config is read.
pub fn frontdesk(db: &Path, lang: &str, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .arg("--db")
        .arg(db)
        .args(["--lang", lang])
        .env("HOME", db.parent().unwrap())
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("XDG_DATA_HOME")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A command refused before it reads the PIN has closed its stdin: nothing to write to.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    child.wait_with_output().unwrap()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// What a refused run said: it must have exited with 1 and said it in one line on standard
/// error, as every refusal of the command line does. The line.
pub fn refused_in_one_line(out: &Output) -> String {
    let err = stderr(out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "not refused: {}{err}",
        stdout(out)
    );
    assert_eq!(err.trim_end().lines().count(), 1, "not one line: {err}");
    err
}
