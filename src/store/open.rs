//! Opening a database file: creating it (owner-only or for a team, see `file_mode`), checking access and permissions,
//! telling a rolo database from any other file, and migrating old schemas forward.
//! Every handle is opened in redb's MultiWriter mode so many processes share the file.

use std::fs;
use std::io::ErrorKind;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use super::handle::Handle;
use super::tables::META;
use super::{Actor, EntryKind, Now, Queries, Store};
use crate::error::{Error, Result};
use crate::model::{Pipeline, Record};

/// The newest schema this build reads and writes. Version 2 added the derived tables
/// (card order, sorted contacts and companies, stage aggregates); version 5 a letter
/// mask per row of the search pages; version 6 the service desk (tickets, SLA policies,
/// calendars and the ticket queue indexes); version 7 the deals' report rows
/// ([`super::deal_facts`]) and the texts of the duplicate fingerprints; version 8 the
/// index of open tasks that close on an activity ([`super::tables::IDX_WAITING`]);
/// version 9 the sort index in pages ([`super::sort_pages`]); version 10 large
/// change-log entries stored compressed ([`super::packed`]).
pub const SCHEMA_VERSION: u64 = 10;
/// Marks a redb file as rolo's ("rolo" in ASCII).
const FORMAT_MAGIC: u64 = 0x726f_6c6f;

/// How to open a store.
#[derive(Clone)]
pub struct OpenOptions {
    /// The database file.
    pub path: PathBuf,
    /// Display name overriding the OS login name.
    pub user: Option<String>,
    /// The clock; the system clock when none.
    pub now: Option<Now>,
    /// How long to retry while another process writes.
    pub busy_timeout: Duration,
    /// Memory redb may use to cache pages (reads, and a large write's buffer). Small
    /// by default: screens read a few pages, and the operating system caches the file;
    /// bulk loads (demo, imports) ask for more.
    pub cache_bytes: usize,
}

/// The default page cache: enough for the windows of any screen.
pub const DEFAULT_CACHE: usize = 4 << 20;
/// The page cache of a bulk load (demo, large imports, restore).
pub const BULK_CACHE: usize = 512 << 20;

impl OpenOptions {
    /// Options for `path` with the system clock, the OS user and a 5 s busy timeout.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        OpenOptions {
            path: path.into(),
            user: None,
            now: None,
            busy_timeout: Duration::from_secs(5),
            cache_bytes: DEFAULT_CACHE,
        }
    }
}

impl Store {
    /// Opens (creating if needed) the database at `opts.path`.
    pub fn open(opts: OpenOptions) -> Result<Store> {
        let path = opts.path.clone();
        let access = |source| Error::Access {
            path: path.clone(),
            source,
        };
        super::file_mode::create(&path)?;
        let meta = fs::metadata(&path).map_err(access)?;
        if meta.is_dir() {
            return Err(Error::NotRolo {
                path,
                detail: "it is a directory".into(),
            });
        }
        fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(&path)
            .map_err(access)?;
        let warnings = permission_warnings(&path, meta.permissions().mode());

        let db = Handle::open(&path, meta.len() == 0, opts.busy_timeout, opts.cache_bytes)?;
        let store = Store {
            db,
            path,
            actor: Actor::current(opts.user),
            now: opts.now.unwrap_or_else(|| Arc::new(chrono::Utc::now)),
            busy_timeout: opts.busy_timeout,
            warnings,
            pending: Default::default(),
            allow_erased: Default::default(),
        };
        store.prepare()?;
        Ok(store)
    }

    /// Checks the format and schema version; initialises a new file and migrates an old
    /// one inside a write transaction, so concurrent first opens agree.
    fn prepare(&self) -> Result<()> {
        let read = self.db.begin_read().map_err(Error::from)?;
        let format = read_meta(&read, "format")?;
        if format == Some(FORMAT_MAGIC) {
            let version = read_meta(&read, "schema_version")?.unwrap_or(0);
            if version > SCHEMA_VERSION {
                return Err(Error::TooNew {
                    path: self.path.clone(),
                    found: version,
                    supported: SCHEMA_VERSION,
                });
            }
            if version == SCHEMA_VERSION {
                return Ok(());
            }
        } else if format.is_some() || read.list_tables().map_err(Error::from)?.next().is_some() {
            return Err(Error::NotRolo {
                path: self.path.clone(),
                detail: "it is a redb file holding other tables".into(),
            });
        }
        drop(read);
        self.initialise_or_migrate()
    }

    fn initialise_or_migrate(&self) -> Result<()> {
        self.write_as("init", EntryKind::Op, |tx| {
            let format = tx.meta("format")?;
            let version = tx.meta("schema_version")?;
            if format == FORMAT_MAGIC && version == SCHEMA_VERSION {
                return Ok(()); // another process finished first
            }
            if format == FORMAT_MAGIC {
                migrate(tx, version)?;
            } else {
                let mut sales = Pipeline::default_sales();
                sales.id = tx.next_id(crate::model::Kind::Pipeline)?;
                tx.put(Record::Pipeline(sales))?;
                let now = tx.now();
                for mut rule in crate::automation::defaults::rules() {
                    rule.id = tx.next_id(crate::model::Kind::Rule)?;
                    rule.created = now;
                    rule.updated = now;
                    tx.put(Record::Rule(rule))?;
                }
                add_service_defaults(tx)?;
                tx.describe(
                    "created the database with the Sales pipeline, the default rules and the \
                     default SLA policy",
                );
            }
            let mut meta = tx.txn.open_table(META)?;
            meta.insert("format", FORMAT_MAGIC)?;
            meta.insert("schema_version", SCHEMA_VERSION)?;
            Ok(())
        })?;
        Ok(())
    }
}

/// The business-hours calendar and SLA policy a database starts with
/// ([`crate::sla::defaults`]).
fn add_service_defaults(tx: &mut super::Tx) -> Result<()> {
    let now = tx.now();
    let mut cal = crate::sla::defaults::calendar(&crate::sla::defaults::local_time_zone());
    cal.id = tx.next_id(crate::model::Kind::Calendar)?;
    cal.created = now;
    cal.updated = now;
    let mut policy = crate::sla::defaults::policy(cal.id);
    policy.id = tx.next_id(crate::model::Kind::Sla)?;
    policy.created = now;
    policy.updated = now;
    tx.put(Record::Calendar(cal))?;
    tx.put(Record::Sla(policy))?;
    Ok(())
}

/// Brings a schema from `from` to [`SCHEMA_VERSION`], inside the opening write
/// transaction: an interrupted migration commits nothing, and the next open starts it
/// again on the untouched file. Other processes keep reading the old state meanwhile.
fn migrate(tx: &mut super::Tx, from: u64) -> Result<()> {
    if from < 6 {
        // 6 added the service desk: its tables are created empty, with the default
        // calendar and policy, after whatever the older step does.
        migrate_to_5(tx, from)?;
        super::index::IndexTables::open(&tx.txn)?.finish()?;
        add_service_defaults(tx)?;
        if from == 5 {
            tx.describe(format!(
                "migrated the database from schema 5 to {SCHEMA_VERSION} (service desk tables, \
                 the default SLA policy and the deals' report rows added)"
            ));
        }
    } else {
        migrate_to_5(tx, from)?;
    }
    if from < 7 {
        // 7 added the deals' report rows and the texts of the duplicate fingerprints:
        // both written from the records (a rebuild above has written them already;
        // writing them again changes nothing).
        let rows = super::deal_facts::fill(&tx.txn)?;
        super::facts::refill_dupes(&tx.txn)?;
        if from == 6 {
            tx.force_commit = true;
            tx.describe(format!(
                "migrated the database from schema 6 to {SCHEMA_VERSION} (report rows for {} \
                 added, duplicate fingerprints rewritten with their texts, open tasks that close on an \
                 activity indexed)",
                crate::model::words::plural(rows, "deal")
            ));
        }
    }
    if from < 8 {
        // 8 added the index of tasks waiting on an activity (a rebuild above has
        // written it already; writing it again changes nothing).
        let n = super::derive::fill_waiting(&tx.txn)?;
        if from == 7 {
            tx.force_commit = true;
            tx.describe(format!(
                "migrated the database from schema 7 to {SCHEMA_VERSION} (an index of the open \
                 tasks that close on an activity added: {})",
                crate::model::words::plural(n, "task")
            ));
        }
    }
    if from < 9 {
        // 9 keeps the sort index in pages: the entries of the one-key-per-entry table
        // (if a rebuild above has not replaced it already) are moved into pages.
        let n = super::sort_pages::from_legacy(&tx.txn)?;
        if from == 8 {
            tx.force_commit = true;
            tx.describe(format!(
                "migrated the database from schema 8 to {SCHEMA_VERSION} (the sort index's {} \
                 kept in pages)",
                crate::model::words::plural(n, "entry")
            ));
        }
    }
    if from == 9 {
        // 10 may store a large change-log entry compressed ([`super::packed`]): nothing
        // stored changes, but a build of schema 9 could not read such an entry.
        tx.force_commit = true;
        tx.describe(format!(
            "migrated the database from schema 9 to {SCHEMA_VERSION} (large change-log \
             entries may be stored compressed)"
        ));
    }
    Ok(())
}

fn migrate_to_5(tx: &mut super::Tx, from: u64) -> Result<()> {
    match from {
        // 1 lacked the derived tables; 2 lacked the deal and task sort entries, the
        // created-order entries and the report facts, and kept the search index
        // outside the derived tables.
        // Both are brought up by rebuilding every derived table from the records (the
        // rebuild also leaves out schema 3's per-record search index).
        1 | 2 => {
            let mut bar = MigrationProgress::new();
            super::derive::rebuild(&tx.txn, &mut |done, total| bar.show(done, total))?;
            bar.finish();
            tx.force_commit = true;
            tx.describe(format!(
                "migrated the database from schema {from} to {SCHEMA_VERSION} (derived indexes rebuilt)"
            ));
            Ok(())
        }
        // 3 kept the search index twice: per record and in pages; 3 and 4 kept the
        // pages without the rows' letter masks.
        3 | 4 => {
            if from == 3 {
                tx.txn.delete_table(super::tables::LEGACY_IDX_SEARCH)?;
            }
            let how = if super::search_pages_v4::upgrade(&tx.txn)? {
                "the search pages rewritten with letter masks"
            } else {
                // A page schema 4 could not read either: build them from the records.
                let mut bar = MigrationProgress::new();
                super::derive::rebuild(&tx.txn, &mut |done, total| bar.show(done, total))?;
                bar.finish();
                "derived indexes rebuilt"
            };
            let dropped = if from == 3 {
                "the per-record search index dropped, "
            } else {
                ""
            };
            tx.force_commit = true;
            tx.describe(format!(
                "migrated the database from schema {from} to {SCHEMA_VERSION} ({dropped}{how})"
            ));
            Ok(())
        }
        5..=SCHEMA_VERSION => Ok(()),
        other => Err(Error::Storage(format!(
            "no migration from schema version {other} to {SCHEMA_VERSION}; run `rolo doctor`"
        ))),
    }
}

/// A progress bar on stderr for a migration that takes more than a second, shown only
/// when stderr is a terminal.
struct MigrationProgress {
    started: std::time::Instant,
    bar: Option<indicatif::ProgressBar>,
}

impl MigrationProgress {
    fn new() -> Self {
        MigrationProgress {
            started: std::time::Instant::now(),
            bar: None,
        }
    }

    fn show(&mut self, done: u64, total: u64) {
        use std::io::IsTerminal;
        if self.bar.is_none()
            && self.started.elapsed() > Duration::from_secs(1)
            && std::io::stderr().is_terminal()
        {
            let bar = indicatif::ProgressBar::new(total);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "rolo: updating the database for this version {bar:30} {pos}/{len} records",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            self.bar = Some(bar);
        }
        if let Some(b) = &self.bar {
            b.set_position(done);
        }
    }

    fn finish(&mut self) {
        if let Some(b) = self.bar.take() {
            b.finish_and_clear();
        }
    }
}

fn read_meta(read: &redb::ReadTransaction, key: &str) -> Result<Option<u64>> {
    match read.open_table(META) {
        Ok(t) => Ok(t.get(key)?.map(|v| v.value())),
        Err(redb::TableError::TableDoesNotExist(_)) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

fn permission_warnings(path: &Path, mode: u32) -> Vec<String> {
    let mut out = Vec::new();
    if mode & 0o002 != 0 {
        out.push(format!(
            "{} is world-writable: anyone on this machine can change your CRM; run `chmod o-rw {}`",
            path.display(),
            path.display()
        ));
    } else if mode & 0o004 != 0 {
        out.push(format!(
            "{} is world-readable: anyone on this machine can read your CRM; run `chmod o-r {}`",
            path.display(),
            path.display()
        ));
    }
    out
}

pub(super) fn classify_open_error(path: &Path, e: redb::DatabaseError) -> Error {
    let path = path.to_path_buf();
    match e {
        redb::DatabaseError::Storage(redb::StorageError::Io(io))
            if io.kind() == ErrorKind::PermissionDenied =>
        {
            Error::Access { path, source: io }
        }
        redb::DatabaseError::Storage(redb::StorageError::Io(io))
            if io.to_string().to_lowercase().contains("magic") =>
        {
            Error::NotRolo {
                path,
                detail: "it is not a redb database file".into(),
            }
        }
        redb::DatabaseError::Storage(redb::StorageError::Corrupted(detail))
            if detail.to_lowercase().contains("magic") =>
        {
            Error::NotRolo {
                path,
                detail: "it is not a redb database file".into(),
            }
        }
        redb::DatabaseError::Storage(redb::StorageError::Corrupted(detail)) => {
            Error::Corrupt { path, detail }
        }
        redb::DatabaseError::UpgradeRequired(v) => Error::NotRolo {
            path,
            detail: format!("it is a redb file of an old format ({v})"),
        },
        redb::DatabaseError::LockProtocolMismatch => Error::Storage(format!(
            "{}: another process has it open with an incompatible rolo or redb version",
            path.display()
        )),
        other => Error::Storage(format!("{}: {other}", path.display())),
    }
}
