//! Who may read the database file (issue 18): a new file, its -wal and its -shm are the
//! owner's only (0600), or the owner's and group's (0660) in a setgid group-writable folder,
//! whatever the umask; an older file open to others is left as it is and the console and
//! `frontdesk verify` say so; a file that cannot be written still opens.
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use frontdesk::store::Store;

const BIN: &str = env!("CARGO_BIN_EXE_frontdesk");
/// Tells the child test which folder to open a new database in, and the mode it expects.
const CHILD_DIR: &str = "FRONTDESK_FILE_MODE_DIR";
const CHILD_EXPECT: &str = "FRONTDESK_FILE_MODE_EXPECT";

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

/// Runs `child_opens_a_new_database` in a child process whose umask is 022 (the umask is the
/// whole process's, so it cannot be set in a test that runs beside others).
fn open_new_database_under_umask_022(dir: &Path, expect: u32) -> Output {
    let out = Command::new("sh")
        .arg("-c")
        .arg(r#"umask 022; exec "$0" "$@""#)
        .arg(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_opens_a_new_database",
            "--ignored",
            "--nocapture",
        ])
        .env(CHILD_DIR, dir)
        .env(CHILD_EXPECT, format!("{expect:o}"))
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "child failed: {said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The child really ran (a filter that matched nothing would succeed too).
    assert!(said.contains("1 passed"), "{said}");
    out
}

/// The child's half: opens a new database and, while it is open, checks the file, its -wal
/// and its -shm.
#[test]
#[ignore = "run by the tests below in a child process with umask 022"]
fn child_opens_a_new_database() {
    let dir = PathBuf::from(std::env::var_os(CHILD_DIR).expect("run by its parent test"));
    let expect = u32::from_str_radix(&std::env::var(CHILD_EXPECT).unwrap(), 8).unwrap();
    let db = dir.join("frontdesk.db");
    let store = Store::open(&db).unwrap();
    assert!(!store.is_read_only());
    for file in [
        db.clone(),
        with_suffix(&db, "-wal"),
        with_suffix(&db, "-shm"),
    ] {
        assert_eq!(
            format!("{:o}", mode(&file)),
            format!("{expect:o}"),
            "{}",
            file.display()
        );
    }
    assert_eq!(store.open_to_others(), None);
}

#[test]
fn a_new_database_and_its_wal_and_shm_are_its_owners_only_under_umask_022() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    open_new_database_under_umask_022(dir.path(), 0o600);
}

#[test]
fn a_new_database_in_a_setgid_group_writable_folder_is_its_owners_and_groups() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o2770)).unwrap();
    assert_eq!(
        mode(dir.path()),
        0o2770,
        "the setgid bit could not be set here"
    );
    // The umask 022 would take the group's write away: the console sets it back.
    open_new_database_under_umask_022(dir.path(), 0o660);
}

#[test]
fn a_group_writable_folder_without_the_setgid_bit_is_not_shared() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o775)).unwrap();
    open_new_database_under_umask_022(dir.path(), 0o600);
}

/// A database made before issue 18, with the mode SQLite gave it then.
fn older_database_open_to_others(dir: &Path) -> PathBuf {
    let db = dir.join("frontdesk.db");
    drop(Store::open(&db).unwrap());
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    db
}

fn run(args: &[&str], db: &Path) -> Output {
    Command::new(BIN)
        .args(args)
        .arg("--db")
        .arg(db)
        .env("HOME", db.parent().unwrap())
        .env_remove("XDG_CONFIG_HOME")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn an_older_file_readable_by_others_is_left_as_it_is_and_the_console_says_so_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = older_database_open_to_others(dir.path());
    // Without a terminal the console stops after opening the file: what it says first is
    // on stderr, before its "needs a terminal".
    let out = run(&["--lang", "en"], &db);
    let said = String::from_utf8_lossy(&out.stderr);
    let warning = "has mode 0644: other users of this computer can read it";
    assert_eq!(said.matches(warning).count(), 1, "{said}");
    assert!(
        said.contains(&format!("chmod 600 {}", db.display())),
        "{said}"
    );
    assert_eq!(mode(&db), 0o644);

    let out = run(&["--lang", "zh"], &db);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("的权限是 0644,本机其他用户也能读取"),
        "{said}"
    );
    assert_eq!(mode(&db), 0o644);
}

#[test]
fn verify_mentions_a_file_readable_by_others_and_still_verifies_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = older_database_open_to_others(dir.path());
    let out = run(&["verify", "--lang", "en"], &db);
    assert!(out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("has mode 0644: other users of this computer can read it"),
        "{said}"
    );
    assert_eq!(mode(&db), 0o644);
}

#[test]
fn verify_says_nothing_about_the_mode_of_a_file_kept_to_its_owner() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("frontdesk.db");
    drop(Store::open(&db).unwrap());
    let out = run(&["verify", "--lang", "en"], &db);
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn a_read_only_file_still_opens_and_keeps_its_mode() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("frontdesk.db");
    drop(Store::open(&db).unwrap());
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o444)).unwrap();
    // Root writes through any mode: then the file is simply opened for writing.
    let writable = std::fs::OpenOptions::new().write(true).open(&db).is_ok();
    let store = Store::open(&db).unwrap();
    assert_eq!(store.is_read_only(), !writable);
    assert_eq!(store.open_to_others(), Some(0o444));
    drop(store);
    assert_eq!(mode(&db), 0o444);
}
