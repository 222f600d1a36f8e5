//! The app: owns the store and the model, turns keys into actions through the keymap,
//! runs `update`'s effects (writes through ops, on a scoped thread so "busy" can show
//! while another process holds the lock), reads the windows the model shows
//! ([`super::fetch`]), asks the search worker for the picker's and filters' matches,
//! and keeps the model live from the change log. It never touches the terminal;
//! `$EDITOR` effects are handed back to the loop.

use std::time::{Duration, Instant};

use tui_input::InputRequest;

use super::data::{Data, Dirty};
use super::effect::Effect;
use super::keymap::{Keymap, Lookup};
use super::keys::{Key, KeyChord, show_sequence};
use super::layer::Layer;
use super::model::Model;
use super::picker::JumpIndex;
use super::timeline;
use super::update;
use super::write::Write;
use crate::config::Settings;
use crate::model::{Kind, RecordId};
use crate::store::{Queries, Store};

mod search;

/// How long a write may wait before the status bar says "busy".
const BUSY_AFTER: Duration = Duration::from_millis(150);

/// The running application, terminal aside.
pub struct App {
    /// The database (shared with the background sweep).
    pub store: std::sync::Arc<Store>,
    /// The state.
    pub model: Model,
    /// The active keymap.
    pub keymap: Keymap,
    /// The user's settings (for `:` commands).
    pub settings: Settings,
    pending: Vec<KeyChord>,
    /// The jump picker's and filters' search (loaded after the first frame).
    jump: JumpIndex,
    /// Terminal rows (how many picker results are worth fetching).
    height: u16,
}

/// Called while a write waits for the lock, to redraw with "busy" showing.
pub type Waiting<'a> = &'a mut dyn FnMut(&Model);

impl App {
    /// Builds the first model; the windows are read on [`App::resize`] (or the first
    /// action), the search index loads on a worker thread.
    pub fn new(store: Store, keymap: Keymap, settings: Settings) -> crate::Result<App> {
        let currency = settings.currency();
        let store = std::sync::Arc::new(store);
        let read = store.read()?;
        let data = Data::open(store.clone(), &read)?;
        let rev = read.revision()?;
        drop(read);
        let db_name = store
            .path()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| store.path().display().to_string());
        let model = Model::new(
            data,
            store.actor().name.clone(),
            db_name,
            rev,
            store.now(),
            currency,
        );
        let jump = JumpIndex::new(store.clone());
        let mut app = App {
            jump,
            height: 24,
            store,
            model,
            keymap,
            settings,
            pending: Vec::new(),
        };
        if let Some(w) = app.store.warnings().first() {
            app.model.fail(w.clone());
        }
        app.sync();
        Ok(app)
    }

    /// Tells the app the terminal size (decides the multi-pane home).
    pub fn resize(&mut self, width: u16, height: u16) {
        self.model.wide = width >= super::view::WIDE.0 && height >= super::view::WIDE.1;
        self.height = height;
        self.sync();
    }

    /// Handles one key; returns the effects only the terminal loop can run (`$EDITOR`).
    pub fn key(&mut self, chord: KeyChord, wait: Waiting) -> Vec<Effect> {
        let rest = self.key_inner(chord, wait);
        // A narrowing query is answered within a few milliseconds: show it in this frame.
        self.ask_search();
        self.take_answers(Duration::from_millis(if self.jump.busy() { 12 } else { 0 }));
        rest
    }

    fn key_inner(&mut self, chord: KeyChord, wait: Waiting) -> Vec<Effect> {
        self.pending.push(chord);
        let modes = self.model.modes();
        match self.keymap.lookup(&modes, &self.pending) {
            Lookup::Action(a) => {
                self.pending.clear();
                self.model.pending.clear();
                self.action(a, wait)
            }
            Lookup::Pending => {
                self.model.pending = show_sequence(&self.pending);
                Vec::new()
            }
            Lookup::Unbound => {
                let typed = self.pending.len() == 1;
                self.pending.clear();
                self.model.pending.clear();
                if typed
                    && self.model.top().is_some_and(Layer::takes_text)
                    && let Some(req) = input_request(chord)
                {
                    let fx = update::type_text(&mut self.model, req);
                    if !fx.is_empty() {
                        let rest = self.run(fx, wait);
                        self.sync();
                        return rest;
                    }
                    // The ticket filter is answered from the queue index as typed.
                    if self.model.tickets.stale
                        && self.model.screen == super::action::Screen::Tickets
                    {
                        self.read_windows();
                    }
                }
                Vec::new()
            }
        }
    }

    /// Applies an action and runs its effects.
    pub fn action(&mut self, a: super::action::Action, wait: Waiting) -> Vec<Effect> {
        let fx = update::update(&mut self.model, a);
        let rest = self.run(fx, wait);
        self.sync();
        rest
    }

    /// Runs writes; returns the effects left for the terminal loop.
    pub fn run(&mut self, effects: Vec<Effect>, wait: Waiting) -> Vec<Effect> {
        let mut rest = Vec::new();
        for fx in effects {
            match fx {
                Effect::Write { write, form, then } => {
                    let result = self.exec(&write, wait);
                    if let Err(e) = self.poll() {
                        self.model.fail(e.to_string());
                    }
                    if let super::effect::Then::NextStepFor(deal) = then {
                        // `written` asks for a next step when the deal has none left.
                        let known = self.store.read().and_then(|r| {
                            super::fetch::ensure(
                                &mut self.model.data,
                                &r,
                                [RecordId::new(Kind::Deal, deal)],
                            )?;
                            super::fetch::next_steps(&mut self.model, &r, &[deal])
                        });
                        if let Err(e) = known {
                            self.model.fail(e.to_string());
                        }
                    }
                    update::written(&mut self.model, form, then, result);
                }
                Effect::Command(line) => {
                    let result = crate::cli::run_line(&self.store, &self.settings, &line);
                    if let Err(e) = self.poll() {
                        self.model.fail(e.to_string());
                    }
                    update::command_output(&mut self.model, &line, result);
                }
                Effect::Complete(line) => {
                    let found = crate::cli::complete(&self.store, &line);
                    update::completed(&mut self.model, found);
                }
                Effect::ComputeReport => {
                    let req = super::reports::request(&self.model);
                    let t = Instant::now();
                    let result = self
                        .store
                        .read()
                        .and_then(|r| crate::report::run(&r, self.model.now, req.name, &req.scope));
                    let took = t.elapsed().as_millis();
                    super::reports::computed(&mut self.model, req, result, took);
                }
                other => rest.push(other),
            }
        }
        rest
    }

    fn exec(&mut self, write: &Write, wait: Waiting) -> crate::Result<super::write::Written> {
        let App {
            store,
            model,
            settings,
            ..
        } = self;
        let store = &*store;
        let settings = &*settings;
        std::thread::scope(|s| {
            let handle = s.spawn(|| write.run(store, settings));
            let start = Instant::now();
            while !handle.is_finished() {
                if start.elapsed() > BUSY_AFTER && !model.status.busy {
                    model.status.busy = true;
                    wait(model);
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            handle.join().unwrap_or_else(|_| {
                Err(crate::Error::Storage(
                    "the write failed unexpectedly".into(),
                ))
            })
        })
    }

    /// Applies changes committed since the model's revision (by anyone); true when
    /// something changed. Only the windows the changes touch are read again.
    pub fn poll(&mut self) -> crate::Result<bool> {
        let read = self.store.read()?;
        let rev = read.revision()?;
        if rev == self.model.rev {
            return Ok(false);
        }
        let entries = read.entries_since(self.model.rev)?;
        match self.model.data.apply(&entries) {
            Some(dirty) => {
                if dirty.any() {
                    self.model.data.users = read.users()?;
                }
                let touched = entries.iter().flat_map(|e| {
                    e.changes
                        .iter()
                        .map(|c| (c.rid, c.after.as_deref().cloned()))
                });
                self.jump.touch(touched);
                update::changed(&mut self.model, dirty, rev);
            }
            None => {
                let source = self.store.clone();
                self.model.data = Data::open(source, &read)?;
                self.model.next_steps.clear();
                self.model.next_steps_known.clear();
                self.jump.reset();
                update::changed(&mut self.model, Dirty::ALL, rev);
            }
        }
        drop(read);
        self.refilter();
        Ok(true)
    }

    /// Asks again for the `/` filters' matches (the data changed).
    fn refilter(&mut self) {
        self.model.contacts.matched_for.clear();
        self.model.companies.matched_for.clear();
        self.model.board_matches = None;
        self.model.queue_matches = None;
    }

    /// The periodic tick: the clock and other processes' changes. True when a redraw is due.
    pub fn tick(&mut self) -> bool {
        let now = self.store.now();
        let new_day = now.with_timezone(&chrono::Local).date_naive() != self.model.today();
        self.model.now = now;
        if new_day {
            self.model.refresh(Dirty::ALL);
        }
        let aged = self.model.expire_deadlines();
        let changed = match self.poll() {
            Ok(c) => c,
            Err(e) => {
                self.model.fail(e.to_string());
                true
            }
        };
        if changed || aged {
            self.sync();
        }
        changed || new_day || aged
    }

    /// Reads what the screen shows: stale windows, the search's answers, the visible
    /// timelines and the open record (on demand, by index).
    pub fn sync(&mut self) {
        self.ask_search();
        self.take_answers(Duration::ZERO);
        self.read_windows();
        if let Some(fx) = super::reports::due(&self.model) {
            self.run(vec![fx], &mut |_| {});
        }
        let rev = self.model.rev;
        let m = &mut self.model;
        // Finding pairs among 100k contacts takes about a second, so it runs when the
        // screen first shows, on switching kind and after a merge, not on every change.
        if m.screen == super::action::Screen::Duplicates
            && m.duplicates.loaded.map(|(_, k)| k) != Some(m.duplicates.companies)
        {
            let computed = self
                .store
                .read()
                .and_then(|r| m.duplicates.compute(&r, rev));
            if let Err(e) = computed {
                m.fail(e.to_string());
            }
        }
        if m.screen == super::action::Screen::Automation && m.automation.loaded != Some(rev) {
            let loaded = self.store.read().and_then(|r| m.automation.load(&r, rev));
            if let Err(e) = loaded {
                m.fail(e.to_string());
            }
        }
        let shows_timeline = (m.wide && !m.zoom) || m.screen == super::action::Screen::Timeline;
        let scope = m.timeline_scope();
        if shows_timeline && m.timeline.loaded != Some((scope, rev)) {
            match self.store.read().and_then(|r| timeline::load(&r, scope)) {
                Ok(items) => {
                    if m.timeline.loaded.map(|(s, _)| s) != Some(scope) {
                        m.timeline.selected = 0;
                    }
                    m.timeline.items = items;
                    m.timeline.loaded = Some((scope, rev));
                    m.timeline.move_by(0);
                }
                Err(e) => m.fail(e.to_string()),
            }
        }
        for i in 0..m.layers.len() {
            let Layer::Detail(d) = &m.layers[i] else {
                continue;
            };
            if d.loaded == Some(rev) {
                continue;
            }
            let rid = d.rid;
            let loaded = self.store.read().and_then(|r| super::detail::load(&r, rid));
            match loaded {
                Ok(l) => {
                    for rec in l.records {
                        m.data.keep(rec);
                    }
                    if let Layer::Detail(d) = &mut m.layers[i] {
                        d.timeline = l.timeline;
                        d.links = l.links;
                        d.consent = l.consent;
                        d.thread = l.thread;
                        d.tickets = l.tickets;
                        d.loaded = Some(rev);
                        d.selected = d.selected.min(d.links.len().saturating_sub(1));
                    }
                }
                Err(e) => {
                    m.status.message = e.to_string();
                    m.status.error = true;
                }
            }
        }
    }

    /// Reads the stale windows of the screens on show.
    fn read_windows(&mut self) {
        let result = self
            .store
            .read()
            .and_then(|r| super::fetch::windows(&mut self.model, &r));
        if let Err(e) = result {
            self.model.fail(e.to_string());
        }
    }

    /// The text `$EDITOR` starts with for an editor effect.
    pub fn editor_text(&self, fx: &Effect) -> Option<String> {
        let d = &self.model.data;
        match fx {
            Effect::EditNotes(rid) => match d.record(*rid)? {
                crate::model::Record::Contact(c) => Some(c.notes),
                crate::model::Record::Company(c) => Some(c.notes),
                crate::model::Record::Deal(c) => Some(c.notes),
                crate::model::Record::Task(c) => Some(c.notes),
                _ => None,
            },
            Effect::EditField { form, field } => self.model.layers.iter().find_map(|l| match l {
                Layer::Form(f) if f.id == *form => {
                    f.fields.get(*field).map(|x| x.value().to_string())
                }
                _ => None,
            }),
            Effect::ComposeReply(id) => {
                let r = self.store.read().ok()?;
                super::compose::reply_template(&r, *id).ok().flatten()
            }
            _ => None,
        }
    }

    /// Takes the text back from `$EDITOR` (none: the edit was abandoned).
    pub fn editor_done(&mut self, fx: Effect, text: Option<String>, wait: Waiting) {
        let Some(text) = text else {
            self.model.info("edit abandoned");
            return;
        };
        match fx {
            Effect::EditNotes(rid) => {
                if self.editor_text(&fx).as_deref().map(str::trim_end) == Some(text.trim_end()) {
                    self.model.info("notes unchanged");
                    return;
                }
                let w = Effect::write(Write::Notes(rid, text));
                self.run(vec![w], wait);
            }
            Effect::EditField { form, field } => {
                update::set_field_text(&mut self.model, form, field, text)
            }
            Effect::ComposeReply(id) => match super::compose::message(&text) {
                Some(body) => {
                    let w = Write::Ticket(super::ticket_write::TicketWrite::Reply(id, body));
                    self.run(vec![Effect::write(w)], wait);
                }
                None => self
                    .model
                    .info(format!("reply to S-{id} cancelled: empty message")),
            },
            _ => {}
        }
        self.sync();
    }

    /// Types pasted text into the focused input; a paste never runs commands.
    pub fn paste(&mut self, text: &str) {
        if !self.model.top().is_some_and(Layer::takes_text) {
            return;
        }
        // A paste never picks a menu's choice.
        if matches!(self.model.top(), Some(Layer::Menu(_))) {
            return;
        }
        for c in text.chars() {
            let c = if c.is_control() { ' ' } else { c };
            update::type_text(&mut self.model, InputRequest::InsertChar(c));
        }
        if self.model.tickets.stale && self.model.screen == super::action::Screen::Tickets {
            self.read_windows();
        }
    }

    /// Presses keys written the keymap way, separated by spaces ("L L u"); for tests and
    /// scripts. Editor effects are dropped.
    pub fn press(&mut self, keys: &str) {
        for k in keys.split(' ').filter(|k| !k.is_empty()) {
            let chord = if k == "space" {
                KeyChord::char(' ')
            } else {
                KeyChord::parse(k).unwrap_or(KeyChord::plain(Key::F(12)))
            };
            self.key(chord, &mut |_| {});
            self.settle_answers();
        }
    }

    /// Types text into the focused input, one key per character.
    pub fn type_str(&mut self, text: &str) {
        for c in text.chars() {
            self.key(KeyChord::char(c), &mut |_| {});
            self.settle_answers();
        }
    }

    /// Scripts see a key's result whole: wait for the search's answers it asked for.
    fn settle_answers(&mut self) {
        if self.jump.asking() {
            self.settle_search();
        }
    }
}

/// The text edit an unbound key makes in an input.
pub fn input_request(c: KeyChord) -> Option<InputRequest> {
    use InputRequest::*;
    Some(match (c.key, c.ctrl, c.alt) {
        (Key::Char(ch), false, false) => InsertChar(ch),
        (Key::Backspace, false, false) => DeletePrevChar,
        (Key::Backspace, _, _) | (Key::Char('w'), true, false) => DeletePrevWord,
        (Key::Delete, _, _) | (Key::Char('d'), true, false) => DeleteNextChar,
        (Key::Left, false, false) | (Key::Char('b'), true, false) => GoToPrevChar,
        (Key::Right, false, false) | (Key::Char('f'), true, false) => GoToNextChar,
        (Key::Left, true, _) | (Key::Char('b'), false, true) => GoToPrevWord,
        (Key::Right, true, _) | (Key::Char('f'), false, true) => GoToNextWord,
        (Key::Home, _, _) | (Key::Char('a'), true, false) => GoToStart,
        (Key::End, _, _) | (Key::Char('e'), true, false) => GoToEnd,
        (Key::Char('u'), true, false) => DeleteLine,
        (Key::Char('k'), true, false) => DeleteTillEnd,
        _ => return None,
    })
}
