//! The action vocabulary: every name a keymap file can bind. Views and `update` only
//! ever see an [`Action`], never a raw key; help text comes from the docs listed here.

use std::fmt;

/// A screen (pane) of the TUI, reachable with the number keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Screen {
    /// The deal kanban.
    Pipeline,
    /// The contacts table.
    Contacts,
    /// The companies table.
    Companies,
    /// Today's task queue.
    Today,
    /// Activities and system events.
    Timeline,
    /// Reports and forecast charts.
    Reports,
    /// Automation rules and their firings.
    Automation,
    /// Likely duplicate contacts and companies, to merge.
    Duplicates,
    /// The service desk's queue of unsolved tickets, by next SLA deadline.
    Tickets,
}

impl Screen {
    /// Every screen, in tab-bar order.
    pub const ALL: [Screen; 9] = [
        Screen::Pipeline,
        Screen::Contacts,
        Screen::Companies,
        Screen::Today,
        Screen::Timeline,
        Screen::Reports,
        Screen::Automation,
        Screen::Duplicates,
        Screen::Tickets,
    ];

    /// The keymap word ("pipeline") and mode name.
    pub fn name(self) -> &'static str {
        match self {
            Screen::Pipeline => "pipeline",
            Screen::Contacts => "contacts",
            Screen::Companies => "companies",
            Screen::Today => "today",
            Screen::Timeline => "timeline",
            Screen::Reports => "reports",
            Screen::Automation => "automation",
            Screen::Duplicates => "duplicates",
            Screen::Tickets => "tickets",
        }
    }

    /// The tab-bar title.
    pub fn title(self) -> &'static str {
        match self {
            Screen::Pipeline => "Pipeline",
            Screen::Contacts => "Contacts",
            Screen::Companies => "Companies",
            Screen::Today => "Today",
            Screen::Timeline => "Timeline",
            Screen::Reports => "Reports",
            Screen::Automation => "Automation",
            Screen::Duplicates => "Duplicates",
            Screen::Tickets => "Tickets",
        }
    }

    /// Whether the screen takes the whole body even on a wide terminal (the home's
    /// four panes are the kanban, a table, the timeline and Today).
    pub fn whole_body(self) -> bool {
        matches!(
            self,
            Screen::Reports | Screen::Automation | Screen::Duplicates | Screen::Tickets
        )
    }

    /// Parses a keymap word.
    pub fn parse(s: &str) -> Option<Screen> {
        Screen::ALL.into_iter().find(|x| x.name() == s)
    }
}

macro_rules! actions {
    ($( #[doc = $doc:literal] $var:ident = $name:literal, $label:literal; )*) => {
        /// What a key does; the variant names (snake_case) are the keymap vocabulary.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Action {
            $( #[doc = $doc] $var, )*
            /// Show a screen: `view pipeline|contacts|companies|today|timeline|reports|automation|duplicates|tickets`.
            View(Screen),
        }

        impl Action {
            /// Every argument-free action.
            pub const SIMPLE: &'static [Action] = &[$(Action::$var),*];

            /// The keymap name.
            pub fn name(self) -> &'static str {
                match self { $(Action::$var => $name,)* Action::View(_) => "view" }
            }

            /// A short label for status-bar hints.
            pub fn label(self) -> &'static str {
                match self { $(Action::$var => $label,)* Action::View(s) => s.title() }
            }

            /// The one-line description shown in help.
            pub fn doc(self) -> &'static str {
                match self { $(Action::$var => $doc.trim(),)* Action::View(_) => "show a screen" }
            }
        }
    };
}

actions! {
    /// Quit rolo.
    Quit = "quit", "quit";
    /// Show or hide the help for the active keys.
    ToggleHelp = "toggle_help", "help";
    /// Move focus to the next pane.
    FocusNext = "focus_next", "next pane";
    /// Move focus to the previous pane.
    FocusPrev = "focus_prev", "prev pane";
    /// Zoom the focused pane to the whole screen, or back.
    Zoom = "zoom", "zoom";
    /// Undo your latest change.
    Undo = "undo", "undo";
    /// Redo the change you undid last.
    Redo = "redo", "redo";
    /// Close the top layer or go back.
    Back = "back", "back";
    /// Move the selection up.
    Up = "up", "up";
    /// Move the selection down.
    Down = "down", "down";
    /// Move to the previous column or section.
    Left = "left", "left";
    /// Move to the next column or section.
    Right = "right", "right";
    /// Jump to the first row.
    Top = "top", "top";
    /// Jump to the last row.
    Bottom = "bottom", "bottom";
    /// Move a page up.
    PageUp = "page_up", "page up";
    /// Move a page down.
    PageDown = "page_down", "page down";
    /// Open the selected record.
    Open = "open", "open";
    /// Filter the list by a substring.
    Filter = "filter", "filter";
    /// Toggle between my records and everyone's.
    ToggleMine = "toggle_mine", "mine/all";
    /// Create a record here (a deal in this stage, a contact, a company...).
    New = "new", "new";
    /// Add a contact.
    NewContact = "new_contact", "new contact";
    /// Log a call, email, meeting or note.
    LogActivity = "log_activity", "log";
    /// Add a task.
    AddTask = "add_task", "task";
    /// Edit the selected record.
    Edit = "edit", "edit";
    /// Edit the selected record's notes in $EDITOR.
    EditNotes = "edit_notes", "notes";
    /// Sort by the next column.
    SortNext = "sort_next", "sort";
    /// Reverse the sort order.
    SortReverse = "sort_reverse", "reverse";
    /// Move the deal to the previous stage.
    MoveStagePrev = "move_stage_prev", "stage <";
    /// Move the deal to the next stage.
    MoveStageNext = "move_stage_next", "stage >";
    /// Mark the deal won.
    Win = "win", "won";
    /// Mark the deal lost (asks for a reason).
    Lose = "lose", "lost";
    /// Switch to the next pipeline.
    NextPipeline = "next_pipeline", "pipeline";
    /// Complete the selected task.
    CompleteTask = "complete_task", "done";
    /// Snooze the selected task by a day.
    SnoozeDay = "snooze_day", "snooze";
    /// Snooze the selected task to a date you type.
    SnoozeTo = "snooze_to", "snooze to";
    /// Cycle the activity kind shown (all, call, email, meeting, note, system).
    CycleKind = "cycle_kind", "kind";
    /// Toggle the timeline between everything and the selected record.
    ToggleScope = "toggle_scope", "scope";
    /// Show the next report (pipeline, forecast, win rate, cycle length, activity).
    NextReport = "next_report", "report";
    /// Cover the next period (last 30, 90, 365 days, all time).
    NextPeriod = "next_period", "period";
    /// Show the next owner's figures (everyone, me, each rep).
    NextOwner = "next_owner", "owner";
    /// Chart the next currency.
    NextCurrency = "next_currency", "currency";
    /// Move to the next form field (accepting a completion first).
    NextField = "next_field", "next field";
    /// Move to the previous form field.
    PrevField = "prev_field", "prev field";
    /// Save the form or answer the prompt.
    Submit = "submit", "save";
    /// Close the form or prompt without saving.
    Cancel = "cancel", "cancel";
    /// Edit the focused field in $EDITOR.
    ExternalEditor = "external_editor", "editor";
    /// Run a rolo command (`deal move D-3 neg`); Tab completes.
    CommandLine = "command_line", "command";
    /// Merge the second record of the selected duplicate pair into the first.
    Merge = "merge", "merge";
    /// Switch the selected automation rule on or off.
    ToggleRule = "toggle_rule", "on/off";
    /// Jump to any contact, company, deal or task by typing (fuzzy, `%field` scopes).
    Jump = "jump", "jump";
    /// Narrow the jump picker to the next kind (all, contacts, companies, deals, tasks).
    CycleJumpKind = "cycle_jump_kind", "kind";
    /// Assign the selected ticket to yourself.
    TakeTicket = "take_ticket", "take";
    /// Reply to the customer, written in $EDITOR (empty cancels).
    ReplyTicket = "reply_ticket", "reply";
    /// Add an internal note (not sent, no SLA effect).
    NoteTicket = "note_ticket", "note";
    /// Change the status (offers only the moves allowed from here).
    TicketStatus = "ticket_status", "status";
    /// Change the ticket's priority (its SLA targets follow).
    TicketPriority = "ticket_priority", "priority";
    /// Go to the most urgent ticket (first breached, else next due).
    MostUrgent = "most_urgent", "most urgent";
}

impl Action {
    /// Parses a keymap value: a name, or `view SCREEN`.
    pub fn parse(s: &str) -> Result<Action, String> {
        let s = s.trim();
        if let Some(arg) = s.strip_prefix("view ") {
            return Screen::parse(arg.trim()).map(Action::View).ok_or_else(|| {
                format!(
                    "unknown screen '{}' (screens: pipeline, contacts, companies, today, timeline, reports, automation, duplicates, tickets)",
                    arg.trim()
                )
            });
        }
        Action::SIMPLE
            .iter()
            .copied()
            .find(|a| a.name() == s)
            .ok_or_else(|| format!("unknown action '{s}'"))
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Action::View(s) => write!(f, "view {}", s.name()),
            a => f.write_str(a.name()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for a in Action::SIMPLE {
            assert_eq!(Action::parse(a.name()), Ok(*a));
            assert!(!a.doc().is_empty());
        }
        assert_eq!(Action::parse("view today"), Ok(Action::View(Screen::Today)));
        assert!(Action::parse("fly").is_err());
        assert!(Action::parse("view moon").is_err());
    }
}
