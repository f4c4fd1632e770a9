//! A head office on a test cluster (`tests/outside/postgres.rs`) as its administrator sets it
//! up with the binary, and desks pushing to it: what the head-office, group-figures,
//! verify-against and console-push tests share. The test file declares `cli` and `outside`
//! beside this module.
#![allow(dead_code)] // each test file uses its part

use std::path::Path;
use std::process::Output;

use frontdesk::store::chain::Chained;
use postgres::{Client, NoTls};

use super::cli::{frontdesk, stderr, stdout};
use super::outside::postgres::Cluster;

/// A head-office address where nothing answers: the desk's connection fails at once.
pub const UNREACHABLE: &str = "host=/nonexistent user=nobody dbname=none";

/// `frontdesk head-office ARGS… --url URL` in `lang` with `stdin`; no desk file is used.
pub fn administer(url: &str, lang: &str, args: &[&str], stdin: &str) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let mut all = vec!["head-office"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--url", url]);
    frontdesk(&dir.path().join("unused.db"), lang, &all, stdin)
}

/// `frontdesk head-office setup` on `url`, as the head office's administrator runs it.
pub fn set_up(url: &str) {
    let out = administer(url, "en", &["setup"], "");
    assert!(out.status.success(), "setup failed: {}", stderr(&out));
}

/// A fresh database `name` on `cluster`, set up as a head office by its administrator.
pub fn head_office_db(cluster: &Cluster, name: &str) -> String {
    let url = cluster.database(name);
    set_up(&url);
    url
}

/// Office `office`'s own login `role`, its password generated: the connection string the
/// administrator was given for the office's settings.
pub fn office_login(url: &str, office: &str, role: &str) -> String {
    let out = administer(url, "en", &["add-office", office, "--role", role], "");
    assert!(out.status.success(), "add-office failed: {}", stderr(&out));
    let said = stdout(&out);
    let (_, connection) = said
        .split_once("(frontdesk sync --to): ")
        .unwrap_or_else(|| panic!("no connection string in: {said}"));
    connection.trim().to_owned()
}

/// The administrator's connection string `url` with `role` logging in instead (trusted on
/// the cluster's socket unless it requires passwords).
pub fn logged_in_as(url: &str, role: &str) -> String {
    url.replace("user=postgres", &format!("user={role}"))
}

/// `frontdesk sync --to URL --office OFFICE` on the desk file `db`, in `lang`.
pub fn sync(db: &Path, url: &str, office: &str, lang: &str) -> Output {
    frontdesk(db, lang, &["sync", "--to", url, "--office", office], "")
}

/// The same, which must succeed.
pub fn synced(db: &Path, url: &str, office: &str) {
    let out = sync(db, url, office, "en");
    assert!(out.status.success(), "sync failed: {}", stderr(&out));
}

/// The rows of `chain` the head office at `url` holds for `office`.
pub fn chain_rows(url: &str, office: &str, chain: &Chained) -> i64 {
    let mut client = Client::connect(url, NoTls).unwrap();
    client
        .query_one(
            "SELECT count(*) FROM evidence_rows WHERE office = $1 AND chain = $2",
            &[&office, &chain.table],
        )
        .unwrap()
        .get(0)
}
