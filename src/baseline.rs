//! Baselines: record today's findings, then report only new ones.
//!
//! A finding is recognised again by its file, rule and a fingerprint that does
//! not depend on line numbers: its logical path (`$.Statement[0].Action`,
//! `Resources.Role.Properties…`) when the rule gives one, otherwise the trimmed
//! text of its line plus the message. Identical fingerprints are counted, so
//! a second identical problem added later is still reported as new.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::diagnostic::Diagnostic;
use crate::lint::{FileResult, RunResult};
use crate::span::LineIndex;

const VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
struct BaselineFile {
    version: u32,
    findings: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
struct Entry {
    path: String,
    code: String,
    fingerprint: String,
    message: String,
}

/// The line-independent fingerprint of a finding in a file.
#[must_use]
pub fn fingerprint(file: &FileResult, index: &LineIndex, d: &Diagnostic) -> String {
    let mut h = Sha256::new();
    h.update(d.code.as_bytes());
    h.update([0]);
    match &d.logical_path {
        Some(p) => h.update(p.as_bytes()),
        None => {
            let line = index.line_col(&file.text, d.span.start).line;
            h.update(index.line_text(&file.text, line).trim().as_bytes());
            h.update([0]);
            h.update(d.message.as_bytes());
        }
    }
    h.finalize()
        .iter()
        .take(12)
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn path_key(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

fn entries(result: &RunResult) -> Vec<Entry> {
    let mut out = Vec::new();
    for file in &result.files {
        let index = LineIndex::new(&file.text);
        for d in &file.diagnostics {
            out.push(Entry {
                path: path_key(&file.path),
                code: d.code.clone(),
                fingerprint: fingerprint(file, &index, d),
                message: d.message.clone(),
            });
        }
    }
    out.sort();
    out
}

/// Writes every current finding to `path`.
///
/// # Errors
/// Failure to write the file.
pub fn write(result: &RunResult, path: &Path) -> std::io::Result<usize> {
    let findings = entries(result);
    let n = findings.len();
    let file = BaselineFile {
        version: VERSION,
        findings,
    };
    let text = serde_json::to_string_pretty(&file).map_err(std::io::Error::other)?;
    std::fs::write(path, text + "\n")?;
    Ok(n)
}

/// Removes the findings recorded in the baseline at `path`; returns how many.
///
/// # Errors
/// The baseline cannot be read or is not a cloudlint baseline.
pub fn filter(result: &mut RunResult, path: &Path) -> Result<usize, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the baseline {}: {e}", path.display()))?;
    let file: BaselineFile = serde_json::from_str(&text).map_err(|e| {
        format!(
            "{}:{}:{}: not a cloudlint baseline: {e}",
            path.display(),
            e.line(),
            e.column()
        )
    })?;
    if file.version != VERSION {
        return Err(format!(
            "{}: baseline version {} is not supported (expected {VERSION})",
            path.display(),
            file.version
        ));
    }
    let mut remaining: BTreeMap<(String, String, String), usize> = BTreeMap::new();
    for e in file.findings {
        *remaining
            .entry((e.path, e.code, e.fingerprint))
            .or_default() += 1;
    }
    let mut removed = 0;
    for f in &mut result.files {
        let index = LineIndex::new(&f.text);
        let key_path = path_key(&f.path);
        let fps: Vec<String> = f
            .diagnostics
            .iter()
            .map(|d| fingerprint(f, &index, d))
            .collect();
        let mut keep = Vec::with_capacity(f.diagnostics.len());
        for (d, fp) in std::mem::take(&mut f.diagnostics).into_iter().zip(fps) {
            let key = (key_path.clone(), d.code.clone(), fp);
            match remaining.get_mut(&key) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    removed += 1;
                }
                _ => keep.push(d),
            }
        }
        f.diagnostics = keep;
    }
    Ok(removed)
}
