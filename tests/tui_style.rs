//! Style-critical cells asserted on the rendered buffer (text snapshots carry no style):
//! the selection is reversed in every theme, rotting and no-next-step cards carry their
//! marker and role style, and the mono theme (NO_COLOR) uses no colour at all.

mod tui_common;

use ratatui::style::{Color, Modifier};

use tui_common::{app, dark, find, mono, render};

#[test]
fn selection_is_reversed_not_just_coloured() {
    let (_fx, app) = app(80, 24);
    for theme in [dark(), mono()] {
        let buf = render(&app, &theme, 80, 24);
        let (x, y) = find(&buf, "D-1 Acme").expect("selected card");
        let cell = buf.cell((x, y)).expect("cell");
        assert!(
            cell.modifier.contains(Modifier::REVERSED),
            "{}: {cell:?}",
            theme.name
        );
        let (mx, my) = find(&buf, ">D-1").expect("selection marker");
        assert_eq!((mx + 1, my), (x, y));
        let (ox, oy) = find(&buf, "D-2 Globex").expect("other card");
        assert!(
            !buf.cell((ox, oy))
                .expect("cell")
                .modifier
                .contains(Modifier::REVERSED)
        );
    }
}

#[test]
fn rotting_and_no_next_step_stand_out_by_symbol_and_style() {
    let (_fx, app) = app(80, 24);
    let theme = dark();
    let buf = render(&app, &theme, 80, 24);
    let (x, y) = find(&buf, "! D-3").expect("rotting marker on D-3");
    let mark = buf.cell((x, y)).expect("cell");
    assert_eq!(mark.fg, Color::Red);
    assert!(
        mark.modifier
            .contains(Modifier::BOLD | Modifier::UNDERLINED)
    );
    let (x, y) = find(&buf, "! 20d in stage").expect("days in stage");
    assert_eq!(buf.cell((x, y)).expect("cell").fg, Color::Red);
    let (x, y) = find(&buf, "? no next step").expect("no next step on D-5");
    let cell = buf.cell((x, y)).expect("cell");
    assert_eq!(cell.fg, Color::Yellow);
    assert!(cell.modifier.contains(Modifier::ITALIC));
    assert!(
        find(&buf, "? D-5").is_some(),
        "the title carries the marker too"
    );
    assert!(
        find(&buf, "? D-1").is_none() && find(&buf, "! D-1").is_none(),
        "healthy deals are plain"
    );

    let mono = mono();
    let buf = render(&app, &mono, 80, 24);
    let (x, y) = find(&buf, "! D-3").expect("rotting marker");
    let mark = buf.cell((x, y)).expect("cell");
    assert!(
        mark.modifier
            .contains(Modifier::BOLD | Modifier::UNDERLINED),
        "{mark:?}"
    );
    for y in 0..24 {
        for x in 0..80 {
            let c = buf.cell((x, y)).expect("cell");
            assert!(
                matches!(c.fg, Color::Reset) && matches!(c.bg, Color::Reset),
                "colour at {x},{y}: {c:?}"
            );
        }
    }
}

#[test]
fn form_errors_are_marked() {
    let (_fx, mut app) = app(80, 24);
    app.press("4 n tab ctrl-u");
    app.type_str("nope nope");
    app.press("enter");
    let buf = render(&app, &dark(), 80, 24);
    let (x, y) = find(&buf, "! ").expect("inline error");
    let c = buf.cell((x, y)).expect("cell");
    assert!(c.modifier.contains(Modifier::BOLD));
    assert_eq!(c.fg, Color::Red);
    assert!(find(&buf, "Title").is_some());
}

#[test]
fn every_small_size_renders_without_panic() {
    let (_fx, mut app) = app(80, 24);
    let states = ["", "2", "3", "4", "5", "1 enter", "1 n", "4 S", "?"];
    for keys in states {
        app.press("esc esc esc 1");
        app.press(keys);
        for w in (1..=60).step_by(7) {
            for h in 1..=20 {
                app.resize(w, h);
                let _ = render(&app, &dark(), w, h);
            }
        }
        app.resize(170, 50);
        let _ = render(&app, &dark(), 170, 50);
    }
}
