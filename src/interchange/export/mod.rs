//! Export: every record of a kind, or of every kind, as CSV (one file per kind, cells
//! neutralised against spreadsheet formulas) or as the JSON backup document. Each
//! export reads one snapshot, so it shows one consistent revision while others write.

pub mod columns;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cli::output::csv_safe;
use crate::interchange::backup::document::{self, stream};
use crate::interchange::error::{InterchangeError, Result};
use crate::interchange::kind::{ExportKind, plural};
use crate::model::*;
use crate::store::Queries;

/// Writes the JSON backup document of `kind` (or everything) to `out`.
pub fn json<Q: Queries>(
    q: &Q,
    kind: ExportKind,
    out: &mut impl Write,
    target: &Path,
) -> Result<()> {
    document::write(q, &kind.kinds(), out, target)?;
    out.flush().map_err(|source| InterchangeError::Io {
        path: target.to_path_buf(),
        source,
    })
}

/// Writes every record of `kind` as CSV to `out`; returns the number of rows.
pub fn csv<Q: Queries>(q: &Q, kind: Kind, out: &mut impl Write, target: &Path) -> Result<usize> {
    csv_of(q, kind, out, target, &|_| true)
}

/// [`csv`] of the contacts `keep` accepts (other kinds: every record); a mailing export
/// keeps only those who opted in.
pub fn csv_of<Q: Queries>(
    q: &Q,
    kind: Kind,
    out: &mut impl Write,
    target: &Path,
    keep: &dyn Fn(&Contact) -> bool,
) -> Result<usize> {
    let io = |e: csv::Error| InterchangeError::Io {
        path: target.to_path_buf(),
        source: std::io::Error::other(e),
    };
    let mut w = csv::Writer::from_writer(out);
    let mut n = 0;
    let io_err = |source| InterchangeError::Io {
        path: target.to_path_buf(),
        source,
    };
    // Each table is streamed: a record is decoded, written and dropped.
    let each = |w: &mut csv::Writer<&mut _>, n: &mut usize, cells: Vec<String>| {
        *n += 1;
        w.write_record(cells.iter().map(|c| csv_safe(c).into_owned()))
            .map_err(|e| match e.into_kind() {
                csv::ErrorKind::Io(e) => e,
                other => std::io::Error::other(format!("{other:?}")),
            })
    };
    match kind {
        Kind::Contact => {
            // The header names every custom field, so a first pass collects them.
            let mut keys = BTreeSet::new();
            q.each::<Contact>(&mut |c| {
                keys.extend(c.custom.into_keys());
                Ok(())
            })?;
            let keys: Vec<String> = keys.into_iter().collect();
            let mut header: Vec<String> = columns::CONTACT.iter().map(|s| s.to_string()).collect();
            header.extend(keys.iter().map(|k| format!("custom.{k}")));
            w.write_record(&header).map_err(io)?;
            let l = lookups(q, false)?;
            stream::<Contact, Q>(q, target, &mut |c| {
                if !keep(&c) {
                    return Ok(());
                }
                each(&mut w, &mut n, columns::contact(&c, &l, &keys))
            })?;
        }
        Kind::Company => {
            w.write_record(columns::COMPANY).map_err(io)?;
            stream::<Company, Q>(q, target, &mut |c| {
                each(&mut w, &mut n, columns::company(&c))
            })?;
        }
        Kind::Deal => {
            w.write_record(columns::DEAL).map_err(io)?;
            let l = lookups(q, true)?;
            stream::<Deal, Q>(q, target, &mut |d| {
                each(&mut w, &mut n, columns::deal(&d, &l))
            })?;
        }
        Kind::Activity => {
            w.write_record(columns::ACTIVITY).map_err(io)?;
            let l = lookups(q, true)?;
            stream::<Activity, Q>(q, target, &mut |a| {
                each(&mut w, &mut n, columns::activity(&a, &l))
            })?;
        }
        Kind::Task => {
            w.write_record(columns::TASK).map_err(io)?;
            stream::<Task, Q>(q, target, &mut |t| each(&mut w, &mut n, columns::task(&t)))?;
        }
        Kind::Ticket => {
            w.write_record(columns::TICKET).map_err(io)?;
            stream::<crate::model::Ticket, Q>(q, target, &mut |t| {
                each(&mut w, &mut n, columns::ticket(&t))
            })?;
        }
        Kind::Sla => {
            w.write_record(["id", "name"]).map_err(io)?;
            for r in q.all::<crate::model::SlaPolicy>()? {
                each(&mut w, &mut n, vec![format!("L-{}", r.id), r.name.clone()])
                    .map_err(io_err)?;
            }
        }
        Kind::Calendar => {
            w.write_record(["id", "name", "time_zone"]).map_err(io)?;
            for r in q.all::<crate::model::Calendar>()? {
                each(
                    &mut w,
                    &mut n,
                    vec![format!("H-{}", r.id), r.name.clone(), r.time_zone.clone()],
                )
                .map_err(io_err)?;
            }
        }
        Kind::Rule => {
            w.write_record(["id", "name"]).map_err(io)?;
            for r in q.all::<Rule>()? {
                each(&mut w, &mut n, vec![format!("R-{}", r.id), r.name.clone()])
                    .map_err(io_err)?;
            }
        }
        Kind::Pipeline => {
            w.write_record(columns::PIPELINE).map_err(io)?;
            for p in q.pipelines()? {
                for r in columns::pipeline(&p) {
                    each(&mut w, &mut n, r).map_err(io_err)?;
                }
            }
        }
    }
    w.flush().map_err(|source| InterchangeError::Io {
        path: target.to_path_buf(),
        source,
    })?;
    Ok(n)
}

/// Writes one CSV file per kind into `dir` (created if missing); returns each file and
/// its row count.
pub fn csv_all<Q: Queries>(q: &Q, dir: &Path) -> Result<Vec<(PathBuf, usize)>> {
    std::fs::create_dir_all(dir).map_err(|source| InterchangeError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut out = Vec::new();
    for kind in ExportKind::All.kinds() {
        let path = dir.join(format!("{}.csv", plural(kind)));
        let file = std::fs::File::create(&path).map_err(|source| InterchangeError::Io {
            path: path.clone(),
            source,
        })?;
        let mut w = std::io::BufWriter::new(file);
        let n = csv(q, kind, &mut w, &path)?;
        out.push((path, n));
    }
    Ok(out)
}

fn lookups<Q: Queries>(q: &Q, with_contacts: bool) -> Result<columns::Lookups> {
    let mut contacts = std::collections::HashMap::new();
    if with_contacts {
        q.each::<Contact>(&mut |c| {
            let e = c
                .email()
                .map(str::to_string)
                .unwrap_or_else(|| format!("C-{}", c.id));
            contacts.insert(c.id, e);
            Ok(())
        })?;
    }
    let mut companies = std::collections::HashMap::new();
    q.each::<Company>(&mut |c| {
        companies.insert(c.id, c.name);
        Ok(())
    })?;
    Ok(columns::Lookups {
        companies,
        contacts,
        pipelines: q.pipelines()?.into_iter().map(|p| (p.id, p)).collect(),
    })
}
