//! `rolo report NAME [--since D] [--until D] [--owner U] [--pipeline P] [--by PERIOD]
//! [--limit N]`:
//! turns the arguments into a [`Scope`], runs the report from `crate::report` and prints
//! it as aligned tables, one JSON document (`--json`) or CSV (`--csv`, one table; pick
//! another with `--section`). All figures come from the report module; nothing is
//! computed here.

use std::io::Write;

use clap::Args;
use serde_json::Value;

use super::output::{Format, write_csv, write_table};
use super::{Ctx, resolve};
use crate::error::Error;
use crate::model::Kind;
use crate::report::{self, Period, Report, ReportName, Scope, Table};
use crate::store::Queries;

/// `rolo report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// pipeline, forecast, win-rate, velocity, funnel, activity, revenue, sources or hygiene.
    #[arg(value_name = "NAME")]
    pub name: String,
    /// First day of the period (2026-01-01, "-30d", "last month"...).
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub since: Option<String>,
    /// Last day of the period, included (default: today).
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub until: Option<String>,
    /// Only this user's deals, contacts, tasks and activities (`me` for yours).
    #[arg(long, value_name = "USER")]
    pub owner: Option<String>,
    /// Only deals of this pipeline (P-n or name).
    #[arg(long, value_name = "PIPELINE")]
    pub pipeline: Option<String>,
    /// Group figures over time by week, month or quarter.
    #[arg(long, value_name = "PERIOD", default_value = "month")]
    pub by: String,
    /// Print only this table (CSV prints the first unless told): e.g. `rates` for forecast.
    #[arg(long, value_name = "TABLE")]
    pub section: Option<String>,
    /// hygiene: at most N records in each list (the counts stay whole).
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

/// Runs `rolo report`.
pub fn run(ctx: &Ctx, a: ReportArgs) -> anyhow::Result<()> {
    let name: ReportName = a.name.parse()?;
    let r = ctx.store.read()?;
    let scope = scope(ctx, &r, name, &a)?;
    let now = ctx.store.now();
    let mut report = report::run(&r, now, name, &scope)?;
    drop(r);
    match (&mut report, a.limit) {
        (_, None) => {}
        (Report::Hygiene(h), Some(n)) => h.truncate(n),
        (_, Some(_)) => {
            return Err(Error::invalid(
                "limit",
                format!("the {name} report has no lists to cut; --limit applies to hygiene"),
            )
            .into());
        }
    }
    let mut out = ctx.writer();
    match ctx.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &json(name, now, &scope, &report)?)?;
            writeln!(out)?;
        }
        Format::Csv => {
            let tables = report.tables();
            let t = pick(
                &tables,
                a.section.as_deref().or(tables.first().map(|t| t.name)),
            )?;
            for t in t {
                let rows: Vec<Vec<String>> = t
                    .rows
                    .iter()
                    .map(|r| r.iter().map(report::Cell::plain).collect())
                    .collect();
                write_csv(&mut out, &t.headers, &rows)?;
            }
        }
        Format::Table => {
            let tables = report.tables();
            writeln!(out, "{}", heading(name, &scope, ctx))?;
            for t in pick(&tables, a.section.as_deref())? {
                writeln!(out, "\n{}", t.title)?;
                if t.rows.is_empty() {
                    writeln!(out, "(nothing)")?;
                    continue;
                }
                let rows: Vec<Vec<String>> = t
                    .rows
                    .iter()
                    .map(|r| r.iter().map(report::Cell::display).collect())
                    .collect();
                write_table(&mut out, &t.headers, &rows)?;
            }
            writeln!(out)?;
            for n in report.notes() {
                writeln!(out, "note: {n}")?;
            }
        }
    }
    Ok(())
}

/// Builds the scope from the arguments; the activity report defaults to the last 30
/// days so that it reads a bounded number of activities.
fn scope<Q: Queries>(ctx: &Ctx, q: &Q, name: ReportName, a: &ReportArgs) -> anyhow::Result<Scope> {
    let since = a
        .since
        .as_deref()
        .map(|s| resolve::date(ctx, "since", s))
        .transpose()?
        .or_else(|| name.default_since(ctx.today()));
    let until = a
        .until
        .as_deref()
        .map(|s| resolve::date(ctx, "until", s))
        .transpose()?;
    if let (Some(s), Some(u)) = (since, until)
        && s > u
    {
        return Err(Error::invalid("since", format!("{s} is after --until {u}")).into());
    }
    let by = Period::parse(&a.by)
        .ok_or_else(|| Error::invalid("by", format!("'{}': use week, month or quarter", a.by)))?;
    Ok(Scope {
        since,
        until,
        owner: a.owner.as_deref().map(|o| ctx.user(o)),
        pipeline: a
            .pipeline
            .as_deref()
            .map(|p| q.find_pipeline(p).map(|p| p.id))
            .transpose()?,
        by,
    })
}

fn pick<'a>(tables: &'a [Table], section: Option<&str>) -> anyhow::Result<Vec<&'a Table>> {
    let Some(want) = section else {
        return Ok(tables.iter().collect());
    };
    match tables
        .iter()
        .find(|t| t.name.eq_ignore_ascii_case(want.trim()))
    {
        Some(t) => Ok(vec![t]),
        None => Err(Error::invalid(
            "section",
            format!(
                "no table '{want}' in this report; its tables are {}",
                tables.iter().map(|t| t.name).collect::<Vec<_>>().join(", ")
            ),
        )
        .into()),
    }
}

fn heading(name: ReportName, scope: &Scope, ctx: &Ctx) -> String {
    let period = match (scope.since, scope.until) {
        (None, None) => "all time".to_string(),
        (Some(s), None) => format!("{s} to today"),
        (None, Some(u)) => format!("up to {u}"),
        (Some(s), Some(u)) => format!("{s} to {u}"),
    };
    let mut h = format!("{} report · {period} · by {}", name, scope.by.as_str());
    if let Some(o) = &scope.owner {
        h.push_str(&format!(" · owner {o}"));
    }
    if let Some(p) = scope.pipeline {
        h.push_str(&format!(
            " · pipeline {}",
            crate::model::RecordId::new(Kind::Pipeline, p)
        ));
    }
    h.push_str(&format!(" · as of {}", ctx.today()));
    h
}

/// The JSON document: what was asked, then the report's own fields.
fn json(
    name: ReportName,
    now: crate::model::Instant,
    scope: &Scope,
    report: &Report,
) -> anyhow::Result<Value> {
    let mut doc = serde_json::json!({
        "report": name.as_str(),
        "as_of": now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "since": scope.since.map(|d| d.to_string()),
        "until": scope.until.map(|d| d.to_string()),
        "owner": scope.owner,
        "pipeline": scope.pipeline.map(|p| crate::model::RecordId::new(Kind::Pipeline, p).to_string()),
        "by": scope.by.as_str(),
    });
    if let (Value::Object(doc), Value::Object(fields)) = (&mut doc, serde_json::to_value(report)?) {
        doc.extend(fields);
    }
    Ok(doc)
}
