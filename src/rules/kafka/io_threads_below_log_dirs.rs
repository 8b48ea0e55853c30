//! ## What it does
//! Reports `num.io.threads` (default 8) that is not greater than the number
//! of log directories (`log.dirs`, else `log.dir`, default one directory).
//!
//! ## Why is this bad?
//! The I/O threads serve requests, disk work included. The AWS best-practices
//! post for Kafka: "Make sure that num.io.threads is greater than the number
//! of disks dedicated for Kafka." With fewer threads than disks, some disks
//! sit idle while requests queue, and request latency grows with load.
//!
//! ## Example
//! ```properties
//! log.dirs=/data/1,/data/2,/data/3,/data/4
//! num.io.threads=4
//! ```
//!
//! ## Fix
//! ```properties
//! log.dirs=/data/1,/data/2,/data/3,/data/4
//! num.io.threads=8
//! ```
//!
//! ## References
//! - Best Practices for Running Apache Kafka on AWS (Performance tuning): <https://aws.amazon.com/blogs/big-data/best-practices-for-running-apache-kafka-on-aws/>
//! - Apache Kafka, `num.io.threads`: <https://kafka.apache.org/documentation/#brokerconfigs_num.io.threads>

use crate::diagnostic::{Diagnostic, Severity};
use crate::kafka::KafkaConfig;
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "KFK008",
        "io-threads-below-log-dirs",
        Severity::Warning,
        &[InputKind::KafkaProperties],
        "num.io.threads not greater than the number of log directories",
        crate::rule_docs!(),
        &["performance", "kafka"],
        Precision::High,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(k) = super::config(ctx) else { return };
    if !k.is_broker() {
        return;
    }
    let dirs_prop = k.get("log.dirs").or_else(|| k.get("log.dir"));
    let dirs = dirs_prop.map_or(1, |p| p.items().len());
    let threads_prop = k.get("num.io.threads");
    let threads = match &threads_prop {
        Some(p) => match p.integer() {
            Some(n) => n,
            None => return,
        },
        None => 8,
    };
    if threads > i64::try_from(dirs).unwrap_or(i64::MAX) {
        return;
    }
    let dirs_text = match &dirs_prop {
        Some(p) => format!("the {dirs} directories of {}", p.key),
        None => "the one default log directory".to_string(),
    };
    let stated = match &threads_prop {
        Some(_) => format!("num.io.threads={threads}"),
        None => format!("num.io.threads is not set, so it is {threads}, which"),
    };
    let message =
        format!("{stated} is not greater than {dirs_text}: some disks wait while requests queue");
    let d = match &threads_prop {
        Some(p) => Diagnostic::new(rule, p.trimmed_span(), message).with_path(&p.path()),
        None => KafkaConfig::missing(rule, "num.io.threads", message),
    };
    let d = match &dirs_prop {
        Some(p) => d.with_label(p.trimmed_span(), "the log directories"),
        None => d,
    };
    out.push(d.with_help(format!(
        "set num.io.threads above the number of disks, for example {}",
        (dirs * 2).max(8)
    )));
}

#[cfg(test)]
mod tests {
    use super::super::test_support::run;
    use super::*;

    #[test]
    fn threads_must_exceed_dirs() {
        let got = run(&RULE, "log.dirs=/a,/b,/c,/d\nnum.io.threads=4\n");
        assert_eq!(
            got,
            [
                "2:16 4 | num.io.threads=4 is not greater than the 4 directories of log.dirs: some disks wait while requests queue"
            ]
        );
        assert!(run(&RULE, "log.dirs=/a,/b,/c,/d\nnum.io.threads=5\n").is_empty());
        let eight = (1..=8)
            .map(|i| format!("/d{i}"))
            .collect::<Vec<_>>()
            .join(",");
        let got = run(&RULE, &format!("log.dirs={eight}\n"));
        assert!(
            got[0].contains(
                "num.io.threads is not set, so it is 8, which is not greater than the 8 directories"
            ),
            "{got:#?}"
        );
        assert!(run(&RULE, "broker.id=1\n").is_empty());
    }
}
