//! Warm evaluation speed: one principal whose identity policies are all the
//! AWS managed policies of the shared corpus (1,644 documents). Reads
//! `../shared/corpus/iam-policies/aws-managed` (or `CLOUDLINT_MANAGED_POLICIES`);
//! skips when it is absent. Run: `cargo bench --bench eval`; the report's
//! `thrpt` line is requests per second (`bench/run.sh eval` records it).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::hint::black_box;
use std::path::PathBuf;

use cloudlint::iam::eval::{Context, PolicyDoc, PolicySet, Request, evaluate};
use cloudlint::iam::policy::PolicyType;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const PRINCIPAL: &str = "arn:aws:iam::111122223333:user/bench";

/// (action, resource) pairs across busy and quiet services.
const REQUESTS: &[(&str, &str)] = &[
    ("s3:GetObject", "arn:aws:s3:::bucket/key.txt"),
    ("ec2:DescribeInstances", "*"),
    ("iam:PassRole", "arn:aws:iam::111122223333:role/app"),
    (
        "kms:Decrypt",
        "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    ),
    (
        "dynamodb:GetItem",
        "arn:aws:dynamodb:us-east-1:111122223333:table/t",
    ),
    (
        "lambda:InvokeFunction",
        "arn:aws:lambda:us-east-1:111122223333:function:f",
    ),
    ("sts:AssumeRole", "arn:aws:iam::111122223333:role/other"),
    (
        "logs:PutLogEvents",
        "arn:aws:logs:us-east-1:111122223333:log-group:g:log-stream:s",
    ),
];

fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("CLOUDLINT_MANAGED_POLICIES")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../shared/corpus/iam-policies/aws-managed")
        });
    let alt = PathBuf::from("/work/shared/corpus/iam-policies/aws-managed");
    [dir, alt].into_iter().find(|d| d.is_dir())
}

fn load(dir: &PathBuf) -> (Vec<PolicyDoc>, usize) {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut rejected = 0;
    let docs = files
        .iter()
        .filter_map(|p| match PolicyDoc::from_file(p, PolicyType::Identity) {
            Ok(d) => Some(d),
            Err(e) => {
                rejected += 1;
                eprintln!("rejected {}: {}", p.display(), e[0]);
                None
            }
        })
        .collect();
    (docs, rejected)
}

fn bench(c: &mut Criterion) {
    let Some(dir) = corpus() else {
        eprintln!("eval bench skipped: the managed-policy corpus is absent");
        return;
    };
    let started = std::time::Instant::now();
    let (identity, rejected) = load(&dir);
    eprintln!(
        "loaded {} managed policies ({rejected} rejected) in {:?}",
        identity.len(),
        started.elapsed()
    );
    let set = PolicySet {
        identity,
        ..PolicySet::default()
    };
    let mut ctx = Context::default();
    ctx.add("aws:SourceIp", "10.1.2.3");
    ctx.add("aws:SecureTransport", "true");
    let requests: Vec<Request> = REQUESTS
        .iter()
        .map(|(a, r)| {
            Request::new(PRINCIPAL, a, r)
                .unwrap()
                .with_context(ctx.clone())
        })
        .collect();
    for r in &requests {
        let e = evaluate(&set, r).unwrap();
        eprintln!(
            "{:<24} {:?}: {} statements considered, {} skipped",
            r.action,
            e.decision,
            e.trace.len(),
            e.skipped_statements
        );
    }
    // One element = one request: criterion reports requests per second.
    let mut group = c.benchmark_group("eval");
    group.throughput(Throughput::Elements(1));
    group.bench_function(
        "evaluate one request against 1,644 managed policies (mixed services)",
        |b| {
            let mut i = 0;
            b.iter(|| {
                i = (i + 1) % requests.len();
                black_box(evaluate(&set, &requests[i]).unwrap().decision)
            });
        },
    );
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
