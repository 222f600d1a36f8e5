//! The JSON backup document: `{ "format": "rolo-backup", "version": 1, "pipelines":
//! [...], "companies": [...], "contacts": [...], "deals": [...], "tasks": [...],
//! "activities": [...] }`, each record the model struct as serde writes it (instants as
//! milliseconds), so that a restore reproduces every field, id, timestamp and stage
//! history exactly. Written one record per line, streaming, so large databases export
//! without building the document in memory.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::interchange::error::{InterchangeError, Result};
use crate::interchange::kind::{ORDER, plural};
use crate::model::record::Entity;
use crate::model::{Activity, Company, Contact, Deal, Kind, Pipeline, Rule, Task};
use crate::store::Queries;

/// The `format` value of a rolo backup.
pub const FORMAT: &str = "rolo-backup";
/// The newest backup version this build writes and reads.
pub const VERSION: u32 = 1;

/// A whole backup, as read back for a restore.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct BackupDoc {
    /// Always "rolo-backup".
    pub format: String,
    /// The format version.
    pub version: u32,
    /// The database revision the backup was taken at.
    pub revision: u64,
    /// The next id of each kind ("contact" → 101), so deleted ids are not reused.
    pub next_ids: BTreeMap<String, u64>,
    /// Pipelines and their stages.
    pub pipelines: Vec<Pipeline>,
    /// Automation rules.
    pub rules: Vec<Rule>,
    /// Companies.
    pub companies: Vec<Company>,
    /// Contacts.
    pub contacts: Vec<Contact>,
    /// Deals, with their stage history.
    pub deals: Vec<Deal>,
    /// Tasks.
    pub tasks: Vec<Task>,
    /// Activities.
    pub activities: Vec<Activity>,
}

#[derive(Deserialize)]
struct Header {
    #[serde(default)]
    format: String,
    #[serde(default)]
    version: u32,
}

impl BackupDoc {
    /// Reads every kind from a snapshot.
    pub fn from_snapshot<Q: Queries>(q: &Q) -> Result<BackupDoc> {
        Ok(BackupDoc {
            format: FORMAT.into(),
            version: VERSION,
            revision: q.revision()?,
            next_ids: next_ids(q)?,
            pipelines: q.all()?,
            rules: q.all()?,
            companies: q.all()?,
            contacts: q.all()?,
            deals: q.all()?,
            tasks: q.all()?,
            activities: q.all()?,
        })
    }

    /// Parses a backup read from `path`, checking its format and version first.
    pub fn parse(path: &Path, bytes: &[u8]) -> Result<BackupDoc> {
        let not = |detail: String| InterchangeError::NotBackup {
            path: path.to_path_buf(),
            detail,
        };
        let head: Header = serde_json::from_slice(bytes).map_err(|e| not(e.to_string()))?;
        if head.format != FORMAT {
            return Err(not(format!(
                "its \"format\" is \"{}\", not \"{FORMAT}\"",
                head.format
            )));
        }
        if head.version > VERSION {
            return Err(InterchangeError::BackupTooNew {
                path: path.to_path_buf(),
                found: head.version,
                supported: VERSION,
            });
        }
        serde_json::from_slice(bytes).map_err(|e| not(e.to_string()))
    }

    /// How many records it holds.
    pub fn len(&self) -> usize {
        self.pipelines.len()
            + self.rules.len()
            + self.companies.len()
            + self.contacts.len()
            + self.deals.len()
            + self.tasks.len()
            + self.activities.len()
    }

    /// Whether it holds no records.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The id counters of a snapshot.
pub fn next_ids<Q: Queries>(q: &Q) -> Result<BTreeMap<String, u64>> {
    let mut out = BTreeMap::new();
    for kind in ORDER {
        out.insert(
            kind.noun().to_string(),
            q.meta(&format!("next_id.{}", kind.noun()))?,
        );
    }
    Ok(out)
}

/// Streams a backup of `kinds` from a snapshot to `out`, one record per line.
/// `target` names the output in error messages.
pub fn write<Q: Queries>(q: &Q, kinds: &[Kind], out: &mut impl Write, target: &Path) -> Result<()> {
    let io = |source| InterchangeError::Io {
        path: target.to_path_buf(),
        source,
    };
    let json = |e: serde_json::Error| io(std::io::Error::other(e));
    write!(
        out,
        "{{\n\"format\": \"{FORMAT}\",\n\"version\": {VERSION},\n\"revision\": {},\n\"next_ids\": ",
        q.revision()?
    )
    .map_err(io)?;
    serde_json::to_writer(&mut *out, &next_ids(q)?).map_err(json)?;
    for kind in ORDER.iter().filter(|k| kinds.contains(k)) {
        write!(out, ",\n\"{}\": [", plural(*kind)).map_err(io)?;
        match kind {
            Kind::Pipeline => records::<Pipeline, Q>(q, out, target)?,
            Kind::Rule => records::<Rule, Q>(q, out, target)?,
            Kind::Company => records::<Company, Q>(q, out, target)?,
            Kind::Contact => records::<Contact, Q>(q, out, target)?,
            Kind::Deal => records::<Deal, Q>(q, out, target)?,
            Kind::Task => records::<Task, Q>(q, out, target)?,
            Kind::Activity => records::<Activity, Q>(q, out, target)?,
        }
        write!(out, "\n]").map_err(io)?;
    }
    writeln!(out, "\n}}").map_err(io)?;
    Ok(())
}

fn records<T: Entity, Q: Queries>(q: &Q, out: &mut impl Write, target: &Path) -> Result<()> {
    let io = |source| InterchangeError::Io {
        path: target.to_path_buf(),
        source,
    };
    for (i, rec) in q.all::<T>()?.iter().enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })
            .map_err(io)?;
        serde_json::to_writer(&mut *out, rec).map_err(|e| io(std::io::Error::other(e)))?;
    }
    Ok(())
}
