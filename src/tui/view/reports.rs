//! The Reports screen: a header naming the report, period, owner and currency, a summary
//! line, the chart (pipeline by stage as horizontal bars, the forecast by month as
//! grouped bars, win rate and cycle length as line charts, activity per rep as a table),
//! the selected bar's figures, and the deals behind a bar when listed. Everything drawn
//! was prepared when the report was computed (`tui::reports`); a frame only lays it out.

use crate::model::words::plural;
use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Rect};
use ratatui::symbols::Marker;
use ratatui::text::Line;
use ratatui::widgets::{
    Axis, Bar, BarChart, BarGroup, Chart, Clear, Dataset, GraphType, Row, Table, TableState,
};

use super::Ctx;
use super::text::{fit, fit_right, put, width};
use crate::model::money::format_money;
use crate::model::text::sanitize;
use crate::tui::reports::{Chart as Kind, ReportsView};

/// Draws the Reports screen.
pub fn render(cx: &Ctx, frame: &mut Frame, area: Rect, focused: bool) {
    let r = &cx.m.reports;
    let block = cx.block("Reports".into(), focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height < 4 || inner.width < 10 {
        return;
    }
    header(cx, frame, inner, r);
    let body = Rect {
        y: inner.y + 2,
        height: inner.height - 3,
        ..inner
    };
    let foot = Rect {
        y: inner.y + inner.height - 1,
        height: 1,
        ..inner
    };
    if let Some(e) = &r.error {
        let buf = frame.buffer_mut();
        put(buf, body, 0, 0, &sanitize(e), cx.style("status.error"));
        return;
    }
    if r.computed.is_none() {
        put(
            frame.buffer_mut(),
            body,
            0,
            0,
            "computing…",
            cx.style("text.dim"),
        );
        return;
    }
    if r.bars.is_empty() {
        let what = match r.chart {
            Kind::Pipeline => "no open deals",
            Kind::Forecast => "no open deals closing in this period (in this currency)",
            Kind::Activity => "no activity in this period",
            Kind::Tickets => "no SLA target met or missed by tickets opened in this period",
            _ => "no deals closed in this period",
        };
        put(frame.buffer_mut(), body, 0, 0, what, cx.style("text.dim"));
        return;
    }
    match r.chart {
        Kind::Pipeline | Kind::Tickets => stages(cx, frame, body, r),
        Kind::Forecast => months(cx, frame, body, r),
        Kind::WinRate | Kind::Cycle => line(cx, frame, body, r),
        Kind::Activity => reps(cx, frame, body, r),
    }
    if let Some(bar) = r.selected_bar() {
        put(
            frame.buffer_mut(),
            foot,
            0,
            0,
            &fit(&bar.detail, foot.width as usize),
            cx.style("header"),
        );
    }
    if r.drill.is_some() {
        drill(cx, frame, area, r);
    }
}

fn header(cx: &Ctx, frame: &mut Frame, inner: Rect, r: &ReportsView) {
    let owner = r
        .owner
        .as_deref()
        .map(|o| sanitize(o).into_owned())
        .unwrap_or_else(|| "everyone".into());
    let currency = match (r.chart.money(), r.currency()) {
        (false, _) => String::new(),
        (true, None) => " · no money".into(),
        (true, Some(c)) if r.currencies.len() > 1 => format!(
            " · {} ({} of {})",
            c.code(),
            r.currency + 1,
            plural(r.currencies.len(), "currency")
        ),
        (true, Some(c)) => format!(" · {}", c.code()),
    };
    let by = match r.chart {
        Kind::WinRate | Kind::Cycle => format!(" · by {}", r.scope.by.as_str()),
        _ => String::new(),
    };
    let head = format!(
        "{} · {}{by} · {owner}{currency}",
        r.chart.title(),
        r.span.label(r.chart)
    );
    let w = inner.width as usize;
    let buf = frame.buffer_mut();
    put(buf, inner, 0, 0, &fit(&head, w), cx.style("title"));
    put(buf, inner, 1, 0, &fit(&r.summary, w), cx.style("text.dim"));
}

/// The first bar of a window of `fits` bars that keeps `selected` visible.
fn window(n: usize, fits: usize, selected: usize) -> usize {
    if n <= fits || fits == 0 {
        0
    } else {
        selected.saturating_sub(fits / 2).min(n - fits)
    }
}

fn stages(cx: &Ctx, frame: &mut Frame, area: Rect, r: &ReportsView) {
    let fits = area.height as usize;
    let start = window(r.bars.len(), fits, r.selected);
    let shown = || r.bars.iter().enumerate().skip(start).take(fits);
    let name = |b: &crate::tui::reports::Bar| {
        if b.group.is_empty() {
            b.label.clone()
        } else {
            format!("{} › {}", b.group, b.label)
        }
    };
    let name_w = shown()
        .map(|(_, b)| width(&name(b)))
        .max()
        .unwrap_or(0)
        .min(area.width as usize / 3);
    let text_w = shown().map(|(_, b)| width(&b.text)).max().unwrap_or(0);
    let bars: Vec<Bar> = shown()
        .map(|(i, b)| {
            let (style, label_style) = if i == r.selected {
                (cx.style("due.today"), cx.style("selection"))
            } else {
                (cx.style("border.focus"), cx.style("text"))
            };
            let label = format!("{} {}", fit(&name(b), name_w), fit_right(&b.text, text_w));
            Bar::default()
                .value(b.value)
                .label(Line::styled(label, label_style))
                .text_value(String::new())
                .style(style)
        })
        .collect();
    let chart = BarChart::default()
        .direction(Direction::Horizontal)
        .bar_width(1)
        .bar_gap(0)
        .data(BarGroup::default().bars(&bars));
    frame.render_widget(chart, area);
}

fn months(cx: &Ctx, frame: &mut Frame, area: Rect, r: &ReportsView) {
    let buf = frame.buffer_mut();
    let mut x = put(buf, area, 0, 0, "■ ", cx.style("border.focus"));
    x = put(buf, area, 0, x, "by stage %   ", cx.style("text"));
    x = put(buf, area, 0, x, "■ ", cx.style("text.dim"));
    put(buf, area, 0, x, "by history", cx.style("text"));
    let area = Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(1),
        ..area
    };
    let n = r.bars.len();
    let bar_w: u16 = 7;
    let group_w = bar_w * 2 + 2;
    let fits = (area.width / group_w).max(1) as usize;
    let start = window(n, fits, r.selected);
    let groups: Vec<BarGroup> = r
        .bars
        .iter()
        .enumerate()
        .skip(start)
        .take(fits)
        .map(|(i, b)| {
            let sel = i == r.selected;
            let (a, h, l) = if sel {
                let s = cx.style("selection");
                (s, s, s)
            } else {
                (
                    cx.style("border.focus"),
                    cx.style("group"),
                    cx.style("text"),
                )
            };
            let mut bars = vec![
                Bar::default()
                    .value(b.value)
                    .text_value(b.text.clone())
                    .style(a)
                    .value_style(cx.style("selection")),
            ];
            if let Some(v) = b.second {
                bars.push(Bar::default().value(v).text_value(String::new()).style(h));
            }
            BarGroup::default()
                .label(Line::styled(b.label.clone(), l))
                .bars(&bars)
        })
        .collect();
    let mut chart = BarChart::default().bar_width(bar_w).bar_gap(0).group_gap(2);
    for g in groups {
        chart = chart.data(g);
    }
    frame.render_widget(chart, area);
}

fn line(cx: &Ctx, frame: &mut Frame, area: Rect, r: &ReportsView) {
    let points: Vec<(f64, f64)> = r
        .bars
        .iter()
        .enumerate()
        .filter_map(|(i, b)| b.y.map(|y| (i as f64, y)))
        .collect();
    let selected: Vec<(f64, f64)> = r
        .selected_bar()
        .and_then(|b| b.y)
        .map(|y| vec![(r.selected as f64, y)])
        .unwrap_or_default();
    let (top, unit) = if r.chart == Kind::WinRate {
        (100.0, "%")
    } else {
        let max = points.iter().map(|p| p.1).fold(0.0, f64::max);
        ((max * 1.1).max(1.0).ceil(), " d")
    };
    let n = r.bars.len();
    let last = n.saturating_sub(1);
    let mut xlabels = vec![r.bars.first().map(|b| b.label.clone()).unwrap_or_default()];
    if n > 2 {
        xlabels.push(r.bars[n / 2].label.clone());
    }
    // A lone point still gets an axis with its label at the left.
    xlabels.push(if n > 1 {
        r.bars[last].label.clone()
    } else {
        String::new()
    });
    let ylabels = vec![
        format!("0{unit}"),
        format!("{:.0}{unit}", top / 2.0),
        format!("{top:.0}{unit}"),
    ];
    let chart = Chart::new(vec![
        Dataset::default()
            .marker(Marker::Braille)
            .graph_type(if points.len() > 1 {
                GraphType::Line
            } else {
                GraphType::Scatter
            })
            .style(cx.style("border.focus"))
            .data(&points),
        Dataset::default()
            .marker(Marker::Block)
            .graph_type(GraphType::Scatter)
            .style(cx.style("selection"))
            .data(&selected),
    ])
    .x_axis(
        Axis::default()
            .bounds([0.0, (last as f64).max(1.0)])
            .labels(xlabels)
            .style(cx.style("text.dim")),
    )
    .y_axis(
        Axis::default()
            .bounds([0.0, top])
            .labels(ylabels)
            .style(cx.style("text.dim")),
    )
    .legend_position(None);
    frame.render_widget(chart, area);
}

fn reps(cx: &Ctx, frame: &mut Frame, area: Rect, r: &ReportsView) {
    let header = Row::new([
        "REP", "CALLS", "EMAILS", "MEETINGS", "NOTES", "TOTAL", "DONE", "OVERDUE",
    ])
    .style(cx.style("header"));
    let rows = r.bars.iter().map(|b| Row::new(b.cells.clone()));
    let widths = [
        Constraint::Min(10),
        Constraint::Length(6),
        Constraint::Length(7),
        Constraint::Length(9),
        Constraint::Length(6),
        Constraint::Length(6),
        Constraint::Length(6),
        Constraint::Length(8),
    ];
    let table = Table::new(rows, widths)
        .header(header)
        .style(cx.style("text"))
        .row_highlight_style(cx.style("selection"))
        .highlight_symbol("> ");
    let mut state = TableState::default().with_selected(Some(r.selected));
    frame.render_stateful_widget(table, area, &mut state);
}

/// The deals behind the selected bar, over the chart.
fn drill(cx: &Ctx, frame: &mut Frame, area: Rect, r: &ReportsView) {
    let Some(d) = &r.drill else {
        return;
    };
    let w = area.width.saturating_sub(4).min(90);
    let h = (d.deals.len() as u16 + 2)
        .min(area.height.saturating_sub(2))
        .max(3);
    let pop = Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    };
    frame.render_widget(Clear, pop);
    let block = cx.block(format!("{} (enter opens, esc closes)", d.title), true);
    let inner = block.inner(pop);
    frame.render_widget(block, pop);
    let rows = inner.height as usize;
    let start = window(d.deals.len(), rows, d.selected);
    let iw = inner.width as usize;
    let value_w = 16usize.min(iw / 4);
    let owner_w = 10usize.min(iw / 6);
    let stage_w = 14usize.min(iw / 5);
    let title_w = iw.saturating_sub(2 + 6 + value_w + owner_w + stage_w + 4);
    let data = &cx.m.data;
    let buf = frame.buffer_mut();
    for (row, (i, id)) in d
        .deals
        .iter()
        .enumerate()
        .skip(start)
        .take(rows)
        .enumerate()
    {
        let y = row as u16;
        let sel = i == d.selected;
        let style = if sel {
            cx.style("selection")
        } else {
            cx.style("text")
        };
        buf.set_style(
            Rect {
                y: inner.y + y,
                height: 1,
                ..inner
            },
            style,
        );
        let mut x = put(buf, inner, y, 0, if sel { "> " } else { "  " }, style);
        x = put(buf, inner, y, x, &fit(&format!("D-{id}"), 6), style);
        let Some(deal) = data.deals.get(id) else {
            put(buf, inner, y, x + 1, "(deleted)", cx.style("text.dim"));
            continue;
        };
        let stage = data
            .pipelines
            .iter()
            .find(|p| p.id == deal.pipeline)
            .and_then(|p| p.stage(deal.stage))
            .map(|s| s.name.as_str())
            .unwrap_or("");
        x = put(buf, inner, y, x + 1, &fit(&deal.title, title_w), style);
        let value = format_money(deal.value, deal.currency);
        x = put(buf, inner, y, x + 1, &fit_right(&value, value_w), style);
        x = put(buf, inner, y, x + 1, &fit(&deal.owner, owner_w), style);
        if width(stage) > 0 {
            put(buf, inner, y, x + 1, &fit(stage, stage_w), style);
        }
    }
}
