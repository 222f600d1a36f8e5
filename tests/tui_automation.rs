//! The Automation screen: rules listed with their state, switched on and off from the
//! keyboard (through the ops write path), a rule's firings shown, and the Today queue
//! ordered by urgency.

mod tui_common;

use rolo::model::{Priority, Rule, Task};
use rolo::ops;
use rolo::store::Queries;
use rolo::tui::action::Screen;
use rolo::tui::layer::Layer;
use tui_common::{app, dark, day, render, text};

fn rule(app: &rolo::tui::app::App, id: u64) -> Rule {
    app.store
        .read()
        .and_then(|r| r.require::<Rule>(id))
        .expect("rule")
}

#[test]
fn rules_are_listed_and_toggled_from_the_keyboard() {
    let (_fx, mut app) = app(160, 48);
    app.press("7");
    assert_eq!(app.model.screen, Screen::Automation);
    let screen = text(&render(&app, &dark(), 160, 48));
    assert!(screen.contains("R-1"), "{screen}");
    assert!(screen.contains("Follow up after a proposal"), "{screen}");
    assert!(screen.contains("a deal enters Proposal Sent"), "{screen}");

    app.press("j j space");
    assert!(!rule(&app, 3).enabled, "space switched R-3 off");
    assert!(
        app.model.status.message.contains("R-3"),
        "{}",
        app.model.status.message
    );
    let screen = text(&render(&app, &dark(), 160, 48));
    let line = screen
        .lines()
        .find(|l| l.contains("R-3"))
        .unwrap_or_default();
    assert!(line.split_whitespace().any(|w| w == "off"), "{line}");
    app.press("space");
    assert!(rule(&app, 3).enabled);
    app.press("u");
    assert!(!rule(&app, 3).enabled, "undo takes the switch back");
}

#[test]
fn a_rules_firings_are_shown() {
    let (_fx, mut app) = app(160, 48);
    // The fixture moved a deal into Proposal Sent, which fired R-1.
    app.press("7 enter");
    let Some(Layer::Output { title, text, .. }) = app.model.layers.last() else {
        panic!("expected the rule's details");
    };
    assert!(title.starts_with("R-1"), "{title}");
    assert!(text.contains("Follow up on the proposal"), "{text}");
    let screen = tui_common::text(&render(&app, &dark(), 160, 48));
    assert!(
        screen.contains("R-1 Follow up after a proposal"),
        "{screen}"
    );
}

#[test]
fn today_puts_high_priority_and_big_deals_first_within_a_day() {
    let (_fx, mut app) = app(160, 48);
    let store = app.store.clone();
    let low = ops::add(
        &store,
        Task {
            title: "Low thing".into(),
            due: Some(rolo::model::Due {
                date: day(0),
                time: None,
            }),
            priority: Priority::Low,
            ..Task::default()
        },
    )
    .unwrap()
    .value;
    let high = ops::add(
        &store,
        Task {
            title: "Urgent thing".into(),
            due: Some(rolo::model::Due {
                date: day(0),
                time: None,
            }),
            priority: Priority::High,
            ..Task::default()
        },
    )
    .unwrap()
    .value;
    app.tick();
    app.press("4");
    let rows: Vec<u64> = app.model.queue.rows.iter().map(|(_, id)| *id).collect();
    let pos = |id| rows.iter().position(|r| *r == id).unwrap();
    assert!(pos(high.id) < pos(low.id), "{rows:?}");
}
