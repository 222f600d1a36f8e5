//! `config.toml`: the database path, theme, keymap, default currency, the user's
//! display name and own email addresses (which tell inbound mail from outbound), and
//! the service desk's keys (checked in [`super::desk`]).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::model::Currency;

/// The user's settings; every field is optional in the file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Database file (overridden by `--db` and `ROLO_DB`).
    pub db: Option<PathBuf>,
    /// Theme name ("dark", "light", "high-contrast", "mono") or a file in themes/.
    pub theme: Option<String>,
    /// Keymap name ("default", "vim", "emacs").
    pub keymap: Option<String>,
    /// Currency of new deals when none is given.
    pub currency: Option<Currency>,
    /// Display name recorded on changes (defaults to the OS login name).
    pub user: Option<String>,
    /// The user's own email addresses.
    pub emails: Vec<String>,
    /// The service desk's addresses: mail to one of them opens or threads a ticket.
    pub support_emails: Vec<String>,
    /// The command that sends a ticket reply (the message on its stdin), `msmtp -t`.
    pub send_command: Option<String>,
    /// Days after which a solved ticket closes (default 4).
    pub ticket_close_days: Option<u32>,
}

impl Settings {
    /// The currency for new deals.
    pub fn currency(&self) -> Currency {
        self.currency.unwrap_or_default()
    }
}

/// Reads `config.toml` from `dir`; a missing file gives the defaults.
pub fn load_settings(dir: Option<&Path>) -> anyhow::Result<Settings> {
    let Some(dir) = dir else {
        return Ok(Settings::default());
    };
    let path = dir.join("config.toml");
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Settings::default()),
        Err(e) => anyhow::bail!(
            "{}: {e}; make the file readable to you, or point ROLO_CONFIG_DIR at another folder",
            path.display()
        ),
    };
    parse_settings(&text).map_err(|e| anyhow::anyhow!("{}:{e}", path.display()))
}

/// Parses settings text; an error starts with the line number.
pub fn parse_settings(text: &str) -> Result<Settings, String> {
    let settings = toml::from_str::<Settings>(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1)
            .unwrap_or(1);
        format!("{line}: {}", e.message())
    })?;
    super::desk::check(&settings).map_err(|e| format!("{}: {}", key_line(text, e.key), e))?;
    Ok(settings)
}

/// The line where `key` is set (1 when it cannot be found).
fn key_line(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map_or(1, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_settings_and_names_bad_lines() {
        let s = parse_settings("user = \"Sam\"\ncurrency = \"usd\"\nemails = [\"sam@acme.com\"]\n")
            .unwrap();
        assert_eq!(s.user.as_deref(), Some("Sam"));
        assert_eq!(s.currency().code(), "USD");
        let err = parse_settings("user = \"Sam\"\ncolour = 3\n").unwrap_err();
        assert!(err.starts_with("2:"), "{err}");
        assert!(parse_settings("currency = \"XYZ\"").is_err());
    }

    #[test]
    fn a_bad_support_address_names_the_line_key_and_value() {
        let err =
            parse_settings("user = \"Sam\"\nsupport_emails = [\"help@acme.io\", \"helpdesk\"]\n")
                .unwrap_err();
        assert!(err.starts_with("2: support_emails: \"helpdesk\""), "{err}");
        let s = parse_settings(
            "support_emails = [\"Help@Acme.io\"]\nsend_command = \"msmtp -t\"\nticket_close_days = 7\n",
        )
        .unwrap();
        assert_eq!(s.support_emails, ["Help@Acme.io"]);
        assert_eq!(s.ticket_close_days(), 7);
        assert_eq!(Settings::default().ticket_close_days(), 4);
    }
}
