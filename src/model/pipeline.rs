//! Pipelines: an ordered list of stages a deal moves through, each with a win
//! probability and a rotting threshold; the last stages close the deal as won or lost.

use serde::{Deserialize, Serialize};

/// Whether reaching a stage closes the deal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum StageOutcome {
    /// A working stage.
    #[default]
    Open,
    /// Reaching it wins the deal.
    Won,
    /// Reaching it loses the deal.
    Lost,
}

/// One column of the kanban.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Stage {
    /// Stable id within the pipeline (survives renames and reordering).
    pub id: u32,
    /// Display name.
    pub name: String,
    /// Chance of winning a deal in this stage, 0–100.
    pub probability: u8,
    /// Days in this stage after which a deal is "rotting"; none means never.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rot_days: Option<u32>,
    /// Open, or the won/lost closing stage.
    pub outcome: StageOutcome,
}

/// A named sequence of stages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Pipeline {
    /// Numeric id (shown as `P-id`).
    pub id: u64,
    /// Display name ("Sales", "Renewals").
    pub name: String,
    /// Stages in order; open stages first, then Won and Lost.
    pub stages: Vec<Stage>,
}

impl Pipeline {
    /// The stage with this id.
    pub fn stage(&self, id: u32) -> Option<&Stage> {
        self.stages.iter().find(|s| s.id == id)
    }

    /// Position of the stage in the pipeline.
    pub fn position(&self, id: u32) -> Option<usize> {
        self.stages.iter().position(|s| s.id == id)
    }

    /// The open (working) stages, in order.
    pub fn open_stages(&self) -> impl Iterator<Item = &Stage> {
        self.stages
            .iter()
            .filter(|s| s.outcome == StageOutcome::Open)
    }

    /// The stage a deal closes into for this outcome.
    pub fn closing_stage(&self, outcome: StageOutcome) -> Option<&Stage> {
        self.stages.iter().find(|s| s.outcome == outcome)
    }

    /// Finds a stage by case-insensitive name prefix ("neg" → Negotiation); an exact
    /// name wins over prefixes, and an ambiguous prefix is an error listing the matches.
    pub fn find_stage(&self, query: &str) -> Result<&Stage, String> {
        let q = query.trim().to_lowercase();
        if q.is_empty() {
            return Err(self.unknown_stage(query));
        }
        if let Some(s) = self.stages.iter().find(|s| s.name.to_lowercase() == q) {
            return Ok(s);
        }
        let matches: Vec<&Stage> = self
            .stages
            .iter()
            .filter(|s| s.name.to_lowercase().starts_with(&q))
            .collect();
        match matches.as_slice() {
            [one] => Ok(one),
            [] => Err(self.unknown_stage(query)),
            many => Err(format!(
                "stage '{query}' is ambiguous in pipeline {}: it could be {}",
                self.name,
                many.iter()
                    .map(|s| s.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }

    fn unknown_stage(&self, query: &str) -> String {
        format!(
            "no stage '{query}' in pipeline {}: its stages are {}",
            self.name,
            self.stage_names().join(", ")
        )
    }

    /// Stage names in order.
    pub fn stage_names(&self) -> Vec<&str> {
        self.stages.iter().map(|s| s.name.as_str()).collect()
    }

    /// The pipeline a new database starts with.
    pub fn default_sales() -> Pipeline {
        let stage = |id, name: &str, probability, rot_days, outcome| Stage {
            id,
            name: name.to_string(),
            probability,
            rot_days,
            outcome,
        };
        Pipeline {
            id: 0,
            name: "Sales".to_string(),
            stages: vec![
                stage(1, "Lead In", 10, Some(14), StageOutcome::Open),
                stage(2, "Qualified", 25, Some(14), StageOutcome::Open),
                stage(3, "Proposal Sent", 50, Some(10), StageOutcome::Open),
                stage(4, "Negotiation", 75, Some(7), StageOutcome::Open),
                stage(5, "Won", 100, None, StageOutcome::Won),
                stage(6, "Lost", 0, None, StageOutcome::Lost),
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_stage_by_prefix_case_insensitively() {
        let p = Pipeline::default_sales();
        assert_eq!(p.find_stage("neg").map(|s| s.id), Ok(4));
        assert_eq!(p.find_stage("PROPOSAL sent").map(|s| s.id), Ok(3));
        let err = p.find_stage("closed").unwrap_err();
        assert!(err.contains("Lead In, Qualified"), "{err}");
        assert!(p.find_stage("").is_err());
    }
}
