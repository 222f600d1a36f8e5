//! `rolo pipeline list|add|stages|rm`.

use crate::model::words::plural;
use clap::Subcommand;

use super::Ctx;
use super::output::Listing;
use crate::error::Error;
use crate::model::*;
use crate::ops::{self, pipeline as pops};
use crate::store::Queries;

/// Pipeline subcommands.
#[derive(Debug, Subcommand)]
pub enum PipelineCmd {
    /// List pipelines with their stages.
    #[command(visible_alias = "ls")]
    List,
    /// Add a pipeline: `rolo pipeline add Renewals --stages "Upcoming:20,In talks:60"`.
    Add {
        /// Name.
        name: String,
        /// Open stages in order, comma-separated: Name, Name:PROB or Name:PROB:ROTDAYS.
        /// Won and Lost are added at the end.
        #[arg(long, value_delimiter = ',', required = true)]
        stages: Vec<String>,
    },
    /// Show a pipeline's stages, or change them.
    Stages {
        /// The pipeline (P-n or name).
        pipeline: String,
        /// Add a stage (Name, Name:PROB or Name:PROB:ROTDAYS) before Won.
        #[arg(long, conflicts_with_all = ["remove", "edit"])]
        add: Option<String>,
        /// With --add: put it after this stage.
        #[arg(long, requires = "add")]
        after: Option<String>,
        /// Remove an open stage that holds no deals.
        #[arg(long, conflicts_with = "edit")]
        remove: Option<String>,
        /// Change this stage (with --rename, --probability, --rot-days).
        #[arg(long)]
        edit: Option<String>,
        /// New name for --edit.
        #[arg(long, requires = "edit")]
        rename: Option<String>,
        /// New win probability (0-100) for --edit.
        #[arg(long, requires = "edit")]
        probability: Option<u8>,
        /// Days after which a deal in the stage is rotting, for --edit (0: never).
        #[arg(long, requires = "edit")]
        rot_days: Option<u32>,
    },
    /// Delete a pipeline that holds no deals.
    Rm {
        /// The pipeline (P-n or name).
        pipeline: String,
    },
}

/// Runs a pipeline subcommand.
pub fn run(ctx: &Ctx, cmd: PipelineCmd) -> anyhow::Result<()> {
    match cmd {
        PipelineCmd::List => {
            let r = ctx.store.read()?;
            let mut l = Listing::new(vec!["ID", "NAME", "STAGES", "OPEN DEALS"]);
            for p in r.pipelines()? {
                let mut open = 0;
                for s in p.open_stages() {
                    open += r.deals_in_stage(p.id, s.id)?.len();
                }
                l.push(
                    vec![
                        format!("P-{}", p.id),
                        p.name.clone(),
                        p.stage_names().join(" → "),
                        open.to_string(),
                    ],
                    pipeline_json(&p),
                );
            }
            l.print(ctx, "no pipelines")
        }
        PipelineCmd::Add { name, stages } => {
            let p = pops::add_pipeline(ctx.store, &name, &stages)?.value;
            ctx.report(
                format!(
                    "added pipeline P-{} {}: {}",
                    p.id,
                    p.name,
                    p.stage_names().join(" → ")
                ),
                || pipeline_json(&p),
            )
        }
        PipelineCmd::Stages {
            pipeline,
            add,
            after,
            remove,
            edit,
            rename,
            probability,
            rot_days,
        } => {
            let p = ctx.store.read()?.find_pipeline(&pipeline)?;
            let changed = if let Some(spec) = add {
                Some(pops::add_stage(ctx.store, p.id, &spec, after.as_deref())?.value)
            } else if let Some(s) = remove {
                Some(pops::remove_stage(ctx.store, p.id, &s)?.value)
            } else if let Some(s) = edit {
                if rename.is_none() && probability.is_none() && rot_days.is_none() {
                    return Err(Error::invalid(
                        "edit",
                        "say what to change: --rename, --probability or --rot-days",
                    )
                    .into());
                }
                if probability.is_some_and(|p| p > 100) {
                    return Err(Error::invalid("probability", "must be from 0 to 100").into());
                }
                Some(
                    pops::edit_stage(
                        ctx.store,
                        p.id,
                        &s,
                        rename,
                        probability,
                        rot_days.map(|d| (d > 0).then_some(d)),
                    )?
                    .value,
                )
            } else {
                None
            };
            let p = changed.unwrap_or(p);
            let r = ctx.store.read()?;
            let mut l = Listing::new(vec![
                "#",
                "STAGE",
                "PROBABILITY",
                "ROTS AFTER",
                "KIND",
                "DEALS",
            ]);
            for (i, s) in p.stages.iter().enumerate() {
                l.push(
                    vec![
                        (i + 1).to_string(),
                        s.name.clone(),
                        format!("{}%", s.probability),
                        s.rot_days.map(|d| plural(d, "day")).unwrap_or_default(),
                        format!("{:?}", s.outcome).to_lowercase(),
                        r.deals_in_stage(p.id, s.id)?.len().to_string(),
                    ],
                    stage_json(s),
                );
            }
            l.print(ctx, "no stages")
        }
        PipelineCmd::Rm { pipeline } => {
            let p = ctx.store.read()?.find_pipeline(&pipeline)?;
            ops::delete(ctx.store, RecordId::new(Kind::Pipeline, p.id), false)?;
            ctx.report(
                format!("deleted pipeline P-{} {}", p.id, p.name),
                || serde_json::json!({"deleted": format!("P-{}", p.id)}),
            )
        }
    }
}

fn stage_json(s: &Stage) -> serde_json::Value {
    serde_json::json!({
        "name": s.name,
        "probability": s.probability,
        "rot_days": s.rot_days,
        "outcome": format!("{:?}", s.outcome).to_lowercase(),
    })
}

fn pipeline_json(p: &Pipeline) -> serde_json::Value {
    serde_json::json!({
        "id": format!("P-{}", p.id),
        "name": p.name,
        "stages": p.stages.iter().map(stage_json).collect::<Vec<_>>(),
    })
}
