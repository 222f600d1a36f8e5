//! Jump anywhere, headless: the picker finds a contact by a fuzzy subsequence, by a
//! `%company` scope, by an accent-folded query, and a renamed record by its new name
//! after a live refresh; hostile queries never panic; Enter opens the record on its
//! screen. Also the `/` filter with the search syntax, the `:` history, and `:search`
//! with options after the words and a dash-led query after `--`.

mod tui_common;

use rolo::model::{Contact, Kind, RecordId};
use rolo::ops;
use rolo::tui::action::Screen;
use rolo::tui::app::App;
use rolo::tui::layer::Layer;
use rolo::tui::picker::Picker;
use tui_common::{app, dark, render, text};

fn picker(app: &App) -> &Picker {
    match app.model.layers.last() {
        Some(Layer::Picker(p)) => p,
        other => panic!("expected the picker on top, got {other:?}"),
    }
}

fn results(app: &App) -> Vec<RecordId> {
    picker(app).rows.iter().map(|r| r.rid).collect()
}

/// Opens the picker, types `query` and waits for the index.
fn jump(app: &mut App, query: &str) {
    app.press("ctrl-k");
    app.type_str(query);
    app.settle_search();
}

fn contact(id: u64) -> RecordId {
    RecordId::new(Kind::Contact, id)
}

fn detail_on_top(app: &App) -> Option<RecordId> {
    match app.model.layers.last() {
        Some(Layer::Detail(d)) => Some(d.rid),
        _ => None,
    }
}

#[test]
fn a_fuzzy_subsequence_finds_and_opens_a_contact() {
    let (_fx, mut app) = app(100, 30);
    jump(&mut app, "jdoe");
    assert_eq!(results(&app).first(), Some(&contact(1)), "Jane Doe first");
    let row = &picker(&app).rows[0];
    assert_eq!(row.name, "Jane Doe");
    assert!(!row.name_hits.is_empty(), "matched characters are marked");
    let screen = text(&render(&app, &dark(), 100, 30));
    assert!(screen.contains("Jump to"), "{screen}");
    assert!(screen.contains("C-1"), "{screen}");
    app.press("enter");
    assert_eq!(app.model.screen, Screen::Contacts);
    assert_eq!(app.model.contacts.selected_id(), Some(1));
    assert_eq!(detail_on_top(&app), Some(contact(1)));
}

#[test]
fn a_company_scope_and_a_kind_narrowing_find_a_contact() {
    let (_fx, mut app) = app(100, 30);
    jump(&mut app, "%company acme");
    let found = results(&app);
    assert!(found.contains(&contact(1)), "{found:?}");
    assert!(
        found.iter().all(|r| r.kind != Kind::Contact || r.id == 1),
        "only Acme's contact: {found:?}"
    );
    // Narrow to contacts with the cycle key (tab): only Jane stays.
    app.press("tab");
    app.settle_search();
    assert_eq!(picker(&app).kind, Some(Kind::Contact));
    assert_eq!(results(&app), vec![contact(1)]);
    let screen = text(&render(&app, &dark(), 100, 30));
    assert!(screen.contains("Jump to · contacts"), "{screen}");
    // A deal prefix narrows by itself; Enter shows the deal on the kanban.
    app.press("esc");
    jump(&mut app, "d: acme seats");
    assert_eq!(results(&app), vec![RecordId::new(Kind::Deal, 1)]);
    app.press("enter");
    assert_eq!(app.model.screen, Screen::Pipeline);
    assert_eq!(app.model.board.selected_deal(), Some(1));
    assert_eq!(detail_on_top(&app), Some(RecordId::new(Kind::Deal, 1)));
}

#[test]
fn accents_fold_and_live_changes_reach_the_index() {
    let (_fx, mut app) = app(100, 30);
    app.settle_search();
    let added = ops::add(
        &app.store,
        Contact {
            name: "Jürgen Müller".into(),
            ..Contact::default()
        },
    )
    .expect("add")
    .value
    .id;
    assert!(app.tick(), "the change is applied");
    jump(&mut app, "muller");
    assert_eq!(results(&app), vec![contact(added)]);
    assert_eq!(
        picker(&app).rows[0].name,
        "Jürgen Müller",
        "display keeps ü"
    );
    assert_eq!(picker(&app).rows[0].name_hits, vec![7, 8, 9, 10, 11, 12]);
    app.press("esc");
    jump(&mut app, "c: 李伟");
    assert_eq!(results(&app), vec![contact(3)], "CJK by its own characters");
    app.press("esc");

    // Rename Jane in another "process"; the picker finds her by the new name only.
    ops::update::<Contact>(&app.store, 1, |c| {
        c.name = "Janet Quixote".into();
        Ok(())
    })
    .expect("rename");
    assert!(app.tick());
    jump(&mut app, "quixote");
    assert_eq!(results(&app), vec![contact(1)]);
    app.press("esc");
    jump(&mut app, "jdoe");
    assert!(!results(&app).contains(&contact(1)), "old name gone");
    app.press("esc");

    // A deleted record disappears.
    ops::delete(&app.store, contact(added), true).expect("delete");
    assert!(app.tick());
    jump(&mut app, "muller");
    assert!(results(&app).is_empty());
}

#[test]
fn the_picker_updates_while_it_is_open() {
    let (_fx, mut app) = app(100, 30);
    jump(&mut app, "zed");
    assert!(results(&app).is_empty());
    ops::add(
        &app.store,
        Contact {
            name: "Zed Newcomer".into(),
            ..Contact::default()
        },
    )
    .expect("add");
    assert!(app.tick());
    app.settle_search();
    assert_eq!(results(&app).len(), 1);
}

#[test]
fn hostile_queries_do_not_panic() {
    let (_fx, mut app) = app(100, 30);
    app.settle_search();
    let long = "a".repeat(10_000);
    for q in [
        "%",
        "%colour x",
        "(a|b)*[x]+?.^$\\",
        "\"unbalanced",
        "'\"'",
        "!^$",
        "\u{1b}[2J\u{7}\u{0}",
        long.as_str(),
        "山田",
    ] {
        app.press("ctrl-k");
        app.paste(q);
        app.type_str(&q.chars().take(50).collect::<String>());
        app.settle_search();
        let _ = text(&render(&app, &dark(), 100, 30));
        let _ = text(&render(&app, &dark(), 30, 8));
        app.press("enter esc esc");
    }
    app.press("ctrl-k");
    app.type_str("%colour x");
    app.settle_search();
    let p = picker(&app);
    assert!(
        p.error.as_deref().is_some_and(|e| e.contains("%company")),
        "{:?}",
        p.error
    );
    let screen = text(&render(&app, &dark(), 100, 30));
    assert!(screen.contains("unknown field %colour"), "{screen}");
    app.press("esc");
    assert!(app.model.layers.is_empty());
}

#[test]
fn the_table_filter_uses_the_search_syntax() {
    let (_fx, mut app) = app(100, 30);
    app.press("2 /");
    app.type_str("%company initech");
    let mut rows = app.model.contacts.rows.clone();
    rows.sort_unstable();
    assert_eq!(rows, vec![4, 5], "Eve and Carol work at Initech");
    app.press("esc");
    assert_eq!(app.model.contacts.rows.len(), 5, "esc clears");
    app.press("/");
    app.type_str("jdoe");
    assert_eq!(app.model.contacts.rows, vec![1], "fuzzy");
    app.press("esc 3 /");
    app.type_str("globx");
    assert_eq!(app.model.companies.rows, vec![2]);
}

#[test]
fn command_history_recalls_earlier_lines() {
    let (_fx, mut app) = app(100, 30);
    app.press(":");
    app.type_str("contact list");
    app.press("enter");
    app.press("esc");
    app.press(":");
    app.type_str("deal list");
    app.press("enter");
    app.press("esc");
    assert_eq!(app.model.history, vec!["contact list", "deal list"]);
    app.press(":");
    app.press("up");
    let value = |app: &App| match app.model.layers.last() {
        Some(Layer::Prompt(p)) => p.input.value().to_string(),
        other => panic!("expected the prompt, got {other:?}"),
    };
    assert_eq!(value(&app), "deal list");
    app.press("up");
    assert_eq!(value(&app), "contact list");
    app.press("up");
    assert_eq!(value(&app), "contact list", "stops at the oldest");
    app.press("down");
    assert_eq!(value(&app), "deal list");
    app.press("down");
    assert_eq!(value(&app), "", "past the newest: empty again");
}

/// Types `line` at the `:` prompt and runs it; returns what it printed (a table or JSON
/// opens the output layer, which is closed again) or the status line.
fn command(app: &mut App, line: &str) -> String {
    app.press(":");
    app.type_str(line);
    app.press("enter");
    match app.model.layers.last() {
        Some(Layer::Output { text, .. }) => {
            let text = text.clone();
            app.press("q");
            text
        }
        None => app.model.status.message.clone(),
        other => panic!("after :{line}, expected output or the status line, got {other:?}"),
    }
}

#[test]
fn the_command_line_searches_with_options_after_the_words() {
    let (_fx, mut app) = app(100, 30);
    let out = command(&mut app, "search jane --kind contact --json");
    assert!(!app.model.status.error, "{:?}", app.model.status);
    assert!(out.contains(r#""id": "C-1""#), "{out}");
    assert!(!out.contains(r#""kind": "deal""#), "--kind applies: {out}");
    let out = command(&mut app, r#"search "jane doe" --limit 1"#);
    assert!(out.contains("C-1") && out.contains("Jane Doe"), "{out}");
    assert_eq!(out.lines().count(), 2, "a header and one match: {out}");
    let out = command(&mut app, "search --kind company globex");
    assert!(out.contains("Globex") && !out.contains("Bob"), "{out}");

    // A query that starts with a dash goes after `--`, as on the command line.
    command(&mut app, r#"company add -- "-dash- Media""#);
    assert!(!app.model.status.error, "{:?}", app.model.status);
    let out = command(&mut app, "search --kind company -- -dash");
    assert!(!app.model.status.error, "{:?}", app.model.status);
    assert!(out.contains("-dash- Media"), "{out}");
    let out = command(&mut app, "search -- --kind");
    assert!(
        !app.model.status.error,
        "--kind is a query word here: {out}"
    );
    command(&mut app, "search -dash");
    assert!(
        app.model.status.error,
        "without `--` it is an unknown option"
    );
    assert!(
        app.model.status.message.contains("-d"),
        "{:?}",
        app.model.status
    );
}

#[test]
fn the_kanban_and_today_filter_in_place() {
    let (_fx, mut app) = app(100, 30);
    let deals = |app: &App| {
        let mut all: Vec<u64> = app
            .model
            .board
            .columns
            .iter()
            .flat_map(|c| c.deals.iter().copied())
            .collect();
        all.sort_unstable();
        all
    };
    assert_eq!(deals(&app), vec![1, 2, 3, 4, 5]);
    app.press("1 /");
    app.type_str("%company acme");
    assert_eq!(deals(&app), vec![1, 5], "Acme's deals");
    app.press("enter");
    assert!(app.model.layers.is_empty());
    assert_eq!(deals(&app), vec![1, 5], "the filter stays after enter");
    assert!(
        app.model
            .board
            .selected_deal()
            .is_some_and(|d| d == 1 || d == 5)
    );
    app.press("esc");
    assert_eq!(deals(&app), vec![1, 2, 3, 4, 5], "esc clears");

    app.press("4 /");
    app.type_str("renewl");
    let titles: Vec<String> = app
        .model
        .queue
        .rows
        .iter()
        .filter_map(|(_, t)| app.model.data.tasks.get(t))
        .map(|t| t.title.clone())
        .collect();
    assert!(!titles.is_empty(), "a fuzzy match");
    assert!(
        titles.iter().all(|t| t.to_lowercase().contains("renewal")),
        "{titles:?}"
    );
    app.type_str(" %colour");
    match app.model.layers.last() {
        Some(Layer::Prompt(p)) => assert!(p.error.is_some(), "the parse error shows"),
        other => panic!("expected the filter prompt, got {other:?}"),
    }
    app.press("esc");
    assert!(app.model.queue_filter.is_empty());
}

#[test]
fn matched_characters_are_highlighted_even_without_colour() {
    use ratatui::style::Modifier;
    use rolo::tui::theme::{ColorSupport, Theme};
    let (_fx, mut app) = app(100, 30);
    jump(&mut app, "jdoe");
    app.press("ctrl-t");
    app.settle_search();
    let mono = Theme::load(
        None,
        None,
        ColorSupport {
            no_color: true,
            truecolor: false,
        },
    )
    .expect("mono");
    let buf = render(&app, &mono, 100, 30);
    let (x, y) = tui_common::find(&buf, "Jane Doe").expect("row shown");
    let cell = |dx: u16| buf.cell((x + dx, y)).expect("cell").modifier;
    let hit = Modifier::BOLD | Modifier::UNDERLINED;
    assert!(cell(0).contains(hit), "J matched");
    assert!(!cell(1).contains(Modifier::UNDERLINED), "a not matched");
    assert!(cell(5).contains(hit), "D matched");
}

/// Keystroke to updated picker rows on the benchmark data set (`cargo bench --bench store`
/// makes it): `cargo test --release --test tui_search -- --ignored --nocapture`.
#[test]
#[ignore = "needs target/bench-data/L.redb (or ROLO_BENCH_SIZE); run in release"]
fn picker_keystroke_latency_on_bench_data() {
    use std::time::{Duration, Instant};
    let size = std::env::var("ROLO_BENCH_SIZE").unwrap_or_else(|_| "L".into());
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join(format!("target/bench-data/{size}.redb"));
    if !path.exists() {
        eprintln!("{} is missing", path.display());
        return;
    }
    let store = rolo::store::Store::open(rolo::store::OpenOptions::new(&path)).expect("open");
    let t = Instant::now();
    let mut app = App::new(
        store,
        rolo::tui::keymap::Keymap::load(None, None).expect("keymap"),
        rolo::config::Settings::default(),
    )
    .expect("app");
    app.resize(160, 48);
    println!("load (no index yet): {:?}", t.elapsed());
    let t = Instant::now();
    app.settle_search();
    println!("index streamed in: {:?}", t.elapsed());
    let rss = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmRSS")).map(String::from));
    println!("after indexing: {rss:?}");
    for query in ["j", "jan", "jane doe"] {
        let mut times: Vec<Duration> = Vec::new();
        for _ in 0..5 {
            app.press("ctrl-k");
            for c in query.chars() {
                let t = Instant::now();
                app.type_str(&c.to_string());
                app.settle_search();
                times.push(t.elapsed());
            }
            app.press("esc");
        }
        times.sort();
        let p95 = times[(times.len() * 95 / 100).min(times.len() - 1)];
        println!("{} chars: p95 keystroke to rows {:?}", query.len(), p95);
    }
}

#[test]
fn a_renamed_company_is_found_through_its_contacts() {
    let (_fx, mut app) = app(100, 30);
    app.settle_search();
    ops::update::<rolo::model::Company>(&app.store, 1, |c| {
        c.name = "Zenith Industries".into();
        Ok(())
    })
    .expect("rename");
    assert!(app.tick());
    jump(&mut app, "c: %company zenith");
    assert_eq!(results(&app), vec![contact(1)]);
}
