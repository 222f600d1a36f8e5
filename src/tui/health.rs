//! Deal health as the TUI uses it. The definitions live once in
//! [`crate::model::health`] (rotting: longer in the stage than its `rot_days`; no next
//! step: open with no open linked task); this adds the per-deal index the kanban needs.

use std::collections::HashMap;

use crate::model::health;
use crate::model::{Deal, Instant, Kind, Pipeline, Task};

/// Whether an open deal has sat in its stage past the stage's rotting threshold.
pub fn is_rotting(deal: &Deal, pipeline: &Pipeline, now: Instant) -> bool {
    health::is_rotting(deal, pipeline, now)
}

/// Whether an open deal lacks an open task; `next` is the deal's next step, if any.
pub fn has_no_next_step(deal: &Deal, next: Option<&Task>) -> bool {
    health::lacks_next_step(deal, next)
}

/// The next step of every deal that has one: its open linked task due first (undated
/// tasks last, then the lowest id).
pub fn next_steps<'a>(tasks: impl IntoIterator<Item = &'a Task>) -> HashMap<u64, &'a Task> {
    let mut out: HashMap<u64, &Task> = HashMap::new();
    for t in tasks {
        let Some(link) = t.link.filter(|l| l.kind == Kind::Deal) else {
            continue;
        };
        if !health::is_next_step(t, link.id) {
            continue;
        }
        let key = |t: &Task| (t.due.is_none(), t.due.map(|d| (d.date, d.time)), t.id);
        match out.get(&link.id) {
            Some(cur) if key(cur) <= key(t) => {}
            _ => {
                out.insert(link.id, t);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DealStatus, Due, RecordId, StageEntry};
    use chrono::{NaiveDate, TimeZone, Utc};

    #[test]
    fn rotting_and_next_step() {
        let p = Pipeline::default_sales();
        let now = Utc.with_ymd_and_hms(2026, 3, 20, 9, 0, 0).unwrap();
        let entered = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap();
        let mut d = Deal {
            id: 1,
            stage: 1,
            history: vec![StageEntry {
                stage: 1,
                at: entered,
            }],
            ..Deal::default()
        };
        assert!(is_rotting(&d, &p, now)); // 19 days > 14
        d.stage = 5;
        d.status = DealStatus::Won;
        assert!(!is_rotting(&d, &p, now));
        d.status = DealStatus::Open;
        assert!(has_no_next_step(&d, None));
        let date = |day| Due {
            date: NaiveDate::from_ymd_opt(2026, 3, day).unwrap_or_default(),
            time: None,
        };
        let link = Some(RecordId::new(Kind::Deal, 1));
        let a = Task {
            id: 7,
            link,
            due: Some(date(25)),
            ..Task::default()
        };
        let b = Task {
            id: 8,
            link,
            due: Some(date(22)),
            ..Task::default()
        };
        let c = Task {
            id: 9,
            link,
            due: None,
            ..Task::default()
        };
        let steps = next_steps([&a, &b, &c]);
        assert_eq!(steps.get(&1).map(|t| t.id), Some(8));
        assert!(!has_no_next_step(&d, steps.get(&1).copied()));
    }
}
