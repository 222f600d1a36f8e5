//! The modal layers stacked over the screens: help, record details, forms, one-line
//! prompts and small menus. The top layer gets the keys first; `Esc` pops it.

use tui_input::Input;

use super::action::Screen;
use super::detail::Detail;
use super::form::Form;
use super::menu::Menu;
use super::picker::Picker;
use crate::model::Kind;

/// What a one-line prompt is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptPurpose {
    /// The reason a deal was lost.
    LoseReason(u64),
    /// The date to snooze a task to.
    SnoozeTo(u64),
    /// A table or list filter (applied as typed).
    Filter(Screen),
    /// A rolo command line, run on Enter.
    Command,
    /// An internal note on a ticket.
    TicketNote(u64),
}

/// A one-line question.
#[derive(Debug, Clone)]
pub struct Prompt {
    /// What the answer is for.
    pub purpose: PromptPurpose,
    /// The question.
    pub title: String,
    /// The answer so far.
    pub input: Input,
    /// Why the last answer was refused.
    pub error: Option<String>,
    /// Completions or other help shown under the answer.
    pub hint: Option<String>,
    /// The `:` history entry shown (Up/Down recall), counted back from the newest.
    pub recall: Option<usize>,
}

/// One layer of the stack.
#[derive(Debug, Clone)]
pub enum Layer {
    /// Key help generated from the keymap.
    Help {
        /// Lines scrolled.
        scroll: usize,
    },
    /// A record's detail view.
    Detail(Detail),
    /// A create/edit form.
    Form(Form),
    /// A one-line prompt.
    Prompt(Prompt),
    /// Jump anywhere: the fuzzy picker over every record.
    Picker(Picker),
    /// A few choices (a ticket's next status, its priority).
    Menu(Menu),
    /// The output of a `:` command, scrollable.
    Output {
        /// The command that printed it.
        title: String,
        /// What it printed (sanitised when drawn).
        text: String,
        /// Lines scrolled.
        scroll: usize,
    },
}

impl Layer {
    /// The keymap modes consulted for this layer, in order.
    pub fn modes(&self) -> &'static [&'static str] {
        match self {
            Layer::Help { .. } | Layer::Output { .. } => &["help"],
            // A ticket's detail takes the Tickets screen's keys (take, reply, status...).
            Layer::Detail(d) if d.rid.kind == Kind::Ticket => &["detail", "tickets", "global"],
            Layer::Detail(_) => &["detail", "global"],
            Layer::Form(_) => &["form"],
            Layer::Prompt(_) | Layer::Picker(_) => &["prompt"],
            Layer::Menu(_) => &["menu"],
        }
    }

    /// Whether unbound printable keys are typed into this layer (a menu takes the
    /// number of a choice).
    pub fn takes_text(&self) -> bool {
        matches!(
            self,
            Layer::Form(_) | Layer::Prompt(_) | Layer::Picker(_) | Layer::Menu(_)
        )
    }
}
