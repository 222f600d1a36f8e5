//! The Duplicates screen: likely duplicate contacts listed with their reasons, merged
//! with a key, and the merge undone with `u`.

mod tui_common;

use rolo::model::{Contact, Labeled};
use rolo::ops;
use rolo::store::Queries;
use rolo::tui::action::Screen;
use tui_common::{app, dark, render, text};

#[test]
fn duplicates_are_listed_and_merged_with_a_key() {
    let (_fx, mut app) = app(160, 48);
    let store = app.store.clone();
    let phone = |p: &str| {
        vec![Labeled {
            label: String::new(),
            value: p.into(),
        }]
    };
    let a = ops::add(
        &store,
        Contact {
            name: "Grace Hopper".into(),
            phones: phone("+1 415 555 0199"),
            ..Contact::default()
        },
    )
    .unwrap()
    .value;
    let b = ops::add(
        &store,
        Contact {
            name: "Grace  Hopper".into(),
            phones: phone("+14155550199"),
            ..Contact::default()
        },
    )
    .unwrap()
    .value;
    app.tick();
    app.press("8");
    assert_eq!(app.model.screen, Screen::Duplicates);
    let screen = text(&render(&app, &dark(), 160, 48));
    assert!(screen.contains("Grace Hopper"), "{screen}");
    let i = app
        .model
        .duplicates
        .pairs
        .iter()
        .position(|p| p.keep.id == a.id && p.other.id == b.id)
        .unwrap_or_else(|| {
            panic!(
                "the pair is listed: {:?} screen {:?}",
                app.model
                    .duplicates
                    .pairs
                    .iter()
                    .take(3)
                    .collect::<Vec<_>>(),
                app.model.screen
            )
        });
    app.model.duplicates.selected = i;
    app.press("m");
    let r = store.read().unwrap();
    assert!(
        r.get::<Contact>(b.id).unwrap().is_none(),
        "the second was merged away"
    );
    drop(r);
    assert!(
        !app.model
            .duplicates
            .pairs
            .iter()
            .any(|p| p.other.id == b.id),
        "the list was recomputed"
    );
    app.press("u");
    assert!(
        store
            .read()
            .unwrap()
            .get::<Contact>(b.id)
            .unwrap()
            .is_some(),
        "u undid the merge"
    );
}
