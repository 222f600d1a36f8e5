//! Which policy applies to a ticket: the first enabled one, in the order the caller
//! gives (position, then id), whose conditions all hold. Tags and custom values compare
//! without regard to case; nothing here reads the store.

use std::collections::BTreeMap;

use crate::model::{Channel, SlaCondition, SlaPolicy, TicketPriority};

/// What policy conditions look at.
#[derive(Debug, Clone, Copy)]
pub struct TicketFacts<'a> {
    /// The ticket's priority.
    pub priority: TicketPriority,
    /// Its tags.
    pub tags: &'a [String],
    /// Its company's tags.
    pub company_tags: &'a [String],
    /// Its channel.
    pub channel: Channel,
    /// Its custom fields.
    pub custom: &'a BTreeMap<String, String>,
}

/// The first enabled policy, by (position, id), whose conditions all hold; `policies`
/// come already in that order.
pub fn pick<'p>(policies: &'p [SlaPolicy], facts: &TicketFacts) -> Option<&'p SlaPolicy> {
    policies.iter().find(|p| p.enabled && applies(p, facts))
}

/// Whether all of the policy's conditions hold (a policy without conditions applies to
/// every ticket); whether it is enabled is not looked at.
pub fn applies(policy: &SlaPolicy, facts: &TicketFacts) -> bool {
    policy.conditions.iter().all(|c| holds(c, facts))
}

/// Whether one condition holds. A custom field the ticket does not have counts as
/// empty, so `custom.plan=` (an empty value) matches tickets without a plan.
pub fn holds(condition: &SlaCondition, facts: &TicketFacts) -> bool {
    let has = |tags: &[String], tag: &str| tags.iter().any(|t| same(t, tag));
    match condition {
        SlaCondition::Priority { any_of } => any_of.contains(&facts.priority),
        SlaCondition::Tag { tag } => has(facts.tags, tag),
        SlaCondition::CompanyTag { tag } => has(facts.company_tags, tag),
        SlaCondition::Channel { channel } => facts.channel == *channel,
        SlaCondition::Custom { name, value } => {
            let actual = facts
                .custom
                .get(name.trim())
                .map(String::as_str)
                .unwrap_or("");
            same(actual, value)
        }
    }
}

fn same(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts<'a>(
        tags: &'a [String],
        company_tags: &'a [String],
        custom: &'a BTreeMap<String, String>,
    ) -> TicketFacts<'a> {
        TicketFacts {
            priority: TicketPriority::High,
            tags,
            company_tags,
            channel: Channel::Email,
            custom,
        }
    }

    fn policy(id: u64, conditions: Vec<SlaCondition>) -> SlaPolicy {
        SlaPolicy {
            id,
            name: format!("P{id}"),
            conditions,
            ..SlaPolicy::default()
        }
    }

    #[test]
    fn the_first_enabled_policy_whose_conditions_all_hold_wins() {
        let tags = vec!["VIP".to_string()];
        let custom = BTreeMap::from([("plan".to_string(), "Gold".to_string())]);
        let f = facts(&tags, &[], &custom);
        let mut disabled = policy(1, vec![]);
        disabled.enabled = false;
        let policies = vec![
            disabled,
            policy(
                2,
                vec![
                    SlaCondition::Tag { tag: "vip".into() },
                    SlaCondition::Channel {
                        channel: Channel::Phone,
                    },
                ],
            ),
            policy(
                3,
                vec![
                    SlaCondition::Tag { tag: "vip".into() },
                    SlaCondition::Custom {
                        name: " plan ".into(),
                        value: "gold".into(),
                    },
                    SlaCondition::Priority {
                        any_of: vec![TicketPriority::Urgent, TicketPriority::High],
                    },
                ],
            ),
            policy(4, vec![]),
        ];
        assert_eq!(pick(&policies, &f).map(|p| p.id), Some(3));
        assert_eq!(pick(&policies[3..], &f).map(|p| p.id), Some(4));
        assert_eq!(pick(&policies[..2], &f).map(|p| p.id), None);
    }

    #[test]
    fn each_condition_looks_at_its_fact() {
        let tags = vec!["billing".to_string()];
        let company = vec!["Enterprise".to_string()];
        let custom = BTreeMap::new();
        let f = facts(&tags, &company, &custom);
        let yes = |c: SlaCondition| holds(&c, &f);
        assert!(yes(SlaCondition::CompanyTag {
            tag: "enterprise".into()
        }));
        assert!(!yes(SlaCondition::CompanyTag {
            tag: "billing".into()
        }));
        assert!(!yes(SlaCondition::Tag {
            tag: "enterprise".into()
        }));
        assert!(yes(SlaCondition::Channel {
            channel: Channel::Email
        }));
        assert!(!yes(SlaCondition::Priority {
            any_of: vec![TicketPriority::Low]
        }));
        assert!(yes(SlaCondition::Custom {
            name: "plan".into(),
            value: "".into()
        }));
        assert!(!yes(SlaCondition::Custom {
            name: "plan".into(),
            value: "gold".into()
        }));
    }
}
