//! AWS IAM: the typed policy model and the offline request evaluator.

pub mod eval;
pub mod policy;
