//! Mail that no person wrote: auto-replies, bounces, mailing lists and bulk mail, told
//! from their headers. The service desk never opens a ticket for them nor lets them
//! move one (an out-of-office answering our reply would otherwise reopen the ticket,
//! and our reply to it would start a loop). This module only reads headers.

use serde::Serialize;

/// Why a message counts as machine-sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Automated {
    /// A delivery report: `multipart/report`, an empty `Return-Path`, or from
    /// MAILER-DAEMON or postmaster.
    Bounce,
    /// `Auto-Submitted` other than `no`, `X-Autoreply`, `X-Autorespond`.
    AutoReply,
    /// `List-Id`, `List-Unsubscribe` or `Precedence: list`.
    MailingList,
    /// `Precedence: bulk` or `junk`.
    Bulk,
}

impl Automated {
    /// The words in reports ("auto-reply: no ticket").
    pub fn as_str(self) -> &'static str {
        match self {
            Automated::AutoReply => "auto-reply",
            Automated::Bounce => "bounce",
            Automated::MailingList => "mailing list",
            Automated::Bulk => "bulk mail",
        }
    }
}

/// The first word of a header value, lower-case (`auto-replied; comment` → `auto-replied`).
fn word(v: &str) -> String {
    v.split([';', '('])
        .next()
        .unwrap_or("")
        .trim()
        .to_lowercase()
}

/// Classifies a message from its headers (name, raw value) and its sender's address.
pub fn classify<'a>(
    headers: impl Iterator<Item = (&'a str, &'a str)>,
    from: &str,
) -> Option<Automated> {
    let local = from.split('@').next().unwrap_or("").to_lowercase();
    let mut found: Option<Automated> = None;
    let mut note = |a: Automated| {
        // The most telling reason wins (declaration order): a bounce over an
        // auto-reply over a list.
        let rank = |a: Automated| a as u8;
        if found.is_none_or(|f| rank(a) < rank(f)) {
            found = Some(a);
        }
    };
    if local == "mailer-daemon" || local == "postmaster" {
        note(Automated::Bounce);
    }
    for (name, value) in headers {
        let name = name.to_ascii_lowercase();
        match name.as_str() {
            "content-type" if word(value) == "multipart/report" => note(Automated::Bounce),
            "return-path" if value.trim().trim_matches(['<', '>']).trim().is_empty() => {
                note(Automated::Bounce)
            }
            "auto-submitted" if word(value) != "no" => note(Automated::AutoReply),
            "x-autoreply" | "x-autorespond" => note(Automated::AutoReply),
            "list-id" | "list-unsubscribe" => note(Automated::MailingList),
            "precedence" => match word(value).as_str() {
                "list" => note(Automated::MailingList),
                "bulk" | "junk" => note(Automated::Bulk),
                _ => {}
            },
            _ => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(headers: &[(&str, &str)], from: &str) -> Option<Automated> {
        classify(headers.iter().copied(), from)
    }

    #[test]
    fn machines_are_told_from_people() {
        assert_eq!(of(&[("Auto-Submitted", " no\r\n")], "kim@x.io"), None);
        assert_eq!(
            of(&[("Auto-Submitted", " auto-replied\r\n")], "kim@x.io"),
            Some(Automated::AutoReply)
        );
        assert_eq!(
            of(&[("X-Autoreply", " yes")], "kim@x.io"),
            Some(Automated::AutoReply)
        );
        assert_eq!(
            of(&[("Precedence", " Bulk")], "news@x.io"),
            Some(Automated::Bulk)
        );
        assert_eq!(
            of(&[("List-Id", " <dev.lists.x.io>")], "kim@x.io"),
            Some(Automated::MailingList)
        );
        assert_eq!(
            of(&[("Return-Path", " <>")], "kim@x.io"),
            Some(Automated::Bounce)
        );
        assert_eq!(of(&[], "MAILER-DAEMON@mx.x.io"), Some(Automated::Bounce));
        assert_eq!(
            of(
                &[
                    ("List-Id", " <l>"),
                    (
                        "Content-Type",
                        " multipart/report; report-type=delivery-status"
                    )
                ],
                "kim@x.io"
            ),
            Some(Automated::Bounce)
        );
        assert_eq!(
            of(
                &[
                    ("Return-Path", " <kim@x.io>"),
                    ("Precedence", " first-class")
                ],
                "kim@x.io"
            ),
            None
        );
    }
}
