//! The `rolo` binary as a Unix citizen: quiet from cron, team file modes.
//! Each test gets its own temporary folder, a pinned clock and ROLO_USER=sam.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Output};

use tempfile::TempDir;

const NOW: &str = "2026-11-25T12:00:00Z";
/// Half a year later: every contact added at [`NOW`] has been quiet for 90 days.
const LATER: &str = "2027-06-01T12:00:00Z";

struct Rolo {
    dir: TempDir,
    db: PathBuf,
}

impl Rolo {
    fn new() -> Rolo {
        let dir = TempDir::new().unwrap();
        let db = dir.path().join("crm.redb");
        Rolo { dir, db }
    }

    /// The environment every run gets.
    fn env(&self, c: &mut Process) {
        c.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("ROLO_CONFIG_DIR", self.dir.path().join("config"))
            .env("ROLO_NOW", NOW)
            .env("TZ", "UTC")
            .env("ROLO_USER", "sam");
    }

    /// The binary on `db` (none: no --db).
    fn process(&self, db: Option<&Path>, args: &[&str]) -> Process {
        let mut c = Process::new(env!("CARGO_BIN_EXE_rolo"));
        self.env(&mut c);
        if let Some(db) = db {
            c.arg("--db").arg(db);
        }
        c.args(args);
        c
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.process(Some(&self.db), args).output().unwrap();
        assert!(
            out.status.success(),
            "rolo {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Imports `n` contacts in one command.
    fn contacts(&self, n: usize) {
        let csv = self.dir.path().join("people.csv");
        let mut text = String::from("Name,Email\n");
        for i in 0..n {
            text.push_str(&format!(
                "Person Number{i},person{i}@example{}.com\n",
                i % 50
            ));
        }
        std::fs::write(&csv, text).unwrap();
        self.ok(&["import", "csv", "--as", "contacts", csv.to_str().unwrap()]);
    }
}

fn lines(s: &str) -> Vec<&str> {
    s.lines().collect()
}

fn err_text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

// ---------------------------------------------------------------------------------------
// Sweep from cron

#[test]
fn sweep_quiet_prints_nothing_and_the_report_shows_each_rule_and_twenty_examples() {
    let quiet = Rolo::new();
    quiet.contacts(30);
    let rev = quiet.ok(&["history", "--json"]);
    let mut c = quiet.process(Some(&quiet.db), &["sweep", "--quiet"]);
    c.env("ROLO_NOW", LATER);
    let out = c.output().unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_ne!(
        quiet.ok(&["history", "--json"]),
        rev,
        "the quiet sweep did its work"
    );

    let loud = Rolo::new();
    loud.contacts(30);
    let mut c = loud.process(Some(&loud.db), &["sweep"]);
    c.env("ROLO_NOW", LATER);
    let out = c.output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    let l = lines(&text);
    let total: usize = l[0]
        .strip_prefix("sweep: ")
        .and_then(|s| s.strip_suffix(" firings"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("first line is the total: {text}"));
    assert!(total >= 30, "each quiet contact fires: {text}");
    // One line per rule that fired, with its count; the counts add up to the total.
    let rules: Vec<&str> = l[1..]
        .iter()
        .copied()
        .take_while(|s| !s.starts_with("  "))
        .collect();
    assert!(!rules.is_empty(), "{text}");
    let counted: usize = rules
        .iter()
        .map(|r| {
            let n = r.rsplit(": ").next().unwrap();
            n.trim_end_matches(" firings")
                .trim_end_matches(" firing")
                .parse::<usize>()
                .unwrap_or_else(|_| panic!("a rule line ends with its count: {r}"))
        })
        .sum();
    assert_eq!(counted, total, "{text}");
    assert!(rules.iter().any(|r| r.starts_with("R-4 ")), "{text}");
    let examples: Vec<&str> = l[1 + rules.len()..]
        .iter()
        .copied()
        .filter(|s| !s.contains(" more (see"))
        .collect();
    assert_eq!(examples.len(), 20, "{text}");
    assert!(examples.iter().all(|e| e.starts_with("  ")), "{text}");
    assert_eq!(
        *l.last().unwrap(),
        format!("  and {} more (see `rolo history`)", total - 20),
        "{text}"
    );
    assert_eq!(l.len(), 1 + rules.len() + 20 + 1, "{text}");
}

// ---------------------------------------------------------------------------------------
// Team files

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().mode() & 0o7777
}

/// A group to share with that differs from the process's own when possible (root may
/// give a folder to any group; others only to their own).
fn some_team_gid() -> u32 {
    if uzers::get_current_uid() == 0 {
        for name in ["users", "nogroup", "staff"] {
            if let Some(g) = uzers::get_group_by_name(name) {
                return g.gid();
            }
        }
    }
    uzers::get_current_gid()
}

#[test]
fn a_database_created_in_a_setgid_folder_is_the_teams_and_elsewhere_owner_only() {
    let r = Rolo::new();
    let team = r.dir.path().join("team");
    std::fs::create_dir(&team).unwrap();
    let gid = some_team_gid();
    std::os::unix::fs::chown(&team, None, Some(gid)).unwrap();
    std::fs::set_permissions(&team, std::fs::Permissions::from_mode(0o2770)).unwrap();
    let shared = team.join("crm.redb");
    let out = r
        .process(Some(&shared), &["contact", "add", "Jane"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", err_text(&out));
    assert_eq!(mode(&shared), 0o660, "mode {:o}", mode(&shared));
    assert_eq!(std::fs::metadata(&shared).unwrap().gid(), gid);

    r.ok(&["contact", "add", "Jane"]);
    assert_eq!(mode(&r.db), 0o600, "mode {:o}", mode(&r.db));
}

#[test]
fn init_creates_the_database_and_shares_it_with_a_group() {
    let r = Rolo::new();
    let out = r.ok(&["init"]);
    assert!(out.contains("created") && out.contains("crm.redb"), "{out}");
    assert_eq!(mode(&r.db), 0o600);
    let again = r.ok(&["init"]);
    assert!(again.contains("already exists"), "{again}");

    let gid = some_team_gid();
    let group = uzers::get_group_by_gid(gid).unwrap();
    let name = group.name().to_str().unwrap();
    let team = r.dir.path().join("team.redb");
    let out = r
        .process(Some(&team), &["init", "--group", name])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", err_text(&out));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("0660") && said.contains(name), "{said}");
    assert_eq!(mode(&team), 0o660);
    assert_eq!(std::fs::metadata(&team).unwrap().gid(), gid);
    // It is a working database.
    let out = r
        .process(Some(&team), &["pipeline", "list"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", err_text(&out));
}

#[test]
fn init_with_an_unknown_group_names_it_and_creates_nothing() {
    let r = Rolo::new();
    let out = r
        .process(Some(&r.db), &["init", "--group", "no-such-team-xyz"])
        .output()
        .unwrap();
    let err = err_text(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("'no-such-team-xyz'"), "{err}");
    assert!(err.contains("nothing was created"), "{err}");
    assert!(!r.db.exists(), "the database was created anyway");
}
