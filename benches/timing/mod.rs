//! What the benchmarks share: timing the store and bare SQLite on the same inputs, back to
//! back, and reading the percentiles off the times.
#![allow(dead_code)] // each benchmark uses its part

use std::time::{Duration, Instant};

/// How many times each input is timed; its time is the fastest. The machine's 2 cores are
/// shared with other builds, whose bursts would otherwise set the p99 of every figure; the
/// passes go through all inputs in turn, so no input runs twice on a cache it just warmed.
pub const PASSES: usize = 3;

/// Inputs run once through both before timing, to warm the caches.
const WARM_UP: usize = 10;

/// The store's and the bare figure side by side: each input timed through both, back to
/// back, so both meet the same caches and the same neighbours' load (timed one after the
/// other, the second of two figures came out up to three times slower on this machine); which
/// goes first alternates from input to input.
pub fn paired<T>(
    inputs: &[T],
    mut store: impl FnMut(&T),
    mut bare: impl FnMut(&T),
) -> ((Duration, Duration), (Duration, Duration)) {
    for input in inputs.iter().take(WARM_UP) {
        store(input);
        bare(input);
    }
    let mut s = vec![Duration::MAX; inputs.len()];
    let mut b = vec![Duration::MAX; inputs.len()];
    for _ in 0..PASSES {
        for (i, input) in inputs.iter().enumerate() {
            for turn in 0..2 {
                let t = Instant::now();
                if (i + turn) % 2 == 0 {
                    store(input);
                    s[i] = s[i].min(t.elapsed());
                } else {
                    bare(input);
                    b[i] = b[i].min(t.elapsed());
                }
            }
        }
    }
    (spread(s), spread(b))
}

pub fn spread(mut times: Vec<Duration>) -> (Duration, Duration) {
    times.sort();
    let at = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    (at(0.50), at(0.99))
}

pub fn ms(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1000.0)
}
