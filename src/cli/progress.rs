//! The progress bar of a long import: drawn on stderr only when both stdout and stderr
//! are terminals and there are enough rows to wait for; otherwise nothing is drawn.

use std::io::IsTerminal;

use super::Ctx;

/// Rows from which an import shows a progress bar.
const PROGRESS_FROM: u64 = 5_000;

/// A bar counting rows, hidden until there are enough of them.
pub struct RowsBar {
    bar: Option<indicatif::ProgressBar>,
}

impl RowsBar {
    /// A bar for this command's output (none when not on a terminal).
    pub fn new(ctx: &Ctx) -> RowsBar {
        RowsBar {
            bar: (ctx.is_terminal() && std::io::stderr().is_terminal())
                .then(indicatif::ProgressBar::hidden),
        }
    }

    /// `done` of `total` rows are read; at `total` the writing starts.
    pub fn update(&self, done: u64, total: u64) {
        let Some(b) = &self.bar else {
            return;
        };
        if total < PROGRESS_FROM {
            return;
        }
        if b.is_hidden() {
            b.set_style(
                indicatif::ProgressStyle::with_template(
                    "rolo: importing {bar:30} {pos}/{len} rows {msg}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            b.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            b.set_length(total);
        }
        b.set_position(done);
        if done == total {
            // The rows are read; the records are written and committed in one go.
            b.set_message("writing…");
        }
    }

    /// Clears the bar.
    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
