//! A progress bar on standard error for long batches, on a terminal only: it appears once a batch
//! has passed [`SHOWN_AFTER`] lines, so short batches and pipes never see it.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Lines a batch must reach before the bar is drawn.
const SHOWN_AFTER: u64 = 5000;

/// Counts lines, and draws them once there are enough and standard error is a terminal.
pub(crate) struct Progress {
    bar: Option<ProgressBar>,
    lines: u64,
}

impl Progress {
    /// A counter; its bar is drawn only where standard error is a terminal.
    pub(crate) fn new() -> Self {
        use std::io::IsTerminal;
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            let style =
                ProgressStyle::with_template("{spinner} {pos} requests checked ({per_sec})")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner());
            bar.set_style(style);
            bar
        });
        Progress { bar, lines: 0 }
    }

    /// One more line done.
    pub(crate) fn tick(&mut self) {
        self.lines += 1;
        if let Some(bar) = &self.bar {
            if self.lines >= SHOWN_AFTER && self.lines.is_multiple_of(256) {
                bar.set_position(self.lines);
            }
        }
    }

    /// Removes the bar.
    pub(crate) fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}
