//! Contacts as vCard 3.0 or 4.0 (RFC 2426, RFC 6350): text values escaped (`\\`, `\,`,
//! `\;`, `\n`), lines folded at 75 octets, CRLF line ends; one card per contact with a
//! stable UID so a re-export updates rather than duplicates in an address book.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use crate::interchange::error::{InterchangeError, Result};
use crate::model::{Company, Contact};
use crate::store::Queries;

/// Which vCard version to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VcardVersion {
    /// vCard 3.0 (RFC 2426), what most address books read.
    #[default]
    V3,
    /// vCard 4.0 (RFC 6350).
    V4,
}

/// Escapes a text value: backslash, comma, semicolon and line breaks.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets (never inside a character) and ends it with CRLF.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

fn phone_type(label: &str, v: VcardVersion) -> &'static str {
    match (label, v) {
        ("mobile", _) => "cell",
        ("work", _) => "work",
        ("home", _) => "home",
        ("fax", _) => "fax",
        (_, VcardVersion::V3) => "voice",
        _ => "voice",
    }
}

/// One contact as a card.
pub fn card(c: &Contact, company: Option<&str>, v: VcardVersion) -> String {
    let mut s = String::new();
    let mut line = |l: String| s.push_str(&fold(&l));
    line("BEGIN:VCARD".into());
    line(format!(
        "VERSION:{}",
        if v == VcardVersion::V3 { "3.0" } else { "4.0" }
    ));
    line(format!("UID:rolo-contact-{}@rolo", c.id));
    line(format!("FN:{}", escape(&c.name)));
    let (family, given) = match (&c.family_name, &c.given_name) {
        (None, None) => (c.name.clone(), String::new()),
        (f, g) => (f.clone().unwrap_or_default(), g.clone().unwrap_or_default()),
    };
    line(format!("N:{};{};;;", escape(&family), escape(&given)));
    if let Some(o) = company {
        line(format!("ORG:{}", escape(o)));
    }
    if let Some(t) = &c.title {
        line(format!("TITLE:{}", escape(t)));
    }
    for (i, e) in c.emails.iter().enumerate() {
        let mut types: Vec<&str> = Vec::new();
        if v == VcardVersion::V3 {
            types.push("INTERNET");
        }
        if !e.label.is_empty() && !e.label.contains([',', ';', ':', '"']) {
            types.push(&e.label);
        }
        let pref = match (i, v) {
            (0, VcardVersion::V4) => ";PREF=1",
            (0, VcardVersion::V3) => ";TYPE=pref",
            _ => "",
        };
        let ty = if types.is_empty() {
            String::new()
        } else {
            format!(";TYPE={}", types.join(","))
        };
        line(format!("EMAIL{ty}{pref}:{}", escape(&e.value)));
    }
    for p in &c.phones {
        line(format!(
            "TEL;TYPE={}:{}",
            phone_type(&p.label, v),
            escape(&p.value)
        ));
    }
    if let Some(l) = &c.location {
        line(format!("ADR:;;;{};;;", escape(l)));
    }
    if !c.notes.is_empty() {
        line(format!("NOTE:{}", escape(&c.notes)));
    }
    if !c.tags.is_empty() {
        let tags: Vec<String> = c.tags.iter().map(|t| escape(t)).collect();
        line(format!("CATEGORIES:{}", tags.join(",")));
    }
    line(format!("REV:{}", c.updated.format("%Y%m%dT%H%M%SZ")));
    line("END:VCARD".into());
    s
}

/// Writes every contact to `w`; returns how many. `target` names the output in errors.
pub fn write_vcf<Q: Queries>(
    q: &Q,
    v: VcardVersion,
    w: &mut dyn Write,
    target: &Path,
) -> Result<usize> {
    let companies: HashMap<u64, String> = q
        .all::<Company>()?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let contacts = q.all::<Contact>()?;
    for c in &contacts {
        let org = c
            .company
            .and_then(|id| companies.get(&id))
            .map(String::as_str);
        w.write_all(card(c, org, v).as_bytes())
            .map_err(|source| InterchangeError::Io {
                path: target.to_path_buf(),
                source,
            })?;
    }
    Ok(contacts.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_and_folding_follow_rfc_6350() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        let long = format!("NOTE:{}", "é".repeat(60));
        let folded = fold(&long);
        assert!(folded.split("\r\n").all(|l| l.len() <= 75));
        assert_eq!(folded.replace("\r\n ", ""), format!("{long}\r\n"));
    }
}
