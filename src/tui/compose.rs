//! Writing a reply in `$EDITOR`, the way `git commit` asks for a message: the file
//! starts with a commented header (the ticket, who it goes to, their last message
//! quoted), lines starting with `#` are left out, and an empty message cancels.

use crate::model::text::sanitize;
use crate::model::{Activity, Contact, Direction, Kind, RecordId, Ticket};
use crate::store::Queries;

/// How many of the customer's last lines the header quotes.
const QUOTED: usize = 12;

/// The text the editor starts with for a reply on ticket `id`; none when it is gone.
pub fn reply_template(q: &impl Queries, id: u64) -> crate::Result<Option<String>> {
    let Some(t) = q.get::<Ticket>(id)? else {
        return Ok(None);
    };
    let to = match t.requester {
        Some(c) => q.get::<Contact>(c)?.map(|c| match c.email() {
            Some(e) => format!("{} <{e}>", c.name),
            None => c.name.clone(),
        }),
        None => None,
    };
    let mut last = None;
    for a in q.timeline_ids(RecordId::new(Kind::Ticket, id), 50)? {
        if let Some(a) = q.get::<Activity>(a)?
            && a.direction == Some(Direction::Inbound)
        {
            last = Some(a);
            break;
        }
    }
    Ok(Some(header(&t, to.as_deref(), last.as_ref())))
}

/// The commented header (pure).
pub fn header(t: &Ticket, to: Option<&str>, last: Option<&Activity>) -> String {
    let mut out = String::from("\n");
    let to = to
        .map(|p| format!(", to {}", sanitize(p)))
        .unwrap_or_default();
    out.push_str(&format!(
        "# Reply on S-{} \"{}\"{to}.\n",
        t.id,
        sanitize(&t.subject)
    ));
    out.push_str("# Lines starting with '#' are left out; an empty message cancels the reply.\n");
    if let Some(a) = last {
        out.push_str("#\n");
        out.push_str(&format!(
            "# Their last message ({}):\n",
            a.at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M")
        ));
        for line in a.body.lines().take(QUOTED) {
            out.push_str(&format!("#   > {}\n", sanitize(line)));
        }
    }
    out
}

/// The message in what the editor left: `#` lines dropped, blank edges trimmed; none
/// when nothing is left (the reply is cancelled).
pub fn message(edited: &str) -> Option<String> {
    let kept: Vec<&str> = edited
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(str::trim_end)
        .collect();
    let text = kept.join("\n");
    let text = text.trim_matches('\n');
    (!text.trim().is_empty()).then(|| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_is_comments_and_an_untouched_file_cancels() {
        let t = Ticket {
            id: 7,
            subject: "Login \u{1b}[2Jfails".into(),
            ..Ticket::default()
        };
        let last = Activity {
            body: "I cannot log in.\nSince Monday.".into(),
            direction: Some(Direction::Inbound),
            ..Activity::default()
        };
        let h = header(&t, Some("Jane Doe <jane@acme.com>"), Some(&last));
        assert!(h.contains("# Reply on S-7"), "{h}");
        assert!(h.contains("to Jane Doe <jane@acme.com>"), "{h}");
        assert!(h.contains("#   > Since Monday."), "{h}");
        assert!(!h.contains('\u{1b}'), "no escape reaches the editor");
        assert!(h.lines().all(|l| l.is_empty() || l.starts_with('#')));
        assert_eq!(message(&h), None, "the header alone cancels");
        assert_eq!(message("  \n\n# only a comment\n"), None);
        let edited = format!("Hi Jane,\n\nfixed now.  \n{h}");
        assert_eq!(message(&edited).as_deref(), Some("Hi Jane,\n\nfixed now."));
    }
}
