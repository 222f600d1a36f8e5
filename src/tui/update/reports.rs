//! Keys on the Reports screen: left/right select a bar (up/down too, and rows of the
//! activity table), the report, period, owner and currency keys switch what is charted
//! (asking the app to recompute), `Enter` lists the deals behind the selected bar and
//! `Enter` again opens the selected deal; `Esc` closes the list.

use super::super::action::Action;
use super::super::effect::Effect;
use super::super::model::Model;
use super::super::reports::{self, Chart, Drill, Span};
use crate::model::words::plural;
use crate::model::{Kind, RecordId};
use crate::tui::detail::Detail;
use crate::tui::layer::Layer;

const PAGE: isize = 10;

/// Handles an action on the Reports screen.
pub fn update(m: &mut Model, a: Action) -> Vec<Effect> {
    if m.reports.drill.is_some() {
        return drill(m, a);
    }
    let r = &mut m.reports;
    match a {
        Action::Left | Action::Up => r.move_by(-1),
        Action::Right | Action::Down => r.move_by(1),
        Action::PageUp => r.move_by(-PAGE),
        Action::PageDown => r.move_by(PAGE),
        Action::Top => r.move_by(isize::MIN / 2),
        Action::Bottom => r.move_by(isize::MAX / 2),
        Action::NextReport => {
            r.next_chart();
            m.info(format!("report: {}", m.reports.chart.title()));
            return recompute(m);
        }
        Action::NextPeriod => {
            r.span = next(&Span::ALL, r.span);
            let label = r.span.label(r.chart);
            m.info(format!("period: {label}"));
            return recompute(m);
        }
        Action::NextOwner => {
            m.reports.owner = reports::next_owner(m);
            let who = m.reports.owner.clone().unwrap_or_else(|| "everyone".into());
            m.info(format!("owner: {who}"));
            return recompute(m);
        }
        Action::NextCurrency => {
            let n = r.currencies.len();
            if n > 1 {
                r.currency = (r.currency + 1) % n;
                reports::rebuild(m);
            }
            match m.reports.currency() {
                Some(c) if m.reports.chart.money() => m.info(format!("currency: {}", c.code())),
                _ => m.info("this report has one currency or none"),
            }
        }
        Action::Open => open_bar(m),
        Action::Cancel if m.zoom => m.zoom = false,
        _ => {}
    }
    Vec::new()
}

/// Keys while the deals behind a bar are listed.
fn drill(m: &mut Model, a: Action) -> Vec<Effect> {
    let Some(d) = m.reports.drill.as_mut() else {
        return Vec::new();
    };
    let n = d.deals.len();
    let step = |d: &mut Drill, by: isize| {
        d.selected = d
            .selected
            .saturating_add_signed(by)
            .min(n.saturating_sub(1));
    };
    match a {
        Action::Up | Action::Left => step(d, -1),
        Action::Down | Action::Right => step(d, 1),
        Action::PageUp => step(d, -PAGE),
        Action::PageDown => step(d, PAGE),
        Action::Top => step(d, isize::MIN / 2),
        Action::Bottom => step(d, isize::MAX / 2),
        Action::Open => {
            if let Some(id) = d.deals.get(d.selected).copied() {
                m.layers
                    .push(Layer::Detail(Detail::new(RecordId::new(Kind::Deal, id))));
            }
        }
        Action::Cancel => m.reports.drill = None,
        // Switching what is charted closes the list first.
        Action::NextReport | Action::NextPeriod | Action::NextOwner | Action::NextCurrency => {
            m.reports.drill = None;
            return update(m, a);
        }
        _ => {}
    }
    Vec::new()
}

/// Lists the deals behind the selected bar.
fn open_bar(m: &mut Model) {
    let Some(bar) = m.reports.selected_bar() else {
        m.info("nothing to drill into");
        return;
    };
    if bar.deal_ids.is_empty() {
        let what = if m.reports.chart == Chart::Activity {
            "a rep's row has no deals behind it".to_string()
        } else if m.reports.chart == Chart::Tickets {
            "the SLA chart has no deals behind it; `rolo ticket list` lists the tickets".to_string()
        } else {
            format!("no deals behind {}", bar.label)
        };
        m.info(what);
        return;
    }
    let n = bar.deal_ids.len();
    let title = format!("{} · {}", bar.label, plural(n, "deal"));
    m.reports.drill = Some(Drill {
        title,
        deals: bar.deal_ids.clone(),
        selected: 0,
    });
}

/// Asks the app to compute the report now (the choices changed).
fn recompute(m: &mut Model) -> Vec<Effect> {
    m.reports.drill = None;
    reports::due(m).into_iter().collect()
}

fn next<T: Copy + PartialEq>(all: &[T], current: T) -> T {
    let i = all.iter().position(|x| *x == current).unwrap_or(0);
    all[(i + 1) % all.len()]
}
