use super::*;
use crate::span::LineIndex;

fn pairs(text: &str) -> Vec<(String, String)> {
    let parsed = entries(text);
    assert!(parsed.is_ok(), "{text:?}: {parsed:?}");
    parsed
        .unwrap_or_default()
        .into_iter()
        .map(|e| (e.key, e.value))
        .collect()
}

fn one(text: &str) -> Entry {
    let parsed = entries(text).unwrap_or_default();
    assert_eq!(parsed.len(), 1, "{text:?}: {parsed:?}");
    parsed.into_iter().next().unwrap_or(Entry {
        key: String::new(),
        key_span: Span::EMPTY,
        value: String::new(),
        value_span: Span::EMPTY,
        separator: Separator::Missing,
        continued_lines: 0,
        commented_continuations: Vec::new(),
        escaped: false,
        non_ascii: false,
    })
}

fn p(k: &str, v: &str) -> (String, String) {
    (k.to_string(), v.to_string())
}

/// The test vectors of domain-specs §3.2.
#[test]
fn java_grammar_vectors() {
    let cases: &[(&str, &[(&str, &str)])] = &[
        ("a=1 # note", &[("a", "1 # note")]),
        ("   b : 2", &[("b", "2")]),
        ("c 3", &[("c", "3")]),
        ("d", &[("d", "")]),
        ("e\\:f=g", &[("e:f", "g")]),
        ("h = \\u0041\\t\\\\x\\y", &[("h", "A\t\\xy")]),
        ("i=one \\\n    two", &[("i", "one two")]),
        ("j=two\\\\\nk=v", &[("j", "two\\"), ("k", "v")]),
        ("# c \\\nl=x", &[("l", "x")]),
        ("m==v", &[("m", "=v")]),
        ("n=v   ", &[("n", "v   ")]),
        ("o=1\no=2", &[("o", "1"), ("o", "2")]),
    ];
    for (input, want) in cases {
        let want: Vec<(String, String)> = want.iter().map(|(k, v)| p(k, v)).collect();
        assert_eq!(pairs(input), want, "{input:?}");
    }
}

#[test]
fn separators_and_white_space() {
    assert_eq!(pairs("k = = v"), [p("k", "= v")]);
    assert_eq!(pairs("k   :v"), [p("k", "v")]);
    assert_eq!(pairs("k :=v"), [p("k", "=v")]);
    assert_eq!(pairs("k\t\x0cv"), [p("k", "v")]);
    assert_eq!(pairs("k:"), [p("k", "")]);
    assert_eq!(pairs("=v"), [p("", "v")]);
    assert_eq!(pairs("k\\ ey=v"), [p("k ey", "v")]);
    assert_eq!(pairs("\\:\\==x"), [p(":=", "x")]);
    assert_eq!(pairs("a\\\\=b"), [p("a\\", "b")]);
    assert_eq!(pairs("k=a=b:c"), [p("k", "a=b:c")]);
    assert_eq!(pairs("url=jdbc:x://h"), [p("url", "jdbc:x://h")]);
}

#[test]
fn comments_only_at_line_start() {
    assert_eq!(
        pairs("# a=1\n! b=2\n   # c=3\nd=4 # not a comment\ne=#5"),
        [p("d", "4 # not a comment"), p("e", "#5")]
    );
    // a comment line's trailing backslash continues nothing
    assert_eq!(pairs("! x \\\nf=6"), [p("f", "6")]);
}

#[test]
fn continuations() {
    let javadoc = "fruits                           apple, banana, pear, \\\n                                  cantaloupe, watermelon, \\\n                                  kiwi, mango";
    assert_eq!(
        pairs(javadoc),
        [p(
            "fruits",
            "apple, banana, pear, cantaloupe, watermelon, kiwi, mango"
        )]
    );
    // the key itself can be continued
    assert_eq!(pairs("ke\\\n  y=v"), [p("key", "v")]);
    // three backslashes: an escaped backslash, then a continuation
    assert_eq!(pairs("a=x\\\\\\\n  y"), [p("a", "x\\y")]);
    // a continued line that looks like a comment is part of the value
    assert_eq!(pairs("a=1,\\\n  # 2\nb=3"), [p("a", "1,# 2"), p("b", "3")]);
    // a blank continuation line ends the entry
    assert_eq!(pairs("a=1\\\n\nb=2"), [p("a", "1"), p("b", "2")]);
    assert_eq!(pairs("a=1\\\n   \nb=2"), [p("a", "1"), p("b", "2")]);
    // a backslash at the very end of the file is dropped
    assert_eq!(pairs("a=1\\"), [p("a", "1")]);
    assert_eq!(pairs("a=1\\\n"), [p("a", "1")]);
}

#[test]
fn line_endings() {
    assert_eq!(
        pairs("a=1\r\nb=2\rc=3\n"),
        [p("a", "1"), p("b", "2"), p("c", "3")]
    );
    assert_eq!(pairs("a=1\\\r\n  2\r\nb=3"), [p("a", "12"), p("b", "3")]);
    assert_eq!(pairs("a=1\\\r  2"), [p("a", "12")]);
    assert_eq!(pairs("\n\n   \r\n\t\n"), Vec::<(String, String)>::new());
}

#[test]
fn spans_cover_the_raw_text() {
    let text = "# Kafka\nlog.dirs = /var/ü\\\n    /more\nssl.key.password\n\\u006b=v\n";
    let got = entries(text).unwrap_or_default();
    let spans: Vec<(&str, &str)> = got
        .iter()
        .map(|e| (e.key_span.text(text), e.value_span.text(text)))
        .collect();
    assert_eq!(
        spans,
        [
            ("log.dirs", "/var/ü\\\n    /more"),
            ("ssl.key.password", ""),
            ("\\u006b", "v")
        ]
    );
    let idx = LineIndex::new(text);
    let value_start = got.first().map(|e| idx.line_col(text, e.value_span.start));
    assert_eq!(value_start.map(|lc| (lc.line, lc.column)), Some((2, 12)));
    assert_eq!(
        got.get(1).map(|e| e.value_span),
        Some(Span::at(text.find("\n\\u").unwrap_or(0)))
    );
}

#[test]
fn entries_record_the_traps() {
    let e = one("listeners PLAINTEXT://:9092");
    assert_eq!(e.separator, Separator::Blank);
    let e = one("a : b");
    assert!(matches!(e.separator, Separator::Colon(s) if s == Span::new(2, 3)));
    let e = one("d");
    assert_eq!(e.separator, Separator::Missing);
    let text = "super.users=User:a;\\\n  # User:b\n";
    let e = one(text);
    assert_eq!(e.continued_lines, 1);
    let commented: Vec<&str> = e
        .commented_continuations
        .iter()
        .map(|s| s.text(text))
        .collect();
    assert_eq!(commented, ["# User:b"]);
    assert!(one("k=caf\\u00e9").escaped);
    assert!(!one("k=café").escaped);
    assert!(one("k=café").non_ascii);
    assert!(!one("k=cafe").non_ascii);
}

#[test]
fn tree_keeps_order_and_duplicates() {
    let text = "b=1\na=2\nb=3\n";
    let parsed = parse_properties(text, &Limits::default());
    assert!(parsed.issues.is_empty());
    let root = parsed.root.unwrap_or_default();
    let keys: Vec<&str> = root.members().iter().map(|m| m.key.as_str()).collect();
    assert_eq!(keys, ["b", "a", "b"]);
    assert_eq!(root.get("b").and_then(Node::as_str), Some("3"));
    assert_eq!(root.get("a").map(|n| n.span.text(text)), Some("2"));
}

#[test]
fn non_ascii_keys_and_values() {
    let text = "clé=välue😀\n";
    let root = parse_properties(text, &Limits::default())
        .root
        .unwrap_or_default();
    assert_eq!(
        root.member("clé").map(|m| m.key_span.text(text)),
        Some("clé")
    );
    assert_eq!(root.get("clé").map(|n| n.span.text(text)), Some("välue😀"));
}

#[test]
fn malformed_unicode_escape_is_a_syntax_error() {
    let text = "log.dirs=C:\\users\\kafka\n";
    let parsed = parse_properties(text, &Limits::default());
    assert!(parsed.root.is_none());
    let issue = parsed.issues.first();
    assert_eq!(issue.map(|i| i.span.text(text)), Some("\\users"));
    assert_eq!(
        issue.map(|i| i.kind),
        Some(crate::parse::ParseIssueKind::Syntax)
    );
}

#[test]
fn empty_file_is_an_empty_object() {
    let parsed = parse_properties("", &Limits::default());
    assert_eq!(parsed.root.map(|r| r.members().len()), Some(0));
    assert!(parsed.issues.is_empty());
}

#[test]
fn a_lone_backslash_line_is_an_empty_entry_like_java() {
    // readLine returns a zero-length line, which load0 stores as "" = "".
    assert_eq!(pairs("\\"), [p("", "")]);
    assert_eq!(pairs("\\\n"), [p("", "")]);
    // with CRLF the break is consumed and nothing is left
    assert_eq!(pairs("\\\r\n"), Vec::<(String, String)>::new());
}

mod oracle {
    //! The `java-properties` crate as an oracle on generated input. It
    //! differs from Java where Java is odd (a backslash at the very end of
    //! the file, `\u` with a sign, Unicode white space, lone surrogates, a
    //! logical line left empty by a continuation, which Java stores as
    //! `"" = ""`), so the generator stays out of those corners, which the unit
    //! tests cover.

    use std::collections::BTreeMap;

    use proptest::prelude::*;

    fn token() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "a", "b", "key", "x.y", "=", ":", " ", "  ", "\t", "\x0c", "\\", "\\\\", "\\ ", "\\=",
            "\\:", "#", "!", "\\t", "\\n", "\\u0041", "\\u00e9", "é", "ÿ", "\n", "\r\n", "\r",
            "\\\n", "\\\r\n", "1",
        ])
    }

    /// Latin-1 bytes of `text` (every generated character is below U+0100),
    /// the way Kafka's file is stored and the oracle reads it by default.
    fn latin1(text: &str) -> Vec<u8> {
        text.chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
            .collect()
    }

    /// Puts a `z` before a backslash that starts a natural line: a lone one
    /// can leave a logical line empty, where the oracle parts from Java.
    fn no_leading_backslash(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut line_start = true;
        for c in text.chars() {
            if line_start && c == '\\' {
                out.push('z');
            }
            line_start =
                matches!(c, '\n' | '\r') || (line_start && matches!(c, ' ' | '\t' | '\x0c'));
            out.push(c);
        }
        out
    }

    fn ours(text: &str) -> Option<BTreeMap<String, String>> {
        let entries = super::entries(text).ok()?;
        Some(entries.into_iter().map(|e| (e.key, e.value)).collect())
    }

    fn theirs(text: &str) -> Option<BTreeMap<String, String>> {
        let map = java_properties::read(latin1(text).as_slice()).ok()?;
        Some(map.into_iter().collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn same_map_as_the_java_properties_crate(tokens in prop::collection::vec(token(), 0..40)) {
            let mut text: String = tokens.concat();
            // The oracle drops an entry whose file ends in a continuation.
            text.push('\n');
            let text = no_leading_backslash(&text);
            prop_assert_eq!(ours(&text), theirs(&text), "input {:?}", text);
        }
    }
}
