//! Running the real binary in a pseudo-terminal for end-to-end tests (portable-pty +
//! vt100, a reader thread, and `wait_for` with a deadline instead of fixed sleeps).
#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

use super::{Fixture, populate};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_rolo");
/// How long `wait_for` waits.
pub const WAIT: Duration = Duration::from_secs(15);

/// The real binary running in a pseudo-terminal, with its screen kept by vt100.
pub struct Tui {
    /// The rolo process.
    pub child: Box<dyn Child + Send + Sync>,
    /// Keys typed into the terminal.
    pub writer: Box<dyn Write + Send>,
    /// The screen as the terminal shows it.
    pub screen: Arc<Mutex<vt100::Parser>>,
    /// Every byte rolo wrote.
    pub raw: Arc<Mutex<Vec<u8>>>,
    /// The pty's controlling side (resize).
    pub master: Box<dyn portable_pty::MasterPty + Send>,
}

/// The environment every pty test runs rolo with.
pub fn base_env(cmd: &mut CommandBuilder, config: &Path) {
    cmd.env("ROLO_USER", "sam");
    cmd.env("ROLO_NOW", "2026-11-25T12:00:00Z");
    cmd.env("ROLO_CONFIG_DIR", config);
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("NO_COLOR");
    cmd.env_remove("ROLO_DB");
}

impl Tui {
    pub fn start(db: &Path, cols: u16, rows: u16, env: &[(&str, &str)]) -> Tui {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
        let mut cmd = CommandBuilder::new(BIN);
        cmd.arg("--db");
        cmd.arg(db);
        let config = db.parent().expect("dir").join("config");
        base_env(&mut cmd, &config);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (s, r) = (screen.clone(), raw.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if let Ok(mut p) = s.lock() {
                    p.process(&buf[..n]);
                }
                if let Ok(mut r) = r.lock() {
                    r.extend_from_slice(&buf[..n]);
                }
            }
        });
        Tui {
            child,
            writer,
            screen,
            raw,
            master: pair.master,
        }
    }

    pub fn contents(&self) -> String {
        self.screen
            .lock()
            .map(|p| p.screen().contents())
            .unwrap_or_default()
    }

    /// Waits until `text` is on screen; panics with the screen after the deadline.
    pub fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + WAIT;
        while Instant::now() < deadline {
            if self.contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("'{text}' did not appear; screen:\n{}", self.contents());
    }

    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("write");
        self.writer.flush().expect("flush");
    }

    /// Waits for the process to exit; returns whether it succeeded.
    pub fn wait_exit(&mut self) -> bool {
        let deadline = Instant::now() + WAIT;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                // Let the reader drain the last bytes.
                let settle = Instant::now() + Duration::from_secs(2);
                while Instant::now() < settle && !self.raw_contains(b"\x1b[?1049l") {
                    std::thread::sleep(Duration::from_millis(10));
                }
                return status.success();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        panic!("rolo did not exit; screen:\n{}", self.contents());
    }

    pub fn raw_contains(&self, needle: &[u8]) -> bool {
        self.raw
            .lock()
            .map(|r| r.windows(needle.len()).any(|w| w == needle))
            .unwrap_or(false)
    }

    /// The (row, col) where `text` starts on screen.
    pub fn position(&self, text: &str) -> Option<(u16, u16)> {
        let p = self.screen.lock().ok()?;
        let (rows, cols) = p.screen().size();
        for row in 0..rows {
            let line = p.screen().contents_between(row, 0, row, cols);
            if let Some(i) = line.find(text) {
                return Some((row, line[..i].chars().count() as u16));
            }
        }
        None
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
    }
}

/// Runs the binary as a command (not in a terminal) on `fx`'s database with `env` set
/// (its own config directory, never `ROLO_DB`): success, stdout, stderr.
pub fn run(fx: &Fixture, env: &[(&str, &str)], args: &[&str]) -> (bool, String, String) {
    let out = std::process::Command::new(BIN)
        .arg("--db")
        .arg(fx.path())
        .args(args)
        .envs(env.iter().copied())
        .env("ROLO_CONFIG_DIR", fx.dir.path().join("config"))
        .env_remove("ROLO_DB")
        .output()
        .expect("run rolo");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// [`run`] that must succeed; its stdout.
pub fn cli(fx: &Fixture, env: &[(&str, &str)], args: &[&str]) -> String {
    let (ok, out, err) = run(fx, env, args);
    assert!(ok, "rolo {args:?}: {err}");
    out
}

/// A fixture database populated with the shared test data.
pub fn fixture_db() -> Fixture {
    let fx = Fixture::new();
    let store = fx.open();
    populate(&fx, &store);
    drop(store);
    fx
}
