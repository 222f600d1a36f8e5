//! The open TUI runs the automation sweep: once at start and every few minutes, on a
//! background thread so the screen never waits for it. Its changes are committed like
//! any other process's and reach the screen through the change log on the next tick.

use std::sync::Arc;
use std::time::Duration;

use crate::store::Store;

/// How often an open TUI sweeps.
pub const EVERY: Duration = Duration::from_secs(5 * 60);
/// How long after start the first sweep waits, so it never competes with the first
/// frames for the processor.
pub const FIRST_AFTER: Duration = Duration::from_secs(3);

/// Starts the sweeping thread (closing tickets solved `close_days` ago); it ends with
/// the process.
pub fn start(store: Arc<Store>, close_days: u32) {
    let spawned = std::thread::Builder::new()
        .name("rolo-sweep".into())
        .spawn(move || {
            std::thread::sleep(FIRST_AFTER);
            loop {
                // A busy database or any other failure is retried at the next turn: the
                // sweep is idempotent, and cron or another TUI may be sweeping too.
                let _ = crate::automation::sweep_with(&store, close_days);
                std::thread::sleep(EVERY);
            }
        });
    // Without a thread the TUI still works; time rules then wait for `rolo sweep`.
    drop(spawned);
}
