//! The `*` / `?` matcher of IAM action names, resource ARNs and `StringLike` values.
//!
//! `*` matches any run of characters (also none) and `?` exactly one character;
//! every other character matches itself. There is no escape character: IAM has none.

/// Whether all of `text` matches `pattern`.
///
/// Never exponential, and linear in the text when the pattern's parts between
/// stars have no `?`. `case_insensitive` compares characters by their
/// lower-case forms.
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
    // Short inputs (every action name, nearly every ARN) take the scan, which
    // allocates nothing; long ones, where its |pattern|·|text| worst case
    // bites, are matched part by part.
    if pattern.len().saturating_mul(text.len()) <= SCAN_LIMIT {
        scan_match(pattern, text, case_insensitive)
    } else {
        let pattern = fold(pattern, case_insensitive);
        let text = fold(text, case_insensitive);
        segment_match(&pattern, &text)
    }
}

/// Largest |pattern|·|text| (in bytes) matched by [`scan_match`].
const SCAN_LIMIT: usize = 1 << 16;

/// Greedy scan that remembers only the last `*`: on a mismatch the star takes one
/// more character and the scan resumes after it. No recursion, no allocation, and
/// at most |pattern|·|text| character steps.
fn scan_match(pattern: &str, text: &str, case_insensitive: bool) -> bool {
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

/// `s` with each character replaced by its lower-case form when that is one
/// character (`same_char` then becomes `==`); unchanged when case matters.
fn fold(s: &str, case_insensitive: bool) -> std::borrow::Cow<'_, str> {
    if !case_insensitive {
        return std::borrow::Cow::Borrowed(s);
    }
    if s.is_ascii() {
        return std::borrow::Cow::Owned(s.to_ascii_lowercase());
    }
    std::borrow::Cow::Owned(
        s.chars()
            .map(|c| {
                let mut lower = c.to_lowercase();
                match (lower.next(), lower.next()) {
                    (Some(l), None) => l,
                    _ => c,
                }
            })
            .collect(),
    )
}

/// Matches part by part: the part before the first `*` at the start, the part
/// after the last at the end, and each part between at its leftmost place
/// after the previous one (leftmost is never worse: a star absorbs the rest).
/// Parts without `?` are found with `str::find` (two-way search, linear).
fn segment_match(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or("");
    let mut middle: Vec<&str> = parts.collect();
    let Some(last) = middle.pop() else {
        // No star: the whole text, character for character.
        return match_at(first, text, 0) == Some(text.len());
    };
    let Some(mut pos) = match_at(first, text, 0) else {
        return false;
    };
    let Some(suffix_start) = start_of_last_chars(text, last.chars().count()) else {
        return false;
    };
    if suffix_start < pos || match_at(last, text, suffix_start) != Some(text.len()) {
        return false;
    }
    for part in middle.into_iter().filter(|p| !p.is_empty()) {
        let Some(window) = text.get(pos..suffix_start) else {
            return false;
        };
        let Some(end) = find_part(part, window) else {
            return false;
        };
        pos += end;
    }
    true
}

/// Where in `text` `part` (exact characters, `?` any one) first matches: the
/// end offset of the match.
fn find_part(part: &str, text: &str) -> Option<usize> {
    if !part.contains('?') {
        return text.find(part).map(|start| start + part.len());
    }
    text.char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .find_map(|i| match_at(part, text, i))
}

/// Whether `part` matches `text` at byte offset `at`: the offset after it.
fn match_at(part: &str, text: &str, at: usize) -> Option<usize> {
    let mut rest = text.get(at..)?.chars();
    for p in part.chars() {
        let t = rest.next()?;
        if p != '?' && p != t {
            return None;
        }
    }
    Some(text.len() - rest.as_str().len())
}

/// The offset where the last `n` characters of `text` start.
fn start_of_last_chars(text: &str, n: usize) -> Option<usize> {
    if n == 0 {
        return Some(text.len());
    }
    text.char_indices().rev().nth(n - 1).map(|(i, _)| i)
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
    fn long_inputs_take_the_part_by_part_matcher_with_the_same_answers() {
        let long = "a".repeat(SCAN_LIMIT);
        for (pattern, text, ci, want) in [
            (format!("*{long}b"), format!("{long}{long}"), false, false),
            (format!("*{long}b"), format!("{long}{long}b"), false, true),
            (
                format!("*A{long}*?*"),
                format!("x{long}{long}é"),
                true,
                true,
            ),
            (format!("a*a?a*{long}"), format!("a{long}"), false, false),
            (format!("a*a?a*{long}"), format!("aaba{long}"), false, true),
            (format!("{long}*"), long.clone(), false, true),
            (long.clone(), format!("{long}a"), false, false),
            (format!("İ{long}"), format!("İ{long}"), true, true),
        ] {
            assert!(pattern.len() * text.len() > SCAN_LIMIT);
            assert_eq!(
                wildcard_match(&pattern, &text, ci),
                want,
                "{}",
                pattern.get(..8).unwrap_or("")
            );
        }
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
        fn part_by_part_agrees_with_a_regex(pattern in PATTERN, text in TEXT, ci in any::<bool>()) {
            let got = segment_match(&fold(&pattern, ci), &fold(&text, ci));
            prop_assert_eq!(got, reference(&pattern, &text, ci));
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
