//! Data in and out on large data: importing a 100k-row contacts CSV (and the same file
//! into sqlite3's in-memory table with `.import`, for scale), exporting the L data set to
//! JSON, and `rolo log-email` of one message into the L database — each as a whole
//! process, the way people run them.
//!
//! `cargo bench --bench interchange` (run `--bench store` first: it generates
//! target/bench-data/L.redb, or point `ROLO_BENCH_L` at a copy of it; sqlite3 is used for
//! the comparison when installed: `apt-get install sqlite3`). Peak memory (RSS) of the
//! export is read with `/usr/bin/time` when it is there.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ROLO: &str = env!("CARGO_BIN_EXE_rolo");

fn main() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).expect("bench dir");
    println!("rolo interchange benchmarks");

    // A HubSpot-style export of 100k contacts at 10k companies.
    let csv = dir.join("contacts-100k.csv");
    write_contacts_csv(&csv, 100_000);
    let mut runs = Vec::new();
    let mut rss = None;
    for i in 0..3 {
        let db = dir.join(format!("import-{i}.redb"));
        let _ = std::fs::remove_file(&db);
        let t = Instant::now();
        rss = run(Command::new(ROLO)
            .arg("--db")
            .arg(&db)
            .args(["import", "csv"])
            .arg(&csv)
            .args(["--as", "contacts"]))
        .or(rss);
        runs.push(t.elapsed());
        let _ = std::fs::remove_file(&db);
    }
    let rolo = median(runs);
    println!(
        "{:<52} {:>9}  {}(target ≤ 2 s)",
        "import 100k-row contacts CSV (process)",
        secs(rolo),
        peak(rss)
    );
    let sqlite = Command::new("sqlite3")
        .arg(":memory:")
        .args([
            ".mode csv",
            &format!(".import {} contacts", csv.display()),
            "select count(*) from contacts;",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    match sqlite {
        Ok(s) if s.success() => {
            let mut runs = Vec::new();
            for _ in 0..3 {
                let t = Instant::now();
                run(Command::new("sqlite3")
                    .arg(":memory:")
                    .args([".mode csv", &format!(".import {} contacts", csv.display())]));
                runs.push(t.elapsed());
            }
            let sq = median(runs);
            println!(
                "{:<52} {:>9}  rolo/sqlite3 ratio {:.1}",
                "sqlite3 :memory: .import of the same file",
                secs(sq),
                rolo.as_secs_f64() / sq.as_secs_f64()
            );
        }
        _ => println!("sqlite3 not found: install it (apt-get install sqlite3) for the comparison"),
    }

    let l = std::env::var_os("ROLO_BENCH_L")
        .map(PathBuf::from)
        .unwrap_or_else(|| dir.join("L.redb"));
    if !l.exists() {
        println!(
            "{} is missing: run `cargo bench --bench store` (or set ROLO_BENCH_L) for the L figures",
            l.display()
        );
        return;
    }
    for (what, args, out, target) in [
        (
            "export the L data set to JSON (process)",
            &["export", "json", "--out"][..],
            dir.join("L-export.json"),
            "(target ≤ 3 s, ≤ 60 MB)",
        ),
        (
            "export L's activities to CSV (process)",
            &["export", "csv", "--kind", "activities", "--out"][..],
            dir.join("L-activities.csv"),
            "",
        ),
    ] {
        let t = Instant::now();
        let rss = run(Command::new(ROLO).arg("--db").arg(&l).args(args).arg(&out));
        println!(
            "{:<52} {:>9}  {}{target}",
            what,
            secs(t.elapsed()),
            peak(rss)
        );
        let _ = std::fs::remove_file(&out);
    }

    // log-email into a copy of L: a message to a known contact, a new Message-ID each time.
    let copy = dir.join("L-mail.redb");
    std::fs::copy(&l, &copy).expect("copy L");
    let out = Command::new(ROLO)
        .arg("--db")
        .arg(&copy)
        .args([
            "--json", "contact", "list", "--limit", "1", "--sort", "created",
        ])
        .output()
        .expect("rolo");
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    let email = list[0]["emails"][0]["value"]
        .as_str()
        .unwrap_or("nobody@example.com")
        .to_string();
    let mut runs = Vec::new();
    for i in 0..15 {
        let mut msg = String::new();
        let _ = write!(
            msg,
            "From: {email}\r\nTo: sales@rolo.example\r\nSubject: Re: proposal {i}\r\nMessage-ID: <bench-{i}-{}@rolo.example>\r\nDate: Wed, 25 Nov 2026 10:00:00 +0000\r\n\r\nThanks, let's talk on Friday.\r\n",
            std::process::id()
        );
        let (took, ok) = log_email(&copy, None, &msg);
        runs.push(took);
        assert!(ok, "log-email failed");
    }
    println!(
        "{:<52} {:>9}  (target ≤ 50 ms; median of 15)",
        "`rolo log-email` of one message into L (process)",
        ms(median(runs))
    );
    // log-email of a customer's reply onto an open ticket (threaded by In-Reply-To),
    // with a support address in config.toml.
    let config = dir.join("desk-config");
    std::fs::create_dir_all(&config).expect("config dir");
    std::fs::write(
        config.join("config.toml"),
        "support_emails = [\"support@rolo.example\"]\n",
    )
    .expect("config");
    let rolo = |args: &[&str]| -> serde_json::Value {
        let out = Command::new(ROLO)
            .env("ROLO_CONFIG_DIR", &config)
            .arg("--db")
            .arg(&copy)
            .arg("--json")
            .args(args)
            .output()
            .expect("rolo");
        serde_json::from_slice(&out.stdout).unwrap_or_default()
    };
    let queue = rolo(&["ticket", "list", "--limit", "15"]);
    let mut runs = Vec::new();
    for (i, t) in queue.as_array().into_iter().flatten().enumerate() {
        let (Some(id), Some(requester)) = (t["id"].as_str(), t["requester"].as_str()) else {
            continue;
        };
        let contact = rolo(&["contact", "show", requester]);
        let Some(from) = contact["emails"][0]["value"].as_str() else {
            continue;
        };
        let n: u64 = id.trim_start_matches("S-").parse().unwrap_or(0);
        let msg = format!(
            "From: {from}\r\nTo: support@rolo.example\r\nSubject: Re: [{id}] still happening\r\nMessage-ID: <bench-desk-{i}-{}@rolo.example>\r\nIn-Reply-To: <demo.s{n}.1@rolo.invalid>\r\nDate: Wed, 25 Nov 2026 10:00:00 +0000\r\n\r\nIt happens again this morning.\r\n",
            std::process::id()
        );
        let (took, ok) = log_email(&copy, Some(&config), &msg);
        runs.push(took);
        assert!(ok, "log-email onto {id} failed");
    }
    if !runs.is_empty() {
        println!(
            "{:<52} {:>9}  (target ≤ 50 ms; median of {})",
            "`rolo log-email` of a reply onto a ticket (process)",
            ms(median(runs.clone())),
            runs.len()
        );
    }
    let _ = std::fs::remove_file(&copy);
}

/// Runs `cmd` to success (under `/usr/bin/time` when it is installed); returns its peak
/// resident memory in kB when known.
fn run(cmd: &mut Command) -> Option<u64> {
    let timed = Path::new("/usr/bin/time").exists();
    let mut c = if timed {
        let mut c = Command::new("/usr/bin/time");
        c.args(["-f", "rolo-bench-rss:%M"]).arg(cmd.get_program());
        c.args(cmd.get_args());
        c
    } else {
        std::mem::replace(cmd, Command::new("true"))
    };
    let out = c
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    err.lines()
        .find_map(|l| l.strip_prefix("rolo-bench-rss:"))
        .and_then(|kb| kb.trim().parse().ok())
}

fn peak(kb: Option<u64>) -> String {
    kb.map(|kb| format!("peak RSS {:.0} MB  ", kb as f64 / 1024.0))
        .unwrap_or_default()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// Writes `n` contacts with HubSpot's export headers, deterministic.
fn write_contacts_csv(path: &Path, n: usize) {
    let first = [
        "Jane", "Jürgen", "José", "Hélène", "Łukasz", "Aiko", "Wei", "Priya", "Chinedu", "Sofia",
    ];
    let last = [
        "Doe", "Müller", "García", "Dubois", "Nowak", "Tanaka", "Wang", "Sharma", "Okafor", "Rossi",
    ];
    let mut s = String::with_capacity(n * 100);
    s.push_str(
        "First Name,Last Name,Email,Phone Number,Company Name,Job Title,City,Lifecycle Stage\n",
    );
    for i in 0..n {
        let f = first[i % first.len()];
        let l = last[(i / first.len()) % last.len()];
        let company = i % 10_000;
        let _ = writeln!(
            s,
            "{f},{l},contact{i}@company{company}.example,+1 415 555 {:04},Company {company} Ltd,Account Manager,Springfield,lead",
            i % 10_000
        );
    }
    std::fs::write(path, s).expect("write csv");
}

/// `rolo log-email` of `msg` into `db` (with `config` as its config directory, when
/// given) as a whole process: how long it took and whether it succeeded.
fn log_email(db: &Path, config: Option<&Path>, msg: &str) -> (Duration, bool) {
    let t = Instant::now();
    let mut cmd = Command::new(ROLO);
    if let Some(dir) = config {
        cmd.env("ROLO_CONFIG_DIR", dir);
    }
    let mut child = cmd
        .arg("--db")
        .arg(db)
        .arg("log-email")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("rolo");
    if let Some(mut stdin) = child.stdin.take() {
        use std::io::Write;
        let _ = stdin.write_all(msg.as_bytes());
    }
    let ok = child.wait().expect("wait").success();
    (t.elapsed(), ok)
}
