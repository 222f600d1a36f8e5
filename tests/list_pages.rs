//! `contact|company|deal|task|activity list` read a page through an index: every page
//! (`--sort`, `--offset`, `--limit`) equals the same slice of the whole list sorted
//! naively here from the records; `--after` cursors never skip or repeat a record while
//! others write between pages; `--json` without `--limit` lists every match.

use std::path::PathBuf;

use assert_cmd::Command;
use proptest::prelude::*;
use rolo::model::{Company, Contact, Deal, DealStatus, Task};
use rolo::search::fold;
use rolo::store::{OpenOptions, Queries, Store};
use tempfile::TempDir;

struct Db {
    dir: TempDir,
    db: PathBuf,
}

impl Db {
    /// A database of demo data (S: 200 contacts, 20 companies, 40 deals, 200 tasks).
    fn demo() -> Db {
        let dir = TempDir::new().unwrap();
        let db = dir.path().join("crm.redb");
        let d = Db { dir, db };
        d.ok(&["demo", "--size", "S", "--seed", "4"]);
        d
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = Command::cargo_bin("rolo")
            .unwrap()
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("ROLO_CONFIG_DIR", self.dir.path().join("config"))
            .env("ROLO_NOW", "2026-11-25T12:00:00Z")
            .env("TZ", "UTC")
            .env("ROLO_USER", "sam")
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "rolo {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// The ids a `--json` list prints, in order.
    fn ids(&self, args: &[&str]) -> Vec<String> {
        let mut a = args.to_vec();
        a.push("--json");
        let v: serde_json::Value = serde_json::from_str(&self.ok(&a)).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect()
    }

    fn read<T>(&self, f: impl FnOnce(&rolo::store::Reader) -> T) -> T {
        let store = Store::open(OpenOptions::new(&self.db)).unwrap();
        f(&store.read().unwrap())
    }
}

fn folded(s: &str) -> String {
    fold(s).to_lowercase()
}

fn ms(t: Option<chrono::DateTime<chrono::Utc>>) -> String {
    t.map(|t| format!("{:020}", t.timestamp_millis()))
        .unwrap_or_default()
}

/// Contacts in the order `sort` names, sorted here from the records.
fn contacts_sorted(db: &Db, sort: &str) -> Vec<String> {
    let (mut cs, companies) = db.read(|r| {
        let companies: std::collections::HashMap<u64, String> = r
            .all::<Company>()
            .unwrap()
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        (r.all::<Contact>().unwrap(), companies)
    });
    let company = |c: &Contact| {
        c.company
            .and_then(|id| companies.get(&id).cloned())
            .unwrap_or_default()
    };
    let key = |c: &Contact| -> (String, String, u64) {
        let first = match sort {
            "name" => String::new(),
            "company" => folded(&company(c)),
            // Ties in creation time go by id.
            "created" => return (ms(Some(c.created)), String::new(), c.id),
            "last-touch" => ms(c.last_activity),
            _ => unreachable!(),
        };
        (first, folded(&c.name), c.id)
    };
    cs.sort_by_key(key);
    if sort == "last-touch" {
        cs.reverse();
    }
    cs.iter().map(|c| format!("C-{}", c.id)).collect()
}

/// Open deals in the order `sort` names.
fn deals_sorted(db: &Db, sort: &str) -> Vec<String> {
    let (mut ds, pipelines) = db.read(|r| (r.all::<Deal>().unwrap(), r.pipelines().unwrap()));
    ds.retain(|d| d.status == DealStatus::Open);
    match sort {
        "value" => ds.sort_by_key(|d| (std::cmp::Reverse(d.value), d.id)),
        "close" => ds.sort_by_key(|d| (d.close_date.is_none(), d.close_date, d.id)),
        "title" => ds.sort_by_key(|d| (folded(&d.title), d.id)),
        "stage" => ds.sort_by_key(|d| {
            let p = pipelines.iter().find(|p| p.id == d.pipeline).unwrap();
            (
                d.pipeline,
                p.position(d.stage),
                std::cmp::Reverse(d.value),
                d.id,
            )
        }),
        _ => unreachable!(),
    }
    ds.iter().map(|d| format!("D-{}", d.id)).collect()
}

/// Open tasks in the order `sort` names.
fn tasks_sorted(db: &Db, sort: &str) -> Vec<String> {
    let mut ts = db.read(|r| r.all::<Task>().unwrap());
    ts.retain(Task::is_open);
    match sort {
        "due" => ts.sort_by_key(|t| {
            (
                t.due.is_none(),
                t.due.map(|d| (d.date, d.time)),
                std::cmp::Reverse(t.priority),
                t.id,
            )
        }),
        "priority" => {
            ts.sort_by_key(|t| (std::cmp::Reverse(t.priority), t.due.map(|d| d.date), t.id))
        }
        _ => unreachable!(),
    }
    ts.iter().map(|t| format!("T-{}", t.id)).collect()
}

fn slice(all: &[String], offset: usize, limit: usize) -> Vec<String> {
    all.iter().skip(offset).take(limit).cloned().collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn every_page_is_a_slice_of_the_naively_sorted_list(
        offset in 0usize..230,
        limit in 1usize..40,
        contact_sort in prop::sample::select(vec!["name", "company", "created", "last-touch"]),
        deal_sort in prop::sample::select(vec!["value", "close", "title", "stage"]),
        task_sort in prop::sample::select(vec!["due", "priority"]),
    ) {
        let db = shared();
        let (o, l) = (offset.to_string(), limit.to_string());
        let page = |kind: &str, sort: &str, o: &str| {
            db.ids(&[kind, "list", "--sort", sort, "--offset", o, "--limit", &l])
        };
        prop_assert_eq!(page("contact", contact_sort, &o), slice(&contacts_sorted(db, contact_sort), offset, limit));
        // 40 deals: a smaller offset reaches into them.
        let deal_offset = offset % 40;
        prop_assert_eq!(
            page("deal", deal_sort, &deal_offset.to_string()),
            slice(&deals_sorted(db, deal_sort), deal_offset, limit)
        );
        prop_assert_eq!(page("task", task_sort, &o), slice(&tasks_sorted(db, task_sort), offset, limit));
    }
}

/// One demo database shared by the proptest's cases (they only read).
fn shared() -> &'static Db {
    static DB: std::sync::OnceLock<Db> = std::sync::OnceLock::new();
    DB.get_or_init(Db::demo)
}

#[test]
fn json_without_a_limit_lists_every_match_in_order() {
    let db = shared();
    assert_eq!(db.ids(&["contact", "list"]), contacts_sorted(db, "name"));
    assert_eq!(
        db.ids(&["task", "list", "--sort", "priority"]),
        tasks_sorted(db, "priority")
    );
    let csv = db.ok(&["contact", "list", "--csv"]);
    assert_eq!(csv.lines().count(), 1 + contacts_sorted(db, "name").len());
}

#[test]
fn a_cursor_neither_skips_nor_repeats_while_others_write() {
    let db = Db::demo();
    let before = contacts_sorted(&db, "name");
    let mut seen: Vec<String> = Vec::new();
    let mut touched: Vec<String> = Vec::new();
    let mut after: Option<String> = None;
    for round in 0.. {
        let mut args = vec!["contact", "list", "--limit", "9"];
        if let Some(a) = &after {
            args.extend(["--after", a.as_str()]);
        }
        let page = db.ids(&args);
        let Some(last) = page.last().cloned() else {
            break;
        };
        seen.extend(page);
        after = Some(last);
        // Someone else writes between pages: adds contacts that sort anywhere,
        // renames one, deletes one (never the cursor).
        db.ok(&["contact", "add", &format!("Aaron Early {round}")]);
        db.ok(&["contact", "add", &format!("Zed Late {round}")]);
        let victim = &before[(round * 37 + 11) % before.len()];
        if Some(victim) != after.as_ref() && !touched.contains(victim) {
            if round % 2 == 0 {
                db.ok(&[
                    "contact",
                    "edit",
                    victim,
                    "--name",
                    &format!("Mid Renamed {round}"),
                ]);
            } else {
                db.ok(&["contact", "rm", victim, "--unlink"]);
            }
            touched.push(victim.clone());
        }
    }
    // A renamed record may show twice (before and after its move) and a deleted one
    // not at all; every record that stayed put shows exactly once.
    for id in before.iter().filter(|id| !touched.contains(id)) {
        let times = seen.iter().filter(|s| *s == id).count();
        assert_eq!(times, 1, "{id} was listed {times} times");
    }
    for round in 0..3 {
        let added = format!("Zed Late {round}");
        assert!(db.ok(&["contact", "list"]).contains(&added));
    }
}

#[test]
fn filters_page_through_their_matches_and_bad_input_is_named() {
    let db = shared();
    let all = db.ids(&["contact", "list", "--owner", "sam"]);
    let second = db.ids(&[
        "contact", "list", "--owner", "sam", "--offset", "5", "--limit", "5",
    ]);
    assert_eq!(second, slice(&all, 5, 5));
    let from = db.ids(&[
        "contact", "list", "--owner", "sam", "--after", &all[4], "--limit", "5",
    ]);
    assert_eq!(from, second);
    let out = Command::cargo_bin("rolo")
        .unwrap()
        .env("ROLO_CONFIG_DIR", db.dir.path().join("config"))
        .arg("--db")
        .arg(&db.db)
        .args(["contact", "list", "--after", "C-999999"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("C-999999 no longer exists"), "{err}");
    let acts = db.ids(&["activity", "list", "--limit", "4"]);
    let next = db.ids(&["activity", "list", "--limit", "4", "--after", &acts[1]]);
    assert_eq!(next[..2], acts[2..]);
}

#[test]
fn search_options_may_follow_the_words_and_read_the_stored_index() {
    let db = shared();
    let first = db.ids(&["contact", "list", "--limit", "1"]);
    let name = db.read(|r| {
        let id: u64 = first[0].trim_start_matches("C-").parse().unwrap();
        r.get::<Contact>(id).unwrap().unwrap().name
    });
    let hits = db.ids(&["search", &name, "--kind", "contact", "--limit", "3"]);
    assert!(hits.len() <= 3, "{hits:?}");
    assert_eq!(hits.first(), Some(&first[0]), "{name}: {hits:?}");
    assert!(hits.iter().all(|h| h.starts_with("C-")), "{hits:?}");
}
