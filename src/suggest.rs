//! "Did you mean …?" suggestions for misspelled names.

/// The candidate closest to `word`, if it is close enough to be a likely typo:
/// a case-only difference, or a small edit distance relative to the length.
#[must_use]
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_ascii_lowercase();
    let word_len = lower.chars().count();
    let mut best: Option<(&str, f64)> = None;
    for cand in candidates {
        if cand == word {
            return None;
        }
        if cand.eq_ignore_ascii_case(word) {
            return Some(cand);
        }
        // The distance is at least the difference in length: most candidates
        // (thousands of action names) are ruled out without computing it.
        let cand_len = cand.chars().count();
        let max_len = word_len.max(cand_len);
        let allowed = match max_len {
            0..=3 => 0,
            4..=6 => 1,
            7..=12 => 2,
            _ => 3,
        };
        if word_len.abs_diff(cand_len) > allowed {
            continue;
        }
        let dist = strsim::damerau_levenshtein(&lower, &cand.to_ascii_lowercase());
        if dist <= allowed {
            let score = dist as f64 / max_len as f64;
            if best.is_none_or(|(_, s)| score < s) {
                best = Some((cand, score));
            }
        }
    }
    best.map(|(c, _)| c)
}

/// ` Did you mean `x`?` or an empty string, to append to a message.
#[must_use]
pub fn hint<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    did_you_mean(word, candidates)
        .map(|c| format!(" (did you mean `{c}`?)"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names() {
        assert_eq!(
            did_you_mean("esssential", ["essential", "name"]),
            Some("essential")
        );
        assert_eq!(
            did_you_mean("kmsKeyID", ["KmsKeyId", "Encrypted"]),
            Some("KmsKeyId")
        );
        assert_eq!(did_you_mean("zzz", ["essential"]), None);
        assert_eq!(did_you_mean("cpu", ["cpu"]), None);
    }
}
