//! Finding the files to lint under the paths given on the command line.
//!
//! Directories are walked recursively, honouring `.gitignore` (in or out of
//! a git repository) but not skipping hidden folders such as `.github/`;
//! `.git` itself is never entered. Files named explicitly are always linted.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

use super::detect::is_candidate;

/// A file to lint.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Target {
    pub path: PathBuf,
    /// Named on the command line (linted whatever its name, never skipped by globs).
    pub explicit: bool,
}

/// What the walk found, and what it could not walk.
#[derive(Debug, Default)]
pub struct Walked {
    pub targets: Vec<Target>,
    /// Paths that could not be walked, with the reason (a symlink loop, a
    /// permission error): each becomes a finding for that path.
    pub errors: Vec<(PathBuf, String)>,
}

/// Compiled `--include` / `--exclude` patterns. A pattern without `/` matches
/// a file name anywhere; one with `/` matches the path from the walk root.
#[derive(Debug, Clone, Default)]
pub struct PathFilter {
    include_names: Option<GlobSet>,
    include_paths: Option<GlobSet>,
    exclude_names: Option<GlobSet>,
    exclude_paths: Option<GlobSet>,
}

impl PathFilter {
    /// # Errors
    /// A malformed glob, with the pattern named.
    pub fn new(include: &[String], exclude: &[String]) -> Result<PathFilter, String> {
        let (include_names, include_paths) = split_globs(include)?;
        let (exclude_names, exclude_paths) = split_globs(exclude)?;
        Ok(PathFilter {
            include_names,
            include_paths,
            exclude_names,
            exclude_paths,
        })
    }

    /// Whether a walked file passes the filters.
    #[must_use]
    pub fn accepts(&self, path: &Path) -> bool {
        let rel = path.strip_prefix("./").unwrap_or(path);
        let name = path.file_name().map(Path::new).unwrap_or(path);
        let hit = |names: &Option<GlobSet>, paths: &Option<GlobSet>| {
            names.as_ref().is_some_and(|g| g.is_match(name))
                || paths.as_ref().is_some_and(|g| g.is_match(rel))
        };
        let included = (self.include_names.is_none() && self.include_paths.is_none())
            || hit(&self.include_names, &self.include_paths);
        included && !hit(&self.exclude_names, &self.exclude_paths)
    }
}

fn split_globs(patterns: &[String]) -> Result<(Option<GlobSet>, Option<GlobSet>), String> {
    let mut names = GlobSetBuilder::new();
    let mut paths = GlobSetBuilder::new();
    let (mut n, mut p) = (0, 0);
    for pat in patterns {
        let glob = Glob::new(pat).map_err(|e| format!("invalid glob `{pat}`: {e}"))?;
        if pat.contains('/') {
            paths.add(glob);
            p += 1;
        } else {
            names.add(glob);
            n += 1;
        }
    }
    let build = |b: GlobSetBuilder, count: usize| -> Result<Option<GlobSet>, String> {
        if count == 0 {
            Ok(None)
        } else {
            b.build().map(Some).map_err(|e| e.to_string())
        }
    };
    Ok((build(names, n)?, build(paths, p)?))
}

/// Walks `roots`. A root that is a file is a target as it is; a root that does
/// not exist is returned in `Err` (the caller exits with status 2).
///
/// # Errors
/// The first root that does not exist.
pub fn walk(roots: &[PathBuf], filter: &PathFilter) -> Result<Walked, PathBuf> {
    let mut walked = Walked::default();
    for root in roots {
        std::fs::symlink_metadata(root).map_err(|_| root.clone())?;
        if !root.is_dir() {
            walked.targets.push(Target {
                path: root.clone(),
                explicit: true,
            });
            continue;
        }
        let walker = ignore::WalkBuilder::new(root)
            .hidden(false)
            .require_git(false)
            .follow_links(false)
            .filter_entry(|e| e.file_name() != ".git")
            .build();
        for entry in walker {
            match entry {
                Ok(e) => {
                    let is_file = e.file_type().is_some_and(|t| t.is_file());
                    if is_file && is_candidate(e.path()) && filter.accepts(e.path()) {
                        let path = e.into_path();
                        let path = path
                            .strip_prefix("./")
                            .map(Path::to_path_buf)
                            .unwrap_or(path);
                        walked.targets.push(Target {
                            path,
                            explicit: false,
                        });
                    }
                }
                Err(err) => {
                    let path = error_path(&err).unwrap_or_else(|| root.clone());
                    walked.errors.push((path, err.to_string()));
                }
            }
        }
    }
    walked.targets.sort();
    walked.targets.dedup_by(|a, b| a.path == b.path);
    walked.errors.sort();
    Ok(walked)
}

fn error_path(err: &ignore::Error) -> Option<PathBuf> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_and_path_globs() {
        let f = PathFilter::new(&[], &["*.yml".into(), "vendor/**".into()]).unwrap_or_default();
        assert!(f.accepts(Path::new("a/b.json")));
        assert!(!f.accepts(Path::new("a/b.yml")));
        assert!(!f.accepts(Path::new("vendor/x/y.json")));
        let only = PathFilter::new(&["policies/**".into()], &[]).unwrap_or_default();
        assert!(only.accepts(Path::new("policies/a.json")));
        assert!(!only.accepts(Path::new("other/a.json")));
    }
}
