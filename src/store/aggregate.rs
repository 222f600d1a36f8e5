//! Aggregates the screens show without decoding records: per pipeline stage, owner and
//! currency, how many open deals there are and what they are worth. Every write adds the
//! new record's share and takes away the old one's in the same transaction (so undo,
//! redo, merge, import and the sweep keep them exact); `rolo doctor` recounts them.
//!
//! The weighted value depends on the stage's probability, which a pipeline edit can
//! change; so the stored figures are the plain sum of deals that follow their stage's
//! probability and the already-weighted sum (value × percent) of deals with their own,
//! and the reader combines them with the stage's probability of the moment.

use redb::{ReadableTable, TableDefinition};

use crate::error::Result;
use crate::model::{Currency, Deal, DealStatus};

/// A stage-totals key: (pipeline, stage, owner, currency).
pub type StageKey<'a> = (u64, u32, &'a str, &'a str);
/// Stage totals: (open deals, Σ value, Σ value of deals without their own probability,
/// Σ value × own probability).
pub type Amounts = (u64, i64, i64, i64);
/// The stage-totals table in a write transaction.
pub type StageTable<'t> = redb::Table<'t, StageKey<'static>, Amounts>;

/// (pipeline, stage, owner, currency) → [`Amounts`].
pub const AGG_STAGE: TableDefinition<StageKey, Amounts> = TableDefinition::new("agg_stage");

/// One open deal's share of its stage's totals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageShare {
    /// The pipeline.
    pub pipeline: u64,
    /// The stage.
    pub stage: u32,
    /// The deal's owner.
    pub owner: String,
    /// The deal's currency code.
    pub currency: String,
    /// (count, value, plain value, value × own probability).
    pub amounts: Amounts,
}

/// What a deal adds to the stage totals: nothing unless it is open.
pub fn share(d: &Deal) -> Option<StageShare> {
    if d.status != DealStatus::Open {
        return None;
    }
    let (plain, own) = match d.probability {
        Some(p) => (0, d.value.saturating_mul(i64::from(p))),
        None => (d.value, 0),
    };
    Some(StageShare {
        pipeline: d.pipeline,
        stage: d.stage,
        owner: d.owner.clone(),
        currency: d.currency.code().to_string(),
        amounts: (1, d.value, plain, own),
    })
}

/// Adds (`add`) or takes away a share; a row whose count reaches zero is removed.
pub fn apply(table: &mut StageTable<'_>, s: &StageShare, add: bool) -> Result<()> {
    let key = (s.pipeline, s.stage, s.owner.as_str(), s.currency.as_str());
    let cur = table.get(key)?.map(|v| v.value()).unwrap_or((0, 0, 0, 0));
    let (n, v, p, o) = s.amounts;
    let next = if add {
        (
            cur.0.saturating_add(n),
            cur.1.saturating_add(v),
            cur.2.saturating_add(p),
            cur.3.saturating_add(o),
        )
    } else {
        (
            cur.0.saturating_sub(n),
            cur.1.saturating_sub(v),
            cur.2.saturating_sub(p),
            cur.3.saturating_sub(o),
        )
    };
    if next.0 == 0 {
        table.remove(key)?;
    } else {
        table.insert(key, next)?;
    }
    Ok(())
}

/// A stage's open deals in figures, as a screen shows them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StageTotals {
    /// How many open deals.
    pub count: u64,
    /// Per currency: (currency, Σ value, Σ weighted value), largest sum first.
    pub money: Vec<(Currency, i64, i64)>,
}

impl StageTotals {
    /// Adds one stored row; `probability` is the stage's.
    pub fn add_row(&mut self, currency: &str, row: Amounts, probability: u8) {
        self.count += row.0;
        let Ok(cur) = Currency::parse(currency) else {
            return;
        };
        let weighted = (i128::from(row.2) * i128::from(probability) + i128::from(row.3)) / 100;
        let weighted = i64::try_from(weighted).unwrap_or(i64::MAX);
        match self.money.iter_mut().find(|(c, _, _)| *c == cur) {
            Some(slot) => {
                slot.1 = slot.1.saturating_add(row.1);
                slot.2 = slot.2.saturating_add(weighted);
            }
            None => self.money.push((cur, row.1, weighted)),
        }
    }

    /// Orders the currencies, largest sum first.
    pub fn finish(mut self) -> StageTotals {
        self.money
            .sort_by_key(|(c, v, _)| (std::cmp::Reverse(*v), c.code().to_string()));
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_open_deals_count_and_own_probabilities_are_weighted_apart() {
        let mut d = Deal {
            value: 10_000,
            owner: "sam".into(),
            ..Deal::default()
        };
        let s = share(&d).unwrap();
        assert_eq!(s.amounts, (1, 10_000, 10_000, 0));
        d.probability = Some(50);
        assert_eq!(share(&d).unwrap().amounts, (1, 10_000, 0, 500_000));
        d.status = DealStatus::Won;
        assert!(share(&d).is_none());

        let mut t = StageTotals::default();
        t.add_row("EUR", (1, 10_000, 10_000, 0), 20);
        t.add_row("EUR", (1, 10_000, 0, 500_000), 20);
        t.add_row("USD", (1, 50_000, 50_000, 0), 20);
        let t = t.finish();
        assert_eq!(t.count, 3);
        assert_eq!(
            t.money[0],
            (Currency::parse("USD").unwrap(), 50_000, 10_000)
        );
        assert_eq!(t.money[1], (Currency::EUR, 20_000, 2_000 + 5_000));
    }
}
