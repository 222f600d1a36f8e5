//! The rules a new database starts with (editable and removable like any rule).

use crate::model::*;

/// A follow-up 3 days after Proposal Sent (closed by a reply), a nudge when a deal idles
/// past its stage's rotting threshold, inbound leads (with a lead source) assigned
/// round-robin among the team, and contacts untouched for 90 days tagged cold.
pub fn rules() -> Vec<Rule> {
    let rule = |name: &str, when, conditions, actions| Rule {
        name: name.to_string(),
        when,
        conditions,
        actions,
        ..Rule::default()
    };
    vec![
        rule(
            "Follow up after a proposal",
            Trigger::EnteredStage {
                stage: "Proposal Sent".into(),
            },
            vec![],
            vec![Action::CreateTask {
                title: "Follow up on the proposal: {title}".into(),
                due_in_days: 3,
                assignee: Assignee::Owner,
                close_on_reply: true,
            }],
        ),
        rule(
            "Nudge deals idle past their stage's limit",
            Trigger::DealIdle { days: None },
            vec![],
            vec![Action::CreateTask {
                title: "{title} has sat in {stage} for {days} days: next step?".into(),
                due_in_days: 0,
                assignee: Assignee::Owner,
                close_on_reply: false,
            }],
        ),
        rule(
            "Share inbound leads round-robin",
            Trigger::ContactCreated,
            vec![
                Condition::Lifecycle {
                    is: Lifecycle::Lead,
                },
                Condition::Source { is: "*".into() },
            ],
            vec![Action::AssignOwner {
                to: Assignee::RoundRobin(Vec::new()),
            }],
        ),
        rule(
            "Tag contacts untouched for 90 days as cold",
            Trigger::ContactQuiet { days: 90 },
            vec![],
            vec![Action::AddTag { tag: "cold".into() }],
        ),
    ]
}
