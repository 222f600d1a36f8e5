//! Imports, exports and backups (`rolo::interchange`) on temporary stores: the usual
//! CRM and address-book exports are recognised, companies and emails are matched, an
//! import is all or nothing (or skips and reports), bad files get clear errors, the
//! JSON backup round-trips into an identical database, and `rolo backup` copies it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use rolo::interchange::backup::{self, BackupDoc};
use rolo::interchange::csv_import::{self, CsvOptions, ImportReport};
use rolo::interchange::{ExportKind, ImportKind, InterchangeError, export};
use rolo::model::*;
use rolo::ops;
use rolo::store::{OpenOptions, Queries, Store};
use tempfile::TempDir;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/csv")
        .join(name)
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

struct Db {
    dir: TempDir,
    store: Store,
}

fn db() -> Db {
    let dir = TempDir::new().unwrap();
    let store = open(&dir.path().join("crm.redb"));
    Db { dir, store }
}

fn import(store: &Store, file: &Path, kind: ImportKind) -> Result<ImportReport, InterchangeError> {
    import_with(store, file, CsvOptions::new(kind))
}

fn import_with(
    store: &Store,
    file: &Path,
    opts: CsvOptions,
) -> Result<ImportReport, InterchangeError> {
    csv_import::import_csv(store, file, &opts, &mut |_, _| {})
}

fn contacts(store: &Store) -> Vec<Contact> {
    store.read().unwrap().all().unwrap()
}

fn companies(store: &Store) -> Vec<Company> {
    store.read().unwrap().all().unwrap()
}

fn by_email(store: &Store, email: &str) -> Contact {
    let r = store.read().unwrap();
    let id = r
        .contact_by_email(email)
        .unwrap()
        .unwrap_or_else(|| panic!("no {email}"));
    r.require(id).unwrap()
}

#[test]
fn hubspot_contacts_map_and_companies_are_matched_case_insensitively() {
    let d = db();
    let r = import(
        &d.store,
        &fixture("hubspot_contacts.csv"),
        ImportKind::Contacts,
    )
    .unwrap();
    assert_eq!(r.source, Some("HubSpot"));
    assert_eq!(
        (r.created.len(), r.matched.len(), r.companies_created.len()),
        (3, 0, 2)
    );
    let names: Vec<String> = companies(&d.store).into_iter().map(|c| c.name).collect();
    assert_eq!(names, ["Acme Corp", "Globex"]);
    let jane = by_email(&d.store, "jane.doe@acme.com");
    let lena = by_email(&d.store, "lena.schmidt@acme.com");
    assert_eq!(jane.company, lena.company, "ACME CORP is Acme Corp");
    assert_eq!(jane.name, "Jane Doe");
    assert_eq!(jane.title.as_deref(), Some("VP Sales"));
    assert_eq!(jane.lifecycle, Lifecycle::Customer);
    assert_eq!(lena.lifecycle, Lifecycle::Prospect);
    assert_eq!(jane.owner, "Sam Seller");
    assert_eq!(
        jane.location.as_deref(),
        Some("San Francisco, United States")
    );
    assert_eq!(jane.phones.len(), 2);
    assert_eq!(jane.phones[1].label, "mobile");
    assert_eq!(
        jane.created,
        Utc.with_ymd_and_hms(2024, 3, 15, 10, 22, 0).unwrap()
    );
    assert!(r.ignored_columns.contains(&"Lead Status".to_string()));
}

#[test]
fn one_import_is_one_change_log_entry_that_undo_reverts() {
    let d = db();
    let before = d.store.revision().unwrap();
    let r = import(
        &d.store,
        &fixture("hubspot_contacts.csv"),
        ImportKind::Contacts,
    )
    .unwrap();
    assert_eq!(r.revision, Some(before + 1));
    assert_eq!(d.store.revision().unwrap(), before + 1);
    ops::undo(&d.store).unwrap();
    assert!(contacts(&d.store).is_empty());
    assert!(companies(&d.store).is_empty());
}

#[test]
fn emails_already_known_are_matched_not_duplicated_and_fill_empty_fields() {
    let d = db();
    ops::add(
        &d.store,
        Contact {
            name: "J. Doe".into(),
            emails: vec![Labeled {
                label: String::new(),
                value: "Jane.Doe@ACME.com".into(),
            }],
            ..Contact::default()
        },
    )
    .unwrap();
    let r = import(
        &d.store,
        &fixture("hubspot_contacts.csv"),
        ImportKind::Contacts,
    )
    .unwrap();
    assert_eq!((r.created.len(), r.matched.len()), (2, 1));
    assert!(r.matched[0].note.contains("title"), "{:?}", r.matched[0]);
    let jane = by_email(&d.store, "jane.doe@acme.com");
    assert_eq!(jane.name, "J. Doe", "names are never overwritten");
    assert_eq!(
        jane.title.as_deref(),
        Some("VP Sales"),
        "empty fields are filled"
    );
    // A second import of the same file matches everything and changes nothing.
    let rev = d.store.revision().unwrap();
    let again = import(
        &d.store,
        &fixture("hubspot_contacts.csv"),
        ImportKind::Contacts,
    )
    .unwrap();
    assert_eq!((again.created.len(), again.matched.len()), (0, 3));
    assert_eq!(contacts(&d.store).len(), 3);
    assert_eq!(d.store.revision().unwrap(), rev);
}

#[test]
fn google_multi_value_cells_are_split_with_labels() {
    let d = db();
    let r = import(
        &d.store,
        &fixture("google_contacts.csv"),
        ImportKind::Contacts,
    )
    .unwrap();
    assert_eq!(r.source, Some("Google Contacts"));
    let marie = by_email(&d.store, "marie@radium.fr");
    let emails: Vec<(&str, &str)> = marie
        .emails
        .iter()
        .map(|e| (e.label.as_str(), e.value.as_str()))
        .collect();
    assert_eq!(
        emails,
        [
            ("work", "marie@radium.fr"),
            ("work", "mcurie@sorbonne.fr"),
            ("home", "marie.home@example.fr")
        ]
    );
    assert_eq!(marie.phones.len(), 2);
    assert_eq!(marie.tags, ["scientists", "vip"]);
    assert_eq!(marie.title.as_deref(), Some("Director"));
    assert_eq!(marie.notes, "Met at the\nSolvay conference");
    assert_eq!(companies(&d.store)[0].name, "Institut du Radium");
}

#[test]
fn pipedrive_organizations_then_persons_share_companies() {
    let d = db();
    let orgs = import(
        &d.store,
        &fixture("pipedrive_organizations.csv"),
        ImportKind::Companies,
    )
    .unwrap();
    assert_eq!(
        (orgs.source, orgs.created.len()),
        (Some("Pipedrive organizations"), 2)
    );
    let people = import(
        &d.store,
        &fixture("pipedrive_persons.csv"),
        ImportKind::Contacts,
    )
    .unwrap();
    assert_eq!(people.source, Some("Pipedrive persons"));
    assert!(
        people.companies_created.is_empty(),
        "{:?}",
        people.companies_created
    );
    assert_eq!(companies(&d.store).len(), 2);
    let tomas = by_email(&d.store, "tomas.garcia@gmail.com");
    assert_eq!(tomas.name, "Tomás García");
    assert_eq!(tomas.emails[0].label, "work");
    assert_eq!(tomas.emails[1].label, "home");
    assert_eq!(tomas.tags, ["hot lead"]);
    assert_eq!(
        companies(&d.store)[0].location.as_deref(),
        Some("Calle Mayor 1, Madrid, Spain")
    );
}

#[test]
fn salesforce_report_footer_is_left_out_and_us_dates_read() {
    let d = db();
    let r = import(
        &d.store,
        &fixture("salesforce_report.csv"),
        ImportKind::Contacts,
    )
    .unwrap();
    assert_eq!(
        (r.source, r.created.len(), r.footer_lines),
        (Some("Salesforce report"), 2, 3)
    );
    let grace = by_email(&d.store, "grace@navy-systems.com");
    assert_eq!(
        grace.created,
        Utc.with_ymd_and_hms(2024, 3, 15, 0, 0, 0).unwrap()
    );
    assert_eq!(grace.source.as_deref(), Some("Web"));
    // The contact's ACCOUNTID links the account imported before it.
    import(
        &d.store,
        &fixture("salesforce_accounts.csv"),
        ImportKind::Companies,
    )
    .unwrap();
    let loader = import(
        &d.store,
        &fixture("salesforce_dataloader_contacts.csv"),
        ImportKind::Contacts,
    )
    .unwrap();
    assert_eq!(loader.source, Some("Salesforce Data Loader"));
    let k = by_email(&d.store, "katherine@langley.gov");
    assert_eq!(
        (k.name.as_str(), k.notes.as_str()),
        ("Katherine Johnson", "Trajectory analysis")
    );
    let account = companies(&d.store)
        .into_iter()
        .find(|c| c.name == "Ferreira & Filhos Ltda.")
        .map(|c| c.id);
    assert_eq!(k.company, account);
}

#[test]
fn outlook_job_title_beats_the_honorific() {
    let d = db();
    let r = import(&d.store, &fixture("outlook.csv"), ImportKind::Contacts).unwrap();
    assert_eq!(r.source, Some("Outlook"));
    let john = by_email(&d.store, "john.public@contoso.com");
    assert_eq!(john.name, "John Q Public");
    assert_eq!(john.title.as_deref(), Some("Purchasing Manager"));
    assert_eq!(john.emails.len(), 2);
    assert_eq!(john.phones.len(), 3);
    assert_eq!(
        john.location.as_deref(),
        Some("1 Microsoft Way, Redmond, WA, 98052, United States")
    );
    assert_eq!(john.notes, "Prefers email,\r\nnot calls");
}

#[test]
fn semicolons_windows_1252_bom_quotes_and_crlf() {
    let d = db();
    let r = import(
        &d.store,
        &fixture("excel_semicolon_1252.csv"),
        ImportKind::Contacts,
    )
    .unwrap();
    assert_eq!(
        (r.delimiter, r.encoding, r.created.len()),
        (';', "windows-1252", 2)
    );
    let j = by_email(&d.store, "juergen@baeckerei-mueller.de");
    assert_eq!(j.name, "Jürgen Müller");
    assert_eq!(j.location.as_deref(), Some("Köln"));
    assert!(
        companies(&d.store)
            .iter()
            .any(|c| c.name == "Bäckerei Müller GmbH")
    );
    let r = import(&d.store, &fixture("utf8_bom.csv"), ImportKind::Contacts).unwrap();
    assert_eq!((r.encoding, r.created.len()), ("UTF-8", 1));
    assert_eq!(
        by_email(&d.store, "zoe@example.com").notes,
        "She said \"hi\"\nand left"
    );
    import(&d.store, &fixture("quoted_crlf.csv"), ImportKind::Contacts).unwrap();
    let john = by_email(&d.store, "john@smith.io");
    assert_eq!(john.name, "Smith, John");
    assert_eq!(
        john.notes,
        "line one\r\nline two, with comma\r\n\"quoted\" end"
    );
    assert!(
        companies(&d.store)
            .iter()
            .any(|c| c.name == "Smith & Sons, Ltd")
    );
}

#[test]
fn hubspot_deals_link_companies_contacts_and_closing_stages() {
    let d = db();
    import(
        &d.store,
        &fixture("hubspot_contacts.csv"),
        ImportKind::Contacts,
    )
    .unwrap();
    let r = import(&d.store, &fixture("hubspot_deals.csv"), ImportKind::Deals).unwrap();
    assert_eq!(
        (r.source, r.created.len(), r.companies_created.len()),
        (Some("HubSpot deals"), 2, 0)
    );
    let deals: Vec<Deal> = d.store.read().unwrap().all().unwrap();
    let jane = by_email(&d.store, "jane.doe@acme.com");
    assert_eq!(deals[0].status, DealStatus::Won);
    assert_eq!(deals[0].value, 1_250_000);
    assert_eq!(deals[0].contacts, [jane.id]);
    assert_eq!(deals[0].company, jane.company);
    assert_eq!(deals[1].status, DealStatus::Open);
    assert_eq!(
        deals[1].close_date,
        chrono::NaiveDate::from_ymd_opt(2025, 3, 15)
    );
}

#[test]
fn dry_run_reports_and_writes_nothing() {
    let d = db();
    let rev = d.store.revision().unwrap();
    let mut opts = CsvOptions::new(ImportKind::Contacts);
    opts.dry_run = true;
    let r = import_with(&d.store, &fixture("invalid_rows.csv"), opts).unwrap();
    assert_eq!((r.created.len(), r.skipped.len(), r.revision), (2, 2, None));
    assert_eq!(d.store.revision().unwrap(), rev);
    assert!(contacts(&d.store).is_empty());
}

#[test]
fn an_invalid_row_imports_nothing_and_names_line_column_and_value() {
    let d = db();
    let rev = d.store.revision().unwrap();
    let err = import(&d.store, &fixture("invalid_rows.csv"), ImportKind::Contacts).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("2 invalid row(s), nothing was imported"),
        "{msg}"
    );
    assert!(
        msg.contains("line 3, column \"Email\", value \"not-an-email\""),
        "{msg}"
    );
    assert!(
        msg.contains("line 5, column \"Created Date\", value \"31/02/2024\""),
        "{msg}"
    );
    assert!(msg.contains("--skip-invalid"), "{msg}");
    assert_eq!(d.store.revision().unwrap(), rev);
    assert!(contacts(&d.store).is_empty());
}

#[test]
fn skip_invalid_imports_the_rest_and_lists_skipped_lines() {
    let d = db();
    let mut opts = CsvOptions::new(ImportKind::Contacts);
    opts.skip_invalid = true;
    let r = import_with(&d.store, &fixture("invalid_rows.csv"), opts).unwrap();
    let lines: Vec<u64> = r.skipped.iter().map(|e| e.line).collect();
    assert_eq!(lines, [3, 5]);
    assert_eq!(contacts(&d.store).len(), 2);
}

#[test]
fn rows_failing_in_the_write_path_are_reported_too() {
    let d = db();
    let f = d.dir.path().join("deals.csv");
    // A stage or pipeline rolo lacks is created, never a reason to refuse a row; a
    // contact that is not in rolo is.
    std::fs::write(&f, "Deal Name,Deal Stage,Pipeline,Contact\nOk,Qualified,Sales,\nBad,Nowhere,Sales,Nobody Known\nWorse,Lead In,Renewals,nobody@example.com\n").unwrap();
    let err = import(&d.store, &f, ImportKind::Deals)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("line 3, column \"Contact\", value \"Nobody Known\""),
        "{err}"
    );
    assert!(
        err.contains("line 4, column \"Contact\", value \"nobody@example.com\""),
        "{err}"
    );
    assert_eq!(d.store.read().unwrap().count(Kind::Deal).unwrap(), 0);
    assert_eq!(d.store.read().unwrap().pipelines().unwrap().len(), 1);
}

#[test]
fn a_header_matching_nothing_lists_its_columns_and_rolos_fields() {
    let d = db();
    let err = import(&d.store, &fixture("no_match.csv"), ImportKind::Contacts)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("\"Colour\", \"Shoe size\", \"Favourite fruit\""),
        "{err}"
    );
    assert!(err.contains("given_name") && err.contains("--map"), "{err}");
    let mut opts = CsvOptions::new(ImportKind::Contacts);
    opts.map = Some("Colour=name,Shoe size=custom.shoe".into());
    import_with(&d.store, &fixture("no_match.csv"), opts).unwrap();
    let c = &contacts(&d.store)[0];
    assert_eq!(
        (c.name.as_str(), c.custom.get("shoe").map(String::as_str)),
        ("blue", Some("42"))
    );
}

#[test]
fn truncated_binary_and_huge_files_get_clear_errors() {
    let d = db();
    let write = |name: &str, bytes: &[u8]| {
        let p = d.dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    };
    let truncated = write(
        "t.csv",
        b"Name,Email,Notes\nJane,jane@x.com,\"a note that was cut",
    );
    let err = import(&d.store, &truncated, ImportKind::Contacts)
        .unwrap_err()
        .to_string();
    assert!(err.contains("line 2") && err.contains("truncated"), "{err}");
    let cut_row = write("c.csv", b"Name,Email,Notes\nJane,jane@x.com,hi\nJoe,jo");
    let err = import(&d.store, &cut_row, ImportKind::Contacts)
        .unwrap_err()
        .to_string();
    assert!(err.contains("line 3") && err.contains("truncated"), "{err}");
    let mut garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    garbage[10] = 0;
    let binary = write("b.csv", &garbage);
    let err = import(&d.store, &binary, ImportKind::Contacts)
        .unwrap_err()
        .to_string();
    assert!(err.contains("binary file"), "{err}");
    let mut huge = b"Name,Email\n".to_vec();
    huge.extend(std::iter::repeat_n(b'x', 50 << 20));
    let huge = write("h.csv", &huge);
    let started = std::time::Instant::now();
    let err = import(&d.store, &huge, ImportKind::Contacts)
        .unwrap_err()
        .to_string();
    assert!(err.contains("line 2") && err.contains("bytes"), "{err}");
    assert!(started.elapsed().as_secs() < 30);
    let one_line = write("o.csv", &vec![b'y'; 50 << 20]);
    let err = import(&d.store, &one_line, ImportKind::Contacts)
        .unwrap_err()
        .to_string();
    assert!(err.contains("line 1"), "{err}");
    assert!(contacts(&d.store).is_empty());
}

/// A database with every kind of record, a custom pipeline, stage history, a closed deal,
/// a done task, custom fields and a deleted contact (an id gap).
fn populated(store: &Store) {
    let co = ops::add(
        store,
        Company {
            name: "Acme".into(),
            domain: Some("acme.com".into()),
            ..Company::default()
        },
    )
    .unwrap()
    .value;
    let mut ids = Vec::new();
    for (i, name) in ["Ann", "Bob", "Cy"].iter().enumerate() {
        let mut c = Contact {
            name: name.to_string(),
            company: Some(co.id),
            emails: vec![Labeled {
                label: "work".into(),
                value: format!("{name}@acme.com"),
            }],
            tags: vec!["vip".into()],
            ..Contact::default()
        };
        c.custom.insert("shoe".into(), format!("4{i}"));
        ids.push(ops::add(store, c).unwrap().value.id);
    }
    ops::delete(store, RecordId::new(Kind::Contact, ids[2]), false).unwrap();
    ops::pipeline::add_pipeline(store, "Renewals", &["Talk".into(), "Sign".into()]).unwrap();
    let deal = ops::add(
        store,
        Deal {
            title: "Big one".into(),
            pipeline: 1,
            stage: 1,
            value: 500_000,
            company: Some(co.id),
            contacts: vec![ids[0]],
            ..Deal::default()
        },
    )
    .unwrap()
    .value;
    ops::move_deal(store, deal.id, "negotiation").unwrap();
    ops::win_deal(store, deal.id).unwrap();
    ops::log_activity(
        store,
        Activity {
            kind: ActivityKind::Call,
            subject: "Kick-off".into(),
            contacts: vec![ids[0]],
            deal: Some(deal.id),
            external_id: Some("<m1@x>".into()),
            ..Activity::default()
        },
    )
    .unwrap();
    let t = ops::add(
        store,
        Task {
            title: "Send contract".into(),
            link: Some(RecordId::new(Kind::Deal, deal.id)),
            ..Task::default()
        },
    )
    .unwrap()
    .value;
    ops::complete_task(store, t.id).unwrap();
}

fn assert_same(a: &Store, b: &Store) {
    let (ra, rb) = (a.read().unwrap(), b.read().unwrap());
    assert_eq!(ra.all::<Pipeline>().unwrap(), rb.all::<Pipeline>().unwrap());
    assert_eq!(ra.all::<Rule>().unwrap(), rb.all::<Rule>().unwrap());
    assert_eq!(ra.all::<Company>().unwrap(), rb.all::<Company>().unwrap());
    assert_eq!(ra.all::<Contact>().unwrap(), rb.all::<Contact>().unwrap());
    assert_eq!(ra.all::<Deal>().unwrap(), rb.all::<Deal>().unwrap());
    assert_eq!(ra.all::<Task>().unwrap(), rb.all::<Task>().unwrap());
    assert_eq!(ra.all::<Activity>().unwrap(), rb.all::<Activity>().unwrap());
    assert_eq!(ra.all::<Ticket>().unwrap(), rb.all::<Ticket>().unwrap());
    assert_eq!(
        ra.all::<SlaPolicy>().unwrap(),
        rb.all::<SlaPolicy>().unwrap()
    );
    assert_eq!(ra.all::<Calendar>().unwrap(), rb.all::<Calendar>().unwrap());
    assert_eq!(
        backup::document::next_ids(&ra).unwrap(),
        backup::document::next_ids(&rb).unwrap()
    );
    assert_eq!(
        ra.contact_by_email("ann@acme.com").unwrap(),
        rb.contact_by_email("ann@acme.com").unwrap()
    );
}

#[test]
fn json_export_then_import_gives_an_identical_database() {
    let d = db();
    populated(&d.store);
    let mut json = Vec::new();
    export::json(
        &d.store.read().unwrap(),
        ExportKind::All,
        &mut json,
        Path::new("out.json"),
    )
    .unwrap();
    let doc = BackupDoc::parse(Path::new("out.json"), &json).unwrap();
    assert!(doc.deals[0].history.len() >= 3, "stage history is kept");
    let fresh = open(&d.dir.path().join("restored.redb"));
    let restored = backup::restore(&fresh, Path::new("out.json"), doc.clone()).unwrap();
    assert_eq!(restored.records, doc.len());
    assert_same(&d.store, &fresh);
    // The restore is one change; importing again into a database that holds data is refused.
    let err = backup::restore(&fresh, Path::new("out.json"), doc)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("already holds") && err.contains("2 contacts"),
        "{err}"
    );
}

#[test]
fn a_backup_that_is_not_one_is_refused() {
    let p = Path::new("x.json");
    let err = BackupDoc::parse(p, b"[1,2,3]").unwrap_err().to_string();
    assert!(err.contains("not a rolo backup"), "{err}");
    let err = BackupDoc::parse(p, br#"{"format":"rolo-backup","version":9}"#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("version 9"), "{err}");
}

#[test]
fn backup_copies_a_snapshot_that_opens_and_refuses_to_overwrite() {
    let d = db();
    populated(&d.store);
    let target = d.dir.path().join("copy.redb");
    let s = backup::backup(&d.store, &target, false).unwrap();
    assert_eq!(s.revision, d.store.revision().unwrap());
    {
        let copy = open(&target);
        assert_same(&d.store, &copy);
    }
    let err = backup::backup(&d.store, &target, false)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("already exists") && err.contains("--force"),
        "{err}"
    );
    backup::backup(&d.store, &target, true).unwrap();
    let err = backup::backup(&d.store, d.store.path(), true)
        .unwrap_err()
        .to_string();
    assert!(err.contains("being backed up"), "{err}");
}

#[test]
fn a_backup_of_demo_data_holds_every_record_and_passes_the_doctor() {
    let d = db();
    rolo::demo::generate(&d.store, rolo::demo::Size::S, 7).unwrap();
    let target = d.dir.path().join("demo-copy.redb");
    let s = backup::backup(&d.store, &target, false).unwrap();
    let read = d.store.read().unwrap();
    let total: u64 = Kind::ALL.into_iter().map(|k| read.count(k).unwrap()).sum();
    assert_eq!(s.records as u64, total);
    let mut copy = open(&target);
    assert_same(&d.store, &copy);
    assert!(copy.check_integrity().unwrap(), "redb's check");
    assert_eq!(copy.verify_derived().unwrap(), Vec::<String>::new());
    let last = copy.read().unwrap();
    let entry = last.entry(last.revision().unwrap()).unwrap().unwrap();
    assert_eq!(entry.op, "backup");
    assert!(
        entry.summary.contains(&format!("{total} records")),
        "{}",
        entry.summary
    );
}

#[test]
fn csv_export_neutralises_formulas_and_imports_back() {
    let d = db();
    ops::add(
        &d.store,
        Contact {
            name: "=HYPERLINK(\"http://evil\")".into(),
            emails: vec![Labeled {
                label: String::new(),
                value: "evil@x.com".into(),
            }],
            phones: vec![Labeled {
                label: String::new(),
                value: "+49 30 1234".into(),
            }],
            notes: "@mention\tand -minus".into(),
            ..Contact::default()
        },
    )
    .unwrap();
    let mut out = Vec::new();
    export::csv(
        &d.store.read().unwrap(),
        Kind::Contact,
        &mut out,
        Path::new("c.csv"),
    )
    .unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains("\"'=HYPERLINK(\"\"http://evil\"\")\""),
        "{text}"
    );
    assert!(text.contains(",'+49 30 1234,"), "{text}");
    assert!(text.contains("'@mention"), "{text}");
    let other = db();
    let f = other.dir.path().join("c.csv");
    std::fs::write(&f, &text).unwrap();
    import(&other.store, &f, ImportKind::Contacts).unwrap();
    let c = by_email(&other.store, "evil@x.com");
    assert_eq!(
        (c.name.as_str(), c.phones[0].value.as_str()),
        ("=HYPERLINK(\"http://evil\")", "+49 30 1234")
    );
}

#[test]
fn every_kind_exports_as_csv() {
    let d = db();
    populated(&d.store);
    let dir = d.dir.path().join("csv");
    let files = export::csv_all(&d.store.read().unwrap(), &dir).unwrap();
    let rows: Vec<usize> = files.iter().map(|(_, n)| *n).collect();
    let rules = d.store.read().unwrap().count(Kind::Rule).unwrap() as usize;
    // pipelines (stage rows), rules, calendars, SLA policies, companies, contacts,
    // deals, tickets, tasks, activities
    assert_eq!(rows, [10, rules, 1, 1, 1, 2, 1, 0, 1, 1]);
    let deals = std::fs::read_to_string(dir.join("deals.csv")).unwrap();
    assert!(
        deals.contains("Big one,Sales,Won,won,5000.00,EUR"),
        "{deals}"
    );
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    fn csvish() -> impl Strategy<Value = Vec<u8>> {
        let pieces = prop_oneof![
            Just(b",".to_vec()),
            Just(b";".to_vec()),
            Just(b"\"".to_vec()),
            Just(b"\r\n".to_vec()),
            Just(b"\n".to_vec()),
            Just(b" ::: ".to_vec()),
            Just(b"Email".to_vec()),
            Just(b"Name".to_vec()),
            Just(b"Created Date".to_vec()),
            Just(b"a@b.co".to_vec()),
            Just(b"2024-02-31".to_vec()),
            Just(b"\xEF\xBB\xBF".to_vec()),
            Just(b"\xE9".to_vec()),
            Just(b"'=".to_vec()),
            prop::collection::vec(any::<u8>(), 0..8),
        ];
        prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        #[test]
        fn reading_and_mapping_never_panics(bytes in csvish(), kind in 0usize..5) {
            let opts = CsvOptions::new(ImportKind::ALL[kind]);
            let _ = csv_import::prepare(Path::new("fuzz.csv"), &bytes, &opts);
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
            let _ = csv_import::prepare(Path::new("fuzz.csv"), &bytes, &CsvOptions::new(ImportKind::Contacts));
        }
    }
}

mod cli {
    use super::*;
    use assert_cmd::Command;

    fn rolo(dir: &Path, db: &Path, args: &[&str]) -> std::process::Output {
        Command::cargo_bin("rolo")
            .unwrap()
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", dir)
            .env("ROLO_CONFIG_DIR", dir.join("config"))
            .env("ROLO_NOW", "2026-11-25T12:00:00Z")
            .env("TZ", "UTC")
            .env("ROLO_USER", "sam")
            .arg("--db")
            .arg(db)
            .args(args)
            .output()
            .unwrap()
    }

    fn text(b: &[u8]) -> String {
        String::from_utf8_lossy(b).into_owned()
    }

    #[test]
    fn dry_run_import_export_restore_and_backup_through_the_binary() {
        let dir = TempDir::new().unwrap();
        let (d, db) = (dir.path(), dir.path().join("crm.redb"));
        let f = fixture("invalid_rows.csv");
        let f = f.to_str().unwrap();
        let out = rolo(
            d,
            &db,
            &["import", "csv", f, "--as", "contacts", "--dry-run"],
        );
        let s = text(&out.stdout);
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert!(s.contains("line 2: would create contact Good One"), "{s}");
        assert!(s.contains("would skip line 3, column \"Email\""), "{s}");
        assert!(s.contains("dry run, nothing written"), "{s}");
        let out = rolo(d, &db, &["import", "csv", f, "--as", "contacts"]);
        assert_eq!(out.status.code(), Some(1));
        assert!(text(&out.stderr).contains("nothing was imported"));
        let out = rolo(
            d,
            &db,
            &["import", "csv", f, "--as", "contacts", "--skip-invalid"],
        );
        assert!(
            text(&out.stdout).contains("2 contacts created, 0 matched, 2 rows skipped"),
            "{}",
            text(&out.stdout)
        );
        let out = rolo(d, &db, &["export", "csv"]);
        assert!(text(&out.stderr).contains("--out DIR"));
        let json = d.join("all.json");
        assert!(
            rolo(d, &db, &["export", "json", "--out", json.to_str().unwrap()])
                .status
                .success()
        );
        let other = d.join("other.redb");
        let out = rolo(d, &other, &["import", "json", json.to_str().unwrap()]);
        assert!(
            text(&out.stdout).contains("restored"),
            "{}",
            text(&out.stderr)
        );
        let copy = d.join("copy.redb");
        let out = rolo(d, &db, &["backup", copy.to_str().unwrap()]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let listed = rolo(d, &copy, &["contact", "list", "--json"]);
        assert!(
            text(&listed.stdout).contains("good2@example.com"),
            "{}",
            text(&listed.stderr)
        );
        let again = rolo(d, &db, &["backup", copy.to_str().unwrap()]);
        assert!(text(&again.stderr).contains("--force"));
    }
}
