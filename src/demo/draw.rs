//! Drawing random values for the demo: picks, chances, weighted choices, phone numbers
//! and instants (uniform, weighted toward the present as a growing business would be,
//! or inside office hours). Every draw takes the caller's seeded `fastrand::Rng`;
//! nothing here reads the clock or the global generator, so a seed replays exactly.

use std::cell::RefCell;
use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveTime, TimeZone, Timelike, Utc, Weekday};
use fastrand::Rng;

use crate::model::Instant;

/// One element of a non-empty slice, uniformly.
pub fn pick<'a, T>(rng: &mut Rng, items: &'a [T]) -> &'a T {
    &items[rng.usize(..items.len())]
}

/// One string of a non-empty list of static strings, uniformly.
pub fn pick_str(rng: &mut Rng, items: &[&'static str]) -> &'static str {
    items[rng.usize(..items.len())]
}

thread_local! {
    /// Word lists already split, by the address and length of their text: static text
    /// never changes, so the pair names one list. Splitting a list of a few hundred
    /// names for every draw was a tenth of the time to generate size XL.
    static SPLIT: RefCell<HashMap<(usize, usize), Vec<&'static str>>> =
        RefCell::new(HashMap::new());
}

/// One word of a non-empty space-separated list, uniformly.
pub fn pick_word(rng: &mut Rng, words: &'static str) -> &'static str {
    SPLIT.with_borrow_mut(|split| {
        let list = split
            .entry((words.as_ptr() as usize, words.len()))
            .or_insert_with(|| words.split_whitespace().collect());
        list.get(rng.usize(..list.len().max(1)))
            .copied()
            .unwrap_or("")
    })
}

/// True with probability `p`.
pub fn chance(rng: &mut Rng, p: f64) -> bool {
    rng.f64() < p
}

/// An index into `weights`, drawn in proportion to them (0 when all are zero).
pub fn weighted(rng: &mut Rng, weights: &[u32]) -> usize {
    let total: u64 = weights.iter().map(|w| u64::from(*w)).sum();
    if total == 0 {
        return 0;
    }
    let mut x = rng.u64(..total);
    for (i, w) in weights.iter().enumerate() {
        let w = u64::from(*w);
        if x < w {
            return i;
        }
        x -= w;
    }
    weights.len() - 1
}

/// An instant uniformly in `[a, b]` (a itself when the range is empty).
pub fn between(rng: &mut Rng, a: Instant, b: Instant) -> Instant {
    let span = (b - a).num_milliseconds();
    if span <= 0 {
        return a;
    }
    a + Duration::milliseconds(rng.i64(0..=span))
}

/// A fraction in `[0, 1)` with density rising linearly toward 1 (density ∝ ½ + x):
/// half the draws uniform, half the larger of two uniforms.
pub fn growing(rng: &mut Rng) -> f64 {
    if rng.bool() {
        rng.f64()
    } else {
        rng.f64().max(rng.f64())
    }
}

/// The point below which a share `p` of [`growing`] draws fall (its inverse CDF).
pub fn growing_quantile(p: f64) -> f64 {
    ((1.0 + 8.0 * p.clamp(0.0, 1.0)).sqrt() - 1.0) / 2.0
}

/// An instant in `[a, b]`, more often near `b` (more business lately).
pub fn grown(rng: &mut Rng, a: Instant, b: Instant) -> Instant {
    let span = (b - a).num_milliseconds().max(0) as f64;
    a + Duration::milliseconds((growing(rng) * span) as i64)
}

/// An instant in `[a, b]` on a weekday between 08:00 and 18:00 UTC when the range
/// allows it (with the odd weekend or late evening, as real logs have); otherwise any
/// instant in the range.
pub fn office_time(rng: &mut Rng, a: Instant, b: Instant) -> Instant {
    for _ in 0..6 {
        let t = between(rng, a, b);
        let weekend = matches!(t.weekday(), Weekday::Sat | Weekday::Sun);
        if weekend && !chance(rng, 0.04) {
            continue;
        }
        let minute = rng.u32(8 * 60..18 * 60);
        let second = rng.u32(0..60);
        let Some(time) = NaiveTime::from_hms_opt(minute / 60, minute % 60, second) else {
            continue;
        };
        let moved = Utc.from_utc_datetime(&t.date_naive().and_time(time));
        if moved >= a && moved <= b {
            return moved;
        }
    }
    between(rng, a, b)
}

/// Rounds an instant down to the whole minute (how people log times).
pub fn to_minute(t: Instant) -> Instant {
    t.with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(t)
}

/// Fills each `#` of `pattern` with a random digit ("+49 30 #### ####").
pub fn digits(rng: &mut Rng, pattern: &str) -> String {
    pattern
        .chars()
        .map(|c| if c == '#' { rng.digit(10) } else { c })
        .collect()
}

/// Days as a duration.
pub fn days(n: i64) -> Duration {
    Duration::days(n)
}

/// A whole number in `[lo, hi]` with a log-uniform spread (many small, few large).
pub fn log_uniform(rng: &mut Rng, lo: u64, hi: u64) -> u64 {
    let (l, h) = ((lo.max(1)) as f64, (hi.max(lo.max(1))) as f64);
    (l * (h / l).powf(rng.f64())).round() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Instant {
        s.parse().unwrap()
    }

    #[test]
    fn office_time_stays_in_range_and_mostly_in_office_hours() {
        let mut rng = Rng::with_seed(7);
        let (a, b) = (at("2026-01-01T00:00:00Z"), at("2026-03-01T00:00:00Z"));
        let mut office = 0;
        for _ in 0..1000 {
            let t = office_time(&mut rng, a, b);
            assert!(t >= a && t <= b);
            if (8..18).contains(&t.hour()) && !matches!(t.weekday(), Weekday::Sat | Weekday::Sun) {
                office += 1;
            }
        }
        assert!(office > 900, "{office}");
        let tiny = (at("2026-01-03T23:00:00Z"), at("2026-01-03T23:30:00Z"));
        let t = office_time(&mut rng, tiny.0, tiny.1);
        assert!(t >= tiny.0 && t <= tiny.1);
    }

    #[test]
    fn growing_draws_lean_late_and_the_quantile_inverts_them() {
        let mut rng = Rng::with_seed(1);
        let n = 20_000;
        let late = (0..n).filter(|_| growing(&mut rng) > 0.5).count();
        // P(x > ½) = 1 - (¼ + ⅛) = 0.625.
        assert!((late as f64 / n as f64 - 0.625).abs() < 0.02, "{late}");
        assert!((growing_quantile(0.375) - 0.5).abs() < 1e-9);
        assert_eq!(growing_quantile(0.0), 0.0);
        assert!((growing_quantile(1.0) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn weighted_follows_weights_and_digits_fill_patterns() {
        let mut rng = Rng::with_seed(3);
        assert_eq!(weighted(&mut rng, &[0, 5, 0]), 1);
        assert_eq!(weighted(&mut rng, &[0, 0]), 0);
        assert!(["a", "b"].contains(&pick_word(&mut rng, "a  b\n")));
        let phone = digits(&mut rng, "+49 30 #### ####");
        assert!(phone.starts_with("+49 30 ") && phone.len() == 16, "{phone}");
        assert!(!phone.contains('#'));
        for _ in 0..100 {
            let v = log_uniform(&mut rng, 1_000, 250_000);
            assert!((1_000..=250_000).contains(&v));
        }
    }
}
