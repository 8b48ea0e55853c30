//! The registry of native rules: a plain static list, no linker tricks.

use super::{Rule, ecs, suppress, syntax};

/// Every native rule, in code order.
pub static NATIVE_RULES: &[&dyn Rule] = &[
    &syntax::invalid_syntax::RULE,
    &syntax::json_comment::RULE,
    &syntax::trailing_comma::RULE,
    &syntax::duplicate_key::RULE,
    &syntax::input_limit_exceeded::RULE,
    &syntax::unreadable_file::RULE,
    &syntax::internal_error::RULE,
    &ecs::unknown_container_field::RULE,
    &suppress::unused_suppression::RULE,
    &suppress::expired_suppression::RULE,
    &suppress::invalid_suppression::RULE,
];

/// Every native rule.
#[must_use]
pub fn all_rules() -> Vec<&'static dyn Rule> {
    NATIVE_RULES.to_vec()
}

/// A native rule by code or name.
#[must_use]
pub fn find_rule(code_or_name: &str) -> Option<&'static dyn Rule> {
    NATIVE_RULES
        .iter()
        .copied()
        .find(|r| r.meta().code.eq_ignore_ascii_case(code_or_name) || r.meta().name == code_or_name)
}
