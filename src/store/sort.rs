//! Sorted indexes of the contacts and companies tables: one entry per record and
//! sortable column, `(column, key, id)`, kept in the same transaction as the record
//! (stored in pages of a column's entries: [`super::sort_pages`]), so a page in any sort
//! order is a range read (the TUI and `contact list` read a page, never the whole
//! table).
//!
//! A key is the column's text folded to ASCII and lower-cased (times as zero-padded
//! milliseconds), cut to [`KEY_TEXT`] bytes, then a NUL and the folded name, so equal
//! column values order by name and then by id. An empty value sorts first.
//!
//! Deals and tasks have sort entries too, for `deal list` and `task list`: their keys
//! are the sort's fields as fixed-width text, ties going by id.

use chrono::Datelike;

use crate::model::{Company, Contact, Deal, Instant, Record, Task};
use crate::search::fold;

/// How many bytes of a column's text a key keeps (enough to order by; ties beyond it
/// fall back to the name and the id).
pub const KEY_TEXT: usize = 40;

/// Column tags of the contacts table (the high nibble says which table).
pub const CONTACT: u8 = 0x10;
/// Column tags of the companies table.
pub const COMPANY: u8 = 0x20;
/// Sort tags of deals.
pub const DEAL: u8 = 0x30;
/// Sort tags of tasks.
pub const TASK: u8 = 0x40;

/// The "created" column of contacts and companies (not a column of the TUI's tables).
pub const CREATED: usize = 8;

/// The orders `deal list` reads from the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DealSort {
    /// By title.
    Title = 0,
    /// Largest value first.
    Value = 1,
    /// Expected close date, soonest first, undated last.
    Close = 2,
    /// By pipeline, stage (read in the pipeline's stage order) and largest value.
    Stage = 3,
    /// Oldest first.
    Created = 4,
}

/// The orders `task list` reads from the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskSort {
    /// Due date and time, then priority; undated last.
    Due = 0,
    /// Priority, then due date (undated first).
    Priority = 1,
    /// Oldest first.
    Created = 2,
}

/// The sortable columns of the contacts table, by column number in the TUI's table.
pub const CONTACT_COLUMNS: [usize; 8] = [0, 1, 2, 3, 4, 5, 6, 7];
/// The sortable columns of the companies table (6, the contact count, is not).
pub const COMPANY_COLUMNS: [usize; 7] = [0, 1, 2, 3, 4, 5, 7];

/// The "last activity" column of contacts and companies.
pub const LAST_ACTIVITY: usize = 5;

/// The contacts table's "Company" column: its key depends on the company's name, so a
/// company rename rewrites these entries.
pub const CONTACT_COMPANY: usize = 1;

/// The index tag of a contacts-table column.
pub fn contact_tag(column: usize) -> u8 {
    CONTACT | (column as u8 & 0x0f)
}

/// The index tag of a companies-table column.
pub fn company_tag(column: usize) -> u8 {
    COMPANY | (column as u8 & 0x0f)
}

/// The key a name has in the name column (column 0) of the contacts and companies
/// tables: every record with this name sits under exactly this key.
pub fn name_key(name: &str) -> String {
    text(name, KEY_TEXT)
}

/// Folds, lower-cases and cuts `s` to at most `max` bytes at a character boundary.
fn text(s: &str, max: usize) -> String {
    let mut out = String::new();
    text_into(&mut out, s, max);
    out
}

/// [`text`], added to `out`.
fn text_into(out: &mut String, s: &str, max: usize) {
    if s.is_ascii() {
        // What folding and lower-casing do to ASCII, in one pass over the kept bytes.
        out.extend(s.bytes().take(max).map(ascii_folded));
        return;
    }
    let folded = fold(s).to_lowercase();
    let mut cut = folded.len().min(max);
    while !folded.is_char_boundary(cut) {
        cut -= 1;
    }
    out.push_str(&folded[..cut]);
}

/// An ASCII byte as [`fold`] and lower-casing leave it.
fn ascii_folded(b: u8) -> char {
    if b.is_ascii_control() {
        ' '
    } else {
        char::from(b.to_ascii_lowercase())
    }
}

fn time(t: Option<Instant>) -> String {
    let mut out = String::new();
    time_into(&mut out, t);
    out
}

/// [`time`], added to `out`.
fn time_into(out: &mut String, t: Option<Instant>) {
    use std::fmt::Write;
    if let Some(t) = t {
        // Writing into a String cannot fail.
        let _ = write!(out, "{:020}", t.timestamp_millis().max(0));
    }
}

/// Ends a column's key: after its value, a NUL, then the name's key (`name_key`).
fn end_key(out: &mut String, name_key: &str) {
    out.push('\0');
    out.push_str(name_key);
}

/// A date as fixed-width text that sorts like the date.
fn day(d: chrono::NaiveDate) -> String {
    day_number(d.num_days_from_ce())
}

fn day_number(days: i32) -> String {
    format!("{:010}", i64::from(days) + 1_000_000_000)
}

/// The key of a deal's sort entry.
pub fn deal_key(d: &Deal, sort: DealSort) -> String {
    match sort {
        DealSort::Title => text(&d.title, KEY_TEXT),
        DealSort::Value => largest_first(d.value),
        DealSort::Close => match d.close_date {
            Some(c) => format!("0{}", day(c)),
            None => "1".into(),
        },
        DealSort::Stage => format!(
            "{}{}",
            stage_prefix(d.pipeline, d.stage),
            largest_first(d.value)
        ),
        DealSort::Created => time(Some(d.created)),
    }
}

/// The start of the "stage" keys of one stage's deals.
pub fn stage_prefix(pipeline: u64, stage: u32) -> String {
    format!("{pipeline:020}.{stage:010}.")
}

fn largest_first(value: i64) -> String {
    format!("{:020}", i128::from(i64::MAX) - i128::from(value))
}

/// The "due" key of a task: due day, time (0 without one, else minutes + 1), and
/// priority (0 low, 2 high; higher first); undated tasks last. Today's queue index
/// carries the same facts, so the same key is made from either.
pub fn task_due_key(due: Option<(i32, u32)>, priority: u8) -> String {
    let urgency = 2u8.saturating_sub(priority);
    match due {
        Some((days, minutes)) => format!("0{}{minutes:04}{urgency}", day_number(days)),
        None => format!("1{urgency}"),
    }
}

/// The "priority" key of a task: priority (higher first), then due day (undated first).
pub fn task_priority_key(priority: u8, due_day: Option<i32>) -> String {
    let urgency = 2u8.saturating_sub(priority);
    match due_day {
        Some(days) => format!("{urgency}1{}", day_number(days)),
        None => format!("{urgency}0"),
    }
}

/// The start of the sort keys of open tasks ("0") or done ones ("1"): a list of
/// either reads only its own.
pub fn task_state(open: bool) -> &'static str {
    if open { "0" } else { "1" }
}

/// The key of a task's sort entry: its state ([`task_state`]), then the order's
/// fields.
pub fn task_key(t: &Task, sort: TaskSort) -> String {
    format!("{}{}", task_state(t.is_open()), task_order(t, sort))
}

fn task_order(t: &Task, sort: TaskSort) -> String {
    use chrono::Timelike;
    let p = t.priority as u8;
    match sort {
        TaskSort::Due => task_due_key(
            t.due.map(|d| {
                (
                    d.date.num_days_from_ce(),
                    d.time.map(|x| x.hour() * 60 + x.minute() + 1).unwrap_or(0),
                )
            }),
            p,
        ),
        TaskSort::Priority => task_priority_key(p, t.due.map(|d| d.date.num_days_from_ce())),
        TaskSort::Created => time(Some(t.created)),
    }
}

/// Every sort entry of a deal: (tag, key).
pub fn deal_entries(d: &Deal) -> Vec<(u8, String)> {
    use DealSort::*;
    [Title, Value, Close, Stage, Created]
        .into_iter()
        .map(|s| (DEAL | s as u8, deal_key(d, s)))
        .collect()
}

/// Every sort entry of a task: (tag, key).
pub fn task_entries(t: &Task) -> Vec<(u8, String)> {
    use TaskSort::*;
    [Due, Priority, Created]
        .into_iter()
        .map(|s| (TASK | s as u8, task_key(t, s)))
        .collect()
}

/// The key of one contacts-table column; `company` is the contact's company name.
pub fn contact_key(c: &Contact, company: &str, column: usize) -> String {
    let mut out = String::new();
    contact_key_into(&mut out, c, company, column, &name_key(&c.name));
    out
}

/// [`contact_key`], added to `out`, with the contact's [`name_key`] worked out already.
fn contact_key_into(out: &mut String, c: &Contact, company: &str, column: usize, name: &str) {
    let t = |out: &mut String, s: Option<&str>| text_into(out, s.unwrap_or(""), KEY_TEXT);
    match column {
        0 => return out.push_str(name),
        1 => t(out, Some(company)),
        2 => t(out, c.email()),
        3 => t(out, c.phone()),
        4 => t(out, Some(&c.owner)),
        LAST_ACTIVITY => time_into(out, c.last_activity),
        6 => out.push_str(c.lifecycle.as_str()),
        // Ties in creation time go by id: the order things were added.
        CREATED => return time_into(out, Some(c.created)),
        _ => t(out, Some(&c.tags.join(","))),
    }
    end_key(out, name);
}

/// The key of one companies-table column.
pub fn company_key(c: &Company, column: usize) -> String {
    let mut out = String::new();
    company_key_into(&mut out, c, column, &name_key(&c.name));
    out
}

/// [`company_key`], added to `out`, with the company's [`name_key`] worked out already.
fn company_key_into(out: &mut String, c: &Company, column: usize, name: &str) {
    let t = |out: &mut String, s: Option<&str>| text_into(out, s.unwrap_or(""), KEY_TEXT);
    match column {
        0 => return out.push_str(name),
        1 => t(out, c.domain.as_deref()),
        2 => t(out, c.industry.as_deref()),
        3 => t(out, c.location.as_deref()),
        4 => t(out, Some(&c.owner)),
        LAST_ACTIVITY => time_into(out, c.last_activity),
        CREATED => return time_into(out, Some(c.created)),
        _ => t(out, Some(&c.tags.join(","))),
    }
    end_key(out, name);
}

/// Every sort entry of a record (tag, key), each key built in one reused buffer;
/// `company` is a contact's company name.
pub fn each_entry(rec: &Record, company: &str, mut f: impl FnMut(u8, &str)) {
    // Allocated on the first key only: most records (activities) have none.
    let mut buf = String::new();
    match rec {
        Record::Contact(c) => {
            let name = name_key(&c.name);
            for &col in CONTACT_COLUMNS.iter().chain(&[CREATED]) {
                buf.clear();
                contact_key_into(&mut buf, c, company, col, &name);
                f(contact_tag(col), &buf);
            }
        }
        Record::Company(c) => {
            let name = name_key(&c.name);
            for &col in COMPANY_COLUMNS.iter().chain(&[CREATED]) {
                buf.clear();
                company_key_into(&mut buf, c, col, &name);
                f(company_tag(col), &buf);
            }
        }
        Record::Deal(d) => deal_entries(d).iter().for_each(|(tag, key)| f(*tag, key)),
        Record::Task(t) => task_entries(t).iter().for_each(|(tag, key)| f(*tag, key)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_accents_and_break_ties_by_name() {
        let a = Contact {
            name: "Jürgen Müller".into(),
            owner: "Sam".into(),
            ..Contact::default()
        };
        let b = Contact {
            name: "Anna Zimmer".into(),
            owner: "sam".into(),
            ..Contact::default()
        };
        assert_eq!(contact_key(&a, "", 0), "jurgen muller");
        // Same owner: ordered by name.
        assert!(contact_key(&b, "", 4) < contact_key(&a, "", 4));
        // No company sorts before any company.
        assert!(contact_key(&a, "", 1) < contact_key(&b, "Acme", 1));
        let long = "x".repeat(100);
        assert!(contact_key(&a, &long, 1).len() <= 2 * KEY_TEXT + 1);
    }

    #[test]
    fn ascii_takes_the_same_key_as_folding() {
        for s in [
            "Jane DOE",
            "a\tb\x07c\x7f",
            "",
            "x".repeat(60).as_str(),
            "MIXED case 123 @example.COM",
        ] {
            let slow = {
                let mut out = fold(s).to_lowercase();
                out.truncate(out.len().min(KEY_TEXT));
                out
            };
            assert_eq!(text(s, KEY_TEXT), slow, "{s:?}");
        }
    }

    #[test]
    fn cutting_respects_character_boundaries() {
        let s = "山".repeat(30);
        let t = text(&s, KEY_TEXT);
        assert!(t.len() <= KEY_TEXT);
        assert!(t.chars().all(|c| c == '山'));
    }
}
