//! The Tickets screen in the real binary in a pseudo-terminal, on the fixture with six
//! tickets (tests/tui_common/tickets.rs): the queue in deadline order with the breached
//! one marked, take, the status menu offering only allowed moves and the command line
//! refusing an illegal one, a contact's detail listing its open ticket, a reply written
//! in `$EDITOR` with the terminal suspended and restored, and 80x24 without a panic.

mod tui_common;

use tui_common::Fixture;
use tui_common::pty::Tui;
use tui_common::tickets::ticket_db;

fn cli(fx: &Fixture, args: &[&str]) -> String {
    tui_common::pty::cli(
        fx,
        &[("ROLO_USER", "sam"), ("ROLO_NOW", "2026-11-25T12:00:00Z")],
        args,
    )
}

fn line(tui: &Tui, needle: &str) -> String {
    let screen = tui.contents();
    screen
        .lines()
        .find(|l| l.contains(needle))
        .map(str::to_string)
        .unwrap_or_else(|| panic!("no line with {needle}:\n{screen}"))
}

#[test]
fn the_queue_take_status_and_a_contacts_tickets() {
    let fx = ticket_db();
    let mut tui = Tui::start(&fx.path(), 160, 48, &[]);
    tui.wait_for("Pipeline: Sales");
    tui.wait_for("S! D-2 Globex");
    tui.send("9");
    tui.wait_for("Tickets · 5 unsolved");
    tui.wait_for("Printer");
    let rows: Vec<u16> = ["S-1 ", "S-2 ", "S-4 ", "S-3 ", "S-6 "]
        .iter()
        .map(|s| tui.position(s).unwrap_or_else(|| panic!("{s}")).0)
        .collect();
    assert!(
        rows.windows(2).all(|w| w[0] < w[1]),
        "deadline order: {rows:?}"
    );
    let s1 = line(&tui, "S-1 ");
    assert!(s1.contains("> ! S-1") && s1.contains("! 2h over"), "{s1}");
    assert!(line(&tui, "S-2 ").contains("~ 10m"));
    assert!(line(&tui, "S-3 ").contains("|| S-3"));

    tui.send("T");
    tui.wait_for("took S-1");
    assert!(line(&tui, "S-1 ").contains("sam"));

    tui.send("s");
    tui.wait_for("S-1 is new: move to");
    for choice in ["1 open", "2 pending", "3 on-hold", "4 solved"] {
        assert!(tui.contents().contains(choice), "{choice}");
    }
    assert!(
        !tui.contents().contains("5 closed"),
        "closed is not offered"
    );
    tui.send("2");
    tui.wait_for("S-1 Cannot log in is now pending");
    tui.send("s");
    tui.wait_for("S-1 is pending: move to");
    for choice in ["1 open", "2 on-hold", "3 solved"] {
        assert!(tui.contents().contains(choice), "{choice}");
    }
    tui.send("\x03");
    tui.wait_for("Tickets · 5 unsolved");
    tui.send(":");
    tui.wait_for("rolo command");
    tui.send("ticket status S-1 new\r");
    tui.wait_for("never goes back to new");

    // Jane's detail lists her unsolved ticket first, then the solved one.
    tui.send("\x0b");
    tui.wait_for("Jump to · all");
    tui.send("jane doe");
    tui.wait_for(">contact C-1");
    tui.send("\r");
    tui.wait_for("C-1 Jane Doe");
    tui.wait_for("1 unsolved of 2");
    // (Its clocks are the SLA engine's since the writes above: not asserted.)
    let s1 = line(&tui, "ticket S-1");
    assert!(s1.contains("Cannot log in · pending"), "{s1}");
    assert!(tui.position("ticket S-1") < tui.position("ticket S-5"));
    tui.send("q");
    tui.wait_for("Contacts (5)");
    tui.send("q");
    assert!(tui.wait_exit());
    assert!(!tui.raw_contains(b"panicked"));

    let shown = cli(&fx, &["ticket", "show", "S-1"]);
    assert!(
        shown.contains("assignee  sam") && shown.contains("pending"),
        "{shown}"
    );
}

#[test]
fn a_reply_in_the_editor_and_80x24() {
    let fx = ticket_db();
    let editor = fx.dir.path().join("reply.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\nprintf 'Thanks, please log in again.\\n' >> \"$1\"\n",
    )
    .expect("editor script");
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    let ed = editor.display().to_string();
    let mut tui = Tui::start(&fx.path(), 80, 24, &[("EDITOR", &ed), ("VISUAL", &ed)]);
    tui.wait_for("Pipeline: Sales");
    tui.send("9");
    tui.wait_for("Tickets · 5 unsolved");
    tui.wait_for("S-1");
    tui.send("\r");
    tui.wait_for("Thread (2)");
    tui.wait_for("invalid token");
    tui.send("r");
    tui.wait_for("replied on S-1");
    tui.wait_for("Thread (3)");
    tui.wait_for("Thanks, please log in again.");
    assert!(
        tui.screen
            .lock()
            .map(|p| p.screen().alternate_screen())
            .unwrap_or(false),
        "back on rolo's screen after the editor"
    );
    tui.send("p");
    tui.wait_for("S-1 priority");
    tui.send("\x03");
    tui.send("c");
    tui.wait_for("Note on S-1");
    tui.send("\x03");
    tui.send("q");
    tui.wait_for("Tickets · 5 unsolved");
    tui.send("q");
    assert!(tui.wait_exit());
    assert!(!tui.raw_contains(b"panicked"));
    assert!(
        !tui.raw_contains(b"\x1b]0;pwned"),
        "a subject never sets the title"
    );

    let shown = cli(&fx, &["ticket", "show", "S-1"]);
    assert!(
        shown.contains("reply") && shown.contains("Thanks, please log in again."),
        "{shown}"
    );
    assert!(
        shown.contains("status  open"),
        "a reply opens a new ticket: {shown}"
    );
}
