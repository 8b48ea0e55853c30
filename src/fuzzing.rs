//! The fuzz targets' logic, shared by `fuzz/fuzz_targets/*` and the replay of
//! their minimised findings in `tests/fuzz_regressions.rs`.
//!
//! Each function takes arbitrary bytes, runs one part of cloudlint on them and
//! panics when an invariant breaks (a span outside the text, a panic contained
//! as SYN007, a matcher that disagrees with its reference). Not part of the
//! stable API.
#![allow(
    clippy::panic,
    reason = "a broken invariant must crash the fuzzer, which is how it reports"
)]

use std::path::Path;

use crate::config::Settings;
use crate::iam::eval::{Context, PolicyDoc, PolicySet, Request, evaluate};
use crate::iam::policy::PolicyType;
use crate::iam::wildcard::wildcard_match;
use crate::lint::{RunOptions, RunResult, lint_text};
use crate::parse::{Limits, Node, Parsed, Value, json, properties, yaml};
use crate::report::{Format, ReportContext};
use crate::rules::all_rules;
use crate::source::InputKind;
use crate::source::read::decode;
use crate::source::walk::PathFilter;
use crate::span::Span;

/// What a fuzz target runs on one input.
pub type Target = fn(&[u8]);

/// The targets, by the name of their fuzz target and `testdata/fuzz/` folder.
pub const TARGETS: &[(&str, Target)] = &[
    ("json", json_target),
    ("yaml", yaml_target),
    ("properties", properties_target),
    ("wildcard", wildcard_target),
    ("condition", condition_target),
    ("pipeline", pipeline_target),
];

/// The strict JSON parser.
pub fn json_target(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        check_parsed(text, &json::parse_json(text, &Limits::default()));
    }
}

/// The YAML parser.
pub fn yaml_target(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        check_parsed(text, &yaml::parse_yaml(text, &Limits::default()));
    }
}

/// The `.properties` parser.
pub fn properties_target(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        check_parsed(
            text,
            &properties::parse_properties(text, &Limits::default()),
        );
    }
}

/// The IAM wildcard matcher: the first line is the pattern, the rest the
/// subject; the answer must agree with a dynamic-programming reference.
pub fn wildcard_target(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (pattern, subject) = text.split_once('\n').unwrap_or((&text, ""));
    // The reference is |pattern|·|subject| in time and memory: keep it small.
    if pattern.len() > 2_000 || subject.len() > 2_000 {
        return;
    }
    for case_insensitive in [false, true] {
        let got = wildcard_match(pattern, subject, case_insensitive);
        let want = reference_match(pattern, subject, case_insensitive);
        if got != want {
            panic!(
                "wildcard_match({pattern:?}, {subject:?}, {case_insensitive}) = {got}, expected {want}"
            );
        }
    }
}

/// Condition operators the condition target picks from; unknown names are
/// the compiler's business and are reached through the pipeline target.
const OPERATORS: &[&str] = &[
    "StringEquals",
    "StringNotEquals",
    "StringEqualsIgnoreCase",
    "StringNotEqualsIgnoreCase",
    "StringLike",
    "StringNotLike",
    "NumericEquals",
    "NumericNotEquals",
    "NumericLessThan",
    "NumericLessThanEquals",
    "NumericGreaterThan",
    "NumericGreaterThanEquals",
    "DateEquals",
    "DateNotEquals",
    "DateLessThan",
    "DateLessThanEquals",
    "DateGreaterThan",
    "DateGreaterThanEquals",
    "Bool",
    "BinaryEquals",
    "IpAddress",
    "NotIpAddress",
    "ArnEquals",
    "ArnLike",
    "ArnNotEquals",
    "ArnNotLike",
    "Null",
];

/// Condition keys the condition target picks from (global keys of each value type).
const KEYS: &[&str] = &[
    "aws:username",
    "aws:SourceIp",
    "aws:CurrentTime",
    "aws:EpochTime",
    "aws:SecureTransport",
    "aws:MultiFactorAuthAge",
    "aws:PrincipalArn",
    "aws:SourceArn",
    "aws:PrincipalTag/team",
    "aws:TagKeys",
    "s3:prefix",
    "kms:EncryptionContext:dept",
];

/// Condition evaluation: one statement with one condition, decided against a
/// request whose context comes from the input.
///
/// Byte 0 picks the operator and its set/`IfExists` modifiers, byte 1 the key;
/// the rest is text whose lines are the condition's values until an empty
/// line, then the context values of the key (none: the key is absent).
pub fn condition_target(data: &[u8]) {
    let (Some(&op), Some(&key)) = (data.first(), data.get(1)) else {
        return;
    };
    let operator = OPERATORS
        .get(usize::from(op) % OPERATORS.len())
        .copied()
        .unwrap_or("StringEquals");
    let set = match (op / 32) % 3 {
        1 => "ForAnyValue:",
        2 => "ForAllValues:",
        _ => "",
    };
    let if_exists = if op >= 128 { "IfExists" } else { "" };
    let key = KEYS
        .get(usize::from(key) % KEYS.len())
        .copied()
        .unwrap_or("aws:username");
    let rest = String::from_utf8_lossy(data.get(2..).unwrap_or(&[])).into_owned();
    let mut lines = rest.split('\n');
    let values: Vec<&str> = lines.by_ref().take_while(|l| !l.is_empty()).collect();
    let context_values: Vec<&str> = lines.collect();

    let policy = serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Action": "s3:GetObject",
            "Resource": "*",
            "Condition": { format!("{set}{operator}{if_exists}"): { key: values } }
        }]
    });
    let Ok(doc) = PolicyDoc::from_text("fuzz.json", &policy.to_string(), PolicyType::Identity)
    else {
        return;
    };
    let mut context = Context::default();
    for v in &context_values {
        context.add(key, v);
    }
    let Ok(request) = Request::new(
        "arn:aws:iam::111122223333:user/alice",
        "s3:GetObject",
        "arn:aws:s3:::bucket/key",
    ) else {
        panic!("the fixed request is valid");
    };
    let set = PolicySet {
        identity: vec![doc],
        ..PolicySet::default()
    };
    // Either a decision or a typed error about a context value; never a panic.
    let _ = evaluate(&set, &request.with_context(context));
}

/// File names the pipeline target lints under, one per syntax and detection path.
const NAMES: &[&str] = &[
    "policy.json",
    "template.yaml",
    "server.properties",
    "cassandra.yaml",
    "taskdef.json",
    "rules/rule.yaml",
];

/// The whole per-file pipeline: bytes in (decoded as a file is), findings out,
/// rendered for people.
///
/// Byte 0 picks the file name and a forced input kind (or detection); the
/// rest is the file.
pub fn pipeline_target(data: &[u8]) {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let selector = usize::from(selector);
    let name = NAMES
        .get(selector % NAMES.len())
        .copied()
        .unwrap_or("policy.json");
    let forced_kind = (selector / NAMES.len())
        .checked_sub(1)
        .and_then(|i| InputKind::ALL.get(i % InputKind::ALL.len()).copied());
    let Ok(decoded) = decode(bytes.to_vec()) else {
        return;
    };
    let settings = Settings::default();
    let rules = all_rules();
    let opts = RunOptions {
        paths: Vec::new(),
        filter: PathFilter::default(),
        forced_kind,
        settings: &settings,
        rules: &rules,
    };
    let file = lint_text(Path::new(name), decoded.text, &opts);
    if file.internal_error {
        let what = file.diagnostics.first().map(|d| d.message.as_str());
        panic!("linting panicked: {what:?}");
    }
    for d in &file.diagnostics {
        check_span(&file.text, d.span, &d.code);
        for label in &d.labels {
            check_span(&file.text, label.span, &d.code);
        }
    }
    let result = RunResult { files: vec![file] };
    let ctx = ReportContext {
        rules: &rules,
        ..ReportContext::default()
    };
    let mut out = Vec::new();
    if let Err(e) = crate::report::render(Format::Human, &result, &ctx, &mut out) {
        panic!("rendering to memory failed: {e}");
    }
}

/// The tree's and the issues' spans lie inside the text, on character boundaries.
fn check_parsed(text: &str, parsed: &Parsed) {
    for issue in &parsed.issues {
        check_span(text, issue.span, "parse issue");
    }
    if let Some(root) = &parsed.root {
        check_node(text, root);
    }
}

fn check_node(text: &str, node: &Node) {
    check_span(text, node.span, "node");
    match &node.value {
        Value::Array(items) => items.iter().for_each(|n| check_node(text, n)),
        Value::Object(members) => {
            for m in members {
                check_span(text, m.key_span, "key");
                check_node(text, &m.value);
            }
        }
        _ => {}
    }
}

fn check_span(text: &str, span: Span, what: &str) {
    let (start, end) = (span.start as usize, span.end as usize);
    if start > end || end > text.len() {
        panic!(
            "{what} span {start}..{end} is outside the text ({} bytes)",
            text.len()
        );
    }
    if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        panic!("{what} span {start}..{end} splits a character");
    }
}

/// Whether `subject` matches `pattern`, by dynamic programming over
/// characters: `row[j]` says whether the pattern read so far matches the
/// subject's first `j` characters.
fn reference_match(pattern: &str, subject: &str, case_insensitive: bool) -> bool {
    let subject: Vec<char> = subject.chars().collect();
    let mut row = vec![false; subject.len() + 1];
    if let Some(first) = row.first_mut() {
        *first = true;
    }
    for p in pattern.chars() {
        let mut next = vec![false; subject.len() + 1];
        let mut any_before = false;
        for (j, slot) in next.iter_mut().enumerate() {
            let prev_here = row.get(j).copied().unwrap_or(false);
            any_before |= prev_here;
            *slot = match p {
                '*' => any_before,
                _ => {
                    j > 0
                        && row.get(j - 1).copied().unwrap_or(false)
                        && subject
                            .get(j - 1)
                            .is_some_and(|&c| p == '?' || same(p, c, case_insensitive))
                }
            };
        }
        row = next;
    }
    row.last().copied().unwrap_or(false)
}

fn same(a: char, b: char, case_insensitive: bool) -> bool {
    a == b || (case_insensitive && a.to_lowercase().eq(b.to_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_matcher_matches_like_iam() {
        assert!(reference_match("a*b?c", "aXXbYc", false));
        assert!(!reference_match("a*b?c", "aXXbc", false));
        assert!(reference_match("*", "", false));
        assert!(!reference_match("", "a", false));
        assert!(reference_match("S3:*", "s3:GetObject", true));
        assert!(!reference_match("S3:*", "s3:GetObject", false));
    }

    #[test]
    fn a_broken_span_is_caught() {
        let caught = std::panic::catch_unwind(|| check_span("é", Span::new(0, 1), "x"));
        assert!(caught.is_err());
        let caught = std::panic::catch_unwind(|| check_span("ab", Span::new(1, 3), "x"));
        assert!(caught.is_err());
        check_span("ab", Span::new(0, 2), "x");
    }
}
