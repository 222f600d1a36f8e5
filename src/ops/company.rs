//! Companies and contacts named by people in a field or a flag (`O-7`, or a name): found
//! through the name index, refused with the candidates when a name is ambiguous, and a
//! company created in the same operation when its name is new. The CLI's flags and the
//! TUI's form fields both resolve through here, so they behave alike.

use super::record::add_in;
use crate::error::{Error, Result};
use crate::model::text::tidy;
use crate::model::{Company, Contact, Kind, RecordId};
use crate::store::{Queries, Tx, Windows, sort};

/// How many candidates an ambiguity error lists.
const SHOWN: usize = 8;
/// How many records sharing a name key are read at most (namesakes are few).
const NAMESAKES: usize = 500;

/// The company with this name (case-insensitive), created when there is none.
/// Returns its id and whether it was created; several companies with the name are an
/// error listing them.
pub fn find_or_create_company(tx: &mut Tx, name: &str) -> Result<(u64, bool)> {
    match one(companies_named(tx, name)?, Kind::Company, name, "company")? {
        Some(id) => Ok((id, false)),
        None => {
            let created = add_in(
                tx,
                Company {
                    name: tidy(name),
                    ..Company::default()
                },
            )?;
            Ok((created.id, true))
        }
    }
}

/// A company field or flag: `O-n` (which must exist), or a name (created when new).
/// Returns the id and whether it was created.
pub fn company_for(tx: &mut Tx, input: &str) -> Result<(u64, bool)> {
    match by_id(tx, input, Kind::Company, "company")? {
        Some(id) => Ok((id, false)),
        None => find_or_create_company(tx, input),
    }
}

/// A company named by `O-n` or by its exact name, without creating one: `None` when no
/// company has the name, an error when several have it.
pub fn find_company<Q: Queries>(q: &Q, input: &str) -> Result<Option<u64>> {
    match by_id(q, input, Kind::Company, "company")? {
        Some(id) => Ok(Some(id)),
        None => one(companies_named(q, input)?, Kind::Company, input, "company"),
    }
}

/// A contact named by `C-n` or by its exact name; `field` names the flag or field in
/// errors. No contact is ever created from a name: a name that matches none, or
/// several, is an error saying what to type.
pub fn contact_for<Q: Queries>(q: &Q, input: &str, field: &str) -> Result<u64> {
    if let Some(id) = by_id(q, input, Kind::Contact, field)? {
        return Ok(id);
    }
    one(contacts_named(q, input)?, Kind::Contact, input, field)?.ok_or_else(|| {
        Error::invalid(
            field,
            format!(
                "no contact named '{}'; type its id (C-n) or add it first",
                tidy(input)
            ),
        )
    })
}

/// Companies whose name equals `name`, ignoring case and spacing, lowest id first
/// (reads the name index, then only the records it points at).
pub fn companies_named<Q: Queries>(q: &Q, name: &str) -> Result<Vec<(u64, String)>> {
    named(q, sort::company_tag(0), name, |q, id| {
        Ok(q.get::<Company>(id)?.map(|c| {
            let hint = c.domain.clone().or(c.location.clone());
            (c.name, hint)
        }))
    })
}

/// Contacts whose name equals `name`, ignoring case and spacing, lowest id first.
pub fn contacts_named<Q: Queries>(q: &Q, name: &str) -> Result<Vec<(u64, String)>> {
    named(q, sort::contact_tag(0), name, |q, id| {
        Ok(q.get::<Contact>(id)?.map(|c| {
            let hint = c.email().map(str::to_string);
            (c.name, hint)
        }))
    })
}

/// Exact-name matches through a name index: (id, "Name (hint)"). Every record whose
/// name matches has the same index key, so one range of the index holds them all.
fn named<Q: Queries>(
    q: &Q,
    tag: u8,
    name: &str,
    read: impl Fn(&Q, u64) -> Result<Option<(String, Option<String>)>>,
) -> Result<Vec<(u64, String)>> {
    let want = tidy(name).to_lowercase();
    if want.is_empty() {
        return Ok(Vec::new());
    }
    let key = sort::name_key(&tidy(name));
    let mut out = Vec::new();
    for (k, id) in q.sorted_from(tag, &key, NAMESAKES)? {
        if k != key {
            break;
        }
        // The key is folded and cut; the record decides.
        if let Some((n, hint)) = read(q, id)?
            && tidy(&n).to_lowercase() == want
        {
            let shown = match hint.filter(|h| !h.trim().is_empty()) {
                Some(h) => format!("{n} ({h})"),
                None => n,
            };
            out.push((id, shown));
        }
    }
    out.sort_by_key(|(id, _)| *id);
    Ok(out)
}

/// `O-7` / `C-3`, or "O-7 Acme" as a completion or a form writes it (the id, then that
/// record's name). Anything else after an id is a name ("O-7 Solutions" is a company
/// called that), so `None`.
fn by_id<Q: Queries>(q: &Q, input: &str, kind: Kind, field: &str) -> Result<Option<u64>> {
    let t = input.trim();
    let (first, rest) = t.split_once(char::is_whitespace).unwrap_or((t, ""));
    let Ok(rid) = first.parse::<RecordId>() else {
        return Ok(None);
    };
    let name = match (rid.kind, kind) {
        (Kind::Company, Kind::Company) => q.get::<Company>(rid.id)?.map(|c| c.name),
        (Kind::Contact, Kind::Contact) => q.get::<Contact>(rid.id)?.map(|c| c.name),
        _ if !rest.trim().is_empty() => return Ok(None),
        _ => {
            return Err(Error::invalid(
                field,
                format!(
                    "{rid} is not a {}; type {} or a name",
                    kind.noun(),
                    id_form(kind)
                ),
            ));
        }
    };
    match name {
        Some(_) if rest.trim().is_empty() => Ok(Some(rid.id)),
        Some(n) if tidy(&n).eq_ignore_ascii_case(&tidy(rest)) => Ok(Some(rid.id)),
        _ if !rest.trim().is_empty() => Ok(None),
        _ => Err(Error::invalid(field, format!("{rid} does not exist"))),
    }
}

fn id_form(kind: Kind) -> &'static str {
    match kind {
        Kind::Company => "O-n",
        _ => "C-n",
    }
}

/// The one match, none, or an error listing the candidates with the ids to type.
fn one(found: Vec<(u64, String)>, kind: Kind, input: &str, field: &str) -> Result<Option<u64>> {
    match found.as_slice() {
        [] => Ok(None),
        [(id, _)] => Ok(Some(*id)),
        many => {
            let prefix = RecordId::new(kind, 0).to_string();
            let prefix = prefix.trim_end_matches('0');
            let mut list: Vec<String> = many
                .iter()
                .take(SHOWN)
                .map(|(id, shown)| format!("{prefix}{id} {shown}"))
                .collect();
            if many.len() > SHOWN {
                list.push(format!("{} more", many.len() - SHOWN));
            }
            Err(Error::invalid(
                field,
                format!(
                    "{} are named '{}': {}; type the id of the one you mean",
                    crate::model::words::plural(many.len(), kind.noun()),
                    tidy(input),
                    list.join(", ")
                ),
            ))
        }
    }
}
