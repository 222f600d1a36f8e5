//! What every command handler needs: the open store, the settings, the output format,
//! where output goes (the terminal, or a buffer when the TUI's `:` prompt runs a
//! command) and today's date in the user's time zone.

use std::cell::{RefCell, RefMut};
use std::io::Write;

use chrono::NaiveDate;

use super::output::Format;
use crate::config::Settings;
use crate::store::Store;

/// The context a command runs in.
pub struct Ctx<'a> {
    /// The open database.
    pub store: &'a Store,
    /// The user's settings.
    pub settings: &'a Settings,
    /// Table, JSON or CSV.
    pub format: Format,
    out: RefCell<Box<dyn Write + 'a>>,
    err: RefCell<Box<dyn Write + 'a>>,
    terminal: bool,
}

impl<'a> Ctx<'a> {
    /// A context printing to stdout and stderr.
    pub fn terminal(store: &'a Store, settings: &'a Settings, format: Format) -> Self {
        let mut ctx = Ctx::with_output(
            store,
            settings,
            format,
            Box::new(super::stdout::Stdout::new()),
            Box::new(std::io::stderr()),
        );
        ctx.terminal = true;
        ctx
    }

    /// A context printing data to `out` and notes to `err`.
    pub fn with_output(
        store: &'a Store,
        settings: &'a Settings,
        format: Format,
        out: Box<dyn Write + 'a>,
        err: Box<dyn Write + 'a>,
    ) -> Self {
        Ctx {
            store,
            settings,
            format,
            out: RefCell::new(out),
            err: RefCell::new(err),
            terminal: false,
        }
    }

    /// Whether output goes straight to the process's stdout and stderr (not captured by
    /// the TUI's `:` prompt), so progress bars may draw on a terminal.
    pub fn is_terminal(&self) -> bool {
        self.terminal
    }

    /// A writer into [`Ctx::out`], for code that wants an owned `Write`.
    pub fn writer(&self) -> OutWriter<'_, 'a> {
        OutWriter(self)
    }

    /// Where data goes (stdout).
    pub fn out(&self) -> RefMut<'_, Box<dyn Write + 'a>> {
        self.out.borrow_mut()
    }

    /// Prints a note for people (stderr): "no contacts match", progress.
    pub fn note(&self, msg: impl AsRef<str>) {
        // A closed stderr is no reason to fail the command.
        let _ = writeln!(
            self.err.borrow_mut(),
            "{}",
            crate::model::text::sanitize(msg.as_ref())
        );
    }

    /// Today in the local time zone, by the store's clock.
    pub fn today(&self) -> NaiveDate {
        self.store.now().with_timezone(&chrono::Local).date_naive()
    }

    /// The acting user's name.
    pub fn me(&self) -> &str {
        &self.store.actor().name
    }

    /// Resolves a user argument: `me` is the acting user.
    pub fn user(&self, name: &str) -> String {
        if name.eq_ignore_ascii_case("me") {
            self.me().to_string()
        } else {
            name.trim().to_string()
        }
    }

    /// Reports a change: a one-line confirmation, or the changed record as JSON
    /// (`--json`) so scripts can read its id.
    pub fn report(
        &self,
        msg: impl AsRef<str>,
        json: impl FnOnce() -> serde_json::Value,
    ) -> anyhow::Result<()> {
        let mut out = self.out();
        match self.format {
            Format::Json => writeln!(out, "{}", serde_json::to_string_pretty(&json())?)?,
            _ => writeln!(out, "{}", crate::model::text::sanitize(msg.as_ref()))?,
        }
        Ok(())
    }
}

/// Writes into a context's output.
pub struct OutWriter<'c, 'a>(&'c Ctx<'a>);

impl Write for OutWriter<'_, '_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.out().write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.out().flush()
    }
}
