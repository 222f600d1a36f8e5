//! Due dates of the demo's open tasks, per person, as a team that keeps up would have
//! them: a few overdue, a handful due today, the rest spread over the coming weeks at a
//! few a day, and some undated. Drawn per owner rather than as shares of all tasks, so
//! a rep's Today looks the same on every size (only the horizon grows with the work).

use chrono::{NaiveDate, NaiveTime};
use fastrand::Rng;

use super::Context;
use super::draw::{chance, days};
use crate::model::{Due, Kind, Task};

/// How many tasks due today every owner has at least.
pub const DUE_TODAY_EACH: usize = 4;
/// The most tasks due today an owner gets.
const DUE_TODAY_MOST: usize = 12;
/// The most overdue tasks an owner gets.
const OVERDUE_MOST: usize = 4;
/// How many later tasks fall on one day, on average.
const LATER_PER_DAY: usize = 3;
/// The shortest horizon later tasks spread over, in days.
const HORIZON_DAYS: usize = 21;
/// The longest: on L and XL a rep's later work is packed closer rather than planned
/// years ahead.
const HORIZON_MOST: usize = 365;
/// How far back an overdue task fell due, at most, in days.
const OVERDUE_DAYS: i64 = 10;

/// Sets the due dates (and creation times) of `open` tasks, owner by owner.
pub fn schedule(rng: &mut Rng, open: &mut [Task], ctx: &Context) {
    hand_over(open, ctx);
    let today = ctx.now.date_naive();
    for owner in &ctx.owners {
        let mut mine: Vec<usize> = (0..open.len())
            .filter(|&i| &open[i].assignee == owner)
            .collect();
        rng.shuffle(&mut mine);
        let n = mine.len();
        let due_today = rng
            .usize(DUE_TODAY_EACH..=DUE_TODAY_MOST)
            .min((n / 3).max(DUE_TODAY_EACH))
            .min(n);
        let overdue = rng
            .usize(1..=OVERDUE_MOST)
            .min((n / 8).max(1))
            .min(n - due_today);
        let later = n - due_today - overdue;
        let horizon = (later / LATER_PER_DAY).clamp(HORIZON_DAYS, HORIZON_MOST) as i64;
        for (k, &i) in mine.iter().enumerate() {
            let offset = if k < due_today {
                Some(0)
            } else if k < due_today + overdue {
                Some(-rng.i64(1..=OVERDUE_DAYS))
            } else if chance(rng, 0.05) {
                None
            } else {
                Some(rng.i64(1..=horizon))
            };
            let t = &mut open[i];
            t.due = offset.map(|o| due_on(rng, today + days(o)));
            if let Some(due) = t.due
                && due.date < t.created.date_naive()
            {
                // An overdue task was set before it fell due.
                let before = (t.created.date_naive() - due.date).num_days() + rng.i64(1..=7);
                t.created -= days(before);
                t.updated = t.created;
            }
        }
    }
}

/// Gives an owner with too few open tasks for a day's work (the person running the
/// demo, on a small size) some of the tasks not on a deal from the owner with the most.
fn hand_over(open: &mut [Task], ctx: &Context) {
    let want = DUE_TODAY_EACH + 1;
    for owner in &ctx.owners {
        let mut have = open.iter().filter(|t| &t.assignee == owner).count();
        while have < want {
            let Some(richest) = ctx
                .owners
                .iter()
                .filter(|o| *o != owner)
                .max_by_key(|o| open.iter().filter(|t| &t.assignee == *o).count())
            else {
                return;
            };
            let Some(t) = open
                .iter_mut()
                .find(|t| &t.assignee == richest && t.link.is_none_or(|l| l.kind != Kind::Deal))
            else {
                return;
            };
            t.assignee = owner.clone();
            have += 1;
        }
    }
}

/// A due date, with a time on about a third of them.
pub fn due_on(rng: &mut Rng, date: NaiveDate) -> Due {
    let time = chance(rng, 0.3)
        .then(|| {
            let half_hours = rng.u32(18..36);
            NaiveTime::from_hms_opt(half_hours / 2, (half_hours % 2) * 30, 0)
        })
        .flatten();
    Due { date, time }
}
