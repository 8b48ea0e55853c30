//! cloudlint: lints AWS IAM policies and the cloud configuration around them.
//!
//! The pipeline, one folder per stage:
//! `source` (walk, read, detect) → `parse` (one positioned tree) → typed
//! models → `rules` → `report`. See `docs/architecture.md`.
#![forbid(unsafe_code)]

pub mod baseline;
pub mod cassandra;
pub mod cfn;
pub mod cli;
pub mod commands;
pub mod config;
pub mod diagnostic;
pub mod ec2;
pub mod emr;
#[doc(hidden)]
pub mod fuzzing;
pub mod iam;
pub mod kafka;
pub mod lint;
pub mod parse;
pub mod report;
pub mod rules;
pub mod source;
pub mod span;
pub mod suggest;
pub mod suppress;
