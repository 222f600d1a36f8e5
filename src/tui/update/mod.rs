//! `update`: the pure state machine. An [`Action`] changes the [`Model`] and returns the
//! [`Effect`]s the app must run; results of those effects come back through
//! [`written`], [`changed`] and [`set_field_text`]. Nothing here touches the terminal or
//! the store.

mod automation;
mod contextual;
mod duplicates;
mod layers;
mod picker;
mod reports;
mod screens;
mod tickets;

use tui_input::InputRequest;

use super::action::{Action, Screen};
use super::data::Dirty;
use super::effect::{Effect, Then};
use super::form::fields;
use super::health;
use super::layer::{Layer, PromptPurpose};
use super::model::Model;
use super::write::Written;
use crate::model::{DealStatus, Kind};

/// Applies one action.
pub fn update(m: &mut Model, a: Action) -> Vec<Effect> {
    if a == Action::Jump && !m.top().is_some_and(Layer::takes_text) {
        return picker::open(m);
    }
    if m.layers.is_empty() && matches!(m.screen, Screen::Pipeline | Screen::Today) {
        let current = if m.screen == Screen::Today {
            m.queue_filter.clone()
        } else {
            m.board_filter.clone()
        };
        match a {
            Action::Filter => {
                let title = format!("Filter {}", m.screen.title().to_lowercase());
                layers::ask(m, PromptPurpose::Filter(m.screen), title, current);
                return Vec::new();
            }
            Action::Back if !current.is_empty() && !m.zoom => {
                m.set_list_filter(m.screen, String::new());
                m.info("filter cleared");
                return Vec::new();
            }
            _ => {}
        }
    }
    match m.layers.last() {
        Some(Layer::Picker(_)) => picker::update(m, a),
        Some(Layer::Help { .. } | Layer::Output { .. }) => layers::help(m, a),
        Some(Layer::Form(_)) => layers::form(m, a),
        Some(Layer::Prompt(_)) => layers::prompt(m, a),
        Some(Layer::Detail(_)) => layers::detail(m, a),
        Some(Layer::Menu(_)) => layers::menu(m, a),
        None => screens::screen(m, a),
    }
}

/// Types into the top text layer (a form field, a prompt, a menu's number); returns
/// the writes a menu's choice asks for.
pub fn type_text(m: &mut Model, req: InputRequest) -> Vec<Effect> {
    match m.layers.last_mut() {
        Some(Layer::Form(f)) => f.edit(req),
        Some(Layer::Picker(p)) => {
            p.input.handle(req);
            p.reparse();
        }
        Some(Layer::Menu(menu)) => {
            // A menu takes the number of a choice.
            if let InputRequest::InsertChar(c) = req
                && let Some(choice) = menu.numbered(c)
            {
                let id = menu.ticket;
                m.layers.pop();
                return tickets::chosen(id, choice);
            }
        }
        Some(Layer::Prompt(p)) => {
            if p.input.handle(req).is_some_and(|c| c.value) {
                p.error = None;
            }
            p.hint = None;
            if let PromptPurpose::Filter(screen) = p.purpose {
                let text = p.input.value().to_string();
                let error = set_filter(m, screen, text);
                if let Some(Layer::Prompt(p)) = m.layers.last_mut() {
                    p.error = error;
                }
            }
        }
        _ => {}
    }
    Vec::new()
}

/// Sets the `/` filter of a screen's list; returns why it does not parse.
fn set_filter(m: &mut Model, screen: Screen, text: String) -> Option<String> {
    match screen {
        Screen::Pipeline | Screen::Today => m.set_list_filter(screen, text),
        Screen::Tickets => m.tickets.set_filter(text),
        Screen::Companies => {
            screens::set_filter(m, screen, text);
            m.companies.error.clone()
        }
        _ => {
            screens::set_filter(m, screen, text);
            m.contacts.error.clone()
        }
    }
}

/// Records applied changes: rebuilds what they touched.
pub fn changed(m: &mut Model, dirty: Dirty, rev: u64) {
    m.rev = rev;
    m.refresh(dirty);
}

/// Reports a write's outcome (after its changes were applied).
pub fn written(
    m: &mut Model,
    form: Option<u64>,
    then: Then,
    result: Result<Written, crate::Error>,
) {
    m.status.busy = false;
    match result {
        Ok(Written { message, created }) => {
            if let Some(rid) = created {
                select(m, rid);
            }
            if let Some(id) = form {
                m.layers
                    .retain(|l| !matches!(l, Layer::Form(f) if f.id == id));
            }
            m.info(message);
            if let Then::NextStepFor(deal) = then {
                ask_next_step(m, deal);
            }
        }
        Err(e) => {
            let text = e.to_string();
            let form_layer = form.and_then(|id| {
                m.layers.iter_mut().find_map(|l| match l {
                    Layer::Form(f) if f.id == id => Some(f),
                    _ => None,
                })
            });
            match (form_layer, &e) {
                (Some(f), crate::Error::Invalid { field, message }) => {
                    let key = match field.as_str() {
                        "emails" => "email",
                        other => other,
                    };
                    f.set_error(key, message.clone());
                }
                (Some(f), _) => f.error = Some(text.clone()),
                (None, _) => {}
            }
            if matches!(e, crate::Error::Busy) {
                m.status.busy = true;
            }
            m.fail(text);
        }
    }
}

/// Selects a record where the current screen lists it (a new deal on the kanban, a new
/// contact in the table).
fn select(m: &mut Model, rid: crate::model::RecordId) {
    match rid.kind {
        Kind::Deal if m.screen == super::action::Screen::Pipeline => {
            m.board.focus = Some(rid.id);
            m.refresh(super::data::Dirty {
                deals: true,
                ..Default::default()
            });
        }
        Kind::Contact | Kind::Company => {
            let t = if rid.kind == Kind::Contact {
                &mut m.contacts
            } else {
                &mut m.companies
            };
            t.focus = Some(rid.id);
            t.stale = true;
        }
        _ => {}
    }
}

/// Shows what a `:` command printed: one line in the status bar, more in a layer.
pub fn command_output(m: &mut Model, line: &str, result: Result<String, String>) {
    match result {
        Ok(text) if text.trim().is_empty() => m.info(format!("ran: {line}")),
        Ok(text) if !text.trim().contains('\n') => m.info(text.trim().to_string()),
        Ok(text) => {
            m.info(format!("ran: {line}"));
            m.layers.push(Layer::Output {
                title: line.to_string(),
                text,
                scroll: 0,
            });
        }
        Err(e) => m.fail(e),
    }
}

/// Applies completions of the `:` prompt's last word: one replaces it, several shorten
/// it to their common prefix and are listed under the prompt.
pub fn completed(m: &mut Model, candidates: Vec<String>) {
    let Some(Layer::Prompt(p)) = m.layers.last_mut() else {
        return;
    };
    let line = p.input.value().to_string();
    let keep = if line.ends_with(char::is_whitespace) {
        line.len()
    } else {
        line.rfind(char::is_whitespace).map(|i| i + 1).unwrap_or(0)
    };
    let head = &line[..keep];
    let common = candidates.iter().skip(1).fold(
        candidates.first().cloned().unwrap_or_default(),
        |acc, c| {
            acc.chars()
                .zip(c.chars())
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| a)
                .collect()
        },
    );
    match candidates.len() {
        0 => p.hint = Some("no completions".into()),
        1 => {
            p.input = tui_input::Input::new(format!("{head}{common} "));
            p.hint = None;
        }
        _ => {
            if common.len() > line.len() - keep {
                p.input = tui_input::Input::new(format!("{head}{common}"));
            }
            p.hint = Some(candidates.join("  "));
        }
    }
}

/// Puts text edited in `$EDITOR` back into a form field.
pub fn set_field_text(m: &mut Model, form: u64, field: usize, text: String) {
    for l in &mut m.layers {
        if let Layer::Form(f) = l
            && f.id == form
        {
            f.set_value(field, text.trim_end().replace('\n', " "));
        }
    }
}

fn ask_next_step(m: &mut Model, deal: u64) {
    let Some(d) = m.data.deal(deal) else {
        return;
    };
    if d.status != DealStatus::Open {
        return;
    }
    // The app worked out the deal's next step before reporting the write.
    let next = m.next_steps.get(&deal).and_then(|t| m.data.tasks.get(t));
    if !health::has_no_next_step(&d, next) {
        return;
    }
    let link = Some(crate::model::RecordId::new(Kind::Deal, deal));
    let form = fields::task(None, link, Some(deal), &m.data);
    push_form(m, form);
    m.info(format!(
        "D-{deal} has no next step: add one (esc leaves it without)"
    ));
}

/// Pushes a form with a fresh id.
pub fn push_form(m: &mut Model, mut form: super::form::Form) {
    form.id = m.next_form;
    m.next_form += 1;
    m.layers.push(Layer::Form(form));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Currency, Deal, Pipeline};
    use crate::tui::action::Screen;
    use crate::tui::data::Data;

    fn model() -> Model {
        let mut data = Data::default();
        let mut p = Pipeline::default_sales();
        p.id = 1;
        data.pipelines.push(p.clone());
        for (id, stage) in [(1, 1), (2, 1), (3, 2)] {
            let deal = Deal {
                id,
                pipeline: 1,
                stage,
                title: format!("deal {id}"),
                ..Deal::default()
            };
            data.deals.insert(id, deal);
        }
        let mut m = Model::new(
            data,
            "sam".into(),
            "db".into(),
            1,
            chrono::DateTime::default(),
            Currency::EUR,
        );
        // The windows the app would read: stage 1 holds D-1 and D-2, stage 2 D-3.
        let columns = p
            .open_stages()
            .map(|s| {
                let deals: Vec<u64> = match s.id {
                    1 => vec![1, 2],
                    2 => vec![3],
                    _ => vec![],
                };
                crate::tui::board::Column {
                    stage: s.clone(),
                    count: deals.len(),
                    deals,
                    ..Default::default()
                }
            })
            .collect();
        m.board.fill(1, p.name.clone(), columns);
        m
    }

    #[test]
    fn focus_cycles_all_screens_narrow_and_four_panes_wide() {
        let mut m = model();
        for expected in [
            Screen::Contacts,
            Screen::Companies,
            Screen::Today,
            Screen::Timeline,
            Screen::Reports,
            Screen::Automation,
            Screen::Duplicates,
            Screen::Tickets,
            Screen::Pipeline,
        ] {
            update(&mut m, Action::FocusNext);
            assert_eq!(m.screen, expected);
        }
        m.wide = true;
        let order: Vec<Screen> = (0..4)
            .map(|_| {
                update(&mut m, Action::FocusNext);
                m.screen
            })
            .collect();
        assert_eq!(
            order,
            [
                Screen::Contacts,
                Screen::Timeline,
                Screen::Today,
                Screen::Pipeline
            ]
        );
        update(&mut m, Action::Zoom);
        assert!(m.zoom);
        update(&mut m, Action::Back);
        assert!(!m.zoom);
    }

    #[test]
    fn kanban_moves_are_effects_and_layers_stack() {
        let mut m = model();
        assert_eq!(m.board.selected_deal(), Some(1));
        update(&mut m, Action::Down);
        assert_eq!(m.board.selected_deal(), Some(2));
        update(&mut m, Action::Right);
        assert_eq!(m.board.selected_deal(), Some(3));
        let fx = update(&mut m, Action::MoveStagePrev);
        assert_eq!(
            fx,
            vec![Effect::write(crate::tui::write::Write::StepDeal(3, -1))]
        );
        update(&mut m, Action::Lose);
        assert!(matches!(m.top(), Some(Layer::Prompt(_))));
        assert_eq!(m.modes(), vec!["prompt"]);
        update(&mut m, Action::Cancel);
        update(&mut m, Action::ToggleHelp);
        assert_eq!(m.modes(), vec!["help"]);
        update(&mut m, Action::ToggleHelp);
        assert!(m.layers.is_empty());
        update(&mut m, Action::Quit);
        assert!(m.quit);
    }
}
