//! Decoding a rule file's [`Node`] tree into a [`DeclarativeRule`].
//!
//! Rule files go through the same parsers as every input, so each error
//! points at the offending key or value (inside a string for a JSONPath or
//! a regex, when the string has no escapes). All problems of a file are
//! collected, not just the first.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::{LazyLock, Mutex};

use crate::diagnostic::Severity;
use crate::parse::Node;
use crate::rules::declarative::model::ReportPart;
use crate::rules::declarative::query::{Query, QueryError, RelPath};
use crate::rules::declarative::rule::DeclarativeRule;
use crate::rules::declarative::template::Template;
use crate::rules::{Precision, RuleMeta};
use crate::source::InputKind;
use crate::span::Span;
use crate::suggest::did_you_mean;

mod condition;
#[cfg(test)]
mod tests;

pub use condition::OPERATORS;

/// One problem in a rule file.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadError {
    pub span: Span,
    pub message: String,
    pub help: Option<String>,
}

/// A rule already registered, whose code and name a new rule may not reuse.
#[derive(Debug, Clone, Copy)]
pub struct Taken<'a> {
    pub meta: &'a RuleMeta,
    /// The file defining it, for a declarative rule.
    pub origin: Option<&'a str>,
}

impl Taken<'_> {
    fn describe(&self) -> String {
        match self.origin {
            Some(file) => format!(
                "{} `{}` (defined in {file})",
                self.meta.code, self.meta.name
            ),
            None => format!("{} `{}`", self.meta.code, self.meta.name),
        }
    }
}

/// The fields of a rule file.
pub const RULE_FIELDS: &[&str] = &[
    "code",
    "name",
    "severity",
    "kinds",
    "summary",
    "select",
    "when",
    "report",
    "at",
    "message",
    "help",
    "docs",
    "tags",
    "precision",
];

const REQUIRED_FIELDS: &[&str] = &[
    "code", "name", "severity", "kinds", "summary", "select", "message",
];

/// Names people reach for that mean one of our fields.
const FIELD_ALIASES: &[(&str, &str)] = &[
    ("id", "code"),
    ("inputs", "kinds"),
    ("kind", "kinds"),
    ("description", "summary"),
    ("title", "summary"),
    ("query", "select"),
    ("jsonpath", "select"),
    ("assert", "when"),
    ("where", "when"),
    ("condition", "when"),
    ("doc", "docs"),
    ("level", "severity"),
];

/// Decodes one rule. `existing` are the rules already registered: a rule
/// may not reuse their codes or names.
///
/// # Errors
/// Every problem found in the file.
pub fn load_rule(
    root: &Node,
    text: &str,
    origin: &str,
    existing: &[Taken<'_>],
) -> Result<DeclarativeRule, Vec<LoadError>> {
    let mut d = Decoder {
        text,
        errors: Vec::new(),
    };
    match d.rule(root, origin, existing) {
        Some(rule) if d.errors.is_empty() => Ok(rule),
        _ if d.errors.is_empty() => Err(vec![LoadError {
            span: root.span,
            message: "the rule could not be loaded".to_string(),
            help: None,
        }]),
        _ => Err(d.errors),
    }
}

struct Decoder<'t> {
    text: &'t str,
    errors: Vec<LoadError>,
}

impl Decoder<'_> {
    fn error(&mut self, span: Span, message: impl Into<String>) {
        self.errors.push(LoadError {
            span,
            message: message.into(),
            help: None,
        });
    }

    fn error_help(&mut self, span: Span, message: impl Into<String>, help: impl Into<String>) {
        self.errors.push(LoadError {
            span,
            message: message.into(),
            help: Some(help.into()),
        });
    }

    /// The span of the character at `offset` inside a string value, when
    /// the value is written without escapes; otherwise the whole value.
    fn inner_span(&self, node: &Node, offset: Option<usize>) -> Span {
        let (Some(offset), Some(value)) = (offset, node.as_str()) else {
            return node.span;
        };
        let raw = node.span.text(self.text);
        let start = if raw == value {
            node.span.start as usize
        } else if raw.len() == value.len() + 2 && raw.get(1..raw.len() - 1) == Some(value) {
            node.span.start as usize + 1
        } else {
            return node.span;
        };
        let width = value
            .get(offset..)
            .and_then(|t| t.chars().next())
            .map_or(0, char::len_utf8);
        Span::new(start + offset, start + offset + width)
    }

    /// Reports members not in `allowed` (with a suggestion); false if any.
    fn check_fields(&mut self, obj: &Node, allowed: &[&str], what: &str) -> bool {
        let mut ok = true;
        for m in obj.members() {
            if allowed.contains(&m.key.as_str()) {
                continue;
            }
            ok = false;
            let suggestion = did_you_mean(&m.key, allowed.iter().copied()).or_else(|| {
                FIELD_ALIASES
                    .iter()
                    .find(|(alias, _)| alias.eq_ignore_ascii_case(&m.key))
                    .map(|(_, field)| *field)
                    .filter(|f| allowed.contains(f))
            });
            let help = match (suggestion, m.key.as_str()) {
                (Some("when"), _) => "did you mean `when`? `select` picks candidates and `when` describes the bad condition: a finding for each selected node where it holds".to_string(),
                (Some(s), _) => format!("did you mean `{s}`?"),
                (None, _) => format!("the fields of {what} are: {}", allowed.join(", ")),
            };
            self.error_help(
                m.key_span,
                format!("unknown field `{}` in {what}", m.key),
                help,
            );
        }
        ok
    }

    fn string<'n>(&mut self, obj: &'n Node, key: &str) -> Option<(&'n str, &'n Node)> {
        let node = obj.get(key)?;
        match node.as_str() {
            Some(s) => Some((s, node)),
            None => {
                self.error(
                    node.span,
                    format!("`{key}` must be a string, not a {}", node.type_name()),
                );
                None
            }
        }
    }

    /// A string or a list of strings.
    fn strings<'n>(&mut self, obj: &'n Node, key: &str) -> Vec<(&'n str, &'n Node)> {
        let Some(node) = obj.get(key) else {
            return Vec::new();
        };
        if node.is_array() && node.items().is_empty() {
            self.error(node.span, format!("`{key}` is an empty list"));
        }
        node.one_or_many()
            .iter()
            .filter_map(|item| match item.as_str() {
                Some(s) => Some((s, item)),
                None => {
                    self.error(
                        item.span,
                        format!(
                            "`{key}` must be a string or a list of strings, not a {}",
                            item.type_name()
                        ),
                    );
                    None
                }
            })
            .collect()
    }

    /// Picks a name from a fixed list, with a suggestion when it is not one.
    fn choice<T: Copy>(
        &mut self,
        node: &Node,
        value: &str,
        what: &str,
        names: &[(&str, T)],
    ) -> Option<T> {
        if let Some((_, t)) = names.iter().find(|(n, _)| *n == value) {
            return Some(*t);
        }
        let list: Vec<&str> = names.iter().map(|(n, _)| *n).collect();
        let help = match did_you_mean(value, list.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("one of: {}", list.join(", ")),
        };
        self.error_help(node.span, format!("unknown {what} `{value}`"), help);
        None
    }

    fn query_error(&mut self, node: &Node, err: &QueryError, help: Option<&str>) {
        let span = self.inner_span(node, err.offset);
        match help {
            Some(h) => self.error_help(span, err.message.clone(), h),
            None => self.error(span, err.message.clone()),
        }
    }

    fn rule(
        &mut self,
        root: &Node,
        origin: &str,
        existing: &[Taken<'_>],
    ) -> Option<DeclarativeRule> {
        if !root.is_object() {
            self.error_help(
                root.span,
                format!("a rule file holds one rule, a mapping; this is a {}", root.type_name()),
                "write `code`, `name`, `severity`, `kinds`, `summary`, `select`, `message`; see docs/declarative-rules.md",
            );
            return None;
        }
        self.check_fields(root, RULE_FIELDS, "a rule");
        let missing: Vec<&str> = REQUIRED_FIELDS
            .iter()
            .copied()
            .filter(|f| root.get(f).is_none())
            .collect();
        if !missing.is_empty() {
            let anchor = root.members().first().map_or(root.span, |m| m.key_span);
            self.error(
                anchor,
                format!(
                    "the rule lacks {} {}",
                    if missing.len() == 1 {
                        "the required field"
                    } else {
                        "the required fields"
                    },
                    missing
                        .iter()
                        .map(|f| format!("`{f}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
        let code = self.code(root, existing);
        let name = self.name(root, existing);
        let severity = self.string(root, "severity").and_then(|(s, node)| {
            self.choice(
                node,
                s,
                "severity",
                &[
                    ("error", Severity::Error),
                    ("warning", Severity::Warning),
                    ("note", Severity::Note),
                ],
            )
        });
        let kinds = self.kinds(root);
        let summary = self.summary(root);
        let select = self.select(root);
        let when = root.get("when").and_then(|w| self.condition(w, 0));
        let report = self.report(root);
        let at = self.at(root);
        let message = self.template(root, "message");
        let help = self.template(root, "help");
        let docs = self.string(root, "docs").map(|(s, _)| s.to_string());
        let tags = self.tags(root);
        let precision = self.precision(root);
        if !self.errors.is_empty() {
            return None;
        }
        let (code, name, severity, kinds, summary, message) =
            (code?, name?, severity?, kinds?, summary?, message?);
        let docs = finish_docs(
            docs,
            &summary,
            help.as_ref().map(|(_, raw)| raw.as_str()),
            origin,
            &select,
        );
        Some(DeclarativeRule {
            meta: RuleMeta {
                code: Cow::Owned(code),
                name: Cow::Owned(name),
                severity,
                kinds: Cow::Owned(kinds),
                summary: Cow::Owned(summary),
                docs: Cow::Owned(docs),
                tags: Cow::Owned(tags),
                precision,
            },
            origin: origin.to_string(),
            select,
            when,
            report,
            at,
            message: message.0,
            help: help.map(|(t, _)| t),
        })
    }

    fn code(&mut self, root: &Node, existing: &[Taken<'_>]) -> Option<String> {
        let (code, node) = self.string(root, "code")?;
        let letters = code.chars().take_while(char::is_ascii_uppercase).count();
        let digits = code
            .chars()
            .skip(letters)
            .take_while(char::is_ascii_digit)
            .count();
        if letters == 0 || digits < 3 || letters + digits != code.chars().count() || code.len() > 16
        {
            self.error_help(
                node.span,
                format!("`{code}` is not a rule code"),
                "a code is a family prefix in capitals and at least three digits, such as `ECS101` or `ACME001`",
            );
            return None;
        }
        if let Some(other) = existing
            .iter()
            .find(|t| t.meta.code.eq_ignore_ascii_case(code))
        {
            self.error_help(
                node.span,
                format!("the code `{code}` is already used by the rule {}", other.describe()),
                "codes are stable identifiers and never shared: pick an unused one (`cloudlint rules` lists those taken)",
            );
            return None;
        }
        Some(code.to_string())
    }

    fn name(&mut self, root: &Node, existing: &[Taken<'_>]) -> Option<String> {
        let (name, node) = self.string(root, "name")?;
        let kebab = !name.is_empty()
            && name.starts_with(|c: char| c.is_ascii_lowercase())
            && !name.ends_with('-')
            && !name.contains("--")
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !kebab {
            self.error_help(
                node.span,
                format!("`{name}` is not a kebab-case rule name"),
                "a name is lower-case words joined by `-` that describe the flagged pattern, such as `privileged-container`",
            );
            return None;
        }
        if let Some(other) = existing.iter().find(|t| t.meta.name == name) {
            self.error(
                node.span,
                format!(
                    "the name `{name}` is already used by the rule {}",
                    other.describe()
                ),
            );
            return None;
        }
        Some(name.to_string())
    }

    fn kinds(&mut self, root: &Node) -> Option<Vec<InputKind>> {
        root.get("kinds")?;
        let list = self.strings(root, "kinds");
        let names: Vec<(&str, InputKind)> = InputKind::ALL
            .iter()
            .filter(|k| k.has_tree())
            .map(|k| (k.as_str(), *k))
            .collect();
        let mut kinds = Vec::new();
        for (name, item) in list {
            if let Some(k) = self.choice(item, name, "input kind", &names)
                && !kinds.contains(&k)
            {
                kinds.push(k);
            }
        }
        // An empty or all-unknown list has been reported already.
        (!kinds.is_empty()).then_some(kinds)
    }

    fn summary(&mut self, root: &Node) -> Option<String> {
        let (summary, node) = self.string(root, "summary")?;
        let summary = summary.trim();
        if summary.is_empty() || summary.contains('\n') {
            self.error(node.span, "`summary` is one non-empty line");
            return None;
        }
        Some(summary.to_string())
    }

    fn select(&mut self, root: &Node) -> Vec<Query> {
        let mut queries = Vec::new();
        for (text, node) in self.strings(root, "select") {
            if !text.starts_with('$') {
                self.error_help(
                    self.inner_span(node, Some(0)),
                    format!(
                        "`select` must be an absolute JSONPath starting with `$`, not `{text}`"
                    ),
                    "for example `$.containerDefinitions[*]`; RFC 9535 syntax",
                );
                continue;
            }
            match Query::compile(text) {
                Ok(q) => queries.push(q),
                Err(e) => self.query_error(
                    node,
                    &e,
                    Some("`select` is RFC 9535 JSONPath, for example `$.containerDefinitions[?@.privileged == true]`; test values with `when` (regexes with `matches`)"),
                ),
            }
        }
        queries
    }

    fn report(&mut self, root: &Node) -> ReportPart {
        self.string(root, "report")
            .and_then(|(s, node)| {
                self.choice(
                    node,
                    s,
                    "`report` part",
                    &[("value", ReportPart::Value), ("key", ReportPart::Key)],
                )
            })
            .unwrap_or(ReportPart::Value)
    }

    fn at(&mut self, root: &Node) -> Vec<RelPath> {
        let mut paths = Vec::new();
        for (text, node) in self.strings(root, "at") {
            match RelPath::parse(text) {
                Ok(p) => paths.push(p),
                Err(e) => self.query_error(node, &e, None),
            }
        }
        paths
    }

    /// A template and its text.
    fn template(&mut self, root: &Node, key: &str) -> Option<(Template, String)> {
        let (text, node) = self.string(root, key)?;
        if text.trim().is_empty() {
            self.error(node.span, format!("`{key}` is empty"));
            return None;
        }
        match Template::parse(text) {
            Ok(t) => Some((t, text.to_string())),
            Err(e) => {
                self.query_error(node, &e, Some("placeholders: {value}, {key}, {path}, or a path from the selected node such as {name}"));
                None
            }
        }
    }

    fn tags(&mut self, root: &Node) -> Vec<&'static str> {
        let mut tags = Vec::new();
        for (tag, node) in self.strings(root, "tags") {
            if tag.is_empty()
                || !tag
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                self.error(
                    node.span,
                    format!("tag `{tag}` is not lower-case kebab-case"),
                );
            } else {
                tags.push(intern(tag));
            }
        }
        tags
    }

    fn precision(&mut self, root: &Node) -> Precision {
        self.string(root, "precision")
            .and_then(|(s, node)| {
                self.choice(
                    node,
                    s,
                    "precision",
                    &[
                        ("very-high", Precision::VeryHigh),
                        ("high", Precision::High),
                        ("medium", Precision::Medium),
                        ("low", Precision::Low),
                    ],
                )
            })
            .unwrap_or(Precision::High)
    }
}

/// The rule's documentation: its `docs`, or one made from its summary and
/// help; either way followed by where the rule is defined.
fn finish_docs(
    docs: Option<String>,
    summary: &str,
    help: Option<&str>,
    origin: &str,
    select: &[Query],
) -> String {
    let mut out = docs.unwrap_or_else(|| {
        format!(
            "## What it does\n{summary}\n\n## Fix\n{}\n",
            help.unwrap_or("See the rule file.")
        )
    });
    let queries: Vec<String> = select.iter().map(|q| format!("`{}`", q.text())).collect();
    out = out.trim_end().to_string();
    out.push_str(&format!(
        "\n\nDeclarative rule defined in `{origin}`; it selects {}.\n",
        queries.join(" and ")
    ));
    out
}

/// Tags live as long as the process (`RuleMeta` holds `&'static str`);
/// interning bounds that to one copy per distinct tag.
fn intern(tag: &str) -> &'static str {
    static TAGS: LazyLock<Mutex<BTreeSet<&'static str>>> =
        LazyLock::new(|| Mutex::new(BTreeSet::new()));
    let Ok(mut tags) = TAGS.lock() else {
        return Box::leak(tag.to_string().into_boxed_str());
    };
    if let Some(t) = tags.get(tag) {
        return t;
    }
    let leaked: &'static str = Box::leak(tag.to_string().into_boxed_str());
    tags.insert(leaked);
    leaked
}
