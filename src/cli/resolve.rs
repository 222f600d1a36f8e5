//! Turning what people type into ids, dates and amounts, with errors that name the
//! argument and the value.

use chrono::NaiveDate;

use super::Ctx;
use crate::error::Error;
use crate::model::dates::{Due, parse_date, parse_due};
use crate::model::money::parse_amount;
use crate::model::{Currency, Kind, RecordId};
use crate::store::Queries;

/// An id of a given kind (`D-17`).
pub fn id(input: &str, kind: Kind) -> crate::Result<u64> {
    Ok(RecordId::parse_as(input, kind)?)
}

/// Any record id (`C-4`, `O-2`, `D-9`).
pub fn any_id(input: &str) -> crate::Result<RecordId> {
    Ok(input.parse::<RecordId>()?)
}

/// A company by `O-n` or by exact (case-insensitive) name; `None` when a name matches
/// no company, an error listing them when several do.
pub fn company<Q: Queries>(q: &Q, input: &str) -> crate::Result<Option<u64>> {
    crate::ops::find_company(q, input)
}

/// A company that must exist, by `O-n` or name (for flags that link to a company
/// without creating one: a task's or an activity's).
pub fn existing_company<Q: Queries>(q: &Q, input: &str) -> crate::Result<u64> {
    company(q, input)?.ok_or_else(|| {
        Error::invalid(
            "company",
            format!(
                "no company named '{}'; type its id (O-n) or add it with `rolo company add`",
                input.trim()
            ),
        )
    })
}

/// A contact by `C-n`, by email address or by exact (case-insensitive) name, for the
/// flag `field`.
pub fn contact<Q: Queries>(q: &Q, input: &str, field: &str) -> crate::Result<u64> {
    if input.contains('@')
        && let Some(id) = q.contact_by_email(input)?
    {
        return Ok(id);
    }
    crate::ops::contact_for(q, input, field)
}

/// A date phrase ("fri", "+3d", "2026-12-01") relative to today.
pub fn date(ctx: &Ctx, field: &str, input: &str) -> crate::Result<NaiveDate> {
    parse_date(input, ctx.today()).map_err(|e| Error::invalid(field, e.to_string()))
}

/// A due date with optional time ("tomorrow 3pm").
pub fn due(ctx: &Ctx, input: &str) -> crate::Result<Due> {
    parse_due(input, ctx.today()).map_err(|e| Error::invalid("due", e.to_string()))
}

/// An amount in a currency, as minor units.
pub fn amount(field: &str, input: &str, currency: Currency) -> crate::Result<i64> {
    parse_amount(input, currency).map_err(|e| Error::invalid(field, e.to_string()))
}

/// A currency code.
pub fn currency(input: &str) -> crate::Result<Currency> {
    Currency::parse(input).map_err(|e| Error::invalid("currency", e.to_string()))
}

/// `key=value` for custom fields.
pub fn key_value(input: &str) -> crate::Result<(String, String)> {
    let (k, v) = input
        .split_once('=')
        .ok_or_else(|| Error::invalid("set", format!("'{input}' is not key=value")))?;
    let k = k.trim();
    if k.is_empty() {
        return Err(Error::invalid("set", format!("'{input}' has an empty key")));
    }
    Ok((k.to_string(), v.trim().to_string()))
}

/// Sets an optional text field from a flag: absent leaves it, "" clears it.
pub fn set_text(slot: &mut Option<String>, flag: &Option<String>) {
    if let Some(v) = flag {
        *slot = Some(v.trim().to_string()).filter(|s| !s.is_empty());
    }
}

/// Applies `--tag` and `--untag`: on add the tags are the given ones, on edit they are
/// added; untags are removed case-insensitively.
pub fn apply_tags(tags: &mut Vec<String>, add: &[String], remove: &[String], editing: bool) {
    if editing {
        tags.extend(add.iter().cloned());
    } else {
        *tags = add.to_vec();
    }
    let remove: Vec<String> = remove.iter().map(|t| t.trim().to_lowercase()).collect();
    tags.retain(|t| !remove.contains(&t.to_lowercase()));
}
