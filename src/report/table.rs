//! Reports as tables: the rows a face shows (the CLI as aligned text or CSV, the TUI as
//! a `Table` widget). Cells stay typed until printed, so a terminal shows `€12,500.00`
//! and `42.9%` while CSV gets `12500.00` and `0.4286` for a spreadsheet.

use std::fmt::Write;

use crate::model::Currency;
use crate::model::money::format_money;

/// One cell of a report table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Plain text.
    Text(String),
    /// A count.
    Count(usize),
    /// Minor units of a currency.
    Money(i64, Currency),
    /// A fraction 0–1, none when undefined (0 of 0).
    Rate(Option<f64>),
    /// A figure such as days or hours, none when there is nothing to measure.
    Number(Option<f64>),
}

impl Cell {
    /// Text cell from anything displayable.
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// For people: money with its symbol, rates as percentages, "–" for none.
    pub fn display(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Count(n) => n.to_string(),
            Cell::Money(v, c) => format_money(*v, *c),
            Cell::Rate(Some(r)) => format!("{:.1}%", r * 100.0),
            Cell::Number(Some(x)) => format!("{x:.1}"),
            Cell::Rate(None) | Cell::Number(None) => "–".into(),
        }
    }

    /// For spreadsheets: plain numbers (major units with exact decimals), empty for none.
    pub fn plain(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Count(n) => n.to_string(),
            Cell::Money(v, c) => decimal(*v, *c),
            Cell::Rate(r) | Cell::Number(r) => r.map(|x| x.to_string()).unwrap_or_default(),
        }
    }
}

/// Minor units as a plain decimal in major units: 1250050 EUR → "12500.50".
pub fn decimal(minor: i64, currency: Currency) -> String {
    let digits = currency.minor_digits();
    let scale = 10u64.pow(digits);
    let abs = minor.unsigned_abs();
    let mut s = String::new();
    if minor < 0 {
        s.push('-');
    }
    let _ = write!(s, "{}", abs / scale);
    if digits > 0 {
        let _ = write!(s, ".{:0w$}", abs % scale, w = digits as usize);
    }
    s
}

/// A titled table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Short name, used by `--section` ("stages", "rates").
    pub name: &'static str,
    /// Heading shown above it.
    pub title: String,
    /// Column headers.
    pub headers: Vec<&'static str>,
    /// Rows of cells, as many as headers.
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// An empty table.
    pub fn new(name: &'static str, title: impl Into<String>, headers: Vec<&'static str>) -> Table {
        Table {
            name,
            title: title.into(),
            headers,
            rows: Vec::new(),
        }
    }

    /// Adds a row.
    pub fn push(&mut self, row: Vec<Cell>) {
        self.rows.push(row);
    }
}

/// A row per currency: `cells` gets the currency and whether it is the group's first
/// row (later rows leave counts blank, so a column sum counts each deal once); a single
/// row without currency when there is no money at all.
pub fn per_currency<'a>(
    currencies: impl IntoIterator<Item = &'a Currency>,
    mut cells: impl FnMut(Option<Currency>, bool) -> Vec<Cell>,
) -> Vec<Vec<Cell>> {
    let mut rows: Vec<Vec<Cell>> = currencies
        .into_iter()
        .enumerate()
        .map(|(i, c)| cells(Some(*c), i == 0))
        .collect();
    if rows.is_empty() {
        rows.push(cells(None, true));
    }
    rows
}

/// `cell` on a group's first row, blank on the rest.
pub fn first(first: bool, cell: Cell) -> Cell {
    if first { cell } else { Cell::text("") }
}

/// The amount of `c` in `sums` as a money cell; an empty cell when there is no currency.
pub fn money_cell(sums: &super::Amounts, c: Option<Currency>) -> Cell {
    match c {
        Some(c) => Cell::Money(sums.get(&c).copied().unwrap_or(0), c),
        None => Cell::text(""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_for_people_and_spreadsheets() {
        assert_eq!(Cell::Money(1_250_050, Currency::EUR).plain(), "12500.50");
        assert_eq!(Cell::Money(-5, Currency::EUR).plain(), "-0.05");
        assert_eq!(Cell::Money(1200, Currency::JPY).plain(), "1200");
        assert_eq!(Cell::Rate(Some(0.4286)).display(), "42.9%");
        assert_eq!(Cell::Rate(None).plain(), "");
    }
}
