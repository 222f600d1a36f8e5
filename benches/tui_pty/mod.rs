//! The release binary in a real pseudo-terminal for the TUI benchmark: a reader thread
//! feeds a vt100 parser and stamps when output last arrived, so a wait returns the
//! moment the screen first satisfied a condition (not when the waiter polled), and
//! "the screen stopped changing" can be timed. Resident memory is read from /proc; the
//! few screen readings the figures rest on (a line, the picker's query and count) live
//! here too.

pub mod figures;

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context;
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// Terminal size every run uses.
pub const COLS: u16 = 160;
/// Terminal rows.
pub const ROWS: u16 = 48;

/// The screen and when output last changed it.
struct Screen {
    parser: vt100::Parser,
    changed: Instant,
}

/// One rolo TUI process in a pseudo-terminal.
pub struct Tui {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    shared: Arc<(Mutex<Screen>, Condvar)>,
    _master: Box<dyn MasterPty + Send>,
    /// When the process was spawned.
    pub started: Instant,
}

impl Tui {
    /// Spawns `bin --db db` at [`COLS`]x[`ROWS`] with a pinned clock and user and the
    /// config in `config`.
    pub fn start(bin: &Path, db: &Path, config: &Path) -> anyhow::Result<Tui> {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .map_err(|e| anyhow::anyhow!("openpty: {e}"))?;
        let mut cmd = CommandBuilder::new(bin);
        cmd.arg("--db");
        cmd.arg(db);
        cmd.env("ROLO_USER", "sam");
        cmd.env("ROLO_NOW", "2026-11-25T12:00:00Z");
        cmd.env("ROLO_CONFIG_DIR", config);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        cmd.env_remove("ROLO_DB");
        let mut reader = pair
            .master
            .try_clone_reader()
            .map_err(|e| anyhow::anyhow!("pty reader: {e}"))?;
        let writer = pair
            .master
            .take_writer()
            .map_err(|e| anyhow::anyhow!("pty writer: {e}"))?;
        let started = Instant::now();
        let child = pair
            .slave
            .spawn_command(cmd)
            .map_err(|e| anyhow::anyhow!("spawn {}: {e}", bin.display()))?;
        drop(pair.slave);
        let shared = Arc::new((
            Mutex::new(Screen {
                parser: vt100::Parser::new(ROWS, COLS, 0),
                changed: started,
            }),
            Condvar::new(),
        ));
        let feed = shared.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 65536];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if let Ok(mut s) = feed.0.lock() {
                    s.parser.process(&buf[..n]);
                    s.changed = Instant::now();
                }
                feed.1.notify_all();
            }
        });
        Ok(Tui {
            child,
            writer,
            shared,
            _master: pair.master,
            started,
        })
    }

    /// The screen as text.
    pub fn contents(&self) -> String {
        self.shared
            .0
            .lock()
            .map(|s| s.parser.screen().contents())
            .unwrap_or_default()
    }

    /// Waits until `ready` holds for the screen text; returns when the output that
    /// made it hold arrived, or None after `timeout`.
    pub fn wait(&self, timeout: Duration, ready: impl Fn(&str) -> bool) -> Option<Instant> {
        let deadline = Instant::now() + timeout;
        let (lock, cv) = &*self.shared;
        let mut s = lock.lock().ok()?;
        loop {
            if ready(&s.parser.screen().contents()) {
                return Some(s.changed);
            }
            let left = deadline.checked_duration_since(Instant::now())?;
            s = cv
                .wait_timeout(s, left.min(Duration::from_millis(50)))
                .ok()?
                .0;
        }
    }

    /// Waits until no output arrived for `quiet`; returns when the last output arrived,
    /// or None if output kept coming for `timeout`.
    pub fn settle(&self, quiet: Duration, timeout: Duration) -> Option<Instant> {
        let deadline = Instant::now() + timeout;
        loop {
            let last = self.shared.0.lock().ok()?.changed;
            let now = Instant::now();
            if now.duration_since(last) >= quiet {
                return Some(last);
            }
            if now >= deadline {
                return None;
            }
            std::thread::sleep(quiet - now.duration_since(last));
        }
    }

    /// Types `keys`; returns when they were written.
    pub fn send(&mut self, keys: &[u8]) -> anyhow::Result<Instant> {
        self.writer.write_all(keys).context("write keys")?;
        self.writer.flush().context("flush keys")?;
        Ok(Instant::now())
    }

    /// Resident memory of the process in MB (VmRSS), if it still runs.
    pub fn rss_mb(&self) -> Option<f64> {
        let pid = self.child.process_id()?;
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        let kb: f64 = status
            .lines()
            .find(|l| l.starts_with("VmRSS:"))?
            .split_whitespace()
            .nth(1)?
            .parse()
            .ok()?;
        Some(kb / 1024.0)
    }

    /// Quits with `q` and waits up to 5 s for the exit; kills the process otherwise.
    /// Returns whether it exited by itself.
    pub fn quit(mut self) -> bool {
        let _ = self.send(b"q");
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        false
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The line of `screen` that contains `needle`, if any.
pub fn line_with<'a>(screen: &'a str, needle: &str) -> Option<&'a str> {
    screen.lines().find(|l| l.contains(needle))
}

/// What the picker's query line shows: the line below its "Jump to" title.
pub fn query_line(screen: &str) -> Option<&str> {
    let mut lines = screen.lines().skip_while(|l| !l.contains("Jump to"));
    let (_, rest) = lines.nth(1)?.split_once("│> ")?;
    Some(rest.split('│').next()?.trim_end())
}

/// The picker's "N shown" count (0 while closed or before the index answers).
pub fn shown_count(screen: &str) -> usize {
    let mut lines = screen.lines().skip_while(|l| !l.contains("Jump to"));
    let count = lines
        .nth(2)
        .and_then(|l| l.split_once(" shown"))
        .map(|(n, _)| n);
    count
        .and_then(|n| n.rsplit(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}
