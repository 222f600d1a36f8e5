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
use crate::model::{
    Activity, Calendar, Company, Contact, Deal, Kind, Pipeline, Rule, SlaPolicy, Task, Ticket,
};
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
    /// Business-hours calendars.
    pub calendars: Vec<Calendar>,
    /// Service-level policies.
    pub sla_policies: Vec<SlaPolicy>,
    /// Service tickets.
    pub tickets: Vec<Ticket>,
}

#[derive(Deserialize)]
struct Header {
    #[serde(default)]
    format: String,
    #[serde(default)]
    version: u32,
}

impl BackupDoc {
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
            + self.calendars.len()
            + self.sla_policies.len()
            + self.tickets.len()
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
            q.meta(crate::store::tables::next_id_key(kind))?,
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
            Kind::Ticket => records::<Ticket, Q>(q, out, target)?,
            Kind::Sla => records::<SlaPolicy, Q>(q, out, target)?,
            Kind::Calendar => records::<Calendar, Q>(q, out, target)?,
        }
        write!(out, "\n]").map_err(io)?;
    }
    writeln!(out, "\n}}").map_err(io)?;
    Ok(())
}

fn records<T: Entity, Q: Queries>(q: &Q, out: &mut impl Write, target: &Path) -> Result<()> {
    if q.count(T::KIND)? >= PARALLEL_FROM as u64 {
        return records_parallel::<T, Q>(q, out, target);
    }
    let mut first = true;
    stream::<T, Q>(q, target, &mut |rec| {
        out.write_all(if first { b"\n" } else { b",\n" })?;
        first = false;
        serde_json::to_writer(&mut *out, &rec).map_err(std::io::Error::other)
    })
}

/// From how many records a kind is written by helper threads.
const PARALLEL_FROM: usize = 8192;
/// Records per chunk handed to a helper.
const CHUNK: usize = 2048;

/// A chunk of encoded records: the bytes and each record's span in them.
type RawChunk = (Vec<u8>, Vec<(usize, usize)>);

/// [`records`] for a large table: this thread reads the stored bytes in chunks and
/// writes the output in order, helpers decode and turn chunks into JSON meanwhile.
/// A few chunks are in flight at a time, so memory stays small whatever the size.
fn records_parallel<T: Entity, Q: Queries>(
    q: &Q,
    out: &mut impl Write,
    target: &Path,
) -> Result<()> {
    use crate::store::Snapshot;
    use redb::ReadableTable;
    use std::sync::mpsc;

    let io = |source| InterchangeError::Io {
        path: target.to_path_buf(),
        source,
    };
    let Some(table) = q.snap().table(crate::store::tables::records(T::KIND))? else {
        return Ok(());
    };
    let helpers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 4);
    std::thread::scope(|s| -> Result<()> {
        let mut jobs = Vec::with_capacity(helpers);
        let mut results = Vec::with_capacity(helpers);
        for _ in 0..helpers {
            let (job, work) = mpsc::channel::<(bool, RawChunk)>();
            let (done, result) = mpsc::channel::<crate::Result<Vec<u8>>>();
            s.spawn(move || {
                for (first, (bytes, spans)) in work {
                    if done.send(chunk_json::<T>(first, &bytes, &spans)).is_err() {
                        break;
                    }
                }
            });
            jobs.push(job);
            results.push(result);
        }
        let lost = || crate::Error::Storage("an export thread stopped".into());
        let mut sent = 0usize;
        let mut written = 0usize;
        let mut write_next = |written: &mut usize| -> Result<()> {
            let json = results[*written % helpers].recv().map_err(|_| lost())??;
            out.write_all(&json).map_err(io)?;
            *written += 1;
            Ok(())
        };
        let mut chunk: RawChunk = (Vec::new(), Vec::with_capacity(CHUNK));
        let mut rows = table.iter().map_err(crate::Error::from)?;
        loop {
            let row = rows.next().transpose().map_err(crate::Error::from)?;
            if let Some((_, v)) = &row {
                let bytes = v.value();
                chunk.1.push((chunk.0.len(), bytes.len()));
                chunk.0.extend_from_slice(bytes);
            }
            if chunk.1.len() == CHUNK || (row.is_none() && !chunk.1.is_empty()) {
                let full = std::mem::replace(&mut chunk, (Vec::new(), Vec::with_capacity(CHUNK)));
                jobs[sent % helpers]
                    .send((sent == 0, full))
                    .map_err(|_| lost())?;
                sent += 1;
                if sent - written >= 2 * helpers {
                    write_next(&mut written)?;
                }
            }
            if row.is_none() {
                break;
            }
        }
        drop(jobs);
        while written < sent {
            write_next(&mut written)?;
        }
        Ok(())
    })
}

/// One chunk of records as the JSON lines of the backup document.
fn chunk_json<T: Entity>(
    first: bool,
    bytes: &[u8],
    spans: &[(usize, usize)],
) -> crate::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len() * 2);
    for (i, &(at, len)) in spans.iter().enumerate() {
        let rec: T = crate::store::tables::decode(bytes.get(at..at + len).unwrap_or_default())?;
        out.extend_from_slice(if first && i == 0 { b"\n" } else { b",\n" });
        serde_json::to_writer(&mut out, &rec).map_err(|e| crate::Error::Storage(e.to_string()))?;
    }
    Ok(out)
}

/// Calls `f` with every record of `T` in id order, one decoded at a time (constant
/// memory however large the table); an output error stops the walk and is returned
/// naming `target`.
pub fn stream<T: Entity, Q: Queries>(
    q: &Q,
    target: &Path,
    f: &mut dyn FnMut(T) -> std::io::Result<()>,
) -> Result<()> {
    let mut failed = None;
    let walked = q.each::<T>(&mut |rec| {
        f(rec).map_err(|e| {
            failed = Some(e);
            crate::Error::Conflict("output failed".into())
        })
    });
    match failed {
        Some(source) => Err(InterchangeError::Io {
            path: target.to_path_buf(),
            source,
        }),
        None => Ok(walked?),
    }
}
