//! Who is acting: the OS user behind the process (by uid), with an optional display
//! name from `ROLO_USER` or the config file. Recorded on every change-log entry.

/// The person making changes through this process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The name shown as owner, assignee and author.
    pub name: String,
    /// The OS user id of the process.
    pub uid: u32,
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
        }
    }
}
