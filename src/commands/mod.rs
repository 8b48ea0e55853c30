//! Subcommands with more than a few lines of glue, one module each.

pub mod can;
