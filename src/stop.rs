//! The signals that ask a run to end (SIGTERM, SIGHUP, SIGINT), caught once for the console
//! and the command line alike: the console's loop and an import's or export's row loop look
//! at [`stop_requested`] and end the normal way — the terminal restored, a transaction
//! rolled back, a partial file removed — instead of being killed halfway.

use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

/// The signals that ask the console to end: `kill` (TERM), the terminal window closing
/// (HUP) and an interrupt sent from outside (INT; Ctrl-C at the desk is a key in raw mode).
const STOP_SIGNALS: [i32; 3] = [
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGHUP,
    signal_hook::consts::SIGINT,
];

static STOP: OnceLock<Arc<AtomicBool>> = OnceLock::new();

/// From now on, a stop signal ends the run the way `q` ends the console: the loop notices and
/// returns, so the terminal is restored and the demo database removed. Until then the
/// default action would kill the process and skip both. A second SIGTERM or SIGINT while
/// the first is being handled ends the process at once, in case anything ever kept the loop
/// from noticing — but not a second SIGHUP: a closing window sends several (the kernel to
/// the foreground group, the terminal or shell to its children), and the first must be let
/// finish. Calling it again does nothing.
pub fn catch_stop_signals() -> io::Result<()> {
    if STOP.get().is_some() {
        return Ok(());
    }
    let flag = Arc::new(AtomicBool::new(false));
    for signal in STOP_SIGNALS {
        if signal != signal_hook::consts::SIGHUP {
            // Registered first, so it sees the flag as it was before this signal.
            signal_hook::flag::register_conditional_shutdown(signal, 1, Arc::clone(&flag))?;
        }
        signal_hook::flag::register(signal, Arc::clone(&flag))?;
    }
    let _ = STOP.set(flag);
    Ok(())
}

/// Whether a stop signal has arrived.
pub fn stop_requested() -> bool {
    STOP.get().is_some_and(|flag| flag.load(Ordering::Relaxed))
}
