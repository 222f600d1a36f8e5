//! Filling a rule's text (`Follow up on {title}`) from the record it fires for.

use crate::error::Result;
use crate::model::{Company, Instant, Pipeline, Record};
use crate::store::Queries;

/// Replaces `{title}`, `{name}`, `{stage}`, `{owner}`, `{company}` and `{days}` (days in
/// the stage for a deal, days since the last activity for a contact).
pub fn render<Q: Queries>(q: &Q, text: &str, subject: &Record, now: Instant) -> Result<String> {
    if !text.contains('{') {
        return Ok(text.to_string());
    }
    let company = |id: Option<u64>| -> Result<String> {
        Ok(match id {
            Some(i) => q.get::<Company>(i)?.map(|c| c.name).unwrap_or_default(),
            None => String::new(),
        })
    };
    let (title, stage, owner, company, days) = match subject {
        Record::Deal(d) => {
            let stage = q
                .get::<Pipeline>(d.pipeline)?
                .and_then(|p| p.stage(d.stage).map(|s| s.name.clone()))
                .unwrap_or_default();
            (
                d.title.clone(),
                stage,
                d.owner.clone(),
                company(d.company)?,
                d.days_in_stage(now),
            )
        }
        Record::Contact(c) => {
            let quiet = (now - c.last_activity.unwrap_or(c.created))
                .num_days()
                .max(0);
            (
                c.name.clone(),
                String::new(),
                c.owner.clone(),
                company(c.company)?,
                quiet,
            )
        }
        Record::Company(c) => (
            c.name.clone(),
            String::new(),
            c.owner.clone(),
            c.name.clone(),
            0,
        ),
        Record::Task(t) => (
            t.title.clone(),
            String::new(),
            t.assignee.clone(),
            String::new(),
            0,
        ),
        other => (
            other.label().to_string(),
            String::new(),
            String::new(),
            String::new(),
            0,
        ),
    };
    Ok(text
        .replace("{title}", &title)
        .replace("{name}", &title)
        .replace("{stage}", &stage)
        .replace("{owner}", &owner)
        .replace("{company}", &company)
        .replace("{days}", &days.to_string()))
}
