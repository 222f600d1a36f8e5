//! `config.toml`: the database path, theme, keymap, default currency, and the user's
//! display name and own email addresses (which tell inbound mail from outbound).

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
    toml::from_str::<Settings>(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1)
            .unwrap_or(1);
        format!("{line}: {}", e.message())
    })
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
}
