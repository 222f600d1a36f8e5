//! Validation and normalisation of every record kind before it is written: required
//! fields, formats, references to other records, uniqueness of emails. Errors name the
//! field and the value and say what is accepted.

use crate::error::{Error, Result};
use crate::model::record::Entity;
use crate::model::text::tidy;
use crate::model::*;
use crate::store::{Queries, Tx};

/// A record kind that can be checked and completed before it is written.
pub trait Prepare: Entity {
    /// Normalises and validates `self`; fills owner and timestamps. `before` is the
    /// stored version when editing.
    fn prepare(&mut self, tx: &Tx, before: Option<&Self>) -> Result<()>;
}

/// Trims and checks an email address; returns it as typed (case kept) but trimmed.
pub fn normalize_email(raw: &str) -> Result<String> {
    let e = raw.trim();
    let bad = || {
        Error::invalid(
            "email",
            format!("'{raw}' is not an email address (expected name@example.com)"),
        )
    };
    let (local, domain) = e.split_once('@').ok_or_else(bad)?;
    let ok = !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && !e.chars().any(|c| {
            c.is_whitespace() || c.is_control() || c == ',' || c == ';' || c == '<' || c == '>'
        });
    if ok { Ok(e.to_string()) } else { Err(bad()) }
}

/// Lower-cases, trims and de-duplicates tags, dropping empty ones.
pub fn normalize_tags(tags: &mut Vec<String>) {
    let mut seen = std::collections::BTreeSet::new();
    tags.retain_mut(|t| {
        *t = t.trim().trim_start_matches('#').to_lowercase();
        !t.is_empty() && seen.insert(t.clone())
    });
}

pub(super) fn required(field: &str, value: &str) -> Result<String> {
    let v = tidy(value);
    if v.is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    Ok(v)
}

pub(super) fn must_exist<Q: Queries>(q: &Q, rid: RecordId, field: &str) -> Result<()> {
    if q.exists(rid)? {
        Ok(())
    } else {
        Err(Error::invalid(field, format!("{rid} does not exist")))
    }
}

fn stamp(created: &mut Instant, updated: &mut Instant, tx: &Tx, editing: bool) {
    if !editing {
        *created = tx.now();
    }
    *updated = tx.now();
}

fn owner_or_actor(owner: &mut String, tx: &Tx) {
    if owner.trim().is_empty() {
        *owner = tx.actor().name.clone();
    }
}

impl Prepare for Contact {
    fn prepare(&mut self, tx: &Tx, before: Option<&Self>) -> Result<()> {
        self.name = required("name", &self.name)?;
        for e in &mut self.emails {
            e.value = normalize_email(&e.value)?;
            let known = before.is_some_and(|b| {
                b.emails
                    .iter()
                    .any(|o| o.value.eq_ignore_ascii_case(&e.value))
            });
            if !known {
                crate::privacy::suppress::check(tx, &e.value)?;
            }
            if let Some(other) = tx.contact_by_email(&e.value)?
                && other != self.id
            {
                return Err(Error::invalid(
                    "email",
                    format!("{} already belongs to C-{other}", e.value),
                ));
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        self.emails.retain(|e| seen.insert(e.value.to_lowercase()));
        self.phones
            .iter_mut()
            .for_each(|p| p.value = tidy(&p.value));
        self.phones.retain(|p| !p.value.is_empty());
        normalize_tags(&mut self.tags);
        if let Some(co) = self.company {
            must_exist(tx, RecordId::new(Kind::Company, co), "company")?;
        }
        owner_or_actor(&mut self.owner, tx);
        stamp(&mut self.created, &mut self.updated, tx, before.is_some());
        Ok(())
    }
}

impl Prepare for Company {
    fn prepare(&mut self, tx: &Tx, before: Option<&Self>) -> Result<()> {
        self.name = required("name", &self.name)?;
        if let Some(d) = &mut self.domain {
            let clean = d
                .trim()
                .trim_start_matches("https://")
                .trim_start_matches("http://")
                .trim_start_matches("www.")
                .trim_end_matches('/')
                .to_lowercase();
            if clean.is_empty() {
                self.domain = None;
            } else if !clean.contains('.')
                || clean
                    .chars()
                    .any(|c| c.is_whitespace() || c == '@' || c == '/')
            {
                return Err(Error::invalid(
                    "domain",
                    format!("'{d}' is not a web domain (expected example.com)"),
                ));
            } else {
                *d = clean;
            }
        }
        normalize_tags(&mut self.tags);
        owner_or_actor(&mut self.owner, tx);
        stamp(&mut self.created, &mut self.updated, tx, before.is_some());
        Ok(())
    }
}

impl Prepare for Deal {
    fn prepare(&mut self, tx: &Tx, before: Option<&Self>) -> Result<()> {
        self.title = required("title", &self.title)?;
        let pipeline: Pipeline = tx.get(self.pipeline)?.ok_or_else(|| {
            Error::invalid("pipeline", format!("P-{} does not exist", self.pipeline))
        })?;
        let stage = pipeline.stage(self.stage).ok_or_else(|| {
            Error::invalid(
                "stage",
                format!(
                    "pipeline {} has no stage {}; its stages are {}",
                    pipeline.name,
                    self.stage,
                    pipeline.stage_names().join(", ")
                ),
            )
        })?;
        if self.value < 0 {
            return Err(Error::invalid(
                "value",
                format!("{} is negative; values are amounts like 12500", self.value),
            ));
        }
        if let Some(p) = self.probability
            && p > 100
        {
            return Err(Error::invalid(
                "probability",
                format!("{p} is over 100; give a percentage from 0 to 100"),
            ));
        }
        if let Some(co) = self.company {
            must_exist(tx, RecordId::new(Kind::Company, co), "company")?;
        }
        self.contacts.dedup();
        for c in &self.contacts {
            must_exist(tx, RecordId::new(Kind::Contact, *c), "contact")?;
        }
        normalize_tags(&mut self.tags);
        owner_or_actor(&mut self.owner, tx);
        let stage_changed = before
            .map(|b| b.stage != self.stage || b.pipeline != self.pipeline)
            .unwrap_or(true);
        if stage_changed {
            self.history.push(StageEntry {
                stage: self.stage,
                at: tx.now(),
            });
        }
        let status = match stage.outcome {
            StageOutcome::Open => DealStatus::Open,
            StageOutcome::Won => DealStatus::Won,
            StageOutcome::Lost => DealStatus::Lost,
        };
        if status != self.status || stage_changed {
            self.closed_at = (status != DealStatus::Open).then(|| tx.now());
        }
        if status != DealStatus::Lost {
            self.lost_reason = None;
        }
        self.status = status;
        stamp(&mut self.created, &mut self.updated, tx, before.is_some());
        Ok(())
    }
}

impl Prepare for Activity {
    fn prepare(&mut self, tx: &Tx, before: Option<&Self>) -> Result<()> {
        self.subject = tidy(&self.subject);
        if self.subject.is_empty() {
            self.subject = tidy(self.body.lines().next().unwrap_or(""));
        }
        if self.subject.is_empty() {
            return Err(Error::invalid(
                "subject",
                "an activity needs a subject or some text",
            ));
        }
        self.contacts.dedup();
        for c in &self.contacts {
            must_exist(tx, RecordId::new(Kind::Contact, *c), "contact")?;
        }
        if let Some(co) = self.company {
            must_exist(tx, RecordId::new(Kind::Company, co), "company")?;
        }
        if let Some(d) = self.deal {
            must_exist(tx, RecordId::new(Kind::Deal, d), "deal")?;
        }
        if let Some(t) = self.ticket {
            must_exist(tx, RecordId::new(Kind::Ticket, t), "ticket")?;
        }
        if let Some(x) = &self.external_id
            && let Some(other) = tx.activity_by_external(x)?
            && other != self.id
        {
            return Err(Error::Conflict(format!(
                "an activity with external id {x} is already logged as A-{other}"
            )));
        }
        owner_or_actor(&mut self.author, tx);
        if before.is_none() {
            self.created = tx.now();
        }
        Ok(())
    }
}

impl Prepare for Task {
    fn prepare(&mut self, tx: &Tx, before: Option<&Self>) -> Result<()> {
        self.title = required("title", &self.title)?;
        if let Some(link) = self.link {
            if !matches!(
                link.kind,
                Kind::Contact | Kind::Company | Kind::Deal | Kind::Ticket
            ) {
                return Err(Error::invalid(
                    "link",
                    format!("{link}: tasks link to a contact, company, deal or ticket"),
                ));
            }
            must_exist(tx, link, "link")?;
        }
        owner_or_actor(&mut self.assignee, tx);
        stamp(&mut self.created, &mut self.updated, tx, before.is_some());
        Ok(())
    }
}

impl Prepare for Pipeline {
    fn prepare(&mut self, tx: &Tx, before: Option<&Self>) -> Result<()> {
        self.name = required("name", &self.name)?;
        super::pipeline::check_stages(self)?;
        for p in tx.pipelines()? {
            if p.id != self.id && p.name.eq_ignore_ascii_case(&self.name) {
                return Err(Error::invalid(
                    "name",
                    format!("a pipeline named {} already exists (P-{})", p.name, p.id),
                ));
            }
        }
        if let Some(old) = before {
            for s in &old.stages {
                if self.stage(s.id).is_none() && !tx.deals_in_stage(old.id, s.id)?.is_empty() {
                    return Err(Error::Conflict(format!(
                        "stage {} of {} still holds deals; move them before removing it",
                        s.name, old.name
                    )));
                }
            }
        }
        Ok(())
    }
}

impl Prepare for Rule {
    fn prepare(&mut self, tx: &Tx, before: Option<&Self>) -> Result<()> {
        self.name = required("name", &self.name)?;
        if self.actions.is_empty() {
            return Err(Error::invalid(
                "then",
                "a rule needs at least one action (--task, --tag, --lifecycle, --assign or --note)",
            ));
        }
        let pipelines = tx.pipelines()?;
        let stage_known = |name: &str| {
            pipelines.iter().any(|p| {
                p.stages
                    .iter()
                    .any(|s| s.name.eq_ignore_ascii_case(name.trim()))
            })
        };
        let all_stages = || {
            let mut names: Vec<&str> = pipelines
                .iter()
                .flat_map(|p| p.stages.iter().map(|s| s.name.as_str()))
                .collect();
            names.dedup();
            names.join(", ")
        };
        let mut users = tx.users()?;
        users.push(tx.actor().name.clone());
        let user_known = |u: &str| users.iter().any(|k| k.eq_ignore_ascii_case(u.trim()));
        let unknown_user = |u: &str| {
            let mut list = users.clone();
            list.sort();
            list.dedup();
            Error::invalid(
                "user",
                format!("no user '{u}': users are {}", list.join(", ")),
            )
        };
        if let Trigger::EnteredStage { stage } = &self.when
            && !stage_known(stage)
        {
            return Err(Error::invalid(
                "stage",
                format!(
                    "no stage '{stage}' in any pipeline: stages are {}",
                    all_stages()
                ),
            ));
        }
        for c in &self.conditions {
            match c {
                Condition::Stage { is } if !stage_known(is) => {
                    return Err(Error::invalid(
                        "stage",
                        format!(
                            "no stage '{is}' in any pipeline: stages are {}",
                            all_stages()
                        ),
                    ));
                }
                Condition::Pipeline { is }
                    if !pipelines
                        .iter()
                        .any(|p| p.name.eq_ignore_ascii_case(is.trim())) =>
                {
                    return Err(Error::invalid("pipeline", format!("no pipeline '{is}'")));
                }
                Condition::Owner { is } if !user_known(is) => return Err(unknown_user(is)),
                _ => {}
            }
        }
        for a in &self.actions {
            let assignee = match a {
                Action::CreateTask {
                    title, assignee, ..
                } => {
                    required("task", title)?;
                    Some(assignee)
                }
                Action::AssignOwner { to } => Some(to),
                Action::AddTag { tag } => {
                    required("tag", tag)?;
                    None
                }
                Action::AddNote { text } => {
                    required("note", text)?;
                    None
                }
                Action::SetLifecycle { .. } | Action::SetPriority { .. } => None,
            };
            match assignee {
                Some(Assignee::User(u)) if !user_known(u) => return Err(unknown_user(u)),
                Some(Assignee::RoundRobin(list)) => {
                    if let Some(u) = list.iter().find(|u| !user_known(u)) {
                        return Err(unknown_user(u));
                    }
                }
                Some(Assignee::ByField {
                    field,
                    map,
                    fallback,
                }) => {
                    if field != "location" && field != "source" {
                        return Err(Error::invalid(
                            "field",
                            format!("cannot assign by '{field}': use location or source"),
                        ));
                    }
                    if let Some(u) = map.values().chain(fallback.iter()).find(|u| !user_known(u)) {
                        return Err(unknown_user(u));
                    }
                }
                _ => {}
            }
        }
        stamp(&mut self.created, &mut self.updated, tx, before.is_some());
        Ok(())
    }
}

/// Checks that a record about to be written back as it was (by undo or redo) still fits
/// the database: every record it names exists and its unique keys are free. Unlike
/// [`Prepare`] it changes nothing, so the record returns exactly as it was.
pub fn check_restorable(tx: &Tx, rec: &Record) -> Result<()> {
    let rid = rec.rid();
    let gone =
        |what: RecordId| Error::Conflict(format!("{rid} refers to {what}, which no longer exists"));
    let exists = |what: RecordId| -> Result<()> {
        if tx.exists(what)? {
            Ok(())
        } else {
            Err(gone(what))
        }
    };
    match rec {
        Record::Contact(c) => {
            if let Some(co) = c.company {
                exists(RecordId::new(Kind::Company, co))?;
            }
            for e in &c.emails {
                if let Some(other) = tx.contact_by_email(&e.value)?
                    && other != c.id
                {
                    return Err(Error::Conflict(format!(
                        "{} now belongs to C-{other}",
                        e.value
                    )));
                }
            }
        }
        Record::Deal(d) => {
            exists(RecordId::new(Kind::Pipeline, d.pipeline))?;
            if let Some(co) = d.company {
                exists(RecordId::new(Kind::Company, co))?;
            }
            for c in &d.contacts {
                exists(RecordId::new(Kind::Contact, *c))?;
            }
        }
        Record::Task(t) => {
            if let Some(link) = t.link {
                exists(link)?;
            }
        }
        Record::Activity(a) => {
            for c in &a.contacts {
                exists(RecordId::new(Kind::Contact, *c))?;
            }
            if let Some(co) = a.company {
                exists(RecordId::new(Kind::Company, co))?;
            }
            if let Some(d) = a.deal {
                exists(RecordId::new(Kind::Deal, d))?;
            }
            if let Some(x) = &a.external_id
                && let Some(other) = tx.activity_by_external(x)?
                && other != a.id
            {
                return Err(Error::Conflict(format!(
                    "external id {x} now belongs to A-{other}"
                )));
            }
        }
        Record::Ticket(t) => {
            if let Some(c) = t.requester {
                exists(RecordId::new(Kind::Contact, c))?;
            }
            if let Some(co) = t.company {
                exists(RecordId::new(Kind::Company, co))?;
            }
            if let Some(d) = t.deal {
                exists(RecordId::new(Kind::Deal, d))?;
            }
        }
        Record::Sla(p) => {
            if let Some(h) = p.calendar {
                exists(RecordId::new(Kind::Calendar, h))?;
            }
        }
        Record::Company(_) | Record::Pipeline(_) | Record::Rule(_) | Record::Calendar(_) => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_checked() {
        assert_eq!(normalize_email(" Jane@Acme.com ").unwrap(), "Jane@Acme.com");
        for bad in [
            "jane",
            "jane@",
            "@acme.com",
            "jane@acme",
            "ja ne@acme.com",
            "a@b@c.com",
        ] {
            let err = normalize_email(bad).unwrap_err().to_string();
            assert!(err.contains("email") && err.contains(bad.trim()), "{err}");
        }
    }

    #[test]
    fn tags_are_normalised() {
        let mut t = vec![" VIP".into(), "#vip".into(), "".into(), "Key".into()];
        normalize_tags(&mut t);
        assert_eq!(t, vec!["vip", "key"]);
    }
}
