//! A child process's own peak memory (issue 18: memory is measured on the binary run as a
//! child, not on the test process, whose peak the parallel tests share).
//!
//! Read as the kernel keeps it for the program the child runs: `VmHWM` in
//! `/proc/PID/status`, the high-water mark of the address space `exec` gave it, sampled
//! every few milliseconds until the child exits. Not `wait4`'s `ru_maxrss`: Linux carries
//! the spawning process's high-water mark into it (the child borrows or copies this
//! process's memory before it execs), so a test or benchmark that holds a big data set would
//! measure itself. A growth in the child's last few milliseconds could be missed; a peak
//! held any longer is not.

use std::io::Write;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::Duration;

/// What a finished child did and the most memory it held at once.
pub struct Measured {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
    /// Peak resident memory of the program the child ran, in kibibytes.
    pub peak_kib: u64,
}

/// How often the child's high-water mark is read.
const SAMPLE_EVERY: Duration = Duration::from_millis(5);

/// Runs `command` with `stdin` written to it, samples its peak memory until it exits, and
/// waits for it.
pub fn run_measured(command: &mut Command, stdin: &str) -> Measured {
    let mut child = spawn_piped(command);
    let sampler = sample_peak(child.id());
    write_stdin(&mut child, stdin);
    let (stdout, stderr) = drain(&mut child);
    // The sampler ends when the child has exited and is not yet reaped, so its pid cannot
    // have been given to another process meanwhile.
    let peak_kib = sampler.join().expect("the sampler ends");
    let status = child.wait().expect("the child is waited for");
    Measured {
        status,
        stdout: stdout.join().expect("stdout is read"),
        stderr: stderr.join().expect("stderr is read"),
        peak_kib,
    }
}

/// Starts `command` with its three standard streams piped.
pub fn spawn_piped(command: &mut Command) -> Child {
    command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts")
}

/// Writes `stdin` (a PIN line) to the child and closes its standard input.
pub fn write_stdin(child: &mut Child, stdin: &str) {
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(stdin.as_bytes())
        .expect("stdin is written");
}

/// The highest `VmHWM` read from the child's status until it is a zombie (or gone).
fn sample_peak(pid: u32) -> std::thread::JoinHandle<u64> {
    std::thread::spawn(move || {
        let path = format!("/proc/{pid}/status");
        let mut peak = 0;
        loop {
            let Ok(status) = std::fs::read_to_string(&path) else {
                return peak;
            };
            let field = |name: &str| {
                status
                    .lines()
                    .find_map(|l| l.strip_prefix(name))
                    .map(str::trim)
            };
            if field("State:").is_none_or(|s| s.starts_with('Z')) {
                return peak;
            }
            let hwm = field("VmHWM:")
                .and_then(|v| v.trim_end_matches("kB").trim().parse::<u64>().ok())
                .unwrap_or(0);
            peak = peak.max(hwm);
            std::thread::sleep(SAMPLE_EVERY);
        }
    })
}

/// Waits until the running child `pid` catches SIGTERM (its `SigCgt` in `/proc/PID/status`):
/// from then on a SIGTERM is the binary's to handle, not the default action that kills it
/// unheard. Panics if the child is gone or does not catch it within `patience`.
pub fn wait_until_it_catches_sigterm(pid: u32, patience: Duration) {
    let started = std::time::Instant::now();
    loop {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
            .unwrap_or_else(|e| panic!("the child {pid} is gone: {e}"));
        let caught = status
            .lines()
            .find_map(|l| l.strip_prefix("SigCgt:"))
            .and_then(|mask| u64::from_str_radix(mask.trim(), 16).ok())
            .unwrap_or(0);
        if caught & (1 << (libc::SIGTERM - 1)) != 0 {
            return;
        }
        assert!(
            started.elapsed() < patience,
            "the child did not catch SIGTERM within {patience:?}"
        );
        std::thread::sleep(SAMPLE_EVERY);
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
