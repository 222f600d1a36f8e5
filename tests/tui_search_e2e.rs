//! Jump anywhere in the real binary in a pseudo-terminal: ctrl-k opens the picker, a
//! fuzzy query typed key by key finds the contact, Enter opens it on its screen. The pty
//! helpers are a small copy of those in `tui_e2e.rs`.

mod tui_common;

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};
use tui_common::{Fixture, populate};

const BIN: &str = env!("CARGO_BIN_EXE_rolo");
const WAIT: Duration = Duration::from_secs(15);

struct Tui {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    screen: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

fn base_env(cmd: &mut CommandBuilder, config: &Path) {
    cmd.env("ROLO_USER", "sam");
    cmd.env("ROLO_NOW", "2026-11-25T12:00:00Z");
    cmd.env("ROLO_CONFIG_DIR", config);
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("NO_COLOR");
    cmd.env_remove("ROLO_DB");
}

impl Tui {
    fn start(db: &Path, cols: u16, rows: u16, env: &[(&str, &str)]) -> Tui {
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
            _master: pair.master,
        }
    }

    fn contents(&self) -> String {
        self.screen
            .lock()
            .map(|p| p.screen().contents())
            .unwrap_or_default()
    }

    /// Waits until `text` is on screen; panics with the screen after the deadline.
    fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + WAIT;
        while Instant::now() < deadline {
            if self.contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("'{text}' did not appear; screen:\n{}", self.contents());
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("write");
        self.writer.flush().expect("flush");
    }

    /// Waits for the process to exit; returns whether it succeeded.
    fn wait_exit(&mut self) -> bool {
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

    fn raw_contains(&self, needle: &[u8]) -> bool {
        self.raw
            .lock()
            .map(|r| r.windows(needle.len()).any(|w| w == needle))
            .unwrap_or(false)
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
    }
}

fn fixture_db() -> Fixture {
    let fx = Fixture::new();
    let store = fx.open();
    populate(&fx, &store);
    drop(store);
    fx
}

#[test]
fn typing_into_the_picker_opens_the_result() {
    let fx = fixture_db();
    let mut tui = Tui::start(&fx.path(), 100, 30, &[]);
    tui.wait_for("Pipeline: Sales");
    tui.send("\x0b");
    tui.wait_for("Jump to · all");
    for c in ["j", "d", "o", "e"] {
        tui.send(c);
    }
    tui.wait_for("> jdoe");
    tui.wait_for(">contact C-1");
    tui.send("\r");
    tui.wait_for("C-1 Jane Doe");
    assert!(!tui.contents().contains("Jump to"), "the picker closed");
    tui.send("\x1b");
    tui.wait_for("Contacts (5)");
    // ctrl-p also opens it; tab narrows to contacts; a company scope finds Bob.
    tui.send("\x10");
    tui.wait_for("Jump to · all");
    tui.send("\t");
    tui.wait_for("Jump to · contacts");
    tui.send("%company globex");
    tui.wait_for(">contact C-2");
    tui.send("\r");
    tui.wait_for("C-2 Bob Smith");
    tui.send("\x1b");
    tui.wait_for("Contacts (5)");
    tui.send("q");
    assert!(tui.wait_exit());
    assert!(!tui.raw_contains(b"panicked"));
}

#[test]
fn a_hostile_paste_into_the_picker_is_harmless() {
    let fx = fixture_db();
    let mut tui = Tui::start(&fx.path(), 100, 30, &[]);
    tui.wait_for("Pipeline: Sales");
    tui.send("\x0b");
    tui.wait_for("Jump to");
    tui.send("%colour");
    tui.wait_for("unknown field %colour");
    tui.send("\x15");
    tui.wait_for(" shown");
    let long = format!("\x1b[200~{}\u{7}(a|b)*\x1b[201~", "x".repeat(10_000));
    tui.send(&long);
    tui.wait_for("no matches");
    // ctrl-c closes the picker (a lone esc followed at once by q would read as alt-q).
    tui.send("\x03");
    tui.wait_for("Pipeline: Sales · 5 deals");
    tui.send("q");
    assert!(tui.wait_exit());
    assert!(!tui.raw_contains(b"panicked"));
}
