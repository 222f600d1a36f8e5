//! Actions on the screens themselves (no layer on top): navigation, the kanban's moves,
//! the task queue's completions and snoozes, tables' sorting and filtering; the other
//! screens' keys live beside this file (reports, automation, duplicates, tickets).

use super::layers::{ask, open_edit};
use super::{Effect, push_form};
use crate::model::{DealStatus, Kind, RecordId};
use crate::tui::action::{Action, Screen};
use crate::tui::data::Dirty;
use crate::tui::detail::Detail;
use crate::tui::effect::Then;
use crate::tui::form::fields;
use crate::tui::layer::{Layer, PromptPurpose};
use crate::tui::model::Model;
use crate::tui::write::Write;

const PAGE: isize = 10;

/// The panes Tab cycles through.
fn cycle(m: &Model) -> Vec<Screen> {
    if m.wide && !m.zoom {
        let table = if m.screen == Screen::Companies {
            Screen::Companies
        } else {
            Screen::Contacts
        };
        vec![Screen::Pipeline, table, Screen::Timeline, Screen::Today]
    } else {
        Screen::ALL.to_vec()
    }
}

pub(super) fn screen(m: &mut Model, a: Action) -> Vec<Effect> {
    let fx = match a {
        Action::Quit => {
            m.quit = true;
            Vec::new()
        }
        Action::ToggleHelp => {
            m.layers.push(Layer::Help { scroll: 0 });
            Vec::new()
        }
        Action::View(s) => {
            m.screen = s;
            Vec::new()
        }
        Action::FocusNext | Action::FocusPrev => {
            let panes = cycle(m);
            let i = panes.iter().position(|s| *s == m.screen).unwrap_or(0);
            let n = panes.len();
            let j = if a == Action::FocusNext {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            };
            m.screen = panes[j];
            Vec::new()
        }
        Action::Zoom => {
            m.zoom = !m.zoom;
            Vec::new()
        }
        Action::Undo => vec![Effect::write(Write::Undo)],
        Action::Redo => vec![Effect::write(Write::Redo)],
        Action::ToggleMine => {
            m.mine = !m.mine;
            m.refresh(Dirty::ALL);
            m.info(if m.mine {
                "showing mine"
            } else {
                "showing everyone's"
            });
            Vec::new()
        }
        Action::CommandLine => {
            ask(
                m,
                PromptPurpose::Command,
                ": rolo command (tab completes)".into(),
                String::new(),
            );
            Vec::new()
        }
        Action::NewContact => {
            push_form(m, fields::contact(None, &m.data));
            Vec::new()
        }
        Action::Back => {
            if m.zoom {
                m.zoom = false;
            } else if matches!(m.screen, Screen::Contacts | Screen::Companies) {
                set_filter(m, m.screen, String::new());
            } else if m.screen == Screen::Tickets {
                super::tickets::clear_filter(m);
            }
            Vec::new()
        }
        Action::MostUrgent => {
            super::tickets::most_urgent(m);
            Vec::new()
        }
        _ => match m.screen {
            Screen::Pipeline => pipeline(m, a),
            Screen::Contacts | Screen::Companies => table(m, a),
            Screen::Today => today(m, a),
            Screen::Timeline => timeline(m, a),
            Screen::Reports => super::reports::update(m, a),
            Screen::Automation => super::automation::update(m, a),
            Screen::Duplicates => super::duplicates::update(m, a),
            Screen::Tickets => super::tickets::update(m, a),
        },
    };
    m.update_context();
    fx
}

fn pipeline(m: &mut Model, a: Action) -> Vec<Effect> {
    if a == Action::New && m.data.is_empty() {
        push_form(m, fields::contact(None, &m.data));
        return Vec::new();
    }
    let deal = m.board.selected_deal();
    let rid = deal.map(|d| RecordId::new(Kind::Deal, d));
    match a {
        Action::Left => m.board.move_col(-1),
        Action::Right => m.board.move_col(1),
        Action::Up => m.board.move_row(-1),
        Action::Down => m.board.move_row(1),
        Action::PageUp => m.board.move_row(-PAGE),
        Action::PageDown => m.board.move_row(PAGE),
        Action::Top => m.board.move_row(isize::MIN / 2),
        Action::Bottom => m.board.move_row(isize::MAX / 2),
        Action::NextPipeline => {
            let ps = &m.data.pipelines;
            if let Some(i) = ps.iter().position(|p| p.id == m.board.pipeline) {
                m.board.pipeline = ps[(i + 1) % ps.len()].id;
                m.board.col = 0;
                m.board.selected = None;
                m.refresh(Dirty {
                    deals: true,
                    ..Dirty::default()
                });
                m.info(format!("pipeline {}", m.board.pipeline_name));
            }
        }
        Action::New => {
            if let Some(stage) = m.board.stage() {
                let form = fields::deal(None, m.board.pipeline, stage.id, None, &m.data);
                push_form(m, form);
            }
        }
        _ => {
            let Some(id) = deal else {
                m.info("no deal selected");
                return Vec::new();
            };
            return match a {
                Action::MoveStagePrev => vec![Effect::write(Write::StepDeal(id, -1))],
                Action::MoveStageNext => vec![Effect::write(Write::StepDeal(id, 1))],
                Action::Win => vec![Effect::write(Write::Win(id))],
                Action::Lose => {
                    ask(
                        m,
                        PromptPurpose::LoseReason(id),
                        format!("Why was D-{id} lost?"),
                        String::new(),
                    );
                    Vec::new()
                }
                _ => record_action(m, a, rid),
            };
        }
    }
    Vec::new()
}

/// Actions every list shares for its selected record.
fn record_action(m: &mut Model, a: Action, rid: Option<RecordId>) -> Vec<Effect> {
    let Some(rid) = rid else {
        return Vec::new();
    };
    match a {
        Action::Open => m.layers.push(Layer::Detail(Detail::new(rid))),
        Action::Edit => open_edit(m, rid),
        Action::EditNotes => return vec![Effect::EditNotes(rid)],
        Action::LogActivity => push_form(m, fields::activity(Some(rid), &m.data)),
        Action::AddTask => push_form(m, fields::task(None, Some(rid), None, &m.data)),
        _ => {}
    }
    Vec::new()
}

fn table(m: &mut Model, a: Action) -> Vec<Effect> {
    let screen = m.screen;
    let (t, kind) = if screen == Screen::Contacts {
        (&mut m.contacts, Kind::Contact)
    } else {
        (&mut m.companies, Kind::Company)
    };
    match a {
        Action::Up => t.move_by(-1),
        Action::Down => t.move_by(1),
        Action::PageUp => t.move_by(-PAGE),
        Action::PageDown => t.move_by(PAGE),
        Action::Top => t.selected = 0,
        Action::Bottom => t.move_by(isize::MAX / 2),
        Action::SortNext | Action::SortReverse => {
            if a == Action::SortNext {
                t.sort_next();
            } else {
                t.reverse_order();
            }
            // Keep the selected record selected in the new order.
            t.focus = t.selected_id();
            if t.filtering() {
                m.info("sorted; while filtering, rows stay in match order");
            }
        }
        Action::Filter => {
            let current = t.filter.clone();
            ask(
                m,
                PromptPurpose::Filter(screen),
                format!("Filter {}", screen.title().to_lowercase()),
                current,
            );
        }
        Action::New => {
            let form = if kind == Kind::Contact {
                fields::contact(None, &m.data)
            } else {
                fields::company(None, &m.data)
            };
            push_form(m, form);
        }
        _ => {
            let rid = t.selected_id().map(|id| RecordId::new(kind, id));
            return record_action(m, a, rid);
        }
    }
    Vec::new()
}

/// Sets a table's filter and rebuilds its rows.
pub(super) fn set_filter(m: &mut Model, screen: Screen, text: String) {
    let t = if screen == Screen::Companies {
        &mut m.companies
    } else {
        &mut m.contacts
    };
    t.set_filter(text);
}

/// Completes a task; a deal's task asks for the next step afterwards.
pub(super) fn complete(m: &mut Model, task: u64) -> Vec<Effect> {
    let deal = m
        .data
        .task(task)
        .and_then(|t| t.link)
        .filter(|l| l.kind == Kind::Deal)
        .and_then(|l| m.data.deal(l.id))
        .filter(|d| d.status == DealStatus::Open)
        .map(|d| d.id);
    vec![Effect::Write {
        write: Box::new(Write::CompleteTask(task)),
        form: None,
        then: deal.map(Then::NextStepFor).unwrap_or(Then::Nothing),
    }]
}

fn today(m: &mut Model, a: Action) -> Vec<Effect> {
    let task = m.queue.selected_id();
    match a {
        Action::Up => m.queue.move_by(-1),
        Action::Down => m.queue.move_by(1),
        Action::PageUp => m.queue.move_by(-PAGE),
        Action::PageDown => m.queue.move_by(PAGE),
        Action::Top => m.queue.selected = 0,
        Action::Bottom => m.queue.move_by(isize::MAX / 2),
        Action::New | Action::AddTask if task.is_none() || a == Action::New => {
            push_form(m, fields::task(None, None, None, &m.data));
        }
        _ => {
            let Some(id) = task else {
                m.info("no task selected");
                return Vec::new();
            };
            let t = m.data.tasks.get(&id);
            let link = t.and_then(|t| t.link);
            match a {
                Action::CompleteTask => return complete(m, id),
                Action::SnoozeDay => {
                    let from = t
                        .and_then(|t| t.due)
                        .map(|d| d.date)
                        .unwrap_or(m.today())
                        .max(m.today());
                    return vec![Effect::write(Write::Snooze(
                        id,
                        from + chrono::Days::new(1),
                    ))];
                }
                Action::SnoozeTo => ask(
                    m,
                    PromptPurpose::SnoozeTo(id),
                    format!("Snooze T-{id} to (e.g. fri, +3d, 2026-12-01)"),
                    String::new(),
                ),
                Action::Open => {
                    let target = link.unwrap_or(RecordId::new(Kind::Task, id));
                    m.layers.push(Layer::Detail(Detail::new(target)));
                }
                Action::Edit => open_edit(m, RecordId::new(Kind::Task, id)),
                Action::EditNotes => return vec![Effect::EditNotes(RecordId::new(Kind::Task, id))],
                Action::LogActivity | Action::AddTask => return record_action(m, a, link),
                _ => {}
            }
        }
    }
    Vec::new()
}

fn timeline(m: &mut Model, a: Action) -> Vec<Effect> {
    match a {
        Action::Up => m.timeline.move_by(-1),
        Action::Down => m.timeline.move_by(1),
        Action::PageUp => m.timeline.move_by(-PAGE),
        Action::PageDown => m.timeline.move_by(PAGE),
        Action::Top => m.timeline.selected = 0,
        Action::Bottom => m.timeline.move_by(isize::MAX / 2),
        Action::CycleKind => {
            m.timeline.filter = m.timeline.filter.next();
            m.timeline.selected = 0;
        }
        Action::ToggleScope => {
            m.timeline.follow = !m.timeline.follow;
            m.timeline.selected = 0;
        }
        Action::Open => {
            let target = m
                .timeline
                .visible()
                .get(m.timeline.selected)
                .and_then(|i| i.target);
            if let Some(rid) = target {
                m.layers.push(Layer::Detail(Detail::new(rid)));
            }
        }
        Action::LogActivity => push_form(m, fields::activity(m.timeline_scope(), &m.data)),
        _ => {}
    }
    Vec::new()
}
