//! The service desk's keys in `config.toml`: `support_emails` (mail to them opens or
//! threads tickets), `send_command` (how a reply is sent) and `ticket_close_days`.
//! They are checked when the file is read, so a typo stops every command (and
//! `rolo check-config`) with the key and the value instead of misrouting mail later.
//! Nothing here reads mail or runs the command.

use super::Settings;

/// Days a solved ticket waits before it closes when `ticket_close_days` is not set.
pub const DEFAULT_CLOSE_DAYS: u32 = 4;

/// The most `ticket_close_days` may be.
const MAX_CLOSE_DAYS: u32 = 365;

/// A desk key with a value rolo cannot use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskKeyError {
    /// The key (`support_emails`).
    pub key: &'static str,
    /// What is wrong with its value and what to write instead.
    pub reason: String,
}

impl std::fmt::Display for DeskKeyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.key, self.reason)
    }
}

/// Whether `s` reads as one plain address (`name@domain`, no display name).
fn is_address(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.is_empty()
        && !domain.contains('@')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>()[],;:\"\\".contains(c))
}

/// Checks the desk keys of `s`.
pub fn check(s: &Settings) -> Result<(), DeskKeyError> {
    for e in &s.support_emails {
        if !is_address(e.trim()) {
            return Err(DeskKeyError {
                key: "support_emails",
                reason: format!(
                    "\"{e}\" is not an email address; list plain addresses, \
                     support_emails = [\"support@example.com\"]"
                ),
            });
        }
    }
    if let Some(cmd) = &s.send_command {
        match shlex::split(cmd) {
            None => {
                return Err(DeskKeyError {
                    key: "send_command",
                    reason: format!(
                        "\"{cmd}\" has an unclosed quote; write it as you would in a shell, \
                         send_command = \"msmtp -t\""
                    ),
                });
            }
            Some(words) if words.is_empty() => {
                return Err(DeskKeyError {
                    key: "send_command",
                    reason: "is empty; name a program that reads a message on stdin \
                             (send_command = \"msmtp -t\"), or remove the key"
                        .into(),
                });
            }
            Some(_) => {}
        }
    }
    if let Some(d) = s.ticket_close_days
        && !(1..=MAX_CLOSE_DAYS).contains(&d)
    {
        return Err(DeskKeyError {
            key: "ticket_close_days",
            reason: format!("{d} is out of range; use a number of days from 1 to {MAX_CLOSE_DAYS}"),
        });
    }
    Ok(())
}

impl Settings {
    /// The support addresses, trimmed and lower-case.
    pub fn support_addresses(&self) -> Vec<String> {
        self.support_emails
            .iter()
            .map(|e| e.trim().to_lowercase())
            .filter(|e| !e.is_empty())
            .collect()
    }

    /// The send command split into the program and its arguments (none when unset).
    pub fn send_argv(&self) -> Option<Vec<String>> {
        self.send_command
            .as_deref()
            .and_then(shlex::split)
            .filter(|w| !w.is_empty())
    }

    /// Days after which a solved ticket closes.
    pub fn ticket_close_days(&self) -> u32 {
        self.ticket_close_days.unwrap_or(DEFAULT_CLOSE_DAYS)
    }

    /// What `rolo check-config` says about the desk keys, one line.
    pub fn desk_report(&self) -> String {
        let support = self.support_addresses();
        format!(
            "support desk ok: {}; {}; solved tickets close after {} days",
            if support.is_empty() {
                "no support_emails (email opens no tickets)".to_string()
            } else {
                support.join(", ")
            },
            match &self.send_command {
                Some(c) => format!("replies sent with `{c}`"),
                None => "no send_command (replies are logged, not sent)".into(),
            },
            self.ticket_close_days()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_commands_and_days_are_checked() {
        let ok = |e: &str| is_address(e);
        assert!(ok("support@acme.io"));
        assert!(ok("help@localhost"));
        assert!(!ok("support"));
        assert!(!ok("Support <support@acme.io>"));
        assert!(!ok("a@@b"));
        assert!(!ok("a@b."));
        let s = Settings {
            send_command: Some("msmtp -a 'work".into()),
            ..Settings::default()
        };
        assert_eq!(check(&s).unwrap_err().key, "send_command");
        let s = Settings {
            ticket_close_days: Some(0),
            ..Settings::default()
        };
        assert!(check(&s).unwrap_err().to_string().contains("from 1 to 365"));
        let s = Settings {
            send_command: Some("msmtp -a 'work account' -t".into()),
            ..Settings::default()
        };
        assert_eq!(
            s.send_argv().unwrap(),
            ["msmtp", "-a", "work account", "-t"]
        );
    }
}
