use super::*;
use crate::parse::{Node, Value};
use crate::span::LineIndex;

fn parse(text: &str) -> Parsed {
    parse_yaml(text, &Limits::default())
}

fn root(text: &str) -> Node {
    let parsed = parse(text);
    assert!(
        parsed.root.is_some(),
        "no tree for {text:?}: {:?}",
        parsed.issues
    );
    parsed.root.unwrap_or_default()
}

/// The node at a `/`-separated path of keys and list indices.
fn at<'a>(node: &'a Node, path: &str) -> Option<&'a Node> {
    path.split('/')
        .try_fold(node, |n, seg| match seg.parse::<usize>() {
            Ok(i) if n.is_array() => n.items().get(i),
            _ => n.get(seg),
        })
}

/// The source text of the node at `path`.
fn src<'a>(text: &'a str, node: &Node, path: &str) -> Option<&'a str> {
    at(node, path).map(|n| n.span.text(text))
}

/// The source text of the key of the member at `path`.
fn key_src<'a>(text: &'a str, node: &Node, path: &str) -> Option<&'a str> {
    let (parent, key) = path
        .rsplit_once('/')
        .map_or((Some(node), path), |(p, k)| (at(node, p), k));
    parent
        .and_then(|p| p.member(key))
        .map(|m| m.key_span.text(text))
}

/// The first fatal issue: kind, message and 1-based line/column.
fn fatal(text: &str) -> Option<(ParseIssueKind, String, (u32, u32))> {
    let parsed = parse(text);
    let issue = parsed
        .issues
        .iter()
        .find(|i| matches!(i.kind, ParseIssueKind::Syntax | ParseIssueKind::Limit))?;
    let lc = LineIndex::new(text).line_col(text, issue.span.start);
    Some((issue.kind, issue.message.clone(), (lc.line, lc.column)))
}

#[test]
fn spans_are_bytes_with_non_ascii_text() {
    let text = "Résumé: é\nnested:\n  ключ: значение\n  \"ü😀\": 'x'\n";
    let r = root(text);
    assert_eq!(key_src(text, &r, "Résumé"), Some("Résumé"));
    assert_eq!(src(text, &r, "Résumé"), Some("é"));
    assert_eq!(key_src(text, &r, "nested/ключ"), Some("ключ"));
    assert_eq!(src(text, &r, "nested/ключ"), Some("значение"));
    assert_eq!(key_src(text, &r, "nested/ü😀"), Some("\"ü😀\""));
    assert_eq!(src(text, &r, "nested/ü😀"), Some("'x'"));
    assert_eq!(
        src(text, &r, "nested"),
        Some("ключ: значение\n  \"ü😀\": 'x'")
    );
}

#[test]
fn crlf_files_have_the_same_spans() {
    let text = "a: 1\r\nb:\r\n  - x\r\n  - \"y\"\r\n";
    let r = root(text);
    assert_eq!(src(text, &r, "a"), Some("1"));
    assert_eq!(src(text, &r, "b/1"), Some("\"y\""));
    assert_eq!(at(&r, "b/1").and_then(Node::as_str), Some("y"));
    assert_eq!(src(text, &r, "b"), Some("- x\r\n  - \"y\""));
    let idx = LineIndex::new(text);
    let y = at(&r, "b/1").map(|n| idx.line_col(text, n.span.start));
    assert_eq!(y.map(|lc| (lc.line, lc.column)), Some((4, 5)));
}

#[test]
fn plain_scalars_follow_the_core_schema() {
    let text = "Version: 2012-10-17\nn: 0x1F\nf: .inf\nt: True\nz: ~\ne:\ns: 'true'\nq: \"12\"\nb: |\n  true\nyes: yes\n";
    let r = root(text);
    assert_eq!(at(&r, "Version").and_then(Node::as_str), Some("2012-10-17"));
    assert_eq!(
        at(&r, "n").map(|n| n.value.clone()),
        Some(Value::Number("0x1F".into()))
    );
    assert_eq!(
        at(&r, "f").map(|n| n.value.clone()),
        Some(Value::Number(".inf".into()))
    );
    assert_eq!(at(&r, "t").and_then(Node::as_bool), Some(true));
    assert_eq!(at(&r, "z").map(|n| n.value.clone()), Some(Value::Null));
    assert_eq!(at(&r, "e").map(|n| n.value.clone()), Some(Value::Null));
    assert_eq!(at(&r, "s").and_then(Node::as_str), Some("true"));
    assert_eq!(at(&r, "q").and_then(Node::as_str), Some("12"));
    assert_eq!(at(&r, "b").and_then(Node::as_str), Some("true\n"));
    assert_eq!(at(&r, "yes").and_then(Node::as_str), Some("yes"));
}

#[test]
fn empty_values_and_block_scalars_have_tight_spans() {
    let text = "e:\nb: |\n  line one\n  line two\n\n\nc: 1\n";
    let r = root(text);
    let e = at(&r, "e").map(|n| n.span);
    assert_eq!(e, Some(Span::at(2)));
    assert_eq!(src(text, &r, "b"), Some("line one\n  line two"));
}

#[test]
fn ref_becomes_its_long_form_with_spans() {
    let text = "Bucket: !Ref MyBucket\n";
    let r = root(text);
    let node = at(&r, "Bucket");
    assert_eq!(node.and_then(|n| n.tag.as_deref()), Some("!Ref"));
    assert_eq!(src(text, &r, "Bucket"), Some("!Ref MyBucket"));
    assert_eq!(key_src(text, &r, "Bucket/Ref"), Some("!Ref"));
    assert_eq!(src(text, &r, "Bucket/Ref"), Some("MyBucket"));
    assert_eq!(
        at(&r, "Bucket/Ref").and_then(Node::as_str),
        Some("MyBucket")
    );
}

#[test]
fn get_att_short_and_list_forms() {
    let text = "A: !GetAtt Role.Arn\nB: !GetAtt [Role, Arn]\nC: !GetAtt Stack.Outputs.Name\n";
    let r = root(text);
    for key in ["A", "B"] {
        let parts: Vec<&str> = at(&r, &format!("{key}/Fn::GetAtt"))
            .map(|n| n.items().iter().filter_map(Node::as_str).collect())
            .unwrap_or_default();
        assert_eq!(parts, ["Role", "Arn"], "{key}");
    }
    assert_eq!(src(text, &r, "A/Fn::GetAtt/0"), Some("Role"));
    assert_eq!(src(text, &r, "A/Fn::GetAtt/1"), Some("Arn"));
    assert_eq!(src(text, &r, "B/Fn::GetAtt"), Some("[Role, Arn]"));
    assert_eq!(src(text, &r, "B/Fn::GetAtt/1"), Some("Arn"));
    assert_eq!(src(text, &r, "C/Fn::GetAtt/1"), Some("Outputs.Name"));
    assert_eq!(key_src(text, &r, "B/Fn::GetAtt"), Some("!GetAtt"));
}

#[test]
fn nested_short_forms_keep_their_own_spans() {
    let text = "V: !If\n  - IsProd\n  - !Join ['', [a, !Ref B]]\n  - !Ref AWS::NoValue\nW: !Sub '${AWS::StackName}-ü'\nX: !Condition C\n";
    let r = root(text);
    assert_eq!(
        src(text, &r, "V"),
        Some("!If\n  - IsProd\n  - !Join ['', [a, !Ref B]]\n  - !Ref AWS::NoValue")
    );
    assert_eq!(
        src(text, &r, "V/Fn::If"),
        Some("- IsProd\n  - !Join ['', [a, !Ref B]]\n  - !Ref AWS::NoValue")
    );
    assert_eq!(src(text, &r, "V/Fn::If/1"), Some("!Join ['', [a, !Ref B]]"));
    assert_eq!(src(text, &r, "V/Fn::If/1/Fn::Join/1/1/Ref"), Some("B"));
    assert_eq!(
        key_src(text, &r, "V/Fn::If/1/Fn::Join/1/1/Ref"),
        Some("!Ref")
    );
    assert_eq!(
        at(&r, "V/Fn::If/2/Ref").and_then(Node::as_str),
        Some("AWS::NoValue")
    );
    assert_eq!(src(text, &r, "W/Fn::Sub"), Some("'${AWS::StackName}-ü'"));
    assert_eq!(
        at(&r, "W/Fn::Sub").and_then(Node::as_str),
        Some("${AWS::StackName}-ü")
    );
    assert_eq!(at(&r, "X/Condition").and_then(Node::as_str), Some("C"));
}

#[test]
fn every_short_form_is_normalised() {
    for (short, long) in [
        ("Base64", "Fn::Base64"),
        ("Cidr", "Fn::Cidr"),
        ("FindInMap", "Fn::FindInMap"),
        ("GetAZs", "Fn::GetAZs"),
        ("ImportValue", "Fn::ImportValue"),
        ("Select", "Fn::Select"),
        ("Split", "Fn::Split"),
        ("Transform", "Fn::Transform"),
        ("Equals", "Fn::Equals"),
        ("And", "Fn::And"),
        ("Or", "Fn::Or"),
        ("Not", "Fn::Not"),
        ("Length", "Fn::Length"),
        ("ToJsonString", "Fn::ToJsonString"),
        ("ValueOf", "Fn::ValueOf"),
        ("Contains", "Fn::Contains"),
    ] {
        let text = format!("k: !{short} [a, b]\n");
        let r = root(&text);
        assert_eq!(
            at(&r, &format!("k/{long}")).map(|n| n.items().len()),
            Some(2),
            "{short}"
        );
    }
}

#[test]
fn unknown_and_core_tags() {
    let text =
        "a: !Rain::Embed file.txt\nb: !!str 12\nc: !!int 7\nd: !Custom [1]\ne: &x !Ref Y\nf: *x\n";
    let r = root(text);
    let a = at(&r, "a");
    assert_eq!(a.and_then(Node::as_str), Some("file.txt"));
    assert_eq!(a.and_then(|n| n.tag.as_deref()), Some("!Rain::Embed"));
    assert_eq!(src(text, &r, "a"), Some("!Rain::Embed file.txt"));
    assert_eq!(at(&r, "b").and_then(Node::as_str), Some("12"));
    assert_eq!(at(&r, "b").and_then(|n| n.tag.clone()), None);
    assert_eq!(
        at(&r, "c").map(|n| n.value.clone()),
        Some(Value::Number("7".into()))
    );
    assert_eq!(at(&r, "d").map(|n| n.items().len()), Some(1));
    assert_eq!(at(&r, "d").and_then(|n| n.tag.as_deref()), Some("!Custom"));
    assert_eq!(src(text, &r, "e/Ref"), Some("Y"));
    assert_eq!(key_src(text, &r, "e/Ref"), Some("!Ref"));
    assert_eq!(at(&r, "f/Ref").and_then(Node::as_str), Some("Y"));
    assert_eq!(src(text, &r, "f"), Some("*x"));
}

#[test]
fn aliases_expand_to_copies() {
    let text = "base: &b\n  x: 1\n  y: [2, 3]\nuse: *b\nlist: [*b, *b]\n";
    let r = root(text);
    assert_eq!(at(&r, "use/y/1").and_then(Node::as_i64), Some(3));
    assert_eq!(at(&r, "list/1/x").and_then(Node::as_i64), Some(1));
    assert_eq!(src(text, &r, "use"), Some("*b"));
    assert_eq!(src(text, &r, "use/x"), Some("1"));
}

#[test]
fn alias_bomb_is_a_limit_at_the_alias() {
    let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
    for (i, name) in ["b", "c", "d", "e", "f", "g", "h", "i"].iter().enumerate() {
        let prev = ["a", "b", "c", "d", "e", "f", "g", "h"]
            .get(i)
            .copied()
            .unwrap_or("a");
        let refs = vec![format!("*{prev}"); 9].join(", ");
        text.push_str(&format!("{name}: &{name} [{refs}]\n"));
    }
    let started = std::time::Instant::now();
    let issue = fatal(&text);
    assert!(
        started.elapsed().as_secs() < 5,
        "took {:?}",
        started.elapsed()
    );
    let Some((kind, message, (line, _))) = issue else {
        return assert!(issue.is_some(), "no limit issue");
    };
    assert_eq!(kind, ParseIssueKind::Limit);
    assert!(message.contains("alias"), "{message}");
    assert!(line > 1, "reported at line {line}");
}

#[test]
fn recursive_alias_is_an_error() {
    let issue = fatal("a: &a [1, *a]\n");
    assert_eq!(
        issue.map(|(k, m, _)| (k, m.contains("contains it"))),
        Some((ParseIssueKind::Syntax, true))
    );
}

#[test]
fn deep_nesting_is_a_limit_not_a_stack_overflow() {
    let inputs = [
        "- ".repeat(100_000) + "x",
        "[".repeat(100_000),
        "{a: ".repeat(100_000),
        "? ".repeat(100_000) + "x",
        (0..300)
            .map(|d| format!("{}k:\n", " ".repeat(d)))
            .collect::<String>(),
    ];
    for text in &inputs {
        let issue = fatal(text);
        assert_eq!(
            issue.as_ref().map(|(k, _, _)| *k),
            Some(ParseIssueKind::Limit),
            "{:?} for {:?}…",
            issue,
            text.get(..20)
        );
    }
}

#[test]
fn nesting_within_the_limit_is_fine() {
    let text = "- ".repeat(200) + "x";
    assert!(parse(&text).root.is_some());
}

#[test]
fn duplicate_keys_are_kept_in_order() {
    let text = "a: 1\nb: 2\na: 3\n";
    let r = root(text);
    let keys: Vec<&str> = r.members().iter().map(|m| m.key.as_str()).collect();
    assert_eq!(keys, ["a", "b", "a"]);
    assert_eq!(at(&r, "a").and_then(Node::as_i64), Some(3));
}

#[test]
fn errors_have_positions_and_help() {
    let parsed = parse("key: value: other\n");
    let issue = parsed.issues.first();
    assert_eq!(issue.map(|i| i.kind), Some(ParseIssueKind::Syntax));
    assert!(
        issue
            .and_then(|i| i.help.as_deref())
            .is_some_and(|h| h.contains("quote"))
    );
    assert_eq!(fatal("key: value: other\n").map(|f| f.2), Some((1, 11)));
    // the column counts characters, after a character-to-byte conversion
    assert_eq!(fatal("ü: x: y\n").map(|f| f.2), Some((1, 5)));
    assert_eq!(fatal("a:\n  b: 1\n c: 2\n").map(|f| f.2.0), Some(3));
}

#[test]
fn unclosed_flow_list_is_labelled() {
    let text = "a: [1, 2\nb: 3\n";
    let parsed = parse(text);
    assert!(parsed.root.is_none());
    let label = parsed.issues.first().and_then(|i| i.labels.first());
    assert_eq!(label.map(|(s, _)| s.text(text)), Some("["));
}

#[test]
fn empty_files_are_errors() {
    for text in ["", "\n  \n", "# just a comment\n"] {
        let f = fatal(text);
        assert!(
            f.as_ref()
                .is_some_and(|(_, m, _)| m.starts_with("the file is empty")),
            "{text:?}: {f:?}"
        );
    }
}

#[test]
fn a_lone_document_marker_is_a_null_document() {
    assert_eq!(root("---\n").value, Value::Null);
}

#[test]
fn further_documents_are_suspicious() {
    let text = "a: 1\n---\nb: 2\n";
    let parsed = parse(text);
    assert_eq!(parsed.root.as_ref().map(|r| r.members().len()), Some(1));
    let issue = parsed.issues.first();
    assert_eq!(issue.map(|i| i.kind), Some(ParseIssueKind::Suspicious));
    assert_eq!(issue.map(|i| i.span.text(text)), Some("---"));
    for single in [
        "---\na: 1\n",
        "a: 1\n---\n",
        "a: 1\n...\n",
        "---\na: 1\n---\n# nothing\n",
    ] {
        assert!(parse(single).issues.is_empty(), "{single:?}");
    }
}

#[test]
fn complex_keys_are_errors() {
    let f = fatal("? [a, b]\n: 1\n");
    assert_eq!(
        f.map(|(k, m, p)| (k, m.contains("list"), p)),
        Some((ParseIssueKind::Syntax, true, (1, 3)))
    );
}

#[test]
fn scalar_keys_keep_their_text() {
    let text = "1: a\ntrue: b\nnull: c\n'q': d\n";
    let keys: Vec<String> = root(text).members().iter().map(|m| m.key.clone()).collect();
    assert_eq!(keys, ["1", "true", "null", "q"]);
}

#[test]
fn a_raised_depth_limit_is_still_capped() {
    // Trees are dropped and compared recursively: a configured limit above
    // the supported depth must not let a 100,000-deep tree through.
    let limits = Limits {
        max_depth: 1_000_000,
        ..Limits::default()
    };
    let text = "- ".repeat(100_000) + "x";
    let parsed = parse_yaml(&text, &limits);
    assert!(parsed.root.is_none());
    assert_eq!(
        parsed.issues.first().map(|i| i.kind),
        Some(ParseIssueKind::Limit)
    );
}
