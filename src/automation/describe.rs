//! Rules in words, for the CLI and the TUI: "when a deal enters Proposal Sent, then
//! task ... due in 3d for the owner".

use crate::model::words::plural;
use crate::model::*;

/// A trigger in words.
pub fn when_text(t: &Trigger) -> String {
    match t {
        Trigger::DealCreated => "a deal is created".into(),
        Trigger::EnteredStage { stage } => format!("a deal enters {stage}"),
        Trigger::DealIdle { days: Some(d) } => {
            format!("a deal idles {} in a stage", plural(*d, "day"))
        }
        Trigger::DealIdle { days: None } => "a deal idles past its stage's limit".into(),
        Trigger::DealWon => "a deal is won".into(),
        Trigger::DealLost => "a deal is lost".into(),
        Trigger::ContactCreated => "a contact is created".into(),
        Trigger::ContactQuiet { days } => {
            format!("a contact has no activity for {}", plural(*days, "day"))
        }
        Trigger::TaskCompleted => "a task is completed".into(),
        Trigger::ActivityLogged { kind: Some(k) } => format!("a {} is logged", k.as_str()),
        Trigger::ActivityLogged { kind: None } => "an activity is logged".into(),
        Trigger::CloseApproaching { days } => {
            format!("a deal's close date is {} away", plural(*days, "day"))
        }
        Trigger::RenewalApproaching { days } => {
            format!("a renewal is {} away", plural(*days, "day"))
        }
        Trigger::TicketCreated => "a ticket is opened".into(),
        Trigger::TicketStatus { status } => format!("a ticket becomes {}", status.as_str()),
        Trigger::SlaBreachIn { hours } => {
            format!("a ticket's SLA deadline is {} away", plural(*hours, "hour"))
        }
        Trigger::SlaBreached => "a ticket's SLA deadline passes".into(),
    }
}

/// A condition in words.
pub fn condition_text(c: &Condition) -> String {
    match c {
        Condition::Pipeline { is } => format!("pipeline is {is}"),
        Condition::Stage { is } => format!("stage is {is}"),
        Condition::Owner { is } => format!("owner is {is}"),
        Condition::ValueAtLeast { minor } => format!("value ≥ {minor} (minor units)"),
        Condition::ValueBelow { minor } => format!("value < {minor} (minor units)"),
        Condition::Tag { is } => format!("tagged {is}"),
        Condition::Lifecycle { is } => format!("lifecycle is {}", is.as_str()),
        Condition::Source { is } if is == "*" => "has a lead source".into(),
        Condition::Source { is } => format!("source is {is}"),
        Condition::Priority { is } => format!("priority is {}", is.as_str()),
    }
}

/// An assignee in words.
pub fn assignee_text(a: &Assignee) -> String {
    match a {
        Assignee::Owner => "the owner".into(),
        Assignee::User(u) => u.clone(),
        Assignee::RoundRobin(l) if l.is_empty() => "everyone in turn".into(),
        Assignee::RoundRobin(l) => format!("{} in turn", l.join(", ")),
        Assignee::ByField { field, .. } => format!("by {field}"),
    }
}

/// Actions in words.
pub fn then_text(actions: &[Action]) -> String {
    actions
        .iter()
        .map(|a| match a {
            Action::CreateTask {
                title,
                due_in_days,
                assignee,
                close_on_reply,
            } => format!(
                "task \"{title}\" due {} for {}{}",
                match due_in_days {
                    0 => "the same day".to_string(),
                    d => format!("in {d}d"),
                },
                assignee_text(assignee),
                if *close_on_reply {
                    ", closed by a reply"
                } else {
                    ""
                }
            ),
            Action::SetLifecycle { to } => format!("lifecycle → {}", to.as_str()),
            Action::AddTag { tag } => format!("tag {tag}"),
            Action::AssignOwner { to } => format!("assign to {}", assignee_text(to)),
            Action::AddNote { text } => format!("note \"{text}\""),
            Action::SetPriority { to } => format!("priority → {}", to.as_str()),
        })
        .collect::<Vec<_>>()
        .join("; ")
}
