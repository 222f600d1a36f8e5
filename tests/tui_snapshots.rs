//! Every screen rendered to a `TestBackend` at 80x24 and 160x48 on the fixture data with
//! a fixed clock, compared with reviewed insta snapshots.

mod tui_common;

use tui_common::{app, dark, empty_app, render, text};

fn snap(name: &str, keys: &str, w: u16, h: u16) {
    let (_fx, mut app) = app(w, h);
    app.press(keys);
    let out = text(&render(&app, &dark(), w, h));
    insta::assert_snapshot!(format!("{name}_{w}x{h}"), out);
}

#[test]
fn screens_small() {
    snap("pipeline", "", 80, 24);
    snap("contacts", "2", 80, 24);
    snap("companies", "3", 80, 24);
    snap("today", "4", 80, 24);
    snap("timeline", "5", 80, 24);
    snap("help", "?", 80, 24);
    snap("deal_detail", "l l l enter", 80, 24);
    snap("contact_form", "2 n", 80, 24);
    snap("lost_prompt", "X", 80, 24);
}

#[test]
fn screens_large() {
    snap("home", "", 160, 48);
    snap("contacts", "2 z", 160, 48);
    snap("companies", "3 z", 160, 48);
    snap("today", "4 z", 160, 48);
    snap("timeline", "5 z", 160, 48);
    snap("company_detail", "3 enter", 160, 48);
    snap("deal_form", "n", 160, 48);
}

#[test]
fn welcome_and_tiny() {
    let (_fx, app) = empty_app(80, 24);
    insta::assert_snapshot!("welcome_80x24", text(&render(&app, &dark(), 80, 24)));
    let (_fx, app) = tui_common::app(20, 6);
    insta::assert_snapshot!("tiny_20x6", text(&render(&app, &dark(), 20, 6)));
}
