//! Which column fills which rolo field: `--map "Column=field,..."` first, then the known
//! headers of other products. When two columns name the same single-valued field, the
//! better-ranked one wins and the other is left out (and reported as ignored).

use std::path::Path;

use super::field::{self, Field};
use super::headers;
use crate::interchange::error::{InterchangeError, Result, shorten};
use crate::interchange::kind::ImportKind;

/// The fields of a file's columns.
#[derive(Debug, Clone)]
pub struct Mapping {
    /// By column index: the field it fills, if any.
    pub columns: Vec<Option<Field>>,
    /// Column names that fill nothing.
    pub ignored: Vec<String>,
    /// The product that wrote the header, when recognised.
    pub source: Option<&'static str>,
}

impl Mapping {
    /// Index of the (first) column filling `field`.
    pub fn column_of(&self, field: &Field) -> Option<usize> {
        self.columns.iter().position(|f| f.as_ref() == Some(field))
    }

    /// Whether some column fills a field matching `pred`.
    pub fn has(&self, pred: impl Fn(&Field) -> bool) -> bool {
        self.columns.iter().flatten().any(pred)
    }
}

/// Parses `--map "Column=field,Other=field"` against the header.
pub fn parse_overrides(
    kind: ImportKind,
    headers: &[String],
    spec: &str,
) -> Result<Vec<(usize, Field)>> {
    let mut out = Vec::new();
    for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let bad = |reason: String| InterchangeError::BadMap {
            option: "--map",
            spec: part.to_string(),
            reason,
        };
        let (column, name) = part
            .rsplit_once('=')
            .ok_or_else(|| bad("expected Column=field".into()))?;
        let column = column.trim();
        let index = headers
            .iter()
            .position(|h| h == column)
            .or_else(|| headers.iter().position(|h| h.eq_ignore_ascii_case(column)))
            .or_else(|| {
                let want = headers::normalise(column);
                headers.iter().position(|h| headers::normalise(h) == want)
            })
            .ok_or_else(|| {
                bad(format!(
                    "the file has no column \"{column}\"; its columns are {}",
                    list_columns(headers)
                ))
            })?;
        let field = field::parse(kind, name).ok_or_else(|| {
            bad(format!(
                "\"{}\" is not a {} field; use one of {}",
                name.trim(),
                kind.kind().noun(),
                field::names(kind).join(", ")
            ))
        })?;
        out.push((index, field));
    }
    Ok(out)
}

/// Builds the mapping for a header, with `overrides` from `--map`.
pub fn build(
    path: &Path,
    kind: ImportKind,
    headers: &[String],
    overrides: &[(usize, Field)],
) -> Result<Mapping> {
    // (column, field, rank); overrides rank before every alias.
    let mut candidates: Vec<(usize, Field, u8)> = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        if let Some((_, f)) = overrides.iter().find(|(c, _)| *c == i) {
            candidates.push((i, f.clone(), 0));
        } else if let Some((f, rank)) = headers::recognise(kind, h) {
            candidates.push((i, f, rank + 1));
        }
    }
    let mut columns: Vec<Option<Field>> = vec![None; headers.len()];
    for (i, f, rank) in &candidates {
        let beaten = !f.is_multi()
            && candidates
                .iter()
                .any(|(j, g, r)| g == f && (r < rank || (r == rank && j < i)));
        if !beaten {
            columns[*i] = Some(f.clone());
        }
    }
    let useful = columns
        .iter()
        .flatten()
        .any(|f| !matches!(f, Field::Ignore));
    if !useful {
        return Err(InterchangeError::NoMatchingColumns {
            path: path.to_path_buf(),
            kind: kind.kind().noun(),
            columns: list_columns(headers),
            fields: field::names(kind).join(", "),
        });
    }
    let ignored = headers
        .iter()
        .zip(&columns)
        .filter(|(_, f)| f.is_none() || matches!(f, Some(Field::Ignore)))
        .map(|(h, _)| h.clone())
        .collect();
    let mapping = Mapping {
        columns,
        ignored,
        source: headers::detect_source(headers),
    };
    require(path, kind, headers, &mapping)?;
    Ok(mapping)
}

/// The field without which no row of `kind` can be imported has to have a column.
fn require(path: &Path, kind: ImportKind, headers: &[String], m: &Mapping) -> Result<()> {
    let (ok, field) = match kind {
        ImportKind::Contacts => (
            m.has(|f| {
                matches!(
                    f,
                    Field::Name | Field::GivenName | Field::FamilyName | Field::Email(_)
                )
            }),
            "name",
        ),
        ImportKind::Companies => (m.has(|f| *f == Field::Name), "name"),
        ImportKind::Deals => (m.has(|f| *f == Field::Title), "title"),
        ImportKind::Activities => (
            m.has(|f| matches!(f, Field::Title | Field::Notes)),
            "subject",
        ),
        ImportKind::Tasks => (m.has(|f| *f == Field::Title), "title"),
    };
    if ok {
        return Ok(());
    }
    Err(InterchangeError::MissingField {
        path: path.to_path_buf(),
        kind: kind.kind().noun(),
        field,
        columns: list_columns(headers),
    })
}

/// `"First", "Last", ...` for a message; each name shortened, at most 60 listed.
pub fn list_columns(headers: &[String]) -> String {
    let mut s = headers
        .iter()
        .take(60)
        .map(|h| format!("\"{}\"", shorten(h, 40)))
        .collect::<Vec<_>>()
        .join(", ");
    if headers.len() > 60 {
        s.push_str(&format!(" and {} more", headers.len() - 60));
    }
    if s.is_empty() {
        s.push_str("(none)");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn better_ranked_columns_win_and_overrides_beat_aliases() {
        let headers = h(&["Title", "Job Title", "E-mail Address", "Shoe"]);
        let m = build(Path::new("x"), ImportKind::Contacts, &headers, &[]).unwrap();
        assert_eq!(m.column_of(&Field::Title), Some(1));
        assert_eq!(m.ignored, ["Title", "Shoe"]);
        let o = parse_overrides(ImportKind::Contacts, &headers, "shoe=custom.shoe_size").unwrap();
        let m = build(Path::new("x"), ImportKind::Contacts, &headers, &o).unwrap();
        assert_eq!(m.columns[3], Some(Field::Custom("shoe_size".into())));
        let err = parse_overrides(ImportKind::Contacts, &headers, "Shoe=size").unwrap_err();
        assert!(err.to_string().contains("not a contact field"), "{err}");
    }

    #[test]
    fn a_header_matching_nothing_lists_columns_and_fields() {
        let err = build(
            Path::new("x"),
            ImportKind::Contacts,
            &h(&["Foo", "Bar"]),
            &[],
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("\"Foo\", \"Bar\"") && err.contains("given_name"),
            "{err}"
        );
    }
}
