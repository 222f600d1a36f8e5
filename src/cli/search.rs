//! `rolo search QUERY`: ranked fuzzy matches over contacts, companies, deals and tasks.

use clap::Args;

use super::output::Listing;
use super::{Ctx, views};
use crate::error::Error;
use crate::model::money::format_money;
use crate::model::{Company, Deal, Kind, Record};
use crate::search::{Finder, query};
use crate::store::Queries;

/// `rolo search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to find (fuzzy); `%company acme`, `%email @acme.com`, `%tag vip`, `%owner sam`
    /// scope a word to a field; `d: acme` searches deals only. Options may come before
    /// or after the words; put `--` before words that begin with a dash.
    #[arg(required = true, num_args = 1..)]
    query: Vec<String>,
    /// Only this kind: contact, company, deal, task or ticket.
    #[arg(long)]
    kind: Option<String>,
    /// Show at most N matches.
    #[arg(long, default_value_t = 20)]
    limit: usize,
}

/// Runs a search.
pub fn run(ctx: &Ctx, a: SearchArgs) -> anyhow::Result<()> {
    let mut q =
        query::parse(&a.query.join(" ")).map_err(|e| Error::invalid("query", e.to_string()))?;
    if let Some(k) = &a.kind {
        let kind = match k.to_lowercase().trim_end_matches('s') {
            "contact" => Kind::Contact,
            "company" | "companie" => Kind::Company,
            "deal" => Kind::Deal,
            "task" => Kind::Task,
            "ticket" => Kind::Ticket,
            other => {
                return Err(Error::invalid(
                    "kind",
                    format!("'{other}': search contact, company, deal, task or ticket"),
                )
                .into());
            }
        };
        q.kind = Some(kind);
    }
    let r = ctx.store.read()?;
    let hits = crate::search::top_stored(&Finder::new(&q), &r, a.limit)?;
    // Only the hits' companies are needed: don't load every company.
    let pipelines = r.pipelines()?;
    let company = |id: Option<u64>| -> String {
        id.and_then(|i| r.get::<Company>(i).ok().flatten())
            .map(|c| c.name)
            .unwrap_or_default()
    };
    let stage = |d: &Deal| -> String {
        pipelines
            .iter()
            .find(|p| p.id == d.pipeline)
            .and_then(|p| p.stage(d.stage))
            .map(|s| s.name.clone())
            .unwrap_or_default()
    };
    let today = ctx.today();
    let mut l = Listing::new(vec!["ID", "KIND", "NAME", "DETAIL"]);
    for hit in hits {
        let Some(rec) = r.get_record(hit.rid)? else {
            continue;
        };
        let detail = match &rec {
            Record::Contact(c) => [company(c.company), c.email().unwrap_or("").to_string()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" · "),
            Record::Company(c) => c.domain.clone().unwrap_or_default(),
            Record::Deal(d) => format!(
                "{} · {} · {}",
                company(d.company),
                stage(d),
                format_money(d.value, d.currency)
            ),
            Record::Task(t) => views::due_text(t.due, today),
            _ => String::new(),
        };
        let json = serde_json::json!({
            "id": hit.rid.to_string(),
            "kind": hit.rid.kind.noun(),
            "name": rec.label(),
            "detail": detail,
            "score": hit.score,
        });
        l.push(
            vec![
                hit.rid.to_string(),
                hit.rid.kind.noun().to_string(),
                rec.label().to_string(),
                detail,
            ],
            json,
        );
    }
    l.print(ctx, "no matches")
}
