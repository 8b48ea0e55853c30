//! `--select` / `--ignore`: choosing rules by code, name or code prefix.

use super::RuleMeta;

#[derive(Debug, Clone, Default)]
pub struct RuleSelection {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
}

impl RuleSelection {
    /// Whether `selector` (`ALL`, a code, a code prefix or a name) names `meta`.
    #[must_use]
    pub fn matches(meta: &RuleMeta, selector: &str) -> bool {
        let s = selector.trim();
        s.eq_ignore_ascii_case("ALL")
            || meta.name == s
            || meta
                .code
                .to_ascii_uppercase()
                .starts_with(&s.to_ascii_uppercase())
    }

    /// How specific a matching selector is: a name beats a full code beats a prefix beats `ALL`.
    #[must_use]
    pub fn specificity(meta: &RuleMeta, selector: &str) -> usize {
        let s = selector.trim();
        if meta.name == s {
            usize::MAX
        } else if s.eq_ignore_ascii_case("ALL") {
            0
        } else {
            s.len()
        }
    }

    /// Whether a rule is enabled: selected (or no selection given) and not ignored.
    /// The most specific selector wins when both lists name it.
    #[must_use]
    pub fn enabled(&self, meta: &RuleMeta) -> bool {
        let best = |list: &[String]| {
            list.iter()
                .filter(|s| Self::matches(meta, s))
                .map(|s| Self::specificity(meta, s))
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
            .filter(|s| !metas.iter().any(|m| Self::matches(m, s)))
            .map(String::as_str)
            .collect()
    }
}
