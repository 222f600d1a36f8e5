//! Fast reads for reports on large databases: records decoded with only the fields
//! reports use (titles, notes, tags and other text are left empty): every deal or
//! chosen ones from the deals' report rows ([`crate::store::deal_facts`]), and the
//! activities of a stretch of time through the activity time index (the pieces of a
//! day the per-day counts cannot split), straight from the store's tables. Contacts, tasks and activities are never read whole: see
//! [`super::gather`].

use redb::{ReadableTable, ReadableTableMetadata, TableDefinition};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::error::Result;
use crate::model::*;
use crate::store::{Queries, Snapshot};

use crate::store::deal_facts::IDX_DEAL_FACTS as DEAL_FACTS;
use crate::store::tables::IDX_ACTIVITY_TIME as ACTIVITY_TIME;

const ACTIVITIES: TableDefinition<u64, &[u8]> = crate::store::tables::records(Kind::Activity);

/// A record type with a partial decoding for reports.
pub trait Partial: Sized {
    /// The fields reports read, as stored.
    type Fields: DeserializeOwned;
    /// The record with those fields set and the rest at their defaults.
    fn from_fields(f: Self::Fields) -> Self;
}

/// Decodes a stored record body with only the fields reports read.
pub fn decode<T: Partial>(bytes: &[u8]) -> Result<T> {
    Ok(T::from_fields(rmp_serde::from_slice(bytes)?))
}

macro_rules! partial {
    ($ty:ident, $fields:ident { $($f:ident : $t:ty $(= $with:literal)?),* $(,)? } => |$x:ident| $build:expr) => {
        #[derive(Deserialize, Default)]
        #[serde(default)]
        #[doc(hidden)]
        pub struct $fields {
            $( $(#[serde(with = $with)])? $f: $t, )*
        }
        impl Partial for $ty {
            type Fields = $fields;
            fn from_fields($x: $fields) -> $ty {
                $build
            }
        }
    };
}

partial!(Activity, ActivityFields {
    id: u64, kind: ActivityKind, at: Instant = "ms::required", contacts: Vec<u64>,
    deal: Option<u64>, author: String,
} => |f| Activity {
    id: f.id, kind: f.kind, at: f.at, contacts: f.contacts, deal: f.deal, author: f.author,
    ..Activity::default()
});

/// Every deal, with the fields reports read, from the deals' report rows.
pub fn deals<Q: Queries>(q: &Q) -> Result<Vec<Deal>> {
    let Some(t) = q.snap().table(DEAL_FACTS)? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::with_capacity(usize::try_from(t.len()?).unwrap_or(0));
    for row in t.iter()? {
        let (id, bytes) = row?;
        out.push(fact(id.value(), bytes.value())?);
    }
    Ok(out)
}

/// The deals with these ids (sorted), with the fields reports read, in id order; ids
/// without a deal are skipped.
pub fn deals_by_id<Q: Queries>(q: &Q, ids: &[u64]) -> Result<Vec<Deal>> {
    let Some(t) = q.snap().table(DEAL_FACTS)? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(bytes) = t.get(*id)? {
            out.push(fact(*id, bytes.value())?);
        }
    }
    Ok(out)
}

// A deal's report row, or an error that says how to mend it.
fn fact(id: u64, bytes: &[u8]) -> Result<Deal> {
    crate::store::deal_facts::decode(id, bytes).ok_or_else(|| {
        crate::Error::Storage(format!(
            "the report row of {} cannot be read; run `rolo doctor --repair`",
            RecordId::new(Kind::Deal, id)
        ))
    })
}

/// Activities that happened from `from` (inclusive) to `to` (exclusive), either end
/// open, oldest first, partially decoded.
pub fn activities_between<Q: Queries>(
    q: &Q,
    from: Option<Instant>,
    to: Option<Instant>,
) -> Result<Vec<Activity>> {
    let (Some(index), Some(records)) =
        (q.snap().table(ACTIVITY_TIME)?, q.snap().table(ACTIVITIES)?)
    else {
        return Ok(Vec::new());
    };
    let lo = from.map(|t| t.timestamp_millis()).unwrap_or(i64::MIN);
    let hi = to.map(|t| t.timestamp_millis()).unwrap_or(i64::MAX);
    let mut out = Vec::new();
    if lo >= hi {
        return Ok(out);
    }
    let mut ids: Vec<(u64, i64)> = Vec::new();
    for row in index.range((lo, 0)..(hi, 0))? {
        let (ms, id) = row?.0.value();
        ids.push((id, ms));
    }
    // Fetched in id order, the records are read page after page instead of at random.
    ids.sort_unstable();
    out.reserve(ids.len());
    for (id, _) in ids {
        if let Some(bytes) = records.get(id)? {
            out.push(decode::<Activity>(bytes.value())?);
        }
    }
    out.sort_by_key(|a| (a.at, a.id));
    Ok(out)
}
