//! Pipelines: creating them and editing their stages.

use super::record::{add, update};
use crate::error::{Error, Result};
use crate::model::{Pipeline, Stage, StageOutcome};
use crate::store::{Committed, Store};

/// A stage as typed: "Demo", "Demo:40" (probability) or "Demo:40:10" (and rotting days).
pub fn parse_stage_spec(spec: &str) -> Result<(String, Option<u8>, Option<u32>)> {
    let mut parts = spec.split(':');
    let name = parts.next().unwrap_or("").trim().to_string();
    if name.is_empty() {
        return Err(Error::invalid(
            "stages",
            format!("'{spec}': a stage needs a name (Name, Name:PROB or Name:PROB:ROTDAYS)"),
        ));
    }
    let prob = match parts.next().map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => Some(
            p.trim_end_matches('%')
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= 100)
                .ok_or_else(|| {
                    Error::invalid(
                        "stages",
                        format!("'{spec}': probability '{p}' must be a whole number from 0 to 100"),
                    )
                })?,
        ),
        None => None,
    };
    let rot = match parts.next().map(str::trim).filter(|p| !p.is_empty()) {
        Some(r) => Some(r.trim_end_matches('d').parse::<u32>().map_err(|_| {
            Error::invalid(
                "stages",
                format!("'{spec}': rotting days '{r}' must be a whole number"),
            )
        })?),
        None => None,
    };
    if parts.next().is_some() {
        return Err(Error::invalid(
            "stages",
            format!("'{spec}': too many ':' (Name:PROB:ROTDAYS)"),
        ));
    }
    Ok((name, prob, rot))
}

/// Creates a pipeline with these open stages (Won and Lost are added at the end).
pub fn add_pipeline(store: &Store, name: &str, stages: &[String]) -> Result<Committed<Pipeline>> {
    if stages.is_empty() {
        return Err(Error::invalid(
            "stages",
            "a pipeline needs at least one stage, e.g. --stages \"Lead:10,Demo:40,Proposal:60\"",
        ));
    }
    let mut out = Vec::new();
    let n = stages.len();
    for (i, spec) in stages.iter().enumerate() {
        let (name, prob, rot) = parse_stage_spec(spec)?;
        // Without a probability, spread stages evenly between 10% and 90%.
        let default_prob = if n == 1 {
            50
        } else {
            10 + (80 * i / (n - 1)) as u8
        };
        out.push(Stage {
            id: i as u32 + 1,
            name,
            probability: prob.unwrap_or(default_prob),
            rot_days: rot.or(Some(14)),
            outcome: StageOutcome::Open,
        });
    }
    let next = out.len() as u32 + 1;
    out.push(Stage {
        id: next,
        name: "Won".into(),
        probability: 100,
        rot_days: None,
        outcome: StageOutcome::Won,
    });
    out.push(Stage {
        id: next + 1,
        name: "Lost".into(),
        probability: 0,
        rot_days: None,
        outcome: StageOutcome::Lost,
    });
    add(
        store,
        Pipeline {
            id: 0,
            name: name.to_string(),
            stages: out,
        },
    )
}

/// Edits one stage: rename, probability, rotting days.
pub fn edit_stage(
    store: &Store,
    pipeline: u64,
    stage: &str,
    rename: Option<String>,
    probability: Option<u8>,
    rot_days: Option<Option<u32>>,
) -> Result<Committed<Pipeline>> {
    update(store, pipeline, |p: &mut Pipeline| {
        let id = p
            .find_stage(stage)
            .map_err(|m| Error::invalid("stage", m))?
            .id;
        let Some(s) = p.stages.iter_mut().find(|s| s.id == id) else {
            return Err(Error::invalid("stage", format!("no stage '{stage}'")));
        };
        if let Some(n) = rename {
            s.name = n;
        }
        if let Some(pr) = probability {
            s.probability = pr;
        }
        if let Some(r) = rot_days {
            s.rot_days = r;
        }
        Ok(())
    })
}

/// Adds an open stage before Won/Lost, or after the stage named `after`.
pub fn add_stage(
    store: &Store,
    pipeline: u64,
    spec: &str,
    after: Option<&str>,
) -> Result<Committed<Pipeline>> {
    let (name, prob, rot) = parse_stage_spec(spec)?;
    update(store, pipeline, |p: &mut Pipeline| {
        let id = p.stages.iter().map(|s| s.id).max().unwrap_or(0) + 1;
        let pos = match after {
            Some(a) => p
                .position(p.find_stage(a).map_err(|m| Error::invalid("after", m))?.id)
                .map(|i| i + 1)
                .unwrap_or(0),
            None => p
                .stages
                .iter()
                .position(|s| s.outcome != StageOutcome::Open)
                .unwrap_or(p.stages.len()),
        };
        p.stages.insert(
            pos,
            Stage {
                id,
                name,
                probability: prob.unwrap_or(50),
                rot_days: rot.or(Some(14)),
                outcome: StageOutcome::Open,
            },
        );
        Ok(())
    })
}

/// Removes an open stage that holds no deals.
pub fn remove_stage(store: &Store, pipeline: u64, stage: &str) -> Result<Committed<Pipeline>> {
    update(store, pipeline, |p: &mut Pipeline| {
        let s = p
            .find_stage(stage)
            .map_err(|m| Error::invalid("stage", m))?
            .clone();
        if s.outcome != StageOutcome::Open {
            return Err(Error::invalid(
                "stage",
                format!("{} is a closing stage and cannot be removed", s.name),
            ));
        }
        p.stages.retain(|x| x.id != s.id);
        Ok(())
    })
}

/// Checks a pipeline's stages: unique non-empty names, probabilities in range, at
/// least one open stage, exactly one Won and one Lost stage.
pub fn check_stages(p: &Pipeline) -> Result<()> {
    let mut names = std::collections::BTreeSet::new();
    for s in &p.stages {
        if s.name.trim().is_empty() {
            return Err(Error::invalid("stages", "a stage name must not be empty"));
        }
        if !names.insert(s.name.to_lowercase()) {
            return Err(Error::invalid(
                "stages",
                format!("two stages are named {}", s.name),
            ));
        }
        if s.probability > 100 {
            return Err(Error::invalid(
                "stages",
                format!("{}: probability {} is over 100", s.name, s.probability),
            ));
        }
    }
    let count = |o| p.stages.iter().filter(|s| s.outcome == o).count();
    if count(StageOutcome::Open) == 0 {
        return Err(Error::invalid(
            "stages",
            "a pipeline needs at least one open stage",
        ));
    }
    if count(StageOutcome::Won) != 1 || count(StageOutcome::Lost) != 1 {
        return Err(Error::invalid(
            "stages",
            "a pipeline needs exactly one Won and one Lost stage",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_specs_parse() {
        assert_eq!(
            parse_stage_spec("Demo:40:10").unwrap(),
            ("Demo".into(), Some(40), Some(10))
        );
        assert_eq!(
            parse_stage_spec("Demo").unwrap(),
            ("Demo".into(), None, None)
        );
        assert!(parse_stage_spec("Demo:140").is_err());
        assert!(parse_stage_spec(":40").is_err());
        assert!(parse_stage_spec("A:1:2:3").is_err());
    }
}
