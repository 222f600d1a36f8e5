//! The terminal: raw mode and the alternate screen on entry, restored on every exit (a
//! guard's drop), on panic (a hook chained before the previous one), and around
//! `$EDITOR`.

use std::io::{self, Stdout, Write as _};
use std::path::PathBuf;
use std::process::Command;

use crossterm::cursor::Show;
use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

/// The terminal rolo draws on.
pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Restores the terminal when dropped.
pub struct Guard {
    /// The terminal.
    pub term: Term,
}

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = leave();
    }
}

/// Puts the terminal back: cooked mode, main screen, cursor shown.
pub fn leave() -> io::Result<()> {
    let r = disable_raw_mode();
    let mut out = io::stdout();
    let _ = execute!(out, DisableBracketedPaste, LeaveAlternateScreen, Show);
    let _ = out.flush();
    r
}

/// Enters raw mode and the alternate screen.
pub fn enter() -> io::Result<Guard> {
    enable_raw_mode()?;
    let mut out = io::stdout();
    if let Err(e) = execute!(out, EnterAlternateScreen, EnableBracketedPaste) {
        let _ = leave();
        return Err(e);
    }
    match Terminal::new(CrosstermBackend::new(out)) {
        Ok(term) => Ok(Guard { term }),
        Err(e) => {
            let _ = leave();
            Err(e)
        }
    }
}

/// Restores the terminal before any panic message is printed, then runs the previous hook.
pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = leave();
        previous(info);
    }));
}

fn temp_path() -> PathBuf {
    let n = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    std::env::temp_dir().join(format!("rolo-edit-{}-{n}.md", std::process::id()))
}

/// Runs `$VISUAL`/`$EDITOR` (else `vi`) on `text` with the terminal suspended; returns
/// the edited text, or `None` when the editor failed.
pub fn edit_in_editor(guard: &mut Guard, text: &str) -> io::Result<Option<String>> {
    use std::os::unix::fs::OpenOptionsExt;
    let path = temp_path();
    {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)?;
        f.write_all(text.as_bytes())?;
    }
    let editor = std::env::var("VISUAL")
        .ok()
        .or_else(|| std::env::var("EDITOR").ok())
        .filter(|e| !e.trim().is_empty())
        .unwrap_or_else(|| "vi".into());
    let mut parts = editor.split_whitespace();
    let program = parts.next().unwrap_or("vi").to_string();
    let args: Vec<String> = parts.map(str::to_string).collect();
    leave()?;
    let status = Command::new(&program).args(&args).arg(&path).status();
    enable_raw_mode()?;
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableBracketedPaste,
        crossterm::terminal::Clear(crossterm::terminal::ClearType::All)
    )?;
    // A fresh terminal has empty buffers, so the next draw repaints everything (and,
    // unlike `Terminal::clear`, it does not ask the terminal for the cursor position).
    guard.term = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    let result = match status {
        Ok(s) if s.success() => std::fs::read_to_string(&path).map(Some),
        _ => Ok(None),
    };
    let _ = std::fs::remove_file(&path);
    result
}
