//! "Did you mean …?" suggestions for misspelled names.

/// The candidate closest to `word`, if it is close enough to be a likely typo:
/// a case-only difference, or a small edit distance relative to the length.
#[must_use]
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_ascii_lowercase();
    let mut best: Option<(&str, f64)> = None;
    for cand in candidates {
        if cand == word {
            return None;
        }
        let cl = cand.to_ascii_lowercase();
        if cl == lower {
            return Some(cand);
        }
        let dist = strsim::damerau_levenshtein(&lower, &cl);
        let max_len = lower.chars().count().max(cl.chars().count());
        let allowed = match max_len {
            0..=3 => 0,
            4..=6 => 1,
            7..=12 => 2,
            _ => 3,
        };
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
