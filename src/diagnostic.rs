//! Findings as data. Rules produce [`Diagnostic`]s; renderers in `report`
//! turn them into text, JSON or SARIF. Nothing here knows about terminals.

use crate::parse::node::{PathSeg, path_to_string};
use crate::rules::RuleMeta;
use crate::span::Span;
use serde::Serialize;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Severity> {
        match s.to_ascii_lowercase().as_str() {
            "note" | "info" => Some(Severity::Note),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A secondary location with its own message ("list opened here").
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// One finding in one file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    pub code: String,
    pub name: String,
    pub severity: Severity,
    pub message: String,
    /// The offending key or value.
    pub span: Span,
    pub labels: Vec<Label>,
    pub help: Option<String>,
    /// Where in the document, as a JSONPath-like string (`$.Statement[0].Action`)
    /// or a CloudFormation path (`Resources.Role.Properties.Policies[0]`): stable
    /// across edits that move lines, so it feeds fingerprints and baselines.
    pub logical_path: Option<String>,
}

impl Diagnostic {
    /// A finding of `rule` at `span`, with the rule's default severity.
    #[must_use]
    pub fn new(rule: &RuleMeta, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code: rule.code.to_string(),
            name: rule.name.to_string(),
            severity: rule.severity,
            message: message.into(),
            span,
            labels: Vec::new(),
            help: None,
            logical_path: None,
        }
    }

    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    #[must_use]
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    #[must_use]
    pub fn with_path(mut self, path: &[PathSeg]) -> Diagnostic {
        self.logical_path = Some(path_to_string(path));
        self
    }

    #[must_use]
    pub fn with_logical_path(mut self, path: impl Into<String>) -> Diagnostic {
        self.logical_path = Some(rooted_logical_path(path.into()));
        self
    }

    #[must_use]
    pub fn with_severity(mut self, severity: Severity) -> Diagnostic {
        self.severity = severity;
        self
    }
}

/// A logical path in the one form JSON and SARIF output promise: rooted at
/// `$` (`$.Resources.Web.Properties`, `$[0].Ebs`). Template rules write
/// `Resources.…`; suppressions in the configuration may too.
#[must_use]
pub fn rooted_logical_path(path: String) -> String {
    if path.starts_with('$') {
        path
    } else if path.starts_with('[') {
        format!("${path}")
    } else {
        format!("$.{path}")
    }
}

#[cfg(test)]
mod tests {
    use super::rooted_logical_path;

    #[test]
    fn logical_paths_are_rooted_once() {
        for (given, want) in [
            ("Resources.Web.Properties", "$.Resources.Web.Properties"),
            ("$.Statement[0]", "$.Statement[0]"),
            ("[0].Ebs", "$[0].Ebs"),
            ("$[1]", "$[1]"),
        ] {
            assert_eq!(rooted_logical_path(given.to_string()), want);
        }
    }
}
