//! The real binary in a pseudo-terminal (portable-pty + vt100, a reader thread, and
//! `wait_for` with a deadline instead of fixed sleeps): start and quit restore the
//! terminal, `L` persists, a second process's change appears, NO_COLOR keeps the
//! selection visible, escape sequences in names never reach the terminal, 20x6 is safe.

mod tui_common;

use tui_common::Fixture;
use tui_common::pty::{Tui, fixture_db};

fn cli(fx: &Fixture, args: &[&str]) -> String {
    tui_common::pty::cli(fx, &[("ROLO_USER", "bob")], args)
}

#[test]
fn start_and_quit_restore_the_terminal() {
    let fx = fixture_db();
    let mut tui = Tui::start(&fx.path(), 100, 30, &[]);
    tui.wait_for("Pipeline: Sales");
    assert!(
        tui.screen
            .lock()
            .map(|p| p.screen().alternate_screen())
            .unwrap_or(false)
    );
    tui.send("q");
    assert!(tui.wait_exit());
    let p = tui.screen.lock().expect("screen");
    assert!(!p.screen().alternate_screen(), "back on the main screen");
    assert!(!p.screen().hide_cursor(), "cursor shown again");
    assert!(!p.screen().bracketed_paste(), "bracketed paste off");
}

#[test]
fn moving_a_deal_persists() {
    let fx = fixture_db();
    let mut tui = Tui::start(&fx.path(), 100, 30, &[]);
    tui.wait_for(">D-1 Acme");
    tui.send("L");
    tui.wait_for("moved D-1 to Qualified");
    tui.send("q");
    assert!(tui.wait_exit());
    let shown = cli(&fx, &["deal", "show", "D-1"]);
    assert!(shown.contains("Qualified"), "{shown}");
}

#[test]
fn another_process_change_appears() {
    let fx = fixture_db();
    let mut tui = Tui::start(&fx.path(), 100, 30, &[]);
    tui.wait_for("Pipeline: Sales");
    tui.send("2");
    tui.wait_for("Contacts (5)");
    cli(&fx, &["contact", "add", "Zed Newcomer"]);
    tui.wait_for("Zed Newcomer");
    tui.wait_for("Contacts (6)");
    tui.send("q");
    assert!(tui.wait_exit());
}

#[test]
fn no_color_keeps_the_selection_visible() {
    let fx = fixture_db();
    let mut tui = Tui::start(&fx.path(), 100, 30, &[("NO_COLOR", "1")]);
    tui.wait_for(">D-1 Acme");
    let (row, col) = tui.position("D-1 Acme").expect("card");
    {
        let p = tui.screen.lock().expect("screen");
        let cell = p.screen().cell(row, col).expect("cell");
        assert!(cell.inverse(), "selected card is reversed");
        assert_eq!(cell.fgcolor(), vt100::Color::Default);
        let (row2, col2) = {
            drop(p);
            tui.position("D-2 Globex").expect("other card")
        };
        let p = tui.screen.lock().expect("screen");
        assert!(!p.screen().cell(row2, col2).expect("cell").inverse());
    }
    tui.send("q");
    assert!(tui.wait_exit());
}

#[test]
fn escape_sequences_in_names_never_reach_the_terminal() {
    let fx = fixture_db();
    let mut tui = Tui::start(&fx.path(), 120, 30, &[]);
    tui.wait_for("Pipeline: Sales");
    tui.send("2");
    tui.wait_for("Evil");
    tui.send("5");
    tui.wait_for("Kick-off");
    tui.send("q");
    assert!(tui.wait_exit());
    assert!(!tui.raw_contains(b"\x1b]0;pwned"), "no title change");
    assert!(
        !tui.raw_contains(b"\x1b[31mEvil"),
        "no colour from the name"
    );
    assert!(
        !tui.raw_contains(b"\x1b[2J meeting"),
        "no screen clear from a subject"
    );
    assert!(!tui.raw_contains(b"\x07"), "no bell");
}

#[test]
fn a_tiny_terminal_does_not_panic() {
    let fx = fixture_db();
    let mut tui = Tui::start(&fx.path(), 20, 6, &[]);
    tui.wait_for("too small");
    // `?` opens help (drawn as "too small" too), the first `q` closes it, the second quits.
    tui.send("2j4?");
    tui.send("q");
    tui.send("q");
    assert!(tui.wait_exit(), "clean exit");
    assert!(!tui.raw_contains(b"panicked"));
}

#[test]
fn notes_open_in_the_editor_and_the_terminal_comes_back() {
    use std::os::unix::fs::PermissionsExt;
    let fx = fixture_db();
    let editor = fx.dir.path().join("fake-editor.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\nprintf 'called back on %s\\n' fri >> \"$1\"\n",
    )
    .expect("script");
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let editor = editor.display().to_string();
    let mut tui = Tui::start(
        &fx.path(),
        100,
        30,
        &[("EDITOR", &editor), ("VISUAL", &editor)],
    );
    tui.wait_for("Pipeline: Sales");
    tui.send("2");
    tui.wait_for("> Bob Smith");
    tui.send("E");
    tui.wait_for("saved notes of C-2");
    assert!(
        tui.screen
            .lock()
            .map(|p| p.screen().alternate_screen())
            .unwrap_or(false),
        "back in the TUI"
    );
    tui.send("q");
    assert!(tui.wait_exit());
    let shown = cli(&fx, &["contact", "show", "C-2"]);
    assert!(shown.contains("called back on fri"), "{shown}");
}

#[test]
fn resizing_switches_between_one_pane_and_the_home_grid() {
    let fx = fixture_db();
    let mut tui = Tui::start(&fx.path(), 100, 30, &[]);
    tui.wait_for("Pipeline: Sales");
    assert!(!tui.contents().contains("Today ·"), "one pane at 100x30");
    if let Ok(mut p) = tui.screen.lock() {
        p.screen_mut().set_size(50, 170);
    }
    tui.master
        .resize(portable_pty::PtySize {
            rows: 50,
            cols: 170,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("resize");
    tui.wait_for("Today ·");
    tui.wait_for("Timeline ·");
    tui.send("q");
    assert!(tui.wait_exit());
}
