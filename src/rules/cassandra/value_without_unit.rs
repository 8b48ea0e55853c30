//! ## What it does
//! Reports a renamed Cassandra setting (the 4.1 names, such as
//! `max_hint_window`, `commitlog_sync_period`, `key_cache_size`,
//! `compaction_throughput`) whose value is not a number followed by a unit
//! the setting accepts: `10800000` instead of `3h`, `10 s`, `64MB`, or a
//! unit smaller than the setting's smallest (`300000ms` where seconds are
//! the minimum).
//!
//! ## Why is this bad?
//! Under the old names (`max_hint_window_in_ms`) the unit was in the name
//! and values were plain numbers. The new names take the unit in the value
//! — durations `d h m s ms us µs ns`, sizes `B KiB MiB GiB`, rates `B/s
//! KiB/s MiB/s`, case-sensitive — and Cassandra refuses to start otherwise
//! ("Invalid duration: 10800000 Accepted units: …"). It typically happens
//! when a key is renamed during an upgrade and its value copied as is.
//!
//! ## Example
//! ```yaml
//! max_hint_window: 10800000
//! compaction_throughput: 64
//! ```
//!
//! ## Fix
//! ```yaml
//! max_hint_window: 10800000ms   # or 3h
//! compaction_throughput: 64MiB/s
//! ```
//!
//! ## References
//! - Apache Cassandra, configuration: units and renamed settings (4.1): <https://cassandra.apache.org/doc/latest/cassandra/managing/configuration/configuration.html>
//! - Best Practices for Running Apache Cassandra on Amazon EC2 (Upgrades): <https://aws.amazon.com/blogs/big-data/best-practices-for-running-apache-cassandra-on-amazon-ec2/>

use crate::cassandra::{RENAMES, Unit};
use crate::diagnostic::{Diagnostic, Severity};
use crate::parse::{PathSeg, Value};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "CAS006",
        "value-without-unit",
        Severity::Error,
        &[InputKind::CassandraYaml],
        "A renamed (4.1) duration, size or rate setting without a unit it accepts",
        crate::rule_docs!(),
        &["correctness", "cassandra"],
        Precision::VeryHigh,
    ),
    check,
};

const DURATIONS: &[&str] = &["ns", "us", "µs", "ms", "s", "m", "h", "d"];
const SIZES: &[&str] = &["B", "KiB", "MiB", "GiB"];
const RATES: &[&str] = &["B/s", "KiB/s", "MiB/s"];

/// The units of a kind from its smallest accepted one (`µs` ranks with `us`).
fn accepted(all: &'static [&'static str], min: &str) -> Vec<&'static str> {
    let rank = |u: &str| {
        let u = if u == "µs" { "us" } else { u };
        all.iter().position(|x| *x == u)
    };
    let floor = rank(min).unwrap_or(0);
    all.iter()
        .copied()
        .filter(|u| rank(u).is_some_and(|r| r >= floor))
        .collect()
}

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(root) = ctx.root else { return };
    for m in root.members() {
        let Some(r) = RENAMES.iter().find(|r| r.new == m.key) else {
            continue;
        };
        if r.old.iter().any(|(o, _)| *o == r.new) {
            // Only the value's format changed; plain numbers are still read.
            continue;
        }
        let (all, min, what) = match r.unit {
            Unit::Duration(min) => (DURATIONS, min, "duration"),
            Unit::Storage(min) => (SIZES, min, "data size"),
            Unit::Rate(min) => (RATES, min, "data rate"),
            Unit::None => continue,
        };
        let text = match &m.value.value {
            Value::Number(n) | Value::String(n) => n.trim(),
            _ => continue,
        };
        let units = accepted(all, min);
        let digits = text.bytes().take_while(u8::is_ascii_digit).count();
        let unit = text.get(digits..).unwrap_or("");
        if digits > 0 && units.contains(&unit) {
            continue;
        }
        let old_unit = r
            .old
            .iter()
            .find_map(|(_, u)| *u)
            .filter(|u| units.contains(u));
        let problem = if digits == text.len() && digits > 0 {
            format!("{} has no unit", r.new)
        } else if digits > 0 && all.contains(&unit) {
            format!(
                "{} is in {unit}, below the smallest unit it accepts ({min})",
                r.new
            )
        } else {
            format!("{} is not a {what} Cassandra reads", r.new)
        };
        let example = match old_unit {
            Some(u) if digits == text.len() && digits > 0 => {
                format!("write {text}{u} (its old name counted in {u}), or a larger unit")
            }
            _ => format!(
                "write a whole number followed by one of: {}",
                units.join(", ")
            ),
        };
        out.push(
            Diagnostic::new(
                rule,
                m.value.span,
                format!(
                    "{problem}: Cassandra refuses to start (\"Invalid {what}: {text}\"); it accepts {}",
                    units.join(", ")
                ),
            )
            .with_help(format!("{example}; units are case-sensitive and take no space"))
            .with_path(&[PathSeg::Key(r.new.to_string())]),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::run;
    use super::*;

    #[test]
    fn units_are_required_on_new_names() {
        let got = run(
            &RULE,
            "max_hint_window: 10800000\ncompaction_throughput: 64MB/s\nstreaming_keep_alive_period: 300000ms\nhints_flush_period: 10 s\n",
        );
        assert_eq!(got.len(), 4, "{got:#?}");
        assert!(
            got[0].starts_with(
                "1:18 10800000 | max_hint_window has no unit: Cassandra refuses to start"
            ),
            "{got:#?}"
        );
        assert!(
            got[1].contains("compaction_throughput is not a data rate"),
            "{got:#?}"
        );
        assert!(
            got[2].contains("is in ms, below the smallest unit it accepts (s)"),
            "{got:#?}"
        );
        assert!(
            got[3].contains("hints_flush_period is not a duration"),
            "{got:#?}"
        );
    }

    #[test]
    fn valid_values_old_names_and_format_renames_pass() {
        assert!(
            run(
                &RULE,
                "max_hint_window: 3h\nkey_cache_size:\ncompaction_throughput: 64MiB/s\nmax_hint_window_in_ms: 10800000\nkey_cache_save_period: 14400\nread_request_timeout: 5000ms\n"
            )
            .is_empty()
        );
    }
}
