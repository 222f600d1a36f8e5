//! Row → draft record: every cell is read into the record's field, with an error naming
//! the line, column and value when it cannot be. References to other records (a
//! company by name, a contact by email, a deal by title) stay as text here; the apply
//! step resolves them inside the write transaction.

mod people;
mod sales;
mod work;

use super::field::Field;
use super::mapping::Mapping;
use super::pipelines::DealRefs;
use super::table::Row;
use crate::interchange::error::RowError;
use crate::interchange::kind::ImportKind;
use crate::model::{Activity, Company, Contact, Currency, Deal, Instant, Task};

/// A record read from one row, with its references still as text.
#[derive(Debug, Clone)]
pub enum Draft {
    /// A contact and the company it names.
    Contact {
        /// The person.
        contact: Contact,
        /// Company name, if given.
        company: Option<String>,
        /// Company domain, if given.
        domain: Option<String>,
    },
    /// A company.
    Company {
        /// The organisation.
        company: Company,
    },
    /// A deal and what it refers to.
    Deal {
        /// The opportunity (pipeline and stage still unset).
        deal: Deal,
        /// Pipeline, stage and status cells.
        refs: DealRefs,
        /// When it was won, lost or closed, if the row says.
        closed_at: Option<Instant>,
        /// Company name or `O-id`.
        company: Option<String>,
        /// Contact emails, names or `C-id`s.
        contacts: Vec<String>,
    },
    /// An activity and what it is logged on.
    Activity {
        /// The interaction.
        activity: Activity,
        /// Contact emails, names or `C-id`s.
        contacts: Vec<String>,
        /// Company name or `O-id`.
        company: Option<String>,
        /// Deal title or `D-id`.
        deal: Option<String>,
    },
    /// A task and what it is about.
    Task {
        /// The to-do.
        task: Task,
        /// A record id (`C-3`) from a link column.
        link: Option<String>,
        /// Contact email, name or `C-id`.
        contact: Option<String>,
        /// Company name or `O-id`.
        company: Option<String>,
        /// Deal title or `D-id`.
        deal: Option<String>,
    },
}

/// A draft with its line and the creation date the file gave.
#[derive(Debug, Clone)]
pub struct DraftRow {
    /// Where the row starts.
    pub line: u64,
    /// The record read.
    pub draft: Draft,
    /// When the old system created it.
    pub created: Option<Instant>,
    /// Its id and its links' ids in the product it comes from.
    pub ids: SourceIds,
}

/// The ids a row gives in its source product, each with its column (for messages).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceIds {
    /// The record's own id.
    pub own: Option<(usize, String)>,
    /// Its company's id.
    pub company: Option<(usize, String)>,
    /// Its contacts' ids.
    pub contacts: Vec<(usize, String)>,
    /// Its deal's id.
    pub deal: Option<(usize, String)>,
    /// Its deal's or company's id, not saying which (Salesforce's `WhatId`).
    pub related: Option<(usize, String)>,
}

/// Reads one row as a `kind` record; every bad cell of the row is reported.
pub fn convert(
    kind: ImportKind,
    mapping: &Mapping,
    headers: &[String],
    row: &Row,
    currency: Currency,
) -> Result<DraftRow, Vec<RowError>> {
    let cells = Cells {
        mapping,
        headers,
        row,
        errors: Vec::new(),
    };
    match kind {
        ImportKind::Contacts => people::contact(cells),
        ImportKind::Companies => people::company(cells),
        ImportKind::Deals => sales::deal(cells, currency),
        ImportKind::Activities => work::activity(cells),
        ImportKind::Tasks => work::task(cells),
    }
}

/// A row seen through its mapping, collecting errors as cells are read.
pub struct Cells<'a> {
    mapping: &'a Mapping,
    headers: &'a [String],
    row: &'a Row,
    errors: Vec<RowError>,
}

impl<'a> Cells<'a> {
    /// The trimmed, non-empty value of the best column for `field`.
    pub fn text(&self, field: &Field) -> Option<String> {
        let i = self.mapping.column_of(field)?;
        let v = self.row.cells.get(i)?.trim();
        (!v.is_empty()).then(|| v.to_string())
    }

    /// The header of the (first) column filling `field`.
    pub fn header_of(&self, field: &Field) -> Option<&'a str> {
        let i = self.mapping.column_of(field)?;
        self.headers.get(i).map(String::as_str)
    }

    /// Every non-empty cell whose column's field matches `pred`: (column index, field, value).
    pub fn each(&self, pred: impl Fn(&Field) -> bool) -> Vec<(usize, Field, &'a str)> {
        let row = self.row;
        self.mapping
            .columns
            .iter()
            .enumerate()
            .filter_map(|(i, f)| {
                let f = f.as_ref().filter(|f| pred(f))?;
                let v = row.cells.get(i)?.trim();
                (!v.is_empty()).then(|| (i, f.clone(), v))
            })
            .collect()
    }

    /// Reads `field` with `parse`; a failure is recorded against the column and value.
    pub fn parsed<T>(
        &mut self,
        field: &Field,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Option<T> {
        let i = self.mapping.column_of(field)?;
        let raw = self.row.cells.get(i)?.trim();
        if raw.is_empty() {
            return None;
        }
        match parse(raw) {
            Ok(v) => Some(v),
            Err(reason) => {
                self.fail(i, raw, reason);
                None
            }
        }
    }

    /// Records a bad value in column `i`.
    pub fn fail(&mut self, i: usize, value: &str, reason: impl Into<String>) {
        let column = self.headers.get(i).map(String::as_str).unwrap_or("?");
        self.errors
            .push(RowError::cell(self.row.line, column, value, reason));
    }

    /// Records a problem with the row as a whole.
    pub fn fail_row(&mut self, reason: impl Into<String>) {
        self.errors.push(RowError::row(self.row.line, reason));
    }

    /// The row's creation date, if a column gives one.
    pub fn created(&mut self) -> Option<Instant> {
        self.parsed(&Field::Created, super::values::instant)
    }

    /// The ids the row gives in its source product.
    fn source_ids(&self) -> SourceIds {
        let one = |f: &Field| {
            let i = self.mapping.column_of(f)?;
            self.text(f).map(|v| (i, v))
        };
        SourceIds {
            own: one(&Field::SourceId),
            company: one(&Field::CompanyId),
            contacts: self
                .each(|f| *f == Field::ContactId)
                .into_iter()
                .flat_map(|(i, _, v)| {
                    super::values::split_multi(v)
                        .map(move |id| (i, id.to_string()))
                        .collect::<Vec<_>>()
                })
                .collect(),
            deal: one(&Field::DealId),
            related: one(&Field::RelatedId),
        }
    }

    /// The draft, or the errors found while reading it.
    pub fn finish(self, draft: Draft, created: Option<Instant>) -> Result<DraftRow, Vec<RowError>> {
        if self.errors.is_empty() {
            Ok(DraftRow {
                line: self.row.line,
                draft,
                created,
                ids: self.source_ids(),
            })
        } else {
            Err(self.errors)
        }
    }
}
