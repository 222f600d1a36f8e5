//! Reading a form: each field's text is parsed (dates in natural language, money, names
//! completed to records) into a [`Write`]; every problem is reported on its field.

use chrono::NaiveDate;

use super::{Form, FormTarget, resolve_company, resolve_contact, resolve_link};
use crate::model::dates::{parse_date, parse_due};
use crate::model::money::parse_amount;
use crate::model::{Activity, ActivityKind, Currency, Instant, Kind, Lifecycle, Priority};
use crate::tui::data::Data;
use crate::tui::write::{CompanyFields, ContactFields, DealFields, TaskFields, Write};

/// What a form needs to know about the world to be read.
pub struct Context<'a> {
    /// The loaded records.
    pub data: &'a Data,
    /// The current date.
    pub today: NaiveDate,
    /// The current time.
    pub now: Instant,
    /// The currency of new deals.
    pub currency: Currency,
}

/// Field errors: (field key, message).
pub type Errors = Vec<(&'static str, String)>;

struct Reader<'a> {
    form: &'a Form,
    errors: Errors,
}

impl Reader<'_> {
    fn text(&self, key: &str) -> String {
        self.form.value(key).trim().to_string()
    }

    fn opt(&self, key: &str) -> Option<String> {
        Some(self.text(key)).filter(|s| !s.is_empty())
    }

    fn required(&mut self, key: &'static str) -> String {
        let v = self.text(key);
        if v.is_empty() {
            self.errors.push((key, "required".into()));
        }
        v
    }

    fn check<T>(&mut self, key: &'static str, r: Result<T, String>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.errors.push((key, e));
                None
            }
        }
    }

    fn tags(&self) -> Vec<String> {
        self.text("tags")
            .split(',')
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect()
    }
}

/// Reads the form into a write, or the problems per field.
pub fn build(form: &Form, cx: &Context) -> Result<Write, Errors> {
    let mut r = Reader {
        form,
        errors: Vec::new(),
    };
    let data = cx.data;
    let write = match form.target {
        FormTarget::Contact(id) => {
            let name = r.required("name");
            let current = id.and_then(|i| data.contact(i)).and_then(|c| c.company);
            let company = r
                .check(
                    "company",
                    resolve_company(&r.text("company"), data, current),
                )
                .flatten();
            let lifecycle = r.check(
                "lifecycle",
                Lifecycle::parse(&r.text("lifecycle"))
                    .ok_or_else(|| "choose lead, prospect, customer or former".to_string()),
            );
            Write::Contact(
                id,
                ContactFields {
                    name,
                    email: r.opt("email"),
                    phone: r.opt("phone"),
                    company,
                    title: r.opt("title"),
                    lifecycle: lifecycle.unwrap_or_default(),
                    tags: r.tags(),
                },
            )
        }
        FormTarget::Company(id) => Write::Company(
            id,
            CompanyFields {
                name: r.required("name"),
                domain: r.opt("domain"),
                industry: r.opt("industry"),
                location: r.opt("location"),
                tags: r.tags(),
            },
        ),
        FormTarget::Deal {
            id,
            pipeline,
            stage,
        } => {
            let title = r.required("title");
            let currency = id
                .and_then(|i| data.deal(i))
                .map(|d| d.currency)
                .unwrap_or(cx.currency);
            let value = match r.opt("value") {
                None => Some(0),
                Some(v) => r.check(
                    "value",
                    parse_amount(&v, currency).map_err(|e| e.to_string()),
                ),
            };
            let current = id.and_then(|i| data.deal(i)).and_then(|d| d.company);
            let company = r
                .check(
                    "company",
                    resolve_company(&r.text("company"), data, current),
                )
                .flatten();
            let contact = r
                .check("contact", resolve_contact(&r.text("contact"), data))
                .flatten();
            let close_date = match r.opt("close_date") {
                None => None,
                Some(v) => r.check(
                    "close_date",
                    parse_date(&v, cx.today).map_err(|e| e.to_string()),
                ),
            };
            Write::Deal(
                id,
                DealFields {
                    title,
                    value: value.unwrap_or(0),
                    currency,
                    company,
                    contact,
                    close_date,
                    owner: r.text("owner"),
                    pipeline,
                    stage,
                },
            )
        }
        FormTarget::Task { id, .. } => {
            let title = r.required("title");
            let due = match r.opt("due") {
                None => None,
                Some(v) => r.check("due", parse_due(&v, cx.today).map_err(|e| e.to_string())),
            };
            let link = r
                .check("link", resolve_link(&r.text("link"), data))
                .flatten();
            let priority = r.check(
                "priority",
                Priority::parse(&r.text("priority"))
                    .ok_or_else(|| "choose low, normal or high".to_string()),
            );
            Write::Task(
                id,
                TaskFields {
                    title,
                    due,
                    link,
                    priority: priority.unwrap_or_default(),
                    assignee: r.text("assignee"),
                },
            )
        }
        FormTarget::Activity => {
            let kind = r.check(
                "kind",
                ActivityKind::parse(&r.text("kind"))
                    .ok_or_else(|| "choose call, email, meeting or note".to_string()),
            );
            let subject = r.text("subject");
            let body = r.text("body");
            if subject.is_empty() && body.is_empty() {
                r.errors.push(("subject", "required".into()));
            }
            // As `rolo log --at`: a time is local; a day without one takes the time now.
            let at = match r.opt("at") {
                None => cx.now,
                Some(v) => {
                    match r.check("at", parse_due(&v, cx.today).map_err(|e| e.to_string())) {
                        Some(due) if due.date == cx.today && due.time.is_none() => cx.now,
                        Some(due) => {
                            let local_now = cx.now.with_timezone(&chrono::Local).time();
                            let local = due.date.and_time(due.time.unwrap_or(local_now));
                            match local.and_local_timezone(chrono::Local).earliest() {
                                Some(t) => t.with_timezone(&chrono::Utc),
                                None => {
                                    r.errors.push((
                                        "at",
                                        format!("'{v}' does not exist in the local time zone"),
                                    ));
                                    cx.now
                                }
                            }
                        }
                        None => cx.now,
                    }
                }
            };
            let contact = r
                .check("contact", resolve_contact(&r.text("contact"), data))
                .flatten();
            let link = r
                .check("link", resolve_link(&r.text("link"), data))
                .flatten();
            Write::Activity(Activity {
                kind: kind.unwrap_or_default(),
                subject,
                body,
                at,
                contacts: contact
                    .into_iter()
                    .chain(link.filter(|l| l.kind == Kind::Contact).map(|l| l.id))
                    .collect(),
                company: link.filter(|l| l.kind == Kind::Company).map(|l| l.id),
                deal: link.filter(|l| l.kind == Kind::Deal).map(|l| l.id),
                ..Activity::default()
            })
        }
    };
    if r.errors.is_empty() {
        Ok(write)
    } else {
        Err(r.errors)
    }
}
