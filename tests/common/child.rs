//! A child process's own peak memory (issue 18: memory is measured on the binary run as a
//! child, not on the test process, whose peak the parallel tests share).

use std::io::Write;
use std::process::{Child, Command, ExitStatus, Stdio};

/// What a finished child did and the most memory it held at once.
pub struct Measured {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
    /// Peak resident memory, in kibibytes (`ru_maxrss` of this child alone).
    pub peak_kib: u64,
}

/// Runs `command` with `stdin` written to it, and waits for it with `wait4`, which gives
/// the resource use of that one child.
///
/// Mind: Linux carries the spawning process's high-water mark into the child's `ru_maxrss`
/// (the child starts as a copy of, or a borrower of, this process's memory before it execs),
/// so the peak is at least this test process's own peak so far. A test that builds a big
/// database in memory before it measures measures itself: keep the test process small
/// (write in chunks) or build the data in another child first.
pub fn run_measured(command: &mut Command, stdin: &str) -> Measured {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(stdin.as_bytes())
        .expect("stdin is written");
    let (stdout, stderr) = drain(&mut child);
    let (status, peak_kib) = wait4(&child);
    Measured {
        status,
        stdout: stdout.join().expect("stdout is read"),
        stderr: stderr.join().expect("stderr is read"),
        peak_kib,
    }
}

type Reader = std::thread::JoinHandle<String>;

/// Reads both pipes on threads, so a chatty child never blocks on a full pipe.
fn drain(child: &mut Child) -> (Reader, Reader) {
    fn read(mut from: impl std::io::Read + Send + 'static) -> Reader {
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = from.read_to_string(&mut text);
            text
        })
    }
    (
        read(child.stdout.take().expect("stdout is piped")),
        read(child.stderr.take().expect("stderr is piped")),
    )
}

fn wait4(child: &Child) -> (ExitStatus, u64) {
    use std::os::unix::process::ExitStatusExt;
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: a zeroed rusage is a valid value for wait4 to fill.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own unwaited child; the pointers are to live locals.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4 on the child failed");
    (
        ExitStatus::from_raw(status),
        u64::try_from(usage.ru_maxrss).unwrap_or(0),
    )
}
