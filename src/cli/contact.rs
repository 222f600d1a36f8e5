//! `rolo contact add|edit|show|list|rm`.

use std::io::Write;

use clap::{Args, Subcommand};

use super::output::{Sink, write_fields};
use super::page::{self, PageArgs, Pager};
use super::views::{self, Names};
use super::{Ctx, resolve};
use crate::model::*;
use crate::ops;
use crate::store::{Queries, Windows, sort};

/// Contact subcommands.
#[derive(Debug, Subcommand)]
pub enum ContactCmd {
    /// Add a contact: `rolo contact add "Jane Doe" --email jane@acme.com --company Acme`.
    Add {
        /// Full name.
        name: String,
        #[command(flatten)]
        fields: ContactFields,
    },
    /// Change a contact's fields.
    Edit {
        /// The contact (C-n).
        id: String,
        /// New full name.
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        fields: ContactFields,
    },
    /// Show a contact with its deals, open tasks and recent activity.
    Show {
        /// The contact (C-n).
        id: String,
    },
    /// List contacts.
    #[command(visible_alias = "ls")]
    List(ContactFilter),
    /// Record consent (opted-in, opted-out, not-specified) in the contact's ledger, or
    /// show the ledger.
    Consent(super::consent::ConsentArgs),
    /// Delete a contact.
    Rm {
        /// The contact (C-n).
        id: String,
        /// Also remove it from the deals, tasks and activities that name it.
        #[arg(long)]
        unlink: bool,
    },
}

/// Fields settable on add and edit.
#[derive(Debug, Args, Default)]
pub struct ContactFields {
    /// Email address (repeat for several; on edit, replaces all).
    #[arg(long = "email", short = 'e')]
    emails: Vec<String>,
    /// Phone number (repeat for several; on edit, replaces all).
    #[arg(long = "phone", short = 'p')]
    phones: Vec<String>,
    /// Company: O-n or a name (created when new); "" to clear.
    #[arg(long, short = 'c')]
    company: Option<String>,
    /// Job title.
    #[arg(long)]
    title: Option<String>,
    /// Given name.
    #[arg(long)]
    given: Option<String>,
    /// Family name.
    #[arg(long)]
    family: Option<String>,
    /// City, country or address.
    #[arg(long)]
    location: Option<String>,
    /// Tag (repeat for several; on edit, adds).
    #[arg(long = "tag", short = 't')]
    tags: Vec<String>,
    /// Remove a tag (edit).
    #[arg(long = "untag")]
    untags: Vec<String>,
    /// Owner (default: you).
    #[arg(long)]
    owner: Option<String>,
    /// lead, prospect, customer or former.
    #[arg(long)]
    lifecycle: Option<String>,
    /// Lead source (website, referral, ...).
    #[arg(long)]
    source: Option<String>,
    /// Email consent: granted, denied or unknown.
    #[arg(long)]
    consent: Option<String>,
    /// Notes.
    #[arg(long)]
    notes: Option<String>,
    /// Keep in touch at least every N days (a reminder appears in Today); 0 stops.
    #[arg(long)]
    cadence: Option<u32>,
    /// Custom field key=value (repeat; empty value removes).
    #[arg(long = "set")]
    custom: Vec<String>,
}

/// Filters and sort for `contact list`.
#[derive(Debug, Args)]
pub struct ContactFilter {
    /// Only this owner's (`me` for yours).
    #[arg(long)]
    owner: Option<String>,
    /// Only with this tag.
    #[arg(long)]
    tag: Option<String>,
    /// Only at this company (O-n or name).
    #[arg(long)]
    company: Option<String>,
    /// Only in this lifecycle stage.
    #[arg(long)]
    lifecycle: Option<String>,
    /// Sort by name, company, email, owner, lifecycle, created or last-touch (newest
    /// first); ties go by name (created: by id).
    #[arg(long, default_value = "name")]
    sort: String,
    #[command(flatten)]
    page: PageArgs,
}

/// Runs a contact subcommand.
pub fn run(ctx: &Ctx, cmd: ContactCmd) -> anyhow::Result<()> {
    match cmd {
        ContactCmd::Add { name, fields } => add(ctx, name, fields),
        ContactCmd::Edit { id, name, fields } => edit(ctx, &id, name, fields),
        ContactCmd::Show { id } => show(ctx, &id),
        ContactCmd::List(f) => list(ctx, f),
        ContactCmd::Consent(a) => super::consent::run(ctx, a),
        ContactCmd::Rm { id, unlink } => {
            let id = resolve::id(&id, Kind::Contact)?;
            ops::delete(ctx.store, RecordId::new(Kind::Contact, id), unlink)?;
            ctx.report(
                format!("deleted C-{id}"),
                || serde_json::json!({"deleted": format!("C-{id}")}),
            )
        }
    }
}

fn add(ctx: &Ctx, name: String, f: ContactFields) -> anyhow::Result<()> {
    let mut c = Contact {
        name,
        ..Contact::default()
    };
    apply(ctx, &mut c, &f, false)?;
    let done = ctx.store.write("contact.add", |tx| {
        let mut created_company = None;
        if let Some(co) = f.company.as_deref().filter(|s| !s.trim().is_empty()) {
            let (id, new) = ops::company_for(tx, co)?;
            created_company = new.then_some(id);
            c.company = Some(id);
        }
        let c = ops::add_in(tx, c)?;
        super::consent::ledger_flag(tx, c.id, f.consent.as_deref())?;
        Ok((c, created_company))
    })?;
    let (c, new_company) = done.value;
    let snapshot = ctx.store.read()?;
    let names = Names::load(&snapshot)?;
    let mut msg = format!("added contact C-{} {}", c.id, c.name);
    if let Some(o) = new_company {
        msg.push_str(&format!(" (and company O-{o} {})", names.company(Some(o))));
    }
    ctx.report(msg, || views::contact_json(&c, &names))
}

fn edit(ctx: &Ctx, id: &str, name: Option<String>, f: ContactFields) -> anyhow::Result<()> {
    let id = resolve::id(id, Kind::Contact)?;
    // An unknown company name creates the company in the same change, as on add.
    let done = ctx.store.write("contact.edit", |tx| {
        let mut created_company = None;
        let company = match f.company.as_deref() {
            Some(co) if co.trim().is_empty() => Some(None),
            Some(co) => {
                let (id, new) = ops::company_for(tx, co)?;
                created_company = new.then_some(id);
                Some(Some(id))
            }
            None => None,
        };
        let c = ops::update_in(tx, id, |c: &mut Contact| {
            if let Some(n) = name {
                c.name = n;
            }
            if let Some(co) = company {
                c.company = co;
            }
            apply(ctx, c, &f, true)
        })?;
        super::consent::ledger_flag(tx, id, f.consent.as_deref())?;
        Ok((c, created_company))
    })?;
    let (c, new_company) = done.value;
    let snapshot = ctx.store.read()?;
    let names = Names::load(&snapshot)?;
    let mut msg = format!("edited contact C-{} {}", c.id, c.name);
    if let Some(o) = new_company {
        msg.push_str(&format!(" (and company O-{o} {})", names.company(Some(o))));
    }
    ctx.report(msg, || views::contact_json(&c, &names))
}

fn apply(_ctx: &Ctx, c: &mut Contact, f: &ContactFields, editing: bool) -> crate::Result<()> {
    if !f.emails.is_empty() {
        c.emails = f
            .emails
            .iter()
            .map(|e| Labeled {
                label: String::new(),
                value: e.clone(),
            })
            .collect();
    }
    if !f.phones.is_empty() {
        c.phones = f
            .phones
            .iter()
            .map(|p| Labeled {
                label: String::new(),
                value: p.clone(),
            })
            .collect();
    }
    resolve::set_text(&mut c.title, &f.title);
    resolve::set_text(&mut c.given_name, &f.given);
    resolve::set_text(&mut c.family_name, &f.family);
    resolve::set_text(&mut c.location, &f.location);
    resolve::set_text(&mut c.source, &f.source);
    resolve::apply_tags(&mut c.tags, &f.tags, &f.untags, editing);
    if let Some(o) = &f.owner {
        c.owner = o.clone();
    }
    if let Some(l) = &f.lifecycle {
        c.lifecycle = Lifecycle::parse(l).ok_or_else(|| {
            crate::Error::invalid(
                "lifecycle",
                format!("'{l}' is not a lifecycle stage: lead, prospect, customer or former"),
            )
        })?;
    }
    if let Some(s) = &f.consent {
        let state = crate::model::consent::parse_state(s).ok_or_else(|| {
            crate::Error::invalid(
                "consent",
                format!("'{s}' is not granted, denied or unknown (or opted-in, opted-out, not-specified)"),
            )
        })?;
        c.consent = Consent {
            state,
            at: None,
            source: Some("rolo cli".into()),
        };
    }
    if let Some(n) = &f.notes {
        c.notes = n.clone();
    }
    if let Some(days) = f.cadence {
        c.cadence_days = (days > 0).then_some(days);
    }
    for kv in &f.custom {
        let (k, v) = resolve::key_value(kv)?;
        if v.is_empty() {
            c.custom.remove(&k);
        } else {
            c.custom.insert(k, v);
        }
    }
    Ok(())
}

fn show(ctx: &Ctx, id: &str) -> anyhow::Result<()> {
    let id = resolve::id(id, Kind::Contact)?;
    let r = ctx.store.read()?;
    let c: Contact = r.require(id)?;
    let names = Names::load(&r)?;
    let deals: Vec<Deal> = r
        .linked(RecordId::new(Kind::Contact, id), Kind::Deal)?
        .into_iter()
        .filter_map(|d| r.get::<Deal>(d).ok().flatten())
        .collect();
    let tasks: Vec<Task> = r
        .linked(RecordId::new(Kind::Contact, id), Kind::Task)?
        .into_iter()
        .filter_map(|t| r.get::<Task>(t).ok().flatten())
        .filter(Task::is_open)
        .collect();
    let acts = r.activities(&r.timeline_ids(RecordId::new(Kind::Contact, id), 10)?)?;
    let consent = crate::store::privacy::consent_history(&r, id)?;
    let (tickets, tickets_json) =
        super::ticket_view::open_section(&r, RecordId::new(Kind::Contact, id), ctx.store.now())?;
    if ctx.format != super::output::Format::Table {
        let mut j = views::contact_json(&c, &names);
        j["consent_history"] = serde_json::to_value(&consent)?;
        j["deals"] = deals.iter().map(|d| views::deal_json(d, &names)).collect();
        j["open_tasks"] = tasks.iter().map(views::task_json).collect();
        j["open_tickets"] = tickets_json;
        j["recent_activities"] = acts.iter().map(views::activity_json).collect();
        writeln!(ctx.out(), "{}", serde_json::to_string_pretty(&j)?)?;
        return Ok(());
    }
    let mut out = ctx.out();
    let join = |v: &[Labeled]| {
        v.iter()
            .map(|e| {
                if e.label.is_empty() {
                    e.value.clone()
                } else {
                    format!("{} ({})", e.value, e.label)
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    write_fields(
        &mut *out,
        &[
            ("contact", format!("C-{} {}", c.id, c.name)),
            ("title", c.title.clone().unwrap_or_default()),
            (
                "company",
                c.company
                    .map(|o| format!("O-{o} {}", names.company(Some(o))))
                    .unwrap_or_default(),
            ),
            ("email", join(&c.emails)),
            ("phone", join(&c.phones)),
            ("location", c.location.clone().unwrap_or_default()),
            ("owner", c.owner.clone()),
            ("lifecycle", c.lifecycle.as_str().into()),
            ("source", c.source.clone().unwrap_or_default()),
            (
                "consent",
                format!(
                    "{} (marketing email){}",
                    crate::model::consent::state_word(c.consent.state),
                    c.consent
                        .at
                        .map(|t| format!(", since {}", views::day(t)))
                        .unwrap_or_default()
                ),
            ),
            ("tags", c.tags.join(", ")),
            (
                "custom",
                c.custom
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            (
                "last touch",
                c.last_activity.map(views::day).unwrap_or_default(),
            ),
            ("notes", c.notes.clone()),
        ],
    )?;
    drop(out);
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
        "Open tasks",
        views::TASK_HEADERS.to_vec(),
        tasks
            .iter()
            .map(|t| views::task_row(t, "", ctx.today()))
            .collect(),
    )?;
    section(
        ctx,
        "Recent activity",
        views::ACTIVITY_HEADERS.to_vec(),
        acts.iter().map(views::activity_row).collect(),
    )?;
    let ledger = super::consent::listing(&consent);
    section(ctx, "Consent history", ledger.headers, ledger.rows)
}

/// Prints a titled table under a detail view, when it has rows.
pub fn section(
    ctx: &Ctx,
    title: &str,
    headers: Vec<&'static str>,
    rows: Vec<Vec<String>>,
) -> anyhow::Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    writeln!(ctx.out(), "\n{title}")?;
    super::output::write_table(&mut *ctx.out(), &headers, &rows)?;
    Ok(())
}

fn list(ctx: &Ctx, f: ContactFilter) -> anyhow::Result<()> {
    let r = ctx.store.read()?;
    let names = Names::load(&r)?;
    let company =
        match &f.company {
            Some(co) => Some(resolve::company(&r, co)?.ok_or_else(|| {
                crate::Error::invalid("company", format!("no company named '{co}'"))
            })?),
            None => None,
        };
    let lifecycle = match &f.lifecycle {
        Some(l) => Some(Lifecycle::parse(l).ok_or_else(|| {
            crate::Error::invalid(
                "lifecycle",
                format!("'{l}' is not lead, prospect, customer or former"),
            )
        })?),
        None => None,
    };
    let owner = f.owner.as_deref().map(|o| ctx.user(o));
    let tag = f.tag.as_deref().map(|t| t.trim().to_lowercase());
    let (column, forward) = match f.sort.as_str() {
        "name" => (0, true),
        "company" => (sort::CONTACT_COMPANY, true),
        "email" => (2, true),
        "owner" => (4, true),
        "last-touch" | "last_touch" | "last-activity" => (5, false),
        "lifecycle" => (6, true),
        "created" => (sort::CREATED, true),
        other => {
            return Err(crate::Error::invalid(
                "sort",
                format!(
                    "'{other}': sort by name, company, email, owner, lifecycle, created or last-touch"
                ),
            )
            .into());
        }
    };
    let key = |c: &Contact| sort::contact_key(c, &names.company(c.company), column);
    let after = match &f.page.after {
        Some(a) => {
            let id = resolve::id(a, Kind::Contact)?;
            let c: Contact = r.get(id)?.ok_or_else(|| page::gone_cursor(a))?;
            Some((key(&c), id))
        }
        None => None,
    };
    let filtered = owner.is_some() || tag.is_some() || lifecycle.is_some();
    let keep = |c: &Contact| {
        owner
            .as_ref()
            .is_none_or(|o| c.owner.eq_ignore_ascii_case(o))
            && tag.as_ref().is_none_or(|t| c.tags.contains(t))
            && lifecycle.is_none_or(|l| c.lifecycle == l)
    };
    let mut sink = Sink::new(ctx, views::CONTACT_HEADERS.to_vec());
    let mut pager = Pager::new(&f.page);
    let mut visit = |id: u64| -> crate::Result<bool> {
        if pager.skip_unread(filtered) {
            return Ok(true);
        }
        let Some(c) = r.get::<Contact>(id)? else {
            return Ok(true);
        };
        Ok(pager.offer(
            &mut sink,
            keep(&c),
            || views::contact_row(&c, &names),
            || views::contact_json(&c, &names),
        ))
    };
    match company {
        // A company's contacts are few: read them through the link index and order
        // them by the same keys.
        Some(co) => {
            let mut keyed = Vec::new();
            for id in r.linked(RecordId::new(Kind::Company, co), Kind::Contact)? {
                if let Some(c) = r.get::<Contact>(id)? {
                    keyed.push((key(&c), id));
                }
            }
            page::visit_all(page::order(keyed, forward, after.as_ref()), &mut visit)?;
        }
        None => r.walk_sorted(
            sort::contact_tag(column),
            after.as_ref().map(|(k, id)| (k.as_str(), *id)),
            forward,
            &mut |_, id| visit(id),
        )?,
    }
    sink.finish("no contacts match")
}
