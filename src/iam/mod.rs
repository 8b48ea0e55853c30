//! AWS IAM: the typed policy model and the offline request evaluator.

pub mod assertions;
pub mod eval;
pub mod policy;
