//! Content lines, the syntax vCard and iCalendar share: unfolding (a line starting with a
//! space or tab continues the previous one; vCard 2.1 quoted-printable values continue
//! after a trailing `=`), `group.NAME;PARAM=a,b;BARE:value` split into parts, and the
//! value decoded (quoted-printable with its CHARSET). Tolerant: a line it cannot read is
//! left out, never an error, and no input makes it panic.

use std::path::Path;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

use crate::interchange::error::{InterchangeError, Result};

/// One property: `EMAIL;TYPE=work:ann@example.com`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Property {
    /// The physical line it starts on (1-based).
    pub line: u64,
    /// The name, upper-case, without its group (`item1.EMAIL` → `EMAIL`).
    pub name: String,
    /// Parameters: upper-case name and value without quotes; a bare 2.1 parameter
    /// (`WORK`) is a `TYPE`, a bare encoding an `ENCODING`.
    pub params: Vec<(String, String)>,
    /// The value, quoted-printable decoded, still escaped (`\,` `\;` `\n`).
    pub value: String,
}

impl Property {
    /// The first value of a parameter (case-insensitive name).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every `TYPE` given, lower-case (`TYPE=work,voice;TYPE=pref`, 2.1's `WORK;VOICE`).
    pub fn types(&self) -> Vec<String> {
        self.params
            .iter()
            .filter(|(n, _)| n == "TYPE")
            .flat_map(|(_, v)| v.split(','))
            .map(|t| t.trim().to_lowercase())
            .filter(|t| !t.is_empty())
            .collect()
    }
}

/// Reads a vCard or iCalendar file's bytes as text: refuses empty and binary files
/// (`what` names the expected format in the message) and decodes UTF-8, UTF-16 with a
/// byte-order mark, or Windows-1252.
pub fn read_text(path: &Path, bytes: &[u8], what: &str) -> Result<String> {
    if Encoding::for_bom(bytes).is_none()
        && let Some(offset) = bytes.iter().position(|b| *b == 0)
    {
        let line = 1 + bytes[..offset].iter().filter(|b| **b == b'\n').count() as u64;
        return Err(InterchangeError::Malformed {
            path: path.to_path_buf(),
            line,
            detail: format!(
                "binary data (NUL byte at offset {offset}), not {what}; export it again as {what}"
            ),
        });
    }
    Ok(crate::interchange::csv_import::decode::decode(path, bytes)?.text)
}

/// Splits text into properties, unfolding continued lines.
pub fn properties(text: &str) -> Vec<Property> {
    let mut out = Vec::new();
    let mut current: Option<(u64, String)> = None;
    let mut line_no = 0u64;
    for raw in text.split('\n') {
        line_no += 1;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some((_, cur)) = &mut current {
            if let Some(rest) = raw.strip_prefix([' ', '\t']) {
                cur.push_str(rest);
                continue;
            }
            if cur.ends_with('=') && is_quoted_printable(cur) {
                cur.pop();
                cur.push_str(raw);
                continue;
            }
        }
        if let Some((at, done)) = current.take()
            && let Some(p) = parse(at, &done)
        {
            out.push(p);
        }
        if !raw.trim().is_empty() {
            current = Some((line_no, raw.to_string()));
        }
    }
    if let Some((at, done)) = current
        && let Some(p) = parse(at, &done)
    {
        out.push(p);
    }
    out
}

fn is_quoted_printable(line: &str) -> bool {
    let head = line.split(':').next().unwrap_or("");
    head.to_ascii_uppercase().contains("QUOTED-PRINTABLE")
}

/// Splits `text` at `sep` outside double quotes.
fn split_outside_quotes(text: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut quoted, mut start) = (false, 0);
    for (i, c) in text.char_indices() {
        if c == '"' {
            quoted = !quoted;
        } else if c == sep && !quoted {
            parts.push(&text[start..i]);
            start = i + c.len_utf8();
        }
    }
    parts.push(&text[start..]);
    parts
}

fn parse(line: u64, text: &str) -> Option<Property> {
    let mut quoted = false;
    let colon = text.char_indices().find_map(|(i, c)| {
        if c == '"' {
            quoted = !quoted;
        }
        (c == ':' && !quoted).then_some(i)
    })?;
    let (head, value) = (&text[..colon], &text[colon + 1..]);
    let mut parts = split_outside_quotes(head, ';').into_iter();
    let name = parts.next()?.trim();
    let name = name.rsplit('.').next().unwrap_or(name).to_ascii_uppercase();
    if name.is_empty() {
        return None;
    }
    let mut params = Vec::new();
    for p in parts {
        let (k, v) = match p.split_once('=') {
            Some((k, v)) => (k.trim().to_ascii_uppercase(), v.trim()),
            None => {
                let bare = p.trim().to_ascii_uppercase();
                let key = match bare.as_str() {
                    "QUOTED-PRINTABLE" | "BASE64" | "8BIT" | "7BIT" | "B" => "ENCODING",
                    _ => "TYPE",
                };
                (key.to_string(), p.trim())
            }
        };
        params.push((k, v.trim_matches('"').to_string()));
    }
    let mut prop = Property {
        line,
        name,
        params,
        value: value.to_string(),
    };
    if prop
        .param("ENCODING")
        .is_some_and(|e| e.eq_ignore_ascii_case("QUOTED-PRINTABLE"))
    {
        let bytes = decode_qp(&prop.value);
        prop.value = decode_charset(&bytes, prop.param("CHARSET"));
    }
    Some(prop)
}

/// Decodes quoted-printable (`=C3=A9`); a malformed escape is kept as it is.
pub fn decode_qp(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'='
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

fn hex(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

/// Bytes in a named charset (UTF-8 when none or unknown; Windows-1252 when they are not
/// valid UTF-8).
pub fn decode_charset(bytes: &[u8], charset: Option<&str>) -> String {
    let enc = charset
        .and_then(|c| Encoding::for_label(c.trim().as_bytes()))
        .unwrap_or(UTF_8);
    if enc == UTF_8 && std::str::from_utf8(bytes).is_err() {
        return WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned();
    }
    enc.decode_without_bom_handling(bytes).0.into_owned()
}

/// Undoes text escapes: `\n` `\N` → newline, `\,` `\;` `\\` → the character.
pub fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// Splits at unescaped `sep` and unescapes each part (`N`, `ADR`, `CATEGORIES`).
pub fn split_unescaped(s: &str, sep: char) -> Vec<String> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut escaped = false;
    for c in s.chars() {
        if escaped {
            cur.push('\\');
            cur.push(c);
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == sep {
            parts.push(unescape(&std::mem::take(&mut cur)));
        } else {
            cur.push(c);
        }
    }
    if escaped {
        cur.push('\\');
    }
    parts.push(unescape(&cur));
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_groups_bare_params_and_quoted_printable() {
        let text = "item1.EMAIL;type=INTERNET;type=WORK:ann@\r\n example.com\r\n\
                    NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=ISO-8859-1:Caf=E9 =\r\n\
                    cr=E8me\r\nTEL;WORK;VOICE:+1 555\r\nX;P=\"a:b\":v\r\nnonsense\r\n";
        let p = properties(text);
        assert_eq!(p.len(), 4);
        assert_eq!(
            (p[0].name.as_str(), p[0].value.as_str()),
            ("EMAIL", "ann@example.com")
        );
        assert_eq!(p[0].types(), ["internet", "work"]);
        assert_eq!(p[1].value, "Café crème");
        assert_eq!(p[2].types(), ["work", "voice"]);
        assert_eq!((p[3].param("P"), p[3].value.as_str()), (Some("a:b"), "v"));
        assert_eq!(
            split_unescaped("Doe;Ann\\, Jr;;", ';'),
            ["Doe", "Ann, Jr", "", ""]
        );
        assert_eq!(unescape("a\\nb\\\\"), "a\nb\\");
    }
}
