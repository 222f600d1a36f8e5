//! Contacts and companies tables: which rows show, in which order, and the selection.
//! A table owns a *window*, not the records: the rows around the selection, read from
//! the store's sorted index for the sort column ([`crate::store::sort`]), with their
//! absolute position and the table's total count; scrolling moves the window. With a
//! `/` filter the rows are exactly what the jump picker finds for the same words, in
//! its rank order (every match's id is held, records only for what is on screen).

use std::cell::Cell;
use std::collections::HashMap;

/// Which records a table lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TableKind {
    /// People.
    #[default]
    Contacts,
    /// Organisations.
    Companies,
}

/// Column titles per table.
pub fn columns(kind: TableKind) -> &'static [&'static str] {
    match kind {
        TableKind::Contacts => &[
            "Name",
            "Company",
            "Email",
            "Phone",
            "Owner",
            "Last touch",
            "Lifecycle",
            "Tags",
        ],
        TableKind::Companies => &[
            "Name",
            "Domain",
            "Industry",
            "Location",
            "Owner",
            "Last touch",
            "Contacts",
            "Tags",
        ],
    }
}

/// The columns a table can sort by (indexed), in the order `s` cycles through them.
pub fn sortable(kind: TableKind) -> &'static [usize] {
    match kind {
        TableKind::Contacts => &crate::store::sort::CONTACT_COLUMNS,
        TableKind::Companies => &crate::store::sort::COMPANY_COLUMNS,
    }
}

/// Rows a window keeps on each side of the selection.
pub const MARGIN: usize = 100;

/// A table's window.
#[derive(Debug, Clone, Default)]
pub struct RecordTable {
    /// Contacts or companies.
    pub kind: TableKind,
    /// The filter in the search syntax (fuzzy, `%field` scopes); empty shows all.
    pub filter: String,
    /// Why the filter does not parse (the rows shown stay as they were).
    pub error: Option<String>,
    /// The column sorted by.
    pub sort: usize,
    /// Descending instead of ascending.
    pub reverse: bool,
    /// Record ids of the window, in display order, starting at row `base`.
    pub rows: Vec<u64>,
    /// Sort keys of `rows` (unfiltered windows), to continue from.
    pub keys: Vec<String>,
    /// The absolute row of `rows[0]`.
    pub base: usize,
    /// How many rows the table has (all records, or all matches of the filter).
    pub total: usize,
    /// The selected row (absolute).
    pub selected: usize,
    /// The first row drawn, adjusted while drawing.
    pub offset: Cell<usize>,
    /// Contacts per company, for the companies on screen.
    pub counts: HashMap<u64, usize>,
    /// The window must be read again (data, sort or filter changed).
    pub stale: bool,
    /// Every match of the filter in rank order, once the search answered.
    pub matches: Option<Vec<u64>>,
    /// The filter text `matches` answer.
    pub matched_for: String,
    /// A record to select once the window is read (a jump, a new record).
    pub focus: Option<u64>,
}

impl RecordTable {
    /// A table of `kind`, to be read.
    pub fn new(kind: TableKind) -> RecordTable {
        RecordTable {
            kind,
            stale: true,
            ..RecordTable::default()
        }
    }

    /// The record at absolute row `i`, if the window holds it.
    pub fn row(&self, i: usize) -> Option<u64> {
        i.checked_sub(self.base)
            .and_then(|j| self.rows.get(j))
            .copied()
    }

    /// The selected record id.
    pub fn selected_id(&self) -> Option<u64> {
        self.row(self.selected)
    }

    /// Whether the window covers the selection with a margin (or reaches the ends).
    pub fn covers_selection(&self) -> bool {
        let end = self.base + self.rows.len();
        let lo_ok = self.base == 0 || self.selected >= self.base + MARGIN / 2;
        let hi_ok = end >= self.total || self.selected + MARGIN / 2 < end;
        lo_ok && hi_ok && self.selected >= self.base && (self.selected < end || self.total == 0)
    }

    /// Moves the selection by `delta` rows (clamped to the table).
    pub fn move_by(&mut self, delta: isize) {
        self.selected = self
            .selected
            .saturating_add_signed(delta)
            .min(self.total.saturating_sub(1));
    }

    /// Whether a filter is in force (it parses and is not empty).
    pub fn filtering(&self) -> bool {
        !self.filter.trim().is_empty() && self.error.is_none()
    }

    /// Sets the filter text; returns why it does not parse.
    pub fn set_filter(&mut self, text: String) -> Option<String> {
        if self.filter == text {
            return self.error.clone();
        }
        self.filter = text;
        self.selected = 0;
        self.error = crate::search::query::parse(&self.filter)
            .err()
            .map(|e| e.to_string());
        self.stale = true;
        self.error.clone()
    }

    /// Cycles to the next sortable column.
    pub fn sort_next(&mut self) {
        let cols = sortable(self.kind);
        let i = cols.iter().position(|c| *c == self.sort).unwrap_or(0);
        self.sort = cols[(i + 1) % cols.len()];
        self.order_changed();
    }

    /// Turns the order around.
    pub fn reverse_order(&mut self) {
        self.reverse = !self.reverse;
        self.order_changed();
    }

    // The window's keys belong to the order they were read in: a new order reads the
    // window afresh instead of walking on from keys of another column or direction.
    fn order_changed(&mut self) {
        self.keys.clear();
        self.stale = true;
    }
}
