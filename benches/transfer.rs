//! Import and export at a million rows (issue 18): `frontdesk import visits` of the office's
//! 1,000,000-row spreadsheet and `import calls` of its 300,000 calls into a new office, then
//! `frontdesk export visits` of the whole register to CSV and to .xlsx — each the real
//! binary run as a child process, timed from start to exit, its own peak memory read with
//! `wait4` (not this process's). Run with `cargo bench --bench transfer`.
//!
//! There is no bare-SQLite twin here: the figure is the whole command (reading, checking,
//! chaining, indexing, writing the sheet), and the goal is about memory and being told.
//! The spreadsheets and the register are the shared cached ones (`register_file`).

mod register_file;
use register_file::*;

use std::path::Path;
use std::time::Instant;

fn main() {
    let path = db_path();
    let data = register_data();
    if !path.exists() {
        generate(&path, &data);
    }
    let (visits, calls) = spreadsheets(&data);
    drop(data);
    let dir = tempfile::tempdir_in(path.parent().unwrap()).unwrap();

    println!("\n-- import into a new office (the register's own build) --");
    let office = dir.path().join("office.db");
    set_up_office(&office);
    for (register, file, rows) in [("visits", &visits, VISITS), ("calls", &calls, CALLS)] {
        let run = import(&office, register, file);
        println!(
            "import {register:6} {rows:>9} rows  {:>7.1?}  peak {:>5} MiB  ({} MiB of spreadsheet)",
            run.elapsed,
            run.measured.peak_kib / 1024,
            size_mib(file)
        );
    }
    drop(office);

    println!("\n-- export the whole register --");
    for ext in ["csv", "xlsx"] {
        let out = dir.path().join(format!("visits.{ext}"));
        let started = Instant::now();
        let measured = child::run_measured(
            std::process::Command::new(env!("CARGO_BIN_EXE_frontdesk"))
                .args([
                    "export",
                    "visits",
                    "--from",
                    "2016-01-01",
                    "--to",
                    "2026-11-22",
                ])
                .arg("--out")
                .arg(&out)
                .args(["--supervisor", "陈经理", "--lang", "en", "--db"])
                .arg(&path),
            &format!("{PIN}\n"),
        );
        let elapsed = started.elapsed();
        assert!(
            measured.status.success(),
            "export failed: {}{}",
            measured.stdout,
            measured.stderr
        );
        println!(
            "export visits .{ext:4} {VISITS:>9} rows  {elapsed:>7.1?}  peak {:>5} MiB  ({} MiB written)",
            measured.peak_kib / 1024,
            size_mib(&out)
        );
    }
}

fn size_mib(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len() / (1024 * 1024))
}
