//! `rolo init [--group NAME]`: creates the database at the resolved path, for one person
//! (`0600`) or for a team (`0660`, owned by the team's group), and says what it did. It
//! runs before the usual open, so that a group that does not exist leaves nothing
//! behind. Creation itself (and the setgid rule) lives in `store::file_mode`.

use std::io::Write;
use std::os::unix::fs::MetadataExt;

use clap::Args;

use crate::store::{OpenOptions, Store, file_mode};

/// `rolo init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Share the database with this group: the file is given to the group and made
    /// readable and writable by it (mode 0660).
    #[arg(long, value_name = "NAME")]
    pub group: Option<String>,
}

/// A group to share with: its name and id.
struct TeamGroup {
    name: String,
    gid: u32,
}

/// Creates (or checks) the database at `opts.path`, then shares it with the group.
pub fn run(a: &InitArgs, opts: OpenOptions, out: &mut dyn Write) -> anyhow::Result<()> {
    let path = opts.path.clone();
    // Check the group before anything touches the disk.
    let group = a.group.as_deref().map(team_group).transpose()?;
    let existed = path.exists();
    let rev = Store::open(opts)?.revision()?;
    if let Some(g) = &group {
        file_mode::share_with_gid(&path, g.gid).map_err(|e| {
            anyhow::anyhow!(
                "{}: cannot give the file to group '{}': {e}; only the file's owner or root can, so run `rolo init --group {}` as them",
                path.display(),
                g.name,
                g.name
            )
        })?;
    }
    let meta = std::fs::metadata(&path)
        .map_err(|e| anyhow::anyhow!("{}: {e}; check the path", path.display()))?;
    let group_name = uzers::get_group_by_gid(meta.gid())
        .map(|g| g.name().to_string_lossy().into_owned())
        .unwrap_or_else(|| meta.gid().to_string());
    let mode = meta.mode() & 0o777;
    if existed {
        writeln!(
            out,
            "{} already exists (a rolo database at revision {rev}); mode {mode:04o}, group {group_name}",
            path.display()
        )?;
    } else {
        writeln!(
            out,
            "created {}: mode {mode:04o}, group {group_name}",
            path.display()
        )?;
    }
    if mode & 0o060 == 0o060 {
        writeln!(
            out,
            "everyone in group {group_name} can open it: rolo --db {}",
            path.display()
        )?;
    }
    Ok(())
}

/// Looks up a group by name; unless root, the caller must belong to it (only members
/// may give a file to a group).
fn team_group(name: &str) -> anyhow::Result<TeamGroup> {
    let Some(g) = uzers::get_group_by_name(name) else {
        anyhow::bail!(
            "no group named '{name}' on this machine; create it first (`groupadd {name}`) or pick one of yours (`id -Gn`); nothing was created"
        );
    };
    let gid = g.gid();
    let member = uzers::get_effective_gid() == gid
        || uzers::group_access_list().is_ok_and(|gs| gs.iter().any(|g| g.gid() == gid));
    if uzers::get_effective_uid() != 0 && !member {
        anyhow::bail!(
            "you are not in group '{name}', so the database cannot be given to it; ask an admin to add you (`usermod -aG {name} $USER`, then log in again); nothing was created"
        );
    }
    Ok(TeamGroup {
        name: name.to_string(),
        gid,
    })
}
