//! File paths in reports: relative to the directory cloudlint runs in, with
//! forward slashes, and as percent-encoded URIs for SARIF.

use std::path::{Component, Path, PathBuf};

/// `file:///abs/dir/` for an absolute directory.
#[must_use]
pub fn directory_uri(dir: &Path) -> Option<String> {
    if !dir.is_absolute() {
        return None;
    }
    let mut uri = absolute_uri(&normalize(dir));
    if !uri.ends_with('/') {
        uri.push('/');
    }
    Some(uri)
}

/// The URI of a linted file: relative to `base` (forward slashes, percent-
/// encoded) when it lies under it, else an absolute `file://` URI.
/// Returns the URI and whether it is relative.
#[must_use]
pub fn artifact_uri(path: &Path, base: &Path) -> (String, bool) {
    if let Some(rel) = relative_to(path, base) {
        return (encode_segments(&rel), true);
    }
    let normal = normalize(path);
    if normal.is_absolute() {
        (absolute_uri(&normal), false)
    } else if base.is_absolute() {
        (absolute_uri(&normalize(&base.join(path))), false)
    } else {
        (encode_segments(&normal), true)
    }
}

fn absolute_uri(path: &Path) -> String {
    let rest = encode_segments(path);
    format!("file:///{}", rest.trim_start_matches('/'))
}

fn encode_segments(path: &Path) -> String {
    let mut parts = Vec::new();
    for c in path.components() {
        match c {
            Component::Normal(s) => parts.push(percent_encode(&s.to_string_lossy())),
            Component::ParentDir => parts.push("..".to_string()),
            Component::Prefix(p) => {
                parts.push(percent_encode(&p.as_os_str().to_string_lossy()).replace("%3A", ":"));
            }
            Component::RootDir | Component::CurDir => {}
        }
    }
    parts.join("/")
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn percent_encode(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Drops `.` and resolves `..` against earlier names, without touching the disk.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if matches!(out.components().next_back(), Some(Component::Normal(_))) {
                    out.pop();
                } else if !out.has_root() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// `path` relative to `base` with forward slashes when it lies under it
/// (`./a/../b.json` → `b.json`); otherwise the path as given.
#[must_use]
pub fn display_relative(path: &Path, base: &Path) -> String {
    match relative_to(path, base) {
        Some(rel) => rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
        None => path.display().to_string(),
    }
}

fn relative_to(path: &Path, base: &Path) -> Option<PathBuf> {
    let normal = normalize(path);
    let rel = if normal.is_absolute() {
        normal.strip_prefix(normalize(base)).ok()?.to_path_buf()
    } else if normal.components().next() == Some(Component::ParentDir) {
        return None;
    } else {
        normal
    };
    rel.components().next().is_some().then_some(rel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_uris_are_relative_to_the_base_and_encoded() {
        let base = Path::new("/work/repo");
        assert_eq!(
            artifact_uri(Path::new("./policies/a b.json"), base),
            ("policies/a%20b.json".to_string(), true)
        );
        assert_eq!(
            artifact_uri(Path::new("/work/repo/x/é.json"), base),
            ("x/%C3%A9.json".to_string(), true)
        );
        assert_eq!(
            artifact_uri(Path::new("x/../y.json"), base),
            ("y.json".to_string(), true)
        );
        assert_eq!(
            artifact_uri(Path::new("../other/z.json"), base),
            ("file:///work/other/z.json".to_string(), false)
        );
        assert_eq!(
            artifact_uri(Path::new("/etc/p.json"), base),
            ("file:///etc/p.json".to_string(), false)
        );
        assert_eq!(
            artifact_uri(Path::new("a:b#c?.json"), base),
            ("a%3Ab%23c%3F.json".to_string(), true)
        );
    }

    #[test]
    fn display_paths_are_relative_when_they_can_be() {
        let base = Path::new("/work/repo");
        assert_eq!(display_relative(Path::new("./a/../b.json"), base), "b.json");
        assert_eq!(
            display_relative(Path::new("/work/repo/x/y.json"), base),
            "x/y.json"
        );
        assert_eq!(
            display_relative(Path::new("/etc/p.json"), base),
            "/etc/p.json"
        );
    }
}
