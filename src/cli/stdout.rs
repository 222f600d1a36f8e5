//! The process's stdout as commands see it: a writer that remembers when the reader of
//! the pipe went away (`rolo contact list | head`), so that however a command wraps the
//! write error (CSV, JSON, an import report), `main` can tell a closed pipe from a
//! failure. It only watches; it never decides what to print.

use std::io::{ErrorKind, Write};
use std::sync::atomic::{AtomicBool, Ordering};

/// Set once a write to stdout failed because its reader closed the pipe.
static CLOSED: AtomicBool = AtomicBool::new(false);

/// Whether a write to stdout has found the pipe closed.
pub fn closed() -> bool {
    CLOSED.load(Ordering::Relaxed)
}

/// Stdout, noting a closed pipe.
pub struct Stdout(std::io::Stdout);

impl Stdout {
    /// The process's stdout.
    pub fn new() -> Self {
        Stdout(std::io::stdout())
    }
}

impl Default for Stdout {
    fn default() -> Self {
        Self::new()
    }
}

fn watch<T>(r: std::io::Result<T>) -> std::io::Result<T> {
    if let Err(e) = &r
        && e.kind() == ErrorKind::BrokenPipe
    {
        CLOSED.store(true, Ordering::Relaxed);
    }
    r
}

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        watch(self.0.write(buf))
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        watch(self.0.write_all(buf))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        watch(self.0.flush())
    }
}
