//! SARIF 2.1.0 for GitHub code scanning and other SARIF consumers.
//!
//! One run; the driver lists every rule of the run with its documentation;
//! results carry exact regions (columns in UTF-16 code units, as the run
//! declares), byte offsets into the file, relative URIs against `%SRCROOT%`
//! (the current directory), GitHub's `primaryLocationLineHash` and a
//! line-independent fingerprint. Suppressed findings are results with a
//! `suppressions` entry. GitHub's limit of 25,000 results a run is respected
//! by keeping the most severe and saying how many were dropped.
//! What GitHub reads and its limits: docs/sarif.md.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};

use serde_json::json;
use serde_sarif::sarif::{
    Artifact, ArtifactLocation, Invocation, Location, Message, MultiformatMessageString,
    Notification, PhysicalLocation, PropertyBag, Region, ReportingConfiguration,
    ReportingDescriptor, ReportingDescriptorReference, Result as SarifResult, ResultLevel, Run,
    RunAutomationDetails, Sarif, Suppression, Tool, ToolComponent,
};

use super::fingerprint::{LINE_HASH_KEY, LOGICAL_PATH_KEY, line_hashes, logical_path_fingerprint};
use super::paths::{artifact_uri, directory_uri};
use super::{ReportContext, file_byte_range, floor_boundary};
use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::{FileResult, RunResult, Status};
use crate::rules::RuleMeta;
use crate::source::read::Encoding;
use crate::span::{LineIndex, Span};
use crate::suppress::Justification;

/// The schema GitHub's documentation and the SARIF validator expect.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// GitHub code scanning rejects runs with more results than this.
pub const MAX_RESULTS: usize = 25_000;
/// GitHub reads at most this many tags a rule.
const MAX_TAGS: usize = 20;
/// GitHub's limit for `shortDescription` and `fullDescription`.
const MAX_DESCRIPTION: usize = 1024;
/// The base URI id of every relative artifact URI.
pub const SRCROOT: &str = "%SRCROOT%";
/// The default `runAutomationDetails.id`.
pub const DEFAULT_CATEGORY: &str = "cloudlint/";

/// # Errors
/// Failure to write.
pub fn render(result: &RunResult, ctx: &ReportContext<'_>, out: &mut dyn Write) -> io::Result<()> {
    let log = build(result, ctx, MAX_RESULTS);
    serde_json::to_writer_pretty(&mut *out, &log).map_err(io::Error::other)?;
    writeln!(out)
}

/// The SARIF log, keeping at most `max_results` results.
#[must_use]
pub fn build(result: &RunResult, ctx: &ReportContext<'_>, max_results: usize) -> Sarif {
    let rules = Rules::new(ctx);
    let mut artifacts = Vec::new();
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for file in &result.files {
        if file.status != Status::Linted {
            continue;
        }
        let (uri, relative) = artifact_uri(&file.path, &ctx.base_dir);
        let artifact_index = i64::try_from(artifacts.len()).unwrap_or(i64::MAX);
        let location = artifact_location(&uri, relative, Some(artifact_index));
        artifacts.push(
            Artifact::builder()
                .location(artifact_location(&uri, relative, None))
                .roles(vec![json!("analysisTarget")])
                .build(),
        );
        if file.internal_error {
            notifications.push(
                Notification::builder()
                    .level(json!("error"))
                    .message(text_message(format!(
                        "cloudlint failed on {uri}; its findings are incomplete"
                    )))
                    .locations(vec![
                        Location::builder()
                            .physical_location(
                                PhysicalLocation::builder()
                                    .artifact_location(location.clone())
                                    .build(),
                            )
                            .build(),
                    ])
                    .build(),
            );
        }
        if !file.diagnostics.is_empty() || !file.suppressed.is_empty() {
            file_results(file, &uri, &location, &rules, &mut results);
        }
    }
    let dropped = keep_most_severe(&mut results, max_results);
    if dropped > 0 {
        notifications.push(
            Notification::builder()
                .level(json!("warning"))
                .descriptor(
                    ReportingDescriptorReference::builder()
                        .id("cloudlint/results-dropped")
                        .build(),
                )
                .message(text_message(format!(
                    "{dropped} results were dropped: GitHub code scanning accepts at most \
                     {max_results} results a run, so the {max_results} most severe were kept; \
                     run cloudlint on fewer files or with --select to see the rest"
                )))
                .build(),
        );
    }
    let results: Vec<SarifResult> = results.into_iter().map(|(_, r)| r).collect();
    let mut invocation = Invocation::builder()
        .execution_successful(!result.incomplete())
        .build();
    if !notifications.is_empty() {
        invocation.tool_execution_notifications = Some(notifications);
    }
    if let Some(dir) = directory_uri(&ctx.base_dir) {
        invocation.working_directory = Some(ArtifactLocation::builder().uri(dir).build());
    }
    let category = automation_id(&ctx.sarif_category);
    let mut run_properties = BTreeMap::new();
    run_properties.insert("filesLinted".to_string(), json!(result.linted()));
    run_properties.insert("filesSkipped".to_string(), json!(result.skipped()));
    let run = Run::builder()
        .tool(Tool::builder().driver(driver(rules.descriptors)).build())
        .automation_details(RunAutomationDetails::builder().id(category).build())
        .original_uri_base_ids(BTreeMap::from([(SRCROOT.to_string(), srcroot(ctx))]))
        .column_kind(json!("utf16CodeUnits"))
        .artifacts(artifacts)
        .invocations(vec![invocation])
        .results(results)
        .properties(
            PropertyBag::builder()
                .additional_properties(run_properties)
                .build(),
        )
        .build();
    Sarif::builder()
        .schema(SCHEMA_URI)
        .version(json!("2.1.0"))
        .runs(vec![run])
        .build()
}

/// `runAutomationDetails.id` for a `--sarif-category`. GitHub reads the id as
/// `category/run-id`; a value without `/` would be all run id and no
/// category, so a `/` is added.
#[must_use]
pub fn automation_id(category: &str) -> String {
    if category.is_empty() {
        DEFAULT_CATEGORY.to_string()
    } else if category.contains('/') {
        category.to_string()
    } else {
        format!("{category}/")
    }
}

/// The rules of the run: descriptors, and each code's index among them.
struct Rules {
    descriptors: Vec<ReportingDescriptor>,
    index: HashMap<String, i64>,
}

impl Rules {
    fn new(ctx: &ReportContext<'_>) -> Rules {
        let mut descriptors = Vec::with_capacity(ctx.rules.len());
        let mut index = HashMap::with_capacity(ctx.rules.len());
        for rule in ctx.rules {
            let meta = rule.meta();
            if index.contains_key(meta.code.as_ref()) {
                continue;
            }
            index.insert(
                meta.code.to_string(),
                i64::try_from(descriptors.len()).unwrap_or(i64::MAX),
            );
            descriptors.push(descriptor(meta));
        }
        Rules { descriptors, index }
    }
}

fn driver(rules: Vec<ReportingDescriptor>) -> ToolComponent {
    let version = env!("CARGO_PKG_VERSION");
    ToolComponent::builder()
        .name("cloudlint")
        .full_name(format!("cloudlint {version}"))
        .version(version)
        .semantic_version(version)
        .information_uri(env!("CARGO_PKG_REPOSITORY"))
        .rules(rules)
        .build()
}

/// A rule's `reportingDescriptor`, everything GitHub reads about a rule.
#[must_use]
pub fn descriptor(meta: &RuleMeta) -> ReportingDescriptor {
    let mut properties = BTreeMap::new();
    properties.insert("precision".to_string(), json!(meta.precision.as_str()));
    properties.insert(
        "problem.severity".to_string(),
        json!(match meta.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "recommendation",
        }),
    );
    if let Some(score) = security_severity(meta) {
        properties.insert("security-severity".to_string(), json!(score));
    }
    let tags: Vec<String> = meta
        .tags
        .iter()
        .take(MAX_TAGS)
        .map(|t| (*t).to_string())
        .collect();
    ReportingDescriptor::builder()
        .id(meta.code.to_string())
        .name(meta.name.to_string())
        .short_description(plain_text(truncate(&meta.summary, MAX_DESCRIPTION)))
        .full_description(plain_text(truncate(
            &full_description(meta),
            MAX_DESCRIPTION,
        )))
        .help(
            MultiformatMessageString::builder()
                .text(help_text(&meta.docs))
                .markdown(help_markdown(meta))
                .build(),
        )
        .help_uri(help_uri(&meta.code))
        .default_configuration(
            ReportingConfiguration::builder()
                .level(json!(meta.severity.as_str()))
                .build(),
        )
        .properties(
            PropertyBag::builder()
                .tags(tags)
                .additional_properties(properties)
                .build(),
        )
        .build()
}

/// GitHub's `security-severity` (a score from 0.1 to 10.0 as a string; its
/// presence marks a security rule): only for rules tagged `security`.
#[must_use]
pub fn security_severity(meta: &RuleMeta) -> Option<&'static str> {
    if !meta.tags.contains(&"security") {
        return None;
    }
    Some(match meta.severity {
        Severity::Error => "8.0",
        Severity::Warning => "5.5",
        Severity::Note => "2.0",
    })
}

/// Where a rule's documentation page lives in the repository.
#[must_use]
pub fn help_uri(code: &str) -> String {
    format!(
        "{}/blob/main/docs/rules/{code}.md",
        env!("CARGO_PKG_REPOSITORY").trim_end_matches('/')
    )
}

/// The `## What it does` section of the docs, as one paragraph.
fn full_description(meta: &RuleMeta) -> String {
    let section = doc_section(&meta.docs, "What it does");
    let text = section.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        meta.summary.to_string()
    } else {
        text
    }
}

fn doc_section<'a>(docs: &'a str, title: &str) -> &'a str {
    let heading = format!("## {title}");
    let Some(start) = docs.find(&heading) else {
        return "";
    };
    let body = docs.get(start + heading.len()..).unwrap_or("");
    let end = body.find("\n## ").unwrap_or(body.len());
    body.get(..end).unwrap_or("").trim()
}

fn help_markdown(meta: &RuleMeta) -> String {
    format!(
        "# {} ({})\n\n{}\n\n{}",
        meta.name,
        meta.code,
        meta.summary,
        meta.docs.trim()
    )
}

/// The docs as plain text: headings without `#`, code fences dropped,
/// `<url>` autolinks unwrapped.
fn help_text(docs: &str) -> String {
    let mut out = Vec::new();
    for line in docs.trim().lines() {
        if line.trim_start().starts_with("```") {
            continue;
        }
        let line = line.trim_start_matches('#').trim_start_matches(' ');
        out.push(unwrap_autolinks(line));
    }
    out.join("\n")
}

/// `<https://…>` → `https://…`; other angle brackets stay.
fn unwrap_autolinks(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(i) = rest.find("<http") {
        let (before, from) = rest.split_at(i);
        out.push_str(before);
        match from.find('>') {
            Some(j) if !from.get(1..j).unwrap_or(" ").contains(' ') => {
                out.push_str(from.get(1..j).unwrap_or(""));
                rest = from.get(j + 1..).unwrap_or("");
            }
            _ => {
                out.push('<');
                rest = from.get(1..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    out
}

fn plain_text(text: String) -> MultiformatMessageString {
    MultiformatMessageString::builder().text(text).build()
}

fn text_message(text: String) -> Message {
    Message::builder().text(text).build()
}

/// At most `max` characters, cut at a word when one ends near the limit.
fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i + 80 > cut.len() => cut.get(..i).unwrap_or(&cut),
        _ => cut.as_str(),
    };
    format!("{cut}…")
}

/// How a result ranks when results must be dropped: reported before
/// suppressed, then by severity.
type Rank = (bool, Severity);

/// The results of one file, reported and suppressed, in position order, each
/// with its rank.
fn file_results(
    file: &FileResult,
    uri: &str,
    location: &ArtifactLocation,
    rules: &Rules,
    out: &mut Vec<(Rank, SarifResult)>,
) {
    let index = LineIndex::new(&file.text);
    let hashes = github_units(file).map(line_hashes);
    let mut all: Vec<(&Diagnostic, Option<&Justification>)> = file
        .diagnostics
        .iter()
        .map(|d| (d, None))
        .chain(file.suppressed.iter().map(|(d, j)| (d, Some(j))))
        .collect();
    all.sort_by(|(a, _), (b, _)| {
        (a.span.start, a.span.end, &a.code, &a.message).cmp(&(
            b.span.start,
            b.span.end,
            &b.code,
            &b.message,
        ))
    });
    let mut occurrences: HashMap<(&str, &str), u32> = HashMap::new();
    for (d, suppressed) in all {
        let region = region(file, &index, d.span);
        let start_line = region.start_line.unwrap_or(1);
        let mut fingerprints = BTreeMap::new();
        if let Some(hash) = hashes
            .as_ref()
            .and_then(|h| usize::try_from(start_line - 1).ok().and_then(|i| h.get(i)))
        {
            fingerprints.insert(LINE_HASH_KEY.to_string(), hash.clone());
        }
        if let Some(path) = d.logical_path.as_deref() {
            let n = occurrences.entry((&d.code, path)).or_insert(0);
            *n += 1;
            fingerprints.insert(
                LOGICAL_PATH_KEY.to_string(),
                logical_path_fingerprint(&d.code, uri, path, *n),
            );
        }
        let mut r = SarifResult::builder()
            .rule_id(d.code.clone())
            .level(level(d.severity))
            .message(text_message(d.message.clone()))
            .locations(vec![physical(location, region, None)])
            .build();
        r.rule_index = rules.index.get(&d.code).copied();
        if !fingerprints.is_empty() {
            r.partial_fingerprints = Some(fingerprints);
        }
        if !d.labels.is_empty() {
            r.related_locations = Some(related(file, &index, location, d));
        }
        if let Some(j) = suppressed {
            r.suppressions = Some(vec![
                Suppression::builder()
                    .kind(json!(j.kind))
                    .status(json!("accepted"))
                    .justification(j.reason.clone())
                    .build(),
            ]);
        }
        out.push(((suppressed.is_none(), d.severity), r));
    }
}

fn related(
    file: &FileResult,
    index: &LineIndex,
    location: &ArtifactLocation,
    d: &Diagnostic,
) -> Vec<Location> {
    d.labels
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let mut loc = physical(
                location,
                region(file, index, l.span),
                Some(text_message(l.message.clone())),
            );
            loc.id = Some(i64::try_from(i + 1).unwrap_or(i64::MAX));
            loc
        })
        .collect()
}

fn physical(location: &ArtifactLocation, region: Region, message: Option<Message>) -> Location {
    let mut loc = Location::builder()
        .physical_location(
            PhysicalLocation::builder()
                .artifact_location(location.clone())
                .region(region)
                .build(),
        )
        .build();
    loc.message = message;
    loc
}

fn level(severity: Severity) -> ResultLevel {
    match severity {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
        Severity::Note => ResultLevel::Note,
    }
}

/// Lines and UTF-16 columns of a span, and its bytes in the file when known.
/// Lines start at 1 whatever the span.
fn region(file: &FileResult, index: &LineIndex, span: Span) -> Region {
    let text = &file.text;
    let start = floor_boundary(text, span.start as usize);
    let end = floor_boundary(text, (span.end as usize).max(start));
    let s = index.line_col(text, clamp_u32(start));
    let e = index.line_col(text, clamp_u32(end));
    let mut region = Region::builder()
        .start_line(i64::from(s.line.max(1)))
        .start_column(i64::from(s.column_utf16.max(1)))
        .end_line(i64::from(e.line.max(s.line).max(1)))
        .end_column(i64::from(e.column_utf16.max(1)))
        .build();
    if let Some((offset, length)) = file_byte_range(file, span) {
        region.byte_offset = i64::try_from(offset).ok();
        region.byte_length = i64::try_from(length).ok();
    }
    region
}

/// The file as GitHub's upload action sees it: its bytes read as UTF-8, in
/// UTF-16 code units. `None` when the text is not the whole file.
fn github_units(file: &FileResult) -> Option<Vec<u16>> {
    let text = &file.text;
    Some(match file.encoding? {
        Encoding::Utf8 => text.encode_utf16().collect(),
        Encoding::Utf8Bom => std::iter::once(0xFEFF).chain(text.encode_utf16()).collect(),
        Encoding::Utf16Le | Encoding::Utf16Be => {
            let le = file.encoding == Some(Encoding::Utf16Le);
            let mut bytes = Vec::with_capacity(2 + 2 * text.len());
            for unit in std::iter::once(0xFEFF).chain(text.encode_utf16()) {
                bytes.extend_from_slice(&if le {
                    unit.to_le_bytes()
                } else {
                    unit.to_be_bytes()
                });
            }
            String::from_utf8_lossy(&bytes).encode_utf16().collect()
        }
    })
}

/// Keeps the `max` highest-ranked results (reported before suppressed, then
/// most severe, earlier first among equals), in their original order;
/// returns how many were dropped.
fn keep_most_severe(results: &mut Vec<(Rank, SarifResult)>, max: usize) -> usize {
    if results.len() <= max {
        return 0;
    }
    let mut order: Vec<usize> = (0..results.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(results.get(i).map(|r| r.0)), i));
    let mut keep = vec![false; results.len()];
    for &i in order.iter().take(max) {
        if let Some(k) = keep.get_mut(i) {
            *k = true;
        }
    }
    let dropped = results.len() - max;
    let mut flags = keep.into_iter();
    results.retain(|_| flags.next().unwrap_or(false));
    dropped
}

fn artifact_location(uri: &str, relative: bool, index: Option<i64>) -> ArtifactLocation {
    let mut loc = ArtifactLocation::builder().uri(uri.to_string()).build();
    if relative {
        loc.uri_base_id = Some(SRCROOT.to_string());
    }
    loc.index = index;
    loc
}

fn srcroot(ctx: &ReportContext<'_>) -> ArtifactLocation {
    let mut loc = ArtifactLocation::builder()
        .description(text_message(
            "The directory cloudlint ran in; result URIs are relative to it.".to_string(),
        ))
        .build();
    loc.uri = directory_uri(&ctx.base_dir);
    loc
}

fn clamp_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_most_max_results_are_kept_most_severe_first() {
        let mk = |s: Severity, id: &str| {
            (
                (true, s),
                SarifResult::builder()
                    .rule_id(id.to_string())
                    .message(text_message(String::new()))
                    .build(),
            )
        };
        let mut results = vec![
            mk(Severity::Note, "n1"),
            mk(Severity::Error, "e1"),
            mk(Severity::Warning, "w1"),
            mk(Severity::Error, "e2"),
            mk(Severity::Warning, "w2"),
        ];
        assert_eq!(keep_most_severe(&mut results, 3), 2);
        let ids: Vec<_> = results
            .iter()
            .filter_map(|(_, r)| r.rule_id.clone())
            .collect();
        assert_eq!(ids, ["e1", "w1", "e2"]);
    }

    #[test]
    fn help_text_unwraps_autolinks_only() {
        assert_eq!(
            help_text("## Refs\n- a <https://x.y/z> and <stdin>, a < b\n```json\n{}\n```"),
            "Refs\n- a https://x.y/z and <stdin>, a < b\n{}"
        );
    }

    #[test]
    fn descriptions_are_cut_to_the_limit() {
        let long = "word ".repeat(400);
        let cut = truncate(&long, MAX_DESCRIPTION);
        assert!(cut.chars().count() <= MAX_DESCRIPTION);
        assert!(cut.ends_with('…'));
        assert_eq!(truncate("short", MAX_DESCRIPTION), "short");
    }

    use crate::diagnostic::Label;
    use crate::rules::all_rules;
    use serde_json::Value;
    use std::path::PathBuf;

    fn file(
        path: &str,
        text: &str,
        encoding: Option<Encoding>,
        diagnostics: Vec<Diagnostic>,
    ) -> FileResult {
        FileResult {
            path: PathBuf::from(path),
            text: text.to_string(),
            syntax: None,
            kind: None,
            status: Status::Linted,
            diagnostics,
            suppressed: Vec::new(),
            used_config_suppressions: Vec::new(),
            internal_error: false,
            encoding,
        }
    }

    fn diag(severity: Severity, span: Span, logical_path: Option<&str>) -> Diagnostic {
        Diagnostic {
            code: "SYN004".to_string(),
            name: "duplicate-key".to_string(),
            severity,
            message: "m".to_string(),
            span,
            labels: vec![Label {
                span,
                message: "l".to_string(),
            }],
            help: None,
            logical_path: logical_path.map(str::to_string),
        }
    }

    fn sarif(files: Vec<FileResult>, max: usize) -> Value {
        let rules = all_rules();
        let ctx = ReportContext {
            rules: &rules,
            base_dir: PathBuf::from("/repo"),
            ..ReportContext::default()
        };
        serde_json::to_value(build(&RunResult { files }, &ctx, max)).unwrap_or_default()
    }

    fn region(v: &Value, result: usize) -> Value {
        v["runs"][0]["results"][result]["locations"][0]["physicalLocation"]["region"].clone()
    }

    #[test]
    fn every_rule_is_described() {
        let v = sarif(vec![], MAX_RESULTS);
        let rules = v["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert_eq!(rules.len(), all_rules().len());
        for r in rules {
            for field in [
                "id",
                "name",
                "shortDescription",
                "fullDescription",
                "help",
                "helpUri",
                "defaultConfiguration",
                "properties",
            ] {
                assert!(!r[field].is_null(), "{} lacks {field}", r["id"]);
            }
            assert!(
                r["help"]["markdown"]
                    .as_str()
                    .is_some_and(|m| m.contains("## Why is this bad?"))
            );
            assert!(r["properties"]["precision"].is_string());
        }
    }

    #[test]
    fn columns_are_utf16_and_bytes_are_file_bytes() {
        // "😀" is 4 bytes, 2 UTF-16 units, 1 character.
        let text = "{\"😀\": 1, \"k\": 2}";
        let k = text.find("\"k\"").unwrap_or(0);
        let span = Span::new(k, k + 3);
        let v = sarif(
            vec![
                file(
                    "a.json",
                    text,
                    Some(Encoding::Utf8),
                    vec![diag(Severity::Error, span, None)],
                ),
                file(
                    "b.json",
                    text,
                    Some(Encoding::Utf8Bom),
                    vec![diag(Severity::Error, span, None)],
                ),
                file(
                    "c.json",
                    text,
                    Some(Encoding::Utf16Le),
                    vec![diag(Severity::Error, span, None)],
                ),
                file(
                    "d.json",
                    text,
                    None,
                    vec![diag(Severity::Error, span, None)],
                ),
            ],
            MAX_RESULTS,
        );
        assert_eq!(v["runs"][0]["columnKind"], "utf16CodeUnits");
        let r = region(&v, 0);
        assert_eq!(
            (
                r["startLine"].as_i64(),
                r["startColumn"].as_i64(),
                r["endColumn"].as_i64()
            ),
            (Some(1), Some(11), Some(14))
        );
        assert_eq!(
            (r["byteOffset"].as_i64(), r["byteLength"].as_i64()),
            (Some(12), Some(3))
        );
        let r = region(&v, 1);
        assert_eq!(
            (r["byteOffset"].as_i64(), r["byteLength"].as_i64()),
            (Some(15), Some(3))
        );
        let r = region(&v, 2);
        assert_eq!(
            (r["byteOffset"].as_i64(), r["byteLength"].as_i64()),
            (Some(2 + 2 * 10), Some(6))
        );
        let r = region(&v, 3);
        assert!(r["byteOffset"].is_null() && r["startLine"] == 1);
        assert!(
            v["runs"][0]["results"][3]["partialFingerprints"]["primaryLocationLineHash"].is_null()
        );
    }

    #[test]
    fn line_hash_sees_the_byte_order_mark_as_github_does() {
        let text = "{\"a\": 1}\n";
        let v = sarif(
            vec![file(
                "b.json",
                text,
                Some(Encoding::Utf8Bom),
                vec![diag(Severity::Error, Span::new(1, 4), None)],
            )],
            MAX_RESULTS,
        );
        let with_bom = line_hashes("\u{feff}{\"a\": 1}\n".encode_utf16());
        assert_eq!(
            v["runs"][0]["results"][0]["partialFingerprints"][LINE_HASH_KEY].as_str(),
            with_bom.first().map(String::as_str)
        );
        assert_ne!(with_bom.first(), line_hashes(text.encode_utf16()).first());
    }

    #[test]
    fn start_line_is_never_below_one() {
        let v = sarif(
            vec![
                file(
                    "e.json",
                    "",
                    Some(Encoding::Utf8),
                    vec![diag(Severity::Error, Span::new(5, 9), None)],
                ),
                file(
                    "f.json",
                    "",
                    None,
                    vec![diag(Severity::Error, Span::EMPTY, None)],
                ),
            ],
            MAX_RESULTS,
        );
        for i in 0..2 {
            let r = region(&v, i);
            assert!(r["startLine"].as_i64() >= Some(1) && r["startColumn"].as_i64() >= Some(1));
            assert!(r["endLine"].as_i64() >= r["startLine"].as_i64());
        }
    }

    #[test]
    fn logical_path_fingerprint_survives_moved_lines() {
        let before = "{\"Effect\": 1, \"Effect\": 2}";
        let after = "\n\n\n{\"Effect\": 1,\n \"Effect\": 2}";
        let at = |t: &str| {
            let o = t.rfind("\"Effect\"").unwrap_or(0);
            diag(Severity::Error, Span::new(o, o + 8), Some("$.Effect"))
        };
        let v1 = sarif(
            vec![file(
                "p.json",
                before,
                Some(Encoding::Utf8),
                vec![at(before)],
            )],
            MAX_RESULTS,
        );
        let v2 = sarif(
            vec![file("p.json", after, Some(Encoding::Utf8), vec![at(after)])],
            MAX_RESULTS,
        );
        let fp = |v: &Value| v["runs"][0]["results"][0]["partialFingerprints"].clone();
        assert_eq!(fp(&v1)[LOGICAL_PATH_KEY], fp(&v2)[LOGICAL_PATH_KEY]);
        assert_ne!(region(&v1, 0)["startLine"], region(&v2, 0)["startLine"]);
    }

    #[test]
    fn suppressed_findings_are_results_with_a_suppression_and_rank_last() {
        let mut f = file(
            "p.json",
            "{\"a\": 1, \"a\": 2}",
            Some(Encoding::Utf8),
            vec![diag(Severity::Note, Span::new(9, 12), None)],
        );
        f.suppressed.push((
            diag(Severity::Error, Span::new(1, 4), None),
            Justification {
                kind: "inSource",
                reason: "reviewed".to_string(),
            },
        ));
        let v = sarif(vec![f.clone()], MAX_RESULTS);
        let results = &v["runs"][0]["results"];
        assert_eq!(results[0]["suppressions"][0]["kind"], "inSource");
        assert_eq!(results[0]["suppressions"][0]["justification"], "reviewed");
        assert_eq!(results[0]["suppressions"][0]["status"], "accepted");
        assert!(results[1]["suppressions"].is_null());
        let v = sarif(vec![f], 1);
        let results = v["runs"][0]["results"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert_eq!(results.len(), 1);
        assert!(
            results[0]["suppressions"].is_null(),
            "the reported note outranks the suppressed error"
        );
    }

    #[test]
    fn over_the_github_limit_the_most_severe_are_kept_and_the_drop_is_said() {
        let text = "x\n".repeat(10);
        let mut diagnostics = Vec::new();
        for i in 0..=MAX_RESULTS {
            let severity = if i % 1000 == 7 {
                Severity::Error
            } else {
                Severity::Note
            };
            diagnostics.push(diag(
                severity,
                Span::new(2 * (i % 10), 2 * (i % 10) + 1),
                None,
            ));
        }
        let errors = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let v = sarif(
            vec![file("big.json", &text, Some(Encoding::Utf8), diagnostics)],
            MAX_RESULTS,
        );
        let results = v["runs"][0]["results"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert_eq!(results.len(), MAX_RESULTS);
        assert_eq!(
            results.iter().filter(|r| r["level"] == "error").count(),
            errors
        );
        let notes = &v["runs"][0]["invocations"][0]["toolExecutionNotifications"];
        assert!(
            notes[0]["message"]["text"]
                .as_str()
                .is_some_and(|t| t.starts_with("1 results were dropped"))
        );
    }
}
