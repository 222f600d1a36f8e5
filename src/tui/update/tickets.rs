//! Keys on the Tickets screen and on a ticket's detail: moving through the queue, its
//! `/` filter, taking a ticket, replying in `$EDITOR`, a note on a prompt line, the
//! status and priority menus, and the jump to the most urgent ticket. Writes are
//! effects run through `rolo::ops::ticket`.

use super::layers::ask;
use super::{Effect, layers};
use crate::model::{Kind, RecordId, TicketPriority, TicketStatus};
use crate::tui::action::{Action, Screen};
use crate::tui::detail::Detail;
use crate::tui::layer::{Layer, PromptPurpose};
use crate::tui::menu::{Choice, Menu};
use crate::tui::model::Model;
use crate::tui::ticket_write::TicketWrite;
use crate::tui::write::Write;

const PAGE: isize = 10;

/// Handles an action on the Tickets screen (no layer on top).
pub(super) fn update(m: &mut Model, a: Action) -> Vec<Effect> {
    let q = &mut m.tickets;
    match a {
        Action::Up => q.move_by(-1),
        Action::Down => q.move_by(1),
        Action::PageUp => q.move_by(-PAGE),
        Action::PageDown => q.move_by(PAGE),
        Action::Top => q.selected = 0,
        Action::Bottom => q.move_by(isize::MAX / 2),
        Action::Filter => {
            let current = q.filter.clone();
            ask(
                m,
                PromptPurpose::Filter(Screen::Tickets),
                "Filter: mine, unassigned, @name, breached, urgent, pending…".into(),
                current,
            );
        }
        Action::New => command(m, "ticket add ".into()),
        _ => {
            let Some(id) = q.selected_id() else {
                m.info("no ticket selected");
                return Vec::new();
            };
            return act(m, a, id);
        }
    }
    Vec::new()
}

/// Clears the queue's filter (Esc on the screen); false when there was none.
pub(super) fn clear_filter(m: &mut Model) -> bool {
    if m.tickets.filter.is_empty() {
        return false;
    }
    m.tickets.set_filter(String::new());
    m.info("filter cleared");
    true
}

/// Selects the most urgent ticket (the queue's first: breached first, then the next
/// deadline) on the Tickets screen, and says which it is once read.
pub(super) fn most_urgent(m: &mut Model) {
    m.screen = Screen::Tickets;
    let q = &mut m.tickets;
    q.selected = 0;
    q.focus = None;
    q.stale = true;
    q.announce = true;
}

/// An action on ticket `id` (the selected row, or the ticket a detail shows).
pub(super) fn act(m: &mut Model, a: Action, id: u64) -> Vec<Effect> {
    let write = |w: TicketWrite| vec![Effect::write(Write::Ticket(w))];
    match a {
        Action::TakeTicket => {
            if assignee(m, id).as_deref() == Some(m.me.as_str()) {
                m.info(format!("S-{id} is already yours"));
                return Vec::new();
            }
            return write(TicketWrite::Assign(id, m.me.clone()));
        }
        Action::ReplyTicket => {
            if status(m, id) == Some(TicketStatus::Closed) {
                m.fail(format!(
                    "S-{id} is closed; a reply belongs on a follow-up (:ticket add --follow-up S-{id})"
                ));
                return Vec::new();
            }
            return vec![Effect::ComposeReply(id)];
        }
        Action::NoteTicket => ask(
            m,
            PromptPurpose::TicketNote(id),
            format!("Note on S-{id} (internal: not sent, no SLA effect)"),
            String::new(),
        ),
        Action::TicketStatus => match status(m, id) {
            Some(from) => match Menu::status(id, from) {
                Some(menu) => m.layers.push(Layer::Menu(menu)),
                None => m.fail(format!(
                    "S-{id} is {}: {}",
                    from.as_str(),
                    from.refusal(TicketStatus::Open)
                )),
            },
            None => m.fail(format!("S-{id} is not loaded yet; try again")),
        },
        Action::TicketPriority => {
            let now = priority(m, id).unwrap_or_default();
            m.layers.push(Layer::Menu(Menu::priority(id, now)));
        }
        Action::Open => m
            .layers
            .push(Layer::Detail(Detail::new(RecordId::new(Kind::Ticket, id)))),
        Action::Edit => command(m, format!("ticket edit S-{id} ")),
        Action::EditNotes => m.info(format!(
            "notes on S-{id} go on its thread: note_ticket adds one"
        )),
        _ => {}
    }
    Vec::new()
}

/// Opens the `:` prompt with `line` typed.
fn command(m: &mut Model, line: String) {
    layers::ask(
        m,
        PromptPurpose::Command,
        ": rolo command (tab completes)".into(),
        line,
    );
}

/// What a menu choice writes.
pub(super) fn chosen(id: u64, c: Choice) -> Vec<Effect> {
    let w = match c {
        Choice::Status(s) => TicketWrite::Status(id, s),
        Choice::Priority(p) => TicketWrite::Priority(id, p),
    };
    vec![Effect::write(Write::Ticket(w))]
}

fn status(m: &Model, id: u64) -> Option<TicketStatus> {
    match m.data.tickets.get(&id) {
        Some(t) => Some(t.status),
        None => m.tickets.rows.iter().find(|e| e.id == id).map(|e| e.status),
    }
}

fn priority(m: &Model, id: u64) -> Option<TicketPriority> {
    match m.data.tickets.get(&id) {
        Some(t) => Some(t.priority),
        None => m
            .tickets
            .rows
            .iter()
            .find(|e| e.id == id)
            .map(|e| e.priority),
    }
}

fn assignee(m: &Model, id: u64) -> Option<String> {
    match m.data.tickets.get(&id) {
        Some(t) => Some(t.assignee.clone()),
        None => m
            .tickets
            .rows
            .iter()
            .find(|e| e.id == id)
            .map(|e| e.assignee.clone()),
    }
}
