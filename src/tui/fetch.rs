//! The TUI reads what it shows. Each pane owns a window — the kanban's first cards per
//! stage, the table rows around the selection, Today's queue — read through indexes
//! kept in the same transaction as the records, and the numbers on screen (stage
//! counts and sums) come from aggregates; records are decoded only for what is drawn.
//! So opening rolo costs the size of the screen, not the size of the database.
//!
//! The service desk's windows (the ticket queue, the kanban's marks) are read in
//! `fetch/tickets.rs`.
//!
//! [`windows`] reads the windows that are stale (data, sort, filter or selection
//! changed) and caches the records they draw; it runs after every action and every
//! change-log poll, never while drawing.

use std::collections::{HashMap, HashSet};

use chrono::Datelike;

use super::action::Screen;
use super::board::{Board, Column};
use super::data::{CACHE_LIMIT, Data};
use super::health;
use super::model::Model;
use super::table::{MARGIN, RecordTable, TableKind};
use crate::model::{Deal, Kind, Record, RecordId, Task};
use crate::store::sort;
use crate::store::{Queries, Windows};

mod tickets;

/// Cards read around a column's selected card (more than fit on any screen).
const VISIBLE_CARDS: usize = 12;
/// Table and queue rows read around the selection (more than fit on any screen).
const VISIBLE_ROWS: usize = 60;

/// Reads every stale window and caches what the visible rows draw.
pub fn windows(m: &mut Model, q: &impl Queries) -> crate::Result<()> {
    if m.data.cached() > CACHE_LIMIT {
        // Everything drawn is read again below; what nothing shows is dropped.
        let keep: HashSet<RecordId> = m.layers.iter().filter_map(layer_record).collect();
        m.data.trim(&keep);
        m.next_steps.clear();
        m.next_steps_known.clear();
    }
    board(m, q)?;
    if m.shows_contacts() {
        table(&mut m.contacts, &mut m.data, q)?;
    }
    if m.screen == Screen::Companies {
        table(&mut m.companies, &mut m.data, q)?;
    }
    queue(m, q)?;
    if m.screen == Screen::Tickets {
        tickets::window(m, q)?;
    }
    if m.shows_pipeline() {
        tickets::desk_marks(m, q)?;
    }
    if let Some(drill) = &m.reports.drill {
        let deals: Vec<RecordId> = drill
            .deals
            .iter()
            .map(|d| RecordId::new(Kind::Deal, *d))
            .collect();
        ensure(&mut m.data, q, deals)?;
    }
    m.update_context();
    if let Some(rid) = m.context {
        ensure(&mut m.data, q, [rid])?;
    }
    Ok(())
}

/// The record a layer shows, if any.
fn layer_record(l: &super::layer::Layer) -> Option<RecordId> {
    match l {
        super::layer::Layer::Detail(d) => Some(d.rid),
        _ => None,
    }
}

/// Caches records that are not cached yet.
pub fn ensure(
    data: &mut Data,
    q: &impl Queries,
    rids: impl IntoIterator<Item = RecordId>,
) -> crate::Result<()> {
    for rid in rids {
        if !data.has(rid)
            && let Some(rec) = q.get_record(rid)?
        {
            data.keep(rec);
        }
    }
    Ok(())
}

fn board(m: &mut Model, q: &impl Queries) -> crate::Result<()> {
    if let Some(deal) = m.board.focus.take() {
        focus_card(&mut m.board, q, deal)?;
    }
    if m.board.stale || m.board.needs_more() {
        let selected = m.board.selected;
        read_board(m, q)?;
        // The selected deal moved out of the cards read (a move puts it last in its new
        // stage): follow it there, as a person expects after `L`.
        let unfiltered = m.owner_filter().is_none() && m.board_filter.trim().is_empty();
        if let Some(deal) = selected
            && unfiltered
            && m.board.selected != Some(deal)
            && q.get::<Deal>(deal)?.is_some_and(|d| {
                d.pipeline == m.board.pipeline && d.status == crate::model::DealStatus::Open
            })
        {
            focus_card(&mut m.board, q, deal)?;
            read_board(m, q)?;
        }
    }
    // The cards on screen: their deals, companies and next steps.
    let mut shown: Vec<u64> = Vec::new();
    for (c, col) in m.board.columns.iter().enumerate() {
        let row = m.board.rows.get(c).copied().unwrap_or(0);
        let from = row.saturating_sub(VISIBLE_CARDS);
        shown.extend(col.deals.iter().skip(from).take(2 * VISIBLE_CARDS));
    }
    ensure(
        &mut m.data,
        q,
        shown.iter().map(|d| RecordId::new(Kind::Deal, *d)),
    )?;
    let companies: Vec<RecordId> = shown
        .iter()
        .filter_map(|d| m.data.deals.get(d)?.company)
        .map(|c| RecordId::new(Kind::Company, c))
        .collect();
    ensure(&mut m.data, q, companies)?;
    let unknown: Vec<u64> = shown
        .into_iter()
        .filter(|d| !m.next_steps_known.contains(d))
        .collect();
    next_steps(m, q, &unknown)
}

/// Works out the next step (the open linked task due first) of `deals`, through the
/// link index.
pub fn next_steps(m: &mut Model, q: &impl Queries, deals: &[u64]) -> crate::Result<()> {
    for &deal in deals {
        let rid = RecordId::new(Kind::Deal, deal);
        let mut tasks: Vec<Task> = Vec::new();
        for id in q.linked(rid, Kind::Task)? {
            if let Some(t) = q.get::<Task>(id)?
                && t.is_open()
            {
                tasks.push(t);
            }
        }
        match health::next_steps(tasks.iter()).get(&deal) {
            Some(t) => {
                m.next_steps.insert(deal, t.id);
                m.data.keep(Record::Task((*t).clone()));
            }
            None => drop(m.next_steps.remove(&deal)),
        }
        m.next_steps_known.insert(deal);
    }
    Ok(())
}

/// Puts the selection on `deal`'s card wherever it stands in its column.
fn focus_card(b: &mut Board, q: &impl Queries, deal: u64) -> crate::Result<()> {
    let Some(d) = q.get::<Deal>(deal)? else {
        return Ok(());
    };
    if d.pipeline != b.pipeline {
        b.pipeline = d.pipeline;
        b.columns.clear();
        b.rows.clear();
    }
    b.selected = Some(deal);
    b.stale = true;
    let rank = q.card_rank(
        d.pipeline,
        d.stage,
        d.stage_entered().timestamp_millis(),
        d.id,
    )?;
    // The column index is known once the pipeline's stages are; remember the row.
    b.pending_row = Some((d.stage, rank));
    Ok(())
}

fn read_board(m: &mut Model, q: &impl Queries) -> crate::Result<()> {
    let pipeline = m
        .data
        .pipelines
        .iter()
        .find(|p| p.id == m.board.pipeline)
        .or_else(|| m.data.pipelines.first())
        .cloned();
    let Some(p) = pipeline else {
        m.board.fill(0, String::new(), Vec::new());
        return Ok(());
    };
    if p.id != m.board.pipeline {
        m.board.rows.clear();
    }
    let stages: Vec<_> = p.open_stages().cloned().collect();
    if let Some((stage, rank)) = m.board.pending_row.take()
        && let Some(c) = stages.iter().position(|s| s.id == stage)
    {
        m.board.rows.resize(stages.len(), 0);
        m.board.rows[c] = rank;
        m.board.col = c;
    }
    let owner = m.owner_filter().map(str::to_string);
    let matches = m.list_matches(Screen::Pipeline);
    let mut columns = Vec::with_capacity(stages.len());
    for (c, s) in stages.iter().enumerate() {
        let want = m.board.wanted(c);
        let totals = q.stage_totals(p.id, s.id, owner.as_deref(), s.probability)?;
        let (deals, count) = match (&owner, &matches) {
            (None, None) => (
                q.cards(p.id, s.id, None, want)?
                    .into_iter()
                    .map(|(_, id)| id)
                    .collect(),
                totals.count as usize,
            ),
            _ => scan_cards(
                &mut m.data,
                q,
                (p.id, s.id),
                owner.as_deref(),
                matches.as_ref(),
                want,
            )?,
        };
        columns.push(Column {
            stage: s.clone(),
            deals,
            count: if matches.is_some() {
                count
            } else {
                totals.count as usize
            },
            total: totals.money.iter().map(|(c, v, _)| (*c, *v)).collect(),
            weighted: totals.money.iter().map(|(c, _, w)| (*c, *w)).collect(),
        });
    }
    m.board.fill(p.id, p.name.clone(), columns);
    Ok(())
}

/// Walks a stage's cards keeping one owner's and the filter's matches: the first
/// `want` of them, and how many there are.
fn scan_cards(
    data: &mut Data,
    q: &impl Queries,
    (pipeline, stage): (u64, u32),
    owner: Option<&str>,
    matches: Option<&HashSet<u64>>,
    want: usize,
) -> crate::Result<(Vec<u64>, usize)> {
    let mut deals = Vec::new();
    let mut count = 0;
    let mut after = None;
    loop {
        let chunk = q.cards(pipeline, stage, after, 512)?;
        let Some(last) = chunk.last() else { break };
        after = Some(*last);
        for (_, id) in chunk {
            if matches.is_some_and(|set| !set.contains(&id)) {
                continue;
            }
            if let Some(o) = owner {
                let owned = match data.deals.get(&id) {
                    Some(d) => d.owner == o,
                    None => q.get::<Deal>(id)?.is_some_and(|d| d.owner == o),
                };
                if !owned {
                    continue;
                }
            }
            count += 1;
            if deals.len() < want {
                deals.push(id);
            }
        }
        // Without a filter the count comes from the aggregates: stop once full.
        if matches.is_none() && deals.len() >= want {
            break;
        }
    }
    Ok((deals, count))
}

fn table(t: &mut RecordTable, data: &mut Data, q: &impl Queries) -> crate::Result<()> {
    let kind = match t.kind {
        TableKind::Contacts => Kind::Contact,
        TableKind::Companies => Kind::Company,
    };
    let tag = match t.kind {
        TableKind::Contacts => sort::contact_tag(t.sort),
        TableKind::Companies => sort::company_tag(t.sort),
    };
    if t.filtering() {
        if let Some(ids) = t.matches.as_ref().filter(|_| t.matched_for == t.filter) {
            if t.stale {
                t.rows = ids.clone();
                t.keys.clear();
                t.base = 0;
                t.total = t.rows.len();
                t.stale = false;
            }
            if let Some(id) = t.focus.take()
                && let Some(i) = t.rows.iter().position(|r| *r == id)
            {
                t.selected = i;
            }
        }
    } else {
        t.total = q.count(kind)? as usize;
        if let Some(id) = t.focus.take() {
            focus_row(t, q, kind, tag, id)?;
        }
        if t.stale || !t.covers_selection() {
            read_window(t, q, tag)?;
        }
    }
    t.selected = t.selected.min(t.total.saturating_sub(1));
    // The rows on screen: their records, contacts' companies, companies' contact counts.
    let from = t.selected.saturating_sub(VISIBLE_ROWS);
    let shown: Vec<u64> = (from..t.selected + VISIBLE_ROWS)
        .filter_map(|i| t.row(i))
        .collect();
    ensure(data, q, shown.iter().map(|id| RecordId::new(kind, *id)))?;
    match t.kind {
        TableKind::Contacts => {
            let companies: Vec<RecordId> = shown
                .iter()
                .filter_map(|id| data.contacts.get(id)?.company)
                .map(|c| RecordId::new(Kind::Company, c))
                .collect();
            ensure(data, q, companies)?;
        }
        TableKind::Companies => {
            let mut counts = HashMap::new();
            for id in &shown {
                let n = q
                    .linked(RecordId::new(Kind::Company, *id), Kind::Contact)?
                    .len();
                counts.insert(*id, n);
            }
            t.counts = counts;
        }
    }
    Ok(())
}

/// Puts the selection on record `id` at its place in the sort order.
fn focus_row(
    t: &mut RecordTable,
    q: &impl Queries,
    kind: Kind,
    tag: u8,
    id: u64,
) -> crate::Result<()> {
    let key = match q.get_record(RecordId::new(kind, id))? {
        Some(Record::Contact(c)) => {
            let company = match c.company {
                Some(co) => q
                    .get::<crate::model::Company>(co)?
                    .map(|x| x.name)
                    .unwrap_or_default(),
                None => String::new(),
            };
            sort::contact_key(&c, &company, t.sort)
        }
        Some(Record::Company(c)) => sort::company_key(&c, t.sort),
        _ => return Ok(()),
    };
    let rank = q.sorted_rank(tag, &key, id)? as usize;
    t.selected = if t.reverse {
        t.total.saturating_sub(rank + 1)
    } else {
        rank
    };
    t.stale = true;
    Ok(())
}

/// Reads the rows around the selection: from the current window's keys when it is
/// near, else from the nearer end of the table.
fn read_window(t: &mut RecordTable, q: &impl Queries, tag: u8) -> crate::Result<()> {
    let fwd = !t.reverse;
    let sel = t.selected.min(t.total.saturating_sub(1));
    let start = sel.saturating_sub(MARGIN);
    let end = (sel + MARGIN + 1).min(t.total);
    let have = t.base..t.base + t.rows.len();
    let keyed = !t.rows.is_empty() && t.keys.len() == t.rows.len();
    let keep = t.selected_id();
    let key_of = |t: &RecordTable, i: usize| (t.keys[i].clone(), t.rows[i]);
    let (mut rows, mut keys, base): (Vec<u64>, Vec<String>, usize);
    if keyed && !t.stale && start >= have.start && start < have.end {
        // Scrolled down: keep the overlap, read on from the last key.
        let skip = start - have.start;
        rows = t.rows[skip..].to_vec();
        keys = t.keys[skip..].to_vec();
        base = start;
        if have.end < end {
            let (k, id) = key_of(t, t.rows.len() - 1);
            for (k, id) in q.sorted(tag, Some((&k, id)), fwd, end - have.end)? {
                keys.push(k);
                rows.push(id);
            }
        }
    } else if keyed && !t.stale && end > have.start && end <= have.end && start < have.start {
        // Scrolled up: keep the overlap, read back from the first key.
        let (k, id) = key_of(t, 0);
        let mut before = q.sorted(tag, Some((&k, id)), !fwd, have.start - start)?;
        before.reverse();
        base = have.start - before.len();
        keys = before.iter().map(|(k, _)| k.clone()).collect();
        rows = before.into_iter().map(|(_, id)| id).collect();
        keys.extend(t.keys[..end - have.start].iter().cloned());
        rows.extend(t.rows[..end - have.start].iter().copied());
    } else if keyed && t.stale && have.contains(&sel) {
        // The data changed: read the same stretch again from the key before it.
        let (k, id) = key_of(t, 0);
        let prev = q.sorted(tag, Some((&k, id)), !fwd, 1)?;
        let from = prev.first().map(|(k, id)| (k.as_str(), *id));
        let read = q.sorted(tag, from, fwd, end.saturating_sub(t.base).max(1))?;
        base = t.base;
        keys = read.iter().map(|(k, _)| k.clone()).collect();
        rows = read.into_iter().map(|(_, id)| id).collect();
    } else if start <= t.total - end {
        // Nearer the top: read from the first row and skip.
        let read = q.sorted(tag, None, fwd, end)?;
        base = start.min(read.len());
        keys = read[base..].iter().map(|(k, _)| k.clone()).collect();
        rows = read[base..].iter().map(|(_, id)| *id).collect();
    } else {
        // Nearer the bottom: read back from the last row.
        let mut read = q.sorted(tag, None, !fwd, t.total - start)?;
        read.reverse();
        read.truncate(end - start);
        base = t.total.saturating_sub(read.len() + (t.total - end));
        keys = read.iter().map(|(k, _)| k.clone()).collect();
        rows = read.into_iter().map(|(_, id)| id).collect();
    }
    t.rows = rows;
    t.keys = keys;
    t.base = base;
    t.stale = false;
    if let Some(id) = keep
        && let Some(i) = t.rows.iter().position(|r| *r == id)
    {
        t.selected = t.base + i;
    }
    Ok(())
}

fn queue(m: &mut Model, q: &impl Queries) -> crate::Result<()> {
    if m.queue.stale {
        let today = m.today();
        let horizon = today + chrono::Days::new(7);
        let entries = q.queue_entries(None, Some(horizon), m.owner_filter())?;
        let matches = m.list_matches(Screen::Today);
        m.queue.rebuild(&entries, today, matches.as_ref());
        debug_assert!(entries.iter().all(|e| e.day <= horizon.num_days_from_ce()));
    }
    let from = m.queue.selected.saturating_sub(VISIBLE_ROWS);
    let shown: Vec<RecordId> = m
        .queue
        .rows
        .iter()
        .skip(from)
        .take(2 * VISIBLE_ROWS)
        .map(|(_, id)| RecordId::new(Kind::Task, *id))
        .collect();
    ensure(&mut m.data, q, shown.iter().copied())?;
    let links: Vec<RecordId> = shown
        .iter()
        .filter_map(|r| m.data.tasks.get(&r.id)?.link)
        .collect();
    ensure(&mut m.data, q, links)
}
