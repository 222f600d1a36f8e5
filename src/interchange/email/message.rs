//! One RFC 5322 message read with `mail-parser` (RFC 2047 headers, quoted-printable,
//! base64, charsets, HTML turned into text): who sent it to whom, the subject, a
//! plain-text body capped at [`BODY_LIMIT`] bytes, the date and the Message-ID, and
//! what the service desk threads by (In-Reply-To, References, Delivered-To, whether a
//! machine sent it).

use super::automated::{Automated, classify};
use crate::model::Instant;

/// The most body text kept on an activity, in bytes; the rest is cut with a note.
pub const BODY_LIMIT: usize = 20_000;

/// A sender or recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// The display name, when the header gives one.
    pub name: Option<String>,
    /// The address, lower-case.
    pub email: String,
}

impl Person {
    /// The name to give a new contact: the display name, else the address's local part.
    pub fn contact_name(&self) -> String {
        self.name
            .clone()
            .filter(|n| !n.contains('@'))
            .unwrap_or_else(|| {
                self.email
                    .split('@')
                    .next()
                    .unwrap_or(&self.email)
                    .to_string()
            })
    }
}

/// What rolo keeps of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    /// Message-ID without angle brackets (a stable stand-in when the header is missing).
    pub message_id: String,
    /// From.
    pub from: Person,
    /// To and Cc, in order, without duplicates.
    pub recipients: Vec<Person>,
    /// Subject, decoded.
    pub subject: String,
    /// Plain-text body, at most [`BODY_LIMIT`] bytes.
    pub body: String,
    /// Whether the body was cut.
    pub truncated: bool,
    /// The Date header, when readable.
    pub date: Option<Instant>,
    /// In-Reply-To Message-IDs, without angle brackets.
    pub in_reply_to: Vec<String>,
    /// References Message-IDs, oldest first, without angle brackets.
    pub references: Vec<String>,
    /// Delivered-To addresses, lower-case (the mailbox it reached, Bcc included).
    pub delivered_to: Vec<String>,
    /// Why no person wrote it, when a machine did (auto-reply, bounce, list).
    pub automated: Option<Automated>,
}

impl Mail {
    /// The To and Cc addresses.
    pub fn recipient_emails(&self) -> impl Iterator<Item = &str> {
        self.recipients.iter().map(|p| p.email.as_str())
    }
}

/// Why a message cannot be logged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailError {
    /// Empty input.
    Empty,
    /// Not a message at all (binary data).
    NotMail(String),
    /// No From header with an address.
    NoFrom,
}

impl std::fmt::Display for MailError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MailError::Empty => write!(f, "the message is empty"),
            MailError::NotMail(why) => write!(f, "not an email message ({why})"),
            MailError::NoFrom => write!(
                f,
                "the message has no From header with an address, so rolo cannot tell who sent it"
            ),
        }
    }
}

fn person(a: &mail_parser::Addr<'_>) -> Option<Person> {
    let email = a
        .address
        .as_deref()?
        .trim()
        .trim_matches(['<', '>'])
        .to_lowercase();
    if !email.contains('@') || email.chars().any(char::is_whitespace) {
        return None;
    }
    let name = a
        .name
        .as_deref()
        .map(crate::model::text::tidy)
        .map(|n| n.trim_matches(['"', '\'']).to_string())
        .filter(|n| !n.is_empty());
    Some(Person { name, email })
}

/// Message-IDs of a parsed In-Reply-To or References header.
fn ids(v: &mail_parser::HeaderValue<'_>) -> Vec<String> {
    v.as_text_list()
        .unwrap_or_default()
        .iter()
        .map(|id| id.trim().trim_matches(['<', '>']).trim().to_string())
        .filter(|id| !id.is_empty())
        .collect()
}

fn cut(mut body: String) -> (String, bool) {
    if body.len() <= BODY_LIMIT {
        return (body, false);
    }
    let mut end = BODY_LIMIT;
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    let total = body.len();
    body.truncate(end);
    body.push_str(&format!(
        "\n\n[cut by rolo: the body was {} kB, the first 20 kB are kept]",
        total / 1000
    ));
    (body, true)
}

/// FNV-1a: a stable hash for a stand-in Message-ID (std's hasher may change).
fn fnv(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in parts.iter().flat_map(|p| p.bytes().chain([0])) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Reads one message.
pub fn parse_mail(bytes: &[u8]) -> Result<Mail, MailError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(MailError::Empty);
    }
    // Headers are text: a NUL in the first kilobyte means this is no message.
    if let Some(at) = bytes.iter().take(1024).position(|b| *b == 0) {
        return Err(MailError::NotMail(format!(
            "binary data, NUL byte at offset {at}"
        )));
    }
    let msg = mail_parser::MessageParser::default()
        .parse(bytes)
        .ok_or_else(|| MailError::NotMail("no headers".into()))?;
    let from = msg
        .from()
        .and_then(|a| a.iter().find_map(person))
        .ok_or(MailError::NoFrom)?;
    let mut recipients: Vec<Person> = Vec::new();
    for list in [msg.to(), msg.cc()].into_iter().flatten() {
        for p in list.iter().filter_map(person) {
            if p.email != from.email && !recipients.iter().any(|r| r.email == p.email) {
                recipients.push(p);
            }
        }
    }
    let subject = msg
        .subject()
        .map(crate::model::text::tidy)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "(no subject)".into());
    let text = msg
        .body_text(0)
        .map(|b| b.replace("\r\n", "\n").trim().to_string())
        .unwrap_or_default();
    let (body, truncated) = cut(text);
    let date = msg
        .date()
        .filter(|d| d.is_valid())
        .and_then(|d| chrono::DateTime::from_timestamp(d.to_timestamp(), 0));
    let message_id = match msg.message_id().map(str::trim).filter(|m| !m.is_empty()) {
        Some(id) => id.trim_matches(['<', '>']).to_string(),
        None => {
            let when = date.map(|d| d.timestamp().to_string()).unwrap_or_default();
            format!(
                "rolo-{:016x}@no-message-id",
                fnv(&[&from.email, &when, &subject])
            )
        }
    };
    let delivered_to = msg
        .headers_raw()
        .filter(|(name, _)| name.eq_ignore_ascii_case("delivered-to"))
        .map(|(_, v)| v.trim().trim_matches(['<', '>']).trim().to_lowercase())
        .filter(|v| v.contains('@'))
        .collect();
    let automated = classify(msg.headers_raw(), &from.email);
    Ok(Mail {
        message_id,
        from,
        recipients,
        subject,
        body,
        truncated,
        date,
        in_reply_to: ids(msg.in_reply_to()),
        references: ids(msg.references()),
        delivered_to,
        automated,
    })
}
