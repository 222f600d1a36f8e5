//! The redb handles behind a store: read-only until the first write. A writable
//! handle writes the file when it opens (its header) and when it closes (its allocator
//! state and a shutdown header, with four syncs: about 5 ms), so a command that only
//! reads (a list, a search, a report) opens a read-only handle, which shares the file
//! with other processes' writers in MultiWriter mode and writes nothing. The first
//! write opens the writable handle beside it, and every later read goes through that
//! one, so a process reads its own writes.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use redb::{
    ConcurrencyMode, Database, DatabaseError, ReadOnlyDatabase, ReadTransaction, ReadableDatabase,
    TransactionError,
};

use crate::error::{Error, Result};

/// A store's handles on its file.
pub(super) struct Handle {
    path: PathBuf,
    cache_bytes: usize,
    busy_timeout: Duration,
    reader: Option<ReadOnlyDatabase>,
    writer: OnceLock<Database>,
    /// Held while the writable handle opens, so two threads do not both open one.
    opening: Mutex<()>,
}

impl Handle {
    /// Opens `path`: read-only when the file exists and a reader may share it, else
    /// writable (a new file, or one a crashed writer left for the next writer to
    /// repair).
    pub(super) fn open(
        path: &Path,
        create: bool,
        busy_timeout: Duration,
        cache_bytes: usize,
    ) -> Result<Handle> {
        let mut handle = Handle {
            path: path.to_path_buf(),
            cache_bytes,
            busy_timeout,
            reader: None,
            writer: OnceLock::new(),
            opening: Mutex::new(()),
        };
        // Whatever stops a reader (a file to repair, another format), the writable open
        // below either gets past it or says what it is.
        if !create
            && let Ok(reader) =
                with_timeout(busy_timeout, open_reader(path, busy_timeout, cache_bytes))?
        {
            handle.reader = Some(reader);
            return Ok(handle);
        }
        let db = with_timeout(
            busy_timeout,
            open_writer(path, create, busy_timeout, cache_bytes),
        )?
        .map_err(|e| super::open::classify_open_error(path, e))?;
        let _ = handle.writer.set(db);
        Ok(handle)
    }

    /// A read transaction on the newest commit of any process.
    pub(super) fn begin_read(&self) -> std::result::Result<ReadTransaction, TransactionError> {
        if let Some(w) = self.writer.get() {
            return w.begin_read();
        }
        match &self.reader {
            Some(r) => r.begin_read(),
            // Not reached: a handle holds a reader or a writer from its open on.
            None => Err(TransactionError::Storage(
                redb::StorageError::DatabaseClosed,
            )),
        }
    }

    /// The writable handle, opened on first use.
    pub(super) fn writer(&self) -> Result<&Database> {
        if let Some(w) = self.writer.get() {
            return Ok(w);
        }
        let _opening = self.opening.lock().map_err(|_| {
            Error::Storage(format!(
                "{}: a thread failed opening it",
                self.path.display()
            ))
        })?;
        if let Some(w) = self.writer.get() {
            return Ok(w);
        }
        let db = with_timeout(
            self.busy_timeout,
            open_writer(&self.path, false, self.busy_timeout, self.cache_bytes),
        )?
        .map_err(|e| super::open::classify_open_error(&self.path, e))?;
        Ok(self.writer.get_or_init(|| db))
    }

    /// The writable handle for exclusive use (redb's integrity check).
    pub(super) fn writer_mut(&mut self) -> Result<&mut Database> {
        self.writer()?;
        self.writer
            .get_mut()
            .ok_or_else(|| Error::Storage(format!("{}: not open for writing", self.path.display())))
    }
}

fn builder(cache_bytes: usize) -> redb::Builder {
    let mut builder = redb::Builder::new();
    builder.set_concurrency_mode(ConcurrencyMode::MultiWriter);
    builder.set_cache_size(cache_bytes);
    builder
}

fn open_reader(
    path: &Path,
    timeout: Duration,
    cache_bytes: usize,
) -> impl FnOnce() -> std::result::Result<ReadOnlyDatabase, DatabaseError> + Send + 'static {
    let path = path.to_path_buf();
    move || {
        retrying(&path, timeout, || {
            builder(cache_bytes).open_read_only(&path)
        })
    }
}

fn open_writer(
    path: &Path,
    create: bool,
    timeout: Duration,
    cache_bytes: usize,
) -> impl FnOnce() -> std::result::Result<Database, DatabaseError> + Send + 'static {
    let path = path.to_path_buf();
    move || {
        retrying(&path, timeout, || {
            let builder = builder(cache_bytes);
            if create {
                builder.create(&path)
            } else {
                builder.open(&path)
            }
        })
    }
}

/// Opens through `open`, waiting while a scrub holds the file alone (up to `timeout`),
/// and opening again when a scrub replaced the file between the look and the lock: the
/// handle would hold the old file, which nobody must use again.
fn retrying<T>(
    path: &Path,
    timeout: Duration,
    open: impl Fn() -> std::result::Result<T, DatabaseError>,
) -> std::result::Result<T, DatabaseError> {
    let started = std::time::Instant::now();
    loop {
        let before = file_id(path);
        match open() {
            Err(DatabaseError::DatabaseAlreadyOpen) if started.elapsed() < timeout => {
                std::thread::sleep(Duration::from_millis(20));
            }
            Ok(db) if before.is_some() && file_id(path) != before => drop(db),
            other => return other,
        }
    }
}

/// The device and inode of the file at `path`, to tell whether it was replaced.
fn file_id(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

/// Runs an open on a helper thread and gives up with [`Error::Busy`] after `timeout`:
/// redb waits without limit while another process is inside a write transaction (the
/// thread finishes on its own later).
fn with_timeout<T: Send + 'static>(
    timeout: Duration,
    open: impl FnOnce() -> T + Send + 'static,
) -> Result<T> {
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        // The receiver is gone when the open took too long: nothing to report then.
        let _ = send.send(open());
    });
    receive.recv_timeout(timeout).map_err(|_| Error::Busy)
}
