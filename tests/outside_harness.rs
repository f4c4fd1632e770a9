//! The harness of the tests that need an outside program (`tests/outside`, issue 19 §4),
//! checked by running it: this binary, started again with `AS_HARNESS` set, is a harness
//! whose one test needs a program no machine has (`missing`) or `sh` (`present`).

#[macro_use]
mod outside;

use std::process::{Command, Output};

use outside::Program;

/// A program every machine that runs these tests has.
const SH: Program = Program {
    command: "sh",
    probe: &["-c", "exit 0"],
    install: "",
};

/// A program no machine has.
const NOWHERE: Program = Program {
    command: "frontdesk-test-no-such-program",
    probe: &["--version"],
    install: "nothing can install it",
};

fn main() {
    match std::env::var("AS_HARNESS").as_deref() {
        Ok("missing") => outside::run(tests![NOWHERE => needs_a_program_no_machine_has]),
        Ok("present") => outside::run(tests![SH => needs_sh_and_fails]),
        _ => {}
    }
    outside::run(tests![
        outside_ci_a_test_whose_program_is_missing_is_ignored_with_the_reason_after_the_summary,
        on_ci_a_test_whose_program_is_missing_fails_saying_what_is_missing,
        the_list_nextest_reads_marks_it_ignored_and_says_nothing_else,
        a_test_whose_program_is_there_runs_and_can_fail,
    ])
}

fn needs_a_program_no_machine_has() {
    panic!("ran although its program is missing");
}

fn needs_sh_and_fails() {
    panic!("failed as its body says");
}

/// This binary as the harness above, with `CI` set or not and these arguments.
fn harness(ci: bool, args: &[&str]) -> Output {
    harness_of("missing", ci, args)
}

fn harness_of(program: &str, ci: bool, args: &[&str]) -> Output {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .env("AS_HARNESS", program)
        .env_remove("CI")
        .args(args);
    if ci {
        command.env("CI", "true");
    }
    command.output().unwrap()
}

fn said(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

fn outside_ci_a_test_whose_program_is_missing_is_ignored_with_the_reason_after_the_summary() {
    let out = harness(false, &[]);
    let said = said(&out);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("test needs_a_program_no_machine_has ... ignored"),
        "{said}"
    );
    let summary = said
        .find("test result: ok. 0 passed; 0 failed; 1 ignored")
        .unwrap_or_else(|| panic!("counted as ignored: {said}"));
    let reason = said
        .find(
            "skipped 1 test: frontdesk-test-no-such-program is not installed; \
             install it with `nothing can install it`",
        )
        .unwrap_or_else(|| panic!("the reason is given: {said}"));
    assert!(reason > summary, "after the summary: {said}");
}

fn on_ci_a_test_whose_program_is_missing_fails_saying_what_is_missing() {
    let out = harness(true, &[]);
    let said = said(&out);
    assert!(!out.status.success(), "{said}");
    assert!(said.contains("1 failed"), "{said}");
    assert!(
        said.contains(
            "frontdesk-test-no-such-program is not installed; install it with `nothing can \
             install it`; CI must run this test, not skip it"
        ),
        "{said}"
    );
    assert!(!said.contains("ran although"), "the body never ran: {said}");
    assert!(!said.contains("skipped"), "{said}");
}

fn the_list_nextest_reads_marks_it_ignored_and_says_nothing_else() {
    let all = harness(false, &["--list", "--format", "terse"]);
    assert_eq!(
        String::from_utf8_lossy(&all.stdout),
        "needs_a_program_no_machine_has: test\n"
    );
    let ignored = harness(false, &["--list", "--format", "terse", "--ignored"]);
    assert_eq!(
        String::from_utf8_lossy(&ignored.stdout),
        "needs_a_program_no_machine_has: test\n",
        "listed among the ignored, which nextest counts as skipped"
    );
    let on_ci = harness(true, &["--list", "--format", "terse", "--ignored"]);
    assert_eq!(
        String::from_utf8_lossy(&on_ci.stdout),
        "",
        "on CI nothing is ignored"
    );
}

fn a_test_whose_program_is_there_runs_and_can_fail() {
    for ci in [false, true] {
        let out = harness_of("present", ci, &[]);
        let said = said(&out);
        assert!(!out.status.success(), "{said}");
        assert!(said.contains("failed as its body says"), "{said}");
        assert!(said.contains("0 passed; 1 failed; 0 ignored"), "{said}");
        assert!(!said.contains("skipped"), "{said}");
    }
    let out = harness(false, &["--include-ignored"]);
    let said = said(&out);
    assert!(
        said.contains("ignored (frontdesk-test-no-such-program is not installed"),
        "a missing program's test asked to run anyway says why it cannot: {said}"
    );
}
