//! Export: every record of a kind, or of every kind, as CSV (one file per kind, cells
//! neutralised against spreadsheet formulas) or as the JSON backup document. Each
//! export reads one snapshot, so it shows one consistent revision while others write.

pub mod columns;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cli::output::csv_safe;
use crate::interchange::backup::document;
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
    let io = |e: csv::Error| InterchangeError::Io {
        path: target.to_path_buf(),
        source: std::io::Error::other(e),
    };
    let mut w = csv::Writer::from_writer(out);
    let mut n = 0;
    let mut row = |w: &mut csv::Writer<&mut _>, cells: Vec<String>| {
        n += 1;
        w.write_record(cells.iter().map(|c| csv_safe(c).into_owned()))
    };
    match kind {
        Kind::Contact => {
            let contacts: Vec<Contact> = q.all()?;
            let keys: Vec<String> = contacts
                .iter()
                .flat_map(|c| c.custom.keys().cloned())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            let mut header: Vec<String> = columns::CONTACT.iter().map(|s| s.to_string()).collect();
            header.extend(keys.iter().map(|k| format!("custom.{k}")));
            w.write_record(&header).map_err(io)?;
            let l = lookups(q, false)?;
            for c in &contacts {
                row(&mut w, columns::contact(c, &l, &keys)).map_err(io)?;
            }
        }
        Kind::Company => {
            w.write_record(columns::COMPANY).map_err(io)?;
            for c in q.all::<Company>()? {
                row(&mut w, columns::company(&c)).map_err(io)?;
            }
        }
        Kind::Deal => {
            w.write_record(columns::DEAL).map_err(io)?;
            let l = lookups(q, true)?;
            for d in q.all::<Deal>()? {
                row(&mut w, columns::deal(&d, &l)).map_err(io)?;
            }
        }
        Kind::Activity => {
            w.write_record(columns::ACTIVITY).map_err(io)?;
            let l = lookups(q, true)?;
            for a in q.all::<Activity>()? {
                row(&mut w, columns::activity(&a, &l)).map_err(io)?;
            }
        }
        Kind::Task => {
            w.write_record(columns::TASK).map_err(io)?;
            for t in q.all::<Task>()? {
                row(&mut w, columns::task(&t)).map_err(io)?;
            }
        }
        Kind::Rule => {
            w.write_record(["id", "name"]).map_err(io)?;
            for r in q.all::<Rule>()? {
                row(&mut w, vec![format!("R-{}", r.id), r.name.clone()]).map_err(io)?;
            }
        }
        Kind::Pipeline => {
            w.write_record(columns::PIPELINE).map_err(io)?;
            for p in q.pipelines()? {
                for r in columns::pipeline(&p) {
                    row(&mut w, r).map_err(io)?;
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
    let contacts = if with_contacts {
        q.all::<Contact>()?
            .into_iter()
            .map(|c| {
                let e = c
                    .email()
                    .map(str::to_string)
                    .unwrap_or_else(|| format!("C-{}", c.id));
                (c.id, e)
            })
            .collect()
    } else {
        Default::default()
    };
    Ok(columns::Lookups {
        companies: q
            .all::<Company>()?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect(),
        contacts,
        pipelines: q.pipelines()?.into_iter().map(|p| (p.id, p)).collect(),
    })
}
