//! Privacy from the TUI: in a contact's detail, `:privacy export` and `:privacy erase`
//! take the contact on screen; the erase asks to confirm (says what it would do, runs
//! with `--yes`); the detail shows the consent state and its latest ledger events.

mod tui_common;

use rolo::model::{Contact, Kind, RecordId};
use rolo::store::Queries;
use rolo::tui::layer::Layer;
use tui_common::app;

#[test]
fn privacy_export_and_erase_work_on_the_contact_on_screen() {
    let (fx, mut app) = app(120, 40);
    app.press(":");
    app.type_str("contact consent C-1 opted-in --source form");
    app.press("enter");
    app.press("2 /");
    app.type_str("acme");
    app.press("enter enter");
    assert!(
        matches!(app.model.layers.last(), Some(Layer::Detail(d)) if d.rid == RecordId::new(Kind::Contact, 1))
    );
    let screen = tui_common::text(&tui_common::render(&app, &tui_common::dark(), 120, 40));
    assert!(screen.contains("opted-in since"), "{screen}");
    assert!(screen.contains("Consent log"), "{screen}");
    assert!(
        screen.contains("opted-in marketing-email (form)"),
        "{screen}"
    );
    let out = fx.path().with_file_name("jane-export.json");
    app.press(":");
    app.type_str(&format!("privacy export --out {}", out.display()));
    app.press("enter");
    let doc = std::fs::read_to_string(&out).expect("the export was written");
    assert!(doc.contains("\"subject\": \"C-1\""), "{doc}");

    app.press(":");
    app.type_str("privacy erase --reason asked");
    app.press("enter");
    assert!(app.model.status.error, "{:?}", app.model.status);
    assert!(
        app.model.status.message.contains("--yes"),
        "{:?}",
        app.model.status
    );
    let still = app.store.read().and_then(|r| r.get::<Contact>(1)).unwrap();
    assert!(
        still.is_some(),
        "nothing is erased without the confirmation"
    );

    app.press(":");
    app.type_str("privacy erase --reason asked --yes");
    app.press("enter");
    let gone = app.store.read().and_then(|r| r.get::<Contact>(1)).unwrap();
    assert!(gone.is_none(), "{:?}", app.model.status);
}
