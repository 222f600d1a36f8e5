//! Deal health, defined once for the kanban, reports and automation: a deal is
//! *rotting* when it has sat in its stage longer than the stage's threshold, and has *no
//! next step* when it is open with no open task linked to it.

use super::{Deal, DealStatus, Instant, Kind, Pipeline, Task};

/// Whether an open deal has been in its current stage longer than the stage allows.
pub fn is_rotting(deal: &Deal, pipeline: &Pipeline, now: Instant) -> bool {
    deal.status == DealStatus::Open
        && pipeline
            .stage(deal.stage)
            .and_then(|s| s.rot_days)
            .is_some_and(|days| deal.days_in_stage(now) > i64::from(days))
}

/// Whether an open task is linked to this deal.
pub fn is_next_step(task: &Task, deal_id: u64) -> bool {
    task.is_open()
        && task
            .link
            .is_some_and(|l| l.kind == Kind::Deal && l.id == deal_id)
}

/// Whether an open deal lacks a next step among `tasks` (the tasks linked to it).
pub fn lacks_next_step<'a>(deal: &Deal, tasks: impl IntoIterator<Item = &'a Task>) -> bool {
    deal.status == DealStatus::Open && !tasks.into_iter().any(|t| is_next_step(t, deal.id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{RecordId, StageEntry};
    use chrono::{Duration, TimeZone, Utc};

    #[test]
    fn rotting_and_next_step_follow_the_stage_and_tasks() {
        let now = Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).unwrap();
        let p = Pipeline::default_sales(); // Negotiation (id 4) rots after 7 days
        let mut d = Deal {
            id: 9,
            stage: 4,
            history: vec![StageEntry {
                stage: 4,
                at: now - Duration::days(8),
            }],
            ..Deal::default()
        };
        assert!(is_rotting(&d, &p, now));
        d.history[0].at = now - Duration::days(7);
        assert!(!is_rotting(&d, &p, now));
        let mut t = Task {
            link: Some(RecordId::new(Kind::Deal, 9)),
            ..Task::default()
        };
        assert!(!lacks_next_step(&d, [&t]));
        t.done_at = Some(now);
        assert!(lacks_next_step(&d, [&t]));
        d.status = DealStatus::Won;
        assert!(!lacks_next_step(&d, [&t]));
    }
}
