//! A loaded declarative rule and how it runs on one file.

use super::model::{Condition, ReportPart};
use std::collections::HashSet;

use super::query::{Match, Query, RelPath, Selected, parse_normalized_path};
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
    fn candidates<'a>(&self, root: &'a Node) -> Vec<Selected<'a>> {
        let [query] = self.select.as_slice() else {
            let mut seen: HashSet<*const Node> = HashSet::new();
            return self
                .select
                .iter()
                .flat_map(|q| q.select(root))
                .filter(|s| seen.insert(std::ptr::from_ref(s.node)))
                .collect();
        };
        query.select(root)
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
            _ if path.is_empty() => Span::at(node.span.range().start),
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

/// The member name a candidate has in its parent, from its normalized path.
fn candidate_key(path: &str) -> Option<String> {
    match parse_normalized_path(path)?.pop()? {
        PathSeg::Key(k) => Some(k),
        PathSeg::Index(_) => None,
    }
}

impl Rule for DeclarativeRule {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check(&self, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
        let Some(root) = ctx.root else { return };
        // `key-matches` needs each candidate's member name, which costs its path.
        let keyed = self.when.as_ref().is_some_and(Condition::needs_key);
        for candidate in self.candidates(root) {
            let holds = match &self.when {
                None => true,
                Some(w) if keyed => {
                    let key = candidate_key(&candidate.path);
                    w.holds_keyed(candidate.node, key.as_deref(), root)
                }
                Some(w) => w.holds(candidate.node, root),
            };
            if holds && let Some(located) = candidate.locate(root) {
                out.push(self.finding(&located, root));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::config::Settings;
    use crate::parse::{Limits, Syntax, json::parse_json};
    use crate::span::LineIndex;

    /// Loads a rule written as JSON and runs it on a JSON document:
    /// `line:col text-under-span | message | logical path` per finding.
    fn run(rule: &str, doc: &str) -> Vec<String> {
        let rule_root = parse_json(rule, &Limits::default()).root.unwrap();
        let rule = super::super::load_rule(&rule_root, rule, "test.json", &[]).unwrap();
        let root = parse_json(doc, &Limits::default()).root.unwrap();
        let settings = Settings::default();
        let ctx = FileContext {
            path: Path::new("doc.json"),
            text: doc,
            syntax: Syntax::Json,
            kind: None,
            root: Some(&root),
            parse_issues: &[],
            settings: &settings,
            derived: crate::rules::derived::Derived::default(),
        };
        let mut out = Vec::new();
        rule.check(&ctx, &mut out);
        let index = LineIndex::new(doc);
        out.iter()
            .map(|d| {
                let lc = index.line_col(doc, d.span.start);
                format!(
                    "{}:{} {} | {} | {}",
                    lc.line,
                    lc.column,
                    d.span.text(doc),
                    d.message,
                    d.logical_path.as_deref().unwrap_or("")
                )
            })
            .collect()
    }

    fn rule(extra: &str) -> String {
        format!(
            r#"{{"code": "T001", "name": "t", "severity": "note", "kinds": ["iam-policy"],
                "summary": "s", "message": "{{key}}={{value}}", {extra}}}"#
        )
    }

    const PROPS: &str = r#"{"allow.everyone.if.no.acl.found": "TRUE", "default.replication.factor": "2", "broker.rack": "a"}"#;

    #[test]
    fn a_single_key_test_on_properties_style_strings() {
        let r = rule(
            r#""select": "$['allow.everyone.if.no.acl.found']", "when": {"equals": true}, "report": "key""#,
        );
        assert_eq!(
            run(&r, PROPS),
            vec![
                "1:2 \"allow.everyone.if.no.acl.found\" | allow.everyone.if.no.acl.found=TRUE | $['allow.everyone.if.no.acl.found']"
            ]
        );
        let r = rule(
            r#""select": "$['default.replication.factor']", "when": {"all": [{"lt": 3}, {"path": "$['broker.rack']", "exists": true}]}"#,
        );
        assert_eq!(run(&r, PROPS).len(), 1);
        let r = rule(
            r#""select": "$['default.replication.factor']", "when": [{"lt": 3}, {"path": "$['broker.id']", "exists": true}]"#,
        );
        assert!(run(&r, PROPS).is_empty(), "a list is `all`");
    }

    #[test]
    fn without_when_every_candidate_is_a_finding() {
        let doc = r#"{"Statement": [{"Effect": "Allow", "NotAction": "iam:*"}, {"Effect": "Deny", "NotAction": "s3:*"}]}"#;
        let r = rule(r#""select": "$.Statement[?@.Effect == 'Allow' && @.NotAction].NotAction""#);
        assert_eq!(
            run(&r, doc),
            vec!["1:49 \"iam:*\" | NotAction=iam:* | $.Statement[0].NotAction"]
        );
    }

    #[test]
    fn at_points_at_the_first_path_found() {
        let doc = r#"{"c": [{"name": "a", "ro": false}, {"name": "b"}, {"ro": null}]}"#;
        let r = rule(
            r#""select": "$.c[*]", "when": {"not": {"path": "ro", "equals": true}}, "at": ["ro", "name"]"#,
        );
        assert_eq!(
            run(&r, doc),
            vec![
                "1:28 false | ro=false | $.c[0].ro",
                "1:45 \"b\" | name=b | $.c[1].name",
                "1:51 {\"ro\": null} | 2={…} | $.c[2]",
            ]
        );
    }

    #[test]
    fn report_key_falls_back_to_the_value_for_list_items() {
        let doc = r#"{"a": [1, 2]}"#;
        let r = rule(r#""select": "$.a[*]", "when": {"gt": 1}, "report": "key""#);
        assert_eq!(run(&r, doc), vec!["1:11 2 | 1=2 | $.a[1]"]);
    }

    #[test]
    fn overlapping_queries_report_each_node_once() {
        let doc = r#"{"networkMode": "host", "taskDefinition": {"networkMode": "host"}}"#;
        let r =
            rule(r#""select": ["$.networkMode", "$..networkMode"], "when": {"equals": "host"}"#);
        assert_eq!(
            run(&r, doc),
            vec![
                "1:17 \"host\" | networkMode=host | $.networkMode",
                "1:59 \"host\" | networkMode=host | $.taskDefinition.networkMode",
            ]
        );
    }

    #[test]
    fn cassandra_string_or_mapping() {
        let r = rule(
            r#""select": "$.authenticator", "when": {"any": [{"matches": "AllowAllAuthenticator$"}, {"path": "class_name", "matches": "AllowAllAuthenticator$"}]}"#,
        );
        assert_eq!(
            run(&r, r#"{"authenticator": "AllowAllAuthenticator"}"#).len(),
            1
        );
        assert_eq!(
            run(&r, r#"{"authenticator": {"class_name": "org.apache.cassandra.auth.AllowAllAuthenticator"}}"#).len(),
            1
        );
        assert!(
            run(
                &r,
                r#"{"authenticator": {"class_name": "PasswordAuthenticator"}}"#
            )
            .is_empty()
        );
    }

    #[test]
    fn a_missing_setting_points_at_the_start_of_the_file() {
        let r = rule(
            r#""select": "$", "when": {"path": "$['broker.rack']", "absent": true}, "at": ["$['broker.rack']"]"#,
        );
        assert_eq!(run(&r, "{\n  \"broker.id\": 1\n}"), vec!["1:1  | ={…} | $"]);
        assert!(run(&r, r#"{"broker.rack": "use1-az1"}"#).is_empty());
    }

    #[test]
    fn key_matches_picks_settings_by_name() {
        let r = rule(
            r#""select": "$.*", "when": [{"key-matches": "(^|\\.)ssl\\.key\\.password$"}, {"not": {"matches": "^\\$\\{"}}], "report": "key""#,
        );
        let doc = r#"{"ssl.key.password": "x", "listener.name.a.ssl.key.password": "${file:p:k}", "listener.name.b.ssl.key.password": "y", "ssl.key.passwords": "z"}"#;
        assert_eq!(
            run(&r, doc),
            vec![
                "1:2 \"ssl.key.password\" | ssl.key.password=x | $['ssl.key.password']",
                "1:78 \"listener.name.b.ssl.key.password\" | listener.name.b.ssl.key.password=y | $['listener.name.b.ssl.key.password']",
            ]
        );
    }

    #[test]
    fn a_file_without_a_tree_is_skipped() {
        let rule_text = rule(r#""select": "$""#);
        let rule_root = parse_json(&rule_text, &Limits::default()).root.unwrap();
        let rule = super::super::load_rule(&rule_root, &rule_text, "t", &[]).unwrap();
        let settings = Settings::default();
        let ctx = FileContext {
            path: Path::new("x"),
            text: "{",
            syntax: Syntax::Json,
            kind: None,
            root: None,
            parse_issues: &[],
            settings: &settings,
            derived: crate::rules::derived::Derived::default(),
        };
        let mut out = Vec::new();
        rule.check(&ctx, &mut out);
        assert!(out.is_empty());
    }
}
