//! The app's side of search: the questions the screens have for the search worker
//! (the picker's query, the `/` filters), and the answers applied to the model.

use std::time::Duration;

use super::App;
use crate::model::{Kind, RecordId};
use crate::tui::action::Screen;
use crate::tui::layer::Layer;
use crate::tui::model::Model;
use crate::tui::picker::{self, Answer};

impl App {
    /// Sends the questions the screens have for the search worker: the picker's query,
    /// the `/` filters' texts.
    pub(super) fn ask_search(&mut self) {
        let limit = usize::from(self.height.max(10));
        let m = &self.model;
        if let Some(Layer::Picker(p)) = m.layers.last() {
            self.jump.ask_picker(p, limit);
        }
        for (t, screen, kind) in [
            (&m.contacts, Screen::Contacts, Kind::Contact),
            (&m.companies, Screen::Companies, Kind::Company),
        ] {
            if t.filtering() && t.matched_for != t.filter {
                self.jump.ask_filter(screen, &t.filter, kind);
            }
        }
        for (screen, kind) in [(Screen::Pipeline, Kind::Deal), (Screen::Today, Kind::Task)] {
            let (text, matches) = if screen == Screen::Today {
                (&m.queue_filter, &m.queue_matches)
            } else {
                (&m.board_filter, &m.board_matches)
            };
            let parses = crate::search::query::parse(text).is_ok();
            if !text.trim().is_empty() && parses && matches.as_ref().is_none_or(|(t, _)| t != text)
            {
                self.jump.ask_filter(screen, text, kind);
            }
        }
    }

    /// Applies the search worker's answers; waits up to `wait` for the first. True when
    /// something on screen changed.
    pub(super) fn take_answers(&mut self, wait: Duration) -> bool {
        let answers = self.jump.poll(wait);
        self.model.search_loaded = self.jump.loaded();
        let mut changed = false;
        for a in answers {
            changed = true;
            match a {
                Answer::Picker(generation, rids) => self.show_picker_rows(generation, rids),
                Answer::Filter(screen, text, rids) => {
                    let ids: Vec<u64> = rids.iter().map(|r| r.id).collect();
                    let m = &mut self.model;
                    match screen {
                        Screen::Contacts | Screen::Companies => {
                            let t = if screen == Screen::Contacts {
                                &mut m.contacts
                            } else {
                                &mut m.companies
                            };
                            if t.filter == text {
                                t.matches = Some(ids);
                                t.matched_for = text;
                                t.stale = true;
                            }
                        }
                        Screen::Today => {
                            m.queue_matches = Some((text, ids.into_iter().collect()));
                            m.queue.stale = true;
                        }
                        _ => {
                            m.board_matches = Some((text, ids.into_iter().collect()));
                            m.board.stale = true;
                        }
                    }
                }
            }
        }
        if changed {
            self.read_windows();
        }
        changed
    }

    /// Reads the records of the picker's result rows and shows them.
    fn show_picker_rows(&mut self, generation: u64, rids: Vec<RecordId>) {
        let progress = self.jump.loaded().map(|(n, _)| (n, n)).unwrap_or((0, 1));
        let Model { layers, data, .. } = &mut self.model;
        let Some(Layer::Picker(p)) = layers.last_mut() else {
            return;
        };
        if p.generation != generation {
            return;
        }
        if let Ok(r) = self.store.read() {
            let _ = crate::tui::fetch::ensure(data, &r, rids.iter().copied());
            let linked: Vec<RecordId> = rids
                .iter()
                .filter_map(|rid| match data.record(*rid)? {
                    crate::model::Record::Contact(c) => {
                        c.company.map(|co| RecordId::new(Kind::Company, co))
                    }
                    crate::model::Record::Deal(d) => {
                        d.company.map(|co| RecordId::new(Kind::Company, co))
                    }
                    crate::model::Record::Task(t) => t.link,
                    _ => None,
                })
                .collect();
            let _ = crate::tui::fetch::ensure(data, &r, linked);
        }
        let rows = picker::rows_for(data, &rids, &p.query);
        p.set_rows(rows);
        p.indexed = progress;
        self.jump.shown(generation);
    }

    /// Whether the search is still loading or answering (the loop then wakes every
    /// frame instead of every tick).
    pub fn search_busy(&self) -> bool {
        self.jump.busy()
    }

    /// One loop iteration of the search: applies answers that arrived; true when a
    /// redraw is due.
    pub fn search_step(&mut self) -> bool {
        let was_loaded = self.model.search_loaded.is_some();
        self.ask_search();
        let changed = self.take_answers(Duration::ZERO);
        changed || (!was_loaded && self.model.search_loaded.is_some())
    }

    /// Starts loading the search index (after the first frame, so it never competes
    /// with it).
    pub fn warm_search(&mut self) {
        self.jump.warm();
    }

    /// Waits until the search has loaded and answered everything asked (tests and
    /// scripts).
    pub fn settle_search(&mut self) {
        self.jump.warm();
        for _ in 0..200 {
            self.ask_search();
            self.take_answers(Duration::from_millis(50));
            if !self.jump.busy() {
                break;
            }
        }
        self.ask_search();
        self.take_answers(Duration::from_millis(50));
    }
}
