//! Keys of the jump picker: typing re-parses the query, Up/Down select, Tab or ctrl-t
//! narrows to the next kind, Enter opens the record on its screen, Esc closes.

use super::Effect;
use crate::model::{Kind, RecordId};
use crate::tui::action::{Action, Screen};
use crate::tui::data::Dirty;
use crate::tui::detail::Detail;
use crate::tui::layer::Layer;
use crate::tui::model::Model;
use crate::tui::picker::Picker;

const PAGE: isize = 10;

/// Opens the picker (its rows are filled by the app from the live index).
pub(super) fn open(m: &mut Model) -> Vec<Effect> {
    if !matches!(m.top(), Some(Layer::Picker(_))) {
        m.layers.push(Layer::Picker(Picker::new()));
    }
    Vec::new()
}

/// Applies an action while the picker is on top.
pub(super) fn update(m: &mut Model, a: Action) -> Vec<Effect> {
    let Some(Layer::Picker(p)) = m.layers.last_mut() else {
        return Vec::new();
    };
    match a {
        Action::Up => p.move_by(-1),
        Action::Down => p.move_by(1),
        Action::PageUp => p.move_by(-PAGE),
        Action::PageDown => p.move_by(PAGE),
        Action::NextField | Action::CycleJumpKind => p.cycle_kind(),
        Action::Cancel | Action::Back => {
            m.layers.pop();
        }
        Action::Submit | Action::Open => match p.selected_rid() {
            Some(rid) => {
                m.layers.pop();
                jump_to(m, rid);
            }
            None => m.info("nothing matches"),
        },
        _ => {}
    }
    Vec::new()
}

/// Shows `rid` on its screen, selected, with its detail open (what Enter on its row
/// does there).
pub(super) fn jump_to(m: &mut Model, rid: RecordId) {
    // The picker may sit on a detail view: the jump replaces the whole stack.
    m.layers.clear();
    m.zoom = false;
    match rid.kind {
        Kind::Contact | Kind::Company => {
            let contact = rid.kind == Kind::Contact;
            m.screen = if contact {
                Screen::Contacts
            } else {
                Screen::Companies
            };
            let t = if contact {
                &mut m.contacts
            } else {
                &mut m.companies
            };
            let listed = t.matches.as_ref().is_some_and(|ids| ids.contains(&rid.id));
            if t.filtering() && !listed {
                // A filter hides it: clear the filter rather than jump to nothing.
                t.set_filter(String::new());
            }
            // The app finds its row in the sort order when it reads the window.
            t.focus = Some(rid.id);
            t.stale = true;
        }
        Kind::Deal => {
            m.screen = Screen::Pipeline;
            m.board.focus = Some(rid.id);
            m.refresh(Dirty {
                deals: true,
                ..Dirty::default()
            });
        }
        Kind::Task => {
            m.screen = Screen::Today;
            if let Some(i) = m.queue.rows.iter().position(|(_, t)| *t == rid.id) {
                m.queue.selected = i;
            }
        }
        Kind::Ticket => {
            // Selected in the queue when it is there (unsolved, not filtered out).
            m.screen = Screen::Tickets;
            m.tickets.focus = Some(rid.id);
            m.tickets.stale = true;
        }
        _ => {}
    }
    m.update_context();
    m.layers.push(Layer::Detail(Detail::new(rid)));
}
