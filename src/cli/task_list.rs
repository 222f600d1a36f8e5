//! `rolo task list`: a page of tasks. Open tasks in a due window come from Today's
//! queue index, ordered by its facts before any task is read; other lists walk the
//! task sort index; a record's tasks come through the link index. Only the tasks the
//! page looks at are decoded.

use std::collections::HashMap;

use chrono::Duration;

use super::output::Sink;
use super::page::{self, PageArgs, Pager};
use super::{Ctx, resolve, views};
use crate::error::Error;
use crate::model::*;
use crate::store::sort::{self, TaskSort};
use crate::store::{Queries, QueueEntry, Windows};

/// The filters of `task list`.
pub struct Filter {
    /// today, overdue, week or all.
    pub due: String,
    /// Only this assignee's.
    pub assignee: Option<String>,
    /// Only tasks on this record.
    pub link: Option<String>,
    /// Done tasks instead of open ones.
    pub done: bool,
    /// The order.
    pub sort: String,
}

/// Prints a page of tasks.
pub fn list(ctx: &Ctx, f: Filter, page: PageArgs) -> anyhow::Result<()> {
    let r = ctx.store.read()?;
    let today = ctx.today();
    let (from, to) = match f.due.to_lowercase().as_str() {
        "today" => (Some(today), Some(today)),
        "overdue" => (None, Some(today - Duration::days(1))),
        "week" => (None, Some(today + Duration::days(7))),
        "all" => (None, None),
        other => {
            return Err(Error::invalid(
                "due",
                format!("'{other}': use today, overdue, week or all"),
            )
            .into());
        }
    };
    let by = match f.sort.as_str() {
        "due" => TaskSort::Due,
        "priority" => TaskSort::Priority,
        "created" => TaskSort::Created,
        other => {
            return Err(Error::invalid(
                "sort",
                format!("'{other}': sort by due, priority or created"),
            )
            .into());
        }
    };
    let link = f.link.as_deref().map(resolve::any_id).transpose()?;
    let cursor = match &page.after {
        Some(a) => {
            let id = resolve::id(a, Kind::Task)?;
            let t: Task = r.get(id)?.ok_or_else(|| super::page::gone_cursor(a))?;
            Some((sort::task_key(&t, by), id))
        }
        None => None,
    };
    let assignee = f.assignee.map(|a| ctx.user(&a));
    let done = f.done;
    let dated = from.is_some() || to.is_some();
    let keep = |t: &Task| {
        t.is_open() != done
            && assignee
                .as_ref()
                .is_none_or(|a| t.assignee.eq_ignore_ascii_case(a))
            && (!dated
                || t.due.is_some_and(|d| {
                    from.is_none_or(|f| d.date >= f) && to.is_none_or(|x| d.date <= x)
                }))
    };
    let mut labels: HashMap<RecordId, String> = HashMap::new();
    let mut sink = Sink::new(ctx, views::TASK_HEADERS.to_vec());
    let mut pager = Pager::new(&page);
    let mut visit = |id: u64| -> crate::Result<bool> {
        let Some(t) = r.get::<Task>(id)? else {
            return Ok(true);
        };
        let row = || {
            let link = match t.link {
                Some(rid) => labels
                    .entry(rid)
                    .or_insert_with(|| format!("{rid} {}", super::task::label(&r, rid)))
                    .clone(),
                None => String::new(),
            };
            views::task_row(&t, &link, today)
        };
        Ok(pager.offer(&mut sink, keep(&t), row, || views::task_json(&t)))
    };
    if let Some(l) = link {
        let mut keyed = Vec::new();
        for id in r.linked(l, Kind::Task)? {
            if let Some(t) = r.get::<Task>(id)? {
                keyed.push((sort::task_key(&t, by), id));
            }
        }
        page::visit_all(page::order(keyed, true, cursor.as_ref()), &mut visit)?;
    } else if !done && dated {
        // Open tasks due in the window: Today's queue index says when each is due and
        // how urgent it is, so they are ordered before any is read.
        let entries = r.queue_entries(from, to, None)?;
        let keyed = match by {
            TaskSort::Created => {
                let mut keyed = Vec::with_capacity(entries.len());
                for e in &entries {
                    if let Some(t) = r.get::<Task>(e.task)? {
                        keyed.push((sort::task_key(&t, by), e.task));
                    }
                }
                keyed
            }
            _ => entries.iter().map(|e| (queue_key(e, by), e.task)).collect(),
        };
        page::visit_all(page::order(keyed, true, cursor.as_ref()), &mut visit)?;
    } else {
        // Open and done tasks have keys of their own: the walk reads only the asked.
        r.walk_prefix(
            sort::TASK | by as u8,
            sort::task_state(!done),
            cursor.as_ref().map(|(k, id)| (k.as_str(), *id)),
            &mut |_, id| visit(id),
        )?;
    }
    sink.finish("no tasks match")
}

/// An open task's sort key from its queue entry (the key its own fields give).
fn queue_key(e: &QueueEntry, by: TaskSort) -> String {
    let order = match by {
        TaskSort::Priority => sort::task_priority_key(e.priority, Some(e.day)),
        _ => sort::task_due_key(Some((e.day, e.time)), e.priority),
    };
    format!("{}{order}", sort::task_state(true))
}
