//! Finding the records a row refers to, with maps built once per import: companies by
//! lower-case name and by domain, contacts by name, deals by title, pipelines. A row
//! may name a record by its id (`O-3`), an email (contacts) or its name or title.

use std::collections::{BTreeMap, HashMap};

use crate::error::{Error, Result};
use crate::interchange::csv_import::pipelines::Product;
use crate::interchange::csv_import::report::{ImportReport, Outcome};
use crate::model::text::tidy;
use crate::model::{Company, Contact, Deal, Kind, Pipeline, RecordId, Task};
use crate::ops;
use crate::store::{Queries, Tx};

/// Look-up maps for one import.
pub struct Resolver {
    companies: HashMap<String, u64>,
    domains: HashMap<String, u64>,
    contact_names: Option<HashMap<String, Vec<u64>>>,
    deal_titles: Option<HashMap<String, Vec<u64>>>,
    /// Records by their id in a source product: (kind, "pipedrive:101").
    sources: HashMap<(Kind, String), u64>,
    /// The kinds whose stored records are in `sources` already.
    sources_loaded: Vec<Kind>,
    /// Every pipeline, in id order.
    pub pipelines: Vec<Pipeline>,
    /// Creates the import's new records (in bulk where no rule acts on them).
    pub creator: ops::Creator,
}

/// A company name as a map key.
pub fn name_key(name: &str) -> String {
    tidy(name).to_lowercase()
}

/// A web domain as a map key ("https://www.Acme.com/" → "acme.com").
pub fn domain_key(domain: &str) -> String {
    domain
        .trim()
        .to_lowercase()
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_start_matches("www.")
        .trim_end_matches('/')
        .to_string()
}

impl Resolver {
    /// Loads companies and pipelines (contacts and deals only when a row needs them).
    pub fn load(tx: &Tx) -> Result<Resolver> {
        let mut r = Resolver {
            companies: HashMap::new(),
            domains: HashMap::new(),
            contact_names: None,
            deal_titles: None,
            sources: HashMap::new(),
            sources_loaded: Vec::new(),
            pipelines: tx.pipelines()?,
            creator: ops::Creator::new(tx)?,
        };
        for c in tx.all::<Company>()? {
            r.remember_company(&c);
        }
        Ok(r)
    }

    /// Adds a company to the maps (the first of two same-named companies wins).
    pub fn remember_company(&mut self, c: &Company) {
        self.companies.entry(name_key(&c.name)).or_insert(c.id);
        if let Some(d) = &c.domain {
            self.domains.entry(domain_key(d)).or_insert(c.id);
        }
    }

    /// The company with this name or domain.
    pub fn find_company(&self, name: Option<&str>, domain: Option<&str>) -> Option<u64> {
        name.and_then(|n| self.companies.get(&name_key(n)))
            .or_else(|| domain.and_then(|d| self.domains.get(&domain_key(d))))
            .copied()
    }

    /// The company a row names (`O-3`, a name or a domain), created when `create` is
    /// set and none matches; a creation is added to the report.
    #[allow(clippy::too_many_arguments)]
    pub fn company(
        &mut self,
        tx: &mut Tx,
        report: &mut ImportReport,
        line: u64,
        name: Option<&str>,
        domain: Option<&str>,
        create: bool,
    ) -> Result<Option<u64>> {
        if let Some(n) = name
            && let Ok(rid) = n.parse::<RecordId>()
            && rid.kind == Kind::Company
        {
            tx.require::<Company>(rid.id)?;
            return Ok(Some(rid.id));
        }
        if let Some(id) = self.find_company(name, domain) {
            return Ok(Some(id));
        }
        let Some(name) = name else {
            return Ok(None);
        };
        if !create {
            return Err(Error::invalid(
                "company",
                format!(
                    "no company named '{name}'; import companies first or create it with `rolo company add`"
                ),
            ));
        }
        let created = self.creator.add(
            tx,
            Company {
                name: name.to_string(),
                domain: domain.map(str::to_string),
                ..Company::default()
            },
            |_| false,
        )?;
        self.remember_company(&created);
        report.companies_created.push(Outcome {
            line,
            record: RecordId::new(Kind::Company, created.id),
            label: created.name.clone(),
            note: String::new(),
        });
        Ok(Some(created.id))
    }

    /// Notes a record's source ids, so later rows find it.
    pub fn remember_source(&mut self, kind: Kind, ids: &BTreeMap<String, String>, id: u64) {
        for (product, source_id) in ids {
            self.sources
                .entry((kind, format!("{product}:{source_id}")))
                .or_insert(id);
        }
    }

    /// The record of `kind` that has `id` in `product`.
    pub fn by_source(
        &mut self,
        tx: &Tx,
        kind: Kind,
        product: Product,
        id: &str,
    ) -> Result<Option<u64>> {
        self.by_key(tx, kind, product.key(), id)
    }

    /// The record of `kind` whose source id under `key` ("pipedrive") is `id`.
    pub fn by_key(&mut self, tx: &Tx, kind: Kind, key: &str, id: &str) -> Result<Option<u64>> {
        if !self.sources_loaded.contains(&kind) {
            self.sources_loaded.push(kind);
            match kind {
                Kind::Contact => {
                    for c in tx.all::<Contact>()? {
                        self.remember_source(kind, &c.source_ids, c.id);
                    }
                }
                Kind::Company => {
                    for c in tx.all::<Company>()? {
                        self.remember_source(kind, &c.source_ids, c.id);
                    }
                }
                Kind::Deal => {
                    for d in tx.all::<Deal>()? {
                        self.remember_source(kind, &d.source_ids, d.id);
                    }
                }
                Kind::Task => {
                    for t in tx.all::<Task>()? {
                        self.remember_source(kind, &t.source_ids, t.id);
                    }
                }
                _ => {}
            }
        }
        Ok(self.sources.get(&(kind, format!("{key}:{id}"))).copied())
    }

    /// The record a link by source id names; an id no record has is the row's error,
    /// named by `field` (`company_id`, `contact_id`).
    pub fn linked(
        &mut self,
        tx: &Tx,
        kind: Kind,
        product: Product,
        id: &str,
        field: &str,
    ) -> Result<u64> {
        self.by_source(tx, kind, product, id)?.ok_or_else(|| {
            Error::invalid(
                field,
                format!(
                    "no {} imported from {} has this id; import that file first, or leave the column out with --map \"COLUMN=ignore\"",
                    kind.noun(),
                    product.label()
                ),
            )
        })
    }

    /// The contact a row names: `C-3`, an email, or a unique full name.
    pub fn contact(&mut self, tx: &Tx, text: &str) -> Result<u64> {
        if let Ok(rid) = text.parse::<RecordId>()
            && rid.kind == Kind::Contact
        {
            tx.require::<Contact>(rid.id)?;
            return Ok(rid.id);
        }
        if text.contains('@') {
            return tx.contact_by_email(text)?.ok_or_else(|| {
                Error::invalid(
                    "contact",
                    format!("no contact has the email {text}; import contacts first"),
                )
            });
        }
        if self.contact_names.is_none() {
            let mut map: HashMap<String, Vec<u64>> = HashMap::new();
            for c in tx.all::<Contact>()? {
                map.entry(name_key(&c.name)).or_default().push(c.id);
            }
            self.contact_names = Some(map);
        }
        let found = self
            .contact_names
            .as_ref()
            .and_then(|m| m.get(&name_key(text)));
        unique(
            "contact",
            text,
            found.map(Vec::as_slice),
            "use their email or C-id",
        )
    }

    /// The deal a row names: `D-3` or a unique title.
    pub fn deal(&mut self, tx: &Tx, text: &str) -> Result<u64> {
        if let Ok(rid) = text.parse::<RecordId>()
            && rid.kind == Kind::Deal
        {
            tx.require::<Deal>(rid.id)?;
            return Ok(rid.id);
        }
        if self.deal_titles.is_none() {
            let mut map: HashMap<String, Vec<u64>> = HashMap::new();
            for d in tx.all::<Deal>()? {
                map.entry(name_key(&d.title)).or_default().push(d.id);
            }
            self.deal_titles = Some(map);
        }
        let found = self
            .deal_titles
            .as_ref()
            .and_then(|m| m.get(&name_key(text)));
        unique("deal", text, found.map(Vec::as_slice), "use its D-id")
    }
}

fn unique(field: &str, text: &str, found: Option<&[u64]>, hint: &str) -> Result<u64> {
    match found {
        Some([one]) => Ok(*one),
        Some(many) if many.len() > 1 => Err(Error::invalid(
            field,
            format!("{} {field}s are called '{text}'; {hint}", many.len()),
        )),
        _ => Err(Error::invalid(
            field,
            format!("no {field} called '{text}'; import {field}s first"),
        )),
    }
}
