//! The TUI's forms against the CLI's flags, headless: a new company named in the deal
//! form is created in the same change (one undo removes both), an edit keeps its
//! company when the name is shared, a contact name several share asks for the id, `me`
//! names the acting user, and counts in titles read as English ("1 deal").

mod tui_common;

use rolo::model::{Company, Contact, Deal, Kind, Task};
use rolo::ops;
use rolo::store::Queries;
use tui_common::{app, dark, empty_app, render, text};

fn count(app: &rolo::tui::app::App, kind: Kind) -> u64 {
    app.store.read().and_then(|r| r.count(kind)).expect("count")
}

#[test]
fn a_new_company_in_the_deal_form_is_created_with_the_deal_and_undone_with_it() {
    let (_fx, mut app) = app(100, 30);
    let (deals, companies) = (count(&app, Kind::Deal), count(&app, Kind::Company));
    app.press("1 n");
    app.type_str("Umbrella — pilot");
    app.press("tab tab");
    app.type_str("Umbrella Corp");
    app.press("enter");
    assert!(app.model.layers.is_empty(), "{:?}", app.model.status);
    assert!(
        app.model
            .status
            .message
            .contains("created company O-5 Umbrella Corp"),
        "{}",
        app.model.status.message
    );
    let read = app.store.read().expect("read");
    let deal: Deal = read.require(deals + 1).expect("deal");
    assert_eq!(deal.company, Some(5));
    let company: Company = read.require(5).expect("company");
    assert_eq!(company.name, "Umbrella Corp");
    assert_eq!(
        read.entries_back(1, |_| true).expect("log")[0].op,
        "deal.add"
    );
    drop(read);

    app.press("u");
    assert_eq!(count(&app, Kind::Deal), deals);
    assert_eq!(count(&app, Kind::Company), companies, "one undo, both gone");
}

#[test]
fn editing_a_contact_keeps_its_company_when_others_share_the_name() {
    let (_fx, mut app) = app(100, 30);
    // A second "Globex": Bob (C-2) stays with O-2 when his form is saved unchanged.
    ops::add(
        &app.store,
        Company {
            name: "Globex".into(),
            ..Company::default()
        },
    )
    .expect("company");
    app.press("2");
    assert_eq!(app.model.contacts.selected_id(), Some(2), "Bob Smith first");
    app.press("e");
    let form = match app.model.layers.last() {
        Some(rolo::tui::layer::Layer::Form(f)) => f.clone(),
        other => panic!("expected the edit form, got {other:?}"),
    };
    assert_eq!(
        form.value("company"),
        "O-2 Globex",
        "the id tells them apart"
    );
    app.press("enter");
    assert!(app.model.layers.is_empty(), "{:?}", app.model.status);
    let bob: Contact = app.store.read().and_then(|r| r.require(2)).expect("bob");
    assert_eq!(bob.company, Some(2));
}

#[test]
fn me_in_an_assignee_field_is_the_acting_user_as_on_the_cli() {
    let (_fx, mut app) = app(100, 30);
    let tasks = count(&app, Kind::Task);
    app.press("4 n");
    app.type_str("Call the lawyer");
    app.press("tab tab tab tab ctrl-u");
    app.type_str("me");
    app.press("enter");
    assert!(app.model.layers.is_empty(), "{:?}", app.model.status);
    let t: Task = app
        .store
        .read()
        .and_then(|r| r.require(tasks + 1))
        .expect("task");
    assert_eq!(t.assignee, app.store.actor().name);
}

#[test]
fn one_deal_is_one_deal_in_the_pipeline_title() {
    let (_fx, mut app) = empty_app(100, 30);
    ops::add(
        &app.store,
        Deal {
            title: "The only deal".into(),
            pipeline: 1,
            stage: 1,
            ..Deal::default()
        },
    )
    .expect("deal");
    app.poll().expect("poll");
    app.press("1");
    let shown = text(&render(&app, &dark(), 100, 30));
    assert!(shown.contains("· 1 deal ·"), "{shown}");
    assert!(!shown.contains("1 deals"), "{shown}");
}

#[test]
fn a_contact_name_several_share_is_refused_with_their_ids() {
    let (_fx, mut app) = app(100, 30);
    ops::add(
        &app.store,
        Contact {
            name: "Jane Doe".into(),
            ..Contact::default()
        },
    )
    .expect("second Jane");
    let deals = count(&app, Kind::Deal);
    app.press("1 n");
    app.type_str("Second seat");
    app.press("tab tab tab");
    app.type_str("jane doe");
    app.press("enter");
    let form = match app.model.layers.last() {
        Some(rolo::tui::layer::Layer::Form(f)) => f.clone(),
        other => panic!("expected the form to stay, got {other:?}"),
    };
    let error = form
        .fields
        .iter()
        .find(|f| f.key == "contact")
        .and_then(|f| f.error.clone())
        .unwrap_or_default();
    assert!(error.contains("2 contacts are named"), "{error}");
    assert!(
        error.contains("C-1 Jane Doe") && error.contains("C-6 Jane Doe"),
        "{error}"
    );
    assert_eq!(count(&app, Kind::Deal), deals, "nothing saved");
    app.press("ctrl-u");
    app.type_str("C-6");
    app.press("enter");
    assert!(app.model.layers.is_empty(), "{:?}", app.model.status);
    let deal: Deal = app
        .store
        .read()
        .and_then(|r| r.require(deals + 1))
        .expect("deal");
    assert_eq!(deal.contacts, vec![6]);
}
