//! Money in reports: sums kept per currency, never added across currencies. A report
//! that shows one figure per currency uses [`Amounts`]; weighted sums (value × a
//! probability) are accumulated exactly and rounded once, so a total equals the sum of
//! its parts before rounding.

use std::collections::BTreeMap;

use crate::model::Currency;

/// Minor units per currency (`{"EUR": 1250000}` in JSON).
pub type Amounts = BTreeMap<Currency, i64>;

/// Adds `minor` units of `currency` to `sums`.
pub fn add(sums: &mut Amounts, currency: Currency, minor: i64) {
    let e = sums.entry(currency).or_insert(0);
    *e = e.saturating_add(minor);
}

/// Adds every currency of `other` to `sums`.
pub fn add_all(sums: &mut Amounts, other: &Amounts) {
    for (c, v) in other {
        add(sums, *c, *v);
    }
}

/// A sum of values weighted by percentages, kept exact until [`Weighted::finish`].
#[derive(Debug, Clone, Default)]
pub struct Weighted(BTreeMap<Currency, i128>);

impl Weighted {
    /// Adds `minor × percent / 100`.
    pub fn add(&mut self, currency: Currency, minor: i64, percent: u8) {
        *self.0.entry(currency).or_insert(0) += i128::from(minor) * i128::from(percent);
    }

    /// The sums in minor units, rounded half away from zero.
    pub fn finish(&self) -> Amounts {
        self.0
            .iter()
            .map(|(c, v)| (*c, round_div(*v, 100)))
            .collect()
    }
}

/// `n / d` rounded half away from zero, saturated to i64.
pub fn round_div(n: i128, d: i128) -> i64 {
    if d == 0 {
        return 0;
    }
    let q = (n.abs() + d.abs() / 2) / d.abs();
    let q = if (n < 0) != (d < 0) { -q } else { q };
    i64::try_from(q).unwrap_or(if q < 0 { i64::MIN } else { i64::MAX })
}

/// The note every report with money carries.
pub const CURRENCY_NOTE: &str = "amounts are per currency, in minor units in JSON; no conversion between currencies (exchange rates are not configured)";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighted_sums_round_once() {
        let mut w = Weighted::default();
        w.add(Currency::EUR, 1, 50);
        w.add(Currency::EUR, 1, 50);
        w.add(Currency::USD, 333, 10);
        let out = w.finish();
        assert_eq!(out[&Currency::EUR], 1);
        assert_eq!(out[&Currency::USD], 33);
        assert_eq!(round_div(-150, 100), -2);
    }
}
