//! `rolo mcp` as an agent meets it, on the L data set: one server process started on a
//! copy of target/bench-data/L.redb, then N calls of each read and write tool, each
//! timed from writing the request to reading its response line (raw JSON-RPC over the
//! child's pipes, as any client sends it), with the server's resident memory at the
//! end (VmRSS and its peak, VmHWM, from /proc).
//!
//! `cargo bench --bench mcp` (run `--bench store` first: it generates
//! target/bench-data/L.redb; `ROLO_BENCH_SIZE=XL` for XL; `ROLO_BENCH_CALLS=N`, default 40;
//! `ROLO_BENCH_BIN=target/release/rolo` to time that binary).

mod bench_data;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

struct Server {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
    next: u64,
}

impl Server {
    fn start(db: &Path) -> Server {
        // ROLO_BENCH_BIN runs another build of the server (a release binary under a
        // timing client built without optimisation: the client's share is negligible).
        let bin =
            std::env::var("ROLO_BENCH_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_rolo").into());
        let mut child = Command::new(bin)
            .arg("--db")
            .arg(db)
            .arg("mcp")
            .env("ROLO_USER", "sam")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start rolo mcp");
        let input = child.stdin.take().expect("stdin");
        let output = BufReader::new(child.stdout.take().expect("stdout"));
        let mut s = Server {
            child,
            input,
            output,
            next: 0,
        };
        s.request(
            "initialize",
            json!({"protocolVersion": "2025-06-18", "capabilities": {},
                   "clientInfo": {"name": "bench", "version": "1"}}),
        );
        s.send(&json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));
        s
    }

    fn send(&mut self, v: &Value) {
        writeln!(self.input, "{v}").expect("write");
        self.input.flush().expect("flush");
    }

    /// Sends a request and waits for its response; returns it and the time taken.
    fn request(&mut self, method: &str, params: Value) -> (Value, Duration) {
        self.next += 1;
        let id = self.next;
        let msg = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params});
        let start = Instant::now();
        self.send(&msg);
        let mut line = String::new();
        loop {
            line.clear();
            self.output.read_line(&mut line).expect("read");
            let v: Value = serde_json::from_str(&line).expect("a JSON-RPC message");
            if v["id"] == id {
                return (v, start.elapsed());
            }
        }
    }

    fn call(&mut self, tool: &str, args: Value) -> (Value, Duration) {
        let (v, d) = self.request("tools/call", json!({"name": tool, "arguments": args}));
        let result = &v["result"];
        assert!(
            result.is_object() && result["isError"] != true,
            "{tool} {args}: {v}"
        );
        (result["structuredContent"].clone(), d)
    }

    /// (VmRSS, VmHWM) in MB.
    fn memory(&self) -> (f64, f64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
                .unwrap_or(0.0)
                / 1024.0
        };
        (field("VmRSS:"), field("VmHWM:"))
    }
}

/// A read tool's arguments for its i-th call.
type Args = Box<dyn Fn(usize) -> Value>;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Median and 95th percentile in ms.
fn stats(mut times: Vec<Duration>) -> (f64, f64) {
    times.sort();
    let at = |q: f64| ms(times[((times.len() - 1) as f64 * q).round() as usize]);
    (at(0.5), at(0.95))
}

fn report(label: &str, target: f64, times: Vec<Duration>) {
    let (median, p95) = stats(times);
    let verdict = if p95 <= target { "met" } else { "not met" };
    println!(
        "{label:<44} median {median:>7.1} ms   p95 {p95:>7.1} ms   (≤ {target} ms: {verdict})"
    );
}

fn main() {
    let (size, source) = bench_data::generated();
    let calls: usize = std::env::var("ROLO_BENCH_CALLS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(40);
    // The write tools change the file: work on a copy.
    let db = source.with_file_name(format!("{size}-mcp.redb"));
    std::fs::copy(&source, &db).expect("copy the data set");
    let mut s = Server::start(&db);
    println!("rolo mcp on data set {size}: {calls} calls per tool, request → response");

    // Contacts spread over the file (S holds about 200).
    let contacts = if size == "S" { 150 } else { 1000u64 };
    let read: [(&str, Args); 5] = [
        (
            "search muller (contacts)",
            Box::new(|_| json!({"query": "muller", "kind": "contact"})),
        ),
        (
            "search jane acme",
            Box::new(|_| json!({"query": "jane acme"})),
        ),
        (
            "get C-n (with linked records)",
            Box::new(move |i| json!({"id": format!("C-{}", 1 + (i as u64 * 97) % contacts)})),
        ),
        (
            "list_deals (20, stage order)",
            Box::new(|_| json!({"limit": 20})),
        ),
        (
            "tasks_due today",
            Box::new(|_| json!({"due": "today", "limit": 50})),
        ),
    ];
    let tools = ["search", "search", "get", "list_deals", "tasks_due"];
    for ((label, args), tool) in read.iter().zip(tools) {
        s.call(tool, args(0)); // warm
        let times = (0..calls).map(|i| s.call(tool, args(i)).1).collect();
        report(label, 50.0, times);
    }
    // Every report, each with its defaults (the period is the current month).
    for name in [
        "pipeline", "forecast", "win-rate", "velocity", "funnel", "activity", "revenue", "sources",
        "hygiene", "tickets",
    ] {
        let args = json!({ "name": name });
        s.call("report", args.clone()); // warm
        let times = (0..calls)
            .map(|_| s.call("report", args.clone()).1)
            .collect();
        report(&format!("report {name}"), 50.0, times);
    }

    let mut task_ids = Vec::new();
    let mut times = Vec::new();
    for i in 0..calls {
        let (v, d) = s.call(
            "add_task",
            json!({"title": format!("bench follow-up {i}"), "on": format!("C-{}", 1 + i), "due": "fri"}),
        );
        task_ids.push(v["id"].as_str().unwrap_or_default().to_string());
        times.push(d);
    }
    report("add_task", 20.0, times);
    let times = task_ids
        .iter()
        .map(|id| s.call("complete_task", json!({"id": id})).1)
        .collect();
    report("complete_task", 20.0, times);
    let times = (0..calls)
        .map(|i| {
            s.call(
                "log_activity",
                json!({"kind": "note", "text": format!("bench note {i}"), "contacts": [format!("C-{}", 1 + i)]}),
            )
            .1
        })
        .collect();
    report("log_activity", 20.0, times);
    let (deals, _) = s.call("list_deals", json!({"limit": calls as u32}));
    let ids: Vec<String> = deals["deals"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|d| d["id"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    let mut times = Vec::new();
    for id in &ids {
        times.push(
            s.call("move_deal", json!({"id": id, "stage": "negotiation"}))
                .1,
        );
    }
    report("move_deal (to Negotiation)", 20.0, times);
    let times = (0..calls)
        .map(|i| {
            s.call(
                "update",
                json!({"id": format!("C-{}", 1 + i), "job_title": format!("Head of {i}")}),
            )
            .1
        })
        .collect();
    report("update (a contact's job title)", 20.0, times);

    let (rss, peak) = s.memory();
    println!("server memory: {rss:.0} MB resident now, {peak:.0} MB peak (budget 60 MB)");
    drop(s.input);
    let start = Instant::now();
    let status = s.child.wait().expect("wait");
    println!(
        "exit after stdin closed: {:.0} ms ({status})",
        ms(start.elapsed())
    );
    let _ = std::fs::remove_file(&db);
}
