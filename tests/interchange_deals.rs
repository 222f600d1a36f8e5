//! Deals exported from Pipedrive, HubSpot and Salesforce import without preparing
//! anything in rolo: the pipelines and stages the file names are created (in the
//! product's own order, with its probabilities), "Closed Won"/"Lost" become the deal's
//! status, the source's created/won/lost dates land in the stage history and
//! `closed_at`, owners are kept by name or mapped, `--map-stage` sends a stage to an
//! existing one, a dry run writes nothing and lists what it would create, and one
//! `rolo undo` reverts the whole import, pipelines included.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{NaiveDate, TimeZone, Utc};
use rolo::interchange::csv_import::{self, CsvOptions, ImportReport};
use rolo::interchange::{ImportKind, InterchangeError};
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

fn db() -> (TempDir, Store) {
    let dir = TempDir::new().unwrap();
    let store = open(&dir.path().join("crm.redb"));
    (dir, store)
}

fn import(store: &Store, file: &str, opts: CsvOptions) -> Result<ImportReport, InterchangeError> {
    csv_import::import_csv(store, &fixture(file), &opts, &mut |_, _| {})
}

fn deals_opts() -> CsvOptions {
    CsvOptions::new(ImportKind::Deals)
}

fn deals(store: &Store) -> Vec<Deal> {
    store.read().unwrap().all().unwrap()
}

fn deal(store: &Store, title: &str) -> Deal {
    deals(store)
        .into_iter()
        .find(|d| d.title == title)
        .unwrap_or_else(|| panic!("no deal {title}"))
}

fn pipelines(store: &Store) -> Vec<Pipeline> {
    store.read().unwrap().pipelines().unwrap()
}

fn pipeline(store: &Store, name: &str) -> Pipeline {
    pipelines(store)
        .into_iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no pipeline {name}"))
}

fn stage_name(p: &Pipeline, id: u32) -> &str {
    p.stage(id).map(|s| s.name.as_str()).unwrap_or("?")
}

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> Instant {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
}

/// The history as (stage name, time) pairs.
fn history(p: &Pipeline, d: &Deal) -> Vec<(String, Instant)> {
    d.history
        .iter()
        .map(|h| (stage_name(p, h.stage).to_string(), h.at))
        .collect()
}

fn pipedrive(store: &Store) -> ImportReport {
    import(
        store,
        "pipedrive_persons.csv",
        CsvOptions::new(ImportKind::Contacts),
    )
    .unwrap();
    import(store, "pipedrive_deals.csv", deals_opts()).unwrap()
}

#[test]
fn pipedrive_deals_create_their_pipelines_in_pipedrives_order_with_real_dates() {
    let (_dir, store) = db();
    let r = pipedrive(&store);
    assert_eq!(r.source, Some("Pipedrive deals"));
    assert_eq!(
        (r.created.len(), r.skipped.len()),
        (4, 0),
        "{:?}",
        r.skipped
    );
    let p = pipeline(&store, "Pipeline");
    assert_eq!(
        p.stage_names(),
        [
            "Qualified",
            "Proposal Made",
            "Negotiations Started",
            "Won",
            "Lost"
        ]
    );
    assert_eq!(
        pipeline(&store, "Partners").stage_names(),
        ["Intro call", "Won", "Lost"]
    );
    assert!(
        r.summary().contains("2 pipelines created"),
        "{}",
        r.summary()
    );

    let open = deal(&store, "Jamón ibérico — 200 kg");
    assert_eq!(open.status, DealStatus::Open);
    assert_eq!(stage_name(&p, open.stage), "Proposal Made");
    assert_eq!(open.close_date, NaiveDate::from_ymd_opt(2024, 6, 30));
    assert_eq!(
        open.created,
        Utc.with_ymd_and_hms(2024, 3, 5, 14, 22, 11).unwrap()
    );
    assert_eq!(history(&p, &open), [("Proposal Made".into(), open.created)]);
    assert_eq!(open.tags, ["hot"]);

    // Pipedrive keeps a won deal in its last stage; rolo records it there, then Won.
    let won = deal(&store, "Kaizen 寿司 pilot");
    assert_eq!(won.status, DealStatus::Won);
    assert_eq!(won.value, 480_000);
    assert_eq!(won.closed_at, Some(at(2024, 2, 20, 16, 45)));
    assert_eq!(
        history(&p, &won),
        [
            ("Negotiations Started".into(), at(2024, 1, 10, 9, 0)),
            ("Won".into(), at(2024, 2, 20, 16, 45))
        ]
    );
    let yuki = store
        .read()
        .unwrap()
        .contact_by_email("yuki@kaizen.jp")
        .unwrap()
        .unwrap();
    assert_eq!(won.contacts, [yuki]);

    let lost = deal(&store, "Iberia renewal");
    assert_eq!(lost.status, DealStatus::Lost);
    assert_eq!(lost.closed_at, Some(at(2024, 4, 2, 11, 30)));
    assert_eq!(
        lost.lost_reason.as_deref(),
        Some("Budget cut;\nchose a cheaper vendor")
    );

    // An owner who is not a rolo user is kept by name and reported.
    let partner = deal(&store, "Ñandú Logística — fleet");
    assert_eq!(partner.owner, "Jane Seller");
    assert!(
        r.owners_kept
            .iter()
            .any(|o| o.name == "Jane Seller" && o.rows == 1)
    );
}

#[test]
fn one_undo_reverts_the_import_and_the_pipelines_it_created() {
    let (_dir, store) = db();
    pipedrive(&store);
    assert_eq!(pipelines(&store).len(), 3);
    ops::undo(&store).unwrap();
    assert!(deals(&store).is_empty());
    assert_eq!(
        pipelines(&store)
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>(),
        ["Sales"]
    );
    // Imported again: the same result, nothing left over from the first time.
    let r = import(&store, "pipedrive_deals.csv", deals_opts()).unwrap();
    assert_eq!(r.pipelines.len(), 2);
}

#[test]
fn hubspot_default_stages_get_hubspots_labels_order_and_probabilities() {
    let (_dir, store) = db();
    let r = import(&store, "hubspot_sales_pipeline.csv", deals_opts()).unwrap();
    assert_eq!(
        (r.created.len(), r.skipped.len()),
        (5, 0),
        "{:?}",
        r.skipped
    );
    let p = pipeline(&store, "Sales Pipeline");
    let stages: Vec<(&str, u8)> = p
        .stages
        .iter()
        .map(|s| (s.name.as_str(), s.probability))
        .collect();
    assert_eq!(
        stages,
        [
            ("Appointment Scheduled", 20),
            ("Qualified To Buy", 40),
            ("Contract Sent", 90),
            ("Won", 100),
            ("Lost", 0)
        ]
    );
    let won = deal(&store, "Café Lumière");
    // A closed HubSpot deal's close date is the day it closed.
    assert_eq!(won.closed_at, Some(at(2024, 12, 15, 12, 0)));
    assert_eq!(won.created, at(2024, 9, 1, 9, 30));
    assert_eq!(history(&p, &won), [("Won".into(), at(2024, 12, 15, 12, 0))]);
    let lost = deal(&store, "Zürich pilot");
    assert_eq!(
        (lost.status, lost.lost_reason.as_deref()),
        (DealStatus::Lost, Some("Went with the incumbent"))
    );
    let first = deal(&store, "Müller GmbH — Jahreslizenz");
    assert_eq!(first.notes, "Two lines\nof notes");
    assert_eq!(first.value, 1_800_000);
}

#[test]
fn salesforce_iswon_decides_and_a_row_that_contradicts_itself_is_named_by_line() {
    let (_dir, store) = db();
    // The first opportunity links its account by id: without the accounts, that row
    // is reported too.
    let msg = import(&store, "salesforce_opportunities.csv", deals_opts())
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("line 2, column \"AccountId\", value \"0015g00000XyZabAAB\": company_id: no company imported from Salesforce has this id"),
        "{msg}"
    );
    import(
        &store,
        "salesforce_accounts.csv",
        CsvOptions::new(ImportKind::Companies),
    )
    .unwrap();
    let err = import(&store, "salesforce_opportunities.csv", deals_opts()).unwrap_err();
    let msg = err.to_string();
    // The multi-line description moves the fifth record to line 7.
    assert!(
        msg.contains("line 7:") && msg.contains("\"Closed Won\"") && msg.contains("lost"),
        "{msg}"
    );
    assert!(deals(&store).is_empty());
    assert_eq!(pipelines(&store).len(), 1, "no pipeline is created");

    let mut opts = deals_opts();
    opts.skip_invalid = true;
    opts.map_owner = vec!["0055g00000SamAAA=sam".into()];
    let r = import(&store, "salesforce_opportunities.csv", opts).unwrap();
    assert_eq!((r.created.len(), r.skipped.len()), (4, 1));
    let p = pipeline(&store, "Salesforce Pipeline");
    let stages: Vec<(&str, u8)> = p
        .stages
        .iter()
        .map(|s| (s.name.as_str(), s.probability))
        .collect();
    assert_eq!(
        stages,
        [
            ("Prospecting", 10),
            ("Negotiation/Review", 90),
            ("Won", 100),
            ("Lost", 0)
        ]
    );
    assert_eq!(deal(&store, "Kraków deal").status, DealStatus::Won);
    assert_eq!(deal(&store, "Ålesund trial").status, DealStatus::Lost);
    assert_eq!(deal(&store, "São Paulo rollout").owner, "sam");
    let ferreira: Vec<Company> = store.read().unwrap().all().unwrap();
    assert_eq!(
        deal(&store, "São Paulo rollout").company,
        Some(ferreira[0].id)
    );
    assert_eq!(deal(&store, "Göteborg renewal").owner, "0055g00000KimAAA");
    assert_eq!(r.owners_kept.len(), 1, "{:?}", r.owners_kept);
}

#[test]
fn dry_run_lists_the_pipelines_it_would_create_and_writes_nothing() {
    let (_dir, store) = db();
    let rev = store.revision().unwrap();
    let mut opts = deals_opts();
    opts.dry_run = true;
    let r = import(&store, "hubspot_sales_pipeline.csv", opts).unwrap();
    assert_eq!(r.pipelines.len(), 1);
    assert!(r.pipelines[0].new);
    assert_eq!(r.pipelines[0].stages.len(), 3);
    assert_eq!(r.created.len(), 5);
    assert_eq!(store.revision().unwrap(), rev);
    assert_eq!(pipelines(&store).len(), 1);
}

#[test]
fn map_stage_sends_source_stages_to_existing_ones() {
    let (_dir, store) = db();
    let mut opts = deals_opts();
    opts.pipeline = Some("Sales".into());
    opts.map_stage = vec![
        "Appointment Scheduled=Lead In,Qualified To Buy=Qualified".into(),
        "Contract Sent=negotiation".into(),
    ];
    let r = import(&store, "hubspot_sales_pipeline.csv", opts).unwrap();
    assert!(r.pipelines.is_empty(), "{:?}", r.pipelines);
    let sales = pipeline(&store, "Sales");
    assert_eq!(sales.stages.len(), 6);
    let d = deal(&store, "Øresund Shipping");
    assert_eq!(stage_name(&sales, d.stage), "Qualified");
    assert_eq!(
        stage_name(&sales, deal(&store, "Łódź expansion").stage),
        "Negotiation"
    );

    let mut opts = deals_opts();
    opts.pipeline = Some("Sales".into());
    opts.map_stage = vec!["Contract Sent=Signing".into()];
    let err = import(&store, "hubspot_sales_pipeline.csv", opts)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("--map-stage \"Contract Sent=Signing\"")
            && err.contains("its stages are Lead In, Qualified"),
        "{err}"
    );
}

#[test]
fn deals_without_a_pipeline_go_to_the_sources_pipeline_and_reports_see_the_dates() {
    let (_dir, store) = db();
    let mut opts = deals_opts();
    opts.map = Some("Pipeline=ignore".into());
    import(&store, "hubspot_sales_pipeline.csv", opts).unwrap();
    let p = pipeline(&store, "HubSpot Sales Pipeline");
    assert_eq!(deal(&store, "Café Lumière").pipeline, p.id);
    // The won deal took 105 days from creation to close, not the day of the import.
    let won = deal(&store, "Café Lumière");
    let cycle = won.closed_at.unwrap() - won.created;
    assert_eq!(cycle.num_days(), 105);
}

mod cli {
    use super::*;
    use assert_cmd::Command;

    fn rolo(dir: &Path, args: &[&str]) -> (bool, String, String) {
        let out = Command::cargo_bin("rolo")
            .unwrap()
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", dir)
            .env("ROLO_CONFIG_DIR", dir.join("config"))
            .env("ROLO_NOW", "2026-11-25T12:00:00Z")
            .env("TZ", "UTC")
            .env("ROLO_USER", "sam")
            .arg("--db")
            .arg(dir.join("crm.redb"))
            .args(args)
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    #[test]
    fn dry_run_lists_pipelines_then_the_import_creates_them_and_one_undo_removes_them() {
        let dir = TempDir::new().unwrap();
        let d = dir.path();
        let f = fixture("hubspot_sales_pipeline.csv");
        let f = f.to_str().unwrap();
        let (ok, out, err) = rolo(d, &["import", "csv", f, "--as", "deals", "--dry-run"]);
        assert!(ok, "{err}");
        assert!(
            out.contains(
                "would create pipeline Sales Pipeline: Appointment Scheduled → Qualified To Buy → Contract Sent → Won → Lost"
            ),
            "{out}"
        );
        assert!(out.contains("1 pipeline would be created"), "{out}");
        assert!(
            out.contains("owners kept by name (not rolo users yet): \"Jane Seller\" (1 row), \"Kim Closer\" (2 rows), \"Sam Seller\" (2 rows)"),
            "{out}"
        );
        let (_, list, _) = rolo(d, &["pipeline", "list"]);
        assert!(!list.contains("Sales Pipeline"), "{list}");

        let (ok, out, err) = rolo(
            d,
            &[
                "import",
                "csv",
                f,
                "--as",
                "deals",
                "--map-owner",
                "Sam Seller=sam,Kim Closer=kim",
            ],
        );
        assert!(ok, "{err}");
        assert!(out.contains("created pipeline P-2 Sales Pipeline"), "{out}");
        assert!(
            out.contains("\"Jane Seller\" (1 row)") && !out.contains("Kim Closer"),
            "{out}"
        );
        let (_, list, _) = rolo(d, &["deal", "list", "--owner", "kim"]);
        assert!(list.contains("Øresund Shipping"), "{list}");
        // Reports see the source's dates: the won deal took 105 days, in 2024.
        let (_, rep, _) = rolo(d, &["report", "velocity", "--since", "2024-01-01"]);
        assert!(rep.contains("2024-12  1    105.1"), "{rep}");
        let (_, rep, _) = rolo(d, &["report", "win-rate", "--since", "2024-01-01"]);
        assert!(
            rep.contains("period    2024-12         1    1     50.0%"),
            "{rep}"
        );
        let (ok, _, err) = rolo(d, &["undo"]);
        assert!(ok, "{err}");
        let (_, list, _) = rolo(d, &["pipeline", "list"]);
        assert!(!list.contains("Sales Pipeline"), "{list}");
        let (_, list, _) = rolo(d, &["deal", "list"]);
        assert!(!list.contains("Øresund"), "{list}");

        let (ok, _, err) = rolo(
            d,
            &[
                "import",
                "csv",
                f,
                "--as",
                "deals",
                "--map-owner",
                "Nobody=sam",
            ],
        );
        assert!(!ok);
        assert!(
            err.contains("--map-owner \"Nobody=sam\": no row is owned by \"Nobody\"; the file's owners are Jane Seller, Kim Closer, Sam Seller"),
            "{err}"
        );
    }
}

#[test]
fn person_and_organisation_columns_land_in_their_fields() {
    let (_dir, store) = db();
    let r = import(
        &store,
        "pipedrive_organizations_full.csv",
        CsvOptions::new(ImportKind::Companies),
    )
    .unwrap();
    assert!(r.ignored_columns.is_empty(), "{:?}", r.ignored_columns);
    let r = import(
        &store,
        "pipedrive_persons_full.csv",
        CsvOptions::new(ImportKind::Contacts),
    )
    .unwrap();
    assert!(r.ignored_columns.is_empty(), "{:?}", r.ignored_columns);
    assert_eq!((r.created.len(), r.companies_created.len()), (2, 0));
    let read = store.read().unwrap();
    let contact = |email: &str| -> Contact {
        read.require(read.contact_by_email(email).unwrap().unwrap())
            .unwrap()
    };
    let zoe = contact("zoe@nordlicht.se");
    assert_eq!(zoe.title.as_deref(), Some("Head of Procurement"));
    assert_eq!(
        zoe.location.as_deref(),
        Some("Drottninggatan 5, Stockholm, 111 51, Sweden")
    );
    assert_eq!(zoe.notes, "Met at Slush.\nPrefers email.");
    assert_eq!(zoe.tags, ["vip", "hot lead"]);
    assert_eq!(
        zoe.created,
        Utc.with_ymd_and_hms(2023, 11, 2, 14, 21, 9).unwrap()
    );
    let bjorn = contact("bjorn@nordlicht.se");
    assert_eq!(
        bjorn.location.as_deref(),
        Some("Kungsgatan 1, 411 19 Göteborg, Sweden")
    );
    let companies: Vec<Company> = read.all().unwrap();
    let nordlicht = &companies[0];
    assert_eq!(zoe.company, Some(nordlicht.id));
    assert_eq!(
        (
            nordlicht.domain.as_deref(),
            nordlicht.industry.as_deref(),
            nordlicht.size.as_deref(),
            nordlicht.location.as_deref()
        ),
        (
            Some("nordlicht.se"),
            Some("Renewable energy"),
            Some("51-200"),
            Some("Malmö, Sweden")
        )
    );
    assert_eq!(nordlicht.tags, ["customer"]);
    drop(read);

    let r = import(
        &store,
        "salesforce_accounts.csv",
        CsvOptions::new(ImportKind::Companies),
    )
    .unwrap();
    assert!(r.ignored_columns.is_empty(), "{:?}", r.ignored_columns);
    let companies: Vec<Company> = store.read().unwrap().all().unwrap();
    let f = &companies[1];
    assert_eq!(f.domain.as_deref(), Some("ferreira.com.br"));
    assert_eq!(f.size.as_deref(), Some("120"));
    assert_eq!(
        f.location.as_deref(),
        Some("Rua Augusta 1500, Conjunto 12, São Paulo, Brazil")
    );
    assert_eq!(f.notes, "Coffee exporter");
}

#[test]
fn importing_the_same_export_again_matches_by_source_id_and_updates() {
    let (dir, store) = db();
    import(
        &store,
        "pipedrive_organizations_full.csv",
        CsvOptions::new(ImportKind::Companies),
    )
    .unwrap();
    import(
        &store,
        "pipedrive_persons_full.csv",
        CsvOptions::new(ImportKind::Contacts),
    )
    .unwrap();
    let deals_csv = "\"Deal - ID\",\"Deal - Title\",\"Deal - Organization ID\",\"Deal - Contact person ID\",\"Deal - Pipeline\",\"Deal - Stage\",\"Deal - Status\",\"Deal - Value\",\"Deal - Deal created\",\"Deal - Won time\"\n\
        \"501\",\"Nordlicht — wind farm\",\"21\",\"11\",\"Pipeline\",\"Qualified\",\"Open\",\"90000\",\"2024-01-02 10:00:00\",\"\"\n\
        \"502\",\"Nordlicht — service\",\"21\",\"11;12\",\"Pipeline\",\"Contact Made\",\"Open\",\"5000\",\"2024-01-03 10:00:00\",\"\"\n";
    let file = dir.path().join("deals.csv");
    std::fs::write(&file, deals_csv).unwrap();
    let run = |opts: CsvOptions| csv_import::import_csv(&store, &file, &opts, &mut |_, _| {});
    let r = run(deals_opts()).unwrap();
    assert_eq!(r.created.len(), 2);
    let read = store.read().unwrap();
    let companies: Vec<Company> = read.all().unwrap();
    let people: Vec<Contact> = read.all().unwrap();
    drop(read);
    let farm = deal(&store, "Nordlicht — wind farm");
    assert_eq!(farm.company, Some(companies[0].id));
    assert_eq!(farm.contacts, [people[0].id]);
    assert_eq!(
        farm.source_ids.get("pipedrive").map(String::as_str),
        Some("501")
    );
    assert_eq!(deal(&store, "Nordlicht — service").contacts.len(), 2);

    // The same file again: matched, nothing duplicated, and so are the persons.
    let r = run(deals_opts()).unwrap();
    assert_eq!((r.created.len(), r.matched.len()), (0, 2));
    assert_eq!(r.matched[0].note, "same Pipedrive id, nothing new");
    let r = import(
        &store,
        "pipedrive_persons_full.csv",
        CsvOptions::new(ImportKind::Contacts),
    )
    .unwrap();
    assert_eq!((r.created.len(), r.matched.len()), (0, 2));
    assert!(
        r.matched[0].note.starts_with("same Pipedrive id"),
        "{}",
        r.matched[0].note
    );

    // Later the deal was won in Pipedrive: the new export updates it.
    std::fs::write(
        &file,
        deals_csv.replace(
            "\"Qualified\",\"Open\",\"90000\",\"2024-01-02 10:00:00\",\"\"",
            "\"Qualified\",\"Won\",\"95000\",\"2024-01-02 10:00:00\",\"2024-03-01 15:00:00\"",
        ),
    )
    .unwrap();
    let r = run(deals_opts()).unwrap();
    assert_eq!(r.created.len(), 0);
    assert_eq!(r.matched[0].note, "same Pipedrive id; updated value, stage");
    let farm = deal(&store, "Nordlicht — wind farm");
    assert_eq!((farm.status, farm.value), (DealStatus::Won, 9_500_000));
    assert_eq!(farm.closed_at, Some(at(2024, 3, 1, 15, 0)));
    assert_eq!(deals(&store).len(), 2);

    // One id on two rows with different data is reported by line; a link to an id
    // that no record has is too.
    std::fs::write(
        &file,
        format!(
            "{deals_csv}\"501\",\"Nordlicht — other\",\"21\",\"11\",\"Pipeline\",\"Qualified\",\"Open\",\"1\",\"\",\"\"\n\"503\",\"Ghost\",\"99\",\"\",\"Pipeline\",\"Qualified\",\"Open\",\"1\",\"\",\"\"\n"
        ),
    )
    .unwrap();
    let err = run(deals_opts()).unwrap_err().to_string();
    assert!(
        err.contains("line 4, column \"Deal - ID\", value \"501\": line 2 has the same id with different data"),
        "{err}"
    );
    let mut opts = deals_opts();
    opts.skip_invalid = true;
    let r = run(opts).unwrap();
    let skipped: Vec<String> = r.skipped.iter().map(|e| e.to_string()).collect();
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    assert!(
        skipped[1].starts_with("line 5, column \"Deal - Organization ID\", value \"99\": company_id: no company imported from Pipedrive has this id"),
        "{skipped:?}"
    );
    assert_eq!(deals(&store).len(), 2);
}

#[test]
fn pipedrive_notes_become_plain_text_notes_on_their_deal_person_and_organisation() {
    let (_dir, store) = db();
    pipedrive(&store);
    let notes = || {
        import(
            &store,
            "pipedrive_notes.csv",
            CsvOptions::new(ImportKind::Activities),
        )
    };
    let r = notes().unwrap();
    assert_eq!(r.source, Some("Pipedrive notes"));
    assert_eq!(
        (r.created.len(), r.skipped.len()),
        (2, 0),
        "{:?}",
        r.skipped
    );
    let read = store.read().unwrap();
    let acts: Vec<Activity> = read.all().unwrap();
    let first = &acts[0];
    assert_eq!(first.kind, ActivityKind::Note);
    assert_eq!(
        first.body,
        "Call with Tomás & team:\n- price ok\n- start in May"
    );
    assert_eq!(first.at, at(2024, 3, 6, 9, 15));
    assert_eq!(first.deal, Some(deal(&store, "Jamón ibérico — 200 kg").id));
    assert!(first.company.is_some() && first.contacts.len() == 1);
    assert_eq!(first.author, "Kim Closer");
    assert_eq!(acts[1].body, "Plain note\non two lines");
    drop(read);
    // The same export again: matched by the note's id, nothing logged twice.
    let r = notes().unwrap();
    assert_eq!((r.created.len(), r.matched.len()), (0, 2));
}

#[test]
fn pipedrive_activities_to_do_become_tasks_and_done_ones_history() {
    let (_dir, store) = db();
    pipedrive(&store);
    let run = || {
        import(
            &store,
            "pipedrive_activities.csv",
            CsvOptions::new(ImportKind::Activities),
        )
    };
    let r = run().unwrap();
    assert_eq!(r.skipped.len(), 0, "{:?}", r.skipped);
    assert!(
        r.summary()
            .starts_with("2 activities created, 1 task created, 0 matched"),
        "{}",
        r.summary()
    );
    let read = store.read().unwrap();
    let acts: Vec<Activity> = read.all().unwrap();
    let call = &acts[0];
    assert_eq!(
        (call.kind, call.at, call.duration_min, call.body.as_str()),
        (
            ActivityKind::Call,
            at(2024, 3, 6, 9, 30),
            Some(45),
            "Went well"
        )
    );
    assert_eq!(acts[1].kind, ActivityKind::Meeting);
    let tasks: Vec<Task> = read.all().unwrap();
    assert_eq!(tasks.len(), 1);
    let t = &tasks[0];
    let jamon = deal(&store, "Jamón ibérico — 200 kg");
    assert_eq!(t.title, "Send the contract");
    assert_eq!(
        t.due,
        Some(Due {
            date: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            time: chrono::NaiveTime::from_hms_opt(14, 0, 0)
        })
    );
    assert_eq!(t.assignee, "Kim Closer");
    assert_eq!(t.link, Some(RecordId::new(Kind::Deal, jamon.id)));
    assert_eq!(t.notes, "With the new prices");
    assert!(t.done_at.is_none());
    drop(read);
    // The same export again: nothing logged or created twice.
    let r = run().unwrap();
    assert_eq!(
        (r.created.len(), r.matched.len()),
        (0, 3),
        "{:?}",
        r.created
    );
}

#[test]
fn a_merged_duplicate_passes_its_source_id_to_the_record_kept() {
    let (_dir, store) = db();
    let mine = ops::add(
        &store,
        Contact {
            name: "Zoe Angstrom".into(),
            emails: vec![Labeled {
                label: String::new(),
                value: "zoe.private@example.com".into(),
            }],
            ..Contact::default()
        },
    )
    .unwrap()
    .value;
    let persons = || {
        import(
            &store,
            "pipedrive_persons_full.csv",
            CsvOptions::new(ImportKind::Contacts),
        )
        .unwrap()
    };
    let r = persons();
    let zoe = r.created[0].record;
    ops::merge(&store, RecordId::new(Kind::Contact, mine.id), zoe).unwrap();
    let r = persons();
    assert_eq!(r.created.len(), 0);
    assert_eq!(r.matched[0].record, RecordId::new(Kind::Contact, mine.id));
    assert!(
        r.matched[0].note.starts_with("same Pipedrive id"),
        "{}",
        r.matched[0].note
    );
}
