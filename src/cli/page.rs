//! Paging for the `list` commands: `--limit`, `--offset` and the cursor `--after ID`.
//! A list walks an index in its sort order and reads records only as it shows them
//! ([`Pager`] says which); `--json` and `--csv` without `--limit` stream every match
//! through [`super::output::Sink`] in constant memory.

use clap::Args;

/// `--limit`, `--offset`, `--after`.
#[derive(Debug, Args, Clone, Default)]
pub struct PageArgs {
    /// Show at most N.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Skip the first N matches.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub offset: usize,
    /// Start just after this record (the last ID of the previous page), in the same
    /// order and with the same filters. Records others add, change or delete meanwhile
    /// never make a page repeat or skip the ones that stayed put (if this record itself
    /// changed, the page starts where it sorts now).
    #[arg(long, value_name = "ID")]
    pub after: Option<String>,
}

impl PageArgs {
    /// These arguments with a limit when none was given.
    pub fn or_limit(mut self, limit: usize) -> PageArgs {
        self.limit.get_or_insert(limit);
        self
    }
}

/// Counts matches against the page: which to skip, which to show, when to stop.
#[derive(Debug)]
pub struct Pager {
    limit: Option<usize>,
    offset: usize,
    skipped: usize,
    shown: usize,
}

impl Pager {
    /// A pager for these arguments.
    pub fn new(p: &PageArgs) -> Pager {
        Pager {
            limit: p.limit,
            offset: p.offset,
            skipped: 0,
            shown: 0,
        }
    }

    /// With no filter, every candidate matches: one still inside the offset is skipped
    /// without being read. Returns true when it was.
    pub fn skip_unread(&mut self, filtered: bool) -> bool {
        if !filtered && self.skipped < self.offset {
            self.skipped += 1;
            return true;
        }
        false
    }

    /// Counts a match; true when it is to be shown (it is past the offset).
    pub fn take(&mut self) -> bool {
        if self.skipped < self.offset {
            self.skipped += 1;
            return false;
        }
        self.shown += 1;
        true
    }

    /// Offers a read candidate: a match past the offset is printed. Returns whether
    /// the walk goes on (not once the page is full or printing failed).
    pub fn offer(
        &mut self,
        sink: &mut super::output::Sink,
        matches: bool,
        row: impl FnOnce() -> Vec<String>,
        json: impl FnOnce() -> serde_json::Value,
    ) -> bool {
        if matches && self.take() {
            return sink.push(row, json) && !self.full();
        }
        true
    }

    /// Whether the page is full: the walk can stop.
    pub fn full(&self) -> bool {
        self.limit.is_some_and(|l| self.shown >= l)
    }
}

/// The error for an `--after` record that no longer exists.
pub fn gone_cursor(id: &str) -> crate::Error {
    crate::Error::invalid(
        "after",
        format!("{id} no longer exists; start the list again, or page with --offset"),
    )
}

/// Visits ids in order until `visit` says stop.
pub fn visit_all(
    ids: Vec<u64>,
    visit: &mut dyn FnMut(u64) -> crate::Result<bool>,
) -> crate::Result<()> {
    for id in ids {
        if !visit(id)? {
            break;
        }
    }
    Ok(())
}

/// Orders candidates read outside an index (a company's contacts, a record's tasks)
/// by their sort keys, as the index would, and keeps those after the cursor.
pub fn order(
    mut keyed: Vec<(String, u64)>,
    forward: bool,
    after: Option<&(String, u64)>,
) -> Vec<u64> {
    keyed.sort();
    if !forward {
        keyed.reverse();
    }
    let start = match after {
        Some(cursor) => keyed
            .iter()
            .position(|k| if forward { k > cursor } else { k < cursor })
            .unwrap_or(keyed.len()),
        None => 0,
    };
    keyed.into_iter().skip(start).map(|(_, id)| id).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_skips_matches_and_limit_stops_the_walk() {
        let mut p = Pager::new(&PageArgs {
            limit: Some(2),
            offset: 1,
            after: None,
        });
        assert!(p.skip_unread(false));
        assert!(!p.skip_unread(false));
        assert!(p.take());
        assert!(!p.full());
        assert!(p.take());
        assert!(p.full());
    }

    #[test]
    fn ordering_outside_the_index_starts_past_the_cursor() {
        let keyed = vec![("b".into(), 2), ("a".into(), 1), ("c".into(), 3)];
        assert_eq!(order(keyed.clone(), true, None), vec![1, 2, 3]);
        assert_eq!(
            order(keyed.clone(), true, Some(&("a".into(), 1))),
            vec![2, 3]
        );
        assert_eq!(order(keyed, false, Some(&("c".into(), 3))), vec![2, 1]);
    }
}
