//! A clock in words for lists and detail panes ("2h 15m left", "breached 40m ago",
//! "paused, 3h left", "met late (35m over)"), and whether a running clock is about to
//! breach. The time asked about is passed in; nothing here reads the clock.

use crate::model::{Clock, Instant};

/// The share of the target that counts as "breach soon" by default.
pub const BREACH_SOON_SHARE: f64 = 0.25;

/// The least time left that counts as "breach soon" by default: 15 minutes.
pub const BREACH_SOON_FLOOR_MS: i64 = 15 * 60_000;

/// A length of time, compact: "40m", "2h 15m", "3h", "2d 4h"; under a minute "<1m".
/// Whole minutes, rounded down; days drop the minutes.
pub fn compact(ms: i64) -> String {
    let minutes = ms.max(0) / 60_000;
    let (d, h, m) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    match (d, h, m) {
        (0, 0, 0) => "<1m".into(),
        (0, 0, m) => format!("{m}m"),
        (0, h, 0) => format!("{h}h"),
        (0, h, m) => format!("{h}h {m}m"),
        (d, 0, _) => format!("{d}d"),
        (d, h, _) => format!("{d}d {h}h"),
    }
}

/// The clock in words at `now`: "2h 15m left", "breached 40m ago", "paused, 3h left",
/// "paused, 40m over", "met", "met late (35m over)" (or just "met late" when it was
/// met out of hours after its deadline). A running clock's time is wall-clock time to
/// its deadline; a paused or met one's is business time.
pub fn describe_clock(clock: &Clock, now: Instant) -> String {
    match *clock {
        Clock::Running { due } if due > now => {
            format!("{} left", compact((due - now).num_milliseconds()))
        }
        Clock::Running { due } => {
            format!("breached {} ago", compact((now - due).num_milliseconds()))
        }
        Clock::Paused { left_ms } if left_ms > 0 => format!("paused, {} left", compact(left_ms)),
        Clock::Paused { left_ms } => format!("paused, {} over", compact(-left_ms)),
        Clock::Met {
            breached: false, ..
        } => "met".into(),
        Clock::Met { late_ms, .. } if late_ms >= 60_000 => {
            format!("met late ({} over)", compact(late_ms))
        }
        Clock::Met { .. } => "met late".into(),
    }
}

/// Whether a running clock will breach soon: not yet breached at `now`, and the time
/// left is at most `share` of `target_ms` (the policy's target for this clock) or
/// `floor_ms`, whichever is more. Use [`BREACH_SOON_SHARE`] and
/// [`BREACH_SOON_FLOOR_MS`] unless the user set others. The time left is wall-clock
/// time to the deadline, so a deadline on Monday morning is not "soon" on Friday
/// evening. Paused, met and breached clocks are never "soon".
pub fn breach_soon(clock: &Clock, target_ms: i64, now: Instant) -> bool {
    breach_soon_within(
        clock,
        target_ms,
        now,
        BREACH_SOON_SHARE,
        BREACH_SOON_FLOOR_MS,
    )
}

/// [`breach_soon`] with its own share of the target and floor.
pub fn breach_soon_within(
    clock: &Clock,
    target_ms: i64,
    now: Instant,
    share: f64,
    floor_ms: i64,
) -> bool {
    let Clock::Running { due } = *clock else {
        return false;
    };
    let left = (due - now).num_milliseconds();
    let window = ((target_ms.max(0) as f64 * share) as i64).max(floor_ms);
    left > 0 && left <= window
}

#[cfg(test)]
mod tests {
    use chrono::{TimeDelta, TimeZone, Utc};

    use super::*;

    const MIN: i64 = 60_000;

    fn now() -> Instant {
        Utc.with_ymd_and_hms(2026, 3, 30, 12, 0, 0)
            .single()
            .unwrap()
    }

    fn running(minutes: i64) -> Clock {
        Clock::Running {
            due: now() + TimeDelta::minutes(minutes),
        }
    }

    #[test]
    fn lengths_are_compact() {
        assert_eq!(compact(30 * 1000), "<1m");
        assert_eq!(compact(40 * MIN), "40m");
        assert_eq!(compact(135 * MIN), "2h 15m");
        assert_eq!(compact(180 * MIN), "3h");
        assert_eq!(compact((2 * 1440 + 4 * 60 + 5) * MIN), "2d 4h");
        assert_eq!(compact(3 * 1440 * MIN), "3d");
    }

    #[test]
    fn each_state_in_words() {
        let say = |c: Clock| describe_clock(&c, now());
        assert_eq!(say(running(135)), "2h 15m left");
        assert_eq!(say(running(-40)), "breached 40m ago");
        assert_eq!(say(Clock::Paused { left_ms: 180 * MIN }), "paused, 3h left");
        assert_eq!(
            say(Clock::Paused { left_ms: -40 * MIN }),
            "paused, 40m over"
        );
        let met = |breached, late_ms| Clock::Met {
            at: now(),
            breached,
            late_ms,
        };
        assert_eq!(say(met(false, 0)), "met");
        assert_eq!(say(met(true, 35 * MIN)), "met late (35m over)");
        assert_eq!(say(met(true, 0)), "met late");
    }

    #[test]
    fn soon_is_a_quarter_of_the_target_or_fifteen_minutes() {
        let soon = |c: Clock, target_min: i64| {
            breach_soon_within(
                &c,
                target_min * MIN,
                now(),
                BREACH_SOON_SHARE,
                BREACH_SOON_FLOOR_MS,
            )
        };
        // 8 h target: soon within 2 h.
        assert!(soon(running(120), 480));
        assert!(!soon(running(121), 480));
        // 30 min target: a quarter is 7.5 min, but the floor is 15.
        assert!(soon(running(15), 30));
        assert!(!soon(running(16), 30));
        assert!(!soon(running(-1), 30));
        assert!(!soon(Clock::Paused { left_ms: MIN }, 30));
    }
}
