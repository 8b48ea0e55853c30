//! Settings that shape a run: rule selection, limits, and account facts.
//! (The `.cloudlint.toml` file that fills them is read by `config::file`.)

use crate::diagnostic::Severity;
use crate::parse::Limits;
use crate::rules::RuleSelection;

#[derive(Debug, Clone)]
pub struct Settings {
    pub selection: RuleSelection,
    pub limits: Limits,
    /// Findings at or above this severity make the exit status 1; `None` never fails.
    pub fail_on: Option<Severity>,
    /// Tag keys every taggable resource must carry.
    pub required_tags: Vec<String>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            selection: RuleSelection::default(),
            limits: Limits::default(),
            fail_on: Some(Severity::Warning),
            required_tags: Vec::new(),
        }
    }
}
