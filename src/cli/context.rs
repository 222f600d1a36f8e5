//! What every command handler needs: the open store, the settings, the output format
//! and today's date in the user's time zone.

use chrono::NaiveDate;

use super::output::Format;
use crate::config::Settings;
use crate::store::Store;

/// The context a command runs in.
pub struct Ctx {
    /// The open database.
    pub store: Store,
    /// The user's settings.
    pub settings: Settings,
    /// Table, JSON or CSV.
    pub format: Format,
}

impl Ctx {
    /// Today in the local time zone, by the store's clock.
    pub fn today(&self) -> NaiveDate {
        self.store.now().with_timezone(&chrono::Local).date_naive()
    }

    /// The acting user's name.
    pub fn me(&self) -> &str {
        &self.store.actor().name
    }

    /// Resolves a user argument: `me` is the acting user.
    pub fn user(&self, name: &str) -> String {
        if name.eq_ignore_ascii_case("me") {
            self.me().to_string()
        } else {
            name.trim().to_string()
        }
    }

    /// Reports a change: a one-line confirmation on a terminal, or the changed record
    /// as JSON (`--json`) so scripts can read its id.
    pub fn report(
        &self,
        msg: impl AsRef<str>,
        json: impl FnOnce() -> serde_json::Value,
    ) -> anyhow::Result<()> {
        match self.format {
            Format::Json => println!("{}", serde_json::to_string_pretty(&json())?),
            _ => println!("{}", crate::model::text::sanitize(msg.as_ref())),
        }
        Ok(())
    }
}
