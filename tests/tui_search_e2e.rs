//! Jump anywhere in the real binary in a pseudo-terminal: ctrl-k opens the picker, a
//! fuzzy query typed key by key finds the contact, Enter opens it on its screen. The pty
//! helpers are shared with `tui_e2e.rs` (tests/tui_common/pty.rs).

mod tui_common;

use tui_common::pty::{Tui, fixture_db};

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
