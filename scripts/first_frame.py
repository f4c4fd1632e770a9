#!/usr/bin/env python3
"""Time the console's first frame as a person sees it: the binary started on a pseudo-terminal
(80x24 unless told), timed from the fork to the first visible text it draws on the alternate
screen, and optionally to a later text (`--until`), then ended with SIGTERM (which ends it the
way `q` does). Prints one line per run and the medians; the child's peak memory comes from
wait4's rusage, so it is the binary's own.

    scripts/first_frame.py [--runs N] [--until TEXT] [--size 80x24] -- BINARY ARGS...

e.g. `scripts/first_frame.py --until 'Next up' -- target/debug/frontdesk --demo --lang en`, or
`scripts/first_frame.py -- target/debug/frontdesk --db /tmp/copy/registers-v3.db --lang en`
(a copy: the console migrates and writes to the file it opens; `--setup 'cp SRC DST'` makes a
fresh one before each run, untimed, for a first start).
"""

import argparse
import fcntl
import os
import pty
import re
import select
import signal
import statistics
import struct
import sys
import termios
import time

ALT_SCREEN = b"\x1b[?1049h"
# CSI sequences, OSC sequences and two-byte escapes: what is left is text on the screen.
ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[@-_]")


def run_once(argv, size, until, timeout):
    cols, rows = size
    started = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        os.environ["TERM"] = os.environ.get("TERM", "xterm-256color")
        try:
            os.execvp(argv[0], argv)
        finally:
            os._exit(127)
    seen = b""
    first = None
    reached = None
    while time.monotonic() - started < timeout:
        ready, _, _ = select.select([fd], [], [], 0.005)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
        at = time.monotonic() - started
        shown = seen.split(ALT_SCREEN, 1)
        if len(shown) < 2:
            continue
        text = ESCAPES.sub(b"", shown[1]).decode("utf-8", "replace")
        if first is None and text.strip():
            first = at
        if until is None and first is not None:
            break
        if until is not None and until in text:
            reached = at
            break
    os.kill(pid, signal.SIGTERM)
    # Keep reading so the child never blocks on a full pty while it restores the terminal.
    status = None
    while status is None:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                os.read(fd, 65536)
            except OSError:
                pass
        done, code, usage = os.wait4(pid, os.WNOHANG)
        if done:
            status = (code, usage)
    os.close(fd)
    return first, reached, status[1].ru_maxrss


def ms(seconds):
    return "-" if seconds is None else f"{seconds * 1000:.0f} ms"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--until", help="also time until this text is on the screen")
    parser.add_argument("--size", default="80x24")
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--setup", help="a shell command run before each run, not timed (e.g. a fresh copy)")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    argv = [a for a in args.command if a != "--"] if args.command[:1] == ["--"] else args.command
    if not argv:
        parser.error("no command")
    size = tuple(int(n) for n in args.size.split("x"))
    firsts, untils, peaks = [], [], []
    print("| run | first frame | " + (f"until {args.until!r} | " if args.until else "") + "peak memory |")
    print("|---|---|" + ("---|" if args.until else "") + "---|")
    for run in range(1, args.runs + 1):
        if args.setup and os.system(args.setup) != 0:
            sys.exit(f"setup failed: {args.setup}")
        first, reached, peak_kb = run_once(argv, size, args.until, args.timeout)
        firsts.append(first)
        untils.append(reached)
        peaks.append(peak_kb)
        cells = [str(run), ms(first)] + ([ms(reached)] if args.until else []) + [f"{peak_kb / 1024:.0f} MB"]
        print("| " + " | ".join(cells) + " |", flush=True)

    def median(values):
        values = [v for v in values if v is not None]
        return statistics.median(values) if values else None

    line = f"median: first frame {ms(median(firsts))}"
    if args.until:
        line += f", until {args.until!r} {ms(median(untils))}"
    line += f", peak memory {statistics.median(peaks) / 1024:.0f} MB"
    print(line)


if __name__ == "__main__":
    sys.exit(main())
