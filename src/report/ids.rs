//! Record ids in report JSON: lists of ids are written as `C-42`/`D-17` strings, the
//! form the CLI prints and accepts everywhere else.

use serde::Serializer;

use crate::model::{Kind, RecordId};

fn write<S: Serializer>(kind: Kind, ids: &[u64], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(ids.iter().map(|i| RecordId::new(kind, *i).to_string()))
}

/// Serializes contact ids as `C-n` strings.
pub fn contacts<S: Serializer>(ids: &[u64], s: S) -> Result<S::Ok, S::Error> {
    write(Kind::Contact, ids, s)
}

/// Serializes deal ids as `D-n` strings.
pub fn deals<S: Serializer>(ids: &[u64], s: S) -> Result<S::Ok, S::Error> {
    write(Kind::Deal, ids, s)
}
