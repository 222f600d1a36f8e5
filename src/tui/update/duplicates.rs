//! Keys on the Duplicates screen: move between pairs, switch contacts/companies, merge
//! the second record of the selected pair into the first (undoable with `u`).

use super::super::action::Action;
use super::super::effect::Effect;
use super::super::model::Model;
use super::super::write::Write;

/// Handles an action on the Duplicates screen.
pub fn update(m: &mut Model, a: Action) -> Vec<Effect> {
    let view = &mut m.duplicates;
    match a {
        Action::Down => view.move_by(1),
        Action::Up => view.move_by(-1),
        Action::PageDown => view.move_by(10),
        Action::PageUp => view.move_by(-10),
        Action::Top => view.selected = 0,
        Action::CycleKind => {
            view.companies = !view.companies;
            view.selected = 0;
            view.loaded = None;
        }
        Action::Merge => {
            if let Some(p) = view.selected_pair() {
                let merge = Write::Merge(p.keep, p.other);
                view.loaded = None;
                return vec![Effect::write(merge)];
            }
        }
        _ => {}
    }
    Vec::new()
}
