//! What an import did (or, in a dry run, would do): records created and matched, rows
//! skipped and why, columns left out. The CLI prints it; tests read it.

use crate::model::words::plural;
use serde::Serialize;

use crate::interchange::csv_import::owners::OwnerKept;
use crate::interchange::csv_import::pipelines::PipelineChange;
use crate::interchange::error::RowError;
use crate::model::RecordId;

/// One record an import created or matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// The line of the row.
    pub line: u64,
    /// The record (`C-12`).
    pub record: RecordId,
    /// Its name or title.
    pub label: String,
    /// Why it was matched or what was filled in ("same email", "filled title").
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// The result of one CSV import.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportReport {
    /// The plural kind imported ("contacts").
    pub kind: &'static str,
    /// The product whose export the header looks like.
    pub source: Option<&'static str>,
    /// How the bytes were decoded ("UTF-8", "windows-1252").
    pub encoding: &'static str,
    /// The delimiter found.
    pub delimiter: char,
    /// Data rows read.
    pub rows: usize,
    /// Records created from rows.
    pub created: Vec<Outcome>,
    /// Existing records the rows matched.
    pub matched: Vec<Outcome>,
    /// Companies created because rows named them.
    pub companies_created: Vec<Outcome>,
    /// Pipelines created and stages added because rows named them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pipelines: Vec<PipelineChange>,
    /// Owners the rows name that are not rolo users yet (kept by name).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub owners_kept: Vec<OwnerKept>,
    /// Rows left out, with the reason.
    pub skipped: Vec<RowError>,
    /// Columns that fill no field.
    pub ignored_columns: Vec<String>,
    /// Report footer lines left out.
    pub footer_lines: usize,
    /// Whether nothing was written.
    pub dry_run: bool,
    /// The revision after the import (none in a dry run or when nothing changed).
    pub revision: Option<u64>,
}

/// The singular of an imported kind's plural ("contacts" → "contact").
fn singular(kind: &str) -> &str {
    crate::interchange::ImportKind::parse(kind).map_or(kind, |k| k.kind().noun())
}

impl ImportReport {
    /// One line: "12 contacts created, 3 matched, 2 companies created, 1 row skipped".
    pub fn summary(&self) -> String {
        let verb = if self.dry_run { "would be " } else { "" };
        let mut parts = vec![
            format!(
                "{} {verb}created",
                plural(self.created.len(), singular(self.kind))
            ),
            format!("{} {verb}matched", self.matched.len()),
        ];
        if !self.companies_created.is_empty() {
            parts.push(format!(
                "{} {verb}created",
                plural(self.companies_created.len(), "company")
            ));
        }
        // An activities file gives tasks for what is still to do.
        let tasks = self
            .created
            .iter()
            .filter(|o| o.record.kind == crate::model::Kind::Task && self.kind != "tasks")
            .count();
        if tasks > 0 {
            parts[0] = format!(
                "{} {verb}created",
                plural(self.created.len() - tasks, singular(self.kind))
            );
            parts.insert(1, format!("{} {verb}created", plural(tasks, "task")));
        }
        let new = self.pipelines.iter().filter(|p| p.new).count();
        if new > 0 {
            parts.push(format!("{} {verb}created", plural(new, "pipeline")));
        }
        let added: usize = self
            .pipelines
            .iter()
            .filter(|p| !p.new)
            .map(|p| p.stages.len())
            .sum();
        if added > 0 {
            parts.push(format!("{} {verb}added", plural(added, "stage")));
        }
        if !self.skipped.is_empty() {
            parts.push(format!(
                "{} {verb}skipped",
                plural(self.skipped.len(), "row")
            ));
        }
        let mut s = parts.join(", ");
        if let Some(src) = self.source {
            s.push_str(&format!(" (read as a {src} export)"));
        }
        s
    }
}
