//! A deal's report fact: the fields the deal reports (pipeline, forecast, win rate,
//! velocity, funnel, revenue) read, in a compact row kept by every write beside the
//! deal ([`IDX_DEAL_FACTS`]), so a report reads small rows without field names instead
//! of decoding every stored deal. The row holds no title, notes, tags or links.

use chrono::{DateTime, Datelike, NaiveDate};
use redb::TableDefinition;

use crate::model::{Currency, Deal, DealStatus, Recurring, RecurringPeriod, StageEntry};

/// Deal id → its report row ([`encode`]).
pub const IDX_DEAL_FACTS: TableDefinition<u64, &[u8]> = TableDefinition::new("idx_deal_facts");

// The fixed part: pipeline, stage, status, probability, recurring period, value,
// currency, close date, created, updated, closed, recurring amount.
const FIXED: usize = 8 + 4 + 1 + 1 + 1 + 8 + 3 + 4 + 8 + 8 + 8 + 8;
const NONE: u32 = u32::MAX;

/// Writes every deal's row (a database from before the rows); returns how many.
pub fn fill(txn: &redb::WriteTransaction) -> crate::error::Result<u64> {
    use redb::ReadableTable;
    let deals = txn.open_table(crate::store::tables::records(crate::model::Kind::Deal))?;
    let mut facts = txn.open_table(IDX_DEAL_FACTS)?;
    let mut n = 0;
    for row in deals.iter()? {
        let d: Deal = crate::store::tables::decode(row?.1.value())?;
        facts.insert(d.id, encode(&d).as_slice())?;
        n += 1;
    }
    Ok(n)
}

/// The stored row of a deal's report fields.
pub fn encode(d: &Deal) -> Vec<u8> {
    let text_len = d.owner.len()
        + d.source.as_deref().map_or(0, str::len)
        + d.lost_reason.as_deref().map_or(0, str::len);
    let mut b = Vec::with_capacity(FIXED + 16 + text_len + 12 * d.history.len());
    b.extend(d.pipeline.to_le_bytes());
    b.extend(d.stage.to_le_bytes());
    b.push(match d.status {
        DealStatus::Open => 0,
        DealStatus::Won => 1,
        DealStatus::Lost => 2,
    });
    b.push(d.probability.unwrap_or(u8::MAX));
    b.push(match d.recurring.map(|r| r.period) {
        None => 0,
        Some(RecurringPeriod::Monthly) => 1,
        Some(RecurringPeriod::Yearly) => 2,
    });
    b.extend(d.value.to_le_bytes());
    let mut code = [b' '; 3];
    for (slot, c) in code.iter_mut().zip(d.currency.code().bytes()) {
        *slot = c;
    }
    b.extend(code);
    b.extend(
        d.close_date
            .map_or(i32::MIN, |day| day.num_days_from_ce())
            .to_le_bytes(),
    );
    b.extend(d.created.timestamp_millis().to_le_bytes());
    b.extend(d.updated.timestamp_millis().to_le_bytes());
    b.extend(
        d.closed_at
            .map_or(i64::MIN, |t| t.timestamp_millis())
            .to_le_bytes(),
    );
    b.extend(d.recurring.map_or(0, |r| r.amount).to_le_bytes());
    for text in [
        Some(d.owner.as_str()),
        d.source.as_deref(),
        d.lost_reason.as_deref(),
    ] {
        match text {
            // A text longer than a u32 can count is not a deal field anyone typed; it
            // is kept out of the row rather than cut mid-character.
            Some(t) if u32::try_from(t.len()).is_ok_and(|n| n != NONE) => {
                b.extend((t.len() as u32).to_le_bytes());
                b.extend(t.as_bytes());
            }
            _ => b.extend(NONE.to_le_bytes()),
        }
    }
    b.extend(u32::try_from(d.history.len()).unwrap_or(0).to_le_bytes());
    if u32::try_from(d.history.len()).is_ok() {
        for e in &d.history {
            b.extend(e.stage.to_le_bytes());
            b.extend(e.at.timestamp_millis().to_le_bytes());
        }
    }
    b
}

/// Reads a stored row back into a deal with id `id` and the report fields set (the
/// rest at their defaults); `None` when the bytes are not such a row.
pub fn decode(id: u64, b: &[u8]) -> Option<Deal> {
    let mut r = Reader(b);
    let pipeline = r.u64()?;
    let stage = r.u32()?;
    let status = match r.u8()? {
        0 => DealStatus::Open,
        1 => DealStatus::Won,
        2 => DealStatus::Lost,
        _ => return None,
    };
    let probability = Some(r.u8()?).filter(|p| *p != u8::MAX);
    let period = match r.u8()? {
        0 => None,
        1 => Some(RecurringPeriod::Monthly),
        2 => Some(RecurringPeriod::Yearly),
        _ => return None,
    };
    let value = r.i64()?;
    let currency = Currency::parse(std::str::from_utf8(r.take(3)?).ok()?).ok()?;
    let close_date = match r.i32()? {
        i32::MIN => None,
        days => Some(NaiveDate::from_num_days_from_ce_opt(days)?),
    };
    let created = DateTime::from_timestamp_millis(r.i64()?)?;
    let updated = DateTime::from_timestamp_millis(r.i64()?)?;
    let closed_at = match r.i64()? {
        i64::MIN => None,
        ms => Some(DateTime::from_timestamp_millis(ms)?),
    };
    let amount = r.i64()?;
    let owner = r.text()?.unwrap_or_default();
    let source = r.text()?;
    let lost_reason = r.text()?;
    let n = r.u32()? as usize;
    // Each entry is 12 bytes: a count the row cannot hold is not a row.
    if r.0.len() != n.checked_mul(12)? {
        return None;
    }
    let mut history = Vec::with_capacity(n);
    for _ in 0..n {
        let stage = r.u32()?;
        let at = DateTime::from_timestamp_millis(r.i64()?)?;
        history.push(StageEntry { stage, at });
    }
    Some(Deal {
        id,
        pipeline,
        stage,
        value,
        currency,
        close_date,
        probability,
        owner,
        status,
        lost_reason,
        history,
        source,
        recurring: period.map(|period| Recurring { amount, period }),
        created,
        updated,
        closed_at,
        ..Deal::default()
    })
}

/// Reads a row front to back.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(head)
    }

    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn i32(&mut self) -> Option<i32> {
        Some(i32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn i64(&mut self) -> Option<i64> {
        Some(i64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    /// A length-prefixed text; the outer `None` when the row is cut short.
    fn text(&mut self) -> Option<Option<String>> {
        match self.u32()? {
            NONE => Some(None),
            n => Some(Some(
                std::str::from_utf8(self.take(n as usize)?)
                    .ok()?
                    .to_string(),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(ms: i64) -> crate::model::Instant {
        DateTime::from_timestamp_millis(ms).unwrap_or_default()
    }

    /// The deal as a report sees it: the fields the row keeps.
    fn reported(d: &Deal) -> Deal {
        Deal {
            id: d.id,
            pipeline: d.pipeline,
            stage: d.stage,
            value: d.value,
            currency: d.currency,
            close_date: d.close_date,
            probability: d.probability,
            owner: d.owner.clone(),
            status: d.status,
            lost_reason: d.lost_reason.clone(),
            history: d.history.clone(),
            source: d.source.clone(),
            recurring: d.recurring,
            created: d.created,
            updated: d.updated,
            closed_at: d.closed_at,
            ..Deal::default()
        }
    }

    #[test]
    fn a_won_deal_reads_back_with_its_report_fields_only() {
        let d = Deal {
            id: 42,
            title: "Acme — 50 seats".into(),
            pipeline: 3,
            stage: 7,
            value: -12_345,
            currency: Currency::JPY,
            close_date: NaiveDate::from_ymd_opt(2026, 2, 28),
            probability: Some(0),
            owner: "jürgen".into(),
            company: Some(9),
            contacts: vec![1, 2],
            status: DealStatus::Won,
            lost_reason: Some(String::new()),
            history: vec![
                StageEntry {
                    stage: 1,
                    at: at(1_700_000_000_000),
                },
                StageEntry {
                    stage: 7,
                    at: at(1_700_000_500_000),
                },
            ],
            source: Some("référence".into()),
            recurring: Some(Recurring {
                amount: 990,
                period: RecurringPeriod::Yearly,
            }),
            tags: vec!["vip".into()],
            notes: "call back".into(),
            created: at(1_690_000_000_000),
            updated: at(1_700_000_600_000),
            closed_at: Some(at(1_700_000_500_000)),
            ..Deal::default()
        };
        let back = decode(42, &encode(&d));
        assert_eq!(back, Some(reported(&d)));
    }

    #[test]
    fn a_cut_or_padded_row_is_refused() {
        let d = Deal {
            id: 1,
            owner: "sam".into(),
            history: vec![StageEntry {
                stage: 1,
                at: at(5),
            }],
            ..Deal::default()
        };
        let row = encode(&d);
        for n in 0..row.len() {
            assert_eq!(decode(1, &row[..n]), None, "cut at {n}");
        }
        let mut padded = row.clone();
        padded.push(0);
        assert_eq!(decode(1, &padded), None);
    }

    proptest! {
        #[test]
        fn any_deal_reads_back(
            pipeline in any::<u64>(), stage in any::<u32>(), value in any::<i64>(),
            status in 0u8..3, probability in proptest::option::of(0u8..=100),
            close in proptest::option::of(-100_000i32..1_000_000),
            owner in ".{0,12}", source in proptest::option::of(".{0,12}"),
            lost in proptest::option::of(".{0,12}"),
            recurring in proptest::option::of((any::<i64>(), any::<bool>())),
            times in proptest::collection::vec(-10_000_000_000_000i64..10_000_000_000_000, 3..12),
        ) {
            let history = times[3..]
                .iter()
                .enumerate()
                .map(|(i, t)| StageEntry { stage: i as u32, at: at(*t) })
                .collect();
            let d = Deal {
                id: 7,
                pipeline,
                stage,
                value,
                currency: Currency::EUR,
                close_date: close.and_then(NaiveDate::from_num_days_from_ce_opt),
                probability,
                owner,
                status: [DealStatus::Open, DealStatus::Won, DealStatus::Lost][status as usize],
                lost_reason: lost,
                history,
                source,
                recurring: recurring.map(|(amount, yearly)| Recurring {
                    amount,
                    period: if yearly { RecurringPeriod::Yearly } else { RecurringPeriod::Monthly },
                }),
                created: at(times[0]),
                updated: at(times[1]),
                closed_at: (status > 0).then(|| at(times[2])),
                ..Deal::default()
            };
            prop_assert_eq!(decode(7, &encode(&d)), Some(reported(&d)));
        }
    }
}
