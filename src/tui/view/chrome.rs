//! The frame around the panes: the tab bar, the status bar (user, database, revision,
//! message, busy, key hints from the keymap) and the first-run welcome.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::Ctx;
use super::text::{put, width};
use crate::tui::action::{Action, Screen};
use crate::tui::layer::Layer;

pub(super) fn tabs(cx: &Ctx, frame: &mut Frame, area: Rect) {
    let buf = frame.buffer_mut();
    buf.set_style(area, cx.style("tab"));
    let who = if cx.m.mine { "mine" } else { "everyone" };
    let zoom = if cx.m.zoom { " zoom" } else { "" };
    let right = format!("{who}{zoom} ");
    let labels: Vec<(Screen, String, String)> = Screen::ALL
        .iter()
        .map(|&s| {
            let key = cx
                .keymap
                .key_for(&["global"], Action::View(s))
                .unwrap_or_default();
            (s, format!(" {key} {} ", s.title()), format!(" {key} "))
        })
        .collect();
    // On a narrow terminal the other screens show only their key, so the tab bar and
    // the mine/everyone marker still fit.
    let full: usize =
        6 + labels.iter().map(|(_, l, _)| width(l) + 1).sum::<usize>() + width(&right);
    let compact = full > area.width as usize;
    let mut x = put(buf, area, 0, 0, " rolo ", cx.style("title"));
    for (s, label, short) in labels {
        let active = s == cx.m.screen;
        let style = if active {
            cx.style("tab.active")
        } else {
            cx.style("tab")
        };
        let shown = match (active, compact) {
            (true, _) => format!("[{}]", label.trim()),
            (false, true) => short,
            (false, false) => label,
        };
        x = put(buf, area, 0, x, &shown, style);
        x = put(buf, area, 0, x, " ", cx.style("tab"));
    }
    let w = width(&right) as u16;
    if area.width > x + w {
        put(buf, area, 0, area.width - w, &right, cx.style("tab"));
    }
}

/// The actions worth a hint in each mode, most useful first.
fn hint_actions(cx: &Ctx) -> &'static [Action] {
    match cx.m.layers.last() {
        Some(Layer::Form(_)) => &[
            Action::Submit,
            Action::NextField,
            Action::Cancel,
            Action::ExternalEditor,
        ],
        Some(Layer::Prompt(_) | Layer::Menu(_)) => &[Action::Submit, Action::Cancel],
        Some(Layer::Picker(_)) => &[Action::Submit, Action::CycleJumpKind, Action::Cancel],
        Some(Layer::Help { .. } | Layer::Output { .. }) => {
            &[Action::ToggleHelp, Action::Down, Action::Up]
        }
        Some(Layer::Detail(d)) if d.rid.kind == crate::model::Kind::Ticket => &[
            Action::Back,
            Action::ReplyTicket,
            Action::TakeTicket,
            Action::TicketStatus,
            Action::NoteTicket,
            Action::Open,
        ],
        Some(Layer::Detail(_)) => &[
            Action::Back,
            Action::Open,
            Action::Edit,
            Action::LogActivity,
            Action::AddTask,
        ],
        None => match cx.m.screen {
            Screen::Pipeline => &[
                Action::ToggleHelp,
                Action::MoveStageNext,
                Action::MoveStagePrev,
                Action::Win,
                Action::Lose,
                Action::New,
                Action::Undo,
            ],
            Screen::Contacts | Screen::Companies => &[
                Action::ToggleHelp,
                Action::Filter,
                Action::SortNext,
                Action::Open,
                Action::New,
            ],
            Screen::Today => &[
                Action::ToggleHelp,
                Action::CompleteTask,
                Action::SnoozeDay,
                Action::SnoozeTo,
                Action::Open,
            ],
            Screen::Timeline => &[
                Action::ToggleHelp,
                Action::CycleKind,
                Action::ToggleScope,
                Action::LogActivity,
            ],
            Screen::Reports => &[
                Action::ToggleHelp,
                Action::NextReport,
                Action::NextPeriod,
                Action::NextOwner,
                Action::Open,
                Action::NextCurrency,
            ],
            Screen::Automation => &[Action::ToggleHelp, Action::ToggleRule, Action::Open],
            Screen::Duplicates => &[
                Action::ToggleHelp,
                Action::Merge,
                Action::CycleKind,
                Action::Undo,
            ],
            Screen::Tickets => &[
                Action::ToggleHelp,
                Action::TakeTicket,
                Action::ReplyTicket,
                Action::TicketStatus,
                Action::MostUrgent,
                Action::Filter,
                Action::Open,
            ],
        },
    }
}

pub(super) fn status(cx: &Ctx, frame: &mut Frame, area: Rect) {
    let m = cx.m;
    let buf = frame.buffer_mut();
    buf.set_style(area, cx.style("status"));
    let head = format!(" {} · {} · r{} ", m.me, m.db_name, m.rev);
    let mut x = put(buf, area, 0, 0, &head, cx.style("status"));
    if m.status.busy {
        x = put(buf, area, 0, x, " BUSY ", cx.style("status.busy"));
        x = put(buf, area, 0, x, " ", cx.style("status"));
    }
    if !m.pending.is_empty() {
        x = put(
            buf,
            area,
            0,
            x,
            &format!("{} … ", m.pending),
            cx.style("status"),
        );
    }
    let modes = m.modes();
    let msg = &m.status.message;
    let room = area.width.saturating_sub(x) as usize;
    let mut hints: Vec<String> = hint_actions(cx)
        .iter()
        .filter_map(|a| {
            cx.keymap
                .key_for(&modes, *a)
                .map(|k| format!("{k} {}", a.label()))
        })
        .collect();
    // Hints give way to the message, dropping from the least useful end.
    let wanted = if msg.is_empty() { 0 } else { width(msg) + 2 };
    while !hints.is_empty() && width(&hints.join("  ")) + 1 + wanted > room {
        hints.pop();
    }
    let hint = if hints.is_empty() {
        String::new()
    } else {
        format!("{} ", hints.join("  "))
    };
    let hw = width(&hint);
    if !msg.is_empty() {
        let style = if m.status.error {
            cx.style("status.error")
        } else {
            cx.style("status")
        };
        let shown = super::text::fit(msg, room.saturating_sub(hw + 1));
        put(buf, area, 0, x, shown.trim_end(), style);
    }
    if hw > 0 && room >= hw {
        put(
            buf,
            area,
            0,
            area.width - hw as u16,
            &hint,
            cx.style("status"),
        );
    }
}

pub(super) fn welcome(cx: &Ctx, frame: &mut Frame, area: Rect) {
    let key = |a| {
        cx.keymap
            .key_for(&["pipeline", "global"], a)
            .unwrap_or_else(|| "?".into())
    };
    let lines = [
        ("Welcome to rolo".to_string(), "welcome"),
        (String::new(), "text"),
        (
            "Your database is empty. To get started:".to_string(),
            "text",
        ),
        (String::new(), "text"),
        (
            format!("  {}   add your first contact", key(Action::New)),
            "text",
        ),
        (
            "  rolo import csv FILE --as contacts   import a CSV (in a shell)".to_string(),
            "text",
        ),
        (
            "  rolo demo   load demo data to try things out (in a shell)".to_string(),
            "text",
        ),
        (String::new(), "text"),
        (
            format!(
                "  {}   all keys      {}   quit",
                key(Action::ToggleHelp),
                key(Action::Quit)
            ),
            "text.dim",
        ),
    ];
    let block = cx.block("Welcome".into(), true);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let top = inner.height.saturating_sub(lines.len() as u16) / 2;
    let buf = frame.buffer_mut();
    for (i, (line, role)) in lines.iter().enumerate() {
        let x = inner.width.saturating_sub(64) / 2;
        put(buf, inner, top + i as u16, x, line, cx.style(role));
    }
}
