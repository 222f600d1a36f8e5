//! `rolo company add|edit|show|list|rm`.

use std::io::Write;

use clap::{Args, Subcommand};

use super::contact::section;
use super::output::{Sink, write_fields};
use super::page::{PageArgs, Pager};
use super::views::{self, Names};
use super::{Ctx, resolve};
use crate::model::*;
use crate::ops;
use crate::store::{Queries, Windows, sort};

/// Company subcommands.
#[derive(Debug, Subcommand)]
pub enum CompanyCmd {
    /// Add a company: `rolo company add "Acme" --domain acme.com`.
    Add {
        /// Name.
        name: String,
        #[command(flatten)]
        fields: CompanyFields,
    },
    /// Change a company's fields.
    Edit {
        /// The company (O-n).
        id: String,
        /// New name.
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        fields: CompanyFields,
    },
    /// Show a company with its contacts, deals and recent activity.
    Show {
        /// The company (O-n or exact name).
        id: String,
    },
    /// List companies.
    #[command(visible_alias = "ls")]
    List {
        /// Only this owner's (`me` for yours).
        #[arg(long)]
        owner: Option<String>,
        /// Only with this tag.
        #[arg(long)]
        tag: Option<String>,
        /// Sort by name, domain, industry, location, owner, created or last-touch
        /// (newest first); ties go by name (created: by id).
        #[arg(long, default_value = "name")]
        sort: String,
        #[command(flatten)]
        page: PageArgs,
    },
    /// Delete a company.
    Rm {
        /// The company (O-n).
        id: String,
        /// Also remove it from the contacts, deals, tasks and activities that name it.
        #[arg(long)]
        unlink: bool,
    },
}

/// Fields settable on add and edit.
#[derive(Debug, Args)]
pub struct CompanyFields {
    /// Web domain (acme.com).
    #[arg(long)]
    domain: Option<String>,
    /// Industry.
    #[arg(long)]
    industry: Option<String>,
    /// Head-count band (11-50).
    #[arg(long)]
    size: Option<String>,
    /// City, country or address.
    #[arg(long)]
    location: Option<String>,
    /// Tag (repeat; on edit, adds).
    #[arg(long = "tag", short = 't')]
    tags: Vec<String>,
    /// Remove a tag (edit).
    #[arg(long = "untag")]
    untags: Vec<String>,
    /// Owner (default: you).
    #[arg(long)]
    owner: Option<String>,
    /// Notes.
    #[arg(long)]
    notes: Option<String>,
}

/// Runs a company subcommand.
pub fn run(ctx: &Ctx, cmd: CompanyCmd) -> anyhow::Result<()> {
    match cmd {
        CompanyCmd::Add { name, fields } => {
            let mut c = Company {
                name,
                ..Company::default()
            };
            apply(&mut c, &fields, false);
            let c = ops::add(ctx.store, c)?.value;
            ctx.report(format!("added company O-{} {}", c.id, c.name), || {
                views::company_json(&c)
            })
        }
        CompanyCmd::Edit { id, name, fields } => {
            let id = resolve::id(&id, Kind::Company)?;
            let c = ops::update(ctx.store, id, |c: &mut Company| {
                if let Some(n) = name {
                    c.name = n;
                }
                apply(c, &fields, true);
                Ok(())
            })?
            .value;
            ctx.report(format!("edited company O-{} {}", c.id, c.name), || {
                views::company_json(&c)
            })
        }
        CompanyCmd::Show { id } => show(ctx, &id),
        CompanyCmd::List {
            owner,
            tag,
            sort,
            page,
        } => list(ctx, owner, tag, &sort, page),
        CompanyCmd::Rm { id, unlink } => {
            let id = resolve::id(&id, Kind::Company)?;
            ops::delete(ctx.store, RecordId::new(Kind::Company, id), unlink)?;
            ctx.report(
                format!("deleted O-{id}"),
                || serde_json::json!({"deleted": format!("O-{id}")}),
            )
        }
    }
}

fn apply(c: &mut Company, f: &CompanyFields, editing: bool) {
    resolve::set_text(&mut c.domain, &f.domain);
    resolve::set_text(&mut c.industry, &f.industry);
    resolve::set_text(&mut c.size, &f.size);
    resolve::set_text(&mut c.location, &f.location);
    resolve::apply_tags(&mut c.tags, &f.tags, &f.untags, editing);
    if let Some(o) = &f.owner {
        c.owner = o.clone();
    }
    if let Some(n) = &f.notes {
        c.notes = n.clone();
    }
}

fn show(ctx: &Ctx, id: &str) -> anyhow::Result<()> {
    let r = ctx.store.read()?;
    let id = resolve::company(&r, id)?
        .ok_or_else(|| crate::Error::invalid("company", format!("no company '{id}'")))?;
    let c: Company = r.require(id)?;
    let names = Names::load(&r)?;
    let me = RecordId::new(Kind::Company, id);
    let contacts: Vec<Contact> = r
        .linked(me, Kind::Contact)?
        .into_iter()
        .filter_map(|x| r.get::<Contact>(x).ok().flatten())
        .collect();
    let deals: Vec<Deal> = r
        .linked(me, Kind::Deal)?
        .into_iter()
        .filter_map(|x| r.get::<Deal>(x).ok().flatten())
        .collect();
    let acts = r.activities(&r.timeline_ids(me, 10)?)?;
    let (tickets, tickets_json) =
        super::ticket_view::open_section(&r, RecordId::new(Kind::Company, id), ctx.store.now())?;
    if ctx.format != super::output::Format::Table {
        let mut j = views::company_json(&c);
        j["contacts"] = contacts
            .iter()
            .map(|x| views::contact_json(x, &names))
            .collect();
        j["deals"] = deals.iter().map(|d| views::deal_json(d, &names)).collect();
        j["recent_activities"] = acts.iter().map(views::activity_json).collect();
        j["open_tickets"] = tickets_json;
        writeln!(ctx.out(), "{}", serde_json::to_string_pretty(&j)?)?;
        return Ok(());
    }
    write_fields(
        &mut *ctx.out(),
        &[
            ("company", format!("O-{} {}", c.id, c.name)),
            ("domain", c.domain.clone().unwrap_or_default()),
            ("industry", c.industry.clone().unwrap_or_default()),
            ("size", c.size.clone().unwrap_or_default()),
            ("location", c.location.clone().unwrap_or_default()),
            ("owner", c.owner.clone()),
            ("tags", c.tags.join(", ")),
            (
                "last touch",
                c.last_activity.map(views::day).unwrap_or_default(),
            ),
            ("notes", c.notes.clone()),
        ],
    )?;
    section(
        ctx,
        "Contacts",
        views::CONTACT_HEADERS.to_vec(),
        contacts
            .iter()
            .map(|x| views::contact_row(x, &names))
            .collect(),
    )?;
    section(
        ctx,
        "Deals",
        views::DEAL_HEADERS.to_vec(),
        deals.iter().map(|d| views::deal_row(d, &names)).collect(),
    )?;
    section(
        ctx,
        "Open tickets",
        super::ticket_view::HEADERS.to_vec(),
        tickets,
    )?;
    section(
        ctx,
        "Recent activity",
        views::ACTIVITY_HEADERS.to_vec(),
        acts.iter().map(views::activity_row).collect(),
    )
}

fn list(
    ctx: &Ctx,
    owner: Option<String>,
    tag: Option<String>,
    by: &str,
    page: PageArgs,
) -> anyhow::Result<()> {
    let r = ctx.store.read()?;
    let owner = owner.map(|o| ctx.user(&o));
    let tag = tag.map(|t| t.trim().to_lowercase());
    let (column, forward) = match by {
        "name" => (0, true),
        "domain" => (1, true),
        "industry" => (2, true),
        "location" => (3, true),
        "owner" => (4, true),
        "last-touch" | "last_touch" | "last-activity" => (5, false),
        "created" => (sort::CREATED, true),
        other => {
            return Err(crate::Error::invalid(
                "sort",
                format!(
                    "'{other}': sort by name, domain, industry, location, owner, created or last-touch"
                ),
            )
            .into());
        }
    };
    let after = match &page.after {
        Some(a) => {
            let id = resolve::id(a, Kind::Company)?;
            let c: Company = r.get(id)?.ok_or_else(|| super::page::gone_cursor(a))?;
            Some((sort::company_key(&c, column), id))
        }
        None => None,
    };
    let filtered = owner.is_some() || tag.is_some();
    let mut sink = Sink::new(ctx, views::COMPANY_HEADERS.to_vec());
    let mut pager = Pager::new(&page);
    r.walk_sorted(
        sort::company_tag(column),
        after.as_ref().map(|(k, id)| (k.as_str(), *id)),
        forward,
        &mut |_, id| {
            if pager.skip_unread(filtered) {
                return Ok(true);
            }
            let Some(c) = r.get::<Company>(id)? else {
                return Ok(true);
            };
            let keep = owner
                .as_ref()
                .is_none_or(|o| c.owner.eq_ignore_ascii_case(o))
                && tag.as_ref().is_none_or(|t| c.tags.contains(t));
            Ok(pager.offer(
                &mut sink,
                keep,
                || views::company_row(&c),
                || views::company_json(&c),
            ))
        },
    )?;
    sink.finish("no companies match")
}
