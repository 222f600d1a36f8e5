//! Deals from a row: the amount in its currency (a currency column, a code written with
//! the amount, or the user's default), probability, close date, when it was won or
//! lost; pipeline, stage, status, company and contacts stay as text for the apply step.

use super::people::tags;
use super::{Cells, Draft, DraftRow};
use crate::interchange::csv_import::field::Field;
use crate::interchange::csv_import::pipelines::DealRefs;
use crate::interchange::csv_import::values::{self, split_multi};
use crate::interchange::error::RowError;
use crate::model::{Currency, Deal};

/// A deal row; `default_currency` applies when the row names none.
pub fn deal(mut c: Cells<'_>, default_currency: Currency) -> Result<DraftRow, Vec<RowError>> {
    let title = c.text(&Field::Title);
    if title.is_none() {
        c.fail_row("no title: a deal needs a title");
    }
    let currency = c
        .parsed(&Field::Currency, |s| {
            Currency::parse(s.trim()).map_err(|e| e.to_string())
        })
        .or_else(|| c.text(&Field::Value).and_then(|v| values::currency_in(&v)))
        .unwrap_or(default_currency);
    let value = c
        .parsed(&Field::Value, |s| values::amount(s, currency))
        .unwrap_or(0);
    let contacts = c
        .each(|f| *f == Field::Contact)
        .into_iter()
        .flat_map(|(_, _, v)| split_multi(v).map(str::to_string).collect::<Vec<_>>())
        .collect();
    let deal = Deal {
        title: title.unwrap_or_default(),
        value,
        currency,
        close_date: c.parsed(&Field::CloseDate, values::date),
        probability: c.parsed(&Field::Probability, values::percent),
        owner: c.text(&Field::Owner).unwrap_or_default(),
        lost_reason: c.text(&Field::LostReason),
        source: c.text(&Field::Source),
        tags: tags(&c),
        notes: c.text(&Field::Notes).unwrap_or_default(),
        ..Deal::default()
    };
    let refs = DealRefs {
        pipeline: c.text(&Field::Pipeline),
        stage: c.text(&Field::Stage),
        status: c.text(&Field::Status),
        won: c.parsed(&Field::IsWon, values::flag),
        closed: c.parsed(&Field::IsClosed, values::flag),
    };
    let won_at = c.parsed(&Field::WonAt, values::instant);
    let lost_at = c.parsed(&Field::LostAt, values::instant);
    let closed_at = c.parsed(&Field::ClosedAt, values::instant);
    let draft = Draft::Deal {
        deal,
        refs,
        closed_at: won_at.or(lost_at).or(closed_at),
        company: c.text(&Field::Company),
        contacts,
    };
    let created = c.created();
    c.finish(draft, created)
}
