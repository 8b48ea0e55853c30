//! Loader errors, each with the position it reports.

use super::*;
use crate::parse::{Limits, json::parse_json};
use crate::span::LineIndex;

/// A complete, valid rule as JSON members, to which a test adds or replaces some.
const BASE: &[(&str, &str)] = &[
    ("code", r#""ACME001""#),
    ("name", r#""privileged-thing""#),
    ("severity", r#""error""#),
    ("kinds", r#"["ecs-task-definition"]"#),
    ("summary", r#""A thing""#),
    ("select", r#""$..containerDefinitions[*]""#),
    ("message", r#""container {name}""#),
];

fn rule_text(changes: &[(&str, &str)]) -> String {
    let mut members: Vec<(String, String)> = BASE
        .iter()
        .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
        .collect();
    for (k, v) in changes {
        match members.iter_mut().find(|(key, _)| key == k) {
            Some(m) if v.is_empty() => m.1 = String::new(),
            Some(m) => m.1 = (*v).to_string(),
            None => members.push(((*k).to_string(), (*v).to_string())),
        }
    }
    let body: Vec<String> = members
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("  \"{k}\": {v}"))
        .collect();
    format!("{{\n{}\n}}\n", body.join(",\n"))
}

fn load(text: &str) -> Result<DeclarativeRule, Vec<LoadError>> {
    let root = parse_json(text, &Limits::default()).root.unwrap();
    let builtin = crate::rules::all_rules();
    let taken = crate::rules::declarative::taken(&builtin);
    load_rule(&root, text, "test.json", &taken)
}

/// `line:column text-under-span: message` for each error.
fn errors(changes: &[(&str, &str)]) -> Vec<String> {
    let text = rule_text(changes);
    let index = LineIndex::new(&text);
    match load(&text) {
        Ok(_) => Vec::new(),
        Err(errs) => errs
            .iter()
            .map(|e| {
                let lc = index.line_col(&text, e.span.start);
                format!(
                    "{}:{} {}: {}",
                    lc.line,
                    lc.column,
                    e.span.text(&text),
                    e.message
                )
            })
            .collect(),
    }
}

fn one_error(changes: &[(&str, &str)]) -> String {
    let all = errors(changes);
    assert_eq!(all.len(), 1, "expected one error, got {all:#?}");
    all.into_iter().next().unwrap()
}

#[test]
fn the_base_rule_loads() {
    let rule = load(&rule_text(&[])).unwrap();
    assert_eq!(rule.meta.code, "ACME001");
    assert_eq!(rule.meta.precision, Precision::High);
    assert!(rule.meta.docs.contains("## What it does\nA thing"));
    assert!(rule.meta.docs.contains("defined in `test.json`"));
}

#[test]
fn unknown_fields_suggest_the_right_one() {
    assert_eq!(
        errors(&[("sevrity", r#""error""#), ("severity", "")]),
        vec![
            "8:3 \"sevrity\": unknown field `sevrity` in a rule",
            "2:3 \"code\": the rule lacks the required field `severity`",
        ]
    );
    let text = rule_text(&[("assert", r#"{"path": "a", "exists": true}"#)]);
    let errs = load(&text).unwrap_err();
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].message, "unknown field `assert` in a rule");
    assert!(
        errs[0]
            .help
            .as_deref()
            .unwrap()
            .starts_with("did you mean `when`?")
    );
    let text = rule_text(&[("when", r#"{"path": "a", "equal": true}"#)]);
    let errs = load(&text).unwrap_err();
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_eq!(errs[0].help.as_deref(), Some("did you mean `equals`?"));
    assert_eq!(errs[0].span.text(&text), "\"equal\"");
}

#[test]
fn missing_fields_are_listed_once() {
    let e = one_error(&[("summary", ""), ("message", "")]);
    assert_eq!(
        e,
        "2:3 \"code\": the rule lacks the required fields `summary`, `message`"
    );
}

#[test]
fn bad_values_point_at_the_value() {
    assert_eq!(
        one_error(&[("code", r#""ecs1""#)]),
        "2:11 \"ecs1\": `ecs1` is not a rule code"
    );
    assert_eq!(
        one_error(&[("name", r#""Privileged_Thing""#)]),
        "3:11 \"Privileged_Thing\": `Privileged_Thing` is not a kebab-case rule name"
    );
    assert_eq!(
        one_error(&[("severity", r#""warn""#)]),
        "4:15 \"warn\": unknown severity `warn`"
    );
    assert_eq!(
        one_error(&[("kinds", r#"["ecs-task-defintion"]"#)]),
        "5:13 \"ecs-task-defintion\": unknown input kind `ecs-task-defintion`"
    );
    assert!(
        one_error(&[("kinds", r#"["cassandra-env"]"#)])
            .starts_with("5:13 \"cassandra-env\": unknown input kind `cassandra-env`")
    );
    assert_eq!(
        one_error(&[("kinds", "[]")]),
        "5:12 []: `kinds` is an empty list"
    );
    assert_eq!(
        one_error(&[("severity", "3")]),
        "4:15 3: `severity` must be a string, not a number"
    );
    assert_eq!(
        one_error(&[("precision", r#""very high""#)]),
        "9:16 \"very high\": unknown precision `very high`"
    );
    assert_eq!(
        one_error(&[("report", r#""keys""#)]),
        "9:13 \"keys\": unknown `report` part `keys`"
    );
}

#[test]
fn duplicate_codes_and_names_are_refused() {
    let e = one_error(&[("code", r#""ECS101""#)]);
    assert!(
        e.starts_with("2:11 \"ECS101\": the code `ECS101` is already used by the rule ECS101 `privileged-container` (defined in rules/ECS101-privileged-container."),
        "{e}"
    );
    assert_eq!(
        one_error(&[("code", r#""syn004""#)]),
        "2:11 \"syn004\": `syn004` is not a rule code"
    );
    assert_eq!(
        one_error(&[("name", r#""duplicate-key""#)]),
        "3:11 \"duplicate-key\": the name `duplicate-key` is already used by the rule SYN004 `duplicate-key`"
    );
}

#[test]
fn jsonpath_errors_point_inside_the_query() {
    assert_eq!(
        one_error(&[("select", r#""$.a[?@.b == ]""#)]),
        "7:26 ]: invalid JSONPath: unexpected `]` at character 13"
    );
    assert_eq!(
        one_error(&[("select", r#""containerDefinitions""#)]),
        "7:14 c: `select` must be an absolute JSONPath starting with `$`, not `containerDefinitions`"
    );
    assert_eq!(
        one_error(&[("select", r#"["$.a", "$.b[?search(@, 'x')]"]"#)]),
        "7:27 s: the JSONPath functions `match()` and `search()` are not allowed in rules"
    );
    // With an escape in the string the column is unknown: the whole value.
    assert_eq!(
        one_error(&[("select", r#""$['\u0041'].""#)]),
        "7:13 \"$['\\u0041'].\": invalid JSONPath: unexpected end of the query at character 8"
    );
}

#[test]
fn condition_errors() {
    let when = |c: &str| one_error(&[("when", c)]);
    assert_eq!(
        when(r#"{"path": "image", "matches": "(unclosed"}"#),
        "9:40 \"(unclosed\": invalid regex: unclosed group"
    );
    assert_eq!(
        when(r#"{"path": "x", "exists": false}"#),
        "9:35 false: `exists` takes `true`"
    );
    assert_eq!(
        when(r#"{"absent": true}"#),
        "9:12 \"absent\": `absent` needs a `path`"
    );
    assert_eq!(
        when(r#"{"lt": "abc"}"#),
        "9:18 \"abc\": `lt` takes a number"
    );
    assert_eq!(
        when(r#"{"equals": 1, "one-of": [1]}"#),
        "9:25 \"one-of\": a condition has one operator; this one also has `equals`"
    );
    assert_eq!(
        when(r#"{"type": "str"}"#),
        "9:20 \"str\": unknown type `str`"
    );
    assert_eq!(
        when(r#"{"matches": "x", "ignore-case": true}"#),
        "9:28 \"ignore-case\": `ignore-case` only applies to `equals` and `one-of`"
    );
    assert_eq!(
        when(r#"{"path": "a"}"#),
        "9:11 {\"path\": \"a\"}: a condition needs an operator"
    );
    assert_eq!(
        when(r#"{"key-matches": "(unclosed"}"#),
        "9:27 \"(unclosed\": invalid regex: unclosed group"
    );
    assert_eq!(
        when(r#"{"key-matches": 1}"#),
        "9:27 1: `key-matches` takes a regex string"
    );
    assert_eq!(when("[]"), "9:11 []: an empty list of conditions");
    assert_eq!(
        when(r#"{"all": {}}"#),
        "9:19 {}: `all` takes a non-empty list of conditions"
    );
    assert_eq!(
        when(r#"{"equals": [1]}"#),
        "9:22 [1]: compare with a string, number, boolean or null, not a list"
    );
    assert_eq!(
        when("true"),
        "9:11 true: a condition is a mapping, not a boolean"
    );
    assert_eq!(
        when(r#"{"path": "a..b", "exists": true}"#),
        "9:23 .: empty segment in path `a..b`; write keys with dots as `@['log.dirs']`"
    );
    let deep = format!(
        "{}{{\"path\": \"a\", \"exists\": true}}{}",
        "{\"not\": ".repeat(40),
        "}".repeat(40)
    );
    assert!(when(&deep).contains("conditions nest deeper than 32 levels"));
}

#[test]
fn template_errors_point_inside_the_message() {
    assert_eq!(
        one_error(&[("message", r#""container {name""#)]),
        "8:25 {: `{` without a closing `}` (write `{{` for a literal brace)"
    );
    assert_eq!(
        one_error(&[("help", r#""see {a[0]}""#)]),
        "9:18 [: in placeholder `{a[0]}`: `a[0]` is a dotted path (keys and list positions: `portMappings.0.hostPort`); for brackets and wildcards write a JSONPath from the current node: `@.portMappings[*].hostPort`"
    );
    assert_eq!(
        one_error(&[("message", r#""  ""#)]),
        "8:14 \"  \": `message` is empty"
    );
}

#[test]
fn a_rule_file_is_one_mapping() {
    let text = "[1]";
    let errs = load(text).unwrap_err();
    assert_eq!(
        errs[0].message,
        "a rule file holds one rule, a mapping; this is a list"
    );
}

#[test]
fn tags_are_interned() {
    let a = load(&rule_text(&[("tags", r#"["security", "x-1"]"#)])).unwrap();
    let b = load(&rule_text(&[
        ("code", r#""ACME002""#),
        ("tags", r#"["security"]"#),
    ]))
    .unwrap();
    assert_eq!(a.meta.tags.as_ref(), &["security", "x-1"]);
    assert!(std::ptr::eq(a.meta.tags[0], b.meta.tags[0]));
    assert_eq!(
        one_error(&[("tags", r#"["Security"]"#)]),
        "9:12 \"Security\": tag `Security` is not lower-case kebab-case"
    );
}
