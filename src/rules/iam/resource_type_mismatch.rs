//! ## What it does
//! Reports an action named in `Action` (no wildcard) that none of the
//! statement's `Resource` entries can match: each resource type the
//! catalogue lists for the action has an ARN format (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`
//! for an S3 object), and no listed resource fits any of them. The classic
//! case is `s3:GetObject` on `arn:aws:s3:::bucket` (the bucket, not its
//! objects) or `s3:ListBucket` on `arn:aws:s3:::bucket/*`. Actions that
//! support only `"Resource": "*"` are not reported (AWS's own managed
//! policies list ARNs for them, and the catalogue may lag behind new
//! resource types), nor are statements naming resources owned by AWS
//! (`arn:aws:cloudformation:…:aws:transform/…`). The `${…}` placeholders of the formats, wildcards, policy variables
//! and parts of a template only known at deploy time match anything, so an
//! ARN built from a `!Ref` or `!GetAtt` is never reported.
//!
//! ## Why is this bad?
//! IAM authorizes an action against the ARN of the resource it acts on. When
//! no listed ARN can be that resource, the statement never applies to the
//! action: an `Allow` grants nothing (the call fails with AccessDenied), a
//! `Deny` protects nothing (Access Analyzer: "Missing resource type"/"Unsupported
//! resource ARN in policy").
//!
//! ## Example
//! ```json
//! {"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "arn:aws:s3:::reports"}
//! ```
//!
//! ## Fix
//! List the ARN of the resource type the action acts on
//! (`arn:aws:s3:::reports/*` for objects), or split the statement so each
//! action gets its own resources.
//!
//! ## References
//! - Service Authorization Reference (resource types per action): <https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html>
//! - IAM JSON policy elements: Resource: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html>
//! - Amazon S3 policy resources (bucket vs object ARNs): <https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-arn-format.html>

use super::{for_each_written_policy, known, statements};
use crate::diagnostic::{Diagnostic, Severity};
use crate::iam::catalog::Catalog;
use crate::iam::policy::PolicyType;
use crate::iam::wildcard::has_wildcard;
use crate::parse::node::{SYMBOLIC, is_symbolic};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "IAM019",
        "resource-type-mismatch",
        Severity::Warning,
        &[InputKind::IamPolicy, InputKind::Cloudformation],
        "An action whose resource types no listed Resource can match",
        crate::rule_docs!(),
        &["iam", "correctness"],
        Precision::High,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let catalog = Catalog::get();
    for_each_written_policy(ctx, out, |input, found| {
        if input.policy_type == PolicyType::Trust {
            return;
        }
        for st in statements(&input.policy) {
            let (Some(action), Some(resource)) = (&st.action, &st.resource) else {
                continue;
            };
            // Resources as glob patterns (computed once per statement); a
            // non-string entry leaves the statement alone.
            let resources: Option<Vec<Vec<char>>> = resource
                .value
                .items
                .iter()
                .map(|i| i.value.as_str().map(as_glob))
                .collect();
            let Some(resources) = resources.filter(|r| !r.is_empty()) else {
                continue;
            };
            if resources.iter().any(|r| r.as_slice() == ['*']) {
                continue;
            }
            // A resource that is not an ARN (`""` from an empty parameter
            // default, a bare name) is IAM009's finding; what the statement
            // meant is unknown.
            let all_arns = resource.value.items.iter().all(|i| {
                i.value
                    .as_str()
                    .is_some_and(|t| t.starts_with("arn:") || is_symbolic(t))
            });
            if !all_arns {
                continue;
            }
            // Resources owned by AWS (`arn:aws:cloudformation:…:aws:transform/…`,
            // `arn:aws:iam::aws:policy/…`) are authorized in ways the catalogue
            // does not model.
            let aws_owned = resource.value.items.iter().any(|i| {
                i.value
                    .as_str()
                    .and_then(crate::iam::eval::Arn::parse)
                    .is_some_and(|a| a.account == "aws")
            });
            if aws_owned {
                continue;
            }
            // The literal service field of each resource, for a cheap first test.
            let services: Vec<Option<&str>> = resource
                .value
                .items
                .iter()
                .map(|i| i.value.as_str().and_then(arn_service_of))
                .collect();
            let shown: Vec<&str> = resource
                .value
                .items
                .iter()
                .filter_map(|i| i.value.as_str())
                .collect();
            let mut fit_by_format: std::collections::HashMap<&str, bool> =
                std::collections::HashMap::new();
            for item in &action.value.items {
                let Some(name) = item.value.as_str().and_then(known) else {
                    continue;
                };
                if has_wildcard(name) {
                    continue;
                }
                let Some(found_action) = catalog.find_action(name) else {
                    continue;
                };
                // An action without resource types is authorized against `*`;
                // AWS's own managed policies routinely list ARNs for such
                // actions and the catalogue may lag behind new resource
                // types, so that case is not reported.
                if found_action.action.resource_types.is_empty() {
                    continue;
                }
                let formats = catalog.arn_patterns_for(name);
                if formats.is_empty() {
                    continue;
                }
                let fits = formats.iter().any(|f| {
                    // Many actions share a format: decide each once per statement.
                    *fit_by_format.entry(f.arn).or_insert_with(|| {
                        let format = cached_format_glob(f.arn);
                        let format_service = arn_service_of(f.arn);
                        resources.iter().zip(&services).any(|(r, s)| {
                            // Cheap test first: a resource of another service never fits.
                            s.is_none_or(|s| {
                                format_service.is_none_or(|fs| fs.eq_ignore_ascii_case(s))
                            }) && intersects(r, &format)
                        })
                    })
                });
                if fits {
                    continue;
                }
                let mut kinds: Vec<&str> = formats.iter().map(|f| f.resource_type).collect();
                kinds.dedup();
                // The shortest format is the plainest (a bucket, not an access point).
                let example = formats
                    .iter()
                    .map(|f| f.arn)
                    .min_by_key(|a| a.len())
                    .unwrap_or("");
                let message = format!(
                    "`{name}` acts on {} resources ({example}), which none of the listed resources ({}) can be: {} never applies to it",
                    kinds.join(" or "),
                    shorten(&shown),
                    st.label()
                );
                found.push(
                    Diagnostic::new(rule, item.span, message)
                        .with_label(resource.key_span, "the statement's resources")
                        .with_logical_path(input.path(st, "Action"))
                        .with_help("list ARNs of the resource type the action acts on, or move the action to a statement with matching resources"),
                );
            }
        }
    });
}

/// The service field of an ARN when it is literal text (no wildcard,
/// variable or deploy-time part).
fn arn_service_of(arn: &str) -> Option<&str> {
    let service = arn.strip_prefix("arn:")?.split(':').nth(1)?;
    (!service.is_empty() && !has_wildcard(service) && !service.contains(['$', '{', SYMBOLIC]))
        .then_some(service)
}

/// `a, b, …` for a message.
fn shorten(items: &[&str]) -> String {
    let mut shown: Vec<String> = items
        .iter()
        .take(2)
        .map(|s| s.replace(SYMBOLIC, "…"))
        .collect();
    if items.len() > 2 {
        shown.push("…".to_string());
    }
    shown.join(", ")
}

/// An ARN or ARN format as a glob: `${…}` (placeholders, policy variables)
/// and deploy-time parts become `*`.
fn as_glob(text: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("${") {
        out.extend(rest.get(..open).unwrap_or("").chars());
        out.push('*');
        rest = match rest.get(open..).and_then(|r| r.find('}')) {
            Some(close) => rest.get(open + close + 1..).unwrap_or(""),
            None => "",
        };
    }
    out.extend(rest.chars());
    for c in &mut out {
        if *c == SYMBOLIC {
            *c = '*';
        }
    }
    out
}

/// In a format glob: a placeholder that stands for text without `/` or `:`
/// (the partition, region and account fields, an S3 bucket name).
const SEGMENT: char = '\u{E001}';

/// A catalogue ARN format as a glob: placeholders of the first five fields
/// and `${BucketName}` become [`SEGMENT`], the others `*` (object keys and
/// paths hold slashes).
fn format_glob(format: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(format.len());
    let mut colons = 0;
    let mut rest = format;
    while let Some(open) = rest.find("${") {
        let before = rest.get(..open).unwrap_or("");
        colons += before.matches(':').count();
        out.extend(before.chars());
        let after = rest.get(open + 2..).unwrap_or("");
        let (name, tail) = after.split_once('}').unwrap_or((after, ""));
        out.push(if colons < 5 || name == "BucketName" {
            SEGMENT
        } else {
            '*'
        });
        rest = tail;
    }
    out.extend(rest.chars());
    out
}

fn is_star(c: Option<char>) -> bool {
    matches!(c, Some('*' | SEGMENT))
}

/// Whether a star may stand for character `c` (a segment star takes no separator).
fn takes(star: Option<char>, c: Option<char>) -> bool {
    match c {
        None => false,
        Some(c) if is_star(Some(c)) => false,
        Some(c) => star == Some('*') || !matches!(c, '/' | ':'),
    }
}

/// Whether some string matches both glob patterns (`*` any run, `?` one
/// character; letters compared without case, to stay on the safe side).
/// Dynamic programming over positions: O(|a|·|b|).
fn intersects(a: &[char], b: &[char]) -> bool {
    let m = b.len();
    // Rows i+1 (`next`) and i (`cur`) of the table "a[i..] and b[j..] can
    // match a common string", filled from the ends backwards.
    let mut next = vec![false; m + 1];
    let mut cur = vec![false; m + 1];
    for i in (0..=a.len()).rev() {
        let ca = a.get(i).copied();
        for j in (0..=m).rev() {
            let cb = b.get(j).copied();
            let below = |row: &[bool], k: usize| row.get(k).copied().unwrap_or(false);
            let value = match (ca, cb) {
                (None, None) => true,
                _ => {
                    (is_star(ca) && below(&next, j))
                        || (is_star(cb) && below(&cur, j + 1))
                        || (is_star(ca) && takes(ca, cb) && below(&cur, j + 1))
                        || (is_star(cb) && takes(cb, ca) && below(&next, j))
                        || match (ca, cb) {
                            (Some(x), Some(y)) if !is_star(ca) && !is_star(cb) => {
                                (x == '?' || y == '?' || x.eq_ignore_ascii_case(&y))
                                    && below(&next, j + 1)
                            }
                            _ => false,
                        }
                }
            };
            if let Some(slot) = cur.get_mut(j) {
                *slot = value;
            }
        }
        std::mem::swap(&mut next, &mut cur);
    }
    next.first().copied().unwrap_or(false)
}

thread_local! {
    /// Catalogue ARN formats as globs, built once per thread and format.
    static FORMATS: std::cell::RefCell<std::collections::HashMap<&'static str, std::rc::Rc<[char]>>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// [`format_glob`] of a catalogue format, cached.
fn cached_format_glob(format: &'static str) -> std::rc::Rc<[char]> {
    FORMATS.with(|cache| {
        cache
            .borrow_mut()
            .entry(format)
            .or_insert_with(|| format_glob(format).into())
            .clone()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meets(a: &str, b: &str) -> bool {
        intersects(&as_glob(a), &format_glob(b))
    }

    #[test]
    fn globs_intersect() {
        let object = "arn:${Partition}:s3:::${BucketName}/${ObjectName}";
        let bucket = "arn:${Partition}:s3:::${BucketName}";
        assert!(!meets("arn:aws:s3:::reports", object));
        assert!(meets("arn:aws:s3:::reports/*", object));
        assert!(meets("arn:aws:s3:::reports*", object));
        assert!(meets("arn:aws:s3:::reports", bucket));
        assert!(!meets("arn:aws:s3:::reports/*", bucket));
        assert!(meets("arn:aws:s3:::rep*", bucket));
        assert!(meets("arn:aws:s3:::*", bucket));
        assert!(meets("arn:aws:s3:::*", object));
        assert!(meets("arn:aws:s3:::${aws:username}", object));
        assert!(meets(&format!("arn:aws:s3:::{SYMBOLIC}"), object));
        assert!(!meets(
            "arn:aws:dynamodb:us-east-1:123456789012:table/orders",
            bucket
        ));
        assert!(meets(
            "arn:aws:dynamodb:*:*:table/orders",
            "arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}"
        ));
        assert!(meets("a?c", "abc"));
        assert!(!meets("a?c", "ac"));
        assert!(meets("", ""));
        assert!(meets("*", ""));
    }
}
