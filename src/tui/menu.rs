//! A small menu layer: a few choices for one record, picked with the arrows and Enter or
//! by their number. The ticket's status menu lists only the moves its state machine
//! allows ([`TicketStatus::can_become`]), so an illegal move is never offered.

use crate::model::{TicketPriority, TicketStatus};

/// What choosing an entry does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// Move the ticket to this status.
    Status(TicketStatus),
    /// Give the ticket this priority.
    Priority(TicketPriority),
}

/// A menu on the layer stack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Menu {
    /// The ticket the choices are for.
    pub ticket: u64,
    /// The question.
    pub title: String,
    /// The choices, with their labels.
    pub options: Vec<(String, Choice)>,
    /// The highlighted choice.
    pub selected: usize,
}

impl Menu {
    /// The statuses ticket `id` may move to from `from`; none when it may not move
    /// (closed is final).
    pub fn status(id: u64, from: TicketStatus) -> Option<Menu> {
        let options: Vec<(String, Choice)> = TicketStatus::ALL
            .into_iter()
            .filter(|to| from.can_become(*to))
            .map(|to| (to.as_str().to_string(), Choice::Status(to)))
            .collect();
        (!options.is_empty()).then(|| Menu {
            ticket: id,
            title: format!("S-{id} is {}: move to", from.as_str()),
            options,
            selected: 0,
        })
    }

    /// The priorities for ticket `id`, the current one marked and selected.
    pub fn priority(id: u64, now: TicketPriority) -> Menu {
        let options = TicketPriority::ALL
            .into_iter()
            .rev()
            .map(|p| {
                let label = if p == now {
                    format!("{} (now)", p.as_str())
                } else {
                    p.as_str().to_string()
                };
                (label, Choice::Priority(p))
            })
            .collect::<Vec<_>>();
        let selected = options
            .iter()
            .position(|(_, c)| *c == Choice::Priority(now))
            .unwrap_or(0);
        Menu {
            ticket: id,
            title: format!("S-{id} priority"),
            options,
            selected,
        }
    }

    /// Moves the highlight by `delta` (clamped).
    pub fn move_by(&mut self, delta: isize) {
        self.selected = self
            .selected
            .saturating_add_signed(delta)
            .min(self.options.len().saturating_sub(1));
    }

    /// The highlighted choice.
    pub fn chosen(&self) -> Option<Choice> {
        self.options.get(self.selected).map(|(_, c)| *c)
    }

    /// The choice numbered `n` (from 1), as typed.
    pub fn numbered(&self, n: char) -> Option<Choice> {
        let i = n.to_digit(10)?.checked_sub(1)?;
        self.options.get(i as usize).map(|(_, c)| *c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_status_menu_offers_only_allowed_moves() {
        let m = Menu::status(3, TicketStatus::New).unwrap();
        let words: Vec<&str> = m.options.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(words, ["open", "pending", "on-hold", "solved"]);
        let m = Menu::status(3, TicketStatus::Solved).unwrap();
        assert_eq!(
            m.options.iter().map(|(_, c)| *c).collect::<Vec<_>>(),
            [
                Choice::Status(TicketStatus::Open),
                Choice::Status(TicketStatus::Closed)
            ]
        );
        assert_eq!(m.numbered('2'), Some(Choice::Status(TicketStatus::Closed)));
        assert_eq!(m.numbered('3'), None);
        assert_eq!(m.numbered('0'), None);
        assert!(Menu::status(3, TicketStatus::Closed).is_none());
    }

    #[test]
    fn the_priority_menu_starts_on_the_current_one() {
        let mut m = Menu::priority(1, TicketPriority::High);
        assert_eq!(m.chosen(), Some(Choice::Priority(TicketPriority::High)));
        assert_eq!(m.options[0].0, "urgent");
        assert_eq!(m.options[1].0, "high (now)");
        m.move_by(-5);
        assert_eq!(m.chosen(), Some(Choice::Priority(TicketPriority::Urgent)));
        m.move_by(9);
        assert_eq!(m.chosen(), Some(Choice::Priority(TicketPriority::Low)));
    }
}
