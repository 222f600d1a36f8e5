//! The redb tables rolo keeps and how records are encoded in them. Records are
//! MessagePack maps with named fields (self-describing, tolerant of added fields);
//! indexes are tables of tuple keys with empty values, kept in the same transaction.

use redb::TableDefinition;

use crate::error::Result;
use crate::model::{Kind, Record, record::Entity};

/// Schema version, record counters and the revision: `&str` → `u64`.
pub const META: TableDefinition<&str, u64> = TableDefinition::new("meta");
/// The change log: revision → encoded [`super::Entry`].
pub const CHANGELOG: TableDefinition<u64, &[u8]> = TableDefinition::new("changelog");
/// Lower-cased email → contact id.
pub const IDX_EMAIL: TableDefinition<&str, u64> = TableDefinition::new("idx_email");
/// (linked-to record, linking record), both packed: company → contacts and deals,
/// contact → deals, any record → tasks.
pub const IDX_LINK: TableDefinition<(u64, u64), ()> = TableDefinition::new("idx_link");
/// (linked-to record packed, task id): the open tasks that close themselves on an
/// activity or a reply ([`crate::model::Task::auto_close`]), by the record they are
/// linked to, so an activity finds the tasks it may close without reading the others.
pub const IDX_WAITING: TableDefinition<(u64, u64), ()> = TableDefinition::new("idx_waiting");
/// (record packed, time ms, activity id): a record's timeline.
pub const IDX_TIMELINE: TableDefinition<(u64, i64, u64), ()> = TableDefinition::new("idx_timeline");
/// (time ms, activity id): every activity by time.
pub const IDX_ACTIVITY_TIME: TableDefinition<(i64, u64), ()> =
    TableDefinition::new("idx_activity_time");
/// (pipeline, stage, deal): deals by stage.
pub const IDX_STAGE: TableDefinition<(u64, u32, u64), ()> = TableDefinition::new("idx_stage");
/// (due day as days since 0001-01-01, task): open tasks by due date.
pub const IDX_DUE: TableDefinition<(i32, u64), ()> = TableDefinition::new("idx_due");
/// An activity's external id (Message-ID, calendar UID) → activity id.
pub const IDX_EXTERNAL: TableDefinition<&str, u64> = TableDefinition::new("idx_external");

/// (rule id, packed record id, occurrence) → revision: time rules that already fired,
/// so a sweep fires each once however many processes sweep at the same time.
pub const FIRINGS: TableDefinition<(u64, u64, i64), u64> = TableDefinition::new("firings");
/// (owner or assignee name, packed record id): who owns what, and so who the users are.
pub const IDX_OWNER: TableDefinition<(&str, u64), ()> = TableDefinition::new("idx_owner");

/// (pipeline, stage, time the deal entered the stage in ms, deal): open deals in card
/// order (longest in the stage first), for the kanban.
pub const IDX_CARD: TableDefinition<(u64, u32, i64, u64), ()> = TableDefinition::new("idx_card");

/// (due day, open task) → (priority, linked deal's value, assignee, due time): Today's
/// queue from index entries alone ([`super::index::QueueFacts`]).
pub const IDX_QUEUE: TableDefinition<(i32, u64), (u8, i64, &str, u32)> =
    TableDefinition::new("idx_queue");

/// (earliest running SLA deadline in ms or `i64::MAX`, unsolved ticket) → (status,
/// priority, assignee, flags: 1 = a clock paused, 2 = a target met late): the ticket
/// queue, `--breached` and `--due-within` from index entries alone.
pub const IDX_TICKET_QUEUE: TableDefinition<(i64, u64), (u8, u8, &str, u8)> =
    TableDefinition::new("idx_ticket_queue");
/// (time solved in ms, solved ticket): what the sweep closes after N days.
pub const IDX_TICKET_SOLVED: TableDefinition<(i64, u64), ()> =
    TableDefinition::new("idx_ticket_solved");

/// Secrets kept in the file: `suppression_key` → 32 random bytes, the key of the
/// suppression list's hashes ([`crate::privacy`]).
pub const SECRETS: TableDefinition<&str, &[u8]> = TableDefinition::new("secrets");
/// The suppression list: keyed hash (HMAC-SHA256, hex) of an erased person's email →
/// the revision of the erasure. It holds no address, only what tells one again.
pub const SUPPRESSED: TableDefinition<&str, u64> = TableDefinition::new("suppressed");
/// Erasure tombstones: revision of the erasure → encoded [`crate::privacy::Tombstone`]
/// (when, who, why, counts; no personal data).
pub const ERASURES: TableDefinition<u64, &[u8]> = TableDefinition::new("erasures");
/// The consent ledger, append-only: (contact id, sequence) → encoded
/// [`crate::model::ConsentEvent`].
pub const CONSENT_LEDGER: TableDefinition<(u64, u64), &[u8]> =
    TableDefinition::new("consent_ledger");

/// Schema 3's per-record search index (packed record id → folded fields), which the
/// search pages ([`super::search_pages`]) replaced in schema 4: named only so that the
/// migration and a rebuild can delete it.
pub const LEGACY_IDX_SEARCH: TableDefinition<u64, &str> = TableDefinition::new("idx_search");

/// The table holding records of `kind`: id → encoded record.
pub const fn records(kind: Kind) -> TableDefinition<'static, u64, &'static [u8]> {
    TableDefinition::new(match kind {
        Kind::Contact => "contacts",
        Kind::Company => "companies",
        Kind::Deal => "deals",
        Kind::Activity => "activities",
        Kind::Task => "tasks",
        Kind::Pipeline => "pipelines",
        Kind::Rule => "rules",
        Kind::Ticket => "tickets",
        Kind::Sla => "sla_policies",
        Kind::Calendar => "calendars",
    })
}

/// The meta key of the next id for `kind`.
pub fn next_id_key(kind: Kind) -> &'static str {
    match kind {
        Kind::Contact => "next_id.contact",
        Kind::Company => "next_id.company",
        Kind::Deal => "next_id.deal",
        Kind::Activity => "next_id.activity",
        Kind::Task => "next_id.task",
        Kind::Pipeline => "next_id.pipeline",
        Kind::Rule => "next_id.rule",
        Kind::Ticket => "next_id.ticket",
        Kind::Sla => "next_id.sla",
        Kind::Calendar => "next_id.calendar",
    }
}

/// Encodes one record's body (without the kind tag: the table says the kind).
pub fn encode(rec: &Record) -> Result<Vec<u8>> {
    use rmp_serde::encode::write_named as put;
    // Written into room for a large record, then kept at its size: two allocations
    // instead of a body grown step by step.
    let mut buf = Vec::with_capacity(1024);
    match rec {
        Record::Contact(r) => put(&mut buf, r)?,
        Record::Company(r) => put(&mut buf, r)?,
        Record::Deal(r) => put(&mut buf, r)?,
        Record::Activity(r) => put(&mut buf, r)?,
        Record::Task(r) => put(&mut buf, r)?,
        Record::Pipeline(r) => put(&mut buf, r)?,
        Record::Rule(r) => put(&mut buf, r)?,
        Record::Ticket(r) => put(&mut buf, r)?,
        Record::Sla(r) => put(&mut buf, r)?,
        Record::Calendar(r) => put(&mut buf, r)?,
    }
    Ok(buf.as_slice().to_vec())
}

/// Decodes a record body of a known type.
pub fn decode<T: Entity>(bytes: &[u8]) -> Result<T> {
    Ok(rmp_serde::from_slice(bytes)?)
}

/// Decodes a record body of `kind` into a [`Record`].
pub fn decode_record(kind: Kind, bytes: &[u8]) -> Result<Record> {
    use crate::model::*;
    Ok(match kind {
        Kind::Contact => Record::Contact(decode::<Contact>(bytes)?),
        Kind::Company => Record::Company(decode::<Company>(bytes)?),
        Kind::Deal => Record::Deal(decode::<Deal>(bytes)?),
        Kind::Activity => Record::Activity(decode::<Activity>(bytes)?),
        Kind::Task => Record::Task(decode::<Task>(bytes)?),
        Kind::Pipeline => Record::Pipeline(decode::<Pipeline>(bytes)?),
        Kind::Rule => Record::Rule(decode::<Rule>(bytes)?),
        Kind::Ticket => Record::Ticket(decode::<Ticket>(bytes)?),
        Kind::Sla => Record::Sla(decode::<SlaPolicy>(bytes)?),
        Kind::Calendar => Record::Calendar(decode::<Calendar>(bytes)?),
    })
}
