//! Keys on the Automation screen: move between rules, switch one on or off, open one
//! (its trigger, conditions, actions and recent firings).

use super::super::action::Action;
use super::super::effect::Effect;
use super::super::layer::Layer;
use super::super::model::Model;
use super::super::write::Write;
use crate::automation::describe::{condition_text, then_text, when_text};

/// Handles an action on the Automation screen.
pub fn update(m: &mut Model, a: Action) -> Vec<Effect> {
    let view = &mut m.automation;
    match a {
        Action::Down => view.move_by(1),
        Action::Up => view.move_by(-1),
        Action::PageDown => view.move_by(10),
        Action::PageUp => view.move_by(-10),
        Action::Top => view.selected = 0,
        Action::Bottom => view.move_by(isize::MAX / 2),
        Action::ToggleRule => {
            if let Some(r) = view.selected_rule() {
                return vec![Effect::write(Write::ToggleRule(r.id, !r.enabled))];
            }
        }
        Action::Open => {
            if let Some(r) = view.selected_rule() {
                let tag = format!("R-{} ", r.id);
                let mut text = format!(
                    "{}\n\nstate: {}\nwhen:  {}\nif:    {}\nthen:  {}\n\nRecent firings\n",
                    r.name,
                    if r.enabled { "on" } else { "off" },
                    when_text(&r.when),
                    if r.conditions.is_empty() {
                        "always".to_string()
                    } else {
                        r.conditions
                            .iter()
                            .map(condition_text)
                            .collect::<Vec<_>>()
                            .join(" and ")
                    },
                    then_text(&r.actions),
                );
                let firings: Vec<String> = view
                    .firings
                    .iter()
                    .filter(|f| f.rule.starts_with(&tag))
                    .map(|f| {
                        let recs: Vec<String> = f.records.iter().map(|r| r.to_string()).collect();
                        format!("r{}  {}  {}", f.rev, recs.join(" "), f.summary)
                    })
                    .collect();
                if firings.is_empty() {
                    text.push_str("none recently\n");
                } else {
                    text.push_str(&firings.join("\n"));
                }
                let title = format!("R-{} {}", r.id, r.name);
                m.layers.push(Layer::Output {
                    title,
                    text,
                    scroll: 0,
                });
            }
        }
        _ => {}
    }
    Vec::new()
}
