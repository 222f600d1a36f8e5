//! Actions while a layer is on top: help, a form, a prompt, a menu, a record's detail.

use tui_input::Input;

use super::screens;
use super::{Effect, push_form};
use crate::model::dates::parse_date;
use crate::model::{Kind, RecordId};
use crate::tui::action::{Action, Screen};
use crate::tui::detail::Detail;
use crate::tui::effect::Then;
use crate::tui::form::build::{Context, build};
use crate::tui::form::fields;
use crate::tui::layer::{Layer, Prompt, PromptPurpose};
use crate::tui::model::Model;
use crate::tui::write::Write;

/// Lines a ticket's thread scrolls per page.
const THREAD_PAGE: usize = 10;

pub(super) fn help(m: &mut Model, a: Action) -> Vec<Effect> {
    if let Some(Layer::Help { scroll } | Layer::Output { scroll, .. }) = m.layers.last_mut() {
        match a {
            Action::Down => *scroll += 1,
            Action::Up => *scroll = scroll.saturating_sub(1),
            Action::ToggleHelp | Action::Back | Action::Cancel | Action::Quit => {
                m.layers.pop();
            }
            _ => {}
        }
    }
    Vec::new()
}

pub(super) fn form(m: &mut Model, a: Action) -> Vec<Effect> {
    let cx_today = m.today();
    let Some(Layer::Form(f)) = m.layers.last_mut() else {
        return Vec::new();
    };
    match a {
        Action::NextField => f.move_focus(true, &m.data),
        Action::PrevField => f.move_focus(false, &m.data),
        Action::Cancel | Action::Back => {
            m.layers.pop();
        }
        Action::ExternalEditor => {
            return vec![Effect::EditField {
                form: f.id,
                field: f.focus,
            }];
        }
        Action::Submit => {
            let cx = Context {
                data: &m.data,
                today: cx_today,
                now: m.now,
                currency: m.currency,
            };
            for field in &mut f.fields {
                field.error = None;
            }
            f.error = None;
            match build(f, &cx) {
                Ok(write) => {
                    return vec![Effect::Write {
                        write: Box::new(write),
                        form: Some(f.id),
                        then: Then::Nothing,
                    }];
                }
                Err(errors) => {
                    for (key, msg) in errors.into_iter().rev() {
                        f.set_error(key, msg);
                    }
                    m.fail("the form has problems: see the marked fields");
                }
            }
        }
        _ => {}
    }
    Vec::new()
}

pub(super) fn prompt(m: &mut Model, a: Action) -> Vec<Effect> {
    let today = m.today();
    let Some(Layer::Prompt(p)) = m.layers.last_mut() else {
        return Vec::new();
    };
    match a {
        Action::Cancel | Action::Back => {
            let purpose = p.purpose;
            m.layers.pop();
            if let PromptPurpose::Filter(screen) = purpose {
                super::set_filter(m, screen, String::new());
            }
        }
        Action::Submit => {
            let text = p.input.value().trim().to_string();
            match p.purpose {
                PromptPurpose::LoseReason(id) => {
                    m.layers.pop();
                    return vec![Effect::write(Write::Lose(id, text))];
                }
                PromptPurpose::SnoozeTo(id) => match parse_date(&text, today) {
                    Ok(date) => {
                        m.layers.pop();
                        return vec![Effect::write(Write::Snooze(id, date))];
                    }
                    Err(e) => p.error = Some(e.to_string()),
                },
                PromptPurpose::Filter(screen) => {
                    m.layers.pop();
                    if !text.is_empty()
                        && matches!(screen, Screen::Pipeline | Screen::Today | Screen::Tickets)
                    {
                        m.info(format!("filter /{text} (esc clears)"));
                    }
                }
                PromptPurpose::TicketNote(id) => {
                    m.layers.pop();
                    if text.is_empty() {
                        m.info(format!("note on S-{id} cancelled: nothing typed"));
                    } else {
                        let w = crate::tui::ticket_write::TicketWrite::Note(id, text);
                        return vec![Effect::write(Write::Ticket(w))];
                    }
                }
                PromptPurpose::Command => {
                    m.layers.pop();
                    if !text.is_empty() {
                        let on_screen = m
                            .detail()
                            .map(|d| d.rid)
                            .filter(|r| r.kind == crate::model::Kind::Contact)
                            .map(|r| r.id);
                        let text = super::contextual::with_contact(&text, on_screen);
                        if m.history.last() != Some(&text) {
                            m.history.push(text.clone());
                        }
                        return vec![Effect::Command(text)];
                    }
                }
            }
        }
        Action::NextField if p.purpose == PromptPurpose::Command => {
            return vec![Effect::Complete(p.input.value().to_string())];
        }
        Action::Up | Action::Down if p.purpose == PromptPurpose::Command => {
            recall(p, &m.history, a == Action::Up);
        }
        Action::Up | Action::Down => {
            // In a filter prompt the arrows move the filtered list's selection.
            let d = if a == Action::Up { -1 } else { 1 };
            if let PromptPurpose::Filter(screen) = p.purpose {
                match screen {
                    Screen::Contacts => m.contacts.move_by(d),
                    Screen::Companies => m.companies.move_by(d),
                    Screen::Pipeline => m.board.move_row(d),
                    Screen::Today => m.queue.move_by(d),
                    Screen::Tickets => m.tickets.move_by(d),
                    _ => {}
                }
            }
        }
        _ => {}
    }
    Vec::new()
}

/// Steps through the `:` history: `back` to older lines; past the newest the line
/// is empty again.
fn recall(p: &mut Prompt, history: &[String], back: bool) {
    if history.is_empty() {
        p.hint = Some("no earlier commands".into());
        return;
    }
    let next = match (p.recall, back) {
        (None, true) => Some(0),
        (None, false) => None,
        (Some(i), true) => Some((i + 1).min(history.len() - 1)),
        (Some(0), false) => None,
        (Some(i), false) => Some(i - 1),
    };
    p.recall = next;
    let line = next
        .and_then(|i| history.get(history.len() - 1 - i))
        .cloned()
        .unwrap_or_default();
    p.input = Input::new(line);
    p.error = None;
    p.hint = None;
}

/// Opens a prompt.
pub(super) fn ask(m: &mut Model, purpose: PromptPurpose, title: String, initial: String) {
    m.layers.push(Layer::Prompt(Prompt {
        purpose,
        title,
        input: Input::new(initial),
        error: None,
        hint: None,
        recall: None,
    }));
}

/// A menu: move, choose with Enter (or its number, see `type_text`), Esc closes.
pub(super) fn menu(m: &mut Model, a: Action) -> Vec<Effect> {
    let Some(Layer::Menu(menu)) = m.layers.last_mut() else {
        return Vec::new();
    };
    match a {
        Action::Up => menu.move_by(-1),
        Action::Down => menu.move_by(1),
        Action::Top => menu.selected = 0,
        Action::Bottom => menu.move_by(isize::MAX / 2),
        Action::Submit => {
            let (id, choice) = (menu.ticket, menu.chosen());
            m.layers.pop();
            if let Some(c) = choice {
                return super::tickets::chosen(id, c);
            }
        }
        Action::Cancel | Action::Back => {
            m.layers.pop();
        }
        _ => {}
    }
    Vec::new()
}

pub(super) fn detail(m: &mut Model, a: Action) -> Vec<Effect> {
    let Some(Layer::Detail(d)) = m.layers.last_mut() else {
        return Vec::new();
    };
    let rid = d.rid;
    let n = d.links.len();
    if rid.kind == Kind::Ticket {
        match a {
            Action::TakeTicket
            | Action::ReplyTicket
            | Action::NoteTicket
            | Action::TicketStatus
            | Action::TicketPriority
            | Action::Edit
            | Action::EditNotes => return super::tickets::act(m, a, rid.id),
            // The thread scrolls by pages; the arrows move through the linked records.
            Action::PageUp => d.thread_back.set(d.thread_back.get() + THREAD_PAGE),
            Action::PageDown => d
                .thread_back
                .set(d.thread_back.get().saturating_sub(THREAD_PAGE)),
            _ => {}
        }
    }
    match a {
        Action::Down => d.selected = (d.selected + 1).min(n.saturating_sub(1)),
        Action::Up => d.selected = d.selected.saturating_sub(1),
        Action::Top => d.selected = 0,
        Action::Bottom => d.selected = n.saturating_sub(1),
        Action::Back | Action::Cancel => {
            m.layers.pop();
        }
        Action::Open => {
            let sel = d.selected;
            if let Some(target) = d.links.get(sel).copied() {
                m.layers.push(Layer::Detail(Detail::new(target)));
            }
        }
        Action::Edit => open_edit(m, rid),
        Action::EditNotes => return vec![Effect::EditNotes(rid)],
        Action::LogActivity => push_form(m, fields::activity(Some(rid), &m.data)),
        Action::AddTask | Action::New => push_form(m, fields::task(None, Some(rid), None, &m.data)),
        Action::CompleteTask if rid.kind == Kind::Task => {
            return screens::complete(m, rid.id);
        }
        Action::View(_) | Action::MostUrgent => {
            m.layers.clear();
            return screens::screen(m, a);
        }
        Action::Quit
        | Action::ToggleHelp
        | Action::Undo
        | Action::Redo
        | Action::CommandLine
        | Action::Jump => {
            return screens::screen(m, a);
        }
        _ => {}
    }
    Vec::new()
}

/// Opens the edit form for a record.
pub(super) fn open_edit(m: &mut Model, rid: RecordId) {
    let form = match rid.kind {
        Kind::Contact => fields::contact(Some(rid.id), &m.data),
        Kind::Company => fields::company(Some(rid.id), &m.data),
        Kind::Deal => fields::deal(Some(rid.id), 0, 0, None, &m.data),
        Kind::Task => fields::task(Some(rid.id), None, None, &m.data),
        _ => {
            m.fail(format!("{rid} cannot be edited here"));
            return;
        }
    };
    push_form(m, form);
}
