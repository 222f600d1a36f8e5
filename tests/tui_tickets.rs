//! The Tickets screen driven headlessly and rendered to a `TestBackend`: the queue in
//! deadline order with its marks (symbol and style), take, the status menu offering
//! only allowed moves, priority, a note, a reply through the editor's text, the `/`
//! filter and "mine", the jump to the most urgent ticket, tickets on contact and
//! company details, the kanban's mark for companies with hot tickets, every size.

mod tui_common;

use ratatui::style::{Color, Modifier};
use rolo::model::{Activity, Direction, Kind, RecordId, TicketPriority, TicketStatus};
use rolo::ops::ticket as desk;
use rolo::store::Queries;
use rolo::tui::action::Screen;
use rolo::tui::app::App;
use rolo::tui::detail::Detail;
use rolo::tui::effect::Effect;
use rolo::tui::layer::Layer;
use rolo::tui::menu::Choice;

use tui_common::tickets::{ticket, ticket_app};
use tui_common::{dark, find, mono, render, text};

fn queue_ids(app: &App) -> Vec<u64> {
    let q = &app.model.tickets;
    (0..q.total)
        .filter_map(|i| q.row(i).map(|e| e.id))
        .collect()
}

fn line_with<'a>(screen: &'a str, needle: &str) -> &'a str {
    screen
        .lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle}:\n{screen}"))
}

fn menu_words(app: &App) -> Vec<String> {
    match app.model.top() {
        Some(Layer::Menu(m)) => m.options.iter().map(|(l, _)| l.clone()).collect(),
        other => panic!("expected a menu, got {other:?}"),
    }
}

fn thread(app: &App, id: u64) -> Vec<Activity> {
    let r = app.store.read().expect("read");
    let ids = r
        .timeline_ids(RecordId::new(Kind::Ticket, id), 50)
        .expect("thread");
    let mut all = r.activities(&ids).expect("activities");
    all.sort_by_key(|a| (a.at, a.id));
    all
}

#[test]
fn the_queue_is_in_deadline_order_with_marks_by_symbol_and_style() {
    let (_fx, mut app) = ticket_app(160, 48);
    app.press("9");
    assert_eq!(app.model.screen, Screen::Tickets);
    assert_eq!(
        queue_ids(&app),
        [1, 2, 4, 3, 6],
        "breached, soon, later, no deadline"
    );
    let buf = render(&app, &dark(), 160, 48);
    let screen = text(&buf);
    assert!(
        screen.contains("Tickets · 5 unsolved · everyone's"),
        "{screen}"
    );
    let s1 = line_with(&screen, "S-1 ");
    assert!(s1.contains("> ! S-1") && s1.contains("! 2h over"), "{s1}");
    assert!(
        s1.contains("Jane Doe") && s1.contains("Cannot log in"),
        "{s1}"
    );
    let s2 = line_with(&screen, "S-2 ");
    assert!(
        s2.contains(" ~ S-2") && s2.contains("~ 10m") && s2.contains('✓'),
        "{s2}"
    );
    let s3 = line_with(&screen, "S-3 ");
    assert!(s3.contains("|| S-3") && s3.contains("|| 3h"), "{s3}");
    let s4 = line_with(&screen, "S-4 ");
    assert!(s4.contains("1d 3h") && !s4.contains('!'), "{s4}");
    assert!(
        !screen.contains('\u{1b}') && screen.contains("Printer"),
        "{screen}"
    );

    // The breached mark and cell carry the theme's style, with and without colour.
    let (x, y) = find(&buf, "! 2h over").expect("breached cell");
    let cell = buf.cell((x, y)).expect("cell");
    assert_eq!(cell.fg, Color::Red);
    assert!(
        cell.modifier
            .contains(Modifier::BOLD | Modifier::UNDERLINED)
    );
    let (x, y) = find(&buf, "~ 10m").expect("soon cell");
    assert_eq!(buf.cell((x, y)).expect("cell").fg, Color::Yellow);
    let buf = render(&app, &mono(), 160, 48);
    let (x, y) = find(&buf, "~ S-2").expect("soon mark");
    assert!(
        buf.cell((x, y))
            .expect("cell")
            .modifier
            .contains(Modifier::BOLD)
    );
    let (x, y) = find(&buf, "|| S-3").expect("paused mark");
    let c = buf.cell((x, y)).expect("cell");
    assert!(
        c.modifier.contains(Modifier::DIM) && c.fg == Color::Reset,
        "{c:?}"
    );

    // The detail shows each clock with its symbol.
    app.press("j enter");
    let screen = text(&render(&app, &dark(), 160, 48));
    let line = line_with(&screen, "Resolution");
    assert!(line.contains("~ "), "{line}");
    assert!(line_with(&screen, "First reply").contains("✓ "), "{screen}");
}

#[test]
fn take_then_status_only_offers_allowed_moves_and_priority_changes() {
    let (_fx, mut app) = ticket_app(80, 24);
    app.press("9 T");
    assert_eq!(ticket(&app, 1).assignee, "sam");
    assert!(
        app.model.status.message.starts_with("took S-1"),
        "{}",
        app.model.status.message
    );
    app.press("T");
    assert_eq!(app.model.status.message, "S-1 is already yours");

    app.press("s");
    assert_eq!(menu_words(&app), ["open", "pending", "on-hold", "solved"]);
    app.press("2");
    assert!(app.model.layers.is_empty(), "a number chooses and closes");
    assert_eq!(ticket(&app, 1).status, TicketStatus::Pending);
    app.press("s");
    assert_eq!(
        menu_words(&app),
        ["open", "on-hold", "solved"],
        "never back to new"
    );
    app.press("esc");
    assert_eq!(ticket(&app, 1).status, TicketStatus::Pending);

    app.press("p");
    assert_eq!(menu_words(&app)[1], "high (now)");
    app.press("k enter");
    assert_eq!(ticket(&app, 1).priority, TicketPriority::Urgent);
    assert_eq!(app.model.status.message, "S-1 is now urgent");

    // The state machine refuses through the command line too.
    app.press(":");
    app.type_str("ticket status S-1 new");
    app.press("enter");
    assert!(app.model.status.error, "{}", app.model.status.message);
    assert!(
        app.model.status.message.contains("never goes back to new"),
        "{}",
        app.model.status.message
    );
}

#[test]
fn a_closed_ticket_offers_no_move() {
    let (_fx, mut app) = ticket_app(80, 24);
    desk::set_status(&app.store, 4, TicketStatus::Solved).expect("solve");
    desk::set_status(&app.store, 4, TicketStatus::Closed).expect("close");
    app.tick();
    app.press("9");
    assert_eq!(
        queue_ids(&app),
        [1, 2, 3, 6],
        "closed tickets leave the queue"
    );
    app.model
        .layers
        .push(Layer::Detail(Detail::new(RecordId::new(Kind::Ticket, 4))));
    app.sync();
    app.press("s");
    assert!(!matches!(app.model.top(), Some(Layer::Menu(_))));
    assert!(app.model.status.error);
    assert!(
        app.model.status.message.contains("closed is final"),
        "{}",
        app.model.status.message
    );
    app.press("r");
    assert!(app.model.status.message.contains("follow-up"));
}

#[test]
fn notes_and_replies_go_on_the_thread() {
    let (_fx, mut app) = ticket_app(80, 24);
    app.press("9 c");
    app.type_str("Called her: SSO cache.");
    app.press("enter");
    let last = thread(&app, 1).pop().expect("note");
    assert_eq!(
        (last.body.as_str(), last.direction),
        ("Called her: SSO cache.", None)
    );
    app.press("c enter");
    assert!(app.model.status.message.contains("cancelled"));

    let header = app.editor_text(&Effect::ComposeReply(1)).expect("template");
    assert!(header.contains("# Reply on S-1 \"Cannot log in\", to Jane Doe <jane@acme.com>."));
    assert!(
        header.contains("#   > The page says: invalid token."),
        "{header}"
    );
    app.editor_done(Effect::ComposeReply(1), Some(header.clone()), &mut |_| {});
    assert!(
        app.model
            .status
            .message
            .contains("cancelled: empty message")
    );
    let before = thread(&app, 1).len();
    let edited = format!("Hi Jane,\n\nplease log in again now.\n{header}");
    app.editor_done(Effect::ComposeReply(1), Some(edited), &mut |_| {});
    let all = thread(&app, 1);
    assert_eq!(all.len(), before + 1);
    let reply = all.last().expect("reply");
    assert_eq!(reply.direction, Some(Direction::Outbound));
    assert_eq!(reply.body, "Hi Jane,\n\nplease log in again now.");
    assert_eq!(
        ticket(&app, 1).status,
        TicketStatus::Open,
        "a reply opens a new ticket"
    );
    assert!(app.model.status.message.starts_with("replied on S-1"));

    // The detail shows the thread oldest first, and a note from it at once.
    app.press("enter");
    let shown = |app: &App| match app.model.top() {
        Some(Layer::Detail(d)) => d.thread.len(),
        other => panic!("{other:?}"),
    };
    assert_eq!(shown(&app), 4);
    app.press("c");
    app.type_str("Checked the logs.");
    app.press("enter");
    assert_eq!(shown(&app), 5, "the note shows on the open detail");
    app.resize(120, 70);
    let screen = text(&render(&app, &dark(), 120, 70));
    let first = screen.find("I cannot log in").expect("customer message");
    let note = screen.find("Called her").expect("note");
    let reply = screen.find("please log in again").expect("reply");
    assert!(first < note && note < reply, "{screen}");
}

#[test]
fn the_filter_and_mine_narrow_the_queue() {
    let (_fx, mut app) = ticket_app(80, 24);
    app.press("9 /");
    app.type_str("urgent high");
    assert_eq!(queue_ids(&app), [1, 2], "as typed");
    app.press("enter");
    assert_eq!(app.model.tickets.total, 2);
    app.press("esc");
    assert_eq!(app.model.tickets.total, 5, "esc clears the filter");
    app.press("/");
    app.type_str("breached");
    app.press("enter");
    assert_eq!(queue_ids(&app), [1]);
    app.press("esc o");
    assert_eq!(queue_ids(&app), [4, 3], "mine: sam's");
    app.press("o /");
    app.type_str("unassigned");
    assert_eq!(queue_ids(&app), [1, 6]);
    app.type_str(" bogus");
    match app.model.top() {
        Some(Layer::Prompt(p)) => assert!(
            p.error.as_deref().is_some_and(|e| e.contains("'bogus'")),
            "{p:?}"
        ),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        app.model.tickets.total, 5,
        "an unreadable filter shows everything"
    );
}

#[test]
fn most_urgent_jumps_from_anywhere() {
    let (_fx, mut app) = ticket_app(80, 24);
    app.press("9 G");
    assert_eq!(app.model.tickets.selected_id(), Some(6));
    app.press("2 !");
    assert_eq!(app.model.screen, Screen::Tickets);
    assert_eq!(app.model.tickets.selected_id(), Some(1));
    assert!(
        app.model
            .status
            .message
            .starts_with("most urgent: S-1 Cannot log in"),
        "{}",
        app.model.status.message
    );
}

#[test]
fn contact_and_company_details_list_their_open_tickets() {
    let (_fx, mut app) = ticket_app(120, 40);
    for (rid, count) in [
        (RecordId::new(Kind::Contact, 1), "1 unsolved of 2"),
        (RecordId::new(Kind::Company, 1), "1 unsolved of 2"),
        (RecordId::new(Kind::Contact, 3), "1 unsolved of 1"),
    ] {
        app.model.layers.clear();
        app.model.layers.push(Layer::Detail(Detail::new(rid)));
        app.sync();
        let screen = text(&render(&app, &dark(), 120, 40));
        let line = line_with(&screen, "unsolved of");
        assert!(line.contains("Tickets") && line.contains(count), "{screen}");
        if rid.kind == Kind::Contact && rid.id == 1 {
            let line = line_with(&screen, "ticket S-1");
            assert!(line.contains("! ticket S-1 Cannot log in · new"), "{line}");
            let solved = line_with(&screen, "ticket S-5");
            assert!(solved.contains("solved"), "{solved}");
            let s1 = screen.find("ticket S-1").expect("S-1");
            assert!(
                s1 < screen.find("ticket S-5").expect("S-5"),
                "unsolved first"
            );
        }
    }
    // Enter on the listed ticket opens its detail.
    let Some(Layer::Detail(d)) = app.model.layers.last_mut() else {
        panic!("detail");
    };
    d.selected = d
        .links
        .iter()
        .position(|r| r.kind == Kind::Ticket)
        .expect("a ticket link");
    app.press("enter");
    match app.model.top() {
        Some(Layer::Detail(d)) => assert_eq!(d.rid, RecordId::new(Kind::Ticket, 3)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn kanban_cards_mark_companies_with_urgent_or_breached_tickets() {
    let (_fx, app) = ticket_app(80, 24);
    let buf = render(&app, &dark(), 80, 24);
    let screen = text(&buf);
    assert!(
        screen.contains(">S! D-1 Acme"),
        "breached S-1 on Acme:\n{screen}"
    );
    assert!(
        screen.contains("S! D-2 Globex"),
        "urgent S-2 on Globex:\n{screen}"
    );
    assert!(
        !screen.contains("S! D-3"),
        "Initech's tickets are calm:\n{screen}"
    );
    let (x, y) = find(&buf, "S! D-2").expect("mark");
    let c = buf.cell((x, y)).expect("cell");
    assert_eq!(c.fg, Color::Red);
    assert!(c.modifier.contains(Modifier::REVERSED | Modifier::BOLD));
    let buf = render(&app, &mono(), 80, 24);
    let (x, y) = find(&buf, "S! D-2").expect("mark");
    let c = buf.cell((x, y)).expect("cell");
    assert!(c.modifier.contains(Modifier::REVERSED) && c.fg == Color::Reset);
}

#[test]
fn menus_choose_by_number_or_enter() {
    let (_fx, mut app) = ticket_app(80, 24);
    app.press("9 j s");
    match app.model.top() {
        Some(Layer::Menu(m)) => {
            assert_eq!(m.ticket, 2);
            assert_eq!(m.chosen(), Some(Choice::Status(TicketStatus::Pending)));
        }
        other => panic!("{other:?}"),
    }
    app.press("j j enter");
    assert_eq!(ticket(&app, 2).status, TicketStatus::Solved);
    assert_eq!(queue_ids(&app), [1, 4, 3, 6], "solved leaves the queue");
    app.press("u");
    assert_eq!(ticket(&app, 2).status, TicketStatus::Open, "undo");
}

#[test]
fn every_size_renders_without_panic() {
    let (_fx, mut app) = ticket_app(80, 24);
    let states = [
        "9",
        "9 enter",
        "9 s",
        "9 p",
        "9 c",
        "9 /",
        "9 ?",
        "1",
        "9 G enter",
    ];
    for keys in states {
        app.press("esc esc esc 1");
        app.press(keys);
        for w in (1..=120).step_by(9) {
            for h in (1..=30).step_by(2) {
                app.resize(w, h);
                let _ = render(&app, &dark(), w, h);
            }
        }
        app.resize(80, 24);
        let _ = render(&app, &dark(), 80, 24);
    }
    app.press("esc esc esc 9 g");
    insta::assert_snapshot!("tickets_80x24", text(&render(&app, &dark(), 80, 24)));
    app.resize(160, 48);
    insta::assert_snapshot!("tickets_160x48", text(&render(&app, &dark(), 160, 48)));
}
