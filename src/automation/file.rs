//! Rules as a TOML file, for sharing and versioning: `rolo rule export` and `import`.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::{Action, Condition, Rule, Trigger};

/// A rules file: `[[rule]]` tables.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// The rules.
    #[serde(default)]
    pub rule: Vec<RuleSpec>,
}

/// One rule as written in the file (no id or timestamps).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// What it is for.
    pub name: String,
    /// Whether it fires.
    #[serde(default = "yes")]
    pub enabled: bool,
    /// The trigger.
    pub when: Trigger,
    /// The conditions.
    #[serde(default, rename = "if", skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Condition>,
    /// The actions.
    #[serde(rename = "then")]
    pub actions: Vec<Action>,
}

fn yes() -> bool {
    true
}

impl From<&Rule> for RuleSpec {
    fn from(r: &Rule) -> Self {
        RuleSpec {
            name: r.name.clone(),
            enabled: r.enabled,
            when: r.when.clone(),
            conditions: r.conditions.clone(),
            actions: r.actions.clone(),
        }
    }
}

impl From<RuleSpec> for Rule {
    fn from(s: RuleSpec) -> Self {
        Rule {
            name: s.name,
            enabled: s.enabled,
            when: s.when,
            conditions: s.conditions,
            actions: s.actions,
            ..Rule::default()
        }
    }
}

/// Writes rules as TOML.
pub fn to_toml(rules: &[Rule]) -> Result<String> {
    let file = RuleFile {
        rule: rules.iter().map(RuleSpec::from).collect(),
    };
    toml::to_string_pretty(&file)
        .map_err(|e| Error::Storage(format!("cannot write rules as TOML: {e}")))
}

/// Reads a rules file; an error names the line.
pub fn from_toml(text: &str) -> std::result::Result<Vec<RuleSpec>, String> {
    toml::from_str::<RuleFile>(text)
        .map(|f| f.rule)
        .map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1)
                .unwrap_or(1);
            format!("line {line}: {}", e.message())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_rules_round_trip_through_toml() {
        let rules = crate::automation::defaults::rules();
        let text = to_toml(&rules).unwrap();
        assert!(text.contains("event = \"entered_stage\""), "{text}");
        let back = from_toml(&text).unwrap();
        assert_eq!(back.len(), rules.len());
        for (a, b) in back.into_iter().zip(&rules) {
            assert_eq!(Rule::from(a), Rule { id: 0, ..b.clone() });
        }
        let err =
            from_toml("[[rule]]\nname = \"x\"\nwhen = { event = \"sometimes\" }\nthen = []\n")
                .unwrap_err();
        assert!(err.starts_with("line 3"), "{err}");
    }
}
