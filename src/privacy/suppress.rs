//! The suppression list: a keyed hash (HMAC-SHA256) of each address of an erased
//! person, so that an import, an email or a new contact with that address later is
//! flagged instead of silently bringing the person back. The key is 32 random bytes
//! made on first use and kept in the file; the list holds no address.

use super::hmac::{hex, hmac_sha256};
use crate::error::{Error, Result};
use crate::store::{Queries, Tx, privacy};

/// The list's hash of `email` under `key` (case and surrounding space ignored).
pub fn hash(key: &[u8; 32], email: &str) -> String {
    hex(&hmac_sha256(key, email.trim().to_lowercase().as_bytes()))
}

/// Puts `emails` on the list for erasure `rev`; returns how many.
pub fn add(tx: &mut Tx, emails: &[String], rev: u64) -> Result<u64> {
    if emails.is_empty() {
        return Ok(0);
    }
    let key = tx.suppression_key()?;
    for e in emails {
        tx.suppress(&hash(&key, e), rev)?;
    }
    Ok(emails.len() as u64)
}

/// The erasure that put `email` on the list, if it is on it.
pub fn erased_in<Q: Queries>(q: &Q, email: &str) -> Result<Option<u64>> {
    if !privacy::any_suppressed(q)? {
        return Ok(None);
    }
    let Some(key) = privacy::suppression_key(q)? else {
        return Ok(None);
    };
    privacy::suppressed(q, &hash(&key, email))
}

/// Refuses `email` when it is on the list, unless the operation was told to allow
/// erased people back (`--allow-erased`).
pub fn check(tx: &Tx, email: &str) -> Result<()> {
    if tx.allow_erased || tx.no_suppressions()? {
        return Ok(());
    }
    match erased_in(tx, email)? {
        Some(rev) => Err(Error::invalid(
            "email",
            format!(
                "{email} belonged to a person erased in r{rev} (rolo privacy erase); rolo does not bring erased people back: pass --allow-erased if they asked to be added again"
            ),
        )),
        None => Ok(()),
    }
}
