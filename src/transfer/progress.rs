//! How far a long import or export has come (issue 18), on standard error so standard
//! output keeps only what the command did: a bar (indicatif) when standard error is a
//! terminal, otherwise a plain line now and then, so a log or a script sees it move without
//! a screenful of redraws.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How often a plain line is written when nobody sees a bar.
const PLAIN_EVERY: Duration = Duration::from_secs(5);

/// The progress of one pass over rows; `what` names the pass ("Checking", "Importing").
pub struct Progress {
    what: String,
    total: Option<u64>,
    done: u64,
    shown: Shown,
}

enum Shown {
    Bar(ProgressBar),
    /// Plain lines on a file or pipe, the last one written at this moment.
    Lines(Instant),
    /// `--quiet` runs and tests that read standard error whole.
    Nothing,
}

impl Progress {
    /// A pass over `total` rows (or an unknown number), shown where standard error goes.
    pub fn new(what: impl Into<String>, total: Option<u64>) -> Progress {
        let shown = match std::io::stderr().is_terminal() {
            true => Shown::Bar(bar(total)),
            false => Shown::Lines(Instant::now()),
        };
        Progress::shown_as(what.into(), total, shown)
    }

    /// A pass that shows nothing (for callers that report elsewhere, and tests).
    pub fn hidden() -> Progress {
        Progress::shown_as(String::new(), None, Shown::Nothing)
    }

    fn shown_as(what: String, total: Option<u64>, shown: Shown) -> Progress {
        if let Shown::Bar(bar) = &shown {
            bar.set_message(what.clone());
        }
        Progress {
            what,
            total,
            done: 0,
            shown,
        }
    }

    /// `rows` more are done.
    pub fn advance(&mut self, rows: u64) {
        self.done += rows;
        match &mut self.shown {
            Shown::Bar(bar) => bar.set_position(self.done),
            Shown::Lines(last) if last.elapsed() >= PLAIN_EVERY => {
                *last = Instant::now();
                let line = match self.total {
                    Some(total) => format!("{}: {} / {total}", self.what, self.done),
                    None => format!("{}: {}", self.what, self.done),
                };
                let _ = writeln!(std::io::stderr(), "{line}");
            }
            Shown::Lines(_) | Shown::Nothing => {}
        }
    }

    /// How many rows are done.
    pub fn done(&self) -> u64 {
        self.done
    }

    /// The pass is over (done or stopped): the bar is cleared so the command's own last line
    /// is what stays on the screen.
    pub fn finish(self) {
        if let Shown::Bar(bar) = self.shown {
            bar.finish_and_clear();
        }
    }
}

fn bar(total: Option<u64>) -> ProgressBar {
    let bar = match total {
        Some(total) => ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr()),
        None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
    };
    let template = match total {
        Some(_) => "{msg} [{bar:30}] {pos}/{len} ({eta})",
        None => "{msg} {spinner} {pos}",
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_counts_the_rows_it_is_told_of() {
        let mut progress = Progress::hidden();
        progress.advance(3);
        progress.advance(1000);
        assert_eq!(progress.done(), 1003);
        progress.finish();
    }
}
