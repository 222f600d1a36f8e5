//! Figures for the TUI benchmark: median and p95 lines with their targets, and the
//! memory the machine has left (so ten TUIs are not started where they cannot fit).

use std::time::Duration;

/// MemAvailable in MB.
pub fn available_mb() -> f64 {
    std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .find(|l| l.starts_with("MemAvailable:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<f64>().ok())
        })
        .unwrap_or(0.0)
        / 1024.0
}

/// The median of `v` (NaN when empty).
pub fn median_f(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

/// One line: median and p95 of `samples` (of `tries`), and the target.
pub fn report(what: &str, samples: &[Duration], tries: usize, target: &str) {
    let mut s = samples.to_vec();
    s.sort();
    let Some(&median) = s.get(s.len() / 2) else {
        println!("{what:<44} no sample of {tries} completed");
        return;
    };
    let p95 = s[(s.len() * 95 / 100).min(s.len() - 1)];
    let target = if target.is_empty() {
        String::new()
    } else {
        format!(", target {target}")
    };
    println!(
        "{what:<44} {:>9}  p95 {:>9}  (n={} of {tries}{target})",
        fmt(median),
        fmt(p95),
        s.len()
    );
}

/// Milliseconds, or seconds from one second up.
pub fn fmt(d: Duration) -> String {
    if d.as_secs() >= 1 {
        format!("{:.2} s", d.as_secs_f64())
    } else {
        format!("{:.1} ms", d.as_secs_f64() * 1000.0)
    }
}
