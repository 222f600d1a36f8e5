//! The short forms `rolo rule add` takes: `--when stage:"Proposal Sent"`, `--if
//! value>=10000`, `--task "Call {name}" --due 3`, `--assign rr:sam,alex`.

use crate::error::{Error, Result};
use crate::model::money::parse_amount;
use crate::model::*;

/// Parses a trigger: deal-created, stage:NAME, idle[:DAYS], won, lost, contact-created,
/// quiet:DAYS, task-done, activity[:KIND], close-in:DAYS, renewal-in:DAYS, ticket-created,
/// ticket-status:NAME, sla-breach-in:HOURS, sla-breached.
pub fn trigger(s: &str) -> Result<Trigger> {
    let (head, arg) = match s.split_once(':') {
        Some((h, a)) => (h.trim().to_lowercase(), Some(a.trim())),
        None => (s.trim().to_lowercase(), None),
    };
    let days = |what: &str| -> Result<u32> {
        arg.and_then(|a| a.trim_end_matches('d').parse().ok())
            .ok_or_else(|| {
                Error::invalid(
                    "when",
                    format!("'{s}': {what} needs a number of days, e.g. {what}:30"),
                )
            })
    };
    Ok(match head.as_str() {
        "deal-created" | "deal" => Trigger::DealCreated,
        "stage" | "entered" => Trigger::EnteredStage {
            stage: arg
                .filter(|a| !a.is_empty())
                .ok_or_else(|| {
                    Error::invalid(
                        "when",
                        format!("'{s}': name the stage, e.g. stage:\"Proposal Sent\""),
                    )
                })?
                .to_string(),
        },
        "idle" => Trigger::DealIdle {
            days: if arg.is_some() {
                Some(days("idle")?)
            } else {
                None
            },
        },
        "won" => Trigger::DealWon,
        "lost" => Trigger::DealLost,
        "contact-created" | "contact" | "lead" => Trigger::ContactCreated,
        "quiet" | "no-activity" => Trigger::ContactQuiet {
            days: days("quiet")?,
        },
        "task-done" | "done" => Trigger::TaskCompleted,
        "activity" | "logged" => Trigger::ActivityLogged {
            kind: match arg {
                Some(k) => Some(ActivityKind::parse(k).ok_or_else(|| {
                    Error::invalid("when", format!("'{k}' is not call, email, meeting or note"))
                })?),
                None => None,
            },
        },
        "close-in" => Trigger::CloseApproaching {
            days: days("close-in")?,
        },
        "renewal-in" => Trigger::RenewalApproaching {
            days: days("renewal-in")?,
        },
        "ticket-created" | "ticket" => Trigger::TicketCreated,
        "ticket-status" => Trigger::TicketStatus {
            status: arg.and_then(TicketStatus::parse).ok_or_else(|| {
                Error::invalid(
                    "when",
                    format!(
                        "'{s}': name the status, e.g. ticket-status:solved (new, open, pending, \
                         on-hold, solved, closed)"
                    ),
                )
            })?,
        },
        "sla-breach-in" => Trigger::SlaBreachIn {
            hours: arg
                .and_then(|a| a.trim_end_matches('h').parse().ok())
                .ok_or_else(|| {
                    Error::invalid(
                        "when",
                        format!(
                            "'{s}': sla-breach-in needs a number of hours, e.g. sla-breach-in:2"
                        ),
                    )
                })?,
        },
        "sla-breached" | "breached" => Trigger::SlaBreached,
        _ => {
            return Err(Error::invalid(
                "when",
                format!(
                    "'{s}' is not a trigger: use deal-created, stage:NAME, idle[:DAYS], won, lost, contact-created, quiet:DAYS, task-done, activity[:KIND], close-in:DAYS, renewal-in:DAYS, ticket-created, ticket-status:NAME, sla-breach-in:HOURS or sla-breached"
                ),
            ));
        }
    })
}

/// Parses a condition: pipeline=, stage=, owner=, tag=, lifecycle=, source=, value>=N,
/// value<N (`currency` reads the amount).
pub fn condition(s: &str, currency: Currency) -> Result<Condition> {
    let bad = |why: String| Error::invalid("if", format!("'{s}': {why}"));
    if let Some(v) = s.strip_prefix("value>=") {
        return Ok(Condition::ValueAtLeast {
            minor: parse_amount(v, currency).map_err(|e| bad(e.to_string()))?,
        });
    }
    if let Some(v) = s.strip_prefix("value<") {
        return Ok(Condition::ValueBelow {
            minor: parse_amount(v, currency).map_err(|e| bad(e.to_string()))?,
        });
    }
    let (field, value) = s
        .split_once('=')
        .ok_or_else(|| bad("use field=value, value>=N or value<N".into()))?;
    let is = value.trim().to_string();
    if is.is_empty() {
        return Err(bad("the value is empty".into()));
    }
    Ok(match field.trim().to_lowercase().as_str() {
        "pipeline" => Condition::Pipeline { is },
        "stage" => Condition::Stage { is },
        "owner" => Condition::Owner { is },
        "tag" => Condition::Tag {
            is: is.to_lowercase(),
        },
        "lifecycle" => Condition::Lifecycle {
            is: Lifecycle::parse(&is)
                .ok_or_else(|| bad("lifecycle is lead, prospect, customer or former".into()))?,
        },
        "source" => Condition::Source { is },
        "priority" => Condition::Priority {
            is: TicketPriority::parse(&is)
                .ok_or_else(|| bad("priority is low, normal, high or urgent".into()))?,
        },
        other => {
            return Err(bad(format!(
                "unknown field '{other}': conditions test pipeline, stage, owner, value, tag, lifecycle, source or priority"
            )));
        }
    })
}

/// Parses an assignee: owner, rr (everyone in turn), rr:a,b,c, or a user name.
pub fn assignee(s: &str) -> Assignee {
    let t = s.trim();
    match t.to_lowercase().as_str() {
        "owner" | "" => Assignee::Owner,
        "rr" | "round-robin" => Assignee::RoundRobin(Vec::new()),
        _ => match t.split_once(':') {
            Some((h, list))
                if h.eq_ignore_ascii_case("rr") || h.eq_ignore_ascii_case("round-robin") =>
            {
                Assignee::RoundRobin(
                    list.split(',')
                        .map(|u| u.trim().to_string())
                        .filter(|u| !u.is_empty())
                        .collect(),
                )
            }
            _ => Assignee::User(t.to_string()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_forms_parse() {
        assert_eq!(
            trigger("stage:Proposal Sent").unwrap(),
            Trigger::EnteredStage {
                stage: "Proposal Sent".into()
            }
        );
        assert_eq!(trigger("idle").unwrap(), Trigger::DealIdle { days: None });
        assert_eq!(
            trigger("quiet:90d").unwrap(),
            Trigger::ContactQuiet { days: 90 }
        );
        assert!(trigger("quiet").is_err());
        assert!(
            trigger("sometimes")
                .unwrap_err()
                .to_string()
                .contains("deal-created")
        );
        assert_eq!(
            condition("value>=10k", Currency::EUR).unwrap(),
            Condition::ValueAtLeast { minor: 1_000_000 }
        );
        assert_eq!(
            condition("tag=VIP", Currency::EUR).unwrap(),
            Condition::Tag { is: "vip".into() }
        );
        assert!(
            condition("colour=red", Currency::EUR)
                .unwrap_err()
                .to_string()
                .contains("colour")
        );
        assert_eq!(
            assignee("rr:sam, alex"),
            Assignee::RoundRobin(vec!["sam".into(), "alex".into()])
        );
        assert_eq!(assignee("owner"), Assignee::Owner);
        assert_eq!(assignee("priya"), Assignee::User("priya".into()));
    }
}
