//! The TUI's whole state: the cached records, each screen's window and view state, the
//! layer stack and the status line. `update` changes it (and marks windows stale);
//! the app reads the stale windows from the store ([`super::fetch`]); `render` only
//! reads it.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::action::Screen;
use super::board::Board;
use super::data::{Data, Dirty};
use super::detail::Detail;
use super::layer::Layer;
use super::queue::TaskQueue;
use super::table::{RecordTable, TableKind};
use super::tickets::{DeskMarks, TicketQueue};
use super::timeline::Timeline;
use crate::model::{Currency, Instant, Kind, RecordId};

/// The status line's message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Status {
    /// The last message.
    pub message: String,
    /// Whether it reports an error.
    pub error: bool,
    /// A write is waiting for another process's lock.
    pub busy: bool,
}

/// Everything the TUI shows.
#[derive(Debug, Clone)]
pub struct Model {
    /// The loaded records.
    pub data: Data,
    /// The clock, refreshed on ticks.
    pub now: Instant,
    /// Who is using rolo.
    pub me: String,
    /// The database file's name.
    pub db_name: String,
    /// The revision last applied.
    pub rev: u64,
    /// Currency for new deals.
    pub currency: Currency,
    /// The focused screen (pane).
    pub screen: Screen,
    /// The focused pane fills the screen.
    pub zoom: bool,
    /// The terminal is wide enough for the four-pane home (set by the app on resize).
    pub wide: bool,
    /// Show only my deals and tasks.
    pub mine: bool,
    /// The kanban.
    pub board: Board,
    /// Each shown deal's next step (its open task due first), by deal id.
    pub next_steps: HashMap<u64, u64>,
    /// The deals whose next step is known (in `next_steps`, or none).
    pub next_steps_known: std::collections::HashSet<u64>,
    /// The Automation screen.
    pub automation: super::automation::AutomationView,
    /// The Duplicates screen.
    pub duplicates: super::duplicates::DuplicatesView,
    /// The Reports screen.
    pub reports: super::reports::ReportsView,
    /// The contacts table.
    pub contacts: RecordTable,
    /// The companies table.
    pub companies: RecordTable,
    /// Today's queue.
    pub queue: TaskQueue,
    /// The service desk's ticket queue.
    pub tickets: TicketQueue,
    /// The kanban's marks for companies with urgent or breached tickets.
    pub desk: DeskMarks,
    /// The timeline pane.
    pub timeline: Timeline,
    /// The record the non-timeline panes last had selected (the timeline can follow it).
    pub context: Option<RecordId>,
    /// Modal layers, top last.
    pub layers: Vec<Layer>,
    /// The status line.
    pub status: Status,
    /// Keys typed so far of a multi-key sequence.
    pub pending: String,
    /// Set when the user quits.
    pub quit: bool,
    /// Ids for forms.
    pub next_form: u64,
    /// `:` command lines run this session, oldest first (Up/Down recall them).
    pub history: Vec<String>,
    /// The kanban's `/` filter (search syntax); empty shows every deal.
    pub board_filter: String,
    /// Today's `/` filter (search syntax); empty shows every task.
    pub queue_filter: String,
    /// The deals the kanban's filter matches (once the search answered).
    pub board_matches: Option<(String, std::collections::HashSet<u64>)>,
    /// The tasks Today's filter matches (once the search answered).
    pub queue_matches: Option<(String, std::collections::HashSet<u64>)>,
    /// The search index is loaded: (records, bytes).
    pub search_loaded: Option<(usize, usize)>,
}

impl Model {
    /// A model over loaded data.
    pub fn new(
        data: Data,
        me: String,
        db_name: String,
        rev: u64,
        now: Instant,
        currency: Currency,
    ) -> Model {
        let mut m = Model {
            data,
            now,
            me,
            db_name,
            rev,
            currency,
            screen: Screen::Pipeline,
            zoom: false,
            wide: false,
            mine: false,
            board: Board::default(),
            next_steps: HashMap::new(),
            next_steps_known: Default::default(),
            automation: Default::default(),
            duplicates: Default::default(),
            reports: Default::default(),
            contacts: RecordTable::new(TableKind::Contacts),
            companies: RecordTable::new(TableKind::Companies),
            queue: TaskQueue::default(),
            tickets: TicketQueue::new(),
            desk: DeskMarks::default(),
            timeline: Timeline::default(),
            context: None,
            layers: Vec::new(),
            status: Status::default(),
            pending: String::new(),
            quit: false,
            next_form: 1,
            history: Vec::new(),
            board_filter: String::new(),
            queue_filter: String::new(),
            board_matches: None,
            queue_matches: None,
            search_loaded: None,
        };
        m.refresh(Dirty::ALL);
        m
    }

    /// Whether the contacts table is on screen (alone or in the four-pane home).
    pub fn shows_contacts(&self) -> bool {
        let tiled = self.wide && !self.zoom;
        self.screen == Screen::Contacts || (tiled && self.screen != Screen::Companies)
    }

    /// Whether the kanban is on screen (alone or in the four-pane home).
    pub fn shows_pipeline(&self) -> bool {
        let tiled = self.wide && !self.zoom && !self.screen.whole_body();
        self.screen == Screen::Pipeline || tiled
    }

    /// Marks the windows that show deadlines stale when they were read long enough ago
    /// that a deadline may have passed; true when one was.
    pub fn expire_deadlines(&mut self) -> bool {
        let now = self.now;
        let queue = self.screen == Screen::Tickets && self.tickets.expire(now);
        let marks = self.shows_pipeline() && self.desk.expire(now);
        queue || marks
    }

    /// Today's date by the model clock, in the local time zone.
    pub fn today(&self) -> NaiveDate {
        // The local date, as the CLI's `today` (due dates are local days).
        self.now.with_timezone(&chrono::Local).date_naive()
    }

    /// The owner filter in force: me when "mine" is on.
    pub fn owner_filter(&self) -> Option<&str> {
        self.mine.then_some(self.me.as_str())
    }

    /// Marks the windows that `dirty` touches for reading again.
    pub fn refresh(&mut self, dirty: Dirty) {
        if dirty.deals || dirty.companies || dirty.tasks {
            self.board.stale = true;
        }
        if dirty.contacts || dirty.companies {
            self.contacts.stale = true;
            self.companies.stale = true;
        }
        // Today orders by the linked deal's value; a deal's next step is its tasks'.
        if dirty.tasks || dirty.deal_values {
            self.queue.stale = true;
        }
        if dirty.tasks {
            self.next_steps_known.clear();
        }
        if dirty.tickets {
            self.tickets.stale = true;
            self.desk.stale = true;
            self.desk.company_of.clear();
        }
        self.update_context();
    }

    /// Sets the kanban's or Today's `/` filter; returns why the text does not parse
    /// (everything shows meanwhile). The matches come from the search index.
    pub fn set_list_filter(&mut self, screen: Screen, text: String) -> Option<String> {
        let tasks = screen == Screen::Today;
        if tasks {
            self.queue_filter = text;
            self.queue.stale = true;
        } else {
            self.board_filter = text;
            self.board.stale = true;
        }
        let text = if tasks {
            &self.queue_filter
        } else {
            &self.board_filter
        };
        crate::search::query::parse(text)
            .err()
            .map(|e| e.to_string())
    }

    /// The matches in force for the kanban's or Today's filter: `None` shows everything
    /// (no filter, or one that does not parse); an empty set while the search answers.
    pub fn list_matches(&self, screen: Screen) -> Option<std::collections::HashSet<u64>> {
        let (text, matches) = if screen == Screen::Today {
            (&self.queue_filter, &self.queue_matches)
        } else {
            (&self.board_filter, &self.board_matches)
        };
        if text.trim().is_empty() || crate::search::query::parse(text).is_err() {
            return None;
        }
        Some(match matches {
            Some((for_text, set)) if for_text == text => set.clone(),
            _ => Default::default(),
        })
    }

    /// Notes which record the focused pane has selected.
    pub fn update_context(&mut self) {
        let rid = match self.screen {
            Screen::Pipeline => self
                .board
                .selected_deal()
                .map(|d| RecordId::new(Kind::Deal, d)),
            Screen::Contacts => self
                .contacts
                .selected_id()
                .map(|c| RecordId::new(Kind::Contact, c)),
            Screen::Companies => self
                .companies
                .selected_id()
                .map(|c| RecordId::new(Kind::Company, c)),
            Screen::Today => self
                .queue
                .selected_id()
                .and_then(|t| self.data.tasks.get(&t))
                .map(|t| t.link.unwrap_or(RecordId::new(Kind::Task, t.id))),
            Screen::Tickets => self
                .tickets
                .selected_id()
                .map(|t| RecordId::new(Kind::Ticket, t)),
            Screen::Timeline | Screen::Reports | Screen::Automation | Screen::Duplicates => return,
        };
        if rid.is_some() {
            self.context = rid;
        }
    }

    /// The timeline scope wanted now: everything, or the context record.
    pub fn timeline_scope(&self) -> Option<RecordId> {
        if self.timeline.follow {
            self.context
        } else {
            None
        }
    }

    /// The top layer.
    pub fn top(&self) -> Option<&Layer> {
        self.layers.last()
    }

    /// The open detail view nearest the top, if any.
    pub fn detail(&self) -> Option<&Detail> {
        self.layers.iter().rev().find_map(|l| match l {
            Layer::Detail(d) => Some(d),
            _ => None,
        })
    }

    /// The keymap modes for the current state, in lookup order.
    pub fn modes(&self) -> Vec<&'static str> {
        match self.top() {
            Some(l) => l.modes().to_vec(),
            None => vec![self.screen.name(), "global"],
        }
    }

    /// Sets an informational message.
    pub fn info(&mut self, msg: impl Into<String>) {
        self.status.message = msg.into();
        self.status.error = false;
    }

    /// Sets an error message.
    pub fn fail(&mut self, msg: impl Into<String>) {
        self.status.message = msg.into();
        self.status.error = true;
    }
}
