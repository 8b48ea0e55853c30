//! Sources: finding the files to lint, reading them safely, and deciding what
//! each one is (its syntax and its input kind).

pub mod detect;
pub mod kind;
pub mod read;
pub mod walk;

pub use kind::InputKind;
