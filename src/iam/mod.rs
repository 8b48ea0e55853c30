//! AWS IAM: the action catalogue, the wildcard matcher, the typed policy
//! model and the offline request evaluator.

pub mod assertions;
pub mod catalog;
pub mod eval;
pub mod policy;
pub mod wildcard;
