//! Carrying out a rule's actions on the record it fired for, through the ops write
//! path, inside the operation's transaction. Each change is marked with the rule.

use super::template::render;
use crate::error::{Error, Result};
use crate::model::*;
use crate::ops::{add_in, log_in, update_in};
use crate::store::{Queries, Tx};

/// Applies `rule`'s actions to `subject`; returns a short description of what it did.
pub fn apply(tx: &mut Tx, rule: &Rule, subject: RecordId) -> Result<Vec<String>> {
    let summary = tx.summary().to_string();
    let cause = tx.cause.replace(format!("R-{} {}", rule.id, rule.name));
    let result = apply_all(tx, rule, subject);
    tx.cause = cause;
    match &result {
        Ok(done) if !done.is_empty() => {
            tx.describe(format!("{summary}; R-{}: {}", rule.id, done.join(", ")))
        }
        _ => tx.describe(summary),
    }
    result
}

fn apply_all(tx: &mut Tx, rule: &Rule, subject: RecordId) -> Result<Vec<String>> {
    let mut done = Vec::new();
    for action in &rule.actions {
        let Some(rec) = tx.get_record(subject)? else {
            break;
        };
        let now = tx.now();
        match action {
            Action::CreateTask {
                title,
                due_in_days,
                assignee,
                close_on_reply,
            } => {
                let link = match &rec {
                    Record::Contact(_)
                    | Record::Company(_)
                    | Record::Deal(_)
                    | Record::Ticket(_) => Some(subject),
                    Record::Task(t) => t.link,
                    _ => None,
                };
                let today = now.with_timezone(&chrono::Local).date_naive();
                let due = today + chrono::Duration::days(i64::from(*due_in_days));
                let task = Task {
                    title: render(tx, title, &rec, now)?,
                    due: Some(Due {
                        date: due,
                        time: None,
                    }),
                    assignee: who(tx, rule, assignee, &rec)?,
                    link,
                    auto_close: close_on_reply.then_some(AutoClose::OnReply),
                    ..Task::default()
                };
                let t = add_in(tx, task)?;
                done.push(format!("added T-{} {}", t.id, t.title));
            }
            Action::SetLifecycle { to } => {
                if let Record::Contact(c) = &rec
                    && c.lifecycle != *to
                {
                    update_in(tx, c.id, |c: &mut Contact| {
                        c.lifecycle = *to;
                        Ok(())
                    })?;
                    done.push(format!("set {subject} lifecycle to {}", to.as_str()));
                }
            }
            Action::AddTag { tag } => {
                let tag = tag.trim().to_lowercase();
                let has = |tags: &[String]| tags.contains(&tag);
                let changed = match &rec {
                    Record::Contact(c) if !has(&c.tags) => {
                        update_in(tx, c.id, |c: &mut Contact| {
                            c.tags.push(tag.clone());
                            Ok(())
                        })?;
                        true
                    }
                    Record::Company(c) if !has(&c.tags) => {
                        update_in(tx, c.id, |c: &mut Company| {
                            c.tags.push(tag.clone());
                            Ok(())
                        })?;
                        true
                    }
                    Record::Deal(d) if !has(&d.tags) => {
                        update_in(tx, d.id, |d: &mut Deal| {
                            d.tags.push(tag.clone());
                            Ok(())
                        })?;
                        true
                    }
                    Record::Ticket(t) if !has(&t.tags) => {
                        update_in(tx, t.id, |t: &mut Ticket| {
                            t.tags.push(tag.clone());
                            Ok(())
                        })?;
                        true
                    }
                    _ => false,
                };
                if changed {
                    done.push(format!("tagged {subject} {tag}"));
                }
            }
            Action::AssignOwner { to } => {
                let owner = who(tx, rule, to, &rec)?;
                match &rec {
                    Record::Contact(c) if c.owner != owner => {
                        update_in(tx, c.id, |c: &mut Contact| {
                            c.owner = owner.clone();
                            Ok(())
                        })?;
                    }
                    Record::Company(c) if c.owner != owner => {
                        update_in(tx, c.id, |c: &mut Company| {
                            c.owner = owner.clone();
                            Ok(())
                        })?;
                    }
                    Record::Deal(d) if d.owner != owner => {
                        update_in(tx, d.id, |d: &mut Deal| {
                            d.owner = owner.clone();
                            Ok(())
                        })?;
                    }
                    Record::Ticket(t) if t.assignee != owner => {
                        update_in(tx, t.id, |t: &mut Ticket| {
                            t.assignee = owner.clone();
                            Ok(())
                        })?;
                    }
                    _ => continue,
                }
                done.push(format!("assigned {subject} to {owner}"));
            }
            Action::AddNote { text } => {
                let mut note = Activity {
                    kind: ActivityKind::Note,
                    subject: render(tx, text, &rec, now)?,
                    at: now,
                    ..Activity::default()
                };
                match &rec {
                    Record::Contact(c) => note.contacts = vec![c.id],
                    Record::Company(c) => note.company = Some(c.id),
                    Record::Deal(d) => note.deal = Some(d.id),
                    Record::Ticket(t) => note.ticket = Some(t.id),
                    _ => continue,
                }
                let a = log_in(tx, note)?;
                done.push(format!("noted A-{}", a.id));
            }
            Action::SetPriority { to } => {
                if let Record::Ticket(t) = &rec
                    && t.priority != *to
                {
                    update_in(tx, t.id, |t: &mut Ticket| {
                        t.priority = *to;
                        Ok(())
                    })?;
                    done.push(format!("set {subject} priority to {}", to.as_str()));
                }
            }
        }
    }
    Ok(done)
}

/// Resolves an assignee for `rec`.
fn who(tx: &mut Tx, rule: &Rule, a: &Assignee, rec: &Record) -> Result<String> {
    let owner = || match rec {
        Record::Contact(c) => c.owner.clone(),
        Record::Company(c) => c.owner.clone(),
        Record::Deal(d) => d.owner.clone(),
        Record::Task(t) => t.assignee.clone(),
        Record::Ticket(t) => t.assignee.clone(),
        _ => String::new(),
    };
    Ok(match a {
        Assignee::Owner => owner(),
        Assignee::User(u) => u.clone(),
        Assignee::RoundRobin(users) => {
            let users = if users.is_empty() {
                tx.users()?
            } else {
                users.clone()
            };
            if users.is_empty() {
                return Ok(owner());
            }
            let turn = tx.bump_counter(&format!("round_robin.R-{}", rule.id))?;
            users[(turn % users.len() as u64) as usize].clone()
        }
        Assignee::ByField {
            field,
            map,
            fallback,
        } => {
            let value = match (field.as_str(), rec) {
                ("location", Record::Contact(c)) => c.location.clone(),
                ("location", Record::Company(c)) => c.location.clone(),
                ("source", Record::Contact(c)) => c.source.clone(),
                ("source", Record::Deal(d)) => d.source.clone(),
                ("location" | "source", _) => None,
                (other, _) => {
                    return Err(Error::invalid(
                        "assignee",
                        format!(
                            "rule R-{} assigns by unknown field '{other}'; use location or source",
                            rule.id
                        ),
                    ));
                }
            }
            .unwrap_or_default()
            .to_lowercase();
            map.iter()
                .find(|(k, _)| !k.is_empty() && value.contains(&k.to_lowercase()))
                .map(|(_, u)| u.clone())
                .or_else(|| fallback.clone())
                .unwrap_or_else(owner)
        }
    })
}
