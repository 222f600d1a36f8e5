//! Sorted indexes of the contacts and companies tables: one entry per record and
//! sortable column, `(column, key, id)`, kept in the same transaction as the record, so
//! a page in any sort order is a range read (the TUI and `contact list` read a page,
//! never the whole table).
//!
//! A key is the column's text folded to ASCII and lower-cased (times as zero-padded
//! milliseconds), cut to [`KEY_TEXT`] bytes, then a NUL and the folded name, so equal
//! column values order by name and then by id. An empty value sorts first.

use crate::model::{Company, Contact, Instant};
use crate::search::fold;

/// How many bytes of a column's text a key keeps (enough to order by; ties beyond it
/// fall back to the name and the id).
pub const KEY_TEXT: usize = 40;

/// Column tags of the contacts table (the high nibble says which table).
pub const CONTACT: u8 = 0x10;
/// Column tags of the companies table.
pub const COMPANY: u8 = 0x20;

/// The sortable columns of the contacts table, by column number in the TUI's table.
pub const CONTACT_COLUMNS: [usize; 8] = [0, 1, 2, 3, 4, 5, 6, 7];
/// The sortable columns of the companies table (6, the contact count, is not).
pub const COMPANY_COLUMNS: [usize; 7] = [0, 1, 2, 3, 4, 5, 7];

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

/// Folds, lower-cases and cuts `s` to at most `max` bytes at a character boundary.
fn text(s: &str, max: usize) -> String {
    let mut out = fold(s).to_lowercase();
    if out.len() > max {
        let mut cut = max;
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        out.truncate(cut);
    }
    out
}

fn time(t: Option<Instant>) -> String {
    t.map(|t| format!("{:020}", t.timestamp_millis().max(0)))
        .unwrap_or_default()
}

fn key(value: String, name: &str) -> String {
    let mut k = value;
    k.push('\0');
    k.push_str(&text(name, KEY_TEXT));
    k
}

/// The key of one contacts-table column; `company` is the contact's company name.
pub fn contact_key(c: &Contact, company: &str, column: usize) -> String {
    let t = |s: Option<&str>| text(s.unwrap_or(""), KEY_TEXT);
    let value = match column {
        0 => return text(&c.name, KEY_TEXT),
        1 => t(Some(company)),
        2 => t(c.email()),
        3 => t(c.phone()),
        4 => t(Some(&c.owner)),
        5 => time(c.last_activity),
        6 => c.lifecycle.as_str().to_string(),
        _ => t(Some(&c.tags.join(","))),
    };
    key(value, &c.name)
}

/// The key of one companies-table column.
pub fn company_key(c: &Company, column: usize) -> String {
    let t = |s: Option<&str>| text(s.unwrap_or(""), KEY_TEXT);
    let value = match column {
        0 => return text(&c.name, KEY_TEXT),
        1 => t(c.domain.as_deref()),
        2 => t(c.industry.as_deref()),
        3 => t(c.location.as_deref()),
        4 => t(Some(&c.owner)),
        5 => time(c.last_activity),
        _ => t(Some(&c.tags.join(","))),
    };
    key(value, &c.name)
}

/// Every sort entry of a contact: (tag, key).
pub fn contact_entries(c: &Contact, company: &str) -> Vec<(u8, String)> {
    CONTACT_COLUMNS
        .iter()
        .map(|&col| (contact_tag(col), contact_key(c, company, col)))
        .collect()
}

/// Every sort entry of a company: (tag, key).
pub fn company_entries(c: &Company) -> Vec<(u8, String)> {
    COMPANY_COLUMNS
        .iter()
        .map(|&col| (company_tag(col), company_key(c, col)))
        .collect()
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
    fn cutting_respects_character_boundaries() {
        let s = "山".repeat(30);
        let t = text(&s, KEY_TEXT);
        assert!(t.len() <= KEY_TEXT);
        assert!(t.chars().all(|c| c == '山'));
    }
}
