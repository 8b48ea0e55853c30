//! A loaded declarative rule and how it runs on one file.

use super::model::{Condition, ReportPart};
use super::query::{Match, Query, RelPath};
use super::template::{Fill, Template};
use crate::diagnostic::Diagnostic;
use crate::parse::node::path_to_string;
use crate::parse::{Node, PathSeg, Value};
use crate::rules::{FileContext, Rule, RuleMeta};
use crate::span::Span;

/// A rule read from a rule file; runs like a native rule.
#[derive(Debug)]
pub struct DeclarativeRule {
    pub(super) meta: RuleMeta,
    /// Where the rule was defined (`rules/ECS101-privileged-container.yaml`).
    pub(super) origin: String,
    /// The candidates: every node any of these queries selects.
    pub(super) select: Vec<Query>,
    /// The bad condition; `None` means every candidate is a finding.
    pub(super) when: Option<Condition>,
    pub(super) report: ReportPart,
    /// Where to point instead of the candidate: the first path that reaches a node.
    pub(super) at: Vec<RelPath>,
    pub(super) message: Template,
    pub(super) help: Option<Template>,
}

impl DeclarativeRule {
    /// Where the rule was defined.
    #[must_use]
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Its code and name, as taken.
    #[must_use]
    pub fn taken(&self) -> super::Taken<'_> {
        super::Taken {
            meta: &self.meta,
            origin: Some(&self.origin),
        }
    }

    /// The candidates under `root`, without repeats when queries overlap.
    fn candidates<'a>(&self, root: &'a Node) -> Vec<Match<'a>> {
        let mut all: Vec<Match<'a>> = Vec::new();
        for query in &self.select {
            for m in query.matches(root) {
                if self.select.len() == 1 || !all.iter().any(|seen| std::ptr::eq(seen.node, m.node))
                {
                    all.push(m);
                }
            }
        }
        all
    }

    fn finding(&self, candidate: &Match<'_>, root: &Node) -> Diagnostic {
        let pointed = self
            .at
            .iter()
            .filter_map(|p| p.first(candidate.node, root))
            .find(|f| !matches!(f.node.value, Value::Null));
        let (node, path, key_span): (&Node, Vec<PathSeg>, Option<Span>) = match pointed {
            Some(f) if f.from_root => (f.node, f.path, f.key_span),
            Some(f) => {
                let mut path = candidate.path.clone();
                path.extend(f.path);
                (f.node, path, f.key_span)
            }
            None => (candidate.node, candidate.path.clone(), candidate.key_span),
        };
        let span = match self.report {
            ReportPart::Key => key_span.unwrap_or(node.span),
            ReportPart::Value => node.span,
        };
        let logical = path_to_string(&path);
        let fill = Fill {
            reported: node,
            key: match path.last() {
                Some(PathSeg::Key(k)) => k.clone(),
                Some(PathSeg::Index(i)) => i.to_string(),
                None => String::new(),
            },
            path: &logical,
            selected: candidate.node,
            selected_path: &candidate.path,
            root,
        };
        let mut d = Diagnostic::new(&self.meta, span, self.message.render(&fill))
            .with_logical_path(logical.clone());
        if let Some(help) = &self.help {
            d = d.with_help(help.render(&fill));
        }
        d
    }
}

impl Rule for DeclarativeRule {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check(&self, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
        let Some(root) = ctx.root else { return };
        for candidate in self.candidates(root) {
            if self
                .when
                .as_ref()
                .is_none_or(|w| w.holds(candidate.node, root))
            {
                out.push(self.finding(&candidate, root));
            }
        }
    }
}
