//! Who is acting: the OS user behind the process (by uid), with an optional display
//! name from `ROLO_USER` or the config file, and the door the change came through when
//! it was not the person's own terminal (`mcp:claude-code` for an AI agent's client).
//! Recorded on every change-log entry.

/// The person making changes through this process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The name shown as owner, assignee and author.
    pub name: String,
    /// The OS user id of the process.
    pub uid: u32,
    /// The program acting for the person, when one is (`mcp:claude-code`); the change
    /// log shows `sam via mcp:claude-code`. Undo and `--user` still go by `name`.
    pub via: Option<String>,
}

impl Actor {
    /// The current OS user; `name` overrides the login name when given.
    pub fn current(name: Option<String>) -> Actor {
        let uid = uzers::get_current_uid();
        let login = uzers::get_user_by_uid(uid)
            .map(|u| u.name().to_string_lossy().into_owned())
            .unwrap_or_else(|| format!("uid{uid}"));
        Actor {
            name: name.filter(|n| !n.trim().is_empty()).unwrap_or(login),
            uid,
            via: None,
        }
    }

    /// How the change log shows this actor: `sam`, or `sam via mcp:claude-code`.
    pub fn display(&self) -> String {
        shown(&self.name, self.via.as_deref())
    }
}

/// A change-log author as people read it: `sam`, or `sam via mcp:claude-code`.
pub fn shown(user: &str, via: Option<&str>) -> String {
    match via {
        Some(v) if !v.is_empty() => format!("{user} via {v}"),
        _ => user.to_string(),
    }
}

/// The `via` of an MCP client: `mcp:` and the name from its `clientInfo`, kept to
/// letters, digits, `.`, `_` and `-` (others become `-`) and 40 characters, so a client
/// cannot write arbitrary text into the audit trail.
pub fn mcp_via(client_name: &str) -> String {
    let name: String = client_name
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .take(40)
        .collect();
    let name = name.trim_matches('-');
    format!("mcp:{}", if name.is_empty() { "unknown" } else { name })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_name_is_kept_to_a_safe_short_word() {
        assert_eq!(mcp_via("claude-code"), "mcp:claude-code");
        assert_eq!(mcp_via("Claude Desktop"), "mcp:Claude-Desktop");
        assert_eq!(mcp_via("\u{1b}]52;c;x\u{7}"), "mcp:52-c-x");
        assert_eq!(mcp_via("  "), "mcp:unknown");
        assert_eq!(mcp_via(&"x".repeat(100)).len(), 44);
        assert_eq!(shown("sam", Some("mcp:zed")), "sam via mcp:zed");
        assert_eq!(shown("sam", None), "sam");
    }
}
