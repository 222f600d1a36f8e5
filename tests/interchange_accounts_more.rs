//! Moving a HubSpot or a Salesforce account (`rolo import hubspot|salesforce DIR`):
//! the products' own layouts, ids and date formats, non-ASCII names and quoted
//! multi-line cells. Records are linked by the products' ids (HubSpot's associations,
//! Salesforce's AccountId, WhoId and WhatId), which also tells apart two people of the
//! same name; importing the same folder again creates nothing.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{NaiveDate, TimeZone, Utc};
use rolo::interchange::account::{self, AccountOptions, AccountReport, Product};
use rolo::model::*;
use rolo::store::{OpenOptions, Queries, Store};
use tempfile::TempDir;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/accounts")
        .join(name)
}

fn open(dir: &TempDir) -> Store {
    let now = Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).unwrap();
    Store::open(OpenOptions {
        now: Some(Arc::new(move || now)),
        user: Some("sam".into()),
        ..OpenOptions::new(dir.path().join("crm.redb"))
    })
    .unwrap()
}

fn import(store: &Store, product: Product, dir: &Path) -> AccountReport {
    let options = AccountOptions {
        product,
        dry_run: false,
        skip_invalid: false,
        currency: Currency::USD,
        map_stage: Vec::new(),
        map_owner: Vec::new(),
    };
    account::import_account(store, dir, &options, &mut |_, _| {}).unwrap()
}

fn all<T: rolo::model::record::Entity>(store: &Store) -> Vec<T> {
    store.read().unwrap().all().unwrap()
}

fn created(r: &AccountReport) -> usize {
    r.files.iter().map(|f| f.report.created.len()).sum()
}

fn matched(r: &AccountReport) -> usize {
    r.files.iter().map(|f| f.report.matched.len()).sum()
}

fn contact_by_email(contacts: &[Contact], email: &str) -> u64 {
    contacts
        .iter()
        .find(|c| c.emails.iter().any(|e| e.value == email))
        .unwrap_or_else(|| panic!("no contact {email}"))
        .id
}

#[test]
fn a_salesforce_account_is_linked_by_its_ids() {
    let tmp = TempDir::new().unwrap();
    let store = open(&tmp);
    let before = store.revision().unwrap();
    let r = import(&store, Product::Salesforce, &fixture("salesforce"));
    let order: Vec<&str> = r.files.iter().map(|f| f.holds).collect();
    assert_eq!(
        order,
        ["Account", "Contact", "Opportunity", "Event", "Task"]
    );
    assert_eq!(r.revision, Some(before + 1), "one change-log entry");
    for f in &r.files {
        assert!(
            f.report.skipped.is_empty(),
            "{}: {:?}",
            f.file,
            f.report.skipped
        );
    }

    let companies: Vec<Company> = all(&store);
    let cafe = companies
        .iter()
        .find(|c| c.name == "Société Générale de Café")
        .unwrap();
    let nordwind = companies
        .iter()
        .find(|c| c.name.starts_with("Nordwind"))
        .unwrap();
    let contacts: Vec<Contact> = all(&store);
    assert_eq!(contacts.len(), 3);
    let zoe = contacts.iter().find(|c| c.name == "Zoë Lefèvre").unwrap();
    assert_eq!(zoe.company, Some(cafe.id), "AccountId links the contact");
    assert_eq!(zoe.notes, "Prefers calls\nafter 10:00, never Fridays.");
    let head = contact_by_email(&contacts, "jorg.muller@nordwind.de");
    let driver = contact_by_email(&contacts, "j.muller@nordwind.de");

    let deals: Vec<Deal> = all(&store);
    let trial = deals
        .iter()
        .find(|d| d.title == "Café — 40 machines")
        .unwrap();
    assert_eq!(trial.company, Some(cafe.id));
    assert_eq!(trial.status, DealStatus::Open);
    let fleet = deals.iter().find(|d| d.title == "Nordwind fleet").unwrap();
    assert_eq!(fleet.status, DealStatus::Won);
    assert_eq!(fleet.company, Some(nordwind.id));

    let activities: Vec<Activity> = all(&store);
    let call = activities
        .iter()
        .find(|a| a.subject == "Call about the trial")
        .unwrap();
    assert_eq!(call.kind, ActivityKind::Call);
    assert_eq!(call.contacts, vec![zoe.id], "WhoId");
    assert_eq!(call.deal, Some(trial.id), "WhatId naming an opportunity");
    assert_eq!(call.body, "Trial went well.\nShe wants 40 machines.");
    let kickoff = activities
        .iter()
        .find(|a| a.subject == "Kick-off in Hamburg")
        .unwrap();
    assert_eq!(
        kickoff.contacts,
        vec![head],
        "the Head of Ops, not the driver"
    );
    assert_eq!(kickoff.deal, Some(fleet.id));
    assert_eq!(kickoff.duration_min, Some(90));
    assert_eq!(
        kickoff.at,
        Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap(),
        "StartDateTime in Salesforce's format"
    );

    let tasks: Vec<Task> = all(&store);
    let handbook = tasks
        .iter()
        .find(|t| t.title == "Send the driver handbook")
        .unwrap();
    assert!(handbook.done_at.is_none(), "Not Started is a task to do");
    assert_eq!(
        handbook.due.map(|d| d.date),
        NaiveDate::from_ymd_opt(2026, 12, 2)
    );
    assert_eq!(
        handbook.link,
        Some(RecordId::new(Kind::Contact, driver)),
        "WhoId names the driver, whom the name alone cannot tell from the Head of Ops"
    );

    let revision = store.revision().unwrap();
    let again = import(&store, Product::Salesforce, &fixture("salesforce"));
    assert_eq!(created(&again), 0, "{:?}", again.files);
    assert_eq!(matched(&again), 10);
    assert_eq!(store.revision().unwrap(), revision);
}

#[test]
fn a_hubspot_account_is_linked_by_its_associations() {
    let tmp = TempDir::new().unwrap();
    let store = open(&tmp);
    let r = import(&store, Product::HubSpot, &fixture("hubspot"));
    for f in &r.files {
        assert!(
            f.report.skipped.is_empty(),
            "{}: {:?}",
            f.file,
            f.report.skipped
        );
    }
    let companies: Vec<Company> = all(&store);
    let osaka = companies
        .iter()
        .find(|c| c.name == "Ōsaka Trading KK")
        .unwrap();
    let contacts: Vec<Contact> = all(&store);
    assert_eq!(contacts.len(), 3);
    let yuko = contact_by_email(&contacts, "yuko@osaka-trading.jp");
    let cto = contact_by_email(&contacts, "bob@acmetools.com");
    let intern = contact_by_email(&contacts, "bob.smith@acmetools.com");

    let deals: Vec<Deal> = all(&store);
    let renewal = deals.iter().find(|d| d.title == "Ōsaka renewal").unwrap();
    assert_eq!(renewal.company, Some(osaka.id));
    assert_eq!(renewal.contacts, vec![yuko]);
    assert_eq!(renewal.value, 1_500_000, "15,000 in minor units");
    let pilot = deals.iter().find(|d| d.title == "Acme pilot").unwrap();
    assert_eq!(pilot.status, DealStatus::Lost);
    let mut both = pilot.contacts.clone();
    both.sort_unstable();
    assert_eq!(both, vec![cto.min(intern), cto.max(intern)]);

    let activities: Vec<Activity> = all(&store);
    let debrief = activities
        .iter()
        .find(|a| a.subject == "Pilot debrief")
        .unwrap();
    assert_eq!(debrief.contacts, vec![cto], "the CTO, by his id");
    assert_eq!(debrief.deal, Some(pilot.id));
    let call = activities
        .iter()
        .find(|a| a.subject == "Renewal call")
        .unwrap();
    assert_eq!(call.body, "Yūko wants a 3-year term.\nSend the draft.");
    assert_eq!(call.company, Some(osaka.id));

    let tasks: Vec<Task> = all(&store);
    let draft = tasks
        .iter()
        .find(|t| t.title == "Send the renewal draft")
        .unwrap();
    assert_eq!(draft.link, Some(RecordId::new(Kind::Deal, renewal.id)));

    let again = import(&store, Product::HubSpot, &fixture("hubspot"));
    assert_eq!(created(&again), 0, "{:?}", again.files);
}
