//! What people type into a search box: fuzzy words, `%field word` to scope a word to one
//! field (`%company acme jane`), a kind prefix (`d: acme` for deals only), `"two words"`
//! for a phrase, and nucleo's own operators (`'exact`, `^prefix`, `suffix$`, `!not`).

use super::doc::{COLUMNS, Field};
use super::fold;
use crate::model::Kind;

/// Longest query used; longer input (a paste) is cut, never rejected.
const MAX_CHARS: usize = 256;

/// A parsed query: the pattern text per matcher column and an optional kind.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// Only records of this kind.
    pub kind: Option<Kind>,
    /// Pattern text per column (empty: no constraint).
    pub columns: [String; COLUMNS],
}

/// A query that cannot be understood; the message says what is accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// `%` without a field name.
    #[error("a lone % needs a field name: {}", field_list())]
    MissingField,
    /// `%foo` with an unknown name.
    #[error("unknown field %{0}: fields are {list}", list = field_list())]
    UnknownField(String),
}

fn field_list() -> String {
    Field::ALL
        .iter()
        .map(|f| format!("%{}", f.name()))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Query {
    /// Whether the query matches everything.
    pub fn is_empty(&self) -> bool {
        self.kind.is_none() && self.columns.iter().all(String::is_empty)
    }
}

/// Parses a query.
pub fn parse(input: &str) -> Result<Query, QueryError> {
    let cut: String = input.chars().take(MAX_CHARS).collect();
    let text = fold(&cut);
    let mut q = Query::default();
    let mut tokens = tokenize(&text).into_iter().peekable();
    if let Some(first) = tokens.peek()
        && let Some((kind, rest)) = kind_prefix(first)
    {
        q.kind = Some(kind);
        let rest = rest.to_string();
        tokens.next();
        if !rest.is_empty() {
            push(&mut q, Field::All, &rest);
        }
    }
    while let Some(tok) = tokens.next() {
        let Some(name) = tok.strip_prefix('%') else {
            push(&mut q, Field::All, &tok);
            continue;
        };
        let (name, inline) = match name.split_once(':') {
            Some((n, v)) => (n.to_string(), Some(v.to_string())),
            None => (name.to_string(), None),
        };
        if name.is_empty() {
            return Err(QueryError::MissingField);
        }
        let field = Field::parse(&name).ok_or_else(|| QueryError::UnknownField(name.clone()))?;
        let value = match inline {
            Some(v) if !v.is_empty() => Some(v),
            _ => tokens.next(),
        };
        if let Some(v) = value {
            push(&mut q, field, &v);
        }
    }
    Ok(q)
}

fn push(q: &mut Query, field: Field, word: &str) {
    let col = &mut q.columns[field.column()];
    if !col.is_empty() {
        col.push(' ');
    }
    col.push_str(word);
}

/// Splits on whitespace; `"a phrase"` stays one token with its spaces escaped the way
/// nucleo expects (`a\ phrase`).
fn tokenize(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && quoted => cur.push_str("\\ "),
            c if c.is_whitespace() => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn kind_prefix(tok: &str) -> Option<(Kind, &str)> {
    let (head, rest) = tok.split_once(':')?;
    let kind = match head.to_lowercase().as_str() {
        "c" | "contact" | "contacts" | "p" | "people" => Kind::Contact,
        "o" | "company" | "companies" | "org" => Kind::Company,
        "d" | "deal" | "deals" => Kind::Deal,
        "t" | "task" | "tasks" => Kind::Task,
        "s" | "ticket" | "tickets" => Kind::Ticket,
        _ => return None,
    };
    Some((kind, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(q: &Query, f: Field) -> &str {
        &q.columns[f.column()]
    }

    #[test]
    fn scopes_words_to_fields() {
        let q = parse("%company acme jane").unwrap();
        assert_eq!(col(&q, Field::Company), "acme");
        assert_eq!(col(&q, Field::All), "jane");
        let q = parse("%email:@acme.com %tag vip").unwrap();
        assert_eq!(col(&q, Field::Email), "@acme.com");
        assert_eq!(col(&q, Field::Tag), "vip");
    }

    #[test]
    fn kind_prefix_narrows() {
        let q = parse("d: acme").unwrap();
        assert_eq!(q.kind, Some(Kind::Deal));
        assert_eq!(col(&q, Field::All), "acme");
        let q = parse("deal:acme").unwrap();
        assert_eq!((q.kind, col(&q, Field::All)), (Some(Kind::Deal), "acme"));
        // Not a kind: kept as text.
        assert_eq!(parse("x:y").unwrap().kind, None);
    }

    #[test]
    fn accents_fold_and_phrases_stay_together() {
        let q = parse("Müller \"jane doe\"").unwrap();
        assert_eq!(col(&q, Field::All), "Muller jane\\ doe");
    }

    #[test]
    fn hostile_input_is_handled() {
        assert_eq!(parse("%"), Err(QueryError::MissingField));
        assert!(matches!(parse("%colour red"), Err(QueryError::UnknownField(f)) if f == "colour"));
        assert!(
            parse("%colour red")
                .unwrap_err()
                .to_string()
                .contains("%company")
        );
        for s in [
            "(a|b)*[x]+?",
            "\"unbalanced",
            "'\"'",
            "\u{1b}[2J\u{7}",
            "%company",
            "!",
            "^$",
            "\\",
        ] {
            assert!(parse(s).is_ok(), "{s:?}");
        }
        let long = "a".repeat(10_000);
        assert_eq!(col(&parse(&long).unwrap(), Field::All).len(), MAX_CHARS);
        assert!(parse("").unwrap().is_empty());
    }
}
