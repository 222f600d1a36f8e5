//! A card as a rolo contact: N and FN give the names, ORG the company, TITLE, EMAIL,
//! TEL (in E.164 when the address names a country), ADR (→ location), NOTE and
//! CATEGORIES (→ tags). A card without a name is refused with the reason.

use super::card::Card;
use super::lines::{split_unescaped, unescape};
use crate::interchange::dupes::phone::normalize_phone;
use crate::model::text::tidy;
use crate::model::{Contact, Labeled};
use crate::ops::normalize_email;

/// What one card says: the contact, and the company it names.
#[derive(Debug, Clone)]
pub struct CardContact {
    /// The contact, not yet saved.
    pub contact: Contact,
    /// ORG's first component.
    pub company: Option<String>,
}

fn some(s: String) -> Option<String> {
    let t = tidy(&s);
    (!t.is_empty()).then_some(t)
}

/// The label of an email or phone from its TYPEs ("work", "home", "mobile", "fax").
fn label(types: &[String]) -> String {
    const KNOWN: [(&str, &str); 7] = [
        ("cell", "mobile"),
        ("mobile", "mobile"),
        ("iphone", "mobile"),
        ("work", "work"),
        ("home", "home"),
        ("fax", "fax"),
        ("main", "main"),
    ];
    KNOWN
        .iter()
        .find(|(t, _)| types.iter().any(|x| x == t))
        .map(|(_, l)| l.to_string())
        .unwrap_or_default()
}

/// Reads a card; the error says what is wrong with it.
pub fn contact(card: &Card) -> Result<CardContact, String> {
    let n = card
        .first("N")
        .map(|p| split_unescaped(&p.value, ';'))
        .unwrap_or_default();
    let part = |i: usize| n.get(i).cloned().and_then(some);
    let (family, given, middle) = (part(0), part(1), part(2));
    let from_n = [&given, &middle, &family]
        .into_iter()
        .flatten()
        .cloned()
        .collect::<Vec<_>>()
        .join(" ");
    let name = card
        .first("FN")
        .and_then(|p| some(unescape(&p.value)))
        .or_else(|| some(from_n))
        .ok_or("has no name (no FN and no N)")?;
    let location = card
        .first("ADR")
        .map(|p| split_unescaped(&p.value, ';'))
        .and_then(|parts| {
            let kept: Vec<String> = parts.into_iter().skip(2).filter_map(some).collect();
            some(kept.join(", "))
        });
    let mut emails = Vec::new();
    for p in card.all("EMAIL") {
        let raw = unescape(&p.value);
        let raw = raw.trim().trim_start_matches("mailto:");
        if raw.is_empty() {
            continue;
        }
        let value = normalize_email(raw)
            .map_err(|_| format!("EMAIL \"{}\" is not an email address", tidy(raw)))?;
        emails.push(Labeled {
            label: label(&p.types()),
            value,
        });
    }
    let phones = card
        .all("TEL")
        .filter_map(|p| {
            let raw = unescape(&p.value);
            let raw = raw.trim().trim_start_matches("tel:");
            (!raw.is_empty()).then(|| Labeled {
                label: label(&p.types()),
                value: normalize_phone(raw, location.as_deref()),
            })
        })
        .collect();
    let tags = card
        .all("CATEGORIES")
        .flat_map(|p| split_unescaped(&p.value, ','))
        .filter_map(some)
        .collect();
    let notes = card
        .all("NOTE")
        .map(|p| unescape(&p.value).replace("\r\n", "\n").trim().to_string())
        .filter(|n| !n.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    let company = card
        .first("ORG")
        .and_then(|p| split_unescaped(&p.value, ';').into_iter().next())
        .and_then(some);
    let title = card.first("TITLE").and_then(|p| some(unescape(&p.value)));
    Ok(CardContact {
        contact: Contact {
            name,
            given_name: given,
            family_name: family,
            title,
            emails,
            phones,
            location,
            tags,
            notes,
            ..Contact::default()
        },
        company,
    })
}
