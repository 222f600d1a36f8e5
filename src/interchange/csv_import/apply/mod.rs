//! Writing drafts through the ops layer inside the import's one write transaction:
//! each row is created, or matched to a record that already exists, and its references
//! (company, contacts, deal, pipeline and stage) are resolved. Look-ups are cached for
//! the whole import, so a large file stays linear.

mod deal_update;
mod people;
mod pipelines;
mod resolve;
mod sales;
mod work;

use super::convert::{Draft, DraftRow, SourceIds};
use super::field::{self, Field};
use super::mapping::Mapping;
use super::pipelines::{DealRefs, Planner, Product, Route};
use super::report::{ImportReport, Outcome};
use super::table::RowCells;
use crate::error::Error;
use crate::interchange::error::RowError;
use crate::interchange::kind::ImportKind;
use crate::store::Tx;

pub use resolve::Resolver;

/// What became of one row.
pub enum Applied {
    /// A new record.
    Created(Outcome),
    /// An existing record (possibly completed with the row's values).
    Matched(Outcome),
}

/// Why a row was not applied: a problem with the row, or the store failing (which
/// aborts the whole import).
pub enum RowFail {
    /// The row is invalid; it is reported with its line.
    Row(RowError),
    /// The database failed.
    Store(Error),
}

impl RowFail {
    /// Sorts an ops error: validation problems belong to the row, the rest abort.
    pub fn from_ops(line: u64, ctx: &Context<'_>, row: &RowCells, e: Error) -> RowFail {
        match e {
            Error::Invalid { field, message } => {
                let column = field::parse(ctx.kind, &field)
                    .and_then(|f| ctx.mapping.column_of(&f).or_else(|| loose_column(ctx, &f)));
                RowFail::Row(match column {
                    Some(i) => RowError::cell(
                        line,
                        ctx.headers.get(i).map(String::as_str).unwrap_or("?"),
                        row.get(i).unwrap_or(""),
                        format!("{field}: {message}"),
                    ),
                    None => RowError::row(line, format!("{field}: {message}")),
                })
            }
            Error::Conflict(m) => RowFail::Row(RowError::row(line, m)),
            Error::NotFound(rid) => {
                RowFail::Row(RowError::row(line, format!("{rid} does not exist")))
            }
            Error::Id(e) => RowFail::Row(RowError::row(line, e.to_string())),
            other => RowFail::Store(other),
        }
    }
}

/// Email and phone fields carry labels, so match them by kind of field.
fn loose_column(ctx: &Context<'_>, f: &Field) -> Option<usize> {
    ctx.mapping.columns.iter().position(|c| {
        matches!(
            (c, f),
            (Some(Field::Email(_)), Field::Email(_)) | (Some(Field::Phone(_)), Field::Phone(_))
        )
    })
}

/// The `finish` step of [`crate::ops::Creator::add`] that gives a just-created record
/// the creation date of the system it came from. The ops layer stamps `created` with
/// the time of the import; the original date matters more (sales-cycle reports), and
/// amending the record in the same transaction keeps the import one change.
pub fn created_at<T: HasCreated>(
    created: Option<crate::model::Instant>,
) -> impl FnOnce(&mut T) -> bool {
    move |rec| match created {
        Some(at) => {
            rec.set_created(at);
            true
        }
        None => false,
    }
}

/// Records that carry a creation instant.
pub trait HasCreated {
    /// Sets it.
    fn set_created(&mut self, at: crate::model::Instant);
}

macro_rules! has_created {
    ($($t:ty),*) => {$(
        impl HasCreated for $t {
            fn set_created(&mut self, at: crate::model::Instant) {
                self.created = at;
            }
        }
    )*};
}

has_created!(
    crate::model::Contact,
    crate::model::Company,
    crate::model::Deal,
    crate::model::Task
);

/// A row's ids in its source product, with the product (none: ids are not kept).
#[derive(Clone, Copy)]
pub struct Source<'a> {
    /// The product the file comes from.
    pub product: Option<Product>,
    /// The row's ids.
    pub ids: &'a SourceIds,
}

impl Source<'_> {
    /// The product and the record's own id, when both are known.
    pub fn own(&self) -> Option<(Product, String)> {
        Some((self.product?, self.ids.own.as_ref()?.1.clone()))
    }
}

/// Adds the source ids `from` has and `to` lacks (an id rolo holds is never replaced);
/// returns whether any was added.
pub fn add_source_ids(
    to: &mut std::collections::BTreeMap<String, String>,
    from: &std::collections::BTreeMap<String, String>,
) -> bool {
    let mut added = false;
    for (k, v) in from {
        if !to.contains_key(k) {
            to.insert(k.clone(), v.clone());
            added = true;
        }
    }
    added
}

/// What the apply step needs to know about the file.
pub struct Context<'a> {
    /// The kind imported.
    pub kind: ImportKind,
    /// The file's mapping.
    pub mapping: &'a Mapping,
    /// The file's header.
    pub headers: &'a [String],
    /// Write each record as it is created (see [`super::CsvOptions::per_record`]).
    pub per_record: bool,
    /// `--pipeline`: the pipeline every deal goes to.
    pub pipeline: Option<&'a str>,
    /// `--map-stage`: source stage → stage.
    pub stage_map: &'a [(String, String)],
    /// `--map-owner`: name in the file → user (the users count as known).
    pub owner_map: &'a [(String, String)],
}

impl Context<'_> {
    /// The planner of this file's pipelines and stages, over the pipelines that exist.
    pub fn planner<'p>(&'p self, existing: &'p [crate::model::Pipeline]) -> Planner<'p> {
        Planner {
            existing,
            product: Product::from_source(self.mapping.source),
            pipeline: self.pipeline,
            stage_map: self.stage_map,
        }
    }
}

/// The pipeline cells of the deal drafts, in order (other drafts give empty ones).
pub fn deal_refs(drafts: &[(DraftRow, RowCells)]) -> Vec<DealRefs> {
    drafts
        .iter()
        .map(|(d, _)| match &d.draft {
            Draft::Deal { refs, .. } => refs.clone(),
            _ => DealRefs::default(),
        })
        .collect()
}

/// Plans a deals import's pipelines and carries the plan out: the routes of the rows,
/// by draft index; a row that contradicts itself is reported and has none.
fn plan_pipelines(
    tx: &mut Tx,
    ctx: &Context<'_>,
    r: &mut Resolver,
    drafts: &[(DraftRow, RowCells)],
    report: &mut ImportReport,
) -> crate::Result<Vec<Option<Route>>> {
    let mut plan = match ctx.planner(&r.pipelines).plan(&deal_refs(drafts)) {
        Ok(p) => p,
        // Checked before the transaction opened; a pipeline changed since.
        Err(bad) => {
            return Err(Error::invalid(
                "--map-stage",
                format!("\"{}\": {}", bad.spec, bad.reason),
            ));
        }
    };
    pipelines::carry_out(tx, &mut plan.changes)?;
    if !plan.changes.is_empty() {
        r.pipelines = crate::store::Queries::pipelines(tx)?;
    }
    report.pipelines = plan.changes;
    Ok(plan
        .routes
        .into_iter()
        .zip(drafts)
        .map(|(route, (d, _))| match route {
            Ok(route) => Some(route),
            Err(reason) => {
                report.skipped.push(RowError::row(d.line, reason));
                None
            }
        })
        .collect())
}

/// Applies every draft; invalid rows go to `report.skipped`. `progress` is told how
/// many rows are done. Only a store failure returns an error.
pub fn apply_all(
    tx: &mut Tx,
    ctx: &Context<'_>,
    drafts: Vec<(DraftRow, RowCells)>,
    report: &mut ImportReport,
    progress: &mut dyn FnMut(u64),
) -> crate::Result<()> {
    let mut r = Resolver::load(tx)?;
    apply_with(tx, ctx, &mut r, drafts, report, progress)
}

/// [`apply_all`] with the look-ups of an import of several files into one
/// transaction, so a file finds the records the files before it created (staged ones
/// included) by name and by source id.
pub fn apply_with(
    tx: &mut Tx,
    ctx: &Context<'_>,
    r: &mut Resolver,
    drafts: Vec<(DraftRow, RowCells)>,
    report: &mut ImportReport,
    progress: &mut dyn FnMut(u64),
) -> crate::Result<()> {
    r.creator.set_staging(!ctx.per_record);
    let users: std::collections::HashSet<String> =
        crate::store::Queries::users(tx)?.into_iter().collect();
    let actor = tx.actor().name.clone();
    report.owners_kept = super::owners::kept(drafts.iter().map(|(d, _)| d), |o| {
        o == actor || users.contains(o) || ctx.owner_map.iter().any(|(_, u)| u == o)
    });
    let routes = if ctx.kind == ImportKind::Deals {
        plan_pipelines(tx, ctx, r, &drafts, report)?
    } else {
        Vec::new()
    };
    let mut touches = crate::ops::Touches::default();
    let product = Product::from_source(ctx.mapping.source);
    for (n, (d, cells)) in drafts.into_iter().enumerate() {
        let line = d.line;
        let created = d.created;
        let src = Source {
            product,
            ids: &d.ids,
        };
        let res = match d.draft {
            Draft::Contact {
                contact,
                company,
                domain,
            } => people::contact(tx, r, report, line, contact, company, domain, created, src),
            Draft::Company { company } => people::company(tx, r, line, company, created, src),
            Draft::Deal { .. } => match routes.get(n) {
                Some(Some(route)) => sales::deal(tx, r, report, line, d.draft, created, route, src),
                // The row contradicts itself; it is reported already.
                _ => continue,
            },
            Draft::Activity { .. } => {
                work::activity(tx, r, &mut touches, ctx.per_record, line, d.draft, src)
            }
            Draft::Task { .. } => work::task(tx, r, line, d.draft, created, src),
        };
        match res {
            Ok(Applied::Created(o)) => report.created.push(o),
            Ok(Applied::Matched(o)) => report.matched.push(o),
            Err(e) => match RowFail::from_ops(line, ctx, &cells, e) {
                RowFail::Row(r) => report.skipped.push(r),
                RowFail::Store(e) => return Err(e),
            },
        }
        if n % 256 == 255 {
            progress(n as u64 + 1);
        }
    }
    touches.write(tx)
}
