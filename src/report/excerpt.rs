//! The part of a file that the human report shows for one finding.
//!
//! miette renders whatever source it is given, so it is given an excerpt
//! rather than the file: only the lines around the finding's spans (one line
//! of context each side), every line ended by `\n` whatever the file used,
//! lines longer than [`MAX_LINE_CHARS`] cut to a window around the span,
//! control characters replaced by printable ones of the same byte length, and
//! spans clamped to character boundaries. Each run of nearby lines is a
//! [`Segment`] of its own, laid out one after another in a virtual offset
//! space; a span never crosses a segment, so miette never draws the hundreds
//! of lines between two far-apart labels.

use std::fmt::Write as _;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use super::floor_boundary;
use crate::span::{LineIndex, Span};

/// Lines longer than this many characters are cut to a window around the span.
pub const MAX_LINE_CHARS: usize = 160;
/// Characters kept before the span's start in a cut line.
const LEAD_CHARS: usize = 40;
/// A span over more lines than this is shown by its first line only.
pub const MAX_SPAN_LINES: u32 = 8;
/// Shown where a cut line continues.
const ELLIPSIS: &str = "…";

/// One run of consecutive lines of the file.
#[derive(Debug)]
struct Segment {
    /// Virtual offset of `text`'s first byte.
    base: usize,
    /// 1-based line number of the first line in the file.
    first_line: u32,
    text: String,
    lines: Vec<ExcerptLine>,
}

/// How one file line appears in a segment.
#[derive(Debug)]
struct ExcerptLine {
    /// Byte offsets in the file of the line's content (without its ending).
    file_start: usize,
    file_end: usize,
    /// Offset in the segment's text of the shown content.
    shown_start: usize,
    /// Bytes of the file line kept: `file_start + keep_from .. file_start + keep_to`.
    keep_from: usize,
    keep_to: usize,
    /// Length in bytes of the "…" shown before the kept part (0 when not cut).
    lead: usize,
}

/// A file excerpt that miette can read spans from.
#[derive(Debug)]
pub struct Excerpt {
    path: String,
    segments: Vec<Segment>,
    /// `path:line:col` of each mapped span start, by virtual offset, for the
    /// snippet headers (miette would count columns in bytes).
    positions: Vec<(usize, String)>,
}

impl Excerpt {
    /// An excerpt of `text` showing `spans` (byte offsets into `text`).
    #[must_use]
    pub fn new(path: &str, text: &str, index: &LineIndex, spans: &[Span]) -> Excerpt {
        let mut wanted: Vec<(u32, u32)> = spans
            .iter()
            .map(|&s| {
                let (start, end) = shown_lines(text, index, s);
                (
                    start.saturating_sub(1).max(1),
                    end.saturating_add(1).min(line_count(index)),
                )
            })
            .collect();
        wanted.sort_unstable();
        let mut ranges: Vec<(u32, u32)> = Vec::new();
        for (a, b) in wanted {
            match ranges.last_mut() {
                Some(last) if a <= last.1.saturating_add(1) => last.1 = last.1.max(b),
                _ => ranges.push((a, b)),
            }
        }
        let mut segments = Vec::with_capacity(ranges.len());
        let mut base = 0;
        for (first, last) in ranges {
            let seg = build_segment(text, index, spans, base, first, last);
            // One unused offset between segments keeps them from touching.
            base = seg.base + seg.text.len() + 1;
            segments.push(seg);
        }
        Excerpt {
            path: path.to_string(),
            segments,
            positions: Vec::new(),
        }
    }

    /// The virtual span miette should underline for a file span. Records the
    /// span's `path:line:col` for the snippet header.
    #[must_use]
    pub fn map(&mut self, text: &str, index: &LineIndex, span: Span) -> SourceSpan {
        let start = floor_boundary(text, span.start as usize);
        let mut end = floor_boundary(text, (span.end as usize).max(start));
        let lc = index.line_col(text, clamp_u32(start));
        let (_, last) = shown_lines(text, index, span);
        if index.line_col(text, clamp_u32(end)).line > last {
            // A tall span is shown by its first line only.
            let line_start = index.line_start(lc.line).unwrap_or(start);
            end = (line_start + index.line_text(text, lc.line).len()).max(start);
        }
        let v_start = self.virtual_offset(text, index, start);
        let v_end = self.virtual_offset(text, index, end).max(v_start);
        let position = format!("{}:{}:{}", self.path, lc.line, lc.column);
        self.positions.push((v_start, position));
        SourceSpan::new(v_start.into(), v_end - v_start)
    }

    /// Where a file offset is shown. Offsets in a line's ending point at the
    /// shown `\n`; offsets outside a cut line's window at the window's edge.
    fn virtual_offset(&self, text: &str, index: &LineIndex, offset: usize) -> usize {
        let line = index.line_col(text, clamp_u32(offset)).line;
        let Some(seg) = self
            .segments
            .iter()
            .find(|s| line >= s.first_line && ((line - s.first_line) as usize) < s.lines.len())
        else {
            return 0;
        };
        let Some(l) = seg.lines.get((line - seg.first_line) as usize) else {
            return seg.base;
        };
        let rel = offset.clamp(l.file_start, l.file_end) - l.file_start;
        let shown = l.lead + rel.clamp(l.keep_from, l.keep_to) - l.keep_from;
        seg.base + l.shown_start + shown
    }

    fn segment_of(&self, span: &SourceSpan) -> Option<&Segment> {
        let (start, end) = (span.offset(), span.offset() + span.len());
        self.segments
            .iter()
            .find(|s| start >= s.base && end <= s.base + s.text.len())
    }
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let seg = self.segment_of(span).ok_or(MietteError::OutOfBounds)?;
        let local = SourceSpan::new((span.offset() - seg.base).into(), span.len());
        let inner =
            seg.text
                .as_str()
                .read_span(&local, context_lines_before, context_lines_after)?;
        let name = self
            .positions
            .iter()
            .find(|(o, _)| *o == span.offset())
            .map_or_else(|| self.path.clone(), |(_, p)| p.clone());
        let data: &'a [u8] = inner.data();
        let inner_span = SourceSpan::new(
            (inner.span().offset() + seg.base).into(),
            inner.span().len(),
        );
        Ok(Box::new(MietteSpanContents::new_named(
            name,
            data,
            inner_span,
            inner.line() + (seg.first_line as usize).saturating_sub(1),
            inner.column(),
            inner.line_count(),
        )))
    }
}

fn build_segment(
    text: &str,
    index: &LineIndex,
    spans: &[Span],
    base: usize,
    first: u32,
    last: u32,
) -> Segment {
    let mut seg = Segment {
        base,
        first_line: first,
        text: String::new(),
        lines: Vec::new(),
    };
    for line in first..=last {
        let file_start = index.line_start(line).unwrap_or(text.len());
        let content = index.line_text(text, line);
        let file_end = file_start + content.len();
        let (keep_from, keep_to) = window(content, file_start, spans);
        let lead = if keep_from > 0 { ELLIPSIS.len() } else { 0 };
        let shown_start = seg.text.len();
        if lead > 0 {
            seg.text.push_str(ELLIPSIS);
        }
        push_printable(&mut seg.text, content.get(keep_from..keep_to).unwrap_or(""));
        if keep_to < content.len() {
            seg.text.push_str(ELLIPSIS);
        }
        seg.text.push('\n');
        seg.lines.push(ExcerptLine {
            file_start,
            file_end,
            shown_start,
            keep_from,
            keep_to,
            lead,
        });
    }
    seg
}

/// The byte range of a line's content to show: all of it, or for a long line
/// a window of [`MAX_LINE_CHARS`] characters starting a little before the
/// first of `spans` that starts on the line.
fn window(content: &str, file_start: usize, spans: &[Span]) -> (usize, usize) {
    // Everything here looks at most a window's worth of characters around the
    // anchor: a minified file is one long line with thousands of findings.
    if content.len() <= MAX_LINE_CHARS || content.chars().nth(MAX_LINE_CHARS).is_none() {
        return (0, content.len());
    }
    let file_end = file_start + content.len();
    // The first span given that starts on the line: the finding's own span
    // comes first, so its labels never push it out of the window.
    let mut anchor = spans
        .iter()
        .map(|s| s.start as usize)
        .find(|&s| s >= file_start && s <= file_end)
        .map_or(0, |s| s - file_start);
    while !content.is_char_boundary(anchor) {
        anchor -= 1;
    }
    let from = content
        .get(..anchor)
        .unwrap_or("")
        .char_indices()
        .rev()
        .take(LEAD_CHARS)
        .last()
        .map_or(anchor, |(i, _)| i);
    let after = content.get(from..).unwrap_or("");
    match after.char_indices().nth(MAX_LINE_CHARS) {
        Some((i, _)) => (from, from + i),
        // Fewer characters than a window after `from`: show the line's last window.
        None => {
            let from = content
                .char_indices()
                .rev()
                .take(MAX_LINE_CHARS)
                .last()
                .map_or(0, |(i, _)| i);
            (from, content.len())
        }
    }
}

/// Appends `s` with control and bidirectional-override characters replaced
/// by printable characters of the same UTF-8 length, so that a file cannot
/// drive the terminal and offsets stay valid. Tabs are kept.
fn push_printable(out: &mut String, s: &str) {
    for c in s.chars() {
        out.push(printable(c));
    }
}

fn printable(c: char) -> char {
    match c {
        '\t' => c,
        '\u{0}'..='\u{1f}' | '\u{7f}' => '?',
        '\u{80}'..='\u{9f}' => '¿',
        '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => '\u{fffd}',
        _ => c,
    }
}

/// A message, label or path made safe to print: control characters escaped.
#[must_use]
pub fn sanitize(s: &str) -> String {
    if !s.chars().any(|c| printable(c) != c) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if printable(c) == c {
            out.push(c);
        } else {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
    }
    out
}

/// First and last line a span is shown on: a tall span shows its first line.
fn shown_lines(text: &str, index: &LineIndex, span: Span) -> (u32, u32) {
    let start = index.line_col(text, span.start).line;
    let end = index.line_col(text, span.end.max(span.start)).line;
    if end.saturating_sub(start) >= MAX_SPAN_LINES {
        (start, start)
    } else {
        (start, end)
    }
}

fn line_count(index: &LineIndex) -> u32 {
    clamp_u32(index.line_count()).max(1)
}

fn clamp_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The window by counting every character of the line (what `window` did
    /// before it looked only near the anchor).
    fn reference_window(content: &str, anchor: usize) -> (usize, usize) {
        let chars = content.chars().count();
        if chars <= MAX_LINE_CHARS {
            return (0, content.len());
        }
        let anchor_char = content
            .char_indices()
            .take_while(|&(i, _)| i < anchor)
            .count();
        let first = anchor_char
            .saturating_sub(LEAD_CHARS)
            .min(chars - MAX_LINE_CHARS);
        let byte_at = |n: usize| {
            content
                .char_indices()
                .nth(n)
                .map_or(content.len(), |(i, _)| i)
        };
        (byte_at(first), byte_at(first + MAX_LINE_CHARS))
    }

    #[test]
    fn the_window_looks_only_near_the_anchor_and_agrees_with_counting() {
        for len in [10, 159, 160, 161, 200, 400] {
            let line: String = (0..len).map(|i| ["a", "é", "😀"][i % 3]).collect();
            for anchor in (0..=line.len()).filter(|&a| line.is_char_boundary(a)) {
                let span = Span::at(1000 + anchor);
                assert_eq!(
                    window(&line, 1000, &[span]),
                    reference_window(&line, anchor),
                    "len {len} anchor {anchor}"
                );
            }
        }
    }
}
