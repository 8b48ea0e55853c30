//! CloudFormation and SAM templates: the model, intrinsic functions and
//! conditions, and the facts that rules share (policies, networks).

pub mod conditions;
pub mod for_each;
pub mod intrinsics;
pub mod template;

pub use conditions::{Branches, Scenario};
pub use intrinsics::{Resolver, intrinsic};
pub use template::{Resource, Template};
pub mod branches;
pub mod ingress;
pub mod network;
pub mod policies;
pub mod schema;
pub mod schema_check;
