//! Small statistics shared by the reports: means, medians and rates, rounded the same
//! way everywhere so JSON figures are stable.

use chrono::Duration;

/// A duration in days, as a fraction.
pub fn days(d: Duration) -> f64 {
    d.num_seconds() as f64 / 86_400.0
}

/// A duration in hours, as a fraction.
pub fn hours(d: Duration) -> f64 {
    d.num_seconds() as f64 / 3_600.0
}

/// Rounds to one decimal (days, hours).
pub fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Rounds to four decimals (rates).
pub fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// The mean, one decimal; none for no values.
pub fn mean(xs: &[f64]) -> Option<f64> {
    (!xs.is_empty()).then(|| round1(xs.iter().sum::<f64>() / xs.len() as f64))
}

/// The median (the mean of the middle two for an even count), one decimal.
pub fn median(xs: &[f64]) -> Option<f64> {
    if xs.is_empty() {
        return None;
    }
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    Some(round1(if v.len().is_multiple_of(2) {
        (v[mid - 1] + v[mid]) / 2.0
    } else {
        v[mid]
    }))
}

/// `part / whole` as a fraction with four decimals; none when `whole` is zero.
pub fn rate(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| round4(part as f64 / whole as f64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_and_rates() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(mean(&[1.0, 2.0]), Some(1.5));
        assert_eq!(median(&[]), None);
        assert_eq!(rate(1, 3), Some(0.3333));
        assert_eq!(rate(1, 0), None);
    }
}
