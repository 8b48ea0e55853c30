//! ## What it does
//! Reports policy variables (`${aws:username}`) that IAM rejects or treats as
//! plain text:
//! - a `${` without its closing `}`, an empty `${}`, a space in the name,
//!   a default not written `${key, 'default'}` (a comma, one space, the value
//!   in single quotes);
//! - a variable in the service field of a `Resource` ARN (`arn:aws:${…}:…`);
//!   AWS's own managed policies put `${aws:PrincipalAccount}` in the account
//!   field, so region and account are not reported;
//! - a CloudFormation pseudo parameter (`${AWS::AccountId}`) left in a policy
//!   outside `Fn::Sub`;
//! - a variable under a condition operator that takes none (`Numeric…`,
//!   `Date…`, `IpAddress`, `BinaryEquals`, `Null`);
//! - a variable in an element that takes none (`Action`, `NotAction`, `Sid`,
//!   `Principal`, `NotPrincipal`);
//! - `${!…}`, CloudFormation's `Fn::Sub` escape, outside `Fn::Sub` (the `!`
//!   then reaches IAM).
//!
//! Under a missing or `2008-10-17` `Version`, `${aws:username}` is literal
//! text: IAM001 (invalid-version) reports that once, at the `Version`, and
//! this rule then leaves `Resource` and `Condition` values alone.
//! The escapes `${*}`, `${?}` and `${$}` are valid; Serverless Framework
//! variables (`${self:custom.x}`, `${opt:stage}`, `${env:X}`,
//! `${file(…)}`), replaced before deployment, are left alone. In CloudFormation
//! templates the rule reads the values as resolved (`!Sub "…/${!aws:username}"`
//! is the policy variable `${aws:username}`); parts only known at deploy time
//! are never reported.
//!
//! ## Why is this bad?
//! IAM rejects a malformed variable or one in a forbidden place ("Missing
//! brace in variable", "Empty variable", "Missing quote in variable",
//! "Unsupported space in variable", "Variable unsupported in element",
//! "Invalid variable for operator"); a `${` that IAM reads as literal text
//! names a resource or value that never exists.
//!
//! ## Example
//! ```json
//! {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
//!   "Resource": "arn:aws:s3:::home/${aws:username/*"}]}
//! ```
//!
//! ## Fix
//! Write variables as `${key}` or
//! `${key, 'default'}` in `Resource` (after the fifth colon) and in string,
//! ARN and Bool conditions only.
//!
//! ## References
//! - IAM policy elements: Variables and tags: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html>
//! - IAM JSON policy elements: Version: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html>
//! - Access Analyzer policy checks: <https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html>
//! - CloudFormation Fn::Sub (`${!Literal}`): <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-sub.html>

use super::{PolicyInput, for_each_written_policy, statements};
use crate::diagnostic::{Diagnostic, Severity};
use crate::iam::policy::{Operator, OperatorFamily, Principal, Scalar, Spanned, Statement};
use crate::parse::node::SYMBOLIC;
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;
use crate::span::Span;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "IAM020",
        "invalid-policy-variable",
        Severity::Error,
        &[InputKind::IamPolicy, InputKind::Cloudformation],
        "A policy variable that is malformed, misplaced, or literal text under the policy's Version",
        crate::rule_docs!(),
        &["iam", "correctness"],
        Precision::VeryHigh,
    ),
    check,
};

/// One `${…}` in a value: its byte range in the value and its body.
struct Found<'a> {
    start: usize,
    end: usize,
    /// Between `${` and `}`; `None` when the closing brace is missing.
    body: Option<&'a str>,
}

/// Every `${…}` of a text, in order.
fn variables(text: &str) -> Vec<Found<'_>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = text.get(from..).and_then(|r| r.find("${")) {
        let start = from + open;
        let after = text.get(start + 2..).unwrap_or("");
        match after.find('}') {
            Some(close) => {
                let end = start + 2 + close + 1;
                out.push(Found {
                    start,
                    end,
                    body: after.get(..close),
                });
                from = end;
            }
            None => {
                out.push(Found {
                    start,
                    end: text.len(),
                    body: None,
                });
                break;
            }
        }
    }
    out
}

/// Variables of the Serverless Framework (`${self:custom.x}`, `${opt:stage}`,
/// `${env:X}`, `${file(./x.yml)}`), substituted before CloudFormation sees
/// the template: not policy variables.
fn is_framework_variable(body: &str) -> bool {
    body.contains('(')
        || body.split_once(':').is_some_and(|(prefix, _)| {
            matches!(
                prefix,
                "self" | "opt" | "env" | "sls" | "cf" | "file" | "param"
            )
        })
}

/// What is wrong with a variable's syntax, if anything.
fn syntax_problem(found: &Found<'_>, text: &str) -> Option<String> {
    let whole = text.get(found.start..found.end).unwrap_or("");
    let Some(body) = found.body else {
        return Some(format!("`{whole}` is missing its closing brace `}}`"));
    };
    if matches!(body, "*" | "?" | "$") {
        return None;
    }
    if body.trim().is_empty() {
        return Some(format!("`{whole}` is an empty variable"));
    }
    if body.starts_with("AWS::") {
        return Some(format!(
            "`{whole}` is a CloudFormation pseudo parameter, which IAM does not know: substitute it before the policy reaches IAM (Fn::Sub in a template)"
        ));
    }
    if body.starts_with('!') {
        return Some(format!(
            "`{whole}` is CloudFormation's Fn::Sub escape outside Fn::Sub: IAM receives the `!` (write `${{{}}}`, or put the string in Fn::Sub)",
            body.get(1..).unwrap_or("")
        ));
    }
    let (name, default) = match body.split_once(',') {
        Some((n, d)) => (n, Some(d)),
        None => (body, None),
    };
    if name.contains(char::is_whitespace) {
        return Some(format!(
            "`{whole}` has a space in the variable name `{name}`"
        ));
    }
    if name.is_empty() {
        return Some(format!("`{whole}` has a default but no variable name"));
    }
    if let Some(d) = default {
        let quoted = d
            .strip_prefix(" '")
            .and_then(|r| r.strip_suffix('\''))
            .is_some_and(|v| !v.contains('\''));
        if !quoted {
            return Some(format!(
                "`{whole}` has a malformed default: write `${{{name}, 'value'}}` (a comma, one space, the value in single quotes)"
            ));
        }
    }
    None
}

/// Narrows `span` (a string value) to bytes `start..end` of its text when
/// the source spells the value as a plain quoted string, else keeps it.
fn narrow(span: Span, source: &str, value: &str, start: usize, end: usize) -> Span {
    let raw = span.text(source);
    let inner = raw
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .or_else(|| raw.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')))
        .unwrap_or(raw);
    if inner == value {
        let quote = u32::try_from((raw.len() - inner.len()) / 2).unwrap_or(0);
        let (Ok(start), Ok(end)) = (u32::try_from(start), u32::try_from(end)) else {
            return span;
        };
        Span {
            start: span.start + quote + start,
            end: span.start + quote + end,
        }
    } else {
        span
    }
}

struct Checker<'a, 'r> {
    rule: &'r RuleMeta,
    source: &'a str,
    input: &'a PolicyInput,
    enabled: bool,
    found: &'a mut Vec<Diagnostic>,
}

impl Checker<'_, '_> {
    fn report(&mut self, span: Span, path: String, message: String, help: &str) {
        self.found.push(
            Diagnostic::new(self.rule, span, message)
                .with_logical_path(path)
                .with_help(help.to_string()),
        );
    }

    /// A value where variables are allowed (`Resource`, string conditions).
    /// `arn_fields`: check that variables sit after the fifth colon.
    fn allowed(
        &mut self,
        item: &Spanned<Scalar>,
        path: &str,
        arn_fields: bool,
        operator: Option<&str>,
    ) {
        let Some(text) = item.value.as_str() else {
            return;
        };
        // Under an old or missing Version `${…}` is literal text (IAM001
        // reports that once, at the Version).
        if !self.enabled {
            return;
        }
        for v in variables(text) {
            if v.body.is_some_and(is_framework_variable) {
                continue;
            }
            let span = narrow(item.span, self.source, text, v.start, v.end);
            let whole = text.get(v.start..v.end).unwrap_or("");
            if let Some(problem) = syntax_problem(&v, text) {
                self.report(
                    span,
                    path.to_string(),
                    problem,
                    "write variables as ${key} or ${key, 'default'}",
                );
                continue;
            }
            if matches!(v.body, Some("*" | "?" | "$")) {
                continue;
            }
            if let Some(op) = operator {
                let message = format!(
                    "`{whole}` is under `{op}`, which takes no policy variables (only string, ARN and Bool operators do)"
                );
                self.report(
                    span,
                    path.to_string(),
                    message,
                    "compare with a literal value, or use a String or Arn operator",
                );
                continue;
            }
            if arn_fields {
                // The service field never takes a variable; AWS's own managed
                // policies put `${aws:PrincipalAccount}` in the account field.
                let before = text.get(..v.start).unwrap_or("");
                if before.starts_with("arn:")
                    && colons_outside_variables(before) == 2
                    && !before.contains(SYMBOLIC)
                {
                    let message = format!(
                        "`{whole}` is in the service field of the ARN, which takes no policy variables"
                    );
                    self.report(
                        span,
                        path.to_string(),
                        message,
                        "write the service prefix (s3, iam, …) literally",
                    );
                }
            }
        }
    }

    /// A value where variables are never allowed.
    fn forbidden(&mut self, item: &Spanned<Scalar>, path: &str, element: &str) {
        let Some(text) = item.value.as_str() else {
            return;
        };
        for v in variables(text) {
            if matches!(v.body, Some("*" | "?" | "$")) || v.body.is_some_and(is_framework_variable)
            {
                continue;
            }
            let whole = text.get(v.start..v.end).unwrap_or("");
            let span = narrow(item.span, self.source, text, v.start, v.end);
            let message = format!("`{whole}`: policy variables are not allowed in {element}");
            self.report(
                span,
                path.to_string(),
                message,
                "variables work in Resource and in string, ARN and Bool conditions only",
            );
        }
    }

    fn statement(&mut self, st: &Statement) {
        let input = self.input;
        if let Some(sid) = &st.sid {
            let item = Spanned {
                value: sid.value.clone(),
                span: sid.span,
            };
            self.forbidden(&item, &input.path(st, "Sid"), "Sid");
        }
        for el in st.action.iter().chain(st.not_action.iter()) {
            for item in &el.value.items {
                self.forbidden(item, &input.path(st, &el.name), &el.name);
            }
        }
        for el in st.principal.iter().chain(st.not_principal.iter()) {
            let items: Vec<&Spanned<Scalar>> = match &el.value {
                Principal::Scalar(s) => vec![s],
                Principal::Map(entries) => {
                    entries.iter().flat_map(|e| e.values.items.iter()).collect()
                }
                Principal::Other(_) => Vec::new(),
            };
            for item in items {
                self.forbidden(item, &input.path(st, &el.name), &el.name);
            }
        }
        for el in st.resource.iter().chain(st.not_resource.iter()) {
            for item in &el.value.items {
                self.allowed(item, &input.path(st, &el.name), true, None);
            }
        }
        if let Some(cond) = &st.condition {
            for b in &cond.value.blocks {
                let takes_none = Operator::parse(&b.operator).is_ok_and(|op| {
                    !matches!(
                        op.base.family(),
                        OperatorFamily::String | OperatorFamily::Arn | OperatorFamily::Bool
                    )
                });
                let operator = takes_none.then_some(b.operator.as_str());
                for e in &b.entries {
                    let path = format!("{}.{}.{}", input.path(st, "Condition"), b.operator, e.key);
                    for item in &e.values.items {
                        self.allowed(item, &path, false, operator);
                    }
                }
            }
        }
    }
}

/// Colons of `text` that are not inside a `${…}`.
fn colons_outside_variables(text: &str) -> usize {
    let mut depth = 0usize;
    let mut colons = 0;
    let mut prev = ' ';
    for c in text.chars() {
        match c {
            '{' if prev == '$' => depth += 1,
            '}' if depth > 0 => depth -= 1,
            ':' if depth == 0 => colons += 1,
            _ => {}
        }
        prev = c;
    }
    colons
}

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    for_each_written_policy(ctx, out, |input, found| {
        let policy = &input.policy;
        let mut checker = Checker {
            rule,
            source: ctx.text,
            input,
            enabled: policy.variables_enabled(),
            found,
        };
        for st in statements(policy) {
            checker.statement(st);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(text: &str) -> Option<String> {
        let v = variables(text);
        v.first().and_then(|f| syntax_problem(f, text))
    }

    #[test]
    fn syntax() {
        assert_eq!(problem("home/${aws:username}/*"), None);
        assert_eq!(problem("${aws:PrincipalTag/team, 'company-wide'}"), None);
        assert_eq!(problem("${*}"), None);
        assert!(problem("home/${aws:username/*").is_some_and(|p| p.contains("closing")));
        assert!(problem("${}").is_some_and(|p| p.contains("empty")));
        assert!(problem("${aws:username, none}").is_some_and(|p| p.contains("default")));
        assert!(problem("${aws:username,'x'}").is_some_and(|p| p.contains("default")));
        assert!(problem("${aws:user name}").is_some_and(|p| p.contains("space")));
        assert!(problem("${!aws:username}").is_some_and(|p| p.contains("Fn::Sub")));
        assert!(problem("${AWS::AccountId}").is_some_and(|p| p.contains("pseudo")));
        assert!(is_framework_variable("self:custom.config.masterAccount"));
        assert!(!is_framework_variable("aws:username"));
    }

    #[test]
    fn colons_inside_variables_do_not_count() {
        assert_eq!(colons_outside_variables("arn:aws:s3:::${aws:username}"), 5);
        assert_eq!(colons_outside_variables("arn:aws:iam::"), 4);
    }
}
