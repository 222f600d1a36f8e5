//! Who may open the database file, decided when it is created: owner-only (`0600`), or
//! shared with a team (`0660`, the directory's group) when it is created in a directory
//! whose setgid bit marks it as a team's; and [`share_with_group`] for `rolo init
//! --group`. It never loosens a file that already exists on its own.

use std::fs;
use std::io::ErrorKind;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;

use crate::error::{Error, Result};

/// Mode of a personal database.
pub const OWNER_ONLY: u32 = 0o600;
/// Mode of a team database: the owner and the file's group read and write.
pub const TEAM: u32 = 0o660;
/// The setgid bit: on a directory, new files take the directory's group.
const SETGID: u32 = 0o2000;

/// Creates an empty database file at `path` unless one exists; true when it created
/// one. In a setgid directory the file gets the directory's group and mode `0660`
/// (whatever the umask), elsewhere `0600`.
pub fn create(path: &Path) -> Result<bool> {
    let dir = match path.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(d) => d,
        None => Path::new("."),
    };
    let cannot = |source| Error::Create {
        path: path.to_path_buf(),
        dir: dir.to_path_buf(),
        source,
    };
    fs::create_dir_all(dir).map_err(cannot)?;
    let dir_meta = fs::metadata(dir).map_err(cannot)?;
    let team = dir_meta.mode() & SETGID != 0;
    match fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(if team { TEAM } else { OWNER_ONLY })
        .open(path)
    {
        Ok(_) => {}
        Err(e) if e.kind() == ErrorKind::AlreadyExists => return Ok(false),
        Err(e) => return Err(cannot(e)),
    }
    if team {
        // The umask may have taken the group's bits; the directory says to share.
        share_with_gid(path, dir_meta.gid()).map_err(|source| Error::Access {
            path: path.to_path_buf(),
            source,
        })?;
    }
    Ok(true)
}

/// Gives the file to group `gid` and makes it readable and writable by that group
/// (`0660`). The caller must own the file and, unless root, be a member of the group.
pub fn share_with_gid(path: &Path, gid: u32) -> std::io::Result<()> {
    if fs::metadata(path)?.gid() != gid {
        std::os::unix::fs::chown(path, None, Some(gid))?;
    }
    fs::set_permissions(path, fs::Permissions::from_mode(TEAM))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mode(p: &Path) -> u32 {
        fs::metadata(p).unwrap().mode() & 0o7777
    }

    #[test]
    fn a_database_in_a_plain_directory_is_owner_only() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("crm.redb");
        assert!(create(&path).unwrap());
        assert_eq!(mode(&path), OWNER_ONLY);
        assert!(!create(&path).unwrap(), "an existing file is left as it is");
    }

    #[test]
    fn a_database_in_a_setgid_directory_is_shared_with_its_group() {
        let dir = tempfile::TempDir::new().unwrap();
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o2770)).unwrap();
        let path = dir.path().join("crm.redb");
        assert!(create(&path).unwrap());
        assert_eq!(mode(&path), TEAM);
        assert_eq!(
            fs::metadata(&path).unwrap().gid(),
            fs::metadata(dir.path()).unwrap().gid()
        );
    }
}
