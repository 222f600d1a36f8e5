//! Whether a record meets a rule's conditions.

use crate::error::Result;
use crate::model::{Condition, Pipeline, Record};
use crate::store::Queries;

/// Whether every condition holds for `subject`.
pub fn all_hold<Q: Queries>(q: &Q, conditions: &[Condition], subject: &Record) -> Result<bool> {
    for c in conditions {
        if !holds(q, c, subject)? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn holds<Q: Queries>(q: &Q, c: &Condition, subject: &Record) -> Result<bool> {
    let eq = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
    Ok(match (c, subject) {
        (Condition::Pipeline { is }, Record::Deal(d)) => q
            .get::<Pipeline>(d.pipeline)?
            .is_some_and(|p| eq(&p.name, is)),
        (Condition::Stage { is }, Record::Deal(d)) => q
            .get::<Pipeline>(d.pipeline)?
            .and_then(|p| p.stage(d.stage).map(|s| eq(&s.name, is)))
            .unwrap_or(false),
        (Condition::ValueAtLeast { minor }, Record::Deal(d)) => d.value >= *minor,
        (Condition::ValueBelow { minor }, Record::Deal(d)) => d.value < *minor,
        (Condition::Owner { is }, r) => owner(r).is_some_and(|o| eq(o, is)),
        (Condition::Tag { is }, r) => tags(r).iter().any(|t| eq(t, is)),
        (Condition::Lifecycle { is }, Record::Contact(c)) => c.lifecycle == *is,
        (Condition::Priority { is }, Record::Ticket(t)) => t.priority == *is,
        (Condition::Source { is }, r) => match source(r) {
            Some(s) => is == "*" || eq(s, is),
            None => false,
        },
        _ => false,
    })
}

fn owner(r: &Record) -> Option<&str> {
    match r {
        Record::Contact(c) => Some(&c.owner),
        Record::Company(c) => Some(&c.owner),
        Record::Deal(d) => Some(&d.owner),
        Record::Task(t) => Some(&t.assignee),
        Record::Activity(a) => Some(&a.author),
        Record::Ticket(t) => Some(&t.assignee),
        _ => None,
    }
}

fn tags(r: &Record) -> &[String] {
    match r {
        Record::Contact(c) => &c.tags,
        Record::Company(c) => &c.tags,
        Record::Deal(d) => &d.tags,
        Record::Ticket(t) => &t.tags,
        _ => &[],
    }
}

fn source(r: &Record) -> Option<&str> {
    match r {
        Record::Contact(c) => c.source.as_deref(),
        Record::Deal(d) => d.source.as_deref(),
        _ => None,
    }
}
