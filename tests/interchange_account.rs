//! Moving a whole account from another CRM (`rolo import pipedrive DIR`): every export
//! file of the folder is found and imported in dependency order as one change that one
//! undo reverts; activities not done yet become tasks; notes keep their text, not their
//! HTML; a bad row in any file refuses the whole move and names the file and line.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use rolo::interchange::InterchangeError;
use rolo::interchange::account::{self, AccountOptions, AccountReport, Product};
use rolo::model::*;
use rolo::ops;
use rolo::store::{OpenOptions, Queries, Store};
use tempfile::TempDir;

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/readme/pipedrive-export")
}

fn open(path: &Path) -> Store {
    let now = Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).unwrap();
    Store::open(OpenOptions {
        now: Some(Arc::new(move || now)),
        user: Some("sam".into()),
        ..OpenOptions::new(path)
    })
    .unwrap()
}

fn options(dry_run: bool) -> AccountOptions {
    AccountOptions {
        product: Product::Pipedrive,
        dry_run,
        skip_invalid: false,
        currency: Currency::EUR,
        map_stage: Vec::new(),
        map_owner: Vec::new(),
    }
}

fn import(store: &Store, dir: &Path, dry_run: bool) -> Result<AccountReport, InterchangeError> {
    account::import_account(store, dir, &options(dry_run), &mut |_, _| {})
}

/// A copy of the fixture folder to change.
fn copy_of_fixture() -> TempDir {
    let dir = TempDir::new().unwrap();
    for e in std::fs::read_dir(fixture_dir()).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    dir
}

fn all<T: rolo::model::record::Entity>(store: &Store) -> Vec<T> {
    store.read().unwrap().all().unwrap()
}

#[test]
fn a_pipedrive_account_is_imported_in_order_as_one_change() {
    let tmp = TempDir::new().unwrap();
    let store = open(&tmp.path().join("crm.redb"));
    let before = store.revision().unwrap();
    let r = import(&store, &fixture_dir(), false).unwrap();
    let order: Vec<&str> = r.files.iter().map(|f| f.holds).collect();
    assert_eq!(
        order,
        ["organizations", "persons", "deals", "activities", "notes"]
    );
    assert_eq!(r.revision, Some(before + 1), "one change-log entry");
    assert!(r.not_imported.is_empty(), "{:?}", r.not_imported);

    let companies: Vec<Company> = all(&store);
    let contacts: Vec<Contact> = all(&store);
    let deals: Vec<Deal> = all(&store);
    assert_eq!(companies.len(), 2);
    assert_eq!(contacts.len(), 2);
    assert_eq!(deals.len(), 2);
    let tomas = contacts.iter().find(|c| c.name == "Tomás García").unwrap();
    let rollout = deals
        .iter()
        .find(|d| d.title == "Iberia Foods rollout")
        .unwrap();

    // Done activities are activities, with their planned time and duration.
    let activities: Vec<Activity> = all(&store);
    let call = activities
        .iter()
        .find(|a| a.subject == "Discovery call")
        .unwrap();
    assert_eq!(call.kind, ActivityKind::Call);
    assert_eq!(
        call.at,
        Utc.with_ymd_and_hms(2024, 1, 12, 10, 0, 0).unwrap()
    );
    assert_eq!(call.duration_min, Some(30));
    assert_eq!(call.deal, Some(rollout.id));
    assert_eq!(call.contacts, vec![tomas.id]);
    assert_eq!(call.body, "Budget approved for Q1.\nWants a demo.");

    // "To do" activities are tasks, due when they were planned.
    let tasks: Vec<Task> = all(&store);
    assert_eq!(tasks.len(), 2);
    let proposal = tasks
        .iter()
        .find(|t| t.title == "Send the proposal")
        .unwrap();
    assert!(proposal.is_open());
    assert_eq!(
        proposal.due,
        Some(Due {
            date: NaiveDate::from_ymd_opt(2024, 2, 5).unwrap(),
            time: NaiveTime::from_hms_opt(14, 30, 0),
        })
    );
    assert_eq!(proposal.assignee, "Kim Closer");
    assert_eq!(proposal.link, Some(RecordId::new(Kind::Deal, rollout.id)));
    // A type rolo has no kind for does not refuse the row.
    assert!(tasks.iter().any(|t| t.title == "Quarterly check-in"));

    // Notes are note activities with plain text, on their deal and person.
    let note = activities
        .iter()
        .find(|a| a.body.starts_with("Tomás prefers email"))
        .unwrap();
    assert_eq!(note.kind, ActivityKind::Note);
    assert_eq!(
        note.body,
        "Tomás prefers email over calls.\n- CFO: Lucía Pérez\n- Decision in March"
    );
    assert_eq!(note.deal, Some(rollout.id));
    assert_eq!(
        note.at,
        Utc.with_ymd_and_hms(2024, 1, 12, 11, 15, 0).unwrap()
    );
    let multi_line = activities
        .iter()
        .find(|a| a.body.starts_with("Signed at the meeting."))
        .unwrap();
    assert_eq!(
        multi_line.body,
        "Signed at the meeting.\nInvoice to Kaizen's Osaka office."
    );

    // One undo reverts the whole move.
    ops::undo(&store).unwrap();
    assert!(all::<Contact>(&store).is_empty());
    assert!(all::<Company>(&store).is_empty());
    assert!(all::<Deal>(&store).is_empty());
    assert!(all::<Activity>(&store).is_empty());
    assert!(all::<Task>(&store).is_empty());
}

#[test]
fn a_dry_run_reports_every_file_and_writes_nothing() {
    let tmp = TempDir::new().unwrap();
    let store = open(&tmp.path().join("crm.redb"));
    let before = store.revision().unwrap();
    let r = import(&store, &fixture_dir(), true).unwrap();
    assert!(r.dry_run);
    assert_eq!(r.revision, None);
    let created: usize = r.files.iter().map(|f| f.report.created.len()).sum();
    assert_eq!(
        created,
        2 + 2 + 2 + 4 + 2,
        "companies, persons, deals, activities and tasks, notes"
    );
    assert_eq!(store.revision().unwrap(), before);
    assert!(all::<Contact>(&store).is_empty());
}

#[test]
fn a_bad_row_in_any_file_refuses_the_whole_account_and_names_file_and_line() {
    let dir = copy_of_fixture();
    let activities = dir.path().join("activities-20261129.csv");
    let text = std::fs::read_to_string(&activities).unwrap();
    std::fs::write(&activities, text.replace("2024-02-19", "the 19th")).unwrap();
    let tmp = TempDir::new().unwrap();
    let store = open(&tmp.path().join("crm.redb"));
    let before = store.revision().unwrap();
    let err = import(&store, dir.path(), false).unwrap_err().to_string();
    assert!(err.contains("activities-20261129.csv line 4"), "{err}");
    assert!(err.contains("\"the 19th\""), "{err}");
    assert!(err.contains("--skip-invalid"), "{err}");
    assert_eq!(store.revision().unwrap(), before, "nothing written");
    assert!(all::<Company>(&store).is_empty());
}

#[test]
fn files_that_are_not_the_products_exports_are_listed_not_imported() {
    let dir = copy_of_fixture();
    std::fs::write(dir.path().join("budget.csv"), "Quarter,Amount\nQ1,100\n").unwrap();
    let tmp = TempDir::new().unwrap();
    let store = open(&tmp.path().join("crm.redb"));
    let r = import(&store, dir.path(), false).unwrap();
    assert_eq!(r.not_imported.len(), 1);
    assert_eq!(r.not_imported[0].0, "budget.csv");
    assert_eq!(r.files.len(), 5);

    let empty = TempDir::new().unwrap();
    let err = import(&store, empty.path(), false).unwrap_err().to_string();
    assert!(err.contains("no Pipedrive export files found"), "{err}");
}

#[test]
fn importing_the_same_export_again_matches_every_record_by_its_source_id() {
    let tmp = TempDir::new().unwrap();
    let store = open(&tmp.path().join("crm.redb"));
    import(&store, &fixture_dir(), false).unwrap();
    let revision = store.revision().unwrap();
    let again = import(&store, &fixture_dir(), false).unwrap();
    let created: usize = again.files.iter().map(|f| f.report.created.len()).sum();
    let matched: usize = again.files.iter().map(|f| f.report.matched.len()).sum();
    assert_eq!((created, matched), (0, 12));
    assert_eq!(again.revision, None, "nothing changed");
    assert_eq!(store.revision().unwrap(), revision);
    assert_eq!(all::<Activity>(&store).len(), 4);
    assert_eq!(all::<Task>(&store).len(), 2);
}
