//! The `rolo` binary as a Unix citizen: quiet from cron, silent when its reader closes
//! the pipe, one clear line for an OS error, team file modes, shell completions and man
//! pages. Each test gets its own temporary folder, a pinned clock and ROLO_USER=sam.
//!
//! Every test runs as root on CI, where file permissions do not apply; the tests that
//! need a refusal then run the binary as `nobody` through `setpriv`, and say so.

use std::io::{BufRead, BufReader};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Output, Stdio};

use clap::CommandFactory;
use tempfile::TempDir;

const NOW: &str = "2026-11-25T12:00:00Z";
/// Half a year later: every contact added at [`NOW`] has been quiet for 90 days.
const LATER: &str = "2027-06-01T12:00:00Z";
/// The uid and gid of `nobody`, for running the binary without root's powers.
const NOBODY: &str = "65534";

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
// A closed pipe

/// Runs `args` with stdout to a pipe, reads one line, closes the pipe and waits.
fn read_one_line_and_close(r: &Rolo, args: &[&str]) -> (Output, String) {
    let mut child = r
        .process(Some(&r.db), args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    {
        let mut reader = BufReader::new(child.stdout.take().unwrap());
        reader.read_line(&mut first).unwrap();
        // Dropping the reader closes the pipe, as `head -1` does when it exits.
    }
    (child.wait_with_output().unwrap(), first)
}

#[test]
fn a_closed_pipe_is_not_an_error_for_any_command() {
    let r = Rolo::new();
    r.contacts(3000);
    for args in [
        &["contact", "list", "--csv"][..],
        &["contact", "list"],
        &["contact", "list", "--json"],
        &["export", "csv", "--kind", "contacts"],
        &["export", "json"],
        &["export", "vcf"],
    ] {
        // Enough output that the writer must meet the closed pipe (a pipe holds 64 KiB).
        let whole = r.ok(args);
        assert!(
            whole.len() > 128 << 10,
            "rolo {args:?}: only {} bytes",
            whole.len()
        );
        let (out, first) = read_one_line_and_close(&r, args);
        assert!(!first.is_empty(), "rolo {args:?} printed nothing");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "",
            "rolo {args:?} complained about the closed pipe"
        );
        assert_eq!(out.status.code(), Some(0), "rolo {args:?}");
    }
    // A command whose few lines meet a pipe closed before it writes.
    let mut child = r
        .process(Some(&r.db), &["doctor"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    assert_eq!(out.status.code(), Some(0));
}

// ---------------------------------------------------------------------------------------
// OS errors

/// Runs the binary as `nobody` when the tests run as root (root ignores file modes);
/// none when that is not possible here.
fn unprivileged(r: &Rolo, db: &Path, args: &[&str]) -> Option<Output> {
    if uzers::get_current_uid() != 0 {
        return Some(r.process(Some(db), args).output().unwrap());
    }
    let probe = Process::new("setpriv").arg("--version").output();
    if !probe.is_ok_and(|o| o.status.success()) {
        return None;
    }
    let inner = r.process(Some(db), args);
    let mut c = Process::new("setpriv");
    r.env(&mut c);
    c.args(["--reuid", NOBODY, "--regid", NOBODY, "--clear-groups"])
        .arg(inner.get_program())
        .args(inner.get_args());
    Some(c.output().unwrap())
}

fn says_the_os_error_once(out: &Output, path: &Path) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert_eq!(err.matches("os error 13").count(), 1, "{err}");
    assert!(
        err.contains(&path.display().to_string()),
        "names {path:?}: {err}"
    );
    assert!(err.contains("--db"), "says what to do: {err}");
}

#[test]
fn a_permission_error_says_the_os_error_once_with_the_path() {
    let r = Rolo::new();
    // Folders that `nobody` may enter but not write.
    std::fs::set_permissions(r.dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let locked = r.dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    let inside = locked.join("crm.redb");
    let Some(out) = unprivileged(&r, &inside, &["contact", "list"]) else {
        println!("skipped: running as root without setpriv, so no permission can be refused");
        return;
    };
    says_the_os_error_once(&out, &inside);
    assert!(
        err_text(&out).contains("cannot create"),
        "{}",
        err_text(&out)
    );
    assert!(!inside.exists());

    // A database file the user may not open.
    r.ok(&["contact", "add", "Jane"]);
    std::fs::set_permissions(&r.db, std::fs::Permissions::from_mode(0o000)).unwrap();
    let out = unprivileged(&r, &r.db, &["contact", "list"]).unwrap();
    std::fs::set_permissions(&r.db, std::fs::Permissions::from_mode(0o600)).unwrap();
    says_the_os_error_once(&out, &r.db);
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

// ---------------------------------------------------------------------------------------
// Completions and man pages

#[test]
fn completions_are_generated_for_every_shell_and_bash_parses_its_script() {
    let r = Rolo::new();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = r.ok(&["completions", shell]);
        assert!(script.contains("rolo"), "{shell}");
        assert!(script.contains("contact"), "{shell} completes subcommands");
    }
    let bash = r.dir.path().join("rolo.bash");
    std::fs::write(&bash, r.ok(&["completions", "bash"])).unwrap();
    let out = Process::new("bash").arg("-n").arg(&bash).output().unwrap();
    assert!(out.status.success(), "bash -n: {}", err_text(&out));
    assert!(!r.db.exists(), "completions need no database");
}

/// Every visible command at every depth, as clap defines it (without `help`).
fn command_names(cmd: &clap::Command, prefix: &str, out: &mut Vec<String>) {
    let name = if prefix.is_empty() {
        cmd.get_name().to_string()
    } else {
        format!("{prefix}-{}", cmd.get_name())
    };
    out.push(name.clone());
    for sub in cmd.get_subcommands() {
        if !sub.is_hide_set() && sub.get_name() != "help" {
            command_names(sub, &name, out);
        }
    }
}

/// Renders a page with `man -l`; none when man is not installed.
fn render(page: &Path) -> Option<String> {
    let out = Process::new("man")
        .arg("-l")
        .arg(page)
        .env("MANPAGER", "cat")
        .env("MANWIDTH", "80")
        .output()
        .ok()?;
    assert!(out.status.success(), "man -l {page:?}: {}", err_text(&out));
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn the_man_page_renders_and_man_out_writes_a_page_per_command() {
    let r = Rolo::new();
    let roff = r.ok(&["man"]);
    assert!(roff.contains(".TH rolo 1"), "{roff}");
    // roff writes a hyphen as `\-`.
    let plain = roff.replace("\\-", "-");
    let top = rolo::cli::Cli::command();
    for sub in top.get_subcommands().filter(|s| !s.is_hide_set()) {
        assert!(
            plain.contains(sub.get_name()),
            "rolo(1) names {}",
            sub.get_name()
        );
    }
    let page = r.dir.path().join("rolo.1");
    std::fs::write(&page, &roff).unwrap();
    match render(&page) {
        Some(text) => {
            assert!(text.contains("SYNOPSIS"), "{text}");
            assert!(text.contains("contact"), "{text}");
        }
        None => println!("skipped the render: `man` is not installed; checked the roff only"),
    }

    let dir = r.dir.path().join("man1");
    let said = r.ok(&["man", "--out", dir.to_str().unwrap()]);
    let mut want = Vec::new();
    command_names(&rolo::cli::Cli::command(), "", &mut want);
    assert!(want.len() > 30, "{want:?}");
    let mut got: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    got.sort();
    let mut want: Vec<String> = want.into_iter().map(|n| format!("{n}.1")).collect();
    want.sort();
    assert_eq!(got, want);
    assert!(
        said.contains(&format!("wrote {} man pages", want.len())),
        "{said}"
    );
    let add = dir.join("rolo-contact-add.1");
    let text = std::fs::read_to_string(&add).unwrap();
    assert!(text.contains(".TH rolo-contact-add 1"), "{text}");
    if let Some(text) = render(&add) {
        assert!(text.contains("--email"), "{text}");
    }
    assert!(!r.db.exists(), "man pages need no database");
}
