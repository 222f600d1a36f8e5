//! Retention rules: erase the contacts a time rule names ("leads with no activity for
//! 24 months"), except those on legal hold (a tag). Nothing runs by itself: a rule is
//! given on the command line, previewed first (`--dry-run`, recorded in the history),
//! and applied only after a preview of the same rule; every run leaves an audit entry.

use chrono::Months;

use super::erase::{Tombstone, erase_in};
use crate::error::{Error, Result};
use crate::model::{Contact, Instant, Lifecycle};
use crate::store::{Committed, Queries, Store};

/// The history operation of a preview.
pub const PREVIEW_OP: &str = "privacy.retention.preview";
/// The history operation of an applied rule.
pub const APPLY_OP: &str = "privacy.retention";
/// The tag that exempts a contact from retention rules.
pub const LEGAL_HOLD: &str = "legal-hold";

/// A retention rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// Only contacts in this lifecycle stage (none: every stage).
    pub lifecycle: Option<Lifecycle>,
    /// Months without activity (since creation when never contacted).
    pub idle_months: u32,
    /// Contacts with this tag are exempt.
    pub hold_tag: String,
}

impl Rule {
    /// The rule in words, the same for the preview and the run (they are matched by it).
    pub fn describe(&self) -> String {
        format!(
            "erase {} with no activity for {} months, except tag {}",
            self.lifecycle
                .map(|l| format!("{}s", l.as_str()))
                .unwrap_or_else(|| "contacts".into()),
            self.idle_months,
            self.hold_tag
        )
    }

    /// The instant before which a contact's last activity makes it due.
    pub fn cutoff(&self, now: Instant) -> Instant {
        now.checked_sub_months(Months::new(self.idle_months))
            .unwrap_or(now)
    }

    fn due(&self, c: &Contact, cutoff: Instant) -> bool {
        self.lifecycle.is_none_or(|l| c.lifecycle == l)
            && c.last_activity.unwrap_or(c.created) < cutoff
            && !c
                .tags
                .iter()
                .any(|t| t.eq_ignore_ascii_case(&self.hold_tag))
    }
}

/// What a rule selects now: the due contacts and how many are held back.
#[derive(Debug, Clone)]
pub struct Selection {
    /// Contacts the rule erases, by id.
    pub due: Vec<Contact>,
    /// Contacts it would erase but for the legal hold.
    pub held: Vec<u64>,
}

/// The contacts `rule` selects at `now` (streams the contacts once).
pub fn select<Q: Queries>(q: &Q, rule: &Rule, now: Instant) -> Result<Selection> {
    let cutoff = rule.cutoff(now);
    let unheld = Rule {
        hold_tag: String::new(),
        ..rule.clone()
    };
    let (mut due, mut held) = (Vec::new(), Vec::new());
    q.each::<Contact>(&mut |c| {
        if rule.due(&c, cutoff) {
            due.push(c);
        } else if unheld.due(&c, cutoff) {
            held.push(c.id);
        }
        Ok(())
    })?;
    Ok(Selection { due, held })
}

fn ids(v: &[u64]) -> String {
    if v.is_empty() {
        return "none".into();
    }
    v.iter()
        .map(|i| format!("C-{i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Previews `rule`: what it would erase now. Recorded in the history as an audit entry.
pub fn preview(store: &Store, rule: &Rule) -> Result<Committed<Selection>> {
    store.write(PREVIEW_OP, |tx| {
        let sel = select(tx, rule, tx.now())?;
        let due: Vec<u64> = sel.due.iter().map(|c| c.id).collect();
        tx.audit(format!(
            "retention preview ({}): would erase {}; held: {}",
            rule.describe(),
            ids(&due),
            ids(&sel.held)
        ));
        Ok(sel)
    })
}

/// Applies `rule`: erases every due contact in one operation. Refused unless the rule
/// was previewed before.
pub fn apply(store: &Store, rule: &Rule, reason: &str) -> Result<Committed<Vec<Tombstone>>> {
    let wanted = format!("retention preview ({})", rule.describe());
    let previewed = store
        .read()?
        .entries_back_of(&[PREVIEW_OP], 100_000, 1, |e| {
            e.summary.starts_with(&wanted)
        })?;
    if previewed.is_empty() {
        return Err(Error::Conflict(format!(
            "a retention rule runs only after its preview: run it with --dry-run first and check the list ({})",
            rule.describe()
        )));
    }
    let reason = format!("retention rule: {}; {}", rule.describe(), reason.trim());
    store.write(APPLY_OP, |tx| {
        let sel = select(tx, rule, tx.now())?;
        let mut done = Vec::new();
        for c in &sel.due {
            done.push(erase_in(tx, c.id, &reason, true)?);
        }
        let erased: Vec<u64> = done.iter().map(|t| t.contact).collect();
        tx.audit(format!(
            "retention ({}): erased {}; held: {}",
            rule.describe(),
            ids(&erased),
            ids(&sel.held)
        ));
        Ok(done)
    })
}
