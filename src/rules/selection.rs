//! `--select` / `--ignore`: choosing rules by code, name or code prefix.

use super::RuleMeta;

#[derive(Debug, Clone, Default)]
pub struct RuleSelection {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
}

fn matches(meta: &RuleMeta, selector: &str) -> bool {
    let s = selector.trim();
    s.eq_ignore_ascii_case("ALL")
        || meta.name == s
        || meta
            .code
            .to_ascii_uppercase()
            .starts_with(&s.to_ascii_uppercase())
}

impl RuleSelection {
    /// Whether a rule is enabled: selected (or no selection given) and not ignored.
    /// The most specific selector wins when both lists name it.
    #[must_use]
    pub fn enabled(&self, meta: &RuleMeta) -> bool {
        let best = |list: &[String]| {
            list.iter()
                .filter(|s| matches(meta, s))
                .map(|s| {
                    if meta.name == s.trim() {
                        usize::MAX
                    } else {
                        s.trim().len()
                    }
                })
                .max()
        };
        let selected = if self.select.is_empty() {
            Some(0)
        } else {
            best(&self.select)
        };
        match (selected, best(&self.ignore)) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(s), Some(i)) => s > i,
        }
    }

    /// Selectors that match no rule among `metas`: a typo the user should hear about.
    #[must_use]
    pub fn unknown<'a>(&'a self, metas: &[&RuleMeta]) -> Vec<&'a str> {
        self.select
            .iter()
            .chain(&self.ignore)
            .filter(|s| !metas.iter().any(|m| matches(m, s)))
            .map(String::as_str)
            .collect()
    }
}
