//! The pipelines and stages a deals import names: what rolo knows of other products'
//! defaults ([`known`]) and the plan of what to create and where each row goes
//! ([`plan`]). The apply step carries the plan out in the import's transaction.

pub mod known;
pub mod plan;

pub use known::Product;
pub use plan::{BadStageMap, DealRefs, NewStage, PipelineChange, Plan, Planner, Route};
