//! Scrubbing: rewriting the live data into a fresh file and putting it in place of the
//! old one, so that bytes an erase freed (which redb leaves in the file, and which open
//! read transactions keep alive) are physically gone.
//!
//! The scrub needs the file to itself: it opens it in redb's exclusive mode, which fails
//! while any other process has it open, and which keeps every other process out until
//! it is done. It copies every table listed in [`super::schema`] into a temporary file
//! beside the database, syncs it, checks it, and renames it over the old one; it lets go
//! of the old file only after the rename, and [`super::Store::open`] checks that the
//! file it locked is still the one at the path, so no process can write to the old file
//! once the new one is in place. A scrub stopped at any point (even by `kill -9`) leaves
//! the old file as it was: the rename is the last step, and a leftover temporary file is
//! removed by the next scrub.

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use redb::{Builder, ConcurrencyMode, Database, DatabaseError, ReadableDatabase};

use super::schema;
use crate::error::{Error, Result};

/// What a scrub did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scrubbed {
    /// The file's size before, in bytes.
    pub before: u64,
    /// Its size after.
    pub after: u64,
    /// Rows copied, all tables together.
    pub rows: u64,
}

/// The temporary file a scrub of `path` writes: `.NAME.scrub` beside it.
pub fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "rolo.redb".into());
    path.with_file_name(format!(".{name}.scrub"))
}

/// Rewrites the database at `path` into a fresh file and replaces it. Waits up to
/// `wait` for other processes to close the file; then gives up with [`Error::InUse`].
pub fn scrub(path: &Path, wait: Duration) -> Result<Scrubbed> {
    let before = fs::metadata(path)
        .map_err(|source| Error::Access {
            path: path.to_path_buf(),
            source,
        })?
        .len();
    let old = open_exclusive(path, wait)?;
    let unknown = schema::unlisted_in(&old)?;
    if !unknown.is_empty() {
        return Err(Error::Storage(format!(
            "{}: not scrubbed: the file holds tables this rolo does not know ({}); a newer rolo wrote them, so scrub with that one",
            path.display(),
            unknown.join(", ")
        )));
    }
    let temp = temp_path(path);
    let rows = write_copy(&old, path, &temp).inspect_err(|_| {
        let _ = fs::remove_file(&temp);
    })?;
    fs::rename(&temp, path).map_err(|source| Error::Access {
        path: path.to_path_buf(),
        source,
    })?;
    sync_dir(path);
    // Only now may others open the path again: they find the new file.
    drop(old);
    let after = fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    Ok(Scrubbed {
        before,
        after,
        rows,
    })
}

/// Opens the file in exclusive mode, retrying while another process has it open.
fn open_exclusive(path: &Path, wait: Duration) -> Result<Database> {
    let start = Instant::now();
    loop {
        match Builder::new().open(path) {
            Ok(db) => return Ok(db),
            Err(DatabaseError::DatabaseAlreadyOpen) => {
                if start.elapsed() >= wait {
                    return Err(Error::InUse {
                        path: path.to_path_buf(),
                    });
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            Err(e) => return Err(Error::Storage(format!("{}: {e}", path.display()))),
        }
    }
}

/// Copies every table of `old` into a new file at `temp` with the old file's mode and
/// group, syncs it and checks every table's row count; returns the rows copied.
fn write_copy(old: &Database, path: &Path, temp: &Path) -> Result<u64> {
    let access = |source| Error::Access {
        path: temp.to_path_buf(),
        source,
    };
    match fs::remove_file(temp) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(access(e)),
    }
    let meta = fs::metadata(path).map_err(|source| Error::Access {
        path: path.to_path_buf(),
        source,
    })?;
    let file = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .open(temp)
        .map_err(access)?;
    file.set_permissions(fs::Permissions::from_mode(meta.mode() & 0o7777))
        .map_err(access)?;
    // Keep a team file's group; a person who is not in it keeps their own.
    let _ = std::os::unix::fs::fchown(&file, None, Some(meta.gid()));
    drop(file);
    let mut builder = Builder::new();
    builder.set_concurrency_mode(ConcurrencyMode::MultiWriter);
    let new = builder
        .create(temp)
        .map_err(|e| Error::Storage(format!("{}: {e}", temp.display())))?;
    let src = old.begin_read().map_err(Error::from)?;
    let dst = new.begin_write().map_err(Error::from)?;
    let mut rows = 0;
    for t in schema::tables() {
        rows += t.copy(&src, &dst)?;
    }
    dst.commit()?;
    let check = new.begin_read().map_err(Error::from)?;
    for t in schema::tables() {
        let (want, got) = (t.rows(&src)?, t.rows(&check)?);
        if want != got {
            return Err(Error::Storage(format!(
                "not scrubbed: the copy of table {} has {got} rows, the file {want}; the database is unchanged",
                t.name()
            )));
        }
    }
    drop(check);
    let mut new = new;
    // The copy grew the file in whole regions: give back what it does not use. The
    // pages this frees held only copies of live data.
    while new
        .compact()
        .map_err(|e| Error::Storage(format!("{}: {e}", temp.display())))?
    {}
    drop(new);
    fs::File::open(temp)
        .and_then(|f| f.sync_all())
        .map_err(access)?;
    Ok(rows)
}

/// Syncs the directory holding `path`, so the rename survives a power cut.
fn sync_dir(path: &Path) {
    if let Some(dir) = path.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        // Best effort: the rename is already visible; only its durability waits on this.
        let _ = fs::File::open(dir).and_then(|d| d.sync_all());
    }
}
