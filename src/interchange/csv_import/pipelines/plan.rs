//! Planning a deals import's pipelines: where each row goes (pipeline, open stage,
//! won/lost/open) and which pipelines and stages the import must create for that. A
//! pipeline or stage name never stops an import: what does not exist is planned for
//! creation, in the source product's default order where rolo knows it, else in the
//! order the file first names it. `--map-stage "Old=New"` sends a source stage to an
//! existing one. Pure: the plan is computed from the rows and the pipelines that exist,
//! and carried out by the apply step inside the import's transaction.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::known::{Product, closing_word, key, status_word};
use crate::model::text::tidy;
use crate::model::{Pipeline, StageOutcome};

/// The pipeline-related cells of one deal row.
#[derive(Debug, Clone, Default)]
pub struct DealRefs {
    /// The pipeline cell.
    pub pipeline: Option<String>,
    /// The stage cell.
    pub stage: Option<String>,
    /// The status cell (open, won, lost).
    pub status: Option<String>,
    /// Salesforce's IsWon.
    pub won: Option<bool>,
    /// Salesforce's IsClosed.
    pub closed: Option<bool>,
}

/// Where one deal goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// The pipeline's name, as it exists or will be created.
    pub pipeline: String,
    /// The open stage the row names (a won or lost deal's last open stage), as it
    /// exists or will be created.
    pub stage: Option<String>,
    /// Open, won or lost.
    pub outcome: StageOutcome,
}

/// A stage the import creates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewStage {
    /// Its name.
    pub name: String,
    /// Its win probability.
    pub probability: u8,
}

/// A pipeline the import creates, or an existing one it adds open stages to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PipelineChange {
    /// The pipeline's name.
    pub pipeline: String,
    /// The pipeline's id: the existing one's, or the new one's once created.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<u64>,
    /// Whether the import creates the pipeline (else it adds stages to it).
    pub new: bool,
    /// The open stages created, in order (a new pipeline also gets Won and Lost).
    pub stages: Vec<NewStage>,
}

/// What a deals import does to pipelines, and where each row goes.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Per row, in the order given: its route, or why the row contradicts itself.
    pub routes: Vec<Result<Route, String>>,
    /// Pipelines created and stages added, in the order the file names them.
    pub changes: Vec<PipelineChange>,
}

/// A `--map-stage` entry that cannot be followed: the entry and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadStageMap {
    /// The `Old=New` entry.
    pub spec: String,
    /// What is wrong and what would work.
    pub reason: String,
}

/// What the plan depends on besides the rows.
pub struct Planner<'a> {
    /// The pipelines that exist.
    pub existing: &'a [Pipeline],
    /// The product that wrote the file, when recognised.
    pub product: Option<Product>,
    /// `--pipeline NAME`: every deal goes to this pipeline.
    pub pipeline: Option<&'a str>,
    /// `--map-stage` entries, source stage → stage.
    pub stage_map: &'a [(String, String)],
}

impl<'a> Planner<'a> {
    fn find(&self, name: &str) -> Option<&'a Pipeline> {
        let k = tidy(name).to_lowercase();
        self.existing
            .iter()
            .find(|p| tidy(&p.name).to_lowercase() == k)
    }

    fn pipeline_for(&self, cell: Option<&str>) -> String {
        self.pipeline
            .map(tidy)
            .or_else(|| cell.map(tidy).filter(|c| !c.is_empty()))
            .or_else(|| self.product.map(|p| p.pipeline_name().to_string()))
            .or_else(|| self.existing.first().map(|p| p.name.clone()))
            .unwrap_or_else(|| "Sales".to_string())
    }

    /// The route of one row, and the `--map-stage` entry it followed.
    fn route(&self, r: &DealRefs) -> Result<(Route, Option<usize>), String> {
        let pipeline = self.pipeline_for(r.pipeline.as_deref());
        let existing = self.find(&pipeline);
        let mut stage = r.stage.as_deref().map(tidy).filter(|s| !s.is_empty());
        let mut mapped = None;
        if let Some(s) = &stage {
            let k = key(s);
            if let Some(i) = self.stage_map.iter().position(|(old, _)| key(old) == k) {
                mapped = Some(i);
                stage = Some(tidy(&self.stage_map[i].1));
            }
        }
        let from_stage = stage.as_deref().and_then(|s| {
            closing_word(s).or_else(|| {
                let k = key(s);
                existing?
                    .stages
                    .iter()
                    .find(|x| x.outcome != StageOutcome::Open && key(&x.name) == k)
                    .map(|x| x.outcome)
            })
        });
        let from_status = r.status.as_deref().and_then(status_word);
        let from_flags = match (r.won, r.closed) {
            (Some(true), _) => Some(StageOutcome::Won),
            (_, Some(true)) => Some(StageOutcome::Lost),
            (_, Some(false)) => Some(StageOutcome::Open),
            _ => None,
        };
        let said = [
            ("the status", r.status.as_deref(), from_status),
            ("the stage", stage.as_deref(), from_stage),
            ("IsWon/IsClosed", None, from_flags),
        ];
        let mut outcome = None;
        for (what, text, o) in &said {
            let Some(o) = o else { continue };
            if let Some((first, first_text, first_o)) = outcome
                && first_o != *o
            {
                let show = |w: &str, t: Option<&str>, o: StageOutcome| match t {
                    Some(t) => format!("{w} says \"{t}\""),
                    None => format!("{w} say {}", word(o)),
                };
                return Err(format!(
                    "{} but {}: the row contradicts itself; fix one of them",
                    show(first, first_text, first_o),
                    show(what, *text, *o)
                ));
            }
            if outcome.is_none() {
                outcome = Some((*what, *text, *o));
            }
        }
        let outcome = outcome.map(|o| o.2).unwrap_or(StageOutcome::Open);
        let open_stage = match (stage, from_stage) {
            (Some(s), None) => Some(self.stage_name(existing, &s)),
            _ => None,
        };
        Ok((
            Route {
                pipeline: existing.map(|p| p.name.clone()).unwrap_or(pipeline),
                stage: open_stage,
                outcome,
            },
            mapped,
        ))
    }

    /// The name a stage has (or will have): the existing stage's, the product's
    /// default spelling ("qualifiedtobuy" → "Qualified To Buy"), or the file's.
    fn stage_name(&self, existing: Option<&Pipeline>, s: &str) -> String {
        let k = key(s);
        if let Some(x) = existing.and_then(|p| p.stages.iter().find(|x| key(&x.name) == k)) {
            return x.name.clone();
        }
        if let Some((_, (name, _))) = self.product.and_then(|p| p.stage(s)) {
            return name.to_string();
        }
        s.to_string()
    }

    /// Plans the import of `rows`.
    pub fn plan(&self, rows: &[DealRefs]) -> Result<Plan, BadStageMap> {
        let mut plan = Plan::default();
        // Per pipeline key, in first-seen order: its name and its stages (first seen).
        let mut order: Vec<String> = Vec::new();
        let mut wanted: HashMap<String, (String, Vec<String>)> = HashMap::new();
        let mut unmapped: HashSet<(String, String)> = HashSet::new();
        let mut map_used: Vec<Vec<String>> = vec![Vec::new(); self.stage_map.len()];
        for r in rows {
            let routed = self.route(r);
            if let Ok((route, mapped)) = &routed {
                let pk = tidy(&route.pipeline).to_lowercase();
                let entry = wanted.entry(pk.clone()).or_insert_with(|| {
                    order.push(pk.clone());
                    (route.pipeline.clone(), Vec::new())
                });
                if let Some(s) = &route.stage {
                    if !entry.1.iter().any(|x| key(x) == key(s)) {
                        entry.1.push(s.clone());
                    }
                    match mapped {
                        Some(i) => map_used[*i].push(route.pipeline.clone()),
                        None => {
                            unmapped.insert((pk.clone(), key(s)));
                        }
                    }
                } else if let Some(i) = mapped {
                    map_used[*i].push(route.pipeline.clone());
                }
            }
            plan.routes.push(routed.map(|(r, _)| r));
        }
        self.check_map(&map_used, &unmapped, rows)?;
        for pk in order {
            let Some((name, stages)) = wanted.remove(&pk) else {
                continue;
            };
            match self.find(&name) {
                Some(p) => {
                    let new: Vec<NewStage> = stages
                        .into_iter()
                        .filter(|s| !p.stages.iter().any(|x| key(&x.name) == key(s)))
                        .map(|s| NewStage {
                            probability: self
                                .product
                                .and_then(|pr| pr.stage(&s))
                                .and_then(|(_, (_, prob))| prob)
                                .unwrap_or(50),
                            name: s,
                        })
                        .collect();
                    if !new.is_empty() {
                        plan.changes.push(PipelineChange {
                            pipeline: p.name.clone(),
                            id: Some(p.id),
                            new: false,
                            stages: new,
                        });
                    }
                }
                None => plan.changes.push(PipelineChange {
                    pipeline: name,
                    id: None,
                    new: true,
                    stages: self.new_pipeline_stages(stages),
                }),
            }
        }
        Ok(plan)
    }

    /// A new pipeline's open stages: the product's known stages in its order, then the
    /// others as first named; none named gives the product's (or rolo's) defaults.
    fn new_pipeline_stages(&self, named: Vec<String>) -> Vec<NewStage> {
        let mut known: Vec<(usize, String, Option<u8>)> = Vec::new();
        let mut other: Vec<(String, Option<u8>)> = Vec::new();
        for s in named {
            match self.product.and_then(|p| p.stage(&s)) {
                Some((i, (_, prob))) => known.push((i, s, prob)),
                None => other.push((s, None)),
            }
        }
        known.sort_by_key(|k| k.0);
        let mut all: Vec<(String, Option<u8>)> =
            known.into_iter().map(|(_, s, p)| (s, p)).collect();
        all.extend(other);
        if all.is_empty() {
            all = match self.product {
                Some(p) => p
                    .stages()
                    .iter()
                    .map(|(n, pr)| (n.to_string(), *pr))
                    .collect(),
                None => Pipeline::default_sales()
                    .open_stages()
                    .map(|s| (s.name.clone(), Some(s.probability)))
                    .collect(),
            };
        }
        let n = all.len();
        all.into_iter()
            .enumerate()
            .map(|(i, (name, prob))| NewStage {
                name,
                // Spread like `rolo pipeline add`: 10 % to 90 %.
                probability: prob.unwrap_or(if n == 1 {
                    50
                } else {
                    10 + (80 * i / (n - 1)) as u8
                }),
            })
            .collect()
    }

    /// Every `--map-stage` entry must name a stage of the file and send it to a stage
    /// that exists, a stage other rows name, or won/lost.
    fn check_map(
        &self,
        used: &[Vec<String>],
        unmapped: &HashSet<(String, String)>,
        rows: &[DealRefs],
    ) -> Result<(), BadStageMap> {
        for ((old, new), pipelines) in self.stage_map.iter().zip(used) {
            let spec = format!("{old}={new}");
            if pipelines.is_empty() {
                let mut names: Vec<String> = Vec::new();
                for s in rows.iter().filter_map(|r| r.stage.as_deref()).map(tidy) {
                    if !s.is_empty() && !names.iter().any(|n| key(n) == key(&s)) {
                        names.push(s);
                    }
                }
                return Err(BadStageMap {
                    spec,
                    reason: format!(
                        "no row has the stage \"{}\"; the file's stages are {}",
                        tidy(old),
                        list(&names)
                    ),
                });
            }
            if closing_word(new).is_some() {
                continue;
            }
            for name in pipelines {
                let pk = tidy(name).to_lowercase();
                let exists = self
                    .find(name)
                    .is_some_and(|p| p.stages.iter().any(|x| key(&x.name) == key(new)));
                if !exists && !unmapped.contains(&(pk, key(new))) {
                    let stages: Vec<String> = self
                        .find(name)
                        .map(|p| p.stage_names().iter().map(|s| s.to_string()).collect())
                        .unwrap_or_default();
                    return Err(BadStageMap {
                        spec,
                        reason: format!(
                            "pipeline {name} has no stage \"{}\" (its stages are {}); name an existing stage, won or lost",
                            tidy(new),
                            list(&stages)
                        ),
                    });
                }
            }
        }
        Ok(())
    }
}

fn word(o: StageOutcome) -> &'static str {
    match o {
        StageOutcome::Open => "open",
        StageOutcome::Won => "won",
        StageOutcome::Lost => "lost",
    }
}

fn list(names: &[String]) -> String {
    if names.is_empty() {
        "(none)".to_string()
    } else {
        names.join(", ")
    }
}

/// Reads `--map-stage "Old=New,Other=New"` (the option may be given several times).
pub fn parse_stage_map(specs: &[String]) -> Result<Vec<(String, String)>, BadStageMap> {
    crate::interchange::csv_import::values::pairs(specs).map_err(|spec| BadStageMap {
        spec,
        reason: "expected \"Source stage=rolo stage\"".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(pipeline: Option<&str>, stage: &str, status: Option<&str>) -> DealRefs {
        DealRefs {
            pipeline: pipeline.map(str::to_string),
            stage: (!stage.is_empty()).then(|| stage.to_string()),
            status: status.map(str::to_string),
            ..DealRefs::default()
        }
    }

    fn planner<'a>(existing: &'a [Pipeline], product: Option<Product>) -> Planner<'a> {
        Planner {
            existing,
            product,
            pipeline: None,
            stage_map: &[],
        }
    }

    #[test]
    fn hubspot_stages_come_in_hubspots_order_and_closed_ones_are_status() {
        let existing = [Pipeline::default_sales()];
        let rows = [
            row(Some("Sales Pipeline"), "contractsent", None),
            row(Some("Sales Pipeline"), "Closed Won", None),
            row(Some("Sales Pipeline"), "Appointment Scheduled", None),
            row(Some("Sales Pipeline"), "Renewal talk", None),
        ];
        let plan = planner(&existing, Some(Product::HubSpot))
            .plan(&rows)
            .unwrap();
        let won = plan.routes[1].as_ref().unwrap();
        assert_eq!(
            (won.stage.as_deref(), won.outcome),
            (None, StageOutcome::Won)
        );
        assert_eq!(plan.changes.len(), 1);
        let c = &plan.changes[0];
        let names: Vec<_> = c
            .stages
            .iter()
            .map(|s| (s.name.as_str(), s.probability))
            .collect();
        assert_eq!(
            (c.pipeline.as_str(), c.new, names),
            (
                "Sales Pipeline",
                true,
                vec![
                    ("Appointment Scheduled", 20),
                    ("Contract Sent", 90),
                    ("Renewal talk", 90)
                ]
            )
        );
    }

    #[test]
    fn existing_pipelines_gain_missing_stages_and_no_pipeline_means_the_sources() {
        let existing = [Pipeline::default_sales()];
        let rows = [
            row(Some("sales"), "Demo", None),
            row(None, "Qualified", Some("won")),
        ];
        let plan = planner(&existing, Some(Product::Pipedrive))
            .plan(&rows)
            .unwrap();
        assert_eq!(plan.changes[0].pipeline, "Sales");
        assert_eq!((plan.changes[0].id, plan.changes[0].new), (Some(0), false));
        assert_eq!(plan.changes[0].stages[0].name, "Demo");
        let second = plan.routes[1].as_ref().unwrap();
        assert_eq!(second.pipeline, "Pipedrive Pipeline");
        assert_eq!(second.outcome, StageOutcome::Won);
        assert_eq!(second.stage.as_deref(), Some("Qualified"));
    }

    #[test]
    fn contradictions_are_row_errors() {
        let plan = planner(&[], None)
            .plan(&[row(None, "Closed Won", Some("Lost"))])
            .unwrap();
        let err = plan.routes[0].clone().unwrap_err();
        assert!(
            err.contains("\"Lost\"") && err.contains("\"Closed Won\""),
            "{err}"
        );
    }

    #[test]
    fn map_stage_sends_to_existing_stages_and_refuses_unknown_ones() {
        let existing = [Pipeline::default_sales()];
        let map = parse_stage_map(&["Appointment Scheduled=Lead In, Gone=lost".into()]).unwrap();
        let mut p = planner(&existing, Some(Product::HubSpot));
        p.pipeline = Some("Sales");
        p.stage_map = &map;
        let plan = p
            .plan(&[
                row(None, "appointment scheduled", None),
                row(None, "Gone", None),
            ])
            .unwrap();
        assert_eq!(
            plan.routes[0].as_ref().unwrap().stage.as_deref(),
            Some("Lead In")
        );
        assert_eq!(plan.routes[1].as_ref().unwrap().outcome, StageOutcome::Lost);
        assert!(plan.changes.is_empty());
        let map = parse_stage_map(&["Gone=Nowhere".into()]).unwrap();
        p.stage_map = &map;
        let err = p.plan(&[row(None, "Gone", None)]).unwrap_err();
        assert!(
            err.reason.contains("no stage \"Nowhere\""),
            "{}",
            err.reason
        );
        let err = p.plan(&[row(None, "Here", None)]).unwrap_err();
        assert!(err.reason.contains("stages are Here"), "{}", err.reason);
        assert!(parse_stage_map(&["x".into()]).is_err());
    }
}
