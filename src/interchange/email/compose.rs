//! Writing one plain-text RFC 5322 message: headers (non-ASCII words RFC 2047-encoded,
//! long lists folded), a UTF-8 text/plain body (7bit when it can be, else
//! quoted-printable). Lines end in LF, as `sendmail -t` and `msmtp -t` expect on their
//! standard input; they turn them into CRLF on the wire. Pure: no I/O, no clock.

use crate::model::Instant;

/// A message to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    /// The sender's address.
    pub from: String,
    /// Recipients: display name (when known) and address.
    pub to: Vec<(Option<String>, String)>,
    /// Addresses copied.
    pub cc: Vec<String>,
    /// One line.
    pub subject: String,
    /// Its Message-ID, without angle brackets.
    pub message_id: String,
    /// The Message-IDs it answers, oldest first (the last is In-Reply-To).
    pub references: Vec<String>,
    /// When it is sent.
    pub date: Instant,
    /// The text.
    pub body: String,
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(B64[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// One header line of text: control characters (a CR or LF would start a new header)
/// become spaces.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_string()
}

/// `s` as header text: itself when plain ASCII, else RFC 2047 encoded words (64
/// characters each, within the 75 allowed), folded onto continuation lines.
pub fn header_text(s: &str) -> String {
    let s = one_line(s);
    if s.is_ascii() {
        return s;
    }
    // 39 bytes of input make 52 base64 characters, a word of 64: with "Subject: " in
    // front the line stays within 78 characters.
    let mut words = Vec::new();
    let mut start = 0;
    while start < s.len() {
        let mut end = (start + 39).min(s.len());
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        words.push(format!("=?UTF-8?B?{}?=", base64(&s.as_bytes()[start..end])));
        start = end;
    }
    words.join("\n ")
}

/// `Name: value` for unstructured text, folded at spaces so lines stay near 78
/// characters (encoded words are folded already).
fn unstructured(name: &str, value: &str) -> String {
    let value = header_text(value);
    if value.contains('\n') || name.len() + 2 + value.len() <= 78 {
        return format!("{name}: {value}");
    }
    let mut out = format!("{name}:");
    let mut width = out.len();
    for word in value.split(' ').filter(|w| !w.is_empty()) {
        if width + 1 + word.len() > 78 && width > name.len() + 1 {
            out.push('\n');
            width = 0;
        }
        out.push(' ');
        out.push_str(word);
        width += 1 + word.len();
    }
    out
}

/// `name <address>`, the name quoted or encoded as it needs.
fn mailbox(name: Option<&str>, address: &str) -> String {
    let address = one_line(address);
    match name.map(one_line).filter(|n| !n.is_empty()) {
        None => address,
        Some(n) if n.is_ascii() => {
            let quoted = n.replace('\\', "\\\\").replace('"', "\\\"");
            format!("\"{quoted}\" <{address}>")
        }
        Some(n) => format!("{} <{address}>", header_text(&n)),
    }
}

/// A header whose items are folded one per line when they do not fit on one.
fn list(name: &str, items: &[String], sep: &str) -> String {
    let one = format!("{name}: {}", items.join(&format!("{sep} ")));
    if one.len() <= 78 {
        return one;
    }
    format!("{name}: {}", items.join(&format!("{sep}\n ")))
}

fn quoted_printable(text: &str) -> String {
    let mut out = String::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let bytes = line.as_bytes();
        let mut width = 0;
        for (j, &b) in bytes.iter().enumerate() {
            let last = j + 1 == bytes.len();
            let literal =
                (b == b' ' || b == b'\t') && !last || (33..=126).contains(&b) && b != b'=';
            let piece = if literal {
                char::from(b).to_string()
            } else {
                format!("={b:02X}")
            };
            // A soft break keeps every line within 76 characters.
            if width + piece.len() > 75 {
                out.push_str("=\n");
                width = 0;
            }
            width += piece.len();
            out.push_str(&piece);
        }
    }
    out
}

impl Outgoing {
    /// The whole message, headers and body.
    pub fn render(&self) -> String {
        let body = self.body.replace("\r\n", "\n").replace('\r', "\n");
        let plain = body.is_ascii() && body.lines().all(|l| l.len() <= 998);
        let mut h = vec![
            format!("From: {}", mailbox(None, &self.from)),
            list(
                "To",
                &self
                    .to
                    .iter()
                    .map(|(n, a)| mailbox(n.as_deref(), a))
                    .collect::<Vec<_>>(),
                ",",
            ),
        ];
        if !self.cc.is_empty() {
            let cc: Vec<String> = self.cc.iter().map(|a| mailbox(None, a)).collect();
            h.push(list("Cc", &cc, ","));
        }
        h.push(unstructured("Subject", &self.subject));
        h.push(format!("Date: {}", self.date.to_rfc2822()));
        h.push(format!("Message-ID: <{}>", one_line(&self.message_id)));
        if let Some(last) = self.references.last() {
            h.push(format!("In-Reply-To: <{}>", one_line(last)));
            let refs: Vec<String> = self
                .references
                .iter()
                .map(|r| format!("<{}>", one_line(r)))
                .collect();
            h.push(list("References", &refs, ""));
        }
        h.push("MIME-Version: 1.0".into());
        h.push("Content-Type: text/plain; charset=UTF-8".into());
        h.push(format!(
            "Content-Transfer-Encoding: {}",
            if plain { "7bit" } else { "quoted-printable" }
        ));
        let body = if plain { body } else { quoted_printable(&body) };
        format!("{}\n\n{}\n", h.join("\n"), body.trim_end_matches('\n'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn message(subject: &str, body: &str) -> Outgoing {
        Outgoing {
            from: "support@acme.io".into(),
            to: vec![(Some("Kim \"K\" Lee".into()), "kim@globex.io".into())],
            cc: vec!["ana@globex.io".into()],
            subject: subject.into(),
            message_id: "s12.1@acme.io".into(),
            references: vec!["a@globex.io".into(), "b@globex.io".into()],
            date: chrono::Utc
                .with_ymd_and_hms(2026, 11, 25, 12, 0, 0)
                .unwrap(),
            body: body.into(),
        }
    }

    #[test]
    fn a_plain_reply_reads_back_with_its_threading_headers() {
        let text = message("Re: [S-12] Login\r\nBcc: evil@x.io", "Hello Kim,\nfixed.\n").render();
        let m = mail_parser::MessageParser::default()
            .parse(text.as_bytes())
            .unwrap();
        // A line break in the subject cannot smuggle in a header.
        assert!(m.subject().unwrap().starts_with("Re: [S-12] Login"));
        assert!(m.bcc().is_none());
        assert_eq!(m.message_id(), Some("s12.1@acme.io"));
        assert_eq!(m.in_reply_to().as_text(), Some("b@globex.io"));
        assert_eq!(m.references().as_text_list().unwrap().len(), 2);
        let to = m.to().unwrap().first().unwrap();
        assert_eq!(to.name(), Some("Kim \"K\" Lee"));
        assert!(text.contains("Content-Transfer-Encoding: 7bit"));
        assert_eq!(m.body_text(0).unwrap().trim(), "Hello Kim,\nfixed.");
    }

    #[test]
    fn a_long_subject_is_folded_at_spaces() {
        let subject = format!("Re: [S-7] {}", "word ".repeat(30));
        let text = message(&subject, "ok").render();
        assert!(text.lines().all(|l| l.len() <= 78), "{text}");
        let m = mail_parser::MessageParser::default()
            .parse(text.as_bytes())
            .unwrap();
        assert_eq!(m.subject(), Some(subject.trim()));
    }

    #[test]
    fn non_ascii_subjects_and_bodies_are_encoded_and_decode_back() {
        let subject = "Re: [S-3] Bäckerei Schön – Lieferung für Montag, bitte ändern, danke schön!";
        let body = format!("Grüße aus Köln\n{}\n", "ä".repeat(60));
        let text = message(subject, &body).render();
        assert!(text.is_ascii());
        assert!(text.lines().all(|l| l.len() <= 78), "{text}");
        let m = mail_parser::MessageParser::default()
            .parse(text.as_bytes())
            .unwrap();
        assert_eq!(m.subject(), Some(subject));
        assert_eq!(m.body_text(0).unwrap().trim_end(), body.trim_end());
    }
}
