//! The searchable form of a record: one folded text per field.

use crate::model::{Company, Contact, Deal, Kind, Record, RecordId, Task, Ticket};

use super::fold;

/// The fields a query can be scoped to with `%field`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// Name, company, emails and tags together: what an unscoped query matches.
    All,
    /// A contact's or company's name, a deal's or task's title.
    Name,
    /// The company (its own name for a company).
    Company,
    /// Email addresses (and a company's domain).
    Email,
    /// Phone numbers.
    Phone,
    /// Tags.
    Tag,
    /// Owner or assignee.
    Owner,
}

impl Field {
    /// Every field, in column order.
    pub const ALL: [Field; 7] = [
        Field::All,
        Field::Name,
        Field::Company,
        Field::Email,
        Field::Phone,
        Field::Tag,
        Field::Owner,
    ];

    /// The matcher column of this field.
    pub fn column(self) -> usize {
        self as usize
    }

    /// The `%name` people type.
    pub fn name(self) -> &'static str {
        match self {
            Field::All => "all",
            Field::Name => "name",
            Field::Company => "company",
            Field::Email => "email",
            Field::Phone => "phone",
            Field::Tag => "tag",
            Field::Owner => "owner",
        }
    }

    /// Parses a field name or a unique prefix of one ("comp", "e").
    pub fn parse(s: &str) -> Option<Field> {
        let s = s.to_lowercase();
        if let Some(f) = Field::ALL.into_iter().find(|f| f.name() == s) {
            return Some(f);
        }
        let aliases = [
            ("title", Field::Name),
            ("assignee", Field::Owner),
            ("org", Field::Company),
            ("domain", Field::Email),
            ("tags", Field::Tag),
        ];
        if let Some((_, f)) = aliases.iter().find(|(a, _)| *a == s) {
            return Some(*f);
        }
        let mut prefixed = Field::ALL
            .into_iter()
            .filter(|f| !s.is_empty() && f.name().starts_with(&s));
        match (prefixed.next(), prefixed.next()) {
            (Some(f), None) => Some(f),
            _ => None,
        }
    }
}

/// Number of matcher columns.
pub const COLUMNS: usize = Field::ALL.len();

/// One record as the matcher sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDoc {
    /// The record.
    pub rid: RecordId,
    /// Folded text per [`Field`] column.
    pub columns: [String; COLUMNS],
}

/// The searchable fields of a record before company names are resolved; this is what
/// the store keeps in its search table (folded), so the CLI reads no whole records.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Parts {
    /// Name or title.
    pub name: String,
    /// The company whose name goes in the company column (a company's own id).
    pub company: Option<u64>,
    /// Emails (a company's domain), space-separated.
    pub emails: String,
    /// Phones, space-separated.
    pub phones: String,
    /// Tags, space-separated.
    pub tags: String,
    /// Owner or assignee.
    pub owner: String,
}

/// Separates the stored fields (the ASCII unit separator).
pub const SEP: char = '\u{1f}';

impl Parts {
    /// The searchable fields of a record, folded; `None` for kinds that are not searched
    /// (activities, pipelines).
    pub fn of(rec: &Record) -> Option<Parts> {
        let p = match rec {
            Record::Contact(Contact {
                name,
                company,
                emails,
                phones,
                tags,
                owner,
                ..
            }) => Parts {
                name: name.clone(),
                company: *company,
                emails: emails
                    .iter()
                    .map(|e| e.value.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
                phones: phones
                    .iter()
                    .map(|p| p.value.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
                tags: tags.join(" "),
                owner: owner.clone(),
            },
            Record::Company(Company {
                id,
                name,
                domain,
                tags,
                owner,
                ..
            }) => Parts {
                name: name.clone(),
                company: Some(*id),
                emails: domain.clone().unwrap_or_default(),
                phones: String::new(),
                tags: tags.join(" "),
                owner: owner.clone(),
            },
            Record::Deal(Deal {
                title,
                company,
                tags,
                owner,
                ..
            }) => Parts {
                name: title.clone(),
                company: *company,
                tags: tags.join(" "),
                owner: owner.clone(),
                ..Parts::default()
            },
            Record::Task(Task {
                title,
                assignee,
                link,
                ..
            }) => Parts {
                name: title.clone(),
                company: link.filter(|l| l.kind == Kind::Company).map(|l| l.id),
                owner: assignee.clone(),
                ..Parts::default()
            },
            Record::Ticket(Ticket {
                subject,
                company,
                tags,
                assignee,
                ..
            }) => Parts {
                name: subject.clone(),
                company: *company,
                tags: tags.join(" "),
                owner: assignee.clone(),
                ..Parts::default()
            },
            Record::Activity(_)
            | Record::Pipeline(_)
            | Record::Rule(_)
            | Record::Sla(_)
            | Record::Calendar(_) => return None,
        };
        Some(Parts {
            name: fold(&p.name),
            company: p.company,
            emails: fold(&p.emails),
            phones: fold(&p.phones),
            tags: fold(&p.tags),
            owner: fold(&p.owner),
        })
    }

    /// The stored form: fields separated by the ASCII unit separator.
    pub fn encode(&self) -> String {
        let company = self.company.map(|c| c.to_string()).unwrap_or_default();
        [
            self.name.as_str(),
            company.as_str(),
            &self.emails,
            &self.phones,
            &self.tags,
            &self.owner,
        ]
        .join(&SEP.to_string())
    }

    /// Reads the stored form (missing fields are empty).
    pub fn decode(s: &str) -> Parts {
        let mut f = s.split(SEP);
        let mut next = || f.next().unwrap_or("").to_string();
        Parts {
            name: next(),
            company: next().parse().ok(),
            emails: next(),
            phones: next(),
            tags: next(),
            owner: next(),
        }
    }
}

impl SearchDoc {
    /// The searchable form of a record; `company_name` resolves a company id. Returns
    /// `None` for kinds that are not searched (activities, pipelines).
    pub fn of(rec: &Record, company_name: impl Fn(u64) -> Option<String>) -> Option<SearchDoc> {
        Parts::of(rec)
            .map(|p| SearchDoc::from_parts(rec.rid(), &p, |id| company_name(id).map(|n| fold(&n))))
    }

    /// Builds the columns from folded parts; `company_name` gives folded names.
    pub fn from_parts(
        rid: RecordId,
        p: &Parts,
        company_name: impl Fn(u64) -> Option<String>,
    ) -> SearchDoc {
        let company = p.company.and_then(company_name).unwrap_or_default();
        let all = [
            p.name.as_str(),
            company.as_str(),
            p.emails.as_str(),
            p.tags.as_str(),
        ]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
        SearchDoc {
            rid,
            columns: [
                all,
                p.name.clone(),
                company,
                p.emails.clone(),
                p.phones.clone(),
                p.tags.clone(),
                p.owner.clone(),
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Labeled;

    #[test]
    fn a_contact_has_folded_columns_with_its_company() {
        let c = Contact {
            id: 4,
            name: "Jürgen Müller".into(),
            company: Some(7),
            emails: vec![Labeled {
                label: String::new(),
                value: "j@nordwind.de".into(),
            }],
            tags: vec!["vip".into()],
            owner: "sam".into(),
            ..Contact::default()
        };
        let d = SearchDoc::of(&Record::Contact(c), |id| {
            (id == 7).then(|| "Nordwind GmbH".to_string())
        })
        .unwrap();
        assert_eq!(d.columns[Field::Name.column()], "Jurgen Muller");
        assert_eq!(d.columns[Field::Company.column()], "Nordwind GmbH");
        assert_eq!(
            d.columns[Field::All.column()],
            "Jurgen Muller Nordwind GmbH j@nordwind.de vip"
        );
        assert_eq!(d.columns[Field::Owner.column()], "sam");
    }

    #[test]
    fn field_names_and_prefixes_parse() {
        assert_eq!(Field::parse("company"), Some(Field::Company));
        assert_eq!(Field::parse("comp"), Some(Field::Company));
        assert_eq!(Field::parse("e"), Some(Field::Email));
        assert_eq!(Field::parse("x"), None);
        assert_eq!(Field::parse(""), None);
    }
}
