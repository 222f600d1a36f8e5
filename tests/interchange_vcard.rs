//! vCard import and export (`rolo::interchange::vcard`) on temporary stores: Apple,
//! Google, Outlook 2.1 (quoted-printable, ISO-8859-1) and 4.0 cards, khard's folder
//! layout, matching by email, bad files (no name, truncated, binary) changing nothing,
//! the 3.0/4.0 export round trip, and a reader that never panics.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use proptest::prelude::*;
use rolo::interchange::InterchangeError;
use rolo::interchange::vcard::{self, VcardVersion, VcfOptions};
use rolo::model::*;
use rolo::store::{OpenOptions, Queries, Store};
use tempfile::TempDir;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/vcf")
        .join(name)
}

fn db() -> (TempDir, Store) {
    let dir = TempDir::new().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).unwrap();
    let store = Store::open(OpenOptions {
        now: Some(Arc::new(move || now)),
        user: Some("sam".into()),
        ..OpenOptions::new(dir.path().join("crm.redb"))
    })
    .unwrap();
    (dir, store)
}

fn import(
    store: &Store,
    name: &str,
) -> Result<rolo::interchange::csv_import::ImportReport, InterchangeError> {
    vcard::import_vcf(store, &fixture(name), VcfOptions::default())
}

fn by_email(store: &Store, email: &str) -> Contact {
    let r = store.read().unwrap();
    let id = r.contact_by_email(email).unwrap().expect(email);
    r.require(id).unwrap()
}

fn company_name(store: &Store, c: &Contact) -> String {
    let r = store.read().unwrap();
    r.require::<Company>(c.company.unwrap()).unwrap().name
}

#[test]
fn apple_card_gives_names_company_labels_location_notes_and_tags() {
    let (_d, store) = db();
    let r = import(&store, "apple.vcf").unwrap();
    assert_eq!((r.created.len(), r.companies_created.len()), (1, 1));
    let c = by_email(&store, "johnny@orchard.example");
    assert_eq!(c.name, "Johnny Appleseed");
    assert_eq!(c.given_name.as_deref(), Some("Johnny"));
    assert_eq!(c.family_name.as_deref(), Some("Appleseed"));
    assert_eq!(c.title.as_deref(), Some("Head of Sales"));
    assert_eq!(company_name(&store, &c), "Orchard Labs Inc.");
    assert_eq!(c.emails[0].label, "work");
    assert_eq!(c.emails[1].value, "johnny.appleseed@mail.example");
    assert_eq!(c.phones[0].label, "mobile");
    // The address names the United States, so the number is stored in E.164.
    assert_eq!(c.phones[0].value, "+14155550132");
    assert_eq!(
        c.location.as_deref(),
        Some("1 Orchard Way, Cupertino, CA, 95014, United States")
    );
    assert_eq!(
        c.notes,
        "Met at the Cupertino meetup.\nLikes apples, pears; and figs."
    );
    assert_eq!(c.tags, ["clients", "apple fans"]);
}

#[test]
fn outlook_21_quoted_printable_iso_8859_1_is_decoded() {
    let (_d, store) = db();
    import(&store, "outlook21.vcf").unwrap();
    let c = by_email(&store, "j.mueller@baeckerei.example");
    assert_eq!(c.name, "Jürgen Müller");
    assert_eq!(c.family_name.as_deref(), Some("Müller"));
    assert_eq!(c.title.as_deref(), Some("Geschäftsführer"));
    assert_eq!(company_name(&store, &c), "Bäckerei Schön GmbH");
    // A soft line break inside a quoted-printable value joins the lines.
    assert_eq!(
        c.location.as_deref(),
        Some("Hauptstraße 5, Berlin, 10115, Deutschland")
    );
    assert_eq!(c.notes, "Liefert Brötchen\njeden Montag.");
    let phones: Vec<&str> = c.phones.iter().map(|p| p.value.as_str()).collect();
    assert_eq!(phones, ["+49301234567", "+4915123456789"]);
}

#[test]
fn google_cards_share_one_company_and_escaped_commas_stay_in_the_name() {
    let (_d, store) = db();
    let r = import(&store, "google.vcf").unwrap();
    assert_eq!((r.created.len(), r.companies_created.len()), (2, 1));
    let sean = by_email(&store, "sean.obrien@globex.example");
    assert_eq!(sean.name, "O'Brien, Seán");
    assert_eq!(sean.location.as_deref(), Some("Dublin, Ireland"));
    let priya = by_email(&store, "priya@globex.example");
    assert_eq!(sean.company, priya.company);
    assert_eq!(priya.tags, ["mycontacts", "prospects"]);
}

#[test]
fn vcard_4_uri_phones_and_khard_folders_import() {
    let (_d, store) = db();
    import(&store, "v4.vcf").unwrap();
    let c = by_email(&store, "amaka@initech.example");
    assert_eq!(c.phones[0].value, "+12125550199");
    assert_eq!(c.phones[0].label, "mobile");
    let r = import(&store, "khard").unwrap();
    assert_eq!(r.created.len(), 3, "{r:?}");
    assert_eq!(r.companies_created.len(), 1);
    assert_eq!(
        by_email(&store, "ola@hooli.example").phones[0].value,
        "+4722123456"
    );
}

#[test]
fn a_known_email_fills_empty_fields_instead_of_duplicating() {
    let (_d, store) = db();
    rolo::ops::add(
        &store,
        Contact {
            name: "Johnny A.".into(),
            emails: vec![Labeled {
                label: String::new(),
                value: "JOHNNY@orchard.example".into(),
            }],
            title: Some("Sales boss".into()),
            ..Contact::default()
        },
    )
    .unwrap();
    let r = import(&store, "apple.vcf").unwrap();
    assert_eq!((r.created.len(), r.matched.len()), (0, 1));
    assert!(r.matched[0].note.contains("filled"), "{:?}", r.matched[0]);
    let c = by_email(&store, "johnny@orchard.example");
    assert_eq!(c.name, "Johnny A.");
    assert_eq!(c.title.as_deref(), Some("Sales boss"));
    assert_eq!(c.emails.len(), 2);
    assert!(c.company.is_some());
    assert_eq!(store.read().unwrap().count(Kind::Contact).unwrap(), 1);
}

#[test]
fn a_card_without_a_name_refuses_the_file_or_is_skipped() {
    let (_d, store) = db();
    let rev = store.revision().unwrap();
    let e = import(&store, "noname.vcf").unwrap_err().to_string();
    assert!(
        e.contains("noname.vcf") && e.contains("card 2") && e.contains("no name"),
        "{e}"
    );
    assert_eq!(store.revision().unwrap(), rev);
    let opts = VcfOptions {
        skip_invalid: true,
        ..VcfOptions::default()
    };
    let r = vcard::import_vcf(&store, &fixture("noname.vcf"), opts).unwrap();
    assert_eq!(r.created.len(), 1);
    assert_eq!(r.skipped.len(), 1);
    assert_eq!(r.skipped[0].line, 6);
}

#[test]
fn truncated_and_binary_files_get_clear_errors_and_change_nothing() {
    let (_d, store) = db();
    let rev = store.revision().unwrap();
    let e = import(&store, "truncated.vcf").unwrap_err().to_string();
    assert!(e.contains("card 2") && e.contains("truncated"), "{e}");
    let e = import(&store, "garbage.vcf").unwrap_err().to_string();
    assert!(e.contains("binary") && e.contains("not a vCard"), "{e}");
    assert_eq!(store.revision().unwrap(), rev);
}

#[test]
fn export_3_and_4_escape_fold_and_import_back() {
    let (_d, store) = db();
    for f in ["apple.vcf", "google.vcf", "outlook21.vcf", "v4.vcf"] {
        import(&store, f).unwrap();
    }
    for v in [VcardVersion::V3, VcardVersion::V4] {
        let mut out = Vec::new();
        let n = vcard::write_vcf(&store.read().unwrap(), v, &mut out, Path::new("x")).unwrap();
        assert_eq!(n, 5);
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("FN:O'Brien\\, Seán\r\n"));
        assert!(
            text.contains("NOTE:Met at the Cupertino meetup.\\nLikes apples\\, pears\\; and figs.")
        );
        assert!(text.split("\r\n").all(|l| l.len() <= 75));
        let (dir, other) = db();
        let path = dir.path().join("out.vcf");
        std::fs::write(&path, &text).unwrap();
        let r = vcard::import_vcf(&other, &path, VcfOptions::default()).unwrap();
        assert_eq!(r.created.len(), 5);
        let a = by_email(&store, "johnny@orchard.example");
        let b = by_email(&other, "johnny@orchard.example");
        assert_eq!(
            (
                &a.name,
                &a.title,
                &a.emails,
                &a.phones,
                &a.tags,
                &a.notes,
                &a.location
            ),
            (
                &b.name,
                &b.title,
                &b.emails,
                &b.phones,
                &b.tags,
                &b.notes,
                &b.location
            )
        );
    }
}

fn read_all(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let (cards, _) = vcard::card::split_cards(vcard::lines::properties(&text));
    for c in &cards {
        let _ = vcard::convert::contact(c);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn the_reader_never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        read_all(&bytes);
    }

    #[test]
    fn the_reader_never_panics_on_mutated_cards(
        file in prop::sample::select(vec!["apple.vcf", "google.vcf", "outlook21.vcf", "v4.vcf"]),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..12),
    ) {
        let mut bytes = std::fs::read(fixture(file)).unwrap();
        for (at, b, op) in edits {
            if bytes.is_empty() { break; }
            let i = at.index(bytes.len());
            match op {
                0 => bytes[i] = b,
                1 => { bytes.remove(i); }
                _ => bytes.insert(i, b),
            }
        }
        read_all(&bytes);
    }
}

mod cli {
    use super::*;
    use assert_cmd::Command;

    fn rolo(dir: &Path, args: &[&str]) -> std::process::Output {
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
            .arg(dir.join("crm.redb"))
            .args(args)
            .output()
            .unwrap()
    }

    fn text(b: &[u8]) -> String {
        String::from_utf8_lossy(b).into_owned()
    }

    #[test]
    fn import_and_export_vcf_through_the_binary() {
        let dir = TempDir::new().unwrap();
        let d = dir.path();
        let f = |n: &str| fixture(n).to_string_lossy().into_owned();
        let out = rolo(d, &["import", "vcf", &f("noname.vcf")]);
        assert_eq!(out.status.code(), Some(1));
        assert!(
            text(&out.stderr).contains("card 2 has no name"),
            "{}",
            text(&out.stderr)
        );
        let out = rolo(d, &["import", "vcf", &f("noname.vcf"), "--skip-invalid"]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert!(text(&out.stdout).contains("skipped line 6: card 2 has no name"));
        let out = rolo(d, &["import", "vcf", &f("khard"), "--dry-run"]);
        assert!(
            text(&out.stdout).contains("would create contact Kim Lee"),
            "{}",
            text(&out.stdout)
        );
        let out = rolo(d, &["import", "vcf", &f("outlook21.vcf")]);
        assert!(out.status.success());
        let out = rolo(d, &["export", "vcf", "--version", "4"]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let s = text(&out.stdout);
        assert!(s.starts_with("BEGIN:VCARD\r\nVERSION:4.0\r\n"), "{s}");
        assert!(s.contains("FN:Jürgen Müller\r\n"));
        let out = rolo(d, &["import", "vcf", &f("garbage.vcf")]);
        assert_eq!(out.status.code(), Some(1));
        assert!(text(&out.stderr).contains("binary data"));
    }
}
