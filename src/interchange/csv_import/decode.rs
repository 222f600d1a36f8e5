//! Turning a file's bytes into text: a UTF-8 or UTF-16 byte-order mark is honoured and
//! dropped, UTF-8 is used when the bytes are valid UTF-8, and Windows-1252 (what Excel
//! writes on Windows in Western Europe and the Americas) otherwise. Binary files are
//! refused here, before any parsing.

use std::path::Path;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

use crate::interchange::error::{InterchangeError, Result};

/// Text decoded from a file, and the encoding it was read as.
#[derive(Debug)]
pub struct Decoded {
    /// The text, without a byte-order mark.
    pub text: String,
    /// The encoding's name ("UTF-8", "windows-1252", "UTF-16LE").
    pub encoding: &'static str,
}

/// Decodes `bytes` read from `path`.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<Decoded> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        // UTF-16 text is full of NUL bytes, so check for binary after decoding it.
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        let text = text.into_owned();
        refuse_binary(path, text.as_bytes())?;
        return Ok(Decoded {
            text,
            encoding: enc.name(),
        });
    }
    refuse_binary(path, bytes)?;
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Decoded {
            text: s.to_string(),
            encoding: UTF_8.name(),
        }),
        Err(_) => {
            let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
            Ok(Decoded {
                text: text.into_owned(),
                encoding: WINDOWS_1252.name(),
            })
        }
    }
}

/// A NUL byte never appears in a text CSV (UTF-16 is decoded before this check).
fn refuse_binary(path: &Path, bytes: &[u8]) -> Result<()> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(InterchangeError::Empty {
            path: path.to_path_buf(),
        });
    }
    match bytes.iter().position(|b| *b == 0) {
        Some(offset) => Err(InterchangeError::Binary {
            path: path.to_path_buf(),
            offset,
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boms_and_windows_1252_are_understood() {
        let p = Path::new("x.csv");
        let d = decode(p, b"\xEF\xBB\xBFName\nJos\xC3\xA9\n").unwrap();
        assert_eq!(d.text, "Name\nJosé\n");
        let d = decode(p, b"Name\nJos\xE9 \x80\n").unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding),
            ("Name\nJosé €\n", "windows-1252")
        );
        let d = decode(p, b"\xFF\xFEN\x00a\x00\n\x00").unwrap();
        assert_eq!(d.text, "Na\n");
        assert!(matches!(
            decode(p, b"PK\x03\x04\x00\x00"),
            Err(InterchangeError::Binary { offset: 4, .. })
        ));
        assert!(matches!(
            decode(p, b" \n"),
            Err(InterchangeError::Empty { .. })
        ));
    }
}
