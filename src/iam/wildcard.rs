//! The `*` / `?` matcher of IAM action names, resource ARNs and `StringLike` values.
//!
//! `*` matches any run of characters (also none) and `?` exactly one character;
//! every other character matches itself. There is no escape character: IAM has none.

/// Whether all of `text` matches `pattern`.
///
/// Greedy scan that remembers only the last `*`: on a mismatch the star takes one
/// more character and the scan resumes after it. No recursion, no allocation, and
/// at most |pattern|·|text| character steps (linear when the pattern has at most
/// one `*`, as action patterns almost always do); never exponential.
/// `case_insensitive` compares characters by their lower-case forms.
#[must_use]
pub fn wildcard_match(pattern: &str, text: &str, case_insensitive: bool) -> bool {
    // Most calls compare unrelated names: reject on the first character
    // when it is plain ASCII on both sides, before the general scan.
    if let (Some(&pc), Some(&tc)) = (pattern.as_bytes().first(), text.as_bytes().first())
        && pc.is_ascii()
        && tc.is_ascii()
        && pc != b'*'
        && pc != b'?'
        && pc != tc
        && !(case_insensitive && pc.eq_ignore_ascii_case(&tc))
    {
        return false;
    }
    let mut p = 0; // byte offset in `pattern`
    let mut t = 0; // byte offset in `text`
    // After the last `*` seen: where the pattern resumes, and where in the text the star's
    // match currently ends.
    let mut star: Option<(usize, usize)> = None;
    while let Some(tc) = char_at(text, t) {
        match char_at(pattern, p) {
            Some('*') => {
                p += 1;
                star = Some((p, t));
                continue;
            }
            Some(pc) if pc == '?' || same_char(pc, tc, case_insensitive) => {
                p += pc.len_utf8();
                t += tc.len_utf8();
                continue;
            }
            _ => {}
        }
        let Some((resume, end)) = star else {
            return false;
        };
        // `end` < `t` ≤ len, so the star can always take one more character.
        let next = end + char_at(text, end).map_or(1, char::len_utf8);
        star = Some((resume, next));
        p = resume;
        t = next;
    }
    pattern
        .get(p..)
        .is_some_and(|rest| rest.chars().all(|c| c == '*'))
}

/// Whether `text` has a `*` or `?`, i.e. whether it is a pattern rather than a name.
#[must_use]
pub fn has_wildcard(text: &str) -> bool {
    text.contains(['*', '?'])
}

fn char_at(text: &str, offset: usize) -> Option<char> {
    text.get(offset..).and_then(|rest| rest.chars().next())
}

fn same_char(a: char, b: char, case_insensitive: bool) -> bool {
    if a == b {
        return true;
    }
    if !case_insensitive {
        return false;
    }
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(&b);
    }
    a.to_lowercase().eq(b.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn literal_star_and_question_mark() {
        assert!(wildcard_match("iam:PassRole", "iam:PassRole", false));
        assert!(!wildcard_match("iam:PassRole", "iam:passrole", false));
        assert!(wildcard_match("iam:PassRole", "IAM:passrole", true));
        assert!(wildcard_match("iam:Pass*", "iam:PassRole", true));
        assert!(wildcard_match("s3:*Object", "s3:GetObject", true));
        assert!(!wildcard_match("s3:*Object", "s3:GetObjectAcl", true));
        assert!(wildcard_match("s3:*Object*", "s3:GetObjectAcl", true));
        assert!(wildcard_match(
            "ec2:?escribe*",
            "ec2:DescribeInstances",
            true
        ));
        assert!(!wildcard_match("a?", "a", false));
        assert!(wildcard_match("*", "", false));
        assert!(wildcard_match("", "", false));
        assert!(!wildcard_match("", "a", false));
        assert!(wildcard_match("a*b*c", "aXbYbZc", false));
        assert!(!wildcard_match("a*b*c", "aXbYbZ", false));
    }

    #[test]
    fn characters_not_bytes() {
        assert!(wildcard_match("caf?", "café", false));
        assert!(wildcard_match("CAFÉ", "café", true));
        assert!(!wildcard_match("caf??", "café", false));
    }

    #[test]
    fn adversarial_pattern_stays_fast() {
        let text = "a".repeat(20_000);
        let pattern = format!("{}b", "*a".repeat(50));
        let started = std::time::Instant::now();
        assert!(!wildcard_match(&pattern, &text, true));
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
    }

    fn reference(pattern: &str, text: &str, case_insensitive: bool) -> bool {
        let mut re = String::from(if case_insensitive { "(?is)^" } else { "(?s)^" });
        for c in pattern.chars() {
            match c {
                '*' => re.push_str(".*"),
                '?' => re.push('.'),
                _ => re.push_str(&regex::escape(&c.to_string())),
            }
        }
        re.push('$');
        regex::Regex::new(&re).is_ok_and(|r| r.is_match(text))
    }

    // Characters whose lower-case form is one character and agrees with regex's case folding.
    const TEXT: &str = "[aAbB:/.é É-]{0,12}";
    const PATTERN: &str = "[aAbB:/.é É*?-]{0,10}";

    proptest! {
        #[test]
        fn agrees_with_a_regex(pattern in PATTERN, text in TEXT, ci in any::<bool>()) {
            prop_assert_eq!(wildcard_match(&pattern, &text, ci), reference(&pattern, &text, ci));
        }

        #[test]
        fn a_filled_in_pattern_matches(pattern in PATTERN, fill in "[aAbé/]{0,3}") {
            // Replace each `*` with `fill` and each `?` with one character: that text must match.
            let text: String = pattern
                .chars()
                .map(|c| match c {
                    '*' => fill.clone(),
                    '?' => "x".to_owned(),
                    other => other.to_string(),
                })
                .collect();
            prop_assert!(wildcard_match(&pattern, &text, false));
            prop_assert!(wildcard_match(&pattern.to_uppercase(), &text, true));
        }

        #[test]
        fn a_text_matches_itself_and_star(text in TEXT) {
            let star = "*";
            prop_assert!(wildcard_match(&text, &text, false));
            prop_assert!(wildcard_match(star, &text, false));
        }
    }
}
