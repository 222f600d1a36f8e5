//! The TUI: the daily working face of rolo. Elm-style and synchronous: terminal events
//! and ticks feed the [`app::App`], the keymap turns keys into [`action::Action`]s, the
//! pure [`update`] changes the [`model::Model`] and returns [`effect::Effect`]s, the app
//! runs them (writes only through `rolo::ops`), and the pure [`view::render`] draws.
//! This module owns the terminal; nothing below `tui` imports ratatui or crossterm.

pub mod action;
pub mod app;
pub mod automation;
pub mod board;
pub mod color;
pub mod compose;
pub mod data;
pub mod detail;
pub mod duplicates;
pub mod effect;
pub mod fetch;
pub mod form;
pub mod health;
pub mod keymap;
pub mod keys;
pub mod layer;
pub mod linked_tickets;
pub mod menu;
pub mod model;
pub mod picker;
pub mod queue;
pub mod report_bars;
pub mod report_tickets;
pub mod reports;
pub mod sweeper;
pub mod table;
pub mod terminal;
pub mod theme;
pub mod ticket_cells;
pub mod ticket_filter;
pub mod ticket_write;
pub mod tickets;
pub mod timeline;
pub mod update;
pub mod view;
pub mod write;

use std::path::Path;
use std::time::{Duration, Instant};

use crossterm::event::{self, Event, KeyEventKind};

use crate::config::{Settings, config_dir};
use crate::store::Store;
use app::App;
use effect::Effect;
use keymap::Keymap;
use keys::KeyChord;
use theme::{ColorSupport, Theme};

/// How often the TUI looks for other processes' changes.
pub const TICK: Duration = Duration::from_millis(500);

/// A frame while the jump index streams in or matches.
const FRAME: Duration = Duration::from_millis(16);

/// Choices from the command line (they win over the config file).
#[derive(Debug, Clone, Default)]
pub struct TuiOptions {
    /// `--theme NAME`.
    pub theme: Option<String>,
    /// `--keymap NAME`.
    pub keymap: Option<String>,
}

fn load_config(
    settings: &Settings,
    opts: &TuiOptions,
    dir: Option<&Path>,
) -> anyhow::Result<(Keymap, Theme)> {
    let keymap = Keymap::load(opts.keymap.as_deref().or(settings.keymap.as_deref()), dir)?;
    let theme = Theme::load(
        opts.theme.as_deref().or(settings.theme.as_deref()),
        dir,
        ColorSupport::from_env(),
    )?;
    Ok((keymap, theme))
}

/// Validates the keymaps and themes (shipped, chosen, and the user's files) without
/// starting the TUI; returns a short report, or the first problem with file and line.
pub fn check_config(settings: &Settings, opts: &TuiOptions) -> anyhow::Result<String> {
    let dir = config_dir();
    let dir = dir.as_deref();
    for (name, _) in keymap::SHIPPED {
        Keymap::load(Some(name), None)?;
    }
    let support = ColorSupport {
        no_color: false,
        truecolor: true,
    };
    for (name, _) in theme::SHIPPED {
        Theme::load(Some(name), None, support)?;
    }
    let mut user_themes = Vec::new();
    if let Some(d) = dir
        && let Ok(entries) = std::fs::read_dir(d.join("themes"))
    {
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "toml")
                && let Some(stem) = p.file_stem().and_then(|s| s.to_str())
            {
                Theme::load(Some(stem), dir, support)?;
                user_themes.push(p.display().to_string());
            }
        }
    }
    let (keymap, theme) = load_config(settings, opts, dir)?;
    let mut report = format!(
        "keymap ok: {} ({} bindings)\ntheme ok: {}",
        keymap.sources.join(" + "),
        keymap.len(),
        theme.name
    );
    if !user_themes.is_empty() {
        report.push_str(&format!("\nuser themes ok: {}", user_themes.join(", ")));
    }
    Ok(report)
}

/// Runs the TUI on `store` until the user quits. Keymap and theme are loaded and checked
/// before the terminal is touched; the terminal is restored on every exit and on panic.
pub fn run(store: Store, settings: &Settings, opts: TuiOptions) -> anyhow::Result<()> {
    let (keymap, theme) = load_config(settings, &opts, config_dir().as_deref())?;
    let mut app = App::new(store, keymap, settings.clone())?;
    sweeper::start(app.store.clone(), settings.ticket_close_days());
    terminal::install_panic_hook();
    let mut guard = terminal::enter()?;
    let result = event_loop(&mut app, &theme, &mut guard);
    drop(guard);
    result
}

fn draw(
    guard: &mut terminal::Guard,
    m: &model::Model,
    theme: &Theme,
    keymap: &Keymap,
) -> std::io::Result<()> {
    guard
        .term
        .draw(|f| view::render(m, theme, keymap, f))
        .map(|_| ())
}

fn event_loop(app: &mut App, theme: &Theme, guard: &mut terminal::Guard) -> anyhow::Result<()> {
    let mut size = guard.term.size()?;
    app.resize(size.width, size.height);
    let keymap = app.keymap.clone();
    let mut last_tick = Instant::now();
    let mut dirty = true;
    let mut first = true;
    loop {
        // A resize before the event reader is listening (while starting up) sends no
        // event: the size is checked on every pass, so the layout always fits.
        let now = guard.term.size()?;
        if now != size {
            size = now;
            app.resize(size.width, size.height);
            dirty = true;
        }
        if dirty {
            draw(guard, &app.model, theme, &keymap)?;
            dirty = false;
        }
        if std::mem::take(&mut first) {
            app.warm_search();
        }
        if app.model.quit {
            return Ok(());
        }
        let mut timeout = TICK.saturating_sub(last_tick.elapsed());
        if app.search_busy() {
            // Streaming the jump index in or matching: come back within a frame.
            timeout = timeout.min(FRAME);
        }
        if event::poll(timeout)? {
            // Drain everything queued, then draw once.
            loop {
                match event::read()? {
                    Event::Key(k) if k.kind != KeyEventKind::Release => {
                        if let Some(chord) = KeyChord::from_event(&k) {
                            let rest = {
                                let mut wait = |m: &model::Model| {
                                    let _ = draw(guard, m, theme, &keymap);
                                };
                                app.key(chord, &mut wait)
                            };
                            for fx in rest {
                                run_editor(app, guard, fx)?;
                            }
                        }
                    }
                    Event::Paste(text) => app.paste(&text),
                    Event::Resize(w, h) => {
                        size = ratatui::layout::Size::new(w, h);
                        app.resize(w, h);
                    }
                    _ => {}
                }
                dirty = true;
                if app.model.quit || !event::poll(Duration::ZERO)? {
                    break;
                }
            }
        }
        dirty |= app.search_step();
        if last_tick.elapsed() >= TICK {
            last_tick = Instant::now();
            dirty |= app.tick();
        }
    }
}

fn run_editor(app: &mut App, guard: &mut terminal::Guard, fx: Effect) -> anyhow::Result<()> {
    let Some(text) = app.editor_text(&fx) else {
        return Ok(());
    };
    let edited = terminal::edit_in_editor(guard, &text)?;
    app.editor_done(fx, edited, &mut |_| {});
    Ok(())
}
