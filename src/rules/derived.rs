//! What several rules derive from the same file (the template model, the
//! policy documents), built once per file on first use instead of once per
//! rule: over the benchmark corpus, rebuilding them for each of the IAM and
//! CloudFormation rules cost more than parsing the files.

use std::sync::OnceLock;

use crate::cfn::Template;
use crate::rules::iam::PolicyInput;

/// The per-file cache of a [`super::FileContext`]; starts empty.
#[derive(Default)]
pub struct Derived<'a> {
    pub(crate) template: OnceLock<Option<Template<'a>>>,
    pub(crate) policies: OnceLock<Vec<PolicyInput>>,
}
