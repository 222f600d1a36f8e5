//! The TUI's forms behave like the CLI's flags, checked in a pseudo-terminal against the
//! real binary: a new company typed in the new-contact form is created with the contact
//! (one change, one undo), and a name several companies share asks for the id.

mod tui_common;

use tui_common::Fixture;
use tui_common::pty::{Tui, fixture_db};

fn rolo(fx: &Fixture, args: &[&str]) -> (bool, String) {
    let env = [("ROLO_USER", "sam"), ("ROLO_NOW", "2026-11-25T12:00:00Z")];
    let (ok, out, err) = tui_common::pty::run(fx, &env, args);
    (ok, format!("{out}{err}"))
}

fn cli(fx: &Fixture, args: &[&str]) -> String {
    let (ok, text) = rolo(fx, args);
    assert!(ok, "rolo {args:?}: {text}");
    text
}

/// Opens the new-contact form on the Contacts screen and types `name` and `company`
/// (Name is the first field, Company the fourth).
fn new_contact(tui: &mut Tui, name: &str, company: &str) {
    tui.send("2");
    tui.wait_for("Contacts (");
    tui.send("n");
    tui.wait_for("New contact");
    tui.send(name);
    tui.send("\t\t\t");
    tui.send(company);
}

#[test]
fn a_new_company_typed_in_the_contact_form_is_created_and_one_undo_removes_both() {
    let fx = fixture_db();
    let mut tui = Tui::start(&fx.path(), 100, 30, &[]);
    tui.wait_for("Pipeline: Sales");
    new_contact(&mut tui, "Zoe Newcomer", "Acme GmbH");
    tui.send("\r");
    tui.wait_for("created company O-5 Acme GmbH");

    let contact = cli(&fx, &["contact", "show", "C-6"]);
    assert!(contact.contains("Zoe Newcomer"), "{contact}");
    assert!(contact.contains("O-5 Acme GmbH"), "linked: {contact}");
    let company = cli(&fx, &["company", "show", "O-5"]);
    assert!(company.contains("Acme GmbH"), "{company}");
    let history = cli(&fx, &["history", "--limit", "1"]);
    assert!(history.contains("contact.add"), "one change: {history}");

    tui.send("u");
    tui.wait_for("undid");
    let (found, text) = rolo(&fx, &["company", "show", "O-5"]);
    assert!(!found, "the company is gone: {text}");
    let (found, text) = rolo(&fx, &["contact", "show", "C-6"]);
    assert!(!found, "the contact is gone: {text}");
    tui.send("q");
    assert!(tui.wait_exit());
}

#[test]
fn a_company_name_several_share_asks_for_the_id() {
    let fx = fixture_db();
    cli(&fx, &["company", "add", "Globex", "--domain", "globex.de"]);
    let mut tui = Tui::start(&fx.path(), 100, 30, &[]);
    tui.wait_for("Pipeline: Sales");
    new_contact(&mut tui, "Ann Twin", "globex");
    tui.send("\r");
    tui.wait_for("2 companies are named");
    tui.wait_for("O-5 Globex (globex.de)");
    let (found, _) = rolo(&fx, &["contact", "show", "C-6"]);
    assert!(!found, "nothing saved while the name is ambiguous");

    // Ctrl-U clears the field; type the id the message offers.
    tui.send("\x15O-5\r");
    tui.wait_for("added C-6");
    let contact = cli(&fx, &["contact", "show", "C-6"]);
    assert!(contact.contains("O-5 Globex"), "{contact}");
    let (_, companies) = rolo(&fx, &["company", "list", "--csv"]);
    assert_eq!(companies.matches("Globex").count(), 2, "{companies}");
    tui.send("q");
    assert!(tui.wait_exit());
}
