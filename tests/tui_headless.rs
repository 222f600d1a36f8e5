//! The app driven headlessly by scripted keys, then checked through the model and the
//! store: kanban moves and undo, completing a deal's task with the next-step prompt,
//! inline form validation, lost reasons, snoozing, filtering, live changes.

mod tui_common;

use rolo::model::{Contact, Deal, DealStatus, Kind, RecordId, Task};
use rolo::ops;
use rolo::store::Queries;
use rolo::tui::action::Screen;
use rolo::tui::form::FormTarget;
use rolo::tui::layer::Layer;
use tui_common::{app, day};

fn deal(app: &rolo::tui::app::App, id: u64) -> Deal {
    app.store
        .read()
        .and_then(|r| r.require::<Deal>(id))
        .expect("deal")
}

fn top_form(app: &rolo::tui::app::App) -> &rolo::tui::form::Form {
    match app.model.layers.last() {
        Some(Layer::Form(f)) => f,
        other => panic!("expected a form on top, got {other:?}"),
    }
}

#[test]
fn move_two_stages_right_and_undo_once() {
    let (_fx, mut app) = app(80, 24);
    assert_eq!(app.model.board.selected_deal(), Some(1));
    app.press("L L");
    assert_eq!(deal(&app, 1).stage, 3, "two stages right: Proposal Sent");
    assert_eq!(
        app.model.board.selected_deal(),
        Some(1),
        "selection follows the deal"
    );
    assert_eq!(app.model.board.col, 2);
    app.press("u");
    assert_eq!(deal(&app, 1).stage, 2, "undo once: back in Qualified");
    let log = app
        .store
        .read()
        .and_then(|r| r.entries_back(3, |_| true))
        .expect("log");
    let ops: Vec<&str> = log.iter().map(|e| e.op.as_str()).collect();
    assert_eq!(ops, ["undo", "deal.move", "deal.move"]);
    assert!(
        log[0].summary.contains("Proposal Sent"),
        "{}",
        log[0].summary
    );
    assert_eq!(
        app.model.board.col, 1,
        "the kanban shows it where the store has it"
    );
    assert!(
        app.model.status.message.starts_with("undid"),
        "{}",
        app.model.status.message
    );
}

#[test]
fn completing_a_deals_task_prompts_for_the_next_step() {
    let (_fx, mut app) = app(80, 24);
    app.press("4");
    // The first overdue task is the rule-made follow-up on D-3; D-3 keeps another open
    // task, so completing it asks nothing.
    assert_eq!(app.model.queue.selected_id(), Some(1));
    app.press("space");
    assert!(app.model.layers.is_empty(), "D-3 still has a next step");
    assert_eq!(
        app.model.queue.selected_id(),
        Some(4),
        "the next overdue task: D-3's last"
    );
    app.press("space");
    let form = top_form(&app);
    assert_eq!(
        form.target,
        FormTarget::Task {
            id: None,
            next_step_for: Some(3)
        }
    );
    assert_eq!(form.value("link"), "D-3 Initech pilot");
    app.type_str("Send case study");
    app.press("enter");
    assert!(app.model.layers.is_empty(), "saved: {:?}", app.model.status);
    let read = app.store.read().expect("read");
    assert!(read.require::<Task>(4).expect("task").done_at.is_some());
    let linked = read
        .linked(RecordId::new(Kind::Deal, 3), Kind::Task)
        .expect("linked");
    let open: Vec<Task> = linked
        .iter()
        .filter_map(|id| read.get::<Task>(*id).ok().flatten())
        .filter(|t| t.is_open())
        .collect();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].title, "Send case study");
    assert_eq!(
        open[0].due.map(|d| d.date),
        Some(day(1)),
        "due defaults to tomorrow"
    );
    assert_eq!(app.model.next_steps.get(&3), Some(&open[0].id));
}

#[test]
fn a_form_rejects_a_bad_date_inline() {
    let (_fx, mut app) = app(80, 24);
    let before = app
        .store
        .read()
        .and_then(|r| r.count(Kind::Task))
        .expect("count");
    app.press("4 n");
    app.type_str("Call the lawyer");
    app.press("tab ctrl-u");
    app.type_str("blursday the 45th");
    app.press("enter");
    let form = top_form(&app);
    let due = form
        .fields
        .iter()
        .find(|f| f.key == "due")
        .expect("due field");
    assert!(due.error.is_some(), "an inline message on the due field");
    assert_eq!(
        form.fields[form.focus].key, "due",
        "focus moves to the bad field"
    );
    assert_eq!(
        app.store
            .read()
            .and_then(|r| r.count(Kind::Task))
            .expect("count"),
        before
    );
    // Fixing the date saves.
    app.press("ctrl-u");
    app.type_str("fri");
    app.press("enter");
    assert!(app.model.layers.is_empty(), "{:?}", app.model.status);
    assert_eq!(
        app.store
            .read()
            .and_then(|r| r.count(Kind::Task))
            .expect("count"),
        before + 1
    );
}

#[test]
fn lost_asks_for_a_reason_and_won_closes() {
    let (_fx, mut app) = app(80, 24);
    app.press("X");
    app.type_str("went with a competitor");
    app.press("enter");
    let d = deal(&app, 1);
    assert_eq!(d.status, DealStatus::Lost);
    assert_eq!(d.lost_reason.as_deref(), Some("went with a competitor"));
    assert_eq!(
        app.model.board.selected_deal(),
        Some(5),
        "the next card is selected"
    );
    app.press("W");
    assert_eq!(deal(&app, 5).status, DealStatus::Won);
}

#[test]
fn snooze_and_pick_a_date() {
    let (_fx, mut app) = app(80, 24);
    app.press("4 s");
    let t = app
        .store
        .read()
        .and_then(|r| r.require::<Task>(1))
        .expect("task");
    assert_eq!(
        t.due.map(|d| d.date),
        Some(day(1)),
        "an overdue task snoozes to tomorrow"
    );
    app.press("4 G S");
    app.type_str("someday");
    app.press("enter");
    assert!(matches!(app.model.layers.last(), Some(Layer::Prompt(p)) if p.error.is_some()));
    app.press("ctrl-u");
    app.type_str("2026-12-24");
    app.press("enter");
    assert!(app.model.layers.is_empty());
    let t = app
        .store
        .read()
        .and_then(|r| r.require::<Task>(6))
        .expect("task");
    assert_eq!(
        t.due.map(|d| d.date.to_string()),
        Some("2026-12-24".into()),
        "the last row: T-6"
    );
}

#[test]
fn filter_sort_and_open_a_contact() {
    let (_fx, mut app) = app(80, 24);
    app.press("2 /");
    app.type_str("acme");
    assert_eq!(app.model.contacts.rows, vec![1], "Jane works at Acme");
    app.press("enter enter");
    assert!(
        matches!(app.model.layers.last(), Some(Layer::Detail(d)) if d.rid == RecordId::new(Kind::Contact, 1))
    );
    assert!(
        matches!(app.model.layers.last(), Some(Layer::Detail(d)) if d.timeline.len() == 2),
        "timeline loaded by index"
    );
    app.press("esc esc");
    assert_eq!(app.model.contacts.rows.len(), 5, "esc clears the filter");
    app.press("s");
    assert_eq!(app.model.contacts.sort, 1);
}

#[test]
fn another_writers_change_appears_and_keeps_a_half_typed_form() {
    let (_fx, mut app) = app(80, 24);
    app.press("2 n");
    app.type_str("Half typed");
    // Another writer (a CLI call, a colleague) adds a contact and moves a deal.
    ops::add(
        &app.store,
        Contact {
            name: "Zed Newcomer".into(),
            ..Contact::default()
        },
    )
    .expect("add");
    ops::step_deal(&app.store, 2, 1).expect("move");
    assert!(app.tick());
    assert!(
        app.model
            .data
            .contacts
            .values()
            .any(|c| c.name == "Zed Newcomer")
    );
    assert_eq!(app.model.board.columns[2].deals, vec![3, 2]);
    assert_eq!(top_form(&app).value("name"), "Half typed");
    app.press("esc 1");
    assert_eq!(app.model.screen, Screen::Pipeline);
}

#[test]
fn mine_filters_the_board_and_queue() {
    let (_fx, mut app) = app(80, 24);
    app.press("o");
    assert!(app.model.mine);
    let deals: usize = app.model.board.columns.iter().map(|c| c.deals.len()).sum();
    assert_eq!(deals, 3, "sam owns D-1, D-3 and D-4");
    assert_eq!(
        app.model.queue.rows.len(),
        5,
        "sam's tasks: all but Bob's call"
    );
}

#[test]
fn the_command_line_runs_rolo_commands_and_completes() {
    let (_fx, mut app) = app(80, 24);
    app.press(":");
    app.type_str("deal mo");
    app.press("tab");
    match app.model.layers.last() {
        Some(Layer::Prompt(p)) => assert_eq!(p.input.value(), "deal move "),
        other => panic!("expected the prompt, got {other:?}"),
    }
    app.type_str("D-1 qualified");
    app.press("enter");
    assert!(app.model.layers.is_empty());
    assert_eq!(deal(&app, 1).stage, 2, "{:?}", app.model.status);
    assert_eq!(
        app.model.board.columns[1].deals,
        vec![2, 1],
        "the kanban follows"
    );
    app.press(": d e a l space s h o w space D - 4 enter");
    assert!(
        matches!(app.model.layers.last(), Some(Layer::Output { text, .. }) if text.contains("Negotiation"))
    );
    app.press("q");
    assert!(app.model.layers.is_empty());
    app.press(": b o g u s enter");
    assert!(app.model.status.error, "{:?}", app.model.status);
}

#[test]
fn a_paste_types_into_inputs_and_never_runs_commands() {
    let (_fx, mut app) = app(80, 24);
    app.paste("qLLX");
    assert!(!app.model.quit);
    assert_eq!(deal(&app, 1).stage, 1);
    app.press("2 n");
    app.paste("Pasted\nName");
    assert_eq!(top_form(&app).value("name"), "Pasted Name");
}
