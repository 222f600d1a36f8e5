//! Each pane's window shows exactly what a full load would: on demo data (size S), the
//! kanban, the contacts and companies tables in every sort order, and Today's queue are
//! compared with a naive model computed from every record, and a `/` filter keeps
//! exactly what the jump picker finds for the same words.

mod tui_common;

use std::collections::HashMap;

use rolo::model::{Company, Contact, Deal, DealStatus, Kind, Task};
use rolo::store::sort;
use rolo::store::{Queries, Store};
use rolo::tui::app::App;
use rolo::tui::keymap::Keymap;
use tui_common::Fixture;

/// The app at 160x48 over `store`.
fn app_on(store: Store) -> App {
    let mut app = App::new(
        store,
        Keymap::load(None, None).expect("keymap"),
        rolo::config::Settings::default(),
    )
    .expect("app");
    app.resize(160, 48);
    app
}

fn demo_app() -> (Fixture, App) {
    let fx = Fixture::new();
    let store: Store = fx.open();
    rolo::demo::generate(&store, rolo::demo::Size::S, 11).expect("demo");
    let app = app_on(store);
    (fx, app)
}

#[test]
fn the_kanban_shows_every_open_deal_in_card_order_with_exact_totals() {
    let (_fx, mut app) = demo_app();
    let read = app.store.read().expect("read");
    let deals: Vec<Deal> = read.all().expect("deals");
    let pipelines = read.pipelines().expect("pipelines");
    for p in &pipelines {
        if p.open_stages().count() == 0 {
            continue;
        }
        // Show this pipeline.
        for _ in 0..pipelines.len() {
            if app.model.board.pipeline == p.id {
                break;
            }
            app.press("1 p");
        }
        assert_eq!(app.model.board.pipeline, p.id);
        for (c, stage) in p.open_stages().enumerate() {
            let mut naive: Vec<&Deal> = deals
                .iter()
                .filter(|d| d.pipeline == p.id && d.stage == stage.id)
                .filter(|d| d.status == DealStatus::Open)
                .collect();
            naive.sort_by_key(|d| (d.stage_entered(), d.id));
            let col = &app.model.board.columns[c];
            assert_eq!(col.count, naive.len(), "{} count", stage.name);
            let shown: Vec<u64> = col.deals.clone();
            let expected: Vec<u64> = naive.iter().take(shown.len()).map(|d| d.id).collect();
            assert_eq!(shown, expected, "{} cards", stage.name);
            assert!(
                shown.len() >= naive.len().min(20),
                "{} loads a screenful",
                stage.name
            );
            let mut sums: HashMap<String, (i64, i64)> = HashMap::new();
            for d in &naive {
                let e = sums.entry(d.currency.code().to_string()).or_default();
                e.0 += d.value;
            }
            for (cur, sum) in &col.total {
                assert_eq!(
                    sums.get(cur.code()).map(|s| s.0),
                    Some(*sum),
                    "{} Σ",
                    stage.name
                );
            }
            let plain: HashMap<String, i64> = naive
                .iter()
                .filter(|d| d.probability.is_none())
                .fold(HashMap::new(), |mut m, d| {
                    *m.entry(d.currency.code().to_string()).or_default() += d.value;
                    m
                });
            let own: HashMap<String, i64> = naive
                .iter()
                .filter_map(|d| d.probability.map(|p| (d, p)))
                .fold(HashMap::new(), |mut m, (d, p)| {
                    *m.entry(d.currency.code().to_string()).or_default() += d.value * i64::from(p);
                    m
                });
            for (cur, w) in &col.weighted {
                let code = cur.code().to_string();
                let expected = (plain.get(&code).copied().unwrap_or(0)
                    * i64::from(stage.probability)
                    + own.get(&code).copied().unwrap_or(0))
                    / 100;
                assert_eq!(*w, expected, "{} weighted {code}", stage.name);
            }
        }
    }
}

/// Every row of a table, read by paging through it as a person would.
fn page_through(app: &mut App, contacts: bool) -> Vec<u64> {
    let t = |app: &App| {
        if contacts {
            app.model.contacts.clone()
        } else {
            app.model.companies.clone()
        }
    };
    app.press("g g");
    let total = t(app).total;
    let mut out = Vec::with_capacity(total);
    while out.len() < total {
        let table = t(app);
        let id = table.selected_id().expect("the window holds the selection");
        assert_eq!(table.selected, out.len());
        out.push(id);
        app.press("j");
    }
    out
}

#[test]
fn tables_page_through_every_record_in_every_sort_order() {
    let (_fx, mut app) = demo_app();
    let read = app.store.read().expect("read");
    let companies: Vec<Company> = read.all().expect("companies");
    let names: HashMap<u64, String> = companies.iter().map(|c| (c.id, c.name.clone())).collect();
    let contacts: Vec<Contact> = read.all().expect("contacts");
    drop(read);

    app.press("2");
    for &col in &sort::CONTACT_COLUMNS {
        while app.model.contacts.sort != col {
            app.press("s");
        }
        for reverse in [false, true] {
            if app.model.contacts.reverse != reverse {
                app.press("r");
            }
            let mut naive: Vec<(String, u64)> = contacts
                .iter()
                .map(|c| {
                    let company = c.company.and_then(|id| names.get(&id)).cloned();
                    (
                        sort::contact_key(c, company.as_deref().unwrap_or(""), col),
                        c.id,
                    )
                })
                .collect();
            naive.sort();
            if reverse {
                naive.reverse();
            }
            let expected: Vec<u64> = naive.into_iter().map(|(_, id)| id).collect();
            assert_eq!(
                page_through(&mut app, true),
                expected,
                "column {col} reverse {reverse}"
            );
        }
    }

    app.press("3");
    let mut naive: Vec<(String, u64)> = companies
        .iter()
        .map(|c| (sort::company_key(c, 0), c.id))
        .collect();
    naive.sort();
    let expected: Vec<u64> = naive.into_iter().map(|(_, id)| id).collect();
    assert_eq!(page_through(&mut app, false), expected);
}

#[test]
fn jumping_to_the_end_and_back_reads_the_right_rows() {
    let (_fx, mut app) = demo_app();
    app.press("2 G");
    let t = &app.model.contacts;
    assert_eq!(t.selected, t.total - 1);
    let last = t.selected_id();
    app.press("r g g");
    // Reversed, the first row is what was the last.
    assert_eq!(app.model.contacts.selected_id(), last);
    app.press("pagedown pagedown pageup");
    assert_eq!(app.model.contacts.selected, 10);
}

#[test]
fn today_lists_every_open_task_of_the_week_in_urgency_order() {
    let (_fx, app) = demo_app();
    let read = app.store.read().expect("read");
    let tasks: Vec<Task> = read.all().expect("tasks");
    let deals: HashMap<u64, i64> = read
        .all::<Deal>()
        .expect("deals")
        .into_iter()
        .map(|d| (d.id, d.value))
        .collect();
    drop(read);
    let today = app.model.today();
    let horizon = today + chrono::Days::new(7);
    let mut naive: Vec<_> = tasks
        .iter()
        .filter(|t| t.is_open())
        .filter_map(|t| {
            let due = t.due?;
            if due.date > horizon {
                return None;
            }
            let group = if due.date < today {
                0
            } else if due.date == today {
                1
            } else {
                2
            };
            let value = t
                .link
                .filter(|l| l.kind == Kind::Deal)
                .and_then(|l| deals.get(&l.id).copied())
                .unwrap_or(0);
            Some((
                group,
                std::cmp::Reverse(t.priority),
                std::cmp::Reverse(value),
                due.date,
                due.time,
                t.id,
            ))
        })
        .collect();
    naive.sort();
    let expected: Vec<u64> = naive.into_iter().map(|x| x.5).collect();
    let shown: Vec<u64> = app.model.queue.rows.iter().map(|(_, id)| *id).collect();
    assert_eq!(shown, expected);
}

#[test]
fn a_filter_keeps_exactly_what_the_picker_finds() {
    let (_fx, mut app) = demo_app();
    app.settle_search();
    // The picker, narrowed to contacts.
    app.press("ctrl-k");
    app.type_str("c: an");
    app.settle_search();
    let picked: Vec<u64> = match app.model.layers.last() {
        Some(rolo::tui::layer::Layer::Picker(p)) => p.rows.iter().map(|r| r.rid.id).collect(),
        _ => panic!("the picker is open"),
    };
    assert!(!picked.is_empty());
    app.press("esc 2 /");
    app.type_str("an");
    app.press("enter");
    app.settle_search();
    let t = &app.model.contacts;
    assert!(t.total >= picked.len());
    let first: Vec<u64> = (0..picked.len()).filter_map(|i| t.row(i)).collect();
    assert_eq!(
        first, picked,
        "the filter's first rows are the picker's rows"
    );
}

#[test]
fn a_moved_deal_stays_selected_at_the_end_of_a_long_column() {
    let fx = Fixture::new();
    let store: Store = fx.open();
    for stage in [1, 2] {
        for i in 0..60 {
            rolo::ops::add(
                &store,
                Deal {
                    title: format!("Deal {stage}/{i}"),
                    pipeline: 1,
                    stage,
                    owner: "sam".into(),
                    ..Deal::default()
                },
            )
            .expect("deal");
        }
    }
    let mut app = app_on(store);
    let first = app.model.board.selected_deal().expect("a card is selected");
    assert!(
        app.model.board.columns[1].deals.len() < 61,
        "a window, not the column"
    );
    fx.set_clock(tui_common::t0() + chrono::Duration::hours(1));
    app.press("L");
    assert_eq!(app.model.board.selected_deal(), Some(first));
    assert_eq!(app.model.board.col, 1);
    assert_eq!(app.model.board.rows[1], 60, "last in its new stage");
    assert_eq!(app.model.board.columns[1].count, 61);
    app.press("H");
    assert_eq!(app.model.board.selected_deal(), Some(first));
    assert_eq!(app.model.board.col, 0);
}
